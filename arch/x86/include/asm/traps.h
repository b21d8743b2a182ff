/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The IDT, the GDT/TSS and the trap/interrupt dispatch interface, plus the
 * register-dump and frame-pointer unwinder used by oops reports.
 */
#ifndef _ASM_X86_TRAPS_H
#define _ASM_X86_TRAPS_H

#ifndef __ASSEMBLY__
#include <asm/ptrace.h>
#endif

#define X86_TRAP_DE		0	/* divide error */
#define X86_TRAP_DB		1
#define X86_TRAP_NMI		2
#define X86_TRAP_BP		3
#define X86_TRAP_OF		4
#define X86_TRAP_BR		5
#define X86_TRAP_UD		6	/* invalid opcode (also BUG()) */
#define X86_TRAP_NM		7
#define X86_TRAP_DF		8	/* double fault: own IST stack */
#define X86_TRAP_TS		10
#define X86_TRAP_NP		11
#define X86_TRAP_SS		12
#define X86_TRAP_GP		13
#define X86_TRAP_PF		14
#define X86_TRAP_MF		16
#define X86_TRAP_AC		17
#define X86_TRAP_MC		18
#define X86_TRAP_XF		19
#define X86_TRAP_VE		20
#define X86_TRAP_CP		21

#define NR_EXCEPTION_VECTORS	32
#define FIRST_EXTERNAL_VECTOR	32
#define NR_VECTORS		256
#define SPURIOUS_APIC_VECTOR	0xff
#define LOCAL_TIMER_VECTOR	0xec

/* Segment selectors in the GDT. */
#define __KERNEL_CS		0x08
#define __KERNEL_DS		0x10
#define __USER_DS		0x1b	/* 0x18 | RPL 3 */
#define __USER_CS		0x23	/* 0x20 | RPL 3 */
#define GDT_ENTRY_TSS		5	/* selector 0x28, 16 bytes */
#define __TSS_SEL		(GDT_ENTRY_TSS * 8)

/* Interrupt stack table slots (1-based, as the IDT gate encodes them). */
#define IST_DF			1	/* double fault */
#define IST_NMI			2
#define IST_MC			3	/* machine check */
#define NR_IST_USED		3

/* Page-fault error code bits (pushed by the CPU for #PF). */
#define X86_PF_PROT		(1UL << 0)	/* 0: not-present page, 1: protection */
#define X86_PF_WRITE		(1UL << 1)
#define X86_PF_USER		(1UL << 2)
#define X86_PF_RSVD		(1UL << 3)	/* reserved bit set in a paging entry */
#define X86_PF_INSTR		(1UL << 4)	/* instruction fetch */
#define X86_PF_PK		(1UL << 5)	/* protection key */
#define X86_PF_SHSTK		(1UL << 6)	/* shadow-stack access */
#define X86_PF_SGX		(1UL << 15)

#ifndef __ASSEMBLY__
#include <tessera/compiler.h>

/* Load the final GDT (with TSS and IST stacks) and the IDT. */
void trap_init(void);

/*
 * Give the double-fault IST stack and the boot CPU's TSS stacks their
 * guarded vmalloc stacks, once vmalloc works.
 */
void trap_init_late(void);

typedef void (*irq_handler_t)(struct pt_regs *regs);
/*
 * Route interrupt @vector (>= FIRST_EXTERNAL_VECTOR) to @handler; the entry
 * code acknowledges nothing — the handler sends its own EOI.
 * Returns 0, -EINVAL (exception vector, > 0xff, NULL handler) or -EBUSY.
 * Without a handler, the spurious vector 0xff is counted silently and any
 * other vector is counted and reported once.
 */
int request_vector(unsigned int vector, irq_handler_t handler);
/* Remove the handler of @vector (it then counts as unexpected again). */
void free_vector(unsigned int vector);
/* How often @vector arrived with no handler registered. */
unsigned long unexpected_vector_count(unsigned int vector);

/*
 * set_kernel_stack() - tell the CPU and the unwinder which stack this CPU's
 * kernel code now runs on: [@base, @base + @size). Sets TSS.rsp0 to the top,
 * so a later ring 3 -> ring 0 entry lands there, and lets the oops unwinder
 * bound frame walks and recognise a hit on the guard page below @base.
 * Call it right after switching stacks (the lead's init/main.c does, after
 * alloc_kernel_stack(); later the scheduler on every context switch).
 */
void set_kernel_stack(unsigned long base, unsigned long size);

/*
 * Reports (arch/x86/kernel/dumpstack.c). @lvl is a KERN_* prefix. All of
 * them read memory only after checking it is mapped, so they never fault.
 */
void show_regs(const char *lvl, const struct pt_regs *regs);
void show_stack_words(const char *lvl, unsigned long sp);
void show_code(const char *lvl, unsigned long ip);
void show_trace(const char *lvl, unsigned long fp, unsigned long sp);
void show_trace_regs(const char *lvl, const struct pt_regs *regs);

/* A stack this CPU may run on, for the unwinder. */
struct stack_info {
	unsigned long begin;	/* lowest usable address */
	unsigned long end;	/* one past the highest */
	const char *name;	/* "IST-DF", "kernel", ... */
	bool guarded;		/* an unmapped guard page lies below @begin */
};

/*
 * get_stack_info() - the stack that contains @sp; a stack nobody registered
 * is assumed to be at most THREAD_SIZE bytes above @sp (reads are still
 * checked page by page). Returns false if @sp is not a kernel address.
 */
bool get_stack_info(unsigned long sp, struct stack_info *info);

/* Whether [@addr, @addr + @len) is mapped in the current page tables. */
bool kernel_range_mapped(unsigned long addr, unsigned long len);

/*
 * stack_trace_save_fp() - walk frame pointers from @fp (a frame on the stack
 * holding @sp), store up to @max return addresses in @pcs; returns how many.
 */
unsigned int stack_trace_save_fp(unsigned long fp, unsigned long sp,
				 unsigned long *pcs, unsigned int max);

/* gdt.c: the IST stack containing @sp, if any. */
bool ist_stack_info(unsigned long sp, struct stack_info *info);
/* gdt.c: the stack registered with set_kernel_stack(), if it holds @sp. */
bool kernel_stack_info(unsigned long sp, struct stack_info *info);

/* Internal to arch/x86/kernel: called by trap_init()/trap_init_late(). */
void gdt_init(void);
void gdt_init_late(void);
void idt_init(void);

/*
 * trap_name() - "page fault" for 14; *@mnemonic (if non-NULL) gets "#PF",
 * or NULL for a vector without one.
 */
const char *trap_name(unsigned int vector, const char **mnemonic);

/* Called from entry.S with the saved frame; C side of every vector. */
void trap_dispatch(struct pt_regs *regs);
/* idt.c: vectors >= FIRST_EXTERNAL_VECTOR. */
void dispatch_external_vector(struct pt_regs *regs);

/* Addresses in entry.S. */
extern const unsigned long entry_stub_table[NR_VECTORS];
extern char entry_trap_return[];	/* return address of the C call */
#endif /* __ASSEMBLY__ */

#endif /* _ASM_X86_TRAPS_H */
