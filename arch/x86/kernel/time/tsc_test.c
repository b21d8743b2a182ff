// SPDX-License-Identifier: GPL-2.0
/*
 * Suite "tsc": decoding of the CPUID TSC leaves (QEMU's TCG CPUs do not
 * provide them, so boot never takes those paths) and calibration sampling.
 */
#include <tessera/kernel.h>
#include <tessera/ktest.h>
#include "internal.h"

#define PRECISE		500	/* ppm, as the PIT uses */

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
	KTEST_EXPECT_EQ(t, cal_spread_ppm(1000000, 1), 1);
	KTEST_EXPECT_EQ(t, cal_spread_ppm(50000000, 100000), 2000);
	KTEST_EXPECT_EQ(t, cal_spread_ppm(0, 5), U32_MAX);
	KTEST_EXPECT_EQ(t, cal_spread_ppm(1, U64_MAX), U32_MAX);
}

/* Enough precise samples: their median; the imprecise outlier is ignored. */
static void best_is_median_of_precise(struct ktest *t)
{
	struct cal_sample s[] = {
		{ 1030, 10 }, { 1000, 20 }, { 5000, 90000 }, { 990, 5 },
		{ 1010, PRECISE },
	};
	u32 spread = 0;

	KTEST_EXPECT_EQ(t, cal_best(s, ARRAY_SIZE(s), PRECISE, &spread), 1010);
	KTEST_EXPECT_EQ(t, spread, PRECISE);
}

/* Too few precise: the single most precise sample, and its spread. */
static void best_falls_back_to_tightest(struct ktest *t)
{
	struct cal_sample s[] = {
		{ 1200, 50000 }, { 1000, PRECISE * 3 }, { 900, 40000 },
		{ 1100, 30000 },
	};
	u32 spread = 0;

	KTEST_EXPECT_EQ(t, cal_best(s, ARRAY_SIZE(s), PRECISE, &spread), 1000);
	KTEST_EXPECT_EQ(t, spread, PRECISE * 3);

	/* Two precise are not enough for a median: the tighter one wins. */
	s[0] = (struct cal_sample){ 1300, PRECISE };
	s[1] = (struct cal_sample){ 777, PRECISE / 2 };
	KTEST_EXPECT_EQ(t, cal_best(s, ARRAY_SIZE(s), PRECISE, &spread), 777);
	KTEST_EXPECT_EQ(t, spread, PRECISE / 2);
}

KTEST_SUITE(tsc, NULL, NULL,
	    KTEST_CASE(crystal_table),
	    KTEST_CASE(leaf15_with_crystal),
	    KTEST_CASE(leaf15_without_crystal),
	    KTEST_CASE(leaf15_incomplete),
	    KTEST_CASE(spread_ppm),
	    KTEST_CASE(best_is_median_of_precise),
	    KTEST_CASE(best_falls_back_to_tightest));
