// SPDX-License-Identifier: GPL-2.0
/*
 * The netbench boot parameter: raw frame round trip on eth0 through a
 * backend that returns every frame (64, 512, 1514 B; polled and
 * interrupt-driven), and transmit throughput with 1514-byte frames.
 */
#define pr_fmt(fmt) "netbench: " fmt

#include <tessera/errno.h>
#include <tessera/kernel.h>
#include <tessera/kthread.h>
#include <tessera/netdev.h>
#include <tessera/param.h>
#include <tessera/printk.h>
#include <tessera/sched.h>
#include <tessera/string.h>
#include <tessera/time.h>
#include <asm/processor.h>
#include "virtio_net.h"

static bool netbench;
param_bool(netbench, netbench, "measure eth0: frame round trip and TX throughput after the probe");

#define BENCH_ROUNDS		2000
#define BENCH_TIMEOUT_NS	(1000ULL * NSEC_PER_MSEC)
#define BENCH_TPUT_NS		(1000ULL * NSEC_PER_MSEC)
#define BENCH_ETHERTYPE		0x88b6

/* Last sequence number the receive handler saw, and frames counted. */
static u32 pong_seq;
static unsigned long pong_frames;

static void bench_rx(struct net_device *dev, const void *frame, size_t len, void *priv)
{
	u32 seq;

	if (len < ETH_HLEN + 4)
		return;
	memcpy(&seq, (const u8 *)frame + ETH_HLEN, 4);
	__atomic_store_n(&pong_seq, seq, __ATOMIC_RELEASE);
	__atomic_fetch_add(&pong_frames, 1, __ATOMIC_RELAXED);
}

static void bench_frame(struct net_device *dev, u8 *f, size_t len, u32 seq)
{
	memcpy(f, dev->mac, ETH_ALEN);
	memcpy(f + ETH_ALEN, dev->mac, ETH_ALEN);
	f[12] = BENCH_ETHERTYPE >> 8;
	f[13] = BENCH_ETHERTYPE & 0xff;
	memcpy(f + ETH_HLEN, &seq, 4);
}

/* Wait for frame @seq to come back; polls the device itself if @poll. */
static bool bench_wait(struct net_device *dev, u32 seq, bool poll)
{
	u64 end = ktime_get_ns() + BENCH_TIMEOUT_NS;

	while (__atomic_load_n(&pong_seq, __ATOMIC_ACQUIRE) != seq) {
		if (poll)
			netdev_poll(dev, VNET_RX_BUDGET);
		else
			cpu_relax();
		if (ktime_get_ns() > end)
			return false;
	}
	return true;
}

/* Mean ns per round trip of @len-byte frames, or a -errno. */
static s64 bench_rtt(struct net_device *dev, u8 *f, size_t len, bool poll, u32 *seq)
{
	unsigned int i;
	u64 t0 = 0;

	for (i = 0; i < BENCH_ROUNDS + 50; i++) {
		if (i == 50)
			t0 = ktime_get_ns();	/* after a warm-up */
		bench_frame(dev, f, len, ++*seq);
		while (netdev_xmit(dev, f, len) == -EBUSY)
			netdev_poll(dev, VNET_RX_BUDGET);
		if (!bench_wait(dev, *seq, poll))
			return -ETIMEDOUT;
	}
	return (ktime_get_ns() - t0) / BENCH_ROUNDS;
}

static void bench_throughput(struct net_device *dev, u8 *f, u32 *seq)
{
	unsigned long rx0 = pong_frames, sent = 0, busy = 0;
	u64 t0 = ktime_get_ns(), ns;

	while ((ns = ktime_get_ns() - t0) < BENCH_TPUT_NS) {
		bench_frame(dev, f, ETH_FRAME_LEN, ++*seq);
		if (netdev_xmit(dev, f, ETH_FRAME_LEN) == -EBUSY) {
			busy++;
			netdev_poll(dev, VNET_RX_BUDGET);
			continue;
		}
		sent++;
	}
	pr_info("TX throughput, %u B frames: %lu frames in %llu ms = %llu frames/s, %llu Mbit/s; ring full %lu times; %lu came back meanwhile\n",
		ETH_FRAME_LEN, sent, (unsigned long long)(ns / NSEC_PER_MSEC),
		(unsigned long long)(sent * NSEC_PER_SEC / ns),
		(unsigned long long)(sent * ETH_FRAME_LEN * 8 * 1000 / ns), busy,
		pong_frames - rx0);
}

static int netbench_main(void *unused)
{
	static const size_t sizes[] = { 64, 512, ETH_FRAME_LEN };
	static u8 f[ETH_FRAME_LEN];
	struct net_device *dev = netdev_get(0);
	s64 poll_ns, irq_ns;
	unsigned int i;
	u32 seq = 0;

	if (!dev || netdev_rx_handler_register(dev, bench_rx, NULL)) {
		pr_warn("no eth0, or its receive handler is taken: not run\n");
		return -ENODEV;
	}
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		poll_ns = bench_rtt(dev, f, sizes[i], true, &seq);
		irq_ns = bench_rtt(dev, f, sizes[i], false, &seq);
		pr_info("%s round trip, %zu B frames: polled %lld ns, interrupt + thread %lld ns (%u rounds)\n",
			dev->name, sizes[i], (long long)poll_ns, (long long)irq_ns, BENCH_ROUNDS);
	}
	bench_throughput(dev, f, &seq);
	msleep(200);
	netdev_rx_handler_unregister(dev);
	pr_info("done: rx %llu tx %llu frames, rx errors %llu, rx dropped %llu\n",
		(unsigned long long)dev->stats.rx_packets,
		(unsigned long long)dev->stats.tx_packets,
		(unsigned long long)dev->stats.rx_errors,
		(unsigned long long)dev->stats.rx_dropped);
	return 0;
}

/**
 * netbench_start() - run the benchmark in a thread if "netbench" was given
 *
 * The thread is left to exit on its own (it is never stopped).
 * Context: process context, from virtio_net_init().
 */
void netbench_start(void)
{
	struct task_struct *k;

	if (!netbench)
		return;
	k = kthread_run(netbench_main, NULL, "netbench");
	if (IS_ERR(k))
		pr_warn("cannot start: %ld\n", PTR_ERR(k));
}
