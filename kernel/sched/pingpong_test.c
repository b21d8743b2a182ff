// SPDX-License-Identifier: GPL-2.0
/*
 * ktest=pingpong: two threads pinned on different CPUs (the same CPU with
 * -smp 1) wake each other pingpong.rounds times; no wake-up may be lost.
 */
#include <tessera/completion.h>
#include <tessera/ktest.h>
#include <tessera/kthread.h>
#include <tessera/param.h>
#include <tessera/printk.h>
#include <tessera/smp.h>
#include <tessera/time.h>
#include <tessera/wait.h>

static unsigned int pingpong_rounds = 100000;
param_uint(pingpong.rounds, pingpong_rounds,
	   "round trips of ktest=pingpong (default 100000)");

struct pp {
	struct completion ping, pong;
	struct wait_queue_head wq;
	unsigned int turn;		/* wait-queue variant: whose move */
	unsigned int rounds;
	unsigned int a_done, b_done;
	unsigned int out_of_order;
};

static int comp_a(void *data)
{
	struct pp *p = data;
	unsigned int i;

	for (i = 0; i < p->rounds; i++) {
		complete(&p->ping);
		wait_for_completion(&p->pong);
		p->a_done++;
	}
	return 0;
}

static int comp_b(void *data)
{
	struct pp *p = data;
	unsigned int i;

	for (i = 0; i < p->rounds; i++) {
		wait_for_completion(&p->ping);
		if (p->b_done != p->a_done)
			p->out_of_order++;
		p->b_done++;
		complete(&p->pong);
	}
	return 0;
}

static int wq_a(void *data)
{
	struct pp *p = data;
	unsigned int i;

	for (i = 0; i < p->rounds; i++) {
		wait_event(p->wq, READ_ONCE(p->turn) == 2 * i);
		WRITE_ONCE(p->turn, 2 * i + 1);
		wake_up(&p->wq);
		p->a_done++;
	}
	return 0;
}

static int wq_b(void *data)
{
	struct pp *p = data;
	unsigned int i;

	for (i = 0; i < p->rounds; i++) {
		wait_event(p->wq, READ_ONCE(p->turn) == 2 * i + 1);
		p->b_done++;
		WRITE_ONCE(p->turn, 2 * i + 2);
		wake_up(&p->wq);
	}
	return 0;
}

static void run_pingpong(struct ktest *t, int (*fa)(void *), int (*fb)(void *),
			 unsigned int rounds, const char *what)
{
	unsigned int cpu_a = 0, cpu_b = 0, cpu;
	struct task_struct *a, *b;
	struct pp p = { .rounds = rounds };
	u64 t0, ns;

	for_each_online_cpu(cpu)
		cpu_b = cpu;
	init_completion(&p.ping);
	init_completion(&p.pong);
	init_waitqueue_head(&p.wq);
	a = kthread_create_on_cpu(fa, &p, cpu_a, "ping");
	KTEST_ASSERT_TRUE(t, !IS_ERR(a));
	b = kthread_create_on_cpu(fb, &p, cpu_b, "pong");
	KTEST_ASSERT_TRUE(t, !IS_ERR(b));
	t0 = ktime_get_ns();
	wake_up_process(b);
	wake_up_process(a);
	KTEST_EXPECT_EQ(t, kthread_stop(a), 0);
	KTEST_EXPECT_EQ(t, kthread_stop(b), 0);
	ns = ktime_get_ns() - t0;
	KTEST_EXPECT_EQ(t, p.a_done, rounds);
	KTEST_EXPECT_EQ(t, p.b_done, rounds);
	KTEST_EXPECT_EQ(t, p.out_of_order, 0u);
	KTEST_EXPECT_FALSE(t, completion_done(&p.ping));	/* none left over */
	KTEST_EXPECT_FALSE(t, completion_done(&p.pong));
	pr_info("pingpong: %s: %u round trips CPU %u <-> CPU %u in %lu ms (%lu ns each)\n",
		what, rounds, cpu_a, cpu_b, (u64)(ns / NSEC_PER_MSEC), rounds ? ns / rounds : 0);
}

static void pingpong_completions(struct ktest *t)
{
	run_pingpong(t, comp_a, comp_b, pingpong_rounds, "completions");
}

static void pingpong_waitqueue(struct ktest *t)
{
	run_pingpong(t, wq_a, wq_b, pingpong_rounds / 10, "wait queue");
}

KTEST_SUITE(pingpong, NULL, NULL,
	    KTEST_CASE(pingpong_completions),
	    KTEST_CASE(pingpong_waitqueue));
