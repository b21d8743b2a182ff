/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Spinlocks and reader/writer spinlocks. spin_lock() disables preemption;
 * the _irqsave variants also disable interrupts and must be used for any
 * lock an interrupt handler takes. Locks are not recursive.
 *
 * With CONFIG_DEBUG_SPINLOCK each lock remembers its owner CPU and the
 * acquirer's address: taking a lock this CPU already holds, releasing one
 * it does not hold, or a spin that lasts seconds WARNs with a trace.
 * (kernel/locking/spinlock.c, kernel/locking/rwlock.c)
 */
#ifndef _TESSERA_SPINLOCK_H
#define _TESSERA_SPINLOCK_H

#include <tessera/kernel.h>
#include <tessera/preempt.h>

/*
 * A test-and-test-and-set lock: waiters spin reading @locked (a shared
 * cache line) with pause, and only try the atomic exchange once it reads 0.
 * Not fair, but robust when virtual CPUs are descheduled (no queue order to
 * stall behind a waiter that is not running).
 */
typedef struct spinlock {
	volatile unsigned int locked;	/* 0 free, 1 held */
#ifdef CONFIG_DEBUG_SPINLOCK
	unsigned int owner_cpu;		/* valid while held */
	unsigned long owner_pc;		/* who took it */
	const char *name;
	unsigned int depth;		/* recursive acquisitions WARNed and counted */
#endif
} spinlock_t;

#ifdef CONFIG_DEBUG_SPINLOCK
#define __SPIN_LOCK_UNLOCKED(n)	{ .locked = 0, .owner_cpu = ~0u, .name = #n }
#else
#define __SPIN_LOCK_UNLOCKED(n)	{ .locked = 0 }
#endif
#define DEFINE_SPINLOCK(n)	spinlock_t n = __SPIN_LOCK_UNLOCKED(n)

void spin_lock_init(spinlock_t *lock);
void spin_lock(spinlock_t *lock) __acquires(lock);
void spin_unlock(spinlock_t *lock) __releases(lock);
bool spin_trylock(spinlock_t *lock);
unsigned long _spin_lock_irqsave(spinlock_t *lock) __acquires(lock);
void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags) __releases(lock);
void spin_lock_irq(spinlock_t *lock) __acquires(lock);
void spin_unlock_irq(spinlock_t *lock) __releases(lock);
#define spin_lock_irqsave(lock, flags)	((flags) = _spin_lock_irqsave(lock))
/* Returns true with @flags set and the lock held, or false with nothing changed. */
bool _spin_trylock_irqsave(spinlock_t *lock, unsigned long *flags);
#define spin_trylock_irqsave(lock, flags)	_spin_trylock_irqsave(lock, &(flags))

bool spin_is_locked(const spinlock_t *lock);
/* WARNs unless this CPU holds @lock (debug builds; else only checks it is locked). */
void assert_spin_locked(const spinlock_t *lock);

/*
 * Reader/writer spinlock: many readers or one writer; writers are not
 * starved (a waiting writer holds off new readers). So a reader must not
 * take the same lock again while it holds it (not even from an interrupt
 * handler): a writer arriving in between would deadlock both.
 */
typedef struct rwlock {
	volatile int cnt;		/* >0 readers, -1 writer, 0 free */
	volatile unsigned int writers_waiting;
#ifdef CONFIG_DEBUG_SPINLOCK
	unsigned int writer_cpu;	/* valid while write-held */
	unsigned int depth;		/* recursive write acquisitions WARNed */
	unsigned long writer_pc;
#endif
} rwlock_t;

#ifdef CONFIG_DEBUG_SPINLOCK
#define __RW_LOCK_UNLOCKED	{ .cnt = 0, .writers_waiting = 0, .writer_cpu = ~0u }
#else
#define __RW_LOCK_UNLOCKED	{ .cnt = 0, .writers_waiting = 0 }
#endif
#define DEFINE_RWLOCK(n)	rwlock_t n = __RW_LOCK_UNLOCKED

void rwlock_init(rwlock_t *lock);
void read_lock(rwlock_t *lock);
void read_unlock(rwlock_t *lock);
void write_lock(rwlock_t *lock);
void write_unlock(rwlock_t *lock);
bool read_trylock(rwlock_t *lock);
bool write_trylock(rwlock_t *lock);
unsigned long _read_lock_irqsave(rwlock_t *lock);
void read_unlock_irqrestore(rwlock_t *lock, unsigned long flags);
unsigned long _write_lock_irqsave(rwlock_t *lock);
void write_unlock_irqrestore(rwlock_t *lock, unsigned long flags);
#define read_lock_irqsave(l, f)		((f) = _read_lock_irqsave(l))
#define write_lock_irqsave(l, f)	((f) = _write_lock_irqsave(l))

#endif /* _TESSERA_SPINLOCK_H */
