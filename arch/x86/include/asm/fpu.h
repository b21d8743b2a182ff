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

/* Size in bytes of one task's save area. */
size_t fpu_state_size(void);

#endif /* _ASM_X86_FPU_H */
