// SPDX-License-Identifier: GPL-2.0
/*
 * PCI device interrupts: MSI-X tables, single-message MSI, and the INTx
 * fallback through the IOAPIC, behind one per-device vector API.
 */
#define pr_fmt(fmt) "pci: " fmt

#include <tessera/acpi.h>
#include <tessera/errno.h>
#include <tessera/irq.h>
#include <tessera/kernel.h>
#include <tessera/param.h>
#include <tessera/pci.h>
#include <tessera/printk.h>
#include <tessera/slab.h>
#include <tessera/spinlock.h>
#include <tessera/vsprintf.h>
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/traps.h>
#include "internal.h"

/* MSI-X capability (PCI 3.0, 6.8.2). */
#define MSIX_FLAGS		0x02
#define  MSIX_FLAGS_QSIZE	0x07ff
#define  MSIX_FLAGS_MASKALL	0x4000
#define  MSIX_FLAGS_ENABLE	0x8000
#define MSIX_TABLE		0x04
#define  MSIX_TABLE_BIR		0x7
#define MSIX_ENTRY_SIZE		16
#define MSIX_ENTRY_ADDR_LO	0x0
#define MSIX_ENTRY_ADDR_HI	0x4
#define MSIX_ENTRY_DATA		0x8
#define MSIX_ENTRY_CTRL		0xc
#define  MSIX_ENTRY_MASKED	0x1

/* MSI capability (PCI 3.0, 6.8.1). */
#define MSI_FLAGS		0x02
#define  MSI_FLAGS_ENABLE	0x0001
#define  MSI_FLAGS_QSIZE	0x0070	/* multiple message enable */
#define  MSI_FLAGS_64BIT	0x0080
#define  MSI_FLAGS_MASKBIT	0x0100
#define MSI_ADDR_LO		0x04
#define MSI_ADDR_HI		0x08
#define MSI_DATA_32		0x08
#define MSI_DATA_64		0x0c
#define MSI_MASK_32		0x0c
#define MSI_MASK_64		0x10

/* x86 message format (Intel SDM vol. 3, "Message Signalled Interrupts"). */
#define X86_MSI_ADDR_BASE	0xfee00000u
#define X86_MSI_DEST_SHIFT	12	/* physical destination: APIC ID */

#define INTX_SHARE_MAX		4	/* devices on one INTx line */
#define MSI_TARGET_CPU		0	/* every vector goes to the boot CPU */

/**
 * struct pci_irq_action - one requested device interrupt
 * @handler: the driver's handler, NULL while free
 * @data: its argument
 * @name: for reports
 * @count: arrivals (relaxed atomic adds)
 */
struct pci_irq_action {
	pci_irq_handler_t handler;
	void *data;
	const char *name;
	unsigned long count;
};

/**
 * struct pci_irq_state - the interrupt set-up of one device
 * @vector: LAPIC vector of each MSI/MSI-X entry
 * @act: per-vector action
 * @msix_table: the mapped MSI-X table (MSI-X mode)
 * @intx_irq: the IRQ (ISA 0-15 or GSI) of the INTx line (INTx mode)
 *
 * Written by the owning driver in process context; the dispatchers read
 * @act through vector_action[] / intx_action[] below.
 */
struct pci_irq_state {
	int vector[PCI_MAX_VECTORS];
	struct pci_irq_action act[PCI_MAX_VECTORS];
	void __iomem *msix_table;
	unsigned int intx_irq;
};

/*
 * irq_table_lock guards vector_action[], intx_action[] and
 * intx_line_requested[]; taken with interrupts off. The dispatchers read
 * the tables with READ_ONCE and no lock: an entry is cleared only after
 * its source is masked, and actions live as long as their device.
 */
static bool pci_nomsi;
param_bool(pci.nomsi, pci_nomsi, "PCI devices use INTx only (no MSI or MSI-X)");

static DEFINE_SPINLOCK(irq_table_lock);
static struct pci_irq_action *vector_action[NR_VECTORS];
static struct pci_irq_action *intx_action[NR_IRQS][INTX_SHARE_MAX];
static bool intx_line_requested[NR_IRQS];
static int intx_vector_line[NR_VECTORS];

static void run_action(struct pci_irq_action *a)
{
	pci_irq_handler_t h;

	if (!a)
		return;
	h = READ_ONCE(a->handler);
	if (!h)
		return;
	__atomic_fetch_add(&a->count, 1, __ATOMIC_RELAXED);
	h(a->data);
}

/* The LAPIC vector handler shared by every MSI and MSI-X vector. */
static void msi_dispatch(struct pt_regs *regs)
{
	struct pci_irq_action *a = READ_ONCE(vector_action[regs->vector & 0xff]);

	if (a && READ_ONCE(a->handler))
		run_action(a);
	else
		__atomic_fetch_add(&pci_stats.spurious, 1, __ATOMIC_RELAXED);
	lapic_eoi();
}

/* The request_irq() handler of a shared INTx line; the IOAPIC code EOIs. */
static void intx_dispatch(struct pt_regs *regs)
{
	int line = READ_ONCE(intx_vector_line[regs->vector & 0xff]);
	unsigned int i;

	if (line <= 0 || line >= NR_IRQS)
		return;
	for (i = 0; i < INTX_SHARE_MAX; i++)
		run_action(READ_ONCE(intx_action[line][i]));
}

static void msi_compose(unsigned int cpu, int vector, u32 *addr, u32 *data)
{
	*addr = X86_MSI_ADDR_BASE | (cpu_apic_id(cpu) << X86_MSI_DEST_SHIFT);
	*data = vector & 0xff;		/* fixed delivery, edge */
}

static void intx_enable(struct pci_dev *dev, bool on)
{
	u16 cmd;

	pci_read_config_word(dev, PCI_COMMAND, &cmd);
	if (on)
		cmd &= ~PCI_COMMAND_INTX_DISABLE;
	else
		cmd |= PCI_COMMAND_INTX_DISABLE;
	pci_write_config_word(dev, PCI_COMMAND, cmd);
}

static void release_vectors(struct pci_irq_state *st, unsigned int n)
{
	unsigned long flags;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (st->vector[i] <= 0)
			continue;
		free_vector(st->vector[i]);
		spin_lock_irqsave(&irq_table_lock, flags);
		vector_action[st->vector[i]] = NULL;
		spin_unlock_irqrestore(&irq_table_lock, flags);
		free_irq_vector(st->vector[i]);
		st->vector[i] = 0;
	}
}

/* Reserve @n LAPIC vectors with msi_dispatch() behind them. */
static int grab_vectors(struct pci_irq_state *st, unsigned int n)
{
	unsigned long flags;
	unsigned int i;
	int v;

	for (i = 0; i < n; i++) {
		v = alloc_irq_vector();
		if (v < 0)
			goto unwind;
		if (request_vector(v, msi_dispatch)) {
			free_irq_vector(v);
			v = -EBUSY;
			goto unwind;
		}
		spin_lock_irqsave(&irq_table_lock, flags);
		vector_action[v] = &st->act[i];
		spin_unlock_irqrestore(&irq_table_lock, flags);
		st->vector[i] = v;
	}
	return 0;
unwind:
	release_vectors(st, i);
	return v;
}

static void __iomem *msix_entry(struct pci_irq_state *st, unsigned int nr)
{
	return st->msix_table + nr * MSIX_ENTRY_SIZE;
}

/* Map the MSI-X table; NULL if the capability describes nonsense. */
static void __iomem *msix_map_table(struct pci_dev *dev, unsigned int entries)
{
	void __iomem *bar;
	unsigned int bir;
	u32 table;
	u64 end;

	pci_read_config_dword(dev, dev->msix_cap + MSIX_TABLE, &table);
	bir = table & MSIX_TABLE_BIR;
	table &= ~MSIX_TABLE_BIR;
	if (bir >= PCI_NUM_BARS)
		return NULL;
	end = (u64)table + (u64)entries * MSIX_ENTRY_SIZE;
	if (end > dev->bar[bir].size)
		return NULL;
	bar = pci_iomap(dev, bir);
	return bar ? bar + table : NULL;
}

static int setup_msix(struct pci_dev *dev, struct pci_irq_state *st, unsigned int min,
		      unsigned int max)
{
	unsigned int i, n, entries;
	u32 addr, data;
	u16 ctrl;
	int err;

	pci_read_config_word(dev, dev->msix_cap + MSIX_FLAGS, &ctrl);
	entries = (ctrl & MSIX_FLAGS_QSIZE) + 1;
	n = min(max, entries);
	if (n < min)
		return -ENOSPC;
	st->msix_table = msix_map_table(dev, entries);
	if (!st->msix_table)
		return -EINVAL;
	err = grab_vectors(st, n);
	if (err)
		return err;
	pci_write_config_word(dev, dev->msix_cap + MSIX_FLAGS,
			      ctrl | MSIX_FLAGS_ENABLE | MSIX_FLAGS_MASKALL);
	for (i = 0; i < entries; i++)
		writel(MSIX_ENTRY_MASKED, msix_entry(st, i) + MSIX_ENTRY_CTRL);
	for (i = 0; i < n; i++) {
		msi_compose(MSI_TARGET_CPU, st->vector[i], &addr, &data);
		writel(addr, msix_entry(st, i) + MSIX_ENTRY_ADDR_LO);
		writel(0, msix_entry(st, i) + MSIX_ENTRY_ADDR_HI);
		writel(data, msix_entry(st, i) + MSIX_ENTRY_DATA);
	}
	intx_enable(dev, false);
	pci_write_config_word(dev, dev->msix_cap + MSIX_FLAGS,
			      (ctrl | MSIX_FLAGS_ENABLE) & ~MSIX_FLAGS_MASKALL);
	return n;
}

/* One message only: multiple-message MSI needs aligned vector blocks. */
static int setup_msi(struct pci_dev *dev, struct pci_irq_state *st, unsigned int min)
{
	unsigned int pos = dev->msi_cap;
	u32 addr, data;
	u16 ctrl;
	int err;

	if (min > 1)
		return -ENOSPC;
	err = grab_vectors(st, 1);
	if (err)
		return err;
	msi_compose(MSI_TARGET_CPU, st->vector[0], &addr, &data);
	pci_read_config_word(dev, pos + MSI_FLAGS, &ctrl);
	ctrl &= ~(MSI_FLAGS_QSIZE | MSI_FLAGS_ENABLE);
	pci_write_config_dword(dev, pos + MSI_ADDR_LO, addr);
	if (ctrl & MSI_FLAGS_64BIT) {
		pci_write_config_dword(dev, pos + MSI_ADDR_HI, 0);
		pci_write_config_word(dev, pos + MSI_DATA_64, data);
	} else {
		pci_write_config_word(dev, pos + MSI_DATA_32, data);
	}
	if (ctrl & MSI_FLAGS_MASKBIT)
		pci_write_config_dword(dev, pos + (ctrl & MSI_FLAGS_64BIT ?
						   MSI_MASK_64 : MSI_MASK_32), 0);
	intx_enable(dev, false);
	pci_write_config_word(dev, pos + MSI_FLAGS, ctrl | MSI_FLAGS_ENABLE);
	return 1;
}

/*
 * The INTx line: what the firmware wrote into the interrupt line register,
 * which on QEMU's PIIX and ICH9 is an ISA IRQ the IOAPIC also receives
 * (request_irq() applies the MADT overrides). TODO: the ACPI _PRT (AML)
 * is not parsed, so boards whose firmware leaves the register empty get
 * no INTx.
 */
static int setup_intx(struct pci_dev *dev, struct pci_irq_state *st, unsigned int min)
{
	if (min > 1 || !dev->irq_pin)
		return -ENOSPC;
	if (!dev->irq_line || dev->irq_line == 0xff || dev->irq_line >= NR_IRQS)
		return -ENODEV;
	st->intx_irq = dev->irq_line;
	intx_enable(dev, true);
	return 1;
}

/**
 * pci_alloc_irq_vectors() - choose how the device interrupts and set it up
 * @dev: the device (bound driver)
 * @min: fewest vectors the driver can work with (1 or more)
 * @max: most it wants (at most PCI_MAX_VECTORS)
 * @flags: PCI_IRQ_ALLOW_* modes, tried in the order MSI-X, MSI, INTx
 *
 * MSI and MSI-X vectors are LAPIC vectors aimed at the boot CPU, each
 * starting masked (MSI-X) until pci_request_irq(). MSI and INTx give one
 * vector. The boot parameter pci.nomsi=1 leaves only INTx.
 * Context: process context.
 * Return: the number of vectors (@min..@max), or -EINVAL, -EBUSY (already
 * set up), -ENOMEM, -ENOSPC (no mode gives @min vectors) or -ENODEV.
 */
int pci_alloc_irq_vectors(struct pci_dev *dev, unsigned int min, unsigned int max,
			  unsigned int flags)
{
	struct pci_irq_state *st;
	int n = -ENOSPC;

	if (!min || min > max || max > PCI_MAX_VECTORS)
		return -EINVAL;
	if (dev->irq_mode != PCI_IRQ_NONE)
		return -EBUSY;
	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	if (pci_nomsi)
		flags &= PCI_IRQ_ALLOW_INTX;
	if ((flags & PCI_IRQ_ALLOW_MSIX) && dev->msix_cap) {
		n = setup_msix(dev, st, min, max);
		dev->irq_mode = n > 0 ? PCI_IRQ_MSIX : PCI_IRQ_NONE;
	}
	if (n <= 0 && (flags & PCI_IRQ_ALLOW_MSI) && dev->msi_cap) {
		n = setup_msi(dev, st, min);
		dev->irq_mode = n > 0 ? PCI_IRQ_MSI : PCI_IRQ_NONE;
	}
	if (n <= 0 && (flags & PCI_IRQ_ALLOW_INTX)) {
		n = setup_intx(dev, st, min);
		dev->irq_mode = n > 0 ? PCI_IRQ_INTX : PCI_IRQ_NONE;
	}
	if (n <= 0) {
		kfree(st);
		return n;
	}
	dev->irq = st;
	dev->nr_vectors = n;
	return n;
}

static void msix_mask(struct pci_dev *dev, unsigned int nr, bool mask)
{
	writel(mask ? MSIX_ENTRY_MASKED : 0, msix_entry(dev->irq, nr) + MSIX_ENTRY_CTRL);
	(void)readl(msix_entry(dev->irq, nr) + MSIX_ENTRY_CTRL);	/* flush */
}

static int intx_add(struct pci_dev *dev, struct pci_irq_action *a)
{
	unsigned int line = dev->irq->intx_irq, i;
	unsigned long flags;
	bool first;
	int err;

	spin_lock_irqsave(&irq_table_lock, flags);
	for (i = 0; i < INTX_SHARE_MAX && intx_action[line][i]; i++)
		;
	if (i < INTX_SHARE_MAX)
		intx_action[line][i] = a;
	first = !intx_line_requested[line];
	intx_line_requested[line] = true;
	spin_unlock_irqrestore(&irq_table_lock, flags);
	if (i == INTX_SHARE_MAX)
		return -EBUSY;
	if (!first)
		return 0;
	err = request_irq(line, intx_dispatch, "pci-intx");
	if (!err && irq_vector(line) > 0)
		WRITE_ONCE(intx_vector_line[irq_vector(line)], (int)line);
	return err;
}

static void intx_remove(struct pci_dev *dev, struct pci_irq_action *a)
{
	unsigned int line = dev->irq->intx_irq, i;
	unsigned long flags;

	spin_lock_irqsave(&irq_table_lock, flags);
	for (i = 0; i < INTX_SHARE_MAX; i++)
		if (intx_action[line][i] == a)
			intx_action[line][i] = NULL;
	spin_unlock_irqrestore(&irq_table_lock, flags);
}

/**
 * pci_request_irq() - install a handler on one of the device's vectors
 * @dev: the device, after pci_alloc_irq_vectors()
 * @nr: vector index, below dev->nr_vectors
 * @handler: runs in hard IRQ context on the boot CPU, interrupts off; for
 *	INTx it must make the device drop the line (and may be called for
 *	another device's interrupt on a shared line)
 * @data: its argument
 * @name: for reports; must stay valid
 *
 * Context: process context.
 * Return: 0, -EINVAL, -EBUSY (already requested or a full shared line), or
 * what request_irq() says for INTx.
 */
int pci_request_irq(struct pci_dev *dev, unsigned int nr, pci_irq_handler_t handler,
		    void *data, const char *name)
{
	struct pci_irq_action *a;
	int err = 0;

	if (!dev->irq || nr >= dev->nr_vectors || !handler)
		return -EINVAL;
	a = &dev->irq->act[nr];
	if (a->handler)
		return -EBUSY;
	a->data = data;
	a->name = name;
	WRITE_ONCE(a->handler, handler);
	if (dev->irq_mode == PCI_IRQ_MSIX)
		msix_mask(dev, nr, false);
	else if (dev->irq_mode == PCI_IRQ_INTX)
		err = intx_add(dev, a);
	if (err)
		WRITE_ONCE(a->handler, NULL);
	return err;
}

/**
 * pci_free_irq() - remove the handler of one vector
 * @dev: the device
 * @nr: a vector with a handler
 *
 * Context: process context; a handler already running on another CPU
 * may still finish.
 */
void pci_free_irq(struct pci_dev *dev, unsigned int nr)
{
	struct pci_irq_action *a;

	if (!dev->irq || nr >= dev->nr_vectors)
		return;
	a = &dev->irq->act[nr];
	if (dev->irq_mode == PCI_IRQ_MSIX)
		msix_mask(dev, nr, true);
	else if (dev->irq_mode == PCI_IRQ_INTX)
		intx_remove(dev, a);
	WRITE_ONCE(a->handler, NULL);
}

/**
 * pci_irq_count() - how often a vector's handler ran
 * @dev: the device
 * @nr: vector index
 *
 * Context: any.
 * Return: the count, 0 for a bad index.
 */
unsigned long pci_irq_count(const struct pci_dev *dev, unsigned int nr)
{
	if (!dev->irq || nr >= dev->nr_vectors)
		return 0;
	return __atomic_load_n(&dev->irq->act[nr].count, __ATOMIC_RELAXED);
}

/**
 * pci_free_irq_vectors() - undo pci_alloc_irq_vectors()
 * @dev: the device; every handler freed first
 *
 * Context: process context.
 */
void pci_free_irq_vectors(struct pci_dev *dev)
{
	struct pci_irq_state *st = dev->irq;
	u16 ctrl;

	if (!st)
		return;
	if (dev->irq_mode == PCI_IRQ_MSIX) {
		pci_read_config_word(dev, dev->msix_cap + MSIX_FLAGS, &ctrl);
		pci_write_config_word(dev, dev->msix_cap + MSIX_FLAGS,
				      ctrl & ~MSIX_FLAGS_ENABLE);
	} else if (dev->irq_mode == PCI_IRQ_MSI) {
		pci_read_config_word(dev, dev->msi_cap + MSI_FLAGS, &ctrl);
		pci_write_config_word(dev, dev->msi_cap + MSI_FLAGS, ctrl & ~MSI_FLAGS_ENABLE);
	}
	release_vectors(st, dev->nr_vectors);
	dev->irq_mode = PCI_IRQ_NONE;
	dev->nr_vectors = 0;
	dev->irq = NULL;
	kfree(st);
}
