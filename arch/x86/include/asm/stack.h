/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Switching stacks: start a function on a fresh kernel stack.
 */
#ifndef _ASM_X86_STACK_H
#define _ASM_X86_STACK_H

#include <tessera/compiler.h>

/*
 * Call @fn on the stack [@base, @base + @size); @fn must not return. The
 * frame-pointer chain ends there (rbp = 0) so unwinds stop cleanly.
 */
__noreturn void call_on_stack(void *base, unsigned long size, void (*fn)(void));

#endif /* _ASM_X86_STACK_H */
