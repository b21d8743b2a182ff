// SPDX-License-Identifier: GPL-2.0
/*
 * Suite "processor": user mode through the syscall entry with hand-made
 * code, uaccess -EFAULT cases, unknown syscalls, and pcache set logic.
 */
#include <tessera/errno.h>
#include <tessera/ktest.h>
#include <tessera/mm.h>
#include <tessera/string.h>
#include <asm/pgtable.h>
#include <asm/traps.h>
#include <asm/uaccess.h>
#include "pm.h"

/* mov $39,%eax; syscall; mov %eax,%edi; mov $60,%eax; syscall -> exit(getpid()) */
static const u8 prog_getpid_exit[] = {
	0xb8, 39, 0, 0, 0, 0x0f, 0x05, 0x89, 0xc7, 0xb8, 60, 0, 0, 0, 0x0f, 0x05,
};

static void user_getpid_exit(struct ktest *t)
{
	int status = -1, ret;

	ret = pm_run_user_code(prog_getpid_exit, sizeof(prog_getpid_exit), &status);
	KTEST_EXPECT_EQ(t, ret, 0);
	/* the pid is > 0; the exit status is its low 8 bits */
	KTEST_EXPECT_TRUE(t, status > 0 && status < 256);
}

/* mov $999,%eax; syscall; neg %eax; mov %eax,%edi; mov $231,%eax; syscall */
static const u8 prog_unknown[] = {
	0xb8, 0xe7, 0x03, 0, 0, 0x0f, 0x05, 0xf7, 0xd8, 0x89, 0xc7,
	0xb8, 231, 0, 0, 0, 0x0f, 0x05,
};

static void unknown_syscall_enosys(struct ktest *t)
{
	int status = -1;

	KTEST_EXPECT_EQ(t, pm_run_user_code(prog_unknown, sizeof(prog_unknown), &status), 0);
	KTEST_EXPECT_EQ(t, status, ENOSYS);
}

/* movb $1, 0 (a NULL write): the fake-less pcache gets -EFAULT -> SIGSEGV */
static const u8 prog_null_write[] = { 0xc6, 0x04, 0x25, 0, 0, 0, 0, 1, 0xeb, 0xfe };

static int fault_fetch(struct pm_mm *p, unsigned long vaddr, u32 flags,
		       void *page, u32 *prot)
{
	return -EFAULT;
}

static int fake_flush(struct pm_mm *p, unsigned long vaddr, const void *page)
{
	return 0;
}

static const struct pcache_backend fault_backend = { fault_fetch, fake_flush };

static void user_null_write_sigsegv(struct ktest *t)
{
	const struct pcache_backend *old = pcache_set_backend(&fault_backend);
	int status = -1;

	KTEST_EXPECT_EQ(t, pm_run_user_code(prog_null_write, sizeof(prog_null_write), &status), 0);
	KTEST_EXPECT_EQ(t, status, 128 + SIGSEGV);
	pcache_set_backend(old);
}

static void uaccess_bad_pointers(struct ktest *t)
{
	char buf[16];

	KTEST_EXPECT_EQ(t, copy_from_user(buf, NULL, 8), -EFAULT);
	KTEST_EXPECT_EQ(t, copy_to_user(NULL, buf, 8), -EFAULT);
	KTEST_EXPECT_EQ(t, copy_from_user(buf, (const void __user *)buf, 8), -EFAULT);
	KTEST_EXPECT_EQ(t, copy_to_user((void __user *)0x0000800000000000UL, buf, 1), -EFAULT);
	KTEST_EXPECT_EQ(t, copy_from_user(buf, (const void __user *)0x00007ffffffffff0UL, 32),
			-EFAULT);
	KTEST_EXPECT_EQ(t, clear_user((void __user *)0x1000, 8), -EFAULT);
	KTEST_EXPECT_EQ(t, strncpy_from_user(buf, NULL, sizeof(buf)), -EFAULT);
	KTEST_EXPECT_EQ(t, copy_from_user(buf, (const void __user *)0xdead0000000UL, 0), 0);
	KTEST_EXPECT_TRUE(t, access_ok(0x400000, 4096));
	KTEST_EXPECT_FALSE(t, access_ok(0xffff800000000000UL, 1));
	KTEST_EXPECT_FALSE(t, access_ok(0x7fffffffe000UL, 0x10000));
}

/* ---- pcache set logic with a fake backend ---- */

static unsigned int fake_fetches, fake_flushes;

static int pattern_fetch(struct pm_mm *p, unsigned long vaddr, u32 flags,
			 void *page, u32 *prot)
{
	fake_fetches++;
	*prot = PM_PROT_READ | PM_PROT_WRITE;
	if (vaddr & 0x1000) {
		memset(page, (u8)(vaddr >> 12), PAGE_SIZE);
		return 0;
	}
	return 1;	/* zero-fill */
}

static int count_flush(struct pm_mm *p, unsigned long vaddr, const void *page)
{
	fake_flushes++;
	return 0;
}

static const struct pcache_backend pattern_backend = { pattern_fetch, count_flush };

static void pcache_set_eviction(struct ktest *t)
{
	const struct pcache_backend *old;
	struct pcache_stats s0, s1;
	struct pm_mm *p;
	unsigned int ways = pcache_nr_ways(), sets = pcache_nr_sets(), i;
	unsigned long va0 = 0x10000000UL, stride = (unsigned long)sets * PAGE_SIZE;
	u64 pte;

	if (!pcache_ready()) {
		ktest_skip(t, "no pcache");
		return;
	}
	p = pm_mm_create(0);
	KTEST_ASSERT_NOT_NULL(t, p);
	old = pcache_set_backend(&pattern_backend);
	fake_fetches = 0;
	fake_flushes = 0;
	pcache_get_stats(&s0);
	/* ways + 2 pages that all index the same set */
	for (i = 0; i < ways + 2; i++)
		KTEST_EXPECT_EQ(t, pcache_fault(p, va0 + i * stride, 0), 0);
	pcache_get_stats(&s1);
	KTEST_EXPECT_EQ(t, fake_fetches, ways + 2);
	KTEST_EXPECT_EQ(t, s1.evictions - s0.evictions, 2);
	KTEST_EXPECT_EQ(t, pcache_lines_of(p), ways);
	/* the two oldest were unmapped through the reverse map */
	KTEST_EXPECT_EQ(t, pm_lookup_pte(p, va0) & _PAGE_PRESENT, 0);
	KTEST_EXPECT_EQ(t, pm_lookup_pte(p, va0 + stride) & _PAGE_PRESENT, 0);
	pte = pm_lookup_pte(p, va0 + (ways + 1) * stride);
	KTEST_EXPECT_TRUE(t, pte & _PAGE_PRESENT);
	KTEST_EXPECT_TRUE(t, pte & _PAGE_RW);
	/* a clean eviction writes nothing back */
	KTEST_EXPECT_EQ(t, fake_flushes, 0);
	/* a hit refetches nothing */
	KTEST_EXPECT_EQ(t, pcache_fault(p, va0 + (ways + 1) * stride, 0), 0);
	KTEST_EXPECT_EQ(t, fake_fetches, ways + 2);
	pcache_get_stats(&s1);
	KTEST_EXPECT_EQ(t, s1.hits - s0.hits, 1);
	/* clean lines are dropped without write-back even when asked */
	pcache_drop_range(p, va0, va0 + (ways + 2) * stride, true);
	KTEST_EXPECT_EQ(t, fake_flushes, 0);
	pcache_drop_range(p, 0, USER_ADDR_LIMIT, false);
	KTEST_EXPECT_EQ(t, pcache_lines_of(p), 0);
	KTEST_EXPECT_EQ(t, pm_lookup_pte(p, va0 + (ways + 1) * stride) & _PAGE_PRESENT, 0);
	pcache_set_backend(old);
	pm_mm_put(p);
}

static int ro_fetch(struct pm_mm *p, unsigned long vaddr, u32 flags,
		    void *page, u32 *prot)
{
	*prot = PM_PROT_READ;
	return 1;
}

static const struct pcache_backend ro_backend = { ro_fetch, count_flush };

static void pcache_permissions(struct ktest *t)
{
	const struct pcache_backend *old;
	struct pm_mm *p;

	if (!pcache_ready()) {
		ktest_skip(t, "no pcache");
		return;
	}
	p = pm_mm_create(0);
	KTEST_ASSERT_NOT_NULL(t, p);
	old = pcache_set_backend(&ro_backend);
	KTEST_EXPECT_EQ(t, pcache_fault(p, 0x20000000, X86_PF_WRITE), -EACCES);
	KTEST_EXPECT_EQ(t, pcache_lines_of(p), 0);
	KTEST_EXPECT_EQ(t, pcache_fault(p, 0x20000000, 0), 0);
	KTEST_EXPECT_EQ(t, pm_lookup_pte(p, 0x20000000) & _PAGE_RW, 0);
	KTEST_EXPECT_EQ(t, pcache_fault(p, 0x20000000, X86_PF_WRITE | X86_PF_PROT), -EACCES);
	pcache_drop_range(p, 0, USER_ADDR_LIMIT, false);
	pcache_set_backend(old);
	pm_mm_put(p);
}

/*
 * clone a thread (CLONE_VM|FS|FILES|SIGHAND|THREAD|SYSVSEM|PARENT_SETTID|
 * CHILD_CLEARTID) on a stack inside the hand-made stack page, tid word at
 * 0x7ffefffffff8. The child exit()s; the parent futex-waits on the tid word
 * until the child's exit clears it, then exit_group(42). Source:
 *	mov $0x350f00,%edi; movabs $0x7ffefffff800,%rsi; movabs $WORD,%rdx
 *	mov %rdx,%r10; xor %r8d,%r8d; mov $56,%eax; syscall
 *	test %rax,%rax; jz child; js fail
 * 1:	movabs $WORD,%rdi; mov (%rdi),%edx; test %edx,%edx; jz done
 *	xor %esi,%esi; xor %r10d,%r10d; mov $202,%eax; syscall; jmp 1b
 * done: exit_group(42)  child: exit(0)  fail: exit_group(1)
 */
static const u8 prog_clone_thread[] = {
	0xbf, 0x00, 0x0f, 0x35, 0x00, 0x48, 0xbe, 0x00, 0xf8, 0xff, 0xff, 0xfe,
	0x7f, 0x00, 0x00, 0x48, 0xba, 0xf8, 0xff, 0xff, 0xff, 0xfe, 0x7f, 0x00,
	0x00, 0x49, 0x89, 0xd2, 0x45, 0x31, 0xc0, 0xb8, 0x38, 0x00, 0x00, 0x00,
	0x0f, 0x05, 0x48, 0x85, 0xc0, 0x74, 0x2c, 0x78, 0x33, 0x48, 0xbf, 0xf8,
	0xff, 0xff, 0xff, 0xfe, 0x7f, 0x00, 0x00, 0x8b, 0x17, 0x85, 0xd2, 0x74,
	0x0e, 0x31, 0xf6, 0x45, 0x31, 0xd2, 0xb8, 0xca, 0x00, 0x00, 0x00, 0x0f,
	0x05, 0xeb, 0xe2, 0xbf, 0x2a, 0x00, 0x00, 0x00, 0xb8, 0xe7, 0x00, 0x00,
	0x00, 0x0f, 0x05, 0x31, 0xff, 0xb8, 0x3c, 0x00, 0x00, 0x00, 0x0f, 0x05,
	0xbf, 0x01, 0x00, 0x00, 0x00, 0xb8, 0xe7, 0x00, 0x00, 0x00, 0x0f, 0x05,
};

static void user_clone_thread_futex(struct ktest *t)
{
	int status = -1;

	KTEST_EXPECT_EQ(t, pm_run_user_code(prog_clone_thread, sizeof(prog_clone_thread),
					    &status), 0);
	KTEST_EXPECT_EQ(t, status, 42);
}

/*
 * vfork; the child exit(7)s; the parent wait4(-1, &st, 0, NULL) must return
 * the child's pid with st == 0x0700, a second wait4 -ECHILD; then
 * exit_group(st >> 8), so the status is 7 (1 on any mismatch).
 */
static const u8 prog_vfork_wait4[] = {
	0xb8, 0x3a, 0x00, 0x00, 0x00, 0x0f, 0x05, 0x48, 0x85, 0xc0, 0x75, 0x0c,
	0xbf, 0x07, 0x00, 0x00, 0x00, 0xb8, 0x3c, 0x00, 0x00, 0x00, 0x0f, 0x05,
	0x78, 0x4d, 0x48, 0x89, 0xc3, 0xbf, 0xff, 0xff, 0xff, 0xff, 0x48, 0x8d,
	0x74, 0x24, 0xf0, 0xc7, 0x06, 0x34, 0x12, 0x00, 0x00, 0x31, 0xd2, 0x45,
	0x31, 0xd2, 0xb8, 0x3d, 0x00, 0x00, 0x00, 0x0f, 0x05, 0x48, 0x39, 0xc3,
	0x75, 0x29, 0x8b, 0x5c, 0x24, 0xf0, 0xbf, 0xff, 0xff, 0xff, 0xff, 0x31,
	0xf6, 0x31, 0xd2, 0x45, 0x31, 0xd2, 0xb8, 0x3d, 0x00, 0x00, 0x00, 0x0f,
	0x05, 0x48, 0x83, 0xf8, 0xf6, 0x75, 0x0c, 0x89, 0xdf, 0xc1, 0xef, 0x08,
	0xb8, 0xe7, 0x00, 0x00, 0x00, 0x0f, 0x05, 0xbf, 0x01, 0x00, 0x00, 0x00,
	0xb8, 0xe7, 0x00, 0x00, 0x00, 0x0f, 0x05,
};

static void user_vfork_wait4_status(struct ktest *t)
{
	int status = -1;

	KTEST_EXPECT_EQ(t, pm_run_user_code(prog_vfork_wait4, sizeof(prog_vfork_wait4),
					    &status), 0);
	KTEST_EXPECT_EQ(t, status, 7);
}

static void futex_wake_nobody(struct ktest *t)
{
	struct pm_mm *mm = pm_mm_create(0);

	KTEST_ASSERT_NOT_NULL(t, mm);
	KTEST_EXPECT_EQ(t, pm_futex_wake(mm, 0x10000, 1), 0);
	KTEST_EXPECT_EQ(t, pm_read_user_u32_nofault(mm, 0x10002, &(u32){ 0 }), -EFAULT);
	KTEST_EXPECT_EQ(t, pm_read_user_u32_nofault(mm, 0x10000, &(u32){ 0 }), -EAGAIN);
	pm_mm_put(mm);
}

KTEST_SUITE(processor, NULL, NULL,
	    KTEST_CASE(user_getpid_exit),
	    KTEST_CASE(unknown_syscall_enosys),
	    KTEST_CASE(user_null_write_sigsegv),
	    KTEST_CASE(uaccess_bad_pointers),
	    KTEST_CASE(pcache_set_eviction),
	    KTEST_CASE(pcache_permissions),
	    KTEST_CASE(user_clone_thread_futex),
	    KTEST_CASE(user_vfork_wait4_status),
	    KTEST_CASE(futex_wake_nobody));
