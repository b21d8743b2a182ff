// SPDX-License-Identifier: GPL-2.0
/*
 * The periodic tick: jiffies, advanced CONFIG_HZ times a second by the
 * architecture's timer interrupt.
 */
#include <tessera/kernel.h>
#include <tessera/time.h>

/*
 * Written only by tick_handle_periodic() in the timer interrupt on the one
 * CPU; read anywhere without a lock (a u64 load is atomic on x86-64).
 */
volatile u64 jiffies;

/**
 * tick_handle_periodic() - account one timer tick
 *
 * Context: the timer interrupt handler, interrupts off.
 */
void tick_handle_periodic(void)
{
	jiffies++;
}
