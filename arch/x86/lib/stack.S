/* SPDX-License-Identifier: GPL-2.0 */
/*
 * call_on_stack(base, size, fn): move to a new stack and call fn there.
 */
	.text
	.globl	call_on_stack
call_on_stack:
	testq	%rdi, %rdi
	jz	2f
	leaq	(%rdi, %rsi), %rsp		/* top of the new stack */
	andq	$-16, %rsp
	xorl	%ebp, %ebp			/* end of the frame chain */
	call	*%rdx
2:	ud2					/* no stack, or fn returned */

	.section .note.GNU-stack, "", @progbits
