// SPDX-License-Identifier: GPL-2.0
/*
 * Combining calibration samples: each measurement carries its own
 * uncertainty; keep the precise ones and take their median.
 */
#include <tessera/kernel.h>
#include "internal.h"

/* Sort @s by value; @n is a handful. */
static void cal_sort(struct cal_sample *s, unsigned int n)
{
	unsigned int i, j;

	for (i = 1; i < n; i++) {
		struct cal_sample x = s[i];

		for (j = i; j > 0 && s[j - 1].value > x.value; j--)
			s[j] = s[j - 1];
		s[j] = x;
	}
}

/**
 * cal_spread_ppm() - relative uncertainty of a measurement
 * @value: the estimate (midpoint)
 * @halfwidth: how far the true value may be from it, same unit
 *
 * Context: any.
 * Return: @halfwidth / @value in parts per million, saturated at U32_MAX.
 */
u32 cal_spread_ppm(u64 value, u64 halfwidth)
{
	u64 ppm;

	if (!value)
		return U32_MAX;
	if (halfwidth > U64_MAX / 1000000)
		return U32_MAX;
	ppm = halfwidth * 1000000 / value;
	return ppm > U32_MAX ? U32_MAX : (u32)ppm;
}

/**
 * cal_best() - the value a set of calibration samples supports
 * @s: samples; reordered
 * @n: how many, at least 1
 * @precise_ppm: the largest spread that counts as precise
 * @spread_ppm: set to the spread of the sample chosen
 *
 * With at least CAL_MIN_PRECISE precise samples, their median: robust
 * against one odd sample. With fewer, the single sample with the smallest
 * spread: under a busy host most windows are stretched at one end, and a
 * median of those is biased. The caller should warn if *@spread_ppm is
 * above @precise_ppm.
 *
 * Context: any.
 * Return: the chosen value.
 */
u64 cal_best(struct cal_sample *s, unsigned int n, u32 precise_ppm,
	     u32 *spread_ppm)
{
	unsigned int i, np = 0, best = 0;

	for (i = 0; i < n; i++) {
		if (s[i].spread_ppm <= precise_ppm)
			np++;
		if (s[i].spread_ppm < s[best].spread_ppm)
			best = i;
	}
	if (np < CAL_MIN_PRECISE) {
		*spread_ppm = s[best].spread_ppm;
		return s[best].value;
	}

	for (i = 0, np = 0; i < n; i++)
		if (s[i].spread_ppm <= precise_ppm)
			s[np++] = s[i];
	cal_sort(s, np);
	*spread_ppm = s[np / 2].spread_ppm;
	return s[np / 2].value;
}
