// SPDX-License-Identifier: GPL-2.0
/*
 * The monotonic clock: nanoseconds from the TSC via a multiply and shift
 * fixed at boot, and busy-wait delays on the same counter.
 */
#include <tessera/kernel.h>
#include <tessera/printk.h>
#include <tessera/bug.h>
#include <tessera/time.h>
#include <asm/processor.h>

/*
 * ns = cycles * mult >> CLOCK_SHIFT, the product taken in 128 bits so it
 * never overflows; the result fits 64 bits for 584 years. With the TSC in
 * 100 MHz..10 GHz, mult is 4.3e8..4.3e10, so rounding it costs at most
 * 1.2e-9 relative error (about 40 ms a year) - far below calibration error.
 */
#define CLOCK_SHIFT		32
/* cycles = us * us_mult >> DELAY_SHIFT, rounded up (hz << 20 fits 64 bits). */
#define DELAY_SHIFT		20
/* Before calibration, assume the fastest sane TSC so delays are not short. */
#define DELAY_FALLBACK_HZ	10000000000ULL

/*
 * Written once by clock_init() before interrupts are enabled, with
 * clock_ready set last; read-only afterwards, so readers take no lock.
 */
static struct {
	u64 base;	/* TSC value at clock_init(): ktime 0 */
	u64 hz;		/* TSC ticks per second */
	u64 mult;	/* ns per cycle << CLOCK_SHIFT */
	u64 us_mult;	/* cycles per us << DELAY_SHIFT, rounded up */
} clk;
static bool clock_ready;

/* rdtsc that does not run ahead of the instructions before it. */
static inline u64 tsc_read(void)
{
	__asm__ __volatile__("lfence" ::: "memory");
	return rdtsc();
}

static u64 delay_us_mult(u64 hz)
{
	return DIV_ROUND_UP(hz << DELAY_SHIFT, 1000000ULL);
}

/**
 * clock_init() - start the monotonic clock
 * @hz: TSC frequency, 100 MHz..10 GHz (the caller has checked)
 *
 * ktime_get_ns() counts from 0 at this call. Calling it twice is a bug and
 * is ignored with a warning, since time must not jump.
 *
 * Context: boot, once, interrupts off.
 */
void clock_init(u64 hz)
{
	if (WARN(clock_ready, "clock: clock_init() called twice\n"))
		return;
	if (!hz)
		panic("clock: clock_init() with a 0 Hz TSC");

	clk.hz = hz;
	clk.mult = ((NSEC_PER_SEC << CLOCK_SHIFT) + hz / 2) / hz;
	clk.us_mult = delay_us_mult(hz);
	clk.base = tsc_read();
	barrier();
	WRITE_ONCE(clock_ready, true);
}

/**
 * tsc_cycles_to_ns() - convert a TSC cycle count to nanoseconds
 * @cycles: a number of TSC cycles (a difference, not a TSC reading)
 *
 * Context: any.
 * Return: the duration in ns (saturating at U64_MAX), or 0 before
 * time_init() has calibrated the TSC.
 */
u64 tsc_cycles_to_ns(u64 cycles)
{
	unsigned __int128 ns;

	if (!READ_ONCE(clock_ready))
		return 0;
	ns = ((unsigned __int128)cycles * clk.mult) >> CLOCK_SHIFT;
	return ns > U64_MAX ? U64_MAX : (u64)ns;
}

/**
 * ktime_get_ns() - monotonic time since the TSC was calibrated
 *
 * Lock-free and safe from any context, including printk() before
 * time_init() and interrupt handlers.
 *
 * Context: any.
 * Return: nanoseconds since clock_init(), or 0 before it.
 */
u64 ktime_get_ns(void)
{
	u64 now;

	if (!READ_ONCE(clock_ready))
		return 0;
	now = tsc_read();
	/* Single CPU: the TSC only moves forward, but never return junk. */
	if (unlikely(now < clk.base))
		return 0;
	return tsc_cycles_to_ns(now - clk.base);
}

/* Unix-epoch nanoseconds at ktime_get_ns() == 0; written once at boot. */
static u64 realtime_base_ns;

/**
 * clock_set_realtime() - set the wall clock to @epoch_ns now
 * @epoch_ns: nanoseconds since 1970-01-01 00:00 UTC
 * Context: boot (time_init()), after clock_init().
 */
void clock_set_realtime(u64 epoch_ns)
{
	WRITE_ONCE(realtime_base_ns, epoch_ns - ktime_get_ns());
}

/**
 * ktime_get_real_ns() - the wall clock, nanoseconds since the Unix epoch
 *
 * Steps only when clock_set_realtime() is called (once, at boot); between
 * calls it advances with ktime_get_ns().
 * Context: any.
 */
u64 ktime_get_real_ns(void)
{
	return READ_ONCE(realtime_base_ns) + ktime_get_ns();
}

/**
 * tsc_hz() - the calibrated TSC frequency
 *
 * Context: any.
 * Return: TSC ticks per second, or 0 before time_init().
 */
u64 tsc_hz(void)
{
	return READ_ONCE(clock_ready) ? clk.hz : 0;
}

/* TSC cycles that take at least @us microseconds, saturating. */
static u64 us_to_cycles(unsigned long us)
{
	unsigned __int128 c;
	u64 mult;

	if (READ_ONCE(clock_ready)) {
		mult = clk.us_mult;
	} else {
		pr_warn_once("clock: udelay() before time_init(); assuming a 10 GHz TSC\n");
		mult = delay_us_mult(DELAY_FALLBACK_HZ);
	}
	c = ((unsigned __int128)us * mult + (1ULL << DELAY_SHIFT) - 1) >> DELAY_SHIFT;
	return c > U64_MAX ? U64_MAX : (u64)c;
}

/**
 * udelay() - busy-wait for at least @us microseconds
 * @us: microseconds
 *
 * Spins on the TSC; works with interrupts off and before time_init()
 * (then it assumes a 10 GHz TSC, which only makes it longer). Time spent in
 * interrupt handlers counts towards the delay.
 *
 * Context: any; does not sleep.
 */
void udelay(unsigned long us)
{
	u64 cycles = us_to_cycles(us);
	u64 start = tsc_read();

	while (tsc_read() - start < cycles)
		cpu_relax();
}

/**
 * mdelay() - busy-wait for at least @ms milliseconds
 * @ms: milliseconds
 *
 * Context: any; does not sleep.
 */
void mdelay(unsigned long ms)
{
	while (ms--)
		udelay(1000);
}
