// SPDX-License-Identifier: GPL-2.0
/*
 * futex(2): wait queues keyed by (address space, user address) in hashed
 * buckets; WAIT/WAKE with bitsets, REQUEUE/CMP_REQUEUE, WAKE_OP, timeouts.
 */
#include <tessera/errno.h>
#include <tessera/kernel.h>
#include <tessera/list.h>
#include <tessera/printk.h>
#include <tessera/sched.h>
#include <tessera/spinlock.h>
#include <tessera/time.h>
#include <asm/uaccess.h>
#include "pm.h"
#include "syscalls.h"

#define FUTEX_WAIT		0
#define FUTEX_WAKE		1
#define FUTEX_REQUEUE		3
#define FUTEX_CMP_REQUEUE	4
#define FUTEX_WAKE_OP		5
#define FUTEX_WAIT_BITSET	9
#define FUTEX_WAKE_BITSET	10
#define FUTEX_PRIVATE_FLAG	128
#define FUTEX_CLOCK_REALTIME	256
#define FUTEX_CMD_MASK		(~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))
#define FUTEX_BITSET_MATCH_ANY	0xffffffffu

#define FUTEX_HASH_SIZE		256

/**
 * struct futex_bucket - one hash chain
 * @lock: protects @waiters and, for each waiter on it, @woken, @bucket,
 *	@uaddr; waking happens with it held, so a waiter (which always takes
 *	it before leaving) outlives every wake_up_process() aimed at it
 * @waiters: struct futex_waiter, in arrival order
 */
struct futex_bucket {
	spinlock_t lock;
	struct list_head waiters;
};

/* One sleeping thread, on its own stack. */
struct futex_waiter {
	struct list_head node;
	struct task_struct *task;
	struct pm_mm *mm;
	unsigned long uaddr;
	u32 bitset;
	struct futex_bucket *bucket;
	bool woken;
};

static struct futex_bucket buckets[FUTEX_HASH_SIZE] = {
	[0 ... FUTEX_HASH_SIZE - 1] = { .lock = __SPIN_LOCK_UNLOCKED(futex_bucket) },
};

/*
 * Tessera has no memory shared between address spaces (no MAP_SHARED; fork
 * copies), so private and shared futexes both key on (mm, address).
 */
static struct futex_bucket *bucket_of(struct pm_mm *mm, unsigned long uaddr)
{
	u64 h = ((unsigned long)mm >> 6) ^ (uaddr >> 2);
	struct futex_bucket *b;

	h *= 0x9e3779b97f4a7c15ULL;
	b = &buckets[h >> (64 - 8)];
	return b;
}

static void bucket_lock(struct futex_bucket *b, unsigned long *flags)
{
	spin_lock_irqsave(&b->lock, *flags);
}

/**
 * futex_init() - make the hash buckets' waiter lists empty
 * Context: boot, processor_manager_init(), before any user thread runs.
 */
void futex_init(void)
{
	unsigned int i;

	for (i = 0; i < FUTEX_HASH_SIZE; i++)
		INIT_LIST_HEAD(&buckets[i].waiters);
}

/* Lock two buckets in address order (once if they are the same). */
static void double_lock(struct futex_bucket *a, struct futex_bucket *b,
			unsigned long *flags)
{
	unsigned long dummy;

	if (a == b) {
		bucket_lock(a, flags);
	} else if (a < b) {
		bucket_lock(a, flags);
		bucket_lock(b, &dummy);
	} else {
		bucket_lock(b, flags);
		bucket_lock(a, &dummy);
	}
}

static void double_unlock(struct futex_bucket *a, struct futex_bucket *b,
			  unsigned long flags)
{
	struct futex_bucket *first = a <= b ? a : b, *second = a <= b ? b : a;

	if (a != b)
		spin_unlock(&second->lock);
	spin_unlock_irqrestore(&first->lock, flags);
}

/* Wake up to @nr (at least one) waiters on (@mm, @uaddr) in @bitset; locked. */
static int wake_locked(struct futex_bucket *b, struct pm_mm *mm,
		       unsigned long uaddr, int nr, u32 bitset)
{
	struct futex_waiter *w, *n;
	int woken = 0;

	list_for_each_entry_safe(w, n, &b->waiters, node) {
		if (w->mm != mm || w->uaddr != uaddr || !(w->bitset & bitset))
			continue;
		list_del_init(&w->node);
		WRITE_ONCE(w->woken, true);
		wake_up_process(w->task);
		if (++woken >= nr)
			break;
	}
	return woken;
}

static int futex_wake(struct pm_mm *mm, unsigned long uaddr, int nr, u32 bitset)
{
	struct futex_bucket *b = bucket_of(mm, uaddr);
	unsigned long flags;
	int n;

	bucket_lock(b, &flags);
	n = wake_locked(b, mm, uaddr, nr, bitset);
	spin_unlock_irqrestore(&b->lock, flags);
	return n;
}

/**
 * pm_futex_wake() - wake up to @nr threads waiting on @uaddr in @mm
 * @mm: the address space
 * @uaddr: the futex word's user address
 * @nr: how many (at least one is woken if any waits)
 * Return: the number woken.
 * Context: any process context.
 */
int pm_futex_wake(struct pm_mm *mm, unsigned long uaddr, int nr)
{
	return futex_wake(mm, uaddr, nr, FUTEX_BITSET_MATCH_ANY);
}

/* Fault the word at @uaddr in (outside any lock): 0 or -EFAULT. */
static int fault_in(unsigned long uaddr)
{
	u32 v;

	return copy_from_user(&v, (const void __user *)uaddr, sizeof(v));
}

/* Take @w off its bucket (following requeues); true if it had been woken. */
static bool unqueue(struct futex_waiter *w)
{
	struct futex_bucket *b;
	unsigned long flags;
	bool woken;

	for (;;) {
		b = READ_ONCE(w->bucket);
		spin_lock_irqsave(&b->lock, flags);
		if (b == READ_ONCE(w->bucket))
			break;
		spin_unlock_irqrestore(&b->lock, flags);
	}
	woken = w->woken;
	if (!woken)
		list_del_init(&w->node);
	spin_unlock_irqrestore(&b->lock, flags);
	return woken;
}

static long ns_to_jiffies_up(u64 ns)
{
	if (ns >= 1000000ULL * NSEC_PER_SEC)
		return MAX_SCHEDULE_TIMEOUT;
	return (ns * CONFIG_HZ + NSEC_PER_SEC - 1) / NSEC_PER_SEC + 1;
}

/* Sleep until woken, the deadline (0: none) passes, or we must stop. */
static long wait_sleep(struct futex_waiter *w, u64 deadline)
{
	u64 now;

	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (READ_ONCE(w->woken))
			break;
		if (pm_must_stop()) {
			__set_current_state(TASK_RUNNING);
			return deadline ? -EINTR : -ERESTARTSYS;
		}
		if (!deadline) {
			schedule();
			continue;
		}
		now = ktime_get_ns();
		if (now >= deadline) {
			__set_current_state(TASK_RUNNING);
			return -ETIMEDOUT;
		}
		schedule_timeout(ns_to_jiffies_up(deadline - now));
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

static long futex_wait(struct pm_mm *mm, unsigned long uaddr, u32 val,
		       u64 deadline, u32 bitset)
{
	struct futex_waiter w = {
		.task = current, .mm = mm, .uaddr = uaddr, .bitset = bitset,
	};
	struct futex_bucket *b = bucket_of(mm, uaddr);
	unsigned long flags;
	long ret;
	u32 cur;

	if (!bitset)
		return -EINVAL;
	w.bucket = b;
	INIT_LIST_HEAD(&w.node);
	for (;;) {
		bucket_lock(b, &flags);
		ret = pm_read_user_u32_nofault(mm, uaddr, &cur);
		if (ret != -EAGAIN)
			break;
		spin_unlock_irqrestore(&b->lock, flags);
		if (fault_in(uaddr))
			return -EFAULT;
	}
	if (!ret && cur != val)
		ret = -EAGAIN;
	if (ret) {
		spin_unlock_irqrestore(&b->lock, flags);
		return ret;
	}
	list_add_tail(&w.node, &b->waiters);
	spin_unlock_irqrestore(&b->lock, flags);
	ret = wait_sleep(&w, deadline);
	if (unqueue(&w))
		ret = 0;	/* a wake that raced with the timeout or signal wins */
	return ret;
}

/* Move up to @nr waiters on (@mm, @from) in @b1 to @to in @b2; locked. */
static int requeue_locked(struct futex_bucket *b1, struct futex_bucket *b2,
			  struct pm_mm *mm, unsigned long from, unsigned long to,
			  int nr)
{
	struct futex_waiter *w, *n;
	int moved = 0;

	list_for_each_entry_safe(w, n, &b1->waiters, node) {
		if (moved >= nr)
			break;
		if (w->mm != mm || w->uaddr != from)
			continue;
		list_del(&w->node);
		list_add_tail(&w->node, &b2->waiters);
		w->uaddr = to;
		WRITE_ONCE(w->bucket, b2);
		moved++;
	}
	return moved;
}

static long futex_requeue(struct pm_mm *mm, unsigned long uaddr, int nr_wake,
			  int nr_requeue, unsigned long uaddr2, bool cmp, u32 val3)
{
	struct futex_bucket *b1 = bucket_of(mm, uaddr), *b2 = bucket_of(mm, uaddr2);
	unsigned long flags;
	long ret;
	u32 cur;

	if (nr_wake < 0 || nr_requeue < 0)
		return -EINVAL;
	if ((uaddr2 & 3) || !access_ok(uaddr2, sizeof(u32)))
		return -EFAULT;
	for (;;) {
		double_lock(b1, b2, &flags);
		if (!cmp)
			break;
		ret = pm_read_user_u32_nofault(mm, uaddr, &cur);
		if (ret != -EAGAIN)
			break;
		double_unlock(b1, b2, flags);
		if (fault_in(uaddr))
			return -EFAULT;
	}
	if (cmp && !ret && cur != val3)
		ret = -EAGAIN;
	if (!cmp || !ret) {
		ret = nr_wake ? wake_locked(b1, mm, uaddr, nr_wake, FUTEX_BITSET_MATCH_ANY) : 0;
		ret += requeue_locked(b1, b2, mm, uaddr, uaddr2, nr_requeue);
	}
	double_unlock(b1, b2, flags);
	return ret;
}

/* The FUTEX_WAKE_OP operation on *@uaddr, atomically; the old value. */
static int futex_atomic_op(unsigned long uaddr, u32 encoded, u32 *oldval)
{
	u32 op = (encoded >> 28) & 7, oparg = (encoded >> 12) & 0xfff;
	u32 old, new, cur;

	if (encoded & (8U << 28))
		oparg = oparg < 32 ? 1U << oparg : 0;	/* FUTEX_OP_OPARG_SHIFT */
	else if (oparg & 0x800)
		oparg |= 0xfffff000;			/* sign-extend 12 bits */
	if (op > 4)
		return -ENOSYS;
	if (!access_ok(uaddr, sizeof(u32)) ||
	    copy_from_user(&old, (const void __user *)uaddr, sizeof(old)))
		return -EFAULT;
	for (;;) {
		switch (op) {
		case 0: new = oparg; break;		/* SET */
		case 1: new = old + oparg; break;	/* ADD */
		case 2: new = old | oparg; break;	/* OR */
		case 3: new = old & ~oparg; break;	/* ANDN */
		default: new = old ^ oparg; break;	/* XOR */
		}
		if (__futex_cmpxchg_user((u32 *)uaddr, old, new, &cur))
			return -EFAULT;
		if (cur == old)
			break;
		old = cur;
	}
	*oldval = old;
	return 0;
}

static int futex_op_cmp(u32 encoded, u32 oldval)
{
	s32 arg = encoded & 0xfff, v = (s32)oldval;

	if (arg & 0x800)
		arg |= (s32)0xfffff000;
	switch ((encoded >> 24) & 15) {
	case 0: return v == arg;
	case 1: return v != arg;
	case 2: return v < arg;
	case 3: return v <= arg;
	case 4: return v > arg;
	case 5: return v >= arg;
	default: return -ENOSYS;
	}
}

static long futex_wake_op(struct pm_mm *mm, unsigned long uaddr, int nr_wake,
			  int nr_wake2, unsigned long uaddr2, u32 val3)
{
	struct futex_bucket *b1 = bucket_of(mm, uaddr), *b2 = bucket_of(mm, uaddr2);
	unsigned long flags;
	int ret, cmp;
	u32 oldval;

	if ((uaddr2 & 3))
		return -EINVAL;
	/* The operation needs no bucket lock: a waiter re-checks its word
	 * under the lock, so it sees the new value or is queued already. */
	ret = futex_atomic_op(uaddr2, val3, &oldval);
	if (ret)
		return ret;
	cmp = futex_op_cmp(val3, oldval);
	if (cmp < 0)
		return cmp;
	double_lock(b1, b2, &flags);
	ret = wake_locked(b1, mm, uaddr, nr_wake, FUTEX_BITSET_MATCH_ANY);
	if (cmp)
		ret += wake_locked(b2, mm, uaddr2, nr_wake2, FUTEX_BITSET_MATCH_ANY);
	double_unlock(b1, b2, flags);
	return ret;
}

/**
 * pm_get_timespec_ns() - a struct timespec from user memory, in ns
 * @uts: its user address
 * @ns: the value (huge values are clamped to about 146 years)
 * Return: 0, -EFAULT, or -EINVAL (negative or nsec out of range).
 * Context: process context.
 */
int pm_get_timespec_ns(unsigned long uts, u64 *ns)
{
	struct { s64 sec; s64 nsec; } ts;

	if (copy_from_user(&ts, (const void __user *)uts, sizeof(ts)))
		return -EFAULT;
	if (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= (s64)NSEC_PER_SEC)
		return -EINVAL;
	if ((u64)ts.sec >= 1000000000ULL * 100)	/* ~3000 years: forever */
		*ns = ~0ULL >> 2;
	else
		*ns = (u64)ts.sec * NSEC_PER_SEC + ts.nsec;
	return 0;
}

/* The deadline of a wait: relative (FUTEX_WAIT) or absolute (BITSET). */
static int futex_deadline(int op, int cmd, unsigned long uts, u64 *deadline)
{
	u64 ns;
	int ret;

	*deadline = 0;
	if (!uts)
		return 0;
	ret = pm_get_timespec_ns(uts, &ns);
	if (ret)
		return ret;
	if (cmd == FUTEX_WAIT)
		ns += ktime_get_ns();
	else if (op & FUTEX_CLOCK_REALTIME)	/* an absolute wall-clock time */
		ns = pm_real_to_mono_ns(ns);
	*deadline = ns ? ns : 1;
	return 0;
}

SYSCALL_DEFINE6(futex, unsigned long, uaddr, int, op, u32, val,
		unsigned long, utime, unsigned long, uaddr2, u32, val3)
{
	struct pm_mm *mm = current_process()->mm;
	int cmd = op & FUTEX_CMD_MASK;
	u64 deadline;
	int ret;

	if ((op & FUTEX_CLOCK_REALTIME) && cmd != FUTEX_WAIT && cmd != FUTEX_WAIT_BITSET)
		return -ENOSYS;
	if (uaddr & 3)
		return -EINVAL;
	if (!access_ok(uaddr, sizeof(u32)))
		return -EFAULT;
	switch (cmd) {
	case FUTEX_WAIT:
		val3 = FUTEX_BITSET_MATCH_ANY;
		__attribute__((fallthrough));
	case FUTEX_WAIT_BITSET:
		ret = futex_deadline(op, cmd, utime, &deadline);
		if (ret)
			return ret;
		return futex_wait(mm, uaddr, val, deadline, val3);
	case FUTEX_WAKE:
		val3 = FUTEX_BITSET_MATCH_ANY;
		__attribute__((fallthrough));
	case FUTEX_WAKE_BITSET:
		if (!val3)
			return -EINVAL;
		return futex_wake(mm, uaddr, (int)val, val3);
	case FUTEX_REQUEUE:
		return futex_requeue(mm, uaddr, (int)val, (int)utime, uaddr2, false, 0);
	case FUTEX_CMP_REQUEUE:
		return futex_requeue(mm, uaddr, (int)val, (int)utime, uaddr2, true, val3);
	case FUTEX_WAKE_OP:
		return futex_wake_op(mm, uaddr, (int)val, (int)utime, uaddr2, val3);
	default:
		/* PI futexes, FUTEX_FD, WAIT_REQUEUE_PI, FUTEX_WAITV */
		return -ENOSYS;
	}
}
