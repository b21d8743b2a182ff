// SPDX-License-Identifier: GPL-2.0
/*
 * virtio-net over virtio 1.x: receive buffers posted and refilled by a
 * receive thread, copied transmit with completion reclaim, the MAC address.
 */
#define pr_fmt(fmt) "virtio-net: " fmt

#include <tessera/errno.h>
#include <tessera/kernel.h>
#include <tessera/kthread.h>
#include <tessera/mm.h>
#include <tessera/netdev.h>
#include <tessera/printk.h>
#include <tessera/slab.h>
#include <tessera/string.h>
#include <tessera/virtio.h>
#include "virtio_net.h"

static struct virtnet *first_virtnet;
static unsigned int nr_virtnets;

/**
 * virtnet_first() - the first virtio-net device probed
 *
 * Context: any.
 * Return: it, or NULL when no device was found.
 */
struct virtnet *virtnet_first(void)
{
	return READ_ONCE(first_virtnet);
}

static struct virtnet *to_virtnet(struct net_device *dev)
{
	return container_of(dev, struct virtnet, ndev);
}

static void virtnet_wake(struct virtnet *vn)
{
	__atomic_store_n(&vn->pending, 1, __ATOMIC_RELEASE);
	wake_up(&vn->wq);
}

static void virtnet_rx_irq(struct virtqueue *vq)
{
	struct virtnet *vn = vq->vdev->priv;

	virtqueue_disable_cb(vq);
	vn->rx_irqs++;
	virtnet_wake(vn);
}

static void virtnet_tx_irq(struct virtqueue *vq)
{
	struct virtnet *vn = vq->vdev->priv;

	virtqueue_disable_cb(vq);
	vn->tx_irqs++;
	virtnet_wake(vn);
}

/* Deliver up to @budget frames and repost their buffers. Holds poll_lock. */
static unsigned int virtnet_rx(struct virtnet *vn, unsigned int budget)
{
	unsigned long bad = vn->rvq->bad_used;
	unsigned int done = 0;
	u8 *buf;
	u32 len;

	while (done < budget && (buf = virtqueue_get_buf(vn->rvq, &len))) {
		if (len < VNET_HDR_LEN + ETH_HLEN || len > VNET_RX_MAX)
			vn->ndev.stats.rx_errors++;
		else
			netdev_rx(&vn->ndev, buf + VNET_HDR_LEN, len - VNET_HDR_LEN);
		virtqueue_add_buf(vn->rvq, __pa(buf), VNET_BUF_SIZE, true, buf);
		done++;
	}
	vn->ndev.stats.rx_errors += vn->rvq->bad_used - bad;
	if (done)
		virtqueue_kick(vn->rvq);
	return done;
}

static unsigned int __virtnet_tx_reclaim(struct virtnet *vn)
{
	unsigned long bad = vn->svq->bad_used;
	unsigned int n = 0;
	u8 *buf;
	u32 len;

	while ((buf = virtqueue_get_buf(vn->svq, &len))) {
		vn->tx_free[vn->tx_nfree++] = (buf - vn->tx_bufs) / VNET_BUF_SIZE;
		n++;
	}
	vn->tx_completions += n;
	vn->ndev.stats.tx_errors += vn->svq->bad_used - bad;
	return n;
}

/**
 * virtnet_tx_reclaim() - take back transmit buffers the device finished
 * @vn: the device
 *
 * Context: process context.
 * Return: buffers reclaimed.
 */
unsigned int virtnet_tx_reclaim(struct virtnet *vn)
{
	unsigned int n;

	spin_lock(&vn->tx_lock);
	n = __virtnet_tx_reclaim(vn);
	spin_unlock(&vn->tx_lock);
	return n;
}

static int virtnet_xmit(struct net_device *dev, const void *frame, size_t len)
{
	struct virtnet *vn = to_virtnet(dev);
	u8 *buf;

	spin_lock(&vn->tx_lock);
	__virtnet_tx_reclaim(vn);
	if (!vn->tx_nfree) {
		dev->stats.tx_dropped++;
		virtqueue_enable_cb(vn->svq);	/* the completion IRQ reclaims */
		spin_unlock(&vn->tx_lock);
		return -EBUSY;
	}
	buf = vn->tx_bufs + (size_t)vn->tx_free[--vn->tx_nfree] * VNET_BUF_SIZE;
	memset(buf, 0, VNET_HDR_LEN);		/* no offloads, no GSO */
	memcpy(buf + VNET_HDR_LEN, frame, len);
	virtqueue_add_buf(vn->svq, __pa(buf), VNET_HDR_LEN + len, false, buf);
	virtqueue_kick(vn->svq);
	dev->stats.tx_packets++;
	dev->stats.tx_bytes += len;
	spin_unlock(&vn->tx_lock);
	return 0;
}

static int virtnet_poll(struct net_device *dev, unsigned int budget)
{
	struct virtnet *vn = to_virtnet(dev);
	unsigned int n;

	if (!spin_trylock(&vn->poll_lock))
		return 0;	/* the receive thread is at it */
	n = virtnet_rx(vn, budget);
	spin_unlock(&vn->poll_lock);
	virtnet_tx_reclaim(vn);
	return n;
}

/* Drain both queues, then re-arm the receive interrupt without a gap. */
static void virtnet_work(struct virtnet *vn)
{
	unsigned int n;

	for (;;) {
		spin_lock(&vn->poll_lock);
		n = virtnet_rx(vn, VNET_RX_BUDGET);
		spin_unlock(&vn->poll_lock);
		virtnet_tx_reclaim(vn);
		if (n == VNET_RX_BUDGET) {
			cond_resched();
			continue;
		}
		if (!virtqueue_enable_cb(vn->rvq))
			return;
		virtqueue_disable_cb(vn->rvq);
	}
}

static int virtnet_thread(void *data)
{
	struct virtnet *vn = data;

	while (!kthread_should_stop()) {
		wait_event(vn->wq, __atomic_exchange_n(&vn->pending, 0, __ATOMIC_ACQ_REL) ||
			   kthread_should_stop());
		virtnet_work(vn);
	}
	return 0;
}

static const struct net_device_ops virtnet_ops = {
	.xmit = virtnet_xmit,
	.poll = virtnet_poll,
};

static void virtnet_read_mac(struct virtnet *vn)
{
	struct pci_dev *pdev = vn->vdev->pdev;

	if (virtio_has_feature(vn->vdev, VIRTIO_NET_F_MAC)) {
		vn->vdev->config->read_config(vn->vdev, 0, vn->ndev.mac, ETH_ALEN);
		if (!(vn->ndev.mac[0] & 1))	/* a multicast MAC is nonsense */
			return;
	}
	/* locally administered, unicast, from the PCI address */
	memcpy(vn->ndev.mac, (u8[ETH_ALEN]){ 0x02, 0x54, 0x45, 0x53, pdev->bus,
					     pdev->devfn }, ETH_ALEN);
}

static int virtnet_alloc_bufs(struct virtnet *vn)
{
	unsigned int i;

	vn->rx_order = get_order((u64)vn->rvq->num * VNET_BUF_SIZE);
	vn->tx_order = get_order((u64)vn->svq->num * VNET_BUF_SIZE);
	vn->rx_bufs = get_free_pages(GFP_ZERO, vn->rx_order);
	vn->tx_bufs = get_free_pages(GFP_ZERO, vn->tx_order);
	vn->tx_free = kcalloc(vn->svq->num, sizeof(u16), GFP_KERNEL);
	if (!vn->rx_bufs || !vn->tx_bufs || !vn->tx_free)
		return -ENOMEM;
	for (i = 0; i < vn->svq->num; i++)
		vn->tx_free[i] = i;
	vn->tx_nfree = vn->svq->num;
	for (i = 0; i < vn->rvq->num; i++) {
		u8 *b = vn->rx_bufs + (size_t)i * VNET_BUF_SIZE;

		virtqueue_add_buf(vn->rvq, __pa(b), VNET_BUF_SIZE, true, b);
	}
	return 0;
}

static void virtnet_free_bufs(struct virtnet *vn)
{
	free_pages(vn->rx_bufs, vn->rx_order);
	free_pages(vn->tx_bufs, vn->tx_order);
	kfree(vn->tx_free);
}

static int virtnet_setup_queues(struct virtnet *vn)
{
	static const vq_callback_t cbs[2] = { virtnet_rx_irq, virtnet_tx_irq };
	struct virtqueue *vqs[2];
	int err;

	err = vn->vdev->config->find_vqs(vn->vdev, 2, vqs, cbs, VNET_RING_MAX);
	if (err)
		return err;
	vn->rvq = vqs[0];
	vn->svq = vqs[1];
	virtqueue_disable_cb(vn->svq);	/* armed only when the ring fills */
	return 0;
}

static void virtnet_log(struct virtnet *vn)
{
	char name[16];

	pr_info("%s at %s: %s, rx ring %u, tx ring %u, features %#llx\n", vn->ndev.name,
		pci_name(vn->vdev->pdev, name, sizeof(name)),
		vn->vdev->config->irq_mode(vn->vdev), vn->rvq->num, vn->svq->num,
		(unsigned long long)vn->vdev->features);
}

static int virtnet_probe(struct virtio_device *vdev)
{
	struct virtnet *vn;
	int err;

	vn = kzalloc(sizeof(*vn), GFP_KERNEL);
	if (!vn)
		return -ENOMEM;
	vn->vdev = vdev;
	vdev->priv = vn;
	spin_lock_init(&vn->poll_lock);
	spin_lock_init(&vn->tx_lock);
	init_waitqueue_head(&vn->wq);
	err = vdev->config->finalize_features(vdev, VIRTIO_FEATURE(VIRTIO_F_VERSION_1) |
					      VIRTIO_FEATURE(VIRTIO_NET_F_MAC));
	if (err)
		goto free_vn;
	virtnet_read_mac(vn);
	err = virtnet_setup_queues(vn);
	if (err)
		goto free_vn;
	err = virtnet_alloc_bufs(vn);
	if (err)
		goto free_bufs;
	vn->thread = kthread_run(virtnet_thread, vn, "virtio-net%u", nr_virtnets);
	if (IS_ERR(vn->thread)) {
		err = PTR_ERR(vn->thread);
		goto free_bufs;
	}
	vn->ndev.mtu = ETH_DATA_LEN;
	vn->ndev.ops = &virtnet_ops;
	vn->ndev.priv = vn;
	virtio_device_ready(vdev);
	virtqueue_kick(vn->rvq);
	err = netdev_register(&vn->ndev);
	if (err)
		goto stop_thread;
	nr_virtnets++;
	if (!first_virtnet)
		WRITE_ONCE(first_virtnet, vn);
	virtnet_log(vn);
	return 0;

stop_thread:
	kthread_stop(vn->thread);
free_bufs:
	vdev->config->del_vqs(vdev);	/* resets the device first */
	virtnet_free_bufs(vn);
free_vn:
	vdev->priv = NULL;
	kfree(vn);
	return err;
}

static struct virtio_driver virtnet_driver = {
	.name = "virtio-net",
	.device_id = VIRTIO_ID_NET,
	.transitional_pci_id = 0x1000,
	.probe = virtnet_probe,
};

/**
 * virtio_net_init() - register the virtio-net driver, probe the NICs
 *
 * Each device becomes eth<N> in the netdev table. With the netbench boot
 * parameter the benchmark then runs on eth0 in its own thread.
 * Context: process context, once, after pci_init().
 */
void virtio_net_init(void)
{
	int err = virtio_register_driver(&virtnet_driver);

	if (err) {
		pr_err("cannot register: %d\n", err);
		return;
	}
	netbench_start();
}
