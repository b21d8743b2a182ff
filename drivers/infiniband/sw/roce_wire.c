// SPDX-License-Identifier: GPL-2.0
/*
 * RoCE v2 packet codec: builds and validates Ethernet/IPv4/UDP/IB transport
 * frames and their invariant CRC. Pure functions, no allocation, no I/O.
 */
#include <tessera/kernel.h>
#include <tessera/errno.h>
#include <tessera/string.h>
#include <tessera/roce_wire.h>

/* Offsets inside the headers (bytes). */
#define IP_OFF_TOS		1
#define IP_OFF_TOTLEN		2
#define IP_OFF_ID		4
#define IP_OFF_FRAG		6
#define IP_OFF_TTL		8
#define IP_OFF_PROTO		9
#define IP_OFF_CSUM		10
#define IP_OFF_SADDR		12
#define IP_OFF_DADDR		16
#define IP_FLAG_DF		0x4000
#define IP_FLAG_MF		0x2000
#define IP_FRAG_OFF_MASK	0x1fff
#define IP_MAX_TOTLEN		0xffff
#define UDP_OFF_CSUM		6
#define BTH_OFF_RESV8A		4	/* FECN, BECN, 6 reserved bits */

#define BTH_SE			0x80
#define BTH_MIG			0x40
#define BTH_PAD_SHIFT		4
#define BTH_PAD_MASK		0x30
#define BTH_TVER_MASK		0x0f
#define BTH_FECN		0x80
#define BTH_BECN		0x40
#define BTH_ACKREQ		0x80

/* ---------------------------------------------------------------- bytes */

static inline u16 get_be16(const u8 *p)
{
	return (u16)(p[0] << 8 | p[1]);
}

static inline u32 get_be24(const u8 *p)
{
	return (u32)p[0] << 16 | (u32)p[1] << 8 | p[2];
}

static inline u32 get_be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static inline u64 get_be64(const u8 *p)
{
	return (u64)get_be32(p) << 32 | get_be32(p + 4);
}

static inline u32 get_le32(const u8 *p)
{
	return (u32)p[3] << 24 | (u32)p[2] << 16 | (u32)p[1] << 8 | p[0];
}

static inline void put_be16(u8 *p, u16 v)
{
	p[0] = (u8)(v >> 8);
	p[1] = (u8)(v & 0xff);
}

static inline void put_be24(u8 *p, u32 v)
{
	p[0] = (u8)((v >> 16) & 0xff);
	p[1] = (u8)((v >> 8) & 0xff);
	p[2] = (u8)(v & 0xff);
}

static inline void put_be32(u8 *p, u32 v)
{
	put_be16(p, (u16)(v >> 16));
	put_be16(p + 2, (u16)(v & 0xffff));
}

static inline void put_be64(u8 *p, u64 v)
{
	put_be32(p, (u32)(v >> 32));
	put_be32(p + 4, (u32)(v & 0xffffffff));
}

static inline void put_le32(u8 *p, u32 v)
{
	p[0] = (u8)(v & 0xff);
	p[1] = (u8)((v >> 8) & 0xff);
	p[2] = (u8)((v >> 16) & 0xff);
	p[3] = (u8)(v >> 24);
}

/* ---------------------------------------------------------------- opcodes */

#define OPF_REQ_SEND	(ROCE_OPF_VALID | ROCE_OPF_REQUEST | ROCE_OPF_SEND | \
			 ROCE_OPF_PAYLOAD)
#define OPF_REQ_WRITE	(ROCE_OPF_VALID | ROCE_OPF_REQUEST | ROCE_OPF_WRITE | \
			 ROCE_OPF_PAYLOAD)
#define OPF_RESP_READ	(ROCE_OPF_VALID | ROCE_OPF_RESPONSE | ROCE_OPF_READ | \
			 ROCE_OPF_PAYLOAD)
#define OPF_ONLY	(ROCE_OPF_FIRST | ROCE_OPF_LAST)

static const u16 roce_opf[ROCE_OP_NR] = {
	[ROCE_OP_SEND_FIRST]	= OPF_REQ_SEND | ROCE_OPF_FIRST,
	[ROCE_OP_SEND_MIDDLE]	= OPF_REQ_SEND | ROCE_OPF_MIDDLE,
	[ROCE_OP_SEND_LAST]	= OPF_REQ_SEND | ROCE_OPF_LAST,
	[ROCE_OP_SEND_LAST_WITH_IMMEDIATE] =
		OPF_REQ_SEND | ROCE_OPF_LAST | ROCE_OPF_IMMDT,
	[ROCE_OP_SEND_ONLY]	= OPF_REQ_SEND | OPF_ONLY,
	[ROCE_OP_SEND_ONLY_WITH_IMMEDIATE] =
		OPF_REQ_SEND | OPF_ONLY | ROCE_OPF_IMMDT,
	[ROCE_OP_RDMA_WRITE_FIRST] = OPF_REQ_WRITE | ROCE_OPF_FIRST | ROCE_OPF_RETH,
	[ROCE_OP_RDMA_WRITE_MIDDLE] = OPF_REQ_WRITE | ROCE_OPF_MIDDLE,
	[ROCE_OP_RDMA_WRITE_LAST] = OPF_REQ_WRITE | ROCE_OPF_LAST,
	[ROCE_OP_RDMA_WRITE_LAST_WITH_IMMEDIATE] =
		OPF_REQ_WRITE | ROCE_OPF_LAST | ROCE_OPF_IMMDT,
	[ROCE_OP_RDMA_WRITE_ONLY] = OPF_REQ_WRITE | OPF_ONLY | ROCE_OPF_RETH,
	[ROCE_OP_RDMA_WRITE_ONLY_WITH_IMMEDIATE] =
		OPF_REQ_WRITE | OPF_ONLY | ROCE_OPF_RETH | ROCE_OPF_IMMDT,
	[ROCE_OP_RDMA_READ_REQUEST] = ROCE_OPF_VALID | ROCE_OPF_REQUEST |
		ROCE_OPF_READ | OPF_ONLY | ROCE_OPF_RETH,
	[ROCE_OP_RDMA_READ_RESPONSE_FIRST] =
		OPF_RESP_READ | ROCE_OPF_FIRST | ROCE_OPF_AETH,
	[ROCE_OP_RDMA_READ_RESPONSE_MIDDLE] = OPF_RESP_READ | ROCE_OPF_MIDDLE,
	[ROCE_OP_RDMA_READ_RESPONSE_LAST] =
		OPF_RESP_READ | ROCE_OPF_LAST | ROCE_OPF_AETH,
	[ROCE_OP_RDMA_READ_RESPONSE_ONLY] =
		OPF_RESP_READ | OPF_ONLY | ROCE_OPF_AETH,
	[ROCE_OP_ACKNOWLEDGE]	= ROCE_OPF_VALID | ROCE_OPF_RESPONSE | OPF_ONLY |
				  ROCE_OPF_AETH,
};

/**
 * roce_opcode_flags() - what a BTH opcode carries
 * @opcode: BTH opcode
 *
 * Return: ROCE_OPF_* bits, 0 for an opcode this codec does not handle.
 */
u32 roce_opcode_flags(u8 opcode)
{
	return opcode < ROCE_OP_NR ? roce_opf[opcode] : 0;
}

/**
 * roce_ext_hdr_len() - bytes of RETH/AETH/ImmDt after the BTH for @opcode
 * @opcode: BTH opcode
 *
 * Return: 0..20, 0 for an unknown opcode.
 */
u32 roce_ext_hdr_len(u8 opcode)
{
	u32 f = roce_opcode_flags(opcode);
	u32 len = 0;

	if (f & ROCE_OPF_RETH)
		len += ROCE_RETH_LEN;
	if (f & ROCE_OPF_AETH)
		len += ROCE_AETH_LEN;
	if (f & ROCE_OPF_IMMDT)
		len += ROCE_IMMDT_LEN;
	return len;
}

/**
 * roce_frame_len() - Ethernet frame length roce_build() needs
 * @opcode: BTH opcode
 * @payload_len: payload bytes before padding
 *
 * Return: bytes from the destination MAC to the ICRC inclusive.
 */
u32 roce_frame_len(u8 opcode, u32 payload_len)
{
	return ROCE_ETH_HLEN + ROCE_IPV4_HLEN + ROCE_UDP_HLEN + ROCE_BTH_LEN +
	       roce_ext_hdr_len(opcode) + ALIGN(payload_len, 4) + ROCE_ICRC_LEN;
}

/* ---------------------------------------------------------------- CRCs */

/* CRC-32, reflected polynomial 0xEDB88320, one entry per 4-bit value. */
static const u32 crc32_nibble[16] = {
	0x00000000, 0x1db71064, 0x3b6e20c8, 0x26d930ac,
	0x76dc4190, 0x6b6b51f4, 0x4db26158, 0x5005713c,
	0xedb88320, 0xf00f9344, 0xd6d6a3e8, 0xcb61b38c,
	0x9b64c2b0, 0x86d3d2d4, 0xa00ae278, 0xbdbdf21c,
};

static inline u32 crc32_byte(u32 c, u8 b)
{
	c ^= b;
	c = (c >> 4) ^ crc32_nibble[c & 0xf];
	return (c >> 4) ^ crc32_nibble[c & 0xf];
}

/* Raw (not inverted) update, so the ICRC can feed masked bytes one by one. */
static u32 crc32_raw(u32 c, const u8 *p, size_t len)
{
	while (len--)
		c = crc32_byte(c, *p++);
	return c;
}

/**
 * roce_crc32() - CRC-32 (IEEE 802.3, reflected) update, zlib convention
 * @crc: running value, 0 to start
 * @buf: bytes
 * @len: their count
 *
 * Return: the CRC of everything fed so far.
 */
u32 roce_crc32(u32 crc, const void *buf, size_t len)
{
	return ~crc32_raw(~crc, buf, len);
}

/* Feed @len bytes of @p, replacing those at [moff, moff + mlen) by 0xFF. */
static u32 crc32_masked(u32 c, const u8 *p, size_t len, size_t moff,
			size_t mlen)
{
	size_t i;

	for (i = 0; i < len; i++)
		c = crc32_byte(c, (i >= moff && i < moff + mlen) ? 0xff : p[i]);
	return c;
}

static inline bool ip_variant(size_t off)
{
	return off == IP_OFF_TOS || off == IP_OFF_TTL ||
	       off == IP_OFF_CSUM || off == IP_OFF_CSUM + 1;
}

/**
 * roce_icrc() - invariant CRC of an IPv4 RoCE v2 packet
 * @ip: the IPv4 header
 * @len: bytes from @ip up to the ICRC field
 *
 * Return: the ICRC (stored on the wire least significant byte first).
 */
u32 roce_icrc(const u8 *ip, size_t len)
{
	static const u8 lrh[ROCE_ICRC_PREFIX_LEN] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff
	};
	size_t ihl = (size_t)(ip[0] & 0x0f) * 4;
	u32 c = crc32_raw(~0u, lrh, sizeof(lrh));
	size_t i;

	/* IPv4: TOS (DSCP+ECN), TTL and header checksum vary. */
	for (i = 0; i < ihl; i++)
		c = crc32_byte(c, ip_variant(i) ? 0xff : ip[i]);
	ip += ihl;
	len -= ihl;
	/* UDP: the checksum varies. */
	c = crc32_masked(c, ip, ROCE_UDP_HLEN, UDP_OFF_CSUM, 2);
	ip += ROCE_UDP_HLEN;
	len -= ROCE_UDP_HLEN;
	/* BTH: FECN, BECN and the reserved bits vary. */
	c = crc32_masked(c, ip, ROCE_BTH_LEN, BTH_OFF_RESV8A, 1);
	ip += ROCE_BTH_LEN;
	len -= ROCE_BTH_LEN;
	return ~crc32_raw(c, ip, len);
}

/**
 * roce_ipv4_csum() - Internet checksum (RFC 1071) of an IPv4 header
 * @hdr: the header
 * @len: its length (even)
 *
 * Return: the checksum; 0 if @hdr already holds a correct one.
 */
u16 roce_ipv4_csum(const u8 *hdr, size_t len)
{
	u32 sum = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += get_be16(hdr + i);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (u16)~sum;
}

/* One's-complement sum of the UDP pseudo-header and the datagram. */
static u16 udp_csum(u32 saddr, u32 daddr, const u8 *udp, size_t len)
{
	u32 sum = (saddr >> 16) + (saddr & 0xffff) + (daddr >> 16) +
		  (daddr & 0xffff) + ROCE_IPPROTO_UDP + (u32)len;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += get_be16(udp + i);
	if (len & 1)
		sum += (u32)udp[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (u16)~sum;
}

/**
 * roce_udp_sport() - UDP source port (flow hash) for a QP pair
 * @sqpn: source QP number
 * @dqpn: destination QP number
 *
 * Return: a port in 0xC000..0xFFFF, constant per pair.
 */
u16 roce_udp_sport(u32 sqpn, u32 dqpn)
{
	u32 h = (sqpn & ROCE_QPN_MASK) * 0x9e3779b1u;

	h ^= (dqpn & ROCE_QPN_MASK) * 0x85ebca6bu;
	h ^= h >> 15;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return (u16)(0xc000 | (h & 0x3fff));
}

/* ---------------------------------------------------------------- AETH */

/**
 * roce_aeth_credits() - decode an ACK's 5-bit credit count
 * @code: syndrome bits 4:0
 *
 * Codes 0..4 stand for themselves; above that the values alternate
 * 2^k and 3*2^(k-1): 6, 8, 12, 16, ... 32768.
 *
 * Return: the credit count, U32_MAX for code 31 (invalid).
 */
u32 roce_aeth_credits(u8 code)
{
	code &= ROCE_AETH_VALUE_MASK;
	if (code == ROCE_AETH_CREDIT_INVALID)
		return U32_MAX;
	if (code < 2)
		return code;
	if (code & 1)
		return 3u << ((code - 3) / 2);
	return 1u << (code / 2);
}

/**
 * roce_aeth_credit_code() - largest credit code not above @credits
 * @credits: receive WQEs available
 *
 * Return: the code, 0..30.
 */
u8 roce_aeth_credit_code(u32 credits)
{
	u8 code = 30;

	while (code > 0 && roce_aeth_credits(code) > credits)
		code--;
	return code;
}

/* ---------------------------------------------------------------- build */

static bool roce_fields_ok(const struct roce_pkt *p, u32 f)
{
	if (!(f & ROCE_OPF_VALID))
		return false;
	if (p->payload_len && !(f & ROCE_OPF_PAYLOAD))
		return false;
	if (p->payload_len && !p->payload)
		return false;
	/* First/middle packets are whole path MTUs: never padded. */
	if ((f & (ROCE_OPF_FIRST | ROCE_OPF_MIDDLE)) && !(f & ROCE_OPF_LAST) &&
	    (p->payload_len & 3))
		return false;
	if (p->dscp > 63 || p->ecn > 3)
		return false;
	if ((p->dqpn | p->psn) & ~ROCE_PSN_MASK)
		return false;
	if ((f & ROCE_OPF_AETH) && ((p->msn & ~ROCE_MSN_MASK) ||
	    roce_aeth_type(p->syndrome) == ROCE_AETH_TYPE_RESERVED ||
	    (p->syndrome & 0x80)))
		return false;
	return true;
}

static u8 *build_eth(u8 *b, const struct roce_pkt *p)
{
	memcpy(b, p->dmac, ROCE_ETH_ALEN);
	memcpy(b + ROCE_ETH_ALEN, p->smac, ROCE_ETH_ALEN);
	put_be16(b + 2 * ROCE_ETH_ALEN, ROCE_ETHERTYPE_IPV4);
	return b + ROCE_ETH_HLEN;
}

static u8 *build_ipv4(u8 *b, const struct roce_pkt *p, u32 totlen)
{
	b[0] = 0x45;
	b[IP_OFF_TOS] = (u8)(p->dscp << 2 | p->ecn);
	put_be16(b + IP_OFF_TOTLEN, (u16)totlen);
	put_be16(b + IP_OFF_ID, p->ip_id);
	put_be16(b + IP_OFF_FRAG, p->df ? IP_FLAG_DF : 0);
	b[IP_OFF_TTL] = p->ttl;
	b[IP_OFF_PROTO] = ROCE_IPPROTO_UDP;
	put_be16(b + IP_OFF_CSUM, 0);
	put_be32(b + IP_OFF_SADDR, p->saddr);
	put_be32(b + IP_OFF_DADDR, p->daddr);
	put_be16(b + IP_OFF_CSUM, roce_ipv4_csum(b, ROCE_IPV4_HLEN));
	return b + ROCE_IPV4_HLEN;
}

static u8 *build_udp(u8 *b, const struct roce_pkt *p, u32 udplen)
{
	put_be16(b, p->sport);
	put_be16(b + 2, ROCE_UDP_PORT);
	put_be16(b + 4, (u16)udplen);
	put_be16(b + UDP_OFF_CSUM, 0);
	return b + ROCE_UDP_HLEN;
}

static u8 *build_bth(u8 *b, const struct roce_pkt *p, u8 pad)
{
	b[0] = p->opcode;
	b[1] = (p->se ? BTH_SE : 0) | (p->mig ? BTH_MIG : 0) |
	       (u8)(pad << BTH_PAD_SHIFT);
	put_be16(b + 2, p->pkey);
	b[4] = (p->fecn ? BTH_FECN : 0) | (p->becn ? BTH_BECN : 0);
	put_be24(b + 5, p->dqpn);
	b[8] = p->ackreq ? BTH_ACKREQ : 0;
	put_be24(b + 9, p->psn);
	return b + ROCE_BTH_LEN;
}

static u8 *build_ext(u8 *b, const struct roce_pkt *p, u32 f)
{
	if (f & ROCE_OPF_RETH) {
		put_be64(b, p->va);
		put_be32(b + 8, p->rkey);
		put_be32(b + 12, p->dma_len);
		b += ROCE_RETH_LEN;
	}
	if (f & ROCE_OPF_AETH) {
		b[0] = p->syndrome;
		put_be24(b + 1, p->msn);
		b += ROCE_AETH_LEN;
	}
	if (f & ROCE_OPF_IMMDT) {
		put_be32(b, p->imm);
		b += ROCE_IMMDT_LEN;
	}
	return b;
}

/**
 * roce_build() - write one RoCE v2 frame into a caller buffer
 * @buf: destination
 * @cap: its size
 * @p: headers and payload
 *
 * Return: frame length, -EINVAL for bad fields, -EMSGSIZE if it does not fit.
 */
ssize_t roce_build(u8 *buf, size_t cap, const struct roce_pkt *p)
{
	u32 f = roce_opcode_flags(p->opcode);
	u8 pad = (u8)(-p->payload_len & 3);
	u8 *ip, *udp, *b;
	u32 frame, iplen;

	if (!roce_fields_ok(p, f))
		return -EINVAL;
	if (p->payload_len > IP_MAX_TOTLEN)
		return -EMSGSIZE;
	frame = roce_frame_len(p->opcode, p->payload_len);
	iplen = frame - ROCE_ETH_HLEN;
	if (iplen > IP_MAX_TOTLEN || frame > cap)
		return -EMSGSIZE;

	ip = build_eth(buf, p);
	udp = build_ipv4(ip, p, iplen);
	b = build_udp(udp, p, iplen - ROCE_IPV4_HLEN);
	b = build_bth(b, p, pad);
	b = build_ext(b, p, f);
	if (p->payload_len)
		memcpy(b, p->payload, p->payload_len);
	b += p->payload_len;
	memset(b, 0, pad);
	b += pad;
	put_le32(b, roce_icrc(ip, (size_t)(b - ip)));
	if (p->udp_csum) {
		u16 cs = udp_csum(p->saddr, p->daddr, udp, iplen - ROCE_IPV4_HLEN);

		put_be16(udp + UDP_OFF_CSUM, cs ? cs : 0xffff);
	}
	return frame;
}

/* ---------------------------------------------------------------- parse */

static int parse_ipv4(const u8 *ip, size_t avail, struct roce_pkt *p,
		      size_t *ihl, size_t *totlen)
{
	u16 frag;

	if (avail < ROCE_IPV4_HLEN)
		return -ROCE_E_TRUNC_IP;
	if ((ip[0] >> 4) != 4)
		return -ROCE_E_BAD_IP_VERSION;
	*ihl = (size_t)(ip[0] & 0x0f) * 4;
	if (*ihl < ROCE_IPV4_HLEN || *ihl > avail)
		return -ROCE_E_BAD_IP_IHL;
	*totlen = get_be16(ip + IP_OFF_TOTLEN);
	if (*totlen < *ihl || *totlen > avail)
		return -ROCE_E_BAD_IP_LEN;
	if (roce_ipv4_csum(ip, *ihl) != 0)
		return -ROCE_E_BAD_IP_CSUM;
	frag = get_be16(ip + IP_OFF_FRAG);
	if (frag & (IP_FLAG_MF | IP_FRAG_OFF_MASK))
		return -ROCE_E_IP_FRAGMENT;
	if (ip[IP_OFF_PROTO] != ROCE_IPPROTO_UDP)
		return -ROCE_E_NOT_UDP;
	p->dscp = ip[IP_OFF_TOS] >> 2;
	p->ecn = ip[IP_OFF_TOS] & 3;
	p->ip_id = get_be16(ip + IP_OFF_ID);
	p->df = !!(frag & IP_FLAG_DF);
	p->ttl = ip[IP_OFF_TTL];
	p->saddr = get_be32(ip + IP_OFF_SADDR);
	p->daddr = get_be32(ip + IP_OFF_DADDR);
	return 0;
}

static int parse_udp(const u8 *udp, size_t avail, struct roce_pkt *p)
{
	u16 cs;

	if (avail < ROCE_UDP_HLEN)
		return -ROCE_E_TRUNC_UDP;
	if (get_be16(udp + 4) != avail)
		return -ROCE_E_BAD_UDP_LEN;
	p->sport = get_be16(udp);
	p->dport = get_be16(udp + 2);
	if (p->dport != ROCE_UDP_PORT)
		return -ROCE_E_NOT_ROCE_PORT;
	cs = get_be16(udp + UDP_OFF_CSUM);
	p->udp_csum = cs != 0;
	if (cs && udp_csum(p->saddr, p->daddr, udp, avail) != 0)
		return -ROCE_E_BAD_UDP_CSUM;
	return 0;
}

static void parse_bth(const u8 *b, struct roce_pkt *p)
{
	p->opcode = b[0];
	p->se = !!(b[1] & BTH_SE);
	p->mig = !!(b[1] & BTH_MIG);
	p->padcnt = (b[1] & BTH_PAD_MASK) >> BTH_PAD_SHIFT;
	p->tver = b[1] & BTH_TVER_MASK;
	p->pkey = get_be16(b + 2);
	p->fecn = !!(b[4] & BTH_FECN);
	p->becn = !!(b[4] & BTH_BECN);
	p->dqpn = get_be24(b + 5);
	p->ackreq = !!(b[8] & BTH_ACKREQ);
	p->psn = get_be24(b + 9);
}

/* Extension headers and payload: @b..@b+@len is after the BTH, before ICRC. */
static int parse_ext(const u8 *b, size_t len, struct roce_pkt *p)
{
	u32 f = roce_opcode_flags(p->opcode);
	u32 ext = roce_ext_hdr_len(p->opcode);

	if (!(f & ROCE_OPF_VALID))
		return -ROCE_E_BAD_OPCODE;
	if (len < ext)
		return -ROCE_E_TRUNC_EXT;
	if (f & ROCE_OPF_RETH) {
		p->va = get_be64(b);
		p->rkey = get_be32(b + 8);
		p->dma_len = get_be32(b + 12);
		b += ROCE_RETH_LEN;
	}
	if (f & ROCE_OPF_AETH) {
		p->syndrome = b[0];
		p->msn = get_be24(b + 1);
		if ((p->syndrome & 0x80) ||
		    roce_aeth_type(p->syndrome) == ROCE_AETH_TYPE_RESERVED)
			return -ROCE_E_BAD_AETH;
		b += ROCE_AETH_LEN;
	}
	if (f & ROCE_OPF_IMMDT) {
		p->imm = get_be32(b);
		b += ROCE_IMMDT_LEN;
	}
	len -= ext;
	if (len & 3)
		return -ROCE_E_BAD_LENGTH;
	if (!(f & ROCE_OPF_PAYLOAD) && len)
		return -ROCE_E_BAD_LENGTH;
	if (p->padcnt > len)
		return -ROCE_E_BAD_PAD;
	/* First/middle packets carry a full path-MTU payload: no pad. */
	if (p->padcnt && (f & (ROCE_OPF_FIRST | ROCE_OPF_MIDDLE)) &&
	    !(f & ROCE_OPF_LAST))
		return -ROCE_E_BAD_PAD;
	p->payload = b;
	p->payload_len = (u32)(len - p->padcnt);
	return 0;
}

/**
 * roce_parse() - validate and decode one received Ethernet frame
 * @frame: the frame from the destination MAC on
 * @len: its length
 * @p: decoded headers; payload points into @frame
 *
 * Return: 0, or -ROCE_E_* naming the drop reason.
 */
int roce_parse(const u8 *frame, size_t len, struct roce_pkt *p)
{
	const u8 *ip, *udp, *bth;
	size_t ihl, totlen, tlen;
	int err;

	memset(p, 0, sizeof(*p));
	if (len < ROCE_ETH_HLEN)
		return -ROCE_E_TRUNC_ETH;
	if (get_be16(frame + 2 * ROCE_ETH_ALEN) != ROCE_ETHERTYPE_IPV4)
		return -ROCE_E_NOT_IPV4;
	memcpy(p->dmac, frame, ROCE_ETH_ALEN);
	memcpy(p->smac, frame + ROCE_ETH_ALEN, ROCE_ETH_ALEN);

	ip = frame + ROCE_ETH_HLEN;
	err = parse_ipv4(ip, len - ROCE_ETH_HLEN, p, &ihl, &totlen);
	if (err)
		return err;
	udp = ip + ihl;
	err = parse_udp(udp, totlen - ihl, p);
	if (err)
		return err;

	bth = udp + ROCE_UDP_HLEN;
	tlen = totlen - ihl - ROCE_UDP_HLEN;	/* BTH .. ICRC */
	if (tlen < ROCE_BTH_LEN + ROCE_ICRC_LEN)
		return -ROCE_E_TRUNC_BTH;
	p->icrc = get_le32(bth + tlen - ROCE_ICRC_LEN);
	if (roce_icrc(ip, totlen - ROCE_ICRC_LEN) != p->icrc)
		return -ROCE_E_BAD_ICRC;

	parse_bth(bth, p);
	if (p->tver != 0)
		return -ROCE_E_BAD_TVER;
	err = parse_ext(bth + ROCE_BTH_LEN,
			tlen - ROCE_BTH_LEN - ROCE_ICRC_LEN, p);
	if (err)
		return err;
	p->frame_len = (u32)(ROCE_ETH_HLEN + totlen);
	return 0;
}

static const char *const roce_err_names[ROCE_E_NR] = {
	[ROCE_OK]		= "ok",
	[ROCE_E_TRUNC_ETH]	= "trunc_eth",
	[ROCE_E_NOT_IPV4]	= "not_ipv4",
	[ROCE_E_TRUNC_IP]	= "trunc_ip",
	[ROCE_E_BAD_IP_VERSION]	= "bad_ip_version",
	[ROCE_E_BAD_IP_IHL]	= "bad_ip_ihl",
	[ROCE_E_BAD_IP_LEN]	= "bad_ip_len",
	[ROCE_E_BAD_IP_CSUM]	= "bad_ip_csum",
	[ROCE_E_IP_FRAGMENT]	= "ip_fragment",
	[ROCE_E_NOT_UDP]	= "not_udp",
	[ROCE_E_TRUNC_UDP]	= "trunc_udp",
	[ROCE_E_BAD_UDP_LEN]	= "bad_udp_len",
	[ROCE_E_NOT_ROCE_PORT]	= "not_roce_port",
	[ROCE_E_BAD_UDP_CSUM]	= "bad_udp_csum",
	[ROCE_E_TRUNC_BTH]	= "trunc_bth",
	[ROCE_E_BAD_ICRC]	= "bad_icrc",
	[ROCE_E_BAD_TVER]	= "bad_tver",
	[ROCE_E_BAD_OPCODE]	= "bad_opcode",
	[ROCE_E_TRUNC_EXT]	= "trunc_ext",
	[ROCE_E_BAD_PAD]	= "bad_pad",
	[ROCE_E_BAD_LENGTH]	= "bad_length",
	[ROCE_E_BAD_AETH]	= "bad_aeth",
};

/**
 * roce_err_name() - short name of a roce_parse() drop reason
 * @err: ROCE_E_* value, negated or not
 *
 * Return: a static string, "unknown" when out of range.
 */
const char *roce_err_name(int err)
{
	if (err < 0)
		err = -err;
	if (err >= ROCE_E_NR)
		return "unknown";
	return roce_err_names[err];
}
