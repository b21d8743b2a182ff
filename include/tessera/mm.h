/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The physical page allocator (mm/page_alloc.c): a binary buddy system over
 * every usable page, per-order free lists, free-page accounting. Pages are
 * described by struct page in one array (mem_map) indexed by PFN.
 */
#ifndef _TESSERA_MM_H
#define _TESSERA_MM_H

#include <tessera/kernel.h>
#include <tessera/list.h>
#include <asm/page.h>

#define MAX_ORDER		11	/* orders 0..10: 4 KiB .. 4 MiB blocks */

typedef unsigned int gfp_t;
#define GFP_KERNEL		0x0u
#define __GFP_ZERO		0x1u	/* zero the memory */
#define __GFP_NOWARN		0x2u	/* no warning when the allocation fails */
#define GFP_ZERO		(GFP_KERNEL | __GFP_ZERO)

/**
 * struct page - one physical page frame
 * @flags: PG_* bits
 * @order: for the head page of a free or allocated block, its order
 * @slab_inuse: slab head page: objects allocated from this slab
 * @lru: link on a buddy free list while free; owner's use while allocated
 *	(the slab allocator links its slabs with it)
 * @slab: the slab cache owning the page (PG_slab), else NULL
 * @private: owner's use (slab: the free-object bitmap of small slabs)
 *
 * Only the head page of a block carries PG_buddy/PG_head and @order; the
 * other pages of the block have neither. The zone lock (mm/page_alloc.c)
 * protects @flags, @order and @lru of free pages.
 */
struct page {
	unsigned long flags;
	unsigned int order;
	unsigned int slab_inuse;
	struct list_head lru;
	void *slab;
	unsigned long private;
};

#define PG_reserved		(1UL << 0)	/* never given to the allocator */
#define PG_buddy		(1UL << 1)	/* head of a free block */
#define PG_head			(1UL << 2)	/* head of an allocated block */
#define PG_slab			(1UL << 3)	/* owned by the slab allocator */
#define PG_poisoned		(1UL << 4)	/* free and filled with PAGE_POISON */
#define PG_large_kmalloc	(1UL << 5)	/* head of a kmalloc() > PAGE_SIZE */

/* CONFIG_PAGE_POISONING: the byte a freed page is filled with. */
#define PAGE_POISON		0xaa

extern struct page *mem_map;
extern pfn_t max_pfn;

static inline pfn_t page_to_pfn(const struct page *p)
{
	return (pfn_t)(p - mem_map);
}

static inline struct page *pfn_to_page(pfn_t pfn)
{
	return &mem_map[pfn];
}

static inline phys_addr_t page_to_phys(const struct page *p)
{
	return PFN_PHYS(page_to_pfn(p));
}

static inline void *page_address(const struct page *p)
{
	return __va(page_to_phys(p));
}

static inline struct page *virt_to_page(const void *va)
{
	return pfn_to_page(PFN_DOWN(__pa(va)));
}

/* True if @va is a direct-map address of a page that has a struct page. */
static inline bool virt_addr_valid(const void *va)
{
	return __pa(va) < PFN_PHYS(max_pfn);
}

/* The smallest order whose block holds @size bytes (0 for size <= PAGE_SIZE). */
static inline unsigned int get_order(u64 size)
{
	if (size <= PAGE_SIZE)
		return 0;
	return ilog2_u64(size - 1) + 1 - PAGE_SHIFT;
}

/*
 * Set up mem_map and release memblock's free memory into the buddy lists.
 * Runs once, after paging_init() has direct-mapped all RAM.
 */
void page_alloc_init(void);

/* True once page_alloc_init() has run: use alloc_pages, not memblock_alloc. */
bool page_alloc_ready(void);

/**
 * alloc_pages() - allocate 2^@order physically contiguous pages
 * Return: the head struct page, or NULL. The block is naturally aligned
 * (its physical address is a multiple of its size). Its content is
 * undefined unless @gfp has __GFP_ZERO. Fails with a warning (silently
 * with __GFP_NOWARN) when nothing is free; an @order >= MAX_ORDER is a
 * WARN (or a silent NULL with __GFP_NOWARN).
 * Context: any; does not sleep.
 */
struct page *alloc_pages(gfp_t gfp, unsigned int order);

/*
 * __free_pages() - give back a block from alloc_pages(), same @order.
 * A NULL page, a page that is not the head of an allocated block (double
 * free, tail page, reserved or slab page), a misaligned page or the wrong
 * order is reported with WARN and the call is ignored.
 */
void __free_pages(struct page *page, unsigned int order);

/*
 * Same, in direct-map addresses. free_pages(NULL) is a no-op (like
 * kfree(NULL)); a misaligned or non-RAM address is a WARN.
 */
void *get_free_pages(gfp_t gfp, unsigned int order);
void free_pages(void *addr, unsigned int order);
#define get_free_page(gfp)	get_free_pages(gfp, 0)
#define free_page(addr)		free_pages(addr, 0)

/* Accounting, in pages. */
unsigned long nr_free_pages(void);
unsigned long nr_free_pages_order(unsigned int order);	/* free blocks of that order */
unsigned long totalram_pages(void);

/* Print per-order free counts at KERN_INFO. */
void show_free_areas(void);

#endif /* _TESSERA_MM_H */
