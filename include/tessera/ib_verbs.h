/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The in-kernel RDMA verbs API: devices, ports and GIDs, protection
 * domains, memory regions, completion queues and RC queue pairs, and the
 * provider ops a driver (software RoCE v2 today, mlx4 later) implements.
 *
 * Split of work: the core (drivers/infiniband/core/) owns the objects, the
 * key space of memory regions with its bounds and access checks, the QP
 * state machine's legality, and the completion rings; a provider owns the
 * wire: it moves work requests and pushes completions with ib_cq_push().
 *
 * Memory regions cover kernel virtual memory (direct-map or vmalloc'ed
 * ranges); an SGE's @addr is a kernel virtual address inside a region of
 * the same PD, and a remote address in RDMA READ/WRITE is an address inside
 * the remote region named by @rkey. No key exposes all of memory.
 */
#ifndef _TESSERA_IB_VERBS_H
#define _TESSERA_IB_VERBS_H

#include <tessera/list.h>
#include <tessera/spinlock.h>
#include <tessera/types.h>
#include <tessera/wait.h>

struct ib_device;

/* A GID: 16 bytes; RoCE v2 over IPv4 uses the IPv4-mapped form ::ffff:a.b.c.d. */
union ib_gid {
	u8 raw[16];
	struct {
		u64 subnet_prefix;
		u64 interface_id;
	} global;
};

enum ib_port_state {
	IB_PORT_DOWN = 1,
	IB_PORT_INIT = 2,
	IB_PORT_ARMED = 3,
	IB_PORT_ACTIVE = 4,
};

/* Path MTU encodings of the spec: 1 = 256 ... 5 = 4096 bytes. */
enum ib_mtu {
	IB_MTU_256 = 1,
	IB_MTU_512 = 2,
	IB_MTU_1024 = 3,
	IB_MTU_2048 = 4,
	IB_MTU_4096 = 5,
};

static inline u32 ib_mtu_to_bytes(enum ib_mtu mtu)
{
	return mtu >= IB_MTU_256 && mtu <= IB_MTU_4096 ? 128u << mtu : 0;
}

/**
 * struct ib_port_attr - what query_port reports
 * @state: IB_PORT_*
 * @active_mtu: the largest path MTU the link carries
 * @gid_tbl_len: entries in the GID table
 */
struct ib_port_attr {
	enum ib_port_state state;
	enum ib_mtu active_mtu;
	u32 gid_tbl_len;
};

/* Memory-region access rights (a region is always locally readable). */
#define IB_ACCESS_LOCAL_WRITE	0x1
#define IB_ACCESS_REMOTE_WRITE	0x2
#define IB_ACCESS_REMOTE_READ	0x4

/**
 * struct ib_pd - a protection domain: MRs and QPs of one PD work together
 * @device: its device
 * @users: MRs and QPs created in it (it cannot be freed before them)
 */
struct ib_pd {
	struct ib_device *device;
	int users;
};

/**
 * struct ib_mr - a registered memory region
 * @pd: its protection domain
 * @addr: kernel virtual start
 * @length: bytes
 * @access: IB_ACCESS_*
 * @lkey: local key (SGEs); @rkey: remote key (0 unless remote access given)
 *
 * Keys are (table index << 8 | an 8-bit tag that changes on every
 * registration of that index), so a stale key never names a new region.
 */
struct ib_mr {
	struct ib_pd *pd;
	u64 addr;
	u64 length;
	u32 access;
	u32 lkey;
	u32 rkey;
};

/* Work-completion statuses, in the order the verbs specification lists them. */
enum ib_wc_status {
	IB_WC_SUCCESS,
	IB_WC_LOC_LEN_ERR,
	IB_WC_LOC_QP_OP_ERR,
	IB_WC_LOC_EEC_OP_ERR,
	IB_WC_LOC_PROT_ERR,
	IB_WC_WR_FLUSH_ERR,
	IB_WC_MW_BIND_ERR,
	IB_WC_BAD_RESP_ERR,
	IB_WC_LOC_ACCESS_ERR,
	IB_WC_REM_INV_REQ_ERR,
	IB_WC_REM_ACCESS_ERR,
	IB_WC_REM_OP_ERR,
	IB_WC_RETRY_EXC_ERR,
	IB_WC_RNR_RETRY_EXC_ERR,
	IB_WC_LOC_RDD_VIOL_ERR,
	IB_WC_REM_INV_RD_REQ_ERR,
	IB_WC_REM_ABORT_ERR,
	IB_WC_INV_EECN_ERR,
	IB_WC_INV_EEC_STATE_ERR,
	IB_WC_FATAL_ERR,
	IB_WC_RESP_TIMEOUT_ERR,
	IB_WC_GENERAL_ERR,
};

/* Completion opcodes: sends complete with these... */
enum ib_wc_opcode {
	IB_WC_SEND,
	IB_WC_RDMA_WRITE,
	IB_WC_RDMA_READ,
	/* ...receives with these */
	IB_WC_RECV = 128,
	IB_WC_RECV_RDMA_WITH_IMM,
};

#define IB_WC_WITH_IMM		0x1	/* ib_wc.wc_flags: @imm_data valid */

/**
 * struct ib_wc - one work completion
 * @wr_id: the work request's cookie
 * @status: IB_WC_*
 * @opcode: IB_WC_* opcode
 * @byte_len: receives: bytes placed
 * @imm_data: immediate data (network order as sent), if IB_WC_WITH_IMM
 * @wc_flags: IB_WC_WITH_IMM
 * @qp_num: the local QP it belongs to
 * @src_qp: receives: the sender's QP number
 */
struct ib_wc {
	u64 wr_id;
	enum ib_wc_status status;
	enum ib_wc_opcode opcode;
	u32 byte_len;
	u32 imm_data;
	u32 wc_flags;
	u32 qp_num;
	u32 src_qp;
};

struct ib_cq;
typedef void (*ib_comp_handler)(struct ib_cq *cq, void *context);

/**
 * struct ib_cq - a completion queue: a ring the provider pushes into
 * @device: its device
 * @cqe: capacity (entries)
 * @lock: protects @ring, @head, @count, @armed and @overflow
 * @ring, @head, @count: the ring of @cqe completions; oldest at @head
 * @armed: ib_req_notify_cq() was called; the next push calls @comp_handler
 * @overflow: a push found the ring full (the CQ is then in error: counted)
 * @comp_handler, @cq_context: the notification callback and its argument;
 *	called from the provider's context (a kthread, never an IRQ), no lock held
 * @users: QPs using it
 */
struct ib_cq {
	struct ib_device *device;
	u32 cqe;
	spinlock_t lock;
	struct ib_wc *ring;
	u32 head;
	u32 count;
	bool armed;
	u64 overflow;
	ib_comp_handler comp_handler;
	void *cq_context;
	int users;
};

/* QP states of the spec. */
enum ib_qp_state {
	IB_QPS_RESET,
	IB_QPS_INIT,
	IB_QPS_RTR,
	IB_QPS_RTS,
	IB_QPS_SQD,
	IB_QPS_SQE,
	IB_QPS_ERR,
};

enum ib_qp_type {
	IB_QPT_RC = 2,
};

/* ib_qp_attr fields a modify_qp names (attr_mask bits). */
#define IB_QP_STATE		(1u << 0)
#define IB_QP_ACCESS_FLAGS	(1u << 3)
#define IB_QP_PKEY_INDEX	(1u << 4)
#define IB_QP_PORT		(1u << 5)
#define IB_QP_AV		(1u << 7)
#define IB_QP_PATH_MTU		(1u << 8)
#define IB_QP_TIMEOUT		(1u << 9)
#define IB_QP_RETRY_CNT		(1u << 10)
#define IB_QP_RNR_RETRY		(1u << 11)
#define IB_QP_RQ_PSN		(1u << 12)
#define IB_QP_MAX_QP_RD_ATOMIC	(1u << 13)
#define IB_QP_MIN_RNR_TIMER	(1u << 15)
#define IB_QP_SQ_PSN		(1u << 16)
#define IB_QP_MAX_DEST_RD_ATOMIC (1u << 17)
#define IB_QP_DEST_QPN		(1u << 20)

/**
 * struct ib_ah_attr - where an RC QP's packets go (RoCE v2: IPv4 + MAC)
 * @dgid: the peer's GID (IPv4-mapped)
 * @dmac: the peer's MAC, resolved by the provider (ARP or the static table)
 *	when zero
 * @sgid_index: which local GID to send from
 */
struct ib_ah_attr {
	union ib_gid dgid;
	u8 dmac[6];
	u8 sgid_index;
};

/**
 * struct ib_qp_attr - the attributes modify_qp sets
 * @qp_state: the state to move to
 * @qp_access_flags: IB_ACCESS_REMOTE_* the QP allows its peer
 * @port_num, @pkey_index: the port (1-based) and P_Key index
 * @ah_attr: the peer's address (RTR)
 * @path_mtu: IB_MTU_* (RTR)
 * @dest_qp_num: the peer's QP number (RTR)
 * @rq_psn: first PSN expected (RTR); @sq_psn: first PSN sent (RTS)
 * @timeout: local ACK timeout, 4.096 us * 2^timeout (RTS; 0 = infinite)
 * @retry_cnt: retransmissions before IB_WC_RETRY_EXC_ERR (0..7)
 * @rnr_retry: RNR retries (0..6; 7 = infinite)
 * @min_rnr_timer: the RNR NAK timer code this QP sends as a responder
 * @max_rd_atomic, @max_dest_rd_atomic: outstanding RDMA READs each way
 */
struct ib_qp_attr {
	enum ib_qp_state qp_state;
	u32 qp_access_flags;
	u8 port_num;
	u16 pkey_index;
	struct ib_ah_attr ah_attr;
	enum ib_mtu path_mtu;
	u32 dest_qp_num;
	u32 rq_psn;
	u32 sq_psn;
	u8 timeout;
	u8 retry_cnt;
	u8 rnr_retry;
	u8 min_rnr_timer;
	u8 max_rd_atomic;
	u8 max_dest_rd_atomic;
};

/**
 * struct ib_qp_init_attr - create_qp's arguments
 * @send_cq, @recv_cq: where completions go
 * @max_send_wr, @max_recv_wr: queue depths
 * @max_send_sge, @max_recv_sge: SGEs per work request
 * @sq_sig_all: every send completes (else only IB_SEND_SIGNALED ones)
 * @qp_type: IB_QPT_RC
 */
struct ib_qp_init_attr {
	struct ib_cq *send_cq;
	struct ib_cq *recv_cq;
	u32 max_send_wr;
	u32 max_recv_wr;
	u32 max_send_sge;
	u32 max_recv_sge;
	bool sq_sig_all;
	enum ib_qp_type qp_type;
};

/**
 * struct ib_qp - a queue pair
 * @device, @pd: owner objects
 * @qp_num: its number (24 bits; 0 and 1 are reserved by the spec)
 * @init: the creation attributes
 * @attr: the current attributes (state included), under @lock
 * @lock: protects @attr; providers keep their queue state under their own
 *	locks, documented in the provider, and may set @attr.qp_state to
 *	IB_QPS_ERR under @lock on a fatal error (the core then refuses posts)
 * @priv: the provider's per-QP state
 */
struct ib_qp {
	struct ib_device *device;
	struct ib_pd *pd;
	u32 qp_num;
	struct ib_qp_init_attr init;
	struct ib_qp_attr attr;
	spinlock_t lock;
	void *priv;
};

/**
 * struct ib_sge - one scatter/gather element
 * @addr: kernel virtual address inside the MR named by @lkey
 * @length: bytes
 * @lkey: the MR's local key
 */
struct ib_sge {
	u64 addr;
	u32 length;
	u32 lkey;
};

enum ib_wr_opcode {
	IB_WR_RDMA_WRITE,
	IB_WR_RDMA_WRITE_WITH_IMM,
	IB_WR_SEND,
	IB_WR_SEND_WITH_IMM,
	IB_WR_RDMA_READ,
};

#define IB_SEND_SIGNALED	0x1	/* complete even without sq_sig_all */
#define IB_SEND_SOLICITED	0x2	/* set the BTH SE bit */
#define IB_SEND_INLINE		0x4	/* copy the data at post time */

/**
 * struct ib_send_wr - a send-queue work request (posted one at a time)
 * @wr_id: returned in the completion
 * @opcode: IB_WR_*
 * @send_flags: IB_SEND_*
 * @sg_list, @num_sge: the local buffers
 * @imm_data: for *_WITH_IMM (network order as it goes on the wire)
 * @remote_addr, @rkey: RDMA READ/WRITE: the remote range
 */
struct ib_send_wr {
	u64 wr_id;
	enum ib_wr_opcode opcode;
	u32 send_flags;
	const struct ib_sge *sg_list;
	u32 num_sge;
	u32 imm_data;
	u64 remote_addr;
	u32 rkey;
};

/**
 * struct ib_recv_wr - a receive-queue work request
 * @wr_id: returned in the completion
 * @sg_list, @num_sge: where an incoming SEND lands
 */
struct ib_recv_wr {
	u64 wr_id;
	const struct ib_sge *sg_list;
	u32 num_sge;
};

/**
 * struct ib_device_ops - what a provider implements
 * @query_port: fill the port's attributes (port numbers are 1-based)
 * @query_gid: the GID at @index of @port
 * @create_qp: set up provider state for @qp (its @qp_num, @init are set);
 *	Return: 0 or -errno
 * @modify_qp: apply @attr (@mask bits) to @qp; the core has checked that
 *	the transition is legal and holds no lock. Return: 0 or -errno
 * @destroy_qp: release provider state; outstanding requests are flushed
 * @post_send, @post_recv: queue one request (the core has validated the
 *	SGEs against their MRs and the QP state); Return: 0, -ENOMEM (queue
 *	full) or -EINVAL
 * @poll_hint: optional; called by ib_poll_cq() on an empty CQ so a
 *	polling provider can make progress
 */
struct ib_device_ops {
	int (*query_port)(struct ib_device *dev, u8 port, struct ib_port_attr *attr);
	int (*query_gid)(struct ib_device *dev, u8 port, u32 index, union ib_gid *gid);
	int (*create_qp)(struct ib_qp *qp);
	int (*modify_qp)(struct ib_qp *qp, const struct ib_qp_attr *attr, u32 mask);
	void (*destroy_qp)(struct ib_qp *qp);
	int (*post_send)(struct ib_qp *qp, const struct ib_send_wr *wr);
	int (*post_recv)(struct ib_qp *qp, const struct ib_recv_wr *wr);
	void (*poll_hint)(struct ib_cq *cq);
};

#define IB_DEVICE_NAME_MAX	16

/**
 * struct ib_device - an RDMA device
 * @name: "rxe0", "mlx4_0"
 * @ops: its provider
 * @phys_port_cnt: ports, numbered from 1
 * @node_guid: its GUID (software RoCE: from the MAC)
 * @priv: the provider's device state
 * @list: in the device list (ib_devices_lock)
 */
struct ib_device {
	char name[IB_DEVICE_NAME_MAX];
	const struct ib_device_ops *ops;
	u8 phys_port_cnt;
	u64 node_guid;
	void *priv;
	struct list_head list;
};

/* Devices. */
int ib_register_device(struct ib_device *dev);
struct ib_device *ib_get_device(unsigned int index);	/* NULL if none */
int ib_query_port(struct ib_device *dev, u8 port, struct ib_port_attr *attr);
int ib_query_gid(struct ib_device *dev, u8 port, u32 index, union ib_gid *gid);
void ib_gid_from_ipv4(union ib_gid *gid, u32 ipv4_be);

/* Protection domains and memory regions (ERR_PTR on failure). */
struct ib_pd *ib_alloc_pd(struct ib_device *dev);
int ib_dealloc_pd(struct ib_pd *pd);
struct ib_mr *ib_reg_mr(struct ib_pd *pd, void *addr, u64 length, u32 access);
int ib_dereg_mr(struct ib_mr *mr);

/*
 * ib_mr_check() - for providers: the MR named by @key in @pd if
 * [@addr, @addr + @len) lies inside it and it grants @access (for a remote
 * key, the IB_ACCESS_REMOTE_* bit; for a local key with IB_ACCESS_LOCAL_WRITE,
 * write access). Return: the MR, or NULL (and the caller NAKs/fails the
 * request). @remote selects whether @key is an rkey or an lkey.
 */
struct ib_mr *ib_mr_check(struct ib_pd *pd, u32 key, bool remote, u64 addr,
			  u64 len, u32 access);

/* Completion queues. */
struct ib_cq *ib_create_cq(struct ib_device *dev, u32 cqe, ib_comp_handler handler,
			   void *context);
int ib_destroy_cq(struct ib_cq *cq);
int ib_poll_cq(struct ib_cq *cq, int num, struct ib_wc *wc);
int ib_req_notify_cq(struct ib_cq *cq);
/* For providers: append @wc; -ENOSPC (counted in @overflow) if full. */
int ib_cq_push(struct ib_cq *cq, const struct ib_wc *wc);

/* Queue pairs. */
struct ib_qp *ib_create_qp(struct ib_pd *pd, const struct ib_qp_init_attr *init);
int ib_modify_qp(struct ib_qp *qp, const struct ib_qp_attr *attr, u32 mask);
int ib_query_qp(struct ib_qp *qp, struct ib_qp_attr *attr);
int ib_destroy_qp(struct ib_qp *qp);
int ib_post_send(struct ib_qp *qp, const struct ib_send_wr *wr);
int ib_post_recv(struct ib_qp *qp, const struct ib_recv_wr *wr);
/* For providers' receive paths: the QP numbered @qpn, or NULL. */
struct ib_qp *ib_qp_lookup(u32 qpn);

/*
 * ib_modify_qp_is_ok() - whether moving from @cur to @next with @mask is a
 * legal RC transition (required and allowed attributes per the spec's
 * state table). Exposed for the host tests.
 */
bool ib_modify_qp_is_ok(enum ib_qp_state cur, enum ib_qp_state next, u32 mask);

#endif /* _TESSERA_IB_VERBS_H */
