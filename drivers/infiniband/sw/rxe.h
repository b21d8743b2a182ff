/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Software RoCE v2 provider internals: the device, its provider thread and
 * counters, per-QP queues and protocol state, and the functions between files.
 */
#ifndef _DRIVERS_INFINIBAND_SW_RXE_H
#define _DRIVERS_INFINIBAND_SW_RXE_H

#include <tessera/completion.h>
#include <tessera/ib_verbs.h>
#include <tessera/list.h>
#include <tessera/netdev.h>
#include <tessera/roce_psn.h>
#include <tessera/roce_wire.h>
#include <tessera/spinlock.h>
#include <tessera/wait.h>

#define RXE_RXQ_SLOTS		512	/* received frames waiting for the thread */
#define RXE_SLOT_SIZE		1536	/* >= ETH_FRAME_LEN */
#define RXE_WINDOW		64	/* PSNs a requester keeps outstanding */
#define RXE_READ_CHUNK		32	/* response packets per READ request */
#define RXE_MAX_READ_LEN	(16u << 20)	/* longer READ requests are NAKed */
#define RXE_NEIGH_MAX		32
#define RXE_ACK_EVERY		16	/* responder ACKs at least this often */
#define RXE_XMIT_TRIES		2000	/* -EBUSY retries before a frame is dropped */
#define RXE_ARP_RETRY_NS	(100ULL * 1000 * 1000)

/*
 * Counters. Each is written by one context only: the RXE_C_RX_QFULL and
 * RXE_C_RX_QUEUED ones by the net device's receive path under rxq_lock,
 * all others by the provider thread. Read anywhere without a lock.
 */
enum rxe_counter {
	RXE_C_RX_QUEUED,	/* frames copied into the receive queue */
	RXE_C_RX_QFULL,		/* frames dropped: receive queue full */
	RXE_C_RX_OVERSIZE,	/* frames dropped: longer than a slot */
	RXE_C_RX_DROP_INJECTED,	/* frames dropped by roce.drop */
	RXE_C_RX_OTHER_PROTO,	/* neither ARP nor IPv4 */
	RXE_C_RX_NOT_ROCE,	/* IPv4 frames roce_parse() refused (see wire_err) */
	RXE_C_RX_NOT_FOR_US,	/* wrong destination MAC or IP */
	RXE_C_RX_UNKNOWN_QP,	/* no such QP, or not this device's */
	RXE_C_RX_BAD_STATE,	/* QP not in a state that takes the packet */
	RXE_C_RX_BAD_OPSEQ,	/* opcode out of message sequence (NAKed) */
	RXE_C_RX_BAD_LENGTH,	/* payload length wrong for the message (NAKed) */
	RXE_C_RX_DUPLICATE,	/* duplicate requests (not executed again) */
	RXE_C_RX_OOO_DROP,	/* requests past a gap already NAKed */
	RXE_C_RX_STALE_RESP,	/* ACKs/responses for nothing in flight, or misplaced */
	RXE_C_RX_IMPLICIT_NAK,	/* ACKs past a READ whose responses were lost */
	RXE_C_RX_BAD_ARP,
	RXE_C_ARP_RX,
	RXE_C_ARP_TX,
	RXE_C_TX_FRAMES,
	RXE_C_TX_BUSY_DROP,	/* the NIC ring stayed full: frame dropped */
	RXE_C_TX_NO_NEIGH,	/* no MAC for the destination yet: dropped, ARP sent */
	RXE_C_TX_BUILD_ERR,
	RXE_C_RETRANSMIT,	/* packets sent again */
	RXE_C_TIMEOUT,		/* retransmission timer expiries */
	RXE_C_ACK_TX,
	RXE_C_SEQ_NAK_TX,
	RXE_C_RNR_NAK_TX,
	RXE_C_ACCESS_NAK_TX,
	RXE_C_INVAL_NAK_TX,
	RXE_C_RNR_NAK_RX,
	RXE_C_SEQ_NAK_RX,
	RXE_C_FATAL_NAK_RX,
	RXE_C_READ_RESP_TX,
	RXE_C_NR
};

/**
 * struct rxe_neigh - one IPv4 → MAC entry
 * @ip: host order; 0 = free
 * @mac: the address (all zero while unresolved)
 * @is_static: from roce.neigh (ARP does not overwrite it)
 * @arp_sent: when the last ARP request for @ip went out (ns)
 */
struct rxe_neigh {
	u32 ip;
	u8 mac[ETH_ALEN];
	bool is_static;
	u64 arp_sent;
};

/**
 * struct rxe_dev - one software RoCE device on one net device
 * @ib: the verbs device
 * @ndev: the Ethernet device under it
 * @ip: its IPv4 address (host order); the GID is its IPv4-mapped form
 * @mtu: the active path MTU (IB_MTU_*), the largest that fits @ndev
 * @task: the provider thread (pinned), which owns everything marked
 *	"thread" below and in struct rxe_qp
 * @wq: the thread sleeps here; @kick is set (then @wq woken) by anyone
 *	who gives it work
 * @rxq_lock: protects @rxq_head, @rxq_count and the slots they cover
 *	(taken with interrupts off; the receive handler holds it briefly)
 * @rxq, @rxq_len: RXE_RXQ_SLOTS frames of RXE_SLOT_SIZE bytes and lengths
 * @cmd_lock: protects @cmds; commands (create/modify/destroy) are run by
 *	the thread, so QP protocol state has a single writer
 * @qps: thread: the device's QPs (struct rxe_qp.node)
 * @neigh: thread: the neighbour table
 * @txbuf: thread: frame being built; @payload: thread: gathered payload
 * @drop_pct: percent of received frames to drop (test knob, roce.drop)
 * @rng: thread: the drop generator's state (seeded by roce.seed)
 * @c: counters (see enum rxe_counter for who writes which)
 * @wire_err: thread: roce_parse() drop reasons
 */
struct rxe_dev {
	struct ib_device ib;
	struct net_device *ndev;
	u32 ip;
	enum ib_mtu mtu;
	struct task_struct *task;
	struct wait_queue_head wq;
	int kick;
	spinlock_t rxq_lock;
	u8 *rxq;
	u16 *rxq_len;
	u32 rxq_head;
	u32 rxq_count;
	spinlock_t cmd_lock;
	struct list_head cmds;
	struct list_head qps;
	struct rxe_neigh neigh[RXE_NEIGH_MAX];
	u8 txbuf[RXE_SLOT_SIZE];
	u8 payload[4096];
	unsigned int drop_pct;
	u64 rng;
	u64 c[RXE_C_NR];
	u64 wire_err[ROCE_E_NR];
};

/**
 * struct rxe_send_wqe - a posted send request and the requester's progress
 * @wr_id, @opcode, @flags, @imm, @raddr, @rkey: from the work request
 * @len: total bytes of the SGEs
 * @num_sge: SGEs in @sge
 * @signaled: completes on success (sq_sig_all or IB_SEND_SIGNALED)
 * @npsn: thread: PSNs it takes (packets; READ: response packets)
 * @psn_sent: thread: PSNs handed out so far; @first_psn valid once > 0
 * @resp_done: thread: READ: response packets placed so far
 * @sge: the SGEs (the queue's stride leaves room for max_send_sge)
 */
struct rxe_send_wqe {
	u64 wr_id;
	enum ib_wr_opcode opcode;
	u32 flags;
	u32 imm;
	u64 raddr;
	u32 rkey;
	u32 len;
	u32 num_sge;
	bool signaled;
	u32 npsn;
	u32 psn_sent;
	u32 first_psn;
	u32 resp_done;
	struct ib_sge sge[];
};

/**
 * struct rxe_recv_wqe - a posted receive buffer
 * @wr_id: from the work request
 * @len: total bytes of the SGEs
 * @num_sge: SGEs in @sge
 */
struct rxe_recv_wqe {
	u64 wr_id;
	u32 len;
	u32 num_sge;
	struct ib_sge sge[];
};

/**
 * struct rxe_queue - a ring of fixed-size entries
 * @buf: @size entries of @stride bytes
 * @head: consumer index (thread), free-running
 * @tail: producer index, free-running; written under rxe_qp.q_lock with
 *	release order, read by the thread with acquire order
 */
struct rxe_queue {
	u8 *buf;
	u32 stride;
	u32 size;
	u32 head;
	u32 tail;
};

enum rxe_msg_kind { RXE_MSG_NONE, RXE_MSG_SEND, RXE_MSG_WRITE };

/**
 * struct rxe_qp - provider state of one RC QP
 * @ibqp: the core's QP
 * @dev: its device
 * @node: thread: in rxe_dev.qps
 * @q_lock: protects the producer side of @sq and @rq (posting); the
 *	thread consumes without it
 * @sq, @rq: send and receive queues
 * @sq_cur: thread: first send WQE not yet fully handed PSNs
 *	([sq.head, sq_cur) are in flight)
 * @state: thread: the QP state as the provider acts on it
 * @mtu: thread: the path MTU in bytes
 * @dest_qpn, @daddr, @dmac, @sport: thread: where packets go
 * @access: thread: IB_ACCESS_REMOTE_* granted to the peer
 * @min_rnr_timer: thread: the code sent in RNR NAKs
 * @req, @resp: thread: the PSN state machines
 * @msg, @wr_va, @wr_rkey, @wr_resid, @rcv_off: thread: the responder's
 *	message in progress (kind; WRITE target and bytes still due; SEND
 *	bytes placed into the head receive WQE)
 * @ack_pending, @ack_psn, @ack_msn: thread: a coalesced ACK to send at
 *	the end of the receive batch
 */
struct rxe_qp {
	struct ib_qp *ibqp;
	struct rxe_dev *dev;
	struct list_head node;
	spinlock_t q_lock;
	struct rxe_queue sq;
	struct rxe_queue rq;
	u32 sq_cur;
	enum ib_qp_state state;
	u32 mtu;
	u32 dest_qpn;
	u32 daddr;
	u8 dmac[ETH_ALEN];
	u16 sport;
	u32 access;
	u8 min_rnr_timer;
	struct roce_req req;
	struct roce_resp resp;
	enum rxe_msg_kind msg;
	u64 wr_va;
	u32 wr_rkey;
	u32 wr_resid;
	u32 rcv_off;
	bool ack_pending;
	u32 ack_psn;
	u32 ack_msn;
};

static inline struct rxe_dev *to_rxe(struct ib_device *ib)
{
	return ib->priv;
}

static inline struct rxe_qp *to_rqp(struct ib_qp *qp)
{
	return qp->priv;
}

static inline void rxe_count(struct rxe_dev *dev, enum rxe_counter c)
{
	WRITE_ONCE(dev->c[c], dev->c[c] + 1);
}

static inline u32 rxe_queue_count(const struct rxe_queue *q)
{
	return __atomic_load_n(&q->tail, __ATOMIC_ACQUIRE) - q->head;
}

static inline void *rxe_queue_at(const struct rxe_queue *q, u32 idx)
{
	return q->buf + (size_t)(idx % q->size) * q->stride;
}

/* rxe.c */
extern const char *const rxe_counter_names[RXE_C_NR];
void rxe_kick(struct rxe_dev *dev);
struct rxe_dev *rxe_get(unsigned int index);
u64 rxe_now(void);

/* rxe_net.c */
int rxe_net_init(struct rxe_dev *dev);
void rxe_net_exit(struct rxe_dev *dev);
void rxe_net_rx(struct net_device *ndev, const void *frame, size_t len, void *priv);
void rxe_net_drain(struct rxe_dev *dev);
int rxe_net_xmit(struct rxe_qp *qp, struct roce_pkt *p);
bool rxe_neigh_resolve(struct rxe_dev *dev, u32 ip, u8 *mac);
int rxe_neigh_parse(struct rxe_dev *dev, const char *spec);
u32 rxe_parse_ipv4(const char *s, bool *ok);

/* rxe_qp.c */
int rxe_create_qp(struct ib_qp *ibqp);
int rxe_modify_qp(struct ib_qp *ibqp, const struct ib_qp_attr *attr, u32 mask);
void rxe_destroy_qp(struct ib_qp *ibqp);
int rxe_post_send(struct ib_qp *ibqp, const struct ib_send_wr *wr);
int rxe_post_recv(struct ib_qp *ibqp, const struct ib_recv_wr *wr);
void rxe_run_cmds(struct rxe_dev *dev);
void rxe_qp_error(struct rxe_qp *qp);
u32 rxe_copy_sge(const struct ib_sge *sge, u32 num, u32 off, void *buf, u32 len,
		 bool to_sge);

/* rxe_req.c */
void rxe_req_run(struct rxe_qp *qp, u64 now);
void rxe_req_retransmit(struct rxe_qp *qp);
u64 rxe_req_next_event(struct rxe_qp *qp);

/* rxe_resp.c */
void rxe_resp_rx(struct rxe_qp *qp, const struct roce_pkt *p);
void rxe_resp_flush_ack(struct rxe_qp *qp);

/* rxe_comp.c */
void rxe_comp_rx(struct rxe_qp *qp, const struct roce_pkt *p, u64 now);
void rxe_comp_event(struct rxe_qp *qp, enum roce_req_event ev);
void rxe_comp_advance(struct rxe_qp *qp);
void rxe_flush_queues(struct rxe_qp *qp);

/* rxe_bench.c */
#ifdef CONFIG_RDMA_RXE_BENCH
void rxe_bench_start(void);
#else
static inline void rxe_bench_start(void) { }
#endif

#endif /* _DRIVERS_INFINIBAND_SW_RXE_H */
