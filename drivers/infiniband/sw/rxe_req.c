// SPDX-License-Identifier: GPL-2.0
/*
 * Software RoCE requester: send WQEs cut into path-MTU packets with PSNs,
 * RDMA READ requests in chunks, the retransmission and RNR timers.
 */
#include <tessera/kernel.h>
#include <tessera/string.h>
#include "rxe.h"

static const u8 send_ops[2][4] = {	/* [imm][only, first, middle, last] */
	{ ROCE_OP_SEND_ONLY, ROCE_OP_SEND_FIRST, ROCE_OP_SEND_MIDDLE, ROCE_OP_SEND_LAST },
	{ ROCE_OP_SEND_ONLY_WITH_IMMEDIATE, ROCE_OP_SEND_FIRST, ROCE_OP_SEND_MIDDLE,
	  ROCE_OP_SEND_LAST_WITH_IMMEDIATE },
};

static const u8 write_ops[2][4] = {
	{ ROCE_OP_RDMA_WRITE_ONLY, ROCE_OP_RDMA_WRITE_FIRST, ROCE_OP_RDMA_WRITE_MIDDLE,
	  ROCE_OP_RDMA_WRITE_LAST },
	{ ROCE_OP_RDMA_WRITE_ONLY_WITH_IMMEDIATE, ROCE_OP_RDMA_WRITE_FIRST,
	  ROCE_OP_RDMA_WRITE_MIDDLE, ROCE_OP_RDMA_WRITE_LAST_WITH_IMMEDIATE },
};

/* Packets (PSNs) a WQE takes: at least one, even for zero bytes. */
static u32 wqe_npsn(const struct rxe_qp *qp, const struct rxe_send_wqe *w)
{
	return w->len ? DIV_ROUND_UP(w->len, qp->mtu) : 1;
}

/* PSNs a READ request sent at index @idx covers: to the end of its chunk. */
static u32 read_chunk_end(const struct rxe_send_wqe *w, u32 idx)
{
	return min((idx / RXE_READ_CHUNK + 1) * RXE_READ_CHUNK, w->npsn);
}

static u32 send_read_req(struct rxe_qp *qp, struct rxe_send_wqe *w, u32 idx,
			 struct roce_pkt *p)
{
	u32 end = read_chunk_end(w, idx), off = idx * qp->mtu;

	p->opcode = ROCE_OP_RDMA_READ_REQUEST;
	p->va = w->raddr + off;
	p->rkey = w->rkey;
	p->dma_len = min(end * qp->mtu, w->len) - min(off, w->len);
	p->ackreq = true;
	rxe_net_xmit(qp, p);
	return end - idx;
}

/*
 * Send packet @idx of @w (PSN first_psn + idx); a READ request covers the
 * rest of its chunk. Return: PSNs covered.
 */
static u32 send_pkt(struct rxe_qp *qp, struct rxe_send_wqe *w, u32 idx, bool again)
{
	struct rxe_dev *dev = qp->dev;
	u32 off = idx * qp->mtu, pos;
	bool imm, first = idx == 0, last = idx == w->npsn - 1;
	struct roce_pkt p;

	memset(&p, 0, sizeof(p));
	p.psn = roce_psn_add(w->first_psn, idx);
	if (again)
		rxe_count(dev, RXE_C_RETRANSMIT);
	if (w->opcode == IB_WR_RDMA_READ)
		return send_read_req(qp, w, idx, &p);
	pos = first && last ? 0 : first ? 1 : last ? 3 : 2;
	imm = w->opcode == IB_WR_SEND_WITH_IMM || w->opcode == IB_WR_RDMA_WRITE_WITH_IMM;
	if (w->opcode == IB_WR_SEND || w->opcode == IB_WR_SEND_WITH_IMM) {
		p.opcode = send_ops[imm][pos];
	} else {
		p.opcode = write_ops[imm][pos];
		if (first) {
			p.va = w->raddr;
			p.rkey = w->rkey;
			p.dma_len = w->len;
		}
	}
	if (imm && last)
		p.imm = __builtin_bswap32(w->imm);	/* imm_data is in wire order */
	p.se = last && (w->flags & IB_SEND_SOLICITED);
	p.ackreq = last || (idx + 1) % (RXE_WINDOW / 2) == 0;
	p.payload_len = off < w->len ? min(qp->mtu, w->len - off) : 0;
	p.payload = dev->payload;
	rxe_copy_sge(w->sge, w->num_sge, off, dev->payload, p.payload_len, false);
	rxe_net_xmit(qp, &p);
	return 1;
}

/* The in-flight WQE holding @psn, with its packet index; NULL if none. */
static struct rxe_send_wqe *find_wqe(struct rxe_qp *qp, u32 psn, u32 *idx)
{
	struct rxe_send_wqe *w;
	u32 i, tail = rxe_queue_count(&qp->sq) + qp->sq.head, d;

	for (i = qp->sq.head; i != tail; i++) {
		w = rxe_queue_at(&qp->sq, i);
		if (!w->psn_sent)
			break;
		d = (psn - w->first_psn) & ROCE_PSN_MASK;
		if (d < w->psn_sent) {
			*idx = d;
			return w;
		}
		if (i == qp->sq_cur)
			break;
	}
	return NULL;
}

/**
 * rxe_req_retransmit() - resend what the requester state machine asks for
 * @qp: the QP (after ROCE_REQ_EV_RETRANSMIT)
 * Context: the provider thread.
 */
void rxe_req_retransmit(struct rxe_qp *qp)
{
	struct rxe_send_wqe *w;
	u32 psn, idx, n;

	while (roce_req_retransmit(&qp->req, &psn)) {
		w = find_wqe(qp, psn, &idx);
		if (!w)
			continue;
		for (n = send_pkt(qp, w, idx, true); n > 1; n--)
			roce_req_retransmit(&qp->req, &psn);	/* same READ request */
	}
}

/* Hand PSNs to new WQEs and send them while the window allows. */
static void req_send_new(struct rxe_qp *qp, u64 now)
{
	u32 tail = qp->sq.head + rxe_queue_count(&qp->sq), n, first, idx;
	struct rxe_send_wqe *w;

	while (qp->sq_cur != tail) {
		w = rxe_queue_at(&qp->sq, qp->sq_cur);
		if (!w->psn_sent)
			w->npsn = wqe_npsn(qp, w);
		while (w->psn_sent < w->npsn) {
			idx = w->psn_sent;
			n = w->opcode == IB_WR_RDMA_READ ? read_chunk_end(w, idx) - idx : 1;
			if (roce_req_alloc(&qp->req, n, now, &first))
				return;
			if (!idx)
				w->first_psn = first;
			w->psn_sent += n;
			send_pkt(qp, w, idx, false);
		}
		qp->sq_cur++;
	}
}

/**
 * rxe_req_run() - the requester's turn: timers, then new work
 * @qp: the QP
 * @now: current time, ns
 * Context: the provider thread.
 */
void rxe_req_run(struct rxe_qp *qp, u64 now)
{
	u64 timeouts = qp->req.stats.timeouts;
	enum roce_req_event ev;

	if (qp->state == IB_QPS_ERR) {
		if (rxe_queue_count(&qp->sq) || rxe_queue_count(&qp->rq))
			rxe_flush_queues(qp);	/* posted while we moved to ERR */
		return;
	}
	if (qp->state != IB_QPS_RTS && qp->state != IB_QPS_SQD)
		return;
	ev = roce_req_poll(&qp->req, now);
	if (qp->req.stats.timeouts != timeouts)
		rxe_count(qp->dev, RXE_C_TIMEOUT);
	rxe_comp_event(qp, ev);
	if (qp->state == IB_QPS_RTS)
		req_send_new(qp, now);
}

/**
 * rxe_req_next_event() - when the requester's next timer expires
 * @qp: the QP
 * Return: ns, or 0 for no timer.
 * Context: the provider thread.
 */
u64 rxe_req_next_event(struct rxe_qp *qp)
{
	if (qp->state != IB_QPS_RTS && qp->state != IB_QPS_SQD)
		return 0;
	if (qp->req.state == ROCE_REQ_RNR_WAIT)
		return qp->req.rnr_until;
	return qp->req.state == ROCE_REQ_READY ? qp->req.deadline : 0;
}
