/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fixed-width integer types and the few size/address types the whole kernel
 * shares. Freestanding: only gcc's own <stdint.h>-free builtin types are used.
 */
#ifndef _TESSERA_TYPES_H
#define _TESSERA_TYPES_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

#ifndef __TESSERA_HOST__
typedef long ssize_t;
#else
/*
 * Host unit tests take ssize_t from libc. glibc's <sys/cdefs.h> also defines
 * __always_inline; drop it so <tessera/compiler.h> can define its own.
 */
#include <sys/types.h>
#undef __always_inline
#endif

typedef u64 phys_addr_t;	/* a physical address */
typedef u64 pfn_t;		/* a physical frame number (phys >> PAGE_SHIFT) */

#endif /* _TESSERA_TYPES_H */
