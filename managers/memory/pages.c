// SPDX-License-Identifier: GPL-2.0
/*
 * The page store of an address space: a four-level radix table (9 bits per
 * level, like x86 paging) from user page to a buddy page, filled on first touch.
 */
#include <tessera/mm.h>
#include <tessera/string.h>
#include "internal.h"

#define PT_LEVELS	4
#define PT_ENTRIES	512

static unsigned int pt_index(u64 va, int level)
{
	/* level 3 is the root (bits 47..39), level 0 the leaves (20..12). */
	return (va >> (PAGE_SHIFT + 9 * level)) & (PT_ENTRIES - 1);
}

static u64 *pt_new_table(struct mm_space *s)
{
	u64 *t = get_free_page(GFP_ZERO);

	if (t)
		s->nr_tables++;
	return t;
}

/* The slot for @va at level 0, creating tables if @create; NULL if absent. */
static u64 *pt_slot(struct mm_space *s, u64 va, bool create)
{
	u64 *t;
	int level;

	if (!s->pt) {
		if (!create)
			return NULL;
		s->pt = pt_new_table(s);
		if (!s->pt)
			return NULL;
	}
	t = s->pt;
	for (level = PT_LEVELS - 1; level > 0; level--) {
		u64 *e = &t[pt_index(va, level)];

		if (!*e) {
			u64 *n;

			if (!create)
				return NULL;
			n = pt_new_table(s);
			if (!n)
				return NULL;
			*e = (u64)(uintptr_t)n;
		}
		t = (u64 *)(uintptr_t)*e;
	}
	return &t[pt_index(va, 0)];
}

/**
 * pt_lookup() - the page backing user page @va, if it was ever stored
 * @s: the space; @va: a user address
 * Return: the page's kernel address, or NULL.
 * Context: mm_lock held.
 */
void *pt_lookup(struct mm_space *s, u64 va)
{
	u64 *slot = pt_slot(s, va, false);

	return slot ? (void *)(uintptr_t)*slot : NULL;
}

/**
 * pt_get_or_alloc() - the page backing @va, allocating a zeroed one
 * @s: the space; @va: a user address
 * Return: the page's kernel address, or NULL when out of memory.
 * Context: mm_lock held; may sleep.
 */
void *pt_get_or_alloc(struct mm_space *s, u64 va)
{
	u64 *slot = pt_slot(s, va, true);
	void *p;

	if (!slot)
		return NULL;
	if (*slot)
		return (void *)(uintptr_t)*slot;
	p = get_free_page(GFP_ZERO);
	if (!p)
		return NULL;
	*slot = (u64)(uintptr_t)p;
	s->nr_pages++;
	return p;
}

/* Free leaf pages in [start, end) under table @t at @level covering @base. */
static void pt_drop(struct mm_space *s, u64 *t, int level, u64 base,
		    u64 start, u64 end, bool free_tables)
{
	u64 span = 1ULL << (PAGE_SHIFT + 9 * level);
	unsigned int i;

	for (i = 0; i < PT_ENTRIES; i++) {
		u64 lo = base + i * span, hi = lo + span;

		if (!t[i] || hi <= start || lo >= end)
			continue;
		if (level == 0) {
			free_page((void *)(uintptr_t)t[i]);
			s->nr_pages--;
			t[i] = 0;
			continue;
		}
		pt_drop(s, (u64 *)(uintptr_t)t[i], level - 1, lo, start, end,
			free_tables);
		if (free_tables) {
			free_page((void *)(uintptr_t)t[i]);
			s->nr_tables--;
			t[i] = 0;
		}
	}
}

/**
 * pt_drop_range() - free the pages stored for [@start, @end)
 * @s: the space; @start, @end: page-aligned user range
 *
 * Tables stay (they are freed with the space).
 * Context: mm_lock held.
 */
void pt_drop_range(struct mm_space *s, u64 start, u64 end)
{
	if (s->pt)
		pt_drop(s, s->pt, PT_LEVELS - 1, 0, start, end, false);
}

/**
 * pt_free_all() - free every page and table of @s
 * Context: mm_lock held.
 */
void pt_free_all(struct mm_space *s)
{
	if (!s->pt)
		return;
	pt_drop(s, s->pt, PT_LEVELS - 1, 0, 0, MM_USER_END, true);
	free_page(s->pt);
	s->nr_tables--;
	s->pt = NULL;
}

static int pt_copy_level(struct mm_space *dst, const u64 *t, int level, u64 base)
{
	u64 span = 1ULL << (PAGE_SHIFT + 9 * level);
	unsigned int i;
	int ret;

	for (i = 0; i < PT_ENTRIES; i++) {
		u64 va = base + i * span;
		void *p;

		if (!t[i])
			continue;
		if (level > 0) {
			ret = pt_copy_level(dst, (const u64 *)(uintptr_t)t[i],
					    level - 1, va);
			if (ret)
				return ret;
			continue;
		}
		p = pt_get_or_alloc(dst, va);
		if (!p)
			return -ENOMEM;
		memcpy(p, (const void *)(uintptr_t)t[i], PAGE_SIZE);
	}
	return 0;
}

/**
 * pt_copy() - give @dst a private copy of every page of @src (fork)
 * Return: 0 or -ENOMEM (@dst then holds a partial copy; free it).
 * Context: mm_lock held; may sleep.
 */
int pt_copy(struct mm_space *dst, struct mm_space *src)
{
	return src->pt ? pt_copy_level(dst, src->pt, PT_LEVELS - 1, 0) : 0;
}

/**
 * pt_take() - detach the page stored for @va without freeing it (mremap)
 * Return: its kernel address, or NULL if none was stored.
 * Context: mm_lock held.
 */
void *pt_take(struct mm_space *s, u64 va)
{
	u64 *slot = pt_slot(s, va, false);
	void *p;

	if (!slot || !*slot)
		return NULL;
	p = (void *)(uintptr_t)*slot;
	*slot = 0;
	s->nr_pages--;
	return p;
}

/**
 * pt_put() - store @page (from pt_take()) for @va, where none is stored
 * Return: 0, or -ENOMEM (the caller still owns @page).
 * Context: mm_lock held; may sleep.
 */
int pt_put(struct mm_space *s, u64 va, void *page)
{
	u64 *slot = pt_slot(s, va, true);

	if (!slot)
		return -ENOMEM;
	if (WARN_ON(*slot))
		free_page((void *)(uintptr_t)*slot);
	else
		s->nr_pages++;
	*slot = (u64)(uintptr_t)page;
	return 0;
}
