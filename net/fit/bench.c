// SPDX-License-Identifier: GPL-2.0
/*
 * The fitbench boot parameter (fit_call() round trips and 4 KiB throughput,
 * over loopback or to the memory node) and fitstress= (checksummed echoes).
 */
#include <tessera/completion.h>
#include <tessera/fit.h>
#include <tessera/kthread.h>
#include <tessera/param.h>
#include <tessera/printk.h>
#include <tessera/slab.h>
#include <tessera/smp.h>
#include <tessera/time.h>
#include <tessera/vsprintf.h>
#include "fit_internal.h"

static bool fitbench;
param_bool(fitbench, fitbench,
	   "print FIT round-trip times (loopback, or to the memory node when clustered)");
static unsigned int fit_bench_rpcs = 20000;
param_uint(fit.bench_calls, fit_bench_rpcs, "calls per fitbench measurement (default 20000)");
static unsigned int fit_bench_threads = 4;
param_uint(fit.bench_threads, fit_bench_threads,
	   "concurrent callers of the fitbench 4 KiB throughput run (default 4, at most 16)");

#define BENCH_CALLS	1000000
#define BENCH_ECHO	4096
#define BENCH_TPUT_MS	2000
#define BENCH_MAX_THREADS	16

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

/* ns per call of @op to @node carrying @len bytes each way, or a -errno */
static s64 fit_bench_rpc(u32 node, u32 op, void *buf, u32 len)
{
	unsigned int i, n = max(fit_bench_rpcs, 1u);
	u64 t0;
	int ret;

	for (i = 0; i < 100; i++)	/* warm up caches and the slab */
		fit_call(node, op, buf, len, buf, len, 0);
	t0 = ktime_get_ns();
	for (i = 0; i < n; i++) {
		ret = fit_call(node, op, buf, len, buf, len, 0);
		if (ret != (int)len)
			return ret < 0 ? ret : -EIO;
	}
	return (ktime_get_ns() - t0) / n;
}

/* Throughput run: each thread echoes 4 KiB to the node until the deadline. */
struct fit_tput {
	u32 node;
	u64 deadline;
	atomic64_t calls;
	atomic64_t errors;
	atomic_t running;
	struct completion done;
};

static int fit_tput_thread(void *arg)
{
	struct fit_tput *tp = arg;
	void *buf = kzalloc(BENCH_ECHO, GFP_KERNEL);

	while (buf && ktime_get_ns() < tp->deadline) {
		if (fit_call(tp->node, FIT_OP_ECHO, buf, BENCH_ECHO, buf, BENCH_ECHO, 0) ==
		    BENCH_ECHO)
			atomic64_inc(&tp->calls);
		else
			atomic64_inc(&tp->errors);
	}
	kfree(buf);
	if (atomic_dec_and_test(&tp->running))
		complete(&tp->done);
	return 0;
}

static void fit_bench_tput(u32 node, const char *where)
{
	unsigned int i, n = clamp(fit_bench_threads, 1u, (unsigned int)BENCH_MAX_THREADS);
	struct fit_tput tp = { .node = node };
	struct task_struct *k;
	u64 t0, ns, calls;

	init_completion(&tp.done);
	atomic_set(&tp.running, 1);
	t0 = ktime_get_ns();
	tp.deadline = t0 + BENCH_TPUT_MS * NSEC_PER_MSEC;
	for (i = 0; i < n; i++) {
		atomic_inc(&tp.running);
		k = kthread_run(fit_tput_thread, &tp, "fit-tput/%u", i);
		if (IS_ERR(k))
			atomic_dec(&tp.running);
	}
	if (!atomic_dec_and_test(&tp.running))
		wait_for_completion(&tp.done);
	ns = ktime_get_ns() - t0;
	calls = atomic64_read(&tp.calls);
	pr_info("fitbench: %s 4 KiB echo throughput, %u callers: %llu calls in %llu ms = %llu calls/s, %llu KiB/s each way (%llu errors)\n",
		where, n, (unsigned long long)calls, (unsigned long long)(ns / NSEC_PER_MSEC),
		(unsigned long long)(calls * NSEC_PER_SEC / max(ns, 1ULL)),
		(unsigned long long)(calls * 4 * NSEC_PER_SEC / max(ns, 1ULL)),
		(unsigned long long)atomic64_read(&tp.errors));
}

static int fit_bench_main(void *unused)
{
	u64 call = fit_bench_call();
	u32 node = fit_clustered() ? fit_memory_node() : FIT_NODE_SELF;
	char where[24] = "loopback";
	s64 nop, echo64, echo;
	void *buf;

	if (node != FIT_NODE_SELF)
		snprintf(where, sizeof(where), "node %u", node);
	buf = kzalloc(BENCH_ECHO, GFP_KERNEL);
	if (!buf) {
		pr_warn("fitbench: no memory\n");
		return -ENOMEM;
	}
	nop = fit_bench_rpc(node, FIT_OP_NOP, NULL, 0);
	echo64 = fit_bench_rpc(node, FIT_OP_ECHO, buf, 64);
	echo = fit_bench_rpc(node, FIT_OP_ECHO, buf, BENCH_ECHO);
	kfree(buf);
	if (!call)
		call = 1;
	pr_info("fitbench: %u CPUs online; empty call %llu ns\n", num_online_cpus(),
		(unsigned long long)call);
	if (nop < 0 || echo64 < 0 || echo < 0) {
		pr_warn("fitbench: calls failed: nop %lld echo64 %lld echo %lld\n",
			(long long)nop, (long long)echo64, (long long)echo);
		return -EIO;
	}
	pr_info("fitbench: %s round trip, empty handler: %lld ns = %lld x call\n",
		where, (long long)nop, (long long)(nop / call));
	pr_info("fitbench: %s round trip, 64 B echo: %lld ns\n", where, (long long)echo64);
	pr_info("fitbench: %s round trip, 4 KiB echo: %lld ns = %lld x call\n",
		where, (long long)echo, (long long)(echo / call));
	fit_bench_tput(node, where);
	fit_dump_stats();
	pr_info("fitbench: done\n");
	return 0;
}

/**
 * fit_bench_start() - start the benchmark thread if fitbench was given
 *
 * Context: fit_init() (one node) or fit_cluster_up() (clustered), after
 * FIT is up. The thread is never reaped (it exits after printing).
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
