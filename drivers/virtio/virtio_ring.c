// SPDX-License-Identifier: GPL-2.0
/*
 * Split virtqueues (virtio 1.x, 2.7): ring memory from the page allocator,
 * single-descriptor buffers, publishing, notifying and reaping used entries.
 */
#include <tessera/atomic.h>
#include <tessera/errno.h>
#include <tessera/kernel.h>
#include <tessera/mm.h>
#include <tessera/slab.h>
#include <tessera/virtio.h>
#include <asm/io.h>

/* Byte offsets of the avail and used rings in the block (used 4-aligned). */
static size_t avail_offset(u16 num)
{
	return sizeof(struct vring_desc) * num;
}

static size_t used_offset(u16 num)
{
	return ALIGN(avail_offset(num) + sizeof(struct vring_avail) +
		     sizeof(u16) * (num + 1), 4);
}

static size_t ring_bytes(u16 num)
{
	return used_offset(num) + sizeof(struct vring_used) +
	       sizeof(struct vring_used_elem) * num + sizeof(u16);
}

/**
 * vring_create() - allocate and lay out a split virtqueue
 * @vdev: the device
 * @index: queue number
 * @num: entries, a power of two up to VIRTQ_MAX_SIZE
 *
 * The three rings share one zeroed, naturally aligned block of pages, so
 * their physical addresses are __pa() of the pointers. Every descriptor
 * starts free.
 * Context: process context.
 * Return: the queue, or NULL (bad @num, no memory).
 */
struct virtqueue *vring_create(struct virtio_device *vdev, unsigned int index, u16 num)
{
	struct virtqueue *vq;
	unsigned int i;
	u8 *mem;

	if (!num || !is_power_of_2(num) || num > VIRTQ_MAX_SIZE)
		return NULL;
	vq = kzalloc(sizeof(*vq), GFP_KERNEL);
	if (!vq)
		return NULL;
	vq->cookie = kcalloc(num, sizeof(void *), GFP_KERNEL);
	if (!vq->cookie)
		goto free_vq;
	vq->ring_order = get_order(ring_bytes(num));
	mem = get_free_pages(GFP_ZERO, vq->ring_order);
	if (!mem)
		goto free_cookie;
	vq->vdev = vdev;
	vq->index = index;
	vq->num = num;
	vq->desc = (void *)mem;
	vq->avail = (void *)(mem + avail_offset(num));
	vq->used = (void *)(mem + used_offset(num));
	for (i = 0; i < num; i++)
		vq->desc[i].next = i + 1;
	vq->free_head = 0;
	vq->num_free = num;
	return vq;

free_cookie:
	kfree(vq->cookie);
free_vq:
	kfree(vq);
	return NULL;
}

/**
 * vring_destroy() - free a queue the device no longer uses
 * @vq: the queue (NULL is a no-op); the device must be reset first
 *
 * Context: process context.
 */
void vring_destroy(struct virtqueue *vq)
{
	if (!vq)
		return;
	free_pages(vq->desc, vq->ring_order);
	kfree(vq->cookie);
	kfree(vq);
}

/**
 * virtqueue_add_buf() - hand one buffer to the device (not yet visible)
 * @vq: the queue
 * @addr: physical address of the buffer
 * @len: its length
 * @device_writes: true for a receive buffer the device fills
 * @cookie: non-NULL token returned by virtqueue_get_buf() for it
 *
 * The buffer becomes visible to the device at the next virtqueue_kick().
 * Context: any; the caller serialises adds on @vq.
 * Return: 0, -ENOSPC when every descriptor is in use, -EINVAL for a NULL
 * @cookie.
 */
int virtqueue_add_buf(struct virtqueue *vq, phys_addr_t addr, u32 len, bool device_writes,
		      void *cookie)
{
	struct vring_desc *d;
	u16 head;

	if (!cookie)
		return -EINVAL;
	if (!vq->num_free)
		return -ENOSPC;
	head = vq->free_head;
	d = &vq->desc[head];
	vq->free_head = d->next;
	vq->num_free--;
	d->addr = addr;
	d->len = len;
	d->flags = device_writes ? VRING_DESC_F_WRITE : 0;
	d->next = 0;
	vq->cookie[head] = cookie;
	vq->avail->ring[vq->avail_idx & (vq->num - 1)] = head;
	vq->avail_idx++;
	return 0;
}

/**
 * virtqueue_kick() - publish added buffers and notify the device
 * @vq: the queue
 *
 * The notification is skipped while the device sets VRING_USED_F_NO_NOTIFY.
 * Context: any; the caller serialises it with adds on @vq.
 */
void virtqueue_kick(struct virtqueue *vq)
{
	smp_wmb();		/* descriptors and ring entries before the index */
	WRITE_ONCE(vq->avail->idx, vq->avail_idx);
	smp_mb();		/* the index before reading the device's flags */
	if (READ_ONCE(vq->used->flags) & VRING_USED_F_NO_NOTIFY)
		return;
	writew(vq->index, vq->notify);
	vq->kicks++;
}

static void free_desc(struct virtqueue *vq, u16 id)
{
	vq->cookie[id] = NULL;
	vq->desc[id].next = vq->free_head;
	vq->free_head = id;
	vq->num_free++;
}

/**
 * virtqueue_more_used() - whether the device has returned unread buffers
 * @vq: the queue
 *
 * Context: any.
 * Return: true if virtqueue_get_buf() has something to read.
 */
bool virtqueue_more_used(const struct virtqueue *vq)
{
	return READ_ONCE(vq->used->idx) != vq->last_used;
}

/**
 * virtqueue_get_buf() - take back the next buffer the device is done with
 * @vq: the queue
 * @len: set to the bytes the device wrote (receive buffers)
 *
 * A used entry naming a descriptor the device does not own is skipped and
 * counted in @vq->bad_used. A used index more than @vq->num ahead of what
 * was read is counted there too and nothing is returned: the device is
 * broken and only a reset helps.
 * Context: any; the caller serialises gets on @vq.
 * Return: the cookie given to virtqueue_add_buf(), or NULL when none.
 */
void *virtqueue_get_buf(struct virtqueue *vq, u32 *len)
{
	struct vring_used_elem *e;
	void *cookie;
	u16 idx;
	u32 id;

	for (;;) {
		idx = READ_ONCE(vq->used->idx);
		if (idx == vq->last_used)
			return NULL;
		if ((u16)(idx - vq->last_used) > vq->num) {
			vq->bad_used++;
			return NULL;
		}
		smp_rmb();	/* the index before the entry it covers */
		e = &vq->used->ring[vq->last_used & (vq->num - 1)];
		id = READ_ONCE(e->id);
		*len = READ_ONCE(e->len);
		vq->last_used++;
		if (id < vq->num && vq->cookie[id])
			break;
		vq->bad_used++;
	}
	cookie = vq->cookie[id];
	free_desc(vq, id);
	return cookie;
}

/**
 * virtqueue_disable_cb() - ask the device not to interrupt for this queue
 * @vq: the queue
 *
 * Only a hint to the device (no EVENT_IDX): an interrupt may still come.
 * Context: any.
 */
void virtqueue_disable_cb(struct virtqueue *vq)
{
	WRITE_ONCE(vq->avail->flags, VRING_AVAIL_F_NO_INTERRUPT);
}

/**
 * virtqueue_enable_cb() - ask for interrupts again
 * @vq: the queue
 *
 * Context: any.
 * Return: true if used buffers arrived meanwhile, so the caller must
 * process them itself (their interrupt may have been suppressed).
 */
bool virtqueue_enable_cb(struct virtqueue *vq)
{
	WRITE_ONCE(vq->avail->flags, 0);
	smp_mb();		/* the flag before re-reading the used index */
	return virtqueue_more_used(vq);
}
