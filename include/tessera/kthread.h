/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel threads: create, start, stop (collecting the return value), park
 * and bind. Every thread made by kthread_create() must be reaped with
 * kthread_stop(), which frees its stack and task.
 */
#ifndef _TESSERA_KTHREAD_H
#define _TESSERA_KTHREAD_H

#include <tessera/err.h>
#include <tessera/sched.h>

/*
 * kthread_create() - make a kernel thread running @fn(@data), named from
 * @fmt, asleep until wake_up_process(). Fair class, any online CPU.
 * Return: the task or ERR_PTR(-ENOMEM).
 */
__printf(3, 4) struct task_struct *kthread_create(int (*fn)(void *data), void *data,
						  const char *fmt, ...);

/* kthread_create() then wake_up_process(). */
#define kthread_run(fn, data, fmt, ...) ({				\
	struct task_struct *__k = kthread_create(fn, data, fmt, ##__VA_ARGS__); \
	if (!IS_ERR(__k))						\
		wake_up_process(__k);					\
	__k;								\
})

/*
 * kthread_stop() - ask @k to stop (kthread_should_stop() turns true), wake
 * it, wait for it to exit and free it. Return: @fn's return value, or
 * -EINTR if @k was stopped before it ever ran @fn.
 */
int kthread_stop(struct task_struct *k);
bool kthread_should_stop(void);

/*
 * kthread_park() - ask @k to park and wait until it sits in
 * kthread_parkme(); kthread_unpark() lets it continue. Return: 0, or
 * -ENOSYS if @k is not a kthread, -EBUSY if it already exited.
 */
int kthread_park(struct task_struct *k);
void kthread_unpark(struct task_struct *k);
bool kthread_should_park(void);
/* Called by the thread when kthread_should_park(): sleeps while parked. */
void kthread_parkme(void);

/* Pin @k to @cpu for good. Return: 0 or -EINVAL (CPU not online). */
int kthread_bind(struct task_struct *k, unsigned int cpu);

/* kthread_create() + kthread_bind(). */
__printf(4, 5) struct task_struct *kthread_create_on_cpu(int (*fn)(void *data), void *data,
							 unsigned int cpu, const char *fmt, ...);

#endif /* _TESSERA_KTHREAD_H */
