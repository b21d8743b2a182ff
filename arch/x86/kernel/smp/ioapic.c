// SPDX-License-Identifier: GPL-2.0
/*
 * The I/O APICs and the device IRQ API: legacy ISA IRQs routed per the MADT
 * overrides, request_irq()/free_irq(), and the device vector allocator.
 */
#define pr_fmt(fmt) "irq: " fmt

#include <tessera/acpi.h>
#include <tessera/bug.h>
#include <tessera/cpumask.h>
#include <tessera/err.h>
#include <tessera/errno.h>
#include <tessera/irq.h>
#include <tessera/kernel.h>
#include <tessera/printk.h>
#include <tessera/spinlock.h>
#include <tessera/vmalloc.h>
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/smp.h>
#include <asm/traps.h>

#define IOAPIC_DEFAULT_PHYS	0xfec00000U

/* Register window: select, then data (82093AA datasheet, 3.1). */
#define IOREGSEL		0x00
#define IOWIN			0x10
#define IOAPIC_REG_ID		0x00
#define IOAPIC_REG_VER		0x01	/* bits 23:16: highest redirection entry */
#define IOAPIC_REG_REDIR(pin)	(0x10 + 2 * (pin))

/* Redirection entry, low dword. */
#define RTE_DELIVERY_FIXED	(0U << 8)
#define RTE_DEST_PHYSICAL	(0U << 11)
#define RTE_ACTIVE_LOW		(1U << 13)
#define RTE_LEVEL		(1U << 15)
#define RTE_MASKED		(1U << 16)

/**
 * struct ioapic - one mapped IOAPIC
 * @regs: its register window (ioremap)
 * @gsi_base: GSI of pin 0
 * @nr_pins: number of redirection entries
 * @id: APIC ID from the MADT
 */
struct ioapic {
	void __iomem *regs;
	u32 gsi_base;
	unsigned int nr_pins;
	u8 id;
};

/**
 * struct irq_desc - one routed IRQ
 * @ioapic: the IOAPIC serving it, NULL if not routed
 * @pin: its input pin there
 * @vector: the CPU vector, 0 until routed
 * @rte_low: the redirection entry's low dword (without the mask bit)
 * @handler: the driver's handler, NULL when free
 * @name: the driver's name
 * @count: arrivals (atomic adds)
 */
struct irq_desc {
	struct ioapic *ioapic;
	unsigned int pin;
	unsigned int vector;
	u32 rte_low;
	irq_handler_t handler;
	const char *name;
	unsigned long count;
};

/*
 * irq_lock protects irq_desc[] routing and handler fields, vector_to_irq[],
 * the vector bitmap, and every IOREGSEL/IOWIN access (a select-then-access
 * pair must not interleave). Taken with interrupts off. The dispatcher
 * reads handler and vector_to_irq[] without it (READ_ONCE): free_irq()
 * masks the pin before clearing the handler.
 */
static DEFINE_SPINLOCK(irq_lock);
static struct ioapic ioapics[ACPI_MAX_IOAPICS];
static unsigned int nr_ioapics;
static struct irq_desc irq_desc[NR_IRQS];
static int vector_to_irq[NR_VECTORS];
static unsigned long vector_used[NR_VECTORS / BITS_PER_LONG];

static u32 ioapic_read(struct ioapic *io, u32 reg)
{
	writel(reg, io->regs + IOREGSEL);
	return readl(io->regs + IOWIN);
}

static void ioapic_write(struct ioapic *io, u32 reg, u32 v)
{
	writel(reg, io->regs + IOREGSEL);
	writel(v, io->regs + IOWIN);
}

/* Program @pin: destination the boot CPU, @low (with or without the mask). */
static void ioapic_set_rte(struct ioapic *io, unsigned int pin, u32 low)
{
	/* Mask first so the entry is never live half-written. */
	ioapic_write(io, IOAPIC_REG_REDIR(pin), RTE_MASKED);
	ioapic_write(io, IOAPIC_REG_REDIR(pin) + 1, cpu_apic_id(0) << 24);
	ioapic_write(io, IOAPIC_REG_REDIR(pin), low);
}

static bool vector_test(unsigned int v)
{
	return vector_used[v / BITS_PER_LONG] & (1UL << (v % BITS_PER_LONG));
}

static void vector_assign(unsigned int v, bool used)
{
	if (used)
		vector_used[v / BITS_PER_LONG] |= 1UL << (v % BITS_PER_LONG);
	else
		vector_used[v / BITS_PER_LONG] &= ~(1UL << (v % BITS_PER_LONG));
}

static int __alloc_irq_vector(void)
{
	unsigned int v;

	for (v = FIRST_DEVICE_VECTOR; v <= LAST_DEVICE_VECTOR; v++) {
		if (!vector_test(v)) {
			vector_assign(v, true);
			return v;
		}
	}
	return -ENOSPC;
}

/**
 * alloc_irq_vector() - reserve a free device vector
 *
 * Context: any; does not sleep.
 * Return: a vector in [FIRST_DEVICE_VECTOR, LAST_DEVICE_VECTOR], or -ENOSPC.
 */
int alloc_irq_vector(void)
{
	unsigned long flags;
	int v;

	spin_lock_irqsave(&irq_lock, flags);
	v = __alloc_irq_vector();
	spin_unlock_irqrestore(&irq_lock, flags);
	return v;
}

/**
 * free_irq_vector() - release a vector from alloc_irq_vector()
 * @vector: the vector
 *
 * Context: any; its handler (if any) must be gone.
 */
void free_irq_vector(int vector)
{
	unsigned long flags;

	if (WARN(vector < FIRST_DEVICE_VECTOR || vector > LAST_DEVICE_VECTOR,
		 "irq: free_irq_vector(%d): not a device vector\n", vector))
		return;
	spin_lock_irqsave(&irq_lock, flags);
	WARN(!vector_test(vector), "irq: free_irq_vector(%d): not allocated\n", vector);
	vector_assign(vector, false);
	spin_unlock_irqrestore(&irq_lock, flags);
}

/* The common vector handler of every routed IRQ. */
static void irq_dispatch(struct pt_regs *regs)
{
	int irq = READ_ONCE(vector_to_irq[regs->vector & 0xff]);
	struct irq_desc *d;
	irq_handler_t h;

	if (irq >= 0 && irq < NR_IRQS) {
		d = &irq_desc[irq];
		__atomic_fetch_add(&d->count, 1, __ATOMIC_RELAXED);
		h = READ_ONCE(d->handler);
		if (h)
			h(regs);
		else
			pr_warn_once("irq: IRQ %d arrived with no handler (masked too late?)\n", irq);
	}
	lapic_eoi();
}

static struct ioapic *ioapic_for_gsi(u32 gsi, unsigned int *pin)
{
	unsigned int i;

	for (i = 0; i < nr_ioapics; i++) {
		if (gsi >= ioapics[i].gsi_base && gsi < ioapics[i].gsi_base + ioapics[i].nr_pins) {
			*pin = gsi - ioapics[i].gsi_base;
			return &ioapics[i];
		}
	}
	return NULL;
}

/* Legacy IRQ @irq: its GSI and RTE polarity/trigger bits from the overrides. */
static u32 legacy_gsi(unsigned int irq, u32 *rte_flags)
{
	unsigned int i;
	u16 f;

	*rte_flags = 0;		/* ISA: edge, active high */
	for (i = 0; i < acpi_platform.nr_overrides; i++) {
		const struct acpi_irq_override *o = &acpi_platform.override[i];

		if (o->isa_irq != irq)
			continue;
		f = o->flags;
		if ((f & ACPI_POLARITY_MASK) == ACPI_POLARITY_LOW)
			*rte_flags |= RTE_ACTIVE_LOW;
		if ((f & ACPI_TRIGGER_MASK) == ACPI_TRIGGER_LEVEL)
			*rte_flags |= RTE_LEVEL;
		return o->gsi;
	}
	return irq;
}

/* Give @irq a vector and a masked RTE. Caller holds irq_lock. */
static int route_irq(unsigned int irq, u32 gsi, u32 rte_flags)
{
	struct irq_desc *d = &irq_desc[irq];
	struct ioapic *io;
	unsigned int pin, i;
	int v;


	io = ioapic_for_gsi(gsi, &pin);
	if (!io)
		return -ENODEV;
	for (i = 0; i < NR_IRQS; i++)
		if (irq_desc[i].ioapic == io && irq_desc[i].pin == pin)
			return -EBUSY;	/* another IRQ's override took the pin */
	v = __alloc_irq_vector();
	if (v < 0)
		return v;
	if (request_vector(v, irq_dispatch)) {
		vector_assign(v, false);
		return -EBUSY;
	}
	d->ioapic = io;
	d->pin = pin;
	d->vector = v;
	d->rte_low = RTE_DELIVERY_FIXED | RTE_DEST_PHYSICAL | rte_flags | v;
	WRITE_ONCE(vector_to_irq[v], (int)irq);
	ioapic_set_rte(io, pin, d->rte_low | RTE_MASKED);
	return 0;
}

/**
 * request_irq() - install a handler for a device interrupt and unmask it
 * @irq: ISA IRQ 0-15, or a GSI 16..NR_IRQS-1
 * @handler: called with interrupts off; the LAPIC EOI is sent after it
 * @name: for reports
 *
 * Context: any but interrupt handlers of @irq; does not sleep.
 * Return: 0, -EINVAL, -ENODEV, -EBUSY or -ENOSPC (see irq.h).
 */
int request_irq(unsigned int irq, irq_handler_t handler, const char *name)
{
	struct irq_desc *d;
	unsigned long flags;
	int err = 0;

	if (irq >= NR_IRQS || !handler || !name)
		return -EINVAL;
	d = &irq_desc[irq];
	spin_lock_irqsave(&irq_lock, flags);
	if (!d->ioapic && irq >= NR_LEGACY_IRQS)
		err = route_irq(irq, irq, RTE_LEVEL | RTE_ACTIVE_LOW);	/* PCI INTx */
	else if (!d->ioapic)
		err = -ENODEV;
	if (!err && d->handler)
		err = -EBUSY;
	if (!err) {
		d->name = name;
		WRITE_ONCE(d->handler, handler);
		ioapic_set_rte(d->ioapic, d->pin, d->rte_low);	/* unmask */
	}
	spin_unlock_irqrestore(&irq_lock, flags);
	return err;
}

/**
 * free_irq() - mask an IRQ and remove its handler
 * @irq: an IRQ with a handler from request_irq()
 *
 * Context: as request_irq().
 */
void free_irq(unsigned int irq)
{
	struct irq_desc *d;
	unsigned long flags;

	if (WARN(irq >= NR_IRQS, "irq: free_irq(%u): no such IRQ\n", irq))
		return;
	d = &irq_desc[irq];
	spin_lock_irqsave(&irq_lock, flags);
	if (WARN(!d->handler, "irq: free_irq(%u): not requested\n", irq)) {
		spin_unlock_irqrestore(&irq_lock, flags);
		return;
	}
	ioapic_set_rte(d->ioapic, d->pin, d->rte_low | RTE_MASKED);
	WRITE_ONCE(d->handler, NULL);
	d->name = NULL;
	spin_unlock_irqrestore(&irq_lock, flags);
}

/**
 * irq_count() - arrivals of an IRQ
 * @irq: IRQ number
 *
 * Context: any.
 * Return: the count since boot, 0 for a bad @irq.
 */
unsigned long irq_count(unsigned int irq)
{
	if (irq >= NR_IRQS)
		return 0;
	return __atomic_load_n(&irq_desc[irq].count, __ATOMIC_RELAXED);
}

/**
 * irq_vector() - the vector an IRQ is routed to
 * @irq: IRQ number
 *
 * Context: any.
 * Return: the vector, or -ENODEV.
 */
int irq_vector(unsigned int irq)
{
	if (irq >= NR_IRQS || !READ_ONCE(irq_desc[irq].ioapic))
		return -ENODEV;
	return irq_desc[irq].vector;
}

/* Map one IOAPIC, check it answers, mask all its pins. */
static void ioapic_add(u8 id, u32 phys, u32 gsi_base)
{
	struct ioapic *io = &ioapics[nr_ioapics];
	unsigned int pin;
	u32 ver;

	io->regs = ioremap(phys, 0x20);
	if (IS_ERR_OR_NULL((__force void *)io->regs)) {
		pr_err("cannot map the IOAPIC at %#x\n", phys);
		return;
	}
	ver = ioapic_read(io, IOAPIC_REG_VER);
	if (ver == U32_MAX) {
		pr_err("no IOAPIC answers at %#x\n", phys);
		iounmap(io->regs);
		return;
	}
	io->id = id;
	io->gsi_base = gsi_base;
	io->nr_pins = ((ver >> 16) & 0xff) + 1;
	for (pin = 0; pin < io->nr_pins; pin++)
		ioapic_set_rte(io, pin, RTE_MASKED);
	nr_ioapics++;
	pr_info("IOAPIC %u (id %u) at %#x: version %#x, GSIs %u-%u, all masked\n",
		nr_ioapics - 1, id, phys, ver & 0xff, gsi_base, gsi_base + io->nr_pins - 1);
}

/**
 * irq_init() - set up the IOAPICs and the legacy IRQ routes
 *
 * Every pin masked; ISA IRQs 0-15 (except the 8259 cascade, IRQ 2) get a
 * vector and a masked entry aimed at the boot CPU, through the MADT
 * overrides. Without a MADT the standard single IOAPIC at 0xfec00000 is
 * tried with identity ISA routing.
 * Context: boot CPU, once, after acpi_init() and time_init().
 */
void irq_init(void)
{
	unsigned int i, routed = 0;
	unsigned long flags;
	u32 gsi, rte_flags;

	for (i = 0; i < NR_VECTORS; i++)
		vector_to_irq[i] = -1;
	if (acpi_platform.nr_ioapics) {
		for (i = 0; i < acpi_platform.nr_ioapics; i++)
			ioapic_add(acpi_platform.ioapic[i].id, acpi_platform.ioapic[i].phys,
				   acpi_platform.ioapic[i].gsi_base);
	} else {
		pr_warn("no IOAPIC in the MADT; trying the standard one at %#x\n",
			IOAPIC_DEFAULT_PHYS);
		ioapic_add(0, IOAPIC_DEFAULT_PHYS, 0);
	}
	if (!nr_ioapics) {
		pr_err("no IOAPIC: device interrupts unavailable (request_irq() gives -ENODEV)\n");
		return;
	}

	spin_lock_irqsave(&irq_lock, flags);
	for (i = 0; i < NR_LEGACY_IRQS; i++) {
		if (i == 2)
			continue;	/* the 8259 cascade: never a device */
		gsi = legacy_gsi(i, &rte_flags);
		if (!route_irq(i, gsi, rte_flags))
			routed++;
	}
	spin_unlock_irqrestore(&irq_lock, flags);
	pr_info("%u legacy IRQs routed (%u override%s), masked until requested\n",
		routed, acpi_platform.nr_overrides, acpi_platform.nr_overrides == 1 ? "" : "s");
}
