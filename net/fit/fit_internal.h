/* SPDX-License-Identifier: GPL-2.0 */
/*
 * FIT's private declarations, shared by net/fit/ files and the fit test
 * suite only: counters, the node table, the transports' hooks, the benchmarks.
 */
#ifndef _NET_FIT_INTERNAL_H
#define _NET_FIT_INTERNAL_H

#include <tessera/atomic.h>
#include <tessera/fit.h>
#include <tessera/fit_transport.h>

/*
 * FIT's global counters. Atomics: bumped from any thread without a lock;
 * read racily for printing.
 */
struct fit_stats {
	atomic64_t calls;		/* fit_call() attempts that were sent */
	atomic64_t replies;		/* replies matched to a waiting call */
	atomic64_t timeouts;		/* calls that returned FIT_ETIMEDOUT */
	atomic64_t late_dropped;	/* replies for no waiting call (late) */
	atomic64_t malformed;		/* messages dropped by validation */
	atomic64_t requests;		/* requests run (or answered ENOSYS) */
	atomic64_t enosys;		/* requests for an unregistered opcode */
	atomic64_t emsgsize;		/* oversized requests or replies */
	atomic64_t send_errors;		/* transport send() failures */
	atomic64_t no_route;		/* no transport reaches the node */
	atomic64_t rx_nomem;		/* requests dropped: no memory to queue */
	atomic64_t node_down;		/* calls refused or failed: node down */
};

extern struct fit_stats fit_stats;

/* node.c: validate fit.node=/fit.nodes= and fill the node table. */
void fit_node_init(void);
/* True if @node is in the node table (0 <= node < fit_nr_nodes()). */
bool fit_node_valid(u32 node);

#ifdef CONFIG_FIT_LOOPBACK
/* loopback.c: register the loopback transport. Return: 0 or -errno. */
int fit_loopback_init(void);
/*
 * Queue @len raw bytes at @msg on the loopback receive queue as if they had
 * arrived from the wire, without any check (tests inject malformed
 * messages with it). Return: 0 or -ENOMEM.
 */
int fit_loopback_inject(const void *msg, u32 len);
#endif

/* bench.c: start the fitbench thread if the boot parameter asks for it. */
void fit_bench_start(void);
/* stress.c: start fitstress= (from fit_cluster_up()); register FIT_OP_STRESS. */
void fit_stress_start(void);
int fit_stress_register(void);

/* node.c: @node's IPv4 address from fit.peers= (network order), 0 if none. */
u32 fit_node_ipv4(u32 node);
/* node.c: true when fit.nodes > 1 and this node is not role=single. */
bool fit_clustered(void);
/* core.c: fail every call waiting for @node with FIT_EHOSTDOWN. */
void fit_fail_calls_to(u32 node);

#ifdef CONFIG_FIT_RDMA
/* rdma.c: bring up the verbs transport. Return: 0 or -errno (-ENODEV: no device). */
int fit_rdma_init(void);
/* rdma.c: true if the verbs transport is running and reaches @node. */
bool fit_rdma_reaches(u32 node);
#else
static inline int fit_rdma_init(void) { return -ENODEV; }
static inline bool fit_rdma_reaches(u32 node) { return false; }
#endif

#endif /* _NET_FIT_INTERNAL_H */
