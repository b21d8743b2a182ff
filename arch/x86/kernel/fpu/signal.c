// SPDX-License-Identifier: GPL-2.0
/*
 * The FPU image of a user signal frame: the current task's registers saved
 * in the Linux x86-64 user format (FXSAVE or standard-format XSAVE with the
 * software-reserved bytes) and loaded back, validated, at rt_sigreturn.
 */
#define pr_fmt(fmt) "fpu: " fmt

#include <tessera/errno.h>
#include <tessera/kernel.h>
#include <tessera/preempt.h>
#include <tessera/string.h>
#include <asm/fpu.h>
#include <asm/processor.h>
#include "internal.h"

#define SW_BYTES_OFFSET		464	/* struct fpu_sw_bytes in the legacy image */
#define DEFAULT_MXCSR_MASK	0x0000ffbfU	/* when FXSAVE reports 0 */

/* Written once (first use) to the same value by whoever gets there. */
static unsigned int xstate_user_size;	/* standard-format XSAVE size, XCR0 */
static u32 mxcsr_mask;

_Static_assert(sizeof(struct fpu_sw_bytes) == 48, "software-reserved bytes are 48");

static unsigned int user_xstate_size(void)
{
	u32 a, b, c, d;

	if (fpu_cfg.method == FPU_FXSAVE)
		return FPU_LEGACY_SIZE;
	if (!READ_ONCE(xstate_user_size)) {
		/* EBX of sub-leaf 0: standard format, components in XCR0 */
		cpuid_count(0xd, 0, &a, &b, &c, &d);
		WRITE_ONCE(xstate_user_size, max_t(u32, b, FPU_LEGACY_SIZE + XSAVE_HDR_SIZE));
	}
	return READ_ONCE(xstate_user_size);
}

static u32 cpu_mxcsr_mask(void)
{
	u8 tmp[FPU_LEGACY_SIZE] __aligned(16);
	u32 m;

	if (!READ_ONCE(mxcsr_mask)) {
		memset(tmp, 0, sizeof(tmp));
		__asm__ __volatile__("fxsave64 (%0)" : : "r"(tmp) : "memory");
		m = ((struct fxsave_legacy *)tmp)->mxcsr_mask;
		WRITE_ONCE(mxcsr_mask, m ? m : DEFAULT_MXCSR_MASK);
	}
	return READ_ONCE(mxcsr_mask);
}

/**
 * fpu_sigframe_size() - bytes of the FPU image in a user signal frame
 *
 * Return: 512 with FXSAVE; otherwise the standard-format XSAVE size for
 * the enabled features plus the 4-byte FP_XSTATE_MAGIC2 trailer.
 * Context: any, after fpu_init().
 */
size_t fpu_sigframe_size(void)
{
	if (fpu_cfg.method == FPU_FXSAVE)
		return FPU_LEGACY_SIZE;
	return user_xstate_size() + FP_XSTATE_MAGIC2_SIZE;
}

/**
 * fpu_sigframe_save() - save the current task's registers in user format
 * @buf: a kernel buffer of fpu_sigframe_size() bytes, FPU_AREA_ALIGN aligned
 *
 * Writes the FXSAVE image or the standard-format XSAVE image of every
 * enabled component, its software-reserved bytes (FP_XSTATE_MAGIC1, sizes,
 * features) and the FP_XSTATE_MAGIC2 trailer. The registers are unchanged.
 * Context: task context of a user thread, not inside kernel_fpu_begin().
 */
void fpu_sigframe_save(void *buf)
{
	struct fpu_sw_bytes *sw = buf + SW_BYTES_OFFSET;
	unsigned int size = user_xstate_size();
	u64 mask = fpu_cfg.xfeatures;
	u32 magic2 = FP_XSTATE_MAGIC2;

	memset(buf, 0, fpu_sigframe_size());
	preempt_disable();
	if (fpu_cfg.method == FPU_FXSAVE)
		__asm__ __volatile__("fxsave64 (%0)" : : "r"(buf) : "memory");
	else
		__asm__ __volatile__("xsave64 (%0)" : : "r"(buf), "a"((u32)mask),
				     "d"((u32)(mask >> 32)) : "memory");
	preempt_enable();
	if (fpu_cfg.method == FPU_FXSAVE)
		return;
	memset(sw, 0, sizeof(*sw));
	sw->magic1 = FP_XSTATE_MAGIC1;
	sw->extended_size = size + FP_XSTATE_MAGIC2_SIZE;
	sw->xfeatures = mask;
	sw->xstate_size = size;
	memcpy(buf + size, &magic2, sizeof(magic2));
}

/**
 * fpu_sigframe_len() - how many bytes of a user FPU image to read
 * @legacy: its first 512 bytes (already copied into the kernel)
 *
 * Return: fpu_sigframe_size() when the software-reserved bytes describe an
 * XSAVE image of this kernel's size, else 512 (an FXSAVE-only image).
 * Context: any.
 */
size_t fpu_sigframe_len(const void *legacy)
{
	const struct fpu_sw_bytes *sw = legacy + SW_BYTES_OFFSET;

	if (fpu_cfg.method == FPU_FXSAVE || sw->magic1 != FP_XSTATE_MAGIC1 ||
	    sw->xstate_size != user_xstate_size() ||
	    sw->extended_size != sw->xstate_size + FP_XSTATE_MAGIC2_SIZE)
		return FPU_LEGACY_SIZE;
	return fpu_sigframe_size();
}

/* Make the XSAVE header of @buf safe for XRSTOR; false if it cannot be. */
static bool sanitize_xstate(void *buf, size_t len)
{
	struct fpu_sw_bytes *sw = buf + SW_BYTES_OFFSET;
	struct xsave_header *hdr = buf + FPU_LEGACY_SIZE;
	u32 magic2 = 0;
	unsigned int i;

	if (len < fpu_sigframe_size()) {
		/* FXSAVE-only image: x87 and SSE from it, the rest initial */
		memset(hdr, 0, sizeof(*hdr));
		hdr->xstate_bv = XFEATURE_X87 | XFEATURE_SSE;
		return true;
	}
	memcpy(&magic2, buf + user_xstate_size(), sizeof(magic2));
	if (magic2 != FP_XSTATE_MAGIC2 || hdr->xcomp_bv)
		return false;
	for (i = 0; i < ARRAY_SIZE(hdr->reserved); i++)
		if (hdr->reserved[i])
			return false;
	hdr->xstate_bv &= fpu_cfg.xfeatures & sw->xfeatures;
	return true;
}

/**
 * fpu_sigframe_restore() - load the current task's registers from a user image
 * @buf: kernel copy of the image, FPU_AREA_ALIGN aligned, with room for
 *	fpu_sigframe_size() bytes (modified: the header is sanitised)
 * @len: bytes copied, as fpu_sigframe_len() said
 *
 * Checks what would make FXRSTOR/XRSTOR fault (reserved MXCSR bits, a
 * compacted or reserved XSAVE header, features not enabled) first.
 * Return: 0, or -EINVAL (nothing loaded).
 * Context: task context of a user thread, not inside kernel_fpu_begin().
 */
int fpu_sigframe_restore(void *buf, size_t len)
{
	struct fxsave_legacy *fx = buf;
	u64 mask = fpu_cfg.xfeatures;

	if (fx->mxcsr & ~cpu_mxcsr_mask())
		return -EINVAL;
	if (fpu_cfg.method != FPU_FXSAVE && !sanitize_xstate(buf, len))
		return -EINVAL;
	preempt_disable();
	if (fpu_cfg.method == FPU_FXSAVE)
		__asm__ __volatile__("fxrstor64 (%0)" : : "r"(buf) : "memory");
	else
		__asm__ __volatile__("xrstor64 (%0)" : : "r"(buf), "a"((u32)mask),
				     "d"((u32)(mask >> 32)) : "memory");
	preempt_enable();
	return 0;
}

/**
 * fpu_sigframe_reset() - give the current task the initial FPU state
 *
 * A signal handler starts with default FCW/MXCSR and cleared registers.
 * Context: task context of a user thread, not inside kernel_fpu_begin().
 */
void fpu_sigframe_reset(void)
{
	preempt_disable();
	fpu_restore(fpu_cfg.init_state);
	preempt_enable();
}
