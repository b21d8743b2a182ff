// SPDX-License-Identifier: GPL-2.0
/*
 * Each CPU's GDT and TSS, and the interrupt stacks (IST) its double fault,
 * NMI and machine check handlers run on.
 *
 * Early (trap_init) the boot CPU's IST stacks are static arrays in .bss:
 * nothing can be allocated yet. Once vmalloc works, gdt_init_late() swaps in
 * stacks from alloc_kernel_stack(), each with an unmapped guard page below
 * it, so an overflowing handler faults at once instead of corrupting memory.
 * An AP gets guarded stacks from the start: the boot CPU prepares its set
 * with gdt_prepare_cpu() before starting it, the AP loads it with
 * gdt_load_cpu() as the first step of its init list.
 */
#include <tessera/errno.h>
#include <tessera/kernel.h>
#include <tessera/printk.h>
#include <tessera/smp.h>
#include <tessera/string.h>
#include <tessera/vmalloc.h>
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include <asm/traps.h>

#define EARLY_IST_SIZE		(2 * PAGE_SIZE)

/* Descriptor access byte and flag bits (SDM vol. 3, 3.4.5). */
#define DESC_P			(1ULL << 47)	/* present */
#define DESC_DPL(n)		((u64)(n) << 45)
#define DESC_S			(1ULL << 44)	/* code/data (not system) */
#define DESC_CODE		(0xaULL << 40)	/* execute/read */
#define DESC_DATA		(0x2ULL << 40)	/* read/write */
#define DESC_TSS_AVAIL		(0x9ULL << 40)	/* 64-bit TSS, not busy */
#define DESC_L			(1ULL << 53)	/* 64-bit code */
#define DESC_DB			(1ULL << 54)
#define DESC_G			(1ULL << 55)	/* limit in 4 KiB units */
#define DESC_LIMIT_MAX		(0xffffULL | (0xfULL << 48))

#define CODE64(dpl)	(DESC_P | DESC_DPL(dpl) | DESC_S | DESC_CODE | DESC_L | \
			 DESC_G | DESC_LIMIT_MAX)
#define DATA(dpl)	(DESC_P | DESC_DPL(dpl) | DESC_S | DESC_DATA | DESC_DB | \
			 DESC_G | DESC_LIMIT_MAX)

/**
 * struct tss64 - the 64-bit task state segment (SDM vol. 3, 8.7)
 * @rsp: stack pointers loaded on a privilege change to ring 0..2
 * @ist: interrupt stack table, IST1..IST7 (index 0 is IST1)
 * @iomap_base: offset of the I/O permission bitmap; past the limit = none
 */
struct tss64 {
	u32 reserved0;
	u64 rsp[3];
	u64 reserved1;
	u64 ist[7];
	u64 reserved2;
	u16 reserved3;
	u16 iomap_base;
} __packed;

BUILD_BUG_ON(sizeof(struct tss64) != 104);

struct desc_ptr {
	u16 limit;
	u64 base;
} __packed;

/* Null, kernel CS/DS, user DS/CS (SYSRET order), TSS (two slots). */
static const u64 gdt_template[GDT_ENTRY_TSS + 2] = {
	[__KERNEL_CS >> 3] = CODE64(0),
	[__KERNEL_DS >> 3] = DATA(0),
	[__USER_DS >> 3] = DATA(3),
	[__USER_CS >> 3] = CODE64(3),
};

/**
 * struct cpu_desc - one CPU's descriptor tables and stack bounds
 * @gdt: its GDT (a copy of gdt_template plus its own TSS descriptor)
 * @tss: its TSS: rsp0 and the IST stack tops
 * @ist: the current bounds of each IST stack, for the unwinder
 * @kstack: the registered kernel stack (set_kernel_stack())
 *
 * Written by the boot CPU before the CPU starts, then only by that CPU
 * itself with interrupts off; the unwinder reads its own CPU's entry.
 */
struct cpu_desc {
	u64 gdt[GDT_ENTRY_TSS + 2] __aligned(16);
	struct tss64 tss __aligned(16);
	struct stack_info ist[NR_IST_USED];
	struct stack_info kstack;
};

static struct cpu_desc cpu_desc[CONFIG_NR_CPUS];

static u8 early_ist_stack[NR_IST_USED][EARLY_IST_SIZE] __aligned(PAGE_SIZE);

static const char *const ist_names[NR_IST_USED] = {
	[IST_DF - 1] = "IST-DF",
	[IST_NMI - 1] = "IST-NMI",
	[IST_MC - 1] = "IST-MC",
};

/* The calling CPU's tables; GS (percpu_load()) must be set up. */
static struct cpu_desc *this_desc(void)
{
	return &cpu_desc[smp_processor_id()];
}

static void set_tss_desc(u64 *slot, unsigned long base, unsigned int limit)
{
	slot[0] = (limit & 0xffffULL) | ((u64)(base & 0xffffff) << 16) |
		  DESC_TSS_AVAIL | DESC_P | ((u64)((limit >> 16) & 0xf) << 48) |
		  ((u64)((base >> 24) & 0xff) << 56);
	slot[1] = base >> 32;
}

static void set_ist_stack(struct cpu_desc *d, unsigned int ist, unsigned long base,
			  unsigned long size, bool guarded)
{
	struct stack_info *s = &d->ist[ist - 1];

	s->begin = base;
	s->end = base + size;
	s->name = ist_names[ist - 1];
	s->guarded = guarded;
	WRITE_ONCE(d->tss.ist[ist - 1], base + size);
}

static void load_segments(struct cpu_desc *d)
{
	struct desc_ptr gdtr = { .limit = sizeof(d->gdt) - 1, .base = (u64)d->gdt };

	__asm__ __volatile__("lgdt %0" : : "m"(gdtr) : "memory");
	/*
	 * Reload CS with a far return, then the data selectors. FS and GS are
	 * left alone: loading a selector would reset their 64-bit bases.
	 */
	__asm__ __volatile__("pushq %[cs]\n\t"
			     "leaq 1f(%%rip), %%rax\n\t"
			     "pushq %%rax\n\t"
			     "lretq\n"
			     "1:\n\t"
			     "movl %[ds], %%eax\n\t"
			     "movl %%eax, %%ds\n\t"
			     "movl %%eax, %%es\n\t"
			     "movl %%eax, %%ss\n\t"
			     : : [cs] "i"(__KERNEL_CS), [ds] "i"(__KERNEL_DS)
			     : "rax", "memory");
	__asm__ __volatile__("ltr %w0" : : "r"(__TSS_SEL) : "memory");
}

/* Fill @d's GDT and TSS; the IST slots are set by the caller. */
static void desc_init(struct cpu_desc *d)
{
	memcpy(d->gdt, gdt_template, sizeof(d->gdt));
	memset(&d->tss, 0, sizeof(d->tss));
	d->tss.iomap_base = sizeof(d->tss);	/* no I/O bitmap */
	set_tss_desc(&d->gdt[GDT_ENTRY_TSS], (unsigned long)&d->tss,
		     sizeof(d->tss) - 1);
}

/**
 * gdt_init() - build and load the GDT and the boot CPU's TSS
 *
 * The IST slots get the static early stacks.
 * Context: early boot, interrupts off, before any allocator.
 */
void gdt_init(void)
{
	struct cpu_desc *d = &cpu_desc[0];
	unsigned int i;

	desc_init(d);
	for (i = 1; i <= NR_IST_USED; i++)
		set_ist_stack(d, i, (unsigned long)early_ist_stack[i - 1],
			      EARLY_IST_SIZE, false);
	load_segments(d);
}

/**
 * gdt_init_late() - move the boot CPU's IST stacks to guarded vmalloc stacks
 *
 * On an allocation failure the static stack stays in use and a warning says
 * so; the kernel keeps working, only without the guard page for that stack.
 * Context: init, after vmalloc_init(); interrupts off or no IST user active.
 */
void gdt_init_late(void)
{
	struct cpu_desc *d = &cpu_desc[0];
	unsigned long flags;
	unsigned int i;
	void *stack;

	for (i = 1; i <= NR_IST_USED; i++) {
		stack = alloc_kernel_stack();
		if (!stack) {
			pr_warn("traps: no memory for the %s stack, keeping the unguarded boot one\n",
				ist_names[i - 1]);
			continue;
		}
		flags = local_irq_save();
		set_ist_stack(d, i, (unsigned long)stack, THREAD_SIZE, true);
		local_irq_restore(flags);
	}
}

/**
 * gdt_prepare_cpu() - build the GDT, TSS and guarded IST stacks of an AP
 * @cpu: a possible CPU other than 0, not started yet
 *
 * Stacks of an earlier, failed attempt for @cpu are reused.
 * Context: boot CPU, process context (allocates).
 * Return: 0, -EINVAL for a bad @cpu, -ENOMEM.
 */
int gdt_prepare_cpu(unsigned int cpu)
{
	struct cpu_desc *d;
	unsigned long old[NR_IST_USED];
	unsigned int i;
	void *stack;

	if (cpu == 0 || cpu >= CONFIG_NR_CPUS)
		return -EINVAL;
	d = &cpu_desc[cpu];
	for (i = 0; i < NR_IST_USED; i++)
		old[i] = d->ist[i].guarded ? d->ist[i].begin : 0;
	desc_init(d);
	for (i = 1; i <= NR_IST_USED; i++) {
		stack = old[i - 1] ? (void *)old[i - 1] : alloc_kernel_stack();
		if (!stack)
			return -ENOMEM;
		set_ist_stack(d, i, (unsigned long)stack, THREAD_SIZE, true);
	}
	return 0;
}

/**
 * gdt_load_cpu() - load @cpu's GDT and TSS on the calling CPU
 * @cpu: the calling CPU's number (GS is not set up yet, so it is passed)
 *
 * Context: AP bring-up, first step, interrupts off; gdt_prepare_cpu(@cpu)
 * has run on the boot CPU.
 */
void gdt_load_cpu(unsigned int cpu)
{
	load_segments(&cpu_desc[cpu]);
}

/**
 * set_kernel_stack() - record the stack this CPU's kernel code runs on
 * @base: lowest address of the stack
 * @size: its size in bytes
 *
 * Context: any; the caller is already running on (or about to switch to)
 * that stack. Interrupts are held off while the bounds change so that an
 * oops never sees half an update.
 */
void set_kernel_stack(unsigned long base, unsigned long size)
{
	unsigned long flags = local_irq_save();
	struct cpu_desc *d = this_desc();

	d->kstack.begin = base;
	d->kstack.end = base + size;
	d->kstack.name = "kernel";
	d->kstack.guarded = is_vmalloc_addr((void *)base);
	WRITE_ONCE(d->tss.rsp[0], base + size);
	local_irq_restore(flags);
}

/**
 * ist_stack_info() - find the IST stack that holds @sp
 * @sp: a stack address
 * @info: filled in on success
 *
 * Context: any, including the oops path.
 * Return: true if @sp lies in (or in the guard page just below) an IST stack.
 */
bool ist_stack_info(unsigned long sp, struct stack_info *info)
{
	const struct stack_info *ist = this_desc()->ist;
	unsigned int i;

	for (i = 0; i < NR_IST_USED; i++) {
		if (sp >= ist[i].begin && sp < ist[i].end) {
			*info = ist[i];
			return true;
		}
	}
	return false;
}

/**
 * kernel_stack_info() - the registered kernel stack, if it holds @sp
 * @sp: a stack address
 * @info: filled in on success
 *
 * Context: any, including the oops path.
 * Return: true if set_kernel_stack() registered a stack containing @sp.
 */
bool kernel_stack_info(unsigned long sp, struct stack_info *info)
{
	const struct stack_info *k = &this_desc()->kstack;

	if (k->end && sp >= k->begin && sp < k->end) {
		*info = *k;
		return true;
	}
	return false;
}
