// SPDX-License-Identifier: GPL-2.0
/*
 * The scheduler core: per-CPU run queues, __schedule() and the context
 * switch, wake-ups and placement, affinity, preemption points, the tick.
 */
#include <tessera/atomic.h>
#include <tessera/bug.h>
#include <tessera/errno.h>
#include <tessera/kthread.h>
#include <tessera/printk.h>
#include <tessera/slab.h>
#include <tessera/smp.h>
#include <tessera/string.h>
#include <tessera/time.h>
#include <tessera/timer.h>
#include <tessera/vmalloc.h>
#include <tessera/vsprintf.h>
#include <asm/fpu.h>
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <asm/ptrace.h>
#include <asm/traps.h>
#include "sched.h"

/* One per CPU; see struct rq for what rq->lock protects. */
DEFINE_PER_CPU_ALIGNED(struct rq, runqueues);

/* The boot context, turned into a task by sched_init(). */
static struct task_struct init_task;

u64 sched_clock(void)
{
	return ktime_get_ns();
}

static bool cpu_usable(unsigned int cpu)
{
	return cpumask_test_cpu(cpu, cpu_online_mask) &&
	       READ_ONCE(cpu_rq(cpu)->online);
}

/**
 * resched_curr() - make @rq's CPU pick again at its next preemption point
 * @rq: a run queue whose lock the caller holds
 *
 * Return: true if @rq is another CPU's, which the caller must then poke
 * with smp_send_reschedule() after dropping the lock.
 */
bool resched_curr(struct rq *rq)
{
	WRITE_ONCE(rq->need_resched, true);
	return rq->cpu != smp_processor_id();
}

/* Charge the running task for the time since it last started. */
static void update_curr(struct rq *rq)
{
	struct task_struct *curr = rq->curr;
	u64 now = sched_clock();
	u64 delta;

	if (!curr || now <= curr->exec_start)
		return;
	delta = now - curr->exec_start;
	curr->exec_start = now;
	curr->sum_exec_runtime += delta;
	if (curr->sched_class == &fair_sched_class)
		curr->vruntime += delta;
}

void update_curr_fair(struct rq *rq)
{
	update_curr(rq);
}

static void activate_task(struct rq *rq, struct task_struct *p, bool wakeup)
{
	p->on_rq = TASK_ON_RQ_QUEUED;
	rq->nr_running++;
	p->sched_class->enqueue(rq, p, wakeup);
}

/* @p is queued, not running: take it off @rq, keeping it runnable in flight. */
static void detach_task(struct rq *rq, struct task_struct *p)
{
	p->sched_class->dequeue(rq, p);
	p->sched_class->sleep(rq, p);
	rq->nr_running--;
	p->on_rq = TASK_ON_RQ_MIGRATING;
}

/* Does newly runnable @p preempt @rq's current task? Caller holds rq->lock. */
static bool check_preempt_curr(struct rq *rq, struct task_struct *p)
{
	struct task_struct *curr = rq->curr;
	int rp = sched_class_rank(p->sched_class);
	int rc = sched_class_rank(curr->sched_class);

	if (rp > rc || (rp == rc && p->sched_class->wakeup_preempt(rq, p)))
		return resched_curr(rq);
	return false;
}

/*
 * Where to run @p when it becomes runnable: its last CPU if that is idle,
 * else any idle allowed CPU, else its last CPU, else the allowed CPU with
 * the fewest runnable tasks. No periodic balancing: see Documentation/sched.md.
 * Reads other CPUs' nr_running without their locks (a hint only).
 */
static unsigned int select_task_rq(struct task_struct *p)
{
	unsigned int prev = p->cpu, cpu, best = CONFIG_NR_CPUS;
	unsigned int best_load = ~0u, load;
	bool prev_ok = cpumask_test_cpu(prev, &p->cpus_allowed) && cpu_usable(prev);

	if (prev_ok && !READ_ONCE(cpu_rq(prev)->nr_running))
		return prev;
	for_each_cpu(cpu, &p->cpus_allowed) {
		if (!cpu_usable(cpu))
			continue;
		load = READ_ONCE(cpu_rq(cpu)->nr_running);
		if (!load)
			return cpu;
		if (load < best_load) {
			best_load = load;
			best = cpu;
		}
	}
	if (prev_ok)
		return prev;
	if (best < CONFIG_NR_CPUS)
		return best;
	/* no allowed CPU is up (set_cpus_allowed() prevents it): stay here */
	return smp_processor_id();
}

/* Put in-flight @p on an allowed CPU. Context: irqs off; takes p->pi_lock. */
static void move_task(struct task_struct *p)
{
	unsigned int cpu;
	struct rq *rq;
	bool ipi;

	spin_lock(&p->pi_lock);
	cpu = select_task_rq(p);
	WRITE_ONCE(p->cpu, cpu);
	rq = cpu_rq(cpu);
	spin_lock(&rq->lock);
	activate_task(rq, p, false);
	ipi = check_preempt_curr(rq, p);
	spin_unlock(&rq->lock);
	spin_unlock(&p->pi_lock);
	if (ipi)
		smp_send_reschedule(cpu);
}

static struct task_struct *pick_next_task(struct rq *rq)
{
	struct task_struct *p;

	p = rt_sched_class.pick_next(rq);
	if (!p)
		p = fair_sched_class.pick_next(rq);
	return p ? p : rq->idle;
}

/*
 * After the switch, on the new task's stack: @prev is off this CPU now.
 * Releases the run queue lock the switching task took; interrupts stay off.
 */
static void finish_task_switch(struct task_struct *prev)
{
	struct rq *rq = this_rq();
	struct task_struct *push = rq->push;

	rq->push = NULL;
	smp_store_release(&prev->on_cpu, 0);
	spin_unlock(&rq->lock);
	if (push)
		move_task(push);
}

/*
 * __schedule() - pick a task and switch to it
 * @preempt: true when @current is being preempted (it stays runnable
 *	whatever its state); false when it calls in voluntarily, and then a
 *	state other than TASK_RUNNING takes it off the run queue.
 *
 * Context: preemption disabled exactly once (preempt_count() == 1), any
 * interrupt state (restored on return).
 */
static void __schedule(bool preempt)
{
	struct task_struct *prev = current, *next;
	unsigned long flags = local_irq_save();
	struct rq *rq = this_rq();

	spin_lock(&rq->lock);
	WRITE_ONCE(rq->need_resched, false);
	update_curr(rq);

	if (!preempt && prev->state != TASK_RUNNING && prev != rq->idle) {
		prev->sched_class->sleep(rq, prev);
		rq->nr_running--;
		prev->on_rq = 0;
		prev->nvcsw++;
	} else if (prev != rq->idle) {
		if (preempt)
			prev->nivcsw++;
		if (!cpumask_test_cpu(rq->cpu, &prev->cpus_allowed)) {
			/* affinity changed: leave, moved after the switch */
			prev->sched_class->sleep(rq, prev);
			rq->nr_running--;
			prev->on_rq = TASK_ON_RQ_MIGRATING;
			rq->push = prev;
		} else {
			prev->sched_class->put_prev(rq, prev, preempt);
		}
	}

	next = pick_next_task(rq);
	if (next == prev) {
		spin_unlock(&rq->lock);
		local_irq_restore(flags);
		return;
	}

	rq->curr = next;
	rq->nr_switches++;
	next->on_cpu = 1;
	next->exec_start = sched_clock();
	next->slice_start = next->sum_exec_runtime;
	set_current_task(next);
	arch_switch_prepare(prev, next);
	prev = __switch_to_asm(prev, next);
	/* now running as "next", possibly much later and on another CPU */
	finish_task_switch(prev);
	local_irq_restore(flags);
}

/**
 * schedule_tail() - first C code of a new task, from the arch trampoline
 * @prev: the task switched away from
 *
 * Context: interrupts off, rq lock held (dropped here), preempt count 2
 * from the switch; returns with both at zero and interrupts on.
 */
void schedule_tail(struct task_struct *prev)
{
	finish_task_switch(prev);
	preempt_enable_no_resched();
	local_irq_enable();
}

/**
 * schedule() - give up the CPU; sleep if current's state is not running
 *
 * Context: process context. Calling it with preemption disabled is a bug
 * ("scheduling while atomic"): WARNs, then schedules anyway, keeping the
 * caller's count for when it resumes.
 */
void schedule(void)
{
	int count = preempt_count();

	if (unlikely(count)) {
		WARN_ONCE(1, "sched: scheduling while atomic: %s, preempt count %d\n",
			  current->comm, count);
		preempt_count_add(-count);
	}
	do {
		preempt_disable();
		__schedule(false);
		preempt_enable_no_resched();
	} while (need_resched());
	if (unlikely(count))
		preempt_count_add(count);
}

/**
 * preempt_schedule() - preemption point of preempt_enable()
 *
 * Context: any; does nothing if preemption or interrupts are disabled.
 */
void preempt_schedule(void)
{
	if (preempt_count() || irqs_disabled() || !current)
		return;
	while (need_resched()) {
		preempt_disable();
		__schedule(true);
		preempt_enable_no_resched();
	}
}

/**
 * sched_irq_exit() - preempt the interrupted task if a reschedule is due
 * @regs: the interrupted state
 *
 * Context: end of an external interrupt, interrupts off.
 */
void sched_irq_exit(struct pt_regs *regs)
{
	if (!(regs->rflags & X86_EFLAGS_IF) || preempt_count() || !current)
		return;
	while (need_resched()) {
		preempt_disable();
		__schedule(true);
		preempt_enable_no_resched();
	}
}

/**
 * need_resched() - is a reschedule pending on this CPU?
 *
 * Context: any.
 */
bool need_resched(void)
{
	return READ_ONCE(this_rq()->need_resched);
}

/**
 * cond_resched() - schedule if preemption is enabled and one is due
 *
 * Context: process context.
 */
void cond_resched(void)
{
	if (need_resched() && !preempt_count())
		schedule();
}

/**
 * yield() - let the other runnable tasks on this CPU go first
 *
 * Context: process context, may switch tasks.
 */
void yield(void)
{
	unsigned long flags;
	struct rq *rq;

	flags = local_irq_save();
	rq = this_rq();
	spin_lock(&rq->lock);
	if (current != rq->idle) {
		update_curr(rq);
		current->sched_class->yield(rq, current);
	}
	WRITE_ONCE(rq->need_resched, true);
	spin_unlock(&rq->lock);
	local_irq_restore(flags);
	schedule();
}

/**
 * wake_up_state() - make @p runnable if its state is in @state
 * @p: the task
 * @state: TASK_* bits to match
 *
 * Wake-ups are serialised by p->pi_lock. A task still on its run queue
 * (between set_current_state() and schedule()) only has its state reset;
 * otherwise it is placed with select_task_rq() once its old CPU has
 * finished switching away from it.
 * Context: any, including interrupts. Return: 1 if woken, 0 if not.
 */
int wake_up_state(struct task_struct *p, unsigned int state)
{
	unsigned long flags;
	unsigned int cpu = 0;
	bool ipi = false;
	struct rq *rq;
	int ret = 0;

	smp_mb();	/* the caller's condition store before the state load */
	spin_lock_irqsave(&p->pi_lock, flags);
	if (!(READ_ONCE(p->state) & state))
		goto out;
	ret = 1;
	rq = cpu_rq(p->cpu);
	spin_lock(&rq->lock);
	if (p->on_rq) {
		WRITE_ONCE(p->state, TASK_RUNNING);
		spin_unlock(&rq->lock);
		goto out;
	}
	spin_unlock(&rq->lock);

	/* asleep; its CPU may still be switching away from it */
	while (smp_load_acquire(&p->on_cpu))
		cpu_relax();
	cpu = select_task_rq(p);
	WRITE_ONCE(p->cpu, cpu);
	rq = cpu_rq(cpu);
	spin_lock(&rq->lock);
	WRITE_ONCE(p->state, TASK_RUNNING);
	activate_task(rq, p, true);
	ipi = check_preempt_curr(rq, p);
	spin_unlock(&rq->lock);
out:
	spin_unlock_irqrestore(&p->pi_lock, flags);
	if (ipi)
		smp_send_reschedule(cpu);
	return ret;
}

/**
 * wake_up_process() - wake @p from any sleep
 * @p: the task
 *
 * Context: any. Return: 1 if it was asleep (or about to sleep), else 0.
 */
int wake_up_process(struct task_struct *p)
{
	return wake_up_state(p, TASK_NORMAL);
}

/**
 * set_cpus_allowed() - restrict @p to the CPUs in @mask
 * @p: the task
 * @mask: allowed CPUs
 *
 * A queued task moves at once; a running one is asked to switch away and
 * moves right after (this waits for that, or, for current, switches).
 * Context: process context, may sleep when @p is current.
 * Return: 0, or -EINVAL if @mask contains no online CPU.
 */
int set_cpus_allowed(struct task_struct *p, const struct cpumask *mask)
{
	struct cpumask ok;
	unsigned long flags;
	bool ipi = false, running = false;
	unsigned int cpu;
	struct rq *rq;

	if (!cpumask_and(&ok, mask, cpu_online_mask))
		return -EINVAL;
	if (p->flags & PF_IDLE)
		return -EINVAL;

	spin_lock_irqsave(&p->pi_lock, flags);
	cpu = p->cpu;
	rq = cpu_rq(cpu);
	spin_lock(&rq->lock);
	cpumask_copy(&p->cpus_allowed, mask);
	if (cpumask_test_cpu(cpu, mask) || p->on_rq != TASK_ON_RQ_QUEUED) {
		/* fine where it is, or asleep/in flight: placed when it wakes */
	} else if (rq->curr != p) {
		detach_task(rq, p);
		spin_unlock(&rq->lock);
		cpu = select_task_rq(p);
		WRITE_ONCE(p->cpu, cpu);
		rq = cpu_rq(cpu);
		spin_lock(&rq->lock);
		activate_task(rq, p, false);
		ipi = check_preempt_curr(rq, p);
	} else {
		ipi = resched_curr(rq);
		running = true;
	}
	spin_unlock(&rq->lock);
	spin_unlock_irqrestore(&p->pi_lock, flags);
	if (ipi)
		smp_send_reschedule(cpu);
	if (!running)
		return 0;
	if (p == current) {
		schedule();	/* __schedule() hands us to an allowed CPU */
		return 0;
	}
	while (smp_load_acquire(&p->on_cpu) && task_cpu(p) == cpu)
		cpu_relax();
	return 0;
}

static void set_class(struct rq *rq, struct task_struct *p,
		      const struct sched_class *class, int policy, int prio)
{
	bool queued = p->on_rq == TASK_ON_RQ_QUEUED && rq->curr != p;
	bool running = rq->curr == p;

	if (queued)
		p->sched_class->dequeue(rq, p);
	if (queued || running)
		p->sched_class->sleep(rq, p);	/* fair: vruntime made relative */
	p->sched_class = class;
	p->policy = policy;
	p->rt_priority = prio;
	if (queued)
		class->enqueue(rq, p, false);
	else if (running && class == &fair_sched_class)
		p->vruntime += rq->min_vruntime;
}

static int change_class(struct task_struct *p, const struct sched_class *class,
			int policy, int prio)
{
	unsigned long flags;
	struct rq *rq;
	bool ipi;

	if (p->flags & PF_IDLE)
		return -EINVAL;
	spin_lock_irqsave(&p->pi_lock, flags);
	rq = cpu_rq(p->cpu);
	spin_lock(&rq->lock);
	if (rq->curr == p)
		update_curr(rq);
	set_class(rq, p, class, policy, prio);
	ipi = resched_curr(rq);	/* let the CPU re-evaluate */
	spin_unlock(&rq->lock);
	spin_unlock_irqrestore(&p->pi_lock, flags);
	if (ipi)
		smp_send_reschedule(task_cpu(p));
	return 0;
}

/**
 * sched_set_fifo() - make @p a SCHED_FIFO task
 * @p: the task
 * @prio: 1 (lowest) .. 99 (highest)
 *
 * A FIFO task runs until it sleeps, yields or a higher FIFO task wakes;
 * it always beats fair tasks. Context: process context.
 * Return: 0 or -EINVAL.
 */
int sched_set_fifo(struct task_struct *p, int prio)
{
	if (prio < 1 || prio >= MAX_RT_PRIO)
		return -EINVAL;
	return change_class(p, &rt_sched_class, SCHED_FIFO, prio);
}

/**
 * sched_set_normal() - put @p back in the fair class
 * @p: the task
 *
 * Context: process context.
 */
void sched_set_normal(struct task_struct *p)
{
	change_class(p, &fair_sched_class, SCHED_NORMAL, 0);
}

/**
 * scheduler_tick() - account the running task; time slices
 *
 * Context: the tick interrupt of every CPU, interrupts off.
 */
void scheduler_tick(void)
{
	struct rq *rq = this_rq();

	if (!READ_ONCE(rq->online))
		return;
	spin_lock(&rq->lock);
	update_curr(rq);
	rq->curr->sched_class->task_tick(rq, rq->curr);
	spin_unlock(&rq->lock);
}

/**
 * scheduler_ipi() - the reschedule IPI arrived
 *
 * The sender already set this CPU's need_resched under its run queue
 * lock; the IPI only ends a hlt and gets this CPU to an interrupt exit,
 * where sched_irq_exit() (or the idle loop) does the switch.
 * Context: IPI handler, interrupts off.
 */
void scheduler_ipi(void)
{
	struct rq *rq = this_rq();

	/* a racing __schedule() may have consumed it: ask again, harmless */
	if (READ_ONCE(rq->online) && rq->nr_running)
		WRITE_ONCE(rq->need_resched, true);
}

u64 nr_context_switches(unsigned int cpu)
{
	return READ_ONCE(cpu_rq(cpu)->nr_switches);
}

struct task_struct *idle_task(unsigned int cpu)
{
	return READ_ONCE(cpu_rq(cpu)->idle);
}

/**
 * sched_alloc_task() - a new task that will run @fn(@arg) when first woken
 * @fn: entry point; must not return (kthreads end in sched_task_exit())
 * @arg: its argument
 * @name: for reports, truncated to TASK_COMM_LEN - 1
 *
 * The task is zeroed, in the fair class, allowed on every CPU, asleep
 * (TASK_UNINTERRUPTIBLE) until wake_up_process().
 * Context: process context. Return: the task or NULL (out of memory).
 */
struct task_struct *sched_alloc_task(void (*fn)(void *), void *arg, const char *name)
{
	struct task_struct *p;

	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return NULL;
	p->stack = alloc_kernel_stack();
	if (!p->stack)
		goto free_task;
	p->stack_size = THREAD_SIZE;
	p->fpu = fpu_alloc();
	if (!p->fpu)
		goto free_stack;
	p->state = TASK_UNINTERRUPTIBLE;
	p->cpu = smp_processor_id();
	cpumask_copy(&p->cpus_allowed, cpu_possible_mask);
	strscpy(p->comm, name, sizeof(p->comm));
	p->sched_class = &fair_sched_class;
	p->policy = SCHED_NORMAL;
	INIT_LIST_HEAD(&p->run_node);
	spin_lock_init(&p->pi_lock);
	arch_setup_new_task(p, fn, arg);
	return p;

free_stack:
	free_kernel_stack(p->stack);
free_task:
	kfree(p);
	return NULL;
}

/**
 * sched_free_task() - free a task that never ran or has died
 * @p: the task; must be off every CPU (TASK_DEAD and !on_cpu)
 *
 * Context: process context.
 */
void sched_free_task(struct task_struct *p)
{
	fpu_free(p->fpu);
	free_kernel_stack(p->stack);
	kfree(p);
}

/**
 * sched_task_exit() - current is done: switch away for good
 *
 * Whoever reaps it waits for state == TASK_DEAD and on_cpu == 0.
 * Context: process context of the dying task.
 */
__noreturn void sched_task_exit(void)
{
	preempt_disable();
	__set_current_state(TASK_DEAD);
	__schedule(false);
	BUG();
}

/**
 * task_create() - a bare task that runs @fn(@arg) when first woken
 * @fn: entry point; ends in task_exit(), never returns
 * @arg: its argument
 * @name: for reports
 *
 * Return: the task (asleep, fair class, every CPU allowed) or NULL.
 * Context: process context.
 */
struct task_struct *task_create(void (*fn)(void *), void *arg, const char *name)
{
	return sched_alloc_task(fn, arg, name);
}

/**
 * task_exit() - the current bare task is done; its owner frees it later
 * Context: process context of the task, nothing held.
 */
__noreturn void task_exit(void)
{
	sched_task_exit();
}

/**
 * task_is_dead() - has @p exited and left its CPU for good?
 * @p: a task made by task_create()
 * Context: any.
 */
bool task_is_dead(struct task_struct *p)
{
	return READ_ONCE(p->state) == TASK_DEAD && !smp_load_acquire(&p->on_cpu);
}

/**
 * task_free() - free a task that never ran or is dead (task_is_dead())
 * @p: the task
 * Context: process context.
 */
void task_free(struct task_struct *p)
{
	WARN_ON(p->on_cpu);
	sched_free_task(p);
}

static void init_rq(unsigned int cpu)
{
	struct rq *rq = cpu_rq(cpu);

	spin_lock_init(&rq->lock);
	INIT_LIST_HEAD(&rq->rt_queue);
	INIT_LIST_HEAD(&rq->fair_queue);
	rq->cpu = cpu;
}

/* Fill in a task record for a context that already runs (boot, AP idle). */
static void init_running_task(struct task_struct *p, const char *name,
			      unsigned int cpu)
{
	struct stack_info info;

	p->state = TASK_RUNNING;
	p->cpu = cpu;
	strscpy(p->comm, name, sizeof(p->comm));
	INIT_LIST_HEAD(&p->run_node);
	spin_lock_init(&p->pi_lock);
	p->on_cpu = 1;
	if (get_stack_info((unsigned long)__builtin_frame_address(0), &info)) {
		p->stack = (void *)info.begin;
		p->stack_size = info.end - info.begin;
	}
}

static void idle_entry(void *unused)
{
	cpu_idle_loop();
}

static void make_idle(struct task_struct *idle, unsigned int cpu)
{
	idle->flags |= PF_IDLE;
	idle->sched_class = &idle_sched_class;
	idle->policy = SCHED_IDLE;
	idle->state = TASK_RUNNING;
	idle->cpu = cpu;
	cpumask_of(&idle->cpus_allowed, cpu);
	snprintf(idle->comm, sizeof(idle->comm), "idle/%u", cpu);
}

/* APs' idle tasks, made by sched_init() so the AP path allocates nothing. */
static struct task_struct *ap_idle[CONFIG_NR_CPUS];

/**
 * sched_init() - the boot context becomes "init"; CPU 0 gets its idle task
 *
 * Context: boot CPU, after percpu_init(), interrupts off.
 */
void sched_init(void)
{
	struct task_struct *idle;
	unsigned int cpu;
	struct rq *rq;

	timers_init();
	init_rq(0);
	for_each_possible_cpu(cpu)
		if (cpu)
			init_rq(cpu);

	init_running_task(&init_task, "init", 0);
	init_task.sched_class = &fair_sched_class;
	init_task.policy = SCHED_NORMAL;
	init_task.on_rq = TASK_ON_RQ_QUEUED;
	cpumask_copy(&init_task.cpus_allowed, cpu_possible_mask);
	init_task.fpu = fpu_alloc();
	set_current_task(&init_task);

	idle = sched_alloc_task(idle_entry, NULL, "idle/0");
	if (!idle)
		panic("sched: no memory for CPU 0's idle task");
	make_idle(idle, 0);

	rq = cpu_rq(0);
	rq->curr = &init_task;
	rq->idle = idle;
	rq->nr_running = 1;
	init_task.exec_start = sched_clock();
	WRITE_ONCE(rq->online, true);

	for_each_possible_cpu(cpu) {
		if (!cpu)
			continue;
		ap_idle[cpu] = kzalloc(sizeof(*idle), GFP_KERNEL);
		if (!ap_idle[cpu])
			panic("sched: no memory for CPU %u's idle task", cpu);
		ap_idle[cpu]->fpu = fpu_alloc();
	}
	pr_info("sched: run queues for %u CPUs, classes rt > fair > idle, HZ=%d\n",
		cpumask_weight(cpu_possible_mask), CONFIG_HZ);
	sched_bench_run();
}

/**
 * sched_start_secondary() - the AP's boot context becomes its idle task
 * @cpu: this CPU
 *
 * Context: last step of the AP's init list, interrupts off. Never returns.
 */
__noreturn void sched_start_secondary(unsigned int cpu)
{
	struct task_struct *idle;
	struct rq *rq;

	if (cpu >= CONFIG_NR_CPUS || !ap_idle[cpu] || cpu != smp_processor_id())
		panic("sched: CPU %u started without an idle task", cpu);
	idle = ap_idle[cpu];
	rq = cpu_rq(cpu);
	init_running_task(idle, "idle", cpu);
	make_idle(idle, cpu);
	set_current_task(idle);
	spin_lock(&rq->lock);
	rq->curr = idle;
	rq->idle = idle;
	idle->exec_start = sched_clock();
	WRITE_ONCE(rq->online, true);
	spin_unlock(&rq->lock);
	local_irq_enable();
	cpu_idle_loop();
}
