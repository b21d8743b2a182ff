// SPDX-License-Identifier: GPL-2.0
/*
 * Host suite "memblock": memblock_init() over hostile loader maps (unsorted,
 * overlapping, zero-length, wrapping, ACPI and unknown types, usable inside
 * reserved), reservations, early allocation, pcache=, the too-little-memory
 * panic, and a randomised comparison with a brute-force page map.
 * Runs on the scratch arena; the booted allocators are left alone.
 */
#include <tessera/ktest.h>
#include <tessera/errno.h>
#include <tessera/memblock.h>
#include <tessera/mm.h>
#include <tessera/param.h>
#include <tessera/printk.h>
#include <tessera/string.h>

#define U	BOOT_MEM_USABLE
#define R	BOOT_MEM_RESERVED
#define ACPI	BOOT_MEM_ACPI_RECLAIM
#define NVS	BOOT_MEM_ACPI_NVS
#define BAD	BOOT_MEM_BAD
#define K	(1UL << 10)
#define M	(1UL << 20)

struct expect_region {
	phys_addr_t base, end;
};

struct init_args {
	const struct boot_mem_range *map;
	unsigned int n;
};

static void init_fn(void *arg)
{
	const struct init_args *a = arg;

	memblock_init(a->map, a->n);
}

/* memblock_init(); returns true if it panicked. */
static bool try_init(const struct boot_mem_range *map, unsigned int n)
{
	struct init_args a = { map, n };

	return host_mm_expect_panic(init_fn, &a);
}

#define INIT_OK(t, map) KTEST_EXPECT_FALSE(t, try_init(map, ARRAY_SIZE(map)))

static void expect_regions(struct ktest *t, const struct memblock_type *type,
			   const struct expect_region *exp, unsigned int n)
{
	unsigned int i;

	KTEST_EXPECT_EQ(t, type->cnt, n);
	for (i = 0; i < n && i < type->cnt; i++) {
		KTEST_EXPECT_EQ(t, type->regions[i].base, exp[i].base);
		KTEST_EXPECT_EQ(t, type->regions[i].base + type->regions[i].size, exp[i].end);
	}
}

#define EXPECT_MEMORY(t, exp) \
	expect_regions(t, &memblock_memory, exp, ARRAY_SIZE(exp))

/* Does the log written since @pos contain @needle? */
static bool log_has(size_t pos, const char *needle)
{
	static char buf[8192];
	size_t n = log_buf_read(pos, buf, sizeof(buf) - 1);

	buf[n] = '\0';
	return strstr(buf, needle) != NULL;
}

static int memblock_suite_init(void)
{
	host_mm_use_arena(true);
	memset(&boot_info, 0, sizeof(boot_info));
	return parse_params("pcache=0", NULL, 0);
}

/* Put back what the booted allocators' world expects. */
static void memblock_suite_exit(void)
{
	parse_params("pcache=0", NULL, 0);
	memset(&boot_info, 0, sizeof(boot_info));
	memblock_retire();
	host_mm_use_arena(false);
}

/* Unsorted, overlapping and touching usable ranges merge into sorted ones. */
static void mb_unsorted_overlapping(struct ktest *t)
{
	static const struct boot_mem_range map[] = {
		{ 32 * M, 16 * M, U }, { 1 * M, 7 * M, U }, { 4 * M, 12 * M, U },
		{ 16 * M, 4 * M, U }, { 40 * M, 24 * M, U },
	};
	static const struct expect_region exp[] = { { 1 * M, 20 * M }, { 32 * M, 64 * M } };

	INIT_OK(t, map);
	EXPECT_MEMORY(t, exp);
	KTEST_EXPECT_EQ(t, memblock_usable_bytes(), 51 * M);
	KTEST_EXPECT_EQ(t, memblock_end_of_ram(), 64 * M);
}

/* Every non-usable type cuts its pages out, wherever it is in the map. */
static void mb_reserved_wins(struct ktest *t)
{
	static const struct boot_mem_range map[] = {
		{ 8 * M, 1 * M, R }, { 20 * M + 100, 100, ACPI }, { 0, 64 * M, U },
		{ 30 * M, 1 * M, NVS }, { 40 * M, 4 * K, BAD }, { 50 * M, 8 * K, 7 },
	};
	static const struct expect_region exp[] = {
		{ 1 * M, 8 * M }, { 9 * M, 20 * M }, { 20 * M + 4 * K, 30 * M },
		{ 31 * M, 40 * M }, { 40 * M + 4 * K, 50 * M }, { 50 * M + 8 * K, 64 * M },
	};

	INIT_OK(t, map);
	EXPECT_MEMORY(t, exp);
}

/* Usable ranges inside a reserved one vanish. */
static void mb_usable_inside_reserved(struct ktest *t)
{
	static const struct boot_mem_range map[] = {
		{ 2 * M, 1 * M, U }, { 1 * M, 39 * M, R }, { 10 * M + 5, 2 * M, U },
		{ 40 * M, 24 * M, U },
	};
	static const struct expect_region exp[] = { { 40 * M, 64 * M } };

	INIT_OK(t, map);
	EXPECT_MEMORY(t, exp);
}

/* Zero lengths are ignored; wrapping ends are clamped; nothing past the direct map. */
static void mb_zero_length_and_wrap(struct ktest *t)
{
	static const struct boot_mem_range map[] = {
		{ 5 * M, 0, U }, { 10 * M, 0, R }, { 1 * M, 62 * M, U },
		{ ~0UL - 4095, 0x2000, U }, { ~0UL - 10, 100, R },
		{ DIRECT_MAP_SIZE - 8 * K, 16 * K, U },
	};
	static const struct expect_region exp[] = {
		{ 1 * M, 63 * M }, { DIRECT_MAP_SIZE - 8 * K, DIRECT_MAP_SIZE },
	};

	INIT_OK(t, map);
	EXPECT_MEMORY(t, exp);
}

/* Partial pages are trimmed inwards and the first MiB is never usable. */
static void mb_page_trim_and_low_mib(struct ktest *t)
{
	static const struct boot_mem_range map[] = {
		{ 0, 1 * M + 1, U }, { 100, 40 * M - 101, U },
		{ 44 * M + 1, 4 * K, U }, { 48 * M + 1, 16 * M - 1, U },
	};
	static const struct expect_region exp[] = {
		{ 1 * M, 40 * M - 4 * K }, { 48 * M + 4 * K, 64 * M },
	};

	INIT_OK(t, map);
	EXPECT_MEMORY(t, exp);
}

static void collect_free(phys_addr_t base, phys_addr_t end, void *arg)
{
	struct memblock_type *out = arg;

	if (out->cnt < MEMBLOCK_MAX_REGIONS) {
		out->regions[out->cnt].base = base;
		out->regions[out->cnt].size = end - base;
		out->cnt++;
	}
}

/* Kernel image, modules (page-widened) and the RSDP page are reserved. */
static void mb_boot_reservations(struct ktest *t)
{
	static const struct boot_mem_range map[] = { { 1 * M, 63 * M, U } };
	static const struct expect_region res[] = {
		{ 1 * M, 3 * M }, { 10 * M, 10 * M + 8 * K }, { 20 * M, 20 * M + 4 * K },
	};
	static const struct expect_region free[] = {
		{ 3 * M, 10 * M }, { 10 * M + 8 * K, 20 * M }, { 20 * M + 4 * K, 64 * M },
	};
	static struct memblock_type got;
	size_t pos = log_buf_pos();

	boot_info.nr_mods = 2;
	boot_info.mods[0].start = 10 * M + 100;
	boot_info.mods[0].end = 10 * M + 5000;
	boot_info.mods[1].start = 30 * M;
	boot_info.mods[1].end = 30 * M;		/* empty: reported, skipped */
	boot_info.rsdp = 20 * M + 16;
	INIT_OK(t, map);
	memset(&boot_info, 0, sizeof(boot_info));

	expect_regions(t, &memblock_reserved, res, ARRAY_SIZE(res));
	KTEST_EXPECT_TRUE(t, log_has(pos, "cannot reserve boot module 1"));
	got.cnt = 0;
	memblock_for_each_free(collect_free, &got);
	expect_regions(t, &got, free, ARRAY_SIZE(free));
	KTEST_EXPECT_EQ(t, memblock_free_bytes(), 63 * M - 2 * M - 12 * K);
	memblock_dump();
	KTEST_EXPECT_TRUE(t, log_has(pos, "reserved: 3 regions"));
}

/* Under 16 MiB free is a panic that says how much was found. */
static void mb_too_little_memory(struct ktest *t)
{
	static const struct boot_mem_range small[] = { { 1 * M, 17 * M, U } };
	static const struct boot_mem_range enough[] = { { 1 * M, 18 * M, U } };
	static const struct boot_mem_range none[] = { { 1 * M, 63 * M, R } };

	KTEST_EXPECT_TRUE(t, try_init(small, ARRAY_SIZE(small)));
	KTEST_EXPECT_NOT_NULL(t, strstr(host_mm_panic_msg(), "only 15360 KiB of free memory"));
	KTEST_EXPECT_FALSE(t, try_init(enough, ARRAY_SIZE(enough)));
	KTEST_EXPECT_EQ(t, memblock_free_bytes(), MEMBLOCK_MIN_FREE);
	KTEST_EXPECT_TRUE(t, try_init(none, ARRAY_SIZE(none)));
	KTEST_EXPECT_NOT_NULL(t, strstr(host_mm_panic_msg(), "only 0 KiB"));
	KTEST_EXPECT_TRUE(t, try_init(NULL, 0));
}

struct alloc_args {
	u64 size, align;
	phys_addr_t limit, ret;
};

static void alloc_fn(void *arg)
{
	struct alloc_args *a = arg;

	a->ret = memblock_alloc(a->size, a->align, a->limit);
}

static bool try_alloc(u64 size, u64 align, phys_addr_t limit)
{
	struct alloc_args a = { size, align, limit, 0 };

	return host_mm_expect_panic(alloc_fn, &a);
}

/* Highest fit, aligned, below the limit, zeroed, reserved; bad input WARNs. */
static void mb_alloc(struct ktest *t)
{
	static const struct boot_mem_range map[] = { { 1 * M, 63 * M, U } };
	unsigned long w;
	phys_addr_t a, b, c, d;
	u64 free;

	INIT_OK(t, map);
	memset(__va(0), 0xff, HOST_MEM_SIZE);
	free = memblock_free_bytes();

	a = memblock_alloc(10000, 0, 0);
	KTEST_EXPECT_EQ(t, a, 64 * M - 12 * K);
	KTEST_EXPECT_NULL(t, memchr_inv(__va(a), 0, 12 * K));
	b = memblock_alloc(PAGE_SIZE, 2 * M, 0);
	KTEST_EXPECT_EQ(t, b, 62 * M);
	c = memblock_alloc(PAGE_SIZE, 0, 8 * M);
	KTEST_EXPECT_EQ(t, c, 8 * M - 4 * K);
	KTEST_EXPECT_EQ(t, memblock_free_bytes(), free - 20 * K);

	w = warn_count;
	d = memblock_alloc(0, 0, 0);			/* one page, with a WARN */
	KTEST_EXPECT_EQ(t, warn_count, w + 1);
	KTEST_EXPECT_EQ(t, d, 64 * M - 16 * K);
	d = memblock_alloc(PAGE_SIZE, 3 * PAGE_SIZE, 0);	/* rounded to 16 KiB */
	KTEST_EXPECT_EQ(t, warn_count, w + 2);
	KTEST_EXPECT_EQ(t, d & (16 * K - 1), 0U);
	KTEST_EXPECT_EQ(t, memblock_free_bytes(), free - 28 * K);

	KTEST_EXPECT_TRUE(t, try_alloc(100 * M, 0, 0));
	KTEST_EXPECT_NOT_NULL(t, strstr(host_mm_panic_msg(), "out of early memory"));
	KTEST_EXPECT_TRUE(t, try_alloc(PAGE_SIZE, 0, 1 * M));
	KTEST_EXPECT_FALSE(t, try_alloc(PAGE_SIZE, 0, 4 * M));
	KTEST_EXPECT_EQ(t, memblock_free_bytes(), free - 32 * K);
}

/* Once the buddy allocator owns memory, memblock_alloc() is a panic. */
static void mb_alloc_after_retire(struct ktest *t)
{
	static const struct boot_mem_range map[] = { { 1 * M, 63 * M, U } };

	INIT_OK(t, map);
	KTEST_EXPECT_FALSE(t, try_alloc(PAGE_SIZE, 0, 0));
	memblock_retire();
	KTEST_EXPECT_TRUE(t, try_alloc(PAGE_SIZE, 0, 0));
	KTEST_EXPECT_NOT_NULL(t, strstr(host_mm_panic_msg(), "after page_alloc_init"));
}

static bool in_reserved(phys_addr_t base, phys_addr_t end)
{
	unsigned int i;

	for (i = 0; i < memblock_reserved.cnt; i++) {
		const struct memblock_region *r = &memblock_reserved.regions[i];

		if (r->base <= base && end <= r->base + r->size)
			return true;
	}
	return false;
}

/* pcache=SIZE goes to the highest 2 MiB aligned free range, and is reserved. */
static void mb_pcache_auto(struct ktest *t)
{
	static const struct boot_mem_range map[] = { { 1 * M, 63 * M, U } };
	static const struct boot_mem_range odd[] = { { 1 * M, 62 * M + 4 * K, U } };

	KTEST_EXPECT_EQ(t, parse_params("pcache=8M", NULL, 0), 0);
	INIT_OK(t, map);
	KTEST_EXPECT_EQ(t, pcache_region_size, 8 * M);
	KTEST_EXPECT_EQ(t, pcache_region_base, 56 * M);
	KTEST_EXPECT_TRUE(t, in_reserved(56 * M, 64 * M));
	KTEST_EXPECT_EQ(t, memblock_free_bytes(), 63 * M - 2 * M - 8 * M);

	INIT_OK(t, odd);
	KTEST_EXPECT_EQ(t, pcache_region_base, 54 * M);

	KTEST_EXPECT_EQ(t, parse_params("pcache=3M", NULL, 0), 0);	/* size kept */
	INIT_OK(t, map);
	KTEST_EXPECT_EQ(t, pcache_region_size, 3 * M);
	KTEST_EXPECT_EQ(t, pcache_region_base, 60 * M);

	KTEST_EXPECT_EQ(t, parse_params("pcache=0", NULL, 0), 0);
	INIT_OK(t, map);
	KTEST_EXPECT_EQ(t, pcache_region_size, 0U);
}

/* pcache=SIZE@ADDR is placed exactly there. */
static void mb_pcache_fixed(struct ktest *t)
{
	static const struct boot_mem_range map[] = { { 1 * M, 63 * M, U } };

	KTEST_EXPECT_EQ(t, parse_params("pcache=4M@32M", NULL, 0), 0);
	INIT_OK(t, map);
	KTEST_EXPECT_EQ(t, pcache_region_base, 32 * M);
	KTEST_EXPECT_EQ(t, pcache_region_size, 4 * M);
	KTEST_EXPECT_TRUE(t, in_reserved(32 * M, 36 * M));

	KTEST_EXPECT_EQ(t, parse_params("pcache=2M@0x1000000", NULL, 0), 0);
	INIT_OK(t, map);
	KTEST_EXPECT_EQ(t, pcache_region_base, 16 * M);
	KTEST_EXPECT_EQ(t, pcache_region_size, 2 * M);
	parse_params("pcache=0", NULL, 0);
}

/* Malformed values are refused at parse time and keep the previous request. */
static void mb_pcache_bad_syntax(struct ktest *t)
{
	static const char *const bad[] = {
		"pcache=abc", "pcache=", "pcache", "pcache=4M@3M", "pcache=4M@",
		"pcache=-4M", "pcache=4Q", "pcache=4M@32M@64M",
		"pcache=123456789012345678901234567890",
	};
	static const struct boot_mem_range map[] = { { 1 * M, 63 * M, U } };
	unsigned int i;
	size_t pos;

	KTEST_EXPECT_EQ(t, parse_params("pcache=8M", NULL, 0), 0);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		pos = log_buf_pos();
		KTEST_EXPECT_EQ(t, parse_params(bad[i], NULL, 0), 1);
		KTEST_EXPECT_TRUE(t, log_has(pos, "expected SIZE[@ADDR]"));
	}
	INIT_OK(t, map);
	KTEST_EXPECT_EQ(t, pcache_region_size, 8 * M);
	parse_params("pcache=0", NULL, 0);
}

/* A request that does not fit is reported and boot goes on without it. */
static void mb_pcache_does_not_fit(struct ktest *t)
{
	static const char *const nofit[] = {
		"pcache=4M@1G",		/* not RAM */
		"pcache=48M",		/* would leave under 16 MiB free */
		"pcache=4M@2M",		/* over the kernel image */
		"pcache=4M@62M",	/* runs past the end of RAM */
		"pcache=1T",
	};
	static const struct boot_mem_range map[] = { { 1 * M, 63 * M, U } };
	unsigned int i;
	size_t pos;

	for (i = 0; i < ARRAY_SIZE(nofit); i++) {
		KTEST_EXPECT_EQ(t, parse_params(nofit[i], NULL, 0), 0);
		pos = log_buf_pos();
		INIT_OK(t, map);
		KTEST_EXPECT_EQ(t, pcache_region_size, 0U);
		KTEST_EXPECT_TRUE(t, log_has(pos, "does not fit"));
		KTEST_EXPECT_EQ(t, memblock_free_bytes(), 61 * M);
	}
	parse_params("pcache=0", NULL, 0);
}

/* memblock_reserve(): rejects empty/wrapping ranges, merges, fills up. */
static void mb_reserve_api(struct ktest *t)
{
	static const struct boot_mem_range map[] = { { 1 * M, 63 * M, U } };
	static const struct expect_region exp[] = { { 1 * M, 3 * M }, { 29 * M, 31 * M } };
	unsigned int i, ok = 0, before;
	int err = 0;

	INIT_OK(t, map);
	KTEST_EXPECT_EQ(t, memblock_reserve(5 * M, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, memblock_reserve(~0UL - 10, 100), -EINVAL);
	KTEST_EXPECT_EQ(t, memblock_reserve(30 * M + 1, 10), 0);
	KTEST_EXPECT_EQ(t, memblock_reserve(30 * M + 4 * K, 4 * K), 0);
	KTEST_EXPECT_EQ(t, memblock_reserved.cnt, 2U);
	KTEST_EXPECT_EQ(t, memblock_reserved.regions[1].size, 8 * K);
	KTEST_EXPECT_EQ(t, memblock_reserve(29 * M, 2 * M), 0);
	expect_regions(t, &memblock_reserved, exp, ARRAY_SIZE(exp));

	before = memblock_reserved.cnt;
	for (i = 0; i < MEMBLOCK_MAX_REGIONS + 10; i++) {
		err = memblock_reserve(32 * M + i * 8 * K, 4 * K);
		if (err)
			break;
		ok++;
	}
	KTEST_EXPECT_EQ(t, err, -ENOSPC);
	KTEST_EXPECT_EQ(t, ok, MEMBLOCK_MAX_REGIONS - before);
}

/* More holes than table slots: usable memory is lost, never a hole handed out. */
static void mb_fragmented_map(struct ktest *t)
{
	enum { HOLES = 299 };
	static struct boot_mem_range map[HOLES + 1];
	unsigned int i, j, overlaps = 0;

	map[0] = (struct boot_mem_range){ 1 * M, 63 * M, U };
	for (i = 1; i <= HOLES; i++)
		map[i] = (struct boot_mem_range){ 2 * M + i * 100 * K, 1, R };
	KTEST_EXPECT_FALSE(t, try_init(map, ARRAY_SIZE(map)));
	KTEST_EXPECT_EQ(t, memblock_memory.cnt, (unsigned int)MEMBLOCK_MAX_REGIONS);
	for (i = 0; i < memblock_memory.cnt; i++) {
		const struct memblock_region *r = &memblock_memory.regions[i];

		for (j = 1; j <= HOLES; j++)
			if (map[j].base < r->base + r->size && r->base < map[j].base + 1)
				overlaps++;
	}
	KTEST_EXPECT_EQ(t, overlaps, 0U);
}

/* ---- randomised maps against a brute-force model ---- */

#define RND_SPACE	(64 * M)
#define RND_UNIT	512			/* entries are multiples of this */
#define RND_UNITS	(RND_SPACE / RND_UNIT)
#define RND_PAGES	(RND_SPACE / PAGE_SIZE)

static u64 rnd_state = 0x9e3779b97f4a7c15ULL;

static u64 rnd(u64 n)
{
	rnd_state = rnd_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (rnd_state >> 33) % n;
}

static u8 unit_usable[RND_UNITS], unit_reserved[RND_UNITS];
static bool page_expected[RND_PAGES];

static void random_map(struct boot_mem_range *map, unsigned int n)
{
	static const u32 types[] = { U, U, U, U, R, ACPI, NVS, BAD, 7 };
	unsigned int i;

	for (i = 0; i < n; i++) {
		u32 type = types[rnd(ARRAY_SIZE(types))];
		u64 base = rnd(RND_UNITS) * RND_UNIT;
		u64 len = rnd(RND_UNITS / (type == U ? 4 : 64)) * RND_UNIT;

		if (!rnd(8))
			len = 0;
		if (base + len > RND_SPACE)
			len = RND_SPACE - base;
		map[i] = (struct boot_mem_range){ base, len, type };
	}
	if (rnd(4))	/* mostly RAM with holes punched in, as real maps are */
		map[0] = (struct boot_mem_range){ 0, RND_SPACE, U };
}

/* A page is usable iff all its units are usable, none reserved, and >= 1 MiB. */
static void model_map(const struct boot_mem_range *map, unsigned int n)
{
	unsigned int i, p, u;

	memset(unit_usable, 0, sizeof(unit_usable));
	memset(unit_reserved, 0, sizeof(unit_reserved));
	for (i = 0; i < n; i++) {
		u8 *units = map[i].type == U ? unit_usable : unit_reserved;

		for (u = map[i].base / RND_UNIT; u < (map[i].base + map[i].len) / RND_UNIT; u++)
			units[u] = 1;
	}
	for (p = 0; p < RND_PAGES; p++) {
		bool ok = PFN_PHYS(p) >= 1 * M;

		for (u = p * (PAGE_SIZE / RND_UNIT); u < (p + 1) * (PAGE_SIZE / RND_UNIT); u++)
			ok = ok && unit_usable[u] && !unit_reserved[u];
		page_expected[p] = ok;
	}
}

/* memblock_memory must be exactly the maximal runs of expected pages. */
static unsigned int compare_with_model(void)
{
	unsigned int p = 0, i = 0, errors = 0;

	while (p < RND_PAGES) {
		unsigned int start;

		if (!page_expected[p]) {
			p++;
			continue;
		}
		for (start = p; p < RND_PAGES && page_expected[p]; p++)
			;
		if (i >= memblock_memory.cnt ||
		    memblock_memory.regions[i].base != PFN_PHYS(start) ||
		    memblock_memory.regions[i].size != PFN_PHYS(p - start))
			errors++;
		i++;
	}
	return errors + (i != memblock_memory.cnt);
}

static void mb_random_maps(struct ktest *t)
{
	enum { ROUNDS = 150, MAX_ENTRIES = 40 };
	static struct boot_mem_range map[MAX_ENTRIES];
	unsigned int round, bad_rounds = 0, panics = 0;

	for (round = 0; round < ROUNDS; round++) {
		unsigned int n = 1 + rnd(MAX_ENTRIES);

		random_map(map, n);
		model_map(map, n);
		panics += try_init(map, n);	/* the lists are built before the check */
		if (compare_with_model())
			bad_rounds++;
	}
	KTEST_EXPECT_EQ(t, bad_rounds, 0U);
	KTEST_EXPECT_GT(t, panics, 0U);		/* both outcomes were exercised */
	KTEST_EXPECT_LT(t, panics, (unsigned int)ROUNDS);
}

KTEST_SUITE(memblock, memblock_suite_init, memblock_suite_exit,
	    KTEST_CASE(mb_unsorted_overlapping),
	    KTEST_CASE(mb_reserved_wins),
	    KTEST_CASE(mb_usable_inside_reserved),
	    KTEST_CASE(mb_zero_length_and_wrap),
	    KTEST_CASE(mb_page_trim_and_low_mib),
	    KTEST_CASE(mb_boot_reservations),
	    KTEST_CASE(mb_too_little_memory),
	    KTEST_CASE(mb_alloc),
	    KTEST_CASE(mb_alloc_after_retire),
	    KTEST_CASE(mb_pcache_auto),
	    KTEST_CASE(mb_pcache_fixed),
	    KTEST_CASE(mb_pcache_bad_syntax),
	    KTEST_CASE(mb_pcache_does_not_fit),
	    KTEST_CASE(mb_reserve_api),
	    KTEST_CASE(mb_fragmented_map),
	    KTEST_CASE(mb_random_maps));
