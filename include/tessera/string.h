/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory and string primitives (lib/string.c). gcc may also emit calls to
 * memcpy/memset/memmove/memcmp itself, so these names are the C ones.
 */
#ifndef _TESSERA_STRING_H
#define _TESSERA_STRING_H

#include <tessera/types.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);

size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);
/* Copies at most size-1 bytes and always terminates; -E2BIG if truncated. */
ssize_t strscpy(char *dst, const char *src, size_t size);

/* Returns the first byte in [s, s+n) that is not @c, or NULL. */
void *memchr_inv(const void *s, int c, size_t n);

#endif /* _TESSERA_STRING_H */
