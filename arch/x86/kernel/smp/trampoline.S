/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AP trampoline: real mode -> protected mode -> long mode, copied to a low
 * page by smpboot.c; then ap_start64 switches to the kernel's tables.
 *
 * The startup IPI starts the AP in real mode at CS = page >> 4, IP = 0.
 * Everything it needs is in the data block at the start of the page (the
 * offsets are in asm/smp.h), filled by the boot CPU: a small GDT with 32-
 * and 64-bit code, far pointers holding linear addresses, CR0/CR3/CR4 and
 * EFER values, and for the 64-bit part the kernel CR3, the stack, the CPU
 * number and the address of ap_start64.
 *
 * The code only reads the page once paging is on (no stack, no writes), so
 * the trampoline page tables map the page read-only and executable.
 */
#include <asm/processor.h>
#include <asm/smp.h>

	.section .rodata.trampoline, "a"
	.code16
	.globl trampoline_start
trampoline_start:
	jmp	tr_real			/* offset 0: the SIPI entry point */

	.org	TRAMP_GDTR
	.word	0			/* limit */
	.long	0			/* linear base */
	.org	TRAMP_PM_JUMP
	.long	0			/* linear address of tr_pm */
	.word	TRAMP_CS32
	.org	TRAMP_LM_JUMP
	.long	0			/* linear address of tr_long */
	.word	TRAMP_CS64
	.org	TRAMP_CR3
	.long	0
	.org	TRAMP_CR4
	.long	0
	.org	TRAMP_EFER
	.long	0
	.org	TRAMP_CR0
	.long	0
	.org	TRAMP_KERNEL_CR3
	.quad	0
	.org	TRAMP_STACK
	.quad	0
	.org	TRAMP_CPU
	.quad	0
	.org	TRAMP_ENTRY
	.quad	0
	.org	TRAMP_GDT
	.quad	0			/* null */
	.quad	0x00cf9a000000ffff	/* 0x08: 32-bit code, flat 4 GiB */
	.quad	0x00cf92000000ffff	/* 0x10: data, flat 4 GiB */
	.quad	0x00af9a000000ffff	/* 0x18: 64-bit code (L=1) */

	.org	TRAMP_CODE
tr_real:
	cli
	cld
	movw	%cs, %ax
	movw	%ax, %ds		/* data block at %ds:0 */
	xorl	%ebx, %ebx
	movw	%ax, %bx
	shll	$4, %ebx		/* %ebx = linear base of the page */
	lgdtl	TRAMP_GDTR
	movl	%cr0, %eax
	orl	$1, %eax		/* PE */
	movl	%eax, %cr0
	ljmpl	*TRAMP_PM_JUMP

	.code32
	.globl trampoline_pm
trampoline_pm:
	movw	$TRAMP_DS32, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	movl	TRAMP_CR4(%ebx), %eax	/* PAE (and PGE) */
	movl	%eax, %cr4
	movl	TRAMP_CR3(%ebx), %eax	/* trampoline PML4 */
	movl	%eax, %cr3
	movl	$MSR_EFER, %ecx
	movl	TRAMP_EFER(%ebx), %eax	/* LME, NXE (+ SCE) */
	xorl	%edx, %edx
	wrmsr
	movl	TRAMP_CR0(%ebx), %eax	/* PG, PE, WP, ... : long mode on */
	movl	%eax, %cr0
	ljmpl	*TRAMP_LM_JUMP(%ebx)

	.code64
	.globl trampoline_long
trampoline_long:
	movl	%ebx, %ebx		/* zero-extend the base */
	movq	TRAMP_ENTRY(%rbx), %rax
	jmpq	*%rax			/* ap_start64, in the kernel image */

	.globl trampoline_end
trampoline_end:

/*
 * ap_start64 - first kernel-address instruction of an AP
 * %rbx: the trampoline page (identity mapped in the trampoline tables)
 *
 * Reads the stack and CPU number, switches to the kernel's page tables
 * (which drop the identity page) and calls start_secondary(cpu) with a
 * zero frame pointer and return address so traces end there.
 */
	.text
	.globl ap_start64
	.type ap_start64, @function
ap_start64:
	movq	TRAMP_STACK(%rbx), %rsp
	movq	TRAMP_CPU(%rbx), %rdi
	movq	TRAMP_KERNEL_CR3(%rbx), %rax
	movq	%rax, %cr3
	xorl	%ebp, %ebp
	pushq	$0
	jmp	start_secondary
	.size ap_start64, . - ap_start64
