// SPDX-License-Identifier: GPL-2.0
/*
 * The periodic tick: jiffies (advanced by CPU 0 only), then on every CPU
 * the expired timers and the scheduler's accounting.
 */
#include <tessera/kernel.h>
#include <tessera/sched.h>
#include <tessera/smp.h>
#include <tessera/time.h>
#include <tessera/timer.h>

/*
 * Written only by tick_handle_periodic() in CPU 0's timer interrupt; read
 * anywhere without a lock (a u64 load is atomic on x86-64).
 */
volatile u64 jiffies;

/**
 * tick_handle_periodic() - account one timer tick on this CPU
 *
 * Context: the timer interrupt handler of any CPU, interrupts off.
 */
void tick_handle_periodic(void)
{
	if (smp_processor_id() == 0)
		jiffies++;
	run_local_timers();
	scheduler_tick();
}
