/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sleeping mutual exclusion. A mutex has an owner: only the task that
 * locked it may unlock it (anything else WARNs and leaves it locked).
 * Not for interrupt context.
 */
#ifndef _TESSERA_MUTEX_H
#define _TESSERA_MUTEX_H

#include <tessera/list.h>
#include <tessera/spinlock.h>

struct task_struct;

/**
 * struct mutex - a sleeping lock
 * @owner: the holder, or NULL; changed only by compare-and-exchange
 * @wait_lock: protects @waiters
 * @waiters: tasks sleeping in mutex_lock(), oldest first
 */
struct mutex {
	struct task_struct *owner;
	spinlock_t wait_lock;
	struct list_head waiters;
};

#define __MUTEX_INITIALIZER(n)						\
	{ .owner = NULL, .wait_lock = __SPIN_LOCK_UNLOCKED(n.wait_lock), \
	  .waiters = LIST_HEAD_INIT(n.waiters) }
#define DEFINE_MUTEX(n)		struct mutex n = __MUTEX_INITIALIZER(n)

void mutex_init(struct mutex *m);
void mutex_lock(struct mutex *m);
/* Return: true if it took the mutex. */
bool mutex_trylock(struct mutex *m);
void mutex_unlock(struct mutex *m);
bool mutex_is_locked(struct mutex *m);

#endif /* _TESSERA_MUTEX_H */
