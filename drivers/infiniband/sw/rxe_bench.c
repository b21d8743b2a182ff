// SPDX-License-Identifier: GPL-2.0
/*
 * The rxebench boot parameter: two QPs on rxe0 through the NIC; SEND/RECV
 * round trip and RDMA WRITE throughput for 64 B and 4 KiB messages.
 */
#define pr_fmt(fmt) "rxebench: " fmt

#include <tessera/err.h>
#include <tessera/errno.h>
#include <tessera/kernel.h>
#include <tessera/kthread.h>
#include <tessera/param.h>
#include <tessera/printk.h>
#include <tessera/rxe.h>
#include <tessera/sched.h>
#include <tessera/string.h>
#include <tessera/time.h>
#include <tessera/vmalloc.h>
#include "rxe.h"

static bool rxebench;
param_bool(rxebench, rxebench, "measure rxe0: SEND/RECV round trip and RDMA WRITE throughput (64 B, 4 KiB)");

#define BENCH_ROUNDS	500
#define BENCH_WARMUP	20
#define BENCH_TPUT_NS	(1000ULL * NSEC_PER_MSEC)
#define BENCH_DEPTH	32
#define BENCH_BUF	(64u * 1024)
#define BENCH_WAIT_NS	(2000ULL * NSEC_PER_MSEC)
#define PEER_ROUNDS	200
#define PEER_QPN	0x11	/* the first QP of a freshly booted node */

static char rxe_peer_param[16];
param_string(roce.peer, rxe_peer_param, "rxebench across nodes: the peer's IPv4 address (both nodes boot with rxebench)");

/**
 * struct bench - the two QPs (0 and 1, connected to each other)
 */
struct bench {
	struct ib_device *ib;
	struct ib_pd *pd;
	struct ib_cq *cq[2];	/* receive completions */
	struct ib_cq *scq[2];	/* send completions */
	struct ib_qp *qp[2];
	u8 *buf[2];
	struct ib_mr *mr[2];
};

static bool bench_wait_long(struct ib_cq *cq);
static int bench_post(struct bench *b, int s, enum ib_wr_opcode op, u32 len);
static int bench_recv(struct bench *b, int s);

static int bench_connect(struct ib_qp *qp, u32 dest, u32 peer_ip, u8 timeout)
{
	struct ib_qp_attr a;
	int err;

	memset(&a, 0, sizeof(a));
	a.qp_state = IB_QPS_INIT;
	a.port_num = 1;
	a.qp_access_flags = IB_ACCESS_LOCAL_WRITE | IB_ACCESS_REMOTE_WRITE;
	err = ib_modify_qp(qp, &a, IB_QP_STATE | IB_QP_PKEY_INDEX | IB_QP_PORT |
			   IB_QP_ACCESS_FLAGS);
	if (err)
		return err;
	a.qp_state = IB_QPS_RTR;
	ib_query_gid(qp->device, 1, 0, &a.ah_attr.dgid);
	if (peer_ip) {
		a.ah_attr.dgid.raw[12] = peer_ip >> 24;
		a.ah_attr.dgid.raw[13] = peer_ip >> 16;
		a.ah_attr.dgid.raw[14] = peer_ip >> 8;
		a.ah_attr.dgid.raw[15] = peer_ip;
	}
	a.path_mtu = IB_MTU_4096;	/* clamped to the port's */
	a.dest_qp_num = dest;
	a.min_rnr_timer = 1;
	err = ib_modify_qp(qp, &a, IB_QP_STATE | IB_QP_AV | IB_QP_PATH_MTU |
			   IB_QP_DEST_QPN | IB_QP_RQ_PSN | IB_QP_MAX_DEST_RD_ATOMIC |
			   IB_QP_MIN_RNR_TIMER);
	if (err)
		return err;
	a.qp_state = IB_QPS_RTS;
	a.timeout = timeout;
	a.retry_cnt = 7;
	a.rnr_retry = 7;
	return ib_modify_qp(qp, &a, IB_QP_STATE | IB_QP_TIMEOUT | IB_QP_RETRY_CNT |
			    IB_QP_RNR_RETRY | IB_QP_SQ_PSN | IB_QP_MAX_QP_RD_ATOMIC);
}

static int bench_setup(struct bench *b)
{
	struct ib_qp_init_attr ia = {
		.max_send_wr = 256, .max_recv_wr = 256, .max_send_sge = 1,
		.max_recv_sge = 1, .qp_type = IB_QPT_RC,
	};
	int i;

	b->pd = ib_alloc_pd(b->ib);
	if (IS_ERR(b->pd))
		return PTR_ERR(b->pd);
	for (i = 0; i < 2; i++) {
		b->cq[i] = ib_create_cq(b->ib, 1024, NULL, NULL);
		b->scq[i] = ib_create_cq(b->ib, 1024, NULL, NULL);
		b->buf[i] = vmalloc(BENCH_BUF);
		if (IS_ERR(b->cq[i]) || IS_ERR(b->scq[i]) || !b->buf[i])
			return -ENOMEM;
		b->mr[i] = ib_reg_mr(b->pd, b->buf[i], BENCH_BUF,
				     IB_ACCESS_LOCAL_WRITE | IB_ACCESS_REMOTE_WRITE);
		ia.send_cq = b->scq[i];
		ia.recv_cq = b->cq[i];
		b->qp[i] = ib_create_qp(b->pd, &ia);
		if (IS_ERR(b->mr[i]) || IS_ERR(b->qp[i]))
			return -ENOMEM;
	}
	return 0;
}

/*
 * Across two nodes: QP 0 of each talks to the peer's first QP. The node
 * with the lower address sends, the other echoes; RNR retries cover the
 * peer still booting, ARP finds its MAC.
 */
static void bench_peer(struct bench *b, u32 peer_ip)
{
	struct rxe_dev *dev = to_rxe(b->ib);
	bool pinger = dev->ip < peer_ip;
	unsigned int i;
	u64 t0 = 0;

	if (b->qp[0]->qp_num != PEER_QPN ||
	    bench_connect(b->qp[0], PEER_QPN, peer_ip, 20)) {
		pr_warn("peer mode needs QP %#x on a fresh node\n", PEER_QPN);
		return;
	}
	if (bench_recv(b, 0))	/* a spare, so the next request never finds none */
		return;
	for (i = 0; i < PEER_ROUNDS + 1; i++) {
		if (i == 1)
			t0 = ktime_get_ns();	/* round 0 waits for the peer to boot */
		if (bench_recv(b, 0) ||
		    (pinger && (bench_post(b, 0, IB_WR_SEND, 64) || !bench_wait_long(b->scq[0]))) ||
		    !bench_wait_long(b->cq[0]) ||
		    (!pinger && (bench_post(b, 0, IB_WR_SEND, 64) || !bench_wait_long(b->scq[0])))) {
			pr_warn("peer round %u failed\n", i);
			return;
		}
	}
	pr_info("peer %u.%u.%u.%u: SEND/RECV 64 B round trip %llu ns (%u rounds, %s)\n",
		peer_ip >> 24, (peer_ip >> 16) & 0xff, (peer_ip >> 8) & 0xff, peer_ip & 0xff,
		(unsigned long long)(ktime_get_ns() - t0) / PEER_ROUNDS, PEER_ROUNDS,
		pinger ? "sender" : "echo");
}

/* Wait for one successful completion on @cq. Return: false on timeout or error. */
static bool bench_wait(struct ib_cq *cq)
{
	u64 end = ktime_get_ns() + BENCH_WAIT_NS;
	struct ib_wc wc;

	while (ktime_get_ns() < end) {
		if (ib_poll_cq(cq, 1, &wc) == 1)
			return wc.status == IB_WC_SUCCESS;
		yield();
	}
	return false;
}

/* Like bench_wait() but for a peer that may still be booting (60 s). */
static bool bench_wait_long(struct ib_cq *cq)
{
	u64 end = ktime_get_ns() + 60 * NSEC_PER_SEC;
	struct ib_wc wc;

	while (ktime_get_ns() < end) {
		if (ib_poll_cq(cq, 1, &wc) == 1)
			return wc.status == IB_WC_SUCCESS;
		yield();
	}
	return false;
}

static int bench_post(struct bench *b, int s, enum ib_wr_opcode op, u32 len)
{
	struct ib_sge sge = { (u64)(unsigned long)b->buf[s], len, b->mr[s]->lkey };
	struct ib_send_wr wr = {
		.opcode = op, .send_flags = IB_SEND_SIGNALED, .sg_list = &sge,
		.num_sge = 1, .remote_addr = (u64)(unsigned long)b->buf[!s],
		.rkey = b->mr[!s]->rkey,
	};

	return ib_post_send(b->qp[s], &wr);
}

static int bench_recv(struct bench *b, int s)
{
	struct ib_sge sge = { (u64)(unsigned long)b->buf[s], BENCH_BUF, b->mr[s]->lkey };
	struct ib_recv_wr wr = { .sg_list = &sge, .num_sge = 1 };

	return ib_post_recv(b->qp[s], &wr);
}

/* Mean ns of a SEND 0→1 answered by a SEND 1→0, or -errno. */
static s64 bench_rtt(struct bench *b, u32 len)
{
	unsigned int i;
	u64 t0 = 0;

	for (i = 0; i < BENCH_ROUNDS + BENCH_WARMUP; i++) {
		if (i == BENCH_WARMUP)
			t0 = ktime_get_ns();
		if (bench_recv(b, 1) || bench_recv(b, 0) ||
		    bench_post(b, 0, IB_WR_SEND, len) || !bench_wait(b->cq[1]) ||
		    bench_post(b, 1, IB_WR_SEND, len) || !bench_wait(b->cq[0]))
			return -ETIMEDOUT;
		/* the two send completions */
		if (!bench_wait(b->scq[0]) || !bench_wait(b->scq[1]))
			return -ETIMEDOUT;
	}
	return (ktime_get_ns() - t0) / BENCH_ROUNDS;
}

/* RDMA WRITEs 0→1 with BENCH_DEPTH outstanding for BENCH_TPUT_NS. */
static void bench_write(struct bench *b, u32 len)
{
	u64 t0 = ktime_get_ns(), ns, done = 0, rt0 = 0;
	unsigned int inflight = 0;
	struct rxe_dev *dev = to_rxe(b->ib);
	struct ib_wc wc[16];
	int n, i;

	rt0 = READ_ONCE(dev->c[RXE_C_RETRANSMIT]);
	while ((ns = ktime_get_ns() - t0) < BENCH_TPUT_NS || inflight) {
		while (inflight < BENCH_DEPTH && ns < BENCH_TPUT_NS &&
		       !bench_post(b, 0, IB_WR_RDMA_WRITE, len))
			inflight++;
		n = ib_poll_cq(b->scq[0], ARRAY_SIZE(wc), wc);
		for (i = 0; i < n; i++) {
			if (wc[i].status != IB_WC_SUCCESS) {
				pr_warn("WRITE failed: status %d\n", wc[i].status);
				return;
			}
			inflight--;
			done++;
		}
		if (!n)
			yield();
		if (ns > 10 * BENCH_TPUT_NS)
			break;
	}
	pr_info("RDMA WRITE %u B, %u outstanding: %llu in %llu ms = %llu ops/s, %llu Mbit/s (retransmitted %llu packets)\n",
		len, BENCH_DEPTH, (unsigned long long)done,
		(unsigned long long)(ns / NSEC_PER_MSEC),
		(unsigned long long)(done * NSEC_PER_SEC / ns),
		(unsigned long long)(done * len * 8 * 1000 / ns),
		(unsigned long long)(READ_ONCE(dev->c[RXE_C_RETRANSMIT]) - rt0));
}

static int bench_main(void *unused)
{
	static const u32 sizes[] = { 64, 4096 };
	struct bench b = { .ib = NULL };
	struct rxe_dev *dev = rxe_get(0);
	unsigned int i;
	s64 rtt;

	if (!dev) {
		pr_warn("no rxe0: not run\n");
		return -ENODEV;
	}
	b.ib = &dev->ib;
	if (bench_setup(&b)) {
		pr_warn("cannot set up the QPs: not run\n");
		return -ENOMEM;
	}
	if (rxe_peer_param[0]) {
		bool ok;
		u32 peer = rxe_parse_ipv4(rxe_peer_param, &ok);

		if (ok)
			bench_peer(&b, peer);
		else
			pr_warn("roce.peer: not an IPv4 address\n");
		rxe_print_stats(b.ib);
		return 0;
	}
	if (bench_connect(b.qp[0], b.qp[1]->qp_num, 0, 14) ||
	    bench_connect(b.qp[1], b.qp[0]->qp_num, 0, 14)) {
		pr_warn("cannot connect the QPs: not run\n");
		return -EIO;
	}
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		rtt = bench_rtt(&b, sizes[i]);
		pr_info("SEND/RECV round trip, %u B: %lld ns (%u rounds)\n", sizes[i],
			(long long)rtt, BENCH_ROUNDS);
	}
	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		bench_write(&b, sizes[i]);
	rxe_print_stats(b.ib);
	pr_info("done\n");
	return 0;
}

/**
 * rxe_bench_start() - run the benchmark in a thread if "rxebench" was given
 *
 * The thread exits on its own; its QPs stay (the node is a benchmark run).
 * Context: process context, from rxe_init().
 */
void rxe_bench_start(void)
{
	struct task_struct *k;

	if (!rxebench)
		return;
	k = kthread_run(bench_main, NULL, "rxebench");
	if (IS_ERR(k))
		pr_warn("cannot start: %ld\n", PTR_ERR(k));
}
