// SPDX-License-Identifier: GPL-2.0
/*
 * Memory and string primitives. In the kernel, memcpy/memset use the x86
 * "rep movsb/stosb" string instructions; the host unit tests (__TESSERA_HOST__)
 * build the portable C loops instead, under renamed symbols.
 */
#include <tessera/string.h>
#include <tessera/kernel.h>
#include <tessera/errno.h>

/* A u64 that may sit at any address and alias anything. */
typedef u64 __attribute__((aligned(1), may_alias)) u64_unaligned;

#ifndef __TESSERA_HOST__

/**
 * memcpy() - copy @n bytes from @src to @dst
 * @dst: destination
 * @src: source; must not overlap @dst (use memmove() for that)
 * @n: byte count
 *
 * Return: @dst.
 */
void *memcpy(void *dst, const void *src, size_t n)
{
	void *ret = dst;

	asm volatile("rep movsb"
		     : "+D" (dst), "+S" (src), "+c" (n)
		     : : "memory");
	return ret;
}

/**
 * memset() - fill @n bytes at @dst with the byte @c
 * @dst: destination
 * @c: the byte value (converted to unsigned char)
 * @n: byte count
 *
 * Return: @dst.
 */
void *memset(void *dst, int c, size_t n)
{
	void *ret = dst;

	asm volatile("rep stosb"
		     : "+D" (dst), "+c" (n)
		     : "a" (c)
		     : "memory");
	return ret;
}

#else /* __TESSERA_HOST__ */

void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

#endif /* __TESSERA_HOST__ */

/*
 * Copy from the top down, eight bytes at a time. Each word is loaded before
 * it is stored, so this is right for any overlap with @dst above @src. The
 * barrier() keeps gcc from turning the loops back into a memmove() call.
 */
static void copy_backward(unsigned char *d, const unsigned char *s, size_t n)
{
	while (n >= sizeof(u64)) {
		n -= sizeof(u64);
		*(u64_unaligned *)(d + n) = *(const u64_unaligned *)(s + n);
		barrier();
	}
	while (n) {
		n--;
		d[n] = s[n];
		barrier();
	}
}

/**
 * memmove() - copy @n bytes from @src to @dst; the areas may overlap
 * @dst: destination
 * @src: source
 * @n: byte count
 *
 * Return: @dst.
 */
void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	/* A forward copy is safe unless @dst starts inside the source. */
	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	copy_backward(d, s, n);
	return dst;
}

/**
 * memcmp() - compare two memory areas byte by byte, as unsigned char
 * @a: first area
 * @b: second area
 * @n: byte count
 *
 * Return: <0, 0 or >0 as @a sorts before, equal to or after @b.
 */
int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;

	for (; n; n--, p++, q++) {
		if (*p != *q)
			return *p < *q ? -1 : 1;
	}
	return 0;
}

/**
 * memchr() - find a byte in a memory area
 * @s: the area
 * @c: the byte (converted to unsigned char)
 * @n: size of the area
 *
 * Return: the first occurrence of @c in [@s, @s + @n), or NULL.
 */
void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++) {
		if (*p == (unsigned char)c)
			return (void *)p;
	}
	return NULL;
}

/**
 * memchr_inv() - find the first byte that differs from @c
 * @s: the area
 * @c: the expected byte (converted to unsigned char)
 * @n: size of the area
 *
 * Meant for checking that a buffer is all zeroes or all poison, so whole
 * aligned words are compared where possible.
 *
 * Return: the first byte in [@s, @s + @n) that is not @c, or NULL.
 */
void *memchr_inv(const void *s, int c, size_t n)
{
	const unsigned char *p = s;
	u64 pattern = (unsigned char)c * 0x0101010101010101ULL;

	while (n && !IS_ALIGNED((uintptr_t)p, sizeof(u64))) {
		if (*p != (unsigned char)c)
			return (void *)p;
		p++;
		n--;
	}
	/* Skip equal words; a differing word is rescanned bytewise below. */
	while (n >= sizeof(u64) && *(const u64_unaligned *)p == pattern) {
		p += sizeof(u64);
		n -= sizeof(u64);
	}
	for (; n; n--, p++) {
		if (*p != (unsigned char)c)
			return (void *)p;
	}
	return NULL;
}

/**
 * strlen() - length of a NUL-terminated string
 * @s: the string
 *
 * Return: the number of bytes before the terminating NUL.
 */
size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

/**
 * strnlen() - length of a string, looking at no more than @max bytes
 * @s: the string (need not be terminated within @max bytes)
 * @max: the most bytes to examine
 *
 * Return: strlen(@s), or @max if there is no NUL in the first @max bytes.
 */
size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

/**
 * strcmp() - compare two strings, as unsigned char
 * @a: first string
 * @b: second string
 *
 * Return: <0, 0 or >0 as @a sorts before, equal to or after @b.
 */
int strcmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;

	while (*p && *p == *q) {
		p++;
		q++;
	}
	if (*p == *q)
		return 0;
	return *p < *q ? -1 : 1;
}

/**
 * strncmp() - compare at most @n bytes of two strings
 * @a: first string
 * @b: second string
 * @n: the most bytes to compare
 *
 * Return: <0, 0 or >0 as @a sorts before, equal to or after @b.
 */
int strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;

	for (; n; n--, p++, q++) {
		if (*p != *q)
			return *p < *q ? -1 : 1;
		if (!*p)
			break;
	}
	return 0;
}

/**
 * strchr() - find the first occurrence of a character in a string
 * @s: the string
 * @c: the character (converted to char); '\0' finds the terminator
 *
 * Return: a pointer to the character in @s, or NULL.
 */
char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

/**
 * strrchr() - find the last occurrence of a character in a string
 * @s: the string
 * @c: the character (converted to char); '\0' finds the terminator
 *
 * Return: a pointer to the character in @s, or NULL.
 */
char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

/**
 * strstr() - find a substring
 * @haystack: the string to search
 * @needle: the string to find; "" matches at @haystack
 *
 * Return: the first occurrence of @needle in @haystack, or NULL.
 */
char *strstr(const char *haystack, const char *needle)
{
	size_t hl = strlen(haystack), nl = strlen(needle);

	for (; hl >= nl; hl--, haystack++) {
		if (!memcmp(haystack, needle, nl))
			return (char *)haystack;
	}
	return NULL;
}

/**
 * strscpy() - copy a string into a sized buffer
 * @dst: the buffer
 * @src: the string; at most @size bytes of it are read
 * @size: size of @dst
 *
 * Copies at most @size - 1 bytes and, if @size is not 0, always terminates
 * @dst.
 *
 * Return: the number of bytes copied (without the NUL), or -E2BIG if @src did
 * not fit (@dst then holds its truncated start) or @size is 0.
 */
ssize_t strscpy(char *dst, const char *src, size_t size)
{
	size_t i;

	if (!size)
		return -E2BIG;
	for (i = 0; i < size - 1 && src[i]; i++)
		dst[i] = src[i];
	dst[i] = '\0';
	if (src[i])
		return -E2BIG;
	return (ssize_t)i;
}
