/* SPDX-License-Identifier: GPL-2.0 */
/*
 * FIT transports: the wire header every FIT message carries, and the
 * interface a transport (loopback today, RDMA verbs next) implements.
 *
 * A message on the wire is one struct fit_hdr followed by @payload_len
 * bytes. A transport moves whole messages between nodes; it does not look
 * inside them beyond what it needs to route them. Sending: core calls
 * ops->send(); the transport has copied the message (or put it on the
 * wire) by the time send() returns. Receiving: the transport hands each
 * whole message it received to fit_recv(), which validates the header and
 * either queues a request for a handler thread or completes a waiting call.
 */
#ifndef _TESSERA_FIT_TRANSPORT_H
#define _TESSERA_FIT_TRANSPORT_H

#include <tessera/types.h>

#define FIT_MAGIC		0x31544946u	/* "FIT1" in memory order */
#define FIT_VERSION		1

/* fit_hdr.flags: exactly one of REQUEST / REPLY; ERROR only with REPLY. */
#define FIT_F_REQUEST		0x0001
#define FIT_F_REPLY		0x0002
#define FIT_F_ERROR		0x0004	/* reply: @status is a negative errno */
#define FIT_F_ALL		(FIT_F_REQUEST | FIT_F_REPLY | FIT_F_ERROR)

/**
 * struct fit_hdr - the header of every FIT message (little-endian)
 * @magic: FIT_MAGIC
 * @version: FIT_VERSION
 * @flags: FIT_F_*
 * @opcode: the RPC (a reply repeats the request's)
 * @src_node: the sender's node id
 * @dst_node: the receiver's node id
 * @payload_len: bytes after the header (<= FIT_MAX_MSG)
 * @call_id: chosen by the caller, echoed in the reply: slot | generation << 32
 * @status: reply: the handler's result (reply length or -errno); request: 0
 * @reply_max: request: the caller's reply buffer size; reply: 0
 */
struct fit_hdr {
	u32 magic;
	u16 version;
	u16 flags;
	u32 opcode;
	u32 src_node;
	u32 dst_node;
	u32 payload_len;
	u64 call_id;
	s32 status;
	u32 reply_max;
};
_Static_assert(sizeof(struct fit_hdr) == 40, "fit_hdr wire layout");

/**
 * struct fit_transport_ops - one transport
 * @name: short name for the boot log and stats ("loopback")
 * @reaches: required; true if this transport can deliver to @node
 * @send: required; deliver @hdr followed by @hdr->payload_len bytes at
 *	@payload to @node. The transport copies both before it returns (the
 *	caller's buffers may be reused at once). Return: 0, or a negative
 *	errno (-ENOMEM, -EHOSTDOWN...) when the message was not sent.
 *	Context: process context; may sleep.
 * @start: optional; bring the transport up (threads, queues, links).
 *	Called once by fit_transport_register(). Return: 0 or -errno (the
 *	transport is then not registered).
 * @dump_stats: optional; print the transport's own counters (fit_dump_stats()).
 *
 * Receive side: the transport calls fit_recv() once per whole message,
 * from its own thread (process context, may sleep), never from an
 * interrupt handler.
 */
struct fit_transport_ops {
	const char *name;
	bool (*reaches)(u32 node);
	int (*send)(u32 node, const struct fit_hdr *hdr, const void *payload);
	int (*start)(void);
	void (*dump_stats)(void);
};

#define FIT_MAX_TRANSPORTS	4

/*
 * fit_transport_register() - add @ops to the transport registry
 *
 * The registry is an array guarded by fit_transports_lock (a spinlock in
 * net/fit/core.c) for writers; entries are published with a release store
 * and read without the lock by the send path. A transport is never removed.
 * Return: 0; -EINVAL for ops without @name, @reaches or @send; -ENOSPC when
 * FIT_MAX_TRANSPORTS are registered; or @start's error.
 * Context: process context (fit_init()), may sleep.
 */
int fit_transport_register(const struct fit_transport_ops *ops);

/*
 * fit_recv() - hand one received message to FIT core
 * @msg: header plus payload; only read, and not kept after the return
 * @len: bytes at @msg
 *
 * A message with a bad magic, version, flags, destination or length is
 * dropped and counted (fit_dump_stats(): "malformed"). Context: the
 * transport's receive thread; may sleep (allocates).
 */
void fit_recv(const void *msg, u32 len);

/*
 * fit_node_set_up() - a transport (or the heartbeat) reports a peer's state
 * @node: the peer (not this node)
 * @up: reachable again, or gone
 * @why: a short reason for the log line ("retry exceeded", "no heartbeat")
 *
 * Going down fails every call waiting for @node with FIT_EHOSTDOWN and
 * makes new calls to it (other than FIT_OP_NOP/FIT_OP_HELLO probes) fail at
 * once; the callbacks of fit_register_node_event() run. Repeated reports of
 * the same state are ignored. Context: process context, may sleep; not
 * under a lock the callbacks could take.
 */
void fit_node_set_up(u32 node, bool up, const char *why);

/*
 * struct fit_hello - FIT_OP_HELLO request and reply
 * @node: the sender's node id
 * @role: its enum fit_role
 * @nodes: its fit.nodes= (a mismatch is reported)
 * @_pad: zero
 */
struct fit_hello {
	u32 node;
	u32 role;
	u32 nodes;
	u32 _pad;
};
_Static_assert(sizeof(struct fit_hello) == 16, "fit_hello wire layout");

#endif /* _TESSERA_FIT_TRANSPORT_H */
