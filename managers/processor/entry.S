/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The `syscall` entry and return, the first entry into user mode, and the
 * user-copy primitives with their exception table.
 *
 * GS: the kernel never executes swapgs. GS_BASE stays the per-CPU header
 * in user mode too (user code cannot read it: the pages are supervisor
 * only), so every entry path already has its per-CPU data. TODO: swapgs
 * and a user GS base (no libc we target uses GS).
 *
 * Stack switch without a scratch register: with interrupts off (FMASK
 * clears IF) the per-CPU kernel_stack_top slot is exchanged with %rsp, the
 * user %rsp is pushed from it, and the slot is written back.
 */
#include <asm/percpu.h>
#include <asm/ptrace.h>
#include <asm/traps.h>

#define USER_RIP_LIMIT	0x00007ffffffff000

	.text
	.balign 16
	.globl syscall_entry
	.type syscall_entry, @function
syscall_entry:
	xchgq %rsp, %gs:PERCPU_HDR_KSTACK_TOP	/* kernel stack; slot = user rsp */
	pushq $__USER_DS			/* ss */
	pushq %gs:PERCPU_HDR_KSTACK_TOP		/* rsp */
	pushq %r11				/* rflags */
	pushq $__USER_CS			/* cs */
	pushq %rcx				/* rip */
	pushq $0				/* error code */
	pushq $-1				/* vector: not a trap */
	PUSH_PT_REGS
	leaq PT_SIZE(%rsp), %rax
	movq %rax, %gs:PERCPU_HDR_KSTACK_TOP	/* put the slot back */
	cld
	movq %rsp, %rdi				/* struct pt_regs * */
	pushq PT_RIP(%rdi)			/* frame record for the unwinder */
	pushq %rbp
	movq %rsp, %rbp
	sti
	call do_syscall			/* returns with interrupts off */
	cli
	addq $16, %rsp
	/* sysret only to a canonical user rip with the user selectors */
	movq PT_RIP(%rsp), %rcx
	movabsq $USER_RIP_LIMIT, %r11
	cmpq %r11, %rcx
	jae pm_iret_restore
	cmpq $__USER_CS, PT_CS(%rsp)
	jne pm_iret_restore
	/* sysret loads rcx/r11 from rip/rflags: a frame where they differ
	 * (rt_sigreturn restored them) needs iretq */
	cmpq PT_RCX(%rsp), %rcx
	jne pm_iret_restore
	movq PT_R11(%rsp), %r11
	cmpq PT_RFLAGS(%rsp), %r11
	jne pm_iret_restore
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbp
	popq %rbx
	addq $8, %rsp				/* r11: gets rflags */
	popq %r10
	popq %r9
	popq %r8
	popq %rax
	addq $8, %rsp				/* rcx: gets rip */
	popq %rdx
	popq %rsi
	popq %rdi
	movq 16(%rsp), %rcx			/* rip */
	movq 32(%rsp), %r11			/* rflags */
	movq 40(%rsp), %rsp			/* user rsp; interrupts still off */
	sysretq
	.size syscall_entry, . - syscall_entry

/*
 * pm_enter_user(regs) - load a full struct pt_regs and iretq to it.
 * Also the slow return path of syscall_entry (%rsp = pt_regs).
 */
	.balign 16
	.globl pm_enter_user
	.type pm_enter_user, @function
pm_enter_user:
	cli
	movq %rdi, %rsp
	.globl pm_iret_restore
pm_iret_restore:
	POP_PT_REGS				/* and vector, error code */
	iretq
	.size pm_enter_user, . - pm_enter_user

/*
 * unsigned long __copy_user_asm(void *dst, const void *src, unsigned long len)
 * unsigned long __clear_user_asm(void *dst, unsigned long len)
 * Return the number of bytes NOT done (0 on success); a fault on the user
 * side lands in the fixup with %rcx = bytes left.
 */
	.balign 16
	.globl __copy_user_asm
	.type __copy_user_asm, @function
__copy_user_asm:
	movq %rdx, %rcx
.Lcopy_insn:
	rep movsb
	xorl %eax, %eax
	ret
.Lcopy_fixup:
	movq %rcx, %rax
	ret
	.size __copy_user_asm, . - __copy_user_asm

	.balign 16
	.globl __clear_user_asm
	.type __clear_user_asm, @function
__clear_user_asm:
	movq %rsi, %rcx
	xorl %eax, %eax
.Lclear_insn:
	rep stosb
	ret
.Lclear_fixup:
	movq %rcx, %rax
	ret
	.size __clear_user_asm, . - __clear_user_asm

/* int __get_user_u8(u8 *dst, const u8 *src): 0 or -EFAULT (-14) */
	.balign 16
	.globl __get_user_u8
	.type __get_user_u8, @function
__get_user_u8:
.Lget_insn:
	movb (%rsi), %al
	movb %al, (%rdi)
	xorl %eax, %eax
	ret
.Lget_fixup:
	movl $-14, %eax
	ret
	.size __get_user_u8, . - __get_user_u8

/*
 * int __futex_cmpxchg_user(u32 *uaddr, u32 old, u32 new, u32 *cur):
 * lock cmpxchg on a user word; *cur gets the value found there (equal to
 * @old when the exchange happened). 0 or -EFAULT (-14).
 */
	.balign 16
	.globl __futex_cmpxchg_user
	.type __futex_cmpxchg_user, @function
__futex_cmpxchg_user:
	movl %esi, %eax
.Lcmpxchg_insn:
	lock cmpxchgl %edx, (%rdi)
	movl %eax, (%rcx)
	xorl %eax, %eax
	ret
.Lcmpxchg_fixup:
	movl $-14, %eax
	ret
	.size __futex_cmpxchg_user, . - __futex_cmpxchg_user

/* The exception table: faulting instruction, where to continue. */
	.section .rodata, "a"
	.balign 8
	.globl pm_extable
pm_extable:
	.quad .Lcopy_insn, .Lcopy_fixup
	.quad .Lclear_insn, .Lclear_fixup
	.quad .Lget_insn, .Lget_fixup
	.quad .Lcmpxchg_insn, .Lcmpxchg_fixup
	.globl pm_extable_end
pm_extable_end:

	.section .note.GNU-stack, "", @progbits
