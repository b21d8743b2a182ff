// SPDX-License-Identifier: GPL-2.0
/*
 * The fair class: every task has a virtual runtime (ns it has run, all
 * weights equal for now); the queued task with the smallest one runs next.
 */
#include <tessera/list.h>
#include "sched.h"

#define WAKEUP_GRAN_NS		1000000ULL	/* a waker must be this far ahead */
#define MIN_SLICE_NS		2000000ULL	/* run at least this long per turn */
#define SLEEPER_CREDIT_NS	3000000ULL	/* a sleeper's head start, at most */

/* Signed comparison: vruntimes are compared modulo 2^64. */
static inline bool vr_before(u64 a, u64 b)
{
	return (s64)(a - b) < 0;
}

/*
 * rq->fair_queue is a list sorted by vruntime (ties keep arrival order):
 * O(n) insert, O(1) pick. Enough for the tens of threads a node runs.
 */
static void queue_sorted(struct rq *rq, struct task_struct *p)
{
	struct task_struct *q;

	list_for_each_entry(q, &rq->fair_queue, run_node) {
		if (vr_before(p->vruntime, q->vruntime)) {
			list_add_tail(&p->run_node, &q->run_node);
			return;
		}
	}
	list_add_tail(&p->run_node, &rq->fair_queue);
}

static void update_min_vruntime(struct rq *rq)
{
	u64 v = rq->min_vruntime;
	bool have = false;

	if (rq->curr && rq->curr->sched_class == &fair_sched_class &&
	    rq->curr->on_rq == TASK_ON_RQ_QUEUED) {
		v = rq->curr->vruntime;
		have = true;
	}
	if (!list_empty(&rq->fair_queue)) {
		u64 first = list_first_entry(&rq->fair_queue, struct task_struct,
					     run_node)->vruntime;

		if (!have || vr_before(first, v))
			v = first;
	}
	if (vr_before(rq->min_vruntime, v))
		rq->min_vruntime = v;
}

/* @p arrives with a vruntime relative to min_vruntime (see sleep). */
static void enqueue_fair(struct rq *rq, struct task_struct *p, bool wakeup)
{
	p->vruntime += rq->min_vruntime;
	if (wakeup) {
		u64 floor = rq->min_vruntime - SLEEPER_CREDIT_NS;

		if (vr_before(p->vruntime, floor))
			p->vruntime = floor;
	}
	queue_sorted(rq, p);
}

static void dequeue_fair(struct rq *rq, struct task_struct *p)
{
	list_del_init(&p->run_node);
	update_min_vruntime(rq);
}

/* Leaving this queue (sleep, migration): keep only the lag. */
static void sleep_fair(struct rq *rq, struct task_struct *p)
{
	p->vruntime -= rq->min_vruntime;
}

static struct task_struct *pick_next_fair(struct rq *rq)
{
	struct task_struct *p;

	if (list_empty(&rq->fair_queue))
		return NULL;
	p = list_first_entry(&rq->fair_queue, struct task_struct, run_node);
	list_del_init(&p->run_node);
	update_min_vruntime(rq);
	return p;
}

static void put_prev_fair(struct rq *rq, struct task_struct *p, bool preempted)
{
	queue_sorted(rq, p);
	update_min_vruntime(rq);
}

/* Preempt at a tick once the turn is used and someone is further behind. */
static void task_tick_fair(struct rq *rq, struct task_struct *p)
{
	struct task_struct *first;

	update_min_vruntime(rq);
	if (list_empty(&rq->fair_queue))
		return;
	if (p->sum_exec_runtime - p->slice_start < MIN_SLICE_NS)
		return;
	first = list_first_entry(&rq->fair_queue, struct task_struct, run_node);
	if (vr_before(first->vruntime, p->vruntime))
		resched_curr(rq);
}

static bool wakeup_preempt_fair(struct rq *rq, struct task_struct *p)
{
	return vr_before(p->vruntime + WAKEUP_GRAN_NS, rq->curr->vruntime);
}

/* Go behind every queued peer. */
static void yield_fair(struct rq *rq, struct task_struct *p)
{
	struct task_struct *last;

	if (list_empty(&rq->fair_queue))
		return;
	last = list_entry(rq->fair_queue.prev, struct task_struct, run_node);
	if (vr_before(p->vruntime, last->vruntime))
		p->vruntime = last->vruntime;
}

const struct sched_class fair_sched_class = {
	.name		= "fair",
	.enqueue	= enqueue_fair,
	.dequeue	= dequeue_fair,
	.pick_next	= pick_next_fair,
	.put_prev	= put_prev_fair,
	.task_tick	= task_tick_fair,
	.wakeup_preempt	= wakeup_preempt_fair,
	.yield		= yield_fair,
	.sleep		= sleep_fair,
};
