// SPDX-License-Identifier: GPL-2.0
/*
 * The schedbench boot parameter: measures context-switch cost and IPI
 * round-trip time against an empty-call baseline, prints them once.
 * A benchmark, not a test: tests/bench/sched-bench.sh runs it.
 */
#include <tessera/completion.h>
#include <tessera/kthread.h>
#include <tessera/param.h>
#include <tessera/printk.h>
#include <tessera/smp.h>
#include <tessera/time.h>
#include <tessera/timer.h>
#include "sched.h"

static bool schedbench;
param_bool(schedbench, schedbench,
	   "print context-switch and IPI round-trip costs once the CPUs are up");

#define BENCH_CALLS	1000000
#define BENCH_SWITCHES	20000
#define BENCH_IPIS	5000

struct pp {
	struct completion a, b;
	unsigned int rounds;
};

static __noinline void empty_call(void *arg)
{
	barrier();
}

static int pp_partner(void *arg)
{
	struct pp *pp = arg;
	unsigned int i;

	for (i = 0; i < pp->rounds; i++) {
		wait_for_completion(&pp->a);
		complete(&pp->b);
	}
	return 0;
}

static int yield_partner(void *arg)
{
	while (!READ_ONCE(*(bool *)arg))
		yield();
	return 0;
}

/* ns per empty function call */
static u64 bench_call(void)
{
	u64 t0 = ktime_get_ns();
	unsigned int i;

	for (i = 0; i < BENCH_CALLS; i++)
		empty_call(NULL);
	return (ktime_get_ns() - t0) / BENCH_CALLS;
}

/* ns per switch: a completion ping-pong with a partner on this CPU */
static s64 bench_pingpong(unsigned int cpu)
{
	struct task_struct *k;
	struct pp pp;
	unsigned int i;
	u64 t0, t1;

	init_completion(&pp.a);
	init_completion(&pp.b);
	pp.rounds = BENCH_SWITCHES / 2;
	k = kthread_create_on_cpu(pp_partner, &pp, cpu, "bench-pp");
	if (IS_ERR(k))
		return PTR_ERR(k);
	sched_set_fifo(k, 50);
	wake_up_process(k);
	t0 = ktime_get_ns();
	for (i = 0; i < pp.rounds; i++) {
		complete(&pp.a);
		wait_for_completion(&pp.b);
	}
	t1 = ktime_get_ns();
	kthread_stop(k);
	return (t1 - t0) / BENCH_SWITCHES;
}

/* ns per switch: two threads yielding to each other */
static s64 bench_yield(unsigned int cpu)
{
	u64 sw0, sw1, t0, t1;
	struct task_struct *k;
	bool stop = false;
	unsigned int i;

	k = kthread_create_on_cpu(yield_partner, &stop, cpu, "bench-yield");
	if (IS_ERR(k))
		return PTR_ERR(k);
	sched_set_fifo(k, 50);
	wake_up_process(k);
	yield();
	sw0 = nr_context_switches(cpu);
	t0 = ktime_get_ns();
	for (i = 0; i < BENCH_SWITCHES / 2; i++)
		yield();
	t1 = ktime_get_ns();
	sw1 = nr_context_switches(cpu);
	WRITE_ONCE(stop, true);
	kthread_stop(k);
	if (sw1 == sw0)
		return -1;
	return (t1 - t0) / (sw1 - sw0);
}

/* ns per smp_call_function_single(wait) round trip to @target */
static s64 bench_ipi(unsigned int target)
{
	unsigned int i;
	u64 t0;
	int err;

	t0 = ktime_get_ns();
	for (i = 0; i < BENCH_IPIS; i++) {
		err = smp_call_function_single(target, empty_call, NULL, true);
		if (err)
			return err;
	}
	return (ktime_get_ns() - t0) / BENCH_IPIS;
}

static int bench_thread(void *unused)
{
	unsigned int cpu, other = CONFIG_NR_CPUS, last = 0, stable = 0;
	struct cpumask here;
	s64 call, pp, yl, ipi = -1;

	/* wait for smp_init() to bring the other CPUs up (at most 5 s) */
	for (cpu = 0; cpu < 100 && stable < 10; cpu++) {
		if (num_online_cpus() >= num_possible_cpus())
			break;
		stable = num_online_cpus() == last ? stable + 1 : 0;
		last = num_online_cpus();
		msleep(50);
	}
	cpumask_of(&here, 0);
	if (set_cpus_allowed(current, &here))
		pr_warn("schedbench: cannot pin to CPU 0\n");
	/* FIFO, so that other tasks on CPU 0 do not get turns in between */
	sched_set_fifo(current, 50);
	for_each_online_cpu(cpu)
		if (cpu)
			other = cpu;

	call = bench_call();
	pp = bench_pingpong(0);
	yl = bench_yield(0);
	if (other < CONFIG_NR_CPUS)
		ipi = bench_ipi(other);
	pr_info("schedbench: %u CPUs online; empty call %ld ns\n",
		num_online_cpus(), call);
	pr_info("schedbench: context switch (completion ping-pong, one CPU) %ld ns = %ld x call\n",
		pp, call ? pp / call : 0);
	pr_info("schedbench: context switch (yield, one CPU) %ld ns = %ld x call\n",
		yl, call ? yl / call : 0);
	if (other < CONFIG_NR_CPUS)
		pr_info("schedbench: IPI round trip (call-function wait, CPU 0 -> %u) %ld ns = %ld x call\n",
			other, ipi, call ? ipi / call : 0);
	else
		pr_info("schedbench: IPI round trip: needs a second CPU\n");
	sched_set_normal(current);
	pr_info("schedbench: done\n");
	return 0;
}

/* Started from sched_init(); the thread exits by itself (never stopped). */
static int bench_main(void *unused)
{
	return bench_thread(NULL);
}

/**
 * sched_bench_run() - start the benchmark thread if schedbench was given
 *
 * Context: boot, after sched_init().
 */
void sched_bench_run(void)
{
	struct task_struct *k;

	if (!schedbench)
		return;
	k = kthread_run(bench_main, NULL, "schedbench");
	if (IS_ERR(k))
		pr_warn("schedbench: cannot start: %ld\n", PTR_ERR(k));
}
