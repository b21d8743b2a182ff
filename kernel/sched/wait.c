// SPDX-License-Identifier: GPL-2.0
/*
 * Wait queues: the sleeping side (prepare_to_wait/finish_wait, used by the
 * wait_event*() macros) and the waking side (wake_up, wake_up_all).
 */
#include <tessera/wait.h>

/**
 * init_waitqueue_head() - an empty wait queue
 * @wq: the queue
 *
 * Context: any.
 */
void init_waitqueue_head(struct wait_queue_head *wq)
{
	spin_lock_init(&wq->lock);
	INIT_LIST_HEAD(&wq->head);
}

/**
 * init_wait_entry() - a waiter for current
 * @w: the entry (usually on the caller's stack)
 * @flags: WQ_FLAG_EXCLUSIVE or 0
 *
 * Context: process context.
 */
void init_wait_entry(struct wait_queue_entry *w, unsigned int flags)
{
	w->task = current;
	w->flags = flags;
	INIT_LIST_HEAD(&w->entry);
}

/**
 * prepare_to_wait() - queue @w if needed and set current's state
 * @wq: the queue
 * @w: current's entry
 * @state: TASK_INTERRUPTIBLE or TASK_UNINTERRUPTIBLE
 *
 * A wake-up removes the entry; calling this again re-queues it, so a
 * wake-up between the condition test and schedule() is never lost.
 * Context: process context.
 */
void prepare_to_wait(struct wait_queue_head *wq, struct wait_queue_entry *w,
		     unsigned int state)
{
	unsigned long flags;

	spin_lock_irqsave(&wq->lock, flags);
	if (list_empty(&w->entry))
		list_add_tail(&w->entry, &wq->head);
	set_current_state(state);
	spin_unlock_irqrestore(&wq->lock, flags);
}

/**
 * finish_wait() - done waiting: running again and off the queue
 * @wq: the queue
 * @w: current's entry
 *
 * Context: process context.
 */
void finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *w)
{
	unsigned long flags;

	__set_current_state(TASK_RUNNING);
	spin_lock_irqsave(&wq->lock, flags);
	list_del_init(&w->entry);
	spin_unlock_irqrestore(&wq->lock, flags);
}

/**
 * __wake_up_locked() - wake waiters of @wq, its lock held
 * @wq: the queue
 * @all: wake every waiter; else every non-exclusive one and one exclusive
 *
 * Woken entries leave the queue. Context: any, @wq->lock held.
 */
void __wake_up_locked(struct wait_queue_head *wq, bool all)
{
	struct wait_queue_entry *w, *n;

	list_for_each_entry_safe(w, n, &wq->head, entry) {
		bool exclusive = w->flags & WQ_FLAG_EXCLUSIVE;

		list_del_init(&w->entry);
		wake_up_process(w->task);
		if (exclusive && !all)
			break;
	}
}

/**
 * wake_up() - wake non-exclusive waiters and one exclusive waiter
 * @wq: the queue
 *
 * Context: any, including interrupt handlers.
 */
void wake_up(struct wait_queue_head *wq)
{
	unsigned long flags;

	spin_lock_irqsave(&wq->lock, flags);
	__wake_up_locked(wq, false);
	spin_unlock_irqrestore(&wq->lock, flags);
}

/**
 * wake_up_all() - wake every waiter
 * @wq: the queue
 *
 * Context: any, including interrupt handlers.
 */
void wake_up_all(struct wait_queue_head *wq)
{
	unsigned long flags;

	spin_lock_irqsave(&wq->lock, flags);
	__wake_up_locked(wq, true);
	spin_unlock_irqrestore(&wq->lock, flags);
}

/**
 * waitqueue_active() - does @wq have waiters? (a lockless hint)
 * @wq: the queue
 *
 * Context: any; the caller needs a barrier after its condition store.
 */
bool waitqueue_active(struct wait_queue_head *wq)
{
	return !list_empty(&wq->head);
}
