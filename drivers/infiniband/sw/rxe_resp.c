// SPDX-License-Identifier: GPL-2.0
/*
 * Software RoCE responder: checks and executes SEND, RDMA WRITE and READ
 * requests, sends ACKs (coalesced), NAKs and READ responses.
 */
#include <tessera/kernel.h>
#include <tessera/string.h>
#include "rxe.h"

/* Send an ACK or NAK with @syndrome for @psn. */
static void send_aeth(struct rxe_qp *qp, u8 syndrome, u32 psn, u32 msn)
{
	struct roce_pkt p;

	memset(&p, 0, sizeof(p));
	p.opcode = ROCE_OP_ACKNOWLEDGE;
	p.syndrome = syndrome;
	p.msn = msn;
	p.psn = psn;
	rxe_net_xmit(qp, &p);
}

static u8 ack_syndrome(struct rxe_qp *qp)
{
	return roce_aeth_ack(roce_aeth_credit_code(rxe_queue_count(&qp->rq)));
}

/**
 * rxe_resp_flush_ack() - send the coalesced ACK, if one is due
 * @qp: the QP
 * Context: the provider thread.
 */
void rxe_resp_flush_ack(struct rxe_qp *qp)
{
	if (!qp->ack_pending)
		return;
	qp->ack_pending = false;
	send_aeth(qp, ack_syndrome(qp), qp->ack_psn, qp->ack_msn);
	rxe_count(qp->dev, RXE_C_ACK_TX);
}

/* NAK the expected PSN (after any pending ACK, to keep them in order). */
static void send_nak(struct rxe_qp *qp, u8 syndrome, enum rxe_counter c)
{
	rxe_resp_flush_ack(qp);
	send_aeth(qp, syndrome, qp->resp.epsn, qp->resp.msn);
	rxe_count(qp->dev, c);
}

/* Remote access or invalid request: NAK it and the QP goes to ERR. */
static bool fatal(struct rxe_qp *qp, u8 code, enum rxe_counter why)
{
	if (why != RXE_C_NR)
		rxe_count(qp->dev, why);
	send_nak(qp, roce_aeth_nak(code),
		 code == ROCE_NAK_REMOTE_ACCESS_ERROR ? RXE_C_ACCESS_NAK_TX :
		 RXE_C_INVAL_NAK_TX);
	rxe_qp_error(qp);
	return true;
}

static bool rnr(struct rxe_qp *qp)
{
	send_nak(qp, roce_aeth_rnr(qp->min_rnr_timer), RXE_C_RNR_NAK_TX);
	return true;
}

static bool remote_ok(struct rxe_qp *qp, u32 rkey, u64 va, u64 len, u32 access)
{
	return (qp->access & access) &&
	       ib_mr_check(qp->ibqp->pd, rkey, true, va, len, access);
}

static bool check_send(struct rxe_qp *qp, const struct roce_pkt *p, u32 f)
{
	struct rxe_recv_wqe *r;
	u32 off;

	if ((f & ROCE_OPF_FIRST) ? qp->msg != RXE_MSG_NONE : qp->msg != RXE_MSG_SEND)
		return fatal(qp, ROCE_NAK_INVALID_REQUEST, RXE_C_RX_BAD_OPSEQ);
	if (!rxe_queue_count(&qp->rq))
		return rnr(qp);
	if (p->payload_len > qp->mtu ||
	    (!(f & ROCE_OPF_LAST) && p->payload_len != qp->mtu))
		return fatal(qp, ROCE_NAK_INVALID_REQUEST, RXE_C_RX_BAD_LENGTH);
	r = rxe_queue_at(&qp->rq, qp->rq.head);
	off = (f & ROCE_OPF_FIRST) ? 0 : qp->rcv_off;
	if (p->payload_len > r->len - off) {
		struct ib_wc wc = {
			.wr_id = r->wr_id, .status = IB_WC_LOC_LEN_ERR,
			.opcode = IB_WC_RECV, .qp_num = qp->ibqp->qp_num,
			.src_qp = qp->dest_qpn,
		};

		__atomic_store_n(&qp->rq.head, qp->rq.head + 1, __ATOMIC_RELEASE);
		ib_cq_push(qp->ibqp->init.recv_cq, &wc);
		return fatal(qp, ROCE_NAK_INVALID_REQUEST, RXE_C_RX_BAD_LENGTH);
	}
	return false;
}

static bool check_write(struct rxe_qp *qp, const struct roce_pkt *p, u32 f)
{
	u64 va = qp->wr_va;
	u32 resid = qp->wr_resid, rkey = qp->wr_rkey;

	if ((f & ROCE_OPF_FIRST) ? qp->msg != RXE_MSG_NONE : qp->msg != RXE_MSG_WRITE)
		return fatal(qp, ROCE_NAK_INVALID_REQUEST, RXE_C_RX_BAD_OPSEQ);
	if (f & ROCE_OPF_FIRST) {
		va = p->va;
		resid = p->dma_len;
		rkey = p->rkey;
		if (!remote_ok(qp, rkey, va, resid, IB_ACCESS_REMOTE_WRITE))
			return fatal(qp, ROCE_NAK_REMOTE_ACCESS_ERROR, RXE_C_NR);
	}
	if (p->payload_len > resid || p->payload_len > qp->mtu ||
	    (!(f & ROCE_OPF_LAST) && p->payload_len != qp->mtu) ||
	    ((f & ROCE_OPF_LAST) && p->payload_len != resid))
		return fatal(qp, ROCE_NAK_INVALID_REQUEST, RXE_C_RX_BAD_LENGTH);
	/* Every packet, not only the first: the region may be gone since. */
	if (!remote_ok(qp, rkey, va, p->payload_len, IB_ACCESS_REMOTE_WRITE))
		return fatal(qp, ROCE_NAK_REMOTE_ACCESS_ERROR, RXE_C_NR);
	if ((f & ROCE_OPF_IMMDT) && !rxe_queue_count(&qp->rq))
		return rnr(qp);
	return false;
}

/*
 * Checks on an in-order request before it is executed. Return: true if it
 * was refused (NAKed: RNR, or fatal with the QP now in ERR).
 */
static bool resp_check(struct rxe_qp *qp, const struct roce_pkt *p, u32 f)
{
	if (f & ROCE_OPF_SEND)
		return check_send(qp, p, f);
	if (f & ROCE_OPF_WRITE)
		return check_write(qp, p, f);
	if (qp->msg != RXE_MSG_NONE)
		return fatal(qp, ROCE_NAK_INVALID_REQUEST, RXE_C_RX_BAD_OPSEQ);
	if (p->dma_len > RXE_MAX_READ_LEN)
		return fatal(qp, ROCE_NAK_INVALID_REQUEST, RXE_C_RX_BAD_LENGTH);
	if (!remote_ok(qp, p->rkey, p->va, p->dma_len, IB_ACCESS_REMOTE_READ))
		return fatal(qp, ROCE_NAK_REMOTE_ACCESS_ERROR, RXE_C_NR);
	return false;
}

/* Send the responses to a READ of [@va, @va + @len), first PSN @psn. */
static void send_read_resp(struct rxe_qp *qp, u64 va, u32 len, u32 psn, u32 msn)
{
	u32 n = len ? DIV_ROUND_UP(len, qp->mtu) : 1, i, off;
	struct roce_pkt p;

	rxe_resp_flush_ack(qp);
	for (i = 0; i < n; i++) {
		memset(&p, 0, sizeof(p));
		if (n == 1)
			p.opcode = ROCE_OP_RDMA_READ_RESPONSE_ONLY;
		else if (!i)
			p.opcode = ROCE_OP_RDMA_READ_RESPONSE_FIRST;
		else if (i == n - 1)
			p.opcode = ROCE_OP_RDMA_READ_RESPONSE_LAST;
		else
			p.opcode = ROCE_OP_RDMA_READ_RESPONSE_MIDDLE;
		off = i * qp->mtu;
		p.psn = roce_psn_add(psn, i);
		p.syndrome = ack_syndrome(qp);
		p.msn = msn;
		p.payload = (const u8 *)(unsigned long)(va + off);
		p.payload_len = len ? min(qp->mtu, len - off) : 0;
		rxe_net_xmit(qp, &p);
		rxe_count(qp->dev, RXE_C_READ_RESP_TX);
	}
}

/* Complete the head receive WQE (its data is placed). */
static void complete_recv(struct rxe_qp *qp, const struct roce_pkt *p, u32 f,
			  enum ib_wc_opcode op)
{
	struct rxe_recv_wqe *r = rxe_queue_at(&qp->rq, qp->rq.head);
	struct ib_wc wc = {
		.wr_id = r->wr_id, .status = IB_WC_SUCCESS, .opcode = op,
		.byte_len = qp->rcv_off, .qp_num = qp->ibqp->qp_num,
		.src_qp = qp->dest_qpn,
	};

	if (f & ROCE_OPF_IMMDT) {
		wc.imm_data = __builtin_bswap32(p->imm);	/* back to wire order */
		wc.wc_flags = IB_WC_WITH_IMM;
	}
	__atomic_store_n(&qp->rq.head, qp->rq.head + 1, __ATOMIC_RELEASE);
	ib_cq_push(qp->ibqp->init.recv_cq, &wc);
}

static void exec_send(struct rxe_qp *qp, const struct roce_pkt *p, u32 f)
{
	struct rxe_recv_wqe *r = rxe_queue_at(&qp->rq, qp->rq.head);

	if (f & ROCE_OPF_FIRST)
		qp->rcv_off = 0;
	rxe_copy_sge(r->sge, r->num_sge, qp->rcv_off, (void *)p->payload,
		     p->payload_len, true);
	qp->rcv_off += p->payload_len;
	qp->msg = RXE_MSG_SEND;
	if (f & ROCE_OPF_LAST) {
		qp->msg = RXE_MSG_NONE;
		complete_recv(qp, p, f, IB_WC_RECV);
	}
}

static void exec_write(struct rxe_qp *qp, const struct roce_pkt *p, u32 f)
{
	if (f & ROCE_OPF_FIRST) {
		qp->wr_va = p->va;
		qp->wr_rkey = p->rkey;
		qp->wr_resid = p->dma_len;
		qp->rcv_off = 0;
	}
	/* check_write() proved [wr_va, wr_va + payload_len) writable. */
	memcpy((void *)(unsigned long)qp->wr_va, p->payload, p->payload_len);
	qp->wr_va += p->payload_len;
	qp->wr_resid -= p->payload_len;
	qp->rcv_off += p->payload_len;
	qp->msg = RXE_MSG_WRITE;
	if (f & ROCE_OPF_LAST) {
		qp->msg = RXE_MSG_NONE;
		if (f & ROCE_OPF_IMMDT)
			complete_recv(qp, p, f, IB_WC_RECV_RDMA_WITH_IMM);
	}
}

/**
 * rxe_resp_rx() - a request packet for @qp
 * @qp: the responder's QP
 * @p: the parsed packet
 *
 * In-order requests are checked (RNR, remote access, invalid request) and
 * executed; the PSN state machine sorts out duplicates and gaps.
 * Context: the provider thread.
 */
void rxe_resp_rx(struct rxe_qp *qp, const struct roce_pkt *p)
{
	u32 f = roce_opcode_flags(p->opcode);
	struct roce_resp_in in = {
		.psn = p->psn, .last = f & ROCE_OPF_LAST, .ackreq = p->ackreq,
		.read = f & ROCE_OPF_READ,
	};
	struct roce_resp_out out;

	if (qp->state != IB_QPS_RTR && qp->state != IB_QPS_RTS &&
	    qp->state != IB_QPS_SQD) {
		rxe_count(qp->dev, RXE_C_RX_BAD_STATE);
		return;
	}
	if (in.read)
		in.read_npsn = p->dma_len > RXE_MAX_READ_LEN ? 1 :
			       max(1u, DIV_ROUND_UP(p->dma_len, qp->mtu));
	if (p->psn == qp->resp.epsn && resp_check(qp, p, f))
		return;
	switch (roce_resp_rx(&qp->resp, &in, &out)) {
	case ROCE_RESP_EXECUTE:
		if (f & ROCE_OPF_SEND)
			exec_send(qp, p, f);
		else if (f & ROCE_OPF_WRITE)
			exec_write(qp, p, f);
		else
			send_read_resp(qp, p->va, p->dma_len, p->psn, out.msn);
		break;
	case ROCE_RESP_DUP_READ:
		rxe_count(qp->dev, RXE_C_RX_DUPLICATE);
		if (p->dma_len <= RXE_MAX_READ_LEN &&
		    remote_ok(qp, p->rkey, p->va, p->dma_len, IB_ACCESS_REMOTE_READ))
			send_read_resp(qp, p->va, p->dma_len, p->psn, qp->resp.msn);
		return;
	case ROCE_RESP_DUPLICATE:
		rxe_count(qp->dev, RXE_C_RX_DUPLICATE);
		break;
	case ROCE_RESP_NAK_SEQ:
		rxe_resp_flush_ack(qp);
		send_aeth(qp, roce_aeth_nak(ROCE_NAK_PSN_SEQ_ERROR), out.ack_psn, out.msn);
		rxe_count(qp->dev, RXE_C_SEQ_NAK_TX);
		return;
	case ROCE_RESP_DROP:
		rxe_count(qp->dev, RXE_C_RX_OOO_DROP);
		return;
	}
	if (out.ack) {
		qp->ack_pending = true;
		qp->ack_psn = out.ack_psn;
		qp->ack_msn = out.msn;
	}
}
