/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One-shot kernel timers with jiffy resolution. A timer runs its function
 * once, in the tick interrupt of the CPU whose list it is on, at the first
 * tick with jiffies >= expires. Arm, re-arm and cancel from any CPU.
 */
#ifndef _TESSERA_TIMER_H
#define _TESSERA_TIMER_H

#include <tessera/list.h>
#include <tessera/time.h>

struct timer_base;

/**
 * struct timer_list - a one-shot timer
 * @entry: in its base's list, sorted by @expires, while pending
 * @expires: the jiffies value at or after which it fires
 * @function: runs with interrupts off in the tick; may re-arm the timer
 * @flags: TIMER_* (none defined yet; pass 0)
 * @base: the per-CPU list it is on, or last was on (see timer.c)
 */
struct timer_list {
	struct list_head entry;
	u64 expires;
	void (*function)(struct timer_list *t);
	unsigned int flags;
	struct timer_base *base;
};

#define from_timer(var, t, field)	container_of(t, __typeof__(*var), field)

void timer_setup(struct timer_list *t, void (*fn)(struct timer_list *),
		 unsigned int flags);
/*
 * mod_timer() - (re)arm @t to fire at jiffies @expires (in the past: at the
 * next tick). Return: 1 if it was pending, 0 if not.
 */
int mod_timer(struct timer_list *t, u64 expires);
/* Arm @t with its @expires field. */
void add_timer(struct timer_list *t);
/* Cancel. Return: 1 if it was pending. The function may still be running. */
int del_timer(struct timer_list *t);
/*
 * del_timer_sync() - cancel and wait for a running function to finish:
 * after it returns the function neither runs nor will run (unless armed
 * again). Not from the timer's own function. Context: may spin, not IRQ.
 */
int del_timer_sync(struct timer_list *t);
bool timer_pending(const struct timer_list *t);

/* The tick: run this CPU's expired timers. Context: tick interrupt. */
void run_local_timers(void);
/* Set up every possible CPU's timer list (sched_init()). */
void timers_init(void);

static inline u64 msecs_to_jiffies(u64 ms)
{
	return (ms * CONFIG_HZ + 999) / 1000;
}

static inline u64 jiffies_to_msecs(u64 j)
{
	return j * 1000 / CONFIG_HZ;
}

#define time_after(a, b)	((s64)((b) - (a)) < 0)
#define time_after_eq(a, b)	((s64)((a) - (b)) >= 0)
#define time_before(a, b)	time_after(b, a)

#endif /* _TESSERA_TIMER_H */
