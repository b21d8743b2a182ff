// SPDX-License-Identifier: GPL-2.0
/*
 * Combining calibration samples: each measurement bounds the true value
 * from below and above; the answer is what all the bounds agree on.
 */
#include <tessera/kernel.h>
#include "internal.h"

/**
 * cal_spread_ppm() - relative uncertainty of an interval
 * @lo: lower bound
 * @hi: upper bound, >= @lo
 *
 * Context: any.
 * Return: the half-width of [@lo, @hi] over its midpoint, in parts per
 * million, saturated at U32_MAX (also for a midpoint of 0).
 */
u32 cal_spread_ppm(u64 lo, u64 hi)
{
	u64 mid = lo + (hi - lo) / 2, half = (hi - lo) / 2, ppm;

	if (!mid || half > U64_MAX / 1000000)
		return U32_MAX;
	ppm = half * 1000000 / mid;
	return ppm > U32_MAX ? U32_MAX : (u32)ppm;
}

/* Median of the samples' midpoints, for samples that contradict each other. */
static u64 cal_median_mid(const struct cal_sample *s, unsigned int n)
{
	u64 mid[CAL_MAX_SAMPLES], x;
	unsigned int i, j;

	for (i = 0; i < n; i++) {
		x = s[i].lo + (s[i].hi - s[i].lo) / 2;
		for (j = i; j > 0 && mid[j - 1] > x; j--)
			mid[j] = mid[j - 1];
		mid[j] = x;
	}
	return mid[n / 2];
}

/**
 * cal_combine() - the value a set of bounded measurements agrees on
 * @s: samples, each saying the true value lies in [lo, hi]
 * @n: how many, 1..CAL_MAX_SAMPLES (more are ignored)
 * @value: set to the estimate
 *
 * Intersects all the intervals and takes the middle: one sample with a
 * precise start and another with a precise end together pin the value,
 * even when every single sample was stretched at one edge (a busy QEMU
 * host, an SMI). If the intervals do not all overlap, some sample's bounds
 * were wrong; then the estimate is the median of the midpoints.
 *
 * Context: any.
 * Return: the uncertainty of *@value in ppm (see cal_spread_ppm()), or
 * U32_MAX if the samples contradict each other.
 */
u32 cal_combine(const struct cal_sample *s, unsigned int n, u64 *value)
{
	u64 lo = 0, hi = U64_MAX;
	unsigned int i;

	n = min(n, CAL_MAX_SAMPLES);
	for (i = 0; i < n; i++) {
		lo = max(lo, s[i].lo);
		hi = min(hi, s[i].hi);
	}
	if (lo > hi) {
		*value = cal_median_mid(s, n);
		return U32_MAX;
	}
	*value = lo + (hi - lo) / 2;
	return cal_spread_ppm(lo, hi);
}
