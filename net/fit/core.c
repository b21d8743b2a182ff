// SPDX-License-Identifier: GPL-2.0
/*
 * FIT core: the transport registry, message validation, the table of
 * outstanding calls, the handler table and the handler thread pool.
 *
 * A call takes a slot in the call table; the slot's index and generation
 * form the call id the reply must echo. The caller waits on the slot's
 * completion; the reply path copies the payload into the caller's buffer
 * only while the slot still waits for that very generation, under the slot
 * lock the caller also takes before it gives the slot up. So a reply that
 * arrives after a timeout finds the slot freed or reused and is dropped.
 */
#include <tessera/completion.h>
#include <tessera/fit.h>
#include <tessera/fit_transport.h>
#include <tessera/kthread.h>
#include <tessera/param.h>
#include <tessera/printk.h>
#include <tessera/slab.h>
#include <tessera/smp.h>
#include <tessera/spinlock.h>
#include <tessera/string.h>
#include <tessera/timer.h>
#include <tessera/vsprintf.h>
#include <tessera/wait.h>
#include "fit_internal.h"

#define FIT_MAX_CALLS		1024	/* outstanding calls per node */
#define FIT_MAX_HANDLERS	128	/* registered opcodes */
#define FIT_MAX_POOL		16	/* handler threads */
#define FIT_SLOT_NONE		(~0u)

static unsigned int fit_timeout_ms = 5000;
param_uint(fit.timeout_ms, fit_timeout_ms,
	   "default fit_call() timeout in ms (default 5000)");
static unsigned int fit_nr_threads_param;
param_uint(fit.handlers, fit_nr_threads_param,
	   "FIT handler threads (default: one per online CPU, at most 16)");

struct fit_stats fit_stats;
static bool fit_ready;			/* fit_init() finished (release/acquire) */

/* ---------------------------------------------------------------- transports */

static DEFINE_SPINLOCK(fit_transports_lock);
/* Written under fit_transports_lock (publish with a release store); read locklessly. */
static const struct fit_transport_ops *fit_transports[FIT_MAX_TRANSPORTS];
static unsigned int fit_nr_transports;	/* slots handed out; under the lock */

/**
 * fit_transport_register() - add a transport to the registry
 * @ops: the transport; must live forever
 *
 * Return: 0, -EINVAL for incomplete @ops, -ENOSPC if the registry is full,
 * or the error of @ops->start.
 * Context: process context; may sleep (runs @ops->start).
 */
int fit_transport_register(const struct fit_transport_ops *ops)
{
	unsigned int idx;
	int err;

	if (!ops || !ops->name || !ops->reaches || !ops->send)
		return -EINVAL;
	spin_lock(&fit_transports_lock);
	idx = fit_nr_transports;
	if (idx < FIT_MAX_TRANSPORTS)
		fit_nr_transports++;
	spin_unlock(&fit_transports_lock);
	if (idx >= FIT_MAX_TRANSPORTS)
		return -ENOSPC;
	if (ops->start) {
		err = ops->start();
		if (err)
			return err;	/* the slot stays empty */
	}
	smp_store_release(&fit_transports[idx], ops);
	return 0;
}

static const struct fit_transport_ops *fit_route(u32 node)
{
	const struct fit_transport_ops *t;
	unsigned int i;

	for (i = 0; i < FIT_MAX_TRANSPORTS; i++) {
		t = smp_load_acquire(&fit_transports[i]);
		if (t && t->reaches(node))
			return t;
	}
	return NULL;
}

static int fit_send(u32 node, const struct fit_hdr *hdr, const void *payload)
{
	const struct fit_transport_ops *t = fit_route(node);
	int err;

	if (!t) {
		atomic64_inc(&fit_stats.no_route);
		return FIT_EHOSTDOWN;
	}
	err = t->send(node, hdr, payload);
	if (err)
		atomic64_inc(&fit_stats.send_errors);
	return err;
}

/* ------------------------------------------------------------------ handlers */

/**
 * struct fit_handler - one registered opcode
 * @opcode: the RPC
 * @name: for the statistics
 * @fn: the handler
 * @used: registered (lookups find it)
 * @active: invocations running now; a slot is reused only at 0
 * @count: requests dispatched to it (atomic, no lock)
 *
 * All fields but @count are protected by fit_handlers_lock.
 */
struct fit_handler {
	u32 opcode;
	const char *name;
	fit_handler_t fn;
	bool used;
	unsigned int active;
	atomic64_t count;
};

static DEFINE_SPINLOCK(fit_handlers_lock);
static struct fit_handler fit_handlers[FIT_MAX_HANDLERS];
static DECLARE_WAIT_QUEUE_HEAD(fit_handlers_idle);	/* an @active dropped to 0 */

static struct fit_handler *fit_handler_find(u32 opcode)
{
	unsigned int i;

	assert_spin_locked(&fit_handlers_lock);
	for (i = 0; i < FIT_MAX_HANDLERS; i++)
		if (fit_handlers[i].used && fit_handlers[i].opcode == opcode)
			return &fit_handlers[i];
	return NULL;
}

/**
 * fit_register_handler() - handle @opcode on this node
 * @opcode: the RPC
 * @name: a static string naming it in the statistics
 * @fn: the handler (see fit_handler_t)
 *
 * Return: 0, -EBUSY if @opcode already has a handler, -EINVAL for a NULL
 * @fn or @name, -ENOSPC if the table is full.
 * Context: any non-interrupt context.
 */
int fit_register_handler(u32 opcode, const char *name, fit_handler_t fn)
{
	struct fit_handler *h = NULL;
	unsigned int i;
	int ret = 0;

	if (!fn || !name)
		return -EINVAL;
	spin_lock(&fit_handlers_lock);
	if (fit_handler_find(opcode)) {
		ret = -EBUSY;
		goto out;
	}
	for (i = 0; i < FIT_MAX_HANDLERS && !h; i++)
		if (!fit_handlers[i].used && !fit_handlers[i].active)
			h = &fit_handlers[i];
	if (!h) {
		ret = -ENOSPC;
		goto out;
	}
	h->opcode = opcode;
	h->name = name;
	h->fn = fn;
	atomic64_set(&h->count, 0);
	h->used = true;
out:
	spin_unlock(&fit_handlers_lock);
	return ret;
}

/**
 * fit_unregister_handler() - stop handling @opcode
 * @opcode: the RPC
 *
 * New requests for @opcode get FIT_ENOSYS from now on; waits until the
 * invocations already running have returned. Warns if @opcode had no
 * handler. Context: process context; sleeps. Not from a handler of @opcode.
 */
void fit_unregister_handler(u32 opcode)
{
	struct fit_handler *h;

	spin_lock(&fit_handlers_lock);
	h = fit_handler_find(opcode);
	if (h)
		h->used = false;
	spin_unlock(&fit_handlers_lock);
	if (!h) {
		pr_warn("fit: unregister of opcode %#x, which has no handler\n", opcode);
		return;
	}
	wait_event(fit_handlers_idle, READ_ONCE(h->active) == 0);
}

/* Find @opcode's handler and pin it (->active) while it runs. */
static struct fit_handler *fit_handler_get(u32 opcode)
{
	struct fit_handler *h;

	spin_lock(&fit_handlers_lock);
	h = fit_handler_find(opcode);
	if (h)
		h->active++;
	spin_unlock(&fit_handlers_lock);
	return h;
}

static void fit_handler_put(struct fit_handler *h)
{
	bool idle;

	spin_lock(&fit_handlers_lock);
	idle = --h->active == 0;
	spin_unlock(&fit_handlers_lock);
	if (idle)
		wake_up_all(&fit_handlers_idle);
}

/* ------------------------------------------------------- handler thread pool */

/* A queued request: the header is 8-byte aligned, and so is the payload. */
struct fit_work {
	struct list_head node;
	u32 len;
	u32 _pad;
	struct fit_hdr hdr;
	u8 payload[];
};

static DEFINE_SPINLOCK(fit_work_lock);
static LIST_HEAD(fit_work_list);		/* struct fit_work.node; under fit_work_lock */
static DECLARE_WAIT_QUEUE_HEAD(fit_work_wq);	/* fit_work_list became non-empty */
static unsigned int fit_nr_threads;		/* written once by fit_init() */

static struct fit_work *fit_work_next(void)
{
	struct fit_work *w = NULL;

	spin_lock(&fit_work_lock);
	if (!list_empty(&fit_work_list)) {
		w = list_first_entry(&fit_work_list, struct fit_work, node);
		list_del(&w->node);
	}
	spin_unlock(&fit_work_lock);
	return w;
}

/* Run the handler of one request and send the reply from @reply. */
static void fit_run_request(const struct fit_work *w, void *reply)
{
	const struct fit_hdr *hdr = &w->hdr;
	struct fit_msg msg = {
		.src_node = hdr->src_node, .opcode = hdr->opcode,
		.req = w->payload, .req_len = hdr->payload_len,
	};
	u32 reply_max = min_t(u32, hdr->reply_max, FIT_MAX_MSG);
	struct fit_hdr rh;
	struct fit_handler *h;
	int status;

	atomic64_inc(&fit_stats.requests);
	h = fit_handler_get(hdr->opcode);
	if (h) {
		atomic64_inc(&h->count);
		status = h->fn(&msg, reply, reply_max);
		fit_handler_put(h);
		if (status > (int)reply_max) {
			atomic64_inc(&fit_stats.emsgsize);
			status = FIT_EMSGSIZE;
		}
	} else {
		atomic64_inc(&fit_stats.enosys);
		status = FIT_ENOSYS;
	}
	rh = (struct fit_hdr){
		.magic = FIT_MAGIC, .version = FIT_VERSION,
		.flags = FIT_F_REPLY | (status < 0 ? FIT_F_ERROR : 0),
		.opcode = hdr->opcode, .src_node = fit_local_node(),
		.dst_node = hdr->src_node, .payload_len = status > 0 ? status : 0,
		.call_id = hdr->call_id, .status = status,
	};
	fit_send(hdr->src_node, &rh, reply);	/* failures are counted */
}

/*
 * Sleep until there is work (returned) or the thread should stop (NULL).
 * Exclusive: one queued request wakes one idle thread, not the whole pool.
 */
static struct fit_work *fit_work_wait(void)
{
	struct wait_queue_entry we;
	struct fit_work *w;

	init_wait_entry(&we, WQ_FLAG_EXCLUSIVE);
	for (;;) {
		prepare_to_wait(&fit_work_wq, &we, TASK_UNINTERRUPTIBLE);
		w = fit_work_next();
		if (w || kthread_should_stop())
			break;
		schedule();
	}
	finish_wait(&fit_work_wq, &we);
	return w;
}

static int fit_handler_thread(void *reply)
{
	struct fit_work *w;

	while ((w = fit_work_wait())) {
		fit_run_request(w, reply);
		kfree(w);
	}
	kfree(reply);
	return 0;
}

static int fit_pool_start(void)
{
	unsigned int i, n = fit_nr_threads_param;
	struct task_struct *k;
	void *buf;

	if (!n)
		n = num_online_cpus();
	n = clamp(n, 1u, (unsigned int)FIT_MAX_POOL);
	for (i = 0; i < n; i++) {
		buf = kmalloc(FIT_MAX_MSG, GFP_KERNEL);
		if (!buf)
			break;
		k = kthread_run(fit_handler_thread, buf, "fit-h/%u", i);
		if (IS_ERR(k)) {
			kfree(buf);
			break;
		}
	}
	fit_nr_threads = i;
	return i ? 0 : -ENOMEM;
}

/* --------------------------------------------------------------- call table */

enum fit_slot_state { FIT_SLOT_FREE, FIT_SLOT_WAITING, FIT_SLOT_DONE };

/**
 * struct fit_slot - one outstanding call
 * @lock: protects every field below except @next_free
 * @gen: bumped at each allocation and release; a reply must carry it
 * @state: FIT_SLOT_*
 * @reply: the caller's buffer, written only in state WAITING
 * @reply_max: its size
 * @status: the call's result once DONE
 * @node: the node the call went to (fit_fail_calls_to())
 * @done: completed (under @lock) when the reply has been stored
 * @next_free: free-list link; protected by fit_calls_lock
 */
struct fit_slot {
	spinlock_t lock;
	u32 gen;
	u32 state;
	void *reply;
	u32 reply_max;
	int status;
	u32 node;
	struct completion done;
	u32 next_free;
};

static struct fit_slot *fit_slots;		/* FIT_MAX_CALLS, set by fit_init() */
static DEFINE_SPINLOCK(fit_calls_lock);
static u32 fit_free_head = FIT_SLOT_NONE;	/* under fit_calls_lock */
static DECLARE_WAIT_QUEUE_HEAD(fit_slots_wq);	/* a slot was freed */

static struct fit_slot *fit_slot_pop(void)
{
	struct fit_slot *s = NULL;

	spin_lock(&fit_calls_lock);
	if (fit_free_head != FIT_SLOT_NONE) {
		s = &fit_slots[fit_free_head];
		fit_free_head = s->next_free;
	}
	spin_unlock(&fit_calls_lock);
	return s;
}

static void fit_slot_push(struct fit_slot *s)
{
	spin_lock(&fit_calls_lock);
	s->next_free = fit_free_head;
	fit_free_head = s - fit_slots;
	spin_unlock(&fit_calls_lock);
	wake_up(&fit_slots_wq);
}

/* Take a slot for a call into @reply; sleeps while all are in use. */
static struct fit_slot *fit_slot_get(u32 node, void *reply, u32 reply_max, u32 *gen)
{
	struct fit_slot *s;

	wait_event(fit_slots_wq, (s = fit_slot_pop()) != NULL);
	spin_lock(&s->lock);
	s->gen++;
	s->state = FIT_SLOT_WAITING;
	s->reply = reply;
	s->reply_max = reply_max;
	s->status = 0;
	s->node = node;
	reinit_completion(&s->done);
	*gen = s->gen;
	spin_unlock(&s->lock);
	return s;
}

/* Give the slot up; returns the result if the reply came, else FIT_ETIMEDOUT. */
static int fit_slot_put(struct fit_slot *s)
{
	int ret = FIT_ETIMEDOUT;

	spin_lock(&s->lock);
	if (s->state == FIT_SLOT_DONE)
		ret = s->status;
	s->state = FIT_SLOT_FREE;
	s->reply = NULL;
	s->gen++;
	spin_unlock(&s->lock);
	fit_slot_push(s);
	return ret;
}

/**
 * fit_call() - send a request and wait for its reply
 * @node: destination node id, or FIT_NODE_SELF
 * @opcode: the RPC
 * @req: request bytes
 * @req_len: their length (<= FIT_MAX_MSG)
 * @reply: buffer for the reply
 * @reply_max: its size (only FIT_MAX_MSG bytes can come back)
 * @timeout_ms: give up after this long (0: the fit.timeout_ms default)
 *
 * Return: the reply length, the handler's negative errno, FIT_ETIMEDOUT,
 * FIT_EHOSTDOWN (unknown node, node down, no transport, FIT not up), FIT_EMSGSIZE
 * (request or reply too large), FIT_ENOSYS (no handler there), -EINVAL
 * (NULL buffer with a length), or a transport's send error.
 * Context: process context; sleeps.
 */
int fit_call(u32 node, u32 opcode, const void *req, u32 req_len,
	     void *reply, u32 reply_max, unsigned int timeout_ms)
{
	struct fit_slot *s;
	struct fit_hdr hdr;
	u32 gen;
	int err;

	if ((req_len && !req) || (reply_max && !reply))
		return -EINVAL;
	if (req_len > FIT_MAX_MSG) {
		atomic64_inc(&fit_stats.emsgsize);
		return FIT_EMSGSIZE;
	}
	if (!smp_load_acquire(&fit_ready))
		return FIT_EHOSTDOWN;
	if (node == FIT_NODE_SELF)
		node = fit_local_node();
	else if (!fit_node_valid(node))
		return FIT_EHOSTDOWN;
	/* a node marked down only gets probes (heartbeat, hello) */
	if (!fit_node_up(node) && opcode != FIT_OP_NOP && opcode != FIT_OP_HELLO) {
		atomic64_inc(&fit_stats.node_down);
		return FIT_EHOSTDOWN;
	}

	s = fit_slot_get(node, reply, min_t(u32, reply_max, FIT_MAX_MSG), &gen);
	hdr = (struct fit_hdr){
		.magic = FIT_MAGIC, .version = FIT_VERSION, .flags = FIT_F_REQUEST,
		.opcode = opcode, .src_node = fit_local_node(), .dst_node = node,
		.payload_len = req_len, .call_id = (u64)gen << 32 | (u32)(s - fit_slots),
		.reply_max = min_t(u32, reply_max, FIT_MAX_MSG),
	};
	atomic64_inc(&fit_stats.calls);
	err = fit_send(node, &hdr, req);
	if (err) {
		fit_slot_put(s);
		return err;
	}
	wait_for_completion_timeout(&s->done,
				    msecs_to_jiffies(timeout_ms ? timeout_ms : fit_timeout_ms));
	err = fit_slot_put(s);
	if (err == FIT_ETIMEDOUT)
		atomic64_inc(&fit_stats.timeouts);
	return err;
}

/**
 * fit_fail_calls_to() - fail every call waiting for @node
 * @node: a node just marked down
 *
 * Each waiting call to @node returns FIT_EHOSTDOWN at once; a reply that
 * still comes finds the slot done and is dropped as late.
 * Context: process context.
 */
void fit_fail_calls_to(u32 node)
{
	struct fit_slot *s;
	unsigned int i;

	if (!fit_slots)
		return;
	for (i = 0; i < FIT_MAX_CALLS; i++) {
		s = &fit_slots[i];
		spin_lock(&s->lock);
		if (s->state == FIT_SLOT_WAITING && s->node == node) {
			s->status = FIT_EHOSTDOWN;
			s->state = FIT_SLOT_DONE;
			complete(&s->done);
			atomic64_inc(&fit_stats.node_down);
		}
		spin_unlock(&s->lock);
	}
}

/* ------------------------------------------------------------------ receive */

/* Header checks every message must pass; @len is the whole message. */
static bool fit_hdr_valid(const struct fit_hdr *h, u32 len)
{
	u32 kind = h->flags & (FIT_F_REQUEST | FIT_F_REPLY);

	if (h->magic != FIT_MAGIC || h->version != FIT_VERSION)
		return false;
	if ((h->flags & ~FIT_F_ALL) || (kind != FIT_F_REQUEST && kind != FIT_F_REPLY))
		return false;
	if (h->payload_len > FIT_MAX_MSG || len != sizeof(*h) + h->payload_len)
		return false;
	if (h->dst_node != fit_local_node() || !fit_node_valid(h->src_node))
		return false;
	if (kind == FIT_F_REQUEST)
		return !(h->flags & FIT_F_ERROR) && h->status == 0;
	if ((u32)h->call_id >= FIT_MAX_CALLS)
		return false;
	if (h->flags & FIT_F_ERROR)
		return h->status < 0 && h->payload_len == 0;
	return h->status >= 0 && (u32)h->status == h->payload_len;
}

static void fit_recv_request(const struct fit_hdr *h, const void *payload)
{
	struct fit_work *w = kmalloc(sizeof(*w) + h->payload_len, GFP_KERNEL);

	if (!w) {
		atomic64_inc(&fit_stats.rx_nomem);
		return;
	}
	w->len = sizeof(*h) + h->payload_len;
	w->hdr = *h;
	memcpy(w->payload, payload, h->payload_len);
	spin_lock(&fit_work_lock);
	list_add_tail(&w->node, &fit_work_list);
	spin_unlock(&fit_work_lock);
	wake_up(&fit_work_wq);
}

static void fit_recv_reply(const struct fit_hdr *h, const void *payload)
{
	struct fit_slot *s = &fit_slots[(u32)h->call_id];
	int status = h->status;

	spin_lock(&s->lock);
	if (s->state != FIT_SLOT_WAITING || s->gen != (u32)(h->call_id >> 32)) {
		spin_unlock(&s->lock);
		atomic64_inc(&fit_stats.late_dropped);
		return;
	}
	if (status > 0 && (u32)status > s->reply_max) {
		atomic64_inc(&fit_stats.emsgsize);
		status = FIT_EMSGSIZE;
	} else if (status > 0) {
		memcpy(s->reply, payload, status);
	}
	s->status = status;
	s->state = FIT_SLOT_DONE;
	complete(&s->done);	/* under the lock: the slot cannot be reused meanwhile */
	spin_unlock(&s->lock);
	atomic64_inc(&fit_stats.replies);
}

/**
 * fit_recv() - hand one received message to FIT core
 * @msg: header plus payload; not kept after the return
 * @len: bytes at @msg
 *
 * Drops (and counts) malformed messages; queues requests for the handler
 * threads; stores replies for their waiting callers.
 * Context: a transport's receive thread; may sleep.
 */
void fit_recv(const void *msg, u32 len)
{
	struct fit_hdr h;

	if (!msg || len < sizeof(h) || !smp_load_acquire(&fit_ready))
		goto bad;
	memcpy(&h, msg, sizeof(h));
	if (!fit_hdr_valid(&h, len))
		goto bad;
	if (h.flags & FIT_F_REQUEST)
		fit_recv_request(&h, (const u8 *)msg + sizeof(h));
	else
		fit_recv_reply(&h, (const u8 *)msg + sizeof(h));
	return;
bad:
	atomic64_inc(&fit_stats.malformed);
}

/* -------------------------------------------------------------- statistics */

struct fit_sbuf {
	char *buf;		/* NULL: printk each line */
	size_t size, len;
};

static __printf(2, 3) void fit_sbuf_printf(struct fit_sbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (!sb->buf)
		vprintk(fmt, ap);
	else if (sb->len + 1 < sb->size)
		sb->len += vscnprintf(sb->buf + sb->len, sb->size - sb->len, fmt, ap);
	va_end(ap);
}

#define FIT_STAT(sb, f)	fit_sbuf_printf(sb, "fit: %-13s %llu\n", #f, \
					(unsigned long long)atomic64_read(&fit_stats.f))

static void fit_stats_emit(struct fit_sbuf *sb)
{
	struct fit_handler *h;
	unsigned int i;

	FIT_STAT(sb, calls);
	FIT_STAT(sb, replies);
	FIT_STAT(sb, timeouts);
	FIT_STAT(sb, late_dropped);
	FIT_STAT(sb, malformed);
	FIT_STAT(sb, requests);
	FIT_STAT(sb, enosys);
	FIT_STAT(sb, emsgsize);
	FIT_STAT(sb, send_errors);
	FIT_STAT(sb, no_route);
	FIT_STAT(sb, rx_nomem);
	FIT_STAT(sb, node_down);
	/* names are static strings; a racing unregister only stales a line */
	for (i = 0; i < FIT_MAX_HANDLERS; i++) {
		h = &fit_handlers[i];
		if (READ_ONCE(h->used))
			fit_sbuf_printf(sb, "fit: op %#06x %-20s %llu\n", h->opcode, h->name,
					(unsigned long long)atomic64_read(&h->count));
	}
}

/**
 * fit_dump_stats() - print FIT's counters and the per-opcode request counts
 *
 * Context: any non-interrupt context.
 */
void fit_dump_stats(void)
{
	struct fit_sbuf sb = { NULL, 0, 0 };
	const struct fit_transport_ops *t;
	unsigned int i;

	fit_stats_emit(&sb);
	for (i = 0; i < FIT_MAX_TRANSPORTS; i++) {
		t = smp_load_acquire(&fit_transports[i]);
		if (t && t->dump_stats)
			t->dump_stats();
	}
}

/**
 * fit_format_stats() - write the counters fit_dump_stats() prints into @buf
 * @buf: the buffer
 * @size: its size
 *
 * Return: bytes written, without the terminating NUL.
 * Context: any non-interrupt context.
 */
size_t fit_format_stats(char *buf, size_t size)
{
	struct fit_sbuf sb = { buf, size, 0 };

	if (!buf || !size)
		return 0;
	buf[0] = '\0';
	fit_stats_emit(&sb);
	return sb.len;
}

/* ---------------------------------------------------------------- built-ins */

static int fit_nop_handler(const struct fit_msg *msg, void *reply, u32 reply_max)
{
	return 0;
}

static int fit_echo_handler(const struct fit_msg *msg, void *reply, u32 reply_max)
{
	if (msg->req_len > reply_max)
		return -EMSGSIZE;
	memcpy(reply, msg->req, msg->req_len);
	return msg->req_len;
}

static int fit_calls_init(void)
{
	unsigned int i;

	fit_slots = kcalloc(FIT_MAX_CALLS, sizeof(*fit_slots), GFP_KERNEL);
	if (!fit_slots)
		return -ENOMEM;
	for (i = 0; i < FIT_MAX_CALLS; i++) {
		spin_lock_init(&fit_slots[i].lock);
		init_completion(&fit_slots[i].done);
		fit_slots[i].next_free = i + 1 < FIT_MAX_CALLS ? i + 1 : FIT_SLOT_NONE;
	}
	fit_free_head = 0;
	return 0;
}

static void fit_print_banner(void)
{
	const struct fit_transport_ops *t;
	char names[64] = "none";
	size_t len = 0;
	unsigned int i;

	for (i = 0; i < FIT_MAX_TRANSPORTS; i++) {
		t = smp_load_acquire(&fit_transports[i]);
		if (t)
			len += scnprintf(names + len, sizeof(names) - len, "%s%s",
					 len ? ", " : "", t->name);
	}
	pr_info("fit: node %u, transports: %s, %u handler threads\n",
		fit_local_node(), names, fit_nr_threads);
}

/**
 * fit_init() - bring FIT up on this node
 *
 * Reads the node table from the boot parameters, allocates the call table,
 * starts the handler threads, registers FIT's own RPCs and the transports
 * (loopback; the verbs transport when clustered: role processor/memory and
 * fit.nodes > 1),
 * and prints "fit: node N, transports: ..., M handler threads". On failure
 * FIT stays down and every fit_call() returns FIT_EHOSTDOWN.
 * Context: process context, once, after smp_init(); sleeps.
 */
void fit_init(void)
{
	int err;

	fit_node_init();
	err = fit_calls_init();
	if (!err)
		err = fit_pool_start();
	if (err) {
		pr_err("fit: cannot start (%d); FIT is down\n", err);
		return;
	}
	fit_register_handler(FIT_OP_NOP, "nop", fit_nop_handler);
	fit_register_handler(FIT_OP_ECHO, "echo", fit_echo_handler);
	fit_stress_register();
	smp_store_release(&fit_ready, true);
#ifdef CONFIG_FIT_LOOPBACK
	err = fit_loopback_init();
	if (err)
		pr_err("fit: loopback transport failed (%d)\n", err);
#else
	pr_warn("fit: built without CONFIG_FIT_LOOPBACK: no transport reaches this node\n");
#endif
	if (fit_clustered()) {
		err = fit_rdma_init();
		if (err)
			pr_err("fit: no network transport (%d): other nodes are unreachable\n",
			       err);
	}
	fit_print_banner();
	if (!fit_clustered())
		fit_bench_start();	/* clustered: once the peers are up */
}
