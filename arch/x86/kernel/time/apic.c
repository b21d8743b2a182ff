// SPDX-License-Identifier: GPL-2.0
/*
 * Every CPU's local APIC: enabling it, EOI, spurious and error vectors, IPIs
 * (ICR), and the LAPIC timer calibrated once against the TSC for the tick.
 */
#include <tessera/kernel.h>
#include <tessera/printk.h>
#include <tessera/bug.h>
#include <tessera/err.h>
#include <tessera/time.h>
#include <tessera/smp.h>
#include <tessera/vmalloc.h>
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <asm/smp.h>
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
 * Set once by lapic_init() on the boot CPU before any AP starts, read-only
 * after. Every CPU reaches its own APIC through the same window.
 */
static void __iomem *lapic_mmio;
/* The calibrated periodic count; set by lapic_timer_start(), read-only after. */
static u32 lapic_timer_count;
static phys_addr_t lapic_boot_phys;

/*
 * Timer interrupts per CPU: each slot written only by its own CPU's
 * handler, read anywhere with READ_ONCE (a u64 load is atomic on x86-64).
 */
static u64 lapic_timer_irqs[CONFIG_NR_CPUS];
/* Spurious and error interrupts, all CPUs: atomic adds. */
static u64 lapic_spurious_irqs;
static u64 lapic_error_irqs;

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
	if (__atomic_fetch_add(&lapic_spurious_irqs, 1, __ATOMIC_RELAXED) == 0)
		pr_info("apic: first spurious interrupt (CPU %u); further ones counted silently\n",
			smp_processor_id());
}

/*
 * An APIC error (bad vector, send/receive checksum or accept errors): the
 * ESR latches on a write, so write then read. Reported once, then counted.
 */
static void lapic_error_interrupt(struct pt_regs *regs)
{
	u32 esr;

	lapic_write(APIC_ESR, 0);
	esr = lapic_read(APIC_ESR);
	if (__atomic_fetch_add(&lapic_error_irqs, 1, __ATOMIC_RELAXED) == 0)
		pr_warn("apic: error interrupt on CPU %u, ESR %#x; further ones counted silently\n",
			smp_processor_id(), esr);
	lapic_eoi();
}

static void lapic_timer_interrupt(struct pt_regs *regs)
{
	u64 *n = &lapic_timer_irqs[smp_processor_id()];

	WRITE_ONCE(*n, *n + 1);
	tick_handle_periodic();
	lapic_eoi();
}

/**
 * lapic_timer_irq_count_cpu() - local timer interrupts taken on a CPU
 * @cpu: CPU number
 *
 * Context: any.
 * Return: the count since its timer started, 0 for a bad @cpu.
 */
u64 lapic_timer_irq_count_cpu(unsigned int cpu)
{
	if (cpu >= CONFIG_NR_CPUS)
		return 0;
	return READ_ONCE(lapic_timer_irqs[cpu]);
}

/**
 * lapic_timer_irq_count() - local timer interrupts taken on this CPU
 *
 * Context: any; the caller should not migrate while comparing counts.
 * Return: the count since boot.
 */
u64 lapic_timer_irq_count(void)
{
	return lapic_timer_irq_count_cpu(smp_processor_id());
}

/**
 * lapic_spurious_count() - spurious APIC interrupts on all CPUs
 *
 * Context: any.
 * Return: the count since boot.
 */
u64 lapic_spurious_count(void)
{
	return __atomic_load_n(&lapic_spurious_irqs, __ATOMIC_RELAXED);
}

/**
 * lapic_error_count() - APIC error interrupts on all CPUs
 *
 * Context: any.
 * Return: the count since boot.
 */
u64 lapic_error_count(void)
{
	return __atomic_load_n(&lapic_error_irqs, __ATOMIC_RELAXED);
}

/**
 * lapic_id() - the calling CPU's local APIC ID
 *
 * Context: any, after lapic_init().
 * Return: bits 31:24 of the ID register.
 */
u32 lapic_id(void)
{
	return lapic_read(APIC_ID) >> 24;
}

/**
 * lapic_wait_icr_idle() - wait for the last IPI to be accepted
 * @us: how long to wait at most, in microseconds
 *
 * Context: any.
 * Return: true once the delivery-status bit is clear, false on timeout.
 */
bool lapic_wait_icr_idle(unsigned int us)
{
	u64 end = ktime_get_ns() + (u64)us * NSEC_PER_USEC;

	while (lapic_read(APIC_ICR_LOW) & APIC_ICR_BUSY) {
		if (ktime_get_ns() > end)
			return false;
		cpu_relax();
	}
	return true;
}

/**
 * lapic_send_ipi() - send an inter-processor interrupt
 * @apic_id: destination APIC ID (physical mode), unused with a shorthand
 * @icr_low: vector | APIC_DM_* | APIC_ICR_ASSERT/LEVEL | APIC_DEST_*
 *
 * The two ICR writes run with interrupts off so that a handler sending its
 * own IPI cannot slip in between them.
 * Context: any.
 */
void lapic_send_ipi(u32 apic_id, u32 icr_low)
{
	unsigned long flags = local_irq_save();

	if (!lapic_wait_icr_idle(100000))
		pr_warn_once("apic: ICR still busy after 100 ms; sending anyway\n");
	lapic_write(APIC_ICR_HIGH, apic_id << 24);
	lapic_write(APIC_ICR_LOW, icr_low);
	local_irq_restore(flags);
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

/*
 * The registers every CPU programs alike: LVTs masked except the error
 * vector, accept all priorities, software enable with the spurious vector.
 */
static void lapic_setup_cpu(void)
{
	lapic_mask_lvts();
	lapic_write(APIC_TASKPRI, 0);
	lapic_write(APIC_SPIV, APIC_SPIV_ENABLE | SPURIOUS_APIC_VECTOR);
	/* The ESR latches on a write; two writes clear stale errors. */
	lapic_write(APIC_ESR, 0);
	lapic_write(APIC_ESR, 0);
	lapic_write(APIC_LVT_ERROR, ERROR_APIC_VECTOR);
}

/**
 * lapic_init_secondary() - enable the calling AP's local APIC
 *
 * Same register setup as the boot CPU; the MMIO window and the vectors
 * are the boot CPU's (one IDT, one window address for every CPU).
 * Context: AP init list, interrupts off, after lapic_init() on CPU 0.
 */
void lapic_init_secondary(void)
{
	phys_addr_t phys = lapic_enable_msr();

	if (phys != lapic_boot_phys)
		pr_warn("apic: CPU %u has its APIC at %#llx, not %#llx; using the boot CPU's window\n",
			smp_processor_id(), (unsigned long long)phys,
			(unsigned long long)lapic_boot_phys);
	lapic_setup_cpu();
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
	lapic_boot_phys = phys;
	lapic_mmio = ioremap(phys, APIC_MMIO_SIZE);
	if (IS_ERR_OR_NULL((__force void *)lapic_mmio))
		panic("apic: cannot map the local APIC at %#llx",
		      (unsigned long long)phys);

	err = request_vector(SPURIOUS_APIC_VECTOR, lapic_spurious_interrupt);
	if (!err)
		err = request_vector(ERROR_APIC_VECTOR, lapic_error_interrupt);
	if (err)
		panic("apic: cannot claim the spurious/error vectors: error %d", err);

	lapic_setup_cpu();

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

/* Periodic at lapic_timer_count on LOCAL_TIMER_VECTOR, this CPU. */
static void lapic_timer_program(void)
{
	lapic_write(APIC_TDCR, APIC_TDCR_DIV_16);
	lapic_write(APIC_LVT_TIMER, APIC_LVT_TIMER_PERIODIC | LOCAL_TIMER_VECTOR);
	lapic_write(APIC_TMICT, lapic_timer_count);
}

/**
 * lapic_timer_start_secondary() - start the calling AP's periodic timer
 *
 * Uses the boot CPU's calibrated count: every CPU's timer runs from the
 * same bus clock. Does not enable interrupts.
 * Context: AP init list, interrupts off, after lapic_init_secondary().
 */
void lapic_timer_start_secondary(void)
{
	if (WARN_ONCE(!lapic_timer_count, "apic: AP timer started before the boot CPU's\n"))
		return;
	lapic_timer_program();
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

	lapic_timer_count = (u32)count;
	lapic_timer_program();

	pr_info("apic: timer at %u Hz (count %llu, divider %u)\n",
		hz, (unsigned long long)count, APIC_TIMER_DIVIDER);
}
