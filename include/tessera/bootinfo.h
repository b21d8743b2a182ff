/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the boot loader told us, in one loader-independent form. The arch
 * code fills it from multiboot2 (GRUB) or multiboot1 (QEMU -kernel) before
 * start_kernel(); it is copied, so the loader's own structures can be reused.
 */
#ifndef _TESSERA_BOOTINFO_H
#define _TESSERA_BOOTINFO_H

#include <tessera/types.h>

#define BOOT_CMDLINE_MAX	2048
#define BOOT_MEM_MAX		128
#define BOOT_MOD_MAX		16
#define BOOT_MOD_CMDLINE_MAX	128

/* Memory map entry types, numbered as in the e820/multiboot maps. */
enum boot_mem_type {
	BOOT_MEM_USABLE = 1,
	BOOT_MEM_RESERVED = 2,
	BOOT_MEM_ACPI_RECLAIM = 3,
	BOOT_MEM_ACPI_NVS = 4,
	BOOT_MEM_BAD = 5,
};

struct boot_mem_range {
	u64 base;
	u64 len;
	u32 type;		/* enum boot_mem_type; other values = reserved */
};

struct boot_module {
	phys_addr_t start;	/* first byte */
	phys_addr_t end;	/* one past the last byte */
	char cmdline[BOOT_MOD_CMDLINE_MAX];
};

/**
 * struct boot_info - the boot loader's hand-over, copied and normalised
 * @loader: "GRUB 2.06", "qemu" ...; never NULL
 * @protocol: "multiboot2" or "multiboot1"
 * @cmdline: the kernel command line without the image name
 * @mem: the memory map as the loader gave it: unsorted, may overlap or
 *	have holes; memblock sanitises it
 * @mods: boot modules (initramfs, cluster file)
 * @rsdp: physical address of the ACPI RSDP copy, 0 if none was passed
 */
struct boot_info {
	char loader[64];
	const char *protocol;
	char cmdline[BOOT_CMDLINE_MAX];
	struct boot_mem_range mem[BOOT_MEM_MAX];
	unsigned int nr_mem;
	struct boot_module mods[BOOT_MOD_MAX];
	unsigned int nr_mods;
	phys_addr_t rsdp;
};

extern struct boot_info boot_info;

#endif /* _TESSERA_BOOTINFO_H */
