/* SPDX-License-Identifier: GPL-2.0 */
/* Tessera user test "brk": the raw brk(2) contract (grow, fill, shrink,
 * re-grow reads zeros) and malloc/calloc/realloc/free over many sizes. */
#include "ut.h"
#include <stdint.h>
#include <sys/syscall.h>

static void check_raw_brk(void)
{
	char *cur = (char *)syscall(SYS_brk, 0);
	char *top, *p;
	size_t i, len = 1 << 20;

	CHECK(cur != NULL && cur != (char *)-1, "brk(0) = %p", (void *)cur);
	/* Grow by 1 MiB (rounded up from an unaligned end), fill, verify. */
	top = (char *)syscall(SYS_brk, cur + len);
	CHECK(top == cur + len, "brk grow returned %p, want %p", (void *)top, (void *)(cur + len));
	if (top != cur + len)
		return;
	for (i = 0; i < len; i += 4096)
		CHECK(cur[i] == 0, "fresh brk memory at +%zu not zero", i);
	for (i = 0; i < len; i++)
		cur[i] = (char)(i * 7);
	for (i = 0; i < len; i++)
		if (cur[i] != (char)(i * 7)) {
			CHECK(0, "brk memory at +%zu reads %d", i, cur[i]);
			break;
		}
	/* Shrink to the old break, then grow again: the pages come back zeroed. */
	p = (char *)syscall(SYS_brk, cur);
	CHECK(p == cur, "brk shrink returned %p", (void *)p);
	p = (char *)syscall(SYS_brk, cur + len);
	CHECK(p == cur + len, "brk regrow returned %p", (void *)p);
	/* Pages wholly above the old break must read as zero again. */
	for (i = ((uintptr_t)cur + 4095) / 4096 * 4096 - (uintptr_t)cur; i < len; i += 512)
		if (cur[i] != 0) {
			CHECK(0, "regrown brk at +%zu reads %d, want 0", i, cur[i]);
			break;
		}
	syscall(SYS_brk, cur);
	/* An absurd break is refused: brk returns the unchanged break. */
	p = (char *)syscall(SYS_brk, (char *)0x7ffffffff000UL + 0x10000);
	CHECK(p == cur, "brk(beyond user space) = %p, want %p", (void *)p, (void *)cur);
}

static void check_malloc(void)
{
	static const size_t sizes[] = { 1, 7, 16, 100, 4095, 4096, 4097, 65536, 200000, 3 << 20 };
	char *ptr[sizeof(sizes) / sizeof(sizes[0])];
	unsigned int i, k;
	char *r, *c;

	for (k = 0; k < 3; k++) {
		for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			ptr[i] = malloc(sizes[i]);
			CHECK(ptr[i] != NULL, "malloc(%zu)", sizes[i]);
			if (ptr[i])
				memset(ptr[i], (int)(i + k), sizes[i]);
		}
		for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			if (!ptr[i])
				continue;
			CHECK(ptr[i][0] == (char)(i + k) && ptr[i][sizes[i] - 1] == (char)(i + k),
			      "malloc(%zu) block overwritten", sizes[i]);
			free(ptr[i]);
		}
	}
	c = calloc(1000, 1000);
	CHECK(c != NULL, "calloc");
	for (i = 0; c && i < 1000000; i++)
		if (c[i]) {
			CHECK(0, "calloc byte %u = %d", i, c[i]);
			break;
		}
	free(c);
	/* realloc growth keeps the contents (musl uses mremap for this). */
	r = malloc(100);
	CHECK(r != NULL, "malloc(100)");
	if (!r)
		return;
	memset(r, 0x5a, 100);
	for (k = 3; k <= 18; k++) {	/* 128 B .. 4 MiB */
		char *n = realloc(r, (size_t)1 << k << 4);

		CHECK(n != NULL, "realloc to %zu", (size_t)1 << k << 4);
		if (!n)
			break;
		r = n;
		CHECK(r[0] == 0x5a && r[99] == 0x5a, "realloc lost data at size %zu",
		      (size_t)1 << k << 4);
	}
	free(r);
}

int main(void)
{
	ut_init("brk");
	check_raw_brk();
	check_malloc();
	return ut_done();
}
