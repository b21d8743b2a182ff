// SPDX-License-Identifier: GPL-2.0
/*
 * Virtually contiguous kernel memory in [VMALLOC_START, VMALLOC_END):
 * vmalloc() buffers, ioremap() windows and kernel stacks. A first-fit
 * allocator over a sorted list of areas; every area owns one unmapped guard
 * page (after it, or below it for a stack), so no two areas ever touch.
 *
 * Interface: vmalloc/vfree, ioremap/iounmap, alloc_kernel_stack/
 * free_kernel_stack; each free takes exactly what its own alloc returned.
 */
#define pr_fmt(fmt) "vmalloc: " fmt

#include <tessera/bug.h>
#include <tessera/errno.h>
#include <tessera/kernel.h>
#include <tessera/list.h>
#include <tessera/mm.h>
#include <tessera/printk.h>
#include <tessera/slab.h>
#include <tessera/vmalloc.h>
#include <tessera/spinlock.h>
#include <asm/pgtable.h>

#define VMALLOC_SIZE		(VMALLOC_END - VMALLOC_START)

/* Below this, physical memory is the legacy ISA/BIOS area, not checked as RAM. */
#define LEGACY_END		0x100000UL

enum vm_kind {
	VM_ALLOC,		/* vmalloc(): pages from the buddy allocator */
	VM_IOREMAP,		/* ioremap(): device memory, not ours to free */
	VM_STACK,		/* alloc_kernel_stack(): guard page below */
};

/**
 * struct vm_area - one reserved stretch of vmalloc space
 * @node: link on vmap_areas, sorted by @start
 * @busy: being set up or torn down; lookups for freeing skip it
 * @start: first reserved address (the guard page of a stack)
 * @end: one past the last reserved address (the guard page otherwise)
 * @addr: first mapped address
 * @size: mapped bytes, a multiple of PAGE_SIZE
 * @kind: what the area holds; only the matching free function takes it
 *
 * @node and @busy are protected by the vmap lock; the rest is fixed when
 * the area is reserved.
 */
struct vm_area {
	struct list_head node;
	bool busy;
	unsigned long start;
	unsigned long end;
	unsigned long addr;
	unsigned long size;
	enum vm_kind kind;
};

/*
 * The vmap lock (vmap_lock_, a spinlock taken with interrupts saved)
 * guards vmap_areas; mapping and zeroing pages happen outside it, with the
 * area marked busy.
 */
static LIST_HEAD(vmap_areas);
static bool vmalloc_ready;
static DEFINE_SPINLOCK(vmap_lock_);

static unsigned long vmap_lock(void)
{
	unsigned long flags;

	spin_lock_irqsave(&vmap_lock_, flags);
	return flags;
}

static void vmap_unlock(unsigned long flags)
{
	spin_unlock_irqrestore(&vmap_lock_, flags);
}

/* Place @a in the gap [@gap_start, @gap_end) if it fits, @align-ed. */
static bool vmap_fit(struct vm_area *a, unsigned long align,
		     unsigned long gap_start, unsigned long gap_end)
{
	unsigned long below = a->kind == VM_STACK ? PAGE_SIZE : 0;
	unsigned long above = PAGE_SIZE - below;
	unsigned long addr = ALIGN(gap_start + below, align);

	if (addr + a->size + above > gap_end)
		return false;
	a->start = addr - below;
	a->end = addr + a->size + above;
	a->addr = addr;
	return true;
}

/*
 * vmap_reserve() - reserve @size bytes (plus a guard page) of vmalloc space
 *
 * The area comes back busy and unmapped, or NULL when out of space.
 * Context: may not be called from interrupts (kmalloc).
 */
static struct vm_area *vmap_reserve(unsigned long size, unsigned long align,
				    enum vm_kind kind)
{
	struct list_head *next = &vmap_areas;
	unsigned long gap_start = VMALLOC_START;
	struct vm_area *a, *pos;
	unsigned long flags;
	bool found = false;

	if (WARN_ONCE(!vmalloc_ready, "vmalloc: used before vmalloc_init()\n"))
		return NULL;
	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return NULL;
	a->size = size;
	a->kind = kind;
	a->busy = true;

	flags = vmap_lock();
	list_for_each_entry(pos, &vmap_areas, node) {
		if (vmap_fit(a, align, gap_start, pos->start)) {
			next = &pos->node;
			found = true;
			break;
		}
		gap_start = pos->end;
	}
	if (!found)
		found = vmap_fit(a, align, gap_start, VMALLOC_END);
	if (found)
		list_add_tail(&a->node, next);
	vmap_unlock(flags);

	if (!found) {
		pr_warn("out of vmalloc space for %lu bytes\n", size);
		kfree(a);
		return NULL;
	}
	return a;
}

/* Make a reserved area findable by its free function. */
static void vmap_publish(struct vm_area *a)
{
	unsigned long flags = vmap_lock();

	a->busy = false;
	vmap_unlock(flags);
}

/* Give a busy area's address space back. */
static void vmap_release(struct vm_area *a)
{
	unsigned long flags = vmap_lock();

	list_del(&a->node);
	vmap_unlock(flags);
	kfree(a);
}

/* Find the published area of @kind mapped at @addr and mark it busy. */
static struct vm_area *vmap_take(unsigned long addr, enum vm_kind kind)
{
	struct vm_area *a, *found = NULL;
	unsigned long flags;

	flags = vmap_lock();
	list_for_each_entry(a, &vmap_areas, node) {
		if (a->start > addr)
			break;
		if (a->addr == addr && a->kind == kind && !a->busy) {
			a->busy = true;
			found = a;
			break;
		}
	}
	vmap_unlock(flags);
	return found;
}

/* Unmap [@addr, @addr + @size), giving the pages to the buddy allocator if @free. */
static void vmap_unmap(unsigned long addr, unsigned long size, bool free)
{
	unsigned long va, leaf;
	pteval_t e;

	for (va = addr; va < addr + size; va += PAGE_SIZE) {
		e = lookup_kernel_address(va, &leaf);
		if (WARN_ON(!e || leaf != PAGE_SIZE))
			continue;
		unmap_kernel_page(va);
		if (free)
			__free_pages(pfn_to_page(PFN_DOWN(leaf_phys(e, leaf))), 0);
	}
}

/* Back every page of @a with a zeroed page, RW and NX; all or nothing. */
static int vmap_populate(struct vm_area *a)
{
	struct page *page;
	unsigned long off;
	int err;

	for (off = 0; off < a->size; off += PAGE_SIZE) {
		page = alloc_pages(GFP_ZERO, 0);
		if (!page) {
			err = -ENOMEM;
			goto out_unmap;
		}
		err = map_kernel_page(a->addr + off, page_to_phys(page), PAGE_KERNEL);
		if (err) {
			__free_pages(page, 0);
			goto out_unmap;
		}
	}
	return 0;

out_unmap:
	vmap_unmap(a->addr, off, true);
	return err;
}

/* Reserve and populate an area; NULL on failure. */
static void *vmap_alloc(unsigned long size, unsigned long align, enum vm_kind kind)
{
	struct vm_area *a;

	a = vmap_reserve(size, align, kind);
	if (!a)
		return NULL;
	if (vmap_populate(a)) {
		vmap_release(a);
		return NULL;
	}
	vmap_publish(a);
	return (void *)a->addr;
}

/* Unmap and free the pages of a taken area, then forget it. */
static void vmap_free(struct vm_area *a)
{
	vmap_unmap(a->addr, a->size, a->kind != VM_IOREMAP);
	vmap_release(a);
}

/**
 * vmalloc_init() - make vmalloc space usable
 *
 * Context: boot, after paging_init() and kmem_cache_init().
 */
void vmalloc_init(void)
{
	if (WARN(!kernel_pgd_phys, "vmalloc: no kernel page tables yet\n"))
		return;
	vmalloc_ready = true;
	pr_info("[%#lx-%#lx): %lu GiB for vmalloc, ioremap and %lu KiB stacks\n",
		VMALLOC_START, VMALLOC_END, VMALLOC_SIZE >> 30, THREAD_SIZE >> 10);
}

/**
 * vmalloc() - allocate virtually contiguous, zeroed kernel memory
 * @size: bytes; rounded up to whole pages
 *
 * The pages come from the buddy allocator one at a time and are mapped
 * RW and NX; an unmapped guard page follows the area.
 * Context: process context (allocates, may take a while for large sizes).
 * Return: the page-aligned start, or NULL if @size is 0, larger than
 * vmalloc space or than the free memory, or memory ran out on the way.
 */
void *vmalloc(size_t size)
{
	if (!size || size > VMALLOC_SIZE || PFN_UP(size) > nr_free_pages())
		return NULL;
	return vmap_alloc(ALIGN(size, PAGE_SIZE), PAGE_SIZE, VM_ALLOC);
}

/**
 * vfree() - free memory from vmalloc()
 * @addr: exactly what vmalloc() returned; NULL is a no-op
 *
 * Anything else (a pointer into the middle, ioremap or stack memory, an
 * area already freed) is reported with a WARN and ignored.
 * Context: process context.
 */
void vfree(const void *addr)
{
	struct vm_area *a;

	if (!addr)
		return;
	a = vmap_take((unsigned long)addr, VM_ALLOC);
	if (WARN(!a, "vfree: %p was not returned by vmalloc()\n", addr))
		return;
	vmap_free(a);
}

/* Whether any page of [@base, @base + @len) above the legacy area is RAM. */
static bool range_is_ram(phys_addr_t base, unsigned long len)
{
	phys_addr_t pa;

	for (pa = max_t(phys_addr_t, base, LEGACY_END); pa < base + len; pa += PAGE_SIZE) {
		if (pa >= DIRECT_MAP_SIZE)
			break;
		if (lookup_kernel_address((unsigned long)__va(pa), NULL))
			return true;
	}
	return false;
}

/**
 * ioremap() - map device memory into kernel space, uncached
 * @phys: physical address; need not be page aligned
 * @size: bytes
 *
 * Maps the pages covering [@phys, @phys + @size) with PAGE_KERNEL_IO
 * (PCD|PWT, NX). RAM above 1 MiB is refused: it is already mapped,
 * cacheable, in the direct map, and two memory types for one page are
 * undefined behaviour on x86.
 * Context: process context.
 * Return: the address of @phys inside the mapping, or NULL on bad input
 * or when out of vmalloc space or memory.
 */
void __iomem *ioremap(phys_addr_t phys, size_t size)
{
	unsigned long offset = phys & ~PAGE_MASK, len, off;
	phys_addr_t base = phys - offset;
	struct vm_area *a;
	int err;

	if (!size || size > VMALLOC_SIZE || phys + size - 1 < phys) {
		pr_warn("ioremap: bad range %#llx+%#zx\n", (unsigned long long)phys, size);
		return NULL;
	}
	len = ALIGN(offset + size, PAGE_SIZE);
	if (range_is_ram(base, len)) {
		pr_warn("ioremap: %#llx+%#zx is RAM; use the direct map\n",
			(unsigned long long)phys, size);
		return NULL;
	}

	a = vmap_reserve(len, PAGE_SIZE, VM_IOREMAP);
	if (!a)
		return NULL;
	for (off = 0; off < len; off += PAGE_SIZE) {
		err = map_kernel_page(a->addr + off, base + off, PAGE_KERNEL_IO);
		if (err)
			goto out_unmap;
	}
	vmap_publish(a);
	return (void __iomem *)(a->addr + offset);

out_unmap:
	pr_warn("ioremap: cannot map %#llx: error %d\n", (unsigned long long)(base + off), err);
	vmap_unmap(a->addr, off, false);
	vmap_release(a);
	return NULL;
}

/**
 * iounmap() - undo ioremap()
 * @addr: what ioremap() returned; NULL is a no-op
 *
 * Anything else is reported with a WARN and ignored.
 * Context: process context.
 */
void iounmap(volatile void __iomem *addr)
{
	unsigned long va = (__force unsigned long)addr;
	struct vm_area *a;

	if (!va)
		return;
	a = vmap_take(va & PAGE_MASK, VM_IOREMAP);
	if (WARN(!a, "iounmap: %#lx was not returned by ioremap()\n", va))
		return;
	vmap_free(a);
}

/**
 * alloc_kernel_stack() - a THREAD_SIZE stack with an unmapped guard below
 *
 * The stack is zeroed, RW and NX, and THREAD_SIZE aligned, so an overflow
 * faults on the guard page at once instead of corrupting memory.
 * Context: process context.
 * Return: the lowest address of the stack (its top is that + THREAD_SIZE),
 * or NULL.
 */
void *alloc_kernel_stack(void)
{
	return vmap_alloc(THREAD_SIZE, THREAD_SIZE, VM_STACK);
}

/**
 * free_kernel_stack() - free a stack from alloc_kernel_stack()
 * @base: what alloc_kernel_stack() returned; NULL is a no-op
 *
 * Freeing the stack we are running on, or anything that is not a stack
 * base, is reported with a WARN and ignored.
 * Context: process context, on another stack.
 */
void free_kernel_stack(void *base)
{
	unsigned long sp, b = (unsigned long)base;
	struct vm_area *a;

	if (!base)
		return;
	__asm__ __volatile__("mov %%rsp, %0" : "=r"(sp));
	if (WARN(sp >= b && sp < b + THREAD_SIZE, "free_kernel_stack: %p is in use\n", base))
		return;
	a = vmap_take(b, VM_STACK);
	if (WARN(!a, "free_kernel_stack: %p is not a kernel stack\n", base))
		return;
	vmap_free(a);
}

/**
 * is_vmalloc_addr() - whether an address lies in vmalloc space
 * @addr: any address
 *
 * Context: any.
 * Return: true for vmalloc, ioremap and stack memory alike (mapped or
 * not), false for anything else.
 */
bool is_vmalloc_addr(const void *addr)
{
	unsigned long va = (unsigned long)addr;

	return va >= VMALLOC_START && va < VMALLOC_END;
}
