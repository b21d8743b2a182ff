// SPDX-License-Identifier: GPL-2.0
/*
 * TLB flushing: local invlpg / full flushes, and shootdowns of a kernel
 * range (or everything) on every online CPU that wait for all of them.
 */
#define pr_fmt(fmt) "tlb: " fmt

#include <tessera/acpi.h>
#include <tessera/errno.h>
#include <tessera/kernel.h>
#include <tessera/printk.h>
#include <tessera/slab.h>
#include <tessera/smp.h>
#include <asm/apic.h>
#include <asm/irqflags.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include <asm/tlbflush.h>
#include <asm/traps.h>
#include "internal.h"

/*
 * A shootdown uses one entry per (sender, target) pair, tlb_slots[sender]
 * [target], queued on the target's lock-free tlb_queue[] like a call-
 * function entry. The sender keeps interrupts off from the first entry to
 * the last acknowledgement, so its own entries are never reused early, and
 * while waiting it answers shootdowns aimed at it: two CPUs flushing at the
 * same time each serve the other. The handler flushes, then releases the
 * entry (pending -> 0), which is the acknowledgement.
 */
static struct call_single_data *tlb_slots[CONFIG_NR_CPUS];
static struct call_single_data *tlb_queue[CONFIG_NR_CPUS];
/* Shootdowns answered per CPU; each slot written only by its own CPU. */
static u64 tlb_received[CONFIG_NR_CPUS];

/**
 * flush_tlb_local_all() - flush this CPU's whole TLB, global entries too
 *
 * Toggles CR4.PGE (which drops global entries); without PGE, reloads CR3.
 * Context: any.
 */
void flush_tlb_local_all(void)
{
	unsigned long flags = local_irq_save();
	unsigned long cr4 = read_cr4();

	if (cr4 & X86_CR4_PGE) {
		write_cr4(cr4 & ~X86_CR4_PGE);
		write_cr4(cr4);
	} else {
		write_cr3(read_cr3());
	}
	local_irq_restore(flags);
}

/**
 * flush_tlb_local_range() - flush [@start, @end) from this CPU's TLB
 * @start: first address
 * @end: one past the last; an empty range does nothing
 *
 * More than TLB_FLUSH_ALL_THRESHOLD pages become a full flush.
 * Context: any.
 */
void flush_tlb_local_range(unsigned long start, unsigned long end)
{
	unsigned long va;

	if (end <= start)
		return;
	if ((end - start) / PAGE_SIZE > TLB_FLUSH_ALL_THRESHOLD) {
		flush_tlb_local_all();
		return;
	}
	for (va = ALIGN_DOWN(start, PAGE_SIZE); va < end; va += PAGE_SIZE)
		invlpg(va);
}

/**
 * tlb_poll_shootdowns() - perform and acknowledge this CPU's pending shootdowns
 *
 * Context: interrupts off (the IPI handler, or a sender's wait loop).
 */
void tlb_poll_shootdowns(void)
{
	unsigned int cpu = smp_processor_id();
	struct call_single_data *req, *next;

	req = csd_queue_take(&tlb_queue[cpu]);
	for (; req; req = next) {
		next = req->next;
		flush_tlb_local_range(req->start, req->end);
		WRITE_ONCE(tlb_received[cpu], tlb_received[cpu] + 1);
		__atomic_store_n(&req->pending, 0, __ATOMIC_RELEASE);
	}
}

static void tlb_shootdown_interrupt(struct pt_regs *regs)
{
	tlb_poll_shootdowns();
	lapic_eoi();
}

/* Flush on every online CPU, or (@cr3 != 0) on those with @cr3 loaded. */
static void shootdown(unsigned long start, unsigned long end, u64 cr3)
{
	unsigned long flags = local_irq_save();
	unsigned int this = smp_processor_id(), cpu;
	struct call_single_data *req;

	flush_tlb_local_range(start, end);
	if (num_online_cpus() == 1 || !tlb_slots[this])
		goto out;

	for_each_online_cpu(cpu) {
		if (cpu == this || (cr3 && arch_loaded_cr3(cpu) != cr3))
			continue;
		req = &tlb_slots[this][cpu];
		req->start = start;
		req->end = end;
		__atomic_store_n(&req->pending, 1, __ATOMIC_RELAXED);
		csd_queue_push(&tlb_queue[cpu], req);
		lapic_send_ipi(cpu_apic_id(cpu), APIC_DM_FIXED | TLB_SHOOTDOWN_VECTOR);
	}
	for_each_online_cpu(cpu) {
		if (cpu == this)
			continue;
		req = &tlb_slots[this][cpu];
		/* pending only where a request was sent (slots end at 0) */
		while (__atomic_load_n(&req->pending, __ATOMIC_ACQUIRE)) {
			tlb_poll_shootdowns();	/* never calls: they might flush */
			cpu_relax();
		}
	}
out:
	local_irq_restore(flags);
}

/**
 * flush_tlb_kernel_range() - flush a kernel range on every online CPU
 * @start: first address
 * @end: one past the last
 *
 * Returns after every online CPU has flushed the range.
 * Context: see asm/tlbflush.h: any, but not under a lock other CPUs spin
 * on with interrupts off.
 */
void flush_tlb_kernel_range(unsigned long start, unsigned long end)
{
	if (end > start)
		shootdown(start, end, 0);
}

/**
 * flush_tlb_user_range() - flush user [@start, @end) of @cr3 where loaded
 * @cr3: physical address of the page tables
 * @start: first address
 * @end: end (exclusive)
 * Context: as flush_tlb_kernel_range(); the PTE change comes first.
 */
void flush_tlb_user_range(u64 cr3, unsigned long start, unsigned long end)
{
	if (end > start)
		shootdown(start, end, cr3 ? cr3 : 1);
}

/**
 * flush_tlb_all() - flush every online CPU's whole TLB and wait
 *
 * Context: as flush_tlb_kernel_range().
 */
void flush_tlb_all(void)
{
	shootdown(0, ULONG_MAX, 0);
}

/**
 * tlb_shootdowns_received() - shootdown requests @cpu has answered
 * @cpu: CPU number
 *
 * Context: any.
 * Return: the count since boot, 0 for a bad @cpu.
 */
u64 tlb_shootdowns_received(unsigned int cpu)
{
	return cpu < CONFIG_NR_CPUS ? READ_ONCE(tlb_received[cpu]) : 0;
}

/**
 * tlb_init() - claim the shootdown vector and allocate each CPU's slots
 *
 * Context: boot CPU, from smp_ipi_init(), before any AP starts.
 * Return: 0, -ENOMEM, or request_vector()'s error.
 */
int tlb_init(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		tlb_slots[cpu] = kcalloc(CONFIG_NR_CPUS, sizeof(struct call_single_data),
					 GFP_KERNEL);
		if (!tlb_slots[cpu])
			return -ENOMEM;
	}
	return request_vector(TLB_SHOOTDOWN_VECTOR, tlb_shootdown_interrupt);
}
