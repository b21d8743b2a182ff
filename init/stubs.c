// SPDX-License-Identifier: GPL-2.0
/* TEMPORARY weak stubs while the SMP layer lands; removed before commit. */
#include <tessera/acpi.h>
#include <tessera/irq.h>
#include <tessera/percpu.h>
#include <tessera/printk.h>
#include <tessera/sched.h>
#include <tessera/smp.h>
#include <asm/fpu.h>

static struct percpu_hdr stub_hdr = { .self = &stub_hdr };
unsigned long __per_cpu_offset[CONFIG_NR_CPUS] __weak;
#define STUB(decl) __weak decl { pr_warn("TODO stub: %s\n", __func__); }
__weak void percpu_early_init(void)
{
	__asm__ __volatile__("wrmsr" : : "c"(0xc0000101), "a"((u32)(unsigned long)&stub_hdr),
			     "d"((u32)((unsigned long)&stub_hdr >> 32)));
}
STUB(void percpu_init(unsigned int n))
STUB(void acpi_init(void))
STUB(void irq_init(void))
STUB(void smp_init(void))
STUB(void sched_init(void))
STUB(void fpu_init(void))
STUB(void fpu_init_cpu(void))
__weak unsigned int num_possible_cpus(void) { return 1; }
