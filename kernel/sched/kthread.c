// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel threads: creation around sched_alloc_task(), stop with the exit
 * value, park/unpark, binding to a CPU, and reaping (freeing) on stop.
 */
#include <tessera/atomic.h>
#include <tessera/bug.h>
#include <tessera/printk.h>
#include <tessera/completion.h>
#include <tessera/errno.h>
#include <tessera/kthread.h>
#include <tessera/slab.h>
#include <tessera/vsprintf.h>
#include "sched.h"

#define KTHREAD_SHOULD_STOP	0
#define KTHREAD_SHOULD_PARK	1
#define KTHREAD_IS_PARKED	2
#define KTHREAD_EXITED		3
#define KTHREAD_NEVER_WOKEN	4	/* stopped before any wake-up: skip @fn */

/**
 * struct kthread - what kthread_*() keep per thread (task->kthread)
 * @fn: the thread function
 * @data: its argument
 * @flags: KTHREAD_* bits, changed atomically
 * @result: @fn's return value, valid once @exited is done
 * @exited: completed by the thread when @fn has returned
 * @parked: completed by the thread when it parks
 */
struct kthread {
	int (*fn)(void *data);
	void *data;
	unsigned long flags;
	int result;
	struct completion exited;
	struct completion parked;
};

static struct kthread *to_kthread(struct task_struct *p)
{
	return (p->flags & PF_KTHREAD) ? p->kthread : NULL;
}

static bool kthread_flag(unsigned int bit)
{
	struct kthread *k = to_kthread(current);

	return k && (READ_ONCE(k->flags) & (1UL << bit));
}

static __noreturn void kthread_main(void *arg)
{
	struct kthread *k = arg;
	int ret = -EINTR;

	if (!kthread_flag(KTHREAD_NEVER_WOKEN))
		ret = k->fn(k->data);
	k->result = ret;
	test_and_set_bit(KTHREAD_EXITED, &k->flags);
	complete(&k->exited);
	sched_task_exit();
}

static struct task_struct *kthread_vcreate(int (*fn)(void *), void *data,
					   const char *fmt, va_list ap)
{
	char name[TASK_COMM_LEN];
	struct task_struct *p;
	struct kthread *k;

	if (!fn)
		return ERR_PTR(-EINVAL);
	k = kzalloc(sizeof(*k), GFP_KERNEL);
	if (!k)
		return ERR_PTR(-ENOMEM);
	k->fn = fn;
	k->data = data;
	init_completion(&k->exited);
	init_completion(&k->parked);
	vsnprintf(name, sizeof(name), fmt, ap);
	p = sched_alloc_task(kthread_main, k, name);
	if (!p) {
		kfree(k);
		return ERR_PTR(-ENOMEM);
	}
	p->kthread = k;
	p->flags |= PF_KTHREAD;
	return p;
}

/**
 * kthread_create() - a new kernel thread, not yet running
 * @fn: the thread function; its return value goes to kthread_stop()
 * @data: @fn's argument
 * @fmt: printf format of the name
 *
 * Context: process context. Return: the task or ERR_PTR(-ENOMEM/-EINVAL).
 */
struct task_struct *kthread_create(int (*fn)(void *data), void *data,
				   const char *fmt, ...)
{
	struct task_struct *p;
	va_list ap;

	va_start(ap, fmt);
	p = kthread_vcreate(fn, data, fmt, ap);
	va_end(ap);
	return p;
}

/**
 * kthread_create_on_cpu() - kthread_create() pinned to @cpu
 * @fn: the thread function
 * @data: its argument
 * @cpu: the only CPU it will run on
 * @fmt: printf format of the name
 *
 * Context: process context. Return: the task or an ERR_PTR (-EINVAL for a
 * CPU that is not online).
 */
struct task_struct *kthread_create_on_cpu(int (*fn)(void *data), void *data,
					  unsigned int cpu, const char *fmt, ...)
{
	struct task_struct *p;
	va_list ap;
	int err;

	if (!cpumask_test_cpu(cpu, cpu_online_mask))
		return ERR_PTR(-EINVAL);
	va_start(ap, fmt);
	p = kthread_vcreate(fn, data, fmt, ap);
	va_end(ap);
	if (IS_ERR(p))
		return p;
	err = kthread_bind(p, cpu);
	if (err) {
		kfree(p->kthread);
		sched_free_task(p);
		return ERR_PTR(err);
	}
	return p;
}

/**
 * kthread_should_stop() - has kthread_stop() been called on current?
 *
 * Context: a kthread.
 */
bool kthread_should_stop(void)
{
	return kthread_flag(KTHREAD_SHOULD_STOP);
}

/**
 * kthread_should_park() - has kthread_park() been called on current?
 *
 * Context: a kthread.
 */
bool kthread_should_park(void)
{
	return kthread_flag(KTHREAD_SHOULD_PARK);
}

/**
 * kthread_parkme() - sleep while a park is requested
 *
 * Tells the kthread_park() caller it is parked, then sleeps until
 * kthread_unpark() or kthread_stop().
 * Context: a kthread, may sleep.
 */
void kthread_parkme(void)
{
	struct kthread *k = to_kthread(current);

	if (WARN_ON_ONCE(!k))
		return;
	for (;;) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		if (!(READ_ONCE(k->flags) & (1UL << KTHREAD_SHOULD_PARK)))
			break;
		if (!test_and_set_bit(KTHREAD_IS_PARKED, &k->flags))
			complete(&k->parked);
		schedule();
	}
	test_and_clear_bit(KTHREAD_IS_PARKED, &k->flags);
	__set_current_state(TASK_RUNNING);
}

/**
 * kthread_park() - ask @p to park and wait until it has
 * @p: a kthread other than current that calls kthread_parkme() when asked
 *
 * Context: process context, may sleep.
 * Return: 0, -ENOSYS (not a kthread, or current) or -EBUSY (it exited).
 */
int kthread_park(struct task_struct *p)
{
	struct kthread *k = to_kthread(p);

	if (!k || p == current)
		return -ENOSYS;
	if (READ_ONCE(k->flags) & (1UL << KTHREAD_EXITED))
		return -EBUSY;
	if (test_and_set_bit(KTHREAD_SHOULD_PARK, &k->flags))
		return 0;	/* already parked or parking */
	wake_up_process(p);
	wait_for_completion(&k->parked);
	return 0;
}

/**
 * kthread_unpark() - let a parked kthread run on
 * @p: the kthread
 *
 * Context: process context.
 */
void kthread_unpark(struct task_struct *p)
{
	struct kthread *k = to_kthread(p);

	if (WARN_ON_ONCE(!k))
		return;
	if (!test_and_clear_bit(KTHREAD_SHOULD_PARK, &k->flags))
		return;
	reinit_completion(&k->parked);
	wake_up_state(p, TASK_UNINTERRUPTIBLE);
}

/**
 * kthread_bind() - pin @p to @cpu
 * @p: the thread
 * @cpu: an online CPU
 *
 * Context: process context. Return: 0 or -EINVAL.
 */
int kthread_bind(struct task_struct *p, unsigned int cpu)
{
	struct cpumask mask;

	if (cpu >= CONFIG_NR_CPUS || !cpumask_test_cpu(cpu, cpu_online_mask))
		return -EINVAL;
	cpumask_of(&mask, cpu);
	return set_cpus_allowed(p, &mask);
}

/**
 * kthread_stop() - stop @p, wait for it to exit and free it
 * @p: a kthread from kthread_create(), not yet stopped
 *
 * Sets kthread_should_stop(), unparks and wakes @p, waits until it has
 * left its CPU for good, then frees its stack, FPU state and task. A
 * thread that was woken before this call runs @fn even if it had no CPU
 * yet (so kthread_run() then kthread_stop() always runs @fn once).
 * Context: process context, may sleep. Return: @fn's return value, -EINTR
 * if @p was never woken (@fn not run), -EINVAL if @p is not a kthread
 * (nothing freed).
 */
int kthread_stop(struct task_struct *p)
{
	struct kthread *k = to_kthread(p);
	unsigned long flags;
	int ret;

	if (WARN(!k || p == current, "kthread_stop: %s is not a stoppable kthread\n",
		 p->comm))
		return -EINVAL;
	spin_lock_irqsave(&p->pi_lock, flags);
	if (!p->on_rq && !p->sum_exec_runtime && p->state == TASK_UNINTERRUPTIBLE)
		test_and_set_bit(KTHREAD_NEVER_WOKEN, &k->flags);
	test_and_set_bit(KTHREAD_SHOULD_STOP, &k->flags);
	spin_unlock_irqrestore(&p->pi_lock, flags);
	test_and_clear_bit(KTHREAD_SHOULD_PARK, &k->flags);
	wake_up_process(p);
	wait_for_completion(&k->exited);
	/* it may still be on its way out of its CPU */
	while (READ_ONCE(p->state) != TASK_DEAD || smp_load_acquire(&p->on_cpu))
		yield();
	ret = k->result;
	kfree(k);
	sched_free_task(p);
	return ret;
}
