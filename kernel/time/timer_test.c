// SPDX-License-Identifier: GPL-2.0
/*
 * ktest=timers: one-shot timers fire within a tick of their expiry,
 * cancelled ones never fire, mod_timer re-arms, other CPUs' timers fire,
 * del_timer_sync waits for a running function.
 */
#include <tessera/atomic.h>
#include <tessera/ktest.h>
#include <tessera/kthread.h>
#include <tessera/smp.h>
#include <tessera/time.h>
#include <tessera/timer.h>
#include <asm/processor.h>

struct ttimer {
	struct timer_list timer;
	atomic_t fired;
	u64 fired_at;
	unsigned int cpu;
	unsigned long spin_ms;
	int started, finished;
};

static void ttimer_fn(struct timer_list *tl)
{
	struct ttimer *tt = from_timer(tt, tl, timer);

	WRITE_ONCE(tt->started, 1);
	tt->fired_at = jiffies;
	tt->cpu = smp_processor_id();
	if (tt->spin_ms)
		mdelay(tt->spin_ms);
	atomic_inc(&tt->fired);
	WRITE_ONCE(tt->finished, 1);
}

static void ttimer_init(struct ttimer *tt)
{
	*tt = (struct ttimer){ 0 };
	timer_setup(&tt->timer, ttimer_fn, 0);
}

static void timers_fire_on_time(struct ktest *t)
{
	struct ttimer tt;
	u64 exp;

	ttimer_init(&tt);
	exp = jiffies + 5;
	KTEST_EXPECT_EQ(t, mod_timer(&tt.timer, exp), 0);
	KTEST_EXPECT_TRUE(t, timer_pending(&tt.timer));
	msleep(200);
	KTEST_EXPECT_EQ(t, atomic_read(&tt.fired), 1);
	KTEST_EXPECT_GE(t, tt.fired_at, exp);
	KTEST_EXPECT_LE(t, tt.fired_at, exp + 2);
	KTEST_EXPECT_FALSE(t, timer_pending(&tt.timer));
	KTEST_EXPECT_EQ(t, del_timer_sync(&tt.timer), 0);

	/* an expiry in the past fires at the next tick */
	exp = jiffies;
	mod_timer(&tt.timer, exp - 3);
	msleep(50);
	KTEST_EXPECT_EQ(t, atomic_read(&tt.fired), 2);
	KTEST_EXPECT_LE(t, tt.fired_at, exp + 2);
}

static void timers_cancelled_never_fire(struct ktest *t)
{
	struct ttimer a, b, c;

	ttimer_init(&a);
	ttimer_init(&b);
	ttimer_init(&c);
	mod_timer(&a.timer, jiffies + 3);
	mod_timer(&b.timer, jiffies + 4);
	mod_timer(&c.timer, jiffies + 5);
	KTEST_EXPECT_EQ(t, del_timer(&a.timer), 1);
	KTEST_EXPECT_EQ(t, del_timer_sync(&c.timer), 1);
	KTEST_EXPECT_EQ(t, del_timer(&a.timer), 0);
	msleep(150);
	KTEST_EXPECT_EQ(t, atomic_read(&a.fired), 0);
	KTEST_EXPECT_EQ(t, atomic_read(&b.fired), 1);
	KTEST_EXPECT_EQ(t, atomic_read(&c.fired), 0);
	KTEST_EXPECT_EQ(t, del_timer_sync(&b.timer), 0);
}

static void timers_mod_rearms(struct ktest *t)
{
	struct ttimer tt;
	u64 exp;

	ttimer_init(&tt);
	mod_timer(&tt.timer, jiffies + 10 * CONFIG_HZ);	/* far away */
	exp = jiffies + 3;
	KTEST_EXPECT_EQ(t, mod_timer(&tt.timer, exp), 1);	/* pulled in */
	msleep(100);
	KTEST_EXPECT_EQ(t, atomic_read(&tt.fired), 1);
	KTEST_EXPECT_LE(t, tt.fired_at, exp + 2);
	/* fired timers can be armed again; pushing one out delays it */
	exp = jiffies + 3;
	KTEST_EXPECT_EQ(t, mod_timer(&tt.timer, exp), 0);
	KTEST_EXPECT_EQ(t, mod_timer(&tt.timer, exp + 20), 1);
	msleep(60);
	KTEST_EXPECT_EQ(t, atomic_read(&tt.fired), 1);
	msleep(300);
	KTEST_EXPECT_EQ(t, atomic_read(&tt.fired), 2);
	KTEST_EXPECT_GE(t, tt.fired_at, exp + 20);
}

static int arm_fn(void *data)
{
	struct ttimer *tt = data;

	mod_timer(&tt->timer, jiffies + 2);
	return smp_processor_id();
}

static void timers_other_cpu(struct ktest *t)
{
	unsigned int cpu, n = 0;
	struct task_struct *k;
	struct ttimer tt[2];

	for_each_online_cpu(cpu) {
		ttimer_init(&tt[0]);
		ttimer_init(&tt[1]);
		k = kthread_create_on_cpu(arm_fn, &tt[0], cpu, "arm/%u", cpu);
		KTEST_ASSERT_TRUE(t, !IS_ERR(k));
		wake_up_process(k);
		KTEST_EXPECT_EQ(t, kthread_stop(k), (int)cpu);
		/* and one armed there, cancelled from here */
		k = kthread_create_on_cpu(arm_fn, &tt[1], cpu, "arm/%u", cpu);
		KTEST_ASSERT_TRUE(t, !IS_ERR(k));
		wake_up_process(k);
		KTEST_EXPECT_EQ(t, kthread_stop(k), (int)cpu);
		del_timer_sync(&tt[1].timer);
		msleep(60);
		KTEST_EXPECT_EQ(t, atomic_read(&tt[0].fired), 1);
		KTEST_EXPECT_EQ(t, tt[0].cpu, cpu);
		KTEST_EXPECT_EQ(t, atomic_read(&tt[1].fired), 0);
		n++;
	}
	KTEST_EXPECT_EQ(t, n, num_online_cpus());
}

static void timers_del_sync_waits(struct ktest *t)
{
	unsigned int cpu, target = 0;
	struct task_struct *k;
	struct ttimer tt;
	u64 deadline;

	for_each_online_cpu(cpu)
		target = cpu;
	if (num_online_cpus() < 2) {
		ktest_skip(t, "needs two CPUs");
		return;
	}
	ttimer_init(&tt);
	tt.spin_ms = 30;
	k = kthread_create_on_cpu(arm_fn, &tt, target, "arm-sync");
	KTEST_ASSERT_TRUE(t, !IS_ERR(k));
	wake_up_process(k);
	kthread_stop(k);
	deadline = ktime_get_ns() + 2 * NSEC_PER_SEC;
	while (!READ_ONCE(tt.started) && ktime_get_ns() < deadline)
		cpu_relax();
	KTEST_ASSERT_TRUE(t, READ_ONCE(tt.started));
	del_timer_sync(&tt.timer);
	KTEST_EXPECT_EQ(t, READ_ONCE(tt.finished), 1);	/* waited for it */
	KTEST_EXPECT_EQ(t, atomic_read(&tt.fired), 1);
}

static void timers_many(struct ktest *t)
{
	static struct ttimer tt[40];
	u64 base = jiffies;
	int i, fired = 0;

	for (i = 0; i < 40; i++) {
		ttimer_init(&tt[i]);
		mod_timer(&tt[i].timer, base + 2 + (i * 7) % 13);
	}
	for (i = 0; i < 40; i += 2)
		del_timer(&tt[i].timer);
	msleep(300);
	for (i = 0; i < 40; i++) {
		if (i % 2) {
			KTEST_EXPECT_EQ(t, atomic_read(&tt[i].fired), 1);
			KTEST_EXPECT_GE(t, tt[i].fired_at, tt[i].timer.expires);
			KTEST_EXPECT_LE(t, tt[i].fired_at, tt[i].timer.expires + 2);
			fired++;
		} else {
			KTEST_EXPECT_EQ(t, atomic_read(&tt[i].fired), 0);
		}
	}
	KTEST_EXPECT_EQ(t, fired, 20);
}

KTEST_SUITE(timers, NULL, NULL,
	    KTEST_CASE(timers_fire_on_time),
	    KTEST_CASE(timers_cancelled_never_fire),
	    KTEST_CASE(timers_mod_rearms),
	    KTEST_CASE(timers_other_cpu),
	    KTEST_CASE(timers_del_sync_waits),
	    KTEST_CASE(timers_many));
