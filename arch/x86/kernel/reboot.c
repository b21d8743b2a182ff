// SPDX-License-Identifier: GPL-2.0
/*
 * Power-off and the QEMU exit device: how a test run hands its verdict to
 * the host. TODO: ACPI S5 from the FADT for bare metal; today power-off
 * uses the QEMU/Bochs PM ports and then halts.
 */
#include <tessera/printk.h>
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

/**
 * machine_panic_exit() - end of panic(): report "panic" and stop
 */
void machine_panic_exit(void)
{
	machine_poweroff(EXIT_STATUS_PANIC);
}
