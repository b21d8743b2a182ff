/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Scheduler internals shared by kernel/sched/: the per-CPU run queue and
 * the scheduling-class operations (rt.c, fair.c, idle.c).
 */
#ifndef _KERNEL_SCHED_SCHED_H
#define _KERNEL_SCHED_SCHED_H

#include <tessera/percpu.h>
#include <tessera/sched.h>
#include <tessera/spinlock.h>

/**
 * struct rq - one CPU's run queue
 * @lock: protects every field below and the queue fields (on_rq, run_node,
 *	vruntime) of the tasks whose ->cpu is this CPU. Always taken with
 *	interrupts off (the tick and the reschedule IPI take it). Held across
 *	the context switch: the task switched to releases it. Order: a task's
 *	pi_lock before any rq lock; never two rq locks at once.
 * @curr: the running task (the idle task when nothing else runs)
 * @idle: this CPU's idle task
 * @nr_running: runnable tasks here, @curr included, the idle task not
 * @need_resched: pick again at the next preemption point; set under @lock
 *	(or by this CPU with interrupts off), cleared by __schedule()
 * @rt_queue: queued SCHED_FIFO tasks, highest priority first, FIFO within
 *	one priority (rt.c)
 * @fair_queue: queued fair tasks sorted by vruntime, smallest first (a
 *	sorted list: O(n) insert, fine for tens of threads; fair.c)
 * @min_vruntime: monotonic floor of the fair vruntimes here
 * @push: a task that lost the right to run here (affinity change); moved
 *	to an allowed CPU right after the switch away from it
 * @nr_switches: context switches since boot
 * @online: this CPU runs the scheduler (idle task exists)
 */
struct rq {
	spinlock_t lock;
	struct task_struct *curr;
	struct task_struct *idle;
	unsigned int nr_running;
	bool need_resched;
	struct list_head rt_queue;
	struct list_head fair_queue;
	u64 min_vruntime;
	struct task_struct *push;
	u64 nr_switches;
	bool online;
	unsigned int cpu;
};

/* task_struct.on_rq values besides 0 (asleep) */
#define TASK_ON_RQ_QUEUED	1	/* runnable: queued or running */
#define TASK_ON_RQ_MIGRATING	2	/* runnable, in flight to another CPU */

DECLARE_PER_CPU(struct rq, runqueues);
#define cpu_rq(cpu)	per_cpu_ptr(&runqueues, cpu)
#define this_rq()	this_cpu_ptr(&runqueues)

/**
 * struct sched_class - what a scheduling class does; all under rq->lock
 * @enqueue: @p became runnable here (woken, created, migrated in)
 * @dequeue: @p is queued (not running) and leaves this CPU
 * @pick_next: remove and return the task to run next, or NULL
 * @put_prev: @p stops running but stays runnable: queue it again
 * @task_tick: @p is running at a tick: account, maybe set need_resched
 * @wakeup_preempt: should newly runnable @p preempt rq->curr (same class)?
 * @yield: @p (running) gives its turn to its peers
 */
struct sched_class {
	const char *name;
	void (*enqueue)(struct rq *rq, struct task_struct *p, bool wakeup);
	void (*dequeue)(struct rq *rq, struct task_struct *p);
	struct task_struct *(*pick_next)(struct rq *rq);
	void (*put_prev)(struct rq *rq, struct task_struct *p, bool preempted);
	void (*task_tick)(struct rq *rq, struct task_struct *p);
	bool (*wakeup_preempt)(struct rq *rq, struct task_struct *p);
	void (*yield)(struct rq *rq, struct task_struct *p);
	void (*sleep)(struct rq *rq, struct task_struct *p);
};

extern const struct sched_class rt_sched_class;
extern const struct sched_class fair_sched_class;
extern const struct sched_class idle_sched_class;

/* Rank of a class for preemption: higher runs first. */
static inline int sched_class_rank(const struct sched_class *c)
{
	if (c == &rt_sched_class)
		return 2;
	if (c == &fair_sched_class)
		return 1;
	return 0;
}

/* Clock for runtime accounting, ns. */
u64 sched_clock(void);
/* Mark @rq's CPU for rescheduling; returns true if it must be poked by IPI. */
bool resched_curr(struct rq *rq);
/* Charge the running task's runtime since the last update. */
void update_curr_fair(struct rq *rq);

__noreturn void cpu_idle_loop(void);
void sched_bench_run(void);

/* core.c: allocate a task with a stack and FPU state; fair class, asleep. */
struct task_struct *sched_alloc_task(void (*fn)(void *), void *arg, const char *name);
void sched_free_task(struct task_struct *p);
__noreturn void sched_task_exit(void);

#endif /* _KERNEL_SCHED_SCHED_H */
