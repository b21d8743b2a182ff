// SPDX-License-Identifier: GPL-2.0
/*
 * Starting the application processors: the low-memory trampoline and its
 * page tables, INIT-SIPI-SIPI, and start_secondary(), the per-CPU init list.
 */
#define pr_fmt(fmt) "smp: " fmt

#include <tessera/acpi.h>
#include <tessera/bootinfo.h>
#include <tessera/cpumask.h>
#include <tessera/atomic.h>
#include <tessera/errno.h>
#include <tessera/kernel.h>
#include <tessera/percpu.h>
#include <tessera/printk.h>
#include <tessera/sched.h>
#include <tessera/smp.h>
#include <tessera/string.h>
#include <tessera/time.h>
#include <tessera/vmalloc.h>
#include <asm/apic.h>
#include <asm/fpu.h>
#include <asm/irqflags.h>
#include <asm/page.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include <asm/traps.h>

/* How long an AP gets to reach C, and then to finish its init list. */
#define AP_CHECKIN_TIMEOUT_NS	(2000ULL * NSEC_PER_MSEC)
#define AP_ONLINE_TIMEOUT_NS	(5000ULL * NSEC_PER_MSEC)

/* Where the trampoline may go: a page of usable RAM below the VGA hole. */
#define TRAMP_PREFERRED		0x8000UL
#define TRAMP_LOWEST		0x1000UL
#define TRAMP_HIGHEST		0x9f000UL

/*
 * The masks are defined in kernel/locking/percpu.c (CPU 0 set in both from
 * the start): acpi_init() adds the other possible CPUs, each AP sets its
 * own online bit in step 6 of its init list. Atomic bit operations.
 */

/**
 * num_possible_cpus() - CPUs the firmware described, after the caps
 *
 * Context: any.
 * Return: the weight of cpu_possible_mask (1 before acpi_init()).
 */
unsigned int num_possible_cpus(void)
{
	return cpumask_weight(cpu_possible_mask);
}

/*
 * The trampoline's own page tables, in the kernel image so their physical
 * addresses fit the 32-bit CR3 the AP loads in protected mode: PML4 entry 0
 * leads to one 4 KiB identity page (the trampoline, read-only executable);
 * entries 256-511 are copies of the kernel's, so ap_start64 and the AP's
 * stack are reachable before it loads the kernel's CR3. The kernel's own
 * tables never get a user-half (identity) entry. Written by smp_init() on
 * the boot CPU only; the identity entry is removed when all APs are up.
 */
static pteval_t tramp_pgd[PTRS_PER_TABLE] __aligned(PAGE_SIZE);
static pteval_t tramp_pud[PTRS_PER_TABLE] __aligned(PAGE_SIZE);
static pteval_t tramp_pmd[PTRS_PER_TABLE] __aligned(PAGE_SIZE);
static pteval_t tramp_pte[PTRS_PER_TABLE] __aligned(PAGE_SIZE);

/* The low page the trampoline runs from; 0 until smp_init() picks one. */
static phys_addr_t tramp_phys;

/*
 * Hand-shake with one starting AP: the boot CPU clears ap_checkin and sets
 * ap_stack[cpu]; the AP writes its number to ap_checkin on reaching C.
 */
static volatile long ap_checkin = -1;
static void *ap_stack[CONFIG_NR_CPUS];

static bool range_usable(phys_addr_t start, phys_addr_t end)
{
	unsigned int i;

	for (i = 0; i < boot_info.nr_mem; i++) {
		const struct boot_mem_range *r = &boot_info.mem[i];

		if (r->type == BOOT_MEM_USABLE && r->base <= start &&
		    r->base + r->len >= end)
			break;
	}
	if (i == boot_info.nr_mem)
		return false;
	for (i = 0; i < boot_info.nr_mods; i++)
		if (boot_info.mods[i].start < end && boot_info.mods[i].end > start)
			return false;
	return true;
}

/* 0x8000 if the loader's map says it is free RAM, else another low page. */
static phys_addr_t pick_trampoline_page(void)
{
	phys_addr_t pa;

	if (range_usable(TRAMP_PREFERRED, TRAMP_PREFERRED + PAGE_SIZE))
		return TRAMP_PREFERRED;
	for (pa = TRAMP_LOWEST; pa <= TRAMP_HIGHEST; pa += PAGE_SIZE)
		if (range_usable(pa, pa + PAGE_SIZE))
			return pa;
	return 0;
}

static void tramp_write32(unsigned int off, u32 v)
{
	*(volatile u32 *)((u8 *)__va(tramp_phys) + off) = v;
}

static void tramp_write64(unsigned int off, u64 v)
{
	*(volatile u64 *)((u8 *)__va(tramp_phys) + off) = v;
}

/* Copy the code, build its page tables and fill the fixed data fields. */
static int setup_trampoline(void)
{
	size_t size = trampoline_end - trampoline_start;
	const pteval_t *kpgd = __va(kernel_pgd_phys);
	u64 efer = rdmsr(MSR_EFER);
	u8 *page;

	BUILD_BUG_ON(TRAMP_CODE >= PAGE_SIZE);
	tramp_phys = pick_trampoline_page();
	if (!tramp_phys || size > PAGE_SIZE) {
		pr_err("no free low page for the AP trampoline (%zu bytes); APs not started\n",
		       size);
		return -ENOMEM;
	}
	if (kernel_pgd_phys >> 32 || __pa_symbol(tramp_pgd) >> 32) {
		pr_err("page tables above 4 GiB; the trampoline cannot load them\n");
		return -EINVAL;
	}

	page = __va(tramp_phys);
	memset(page, 0, PAGE_SIZE);
	memcpy(page, trampoline_start, size);

	memset(tramp_pgd, 0, sizeof(tramp_pgd));
	memcpy(&tramp_pgd[KERNEL_PGD_FIRST], &kpgd[KERNEL_PGD_FIRST],
	       (PTRS_PER_TABLE - KERNEL_PGD_FIRST) * sizeof(pteval_t));
	tramp_pgd[0] = __pa_symbol(tramp_pud) | _PAGE_PRESENT | _PAGE_RW;
	tramp_pud[0] = __pa_symbol(tramp_pmd) | _PAGE_PRESENT | _PAGE_RW;
	tramp_pmd[0] = __pa_symbol(tramp_pte) | _PAGE_PRESENT | _PAGE_RW;
	tramp_pte[tramp_phys >> PAGE_SHIFT] = tramp_phys | _PAGE_PRESENT;	/* RX */

	*(volatile u16 *)(page + TRAMP_GDTR) = 4 * 8 - 1;
	tramp_write32(TRAMP_GDTR + 2, tramp_phys + TRAMP_GDT);
	tramp_write32(TRAMP_PM_JUMP, tramp_phys + (trampoline_pm - trampoline_start));
	tramp_write32(TRAMP_LM_JUMP, tramp_phys + (trampoline_long - trampoline_start));
	tramp_write32(TRAMP_CR3, __pa_symbol(tramp_pgd));
	tramp_write32(TRAMP_CR4, X86_CR4_PAE | X86_CR4_PGE);
	tramp_write32(TRAMP_EFER, (u32)efer & (EFER_SCE | EFER_LME | EFER_NXE));
	tramp_write32(TRAMP_CR0, (u32)read_cr0());
	tramp_write64(TRAMP_KERNEL_CR3, kernel_pgd_phys);
	tramp_write64(TRAMP_ENTRY, (unsigned long)ap_start64);
	return 0;
}

/* All APs are up (or given up): the identity page leaves the tables. */
static void teardown_trampoline(void)
{
	memset(tramp_pte, 0, sizeof(tramp_pte));
	tramp_pgd[0] = 0;
}

static bool wait_until(u64 deadline_ns, bool (*done)(unsigned int), unsigned int cpu)
{
	while (!done(cpu)) {
		if (ktime_get_ns() > deadline_ns)
			return false;
		cpu_relax();
	}
	return true;
}

static bool ap_reached_c(unsigned int cpu)
{
	return READ_ONCE(ap_checkin) == (long)cpu;
}

static bool ap_online(unsigned int cpu)
{
	return cpumask_test_cpu(cpu, cpu_online_mask);
}

/*
 * INIT, 10 ms, STARTUP, 200 us, STARTUP, 200 us (SDM vol. 3, 9.4.4.1). The
 * STARTUP vector is the trampoline's page number.
 */
static void send_init_sipi_sipi(u32 apic_id)
{
	u32 sipi = APIC_DM_STARTUP | (u32)(tramp_phys >> PAGE_SHIFT);

	lapic_write(APIC_ESR, 0);
	lapic_send_ipi(apic_id, APIC_DM_INIT | APIC_ICR_ASSERT | APIC_ICR_LEVEL);
	mdelay(10);
	lapic_send_ipi(apic_id, sipi);
	udelay(200);
	lapic_send_ipi(apic_id, sipi);
	udelay(200);
	lapic_wait_icr_idle(10000);
}

/*
 * Start one AP and wait for it. A CPU that does not reach C, or does not
 * finish its init list, is reported and sent INIT again so it cannot run
 * later on data meant for the next CPU; its stack is then kept (leaked):
 * it may still be in use.
 */
static int boot_cpu(unsigned int cpu)
{
	u32 apic_id = cpu_apic_id(cpu);
	void *stack;
	int err;

	stack = ap_stack[cpu] ? ap_stack[cpu] : alloc_kernel_stack();
	if (!stack)
		return -ENOMEM;
	ap_stack[cpu] = stack;
	err = gdt_prepare_cpu(cpu);
	if (err)
		return err;

	tramp_write64(TRAMP_STACK, (unsigned long)stack + THREAD_SIZE);
	tramp_write64(TRAMP_CPU, cpu);
	WRITE_ONCE(ap_checkin, -1);
	smp_mb();

	send_init_sipi_sipi(apic_id);
	if (!wait_until(ktime_get_ns() + AP_CHECKIN_TIMEOUT_NS, ap_reached_c, cpu)) {
		pr_err("CPU %u (APIC ID %u) did not start; skipped\n", cpu, apic_id);
		goto park;
	}
	if (!wait_until(ktime_get_ns() + AP_ONLINE_TIMEOUT_NS, ap_online, cpu)) {
		pr_err("CPU %u (APIC ID %u) started but did not come online; skipped\n",
		       cpu, apic_id);
		goto park;
	}
	return 0;

park:
	lapic_send_ipi(apic_id, APIC_DM_INIT | APIC_ICR_ASSERT | APIC_ICR_LEVEL);
	return -ETIMEDOUT;
}

/**
 * start_secondary() - the per-CPU init list of an application processor
 * @cpu: this CPU's logical number (from the trampoline)
 *
 * Runs on the stack boot_cpu() gave it, on the kernel's page tables, with
 * interrupts off. Until step 3 GS is not set up: nothing here may use
 * smp_processor_id(), current, a spinlock or printk before percpu_load().
 * Context: AP bring-up; never returns.
 */
__noreturn void start_secondary(unsigned long cpu)
{
	unsigned long sp = (unsigned long)__builtin_frame_address(0);

	WRITE_ONCE(ap_checkin, (long)cpu);	/* the boot CPU's first sign of life */

	gdt_load_cpu(cpu);		/* 1. own GDT, TSS and IST stacks */
	idt_load();			/* 2. the shared IDT */
	percpu_load(cpu);		/* 3. GS base: smp_processor_id(), current */
	set_kernel_stack(ALIGN_DOWN(sp, THREAD_SIZE), THREAD_SIZE);
	lapic_init_secondary();		/* 4. local APIC, error vector ... */
	lapic_timer_start_secondary();	/*    ... and the tick, CPU 0's count */
	fpu_init_cpu();			/* 5. FPU/SSE/AVX state enabled */
	cpumask_set_cpu(cpu, cpu_online_mask);	/* 6. online: IPIs may come */
	sched_start_secondary(cpu);	/* 7. become this CPU's idle task */
}

/**
 * smp_init() - start every possible application processor
 *
 * Installs the IPI handlers, copies the trampoline to a low page, then
 * starts the APs one at a time (a CPU that does not answer is reported
 * and skipped) and prints how many CPUs are online.
 * Context: boot CPU, scheduler running, interrupts on; once.
 */
void smp_init(void)
{
	unsigned int cpu, failed = 0;

	smp_ipi_init();
	if (num_possible_cpus() > 1) {
		if (setup_trampoline())
			goto out;
		for_each_possible_cpu(cpu) {
			if (cpu == 0)
				continue;
			if (boot_cpu(cpu))
				failed++;
		}
		teardown_trampoline();
	}
out:
	pr_info("%u CPU%s online%s\n", num_online_cpus(), num_online_cpus() == 1 ? "" : "s",
		failed ? " (some did not start)" : "");
}
