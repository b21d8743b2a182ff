// SPDX-License-Identifier: GPL-2.0
/*
 * ktest=fit: FIT calls over the loopback transport: round trips, many
 * concurrent callers, timeouts and late replies, errors, malformed input.
 */
#include <tessera/completion.h>
#include <tessera/fit.h>
#include <tessera/fit_transport.h>
#include <tessera/ktest.h>
#include <tessera/kthread.h>
#include <tessera/sched.h>
#include <tessera/slab.h>
#include <tessera/smp.h>
#include <tessera/string.h>
#include "fit_internal.h"

#define OP_SLEEP	(FIT_OP_TEST_BASE + 0)	/* sleeps req->ms, fills the reply */
#define OP_EINVAL	(FIT_OP_TEST_BASE + 1)	/* always -EINVAL */
#define OP_TOOBIG	(FIT_OP_TEST_BASE + 2)	/* claims one byte more than allowed */
#define OP_XFORM	(FIT_OP_TEST_BASE + 3)	/* reply: each u64 of the request + 1 */
#define OP_UNUSED	(FIT_OP_TEST_BASE + 0xfe)	/* never registered */

#define LATE_FILL	0xab		/* what OP_SLEEP writes */
#define POISON		0x5a		/* what the caller left in its buffer */

struct sleep_req {
	u32 ms;
	u32 _pad;
};

static int sleep_handler(const struct fit_msg *msg, void *reply, u32 reply_max)
{
	const struct sleep_req *r = msg->req;

	if (msg->req_len != sizeof(*r) || r->ms > 10000)
		return -EINVAL;
	msleep(r->ms);
	memset(reply, LATE_FILL, reply_max);
	return reply_max;
}

static atomic_t einval_runs;	/* einval_handler invocations */

static int einval_handler(const struct fit_msg *msg, void *reply, u32 reply_max)
{
	atomic_inc(&einval_runs);
	return -EINVAL;
}

static int toobig_handler(const struct fit_msg *msg, void *reply, u32 reply_max)
{
	return reply_max + 1;	/* writes nothing; FIT must refuse the length */
}

static int xform_handler(const struct fit_msg *msg, void *reply, u32 reply_max)
{
	const u64 *in = msg->req;
	u64 *out = reply;
	u32 i;

	if (msg->req_len % 8 || msg->req_len > reply_max)
		return -EINVAL;
	for (i = 0; i < msg->req_len / 8; i++)
		out[i] = in[i] + 1;
	return msg->req_len;
}

static u64 stat(atomic64_t *c)
{
	return atomic64_read(c);
}

/* Poll @c until it exceeds @old (the loopback thread runs asynchronously). */
static bool stat_rises(atomic64_t *c, u64 old, unsigned int ms)
{
	for (; ms; ms -= 10) {
		if (stat(c) > old)
			return true;
		msleep(10);
	}
	return stat(c) > old;
}

static void fit_echo_roundtrip(struct ktest *t)
{
	u8 *req = kmalloc(1000, GFP_KERNEL), *rep = kzalloc(1200, GFP_KERNEL);
	u64 replies = stat(&fit_stats.replies);
	unsigned int i;
	int ret;

	KTEST_ASSERT_NOT_NULL(t, req);
	KTEST_ASSERT_NOT_NULL(t, rep);
	for (i = 0; i < 1000; i++)
		req[i] = (u8)(i * 7 + 3);
	ret = fit_call(FIT_NODE_SELF, FIT_OP_ECHO, req, 1000, rep, 1200, 0);
	KTEST_EXPECT_EQ(t, ret, 1000);
	KTEST_EXPECT_EQ(t, memcmp(req, rep, 1000), 0);
	KTEST_EXPECT_EQ(t, rep[1000], 0);	/* nothing past the reply length */
	/* the local node by number, and an empty request */
	ret = fit_call(fit_local_node(), FIT_OP_NOP, NULL, 0, NULL, 0, 0);
	KTEST_EXPECT_EQ(t, ret, 0);
	KTEST_EXPECT_GE(t, stat(&fit_stats.replies), replies + 2);	/* others may call too */
	/* a full-size message both ways */
	kfree(req);
	kfree(rep);
	req = kmalloc(FIT_MAX_MSG, GFP_KERNEL);
	rep = kzalloc(FIT_MAX_MSG, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, req);
	KTEST_ASSERT_NOT_NULL(t, rep);
	for (i = 0; i < FIT_MAX_MSG; i++)
		req[i] = (u8)(i ^ (i >> 8));
	ret = fit_call(FIT_NODE_SELF, FIT_OP_ECHO, req, FIT_MAX_MSG, rep, FIT_MAX_MSG, 0);
	KTEST_EXPECT_EQ(t, ret, FIT_MAX_MSG);
	KTEST_EXPECT_EQ(t, memcmp(req, rep, FIT_MAX_MSG), 0);
	kfree(req);
	kfree(rep);
}

#define CONC_PER_CPU	2		/* threads per online CPU */
#define CONC_TOTAL	1000		/* calls, split over all threads */
#define CONC_WORDS	8

struct conc_worker {
	unsigned int id;
	unsigned int calls;
	unsigned int ok;
	int first_err;
};

static int conc_fn(void *data)
{
	struct conc_worker *w = data;
	u64 req[CONC_WORDS], rep[CONC_WORDS];
	unsigned int i, j;
	int ret;

	for (i = 0; i < w->calls; i++) {
		for (j = 0; j < CONC_WORDS; j++)
			req[j] = (u64)w->id << 40 | (u64)i << 8 | j;
		memset(rep, 0, sizeof(rep));
		ret = fit_call(FIT_NODE_SELF, OP_XFORM, req, sizeof(req), rep,
			       sizeof(rep), 0);
		for (j = 0; ret == sizeof(rep) && j < CONC_WORDS; j++)
			if (rep[j] != req[j] + 1)
				ret = -EIO;
		if (ret == sizeof(rep))
			w->ok++;
		else if (!w->first_err)
			w->first_err = ret ? ret : -EIO;
	}
	return 0;
}

static void fit_concurrent_1000(struct ktest *t)
{
	unsigned int n = num_online_cpus() * CONC_PER_CPU, i = 0, cpu, k, ok = 0;
	struct task_struct **th = kcalloc(n, sizeof(*th), GFP_KERNEL);
	struct conc_worker *w = kcalloc(n, sizeof(*w), GFP_KERNEL);
	u64 calls = stat(&fit_stats.calls);

	KTEST_ASSERT_NOT_NULL(t, th);
	KTEST_ASSERT_NOT_NULL(t, w);
	for_each_online_cpu(cpu) {
		for (k = 0; k < CONC_PER_CPU && i < n; k++, i++) {
			w[i].id = i;
			w[i].calls = CONC_TOTAL / n + (i < CONC_TOTAL % n);
			th[i] = kthread_create_on_cpu(conc_fn, &w[i], cpu, "fitc/%u", i);
			KTEST_EXPECT_FALSE(t, IS_ERR(th[i]));
			if (IS_ERR(th[i]))
				th[i] = NULL;
		}
	}
	for (i = 0; i < n; i++)	/* start them all at once */
		if (th[i])
			wake_up_process(th[i]);
	for (i = 0; i < n; i++) {
		if (!th[i])
			continue;
		KTEST_EXPECT_EQ(t, kthread_stop(th[i]), 0);
		KTEST_EXPECT_EQ(t, w[i].first_err, 0);
		ok += w[i].ok;
	}
	KTEST_EXPECT_EQ(t, ok, CONC_TOTAL);
	KTEST_EXPECT_TRUE(t, stat(&fit_stats.calls) >= calls + CONC_TOTAL);
	kfree(th);
	kfree(w);
}

static void fit_timeout_late_reply(struct ktest *t)
{
	struct sleep_req r = { .ms = 300 };
	u64 timeouts = stat(&fit_stats.timeouts), late = stat(&fit_stats.late_dropped);
	u8 *buf = kmalloc(256, GFP_KERNEL);
	unsigned int i, bad = 0;
	int ret;

	KTEST_ASSERT_NOT_NULL(t, buf);
	memset(buf, 0, 256);
	ret = fit_call(FIT_NODE_SELF, OP_SLEEP, &r, sizeof(r), buf, 256, 50);
	KTEST_EXPECT_EQ(t, ret, FIT_ETIMEDOUT);
	KTEST_EXPECT_EQ(t, stat(&fit_stats.timeouts), timeouts + 1);
	/* the caller "reuses" its buffer: poison it, the late reply must not land */
	memset(buf, POISON, 256);
	KTEST_EXPECT_TRUE(t, stat_rises(&fit_stats.late_dropped, late, 3000));
	KTEST_EXPECT_EQ(t, stat(&fit_stats.late_dropped), late + 1);
	for (i = 0; i < 256; i++)
		bad += buf[i] != POISON;
	KTEST_EXPECT_EQ(t, bad, 0);
	kfree(buf);
	/* the same opcode with time to spare completes, and fills the buffer */
	buf = kzalloc(64, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, buf);
	r.ms = 10;
	ret = fit_call(FIT_NODE_SELF, OP_SLEEP, &r, sizeof(r), buf, 64, 3000);
	KTEST_EXPECT_EQ(t, ret, 64);
	KTEST_EXPECT_EQ(t, buf[0], LATE_FILL);
	KTEST_EXPECT_EQ(t, buf[63], LATE_FILL);
	kfree(buf);
}

static void fit_errors(struct ktest *t)
{
	u64 enosys = stat(&fit_stats.enosys), emsgsize = stat(&fit_stats.emsgsize);
	u8 *big = kzalloc(FIT_MAX_MSG + 1, GFP_KERNEL);
	u8 rep[16];

	KTEST_ASSERT_NOT_NULL(t, big);
	KTEST_EXPECT_EQ(t, fit_call(FIT_NODE_SELF, OP_UNUSED, NULL, 0, rep, 16, 0),
			-ENOSYS);
	KTEST_EXPECT_EQ(t, stat(&fit_stats.enosys), enosys + 1);
	KTEST_EXPECT_EQ(t, fit_call(FIT_NODE_SELF, OP_EINVAL, "x", 1, rep, 16, 0), -EINVAL);
	/* oversize request: refused before sending */
	KTEST_EXPECT_EQ(t, fit_call(FIT_NODE_SELF, FIT_OP_ECHO, big, FIT_MAX_MSG + 1,
				    big, FIT_MAX_MSG, 0), FIT_EMSGSIZE);
	/* oversize reply from a handler: refused on the receiving node */
	KTEST_EXPECT_EQ(t, fit_call(FIT_NODE_SELF, OP_TOOBIG, NULL, 0, rep, 16, 0),
			FIT_EMSGSIZE);
	/* echo of 100 bytes into 16: the handler refuses it itself */
	KTEST_EXPECT_EQ(t, fit_call(FIT_NODE_SELF, FIT_OP_ECHO, big, 100, rep, 16, 0),
			-EMSGSIZE);
	KTEST_EXPECT_EQ(t, stat(&fit_stats.emsgsize), emsgsize + 2);
	/* bad arguments and unknown nodes */
	KTEST_EXPECT_EQ(t, fit_call(FIT_NODE_SELF, FIT_OP_ECHO, NULL, 4, rep, 16, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, fit_call(FIT_NODE_SELF, FIT_OP_ECHO, rep, 4, NULL, 16, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, fit_call(FIT_MAX_NODES, FIT_OP_NOP, NULL, 0, NULL, 0, 0),
			FIT_EHOSTDOWN);
	KTEST_EXPECT_EQ(t, fit_call(fit_nr_nodes(), FIT_OP_NOP, NULL, 0, NULL, 0, 0),
			FIT_EHOSTDOWN);
	/* a node in the table that no transport reaches (fit.nodes= > 1) */
	if (fit_nr_nodes() > 1) {
		u64 no_route = stat(&fit_stats.no_route);
		u32 other = fit_local_node() ? 0 : 1;

		KTEST_EXPECT_EQ(t, fit_call(other, FIT_OP_NOP, NULL, 0, NULL, 0, 0),
				FIT_EHOSTDOWN);
		KTEST_EXPECT_EQ(t, stat(&fit_stats.no_route), no_route + 1);
	}
	kfree(big);
}

/* A valid request header to @op that the tests then spoil. */
static struct fit_hdr good_hdr(u32 op, u32 len)
{
	return (struct fit_hdr){
		.magic = FIT_MAGIC, .version = FIT_VERSION, .flags = FIT_F_REQUEST,
		.opcode = op, .src_node = fit_local_node(),
		.dst_node = fit_local_node(), .payload_len = len,
		.call_id = 0, .reply_max = 0,
	};
}

static void fit_malformed(struct ktest *t)
{
	u64 mal = stat(&fit_stats.malformed);
	int runs = atomic_read(&einval_runs);
	u64 late = stat(&fit_stats.late_dropped);
	u8 msg[sizeof(struct fit_hdr) + 8] = { 0 };
	struct fit_hdr h;
	unsigned int n = 0;

	h = good_hdr(OP_EINVAL, 8);
	h.magic ^= 1;				/* bad magic */
	memcpy(msg, &h, sizeof(h));
	n += !fit_loopback_inject(msg, sizeof(msg));
	h = good_hdr(OP_EINVAL, 8);
	memcpy(msg, &h, sizeof(h));		/* length says 8, only 4 follow */
	n += !fit_loopback_inject(msg, sizeof(h) + 4);
	h = good_hdr(OP_EINVAL, FIT_MAX_MSG + 1);	/* oversized payload_len */
	memcpy(msg, &h, sizeof(h));
	n += !fit_loopback_inject(msg, sizeof(msg));
	n += !fit_loopback_inject(msg, 10);	/* shorter than a header */
	h = good_hdr(OP_EINVAL, 8);
	h.flags = FIT_F_REQUEST | FIT_F_REPLY;	/* both kinds */
	memcpy(msg, &h, sizeof(h));
	n += !fit_loopback_inject(msg, sizeof(msg));
	h = good_hdr(OP_EINVAL, 8);
	h.version = FIT_VERSION + 1;
	memcpy(msg, &h, sizeof(h));
	n += !fit_loopback_inject(msg, sizeof(msg));
	h = good_hdr(FIT_OP_NOP, 0);
	h.flags = FIT_F_REPLY;
	h.call_id = 0xffff;			/* a slot that does not exist */
	memcpy(msg, &h, sizeof(h));
	n += !fit_loopback_inject(msg, sizeof(h));
	KTEST_EXPECT_EQ(t, n, 7);
	KTEST_EXPECT_TRUE(t, stat_rises(&fit_stats.malformed, mal + 6, 2000));
	KTEST_EXPECT_EQ(t, stat(&fit_stats.malformed), mal + 7);
	/* a well-formed reply nobody waits for: late, not malformed */
	h = good_hdr(FIT_OP_NOP, 0);
	h.flags = FIT_F_REPLY;
	h.call_id = (u64)0xdeadbeef << 32 | 5;
	memcpy(msg, &h, sizeof(h));
	KTEST_EXPECT_EQ(t, fit_loopback_inject(msg, sizeof(h)), 0);
	KTEST_EXPECT_TRUE(t, stat_rises(&fit_stats.late_dropped, late, 2000));
	/* none of them reached the handler, and FIT still works */
	KTEST_EXPECT_EQ(t, atomic_read(&einval_runs), runs);
	KTEST_EXPECT_EQ(t, fit_call(FIT_NODE_SELF, FIT_OP_NOP, NULL, 0, NULL, 0, 0), 0);
	KTEST_EXPECT_EQ(t, stat(&fit_stats.malformed), mal + 7);
	/* control: the same injection path, well formed, does reach the handler */
	late = stat(&fit_stats.late_dropped);
	h = good_hdr(OP_EINVAL, 8);
	h.call_id = (u64)0xdeadbeef << 32 | 7;	/* its reply finds no caller */
	memcpy(msg, &h, sizeof(h));
	KTEST_EXPECT_EQ(t, fit_loopback_inject(msg, sizeof(msg)), 0);
	KTEST_EXPECT_TRUE(t, stat_rises(&fit_stats.late_dropped, late, 2000));
	KTEST_EXPECT_EQ(t, atomic_read(&einval_runs), runs + 1);
}

static void fit_register_rules(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, fit_register_handler(OP_EINVAL, "dup", einval_handler), -EBUSY);
	KTEST_EXPECT_EQ(t, fit_register_handler(FIT_OP_ECHO, "dup", einval_handler), -EBUSY);
	KTEST_EXPECT_EQ(t, fit_register_handler(OP_UNUSED, "null", NULL), -EINVAL);
	/* unregister: the opcode answers ENOSYS; register again: it works */
	fit_unregister_handler(OP_EINVAL);
	KTEST_EXPECT_EQ(t, fit_call(FIT_NODE_SELF, OP_EINVAL, NULL, 0, NULL, 0, 0), -ENOSYS);
	KTEST_EXPECT_EQ(t, fit_register_handler(OP_EINVAL, "einval", einval_handler), 0);
	KTEST_EXPECT_EQ(t, fit_call(FIT_NODE_SELF, OP_EINVAL, NULL, 0, NULL, 0, 0), -EINVAL);
}

static void fit_stats_text(struct ktest *t)
{
	char *buf = kzalloc(4096, GFP_KERNEL);
	size_t len;

	KTEST_ASSERT_NOT_NULL(t, buf);
	len = fit_format_stats(buf, 4096);
	KTEST_EXPECT_TRUE(t, len > 0 && len < 4096);
	KTEST_EXPECT_EQ(t, strlen(buf), len);
	KTEST_EXPECT_NOT_NULL(t, strstr(buf, "late_dropped"));
	KTEST_EXPECT_NOT_NULL(t, strstr(buf, "echo"));
	KTEST_EXPECT_EQ(t, fit_format_stats(buf, 8), 7);	/* truncates, terminates */
	KTEST_EXPECT_EQ(t, buf[7], '\0');
	kfree(buf);
}

static const struct {
	u32 op;
	const char *name;
	fit_handler_t fn;
} test_ops[] = {
	{ OP_SLEEP, "test-sleep", sleep_handler },
	{ OP_EINVAL, "test-einval", einval_handler },
	{ OP_TOOBIG, "test-toobig", toobig_handler },
	{ OP_XFORM, "test-xform", xform_handler },
};

static void fit_test_exit(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(test_ops); i++)
		fit_unregister_handler(test_ops[i].op);
}

static int fit_test_init(void)
{
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(test_ops); i++) {
		err = fit_register_handler(test_ops[i].op, test_ops[i].name, test_ops[i].fn);
		if (err)
			goto unwind;
	}
	return 0;
unwind:
	while (i--)
		fit_unregister_handler(test_ops[i].op);
	return err;
}

/* The peer the remote cases talk to, or FIT_NODE_SELF (and a reason) if none. */
static u32 remote_peer(struct ktest *t)
{
	u32 node = fit_memory_node();

	if (!fit_clustered()) {
		ktest_skip(t, "not clustered (role=single or fit.nodes=1): no verbs transport to test");
		return FIT_NODE_SELF;
	}
	if (!fit_rdma_reaches(node)) {
		ktest_skip(t, "no RDMA device or no connection to the memory node");
		return FIT_NODE_SELF;
	}
	if (!fit_node_up(node)) {
		ktest_skip(t, "the memory node did not answer at boot");
		return FIT_NODE_SELF;
	}
	return node;
}

/* Echo 0..4352 bytes to the peer over the verbs transport, and a NOP. */
static void fit_rdma_echo(struct ktest *t)
{
	u32 node = remote_peer(t), len;
	u8 *req, *rep;
	int ret;

	if (node == FIT_NODE_SELF)
		return;
	req = kmalloc(FIT_MAX_MSG, GFP_KERNEL);
	rep = kmalloc(FIT_MAX_MSG, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, req);
	KTEST_ASSERT_NOT_NULL(t, rep);
	KTEST_EXPECT_EQ(t, fit_call(node, FIT_OP_NOP, NULL, 0, NULL, 0, 0), 0);
	for (len = 0; len <= FIT_MAX_MSG; len += len < 64 ? 1 : 997) {
		memset(req, len & 0xff, len);
		memset(rep, POISON, FIT_MAX_MSG);
		ret = fit_call(node, FIT_OP_ECHO, req, len, rep, FIT_MAX_MSG, 0);
		KTEST_EXPECT_EQ(t, ret, (int)len);
		KTEST_EXPECT_EQ(t, memcmp(req, rep, len), 0);
	}
	kfree(req);
	kfree(rep);
}

/* More calls in flight than the peer has credits: flow control must hold them. */
struct rdma_flood {
	atomic_t bad;
	atomic_t running;
	struct completion done;
};

static int rdma_flood_thread(void *arg)
{
	struct rdma_flood *f = arg;
	u64 v = 0;
	unsigned int i;

	for (i = 0; i < 50; i++)
		if (fit_call(fit_memory_node(), FIT_OP_ECHO, &v, sizeof(v), &v, sizeof(v), 0) !=
		    sizeof(v))
			atomic_inc(&f->bad);
	if (atomic_dec_and_test(&f->running))
		complete(&f->done);
	return 0;
}

static void fit_rdma_credits(struct ktest *t)
{
	struct rdma_flood f = { .bad = ATOMIC_INIT(0), .running = ATOMIC_INIT(1) };
	struct task_struct *k;
	unsigned int i;

	if (remote_peer(t) == FIT_NODE_SELF)
		return;
	init_completion(&f.done);
	for (i = 0; i < 48; i++) {	/* 48 callers > 32 credits */
		atomic_inc(&f.running);
		k = kthread_run(rdma_flood_thread, &f, "fit-flood/%u", i);
		if (IS_ERR(k))
			atomic_dec(&f.running);
	}
	if (!atomic_dec_and_test(&f.running))
		wait_for_completion(&f.done);
	KTEST_EXPECT_EQ(t, atomic_read(&f.bad), 0);
}

KTEST_SUITE(fit, fit_test_init, fit_test_exit,
	    KTEST_CASE(fit_echo_roundtrip),
	    KTEST_CASE(fit_concurrent_1000),
	    KTEST_CASE(fit_timeout_late_reply),
	    KTEST_CASE(fit_errors),
	    KTEST_CASE(fit_malformed),
	    KTEST_CASE(fit_register_rules),
	    KTEST_CASE(fit_stats_text),
	    KTEST_CASE(fit_rdma_echo),
	    KTEST_CASE(fit_rdma_credits));
