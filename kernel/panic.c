// SPDX-License-Identifier: GPL-2.0
/*
 * panic(): the end of the road. Print why, with a call trace, and hand the
 * machine to machine_panic_exit() (QEMU exit status "panic", then reset
 * after panic=N seconds, or halt).
 * Only the first panic reports; a panic from inside it stops at once.
 */
#include <tessera/kernel.h>
#include <tessera/bug.h>
#include <tessera/printk.h>
#include <tessera/vsprintf.h>
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <asm/reboot.h>

/* Set once by the first panic; read by the oops code. */
static int panic_started;

/**
 * panic_in_progress() - has panic() been called
 *
 * Context: any.
 */
bool panic_in_progress(void)
{
	return READ_ONCE(panic_started) != 0;
}

/**
 * panic() - report a fatal condition and stop the machine
 * @fmt: printf-style reason; a trailing newline is dropped
 *
 * Context: any; interrupts are disabled and never re-enabled.
 */
void panic(const char *fmt, ...)
{
	static char reason[256];	/* static: the stack may be nearly gone */
	va_list ap;
	int len;

	local_irq_disable();
	if (__atomic_exchange_n(&panic_started, 1, __ATOMIC_SEQ_CST)) {
		printk(KERN_EMERG "Kernel panic - not syncing: recursive panic (%s); halting\n", fmt);
		cpu_halt_forever();
	}

	va_start(ap, fmt);
	len = vscnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	if (len > 0 && reason[len - 1] == '\n')
		reason[len - 1] = '\0';

	pr_emerg("Kernel panic - not syncing: %s\n", reason);
	dump_stack_lvl(KERN_EMERG);
	/* TODO(SMP): stop the other CPUs with an NMI IPI before this point. */
	pr_emerg("---[ end Kernel panic - not syncing: %s ]---\n", reason);
	machine_panic_exit();
}
