// SPDX-License-Identifier: GPL-2.0
/*
 * FPU feature detection and per-CPU enabling: CPUID, the choice of save
 * format and XCR0 components, the area size, CR0/CR4/XCR0 on every CPU.
 */
#define pr_fmt(fmt) "fpu: " fmt

#include <tessera/bug.h>
#include <tessera/kernel.h>
#include <tessera/param.h>
#include <tessera/printk.h>
#include <tessera/smp.h>
#include <tessera/string.h>
#include <asm/fpu.h>
#include <asm/processor.h>
#include "internal.h"

/* CPUID.1 */
#define CPUID1_EDX_FPU		(1U << 0)
#define CPUID1_EDX_FXSR		(1U << 24)
#define CPUID1_EDX_SSE		(1U << 25)
#define CPUID1_EDX_SSE2		(1U << 26)
#define CPUID1_ECX_XSAVE	(1U << 26)
#define CPUID1_ECX_AVX		(1U << 28)
/* CPUID.(7,0) */
#define CPUID7_EBX_AVX512F	(1U << 16)
/* CPUID.(0xd,1).EAX */
#define CPUIDD1_EAX_XSAVEOPT	(1U << 0)
#define CPUIDD1_EAX_XSAVES	(1U << 3)
/* CPUID.(0xd,i).ECX for a component i >= 2 */
#define CPUIDD_ECX_ALIGN64	(1U << 1)	/* 64-byte aligned when compacted */

#define CPUID_XSTATE		0xd
#define MSR_IA32_XSS		0xda0

#define X86_CR0_MP		(1UL << 1)	/* WAIT honours TS */
#define X86_CR0_EM		(1UL << 2)	/* x87 emulation: must be off */
#define X86_CR0_TS		(1UL << 3)	/* task switched: lazy FPU trap, unused */
#define X86_CR0_NE		(1UL << 5)	/* x87 errors as #MF, not IRQ 13 */

struct fpu_config fpu_cfg = { .method = FPU_FXSAVE, .size = FPU_LEGACY_SIZE };

/*
 * fpu= caps the save method: auto (default), xsaves, xsaveopt, xsave or
 * fxsave. fpu=fxsave leaves XSAVE and AVX off entirely, so libcs fall back
 * to their SSE2 routines (see Documentation/fpu.md).
 */
static char fpu_param[16] = "auto";
param_string(fpu, fpu_param, "FPU save method cap: auto|xsaves|xsaveopt|xsave|fxsave");

static const char *const method_names[] = {
	[FPU_FXSAVE] = "fxsave",
	[FPU_XSAVE] = "xsave",
	[FPU_XSAVEOPT] = "xsaveopt",
	[FPU_XSAVES] = "xsaves",
};

static enum fpu_method method_cap(void)
{
	unsigned int i;

	if (!strcmp(fpu_param, "auto") || !fpu_param[0])
		return FPU_XSAVES;
	for (i = 0; i < ARRAY_SIZE(method_names); i++)
		if (!strcmp(fpu_param, method_names[i]))
			return i;
	pr_warn("fpu=%s not understood (auto|xsaves|xsaveopt|xsave|fxsave); using auto\n",
		fpu_param);
	return FPU_XSAVES;
}

/* XCR0 bits this kernel knows how to enable, given what the CPU offers. */
static u64 choose_xfeatures(u64 supported, u32 cpuid1_ecx)
{
	u32 a, b, c, d;
	u64 x = XFEATURE_X87 | XFEATURE_SSE;

	if (!(cpuid1_ecx & CPUID1_ECX_AVX) || !(supported & XFEATURE_AVX))
		return x;
	x |= XFEATURE_AVX;

	/* AVX-512: the three components are enabled together or not at all. */
	cpuid_count(7, 0, &a, &b, &c, &d);
	if ((b & CPUID7_EBX_AVX512F) && (supported & XFEATURE_AVX512) == XFEATURE_AVX512)
		x |= XFEATURE_AVX512;
	return x;
}

/* Area size for @xfeatures computed from the per-component sub-leaves. */
static unsigned int xstate_size_from_leaves(u64 xfeatures, bool compacted)
{
	unsigned int size = FPU_LEGACY_SIZE + XSAVE_HDR_SIZE;
	u32 sz, off, flags, d;
	unsigned int i;

	for (i = 2; i < 63; i++) {
		if (!(xfeatures & (1ULL << i)))
			continue;
		cpuid_count(CPUID_XSTATE, i, &sz, &off, &flags, &d);
		if (compacted) {
			if (flags & CPUIDD_ECX_ALIGN64)
				size = ALIGN(size, 64U);
			size += sz;
		} else {
			size = max_t(unsigned int, size, off + sz);
		}
	}
	return size;
}

/* Decide the method and XCR0 from CPUID and the fpu= cap. */
static void fpu_detect(void)
{
	u32 a, b, c, d, ecx1, edx1;
	enum fpu_method cap = method_cap();
	u64 supported;

	cpuid(1, &a, &b, &ecx1, &edx1);
	if ((edx1 & (CPUID1_EDX_FPU | CPUID1_EDX_FXSR | CPUID1_EDX_SSE | CPUID1_EDX_SSE2)) !=
	    (CPUID1_EDX_FPU | CPUID1_EDX_FXSR | CPUID1_EDX_SSE | CPUID1_EDX_SSE2))
		panic("fpu: CPU lacks x87/FXSR/SSE/SSE2 (CPUID.1:EDX %#x); not x86-64?", edx1);

	fpu_cfg.method = FPU_FXSAVE;
	fpu_cfg.xfeatures = XFEATURE_X87 | XFEATURE_SSE;
	if (!(ecx1 & CPUID1_ECX_XSAVE) || cap == FPU_FXSAVE)
		return;

	cpuid_count(CPUID_XSTATE, 0, &a, &b, &c, &d);
	supported = ((u64)d << 32) | a;
	fpu_cfg.xfeatures = choose_xfeatures(supported, ecx1);

	cpuid_count(CPUID_XSTATE, 1, &a, &b, &c, &d);
	fpu_cfg.method = FPU_XSAVE;
	if ((a & CPUIDD1_EAX_XSAVES) && cap >= FPU_XSAVES)
		fpu_cfg.method = FPU_XSAVES;
	else if ((a & CPUIDD1_EAX_XSAVEOPT) && cap >= FPU_XSAVEOPT)
		fpu_cfg.method = FPU_XSAVEOPT;
}

static inline void xsetbv(u32 reg, u64 val)
{
	__asm__ __volatile__("xsetbv" : : "c"(reg), "a"((u32)val), "d"((u32)(val >> 32))
			     : "memory");
}

static inline u64 xgetbv(u32 reg)
{
	u32 lo, hi;

	__asm__ __volatile__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(reg));
	return ((u64)hi << 32) | lo;
}

/* CR0, CR4, XCR0 (and IA32_XSS) on the calling CPU; safe to repeat. */
static void fpu_enable_cpu(void)
{
	unsigned long cr0 = read_cr0(), cr4 = read_cr4();

	cr0 |= X86_CR0_MP | X86_CR0_NE;
	cr0 &= ~(X86_CR0_EM | X86_CR0_TS);
	write_cr0(cr0);

	cr4 |= X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT;
	if (fpu_cfg.method != FPU_FXSAVE)
		cr4 |= X86_CR4_OSXSAVE;
	write_cr4(cr4);

	if (fpu_cfg.method == FPU_FXSAVE)
		return;
	xsetbv(0, fpu_cfg.xfeatures);
	/* No supervisor components: XSAVES saves exactly the XCR0 set. */
	if (fpu_cfg.method == FPU_XSAVES)
		wrmsr(MSR_IA32_XSS, 0);
}

/* The size the CPU reports for the enabled XCR0, checked against the leaves. */
static unsigned int fpu_area_size(void)
{
	bool compacted = fpu_cfg.method == FPU_XSAVES;
	unsigned int computed, reported;
	u32 a, b, c, d;

	if (fpu_cfg.method == FPU_FXSAVE)
		return FPU_LEGACY_SIZE;

	/* EBX: size for the components now in XCR0 (| IA32_XSS if compacted). */
	cpuid_count(CPUID_XSTATE, compacted ? 1 : 0, &a, &b, &c, &d);
	reported = b;
	computed = xstate_size_from_leaves(fpu_cfg.xfeatures, compacted);
	if (reported != computed)
		pr_warn("CPUID 0xd reports %u-byte areas, components add up to %u; using the larger\n",
			reported, computed);
	return max(reported, computed);
}

/**
 * fpu_init() - choose the FPU save format and size the save areas
 *
 * Detects FXSR/SSE/XSAVE/XSAVEOPT/XSAVES/AVX/AVX-512 with CPUID, enables
 * x87, SSE, AVX and AVX-512 state as present (capped by fpu=), sizes the
 * area from CPUID leaf 0xd and creates the 64-byte-aligned area cache with
 * its initial-state image. Panics if the CPU cannot do x86-64 SSE or the
 * cache cannot be made: nothing can be scheduled without it.
 *
 * Context: boot CPU, once, after kmem_cache_init(), before any fpu_alloc().
 */
void fpu_init(void)
{
	if (fpu_cfg.cache) {
		WARN(1, "fpu: fpu_init() called twice");
		return;
	}
	fpu_detect();
	fpu_enable_cpu();	/* XCR0 must be set before CPUID reports sizes */
	fpu_cfg.size = fpu_area_size();
	if (fpu_areas_init())
		panic("fpu: cannot create the save area cache (%u bytes)", fpu_cfg.size);

	switch (fpu_cfg.method) {
	case FPU_FXSAVE:
		pr_info("fxsave, %u-byte areas\n", fpu_cfg.size);
		break;
	case FPU_XSAVE:
		pr_info("xsave features %#llx, %u-byte areas\n",
			(unsigned long long)fpu_cfg.xfeatures, fpu_cfg.size);
		break;
	default:
		pr_info("xsave (%s%s) features %#llx, %u-byte areas\n",
			method_names[fpu_cfg.method],
			fpu_cfg.method == FPU_XSAVES ? ", compacted" : "",
			(unsigned long long)fpu_cfg.xfeatures, fpu_cfg.size);
		break;
	}
}

/* Panic clearly if this CPU cannot do what the boot CPU chose. */
static void fpu_check_cpu(void)
{
	u32 a, b, c, d;
	u64 supported;

	if (fpu_cfg.method == FPU_FXSAVE)
		return;
	cpuid(1, &a, &b, &c, &d);
	if (!(c & CPUID1_ECX_XSAVE))
		panic("fpu: CPU %u has no XSAVE but the boot CPU uses it", smp_processor_id());
	cpuid_count(CPUID_XSTATE, 0, &a, &b, &c, &d);
	supported = ((u64)d << 32) | a;
	if ((supported & fpu_cfg.xfeatures) != fpu_cfg.xfeatures)
		panic("fpu: CPU %u supports XCR0 %#llx, the boot CPU enabled %#llx",
		      smp_processor_id(), (unsigned long long)supported,
		      (unsigned long long)fpu_cfg.xfeatures);
	cpuid_count(CPUID_XSTATE, 1, &a, &b, &c, &d);
	if (fpu_cfg.method == FPU_XSAVES && !(a & CPUIDD1_EAX_XSAVES))
		panic("fpu: CPU %u has no XSAVES but the boot CPU uses it", smp_processor_id());
	if (fpu_cfg.method == FPU_XSAVEOPT && !(a & CPUIDD1_EAX_XSAVEOPT))
		panic("fpu: CPU %u has no XSAVEOPT but the boot CPU uses it", smp_processor_id());
}

/**
 * fpu_init_cpu() - enable FPU/SSE/AVX state on the calling CPU
 *
 * Sets CR0 (MP, NE; EM and TS clear), CR4 (OSFXSR, OSXMMEXCPT, OSXSAVE
 * with XSAVE) and XCR0 to the boot CPU's choice, then loads the initial
 * state into the registers. Idempotent. Panics if this CPU lacks a feature
 * the boot CPU enabled (mixed CPUs are not supported).
 *
 * Context: each CPU once before it runs any task: the boot CPU after
 * fpu_init(), each AP in its init list. Any live register state is reset.
 */
void fpu_init_cpu(void)
{
	if (!fpu_cfg.init_state) {
		WARN(1, "fpu: fpu_init_cpu() before fpu_init(); FPU left off");
		return;
	}
	fpu_check_cpu();
	fpu_enable_cpu();
	if (fpu_cfg.method != FPU_FXSAVE && xgetbv(0) != fpu_cfg.xfeatures)
		panic("fpu: CPU %u did not accept XCR0 %#llx", smp_processor_id(),
		      (unsigned long long)fpu_cfg.xfeatures);
	fpu_restore(fpu_cfg.init_state);
}

/**
 * fpu_method() - the save format in use
 *
 * Context: any, after fpu_init().
 */
enum fpu_method fpu_method(void)
{
	return fpu_cfg.method;
}

/**
 * fpu_xfeatures() - the XCR0 value every CPU runs with
 *
 * Return: x87|SSE (0x3) under FXSAVE, else the enabled components.
 * Context: any, after fpu_init().
 */
u64 fpu_xfeatures(void)
{
	return fpu_cfg.xfeatures;
}
