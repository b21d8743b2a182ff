// SPDX-License-Identifier: GPL-2.0
/*
 * clone, clone3, fork and vfork: new threads in the caller's process, and
 * new processes with a copied (P2M_FORK) or shared (CLONE_VM) address space.
 */
#include <tessera/completion.h>
#include <tessera/err.h>
#include <tessera/errno.h>
#include <tessera/fit.h>
#include <tessera/kernel.h>
#include <tessera/printk.h>
#include <tessera/sched.h>
#include <tessera/slab.h>
#include <tessera/string.h>
#include <asm/fpu.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include <asm/uaccess.h>
#include "pm.h"
#include "syscalls.h"

#define CSIGNAL			0x000000ffULL
#define CLONE_VM		0x00000100ULL
#define CLONE_FS		0x00000200ULL
#define CLONE_FILES		0x00000400ULL
#define CLONE_SIGHAND		0x00000800ULL
#define CLONE_PIDFD		0x00001000ULL
#define CLONE_PTRACE		0x00002000ULL
#define CLONE_VFORK		0x00004000ULL
#define CLONE_PARENT		0x00008000ULL
#define CLONE_THREAD		0x00010000ULL
#define CLONE_NEWNS		0x00020000ULL
#define CLONE_SYSVSEM		0x00040000ULL
#define CLONE_SETTLS		0x00080000ULL
#define CLONE_PARENT_SETTID	0x00100000ULL
#define CLONE_CHILD_CLEARTID	0x00200000ULL
#define CLONE_DETACHED		0x00400000ULL	/* legacy, ignored */
#define CLONE_UNTRACED		0x00800000ULL
#define CLONE_CHILD_SETTID	0x01000000ULL
#define CLONE_NEWCGROUP		0x02000000ULL
#define CLONE_NEWUTS		0x04000000ULL
#define CLONE_NEWIPC		0x08000000ULL
#define CLONE_NEWUSER		0x10000000ULL
#define CLONE_NEWPID		0x20000000ULL
#define CLONE_NEWNET		0x40000000ULL
#define CLONE_IO		0x80000000ULL
#define CLONE_LEGACY_FLAGS	0xffffffffULL
#define CLONE_CLEAR_SIGHAND	0x100000000ULL	/* clone3 only */
#define CLONE_INTO_CGROUP	0x200000000ULL	/* clone3 only */

/* Accepted and honoured, or accepted as no-ops (single user, no ptrace). */
#define CLONE_SUPPORTED	(CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | \
			 CLONE_PTRACE | CLONE_VFORK | CLONE_PARENT | \
			 CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS | \
			 CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | \
			 CLONE_DETACHED | CLONE_UNTRACED | CLONE_CHILD_SETTID | \
			 CLONE_IO | CLONE_CLEAR_SIGHAND)

#define CLONE_ARGS_SIZE_VER0	64
#define CLONE_ARGS_SIZE_VER2	88

/* struct clone_args of clone3(2) (Linux uapi layout, version 2). */
struct clone_args_user {
	u64 flags;
	u64 pidfd;
	u64 child_tid;
	u64 parent_tid;
	u64 exit_signal;
	u64 stack;
	u64 stack_size;
	u64 tls;
	u64 set_tid;
	u64 set_tid_size;
	u64 cgroup;
};
_Static_assert(sizeof(struct clone_args_user) == CLONE_ARGS_SIZE_VER2, "clone_args");

/**
 * struct pm_clone - one clone request, after the syscall-specific decoding
 * @flags: CLONE_* (no CSIGNAL bits)
 * @stack: the child's initial %rsp, or 0 for the caller's
 * @parent_tid, @child_tid: user addresses for the *_SETTID/CLEARTID flags
 * @tls: the FS base for CLONE_SETTLS
 * @exit_signal: signal to the parent at exit (0: none)
 */
struct pm_clone {
	u64 flags;
	u64 stack;
	u64 parent_tid;
	u64 child_tid;
	u64 tls;
	int exit_signal;
};

/* The flag rules Linux enforces (copy_process()); 0 or -EINVAL. */
static int clone_check(const struct pm_clone *c)
{
	if ((c->flags & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS))
		return -EINVAL;
	if ((c->flags & CLONE_THREAD) && !(c->flags & CLONE_SIGHAND))
		return -EINVAL;
	if ((c->flags & CLONE_SIGHAND) && !(c->flags & CLONE_VM))
		return -EINVAL;
	if ((c->flags & (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND)) ==
	    (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND))
		return -EINVAL;
	if (c->flags & ~CLONE_SUPPORTED) {
		/* namespaces, pidfds, cgroups */
		pr_warn_once("clone: flags %llx not supported (TODO): -EINVAL\n",
			     (unsigned long long)(c->flags & ~CLONE_SUPPORTED));
		return -EINVAL;
	}
	if ((c->flags & CLONE_SETTLS) && c->tls >= USER_ADDR_LIMIT)
		return -EPERM;
	return 0;
}

/* The child's first user state: the caller's frame, %rax 0, its stack. */
static void clone_regs(struct pm_thread *t, const struct pt_regs *regs,
		       const struct pm_clone *c)
{
	t->start_regs = *regs;
	t->start_regs.rax = 0;
	if (c->stack)
		t->start_regs.rsp = c->stack;
	t->start_regs.cs = __USER_CS;
	t->start_regs.ss = __USER_DS;
	t->start_regs.rflags |= X86_EFLAGS_IF;
	if (c->flags & CLONE_CHILD_SETTID)
		t->set_child_tid = c->child_tid;
	if (c->flags & CLONE_CHILD_CLEARTID)
		t->clear_child_tid = c->child_tid;
}

static u64 child_fs_base(const struct pm_clone *c)
{
	return (c->flags & CLONE_SETTLS) ? c->tls : current->fs_base;
}

/* A new thread in the caller's process (CLONE_THREAD). */
static long clone_thread(struct pt_regs *regs, const struct pm_clone *c)
{
	struct pm_thread *self = current_thread(), *t;
	struct process *p = self->proc;
	u32 tid;
	int ret;

	t = pm_thread_alloc(p, pm_alloc_pid());
	if (!t)
		return -ENOMEM;
	tid = t->tid;
	clone_regs(t, regs, c);
	pm_thread_sig_init(t, self);
	ret = pm_thread_attach(t, p->mm, child_fs_base(c));
	if (ret) {
		kfree(t);
		return ret;
	}
	fpu_copy(t->task->fpu, current->fpu);
	if (c->flags & CLONE_PARENT_SETTID)
		(void)copy_to_user((void __user *)c->parent_tid, &tid, sizeof(tid));
	wake_up_process(t->task);
	return tid;
}

/**
 * fork_mm() - a copy of @parent on M, with current data
 * @parent: the address space to copy
 *
 * Dirty pcache lines of @parent are written back first (and stay cached,
 * clean), so M copies what the program last wrote.
 * Return: the new address space or an ERR_PTR.
 * Context: process context; sleeps (RPCs).
 */
static struct pm_mm *fork_mm(struct pm_mm *parent)
{
	struct pm_mm *mm = pm_mm_create(parent->mem_node);
	struct p2m_pid_req req;
	int ret;

	if (!mm)
		return ERR_PTR(-ENOMEM);
	mutex_lock(&parent->lock);
	pcache_writeback_range(parent, 0, USER_ADDR_LIMIT);
	req.pid = parent->id;
	req.child = mm->id;
	ret = fit_call(parent->mem_node, P2M_FORK, &req, sizeof(req), NULL, 0, 0);
	mm->brk = parent->brk;
	mutex_unlock(&parent->lock);
	if (ret < 0) {
		pm_mm_put(mm);
		return ERR_PTR(ret == -ESRCH ? -ENOMEM : ret);
	}
	mm->on_m = true;
	return mm;
}

/* Signal actions of a CLONE_CLEAR_SIGHAND child: handlers back to default. */
static void clear_handlers(struct pm_sighand *sh)
{
	unsigned int i;

	for (i = 0; i < PM_NSIG; i++)
		if (sh->action[i].handler > 1)	/* not SIG_DFL (0) or SIG_IGN (1) */
			sh->action[i].handler = 0;
}

/* Free a process that clone_process() built but never published. */
static void clone_undo(struct process *c, struct pm_thread *t)
{
	if (t && t->task)
		task_free(t->task);
	kfree(t);
	if (c->sighand)
		pm_sighand_put(c->sighand);
	if (c->files)
		pm_files_put(c->files);
	if (c->mm)
		pm_mm_put(c->mm);
	kfree(c);
}

/* What the child process shares with or copies from @parent. */
static int clone_process_state(struct process *c, struct process *parent,
			       const struct pm_clone *c_args)
{
	u64 flags = c_args->flags;
	struct pm_mm *mm;

	if (flags & CLONE_VM) {
		pm_mm_get(parent->mm);
		c->mm = parent->mm;
	} else {
		mm = fork_mm(parent->mm);
		if (IS_ERR(mm))
			return PTR_ERR(mm);
		c->mm = mm;
	}
	if (flags & CLONE_FILES) {
		pm_files_get(parent->files);
		c->files = parent->files;
	} else {
		c->files = pm_files_dup(parent->files);
	}
	if (flags & CLONE_SIGHAND) {
		pm_sighand_get(parent->sighand);
		c->sighand = parent->sighand;
	} else {
		c->sighand = pm_sighand_dup(parent->sighand);
		if (c->sighand && (flags & CLONE_CLEAR_SIGHAND))
			clear_handlers(c->sighand);
	}
	if (!c->files || !c->sighand)
		return -ENOMEM;
	c->umask = parent->umask;
	memcpy(c->cwd, parent->cwd, sizeof(c->cwd));
	memcpy(c->exe, parent->exe, sizeof(c->exe));
	memcpy(c->comm, parent->comm, sizeof(c->comm));
	c->exit_signal = c_args->exit_signal;
	return 0;
}

/* Link @c under its parent unless the parent's group is going away. */
static int clone_publish(struct process *c, struct process *self, u64 flags,
			 struct completion *vfork)
{
	struct process *parent = self;
	unsigned long irq;

	spin_lock_irqsave(&pm_tree_lock, irq);
	if (self->state != PM_ALIVE) {
		spin_unlock_irqrestore(&pm_tree_lock, irq);
		return -EINTR;
	}
	if ((flags & CLONE_PARENT) && self->parent)
		parent = self->parent;
	c->pgid = self->pgid;
	c->sid = self->sid;
	c->vfork_done = vfork;
	spin_unlock_irqrestore(&pm_tree_lock, irq);
	/* TODO: a parent that turns zombie right here keeps this child. */
	pm_process_link(c, parent);
	return 0;
}

/* A new process: fork, vfork, or CLONE_VM without CLONE_THREAD. */
static long clone_process(struct pt_regs *regs, const struct pm_clone *args)
{
	struct pm_thread *self = current_thread(), *t = NULL;
	struct process *parent = self->proc, *c;
	struct completion vfork;
	u32 pid;
	int ret = -ENOMEM;

	c = pm_process_alloc();
	if (!c)
		return -ENOMEM;
	c->pid = pm_alloc_pid();
	pid = c->pid;
	ret = clone_process_state(c, parent, args);
	if (ret)
		goto fail;
	ret = -ENOMEM;
	t = pm_thread_alloc(c, c->pid);
	if (!t)
		goto fail;
	clone_regs(t, regs, args);
	pm_thread_sig_init(t, self);
	ret = pm_thread_attach(t, c->mm, child_fs_base(args));
	if (ret) {
		t->task = NULL;
		goto fail;
	}
	fpu_copy(t->task->fpu, current->fpu);
	init_completion(&vfork);
	ret = clone_publish(c, parent, args->flags,
			    (args->flags & CLONE_VFORK) ? &vfork : NULL);
	if (ret)
		goto fail;
	if (args->flags & CLONE_PARENT_SETTID)
		(void)copy_to_user((void __user *)args->parent_tid, &pid, sizeof(pid));
	wake_up_process(t->task);
	if (args->flags & CLONE_VFORK)
		wait_for_completion(&vfork);
	return pid;
fail:
	clone_undo(c, t);
	return ret;
}

static long do_clone(struct pt_regs *regs, const struct pm_clone *c)
{
	int ret = clone_check(c);

	if (ret)
		return ret;
	if (c->flags & CLONE_THREAD)
		return clone_thread(regs, c);
	return clone_process(regs, c);
}

/* clone(flags, newsp, parent_tid, child_tid, tls): the x86-64 order. */
SYSCALL_DEFINE5(clone, unsigned long, flags, unsigned long, newsp,
		unsigned long, parent_tid, unsigned long, child_tid, unsigned long, tls)
{
	struct pm_clone c = {
		.flags = flags & ~CSIGNAL & CLONE_LEGACY_FLAGS,
		.stack = newsp, .parent_tid = parent_tid,
		.child_tid = child_tid, .tls = tls,
		.exit_signal = flags & CSIGNAL,
	};

	if ((flags & CLONE_PIDFD) && (flags & CLONE_DETACHED))
		return -EINVAL;
	if (c.flags & CLONE_THREAD)
		c.exit_signal = 0;
	else if (c.exit_signal > PM_NSIG)
		return -EINVAL;
	return do_clone(current_thread()->regs, &c);
}

SYSCALL_DEFINE0(fork)
{
	struct pm_clone c = { .exit_signal = SIGCHLD };

	return do_clone(regs, &c);
}

SYSCALL_DEFINE0(vfork)
{
	struct pm_clone c = { .flags = CLONE_VM | CLONE_VFORK, .exit_signal = SIGCHLD };

	return do_clone(regs, &c);
}

/* Read and check struct clone_args as Linux does (size rules, fields). */
static int clone3_args(const void __user *uargs, size_t size, struct pm_clone *c)
{
	struct clone_args_user a = { 0 };
	u8 extra;
	size_t i;

	if (size > PAGE_SIZE)
		return -E2BIG;
	if (size < CLONE_ARGS_SIZE_VER0)
		return -EINVAL;
	for (i = sizeof(a); i < size; i++) {
		if (copy_from_user(&extra, (const u8 __user *)uargs + i, 1))
			return -EFAULT;
		if (extra)
			return -E2BIG;
	}
	if (copy_from_user(&a, uargs, min(size, sizeof(a))))
		return -EFAULT;
	if (a.set_tid_size || a.set_tid || a.cgroup)
		return -EINVAL;	/* pid namespaces, cgroups: not supported */
	if (a.flags & ~(CLONE_LEGACY_FLAGS | CLONE_CLEAR_SIGHAND | CLONE_INTO_CGROUP))
		return -EINVAL;
	if (a.flags & CSIGNAL)
		return -EINVAL;
	if (a.exit_signal & ~CSIGNAL || a.exit_signal > PM_NSIG)
		return -EINVAL;
	if ((a.flags & (CLONE_THREAD | CLONE_PARENT)) && a.exit_signal)
		return -EINVAL;
	if (a.flags & CLONE_INTO_CGROUP)
		return -EINVAL;
	if (!a.stack != !a.stack_size)
		return -EINVAL;
	if (a.stack && !access_ok(a.stack, a.stack_size))
		return -EINVAL;
	c->flags = a.flags;
	c->stack = a.stack ? a.stack + a.stack_size : 0;
	c->parent_tid = a.parent_tid;
	c->child_tid = a.child_tid;
	c->tls = a.tls;
	c->exit_signal = a.exit_signal;
	return 0;
}

SYSCALL_DEFINE_REGS(clone3)
{
	struct pm_clone c;
	int ret = clone3_args((const void __user *)regs->rdi, regs->rsi, &c);

	if (ret)
		return ret;
	return do_clone(regs, &c);
}
