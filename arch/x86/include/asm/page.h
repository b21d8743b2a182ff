/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The x86-64 virtual memory layout and page-size constants.
 *
 *   0x0000000000000000 - 0x00007fffffffffff  user space (128 TiB)
 *   0xffff800000000000 - 0xffffbfffffffffff  direct map of all RAM (64 TiB)
 *   0xffffc00000000000 - 0xffffc0ffffffffff  vmalloc / ioremap (1 TiB)
 *   0xffffffff80000000 - 0xffffffffffffffff  kernel image (-2 GiB, -mcmodel=kernel)
 */
#ifndef _ASM_X86_PAGE_H
#define _ASM_X86_PAGE_H

#ifdef __ASSEMBLY__
#define __AC(x, y)		x
#else
#define __AC(x, y)		x##y
#endif

#define PAGE_SHIFT		12
#define PAGE_SIZE		(__AC(1, UL) << PAGE_SHIFT)
#define PAGE_MASK		(~(PAGE_SIZE - 1))
#define PMD_SHIFT		21
#define PMD_SIZE		(__AC(1, UL) << PMD_SHIFT)	/* 2 MiB large page */
#define PUD_SHIFT		30
#define PUD_SIZE		(__AC(1, UL) << PUD_SHIFT)	/* 1 GiB huge page */
#define PGDIR_SHIFT		39

#define PAGE_OFFSET		__AC(0xffff800000000000, UL)
#define DIRECT_MAP_SIZE		__AC(0x0000400000000000, UL)
#define VMALLOC_START		__AC(0xffffc00000000000, UL)
#define VMALLOC_END		__AC(0xffffc10000000000, UL)
#define KERNEL_VMA		__AC(0xffffffff80000000, UL)
#define KERNEL_PHYS		__AC(0x100000, UL)	/* load address: 1 MiB */

/* During early boot only the first EARLY_MAP_SIZE of RAM is direct-mapped. */
#define EARLY_MAP_SIZE		__AC(0x100000000, UL)	/* 4 GiB */

#ifndef __ASSEMBLY__
#include <tessera/types.h>

/* Direct-map conversions: valid for RAM only (not MMIO, not vmalloc). */
#define __va(pa)		((void *)((unsigned long)(pa) + PAGE_OFFSET))
#define __pa(va)		((phys_addr_t)((unsigned long)(va) - PAGE_OFFSET))
/* Kernel-image symbol to physical address. */
#define __pa_symbol(sym)	((phys_addr_t)((unsigned long)(sym) - KERNEL_VMA))

#define PFN_DOWN(x)		((x) >> PAGE_SHIFT)
#define PFN_UP(x)		(((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)
#define PFN_PHYS(pfn)		((phys_addr_t)(pfn) << PAGE_SHIFT)

/* Linker-script symbols bounding the kernel image sections (page aligned). */
extern char _text[], _etext[], _rodata[], _erodata[], _data[], _edata[];
extern char __bss_start[], __bss_stop[], _end[];
#endif

#endif /* _ASM_X86_PAGE_H */
