/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Force-included (after host.h) into the mm sources and the mm host tests:
 * fake physical memory, no interrupts, counted WARNs, and a panic() that a
 * test can catch. See tests/host/mm/mm.mk.
 *
 * Physical address P is host address host_mem_base + P, so __va/__pa work
 * over a malloc'ed arena and mem_map/page_address() need no other change.
 */
#ifndef _TESSERA_TESTS_HOST_MM_H
#define _TESSERA_TESTS_HOST_MM_H

#include <asm/page.h>
#include <tessera/bug.h>
#include <tessera/bootinfo.h>

/* The fake RAM the allocators run on (mm_host.c); see host_mm_use_arena(). */
extern uintptr_t host_mem_base;
/* Physical end of the fake kernel image ([KERNEL_PHYS, this) is reserved). */
extern phys_addr_t host_kernel_end;

#undef __va
#undef __pa
#undef __pa_symbol
#define __va(pa)		((void *)(host_mem_base + (uintptr_t)(pa)))
#define __pa(va)		((phys_addr_t)((uintptr_t)(va) - host_mem_base))
#define __pa_symbol(sym)	((void)(sym), host_kernel_end)

/* A host process has no interrupts to mask: take the place of asm/irqflags.h. */
#define _ASM_X86_IRQFLAGS_H
static inline unsigned long local_irq_save(void)
{
	return 0;
}

static inline void local_irq_restore(unsigned long flags)
{
	(void)flags;
}

/* WARN counts in warn_count as the kernel's trap handler does; BUG aborts. */
#undef __BUG_FLAGS
#define __BUG_FLAGS(f)		host_mm_bug((f), __FILE__, __LINE__)
void host_mm_bug(unsigned int flags, const char *file, int line);

/* panic() returns to host_mm_expect_panic() if a test armed it, else aborts. */
#define panic			host_mm_panic
__noreturn __printf(1, 2) void host_mm_panic(const char *fmt, ...);

/*
 * host_mm_expect_panic() - run @fn(@arg), catching a panic
 * Return: true if it panicked; the message is in host_mm_panic_msg().
 */
bool host_mm_expect_panic(void (*fn)(void *arg), void *arg);
const char *host_mm_panic_msg(void);

/*
 * The arenas: the "boot" one holds the machine the buddy and slab suites
 * run on (booted before main() with memblock_init, page_alloc_init and
 * kmem_cache_init); the "scratch" one is for the memblock suite, which
 * rebuilds memblock from its own maps. Both are HOST_MEM_SIZE bytes.
 */
#define HOST_MEM_SIZE		(64UL << 20)
void host_mm_use_arena(bool scratch);

#endif /* _TESSERA_TESTS_HOST_MM_H */
