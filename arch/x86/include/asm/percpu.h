/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86-64 per-CPU data: GS base points at this CPU's struct percpu_hdr, the
 * first thing in its per-CPU area. The few fields every path needs (the CPU
 * number, current task, preempt count) are read with one %gs-relative load.
 */
#ifndef _ASM_X86_PERCPU_H
#define _ASM_X86_PERCPU_H

#define PERCPU_HDR_SELF		0	/* offsets used by assembly */
#define PERCPU_HDR_OFFSET	8
#define PERCPU_HDR_CPU		16
#define PERCPU_HDR_CURRENT	24
#define PERCPU_HDR_PREEMPT	32
#define PERCPU_HDR_KSTACK_TOP	40

#ifndef __ASSEMBLY__
#include <tessera/types.h>
#include <tessera/compiler.h>

struct task_struct;

/**
 * struct percpu_hdr - the head of each CPU's per-CPU area (GS base)
 * @self: the address of this header (lets C get a plain pointer)
 * @offset: add to a DEFINE_PER_CPU variable's address to reach this CPU's copy
 * @cpu: this CPU's logical number, 0 = boot CPU
 * @current: the task running here
 * @preempt_count: >0 disables preemption (see <tessera/preempt.h>)
 * @kernel_stack_top: top of the running task's kernel stack (for syscalls later)
 */
struct percpu_hdr {
	struct percpu_hdr *self;
	unsigned long offset;
	unsigned int cpu;
	unsigned int _pad;
	struct task_struct *current;
	int preempt_count;
	int _pad2;
	unsigned long kernel_stack_top;
};

#define __percpu_hdr_read(field, type) ({				\
	type __v;							\
	__asm__ __volatile__("mov %%gs:%c1, %0" : "=r"(__v)		\
			     : "i"(offsetof(struct percpu_hdr, field)));\
	__v;								\
})

#define __percpu_hdr_write(field, v) do {				\
	__typeof__(((struct percpu_hdr *)0)->field) __v = (v);		\
	__asm__ __volatile__("mov %0, %%gs:%c1" : : "r"(__v),		\
			     "i"(offsetof(struct percpu_hdr, field)) : "memory"); \
} while (0)

static __always_inline struct percpu_hdr *this_cpu_hdr(void)
{
	return __percpu_hdr_read(self, struct percpu_hdr *);
}

static __always_inline unsigned long this_cpu_offset(void)
{
	return __percpu_hdr_read(offset, unsigned long);
}
#endif /* !__ASSEMBLY__ */

#endif /* _ASM_X86_PERCPU_H */
