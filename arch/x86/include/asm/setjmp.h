/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Non-local jumps inside the kernel (arch/x86/lib/setjmp.S). Only the test
 * runner uses them, to resume after an oops a test provoked on purpose.
 */
#ifndef _ASM_X86_SETJMP_H
#define _ASM_X86_SETJMP_H

#include <tessera/compiler.h>

struct kjmp_buf {
	unsigned long regs[8];
};

__attribute__((returns_twice)) int kernel_setjmp(struct kjmp_buf *buf);
__noreturn void kernel_longjmp(struct kjmp_buf *buf, int val);

#endif /* _ASM_X86_SETJMP_H */
