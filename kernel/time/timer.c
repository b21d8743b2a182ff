// SPDX-License-Identifier: GPL-2.0
/*
 * One-shot kernel timers: a per-CPU list sorted by expiry, run from the
 * tick of its CPU; mod_timer/del_timer/del_timer_sync from any CPU.
 */
#include <tessera/bug.h>
#include <tessera/percpu.h>
#include <tessera/printk.h>
#include <tessera/smp.h>
#include <tessera/spinlock.h>
#include <tessera/timer.h>
#include <asm/irqflags.h>
#include <asm/processor.h>

/**
 * struct timer_base - one CPU's pending timers
 * @lock: protects @pending, @running and the @entry/@expires of the timers
 *	whose ->base is this base; taken with interrupts off. A timer's
 *	->base changes only while its old and new bases are both locked
 *	(lower address first), so holding the lock of the base a timer
 *	points at pins it there.
 * @pending: armed timers, soonest first (a sorted list: O(n) insert,
 *	O(1) expiry; a wheel if there are ever thousands)
 * @running: the timer whose function this CPU runs right now, or NULL
 */
struct timer_base {
	spinlock_t lock;
	struct list_head pending;
	struct timer_list *running;
};

static DEFINE_PER_CPU(struct timer_base, timer_bases);

/**
 * timers_init() - empty timer lists for every possible CPU
 *
 * Context: boot CPU, after percpu_init() (called from sched_init()).
 */
void timers_init(void)
{
	unsigned int cpu;

	for (cpu = 0; cpu < CONFIG_NR_CPUS; cpu++) {
		struct timer_base *b;

		if (cpu && !cpumask_test_cpu(cpu, cpu_possible_mask))
			continue;
		b = per_cpu_ptr(&timer_bases, cpu);
		spin_lock_init(&b->lock);
		INIT_LIST_HEAD(&b->pending);
		b->running = NULL;
	}
}

/**
 * timer_setup() - prepare @t; it is not armed
 * @t: the timer
 * @fn: its function
 * @flags: 0 (no TIMER_* flags exist yet)
 *
 * Context: any.
 */
void timer_setup(struct timer_list *t, void (*fn)(struct timer_list *),
		 unsigned int flags)
{
	INIT_LIST_HEAD(&t->entry);
	t->function = fn;
	t->flags = flags;
	t->expires = 0;
	t->base = this_cpu_ptr(&timer_bases);
}

/* Lock the base @t is on; returns it with interrupts off (flags saved). */
static struct timer_base *lock_timer_base(struct timer_list *t, unsigned long *flags)
{
	struct timer_base *b;

	for (;;) {
		b = READ_ONCE(t->base);
		spin_lock_irqsave(&b->lock, *flags);
		if (b == READ_ONCE(t->base))
			return b;
		spin_unlock_irqrestore(&b->lock, *flags);
	}
}

static void enqueue_timer(struct timer_base *b, struct timer_list *t)
{
	struct timer_list *q;

	list_for_each_entry(q, &b->pending, entry) {
		if (time_before(t->expires, q->expires)) {
			list_add_tail(&t->entry, &q->entry);
			return;
		}
	}
	list_add_tail(&t->entry, &b->pending);
}

/**
 * timer_pending() - is @t armed? (a hint unless the caller serialises)
 * @t: the timer
 *
 * Context: any.
 */
bool timer_pending(const struct timer_list *t)
{
	return !list_empty(&t->entry);
}

/**
 * mod_timer() - arm or re-arm @t for jiffies @expires
 * @t: a timer set up with timer_setup()
 * @expires: absolute jiffies; a past value fires at the next tick
 *
 * The timer moves to the calling CPU's list unless its function is running
 * right now on its old CPU (then it stays, so del_timer_sync() keeps
 * seeing it).
 * Context: any. Return: 1 if it was pending, 0 if not.
 */
int mod_timer(struct timer_list *t, u64 expires)
{
	struct timer_base *old, *new, *first, *second;
	unsigned long flags;
	int was_pending;

	if (WARN_ON_ONCE(!t->function))
		return 0;
	for (;;) {
		flags = local_irq_save();
		old = READ_ONCE(t->base);
		new = this_cpu_ptr(&timer_bases);
		first = old < new ? old : new;
		second = old < new ? new : old;
		spin_lock(&first->lock);
		if (second != first)
			spin_lock(&second->lock);
		if (READ_ONCE(t->base) == old)
			break;
		if (second != first)
			spin_unlock(&second->lock);
		spin_unlock(&first->lock);
		local_irq_restore(flags);
	}
	was_pending = timer_pending(t);
	if (was_pending)
		list_del_init(&t->entry);
	t->expires = expires;
	if (old->running != t)
		WRITE_ONCE(t->base, new);
	enqueue_timer(t->base, t);
	if (second != first)
		spin_unlock(&second->lock);
	spin_unlock(&first->lock);
	local_irq_restore(flags);
	return was_pending;
}

/**
 * add_timer() - arm @t for @t->expires
 * @t: a timer that is not pending
 *
 * Context: any.
 */
void add_timer(struct timer_list *t)
{
	WARN_ON_ONCE(timer_pending(t));
	mod_timer(t, t->expires);
}

/**
 * del_timer() - disarm @t
 * @t: the timer
 *
 * Context: any. Return: 1 if it was pending. Its function may be running
 * on another CPU; use del_timer_sync() to wait for that.
 */
int del_timer(struct timer_list *t)
{
	struct timer_base *b;
	unsigned long flags;
	int ret = 0;

	b = lock_timer_base(t, &flags);
	if (timer_pending(t)) {
		list_del_init(&t->entry);
		ret = 1;
	}
	spin_unlock_irqrestore(&b->lock, flags);
	return ret;
}

/**
 * del_timer_sync() - disarm @t and wait until its function is not running
 * @t: the timer
 *
 * If the function re-arms the timer, that is undone too.
 * Context: process context or any context that the function cannot
 * interrupt; never from the timer's own function.
 * Return: 1 if it was pending.
 */
int del_timer_sync(struct timer_list *t)
{
	struct timer_base *b;
	unsigned long flags;
	bool running;
	int ret = 0;

	for (;;) {
		b = lock_timer_base(t, &flags);
		if (timer_pending(t)) {
			list_del_init(&t->entry);
			ret = 1;
		}
		running = b->running == t;
		spin_unlock_irqrestore(&b->lock, flags);
		if (!running)
			return ret;
		if (WARN_ONCE(b == this_cpu_ptr(&timer_bases) && irqs_disabled(),
			      "timer: del_timer_sync from its own function\n"))
			return ret;
		cpu_relax();
	}
}

/**
 * run_local_timers() - run this CPU's expired timers
 *
 * Each function runs with the base unlocked (it may re-arm its timer or
 * arm others) and interrupts off.
 * Context: the tick interrupt.
 */
void run_local_timers(void)
{
	struct timer_base *b = this_cpu_ptr(&timer_bases);
	u64 now = jiffies;
	struct timer_list *t;

	if (!b->pending.next)	/* before timers_init() */
		return;
	spin_lock(&b->lock);
	while (!list_empty(&b->pending)) {
		t = list_first_entry(&b->pending, struct timer_list, entry);
		if (time_before(now, t->expires))
			break;
		list_del_init(&t->entry);
		b->running = t;
		spin_unlock(&b->lock);
		t->function(t);
		spin_lock(&b->lock);
		b->running = NULL;
	}
	spin_unlock(&b->lock);
}
