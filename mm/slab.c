// SPDX-License-Identifier: GPL-2.0
/*
 * The slab allocator: caches of same-sized objects carved from buddy
 * blocks, kmalloc() over power-of-two caches, whole pages above PAGE_SIZE.
 *
 * A slab is one naturally aligned block of 2^order pages. Objects sit at
 * multiples of the cache's stride from the start of the block, so an object
 * is aligned to the largest power of two dividing the stride (and to the
 * block size): that is how kmalloc-N objects are aligned to N. No metadata
 * lives inside an object. Each slab has a bitmap, one bit per object, set
 * while the object is allocated: in the head page's private word when the
 * slab holds at most 64 objects, else in the last words of the block. Every
 * page of a slab has PG_slab and ->slab pointing at its cache, so kfree()
 * finds the cache from any object; the head page counts the objects in use
 * (->slab_inuse) and links the slab on its cache's partial or full list.
 */

#define pr_fmt(fmt) "slab: " fmt

#include <tessera/slab.h>
#include <tessera/bug.h>
#include <tessera/printk.h>
#include <tessera/string.h>
#include <tessera/spinlock.h>

#define SLAB_POISON_BYTE	0x6b	/* freed objects, CONFIG_SLAB_DEBUG */
#define SLAB_MAX_WASTE_ORDER	3	/* grow a slab up to 8 pages to cut waste */
#define SLAB_BOOT		0x80000000u	/* static cache, cannot be destroyed */
#define SLAB_VALID_FLAGS	(SLAB_HWCACHE_ALIGN | SLAB_POISON)
#define MAP_BITS		(8 * sizeof(unsigned long))
#define NR_KMALLOC		(PAGE_SHIFT - 4 + 1)	/* 16 .. PAGE_SIZE */
#define KMALLOC_MAX_SIZE	(PAGE_SIZE << (MAX_ORDER - 1))

/**
 * struct kmem_cache - a cache of same-sized objects
 * @name: for reports
 * @size: object size asked for
 * @stride: distance between objects: @size rounded up to @align
 * @align: guaranteed object alignment
 * @flags: SLAB_* flags
 * @order: each slab is a 2^@order page block
 * @objs: objects per slab
 * @map_words: bitmap words at the end of the slab; 0: in page->private
 * @poison: fill freed objects with SLAB_POISON_BYTE and check on reuse
 * @ctor: run on every object of a new slab
 * @partial: slabs with a free object; partly used first, the empty one last
 * @full: slabs with no free object
 * @nr_slabs: slabs on both lists
 * @nr_empty: empty slabs kept (at most one; more go back to the buddy)
 * @nr_inuse: objects allocated
 * @node: on cache_list
 *
 * slab_lock_ (slab_lock()/slab_unlock(), a spinlock taken with interrupts
 * saved) guards the lists and counters of every cache and cache_list; the
 * geometry fields are fixed at creation. One lock for all caches keeps the
 * code simple; a lock per cache if it ever shows up contended.
 */
struct kmem_cache {
	const char *name;
	unsigned int size, stride, align, flags;
	unsigned int order, objs, map_words;
	bool poison;
	void (*ctor)(void *obj);
	struct list_head partial, full;
	unsigned long nr_slabs, nr_empty, nr_inuse;
	struct list_head node;
};

static struct kmem_cache cache_cache;			/* struct kmem_cache objects */
static struct kmem_cache kmalloc_caches[NR_KMALLOC];	/* 16, 32, .. PAGE_SIZE */
static LIST_HEAD(cache_list);				/* every cache; slab_lock() */
static bool slab_ready;

static const char *const kmalloc_names[NR_KMALLOC] = {
	"kmalloc-16", "kmalloc-32", "kmalloc-64", "kmalloc-128", "kmalloc-256",
	"kmalloc-512", "kmalloc-1k", "kmalloc-2k", "kmalloc-4k",
};

static DEFINE_SPINLOCK(slab_lock_);

static unsigned long slab_lock(void)
{
	unsigned long flags;

	spin_lock_irqsave(&slab_lock_, flags);
	return flags;
}

static void slab_unlock(unsigned long flags)
{
	spin_unlock_irqrestore(&slab_lock_, flags);
}

static unsigned long slab_bytes(const struct kmem_cache *c)
{
	return PAGE_SIZE << c->order;
}

static unsigned long *slab_map(const struct kmem_cache *c, struct page *slab)
{
	if (!c->map_words)
		return &slab->private;
	return (unsigned long *)((char *)page_address(slab) + slab_bytes(c) -
				 c->map_words * sizeof(unsigned long));
}

static void slab_move(struct page *slab, struct list_head *head)
{
	list_del_init(&slab->lru);
	list_add(&slab->lru, head);
}

/* Objects that fit in a 2^order slab together with their bitmap. */
static void slab_geometry(struct kmem_cache *c, unsigned int order)
{
	unsigned long bytes = PAGE_SIZE << order, objs = bytes / c->stride;
	unsigned int words = 0;

	if (objs > MAP_BITS) {
		words = DIV_ROUND_UP(objs, MAP_BITS);
		while (objs * c->stride + words * sizeof(unsigned long) > bytes) {
			objs--;
			words = DIV_ROUND_UP(objs, MAP_BITS);
		}
	}
	c->order = order;
	c->objs = objs;
	c->map_words = objs > MAP_BITS ? words : 0;
}

/* Smallest order holding an object (and the alignment), grown to waste <= 1/8. */
static void cache_choose_order(struct kmem_cache *c)
{
	unsigned int order = max(get_order(c->stride), get_order(c->align));

	slab_geometry(c, order);
	while (c->order < SLAB_MAX_WASTE_ORDER &&
	       slab_bytes(c) - (unsigned long)c->objs * c->stride > slab_bytes(c) / 8)
		slab_geometry(c, c->order + 1);
}

static void cache_setup(struct kmem_cache *c, const char *name, size_t size,
			size_t align, unsigned int flags, void (*ctor)(void *))
{
	memset(c, 0, sizeof(*c));
	c->name = name;
	c->size = size;
	c->align = align;
	c->stride = ALIGN(size, align);
	c->flags = flags;
	c->ctor = ctor;
#ifdef CONFIG_SLAB_DEBUG
	c->poison = !ctor;
#else
	c->poison = (flags & SLAB_POISON) && !ctor;
#endif
	INIT_LIST_HEAD(&c->partial);
	INIT_LIST_HEAD(&c->full);
	cache_choose_order(c);
}

/* Mark every page of a fresh block as this cache's; fill or construct objects. */
static struct page *slab_new(struct kmem_cache *c, gfp_t gfp)
{
	struct page *slab = alloc_pages(gfp & ~__GFP_ZERO, c->order);
	char *base;
	unsigned int i;

	if (!slab)
		return NULL;
	for (i = 0; i < (1U << c->order); i++) {
		slab[i].flags |= PG_slab;
		slab[i].slab = c;
	}
	slab->slab_inuse = 0;
	slab->private = 0;
	memset(slab_map(c, slab), 0, c->map_words * sizeof(unsigned long));
	base = page_address(slab);
	if (c->poison)
		memset(base, SLAB_POISON_BYTE, (size_t)c->objs * c->stride);
	for (i = 0; c->ctor && i < c->objs; i++)
		c->ctor(base + (size_t)i * c->stride);
	return slab;
}

/* Give an empty slab, already off its cache's lists, back to the buddy. */
static void slab_release(struct kmem_cache *c, struct page *slab)
{
	unsigned int i;

	for (i = 0; i < (1U << c->order); i++) {
		slab[i].flags &= ~PG_slab;
		slab[i].slab = NULL;
	}
	slab->private = 0;
	__free_pages(slab, c->order);
}

/* Claim the first free object of a partial slab. Slab lock held. */
static void *slab_take(struct kmem_cache *c, struct page *slab)
{
	unsigned long *map = slab_map(c, slab);
	unsigned int w, idx;

	for (w = 0; ~map[w] == 0; w++)
		;
	idx = w * MAP_BITS + __builtin_ctzl(~map[w]);
	map[w] |= 1UL << (idx % MAP_BITS);
	if (slab->slab_inuse++ == 0)
		c->nr_empty--;
	if (slab->slab_inuse == c->objs)
		slab_move(slab, &c->full);
	c->nr_inuse++;
	return (char *)page_address(slab) + (size_t)idx * c->stride;
}

/* A freed object must still be all poison; say where it is not. */
static void check_object_poison(struct kmem_cache *c, const u8 *obj)
{
	const u8 *bad = memchr_inv(obj, SLAB_POISON_BYTE, c->stride);

	WARN(bad, "slab %s: object %p written after free: byte %#x at offset %lu\n",
	     c->name, obj, bad ? *bad : 0, bad ? (unsigned long)(bad - obj) : 0);
}

static void *cache_alloc(struct kmem_cache *c, gfp_t gfp)
{
	struct page *slab;
	unsigned long flags;
	void *obj;

	flags = slab_lock();
	if (list_empty(&c->partial)) {
		slab_unlock(flags);
		slab = slab_new(c, gfp);
		if (!slab)
			return NULL;
		flags = slab_lock();
		list_add(&slab->lru, &c->partial);
		c->nr_slabs++;
		c->nr_empty++;
	}
	slab = list_first_entry(&c->partial, struct page, lru);
	obj = slab_take(c, slab);
	slab_unlock(flags);

	if (c->poison)
		check_object_poison(c, obj);
	if (gfp & __GFP_ZERO)
		memset(obj, 0, c->stride);
	return obj;
}

/*
 * The slab head page of an object address, or NULL (with *why set) if the
 * address is not inside a slab of @c (any cache if @c is NULL).
 */
static struct page *obj_to_slab(struct kmem_cache *c, const void *obj, const char **why)
{
	struct page *page, *slab;
	struct kmem_cache *owner;

	if (!virt_addr_valid(obj)) {
		*why = "not a RAM address";
		return NULL;
	}
	page = virt_to_page(obj);
	if (!(page->flags & PG_slab)) {
		*why = "not a slab object";
		return NULL;
	}
	owner = page->slab;
	slab = pfn_to_page(ALIGN_DOWN(page_to_pfn(page), 1UL << owner->order));
	if (slab->slab != owner || !(slab->flags & PG_head)) {
		*why = "slab metadata corrupted";
		return NULL;
	}
	if (c && owner != c) {
		*why = "object belongs to another cache";
		return NULL;
	}
	return slab;
}

/* Index of @obj in @slab, or -1 if it is not the start of an object. */
static long obj_index(const struct kmem_cache *c, struct page *slab, const void *obj)
{
	unsigned long off = (const char *)obj - (const char *)page_address(slab);

	if (off % c->stride || off / c->stride >= c->objs)
		return -1;
	return off / c->stride;
}

/* Slab lock held. Returns the slab if it must go back to the buddy. */
static struct page *slab_put(struct kmem_cache *c, struct page *slab, void *obj)
{
	if (slab->slab_inuse-- == c->objs)
		slab_move(slab, &c->partial);
	c->nr_inuse--;
	if (c->poison)
		memset(obj, SLAB_POISON_BYTE, c->stride);
	if (slab->slab_inuse)
		return NULL;
	list_del_init(&slab->lru);
	if (c->nr_empty) {
		c->nr_slabs--;
		return slab;
	}
	c->nr_empty++;
	list_add_tail(&slab->lru, &c->partial);
	return NULL;
}

/* Free @obj of @slab in @c: WARN and ignore if it is not allocated. */
static void cache_free(struct kmem_cache *c, struct page *slab, void *obj,
		       const char *caller)
{
	struct page *release = NULL;
	unsigned long flags, *map;
	long idx = obj_index(c, slab, obj);
	bool allocated = false;

	if (WARN(idx < 0, "%s: %p is not the start of an object in cache %s\n", caller,
		 obj, c->name))
		return;
	flags = slab_lock();
	map = slab_map(c, slab);
	if (map[idx / MAP_BITS] & (1UL << (idx % MAP_BITS))) {
		allocated = true;
		map[idx / MAP_BITS] &= ~(1UL << (idx % MAP_BITS));
		release = slab_put(c, slab, obj);
	}
	slab_unlock(flags);
	WARN(!allocated, "%s: double free of %p in cache %s\n", caller, obj, c->name);
	if (release)
		slab_release(c, release);
}

/**
 * kmem_cache_alloc() - allocate one object
 * @c: the cache
 * @gfp: __GFP_ZERO to zero it; passed to the buddy allocator for new slabs
 * Return: the object (aligned as the cache promises), or NULL.
 * Context: any; does not sleep.
 */
void *kmem_cache_alloc(struct kmem_cache *c, gfp_t gfp)
{
	if (WARN(!c, "kmem_cache_alloc: NULL cache\n"))
		return NULL;
	return cache_alloc(c, gfp);
}

/**
 * kmem_cache_zalloc() - allocate one zeroed object
 * @c: the cache
 * @gfp: GFP flags
 * Return: the object, or NULL.
 * Context: any; does not sleep.
 */
void *kmem_cache_zalloc(struct kmem_cache *c, gfp_t gfp)
{
	return kmem_cache_alloc(c, gfp | __GFP_ZERO);
}

/**
 * kmem_cache_free() - give an object back to its cache
 * @c: the cache it came from
 * @obj: the object; NULL is a no-op
 *
 * An object of another cache, an address inside an object, or one not
 * allocated (double free) is a WARN and ignored.
 * Context: any; does not sleep.
 */
void kmem_cache_free(struct kmem_cache *c, void *obj)
{
	struct page *slab;
	const char *why = "NULL cache";

	if (!obj)
		return;
	slab = c ? obj_to_slab(c, obj, &why) : NULL;
	if (WARN(!slab, "kmem_cache_free(%s, %p): %s\n", c ? c->name : "NULL", obj, why))
		return;
	cache_free(c, slab, obj, "kmem_cache_free");
}

/**
 * kmem_cache_create() - make a cache of same-sized objects
 * @name: for reports; must outlive the cache
 * @size: object size, 1 .. 4 MiB
 * @align: power of two, 0 for 8; SLAB_HWCACHE_ALIGN raises it to 64
 * @flags: SLAB_HWCACHE_ALIGN, SLAB_POISON
 * @ctor: optional; runs on each object when its slab is made (such a cache
 *	is never poisoned, the constructed state would be lost)
 *
 * Return: the cache, or NULL (bad arguments are reported with pr_err).
 * Context: after kmem_cache_init(); does not sleep.
 */
struct kmem_cache *kmem_cache_create(const char *name, size_t size, size_t align,
				     unsigned int flags, void (*ctor)(void *))
{
	struct kmem_cache *c;
	unsigned long irq;

	if (WARN(!slab_ready, "kmem_cache_create before kmem_cache_init\n"))
		return NULL;
	if (!name || !size || size > KMALLOC_MAX_SIZE || (align & (align - 1)) ||
	    align > KMALLOC_MAX_SIZE || (flags & ~SLAB_VALID_FLAGS)) {
		pr_err("kmem_cache_create(%s): bad size %zu, align %zu or flags %#x\n",
		       name ? name : "NULL", size, align, flags);
		return NULL;
	}
	if (!align)
		align = 8;
	if (flags & SLAB_HWCACHE_ALIGN)
		align = max_t(size_t, align, 64);

	c = cache_alloc(&cache_cache, GFP_KERNEL);
	if (!c)
		return NULL;
	cache_setup(c, name, size, align, flags, ctor);
	irq = slab_lock();
	list_add_tail(&c->node, &cache_list);
	slab_unlock(irq);
	return c;
}

/**
 * kmem_cache_destroy() - free a cache and its slabs
 * @c: the cache; NULL is a no-op
 *
 * A cache that still has objects allocated is a WARN and is left alone
 * (leaked) so that those objects stay valid; so is a built-in cache.
 * Context: any; does not sleep.
 */
void kmem_cache_destroy(struct kmem_cache *c)
{
	struct page *slab, *tmp;
	unsigned long flags;
	LIST_HEAD(slabs);

	if (!c)
		return;
	if (WARN(c->flags & SLAB_BOOT, "kmem_cache_destroy(%s): built-in cache\n", c->name))
		return;
	flags = slab_lock();
	if (c->nr_inuse) {
		slab_unlock(flags);
		WARN(1, "kmem_cache_destroy(%s): %lu objects still allocated, cache leaked\n",
		     c->name, c->nr_inuse);
		return;
	}
	list_for_each_entry_safe(slab, tmp, &c->partial, lru)
		slab_move(slab, &slabs);
	list_del(&c->node);
	slab_unlock(flags);

	list_for_each_entry_safe(slab, tmp, &slabs, lru) {
		list_del_init(&slab->lru);
		slab_release(c, slab);
	}
	kmem_cache_free(&cache_cache, c);
}

static unsigned int kmalloc_index(size_t size)
{
	if (size <= KMALLOC_MIN_SIZE)
		return 0;
	return ilog2_u64(size - 1) + 1 - 4;
}

static void *kmalloc_large(size_t size, gfp_t gfp)
{
	unsigned int order = get_order(size);
	struct page *page;

	if (size > KMALLOC_MAX_SIZE) {
		WARN(!(gfp & __GFP_NOWARN), "kmalloc: %zu bytes is more than %lu\n", size,
		     KMALLOC_MAX_SIZE);
		return NULL;
	}
	page = alloc_pages(gfp, order);
	if (!page)
		return NULL;
	page->flags |= PG_large_kmalloc;
	return page_address(page);
}

/**
 * kmalloc() - allocate memory
 * @size: bytes; 0 returns NULL (there is no zero-size object)
 * @gfp: __GFP_ZERO to zero it, __GFP_NOWARN to fail silently
 *
 * Up to PAGE_SIZE the object comes from the kmalloc-N cache of the next
 * power of two N >= 16 and is aligned to N; above, whole pages from the
 * buddy allocator (page aligned), at most 4 MiB.
 * Return: the memory, or NULL. Not zeroed unless __GFP_ZERO.
 * Context: any, after kmem_cache_init(); does not sleep.
 */
void *kmalloc(size_t size, gfp_t gfp)
{
	if (!size)
		return NULL;
	if (WARN(!slab_ready, "kmalloc before kmem_cache_init\n"))
		return NULL;
	if (size > KMALLOC_MAX_CACHE_SIZE)
		return kmalloc_large(size, gfp);
	return cache_alloc(&kmalloc_caches[kmalloc_index(size)], gfp);
}

/**
 * kzalloc() - kmalloc() zeroed
 * @size: bytes
 * @gfp: GFP flags
 * Return: the memory, or NULL.
 * Context: any; does not sleep.
 */
void *kzalloc(size_t size, gfp_t gfp)
{
	return kmalloc(size, gfp | __GFP_ZERO);
}

/**
 * kcalloc() - zeroed array of @n elements of @size bytes
 * @n: elements
 * @size: bytes each
 * @gfp: GFP flags
 * Return: the memory, or NULL (also when @n * @size overflows).
 * Context: any; does not sleep.
 */
void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return kzalloc(bytes, gfp);
}

/*
 * What @p is: a slab object (*slabp set), a large kmalloc block (its head
 * page returned), or neither (NULL, *why set).
 */
static struct page *kmalloc_lookup(const void *p, struct page **slabp, const char **why)
{
	struct page *page;

	*slabp = NULL;
	if (!virt_addr_valid(p)) {
		*why = "not a RAM address";
		return NULL;
	}
	page = virt_to_page(p);
	if (page->flags & PG_slab) {
		*slabp = obj_to_slab(NULL, p, why);
		return NULL;
	}
	if (!(page->flags & PG_large_kmalloc)) {
		*why = "not allocated by kmalloc";
		return NULL;
	}
	if (p != page_address(page)) {
		*why = "not the start of a kmalloc block";
		return NULL;
	}
	return page;
}

/**
 * kfree() - free memory from kmalloc() (or from any kmem_cache)
 * @p: the pointer kmalloc returned; NULL is a no-op
 *
 * A pointer that is not the start of an allocated object (inside one, not
 * from kmalloc, already freed) is reported with WARN and ignored.
 * Context: any; does not sleep.
 */
void kfree(const void *p)
{
	const char *why = NULL;
	struct page *slab, *large;

	if (!p)
		return;
	large = kmalloc_lookup(p, &slab, &why);
	if (slab) {
		cache_free(slab->slab, slab, (void *)p, "kfree");
	} else if (large) {
		large->flags &= ~PG_large_kmalloc;
		__free_pages(large, large->order);
	} else {
		WARN(1, "kfree(%p): %s\n", p, why);
	}
}

/**
 * ksize() - usable size of an allocated object
 * @p: from kmalloc() or a cache; NULL gives 0
 * Return: the bytes that may be used (the cache stride, or the whole page
 * block for large kmalloc); 0 with a WARN for a pointer that is not the
 * start of an object.
 * Context: any.
 */
size_t ksize(const void *p)
{
	const char *why = NULL;
	struct page *slab, *large;

	if (!p)
		return 0;
	large = kmalloc_lookup(p, &slab, &why);
	if (slab) {
		struct kmem_cache *c = slab->slab;

		if (!WARN(obj_index(c, slab, p) < 0, "ksize(%p): inside an object of %s\n", p,
			  c->name))
			return c->stride;
	} else if (large) {
		return PAGE_SIZE << large->order;
	} else {
		WARN(1, "ksize(%p): %s\n", p, why);
	}
	return 0;
}

/**
 * kmem_cache_init() - set up the cache of caches and the kmalloc caches
 * Context: boot CPU, once, after page_alloc_init().
 */
void kmem_cache_init(void)
{
	unsigned int i;

	BUILD_BUG_ON(ARRAY_SIZE(kmalloc_names) != NR_KMALLOC);
	if (WARN(slab_ready, "kmem_cache_init called twice\n"))
		return;
	cache_setup(&cache_cache, "kmem_cache", sizeof(struct kmem_cache), 64,
		    SLAB_BOOT, NULL);
	list_add_tail(&cache_cache.node, &cache_list);
	for (i = 0; i < NR_KMALLOC; i++) {
		size_t size = (size_t)KMALLOC_MIN_SIZE << i;

		cache_setup(&kmalloc_caches[i], kmalloc_names[i], size, size, SLAB_BOOT,
			    NULL);
		list_add_tail(&kmalloc_caches[i].node, &cache_list);
	}
	slab_ready = true;
	pr_info("kmalloc caches %u-%lu bytes, pages up to %lu KiB above; poisoning %s\n",
		KMALLOC_MIN_SIZE, KMALLOC_MAX_CACHE_SIZE, KMALLOC_MAX_SIZE >> 10,
		cache_cache.poison ? "on" : "off");
}
