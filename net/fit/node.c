// SPDX-License-Identifier: GPL-2.0
/*
 * FIT's cluster table: this node's id and role, the peers and their IPv4
 * addresses from boot parameters, their up/down state, the boot-time wait.
 */
#include <tessera/fit.h>
#include <tessera/fit_transport.h>
#include <tessera/kthread.h>
#include <tessera/param.h>
#include <tessera/printk.h>
#include <tessera/sched.h>
#include <tessera/spinlock.h>
#include <tessera/string.h>
#include <tessera/time.h>
#include <tessera/vsprintf.h>
#include "fit_internal.h"

static unsigned int fit_node_param;
param_uint(fit.node, fit_node_param, "this node's FIT id, 0..fit.nodes-1 (default 0)");
static unsigned int fit_nodes_param = 1;
param_uint(fit.nodes, fit_nodes_param,
	   "number of FIT nodes, 1..64 (default 1, or the length of fit.peers=)");
static char fit_peers_param[FIT_MAX_NODES * 16];
param_string(fit.peers, fit_peers_param,
	     "IPv4 address of every node, indexed by node id: a.b.c.d,a.b.c.d,...");
static unsigned int fit_memory_param = ~0u;
param_uint(fit.memory, fit_memory_param,
	   "memory node a processor uses until a peer says hello as one (default: lowest other node)");
static unsigned int fit_wait_ms = 60000;
param_uint(fit.wait_ms, fit_wait_ms,
	   "how long a booting node waits for its peers, in ms (default 60000; 0: no wait)");
static unsigned int fit_heartbeat_ms = 1000;
param_uint(fit.heartbeat_ms, fit_heartbeat_ms,
	   "heartbeat (FIT_OP_NOP) period per peer in ms (default 1000; 0: off)");
static unsigned int fit_heartbeat_misses = 3;
param_uint(fit.heartbeat_misses, fit_heartbeat_misses,
	   "missed heartbeats before a peer is reported down (default 3)");

/* Written once by fit_set_role()/fit_node_init() before FIT is ready; read anywhere. */
static enum fit_role fit_role = FIT_ROLE_SINGLE;
static u32 fit_self;
static u32 fit_nodes = 1;

/**
 * struct fit_node - what this node knows about one node of the cluster
 * @ipv4: its address (network order) from fit.peers=, 0 if not given
 * @role: what its hello said (FIT_ROLE_UNKNOWN before)
 * @up: answering; this node is always up
 * @misses: heartbeats missed in a row (heartbeat thread only)
 *
 * @ipv4 is written once by fit_node_init(); @role and @up under
 * fit_node_lock (read with READ_ONCE elsewhere); @misses by one thread.
 */
struct fit_node {
	u32 ipv4;
	u32 role;
	bool up;
	u32 misses;
};

static DEFINE_SPINLOCK(fit_node_lock);
static struct fit_node fit_node_tab[FIT_MAX_NODES];

#define FIT_MAX_NODE_EVENTS	4
/* Append-only under fit_node_lock; read with acquire loads. */
static fit_node_event_t fit_node_events[FIT_MAX_NODE_EVENTS];

/* Parse "a.b.c.d" at *@sp up to ',' or the end; advance *@sp. Return: 0 or -EINVAL. */
static int fit_parse_ipv4(const char **sp, u32 *out)
{
	const char *s = *sp;
	u8 b[4];
	unsigned int i, v, digits;

	for (i = 0; i < 4; i++) {
		v = 0;
		digits = 0;
		while (*s >= '0' && *s <= '9' && digits < 4) {
			v = v * 10 + (*s++ - '0');
			digits++;
		}
		if (!digits || digits > 3 || v > 255)
			return -EINVAL;
		b[i] = v;
		if (i < 3 && *s++ != '.')
			return -EINVAL;
	}
	if (*s && *s != ',')
		return -EINVAL;
	if (*s)
		s++;
	*sp = s;
	memcpy(out, b, 4);	/* network order: a first */
	return 0;
}

/* Fill fit_node_tab[].ipv4 from fit.peers=. Return: the count, or -EINVAL. */
static int fit_parse_peers(void)
{
	const char *s = fit_peers_param;
	u32 ip;
	int n = 0;

	while (*s) {
		if (n == FIT_MAX_NODES || fit_parse_ipv4(&s, &ip))
			return -EINVAL;
		fit_node_tab[n++].ipv4 = ip;
	}
	return n;
}

/**
 * fit_node_init() - validate the cluster parameters and fill the table
 *
 * A bad fit.nodes= (0 or more than FIT_MAX_NODES) falls back to 1 node, a
 * fit.node= outside the table falls back to node 0, a malformed fit.peers=
 * or one whose length is not fit.nodes= is ignored; all are reported.
 * fit.nodes= may be left out when fit.peers= is given.
 * Context: fit_init(), once.
 */
void fit_node_init(void)
{
	int peers = fit_parse_peers();

	if (peers < 0) {
		pr_err("fit: fit.peers=%s: want a.b.c.d,a.b.c.d,... (at most %u); ignored\n",
		       fit_peers_param, FIT_MAX_NODES);
		memset(fit_node_tab, 0, sizeof(fit_node_tab));
		peers = 0;
	}
	fit_nodes = fit_nodes_param;
	if (fit_nodes == 1 && peers > 1)
		fit_nodes = peers;
	if (fit_nodes < 1 || fit_nodes > FIT_MAX_NODES) {
		pr_err("fit: fit.nodes=%u out of range 1..%u; using 1\n",
		       fit_nodes_param, FIT_MAX_NODES);
		fit_nodes = 1;
	}
	if (peers && (u32)peers != fit_nodes) {
		pr_err("fit: fit.peers= names %d nodes but fit.nodes=%u; addresses ignored\n",
		       peers, fit_nodes);
		memset(fit_node_tab, 0, sizeof(fit_node_tab));
	}
	fit_self = fit_node_param;
	if (fit_self >= fit_nodes) {
		pr_err("fit: fit.node=%u not below fit.nodes=%u; using node 0\n",
		       fit_node_param, fit_nodes);
		fit_self = 0;
	}
	if (fit_nodes > 1 && fit_role == FIT_ROLE_SINGLE)
		pr_warn("fit: role=single with fit.nodes=%u: other nodes are not contacted\n",
			fit_nodes);
	fit_node_tab[fit_self].up = true;
	fit_node_tab[fit_self].role = fit_role;
}

/**
 * fit_set_role() - set this node's role from the role= boot parameter
 * @name: "single", "processor" or "memory"
 *
 * Return: 0, or -EINVAL (the role stays what it was). Context: boot, before fit_init().
 */
int fit_set_role(const char *name)
{
	if (!strcmp(name, "single"))
		fit_role = FIT_ROLE_SINGLE;
	else if (!strcmp(name, "processor"))
		fit_role = FIT_ROLE_PROCESSOR;
	else if (!strcmp(name, "memory"))
		fit_role = FIT_ROLE_MEMORY;
	else
		return -EINVAL;
	return 0;
}

/**
 * fit_local_role() - this node's role
 *
 * Return: the role fit_set_role() set, FIT_ROLE_SINGLE by default. Context: any.
 */
enum fit_role fit_local_role(void)
{
	return fit_role;
}

/**
 * fit_role_name() - a role's name
 * @role: the role
 *
 * Return: a static string. Context: any.
 */
const char *fit_role_name(enum fit_role role)
{
	switch (role) {
	case FIT_ROLE_SINGLE:		return "single";
	case FIT_ROLE_PROCESSOR:	return "processor";
	case FIT_ROLE_MEMORY:		return "memory";
	default:			return "unknown";
	}
}

/**
 * fit_local_node() - this node's id
 *
 * Return: the id from fit.node= (default 0). Context: any.
 */
u32 fit_local_node(void)
{
	return fit_self;
}

/**
 * fit_nr_nodes() - size of the node table
 *
 * Return: fit.nodes= (default 1). Context: any.
 */
u32 fit_nr_nodes(void)
{
	return fit_nodes;
}

/**
 * fit_node_valid() - is @node in the node table?
 * @node: a node id (not FIT_NODE_SELF)
 *
 * Return: true for 0 <= @node < fit_nr_nodes(). Context: any.
 */
bool fit_node_valid(u32 node)
{
	return node < fit_nodes;
}

/**
 * fit_clustered() - does this node talk to other nodes?
 *
 * Return: true when fit.nodes > 1 and the role is not single. Context: any.
 */
bool fit_clustered(void)
{
	return fit_nodes > 1 && fit_role != FIT_ROLE_SINGLE;
}

/**
 * fit_node_ipv4() - a node's IPv4 address from fit.peers=
 * @node: a node id
 *
 * Return: the address in network order, or 0. Context: any.
 */
u32 fit_node_ipv4(u32 node)
{
	return node < fit_nodes ? fit_node_tab[node].ipv4 : 0;
}

/**
 * fit_node_up() - does @node answer?
 * @node: a node id or FIT_NODE_SELF
 *
 * Return: true for this node and for peers marked up. Context: any.
 */
bool fit_node_up(u32 node)
{
	if (node == FIT_NODE_SELF || node == fit_self)
		return true;
	return node < fit_nodes && READ_ONCE(fit_node_tab[node].up);
}

/**
 * fit_memory_node() - the node a processor creates address spaces on
 *
 * Return: FIT_NODE_SELF unless clustered; else the lowest node whose hello
 * said memory, else fit.memory=, else the lowest node other than this one.
 * Context: any.
 */
u32 fit_memory_node(void)
{
	u32 i;

	if (!fit_clustered())
		return FIT_NODE_SELF;
	for (i = 0; i < fit_nodes; i++)
		if (i != fit_self && READ_ONCE(fit_node_tab[i].role) == FIT_ROLE_MEMORY)
			return i;
	if (fit_memory_param < fit_nodes && fit_memory_param != fit_self)
		return fit_memory_param;
	return fit_self == 0 ? 1 : 0;
}

/**
 * fit_register_node_event() - call @fn on every node up/down change
 * @fn: the callback (see fit_node_event_t)
 *
 * Return: 0, -EINVAL for NULL, -ENOSPC when 4 are registered.
 * Context: process context.
 */
int fit_register_node_event(fit_node_event_t fn)
{
	unsigned int i;
	int ret = -ENOSPC;

	if (!fn)
		return -EINVAL;
	spin_lock(&fit_node_lock);
	for (i = 0; i < FIT_MAX_NODE_EVENTS; i++) {
		if (!fit_node_events[i]) {
			smp_store_release(&fit_node_events[i], fn);
			ret = 0;
			break;
		}
	}
	spin_unlock(&fit_node_lock);
	return ret;
}

/* "(a.b.c.d)" of @node, or "" without an address. */
static void fit_node_addr(u32 node, char *buf, size_t size)
{
	const u8 *b = (const u8 *)&fit_node_tab[node].ipv4;

	if (fit_node_tab[node].ipv4)
		snprintf(buf, size, " (%u.%u.%u.%u)", b[0], b[1], b[2], b[3]);
	else
		buf[0] = '\0';
}

/**
 * fit_node_set_up() - record a peer's state change and tell the managers
 * @node: the peer
 * @up: reachable, or gone
 * @why: the reason for the log line
 *
 * Context: process context, may sleep.
 */
void fit_node_set_up(u32 node, bool up, const char *why)
{
	fit_node_event_t fn;
	char addr[24];
	unsigned int i;
	bool changed;

	if (node >= fit_nodes || node == fit_self)
		return;
	spin_lock(&fit_node_lock);
	changed = fit_node_tab[node].up != up;
	WRITE_ONCE(fit_node_tab[node].up, up);
	spin_unlock(&fit_node_lock);
	if (!changed)
		return;
	fit_node_addr(node, addr, sizeof(addr));
	if (up) {
		pr_info("fit: node %u%s is up (%s)\n", node, addr, why);
	} else {
		pr_err("fit: node %u%s is down (%s); calls to it fail with -EHOSTDOWN\n",
		       node, addr, why);
		fit_fail_calls_to(node);
	}
	for (i = 0; i < FIT_MAX_NODE_EVENTS; i++) {
		fn = smp_load_acquire(&fit_node_events[i]);
		if (fn)
			fn(node, up);
	}
}

/* FIT_OP_HELLO: record the caller's role, answer with ours. */
static int fit_hello_handler(const struct fit_msg *msg, void *reply, u32 reply_max)
{
	const struct fit_hello *h = msg->req;
	struct fit_hello me = {
		.node = fit_self, .role = fit_role, .nodes = fit_nodes,
	};

	if (msg->req_len != sizeof(*h) || h->node != msg->src_node ||
	    h->role > FIT_ROLE_MEMORY || reply_max < sizeof(me))
		return -EINVAL;
	if (h->nodes != fit_nodes)
		pr_warn("fit: node %u has fit.nodes=%u, this node %u\n",
			msg->src_node, h->nodes, fit_nodes);
	WRITE_ONCE(fit_node_tab[msg->src_node].role, h->role);
	memcpy(reply, &me, sizeof(me));
	return sizeof(me);
}

/* Say hello to @node once. Return: 0 (it answered) or the call's error. */
static int fit_hello(u32 node, unsigned int timeout_ms)
{
	struct fit_hello me = { .node = fit_self, .role = fit_role, .nodes = fit_nodes };
	struct fit_hello them;
	int ret;

	ret = fit_call(node, FIT_OP_HELLO, &me, sizeof(me), &them, sizeof(them), timeout_ms);
	if (ret < 0)
		return ret;
	if (ret != sizeof(them) || them.node != node || them.role > FIT_ROLE_MEMORY)
		return -EPROTO;
	WRITE_ONCE(fit_node_tab[node].role, them.role);
	return 0;
}

/* Wait for @node until @deadline (ns); print the outcome. */
static void fit_wait_for(u32 node, u64 start, u64 deadline)
{
	unsigned int step = 500;	/* ms per hello attempt */
	char addr[24];
	u64 ms;
	int ret = -ETIMEDOUT;

	fit_node_addr(node, addr, sizeof(addr));
	pr_info("fit: waiting for node %u%s...\n", node, addr);
	do {
		ret = fit_hello(node, step);
		if (!ret)
			break;
		if (ret != -ETIMEDOUT)	/* refused at once (no route, ENOSYS): pace */
			msleep(step);
	} while (ktime_get_ns() < deadline);
	ms = (ktime_get_ns() - start) / NSEC_PER_MSEC;
	if (!ret) {
		pr_info("fit: node %u%s up after %llu.%llu s (%s)\n", node, addr,
			(unsigned long long)ms / 1000, (unsigned long long)ms % 1000 / 100,
			fit_role_name(READ_ONCE(fit_node_tab[node].role)));
		fit_node_set_up(node, true, "hello");
	} else {
		pr_err("fit: node %u%s did not answer in %u ms (last error %d); carrying on without it\n",
		       node, addr, fit_wait_ms, ret);
	}
}

/* Probe every peer each fit.heartbeat_ms; report changes. */
static int fit_heartbeat_main(void *unused)
{
	u32 node;
	int ret;

	while (!kthread_should_stop()) {
		msleep(fit_heartbeat_ms);
		for (node = 0; node < fit_nodes; node++) {
			if (node == fit_self)
				continue;
			if (READ_ONCE(fit_node_tab[node].role))
				ret = fit_call(node, FIT_OP_NOP, NULL, 0, NULL, 0,
					       fit_heartbeat_ms);
			else	/* never heard of: learn its role too */
				ret = fit_hello(node, fit_heartbeat_ms);
			if (ret >= 0) {
				fit_node_tab[node].misses = 0;
				fit_node_set_up(node, true, "heartbeat");
			} else if (++fit_node_tab[node].misses >= fit_heartbeat_misses) {
				fit_node_set_up(node, false, "no heartbeat");
			}
		}
	}
	return 0;
}

/* FIT_OP_STATS: print this node's counters, naming who asked. */
static int fit_stats_handler(const struct fit_msg *msg, void *reply, u32 reply_max)
{
	if (msg->req_len)
		return -EINVAL;
	pr_info("fit: counters of node %u (%s), asked by node %u:\n", fit_self,
		fit_role_name(fit_role), msg->src_node);
	fit_dump_stats();
	return 0;
}

/**
 * fit_dump_cluster_stats() - print FIT counters here and on every peer
 *
 * Context: process context; sleeps (at most 1 s per peer).
 */
void fit_dump_cluster_stats(void)
{
	u32 node;

	pr_info("fit: counters of node %u (%s):\n", fit_self, fit_role_name(fit_role));
	fit_dump_stats();
	if (!fit_clustered())
		return;
	for (node = 0; node < fit_nodes; node++)
		if (node != fit_self && fit_node_up(node))
			fit_call(node, FIT_OP_STATS, NULL, 0, NULL, 0, 1000);
}

/**
 * fit_cluster_up() - answer peers and wait for them
 *
 * See <tessera/fit.h>. Context: boot, process context, once; sleeps.
 */
void fit_cluster_up(void)
{
	struct task_struct *k;
	u64 start, deadline;
	u32 node;
	int err;

	err = fit_register_handler(FIT_OP_HELLO, "hello", fit_hello_handler);
	if (!err)
		err = fit_register_handler(FIT_OP_STATS, "stats", fit_stats_handler);
	if (err)
		pr_err("fit: cannot register hello/stats: %d\n", err);
	if (!fit_clustered())
		goto out;
	pr_info("fit: node %u of %u, role %s\n", fit_self, fit_nodes, fit_role_name(fit_role));
	start = ktime_get_ns();
	deadline = start + (u64)fit_wait_ms * NSEC_PER_MSEC;
	for (node = 0; node < fit_nodes; node++)
		if (node != fit_self)
			fit_wait_for(node, start, deadline);
	if (fit_heartbeat_ms) {
		k = kthread_run(fit_heartbeat_main, NULL, "fit-hb");
		if (IS_ERR(k))
			pr_err("fit: no heartbeat thread (%ld): dead peers are seen by call timeouts only\n",
			       PTR_ERR(k));
	}
	fit_bench_start();
out:
	fit_stress_start();
}
