// SPDX-License-Identifier: GPL-2.0
/*
 * VMAs of an address space: an AVL tree keyed by start address (ranges
 * never overlap, so it is ordered by end too), plus split and range queries.
 */
#include <tessera/slab.h>
#include <tessera/string.h>
#include "internal.h"

static int height(const struct vma *v)
{
	return v ? v->height : 0;
}

static void update(struct vma *v)
{
	v->height = max(height(v->left), height(v->right)) + 1;
}

static struct vma *rotate_right(struct vma *v)
{
	struct vma *l = v->left;

	v->left = l->right;
	l->right = v;
	update(v);
	update(l);
	return l;
}

static struct vma *rotate_left(struct vma *v)
{
	struct vma *r = v->right;

	v->right = r->left;
	r->left = v;
	update(v);
	update(r);
	return r;
}

static struct vma *rebalance(struct vma *v)
{
	int bf;

	update(v);
	bf = height(v->left) - height(v->right);
	if (bf > 1) {
		if (height(v->left->left) < height(v->left->right))
			v->left = rotate_left(v->left);
		return rotate_right(v);
	}
	if (bf < -1) {
		if (height(v->right->right) < height(v->right->left))
			v->right = rotate_right(v->right);
		return rotate_left(v);
	}
	return v;
}

static struct vma *avl_insert(struct vma *root, struct vma *v)
{
	if (!root)
		return v;
	if (v->start < root->start)
		root->left = avl_insert(root->left, v);
	else
		root->right = avl_insert(root->right, v);
	return rebalance(root);
}

/* Detach the minimum of @root into *@min; return the new subtree root. */
static struct vma *avl_take_min(struct vma *root, struct vma **min)
{
	if (!root->left) {
		*min = root;
		return root->right;
	}
	root->left = avl_take_min(root->left, min);
	return rebalance(root);
}

static struct vma *avl_remove(struct vma *root, struct vma *v)
{
	struct vma *min;

	if (!root)
		return NULL;
	if (v->start < root->start) {
		root->left = avl_remove(root->left, v);
	} else if (v->start > root->start) {
		root->right = avl_remove(root->right, v);
	} else {
		if (!root->right)
			return root->left;
		root->right = avl_take_min(root->right, &min);
		min->left = root->left;
		min->right = root->right;
		return rebalance(min);
	}
	return rebalance(root);
}

/**
 * vma_insert() - add @v to @s's tree
 * @s: the space; @v: a VMA that overlaps none already there
 * Context: mm_lock held.
 */
void vma_insert(struct mm_space *s, struct vma *v)
{
	v->left = v->right = NULL;
	v->height = 1;
	s->vmas = avl_insert(s->vmas, v);
}

/**
 * vma_remove() - take @v out of @s's tree (the caller frees it)
 * @s: the space; @v: a VMA in it
 * Context: mm_lock held.
 */
void vma_remove(struct mm_space *s, struct vma *v)
{
	s->vmas = avl_remove(s->vmas, v);
	v->left = v->right = NULL;
}

/**
 * vma_first_after() - the lowest VMA whose end is above @addr
 * @s: the space; @addr: a user address
 * Return: that VMA (it may start above @addr), or NULL.
 * Context: mm_lock held.
 */
struct vma *vma_first_after(struct mm_space *s, u64 addr)
{
	struct vma *v = s->vmas, *best = NULL;

	while (v) {
		if (v->end > addr) {
			best = v;
			v = v->left;
		} else {
			v = v->right;
		}
	}
	return best;
}

/**
 * vma_find() - the VMA containing @addr
 * @s: the space; @addr: a user address
 * Return: the VMA, or NULL when @addr is in no mapping.
 * Context: mm_lock held.
 */
struct vma *vma_find(struct mm_space *s, u64 addr)
{
	struct vma *v = vma_first_after(s, addr);

	return v && v->start <= addr ? v : NULL;
}

/**
 * vma_range_free() - true if no VMA intersects [@start, @end)
 * Context: mm_lock held.
 */
bool vma_range_free(struct mm_space *s, u64 start, u64 end)
{
	struct vma *v = vma_first_after(s, start);

	return !v || v->start >= end;
}

/**
 * vma_alloc() - a zeroed, unlinked VMA
 * Return: the VMA or NULL when out of memory.
 * Context: may sleep.
 */
struct vma *vma_alloc(u64 start, u64 end, u32 prot, u32 flags)
{
	struct vma *v = kzalloc(sizeof(*v), GFP_KERNEL);

	if (!v)
		return NULL;
	v->start = start;
	v->end = end;
	v->prot = prot;
	v->flags = flags;
	v->file_vend = ~0ULL;
	return v;
}

/**
 * vma_free() - free an unlinked VMA and drop its file reference
 * Context: mm_lock held.
 */
void vma_free(struct vma *v)
{
	if (v->file)
		ramfs_put(v->file);
	kfree(v);
}

/**
 * vma_split() - cut @v at @addr into [start, addr) and [addr, end)
 * @s: the space; @v: a VMA in it; @addr: a page-aligned address inside it
 * Return: 0, or -ENOMEM (nothing changed).
 * Context: mm_lock held.
 */
int vma_split(struct mm_space *s, struct vma *v, u64 addr)
{
	struct vma *n;

	if (addr <= v->start || addr >= v->end)
		return 0;
	n = vma_alloc(addr, v->end, v->prot, v->flags);
	if (!n)
		return -ENOMEM;
	n->file = v->file;
	if (n->file)
		ramfs_get(n->file);
	n->file_off = v->file_off + (addr - v->start);
	n->file_vend = v->file_vend;
	v->end = addr;
	vma_insert(s, n);
	return 0;
}

static unsigned int count(const struct vma *v)
{
	return v ? 1 + count(v->left) + count(v->right) : 0;
}

/**
 * vma_count() - number of VMAs in @s
 * Context: mm_lock held.
 */
unsigned int vma_count(struct mm_space *s)
{
	return count(s->vmas);
}

/* Whether @b, starting where @a ends, can join @a: same kind, contiguous file. */
static bool vma_mergeable(const struct vma *a, const struct vma *b)
{
	if (a->end != b->start || a->prot != b->prot || a->flags != b->flags ||
	    a->file != b->file || a->file_vend != b->file_vend)
		return false;
	return !a->file || a->file_off + (a->end - a->start) == b->file_off;
}

/**
 * vma_merge_range() - join compatible neighbouring VMAs that touch
 *	[@start, @end) (after mprotect split and re-joined them)
 * @s: the space
 * @start, @end: the range just changed
 * Context: mm_lock held.
 */
void vma_merge_range(struct mm_space *s, u64 start, u64 end)
{
	struct vma *v = start ? vma_find(s, start - 1) : NULL, *n;

	if (!v)
		v = vma_first_after(s, start);
	while (v && v->start <= end) {
		n = vma_first_after(s, v->end);
		if (n && vma_mergeable(v, n)) {
			vma_remove(s, n);
			v->end = n->end;
			vma_free(n);
			continue;
		}
		v = n;
	}
}
