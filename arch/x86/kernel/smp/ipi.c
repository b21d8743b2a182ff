// SPDX-License-Identifier: GPL-2.0
/*
 * Inter-processor interrupts: the reschedule IPI, the call-function queues
 * (smp_call_function_single/many, on_each_cpu) and their handlers.
 */
#define pr_fmt(fmt) "smp: " fmt

#include <tessera/acpi.h>
#include <tessera/bug.h>
#include <tessera/errno.h>
#include <tessera/kernel.h>
#include <tessera/atomic.h>
#include <tessera/preempt.h>
#include <tessera/printk.h>
#include <tessera/sched.h>
#include <tessera/slab.h>
#include <tessera/smp.h>
#include <asm/apic.h>
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include <asm/traps.h>
#include "internal.h"

/*
 * Call-function design. Every (sender, target) pair owns two entries, one
 * for waiting calls and one for fire-and-forget calls, in the sender's
 * slot array (csd_slots[sender][target]), so nothing is allocated per call.
 * A sender claims an entry (csd->pending 0 -> 1), fills it, pushes it on
 * the target's lock-free queue (call_queue[target], a stack of entries
 * pushed with compare-and-swap) and sends CALL_FUNCTION_VECTOR. The target's
 * handler takes the whole queue with one exchange, runs the entries oldest
 * first, and releases each (pending -> 0): a waiting entry after its
 * function returned (the sender spins on that), a non-waiting one before
 * calling it (the sender may reuse it at once).
 *
 * The sender runs with preemption disabled from claiming to the end, so its
 * slot array cannot change under it. Waiting is refused with interrupts off
 * (the caller could be an interrupt handler, and two CPUs waiting on each
 * other with interrupts off would deadlock).
 */
struct csd_slots {
	struct call_single_data sync;
	struct call_single_data async;
};

/* Allocated by smp_ipi_init() for each possible CPU; read-only after. */
static struct csd_slots *csd_slots[CONFIG_NR_CPUS];
/* Per-target queue heads: lock-free (compare-and-swap push, exchange pop). */
static struct call_single_data *call_queue[CONFIG_NR_CPUS];

/* Reschedule IPIs received per CPU (each written only by its own CPU). */
static u64 resched_ipis[CONFIG_NR_CPUS];

/**
 * csd_queue_push() - put @csd on a lock-free queue head
 * @head: the queue
 * @csd: an entry the caller has claimed
 *
 * Context: any.
 */
void csd_queue_push(struct call_single_data **head, struct call_single_data *csd)
{
	struct call_single_data *old = __atomic_load_n(head, __ATOMIC_RELAXED);

	do {
		csd->next = old;
	} while (!__atomic_compare_exchange_n(head, &old, csd, true,
					      __ATOMIC_RELEASE, __ATOMIC_RELAXED));
}

/**
 * csd_queue_take() - empty a queue, returning its entries oldest first
 * @head: the queue
 *
 * Context: any.
 * Return: the entries linked by ->next, or NULL.
 */
struct call_single_data *csd_queue_take(struct call_single_data **head)
{
	struct call_single_data *list, *prev = NULL, *next;

	list = __atomic_exchange_n(head, NULL, __ATOMIC_ACQUIRE);
	while (list) {		/* the queue is a stack: reverse it */
		next = list->next;
		list->next = prev;
		prev = list;
		list = next;
	}
	return prev;
}

/*
 * Claim @csd: wait until its previous use is over. With interrupts off we
 * answer our own IPIs meanwhile, in case the target is waiting for us.
 */
static void csd_claim(struct call_single_data *csd)
{
	while (__atomic_exchange_n(&csd->pending, 1, __ATOMIC_ACQUIRE)) {
		while (__atomic_load_n(&csd->pending, __ATOMIC_RELAXED)) {
			if (irqs_disabled())
				smp_poll_ipis();
			cpu_relax();
		}
	}
}

static void csd_wait(struct call_single_data *csd)
{
	while (__atomic_load_n(&csd->pending, __ATOMIC_ACQUIRE))
		cpu_relax();
}

/* Run this CPU's queued calls. Context: interrupts off. */
static void run_call_queue(void)
{
	struct call_single_data *csd, *next;
	smp_call_func_t func;
	void *info;

	csd = csd_queue_take(&call_queue[smp_processor_id()]);
	for (; csd; csd = next) {
		next = csd->next;	/* read before the release below */
		func = csd->func;
		info = csd->info;
		if (csd->wait) {
			func(info);
			__atomic_store_n(&csd->pending, 0, __ATOMIC_RELEASE);
		} else {
			__atomic_store_n(&csd->pending, 0, __ATOMIC_RELEASE);
			func(info);
		}
	}
}

static void call_function_interrupt(struct pt_regs *regs)
{
	lapic_eoi();		/* first: a long callback may enable interrupts */
	run_call_queue();
}

static void reschedule_interrupt(struct pt_regs *regs)
{
	u64 *n = &resched_ipis[smp_processor_id()];

	WRITE_ONCE(*n, *n + 1);
	lapic_eoi();
	scheduler_ipi();
}

/**
 * smp_poll_ipis() - answer pending shootdowns and calls without an interrupt
 *
 * For wait loops that run with interrupts off: another CPU may be waiting
 * for this one to answer.
 * Context: interrupts off.
 */
void smp_poll_ipis(void)
{
	tlb_poll_shootdowns();
	if (READ_ONCE(call_queue[smp_processor_id()]))
		run_call_queue();
}

/* Queue @func on @cpu from the calling CPU @this; preemption is off. */
static struct call_single_data *queue_call(unsigned int this, unsigned int cpu,
					   smp_call_func_t func, void *info, bool wait)
{
	struct csd_slots *s = &csd_slots[this][cpu];
	struct call_single_data *csd = wait ? &s->sync : &s->async;

	csd_claim(csd);
	csd->func = func;
	csd->info = info;
	csd->wait = wait;
	csd_queue_push(&call_queue[cpu], csd);
	lapic_send_ipi(cpu_apic_id(cpu), APIC_DM_FIXED | CALL_FUNCTION_VECTOR);
	return csd;
}

/* The checks for a call with remote targets; false (after a WARN) to refuse. */
static bool call_allowed(smp_call_func_t func, bool wait, unsigned int this)
{
	if (WARN_ONCE(!func, "smp: call-function with a NULL function\n"))
		return false;
	if (WARN_ONCE(wait && irqs_disabled(),
		      "smp: waiting cross-CPU call with interrupts off (interrupt context?) refused\n"))
		return false;
	if (WARN_ONCE(!csd_slots[this], "smp: cross-CPU call before smp_init()\n"))
		return false;
	return true;
}

static void run_local(smp_call_func_t func, void *info)
{
	unsigned long flags = local_irq_save();

	func(info);
	local_irq_restore(flags);
}

/**
 * smp_call_function_single() - run @func(@info) on @cpu
 * @cpu: an online CPU
 * @func: the function; runs in interrupt context there (interrupts off)
 * @info: its argument
 * @wait: return only after @func has finished there
 *
 * On the calling CPU @func runs directly with interrupts off.
 * Context: process context; with @wait, interrupts must be on (a waiting
 * call with interrupts off WARNs and is refused). Does not sleep.
 * Return: 0; -ENXIO if @cpu is not online; -EINVAL for a NULL @func;
 * -EPERM for a refused waiting call.
 */
int smp_call_function_single(unsigned int cpu, smp_call_func_t func, void *info,
			     bool wait)
{
	struct call_single_data *csd;
	unsigned int this;
	int ret = 0;

	if (cpu >= CONFIG_NR_CPUS || !cpumask_test_cpu(cpu, cpu_online_mask))
		return -ENXIO;
	this = get_cpu();
	if (cpu == this) {
		if (func)
			run_local(func, info);
		else
			ret = -EINVAL;
		goto out;
	}
	if (!call_allowed(func, wait, this)) {
		ret = func ? -EPERM : -EINVAL;
		goto out;
	}
	csd = queue_call(this, cpu, func, info, wait);
	if (wait)
		csd_wait(csd);
out:
	put_cpu();
	return ret;
}

/* Is any online CPU of @mask other than @this? */
static bool has_remote(const struct cpumask *mask, unsigned int this)
{
	unsigned int cpu;

	for_each_cpu(cpu, mask)
		if (cpu != this && cpumask_test_cpu(cpu, cpu_online_mask))
			return true;
	return false;
}

/* Send to every online CPU of @mask but the caller, optionally run locally, wait. */
static void call_many(const struct cpumask *mask, smp_call_func_t func, void *info,
		      bool wait, bool local)
{
	unsigned int this = get_cpu(), cpu;
	bool remote = has_remote(mask, this);

	if (remote ? !call_allowed(func, wait, this) :
	    WARN_ONCE(!func, "smp: call-function with a NULL function\n"))
		goto out;
	if (remote) {
		for_each_cpu(cpu, mask)
			if (cpu != this && cpumask_test_cpu(cpu, cpu_online_mask))
				queue_call(this, cpu, func, info, wait);
	}
	if (local)
		run_local(func, info);
	if (remote && wait) {
		for_each_cpu(cpu, mask)
			if (cpu != this && cpumask_test_cpu(cpu, cpu_online_mask))
				csd_wait(&csd_slots[this][cpu].sync);
	}
out:
	put_cpu();
}

/**
 * smp_call_function_many() - run @func(@info) on other CPUs
 * @mask: the CPUs; offline ones and the calling CPU are left out
 * @func: the function; runs in interrupt context on each target
 * @info: its argument (shared by all targets)
 * @wait: return only after @func has finished on every target
 *
 * Context: as smp_call_function_single().
 */
void smp_call_function_many(const struct cpumask *mask, smp_call_func_t func,
			    void *info, bool wait)
{
	call_many(mask, func, info, wait, false);
}

/**
 * on_each_cpu() - run @func(@info) on every online CPU, the caller too
 * @func: the function (interrupts off wherever it runs)
 * @info: its argument
 * @wait: return only after every CPU has finished it (the local run
 *	always has, on return)
 *
 * Context: as smp_call_function_single().
 */
void on_each_cpu(smp_call_func_t func, void *info, bool wait)
{
	call_many(cpu_online_mask, func, info, wait, true);
}

/**
 * smp_send_reschedule() - make @cpu call scheduler_ipi()
 * @cpu: an online CPU other than the caller
 *
 * Context: any (the scheduler's wake-up path, locks held, interrupts off).
 */
void smp_send_reschedule(unsigned int cpu)
{
	if (cpu >= CONFIG_NR_CPUS || !cpumask_test_cpu(cpu, cpu_online_mask)) {
		WARN_ONCE(1, "smp: reschedule IPI to offline CPU %u\n", cpu);
		return;
	}
	lapic_send_ipi(cpu_apic_id(cpu), APIC_DM_FIXED | RESCHEDULE_VECTOR);
}

/**
 * smp_reschedule_ipi_count() - reschedule IPIs @cpu has received
 * @cpu: CPU number
 *
 * Context: any.
 * Return: the count since boot.
 */
u64 smp_reschedule_ipi_count(unsigned int cpu)
{
	return cpu < CONFIG_NR_CPUS ? READ_ONCE(resched_ipis[cpu]) : 0;
}

/**
 * smp_ipi_init() - claim the IPI vectors and make the call-function slots
 *
 * Context: boot CPU, smp_init(), before any AP starts.
 */
void smp_ipi_init(void)
{
	unsigned int cpu;
	int err;

	for_each_possible_cpu(cpu) {
		csd_slots[cpu] = kcalloc(CONFIG_NR_CPUS, sizeof(struct csd_slots), GFP_KERNEL);
		if (!csd_slots[cpu])
			panic("smp: no memory for the call-function slots of CPU %u", cpu);
	}
	err = request_vector(CALL_FUNCTION_VECTOR, call_function_interrupt);
	if (!err)
		err = request_vector(RESCHEDULE_VECTOR, reschedule_interrupt);
	if (!err)
		err = tlb_init();
	if (err)
		panic("smp: cannot claim the IPI vectors: error %d", err);
}
