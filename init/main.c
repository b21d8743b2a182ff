// SPDX-License-Identifier: GPL-2.0
/*
 * start_kernel(): the boot sequence, one commented call per subsystem, in
 * the order they depend on each other. Read this file first.
 */
#include <tessera/acpi.h>
#include <tessera/bootinfo.h>
#include <tessera/fit.h>
#include <tessera/bug.h>
#include <tessera/init.h>
#include <tessera/irq.h>
#include <tessera/ktest.h>
#include <tessera/memblock.h>
#include <tessera/memory.h>
#include <tessera/mm.h>
#include <tessera/netdev.h>
#include <tessera/param.h>
#include <tessera/pci.h>
#include <tessera/rxe.h>
#include <tessera/percpu.h>
#include <tessera/printk.h>
#include <tessera/processor.h>
#include <tessera/sched.h>
#include <tessera/serial.h>
#include <tessera/slab.h>
#include <tessera/smp.h>
#include <tessera/string.h>
#include <tessera/time.h>
#include <tessera/vmalloc.h>
#include <asm/fpu.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/reboot.h>
#include <asm/stack.h>
#include <asm/traps.h>
#include <generated/compile.h>

const char tessera_banner[] =
	"Tessera " TESSERA_VERSION CONFIG_LOCALVERSION " (" TESSERA_BUILD ") x86_64 splitkernel";

/* Which managers this node runs: single (P and M), processor (P) or memory (M). */
static char node_role[16] = "single";
param_string(role, node_role,
	     "manager role: single (P and M in one kernel over loopback FIT), processor or memory");

static void check_role(void)
{
	if (fit_set_role(node_role)) {
		pr_err("role=%s: want single, processor or memory; running as role=single\n",
		       node_role);
		strscpy(node_role, "single", sizeof(node_role));
	}
}

static const char *mem_type_name(u32 type)
{
	switch (type) {
	case BOOT_MEM_USABLE:		return "usable";
	case BOOT_MEM_ACPI_RECLAIM:	return "ACPI data";
	case BOOT_MEM_ACPI_NVS:		return "ACPI NVS";
	case BOOT_MEM_BAD:		return "bad RAM";
	default:			return "reserved";
	}
}

static void print_boot_info(void)
{
	const struct boot_mem_range *r;
	unsigned int i;

	pr_info("boot: %s via %s\n", boot_info.loader, boot_info.protocol);
	pr_info("Command line: %s\n", boot_info.cmdline);
	for (i = 0; i < boot_info.nr_mem; i++) {
		r = &boot_info.mem[i];
		pr_info("boot: mem [0x%016llx-0x%016llx] %s\n", (unsigned long long)r->base,
			(unsigned long long)(r->base + r->len - 1), mem_type_name(r->type));
	}
	for (i = 0; i < boot_info.nr_mods; i++)
		pr_info("boot: module %u: [%#llx-%#llx) %s\n", i,
			(unsigned long long)boot_info.mods[i].start,
			(unsigned long long)boot_info.mods[i].end,
			boot_info.mods[i].cmdline);
}

/* Runs on a guarded kernel stack once memory management is up. */
static __noreturn void rest_init(void)
{
	sched_init();		/* this context becomes task "init" on CPU 0 */
	time_init();		/* TSC clock, LAPIC tick; enables interrupts */
	irq_init();		/* IOAPIC routing, legacy IRQs masked */
	pci_init();		/* PCI devices listed; MSI-X/INTx available */
	virtio_net_init();	/* NICs become eth0.. in the netdev table */
	smp_init();		/* start the other CPUs: per-CPU init list */
	rxe_init();		/* software RoCE on the NIC (roce.ip=), pinned thread */
	fit_init();		/* RPC layer: node table, transports, handlers */
	if (fit_local_role() != FIT_ROLE_PROCESSOR)
		memory_manager_init();	/* M: initramfs, address spaces, its RPCs */
	fit_cluster_up();	/* answer peers, wait for them (fit.wait_ms=) */
	if (fit_local_role() != FIT_ROLE_MEMORY)
		processor_manager_init();	/* P: syscalls, pcache, runs init= */

#ifdef CONFIG_KTEST
	if (ktest_requested())	/* ktest=: run the suites, report, power off */
		machine_poweroff(ktest_run(ktest_requested()) ?
				 EXIT_STATUS_FAIL : EXIT_STATUS_PASS);
#endif

	if (fit_local_role() == FIT_ROLE_MEMORY)
		pr_info("Tessera memory node up, serving FIT requests.\n");
	else
		pr_info("Tessera is up; nothing to run (no initramfs). Idle.\n");
	for (;;) {		/* init sleeps; each CPU's idle task halts */
		set_current_state(TASK_UNINTERRUPTIBLE);
		schedule();
	}
}

/**
 * start_kernel() - bring the kernel up
 *
 * Context: boot CPU, boot stack, interrupts off, early page tables.
 */
void start_kernel(void)
{
	void *stack;

	pr_notice("%s\n", tessera_banner);
	print_boot_info();
	parse_params(boot_info.cmdline, NULL, 0);	/* boot parameters */
	check_role();

	if (!boot_info.nr_mem)
		panic("boot: the boot loader passed no memory map");

	trap_init();		/* GDT, TSS, IDT: exceptions are reported */
	memblock_init(boot_info.mem, boot_info.nr_mem);	/* usable RAM, reservations */
	paging_init();		/* direct map, W^X kernel image, NX */
	page_alloc_init();	/* buddy allocator takes over from memblock */
	kmem_cache_init();	/* slab caches and kmalloc */
	vmalloc_init();		/* vmalloc, ioremap, guarded stacks */
	vga_console_init();	/* VGA text console (replays the log) */
	trap_init_late();	/* guarded IST stacks */
	acpi_init();		/* MADT: CPUs and IOAPICs */
	percpu_init(num_possible_cpus());	/* per-CPU areas for the APs */
	fpu_init();		/* XSAVE features and area size */
	fpu_init_cpu();		/* ... enabled on the boot CPU */

	/* leave the boot stack for one with a guard page below it */
	stack = alloc_kernel_stack();
	if (!stack)
		panic("cannot allocate the first kernel stack");
	set_kernel_stack((unsigned long)stack, THREAD_SIZE);
	call_on_stack(stack, THREAD_SIZE, rest_init);
}
