// SPDX-License-Identifier: GPL-2.0
/*
 * Reader/writer spinlocks, writer-preferring: a waiting writer stops new
 * readers, so a stream of readers cannot starve it. Preemption is off while
 * held; CONFIG_DEBUG_SPINLOCK WARNs on unbalanced unlocks, a recursive write
 * acquire and spins that last seconds.
 */
#include <tessera/bug.h>
#include <tessera/printk.h>
#include <tessera/smp.h>
#include <tessera/spinlock.h>
#include <asm/irqflags.h>
#include <asm/processor.h>
#include "lock_debug.h"

#define CALLER_PC	((unsigned long)__builtin_return_address(0))

static __always_inline bool cnt_cmpxchg(rwlock_t *lock, int old, int new)
{
	return __atomic_compare_exchange_n(&lock->cnt, &old, new, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static bool try_read(rwlock_t *lock)
{
	int c = lock->cnt;

	return c >= 0 && !lock->writers_waiting && cnt_cmpxchg(lock, c, c + 1);
}

#ifdef CONFIG_DEBUG_SPINLOCK
static void rw_watch(struct spin_watch *w, rwlock_t *lock, const char *how)
{
	if (spin_watch_expired(w))
		WARN(1, "rwlock: CPU %u stuck %us for %s on %p (count %d, %u writers waiting, last writer CPU %u from %pS)\n",
		     smp_processor_id(), LOCKUP_SECONDS, how, lock, lock->cnt,
		     lock->writers_waiting, READ_ONCE(lock->writer_cpu),
		     (void *)READ_ONCE(lock->writer_pc));
}

/* A write acquire on the CPU that write-holds @lock: WARN and count it. */
static bool write_recursion(rwlock_t *lock, unsigned long pc)
{
	unsigned int cpu = smp_processor_id();

	if (lock->cnt != -1 || READ_ONCE(lock->writer_cpu) != cpu)
		return false;
	lock->depth++;
	WARN(1, "rwlock: recursive write acquire of %p on CPU %u at %pS, held since %pS\n",
	     lock, cpu, (void *)pc, (void *)lock->writer_pc);
	return true;
}

static void set_writer(rwlock_t *lock, unsigned long pc)
{
	lock->writer_cpu = smp_processor_id();
	lock->writer_pc = pc;
}

/*
 * May this CPU write-release @lock? -1 no (WARNed, nothing changed), 0 it
 * was a counted recursive acquire (now undone, the lock stays held), 1 yes.
 */
static int check_write_unlock(rwlock_t *lock, unsigned long pc)
{
	unsigned int cpu = smp_processor_id();

	if (WARN(lock->cnt != -1 || READ_ONCE(lock->writer_cpu) != cpu,
		 "rwlock: CPU %u write-releases %p at %pS, not write-held here (count %d, writer CPU %u)\n",
		 cpu, lock, (void *)pc, lock->cnt, READ_ONCE(lock->writer_cpu)))
		return -1;
	if (lock->depth) {
		lock->depth--;
		return 0;
	}
	lock->writer_cpu = ~0u;
	return 1;
}
#else
static __always_inline void rw_watch(struct spin_watch *w, rwlock_t *lock, const char *how)
{
	(void)w; (void)lock; (void)how;
}

static __always_inline bool write_recursion(rwlock_t *lock, unsigned long pc)
{
	(void)lock; (void)pc;
	return false;
}

static __always_inline void set_writer(rwlock_t *lock, unsigned long pc)
{
	(void)lock; (void)pc;
}

static __always_inline int check_write_unlock(rwlock_t *lock, unsigned long pc)
{
	if (WARN(lock->cnt != -1, "rwlock: CPU %u write-releases %p at %pS, not write-held (count %d)\n",
		 smp_processor_id(), lock, (void *)pc, lock->cnt))
		return -1;
	return 1;
}
#endif

static void do_read_lock(rwlock_t *lock)
{
	struct spin_watch w = SPIN_WATCH_INIT;

	while (!try_read(lock)) {
		cpu_relax();
		rw_watch(&w, lock, "read");
	}
}

static void do_write_lock(rwlock_t *lock, unsigned long pc)
{
	struct spin_watch w = SPIN_WATCH_INIT;

	if (write_recursion(lock, pc))
		return;
	__atomic_add_fetch(&lock->writers_waiting, 1, __ATOMIC_SEQ_CST);
	while (lock->cnt != 0 || !cnt_cmpxchg(lock, 0, -1)) {
		cpu_relax();
		rw_watch(&w, lock, "write");
	}
	__atomic_sub_fetch(&lock->writers_waiting, 1, __ATOMIC_SEQ_CST);
	set_writer(lock, pc);
}

/* false after a WARN if there is no reader to release */
static bool do_read_unlock(rwlock_t *lock, unsigned long pc)
{
	int c = lock->cnt;

	do {
		if (c <= 0) {
			WARN(1, "rwlock: CPU %u read-releases %p at %pS, not read-held (count %d)\n",
			     smp_processor_id(), lock, (void *)pc, c);
			return false;
		}
	} while (!__atomic_compare_exchange_n(&lock->cnt, &c, c - 1, false,
					      __ATOMIC_RELEASE, __ATOMIC_RELAXED));
	return true;
}

/* Returns true if the matching acquire's preempt_disable() is to be undone. */
static bool do_write_unlock(rwlock_t *lock, unsigned long pc)
{
	int r = check_write_unlock(lock, pc);

	if (r > 0)
		__atomic_store_n(&lock->cnt, 0, __ATOMIC_RELEASE);
	return r >= 0;
}

/**
 * rwlock_init() - make @lock a free reader/writer lock
 * @lock: the lock
 */
void rwlock_init(rwlock_t *lock)
{
	*lock = (rwlock_t)__RW_LOCK_UNLOCKED;
}

/**
 * read_lock() - take @lock shared; waits while a writer holds or wants it
 * @lock: the lock
 *
 * Context: preemption off until read_unlock(); not recursive.
 */
void read_lock(rwlock_t *lock)
{
	preempt_disable();
	do_read_lock(lock);
}

/**
 * read_unlock() - drop a shared hold of @lock
 * @lock: the lock
 */
void read_unlock(rwlock_t *lock)
{
	if (do_read_unlock(lock, CALLER_PC))
		preempt_enable();
}

/**
 * write_lock() - take @lock exclusively
 * @lock: the lock
 *
 * Context: preemption off until write_unlock().
 */
void write_lock(rwlock_t *lock)
{
	preempt_disable();
	do_write_lock(lock, CALLER_PC);
}

/**
 * write_unlock() - release an exclusive hold of @lock
 * @lock: the lock
 */
void write_unlock(rwlock_t *lock)
{
	if (do_write_unlock(lock, CALLER_PC))
		preempt_enable();
}

/**
 * read_trylock() - take @lock shared only if that is possible now
 * @lock: the lock
 *
 * Return: true with the lock read-held (preemption off), else false.
 */
bool read_trylock(rwlock_t *lock)
{
	preempt_disable();
	if (try_read(lock))
		return true;
	preempt_enable();
	return false;
}

/**
 * write_trylock() - take @lock exclusively only if it is free now
 * @lock: the lock
 *
 * Return: true with the lock write-held (preemption off), else false.
 */
bool write_trylock(rwlock_t *lock)
{
	preempt_disable();
	if (lock->cnt == 0 && cnt_cmpxchg(lock, 0, -1)) {
		set_writer(lock, CALLER_PC);
		return true;
	}
	preempt_enable();
	return false;
}

/**
 * _read_lock_irqsave() - disable interrupts, then read_lock()
 * @lock: the lock
 *
 * Return: the interrupt state for read_unlock_irqrestore().
 */
unsigned long _read_lock_irqsave(rwlock_t *lock)
{
	unsigned long flags = local_irq_save();

	preempt_disable();
	do_read_lock(lock);
	return flags;
}

/**
 * read_unlock_irqrestore() - read_unlock(), then restore interrupts
 * @lock: the lock
 * @flags: what _read_lock_irqsave() returned
 */
void read_unlock_irqrestore(rwlock_t *lock, unsigned long flags)
{
	bool released = do_read_unlock(lock, CALLER_PC);

	local_irq_restore(flags);
	if (released)
		preempt_enable();
}

/**
 * _write_lock_irqsave() - disable interrupts, then write_lock()
 * @lock: the lock
 *
 * Return: the interrupt state for write_unlock_irqrestore().
 */
unsigned long _write_lock_irqsave(rwlock_t *lock)
{
	unsigned long flags = local_irq_save();

	preempt_disable();
	do_write_lock(lock, CALLER_PC);
	return flags;
}

/**
 * write_unlock_irqrestore() - write_unlock(), then restore interrupts
 * @lock: the lock
 * @flags: what _write_lock_irqsave() returned
 */
void write_unlock_irqrestore(rwlock_t *lock, unsigned long flags)
{
	bool released = do_write_unlock(lock, CALLER_PC);

	local_irq_restore(flags);
	if (released)
		preempt_enable();
}
