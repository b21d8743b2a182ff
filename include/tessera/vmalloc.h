/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Virtually contiguous kernel memory in [VMALLOC_START, VMALLOC_END):
 * vmalloc() for large buffers, ioremap() for device MMIO, and kernel stacks
 * with an unmapped guard page below them.
 */
#ifndef _TESSERA_VMALLOC_H
#define _TESSERA_VMALLOC_H

#include <tessera/kernel.h>
#include <tessera/mm.h>

void vmalloc_init(void);

/* Page-granular, zeroed, NX, guarded by an unmapped page after each area. */
void *vmalloc(size_t size);
void vfree(const void *addr);

/* Map device memory uncached (PCD|PWT), NX. Unaligned @phys is allowed. */
void __iomem *ioremap(phys_addr_t phys, size_t size);
void iounmap(volatile void __iomem *addr);

/*
 * A kernel stack of THREAD_SIZE bytes with an unmapped guard page directly
 * below it. Returns the lowest address of the stack (the top is
 * base + THREAD_SIZE).
 */
#define THREAD_SIZE		(PAGE_SIZE << CONFIG_KERNEL_STACK_ORDER)
void *alloc_kernel_stack(void);
void free_kernel_stack(void *base);

bool is_vmalloc_addr(const void *addr);

#endif /* _TESSERA_VMALLOC_H */
