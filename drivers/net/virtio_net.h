/* SPDX-License-Identifier: GPL-2.0 */
/*
 * virtio-net internals shared by the driver, its ktest suite and the
 * netbench benchmark (drivers/net/ only).
 */
#ifndef _DRIVERS_NET_VIRTIO_NET_H
#define _DRIVERS_NET_VIRTIO_NET_H

#include <tessera/netdev.h>
#include <tessera/sched.h>
#include <tessera/spinlock.h>
#include <tessera/virtio.h>
#include <tessera/wait.h>

#define VIRTIO_NET_F_MAC	5
#define VNET_HDR_LEN		12	/* struct virtio_net_hdr with VERSION_1 */
#define VNET_BUF_SIZE		2048	/* header + a 1514-byte frame + VLAN tag */
#define VNET_RX_MAX		(VNET_HDR_LEN + ETH_FRAME_LEN + 4)
#define VNET_RING_MAX		256
#define VNET_RX_BUDGET		64

/**
 * struct virtnet - one virtio-net device
 * @ndev: the net device it registers
 * @vdev: the virtio device
 * @rvq, @svq: receive queue 0 and transmit queue 1
 * @rx_bufs: @rvq->num buffers of VNET_BUF_SIZE, always all posted
 * @tx_bufs: @svq->num buffers, one per transmit descriptor
 * @rx_order, @tx_order: their page orders
 * @tx_free: stack of free transmit buffer indexes, @tx_nfree of them
 * @poll_lock: serialises receive work: gets and refills on @rvq,
 *	@ndev.stats.rx_errors (taken with spin_lock or spin_trylock)
 * @tx_lock: protects @svq, @tx_free, @tx_nfree, @tx_completions and the
 *	tx counters of @ndev.stats
 * @thread: the receive thread "virtio-net<N>"
 * @wq: where it sleeps; @pending says an interrupt asked for work
 * @rx_irqs, @tx_irqs: queue interrupts (written in the IRQ only)
 * @tx_completions: buffers the device gave back
 */
struct virtnet {
	struct net_device ndev;
	struct virtio_device *vdev;
	struct virtqueue *rvq;
	struct virtqueue *svq;
	u8 *rx_bufs;
	u8 *tx_bufs;
	unsigned int rx_order;
	unsigned int tx_order;
	u16 *tx_free;
	unsigned int tx_nfree;
	spinlock_t poll_lock;
	spinlock_t tx_lock;
	struct task_struct *thread;
	struct wait_queue_head wq;
	int pending;
	unsigned long rx_irqs;
	unsigned long tx_irqs;
	unsigned long tx_completions;
};

/* The first virtio-net device probed, or NULL. */
struct virtnet *virtnet_first(void);
/* Reclaim finished transmit buffers now; returns how many. */
unsigned int virtnet_tx_reclaim(struct virtnet *vn);

#ifdef CONFIG_VIRTIO_NET_BENCH
void netbench_start(void);
#else
static inline void netbench_start(void) { }
#endif

#endif /* _DRIVERS_NET_VIRTIO_NET_H */
