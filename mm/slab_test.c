// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite "slab": kmalloc size classes and alignment, dedicated caches,
 * large kmalloc, poisoning, bad frees, and create/destroy without leaks.
 * Also built into the host tests (tests/host/mm/) over a fake mem_map.
 */
#include <tessera/ktest.h>
#include <tessera/slab.h>
#include <tessera/bug.h>
#include <tessera/string.h>

#define SLAB_TEST_POISON	0x6b	/* what CONFIG_SLAB_DEBUG fills freed objects with */

static size_t expected_class(size_t size)
{
	size_t c = KMALLOC_MIN_SIZE;

	while (c < size)
		c <<= 1;
	return c;
}

/* Every size lands in the next power-of-two class and is aligned to it. */
static void slab_size_classes(struct ktest *t)
{
	static const size_t sizes[] = {
		1, 8, 15, 16, 17, 24, 32, 33, 63, 64, 65, 100, 128, 129, 200, 256,
		257, 500, 512, 513, 1000, 1024, 1025, 2047, 2048, 2049, 4000, 4096,
	};
	void *objs[ARRAY_SIZE(sizes)];
	unsigned long w = warn_count;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		size_t class = expected_class(sizes[i]);

		objs[i] = kmalloc(sizes[i], GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, objs[i]);
		KTEST_EXPECT_EQ(t, ksize(objs[i]), class);
		KTEST_EXPECT_TRUE(t, IS_ALIGNED((uintptr_t)objs[i], class));
		memset(objs[i], i, class);
	}
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		KTEST_EXPECT_NULL(t, memchr_inv(objs[i], i, expected_class(sizes[i])));
		kfree(objs[i]);
	}
	KTEST_EXPECT_EQ(t, warn_count, w);
}

/* Hundreds of objects over several slabs: distinct, aligned, no overlap. */
static void slab_many_objects(struct ktest *t)
{
	enum { N = 600, SIZE = 32 };
	static u32 *objs[N];
	unsigned int i, bad = 0;

	for (i = 0; i < N; i++) {
		objs[i] = kmalloc(SIZE, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, objs[i]);
		memset(objs[i], 0, SIZE);
		objs[i][0] = i;
		objs[i][SIZE / 4 - 1] = ~i;
	}
	for (i = 0; i < N; i++) {
		if (objs[i][0] != i || objs[i][SIZE / 4 - 1] != ~i ||
		    !IS_ALIGNED((uintptr_t)objs[i], SIZE))
			bad++;
	}
	KTEST_EXPECT_EQ(t, bad, 0U);
	for (i = 0; i < N; i++)
		kfree(objs[i]);
}

/* kzalloc/kcalloc/kmem_cache_zalloc zero memory that was dirty. */
static void slab_zeroing(struct ktest *t)
{
	struct kmem_cache *c;
	u8 *p;

	p = kmalloc(256, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, p);
	memset(p, 0xff, 256);
	kfree(p);
	p = kzalloc(256, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_NULL(t, memchr_inv(p, 0, 256));
	memset(p, 0xff, 256);
	kfree(p);

	p = kcalloc(10, 24, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_GE(t, ksize(p), 240U);
	KTEST_EXPECT_NULL(t, memchr_inv(p, 0, 240));
	kfree(p);

	c = kmem_cache_create("test-zalloc", 72, 0, 0, NULL);
	KTEST_ASSERT_NOT_NULL(t, c);
	p = kmem_cache_alloc(c, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, p);
	memset(p, 0xff, 72);
	kmem_cache_free(c, p);
	p = kmem_cache_zalloc(c, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_NULL(t, memchr_inv(p, 0, 72));
	kmem_cache_free(c, p);
	kmem_cache_destroy(c);
}

/* Size 0 and overflowing sizes give NULL, quietly. */
static void slab_zero_and_overflow(struct ktest *t)
{
	unsigned long w = warn_count;

	KTEST_EXPECT_NULL(t, kmalloc(0, GFP_KERNEL));
	KTEST_EXPECT_NULL(t, kzalloc(0, GFP_KERNEL));
	KTEST_EXPECT_NULL(t, kcalloc(0, 8, GFP_KERNEL));
	KTEST_EXPECT_NULL(t, kcalloc(SIZE_MAX / 2, 4, GFP_KERNEL));
	KTEST_EXPECT_NULL(t, kcalloc(4, SIZE_MAX / 2 + 1, GFP_KERNEL));
	KTEST_EXPECT_NULL(t, kmalloc(SIZE_MAX, __GFP_NOWARN));
	KTEST_EXPECT_EQ(t, warn_count, w);
	KTEST_EXPECT_EQ(t, ksize(NULL), 0U);
	kfree(NULL);
	KTEST_EXPECT_EQ(t, warn_count, w);
}

/* Above PAGE_SIZE: whole pages, page aligned, exact page accounting. */
static void slab_large(struct ktest *t)
{
	unsigned long before = nr_free_pages(), w = warn_count;
	u8 *p, *q;

	p = kmalloc(PAGE_SIZE + 1, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_TRUE(t, IS_ALIGNED((uintptr_t)p, PAGE_SIZE));
	KTEST_EXPECT_EQ(t, ksize(p), 2 * PAGE_SIZE);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before - 2);
	memset(p, 0x33, 2 * PAGE_SIZE);

	q = kzalloc(64 * 1024, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, q);
	KTEST_EXPECT_TRUE(t, IS_ALIGNED((uintptr_t)q, 64 * 1024));
	KTEST_EXPECT_EQ(t, ksize(q), 64 * 1024UL);
	KTEST_EXPECT_NULL(t, memchr_inv(q, 0, 64 * 1024));
	KTEST_EXPECT_EQ(t, nr_free_pages(), before - 2 - 16);
	kfree(q);
	kfree(p);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before);

	p = kmalloc(PAGE_SIZE << (MAX_ORDER - 1), __GFP_NOWARN);
	KTEST_EXPECT_NOT_NULL(t, p);
	kfree(p);
	KTEST_EXPECT_NULL(t, kmalloc((PAGE_SIZE << (MAX_ORDER - 1)) + 1, __GFP_NOWARN));
	KTEST_EXPECT_EQ(t, warn_count, w);
	KTEST_EXPECT_NULL(t, kmalloc((PAGE_SIZE << (MAX_ORDER - 1)) + 1, GFP_KERNEL));
	KTEST_EXPECT_EQ(t, warn_count, w + 1);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before);
}

/* Allocate @n objects of @c, check alignment and that they do not overlap. */
static void check_cache_alignment(struct ktest *t, struct kmem_cache *c, size_t size,
				  size_t align, unsigned int n)
{
	u8 *objs[40];
	unsigned int i, bad = 0;

	for (i = 0; i < n && i < ARRAY_SIZE(objs); i++) {
		objs[i] = kmem_cache_alloc(c, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, objs[i]);
		if (!IS_ALIGNED((uintptr_t)objs[i], align))
			bad++;
		memset(objs[i], i, size);
	}
	KTEST_EXPECT_EQ(t, bad, 0U);
	for (i = 0; i < n && i < ARRAY_SIZE(objs); i++) {
		KTEST_EXPECT_NULL(t, memchr_inv(objs[i], i, size));
		KTEST_EXPECT_GE(t, ksize(objs[i]), size);
		kmem_cache_free(c, objs[i]);
	}
}

/* The aligned-cache API: explicit align 64/128/4096/8192 and HWCACHE. */
static void slab_dedicated_align(struct ktest *t)
{
	static const size_t aligns[] = { 64, 128, 4096, 8192 };
	unsigned long before = nr_free_pages();
	struct kmem_cache *c;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(aligns); i++) {
		c = kmem_cache_create("test-align", 100, aligns[i], 0, NULL);
		KTEST_ASSERT_NOT_NULL(t, c);
		check_cache_alignment(t, c, 100, aligns[i], 40);
		kmem_cache_destroy(c);
	}
	c = kmem_cache_create("test-hwcache", 24, 0, SLAB_HWCACHE_ALIGN, NULL);
	KTEST_ASSERT_NOT_NULL(t, c);
	check_cache_alignment(t, c, 24, 64, 40);
	kmem_cache_destroy(c);
	c = kmem_cache_create("test-default", 12, 0, 0, NULL);
	KTEST_ASSERT_NOT_NULL(t, c);
	check_cache_alignment(t, c, 12, 8, 40);
	kmem_cache_destroy(c);
	KTEST_EXPECT_LE(t, before, nr_free_pages() + 1);	/* a cache_cache slab */
}

/* Bad kmem_cache_create arguments are refused with NULL (no WARN). */
static void slab_create_bad_args(struct ktest *t)
{
	unsigned long w = warn_count;

	KTEST_EXPECT_NULL(t, kmem_cache_create(NULL, 32, 0, 0, NULL));
	KTEST_EXPECT_NULL(t, kmem_cache_create("test-bad", 0, 0, 0, NULL));
	KTEST_EXPECT_NULL(t, kmem_cache_create("test-bad", 32, 3, 0, NULL));
	KTEST_EXPECT_NULL(t, kmem_cache_create("test-bad", 32, 48, 0, NULL));
	KTEST_EXPECT_NULL(t, kmem_cache_create("test-bad", 32, 0, 0x100, NULL));
	KTEST_EXPECT_NULL(t, kmem_cache_create("test-bad", (PAGE_SIZE << MAX_ORDER), 0, 0,
					       NULL));
	KTEST_EXPECT_EQ(t, warn_count, w);
	kmem_cache_destroy(NULL);
	KTEST_EXPECT_EQ(t, warn_count, w);
}

static void ctor_fill(void *obj)
{
	*(u32 *)obj = 0xc0ffee;
}

/* A constructor runs on every object of a new slab; such caches are not poisoned. */
static void slab_ctor(struct ktest *t)
{
	struct kmem_cache *c = kmem_cache_create("test-ctor", 48, 0, 0, ctor_fill);
	u32 *a, *b;

	KTEST_ASSERT_NOT_NULL(t, c);
	a = kmem_cache_alloc(c, GFP_KERNEL);
	b = kmem_cache_alloc(c, GFP_KERNEL);
	KTEST_ASSERT_TRUE(t, a && b);
	KTEST_EXPECT_EQ(t, *a, 0xc0ffeeU);
	KTEST_EXPECT_EQ(t, *b, 0xc0ffeeU);
	kmem_cache_free(c, a);
	a = kmem_cache_alloc(c, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, a);
	KTEST_EXPECT_EQ(t, *a, 0xc0ffeeU);
	kmem_cache_free(c, a);
	kmem_cache_free(c, b);
	kmem_cache_destroy(c);
}

/* Create, fill over several slabs, free, destroy: not one page lost. */
static void slab_create_destroy_no_leak(struct ktest *t)
{
	enum { N = 200 };
	static void *objs[N];
	struct kmem_cache *c;
	unsigned long before;
	unsigned int i;

	/* Warm the cache of caches so its own slab is not counted below. */
	kmem_cache_destroy(kmem_cache_create("test-warm", 8, 0, 0, NULL));
	before = nr_free_pages();
	c = kmem_cache_create("test-leak", 256, 0, 0, NULL);
	KTEST_ASSERT_NOT_NULL(t, c);
	for (i = 0; i < N; i++) {
		objs[i] = kmem_cache_alloc(c, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, objs[i]);
	}
	KTEST_EXPECT_LE(t, nr_free_pages() + N * 256 / PAGE_SIZE, before);
	for (i = 0; i < N; i++)
		kmem_cache_free(c, objs[i]);
	kmem_cache_destroy(c);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before);
}

/* Destroying a cache with live objects is refused (WARN); it keeps working. */
static void slab_destroy_busy(struct ktest *t)
{
	struct kmem_cache *c = kmem_cache_create("test-busy", 64, 0, 0, NULL);
	unsigned long w = warn_count;
	void *a, *b;

	KTEST_ASSERT_NOT_NULL(t, c);
	a = kmem_cache_alloc(c, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, a);
	kmem_cache_destroy(c);
	KTEST_EXPECT_EQ(t, warn_count, w + 1);
	b = kmem_cache_alloc(c, GFP_KERNEL);
	KTEST_EXPECT_NOT_NULL(t, b);
	kmem_cache_free(c, b);
	kmem_cache_free(c, a);
	kmem_cache_destroy(c);
	KTEST_EXPECT_EQ(t, warn_count, w + 1);
}

/*
 * CONFIG_SLAB_DEBUG: a freed object reads 0x6b throughout (we peek after
 * free on purpose), and a write to it is reported on the next allocation.
 */
static void slab_poison(struct ktest *t)
{
	struct kmem_cache *c;
	u8 *a, *b, *p;
	unsigned long w;

#ifndef CONFIG_SLAB_DEBUG
	ktest_skip(t, "CONFIG_SLAB_DEBUG is off");
	return;
#endif
	a = kmalloc(128, GFP_KERNEL);
	b = kmalloc(128, GFP_KERNEL);	/* keeps a's slab alive whichever it is in */
	KTEST_ASSERT_TRUE(t, a && b);
	memset(a, 0x11, 128);
	kfree(a);
	KTEST_EXPECT_NULL(t, memchr_inv(a, SLAB_TEST_POISON, 128));
	kfree(b);

	c = kmem_cache_create("test-poison", 64, 0, 0, NULL);
	KTEST_ASSERT_NOT_NULL(t, c);
	a = kmem_cache_alloc(c, GFP_KERNEL);	/* object 0 of a fresh slab */
	b = kmem_cache_alloc(c, GFP_KERNEL);
	KTEST_ASSERT_TRUE(t, a && b);
	KTEST_EXPECT_NULL(t, memchr_inv(a, SLAB_TEST_POISON, 64));	/* not zeroed */
	kmem_cache_free(c, a);
	w = warn_count;
	a[17] = 0;				/* write after free */
	p = kmem_cache_alloc(c, GFP_KERNEL);	/* lowest free object: a again */
	KTEST_EXPECT_PTR_EQ(t, p, a);
	KTEST_EXPECT_EQ(t, warn_count, w + 1);
	kmem_cache_free(c, p);
	kmem_cache_free(c, b);
	kmem_cache_destroy(c);
}

static u8 not_heap[64] __aligned(64);

/* Each bad kfree/ksize/kmem_cache_free is one WARN and is ignored. */
static void slab_bad_free(struct ktest *t)
{
	struct kmem_cache *c = kmem_cache_create("test-badfree", 64, 0, 0, NULL);
	unsigned long w = warn_count;
	u8 *p, *large, *obj;
	void *page;

	KTEST_ASSERT_NOT_NULL(t, c);
	p = kmalloc(64, GFP_KERNEL);
	large = kmalloc(3 * PAGE_SIZE, GFP_KERNEL);
	page = get_free_page(GFP_KERNEL);
	obj = kmem_cache_alloc(c, GFP_KERNEL);
	KTEST_ASSERT_TRUE(t, p && large && page && obj);

	kfree(p + 8);				/* inside an object */
	KTEST_EXPECT_EQ(t, warn_count, w + 1);
	kfree(not_heap);			/* kernel image */
	KTEST_EXPECT_EQ(t, warn_count, w + 2);
	kfree(page);				/* buddy page, not kmalloc */
	KTEST_EXPECT_EQ(t, warn_count, w + 3);
	kfree(large + PAGE_SIZE);		/* inside a large block */
	KTEST_EXPECT_EQ(t, warn_count, w + 4);
	kfree(large + 16);
	KTEST_EXPECT_EQ(t, warn_count, w + 5);
	KTEST_EXPECT_EQ(t, ksize(p + 16), 0U);
	KTEST_EXPECT_EQ(t, warn_count, w + 6);
	kmem_cache_free(c, p);			/* p belongs to kmalloc-64 */
	KTEST_EXPECT_EQ(t, warn_count, w + 7);

	kfree(p);				/* the good frees */
	kfree(large);
	kfree(obj);				/* kfree works for any cache */
	free_page(page);
	KTEST_EXPECT_EQ(t, warn_count, w + 7);
	kfree(p);				/* double frees */
	KTEST_EXPECT_EQ(t, warn_count, w + 8);
	kfree(large);
	KTEST_EXPECT_EQ(t, warn_count, w + 9);
	kmem_cache_free(c, obj);
	KTEST_EXPECT_EQ(t, warn_count, w + 10);
	kmem_cache_destroy(c);			/* nothing leaked by the bad frees */
	KTEST_EXPECT_EQ(t, warn_count, w + 10);
}

KTEST_SUITE(slab, NULL, NULL,
	    KTEST_CASE(slab_size_classes),
	    KTEST_CASE(slab_many_objects),
	    KTEST_CASE(slab_zeroing),
	    KTEST_CASE(slab_zero_and_overflow),
	    KTEST_CASE(slab_large),
	    KTEST_CASE(slab_dedicated_align),
	    KTEST_CASE(slab_create_bad_args),
	    KTEST_CASE(slab_ctor),
	    KTEST_CASE(slab_create_destroy_no_leak),
	    KTEST_CASE(slab_destroy_busy),
	    KTEST_CASE(slab_poison),
	    KTEST_CASE(slab_bad_free));
