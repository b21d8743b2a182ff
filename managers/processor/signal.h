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
 */
struct pm_thread_sig {
	u64 blocked;
	u64 saved_blocked;
	bool restore_blocked;
	struct pm_sigpending pending;
	u64 altstack_sp;
	u64 altstack_size;
	int altstack_flags;
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

#endif /* _MANAGERS_PROCESSOR_SIGNAL_H */
