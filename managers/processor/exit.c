// SPDX-License-Identifier: GPL-2.0
/*
 * Process exit as the parent sees it: zombies, SIGCHLD, re-parenting to
 * pid 1, reaping, and the wait4/waitid system calls.
 */
#include <tessera/errno.h>
#include <tessera/kernel.h>
#include <tessera/list.h>
#include <tessera/sched.h>
#include <tessera/string.h>
#include <tessera/wait.h>
#include <asm/uaccess.h>
#include "pm.h"
#include "syscalls.h"

#define WNOHANG		0x00000001
#define WUNTRACED	0x00000002
#define WEXITED		0x00000004
#define WCONTINUED	0x00000008
#define WNOWAIT		0x01000000
#define __WNOTHREAD	0x20000000
#define __WALL		0x40000000
#define __WCLONE	0x80000000

#define P_ALL		0
#define P_PID		1
#define P_PGID		2

#define RUSAGE_SIZE	144	/* struct rusage on x86-64 */
#define SIGINFO_SIZE	128

/* Unlink zombie @c from its parent and the pid table; pm_tree_lock held.
 * The caller drops the two references (list, table) after unlocking. */
static void unlink_zombie(struct process *c)
{
	c->state = PM_DEAD;
	list_del_init(&c->sibling);
	list_del_init(&c->all_node);
	c->parent = NULL;
}

static struct process *find_init_locked(struct process *dying)
{
	struct process *init = pm_find_process_locked(1);

	if (!init || init == dying || init->state != PM_ALIVE)
		return NULL;
	return init;
}

/*
 * Hand @p's children to pid 1, or, without one, let them go: zombies are
 * reaped now (onto @reaped), live ones reap themselves at exit.
 * pm_tree_lock held.
 */
static bool reparent_children(struct process *p, struct list_head *reaped)
{
	struct process *init = find_init_locked(p), *c, *n;
	bool zombies = false;

	list_for_each_entry_safe(c, n, &p->children, sibling) {
		list_del_init(&c->sibling);
		if (init) {
			c->parent = init;
			list_add_tail(&c->sibling, &init->children);
			zombies |= c->state == PM_ZOMBIE;
		} else if (c->state == PM_ZOMBIE) {
			unlink_zombie(c);
			list_add_tail(&c->sibling, reaped);
		} else {
			c->parent = NULL;
			pm_process_put(c);	/* the list's reference */
		}
	}
	if (zombies)
		wake_up_all(&init->child_wait);
	return zombies;
}

static void fill_chld_info(struct process *p, struct pm_siginfo *info)
{
	int code = p->exit_code;

	memset(info, 0, sizeof(*info));
	info->signo = SIGCHLD;
	info->pid = p->pid;
	if (code & 0x7f) {
		info->code = CLD_KILLED;
		info->status = code & 0x7f;
	} else {
		info->code = CLD_EXITED;
		info->status = (code >> 8) & 0xff;
	}
}

/**
 * pm_exit_notify() - the last thread of @p is gone: make it a zombie,
 *	re-parent its children, and tell its parent (exit signal, child_wait),
 *	or reap it at once (SIGCHLD ignored, no parent)
 * @p: the process; its mm, files and sighand are already released
 * Context: @p's last thread, process context, nothing held.
 */
void pm_exit_notify(struct process *p)
{
	struct process *parent, *c, *n;
	struct completion *done = NULL;
	struct pm_siginfo info;
	bool autoreap = false;
	unsigned long flags;
	int puts = 0, sig;
	LIST_HEAD(reaped);

	spin_lock_irqsave(&pm_tree_lock, flags);
	parent = p->parent;
	if (parent)
		pm_process_get(parent);
	spin_unlock_irqrestore(&pm_tree_lock, flags);
	if (parent && p->exit_signal == SIGCHLD)
		autoreap = pm_sigchld_autoreap(parent);

	spin_lock_irqsave(&pm_tree_lock, flags);
	reparent_children(p, &reaped);
	p->state = PM_ZOMBIE;
	fill_chld_info(p, &info);
	sig = p->exit_signal;
	if (!p->parent) {
		if (p->exit_done) {
			done = p->exit_done;	/* its creator reaps it */
		} else {
			p->state = PM_DEAD;
			list_del_init(&p->all_node);
			puts = 1;
		}
	} else if (autoreap && p->parent == parent) {
		unlink_zombie(p);
		puts = 2;
	} else {
		wake_up_all(&p->parent->child_wait);
	}
	spin_unlock_irqrestore(&pm_tree_lock, flags);

	if (parent && sig)
		pm_send_signal(parent, sig, &info);
	pm_process_put(parent);
	list_for_each_entry_safe(c, n, &reaped, sibling) {
		list_del_init(&c->sibling);
		pm_process_put(c);
		pm_process_put(c);
	}
	if (done)
		complete(done);
	while (puts--)
		pm_process_put(p);
}

/* Whether child @c matches wait's (@which, @id) and the __W* options. */
static bool wait_matches(struct process *self, struct process *c, int which,
			 int id, int options)
{
	if (which == P_PID && c->pid != id)
		return false;
	if (which == P_PGID && c->pgid != (id ? id : self->pgid))
		return false;
	if (options & __WALL)
		return true;
	return !!(options & __WCLONE) == (c->exit_signal != SIGCHLD);
}

/**
 * pm_do_wait() - wait for a child of the current process to exit
 * @which: P_ALL, P_PID or P_PGID (0: the caller's group)
 * @id: the pid or pgid
 * @options: WNOHANG, WNOWAIT, __WALL, __WCLONE (others already checked)
 * @status: its wait status (exit_code)
 * @pidp: its pid
 *
 * Return: 1 (a child was collected, or seen with WNOWAIT), 0 (WNOHANG and
 * none ready), -ECHILD, or -ERESTARTSYS (a signal or group exit).
 * Context: a user thread, process context; sleeps TASK_INTERRUPTIBLE.
 */
long pm_do_wait(int which, int id, int options, int *status, int *pidp)
{
	struct process *self = current_process(), *c, *found;
	struct wait_queue_entry w;
	unsigned long flags;
	bool any;
	long ret;

	init_wait_entry(&w, 0);
	for (;;) {
		prepare_to_wait(&self->child_wait, &w, TASK_INTERRUPTIBLE);
		any = false;
		found = NULL;
		spin_lock_irqsave(&pm_tree_lock, flags);
		list_for_each_entry(c, &self->children, sibling) {
			if (!wait_matches(self, c, which, id, options))
				continue;
			any = true;
			if (c->state == PM_ZOMBIE) {
				found = c;
				break;
			}
		}
		if (found) {
			*status = found->exit_code;
			*pidp = found->pid;
			if (!(options & WNOWAIT))
				unlink_zombie(found);
		}
		spin_unlock_irqrestore(&pm_tree_lock, flags);
		if (found) {
			if (!(options & WNOWAIT)) {
				pm_process_put(found);
				pm_process_put(found);
			}
			ret = 1;
			break;
		}
		ret = !any ? -ECHILD : (options & WNOHANG) ? 0 :
		      pm_must_stop() ? -ERESTARTSYS : 2;
		if (ret != 2)
			break;
		schedule();
	}
	finish_wait(&self->child_wait, &w);
	return ret;
}

SYSCALL_DEFINE4(wait4, int, pid, unsigned long, ustatus, int, options,
		unsigned long, rusage)
{
	int which = P_PID, id = pid, status = 0, cpid = 0;
	long ret;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL))
		return -EINVAL;
	if (pid == -1) {
		which = P_ALL;
	} else if (pid == 0) {
		which = P_PGID;
	} else if (pid < 0) {
		if (pid == (int)0x80000000)
			return -ESRCH;
		which = P_PGID;
		id = -pid;
	}
	ret = pm_do_wait(which, id, options, &status, &cpid);
	if (ret <= 0)
		return ret;
	if (ustatus && copy_to_user((void __user *)ustatus, &status, sizeof(status)))
		return -EFAULT;
	if (rusage && clear_user((void __user *)rusage, RUSAGE_SIZE))
		return -EFAULT;
	return cpid;
}

/* The siginfo_t fields waitid fills (x86-64 layout: si_pid at 16). */
struct waitid_info {
	s32 signo;
	s32 errno_;
	s32 code;
	s32 _pad;
	s32 pid;
	s32 uid;
	s32 status;
};

SYSCALL_DEFINE5(waitid, int, which, int, id, unsigned long, infop, int, options,
		unsigned long, rusage)
{
	struct waitid_info si = { 0 };
	int status = 0, cpid = 0;
	long ret;

	if (options & ~(WNOHANG | WNOWAIT | WEXITED | WUNTRACED | WCONTINUED |
			__WNOTHREAD | __WCLONE | __WALL))
		return -EINVAL;
	if (!(options & (WEXITED | WUNTRACED | WCONTINUED)))
		return -EINVAL;
	if (which != P_ALL && which != P_PID && which != P_PGID)
		return -EINVAL;
	if ((which == P_PID && id <= 0) || (which == P_PGID && id < 0))
		return -EINVAL;
	if (!(options & WEXITED)) {
		/* no stopped or continued children exist */
		ret = (options & WNOHANG) ? 0 : -ECHILD;
	} else {
		ret = pm_do_wait(which, id, options, &status, &cpid);
	}
	if (ret < 0)
		return ret;
	if (ret > 0) {
		si.signo = SIGCHLD;
		si.pid = cpid;
		if (status & 0x7f) {
			si.code = CLD_KILLED;
			si.status = status & 0x7f;
		} else {
			si.code = CLD_EXITED;
			si.status = (status >> 8) & 0xff;
		}
	}
	if (infop && copy_to_user((void __user *)infop, &si, sizeof(si)))
		return -EFAULT;
	if (rusage && clear_user((void __user *)rusage, RUSAGE_SIZE))
		return -EFAULT;
	return 0;
}
