// SPDX-License-Identifier: GPL-2.0
/*
 * Software RoCE QPs: queues and posting, and the create/modify/destroy
 * commands the provider thread runs so protocol state has one writer.
 */
#include <tessera/errno.h>
#include <tessera/kernel.h>
#include <tessera/sched.h>
#include <tessera/slab.h>
#include <tessera/string.h>
#include <tessera/vmalloc.h>
#include "rxe.h"

#define RXE_MIN_TIMEOUT_NS	(10ULL * 1000 * 1000)	/* one tick at HZ=100 */
#define RXE_NO_TIMEOUT_NS	(1ULL << 62)

enum rxe_cmd_op { RXE_CMD_CREATE, RXE_CMD_MODIFY, RXE_CMD_DESTROY };

/**
 * struct rxe_cmd - a control operation for the provider thread
 * @node: in rxe_dev.cmds (cmd_lock)
 * @op: what to do
 * @qp: to which QP
 * @attr, @mask: RXE_CMD_MODIFY's arguments
 * @ret: the result
 * @done: completed by the thread when @ret is set
 */
struct rxe_cmd {
	struct list_head node;
	enum rxe_cmd_op op;
	struct rxe_qp *qp;
	const struct ib_qp_attr *attr;
	u32 mask;
	int ret;
	struct completion done;
};

/**
 * rxe_copy_sge() - copy between a linear buffer and an SGE list
 * @sge: the list (already checked against its MRs)
 * @num: entries
 * @off: byte offset into the list
 * @buf: the linear buffer
 * @len: bytes
 * @to_sge: direction: @buf into the SGEs, or the SGEs into @buf
 * Return: bytes copied (less than @len if the list ends first).
 * Context: any.
 */
u32 rxe_copy_sge(const struct ib_sge *sge, u32 num, u32 off, void *buf, u32 len,
		 bool to_sge)
{
	u8 *b = buf;
	u32 done = 0, n, i;

	for (i = 0; i < num && done < len; i++) {
		if (off >= sge[i].length) {
			off -= sge[i].length;
			continue;
		}
		n = min(sge[i].length - off, len - done);
		if (to_sge)
			memcpy((u8 *)(unsigned long)sge[i].addr + off, b + done, n);
		else
			memcpy(b + done, (const u8 *)(unsigned long)sge[i].addr + off, n);
		done += n;
		off = 0;
	}
	return done;
}

static int queue_init(struct rxe_queue *q, u32 entries, size_t hdr, u32 max_sge)
{
	q->stride = ALIGN(hdr + (size_t)max_sge * sizeof(struct ib_sge), 8);
	q->size = entries;
	q->head = 0;
	q->tail = 0;
	q->buf = entries ? vmalloc((size_t)entries * q->stride) : NULL;
	return entries && !q->buf ? -ENOMEM : 0;
}

static u64 timeout_ns(u8 code)
{
	u64 ns;

	if (!code)
		return RXE_NO_TIMEOUT_NS;
	ns = 4096ULL << code;		/* 4.096 us * 2^code */
	return max(ns, RXE_MIN_TIMEOUT_NS);
}

/* dgid must be IPv4-mapped (::ffff:a.b.c.d). */
static int gid_to_ipv4(const union ib_gid *gid, u32 *ip)
{
	static const u8 prefix[12] = { [10] = 0xff, [11] = 0xff };

	if (memcmp(gid->raw, prefix, sizeof(prefix)))
		return -EINVAL;
	*ip = (u32)gid->raw[12] << 24 | (u32)gid->raw[13] << 16 |
	      (u32)gid->raw[14] << 8 | gid->raw[15];
	return 0;
}

static void qp_reset(struct rxe_qp *qp)
{
	unsigned long flags;

	spin_lock_irqsave(&qp->q_lock, flags);
	qp->sq.head = qp->sq.tail;
	qp->rq.head = qp->rq.tail;
	spin_unlock_irqrestore(&qp->q_lock, flags);
	qp->sq_cur = qp->sq.head;
	qp->msg = RXE_MSG_NONE;
	qp->ack_pending = false;
	memset(qp->dmac, 0, ETH_ALEN);
}

/* Apply a checked transition. Context: the thread. */
static int qp_modify(struct rxe_qp *qp, const struct ib_qp_attr *a, u32 mask)
{
	struct rxe_dev *dev = qp->dev;
	struct roce_resp_cfg rcfg = { .ack_every = RXE_ACK_EVERY, .ack_on_last = true };
	struct roce_req_cfg cfg;
	u32 ip;

	if (mask & IB_QP_AV) {
		if (gid_to_ipv4(&a->ah_attr.dgid, &ip))
			return -EINVAL;
		qp->daddr = ip;
		memcpy(qp->dmac, a->ah_attr.dmac, ETH_ALEN);
	}
	if (mask & IB_QP_PATH_MTU)
		qp->mtu = min(ib_mtu_to_bytes(a->path_mtu), ib_mtu_to_bytes(dev->mtu));
	if (mask & IB_QP_DEST_QPN) {
		qp->dest_qpn = a->dest_qp_num;
		qp->sport = roce_udp_sport(qp->ibqp->qp_num, qp->dest_qpn);
	}
	if (mask & IB_QP_ACCESS_FLAGS)
		qp->access = a->qp_access_flags;
	if (mask & IB_QP_MIN_RNR_TIMER)
		qp->min_rnr_timer = a->min_rnr_timer;
	if (mask & IB_QP_RQ_PSN) {
		roce_resp_init(&qp->resp, &rcfg, a->rq_psn);
		qp->msg = RXE_MSG_NONE;
	}
	if (mask & IB_QP_SQ_PSN) {
		cfg.window = RXE_WINDOW;
		cfg.timeout_ns = timeout_ns(a->timeout);
		cfg.retry_cnt = a->retry_cnt;
		cfg.rnr_retry = a->rnr_retry;
		roce_req_init(&qp->req, &cfg, a->sq_psn);
	} else if (mask & (IB_QP_TIMEOUT | IB_QP_RETRY_CNT | IB_QP_RNR_RETRY)) {
		qp->req.cfg.timeout_ns = timeout_ns(a->timeout);
	}
	if (a->qp_state == IB_QPS_RTR && (mask & IB_QP_AV) &&
	    !qp->dmac[0] && !memcmp(qp->dmac, qp->dmac + 1, ETH_ALEN - 1))
		rxe_neigh_resolve(dev, qp->daddr, qp->dmac);	/* ARP early */
	if (a->qp_state == IB_QPS_RESET)
		qp_reset(qp);
	qp->state = a->qp_state;
	if (a->qp_state == IB_QPS_ERR)
		rxe_qp_error(qp);
	return 0;
}

static void cmd_exec(struct rxe_dev *dev, struct rxe_cmd *cmd)
{
	struct rxe_qp *qp = cmd->qp;

	cmd->ret = 0;
	switch (cmd->op) {
	case RXE_CMD_CREATE:
		list_add_tail(&qp->node, &dev->qps);
		break;
	case RXE_CMD_MODIFY:
		cmd->ret = qp_modify(qp, cmd->attr, cmd->mask);
		break;
	case RXE_CMD_DESTROY:
		list_del(&qp->node);
		break;
	}
}

/* Run @cmd in the provider thread (inline when called from it). */
static int cmd_run(struct rxe_dev *dev, struct rxe_cmd *cmd)
{
	unsigned long flags;

	if (current == dev->task) {
		cmd_exec(dev, cmd);
		return cmd->ret;
	}
	init_completion(&cmd->done);
	spin_lock_irqsave(&dev->cmd_lock, flags);
	list_add_tail(&cmd->node, &dev->cmds);
	spin_unlock_irqrestore(&dev->cmd_lock, flags);
	rxe_kick(dev);
	wait_for_completion(&cmd->done);
	return cmd->ret;
}

/**
 * rxe_run_cmds() - run the queued control commands
 * @dev: the device
 * Context: the provider thread.
 */
void rxe_run_cmds(struct rxe_dev *dev)
{
	struct rxe_cmd *cmd;
	unsigned long flags;

	for (;;) {
		spin_lock_irqsave(&dev->cmd_lock, flags);
		cmd = list_empty(&dev->cmds) ? NULL :
		      list_first_entry(&dev->cmds, struct rxe_cmd, node);
		if (cmd)
			list_del(&cmd->node);
		spin_unlock_irqrestore(&dev->cmd_lock, flags);
		if (!cmd)
			return;
		cmd_exec(dev, cmd);
		complete(&cmd->done);
	}
}

static void qp_free(struct rxe_qp *qp)
{
	vfree(qp->sq.buf);
	vfree(qp->rq.buf);
	kfree(qp);
}

/**
 * rxe_create_qp() - provider state for a new QP (ops->create_qp)
 * @ibqp: the core's QP, in RESET, its number and init attributes set
 * Return: 0 or -ENOMEM.
 * Context: process context or the provider thread; sleeps.
 */
int rxe_create_qp(struct ib_qp *ibqp)
{
	struct rxe_dev *dev = to_rxe(ibqp->device);
	struct rxe_cmd cmd = { .op = RXE_CMD_CREATE };
	struct rxe_qp *qp = kzalloc(sizeof(*qp), GFP_KERNEL);

	if (!qp)
		return -ENOMEM;
	if (queue_init(&qp->sq, ibqp->init.max_send_wr, sizeof(struct rxe_send_wqe),
		       ibqp->init.max_send_sge) ||
	    queue_init(&qp->rq, ibqp->init.max_recv_wr, sizeof(struct rxe_recv_wqe),
		       ibqp->init.max_recv_sge)) {
		qp_free(qp);
		return -ENOMEM;
	}
	qp->ibqp = ibqp;
	qp->dev = dev;
	spin_lock_init(&qp->q_lock);
	qp->state = IB_QPS_RESET;
	qp->mtu = ib_mtu_to_bytes(dev->mtu);
	ibqp->priv = qp;
	cmd.qp = qp;
	cmd_run(dev, &cmd);
	return 0;
}

/**
 * rxe_modify_qp() - apply a transition the core has checked (ops->modify_qp)
 * @ibqp: the QP
 * @attr: its attributes after the change
 * @mask: which ones changed
 * Return: 0, or -EINVAL for a destination GID that is not IPv4-mapped.
 * Context: process context or the provider thread; sleeps.
 */
int rxe_modify_qp(struct ib_qp *ibqp, const struct ib_qp_attr *attr, u32 mask)
{
	struct rxe_cmd cmd = { .op = RXE_CMD_MODIFY, .qp = to_rqp(ibqp),
			       .attr = attr, .mask = mask };

	return cmd_run(to_rxe(ibqp->device), &cmd);
}

/**
 * rxe_destroy_qp() - forget a QP (ops->destroy_qp)
 * @ibqp: the QP, already out of the core's lookup table
 *
 * Outstanding work requests are dropped without completions (move the QP
 * to ERR first to have them flushed). When it returns the thread holds no
 * reference to the QP.
 * Context: process context; sleeps. Not from a completion handler.
 */
void rxe_destroy_qp(struct ib_qp *ibqp)
{
	struct rxe_qp *qp = to_rqp(ibqp);
	struct rxe_cmd cmd = { .op = RXE_CMD_DESTROY, .qp = qp };

	cmd_run(qp->dev, &cmd);
	ibqp->priv = NULL;
	qp_free(qp);
}

/* Reserve the producer slot of @q. Context: q_lock held. */
static void *queue_produce_slot(struct rxe_queue *q)
{
	if (q->tail - READ_ONCE(q->head) >= q->size)
		return NULL;
	return rxe_queue_at(q, q->tail);
}

static void queue_publish(struct rxe_queue *q)
{
	__atomic_store_n(&q->tail, q->tail + 1, __ATOMIC_RELEASE);
}

static u32 sge_total(const struct ib_sge *sge, u32 num)
{
	u32 i, len = 0;

	for (i = 0; i < num; i++)
		len += sge[i].length;
	return len;
}

/**
 * rxe_post_send() - queue a send request (ops->post_send)
 * @ibqp: the QP
 * @wr: the request, checked by the core
 * Return: 0 or -ENOMEM (send queue full).
 * Context: any but IRQ; does not sleep.
 */
int rxe_post_send(struct ib_qp *ibqp, const struct ib_send_wr *wr)
{
	struct rxe_qp *qp = to_rqp(ibqp);
	struct rxe_send_wqe *w;
	unsigned long flags;

	spin_lock_irqsave(&qp->q_lock, flags);
	w = queue_produce_slot(&qp->sq);
	if (!w) {
		spin_unlock_irqrestore(&qp->q_lock, flags);
		return -ENOMEM;
	}
	memset(w, 0, sizeof(*w));
	w->wr_id = wr->wr_id;
	w->opcode = wr->opcode;
	w->flags = wr->send_flags;
	w->imm = wr->imm_data;
	w->raddr = wr->remote_addr;
	w->rkey = wr->rkey;
	w->num_sge = wr->num_sge;
	memcpy(w->sge, wr->sg_list, wr->num_sge * sizeof(*w->sge));
	w->len = sge_total(w->sge, w->num_sge);
	w->signaled = ibqp->init.sq_sig_all || (wr->send_flags & IB_SEND_SIGNALED);
	queue_publish(&qp->sq);
	spin_unlock_irqrestore(&qp->q_lock, flags);
	rxe_kick(qp->dev);
	return 0;
}

/**
 * rxe_post_recv() - queue a receive buffer (ops->post_recv)
 * @ibqp: the QP
 * @wr: the request, checked by the core
 * Return: 0 or -ENOMEM (receive queue full).
 * Context: any but IRQ; does not sleep.
 */
int rxe_post_recv(struct ib_qp *ibqp, const struct ib_recv_wr *wr)
{
	struct rxe_qp *qp = to_rqp(ibqp);
	struct rxe_recv_wqe *w;
	unsigned long flags;

	spin_lock_irqsave(&qp->q_lock, flags);
	w = queue_produce_slot(&qp->rq);
	if (!w) {
		spin_unlock_irqrestore(&qp->q_lock, flags);
		return -ENOMEM;
	}
	w->wr_id = wr->wr_id;
	w->num_sge = wr->num_sge;
	memcpy(w->sge, wr->sg_list, wr->num_sge * sizeof(*w->sge));
	w->len = sge_total(w->sge, w->num_sge);
	queue_publish(&qp->rq);
	spin_unlock_irqrestore(&qp->q_lock, flags);
	/* A responder waiting out an RNR has nothing to do: no kick needed. */
	return 0;
}

/**
 * rxe_qp_error() - move @qp to ERR and flush its queues
 * @qp: the QP
 *
 * Every outstanding send and receive request completes with
 * IB_WC_WR_FLUSH_ERR; the core's state says ERR, so new posts are refused.
 * Context: the provider thread.
 */
void rxe_qp_error(struct rxe_qp *qp)
{
	unsigned long flags;

	qp->state = IB_QPS_ERR;
	qp->msg = RXE_MSG_NONE;
	qp->ack_pending = false;
	spin_lock_irqsave(&qp->ibqp->lock, flags);
	qp->ibqp->attr.qp_state = IB_QPS_ERR;
	spin_unlock_irqrestore(&qp->ibqp->lock, flags);
	rxe_flush_queues(qp);
}
