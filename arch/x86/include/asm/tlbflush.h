/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TLB flushing: this CPU's TLB, and shootdowns that flush a range (or
 * everything) on every online CPU and wait until all of them have.
 * Owned by the SMP code (arch/x86/kernel/smp/tlb.c).
 */
#ifndef _ASM_X86_TLBFLUSH_H
#define _ASM_X86_TLBFLUSH_H

#include <tessera/types.h>

/* Above this many pages a range flush becomes a full flush. */
#define TLB_FLUSH_ALL_THRESHOLD	32

/* Flush [@start, @end) from this CPU's TLB only (global entries too). */
void flush_tlb_local_range(unsigned long start, unsigned long end);
/* Flush this CPU's whole TLB, global entries included (CR4.PGE toggle). */
void flush_tlb_local_all(void);

/*
 * flush_tlb_kernel_range() - flush kernel virtual [@start, @end) on every
 * online CPU; returns once each of them has flushed, so the old mapping
 * can no longer be used anywhere and its page may be reused.
 *
 * Context: any, interrupts on or off; does not sleep. With one CPU online
 * it is a local invlpg. While it waits it answers other CPUs' shootdowns,
 * so two CPUs flushing at once do not deadlock. It must NOT be called
 * while holding a lock that another CPU may be spinning on with interrupts
 * off (that CPU could not answer): flush after unlocking.
 */
void flush_tlb_kernel_range(unsigned long start, unsigned long end);

/*
 * flush_tlb_user_range() - flush user [@start, @end) of the page tables at
 * @cr3 (physical) on the CPUs that have @cr3 loaded (and locally), and
 * wait for them. A CPU publishes the CR3 it is about to load before it
 * loads it (arch_switch_prepare()), so one that is not asked cannot hold
 * an entry older than the caller's page-table change. Context: as above;
 * change the PTE with a locked instruction first.
 */
void flush_tlb_user_range(u64 cr3, unsigned long start, unsigned long end);
/* The CR3 @cpu has loaded or is loading (arch/x86/kernel/task/process.c). */
u64 arch_loaded_cr3(unsigned int cpu);

/* flush_tlb_all() - flush every CPU's whole TLB and wait. Context: as above. */
void flush_tlb_all(void);

/* Shootdowns this CPU answered, and sent (for tests and benchmarks). */
u64 tlb_shootdowns_received(unsigned int cpu);

#endif /* _ASM_X86_TLBFLUSH_H */
