/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The slab allocator (mm/slab.c): object caches carved from pages, and
 * kmalloc() on top of a set of power-of-two caches.
 *
 * Alignment contract:
 *  - kmalloc(n) returns memory aligned to at least 16 bytes; for n a power
 *    of two up to PAGE_SIZE it is naturally aligned (aligned to n), so a
 *    64-byte XSAVE area from kmalloc(64 or more, power of two) is aligned.
 *  - Above KMALLOC_MAX_CACHE_SIZE kmalloc takes whole pages (page aligned).
 *  - kmem_cache_create(..., align, ...) guarantees @align for every object.
 */
#ifndef _TESSERA_SLAB_H
#define _TESSERA_SLAB_H

#include <tessera/kernel.h>
#include <tessera/mm.h>

#define KMALLOC_MIN_SIZE	16
#define KMALLOC_MAX_CACHE_SIZE	PAGE_SIZE	/* larger sizes use whole pages */

struct kmem_cache;

/**
 * kmem_cache_create() - make a cache of same-sized objects
 * @name: for reports; the string must outlive the cache
 * @size: object size in bytes
 * @align: required alignment (power of two up to 4 MiB, 0 = 8); objects
 *	honour it
 * @flags: SLAB_* flags
 * @ctor: optional, run on each object when its slab page is made
 * Return: the cache, or NULL (bad arguments are reported with pr_err).
 */
struct kmem_cache *kmem_cache_create(const char *name, size_t size, size_t align,
				     unsigned int flags, void (*ctor)(void *));
/* Refused (WARN, cache kept) while objects are allocated; NULL is a no-op. */
void kmem_cache_destroy(struct kmem_cache *c);
void *kmem_cache_alloc(struct kmem_cache *c, gfp_t gfp);
void *kmem_cache_zalloc(struct kmem_cache *c, gfp_t gfp);
void kmem_cache_free(struct kmem_cache *c, void *obj);

#define SLAB_HWCACHE_ALIGN	0x1u	/* align objects to 64-byte cache lines */
#define SLAB_POISON		0x2u	/* poison freed objects (also via SLAB_DEBUG) */

void kmem_cache_init(void);

/*
 * kmalloc(0) returns NULL: there is no zero-size object. Memory is not
 * zeroed unless __GFP_ZERO (kzalloc). kcalloc() returns NULL when n * size
 * overflows. Sizes above 4 MiB fail (a WARN unless __GFP_NOWARN).
 */
void *kmalloc(size_t size, gfp_t gfp);
void *kzalloc(size_t size, gfp_t gfp);
void *kcalloc(size_t n, size_t size, gfp_t gfp);
/*
 * kfree(NULL) is a no-op; a pointer that is not the start of a live object
 * (inside one, not from kmalloc, already freed) is caught (WARN) and
 * ignored. Objects of a kmem_cache may be freed with kfree() too.
 */
void kfree(const void *p);
/* The usable size of an allocated object (>= what was asked for). */
size_t ksize(const void *p);

#endif /* _TESSERA_SLAB_H */
