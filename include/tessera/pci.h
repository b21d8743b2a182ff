/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PCI: configuration space (ECAM from the ACPI MCFG, 0xCF8/0xCFC otherwise),
 * the device list, BARs, capabilities, MSI-X/MSI/INTx and the driver model.
 * The PCI code (drivers/pci/) owns this header.
 */
#ifndef _TESSERA_PCI_H
#define _TESSERA_PCI_H

#include <tessera/kernel.h>
#include <tessera/list.h>

/* Type 0/1 configuration header (PCI Local Bus 3.0, 6.1). */
#define PCI_VENDOR_ID		0x00
#define PCI_DEVICE_ID		0x02
#define PCI_COMMAND		0x04
#define  PCI_COMMAND_IO		0x0001
#define  PCI_COMMAND_MEMORY	0x0002
#define  PCI_COMMAND_MASTER	0x0004
#define  PCI_COMMAND_INTX_DISABLE 0x0400
#define PCI_STATUS		0x06
#define  PCI_STATUS_CAP_LIST	0x0010
#define PCI_REVISION_ID		0x08
#define PCI_CLASS_PROG		0x09	/* class code: 0x09 prog-if, 0x0a sub, 0x0b base */
#define PCI_HEADER_TYPE		0x0e
#define  PCI_HEADER_TYPE_MASK	0x7f
#define  PCI_HEADER_MULTI_FUNC	0x80
#define PCI_BASE_ADDRESS_0	0x10
#define  PCI_BAR_IO		0x1
#define  PCI_BAR_MEM_TYPE_64	0x4
#define  PCI_BAR_MEM_PREFETCH	0x8
#define PCI_SECONDARY_BUS	0x19	/* type 1 (bridge) header */
#define PCI_SUBORDINATE_BUS	0x1a
#define PCI_CAPABILITY_LIST	0x34
#define PCI_INTERRUPT_LINE	0x3c
#define PCI_INTERRUPT_PIN	0x3d

/* Capability IDs (PCI Code and ID Assignment, 2). */
#define PCI_CAP_ID_MSI		0x05
#define PCI_CAP_ID_VNDR		0x09
#define PCI_CAP_ID_EXP		0x10
#define PCI_CAP_ID_MSIX		0x11

#define PCI_ANY_ID		0xffffu
#define PCI_NUM_BARS		6
#define PCI_CFG_SPACE_SIZE	256
#define PCI_CFG_SPACE_EXP_SIZE	4096

#define PCI_DEVFN(slot, fn)	((((slot) & 0x1f) << 3) | ((fn) & 0x07))
#define PCI_SLOT(devfn)		(((devfn) >> 3) & 0x1f)
#define PCI_FUNC(devfn)		((devfn) & 0x07)

struct pci_dev;
struct pci_driver;
struct pci_irq_state;

/**
 * struct pci_bar - one decoded base address register
 * @phys: bus = physical address (0: unused or unassigned)
 * @size: bytes decoded (a power of two), 0 if the BAR is absent
 * @flags: PCI_BAR_IO, PCI_BAR_MEM_TYPE_64, PCI_BAR_MEM_PREFETCH
 * @va: kernel mapping made by pci_iomap(), NULL until then
 *
 * Filled once at enumeration; @va is set under the PCI device lock.
 */
struct pci_bar {
	u64 phys;
	u64 size;
	unsigned int flags;
	void __iomem *va;
};

/* How a device interrupts (pci_alloc_irq_vectors() picks one). */
enum pci_irq_mode {
	PCI_IRQ_NONE = 0,
	PCI_IRQ_MSIX,
	PCI_IRQ_MSI,
	PCI_IRQ_INTX,
};

/* pci_alloc_irq_vectors() @flags: the modes allowed, tried in this order. */
#define PCI_IRQ_ALLOW_MSIX	0x1u
#define PCI_IRQ_ALLOW_MSI	0x2u
#define PCI_IRQ_ALLOW_INTX	0x4u
#define PCI_IRQ_ALLOW_ALL	0x7u

#define PCI_MAX_VECTORS		8	/* per device: enough for a NIC's queues */

/* A device interrupt handler: hard IRQ context, interrupts off, no sleep. */
typedef void (*pci_irq_handler_t)(void *data);

/**
 * struct pci_dev - one PCI function
 * @node: on the global device list (pci_lock)
 * @segment, @bus, @devfn: its address
 * @vendor, @device, @revision: identity
 * @class: 24-bit class code (base << 16 | sub << 8 | prog-if)
 * @hdr_type: header layout (0 device, 1 bridge), without the multi-function bit
 * @irq_pin: INTA..INTD as 1..4, 0 for none
 * @irq_line: what the firmware wrote into the interrupt line register
 * @msi_cap, @msix_cap: capability offsets, 0 if absent
 * @bar: the BARs (a 64-bit BAR fills its slot; the next one stays empty)
 * @driver: the bound driver, NULL if none (set once by the probe path)
 * @driver_data: the driver's pointer
 * @irq_mode: what pci_alloc_irq_vectors() set up
 * @nr_vectors: vectors set up
 * @irq: per-vector state, owned by drivers/pci/msi.c
 *
 * Identity fields are fixed after enumeration. The driver owns the device
 * (its BAR mappings, interrupts and command register) while bound.
 */
struct pci_dev {
	struct list_head node;
	u16 segment;
	u8 bus;
	u8 devfn;
	u16 vendor;
	u16 device;
	u8 revision;
	u8 hdr_type;
	u32 class;
	u8 irq_pin;
	u8 irq_line;
	u8 msi_cap;
	u8 msix_cap;
	struct pci_bar bar[PCI_NUM_BARS];
	struct pci_driver *driver;
	void *driver_data;
	enum pci_irq_mode irq_mode;
	unsigned int nr_vectors;
	struct pci_irq_state *irq;
};

/**
 * struct pci_device_id - what a driver binds to
 * @vendor: vendor ID, or PCI_ANY_ID
 * @device: device ID, or PCI_ANY_ID
 * @class: class code to match under @class_mask
 * @class_mask: 0 to ignore the class
 * @driver_data: the driver's value for this entry
 *
 * A table ends with an entry whose @vendor is 0.
 */
struct pci_device_id {
	u16 vendor;
	u16 device;
	u32 class;
	u32 class_mask;
	unsigned long driver_data;
};

#define PCI_DEVICE(v, d)	.vendor = (v), .device = (d)

/**
 * struct pci_driver - a driver for PCI functions
 * @name: for the boot log
 * @id_table: the devices it handles, ended by a zero vendor
 * @probe: called for each matching unbound device, in process context;
 *	returns 0 to bind, a -errno to leave the device alone
 * @node: on the driver list (pci_lock)
 */
struct pci_driver {
	const char *name;
	const struct pci_device_id *id_table;
	int (*probe)(struct pci_dev *dev, const struct pci_device_id *id);
	struct list_head node;
};

/**
 * struct pci_cfg_ops - a configuration-space access mechanism
 * @name: "ECAM" or "CF8", for the log
 * @read: read @size (1, 2, 4) bytes at @off; -ENODEV if unreachable
 * @write: the same for writes
 *
 * Two implementations (drivers/pci/config.c): memory-mapped ECAM and the
 * legacy I/O ports. Both may be called from any context.
 */
struct pci_cfg_ops {
	const char *name;
	int (*read)(u16 seg, u8 bus, u8 devfn, unsigned int off, unsigned int size, u32 *val);
	int (*write)(u16 seg, u8 bus, u8 devfn, unsigned int off, unsigned int size, u32 val);
};

#ifdef CONFIG_PCI
void pci_init(void);
#else
static inline void pci_init(void) { }
#endif
int pci_register_driver(struct pci_driver *drv);

/* Enumeration results: the list is fixed once pci_init() returns. */
unsigned int pci_dev_count(void);
struct pci_dev *pci_get_device(u16 vendor, u16 device, struct pci_dev *from);
struct pci_dev *pci_get_class(u32 class, u32 mask, struct pci_dev *from);
const char *pci_cfg_mechanism(void);
/* "0000:00:03.0" into @buf (at least 13 bytes). */
const char *pci_name(const struct pci_dev *dev, char *buf, size_t size);

/* Configuration space of @dev: 0 or -ENODEV / -EINVAL (bad offset). */
int pci_read_config_byte(const struct pci_dev *dev, unsigned int off, u8 *val);
int pci_read_config_word(const struct pci_dev *dev, unsigned int off, u16 *val);
int pci_read_config_dword(const struct pci_dev *dev, unsigned int off, u32 *val);
int pci_write_config_byte(const struct pci_dev *dev, unsigned int off, u8 val);
int pci_write_config_word(const struct pci_dev *dev, unsigned int off, u16 val);
int pci_write_config_dword(const struct pci_dev *dev, unsigned int off, u32 val);

int pci_find_capability(const struct pci_dev *dev, u8 cap_id);
int pci_find_next_capability(const struct pci_dev *dev, u8 pos, u8 cap_id);

int pci_enable_device(struct pci_dev *dev);
void pci_set_master(struct pci_dev *dev);
void pci_clear_master(struct pci_dev *dev);
void __iomem *pci_iomap(struct pci_dev *dev, unsigned int bar);

int pci_alloc_irq_vectors(struct pci_dev *dev, unsigned int min, unsigned int max,
			  unsigned int flags);
void pci_free_irq_vectors(struct pci_dev *dev);
int pci_request_irq(struct pci_dev *dev, unsigned int nr, pci_irq_handler_t handler,
		    void *data, const char *name);
void pci_free_irq(struct pci_dev *dev, unsigned int nr);
unsigned long pci_irq_count(const struct pci_dev *dev, unsigned int nr);

/* Counters of bad input from devices, for tests and the boot log. */
struct pci_stats {
	unsigned long bad_bars;		/* sizes that are not a power of two, misaligned */
	unsigned long bad_caps;		/* capability lists that loop or point outside */
	unsigned long bad_buses;	/* bridges that point at a bus already scanned */
	unsigned long spurious;		/* MSI vectors with no handler */
};
extern struct pci_stats pci_stats;

#endif /* _TESSERA_PCI_H */
