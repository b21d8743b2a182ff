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
#define PT_VECTOR	120
#define PT_ERROR_CODE	128
#define PT_RIP		136
#define PT_CS		144
#define PT_RSP		160
#define PT_SIZE		176

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
