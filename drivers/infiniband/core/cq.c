// SPDX-License-Identifier: GPL-2.0
/*
 * Completion queues: a ring per CQ that providers push into and consumers
 * poll, with one-shot notification.
 */
#include <tessera/err.h>
#include <tessera/errno.h>
#include <tessera/ib_verbs.h>
#include <tessera/kernel.h>
#include <tessera/slab.h>
#include <tessera/vmalloc.h>
#include "core.h"

/**
 * ib_create_cq() - a completion queue of @cqe entries
 * @dev: the device
 * @cqe: capacity, 1..IB_MAX_CQE
 * @handler: called after a push when armed (ib_req_notify_cq()), or NULL
 * @context: its argument
 * Return: the CQ or ERR_PTR(-EINVAL/-ENOMEM).
 * Context: process context.
 */
struct ib_cq *ib_create_cq(struct ib_device *dev, u32 cqe, ib_comp_handler handler,
			   void *context)
{
	struct ib_cq *cq;

	if (!cqe || cqe > IB_MAX_CQE)
		return ERR_PTR(-EINVAL);
	cq = kzalloc(sizeof(*cq), GFP_KERNEL);
	if (!cq)
		return ERR_PTR(-ENOMEM);
	cq->ring = vmalloc((size_t)cqe * sizeof(*cq->ring));
	if (!cq->ring) {
		kfree(cq);
		return ERR_PTR(-ENOMEM);
	}
	cq->device = dev;
	cq->cqe = cqe;
	spin_lock_init(&cq->lock);
	cq->comp_handler = handler;
	cq->cq_context = context;
	return cq;
}

/**
 * ib_destroy_cq() - free a CQ no QP uses any more
 * @cq: the CQ
 * Return: 0 or -EBUSY.
 * Context: process context.
 */
int ib_destroy_cq(struct ib_cq *cq)
{
	if (READ_ONCE(cq->users))
		return -EBUSY;
	vfree(cq->ring);
	kfree(cq);
	return 0;
}

/**
 * ib_cq_push() - append a completion (providers)
 * @cq: the CQ
 * @wc: the completion
 *
 * If the CQ was armed, disarms it and calls its handler (no lock held).
 * Return: 0, or -ENOSPC when full: the completion is lost and counted.
 * Context: process context or a provider thread; not from an IRQ handler.
 */
int ib_cq_push(struct ib_cq *cq, const struct ib_wc *wc)
{
	unsigned long flags;
	bool notify = false;
	int ret = 0;

	spin_lock_irqsave(&cq->lock, flags);
	if (cq->count == cq->cqe) {
		cq->overflow++;
		ret = -ENOSPC;
	} else {
		cq->ring[(cq->head + cq->count) % cq->cqe] = *wc;
		cq->count++;
		notify = cq->armed;
		cq->armed = false;
	}
	spin_unlock_irqrestore(&cq->lock, flags);
	if (notify && cq->comp_handler)
		cq->comp_handler(cq, cq->cq_context);
	return ret;
}

/**
 * ib_poll_cq() - take up to @num completions, oldest first
 * @cq: the CQ
 * @num: room in @wc
 * @wc: filled in
 * Return: how many were taken (0 if none), or -EINVAL for @num < 0.
 * Context: any but IRQ.
 */
int ib_poll_cq(struct ib_cq *cq, int num, struct ib_wc *wc)
{
	unsigned long flags;
	int n = 0;

	if (num < 0)
		return -EINVAL;
	spin_lock_irqsave(&cq->lock, flags);
	while (n < num && cq->count) {
		wc[n++] = cq->ring[cq->head];
		cq->head = (cq->head + 1) % cq->cqe;
		cq->count--;
	}
	spin_unlock_irqrestore(&cq->lock, flags);
	if (!n && cq->device->ops->poll_hint)
		cq->device->ops->poll_hint(cq);
	return n;
}

/**
 * ib_req_notify_cq() - call the handler after the next push
 * @cq: the CQ
 *
 * Return: 1 if completions are already waiting (poll again: no call will
 * come for them), else 0.
 * Context: any but IRQ.
 */
int ib_req_notify_cq(struct ib_cq *cq)
{
	unsigned long flags;
	int pending;

	spin_lock_irqsave(&cq->lock, flags);
	pending = cq->count != 0;
	cq->armed = !pending;
	spin_unlock_irqrestore(&cq->lock, flags);
	return pending;
}
