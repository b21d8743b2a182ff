// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for vmalloc space: vmalloc/vfree from one byte to several MiB,
 * guard pages, no leaks or overlaps, bad frees, guarded kernel stacks, and
 * ioremap of the local APIC.
 */
#include <tessera/bug.h>
#include <tessera/errno.h>
#include <tessera/ktest.h>
#include <tessera/mm.h>
#include <tessera/slab.h>
#include <tessera/vmalloc.h>
#include <asm/io.h>
#include <asm/pgtable.h>
#include <asm/processor.h>

#define APIC_BASE_ENABLE	(1UL << 11)	/* IA32_APIC_BASE: xAPIC global enable */
#define APIC_BASE_X2APIC	(1UL << 10)	/* x2APIC mode: no MMIO window */
#define APIC_VERSION		0x30		/* version register offset */

static const size_t test_sizes[] = {
	1, 100, PAGE_SIZE - 1, PAGE_SIZE, PAGE_SIZE + 1, 3 * PAGE_SIZE + 5,
	MB(1), MB(4) + 123,
};

/* A stack an oopsing case could not free; the suite exit does. */
static void *leftover_stack;

static void vmalloc_test_exit(void)
{
	free_kernel_stack(leftover_stack);
	leftover_stack = NULL;
}

static u8 pattern(size_t i, unsigned int seed)
{
	return (u8)(i * 31 + seed * 7 + (i >> 12));
}

static void fill(void *p, size_t n, unsigned int seed)
{
	u8 *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		b[i] = pattern(i, seed);
}

static bool check(const void *p, size_t n, unsigned int seed)
{
	const u8 *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] != pattern(i, seed))
			return false;
	return true;
}

/* Pages of [@addr, @addr + @len) not mapped as 4 KiB, RW, NX pages. */
static unsigned long unmapped_pages(unsigned long addr, unsigned long len)
{
	unsigned long va, size, bad = 0;
	pteval_t e;

	for (va = addr; va < addr + len; va += PAGE_SIZE) {
		e = lookup_kernel_address(va, &size);
		if (!e || size != PAGE_SIZE || !(e & _PAGE_RW) ||
		    (pgtable_has_nx() && !(e & _PAGE_NX)))
			bad++;
	}
	return bad;
}

/* every size: page aligned, in vmalloc space, zeroed, mapped, guard after */
static void vmalloc_sizes(struct ktest *t)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(test_sizes); i++) {
		size_t n = test_sizes[i], len = ALIGN(n, PAGE_SIZE);
		u8 *p = vmalloc(n);

		KTEST_ASSERT_NOT_NULL(t, p);
		KTEST_EXPECT_TRUE(t, is_vmalloc_addr(p));
		KTEST_EXPECT_TRUE(t, IS_ALIGNED((unsigned long)p, PAGE_SIZE));
		KTEST_EXPECT_NULL(t, memchr_inv(p, 0, len));
		KTEST_EXPECT_EQ(t, unmapped_pages((unsigned long)p, len), 0);
		KTEST_EXPECT_EQ(t, lookup_kernel_address((unsigned long)p + len, NULL), 0);
		fill(p, n, i);
		KTEST_EXPECT_TRUE(t, check(p, n, i));
		vfree(p);
		KTEST_EXPECT_EQ(t, lookup_kernel_address((unsigned long)p, NULL), 0);
	}
}

/* several live areas keep their own contents; no two overlap, guards included */
static void vmalloc_contents_no_overlap(struct ktest *t)
{
	void *p[ARRAY_SIZE(test_sizes)];
	unsigned int i, j, overlaps = 0, damaged = 0;

	for (i = 0; i < ARRAY_SIZE(test_sizes); i++) {
		p[i] = vmalloc(test_sizes[i]);
		KTEST_ASSERT_NOT_NULL(t, p[i]);
		fill(p[i], test_sizes[i], i + 100);
	}
	for (i = 0; i < ARRAY_SIZE(test_sizes); i++) {
		unsigned long a = (unsigned long)p[i];
		unsigned long a_end = a + ALIGN(test_sizes[i], PAGE_SIZE) + PAGE_SIZE;

		if (!check(p[i], test_sizes[i], i + 100))
			damaged++;
		for (j = 0; j < ARRAY_SIZE(test_sizes); j++) {
			unsigned long b = (unsigned long)p[j];

			if (i != j && b >= a && b < a_end)
				overlaps++;
		}
	}
	KTEST_EXPECT_EQ(t, damaged, 0);
	KTEST_EXPECT_EQ(t, overlaps, 0);
	for (i = 0; i < ARRAY_SIZE(test_sizes); i++)
		vfree(p[i]);
}

/* distinct virtual pages are backed by distinct physical pages */
static void vmalloc_distinct_frames(struct ktest *t)
{
	enum { N = 3, PAGES = 6 };
	phys_addr_t pa[N * PAGES];
	unsigned int i, j, dup = 0;
	void *p[N];

	for (i = 0; i < N; i++) {
		p[i] = vmalloc(PAGES * PAGE_SIZE);
		KTEST_ASSERT_NOT_NULL(t, p[i]);
		for (j = 0; j < PAGES; j++)
			pa[i * PAGES + j] = leaf_phys(lookup_kernel_address(
				(unsigned long)p[i] + j * PAGE_SIZE, NULL), PAGE_SIZE);
	}
	for (i = 0; i < N * PAGES; i++)
		for (j = i + 1; j < N * PAGES; j++)
			if (pa[i] == pa[j])
				dup++;
	KTEST_EXPECT_EQ(t, dup, 0);
	for (i = 0; i < N; i++)
		vfree(p[i]);
}

/* before: F free pages; while allocated: fewer; after vfree: F again */
static void vfree_returns_pages(struct ktest *t)
{
	void *p[ARRAY_SIZE(test_sizes)];
	unsigned long before = 0, during = 0, pages = 0;
	unsigned int i, round;

	/* round 0 warms up page tables and slab; round 1 is measured */
	for (round = 0; round < 2; round++) {
		before = nr_free_pages();
		pages = 0;
		for (i = 0; i < ARRAY_SIZE(test_sizes); i++) {
			p[i] = vmalloc(test_sizes[i]);
			KTEST_ASSERT_NOT_NULL(t, p[i]);
			pages += PFN_UP(test_sizes[i]);
		}
		during = nr_free_pages();
		for (i = 0; i < ARRAY_SIZE(test_sizes); i++)
			vfree(p[i]);
	}
	KTEST_EXPECT_LE(t, during + pages, before);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before);
}

static void vmalloc_bad_input(struct ktest *t)
{
	unsigned long before = nr_free_pages();

	KTEST_EXPECT_NULL(t, vmalloc((before + 1) << PAGE_SHIFT));	/* more than is free */
	KTEST_EXPECT_EQ(t, nr_free_pages(), before);
	KTEST_EXPECT_NULL(t, vmalloc(0));
	KTEST_EXPECT_NULL(t, vmalloc(VMALLOC_END - VMALLOC_START + 1));
	KTEST_EXPECT_NULL(t, vmalloc(~(size_t)0));
	KTEST_EXPECT_FALSE(t, is_vmalloc_addr((void *)PAGE_OFFSET));
	KTEST_EXPECT_FALSE(t, is_vmalloc_addr((void *)VMALLOC_END));
	KTEST_EXPECT_TRUE(t, is_vmalloc_addr((void *)VMALLOC_START));
}

/* a bad vfree is a WARN and changes nothing; a good one still works after */
static void vfree_bad_pointer_warns(struct ktest *t)
{
	unsigned long warns = warn_count;
	void *k = kmalloc(64, GFP_KERNEL);
	u8 *p = vmalloc(3 * PAGE_SIZE);
	void *s = alloc_kernel_stack();

	KTEST_ASSERT_NOT_NULL(t, k);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_ASSERT_NOT_NULL(t, s);
	fill(p, 3 * PAGE_SIZE, 9);

	vfree(NULL);
	KTEST_EXPECT_EQ(t, warn_count, warns);
	vfree(k);			/* not vmalloc memory */
	vfree(p + PAGE_SIZE);		/* the middle of an area */
	vfree(p + 1);
	vfree(s);			/* a stack */
	vfree((void *)VMALLOC_END - PAGE_SIZE);
	KTEST_EXPECT_EQ(t, warn_count, warns + 5);
	KTEST_EXPECT_TRUE(t, check(p, 3 * PAGE_SIZE, 9));
	KTEST_EXPECT_EQ(t, unmapped_pages((unsigned long)s, THREAD_SIZE), 0);

	vfree(p);
	KTEST_EXPECT_EQ(t, warn_count, warns + 5);
	vfree(p);			/* twice */
	KTEST_EXPECT_EQ(t, warn_count, warns + 6);
	free_kernel_stack(s);
	kfree(k);
}

/* the stack is mapped, THREAD_SIZE aligned, and the page below it is not */
static void kernel_stack_guard(struct ktest *t)
{
	unsigned long before, b;
	u8 *s;

	free_kernel_stack(alloc_kernel_stack());	/* warm up */
	before = nr_free_pages();
	s = alloc_kernel_stack();
	KTEST_ASSERT_NOT_NULL(t, s);
	b = (unsigned long)s;

	KTEST_EXPECT_TRUE(t, is_vmalloc_addr(s));
	KTEST_EXPECT_TRUE(t, IS_ALIGNED(b, THREAD_SIZE));
	KTEST_EXPECT_EQ(t, unmapped_pages(b, THREAD_SIZE), 0);
	KTEST_EXPECT_EQ(t, lookup_kernel_address(b - PAGE_SIZE, NULL), 0);
	KTEST_EXPECT_NULL(t, memchr_inv(s, 0, THREAD_SIZE));
	s[0] = 1;
	s[THREAD_SIZE - 1] = 2;
	KTEST_EXPECT_EQ(t, s[0] + s[THREAD_SIZE - 1], 3);
	KTEST_EXPECT_EQ(t, nr_free_pages() + THREAD_SIZE / PAGE_SIZE, before);

	free_kernel_stack(s);
	KTEST_EXPECT_EQ(t, lookup_kernel_address(b, NULL), 0);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before);
}

/* stacks and vmalloc areas interleave without sharing a guard */
static void stacks_and_areas_apart(struct ktest *t)
{
	void *a = vmalloc(1), *s1 = alloc_kernel_stack(), *s2 = alloc_kernel_stack();
	unsigned long sa = (unsigned long)s1, sb = (unsigned long)s2;

	KTEST_ASSERT_TRUE(t, a && s1 && s2);
	KTEST_EXPECT_EQ(t, lookup_kernel_address(sa - PAGE_SIZE, NULL), 0);
	KTEST_EXPECT_EQ(t, lookup_kernel_address(sb - PAGE_SIZE, NULL), 0);
	KTEST_EXPECT_EQ(t, lookup_kernel_address((unsigned long)a + PAGE_SIZE, NULL), 0);
	KTEST_EXPECT_TRUE(t, sb >= sa + THREAD_SIZE + PAGE_SIZE || sa >= sb + THREAD_SIZE + PAGE_SIZE);
	vfree(a);
	free_kernel_stack(s2);
	free_kernel_stack(s1);
}

/* running off the bottom of a stack faults on its guard page */
static void kernel_stack_overflow_faults(struct ktest *t)
{
	leftover_stack = alloc_kernel_stack();
	KTEST_ASSERT_NOT_NULL(t, leftover_stack);
	ktest_expect_oops(t);
	*((volatile u64 *)leftover_stack - 1) = 0xdead;
}

/* The xAPIC MMIO base, or 0 if the LAPIC is off or in x2APIC mode. */
static phys_addr_t lapic_phys(void)
{
	u64 msr = rdmsr(MSR_APIC_BASE);

	if (!(msr & APIC_BASE_ENABLE) || (msr & APIC_BASE_X2APIC))
		return 0;
	return msr & PTE_ADDR_MASK;
}

/* the LAPIC version register reads through an uncached mapping */
static void ioremap_lapic(struct ktest *t)
{
	phys_addr_t pa = lapic_phys();
	void __iomem *regs;
	unsigned long va, size;
	pteval_t e;

	if (!pa) {
		ktest_skip(t, "no xAPIC MMIO window");
		return;
	}
	regs = ioremap(pa, PAGE_SIZE);
	KTEST_ASSERT_NOT_NULL(t, regs);
	va = (__force unsigned long)regs;
	KTEST_EXPECT_TRUE(t, is_vmalloc_addr((__force void *)regs));
	e = lookup_kernel_address(va, &size);
	KTEST_EXPECT_EQ(t, size, PAGE_SIZE);
	KTEST_EXPECT_EQ(t, leaf_phys(e, size), pa);
	KTEST_EXPECT_EQ(t, e & (_PAGE_PCD | _PAGE_PWT), _PAGE_PCD | _PAGE_PWT);
	if (pgtable_has_nx())
		KTEST_EXPECT_TRUE(t, e & _PAGE_NX);
	KTEST_EXPECT_NE(t, readl(regs + APIC_VERSION) & 0xff, 0);
	KTEST_EXPECT_EQ(t, lookup_kernel_address(va + PAGE_SIZE, NULL), 0);

	iounmap(regs);
	KTEST_EXPECT_EQ(t, lookup_kernel_address(va, NULL), 0);
}

/* an unaligned start comes back at the same offset; a page-crossing range maps both */
static void ioremap_unaligned(struct ktest *t)
{
	phys_addr_t pa = lapic_phys();
	void __iomem *whole, *ver, *cross;
	unsigned long v;

	if (!pa) {
		ktest_skip(t, "no xAPIC MMIO window");
		return;
	}
	whole = ioremap(pa, PAGE_SIZE);
	ver = ioremap(pa + APIC_VERSION, 4);
	KTEST_ASSERT_TRUE(t, whole && ver);
	v = (__force unsigned long)ver;
	KTEST_EXPECT_EQ(t, v & ~PAGE_MASK, APIC_VERSION);
	KTEST_EXPECT_EQ(t, readl(ver), readl(whole + APIC_VERSION));

	cross = ioremap(pa + PAGE_SIZE - 4, 8);
	KTEST_ASSERT_NOT_NULL(t, cross);
	v = (__force unsigned long)cross & PAGE_MASK;
	KTEST_EXPECT_NE(t, lookup_kernel_address(v, NULL), 0);
	KTEST_EXPECT_NE(t, lookup_kernel_address(v + PAGE_SIZE, NULL), 0);
	KTEST_EXPECT_EQ(t, leaf_phys(lookup_kernel_address(v + PAGE_SIZE, NULL), PAGE_SIZE),
			pa + PAGE_SIZE);

	iounmap(cross);
	KTEST_EXPECT_EQ(t, lookup_kernel_address(v + PAGE_SIZE, NULL), 0);
	iounmap(ver);			/* the unaligned pointer itself */
	KTEST_EXPECT_EQ(t, lookup_kernel_address((__force unsigned long)ver, NULL), 0);
	iounmap(whole);
}

static void ioremap_bad_input(struct ktest *t)
{
	unsigned long warns = warn_count;
	void *ram = get_free_page(GFP_KERNEL);
	u8 *p = vmalloc(1);

	KTEST_ASSERT_TRUE(t, ram && p);
	KTEST_EXPECT_NULL(t, ioremap(0xfee00000, 0));
	KTEST_EXPECT_NULL(t, ioremap(~(phys_addr_t)0 - 10, 100));
	KTEST_EXPECT_NULL(t, ioremap(1ULL << 52, PAGE_SIZE));
	KTEST_EXPECT_NULL(t, ioremap(__pa(ram), PAGE_SIZE));	/* RAM */
	KTEST_EXPECT_EQ(t, warn_count, warns);

	iounmap(NULL);
	KTEST_EXPECT_EQ(t, warn_count, warns);
	iounmap((__force void __iomem *)p);	/* vmalloc memory */
	iounmap((__force void __iomem *)ram);
	KTEST_EXPECT_EQ(t, warn_count, warns + 2);
	KTEST_EXPECT_NE(t, lookup_kernel_address((unsigned long)p, NULL), 0);
	vfree(p);
	free_page(ram);
}

KTEST_SUITE(vmalloc, NULL, vmalloc_test_exit,
	    KTEST_CASE(vmalloc_sizes),
	    KTEST_CASE(vmalloc_contents_no_overlap),
	    KTEST_CASE(vmalloc_distinct_frames),
	    KTEST_CASE(vfree_returns_pages),
	    KTEST_CASE(vmalloc_bad_input),
	    KTEST_CASE(vfree_bad_pointer_warns),
	    KTEST_CASE(kernel_stack_guard),
	    KTEST_CASE(stacks_and_areas_apart),
	    KTEST_CASE(kernel_stack_overflow_faults),
	    KTEST_CASE(ioremap_lapic),
	    KTEST_CASE(ioremap_unaligned),
	    KTEST_CASE(ioremap_bad_input));
