/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel time: a monotonic nanosecond clock from the TSC, the periodic
 * tick (jiffies, CONFIG_HZ per second) and busy-wait delays.
 */
#ifndef _TESSERA_TIME_H
#define _TESSERA_TIME_H

#include <tessera/types.h>

#define NSEC_PER_USEC	1000ULL
#define NSEC_PER_MSEC	1000000ULL
#define NSEC_PER_SEC	1000000000ULL

/*
 * Calibrate the TSC (CPUID 0x15/0x16, else PIT), start the LAPIC timer
 * tick. Before this, ktime_get_ns() returns 0.
 */
void time_init(void);

/* Nanoseconds since the TSC was calibrated at boot; monotonic. */
u64 ktime_get_ns(void);

/*
 * Wall-clock (CLOCK_REALTIME) nanoseconds since the Unix epoch: the RTC
 * reading at boot plus ktime_get_ns() since. clock_set_realtime() sets it.
 */
u64 ktime_get_real_ns(void);
void clock_set_realtime(u64 epoch_ns);

/* TSC ticks per second, 0 before calibration. */
u64 tsc_hz(void);

/* Ticks since the tick started; incremented CONFIG_HZ times a second. */
extern volatile u64 jiffies;

/* Busy-wait: at least @us microseconds / @ms milliseconds. */
void udelay(unsigned long us);
void mdelay(unsigned long ms);

/* TSC cycles to nanoseconds at the calibrated rate; 0 before time_init(). */
u64 tsc_cycles_to_ns(u64 cycles);

/*
 * For the architecture's time_init() (arch/x86/kernel/time/):
 * clock_init() starts ktime_get_ns() at 0 from a TSC running at @hz;
 * tick_handle_periodic() is called by the timer interrupt once per tick.
 */
void clock_init(u64 hz);
void tick_handle_periodic(void);

#endif /* _TESSERA_TIME_H */
