/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exception and interrupt entry: one small stub per vector, all funnelling
 * into trap_entry_common, which saves a struct pt_regs and calls C.
 *
 * Stack at the C call, from high to low addresses:
 *
 *   ss, rsp, rflags, cs, rip      pushed by the CPU
 *   error code                    by the CPU, or 0 pushed by the stub
 *   vector                        by the stub
 *   rdi ... r15                   by trap_entry_common   <- struct pt_regs *
 *   interrupted rip               \ a frame record, so the frame-pointer
 *   interrupted rbp   <- %rbp     / chain runs on through the trap
 *   return address (entry_trap_return)
 *
 * The unwinder recognises entry_trap_return as the return address and finds
 * the pt_regs 16 bytes above the frame record that %rbp points to.
 *
 * TODO(user mode): swapgs on entry from and exit to ring 3, once there is a
 * user GS base. Today every entry comes from ring 0.
 */
#include <asm/ptrace.h>
#include <asm/traps.h>

/* Vectors for which the CPU pushes an error code. */
#define HAS_ERROR_CODE(v) \
	((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || \
	 (v) == 29 || (v) == 30)

	.section .rodata, "a"
	.balign 8
	.globl entry_stub_table
	.type entry_stub_table, @object
entry_stub_table:

	.text
	.balign 16
	.globl irq_entry_stubs
	.type irq_entry_stubs, @function
irq_entry_stubs:
	.Lvector = 0
	.rept NR_VECTORS
	.balign 16
1:
	.if HAS_ERROR_CODE(.Lvector) == 0
	pushq $0
	.endif
	pushq $.Lvector
	jmp trap_entry_common
	.pushsection .rodata, "a"
	.quad 1b
	.popsection
	.Lvector = .Lvector + 1
	.endr
	.size irq_entry_stubs, . - irq_entry_stubs

	.pushsection .rodata, "a"
	.size entry_stub_table, . - entry_stub_table
	.popsection

	.balign 16
	.type trap_entry_common, @function
trap_entry_common:
	cld
	PUSH_PT_REGS
	movq %rsp, %rdi			/* struct pt_regs * */
	pushq PT_RIP(%rdi)		/* frame record of the interrupted code */
	pushq %rbp
	movq %rsp, %rbp
	call trap_dispatch
	.globl entry_trap_return
entry_trap_return:
	addq $16, %rsp			/* drop the frame record */
	POP_PT_REGS				/* and vector, error code */
	iretq
	.size trap_entry_common, . - trap_entry_common

	.section .note.GNU-stack, "", @progbits
