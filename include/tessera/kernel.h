/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Everyday helpers: array sizes, alignment, min/max, container_of. Most kernel
 * files include this first.
 */
#ifndef _TESSERA_KERNEL_H
#define _TESSERA_KERNEL_H

#include <stdarg.h>
#include <tessera/types.h>
#include <tessera/compiler.h>

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

#define ALIGN(x, a)		(((x) + ((__typeof__(x))(a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a)	((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a)	(((x) & ((__typeof__(x))(a) - 1)) == 0)
#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))
#define is_power_of_2(n)	((n) != 0 && (((n) & ((n) - 1)) == 0))

#define min(a, b) ({ __typeof__(a) _a = (a); __typeof__(b) _b = (b); _a < _b ? _a : _b; })
#define max(a, b) ({ __typeof__(a) _a = (a); __typeof__(b) _b = (b); _a > _b ? _a : _b; })
#define min_t(t, a, b)		min((t)(a), (t)(b))
#define max_t(t, a, b)		max((t)(a), (t)(b))
#define clamp(v, lo, hi)	min(max(v, lo), hi)

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

#define KB(x)			((u64)(x) << 10)
#define MB(x)			((u64)(x) << 20)
#define GB(x)			((u64)(x) << 30)

#define U64_MAX			(~(u64)0)
#define U32_MAX			(~(u32)0)
#ifndef INT_MAX			/* the host tests may have <limits.h> first */
#define INT_MAX			__INT_MAX__
#define INT_MIN			(-INT_MAX - 1)
#define UINT_MAX		(INT_MAX * 2U + 1U)
#define LONG_MAX		__LONG_MAX__
#define LONG_MIN		(-LONG_MAX - 1L)
#define ULONG_MAX		(LONG_MAX * 2UL + 1UL)
#define LLONG_MAX		__LONG_LONG_MAX__
#define LLONG_MIN		(-LLONG_MAX - 1LL)
#define ULLONG_MAX		(LLONG_MAX * 2ULL + 1ULL)
#endif

/* ilog2 of a non-zero value, rounded down. */
static inline unsigned int ilog2_u64(u64 v)
{
	return 63 - (unsigned int)__builtin_clzll(v);
}

#endif /* _TESSERA_KERNEL_H */
