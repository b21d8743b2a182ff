// SPDX-License-Identifier: GPL-2.0
/*
 * ktest=counters: kernel threads on every CPU increment shared counters
 * under a spinlock, a mutex and with atomics; the totals must be exact.
 */
#include <tessera/atomic.h>
#include <tessera/completion.h>
#include <tessera/ktest.h>
#include <tessera/kthread.h>
#include <tessera/mutex.h>
#include <tessera/slab.h>
#include <tessera/smp.h>

#define SPIN_ITERS	50000
#define MUTEX_ITERS	5000
#define ATOMIC_ITERS	50000

struct counters {
	struct completion go;
	spinlock_t lock;
	struct mutex mutex;
	u64 spin_total;		/* under lock */
	u64 mutex_total;	/* under mutex */
	atomic64_t atomic_total;
	atomic_t wrong_cpu;
};

struct worker {
	struct counters *c;
	unsigned int cpu;
};

static int counter_fn(void *data)
{
	struct worker *w = data;
	struct counters *c = w->c;
	unsigned long flags;
	int i;

	wait_for_completion(&c->go);
	for (i = 0; i < SPIN_ITERS; i++) {
		if (i & 1) {
			spin_lock(&c->lock);
			c->spin_total++;
			spin_unlock(&c->lock);
		} else {
			spin_lock_irqsave(&c->lock, flags);
			c->spin_total++;
			spin_unlock_irqrestore(&c->lock, flags);
		}
	}
	for (i = 0; i < MUTEX_ITERS; i++) {
		mutex_lock(&c->mutex);
		c->mutex_total++;
		mutex_unlock(&c->mutex);
	}
	for (i = 0; i < ATOMIC_ITERS; i++)
		atomic64_inc(&c->atomic_total);
	if (smp_processor_id() != w->cpu)
		atomic_inc(&c->wrong_cpu);
	return 0;
}

static void run_counters(struct ktest *t, unsigned int per_cpu)
{
	unsigned int ncpu = num_online_cpus(), n = ncpu * per_cpu, i = 0, cpu, j;
	struct task_struct **k;
	struct worker *w;
	struct counters *c;

	c = kzalloc(sizeof(*c), GFP_KERNEL);
	k = kzalloc(n * sizeof(*k), GFP_KERNEL);
	w = kzalloc(n * sizeof(*w), GFP_KERNEL);
	KTEST_ASSERT_TRUE(t, c && k && w);
	init_completion(&c->go);
	spin_lock_init(&c->lock);
	mutex_init(&c->mutex);
	for (j = 0; j < per_cpu; j++) {
		for_each_online_cpu(cpu) {
			w[i].c = c;
			w[i].cpu = cpu;
			k[i] = kthread_create_on_cpu(counter_fn, &w[i], cpu, "count/%u", i);
			KTEST_ASSERT_TRUE(t, !IS_ERR(k[i]));
			wake_up_process(k[i]);
			i++;
		}
	}
	complete_all(&c->go);
	for (i = 0; i < n; i++)
		KTEST_EXPECT_EQ(t, kthread_stop(k[i]), 0);
	KTEST_EXPECT_EQ(t, c->spin_total, (u64)n * SPIN_ITERS);
	KTEST_EXPECT_EQ(t, c->mutex_total, (u64)n * MUTEX_ITERS);
	KTEST_EXPECT_EQ(t, atomic64_read(&c->atomic_total), (s64)n * ATOMIC_ITERS);
	KTEST_EXPECT_EQ(t, atomic_read(&c->wrong_cpu), 0);
	KTEST_EXPECT_FALSE(t, mutex_is_locked(&c->mutex));
	kfree(w);
	kfree(k);
	kfree(c);
}

/* One thread per CPU: true parallelism. */
static void counters_one_per_cpu(struct ktest *t)
{
	run_counters(t, 1);
}

/* Three per CPU: contention plus preemption inside critical sections. */
static void counters_three_per_cpu(struct ktest *t)
{
	run_counters(t, 3);
}

KTEST_SUITE(counters, NULL, NULL,
	    KTEST_CASE(counters_one_per_cpu),
	    KTEST_CASE(counters_three_per_cpu));
