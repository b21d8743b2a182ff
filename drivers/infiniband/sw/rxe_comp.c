// SPDX-License-Identifier: GPL-2.0
/*
 * Software RoCE completer: ACKs, NAKs and RDMA READ responses coming back
 * to the requester, send completions in order, error and flush completions.
 */
#include <tessera/kernel.h>
#include <tessera/string.h>
#include "rxe.h"

static enum ib_wc_opcode wc_opcode(enum ib_wr_opcode op)
{
	switch (op) {
	case IB_WR_RDMA_WRITE:
	case IB_WR_RDMA_WRITE_WITH_IMM:
		return IB_WC_RDMA_WRITE;
	case IB_WR_RDMA_READ:
		return IB_WC_RDMA_READ;
	default:
		return IB_WC_SEND;
	}
}

static enum ib_wc_status req_error_status(enum roce_req_error err)
{
	switch (err) {
	case ROCE_REQ_ERR_RETRY_EXCEEDED:
		return IB_WC_RETRY_EXC_ERR;
	case ROCE_REQ_ERR_RNR_RETRY_EXCEEDED:
		return IB_WC_RNR_RETRY_EXC_ERR;
	case ROCE_REQ_ERR_REM_INVALID_REQUEST:
		return IB_WC_REM_INV_REQ_ERR;
	case ROCE_REQ_ERR_REM_ACCESS:
		return IB_WC_REM_ACCESS_ERR;
	case ROCE_REQ_ERR_REM_OP:
		return IB_WC_REM_OP_ERR;
	default:
		return IB_WC_GENERAL_ERR;
	}
}

/* Complete the send WQE at the head of the send queue with @status. */
static void complete_send(struct rxe_qp *qp, enum ib_wc_status status)
{
	struct rxe_send_wqe *w = rxe_queue_at(&qp->sq, qp->sq.head);
	struct ib_wc wc = {
		.wr_id = w->wr_id, .status = status, .opcode = wc_opcode(w->opcode),
		.byte_len = w->len, .qp_num = qp->ibqp->qp_num,
	};
	bool signal = w->signaled || status != IB_WC_SUCCESS;

	if (qp->sq_cur == qp->sq.head)
		qp->sq_cur++;
	__atomic_store_n(&qp->sq.head, qp->sq.head + 1, __ATOMIC_RELEASE);
	if (signal)
		ib_cq_push(qp->ibqp->init.send_cq, &wc);
}

static bool wqe_done(const struct rxe_qp *qp, const struct rxe_send_wqe *w)
{
	if (w->opcode == IB_WR_RDMA_READ)
		return w->resp_done == w->npsn;
	return roce_psn_diff(qp->req.una, roce_psn_add(w->first_psn, w->npsn - 1)) > 0;
}

/**
 * rxe_comp_advance() - complete the send WQEs that are done, in order
 * @qp: the QP
 * Context: the provider thread.
 */
void rxe_comp_advance(struct rxe_qp *qp)
{
	struct rxe_send_wqe *w;

	while (qp->sq.head != qp->sq_cur) {
		w = rxe_queue_at(&qp->sq, qp->sq.head);
		if (!wqe_done(qp, w))
			break;
		complete_send(qp, IB_WC_SUCCESS);
	}
}

/**
 * rxe_flush_queues() - complete every queued request with IB_WC_WR_FLUSH_ERR
 * @qp: the QP (in ERR)
 * Context: the provider thread.
 */
void rxe_flush_queues(struct rxe_qp *qp)
{
	struct rxe_recv_wqe *r;
	struct ib_wc wc;

	while (rxe_queue_count(&qp->sq))
		complete_send(qp, IB_WC_WR_FLUSH_ERR);
	qp->sq_cur = qp->sq.head;
	while (rxe_queue_count(&qp->rq)) {
		r = rxe_queue_at(&qp->rq, qp->rq.head);
		memset(&wc, 0, sizeof(wc));
		wc.wr_id = r->wr_id;
		wc.status = IB_WC_WR_FLUSH_ERR;
		wc.opcode = IB_WC_RECV;
		wc.qp_num = qp->ibqp->qp_num;
		__atomic_store_n(&qp->rq.head, qp->rq.head + 1, __ATOMIC_RELEASE);
		ib_cq_push(qp->ibqp->init.recv_cq, &wc);
	}
}

/**
 * rxe_comp_event() - act on what the requester state machine said
 * @qp: the QP
 * @ev: the event
 * Context: the provider thread.
 */
void rxe_comp_event(struct rxe_qp *qp, enum roce_req_event ev)
{
	switch (ev) {
	case ROCE_REQ_EV_ACKED:
		rxe_comp_advance(qp);
		break;
	case ROCE_REQ_EV_RETRANSMIT:
		rxe_comp_advance(qp);
		rxe_req_retransmit(qp);
		break;
	case ROCE_REQ_EV_RNR_WAIT:
		rxe_count(qp->dev, RXE_C_RNR_NAK_RX);
		rxe_comp_advance(qp);
		break;
	case ROCE_REQ_EV_ERROR:
		rxe_comp_advance(qp);
		if (rxe_queue_count(&qp->sq))
			complete_send(qp, req_error_status(qp->req.error));
		rxe_qp_error(qp);
		break;
	default:
		break;
	}
}

/* The oldest READ still waiting for responses, among WQEs with PSNs. */
static struct rxe_send_wqe *pending_read(struct rxe_qp *qp)
{
	u32 i, tail = qp->sq.head + rxe_queue_count(&qp->sq);
	struct rxe_send_wqe *w;

	for (i = qp->sq.head; i != tail; i++) {
		w = rxe_queue_at(&qp->sq, i);
		if (!w->psn_sent)
			break;
		if (w->opcode == IB_WR_RDMA_READ && w->resp_done < w->npsn)
			return w;
		if (i == qp->sq_cur)
			break;
	}
	return NULL;
}

/* A READ response: place it if it is the next one due, else let the PSN logic judge. */
static void read_resp_rx(struct rxe_qp *qp, const struct roce_pkt *p, u64 now)
{
	struct rxe_send_wqe *w = pending_read(qp);
	u32 off, want;

	if (w && w->resp_done < w->psn_sent &&
	    p->psn == roce_psn_add(w->first_psn, w->resp_done)) {
		off = w->resp_done * qp->mtu;
		want = off < w->len ? min(qp->mtu, w->len - off) : 0;
		if (p->payload_len != want) {
			rxe_count(qp->dev, RXE_C_RX_BAD_LENGTH);
			return;
		}
		rxe_copy_sge(w->sge, w->num_sge, off, (void *)p->payload, want, true);
		w->resp_done++;
		rxe_comp_event(qp, roce_req_read_resp(&qp->req, p->psn, true, now));
		return;
	}
	rxe_count(qp->dev, RXE_C_RX_STALE_RESP);
	rxe_comp_event(qp, roce_req_read_resp(&qp->req, p->psn, false, now));
}

/*
 * An ACK or NAK. One that reaches past a READ whose responses did not all
 * arrive must not complete it: it acknowledges only up to the missing
 * response and the retransmission timer re-reads the rest.
 */
static void ack_rx(struct rxe_qp *qp, const struct roce_pkt *p, u64 now)
{
	struct rxe_send_wqe *w = pending_read(qp);
	u8 type = roce_aeth_type(p->syndrome);
	u32 lim;

	if (w && w->psn_sent) {
		lim = roce_psn_add(w->first_psn, w->resp_done);
		/* A NAK of the READ itself (at lim) is the READ's answer. */
		if (roce_psn_diff(p->psn, lim) > 0 ||
		    (p->psn == lim && type == ROCE_AETH_TYPE_ACK)) {
			rxe_count(qp->dev, RXE_C_RX_IMPLICIT_NAK);
			if (type == ROCE_AETH_TYPE_ACK && lim != qp->req.una)
				rxe_comp_event(qp, roce_req_ack(&qp->req,
						roce_psn_add(lim, ROCE_PSN_MASK), p->syndrome, now));
			return;
		}
	}
	if (type == ROCE_AETH_TYPE_NAK)
		rxe_count(qp->dev, roce_aeth_value(p->syndrome) == ROCE_NAK_PSN_SEQ_ERROR ?
			  RXE_C_SEQ_NAK_RX : RXE_C_FATAL_NAK_RX);
	rxe_comp_event(qp, roce_req_ack(&qp->req, p->psn, p->syndrome, now));
}

/**
 * rxe_comp_rx() - a response packet (ACK, NAK, READ response) for @qp
 * @qp: the requester's QP
 * @p: the parsed packet
 * @now: current time, ns
 * Context: the provider thread.
 */
void rxe_comp_rx(struct rxe_qp *qp, const struct roce_pkt *p, u64 now)
{
	if (qp->state != IB_QPS_RTS && qp->state != IB_QPS_SQD) {
		rxe_count(qp->dev, RXE_C_RX_BAD_STATE);
		return;
	}
	if (roce_opcode_flags(p->opcode) & ROCE_OPF_READ)
		read_resp_rx(qp, p, now);
	else
		ack_rx(qp, p, now);
}
