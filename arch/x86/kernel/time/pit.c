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
#define PIT_MIN_SAMPLES		3
#define PIT_MAX_SAMPLES		15		/* at most 300 ms of calibration */
/*
 * Stop once the samples agree within this. The floor is about 21 ppm: a
 * window lasts N or N + 1 PIT clocks (see pit_sample_once()).
 */
#define PIT_TARGET_PPM		50
#define PIT_WARN_PPM		500
/* Give up on a window after this many polls, whatever the TSC says. */
#define PIT_MAX_POLLS		10000000UL

/*
 * Time one PIT_SAMPLE_COUNT window against the TSC and turn it into bounds
 * on the TSC frequency. The count started between the TSC reads around
 * its high byte and ended between the last poll that saw the output low
 * and the read after the poll that saw it high. An 8254 raises the output
 * N + 1 clocks after the write (the first clock only loads the count);
 * QEMU does after N; both are allowed. Returns false if the PIT did not
 * behave like a PIT (output already high, or never rising in time).
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

	/* Shortest window over the most clocks, longest over the fewest. */
	s->lo = (prev - start_hi) * PIT_HZ / (PIT_SAMPLE_COUNT + 1);
	s->hi = (end - start_lo) * PIT_HZ / PIT_SAMPLE_COUNT + 1;
	outb(PORT_B, portb & ~PORT_B_CH2_GATE);
	return true;

fail:
	outb(PORT_B, portb & ~PORT_B_CH2_GATE);
	return false;
}

/**
 * pit_calibrate_tsc() - measure the TSC frequency against the PIT
 *
 * Takes PIT_SAMPLE_MS windows until at least PIT_MIN_SAMPLES agree within
 * PIT_TARGET_PPM or PIT_MAX_SAMPLES were tried, and combines them with
 * cal_combine(); warns if the result is still uncertain.
 *
 * Context: boot, single CPU; disables interrupts for 60-300 ms.
 * Return: TSC ticks per second, or 0 if the PIT never produced a window.
 */
u64 pit_calibrate_tsc(void)
{
	struct cal_sample s[PIT_MAX_SAMPLES];
	unsigned int n = 0, i;
	unsigned long flags;
	u32 spread = U32_MAX;
	u64 hz = 0;

	flags = local_irq_save();
	for (i = 0; i < PIT_MAX_SAMPLES; i++) {
		if (!pit_sample_once(&s[n]))
			continue;
		n++;
		spread = cal_combine(s, n, &hz);
		if (n >= PIT_MIN_SAMPLES && spread <= PIT_TARGET_PPM)
			break;
	}
	local_irq_restore(flags);

	if (!n) {
		pr_err("tsc: PIT channel 2 gave no usable window (no PIT?)\n");
		return 0;
	}
	if (spread == U32_MAX)
		pr_warn("tsc: the %u PIT windows contradict each other; using their median\n", n);
	else if (spread > PIT_WARN_PPM)
		pr_warn("tsc: PIT calibration uncertain by +-%u ppm after %u windows\n",
			spread, n);
	return hz;
}
