// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite "buddy": the page allocator through its public API. Every case
 * must leave the free lists exactly as it found them (checked per order).
 * Also built into the host tests (tests/host/mm/) over a fake mem_map.
 */
#include <tessera/ktest.h>
#include <tessera/mm.h>
#include <tessera/bug.h>
#include <tessera/string.h>

/* The buddy state is a function of the set of free pages: compare it all. */
struct buddy_snap {
	unsigned long total;
	unsigned long blocks[MAX_ORDER];
};

static void snap(struct buddy_snap *s)
{
	unsigned int o;

	s->total = nr_free_pages();
	for (o = 0; o < MAX_ORDER; o++)
		s->blocks[o] = nr_free_pages_order(o);
}

static void expect_snap_equal(struct ktest *t, const struct buddy_snap *a,
			      const struct buddy_snap *b)
{
	unsigned int o;

	KTEST_EXPECT_EQ(t, a->total, b->total);
	for (o = 0; o < MAX_ORDER; o++)
		KTEST_EXPECT_EQ(t, a->blocks[o], b->blocks[o]);
}

/* Allocated blocks chained through their first word. */
static void chain_push(void **chain, void *block)
{
	*(void **)block = *chain;
	*chain = block;
}

static void chain_free(void *chain, unsigned int order)
{
	while (chain) {
		void *next = *(void **)chain;

		free_pages(chain, order);
		chain = next;
	}
}

/* Take every free order-0 block, so the next order-0 allocation splits. */
static void *drain_order0(void)
{
	void *chain = NULL;

	while (nr_free_pages_order(0))
		chain_push(&chain, get_free_page(GFP_KERNEL));
	return chain;
}

#define BUDDY_CASE(name)						\
static void name##_body(struct ktest *t);				\
static void name(struct ktest *t)					\
{									\
	struct buddy_snap before, after;				\
									\
	snap(&before);							\
	name##_body(t);							\
	snap(&after);							\
	expect_snap_equal(t, &before, &after);				\
}									\
static void name##_body(struct ktest *t)

/* Each order can be allocated, is accounted, is usable, and comes back. */
BUDDY_CASE(buddy_every_order)
{
	unsigned int o;

	for (o = 0; o < MAX_ORDER; o++) {
		unsigned long before = nr_free_pages(), size = PAGE_SIZE << o;
		struct page *page = alloc_pages(GFP_KERNEL, o);
		u8 *p;

		KTEST_ASSERT_NOT_NULL(t, page);
		KTEST_EXPECT_EQ(t, nr_free_pages(), before - (1UL << o));
		KTEST_EXPECT_EQ(t, page->order, o);
		p = page_address(page);
		p[0] = 0x5a;
		p[size - 1] = 0xa5;
		KTEST_EXPECT_EQ(t, p[0] + p[size - 1], 0xff);
		__free_pages(page, o);
		KTEST_EXPECT_EQ(t, nr_free_pages(), before);
	}
}

/*
 * before: order-0 list empty, lowest free block at order k
 * alloc:  orders 0..k-1 gain one block each, order k loses one
 * free:   the halves merge back into the order-k block
 */
BUDDY_CASE(buddy_split_merge)
{
	struct buddy_snap drained, split, merged;
	void *chain = drain_order0();
	unsigned int k, o;
	struct page *page;

	snap(&drained);
	KTEST_EXPECT_EQ(t, drained.blocks[0], 0U);
	for (k = 1; k < MAX_ORDER && !drained.blocks[k]; k++)
		;
	KTEST_ASSERT_TRUE(t, k < MAX_ORDER);

	page = alloc_pages(GFP_KERNEL, 0);
	KTEST_ASSERT_NOT_NULL(t, page);
	snap(&split);
	KTEST_EXPECT_EQ(t, split.total, drained.total - 1);
	KTEST_EXPECT_EQ(t, split.blocks[k], drained.blocks[k] - 1);
	for (o = 0; o < k; o++)
		KTEST_EXPECT_EQ(t, split.blocks[o], drained.blocks[o] + 1);

	__free_pages(page, 0);
	snap(&merged);
	expect_snap_equal(t, &drained, &merged);
	chain_free(chain, 0);
}

/* A block of order k starts at a multiple of its size, PFN and address. */
BUDDY_CASE(buddy_alignment)
{
	struct page *pages[3];
	unsigned int o, i;

	for (o = 0; o < MAX_ORDER; o++) {
		for (i = 0; i < ARRAY_SIZE(pages); i++) {
			pages[i] = alloc_pages(__GFP_NOWARN, o);
			if (!pages[i])
				continue;
			KTEST_EXPECT_EQ(t, page_to_pfn(pages[i]) & ((1UL << o) - 1), 0U);
			KTEST_EXPECT_TRUE(t, IS_ALIGNED((uintptr_t)page_address(pages[i]),
							PAGE_SIZE << o));
		}
		KTEST_EXPECT_NOT_NULL(t, pages[0]);
		for (i = 0; i < ARRAY_SIZE(pages); i++)
			if (pages[i])
				__free_pages(pages[i], o);
	}
}

/* __GFP_ZERO zeroes the whole block, even one that was dirty when freed. */
BUDDY_CASE(buddy_gfp_zero)
{
	static const unsigned int orders[] = { 0, 3, MAX_ORDER - 1 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(orders); i++) {
		unsigned int o = orders[i];
		void *p = get_free_pages(GFP_KERNEL, o);

		KTEST_ASSERT_NOT_NULL(t, p);
		memset(p, 0xff, PAGE_SIZE << o);
		free_pages(p, o);
		p = get_free_pages(GFP_ZERO, o);
		KTEST_ASSERT_NOT_NULL(t, p);
		KTEST_EXPECT_NULL(t, memchr_inv(p, 0, PAGE_SIZE << o));
		free_pages(p, o);
	}
}

/* Taking every top-order block ends in NULL, not a crash; all come back. */
BUDDY_CASE(buddy_exhaust_high_order)
{
	const unsigned int top = MAX_ORDER - 1;
	unsigned long expected = nr_free_pages_order(top), got = 0;
	void *chain = NULL, *p;

	while ((p = get_free_pages(__GFP_NOWARN, top)) != NULL) {
		chain_push(&chain, p);
		if (++got > expected)
			break;
	}
	KTEST_EXPECT_NULL(t, p);
	KTEST_EXPECT_EQ(t, got, expected);
	KTEST_EXPECT_EQ(t, nr_free_pages_order(top), 0U);
	KTEST_EXPECT_NULL(t, get_free_pages(__GFP_NOWARN, top));
	chain_free(chain, top);
}

/* An order past the end is refused: a WARN unless __GFP_NOWARN. */
BUDDY_CASE(buddy_bad_order)
{
	unsigned long w = warn_count;

	KTEST_EXPECT_NULL(t, alloc_pages(__GFP_NOWARN, MAX_ORDER));
	KTEST_EXPECT_EQ(t, warn_count, w);
	KTEST_EXPECT_NULL(t, alloc_pages(GFP_KERNEL, MAX_ORDER));
	KTEST_EXPECT_EQ(t, warn_count, w + 1);
	KTEST_EXPECT_NULL(t, alloc_pages(GFP_KERNEL, ~0u));
	KTEST_EXPECT_EQ(t, warn_count, w + 2);
}

static u8 not_ram[2 * PAGE_SIZE] __aligned(PAGE_SIZE);

/* Each bad free is one WARN and changes nothing (the wrapper checks that). */
BUDDY_CASE(buddy_bad_free)
{
	unsigned long w = warn_count;
	struct page *page = alloc_pages(GFP_KERNEL, 2);

	KTEST_ASSERT_NOT_NULL(t, page);
	__free_pages(NULL, 0);
	KTEST_EXPECT_EQ(t, warn_count, w + 1);
	free_pages(NULL, 0);				/* documented no-op */
	KTEST_EXPECT_EQ(t, warn_count, w + 1);
	free_pages((u8 *)page_address(page) + 8, 2);	/* misaligned */
	KTEST_EXPECT_EQ(t, warn_count, w + 2);
	__free_pages(page + 1, 0);			/* tail page */
	KTEST_EXPECT_EQ(t, warn_count, w + 3);
	__free_pages(page + 2, 1);			/* aligned tail */
	KTEST_EXPECT_EQ(t, warn_count, w + 4);
	__free_pages(page, 1);				/* wrong order */
	KTEST_EXPECT_EQ(t, warn_count, w + 5);
	__free_pages(page, MAX_ORDER);
	KTEST_EXPECT_EQ(t, warn_count, w + 6);
	__free_pages(pfn_to_page(0), 0);		/* reserved: first MiB */
	KTEST_EXPECT_EQ(t, warn_count, w + 7);
	free_pages(not_ram, 0);				/* kernel image, not RAM */
	KTEST_EXPECT_EQ(t, warn_count, w + 8);
	__free_pages((struct page *)((char *)page + 1), 0);
	KTEST_EXPECT_EQ(t, warn_count, w + 9);

	__free_pages(page, 2);				/* the good free */
	KTEST_EXPECT_EQ(t, warn_count, w + 9);
	__free_pages(page, 2);				/* double free */
	KTEST_EXPECT_EQ(t, warn_count, w + 10);
}

/*
 * With CONFIG_PAGE_POISONING a freed page reads PAGE_POISON, and a write
 * to it is reported when the page is handed out again.
 */
BUDDY_CASE(buddy_poisoning)
{
	void *chain;
	struct page *x, *y, *z;
	unsigned long w;
	u8 *p;

#ifndef CONFIG_PAGE_POISONING
	ktest_skip(t, "CONFIG_PAGE_POISONING is off");
	return;
#endif
	chain = drain_order0();
	x = alloc_pages(GFP_KERNEL, 0);		/* splits: its buddy goes to order 0 */
	y = alloc_pages(GFP_KERNEL, 0);		/* ... and is taken here */
	KTEST_ASSERT_TRUE(t, x && y);
	KTEST_EXPECT_PTR_EQ(t, y, x + 1);
	__free_pages(x, 0);			/* buddy busy: stays order 0 */
	p = page_address(x);
	KTEST_EXPECT_NULL(t, memchr_inv(p, PAGE_POISON, PAGE_SIZE));

	w = warn_count;
	p[100] = 0;				/* write after free */
	z = alloc_pages(GFP_KERNEL, 0);
	KTEST_EXPECT_PTR_EQ(t, z, x);
	KTEST_EXPECT_EQ(t, warn_count, w + 1);
	__free_pages(z, 0);
	z = alloc_pages(GFP_KERNEL, 0);		/* freshly poisoned: no report */
	KTEST_EXPECT_EQ(t, warn_count, w + 1);
	__free_pages(z, 0);
	__free_pages(y, 0);
	chain_free(chain, 0);
}

/* The accounting agrees with itself. */
BUDDY_CASE(buddy_accounting)
{
	unsigned long sum = 0;
	unsigned int o;

	KTEST_EXPECT_TRUE(t, page_alloc_ready());
	for (o = 0; o < MAX_ORDER; o++)
		sum += nr_free_pages_order(o) << o;
	KTEST_EXPECT_EQ(t, sum, nr_free_pages());
	KTEST_EXPECT_LE(t, nr_free_pages(), totalram_pages());
	KTEST_EXPECT_GT(t, totalram_pages(), 0U);
	KTEST_EXPECT_EQ(t, nr_free_pages_order(MAX_ORDER), 0U);
}

KTEST_SUITE(buddy, NULL, NULL,
	    KTEST_CASE(buddy_every_order),
	    KTEST_CASE(buddy_split_merge),
	    KTEST_CASE(buddy_alignment),
	    KTEST_CASE(buddy_gfp_zero),
	    KTEST_CASE(buddy_exhaust_high_order),
	    KTEST_CASE(buddy_bad_order),
	    KTEST_CASE(buddy_bad_free),
	    KTEST_CASE(buddy_poisoning),
	    KTEST_CASE(buddy_accounting));
