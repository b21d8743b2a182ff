// SPDX-License-Identifier: GPL-2.0
/*
 * Address spaces of the memory manager: the pid table, unmapping, gap
 * search for mmap, page reads for PCACHE_MISS and fork's copy.
 */
#include <tessera/mm.h>
#include <tessera/slab.h>
#include <tessera/string.h>
#include "internal.h"

DEFINE_MUTEX(mm_lock);

/* Every published space; under mm_lock. */
static LIST_HEAD(spaces);

/**
 * space_find() - the published space of @pid
 * Return: the space or NULL.
 * Context: mm_lock held.
 */
struct mm_space *space_find(u32 pid)
{
	struct mm_space *s;

	list_for_each_entry(s, &spaces, node)
		if (s->pid == pid)
			return s;
	return NULL;
}

/**
 * space_stats() - pages held by all published spaces, and their number
 * @pages: data plus radix-table pages
 * @nr: spaces
 * Context: mm_lock held.
 */
void space_stats(u64 *pages, u64 *nr)
{
	struct mm_space *s;

	*pages = 0;
	*nr = 0;
	list_for_each_entry(s, &spaces, node) {
		*pages += s->nr_pages + s->nr_tables;
		(*nr)++;
	}
}

/**
 * space_alloc() - a new, empty, unpublished space for @pid
 * Return: the space or NULL when out of memory.
 * Context: may sleep.
 */
struct mm_space *space_alloc(u32 pid)
{
	struct mm_space *s = kzalloc(sizeof(*s), GFP_KERNEL);

	if (!s)
		return NULL;
	s->pid = pid;
	INIT_LIST_HEAD(&s->node);
	return s;
}

/**
 * space_publish() - make @s findable by its pid (none may hold that pid)
 * Context: mm_lock held.
 */
void space_publish(struct mm_space *s)
{
	list_add_tail(&s->node, &spaces);
}

static void free_vmas(struct vma *v)
{
	if (!v)
		return;
	free_vmas(v->left);
	free_vmas(v->right);
	vma_free(v);
}

/**
 * space_destroy() - unpublish @s and free its VMAs, pages and tables
 * Context: mm_lock held.
 */
void space_destroy(struct mm_space *s)
{
	list_del_init(&s->node);
	free_vmas(s->vmas);
	s->vmas = NULL;
	pt_free_all(s);
	WARN_ON(s->nr_pages || s->nr_tables);
	kfree(s);
}

/**
 * space_unmap() - remove every mapping and page in [@start, @end)
 * @s: the space; @start, @end: page-aligned, @start < @end
 * Return: 0, or -ENOMEM when a VMA had to be split and could not be (no
 * change was made to that VMA).
 * Context: mm_lock held.
 */
int space_unmap(struct mm_space *s, u64 start, u64 end)
{
	struct vma *v;
	int ret;

	/* Split first so that failure leaves the mappings intact. */
	v = vma_find(s, start);
	if (v && v->start < start) {
		ret = vma_split(s, v, start);
		if (ret)
			return ret;
	}
	v = vma_find(s, end - 1);
	if (v && v->end > end) {
		ret = vma_split(s, v, end);
		if (ret)
			return ret;
	}
	while ((v = vma_first_after(s, start)) && v->start < end) {
		vma_remove(s, v);
		vma_free(v);
	}
	pt_drop_range(s, start, end);
	return 0;
}

/**
 * space_get_unmapped() - a free range of @len bytes, top-down below the
 * mmap base
 * Return: its start, or 0 when nothing fits.
 * Context: mm_lock held.
 */
u64 space_get_unmapped(struct mm_space *s, u64 len)
{
	u64 cand;
	struct vma *v;

	if (len > MM_MMAP_TOP - MM_USER_MIN)
		return 0;
	cand = MM_MMAP_TOP - len;
	for (;;) {
		v = vma_first_after(s, cand);
		if (!v || v->start >= cand + len)
			return cand;
		if (v->start < MM_USER_MIN + len)
			return 0;
		cand = v->start - len;
	}
}

/**
 * space_write() - store @len bytes at user address @va (the stack
 * builder), allocating pages as needed
 * Return: 0 or -ENOMEM.
 * Context: mm_lock held; may sleep.
 */
int space_write(struct mm_space *s, u64 va, const void *buf, size_t len)
{
	while (len) {
		size_t in = va & (PAGE_SIZE - 1);
		size_t n = min_t(size_t, len, PAGE_SIZE - in);
		u8 *p = pt_get_or_alloc(s, va & PAGE_MASK);

		if (!p)
			return -ENOMEM;
		memcpy(p + in, buf, n);
		buf = (const u8 *)buf + n;
		va += n;
		len -= n;
	}
	return 0;
}

/**
 * space_read_page() - the contents of user page @va in VMA @v
 * @s: the space; @v: the VMA holding @va; @va: page aligned
 * @buf: PAGE_SIZE bytes, filled when the return value is 1
 * Return: 1 if @buf holds the data, 0 if the page was never written and
 * is anonymous (zero-fill: nothing copied, nothing allocated).
 * Context: mm_lock held.
 */
int space_read_page(struct mm_space *s, struct vma *v, u64 va, void *buf)
{
	void *p = pt_lookup(s, va);
	u64 nfile;

	if (p) {
		memcpy(buf, p, PAGE_SIZE);
		return 1;
	}
	if (!v->file || va >= v->file_vend)
		return 0;
	/* Private file page: file bytes up to file_vend, zeros after. */
	nfile = min_t(u64, PAGE_SIZE, v->file_vend - va);
	memset(buf, 0, PAGE_SIZE);
	if (ramfs_read(v->file, v->file_off + (va - v->start), buf, nfile) < 0)
		memset(buf, 0, PAGE_SIZE);
	return 1;
}

static int copy_vmas(struct mm_space *dst, const struct vma *v)
{
	struct vma *n;
	int ret;

	if (!v)
		return 0;
	ret = copy_vmas(dst, v->left);
	if (ret)
		return ret;
	n = vma_alloc(v->start, v->end, v->prot, v->flags);
	if (!n)
		return -ENOMEM;
	n->file = v->file;
	if (n->file)
		ramfs_get(n->file);
	n->file_off = v->file_off;
	n->file_vend = v->file_vend;
	vma_insert(dst, n);
	return copy_vmas(dst, v->right);
}

/**
 * space_fork() - a new unpublished space @child copying @parent: VMAs and
 * every stored page (a copy, so the child's flushes never reach the parent)
 * Return: the space, or NULL when out of memory (nothing left allocated).
 * Context: mm_lock held; may sleep.
 */
struct mm_space *space_fork(struct mm_space *parent, u32 child)
{
	struct mm_space *s = space_alloc(child);

	if (!s)
		return NULL;
	if (copy_vmas(s, parent->vmas) || pt_copy(s, parent)) {
		space_destroy(s);
		return NULL;
	}
	s->brk_start = parent->brk_start;
	s->brk = parent->brk;
	s->tls_vaddr = parent->tls_vaddr;
	s->tls_filesz = parent->tls_filesz;
	s->tls_memsz = parent->tls_memsz;
	s->tls_align = parent->tls_align;
	return s;
}
