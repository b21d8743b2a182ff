/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wait queues: sleep until a condition holds, woken by whoever makes it
 * true. wait_event*() re-test the condition after every wake-up, so a
 * wake-up never gets lost between the test and going to sleep.
 */
#ifndef _TESSERA_WAIT_H
#define _TESSERA_WAIT_H

#include <tessera/list.h>
#include <tessera/sched.h>
#include <tessera/spinlock.h>

/**
 * struct wait_queue_head - a list of sleeping tasks
 * @lock: protects @head; taken with interrupts off (wake_up works from IRQs)
 * @head: struct wait_queue_entry.entry, in arrival order
 */
struct wait_queue_head {
	spinlock_t lock;
	struct list_head head;
};

#define WQ_FLAG_EXCLUSIVE	0x1	/* wake_up() wakes only one of these */

/**
 * struct wait_queue_entry - one sleeper (usually on its own stack)
 * @task: who to wake
 * @flags: WQ_FLAG_*
 * @entry: in the head's list; empty (self-linked) when not queued
 */
struct wait_queue_entry {
	struct task_struct *task;
	unsigned int flags;
	struct list_head entry;
};

#define __WAIT_QUEUE_HEAD_INITIALIZER(n)				\
	{ .lock = __SPIN_LOCK_UNLOCKED(n.lock), .head = LIST_HEAD_INIT(n.head) }
#define DECLARE_WAIT_QUEUE_HEAD(n)					\
	struct wait_queue_head n = __WAIT_QUEUE_HEAD_INITIALIZER(n)

void init_waitqueue_head(struct wait_queue_head *wq);
void init_wait_entry(struct wait_queue_entry *w, unsigned int flags);

/* Queue @w (if it is not queued) and set current's state to @state. */
void prepare_to_wait(struct wait_queue_head *wq, struct wait_queue_entry *w,
		     unsigned int state);
/* Back to TASK_RUNNING and off the queue. */
void finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *w);

/*
 * wake_up() wakes every non-exclusive waiter and one exclusive waiter;
 * wake_up_all() wakes every waiter. Context: any, including interrupts.
 */
void wake_up(struct wait_queue_head *wq);
void wake_up_all(struct wait_queue_head *wq);
/* Same, with @wq->lock already held by the caller. */
void __wake_up_locked(struct wait_queue_head *wq, bool all);

bool waitqueue_active(struct wait_queue_head *wq);

#define ___wait_event(wq, cond, state, timeout) ({			\
	struct wait_queue_entry __we;					\
	long __ret = (timeout);						\
									\
	init_wait_entry(&__we, 0);					\
	for (;;) {							\
		prepare_to_wait(&(wq), &__we, state);			\
		if (cond)						\
			break;						\
		__ret = schedule_timeout(__ret);			\
		if (!__ret) {						\
			__ret = (cond) ? 1 : 0;				\
			break;						\
		}							\
	}								\
	finish_wait(&(wq), &__we);					\
	__ret;								\
})

/**
 * wait_event() - sleep until @cond is true
 * @wq: the wait queue the condition's writer wakes
 * @cond: a C expression, re-evaluated after each wake-up
 *
 * Context: process context, may sleep.
 */
#define wait_event(wq, cond) do {					\
	might_sleep();							\
	if (!(cond))							\
		(void)___wait_event(wq, cond, TASK_UNINTERRUPTIBLE,	\
				    MAX_SCHEDULE_TIMEOUT);		\
} while (0)

/**
 * wait_event_timeout() - sleep until @cond is true or @timeout jiffies pass
 *
 * Return: 0 if it timed out with @cond still false, else the jiffies left
 * (at least 1). Context: process context, may sleep.
 */
#define wait_event_timeout(wq, cond, timeout) ({			\
	long __t = (timeout);						\
									\
	might_sleep();							\
	if (!(cond))							\
		__t = ___wait_event(wq, cond, TASK_UNINTERRUPTIBLE, __t); \
	else if (!__t)							\
		__t = 1;						\
	__t;								\
})

#endif /* _TESSERA_WAIT_H */
