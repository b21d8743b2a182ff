/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Arch entry points of early boot: the loader-info parser and the C entry
 * called from head.S.
 */
#ifndef _ASM_X86_BOOTINFO_H
#define _ASM_X86_BOOTINFO_H

#include <tessera/types.h>

int parse_boot_info(u32 magic, u32 info);
void x86_64_start_kernel(u32 magic, u32 info);

/* Boot stack from head.S (16 KiB, in .bss). */
extern char boot_stack_bottom[], boot_stack_top[];

#endif /* _ASM_X86_BOOTINFO_H */
