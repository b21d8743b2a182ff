// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for signal.c: the user frame layout against the Linux x86-64 ABI,
 * default actions, action tables, and queueing on a stand-alone process.
 */
#include <tessera/kernel.h>
#include <tessera/ktest.h>
#include <tessera/slab.h>
#include <tessera/string.h>
#include <asm/fpu.h>
#include "pm.h"

/* The ABI sizes and offsets user space compiles against. */
_Static_assert(sizeof(struct pm_user_siginfo) == 128, "siginfo_t is 128 bytes");
_Static_assert(offsetof(struct pm_user_siginfo, u) == 16, "siginfo union at 16");
_Static_assert(offsetof(struct pm_user_siginfo, u.chld.status) == 24, "si_status at 24");
_Static_assert(offsetof(struct pm_user_siginfo, u.chld.utime) == 32, "si_utime at 32");
_Static_assert(sizeof(struct pm_user_stack) == 24, "stack_t is 24 bytes");
_Static_assert(sizeof(struct pm_user_sigcontext) == 256, "sigcontext is 256 bytes");
_Static_assert(offsetof(struct pm_user_sigcontext, rdi) == 64, "sigcontext rdi");
_Static_assert(offsetof(struct pm_user_sigcontext, rip) == 128, "sigcontext rip");
_Static_assert(offsetof(struct pm_user_sigcontext, eflags) == 136, "sigcontext eflags");
_Static_assert(offsetof(struct pm_user_sigcontext, cs) == 144, "sigcontext cs");
_Static_assert(offsetof(struct pm_user_sigcontext, err) == 152, "sigcontext err");
_Static_assert(offsetof(struct pm_user_sigcontext, cr2) == 176, "sigcontext cr2");
_Static_assert(offsetof(struct pm_user_sigcontext, fpstate) == 184, "sigcontext fpstate");
_Static_assert(offsetof(struct pm_user_ucontext, uc_stack) == 16, "uc_stack at 16");
_Static_assert(offsetof(struct pm_user_ucontext, uc_mcontext) == 40, "uc_mcontext at 40");
_Static_assert(offsetof(struct pm_user_ucontext, uc_sigmask) == 296, "uc_sigmask at 296");
_Static_assert(offsetof(struct pm_user_rt_sigframe, uc) == 8, "rt_sigframe uc at 8");
_Static_assert(offsetof(struct pm_user_rt_sigframe, info) == 312, "rt_sigframe info at 312");
_Static_assert(sizeof(struct pm_sigaction_k) == 32, "kernel struct sigaction is 32 bytes");

static void default_actions(struct ktest *t)
{
	static const int term[] = { SIGHUP, SIGINT, SIGQUIT, SIGILL, SIGABRT, SIGBUS,
				    SIGFPE, SIGKILL, SIGUSR1, SIGSEGV, SIGUSR2, SIGPIPE,
				    SIGALRM, SIGTERM, SIGSYS, 34, 64 };
	static const int ign[] = { SIGCHLD, SIGURG, SIGWINCH, SIGCONT };
	static const int stop[] = { SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(term); i++)
		KTEST_EXPECT_EQ(t, pm_sig_default_action(term[i]), PM_SIG_TERM);
	for (i = 0; i < ARRAY_SIZE(ign); i++)
		KTEST_EXPECT_EQ(t, pm_sig_default_action(ign[i]), PM_SIG_IGNORE);
	for (i = 0; i < ARRAY_SIZE(stop); i++)
		KTEST_EXPECT_EQ(t, pm_sig_default_action(stop[i]), PM_SIG_STOP);
}

static void fpu_frame_size(struct ktest *t)
{
	size_t n = fpu_sigframe_size();

	/* FXSAVE: 512; XSAVE: legacy + header at least, plus MAGIC2 */
	KTEST_EXPECT_TRUE(t, n == 512 || n >= 512 + 64 + FP_XSTATE_MAGIC2_SIZE);
}

/* A parentless process with one thread that has no task: never woken. */
struct fake {
	struct process p;
	struct pm_thread th;
};

static struct fake *fake_alloc(void)
{
	struct fake *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return NULL;
	f->p.sighand = pm_sighand_alloc();
	if (!f->p.sighand) {
		kfree(f);
		return NULL;
	}
	INIT_LIST_HEAD(&f->p.threads);
	INIT_LIST_HEAD(&f->p.children);
	INIT_LIST_HEAD(&f->p.sibling);
	f->p.pid = 999999;
	f->p.state = PM_ALIVE;
	f->th.proc = &f->p;
	f->th.tid = f->p.pid;
	pm_thread_sig_init(&f->th, NULL);
	list_add(&f->th.node, &f->p.threads);
	f->p.nr_threads = 1;
	return f;
}

static void fake_free(struct fake *f)
{
	pm_sighand_put(f->p.sighand);
	kfree(f);
}

static void queue_and_ignore(struct ktest *t)
{
	struct pm_siginfo info = { .code = SI_USER, .pid = 7 };
	struct fake *f = fake_alloc();

	if (!f) {
		ktest_skip(t, "out of memory");
		return;
	}
	KTEST_EXPECT_EQ(t, pm_send_signal(&f->p, 0, &info), -EINVAL);
	KTEST_EXPECT_EQ(t, pm_send_signal(&f->p, 65, &info), -EINVAL);
	/* default-terminate: queued process-wide with its info */
	KTEST_EXPECT_EQ(t, pm_send_signal(&f->p, SIGUSR1, &info), 0);
	KTEST_EXPECT_TRUE(t, f->p.shared_pending.set & sigmask_of(SIGUSR1));
	KTEST_EXPECT_EQ(t, f->p.shared_pending.info[SIGUSR1 - 1].pid, 7);
	KTEST_EXPECT_EQ(t, f->p.shared_pending.info[SIGUSR1 - 1].signo, SIGUSR1);
	/* default-ignore and SIG_IGN: dropped, unless blocked */
	KTEST_EXPECT_EQ(t, pm_send_signal(&f->p, SIGCHLD, &info), 0);
	KTEST_EXPECT_FALSE(t, f->p.shared_pending.set & sigmask_of(SIGCHLD));
	f->p.sighand->action[SIGUSR2 - 1].handler = SIG_IGN;
	pm_send_signal(&f->p, SIGUSR2, &info);
	KTEST_EXPECT_FALSE(t, f->p.shared_pending.set & sigmask_of(SIGUSR2));
	f->th.sig.blocked = sigmask_of(SIGUSR2);
	pm_send_signal(&f->p, SIGUSR2, &info);
	KTEST_EXPECT_TRUE(t, f->p.shared_pending.set & sigmask_of(SIGUSR2));
	/* thread-directed */
	pm_send_signal_thread(&f->th, SIGTERM, &info);
	KTEST_EXPECT_TRUE(t, f->th.sig.pending.set & sigmask_of(SIGTERM));
	/* SIGKILL: a group exit with status SIGKILL; then nothing is taken */
	pm_send_signal(&f->p, SIGKILL, &info);
	KTEST_EXPECT_EQ(t, f->p.state, PM_EXITING);
	KTEST_EXPECT_EQ(t, f->p.exit_code, SIGKILL);
	KTEST_EXPECT_FALSE(t, f->p.shared_pending.set & sigmask_of(SIGKILL));
	pm_send_signal(&f->p, SIGHUP, &info);
	KTEST_EXPECT_FALSE(t, f->p.shared_pending.set & sigmask_of(SIGHUP));
	fake_free(f);
}

static void actions_exec_and_dup(struct ktest *t)
{
	struct fake *f = fake_alloc();
	struct pm_sighand *copy;

	if (!f) {
		ktest_skip(t, "out of memory");
		return;
	}
	f->p.sighand->action[SIGUSR1 - 1].handler = 0x401000;
	f->p.sighand->action[SIGUSR1 - 1].flags = SA_RESTORER | SA_SIGINFO;
	f->p.sighand->action[SIGPIPE - 1].handler = SIG_IGN;
	copy = pm_sighand_dup(f->p.sighand);
	KTEST_EXPECT_NOT_NULL(t, copy);
	if (copy) {
		KTEST_EXPECT_EQ(t, copy->refs, 1);
		KTEST_EXPECT_EQ(t, copy->action[SIGUSR1 - 1].handler, 0x401000);
		pm_sighand_put(copy);
	}
	KTEST_EXPECT_FALSE(t, pm_sigchld_autoreap(&f->p));
	f->p.sighand->action[SIGCHLD - 1].flags = SA_NOCLDWAIT;
	KTEST_EXPECT_TRUE(t, pm_sigchld_autoreap(&f->p));
	f->p.sighand->action[SIGCHLD - 1].flags = 0;
	f->p.sighand->action[SIGCHLD - 1].handler = SIG_IGN;
	KTEST_EXPECT_TRUE(t, pm_sigchld_autoreap(&f->p));
	/* exec: handlers back to default, ignored stay ignored, mask kept */
	f->th.sig.blocked = sigmask_of(SIGINT);
	pm_signals_exec(&f->p);
	KTEST_EXPECT_EQ(t, f->p.sighand->action[SIGUSR1 - 1].handler, SIG_DFL);
	KTEST_EXPECT_EQ(t, f->p.sighand->action[SIGUSR1 - 1].flags, 0);
	KTEST_EXPECT_EQ(t, f->p.sighand->action[SIGPIPE - 1].handler, SIG_IGN);
	KTEST_EXPECT_EQ(t, f->th.sig.blocked, sigmask_of(SIGINT));
	fake_free(f);
}

static void thread_init_mask(struct ktest *t)
{
	struct fake *f = fake_alloc();
	struct pm_thread child;

	if (!f) {
		ktest_skip(t, "out of memory");
		return;
	}
	f->th.sig.blocked = sigmask_of(SIGUSR1) | sigmask_of(SIGKILL);
	f->th.sig.pending.set = sigmask_of(SIGUSR2);
	f->th.sig.altstack_sp = 0x10000;
	f->th.sig.altstack_size = 8192;
	memset(&child, 0, sizeof(child));
	child.proc = &f->p;	/* a thread of the same process */
	pm_thread_sig_init(&child, &f->th);
	KTEST_EXPECT_EQ(t, child.sig.blocked, sigmask_of(SIGUSR1));	/* KILL never blocked */
	KTEST_EXPECT_EQ(t, child.sig.pending.set, 0);
	KTEST_EXPECT_EQ(t, child.sig.altstack_size, 0);
	fake_free(f);
}

KTEST_SUITE(signal, NULL, NULL,
	    KTEST_CASE(default_actions),
	    KTEST_CASE(fpu_frame_size),
	    KTEST_CASE(queue_and_ignore),
	    KTEST_CASE(actions_exec_and_dup),
	    KTEST_CASE(thread_init_mask));
