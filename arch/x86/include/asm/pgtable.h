/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86-64 4-level page tables for the kernel half: PTE bits, the kernel's
 * page-table root, and map/unmap/protect of single kernel pages.
 */
#ifndef _ASM_X86_PGTABLE_H
#define _ASM_X86_PGTABLE_H

#include <tessera/types.h>
#include <asm/page.h>

#define _PAGE_PRESENT		(1UL << 0)
#define _PAGE_RW		(1UL << 1)
#define _PAGE_USER		(1UL << 2)
#define _PAGE_PWT		(1UL << 3)
#define _PAGE_PCD		(1UL << 4)
#define _PAGE_ACCESSED		(1UL << 5)
#define _PAGE_DIRTY		(1UL << 6)
#define _PAGE_PSE		(1UL << 7)	/* large page in PMD/PUD entries */
#define _PAGE_GLOBAL		(1UL << 8)
#define _PAGE_NX		(1UL << 63)
#define PTE_ADDR_MASK		0x000ffffffffff000UL

/* Protection sets for kernel mappings. */
#define PAGE_KERNEL		(_PAGE_PRESENT | _PAGE_RW | _PAGE_GLOBAL | _PAGE_NX)
#define PAGE_KERNEL_RO		(_PAGE_PRESENT | _PAGE_GLOBAL | _PAGE_NX)
#define PAGE_KERNEL_EXEC	(_PAGE_PRESENT | _PAGE_GLOBAL)	/* read + execute */
#define PAGE_KERNEL_IO		(PAGE_KERNEL | _PAGE_PCD | _PAGE_PWT)

/* The bits map_kernel_page()/protect_kernel_page() accept in @prot. */
#define PAGE_KERNEL_PROT_MASK	(_PAGE_PRESENT | _PAGE_RW | _PAGE_PWT | _PAGE_PCD | \
				 _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_GLOBAL | _PAGE_NX)

/* Table geometry: 512 entries per level; level 4 is the PML4, 1 the PTEs. */
#define PTRS_PER_TABLE		512
#define KERNEL_PGD_FIRST	256	/* PML4 entries 256..511 are the kernel half */

static inline unsigned int pgd_index(unsigned long va)
{
	return (va >> PGDIR_SHIFT) & (PTRS_PER_TABLE - 1);
}

/* True for 0xffff8000_00000000 and above: canonical and in the kernel half. */
static inline bool is_kernel_half(unsigned long va)
{
	return (va >> 47) == 0x1ffff;
}

typedef u64 pteval_t;

/* The physical address a leaf entry of size @size (4K/2M/1G) points at. */
static inline phys_addr_t leaf_phys(pteval_t e, unsigned long size)
{
	return (phys_addr_t)(e & PTE_ADDR_MASK & ~(u64)(size - 1));
}

/* Build the final kernel page tables (direct map, W^X image) and load them. */
void paging_init(void);

/* Physical address of the kernel's PML4. */
extern phys_addr_t kernel_pgd_phys;

/*
 * Map one 4 KiB page at kernel virtual @va to @pa with @prot (PAGE_KERNEL*),
 * allocating intermediate tables; -EEXIST if mapped, -ENOMEM, -EINVAL if
 * @va is inside a large-page mapping or not canonical kernel space.
 * Also -EINVAL for an unaligned @va or @pa, and for a @prot that is not
 * present, has bits outside PAGE_KERNEL_PROT_MASK or is writable and
 * executable at once (W^X).
 */
int map_kernel_page(unsigned long va, phys_addr_t pa, pteval_t prot);
/* Unmap one 4 KiB page and flush its TLB entry; -ENOENT if not mapped. */
int unmap_kernel_page(unsigned long va);
/* Change the protection of a mapped 4 KiB page; -ENOENT if not mapped. */
int protect_kernel_page(unsigned long va, pteval_t prot);
/*
 * Look up @va: returns the leaf entry (of whatever level) and its size
 * (4K/2M/1G) in *@size, or 0 if unmapped.
 */
pteval_t lookup_kernel_address(unsigned long va, unsigned long *size);

/* CPU features paging_init() found: execute-disable and 1 GiB pages. */
bool pgtable_has_nx(void);
bool pgtable_has_gbpages(void);

#endif /* _ASM_X86_PGTABLE_H */
