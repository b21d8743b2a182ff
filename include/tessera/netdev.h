/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Network devices: a raw Ethernet frame interface (send a frame, receive
 * frames through one registered handler) and the device table. drivers/net/
 * owns this header; the software RoCE provider sits on it.
 */
#ifndef _TESSERA_NETDEV_H
#define _TESSERA_NETDEV_H

#include <tessera/kernel.h>
#include <tessera/spinlock.h>

#define ETH_ALEN		6
#define ETH_HLEN		14	/* destination, source, EtherType */
#define ETH_DATA_LEN		1500
#define ETH_FRAME_LEN		(ETH_HLEN + ETH_DATA_LEN)	/* 1514, no FCS */
#define IFNAMSIZ		16
#define NETDEV_MAX		8

struct net_device;

/**
 * typedef netdev_rx_handler_t - receives every frame of a device
 * @dev: the device
 * @frame: the Ethernet frame (destination MAC first, no FCS); valid only
 *	during the call: copy what must be kept
 * @len: its length, ETH_HLEN .. dev->mtu + ETH_HLEN
 * @priv: what was registered with the handler
 *
 * Context: process context (the driver's receive thread, "virtio-net%u",
 * or a thread calling netdev_poll()), with a spinlock held: the handler
 * must not sleep, must not unregister itself, and may call netdev_xmit().
 */
typedef void (*netdev_rx_handler_t)(struct net_device *dev, const void *frame,
				    size_t len, void *priv);

/**
 * struct net_device_ops - what a driver provides
 * @xmit: queue one frame (copied before return). Return 0, or -EBUSY when
 *	the transmit ring is full (retry later; the frame was not sent).
 *	Any context but hard IRQ.
 * @poll: optional: do up to @budget frames of receive work and reclaim
 *	transmit completions in the caller's context (busy polling).
 *	Return: frames received.
 */
struct net_device_ops {
	int (*xmit)(struct net_device *dev, const void *frame, size_t len);
	int (*poll)(struct net_device *dev, unsigned int budget);
};

/**
 * struct netdev_stats - per-device counters
 * @rx_packets, @rx_bytes: frames delivered to the handler (or dropped for
 *	want of one, counted in @rx_dropped too)
 * @rx_dropped: frames nobody took (no handler)
 * @rx_errors: bad frames from the device (too short or too long, bad
 *	buffer id)
 * @tx_packets, @tx_bytes: frames the device accepted
 * @tx_dropped: xmit calls refused with -EBUSY
 * @tx_errors: xmit calls with a bad length, device errors
 *
 * Written only by the driver under its own receive / transmit locks;
 * read anywhere without a lock (each is a naturally aligned u64).
 */
struct netdev_stats {
	u64 rx_packets;
	u64 rx_bytes;
	u64 rx_dropped;
	u64 rx_errors;
	u64 tx_packets;
	u64 tx_bytes;
	u64 tx_dropped;
	u64 tx_errors;
};

/**
 * struct net_device - one Ethernet interface
 * @name: "eth0", ... (set by netdev_register() if empty)
 * @index: position in the device table
 * @mac: its address
 * @mtu: largest payload (1500)
 * @ops: the driver's operations
 * @priv: the driver's
 * @stats: counters
 * @rx_lock: protects @rx_handler and @rx_priv, and is held across each
 *	handler call (netdev_rx())
 * @rx_handler: the upper layer's receive function, or NULL
 * @rx_priv: its argument
 */
struct net_device {
	char name[IFNAMSIZ];
	unsigned int index;
	u8 mac[ETH_ALEN];
	unsigned int mtu;
	const struct net_device_ops *ops;
	void *priv;
	struct netdev_stats stats;
	spinlock_t rx_lock;
	netdev_rx_handler_t rx_handler;
	void *rx_priv;
};

int netdev_register(struct net_device *dev);
struct net_device *netdev_get(unsigned int index);
struct net_device *netdev_get_by_name(const char *name);
unsigned int netdev_count(void);

int netdev_rx_handler_register(struct net_device *dev, netdev_rx_handler_t fn, void *priv);
void netdev_rx_handler_unregister(struct net_device *dev);

int netdev_xmit(struct net_device *dev, const void *frame, size_t len);
int netdev_poll(struct net_device *dev, unsigned int budget);

/* For drivers: hand one received frame up (counts it). */
void netdev_rx(struct net_device *dev, const void *frame, size_t len);

/* The virtio-net driver's init: init/main.c calls it after pci_init(). */
#ifdef CONFIG_VIRTIO_NET
void virtio_net_init(void);
#else
static inline void virtio_net_init(void) { }
#endif

#endif /* _TESSERA_NETDEV_H */
