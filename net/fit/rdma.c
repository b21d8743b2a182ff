// SPDX-License-Identifier: GPL-2.0
/*
 * FIT's verbs transport: one RC QP per peer, every message a SEND WITH
 * IMMEDIATE into the peer's posted receive ring, counted credits, one pinned
 * completion thread. Written against <tessera/ib_verbs.h> only.
 */
#include <tessera/err.h>
#include <tessera/fit.h>
#include <tessera/fit_transport.h>
#include <tessera/ib_verbs.h>
#include <tessera/kthread.h>
#include <tessera/param.h>
#include <tessera/printk.h>
#include <tessera/sched.h>
#include <tessera/slab.h>
#include <tessera/smp.h>
#include <tessera/spinlock.h>
#include <tessera/string.h>
#include <tessera/time.h>
#include <tessera/timer.h>
#include <tessera/vmalloc.h>
#include <tessera/wait.h>
#include <asm/processor.h>
#include "fit_internal.h"

static unsigned int fr_dev_index;
param_uint(fit.rdma_dev, fr_dev_index, "RDMA device FIT uses (index, default 0)");
static int fr_cpu = -1;
param_int(fit.rdma_cpu, fr_cpu, "CPU of FIT's completion thread (default: the last online CPU)");
static unsigned int fr_ack_timeout = 16;
param_uint(fit.rdma_timeout, fr_ack_timeout,
	   "RC local ACK timeout code: 4.096 us * 2^N (default 16 = 268 ms; 7 retries)");
static unsigned int fr_spin_us;
param_uint(fit.rdma_spin_us, fr_spin_us,
	   "busy-poll the CQ this long before sleeping on a notification (default 0)");
static unsigned int fr_send_wait_ms = 5000;
param_uint(fit.rdma_send_wait_ms, fr_send_wait_ms,
	   "longest wait of a sender for a credit (default 5000 ms)");

/*
 * QP numbers without a connection manager: the verbs core hands out QP
 * numbers from 0x11 upwards, first free first. FIT creates the first QPs
 * of the node, one per node id 0..fit.nodes-1 in order (its own id's QP is
 * created and never used), so node i's QP towards node j is 0x11 + j on
 * every node, and the peer's QP towards us is 0x11 + fit_local_node().
 * fit_rdma_init() checks the numbers it got and refuses to run otherwise.
 */
#define FR_QPN_BASE		0x11
#define FR_CREDITS		32	/* data messages in flight to one peer */
#define FR_SPARE		2	/* receive buffers kept for credit-only messages */
#define FR_RQ_DEPTH		(FR_CREDITS + FR_SPARE)
#define FR_SQ_DEPTH		(FR_CREDITS + FR_SPARE)
#define FR_BUF			ALIGN(sizeof(struct fit_hdr) + FIT_MAX_MSG, 64)
#define FR_CREDIT_BATCH		8	/* return credits alone once this many wait */
#define FR_POLL_BATCH		16

/* Immediate data: 0xf1 in the top byte, the kind, and credits returned. */
#define FR_IMM_MAGIC		0xf1000000u
#define FR_IMM_MAGIC_MASK	0xff000000u
#define FR_IMM_MSG		0x00010000u	/* a FIT message; uses a credit */
#define FR_IMM_CREDIT		0x00020000u	/* credits only; uses a spare buffer */
#define FR_IMM_KIND_MASK	0x00ff0000u
#define FR_IMM_CREDITS_MASK	0x0000ffffu

/* wr_id: bit 63 receive, bit 62 credit-only send, 48..55 epoch, 32..39 node, 0..31 slot. */
#define FR_WR_RECV		(1ULL << 63)
#define FR_WR_CTRL		(1ULL << 62)

enum fr_state {
	FR_CONNECTING,	/* nothing heard from the peer yet: errors reset the QP */
	FR_CONNECTED,	/* the peer answered once: errors mean it is gone */
	FR_RESETTING,	/* the completion thread is re-arming the QP */
	FR_DEAD,	/* connection lost for good: sends fail with -EHOSTDOWN */
};

static const char *const fr_state_names[] = {
	[FR_CONNECTING] = "connecting", [FR_CONNECTED] = "connected",
	[FR_RESETTING] = "resetting", [FR_DEAD] = "dead",
};

/**
 * struct fr_peer - the connection to one peer
 * @node: its node id
 * @qp: the RC QP (number FR_QPN_BASE + @node)
 * @rbuf, @rmr: FR_RQ_DEPTH receive buffers of FR_BUF bytes, registered
 * @sbuf, @smr: FR_SQ_DEPTH send buffers, registered
 * @lock: protects every field below up to the counters
 * @state: enum fr_state
 * @epoch: bumped by each QP reset; completions of older epochs are ignored
 * @credits: data messages we may still send (receive buffers the peer has
 *	posted for us and not yet filled)
 * @ret_credits: our buffers refilled since we last told the peer
 * @s_next: next send slot; slots are used in order and, RC completing in
 *	order, freed in order
 * @slot_busy: send slot posted and not yet completed
 * @ctrl_inflight: a credit-only message is posted and not completed
 * @need_reset: an error in FR_CONNECTING: the thread re-arms the QP
 * @wq: senders waiting for a credit or a slot (woken on any change)
 *
 * Counters are atomics, read racily for printing.
 */
struct fr_peer {
	u32 node;
	struct ib_qp *qp;
	u8 *rbuf, *sbuf;
	struct ib_mr *rmr, *smr;
	spinlock_t lock;
	enum fr_state state;
	u32 epoch;
	u32 credits;
	u32 ret_credits;
	u32 s_next;
	bool slot_busy[FR_SQ_DEPTH];
	bool ctrl_inflight;
	bool need_reset;
	struct wait_queue_head wq;
	atomic64_t tx, rx, tx_bytes, rx_bytes;
	atomic64_t credit_msgs, credit_waits, send_timeouts, resets, bad_rx, errors;
};

/* Set up once by fit_rdma_init(), read-only afterwards. */
static struct ib_device *fr_dev;
static struct ib_pd *fr_pd;
static struct ib_cq *fr_cq;
static struct ib_qp *fr_self_qp;	/* keeps the numbering: never connected */
static struct fr_peer *fr_peers[FIT_MAX_NODES];
static enum ib_mtu fr_mtu;
static bool fr_running;			/* release/acquire: the thread runs */

static DECLARE_WAIT_QUEUE_HEAD(fr_poll_wq);	/* the CQ has news */
static int fr_kick;				/* set by the CQ handler */

/* Initial PSN of the direction @from -> @to: fixed, so both ends agree. */
static u32 fr_psn(u32 from, u32 to)
{
	return (0x1000 + from * 0x10101 + to * 0x3011) & 0xffffff;
}

static u64 fr_wrid(const struct fr_peer *p, u32 slot)
{
	return (u64)(p->epoch & 0xff) << 48 | (u64)p->node << 32 | slot;
}

static void *fr_rslot(const struct fr_peer *p, u32 i)
{
	return p->rbuf + (size_t)i * FR_BUF;
}

static void *fr_sslot(const struct fr_peer *p, u32 i)
{
	return p->sbuf + (size_t)i * FR_BUF;
}

static int fr_post_recv(struct fr_peer *p, u32 i)
{
	struct ib_sge sge = {
		.addr = (u64)(unsigned long)fr_rslot(p, i), .length = FR_BUF,
		.lkey = p->rmr->lkey,
	};
	struct ib_recv_wr wr = {
		.wr_id = FR_WR_RECV | fr_wrid(p, i), .sg_list = &sge, .num_sge = 1,
	};

	return ib_post_recv(p->qp, &wr);
}

/*
 * Bring @p's QP from RESET to RTS: receive ring posted, path to the peer.
 * Context: fit_rdma_init() or the completion thread; sleeps.
 */
static int fr_qp_arm(struct fr_peer *p)
{
	u32 self = fit_local_node();
	struct ib_qp_attr a;
	u32 i;
	int err;

	memset(&a, 0, sizeof(a));
	a.qp_state = IB_QPS_INIT;
	a.pkey_index = 0;
	a.port_num = 1;
	a.qp_access_flags = 0;	/* SEND/RECV only: no remote access to our memory */
	err = ib_modify_qp(p->qp, &a, IB_QP_STATE | IB_QP_PKEY_INDEX | IB_QP_PORT |
			   IB_QP_ACCESS_FLAGS);
	if (err)
		return err;
	for (i = 0; i < FR_RQ_DEPTH; i++) {
		err = fr_post_recv(p, i);
		if (err)
			return err;
	}
	memset(&a, 0, sizeof(a));
	a.qp_state = IB_QPS_RTR;
	ib_gid_from_ipv4(&a.ah_attr.dgid, fit_node_ipv4(p->node));
	a.ah_attr.sgid_index = 0;	/* dmac zero: the provider resolves it */
	a.path_mtu = fr_mtu;
	a.dest_qp_num = FR_QPN_BASE + self;
	a.rq_psn = fr_psn(p->node, self);
	a.max_dest_rd_atomic = 1;
	a.min_rnr_timer = 12;		/* 0.64 ms */
	err = ib_modify_qp(p->qp, &a, IB_QP_STATE | IB_QP_AV | IB_QP_PATH_MTU |
			   IB_QP_DEST_QPN | IB_QP_RQ_PSN | IB_QP_MAX_DEST_RD_ATOMIC |
			   IB_QP_MIN_RNR_TIMER);
	if (err)
		return err;
	memset(&a, 0, sizeof(a));
	a.qp_state = IB_QPS_RTS;
	a.timeout = min(fr_ack_timeout, 31u);
	a.retry_cnt = 7;
	a.rnr_retry = 7;		/* infinite: credits make RNR rare, not fatal */
	a.sq_psn = fr_psn(self, p->node);
	a.max_rd_atomic = 1;
	return ib_modify_qp(p->qp, &a, IB_QP_STATE | IB_QP_TIMEOUT | IB_QP_RETRY_CNT |
			    IB_QP_RNR_RETRY | IB_QP_SQ_PSN | IB_QP_MAX_QP_RD_ATOMIC);
}

/* Fresh per-connection counters; caller holds @p->lock or owns @p. */
static void fr_peer_reset_state(struct fr_peer *p)
{
	p->credits = FR_CREDITS;
	p->ret_credits = 0;
	p->s_next = 0;
	memset(p->slot_busy, 0, sizeof(p->slot_busy));
	p->ctrl_inflight = false;
	p->need_reset = false;
}

/*
 * Re-arm a QP that failed before the peer ever answered (it was not up
 * yet): back to RESET and up again with the same initial PSNs, which the
 * peer's fresh QP expects. Completions of the old epoch are ignored.
 */
static void fr_peer_rearm(struct fr_peer *p)
{
	struct ib_qp_attr a = { .qp_state = IB_QPS_RESET };
	int err;

	spin_lock(&p->lock);
	p->state = FR_RESETTING;
	p->epoch++;
	fr_peer_reset_state(p);
	spin_unlock(&p->lock);
	atomic64_inc(&p->resets);
	err = ib_modify_qp(p->qp, &a, IB_QP_STATE);
	if (!err)
		err = fr_qp_arm(p);
	spin_lock(&p->lock);
	p->state = err ? FR_DEAD : FR_CONNECTING;
	spin_unlock(&p->lock);
	wake_up_all(&p->wq);
	if (err) {
		pr_err("fit: rdma: node %u: cannot re-arm QP %#x (%d)\n", p->node,
		       p->qp->qp_num, err);
		fit_node_set_up(p->node, false, "QP re-arm failed");
	}
}

/* A completion with an error status (not a flush) on @p's QP. */
static void fr_peer_error(struct fr_peer *p, enum ib_wc_status status)
{
	bool dead = false;

	atomic64_inc(&p->errors);
	spin_lock(&p->lock);
	if (p->state == FR_CONNECTING) {
		p->need_reset = true;
	} else if (p->state == FR_CONNECTED) {
		p->state = FR_DEAD;
		dead = true;
	}
	spin_unlock(&p->lock);
	if (!dead)
		return;
	wake_up_all(&p->wq);
	pr_err("fit: rdma: node %u: connection lost (work completion status %d)\n",
	       p->node, status);
	fit_node_set_up(p->node, false, status == IB_WC_RETRY_EXC_ERR ?
			"RDMA retry count exceeded" : "RDMA error");
}

/* Caller holds @p->lock. */
static void fr_mark_connected(struct fr_peer *p)
{
	if (p->state == FR_CONNECTING)
		p->state = FR_CONNECTED;
}

/*
 * Tell the peer about refilled buffers when enough wait and no message is
 * going its way to carry them. At most one credit-only message is in
 * flight, and the peer keeps FR_SPARE buffers for them. Completion thread.
 */
static void fr_send_credits(struct fr_peer *p)
{
	struct ib_sge sge;
	struct ib_send_wr wr;
	u32 slot, n;
	int err;

	spin_lock(&p->lock);
	if (p->ctrl_inflight || p->ret_credits < FR_CREDIT_BATCH ||
	    (p->state != FR_CONNECTED && p->state != FR_CONNECTING) ||
	    p->slot_busy[p->s_next]) {
		spin_unlock(&p->lock);
		return;
	}
	slot = p->s_next;
	n = p->ret_credits;
	sge = (struct ib_sge){
		.addr = (u64)(unsigned long)fr_sslot(p, slot), .length = 4,
		.lkey = p->smr->lkey,
	};
	memset(fr_sslot(p, slot), 0, 4);
	wr = (struct ib_send_wr){
		.wr_id = FR_WR_CTRL | fr_wrid(p, slot), .opcode = IB_WR_SEND_WITH_IMM,
		.send_flags = IB_SEND_SIGNALED, .sg_list = &sge, .num_sge = 1,
		.imm_data = FR_IMM_MAGIC | FR_IMM_CREDIT | n,
	};
	err = ib_post_send(p->qp, &wr);
	if (!err) {
		p->s_next = (slot + 1) % FR_SQ_DEPTH;
		p->slot_busy[slot] = true;
		p->ctrl_inflight = true;
		p->ret_credits = 0;
	}
	spin_unlock(&p->lock);
	if (!err)
		atomic64_inc(&p->credit_msgs);
	else
		atomic64_inc(&p->errors);
}

/* May a sender go on (or give up)? Read without the lock, rechecked under it. */
static bool fr_can_send(struct fr_peer *p)
{
	u32 state = READ_ONCE(p->state);

	if (state == FR_DEAD)
		return true;
	return state != FR_RESETTING && READ_ONCE(p->credits) &&
	       !READ_ONCE(p->slot_busy[READ_ONCE(p->s_next)]);
}

static bool fr_reaches(u32 node)
{
	return node < FIT_MAX_NODES && node != fit_local_node() &&
	       smp_load_acquire(&fr_running) && fr_peers[node];
}

/*
 * The transport's send(): copy the message into a send slot and post it.
 * Sleeps (up to fit.rdma_send_wait_ms) while the peer has no buffer for it.
 */
static int fr_send(u32 node, const struct fit_hdr *hdr, const void *payload)
{
	struct fr_peer *p = fr_reaches(node) ? fr_peers[node] : NULL;
	u32 len = sizeof(*hdr) + hdr->payload_len;
	u64 deadline = ktime_get_ns() + (u64)fr_send_wait_ms * NSEC_PER_MSEC;
	struct ib_send_wr wr;
	struct ib_sge sge;
	bool waited = false;
	u32 slot;
	u8 *buf;
	u64 now;
	int err;

	if (!p)
		return FIT_EHOSTDOWN;
	if (len > FR_BUF)
		return FIT_EMSGSIZE;
	spin_lock(&p->lock);
	while (p->state == FR_RESETTING || !p->credits || p->slot_busy[p->s_next]) {
		if (p->state == FR_DEAD)
			break;
		spin_unlock(&p->lock);
		if (!waited)
			atomic64_inc(&p->credit_waits);
		waited = true;
		now = ktime_get_ns();
		if (now >= deadline ||
		    !wait_event_timeout(p->wq, fr_can_send(p),
					msecs_to_jiffies((deadline - now) / NSEC_PER_MSEC + 1))) {
			atomic64_inc(&p->send_timeouts);
			return -ETIMEDOUT;
		}
		spin_lock(&p->lock);
	}
	if (p->state == FR_DEAD) {
		spin_unlock(&p->lock);
		return FIT_EHOSTDOWN;
	}
	slot = p->s_next;
	buf = fr_sslot(p, slot);
	memcpy(buf, hdr, sizeof(*hdr));
	if (hdr->payload_len)
		memcpy(buf + sizeof(*hdr), payload, hdr->payload_len);
	sge = (struct ib_sge){ .addr = (u64)(unsigned long)buf, .length = len,
			       .lkey = p->smr->lkey };
	wr = (struct ib_send_wr){
		.wr_id = fr_wrid(p, slot), .opcode = IB_WR_SEND_WITH_IMM,
		.send_flags = IB_SEND_SIGNALED, .sg_list = &sge, .num_sge = 1,
		.imm_data = FR_IMM_MAGIC | FR_IMM_MSG | p->ret_credits,
	};
	err = ib_post_send(p->qp, &wr);
	if (!err) {
		p->s_next = (slot + 1) % FR_SQ_DEPTH;
		p->slot_busy[slot] = true;
		p->credits--;
		p->ret_credits = 0;
	}
	spin_unlock(&p->lock);
	if (err) {
		atomic64_inc(&p->errors);
		return err;
	}
	atomic64_inc(&p->tx);
	atomic64_add(len, &p->tx_bytes);
	return 0;
}

/* One receive completion for @p, buffer @i. */
static void fr_recv_done(struct fr_peer *p, u32 i, const struct ib_wc *wc)
{
	u32 imm = wc->imm_data, kind = imm & FR_IMM_KIND_MASK;
	u32 got = imm & FR_IMM_CREDITS_MASK;
	bool msg = kind != FR_IMM_CREDIT;
	int err;

	if (!(wc->wc_flags & IB_WC_WITH_IMM) || (imm & FR_IMM_MAGIC_MASK) != FR_IMM_MAGIC ||
	    (kind != FR_IMM_MSG && kind != FR_IMM_CREDIT) || wc->byte_len > FR_BUF) {
		atomic64_inc(&p->bad_rx);	/* not ours: drop, keep the buffer */
		got = 0;
	} else if (msg) {
		atomic64_inc(&p->rx);
		atomic64_add(wc->byte_len, &p->rx_bytes);
		fit_recv(fr_rslot(p, i), wc->byte_len);	/* copies what it keeps */
	}
	err = fr_post_recv(p, i);
	spin_lock(&p->lock);
	fr_mark_connected(p);
	if (p->credits + got > FR_CREDITS) {	/* a confused peer: never trust it */
		atomic64_inc(&p->bad_rx);
		got = FR_CREDITS - p->credits;
	}
	p->credits += got;
	if (!err && msg)
		p->ret_credits++;
	spin_unlock(&p->lock);
	if (err)
		atomic64_inc(&p->errors);
	if (got)
		wake_up_all(&p->wq);
}

/* One send completion for @p, slot @slot. */
static void fr_send_done(struct fr_peer *p, u32 slot, bool ctrl, const struct ib_wc *wc)
{
	spin_lock(&p->lock);
	p->slot_busy[slot] = false;
	if (ctrl)
		p->ctrl_inflight = false;
	if (wc->status == IB_WC_SUCCESS)
		fr_mark_connected(p);
	spin_unlock(&p->lock);
	wake_up_all(&p->wq);
}

static void fr_handle_wc(const struct ib_wc *wc)
{
	u32 node = (wc->wr_id >> 32) & 0xff, slot = (u32)wc->wr_id;
	u32 epoch = (wc->wr_id >> 48) & 0xff;
	bool recv = wc->wr_id & FR_WR_RECV;
	struct fr_peer *p = node < FIT_MAX_NODES ? fr_peers[node] : NULL;

	if (!p || slot >= (recv ? FR_RQ_DEPTH : FR_SQ_DEPTH) || wc->qp_num != p->qp->qp_num)
		return;
	if (epoch != (READ_ONCE(p->epoch) & 0xff))
		return;		/* from before a re-arm */
	if (wc->status == IB_WC_WR_FLUSH_ERR)
		return;		/* the QP went to error; the first error said why */
	if (wc->status != IB_WC_SUCCESS) {
		fr_peer_error(p, wc->status);
		return;
	}
	if (recv)
		fr_recv_done(p, slot, wc);
	else
		fr_send_done(p, slot, wc->wr_id & FR_WR_CTRL, wc);
}

/* Poll once; returns completions handled. */
static int fr_poll_once(void)
{
	struct ib_wc wc[FR_POLL_BATCH];
	int n, i;

	n = ib_poll_cq(fr_cq, FR_POLL_BATCH, wc);
	for (i = 0; i < n; i++)
		fr_handle_wc(&wc[i]);
	return n > 0 ? n : 0;
}

static void fr_cq_event(struct ib_cq *cq, void *context)
{
	WRITE_ONCE(fr_kick, 1);
	wake_up(&fr_poll_wq);
}

/* Per-peer chores after a round of completions: resets, credit returns. */
static void fr_peer_chores(void)
{
	struct fr_peer *p;
	u32 node;

	for (node = 0; node < FIT_MAX_NODES; node++) {
		p = fr_peers[node];
		if (!p)
			continue;
		if (READ_ONCE(p->need_reset))
			fr_peer_rearm(p);
		fr_send_credits(p);
	}
}

/*
 * The completion thread, pinned to one CPU: polls the CQ, hands messages
 * to fit_recv(), refills receive buffers and returns credits; sleeps on
 * the CQ notification (and at most 10 ms, for providers that progress only
 * when polled) when nothing comes for fit.rdma_spin_us.
 */
static int fr_poll_main(void *unused)
{
	u64 spin_end;
	int n;

	for (;;) {
		n = fr_poll_once();
		fr_peer_chores();
		if (n)
			continue;
		spin_end = ktime_get_ns() + (u64)fr_spin_us * 1000;
		while (!n && ktime_get_ns() < spin_end) {
			cpu_relax();
			n = fr_poll_once();
		}
		if (n)
			continue;
		WRITE_ONCE(fr_kick, 0);
		ib_req_notify_cq(fr_cq);
		if (fr_poll_once())
			continue;
		wait_event_timeout(fr_poll_wq, READ_ONCE(fr_kick), msecs_to_jiffies(10));
	}
	return 0;
}

static void fr_dump_stats(void)
{
	struct fr_peer *p;
	u32 node;

	for (node = 0; node < FIT_MAX_NODES; node++) {
		p = fr_peers[node];
		if (!p)
			continue;
		pr_info("fit: rdma node %u %s: tx %llu (%llu B) rx %llu (%llu B) credits %u credit_msgs %llu credit_waits %llu send_timeouts %llu resets %llu bad_rx %llu errors %llu\n",
			node, fr_state_names[READ_ONCE(p->state)],
			(unsigned long long)atomic64_read(&p->tx),
			(unsigned long long)atomic64_read(&p->tx_bytes),
			(unsigned long long)atomic64_read(&p->rx),
			(unsigned long long)atomic64_read(&p->rx_bytes),
			READ_ONCE(p->credits),
			(unsigned long long)atomic64_read(&p->credit_msgs),
			(unsigned long long)atomic64_read(&p->credit_waits),
			(unsigned long long)atomic64_read(&p->send_timeouts),
			(unsigned long long)atomic64_read(&p->resets),
			(unsigned long long)atomic64_read(&p->bad_rx),
			(unsigned long long)atomic64_read(&p->errors));
	}
}

static const struct fit_transport_ops fr_ops = {
	.name = "rdma",
	.reaches = fr_reaches,
	.send = fr_send,
	.dump_stats = fr_dump_stats,
};

/* Create the QP numbered FR_QPN_BASE + @node (checked). */
static struct ib_qp *fr_create_qp(u32 node)
{
	struct ib_qp_init_attr init = {
		.send_cq = fr_cq, .recv_cq = fr_cq,
		.max_send_wr = FR_SQ_DEPTH, .max_recv_wr = FR_RQ_DEPTH,
		.max_send_sge = 1, .max_recv_sge = 1, .sq_sig_all = true,
		.qp_type = IB_QPT_RC,
	};
	struct ib_qp *qp = ib_create_qp(fr_pd, &init);

	if (IS_ERR(qp))
		return qp;
	if (qp->qp_num != FR_QPN_BASE + node) {
		pr_err("fit: rdma: got QP %#x for node %u, want %#x: FIT must create the first QPs of the node\n",
		       qp->qp_num, node, FR_QPN_BASE + node);
		ib_destroy_qp(qp);
		return ERR_PTR(-EBUSY);
	}
	return qp;
}

static void fr_peer_free(struct fr_peer *p)
{
	if (p->qp && !IS_ERR(p->qp))
		ib_destroy_qp(p->qp);
	if (p->rmr && !IS_ERR(p->rmr))
		ib_dereg_mr(p->rmr);
	if (p->smr && !IS_ERR(p->smr))
		ib_dereg_mr(p->smr);
	vfree(p->rbuf);
	vfree(p->sbuf);
	kfree(p);
}

static struct fr_peer *fr_peer_create(u32 node)
{
	struct fr_peer *p = kzalloc(sizeof(*p), GFP_KERNEL);
	int err = -ENOMEM;

	if (!p)
		return ERR_PTR(-ENOMEM);
	p->node = node;
	spin_lock_init(&p->lock);
	init_waitqueue_head(&p->wq);
	fr_peer_reset_state(p);
	p->state = FR_CONNECTING;
	p->rbuf = vmalloc((size_t)FR_RQ_DEPTH * FR_BUF);
	p->sbuf = vmalloc((size_t)FR_SQ_DEPTH * FR_BUF);
	if (!p->rbuf || !p->sbuf)
		goto fail;
	p->rmr = ib_reg_mr(fr_pd, p->rbuf, (u64)FR_RQ_DEPTH * FR_BUF, IB_ACCESS_LOCAL_WRITE);
	if (IS_ERR(p->rmr)) {
		err = PTR_ERR(p->rmr);
		goto fail;
	}
	p->smr = ib_reg_mr(fr_pd, p->sbuf, (u64)FR_SQ_DEPTH * FR_BUF, 0);
	if (IS_ERR(p->smr)) {
		err = PTR_ERR(p->smr);
		goto fail;
	}
	p->qp = fr_create_qp(node);
	if (IS_ERR(p->qp)) {
		err = PTR_ERR(p->qp);
		goto fail;
	}
	return p;
fail:
	fr_peer_free(p);
	return ERR_PTR(err);
}

/* Warn when the device's GID is not the address fit.peers= gives this node. */
static void fr_check_gid(void)
{
	union ib_gid gid, want;

	ib_gid_from_ipv4(&want, fit_node_ipv4(fit_local_node()));
	if (ib_query_gid(fr_dev, 1, 0, &gid))
		return;
	if (memcmp(&gid, &want, sizeof(gid)))
		pr_warn("fit: rdma: %s GID 0 is ::ffff:%u.%u.%u.%u, fit.peers= says otherwise for node %u\n",
			fr_dev->name, gid.raw[12], gid.raw[13], gid.raw[14], gid.raw[15],
			fit_local_node());
}

/**
 * fit_rdma_init() - bring up the verbs transport and register it
 *
 * Takes RDMA device fit.rdma_dev= (0), creates a PD, one CQ, and one RC QP
 * per node id (the deterministic numbering above), arms every peer's QP to
 * RTS with its receive ring posted, starts the completion thread on
 * fit.rdma_cpu= and registers the "rdma" transport. Peers need not be up:
 * a QP whose packets go unanswered is re-armed until the peer answers.
 * Return: 0; -ENODEV without a device or fit.peers=; -ENOMEM; a verbs error.
 * Context: fit_init(), process context; sleeps.
 */
int fit_rdma_init(void)
{
	u32 self = fit_local_node(), nodes = fit_nr_nodes(), node;
	struct ib_port_attr pa;
	struct task_struct *k;
	unsigned int cpu;
	int err;

	if (!fit_node_ipv4(self)) {
		pr_err("fit: rdma: no fit.peers= addresses\n");
		return -ENODEV;
	}
	fr_dev = ib_get_device(fr_dev_index);
	if (!fr_dev) {
		pr_err("fit: rdma: no RDMA device %u (is the RoCE provider built and a NIC present?)\n",
		       fr_dev_index);
		return -ENODEV;
	}
	err = ib_query_port(fr_dev, 1, &pa);
	if (err)
		return err;
	if (pa.state != IB_PORT_ACTIVE)
		pr_warn("fit: rdma: %s port 1 is not active (%d)\n", fr_dev->name, pa.state);
	fr_mtu = pa.active_mtu;
	fr_check_gid();
	fr_pd = ib_alloc_pd(fr_dev);
	if (IS_ERR(fr_pd))
		return PTR_ERR(fr_pd);
	fr_cq = ib_create_cq(fr_dev, nodes * (FR_SQ_DEPTH + FR_RQ_DEPTH), fr_cq_event, NULL);
	if (IS_ERR(fr_cq)) {
		err = PTR_ERR(fr_cq);
		goto out_pd;
	}
	for (node = 0; node < nodes; node++) {
		if (node == self) {
			fr_self_qp = fr_create_qp(node);
			if (IS_ERR(fr_self_qp)) {
				err = PTR_ERR(fr_self_qp);
				goto out_peers;
			}
			continue;
		}
		fr_peers[node] = fr_peer_create(node);
		if (IS_ERR(fr_peers[node])) {
			err = PTR_ERR(fr_peers[node]);
			fr_peers[node] = NULL;
			goto out_peers;
		}
	}
	for (node = 0; node < nodes; node++) {
		if (fr_peers[node]) {
			err = fr_qp_arm(fr_peers[node]);
			if (err)
				goto out_peers;
		}
	}
	cpu = fr_cpu >= 0 ? (unsigned int)fr_cpu : num_online_cpus() - 1;
	k = kthread_create_on_cpu(fr_poll_main, NULL, cpu, "fit-rdma/%u", cpu);
	if (IS_ERR(k)) {
		err = PTR_ERR(k);
		goto out_peers;
	}
	smp_store_release(&fr_running, true);
	wake_up_process(k);
	err = fit_transport_register(&fr_ops);
	if (err) {	/* the thread stays, idle: nothing reaches the peers */
		pr_err("fit: rdma: cannot register the transport (%d)\n", err);
		return err;
	}
	pr_info("fit: rdma over %s: %u peers, QPs %#x.., MTU %u, %u credits, completion thread on CPU %u\n",
		fr_dev->name, nodes - 1, FR_QPN_BASE, ib_mtu_to_bytes(fr_mtu), FR_CREDITS, cpu);
	return 0;

out_peers:
	for (node = 0; node < nodes; node++) {
		if (fr_peers[node])
			fr_peer_free(fr_peers[node]);
		fr_peers[node] = NULL;
	}
	if (fr_self_qp && !IS_ERR(fr_self_qp))
		ib_destroy_qp(fr_self_qp);
	fr_self_qp = NULL;
	ib_destroy_cq(fr_cq);
out_pd:
	ib_dealloc_pd(fr_pd);
	pr_err("fit: rdma: setup failed (%d)\n", err);
	return err;
}

/**
 * fit_rdma_reaches() - does the verbs transport run and reach @node?
 * @node: a node id
 *
 * Return: true if a connection to @node exists and is not dead. Context: any.
 */
bool fit_rdma_reaches(u32 node)
{
	return fr_reaches(node) && READ_ONCE(fr_peers[node]->state) != FR_DEAD;
}
