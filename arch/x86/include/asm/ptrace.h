/* SPDX-License-Identifier: GPL-2.0 */
/*
 * struct pt_regs: the register frame every trap and interrupt entry saves
 * on the kernel stack, in push order (the hardware frame last).
 */
#ifndef _ASM_X86_PTRACE_H
#define _ASM_X86_PTRACE_H

/*
 * Byte offsets of the fields, for entry.S; traps.c asserts they match the
 * struct below.
 */
#define PT_R15		0
#define PT_RBP		32
#define PT_R11		48
#define PT_RCX		88
#define PT_VECTOR	120
#define PT_ERROR_CODE	128
#define PT_RIP		136
#define PT_CS		144
#define PT_RFLAGS	152
#define PT_RSP		160
#define PT_SIZE		176

#ifdef __ASSEMBLY__
/* Push the general registers of struct pt_regs (after vector, error code). */
.macro PUSH_PT_REGS
	pushq %rdi
	pushq %rsi
	pushq %rdx
	pushq %rcx
	pushq %rax
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %rbx
	pushq %rbp
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
.endm

/* Pop them again, then drop vector and error code: iretq frame on top. */
.macro POP_PT_REGS
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbp
	popq %rbx
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rax
	popq %rcx
	popq %rdx
	popq %rsi
	popq %rdi
	addq $16, %rsp
.endm
#endif

#ifndef __ASSEMBLY__
#include <tessera/types.h>

struct pt_regs {
	u64 r15, r14, r13, r12, rbp, rbx, r11, r10;
	u64 r9, r8, rax, rcx, rdx, rsi, rdi;
	u64 vector;		/* trap or interrupt vector */
	u64 error_code;		/* hardware error code, or 0 */
	/* pushed by the CPU */
	u64 rip, cs, rflags, rsp, ss;
};

static inline bool user_mode(const struct pt_regs *regs)
{
	return (regs->cs & 3) == 3;
}
#endif /* __ASSEMBLY__ */

#endif /* _ASM_X86_PTRACE_H */
