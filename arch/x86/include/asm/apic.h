/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The local APIC (xAPIC, MMIO) of every CPU: enabling it, EOI, its timer,
 * which drives the periodic tick, the error vector and sending IPIs.
 * x2APIC mode is not used.
 */
#ifndef _ASM_X86_APIC_H
#define _ASM_X86_APIC_H

#include <tessera/types.h>

/* IA32_APIC_BASE (MSR_APIC_BASE in asm/processor.h) bits. */
#define APIC_BASE_BSP		(1ULL << 8)	/* this is the boot CPU */
#define APIC_BASE_X2APIC	(1ULL << 10)	/* x2APIC mode (EXTD) */
#define APIC_BASE_ENABLE	(1ULL << 11)	/* global enable */
#define APIC_BASE_ADDR_MASK	0x000ffffffffff000ULL

#define APIC_DEFAULT_PHYS	0xfee00000ULL
#define APIC_MMIO_SIZE		0x1000

/* Register offsets in the 4 KiB MMIO page; each is 32 bits, 16-aligned. */
#define APIC_ID			0x020
#define APIC_LVR		0x030	/* version; bits 23:16 = max LVT index */
#define APIC_TASKPRI		0x080
#define APIC_EOI		0x0b0
#define APIC_SPIV		0x0f0	/* spurious vector, software enable */
#define APIC_ESR		0x280	/* error status */
#define APIC_ICR_LOW		0x300	/* interrupt command, bits 31:0 */
#define APIC_ICR_HIGH		0x310	/* bits 63:32: destination in 31:24 */
#define APIC_LVT_CMCI		0x2f0
#define APIC_LVT_TIMER		0x320
#define APIC_LVT_THERMAL	0x330
#define APIC_LVT_PERF		0x340
#define APIC_LVT_LINT0		0x350
#define APIC_LVT_LINT1		0x360
#define APIC_LVT_ERROR		0x370
#define APIC_TMICT		0x380	/* timer initial count */
#define APIC_TMCCT		0x390	/* timer current count */
#define APIC_TDCR		0x3e0	/* timer divide configuration */

#define APIC_SPIV_ENABLE	(1U << 8)
#define APIC_LVT_MASKED		(1U << 16)
#define APIC_LVT_TIMER_PERIODIC	(1U << 17)	/* bits 18:17 = 01 */
#define APIC_TDCR_DIV_16	0x3		/* bits 3,1:0 = 0,11 */

/* ICR low fields (SDM vol. 3, 11.6.1). */
#define APIC_DM_FIXED		(0U << 8)
#define APIC_DM_NMI		(4U << 8)
#define APIC_DM_INIT		(5U << 8)
#define APIC_DM_STARTUP		(6U << 8)
#define APIC_ICR_BUSY		(1U << 12)	/* delivery status: send pending */
#define APIC_ICR_ASSERT		(1U << 14)
#define APIC_ICR_LEVEL		(1U << 15)	/* level trigger (INIT de-assert) */
#define APIC_DEST_SELF		(1U << 18)
#define APIC_DEST_ALL		(2U << 18)	/* all including self */
#define APIC_DEST_OTHERS	(3U << 18)	/* all excluding self */

/*
 * lapic_init() - enable the boot CPU's local APIC (MSR and SPIV, spurious
 * vector SPURIOUS_APIC_VECTOR), map it with ioremap() and mask every LVT
 * entry we do not drive. Needs vmalloc_init() and request_vector().
 * Panics if there is no local APIC.
 */
void lapic_init(void);

/* lapic_read() / lapic_write() - access a register; lapic_init() first. */
u32 lapic_read(u32 reg);
void lapic_write(u32 reg, u32 v);

/* lapic_eoi() - signal end of interrupt for the vector being serviced. */
void lapic_eoi(void);

/*
 * lapic_timer_start() - calibrate the LAPIC timer against ktime_get_ns() and
 * start it in periodic mode at @hz on LOCAL_TIMER_VECTOR, calling
 * tick_handle_periodic() each time. Interrupts stay as they were.
 */
void lapic_timer_start(unsigned int hz);

/* Local timer interrupts taken on the calling CPU (for tests). */
u64 lapic_timer_irq_count(void);
/* ... on @cpu. */
u64 lapic_timer_irq_count_cpu(unsigned int cpu);

/*
 * lapic_init_secondary() - enable the calling AP's local APIC like
 * lapic_init() did on the boot CPU (same MMIO window, vectors already
 * claimed), with the error vector on. Context: AP init list, interrupts off.
 */
void lapic_init_secondary(void);

/*
 * lapic_timer_start_secondary() - start the calling AP's timer with the
 * boot CPU's calibrated count (no new calibration). Context: as above.
 */
void lapic_timer_start_secondary(void);

/* The calling CPU's local APIC ID. */
u32 lapic_id(void);

/*
 * lapic_send_ipi() - write the ICR: @icr_low (vector | APIC_DM_* | flags)
 * to the CPU with APIC ID @apic_id (ignored with a shorthand). Waits for
 * the previous IPI to be accepted first. Context: any; irqs saved inside.
 */
void lapic_send_ipi(u32 apic_id, u32 icr_low);

/* Wait up to @us microseconds for the ICR to become idle; false on timeout. */
bool lapic_wait_icr_idle(unsigned int us);

/* Spurious and error interrupts seen on all CPUs (for tests and reports). */
u64 lapic_spurious_count(void);
u64 lapic_error_count(void);

#endif /* _ASM_X86_APIC_H */
