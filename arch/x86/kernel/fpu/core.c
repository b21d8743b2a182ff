// SPDX-License-Identifier: GPL-2.0
/*
 * FPU save areas and switching: the 64-byte-aligned area cache, initial
 * state, save/restore in the chosen format, eager context-switch and
 * kernel_fpu_begin/end.
 */
#define pr_fmt(fmt) "fpu: " fmt

#include <tessera/bug.h>
#include <tessera/errno.h>
#include <tessera/kernel.h>
#include <tessera/percpu.h>
#include <tessera/preempt.h>
#include <tessera/printk.h>
#include <tessera/sched.h>
#include <tessera/slab.h>
#include <tessera/string.h>
#include <asm/fpu.h>
#include "internal.h"

_Static_assert(offsetof(struct fpu, area) % FPU_AREA_ALIGN == 0,
	       "struct fpu: the save area must start 64-byte aligned");
_Static_assert(sizeof(struct fxsave_legacy) == FPU_LEGACY_SIZE, "FXSAVE image is 512 bytes");
_Static_assert(sizeof(struct xsave_header) == XSAVE_HDR_SIZE, "XSAVE header is 64 bytes");

/*
 * Depth of kernel_fpu_begin() on this CPU. Only this CPU touches its copy,
 * with preemption disabled (so no lock).
 */
static DEFINE_PER_CPU(unsigned int, kernel_fpu_depth);

/* The instructions. The mask (EDX:EAX) selects every enabled component. */
#define XSTATE_INSN(insn, area, mask)					\
	__asm__ __volatile__(insn " (%0)" : : "r"(area), "a"((u32)(mask)),	\
			     "d"((u32)((mask) >> 32)) : "memory")

static inline void fxsave(void *area)
{
	__asm__ __volatile__("fxsave64 (%0)" : : "r"(area) : "memory");
}

static inline void fxrstor(const void *area)
{
	__asm__ __volatile__("fxrstor64 (%0)" : : "r"(area) : "memory");
}

static bool fpu_valid(const struct fpu *fpu)
{
	return fpu && fpu->magic == FPU_MAGIC;
}

/* Save the registers into @area without the init/modified optimisations. */
static void save_full(void *area)
{
	switch (fpu_cfg.method) {
	case FPU_XSAVES:
		XSTATE_INSN("xsaves64", area, fpu_cfg.xfeatures);
		break;
	case FPU_XSAVEOPT:
	case FPU_XSAVE:
		XSTATE_INSN("xsave64", area, fpu_cfg.xfeatures);
		break;
	default:
		fxsave(area);
		break;
	}
}

/**
 * fpu_save() - store this CPU's FPU/SSE/AVX registers into @fpu
 * @fpu: the area to write; a bad pointer WARNs once and is skipped
 *
 * Uses XSAVEOPT where the CPU has it: a component unchanged since the last
 * XRSTOR from this same area may be left unwritten, so the area must not be
 * modified in memory between restoring it and saving it.
 *
 * Context: preemption disabled; the caller owns the registers.
 */
void fpu_save(struct fpu *fpu)
{
	if (WARN_ON_ONCE(!fpu_valid(fpu)))
		return;
	if (fpu_cfg.method == FPU_XSAVEOPT)
		XSTATE_INSN("xsaveopt64", fpu->area, fpu_cfg.xfeatures);
	else
		save_full(fpu->area);
}

/**
 * fpu_restore() - load this CPU's FPU/SSE/AVX registers from @fpu
 * @fpu: the area to read; a bad pointer WARNs once and loads the initial
 *	state instead, so no other task's values stay visible
 *
 * Context: preemption disabled; the caller owns the registers.
 */
void fpu_restore(const struct fpu *fpu)
{
	if (WARN_ON_ONCE(!fpu_valid(fpu)))
		fpu = fpu_cfg.init_state;
	switch (fpu_cfg.method) {
	case FPU_XSAVES:
		XSTATE_INSN("xrstors64", fpu->area, fpu_cfg.xfeatures);
		break;
	case FPU_XSAVEOPT:
	case FPU_XSAVE:
		XSTATE_INSN("xrstor64", fpu->area, fpu_cfg.xfeatures);
		break;
	default:
		fxrstor(fpu->area);
		break;
	}
}

/*
 * The initial image: FCW and MXCSR at their reset values, all registers
 * zero, and (XSAVE) XSTATE_BV 0 so XRSTOR puts every component in its
 * init configuration. MXCSR is loaded from the image regardless of
 * XSTATE_BV, so it must be valid there too.
 */
static void fill_init_image(struct fpu *fpu)
{
	struct fxsave_legacy *fx = (struct fxsave_legacy *)fpu->area;
	struct xsave_header *hdr;

	memset(fpu->area, 0, fpu_cfg.size);
	fx->fcw = FPU_INIT_FCW;
	fx->mxcsr = FPU_INIT_MXCSR;
	if (fpu_cfg.method == FPU_FXSAVE)
		return;
	hdr = (struct xsave_header *)(fpu->area + FPU_LEGACY_SIZE);
	hdr->xstate_bv = 0;
	if (fpu_cfg.method == FPU_XSAVES)
		hdr->xcomp_bv = XCOMP_BV_COMPACTED | fpu_cfg.xfeatures;
}

/* An object from the cache, alignment checked, header set, area not filled. */
static struct fpu *fpu_alloc_raw(void)
{
	struct fpu *fpu = kmem_cache_alloc(fpu_cfg.cache, GFP_KERNEL);

	if (!fpu)
		return NULL;
	if (WARN(!IS_ALIGNED((unsigned long)fpu->area, FPU_AREA_ALIGN),
		 "fpu: save area %p is not %d-byte aligned", fpu->area, FPU_AREA_ALIGN)) {
		kmem_cache_free(fpu_cfg.cache, fpu);
		return NULL;
	}
	memset(fpu, 0, offsetof(struct fpu, area));
	fpu->magic = FPU_MAGIC;
	fpu->size = fpu_cfg.size;
	return fpu;
}

/**
 * fpu_areas_init() - create the area cache and the initial-state image
 *
 * Return: 0, or -ENOMEM.
 * Context: boot CPU, from fpu_init() once fpu_cfg.size is known.
 */
int fpu_areas_init(void)
{
	fpu_cfg.cache = kmem_cache_create("fpu_state", sizeof(struct fpu) + fpu_cfg.size,
					  FPU_AREA_ALIGN, 0, NULL);
	if (!fpu_cfg.cache)
		return -ENOMEM;
	fpu_cfg.init_state = fpu_alloc_raw();
	if (!fpu_cfg.init_state) {
		kmem_cache_destroy(fpu_cfg.cache);
		fpu_cfg.cache = NULL;
		return -ENOMEM;
	}
	fill_init_image(fpu_cfg.init_state);
	return 0;
}

/**
 * fpu_alloc() - a new FPU state in the architectural initial state
 *
 * FCW 0x37f, MXCSR 0x1f80, every register zero; with XSAVE every component
 * marked init in XSTATE_BV. The area is FPU_AREA_ALIGN aligned (checked).
 *
 * Return: the state, or NULL if out of memory or called before fpu_init().
 * Context: may allocate; not from interrupt context.
 */
struct fpu *fpu_alloc(void)
{
	struct fpu *fpu;

	if (WARN_ONCE(!fpu_cfg.init_state, "fpu: fpu_alloc() before fpu_init()"))
		return NULL;
	fpu = fpu_alloc_raw();
	if (fpu)
		memcpy(fpu->area, fpu_cfg.init_state->area, fpu_cfg.size);
	return fpu;
}

/**
 * fpu_free() - release a state from fpu_alloc()
 * @fpu: the state, or NULL (no-op); a pointer that is not a live state
 *	WARNs and is ignored
 *
 * Context: the owning task must not be running (or be the caller, which
 * then must not be switched out again with this state).
 */
void fpu_free(struct fpu *fpu)
{
	if (!fpu)
		return;
	if (WARN(!fpu_valid(fpu) || fpu == fpu_cfg.init_state,
		 "fpu: fpu_free(%p) of a state not from fpu_alloc()", fpu))
		return;
	fpu->magic = 0;
	kmem_cache_free(fpu_cfg.cache, fpu);
}

/**
 * fpu_copy() - make @dst a copy of the state in @src
 * @dst: a state of a task that is not running (a child being made); the
 *	caller's own state is refused (its registers would overwrite it)
 * @src: a switched-out task's state, or the caller's own: then its live
 *	registers are what is copied
 *
 * Bad or equal pointers, or @dst being the caller's state, WARN and copy
 * nothing.
 * Context: task context.
 */
void fpu_copy(struct fpu *dst, const struct fpu *src)
{
	struct task_struct *tsk;

	if (WARN(!fpu_valid(dst) || !fpu_valid(src) || dst == src,
		 "fpu: fpu_copy(%p, %p): bad state", dst, src))
		return;
	preempt_disable();
	tsk = current;
	if (WARN(tsk && tsk->fpu == dst, "fpu: fpu_copy() into the running task's state")) {
		preempt_enable();
		return;
	}
	if (tsk && tsk->fpu == src && !this_cpu(kernel_fpu_depth))
		save_full(dst->area);	/* the registers are newer than @src */
	else
		memcpy(dst->area, src->area, fpu_cfg.size);
	preempt_enable();
}

/**
 * fpu_reset_current() - put the calling task's FPU/SSE/AVX state back to
 * the architectural initial state (execve)
 *
 * Both the task's save area and the live registers get the initial image.
 * Context: task context, not between kernel_fpu_begin() and _end().
 */
void fpu_reset_current(void)
{
	struct task_struct *tsk;

	preempt_disable();
	tsk = current;
	if (tsk && fpu_valid(tsk->fpu) && !WARN_ON_ONCE(this_cpu(kernel_fpu_depth))) {
		memcpy(tsk->fpu->area, fpu_cfg.init_state->area, fpu_cfg.size);
		fpu_restore(tsk->fpu);
	}
	preempt_enable();
}

/**
 * fpu_switch() - eager FPU switch: save @prev's registers, load @next's
 * @prev: the task leaving the CPU
 * @next: the task about to run
 *
 * A task without a state (NULL ->fpu) WARNs once; @next then gets the
 * initial state, so it never sees @prev's registers.
 *
 * Context: the scheduler's context switch on this CPU, interrupts off.
 */
void fpu_switch(struct task_struct *prev, struct task_struct *next)
{
	WARN_ON_ONCE(this_cpu(kernel_fpu_depth));	/* slept inside kernel_fpu_begin() */
	if (likely(prev && prev->fpu))
		fpu_save(prev->fpu);
	else
		WARN_ON_ONCE(1);
	if (likely(next && next->fpu)) {
		fpu_restore(next->fpu);
	} else {
		WARN_ON_ONCE(1);
		fpu_restore(fpu_cfg.init_state);
	}
}

/**
 * kernel_fpu_begin() - let kernel code use x87/SSE/AVX registers
 *
 * Disables preemption, saves the current task's registers and loads the
 * initial state (default FCW/MXCSR). Pair with kernel_fpu_end(); do not
 * sleep in between. Nesting WARNs: the inner section would clobber the
 * outer one's registers.
 *
 * Context: task context (not interrupt handlers).
 */
void kernel_fpu_begin(void)
{
	struct task_struct *tsk;

	preempt_disable();
	if (WARN_ONCE(this_cpu(kernel_fpu_depth)++, "fpu: nested kernel_fpu_begin()"))
		return;
	tsk = current;
	if (tsk && tsk->fpu)
		fpu_save(tsk->fpu);
	fpu_restore(fpu_cfg.init_state);
}

/**
 * kernel_fpu_end() - end a kernel_fpu_begin() section
 *
 * Reloads the current task's registers and re-enables preemption. An end
 * without a begin WARNs and does nothing.
 *
 * Context: the task that called kernel_fpu_begin(), on the same CPU.
 */
void kernel_fpu_end(void)
{
	struct task_struct *tsk;

	if (WARN_ONCE(!this_cpu(kernel_fpu_depth), "fpu: kernel_fpu_end() without begin"))
		return;
	if (--this_cpu(kernel_fpu_depth) == 0) {
		tsk = current;
		fpu_restore(tsk && tsk->fpu ? tsk->fpu : fpu_cfg.init_state);
	}
	preempt_enable();
}

/**
 * fpu_state_size() - bytes of one save area
 *
 * Return: 512 (FXSAVE) or the XSAVE size from CPUID leaf 0xd.
 * Context: any, after fpu_init().
 */
size_t fpu_state_size(void)
{
	return fpu_cfg.size;
}

/**
 * fpu_area() - the save area of @fpu (see <asm/fpu.h>)
 * @fpu: a live state
 *
 * Return: the 64-byte-aligned area, or NULL (WARN) for a bad pointer.
 */
void *fpu_area(struct fpu *fpu)
{
	if (WARN_ON_ONCE(!fpu_valid(fpu)))
		return NULL;
	return fpu->area;
}
