/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Device interrupts: the IOAPIC routes legacy IRQs (and later PCI INTx) to
 * vectors; MSI/MSI-X will allocate vectors through the same API. The SMP /
 * interrupt code (arch/x86/kernel/smp/) owns this header.
 */
#ifndef _TESSERA_IRQ_H
#define _TESSERA_IRQ_H

#include <asm/ptrace.h>

/*
 * irq_init() - mask and program the IOAPICs from the MADT, legacy IRQs
 * (with overrides) to vectors, all masked until requested.
 * Context: boot CPU, after acpi_init().
 */
void irq_init(void);

#endif /* _TESSERA_IRQ_H */
