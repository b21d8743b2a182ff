// SPDX-License-Identifier: GPL-2.0
/*
 * time_init() for x86: calibrate the TSC, start the clock, silence the
 * 8259s, start the LAPIC tick and turn interrupts on.
 */
#include <tessera/kernel.h>
#include <tessera/printk.h>
#include <tessera/time.h>
#include <asm/apic.h>
#include <asm/irqflags.h>
#include "internal.h"

/**
 * time_init() - bring up kernel time
 *
 * In order: find the TSC frequency (CPUID 0x15/0x16, else the PIT), start
 * ktime_get_ns() from it, set the wall clock from the CMOS RTC, mask the legacy PICs, enable the local APIC and
 * its periodic timer at CONFIG_HZ, and finally enable interrupts. Panics
 * with a clear message if any step is impossible: the kernel does not run
 * without a clock.
 *
 * Context: boot, once, interrupts off, after vmalloc_init() and
 * trap_init_late(). Returns with interrupts on.
 */
void time_init(void)
{
	u64 rtc;

	clock_init(tsc_calibrate());
	rtc = rtc_read_seconds();
	if (rtc)
		clock_set_realtime(rtc * NSEC_PER_SEC);
	else
		pr_warn("time: the CMOS clock reads as nonsense; CLOCK_REALTIME starts at 1970\n");
	i8259_mask_all();
	lapic_init();
	lapic_timer_start(CONFIG_HZ);
	local_irq_enable();
}
