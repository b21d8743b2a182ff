// SPDX-License-Identifier: GPL-2.0
/*
 * The initial user stack of an exec: strings, argv, envp and the auxiliary
 * vector the static glibc/musl start-up code reads, written into the space.
 */
#include <tessera/slab.h>
#include <tessera/string.h>
#include <asm/processor.h>
#include "internal.h"

/* Auxiliary vector types (Linux ABI values). */
#define AT_NULL		0
#define AT_PHDR		3
#define AT_PHENT	4
#define AT_PHNUM	5
#define AT_PAGESZ	6
#define AT_BASE		7
#define AT_FLAGS	8
#define AT_ENTRY	9
#define AT_UID		11
#define AT_EUID		12
#define AT_GID		13
#define AT_EGID		14
#define AT_PLATFORM	15
#define AT_HWCAP	16
#define AT_CLKTCK	17
#define AT_SECURE	23
#define AT_RANDOM	25
#define AT_EXECFN	31

#define NR_AUXV		18	/* pairs written, AT_NULL included */

static bool rdrand64(u64 *v)
{
	u8 ok;

	__asm__ __volatile__("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok) : : "cc");
	return ok;
}

/*
 * 16 bytes for AT_RANDOM: RDRAND when the CPU has it, else a TSC-seeded
 * mix. TODO: a kernel entropy pool; the fallback is not cryptographic.
 */
static void stack_random(u8 out[16])
{
	static u64 state;
	u32 a, b, c, d;
	u64 w[2];
	int k;

	cpuid(1, &a, &b, &c, &d);
	for (k = 0; k < 2; k++) {
		int tries;

		for (tries = 0; (c & (1u << 30)) && tries < 10; tries++)
			if (rdrand64(&w[k]))
				goto next;
		state += 0x9e3779b97f4a7c15ULL ^ rdtsc();
		w[k] = state;
		w[k] = (w[k] ^ (w[k] >> 30)) * 0xbf58476d1ce4e5b9ULL;
		w[k] = (w[k] ^ (w[k] >> 27)) * 0x94d049bb133111ebULL;
		w[k] ^= w[k] >> 31;
next:		;
	}
	memcpy(out, w, 16);
}

static u64 stack_hwcap(void)
{
	u32 a, b, c, d;

	cpuid(1, &a, &b, &c, &d);
	return d;
}

/* Copy @len bytes to just below *@pos and move *@pos down to them. */
static int push_bytes(struct mm_space *s, u64 *pos, const void *p, size_t len)
{
	*pos -= len;
	return space_write(s, *pos, p, len);
}

/**
 * stack_build() - create the stack VMA of @s and write the initial stack
 * @s: the space being exec'ed; @info: from elf_load()
 * @execfn: the path exec'ed (AT_EXECFN)
 * @args: @argc then @envc NUL-terminated strings, back to back (validated
 *        by the caller)
 * @sp_out: the initial RSP: 16-byte aligned, pointing at argc
 *
 * Layout from the top: 8 zero bytes, the execfn string, the argument and
 * environment strings, "x86_64", the 16 AT_RANDOM bytes, then (aligned)
 * argc, argv[], NULL, envp[], NULL, auxv pairs ending with AT_NULL.
 * Return: 0, -ENOMEM, or -E2BIG-like -ENOEXEC if the stack VMA is taken.
 * Context: mm_lock held; may sleep.
 */
int stack_build(struct mm_space *s, const struct elf_info *info,
		const char *execfn, const char *args, u32 argc, u32 envc,
		u64 *sp_out)
{
	u64 pos = MM_STACK_TOP - 8, execfn_va, plat_va, rand_va, sp, strs;
	size_t nwords = 1 + argc + 1 + envc + 1 + 2 * NR_AUXV, k, w = 0;
	size_t args_len = 0;
	const char *a;
	u8 rnd[16];
	u64 *vec;
	struct vma *v;
	int ret;

	if (!vma_range_free(s, MM_STACK_TOP - MM_STACK_SIZE, MM_STACK_TOP))
		return -ENOEXEC;
	v = vma_alloc(MM_STACK_TOP - MM_STACK_SIZE, MM_STACK_TOP,
		      info->stack_prot, VMA_STACK);
	if (!v)
		return -ENOMEM;
	vma_insert(s, v);

	for (a = args, k = 0; k < argc + envc; k++) {
		size_t n = strlen(a) + 1;

		args_len += n;
		a += n;
	}
	ret = push_bytes(s, &pos, execfn, strlen(execfn) + 1);
	execfn_va = pos;
	if (!ret)
		ret = push_bytes(s, &pos, args, args_len);
	strs = pos;
	if (!ret)
		ret = push_bytes(s, &pos, "x86_64", 7);
	plat_va = pos;
	stack_random(rnd);
	pos &= ~15ULL;
	if (!ret)
		ret = push_bytes(s, &pos, rnd, sizeof(rnd));
	rand_va = pos;
	if (ret)
		return ret;

	vec = kcalloc(nwords, sizeof(u64), GFP_KERNEL);
	if (!vec)
		return -ENOMEM;
	vec[w++] = argc;
	for (a = args, k = 0; k < argc + envc; k++) {
		if (k == argc)
			vec[w++] = 0;	/* end of argv */
		vec[w++] = strs + (a - args);
		a += strlen(a) + 1;
	}
	if (argc == argc + envc)
		vec[w++] = 0;
	vec[w++] = 0;			/* end of envp */
#define AUX(type, val) do { vec[w++] = (type); vec[w++] = (val); } while (0)
	AUX(AT_PHDR, info->phdr_vaddr);
	AUX(AT_PHENT, 56);
	AUX(AT_PHNUM, info->phnum);
	AUX(AT_PAGESZ, PAGE_SIZE);
	AUX(AT_BASE, 0);
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, info->entry);
	AUX(AT_UID, 0);
	AUX(AT_EUID, 0);
	AUX(AT_GID, 0);
	AUX(AT_EGID, 0);
	AUX(AT_SECURE, 0);
	AUX(AT_HWCAP, stack_hwcap());
	AUX(AT_CLKTCK, 100);
	AUX(AT_RANDOM, rand_va);
	AUX(AT_EXECFN, execfn_va);
	AUX(AT_PLATFORM, plat_va);
#undef AUX
	/* NR_AUXV counts AT_NULL: two more zero words, already zero. */
	w += 2;
	WARN_ON(w != nwords);
	sp = (pos - nwords * sizeof(u64)) & ~15ULL;
	ret = space_write(s, sp, vec, nwords * sizeof(u64));
	kfree(vec);
	if (!ret)
		*sp_out = sp;
	return ret;
}
