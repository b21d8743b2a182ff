/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The x86-64 Linux system calls the processor manager knows: one list
 * (number, name) that builds the dispatch table and the names in logs, and
 * the SYSCALL_DEFINEn() macros handlers are written with.
 */
#ifndef _MANAGERS_PROCESSOR_SYSCALLS_H
#define _MANAGERS_PROCESSOR_SYSCALLS_H

#include <tessera/compiler.h>
#include <asm/ptrace.h>

#define PM_NR_SYSCALLS		448	/* table size: highest number + 1, rounded */

/*
 * X(number, name): every call with a handler sys_<name>(struct pt_regs *).
 * Calls not listed return -ENOSYS and are logged once by number.
 * Owners: [F] fs/ (files, fds, pipes, poll, pseudo-files), [P] process
 * model (process.c, clone.c, exec.c, exit.c, futex.c, mm_syscalls.c),
 * [S] signal.c, [M] syscalls.c (the rest).
 */
#define PM_SYSCALLS(X)							\
	X(0, read)		/* F */					\
	X(1, write)		/* F */					\
	X(2, open)		/* F */					\
	X(3, close)		/* F */					\
	X(4, stat)		/* F */					\
	X(5, fstat)		/* F */					\
	X(6, lstat)		/* F */					\
	X(7, poll)		/* F */					\
	X(8, lseek)		/* F */					\
	X(9, mmap)		/* P */					\
	X(10, mprotect)		/* P */					\
	X(11, munmap)		/* P */					\
	X(12, brk)		/* P */					\
	X(13, rt_sigaction)	/* S */					\
	X(14, rt_sigprocmask)	/* S */					\
	X(15, rt_sigreturn)	/* S */					\
	X(16, ioctl)		/* F */					\
	X(17, pread64)		/* F */					\
	X(18, pwrite64)		/* F */					\
	X(19, readv)		/* F */					\
	X(20, writev)		/* F */					\
	X(21, access)		/* F */					\
	X(22, pipe)		/* F */					\
	X(23, select)		/* F */					\
	X(24, sched_yield)	/* P */					\
	X(25, mremap)		/* P */					\
	X(26, msync)		/* P */					\
	X(28, madvise)		/* P */					\
	X(32, dup)		/* F */					\
	X(33, dup2)		/* F */					\
	X(34, pause)		/* S */					\
	X(35, nanosleep)	/* P */					\
	X(36, getitimer)	/* S */					\
	X(37, alarm)		/* S */					\
	X(38, setitimer)	/* S */					\
	X(39, getpid)		/* P */					\
	X(40, sendfile)		/* F */					\
	X(56, clone)		/* P */					\
	X(57, fork)		/* P */					\
	X(58, vfork)		/* P */					\
	X(59, execve)		/* P */					\
	X(60, exit)		/* P */					\
	X(61, wait4)		/* P */					\
	X(62, kill)		/* S */					\
	X(63, uname)		/* M */					\
	X(72, fcntl)		/* F */					\
	X(73, flock)		/* F */					\
	X(74, fsync)		/* F */					\
	X(75, fdatasync)	/* F */					\
	X(76, truncate)		/* F */					\
	X(77, ftruncate)	/* F */					\
	X(78, getdents)		/* F */					\
	X(79, getcwd)		/* F */					\
	X(80, chdir)		/* F */					\
	X(81, fchdir)		/* F */					\
	X(82, rename)		/* F */					\
	X(83, mkdir)		/* F */					\
	X(84, rmdir)		/* F */					\
	X(85, creat)		/* F */					\
	X(86, link)		/* F */					\
	X(87, unlink)		/* F */					\
	X(88, symlink)		/* F */					\
	X(89, readlink)		/* F */					\
	X(90, chmod)		/* F */					\
	X(91, fchmod)		/* F */					\
	X(92, chown)		/* F */					\
	X(93, fchown)		/* F */					\
	X(94, lchown)		/* F */					\
	X(95, umask)		/* F */					\
	X(96, gettimeofday)	/* M */					\
	X(97, getrlimit)	/* M */					\
	X(98, getrusage)	/* P */					\
	X(99, sysinfo)		/* M */					\
	X(100, times)		/* P */					\
	X(102, getuid)		/* M */					\
	X(104, getgid)		/* M */					\
	X(105, setuid)		/* M */					\
	X(106, setgid)		/* M */					\
	X(107, geteuid)		/* M */					\
	X(108, getegid)		/* M */					\
	X(109, setpgid)		/* P */					\
	X(110, getppid)		/* P */					\
	X(111, getpgrp)		/* P */					\
	X(112, setsid)		/* P */					\
	X(115, getgroups)	/* M */					\
	X(121, getpgid)		/* P */					\
	X(124, getsid)		/* P */					\
	X(127, rt_sigpending)	/* S */					\
	X(128, rt_sigtimedwait)	/* S */					\
	X(130, rt_sigsuspend)	/* S */					\
	X(131, sigaltstack)	/* S */					\
	X(132, utime)		/* F */					\
	X(137, statfs)		/* F */					\
	X(138, fstatfs)		/* F */					\
	X(157, prctl)		/* P */					\
	X(158, arch_prctl)	/* P */					\
	X(160, setrlimit)	/* M */					\
	X(186, gettid)		/* P */					\
	X(200, tkill)		/* S */					\
	X(201, time)		/* M */					\
	X(202, futex)		/* P */					\
	X(203, sched_setaffinity) /* P */				\
	X(204, sched_getaffinity) /* P */				\
	X(217, getdents64)	/* F */					\
	X(218, set_tid_address)	/* P */					\
	X(228, clock_gettime)	/* M */					\
	X(229, clock_getres)	/* M */					\
	X(230, clock_nanosleep)	/* P */					\
	X(231, exit_group)	/* P */					\
	X(234, tgkill)		/* S */					\
	X(235, utimes)		/* F */					\
	X(247, waitid)		/* P */					\
	X(257, openat)		/* F */					\
	X(258, mkdirat)		/* F */					\
	X(260, fchownat)	/* F */					\
	X(262, newfstatat)	/* F */					\
	X(263, unlinkat)	/* F */					\
	X(264, renameat)	/* F */					\
	X(265, linkat)		/* F */					\
	X(266, symlinkat)	/* F */					\
	X(267, readlinkat)	/* F */					\
	X(268, fchmodat)	/* F */					\
	X(269, faccessat)	/* F */					\
	X(270, pselect6)	/* F */					\
	X(271, ppoll)		/* F */					\
	X(273, set_robust_list)	/* P */					\
	X(274, get_robust_list)	/* P */					\
	X(280, utimensat)	/* F */					\
	X(292, dup3)		/* F */					\
	X(293, pipe2)		/* F */					\
	X(302, prlimit64)	/* M */					\
	X(316, renameat2)	/* F */					\
	X(318, getrandom)	/* M */					\
	X(322, execveat)	/* P */					\
	X(332, statx)		/* F */					\
	X(334, rseq)		/* M */					\
	X(435, clone3)		/* P */					\
	X(439, faccessat2)	/* F */

typedef long (*pm_syscall_fn)(struct pt_regs *regs);

#define PM_DECLARE_SYSCALL(nr, name) long sys_##name(struct pt_regs *regs);
PM_SYSCALLS(PM_DECLARE_SYSCALL)
#undef PM_DECLARE_SYSCALL

/* Log "syscall NAME (NR) not implemented" once per number; -ENOSYS. */
long sys_ni(unsigned long nr);

/*
 * SYSCALL_DEFINEn(name, type1, arg1, ...) defines sys_<name>(regs) that
 * passes %rdi, %rsi, %rdx, %r10, %r8, %r9 as typed arguments to the body.
 * SYSCALL_DEFINE_REGS(name) gets the frame itself (clone, execve,
 * rt_sigreturn: calls that read or rewrite the user registers).
 */
#define __SC_A0(r)	((r)->rdi)
#define __SC_A1(r)	((r)->rsi)
#define __SC_A2(r)	((r)->rdx)
#define __SC_A3(r)	((r)->r10)
#define __SC_A4(r)	((r)->r8)
#define __SC_A5(r)	((r)->r9)

#define SYSCALL_DEFINE_REGS(name)	long sys_##name(struct pt_regs *regs)
#define SYSCALL_DEFINE0(name)						\
	long sys_##name(struct pt_regs *regs __maybe_unused)
#define SYSCALL_DEFINE1(name, t0, a0)					\
	static long do_sys_##name(t0 a0);				\
	long sys_##name(struct pt_regs *regs)				\
	{ return do_sys_##name((t0)__SC_A0(regs)); }			\
	static long do_sys_##name(t0 a0)
#define SYSCALL_DEFINE2(name, t0, a0, t1, a1)				\
	static long do_sys_##name(t0 a0, t1 a1);			\
	long sys_##name(struct pt_regs *regs)				\
	{ return do_sys_##name((t0)__SC_A0(regs), (t1)__SC_A1(regs)); } \
	static long do_sys_##name(t0 a0, t1 a1)
#define SYSCALL_DEFINE3(name, t0, a0, t1, a1, t2, a2)			\
	static long do_sys_##name(t0 a0, t1 a1, t2 a2);			\
	long sys_##name(struct pt_regs *regs)				\
	{ return do_sys_##name((t0)__SC_A0(regs), (t1)__SC_A1(regs),	\
			       (t2)__SC_A2(regs)); }			\
	static long do_sys_##name(t0 a0, t1 a1, t2 a2)
#define SYSCALL_DEFINE4(name, t0, a0, t1, a1, t2, a2, t3, a3)		\
	static long do_sys_##name(t0 a0, t1 a1, t2 a2, t3 a3);		\
	long sys_##name(struct pt_regs *regs)				\
	{ return do_sys_##name((t0)__SC_A0(regs), (t1)__SC_A1(regs),	\
			       (t2)__SC_A2(regs), (t3)__SC_A3(regs)); }	\
	static long do_sys_##name(t0 a0, t1 a1, t2 a2, t3 a3)
#define SYSCALL_DEFINE5(name, t0, a0, t1, a1, t2, a2, t3, a3, t4, a4)	\
	static long do_sys_##name(t0 a0, t1 a1, t2 a2, t3 a3, t4 a4);	\
	long sys_##name(struct pt_regs *regs)				\
	{ return do_sys_##name((t0)__SC_A0(regs), (t1)__SC_A1(regs),	\
			       (t2)__SC_A2(regs), (t3)__SC_A3(regs),	\
			       (t4)__SC_A4(regs)); }			\
	static long do_sys_##name(t0 a0, t1 a1, t2 a2, t3 a3, t4 a4)
#define SYSCALL_DEFINE6(name, t0, a0, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5) \
	static long do_sys_##name(t0 a0, t1 a1, t2 a2, t3 a3, t4 a4, t5 a5); \
	long sys_##name(struct pt_regs *regs)				\
	{ return do_sys_##name((t0)__SC_A0(regs), (t1)__SC_A1(regs),	\
			       (t2)__SC_A2(regs), (t3)__SC_A3(regs),	\
			       (t4)__SC_A4(regs), (t5)__SC_A5(regs)); }	\
	static long do_sys_##name(t0 a0, t1 a1, t2 a2, t3 a3, t4 a4, t5 a5)

/* Kernel-internal errno for "restart this syscall if the handler allows". */
#define ERESTARTSYS		512
#define ERESTARTNOHAND		514	/* restart only if no handler ran */

#endif /* _MANAGERS_PROCESSOR_SYSCALLS_H */
