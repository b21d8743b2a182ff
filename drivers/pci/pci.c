// SPDX-License-Identifier: GPL-2.0
/*
 * PCI enumeration and the driver model: the bus scan, BAR sizing and
 * mapping, the capability walk, device/driver matching and probing.
 */
#define pr_fmt(fmt) "pci: " fmt

#include <tessera/errno.h>
#include <tessera/kernel.h>
#include <tessera/mutex.h>
#include <tessera/pci.h>
#include <tessera/printk.h>
#include <tessera/slab.h>
#include <tessera/string.h>
#include <tessera/vmalloc.h>
#include <tessera/vsprintf.h>
#include "internal.h"

#define PCI_MAX_BUS		256
#define PCI_MAX_SLOT		32
#define PCI_MAX_FUNC		8
#define PCI_MAX_DEVICES		256	/* refuse to list more: a bus that lies */
#define PCI_CAP_MIN		0x40	/* capabilities live after the header */
#define PCI_CAP_MAX_WALK	48	/* (256 - 64) / 4: more means a loop */
#define PCI_BAR_IO_MASK		(~0x3u)
#define PCI_BAR_MEM_MASK	(~0xfu)

struct pci_stats pci_stats;

/*
 * pci_lock protects pci_devices (appended only by pci_init()), pci_drivers,
 * every dev->driver binding and pci_ready. Probes run with it held, so a
 * driver's probe must not register a driver. Once pci_init() has returned
 * the device list no longer changes and is walked without the lock.
 */
static DEFINE_MUTEX(pci_lock);
static LIST_HEAD(pci_devices);
static LIST_HEAD(pci_drivers);
static bool pci_ready;
static unsigned int nr_pci_devices;
static bool buses_seen[PCI_MAX_BUS];

/**
 * pci_name() - format a device's address
 * @dev: the device
 * @buf: output
 * @size: its size (13 bytes hold "ssss:bb:dd.f")
 *
 * Context: any.
 * Return: @buf.
 */
const char *pci_name(const struct pci_dev *dev, char *buf, size_t size)
{
	snprintf(buf, size, "%04x:%02x:%02x.%u", dev->segment, dev->bus,
		 PCI_SLOT(dev->devfn), PCI_FUNC(dev->devfn));
	return buf;
}

/**
 * pci_cfg_mechanism() - which configuration access pci_init() chose
 *
 * Context: any.
 * Return: "ECAM", "CF8", or "none" before pci_init().
 */
const char *pci_cfg_mechanism(void)
{
	return pci_ops ? pci_ops->name : "none";
}

static int cfg_read(const struct pci_dev *dev, unsigned int off, unsigned int size, u32 *v)
{
	if (!pci_ops)
		return -ENODEV;
	return pci_ops->read(dev->segment, dev->bus, dev->devfn, off, size, v);
}

static int cfg_write(const struct pci_dev *dev, unsigned int off, unsigned int size, u32 v)
{
	if (!pci_ops)
		return -ENODEV;
	return pci_ops->write(dev->segment, dev->bus, dev->devfn, off, size, v);
}

/**
 * pci_read_config_byte() - read a configuration register of a device
 * @dev: the device
 * @off: offset, aligned to the access size
 * @val: where the value goes (all ones on failure)
 *
 * Context: any.
 * Return: 0, -EINVAL for a bad offset, -ENODEV if nothing can be reached.
 */
int pci_read_config_byte(const struct pci_dev *dev, unsigned int off, u8 *val)
{
	u32 v = U32_MAX;
	int err = cfg_read(dev, off, 1, &v);

	*val = err ? 0xff : v;
	return err;
}

/**
 * pci_read_config_word() - read 16 bits of a device's configuration space
 * @dev: the device
 * @off: offset, 16 bits-aligned
 * @val: where the value goes (all ones on failure)
 *
 * Context: any.
 * Return: 0, -EINVAL for a bad offset, -ENODEV if nothing can be reached.
 */
int pci_read_config_word(const struct pci_dev *dev, unsigned int off, u16 *val)
{
	u32 v = U32_MAX;
	int err = cfg_read(dev, off, 2, &v);

	*val = err ? 0xffff : v;
	return err;
}

/**
 * pci_read_config_dword() - read 32 bits of a device's configuration space
 * @dev: the device
 * @off: offset, 32 bits-aligned
 * @val: where the value goes (all ones on failure)
 *
 * Context: any.
 * Return: 0, -EINVAL for a bad offset, -ENODEV if nothing can be reached.
 */
int pci_read_config_dword(const struct pci_dev *dev, unsigned int off, u32 *val)
{
	u32 v = U32_MAX;
	int err = cfg_read(dev, off, 4, &v);

	*val = err ? U32_MAX : v;
	return err;
}

/**
 * pci_write_config_byte() - write a configuration register of a device
 * @dev: the device
 * @off: offset, aligned to the access size
 * @val: the value
 *
 * Context: any.
 * Return: 0, -EINVAL or -ENODEV as for reads.
 */
int pci_write_config_byte(const struct pci_dev *dev, unsigned int off, u8 val)
{
	return cfg_write(dev, off, 1, val);
}

/**
 * pci_write_config_word() - write 16 bits of a device's configuration space
 * @dev: the device
 * @off: offset, 16 bits-aligned
 * @val: the value
 *
 * Context: any.
 * Return: 0, -EINVAL for a bad offset, -ENODEV if nothing can be reached.
 */
int pci_write_config_word(const struct pci_dev *dev, unsigned int off, u16 val)
{
	return cfg_write(dev, off, 2, val);
}

/**
 * pci_write_config_dword() - write 32 bits of a device's configuration space
 * @dev: the device
 * @off: offset, 32 bits-aligned
 * @val: the value
 *
 * Context: any.
 * Return: 0, -EINVAL for a bad offset, -ENODEV if nothing can be reached.
 */
int pci_write_config_dword(const struct pci_dev *dev, unsigned int off, u32 val)
{
	return cfg_write(dev, off, 4, val);
}

/**
 * pci_find_next_capability() - the next capability with an ID
 * @dev: the device
 * @pos: a capability's offset to continue after, or 0 to start
 * @cap_id: PCI_CAP_ID_*
 *
 * A list that loops, or points into the header or outside the 256-byte
 * space, ends the walk and counts in pci_stats.bad_caps.
 * Context: any.
 * Return: the offset, or 0 when there is no (further) such capability.
 */
int pci_find_next_capability(const struct pci_dev *dev, u8 pos, u8 cap_id)
{
	unsigned int n;
	u16 status;
	u8 next, id;

	if (!pos) {
		if (pci_read_config_word(dev, PCI_STATUS, &status) ||
		    !(status & PCI_STATUS_CAP_LIST))
			return 0;
		pci_read_config_byte(dev, PCI_CAPABILITY_LIST, &next);
	} else {
		pci_read_config_byte(dev, pos + 1, &next);
	}
	for (n = 0; next; n++) {
		if (next < PCI_CAP_MIN || n >= PCI_CAP_MAX_WALK || next == 0xff) {
			__atomic_fetch_add(&pci_stats.bad_caps, 1, __ATOMIC_RELAXED);
			return 0;
		}
		next &= ~3;
		pci_read_config_byte(dev, next, &id);
		if (id == cap_id)
			return next;
		pci_read_config_byte(dev, next + 1, &next);
	}
	return 0;
}

/**
 * pci_find_capability() - the first capability with an ID
 * @dev: the device
 * @cap_id: PCI_CAP_ID_*
 *
 * Context: any.
 * Return: its offset in configuration space, or 0 if absent.
 */
int pci_find_capability(const struct pci_dev *dev, u8 cap_id)
{
	return pci_find_next_capability(dev, 0, cap_id);
}

/* Size one BAR with decoding off; returns how many BAR slots it used. */
static unsigned int size_bar(struct pci_dev *dev, unsigned int i)
{
	unsigned int off = PCI_BASE_ADDRESS_0 + 4 * i;
	struct pci_bar *b = &dev->bar[i];
	u32 lo, hi = 0, mlo, mhi = U32_MAX;
	u64 mask;

	pci_read_config_dword(dev, off, &lo);
	pci_write_config_dword(dev, off, U32_MAX);
	pci_read_config_dword(dev, off, &mlo);
	pci_write_config_dword(dev, off, lo);
	if (!mlo || mlo == U32_MAX)
		return 1;		/* not implemented (or nothing answers) */
	if (lo & PCI_BAR_IO) {
		b->flags = PCI_BAR_IO;
		mask = (mlo & PCI_BAR_IO_MASK) | 0xffff0000u;	/* 16-bit ports */
		b->phys = lo & PCI_BAR_IO_MASK;
		b->size = (u32)(~mask + 1);
	} else {
		b->flags = lo & (PCI_BAR_MEM_TYPE_64 | PCI_BAR_MEM_PREFETCH);
		if ((lo & PCI_BAR_MEM_TYPE_64) && i + 1 < PCI_NUM_BARS) {
			pci_read_config_dword(dev, off + 4, &hi);
			pci_write_config_dword(dev, off + 4, U32_MAX);
			pci_read_config_dword(dev, off + 4, &mhi);
			pci_write_config_dword(dev, off + 4, hi);
		}
		mask = ((u64)mhi << 32) | (mlo & PCI_BAR_MEM_MASK);
		b->phys = ((u64)hi << 32) | (lo & PCI_BAR_MEM_MASK);
		b->size = ~mask + 1;
	}
	if (!b->size || !is_power_of_2(b->size) || (b->phys & (b->size - 1))) {
		__atomic_fetch_add(&pci_stats.bad_bars, 1, __ATOMIC_RELAXED);
		memset(b, 0, sizeof(*b));
	}
	return (lo & (PCI_BAR_IO | PCI_BAR_MEM_TYPE_64)) == PCI_BAR_MEM_TYPE_64 ? 2 : 1;
}

static void size_bars(struct pci_dev *dev)
{
	unsigned int i, nbars = dev->hdr_type == 0 ? PCI_NUM_BARS : 2;
	u16 cmd;

	if (dev->hdr_type > 1)
		return;		/* CardBus: not ours */
	pci_read_config_word(dev, PCI_COMMAND, &cmd);
	pci_write_config_word(dev, PCI_COMMAND,
			      cmd & ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
	for (i = 0; i < nbars; )
		i += size_bar(dev, i);
	pci_write_config_word(dev, PCI_COMMAND, cmd);
}

static struct pci_dev *pci_dev_alloc(u8 bus, u8 devfn, u32 id)
{
	struct pci_dev *dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	u32 classrev;
	u8 hdr;

	if (!dev)
		return NULL;
	INIT_LIST_HEAD(&dev->node);
	dev->bus = bus;
	dev->devfn = devfn;
	dev->vendor = id & 0xffff;
	dev->device = id >> 16;
	pci_read_config_dword(dev, PCI_REVISION_ID, &classrev);
	dev->revision = classrev & 0xff;
	dev->class = classrev >> 8;
	pci_read_config_byte(dev, PCI_HEADER_TYPE, &hdr);
	dev->hdr_type = hdr & PCI_HEADER_TYPE_MASK;
	pci_read_config_byte(dev, PCI_INTERRUPT_PIN, &dev->irq_pin);
	pci_read_config_byte(dev, PCI_INTERRUPT_LINE, &dev->irq_line);
	if (dev->irq_pin > 4)
		dev->irq_pin = 0;	/* nonsense: treat as no INTx */
	size_bars(dev);
	dev->msi_cap = pci_find_capability(dev, PCI_CAP_ID_MSI);
	dev->msix_cap = pci_find_capability(dev, PCI_CAP_ID_MSIX);
	return dev;
}

static void scan_bus(u8 bus);

/* Add the function at @bus/@devfn; descend if it is a bridge. */
static void scan_function(u8 bus, u8 devfn, u32 id)
{
	struct pci_dev *dev;
	char name[16];
	u8 secondary;

	if (nr_pci_devices >= PCI_MAX_DEVICES)
		return;
	dev = pci_dev_alloc(bus, devfn, id);
	if (!dev) {
		pr_err("no memory for a device on bus %02x\n", bus);
		return;
	}
	list_add_tail(&dev->node, &pci_devices);
	nr_pci_devices++;
	printk(KERN_INFO "pci %s %04x:%04x class %06x\n", pci_name(dev, name, sizeof(name)),
		dev->vendor, dev->device, dev->class);
	if (dev->hdr_type != 1)
		return;
	pci_read_config_byte(dev, PCI_SECONDARY_BUS, &secondary);
	if (secondary && secondary > bus)
		scan_bus(secondary);
	else if (secondary)
		__atomic_fetch_add(&pci_stats.bad_buses, 1, __ATOMIC_RELAXED);
}

static void scan_slot(u8 bus, u8 slot)
{
	unsigned int fn, nfn = 1;
	u32 id;
	u8 hdr;

	for (fn = 0; fn < nfn; fn++) {
		id = pci_raw_read(0, bus, PCI_DEVFN(slot, fn), PCI_VENDOR_ID, 4);
		if ((id & 0xffff) == 0xffff || (id & 0xffff) == 0)
			continue;
		if (fn == 0) {
			hdr = pci_raw_read(0, bus, PCI_DEVFN(slot, 0), PCI_HEADER_TYPE, 1);
			if (hdr & PCI_HEADER_MULTI_FUNC)
				nfn = PCI_MAX_FUNC;
		}
		scan_function(bus, PCI_DEVFN(slot, fn), id);
	}
}

/* Recursion depth is bounded: each bridge must lead to a higher, new bus. */
static void scan_bus(u8 bus)
{
	unsigned int slot;

	if (buses_seen[bus]) {
		__atomic_fetch_add(&pci_stats.bad_buses, 1, __ATOMIC_RELAXED);
		return;
	}
	buses_seen[bus] = true;
	for (slot = 0; slot < PCI_MAX_SLOT; slot++)
		scan_slot(bus, slot);
}

/* Whether config reads through @ops see a device at 00:00.0. */
static bool cfg_works(const struct pci_cfg_ops *ops)
{
	u32 id;

	if (ops->read(0, 0, 0, PCI_VENDOR_ID, 4, &id))
		return false;
	return (id & 0xffff) != 0xffff && (id & 0xffff) != 0;
}

static void choose_mechanism(void)
{
	if (!pci_ecam_init() && cfg_works(&pci_ecam_ops)) {
		pci_ops = &pci_ecam_ops;
		return;
	}
	if (cfg_works(&pci_cf8_ops))
		pci_ops = &pci_cf8_ops;
}

static const struct pci_device_id *match_one(const struct pci_driver *drv,
					     const struct pci_dev *dev)
{
	const struct pci_device_id *id;

	for (id = drv->id_table; id && id->vendor; id++) {
		if (id->vendor != PCI_ANY_ID && id->vendor != dev->vendor)
			continue;
		if (id->device != PCI_ANY_ID && id->device != dev->device)
			continue;
		if ((dev->class ^ id->class) & id->class_mask)
			continue;
		return id;
	}
	return NULL;
}

/* Offer @dev to @drv. Caller holds pci_lock. */
static void try_probe(struct pci_driver *drv, struct pci_dev *dev)
{
	const struct pci_device_id *id;
	char name[16];
	int err;

	if (dev->driver)
		return;
	id = match_one(drv, dev);
	if (!id)
		return;
	err = drv->probe(dev, id);
	if (err == -ENODEV)
		return;		/* "not mine" */
	if (err) {
		pr_warn("%s: %s probe failed: %d\n", pci_name(dev, name, sizeof(name)),
			drv->name, err);
		return;
	}
	dev->driver = drv;
}

/**
 * pci_register_driver() - add a driver and probe the devices it matches
 * @drv: the driver, with @name, @id_table and @probe set; it must stay
 *	valid for good (drivers are never unregistered)
 *
 * Devices are probed now if pci_init() has run, else when it does.
 * Context: process context; may sleep (probes do).
 * Return: 0, or -EINVAL for an incomplete driver.
 */
int pci_register_driver(struct pci_driver *drv)
{
	struct pci_dev *dev;

	if (!drv || !drv->name || !drv->id_table || !drv->probe)
		return -EINVAL;
	mutex_lock(&pci_lock);
	list_add_tail(&drv->node, &pci_drivers);
	if (pci_ready)
		list_for_each_entry(dev, &pci_devices, node)
			try_probe(drv, dev);
	mutex_unlock(&pci_lock);
	return 0;
}

/**
 * pci_dev_count() - how many functions pci_init() found
 *
 * Context: any.
 * Return: the count (0 before pci_init()).
 */
unsigned int pci_dev_count(void)
{
	return READ_ONCE(nr_pci_devices);
}

static struct pci_dev *next_dev(struct pci_dev *from)
{
	struct list_head *n = from ? from->node.next : pci_devices.next;

	if (!READ_ONCE(pci_ready) || n == &pci_devices)
		return NULL;
	return list_entry(n, struct pci_dev, node);
}

/**
 * pci_get_device() - find a device by vendor and device ID
 * @vendor: vendor ID, or PCI_ANY_ID
 * @device: device ID, or PCI_ANY_ID
 * @from: continue after this device, or NULL to start
 *
 * Devices are never freed, so no reference is taken.
 * Context: any, after pci_init().
 * Return: the device, or NULL.
 */
struct pci_dev *pci_get_device(u16 vendor, u16 device, struct pci_dev *from)
{
	struct pci_dev *dev;

	for (dev = next_dev(from); dev; dev = next_dev(dev))
		if ((vendor == PCI_ANY_ID || dev->vendor == vendor) &&
		    (device == PCI_ANY_ID || dev->device == device))
			return dev;
	return NULL;
}

/**
 * pci_get_class() - find a device by class code
 * @class: 24-bit class code
 * @mask: which bits of it must match
 * @from: continue after this device, or NULL to start
 *
 * Context: any, after pci_init().
 * Return: the device, or NULL.
 */
struct pci_dev *pci_get_class(u32 class, u32 mask, struct pci_dev *from)
{
	struct pci_dev *dev;

	for (dev = next_dev(from); dev; dev = next_dev(dev))
		if (!((dev->class ^ class) & mask))
			return dev;
	return NULL;
}

/**
 * pci_enable_device() - turn on the device's I/O and memory decoding
 * @dev: the device
 *
 * Only the spaces that have a BAR are enabled.
 * Context: process context, by the bound driver.
 * Return: 0, or -ENODEV if configuration space is unreachable.
 */
int pci_enable_device(struct pci_dev *dev)
{
	u16 cmd, want = 0;
	unsigned int i;
	int err;

	for (i = 0; i < PCI_NUM_BARS; i++) {
		if (!dev->bar[i].size)
			continue;
		want |= dev->bar[i].flags & PCI_BAR_IO ? PCI_COMMAND_IO : PCI_COMMAND_MEMORY;
	}
	err = pci_read_config_word(dev, PCI_COMMAND, &cmd);
	if (err)
		return err;
	if ((cmd & want) != want)
		err = pci_write_config_word(dev, PCI_COMMAND, cmd | want);
	return err;
}

static void update_command(struct pci_dev *dev, u16 set, u16 clear)
{
	u16 cmd;

	if (pci_read_config_word(dev, PCI_COMMAND, &cmd))
		return;
	pci_write_config_word(dev, PCI_COMMAND, (cmd & ~clear) | set);
}

/**
 * pci_set_master() - let the device do DMA (bus mastering; also MSI writes)
 * @dev: the device
 *
 * Context: process context, by the bound driver.
 */
void pci_set_master(struct pci_dev *dev)
{
	update_command(dev, PCI_COMMAND_MASTER, 0);
}

/**
 * pci_clear_master() - stop the device's DMA
 * @dev: the device
 *
 * Context: process context, by the bound driver.
 */
void pci_clear_master(struct pci_dev *dev)
{
	update_command(dev, 0, PCI_COMMAND_MASTER);
}

/**
 * pci_iomap() - map a memory BAR into kernel space, uncached
 * @dev: the device
 * @bar: BAR index 0-5
 *
 * The whole BAR is mapped once and the mapping is kept while the device
 * lives; later calls return the same address.
 * Context: process context, by the bound driver.
 * Return: the mapping, or NULL for an I/O, empty or unassigned BAR or when
 * ioremap() fails.
 */
void __iomem *pci_iomap(struct pci_dev *dev, unsigned int bar)
{
	struct pci_bar *b;

	if (bar >= PCI_NUM_BARS)
		return NULL;
	b = &dev->bar[bar];
	if (!b->size || !b->phys || (b->flags & PCI_BAR_IO))
		return NULL;
	if (!b->va)
		b->va = ioremap(b->phys, b->size);
	return b->va;
}

static void probe_all(void)
{
	struct pci_driver *drv;
	struct pci_dev *dev;

	list_for_each_entry(drv, &pci_drivers, node)
		list_for_each_entry(dev, &pci_devices, node)
			try_probe(drv, dev);
}

/**
 * pci_init() - find the configuration mechanism, list every function
 *
 * ECAM when the MCFG has a window that answers, else ports 0xCF8/0xCFC.
 * Buses are scanned from 0 down through bridges as the firmware numbered
 * them (no renumbering). Each function is logged as
 * "pci 0000:00:03.0 1af4:1041 class 020000"; drivers registered earlier
 * are probed at the end.
 * Context: process context, once, after irq_init().
 */
void pci_init(void)
{
	mutex_lock(&pci_lock);
	choose_mechanism();
	if (!pci_ops) {
		pr_warn("no configuration mechanism answers: no PCI devices\n");
		goto out;
	}
	scan_bus(0);
	pr_info("%u functions via %s; bad BARs %lu, bad capability lists %lu, bad buses %lu\n",
		nr_pci_devices, pci_ops->name, pci_stats.bad_bars, pci_stats.bad_caps,
		pci_stats.bad_buses);
out:
	WRITE_ONCE(pci_ready, true);
	probe_all();
	mutex_unlock(&pci_lock);
}
