/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Signal state of processes and threads: Linux x86-64 signal numbers,
 * pending sets with their siginfo, actions, the alternate stack.
 */
#ifndef _MANAGERS_PROCESSOR_SIGNAL_H
#define _MANAGERS_PROCESSOR_SIGNAL_H

#include <tessera/types.h>

#define PM_NSIG			64	/* signals 1..64; bit (sig - 1) in a set */

#define SIGHUP			1
#define SIGINT			2
#define SIGQUIT			3
#define SIGILL			4
#define SIGTRAP			5
#define SIGABRT			6
#define SIGBUS			7
#define SIGFPE			8
#define SIGKILL			9
#define SIGUSR1			10
#define SIGSEGV			11
#define SIGUSR2			12
#define SIGPIPE			13
#define SIGALRM			14
#define SIGTERM			15
#define SIGCHLD			17
#define SIGCONT			18
#define SIGSTOP			19
#define SIGTSTP			20
#define SIGTTIN			21
#define SIGTTOU			22
#define SIGURG			23
#define SIGWINCH		28
#define SIGSYS			31

#define SI_USER			0	/* siginfo si_code values */
#define SI_KERNEL		0x80
#define SI_TKILL		(-6)
#define SEGV_MAPERR		1
#define SEGV_ACCERR		2
#define BUS_ADRERR		2	/* SIGBUS: the page could not be fetched */
#define CLD_EXITED		1
#define CLD_KILLED		2

static inline u64 sigmask_of(int sig)
{
	return 1ULL << (sig - 1);
}

/**
 * struct pm_siginfo - what a pending signal carries (siginfo_t's fields we use)
 * @signo, @code, @errno_: si_signo, si_code, si_errno
 * @pid, @uid: the sender (kill, SIGCHLD: the child)
 * @status: SIGCHLD: exit code or signal
 * @addr: SIGSEGV/SIGBUS/SIGILL/SIGFPE: the faulting address
 */
struct pm_siginfo {
	int signo;
	int code;
	int errno_;
	int pid;
	int uid;
	int status;
	u64 addr;
};

/**
 * struct pm_sigpending - a pending set (one instance per standard signal;
 * real-time signals are not queued more than once: TODO)
 * @set: bit (sig - 1) set when pending
 * @info: the siginfo of each pending signal, index sig - 1
 */
struct pm_sigpending {
	u64 set;
	struct pm_siginfo info[PM_NSIG];
};

/**
 * struct pm_thread_sig - per-thread signal state
 * @blocked: the signal mask
 * @saved_blocked: restored on the way out of sigsuspend/ppoll/pselect6
 * @restore_blocked: @saved_blocked is valid
 * @pending: thread-directed pending signals (pm_tree_lock)
 * @altstack_sp, @altstack_size, @altstack_flags: sigaltstack()
 * @waitset: signals rt_sigtimedwait() sleeps for (pm_tree_lock); a sender
 *	wakes this thread for them even though they are blocked
 */
struct pm_thread_sig {
	u64 blocked;
	u64 saved_blocked;
	bool restore_blocked;
	struct pm_sigpending pending;
	u64 altstack_sp;
	u64 altstack_size;
	int altstack_flags;
	u64 waitset;
};

/**
 * struct pm_sigaction_k - one action (the kernel's struct sigaction layout)
 * @handler: SIG_DFL (0), SIG_IGN (1), or a user address
 * @flags: SA_*
 * @restorer: SA_RESTORER trampoline
 * @mask: blocked while the handler runs
 */
struct pm_sigaction_k {
	u64 handler;
	u64 flags;
	u64 restorer;
	u64 mask;
};

/**
 * struct pm_sighand - signal actions shared by CLONE_SIGHAND tasks
 * @refs: references (atomic)
 * @action: index sig - 1; read and written under pm_tree_lock
 */
struct pm_sighand {
	int refs;
	struct pm_sigaction_k action[PM_NSIG];
};

#define SIGSTKFLT		16
#define SIGXCPU			24
#define SIGXFSZ			25
#define SIGVTALRM		26
#define SIGPROF			27
#define SIGIO			29
#define SIGPWR			30

#define SIG_DFL			0ULL	/* struct pm_sigaction_k.handler */
#define SIG_IGN			1ULL

#define SA_NOCLDSTOP		0x00000001ULL	/* sigaction flags (x86-64) */
#define SA_NOCLDWAIT		0x00000002ULL
#define SA_SIGINFO		0x00000004ULL
#define SA_RESTORER		0x04000000ULL
#define SA_ONSTACK		0x08000000ULL
#define SA_RESTART		0x10000000ULL
#define SA_NODEFER		0x40000000ULL
#define SA_RESETHAND		0x80000000ULL

#define SS_ONSTACK		1	/* sigaltstack flags */
#define SS_DISABLE		2
#define SS_AUTODISARM		(1U << 31)
#define MINSIGSTKSZ		2048

#define SI_TIMER		(-2)

/* ---- the Linux x86-64 user signal frame (the ABI, not our choice) ---- */

/* stack_t */
struct pm_user_stack {
	u64 ss_sp;
	s32 ss_flags;
	u32 pad;
	u64 ss_size;
};

/* struct sigcontext (uc_mcontext) */
struct pm_user_sigcontext {
	u64 r8, r9, r10, r11, r12, r13, r14, r15;
	u64 rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip;
	u64 eflags;
	u16 cs, gs, fs, ss;
	u64 err, trapno, oldmask, cr2;
	u64 fpstate;		/* user address of the FXSAVE/XSAVE image */
	u64 reserved1[8];
};

/* the kernel's struct ucontext (8-byte sigset) */
struct pm_user_ucontext {
	u64 uc_flags;
	u64 uc_link;
	struct pm_user_stack uc_stack;
	struct pm_user_sigcontext uc_mcontext;
	u64 uc_sigmask;
};

#define UC_FP_XSTATE		0x1	/* uc_flags: fpstate holds an XSAVE image */
#define UC_SIGCONTEXT_SS	0x2
#define UC_STRICT_RESTORE_SS	0x4

/* siginfo_t: 128 bytes, the union at offset 16 */
struct pm_user_siginfo {
	s32 si_signo;
	s32 si_errno;
	s32 si_code;
	s32 pad0;
	union {
		u8 raw[112];
		struct {		/* kill, tkill, SI_USER, SI_KERNEL */
			s32 pid;
			u32 uid;
		} kill;
		struct {		/* SIGCHLD */
			s32 pid;
			u32 uid;
			s32 status;
			s32 pad;
			s64 utime;
			s64 stime;
		} chld;
		struct {		/* SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP */
			u64 addr;
		} fault;
	} u;
};

/* What the handler's stack pointer points at (rt_sigframe). */
struct pm_user_rt_sigframe {
	u64 pretcode;		/* sa_restorer: the handler's return address */
	struct pm_user_ucontext uc;
	struct pm_user_siginfo info;
	/* the FPU image follows, 64-byte aligned, above */
};

/* What SIG_DFL does (signal.c): pm_sig_default_action(sig) */
enum pm_sig_default { PM_SIG_TERM, PM_SIG_IGNORE, PM_SIG_STOP };
enum pm_sig_default pm_sig_default_action(int sig);

#endif /* _MANAGERS_PROCESSOR_SIGNAL_H */
