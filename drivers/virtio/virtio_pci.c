// SPDX-License-Identifier: GPL-2.0
/*
 * The virtio 1.x modern PCI transport: vendor capabilities (common, notify,
 * ISR, device configuration), status and features, queues and MSI-X/INTx.
 */
#define pr_fmt(fmt) "virtio-pci: " fmt

#include <tessera/errno.h>
#include <tessera/kernel.h>
#include <tessera/pci.h>
#include <tessera/printk.h>
#include <tessera/slab.h>
#include <tessera/string.h>
#include <tessera/time.h>
#include <tessera/virtio.h>
#include <asm/io.h>

/* Vendor capability layout (4.1.4). */
#define VPCI_CAP_CFG_TYPE	3
#define VPCI_CAP_BAR		4
#define VPCI_CAP_OFFSET		8
#define VPCI_CAP_LENGTH		12
#define VPCI_CAP_NOTIFY_MULT	16
#define VPCI_CAP_LEN_MIN	16

#define VPCI_CAP_COMMON		1
#define VPCI_CAP_NOTIFY		2
#define VPCI_CAP_ISR		3
#define VPCI_CAP_DEVICE		4

/* Common configuration structure (4.1.4.3). */
#define VC_DFSELECT		0x00
#define VC_DF			0x04
#define VC_GFSELECT		0x08
#define VC_GF			0x0c
#define VC_MSIX_CONFIG		0x10
#define VC_NUM_QUEUES		0x12
#define VC_STATUS		0x14
#define VC_CFG_GENERATION	0x15
#define VC_Q_SELECT		0x16
#define VC_Q_SIZE		0x18
#define VC_Q_MSIX		0x1a
#define VC_Q_ENABLE		0x1c
#define VC_Q_NOFF		0x1e
#define VC_Q_DESC		0x20
#define VC_Q_AVAIL		0x28
#define VC_Q_USED		0x30
#define VC_COMMON_LEN		0x38

#define VIRTIO_MSI_NO_VECTOR	0xffff
#define VPCI_ISR_QUEUE		0x1
#define VPCI_ISR_CONFIG		0x2

#define VPCI_MAX_QUEUES		(PCI_MAX_VECTORS - 1)
#define VPCI_RESET_US		(1000 * 1000)
#define VPCI_CONFIG_RETRIES	16

/**
 * struct vpci - one virtio-pci device
 * @vdev: what the driver sees
 * @pdev: the PCI function
 * @common, @isr, @device, @notify: the mapped capability windows
 * @device_len, @notify_len: their lengths
 * @notify_mult: notify_off_multiplier
 * @vqs: the queues set up by find_vqs
 * @nvqs: how many
 * @per_queue_vectors: MSI-X vector i + 1 serves queue i; else one vector
 *
 * Set up in probe and find_vqs (process context); the interrupt handlers
 * only read @vqs and @nvqs, which are fixed while interrupts are requested.
 */
struct vpci {
	struct virtio_device vdev;
	struct pci_dev *pdev;
	void __iomem *common;
	void __iomem *isr;
	void __iomem *device;
	void __iomem *notify;
	u32 device_len;
	u32 notify_len;
	u32 notify_mult;
	struct virtqueue *vqs[VPCI_MAX_QUEUES];
	unsigned int nvqs;
	bool per_queue_vectors;
};

static struct vpci *to_vpci(struct virtio_device *vdev)
{
	return container_of(vdev, struct vpci, vdev);
}

static u8 vp_get_status(struct virtio_device *vdev)
{
	return readb(to_vpci(vdev)->common + VC_STATUS);
}

static void vp_set_status(struct virtio_device *vdev, u8 status)
{
	writeb(status, to_vpci(vdev)->common + VC_STATUS);
}

static int vp_reset(struct virtio_device *vdev)
{
	unsigned int us;

	vp_set_status(vdev, 0);
	for (us = 0; us < VPCI_RESET_US; us += 10) {
		if (!vp_get_status(vdev))
			return 0;
		udelay(10);
	}
	return -ETIMEDOUT;
}

static u64 vp_get_features(struct virtio_device *vdev)
{
	void __iomem *c = to_vpci(vdev)->common;
	u64 f;

	writel(0, c + VC_DFSELECT);
	f = readl(c + VC_DF);
	writel(1, c + VC_DFSELECT);
	return f | ((u64)readl(c + VC_DF) << 32);
}

static int vp_finalize_features(struct virtio_device *vdev, u64 want)
{
	void __iomem *c = to_vpci(vdev)->common;
	u64 f = vp_get_features(vdev) & want;

	if (!(f & VIRTIO_FEATURE(VIRTIO_F_VERSION_1)))
		return -ENODEV;		/* legacy-only: not driven */
	writel(0, c + VC_GFSELECT);
	writel((u32)f, c + VC_GF);
	writel(1, c + VC_GFSELECT);
	writel(f >> 32, c + VC_GF);
	vp_set_status(vdev, vp_get_status(vdev) | VIRTIO_STATUS_FEATURES_OK);
	if (!(vp_get_status(vdev) & VIRTIO_STATUS_FEATURES_OK))
		return -EIO;
	vdev->features = f;
	return 0;
}

/* A snapshot: retried while the configuration generation changes under us. */
static void vp_read_config(struct virtio_device *vdev, unsigned int off, void *buf,
			   unsigned int len)
{
	struct vpci *vp = to_vpci(vdev);
	unsigned int i, tries;
	u8 gen, *p = buf;

	if (off > vp->device_len || len > vp->device_len - off) {
		memset(buf, 0, len);
		return;
	}
	for (tries = 0; tries < VPCI_CONFIG_RETRIES; tries++) {
		gen = readb(vp->common + VC_CFG_GENERATION);
		for (i = 0; i < len; i++)
			p[i] = readb(vp->device + off + i);
		if (gen == readb(vp->common + VC_CFG_GENERATION))
			return;
	}
}

/* Per-queue MSI-X vector. */
static void vp_vq_interrupt(void *data)
{
	struct virtqueue *vq = data;

	if (vq->callback)
		vq->callback(vq);
}

/* Shared MSI-X vector, or INTx (which must read the ISR to drop the line). */
static void vp_shared_interrupt(void *data)
{
	struct vpci *vp = data;
	unsigned int i;
	u8 isr = VPCI_ISR_QUEUE;

	if (vp->pdev->irq_mode == PCI_IRQ_INTX) {
		isr = readb(vp->isr);
		if (!isr)
			return;		/* another device on the line */
	}
	if (isr & VPCI_ISR_CONFIG)
		vp->vdev.config_changes++;
	if (!(isr & VPCI_ISR_QUEUE))
		return;
	for (i = 0; i < vp->nvqs; i++)
		vp_vq_interrupt(vp->vqs[i]);
}

static void vp_config_interrupt(void *data)
{
	struct vpci *vp = data;

	vp->vdev.config_changes++;
}

static int vp_setup_irqs(struct vpci *vp, unsigned int n)
{
	int nvec, err;
	unsigned int i;

	nvec = pci_alloc_irq_vectors(vp->pdev, 1, n + 1,
				     PCI_IRQ_ALLOW_MSIX | PCI_IRQ_ALLOW_INTX);
	if (nvec < 0)
		return nvec;
	vp->per_queue_vectors = vp->pdev->irq_mode == PCI_IRQ_MSIX &&
				(unsigned int)nvec >= n + 1;
	if (!vp->per_queue_vectors)
		return pci_request_irq(vp->pdev, 0, vp_shared_interrupt, vp, "virtio");
	err = pci_request_irq(vp->pdev, 0, vp_config_interrupt, vp, "virtio-config");
	for (i = 0; !err && i < n; i++)
		err = pci_request_irq(vp->pdev, i + 1, vp_vq_interrupt, vp->vqs[i],
				      "virtio-queue");
	return err;
}

static void vp_free_irqs(struct vpci *vp)
{
	unsigned int i;

	for (i = 0; i < vp->pdev->nr_vectors; i++)
		pci_free_irq(vp->pdev, i);
	pci_free_irq_vectors(vp->pdev);
}

/* The queue's MSI-X vector, as the device expects it. */
static u16 vp_queue_vector(struct vpci *vp, unsigned int i)
{
	if (vp->pdev->irq_mode != PCI_IRQ_MSIX)
		return VIRTIO_MSI_NO_VECTOR;
	return vp->per_queue_vectors ? i + 1 : 0;
}

/* Program queue @i (already allocated) into the device and enable it. */
static int vp_activate_queue(struct vpci *vp, unsigned int i)
{
	struct virtqueue *vq = vp->vqs[i];
	void __iomem *c = vp->common;
	u16 vec = vp_queue_vector(vp, i);
	u64 noff;

	writew(i, c + VC_Q_SELECT);
	writew(vq->num, c + VC_Q_SIZE);
	writeq(__pa(vq->desc), c + VC_Q_DESC);
	writeq(__pa(vq->avail), c + VC_Q_AVAIL);
	writeq(__pa(vq->used), c + VC_Q_USED);
	writew(vec, c + VC_Q_MSIX);
	if (readw(c + VC_Q_MSIX) != vec)
		return -EBUSY;		/* the device could not take the vector */
	noff = (u64)readw(c + VC_Q_NOFF) * vp->notify_mult;
	if (noff + sizeof(u16) > vp->notify_len)
		return -EINVAL;		/* notify address outside its window */
	vq->notify = vp->notify + noff;
	writew(1, c + VC_Q_ENABLE);
	return 0;
}

/* Allocate queue @i at the smaller of the device's size and @max_size. */
static int vp_alloc_queue(struct vpci *vp, unsigned int i, vq_callback_t cb, u16 max_size)
{
	u16 size;

	writew(i, vp->common + VC_Q_SELECT);
	size = readw(vp->common + VC_Q_SIZE);
	if (!size)
		return -ENOENT;
	size = min(size, max_size);
	while (!is_power_of_2(size))
		size &= size - 1;	/* split rings want a power of two */
	vp->vqs[i] = vring_create(&vp->vdev, i, size);
	if (!vp->vqs[i])
		return -ENOMEM;
	vp->vqs[i]->callback = cb;
	return 0;
}

static void vp_del_vqs(struct virtio_device *vdev)
{
	struct vpci *vp = to_vpci(vdev);
	unsigned int i;

	vp_reset(vdev);
	if (vp->pdev->irq)
		vp_free_irqs(vp);
	for (i = 0; i < vp->nvqs; i++) {
		vring_destroy(vp->vqs[i]);
		vp->vqs[i] = NULL;
	}
	vp->nvqs = 0;
}

static int vp_find_vqs(struct virtio_device *vdev, unsigned int n, struct virtqueue *vqs[],
		       const vq_callback_t cbs[], u16 max_size)
{
	struct vpci *vp = to_vpci(vdev);
	unsigned int i;
	int err;

	if (!n || n > VPCI_MAX_QUEUES || n > readw(vp->common + VC_NUM_QUEUES))
		return -EINVAL;
	for (i = 0; i < n; i++) {
		err = vp_alloc_queue(vp, i, cbs[i], max_size);
		if (err)
			goto fail;
		vp->nvqs = i + 1;
	}
	err = vp_setup_irqs(vp, n);
	if (err)
		goto fail;
	writew(vp->pdev->irq_mode == PCI_IRQ_MSIX ? 0 : VIRTIO_MSI_NO_VECTOR,
	       vp->common + VC_MSIX_CONFIG);
	for (i = 0; i < n; i++) {
		err = vp_activate_queue(vp, i);
		if (err)
			goto fail;
		vqs[i] = vp->vqs[i];
	}
	return 0;
fail:
	vp_del_vqs(vdev);
	return err;
}

static const char *vp_irq_mode(struct virtio_device *vdev)
{
	struct vpci *vp = to_vpci(vdev);

	if (vp->pdev->irq_mode == PCI_IRQ_INTX)
		return "INTx";
	return vp->per_queue_vectors ? "MSI-X per queue" : "MSI-X shared";
}

static const struct virtio_config_ops vp_ops = {
	.get_status = vp_get_status,
	.set_status = vp_set_status,
	.reset = vp_reset,
	.get_features = vp_get_features,
	.finalize_features = vp_finalize_features,
	.read_config = vp_read_config,
	.find_vqs = vp_find_vqs,
	.del_vqs = vp_del_vqs,
	.irq_mode = vp_irq_mode,
};

/* Map one capability's window; NULL if it lies outside its memory BAR. */
static void __iomem *vp_map_cap(struct pci_dev *pdev, int pos, u32 *len)
{
	void __iomem *bar;
	u32 off, length;
	u8 barno, cap_len;

	pci_read_config_byte(pdev, pos + 2, &cap_len);
	pci_read_config_byte(pdev, pos + VPCI_CAP_BAR, &barno);
	pci_read_config_dword(pdev, pos + VPCI_CAP_OFFSET, &off);
	pci_read_config_dword(pdev, pos + VPCI_CAP_LENGTH, &length);
	if (cap_len < VPCI_CAP_LEN_MIN || barno >= PCI_NUM_BARS)
		return NULL;
	if (!length || (u64)off + length > pdev->bar[barno].size)
		return NULL;
	bar = pci_iomap(pdev, barno);
	if (!bar)
		return NULL;
	*len = length;
	return bar + off;
}

/* Find the first usable capability of each type (4.1.4). */
static int vp_find_caps(struct vpci *vp)
{
	struct pci_dev *pdev = vp->pdev;
	u32 len, common_len = 0, isr_len = 0;
	void __iomem *p;
	u8 type;
	int pos;

	for (pos = pci_find_capability(pdev, PCI_CAP_ID_VNDR); pos > 0;
	     pos = pci_find_next_capability(pdev, pos, PCI_CAP_ID_VNDR)) {
		pci_read_config_byte(pdev, pos + VPCI_CAP_CFG_TYPE, &type);
		if (type < VPCI_CAP_COMMON || type > VPCI_CAP_DEVICE)
			continue;
		p = vp_map_cap(pdev, pos, &len);
		if (!p)
			continue;
		if (type == VPCI_CAP_COMMON && !vp->common && len >= VC_COMMON_LEN) {
			vp->common = p;
			common_len = len;
		} else if (type == VPCI_CAP_ISR && !vp->isr) {
			vp->isr = p;
			isr_len = len;
		} else if (type == VPCI_CAP_DEVICE && !vp->device) {
			vp->device = p;
			vp->device_len = len;
		} else if (type == VPCI_CAP_NOTIFY && !vp->notify && len >= sizeof(u16)) {
			pci_read_config_dword(pdev, pos + VPCI_CAP_NOTIFY_MULT, &vp->notify_mult);
			vp->notify = p;
			vp->notify_len = len;
		}
	}
	if (!vp->common || !vp->notify || !isr_len || !common_len)
		return -ENODEV;
	return 0;
}

/**
 * virtio_device_ready() - tell the device the driver is ready (DRIVER_OK)
 * @vdev: the device; queues populated, nothing notified yet
 *
 * Context: process context, from the driver's probe.
 */
void virtio_device_ready(struct virtio_device *vdev)
{
	vdev->config->set_status(vdev, vdev->config->get_status(vdev) |
				 VIRTIO_STATUS_DRIVER_OK);
}

static int vp_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct virtio_driver *drv = (struct virtio_driver *)id->driver_data;
	char vp_name[16];
	struct vpci *vp;
	int err;

	vp = kzalloc(sizeof(*vp), GFP_KERNEL);
	if (!vp)
		return -ENOMEM;
	vp->pdev = pdev;
	vp->vdev.id = drv->device_id;
	vp->vdev.config = &vp_ops;
	vp->vdev.pdev = pdev;
	err = pci_enable_device(pdev);
	if (err)
		goto free;
	err = vp_find_caps(vp);
	if (err) {
		pr_warn("%s: no virtio 1.x capabilities (legacy-only device): not driven\n",
			pci_name(pdev, vp_name, sizeof(vp_name)));
		goto free;
	}
	pci_set_master(pdev);
	err = vp_reset(&vp->vdev);
	if (err)
		goto clear_master;
	vp_set_status(&vp->vdev, VIRTIO_STATUS_ACKNOWLEDGE);
	vp_set_status(&vp->vdev, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	err = drv->probe(&vp->vdev);
	if (err == -ENODEV)
		err = -EIO;	/* a real failure, not "not mine" */
	if (err)
		goto failed;
	pdev->driver_data = vp;
	return 0;

failed:
	vp_set_status(&vp->vdev, vp_get_status(&vp->vdev) | VIRTIO_STATUS_FAILED);
clear_master:
	pci_clear_master(pdev);
free:
	kfree(vp);
	return err;
}

/**
 * virtio_register_driver() - drive every virtio-pci device of one type
 * @drv: the driver with @name, @device_id, @probe (and optionally
 *	@transitional_pci_id) set; it must stay valid for good
 *
 * Matches the modern PCI ID 0x1040 + type and the transitional one; either
 * must offer the modern capabilities and VIRTIO_F_VERSION_1 (no legacy
 * transport). Devices found by pci_init() are probed now.
 * Context: process context; may sleep.
 * Return: 0 or -EINVAL.
 */
int virtio_register_driver(struct virtio_driver *drv)
{
	struct pci_device_id *ids = drv->pci_ids;

	if (!drv->name || !drv->probe || !drv->device_id)
		return -EINVAL;
	memset(ids, 0, sizeof(drv->pci_ids));
	ids[0].vendor = VIRTIO_PCI_VENDOR;
	ids[0].device = VIRTIO_PCI_MODERN_BASE + drv->device_id;
	ids[0].driver_data = (unsigned long)drv;
	if (drv->transitional_pci_id) {
		ids[1] = ids[0];
		ids[1].device = drv->transitional_pci_id;
	}
	drv->pci.name = drv->name;
	drv->pci.id_table = ids;
	drv->pci.probe = vp_probe;
	return pci_register_driver(&drv->pci);
}
