// SPDX-License-Identifier: GPL-2.0
/*
 * The C entry from head.S: brings up the serial console, reads the boot
 * loader's information and hands over to the generic start_kernel().
 */
#include <tessera/bootinfo.h>
#include <tessera/init.h>
#include <tessera/percpu.h>
#include <tessera/printk.h>
#include <tessera/serial.h>
#include <asm/bootinfo.h>

/**
 * x86_64_start_kernel() - first C code, on the boot stack, interrupts off
 * @magic: the boot loader's magic (%eax at entry)
 * @info: physical address of its information structure (%ebx)
 */
void x86_64_start_kernel(u32 magic, u32 info)
{
	percpu_early_init();	/* GS base: CPU number, current, preempt count */
	serial_early_init();
	if (parse_boot_info(magic, info))
		pr_warn("boot: unknown boot loader magic %#x; no memory map\n", magic);
	start_kernel();
}
