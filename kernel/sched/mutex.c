// SPDX-License-Identifier: GPL-2.0
/*
 * Mutexes: an owner pointer taken by compare-and-exchange, and a FIFO of
 * sleepers woken one at a time on unlock.
 */
#include <tessera/bug.h>
#include <tessera/printk.h>
#include <tessera/mutex.h>
#include <tessera/sched.h>

struct mutex_waiter {
	struct list_head list;
	struct task_struct *task;
};

/**
 * mutex_init() - an unlocked mutex
 * @m: the mutex
 *
 * Context: any.
 */
void mutex_init(struct mutex *m)
{
	m->owner = NULL;
	spin_lock_init(&m->wait_lock);
	INIT_LIST_HEAD(&m->waiters);
}

static bool mutex_try_acquire(struct mutex *m)
{
	struct task_struct *none = NULL;

	return __atomic_compare_exchange_n(&m->owner, &none, current, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

/**
 * mutex_trylock() - take @m if it is free
 * @m: the mutex
 *
 * Context: process context. Return: true if taken.
 */
bool mutex_trylock(struct mutex *m)
{
	return mutex_try_acquire(m);
}

/**
 * mutex_lock() - take @m, sleeping while another task holds it
 * @m: the mutex; taking one current already holds WARNs (it would deadlock)
 *
 * Context: process context, may sleep.
 */
void mutex_lock(struct mutex *m)
{
	struct mutex_waiter w;
	unsigned long flags;

	might_sleep();
	if (mutex_try_acquire(m))
		return;
	WARN_ONCE(READ_ONCE(m->owner) == current,
		  "mutex: %s takes a mutex it already holds\n", current->comm);

	w.task = current;
	spin_lock_irqsave(&m->wait_lock, flags);
	list_add_tail(&w.list, &m->waiters);
	for (;;) {
		/* state first: an unlock after the failed try wakes us */
		set_current_state(TASK_UNINTERRUPTIBLE);
		if (mutex_try_acquire(m))
			break;
		spin_unlock_irqrestore(&m->wait_lock, flags);
		schedule();
		spin_lock_irqsave(&m->wait_lock, flags);
	}
	list_del(&w.list);
	__set_current_state(TASK_RUNNING);
	spin_unlock_irqrestore(&m->wait_lock, flags);
}

/**
 * mutex_unlock() - release @m and wake the oldest waiter
 * @m: the mutex; must be held by current, else WARN and leave it alone
 *
 * Context: process context (the owner).
 */
void mutex_unlock(struct mutex *m)
{
	struct mutex_waiter *w;
	unsigned long flags;

	if (WARN(READ_ONCE(m->owner) != current,
		 "mutex: %s unlocks a mutex it does not hold (owner %s)\n",
		 current->comm, m->owner ? m->owner->comm : "none"))
		return;
	__atomic_store_n(&m->owner, NULL, __ATOMIC_RELEASE);
	spin_lock_irqsave(&m->wait_lock, flags);
	if (!list_empty(&m->waiters)) {
		w = list_first_entry(&m->waiters, struct mutex_waiter, list);
		wake_up_process(w->task);
	}
	spin_unlock_irqrestore(&m->wait_lock, flags);
}

/**
 * mutex_is_locked() - is @m held by anyone? (a hint)
 * @m: the mutex
 *
 * Context: any.
 */
bool mutex_is_locked(struct mutex *m)
{
	return READ_ONCE(m->owner) != NULL;
}
