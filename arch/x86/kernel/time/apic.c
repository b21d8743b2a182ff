// SPDX-License-Identifier: GPL-2.0
/*
 * The boot CPU's local APIC: enabling it, EOI, the spurious vector, and the
 * LAPIC timer calibrated against the TSC clock to run the periodic tick.
 */
#include <tessera/kernel.h>
#include <tessera/printk.h>
#include <tessera/bug.h>
#include <tessera/err.h>
#include <tessera/time.h>
#include <tessera/vmalloc.h>
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include "internal.h"

#define CPUID_1_EDX_APIC	(1U << 9)

#define APIC_CAL_NS		(10 * NSEC_PER_MSEC)	/* one calibration window */
#define APIC_CAL_MIN_RUNS	3
#define APIC_CAL_MAX_RUNS	9
/* Stop when the runs agree this well; plenty for a tick. */
#define APIC_CAL_TARGET_PPM	500
#define APIC_CAL_WARN_PPM	5000
#define APIC_TIMER_DIVIDER	16			/* matches APIC_TDCR_DIV_16 */

/*
 * Set once by lapic_init() before interrupts are enabled, read-only after;
 * single CPU, so no lock.
 */
static void __iomem *lapic_mmio;

/*
 * Interrupt counters, written only by their handlers on the one CPU and
 * read elsewhere with READ_ONCE (a u64 load is atomic on x86-64).
 */
static u64 lapic_timer_irqs;
static u64 lapic_spurious_irqs;

/**
 * lapic_read() - read a local APIC register
 * @reg: APIC_* register offset
 *
 * Context: any, after lapic_init().
 * Return: the register's value.
 */
u32 lapic_read(u32 reg)
{
	return readl(lapic_mmio + reg);
}

/**
 * lapic_write() - write a local APIC register
 * @reg: APIC_* register offset
 * @v: value
 *
 * Context: any, after lapic_init(); the caller keeps interrupt handlers off
 * the registers it is programming.
 */
void lapic_write(u32 reg, u32 v)
{
	writel(v, lapic_mmio + reg);
}

/**
 * lapic_eoi() - end the interrupt being serviced
 *
 * Context: interrupt handler, before returning; not for the spurious vector.
 */
void lapic_eoi(void)
{
	lapic_write(APIC_EOI, 0);
}

/* The APIC raises this instead of a vector it withdrew; it takes no EOI. */
static void lapic_spurious_interrupt(struct pt_regs *regs)
{
	WRITE_ONCE(lapic_spurious_irqs, lapic_spurious_irqs + 1);
}

static void lapic_timer_interrupt(struct pt_regs *regs)
{
	WRITE_ONCE(lapic_timer_irqs, lapic_timer_irqs + 1);
	tick_handle_periodic();
	lapic_eoi();
}

/**
 * lapic_timer_irq_count() - local timer interrupts taken so far
 *
 * Context: any.
 * Return: the count since boot.
 */
u64 lapic_timer_irq_count(void)
{
	return READ_ONCE(lapic_timer_irqs);
}

/* Turn the APIC on in the MSR, leaving x2APIC mode if firmware chose it. */
static phys_addr_t lapic_enable_msr(void)
{
	u64 base = rdmsr(MSR_APIC_BASE);

	if (base & APIC_BASE_X2APIC) {
		/* x2APIC -> xAPIC must pass through "disabled" (SDM 10.12.5). */
		pr_info("apic: firmware left x2APIC mode on; switching to xAPIC\n");
		base &= ~(APIC_BASE_X2APIC | APIC_BASE_ENABLE);
		wrmsr(MSR_APIC_BASE, base);
	}
	if (!(base & APIC_BASE_ENABLE)) {
		base |= APIC_BASE_ENABLE;
		wrmsr(MSR_APIC_BASE, base);
	}
	return base & APIC_BASE_ADDR_MASK;
}

/* Mask the LVT entries nobody handles; LINT1 keeps the firmware's NMI. */
static void lapic_mask_lvts(void)
{
	unsigned int maxlvt = (lapic_read(APIC_LVR) >> 16) & 0xff;

	lapic_write(APIC_LVT_TIMER, APIC_LVT_MASKED | LOCAL_TIMER_VECTOR);
	lapic_write(APIC_LVT_LINT0, APIC_LVT_MASKED);	/* 8259 ExtINT path */
	lapic_write(APIC_LVT_ERROR, APIC_LVT_MASKED);
	if (maxlvt >= 4)
		lapic_write(APIC_LVT_PERF, APIC_LVT_MASKED);
	if (maxlvt >= 5)
		lapic_write(APIC_LVT_THERMAL, APIC_LVT_MASKED);
	if (maxlvt >= 6)
		lapic_write(APIC_LVT_CMCI, APIC_LVT_MASKED);
}

/**
 * lapic_init() - enable the boot CPU's local APIC
 *
 * Maps the APIC page uncached, sets the spurious vector and the software
 * enable bit, accepts every priority and masks the LVT entries; the timer
 * stays off until lapic_timer_start().
 *
 * Context: boot, interrupts off, after vmalloc_init().
 */
void lapic_init(void)
{
	u32 a, b, c, d;
	phys_addr_t phys;
	int err;

	cpuid(1, &a, &b, &c, &d);
	if (!(d & CPUID_1_EDX_APIC))
		panic("apic: this CPU has no local APIC (CPUID.1:EDX[9] clear)");

	phys = lapic_enable_msr();
	lapic_mmio = ioremap(phys, APIC_MMIO_SIZE);
	if (IS_ERR_OR_NULL((__force void *)lapic_mmio))
		panic("apic: cannot map the local APIC at %#llx",
		      (unsigned long long)phys);

	err = request_vector(SPURIOUS_APIC_VECTOR, lapic_spurious_interrupt);
	if (err)
		panic("apic: cannot claim spurious vector %#x: error %d",
		      SPURIOUS_APIC_VECTOR, err);

	lapic_mask_lvts();
	lapic_write(APIC_TASKPRI, 0);
	lapic_write(APIC_SPIV, APIC_SPIV_ENABLE | SPURIOUS_APIC_VECTOR);
	/* The ESR latches on a write; two writes clear stale errors. */
	lapic_write(APIC_ESR, 0);
	lapic_write(APIC_ESR, 0);

	pr_info("apic: local APIC id %u, version %#x, at %#llx\n",
		lapic_read(APIC_ID) >> 24, lapic_read(APIC_LVR) & 0xff,
		(unsigned long long)phys);
}

/*
 * One calibration run: let the timer count down from its maximum for
 * APIC_CAL_NS and bound its rate in counts per second (after the divider):
 * the count started between s0 and s1 and was read between e0 and e1.
 * Returns false if the timer does not count.
 */
static bool lapic_timer_measure(struct cal_sample *s)
{
	u64 s0, s1, e0, e1, counts;
	u32 left;

	lapic_write(APIC_TMICT, 0);
	lapic_write(APIC_LVT_TIMER, APIC_LVT_MASKED | LOCAL_TIMER_VECTOR);
	lapic_write(APIC_TDCR, APIC_TDCR_DIV_16);

	s0 = ktime_get_ns();
	lapic_write(APIC_TMICT, U32_MAX);
	s1 = ktime_get_ns();
	while (ktime_get_ns() - s1 < APIC_CAL_NS)
		cpu_relax();
	e0 = ktime_get_ns();
	left = lapic_read(APIC_TMCCT);
	e1 = ktime_get_ns();
	lapic_write(APIC_TMICT, 0);

	if (left == U32_MAX || left == 0)
		return false;	/* not counting, or ran out: no sane rate */
	/* Products fit 64 bits: counts < 2^32, NSEC_PER_SEC < 2^30. */
	counts = U32_MAX - left;
	s->lo = counts * NSEC_PER_SEC / (e1 - s0);
	s->hi = (counts + 1) * NSEC_PER_SEC / (e0 - s1) + 1;
	return true;
}

/* Timer counts per second with divider 16; panics if it does not count. */
static u64 lapic_timer_rate(void)
{
	struct cal_sample s[APIC_CAL_MAX_RUNS];
	unsigned int n = 0;
	u32 spread = U32_MAX;
	u64 rate = 0;

	while (n < APIC_CAL_MAX_RUNS) {
		if (!lapic_timer_measure(&s[n]))
			panic("apic: the LAPIC timer does not count (TMCCT stuck)");
		n++;
		spread = cal_combine(s, n, &rate);
		if (n >= APIC_CAL_MIN_RUNS && spread <= APIC_CAL_TARGET_PPM)
			break;
	}
	if (spread > APIC_CAL_WARN_PPM)
		pr_warn("apic: timer calibration uncertain (+-%u ppm over %u runs); the tick rate may be off\n",
			spread, n);
	return rate;
}

/**
 * lapic_timer_start() - run the LAPIC timer periodically at @hz
 * @hz: ticks per second (CONFIG_HZ)
 *
 * Measures the timer rate with divider 16 against ktime_get_ns() (three
 * to nine 10 ms runs, combined with cal_combine()), claims
 * LOCAL_TIMER_VECTOR and starts the timer. Does not enable interrupts.
 *
 * Context: boot, interrupts off, after lapic_init() and clock_init().
 */
void lapic_timer_start(unsigned int hz)
{
	u64 rate, count;
	int err;

	if (!hz || !tsc_hz())
		panic("apic: timer start needs a TSC clock and hz > 0 (hz=%u)", hz);

	rate = lapic_timer_rate();
	count = (rate + hz / 2) / hz;
	if (count == 0 || count > U32_MAX)
		panic("apic: timer rate %llu Hz cannot give %u Hz with divider %u",
		      (unsigned long long)rate, hz, APIC_TIMER_DIVIDER);

	err = request_vector(LOCAL_TIMER_VECTOR, lapic_timer_interrupt);
	if (err)
		panic("apic: cannot claim timer vector %#x: error %d",
		      LOCAL_TIMER_VECTOR, err);

	lapic_write(APIC_TDCR, APIC_TDCR_DIV_16);
	lapic_write(APIC_LVT_TIMER, APIC_LVT_TIMER_PERIODIC | LOCAL_TIMER_VECTOR);
	lapic_write(APIC_TMICT, (u32)count);

	pr_info("apic: timer at %u Hz (count %llu, divider %u)\n",
		hz, (unsigned long long)count, APIC_TIMER_DIVIDER);
}
