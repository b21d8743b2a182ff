// SPDX-License-Identifier: GPL-2.0
/*
 * PCI configuration-space access: the memory-mapped ECAM windows the ACPI
 * MCFG describes, and the legacy 0xCF8/0xCFC port pair as the fallback.
 */
#define pr_fmt(fmt) "pci: " fmt

#include <tessera/acpi.h>
#include <tessera/errno.h>
#include <tessera/kernel.h>
#include <tessera/printk.h>
#include <tessera/spinlock.h>
#include <tessera/vmalloc.h>
#include <asm/io.h>
#include "internal.h"

#define ECAM_BUS_SHIFT		20	/* 1 MiB of configuration space per bus */
#define ECAM_BUS_SIZE		(1UL << ECAM_BUS_SHIFT)
#define ECAM_DEVFN_SHIFT	12
#define NR_BUSES		256

#define CF8_ADDR_PORT		0xcf8
#define CF8_DATA_PORT		0xcfc
#define CF8_ENABLE		0x80000000u

const struct pci_cfg_ops *pci_ops;

/*
 * The ECAM window of segment 0 (the only one we use). ecam_bus[] holds one
 * mapping per bus, made on first access and never freed; a slot is set
 * once with a compare-and-swap, so readers need no lock.
 */
static const struct acpi_mcfg_entry *ecam;
static void __iomem *ecam_bus[NR_BUSES];

/* cf8_lock serialises the address-then-data port pair. */
static DEFINE_SPINLOCK(cf8_lock);

static bool cfg_args_ok(unsigned int off, unsigned int size, unsigned int limit)
{
	if (size != 1 && size != 2 && size != 4)
		return false;
	return off < limit && off + size <= limit && !(off & (size - 1));
}

/**
 * pci_ecam_init() - take segment 0's ECAM window from the ACPI MCFG
 *
 * Context: process context, once, from pci_init().
 * Return: 0, or -ENODEV when the MCFG has no usable window.
 */
int pci_ecam_init(void)
{
	unsigned int i;

	for (i = 0; i < acpi_platform.nr_mcfg; i++) {
		const struct acpi_mcfg_entry *m = &acpi_platform.mcfg[i];

		if (m->segment || !m->base || m->bus_end < m->bus_start)
			continue;
		ecam = m;
		return 0;
	}
	return -ENODEV;
}

/**
 * pci_ecam_covers() - whether the ECAM window decodes a bus
 * @seg: segment group
 * @bus: bus number
 *
 * Context: any.
 * Return: true if accesses to @bus may go through ECAM.
 */
bool pci_ecam_covers(u16 seg, u8 bus)
{
	return ecam && !seg && bus >= ecam->bus_start && bus <= ecam->bus_end;
}

static void __iomem *ecam_map_bus(u8 bus)
{
	void __iomem *va = READ_ONCE(ecam_bus[bus]);
	void __iomem *expect = NULL;

	if (va)
		return va;
	va = ioremap(ecam->base + ((u64)bus << ECAM_BUS_SHIFT), ECAM_BUS_SIZE);
	if (!va)
		return NULL;
	if (!__atomic_compare_exchange_n(&ecam_bus[bus], &expect, va, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		iounmap(va);	/* another CPU mapped it first */
		va = expect;
	}
	return va;
}

static void __iomem *ecam_addr(u16 seg, u8 bus, u8 devfn, unsigned int off)
{
	void __iomem *base;

	if (!pci_ecam_covers(seg, bus))
		return NULL;
	base = ecam_map_bus(bus);
	if (!base)
		return NULL;
	return base + ((unsigned long)devfn << ECAM_DEVFN_SHIFT) + off;
}

static int ecam_read(u16 seg, u8 bus, u8 devfn, unsigned int off, unsigned int size,
		     u32 *val)
{
	void __iomem *a;

	if (!cfg_args_ok(off, size, PCI_CFG_SPACE_EXP_SIZE))
		return -EINVAL;
	a = ecam_addr(seg, bus, devfn, off);
	if (!a)
		return -ENODEV;
	if (size == 1)
		*val = readb(a);
	else if (size == 2)
		*val = readw(a);
	else
		*val = readl(a);
	return 0;
}

static int ecam_write(u16 seg, u8 bus, u8 devfn, unsigned int off, unsigned int size,
		      u32 val)
{
	void __iomem *a;

	if (!cfg_args_ok(off, size, PCI_CFG_SPACE_EXP_SIZE))
		return -EINVAL;
	a = ecam_addr(seg, bus, devfn, off);
	if (!a)
		return -ENODEV;
	if (size == 1)
		writeb(val, a);
	else if (size == 2)
		writew(val, a);
	else
		writel(val, a);
	return 0;
}

const struct pci_cfg_ops pci_ecam_ops = {
	.name = "ECAM",
	.read = ecam_read,
	.write = ecam_write,
};

static u32 cf8_address(u8 bus, u8 devfn, unsigned int off)
{
	return CF8_ENABLE | ((u32)bus << 16) | ((u32)devfn << 8) | (off & 0xfc);
}

static int cf8_read(u16 seg, u8 bus, u8 devfn, unsigned int off, unsigned int size,
		    u32 *val)
{
	u16 port = CF8_DATA_PORT + (off & 3);
	unsigned long flags;

	if (seg || !cfg_args_ok(off, size, PCI_CFG_SPACE_SIZE))
		return seg ? -ENODEV : -EINVAL;
	spin_lock_irqsave(&cf8_lock, flags);
	outl(CF8_ADDR_PORT, cf8_address(bus, devfn, off));
	if (size == 1)
		*val = inb(port);
	else if (size == 2)
		*val = inw(port);
	else
		*val = inl(port);
	spin_unlock_irqrestore(&cf8_lock, flags);
	return 0;
}

static int cf8_write(u16 seg, u8 bus, u8 devfn, unsigned int off, unsigned int size,
		     u32 val)
{
	u16 port = CF8_DATA_PORT + (off & 3);
	unsigned long flags;

	if (seg || !cfg_args_ok(off, size, PCI_CFG_SPACE_SIZE))
		return seg ? -ENODEV : -EINVAL;
	spin_lock_irqsave(&cf8_lock, flags);
	outl(CF8_ADDR_PORT, cf8_address(bus, devfn, off));
	if (size == 1)
		outb(port, val);
	else if (size == 2)
		outw(port, val);
	else
		outl(port, val);
	spin_unlock_irqrestore(&cf8_lock, flags);
	return 0;
}

const struct pci_cfg_ops pci_cf8_ops = {
	.name = "CF8",
	.read = cf8_read,
	.write = cf8_write,
};

/**
 * pci_raw_read() - read configuration space by address
 * @seg, @bus, @devfn: the function
 * @off: byte offset, aligned to @size
 * @size: 1, 2 or 4
 *
 * Context: any (the first access to a new ECAM bus needs process context).
 * Return: the value, or all ones when nothing answers or the access fails,
 * as a missing device reads on real hardware.
 */
u32 pci_raw_read(u16 seg, u8 bus, u8 devfn, unsigned int off, unsigned int size)
{
	u32 v;

	if (!pci_ops || pci_ops->read(seg, bus, devfn, off, size, &v))
		return size == 4 ? U32_MAX : (1U << (size * 8)) - 1;
	return v;
}

/**
 * pci_raw_write() - write configuration space by address
 * @seg, @bus, @devfn: the function
 * @off: byte offset, aligned to @size
 * @size: 1, 2 or 4
 * @val: the value
 *
 * Context: as pci_raw_read(). Failed writes are dropped.
 */
void pci_raw_write(u16 seg, u8 bus, u8 devfn, unsigned int off, unsigned int size, u32 val)
{
	if (pci_ops)
		pci_ops->write(seg, bus, devfn, off, size, val);
}
