/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The context switch: save the callee-saved registers and the stack pointer
 * of one task, load another's; and the first-run trampoline of new tasks.
 */
#define TASK_RSP	0	/* offsetof(struct task_struct, rsp): first field */

/*
 * struct task_struct *__switch_to_asm(prev %rdi, next %rsi)
 *
 * Everything the C caller may rely on across a call is callee-saved, so
 * six pushes are the whole register state; the FPU is switched in C before
 * this. Returns, in the context of @next, the task switched away from
 * (%rdi is not reloaded, so it is still this call's @prev).
 * Context: interrupts off, the run queue lock held.
 */
	.text
	.globl __switch_to_asm
	.type __switch_to_asm, @function
	.balign 16
__switch_to_asm:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, TASK_RSP(%rdi)
	movq TASK_RSP(%rsi), %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	movq %rdi, %rax
	ret
	.size __switch_to_asm, . - __switch_to_asm

/*
 * A new task's first switch-in "returns" here (see arch_setup_new_task()):
 * %rax = the previous task, %r12 = entry function, %r13 = its argument,
 * %rbp = 0 so call traces end here.
 */
	.globl ret_from_new_task
	.type ret_from_new_task, @function
	.balign 16
ret_from_new_task:
	movq %rax, %rdi
	call schedule_tail
	movq %r13, %rdi
	call *%r12
	ud2			/* task entry functions never return */
	.size ret_from_new_task, . - ret_from_new_task

	.section .note.GNU-stack, "", @progbits
