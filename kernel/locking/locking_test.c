// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite "locking": spinlocks, rwlocks, the preempt count, atomics,
 * per-CPU areas, the lock debug WARNs, and a lock hammered by every CPU.
 */
#include <tessera/atomic.h>
#include <tessera/bug.h>
#include <tessera/ktest.h>
#include <tessera/percpu.h>
#include <tessera/printk.h>
#include <tessera/sched.h>
#include <tessera/smp.h>
#include <tessera/spinlock.h>
#include <tessera/string.h>
#include <tessera/time.h>
#include <asm/irqflags.h>

/* The SMP engineer's call-function API; NULL until it is linked in. */
extern void on_each_cpu(smp_call_func_t func, void *info, bool wait) __weak;

static char logbuf[4096];

/*
 * Online CPUs, counted by hand: cpumask_weight() uses __builtin_popcountl,
 * which needs libgcc's __popcountdi2 in a -mno-popcnt kernel.
 */
static unsigned int online_cpus(void)
{
	unsigned int cpu, n = 0;

	for_each_online_cpu(cpu)
		n++;
	return n;
}

/* The log printed since @pos, NUL-terminated (the last 4 KiB of it at most). */
static __maybe_unused const char *log_since(size_t pos)
{
	size_t end = log_buf_pos(), n;

	if (end - pos >= sizeof(logbuf))
		pos = end - sizeof(logbuf) + 1;
	n = log_buf_read(pos, logbuf, sizeof(logbuf) - 1);
	logbuf[n] = '\0';
	return logbuf;
}

/* ---- spinlocks on one CPU ---- */

static void spin_lock_unlock_trylock(struct ktest *t)
{
	spinlock_t lock;
	int base = preempt_count();

	spin_lock_init(&lock);
	KTEST_EXPECT_FALSE(t, spin_is_locked(&lock));
	spin_lock(&lock);
	KTEST_EXPECT_TRUE(t, spin_is_locked(&lock));
	KTEST_EXPECT_EQ(t, preempt_count(), base + 1);
	KTEST_EXPECT_TRUE(t, in_atomic());
	assert_spin_locked(&lock);
	spin_unlock(&lock);
	KTEST_EXPECT_FALSE(t, spin_is_locked(&lock));
	KTEST_EXPECT_EQ(t, preempt_count(), base);

	KTEST_EXPECT_TRUE(t, spin_trylock(&lock));
	KTEST_EXPECT_EQ(t, preempt_count(), base + 1);
	KTEST_EXPECT_FALSE(t, spin_trylock(&lock));	/* held: fails, quietly */
	KTEST_EXPECT_EQ(t, preempt_count(), base + 1);	/* the failure left no trace */
	KTEST_EXPECT_TRUE(t, spin_is_locked(&lock));
	spin_unlock(&lock);
	KTEST_EXPECT_FALSE(t, spin_is_locked(&lock));
	KTEST_EXPECT_EQ(t, preempt_count(), base);
}

static DEFINE_SPINLOCK(static_lock);

static void spin_static_and_two_locks(struct ktest *t)
{
	spinlock_t other;
	int base = preempt_count();

	spin_lock_init(&other);
	KTEST_EXPECT_FALSE(t, spin_is_locked(&static_lock));
	spin_lock(&static_lock);
	spin_lock(&other);		/* nesting two different locks is fine */
	KTEST_EXPECT_EQ(t, preempt_count(), base + 2);
	KTEST_EXPECT_TRUE(t, spin_is_locked(&static_lock) && spin_is_locked(&other));
	spin_unlock(&other);
	KTEST_EXPECT_FALSE(t, spin_is_locked(&other));
	KTEST_EXPECT_TRUE(t, spin_is_locked(&static_lock));
	spin_unlock(&static_lock);
	KTEST_EXPECT_EQ(t, preempt_count(), base);
}

static void spin_irqsave_restores_if(struct ktest *t)
{
	DEFINE_SPINLOCK(lock);
	unsigned long outer, flags;
	bool was_off = irqs_disabled();

	/* from interrupts on: off inside, on after */
	local_irq_enable();
	spin_lock_irqsave(&lock, flags);
	KTEST_EXPECT_TRUE(t, irqs_disabled());
	KTEST_EXPECT_TRUE(t, spin_is_locked(&lock));
	spin_unlock_irqrestore(&lock, flags);
	KTEST_EXPECT_FALSE(t, irqs_disabled());
	KTEST_EXPECT_FALSE(t, spin_is_locked(&lock));

	/* from interrupts off: they stay off */
	outer = local_irq_save();
	spin_lock_irqsave(&lock, flags);
	KTEST_EXPECT_TRUE(t, irqs_disabled());
	spin_unlock_irqrestore(&lock, flags);
	KTEST_EXPECT_TRUE(t, irqs_disabled());
	local_irq_restore(outer);
	KTEST_EXPECT_FALSE(t, irqs_disabled());

	spin_lock_irq(&lock);
	KTEST_EXPECT_TRUE(t, irqs_disabled());
	spin_unlock_irq(&lock);
	KTEST_EXPECT_FALSE(t, irqs_disabled());

	KTEST_EXPECT_TRUE(t, spin_trylock_irqsave(&lock, flags));
	KTEST_EXPECT_TRUE(t, irqs_disabled());
	outer = 0;
	KTEST_EXPECT_FALSE(t, spin_trylock_irqsave(&lock, outer));
	KTEST_EXPECT_EQ(t, outer, 0UL);		/* untouched on failure */
	KTEST_EXPECT_TRUE(t, irqs_disabled());	/* and the state kept */
	spin_unlock_irqrestore(&lock, flags);
	KTEST_EXPECT_FALSE(t, irqs_disabled());
	if (was_off)
		local_irq_disable();
}

/* ---- rwlocks ---- */

static void rwlock_semantics(struct ktest *t)
{
	DEFINE_RWLOCK(rw);
	int base = preempt_count();

	read_lock(&rw);
	KTEST_EXPECT_EQ(t, preempt_count(), base + 1);
	KTEST_EXPECT_TRUE(t, read_trylock(&rw));	/* readers share */
	KTEST_EXPECT_EQ(t, rw.cnt, 2);
	KTEST_EXPECT_FALSE(t, write_trylock(&rw));	/* no writer among readers */
	read_unlock(&rw);
	KTEST_EXPECT_FALSE(t, write_trylock(&rw));
	read_unlock(&rw);
	KTEST_EXPECT_EQ(t, rw.cnt, 0);
	KTEST_EXPECT_EQ(t, preempt_count(), base);

	write_lock(&rw);
	KTEST_EXPECT_EQ(t, rw.cnt, -1);
	KTEST_EXPECT_EQ(t, preempt_count(), base + 1);
	KTEST_EXPECT_FALSE(t, read_trylock(&rw));
	KTEST_EXPECT_FALSE(t, write_trylock(&rw));
	KTEST_EXPECT_EQ(t, preempt_count(), base + 1);
	write_unlock(&rw);
	KTEST_EXPECT_EQ(t, rw.cnt, 0);
	KTEST_EXPECT_TRUE(t, write_trylock(&rw));
	write_unlock(&rw);
	KTEST_EXPECT_EQ(t, preempt_count(), base);
}

static void rwlock_writer_preferred(struct ktest *t)
{
	DEFINE_RWLOCK(rw);

	read_lock(&rw);
	rw.writers_waiting = 1;			/* as if a writer spun on another CPU */
	KTEST_EXPECT_FALSE(t, read_trylock(&rw));	/* new readers wait behind it */
	rw.writers_waiting = 0;
	KTEST_EXPECT_TRUE(t, read_trylock(&rw));
	read_unlock(&rw);
	read_unlock(&rw);
	KTEST_EXPECT_EQ(t, rw.cnt, 0);
}

static void rwlock_irqsave_restores_if(struct ktest *t)
{
	DEFINE_RWLOCK(rw);
	unsigned long flags;
	bool was_off = irqs_disabled();

	local_irq_enable();
	read_lock_irqsave(&rw, flags);
	KTEST_EXPECT_TRUE(t, irqs_disabled());
	read_unlock_irqrestore(&rw, flags);
	KTEST_EXPECT_FALSE(t, irqs_disabled());
	write_lock_irqsave(&rw, flags);
	KTEST_EXPECT_TRUE(t, irqs_disabled());
	KTEST_EXPECT_EQ(t, rw.cnt, -1);
	write_unlock_irqrestore(&rw, flags);
	KTEST_EXPECT_FALSE(t, irqs_disabled());
	KTEST_EXPECT_EQ(t, rw.cnt, 0);
	if (was_off)
		local_irq_disable();
}

/* ---- preempt count ---- */

static void preempt_count_nests(struct ktest *t)
{
	int base = preempt_count();
	unsigned long flags;
	unsigned int cpu;

	preempt_disable();
	preempt_disable();
	preempt_disable();
	KTEST_EXPECT_EQ(t, preempt_count(), base + 3);
	KTEST_EXPECT_TRUE(t, in_atomic());
	KTEST_EXPECT_FALSE(t, preemptible());
	preempt_enable();
	KTEST_EXPECT_EQ(t, preempt_count(), base + 2);
	preempt_enable_no_resched();
	preempt_enable();
	KTEST_EXPECT_EQ(t, preempt_count(), base);

	cpu = get_cpu();
	KTEST_EXPECT_EQ(t, preempt_count(), base + 1);
	KTEST_EXPECT_EQ(t, cpu, smp_processor_id());
	put_cpu();
	KTEST_EXPECT_EQ(t, preempt_count(), base);

	/* interrupts off is atomic too, whatever the count */
	flags = local_irq_save();
	KTEST_EXPECT_TRUE(t, in_atomic());
	KTEST_EXPECT_FALSE(t, preemptible());
	local_irq_restore(flags);
	if (!base && !irqs_disabled()) {
		KTEST_EXPECT_FALSE(t, in_atomic());
		KTEST_EXPECT_TRUE(t, preemptible());
	}
}

/* ---- atomics ---- */

static void atomic_int_ops(struct ktest *t)
{
	atomic_t a = ATOMIC_INIT(5);

	KTEST_EXPECT_EQ(t, atomic_read(&a), 5);
	atomic_set(&a, -3);
	KTEST_EXPECT_EQ(t, atomic_read(&a), -3);
	atomic_add(10, &a);
	KTEST_EXPECT_EQ(t, atomic_read(&a), 7);
	atomic_sub(2, &a);
	KTEST_EXPECT_EQ(t, atomic_read(&a), 5);
	atomic_inc(&a);
	KTEST_EXPECT_EQ(t, atomic_read(&a), 6);
	atomic_dec(&a);
	KTEST_EXPECT_EQ(t, atomic_read(&a), 5);
	KTEST_EXPECT_EQ(t, atomic_add_return(3, &a), 8);
	KTEST_EXPECT_EQ(t, atomic_sub_return(10, &a), -2);
	KTEST_EXPECT_EQ(t, atomic_inc_return(&a), -1);
	KTEST_EXPECT_EQ(t, atomic_dec_return(&a), -2);
	KTEST_EXPECT_EQ(t, atomic_xchg(&a, 100), -2);
	KTEST_EXPECT_EQ(t, atomic_read(&a), 100);

	/* cmpxchg returns the old value; swaps only when it matched */
	KTEST_EXPECT_EQ(t, atomic_cmpxchg(&a, 100, 200), 100);
	KTEST_EXPECT_EQ(t, atomic_read(&a), 200);
	KTEST_EXPECT_EQ(t, atomic_cmpxchg(&a, 100, 300), 200);
	KTEST_EXPECT_EQ(t, atomic_read(&a), 200);

	atomic_set(&a, 2);
	KTEST_EXPECT_FALSE(t, atomic_dec_and_test(&a));
	KTEST_EXPECT_TRUE(t, atomic_dec_and_test(&a));
	KTEST_EXPECT_EQ(t, atomic_read(&a), 0);
	KTEST_EXPECT_FALSE(t, atomic_dec_and_test(&a));
	KTEST_EXPECT_EQ(t, atomic_read(&a), -1);

	atomic_set(&a, 0x7fffffff);		/* wraps like the hardware */
	atomic_inc(&a);
	KTEST_EXPECT_EQ(t, atomic_read(&a), (int)0x80000000u);
}

static void atomic64_ops(struct ktest *t)
{
	const s64 big = 0x123456789abLL;
	atomic64_t a = ATOMIC_INIT(big);

	KTEST_EXPECT_EQ(t, atomic64_read(&a), big);
	atomic64_add(1LL << 40, &a);
	KTEST_EXPECT_EQ(t, atomic64_read(&a), big + (1LL << 40));
	atomic64_sub(1LL << 40, &a);
	KTEST_EXPECT_EQ(t, atomic64_read(&a), big);
	atomic64_inc(&a);
	atomic64_dec(&a);
	atomic64_dec(&a);
	KTEST_EXPECT_EQ(t, atomic64_read(&a), big - 1);
	KTEST_EXPECT_EQ(t, atomic64_add_return(1LL << 33, &a), big - 1 + (1LL << 33));
	KTEST_EXPECT_EQ(t, atomic64_sub_return(1LL << 33, &a), big - 1);
	KTEST_EXPECT_EQ(t, atomic64_inc_return(&a), big);
	KTEST_EXPECT_EQ(t, atomic64_dec_return(&a), big - 1);
	KTEST_EXPECT_EQ(t, atomic64_xchg(&a, -(1LL << 50)), big - 1);
	KTEST_EXPECT_EQ(t, atomic64_read(&a), -(1LL << 50));
	/* a compare that differs only in the high half must fail */
	KTEST_EXPECT_EQ(t, atomic64_cmpxchg(&a, 0, 1), -(1LL << 50));
	KTEST_EXPECT_EQ(t, atomic64_read(&a), -(1LL << 50));
	KTEST_EXPECT_EQ(t, atomic64_cmpxchg(&a, -(1LL << 50), 1LL << 62), -(1LL << 50));
	KTEST_EXPECT_EQ(t, atomic64_read(&a), 1LL << 62);
	atomic64_set(&a, 1LL << 32);
	KTEST_EXPECT_FALSE(t, atomic64_dec_and_test(&a));	/* 32-bit would say 0 */
	KTEST_EXPECT_EQ(t, atomic64_read(&a), 0xffffffffLL);
	atomic64_set(&a, 1);
	KTEST_EXPECT_TRUE(t, atomic64_dec_and_test(&a));
}

static void atomic_bitops(struct ktest *t)
{
	unsigned long bits[2] = { 0, 0 };

	KTEST_EXPECT_FALSE(t, test_and_set_bit(3, bits));
	KTEST_EXPECT_TRUE(t, test_and_set_bit(3, bits));
	KTEST_EXPECT_FALSE(t, test_and_set_bit(70, bits));
	KTEST_EXPECT_EQ(t, bits[0], 1UL << 3);
	KTEST_EXPECT_EQ(t, bits[1], 1UL << 6);
	KTEST_EXPECT_TRUE(t, test_and_clear_bit(70, bits));
	KTEST_EXPECT_FALSE(t, test_and_clear_bit(70, bits));
	KTEST_EXPECT_EQ(t, bits[1], 0UL);
	KTEST_EXPECT_EQ(t, bits[0], 1UL << 3);
}

/* ---- per-CPU data ---- */

static DEFINE_PER_CPU(int, pcpu_test_init) = 42;
static DEFINE_PER_CPU(unsigned long, pcpu_test_counter);
static DEFINE_PER_CPU_ALIGNED(char, pcpu_test_aligned[64]);

static void percpu_areas(struct ktest *t)
{
	unsigned long size = (unsigned long)(__per_cpu_end - __per_cpu_start);
	unsigned int cpu, other, n = 0;

	for_each_possible_cpu(cpu) {
		struct percpu_hdr *hdr = percpu_hdr_of(cpu);

		n++;
		KTEST_ASSERT_NOT_NULL(t, hdr);
		KTEST_EXPECT_PTR_EQ(t, hdr->self, hdr);
		KTEST_EXPECT_EQ(t, hdr->cpu, cpu);
		KTEST_EXPECT_EQ(t, hdr->offset, __per_cpu_offset[cpu]);
		KTEST_EXPECT_EQ(t, (unsigned long)per_cpu_ptr(&pcpu_test_aligned, cpu) % 64, 0UL);
		/* a copy made from the boot snapshot keeps the initial value */
		if (cpu != 0)
			KTEST_EXPECT_EQ(t, per_cpu(pcpu_test_init, cpu), 42);
		for_each_possible_cpu(other) {
			unsigned long a, b;

			if (other == cpu)
				continue;
			a = (unsigned long)per_cpu_ptr(&pcpu_test_counter, cpu);
			b = (unsigned long)per_cpu_ptr(&pcpu_test_counter, other);
			/* distinct, and whole areas apart (no overlap) */
			KTEST_EXPECT_GE(t, a > b ? a - b : b - a, size);
		}
	}
	KTEST_EXPECT_GE(t, n, 1U);
	KTEST_EXPECT_TRUE(t, cpumask_test_cpu(0, cpu_possible_mask));
	KTEST_EXPECT_TRUE(t, cpumask_test_cpu(0, cpu_online_mask));
	KTEST_EXPECT_EQ(t, __per_cpu_offset[0], 0UL);
}

static void percpu_this_cpu(struct ktest *t)
{
	unsigned long before, total = 0;
	unsigned int cpu;

	preempt_disable();
	cpu = smp_processor_id();
	KTEST_EXPECT_PTR_EQ(t, this_cpu_ptr(&pcpu_test_counter),
			    per_cpu_ptr(&pcpu_test_counter, cpu));
	KTEST_EXPECT_PTR_EQ(t, this_cpu_hdr(), percpu_hdr_of(cpu));
	KTEST_EXPECT_EQ(t, this_cpu_offset(), __per_cpu_offset[cpu]);
	before = this_cpu(pcpu_test_counter);
	this_cpu_add(pcpu_test_counter, 5);
	this_cpu_inc(pcpu_test_counter);
	KTEST_EXPECT_EQ(t, per_cpu(pcpu_test_counter, cpu), before + 6);
	preempt_enable();

	for_each_possible_cpu(cpu)
		total += per_cpu(pcpu_test_counter, cpu);
	KTEST_EXPECT_GE(t, total, 6UL);
}

/* ---- lock debugging (WARN, then stay consistent) ---- */

static void debug_spin_double_acquire(struct ktest *t)
{
#ifdef CONFIG_DEBUG_SPINLOCK
	DEFINE_SPINLOCK(dbg_lock);
	unsigned long warns = warn_count;
	int base = preempt_count();
	size_t pos = log_buf_pos();

	spin_lock(&dbg_lock);
	spin_lock(&dbg_lock);		/* WARNs instead of deadlocking */
	KTEST_EXPECT_EQ(t, warn_count, warns + 1);
	KTEST_EXPECT_NOT_NULL(t, strstr(log_since(pos), "recursive acquire of dbg_lock"));
	KTEST_EXPECT_NOT_NULL(t, strstr(logbuf, "debug_spin_double_acquire"));
	KTEST_EXPECT_NOT_NULL(t, strstr(logbuf, "Call Trace:"));
	KTEST_EXPECT_EQ(t, preempt_count(), base + 2);
	spin_unlock(&dbg_lock);		/* undoes the recursive one only */
	KTEST_EXPECT_TRUE(t, spin_is_locked(&dbg_lock));
	KTEST_EXPECT_EQ(t, dbg_lock.owner_cpu, smp_processor_id());
	spin_unlock(&dbg_lock);
	KTEST_EXPECT_FALSE(t, spin_is_locked(&dbg_lock));
	KTEST_EXPECT_EQ(t, preempt_count(), base);
	KTEST_EXPECT_EQ(t, warn_count, warns + 1);
	/* and it works normally afterwards */
	KTEST_EXPECT_TRUE(t, spin_trylock(&dbg_lock));
	spin_unlock(&dbg_lock);
	KTEST_EXPECT_EQ(t, warn_count, warns + 1);
#else
	ktest_skip(t, "CONFIG_DEBUG_SPINLOCK is off");
#endif
}

static void debug_spin_bad_unlock(struct ktest *t)
{
#ifdef CONFIG_DEBUG_SPINLOCK
	DEFINE_SPINLOCK(dbg_lock);
	unsigned long warns = warn_count;
	int base = preempt_count();
	size_t pos = log_buf_pos();

	spin_unlock(&dbg_lock);		/* not held at all */
	KTEST_EXPECT_EQ(t, warn_count, warns + 1);
	KTEST_EXPECT_NOT_NULL(t, strstr(log_since(pos), "which is not held"));
	KTEST_EXPECT_FALSE(t, spin_is_locked(&dbg_lock));
	KTEST_EXPECT_EQ(t, preempt_count(), base);	/* no unbalanced enable */

	/* held by another CPU (faked: this test cannot stop one) */
	dbg_lock.locked = 1;
	dbg_lock.owner_cpu = smp_processor_id() + 1;
	pos = log_buf_pos();
	spin_unlock(&dbg_lock);
	KTEST_EXPECT_EQ(t, warn_count, warns + 2);
	KTEST_EXPECT_NOT_NULL(t, strstr(log_since(pos), "held by CPU"));
	KTEST_EXPECT_TRUE(t, spin_is_locked(&dbg_lock));	/* not stolen */
	KTEST_EXPECT_EQ(t, preempt_count(), base);
	dbg_lock.locked = 0;
	dbg_lock.owner_cpu = ~0u;

	/* assert_spin_locked on a free lock */
	assert_spin_locked(&dbg_lock);
	KTEST_EXPECT_EQ(t, warn_count, warns + 3);
#else
	ktest_skip(t, "CONFIG_DEBUG_SPINLOCK is off");
#endif
}

static void debug_rwlock_misuse(struct ktest *t)
{
#ifdef CONFIG_DEBUG_SPINLOCK
	DEFINE_RWLOCK(rw);
	unsigned long warns = warn_count;
	int base = preempt_count();

	read_unlock(&rw);
	KTEST_EXPECT_EQ(t, warn_count, warns + 1);
	KTEST_EXPECT_EQ(t, rw.cnt, 0);
	write_unlock(&rw);
	KTEST_EXPECT_EQ(t, warn_count, warns + 2);
	KTEST_EXPECT_EQ(t, rw.cnt, 0);
	KTEST_EXPECT_EQ(t, preempt_count(), base);

	write_lock(&rw);
	write_lock(&rw);		/* recursive: WARN, counted */
	KTEST_EXPECT_EQ(t, warn_count, warns + 3);
	write_unlock(&rw);
	KTEST_EXPECT_EQ(t, rw.cnt, -1);
	write_unlock(&rw);
	KTEST_EXPECT_EQ(t, rw.cnt, 0);
	KTEST_EXPECT_EQ(t, preempt_count(), base);
	KTEST_EXPECT_EQ(t, warn_count, warns + 3);
#else
	ktest_skip(t, "CONFIG_DEBUG_SPINLOCK is off");
#endif
}

#ifdef CONFIG_DEBUG_ATOMIC_SLEEP
/* hdr->current by offset: "current" is a macro in <tessera/sched.h> */
static void set_current_for_test(struct task_struct *p)
{
	*(struct task_struct **)((char *)this_cpu_hdr() + PERCPU_HDR_CURRENT) = p;
}
#endif

static void debug_might_sleep_atomic(struct ktest *t)
{
#ifdef CONFIG_DEBUG_ATOMIC_SLEEP
	static struct task_struct stand_in = { .comm = "locking-test" };
	DEFINE_SPINLOCK(lock);
	unsigned long warns = warn_count;
	bool fake = !current;
	size_t pos;

	if (!preemptible()) {
		ktest_skip(t, "the runner itself is atomic");
		return;
	}
	/* might_sleep() is quiet before sched_init(); until the scheduler exists, pose as a task */
	if (fake)
		set_current_for_test(&stand_in);
	might_sleep();			/* fine here */
	KTEST_EXPECT_EQ(t, warn_count, warns);

	pos = log_buf_pos();
	spin_lock(&lock);
	might_sleep();
	spin_unlock(&lock);
	if (fake)
		set_current_for_test(NULL);
	KTEST_EXPECT_EQ(t, warn_count, warns + 1);
	KTEST_EXPECT_NOT_NULL(t, strstr(log_since(pos), "sleeping function called from atomic"));
	KTEST_EXPECT_NOT_NULL(t, strstr(logbuf, "preempt count 1"));
#else
	ktest_skip(t, "CONFIG_DEBUG_ATOMIC_SLEEP is off");
#endif
}

/* ---- every online CPU at once ---- */

#define HAMMER_ROUNDS	20000

struct hammer {
	spinlock_t lock;
	rwlock_t rw;
	unsigned long counter;		/* lock */
	unsigned long a, b;		/* rw: always equal outside write_lock */
	int owner;			/* lock: the CPU inside, -1 none */
	unsigned long violations;	/* lock */
	atomic_t rw_violations;
	atomic_t arrived, done;
	atomic64_t atomic_counter;
	unsigned int ncpus;
};

/* Runs on every online CPU (call-function context, interrupts off). */
static void hammer_fn(void *info)
{
	struct hammer *h = info;
	int me = (int)smp_processor_id();
	unsigned long i, spins = 0;

	/* start together if the others come within a short while */
	atomic_inc(&h->arrived);
	while ((unsigned int)atomic_read(&h->arrived) < h->ncpus && ++spins < (1UL << 22))
		cpu_relax();

	for (i = 0; i < HAMMER_ROUNDS; i++) {
		unsigned long v;

		spin_lock(&h->lock);
		if (h->owner != -1)
			h->violations++;
		h->owner = me;
		v = READ_ONCE(h->counter);
		cpu_relax();		/* widen the window a broken lock leaves */
		WRITE_ONCE(h->counter, v + 1);
		if (h->owner != me)
			h->violations++;
		h->owner = -1;
		spin_unlock(&h->lock);

		atomic64_inc(&h->atomic_counter);

		if (i % 8 == 0) {
			write_lock(&h->rw);
			WRITE_ONCE(h->a, h->a + 1);
			cpu_relax();
			WRITE_ONCE(h->b, h->b + 1);
			write_unlock(&h->rw);
		} else {
			read_lock(&h->rw);
			if (READ_ONCE(h->a) != READ_ONCE(h->b))
				atomic_inc(&h->rw_violations);
			read_unlock(&h->rw);
		}
	}
	atomic_inc(&h->done);
}

static void smp_hammer_counter(struct ktest *t)
{
	static struct hammer h;
	unsigned int n;

	if (!on_each_cpu) {
		ktest_skip(t, "on_each_cpu() is not linked in yet (SMP call-function API)");
		return;
	}
	n = online_cpus();
	if (n < 2) {
		ktest_skip(t, "only one CPU online");
		return;
	}
	memset(&h, 0, sizeof(h));
	spin_lock_init(&h.lock);
	rwlock_init(&h.rw);
	h.owner = -1;
	h.ncpus = n;

	on_each_cpu(hammer_fn, &h, true);

	KTEST_EXPECT_EQ(t, (unsigned int)atomic_read(&h.done), n);
	KTEST_EXPECT_EQ(t, h.counter, (unsigned long)n * HAMMER_ROUNDS);
	KTEST_EXPECT_EQ(t, h.violations, 0UL);
	KTEST_EXPECT_EQ(t, atomic64_read(&h.atomic_counter), (s64)n * HAMMER_ROUNDS);
	KTEST_EXPECT_EQ(t, h.a, (unsigned long)n * (HAMMER_ROUNDS / 8));
	KTEST_EXPECT_EQ(t, h.b, h.a);
	KTEST_EXPECT_EQ(t, atomic_read(&h.rw_violations), 0);
	KTEST_EXPECT_FALSE(t, spin_is_locked(&h.lock));
	KTEST_EXPECT_EQ(t, h.rw.cnt, 0);
}

/* this_cpu_ptr() on each CPU is that CPU's per_cpu_ptr() */
static void percpu_on_each_cpu_fn(void *info)
{
	atomic_t *bad = info;
	unsigned int cpu = smp_processor_id();

	if (this_cpu_ptr(&pcpu_test_counter) != per_cpu_ptr(&pcpu_test_counter, cpu) ||
	    this_cpu_hdr() != percpu_hdr_of(cpu) || this_cpu_hdr()->cpu != cpu)
		atomic_inc(bad);
	this_cpu_inc(pcpu_test_counter);
}

static void smp_percpu_each_cpu(struct ktest *t)
{
	atomic_t bad = ATOMIC_INIT(0);
	unsigned long before[CONFIG_NR_CPUS];
	unsigned int cpu;

	if (!on_each_cpu || online_cpus() < 2) {
		ktest_skip(t, on_each_cpu ? "only one CPU online" :
			   "on_each_cpu() is not linked in yet (SMP call-function API)");
		return;
	}
	for_each_online_cpu(cpu)
		before[cpu] = per_cpu(pcpu_test_counter, cpu);
	on_each_cpu(percpu_on_each_cpu_fn, &bad, true);
	KTEST_EXPECT_EQ(t, atomic_read(&bad), 0);
	for_each_online_cpu(cpu)
		KTEST_EXPECT_EQ(t, per_cpu(pcpu_test_counter, cpu), before[cpu] + 1);
}

KTEST_SUITE(locking, NULL, NULL,
	    KTEST_CASE(spin_lock_unlock_trylock),
	    KTEST_CASE(spin_static_and_two_locks),
	    KTEST_CASE(spin_irqsave_restores_if),
	    KTEST_CASE(rwlock_semantics),
	    KTEST_CASE(rwlock_writer_preferred),
	    KTEST_CASE(rwlock_irqsave_restores_if),
	    KTEST_CASE(preempt_count_nests),
	    KTEST_CASE(atomic_int_ops),
	    KTEST_CASE(atomic64_ops),
	    KTEST_CASE(atomic_bitops),
	    KTEST_CASE(percpu_areas),
	    KTEST_CASE(percpu_this_cpu),
	    KTEST_CASE(debug_spin_double_acquire),
	    KTEST_CASE(debug_spin_bad_unlock),
	    KTEST_CASE(debug_rwlock_misuse),
	    KTEST_CASE(debug_might_sleep_atomic),
	    KTEST_CASE(smp_hammer_counter),
	    KTEST_CASE(smp_percpu_each_cpu));
