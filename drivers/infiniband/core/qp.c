// SPDX-License-Identifier: GPL-2.0
/*
 * RC queue pairs: numbering and lookup, the spec's state table (which
 * attributes each transition requires and allows), and post-time checks.
 */
#include <tessera/err.h>
#include <tessera/errno.h>
#include <tessera/ib_verbs.h>
#include <tessera/kernel.h>
#include <tessera/slab.h>
#include <tessera/string.h>
#include "core.h"

/* QP number IB_QPN_BASE + i lives in qp_table[i] (qp_table_lock). */
static struct ib_qp *qp_table[IB_MAX_QP];
static DEFINE_SPINLOCK(qp_table_lock);

/*
 * struct qp_transition - one legal RC transition: attributes it needs and
 * those it may also set (IB_QP_STATE is implied).
 */
struct qp_transition {
	bool valid;
	u32 req;
	u32 opt;
};

#define RC_INIT_ATTRS	(IB_QP_PKEY_INDEX | IB_QP_PORT | IB_QP_ACCESS_FLAGS)

static const struct qp_transition qp_table_rc[IB_QPS_ERR + 1][IB_QPS_ERR + 1] = {
	[IB_QPS_RESET] = {
		[IB_QPS_RESET] = { true, 0, 0 },
		[IB_QPS_INIT] = { true, RC_INIT_ATTRS, 0 },
	},
	[IB_QPS_INIT] = {
		[IB_QPS_INIT] = { true, 0, RC_INIT_ATTRS },
		[IB_QPS_RTR] = { true, IB_QP_AV | IB_QP_PATH_MTU | IB_QP_DEST_QPN |
				 IB_QP_RQ_PSN | IB_QP_MAX_DEST_RD_ATOMIC |
				 IB_QP_MIN_RNR_TIMER,
				 IB_QP_PKEY_INDEX | IB_QP_ACCESS_FLAGS },
	},
	[IB_QPS_RTR] = {
		[IB_QPS_RTS] = { true, IB_QP_TIMEOUT | IB_QP_RETRY_CNT | IB_QP_RNR_RETRY |
				 IB_QP_SQ_PSN | IB_QP_MAX_QP_RD_ATOMIC,
				 IB_QP_ACCESS_FLAGS | IB_QP_MIN_RNR_TIMER },
	},
	[IB_QPS_RTS] = {
		[IB_QPS_RTS] = { true, 0, IB_QP_ACCESS_FLAGS | IB_QP_MIN_RNR_TIMER },
		[IB_QPS_SQD] = { true, 0, 0 },
	},
	[IB_QPS_SQD] = {
		[IB_QPS_RTS] = { true, 0, IB_QP_ACCESS_FLAGS | IB_QP_MIN_RNR_TIMER },
		[IB_QPS_SQD] = { true, 0, IB_QP_ACCESS_FLAGS | IB_QP_MIN_RNR_TIMER },
	},
	[IB_QPS_SQE] = {
		[IB_QPS_RTS] = { true, 0, IB_QP_ACCESS_FLAGS },
	},
};

/**
 * ib_modify_qp_is_ok() - is @cur → @next with @mask a legal RC transition?
 * @cur: the current state
 * @next: the requested state
 * @mask: IB_QP_* attributes given (IB_QP_STATE must be among them)
 *
 * Any state may go to RESET or ERR with no other attribute.
 * Context: any.
 */
bool ib_modify_qp_is_ok(enum ib_qp_state cur, enum ib_qp_state next, u32 mask)
{
	const struct qp_transition *t;
	u32 rest;

	if (cur > IB_QPS_ERR || next > IB_QPS_ERR || !(mask & IB_QP_STATE))
		return false;
	rest = mask & ~IB_QP_STATE;
	if (next == IB_QPS_RESET || next == IB_QPS_ERR)
		return rest == 0;
	t = &qp_table_rc[cur][next];
	if (!t->valid)
		return false;
	return (rest & t->req) == t->req && !(rest & ~(t->req | t->opt));
}

/**
 * ib_qp_lookup() - the QP numbered @qpn (providers' receive path)
 * @qpn: a QP number from a packet
 * Return: the QP or NULL (unknown QP: the packet is dropped and counted).
 * Context: any; the QP stays valid until ib_destroy_qp(), which providers
 * order against their receive path.
 */
struct ib_qp *ib_qp_lookup(u32 qpn)
{
	struct ib_qp *qp = NULL;
	unsigned long flags;

	if (qpn < IB_QPN_BASE || qpn - IB_QPN_BASE >= IB_MAX_QP)
		return NULL;
	spin_lock_irqsave(&qp_table_lock, flags);
	qp = qp_table[qpn - IB_QPN_BASE];
	spin_unlock_irqrestore(&qp_table_lock, flags);
	return IS_ERR(qp) ? NULL : qp;	/* reserved while being created */
}

static bool init_attr_ok(const struct ib_qp_init_attr *init)
{
	return init->qp_type == IB_QPT_RC && init->send_cq && init->recv_cq &&
	       init->max_send_wr && init->max_send_wr <= IB_MAX_WR &&
	       init->max_recv_wr <= IB_MAX_WR &&
	       init->max_send_sge && init->max_send_sge <= IB_MAX_SGE &&
	       init->max_recv_sge <= IB_MAX_SGE;
}

/**
 * ib_create_qp() - a new RC QP in RESET
 * @pd: its PD
 * @init: CQs, depths, SGE limits
 * Return: the QP or ERR_PTR(-EINVAL/-ENOMEM/-ENOSPC/provider error).
 * Context: process context.
 */
struct ib_qp *ib_create_qp(struct ib_pd *pd, const struct ib_qp_init_attr *init)
{
	struct ib_qp *qp;
	unsigned long flags;
	unsigned int i;
	int ret;

	if (!init_attr_ok(init))
		return ERR_PTR(-EINVAL);
	qp = kzalloc(sizeof(*qp), GFP_KERNEL);
	if (!qp)
		return ERR_PTR(-ENOMEM);
	qp->device = pd->device;
	qp->pd = pd;
	qp->init = *init;
	qp->attr.qp_state = IB_QPS_RESET;
	spin_lock_init(&qp->lock);
	spin_lock_irqsave(&qp_table_lock, flags);
	for (i = 0; i < IB_MAX_QP && qp_table[i]; i++)
		;
	if (i < IB_MAX_QP)
		qp_table[i] = ERR_PTR(-EBUSY);	/* reserved, not yet visible */
	spin_unlock_irqrestore(&qp_table_lock, flags);
	if (i == IB_MAX_QP) {
		kfree(qp);
		return ERR_PTR(-ENOSPC);
	}
	qp->qp_num = IB_QPN_BASE + i;
	ret = qp->device->ops->create_qp(qp);
	spin_lock_irqsave(&qp_table_lock, flags);
	qp_table[i] = ret ? NULL : qp;
	spin_unlock_irqrestore(&qp_table_lock, flags);
	if (ret) {
		kfree(qp);
		return ERR_PTR(ret);
	}
	__atomic_fetch_add(&pd->users, 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&init->send_cq->users, 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&init->recv_cq->users, 1, __ATOMIC_RELAXED);
	return qp;
}

static int check_attr_values(const struct ib_qp_attr *attr, u32 mask)
{
	if ((mask & IB_QP_PATH_MTU) && !ib_mtu_to_bytes(attr->path_mtu))
		return -EINVAL;
	if ((mask & IB_QP_RETRY_CNT) && attr->retry_cnt > 7)
		return -EINVAL;
	if ((mask & IB_QP_RNR_RETRY) && attr->rnr_retry > 7)
		return -EINVAL;
	if ((mask & IB_QP_TIMEOUT) && attr->timeout > 31)
		return -EINVAL;
	if ((mask & IB_QP_MIN_RNR_TIMER) && attr->min_rnr_timer > 31)
		return -EINVAL;
	if ((mask & IB_QP_RQ_PSN) && (attr->rq_psn >> 24))
		return -EINVAL;
	if ((mask & IB_QP_SQ_PSN) && (attr->sq_psn >> 24))
		return -EINVAL;
	if ((mask & IB_QP_DEST_QPN) && (attr->dest_qp_num >> 24))
		return -EINVAL;
	if ((mask & IB_QP_ACCESS_FLAGS) &&
	    (attr->qp_access_flags & ~(IB_ACCESS_LOCAL_WRITE | IB_ACCESS_REMOTE_WRITE |
				       IB_ACCESS_REMOTE_READ)))
		return -EINVAL;
	return 0;
}

/* Copy the attributes @mask names from @src into @dst. */
static void apply_attr(struct ib_qp_attr *dst, const struct ib_qp_attr *src, u32 mask)
{
	dst->qp_state = src->qp_state;
	if (mask & IB_QP_ACCESS_FLAGS)
		dst->qp_access_flags = src->qp_access_flags;
	if (mask & IB_QP_PORT)
		dst->port_num = src->port_num;
	if (mask & IB_QP_PKEY_INDEX)
		dst->pkey_index = src->pkey_index;
	if (mask & IB_QP_AV)
		dst->ah_attr = src->ah_attr;
	if (mask & IB_QP_PATH_MTU)
		dst->path_mtu = src->path_mtu;
	if (mask & IB_QP_DEST_QPN)
		dst->dest_qp_num = src->dest_qp_num;
	if (mask & IB_QP_RQ_PSN)
		dst->rq_psn = src->rq_psn;
	if (mask & IB_QP_SQ_PSN)
		dst->sq_psn = src->sq_psn;
	if (mask & IB_QP_TIMEOUT)
		dst->timeout = src->timeout;
	if (mask & IB_QP_RETRY_CNT)
		dst->retry_cnt = src->retry_cnt;
	if (mask & IB_QP_RNR_RETRY)
		dst->rnr_retry = src->rnr_retry;
	if (mask & IB_QP_MIN_RNR_TIMER)
		dst->min_rnr_timer = src->min_rnr_timer;
	if (mask & IB_QP_MAX_QP_RD_ATOMIC)
		dst->max_rd_atomic = src->max_rd_atomic;
	if (mask & IB_QP_MAX_DEST_RD_ATOMIC)
		dst->max_dest_rd_atomic = src->max_dest_rd_atomic;
}

/**
 * ib_modify_qp() - move @qp through the state machine
 * @qp: the QP
 * @attr: new attributes
 * @mask: which of them (IB_QP_STATE required)
 * Return: 0, -EINVAL (illegal transition or value), or the provider's error
 * (the QP is then unchanged).
 * Context: process context.
 */
int ib_modify_qp(struct ib_qp *qp, const struct ib_qp_attr *attr, u32 mask)
{
	struct ib_qp_attr next;
	enum ib_qp_state cur;
	unsigned long flags;
	int ret;

	if ((mask & IB_QP_PORT) &&
	    (!attr->port_num || attr->port_num > qp->device->phys_port_cnt))
		return -EINVAL;
	ret = check_attr_values(attr, mask);
	if (ret)
		return ret;
	spin_lock_irqsave(&qp->lock, flags);
	next = qp->attr;
	spin_unlock_irqrestore(&qp->lock, flags);
	cur = next.qp_state;
	if (!ib_modify_qp_is_ok(cur, attr->qp_state, mask))
		return -EINVAL;
	apply_attr(&next, attr, mask);
	ret = qp->device->ops->modify_qp(qp, &next, mask);
	if (ret)
		return ret;
	spin_lock_irqsave(&qp->lock, flags);
	/* The provider may have moved the QP to ERR meanwhile (a fatal
	 * completion error): that wins over anything but a reset. */
	if (qp->attr.qp_state == IB_QPS_ERR && cur != IB_QPS_ERR &&
	    next.qp_state != IB_QPS_RESET)
		ret = -EINVAL;
	else
		qp->attr = next;
	spin_unlock_irqrestore(&qp->lock, flags);
	return ret;
}

/**
 * ib_query_qp() - the QP's current attributes
 * @qp: the QP
 * @attr: filled in
 * Return: 0.
 * Context: any.
 */
int ib_query_qp(struct ib_qp *qp, struct ib_qp_attr *attr)
{
	unsigned long flags;

	spin_lock_irqsave(&qp->lock, flags);
	*attr = qp->attr;
	spin_unlock_irqrestore(&qp->lock, flags);
	return 0;
}

/**
 * ib_destroy_qp() - flush and free @qp
 * @qp: the QP
 * Return: 0.
 * Context: process context.
 */
int ib_destroy_qp(struct ib_qp *qp)
{
	unsigned long flags;

	spin_lock_irqsave(&qp_table_lock, flags);
	qp_table[qp->qp_num - IB_QPN_BASE] = NULL;
	spin_unlock_irqrestore(&qp_table_lock, flags);
	qp->device->ops->destroy_qp(qp);
	__atomic_fetch_sub(&qp->pd->users, 1, __ATOMIC_RELAXED);
	__atomic_fetch_sub(&qp->init.send_cq->users, 1, __ATOMIC_RELAXED);
	__atomic_fetch_sub(&qp->init.recv_cq->users, 1, __ATOMIC_RELAXED);
	kfree(qp);
	return 0;
}

static enum ib_qp_state qp_state(struct ib_qp *qp)
{
	return READ_ONCE(qp->attr.qp_state);
}

/* Every SGE names an MR of the QP's PD covering it with @access. */
static int check_sges(struct ib_qp *qp, const struct ib_sge *sg, u32 n, u32 max,
		      u32 access)
{
	u64 total = 0;
	u32 i;

	if (n > max || (n && !sg))
		return -EINVAL;
	for (i = 0; i < n; i++) {
		if (!ib_mr_check(qp->pd, sg[i].lkey, false, sg[i].addr, sg[i].length,
				 access))
			return -EINVAL;
		total += sg[i].length;
	}
	return total > 0x80000000ULL ? -EINVAL : 0;
}

/**
 * ib_post_send() - queue one send-queue request
 * @qp: a QP in RTS (or SQD/SQE, where requests queue)
 * @wr: the request; read before the return, not kept
 * Return: 0, -EINVAL (bad state, opcode, SGE or key), or -ENOMEM (full).
 * Context: process context or a provider/consumer thread.
 */
int ib_post_send(struct ib_qp *qp, const struct ib_send_wr *wr)
{
	enum ib_qp_state s = qp_state(qp);
	u32 access = 0;
	int ret;

	if (s != IB_QPS_RTS && s != IB_QPS_SQD)
		return -EINVAL;
	if (wr->opcode > IB_WR_RDMA_READ)
		return -EINVAL;
	if (wr->opcode == IB_WR_RDMA_READ)
		access = IB_ACCESS_LOCAL_WRITE;	/* the response lands locally */
	ret = check_sges(qp, wr->sg_list, wr->num_sge, qp->init.max_send_sge, access);
	if (ret)
		return ret;
	return qp->device->ops->post_send(qp, wr);
}

/**
 * ib_post_recv() - queue one receive buffer
 * @qp: a QP in INIT, RTR or RTS
 * @wr: the request; read before the return, not kept
 * Return: 0, -EINVAL or -ENOMEM (full).
 * Context: process context or a provider/consumer thread.
 */
int ib_post_recv(struct ib_qp *qp, const struct ib_recv_wr *wr)
{
	enum ib_qp_state s = qp_state(qp);
	int ret;

	if (s == IB_QPS_RESET || s == IB_QPS_ERR)
		return -EINVAL;
	ret = check_sges(qp, wr->sg_list, wr->num_sge, qp->init.max_recv_sge,
			 IB_ACCESS_LOCAL_WRITE);
	if (ret)
		return ret;
	return qp->device->ops->post_recv(qp, wr);
}
