/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tasks and the scheduler: the contract other subsystems rely on. The
 * scheduler (kernel/sched/) owns this header and adds to it; the fields
 * below and the hooks named here are what SMP bring-up and the FPU code use.
 */
#ifndef _TESSERA_SCHED_H
#define _TESSERA_SCHED_H

#include <tessera/kernel.h>
#include <tessera/cpumask.h>
#include <tessera/list.h>
#include <asm/percpu.h>

struct fpu;

#define TASK_RUNNING		0
#define TASK_INTERRUPTIBLE	1
#define TASK_UNINTERRUPTIBLE	2
#define TASK_DEAD		64

#define TASK_COMM_LEN		16

/**
 * struct task_struct - a kernel thread (and later, a user thread)
 * @rsp: saved kernel stack pointer while switched out (arch switch code)
 * @stack: base of the kernel stack (alloc_kernel_stack()), THREAD_SIZE bytes
 * @fpu: this task's FPU/SSE/AVX state, from fpu_alloc(); 64-byte aligned
 * @state: TASK_* ; written with set_current_state()
 * @cpu: the CPU it runs or last ran on
 * @cpus_allowed: where it may run
 * @comm: name, for reports
 *
 * The scheduler adds its own fields after these.
 */
struct task_struct {
	unsigned long rsp;
	void *stack;
	struct fpu *fpu;
	volatile long state;
	unsigned int cpu;
	struct cpumask cpus_allowed;
	char comm[TASK_COMM_LEN];
	/* scheduler-private fields follow (kernel/sched/) */
};

static __always_inline struct task_struct *get_current(void)
{
	return __percpu_hdr_read(current, struct task_struct *);
}
#define current get_current()

/*
 * sched_init() - turn the running boot context into the first task ("init",
 * CPU 0) and create CPU 0's idle task. Context: boot CPU, on the guarded
 * stack, after percpu_init(); interrupts still off.
 */
void sched_init(void);

/*
 * sched_start_secondary() - called last in an AP's init list: makes the
 * running context this CPU's idle task, enables interrupts and schedules.
 * Never returns.
 */
__noreturn void sched_start_secondary(unsigned int cpu);

/* The periodic tick on every CPU calls this (kernel/time/tick.c). */
void scheduler_tick(void);

/* The reschedule IPI handler calls this. */
void scheduler_ipi(void);

void schedule(void);
int wake_up_process(struct task_struct *p);

/* Affinity: -EINVAL if @mask has no online CPU. */
int set_cpus_allowed(struct task_struct *p, const struct cpumask *mask);

#endif /* _TESSERA_SCHED_H */
