/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Multiprocessor basics: which CPU am I, which CPUs exist and are online,
 * bringing the others up, and running a function on other CPUs (IPIs).
 */
#ifndef _TESSERA_SMP_H
#define _TESSERA_SMP_H

#include <tessera/cpumask.h>
#include <asm/percpu.h>

/* This CPU's number. Stable only while preemption is disabled. */
static __always_inline unsigned int smp_processor_id(void)
{
	return __percpu_hdr_read(cpu, unsigned int);
}

/*
 * smp_init() - start every application processor the MADT lists (at most
 * CONFIG_NR_CPUS, and at most the maxcpus= boot parameter), each running
 * the per-CPU init list in arch/x86/kernel/smp/smpboot.c, then its idle
 * task. A CPU that does not answer within seconds is reported and skipped.
 * Context: boot CPU, scheduler running, interrupts on.
 */
void smp_init(void);

/* Number of CPUs the firmware described (possible), capped at NR_CPUS. */
unsigned int num_possible_cpus(void);

typedef void (*smp_call_func_t)(void *info);

/**
 * smp_call_function_single() - run @func(@info) on @cpu
 * @wait: if true, return only after @func has finished there
 * Return: 0, or -ENXIO if @cpu is not online, -EINVAL for a NULL @func,
 * -EPERM (with a WARN) for a waiting call with interrupts off. Runs @func
 * directly (with interrupts off) when @cpu is the calling CPU.
 * Context: process context with interrupts on (it may wait for other CPUs);
 * without @wait also interrupt context. @func runs in the target's
 * interrupt context with interrupts off and must not sleep or wait for
 * another CPU; it may enable interrupts if it runs long.
 */
int smp_call_function_single(unsigned int cpu, smp_call_func_t func, void *info,
			     bool wait);
/* Run on every online CPU in @mask except the caller. */
void smp_call_function_many(const struct cpumask *mask, smp_call_func_t func,
			    void *info, bool wait);
/* Run on every online CPU, the caller included. */
void on_each_cpu(smp_call_func_t func, void *info, bool wait);

/*
 * Ask @cpu to reschedule (the scheduler's wake-up path): it calls
 * scheduler_ipi() from its RESCHEDULE_VECTOR handler. Any context.
 */
void smp_send_reschedule(unsigned int cpu);

/* Reschedule IPIs @cpu has received (tests, benchmarks). */
u64 smp_reschedule_ipi_count(unsigned int cpu);

#endif /* _TESSERA_SMP_H */
