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
#include <tessera/spinlock.h>
#include <asm/percpu.h>

struct fpu;
struct kthread;
struct pt_regs;
struct sched_class;

#define TASK_RUNNING		0
#define TASK_INTERRUPTIBLE	1
#define TASK_UNINTERRUPTIBLE	2
#define TASK_NORMAL		(TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE)
#define TASK_DEAD		64

#define TASK_COMM_LEN		16

/* Scheduling policies (task_struct.policy). */
#define SCHED_NORMAL		0	/* the fair class */
#define SCHED_FIFO		1	/* real-time, first in first out */
#define SCHED_IDLE		5	/* the per-CPU idle task only */

#define MAX_RT_PRIO		100	/* SCHED_FIFO priorities are 1..99 */

/* task_struct.flags */
#define PF_IDLE			0x1	/* a CPU's idle task */
#define PF_KTHREAD		0x2	/* made by kthread_create() */

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
 * The scheduler adds its own fields after these. Locking of those:
 * @pi_lock serialises wake-ups, placement and affinity changes of this
 * task (and makes @cpu stable while the task is not runnable); @on_rq,
 * @run_node and the class fields are protected by the lock of the run
 * queue of @cpu; @on_cpu is written by the CPU running the task (release)
 * and read locklessly (acquire) by wakers and reapers.
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
	const struct sched_class *sched_class;
	int policy;			/* SCHED_* */
	int rt_priority;		/* 1..99 for SCHED_FIFO, else 0 */
	unsigned int flags;		/* PF_* */
	int on_rq;			/* runnable: queued or running */
	int on_cpu;			/* on a CPU, or switching away from it */
	struct list_head run_node;	/* in the class queue, when queued */
	u64 vruntime;			/* fair: weighted ns run; relative while asleep */
	u64 exec_start;			/* ns clock when it last started to run */
	u64 slice_start;		/* sum_exec_runtime when it was last picked */
	u64 sum_exec_runtime;		/* ns run in total */
	unsigned long nvcsw;		/* voluntary switches away */
	unsigned long nivcsw;		/* preempted */
	spinlock_t pi_lock;
	unsigned long stack_size;	/* bytes at @stack (THREAD_SIZE for kthreads) */
	struct kthread *kthread;	/* kthread_create() bookkeeping */
	/* user context, switched by arch_switch_prepare() */
	u64 user_cr3;			/* page-table root to run on; 0: the kernel's */
	u64 fs_base;			/* FS base (user TLS) to load; written by the task itself */
	void *pm_thread;		/* the processor manager's per-thread state, or NULL */
};

static __always_inline struct task_struct *get_current(void)
{
	return __percpu_hdr_read(current, struct task_struct *);
}
#define current get_current()

/* The scheduler's context switch (and CPU bring-up) sets this CPU's current. */
static __always_inline void set_current_task(struct task_struct *p)
{
	__asm__ __volatile__("mov %0, %%gs:%c1" : : "r"(p),
			     "i"(PERCPU_HDR_CURRENT) : "memory");
}

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

/*
 * sched_irq_exit() - the preemption point on the way out of an interrupt.
 * If the interrupted code is a task with interrupts on and preemption
 * enabled, and this CPU has a reschedule pending, switch tasks now.
 * Context: the interrupt dispatcher, after the handler (and its EOI),
 * interrupts off, on the interrupted task's stack.
 */
void sched_irq_exit(struct pt_regs *regs);

/* Schedule if preemption is enabled and a reschedule is pending. */
void preempt_schedule(void);

void schedule(void);
int wake_up_process(struct task_struct *p);
/* Wake @p if its state is one of @state; returns 1 if it was woken. */
int wake_up_state(struct task_struct *p, unsigned int state);

/* Affinity: -EINVAL if @mask has no online CPU. */
int set_cpus_allowed(struct task_struct *p, const struct cpumask *mask);

/*
 * sched_set_fifo() - make @p a real-time FIFO task of priority @prio (1..99,
 * higher runs first); sched_set_normal() returns it to the fair class.
 * Return: 0 or -EINVAL for a priority out of range.
 */
int sched_set_fifo(struct task_struct *p, int prio);
void sched_set_normal(struct task_struct *p);

/* True if this CPU should reschedule at the next preemption point. */
bool need_resched(void);
/* Give other runnable tasks on this CPU a turn (fair: to the back). */
void yield(void);
/* A voluntary preemption point for long loops: schedules if needed. */
void cond_resched(void);

#define MAX_SCHEDULE_TIMEOUT	((long)(~0UL >> 1))

/*
 * schedule_timeout() - sleep until woken or @timeout jiffies passed. The
 * caller sets the task state first (set_current_state()); with
 * TASK_RUNNING it only yields. Returns the jiffies left (0 if it timed out).
 */
long schedule_timeout(long timeout);
long schedule_timeout_uninterruptible(long timeout);
/* Sleep at least @ms milliseconds (rounded up to whole ticks). */
void msleep(unsigned int ms);

/* Store @s as current's state, then a full barrier (before testing a condition). */
#define set_current_state(s)						\
	do {								\
		WRITE_ONCE(current->state, (s));			\
		__atomic_thread_fence(__ATOMIC_SEQ_CST);		\
	} while (0)
#define __set_current_state(s)	WRITE_ONCE(current->state, (s))

static inline unsigned int task_cpu(const struct task_struct *p)
{
	return READ_ONCE(p->cpu);
}

/* Total context switches on @cpu since boot (the benchmark reads it). */
u64 nr_context_switches(unsigned int cpu);

/* The idle task of @cpu (NULL before that CPU joined the scheduler). */
struct task_struct *idle_task(unsigned int cpu);

/*
 * Bare tasks for subsystems that manage their own threads (the processor
 * manager's user threads): task_create() returns a zeroed task, asleep,
 * fair class, allowed everywhere, that runs @fn(@arg) once woken; @fn
 * ends with task_exit(). task_free() frees a task that never ran, or one
 * that has exited and is off every CPU (task_is_dead()).
 */
struct task_struct *task_create(void (*fn)(void *), void *arg, const char *name);
__noreturn void task_exit(void);
bool task_is_dead(struct task_struct *p);
void task_free(struct task_struct *p);

/*
 * Architecture hooks (arch/x86/kernel/task/), for kernel/sched/ only.
 * __switch_to_asm() switches stacks and returns the task switched away
 * from; arch_setup_new_task() lays out a new stack so that the first
 * switch-in runs schedule_tail() and then @fn(@arg);
 * arch_switch_prepare() switches FPU state and the TSS kernel stack.
 */
struct task_struct *__switch_to_asm(struct task_struct *prev, struct task_struct *next);
void arch_setup_new_task(struct task_struct *p, void (*fn)(void *), void *arg);
void arch_switch_prepare(struct task_struct *prev, struct task_struct *next);
/* Load current's user_cr3 and fs_base now, after changing them. */
void arch_set_user_context(struct task_struct *p);
void schedule_tail(struct task_struct *prev);

#endif /* _TESSERA_SCHED_H */
