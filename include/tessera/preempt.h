/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Preemption control. The per-CPU preempt count is raised by
 * preempt_disable(), spin_lock() and interrupt entry; the scheduler does not
 * switch tasks away from a CPU while it is non-zero, and code that may sleep
 * checks it (might_sleep()).
 */
#ifndef _TESSERA_PREEMPT_H
#define _TESSERA_PREEMPT_H

#include <tessera/compiler.h>
#include <asm/percpu.h>

static __always_inline int preempt_count(void)
{
	return __percpu_hdr_read(preempt_count, int);
}

static __always_inline void preempt_count_add(int n)
{
	__asm__ __volatile__("addl %0, %%gs:%c1" : : "ri"(n),
			     "i"(offsetof(struct percpu_hdr, preempt_count)) : "memory");
}

#define preempt_disable()	do { preempt_count_add(1); barrier(); } while (0)
#define preempt_enable_no_resched() do { barrier(); preempt_count_add(-1); } while (0)

/*
 * preempt_enable() - drop one level; if it reached zero with interrupts on,
 * call preempt_schedule(), which reschedules if one is pending here.
 * (kernel/locking/preempt.c)
 */
void preempt_enable(void);

/*
 * preempt_schedule() - the scheduler's half of preempt_enable(): if this
 * CPU has a reschedule pending, schedule now (kernel/sched/core.c, also
 * declared in <tessera/sched.h>). A weak reference here: until the
 * scheduler is linked in, preempt_enable() never reschedules.
 */
extern void preempt_schedule(void) __attribute__((weak));

/* Atomic context: preemption disabled or interrupts off. */
bool in_atomic(void);

/* The scheduler may switch away: preempt count 0 and interrupts on. */
bool preemptible(void);

/*
 * might_sleep() - assert the caller may sleep. With CONFIG_DEBUG_ATOMIC_SLEEP
 * a call from atomic context WARNs (once per call site) with a trace.
 */
#ifdef CONFIG_DEBUG_ATOMIC_SLEEP
void __might_sleep(const char *file, int line);
#define might_sleep()	__might_sleep(__FILE__, __LINE__)
#else
#define might_sleep()	do { } while (0)
#endif

#define get_cpu()	({ preempt_disable(); smp_processor_id(); })
#define put_cpu()	preempt_enable()

#endif /* _TESSERA_PREEMPT_H */
