/* SPDX-License-Identifier: GPL-2.0 */
/*
 * FIT: the RPC layer between managers. A caller sends a request to a node
 * and waits for the reply with a timeout; the receiving node runs the
 * handler registered for the opcode in one of its handler threads. FIT
 * knows nothing of its users: managers register handlers, and net/fit/
 * includes no manager header. Transports (loopback today, RDMA verbs next)
 * sit behind struct fit_transport_ops (include/tessera/fit_transport.h).
 *
 * Opcodes are FIT's own number space (not syscall numbers); each RPC is
 * declared once in include/tessera/rpc/ (request struct, reply struct,
 * opcode, handler prototype), with _Static_assert'ed sizes.
 */
#ifndef _TESSERA_FIT_H
#define _TESSERA_FIT_H

#include <tessera/errno.h>
#include <tessera/types.h>

#define FIT_MAX_NODES		64
#define FIT_MAX_MSG		(4096 + 256)	/* a page plus a header, each way */
#define FIT_NODE_SELF		(~0u)		/* this node, over loopback */

/* Errors a call can return, beyond the handler's own negative errno. */
#define FIT_ETIMEDOUT		(-ETIMEDOUT)	/* no reply in time */
#define FIT_EHOSTDOWN		(-EHOSTDOWN)	/* node unknown or marked down */
#define FIT_EMSGSIZE		(-EMSGSIZE)	/* request or reply too large */
#define FIT_ENOSYS		(-ENOSYS)	/* no handler for the opcode there */

/**
 * struct fit_msg - what a handler sees
 * @src_node: the caller's node id
 * @opcode: the RPC
 * @req: the request bytes (valid until the handler returns)
 * @req_len: their length
 */
struct fit_msg {
	u32 src_node;
	u32 opcode;
	const void *req;
	u32 req_len;
};

/*
 * A handler validates @msg (length, fields) before touching any state, then
 * fills @reply (at most @reply_max bytes) and returns the reply length, or
 * a negative errno that the caller receives as the call's result. Handlers
 * run in FIT handler threads (may sleep). A malformed request gets -EINVAL
 * and a counter bump, never a BUG.
 */
typedef int (*fit_handler_t)(const struct fit_msg *msg, void *reply, u32 reply_max);

/* Register/unregister the handler for @opcode on this node (-EBUSY if taken). */
int fit_register_handler(u32 opcode, const char *name, fit_handler_t fn);
void fit_unregister_handler(u32 opcode);

/**
 * fit_call() - send a request and wait for its reply
 * @node: destination node id, or FIT_NODE_SELF
 * @opcode: the RPC
 * @req: request bytes; @req_len: their length (<= FIT_MAX_MSG)
 * @reply: buffer for the reply; @reply_max: its size
 * @timeout_ms: give up after this long (0: the fit.timeout_ms default)
 *
 * Many calls may be outstanding at once, from any CPU. A reply that arrives
 * after the caller gave up is dropped and counted, never written into the
 * caller's (possibly freed) buffer.
 * Return: reply length (>= 0), the handler's negative errno, or FIT_E*.
 * Context: process context; sleeps.
 */
int fit_call(u32 node, u32 opcode, const void *req, u32 req_len,
	     void *reply, u32 reply_max, unsigned int timeout_ms);

/* This node's id (boot parameter fit.node=, default 0). */
u32 fit_local_node(void);

/* Bring FIT up: node table from boot parameters, transports, handler threads. */
void fit_init(void);

/*
 * FIT's own opcodes (0x00-0xff; managers use 0x100 and up, see
 * include/tessera/rpc/, and 0xff00-0xffff is kept for test suites).
 * FIT_OP_NOP: empty request, empty reply (liveness, benchmark).
 * FIT_OP_ECHO: the reply is the request's bytes.
 */
#define FIT_OP_NOP		0x01
#define FIT_OP_ECHO		0x02
#define FIT_OP_TEST_BASE	0xff00

/* Print FIT's counters (calls, replies, timeouts, drops, per opcode). */
void fit_dump_stats(void);

/*
 * fit_format_stats() - the same counters as text, for a /proc file
 * Return: bytes written to @buf (without the NUL; @buf is always
 * terminated when @size > 0).
 */
size_t fit_format_stats(char *buf, size_t size);

/* Number of nodes in the node table (boot parameter fit.nodes=, default 1). */
u32 fit_nr_nodes(void);

/*
 * The cluster (net/fit/node.c, Documentation/cluster.md). Every node boots
 * the same image; role=, fit.node=, fit.nodes= and fit.peers= say what it
 * is and where the others are.
 */
enum fit_role {
	FIT_ROLE_UNKNOWN,	/* a peer that has not said hello yet */
	FIT_ROLE_SINGLE,	/* P and M in one kernel, over loopback */
	FIT_ROLE_PROCESSOR,	/* runs user processes (P) */
	FIT_ROLE_MEMORY,	/* owns memory and files (M) */
};

/* FIT_OP_HELLO: request and reply (struct fit_hello): who is there, in which role. */
#define FIT_OP_HELLO		0x03
/* FIT_OP_STRESS: checksummed echo that counts re-executions (fitstress=). */
#define FIT_OP_STRESS		0x04
/* FIT_OP_STATS: empty request; the receiver prints its FIT counters on its console. */
#define FIT_OP_STATS		0x05

/**
 * fit_dump_cluster_stats() - print FIT counters here and on every peer
 *
 * Prints this node's counters (fit_dump_stats()) and asks each peer that is
 * up to print its own on its console (FIT_OP_STATS, 1 s timeout each).
 * Context: process context; sleeps. For a processor node's exit path.
 */
void fit_dump_cluster_stats(void);

/**
 * fit_set_role() - set this node's role from the role= boot parameter
 * @name: "single", "processor" or "memory"
 *
 * Return: 0, or -EINVAL for another name (the role stays single).
 * Context: boot (check_role()), before fit_init().
 */
int fit_set_role(const char *name);

/* This node's role (FIT_ROLE_SINGLE unless fit_set_role() said otherwise). */
enum fit_role fit_local_role(void);

/* Short name of @role ("single", "processor", "memory", "unknown"). */
const char *fit_role_name(enum fit_role role);

/**
 * fit_memory_node() - the node a processor creates address spaces on
 *
 * Return: FIT_NODE_SELF on role=single; otherwise the lowest node that
 * said hello as a memory node, else the first fit.memory= id, else the
 * lowest other node. Context: any.
 */
u32 fit_memory_node(void);

/* True if @node answers (this node, or a peer marked up). Context: any. */
bool fit_node_up(u32 node);

/*
 * A node went down (@up false: calls to it fail with FIT_EHOSTDOWN, the
 * ones waiting are failed at once) or came up again. Called from a FIT
 * thread (process context, may sleep, no FIT lock held), once per change.
 */
typedef void (*fit_node_event_t)(u32 node, bool up);

/*
 * fit_register_node_event() - call @fn on every node up/down change.
 * Return: 0, -EINVAL (NULL), -ENOSPC (4 callbacks taken). Context: process.
 */
int fit_register_node_event(fit_node_event_t fn);

/**
 * fit_cluster_up() - answer peers and wait for them
 *
 * Registers FIT_OP_HELLO (so peers see this node only once its managers
 * have registered their handlers), then waits for every peer to say hello,
 * printing "fit: waiting for node N (a.b.c.d)..." and "fit: node N up
 * after S s", or, after fit.wait_ms=, "fit: node N ... did not answer" (the
 * node is marked down and the boot carries on). Starts the heartbeat.
 * A no-op on a one-node cluster.
 * Context: boot, process context, after the local managers' init; sleeps.
 */
void fit_cluster_up(void);

#endif /* _TESSERA_FIT_H */
