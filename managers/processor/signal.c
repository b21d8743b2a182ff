// SPDX-License-Identifier: GPL-2.0
/*
 * Signals: actions, masks and pending sets, sending and waking, delivery on
 * the way out to user mode (the x86-64 rt_sigframe), rt_sigreturn, ITIMER_REAL.
 */
#include <tessera/errno.h>
#include <tessera/kernel.h>
#include <tessera/list.h>
#include <tessera/mutex.h>
#include <tessera/printk.h>
#include <tessera/sched.h>
#include <tessera/slab.h>
#include <tessera/smp.h>
#include <tessera/string.h>
#include <tessera/time.h>
#include <tessera/timer.h>
#include <asm/fpu.h>
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include <asm/uaccess.h>
#include "pm.h"
#include "syscalls.h"

#define UNBLOCKABLE	(sigmask_of(SIGKILL) | sigmask_of(SIGSTOP))
/* Raised by the CPU for the instruction that runs: delivered first. */
#define SYNC_SIGNALS	(sigmask_of(SIGSEGV) | sigmask_of(SIGBUS) | sigmask_of(SIGILL) | \
			 sigmask_of(SIGTRAP) | sigmask_of(SIGFPE) | sigmask_of(SIGSYS))
#define STOP_SIGNALS	(sigmask_of(SIGSTOP) | sigmask_of(SIGTSTP) | \
			 sigmask_of(SIGTTIN) | sigmask_of(SIGTTOU))
#define IGNORE_SIGNALS	(sigmask_of(SIGCHLD) | sigmask_of(SIGURG) | \
			 sigmask_of(SIGWINCH) | sigmask_of(SIGCONT))
/* Default action "terminate with a report" (Linux: core dump) */
#define REPORT_SIGNALS	(sigmask_of(SIGSEGV) | sigmask_of(SIGBUS) | sigmask_of(SIGILL) | \
			 sigmask_of(SIGFPE) | sigmask_of(SIGABRT))

/* rflags bits */
#define RFL_CF		(1UL << 0)
#define RFL_PF		(1UL << 2)
#define RFL_AF		(1UL << 4)
#define RFL_ZF		(1UL << 6)
#define RFL_SF		(1UL << 7)
#define RFL_TF		(1UL << 8)
#define RFL_DF		(1UL << 10)
#define RFL_OF		(1UL << 11)
#define RFL_RF		(1UL << 16)
#define RFL_AC		(1UL << 18)
/* the ones rt_sigreturn takes from the frame (the rest stay as they are) */
#define USER_RFLAGS	(RFL_CF | RFL_PF | RFL_AF | RFL_ZF | RFL_SF | RFL_TF | RFL_DF | \
			 RFL_OF | RFL_RF | RFL_AC)
#define RED_ZONE	128
#define USER_CANONICAL_END	0x0000800000000000UL

/**
 * pm_sig_default_action() - what SIG_DFL does with @sig
 * @sig: 1..PM_NSIG
 * Return: PM_SIG_TERM (terminate the process), PM_SIG_IGNORE or PM_SIG_STOP.
 * Context: any.
 */
enum pm_sig_default pm_sig_default_action(int sig)
{
	if (sigmask_of(sig) & IGNORE_SIGNALS)
		return PM_SIG_IGNORE;
	if (sigmask_of(sig) & STOP_SIGNALS)
		return PM_SIG_STOP;
	return PM_SIG_TERM;
}

static bool valid_sig(int sig)
{
	return sig >= 1 && sig <= PM_NSIG;
}

static const char *sig_name(int sig)
{
	switch (sig) {
	case SIGSEGV: return "SIGSEGV";
	case SIGBUS: return "SIGBUS";
	case SIGILL: return "SIGILL";
	case SIGFPE: return "SIGFPE";
	case SIGABRT: return "SIGABRT";
	default: return "signal";
	}
}

/* ---- actions (struct pm_sighand) --------------------------------------- */

/**
 * pm_sighand_alloc() - a new action table, every signal SIG_DFL
 * Return: the table with one reference, or NULL when out of memory.
 * Context: process context.
 */
struct pm_sighand *pm_sighand_alloc(void)
{
	struct pm_sighand *sh = kzalloc(sizeof(*sh), GFP_KERNEL);

	if (sh)
		sh->refs = 1;
	return sh;
}

/**
 * pm_sighand_dup() - a private copy of @sh (fork without CLONE_SIGHAND)
 * @sh: the parent's table
 * Return: the copy with one reference, or NULL when out of memory.
 * Context: process context; takes pm_tree_lock.
 */
struct pm_sighand *pm_sighand_dup(struct pm_sighand *sh)
{
	struct pm_sighand *n = kzalloc(sizeof(*n), GFP_KERNEL);
	unsigned long flags;

	if (!n)
		return NULL;
	spin_lock_irqsave(&pm_tree_lock, flags);
	memcpy(n->action, sh->action, sizeof(n->action));
	spin_unlock_irqrestore(&pm_tree_lock, flags);
	n->refs = 1;
	return n;
}

/**
 * pm_sighand_get() - share @sh (CLONE_SIGHAND)
 * @sh: the table
 * Context: any.
 */
void pm_sighand_get(struct pm_sighand *sh)
{
	__atomic_fetch_add(&sh->refs, 1, __ATOMIC_RELAXED);
}

/**
 * pm_sighand_put() - drop a reference; the last one frees @sh
 * @sh: the table, or NULL
 * Context: any that may kfree().
 */
void pm_sighand_put(struct pm_sighand *sh)
{
	if (sh && !__atomic_sub_fetch(&sh->refs, 1, __ATOMIC_ACQ_REL))
		kfree(sh);
}

/**
 * pm_thread_sig_init() - signal state of a new thread
 * @t: the new thread (@t->proc set)
 * @parent: the creating thread, or NULL (the first process)
 *
 * The mask is inherited; the alternate stack too across fork, but not by
 * a new thread of the same process; nothing is pending.
 * Context: any; @t is not running yet.
 */
void pm_thread_sig_init(struct pm_thread *t, const struct pm_thread *parent)
{
	memset(&t->sig, 0, sizeof(t->sig));
	if (!parent)
		return;
	t->sig.blocked = parent->sig.blocked & ~UNBLOCKABLE;
	if (parent->proc != t->proc) {
		t->sig.altstack_sp = parent->sig.altstack_sp;
		t->sig.altstack_size = parent->sig.altstack_size;
		t->sig.altstack_flags = parent->sig.altstack_flags;
	}
}

/**
 * pm_signals_exec() - signal state across execve
 * @p: the process that execs (its current thread is the one that called it)
 *
 * Handled signals go back to SIG_DFL; ignored ones stay ignored; the mask
 * and the pending sets survive; the alternate stack is dropped.
 * Context: the exec'ing thread, process context; takes pm_tree_lock.
 */
void pm_signals_exec(struct process *p)
{
	struct pm_thread *t = current_thread();
	struct pm_sigaction_k *a;
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(&pm_tree_lock, flags);
	for (i = 0; p->sighand && i < PM_NSIG; i++) {
		a = &p->sighand->action[i];
		if (a->handler != SIG_IGN)
			memset(a, 0, sizeof(*a));
	}
	spin_unlock_irqrestore(&pm_tree_lock, flags);
	if (t && t->proc == p) {
		t->sig.altstack_sp = 0;
		t->sig.altstack_size = 0;
		t->sig.altstack_flags = 0;
	}
}

/**
 * pm_sigchld_autoreap() - whether @parent's children vanish at exit
 * @parent: a live process
 *
 * Return: true if SIGCHLD is SIG_IGN or has SA_NOCLDWAIT.
 * Context: any; reads one action without pm_tree_lock (so callable with
 * or without it held).
 */
bool pm_sigchld_autoreap(struct process *parent)
{
	struct pm_sighand *sh = READ_ONCE(parent->sighand);
	const struct pm_sigaction_k *a;

	if (!sh)
		return false;
	a = &sh->action[SIGCHLD - 1];
	return READ_ONCE(a->handler) == SIG_IGN || (READ_ONCE(a->flags) & SA_NOCLDWAIT);
}

/* ---- sending --------------------------------------------------------- */

/* @p can take signals: alive, or de-threading for an execve. */
static bool accepts_signals(const struct process *p)
{
	return p->sighand && (p->state == PM_ALIVE ||
			      (p->state == PM_EXITING && p->exec_task));
}

/* @sig would be thrown away if delivered now (pm_tree_lock held). */
static bool sig_ignored_locked(const struct process *p, int sig)
{
	u64 h = p->sighand->action[sig - 1].handler;

	return h == SIG_IGN || (h == SIG_DFL && pm_sig_default_action(sig) == PM_SIG_IGNORE);
}

/*
 * Make @t notice a signal soon: wake it from an interruptible sleep, or,
 * running on another CPU, interrupt it so it passes exit_to_user_mode().
 * pm_tree_lock held (interrupts off).
 */
static void signal_wake(struct pm_thread *t)
{
	struct task_struct *task = t->task;
	unsigned int cpu;

	if (!task || task == current)
		return;
	if (wake_up_state(task, TASK_INTERRUPTIBLE))
		return;
	cpu = task_cpu(task);
	if (READ_ONCE(task->on_cpu) && cpu != smp_processor_id())
		smp_send_reschedule(cpu);
}

/* A thread of @p that will take process-directed @sig, or NULL (pm_tree_lock). */
static struct pm_thread *pick_thread(struct process *p, int sig)
{
	struct pm_thread *t = current_thread();
	u64 m = sigmask_of(sig);

	if (t && t->proc == p && !(t->sig.blocked & m))
		return t;
	list_for_each_entry(t, &p->threads, node)
		if (!(t->sig.blocked & m) || (t->sig.waitset & m))
			return t;
	return NULL;
}

/* Start a group exit of @p with @status, as a fatal signal does (pm_tree_lock). */
static void group_kill_locked(struct process *p, int status)
{
	struct pm_thread *t;

	if (!accepts_signals(p))
		return;
	if (p->exec_task && p->exec_task != current)
		wake_up_process(p->exec_task);
	p->exec_task = NULL;
	p->state = PM_EXITING;
	p->exit_code = status;
	list_for_each_entry(t, &p->threads, node)
		signal_wake(t);
}

/*
 * Queue @sig for @p (@t NULL: process-directed) or for thread @t of @p,
 * and wake a thread that takes it. pm_tree_lock held.
 */
static void send_locked(struct process *p, struct pm_thread *t, int sig,
			const struct pm_siginfo *info)
{
	struct pm_sigpending *pend = t ? &t->sig.pending : &p->shared_pending;
	struct pm_thread *target;
	u64 m = sigmask_of(sig);

	if (!accepts_signals(p))
		return;
	if (sig == SIGKILL) {
		group_kill_locked(p, SIGKILL);
		return;
	}
	if (sig == SIGSTOP) {
		pr_warn_once("signal: TODO: SIGSTOP (job control) not implemented: ignored\n");
		return;
	}
	target = t ? t : pick_thread(p, sig);
	/* ignored: dropped now, unless blocked (sigpending/sigtimedwait see it) */
	if (sig_ignored_locked(p, sig) &&
	    (!t || !(t->sig.blocked & m)) && target && !(target->sig.waitset & m))
		return;
	if (!(pend->set & m)) {
		/* TODO: real-time signals are not queued more than once */
		pend->info[sig - 1] = *info;
		pend->info[sig - 1].signo = sig;
		pend->set |= m;
	}
	if (target)
		signal_wake(target);
}

/**
 * pm_send_signal() - send process-directed @sig to @p
 * @p: the process (a reference held by the caller)
 * @sig: 1..PM_NSIG
 * @info: what the handler's siginfo will carry (signo is set from @sig)
 *
 * Queues it in @p->shared_pending and wakes a thread that does not block
 * it. SIGKILL starts the group exit at once. A process that is exiting or
 * dead drops it.
 * Return: 0, or -EINVAL for a bad signal number.
 * Context: any, also interrupt context; takes pm_tree_lock.
 */
int pm_send_signal(struct process *p, int sig, const struct pm_siginfo *info)
{
	unsigned long flags;

	if (!valid_sig(sig))
		return -EINVAL;
	spin_lock_irqsave(&pm_tree_lock, flags);
	send_locked(p, NULL, sig, info);
	spin_unlock_irqrestore(&pm_tree_lock, flags);
	return 0;
}

/**
 * pm_send_signal_thread() - send thread-directed @sig to @t
 * @t: the thread (valid: pm_tree_lock held by the caller's lookup, or the
 *	current thread)
 * @sig: 1..PM_NSIG
 * @info: the siginfo
 *
 * Return: 0, or -EINVAL for a bad signal number.
 * Context: any; takes pm_tree_lock (so not with it held).
 */
int pm_send_signal_thread(struct pm_thread *t, int sig, const struct pm_siginfo *info)
{
	unsigned long flags;

	if (!valid_sig(sig))
		return -EINVAL;
	spin_lock_irqsave(&pm_tree_lock, flags);
	send_locked(t->proc, t, sig, info);
	spin_unlock_irqrestore(&pm_tree_lock, flags);
	return 0;
}

/**
 * pm_force_signal() - a synchronous fault signal for the current thread
 * @sig: SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP...
 * @code: si_code (SEGV_MAPERR...)
 * @addr: si_addr: the faulting address or instruction
 *
 * Queued for exit_to_user_mode(). If the thread blocks @sig or ignores it,
 * the action becomes SIG_DFL and @sig is unblocked, so it is fatal (as on
 * Linux): a fault cannot be skipped.
 * Context: a trap hook of the current user thread, any interrupt state.
 */
void pm_force_signal(int sig, int code, unsigned long addr)
{
	struct pm_thread *t = current_thread();
	struct process *p = t->proc;
	struct pm_sigaction_k *a;
	struct pm_siginfo info = { .signo = sig, .code = code, .addr = addr };
	unsigned long flags;
	u64 m = sigmask_of(sig);

	spin_lock_irqsave(&pm_tree_lock, flags);
	if (p->sighand) {
		a = &p->sighand->action[sig - 1];
		if (a->handler == SIG_IGN || (t->sig.blocked & m)) {
			a->handler = SIG_DFL;
			t->sig.blocked &= ~m;
		}
	}
	t->sig.pending.info[sig - 1] = info;
	t->sig.pending.set |= m;
	spin_unlock_irqrestore(&pm_tree_lock, flags);
}

/* The group is exiting and this thread is not the one execve keeps. */
static bool must_exit(const struct process *p)
{
	return READ_ONCE(p->state) == PM_EXITING && READ_ONCE(p->exec_task) != current;
}

/**
 * pm_signal_pending() - whether the current thread must leave a sleep
 *
 * Return: true if a signal it does not block is pending (for it or its
 * process), or its process is exiting.
 * Context: a user thread's task (false for kernel threads); lockless.
 */
bool pm_signal_pending(void)
{
	struct pm_thread *t = current_thread();
	struct process *p;

	if (!t)
		return false;
	p = t->proc;
	if (must_exit(p))
		return true;
	return (READ_ONCE(t->sig.pending.set) | READ_ONCE(p->shared_pending.set)) &
		~READ_ONCE(t->sig.blocked);
}

/* ---- masks ---------------------------------------------------------- */

/*
 * Set the current thread's mask. Process-directed signals it now blocks go
 * to another thread that takes them. Takes pm_tree_lock.
 */
static void set_blocked(struct pm_thread *t, u64 mask)
{
	struct process *p = t->proc;
	struct pm_thread *other;
	unsigned long flags;
	u64 newly, m;
	int sig;

	mask &= ~UNBLOCKABLE;
	spin_lock_irqsave(&pm_tree_lock, flags);
	newly = mask & ~t->sig.blocked & p->shared_pending.set;
	t->sig.blocked = mask;
	while (newly) {
		sig = __builtin_ctzll(newly) + 1;
		m = sigmask_of(sig);
		newly &= ~m;
		list_for_each_entry(other, &p->threads, node) {
			if (!(other->sig.blocked & m)) {
				signal_wake(other);
				break;
			}
		}
	}
	spin_unlock_irqrestore(&pm_tree_lock, flags);
}

/* Drop pending instances of @sig in @p and all its threads (now ignored). */
static void flush_pending_locked(struct process *p, int sig)
{
	struct pm_thread *t;
	u64 m = sigmask_of(sig);

	p->shared_pending.set &= ~m;
	list_for_each_entry(t, &p->threads, node)
		t->sig.pending.set &= ~m;
}

/*
 * Take the next signal among @allowed for @t: its own pending set first,
 * then its process's; synchronous signals before others, lowest number
 * first. Fills *@info. Return: the signal, or 0. pm_tree_lock held.
 */
static int dequeue_locked(struct pm_thread *t, u64 allowed, struct pm_siginfo *info)
{
	struct pm_sigpending *sets[2] = { &t->sig.pending, &t->proc->shared_pending };
	unsigned int i;
	u64 m;
	int sig;

	for (i = 0; i < ARRAY_SIZE(sets); i++) {
		m = sets[i]->set & allowed;
		if (!m)
			continue;
		if (m & SYNC_SIGNALS)
			m &= SYNC_SIGNALS;
		sig = __builtin_ctzll(m) + 1;
		sets[i]->set &= ~sigmask_of(sig);
		*info = sets[i]->info[sig - 1];
		info->signo = sig;
		return sig;
	}
	return 0;
}

/* ---- delivery ----------------------------------------------------------- */

static bool on_altstack(const struct pm_thread *t, u64 sp)
{
	return t->sig.altstack_size && sp > t->sig.altstack_sp &&
	       sp - t->sig.altstack_sp <= t->sig.altstack_size;
}

/* sigaltstack's ss_flags as user space sees them, for user stack @sp */
static int altstack_flags(const struct pm_thread *t, u64 sp)
{
	if (!t->sig.altstack_size)
		return SS_DISABLE;
	return (on_altstack(t, sp) ? SS_ONSTACK : 0) |
	       (t->sig.altstack_flags & SS_AUTODISARM);
}

/* Returning from a syscall through @regs (restart codes mean something). */
static bool in_syscall(const struct pm_thread *t, const struct pt_regs *regs)
{
	return t->syscall_nr >= 0 && t->regs == regs && regs->vector == ~0ULL;
}

static bool restart_code(const struct pt_regs *regs)
{
	return regs->rax == (u64)-ERESTARTSYS || regs->rax == (u64)-ERESTARTNOHAND;
}

static void restart_syscall(struct pm_thread *t, struct pt_regs *regs)
{
	regs->rax = t->syscall_nr;
	regs->rip -= 2;		/* the 2-byte `syscall` again */
}

static void fill_user_siginfo(struct pm_user_siginfo *u, const struct pm_siginfo *info)
{
	memset(u, 0, sizeof(*u));
	u->si_signo = info->signo;
	u->si_errno = info->errno_;
	u->si_code = info->code;
	if (info->signo == SIGCHLD && info->code > 0) {
		u->u.chld.pid = info->pid;
		u->u.chld.uid = info->uid;
		u->u.chld.status = info->status;
	} else if ((sigmask_of(info->signo) & SYNC_SIGNALS) && info->code > 0) {
		u->u.fault.addr = info->addr;
	} else {
		u->u.kill.pid = info->pid;
		u->u.kill.uid = info->uid;
	}
}

static void fill_sigcontext(struct pm_user_sigcontext *sc, const struct pt_regs *regs,
			    const struct pm_siginfo *info, u64 oldmask, u64 fpstate)
{
	sc->r8 = regs->r8;
	sc->r9 = regs->r9;
	sc->r10 = regs->r10;
	sc->r11 = regs->r11;
	sc->r12 = regs->r12;
	sc->r13 = regs->r13;
	sc->r14 = regs->r14;
	sc->r15 = regs->r15;
	sc->rdi = regs->rdi;
	sc->rsi = regs->rsi;
	sc->rbp = regs->rbp;
	sc->rbx = regs->rbx;
	sc->rdx = regs->rdx;
	sc->rax = regs->rax;
	sc->rcx = regs->rcx;
	sc->rsp = regs->rsp;
	sc->rip = regs->rip;
	sc->eflags = regs->rflags;
	sc->cs = regs->cs;
	sc->ss = regs->ss;
	if (regs->vector < 32) {
		sc->trapno = regs->vector;
		sc->err = regs->error_code;
	}
	if (info->signo == SIGSEGV || info->signo == SIGBUS)
		sc->cr2 = info->addr;
	sc->oldmask = oldmask;
	sc->fpstate = fpstate;
}

/* Save the FPU registers to user address @fp. 0 or -EFAULT/-ENOMEM. */
static int save_fpu_to_user(u64 fp, size_t fpsize)
{
	void *raw = kmalloc(fpsize + FPU_AREA_ALIGN, GFP_KERNEL);
	void *buf;
	int ret;

	if (!raw)
		return -ENOMEM;
	buf = (void *)ALIGN((unsigned long)raw, FPU_AREA_ALIGN);
	fpu_sigframe_save(buf);
	ret = copy_to_user((void __user *)fp, buf, fpsize);
	kfree(raw);
	return ret;
}

/*
 * Build the rt_sigframe for @sig on the user stack (or the alternate one)
 * and point @regs at the handler. Return: 0, or an error (the caller kills
 * the process with SIGSEGV).
 */
static int setup_rt_frame(struct pm_thread *t, struct pt_regs *regs,
			  const struct pm_siginfo *info, const struct pm_sigaction_k *ka,
			  u64 oldmask)
{
	struct pm_user_rt_sigframe *kf;
	size_t fpsize = fpu_sigframe_size();
	u64 sp = regs->rsp - RED_ZONE, fp, frame;
	bool alt = false;
	int ret;

	if (!(ka->flags & SA_RESTORER))
		return -EINVAL;		/* no return trampoline */
	if ((ka->flags & SA_ONSTACK) && t->sig.altstack_size && !on_altstack(t, regs->rsp)) {
		sp = t->sig.altstack_sp + t->sig.altstack_size;
		alt = true;
	}
	fp = ALIGN_DOWN(sp - fpsize, FPU_AREA_ALIGN);
	frame = ALIGN_DOWN(fp - sizeof(*kf), 16) - 8;	/* as after a call */
	if (fp > sp || !access_ok(frame, sp - frame))
		return -EFAULT;
	if ((alt || on_altstack(t, regs->rsp)) && frame < t->sig.altstack_sp)
		return -EFAULT;		/* the alternate stack overflowed */
	kf = kzalloc(sizeof(*kf), GFP_KERNEL);
	if (!kf)
		return -ENOMEM;
	ret = save_fpu_to_user(fp, fpsize);
	if (ret)
		goto out;
	kf->pretcode = ka->restorer;
	kf->uc.uc_flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS |
			  (fpsize > 512 ? UC_FP_XSTATE : 0);
	kf->uc.uc_stack.ss_sp = t->sig.altstack_sp;
	kf->uc.uc_stack.ss_size = t->sig.altstack_size;
	kf->uc.uc_stack.ss_flags = altstack_flags(t, regs->rsp);
	fill_sigcontext(&kf->uc.uc_mcontext, regs, info, oldmask, fp);
	kf->uc.uc_sigmask = oldmask;
	fill_user_siginfo(&kf->info, info);
	ret = copy_to_user((void __user *)frame, kf, sizeof(*kf));
	if (ret)
		goto out;
	regs->rip = ka->handler;
	regs->rsp = frame;
	regs->rdi = info->signo;
	regs->rsi = frame + offsetof(struct pm_user_rt_sigframe, info);
	regs->rdx = frame + offsetof(struct pm_user_rt_sigframe, uc);
	regs->rax = 0;
	regs->rflags &= ~(RFL_DF | RFL_TF | RFL_RF);
	regs->cs = __USER_CS;
	regs->ss = __USER_DS;
	fpu_sigframe_reset();
	if (alt && (t->sig.altstack_flags & SS_AUTODISARM)) {
		t->sig.altstack_sp = 0;
		t->sig.altstack_size = 0;
		t->sig.altstack_flags = 0;
	}
out:
	kfree(kf);
	return ret;
}

static __noreturn void fatal_signal(struct pm_thread *t, const struct pt_regs *regs,
				    const struct pm_siginfo *info)
{
	int sig = info->signo;

	if (sigmask_of(sig) & REPORT_SIGNALS)
		pr_info("pid %d: killed by %s (addr %llx, ip %llx)\n", t->proc->pid,
			sig_name(sig), (unsigned long long)info->addr,
			(unsigned long long)regs->rip);
	pm_group_exit(sig);
}

/* Run @ka for @sig: restart rules, the frame, the handler's mask. */
static void handle_signal(struct pm_thread *t, struct pt_regs *regs,
			  const struct pm_siginfo *info, const struct pm_sigaction_k *ka)
{
	struct pm_siginfo segv = { .signo = SIGSEGV, .code = SI_KERNEL };
	u64 oldmask = t->sig.restore_blocked ? t->sig.saved_blocked : t->sig.blocked;
	u64 mask;

	if (in_syscall(t, regs) && restart_code(regs)) {
		if (regs->rax == (u64)-ERESTARTSYS && (ka->flags & SA_RESTART))
			restart_syscall(t, regs);
		else
			regs->rax = -EINTR;
	}
	if (setup_rt_frame(t, regs, info, ka, oldmask))
		fatal_signal(t, regs, &segv);
	mask = oldmask | ka->mask;
	if (!(ka->flags & SA_NODEFER))
		mask |= sigmask_of(info->signo);
	t->sig.restore_blocked = false;
	set_blocked(t, mask);
}

/*
 * One step of the work before returning to user mode: exit, one signal,
 * or the restart and mask restore when no handler runs. Interrupts on.
 */
static void signal_work(struct pm_thread *t, struct pt_regs *regs)
{
	struct process *p = t->proc;
	struct pm_sigaction_k ka = { 0 };
	struct pm_siginfo info;
	unsigned long flags;
	int sig;

	if (must_exit(p))
		pm_thread_exit(0);
	spin_lock_irqsave(&pm_tree_lock, flags);
	sig = dequeue_locked(t, ~t->sig.blocked, &info);
	if (sig && p->sighand) {
		ka = p->sighand->action[sig - 1];
		if ((ka.flags & SA_RESETHAND) && ka.handler > SIG_IGN)
			memset(&p->sighand->action[sig - 1], 0, sizeof(ka));
	}
	spin_unlock_irqrestore(&pm_tree_lock, flags);
	if (sig && ka.handler > SIG_IGN) {
		handle_signal(t, regs, &info, &ka);
		return;
	}
	if (sig && ka.handler == SIG_DFL) {
		switch (pm_sig_default_action(sig)) {
		case PM_SIG_TERM:
			fatal_signal(t, regs, &info);
		case PM_SIG_STOP:
			pr_warn_once("signal: TODO: stop signals (job control) not implemented: ignored\n");
			break;
		case PM_SIG_IGNORE:
			break;
		}
	}
	if (sig)
		return;		/* ignored: look again */
	/* Nothing to deliver: restart what a signal interrupted, restore the mask. */
	if (in_syscall(t, regs) && restart_code(regs))
		restart_syscall(t, regs);
	if (t->sig.restore_blocked) {
		t->sig.restore_blocked = false;
		set_blocked(t, t->sig.saved_blocked);
	}
}

static bool work_pending(const struct pm_thread *t, const struct pt_regs *regs)
{
	const struct process *p = t->proc;

	return must_exit(p) ||
	       ((READ_ONCE(t->sig.pending.set) | READ_ONCE(p->shared_pending.set)) &
		~t->sig.blocked) ||
	       t->sig.restore_blocked || (in_syscall(t, regs) && restart_code(regs));
}

/**
 * exit_to_user_mode() - deliver signals before returning to user mode
 * @regs: the user frame the thread returns through; rewritten for a
 *	handler or a syscall restart
 *
 * Ends the thread when its process is exiting. Otherwise delivers every
 * deliverable signal (a handler frame each; ignored ones dropped; fatal
 * ones end the process), restarts an interrupted syscall when no handler
 * runs, and restores a mask saved by sigsuspend/ppoll/pselect6.
 * Context: interrupts off on entry and on return; enables them while it
 * works (user memory may fault in).
 */
void exit_to_user_mode(struct pt_regs *regs)
{
	struct pm_thread *t = current_thread();

	if (!t)
		return;
	while (work_pending(t, regs)) {
		local_irq_enable();
		signal_work(t, regs);
		local_irq_disable();
	}
}

/* ---- rt_sigreturn ----------------------------------------------------- */

/* Load the FPU image at user address @fp (0: initial state). 0 or an error. */
static int restore_fpu_from_user(u64 fp)
{
	size_t size = fpu_sigframe_size(), len;
	void *raw, *buf;
	int ret = -EFAULT;

	if (!fp) {
		fpu_sigframe_reset();
		return 0;
	}
	if (!IS_ALIGNED(fp, size > 512 ? FPU_AREA_ALIGN : 16))
		return -EFAULT;
	raw = kzalloc(size + FPU_AREA_ALIGN, GFP_KERNEL);
	if (!raw)
		return -ENOMEM;
	buf = (void *)ALIGN((unsigned long)raw, FPU_AREA_ALIGN);
	if (copy_from_user(buf, (const void __user *)fp, 512))
		goto out;
	len = fpu_sigframe_len(buf);
	if (len > 512 && copy_from_user(buf + 512, (const void __user *)(fp + 512), len - 512))
		goto out;
	ret = fpu_sigframe_restore(buf, len);
out:
	kfree(raw);
	return ret;
}

static void restore_sigcontext(struct pt_regs *regs, const struct pm_user_sigcontext *sc)
{
	regs->r8 = sc->r8;
	regs->r9 = sc->r9;
	regs->r10 = sc->r10;
	regs->r11 = sc->r11;
	regs->r12 = sc->r12;
	regs->r13 = sc->r13;
	regs->r14 = sc->r14;
	regs->r15 = sc->r15;
	regs->rdi = sc->rdi;
	regs->rsi = sc->rsi;
	regs->rbp = sc->rbp;
	regs->rbx = sc->rbx;
	regs->rdx = sc->rdx;
	regs->rax = sc->rax;
	regs->rcx = sc->rcx;
	regs->rsp = sc->rsp;
	regs->rip = sc->rip;
	regs->rflags = (regs->rflags & ~USER_RFLAGS) | (sc->eflags & USER_RFLAGS) |
		       X86_EFLAGS_IF;
	regs->cs = __USER_CS;
	regs->ss = __USER_DS;
}

/* uc_stack of the frame: put it back unless the thread is still on the stack. */
static void restore_altstack(struct pm_thread *t, const struct pm_user_stack *ss, u64 sp)
{
	if (on_altstack(t, sp))
		return;
	if (ss->ss_flags & SS_DISABLE) {
		t->sig.altstack_sp = 0;
		t->sig.altstack_size = 0;
		t->sig.altstack_flags = 0;
	} else if (ss->ss_size >= MINSIGSTKSZ && access_ok(ss->ss_sp, ss->ss_size)) {
		t->sig.altstack_sp = ss->ss_sp;
		t->sig.altstack_size = ss->ss_size;
		t->sig.altstack_flags = ss->ss_flags & SS_AUTODISARM;
	}
}

/**
 * sys_rt_sigreturn() - return from a signal handler
 * @regs: the frame; the rt_sigframe is at @regs->rsp - 8 (the handler's
 *	`ret` popped pretcode)
 *
 * Restores every general register (rflags sanitised: user bits only, IF
 * on; user selectors), the FPU state, the mask and the alternate stack. A
 * frame that cannot be read or is invalid raises SIGSEGV instead.
 * Return: the restored %rax (do_syscall() stores it back).
 * Context: syscall.
 */
SYSCALL_DEFINE_REGS(rt_sigreturn)
{
	struct pm_thread *t = current_thread();
	struct pm_user_rt_sigframe *kf = kmalloc(sizeof(*kf), GFP_KERNEL);
	const struct pm_user_sigcontext *sc;
	u64 frame = regs->rsp - 8;

	t->syscall_nr = -1;	/* the restored %rax is no restart code */
	if (!kf)
		goto bad;
	if (copy_from_user(kf, (const void __user *)frame, sizeof(*kf)))
		goto bad;
	sc = &kf->uc.uc_mcontext;
	if (sc->rip >= USER_CANONICAL_END || sc->rsp >= USER_CANONICAL_END)
		goto bad;
	if (restore_fpu_from_user(sc->fpstate))
		goto bad;
	restore_sigcontext(regs, sc);
	restore_altstack(t, &kf->uc.uc_stack, regs->rsp);
	set_blocked(t, kf->uc.uc_sigmask);
	kfree(kf);
	return regs->rax;
bad:
	kfree(kf);
	pm_force_signal(SIGSEGV, SI_KERNEL, 0);
	return regs->rax;
}

/* ---- syscalls: actions and masks ---------------------------------------- */

SYSCALL_DEFINE4(rt_sigaction, int, sig, const struct pm_sigaction_k __user *, uact,
		struct pm_sigaction_k __user *, uoact, size_t, sigsetsize)
{
	struct process *p = current_process();
	struct pm_sigaction_k act = { 0 }, old;
	unsigned long flags;

	if (sigsetsize != sizeof(u64) || !valid_sig(sig))
		return -EINVAL;
	if (uact && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	if (uact && copy_from_user(&act, uact, sizeof(act)))
		return -EFAULT;
	act.mask &= ~UNBLOCKABLE;
	spin_lock_irqsave(&pm_tree_lock, flags);
	old = p->sighand->action[sig - 1];
	if (uact) {
		p->sighand->action[sig - 1] = act;
		if (sig_ignored_locked(p, sig))
			flush_pending_locked(p, sig);
	}
	spin_unlock_irqrestore(&pm_tree_lock, flags);
	if (uoact && copy_to_user(uoact, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

#define SIG_BLOCK	0
#define SIG_UNBLOCK	1
#define SIG_SETMASK	2

SYSCALL_DEFINE4(rt_sigprocmask, int, how, const u64 __user *, uset, u64 __user *, uoset,
		size_t, sigsetsize)
{
	struct pm_thread *t = current_thread();
	u64 set, old = t->sig.blocked, mask;

	if (sigsetsize != sizeof(u64))
		return -EINVAL;
	if (uset) {
		if (copy_from_user(&set, uset, sizeof(set)))
			return -EFAULT;
		switch (how) {
		case SIG_BLOCK:
			mask = old | set;
			break;
		case SIG_UNBLOCK:
			mask = old & ~set;
			break;
		case SIG_SETMASK:
			mask = set;
			break;
		default:
			return -EINVAL;
		}
		set_blocked(t, mask);
	}
	if (uoset && copy_to_user(uoset, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE2(rt_sigpending, u64 __user *, uset, size_t, sigsetsize)
{
	struct pm_thread *t = current_thread();
	unsigned long flags;
	u64 set;

	if (sigsetsize > sizeof(u64))
		return -EINVAL;
	spin_lock_irqsave(&pm_tree_lock, flags);
	set = (t->sig.pending.set | t->proc->shared_pending.set) & t->sig.blocked;
	spin_unlock_irqrestore(&pm_tree_lock, flags);
	return copy_to_user(uset, &set, sigsetsize);
}

/* Sleep until a signal this thread takes arrives or its process exits. */
static void sleep_until_signal(void)
{
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (pm_signal_pending())
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
}

SYSCALL_DEFINE2(rt_sigsuspend, const u64 __user *, umask, size_t, sigsetsize)
{
	struct pm_thread *t = current_thread();
	u64 mask;

	if (sigsetsize != sizeof(u64))
		return -EINVAL;
	if (copy_from_user(&mask, umask, sizeof(mask)))
		return -EFAULT;
	t->sig.saved_blocked = t->sig.blocked;
	t->sig.restore_blocked = true;
	set_blocked(t, mask);
	sleep_until_signal();
	return -ERESTARTNOHAND;
}

SYSCALL_DEFINE0(pause)
{
	sleep_until_signal();
	return -ERESTARTNOHAND;
}

struct user_timespec {
	s64 tv_sec;
	s64 tv_nsec;
};

struct user_timeval {
	s64 tv_sec;
	s64 tv_usec;
};

#define MAX_TIMEOUT_SEC		(1LL << 31)	/* longer waits: "forever" */

static u64 ns_to_jiffies_up(u64 sec, u64 ns)
{
	return DIV_ROUND_UP(sec * NSEC_PER_SEC + ns, NSEC_PER_SEC / CONFIG_HZ);
}

/* A signal in @set is pending for @t (lockless peek). */
static bool waited_pending(const struct pm_thread *t, u64 set)
{
	return (READ_ONCE(t->sig.pending.set) | READ_ONCE(t->proc->shared_pending.set)) & set;
}

/* Dequeue a signal in @set; else record @set as waited for. pm_tree_lock taken. */
static int take_waited(struct pm_thread *t, u64 set, struct pm_siginfo *info)
{
	unsigned long flags;
	int sig;

	spin_lock_irqsave(&pm_tree_lock, flags);
	sig = dequeue_locked(t, set, info);
	t->sig.waitset = sig ? 0 : set;
	spin_unlock_irqrestore(&pm_tree_lock, flags);
	return sig;
}

static void stop_waiting(struct pm_thread *t)
{
	unsigned long flags;

	spin_lock_irqsave(&pm_tree_lock, flags);
	t->sig.waitset = 0;
	spin_unlock_irqrestore(&pm_tree_lock, flags);
}

/* Wait for a signal of @set, at most @timeout jiffies. Signal, or an error. */
static int wait_for_signal(struct pm_thread *t, u64 set, long timeout, struct pm_siginfo *info)
{
	int sig;

	for (;;) {
		sig = take_waited(t, set, info);
		if (sig)
			return sig;
		if (!timeout) {
			stop_waiting(t);
			return -EAGAIN;
		}
		if (pm_signal_pending()) {
			stop_waiting(t);
			return -EINTR;
		}
		set_current_state(TASK_INTERRUPTIBLE);
		if (!waited_pending(t, set) && !pm_signal_pending())
			timeout = schedule_timeout(timeout);
		__set_current_state(TASK_RUNNING);
	}
}

SYSCALL_DEFINE4(rt_sigtimedwait, const u64 __user *, uset, struct pm_user_siginfo __user *, uinfo,
		const struct user_timespec __user *, uts, size_t, sigsetsize)
{
	struct pm_thread *t = current_thread();
	struct pm_user_siginfo usi;
	struct pm_siginfo info;
	struct user_timespec ts;
	long timeout = MAX_SCHEDULE_TIMEOUT;
	u64 set;
	int sig;

	if (sigsetsize != sizeof(u64))
		return -EINVAL;
	if (copy_from_user(&set, uset, sizeof(set)))
		return -EFAULT;
	if (uts) {
		if (copy_from_user(&ts, uts, sizeof(ts)))
			return -EFAULT;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (s64)NSEC_PER_SEC)
			return -EINVAL;
		if (ts.tv_sec < MAX_TIMEOUT_SEC)
			timeout = ns_to_jiffies_up(ts.tv_sec, ts.tv_nsec);
	}
	sig = wait_for_signal(t, set & ~UNBLOCKABLE, timeout, &info);
	if (sig < 0)
		return sig;
	if (uinfo) {
		fill_user_siginfo(&usi, &info);
		if (copy_to_user(uinfo, &usi, sizeof(usi)))
			return -EFAULT;
	}
	return sig;
}

SYSCALL_DEFINE2(sigaltstack, const struct pm_user_stack __user *, uss,
		struct pm_user_stack __user *, uoss)
{
	struct pm_thread *t = current_thread();
	u64 sp = t->regs ? t->regs->rsp : 0;
	struct pm_user_stack new, old = { 0 };
	int mode;

	if (uss && copy_from_user(&new, uss, sizeof(new)))
		return -EFAULT;
	old.ss_sp = t->sig.altstack_sp;
	old.ss_size = t->sig.altstack_size;
	old.ss_flags = altstack_flags(t, sp);
	if (uss) {
		if (on_altstack(t, sp))
			return -EPERM;
		mode = new.ss_flags & ~SS_AUTODISARM;
		if (mode != 0 && mode != SS_ONSTACK && mode != SS_DISABLE)
			return -EINVAL;
		if (mode == SS_DISABLE) {
			new.ss_sp = 0;
			new.ss_size = 0;
			new.ss_flags = 0;
		} else if (new.ss_size < MINSIGSTKSZ) {
			return -ENOMEM;
		}
		t->sig.altstack_sp = new.ss_sp;
		t->sig.altstack_size = new.ss_size;
		t->sig.altstack_flags = new.ss_flags & SS_AUTODISARM;
	}
	if (uoss && copy_to_user(uoss, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/* ---- syscalls: sending ---------------------------------------------------- */

/* The next process after @p in a depth-first walk of @root's tree (pm_tree_lock). */
static struct process *tree_next(struct process *p, struct process *root)
{
	struct process *parent;

	if (!list_empty(&p->children))
		return list_first_entry(&p->children, struct process, sibling);
	while (p != root) {
		parent = p->parent;
		if (!parent)
			return NULL;
		if (p->sibling.next != &parent->children)
			return list_entry(p->sibling.next, struct process, sibling);
		p = parent;
	}
	return NULL;
}

/*
 * kill(-1) and kill(0 or -pgid): signal every process of the tree that
 * matches. Return: 0, or -ESRCH when none did.
 */
static int kill_many(int pgid, int sig, const struct pm_siginfo *info)
{
	struct process *self = current_process(), *root, *p;
	unsigned long flags;
	int found = 0;

	spin_lock_irqsave(&pm_tree_lock, flags);
	for (root = self; root->parent; root = root->parent)
		;
	for (p = root; p; p = tree_next(p, root)) {
		if (p->state == PM_DEAD)
			continue;
		if (pgid ? p->pgid != pgid : (p == self || !p->parent))
			continue;
		found++;
		if (sig)
			send_locked(p, NULL, sig, info);
	}
	spin_unlock_irqrestore(&pm_tree_lock, flags);
	return found ? 0 : -ESRCH;
}

static void user_info(struct pm_siginfo *info, int sig, int code)
{
	memset(info, 0, sizeof(*info));
	info->signo = sig;
	info->code = code;
	info->pid = current_process()->pid;
}

SYSCALL_DEFINE2(kill, int, pid, int, sig)
{
	struct pm_siginfo info;
	struct process *p;
	unsigned long flags;
	int pgid;

	if (sig < 0 || sig > PM_NSIG)
		return -EINVAL;
	user_info(&info, sig, SI_USER);
	if (pid > 0) {
		p = pm_find_process(pid);
		if (!p)
			return -ESRCH;
		if (sig)
			pm_send_signal(p, sig, &info);
		pm_process_put(p);
		return 0;
	}
	if (pid == -1)
		return kill_many(0, sig, &info);
	if (pid == 0) {
		spin_lock_irqsave(&pm_tree_lock, flags);
		pgid = current_process()->pgid;
		spin_unlock_irqrestore(&pm_tree_lock, flags);
	} else if (pid == INT_MIN) {
		return -ESRCH;
	} else {
		pgid = -pid;
	}
	return kill_many(pgid, sig, &info);
}

/* tkill/tgkill: @tgid <= 0 means any process. */
static long do_tkill(int tgid, int tid, int sig)
{
	struct pm_siginfo info;
	struct pm_thread *t;
	unsigned long flags;
	long ret = -ESRCH;

	if (tid <= 0 || sig < 0 || sig > PM_NSIG)
		return -EINVAL;
	user_info(&info, sig, SI_TKILL);
	spin_lock_irqsave(&pm_tree_lock, flags);
	t = pm_find_thread_locked(tid);
	if (t && (tgid <= 0 || t->proc->pid == tgid)) {
		ret = 0;
		if (sig)
			send_locked(t->proc, t, sig, &info);
	}
	spin_unlock_irqrestore(&pm_tree_lock, flags);
	return ret;
}

SYSCALL_DEFINE2(tkill, int, tid, int, sig)
{
	return do_tkill(0, tid, sig);
}

SYSCALL_DEFINE3(tgkill, int, tgid, int, tid, int, sig)
{
	if (tgid <= 0)
		return -EINVAL;
	return do_tkill(tgid, tid, sig);
}

/* ---- ITIMER_REAL --------------------------------------------------------- */

/**
 * struct pm_itimer - a process's ITIMER_REAL (alarm, setitimer)
 * @node: in itimers (itimer_lock)
 * @proc: the process; a reference is held while this exists
 * @timer: one-shot kernel timer, re-armed by its function for @interval
 * @interval: jiffies between expiries; 0 for one-shot. Written by
 *	setitimer under itimer_mutex, read by the timer function
 */
struct pm_itimer {
	struct list_head node;
	struct process *proc;
	struct timer_list timer;
	u64 interval;
};

/* itimer_mutex serialises setitimer/alarm/exit; itimer_lock guards the list. */
static DEFINE_MUTEX(itimer_mutex);
static DEFINE_SPINLOCK(itimer_lock);
static LIST_HEAD(itimers);

#define ITIMER_REAL	0
#define ITIMER_VIRTUAL	1
#define ITIMER_PROF	2

struct user_itimerval {
	struct user_timeval it_interval;
	struct user_timeval it_value;
};

static void itimer_fire(struct timer_list *tl)
{
	struct pm_itimer *it = from_timer(it, tl, timer);
	struct pm_siginfo info = { .signo = SIGALRM, .code = SI_KERNEL };
	u64 interval = READ_ONCE(it->interval);

	pm_send_signal(it->proc, SIGALRM, &info);
	if (interval)
		mod_timer(&it->timer, jiffies + interval);
}

static struct pm_itimer *itimer_find(struct process *p)
{
	struct pm_itimer *it, *found = NULL;
	unsigned long flags;

	spin_lock_irqsave(&itimer_lock, flags);
	list_for_each_entry(it, &itimers, node) {
		if (it->proc == p) {
			found = it;
			break;
		}
	}
	spin_unlock_irqrestore(&itimer_lock, flags);
	return found;
}

/* Stop @it for good: no expiry runs or is pending afterwards. */
static void itimer_stop(struct pm_itimer *it)
{
	WRITE_ONCE(it->interval, 0);
	del_timer_sync(&it->timer);
	del_timer_sync(&it->timer);	/* a re-arm by an expiry that raced */
}

static u64 tv_to_jiffies(const struct user_timeval *tv)
{
	u64 sec = min_t(u64, tv->tv_sec, MAX_TIMEOUT_SEC);

	if (!sec && !tv->tv_usec)
		return 0;
	return ns_to_jiffies_up(sec, tv->tv_usec * NSEC_PER_USEC);
}

static void jiffies_to_tv(u64 j, struct user_timeval *tv)
{
	u64 us = j * (1000000 / CONFIG_HZ);

	tv->tv_sec = us / 1000000;
	tv->tv_usec = us % 1000000;
}

static void itimer_get(struct pm_itimer *it, struct user_itimerval *v)
{
	u64 expires = it ? READ_ONCE(it->timer.expires) : 0, now = jiffies;

	memset(v, 0, sizeof(*v));
	if (!it)
		return;
	/* armed one tick late (never early): that tick is not reported */
	if (timer_pending(&it->timer))
		jiffies_to_tv(time_after(expires, now + 1) ? expires - now - 1 : 1, &v->it_value);
	jiffies_to_tv(READ_ONCE(it->interval), &v->it_interval);
}

/* setitimer(ITIMER_REAL) for the current process; *@old gets the previous. */
static int itimer_set(const struct user_itimerval *v, struct user_itimerval *old)
{
	struct process *p = current_process();
	u64 value = tv_to_jiffies(&v->it_value);
	struct pm_itimer *it;
	unsigned long flags;

	mutex_lock(&itimer_mutex);
	it = itimer_find(p);
	itimer_get(it, old);
	if (!it && value) {
		it = kzalloc(sizeof(*it), GFP_KERNEL);
		if (!it) {
			mutex_unlock(&itimer_mutex);
			return -ENOMEM;
		}
		it->proc = p;
		pm_process_get(p);
		timer_setup(&it->timer, itimer_fire, 0);
		spin_lock_irqsave(&itimer_lock, flags);
		list_add(&it->node, &itimers);
		spin_unlock_irqrestore(&itimer_lock, flags);
	}
	if (it) {
		itimer_stop(it);
		if (value) {
			WRITE_ONCE(it->interval, tv_to_jiffies(&v->it_interval));
			mod_timer(&it->timer, jiffies + value + 1);
		}
	}
	mutex_unlock(&itimer_mutex);
	return 0;
}

static bool tv_valid(const struct user_timeval *tv)
{
	return tv->tv_sec >= 0 && tv->tv_usec >= 0 && tv->tv_usec < 1000000;
}

static int itimer_which(int which)
{
	if (which == ITIMER_VIRTUAL || which == ITIMER_PROF) {
		pr_warn_once("setitimer: TODO: ITIMER_VIRTUAL/ITIMER_PROF not implemented: -EINVAL\n");
		return -EINVAL;
	}
	return which == ITIMER_REAL ? 0 : -EINVAL;
}

SYSCALL_DEFINE3(setitimer, int, which, const struct user_itimerval __user *, unew,
		struct user_itimerval __user *, uold)
{
	struct user_itimerval v = { 0 }, old;
	int ret = itimer_which(which);

	if (ret)
		return ret;
	if (unew && copy_from_user(&v, unew, sizeof(v)))
		return -EFAULT;
	if (!tv_valid(&v.it_value) || !tv_valid(&v.it_interval))
		return -EINVAL;
	ret = itimer_set(&v, &old);
	if (!ret && uold && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	return ret;
}

SYSCALL_DEFINE2(getitimer, int, which, struct user_itimerval __user *, uval)
{
	struct user_itimerval v;
	int ret = itimer_which(which);

	if (ret)
		return ret;
	mutex_lock(&itimer_mutex);
	itimer_get(itimer_find(current_process()), &v);
	mutex_unlock(&itimer_mutex);
	return copy_to_user(uval, &v, sizeof(v));
}

SYSCALL_DEFINE1(alarm, unsigned int, seconds)
{
	struct user_itimerval v = { 0 }, old;
	long left;

	v.it_value.tv_sec = seconds;
	if (itimer_set(&v, &old))
		return 0;	/* out of memory: Linux's alarm cannot fail either */
	left = old.it_value.tv_sec + (old.it_value.tv_usec >= 500000);
	if (!left && old.it_value.tv_usec)
		left = 1;
	return left;
}

/**
 * pm_signals_process_exit() - the last thread of @p is gone: cancel its timers
 * @p: the process
 * Context: process context (waits for a running timer function).
 */
void pm_signals_process_exit(struct process *p)
{
	struct pm_itimer *it;
	unsigned long flags;

	mutex_lock(&itimer_mutex);
	it = itimer_find(p);
	if (it) {
		itimer_stop(it);
		spin_lock_irqsave(&itimer_lock, flags);
		list_del(&it->node);
		spin_unlock_irqrestore(&itimer_lock, flags);
	}
	mutex_unlock(&itimer_mutex);
	if (it) {
		pm_process_put(it->proc);
		kfree(it);
	}
}
