// SPDX-License-Identifier: GPL-2.0
/*
 * Suite "tsc": decoding of the CPUID TSC leaves (QEMU's TCG CPUs do not
 * provide them, so boot never takes those paths) and calibration sampling.
 */
#include <tessera/kernel.h>
#include <tessera/ktest.h>
#include <tessera/time.h>
#include "internal.h"

/* CPUID.1:EAX signatures: family 6 unless noted. */
#define SIG_SKYLAKE_DESKTOP	0x000506e3	/* model 0x5e */
#define SIG_KABYLAKE_MOBILE	0x000806e9	/* model 0x8e */
#define SIG_SKYLAKE_SP		0x00050654	/* model 0x55: not trusted */
#define SIG_GOLDMONT		0x000506c9	/* model 0x5c */
#define SIG_DENVERTON		0x000506f1	/* model 0x5f */
#define SIG_FAMILY_15		0x00000f29	/* Pentium 4 */

static void crystal_table(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, tsc_crystal_for_model(SIG_SKYLAKE_DESKTOP), 24000000);
	KTEST_EXPECT_EQ(t, tsc_crystal_for_model(SIG_KABYLAKE_MOBILE), 24000000);
	KTEST_EXPECT_EQ(t, tsc_crystal_for_model(SIG_GOLDMONT), 19200000);
	KTEST_EXPECT_EQ(t, tsc_crystal_for_model(SIG_DENVERTON), 25000000);
	KTEST_EXPECT_EQ(t, tsc_crystal_for_model(SIG_SKYLAKE_SP), 0);
	KTEST_EXPECT_EQ(t, tsc_crystal_for_model(SIG_FAMILY_15), 0);
}

static void leaf15_with_crystal(struct ktest *t)
{
	/* 25 MHz crystal, ratio 216/2: 2.7 GHz. */
	KTEST_EXPECT_EQ(t, tsc_hz_from_leaf15(2, 216, 25000000, 0), 2700000000ULL);
	/* ECX wins over a model crystal. */
	KTEST_EXPECT_EQ(t, tsc_hz_from_leaf15(2, 216, 25000000, 24000000), 2700000000ULL);
	/* 38.4 MHz crystal, ratio 125/2 (large products stay exact). */
	KTEST_EXPECT_EQ(t, tsc_hz_from_leaf15(2, 125, 38400000, 0), 2400000000ULL);
}

static void leaf15_without_crystal(struct ktest *t)
{
	/* 24 MHz by model, ratio 250/2: 3.0 GHz. */
	KTEST_EXPECT_EQ(t, tsc_hz_from_leaf15(2, 250, 0, 24000000), 3000000000ULL);
	/* No crystal from anywhere: not determined. */
	KTEST_EXPECT_EQ(t, tsc_hz_from_leaf15(2, 250, 0, 0), 0);
}

static void leaf15_incomplete(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, tsc_hz_from_leaf15(0, 216, 25000000, 0), 0);
	KTEST_EXPECT_EQ(t, tsc_hz_from_leaf15(2, 0, 25000000, 0), 0);
	KTEST_EXPECT_EQ(t, tsc_hz_from_leaf15(0, 0, 0, 0), 0);
}

static void spread_ppm(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, cal_spread_ppm(999999, 1000001), 1);
	KTEST_EXPECT_EQ(t, cal_spread_ppm(1000, 1000), 0);
	KTEST_EXPECT_EQ(t, cal_spread_ppm(49900000, 50100000), 2000);
	KTEST_EXPECT_EQ(t, cal_spread_ppm(0, 0), U32_MAX);
	KTEST_EXPECT_EQ(t, cal_spread_ppm(1, U64_MAX), U32_MAX);
}

/* The answer is the middle of what every sample allows. */
static void combine_intersects(struct ktest *t)
{
	const struct cal_sample s[] = { { 900, 1100 }, { 990, 2000 }, { 0, 1010 } };
	u64 v = 0;

	KTEST_EXPECT_EQ(t, cal_combine(s, ARRAY_SIZE(s), &v), 10000);
	KTEST_EXPECT_EQ(t, v, 1000);
	KTEST_EXPECT_EQ(t, cal_combine(s, 1, &v), 100000);
	KTEST_EXPECT_EQ(t, v, 1000);
}

/*
 * Neither sample is precise alone (one stretched at the start, one at the
 * end), but together they pin the value.
 */
static void combine_pins_from_both_edges(struct ktest *t)
{
	const struct cal_sample s[] = { { 500, 1001 }, { 999, 5000 } };
	u64 v = 0;

	KTEST_EXPECT_EQ(t, cal_combine(s, ARRAY_SIZE(s), &v), 1000);
	KTEST_EXPECT_EQ(t, v, 1000);
}

/* Disjoint bounds: flagged, and the median of the midpoints. */
static void combine_contradiction(struct ktest *t)
{
	const struct cal_sample s[] = { { 300, 400 }, { 100, 200 }, { 350, 360 } };
	u64 v = 0;

	KTEST_EXPECT_EQ(t, cal_combine(s, ARRAY_SIZE(s), &v), U32_MAX);
	KTEST_EXPECT_EQ(t, v, 350);
}

/* Known answers from Python's datetime.date arithmetic. */
static void rtc_civil_days(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, rtc_days_from_civil(1970, 1, 1), 0);
	KTEST_EXPECT_EQ(t, rtc_days_from_civil(1969, 12, 31), -1);
	KTEST_EXPECT_EQ(t, rtc_days_from_civil(2000, 2, 29), 11016);
	KTEST_EXPECT_EQ(t, rtc_days_from_civil(2000, 3, 1), 11017);
	KTEST_EXPECT_EQ(t, rtc_days_from_civil(2026, 11, 27), 20784);
	KTEST_EXPECT_EQ(t, rtc_days_from_civil(2100, 3, 1), 47541);
}

/* QEMU's RTC follows the host clock: the wall clock is past 2020. */
static void realtime_is_plausible(struct ktest *t)
{
	u64 a = ktime_get_real_ns(), b;

	KTEST_EXPECT_TRUE(t, a / NSEC_PER_SEC > 1577836800ULL);	/* 2020-01-01 */
	b = ktime_get_real_ns();
	KTEST_EXPECT_TRUE(t, b >= a);
}

KTEST_SUITE(tsc, NULL, NULL,
	    KTEST_CASE(rtc_civil_days),
	    KTEST_CASE(realtime_is_plausible),
	    KTEST_CASE(crystal_table),
	    KTEST_CASE(leaf15_with_crystal),
	    KTEST_CASE(leaf15_without_crystal),
	    KTEST_CASE(leaf15_incomplete),
	    KTEST_CASE(spread_ppm),
	    KTEST_CASE(combine_intersects),
	    KTEST_CASE(combine_pins_from_both_edges),
	    KTEST_CASE(combine_contradiction));
