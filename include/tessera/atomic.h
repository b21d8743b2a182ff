/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Atomic integers and memory barriers. Built on gcc's __atomic builtins
 * (lock-prefixed instructions on x86); every read-modify-write is a full
 * barrier, atomic_read/atomic_set are plain (relaxed) accesses.
 */
#ifndef _TESSERA_ATOMIC_H
#define _TESSERA_ATOMIC_H

#include <tessera/types.h>
#include <tessera/compiler.h>

typedef struct { int counter; } atomic_t;
typedef struct { s64 counter; } atomic64_t;

#define ATOMIC_INIT(v)		{ (v) }

/* x86 is TSO: loads are not reordered with loads, stores not with stores. */
#define smp_mb()	__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define smp_rmb()	barrier()
#define smp_wmb()	barrier()
#define smp_load_acquire(p)	__atomic_load_n(p, __ATOMIC_ACQUIRE)
#define smp_store_release(p, v)	__atomic_store_n(p, v, __ATOMIC_RELEASE)

#define __ATOMIC_OPS(pfx, t, vt)					\
static inline vt pfx##_read(const t *a)					\
{ return __atomic_load_n(&a->counter, __ATOMIC_RELAXED); }		\
static inline void pfx##_set(t *a, vt v)				\
{ __atomic_store_n(&a->counter, v, __ATOMIC_RELAXED); }			\
static inline void pfx##_add(vt v, t *a)				\
{ __atomic_fetch_add(&a->counter, v, __ATOMIC_SEQ_CST); }		\
static inline void pfx##_sub(vt v, t *a)				\
{ __atomic_fetch_sub(&a->counter, v, __ATOMIC_SEQ_CST); }		\
static inline void pfx##_inc(t *a)					\
{ __atomic_fetch_add(&a->counter, 1, __ATOMIC_SEQ_CST); }		\
static inline void pfx##_dec(t *a)					\
{ __atomic_fetch_sub(&a->counter, 1, __ATOMIC_SEQ_CST); }		\
static inline vt pfx##_add_return(vt v, t *a)				\
{ return __atomic_add_fetch(&a->counter, v, __ATOMIC_SEQ_CST); }	\
static inline vt pfx##_sub_return(vt v, t *a)				\
{ return __atomic_sub_fetch(&a->counter, v, __ATOMIC_SEQ_CST); }	\
static inline vt pfx##_inc_return(t *a)					\
{ return __atomic_add_fetch(&a->counter, 1, __ATOMIC_SEQ_CST); }	\
static inline vt pfx##_dec_return(t *a)					\
{ return __atomic_sub_fetch(&a->counter, 1, __ATOMIC_SEQ_CST); }	\
static inline bool pfx##_dec_and_test(t *a)				\
{ return __atomic_sub_fetch(&a->counter, 1, __ATOMIC_SEQ_CST) == 0; }	\
static inline vt pfx##_xchg(t *a, vt v)					\
{ return __atomic_exchange_n(&a->counter, v, __ATOMIC_SEQ_CST); }	\
/* Returns the old value; the swap happened if it equals @old. */	\
static inline vt pfx##_cmpxchg(t *a, vt old, vt new)			\
{									\
	__atomic_compare_exchange_n(&a->counter, &old, new, false,	\
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); \
	return old;							\
}

__ATOMIC_OPS(atomic, atomic_t, int)
__ATOMIC_OPS(atomic64, atomic64_t, s64)
#undef __ATOMIC_OPS

/* Atomic bit operations on an unsigned long array. */
static inline bool test_and_set_bit(unsigned int nr, unsigned long *addr)
{
	unsigned long m = 1UL << (nr % 64);

	return __atomic_fetch_or(&addr[nr / 64], m, __ATOMIC_SEQ_CST) & m;
}

static inline bool test_and_clear_bit(unsigned int nr, unsigned long *addr)
{
	unsigned long m = 1UL << (nr % 64);

	return __atomic_fetch_and(&addr[nr / 64], ~m, __ATOMIC_SEQ_CST) & m;
}

#endif /* _TESSERA_ATOMIC_H */
