// SPDX-License-Identifier: GPL-2.0
/*
 * x86-64 task state: the initial stack frame of a new task and the
 * per-switch register state (kernel stack in the TSS, FPU registers).
 */
#include <tessera/percpu.h>
#include <tessera/sched.h>
#include <tessera/string.h>
#include <asm/fpu.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/tlbflush.h>
#include <asm/traps.h>

/*
 * The CR3 each CPU runs on (it also saves redundant CR3 writes). Written
 * BEFORE the CR3 load, with a full barrier, so flush_tlb_user_range() may
 * skip a CPU that does not show the page tables it flushes: such a CPU
 * loads them only after the caller's PTE change (no stale entry), and
 * entries of a CR3 it is leaving go with the load.
 */
static DEFINE_PER_CPU(u64, loaded_cr3);

/**
 * arch_loaded_cr3() - the CR3 @cpu has loaded or is about to load
 * @cpu: an online CPU
 * Context: any; a snapshot.
 */
u64 arch_loaded_cr3(unsigned int cpu)
{
	return READ_ONCE(per_cpu(loaded_cr3, cpu));
}

static void load_cr3(u64 cr3)
{
	WRITE_ONCE(this_cpu(loaded_cr3), cr3);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	write_cr3(cr3);
}

/* The FS base this CPU has loaded, to skip redundant MSR writes. */
static DEFINE_PER_CPU(u64, loaded_fs);

void ret_from_new_task(void);

/*
 * struct new_task_frame - what __switch_to_asm() pops for a new task
 * @r15..@rbp: the callee-saved registers, lowest address first
 * @ret: where its "ret" goes: ret_from_new_task
 * @end: a zero return address and padding ending the call chain
 */
struct new_task_frame {
	unsigned long r15, r14, r13, r12, rbx, rbp;
	unsigned long ret;
	unsigned long end[2];
};

/**
 * arch_setup_new_task() - make @p's first switch-in call @fn(@arg)
 * @p: a task with a stack and nothing on it
 * @fn: entry point, must not return
 * @arg: its argument
 *
 * The frame sits at the top of the stack so that ret_from_new_task makes
 * its calls with a 16-byte aligned %rsp, as the ABI wants.
 * Context: any.
 */
void arch_setup_new_task(struct task_struct *p, void (*fn)(void *), void *arg)
{
	unsigned long top = (unsigned long)p->stack + p->stack_size;
	struct new_task_frame *f = (struct new_task_frame *)(top - sizeof(*f));

	BUILD_BUG_ON(offsetof(struct task_struct, rsp) != 0);
	BUILD_BUG_ON(sizeof(*f) % 16 != 8);
	memset(f, 0, sizeof(*f));
	f->r12 = (unsigned long)fn;
	f->r13 = (unsigned long)arg;
	f->ret = (unsigned long)ret_from_new_task;
	p->rsp = (unsigned long)f;
}

/**
 * arch_switch_prepare() - architecture state for switching @prev to @next
 * @prev: the task leaving the CPU
 * @next: the task taking it
 *
 * Eager FPU switch, the kernel stack the TSS and the unwinder use, and the
 * user context: CR3 (@next->user_cr3, or the kernel's for kernel threads,
 * so a freed user page table is never live on an idle CPU) and FS base.
 * Context: __schedule(), interrupts off.
 */
void arch_switch_prepare(struct task_struct *prev, struct task_struct *next)
{
	u64 cr3 = next->user_cr3 ? next->user_cr3 : kernel_pgd_phys;

	fpu_switch(prev, next);
	if (this_cpu(loaded_cr3) != cr3)
		load_cr3(cr3);
	if (this_cpu(loaded_fs) != next->fs_base) {
		wrmsr(MSR_FS_BASE, next->fs_base);
		this_cpu(loaded_fs) = next->fs_base;
	}
	if (next->stack) {
		set_kernel_stack((unsigned long)next->stack, next->stack_size);
		__percpu_hdr_write(kernel_stack_top,
				   (unsigned long)next->stack + next->stack_size);
	}
}

/**
 * arch_set_user_context() - load @p's CR3 and FS base now (@p is current)
 * @p: the current task, after changing @p->user_cr3 or @p->fs_base
 *
 * The context switch loads them for every later switch-in.
 * Context: the task itself, any interrupt state.
 */
void arch_set_user_context(struct task_struct *p)
{
	unsigned long flags = local_irq_save();
	u64 cr3 = p->user_cr3 ? p->user_cr3 : kernel_pgd_phys;

	if (this_cpu(loaded_cr3) != cr3)
		load_cr3(cr3);
	if (this_cpu(loaded_fs) != p->fs_base) {
		wrmsr(MSR_FS_BASE, p->fs_base);
		this_cpu(loaded_fs) = p->fs_base;
	}
	local_irq_restore(flags);
}
