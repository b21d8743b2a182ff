/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The first instructions: boot-loader headers (multiboot2 for GRUB,
 * multiboot1 with the a.out kludge for QEMU -kernel), the 32-bit entry,
 * early page tables and the switch to 64-bit long mode at the higher half.
 *
 * Both loaders enter _start32 in 32-bit protected mode, paging off, with
 * the magic in %eax and the physical address of their info in %ebx. We
 * build tables that map the first 4 GiB of RAM three times — identity (to
 * survive turning paging on), at the direct map PAGE_OFFSET, and the first
 * 1 GiB at KERNEL_VMA — enable PAE, LME, NXE and paging, and jump to
 * x86_64_start_kernel(magic, info) on the boot stack. paging_init() later
 * replaces these tables.
 */
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/traps.h>

#define MB2_MAGIC		0xe85250d6
#define MB2_ARCH_I386		0
#define MB1_MAGIC		0x1badb002
#define MB1_FLAGS		0x00010003	/* page-align mods, mem info, a.out kludge */
#define PA(x)			((x) - KERNEL_VMA)

#define PTE_P			0x001
#define PTE_W			0x002
#define PTE_PS			0x080

	.section .boot.header, "a"
	.balign 8
mb2_header:
	.long	MB2_MAGIC
	.long	MB2_ARCH_I386
	.long	mb2_header_end - mb2_header
	.long	-(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
	/* information request tag: cmdline, modules, mmap, loader name, ACPI */
	.balign 8
	.word	1, 0
	.long	8 + 4 * 6
	.long	1, 3, 6, 2, 14, 15
	.balign 8
	/* end tag */
	.word	0, 0
	.long	8
mb2_header_end:

	.balign 4
mb1_header:
	.long	MB1_MAGIC
	.long	MB1_FLAGS
	.long	-(MB1_MAGIC + MB1_FLAGS)
	.long	mb1_header			/* header_addr (physical: .boot is VMA=LMA) */
	.long	_phys_start			/* load_addr */
	.long	_load_end_phys			/* load_end_addr */
	.long	_bss_end_phys			/* bss_end_addr */
	.long	_start32			/* entry_addr */

	.section .boot.text, "ax"
	.code32
	.globl	_start32
_start32:
	cli
	cld
	movl	%eax, %edi			/* loader magic: 1st C argument */
	movl	%ebx, %esi			/* loader info: 2nd C argument */
	movl	$PA(boot_stack_top), %esp

	/* Long mode and NX must exist, or there is nothing to do. */
	movl	$0x80000000, %eax
	cpuid
	cmpl	$0x80000001, %eax
	jb	no_long_mode
	movl	$0x80000001, %eax
	cpuid
	testl	$(1 << 29), %edx
	jz	no_long_mode
	testl	$(1 << 20), %edx
	jz	no_long_mode

	/* Four page directories of 2 MiB pages: physical 0 - 4 GiB. */
	movl	$PA(early_pd), %ebx
	xorl	%ecx, %ecx
1:	movl	%ecx, %eax
	shll	$21, %eax
	orl	$(PTE_P | PTE_W | PTE_PS), %eax
	movl	%eax, (%ebx, %ecx, 8)
	movl	%ecx, %eax
	shrl	$11, %eax			/* bits 32+ of (ecx << 21) */
	movl	%eax, 4(%ebx, %ecx, 8)
	incl	%ecx
	cmpl	$(4 * 512), %ecx
	jb	1b

	/* PDPT for identity and direct map: 4 entries, one per PD. */
	movl	$PA(early_pdpt_low), %ebx
	movl	$PA(early_pd), %eax
	orl	$(PTE_P | PTE_W), %eax
	movl	%eax, 0(%ebx)
	addl	$4096, %eax
	movl	%eax, 8(%ebx)
	addl	$4096, %eax
	movl	%eax, 16(%ebx)
	addl	$4096, %eax
	movl	%eax, 24(%ebx)

	/* PDPT for the kernel image: entry 510 (-2 GiB) maps the first GiB. */
	movl	$PA(early_pdpt_high), %ebx
	movl	$PA(early_pd), %eax
	orl	$(PTE_P | PTE_W), %eax
	movl	%eax, 510 * 8(%ebx)

	/* PML4: 0 identity, 256 direct map, 511 kernel image. */
	movl	$PA(early_pml4), %ebx
	movl	$PA(early_pdpt_low), %eax
	orl	$(PTE_P | PTE_W), %eax
	movl	%eax, 0(%ebx)
	movl	%eax, 256 * 8(%ebx)
	movl	$PA(early_pdpt_high), %eax
	orl	$(PTE_P | PTE_W), %eax
	movl	%eax, 511 * 8(%ebx)

	movl	%cr4, %eax
	orl	$X86_CR4_PAE, %eax
	movl	%eax, %cr4
	movl	$PA(early_pml4), %eax
	movl	%eax, %cr3

	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$(EFER_LME | EFER_NXE), %eax
	wrmsr

	movl	%cr0, %eax
	orl	$0x80010001, %eax		/* PG | WP | PE */
	movl	%eax, %cr0

	lgdt	early_gdt_ptr
	ljmp	$__KERNEL_CS, $start64_low

no_long_mode:
	/* Say why on COM1, then stop. */
	movl	$no_lm_msg, %esi
2:	lodsb
	testb	%al, %al
	jz	3f
	movw	$0x3f8, %dx
	outb	%al, %dx
	jmp	2b
3:	hlt
	jmp	3b

	.code64
start64_low:
	movabsq	$start64, %rax
	jmp	*%rax

	.section .boot.rodata, "a"
no_lm_msg:
	.asciz	"Tessera: this CPU lacks 64-bit long mode or NX; cannot boot.\r\n"

	.balign 16
early_gdt:
	.quad	0				/* null */
	.quad	0x00af9a000000ffff		/* 0x08: 64-bit kernel code */
	.quad	0x00cf92000000ffff		/* 0x10: kernel data */
early_gdt_end:
early_gdt_ptr:
	.word	early_gdt_end - early_gdt - 1
	.long	early_gdt
early_gdt_ptr_high:
	.word	early_gdt_end - early_gdt - 1
	.quad	early_gdt + KERNEL_VMA

	.text
	.globl	start64
start64:
	lgdt	early_gdt_ptr_high
	movl	$__KERNEL_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	xorl	%eax, %eax
	movl	%eax, %fs
	movl	%eax, %gs
	movabsq	$boot_stack_top, %rsp
	xorl	%ebp, %ebp			/* end of the frame-pointer chain */
	/* %edi = magic, %esi = info: zero-extended by the 32-bit moves */
	call	x86_64_start_kernel
4:	cli
	hlt
	jmp	4b

	.section .bss
	.balign	PAGE_SIZE
	.globl	early_pml4
early_pml4:
	.skip	PAGE_SIZE
early_pdpt_low:
	.skip	PAGE_SIZE
early_pdpt_high:
	.skip	PAGE_SIZE
early_pd:
	.skip	4 * PAGE_SIZE
	.globl	boot_stack_bottom, boot_stack_top
boot_stack_bottom:
	.skip	4 * PAGE_SIZE
boot_stack_top:

	.section .note.GNU-stack, "", @progbits
