/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ACPI tables: find the RSDP, walk the RSDT/XSDT, and keep what the kernel
 * needs from the MADT (CPUs, IOAPICs, interrupt overrides) and MCFG (PCI
 * ECAM, for later). The ACPI code (drivers/acpi/) owns this header.
 */
#ifndef _TESSERA_ACPI_H
#define _TESSERA_ACPI_H

/*
 * acpi_init() - parse the tables; fills cpu_possible_mask from the MADT.
 * Without usable tables: one CPU, legacy IRQ routing, and a warning.
 * Context: boot CPU, after vmalloc_init() (tables are ioremap()ed).
 */
void acpi_init(void);

#endif /* _TESSERA_ACPI_H */
