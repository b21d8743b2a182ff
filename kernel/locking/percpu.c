// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU areas: GS base of each CPU points at the struct percpu_hdr that
 * opens its copy of the .data..percpu section. Also the possible/online CPU masks.
 *
 * CPU 0 uses the prototype section itself (offset 0) from the first line
 * of C on. percpu_init() gives CPUs 1..n-1 copies of the section as it was
 * at boot (a snapshot taken by percpu_early_init(), before anything wrote a
 * per-CPU variable), so an AP never inherits CPU 0's run-time state.
 */
#include <tessera/bug.h>
#include <tessera/cpumask.h>
#include <tessera/mm.h>
#include <tessera/percpu.h>
#include <tessera/printk.h>
#include <tessera/string.h>
#include <asm/page.h>
#include <asm/processor.h>

/* CPU 0's header: the first thing in the prototype section (linker script). */
static struct percpu_hdr boot_percpu_hdr __used __section(".data..percpu..first") = {
	.self = &boot_percpu_hdr,
	.offset = 0,
	.cpu = 0,
	.current = NULL,	/* sched_init() makes the boot context a task */
};

/*
 * Written by the boot CPU in percpu_init(), before any AP starts; read-only
 * afterwards, so readers need no lock.
 */
unsigned long __per_cpu_offset[CONFIG_NR_CPUS];
static struct percpu_hdr *percpu_hdrs[CONFIG_NR_CPUS] = { &boot_percpu_hdr };

/* CPU 0 is possible and online from the start; the SMP code adds the rest. */
struct cpumask cpu_possible_mask_ = { .bits = { 1UL } };
struct cpumask cpu_online_mask_ = { .bits = { 1UL } };

/*
 * The prototype section as linked, copied before anything changed it. If
 * the section outgrows this, percpu_init() panics with the size needed.
 */
#define PERCPU_SNAPSHOT_MAX	(32 * 1024)
static char percpu_snapshot[PERCPU_SNAPSHOT_MAX] __aligned(64);
static bool percpu_snapshot_ok;
static bool percpu_areas_done;

static size_t percpu_section_size(void)
{
	return (size_t)(__per_cpu_end - __per_cpu_start);
}

static void load_gs_base(struct percpu_hdr *hdr)
{
	wrmsr(MSR_GS_BASE, (u64)(unsigned long)hdr);
	wrmsr(MSR_KERNEL_GS_BASE, 0);	/* nothing to swapgs to yet */
}

/**
 * percpu_early_init() - make the prototype section CPU 0's per-CPU area
 *
 * Snapshots the section for the APs' copies, then loads GS base. Nothing
 * may print here: the consoles are not up yet.
 * Context: boot CPU, first C code, interrupts off.
 */
void percpu_early_init(void)
{
	size_t size = percpu_section_size();

	if (size <= sizeof(percpu_snapshot)) {
		memcpy(percpu_snapshot, __per_cpu_start, size);
		percpu_snapshot_ok = true;
	}
	load_gs_base(&boot_percpu_hdr);
}

/* Allocate and fill @cpu's area; false if out of memory. */
static bool percpu_make_area(unsigned int cpu, unsigned int order, unsigned long lead)
{
	struct percpu_hdr *hdr;
	char *base;

	base = get_free_pages(GFP_ZERO, order);	/* the tail stays zeroed */
	if (!base)
		return false;
	/* Same offset within a page as the prototype: alignments carry over. */
	hdr = (struct percpu_hdr *)(base + lead);
	memcpy(hdr, percpu_snapshot, percpu_section_size());
	hdr->self = hdr;
	hdr->offset = (unsigned long)hdr - (unsigned long)__per_cpu_start;
	hdr->cpu = cpu;
	hdr->current = NULL;
	hdr->preempt_count = 0;
	hdr->kernel_stack_top = 0;
	__per_cpu_offset[cpu] = hdr->offset;
	percpu_hdrs[cpu] = hdr;
	return true;
}

/**
 * percpu_init() - allocate the per-CPU areas of CPUs 1..@nr_possible-1
 * @nr_possible: number of possible CPUs (capped at CONFIG_NR_CPUS)
 *
 * A CPU whose area cannot be allocated is dropped from cpu_possible_mask
 * with an error, so it is never started.
 * Context: boot CPU, after kmem_cache_init(), before any AP starts.
 */
void percpu_init(unsigned int nr_possible)
{
	size_t size = percpu_section_size();
	unsigned long lead = (unsigned long)__per_cpu_start & (PAGE_SIZE - 1);
	unsigned int order = get_order(lead + size);
	unsigned int cpu;

	if (WARN_ONCE(percpu_areas_done, "percpu: percpu_init() called twice\n"))
		return;
	if (!percpu_snapshot_ok)
		panic("percpu: the per-CPU section is %zu bytes; raise PERCPU_SNAPSHOT_MAX (%u)",
		      size, PERCPU_SNAPSHOT_MAX);
	if (nr_possible > CONFIG_NR_CPUS) {
		pr_warn("percpu: %u CPUs possible, only %u supported (CONFIG_NR_CPUS)\n",
			nr_possible, CONFIG_NR_CPUS);
		nr_possible = CONFIG_NR_CPUS;
	}
	percpu_areas_done = true;

	for (cpu = 1; cpu < nr_possible; cpu++) {
		if (!percpu_make_area(cpu, order, lead)) {
			pr_err("percpu: no memory for CPU %u's area; CPU %u will not start\n",
			       cpu, cpu);
			cpumask_clear_cpu(cpu, cpu_possible_mask);
		}
	}
	pr_info("percpu: %zu bytes per CPU, areas for %u CPU%s\n", size,
		nr_possible ? nr_possible : 1, nr_possible > 1 ? "s" : "");
}

/**
 * percpu_hdr_of() - the per-CPU header (GS base) of @cpu
 * @cpu: a CPU number
 *
 * Return: the header, or NULL if @cpu has no area (yet).
 */
struct percpu_hdr *percpu_hdr_of(unsigned int cpu)
{
	if (cpu >= CONFIG_NR_CPUS)
		return NULL;
	return percpu_hdrs[cpu];
}

/**
 * percpu_load() - make @cpu's area the calling CPU's (GS base)
 * @cpu: the calling CPU's logical number
 *
 * Context: an AP's init list, interrupts off, before anything that uses
 * smp_processor_id(), current or a lock.
 */
void percpu_load(unsigned int cpu)
{
	struct percpu_hdr *hdr = percpu_hdr_of(cpu);

	if (!hdr)
		panic("percpu: CPU %u has no per-CPU area (percpu_init() not run, or %u >= %u)",
		      cpu, cpu, CONFIG_NR_CPUS);
	load_gs_base(hdr);
}
