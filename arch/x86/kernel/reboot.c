// SPDX-License-Identifier: GPL-2.0
/*
 * Power-off, reset and the QEMU exit device: how a test run hands its
 * verdict to the host. TODO: ACPI S5 from the FADT for bare metal; today
 * power-off uses the QEMU/Bochs PM ports and then halts.
 */
#include <tessera/param.h>
#include <tessera/printk.h>
#include <tessera/time.h>
#include <asm/io.h>
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <asm/reboot.h>

/**
 * machine_poweroff() - stop the machine reporting @status
 * @status: EXIT_STATUS_* for QEMU's isa-debug-exit device
 *
 * Context: any; does not return.
 */
void machine_poweroff(int status)
{
	local_irq_disable();
	outb(QEMU_EXIT_PORT, (u8)status);	/* exits QEMU if the device exists */
	outw(0x604, 0x2000);			/* QEMU PIIX4/ICH9 ACPI S5 */
	outw(0xb004, 0x2000);			/* Bochs, older QEMU */
	pr_emerg("System halted (status %#x).\n", status);
	cpu_halt_forever();
}

/* Seconds to wait after a panic before resetting; 0 halts for good. */
static int panic_timeout = CONFIG_PANIC_TIMEOUT;
param_int(panic, panic_timeout, "seconds after a panic before a reset (0: halt)");

/**
 * machine_restart() - reset the machine
 *
 * Tries the keyboard controller's reset line, then the PCI reset control
 * register (0xcf9), then a triple fault with an empty IDT.
 * Context: any; does not return.
 */
void machine_restart(void)
{
	static const struct { u16 limit; u64 base; } __packed no_idt = { 0, 0 };

	local_irq_disable();
	outb(0x64, 0xfe);			/* 8042: pulse reset */
	udelay(50000);
	outb(0xcf9, 0x02);			/* PCI reset: system reset ... */
	outb(0xcf9, 0x06);			/* ... then do it */
	udelay(50000);
	__asm__ __volatile__("lidt %0; int3" : : "m"(no_idt));
	cpu_halt_forever();
}

/**
 * machine_panic_exit() - end of panic(): report "panic", then reset after
 * panic= seconds or halt
 */
void machine_panic_exit(void)
{
	outb(QEMU_EXIT_PORT, EXIT_STATUS_PANIC);
	if (panic_timeout > 0) {
		pr_emerg("Rebooting in %d seconds...\n", panic_timeout);
		mdelay((unsigned long)panic_timeout * 1000);
		machine_restart();
	}
	pr_emerg("System halted.\n");
	cpu_halt_forever();
}
