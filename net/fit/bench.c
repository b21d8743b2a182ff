// SPDX-License-Identifier: GPL-2.0
/*
 * The fitbench boot parameter: loopback fit_call() round-trip time with an
 * empty handler (and with a 4 KiB echo), against an empty function call.
 */
#include <tessera/fit.h>
#include <tessera/kthread.h>
#include <tessera/param.h>
#include <tessera/printk.h>
#include <tessera/slab.h>
#include <tessera/smp.h>
#include <tessera/time.h>
#include "fit_internal.h"

static bool fitbench;
param_bool(fitbench, fitbench, "print the FIT loopback round-trip time after fit_init()");

#define BENCH_CALLS	1000000
#define BENCH_RPCS	20000
#define BENCH_ECHO	4096

static __noinline void fit_bench_empty(void *arg)
{
	barrier();
}

/* ns per empty function call */
static u64 fit_bench_call(void)
{
	u64 t0 = ktime_get_ns();
	unsigned int i;

	for (i = 0; i < BENCH_CALLS; i++)
		fit_bench_empty(NULL);
	return (ktime_get_ns() - t0) / BENCH_CALLS;
}

/* ns per loopback call of @op carrying @len bytes each way, or a -errno */
static s64 fit_bench_rpc(u32 op, void *buf, u32 len)
{
	unsigned int i;
	u64 t0;
	int ret;

	for (i = 0; i < 100; i++)	/* warm up caches and the slab */
		fit_call(FIT_NODE_SELF, op, buf, len, buf, len, 0);
	t0 = ktime_get_ns();
	for (i = 0; i < BENCH_RPCS; i++) {
		ret = fit_call(FIT_NODE_SELF, op, buf, len, buf, len, 0);
		if (ret != (int)len)
			return ret < 0 ? ret : -EIO;
	}
	return (ktime_get_ns() - t0) / BENCH_RPCS;
}

static int fit_bench_main(void *unused)
{
	u64 call = fit_bench_call();
	s64 nop, echo;
	void *buf;

	buf = kzalloc(BENCH_ECHO, GFP_KERNEL);
	if (!buf) {
		pr_warn("fitbench: no memory\n");
		return -ENOMEM;
	}
	nop = fit_bench_rpc(FIT_OP_NOP, NULL, 0);
	echo = fit_bench_rpc(FIT_OP_ECHO, buf, BENCH_ECHO);
	kfree(buf);
	if (!call)
		call = 1;
	pr_info("fitbench: %u CPUs online; empty call %llu ns\n", num_online_cpus(),
		(unsigned long long)call);
	if (nop < 0 || echo < 0) {
		pr_warn("fitbench: calls failed: nop %lld echo %lld\n",
			(long long)nop, (long long)echo);
		return -EIO;
	}
	pr_info("fitbench: loopback round trip, empty handler: %lld ns = %lld x call\n",
		(long long)nop, (long long)(nop / call));
	pr_info("fitbench: loopback round trip, 4 KiB echo: %lld ns = %lld x call\n",
		(long long)echo, (long long)(echo / call));
	fit_dump_stats();
	pr_info("fitbench: done\n");
	return 0;
}

/**
 * fit_bench_start() - start the benchmark thread if fitbench was given
 *
 * Context: fit_init(), after FIT is up. The thread is never reaped
 * (it exits after printing).
 */
void fit_bench_start(void)
{
	struct task_struct *k;

	if (!fitbench)
		return;
	k = kthread_run(fit_bench_main, NULL, "fitbench");
	if (IS_ERR(k))
		pr_warn("fitbench: cannot start: %ld\n", PTR_ERR(k));
}
