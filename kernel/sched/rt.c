// SPDX-License-Identifier: GPL-2.0
/*
 * The real-time FIFO class: the highest priority queued task runs until it
 * sleeps or yields; a higher priority wake-up preempts it. No time slices.
 */
#include <tessera/list.h>
#include "sched.h"

/*
 * rq->rt_queue holds queued FIFO tasks, highest rt_priority first. @at_head
 * puts @p before its equals (a preempted task resumes first), else after.
 */
static void queue_rt(struct rq *rq, struct task_struct *p, bool at_head)
{
	struct task_struct *q;

	list_for_each_entry(q, &rq->rt_queue, run_node) {
		if (q->rt_priority < p->rt_priority ||
		    (at_head && q->rt_priority == p->rt_priority)) {
			list_add_tail(&p->run_node, &q->run_node);
			return;
		}
	}
	list_add_tail(&p->run_node, &rq->rt_queue);
}

static void enqueue_rt(struct rq *rq, struct task_struct *p, bool wakeup)
{
	queue_rt(rq, p, false);
}

static void dequeue_rt(struct rq *rq, struct task_struct *p)
{
	list_del_init(&p->run_node);
}

static struct task_struct *pick_next_rt(struct rq *rq)
{
	struct task_struct *p;

	if (list_empty(&rq->rt_queue))
		return NULL;
	p = list_first_entry(&rq->rt_queue, struct task_struct, run_node);
	list_del_init(&p->run_node);
	return p;
}

/* Preempted: back to the head of its priority; gave up the CPU: the tail. */
static void put_prev_rt(struct rq *rq, struct task_struct *p, bool preempted)
{
	queue_rt(rq, p, preempted);
}

static void task_tick_rt(struct rq *rq, struct task_struct *p)
{
	/* FIFO: no time slice */
}

static bool wakeup_preempt_rt(struct rq *rq, struct task_struct *p)
{
	return p->rt_priority > rq->curr->rt_priority;
}

/* yield() reschedules voluntarily, so put_prev_rt() queues it at the tail. */
static void yield_rt(struct rq *rq, struct task_struct *p)
{
}

static void sleep_rt(struct rq *rq, struct task_struct *p)
{
}

const struct sched_class rt_sched_class = {
	.name		= "rt",
	.enqueue	= enqueue_rt,
	.dequeue	= dequeue_rt,
	.pick_next	= pick_next_rt,
	.put_prev	= put_prev_rt,
	.task_tick	= task_tick_rt,
	.wakeup_preempt	= wakeup_preempt_rt,
	.yield		= yield_rt,
	.sleep		= sleep_rt,
};
