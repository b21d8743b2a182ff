// SPDX-License-Identifier: GPL-2.0
/*
 * ktest=sched: kthread lifecycle, affinity and pinning, preemption, the
 * FIFO class, sleep durations, wait queues, completions, mutex owners.
 */
#include <tessera/atomic.h>
#include <tessera/bug.h>
#include <tessera/printk.h>
#include <tessera/completion.h>
#include <tessera/errno.h>
#include <tessera/ktest.h>
#include <tessera/kthread.h>
#include <tessera/mm.h>
#include <tessera/mutex.h>
#include <tessera/smp.h>
#include <tessera/time.h>
#include <tessera/timer.h>
#include <tessera/vsprintf.h>
#include <asm/processor.h>
#include <tessera/wait.h>

static unsigned int last_online_cpu(void)
{
	unsigned int cpu, last = 0;

	for_each_online_cpu(cpu)
		last = cpu;
	return last;
}

static void allow_all(void)
{
	set_cpus_allowed(current, cpu_online_mask);
}

struct life {
	int ran;
	int arg;
};

static int life_fn(void *data)
{
	struct life *l = data;

	WRITE_ONCE(l->ran, 1);
	while (!kthread_should_stop())
		msleep(1);
	return l->arg + 1;
}

static void sched_kthread_lifecycle(struct ktest *t)
{
	struct task_struct *k;
	struct life l = { .arg = 41 };
	unsigned long before;
	char name[TASK_COMM_LEN];
	int i, ret;

	/* warm the caches (slab pages, vmalloc page tables) first */
	k = kthread_run(life_fn, &l, "warm");
	KTEST_ASSERT_TRUE(t, !IS_ERR(k));
	while (!READ_ONCE(l.ran))
		msleep(1);
	KTEST_EXPECT_EQ(t, kthread_stop(k), 42);
	KTEST_EXPECT_EQ(t, l.ran, 1);

	before = nr_free_pages();
	for (i = 0; i < 20; i++) {
		l.ran = 0;
		l.arg = i;
		k = kthread_run(life_fn, &l, "life/%d", i);
		KTEST_ASSERT_TRUE(t, !IS_ERR(k));
		snprintf(name, sizeof(name), "life/%d", i);
		KTEST_EXPECT_STREQ(t, k->comm, name);
		while (!READ_ONCE(l.ran))
			msleep(1);
		ret = kthread_stop(k);
		KTEST_EXPECT_EQ(t, ret, i + 1);
	}
	KTEST_EXPECT_EQ(t, nr_free_pages(), before);
}

static int never_fn(void *data)
{
	WRITE_ONCE(*(int *)data, 1);
	return 7;
}

static void sched_stop_before_run(struct ktest *t)
{
	struct task_struct *k;
	int ran = 0;

	k = kthread_create(never_fn, &ran, "never");
	KTEST_ASSERT_TRUE(t, !IS_ERR(k));
	KTEST_EXPECT_EQ(t, kthread_stop(k), -EINTR);
	KTEST_EXPECT_EQ(t, ran, 0);
	KTEST_EXPECT_TRUE(t, IS_ERR(kthread_create(NULL, NULL, "bad")));
}

static void sched_affinity_reject(struct ktest *t)
{
	struct cpumask m;
	struct task_struct *k;
	unsigned int off = CONFIG_NR_CPUS - 1;
	int ran = 0;

	cpumask_clear(&m);
	KTEST_EXPECT_EQ(t, set_cpus_allowed(current, &m), -EINVAL);
	if (!cpumask_test_cpu(off, cpu_online_mask)) {
		cpumask_of(&m, off);
		KTEST_EXPECT_EQ(t, set_cpus_allowed(current, &m), -EINVAL);
		k = kthread_create_on_cpu(never_fn, &ran, off, "off");
		KTEST_EXPECT_TRUE(t, IS_ERR(k) && PTR_ERR(k) == -EINVAL);
	}
	k = kthread_create(never_fn, &ran, "bind");
	KTEST_ASSERT_TRUE(t, !IS_ERR(k));
	KTEST_EXPECT_EQ(t, kthread_bind(k, CONFIG_NR_CPUS + 5), -EINVAL);
	KTEST_EXPECT_EQ(t, kthread_stop(k), -EINTR);
	/* the current task still runs where it did: nothing was changed */
	KTEST_EXPECT_TRUE(t, cpumask_test_cpu(smp_processor_id(), &current->cpus_allowed));
}

struct pin {
	unsigned int cpu;
	int bad;
	int rounds;
};

static int pin_fn(void *data)
{
	struct pin *p = data;
	int i;

	for (i = 0; i < 20; i++) {
		if (smp_processor_id() != p->cpu)
			p->bad++;
		if (i & 1)
			msleep(1);
		else
			yield();
		p->rounds++;
	}
	return 0;
}

static void sched_pinning(struct ktest *t)
{
	struct task_struct *k[CONFIG_NR_CPUS];
	struct pin pins[CONFIG_NR_CPUS];
	struct cpumask m;
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		pins[cpu] = (struct pin){ .cpu = cpu };
		k[cpu] = kthread_create_on_cpu(pin_fn, &pins[cpu], cpu, "pin/%u", cpu);
		KTEST_ASSERT_TRUE(t, !IS_ERR(k[cpu]));
		wake_up_process(k[cpu]);
	}
	for_each_online_cpu(cpu) {
		KTEST_EXPECT_EQ(t, kthread_stop(k[cpu]), 0);
		KTEST_EXPECT_EQ(t, pins[cpu].bad, 0);
		KTEST_EXPECT_EQ(t, pins[cpu].rounds, 20);
	}
	/* current moves itself to each CPU in turn */
	for_each_online_cpu(cpu) {
		cpumask_of(&m, cpu);
		KTEST_EXPECT_EQ(t, set_cpus_allowed(current, &m), 0);
		KTEST_EXPECT_EQ(t, smp_processor_id(), cpu);
		msleep(2);
		KTEST_EXPECT_EQ(t, smp_processor_id(), cpu);
	}
	allow_all();
}

struct busy {
	int started;
	int finished;		/* the hog left its loop */
	int other_ran;
	int hog_was_done;	/* what "other" saw when it ran */
	u64 spins;
};

/* Never sleeps or yields; gives up after 3 s so a broken tick fails, not hangs. */
static int busy_fn(void *data)
{
	u64 end = ktime_get_ns() + 3 * NSEC_PER_SEC;
	struct busy *b = data;

	WRITE_ONCE(b->started, 1);
	while (!kthread_should_stop() && ktime_get_ns() < end)
		b->spins++;
	WRITE_ONCE(b->finished, 1);
	return 0;
}

static int other_fn(void *data)
{
	struct busy *b = data;

	b->hog_was_done = READ_ONCE(b->finished);
	WRITE_ONCE(b->other_ran, 1);
	return 0;
}

static void sched_preempt_busy(struct ktest *t)
{
	unsigned int cpu = last_online_cpu();
	struct task_struct *hog, *other;
	struct busy b = { 0 };
	u64 t0;
	int i;

	hog = kthread_create_on_cpu(busy_fn, &b, cpu, "hog");
	KTEST_ASSERT_TRUE(t, !IS_ERR(hog));
	wake_up_process(hog);
	for (i = 0; i < 1000 && !READ_ONCE(b.started); i++)
		msleep(1);
	KTEST_EXPECT_EQ(t, b.started, 1);
	other = kthread_create_on_cpu(other_fn, &b, cpu, "other");
	KTEST_ASSERT_TRUE(t, !IS_ERR(other));
	t0 = ktime_get_ns();
	wake_up_process(other);
	for (i = 0; i < 200 && !READ_ONCE(b.other_ran); i++)
		msleep(10);
	KTEST_EXPECT_EQ(t, READ_ONCE(b.other_ran), 1);
	KTEST_EXPECT_EQ(t, b.hog_was_done, 0);	/* it ran while the hog spun */
	KTEST_EXPECT_LT(t, ktime_get_ns() - t0, NSEC_PER_SEC);
	KTEST_EXPECT_GT(t, READ_ONCE(hog->nivcsw), 0UL);	/* it was preempted */
	KTEST_EXPECT_EQ(t, kthread_stop(other), 0);
	KTEST_EXPECT_EQ(t, kthread_stop(hog), 0);
	KTEST_EXPECT_GT(t, b.spins, 0ULL);
}

struct rtf {
	volatile u64 fair_count;
	u64 seen_before, seen_after;
	int done;
};

static int fair_spin(void *data)
{
	u64 end = ktime_get_ns() + 3 * NSEC_PER_SEC;
	struct rtf *r = data;

	while (!kthread_should_stop() && ktime_get_ns() < end)
		r->fair_count++;
	return 0;
}

static int rt_spin(void *data)
{
	struct rtf *r = data;
	u64 end;

	r->seen_before = r->fair_count;
	end = ktime_get_ns() + 100 * NSEC_PER_MSEC;
	while (ktime_get_ns() < end)
		cpu_relax();
	r->seen_after = r->fair_count;
	WRITE_ONCE(r->done, 1);
	while (!kthread_should_stop())
		msleep(1);
	return current->policy;
}

static void sched_rt_beats_fair(struct ktest *t)
{
	unsigned int cpu = last_online_cpu();
	struct task_struct *fair, *rt;
	struct rtf r = { 0 };
	u64 c;
	int i;

	fair = kthread_create_on_cpu(fair_spin, &r, cpu, "fair-spin");
	KTEST_ASSERT_TRUE(t, !IS_ERR(fair));
	wake_up_process(fair);
	for (i = 0; i < 1000 && !r.fair_count; i++)
		msleep(1);
	rt = kthread_create_on_cpu(rt_spin, &r, cpu, "rt-spin");
	KTEST_ASSERT_TRUE(t, !IS_ERR(rt));
	KTEST_EXPECT_EQ(t, sched_set_fifo(rt, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, sched_set_fifo(rt, 100), -EINVAL);
	KTEST_EXPECT_EQ(t, sched_set_fifo(rt, 50), 0);
	wake_up_process(rt);
	for (i = 0; i < 500 && !READ_ONCE(r.done); i++)
		msleep(5);
	KTEST_EXPECT_EQ(t, READ_ONCE(r.done), 1);
	KTEST_EXPECT_EQ(t, r.seen_after, r.seen_before);
	/* with the FIFO thread asleep the fair one runs again */
	c = r.fair_count;
	msleep(50);
	KTEST_EXPECT_GT(t, r.fair_count, c);
	KTEST_EXPECT_EQ(t, kthread_stop(rt), SCHED_FIFO);
	KTEST_EXPECT_EQ(t, kthread_stop(fair), 0);
}

static void sched_sleep_durations(struct ktest *t)
{
	u64 t0, ns, j0, j;
	long left;

	t0 = ktime_get_ns();
	msleep(50);
	ns = ktime_get_ns() - t0;
	KTEST_EXPECT_GE(t, ns, 50 * NSEC_PER_MSEC);
	KTEST_EXPECT_LT(t, ns, 500 * NSEC_PER_MSEC);

	j0 = jiffies;
	set_current_state(TASK_UNINTERRUPTIBLE);
	left = schedule_timeout(5);
	j = jiffies - j0;
	KTEST_EXPECT_EQ(t, left, 0L);
	KTEST_EXPECT_GE(t, j, 5ULL);
	KTEST_EXPECT_LT(t, j, 5ULL + CONFIG_HZ / 2);

	/* TASK_RUNNING: returns at once with the full timeout */
	__set_current_state(TASK_RUNNING);
	j0 = jiffies;
	left = schedule_timeout(100);
	KTEST_EXPECT_GT(t, left, 90L);
	KTEST_EXPECT_LT(t, jiffies - j0, 10ULL);
}

struct wq_test {
	struct wait_queue_head wq;
	int flag;
	atomic_t woken;
};

static int wq_waiter(void *data)
{
	struct wq_test *w = data;

	wait_event(w->wq, READ_ONCE(w->flag));
	atomic_inc(&w->woken);
	return 0;
}

static int wq_setter(void *data)
{
	struct wq_test *w = data;

	msleep(20);
	WRITE_ONCE(w->flag, 1);
	wake_up(&w->wq);
	return 0;
}

static void sched_waitqueue(struct ktest *t)
{
	struct task_struct *k[4];
	struct wq_test w;
	u64 j0;
	long r;
	int i;

	init_waitqueue_head(&w.wq);
	w.flag = 0;
	atomic_set(&w.woken, 0);
	j0 = jiffies;
	r = wait_event_timeout(w.wq, READ_ONCE(w.flag), 3);
	KTEST_EXPECT_EQ(t, r, 0L);
	KTEST_EXPECT_GE(t, jiffies - j0, 3ULL);

	k[0] = kthread_run(wq_setter, &w, "wq-set");
	KTEST_ASSERT_TRUE(t, !IS_ERR(k[0]));
	r = wait_event_timeout(w.wq, READ_ONCE(w.flag), 10 * CONFIG_HZ);
	KTEST_EXPECT_GT(t, r, 0L);
	KTEST_EXPECT_EQ(t, kthread_stop(k[0]), 0);

	w.flag = 0;
	for (i = 0; i < 4; i++) {
		k[i] = kthread_run(wq_waiter, &w, "wq-wait/%d", i);
		KTEST_ASSERT_TRUE(t, !IS_ERR(k[i]));
	}
	msleep(30);
	KTEST_EXPECT_EQ(t, atomic_read(&w.woken), 0);
	WRITE_ONCE(w.flag, 1);
	wake_up_all(&w.wq);
	for (i = 0; i < 4; i++)
		KTEST_EXPECT_EQ(t, kthread_stop(k[i]), 0);
	KTEST_EXPECT_EQ(t, atomic_read(&w.woken), 4);
	KTEST_EXPECT_FALSE(t, waitqueue_active(&w.wq));
}

static int comp_waiter(void *data)
{
	wait_for_completion(data);
	return 5;
}

static void sched_completion(struct ktest *t)
{
	struct task_struct *k[3];
	struct completion c;
	int i;

	init_completion(&c);
	KTEST_EXPECT_FALSE(t, try_wait_for_completion(&c));
	KTEST_EXPECT_EQ(t, wait_for_completion_timeout(&c, 2), 0L);
	complete(&c);
	complete(&c);
	KTEST_EXPECT_TRUE(t, completion_done(&c));
	KTEST_EXPECT_GT(t, wait_for_completion_timeout(&c, 2), 0L);
	KTEST_EXPECT_TRUE(t, try_wait_for_completion(&c));
	KTEST_EXPECT_FALSE(t, try_wait_for_completion(&c));

	for (i = 0; i < 3; i++) {
		k[i] = kthread_run(comp_waiter, &c, "comp/%d", i);
		KTEST_ASSERT_TRUE(t, !IS_ERR(k[i]));
	}
	msleep(20);
	complete_all(&c);
	for (i = 0; i < 3; i++)
		KTEST_EXPECT_EQ(t, kthread_stop(k[i]), 5);
	KTEST_EXPECT_TRUE(t, try_wait_for_completion(&c));	/* stays done */
}

struct mtx {
	struct mutex m;
	struct completion locked, release;
};

static int mutex_holder(void *data)
{
	struct mtx *x = data;

	mutex_lock(&x->m);
	complete(&x->locked);
	wait_for_completion(&x->release);
	mutex_unlock(&x->m);
	return 0;
}

static void sched_mutex_owner(struct ktest *t)
{
	struct task_struct *k;
	unsigned long warns;
	struct mtx x;

	mutex_init(&x.m);
	init_completion(&x.locked);
	init_completion(&x.release);
	KTEST_EXPECT_TRUE(t, mutex_trylock(&x.m));
	KTEST_EXPECT_FALSE(t, mutex_trylock(&x.m));
	mutex_unlock(&x.m);
	KTEST_EXPECT_FALSE(t, mutex_is_locked(&x.m));

	k = kthread_run(mutex_holder, &x, "mutex-holder");
	KTEST_ASSERT_TRUE(t, !IS_ERR(k));
	wait_for_completion(&x.locked);
	KTEST_EXPECT_FALSE(t, mutex_trylock(&x.m));
	warns = warn_count;
	mutex_unlock(&x.m);		/* not ours: WARN, stays locked */
	KTEST_EXPECT_EQ(t, warn_count, warns + 1);
	KTEST_EXPECT_PTR_EQ(t, x.m.owner, k);
	complete(&x.release);
	mutex_lock(&x.m);		/* sleeps until the holder lets go */
	KTEST_EXPECT_PTR_EQ(t, x.m.owner, current);
	mutex_unlock(&x.m);
	KTEST_EXPECT_EQ(t, kthread_stop(k), 0);
}

static int park_fn(void *data)
{
	atomic_t *count = data;

	while (!kthread_should_stop()) {
		if (kthread_should_park())
			kthread_parkme();
		atomic_inc(count);
		msleep(1);
	}
	return 3;
}

static void sched_park(struct ktest *t)
{
	struct task_struct *k;
	atomic_t count = ATOMIC_INIT(0);
	int c;

	k = kthread_run(park_fn, &count, "parky");
	KTEST_ASSERT_TRUE(t, !IS_ERR(k));
	msleep(20);
	KTEST_EXPECT_GT(t, atomic_read(&count), 0);
	KTEST_EXPECT_EQ(t, kthread_park(k), 0);
	c = atomic_read(&count);
	msleep(50);
	KTEST_EXPECT_EQ(t, atomic_read(&count), c);
	kthread_unpark(k);
	msleep(50);
	KTEST_EXPECT_GT(t, atomic_read(&count), c);
	KTEST_EXPECT_EQ(t, kthread_park(k), 0);
	KTEST_EXPECT_EQ(t, kthread_stop(k), 3);	/* stop a parked thread */
	KTEST_EXPECT_EQ(t, kthread_park(current), -ENOSYS);
}

KTEST_SUITE(sched, NULL, NULL,
	    KTEST_CASE(sched_kthread_lifecycle),
	    KTEST_CASE(sched_stop_before_run),
	    KTEST_CASE(sched_affinity_reject),
	    KTEST_CASE(sched_pinning),
	    KTEST_CASE(sched_preempt_busy),
	    KTEST_CASE(sched_rt_beats_fair),
	    KTEST_CASE(sched_sleep_durations),
	    KTEST_CASE(sched_waitqueue),
	    KTEST_CASE(sched_completion),
	    KTEST_CASE(sched_mutex_owner),
	    KTEST_CASE(sched_park));
