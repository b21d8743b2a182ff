/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ACPI tables: find the RSDP, walk the RSDT/XSDT, and keep what the kernel
 * needs from the MADT (CPUs, IOAPICs, interrupt overrides) and MCFG (PCI
 * ECAM, for later). The ACPI code (drivers/acpi/) owns this header.
 */
#ifndef _TESSERA_ACPI_H
#define _TESSERA_ACPI_H

#include <tessera/types.h>

#define ACPI_MAX_IOAPICS	8
#define ACPI_MAX_OVERRIDES	24
#define ACPI_MAX_NMI_SOURCES	8
#define ACPI_MAX_MCFG		8
#define ACPI_MAX_LAPIC_NMIS	8

/* MPS INTI flags (interrupt source overrides, NMI sources). */
#define ACPI_POLARITY_MASK	0x3
#define ACPI_POLARITY_BUS	0x0	/* conforms to the bus: ISA = high */
#define ACPI_POLARITY_HIGH	0x1
#define ACPI_POLARITY_LOW	0x3
#define ACPI_TRIGGER_MASK	0xc
#define ACPI_TRIGGER_BUS	0x0	/* conforms to the bus: ISA = edge */
#define ACPI_TRIGGER_EDGE	0x4
#define ACPI_TRIGGER_LEVEL	0xc

/**
 * struct acpi_ioapic - one I/O APIC from the MADT
 * @id: its APIC ID
 * @phys: physical address of its register window
 * @gsi_base: the global system interrupt of its pin 0
 */
struct acpi_ioapic {
	u8 id;
	u32 phys;
	u32 gsi_base;
};

/**
 * struct acpi_irq_override - an ISA IRQ wired to another GSI or polarity
 * @isa_irq: the ISA IRQ (bus 0 source)
 * @gsi: the global system interrupt it arrives on
 * @flags: ACPI_POLARITY_* | ACPI_TRIGGER_*
 */
struct acpi_irq_override {
	u8 isa_irq;
	u32 gsi;
	u16 flags;
};

/* An IOAPIC pin the firmware wired to NMI. */
struct acpi_nmi_source {
	u32 gsi;
	u16 flags;
};

/* A LAPIC LINT pin wired to NMI; @acpi_uid 0xff means every processor. */
struct acpi_lapic_nmi {
	u8 acpi_uid;
	u8 lint;
	u16 flags;
};

/**
 * struct acpi_mcfg_entry - one PCI Express ECAM window (MCFG)
 * @base: physical base of the window
 * @segment: PCI segment group
 * @bus_start: first bus decoded
 * @bus_end: last bus decoded
 */
struct acpi_mcfg_entry {
	u64 base;
	u16 segment;
	u8 bus_start;
	u8 bus_end;
};

/**
 * struct acpi_platform - what acpi_init() kept; read-only after it
 * @valid_madt: a MADT was found and parsed
 * @lapic_phys: local APIC address (MADT, or its address override)
 * @pcat_compat: dual 8259s present (MADT flag)
 * @nr_cpus_found: enabled local APICs in the MADT (before any cap)
 * @nr_online_capable: disabled-but-online-capable ones (never started)
 */
struct acpi_platform {
	bool valid_madt;
	u64 lapic_phys;
	bool pcat_compat;
	unsigned int nr_cpus_found;
	unsigned int nr_online_capable;
	unsigned int nr_ioapics;
	struct acpi_ioapic ioapic[ACPI_MAX_IOAPICS];
	unsigned int nr_overrides;
	struct acpi_irq_override override[ACPI_MAX_OVERRIDES];
	unsigned int nr_nmi_sources;
	struct acpi_nmi_source nmi_source[ACPI_MAX_NMI_SOURCES];
	unsigned int nr_lapic_nmis;
	struct acpi_lapic_nmi lapic_nmi[ACPI_MAX_LAPIC_NMIS];
	unsigned int nr_mcfg;
	struct acpi_mcfg_entry mcfg[ACPI_MAX_MCFG];
};

extern struct acpi_platform acpi_platform;

/*
 * acpi_init() - parse the tables; fills cpu_possible_mask from the MADT
 * (capped at CONFIG_NR_CPUS and at maxcpus=). CPU 0 is always the boot CPU.
 * Without usable tables: one CPU, legacy IRQ routing, and a warning.
 * Context: boot CPU, after vmalloc_init() (tables are ioremap()ed).
 */
void acpi_init(void);

/* The local APIC ID of logical CPU @cpu (valid for possible CPUs). */
u32 cpu_apic_id(unsigned int cpu);

/* The maxcpus= boot parameter, 0 when not given. */
unsigned int smp_maxcpus(void);

/* Sum of @len bytes, as ACPI checksums are defined (valid tables give 0). */
u8 acpi_checksum(const void *p, size_t len);

#endif /* _TESSERA_ACPI_H */
