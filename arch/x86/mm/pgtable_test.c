// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for the kernel page tables: map/unmap/protect of scratch pages in
 * vmalloc space, W^X over the whole kernel half, the image sections, the
 * direct map and its large pages, the vanished identity map, bad input.
 */
#include <tessera/errno.h>
#include <tessera/ktest.h>
#include <tessera/memblock.h>
#include <tessera/mm.h>
#include <tessera/printk.h>
#include <asm/pgtable.h>
#include <asm/processor.h>

/*
 * Scratch pages near the top of vmalloc space: the vmalloc allocator is
 * first-fit from the bottom and never gets there in a test run.
 */
#define NR_SCRATCH		4
#define SCRATCH_VA(i)		(VMALLOC_END - (16UL - (i)) * PAGE_SIZE)

/* Bits the CPU sets on its own when the page is used. */
#define HW_BITS			(_PAGE_ACCESSED | _PAGE_DIRTY)

static void *scratch_page;	/* the physical page behind the scratch mappings */

static int pgtable_test_init(void)
{
	scratch_page = get_free_page(GFP_ZERO);
	return scratch_page ? 0 : -ENOMEM;
}

/* Cases that oops leave their mapping behind; drop all of them here. */
static void pgtable_test_exit(void)
{
	unsigned int i;

	for (i = 0; i < NR_SCRATCH; i++)
		if (lookup_kernel_address(SCRATCH_VA(i), NULL))
			unmap_kernel_page(SCRATCH_VA(i));
	free_page(scratch_page);
}

static unsigned long level_size(int level)
{
	return 1UL << (PAGE_SHIFT + 9 * (level - 1));
}

/* Effective permissions: W needs RW at every level, X needs no NX anywhere. */
struct wx_walk {
	unsigned long leaves;
	unsigned long wx;		/* leaves both writable and executable */
	unsigned long user;		/* entries with the user bit */
	unsigned long first_wx;
};

static void walk_table(struct wx_walk *w, const pteval_t *table, int level,
		       unsigned long base, unsigned int first, bool rw, bool x)
{
	unsigned int i;

	for (i = first; i < PTRS_PER_TABLE; i++) {
		pteval_t e = table[i];
		unsigned long va = base + i * level_size(level);
		bool erw = rw && (e & _PAGE_RW), ex = x && !(e & _PAGE_NX);

		if (!(e & _PAGE_PRESENT))
			continue;
		if (e & _PAGE_USER)
			w->user++;
		if (level > 1 && !(level < 4 && (e & _PAGE_PSE))) {
			walk_table(w, __va(e & PTE_ADDR_MASK), level - 1, va, 0, erw, ex);
			continue;
		}
		w->leaves++;
		if (erw && ex && !w->wx++)
			w->first_wx = va;
	}
}

/* before: the boot tables mapped RAM at 0 too; after: the user half is empty */
static void identity_map_gone(struct ktest *t)
{
	const pteval_t *pgd = __va(kernel_pgd_phys);
	unsigned int i, used = 0;

	KTEST_ASSERT_TRUE(t, kernel_pgd_phys != 0);
	KTEST_EXPECT_EQ(t, read_cr3() & PTE_ADDR_MASK, kernel_pgd_phys);
	for (i = 0; i < KERNEL_PGD_FIRST; i++)
		if (pgd[i])
			used++;
	KTEST_EXPECT_EQ(t, used, 0);
	KTEST_EXPECT_EQ(t, lookup_kernel_address(0x100000, NULL), 0);
	KTEST_EXPECT_EQ(t, lookup_kernel_address(0, NULL), 0);
	KTEST_EXPECT_EQ(t, lookup_kernel_address(__pa_symbol(_text), NULL), 0);
	/* .boot's high alias is gone with the boot tables' 1 GiB image map */
	if ((unsigned long)_text > KERNEL_VMA + KERNEL_PHYS)
		KTEST_EXPECT_EQ(t, lookup_kernel_address(KERNEL_VMA + KERNEL_PHYS, NULL), 0);
}

static void cpu_paging_bits(struct ktest *t)
{
	KTEST_EXPECT_TRUE(t, read_cr0() & X86_CR0_WP);
	KTEST_EXPECT_TRUE(t, read_cr4() & X86_CR4_PGE);
	if (pgtable_has_nx())
		KTEST_EXPECT_TRUE(t, rdmsr(MSR_EFER) & EFER_NXE);
	else
		ktest_skip(t, "CPU without NX");
}

/* before: scratch VA unmapped; map: both views share the page; after: gone */
static void map_unmap_scratch(struct ktest *t)
{
	unsigned long va = SCRATCH_VA(0), size;
	phys_addr_t pa = __pa(scratch_page);
	volatile u64 *v = (volatile u64 *)va, *d = scratch_page;
	pteval_t e;

	KTEST_ASSERT_EQ(t, lookup_kernel_address(va, NULL), 0);
	KTEST_ASSERT_EQ(t, map_kernel_page(va, pa, PAGE_KERNEL), 0);

	e = lookup_kernel_address(va, &size);
	KTEST_EXPECT_EQ(t, size, PAGE_SIZE);
	KTEST_EXPECT_EQ(t, leaf_phys(e, size), pa);
	KTEST_EXPECT_TRUE(t, (e & _PAGE_PRESENT) && (e & _PAGE_RW) && (e & _PAGE_GLOBAL));
	KTEST_EXPECT_FALSE(t, e & _PAGE_USER);
	if (pgtable_has_nx())
		KTEST_EXPECT_TRUE(t, e & _PAGE_NX);

	v[0] = 0x1122334455667788ULL;
	KTEST_EXPECT_EQ(t, d[0], 0x1122334455667788ULL);
	d[511] = 0xcafef00dULL;
	KTEST_EXPECT_EQ(t, v[511], 0xcafef00dULL);

	KTEST_EXPECT_EQ(t, map_kernel_page(va, pa, PAGE_KERNEL), -EEXIST);
	KTEST_EXPECT_EQ(t, unmap_kernel_page(va), 0);
	KTEST_EXPECT_EQ(t, lookup_kernel_address(va, &size), 0);
	KTEST_EXPECT_EQ(t, size, 0);
	KTEST_EXPECT_EQ(t, unmap_kernel_page(va), -ENOENT);
	KTEST_EXPECT_EQ(t, protect_kernel_page(va, PAGE_KERNEL_RO), -ENOENT);
}

/* RW -> RO -> RW keeps the page and its contents; only the bits change */
static void protect_scratch(struct ktest *t)
{
	unsigned long va = SCRATCH_VA(1), size;
	phys_addr_t pa = __pa(scratch_page);
	volatile u32 *v = (volatile u32 *)va;
	pteval_t e;

	KTEST_ASSERT_EQ(t, map_kernel_page(va, pa, PAGE_KERNEL), 0);
	v[7] = 0xabcd1234;

	KTEST_EXPECT_EQ(t, protect_kernel_page(va, PAGE_KERNEL_RO), 0);
	e = lookup_kernel_address(va, &size);
	KTEST_EXPECT_FALSE(t, e & _PAGE_RW);
	KTEST_EXPECT_EQ(t, leaf_phys(e, size), pa);
	KTEST_EXPECT_EQ(t, v[7], 0xabcd1234);

	/* W^X: writable and executable at once is refused, nothing changes */
	KTEST_EXPECT_EQ(t, protect_kernel_page(va, _PAGE_PRESENT | _PAGE_RW), -EINVAL);
	KTEST_EXPECT_EQ(t, lookup_kernel_address(va, NULL) & ~HW_BITS, e & ~HW_BITS);

	KTEST_EXPECT_EQ(t, protect_kernel_page(va, PAGE_KERNEL_IO), 0);
	e = lookup_kernel_address(va, NULL);
	KTEST_EXPECT_TRUE(t, (e & (_PAGE_PCD | _PAGE_PWT)) == (_PAGE_PCD | _PAGE_PWT));

	KTEST_EXPECT_EQ(t, protect_kernel_page(va, PAGE_KERNEL), 0);
	v[8] = 0x5a5a5a5a;
	KTEST_EXPECT_EQ(t, ((u32 *)scratch_page)[8], 0x5a5a5a5a);
	KTEST_EXPECT_EQ(t, unmap_kernel_page(va), 0);
}

/*
 * CR0.WP: a kernel write to a read-only page faults. The page was written
 * while RW first, so the TLB holds the RW entry: the protect must flush it.
 */
static void ro_write_faults(struct ktest *t)
{
	unsigned long va = SCRATCH_VA(2);

	KTEST_ASSERT_EQ(t, map_kernel_page(va, __pa(scratch_page), PAGE_KERNEL), 0);
	*(volatile u32 *)va = 1;
	KTEST_ASSERT_EQ(t, protect_kernel_page(va, PAGE_KERNEL_RO), 0);
	ktest_expect_oops(t);
	*(volatile u32 *)va = 2;
}

/* after unmap the address faults, even though the TLB had it a moment ago */
static void unmapped_access_faults(struct ktest *t)
{
	unsigned long va = SCRATCH_VA(0);

	KTEST_ASSERT_EQ(t, map_kernel_page(va, __pa(scratch_page), PAGE_KERNEL), 0);
	*(volatile u32 *)va = 3;
	KTEST_ASSERT_EQ(t, unmap_kernel_page(va), 0);
	ktest_expect_oops(t);
	(void)*(volatile u32 *)va;
}

/* "mov $42, %eax; ret" */
static const u8 ret42[] = { 0xb8, 0x2a, 0x00, 0x00, 0x00, 0xc3 };

/* A read-only executable page runs; the same code on an NX page faults. */
static void exec_scratch_runs(struct ktest *t)
{
	unsigned long va = SCRATCH_VA(3);
	int (*fn)(void) = (int (*)(void))va;

	memcpy(scratch_page, ret42, sizeof(ret42));
	KTEST_ASSERT_EQ(t, map_kernel_page(va, __pa(scratch_page), PAGE_KERNEL_EXEC), 0);
	KTEST_EXPECT_EQ(t, fn(), 42);
	KTEST_EXPECT_EQ(t, unmap_kernel_page(va), 0);
}

static void nx_exec_faults(struct ktest *t)
{
	unsigned long va = SCRATCH_VA(3);
	int (*fn)(void) = (int (*)(void))va;

	if (!pgtable_has_nx()) {
		ktest_skip(t, "CPU without NX");
		return;
	}
	memcpy(scratch_page, ret42, sizeof(ret42));
	KTEST_ASSERT_EQ(t, map_kernel_page(va, __pa(scratch_page), PAGE_KERNEL), 0);
	ktest_expect_oops(t);
	fn();
}

/* A 2 MiB- or 1 GiB-aligned stretch of RAM away from the image, or 0. */
static phys_addr_t find_ram_chunk(unsigned long chunk)
{
	phys_addr_t img_lo = ALIGN_DOWN(__pa_symbol(_text), chunk);
	phys_addr_t img_hi = ALIGN(__pa_symbol(_end), chunk);
	unsigned int i;
	phys_addr_t s;

	for (i = 0; i < memblock_memory.cnt; i++) {
		const struct memblock_region *r = &memblock_memory.regions[i];

		for (s = ALIGN(r->base, chunk); s + chunk <= r->base + r->size; s += chunk)
			if (s + chunk <= img_lo || s >= img_hi)
				return s;
	}
	return 0;
}

static void direct_map_large_pages(struct ktest *t)
{
	phys_addr_t pa = find_ram_chunk(PMD_SIZE), gb;
	unsigned long size;
	pteval_t e;

	if (!pa) {
		ktest_skip(t, "no 2 MiB-aligned RAM outside the image");
		return;
	}
	e = lookup_kernel_address((unsigned long)__va(pa + 12345), &size);
	KTEST_EXPECT_GE(t, size, PMD_SIZE);
	KTEST_EXPECT_TRUE(t, e & _PAGE_PSE);
	KTEST_EXPECT_TRUE(t, (e & _PAGE_RW) && (e & _PAGE_GLOBAL));
	if (pgtable_has_nx())
		KTEST_EXPECT_TRUE(t, e & _PAGE_NX);
	KTEST_EXPECT_EQ(t, leaf_phys(e, size), ALIGN_DOWN(pa, size));

	gb = pgtable_has_gbpages() ? find_ram_chunk(PUD_SIZE) : 0;
	if (gb) {
		e = lookup_kernel_address((unsigned long)__va(gb + PUD_SIZE / 2), &size);
		KTEST_EXPECT_EQ(t, size, PUD_SIZE);
		KTEST_EXPECT_EQ(t, leaf_phys(e, size), gb);
	}
}

/* A usable page maps to itself: present, right frame, NX. */
static bool ram_page_ok(phys_addr_t pa)
{
	unsigned long size;
	pteval_t e = lookup_kernel_address((unsigned long)__va(pa), &size);

	return e && leaf_phys(e, size) + (pa & (size - 1)) == pa &&
	       (!pgtable_has_nx() || (e & _PAGE_NX));
}

/* every usable range is mapped; past the end of RAM nothing is */
static void direct_map_covers_ram(struct ktest *t)
{
	phys_addr_t end = memblock_end_of_ram();
	unsigned int i, bad = 0;

	for (i = 0; i < memblock_memory.cnt; i++) {
		const struct memblock_region *r = &memblock_memory.regions[i];
		phys_addr_t last = r->base + r->size - PAGE_SIZE;

		if (!ram_page_ok(r->base) || !ram_page_ok(last) ||
		    !ram_page_ok(ALIGN_DOWN(r->base + r->size / 2, PAGE_SIZE)))
			bad++;
		/* a hole between two ranges is not mapped */
		if (i + 1 < memblock_memory.cnt && memblock_memory.regions[i + 1].base > r->base + r->size)
			KTEST_EXPECT_EQ(t, lookup_kernel_address((unsigned long)__va(r->base + r->size),
								NULL), 0);
	}
	KTEST_EXPECT_GT(t, memblock_memory.cnt, 0);
	KTEST_EXPECT_EQ(t, bad, 0);
	KTEST_EXPECT_EQ(t, lookup_kernel_address((unsigned long)__va(end), NULL), 0);
	/* the legacy first MiB (VGA text buffer, BIOS data) stays reachable */
	KTEST_EXPECT_NE(t, lookup_kernel_address((unsigned long)__va(0xb8000), NULL), 0);
	KTEST_EXPECT_NE(t, lookup_kernel_address((unsigned long)__va(0x400), NULL), 0);
}

/* Count pages of [@start, @end) that are not 4 KiB, @rw, @x, at their phys. */
static unsigned long image_range_bad(unsigned long start, unsigned long end, bool rw, bool x)
{
	unsigned long va, size, bad = 0;
	pteval_t e;

	for (va = ALIGN_DOWN(start, PAGE_SIZE); va < end; va += PAGE_SIZE) {
		e = lookup_kernel_address(va, &size);
		if (!e || size != PAGE_SIZE || !!(e & _PAGE_RW) != rw ||
		    (pgtable_has_nx() && !(e & _PAGE_NX) != x) ||
		    leaf_phys(e, size) != __pa_symbol(va) || !(e & _PAGE_GLOBAL))
			bad++;
	}
	return bad;
}

static void image_sections_wx(struct ktest *t)
{
	KTEST_EXPECT_LT(t, (unsigned long)_text, (unsigned long)_etext);
	KTEST_EXPECT_EQ(t, image_range_bad((unsigned long)_text, (unsigned long)_etext,
					   false, true), 0);
	KTEST_EXPECT_EQ(t, image_range_bad((unsigned long)_rodata, (unsigned long)_erodata,
					   false, false), 0);
	KTEST_EXPECT_EQ(t, image_range_bad((unsigned long)_data, (unsigned long)_end,
					   true, false), 0);
	/* the direct-map alias of text and rodata is read-only too */
	KTEST_EXPECT_FALSE(t, lookup_kernel_address((unsigned long)__va(__pa_symbol(_text)),
						    NULL) & _PAGE_RW);
	KTEST_EXPECT_FALSE(t, lookup_kernel_address((unsigned long)__va(__pa_symbol(_rodata)),
						    NULL) & _PAGE_RW);
	KTEST_EXPECT_TRUE(t, lookup_kernel_address((unsigned long)__va(__pa_symbol(_data)),
						   NULL) & _PAGE_RW);
}

/* no leaf in PML4 entries 256..511 is writable and executable */
static void wx_kernel_half(struct ktest *t)
{
	struct wx_walk w = { 0 };

	if (!pgtable_has_nx()) {
		ktest_skip(t, "CPU without NX: W^X cannot hold");
		return;
	}
	walk_table(&w, __va(kernel_pgd_phys), 4, 0xffff000000000000UL,
		   KERNEL_PGD_FIRST, true, true);
	KTEST_EXPECT_GT(t, w.leaves, 0);
	KTEST_EXPECT_EQ(t, w.wx, 0);
	if (w.wx)
		pr_info("    # first W+X page at %#lx\n", w.first_wx);
	KTEST_EXPECT_EQ(t, w.user, 0);
}

static void bad_input(struct ktest *t)
{
	static const unsigned long bad_va[] = {
		0x0000800000000000UL,	/* non-canonical */
		0xffff7ffffffff000UL,	/* non-canonical */
		0x400000UL,		/* user half */
		0x7ffffffff000UL,	/* user half, top */
	};
	unsigned long va = SCRATCH_VA(0);
	phys_addr_t pa = __pa(scratch_page), big;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad_va); i++) {
		KTEST_EXPECT_EQ(t, map_kernel_page(bad_va[i], pa, PAGE_KERNEL), -EINVAL);
		KTEST_EXPECT_EQ(t, unmap_kernel_page(bad_va[i]), -EINVAL);
		KTEST_EXPECT_EQ(t, protect_kernel_page(bad_va[i], PAGE_KERNEL), -EINVAL);
		KTEST_EXPECT_EQ(t, lookup_kernel_address(bad_va[i], NULL), 0);
	}
	KTEST_EXPECT_EQ(t, map_kernel_page(va + 8, pa, PAGE_KERNEL), -EINVAL);
	KTEST_EXPECT_EQ(t, map_kernel_page(va, pa + 8, PAGE_KERNEL), -EINVAL);
	KTEST_EXPECT_EQ(t, map_kernel_page(va, 1UL << 52, PAGE_KERNEL), -EINVAL);
	KTEST_EXPECT_EQ(t, map_kernel_page(va, pa, PAGE_KERNEL | _PAGE_USER), -EINVAL);
	KTEST_EXPECT_EQ(t, map_kernel_page(va, pa, PAGE_KERNEL | _PAGE_PSE), -EINVAL);
	KTEST_EXPECT_EQ(t, map_kernel_page(va, pa, PAGE_KERNEL & ~_PAGE_PRESENT), -EINVAL);
	KTEST_EXPECT_EQ(t, map_kernel_page(va, pa, _PAGE_PRESENT | _PAGE_RW), -EINVAL);
	KTEST_EXPECT_EQ(t, lookup_kernel_address(va, NULL), 0);

	/* nothing mapped: whether or not the tables on the way exist */
	KTEST_EXPECT_EQ(t, unmap_kernel_page(va), -ENOENT);
	KTEST_EXPECT_EQ(t, unmap_kernel_page(VMALLOC_START + (600UL << 30)), -ENOENT);
	KTEST_EXPECT_EQ(t, unmap_kernel_page(0xffffe00000000000UL), -ENOENT);
	KTEST_EXPECT_EQ(t, protect_kernel_page(va, PAGE_KERNEL), -ENOENT);

	/* inside a direct-map large page: cannot be split here */
	big = find_ram_chunk(PMD_SIZE);
	if (big) {
		unsigned long bva = (unsigned long)__va(big);

		KTEST_EXPECT_EQ(t, map_kernel_page(bva, pa, PAGE_KERNEL), -EINVAL);
		KTEST_EXPECT_EQ(t, unmap_kernel_page(bva), -EINVAL);
		KTEST_EXPECT_EQ(t, protect_kernel_page(bva, PAGE_KERNEL_RO), -EINVAL);
		KTEST_EXPECT_TRUE(t, lookup_kernel_address(bva, NULL) & _PAGE_RW);
	}
}

KTEST_SUITE(pgtable, pgtable_test_init, pgtable_test_exit,
	    KTEST_CASE(identity_map_gone),
	    KTEST_CASE(cpu_paging_bits),
	    KTEST_CASE(map_unmap_scratch),
	    KTEST_CASE(protect_scratch),
	    KTEST_CASE(ro_write_faults),
	    KTEST_CASE(unmapped_access_faults),
	    KTEST_CASE(exec_scratch_runs),
	    KTEST_CASE(nx_exec_faults),
	    KTEST_CASE(direct_map_large_pages),
	    KTEST_CASE(direct_map_covers_ram),
	    KTEST_CASE(image_sections_wx),
	    KTEST_CASE(wx_kernel_half),
	    KTEST_CASE(bad_input));
