// SPDX-License-Identifier: GPL-2.0
/*
 * RC transport sequencing for the software RoCE provider: requester
 * (window, ACK/NAK, go-back-N, timeout, RNR) and responder (expected PSN,
 * duplicates, one NAK per gap, ACK coalescing) as pure state machines.
 */
#include <tessera/kernel.h>
#include <tessera/errno.h>
#include <tessera/string.h>
#include <tessera/roce_wire.h>
#include <tessera/roce_psn.h>

#define NSEC_PER_USEC	1000ull

/* RNR NAK timer codes 0..31 in microseconds (code 0 is the longest). */
static const u32 rnr_timer_us[32] = {
	655360, 10, 20, 30, 40, 60, 80, 120,
	160, 240, 320, 480, 640, 960, 1280, 1920,
	2560, 3840, 5120, 7680, 10240, 15360, 20480, 30720,
	40960, 61440, 81920, 122880, 163840, 245760, 327680, 491520,
};

/**
 * roce_rnr_timer_ns() - the RNR NAK timer field as a delay
 * @code: 5-bit timer code from the AETH
 *
 * Return: nanoseconds.
 */
u64 roce_rnr_timer_ns(u8 code)
{
	return rnr_timer_us[code & 0x1f] * NSEC_PER_USEC;
}

/* ------------------------------------------------------------ requester */

/**
 * roce_req_init() - reset a requester
 * @r: the requester
 * @cfg: parameters (copied; out-of-range values are clamped)
 * @first_psn: the QP's initial send PSN
 */
void roce_req_init(struct roce_req *r, const struct roce_req_cfg *cfg,
		   u32 first_psn)
{
	memset(r, 0, sizeof(*r));
	r->cfg = *cfg;
	r->cfg.window = clamp(r->cfg.window, 1u, ROCE_PSN_MAX_WINDOW - 1);
	if (!r->cfg.timeout_ns)
		r->cfg.timeout_ns = 1;
	r->cfg.retry_cnt = min_t(u8, r->cfg.retry_cnt, ROCE_RETRY_MAX);
	r->cfg.rnr_retry = min_t(u8, r->cfg.rnr_retry, ROCE_RNR_RETRY_INFINITE);
	r->state = ROCE_REQ_READY;
	r->next = first_psn & ROCE_PSN_MASK;
	r->una = r->next;
	r->resend = r->next;
	r->retry_left = r->cfg.retry_cnt;
	r->rnr_left = r->cfg.rnr_retry;
}

/**
 * roce_req_outstanding() - PSNs sent and not yet acknowledged
 * @r: the requester
 *
 * Return: next - una modulo 2^24.
 */
u32 roce_req_outstanding(const struct roce_req *r)
{
	return (r->next - r->una) & ROCE_PSN_MASK;
}

/**
 * roce_req_alloc() - take PSNs for a new request
 * @r: the requester
 * @npsn: PSNs it uses (packets; for a READ, its response packets)
 * @now: current time, ns
 * @first: its first PSN
 *
 * Arms the retransmit timer if it was idle. New requests wait while a
 * retransmission is under way so the wire stays in PSN order.
 *
 * Return: 0, -EINVAL for @npsn 0, -EAGAIN when the window is full, a
 * go-back is being drained or an RNR wait runs, -EIO in the error state.
 */
int roce_req_alloc(struct roce_req *r, u32 npsn, u64 now, u32 *first)
{
	if (r->state == ROCE_REQ_ERROR)
		return -EIO;
	if (!npsn)
		return -EINVAL;
	if (r->state != ROCE_REQ_READY || r->resending)
		return -EAGAIN;
	if (npsn > r->cfg.window ||
	    roce_req_outstanding(r) + npsn > r->cfg.window)
		return -EAGAIN;
	*first = r->next;
	r->next = roce_psn_add(r->next, npsn);
	if (!r->deadline)
		r->deadline = now + r->cfg.timeout_ns;
	return 0;
}

static bool req_in_flight(const struct roce_req *r, u32 psn)
{
	return roce_psn_in_window(psn, r->una, roce_req_outstanding(r));
}

/* Everything up to and including @psn is acknowledged: forward progress. */
static void req_advance(struct roce_req *r, u32 psn, u64 now)
{
	r->una = roce_psn_add(psn, 1);
	r->retry_left = r->cfg.retry_cnt;
	r->rnr_left = r->cfg.rnr_retry;
	r->nak_seen = false;
	if (r->resending && roce_psn_diff(r->resend, r->una) < 0)
		r->resend = r->una;
	if (r->resend == r->next)
		r->resending = false;
	if (r->una == r->next) {
		r->deadline = 0;
		if (r->state == ROCE_REQ_RNR_WAIT)
			r->state = ROCE_REQ_READY;
	} else {
		r->deadline = now + r->cfg.timeout_ns;
	}
}

static enum roce_req_event req_fail(struct roce_req *r,
				    enum roce_req_error err)
{
	r->state = ROCE_REQ_ERROR;
	r->error = err;
	r->resending = false;
	r->deadline = 0;
	return ROCE_REQ_EV_ERROR;
}

/* Resend everything from una, spending one retry. */
static enum roce_req_event req_go_back(struct roce_req *r, u64 now)
{
	if (!r->retry_left)
		return req_fail(r, ROCE_REQ_ERR_RETRY_EXCEEDED);
	r->retry_left--;
	r->state = ROCE_REQ_READY;
	r->resending = true;
	r->resend = r->una;
	r->deadline = now + r->cfg.timeout_ns;
	return ROCE_REQ_EV_RETRANSMIT;
}

static enum roce_req_event req_rnr(struct roce_req *r, u8 timer, u64 now)
{
	if (r->state == ROCE_REQ_RNR_WAIT) {
		r->stats.dup_naks++;
		return ROCE_REQ_EV_NONE;
	}
	r->stats.rnr_naks++;
	if (!r->rnr_left)
		return req_fail(r, ROCE_REQ_ERR_RNR_RETRY_EXCEEDED);
	if (r->cfg.rnr_retry != ROCE_RNR_RETRY_INFINITE)
		r->rnr_left--;
	r->state = ROCE_REQ_RNR_WAIT;
	r->rnr_until = now + roce_rnr_timer_ns(timer);
	r->resending = false;
	r->deadline = 0;
	return ROCE_REQ_EV_RNR_WAIT;
}

static enum roce_req_event req_seq_nak(struct roce_req *r, u64 now)
{
	/* Repeats, and stragglers during an RNR wait (its resend covers them). */
	if (r->nak_seen || r->state == ROCE_REQ_RNR_WAIT) {
		r->stats.dup_naks++;
		return ROCE_REQ_EV_NONE;
	}
	r->stats.seq_naks++;
	r->nak_seen = true;
	return req_go_back(r, now);
}

static enum roce_req_event req_nak(struct roce_req *r, u8 code, u64 now)
{
	if (code == ROCE_NAK_PSN_SEQ_ERROR)
		return req_seq_nak(r, now);
	r->stats.fatal_naks++;
	switch (code) {
	case ROCE_NAK_REMOTE_ACCESS_ERROR:
		return req_fail(r, ROCE_REQ_ERR_REM_ACCESS);
	case ROCE_NAK_REMOTE_OP_ERROR:
		return req_fail(r, ROCE_REQ_ERR_REM_OP);
	default:	/* invalid request, invalid RD request, reserved */
		return req_fail(r, ROCE_REQ_ERR_REM_INVALID_REQUEST);
	}
}

/**
 * roce_req_ack() - handle an ACK or NAK (AETH) from the responder
 * @r: the requester
 * @psn: the BTH PSN of the ACK/NAK
 * @syndrome: the AETH syndrome
 * @now: current time, ns
 *
 * An ACK for PSN n acknowledges every PSN up to n. A NAK for n acknowledges
 * those before n; a PSN sequence error NAK then goes back to n (once per
 * loss: repeats are ignored until progress or a timeout), an RNR NAK waits
 * its timer, other NAK codes are fatal. ACKs and NAKs for PSNs not in flight
 * are stale and ignored.
 *
 * Return: the event for the caller to act on.
 */
enum roce_req_event roce_req_ack(struct roce_req *r, u32 psn, u8 syndrome,
				 u64 now)
{
	u8 type = roce_aeth_type(syndrome);

	if (r->state == ROCE_REQ_ERROR)
		return ROCE_REQ_EV_NONE;
	if (!req_in_flight(r, psn) || type == ROCE_AETH_TYPE_RESERVED) {
		r->stats.stale_acks++;
		return ROCE_REQ_EV_NONE;
	}
	if (type == ROCE_AETH_TYPE_ACK) {
		r->stats.acks++;
		req_advance(r, psn, now);
		return ROCE_REQ_EV_ACKED;
	}
	/* A NAK for psn: everything before it was executed. */
	if (psn != r->una)
		req_advance(r, roce_psn_add(psn, ROCE_PSN_MASK), now);
	if (type == ROCE_AETH_TYPE_RNR_NAK)
		return req_rnr(r, roce_aeth_value(syndrome), now);
	return req_nak(r, roce_aeth_value(syndrome), now);
}

/**
 * roce_req_read_resp() - account an RDMA READ response packet
 * @r: the requester
 * @psn: its BTH PSN
 * @first: it is a READ_RESPONSE_FIRST or _ONLY
 * @now: current time, ns
 *
 * Responses are implicit ACKs. The first packet of a read's responses
 * acknowledges every earlier PSN (the responder executed them in order);
 * a middle/last one acknowledges itself only when it is the oldest
 * outstanding PSN, otherwise a response went missing and the requester
 * goes back to una (once per gap), re-reading from there.
 *
 * Return: the event for the caller to act on.
 */
enum roce_req_event roce_req_read_resp(struct roce_req *r, u32 psn,
				       bool first, u64 now)
{
	if (r->state == ROCE_REQ_ERROR)
		return ROCE_REQ_EV_NONE;
	if (!req_in_flight(r, psn)) {
		r->stats.stale_acks++;
		return ROCE_REQ_EV_NONE;
	}
	if (first || psn == r->una) {
		r->stats.acks++;
		req_advance(r, psn, now);
		return ROCE_REQ_EV_ACKED;
	}
	return req_seq_nak(r, now);
}

/**
 * roce_req_poll() - run the timers
 * @r: the requester
 * @now: current time, ns
 *
 * On an expired retransmit timer with PSNs in flight, goes back to una
 * (spending a retry; none left puts the requester in error). At the end of
 * an RNR wait, starts the retransmission from una.
 *
 * Return: the event for the caller to act on.
 */
enum roce_req_event roce_req_poll(struct roce_req *r, u64 now)
{
	switch (r->state) {
	case ROCE_REQ_RNR_WAIT:
		if (now < r->rnr_until)
			return ROCE_REQ_EV_NONE;
		r->state = ROCE_REQ_READY;
		if (!roce_req_outstanding(r))
			return ROCE_REQ_EV_NONE;
		r->resending = true;
		r->resend = r->una;
		r->deadline = now + r->cfg.timeout_ns;
		return ROCE_REQ_EV_RETRANSMIT;
	case ROCE_REQ_READY:
		if (!r->deadline || now < r->deadline)
			return ROCE_REQ_EV_NONE;
		if (!roce_req_outstanding(r)) {
			r->deadline = 0;
			return ROCE_REQ_EV_NONE;
		}
		r->stats.timeouts++;
		r->nak_seen = false;
		return req_go_back(r, now);
	default:
		return ROCE_REQ_EV_NONE;
	}
}

/**
 * roce_req_retransmit() - next PSN a go-back-N retransmission must resend
 * @r: the requester
 * @psn: the PSN
 *
 * Call in a loop after ROCE_REQ_EV_RETRANSMIT until it returns false; the
 * caller re-sends the packet holding each PSN (a READ request covers all
 * its response PSNs: the caller skips the rest of them).
 *
 * Return: true with @psn set, false when nothing is left to resend.
 */
bool roce_req_retransmit(struct roce_req *r, u32 *psn)
{
	if (r->state != ROCE_REQ_READY || !r->resending)
		return false;
	*psn = r->resend;
	r->resend = roce_psn_add(r->resend, 1);
	r->stats.retransmitted++;
	if (r->resend == r->next)
		r->resending = false;
	return true;
}

/* ------------------------------------------------------------ responder */

/**
 * roce_resp_init() - reset a responder
 * @r: the responder
 * @cfg: parameters (copied; ack_every 0 is taken as 1)
 * @epsn: the QP's initial receive PSN
 */
void roce_resp_init(struct roce_resp *r, const struct roce_resp_cfg *cfg,
		    u32 epsn)
{
	memset(r, 0, sizeof(*r));
	r->cfg = *cfg;
	if (!r->cfg.ack_every)
		r->cfg.ack_every = 1;
	r->epsn = epsn & ROCE_PSN_MASK;
}

static void resp_ack(struct roce_resp *r, u32 psn, struct roce_resp_out *out)
{
	out->ack = true;
	out->ack_psn = psn;
	r->unacked = 0;
	r->stats.acks++;
}

static enum roce_resp_action resp_in_order(struct roce_resp *r,
					   const struct roce_resp_in *in,
					   struct roce_resp_out *out)
{
	/* The caller bounds a READ's length (invalid request NAK) first. */
	u32 n = in->read ? clamp(in->read_npsn, 1u, ROCE_PSN_MAX_WINDOW - 1) : 1;

	r->epsn = roce_psn_add(r->epsn, n);
	r->nak_sent = false;
	r->dup_acked = false;
	r->stats.accepted++;
	if (in->last)
		r->msn = (r->msn + 1) & ROCE_MSN_MASK;
	out->msn = r->msn;
	if (in->read) {
		/* The responses carry the AETH: they are the ACK. */
		r->unacked = 0;
		return ROCE_RESP_EXECUTE;
	}
	r->unacked++;
	if (in->ackreq || r->unacked >= r->cfg.ack_every ||
	    (in->last && r->cfg.ack_on_last))
		resp_ack(r, in->psn, out);
	return ROCE_RESP_EXECUTE;
}

static enum roce_resp_action resp_duplicate(struct roce_resp *r,
					    const struct roce_resp_in *in,
					    struct roce_resp_out *out)
{
	r->stats.duplicates++;
	if (in->read) {
		r->stats.dup_reads++;
		out->ack_psn = in->psn;
		return ROCE_RESP_DUP_READ;
	}
	/* Re-ACK the newest PSN: once per run of duplicates, and on demand. */
	if (!r->dup_acked || in->ackreq || in->last) {
		r->dup_acked = true;
		resp_ack(r, roce_psn_add(r->epsn, ROCE_PSN_MASK), out);
	}
	return ROCE_RESP_DUPLICATE;
}

/**
 * roce_resp_rx() - classify one received request by its PSN
 * @r: the responder
 * @in: the request
 * @out: ACK/NAK to send, if any
 *
 * PSN == expected: execute; expected advances by one (a READ: by its
 * response count); ACK when the A bit is set, every cfg.ack_every packets,
 * or at a message end if cfg.ack_on_last. PSN behind (previous 2^23):
 * duplicate, not executed again; re-ACKed with the newest PSN, or for a READ
 * answered again. PSN ahead: one PSN sequence error NAK carrying the
 * expected PSN, then silent drops until the expected PSN arrives.
 *
 * A SEND finding no receive WQE is the caller's business: it answers with
 * an RNR NAK for r->epsn without calling this, so nothing advances.
 *
 * Return: the action for the caller.
 */
enum roce_resp_action roce_resp_rx(struct roce_resp *r,
				   const struct roce_resp_in *in,
				   struct roce_resp_out *out)
{
	s32 d = roce_psn_diff(in->psn & ROCE_PSN_MASK, r->epsn);

	memset(out, 0, sizeof(*out));
	out->msn = r->msn;
	if (d == 0)
		return resp_in_order(r, in, out);
	if (d < 0)
		return resp_duplicate(r, in, out);
	if (r->nak_sent) {
		r->stats.ooo_dropped++;
		return ROCE_RESP_DROP;
	}
	r->nak_sent = true;
	r->stats.seq_naks++;
	out->ack = true;
	out->ack_psn = r->epsn;
	return ROCE_RESP_NAK_SEQ;
}
