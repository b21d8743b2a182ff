/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RoCE v2 wire codec: Ethernet II / IPv4 / UDP 4791 / BTH / RETH / AETH /
 * ImmDt / payload / ICRC. Portable C, no allocation (kernel and host tests).
 */
#ifndef _TESSERA_ROCE_WIRE_H
#define _TESSERA_ROCE_WIRE_H

#include <tessera/types.h>

#define ROCE_UDP_PORT		4791
#define ROCE_ETH_ALEN		6
#define ROCE_ETH_HLEN		14
#define ROCE_ETHERTYPE_IPV4	0x0800
#define ROCE_IPV4_HLEN		20	/* without options */
#define ROCE_IPPROTO_UDP	17
#define ROCE_UDP_HLEN		8
#define ROCE_BTH_LEN		12
#define ROCE_RETH_LEN		16
#define ROCE_AETH_LEN		4
#define ROCE_IMMDT_LEN		4
#define ROCE_ICRC_LEN		4
#define ROCE_ICRC_PREFIX_LEN	8	/* the 0xFF bytes standing for the LRH */

/* Ethernet + IPv4 + UDP + BTH + the largest extension set + ICRC. */
#define ROCE_MAX_HDR_LEN	(ROCE_ETH_HLEN + ROCE_IPV4_HLEN + ROCE_UDP_HLEN + \
				 ROCE_BTH_LEN + ROCE_RETH_LEN + ROCE_IMMDT_LEN)
#define ROCE_OVERHEAD		(ROCE_MAX_HDR_LEN + ROCE_ICRC_LEN)

#define ROCE_PSN_BITS		24
#define ROCE_PSN_MASK		0xffffffu
#define ROCE_QPN_MASK		0xffffffu
#define ROCE_MSN_MASK		0xffffffu
#define ROCE_DEFAULT_PKEY	0xffff

/* Base Transport Header opcodes of the Reliable Connection service. */
enum roce_opcode {
	ROCE_OP_SEND_FIRST			= 0x00,
	ROCE_OP_SEND_MIDDLE			= 0x01,
	ROCE_OP_SEND_LAST			= 0x02,
	ROCE_OP_SEND_LAST_WITH_IMMEDIATE	= 0x03,
	ROCE_OP_SEND_ONLY			= 0x04,
	ROCE_OP_SEND_ONLY_WITH_IMMEDIATE	= 0x05,
	ROCE_OP_RDMA_WRITE_FIRST		= 0x06,
	ROCE_OP_RDMA_WRITE_MIDDLE		= 0x07,
	ROCE_OP_RDMA_WRITE_LAST			= 0x08,
	ROCE_OP_RDMA_WRITE_LAST_WITH_IMMEDIATE	= 0x09,
	ROCE_OP_RDMA_WRITE_ONLY			= 0x0a,
	ROCE_OP_RDMA_WRITE_ONLY_WITH_IMMEDIATE	= 0x0b,
	ROCE_OP_RDMA_READ_REQUEST		= 0x0c,
	ROCE_OP_RDMA_READ_RESPONSE_FIRST	= 0x0d,
	ROCE_OP_RDMA_READ_RESPONSE_MIDDLE	= 0x0e,
	ROCE_OP_RDMA_READ_RESPONSE_LAST		= 0x0f,
	ROCE_OP_RDMA_READ_RESPONSE_ONLY		= 0x10,
	ROCE_OP_ACKNOWLEDGE			= 0x11,
	ROCE_OP_NR				= 0x12,	/* table size */
};

/* What an opcode carries and where it sits in a message (roce_opcode_flags()). */
#define ROCE_OPF_VALID		(1u << 0)
#define ROCE_OPF_RETH		(1u << 1)
#define ROCE_OPF_AETH		(1u << 2)
#define ROCE_OPF_IMMDT		(1u << 3)
#define ROCE_OPF_PAYLOAD	(1u << 4)	/* may carry payload */
#define ROCE_OPF_FIRST		(1u << 5)	/* starts a message */
#define ROCE_OPF_MIDDLE		(1u << 6)
#define ROCE_OPF_LAST		(1u << 7)	/* ends a message */
#define ROCE_OPF_REQUEST	(1u << 8)	/* requester -> responder */
#define ROCE_OPF_RESPONSE	(1u << 9)	/* responder -> requester */
#define ROCE_OPF_SEND		(1u << 10)
#define ROCE_OPF_WRITE		(1u << 11)
#define ROCE_OPF_READ		(1u << 12)

/* AETH syndrome: bits 6:5 the type, bits 4:0 credit count / timer / NAK code. */
#define ROCE_AETH_TYPE_SHIFT	5
#define ROCE_AETH_TYPE_MASK	0x60
#define ROCE_AETH_VALUE_MASK	0x1f
#define ROCE_AETH_TYPE_ACK	0x00
#define ROCE_AETH_TYPE_RNR_NAK	0x20
#define ROCE_AETH_TYPE_RESERVED	0x40
#define ROCE_AETH_TYPE_NAK	0x60
#define ROCE_AETH_CREDIT_INVALID 0x1f	/* "no credit information" */

enum roce_nak_code {
	ROCE_NAK_PSN_SEQ_ERROR		= 0,
	ROCE_NAK_INVALID_REQUEST	= 1,
	ROCE_NAK_REMOTE_ACCESS_ERROR	= 2,
	ROCE_NAK_REMOTE_OP_ERROR	= 3,
	ROCE_NAK_INVALID_RD_REQUEST	= 4,
};

#define roce_aeth_ack(credit)	((u8)(ROCE_AETH_TYPE_ACK | ((credit) & 0x1f)))
#define roce_aeth_rnr(timer)	((u8)(ROCE_AETH_TYPE_RNR_NAK | ((timer) & 0x1f)))
#define roce_aeth_nak(code)	((u8)(ROCE_AETH_TYPE_NAK | ((code) & 0x1f)))
#define roce_aeth_type(syn)	((u8)((syn) & ROCE_AETH_TYPE_MASK))
#define roce_aeth_value(syn)	((u8)((syn) & ROCE_AETH_VALUE_MASK))

/*
 * Why roce_parse() refused a frame: 0 is success, each other value one drop
 * reason, so a receiver can keep one counter per reason (u64 c[ROCE_E_NR]).
 * roce_parse() returns the negated value.
 */
enum roce_wire_err {
	ROCE_OK = 0,
	ROCE_E_TRUNC_ETH,	/* shorter than an Ethernet header */
	ROCE_E_NOT_IPV4,	/* EtherType is not IPv4 */
	ROCE_E_TRUNC_IP,	/* shorter than the IPv4 header */
	ROCE_E_BAD_IP_VERSION,	/* version != 4 */
	ROCE_E_BAD_IP_IHL,	/* IHL < 5 or header past the frame */
	ROCE_E_BAD_IP_LEN,	/* total length < header or > frame */
	ROCE_E_BAD_IP_CSUM,	/* IPv4 header checksum */
	ROCE_E_IP_FRAGMENT,	/* MF set or non-zero fragment offset */
	ROCE_E_NOT_UDP,		/* protocol != 17 */
	ROCE_E_TRUNC_UDP,	/* no room for the UDP header */
	ROCE_E_BAD_UDP_LEN,	/* UDP length != IP payload length */
	ROCE_E_NOT_ROCE_PORT,	/* destination port != 4791 */
	ROCE_E_BAD_UDP_CSUM,	/* non-zero UDP checksum that does not verify */
	ROCE_E_TRUNC_BTH,	/* UDP payload < BTH + ICRC */
	ROCE_E_BAD_ICRC,	/* invariant CRC mismatch */
	ROCE_E_BAD_TVER,	/* transport header version != 0 */
	ROCE_E_BAD_OPCODE,	/* not an RC opcode this codec knows */
	ROCE_E_TRUNC_EXT,	/* too short for the opcode's extension headers */
	ROCE_E_BAD_PAD,		/* pad count inconsistent with opcode/length */
	ROCE_E_BAD_LENGTH,	/* payload on a payload-less opcode, not 4-aligned */
	ROCE_E_BAD_AETH,	/* reserved AETH syndrome */
	ROCE_E_NR
};

/**
 * struct roce_pkt - one RoCE v2 packet, host byte order
 *
 * Filled by roce_parse(); read by roce_build(), which computes the lengths,
 * checksums, pad count and ICRC itself and ignores those fields on input.
 * Addresses are host-order u32 (192.168.0.1 is 0xc0a80001).
 */
struct roce_pkt {
	/* Ethernet */
	u8 dmac[ROCE_ETH_ALEN];
	u8 smac[ROCE_ETH_ALEN];
	/* IPv4 */
	u32 saddr;
	u32 daddr;
	u8 dscp;		/* 6 bits */
	u8 ecn;			/* 2 bits */
	u8 ttl;
	bool df;
	u16 ip_id;
	/* UDP */
	u16 sport;
	u16 dport;		/* parse: always ROCE_UDP_PORT */
	bool udp_csum;		/* build: compute the checksum (else 0) */
	/* BTH */
	u8 opcode;
	bool se;		/* solicited event */
	bool mig;		/* MigReq */
	u8 padcnt;		/* build: computed */
	u8 tver;		/* build: always 0 */
	u16 pkey;
	bool fecn;
	bool becn;
	u32 dqpn;		/* 24 bits */
	bool ackreq;		/* A bit */
	u32 psn;		/* 24 bits */
	/* RETH */
	u64 va;
	u32 rkey;
	u32 dma_len;
	/* AETH */
	u8 syndrome;
	u32 msn;		/* 24 bits */
	/* ImmDt (network order on the wire; kept as the 32-bit value) */
	u32 imm;
	/* Payload: parse points into the frame, build copies from it. */
	const u8 *payload;
	u32 payload_len;
	u32 icrc;		/* parse: the value found (and verified) */
	u32 frame_len;		/* parse: bytes used (trailing Ethernet pad excluded) */
};

/**
 * roce_opcode_flags() - what a BTH opcode carries
 * @opcode: BTH opcode
 *
 * Return: ROCE_OPF_* bits; 0 (no ROCE_OPF_VALID) for opcodes this codec
 * does not handle (UC/UD/RD, atomics, CNP, vendor).
 */
u32 roce_opcode_flags(u8 opcode);

/**
 * roce_ext_hdr_len() - bytes of RETH/AETH/ImmDt after the BTH for @opcode
 * @opcode: BTH opcode
 *
 * Return: 0..20, or 0 for an unknown opcode.
 */
u32 roce_ext_hdr_len(u8 opcode);

/**
 * roce_frame_len() - Ethernet frame length roce_build() needs
 * @opcode: BTH opcode
 * @payload_len: payload bytes (before padding)
 *
 * Return: bytes from the destination MAC to the ICRC inclusive.
 */
u32 roce_frame_len(u8 opcode, u32 payload_len);

/**
 * roce_crc32() - CRC-32 (IEEE 802.3 polynomial, reflected) update
 * @crc: running value; start with 0
 * @buf: bytes
 * @len: their count
 *
 * Same convention as zlib's crc32(): pre- and post-inverted, so chained
 * calls over split buffers give the CRC of the concatenation.
 *
 * Return: the CRC of everything fed so far.
 */
u32 roce_crc32(u32 crc, const void *buf, size_t len);

/**
 * roce_icrc() - invariant CRC of an IPv4 RoCE v2 packet
 * @ip: the IPv4 header (the packet from there on)
 * @len: bytes from @ip up to, not including, the ICRC field
 *
 * CRC-32 over eight 0xFF bytes followed by the packet with the variant
 * fields (IPv4 TOS, TTL and header checksum; UDP checksum; the BTH byte
 * holding FECN/BECN/reserved) taken as all ones. @len must cover the IPv4
 * header (its IHL), UDP and BTH; the caller has checked that.
 *
 * Return: the ICRC value; on the wire it is stored least significant byte
 * first.
 */
u32 roce_icrc(const u8 *ip, size_t len);

/**
 * roce_ipv4_csum() - Internet checksum of an IPv4 header
 * @hdr: the header
 * @len: its length in bytes (even)
 *
 * Return: the one's-complement checksum; 0 when @hdr already holds a
 * correct checksum.
 */
u16 roce_ipv4_csum(const u8 *hdr, size_t len);

/**
 * roce_udp_sport() - UDP source port for a QP pair
 * @sqpn: source QP number
 * @dqpn: destination QP number
 *
 * A flow hash in 0xC000..0xFFFF, the same for every packet of a connection
 * (so ECMP keeps them in order) and spread across connections.
 *
 * Return: the port.
 */
u16 roce_udp_sport(u32 sqpn, u32 dqpn);

/**
 * roce_build() - write one RoCE v2 frame into a caller buffer
 * @buf: destination
 * @cap: its size
 * @p: headers; payload/payload_len give the data
 *
 * Fills IPv4 total length and checksum, UDP length (and checksum if
 * @p->udp_csum), the BTH pad count, zero pad bytes and the ICRC.
 *
 * Return: frame length, -EINVAL for an unknown opcode, payload on a
 * payload-less opcode or an out-of-range field, -EMSGSIZE when the frame
 * would not fit in @cap or in an IPv4 datagram.
 */
ssize_t roce_build(u8 *buf, size_t cap, const struct roce_pkt *p);

/**
 * roce_parse() - validate and decode one received Ethernet frame
 * @frame: the frame from the destination MAC on
 * @len: its length (trailing Ethernet padding allowed)
 * @p: decoded headers; payload points into @frame
 *
 * Every length and field is checked before it is used; nothing is read
 * outside @frame[0..@len).
 *
 * Return: 0, or -ROCE_E_* naming the drop reason.
 */
int roce_parse(const u8 *frame, size_t len, struct roce_pkt *p);

/**
 * roce_err_name() - short name of a roce_parse() drop reason
 * @err: ROCE_E_* value, negated or not
 *
 * Return: a static string ("bad_icrc"...), "unknown" out of range.
 */
const char *roce_err_name(int err);

/**
 * roce_aeth_credits() - decode an ACK's 5-bit credit count
 * @code: syndrome bits 4:0
 *
 * Return: the number of receive WQEs it stands for, or U32_MAX for the
 * "invalid" code 31 (no credit information).
 */
u32 roce_aeth_credits(u8 code);

/**
 * roce_aeth_credit_code() - largest credit code not above @credits
 * @credits: receive WQEs available
 *
 * Return: the 5-bit code (0..30).
 */
u8 roce_aeth_credit_code(u32 credits);

#endif /* _TESSERA_ROCE_WIRE_H */
