// SPDX-License-Identifier: GPL-2.0
/*
 * FIT's loopback transport: messages to this node are copied into a queue
 * and handed to fit_recv() by a receive thread, as a network would.
 */
#include <tessera/fit.h>
#include <tessera/fit_transport.h>
#include <tessera/kthread.h>
#include <tessera/printk.h>
#include <tessera/slab.h>
#include <tessera/spinlock.h>
#include <tessera/string.h>
#include <tessera/wait.h>
#include "fit_internal.h"

/* One queued message: the bytes start 8-byte aligned. */
struct lb_msg {
	struct list_head node;
	u32 len;
	u32 _pad;
	u8 buf[];
};

static DEFINE_SPINLOCK(lb_lock);
static LIST_HEAD(lb_queue);		/* struct lb_msg.node; under lb_lock */
static unsigned int lb_depth;		/* messages queued; under lb_lock */
static unsigned int lb_depth_max;	/* high-water mark; under lb_lock */
static DECLARE_WAIT_QUEUE_HEAD(lb_wq);	/* lb_queue became non-empty */
static atomic64_t lb_sent, lb_delivered, lb_nomem;

static struct lb_msg *lb_alloc(u32 len)
{
	struct lb_msg *m = kmalloc(sizeof(*m) + len, GFP_KERNEL);

	if (!m) {
		atomic64_inc(&lb_nomem);
		return NULL;
	}
	m->len = len;
	return m;
}

static void lb_enqueue(struct lb_msg *m)
{
	spin_lock(&lb_lock);
	list_add_tail(&m->node, &lb_queue);
	if (++lb_depth > lb_depth_max)
		lb_depth_max = lb_depth;
	spin_unlock(&lb_lock);
	atomic64_inc(&lb_sent);
	wake_up(&lb_wq);
}

static struct lb_msg *lb_dequeue(void)
{
	struct lb_msg *m = NULL;

	spin_lock(&lb_lock);
	if (!list_empty(&lb_queue)) {
		m = list_first_entry(&lb_queue, struct lb_msg, node);
		list_del(&m->node);
		lb_depth--;
	}
	spin_unlock(&lb_lock);
	return m;
}

static bool lb_reaches(u32 node)
{
	return node == fit_local_node();
}

static int lb_send(u32 node, const struct fit_hdr *hdr, const void *payload)
{
	struct lb_msg *m;

	if (!lb_reaches(node))
		return FIT_EHOSTDOWN;
	if (hdr->payload_len > FIT_MAX_MSG)
		return FIT_EMSGSIZE;
	m = lb_alloc(sizeof(*hdr) + hdr->payload_len);
	if (!m)
		return -ENOMEM;
	memcpy(m->buf, hdr, sizeof(*hdr));
	if (hdr->payload_len)
		memcpy(m->buf + sizeof(*hdr), payload, hdr->payload_len);
	lb_enqueue(m);
	return 0;
}

/**
 * fit_loopback_inject() - queue raw bytes as if they came off the wire
 * @msg: the bytes (copied)
 * @len: their number
 *
 * For tests: nothing is checked here, fit_recv() sees exactly these bytes.
 * Return: 0 or -ENOMEM. Context: process context; may sleep.
 */
int fit_loopback_inject(const void *msg, u32 len)
{
	struct lb_msg *m = lb_alloc(len);

	if (!m)
		return -ENOMEM;
	memcpy(m->buf, msg, len);
	lb_enqueue(m);
	return 0;
}

static int lb_rx_thread(void *unused)
{
	struct lb_msg *m;

	for (;;) {
		wait_event(lb_wq, (m = lb_dequeue()) || kthread_should_stop());
		if (!m)
			break;
		fit_recv(m->buf, m->len);
		atomic64_inc(&lb_delivered);
		kfree(m);
	}
	return 0;
}

static int lb_start(void)
{
	struct task_struct *k = kthread_run(lb_rx_thread, NULL, "fit-lo-rx");

	return IS_ERR(k) ? PTR_ERR(k) : 0;
}

static void lb_dump_stats(void)
{
	unsigned int depth_max;

	spin_lock(&lb_lock);
	depth_max = lb_depth_max;
	spin_unlock(&lb_lock);
	pr_info("fit: loopback sent %llu delivered %llu nomem %llu max-queue %u\n",
		(unsigned long long)atomic64_read(&lb_sent),
		(unsigned long long)atomic64_read(&lb_delivered),
		(unsigned long long)atomic64_read(&lb_nomem), depth_max);
}

static const struct fit_transport_ops fit_loopback_ops = {
	.name = "loopback",
	.reaches = lb_reaches,
	.send = lb_send,
	.start = lb_start,
	.dump_stats = lb_dump_stats,
};

/**
 * fit_loopback_init() - register the loopback transport (starts its thread)
 *
 * Return: 0 or a negative errno. Context: fit_init().
 */
int fit_loopback_init(void)
{
	return fit_transport_register(&fit_loopback_ops);
}
