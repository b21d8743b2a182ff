/* SPDX-License-Identifier: GPL-2.0 */
/*
 * FPU/SSE/AVX state: detection, per-CPU enabling, per-task save areas
 * (XSAVE family, FXSAVE fallback) and eager switching. The FPU code
 * (arch/x86/kernel/fpu/) owns this header and adds to it.
 */
#ifndef _ASM_X86_FPU_H
#define _ASM_X86_FPU_H

#include <tessera/types.h>

struct fpu;			/* opaque; its save area is 64-byte aligned */
struct task_struct;

/* Boot CPU: detect XSAVE features, size the area from CPUID 0xd. */
void fpu_init(void);
/* Every CPU (boot CPU after fpu_init, each AP in its init list). */
void fpu_init_cpu(void);

/* A fresh state (the architectural initial state); NULL if out of memory. */
struct fpu *fpu_alloc(void);
void fpu_free(struct fpu *fpu);
/* Copy a task's state (for clone/fork later). */
void fpu_copy(struct fpu *dst, const struct fpu *src);

/*
 * fpu_switch() - eager switch: save @prev's registers, load @next's.
 * Context: the scheduler's context switch, interrupts off.
 */
void fpu_switch(struct task_struct *prev, struct task_struct *next);

/* Let kernel code use SIMD between these (disables preemption). */
void kernel_fpu_begin(void);
void kernel_fpu_end(void);

/* execve: the current task's state and registers back to the initial state. */
void fpu_reset_current(void);

/* Size in bytes of one task's save area. */
size_t fpu_state_size(void);

/* ---- additions by the FPU code (compatible with the contract above) ---- */

/* Alignment every save area honours (XSAVE needs 64, FXSAVE 16). */
#define FPU_AREA_ALIGN		64

/* XCR0 / XSTATE_BV component bits (Intel SDM vol. 1, 13.1). */
#define XFEATURE_X87		(1ULL << 0)
#define XFEATURE_SSE		(1ULL << 1)
#define XFEATURE_AVX		(1ULL << 2)	/* upper halves of ymm0-15 */
#define XFEATURE_OPMASK		(1ULL << 5)	/* AVX-512 k0-k7 */
#define XFEATURE_ZMM_HI256	(1ULL << 6)	/* upper halves of zmm0-15 */
#define XFEATURE_HI16_ZMM	(1ULL << 7)	/* zmm16-31 */
#define XFEATURE_AVX512		(XFEATURE_OPMASK | XFEATURE_ZMM_HI256 | \
				 XFEATURE_HI16_ZMM)
#define XCOMP_BV_COMPACTED	(1ULL << 63)	/* XSAVE header: compacted format */

/* Architectural initial values (FNINIT / XRSTOR of an init component). */
#define FPU_INIT_FCW		0x037f	/* all x87 exceptions masked, 64-bit precision */
#define FPU_INIT_MXCSR		0x1f80	/* all SSE exceptions masked, round to nearest */

/**
 * struct fxsave_legacy - the 512-byte FXSAVE image, also the first 512
 * bytes of every XSAVE area (standard or compacted)
 * @fcw: x87 control word
 * @fsw: x87 status word
 * @ftw: abridged tag word, one bit per register, 1 = valid (0 = all empty)
 * @fop: last x87 opcode
 * @fip: last x87 instruction pointer (64-bit form)
 * @fdp: last x87 data pointer (64-bit form)
 * @mxcsr: SSE control/status
 * @mxcsr_mask: bits of MXCSR the CPU supports (saved, ignored on restore)
 * @st: st0-7 / mm0-7, 10 bytes used of each 16
 * @xmm: xmm0-15
 */
struct fxsave_legacy {
	u16 fcw;
	u16 fsw;
	u8 ftw;
	u8 reserved0;
	u16 fop;
	u64 fip;
	u64 fdp;
	u32 mxcsr;
	u32 mxcsr_mask;
	u8 st[8][16];
	u8 xmm[16][16];
	u8 reserved1[96];
} __packed;

/**
 * struct xsave_header - the 64 bytes after the legacy region (XSAVE only)
 * @xstate_bv: components whose saved values are valid; a clear bit means
 *	the component is in its initial state (XRSTOR initialises it)
 * @xcomp_bv: bit 63 set: compacted format, bits 62:0 the components laid
 *	out; 0 for the standard format
 * @reserved: must be zero or XRSTOR faults
 */
struct xsave_header {
	u64 xstate_bv;
	u64 xcomp_bv;
	u64 reserved[6];
} __packed;

/* Save-area formats, weakest first; fpu_method() says which is in use. */
enum fpu_method {
	FPU_FXSAVE,		/* FXSAVE/FXRSTOR, 512 bytes, x87 + SSE */
	FPU_XSAVE,		/* XSAVE/XRSTOR, standard format */
	FPU_XSAVEOPT,		/* XSAVEOPT/XRSTOR, standard format */
	FPU_XSAVES,		/* XSAVES/XRSTORS, compacted format */
};

enum fpu_method fpu_method(void);
/* XCR0 as written on every CPU (x87|SSE for FXSAVE). */
u64 fpu_xfeatures(void);

/*
 * fpu_area() - the save area of @fpu (FPU_AREA_ALIGN aligned); the legacy
 * region is at its start in every format. Only meaningful while the state
 * is not live in a CPU's registers (a task switched out, or after
 * fpu_save()).
 */
void *fpu_area(struct fpu *fpu);

/*
 * fpu_save() / fpu_restore() - move this CPU's registers to @fpu / load
 * them from @fpu, in the current format. Low level: the caller owns the
 * registers (between kernel_fpu_begin() and kernel_fpu_end(), or in the
 * context switch), so nobody else's state is lost.
 * Context: preemption disabled.
 */
void fpu_save(struct fpu *fpu);
void fpu_restore(const struct fpu *fpu);

/* ---- signal frames (added by the signals code, arch/x86/kernel/fpu/signal.c) ---- */

#define FP_XSTATE_MAGIC1	0x46505853U	/* in fpu_sw_bytes: an XSAVE image */
#define FP_XSTATE_MAGIC2	0x46505845U	/* right after the XSAVE image */
#define FP_XSTATE_MAGIC2_SIZE	4

/**
 * struct fpu_sw_bytes - bytes 464..511 of the FXSAVE image in a Linux
 * x86-64 signal frame (software-reserved; the CPU ignores them)
 * @magic1: FP_XSTATE_MAGIC1 when an XSAVE image follows the legacy part
 * @extended_size: @xstate_size + FP_XSTATE_MAGIC2_SIZE
 * @xfeatures: the XSAVE features present in the image
 * @xstate_size: bytes of the XSAVE image (standard format)
 * @padding: zero
 */
struct fpu_sw_bytes {
	u32 magic1;
	u32 extended_size;
	u64 xfeatures;
	u32 xstate_size;
	u32 padding[7];
} __packed;

/* Bytes of the user-format image (XSAVE: standard format + MAGIC2). */
size_t fpu_sigframe_size(void);
/* Save the current task's registers into @buf (64-byte aligned), user format. */
void fpu_sigframe_save(void *buf);
/* Bytes of a user image to read, from its first 512 (FXSAVE-only: 512). */
size_t fpu_sigframe_len(const void *legacy);
/* Validate @buf (@len bytes read) and load it: 0 or -EINVAL. */
int fpu_sigframe_restore(void *buf, size_t len);
/* Load the initial state (a signal handler's start). */
void fpu_sigframe_reset(void);

#endif /* _ASM_X86_FPU_H */
