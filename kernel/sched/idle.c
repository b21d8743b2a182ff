// SPDX-License-Identifier: GPL-2.0
/*
 * The idle class and loop: each CPU's idle task runs when nothing else is
 * runnable and halts (hlt) until an interrupt brings work.
 */
#include <tessera/bug.h>
#include <tessera/printk.h>
#include <asm/irqflags.h>
#include "sched.h"

/**
 * cpu_idle_loop() - halt until a reschedule is due, then schedule
 *
 * Interrupts are enabled by the sti right before hlt, so a wake-up IPI that
 * arrives between the need_resched() test and hlt still ends the halt.
 * Context: the idle task of this CPU. Never returns.
 */
__noreturn void cpu_idle_loop(void)
{
	for (;;) {
		local_irq_disable();
		if (!need_resched()) {
			__asm__ __volatile__("sti; hlt" ::: "memory");
			continue;
		}
		local_irq_enable();
		schedule();
	}
}

/* The idle task is never queued: these would be scheduler bugs. */
static void enqueue_idle(struct rq *rq, struct task_struct *p, bool wakeup)
{
	WARN_ONCE(1, "sched: idle task %s enqueued\n", p->comm);
}

static void dequeue_idle(struct rq *rq, struct task_struct *p)
{
	WARN_ONCE(1, "sched: idle task %s dequeued\n", p->comm);
}

static struct task_struct *pick_next_idle(struct rq *rq)
{
	return NULL;
}

static void put_prev_idle(struct rq *rq, struct task_struct *p, bool preempted)
{
}

static void task_tick_idle(struct rq *rq, struct task_struct *p)
{
	if (rq->nr_running)
		resched_curr(rq);
}

static bool wakeup_preempt_idle(struct rq *rq, struct task_struct *p)
{
	return true;
}

static void nop_idle(struct rq *rq, struct task_struct *p)
{
}

const struct sched_class idle_sched_class = {
	.name		= "idle",
	.enqueue	= enqueue_idle,
	.dequeue	= dequeue_idle,
	.pick_next	= pick_next_idle,
	.put_prev	= put_prev_idle,
	.task_tick	= task_tick_idle,
	.wakeup_preempt	= wakeup_preempt_idle,
	.yield		= nop_idle,
	.sleep		= nop_idle,
};
