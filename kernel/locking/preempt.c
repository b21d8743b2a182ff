// SPDX-License-Identifier: GPL-2.0
/*
 * The preempt count's out-of-line half: preempt_enable() and its call into
 * the scheduler, in_atomic(), and the CONFIG_DEBUG_ATOMIC_SLEEP check.
 */
#include <tessera/bug.h>
#include <tessera/preempt.h>
#include <tessera/printk.h>
#include <tessera/sched.h>
#include <tessera/smp.h>
#include <asm/irqflags.h>

/**
 * preempt_enable() - drop one preemption level; maybe reschedule
 *
 * When the count reaches zero with interrupts on, calls the scheduler's
 * preempt_schedule() (if linked in), which switches tasks if a
 * reschedule is pending on this CPU. A count going below zero is an
 * unbalanced enable: WARN once and put it back to zero.
 */
void preempt_enable(void)
{
	barrier();
	preempt_count_add(-1);
	if (unlikely(preempt_count() < 0)) {
		__percpu_hdr_write(preempt_count, 0);
		WARN_ONCE(1, "preempt: unbalanced preempt_enable() on CPU %u from %pS\n",
			  smp_processor_id(), __builtin_return_address(0));
		return;
	}
	if (preempt_count() == 0 && preempt_schedule && !irqs_disabled())
		preempt_schedule();
}

/**
 * in_atomic() - must the caller not sleep?
 *
 * Return: true with preemption disabled (a spinlock held, an interrupt
 * handler) or interrupts off.
 */
bool in_atomic(void)
{
	return preempt_count() != 0 || irqs_disabled();
}

/**
 * preemptible() - may the scheduler switch this CPU to another task now?
 */
bool preemptible(void)
{
	return preempt_count() == 0 && !irqs_disabled();
}

#ifdef CONFIG_DEBUG_ATOMIC_SLEEP
/*
 * Call sites already reported, so each WARNs once. Slots are claimed with
 * an atomic increment; a race can report a site twice, never corrupt.
 */
#define MIGHT_SLEEP_SITES	64

static struct {
	const char *file;
	int line;
} might_sleep_seen[MIGHT_SLEEP_SITES];
static unsigned int might_sleep_nr;

static bool might_sleep_reported(const char *file, int line)
{
	unsigned int i, n = min_t(unsigned int, READ_ONCE(might_sleep_nr), MIGHT_SLEEP_SITES);

	for (i = 0; i < n; i++)
		if (READ_ONCE(might_sleep_seen[i].line) == line &&
		    READ_ONCE(might_sleep_seen[i].file) == file)
			return true;
	i = __atomic_fetch_add(&might_sleep_nr, 1, __ATOMIC_RELAXED);
	if (i < MIGHT_SLEEP_SITES) {
		WRITE_ONCE(might_sleep_seen[i].file, file);
		WRITE_ONCE(might_sleep_seen[i].line, line);
	}
	return false;
}

/**
 * __might_sleep() - WARN if a function that may sleep is called atomically
 * @file: the might_sleep() call site's file
 * @line: and line
 *
 * Quiet before sched_init() (the boot runs with interrupts off and cannot
 * sleep anyway) and during a panic. Each call site WARNs at most once.
 */
void __might_sleep(const char *file, int line)
{
	int count = preempt_count();
	bool irqs_off = irqs_disabled();

	if (!current || panic_in_progress())
		return;
	if (!count && !irqs_off)
		return;
	if (might_sleep_reported(file, line))
		return;
	WARN(1, "BUG: sleeping function called from atomic context at %s:%d (CPU %u, preempt count %d, interrupts %s) by %pS\n",
	     file, line, smp_processor_id(), count, irqs_off ? "off" : "on",
	     __builtin_return_address(0));
}
#endif /* CONFIG_DEBUG_ATOMIC_SLEEP */
