// SPDX-License-Identifier: GPL-2.0
/*
 * Suite "verbs": the verbs core driven through a provider that only records
 * what it is asked, so every check here is the core's own.
 */
#include <tessera/err.h>
#include <tessera/errno.h>
#include <tessera/ib_verbs.h>
#include <tessera/ktest.h>
#include <tessera/slab.h>
#include <tessera/string.h>
#include "core.h"

static unsigned int posted_sends, posted_recvs, modifies, destroys;

static int rec_query_port(struct ib_device *dev, u8 port, struct ib_port_attr *attr)
{
	attr->state = IB_PORT_ACTIVE;
	attr->active_mtu = IB_MTU_1024;
	attr->gid_tbl_len = 1;
	return 0;
}

static int rec_query_gid(struct ib_device *dev, u8 port, u32 index, union ib_gid *gid)
{
	if (index)
		return -EINVAL;
	ib_gid_from_ipv4(gid, 0x0100000a);	/* 10.0.0.1 in network order */
	return 0;
}

static int rec_create_qp(struct ib_qp *qp) { return 0; }
static int rec_modify_qp(struct ib_qp *qp, const struct ib_qp_attr *a, u32 m)
{
	modifies++;
	return 0;
}
static void rec_destroy_qp(struct ib_qp *qp) { destroys++; }
static int rec_post_send(struct ib_qp *qp, const struct ib_send_wr *wr)
{
	posted_sends++;
	return 0;
}
static int rec_post_recv(struct ib_qp *qp, const struct ib_recv_wr *wr)
{
	posted_recvs++;
	return 0;
}

static const struct ib_device_ops rec_ops = {
	.query_port = rec_query_port, .query_gid = rec_query_gid,
	.create_qp = rec_create_qp, .modify_qp = rec_modify_qp,
	.destroy_qp = rec_destroy_qp, .post_send = rec_post_send,
	.post_recv = rec_post_recv,
};

static struct ib_device rec_dev = {
	.name = "rec0", .ops = &rec_ops, .phys_port_cnt = 1,
};

static u8 buf_a[256], buf_b[256];

static void mr_keys_bounds_access(struct ktest *t)
{
	struct ib_pd *pd = ib_alloc_pd(&rec_dev), *pd2 = ib_alloc_pd(&rec_dev);
	struct ib_mr *ro, *rw;
	u64 a = (u64)(unsigned long)buf_a, b = (u64)(unsigned long)buf_b;
	u32 stale;

	KTEST_ASSERT_TRUE(t, !IS_ERR(pd) && !IS_ERR(pd2));
	ro = ib_reg_mr(pd, buf_a, sizeof(buf_a), 0);
	rw = ib_reg_mr(pd, buf_b, sizeof(buf_b), IB_ACCESS_LOCAL_WRITE |
		       IB_ACCESS_REMOTE_WRITE | IB_ACCESS_REMOTE_READ);
	KTEST_ASSERT_TRUE(t, !IS_ERR(ro) && !IS_ERR(rw));
	KTEST_EXPECT_EQ(t, ro->rkey, 0);	/* no remote rights, no rkey */
	KTEST_EXPECT_NE(t, rw->rkey, 0);
	KTEST_EXPECT_NE(t, ro->lkey, rw->lkey);
	/* inside, exact end, one past, overflowing length */
	KTEST_EXPECT_PTR_EQ(t, ib_mr_check(pd, ro->lkey, false, a, 256, 0), ro);
	KTEST_EXPECT_PTR_EQ(t, ib_mr_check(pd, ro->lkey, false, a + 255, 1, 0), ro);
	KTEST_EXPECT_NULL(t, ib_mr_check(pd, ro->lkey, false, a + 255, 2, 0));
	KTEST_EXPECT_NULL(t, ib_mr_check(pd, ro->lkey, false, a - 1, 1, 0));
	KTEST_EXPECT_NULL(t, ib_mr_check(pd, ro->lkey, false, a + 8, ~0ULL, 0));
	/* rights, kind of key, PD */
	KTEST_EXPECT_NULL(t, ib_mr_check(pd, ro->lkey, false, a, 8, IB_ACCESS_LOCAL_WRITE));
	KTEST_EXPECT_PTR_EQ(t, ib_mr_check(pd, rw->rkey, true, b, 8,
					   IB_ACCESS_REMOTE_WRITE), rw);
	KTEST_EXPECT_NULL(t, ib_mr_check(pd, ro->lkey, true, a, 8, 0));
	KTEST_EXPECT_NULL(t, ib_mr_check(pd2, rw->rkey, true, b, 8, IB_ACCESS_REMOTE_READ));
	KTEST_EXPECT_NULL(t, ib_mr_check(pd, 0, false, a, 8, 0));
	/* remote write without local write is refused at registration */
	KTEST_EXPECT_TRUE(t, IS_ERR(ib_reg_mr(pd, buf_a, 8, IB_ACCESS_REMOTE_WRITE)));
	KTEST_EXPECT_TRUE(t, IS_ERR(ib_reg_mr(pd, buf_a, 0, 0)));
	/* a deregistered key is dead, and stays dead when the slot is reused */
	stale = rw->rkey;
	KTEST_EXPECT_EQ(t, ib_dealloc_pd(pd), -EBUSY);
	ib_dereg_mr(rw);
	KTEST_EXPECT_NULL(t, ib_mr_check(pd, stale, true, b, 8, IB_ACCESS_REMOTE_READ));
	rw = ib_reg_mr(pd, buf_b, sizeof(buf_b), IB_ACCESS_LOCAL_WRITE | IB_ACCESS_REMOTE_READ);
	KTEST_ASSERT_TRUE(t, !IS_ERR(rw));
	KTEST_EXPECT_NE(t, rw->rkey, stale);
	KTEST_EXPECT_NULL(t, ib_mr_check(pd, stale, true, b, 8, IB_ACCESS_REMOTE_READ));
	ib_dereg_mr(rw);
	ib_dereg_mr(ro);
	KTEST_EXPECT_EQ(t, ib_dealloc_pd(pd), 0);
	KTEST_EXPECT_EQ(t, ib_dealloc_pd(pd2), 0);
}

static void qp_state_table(struct ktest *t)
{
	const u32 init = IB_QP_STATE | IB_QP_PKEY_INDEX | IB_QP_PORT | IB_QP_ACCESS_FLAGS;
	const u32 rtr = IB_QP_STATE | IB_QP_AV | IB_QP_PATH_MTU | IB_QP_DEST_QPN |
			IB_QP_RQ_PSN | IB_QP_MAX_DEST_RD_ATOMIC | IB_QP_MIN_RNR_TIMER;
	const u32 rts = IB_QP_STATE | IB_QP_TIMEOUT | IB_QP_RETRY_CNT |
			IB_QP_RNR_RETRY | IB_QP_SQ_PSN | IB_QP_MAX_QP_RD_ATOMIC;

	KTEST_EXPECT_TRUE(t, ib_modify_qp_is_ok(IB_QPS_RESET, IB_QPS_INIT, init));
	KTEST_EXPECT_FALSE(t, ib_modify_qp_is_ok(IB_QPS_RESET, IB_QPS_INIT,
						 init & ~IB_QP_PORT));
	KTEST_EXPECT_FALSE(t, ib_modify_qp_is_ok(IB_QPS_RESET, IB_QPS_RTR, rtr));
	KTEST_EXPECT_TRUE(t, ib_modify_qp_is_ok(IB_QPS_INIT, IB_QPS_RTR, rtr));
	KTEST_EXPECT_FALSE(t, ib_modify_qp_is_ok(IB_QPS_INIT, IB_QPS_RTR,
						 rtr & ~IB_QP_DEST_QPN));
	/* an attribute the transition does not allow */
	KTEST_EXPECT_FALSE(t, ib_modify_qp_is_ok(IB_QPS_INIT, IB_QPS_RTR, rtr | IB_QP_SQ_PSN));
	KTEST_EXPECT_TRUE(t, ib_modify_qp_is_ok(IB_QPS_RTR, IB_QPS_RTS, rts));
	KTEST_EXPECT_FALSE(t, ib_modify_qp_is_ok(IB_QPS_INIT, IB_QPS_RTS, rts));
	KTEST_EXPECT_TRUE(t, ib_modify_qp_is_ok(IB_QPS_RTS, IB_QPS_ERR, IB_QP_STATE));
	KTEST_EXPECT_FALSE(t, ib_modify_qp_is_ok(IB_QPS_RTS, IB_QPS_ERR,
						 IB_QP_STATE | IB_QP_TIMEOUT));
	KTEST_EXPECT_TRUE(t, ib_modify_qp_is_ok(IB_QPS_ERR, IB_QPS_RESET, IB_QP_STATE));
	KTEST_EXPECT_FALSE(t, ib_modify_qp_is_ok(IB_QPS_ERR, IB_QPS_RTS, IB_QP_STATE));
	KTEST_EXPECT_TRUE(t, ib_modify_qp_is_ok(IB_QPS_SQE, IB_QPS_RTS, IB_QP_STATE));
	KTEST_EXPECT_FALSE(t, ib_modify_qp_is_ok(IB_QPS_RESET, IB_QPS_INIT, 0));
}

static void qp_lifecycle_and_posts(struct ktest *t)
{
	struct ib_pd *pd = ib_alloc_pd(&rec_dev);
	struct ib_cq *cq = ib_create_cq(&rec_dev, 16, NULL, NULL);
	struct ib_qp_init_attr ia = {
		.send_cq = cq, .recv_cq = cq, .max_send_wr = 8, .max_recv_wr = 8,
		.max_send_sge = 2, .max_recv_sge = 1, .qp_type = IB_QPT_RC,
	};
	struct ib_qp_attr a = { 0 };
	struct ib_mr *mr;
	struct ib_sge sge;
	struct ib_send_wr swr = { .opcode = IB_WR_SEND, .sg_list = &sge, .num_sge = 1 };
	struct ib_recv_wr rwr = { .sg_list = &sge, .num_sge = 1 };
	struct ib_qp *qp;

	KTEST_ASSERT_TRUE(t, !IS_ERR(pd) && !IS_ERR(cq));
	mr = ib_reg_mr(pd, buf_a, sizeof(buf_a), IB_ACCESS_LOCAL_WRITE);
	KTEST_ASSERT_TRUE(t, !IS_ERR(mr));
	sge = (struct ib_sge){ (u64)(unsigned long)buf_a, 64, mr->lkey };
	qp = ib_create_qp(pd, &ia);
	KTEST_ASSERT_TRUE(t, !IS_ERR(qp));
	KTEST_EXPECT_GE(t, qp->qp_num, IB_QPN_BASE);
	KTEST_EXPECT_PTR_EQ(t, ib_qp_lookup(qp->qp_num), qp);
	KTEST_EXPECT_NULL(t, ib_qp_lookup(qp->qp_num + 1));
	KTEST_EXPECT_EQ(t, ib_destroy_cq(cq), -EBUSY);
	posted_sends = posted_recvs = modifies = destroys = 0;
	/* nothing may be posted in RESET */
	KTEST_EXPECT_EQ(t, ib_post_recv(qp, &rwr), -EINVAL);
	a.qp_state = IB_QPS_INIT;
	a.port_num = 1;
	KTEST_EXPECT_EQ(t, ib_modify_qp(qp, &a, IB_QP_STATE | IB_QP_PKEY_INDEX |
					IB_QP_PORT | IB_QP_ACCESS_FLAGS), 0);
	KTEST_EXPECT_EQ(t, ib_post_recv(qp, &rwr), 0);
	KTEST_EXPECT_EQ(t, ib_post_send(qp, &swr), -EINVAL);	/* not RTS */
	a.qp_state = IB_QPS_RTR;
	a.path_mtu = IB_MTU_1024;
	a.dest_qp_num = 0x1000000;	/* 25 bits: refused */
	KTEST_EXPECT_EQ(t, ib_modify_qp(qp, &a, IB_QP_STATE | IB_QP_AV | IB_QP_PATH_MTU |
					IB_QP_DEST_QPN | IB_QP_RQ_PSN |
					IB_QP_MAX_DEST_RD_ATOMIC | IB_QP_MIN_RNR_TIMER), -EINVAL);
	a.dest_qp_num = 0x12;
	KTEST_EXPECT_EQ(t, ib_modify_qp(qp, &a, IB_QP_STATE | IB_QP_AV | IB_QP_PATH_MTU |
					IB_QP_DEST_QPN | IB_QP_RQ_PSN |
					IB_QP_MAX_DEST_RD_ATOMIC | IB_QP_MIN_RNR_TIMER), 0);
	a.qp_state = IB_QPS_RTS;
	a.retry_cnt = 7;
	a.rnr_retry = 7;
	a.timeout = 14;
	KTEST_EXPECT_EQ(t, ib_modify_qp(qp, &a, IB_QP_STATE | IB_QP_TIMEOUT |
					IB_QP_RETRY_CNT | IB_QP_RNR_RETRY | IB_QP_SQ_PSN |
					IB_QP_MAX_QP_RD_ATOMIC), 0);
	KTEST_EXPECT_EQ(t, modifies, 3);
	KTEST_EXPECT_EQ(t, ib_post_send(qp, &swr), 0);
	/* an SGE outside its region, a bad key, too many SGEs */
	sge.length = 257;
	KTEST_EXPECT_EQ(t, ib_post_send(qp, &swr), -EINVAL);
	sge.length = 64;
	sge.lkey ^= 0x80;
	KTEST_EXPECT_EQ(t, ib_post_send(qp, &swr), -EINVAL);
	sge.lkey ^= 0x80;
	swr.num_sge = 3;
	KTEST_EXPECT_EQ(t, ib_post_send(qp, &swr), -EINVAL);
	KTEST_EXPECT_EQ(t, posted_sends, 1);
	KTEST_EXPECT_EQ(t, posted_recvs, 1);
	ib_destroy_qp(qp);
	KTEST_EXPECT_EQ(t, destroys, 1);
	ib_dereg_mr(mr);
	KTEST_EXPECT_EQ(t, ib_destroy_cq(cq), 0);
	KTEST_EXPECT_EQ(t, ib_dealloc_pd(pd), 0);
}

static unsigned int notified;

static void count_notify(struct ib_cq *cq, void *ctx)
{
	notified += (unsigned long)ctx;
}

static void cq_ring_order_overflow_notify(struct ktest *t)
{
	struct ib_cq *cq = ib_create_cq(&rec_dev, 4, count_notify, (void *)1UL);
	struct ib_wc wc = { 0 }, out[8];
	unsigned int i;

	KTEST_ASSERT_TRUE(t, !IS_ERR(cq));
	notified = 0;
	KTEST_EXPECT_EQ(t, ib_req_notify_cq(cq), 0);
	for (i = 0; i < 6; i++) {
		wc.wr_id = 100 + i;
		KTEST_EXPECT_EQ(t, ib_cq_push(cq, &wc), i < 4 ? 0 : -ENOSPC);
	}
	KTEST_EXPECT_EQ(t, notified, 1);	/* one-shot */
	KTEST_EXPECT_EQ(t, cq->overflow, 2);
	KTEST_EXPECT_EQ(t, ib_req_notify_cq(cq), 1);	/* already waiting */
	KTEST_EXPECT_EQ(t, ib_poll_cq(cq, 3, out), 3);
	KTEST_EXPECT_EQ(t, out[0].wr_id, 100);
	KTEST_EXPECT_EQ(t, out[2].wr_id, 102);
	wc.wr_id = 200;
	KTEST_EXPECT_EQ(t, ib_cq_push(cq, &wc), 0);	/* wraps around */
	KTEST_EXPECT_EQ(t, ib_poll_cq(cq, 8, out), 2);
	KTEST_EXPECT_EQ(t, out[0].wr_id, 103);
	KTEST_EXPECT_EQ(t, out[1].wr_id, 200);
	KTEST_EXPECT_EQ(t, ib_poll_cq(cq, 8, out), 0);
	KTEST_EXPECT_EQ(t, ib_destroy_cq(cq), 0);
	KTEST_EXPECT_TRUE(t, IS_ERR(ib_create_cq(&rec_dev, 0, NULL, NULL)));
}

static void device_port_gid(struct ktest *t)
{
	struct ib_port_attr pa;
	union ib_gid gid;

	KTEST_EXPECT_EQ(t, ib_query_port(&rec_dev, 0, &pa), -EINVAL);
	KTEST_EXPECT_EQ(t, ib_query_port(&rec_dev, 2, &pa), -EINVAL);
	KTEST_EXPECT_EQ(t, ib_query_port(&rec_dev, 1, &pa), 0);
	KTEST_EXPECT_EQ(t, pa.state, IB_PORT_ACTIVE);
	KTEST_EXPECT_EQ(t, ib_mtu_to_bytes(pa.active_mtu), 1024);
	KTEST_EXPECT_EQ(t, ib_query_gid(&rec_dev, 1, 0, &gid), 0);
	KTEST_EXPECT_EQ(t, gid.raw[10], 0xff);
	KTEST_EXPECT_EQ(t, gid.raw[11], 0xff);
	KTEST_EXPECT_EQ(t, gid.raw[12], 10);
	KTEST_EXPECT_EQ(t, gid.raw[15], 1);
	KTEST_EXPECT_EQ(t, ib_mtu_to_bytes(IB_MTU_4096), 4096);
	KTEST_EXPECT_EQ(t, ib_mtu_to_bytes((enum ib_mtu)0), 0);
}

KTEST_SUITE(verbs, NULL, NULL,
	    KTEST_CASE(device_port_gid),
	    KTEST_CASE(mr_keys_bounds_access),
	    KTEST_CASE(qp_state_table),
	    KTEST_CASE(qp_lifecycle_and_posts),
	    KTEST_CASE(cq_ring_order_overflow_notify));
