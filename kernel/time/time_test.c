// SPDX-License-Identifier: GPL-2.0
/*
 * Suite "time": the TSC clock, udelay/mdelay, and the LAPIC tick driving
 * jiffies. Bounds are generous: these check correctness, not speed (TCG).
 */
#include <tessera/kernel.h>
#include <tessera/ktest.h>
#include <tessera/sched.h>
#include <tessera/smp.h>
#include <tessera/time.h>
#include <asm/apic.h>
#include <asm/irqflags.h>
#include <asm/processor.h>

#define TICK_WAIT_MS	200

/* Spin, interrupts as they are, until ktime has moved on by @ms. */
static void spin_ms(unsigned int ms)
{
	u64 start = ktime_get_ns();

	while (ktime_get_ns() - start < ms * NSEC_PER_MSEC)
		cpu_relax();
}

static void ktime_is_monotonic(struct ktest *t)
{
	u64 first = ktime_get_ns(), prev = first, now;
	unsigned int i, backwards = 0;

	for (i = 0; i < 100000; i++) {
		now = ktime_get_ns();
		if (now < prev)
			backwards++;
		prev = now;
	}
	/* Boot took well over a nanosecond since calibration. */
	KTEST_EXPECT_GT(t, first, 0);
	KTEST_EXPECT_EQ(t, backwards, 0);
	KTEST_EXPECT_GT(t, prev, first);
}

static void tsc_hz_in_range(struct ktest *t)
{
	KTEST_EXPECT_GE(t, tsc_hz(), 100000000ULL);
	KTEST_EXPECT_LE(t, tsc_hz(), 10000000000ULL);
}

/* The multiply/shift: exact enough, and no overflow over years of uptime. */
static void cycles_to_ns_math(struct ktest *t)
{
	const u64 ten_years_s = 10ULL * 365 * 24 * 3600;
	u64 hz = tsc_hz(), ns, want;

	KTEST_ASSERT_TRUE(t, hz != 0);
	KTEST_EXPECT_EQ(t, tsc_cycles_to_ns(0), 0);

	ns = tsc_cycles_to_ns(hz);
	KTEST_EXPECT_GE(t, ns, NSEC_PER_SEC - 4);
	KTEST_EXPECT_LE(t, ns, NSEC_PER_SEC + 4);

	ns = tsc_cycles_to_ns(hz / 1000);
	KTEST_EXPECT_GE(t, ns, NSEC_PER_MSEC - 4);
	KTEST_EXPECT_LE(t, ns, NSEC_PER_MSEC + 4);

	/* hz * 10 years is ~1e18 cycles: a 64-bit cycles * mult wraps. */
	want = ten_years_s * NSEC_PER_SEC;
	ns = tsc_cycles_to_ns(hz * ten_years_s);
	KTEST_EXPECT_GE(t, ns, want - want / 1000000);
	KTEST_EXPECT_LE(t, ns, want + want / 1000000);
}

static void udelay_waits_long_enough(struct ktest *t)
{
	u64 t0, dt;

	t0 = ktime_get_ns();
	udelay(1000);
	dt = ktime_get_ns() - t0;
	KTEST_EXPECT_GE(t, dt, NSEC_PER_MSEC);
	KTEST_EXPECT_LT(t, dt, 100 * NSEC_PER_MSEC);

	t0 = ktime_get_ns();
	mdelay(20);
	dt = ktime_get_ns() - t0;
	KTEST_EXPECT_GE(t, dt, 20 * NSEC_PER_MSEC);
	KTEST_EXPECT_LT(t, dt, 500 * NSEC_PER_MSEC);

	t0 = ktime_get_ns();
	udelay(0);
	dt = ktime_get_ns() - t0;
	KTEST_EXPECT_LT(t, dt, NSEC_PER_MSEC);
}

/*
 * Over TICK_WAIT_MS at least one tick, and not more than twice what
 * CONFIG_HZ predicts. No tighter lower bound: a starved QEMU drops ticks
 * (tick_period_matches_hz checks the rate without depending on that).
 */
static void jiffies_advance_with_irqs_on(struct ktest *t)
{
	const u64 expect = (u64)CONFIG_HZ * TICK_WAIT_MS / 1000;
	u64 j0, dj;

	KTEST_ASSERT_TRUE(t, !irqs_disabled());
	j0 = jiffies;
	spin_ms(TICK_WAIT_MS);
	dj = jiffies - j0;
	KTEST_EXPECT_GE(t, dj, 1);
	KTEST_EXPECT_LE(t, dj, expect * 2 + 2);
}

/*
 * Time a quarter of a tick period on the LAPIC count itself (each read
 * bracketed by ktime) and scale up by the reload value: the period must be
 * 1/CONFIG_HZ within 10%. Runs that may straddle a reload (the count went
 * up, or the interval outgrew half a period) or whose reads were stretched
 * by more than 5% of the interval are retried.
 */
static void tick_period_matches_hz(struct ktest *t)
{
	const u64 want = NSEC_PER_SEC / CONFIG_HZ;
	u64 a0, a1, b0, b1, dt, period = 0;
	u32 reload = lapic_read(APIC_TMICT), c0, c1;
	unsigned long flags;
	unsigned int tries;

	KTEST_ASSERT_TRUE(t, reload != 0);
	for (tries = 0; tries < 20 && !period; tries++) {
		flags = local_irq_save();
		a0 = ktime_get_ns();
		c0 = lapic_read(APIC_TMCCT);
		a1 = ktime_get_ns();
		while (ktime_get_ns() - a1 < want / 4)
			cpu_relax();
		b0 = ktime_get_ns();
		c1 = lapic_read(APIC_TMCCT);
		b1 = ktime_get_ns();
		local_irq_restore(flags);

		dt = (b0 + b1) / 2 - (a0 + a1) / 2;
		/* A reload in between (maybe a whole period lost to the host). */
		if (c1 >= c0 || dt > want / 2)
			continue;
		if ((a1 - a0) + (b1 - b0) > dt / 20)
			continue;
		period = (u64)reload * dt / (c0 - c1);
	}
	KTEST_ASSERT_TRUE(t, period != 0);
	KTEST_EXPECT_GE(t, period, want - want / 10);
	KTEST_EXPECT_LE(t, period, want + want / 10);
}

/* Every timer interrupt advances jiffies by exactly one. */
static void tick_count_matches_jiffies(struct ktest *t)
{
	u64 irq0, j0, irq1, j1;
	unsigned long flags;

	flags = local_irq_save();
	irq0 = lapic_timer_irq_count();
	j0 = jiffies;
	local_irq_restore(flags);

	spin_ms(TICK_WAIT_MS);

	flags = local_irq_save();
	irq1 = lapic_timer_irq_count();
	j1 = jiffies;
	local_irq_restore(flags);

	KTEST_EXPECT_GT(t, irq1 - irq0, 0);
	KTEST_EXPECT_EQ(t, irq1 - irq0, j1 - j0);
}

/*
 * jiffies is interrupt driven, and mdelay does not need interrupts. Only
 * CPU 0's tick advances jiffies, so run this on CPU 0.
 */
static void no_ticks_with_irqs_off(struct ktest *t)
{
	struct cpumask saved, cpu0;
	unsigned long flags;
	u64 j0, j1, t0, dt;

	cpumask_copy(&saved, &current->cpus_allowed);
	cpumask_of(&cpu0, 0);
	KTEST_ASSERT_EQ(t, set_cpus_allowed(current, &cpu0), 0);
	KTEST_ASSERT_EQ(t, smp_processor_id(), 0u);
	flags = local_irq_save();
	j0 = jiffies;
	t0 = ktime_get_ns();
	mdelay(50);
	dt = ktime_get_ns() - t0;
	j1 = jiffies;
	local_irq_restore(flags);
	set_cpus_allowed(current, &saved);

	KTEST_EXPECT_EQ(t, j1, j0);
	KTEST_EXPECT_GE(t, dt, 50 * NSEC_PER_MSEC);
}

KTEST_SUITE(time, NULL, NULL,
	    KTEST_CASE(ktime_is_monotonic),
	    KTEST_CASE(tsc_hz_in_range),
	    KTEST_CASE(cycles_to_ns_math),
	    KTEST_CASE(udelay_waits_long_enough),
	    KTEST_CASE(jiffies_advance_with_irqs_on),
	    KTEST_CASE(tick_period_matches_hz),
	    KTEST_CASE(tick_count_matches_jiffies),
	    KTEST_CASE(no_ticks_with_irqs_off));
