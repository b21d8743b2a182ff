// SPDX-License-Identifier: GPL-2.0
/*
 * The verbs core: device registry, protection domains, the memory-region
 * key table with its bounds and access checks, and the post-time checks.
 */
#include <tessera/err.h>
#include <tessera/errno.h>
#include <tessera/ib_verbs.h>
#include <tessera/kernel.h>
#include <tessera/printk.h>
#include <tessera/slab.h>
#include <tessera/string.h>
#include "core.h"

/* Registered devices, in registration order (ib_devices_lock). */
static LIST_HEAD(ib_devices);
static DEFINE_SPINLOCK(ib_devices_lock);

/*
 * The memory-region table: slot i holds at most one MR; its keys are
 * i << 8 | tag, and the slot's tag advances on every registration so an
 * old key stops matching. mr_lock protects mr_table and mr_tag.
 */
static struct ib_mr *mr_table[IB_MAX_MR];
static u8 mr_tag[IB_MAX_MR];
static DEFINE_SPINLOCK(mr_lock);

/**
 * ib_register_device() - make @dev visible to ib_get_device()
 * @dev: a device with @name, @ops and @phys_port_cnt filled in
 * Return: 0 or -EINVAL for a device missing required ops.
 * Context: process context.
 */
int ib_register_device(struct ib_device *dev)
{
	const struct ib_device_ops *o = dev->ops;
	unsigned long flags;

	if (!o || !o->query_port || !o->query_gid || !o->create_qp ||
	    !o->modify_qp || !o->destroy_qp || !o->post_send || !o->post_recv ||
	    !dev->phys_port_cnt)
		return -EINVAL;
	spin_lock_irqsave(&ib_devices_lock, flags);
	list_add_tail(&dev->list, &ib_devices);
	spin_unlock_irqrestore(&ib_devices_lock, flags);
	pr_info("ib: %s registered, %u port(s)\n", dev->name, dev->phys_port_cnt);
	return 0;
}

/**
 * ib_get_device() - the @index-th registered device
 * @index: 0-based
 * Return: the device or NULL. Devices are never unregistered.
 * Context: any.
 */
struct ib_device *ib_get_device(unsigned int index)
{
	struct ib_device *dev, *found = NULL;
	unsigned long flags;

	spin_lock_irqsave(&ib_devices_lock, flags);
	list_for_each_entry(dev, &ib_devices, list) {
		if (!index--) {
			found = dev;
			break;
		}
	}
	spin_unlock_irqrestore(&ib_devices_lock, flags);
	return found;
}

/**
 * ib_query_port() - a port's attributes
 * @dev: the device
 * @port: 1..phys_port_cnt
 * @attr: filled in
 * Return: 0, -EINVAL for a bad port, or the provider's error.
 * Context: process context.
 */
int ib_query_port(struct ib_device *dev, u8 port, struct ib_port_attr *attr)
{
	if (!port || port > dev->phys_port_cnt)
		return -EINVAL;
	memset(attr, 0, sizeof(*attr));
	return dev->ops->query_port(dev, port, attr);
}

/**
 * ib_query_gid() - a GID of a port
 * @dev: the device
 * @port: 1..phys_port_cnt
 * @index: GID table index
 * @gid: filled in
 * Return: 0 or -EINVAL.
 * Context: process context.
 */
int ib_query_gid(struct ib_device *dev, u8 port, u32 index, union ib_gid *gid)
{
	if (!port || port > dev->phys_port_cnt)
		return -EINVAL;
	return dev->ops->query_gid(dev, port, index, gid);
}

/**
 * ib_gid_from_ipv4() - the IPv4-mapped GID ::ffff:a.b.c.d
 * @gid: filled in
 * @ipv4_be: the address in network byte order
 * Context: any.
 */
void ib_gid_from_ipv4(union ib_gid *gid, u32 ipv4_be)
{
	memset(gid, 0, sizeof(*gid));
	gid->raw[10] = 0xff;
	gid->raw[11] = 0xff;
	memcpy(&gid->raw[12], &ipv4_be, 4);
}

/**
 * ib_alloc_pd() - a new protection domain
 * @dev: the device
 * Return: the PD or ERR_PTR(-ENOMEM).
 * Context: process context.
 */
struct ib_pd *ib_alloc_pd(struct ib_device *dev)
{
	struct ib_pd *pd = kzalloc(sizeof(*pd), GFP_KERNEL);

	if (!pd)
		return ERR_PTR(-ENOMEM);
	pd->device = dev;
	return pd;
}

/**
 * ib_dealloc_pd() - free a PD
 * @pd: a PD with no MRs or QPs left
 * Return: 0 or -EBUSY.
 * Context: process context.
 */
int ib_dealloc_pd(struct ib_pd *pd)
{
	if (READ_ONCE(pd->users))
		return -EBUSY;
	kfree(pd);
	return 0;
}

/**
 * ib_reg_mr() - register [@addr, @addr + @length) of kernel memory
 * @pd: its PD
 * @addr: kernel virtual address
 * @length: bytes (> 0)
 * @access: IB_ACCESS_*; remote write needs local write, as the spec says
 * Return: the MR (with fresh keys) or ERR_PTR(-EINVAL/-ENOMEM/-ENOSPC).
 * Context: process context.
 */
struct ib_mr *ib_reg_mr(struct ib_pd *pd, void *addr, u64 length, u32 access)
{
	unsigned long a = (unsigned long)addr, flags;
	struct ib_mr *mr;
	unsigned int i;

	if (!length || a + length < a ||
	    (access & ~(IB_ACCESS_LOCAL_WRITE | IB_ACCESS_REMOTE_WRITE |
			IB_ACCESS_REMOTE_READ)) ||
	    ((access & IB_ACCESS_REMOTE_WRITE) && !(access & IB_ACCESS_LOCAL_WRITE)))
		return ERR_PTR(-EINVAL);
	mr = kzalloc(sizeof(*mr), GFP_KERNEL);
	if (!mr)
		return ERR_PTR(-ENOMEM);
	mr->pd = pd;
	mr->addr = a;
	mr->length = length;
	mr->access = access;
	spin_lock_irqsave(&mr_lock, flags);
	for (i = 1; i < IB_MAX_MR && mr_table[i]; i++)
		;
	if (i < IB_MAX_MR) {
		mr_tag[i]++;
		mr->lkey = i << 8 | mr_tag[i];
		mr->rkey = access & (IB_ACCESS_REMOTE_WRITE | IB_ACCESS_REMOTE_READ) ?
			   mr->lkey : 0;
		mr_table[i] = mr;
	}
	spin_unlock_irqrestore(&mr_lock, flags);
	if (i == IB_MAX_MR) {
		kfree(mr);
		return ERR_PTR(-ENOSPC);
	}
	__atomic_fetch_add(&pd->users, 1, __ATOMIC_RELAXED);
	return mr;
}

/**
 * ib_dereg_mr() - unregister @mr; its keys stop working at once
 * @mr: the MR
 * Return: 0.
 * Context: process context. The caller makes sure no posted request
 * still names it (a packet that does is then NAKed, not misdirected).
 */
int ib_dereg_mr(struct ib_mr *mr)
{
	unsigned long flags;

	spin_lock_irqsave(&mr_lock, flags);
	mr_table[mr->lkey >> 8] = NULL;
	spin_unlock_irqrestore(&mr_lock, flags);
	__atomic_fetch_sub(&mr->pd->users, 1, __ATOMIC_RELAXED);
	kfree(mr);
	return 0;
}

/**
 * ib_mr_check() - validate a key, range and access against the MR table
 * @pd: the PD the access comes through
 * @key: an lkey (@remote false) or rkey (@remote true)
 * @remote: which kind @key is
 * @addr: start of the access (kernel virtual address)
 * @len: bytes (0 is allowed anywhere inside the region, as the spec says)
 * @access: IB_ACCESS_* needed
 *
 * Return: the MR, or NULL for an unknown/stale key, another PD, a range
 * outside the region, or missing rights.
 * Context: any; the MR stays valid while the caller's request is in flight
 * by the ib_dereg_mr() rule.
 */
struct ib_mr *ib_mr_check(struct ib_pd *pd, u32 key, bool remote, u64 addr,
			  u64 len, u32 access)
{
	unsigned int i = key >> 8;
	struct ib_mr *mr = NULL;
	unsigned long flags;

	if (i == 0 || i >= IB_MAX_MR)
		return NULL;
	spin_lock_irqsave(&mr_lock, flags);
	mr = mr_table[i];
	if (mr && ((remote ? mr->rkey : mr->lkey) != key || mr->pd != pd ||
		   addr < mr->addr || len > mr->length ||
		   addr - mr->addr > mr->length - len ||
		   (mr->access & access) != access))
		mr = NULL;
	spin_unlock_irqrestore(&mr_lock, flags);
	return mr;
}
