// SPDX-License-Identifier: GPL-2.0
/*
 * fitstress=N: N checksummed FIT_OP_STRESS echoes of random sizes to the
 * memory node; the server counts every execution, so a twice-run shows.
 */
#include <tessera/completion.h>
#include <tessera/fit.h>
#include <tessera/kthread.h>
#include <tessera/param.h>
#include <tessera/printk.h>
#include <tessera/slab.h>
#include <tessera/spinlock.h>
#include <tessera/string.h>
#include <tessera/time.h>
#include "fit_internal.h"

static unsigned int fitstress;
param_uint(fitstress, fitstress,
	   "run N checksummed FIT echoes to the memory node (or loopback) after boot (default 0: off)");
static unsigned int fit_stress_threads = 4;
param_uint(fit.stress_threads, fit_stress_threads,
	   "concurrent fitstress callers, 1..16 (default 4)");

#define STRESS_MAX_THREADS	16
#define STRESS_MAX_LEN		4096
#define STRESS_STATS_SEQ	(~0ULL)		/* a request for the server counters */

/**
 * struct stress_req - the head of every FIT_OP_STRESS request
 * @seq: source thread << 40 | call number (from 1); STRESS_STATS_SEQ asks
 *	for the server counters instead
 * @len: bytes of the whole request, this head included
 * @csum: FNV-1a of the bytes after the head
 */
struct stress_req {
	u64 seq;
	u32 len;
	u32 csum;
};

/* The server's counters (FIT_OP_STRESS with STRESS_STATS_SEQ returns them). */
struct stress_srv_stats {
	u64 executed;		/* well-formed requests run */
	u64 twice;		/* a call number at or below one already run */
	u64 skipped;		/* call numbers never seen (a gap) */
	u64 bad;		/* wrong length or checksum */
};

/*
 * Server state: the last call number run per (source node, thread); each
 * caller thread has one call outstanding and numbers them 1, 2, 3...
 * Protected by stress_lock.
 */
static DEFINE_SPINLOCK(stress_lock);
static u64 stress_last[FIT_MAX_NODES][STRESS_MAX_THREADS];
static struct stress_srv_stats stress_srv;

static u32 stress_fnv(const u8 *p, u32 n)
{
	u32 h = 2166136261u;

	while (n--)
		h = (h ^ *p++) * 16777619u;
	return h;
}

static int stress_handler(const struct fit_msg *msg, void *reply, u32 reply_max)
{
	const struct stress_req *r = msg->req;
	const u8 *body = (const u8 *)msg->req + sizeof(*r);
	u32 thread;
	u64 num;
	int ret = msg->req_len;

	if (msg->req_len < sizeof(*r))
		goto bad;
	if (r->seq == STRESS_STATS_SEQ) {
		if (reply_max < sizeof(stress_srv))
			return -EINVAL;
		spin_lock(&stress_lock);
		memcpy(reply, &stress_srv, sizeof(stress_srv));
		spin_unlock(&stress_lock);
		return sizeof(stress_srv);
	}
	thread = r->seq >> 40;
	num = r->seq & ((1ULL << 40) - 1);
	if (r->len != msg->req_len || thread >= STRESS_MAX_THREADS || !num ||
	    msg->req_len > reply_max ||
	    stress_fnv(body, msg->req_len - sizeof(*r)) != r->csum)
		goto bad;
	spin_lock(&stress_lock);
	stress_srv.executed++;
	if (num <= stress_last[msg->src_node][thread])
		stress_srv.twice++;
	else
		stress_srv.skipped += num - stress_last[msg->src_node][thread] - 1;
	if (num > stress_last[msg->src_node][thread])
		stress_last[msg->src_node][thread] = num;
	spin_unlock(&stress_lock);
	memcpy(reply, msg->req, msg->req_len);
	return ret;
bad:
	spin_lock(&stress_lock);
	stress_srv.bad++;
	spin_unlock(&stress_lock);
	return -EBADMSG;
}

/**
 * fit_stress_register() - register the FIT_OP_STRESS handler on this node
 *
 * Return: 0 or fit_register_handler()'s error. Context: fit_init().
 */
int fit_stress_register(void)
{
	return fit_register_handler(FIT_OP_STRESS, "stress", stress_handler);
}

/* One run: shared by the caller threads. */
struct stress_run {
	u32 node;
	u32 per_thread;
	atomic64_t ok;		/* replies identical to their request */
	atomic64_t corrupt;	/* replies that differ */
	atomic64_t failed;	/* calls that returned an error */
	atomic_t first_err;
	atomic_t running;
	struct completion done;
};

static u64 stress_rand(u64 *s)
{
	u64 x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*s = x;
	return x;
}

static struct stress_run stress_run;
static atomic_t stress_tid;

static int stress_thread(void *arg)
{
	struct stress_run *run = arg;
	u32 tid = atomic_inc_return(&stress_tid) - 1;
	u64 rnd = 0x9e3779b97f4a7c15ULL * (tid + 1) + fit_local_node();
	struct stress_req *req;
	u8 *reply;
	u32 i, j, len;
	int ret;

	req = kmalloc(STRESS_MAX_LEN, GFP_KERNEL);
	reply = kmalloc(STRESS_MAX_LEN, GFP_KERNEL);
	for (i = 1; req && reply && i <= run->per_thread; i++) {
		len = sizeof(*req) + stress_rand(&rnd) % (STRESS_MAX_LEN - sizeof(*req) + 1);
		for (j = sizeof(*req); j < len; j++)
			((u8 *)req)[j] = stress_rand(&rnd);
		req->seq = (u64)tid << 40 | i;
		req->len = len;
		req->csum = stress_fnv((u8 *)(req + 1), len - sizeof(*req));
		memset(reply, 0, len);
		ret = fit_call(run->node, FIT_OP_STRESS, req, len, reply, STRESS_MAX_LEN, 0);
		if (ret < 0) {
			atomic64_inc(&run->failed);
			atomic_cmpxchg(&run->first_err, 0, ret);
		} else if ((u32)ret != len || memcmp(reply, req, len)) {
			atomic64_inc(&run->corrupt);
		} else {
			atomic64_inc(&run->ok);
		}
	}
	if (!req || !reply)
		atomic64_add(run->per_thread, &run->failed);
	kfree(req);
	kfree(reply);
	if (atomic_dec_and_test(&run->running))
		complete(&run->done);
	return 0;
}

static int stress_main(void *unused)
{
	unsigned int i, n = clamp(fit_stress_threads, 1u, (unsigned int)STRESS_MAX_THREADS);
	struct stress_run *run = &stress_run;
	struct stress_srv_stats srv = {};
	struct stress_req q = { .seq = STRESS_STATS_SEQ, .len = sizeof(q) };
	struct task_struct *k;
	u64 t0, ms, total;
	bool pass;
	int ret;

	run->node = fit_clustered() ? fit_memory_node() : FIT_NODE_SELF;
	run->per_thread = max(fitstress / n, 1u);
	total = (u64)run->per_thread * n;
	init_completion(&run->done);
	atomic_set(&run->running, 1);
	pr_info("fitstress: %llu checksummed echoes of 16..4096 B to node %d, %u threads\n",
		(unsigned long long)total, run->node == FIT_NODE_SELF ? -1 : (int)run->node, n);
	t0 = ktime_get_ns();
	for (i = 0; i < n; i++) {
		atomic_inc(&run->running);
		k = kthread_run(stress_thread, run, "fitstress/%u", i);
		if (IS_ERR(k)) {
			atomic_dec(&run->running);
			atomic64_add(run->per_thread, &run->failed);
		}
	}
	if (!atomic_dec_and_test(&run->running))
		wait_for_completion(&run->done);
	ms = (ktime_get_ns() - t0) / NSEC_PER_MSEC;
	ret = fit_call(run->node, FIT_OP_STRESS, &q, sizeof(q), &srv, sizeof(srv), 0);
	pr_info("fitstress: %llu calls in %llu ms: %llu ok, %llu corrupt, %llu failed (first error %d)\n",
		(unsigned long long)total, (unsigned long long)ms,
		(unsigned long long)atomic64_read(&run->ok),
		(unsigned long long)atomic64_read(&run->corrupt),
		(unsigned long long)atomic64_read(&run->failed), atomic_read(&run->first_err));
	if (ret == sizeof(srv))
		pr_info("fitstress: server: %llu executed, %llu twice, %llu skipped, %llu bad\n",
			(unsigned long long)srv.executed, (unsigned long long)srv.twice,
			(unsigned long long)srv.skipped, (unsigned long long)srv.bad);
	else
		pr_err("fitstress: no server counters (%d)\n", ret);
	/* the server counts every source: exact only when this node is its one caller */
	pass = atomic64_read(&run->ok) == total && ret == sizeof(srv) &&
	       srv.executed == total && !srv.twice && !srv.skipped && !srv.bad;
	pr_info("fitstress: %s\n", pass ? "PASS: every call completed once with its data" : "FAIL");
	fit_dump_stats();
	return 0;
}

/**
 * fit_stress_start() - run fitstress= if the boot parameter asks for it
 *
 * Runs to completion before returning, so the managers start (and init
 * runs) only after the verdict line: a test can boot with fitstress=N and
 * any short init=.
 * Context: fit_cluster_up(), once the peers answered (or did not).
 */
void fit_stress_start(void)
{
	if (fitstress)
		stress_main(NULL);
}
