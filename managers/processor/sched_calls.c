// SPDX-License-Identifier: GPL-2.0
/*
 * Process-model calls around scheduling and identity: sleeps, affinity,
 * prctl names, resource usage, robust lists, process groups and sessions.
 */
#include <tessera/cpumask.h>
#include <tessera/errno.h>
#include <tessera/kernel.h>
#include <tessera/mutex.h>
#include <tessera/sched.h>
#include <tessera/string.h>
#include <tessera/time.h>
#include <asm/uaccess.h>
#include "pm.h"
#include "syscalls.h"

#define CLOCK_REALTIME		0
#define CLOCK_MONOTONIC		1
#define CLOCK_BOOTTIME		7
#define TIMER_ABSTIME		1

#define PR_SET_NAME		15
#define PR_GET_NAME		16

#define RUSAGE_SELF		0
#define RUSAGE_CHILDREN		(-1)
#define RUSAGE_THREAD		1

#define USER_HZ			100

struct timespec_k {
	s64 sec;
	s64 nsec;
};

static long ns_to_jiffies_up(u64 ns)
{
	if (ns >= 1000000ULL * NSEC_PER_SEC)
		return MAX_SCHEDULE_TIMEOUT;
	return (ns * CONFIG_HZ + NSEC_PER_SEC - 1) / NSEC_PER_SEC;
}

/* Sleep until ktime @deadline: 0, or -EINTR (signal or group exit). */
static long sleep_until(u64 deadline)
{
	u64 now;

	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		now = ktime_get_ns();
		if (now >= deadline)
			break;
		if (pm_must_stop()) {
			__set_current_state(TASK_RUNNING);
			return -EINTR;
		}
		schedule_timeout(ns_to_jiffies_up(deadline - now));
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

/* Write what is left of a relative sleep to @urem (if given). */
static long sleep_rel(u64 ns, unsigned long urem)
{
	u64 deadline = ktime_get_ns() + ns, now;
	struct timespec_k rem;
	long ret = sleep_until(deadline);

	if (ret != -EINTR || !urem)
		return ret;
	now = ktime_get_ns();
	ns = now < deadline ? deadline - now : 0;
	rem.sec = ns / NSEC_PER_SEC;
	rem.nsec = ns % NSEC_PER_SEC;
	if (copy_to_user((void __user *)urem, &rem, sizeof(rem)))
		return -EFAULT;
	return ret;
}

SYSCALL_DEFINE2(nanosleep, unsigned long, ureq, unsigned long, urem)
{
	u64 ns;
	int ret = pm_get_timespec_ns(ureq, &ns);

	if (ret)
		return ret;
	return sleep_rel(ns, urem);
}

SYSCALL_DEFINE4(clock_nanosleep, int, clk, int, flags, unsigned long, ureq,
		unsigned long, urem)
{
	u64 ns;
	int ret;

	if (clk != CLOCK_REALTIME && clk != CLOCK_MONOTONIC && clk != CLOCK_BOOTTIME)
		return -EINVAL;	/* CPU-time clocks: TODO */
	ret = pm_get_timespec_ns(ureq, &ns);
	if (ret)
		return ret;
	if (flags & TIMER_ABSTIME)
		return sleep_until(clk == CLOCK_REALTIME ? pm_real_to_mono_ns(ns) : ns);
	return sleep_rel(ns, urem);
}

/* The task of thread @tid of the caller's process (0: the caller), with
 * pm_tree_lock held on success (*@flags); NULL if there is none. */
static struct task_struct *own_thread_task(int tid, unsigned long *flags)
{
	struct pm_thread *t;

	spin_lock_irqsave(&pm_tree_lock, *flags);
	t = tid ? pm_find_thread_locked(tid) : current_thread();
	if (t && t->proc == current_process())
		return t->task;
	spin_unlock_irqrestore(&pm_tree_lock, *flags);
	return NULL;
}

/* Bytes of the kernel's CPU mask as Linux reports it (whole longs). */
static size_t cpumask_bytes(void)
{
	return DIV_ROUND_UP(CONFIG_NR_CPUS, 64) * sizeof(u64);
}

SYSCALL_DEFINE3(sched_getaffinity, int, tid, unsigned int, len, unsigned long, umask)
{
	struct task_struct *task;
	struct cpumask m;
	unsigned long flags;
	size_t n = cpumask_bytes();

	if (tid < 0)
		return -ESRCH;
	if ((len * 8) < CONFIG_NR_CPUS || (len & (sizeof(long) - 1)))
		return -EINVAL;
	task = own_thread_task(tid, &flags);
	if (!task)
		return -ESRCH;
	cpumask_and(&m, &task->cpus_allowed, cpu_online_mask);
	spin_unlock_irqrestore(&pm_tree_lock, flags);
	if (copy_to_user((void __user *)umask, &m, min(n, sizeof(m))))
		return -EFAULT;
	return n;
}

SYSCALL_DEFINE3(sched_setaffinity, int, tid, unsigned int, len, unsigned long, umask)
{
	struct task_struct *task;
	struct cpumask m;
	unsigned long flags;
	int ret;

	if (tid < 0)
		return -ESRCH;
	memset(&m, 0, sizeof(m));
	if (copy_from_user(&m, (const void __user *)umask, min((size_t)len, sizeof(m))))
		return -EFAULT;
	if (!tid || tid == current_thread()->tid) {
		ret = set_cpus_allowed(current, &m);	/* may migrate us */
		return ret;
	}
	/* set_cpus_allowed() may wait for @task to leave its CPU: not under
	 * pm_tree_lock, which that task may be spinning on */
	mutex_lock(&pm_task_free_lock);
	task = own_thread_task(tid, &flags);
	if (task)
		spin_unlock_irqrestore(&pm_tree_lock, flags);
	ret = task ? set_cpus_allowed(task, &m) : -ESRCH;
	mutex_unlock(&pm_task_free_lock);
	return ret;
}

SYSCALL_DEFINE5(prctl, int, option, unsigned long, arg2, unsigned long, arg3,
		unsigned long, arg4, unsigned long, arg5)
{
	struct process *p = current_process();
	char name[16];
	long n;

	(void)arg3;
	(void)arg4;
	(void)arg5;
	switch (option) {
	case PR_SET_NAME:
		n = strncpy_from_user(name, (const char __user *)arg2, sizeof(name));
		if (n < 0 && n != -ENAMETOOLONG)
			return n;	/* a longer name is cut to 15 bytes */
		memcpy(p->comm, name, sizeof(name));
		return 0;
	case PR_GET_NAME:
		memcpy(name, p->comm, sizeof(name));
		name[sizeof(name) - 1] = '\0';
		return copy_to_user((void __user *)arg2, name, sizeof(name));
	default:
		return -EINVAL;
	}
}

struct rusage_k {
	s64 utime_sec, utime_usec;
	s64 stime_sec, stime_usec;
	s64 rest[14];
};
_Static_assert(sizeof(struct rusage_k) == 144, "struct rusage");

/* CPU time of the caller's threads: live ones only (TODO: exited ones). */
static u64 process_cpu_ns(struct process *p)
{
	struct pm_thread *t;
	unsigned long flags;
	u64 ns = 0;

	spin_lock_irqsave(&pm_tree_lock, flags);
	list_for_each_entry(t, &p->threads, node)
		ns += READ_ONCE(t->task->sum_exec_runtime);
	spin_unlock_irqrestore(&pm_tree_lock, flags);
	return ns;
}

SYSCALL_DEFINE2(getrusage, int, who, unsigned long, uru)
{
	struct rusage_k ru;
	u64 ns;

	memset(&ru, 0, sizeof(ru));
	if (who == RUSAGE_SELF)
		ns = process_cpu_ns(current_process());
	else if (who == RUSAGE_THREAD)
		ns = current->sum_exec_runtime;
	else if (who == RUSAGE_CHILDREN)
		ns = 0;		/* TODO: children's times are not summed at reap */
	else
		return -EINVAL;
	ru.utime_sec = ns / NSEC_PER_SEC;
	ru.utime_usec = ns % NSEC_PER_SEC / NSEC_PER_USEC;
	return copy_to_user((void __user *)uru, &ru, sizeof(ru));
}

SYSCALL_DEFINE1(times, unsigned long, ubuf)
{
	s64 tms[4] = { 0 };

	tms[0] = process_cpu_ns(current_process()) / (NSEC_PER_SEC / USER_HZ);
	if (ubuf && copy_to_user((void __user *)ubuf, tms, sizeof(tms)))
		return -EFAULT;
	return ktime_get_ns() / (NSEC_PER_SEC / USER_HZ);
}

SYSCALL_DEFINE3(get_robust_list, int, tid, unsigned long, uhead, unsigned long, ulen)
{
	struct task_struct *task;
	struct pm_thread *t;
	unsigned long flags;
	u64 head, len;

	task = own_thread_task(tid, &flags);
	if (!task)
		return -ESRCH;
	t = task->pm_thread;
	head = t->robust_list;
	len = t->robust_len;
	spin_unlock_irqrestore(&pm_tree_lock, flags);
	if (copy_to_user((void __user *)ulen, &len, sizeof(len)) ||
	    copy_to_user((void __user *)uhead, &head, sizeof(head)))
		return -EFAULT;
	return 0;
}

/* ---- process groups and sessions (pm_tree_lock) ---------------------- */

SYSCALL_DEFINE0(getpgrp)
{
	return READ_ONCE(current_process()->pgid);
}

/* @pid's pgid (which == 0) or sid (which == 1); 0 is the caller. */
static long get_pgid_sid(int pid, int which)
{
	struct process *p;
	unsigned long flags;
	long ret = -ESRCH;

	if (pid < 0)
		return -ESRCH;
	spin_lock_irqsave(&pm_tree_lock, flags);
	p = pid ? pm_find_process_locked(pid) : current_process();
	if (p)
		ret = which ? p->sid : p->pgid;
	spin_unlock_irqrestore(&pm_tree_lock, flags);
	return ret;
}

SYSCALL_DEFINE1(getpgid, int, pid)
{
	return get_pgid_sid(pid, 0);
}

SYSCALL_DEFINE1(getsid, int, pid)
{
	return get_pgid_sid(pid, 1);
}

/* Whether a process of group @pgid exists in session @sid; locked. */
static bool group_in_session(int pgid, int sid)
{
	struct process *p = pm_find_process_locked(pgid);

	/* a group's id is its leader's pid; the leader may be gone: TODO */
	return p && p->pgid == pgid && p->sid == sid;
}

SYSCALL_DEFINE2(setpgid, int, pid, int, pgid)
{
	struct process *self = current_process(), *p;
	unsigned long flags;
	long ret = 0;

	if (pgid < 0)
		return -EINVAL;
	spin_lock_irqsave(&pm_tree_lock, flags);
	p = pid ? pm_find_process_locked(pid) : self;
	if (!p || (p != self && p->parent != self)) {
		ret = -ESRCH;
		goto out;
	}
	if (!pgid)
		pgid = p->pid;
	if (p->sid == p->pid || p->sid != self->sid) {
		ret = -EPERM;	/* a session leader, or another session */
		goto out;
	}
	if (pgid != p->pid && !group_in_session(pgid, self->sid)) {
		ret = -EPERM;
		goto out;
	}
	p->pgid = pgid;
out:
	spin_unlock_irqrestore(&pm_tree_lock, flags);
	return ret;
}

SYSCALL_DEFINE0(setsid)
{
	struct process *p = current_process();
	unsigned long flags;
	long ret;

	spin_lock_irqsave(&pm_tree_lock, flags);
	if (p->pgid == p->pid) {
		ret = -EPERM;	/* already a group leader */
	} else {
		p->sid = p->pid;
		p->pgid = p->pid;
		ret = p->sid;
	}
	spin_unlock_irqrestore(&pm_tree_lock, flags);
	return ret;
}
