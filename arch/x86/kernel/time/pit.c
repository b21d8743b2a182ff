// SPDX-License-Identifier: GPL-2.0
/*
 * The 8254 PIT as a reference clock: times the TSC against a one-shot count
 * of PIT channel 2 (gated through port 0x61) to find the TSC frequency.
 */
#include <tessera/kernel.h>
#include <tessera/printk.h>
#include <asm/io.h>
#include <asm/irqflags.h>
#include <asm/processor.h>
#include "internal.h"

#define PIT_HZ			1193182ULL	/* input clock: 14.31818 MHz / 12 */

#define PIT_CH2_DATA		0x42
#define PIT_MODE		0x43
/* Mode/command byte: channel 2, lobyte then hibyte, mode 0, binary. */
#define PIT_MODE_CH2_ONESHOT	0xb0

#define PORT_B			0x61		/* NMI status and control */
#define PORT_B_CH2_GATE		0x01		/* write: channel 2 gate */
#define PORT_B_SPEAKER		0x02		/* write: speaker data enable */
#define PORT_B_CH2_OUT		0x20		/* read: channel 2 output */

#define PIT_SAMPLE_MS		20		/* one measurement window */
#define PIT_SAMPLE_COUNT	((u16)((PIT_HZ * PIT_SAMPLE_MS + 999) / 1000))
#define PIT_SAMPLES_WANTED	5	/* precise windows to stop at */
#define PIT_MAX_ATTEMPTS	15	/* at most 300 ms of calibration */
/* A window is precise if both ends are pinned within 0.05% (10 us). */
#define PIT_PRECISE_PPM		500
/* Give up on a window after this many polls, whatever the TSC says. */
#define PIT_MAX_POLLS		10000000UL

/*
 * Time one PIT_SAMPLE_COUNT window in TSC cycles, with its uncertainty:
 * when exactly the count started and when the output rose between two
 * polls. Returns false if the PIT did not behave like a PIT (output already
 * high, or never rising in time).
 */
static bool pit_sample_once(struct cal_sample *s)
{
	/* A 10 GHz TSC would count this many cycles over twice the window. */
	const u64 limit = TSC_HZ_MAX / 1000 * PIT_SAMPLE_MS * 2;
	u64 start_lo, start_hi, prev, now, end;
	unsigned long polls;
	u8 portb;

	/*
	 * Gate high and speaker off before programming: in mode 0 the count
	 * then starts on the PIT clock after its high byte is written (QEMU
	 * ignores the gate in mode 0 and starts at the write as well).
	 */
	portb = (inb(PORT_B) & ~PORT_B_SPEAKER) | PORT_B_CH2_GATE;
	outb(PORT_B, portb);
	outb(PIT_MODE, PIT_MODE_CH2_ONESHOT);
	outb(PIT_CH2_DATA, PIT_SAMPLE_COUNT & 0xff);
	start_lo = rdtsc();
	outb(PIT_CH2_DATA, PIT_SAMPLE_COUNT >> 8);
	start_hi = rdtsc();

	/* Writing the mode byte drives the output low until the count ends. */
	if (inb(PORT_B) & PORT_B_CH2_OUT)
		goto fail;

	prev = start_hi;
	for (polls = 0; polls < PIT_MAX_POLLS; polls++) {
		now = rdtsc();
		if (inb(PORT_B) & PORT_B_CH2_OUT)
			break;
		if (now - start_hi > limit)
			goto fail;
		prev = now;
	}
	end = rdtsc();
	if (polls == PIT_MAX_POLLS)
		goto fail;

	/* Started in [start_lo, start_hi], ended in [prev, end]. */
	s->value = ((prev - start_hi) + (end - start_lo)) / 2;
	s->spread_ppm = cal_spread_ppm(s->value,
				       ((end - start_lo) - (prev - start_hi)) / 2);
	outb(PORT_B, portb & ~PORT_B_CH2_GATE);
	return true;

fail:
	outb(PORT_B, portb & ~PORT_B_CH2_GATE);
	return false;
}

/**
 * pit_calibrate_tsc() - measure the TSC frequency against the PIT
 *
 * Takes PIT_SAMPLE_MS windows until PIT_SAMPLES_WANTED are precise (both
 * ends pinned within PIT_PRECISE_PPM: neither SMM nor, under QEMU, host
 * scheduling or lock contention stretched a read at an edge) or
 * PIT_MAX_ATTEMPTS were tried, and combines them with cal_best(); warns if
 * none was precise.
 *
 * Context: boot, single CPU; disables interrupts for 100-300 ms.
 * Return: TSC ticks per second, or 0 if the PIT never produced a window.
 */
u64 pit_calibrate_tsc(void)
{
	struct cal_sample s[PIT_MAX_ATTEMPTS];
	unsigned int n = 0, nprecise = 0, i;
	unsigned long flags;
	u32 spread;
	u64 cycles;

	flags = local_irq_save();
	for (i = 0; i < PIT_MAX_ATTEMPTS && nprecise < PIT_SAMPLES_WANTED; i++) {
		if (!pit_sample_once(&s[n]))
			continue;
		if (s[n].spread_ppm <= PIT_PRECISE_PPM)
			nprecise++;
		n++;
	}
	local_irq_restore(flags);

	if (!n) {
		pr_err("tsc: PIT channel 2 gave no usable window (no PIT?)\n");
		return 0;
	}
	cycles = cal_best(s, n, PIT_PRECISE_PPM, &spread);
	if (spread > PIT_PRECISE_PPM)
		pr_warn("tsc: no precise PIT window in %u (best +-%u ppm); the TSC rate may be off\n",
			n, spread);
	return cycles * PIT_HZ / PIT_SAMPLE_COUNT;
}
