// SPDX-License-Identifier: GPL-2.0
/*
 * Spinlocks: test-and-test-and-set with pause, preemption off while held,
 * irq-save variants, and (CONFIG_DEBUG_SPINLOCK) misuse and lockup WARNs.
 *
 * Debug checks WARN and leave the lock consistent instead of corrupting it:
 * a second acquire on the owner CPU is counted in @depth (the matching
 * unlock undoes only that), an unlock by a CPU that does not hold the lock
 * changes nothing (not even the preempt count).
 */
#include <tessera/bug.h>
#include <tessera/printk.h>
#include <tessera/smp.h>
#include <tessera/spinlock.h>
#include <tessera/time.h>
#include <asm/irqflags.h>
#include <asm/processor.h>
#include "lock_debug.h"

/**
 * spin_watch_expired() - has this acquisition spun more than LOCKUP_SECONDS?
 * @w: the acquisition's watch, SPIN_WATCH_INIT at the start
 *
 * Return: true once, the first time the limit is passed.
 * Context: any; call on every pause of a spin loop.
 */
bool spin_watch_expired(struct spin_watch *w)
{
	u64 now, limit, hz;

	if (w->warned || (++w->spins & 1023))
		return false;
	now = rdtsc();
	if (!w->start) {
		w->start = now;
		return false;
	}
	hz = tsc_hz();
	limit = (hz ? hz : 3000000000ULL) * LOCKUP_SECONDS;	/* guess before calibration */
	if (now - w->start < limit)
		return false;
	w->warned = true;
	return true;
}

static __always_inline bool arch_spin_trylock(spinlock_t *lock)
{
	return !lock->locked &&
	       !__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE);
}

static __always_inline void arch_spin_unlock(spinlock_t *lock)
{
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
}

#ifdef CONFIG_DEBUG_SPINLOCK
static const char *lock_name(const spinlock_t *lock)
{
	return lock->name ? lock->name : "(unnamed)";
}

static void lock_spin(spinlock_t *lock)
{
	struct spin_watch w = SPIN_WATCH_INIT;

	while (!arch_spin_trylock(lock)) {
		while (lock->locked) {
			cpu_relax();
			if (spin_watch_expired(&w))
				WARN(1, "spinlock: CPU %u stuck %us on %s (%p), held by CPU %u from %pS\n",
				     smp_processor_id(), LOCKUP_SECONDS, lock_name(lock),
				     lock, READ_ONCE(lock->owner_cpu),
				     (void *)READ_ONCE(lock->owner_pc));
		}
	}
}

/* Preemption is already off. Takes @lock, or counts a recursive acquire. */
static void do_lock(spinlock_t *lock, unsigned long pc)
{
	unsigned int cpu = smp_processor_id();

	/* only this CPU writes its own number into owner_cpu */
	if (lock->locked && READ_ONCE(lock->owner_cpu) == cpu) {
		lock->depth++;
		WARN(1, "spinlock: recursive acquire of %s (%p) on CPU %u at %pS, held since %pS\n",
		     lock_name(lock), lock, cpu, (void *)pc, (void *)lock->owner_pc);
		return;
	}
	lock_spin(lock);
	lock->owner_cpu = cpu;
	lock->owner_pc = pc;
}

static void set_owner(spinlock_t *lock, unsigned long pc)
{
	lock->owner_cpu = smp_processor_id();
	lock->owner_pc = pc;
}

/* Returns false (after a WARN) if this CPU did not hold @lock: nothing changed. */
static bool do_unlock(spinlock_t *lock, unsigned long pc)
{
	unsigned int cpu = smp_processor_id();
	unsigned int owner = READ_ONCE(lock->owner_cpu);

	if (!lock->locked || owner != cpu) {
		if (!lock->locked)
			WARN(1, "spinlock: CPU %u releases %s (%p) at %pS, which is not held\n",
			     cpu, lock_name(lock), lock, (void *)pc);
		else
			WARN(1, "spinlock: CPU %u releases %s (%p) at %pS, held by CPU %u from %pS\n",
			     cpu, lock_name(lock), lock, (void *)pc, owner,
			     (void *)READ_ONCE(lock->owner_pc));
		return false;
	}
	if (lock->depth) {
		lock->depth--;
		return true;
	}
	lock->owner_cpu = ~0u;
	lock->owner_pc = 0;
	arch_spin_unlock(lock);
	return true;
}
#else /* !CONFIG_DEBUG_SPINLOCK */
static __always_inline void do_lock(spinlock_t *lock, unsigned long pc)
{
	(void)pc;
	while (!arch_spin_trylock(lock)) {
		while (lock->locked)
			cpu_relax();
	}
}

static __always_inline void set_owner(spinlock_t *lock, unsigned long pc)
{
	(void)lock;
	(void)pc;
}

static __always_inline bool do_unlock(spinlock_t *lock, unsigned long pc)
{
	(void)pc;
	arch_spin_unlock(lock);
	return true;
}
#endif /* CONFIG_DEBUG_SPINLOCK */

#define CALLER_PC	((unsigned long)__builtin_return_address(0))

/**
 * spin_lock_init() - make @lock an unlocked spinlock
 * @lock: the lock
 */
void spin_lock_init(spinlock_t *lock)
{
	lock->locked = 0;
#ifdef CONFIG_DEBUG_SPINLOCK
	lock->owner_cpu = ~0u;
	lock->owner_pc = 0;
	lock->name = NULL;
	lock->depth = 0;
#endif
}

/**
 * spin_lock() - take @lock, spinning until it is free
 * @lock: the lock
 *
 * Context: preemption is disabled until spin_unlock(). Not for locks an
 * interrupt handler takes (use spin_lock_irqsave()).
 */
void spin_lock(spinlock_t *lock)
{
	preempt_disable();
	do_lock(lock, CALLER_PC);
}

/**
 * spin_unlock() - release @lock taken with spin_lock()
 * @lock: the lock
 */
void spin_unlock(spinlock_t *lock)
{
	if (do_unlock(lock, CALLER_PC))
		preempt_enable();
}

/**
 * spin_trylock() - take @lock only if it is free now
 * @lock: the lock
 *
 * Return: true with the lock held (and preemption off), false otherwise;
 * also false, without a WARN, if this CPU already holds it.
 */
bool spin_trylock(spinlock_t *lock)
{
	preempt_disable();
	if (arch_spin_trylock(lock)) {
		set_owner(lock, CALLER_PC);
		return true;
	}
	preempt_enable();
	return false;
}

/**
 * _spin_lock_irqsave() - disable interrupts, then take @lock
 * @lock: the lock
 *
 * Return: the interrupt state for spin_unlock_irqrestore().
 * Context: any, interrupt handlers included.
 */
unsigned long _spin_lock_irqsave(spinlock_t *lock)
{
	unsigned long flags = local_irq_save();

	preempt_disable();
	do_lock(lock, CALLER_PC);
	return flags;
}

/**
 * _spin_trylock_irqsave() - spin_trylock() with interrupts disabled
 * @lock: the lock
 * @flags: receives the interrupt state when the lock is taken
 *
 * Return: true with the lock held and interrupts off; false with the
 * interrupt state unchanged.
 */
bool _spin_trylock_irqsave(spinlock_t *lock, unsigned long *flags)
{
	unsigned long f = local_irq_save();

	preempt_disable();
	if (arch_spin_trylock(lock)) {
		set_owner(lock, CALLER_PC);
		*flags = f;
		return true;
	}
	local_irq_restore(f);
	preempt_enable();
	return false;
}

/**
 * spin_unlock_irqrestore() - release @lock, restore the interrupt state
 * @lock: the lock
 * @flags: what _spin_lock_irqsave() returned
 */
void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags)
{
	bool released = do_unlock(lock, CALLER_PC);

	local_irq_restore(flags);
	if (released)
		preempt_enable();
}

/**
 * spin_lock_irq() - disable interrupts, then take @lock
 * @lock: the lock
 *
 * Context: interrupts must be on (spin_unlock_irq() turns them on).
 */
void spin_lock_irq(spinlock_t *lock)
{
	local_irq_disable();
	preempt_disable();
	do_lock(lock, CALLER_PC);
}

/**
 * spin_unlock_irq() - release @lock and enable interrupts
 * @lock: the lock
 */
void spin_unlock_irq(spinlock_t *lock)
{
	bool released = do_unlock(lock, CALLER_PC);

	local_irq_enable();
	if (released)
		preempt_enable();
}

/**
 * spin_is_locked() - is @lock held by anyone? (a snapshot)
 * @lock: the lock
 */
bool spin_is_locked(const spinlock_t *lock)
{
	return READ_ONCE(lock->locked) != 0;
}

/**
 * assert_spin_locked() - WARN unless this CPU holds @lock
 * @lock: the lock
 *
 * Without CONFIG_DEBUG_SPINLOCK only checks that someone holds it.
 */
void assert_spin_locked(const spinlock_t *lock)
{
#ifdef CONFIG_DEBUG_SPINLOCK
	WARN(!lock->locked || READ_ONCE(lock->owner_cpu) != smp_processor_id(),
	     "spinlock: %s (%p) not held by CPU %u as %pS expects\n", lock_name(lock),
	     lock, smp_processor_id(), __builtin_return_address(0));
#else
	WARN(!lock->locked, "spinlock: %p not held as %pS expects\n", lock,
	     __builtin_return_address(0));
#endif
}
