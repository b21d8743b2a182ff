/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private interfaces between the x86 time files: the TSC frequency sources
 * (tsc.c), the PIT reference (pit.c) and the legacy 8259 PICs (i8259.c).
 */
#ifndef _ARCH_X86_KERNEL_TIME_INTERNAL_H
#define _ARCH_X86_KERNEL_TIME_INTERNAL_H

#include <tessera/types.h>

/* Sane TSC range: anything outside is a broken source, not a slow CPU. */
#define TSC_HZ_MIN		100000000ULL	/* 100 MHz */
#define TSC_HZ_MAX		10000000000ULL	/* 10 GHz */

/* tsc_calibrate() - the TSC frequency in Hz, and print it; see tsc.c. */
u64 tsc_calibrate(void);

/* CPUID decoding helpers of tsc.c, separate so tsc_test.c can check them. */
u32 tsc_crystal_for_model(u32 signature);
u64 tsc_hz_from_leaf15(u32 eax, u32 ebx, u32 ecx, u32 model_crystal);

/*
 * pit_calibrate_tsc() - TSC frequency measured against PIT channel 2, or 0
 * if the PIT does not respond sensibly; see pit.c.
 */
u64 pit_calibrate_tsc(void);

/*
 * One calibration measurement, as bounds: the true value lies in [lo, hi]
 * (the reads bracketing each end of a window give the shortest and the
 * longest the window can have been).
 */
struct cal_sample {
	u64 lo;
	u64 hi;
};

#define CAL_MAX_SAMPLES		16U

u32 cal_spread_ppm(u64 lo, u64 hi);
u32 cal_combine(const struct cal_sample *s, unsigned int n, u64 *value);

/* i8259_mask_all() - remap the legacy PICs out of the way and mask them. */
void i8259_mask_all(void);

/* rtc.c: the CMOS clock as Unix seconds (0 if unreadable); the date helper. */
u64 rtc_read_seconds(void);
s64 rtc_days_from_civil(s64 y, unsigned int m, unsigned int d);

#endif /* _ARCH_X86_KERNEL_TIME_INTERNAL_H */
