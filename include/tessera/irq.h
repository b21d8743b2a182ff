/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Device interrupts: the IOAPIC routes legacy IRQs (and later PCI INTx) to
 * vectors; MSI/MSI-X will allocate vectors through the same API. The SMP /
 * interrupt code (arch/x86/kernel/smp/) owns this header.
 *
 * IRQ numbers: 0-15 are the ISA IRQs (routed through the MADT's interrupt
 * source overrides, so IRQ 0 may arrive on GSI 2); 16 and up are global
 * system interrupts (IOAPIC inputs) used as they are.
 */
#ifndef _TESSERA_IRQ_H
#define _TESSERA_IRQ_H

#include <asm/ptrace.h>
#include <asm/traps.h>

#define NR_LEGACY_IRQS		16
#define NR_IRQS			64

/*
 * irq_init() - mask and program the IOAPICs from the MADT, legacy IRQs
 * (with overrides) to vectors, all masked until requested.
 * Context: boot CPU, after acpi_init().
 */
void irq_init(void);

/**
 * request_irq() - install a handler for a device interrupt and unmask it
 * @irq: 0-15 ISA IRQ, or a GSI >= 16 that an IOAPIC serves (< NR_IRQS)
 * @handler: runs on the boot CPU with interrupts off; the EOI is sent for it
 * @name: for reports; the string must stay valid
 *
 * Context: process context; does not sleep.
 * Return: 0; -EINVAL for a bad @irq, NULL @handler or @name; -ENODEV if no
 * IOAPIC serves @irq; -EBUSY if it already has a handler; -ENOSPC if no
 * vector is free.
 */
int request_irq(unsigned int irq, irq_handler_t handler, const char *name);

/*
 * free_irq() - mask @irq and remove its handler; WARNs if it had none.
 * Context: process context; a handler running on another CPU may finish.
 */
void free_irq(unsigned int irq);

/* How often @irq has fired since boot (0 for a bad @irq). */
unsigned long irq_count(unsigned int irq);

/* The vector @irq is routed to, or -ENODEV if it is not routed. */
int irq_vector(unsigned int irq);

/*
 * alloc_irq_vector() - reserve a free device vector (for MSI/MSI-X or a
 * new IOAPIC route). Return: the vector, or -ENOSPC. Any context.
 */
int alloc_irq_vector(void);
/* Give a vector from alloc_irq_vector() back; WARNs on one not allocated. */
void free_irq_vector(int vector);

#endif /* _TESSERA_IRQ_H */
