/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86 SMP internals: the fixed IPI and APIC vectors, the per-CPU descriptor
 * table steps of AP bring-up (gdt.c, idt.c) and the AP trampoline layout.
 * Owned by the SMP code (arch/x86/kernel/smp/).
 */
#ifndef _ASM_X86_SMP_H
#define _ASM_X86_SMP_H

/*
 * Fixed vectors, highest priority class first. Device vectors come from
 * alloc_irq_vector() in [FIRST_DEVICE_VECTOR, LAST_DEVICE_VECTOR].
 * LOCAL_TIMER_VECTOR (0xec) and SPURIOUS_APIC_VECTOR (0xff) are in traps.h.
 */
#define ERROR_APIC_VECTOR	0xfe
#define RESCHEDULE_VECTOR	0xfd
#define CALL_FUNCTION_VECTOR	0xfc
#define TLB_SHOOTDOWN_VECTOR	0xfb
#define FIRST_DEVICE_VECTOR	0x30
#define LAST_DEVICE_VECTOR	0xdf

/*
 * The AP trampoline is copied to TRAMPOLINE_PHYS (a free page below 1 MiB
 * chosen at boot); its data block sits at these offsets from the start
 * and is filled by the boot CPU before each INIT-SIPI-SIPI.
 */
#define TRAMP_GDTR		0x08	/* u16 limit, u32 base (linear) */
#define TRAMP_PM_JUMP		0x10	/* u32 offset, u16 selector */
#define TRAMP_LM_JUMP		0x18	/* u32 offset, u16 selector */
#define TRAMP_CR3		0x20	/* u32: trampoline PML4 (< 4 GiB) */
#define TRAMP_CR4		0x24	/* u32 */
#define TRAMP_EFER		0x28	/* u32: low half of IA32_EFER */
#define TRAMP_CR0		0x2c	/* u32 */
#define TRAMP_KERNEL_CR3	0x30	/* u64: the kernel's PML4 */
#define TRAMP_STACK		0x38	/* u64: initial RSP (top of the stack) */
#define TRAMP_CPU		0x40	/* u64: logical CPU number */
#define TRAMP_ENTRY		0x48	/* u64: ap_start64 (kernel virtual) */
#define TRAMP_GDT		0x50	/* 4 descriptors, 8 bytes each */
#define TRAMP_CODE		0x70	/* real-mode entry (the jump at 0 lands here) */

/* Selectors of the trampoline's own GDT. */
#define TRAMP_CS32		0x08
#define TRAMP_DS32		0x10
#define TRAMP_CS64		0x18

#ifndef __ASSEMBLY__
#include <tessera/types.h>

/* trampoline.S: the code copied to low memory, and the 64-bit landing. */
extern const char trampoline_start[], trampoline_end[];
extern const char trampoline_pm[], trampoline_long[];
void ap_start64(void);

/* gdt.c: an AP's GDT/TSS/IST stacks (prepared by the boot CPU, loaded by it). */
int gdt_prepare_cpu(unsigned int cpu);
void gdt_load_cpu(unsigned int cpu);
/* idt.c: load the shared IDT on the calling CPU. */
void idt_load(void);

/* smpboot.c: C entry of an AP, on its own stack, kernel page tables. */
__noreturn void start_secondary(unsigned long cpu);

/* ipi.c: the IPI vectors' handlers, installed by smp_ipi_init(). */
void smp_ipi_init(void);

#endif /* !__ASSEMBLY__ */

#endif /* _ASM_X86_SMP_H */
