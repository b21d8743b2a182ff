/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-CPU variables. DEFINE_PER_CPU puts the prototype in .data..percpu;
 * every CPU gets its own copy of that section (its per-CPU area), and
 * per_cpu_ptr()/this_cpu_ptr() reach a copy by adding that CPU's offset.
 *
 * this_cpu_ptr() is only stable while the task cannot migrate: call it with
 * preemption or interrupts disabled (get_cpu()/put_cpu()).
 */
#ifndef _TESSERA_PERCPU_H
#define _TESSERA_PERCPU_H

#include <tessera/kernel.h>
#include <asm/irqflags.h>
#include <asm/percpu.h>

#define DEFINE_PER_CPU(type, name) \
	__section(".data..percpu") __typeof__(type) name
#define DEFINE_PER_CPU_ALIGNED(type, name) \
	__section(".data..percpu") __aligned(64) __typeof__(type) name
#define DECLARE_PER_CPU(type, name)	extern __typeof__(type) name

/* Offsets of each possible CPU's area from the prototype; 0 until set up. */
extern unsigned long __per_cpu_offset[CONFIG_NR_CPUS];

#define per_cpu_ptr(ptr, cpu) \
	((__typeof__(ptr))((unsigned long)(ptr) + __per_cpu_offset[cpu]))
#define per_cpu(var, cpu)	(*per_cpu_ptr(&(var), cpu))
#define this_cpu_ptr(ptr) \
	((__typeof__(ptr))((unsigned long)(ptr) + this_cpu_offset()))
#define this_cpu(var)		(*this_cpu_ptr(&(var)))

/*
 * Per-CPU counters: add to this CPU's copy of @var with interrupts off, so
 * neither an interrupt nor a migration splits the read-modify-write. Sum
 * the copies with for_each_possible_cpu() and per_cpu() to read the total.
 */
#define this_cpu_add(var, n) do {					\
	unsigned long __pcpu_flags = local_irq_save();			\
	this_cpu(var) += (n);						\
	local_irq_restore(__pcpu_flags);				\
} while (0)
#define this_cpu_inc(var)	this_cpu_add(var, 1)

/*
 * percpu_early_init() - point the boot CPU's GS base at the prototype
 * section, which is CPU 0's own area for good (offset 0). First call in
 * x86_64_start_kernel(): everything after it may use smp_processor_id(),
 * current, preempt_count and spinlocks.
 */
void percpu_early_init(void);

/*
 * percpu_init() - make per-CPU areas for CPUs 1..@nr_possible-1 (copies of
 * the prototype as it was at link time, from the page allocator) and set
 * __per_cpu_offset[]. Context: boot CPU, after kmem_cache_init().
 */
void percpu_init(unsigned int nr_possible);

/*
 * percpu_load() - load GS base for @cpu on the calling CPU (AP bring-up,
 * before anything uses smp_processor_id(), current or a spinlock). Panics
 * if @cpu has no per-CPU area: running on CPU 0's would corrupt it.
 */
void percpu_load(unsigned int cpu);

/* The header of @cpu's area (its GS base); NULL if it has none. */
struct percpu_hdr *percpu_hdr_of(unsigned int cpu);

/*
 * Linker-script bounds of the prototype section; .data..percpu..first (the
 * struct percpu_hdr) is placed at its start.
 */
extern char __per_cpu_start[], __per_cpu_end[];

#endif /* _TESSERA_PERCPU_H */
