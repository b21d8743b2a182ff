// SPDX-License-Identifier: GPL-2.0
/*
 * Software RoCE v2 device: boot parameters, device and port, the pinned
 * provider thread that does all protocol work, counters, rxe_init().
 */
#define pr_fmt(fmt) "rxe: " fmt

#include <tessera/err.h>
#include <tessera/errno.h>
#include <tessera/kernel.h>
#include <tessera/kthread.h>
#include <tessera/param.h>
#include <tessera/printk.h>
#include <tessera/rxe.h>
#include <tessera/sched.h>
#include <tessera/slab.h>
#include <tessera/string.h>
#include <tessera/time.h>
#include <tessera/timer.h>
#include <tessera/vmalloc.h>
#include <tessera/vsprintf.h>
#include "rxe.h"

static char rxe_ip_param[16];
param_string(roce.ip, rxe_ip_param, "software RoCE: this node's IPv4 address (its GID is the IPv4-mapped form)");
static char rxe_dev_param[IFNAMSIZ] = "eth0";
param_string(roce.dev, rxe_dev_param, "software RoCE: the Ethernet device to run on (eth0)");
static char rxe_neigh_param[512];
param_string(roce.neigh, rxe_neigh_param, "software RoCE: static neighbours IP@MAC,IP@MAC,...");
static unsigned int rxe_drop_param;
param_uint(roce.drop, rxe_drop_param, "software RoCE, tests only: drop this percent of received frames");
static unsigned int rxe_seed_param = 1;
param_uint(roce.seed, rxe_seed_param, "software RoCE: seed of the roce.drop generator");

const char *const rxe_counter_names[RXE_C_NR] = {
	[RXE_C_RX_QUEUED] = "rx_queued",
	[RXE_C_RX_QFULL] = "rx_queue_full",
	[RXE_C_RX_OVERSIZE] = "rx_oversize",
	[RXE_C_RX_DROP_INJECTED] = "rx_drop_injected",
	[RXE_C_RX_OTHER_PROTO] = "rx_other_proto",
	[RXE_C_RX_NOT_ROCE] = "rx_parse_err",
	[RXE_C_RX_NOT_FOR_US] = "rx_not_for_us",
	[RXE_C_RX_UNKNOWN_QP] = "rx_unknown_qp",
	[RXE_C_RX_BAD_STATE] = "rx_bad_qp_state",
	[RXE_C_RX_BAD_OPSEQ] = "rx_bad_opcode_seq",
	[RXE_C_RX_BAD_LENGTH] = "rx_bad_length",
	[RXE_C_RX_DUPLICATE] = "rx_duplicate",
	[RXE_C_RX_OOO_DROP] = "rx_out_of_order",
	[RXE_C_RX_STALE_RESP] = "rx_stale_response",
	[RXE_C_RX_IMPLICIT_NAK] = "rx_implicit_nak",
	[RXE_C_RX_BAD_ARP] = "rx_bad_arp",
	[RXE_C_ARP_RX] = "arp_rx",
	[RXE_C_ARP_TX] = "arp_tx",
	[RXE_C_TX_FRAMES] = "tx_frames",
	[RXE_C_TX_BUSY_DROP] = "tx_busy_drop",
	[RXE_C_TX_NO_NEIGH] = "tx_no_neigh",
	[RXE_C_TX_BUILD_ERR] = "tx_build_err",
	[RXE_C_RETRANSMIT] = "retransmit",
	[RXE_C_TIMEOUT] = "timeout",
	[RXE_C_ACK_TX] = "ack_tx",
	[RXE_C_SEQ_NAK_TX] = "seq_nak_tx",
	[RXE_C_RNR_NAK_TX] = "rnr_nak_tx",
	[RXE_C_ACCESS_NAK_TX] = "access_nak_tx",
	[RXE_C_INVAL_NAK_TX] = "inval_nak_tx",
	[RXE_C_RNR_NAK_RX] = "rnr_nak_rx",
	[RXE_C_SEQ_NAK_RX] = "seq_nak_rx",
	[RXE_C_FATAL_NAK_RX] = "fatal_nak_rx",
	[RXE_C_READ_RESP_TX] = "read_resp_tx",
};

/* Devices made by rxe_init(); written once each, before they are visible. */
static struct rxe_dev *rxe_devs[NETDEV_MAX];
static bool rxe_init_done;
static DEFINE_SPINLOCK(rxe_init_lock);

/**
 * rxe_get() - a software RoCE device by creation order
 * @index: 0 for the first
 * Return: the device or NULL.
 * Context: any.
 */
struct rxe_dev *rxe_get(unsigned int index)
{
	if (index >= NETDEV_MAX)
		return NULL;
	return __atomic_load_n(&rxe_devs[index], __ATOMIC_ACQUIRE);
}

/**
 * rxe_now() - the provider's clock
 * Return: monotonic nanoseconds.
 * Context: any.
 */
u64 rxe_now(void)
{
	return ktime_get_ns();
}

/**
 * rxe_kick() - tell the provider thread there is work
 * @dev: the device
 * Context: any but hard IRQ; does not sleep.
 */
void rxe_kick(struct rxe_dev *dev)
{
	WRITE_ONCE(dev->kick, 1);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	wake_up(&dev->wq);
}

static int rxe_query_port(struct ib_device *ib, u8 port, struct ib_port_attr *attr)
{
	attr->state = IB_PORT_ACTIVE;
	attr->active_mtu = to_rxe(ib)->mtu;
	attr->gid_tbl_len = 1;
	return 0;
}

static int rxe_query_gid(struct ib_device *ib, u8 port, u32 index, union ib_gid *gid)
{
	u32 ip = to_rxe(ib)->ip;
	u8 be[4] = { ip >> 24, ip >> 16, ip >> 8, ip };
	u32 ip_be;

	if (index)
		return -EINVAL;
	memcpy(&ip_be, be, 4);
	ib_gid_from_ipv4(gid, ip_be);
	return 0;
}

static const struct ib_device_ops rxe_ops = {
	.query_port = rxe_query_port,
	.query_gid = rxe_query_gid,
	.create_qp = rxe_create_qp,
	.modify_qp = rxe_modify_qp,
	.destroy_qp = rxe_destroy_qp,
	.post_send = rxe_post_send,
	.post_recv = rxe_post_recv,
};

/* Earliest timer of any QP (ns), or 0 for none. Context: the thread. */
static u64 rxe_next_event(struct rxe_dev *dev)
{
	struct rxe_qp *qp;
	u64 next = 0, t;

	list_for_each_entry(qp, &dev->qps, node) {
		t = rxe_req_next_event(qp);
		if (t && (!next || t < next))
			next = t;
	}
	return next;
}

/* One round of work: commands, received frames, then each QP's requester. */
static void rxe_work(struct rxe_dev *dev)
{
	struct rxe_qp *qp;
	u64 now;

	rxe_run_cmds(dev);
	rxe_net_drain(dev);
	now = rxe_now();
	list_for_each_entry(qp, &dev->qps, node)
		rxe_req_run(qp, now);
}

/* Timers due sooner than this are polled for (RNR waits are often µs). */
#define RXE_SPIN_NS	(1000ULL * 1000)

/* Jiffies to sleep until the next timer; 0: it is due too soon to sleep. */
static long rxe_sleep_jiffies(struct rxe_dev *dev)
{
	u64 next = rxe_next_event(dev), now = rxe_now();

	if (!next)
		return MAX_SCHEDULE_TIMEOUT;
	if (next <= now + RXE_SPIN_NS)
		return 0;	/* sooner than a tick could wake us: poll */
	return (long)DIV_ROUND_UP(next - now, NSEC_PER_SEC / CONFIG_HZ);
}

static int rxe_thread(void *arg)
{
	struct rxe_dev *dev = arg;
	long tmo;

	while (!kthread_should_stop()) {
		WRITE_ONCE(dev->kick, 0);
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		rxe_work(dev);
		tmo = rxe_sleep_jiffies(dev);
		if (!tmo)
			yield();
		else
			wait_event_timeout(dev->wq, READ_ONCE(dev->kick) ||
					   kthread_should_stop(), tmo);
	}
	return 0;
}

static enum ib_mtu rxe_pick_mtu(const struct net_device *ndev)
{
	enum ib_mtu m;

	for (m = IB_MTU_4096; m > IB_MTU_256; m--)
		if (ib_mtu_to_bytes(m) + ROCE_OVERHEAD <= ndev->mtu + ETH_HLEN)
			break;
	return m;
}

static struct rxe_dev *rxe_alloc(struct net_device *ndev, u32 ip, unsigned int idx)
{
	struct rxe_dev *dev = vmalloc(sizeof(*dev));

	if (!dev)
		return NULL;
	memset(dev, 0, sizeof(*dev));
	dev->rxq = vmalloc((size_t)RXE_RXQ_SLOTS * RXE_SLOT_SIZE);
	dev->rxq_len = kcalloc(RXE_RXQ_SLOTS, sizeof(*dev->rxq_len), GFP_KERNEL);
	if (!dev->rxq || !dev->rxq_len) {
		vfree(dev->rxq);
		kfree(dev->rxq_len);
		vfree(dev);
		return NULL;
	}
	dev->ndev = ndev;
	dev->ip = ip;
	dev->mtu = rxe_pick_mtu(ndev);
	init_waitqueue_head(&dev->wq);
	spin_lock_init(&dev->rxq_lock);
	spin_lock_init(&dev->cmd_lock);
	INIT_LIST_HEAD(&dev->cmds);
	INIT_LIST_HEAD(&dev->qps);
	dev->drop_pct = min(rxe_drop_param, 100u);
	dev->rng = 0x9e3779b97f4a7c15ULL ^ rxe_seed_param;
	snprintf(dev->ib.name, sizeof(dev->ib.name), "rxe%u", idx);
	dev->ib.ops = &rxe_ops;
	dev->ib.phys_port_cnt = 1;
	dev->ib.priv = dev;
	dev->ib.node_guid = (u64)(ndev->mac[0] ^ 2) << 56 | (u64)ndev->mac[1] << 48 |
			    (u64)ndev->mac[2] << 40 | 0xfffeULL << 24 |
			    (u64)ndev->mac[3] << 16 | (u64)ndev->mac[4] << 8 | ndev->mac[5];
	return dev;
}

static void rxe_free(struct rxe_dev *dev)
{
	vfree(dev->rxq);
	kfree(dev->rxq_len);
	vfree(dev);
}

/* Create, start and register the device on @ndev. */
static int rxe_add(struct net_device *ndev, u32 ip, unsigned int idx)
{
	unsigned int cpu = num_online_cpus() - 1;
	struct rxe_dev *dev = rxe_alloc(ndev, ip, idx);
	int err;

	if (!dev)
		return -ENOMEM;
	if (rxe_neigh_param[0] && rxe_neigh_parse(dev, rxe_neigh_param))
		pr_warn("roce.neigh: malformed entries ignored\n");
	dev->task = kthread_create_on_cpu(rxe_thread, dev, cpu, "rxe%u", idx);
	if (IS_ERR(dev->task)) {
		err = PTR_ERR(dev->task);
		goto free;
	}
	wake_up_process(dev->task);
	err = rxe_net_init(dev);
	if (err)
		goto stop;
	err = ib_register_device(&dev->ib);
	if (err)
		goto net;
	__atomic_store_n(&rxe_devs[idx], dev, __ATOMIC_RELEASE);
	pr_info("%s on %s: GID ::ffff:%u.%u.%u.%u, path MTU %u, thread on CPU %u%s\n",
		dev->ib.name, ndev->name, ip >> 24, (ip >> 16) & 0xff, (ip >> 8) & 0xff,
		ip & 0xff, ib_mtu_to_bytes(dev->mtu), cpu,
		dev->drop_pct ? " (roce.drop: test-only frame loss)" : "");
	return 0;
net:
	rxe_net_exit(dev);
stop:
	kthread_stop(dev->task);
free:
	rxe_free(dev);
	return err;
}

/**
 * rxe_init() - create the software RoCE device from the boot parameters
 *
 * Needs roce.ip and the net device roce.dev (eth0); without them there is
 * no device (logged once). Safe to call more than once: only the first
 * call does anything. With "rxebench", starts the benchmark thread.
 * Context: process context, after virtio_net_init() and smp_init().
 */
void rxe_init(void)
{
	struct net_device *ndev;
	bool ok = false;
	u32 ip;
	int err;

	spin_lock(&rxe_init_lock);
	if (rxe_init_done) {
		spin_unlock(&rxe_init_lock);
		return;
	}
	rxe_init_done = true;
	spin_unlock(&rxe_init_lock);
	ndev = netdev_get_by_name(rxe_dev_param);
	if (!ndev) {
		pr_info("no net device %s: no RoCE device\n", rxe_dev_param);
		return;
	}
	ip = rxe_parse_ipv4(rxe_ip_param, &ok);
	if (!ok || !ip) {
		pr_info("no roce.ip=A.B.C.D on the command line: no RoCE device\n");
		return;
	}
	err = rxe_add(ndev, ip, 0);
	if (err) {
		pr_err("cannot create the device on %s: %d\n", ndev->name, err);
		return;
	}
	rxe_bench_start();
}

/**
 * rxe_set_drop() - change the receive drop rate (tests)
 * @ib: a software RoCE device
 * @pct: percent of received frames to drop, 0..100
 * Context: any.
 */
void rxe_set_drop(struct ib_device *ib, unsigned int pct)
{
	WRITE_ONCE(to_rxe(ib)->drop_pct, min(pct, 100u));
}

/**
 * rxe_print_stats() - log every non-zero counter of @ib
 * @ib: a software RoCE device
 * Context: any; the counters are read without a lock.
 */
void rxe_print_stats(struct ib_device *ib)
{
	struct rxe_dev *dev = to_rxe(ib);
	unsigned int i;

	for (i = 0; i < RXE_C_NR; i++)
		if (READ_ONCE(dev->c[i]))
			pr_info("%s %s %llu\n", ib->name, rxe_counter_names[i],
				(unsigned long long)READ_ONCE(dev->c[i]));
	for (i = 1; i < ROCE_E_NR; i++)
		if (READ_ONCE(dev->wire_err[i]))
			pr_info("%s drop_%s %llu\n", ib->name, roce_err_name(i),
				(unsigned long long)READ_ONCE(dev->wire_err[i]));
}
