// SPDX-License-Identifier: GPL-2.0
/*
 * Software RoCE on a net device: the receive queue the rx handler fills,
 * IPv4/UDP framing on transmit, ARP and the neighbour table, frame dispatch.
 */
#include <tessera/err.h>
#include <tessera/errno.h>
#include <tessera/kernel.h>
#include <tessera/string.h>
#include <asm/processor.h>
#include "rxe.h"

#define ETH_P_ARP	0x0806
#define ETH_P_IP	0x0800
#define ARP_LEN		28
#define ARP_REQUEST	1
#define ARP_REPLY	2
#define ETH_ZLEN	60

static const u8 bcast[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

/**
 * rxe_parse_ipv4() - "a.b.c.d" to a host-order address
 * @s: the text (stops at the end or at '@' or ',')
 * @ok: set to whether it was well formed
 * Return: the address.
 * Context: any.
 */
u32 rxe_parse_ipv4(const char *s, bool *ok)
{
	u32 ip = 0, part = 0;
	int dots = 0, digits = 0;

	*ok = false;
	for (;; s++) {
		if (*s >= '0' && *s <= '9') {
			part = part * 10 + (*s - '0');
			if (++digits > 3 || part > 255)
				return 0;
			continue;
		}
		if (!digits)
			return 0;
		ip = ip << 8 | part;
		part = 0;
		digits = 0;
		if (*s != '.')
			break;
		if (++dots > 3)
			return 0;
	}
	*ok = dots == 3 && (!*s || *s == '@' || *s == ',');
	return ip;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* "52:54:00:00:00:02" into @mac; Return: chars used or 0. */
static int parse_mac(const char *s, u8 *mac)
{
	int i, hi, lo;

	for (i = 0; i < ETH_ALEN; i++) {
		hi = hexval(s[i * 3]);
		lo = hi < 0 ? -1 : hexval(s[i * 3 + 1]);
		if (lo < 0 || (i < ETH_ALEN - 1 && s[i * 3 + 2] != ':'))
			return 0;
		mac[i] = hi << 4 | lo;
	}
	return ETH_ALEN * 3 - 1;
}

/* The entry for @ip, a free one, or the oldest learned one. Context: the thread. */
static struct rxe_neigh *neigh_slot(struct rxe_dev *dev, u32 ip)
{
	struct rxe_neigh *free = NULL, *victim = NULL;
	unsigned int i;

	for (i = 0; i < RXE_NEIGH_MAX; i++) {
		struct rxe_neigh *n = &dev->neigh[i];

		if (n->ip == ip)
			return n;
		if (!n->ip && !free)
			free = n;
		if (n->ip && !n->is_static && !victim)
			victim = n;
	}
	if (!free && victim)
		memset(victim, 0, sizeof(*victim));
	return free ? free : victim;
}

/**
 * rxe_neigh_parse() - add the static neighbours of roce.neigh
 * @dev: the device (its thread not yet using the table)
 * @spec: "IP@MAC,IP@MAC,..."
 * Return: 0, or -EINVAL if an entry was malformed (the good ones are kept).
 * Context: process context, at device creation.
 */
int rxe_neigh_parse(struct rxe_dev *dev, const char *spec)
{
	struct rxe_neigh *n;
	u8 mac[ETH_ALEN];
	int err = 0, used;
	bool ok;
	u32 ip;

	while (*spec) {
		ip = rxe_parse_ipv4(spec, &ok);
		while (*spec && *spec != '@' && *spec != ',')
			spec++;
		used = ok && *spec == '@' ? parse_mac(spec + 1, mac) : 0;
		if (used && (!spec[used + 1] || spec[used + 1] == ',') && ip &&
		    (n = neigh_slot(dev, ip))) {
			n->ip = ip;
			memcpy(n->mac, mac, ETH_ALEN);
			n->is_static = true;
		} else {
			err = -EINVAL;
		}
		while (*spec && *spec != ',')
			spec++;
		if (*spec == ',')
			spec++;
	}
	return err;
}

static void put_be16(u8 *p, u16 v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static void put_be32(u8 *p, u32 v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static u32 get_be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

/* Send @len bytes of dev->txbuf, retrying a full ring for a while. */
static int rxe_xmit_frame(struct rxe_dev *dev, size_t len)
{
	unsigned int tries;
	int err;

	for (tries = 0; tries < RXE_XMIT_TRIES; tries++) {
		err = netdev_xmit(dev->ndev, dev->txbuf, len);
		if (err != -EBUSY)
			break;
		cpu_relax();
	}
	if (err) {
		rxe_count(dev, RXE_C_TX_BUSY_DROP);
		return err;
	}
	rxe_count(dev, RXE_C_TX_FRAMES);
	return 0;
}

static void arp_send(struct rxe_dev *dev, u16 op, const u8 *dmac, u32 tip,
		     const u8 *tha)
{
	u8 *f = dev->txbuf, *a = f + ETH_HLEN;

	memset(f, 0, ETH_ZLEN);
	memcpy(f, dmac, ETH_ALEN);
	memcpy(f + ETH_ALEN, dev->ndev->mac, ETH_ALEN);
	put_be16(f + 12, ETH_P_ARP);
	put_be16(a, 1);			/* Ethernet */
	put_be16(a + 2, ETH_P_IP);
	a[4] = ETH_ALEN;
	a[5] = 4;
	put_be16(a + 6, op);
	memcpy(a + 8, dev->ndev->mac, ETH_ALEN);
	put_be32(a + 14, dev->ip);
	memcpy(a + 18, tha, ETH_ALEN);
	put_be32(a + 24, tip);
	if (!rxe_xmit_frame(dev, ETH_ZLEN))
		rxe_count(dev, RXE_C_ARP_TX);
}

/* An ARP frame: learn senders that talk to us, answer requests for our IP. */
static void arp_rx(struct rxe_dev *dev, const u8 *f, size_t len)
{
	const u8 *a = f + ETH_HLEN;
	struct rxe_neigh *n;
	u32 sip, tip;
	u16 op;

	if (len < ETH_HLEN + ARP_LEN || a[0] || a[1] != 1 || a[2] != 0x08 || a[3] ||
	    a[4] != ETH_ALEN || a[5] != 4) {
		rxe_count(dev, RXE_C_RX_BAD_ARP);
		return;
	}
	rxe_count(dev, RXE_C_ARP_RX);
	op = a[6] << 8 | a[7];
	sip = get_be32(a + 14);
	tip = get_be32(a + 24);
	if (tip != dev->ip || !sip || sip == dev->ip || (a[8] & 1))
		return;
	n = neigh_slot(dev, sip);
	if (n && !n->is_static) {
		n->ip = sip;
		memcpy(n->mac, a + 8, ETH_ALEN);
	}
	if (op == ARP_REQUEST)
		arp_send(dev, ARP_REPLY, a + 8, sip, a + 8);
}

/**
 * rxe_neigh_resolve() - the MAC of @ip
 * @dev: the device
 * @ip: host-order IPv4 address
 * @mac: filled in on success
 *
 * Own address: own MAC (loopback through the NIC's backend). Unknown: an
 * ARP request goes out (at most every RXE_ARP_RETRY_NS per address).
 * Return: true when @mac is set.
 * Context: the provider thread.
 */
bool rxe_neigh_resolve(struct rxe_dev *dev, u32 ip, u8 *mac)
{
	static const u8 zero[ETH_ALEN];
	struct rxe_neigh *n;
	u64 now;

	if (ip == dev->ip) {
		memcpy(mac, dev->ndev->mac, ETH_ALEN);
		return true;
	}
	n = neigh_slot(dev, ip);
	if (!n)
		return false;
	if (n->ip == ip && memcmp(n->mac, zero, ETH_ALEN)) {
		memcpy(mac, n->mac, ETH_ALEN);
		return true;
	}
	n->ip = ip;
	now = rxe_now();
	if (!n->arp_sent || now - n->arp_sent >= RXE_ARP_RETRY_NS) {
		n->arp_sent = now;
		arp_send(dev, ARP_REQUEST, bcast, ip, zero);
	}
	return false;
}

/**
 * rxe_net_xmit() - frame and send one RoCE packet of @qp
 * @qp: the QP (its peer's address, QP number and UDP port are filled in)
 * @p: BTH and extension headers and payload
 * Return: 0 or -errno (dropped and counted: the retransmission recovers).
 * Context: the provider thread.
 */
int rxe_net_xmit(struct rxe_qp *qp, struct roce_pkt *p)
{
	static const u8 zero[ETH_ALEN];
	struct rxe_dev *dev = qp->dev;
	static u16 ip_id;
	ssize_t len;

	if (!memcmp(qp->dmac, zero, ETH_ALEN) &&
	    !rxe_neigh_resolve(dev, qp->daddr, qp->dmac)) {
		rxe_count(dev, RXE_C_TX_NO_NEIGH);
		return -EHOSTUNREACH;
	}
	memcpy(p->dmac, qp->dmac, ETH_ALEN);
	memcpy(p->smac, dev->ndev->mac, ETH_ALEN);
	p->saddr = dev->ip;
	p->daddr = qp->daddr;
	p->ttl = 64;
	p->df = true;
	p->ip_id = ip_id++;
	p->sport = qp->sport;
	p->dport = ROCE_UDP_PORT;
	p->pkey = ROCE_DEFAULT_PKEY;
	p->dqpn = qp->dest_qpn;
	len = roce_build(dev->txbuf, sizeof(dev->txbuf), p);
	if (len < 0) {
		rxe_count(dev, RXE_C_TX_BUILD_ERR);
		return (int)len;
	}
	return rxe_xmit_frame(dev, len);
}

/**
 * rxe_net_rx() - the net device's receive handler: queue the frame
 * @ndev: the device
 * @frame: the frame (valid during the call)
 * @len: its length
 * @priv: the rxe device
 *
 * Only copies into the receive queue and wakes the provider thread.
 * Context: the net device's receive path, a spinlock held: never sleeps.
 * Tests call it directly to inject frames.
 */
void rxe_net_rx(struct net_device *ndev, const void *frame, size_t len, void *priv)
{
	struct rxe_dev *dev = priv;
	unsigned long flags;
	u32 slot;

	spin_lock_irqsave(&dev->rxq_lock, flags);
	if (len > RXE_SLOT_SIZE) {
		dev->c[RXE_C_RX_OVERSIZE]++;
	} else if (dev->rxq_count == RXE_RXQ_SLOTS) {
		dev->c[RXE_C_RX_QFULL]++;
	} else {
		slot = (dev->rxq_head + dev->rxq_count) % RXE_RXQ_SLOTS;
		memcpy(dev->rxq + (size_t)slot * RXE_SLOT_SIZE, frame, len);
		dev->rxq_len[slot] = len;
		dev->rxq_count++;
		dev->c[RXE_C_RX_QUEUED]++;
	}
	spin_unlock_irqrestore(&dev->rxq_lock, flags);
	rxe_kick(dev);
}

/* xorshift64: the roce.drop generator. */
static bool rxe_drop_now(struct rxe_dev *dev)
{
	unsigned int pct = READ_ONCE(dev->drop_pct);
	u64 x = dev->rng;

	if (!pct)
		return false;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	dev->rng = x;
	return x % 100 < pct;
}

/* A parsed RoCE packet: find its QP and hand it to the responder or requester. */
static void roce_rx(struct rxe_dev *dev, const struct roce_pkt *p, u64 now)
{
	struct ib_qp *ibqp;
	struct rxe_qp *qp;

	if (memcmp(p->dmac, dev->ndev->mac, ETH_ALEN) || p->daddr != dev->ip) {
		rxe_count(dev, RXE_C_RX_NOT_FOR_US);
		return;
	}
	ibqp = ib_qp_lookup(p->dqpn);
	/* The core's table briefly holds an error pointer for a QP being made. */
	if (IS_ERR_OR_NULL(ibqp) || ibqp->device != &dev->ib || !ibqp->priv) {
		rxe_count(dev, RXE_C_RX_UNKNOWN_QP);
		return;
	}
	qp = to_rqp(ibqp);
	if (roce_opcode_flags(p->opcode) & ROCE_OPF_REQUEST)
		rxe_resp_rx(qp, p);
	else
		rxe_comp_rx(qp, p, now);
}

static void rxe_rx_frame(struct rxe_dev *dev, const u8 *f, size_t len, u64 now)
{
	struct roce_pkt p;
	u16 type;
	int err;

	if (rxe_drop_now(dev)) {
		rxe_count(dev, RXE_C_RX_DROP_INJECTED);
		return;
	}
	type = len >= ETH_HLEN ? f[12] << 8 | f[13] : 0;
	if (type == ETH_P_ARP) {
		arp_rx(dev, f, len);
		return;
	}
	if (type != ETH_P_IP && len >= ETH_HLEN) {
		rxe_count(dev, RXE_C_RX_OTHER_PROTO);
		return;
	}
	err = roce_parse(f, len, &p);
	if (err) {
		if (-err > 0 && -err < ROCE_E_NR)
			WRITE_ONCE(dev->wire_err[-err], dev->wire_err[-err] + 1);
		rxe_count(dev, RXE_C_RX_NOT_ROCE);
		return;
	}
	roce_rx(dev, &p, now);
}

/**
 * rxe_net_drain() - process the frames queued so far, then send the
 * coalesced ACKs
 * @dev: the device
 * Context: the provider thread.
 */
void rxe_net_drain(struct rxe_dev *dev)
{
	unsigned long flags;
	u32 head, n, i, slot;
	struct rxe_qp *qp;
	u64 now;

	spin_lock_irqsave(&dev->rxq_lock, flags);
	head = dev->rxq_head;
	n = dev->rxq_count;
	spin_unlock_irqrestore(&dev->rxq_lock, flags);
	if (!n)
		return;
	now = rxe_now();
	/* The slots stay ours until head moves: the handler fills others. */
	for (i = 0; i < n; i++) {
		slot = (head + i) % RXE_RXQ_SLOTS;
		rxe_rx_frame(dev, dev->rxq + (size_t)slot * RXE_SLOT_SIZE,
			     dev->rxq_len[slot], now);
	}
	spin_lock_irqsave(&dev->rxq_lock, flags);
	dev->rxq_head = (head + n) % RXE_RXQ_SLOTS;
	dev->rxq_count -= n;
	spin_unlock_irqrestore(&dev->rxq_lock, flags);
	list_for_each_entry(qp, &dev->qps, node)
		rxe_resp_flush_ack(qp);
}

/**
 * rxe_net_init() - start receiving from the net device
 * @dev: the device (its thread running)
 * Return: 0 or -EBUSY (another handler owns the device).
 * Context: process context.
 */
int rxe_net_init(struct rxe_dev *dev)
{
	return netdev_rx_handler_register(dev->ndev, rxe_net_rx, dev);
}

/**
 * rxe_net_exit() - stop receiving
 * @dev: the device
 * Context: process context.
 */
void rxe_net_exit(struct rxe_dev *dev)
{
	netdev_rx_handler_unregister(dev->ndev);
}
