// SPDX-License-Identifier: GPL-2.0
/*
 * Suite "virtio_net": frames sent through a NIC whose backend returns them
 * (a UDP socket aimed at itself) come back intact; rings refill; counters.
 */
#include <tessera/errno.h>
#include <tessera/kernel.h>
#include <tessera/ktest.h>
#include <tessera/netdev.h>
#include <tessera/pci.h>
#include <tessera/printk.h>
#include <tessera/sched.h>
#include <tessera/string.h>
#include <tessera/time.h>
#include <tessera/virtio.h>
#include "virtio_net.h"

#define TEST_ETHERTYPE		0x88b5	/* IEEE local experimental */
#define WAIT_NS			(3000ULL * NSEC_PER_MSEC)
#define QUIET_NS		(300ULL * NSEC_PER_MSEC)

/*
 * What the handler saw. Written by the receive path (under the device's
 * rx_lock), read by the test after waiting; counters are read with
 * READ_ONCE while it runs.
 */
static struct {
	unsigned int frames;
	unsigned int corrupt;
	unsigned int out_of_order;
	unsigned int foreign;
	u32 next_seq;
	size_t last_len;
} seen;

static struct virtnet *vn;

static void fill_frame(u8 *f, size_t len, u32 seq)
{
	size_t i;

	memcpy(f, vn->ndev.mac, ETH_ALEN);
	memcpy(f + ETH_ALEN, vn->ndev.mac, ETH_ALEN);
	f[12] = TEST_ETHERTYPE >> 8;
	f[13] = TEST_ETHERTYPE & 0xff;
	for (i = ETH_HLEN; i < len; i++)
		f[i] = (u8)(seq * 7 + i);
	if (len >= ETH_HLEN + 4)
		memcpy(f + ETH_HLEN, &seq, 4);
}

static bool frame_ok(const u8 *f, size_t len, u32 seq)
{
	size_t i;

	for (i = ETH_HLEN + 4; i < len; i++)
		if (f[i] != (u8)(seq * 7 + i))
			return false;
	return !memcmp(f, vn->ndev.mac, ETH_ALEN) &&
	       !memcmp(f + ETH_ALEN, vn->ndev.mac, ETH_ALEN);
}

static void test_rx(struct net_device *dev, const void *frame, size_t len, void *priv)
{
	const u8 *f = frame;
	u32 seq;

	if (len < ETH_HLEN + 4 || f[12] != (TEST_ETHERTYPE >> 8) ||
	    f[13] != (TEST_ETHERTYPE & 0xff)) {
		seen.foreign++;
		return;
	}
	memcpy(&seq, f + ETH_HLEN, 4);
	if (seq != seen.next_seq)
		seen.out_of_order++;
	seen.next_seq = seq + 1;
	if (!frame_ok(f, len, seq))
		seen.corrupt++;
	seen.last_len = len;
	WRITE_ONCE(seen.frames, seen.frames + 1);
}

static bool wait_frames(unsigned int want)
{
	u64 end = ktime_get_ns() + WAIT_NS;

	while (READ_ONCE(seen.frames) < want) {
		if (ktime_get_ns() > end)
			return false;
		yield();
	}
	return true;
}

/* Send one frame, retrying while the ring is full. */
static int send_seq(u8 *f, size_t len, u32 seq)
{
	u64 end = ktime_get_ns() + WAIT_NS;
	int err;

	fill_frame(f, len, seq);
	while ((err = netdev_xmit(&vn->ndev, f, len)) == -EBUSY) {
		if (ktime_get_ns() > end)
			break;
		yield();
	}
	return err;
}

static bool need_nic(struct ktest *t)
{
	if (vn)
		return true;
	ktest_skip(t, "no virtio-net device (attach -device virtio-net-pci with a -netdev dgram socket aimed at itself)");
	return false;
}

static int vnet_suite_init(void)
{
	vn = virtnet_first();
	if (vn && netdev_rx_handler_register(&vn->ndev, test_rx, NULL))
		return -EBUSY;
	return 0;
}

static void vnet_suite_exit(void)
{
	if (vn)
		netdev_rx_handler_unregister(&vn->ndev);
}

static void reset_seen(void)
{
	u64 end = ktime_get_ns() + QUIET_NS;
	unsigned int last = READ_ONCE(seen.frames);

	while (ktime_get_ns() < end) {		/* let stragglers land first */
		if (READ_ONCE(seen.frames) != last) {
			last = READ_ONCE(seen.frames);
			end = ktime_get_ns() + QUIET_NS;
		}
		yield();
	}
	memset(&seen, 0, sizeof(seen));
}

static void vnet_registered(struct ktest *t)
{
	static const u8 zero[ETH_ALEN];

	if (!need_nic(t))
		return;
	KTEST_EXPECT_PTR_EQ(t, netdev_get(vn->ndev.index), &vn->ndev);
	KTEST_EXPECT_PTR_EQ(t, netdev_get_by_name(vn->ndev.name), &vn->ndev);
	KTEST_EXPECT_EQ(t, vn->ndev.mtu, 1500u);
	KTEST_EXPECT_NE(t, memcmp(vn->ndev.mac, zero, ETH_ALEN), 0);
	KTEST_EXPECT_EQ(t, vn->ndev.mac[0] & 1, 0);	/* unicast */
	KTEST_EXPECT_TRUE(t, virtio_has_feature(vn->vdev, VIRTIO_F_VERSION_1));
	KTEST_EXPECT_EQ(t, vn->rvq->num_free, 0);	/* every RX buffer posted */
	KTEST_EXPECT_NE(t, vn->vdev->pdev->irq_mode, PCI_IRQ_NONE);
	KTEST_EXPECT_EQ(t, netdev_rx_handler_register(&vn->ndev, test_rx, NULL), -EBUSY);
}

static void vnet_bad_lengths_refused(struct ktest *t)
{
	static u8 f[ETH_FRAME_LEN + 1];
	u64 err0;

	if (!need_nic(t))
		return;
	err0 = vn->ndev.stats.tx_errors;
	KTEST_EXPECT_EQ(t, netdev_xmit(&vn->ndev, f, ETH_HLEN - 1), -EINVAL);
	KTEST_EXPECT_EQ(t, netdev_xmit(&vn->ndev, f, ETH_FRAME_LEN + 1), -EINVAL);
	KTEST_EXPECT_EQ(t, netdev_xmit(&vn->ndev, NULL, 60), -EINVAL);
	KTEST_EXPECT_EQ(t, vn->ndev.stats.tx_errors, err0 + 3);
}

static void vnet_loopback_sizes(struct ktest *t)
{
	static const size_t sizes[] = { 18, 60, 64, 65, 511, 1000, 1513, ETH_FRAME_LEN };
	static u8 f[ETH_FRAME_LEN];
	struct netdev_stats s0;
	unsigned int i;
	u64 bytes = 0;

	if (!need_nic(t))
		return;
	reset_seen();
	s0 = vn->ndev.stats;
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		KTEST_ASSERT_EQ(t, send_seq(f, sizes[i], i), 0);
		KTEST_ASSERT_TRUE(t, wait_frames(i + 1));
		KTEST_EXPECT_EQ(t, seen.last_len, sizes[i]);
		bytes += sizes[i];
	}
	KTEST_EXPECT_EQ(t, seen.corrupt, 0u);
	KTEST_EXPECT_EQ(t, seen.out_of_order, 0u);
	KTEST_EXPECT_EQ(t, vn->ndev.stats.tx_packets - s0.tx_packets, (u64)ARRAY_SIZE(sizes));
	KTEST_EXPECT_EQ(t, vn->ndev.stats.tx_bytes - s0.tx_bytes, bytes);
	KTEST_EXPECT_GE(t, vn->ndev.stats.rx_packets - s0.rx_packets, (u64)ARRAY_SIZE(sizes));
	KTEST_EXPECT_GE(t, vn->ndev.stats.rx_bytes - s0.rx_bytes, bytes);
	KTEST_EXPECT_EQ(t, vn->ndev.stats.rx_errors, s0.rx_errors);
}

/*
 * 4 rings' worth with at most 32 frames in flight, which the host's UDP
 * socket buffer (about 200 KiB) always holds: no loss allowed.
 */
static void vnet_paced_burst_refills(struct ktest *t)
{
	static u8 f[ETH_FRAME_LEN];
	unsigned int i, n, window;
	unsigned long comp0;
	u64 end;

	if (!need_nic(t))
		return;
	reset_seen();
	n = 4 * vn->rvq->num;
	window = min(32u, vn->rvq->num / 2u);
	comp0 = vn->tx_completions;
	for (i = 0; i < n; i++) {
		while (i - READ_ONCE(seen.frames) >= window)
			KTEST_ASSERT_TRUE(t, wait_frames(i - window + 1));
		KTEST_ASSERT_EQ(t, send_seq(f, 60 + (i * 37) % (ETH_FRAME_LEN - 60), i), 0);
	}
	if (!wait_frames(n))
		pr_info("virtio_net test: %u of %u frames back, %u out of order\n",
			seen.frames, n, seen.out_of_order);
	KTEST_EXPECT_EQ(t, READ_ONCE(seen.frames), n);
	KTEST_EXPECT_EQ(t, seen.corrupt, 0u);
	KTEST_EXPECT_EQ(t, seen.out_of_order, 0u);
	KTEST_EXPECT_EQ(t, vn->rvq->num_free, 0);	/* everything reposted */
	end = ktime_get_ns() + WAIT_NS;
	while (vn->svq->num_free < vn->svq->num && ktime_get_ns() < end) {
		virtnet_tx_reclaim(vn);
		yield();
	}
	KTEST_EXPECT_EQ(t, vn->svq->num_free, vn->svq->num);
	KTEST_EXPECT_EQ(t, vn->tx_completions - comp0, (unsigned long)n);
	KTEST_EXPECT_EQ(t, vn->rvq->bad_used + vn->svq->bad_used, 0ul);
}

/*
 * 2 rings' worth as fast as the TX ring takes them. The host's UDP socket
 * buffer overflows (QEMU reads it only when it gets round to it), so loss
 * is allowed; what arrives must be intact and every buffer reposted.
 */
static void vnet_unpaced_burst(struct ktest *t)
{
	static u8 f[ETH_FRAME_LEN];
	unsigned int i, n;
	u64 busy0;

	if (!need_nic(t))
		return;
	reset_seen();
	n = 2 * vn->rvq->num;
	busy0 = vn->ndev.stats.tx_dropped;
	for (i = 0; i < n; i++)
		KTEST_ASSERT_EQ(t, send_seq(f, 64, i), 0);
	wait_frames(n);
	pr_info("virtio_net test: unpaced burst of %u: %u came back, TX ring full %llu times\n",
		n, READ_ONCE(seen.frames),
		(unsigned long long)(vn->ndev.stats.tx_dropped - busy0));
	KTEST_EXPECT_GT(t, READ_ONCE(seen.frames), 0u);
	KTEST_EXPECT_EQ(t, seen.corrupt, 0u);
	KTEST_EXPECT_EQ(t, vn->rvq->num_free, 0);
}

static void vnet_counters_and_irqs(struct ktest *t)
{
	struct pci_dev *pdev;

	if (!need_nic(t))
		return;
	pdev = vn->vdev->pdev;
	KTEST_EXPECT_GT(t, vn->rx_irqs, 0ul);
	if (pdev->irq_mode == PCI_IRQ_MSIX && pdev->nr_vectors >= 3)
		KTEST_EXPECT_GT(t, pci_irq_count(pdev, 1), 0ul);
	KTEST_EXPECT_GE(t, vn->ndev.stats.rx_packets, 1000ull);
	KTEST_EXPECT_EQ(t, vn->ndev.stats.rx_errors, 0ull);
	KTEST_EXPECT_GE(t, vn->ndev.stats.tx_packets, vn->ndev.stats.rx_packets);
}

/* A device returning nonsense used entries: counted and skipped. */
static void vring_bad_used_entries(struct ktest *t)
{
	struct virtqueue *vq = vring_create(NULL, 0, 8);
	int a, b;
	u32 len;

	KTEST_ASSERT_NOT_NULL(t, vq);
	KTEST_EXPECT_EQ(t, virtqueue_add_buf(vq, 0x1000, 64, true, &a), 0);
	KTEST_EXPECT_EQ(t, virtqueue_add_buf(vq, 0x2000, 64, true, &b), 0);
	KTEST_EXPECT_EQ(t, virtqueue_add_buf(vq, 0x3000, 64, true, NULL), -EINVAL);
	vq->used->ring[0].id = 5;		/* free descriptor */
	vq->used->ring[1].id = 999;		/* out of range */
	vq->used->ring[2].id = 1;
	vq->used->ring[2].len = 42;
	vq->used->idx = 3;
	KTEST_EXPECT_PTR_EQ(t, virtqueue_get_buf(vq, &len), &b);
	KTEST_EXPECT_EQ(t, len, 42u);
	KTEST_EXPECT_EQ(t, vq->bad_used, 2ul);
	KTEST_EXPECT_NULL(t, virtqueue_get_buf(vq, &len));
	vq->used->idx = 3 + 9;			/* more than the ring holds */
	KTEST_EXPECT_NULL(t, virtqueue_get_buf(vq, &len));
	KTEST_EXPECT_EQ(t, vq->bad_used, 3ul);
	KTEST_EXPECT_EQ(t, vq->num_free, 7);
	vring_destroy(vq);
}

KTEST_SUITE(virtio_net, vnet_suite_init, vnet_suite_exit,
	    KTEST_CASE(vring_bad_used_entries),
	    KTEST_CASE(vnet_registered),
	    KTEST_CASE(vnet_bad_lengths_refused),
	    KTEST_CASE(vnet_loopback_sizes),
	    KTEST_CASE(vnet_paced_burst_refills),
	    KTEST_CASE(vnet_unpaced_burst),
	    KTEST_CASE(vnet_counters_and_irqs));
