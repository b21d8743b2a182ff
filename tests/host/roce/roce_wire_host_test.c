// SPDX-License-Identifier: GPL-2.0
/*
 * Host suite roce_wire: the RoCE v2 codec against known-answer frames (a
 * hardware capture and frames built independently in Python), header round
 * trips, every drop reason and random corruption under ASan.
 */
#include <stdlib.h>
#include <tessera/ktest.h>
#include <tessera/errno.h>
#include <tessera/string.h>
#include <tessera/roce_wire.h>

#define BUF_MAX 2048

/*
 * A RoCE v2 CNP captured on a ConnectX-4 Lx (published as a regression
 * vector with scapy's RoCE layer). Its last four bytes 82 fd 00 2a are the
 * ICRC the hardware computed, i.e. 0x2a00fd82 least significant byte first.
 * The codec must agree on the masking to reproduce it; the opcode (0x81)
 * is not RC, so roce_parse() must get past the ICRC and stop at the opcode.
 */
static const u8 cx4_cnp[] = {
	0xe4, 0x1d, 0x2d, 0xab, 0x2b, 0xc2, 0x7c, 0xfe, 0x90, 0x64, 0x3b, 0x32,
	0x08, 0x00, 0x45, 0xc2, 0x00, 0x3c, 0x71, 0x8c, 0x40, 0x00, 0x40, 0x11,
	0x91, 0x61, 0x0a, 0x00, 0x11, 0x01, 0x0a, 0x00, 0x12, 0x01, 0x00, 0x00,
	0x12, 0xb7, 0x00, 0x28, 0x00, 0x00, 0x81, 0x00, 0xff, 0xff, 0x40, 0x00,
	0x01, 0x18, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x82, 0xfd,
	0x00, 0x2a,
};

/*
 * The next three were built field by field with Python's struct module and
 * their ICRC computed with zlib.crc32 over 8 x 0xFF + the IP packet with
 * TOS, TTL, IP checksum, UDP checksum and BTH byte 4 set to 0xFF (see
 * tests/host/roce/gen_vectors.py, which prints them).
 */
/* SEND_ONLY "hello": 66 bytes, ICRC 0x97300d57 */
static const u8 kat_send[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x08, 0x00, 0x45, 0x6a, 0x00, 0x34, 0x12, 0x34, 0x40, 0x00, 0x40, 0x11,
	0x14, 0x19, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0xc1, 0x23,
	0x12, 0xb7, 0x00, 0x20, 0x00, 0x00, 0x04, 0x30, 0xff, 0xff, 0x00, 0x00,
	0x00, 0x11, 0x80, 0x12, 0x34, 0x56, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x00,
	0x00, 0x00, 0x57, 0x0d, 0x30, 0x97,
};

/* RDMA_WRITE_ONLY_WITH_IMMEDIATE: 86 bytes, ICRC 0xbdacc4f1 */
static const u8 kat_write_imm[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x48, 0x00, 0x01, 0x40, 0x00, 0xff, 0x11,
	0x67, 0xa1, 0x0a, 0x00, 0x00, 0x02, 0x0a, 0x00, 0x00, 0x01, 0xfe, 0xdc,
	0x12, 0xb7, 0x00, 0x34, 0x00, 0x00, 0x0b, 0x80, 0x80, 0x01, 0x00, 0xab,
	0xcd, 0xef, 0x00, 0xff, 0xff, 0xff, 0x00, 0x00, 0x7f, 0x00, 0x12, 0x34,
	0x56, 0x78, 0xab, 0xcd, 0xef, 0x01, 0x00, 0x00, 0x00, 0x08, 0xde, 0xad,
	0xbe, 0xef, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0xf1, 0xc4,
	0xac, 0xbd,
};

/* ACKNOWLEDGE, NAK remote access error, MSN 0x102: 62 bytes, ICRC 0xb9fcc912 */
static const u8 kat_nak[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x30, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
	0x26, 0xbb, 0x0a, 0x00, 0x00, 0x02, 0x0a, 0x00, 0x00, 0x01, 0xc0, 0x00,
	0x12, 0xb7, 0x00, 0x1c, 0x00, 0x00, 0x11, 0x00, 0xff, 0xff, 0x00, 0x00,
	0x00, 0x11, 0x00, 0x00, 0x00, 0x00, 0x62, 0x00, 0x01, 0x02, 0x12, 0xc9,
	0xfc, 0xb9,
};

static const u8 mac_a[6] = { 2, 0, 0, 0, 0, 1 };
static const u8 mac_b[6] = { 2, 0, 0, 0, 0, 2 };

static u8 buf[BUF_MAX];
static u8 buf2[BUF_MAX];
static struct roce_pkt pkt, out;

static void pkt_base(struct roce_pkt *p, u8 opcode)
{
	memset(p, 0, sizeof(*p));
	memcpy(p->dmac, mac_b, 6);
	memcpy(p->smac, mac_a, 6);
	p->saddr = 0x0a000001;
	p->daddr = 0x0a000002;
	p->ttl = 64;
	p->df = true;
	p->sport = 0xc123;
	p->opcode = opcode;
	p->pkey = ROCE_DEFAULT_PKEY;
	p->dqpn = 0x11;
}

/* Helpers to edit a built frame and keep it otherwise valid. */
static u8 *ip_of(u8 *f)
{
	return f + ROCE_ETH_HLEN;
}

static void fix_ip_csum(u8 *f)
{
	u8 *ip = ip_of(f);
	u16 cs;

	ip[10] = ip[11] = 0;
	cs = roce_ipv4_csum(ip, (ip[0] & 0xf) * 4);
	ip[10] = cs >> 8;
	ip[11] = cs;
}

static size_t ip_totlen(const u8 *f)
{
	return (size_t)f[ROCE_ETH_HLEN + 2] << 8 | f[ROCE_ETH_HLEN + 3];
}

/* Recompute the IP checksum and the ICRC after an edit; return frame len. */
static size_t refresh(u8 *f)
{
	size_t tot = ip_totlen(f);
	u32 c;

	fix_ip_csum(f);
	c = roce_icrc(ip_of(f), tot - ROCE_ICRC_LEN);
	f[ROCE_ETH_HLEN + tot - 4] = c;
	f[ROCE_ETH_HLEN + tot - 3] = c >> 8;
	f[ROCE_ETH_HLEN + tot - 2] = c >> 16;
	f[ROCE_ETH_HLEN + tot - 1] = c >> 24;
	return ROCE_ETH_HLEN + tot;
}

/* Set IP total length and UDP length for a new IP payload size. */
static void set_lengths(u8 *f, size_t tot)
{
	u8 *ip = ip_of(f);

	ip[2] = tot >> 8;
	ip[3] = tot;
	ip[20 + 4] = (tot - 20) >> 8;
	ip[20 + 5] = tot - 20;
}

/*
 * roce_parse() on an exact-size heap copy, so ASan sees any overread. The
 * copy lives until the next call (the parsed payload points into it).
 */
static u8 *copy;

static int parse_exact(const u8 *f, size_t len, struct roce_pkt *p)
{
	free(copy);
	copy = malloc(len ? len : 1);
	memcpy(copy, f, len);
	return roce_parse(copy, len, p);
}

static void roce_wire_crc32_check(struct ktest *t)
{
	/* The standard CRC-32 check value of "123456789". */
	KTEST_EXPECT_EQ(t, roce_crc32(0, "123456789", 9), 0xcbf43926u);
	/* Chaining over split buffers equals one pass. */
	KTEST_EXPECT_EQ(t, roce_crc32(roce_crc32(0, "1234", 4), "56789", 5),
			0xcbf43926u);
	KTEST_EXPECT_EQ(t, roce_crc32(0, "", 0), 0u);
}

static void roce_wire_icrc_hw_capture(struct ktest *t)
{
	size_t iplen = sizeof(cx4_cnp) - ROCE_ETH_HLEN - ROCE_ICRC_LEN;

	KTEST_EXPECT_EQ(t, roce_icrc(cx4_cnp + ROCE_ETH_HLEN, iplen),
			0x2a00fd82u);
	/* Everything up to the opcode is valid, ICRC included. */
	KTEST_EXPECT_EQ(t, parse_exact(cx4_cnp, sizeof(cx4_cnp), &out),
			-ROCE_E_BAD_OPCODE);
	KTEST_EXPECT_EQ(t, out.icrc, 0x2a00fd82u);
	KTEST_EXPECT_EQ(t, out.dscp, 0x30);
	KTEST_EXPECT_EQ(t, out.ecn, 2);
	KTEST_EXPECT_TRUE(t, out.becn);
	KTEST_EXPECT_EQ(t, out.dqpn, 0x118u);
}

static void roce_wire_build_kat_send(struct ktest *t)
{
	ssize_t n;

	pkt_base(&pkt, ROCE_OP_SEND_ONLY);
	pkt.dscp = 26;
	pkt.ecn = 2;
	pkt.ip_id = 0x1234;
	pkt.ackreq = true;
	pkt.psn = 0x123456;
	pkt.payload = (const u8 *)"hello";
	pkt.payload_len = 5;
	n = roce_build(buf, sizeof(buf), &pkt);
	KTEST_ASSERT_EQ(t, n, (ssize_t)sizeof(kat_send));
	KTEST_EXPECT_EQ(t, memcmp(buf, kat_send, sizeof(kat_send)), 0);
	KTEST_EXPECT_EQ(t, roce_frame_len(ROCE_OP_SEND_ONLY, 5),
			(u32)sizeof(kat_send));
}

static void roce_wire_build_kat_write_imm(struct ktest *t)
{
	static const u8 data[8] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	ssize_t n;

	pkt_base(&pkt, ROCE_OP_RDMA_WRITE_ONLY_WITH_IMMEDIATE);
	memcpy(pkt.dmac, mac_a, 6);
	memcpy(pkt.smac, mac_b, 6);
	pkt.saddr = 0x0a000002;
	pkt.daddr = 0x0a000001;
	pkt.ttl = 255;
	pkt.ip_id = 1;
	pkt.sport = 0xfedc;
	pkt.se = true;
	pkt.pkey = 0x8001;
	pkt.dqpn = 0xabcdef;
	pkt.psn = 0xffffff;
	pkt.va = 0x00007f0012345678ull;
	pkt.rkey = 0xabcdef01;
	pkt.dma_len = 8;
	pkt.imm = 0xdeadbeef;
	pkt.payload = data;
	pkt.payload_len = 8;
	n = roce_build(buf, sizeof(buf), &pkt);
	KTEST_ASSERT_EQ(t, n, (ssize_t)sizeof(kat_write_imm));
	KTEST_EXPECT_EQ(t, memcmp(buf, kat_write_imm, sizeof(kat_write_imm)), 0);
}

static void roce_wire_build_kat_nak(struct ktest *t)
{
	ssize_t n;

	pkt_base(&pkt, ROCE_OP_ACKNOWLEDGE);
	memcpy(pkt.dmac, mac_a, 6);
	memcpy(pkt.smac, mac_b, 6);
	pkt.saddr = 0x0a000002;
	pkt.daddr = 0x0a000001;
	pkt.sport = 0xc000;
	pkt.psn = 0;
	pkt.syndrome = roce_aeth_nak(ROCE_NAK_REMOTE_ACCESS_ERROR);
	pkt.msn = 0x102;
	n = roce_build(buf, sizeof(buf), &pkt);
	KTEST_ASSERT_EQ(t, n, (ssize_t)sizeof(kat_nak));
	KTEST_EXPECT_EQ(t, memcmp(buf, kat_nak, sizeof(kat_nak)), 0);
}

static void roce_wire_parse_kat(struct ktest *t)
{
	KTEST_ASSERT_EQ(t, parse_exact(kat_send, sizeof(kat_send), &out), 0);
	KTEST_EXPECT_EQ(t, out.opcode, ROCE_OP_SEND_ONLY);
	KTEST_EXPECT_EQ(t, out.psn, 0x123456u);
	KTEST_EXPECT_EQ(t, out.padcnt, 3);
	KTEST_EXPECT_EQ(t, out.payload_len, 5u);
	KTEST_EXPECT_EQ(t, memcmp(out.payload, "hello", 5), 0);
	KTEST_EXPECT_TRUE(t, out.ackreq);
	KTEST_EXPECT_EQ(t, out.dscp, 26);
	KTEST_EXPECT_EQ(t, out.ecn, 2);
	KTEST_EXPECT_EQ(t, out.icrc, 0x97300d57u);
	KTEST_EXPECT_EQ(t, out.frame_len, (u32)sizeof(kat_send));

	KTEST_ASSERT_EQ(t, parse_exact(kat_write_imm, sizeof(kat_write_imm),
				       &out), 0);
	KTEST_EXPECT_EQ(t, out.va, 0x00007f0012345678ull);
	KTEST_EXPECT_EQ(t, out.rkey, 0xabcdef01u);
	KTEST_EXPECT_EQ(t, out.dma_len, 8u);
	KTEST_EXPECT_EQ(t, out.imm, 0xdeadbeefu);
	KTEST_EXPECT_EQ(t, out.dqpn, 0xabcdefu);
	KTEST_EXPECT_EQ(t, out.psn, 0xffffffu);
	KTEST_EXPECT_EQ(t, out.pkey, 0x8001);
	KTEST_EXPECT_TRUE(t, out.se);
	KTEST_EXPECT_EQ(t, out.payload_len, 8u);

	KTEST_ASSERT_EQ(t, parse_exact(kat_nak, sizeof(kat_nak), &out), 0);
	KTEST_EXPECT_EQ(t, roce_aeth_type(out.syndrome), ROCE_AETH_TYPE_NAK);
	KTEST_EXPECT_EQ(t, roce_aeth_value(out.syndrome),
			ROCE_NAK_REMOTE_ACCESS_ERROR);
	KTEST_EXPECT_EQ(t, out.msn, 0x102u);
	KTEST_EXPECT_EQ(t, out.payload_len, 0u);
}

/* Build every RC opcode with all fields set, parse, compare. */
static void roce_wire_round_trip_all_opcodes(struct ktest *t)
{
	static u8 data[301];
	unsigned int op, i;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (u8)(i * 7 + 1);
	for (op = 0; op < ROCE_OP_NR; op++) {
		u32 f = roce_opcode_flags(op);
		bool mid = f & (ROCE_OPF_FIRST | ROCE_OPF_MIDDLE) &&
			   !(f & ROCE_OPF_LAST);
		ssize_t n;

		pkt_base(&pkt, op);
		pkt.dscp = 46;
		pkt.ecn = 1;
		pkt.ip_id = (u16)(op * 1000);
		pkt.se = op & 1;
		pkt.mig = true;
		pkt.fecn = false;
		pkt.becn = false;
		pkt.dqpn = 0x800000 | op;
		pkt.ackreq = op & 2;
		pkt.psn = (0xfffff8 + op) & ROCE_PSN_MASK;	/* wraps */
		pkt.va = 0x1122334455667788ull + op;
		pkt.rkey = 0x99aabb00 | op;
		pkt.dma_len = 4096 + op;
		pkt.syndrome = roce_aeth_ack(op & 0x1f);
		pkt.msn = 0xabcd00 | op;
		pkt.imm = 0x01020300 | op;
		pkt.udp_csum = op & 1;
		if (f & ROCE_OPF_PAYLOAD) {
			pkt.payload = data;
			pkt.payload_len = mid ? 256 : 1 + op * 17;
		}
		n = roce_build(buf, sizeof(buf), &pkt);
		KTEST_ASSERT_EQ(t, n, (ssize_t)roce_frame_len(op, pkt.payload_len));
		KTEST_ASSERT_EQ(t, parse_exact(buf, n, &out), 0);
		KTEST_EXPECT_EQ(t, out.opcode, op);
		KTEST_EXPECT_EQ(t, memcmp(out.dmac, pkt.dmac, 6), 0);
		KTEST_EXPECT_EQ(t, memcmp(out.smac, pkt.smac, 6), 0);
		KTEST_EXPECT_EQ(t, out.saddr, pkt.saddr);
		KTEST_EXPECT_EQ(t, out.daddr, pkt.daddr);
		KTEST_EXPECT_EQ(t, out.dscp, 46);
		KTEST_EXPECT_EQ(t, out.ecn, 1);
		KTEST_EXPECT_EQ(t, out.ttl, 64);
		KTEST_EXPECT_TRUE(t, out.df);
		KTEST_EXPECT_EQ(t, out.ip_id, pkt.ip_id);
		KTEST_EXPECT_EQ(t, out.sport, 0xc123);
		KTEST_EXPECT_EQ(t, out.dport, ROCE_UDP_PORT);
		KTEST_EXPECT_EQ(t, out.udp_csum, pkt.udp_csum);
		KTEST_EXPECT_EQ(t, out.se, pkt.se);
		KTEST_EXPECT_TRUE(t, out.mig);
		KTEST_EXPECT_EQ(t, out.padcnt, (u8)(-pkt.payload_len & 3));
		KTEST_EXPECT_EQ(t, out.pkey, ROCE_DEFAULT_PKEY);
		KTEST_EXPECT_EQ(t, out.dqpn, pkt.dqpn);
		KTEST_EXPECT_EQ(t, out.ackreq, pkt.ackreq);
		KTEST_EXPECT_EQ(t, out.psn, pkt.psn);
		KTEST_EXPECT_EQ(t, out.payload_len, pkt.payload_len);
		if (pkt.payload_len)
			KTEST_EXPECT_EQ(t, memcmp(out.payload, data,
						  pkt.payload_len), 0);
		if (f & ROCE_OPF_RETH) {
			KTEST_EXPECT_EQ(t, out.va, pkt.va);
			KTEST_EXPECT_EQ(t, out.rkey, pkt.rkey);
			KTEST_EXPECT_EQ(t, out.dma_len, pkt.dma_len);
		}
		if (f & ROCE_OPF_AETH) {
			KTEST_EXPECT_EQ(t, out.syndrome, pkt.syndrome);
			KTEST_EXPECT_EQ(t, out.msn, pkt.msn);
		}
		if (f & ROCE_OPF_IMMDT)
			KTEST_EXPECT_EQ(t, out.imm, pkt.imm);
	}
}

static void roce_wire_opcode_table(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, roce_ext_hdr_len(ROCE_OP_SEND_MIDDLE), 0u);
	KTEST_EXPECT_EQ(t, roce_ext_hdr_len(ROCE_OP_RDMA_WRITE_ONLY_WITH_IMMEDIATE),
			20u);
	KTEST_EXPECT_EQ(t, roce_ext_hdr_len(ROCE_OP_RDMA_READ_REQUEST), 16u);
	KTEST_EXPECT_EQ(t, roce_ext_hdr_len(ROCE_OP_RDMA_READ_RESPONSE_MIDDLE), 0u);
	KTEST_EXPECT_EQ(t, roce_ext_hdr_len(ROCE_OP_RDMA_READ_RESPONSE_ONLY), 4u);
	KTEST_EXPECT_EQ(t, roce_ext_hdr_len(ROCE_OP_ACKNOWLEDGE), 4u);
	KTEST_EXPECT_EQ(t, roce_opcode_flags(0x12), 0u);	/* atomic ACK */
	KTEST_EXPECT_EQ(t, roce_opcode_flags(0x64), 0u);	/* UD SEND_ONLY */
	KTEST_EXPECT_EQ(t, roce_opcode_flags(0x81), 0u);	/* CNP */
	KTEST_EXPECT_FALSE(t, roce_opcode_flags(ROCE_OP_RDMA_READ_REQUEST) &
			   ROCE_OPF_PAYLOAD);
	KTEST_EXPECT_TRUE(t, roce_opcode_flags(ROCE_OP_RDMA_READ_RESPONSE_LAST) &
			  ROCE_OPF_RESPONSE);
}

static void roce_wire_aeth_codes(struct ktest *t)
{
	static const u32 credits[31] = {
		0, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192,
		256, 384, 512, 768, 1024, 1536, 2048, 3072, 4096, 6144,
		8192, 12288, 16384, 24576, 32768,
	};
	unsigned int i;

	for (i = 0; i < 31; i++) {
		KTEST_EXPECT_EQ(t, roce_aeth_credits(i), credits[i]);
		KTEST_EXPECT_EQ(t, roce_aeth_credit_code(credits[i]), i);
	}
	KTEST_EXPECT_EQ(t, roce_aeth_credits(31), U32_MAX);
	KTEST_EXPECT_EQ(t, roce_aeth_credit_code(5), 4);
	KTEST_EXPECT_EQ(t, roce_aeth_credit_code(100000), 30);
	KTEST_EXPECT_EQ(t, roce_aeth_ack(31), 0x1f);
	KTEST_EXPECT_EQ(t, roce_aeth_rnr(14), 0x2e);
	KTEST_EXPECT_EQ(t, roce_aeth_nak(ROCE_NAK_PSN_SEQ_ERROR), 0x60);
	KTEST_EXPECT_EQ(t, roce_aeth_nak(ROCE_NAK_REMOTE_OP_ERROR), 0x63);
}

/* Variant fields may change in flight without breaking the ICRC. */
static void roce_wire_icrc_variant_fields(struct ktest *t)
{
	size_t n = sizeof(kat_send);
	u8 *ip = ip_of(buf);

	memcpy(buf, kat_send, n);
	ip[1] = 0x03;		/* DSCP 0, ECN CE: a switch marked it */
	ip[8] = 3;		/* TTL after some routers */
	fix_ip_csum(buf);
	ip[20 + 6] = 0x12;	/* a UDP checksum that does not verify */
	ip[20 + 7] = 0x34;
	KTEST_EXPECT_EQ(t, parse_exact(buf, n, &out), -ROCE_E_BAD_UDP_CSUM);
	ip[20 + 6] = 0;		/* checksum 0: allowed for IPv4 */
	ip[20 + 7] = 0;
	ip[28 + 4] = 0xc0;	/* FECN and BECN set */
	KTEST_ASSERT_EQ(t, parse_exact(buf, n, &out), 0);
	KTEST_EXPECT_TRUE(t, out.fecn);
	KTEST_EXPECT_TRUE(t, out.becn);
	KTEST_EXPECT_EQ(t, out.ttl, 3);
	KTEST_EXPECT_EQ(t, out.ecn, 3);
	KTEST_EXPECT_EQ(t, out.icrc, 0x97300d57u);

	/* Invariant fields do break it. */
	memcpy(buf, kat_send, n);
	buf[n - 8] ^= 1;	/* payload */
	KTEST_EXPECT_EQ(t, parse_exact(buf, n, &out), -ROCE_E_BAD_ICRC);
	memcpy(buf, kat_send, n);
	ip[28 + 7] ^= 0x10;	/* destination QP */
	KTEST_EXPECT_EQ(t, parse_exact(buf, n, &out), -ROCE_E_BAD_ICRC);
	memcpy(buf, kat_send, n);
	ip[20] ^= 1;		/* UDP source port */
	KTEST_EXPECT_EQ(t, parse_exact(buf, n, &out), -ROCE_E_BAD_ICRC);
	memcpy(buf, kat_send, n);
	ip[4] ^= 1;		/* IP identification */
	fix_ip_csum(buf);
	KTEST_EXPECT_EQ(t, parse_exact(buf, n, &out), -ROCE_E_BAD_ICRC);
	memcpy(buf, kat_send, n);
	buf[n - 1] ^= 0x80;	/* the ICRC itself */
	KTEST_EXPECT_EQ(t, parse_exact(buf, n, &out), -ROCE_E_BAD_ICRC);
}

static void roce_wire_udp_checksum(struct ktest *t)
{
	ssize_t n;

	pkt_base(&pkt, ROCE_OP_SEND_ONLY);
	pkt.udp_csum = true;
	pkt.payload = (const u8 *)"checksummed!";
	pkt.payload_len = 12;
	n = roce_build(buf, sizeof(buf), &pkt);
	KTEST_ASSERT_TRUE(t, n > 0);
	KTEST_EXPECT_NE(t, buf[ROCE_ETH_HLEN + 26] | buf[ROCE_ETH_HLEN + 27], 0);
	KTEST_ASSERT_EQ(t, parse_exact(buf, n, &out), 0);
	KTEST_EXPECT_TRUE(t, out.udp_csum);
	buf[n - 10] ^= 0x40;	/* payload: the UDP checksum sees it first */
	KTEST_EXPECT_EQ(t, parse_exact(buf, n, &out), -ROCE_E_BAD_UDP_CSUM);
}

static void roce_wire_trailing_eth_pad(struct ktest *t)
{
	memset(buf, 0xee, 64);
	memcpy(buf, kat_nak, sizeof(kat_nak));
	KTEST_ASSERT_EQ(t, parse_exact(buf, 64, &out), 0);
	KTEST_EXPECT_EQ(t, out.frame_len, (u32)sizeof(kat_nak));
}

static ssize_t build_send(u8 op, u32 len)
{
	static const u8 data[64];

	pkt_base(&pkt, op);
	pkt.payload = data;
	pkt.payload_len = len;
	return roce_build(buf, sizeof(buf), &pkt);
}

/* Each header-level drop reason, from a valid frame with one defect. */
static void roce_wire_drop_headers(struct ktest *t)
{
	size_t n = sizeof(kat_send);
	u8 *ip = ip_of(buf);

	KTEST_EXPECT_EQ(t, parse_exact(kat_send, 13, &out), -ROCE_E_TRUNC_ETH);
	KTEST_EXPECT_EQ(t, parse_exact(kat_send, 0, &out), -ROCE_E_TRUNC_ETH);
	memcpy(buf, kat_send, n);
	buf[12] = 0x86;
	buf[13] = 0xdd;
	KTEST_EXPECT_EQ(t, parse_exact(buf, n, &out), -ROCE_E_NOT_IPV4);
	KTEST_EXPECT_EQ(t, parse_exact(kat_send, 14 + 19, &out), -ROCE_E_TRUNC_IP);

	memcpy(buf, kat_send, n);
	ip[0] = 0x65;
	KTEST_EXPECT_EQ(t, parse_exact(buf, n, &out), -ROCE_E_BAD_IP_VERSION);
	ip[0] = 0x44;
	KTEST_EXPECT_EQ(t, parse_exact(buf, n, &out), -ROCE_E_BAD_IP_IHL);
	ip[0] = 0x4f;		/* 60-byte header in a frame that has 52 */
	KTEST_EXPECT_EQ(t, parse_exact(buf, n, &out), -ROCE_E_BAD_IP_IHL);
	ip[0] = 0x46;		/* 24-byte header: the checksum no longer fits */
	KTEST_EXPECT_EQ(t, parse_exact(buf, n, &out), -ROCE_E_BAD_IP_CSUM);

	memcpy(buf, kat_send, n);
	KTEST_EXPECT_EQ(t, parse_exact(buf, n - 1, &out), -ROCE_E_BAD_IP_LEN);
	ip[2] = 0;
	ip[3] = 16;		/* total length below the header */
	fix_ip_csum(buf);
	KTEST_EXPECT_EQ(t, parse_exact(buf, n, &out), -ROCE_E_BAD_IP_LEN);

	memcpy(buf, kat_send, n);
	ip[12] ^= 1;
	KTEST_EXPECT_EQ(t, parse_exact(buf, n, &out), -ROCE_E_BAD_IP_CSUM);

	memcpy(buf, kat_send, n);
	ip[6] |= 0x20;		/* more fragments */
	fix_ip_csum(buf);
	KTEST_EXPECT_EQ(t, parse_exact(buf, n, &out), -ROCE_E_IP_FRAGMENT);
	memcpy(buf, kat_send, n);
	ip[7] = 1;		/* fragment offset */
	fix_ip_csum(buf);
	KTEST_EXPECT_EQ(t, parse_exact(buf, n, &out), -ROCE_E_IP_FRAGMENT);

	memcpy(buf, kat_send, n);
	ip[9] = 6;
	fix_ip_csum(buf);
	KTEST_EXPECT_EQ(t, parse_exact(buf, n, &out), -ROCE_E_NOT_UDP);
}

static void roce_wire_drop_udp(struct ktest *t)
{
	size_t n = sizeof(kat_send);
	u8 *ip = ip_of(buf);

	memcpy(buf, kat_send, n);
	ip[2] = 0;
	ip[3] = 24;		/* only half a UDP header */
	fix_ip_csum(buf);
	KTEST_EXPECT_EQ(t, parse_exact(buf, n, &out), -ROCE_E_TRUNC_UDP);

	memcpy(buf, kat_send, n);
	ip[25] += 4;
	KTEST_EXPECT_EQ(t, parse_exact(buf, n, &out), -ROCE_E_BAD_UDP_LEN);

	memcpy(buf, kat_send, n);
	ip[23] = 0xb8;		/* 4792 */
	KTEST_EXPECT_EQ(t, parse_exact(buf, n, &out), -ROCE_E_NOT_ROCE_PORT);

	memcpy(buf, kat_send, n);
	set_lengths(buf, 20 + 8 + 12);	/* BTH but no room for the ICRC */
	fix_ip_csum(buf);
	KTEST_EXPECT_EQ(t, parse_exact(buf, n, &out), -ROCE_E_TRUNC_BTH);
	set_lengths(buf, 20 + 8);	/* empty UDP payload */
	fix_ip_csum(buf);
	KTEST_EXPECT_EQ(t, parse_exact(buf, n, &out), -ROCE_E_TRUNC_BTH);
}

/* Drop reasons past the ICRC: the frames carry a valid ICRC. */
static void roce_wire_drop_transport(struct ktest *t)
{
	u8 *bth = ip_of(buf) + 28;
	ssize_t n;

	n = build_send(ROCE_OP_SEND_ONLY, 4);
	bth[1] |= 1;		/* TVer 1 */
	n = refresh(buf);
	KTEST_EXPECT_EQ(t, parse_exact(buf, n, &out), -ROCE_E_BAD_TVER);

	n = build_send(ROCE_OP_SEND_ONLY, 4);
	bth[0] = 0x64;		/* UD SEND_ONLY */
	n = refresh(buf);
	KTEST_EXPECT_EQ(t, parse_exact(buf, n, &out), -ROCE_E_BAD_OPCODE);
	bth[0] = 0x13;		/* CmpSwap: not handled */
	n = refresh(buf);
	KTEST_EXPECT_EQ(t, parse_exact(buf, n, &out), -ROCE_E_BAD_OPCODE);

	n = build_send(ROCE_OP_SEND_ONLY, 4);
	bth[0] = ROCE_OP_RDMA_WRITE_ONLY;	/* needs a 16-byte RETH */
	n = refresh(buf);
	KTEST_EXPECT_EQ(t, parse_exact(buf, n, &out), -ROCE_E_TRUNC_EXT);
	bth[0] = ROCE_OP_RDMA_READ_RESPONSE_FIRST;	/* AETH fits */
	n = refresh(buf);
	KTEST_EXPECT_EQ(t, parse_exact(buf, n, &out), 0);

	n = build_send(ROCE_OP_SEND_ONLY, 8);
	bth[0] = ROCE_OP_ACKNOWLEDGE;		/* AETH + 4 stray bytes */
	n = refresh(buf);
	KTEST_EXPECT_EQ(t, parse_exact(buf, n, &out), -ROCE_E_BAD_LENGTH);

	n = build_send(ROCE_OP_SEND_ONLY, 8);
	set_lengths(buf, ip_totlen(buf) - 1);	/* payload + pad = 7 bytes */
	n = refresh(buf);
	KTEST_EXPECT_EQ(t, parse_exact(buf, n, &out), -ROCE_E_BAD_LENGTH);

	n = build_send(ROCE_OP_SEND_FIRST, 4);
	bth[1] |= 3 << 4;	/* pad on a first packet */
	n = refresh(buf);
	KTEST_EXPECT_EQ(t, parse_exact(buf, n, &out), -ROCE_E_BAD_PAD);
	n = build_send(ROCE_OP_SEND_MIDDLE, 4);
	bth[1] |= 1 << 4;
	n = refresh(buf);
	KTEST_EXPECT_EQ(t, parse_exact(buf, n, &out), -ROCE_E_BAD_PAD);
	n = build_send(ROCE_OP_SEND_LAST, 4);
	bth[1] |= 3 << 4;	/* legal on a last packet: 1 byte + 3 pad */
	n = refresh(buf);
	KTEST_ASSERT_EQ(t, parse_exact(buf, n, &out), 0);
	KTEST_EXPECT_EQ(t, out.payload_len, 1u);

	pkt_base(&pkt, ROCE_OP_ACKNOWLEDGE);
	n = roce_build(buf, sizeof(buf), &pkt);
	bth[1] |= 1 << 4;	/* pad count past the (empty) payload */
	n = refresh(buf);
	KTEST_EXPECT_EQ(t, parse_exact(buf, n, &out), -ROCE_E_BAD_PAD);

	n = roce_build(buf, sizeof(buf), &pkt);
	bth[12] = 0x40;		/* AETH syndrome type 10b: reserved */
	n = refresh(buf);
	KTEST_EXPECT_EQ(t, parse_exact(buf, n, &out), -ROCE_E_BAD_AETH);
	bth[12] = 0x80;		/* reserved top bit */
	n = refresh(buf);
	KTEST_EXPECT_EQ(t, parse_exact(buf, n, &out), -ROCE_E_BAD_AETH);
}

static void roce_wire_build_errors(struct ktest *t)
{
	static const u8 data[16];

	pkt_base(&pkt, ROCE_OP_SEND_ONLY);
	pkt.payload = data;
	pkt.payload_len = 16;
	KTEST_EXPECT_EQ(t, roce_build(buf, roce_frame_len(ROCE_OP_SEND_ONLY, 16) - 1,
				      &pkt), (ssize_t)-EMSGSIZE);
	KTEST_EXPECT_EQ(t, roce_build(buf, roce_frame_len(ROCE_OP_SEND_ONLY, 16),
				      &pkt), (ssize_t)roce_frame_len(ROCE_OP_SEND_ONLY, 16));
	KTEST_EXPECT_EQ(t, roce_build(buf, 0, &pkt), (ssize_t)-EMSGSIZE);
	pkt.payload_len = 0xffffffff;
	KTEST_EXPECT_EQ(t, roce_build(buf, sizeof(buf), &pkt), (ssize_t)-EMSGSIZE);
	pkt.payload_len = 65536 - 40;	/* over the IPv4 total length */
	KTEST_EXPECT_EQ(t, roce_build(buf, sizeof(buf), &pkt), (ssize_t)-EMSGSIZE);
	pkt.payload_len = 16;
	pkt.opcode = ROCE_OP_ACKNOWLEDGE;	/* no payload allowed */
	KTEST_EXPECT_EQ(t, roce_build(buf, sizeof(buf), &pkt), (ssize_t)-EINVAL);
	pkt.opcode = 0x81;
	KTEST_EXPECT_EQ(t, roce_build(buf, sizeof(buf), &pkt), (ssize_t)-EINVAL);
	pkt.opcode = ROCE_OP_SEND_ONLY;
	pkt.psn = 0x1000000;
	KTEST_EXPECT_EQ(t, roce_build(buf, sizeof(buf), &pkt), (ssize_t)-EINVAL);
	pkt.psn = 0;
	pkt.dscp = 64;
	KTEST_EXPECT_EQ(t, roce_build(buf, sizeof(buf), &pkt), (ssize_t)-EINVAL);
	pkt.dscp = 0;
	pkt.payload = NULL;
	KTEST_EXPECT_EQ(t, roce_build(buf, sizeof(buf), &pkt), (ssize_t)-EINVAL);
	pkt_base(&pkt, ROCE_OP_ACKNOWLEDGE);
	pkt.syndrome = 0x40;
	KTEST_EXPECT_EQ(t, roce_build(buf, sizeof(buf), &pkt), (ssize_t)-EINVAL);
}

static void roce_wire_err_names(struct ktest *t)
{
	int i;

	for (i = 0; i < ROCE_E_NR; i++)
		KTEST_EXPECT_NOT_NULL(t, roce_err_name(i));
	KTEST_EXPECT_STREQ(t, roce_err_name(-ROCE_E_BAD_ICRC), "bad_icrc");
	KTEST_EXPECT_STREQ(t, roce_err_name(ROCE_E_NR), "unknown");
	KTEST_EXPECT_STREQ(t, roce_err_name(-1000), "unknown");
}

static u32 rng_state = 0x2545f491;

static u32 rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

/*
 * Random truncations and bit flips of valid frames: the parser returns a
 * known code, reads nothing outside the frame (ASan) and, when it accepts
 * a frame, the payload lies inside it.
 */
static void roce_wire_fuzz(struct ktest *t)
{
	unsigned int i, ok = 0, bad = 0;

	for (i = 0; i < 20000; i++) {
		u8 op = rng() % ROCE_OP_NR;
		u32 f = roce_opcode_flags(op);
		u32 len = (f & ROCE_OPF_PAYLOAD) ? rng() % 64 : 0;
		ssize_t n;
		unsigned int flips = rng() % 3, k;
		size_t cut;
		int err;

		if (!(f & ROCE_OPF_LAST))
			len &= ~3u;	/* first/middle: whole MTUs, no pad */
		n = build_send(op, len);
		if (n <= 0) {
			bad++;
			continue;
		}
		memcpy(buf2, buf, n);
		for (k = 0; k < flips; k++)
			buf2[rng() % n] ^= (u8)(1u << (rng() % 8));
		cut = (rng() % 4 == 0) ? rng() % (n + 1) : (size_t)n;
		err = parse_exact(buf2, cut, &out);
		if (err > 0 || err <= -ROCE_E_NR)
			bad++;
		if (!err) {
			ok++;
			if (out.payload_len && (out.payload < copy ||
			    out.payload + out.payload_len > copy + cut))
				bad++;
		}
		/* Untouched, whole frames always parse. */
		if (!flips && cut == (size_t)n && err)
			bad++;
	}
	KTEST_EXPECT_EQ(t, bad, 0u);
	KTEST_EXPECT_GT(t, ok, 1000u);
}

KTEST_SUITE(roce_wire, NULL, NULL,
	    KTEST_CASE(roce_wire_crc32_check),
	    KTEST_CASE(roce_wire_icrc_hw_capture),
	    KTEST_CASE(roce_wire_build_kat_send),
	    KTEST_CASE(roce_wire_build_kat_write_imm),
	    KTEST_CASE(roce_wire_build_kat_nak),
	    KTEST_CASE(roce_wire_parse_kat),
	    KTEST_CASE(roce_wire_round_trip_all_opcodes),
	    KTEST_CASE(roce_wire_opcode_table),
	    KTEST_CASE(roce_wire_aeth_codes),
	    KTEST_CASE(roce_wire_icrc_variant_fields),
	    KTEST_CASE(roce_wire_udp_checksum),
	    KTEST_CASE(roce_wire_trailing_eth_pad),
	    KTEST_CASE(roce_wire_drop_headers),
	    KTEST_CASE(roce_wire_drop_udp),
	    KTEST_CASE(roce_wire_drop_transport),
	    KTEST_CASE(roce_wire_build_errors),
	    KTEST_CASE(roce_wire_err_names),
	    KTEST_CASE(roce_wire_fuzz));
