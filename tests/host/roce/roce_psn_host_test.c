// SPDX-License-Identifier: GPL-2.0
/*
 * Host suite roce_psn: 24-bit PSN arithmetic, the requester (window, ACK
 * coalescing, go-back-N, timeout, RNR, fatal NAKs) and responder (dups,
 * one NAK per gap, ACK coalescing), and both over a lossy simulated link.
 */
#include <tessera/ktest.h>
#include <tessera/errno.h>
#include <tessera/string.h>
#include <tessera/roce_wire.h>
#include <tessera/roce_psn.h>

#define T_OUT	1000000ull	/* 1 ms local ACK timeout */

static struct roce_req req;
static struct roce_resp resp;

static void req_setup(u32 psn, u32 window, u8 retry, u8 rnr)
{
	struct roce_req_cfg cfg = {
		.window = window, .timeout_ns = T_OUT,
		.retry_cnt = retry, .rnr_retry = rnr,
	};

	roce_req_init(&req, &cfg, psn);
}

static void resp_setup(u32 epsn, u32 every, bool on_last)
{
	struct roce_resp_cfg cfg = { .ack_every = every, .ack_on_last = on_last };

	roce_resp_init(&resp, &cfg, epsn);
}

static enum roce_resp_action rx(u32 psn, bool last, bool ackreq,
				struct roce_resp_out *out)
{
	struct roce_resp_in in = { .psn = psn, .last = last, .ackreq = ackreq };

	return roce_resp_rx(&resp, &in, out);
}

static void roce_psn_arith(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, roce_psn_add(0xffffff, 1), 0u);
	KTEST_EXPECT_EQ(t, roce_psn_add(0xfffffe, 5), 3u);
	KTEST_EXPECT_EQ(t, roce_psn_add(3, ROCE_PSN_MASK), 2u);	/* minus one */
	KTEST_EXPECT_EQ(t, roce_psn_add(0, ROCE_PSN_MASK), 0xffffffu);
	KTEST_EXPECT_EQ(t, roce_psn_diff(0, 0xffffff), 1);
	KTEST_EXPECT_EQ(t, roce_psn_diff(0xffffff, 0), -1);
	KTEST_EXPECT_EQ(t, roce_psn_diff(5, 5), 0);
	KTEST_EXPECT_EQ(t, roce_psn_diff(0x7fffff, 0), 0x7fffff);
	KTEST_EXPECT_EQ(t, roce_psn_diff(0x800000, 0), -0x800000);
	KTEST_EXPECT_EQ(t, roce_psn_diff(0x000010, 0xfffff0), 0x20);
	KTEST_EXPECT_TRUE(t, roce_psn_in_window(0x000002, 0xfffffe, 5));
	KTEST_EXPECT_TRUE(t, roce_psn_in_window(0xfffffe, 0xfffffe, 5));
	KTEST_EXPECT_FALSE(t, roce_psn_in_window(0x000003, 0xfffffe, 5));
	KTEST_EXPECT_FALSE(t, roce_psn_in_window(0xfffffd, 0xfffffe, 5));
	KTEST_EXPECT_FALSE(t, roce_psn_in_window(7, 7, 0));
}

static void roce_psn_rnr_timer(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, roce_rnr_timer_ns(0), 655360000ull);
	KTEST_EXPECT_EQ(t, roce_rnr_timer_ns(1), 10000ull);
	KTEST_EXPECT_EQ(t, roce_rnr_timer_ns(14), 1280000ull);
	KTEST_EXPECT_EQ(t, roce_rnr_timer_ns(31), 491520000ull);
	KTEST_EXPECT_EQ(t, roce_rnr_timer_ns(32 + 1), 10000ull);	/* 5 bits */
}

static void roce_psn_req_window(struct ktest *t)
{
	u32 first;

	req_setup(100, 4, 7, 7);
	KTEST_EXPECT_EQ(t, roce_req_alloc(&req, 0, 0, &first), -EINVAL);
	KTEST_ASSERT_EQ(t, roce_req_alloc(&req, 3, 0, &first), 0);
	KTEST_EXPECT_EQ(t, first, 100u);
	KTEST_EXPECT_EQ(t, req.deadline, T_OUT);
	KTEST_EXPECT_EQ(t, roce_req_alloc(&req, 2, 0, &first), -EAGAIN);
	KTEST_EXPECT_EQ(t, roce_req_alloc(&req, 5, 0, &first), -EAGAIN);
	KTEST_ASSERT_EQ(t, roce_req_alloc(&req, 1, 10, &first), 0);
	KTEST_EXPECT_EQ(t, first, 103u);
	KTEST_EXPECT_EQ(t, req.deadline, T_OUT);	/* not re-armed */
	KTEST_EXPECT_EQ(t, roce_req_outstanding(&req), 4u);
	KTEST_EXPECT_EQ(t, roce_req_ack(&req, 101, roce_aeth_ack(31), 50),
			ROCE_REQ_EV_ACKED);
	KTEST_EXPECT_EQ(t, roce_req_outstanding(&req), 2u);
	KTEST_EXPECT_EQ(t, req.deadline, 50 + T_OUT);
	KTEST_EXPECT_EQ(t, roce_req_alloc(&req, 2, 60, &first), 0);
	KTEST_EXPECT_EQ(t, first, 104u);
}

/* An ACK for n covers everything up to n; old or future PSNs are stale. */
static void roce_psn_req_ack_coalescing(struct ktest *t)
{
	u32 first;

	req_setup(0, 64, 7, 7);
	KTEST_ASSERT_EQ(t, roce_req_alloc(&req, 10, 0, &first), 0);
	KTEST_EXPECT_EQ(t, roce_req_ack(&req, 6, roce_aeth_ack(4), 5),
			ROCE_REQ_EV_ACKED);
	KTEST_EXPECT_EQ(t, req.una, 7u);
	KTEST_EXPECT_EQ(t, roce_req_ack(&req, 3, roce_aeth_ack(4), 6),
			ROCE_REQ_EV_NONE);	/* late, reordered ACK */
	KTEST_EXPECT_EQ(t, roce_req_ack(&req, 10, roce_aeth_ack(4), 6),
			ROCE_REQ_EV_NONE);	/* never sent */
	KTEST_EXPECT_EQ(t, roce_req_ack(&req, 6, roce_aeth_ack(4), 6),
			ROCE_REQ_EV_NONE);	/* duplicate */
	KTEST_EXPECT_EQ(t, req.stats.stale_acks, 3ull);
	KTEST_EXPECT_EQ(t, req.una, 7u);
	KTEST_EXPECT_EQ(t, roce_req_ack(&req, 9, roce_aeth_ack(4), 7),
			ROCE_REQ_EV_ACKED);
	KTEST_EXPECT_EQ(t, roce_req_outstanding(&req), 0u);
	KTEST_EXPECT_EQ(t, req.deadline, 0ull);	/* idle: timer off */
	KTEST_EXPECT_EQ(t, roce_req_poll(&req, 10 * T_OUT), ROCE_REQ_EV_NONE);
}

static void roce_psn_req_wraparound(struct ktest *t)
{
	u32 first, psn;

	req_setup(0xfffffe, 16, 7, 7);
	KTEST_ASSERT_EQ(t, roce_req_alloc(&req, 4, 0, &first), 0);
	KTEST_EXPECT_EQ(t, first, 0xfffffeu);
	KTEST_EXPECT_EQ(t, req.next, 2u);
	KTEST_EXPECT_EQ(t, roce_req_outstanding(&req), 4u);
	KTEST_EXPECT_EQ(t, roce_req_ack(&req, 0xffffff, roce_aeth_ack(31), 1),
			ROCE_REQ_EV_ACKED);
	KTEST_EXPECT_EQ(t, req.una, 0u);
	/* NAK for PSN 1 across the wrap: 0 acked, go back to 1. */
	KTEST_EXPECT_EQ(t, roce_req_ack(&req, 1,
					roce_aeth_nak(ROCE_NAK_PSN_SEQ_ERROR), 2),
			ROCE_REQ_EV_RETRANSMIT);
	KTEST_EXPECT_EQ(t, req.una, 1u);
	KTEST_ASSERT_TRUE(t, roce_req_retransmit(&req, &psn));
	KTEST_EXPECT_EQ(t, psn, 1u);
	KTEST_EXPECT_FALSE(t, roce_req_retransmit(&req, &psn));
	KTEST_EXPECT_EQ(t, roce_req_ack(&req, 1, roce_aeth_ack(31), 3),
			ROCE_REQ_EV_ACKED);
	KTEST_EXPECT_EQ(t, roce_req_outstanding(&req), 0u);
}

/* A lost packet: the responder NAKs its PSN, the requester resends from it. */
static void roce_psn_req_go_back_n(struct ktest *t)
{
	u32 first, psn, got[8], n = 0;

	req_setup(10, 64, 3, 7);
	KTEST_ASSERT_EQ(t, roce_req_alloc(&req, 5, 0, &first), 0);	/* 10..14 */
	KTEST_EXPECT_EQ(t, roce_req_ack(&req, 12,
					roce_aeth_nak(ROCE_NAK_PSN_SEQ_ERROR), 100),
			ROCE_REQ_EV_RETRANSMIT);
	KTEST_EXPECT_EQ(t, req.una, 12u);		/* 10, 11 implicitly ACKed */
	KTEST_EXPECT_EQ(t, req.retry_left, 2);
	/* New work waits until the go-back is drained. */
	KTEST_EXPECT_EQ(t, roce_req_alloc(&req, 1, 100, &first), -EAGAIN);
	/* The same NAK again (a duplicate on the wire) changes nothing. */
	KTEST_EXPECT_EQ(t, roce_req_ack(&req, 12,
					roce_aeth_nak(ROCE_NAK_PSN_SEQ_ERROR), 101),
			ROCE_REQ_EV_NONE);
	KTEST_EXPECT_EQ(t, req.stats.dup_naks, 1ull);
	KTEST_EXPECT_EQ(t, req.retry_left, 2);
	while (n < 8 && roce_req_retransmit(&req, &psn))
		got[n++] = psn;
	KTEST_ASSERT_EQ(t, n, 3u);
	KTEST_EXPECT_EQ(t, got[0], 12u);
	KTEST_EXPECT_EQ(t, got[1], 13u);
	KTEST_EXPECT_EQ(t, got[2], 14u);
	KTEST_EXPECT_EQ(t, req.stats.retransmitted, 3ull);
	KTEST_EXPECT_EQ(t, roce_req_alloc(&req, 1, 102, &first), 0);
	KTEST_EXPECT_EQ(t, first, 15u);
	/* An ACK mid-resend moves the cursor past what it covers. */
	KTEST_EXPECT_EQ(t, roce_req_ack(&req, 15, roce_aeth_ack(31), 200),
			ROCE_REQ_EV_ACKED);
	KTEST_EXPECT_EQ(t, req.retry_left, 3);		/* progress resets it */
	KTEST_EXPECT_FALSE(t, roce_req_retransmit(&req, &psn));
}

static void roce_psn_req_ack_during_resend(struct ktest *t)
{
	u32 first, psn;

	req_setup(0, 64, 3, 7);
	KTEST_ASSERT_EQ(t, roce_req_alloc(&req, 6, 0, &first), 0);
	KTEST_EXPECT_EQ(t, roce_req_poll(&req, T_OUT), ROCE_REQ_EV_RETRANSMIT);
	KTEST_ASSERT_TRUE(t, roce_req_retransmit(&req, &psn));
	KTEST_EXPECT_EQ(t, psn, 0u);
	/* The originals were only slow: an ACK for 3 arrives. */
	KTEST_EXPECT_EQ(t, roce_req_ack(&req, 3, roce_aeth_ack(31), T_OUT + 1),
			ROCE_REQ_EV_ACKED);
	KTEST_ASSERT_TRUE(t, roce_req_retransmit(&req, &psn));
	KTEST_EXPECT_EQ(t, psn, 4u);
	KTEST_ASSERT_TRUE(t, roce_req_retransmit(&req, &psn));
	KTEST_EXPECT_EQ(t, psn, 5u);
	KTEST_EXPECT_FALSE(t, roce_req_retransmit(&req, &psn));
}

static void roce_psn_req_timeout_exhaustion(struct ktest *t)
{
	u32 first, psn;

	req_setup(0, 64, 2, 7);
	KTEST_ASSERT_EQ(t, roce_req_alloc(&req, 2, 0, &first), 0);
	KTEST_EXPECT_EQ(t, roce_req_poll(&req, T_OUT - 1), ROCE_REQ_EV_NONE);
	KTEST_EXPECT_EQ(t, roce_req_poll(&req, T_OUT), ROCE_REQ_EV_RETRANSMIT);
	KTEST_ASSERT_TRUE(t, roce_req_retransmit(&req, &psn));
	KTEST_EXPECT_EQ(t, psn, 0u);
	KTEST_ASSERT_TRUE(t, roce_req_retransmit(&req, &psn));
	KTEST_EXPECT_EQ(t, psn, 1u);
	KTEST_EXPECT_EQ(t, roce_req_poll(&req, 2 * T_OUT - 1), ROCE_REQ_EV_NONE);
	KTEST_EXPECT_EQ(t, roce_req_poll(&req, 2 * T_OUT), ROCE_REQ_EV_RETRANSMIT);
	KTEST_EXPECT_EQ(t, roce_req_poll(&req, 3 * T_OUT), ROCE_REQ_EV_ERROR);
	KTEST_EXPECT_EQ(t, req.state, ROCE_REQ_ERROR);
	KTEST_EXPECT_EQ(t, req.error, ROCE_REQ_ERR_RETRY_EXCEEDED);
	KTEST_EXPECT_EQ(t, req.stats.timeouts, 3ull);
	KTEST_EXPECT_EQ(t, roce_req_alloc(&req, 1, 0, &first), -EIO);
	KTEST_EXPECT_FALSE(t, roce_req_retransmit(&req, &psn));
	KTEST_EXPECT_EQ(t, roce_req_ack(&req, 1, roce_aeth_ack(31), 0),
			ROCE_REQ_EV_NONE);
	KTEST_EXPECT_EQ(t, roce_req_poll(&req, 9 * T_OUT), ROCE_REQ_EV_NONE);
}

/* Progress restores the retry budget; with none left a loss is fatal. */
static void roce_psn_req_retry_reset(struct ktest *t)
{
	u32 first;

	req_setup(0, 64, 1, 7);
	KTEST_ASSERT_EQ(t, roce_req_alloc(&req, 2, 0, &first), 0);
	KTEST_EXPECT_EQ(t, roce_req_poll(&req, T_OUT), ROCE_REQ_EV_RETRANSMIT);
	KTEST_EXPECT_EQ(t, req.retry_left, 0);
	KTEST_EXPECT_EQ(t, roce_req_ack(&req, 0, roce_aeth_ack(31), T_OUT + 5),
			ROCE_REQ_EV_ACKED);
	KTEST_EXPECT_EQ(t, req.retry_left, 1);
	KTEST_EXPECT_EQ(t, roce_req_poll(&req, 2 * T_OUT + 5),
			ROCE_REQ_EV_RETRANSMIT);
	KTEST_EXPECT_EQ(t, roce_req_ack(&req, 1,
					roce_aeth_nak(ROCE_NAK_PSN_SEQ_ERROR), 0),
			ROCE_REQ_EV_ERROR);	/* no retry left for the NAK */
	KTEST_EXPECT_EQ(t, req.error, ROCE_REQ_ERR_RETRY_EXCEEDED);

	req_setup(0, 64, 0, 7);
	KTEST_ASSERT_EQ(t, roce_req_alloc(&req, 1, 0, &first), 0);
	KTEST_EXPECT_EQ(t, roce_req_poll(&req, T_OUT), ROCE_REQ_EV_ERROR);
}

static void roce_psn_req_rnr(struct ktest *t)
{
	u64 now = 5000, wait = roce_rnr_timer_ns(14);
	u32 first, psn;

	req_setup(40, 64, 7, 2);
	KTEST_ASSERT_EQ(t, roce_req_alloc(&req, 3, 0, &first), 0);	/* 40..42 */
	KTEST_EXPECT_EQ(t, roce_req_ack(&req, 41, roce_aeth_rnr(14), now),
			ROCE_REQ_EV_RNR_WAIT);
	KTEST_EXPECT_EQ(t, req.una, 41u);
	KTEST_EXPECT_EQ(t, req.state, ROCE_REQ_RNR_WAIT);
	KTEST_EXPECT_FALSE(t, roce_req_retransmit(&req, &psn));
	KTEST_EXPECT_EQ(t, roce_req_alloc(&req, 1, now, &first), -EAGAIN);
	/* A repeat of the RNR NAK does not spend another retry. */
	KTEST_EXPECT_EQ(t, roce_req_ack(&req, 41, roce_aeth_rnr(14), now + 1),
			ROCE_REQ_EV_NONE);
	KTEST_EXPECT_EQ(t, req.rnr_left, 1);
	/* A sequence NAK from the burst after 41 must not cut the wait short. */
	KTEST_EXPECT_EQ(t, roce_req_ack(&req, 41,
					roce_aeth_nak(ROCE_NAK_PSN_SEQ_ERROR), now + 2),
			ROCE_REQ_EV_NONE);
	KTEST_EXPECT_EQ(t, req.state, ROCE_REQ_RNR_WAIT);
	/* No ACK timeout while waiting, however long. */
	KTEST_EXPECT_EQ(t, roce_req_poll(&req, now + wait - 1), ROCE_REQ_EV_NONE);
	KTEST_EXPECT_EQ(t, roce_req_poll(&req, now + wait),
			ROCE_REQ_EV_RETRANSMIT);
	KTEST_ASSERT_TRUE(t, roce_req_retransmit(&req, &psn));
	KTEST_EXPECT_EQ(t, psn, 41u);
	now += wait + 10;
	KTEST_EXPECT_EQ(t, roce_req_ack(&req, 41, roce_aeth_rnr(1), now),
			ROCE_REQ_EV_RNR_WAIT);
	KTEST_EXPECT_EQ(t, req.rnr_left, 0);
	KTEST_EXPECT_EQ(t, roce_req_poll(&req, now + roce_rnr_timer_ns(1)),
			ROCE_REQ_EV_RETRANSMIT);
	KTEST_EXPECT_EQ(t, roce_req_ack(&req, 41, roce_aeth_rnr(1), now + 20000),
			ROCE_REQ_EV_ERROR);
	KTEST_EXPECT_EQ(t, req.error, ROCE_REQ_ERR_RNR_RETRY_EXCEEDED);
	KTEST_EXPECT_EQ(t, req.stats.rnr_naks, 3ull);
}

static void roce_psn_req_rnr_infinite(struct ktest *t)
{
	u64 now = 0;
	u32 first, psn;
	int i, bad = 0;

	req_setup(0, 64, 0, ROCE_RNR_RETRY_INFINITE);
	KTEST_ASSERT_EQ(t, roce_req_alloc(&req, 1, 0, &first), 0);
	for (i = 0; i < 100; i++) {
		if (roce_req_ack(&req, 0, roce_aeth_rnr(1), now) !=
		    ROCE_REQ_EV_RNR_WAIT)
			bad++;
		now += roce_rnr_timer_ns(1);
		if (roce_req_poll(&req, now) != ROCE_REQ_EV_RETRANSMIT ||
		    !roce_req_retransmit(&req, &psn))
			bad++;
	}
	KTEST_EXPECT_EQ(t, bad, 0);
	KTEST_EXPECT_EQ(t, req.state, ROCE_REQ_READY);
	KTEST_EXPECT_EQ(t, roce_req_ack(&req, 0, roce_aeth_ack(31), now),
			ROCE_REQ_EV_ACKED);
}

static void roce_psn_req_fatal_naks(struct ktest *t)
{
	static const struct {
		u8 code;
		enum roce_req_error err;
	} cases[] = {
		{ ROCE_NAK_INVALID_REQUEST, ROCE_REQ_ERR_REM_INVALID_REQUEST },
		{ ROCE_NAK_REMOTE_ACCESS_ERROR, ROCE_REQ_ERR_REM_ACCESS },
		{ ROCE_NAK_REMOTE_OP_ERROR, ROCE_REQ_ERR_REM_OP },
	};
	unsigned int i;
	u32 first;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		req_setup(0, 64, 7, 7);
		KTEST_ASSERT_EQ(t, roce_req_alloc(&req, 4, 0, &first), 0);
		KTEST_EXPECT_EQ(t, roce_req_ack(&req, 2,
						roce_aeth_nak(cases[i].code), 1),
				ROCE_REQ_EV_ERROR);
		KTEST_EXPECT_EQ(t, req.error, cases[i].err);
		KTEST_EXPECT_EQ(t, req.una, 2u);	/* 0, 1 completed fine */
	}
	/* Reserved syndrome type: ignored, not acted on. */
	req_setup(0, 64, 7, 7);
	KTEST_ASSERT_EQ(t, roce_req_alloc(&req, 1, 0, &first), 0);
	KTEST_EXPECT_EQ(t, roce_req_ack(&req, 0, 0x40, 1), ROCE_REQ_EV_NONE);
	KTEST_EXPECT_EQ(t, req.state, ROCE_REQ_READY);
}

static void roce_psn_req_read_responses(struct ktest *t)
{
	u32 w, r, psn;

	req_setup(0, 64, 7, 7);
	KTEST_ASSERT_EQ(t, roce_req_alloc(&req, 1, 0, &w), 0);	/* WRITE: 0 */
	KTEST_ASSERT_EQ(t, roce_req_alloc(&req, 4, 0, &r), 0);	/* READ: 1..4 */
	/* The first response acknowledges the unACKed write before it. */
	KTEST_EXPECT_EQ(t, roce_req_read_resp(&req, 1, true, 10),
			ROCE_REQ_EV_ACKED);
	KTEST_EXPECT_EQ(t, req.una, 2u);
	KTEST_EXPECT_EQ(t, roce_req_read_resp(&req, 2, false, 11),
			ROCE_REQ_EV_ACKED);
	/* Response 3 lost: 4 arrives, go back to 3, once. */
	KTEST_EXPECT_EQ(t, roce_req_read_resp(&req, 4, false, 12),
			ROCE_REQ_EV_RETRANSMIT);
	KTEST_ASSERT_TRUE(t, roce_req_retransmit(&req, &psn));
	KTEST_EXPECT_EQ(t, psn, 3u);
	KTEST_EXPECT_EQ(t, roce_req_read_resp(&req, 4, false, 13),
			ROCE_REQ_EV_NONE);
	KTEST_EXPECT_EQ(t, roce_req_read_resp(&req, 1, false, 13),
			ROCE_REQ_EV_NONE);		/* duplicate response */
	KTEST_EXPECT_EQ(t, roce_req_read_resp(&req, 3, true, 14),
			ROCE_REQ_EV_ACKED);
	KTEST_EXPECT_EQ(t, roce_req_read_resp(&req, 4, false, 15),
			ROCE_REQ_EV_ACKED);
	KTEST_EXPECT_EQ(t, roce_req_outstanding(&req), 0u);
}

static void roce_psn_resp_in_order_coalescing(struct ktest *t)
{
	struct roce_resp_out o;
	unsigned int i, acks = 0;

	resp_setup(0, 3, false);
	for (i = 0; i < 7; i++) {
		KTEST_EXPECT_EQ(t, rx(i, false, false, &o), ROCE_RESP_EXECUTE);
		if (o.ack) {
			acks++;
			KTEST_EXPECT_EQ(t, o.ack_psn, i);
			KTEST_EXPECT_EQ(t, i % 3, 2u);
		}
	}
	KTEST_EXPECT_EQ(t, acks, 2u);
	/* The A bit forces one now; the count restarts. */
	KTEST_EXPECT_EQ(t, rx(7, false, true, &o), ROCE_RESP_EXECUTE);
	KTEST_EXPECT_TRUE(t, o.ack);
	KTEST_EXPECT_EQ(t, o.ack_psn, 7u);
	KTEST_EXPECT_EQ(t, rx(8, true, false, &o), ROCE_RESP_EXECUTE);
	KTEST_EXPECT_FALSE(t, o.ack);		/* last, but ack_on_last off */
	KTEST_EXPECT_EQ(t, o.msn, 1u);
	KTEST_EXPECT_EQ(t, resp.epsn, 9u);

	resp_setup(0, 16, true);
	KTEST_EXPECT_EQ(t, rx(0, false, false, &o), ROCE_RESP_EXECUTE);
	KTEST_EXPECT_FALSE(t, o.ack);
	KTEST_EXPECT_EQ(t, rx(1, true, false, &o), ROCE_RESP_EXECUTE);
	KTEST_EXPECT_TRUE(t, o.ack);
	KTEST_EXPECT_EQ(t, o.ack_psn, 1u);
	KTEST_EXPECT_EQ(t, o.msn, 1u);
}

static void roce_psn_resp_duplicates(struct ktest *t)
{
	struct roce_resp_out o;
	unsigned int i;

	resp_setup(100, 8, false);
	for (i = 100; i < 105; i++)
		KTEST_EXPECT_EQ(t, rx(i, false, false, &o), ROCE_RESP_EXECUTE);
	/* A go-back resend of 102..104: not executed, ACKed once. */
	KTEST_EXPECT_EQ(t, rx(102, false, false, &o), ROCE_RESP_DUPLICATE);
	KTEST_EXPECT_TRUE(t, o.ack);
	KTEST_EXPECT_EQ(t, o.ack_psn, 104u);
	KTEST_EXPECT_EQ(t, rx(103, false, false, &o), ROCE_RESP_DUPLICATE);
	KTEST_EXPECT_FALSE(t, o.ack);
	KTEST_EXPECT_EQ(t, rx(104, false, true, &o), ROCE_RESP_DUPLICATE);
	KTEST_EXPECT_TRUE(t, o.ack);		/* the A bit asks again */
	KTEST_EXPECT_EQ(t, resp.stats.accepted, 5ull);
	KTEST_EXPECT_EQ(t, resp.stats.duplicates, 3ull);
	KTEST_EXPECT_EQ(t, resp.epsn, 105u);
	/* The whole previous half of the PSN space counts as duplicate. */
	KTEST_EXPECT_EQ(t, rx(roce_psn_add(105, 0x800000), false, false, &o),
			ROCE_RESP_DUPLICATE);
}

static void roce_psn_resp_dup_read(struct ktest *t)
{
	struct roce_resp_in in = { .psn = 5, .last = true, .read = true,
				   .read_npsn = 3 };
	struct roce_resp_out o;

	resp_setup(5, 4, true);
	KTEST_EXPECT_EQ(t, roce_resp_rx(&resp, &in, &o), ROCE_RESP_EXECUTE);
	KTEST_EXPECT_FALSE(t, o.ack);		/* the responses are the ACK */
	KTEST_EXPECT_EQ(t, resp.epsn, 8u);
	KTEST_EXPECT_EQ(t, o.msn, 1u);
	KTEST_EXPECT_EQ(t, roce_resp_rx(&resp, &in, &o), ROCE_RESP_DUP_READ);
	KTEST_EXPECT_EQ(t, o.ack_psn, 5u);
	KTEST_EXPECT_EQ(t, resp.epsn, 8u);
	KTEST_EXPECT_EQ(t, resp.msn, 1u);
	KTEST_EXPECT_EQ(t, resp.stats.dup_reads, 1ull);
}

/* Out of order: one NAK per gap, then silence until the gap is filled. */
static void roce_psn_resp_one_nak_per_gap(struct ktest *t)
{
	struct roce_resp_out o;

	resp_setup(0, 1, true);
	KTEST_EXPECT_EQ(t, rx(2, false, false, &o), ROCE_RESP_NAK_SEQ);
	KTEST_EXPECT_TRUE(t, o.ack);
	KTEST_EXPECT_EQ(t, o.ack_psn, 0u);
	KTEST_EXPECT_EQ(t, rx(3, false, false, &o), ROCE_RESP_DROP);
	KTEST_EXPECT_FALSE(t, o.ack);
	KTEST_EXPECT_EQ(t, rx(4, false, true, &o), ROCE_RESP_DROP);
	KTEST_EXPECT_EQ(t, resp.stats.seq_naks, 1ull);
	KTEST_EXPECT_EQ(t, resp.stats.ooo_dropped, 2ull);
	KTEST_EXPECT_EQ(t, rx(0, false, false, &o), ROCE_RESP_EXECUTE);
	KTEST_EXPECT_EQ(t, rx(1, false, false, &o), ROCE_RESP_EXECUTE);
	/* A new gap after progress gets its own NAK. */
	KTEST_EXPECT_EQ(t, rx(5, false, false, &o), ROCE_RESP_NAK_SEQ);
	KTEST_EXPECT_EQ(t, o.ack_psn, 2u);
	KTEST_EXPECT_EQ(t, resp.stats.seq_naks, 2ull);
}

static void roce_psn_resp_wraparound(struct ktest *t)
{
	struct roce_resp_out o;
	static const u32 seq[] = { 0xfffffe, 0xffffff, 0, 1 };
	unsigned int i;

	resp_setup(0xfffffe, 2, false);
	for (i = 0; i < ARRAY_SIZE(seq); i++)
		KTEST_EXPECT_EQ(t, rx(seq[i], false, false, &o),
				ROCE_RESP_EXECUTE);
	KTEST_EXPECT_TRUE(t, o.ack);
	KTEST_EXPECT_EQ(t, o.ack_psn, 1u);
	KTEST_EXPECT_EQ(t, resp.epsn, 2u);
	KTEST_EXPECT_EQ(t, rx(0xffffff, false, false, &o), ROCE_RESP_DUPLICATE);
	KTEST_EXPECT_EQ(t, o.ack_psn, 1u);
	KTEST_EXPECT_EQ(t, rx(3, false, false, &o), ROCE_RESP_NAK_SEQ);
	KTEST_EXPECT_EQ(t, o.ack_psn, 2u);
	/* MSN is 24 bits too. */
	resp.msn = ROCE_MSN_MASK;
	KTEST_EXPECT_EQ(t, rx(2, true, false, &o), ROCE_RESP_EXECUTE);
	KTEST_EXPECT_EQ(t, o.msn, 0u);
}

/* ------------------------------------------------ simulated lossy link */

#define SIM_Q		4096
#define SIM_MSGS	3000

struct sim_pkt {
	u32 psn;
	u8 syn;		/* reverse direction: AETH syndrome */
	bool last;
	bool ackreq;
};

struct sim_q {
	struct sim_pkt p[SIM_Q];
	unsigned int n;
};

static struct sim_q fwd, rev;
static u32 sim_rng = 0x9e3779b9;
/* Per PSN offset from the start: ends a message? */
static bool sim_last[SIM_MSGS * 4];

static u32 sim_rand(void)
{
	sim_rng ^= sim_rng << 13;
	sim_rng ^= sim_rng >> 17;
	sim_rng ^= sim_rng << 5;
	return sim_rng;
}

/* Enqueue through a channel with loss/dup/reorder per mille. */
static void sim_send(struct sim_q *q, const struct sim_pkt *p)
{
	if (sim_rand() % 1000 < 30)		/* 3 % loss */
		return;
	if (q->n >= SIM_Q - 2)
		return;
	q->p[q->n++] = *p;
	if (sim_rand() % 1000 < 20)		/* 2 % duplicate */
		q->p[q->n++] = *p;
	if (q->n >= 2 && sim_rand() % 1000 < 20) {	/* 2 % reorder */
		struct sim_pkt tmp = q->p[q->n - 1];

		q->p[q->n - 1] = q->p[q->n - 2];
		q->p[q->n - 2] = tmp;
	}
}

static void sim_send_psn(u32 psn, u32 start)
{
	struct sim_pkt p = { .psn = psn };

	p.last = sim_last[(psn - start) & ROCE_PSN_MASK];
	p.ackreq = p.last;
	sim_send(&fwd, &p);
}

/*
 * A requester and a responder joined by a link that loses, duplicates and
 * reorders, starting just below the PSN wrap: every PSN must be executed
 * exactly once and in order, and everything acknowledged, with retries
 * never exhausted and NAKs far fewer than packets.
 */
static void roce_psn_sim_lossy_link(struct ktest *t)
{
	const u32 start = 0xfff000;
	u32 total = 0, sent_msgs = 0, executed = 0, order_bad = 0, psn;
	u64 now = 0;
	unsigned int step, i;

	memset(sim_last, 0, sizeof(sim_last));
	req_setup(start, 32, 7, 7);
	req.cfg.timeout_ns = 50000;
	resp_setup(start, 4, false);
	fwd.n = rev.n = 0;

	for (step = 0; step < 200000; step++) {
		enum roce_req_event ev = roce_req_poll(&req, now);
		static struct sim_q in;

		if (ev == ROCE_REQ_EV_ERROR)
			break;
		while (roce_req_retransmit(&req, &psn))
			sim_send_psn(psn, start);
		while (sent_msgs < SIM_MSGS) {
			u32 n = 1 + sim_rand() % 4, first;

			if (roce_req_alloc(&req, n, now, &first))
				break;
			sim_last[total + n - 1] = true;
			for (i = 0; i < n; i++)
				sim_send_psn(roce_psn_add(first, i), start);
			total += n;
			sent_msgs++;
		}
		/* Deliver the forward queue to the responder. */
		in = fwd;
		fwd.n = 0;
		for (i = 0; i < in.n; i++) {
			struct roce_resp_out o;
			struct sim_pkt a = { 0 };
			enum roce_resp_action act;

			act = rx(in.p[i].psn, in.p[i].last, in.p[i].ackreq, &o);
			if (act == ROCE_RESP_EXECUTE) {
				if (((in.p[i].psn - start) & ROCE_PSN_MASK) !=
				    executed)
					order_bad++;
				executed++;
			}
			if (o.ack) {
				a.psn = o.ack_psn;
				a.syn = act == ROCE_RESP_NAK_SEQ ?
					roce_aeth_nak(ROCE_NAK_PSN_SEQ_ERROR) :
					roce_aeth_ack(31);
				sim_send(&rev, &a);
			}
		}
		in = rev;
		rev.n = 0;
		for (i = 0; i < in.n; i++)
			if (roce_req_ack(&req, in.p[i].psn, in.p[i].syn, now) ==
			    ROCE_REQ_EV_ERROR)
				break;
		now += 1000;
		if (sent_msgs == SIM_MSGS && !roce_req_outstanding(&req))
			break;
	}
	KTEST_EXPECT_EQ(t, req.state, ROCE_REQ_READY);
	KTEST_EXPECT_EQ(t, sent_msgs, (u32)SIM_MSGS);
	KTEST_EXPECT_EQ(t, roce_req_outstanding(&req), 0u);
	KTEST_EXPECT_EQ(t, executed, total);
	KTEST_EXPECT_EQ(t, order_bad, 0u);
	KTEST_EXPECT_EQ(t, resp.stats.accepted, (u64)total);
	KTEST_EXPECT_EQ(t, resp.msn, (u32)SIM_MSGS);
	KTEST_EXPECT_EQ(t, resp.epsn, roce_psn_add(start, total));
	KTEST_EXPECT_GT(t, resp.stats.duplicates, 0ull);
	KTEST_EXPECT_GT(t, resp.stats.seq_naks, 0ull);
	KTEST_EXPECT_LT(t, resp.stats.seq_naks, (u64)total / 5);
	KTEST_EXPECT_GT(t, req.stats.retransmitted, 0ull);
}

KTEST_SUITE(roce_psn, NULL, NULL,
	    KTEST_CASE(roce_psn_arith),
	    KTEST_CASE(roce_psn_rnr_timer),
	    KTEST_CASE(roce_psn_req_window),
	    KTEST_CASE(roce_psn_req_ack_coalescing),
	    KTEST_CASE(roce_psn_req_wraparound),
	    KTEST_CASE(roce_psn_req_go_back_n),
	    KTEST_CASE(roce_psn_req_ack_during_resend),
	    KTEST_CASE(roce_psn_req_timeout_exhaustion),
	    KTEST_CASE(roce_psn_req_retry_reset),
	    KTEST_CASE(roce_psn_req_rnr),
	    KTEST_CASE(roce_psn_req_rnr_infinite),
	    KTEST_CASE(roce_psn_req_fatal_naks),
	    KTEST_CASE(roce_psn_req_read_responses),
	    KTEST_CASE(roce_psn_resp_in_order_coalescing),
	    KTEST_CASE(roce_psn_resp_duplicates),
	    KTEST_CASE(roce_psn_resp_dup_read),
	    KTEST_CASE(roce_psn_resp_one_nak_per_gap),
	    KTEST_CASE(roce_psn_resp_wraparound),
	    KTEST_CASE(roce_psn_sim_lossy_link));
