// SPDX-License-Identifier: GPL-2.0
/*
 * TSC frequency discovery: CPUID leaf 0x15 (crystal ratio), then leaf 0x16
 * (base frequency), then a measurement against the PIT.
 */
#include <tessera/kernel.h>
#include <tessera/printk.h>
#include <tessera/bug.h>
#include <asm/processor.h>
#include "internal.h"

#define CPUID_TSC_CRYSTAL	0x15	/* EAX/EBX: TSC/crystal ratio, ECX: crystal Hz */
#define CPUID_FREQ		0x16	/* EAX[15:0]: base frequency in MHz */
#define CPUID_EXT_MAX		0x80000000
#define CPUID_EXT_POWER		0x80000007
#define CPUID_EXT_POWER_INVTSC	(1U << 8)	/* EDX: invariant TSC */

/* "GenuineIntel" as CPUID leaf 0 returns it in EBX, EDX, ECX. */
#define INTEL_EBX		0x756e6547
#define INTEL_EDX		0x49656e69
#define INTEL_ECX		0x6c65746e

/*
 * Crystal frequencies for Intel family 6 models whose leaf 0x15 gives the
 * ratio but leaves ECX 0 (Intel SDM, CPUID leaf 15H notes). Skylake-SP
 * (model 0x55) is left out on purpose: workstations sharing its model
 * number have a 24 MHz crystal, not 25, and servers run theirs about 0.25%
 * slow for EMI spreading, so leaf 0x16 or the PIT is more trustworthy.
 */
static const struct {
	u8 model;
	u32 crystal_hz;
} known_crystals[] = {
	{ 0x4e, 24000000 },	/* Skylake mobile */
	{ 0x5e, 24000000 },	/* Skylake desktop */
	{ 0x8e, 24000000 },	/* Kaby Lake / Coffee Lake mobile */
	{ 0x9e, 24000000 },	/* Kaby Lake / Coffee Lake desktop */
	{ 0x5c, 19200000 },	/* Goldmont (Apollo Lake) */
	{ 0x5f, 25000000 },	/* Goldmont-X (Denverton) */
};

static u32 cpuid_max_leaf(u32 base)
{
	u32 a, b, c, d;

	cpuid(base, &a, &b, &c, &d);
	return a;
}

static bool cpu_is_intel(void)
{
	u32 a, b, c, d;

	cpuid(0, &a, &b, &c, &d);
	return b == INTEL_EBX && d == INTEL_EDX && c == INTEL_ECX;
}

/**
 * tsc_crystal_for_model() - nominal crystal of an Intel CPU, where trusted
 * @signature: CPUID.1:EAX (family, model, stepping) of an Intel CPU
 *
 * Context: any.
 * Return: the crystal frequency in Hz from known_crystals[], or 0.
 */
u32 tsc_crystal_for_model(u32 signature)
{
	u32 family = (signature >> 8) & 0xf;
	u32 model = ((signature >> 4) & 0xf) | (((signature >> 16) & 0xf) << 4);
	unsigned int i;

	if (family != 6)
		return 0;
	for (i = 0; i < ARRAY_SIZE(known_crystals); i++)
		if (known_crystals[i].model == model)
			return known_crystals[i].crystal_hz;
	return 0;
}

/**
 * tsc_hz_from_leaf15() - decode CPUID leaf 0x15
 * @eax: denominator of the TSC/crystal ratio
 * @ebx: numerator of the ratio
 * @ecx: crystal frequency in Hz, 0 if not enumerated
 * @model_crystal: crystal Hz to use when @ecx is 0, or 0 if unknown
 *
 * Context: any.
 * Return: the TSC frequency in Hz, or 0 if the leaf does not give it.
 */
u64 tsc_hz_from_leaf15(u32 eax, u32 ebx, u32 ecx, u32 model_crystal)
{
	u32 crystal = ecx ? ecx : model_crystal;

	if (!eax || !ebx || !crystal)
		return 0;
	return (u64)crystal * ebx / eax;
}

/* TSC Hz from leaf 0x15, or 0 if it is absent or incomplete. */
static u64 tsc_from_cpuid_15(const char **source)
{
	u32 a, b, c, d, model_crystal = 0;

	if (cpuid_max_leaf(0) < CPUID_TSC_CRYSTAL)
		return 0;
	cpuid(CPUID_TSC_CRYSTAL, &a, &b, &c, &d);
	if (!c && cpu_is_intel()) {
		u32 sig, x, y, z;

		cpuid(1, &sig, &x, &y, &z);
		model_crystal = tsc_crystal_for_model(sig);
	}
	*source = c ? "CPUID 0x15" : "CPUID 0x15, crystal from CPU model";
	return tsc_hz_from_leaf15(a, b, c, model_crystal);
}

/* TSC Hz from the base frequency of leaf 0x16, or 0. */
static u64 tsc_from_cpuid_16(const char **source)
{
	u32 a, b, c, d;

	if (cpuid_max_leaf(0) < CPUID_FREQ)
		return 0;
	cpuid(CPUID_FREQ, &a, &b, &c, &d);
	a &= 0xffff;
	if (!a)
		return 0;
	*source = "CPUID 0x16 base frequency";
	return (u64)a * 1000000;
}

static bool tsc_invariant(void)
{
	u32 a, b, c, d;

	if (cpuid_max_leaf(CPUID_EXT_MAX) < CPUID_EXT_POWER)
		return false;
	cpuid(CPUID_EXT_POWER, &a, &b, &c, &d);
	return d & CPUID_EXT_POWER_INVTSC;
}

/* A CPUID source out of range falls through; only the last resort panics. */
static bool tsc_hz_sane(u64 hz, const char *source)
{
	if (hz >= TSC_HZ_MIN && hz <= TSC_HZ_MAX)
		return true;
	if (hz)
		pr_warn("tsc: %s claims %llu Hz, outside %llu..%llu Hz; ignored\n",
			source, (unsigned long long)hz, TSC_HZ_MIN, TSC_HZ_MAX);
	return false;
}

/**
 * tsc_calibrate() - find the TSC frequency
 *
 * Tries, in order: CPUID 0x15 with the crystal in ECX; CPUID 0x15 with a
 * crystal known for the CPU model; CPUID 0x16 base MHz; the PIT. Prints the
 * frequency, its source and whether the TSC is invariant.
 *
 * Context: boot, single CPU, interrupts off.
 * Return: TSC ticks per second. Panics if no source gives 100 MHz..10 GHz.
 */
u64 tsc_calibrate(void)
{
	const char *source = "CPUID";
	u64 hz;

	hz = tsc_from_cpuid_15(&source);
	if (!tsc_hz_sane(hz, source))
		hz = tsc_from_cpuid_16(&source);
	if (!tsc_hz_sane(hz, source)) {
		source = "PIT calibration";
		hz = pit_calibrate_tsc();
		if (!tsc_hz_sane(hz, source))
			panic("tsc: cannot determine the TSC frequency (PIT measured %llu Hz, want %llu..%llu)",
			      (unsigned long long)hz, TSC_HZ_MIN, TSC_HZ_MAX);
	}

	pr_info("tsc: %llu.%03llu MHz (%s)\n", (unsigned long long)hz / 1000000,
		(unsigned long long)hz / 1000 % 1000, source);
	pr_info("tsc: invariant TSC %s (CPUID 0x80000007 EDX[8])\n",
		tsc_invariant() ? "present" : "not present");
	return hz;
}
