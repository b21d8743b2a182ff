/* SPDX-License-Identifier: GPL-2.0 */
/*
 * virtio 1.x: device status and feature bits, the split virtqueue, the
 * transport ops and the driver interface. drivers/virtio/ owns this header.
 *
 * Every structure the device reads is little-endian, as the CPU is; the
 * plain integer types below are written and read as they are.
 */
#ifndef _TESSERA_VIRTIO_H
#define _TESSERA_VIRTIO_H

#include <tessera/kernel.h>
#include <tessera/pci.h>

/* Device status (virtio 1.x, 2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE	0x01
#define VIRTIO_STATUS_DRIVER		0x02
#define VIRTIO_STATUS_DRIVER_OK		0x04
#define VIRTIO_STATUS_FEATURES_OK	0x08
#define VIRTIO_STATUS_NEEDS_RESET	0x40
#define VIRTIO_STATUS_FAILED		0x80

/* Device-independent feature bits (6). */
#define VIRTIO_F_INDIRECT_DESC		28
#define VIRTIO_F_EVENT_IDX		29
#define VIRTIO_F_VERSION_1		32

#define VIRTIO_FEATURE(bit)		(1ULL << (bit))

/* Device types (5). */
#define VIRTIO_ID_NET			1

/* PCI IDs (4.1.2): modern devices are 0x1040 + type. */
#define VIRTIO_PCI_VENDOR		0x1af4
#define VIRTIO_PCI_MODERN_BASE		0x1040

/* Split virtqueue (2.7). Alignment: descriptors 16, avail 2, used 4. */
struct vring_desc {
	u64 addr;
	u32 len;
	u16 flags;
	u16 next;
};

#define VRING_DESC_F_NEXT		0x1
#define VRING_DESC_F_WRITE		0x2	/* the device writes this buffer */

struct vring_avail {
	u16 flags;
	u16 idx;
	u16 ring[];
};

#define VRING_AVAIL_F_NO_INTERRUPT	0x1

struct vring_used_elem {
	u32 id;
	u32 len;
};

struct vring_used {
	u16 flags;
	u16 idx;
	struct vring_used_elem ring[];
};

#define VRING_USED_F_NO_NOTIFY		0x1

#define VIRTQ_MAX_SIZE			32768

struct virtqueue;
struct virtio_device;

/* Called from the queue's interrupt: hard IRQ context, no sleeping. */
typedef void (*vq_callback_t)(struct virtqueue *vq);

/**
 * struct virtqueue - one split virtqueue, one descriptor per buffer
 * @vdev: its device
 * @index: queue number on the device
 * @num: entries, a power of two
 * @desc: descriptor table (the page allocator's memory, direct-mapped)
 * @avail: driver ring
 * @used: device ring
 * @ring_order: page order of the block holding the three
 * @free_head: first free descriptor (chained through desc.next)
 * @num_free: free descriptors
 * @avail_idx: next avail index, published by virtqueue_kick()
 * @last_used: next used entry to read
 * @cookie: per descriptor, the caller's token while the device owns it
 * @notify: where virtqueue_kick() writes @index
 * @callback: interrupt callback, may be NULL
 * @priv: the driver's
 * @bad_used: used entries that named a free or out-of-range descriptor,
 *	or a used index that ran ahead by more than @num (device errors)
 * @kicks: notifications sent
 *
 * No lock inside: the driver serialises adds with adds and gets with gets
 * (its own locks). Adding and getting may run concurrently.
 */
struct virtqueue {
	struct virtio_device *vdev;
	unsigned int index;
	u16 num;
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	unsigned int ring_order;
	u16 free_head;
	u16 num_free;
	u16 avail_idx;
	u16 last_used;
	void **cookie;
	void __iomem *notify;
	vq_callback_t callback;
	void *priv;
	unsigned long bad_used;
	unsigned long kicks;
};

/**
 * struct virtio_config_ops - what a transport (virtio-pci today) provides
 * @get_status: read the device status byte
 * @set_status: write it (0 resets: use @reset)
 * @reset: reset the device and wait until it says so
 * @get_features: the device's feature bits
 * @finalize_features: offer @features (masked by the device's), set
 *	FEATURES_OK and check the device kept it; stores the result in
 *	vdev->features. Refuses a device without VERSION_1.
 * @read_config: copy device-specific configuration (consistent snapshot)
 * @find_vqs: set up @n queues of at most @max_size entries with their
 *	interrupts; @cbs[i] may be NULL
 * @del_vqs: free every queue and interrupt (the device is reset first)
 * @irq_mode: "MSI-X per queue", "MSI-X shared" or "INTx", for the log
 */
struct virtio_config_ops {
	u8 (*get_status)(struct virtio_device *vdev);
	void (*set_status)(struct virtio_device *vdev, u8 status);
	int (*reset)(struct virtio_device *vdev);
	u64 (*get_features)(struct virtio_device *vdev);
	int (*finalize_features)(struct virtio_device *vdev, u64 features);
	void (*read_config)(struct virtio_device *vdev, unsigned int off, void *buf,
			    unsigned int len);
	int (*find_vqs)(struct virtio_device *vdev, unsigned int n, struct virtqueue *vqs[],
			const vq_callback_t cbs[], u16 max_size);
	void (*del_vqs)(struct virtio_device *vdev);
	const char *(*irq_mode)(struct virtio_device *vdev);
};

/**
 * struct virtio_device - a device as the driver sees it
 * @id: device type (VIRTIO_ID_*)
 * @features: negotiated feature bits
 * @config: the transport
 * @pdev: the PCI function behind it (virtio-pci)
 * @priv: the driver's
 * @config_changes: configuration-change interrupts seen
 */
struct virtio_device {
	u16 id;
	u64 features;
	const struct virtio_config_ops *config;
	struct pci_dev *pdev;
	void *priv;
	unsigned long config_changes;
};

/**
 * struct virtio_driver - a driver for one virtio device type
 * @name: for the log
 * @device_id: VIRTIO_ID_*
 * @transitional_pci_id: the type's transitional PCI device ID (0x1000 for
 *	net), also accepted if the device has the modern capabilities; 0: none
 * @probe: called with the device reset, ACKNOWLEDGE and DRIVER set; the
 *	driver negotiates features, sets up queues and sets DRIVER_OK
 * @pci: the PCI driver made for it (virtio-pci internal)
 * @pci_ids: its ID table (virtio-pci internal)
 */
struct virtio_driver {
	const char *name;
	u16 device_id;
	u16 transitional_pci_id;
	int (*probe)(struct virtio_device *vdev);
	struct pci_driver pci;
	struct pci_device_id pci_ids[3];
};

int virtio_register_driver(struct virtio_driver *drv);
void virtio_device_ready(struct virtio_device *vdev);

static inline bool virtio_has_feature(const struct virtio_device *vdev, unsigned int bit)
{
	return vdev->features & VIRTIO_FEATURE(bit);
}

/* Split virtqueue operations (drivers/virtio/virtio_ring.c). */
struct virtqueue *vring_create(struct virtio_device *vdev, unsigned int index, u16 num);
void vring_destroy(struct virtqueue *vq);
int virtqueue_add_buf(struct virtqueue *vq, phys_addr_t addr, u32 len, bool device_writes,
		      void *cookie);
void virtqueue_kick(struct virtqueue *vq);
void *virtqueue_get_buf(struct virtqueue *vq, u32 *len);
void virtqueue_disable_cb(struct virtqueue *vq);
bool virtqueue_enable_cb(struct virtqueue *vq);
bool virtqueue_more_used(const struct virtqueue *vq);

#endif /* _TESSERA_VIRTIO_H */
