// SPDX-License-Identifier: GPL-2.0
/*
 * Host suite "mm_stress": long random sequences of page, kmalloc and cache
 * allocations and frees on the booted fake machine. Every live block holds a
 * pattern that must survive until it is freed (no overlap, no stray writes),
 * the free counters must stay consistent, and everything must come back.
 */
#include <tessera/ktest.h>
#include <tessera/mm.h>
#include <tessera/slab.h>
#include <tessera/string.h>

static u64 seed = 0x2545f4914f6cdd1dULL;

static unsigned int rnd(unsigned int n)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (unsigned int)(seed % n);
}

static bool counters_consistent(void)
{
	unsigned long sum = 0;
	unsigned int o;

	for (o = 0; o < MAX_ORDER; o++)
		sum += nr_free_pages_order(o) << o;
	return sum == nr_free_pages();
}

struct slot {
	u8 *p;
	size_t size;
	unsigned int order;
	u8 fill;
};

static bool slot_intact(const struct slot *s)
{
	return !memchr_inv(s->p, s->fill, s->size);
}

/* Random orders 0..7 into 64 slots; patterns checked at every free. */
static void stress_buddy(struct ktest *t)
{
	enum { OPS = 4000, SLOTS = 64 };
	static struct slot slots[SLOTS];
	unsigned long before = nr_free_pages(), damaged = 0, inconsistent = 0;
	unsigned int i, nfail = 0;

	for (i = 0; i < OPS; i++) {
		struct slot *s = &slots[rnd(SLOTS)];

		if (!s->p) {
			s->order = rnd(8);
			s->p = get_free_pages(__GFP_NOWARN, s->order);
			if (!s->p) {
				nfail++;
				continue;
			}
			s->size = PAGE_SIZE << s->order;
			s->fill = (u8)(i | 1);
			memset(s->p, s->fill, s->size);
		} else {
			damaged += !slot_intact(s);
			free_pages(s->p, s->order);
			s->p = NULL;
		}
		if (i % 64 == 0)
			inconsistent += !counters_consistent();
	}
	for (i = 0; i < SLOTS; i++) {
		if (slots[i].p) {
			damaged += !slot_intact(&slots[i]);
			free_pages(slots[i].p, slots[i].order);
			slots[i].p = NULL;
		}
	}
	KTEST_EXPECT_EQ(t, damaged, 0U);
	KTEST_EXPECT_EQ(t, inconsistent, 0U);
	KTEST_EXPECT_EQ(t, nfail, 0U);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before);
	KTEST_EXPECT_TRUE(t, counters_consistent());
}

static size_t random_kmalloc_size(void)
{
	switch (rnd(8)) {
	case 0:
		return 1 + rnd(3 * PAGE_SIZE);	/* sometimes large */
	case 1:
		return 1 + rnd(PAGE_SIZE);
	default:
		return 1 + rnd(256);
	}
}

/* Random kmalloc/kfree: ksize covers the request, classes are aligned. */
static void stress_kmalloc(struct ktest *t)
{
	enum { OPS = 20000, SLOTS = 256 };
	static struct slot slots[SLOTS];
	unsigned long damaged = 0, misaligned = 0, short_ksize = 0, w = warn_count;
	unsigned int i;

	for (i = 0; i < OPS; i++) {
		struct slot *s = &slots[rnd(SLOTS)];

		if (!s->p) {
			size_t size = random_kmalloc_size(), k;

			s->p = kmalloc(size, GFP_KERNEL);
			KTEST_ASSERT_NOT_NULL(t, s->p);
			k = ksize(s->p);
			short_ksize += k < size;
			if (k <= PAGE_SIZE)
				misaligned += !IS_ALIGNED((uintptr_t)s->p, k);
			else
				misaligned += !IS_ALIGNED((uintptr_t)s->p, PAGE_SIZE);
			s->size = size;
			s->fill = (u8)(i | 1);
			memset(s->p, s->fill, size);
		} else {
			damaged += !slot_intact(s);
			kfree(s->p);
			s->p = NULL;
		}
	}
	for (i = 0; i < SLOTS; i++) {
		if (slots[i].p) {
			damaged += !slot_intact(&slots[i]);
			kfree(slots[i].p);
			slots[i].p = NULL;
		}
	}
	KTEST_EXPECT_EQ(t, damaged, 0U);
	KTEST_EXPECT_EQ(t, misaligned, 0U);
	KTEST_EXPECT_EQ(t, short_ksize, 0U);
	KTEST_EXPECT_EQ(t, warn_count, w);
	KTEST_EXPECT_TRUE(t, counters_consistent());
}

/* Caches of random geometry, churned, destroyed: no page lost. */
static void stress_caches(struct ktest *t)
{
	enum { CACHES = 12, SLOTS = 96, OPS = 6000 };
	static struct kmem_cache *caches[CACHES];
	static struct slot slots[SLOTS];
	static unsigned int slot_cache[SLOTS];
	static size_t sizes[CACHES], aligns[CACHES];
	unsigned long before, damaged = 0, misaligned = 0, w = warn_count;
	unsigned int i;

	kmem_cache_destroy(kmem_cache_create("stress-warm", 8, 0, 0, NULL));
	before = nr_free_pages();
	for (i = 0; i < CACHES; i++) {
		sizes[i] = 1 + rnd(i < 2 ? 20000 : 600);
		aligns[i] = rnd(3) ? 1UL << rnd(13) : 0;
		caches[i] = kmem_cache_create("stress", sizes[i], aligns[i],
					      rnd(4) ? 0 : SLAB_HWCACHE_ALIGN, NULL);
		KTEST_ASSERT_NOT_NULL(t, caches[i]);
	}
	for (i = 0; i < OPS; i++) {
		unsigned int n = rnd(SLOTS);
		struct slot *s = &slots[n];

		if (!s->p) {
			unsigned int c = rnd(CACHES);

			s->p = kmem_cache_alloc(caches[c], GFP_KERNEL);
			KTEST_ASSERT_NOT_NULL(t, s->p);
			slot_cache[n] = c;
			misaligned += !IS_ALIGNED((uintptr_t)s->p, aligns[c] ? aligns[c] : 8);
			s->size = sizes[c];
			s->fill = (u8)(i | 1);
			memset(s->p, s->fill, s->size);
		} else {
			damaged += !slot_intact(s);
			kmem_cache_free(caches[slot_cache[n]], s->p);
			s->p = NULL;
		}
	}
	for (i = 0; i < SLOTS; i++) {
		if (slots[i].p) {
			damaged += !slot_intact(&slots[i]);
			kmem_cache_free(caches[slot_cache[i]], slots[i].p);
			slots[i].p = NULL;
		}
	}
	for (i = 0; i < CACHES; i++)
		kmem_cache_destroy(caches[i]);
	KTEST_EXPECT_EQ(t, damaged, 0U);
	KTEST_EXPECT_EQ(t, misaligned, 0U);
	KTEST_EXPECT_EQ(t, warn_count, w);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before);
}

KTEST_SUITE(mm_stress, NULL, NULL,
	    KTEST_CASE(stress_buddy),
	    KTEST_CASE(stress_kmalloc),
	    KTEST_CASE(stress_caches));
