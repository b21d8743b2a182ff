/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private interfaces between the SMP files: the call entry shared by the
 * call-function and shootdown queues (ipi.c, tlb.c), and their pollers.
 */
#ifndef _ARCH_X86_KERNEL_SMP_INTERNAL_H
#define _ARCH_X86_KERNEL_SMP_INTERNAL_H

#include <tessera/smp.h>

/**
 * struct call_single_data - one queued cross-CPU request
 * @next: queue link (owned by the queue while queued)
 * @func: call-function: what to run
 * @info: its argument
 * @start: shootdown: first address to flush
 * @end: shootdown: one past the last
 * @wait: the sender waits for completion (release after running)
 * @pending: 1 from claim by the sender until the target is done with it
 */
struct call_single_data {
	struct call_single_data *next;
	smp_call_func_t func;
	void *info;
	unsigned long start;
	unsigned long end;
	bool wait;
	int pending;
};

void csd_queue_push(struct call_single_data **head, struct call_single_data *csd);
struct call_single_data *csd_queue_take(struct call_single_data **head);

/* Answer queued calls and shootdowns now; interrupts off. */
void smp_poll_ipis(void);
/* Answer queued shootdowns now; interrupts off. */
void tlb_poll_shootdowns(void);
/* Claim the shootdown vector and make its slots (smp_ipi_init()). */
int tlb_init(void);

#endif /* _ARCH_X86_KERNEL_SMP_INTERNAL_H */
