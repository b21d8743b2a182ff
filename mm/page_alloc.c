// SPDX-License-Identifier: GPL-2.0
/*
 * The buddy page allocator: mem_map, per-order free lists, split and merge,
 * free-page accounting, free-time sanity checks and page poisoning.
 *
 * A free block of order k is 2^k pages starting at a PFN that is a multiple
 * of 2^k; its head page has PG_buddy and order k and sits on free_area[k].
 * Its buddy is the block at pfn ^ 2^k. Freeing merges a block with its buddy
 * while the buddy is a free block of the same order, so no two free buddies
 * ever coexist and the free lists are a function of the set of free pages.
 * An allocated block's head page has PG_head and its order, which is
 * checked when the block comes back.
 */

#define pr_fmt(fmt) "buddy: " fmt

#include <tessera/mm.h>
#include <tessera/bug.h>
#include <tessera/memblock.h>
#include <tessera/printk.h>
#include <tessera/string.h>
#include <tessera/vsprintf.h>
#include <tessera/spinlock.h>

struct free_area {
	struct list_head free_list;	/* head pages, linked through lru */
	unsigned long nr_free;		/* blocks on free_list */
};

/*
 * zone_lock_ (zone_lock()/zone_unlock()): a spinlock taken with interrupts
 * saved, so neither another CPU nor an interrupt handler that allocates
 * sees a half-spliced list. It protects everything in struct zone and, for
 * free pages and pages being freed, the page's flags, order and lru. Page
 * contents (poisoning, zeroing) are touched outside it, by the block's owner.
 */
static struct zone {
	struct free_area free_area[MAX_ORDER];
	unsigned long nr_free;		/* free pages, all orders */
	unsigned long nr_managed;	/* pages given to the allocator at boot */
} zone;

struct page *mem_map;		/* one struct page per PFN in [0, max_pfn) */
pfn_t max_pfn;			/* set once by page_alloc_init() */
static bool buddy_ready;
static DEFINE_SPINLOCK(zone_lock_);

static unsigned long zone_lock(void)
{
	unsigned long flags;

	spin_lock_irqsave(&zone_lock_, flags);
	return flags;
}

static void zone_unlock(unsigned long flags)
{
	spin_unlock_irqrestore(&zone_lock_, flags);
}

static void free_area_add(struct page *page, unsigned int order)
{
	page->flags |= PG_buddy;
	page->order = order;
	list_add(&page->lru, &zone.free_area[order].free_list);
	zone.free_area[order].nr_free++;
}

static void free_area_del(struct page *page, unsigned int order)
{
	list_del(&page->lru);
	page->flags &= ~PG_buddy;
	zone.free_area[order].nr_free--;
}

/* Put a block on the free lists, merging it with free buddies. Zone lock held. */
static void buddy_merge_free(pfn_t pfn, unsigned int order)
{
	zone.nr_free += 1UL << order;
	while (order < MAX_ORDER - 1) {
		pfn_t buddy = pfn ^ (1UL << order);
		struct page *bp;

		if (buddy >= max_pfn)
			break;
		bp = pfn_to_page(buddy);
		if (!(bp->flags & PG_buddy) || bp->order != order)
			break;
		free_area_del(bp, order);
		pfn &= ~(1UL << order);
		order++;
	}
	free_area_add(pfn_to_page(pfn), order);
}

/*
 * Take a block of @order off the lists, splitting a larger one if needed:
 * the lower half is kept, each upper half goes on the list below. Zone lock
 * held. Returns NULL when no block of @order or larger is free.
 */
static struct page *buddy_take(unsigned int order)
{
	unsigned int cur;
	struct page *page;

	for (cur = order; cur < MAX_ORDER; cur++)
		if (!list_empty(&zone.free_area[cur].free_list))
			break;
	if (cur == MAX_ORDER)
		return NULL;
	page = list_first_entry(&zone.free_area[cur].free_list, struct page, lru);
	free_area_del(page, cur);
	while (cur > order) {
		cur--;
		free_area_add(page + (1UL << cur), cur);
	}
	zone.nr_free -= 1UL << order;
	page->flags |= PG_head;
	page->order = order;
	return page;
}

#ifdef CONFIG_PAGE_POISONING
static void poison_block(struct page *page, unsigned int order)
{
	unsigned long i;

	for (i = 0; i < (1UL << order); i++) {
		memset(page_address(page + i), PAGE_POISON, PAGE_SIZE);
		page[i].flags |= PG_poisoned;
	}
}

/* Every poisoned page must still hold PAGE_POISON; report the first bad byte. */
static void check_poison(struct page *page, unsigned int order)
{
	unsigned long i;

	for (i = 0; i < (1UL << order); i++) {
		const u8 *addr = page_address(page + i), *bad;

		if (!(page[i].flags & PG_poisoned))
			continue;
		page[i].flags &= ~PG_poisoned;
		bad = memchr_inv(addr, PAGE_POISON, PAGE_SIZE);
		WARN(bad, "page_alloc: pfn %#lx written after free: byte %#x at offset %#lx\n",
		     page_to_pfn(page + i), bad ? *bad : 0,
		     bad ? (unsigned long)(bad - addr) : 0);
	}
}
#else
static void poison_block(struct page *page __maybe_unused,
			 unsigned int order __maybe_unused) { }
static void check_poison(struct page *page __maybe_unused,
			 unsigned int order __maybe_unused) { }
#endif

/**
 * alloc_pages() - allocate 2^@order physically contiguous pages
 * @gfp: __GFP_ZERO to zero the block, __GFP_NOWARN to fail silently
 * @order: 0 .. MAX_ORDER - 1
 *
 * Return: the head page of a naturally aligned block, or NULL.
 * Context: any; takes the zone lock; does not sleep.
 */
struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	unsigned long flags;
	struct page *page;

	if (order >= MAX_ORDER) {
		WARN(!(gfp & __GFP_NOWARN), "alloc_pages: order %u >= MAX_ORDER\n", order);
		return NULL;
	}
	if (WARN(!buddy_ready, "alloc_pages before page_alloc_init\n"))
		return NULL;

	flags = zone_lock();
	page = buddy_take(order);
	zone_unlock(flags);
	if (!page) {
		if (!(gfp & __GFP_NOWARN))
			pr_warn("order-%u allocation failed, %lu pages free\n", order,
				nr_free_pages());
		return NULL;
	}
	check_poison(page, order);
	if (gfp & __GFP_ZERO)
		memset(page_address(page), 0, PAGE_SIZE << order);
	return page;
}

/* Why freeing (@page, @order) is wrong, or NULL if it is fine. Zone lock held. */
static const char *bad_free_reason(const struct page *page, unsigned int order)
{
	if (order >= MAX_ORDER)
		return "order too large";
	if (page_to_pfn(page) & ((1UL << order) - 1))
		return "page not aligned to the order";
	if (page->flags & PG_buddy)
		return "already free (double free)";
	if (page->flags & PG_reserved)
		return "reserved page";
	if (page->flags & (PG_slab | PG_large_kmalloc))
		return "owned by slab/kmalloc, use kfree";
	if (!(page->flags & PG_head))
		return "not the head of an allocated block (a tail page, or already freed)";
	if (page->order != order)
		return "order differs from the allocation";
	return NULL;
}

static bool page_in_mem_map(const struct page *page)
{
	uintptr_t off = (uintptr_t)page - (uintptr_t)mem_map;

	return mem_map && page >= mem_map && page < mem_map + max_pfn &&
	       off % sizeof(*page) == 0;
}

/**
 * __free_pages() - return a block to the buddy allocator
 * @page: head page returned by alloc_pages()
 * @order: the order it was allocated with
 *
 * Bad frees (NULL, not a struct page, misaligned, double free, tail page,
 * reserved or slab page, wrong order) are reported with WARN and ignored,
 * leaving the allocator untouched.
 * Context: any; takes the zone lock; does not sleep.
 */
void __free_pages(struct page *page, unsigned int order)
{
	unsigned long flags;
	const char *why;

	if (WARN(!page_in_mem_map(page), "__free_pages: %p is not a page (order %u)\n",
		 page, order))
		return;
	flags = zone_lock();
	why = bad_free_reason(page, order);
	if (!why)
		page->flags &= ~PG_head;	/* ours now: a second free is caught */
	zone_unlock(flags);
	if (WARN(why, "__free_pages: pfn %#lx order %u: %s\n", page_to_pfn(page), order,
		 why))
		return;

	poison_block(page, order);
	flags = zone_lock();
	buddy_merge_free(page_to_pfn(page), order);
	zone_unlock(flags);
}

/**
 * get_free_pages() - alloc_pages() returning a direct-map address
 * @gfp: GFP flags
 * @order: block order
 * Return: the block's virtual address, or NULL.
 * Context: any; does not sleep.
 */
void *get_free_pages(gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages(gfp, order);

	return page ? page_address(page) : NULL;
}

/**
 * free_pages() - __free_pages() by direct-map address
 * @addr: from get_free_pages(); NULL is a no-op
 * @order: the order it was allocated with
 *
 * An address that is not page aligned or not in RAM is a WARN and ignored.
 * Context: any; does not sleep.
 */
void free_pages(void *addr, unsigned int order)
{
	if (!addr)
		return;
	if (WARN(!IS_ALIGNED((uintptr_t)addr, PAGE_SIZE) || !virt_addr_valid(addr),
		 "free_pages: %p is not a page-aligned RAM address\n", addr))
		return;
	__free_pages(virt_to_page(addr), order);
}

/**
 * page_alloc_ready() - has the buddy allocator taken over from memblock?
 * Return: true after page_alloc_init().
 * Context: any.
 */
bool page_alloc_ready(void)
{
	return buddy_ready;
}

/**
 * nr_free_pages() - free pages, all orders
 * Return: the count; a snapshot, may change as soon as it is read.
 * Context: any.
 */
unsigned long nr_free_pages(void)
{
	return READ_ONCE(zone.nr_free);
}

/**
 * nr_free_pages_order() - free blocks of one order
 * @order: 0 .. MAX_ORDER - 1 (others give 0)
 * Return: how many blocks of exactly that order are free.
 * Context: any.
 */
unsigned long nr_free_pages_order(unsigned int order)
{
	if (order >= MAX_ORDER)
		return 0;
	return READ_ONCE(zone.free_area[order].nr_free);
}

/**
 * totalram_pages() - pages the buddy allocator manages
 * Return: what page_alloc_init() released; constant after boot.
 */
unsigned long totalram_pages(void)
{
	return zone.nr_managed;
}

/**
 * show_free_areas() - print the free blocks per order on one line
 * Context: any; reads the counters without the lock (a snapshot).
 */
void show_free_areas(void)
{
	char buf[16 * MAX_ORDER];
	unsigned int o;
	int len = 0;

	for (o = 0; o < MAX_ORDER; o++)
		len += scnprintf(buf + len, sizeof(buf) - len, " %u:%lu", o,
				 nr_free_pages_order(o));
	pr_info("free blocks by order%s; %lu of %lu pages free\n", buf, nr_free_pages(),
		totalram_pages());
}

/* Release [base, end) in the largest naturally aligned blocks it holds. */
static void release_range(phys_addr_t base, phys_addr_t end, void *arg __maybe_unused)
{
	pfn_t pfn = PFN_DOWN(base), last = PFN_DOWN(end);

	while (pfn < last) {
		unsigned int order = MAX_ORDER - 1;
		unsigned long i;

		if (pfn)
			order = min_t(unsigned int, order, __builtin_ctzl(pfn));
		order = min_t(unsigned int, order, ilog2_u64(last - pfn));
		for (i = 0; i < (1UL << order); i++)
			pfn_to_page(pfn + i)->flags = 0;
		buddy_merge_free(pfn, order);
		pfn += 1UL << order;
	}
}

/**
 * page_alloc_init() - build mem_map and give memblock's free pages to the buddy
 *
 * mem_map covers PFNs 0 .. max_pfn - 1, comes from memblock (so it is itself
 * reserved) and starts with every page PG_reserved; pages memblock reports
 * free are then released. Afterwards memblock_alloc() panics.
 * Context: boot CPU, once, after paging_init(), interrupts off.
 */
void page_alloc_init(void)
{
	unsigned long bytes;
	unsigned int o;
	pfn_t pfn;

	if (WARN(buddy_ready, "page_alloc_init called twice\n"))
		return;
	max_pfn = PFN_DOWN(memblock_end_of_ram());
	bytes = max_pfn * sizeof(struct page);
	/* paging_init() has mapped all RAM: mem_map may sit above 4 GiB. */
	mem_map = __va(memblock_alloc(bytes, PAGE_SIZE, PFN_PHYS(max_pfn)));
	for (pfn = 0; pfn < max_pfn; pfn++)
		mem_map[pfn].flags = PG_reserved;
	for (o = 0; o < MAX_ORDER; o++)
		INIT_LIST_HEAD(&zone.free_area[o].free_list);

	memblock_for_each_free(release_range, NULL);
	memblock_retire();
	zone.nr_managed = zone.nr_free;
	buddy_ready = true;
	pr_info("%lu free pages (%lu MiB) in orders 0-%u, mem_map %lu KiB for %lu pfns\n",
		zone.nr_free, zone.nr_free >> (20 - PAGE_SHIFT), MAX_ORDER - 1,
		bytes >> 10, (unsigned long)max_pfn);
}
