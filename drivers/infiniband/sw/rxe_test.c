// SPDX-License-Identifier: GPL-2.0
/*
 * Suite "rxe": two RC QPs on one software RoCE device talking through a NIC
 * whose backend returns every frame; data, errors, RNR, loss, bad frames.
 */
#include <tessera/err.h>
#include <tessera/errno.h>
#include <tessera/ib_verbs.h>
#include <tessera/kernel.h>
#include <tessera/ktest.h>
#include <tessera/rxe.h>
#include <tessera/sched.h>
#include <tessera/string.h>
#include <tessera/time.h>
#include <tessera/vmalloc.h>
#include "rxe.h"

#define BUF_SIZE	(256u * 1024)
#define WAIT_MS		5000
#define TO_NORMAL	14	/* 67 ms ACK timeout */
#define TO_FAST		12	/* 16.8 ms */

/**
 * struct pair - two connected QPs (0 → 1 and back) with a buffer and MR each
 * @qp, @scq, @rcq: the QPs and their send and receive CQs
 * @buf, @mr: BUF_SIZE bytes each, registered with every right
 */
struct pair {
	struct ib_pd *pd;
	struct ib_cq *scq[2], *rcq[2];
	struct ib_qp *qp[2];
	u8 *buf[2];
	struct ib_mr *mr[2];
};

static struct rxe_dev *rdev;

static const char *skip_reason(void)
{
	return "no software RoCE device (needs a virtio-net NIC and roce.ip=A.B.C.D)";
}

#define NEED_DEV(t) do {				\
	if (!rdev) {					\
		ktest_skip(t, skip_reason());		\
		return;					\
	}						\
} while (0)

static void fill(u8 *p, u32 len, u32 seed)
{
	u32 i;

	for (i = 0; i < len; i++)
		p[i] = (u8)(seed * 131 + i * 7 + (i >> 8));
}

static bool check(const u8 *p, u32 len, u32 seed)
{
	u32 i;

	for (i = 0; i < len; i++)
		if (p[i] != (u8)(seed * 131 + i * 7 + (i >> 8)))
			return false;
	return true;
}

/* One completion from @cq within WAIT_MS, else status GENERAL_ERR and false. */
static bool wait_wc(struct ib_cq *cq, struct ib_wc *wc)
{
	u64 end = ktime_get_ns() + WAIT_MS * NSEC_PER_MSEC;

	while (ktime_get_ns() < end) {
		if (ib_poll_cq(cq, 1, wc) == 1)
			return true;
		yield();
	}
	memset(wc, 0, sizeof(*wc));
	wc->status = IB_WC_GENERAL_ERR;
	return false;
}

/* Nothing arrives on @cq for @ms. */
static bool quiet(struct ib_cq *cq, unsigned int ms)
{
	u64 end = ktime_get_ns() + ms * NSEC_PER_MSEC;
	struct ib_wc wc;

	while (ktime_get_ns() < end) {
		if (ib_poll_cq(cq, 1, &wc))
			return false;
		yield();
	}
	return true;
}

static int connect(struct ib_qp *qp, u32 dest, enum ib_mtu mtu, u32 rq_psn,
		   u32 sq_psn, u8 timeout)
{
	struct ib_qp_attr a;
	int err;

	memset(&a, 0, sizeof(a));
	a.qp_state = IB_QPS_INIT;
	a.port_num = 1;
	a.qp_access_flags = IB_ACCESS_LOCAL_WRITE | IB_ACCESS_REMOTE_WRITE |
			    IB_ACCESS_REMOTE_READ;
	err = ib_modify_qp(qp, &a, IB_QP_STATE | IB_QP_PKEY_INDEX | IB_QP_PORT |
			   IB_QP_ACCESS_FLAGS);
	if (err)
		return err;
	a.qp_state = IB_QPS_RTR;
	ib_query_gid(qp->device, 1, 0, &a.ah_attr.dgid);
	a.path_mtu = mtu;
	a.dest_qp_num = dest;
	a.rq_psn = rq_psn;
	a.max_dest_rd_atomic = 4;
	a.min_rnr_timer = 1;		/* 10 us */
	err = ib_modify_qp(qp, &a, IB_QP_STATE | IB_QP_AV | IB_QP_PATH_MTU |
			   IB_QP_DEST_QPN | IB_QP_RQ_PSN | IB_QP_MAX_DEST_RD_ATOMIC |
			   IB_QP_MIN_RNR_TIMER);
	if (err)
		return err;
	a.qp_state = IB_QPS_RTS;
	a.timeout = timeout;
	a.retry_cnt = 7;
	a.rnr_retry = 7;
	a.sq_psn = sq_psn;
	a.max_rd_atomic = 4;
	return ib_modify_qp(qp, &a, IB_QP_STATE | IB_QP_TIMEOUT | IB_QP_RETRY_CNT |
			    IB_QP_RNR_RETRY | IB_QP_SQ_PSN | IB_QP_MAX_QP_RD_ATOMIC);
}

static void pair_destroy(struct pair *p)
{
	int i;

	for (i = 0; i < 2; i++) {
		if (!IS_ERR_OR_NULL(p->qp[i]))
			ib_destroy_qp(p->qp[i]);
		if (!IS_ERR_OR_NULL(p->mr[i]))
			ib_dereg_mr(p->mr[i]);
		if (!IS_ERR_OR_NULL(p->scq[i]))
			ib_destroy_cq(p->scq[i]);
		if (!IS_ERR_OR_NULL(p->rcq[i]))
			ib_destroy_cq(p->rcq[i]);
		vfree(p->buf[i]);
	}
	if (!IS_ERR_OR_NULL(p->pd))
		ib_dealloc_pd(p->pd);
	memset(p, 0, sizeof(*p));
}

/* Two QPs connected to each other; PSNs start near the 2^24 wrap. */
static int pair_create(struct pair *p, enum ib_mtu mtu, u8 timeout)
{
	struct ib_qp_init_attr ia = {
		.max_send_wr = 64, .max_recv_wr = 64, .max_send_sge = 2,
		.max_recv_sge = 2, .qp_type = IB_QPT_RC,
	};
	const u32 access = IB_ACCESS_LOCAL_WRITE | IB_ACCESS_REMOTE_WRITE |
			   IB_ACCESS_REMOTE_READ;
	int i;

	memset(p, 0, sizeof(*p));
	p->pd = ib_alloc_pd(&rdev->ib);
	if (IS_ERR(p->pd))
		goto fail;
	for (i = 0; i < 2; i++) {
		p->scq[i] = ib_create_cq(&rdev->ib, 256, NULL, NULL);
		p->rcq[i] = ib_create_cq(&rdev->ib, 256, NULL, NULL);
		p->buf[i] = vmalloc(BUF_SIZE);
		if (IS_ERR(p->scq[i]) || IS_ERR(p->rcq[i]) || !p->buf[i])
			goto fail;
		memset(p->buf[i], 0, BUF_SIZE);
		p->mr[i] = ib_reg_mr(p->pd, p->buf[i], BUF_SIZE, access);
		ia.send_cq = p->scq[i];
		ia.recv_cq = p->rcq[i];
		p->qp[i] = ib_create_qp(p->pd, &ia);
		if (IS_ERR(p->mr[i]) || IS_ERR(p->qp[i]))
			goto fail;
	}
	if (connect(p->qp[0], p->qp[1]->qp_num, mtu, 0x100, 0xfffff0, timeout) ||
	    connect(p->qp[1], p->qp[0]->qp_num, mtu, 0xfffff0, 0x100, timeout))
		goto fail;
	return 0;
fail:
	pair_destroy(p);
	return -ENOMEM;
}

static int post_recv(struct pair *p, int side, u32 off, u32 len, u64 id)
{
	struct ib_sge sge = { (u64)(unsigned long)(p->buf[side] + off), len,
			      p->mr[side]->lkey };
	struct ib_recv_wr wr = { .wr_id = id, .sg_list = &sge, .num_sge = 1 };

	return ib_post_recv(p->qp[side], &wr);
}

static int post_send(struct pair *p, int side, enum ib_wr_opcode op, u32 off, u32 len,
		     u64 raddr, u32 rkey, u32 imm, u64 id)
{
	struct ib_sge sge = { (u64)(unsigned long)(p->buf[side] + off), len,
			      p->mr[side]->lkey };
	struct ib_send_wr wr = {
		.wr_id = id, .opcode = op, .send_flags = IB_SEND_SIGNALED,
		.sg_list = &sge, .num_sge = 1, .imm_data = imm,
		.remote_addr = raddr, .rkey = rkey,
	};

	return ib_post_send(p->qp[side], &wr);
}

static u64 raddr(struct pair *p, int side, u32 off)
{
	return (u64)(unsigned long)(p->buf[side] + off);
}

static void rxe_device_port_gid(struct ktest *t)
{
	struct ib_port_attr pa;
	union ib_gid gid;

	NEED_DEV(t);
	KTEST_EXPECT_EQ(t, ib_query_port(&rdev->ib, 1, &pa), 0);
	KTEST_EXPECT_EQ(t, pa.state, IB_PORT_ACTIVE);
	KTEST_EXPECT_EQ(t, ib_mtu_to_bytes(pa.active_mtu), 1024);	/* NIC MTU 1500 */
	KTEST_EXPECT_EQ(t, ib_query_gid(&rdev->ib, 1, 0, &gid), 0);
	KTEST_EXPECT_EQ(t, gid.raw[10], 0xff);
	KTEST_EXPECT_EQ(t, gid.raw[11], 0xff);
	KTEST_EXPECT_EQ(t, (u32)gid.raw[12] << 24 | (u32)gid.raw[13] << 16 |
			   (u32)gid.raw[14] << 8 | gid.raw[15], rdev->ip);
	KTEST_EXPECT_EQ(t, ib_query_gid(&rdev->ib, 1, 1, &gid), -EINVAL);
}

/* SEND @len bytes 0 → 1 and check both completions and the data. */
static void one_send(struct ktest *t, struct pair *p, u32 len, u32 seed, bool imm)
{
	struct ib_wc wc;

	fill(p->buf[0], len, seed);
	memset(p->buf[1], 0xee, len + 16);
	KTEST_ASSERT_EQ(t, post_recv(p, 1, 0, 65536 + 16, seed), 0);
	KTEST_ASSERT_EQ(t, post_send(p, 0, imm ? IB_WR_SEND_WITH_IMM : IB_WR_SEND, 0, len,
				     0, 0, 0xdeadbeef ^ seed, seed), 0);
	KTEST_EXPECT_TRUE(t, wait_wc(p->scq[0], &wc));
	KTEST_EXPECT_EQ(t, wc.status, IB_WC_SUCCESS);
	KTEST_EXPECT_EQ(t, wc.opcode, IB_WC_SEND);
	KTEST_EXPECT_EQ(t, wc.wr_id, seed);
	KTEST_EXPECT_TRUE(t, wait_wc(p->rcq[1], &wc));
	KTEST_EXPECT_EQ(t, wc.status, IB_WC_SUCCESS);
	KTEST_EXPECT_EQ(t, wc.opcode, IB_WC_RECV);
	KTEST_EXPECT_EQ(t, wc.wr_id, seed);
	KTEST_EXPECT_EQ(t, wc.byte_len, len);
	KTEST_EXPECT_EQ(t, wc.src_qp, p->qp[0]->qp_num);
	KTEST_EXPECT_EQ(t, wc.wc_flags, imm ? IB_WC_WITH_IMM : 0);
	if (imm)
		KTEST_EXPECT_EQ(t, wc.imm_data, 0xdeadbeef ^ seed);
	KTEST_EXPECT_TRUE(t, check(p->buf[1], len, seed));
	KTEST_EXPECT_EQ(t, p->buf[1][len], 0xee);	/* nothing past the message */
}

static const u32 send_sizes[] = {
	1, 2, 3, 4, 5, 63, 64, 255, 256, 257, 1023, 1024, 1025, 2047, 2048, 4095,
	4096, 4097, 10000, 32768, 65535, 65536,
};

static void rxe_send_recv_mtu1024(struct ktest *t)
{
	struct pair p;
	unsigned int i;

	NEED_DEV(t);
	KTEST_ASSERT_EQ(t, pair_create(&p, IB_MTU_1024, TO_NORMAL), 0);
	for (i = 0; i < ARRAY_SIZE(send_sizes); i++)
		one_send(t, &p, send_sizes[i], i + 1, false);
	one_send(t, &p, 0, 99, false);
	pair_destroy(&p);
}

/* Path MTU 4096 is clamped to what the NIC carries (1024); 256 segments finer. */
static void rxe_send_recv_other_mtus(struct ktest *t)
{
	struct ib_qp_attr a;
	struct pair p;
	unsigned int i;

	NEED_DEV(t);
	KTEST_ASSERT_EQ(t, pair_create(&p, IB_MTU_4096, TO_NORMAL), 0);
	ib_query_qp(p.qp[0], &a);
	KTEST_EXPECT_EQ(t, to_rqp(p.qp[0])->mtu, 1024);
	for (i = 0; i < ARRAY_SIZE(send_sizes); i += 3)
		one_send(t, &p, send_sizes[i], i + 40, false);
	pair_destroy(&p);
	KTEST_ASSERT_EQ(t, pair_create(&p, IB_MTU_256, TO_NORMAL), 0);
	for (i = 0; i < ARRAY_SIZE(send_sizes); i += 2)
		one_send(t, &p, send_sizes[i], i + 70, false);
	pair_destroy(&p);
}

static void rxe_send_with_imm(struct ktest *t)
{
	struct pair p;

	NEED_DEV(t);
	KTEST_ASSERT_EQ(t, pair_create(&p, IB_MTU_1024, TO_NORMAL), 0);
	one_send(t, &p, 4, 5, true);
	one_send(t, &p, 5000, 6, true);
	one_send(t, &p, 0, 7, true);
	pair_destroy(&p);
}

static void rxe_rdma_write(struct ktest *t)
{
	static const u32 lens[] = { 1, 1024, 1025, 20000, 100000 };
	struct ib_wc wc;
	struct pair p;
	unsigned int i;

	NEED_DEV(t);
	KTEST_ASSERT_EQ(t, pair_create(&p, IB_MTU_1024, TO_NORMAL), 0);
	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		fill(p.buf[0], lens[i], i + 10);
		memset(p.buf[1], 0, BUF_SIZE);
		KTEST_ASSERT_EQ(t, post_send(&p, 0, IB_WR_RDMA_WRITE, 0, lens[i],
					     raddr(&p, 1, 100), p.mr[1]->rkey, 0, i), 0);
		KTEST_EXPECT_TRUE(t, wait_wc(p.scq[0], &wc));
		KTEST_EXPECT_EQ(t, wc.status, IB_WC_SUCCESS);
		KTEST_EXPECT_EQ(t, wc.opcode, IB_WC_RDMA_WRITE);
		KTEST_EXPECT_TRUE(t, check(p.buf[1] + 100, lens[i], i + 10));
		KTEST_EXPECT_EQ(t, p.buf[1][99], 0);
		KTEST_EXPECT_EQ(t, p.buf[1][100 + lens[i]], 0);
	}
	KTEST_EXPECT_TRUE(t, quiet(p.rcq[1], 20));	/* plain WRITEs use no receive */
	/* with immediate: consumes a receive, which reports the length */
	fill(p.buf[0], 5000, 77);
	KTEST_ASSERT_EQ(t, post_recv(&p, 1, 0, 16, 500), 0);
	KTEST_ASSERT_EQ(t, post_send(&p, 0, IB_WR_RDMA_WRITE_WITH_IMM, 0, 5000,
				     raddr(&p, 1, 4096), p.mr[1]->rkey, 0x01020304, 9), 0);
	KTEST_EXPECT_TRUE(t, wait_wc(p.scq[0], &wc));
	KTEST_EXPECT_EQ(t, wc.status, IB_WC_SUCCESS);
	KTEST_EXPECT_TRUE(t, wait_wc(p.rcq[1], &wc));
	KTEST_EXPECT_EQ(t, wc.status, IB_WC_SUCCESS);
	KTEST_EXPECT_EQ(t, wc.opcode, IB_WC_RECV_RDMA_WITH_IMM);
	KTEST_EXPECT_EQ(t, wc.wr_id, 500);
	KTEST_EXPECT_EQ(t, wc.imm_data, 0x01020304);
	KTEST_EXPECT_EQ(t, wc.byte_len, 5000);
	KTEST_EXPECT_TRUE(t, check(p.buf[1] + 4096, 5000, 77));
	pair_destroy(&p);
}

static void rxe_rdma_read(struct ktest *t)
{
	static const u32 lens[] = { 1, 1024, 3000, 65536, 150000 };
	struct ib_wc wc;
	struct pair p;
	unsigned int i;

	NEED_DEV(t);
	KTEST_ASSERT_EQ(t, pair_create(&p, IB_MTU_1024, TO_NORMAL), 0);
	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		fill(p.buf[1] + 8, lens[i], i + 20);
		memset(p.buf[0], 0xaa, BUF_SIZE);
		KTEST_ASSERT_EQ(t, post_send(&p, 0, IB_WR_RDMA_READ, 16, lens[i],
					     raddr(&p, 1, 8), p.mr[1]->rkey, 0, i), 0);
		KTEST_EXPECT_TRUE(t, wait_wc(p.scq[0], &wc));
		KTEST_EXPECT_EQ(t, wc.status, IB_WC_SUCCESS);
		KTEST_EXPECT_EQ(t, wc.opcode, IB_WC_RDMA_READ);
		KTEST_EXPECT_TRUE(t, check(p.buf[0] + 16, lens[i], i + 20));
		KTEST_EXPECT_EQ(t, p.buf[0][15], 0xaa);
		KTEST_EXPECT_EQ(t, p.buf[0][16 + lens[i]], 0xaa);
	}
	pair_destroy(&p);
}

/* A bad remote request: the requester sees @status, both QPs end in ERR. */
static void expect_remote_err(struct ktest *t, enum ib_wr_opcode op, u32 len,
			      u64 addr_off, bool bad_key)
{
	const u32 region = 4096, at = 65536;
	struct ib_mr *small;
	struct ib_qp_attr a;
	struct ib_wc wc;
	struct pair p;
	u32 i;

	KTEST_ASSERT_EQ(t, pair_create(&p, IB_MTU_1024, TO_NORMAL), 0);
	/* a 4 KiB region in the middle of side 1's buffer; the rest is guard */
	small = ib_reg_mr(p.pd, p.buf[1] + at, region, IB_ACCESS_LOCAL_WRITE |
			  IB_ACCESS_REMOTE_WRITE | IB_ACCESS_REMOTE_READ);
	KTEST_ASSERT_TRUE(t, !IS_ERR(small));
	memset(p.buf[1], 0x5a, BUF_SIZE);
	fill(p.buf[0], len, 3);
	KTEST_ASSERT_EQ(t, post_send(&p, 0, op, 0, len, raddr(&p, 1, at) + addr_off,
				     bad_key ? small->rkey ^ 0x40 : small->rkey, 0, 1), 0);
	KTEST_EXPECT_TRUE(t, wait_wc(p.scq[0], &wc));
	KTEST_EXPECT_EQ(t, wc.status, IB_WC_REM_ACCESS_ERR);
	KTEST_EXPECT_EQ(t, wc.wr_id, 1);
	for (i = 0; i < BUF_SIZE && p.buf[1][i] == 0x5a; i++)
		;
	KTEST_EXPECT_EQ(t, i, BUF_SIZE);	/* not a byte written, in or out */
	ib_query_qp(p.qp[0], &a);
	KTEST_EXPECT_EQ(t, a.qp_state, IB_QPS_ERR);
	KTEST_EXPECT_TRUE(t, quiet(p.scq[1], 20));
	ib_query_qp(p.qp[1], &a);
	KTEST_EXPECT_EQ(t, a.qp_state, IB_QPS_ERR);
	ib_dereg_mr(small);
	pair_destroy(&p);
}

static void rxe_remote_access_errors(struct ktest *t)
{
	u64 nak0;

	NEED_DEV(t);
	nak0 = READ_ONCE(rdev->c[RXE_C_ACCESS_NAK_TX]);
	expect_remote_err(t, IB_WR_RDMA_WRITE, 100, 0, true);	/* wrong rkey */
	expect_remote_err(t, IB_WR_RDMA_WRITE, 3000, 2000, false);	/* runs past the end */
	expect_remote_err(t, IB_WR_RDMA_WRITE, 16, (u64)-16, false);	/* starts before */
	expect_remote_err(t, IB_WR_RDMA_WRITE, 1, 4096, false);	/* one past the end */
	expect_remote_err(t, IB_WR_RDMA_READ, 4097, 0, false);
	expect_remote_err(t, IB_WR_RDMA_READ, 8, 0, true);
	KTEST_EXPECT_EQ(t, READ_ONCE(rdev->c[RXE_C_ACCESS_NAK_TX]) - nak0, 6);
}

static void rxe_rnr_then_success(struct ktest *t)
{
	struct ib_wc wc;
	struct pair p;
	u64 rnr0;

	NEED_DEV(t);
	KTEST_ASSERT_EQ(t, pair_create(&p, IB_MTU_1024, TO_NORMAL), 0);
	rnr0 = READ_ONCE(rdev->c[RXE_C_RNR_NAK_TX]);
	fill(p.buf[0], 3000, 4);
	KTEST_ASSERT_EQ(t, post_send(&p, 0, IB_WR_SEND, 0, 3000, 0, 0, 0, 42), 0);
	KTEST_EXPECT_TRUE(t, quiet(p.scq[0], 60));	/* no receive: RNR NAKs */
	KTEST_EXPECT_GT(t, READ_ONCE(rdev->c[RXE_C_RNR_NAK_TX]), rnr0);
	KTEST_EXPECT_GT(t, READ_ONCE(rdev->c[RXE_C_RNR_NAK_RX]), 0);
	KTEST_ASSERT_EQ(t, post_recv(&p, 1, 0, 4096, 43), 0);
	KTEST_EXPECT_TRUE(t, wait_wc(p.scq[0], &wc));
	KTEST_EXPECT_EQ(t, wc.status, IB_WC_SUCCESS);
	KTEST_EXPECT_EQ(t, wc.wr_id, 42);
	KTEST_EXPECT_TRUE(t, wait_wc(p.rcq[1], &wc));
	KTEST_EXPECT_EQ(t, wc.status, IB_WC_SUCCESS);
	KTEST_EXPECT_EQ(t, wc.byte_len, 3000);
	KTEST_EXPECT_TRUE(t, check(p.buf[1], 3000, 4));
	KTEST_EXPECT_TRUE(t, quiet(p.rcq[1], 20));	/* exactly once */
	KTEST_EXPECT_TRUE(t, quiet(p.scq[0], 1));
	pair_destroy(&p);
}

/* With 5 % of frames dropped, mixed operations each complete once, intact. */
static void rxe_loss_recovery(struct ktest *t)
{
	const unsigned int rounds = 150;
	u64 rt0, ok = 0;
	unsigned int i, kind;
	struct ib_wc wc;
	struct pair p;
	u32 len;

	NEED_DEV(t);
	KTEST_ASSERT_EQ(t, pair_create(&p, IB_MTU_1024, TO_FAST), 0);
	rt0 = READ_ONCE(rdev->c[RXE_C_RETRANSMIT]);
	rxe_set_drop(&rdev->ib, 5);
	for (i = 0; i < rounds; i++) {
		kind = i % 3;
		len = 1 + (i * 2654435761u) % 9000;
		fill(p.buf[kind == 2 ? 1 : 0] + 70000, len, i);
		memset(p.buf[kind == 2 ? 0 : 1], 0, 70000);
		if (kind == 0)
			post_recv(&p, 1, 0, 65536, i);
		post_send(&p, 0, kind == 0 ? IB_WR_SEND : kind == 1 ? IB_WR_RDMA_WRITE :
			  IB_WR_RDMA_READ, kind == 2 ? 0 : 70000, len,
			  raddr(&p, 1, kind == 2 ? 70000 : 0), p.mr[1]->rkey, 0, i);
		if (!wait_wc(p.scq[0], &wc) || wc.status != IB_WC_SUCCESS || wc.wr_id != i)
			break;
		if (kind == 0 && (!wait_wc(p.rcq[1], &wc) || wc.wr_id != i ||
				  wc.byte_len != len))
			break;
		if (!check(p.buf[kind == 2 ? 0 : 1], len, i))
			break;
		ok++;
	}
	rxe_set_drop(&rdev->ib, 0);
	KTEST_EXPECT_EQ(t, ok, rounds);
	KTEST_EXPECT_TRUE(t, quiet(p.scq[0], 50));	/* none twice */
	KTEST_EXPECT_TRUE(t, quiet(p.rcq[1], 1));
	KTEST_EXPECT_GT(t, READ_ONCE(rdev->c[RXE_C_RETRANSMIT]), rt0);
	KTEST_EXPECT_GT(t, READ_ONCE(rdev->c[RXE_C_RX_DROP_INJECTED]), 0);
	pair_destroy(&p);
}

/* Wait until counter @c moves past @old. */
static bool counter_moves(u64 *c, u64 old)
{
	u64 end = ktime_get_ns() + WAIT_MS * NSEC_PER_MSEC;

	while (READ_ONCE(*c) == old && ktime_get_ns() < end)
		yield();
	return READ_ONCE(*c) != old;
}

static ssize_t build_to(struct pair *p, u8 *f, u32 dqpn, u32 psn, const u8 *data, u32 len)
{
	struct roce_pkt k;

	memset(&k, 0, sizeof(k));
	memcpy(k.dmac, rdev->ndev->mac, ETH_ALEN);
	memcpy(k.smac, rdev->ndev->mac, ETH_ALEN);
	k.saddr = rdev->ip;
	k.daddr = rdev->ip;
	k.ttl = 64;
	k.sport = 0xc000;
	k.dport = ROCE_UDP_PORT;
	k.opcode = ROCE_OP_SEND_ONLY;
	k.pkey = ROCE_DEFAULT_PKEY;
	k.dqpn = dqpn;
	k.psn = psn;
	k.payload = data;
	k.payload_len = len;
	return roce_build(f, RXE_SLOT_SIZE, &k);
}

static void inject(u8 *f, size_t len)
{
	rxe_net_rx(rdev->ndev, f, len, rdev);
}

static void rxe_malformed_frames(struct ktest *t)
{
	static u8 f[RXE_SLOT_SIZE], data[64];
	u32 epsn, qpn;
	struct pair p;
	ssize_t n;
	u64 old;

	NEED_DEV(t);
	KTEST_ASSERT_EQ(t, pair_create(&p, IB_MTU_1024, TO_NORMAL), 0);
	qpn = p.qp[1]->qp_num;
	epsn = 0xfffff0;
	n = build_to(&p, f, qpn, epsn, data, sizeof(data));
	KTEST_ASSERT_TRUE(t, n > 0);
	/* truncated inside the BTH */
	old = READ_ONCE(rdev->wire_err[ROCE_E_BAD_IP_LEN]);
	inject(f, ETH_HLEN + 20 + 8 + 6);
	KTEST_EXPECT_TRUE(t, counter_moves(&rdev->wire_err[ROCE_E_BAD_IP_LEN], old));
	old = READ_ONCE(rdev->wire_err[ROCE_E_TRUNC_ETH]);
	inject(f, 10);
	KTEST_EXPECT_TRUE(t, counter_moves(&rdev->wire_err[ROCE_E_TRUNC_ETH], old));
	/* bad ICRC: one payload bit */
	f[n - 10] ^= 1;
	old = READ_ONCE(rdev->wire_err[ROCE_E_BAD_ICRC]);
	inject(f, n);
	KTEST_EXPECT_TRUE(t, counter_moves(&rdev->wire_err[ROCE_E_BAD_ICRC], old));
	/* unknown QP */
	n = build_to(&p, f, 0xabcdef, epsn, data, sizeof(data));
	old = READ_ONCE(rdev->c[RXE_C_RX_UNKNOWN_QP]);
	inject(f, n);
	KTEST_EXPECT_TRUE(t, counter_moves(&rdev->c[RXE_C_RX_UNKNOWN_QP], old));
	/* far ahead of the expected PSN: one sequence NAK, then dropped */
	n = build_to(&p, f, qpn, roce_psn_add(epsn, 5000), data, sizeof(data));
	old = READ_ONCE(rdev->c[RXE_C_SEQ_NAK_TX]);
	inject(f, n);
	KTEST_EXPECT_TRUE(t, counter_moves(&rdev->c[RXE_C_SEQ_NAK_TX], old));
	old = READ_ONCE(rdev->c[RXE_C_RX_OOO_DROP]);
	inject(f, n);
	KTEST_EXPECT_TRUE(t, counter_moves(&rdev->c[RXE_C_RX_OOO_DROP], old));
	/* behind it: a duplicate, not executed */
	n = build_to(&p, f, qpn, roce_psn_add(epsn, -100u), data, sizeof(data));
	old = READ_ONCE(rdev->c[RXE_C_RX_DUPLICATE]);
	inject(f, n);
	KTEST_EXPECT_TRUE(t, counter_moves(&rdev->c[RXE_C_RX_DUPLICATE], old));
	/* not IP at all */
	memset(f, 0xff, 64);
	old = READ_ONCE(rdev->c[RXE_C_RX_OTHER_PROTO]);
	inject(f, 64);
	KTEST_EXPECT_TRUE(t, counter_moves(&rdev->c[RXE_C_RX_OTHER_PROTO], old));
	KTEST_EXPECT_TRUE(t, quiet(p.rcq[1], 20));	/* nothing was received */
	/* and the connection still works */
	one_send(t, &p, 2000, 11, false);
	pair_destroy(&p);
}

static int rxe_suite_init(void)
{
	rxe_init();	/* in case init/main.c does not call it (yet) */
	rdev = rxe_get(0);
	return 0;
}

static void rxe_suite_exit(void)
{
	if (rdev)
		rxe_print_stats(&rdev->ib);
}

KTEST_SUITE(rxe, rxe_suite_init, rxe_suite_exit,
	    KTEST_CASE(rxe_device_port_gid),
	    KTEST_CASE(rxe_send_recv_mtu1024),
	    KTEST_CASE(rxe_send_with_imm),
	    KTEST_CASE(rxe_send_recv_other_mtus),
	    KTEST_CASE(rxe_rdma_write),
	    KTEST_CASE(rxe_rdma_read),
	    KTEST_CASE(rxe_remote_access_errors),
	    KTEST_CASE(rxe_rnr_then_success),
	    KTEST_CASE(rxe_loss_recovery),
	    KTEST_CASE(rxe_malformed_frames));
