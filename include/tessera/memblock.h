/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memblock: the boot-time view of physical memory. It turns the loader's
 * map (unsorted, overlapping, with holes) into sorted disjoint usable and
 * reserved ranges, hands out early pages before the buddy allocator runs,
 * and finally releases every usable, unreserved page to the buddy allocator.
 *
 * Rules (Documentation/mm.md):
 *  - a range the loader marks anything but usable (reserved, ACPI, bad)
 *    wins over a usable range it overlaps;
 *  - usable ranges are trimmed inwards to whole pages, and the first 1 MiB
 *    is never usable;
 *  - the kernel image, the boot modules, the ACPI RSDP page and the pcache
 *    region (pcache= parameter) are reserved before anything is allocated;
 *  - memblock_alloc() works only until page_alloc_init() takes the pages.
 */
#ifndef _TESSERA_MEMBLOCK_H
#define _TESSERA_MEMBLOCK_H

#include <tessera/types.h>
#include <tessera/bootinfo.h>

#define MEMBLOCK_MAX_REGIONS	256

/* Boot stops (panic) with less than this free after the reservations. */
#define MEMBLOCK_MIN_FREE	((u64)16 << 20)

/* The pcache region is placed and sized in units of this (2 MiB). */
#define PCACHE_REGION_ALIGN	((u64)2 << 20)

struct memblock_region {
	phys_addr_t base;
	u64 size;
};

/* Regions sorted by base, disjoint and not touching (neighbours merge). */
struct memblock_type {
	unsigned int cnt;
	struct memblock_region regions[MEMBLOCK_MAX_REGIONS];
};

/**
 * memblock_init() - build the usable map from the boot memory map
 * @mem: loader ranges; @n: how many
 *
 * Usable ranges are page-aligned inwards, anything overlapping a non-usable
 * range is removed (reserved wins), the first 1 MiB is never used.
 * Reserves the kernel image, the boot modules and the pcache region.
 * Starts from scratch each time it is called (the host tests rely on it).
 * Panics if less than MEMBLOCK_MIN_FREE is left free.
 * Context: early boot, one CPU, before page_alloc_init().
 */
void memblock_init(const struct boot_mem_range *mem, unsigned int n);

/*
 * Mark [base, base+size) as not to be handed out; the range is widened to
 * whole pages and merges with its neighbours. Returns 0, -EINVAL (empty or
 * wrapping range) or -ENOSPC (the reserved table is full).
 */
int memblock_reserve(phys_addr_t base, u64 size);

/*
 * Early allocation, zeroed, page-granular, highest fit below @limit;
 * @limit 0 means EARLY_MAP_SIZE, the only memory mapped before
 * paging_init() finishes (pass a higher limit only for memory you will
 * not touch until it is mapped). @align 0 means PAGE_SIZE. Returns the
 * physical address. Panics when memory runs out (boot cannot go on) and
 * when called after page_alloc_init().
 */
phys_addr_t memblock_alloc(u64 size, u64 align, phys_addr_t limit);

/* Total usable bytes, and the highest usable physical address + 1. */
u64 memblock_usable_bytes(void);
phys_addr_t memblock_end_of_ram(void);
/* Usable bytes not reserved: what the buddy allocator will get. */
u64 memblock_free_bytes(void);

/*
 * memblock_for_each_free() - visit the free (usable, unreserved) ranges
 * @fn: called once per range, ascending, with page-aligned [base, end)
 * @arg: passed to @fn
 */
void memblock_for_each_free(void (*fn)(phys_addr_t base, phys_addr_t end, void *arg),
			    void *arg);

/*
 * memblock_retire() - the buddy allocator now owns the free pages
 * Called once by page_alloc_init(); memblock_alloc() panics afterwards.
 * The region lists stay readable.
 */
void memblock_retire(void);

/* Iterate the usable (memory) and reserved region lists. */
extern struct memblock_type memblock_memory, memblock_reserved;

/*
 * The processor-side pcache region reserved by "pcache=SIZE[@ADDR]";
 * size 0 when none was asked for (or the request was refused).
 */
extern phys_addr_t pcache_region_base;
extern u64 pcache_region_size;

/* Print both lists at KERN_INFO. */
void memblock_dump(void);

#endif /* _TESSERA_MEMBLOCK_H */
