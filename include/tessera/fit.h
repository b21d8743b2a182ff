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

#endif /* _TESSERA_FIT_H */
