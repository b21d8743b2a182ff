/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel image layout. The .boot sections (headers, 32-bit entry) sit at
 * their physical address, 1 MiB; everything else runs at KERNEL_VMA + phys.
 * Sections are page aligned so paging_init() can give each its own
 * protection (text RX, rodata R, data and bss RW+NX).
 */
#include <asm/page.h>

OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(_start32)

PHDRS {
	boot PT_LOAD FLAGS(7);
	text PT_LOAD FLAGS(5);
	rodata PT_LOAD FLAGS(4);
	data PT_LOAD FLAGS(6);
}

SECTIONS
{
	. = KERNEL_PHYS;
	_phys_start = .;
	.boot : {
		KEEP(*(.boot.header))
		*(.boot.text)
		*(.boot.rodata)
	} :boot

	. = ALIGN(PAGE_SIZE);
	. += KERNEL_VMA;

	.text : AT(ADDR(.text) - KERNEL_VMA) {
		_text = .;
		*(.text.hot .text.hot.*)
		*(.text .text.*)
		*(.text.unlikely .text.unlikely.*)
		. = ALIGN(PAGE_SIZE);
		_etext = .;
	} :text

	. = ALIGN(PAGE_SIZE);
	.rodata : AT(ADDR(.rodata) - KERNEL_VMA) {
		_rodata = .;
		*(.rodata .rodata.*)
		. = ALIGN(8);
		__start_ktest_suites = .;
		KEEP(*(ktest_suites))
		__stop_ktest_suites = .;
		. = ALIGN(8);
		__start_kparams = .;
		KEEP(*(kparams))
		__stop_kparams = .;
		/* last, so the kallsyms pass does not move anything above */
		. = ALIGN(8);
		KEEP(*(.kallsyms))
		. = ALIGN(PAGE_SIZE);
		_erodata = .;
	} :rodata

	. = ALIGN(PAGE_SIZE);
	.data : AT(ADDR(.data) - KERNEL_VMA) {
		_data = .;
		/* per-CPU prototype: CPU 0's own copy; the APs get copies */
		__per_cpu_start = .;
		KEEP(*(.data..percpu..first))
		*(.data..percpu)
		. = ALIGN(64);
		__per_cpu_end = .;
		*(.data .data.*)
		. = ALIGN(8);
		__start_bug_table = .;
		KEEP(*(bug_table))
		__stop_bug_table = .;
		. = ALIGN(PAGE_SIZE);
		_edata = .;
	} :data
	_load_end_phys = . - KERNEL_VMA;

	. = ALIGN(PAGE_SIZE);
	.bss : AT(ADDR(.bss) - KERNEL_VMA) {
		__bss_start = .;
		*(.bss .bss.*)
		*(COMMON)
		. = ALIGN(PAGE_SIZE);
		__bss_stop = .;
	} :data
	_end = .;
	_bss_end_phys = . - KERNEL_VMA;

	/DISCARD/ : {
		*(.comment) *(.eh_frame) *(.note.gnu.property) *(.note.GNU-stack)
		*(.note.gnu.build-id)
	}
}
