/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private interfaces between the FPU files: the boot-time configuration
 * xstate.c decides (format, XCR0, size) and the save areas core.c manages.
 */
#ifndef _ARCH_X86_KERNEL_FPU_INTERNAL_H
#define _ARCH_X86_KERNEL_FPU_INTERNAL_H

#include <tessera/types.h>
#include <asm/fpu.h>

#define FPU_MAGIC		0x46505531	/* "FPU1": a live struct fpu */
#define FPU_LEGACY_SIZE		512		/* FXSAVE image */
#define XSAVE_HDR_SIZE		64

/**
 * struct fpu - one task's FPU/SSE/AVX state
 * @magic: FPU_MAGIC while allocated; catches stray and freed pointers
 * @size: bytes of @area in use (fpu_state_size())
 * @area: the save area, in the format fpu_method() names; the 64-byte
 *	header before it keeps it FPU_AREA_ALIGN aligned in an aligned object
 *
 * Owned by its task: written only by the CPU the task runs on (context
 * switch, kernel_fpu_begin/end) or, while it is switched out, by fpu_copy().
 */
struct fpu {
	u32 magic;
	u32 size;
	u8 reserved[56];
	u8 area[] __aligned(FPU_AREA_ALIGN);
} __aligned(FPU_AREA_ALIGN);

/**
 * struct fpu_config - decided once by fpu_init() on the boot CPU, read-only
 * afterwards (every CPU uses the same format and XCR0)
 * @method: how areas are saved and restored
 * @xfeatures: XCR0 (x87|SSE under FXSAVE)
 * @size: save area size in bytes
 * @cache: slab cache of struct fpu, objects FPU_AREA_ALIGN aligned
 * @init_state: the architectural initial state, copied by fpu_alloc()
 */
struct fpu_config {
	enum fpu_method method;
	u64 xfeatures;
	unsigned int size;
	struct kmem_cache *cache;
	struct fpu *init_state;
};

extern struct fpu_config fpu_cfg;

/* core.c: the slab cache and the initial image, once the size is known. */
int fpu_areas_init(void);

#endif /* _ARCH_X86_KERNEL_FPU_INTERNAL_H */
