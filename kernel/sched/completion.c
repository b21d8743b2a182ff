// SPDX-License-Identifier: GPL-2.0
/*
 * Completions: a counter of "done" events under the wait queue's lock and
 * exclusive waiters, so each complete() releases exactly one waiter.
 */
#include <tessera/completion.h>
#include <tessera/kernel.h>

#define COMPLETE_ALL	UINT_MAX

/**
 * init_completion() - a completion that has not happened
 * @x: the completion
 *
 * Context: any.
 */
void init_completion(struct completion *x)
{
	x->done = 0;
	init_waitqueue_head(&x->wait);
}

/**
 * reinit_completion() - reset @x to "not done"
 * @x: the completion; nobody may be waiting on it
 *
 * Context: any.
 */
void reinit_completion(struct completion *x)
{
	WRITE_ONCE(x->done, 0);
}

/**
 * complete() - one event: release one waiter, now or later
 * @x: the completion
 *
 * Context: any, including interrupt handlers.
 */
void complete(struct completion *x)
{
	unsigned long flags;

	spin_lock_irqsave(&x->wait.lock, flags);
	if (x->done != COMPLETE_ALL)
		x->done++;
	__wake_up_locked(&x->wait, false);
	spin_unlock_irqrestore(&x->wait.lock, flags);
}

/**
 * complete_all() - release every waiter, present and future
 * @x: the completion; reinit_completion() before reusing it
 *
 * Context: any, including interrupt handlers.
 */
void complete_all(struct completion *x)
{
	unsigned long flags;

	spin_lock_irqsave(&x->wait.lock, flags);
	x->done = COMPLETE_ALL;
	__wake_up_locked(&x->wait, true);
	spin_unlock_irqrestore(&x->wait.lock, flags);
}

/* Sleep until @x is done or @timeout passes; consume one. @x->wait.lock held. */
static long do_wait_for_common(struct completion *x, long timeout,
			       unsigned long *flags)
{
	struct wait_queue_entry w;

	if (!x->done) {
		init_wait_entry(&w, WQ_FLAG_EXCLUSIVE);
		do {
			if (list_empty(&w.entry))
				list_add_tail(&w.entry, &x->wait.head);
			set_current_state(TASK_UNINTERRUPTIBLE);
			spin_unlock_irqrestore(&x->wait.lock, *flags);
			timeout = schedule_timeout(timeout);
			spin_lock_irqsave(&x->wait.lock, *flags);
		} while (!x->done && timeout);
		__set_current_state(TASK_RUNNING);
		list_del_init(&w.entry);
		if (!x->done)
			return 0;	/* timed out, nothing to consume */
	}
	if (x->done != COMPLETE_ALL)
		x->done--;
	return timeout ? timeout : 1;
}

/**
 * wait_for_completion_timeout() - wait for @x, at most @timeout jiffies
 * @x: the completion
 * @timeout: jiffies, or MAX_SCHEDULE_TIMEOUT
 *
 * Context: process context, may sleep.
 * Return: 0 on timeout, else the jiffies left (at least 1).
 */
long wait_for_completion_timeout(struct completion *x, long timeout)
{
	unsigned long flags;

	might_sleep();
	spin_lock_irqsave(&x->wait.lock, flags);
	timeout = do_wait_for_common(x, timeout, &flags);
	spin_unlock_irqrestore(&x->wait.lock, flags);
	return timeout;
}

/**
 * wait_for_completion() - wait until @x is completed, consume one completion
 * @x: the completion
 *
 * Context: process context, may sleep.
 */
void wait_for_completion(struct completion *x)
{
	wait_for_completion_timeout(x, MAX_SCHEDULE_TIMEOUT);
}

/**
 * try_wait_for_completion() - consume a completion if one is there
 * @x: the completion
 *
 * Context: any. Return: true if it consumed one.
 */
bool try_wait_for_completion(struct completion *x)
{
	unsigned long flags;
	bool ret = false;

	spin_lock_irqsave(&x->wait.lock, flags);
	if (x->done) {
		if (x->done != COMPLETE_ALL)
			x->done--;
		ret = true;
	}
	spin_unlock_irqrestore(&x->wait.lock, flags);
	return ret;
}

/**
 * completion_done() - would a wait return at once?
 * @x: the completion
 *
 * Context: any.
 */
bool completion_done(struct completion *x)
{
	return READ_ONCE(x->done) != 0;
}
