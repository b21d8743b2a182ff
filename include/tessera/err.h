/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Error values carried in pointers: the top MAX_ERRNO addresses are never
 * valid objects, so a function can return either an object or -errno.
 */
#ifndef _TESSERA_ERR_H
#define _TESSERA_ERR_H

#include <tessera/types.h>
#include <tessera/compiler.h>
#include <tessera/errno.h>

#define IS_ERR_VALUE(x)	unlikely((unsigned long)(void *)(x) >= (unsigned long)-MAX_ERRNO)

static inline void *ERR_PTR(long error)
{
	return (void *)error;
}

static inline long PTR_ERR(const void *ptr)
{
	return (long)ptr;
}

static inline bool IS_ERR(const void *ptr)
{
	return IS_ERR_VALUE((unsigned long)ptr);
}

static inline bool IS_ERR_OR_NULL(const void *ptr)
{
	return unlikely(!ptr) || IS_ERR_VALUE((unsigned long)ptr);
}

#endif /* _TESSERA_ERR_H */
