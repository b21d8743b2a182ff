// SPDX-License-Identifier: GPL-2.0
/*
 * Host stand-ins for the mm tests: two fake-RAM arenas, the allocators
 * booted on one of them before main(), counted WARNs, a catchable panic().
 */
#include <tessera/memblock.h>
#include <tessera/mm.h>
#include <tessera/slab.h>
#include <tessera/spinlock.h>
#include <tessera/printk.h>
#include <tessera/vsprintf.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>

uintptr_t host_mem_base;
phys_addr_t host_kernel_end = KERNEL_PHYS + (2UL << 20);	/* a 2 MiB image */
/*
 * The kernel's are in arch/x86/kernel/{traps,bootinfo}.c; weak here in case
 * another host shim defines them too. memblock_init() reads boot_info's
 * modules and RSDP; the memblock suite fills them in.
 */
__weak unsigned long warn_count;
__weak struct boot_info boot_info;

static void *arenas[2];
static jmp_buf panic_env;
static bool panic_armed;
static char panic_msg[512];

void host_mm_bug(unsigned int flags, const char *file, int line)
{
	bool warning = flags & BUGFLAG_WARNING;

	printk(KERN_WARNING "%s at %s:%d\n", warning ? "WARNING" : "BUG", file, line);
	if (!warning)
		abort();
	warn_count++;
}

void host_mm_panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vscnprintf(panic_msg, sizeof(panic_msg), fmt, ap);
	va_end(ap);
	printk(KERN_EMERG "panic: %s\n", panic_msg);
	if (!panic_armed)
		abort();
	panic_armed = false;
	longjmp(panic_env, 1);
}

bool host_mm_expect_panic(void (*fn)(void *arg), void *arg)
{
	panic_msg[0] = '\0';
	if (setjmp(panic_env))
		return true;
	panic_armed = true;
	fn(arg);
	panic_armed = false;
	return false;
}

const char *host_mm_panic_msg(void)
{
	return panic_msg;
}

void host_mm_use_arena(bool scratch)
{
	host_mem_base = (uintptr_t)arenas[scratch];
}

/* A small PC: low memory, BIOS holes, an ACPI table range splitting RAM. */
static const struct boot_mem_range host_boot_map[] = {
	{ 0x0, 0x9fc00, BOOT_MEM_USABLE },
	{ 0x9fc00, 0x400, BOOT_MEM_RESERVED },
	{ 0xf0000, 0x10000, BOOT_MEM_RESERVED },
	{ 0x100000, 47UL << 20, BOOT_MEM_USABLE },
	{ 48UL << 20, 64UL << 10, BOOT_MEM_ACPI_RECLAIM },
	{ (48UL << 20) + (64UL << 10), (16UL << 20) - (64UL << 10), BOOT_MEM_USABLE },
};

/*
 * Boot the allocators as start_kernel() does, before the runner's main():
 * the buddy and slab suites expect a running allocator. Arenas are aligned
 * to the largest buddy block so virtual and physical alignment agree.
 */
__attribute__((constructor)) static void host_mm_boot(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(arenas); i++) {
		arenas[i] = aligned_alloc(PAGE_SIZE << (MAX_ORDER - 1), HOST_MEM_SIZE);
		if (!arenas[i])
			abort();
	}
	host_mm_use_arena(false);
	memblock_init(host_boot_map, ARRAY_SIZE(host_boot_map));
	page_alloc_init();
	kmem_cache_init();
}

/*
 * Host stand-ins for the kernel's spinlocks. The host tests are one thread,
 * so a lock only checks that it is used correctly: taking a held lock or
 * releasing a free one aborts the test (as lock debugging would WARN).
 */
unsigned long _spin_lock_irqsave(spinlock_t *lock)
{
	if (lock->locked) {
		fprintf(stderr, "host: spinlock %p taken twice\n", (void *)lock);
		abort();
	}
	lock->locked = 1;
	return 0;
}

void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags)
{
	(void)flags;
	if (!lock->locked) {
		fprintf(stderr, "host: spinlock %p released while free\n", (void *)lock);
		abort();
	}
	lock->locked = 0;
}
