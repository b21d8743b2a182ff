// SPDX-License-Identifier: GPL-2.0
/*
 * poll, ppoll, select and pselect6: readiness of any set of fds, one global
 * wait queue that pipes and the console wake, timeouts, the signal-mask swap.
 */
#include <tessera/slab.h>
#include <tessera/time.h>
#include <tessera/timer.h>
#include <asm/uaccess.h>
#include "fs.h"
#include "../syscalls.h"

/*
 * pm_poll_wq: every poller sleeps here. pm_poll_seq counts state changes
 * (atomic): a poller reads it before scanning and sleeps only if it is
 * unchanged after queueing itself, so no change between its scan and its
 * sleep is missed.
 */
DECLARE_WAIT_QUEUE_HEAD(pm_poll_wq);
static u64 pm_poll_seq;

/**
 * pm_poll_wake() - something became readable, writable or hung up
 * Context: any (interrupts too).
 */
void pm_poll_wake(void)
{
	__atomic_fetch_add(&pm_poll_seq, 1, __ATOMIC_SEQ_CST);
	wake_up_all(&pm_poll_wq);
}

struct pollfd_k {
	int fd;
	s16 events;
	s16 revents;
};

#define POLL_ALWAYS	(POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM)

static unsigned int fd_ready(int fd)
{
	struct pm_file *f = pm_fget(fd);
	unsigned int mask;

	if (!f)
		return POLLNVAL;
	mask = f->ops->poll ? f->ops->poll(f) : POLL_ALWAYS;
	pm_file_put(f);
	return mask;
}

/*
 * The poll loop: @scan(arg) counts ready entries (filling in results);
 * sleeps until one is ready, the timeout (jiffies, MAX_SCHEDULE_TIMEOUT:
 * none) passes or a signal arrives.
 * Return: the count, 0 on timeout, or -EINTR/-ERESTARTNOHAND.
 */
static long poll_loop(int (*scan)(void *arg), void *arg, long *timeout)
{
	struct wait_queue_entry w;
	long n;
	u64 seq;

	init_wait_entry(&w, 0);
	for (;;) {
		seq = __atomic_load_n(&pm_poll_seq, __ATOMIC_SEQ_CST);
		n = scan(arg);
		if (n || !*timeout)
			return n;
		if (pm_signal_pending())
			return *timeout == MAX_SCHEDULE_TIMEOUT ? -ERESTARTNOHAND : -EINTR;
		prepare_to_wait(&pm_poll_wq, &w, TASK_INTERRUPTIBLE);
		if (__atomic_load_n(&pm_poll_seq, __ATOMIC_SEQ_CST) == seq &&
		    !pm_signal_pending())
			*timeout = schedule_timeout(*timeout);
		finish_wait(&pm_poll_wq, &w);
	}
}

struct poll_args {
	struct pollfd_k *fds;
	unsigned int n;
};

static int poll_scan(void *arg)
{
	struct poll_args *a = arg;
	unsigned int i;
	int count = 0;

	for (i = 0; i < a->n; i++) {
		struct pollfd_k *p = &a->fds[i];
		unsigned int mask;

		p->revents = 0;
		if (p->fd < 0)
			continue;
		mask = fd_ready(p->fd);
		p->revents = mask & ((u16)p->events | POLLERR | POLLHUP | POLLNVAL);
		if (p->revents)
			count++;
	}
	return count;
}

static long do_poll(struct pollfd_k __user *ufds, unsigned int nfds, long timeout)
{
	struct poll_args a = { .n = nfds };
	long ret;

	if (nfds > PM_NR_OPEN)
		return -EINVAL;
	a.fds = kmalloc(nfds * sizeof(*a.fds) + 1, GFP_KERNEL);
	if (!a.fds)
		return -ENOMEM;
	ret = -EFAULT;
	if (copy_from_user(a.fds, ufds, nfds * sizeof(*a.fds)))
		goto out;
	ret = poll_loop(poll_scan, &a, &timeout);
	if (ret >= 0 && copy_to_user(ufds, a.fds, nfds * sizeof(*a.fds)))
		ret = -EFAULT;
out:
	kfree(a.fds);
	return ret;
}

static long ms_to_timeout(long ms)
{
	if (ms < 0)
		return MAX_SCHEDULE_TIMEOUT;
	return msecs_to_jiffies(ms);
}

struct timespec_k {
	s64 sec;
	s64 nsec;
};

/* A user timespec (NULL: forever) as jiffies. */
static long ts_to_timeout(const struct timespec_k __user *uts, long *out)
{
	struct timespec_k ts;

	if (!uts) {
		*out = MAX_SCHEDULE_TIMEOUT;
		return 0;
	}
	if (copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= 1000000000)
		return -EINVAL;
	if (ts.sec > 1000000000)
		*out = MAX_SCHEDULE_TIMEOUT;
	else
		*out = msecs_to_jiffies(ts.sec * 1000 + (ts.nsec + 999999) / 1000000);
	return 0;
}

/*
 * ppoll/pselect6: install @umask for the call; signal.c restores the saved
 * mask on the way out after delivering (see struct pm_thread_sig); when no
 * signal interrupted the call it is restored here.
 */
static long sigmask_swap(const u64 __user *umask, u64 size)
{
	struct pm_thread *t = current_thread();
	unsigned long flags;
	u64 m;

	if (!umask)
		return 0;
	if (size != sizeof(u64))
		return -EINVAL;
	if (copy_from_user(&m, umask, sizeof(m)))
		return -EFAULT;
	m &= ~(sigmask_of(SIGKILL) | sigmask_of(SIGSTOP));
	spin_lock_irqsave(&pm_tree_lock, flags);
	t->sig.saved_blocked = t->sig.blocked;
	t->sig.restore_blocked = true;
	t->sig.blocked = m;
	spin_unlock_irqrestore(&pm_tree_lock, flags);
	return 0;
}

static void sigmask_done(const u64 __user *umask, long ret)
{
	struct pm_thread *t = current_thread();
	unsigned long flags;

	if (!umask || ret == -EINTR || ret == -ERESTARTNOHAND)
		return;
	spin_lock_irqsave(&pm_tree_lock, flags);
	if (t->sig.restore_blocked) {
		t->sig.blocked = t->sig.saved_blocked;
		t->sig.restore_blocked = false;
	}
	spin_unlock_irqrestore(&pm_tree_lock, flags);
}

SYSCALL_DEFINE3(poll, struct pollfd_k __user *, fds, unsigned int, nfds, int, ms)
{
	return do_poll(fds, nfds, ms_to_timeout(ms));
}

SYSCALL_DEFINE5(ppoll, struct pollfd_k __user *, fds, unsigned int, nfds,
		const struct timespec_k __user *, tsp, const u64 __user *, sigmask,
		u64, sigsetsize)
{
	long timeout, ret;

	ret = ts_to_timeout(tsp, &timeout);
	if (ret)
		return ret;
	ret = sigmask_swap(sigmask, sigsetsize);
	if (ret)
		return ret;
	ret = do_poll(fds, nfds, timeout);
	if (ret == -ERESTARTNOHAND && tsp)
		ret = -EINTR;
	sigmask_done(sigmask, ret);
	return ret;
}

/* ---- select ---- */

#define FDSET_LONGS	(PM_NR_OPEN / 64)

struct select_args {
	int n;
	u64 in[3][FDSET_LONGS];		/* read, write, except: asked */
	u64 out[3][FDSET_LONGS];	/* ... ready */
	int bad;
};

static int select_scan(void *arg)
{
	struct select_args *a = arg;
	int fd, count = 0;

	memset(a->out, 0, sizeof(a->out));
	for (fd = 0; fd < a->n; fd++) {
		u64 bit = 1ULL << (fd % 64);
		int w = fd / 64, k;
		unsigned int mask, want[3] = {
			POLLIN | POLLRDNORM | POLLHUP | POLLERR,
			POLLOUT | POLLWRNORM | POLLERR,
			POLLPRI,
		};

		if (!((a->in[0][w] | a->in[1][w] | a->in[2][w]) & bit))
			continue;
		mask = fd_ready(fd);
		if (mask & POLLNVAL) {
			a->bad = 1;
			return -EBADF;
		}
		for (k = 0; k < 3; k++) {
			if ((a->in[k][w] & bit) && (mask & want[k])) {
				a->out[k][w] |= bit;
				count++;
			}
		}
	}
	return count;
}

static long do_select(int n, u64 __user *uset[3], long *timeout)
{
	struct select_args *a;
	size_t bytes;
	long ret;
	int k;

	if (n < 0)
		return -EINVAL;
	n = min(n, PM_NR_OPEN);
	bytes = DIV_ROUND_UP(n, 64) * sizeof(u64);
	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	a->n = n;
	ret = -EFAULT;
	for (k = 0; k < 3; k++)
		if (uset[k] && copy_from_user(a->in[k], uset[k], bytes))
			goto out;
	ret = poll_loop(select_scan, a, timeout);
	if (ret < 0)
		goto out;
	for (k = 0; k < 3; k++) {
		if (uset[k] && copy_to_user(uset[k], a->out[k], bytes)) {
			ret = -EFAULT;
			goto out;
		}
	}
out:
	kfree(a);
	return ret;
}

struct timeval_k {
	s64 sec;
	s64 usec;
};

SYSCALL_DEFINE5(select, int, n, u64 __user *, inp, u64 __user *, outp,
		u64 __user *, exp, struct timeval_k __user *, utv)
{
	u64 __user *sets[3] = { inp, outp, exp };
	struct timeval_k tv;
	long timeout = MAX_SCHEDULE_TIMEOUT, ret;
	u64 ms;

	if (utv) {
		if (copy_from_user(&tv, utv, sizeof(tv)))
			return -EFAULT;
		if (tv.sec < 0 || tv.usec < 0 || tv.usec >= 1000000)
			return -EINVAL;
		if (tv.sec <= 1000000000)
			timeout = msecs_to_jiffies(tv.sec * 1000 + (tv.usec + 999) / 1000);
	}
	ret = do_select(n, sets, &timeout);
	if (utv && timeout != MAX_SCHEDULE_TIMEOUT) {
		ms = jiffies_to_msecs(timeout);
		tv.sec = ms / 1000;
		tv.usec = (ms % 1000) * 1000;
		if (copy_to_user(utv, &tv, sizeof(tv)) && ret >= 0)
			ret = -EFAULT;
	}
	if (ret == -ERESTARTNOHAND && utv)
		ret = -EINTR;
	return ret;
}

/* pselect6's sixth argument: { const sigset_t *ss; size_t ss_len; } */
struct sigset_arg {
	u64 ss;
	u64 len;
};

SYSCALL_DEFINE6(pselect6, int, n, u64 __user *, inp, u64 __user *, outp,
		u64 __user *, exp, const struct timespec_k __user *, tsp,
		const struct sigset_arg __user *, sig)
{
	u64 __user *sets[3] = { inp, outp, exp };
	struct sigset_arg sa = { 0, 0 };
	const u64 __user *umask;
	long timeout, ret;

	ret = ts_to_timeout(tsp, &timeout);
	if (ret)
		return ret;
	if (sig && copy_from_user(&sa, sig, sizeof(sa)))
		return -EFAULT;
	umask = (const u64 __user *)sa.ss;
	ret = sigmask_swap(umask, sa.len);
	if (ret)
		return ret;
	ret = do_select(n, sets, &timeout);
	if (ret == -ERESTARTNOHAND && tsp)
		ret = -EINTR;
	sigmask_done(umask, ret);
	return ret;
}
