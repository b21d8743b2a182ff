// SPDX-License-Identifier: GPL-2.0
/*
 * memblock: the physical memory map from boot until the buddy allocator
 * takes over; sanitises the loader's map, reservations, early allocations.
 *
 * Two lists of sorted, disjoint, non-touching regions: memblock_memory
 * (usable RAM, page aligned) and memblock_reserved (page-widened ranges not
 * to hand out). Free memory is memory minus reserved. There is no locking:
 * everything here runs on the boot CPU before interrupts are enabled, and
 * after memblock_retire() the lists are only read.
 */

#define pr_fmt(fmt) "memblock: " fmt

#include <tessera/memblock.h>
#include <tessera/kernel.h>
#include <tessera/bug.h>
#include <tessera/errno.h>
#include <tessera/param.h>
#include <tessera/printk.h>
#include <tessera/string.h>
#include <tessera/vsprintf.h>
#include <asm/page.h>

#define LOW_MEMORY_END		MB(1)	/* never used: BIOS, real-mode leftovers */

struct memblock_type memblock_memory, memblock_reserved;
phys_addr_t pcache_region_base;
u64 pcache_region_size;

static bool memblock_retired;

/* pcache=SIZE[@ADDR], as parsed; applied by memblock_init(). */
static struct pcache_request {
	u64 size;		/* 0: no pcache region */
	phys_addr_t addr;
	bool fixed;		/* @ADDR was given */
} pcache_req;

static phys_addr_t region_end(const struct memblock_region *r)
{
	return r->base + r->size;
}

static void type_insert(struct memblock_type *t, unsigned int i,
			phys_addr_t base, phys_addr_t end)
{
	memmove(&t->regions[i + 1], &t->regions[i],
		(t->cnt - i) * sizeof(t->regions[0]));
	t->regions[i].base = base;
	t->regions[i].size = end - base;
	t->cnt++;
}

static void type_delete(struct memblock_type *t, unsigned int i, unsigned int n)
{
	memmove(&t->regions[i], &t->regions[i + n],
		(t->cnt - i - n) * sizeof(t->regions[0]));
	t->cnt -= n;
}

/* Add [base, end), merging with every region it overlaps or touches. */
static int type_add(struct memblock_type *t, phys_addr_t base, phys_addr_t end)
{
	unsigned int i = 0, j;

	if (base >= end)
		return 0;
	while (i < t->cnt && region_end(&t->regions[i]) < base)
		i++;
	for (j = i; j < t->cnt && t->regions[j].base <= end; j++) {
		base = min(base, t->regions[j].base);
		end = max(end, region_end(&t->regions[j]));
	}
	if (j > i) {
		type_delete(t, i + 1, j - i - 1);
		t->regions[i].base = base;
		t->regions[i].size = end - base;
		return 0;
	}
	if (t->cnt == MEMBLOCK_MAX_REGIONS)
		return -ENOSPC;
	type_insert(t, i, base, end);
	return 0;
}

/*
 * Cut [base, end) out of the list. Splitting a region needs a free slot;
 * when the table is full the upper part is dropped instead, which only
 * ever loses usable memory, never hands out a reserved range.
 */
static void type_remove(struct memblock_type *t, phys_addr_t base, phys_addr_t end)
{
	unsigned int i = 0;

	while (i < t->cnt) {
		struct memblock_region *r = &t->regions[i];
		phys_addr_t rb = r->base, re = region_end(r);

		if (re <= base) {
			i++;
			continue;
		}
		if (rb >= end)
			break;
		if (rb < base) {
			r->size = base - rb;
			if (re > end) {
				if (t->cnt == MEMBLOCK_MAX_REGIONS)
					pr_err("map too fragmented, dropping %#lx-%#lx\n",
					       end, re);
				else
					type_insert(t, i + 1, end, re);
				break;
			}
			i++;
		} else if (re > end) {
			r->base = end;
			r->size = re - end;
			break;
		} else {
			type_delete(t, i, 1);
		}
	}
}

/* One loader entry as [base, end), clamped so that end cannot wrap. */
static void boot_range(const struct boot_mem_range *m, phys_addr_t *base,
		       phys_addr_t *end)
{
	*base = m->base;
	*end = m->len > U64_MAX - m->base ? U64_MAX : m->base + m->len;
}

/* Usable entries first, then every other type cuts its range out. */
static void memblock_add_map(const struct boot_mem_range *mem, unsigned int n)
{
	phys_addr_t base, end;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (mem[i].type != BOOT_MEM_USABLE || !mem[i].len)
			continue;
		boot_range(&mem[i], &base, &end);
		if (type_add(&memblock_memory, base, end))
			pr_err("too many memory ranges, ignoring %#lx-%#lx\n",
			       base, end);
	}
	for (i = 0; i < n; i++) {
		if (mem[i].type == BOOT_MEM_USABLE || !mem[i].len)
			continue;
		boot_range(&mem[i], &base, &end);
		type_remove(&memblock_memory, base, end);
	}
}

/* Trim every region inwards to whole pages, drop the empty ones. */
static void memblock_trim_to_pages(void)
{
	struct memblock_type *t = &memblock_memory;
	unsigned int i = 0;

	while (i < t->cnt) {
		phys_addr_t base = ALIGN(t->regions[i].base, PAGE_SIZE);
		phys_addr_t end = ALIGN_DOWN(region_end(&t->regions[i]), PAGE_SIZE);

		if (t->regions[i].base > U64_MAX - PAGE_SIZE || base >= end) {
			type_delete(t, i, 1);
			continue;
		}
		t->regions[i].base = base;
		t->regions[i].size = end - base;
		i++;
	}
}

/**
 * memblock_reserve() - keep a physical range away from every allocator
 * @base: first byte
 * @size: length in bytes; the range is widened to whole pages
 *
 * The range need not be usable memory (then it changes nothing).
 * Return: 0, -EINVAL for an empty or wrapping range, -ENOSPC when the
 * reserved table is full.
 * Context: boot CPU, before page_alloc_init().
 */
int memblock_reserve(phys_addr_t base, u64 size)
{
	phys_addr_t end;

	if (!size || size > U64_MAX - base || base + size > U64_MAX - PAGE_SIZE)
		return -EINVAL;
	end = ALIGN(base + size, PAGE_SIZE);
	return type_add(&memblock_reserved, ALIGN_DOWN(base, PAGE_SIZE), end);
}

/**
 * memblock_for_each_free() - call @fn on every usable, unreserved range
 * @fn: gets page-aligned [base, end), ascending
 * @arg: passed through
 * Context: boot CPU; @fn must not reserve or allocate.
 */
void memblock_for_each_free(void (*fn)(phys_addr_t base, phys_addr_t end, void *arg),
			    void *arg)
{
	const struct memblock_type *res = &memblock_reserved;
	unsigned int i, j = 0;

	for (i = 0; i < memblock_memory.cnt; i++) {
		phys_addr_t cur = memblock_memory.regions[i].base;
		phys_addr_t end = region_end(&memblock_memory.regions[i]);

		while (j < res->cnt && region_end(&res->regions[j]) <= cur)
			j++;
		for (; j < res->cnt && res->regions[j].base < end; j++) {
			if (res->regions[j].base > cur)
				fn(cur, res->regions[j].base, arg);
			cur = max(cur, region_end(&res->regions[j]));
			if (cur >= end)
				break;
		}
		if (cur < end)
			fn(cur, end, arg);
	}
}

static void count_free(phys_addr_t base, phys_addr_t end, void *arg)
{
	*(u64 *)arg += end - base;
}

/**
 * memblock_free_bytes() - usable bytes that are not reserved
 * Return: what page_alloc_init() will hand to the buddy allocator.
 */
u64 memblock_free_bytes(void)
{
	u64 bytes = 0;

	memblock_for_each_free(count_free, &bytes);
	return bytes;
}

/**
 * memblock_usable_bytes() - total usable RAM after sanitising
 * Return: the sum of the memory regions, reserved parts included.
 */
u64 memblock_usable_bytes(void)
{
	u64 bytes = 0;
	unsigned int i;

	for (i = 0; i < memblock_memory.cnt; i++)
		bytes += memblock_memory.regions[i].size;
	return bytes;
}

/**
 * memblock_end_of_ram() - one past the highest usable byte
 * Return: the end of the last memory region, 0 if there is none.
 */
phys_addr_t memblock_end_of_ram(void)
{
	if (!memblock_memory.cnt)
		return 0;
	return region_end(&memblock_memory.regions[memblock_memory.cnt - 1]);
}

/* Search state for the highest aligned fit below a limit. */
struct fit {
	u64 size, align;
	phys_addr_t limit;
	phys_addr_t found;	/* U64_MAX: none yet */
};

static void find_highest_fit(phys_addr_t base, phys_addr_t end, void *arg)
{
	struct fit *f = arg;
	phys_addr_t top = min(end, f->limit), cand;

	if (top < base || top - base < f->size)
		return;
	cand = ALIGN_DOWN(top - f->size, f->align);
	if (cand >= base)
		f->found = cand;	/* ranges ascend: the last fit is the highest */
}

static phys_addr_t memblock_find(u64 size, u64 align, phys_addr_t limit)
{
	struct fit f = { .size = size, .align = align, .limit = limit,
			 .found = U64_MAX };

	memblock_for_each_free(find_highest_fit, &f);
	return f.found;
}

/**
 * memblock_alloc() - allocate zeroed physical memory before the buddy exists
 * @size: bytes, rounded up to whole pages
 * @align: power of two up to 1 GiB, 0 for PAGE_SIZE (smaller values mean
 *	PAGE_SIZE)
 * @limit: the block ends at or below this; 0 means EARLY_MAP_SIZE
 *
 * Takes the highest free block that fits, reserves it and zeroes it through
 * the direct map (so it must be mapped: below EARLY_MAP_SIZE until
 * paging_init() is done). A zero size or a non-power-of-two alignment is a
 * caller bug: WARN, then one page / the next power of two (at most 1 GiB) is
 * used.
 * Return: the physical address. Never fails: out of memory is a panic.
 * Context: boot CPU, before page_alloc_init() (panics after it).
 */
phys_addr_t memblock_alloc(u64 size, u64 align, phys_addr_t limit)
{
	phys_addr_t pa;

	if (memblock_retired)
		panic("memblock_alloc(%lu) after page_alloc_init(): use alloc_pages() or kmalloc()",
		      size);
	if (WARN(!size || size > U64_MAX / 2, "memblock_alloc: bad size %lu\n", size))
		size = PAGE_SIZE;
	if (WARN(align & (align - 1) || align > GB(1),
		 "memblock_alloc: bad alignment %#lx\n", align))
		align = align > GB(1) ? GB(1) : 1ULL << (ilog2_u64(align) + 1);
	size = ALIGN(size, PAGE_SIZE);
	align = max_t(u64, align, PAGE_SIZE);
	if (!limit)
		limit = EARLY_MAP_SIZE;

	pa = memblock_find(size, align, limit);
	if (pa == U64_MAX)
		panic("memblock: out of early memory: %lu KiB (align %#lx) below %#lx, %lu KiB free in all",
		      size >> 10, align, limit, memblock_free_bytes() >> 10);
	if (memblock_reserve(pa, size))
		panic("memblock: reserved table full (%u regions)", MEMBLOCK_MAX_REGIONS);
	memset(__va(pa), 0, size);
	return pa;
}

/**
 * memblock_retire() - hand memory over to the buddy allocator for good
 * Context: page_alloc_init(), once.
 */
void memblock_retire(void)
{
	memblock_retired = true;
}

/*
 * pcache=SIZE[@ADDR]: SIZE and ADDR take K/M/G/T suffixes, ADDR must be
 * 2 MiB aligned; SIZE is rounded up to 2 MiB, and 0 means no region. Only
 * parsed here; placed by memblock_init(). On error the previous request is
 * kept.
 */
static int pcache_param_set(const char *val, const struct kernel_param *kp)
{
	struct pcache_request req = { 0 }, *out = kp->arg;
	unsigned long long size, addr = 0;
	char buf[48], *at;

	if (!val || strscpy(buf, val, sizeof(buf)) < 0)
		goto bad;
	at = strchr(buf, '@');
	if (at)
		*at++ = '\0';
	if (memparse_strict(buf, &size) || size > U64_MAX / 2)
		goto bad;
	if (at && (memparse_strict(at, &addr) || !IS_ALIGNED(addr, PCACHE_REGION_ALIGN)))
		goto bad;
	/* the base is 2 MiB aligned; the size is what was asked, in whole pages */
	req.size = ALIGN((u64)size, (u64)PAGE_SIZE);
	if (at && req.size > U64_MAX - addr)
		goto bad;
	req.addr = addr;
	req.fixed = at != NULL;
	*out = req;
	return 0;
bad:
	pr_err("pcache=%s: expected SIZE[@ADDR] (e.g. 64M or 256M@1G, ADDR 2 MiB aligned); ignored\n",
	       val ? val : "");
	return -EINVAL;
}
param_cb(pcache, pcache_param_set, pcache_req,
	 "reserve SIZE[@ADDR] of RAM for the processor-side pcache");

/* Is [base, end) wholly inside one memory region and free of reservations? */
static bool range_is_free(phys_addr_t base, phys_addr_t end)
{
	struct fit f = { .size = end - base, .align = PCACHE_REGION_ALIGN,
			 .limit = end, .found = U64_MAX };

	memblock_for_each_free(find_highest_fit, &f);
	return f.found == base;
}

static void pcache_reserve(void)
{
	u64 size = pcache_req.size, free = memblock_free_bytes();
	phys_addr_t base;

	pcache_region_base = 0;
	pcache_region_size = 0;
	if (!size)
		return;
	if (pcache_req.fixed)
		base = range_is_free(pcache_req.addr, pcache_req.addr + size) ?
		       pcache_req.addr : U64_MAX;
	else
		base = memblock_find(size, PCACHE_REGION_ALIGN, U64_MAX);
	if (base == U64_MAX || size > free || free - size < MEMBLOCK_MIN_FREE) {
		pr_err("pcache: %lu MiB%s does not fit (%lu MiB free, %lu MiB must stay free); no pcache region\n",
		       size >> 20, pcache_req.fixed ? " at the given address" : "",
		       free >> 20, MEMBLOCK_MIN_FREE >> 20);
		return;
	}
	if (memblock_reserve(base, size)) {
		pr_err("pcache: reserved table full; no pcache region\n");
		return;
	}
	pcache_region_base = base;
	pcache_region_size = size;
	pr_info("pcache region: %lu MiB at %#lx-%#lx\n", size >> 20, base,
		base + size - 1);
}

/* The kernel image, boot modules and RSDP page must survive until used. */
static void reserve_boot_data(void)
{
	phys_addr_t kend = __pa_symbol(_end);
	unsigned int i;

	if (memblock_reserve(KERNEL_PHYS, kend - KERNEL_PHYS))
		panic("memblock: cannot reserve the kernel image %#lx-%#lx", KERNEL_PHYS, kend);
	for (i = 0; i < boot_info.nr_mods && i < BOOT_MOD_MAX; i++) {
		const struct boot_module *m = &boot_info.mods[i];

		if (m->end <= m->start || memblock_reserve(m->start, m->end - m->start))
			pr_err("cannot reserve boot module %u (%#lx-%#lx)\n", i,
			       m->start, m->end);
	}
	if (boot_info.rsdp)
		memblock_reserve(boot_info.rsdp, 36);	/* ACPI 2.0 RSDP length */
}

static void memblock_reset(void)
{
	memblock_memory.cnt = 0;
	memblock_reserved.cnt = 0;
	memblock_retired = false;
	pcache_region_base = 0;
	pcache_region_size = 0;
}

/**
 * memblock_init() - build the memory map from the loader's ranges
 * @mem: the loader's map (any order, may overlap, zero lengths allowed)
 * @n: entries in @mem
 *
 * Prints one summary line. Panics with the amount found when less than
 * MEMBLOCK_MIN_FREE is free after the reservations.
 * Context: boot CPU, once, after parse_params() (for pcache=).
 */
void memblock_init(const struct boot_mem_range *mem, unsigned int n)
{
	u64 usable, free;

	memblock_reset();
	if (mem && n)
		memblock_add_map(mem, n);
	type_remove(&memblock_memory, DIRECT_MAP_SIZE, U64_MAX);
	memblock_trim_to_pages();
	type_remove(&memblock_memory, 0, LOW_MEMORY_END);
	reserve_boot_data();
	pcache_reserve();

	usable = memblock_usable_bytes();
	free = memblock_free_bytes();
	if (free < MEMBLOCK_MIN_FREE) {
		memblock_dump();
		panic("memblock: only %lu KiB of free memory (%lu KiB usable in %u ranges, from %u map entries); need at least %lu MiB",
		      free >> 10, usable >> 10, memblock_memory.cnt, n,
		      MEMBLOCK_MIN_FREE >> 20);
	}
	pr_info("%lu MiB usable in %u ranges, %lu KiB reserved, %lu MiB free\n",
		usable >> 20, memblock_memory.cnt, (usable - free) >> 10, free >> 20);
}

static void dump_type(const char *name, const struct memblock_type *t)
{
	unsigned int i;

	pr_info(" %s: %u regions\n", name, t->cnt);
	for (i = 0; i < t->cnt; i++)
		pr_info("  [0x%016lx-0x%016lx] %lu KiB\n", t->regions[i].base,
			region_end(&t->regions[i]) - 1, t->regions[i].size >> 10);
}

/**
 * memblock_dump() - print the memory and reserved lists at KERN_INFO
 */
void memblock_dump(void)
{
	dump_type("memory", &memblock_memory);
	dump_type("reserved", &memblock_reserved);
}
