/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RoCE reliable-connection sequencing: 24-bit PSN arithmetic and the
 * requester/responder state machines (no I/O; time is passed in as ns).
 */
#ifndef _TESSERA_ROCE_PSN_H
#define _TESSERA_ROCE_PSN_H

#include <tessera/types.h>

#define ROCE_PSN_MOD		(1u << 24)
#define ROCE_PSN_MAX_WINDOW	(1u << 23)	/* half the PSN space */
#define ROCE_RETRY_MAX		7
#define ROCE_RNR_RETRY_INFINITE	7

/**
 * roce_psn_add() - @psn + @n modulo 2^24
 * @psn: a PSN
 * @n: distance (may be a negated count, it wraps)
 *
 * Return: the PSN @n after @psn.
 */
static inline u32 roce_psn_add(u32 psn, u32 n)
{
	return (psn + n) & (ROCE_PSN_MOD - 1);
}

/**
 * roce_psn_diff() - signed distance from @b to @a on the 24-bit circle
 * @a: a PSN
 * @b: a PSN
 *
 * Return: in [-2^23, 2^23): positive when @a is after @b.
 */
static inline s32 roce_psn_diff(u32 a, u32 b)
{
	u32 d = (a - b) & (ROCE_PSN_MOD - 1);

	return d >= ROCE_PSN_MAX_WINDOW ? (s32)d - (s32)ROCE_PSN_MOD : (s32)d;
}

/**
 * roce_psn_in_window() - is @psn in [@base, @base + @size) modulo 2^24
 * @psn: the PSN to test
 * @base: window start
 * @size: window length (at most 2^23)
 *
 * Return: true when inside.
 */
static inline bool roce_psn_in_window(u32 psn, u32 base, u32 size)
{
	return ((psn - base) & (ROCE_PSN_MOD - 1)) < size;
}

/**
 * roce_rnr_timer_ns() - the RNR NAK timer field as a delay
 * @code: 5-bit timer code from the AETH
 *
 * Return: nanoseconds (code 0 is the longest, 655.36 ms).
 */
u64 roce_rnr_timer_ns(u8 code);

/* ------------------------------------------------------------ requester */

enum roce_req_state {
	ROCE_REQ_READY,		/* sending; maybe retransmitting */
	ROCE_REQ_RNR_WAIT,	/* waiting out an RNR NAK timer */
	ROCE_REQ_ERROR,		/* fatal: see roce_req.error */
};

/* What roce_req_ack()/roce_req_poll() did; the caller acts on it. */
enum roce_req_event {
	ROCE_REQ_EV_NONE,	/* nothing (stale, duplicate or no timer) */
	ROCE_REQ_EV_ACKED,	/* una advanced: complete the WQEs before it */
	ROCE_REQ_EV_RETRANSMIT,	/* go back: drain roce_req_retransmit() */
	ROCE_REQ_EV_RNR_WAIT,	/* RNR NAK: retransmission after the timer */
	ROCE_REQ_EV_ERROR,	/* QP to error: see roce_req.error */
};

/* Why the requester went to ERROR (completion status for the WQE at una). */
enum roce_req_error {
	ROCE_REQ_ERR_NONE,
	ROCE_REQ_ERR_RETRY_EXCEEDED,
	ROCE_REQ_ERR_RNR_RETRY_EXCEEDED,
	ROCE_REQ_ERR_REM_INVALID_REQUEST,
	ROCE_REQ_ERR_REM_ACCESS,
	ROCE_REQ_ERR_REM_OP,
};

/**
 * struct roce_req_cfg - requester parameters
 * @window: most PSNs outstanding (un-ACKed) at once, 1..2^23-1
 * @timeout_ns: local ACK timeout
 * @retry_cnt: retransmissions (timeout or PSN sequence NAK) without progress
 * @rnr_retry: RNR NAK retries, 7 meaning infinite
 */
struct roce_req_cfg {
	u32 window;
	u64 timeout_ns;
	u8 retry_cnt;
	u8 rnr_retry;
};

/**
 * struct roce_req_stats - requester counters
 */
struct roce_req_stats {
	u64 acks;		/* ACKs that made progress */
	u64 stale_acks;		/* ACKs/NAKs outside [una, next) */
	u64 seq_naks;		/* PSN sequence error NAKs acted on */
	u64 dup_naks;		/* repeated NAKs for a go-back under way */
	u64 rnr_naks;
	u64 fatal_naks;
	u64 timeouts;
	u64 retransmitted;	/* PSNs handed out again */
};

/**
 * struct roce_req - requester side of one RC QP
 *
 * PSNs in [una, next) are sent and not yet acknowledged. While @resending,
 * [resend, next) still has to go out again, oldest first.
 */
struct roce_req {
	struct roce_req_cfg cfg;
	enum roce_req_state state;
	enum roce_req_error error;
	u32 next;		/* next new PSN */
	u32 una;		/* oldest un-ACKed PSN */
	u32 resend;		/* go-back-N cursor */
	bool resending;
	bool nak_seen;		/* a seq NAK for @una is being acted on */
	u8 retry_left;
	u8 rnr_left;
	u64 deadline;		/* retransmit timer, 0 = disarmed */
	u64 rnr_until;
	struct roce_req_stats stats;
};

void roce_req_init(struct roce_req *r, const struct roce_req_cfg *cfg,
		   u32 first_psn);
int roce_req_alloc(struct roce_req *r, u32 npsn, u64 now, u32 *first);
u32 roce_req_outstanding(const struct roce_req *r);
enum roce_req_event roce_req_ack(struct roce_req *r, u32 psn, u8 syndrome,
				 u64 now);
enum roce_req_event roce_req_read_resp(struct roce_req *r, u32 psn, bool first,
				       u64 now);
enum roce_req_event roce_req_poll(struct roce_req *r, u64 now);
bool roce_req_retransmit(struct roce_req *r, u32 *psn);

/* ------------------------------------------------------------ responder */

/**
 * struct roce_resp_cfg - responder parameters
 * @ack_every: coalesce: ACK at least every this many accepted packets (>= 1)
 * @ack_on_last: also ACK the last packet of every message
 */
struct roce_resp_cfg {
	u32 ack_every;
	bool ack_on_last;
};

/**
 * struct roce_resp_in - what the responder needs of one received request
 * @psn: its BTH PSN
 * @last: it ends a message (LAST or ONLY opcode)
 * @ackreq: the BTH A bit
 * @read: an RDMA READ request
 * @read_npsn: for a read, how many response packets (PSNs) it takes
 *	(1..2^23-1; the caller NAKs longer reads as invalid requests)
 */
struct roce_resp_in {
	u32 psn;
	bool last;
	bool ackreq;
	bool read;
	u32 read_npsn;
};

enum roce_resp_action {
	ROCE_RESP_EXECUTE,	/* new, in order: execute it */
	ROCE_RESP_DUPLICATE,	/* seen before: do not execute again */
	ROCE_RESP_DUP_READ,	/* repeated READ: send its responses again */
	ROCE_RESP_NAK_SEQ,	/* gap: send one PSN sequence error NAK */
	ROCE_RESP_DROP,		/* gap already NAKed: drop silently */
};

/**
 * struct roce_resp_out - what the caller must do besides the action
 * @ack: send an ACK (or the NAK for ROCE_RESP_NAK_SEQ) now
 * @ack_psn: PSN to put in that ACK/NAK
 * @msn: MSN to put in its AETH
 */
struct roce_resp_out {
	bool ack;
	u32 ack_psn;
	u32 msn;
};

/**
 * struct roce_resp_stats - responder counters
 */
struct roce_resp_stats {
	u64 accepted;
	u64 duplicates;
	u64 dup_reads;
	u64 seq_naks;		/* NAKs sent, one per gap */
	u64 ooo_dropped;	/* out-of-order packets dropped after the NAK */
	u64 acks;
};

/**
 * struct roce_resp - responder side of one RC QP
 */
struct roce_resp {
	struct roce_resp_cfg cfg;
	u32 epsn;		/* expected PSN */
	u32 msn;		/* messages completed, 24 bits */
	u32 unacked;		/* accepted since the last ACK */
	bool nak_sent;		/* a seq NAK for @epsn is out */
	bool dup_acked;		/* a duplicate was re-ACKed since progress */
	struct roce_resp_stats stats;
};

void roce_resp_init(struct roce_resp *r, const struct roce_resp_cfg *cfg,
		    u32 epsn);
enum roce_resp_action roce_resp_rx(struct roce_resp *r,
				   const struct roce_resp_in *in,
				   struct roce_resp_out *out);

#endif /* _TESSERA_ROCE_PSN_H */
