/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stopping the machine. Under QEMU with "-device isa-debug-exit,iobase=0xf4"
 * the status written there becomes QEMU's exit code, (status << 1) | 1:
 * that is how the test scripts learn the result of a run.
 */
#ifndef _ASM_X86_REBOOT_H
#define _ASM_X86_REBOOT_H

#include <tessera/compiler.h>

#define QEMU_EXIT_PORT		0xf4
#define EXIT_STATUS_PASS	0x10	/* QEMU exits 33 */
#define EXIT_STATUS_FAIL	0x11	/* QEMU exits 35 */
#define EXIT_STATUS_PANIC	0x12	/* QEMU exits 37 */

/* Report @status to QEMU, then power off (ACPI), then halt. */
__noreturn void machine_poweroff(int status);
/* After a panic: report EXIT_STATUS_PANIC, then reset after panic=N s or halt. */
__noreturn void machine_panic_exit(void);
/* Reset the machine (8042, then 0xcf9, then a triple fault). */
__noreturn void machine_restart(void);

#endif /* _ASM_X86_REBOOT_H */
