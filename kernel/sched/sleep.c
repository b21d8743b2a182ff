// SPDX-License-Identifier: GPL-2.0
/*
 * Sleeping for a time: schedule_timeout() on a one-shot timer that wakes
 * the sleeper, and msleep() on top of it.
 */
#include <tessera/bug.h>
#include <tessera/printk.h>
#include <tessera/sched.h>
#include <tessera/timer.h>

struct sleep_timer {
	struct timer_list timer;
	struct task_struct *task;
};

static void sleep_timeout(struct timer_list *t)
{
	struct sleep_timer *st = from_timer(st, t, timer);

	wake_up_process(st->task);
}

/**
 * schedule_timeout() - sleep until woken or until @timeout jiffies passed
 * @timeout: jiffies (>= 0), or MAX_SCHEDULE_TIMEOUT for no limit
 *
 * Set current's state first; the sleep ends at the first tick at which
 * jiffies has advanced by @timeout, or at a wake-up.
 * Context: process context, may sleep.
 * Return: jiffies left, 0 if the time ran out (MAX_SCHEDULE_TIMEOUT if
 * there was no limit).
 */
long schedule_timeout(long timeout)
{
	struct sleep_timer st;
	u64 expire;
	s64 left;

	if (timeout == MAX_SCHEDULE_TIMEOUT) {
		schedule();
		return timeout;
	}
	if (WARN_ONCE(timeout < 0, "schedule_timeout: negative timeout %ld\n", timeout)) {
		__set_current_state(TASK_RUNNING);
		return 0;
	}
	expire = jiffies + timeout;
	st.task = current;
	timer_setup(&st.timer, sleep_timeout, 0);
	mod_timer(&st.timer, expire);
	schedule();
	del_timer_sync(&st.timer);
	left = (s64)(expire - jiffies);
	return left > 0 ? left : 0;
}

/**
 * schedule_timeout_uninterruptible() - sleep @timeout jiffies unless woken
 * @timeout: jiffies
 *
 * Context: process context, may sleep. Return: as schedule_timeout().
 */
long schedule_timeout_uninterruptible(long timeout)
{
	__set_current_state(TASK_UNINTERRUPTIBLE);
	return schedule_timeout(timeout);
}

/**
 * msleep() - sleep at least @ms milliseconds
 * @ms: milliseconds
 *
 * Rounds up to whole ticks plus one (the current tick is partly gone).
 * Context: process context, may sleep.
 */
void msleep(unsigned int ms)
{
	long timeout = (long)msecs_to_jiffies(ms) + 1;

	while (timeout)
		timeout = schedule_timeout_uninterruptible(timeout);
}
