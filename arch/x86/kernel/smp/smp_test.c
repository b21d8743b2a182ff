// SPDX-License-Identifier: GPL-2.0
/*
 * Suite "smp": CPUs online, call-function (one, many, all; waiting or not),
 * TLB shootdown under concurrent readers, IOAPIC routing and request_irq().
 */
#include <tessera/acpi.h>
#include <tessera/atomic.h>
#include <tessera/errno.h>
#include <tessera/irq.h>
#include <tessera/kernel.h>
#include <tessera/ktest.h>
#include <tessera/mm.h>
#include <tessera/preempt.h>
#include <tessera/smp.h>
#include <tessera/time.h>
#include <tessera/vmalloc.h>
#include <asm/io.h>
#include <asm/irqflags.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include <asm/tlbflush.h>

#define WAIT_NS			(2000ULL * NSEC_PER_MSEC)
#define REMAP_ROUNDS		30

/* Spin until *@p == @want or the timeout; returns whether it got there. */
static bool wait_for_int(int *p, int want)
{
	u64 end = ktime_get_ns() + WAIT_NS;

	while (__atomic_load_n(p, __ATOMIC_ACQUIRE) != want) {
		if (ktime_get_ns() > end)
			return false;
		cpu_relax();
	}
	return true;
}

static void skip_if_uniprocessor(struct ktest *t)
{
	if (num_online_cpus() < 2)
		ktest_skip(t, "needs at least 2 online CPUs");
}

static void smp_all_possible_online(struct ktest *t)
{
	unsigned int cpu, other;

	KTEST_EXPECT_EQ(t, num_online_cpus(), num_possible_cpus());
	KTEST_EXPECT_TRUE(t, cpumask_test_cpu(0, cpu_online_mask));
	KTEST_EXPECT_LE(t, num_possible_cpus(), (unsigned int)CONFIG_NR_CPUS);
	if (acpi_platform.valid_madt)
		KTEST_EXPECT_LE(t, num_possible_cpus(), acpi_platform.nr_cpus_found);
	for_each_online_cpu(cpu) {
		KTEST_EXPECT_TRUE(t, cpumask_test_cpu(cpu, cpu_possible_mask));
		for_each_online_cpu(other)
			if (other != cpu)
				KTEST_EXPECT_NE(t, cpu_apic_id(cpu), cpu_apic_id(other));
	}
	KTEST_EXPECT_EQ(t, cpu_apic_id(CONFIG_NR_CPUS), U32_MAX);
}

static void smp_maxcpus_honoured(struct ktest *t)
{
	unsigned int max = smp_maxcpus();

	KTEST_EXPECT_GE(t, num_online_cpus(), 1U);
	if (!max) {
		KTEST_EXPECT_EQ(t, num_possible_cpus(),
				min_t(unsigned int, acpi_platform.valid_madt ?
				      acpi_platform.nr_cpus_found : 1, CONFIG_NR_CPUS));
		return;
	}
	KTEST_EXPECT_LE(t, num_online_cpus(), max);
	KTEST_EXPECT_LE(t, num_possible_cpus(), max);
}

/* What one call recorded on the CPU it ran on. */
struct call_record {
	int cpu;
	int irqs_were_off;
	unsigned long mask;	/* bit per CPU, for many/all (CPUs < 64) */
	int calls;
};

static void record_cpu(void *arg)
{
	struct call_record *r = arg;
	unsigned int cpu = smp_processor_id();

	__atomic_store_n(&r->irqs_were_off, irqs_disabled(), __ATOMIC_RELAXED);
	__atomic_fetch_or(&r->mask, 1UL << (cpu % 64), __ATOMIC_RELAXED);
	__atomic_store_n(&r->cpu, (int)cpu, __ATOMIC_RELAXED);
	__atomic_fetch_add(&r->calls, 1, __ATOMIC_RELEASE);
}

static unsigned long online_bits(bool with_self)
{
	unsigned long bits = 0;
	unsigned int cpu;

	for_each_online_cpu(cpu)
		bits |= 1UL << (cpu % 64);
	if (!with_self)
		bits &= ~(1UL << (smp_processor_id() % 64));
	return bits;
}

static void smp_call_single_wait(struct ktest *t)
{
	struct call_record r;
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		memset(&r, 0, sizeof(r));
		r.cpu = -1;
		KTEST_EXPECT_EQ(t, smp_call_function_single(cpu, record_cpu, &r, true), 0);
		KTEST_EXPECT_EQ(t, r.cpu, (int)cpu);		/* done when it returned */
		KTEST_EXPECT_EQ(t, r.calls, 1);
		KTEST_EXPECT_TRUE(t, r.irqs_were_off);
	}
	KTEST_EXPECT_EQ(t, smp_call_function_single(CONFIG_NR_CPUS, record_cpu, &r, true),
			-ENXIO);
	if (num_possible_cpus() < CONFIG_NR_CPUS)
		KTEST_EXPECT_EQ(t, smp_call_function_single(CONFIG_NR_CPUS - 1, record_cpu,
							    &r, true), -ENXIO);
	KTEST_EXPECT_EQ(t, smp_call_function_single(0, NULL, &r, true), -EINVAL);
}

static void smp_call_single_nowait(struct ktest *t)
{
	struct call_record r;
	unsigned int cpu, self;

	skip_if_uniprocessor(t);
	if (t->skipped)
		return;
	self = get_cpu();
	for_each_online_cpu(cpu) {
		if (cpu == self)
			continue;
		memset(&r, 0, sizeof(r));
		r.cpu = -1;
		KTEST_EXPECT_EQ(t, smp_call_function_single(cpu, record_cpu, &r, false), 0);
		KTEST_EXPECT_TRUE(t, wait_for_int(&r.calls, 1));
		KTEST_EXPECT_EQ(t, __atomic_load_n(&r.cpu, __ATOMIC_ACQUIRE), (int)cpu);
	}
	put_cpu();
}

static void smp_call_many_and_all(struct ktest *t)
{
	struct call_record r = { 0 };
	unsigned int self = get_cpu();
	int others = (int)num_online_cpus() - 1;

	/* many, waiting: every other online CPU once, never the caller */
	smp_call_function_many(cpu_online_mask, record_cpu, &r, true);
	KTEST_EXPECT_EQ(t, r.calls, others);
	KTEST_EXPECT_EQ(t, r.mask, online_bits(false));

	/* many, not waiting */
	memset(&r, 0, sizeof(r));
	smp_call_function_many(cpu_online_mask, record_cpu, &r, false);
	KTEST_EXPECT_TRUE(t, wait_for_int(&r.calls, others));
	KTEST_EXPECT_EQ(t, __atomic_load_n(&r.mask, __ATOMIC_ACQUIRE), online_bits(false));

	/* all, waiting: the caller too */
	memset(&r, 0, sizeof(r));
	on_each_cpu(record_cpu, &r, true);
	KTEST_EXPECT_EQ(t, r.calls, others + 1);
	KTEST_EXPECT_EQ(t, r.mask, online_bits(true));

	/* all, not waiting: the local call has run on return */
	memset(&r, 0, sizeof(r));
	on_each_cpu(record_cpu, &r, false);
	KTEST_EXPECT_TRUE(t, __atomic_load_n(&r.mask, __ATOMIC_ACQUIRE) & (1UL << (self % 64)));
	KTEST_EXPECT_TRUE(t, wait_for_int(&r.calls, others + 1));
	KTEST_EXPECT_EQ(t, __atomic_load_n(&r.mask, __ATOMIC_ACQUIRE), online_bits(true));
	put_cpu();
}

/* Many back-to-back non-waiting calls reuse the slots; none may be lost. */
static void smp_call_stress(struct ktest *t)
{
	struct call_record r = { 0 };
	int i, others = (int)num_online_cpus() - 1;

	skip_if_uniprocessor(t);
	if (t->skipped)
		return;
	for (i = 0; i < 2000; i++)
		smp_call_function_many(cpu_online_mask, record_cpu, &r, i % 2);
	KTEST_EXPECT_TRUE(t, wait_for_int(&r.calls, 2000 * others));
}

static void smp_wait_with_irqs_off_refused(struct ktest *t)
{
	struct call_record r = { 0 };
	unsigned int self, target;
	int ret;

	skip_if_uniprocessor(t);
	if (t->skipped)
		return;
	self = get_cpu();
	target = cpumask_next_from(0, cpu_online_mask) == self ?
		 cpumask_next_from(self + 1, cpu_online_mask) : cpumask_next_from(0, cpu_online_mask);
	local_irq_disable();
	ret = smp_call_function_single(target, record_cpu, &r, true);	/* WARNs once */
	local_irq_enable();
	put_cpu();
	KTEST_EXPECT_EQ(t, ret, -EPERM);
	KTEST_EXPECT_EQ(t, r.calls, 0);
}

static void smp_reschedule_ipi(struct ktest *t)
{
	unsigned int self, target;
	u64 before;

	skip_if_uniprocessor(t);
	if (t->skipped)
		return;
	self = get_cpu();
	target = self == 0 ? cpumask_next_from(1, cpu_online_mask) : 0;
	before = smp_reschedule_ipi_count(target);
	smp_send_reschedule(target);
	put_cpu();
	mdelay(20);
	KTEST_EXPECT_GT(t, smp_reschedule_ipi_count(target), before);
}

/*
 * The shootdown test. A vmalloc page is pointed at frame[0]; every other
 * CPU spins reading through it (each with interrupts on inside the call).
 * Each round the writer points the PTE at the next of three frames,
 * shoots the page down, then bumps gen. A reader that saw generation g
 * may read frame g or g+1 (the writer may have moved on between its two
 * reads), never frame g-1: that would be a stale TLB entry after the
 * flush returned. The writer starts round g+1 only when every reader has
 * seen g.
 */
struct remap_ctx {
	unsigned long va;
	u64 val[3];
	unsigned long gen;
	int stop;
	int running;
	int done;
	unsigned long seen[CONFIG_NR_CPUS];
	unsigned long reads[CONFIG_NR_CPUS];
	unsigned long bad[CONFIG_NR_CPUS];
	u64 bad_val[CONFIG_NR_CPUS];
};

static void remap_reader(void *arg)
{
	struct remap_ctx *c = arg;
	unsigned int cpu = smp_processor_id();
	unsigned long g;
	u64 v;

	preempt_disable();
	__atomic_fetch_add(&c->running, 1, __ATOMIC_RELEASE);
	local_irq_enable();	/* let shootdown IPIs in, as a thread would */
	while (!__atomic_load_n(&c->stop, __ATOMIC_ACQUIRE)) {
		g = __atomic_load_n(&c->gen, __ATOMIC_ACQUIRE);
		v = READ_ONCE(*(volatile u64 *)c->va);
		if (v != c->val[g % 3] && v != c->val[(g + 1) % 3]) {
			c->bad[cpu]++;
			c->bad_val[cpu] = v;
		}
		c->reads[cpu]++;
		__atomic_store_n(&c->seen[cpu], g, __ATOMIC_RELEASE);
	}
	local_irq_disable();
	preempt_enable_no_resched();
	__atomic_fetch_add(&c->done, 1, __ATOMIC_RELEASE);
}

/* The PTE of a 4 KiB kernel mapping (tables are never freed). */
static pteval_t *kernel_pte(unsigned long va)
{
	pteval_t *table = __va(kernel_pgd_phys), e;
	int shift;

	for (shift = 39; shift > PAGE_SHIFT; shift -= 9) {
		e = table[(va >> shift) & (PTRS_PER_TABLE - 1)];
		if (!(e & _PAGE_PRESENT) || (e & _PAGE_PSE))
			return NULL;
		table = __va(e & PTE_ADDR_MASK);
	}
	return &table[(va >> PAGE_SHIFT) & (PTRS_PER_TABLE - 1)];
}

static bool readers_saw(struct remap_ctx *c, unsigned long g, unsigned int self)
{
	u64 end = ktime_get_ns() + WAIT_NS;
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		if (cpu == self)
			continue;
		while (__atomic_load_n(&c->seen[cpu], __ATOMIC_ACQUIRE) < g) {
			if (ktime_get_ns() > end)
				return false;
			cpu_relax();
		}
	}
	return true;
}

static void remap_rounds(struct ktest *t, struct remap_ctx *c, pteval_t *pte,
			 u64 *frame[3], unsigned int self, bool cross)
{
	pteval_t keep = *pte & ~PTE_ADDR_MASK;
	unsigned long g;

	for (g = 1; g <= REMAP_ROUNDS; g++) {
		WRITE_ONCE(*pte, __pa(frame[g % 3]) | keep);
		flush_tlb_kernel_range(c->va, c->va + PAGE_SIZE);
		__atomic_store_n(&c->gen, g, __ATOMIC_RELEASE);
		KTEST_EXPECT_EQ(t, READ_ONCE(*(volatile u64 *)c->va), c->val[g % 3]);
		if (cross && !readers_saw(c, g, self)) {
			KTEST_EXPECT_TRUE(t, !"every reader saw the new generation in time");
			return;
		}
	}
}

static void smp_tlb_shootdown_remap(struct ktest *t)
{
	struct remap_ctx *c;
	u64 *frame[3] = { NULL, NULL, NULL };
	pteval_t *pte, orig;
	unsigned int self, cpu, i, others;
	void *area;
	bool cross;

	c = vmalloc(sizeof(*c));
	area = vmalloc(PAGE_SIZE);
	for (i = 0; i < 3; i++)
		frame[i] = get_free_page(GFP_ZERO);
	if (!c || !area || !frame[0] || !frame[1] || !frame[2]) {
		KTEST_EXPECT_TRUE(t, !"allocations for the shootdown test");
		goto free;
	}
	c->va = (unsigned long)area;
	pte = kernel_pte(c->va);
	KTEST_ASSERT_NOT_NULL(t, pte);
	orig = *pte;
	for (i = 0; i < 3; i++)
		*frame[i] = c->val[i] = 0x5eed000000000000ULL | ((u64)i << 32) | 0xf00d;

	self = get_cpu();
	others = num_online_cpus() - 1;
	cross = others > 0;
	WRITE_ONCE(*pte, __pa(frame[0]) | (orig & ~PTE_ADDR_MASK));
	flush_tlb_kernel_range(c->va, c->va + PAGE_SIZE);
	KTEST_EXPECT_EQ(t, READ_ONCE(*(volatile u64 *)c->va), c->val[0]);

	if (cross) {
		smp_call_function_many(cpu_online_mask, remap_reader, c, false);
		KTEST_EXPECT_TRUE(t, wait_for_int(&c->running, (int)others));
		KTEST_EXPECT_TRUE(t, readers_saw(c, 0, self));	/* all reading frame 0 */
		mdelay(5);
	}
	remap_rounds(t, c, pte, frame, self, cross);
	__atomic_store_n(&c->stop, 1, __ATOMIC_RELEASE);
	if (cross)
		KTEST_EXPECT_TRUE(t, wait_for_int(&c->done, (int)others));
	put_cpu();

	for_each_online_cpu(cpu) {
		if (cpu == self)
			continue;
		KTEST_EXPECT_EQ(t, c->bad[cpu], 0UL);
		KTEST_EXPECT_GT(t, c->reads[cpu], 0UL);
		if (c->bad[cpu])
			ktest_fail(t, __FILE__, __LINE__, "CPU %u read stale value %#llx",
				   cpu, (unsigned long long)c->bad_val[cpu]);
	}
	WRITE_ONCE(*pte, orig);
	flush_tlb_kernel_range(c->va, c->va + PAGE_SIZE);
	if (!cross)
		ktest_skip(t, "cross-CPU readers need at least 2 online CPUs");
free:
	for (i = 0; i < 3; i++)
		if (frame[i])
			free_page(frame[i]);
	vfree(area);
	vfree(c);
}

static void smp_flush_tlb_all_answers(struct ktest *t)
{
	u64 before[CONFIG_NR_CPUS];
	unsigned int cpu, self;

	skip_if_uniprocessor(t);
	if (t->skipped)
		return;
	self = get_cpu();
	for_each_online_cpu(cpu)
		before[cpu] = tlb_shootdowns_received(cpu);
	flush_tlb_all();
	for_each_online_cpu(cpu) {
		if (cpu == self)
			KTEST_EXPECT_EQ(t, tlb_shootdowns_received(cpu), before[cpu]);
		else
			KTEST_EXPECT_GT(t, tlb_shootdowns_received(cpu), before[cpu]);
	}
	put_cpu();
}

static int pit_irqs;

static void pit_irq_handler(struct pt_regs *regs)
{
	__atomic_fetch_add(&pit_irqs, 1, __ATOMIC_RELAXED);
}

static void dummy_handler(struct pt_regs *regs)
{
}

static void smp_request_irq_errors(struct ktest *t)
{
	int v1, v2;

	KTEST_EXPECT_EQ(t, request_irq(NR_IRQS, dummy_handler, "t"), -EINVAL);
	KTEST_EXPECT_EQ(t, request_irq(1, NULL, "t"), -EINVAL);
	KTEST_EXPECT_EQ(t, request_irq(1, dummy_handler, NULL), -EINVAL);
	KTEST_EXPECT_EQ(t, request_irq(2, dummy_handler, "cascade"), -ENODEV);
	KTEST_EXPECT_EQ(t, irq_vector(2), -ENODEV);
	KTEST_EXPECT_EQ(t, request_irq(NR_IRQS - 1, dummy_handler, "nopin"), -ENODEV);
	KTEST_EXPECT_EQ(t, irq_vector(NR_IRQS), -ENODEV);

	/* IRQ 7 (LPT1/spurious 8259 line): nothing raises it under QEMU */
	KTEST_ASSERT_EQ(t, request_irq(7, dummy_handler, "t7"), 0);
	KTEST_EXPECT_EQ(t, request_irq(7, dummy_handler, "t7 again"), -EBUSY);
	KTEST_EXPECT_GE(t, irq_vector(7), FIRST_DEVICE_VECTOR);
	KTEST_EXPECT_LE(t, irq_vector(7), LAST_DEVICE_VECTOR);
	free_irq(7);
	KTEST_EXPECT_EQ(t, request_irq(7, dummy_handler, "t7"), 0);	/* free again */
	free_irq(7);

	v1 = alloc_irq_vector();
	v2 = alloc_irq_vector();
	KTEST_EXPECT_GE(t, v1, FIRST_DEVICE_VECTOR);
	KTEST_EXPECT_LE(t, v2, LAST_DEVICE_VECTOR);
	KTEST_EXPECT_NE(t, v1, v2);
	KTEST_EXPECT_NE(t, v1, irq_vector(0));
	free_irq_vector(v1);
	free_irq_vector(v2);
	KTEST_EXPECT_EQ(t, alloc_irq_vector(), v1);	/* lowest free is reused */
	free_irq_vector(v1);
}

/* PIT channel 0 at 100 Hz through the IOAPIC (ISA IRQ 0, usually GSI 2). */
static void smp_ioapic_routes_pit(struct ktest *t)
{
	const unsigned int count = 1193182 / 100;
	unsigned long before;
	int seen;
	u64 end;

	outb(0x43, 0x34);		/* channel 0, lo/hi byte, mode 2 */
	outb(0x40, count & 0xff);
	outb(0x40, count >> 8);
	before = irq_count(0);
	__atomic_store_n(&pit_irqs, 0, __ATOMIC_RELAXED);
	KTEST_ASSERT_EQ(t, request_irq(0, pit_irq_handler, "pit-test"), 0);
	end = ktime_get_ns() + 500 * NSEC_PER_MSEC;
	while (__atomic_load_n(&pit_irqs, __ATOMIC_RELAXED) < 5 && ktime_get_ns() < end)
		cpu_relax();
	free_irq(0);
	seen = __atomic_load_n(&pit_irqs, __ATOMIC_RELAXED);
	KTEST_EXPECT_GE(t, seen, 5);
	KTEST_EXPECT_GE(t, irq_count(0) - before, (unsigned long)seen);
	mdelay(50);		/* masked now: at most one was in flight */
	KTEST_EXPECT_LE(t, __atomic_load_n(&pit_irqs, __ATOMIC_RELAXED), seen + 1);
}

KTEST_SUITE(smp, NULL, NULL,
	    KTEST_CASE(smp_all_possible_online),
	    KTEST_CASE(smp_maxcpus_honoured),
	    KTEST_CASE(smp_call_single_wait),
	    KTEST_CASE(smp_call_single_nowait),
	    KTEST_CASE(smp_call_many_and_all),
	    KTEST_CASE(smp_call_stress),
	    KTEST_CASE(smp_wait_with_irqs_off_refused),
	    KTEST_CASE(smp_reschedule_ipi),
	    KTEST_CASE(smp_tlb_shootdown_remap),
	    KTEST_CASE(smp_flush_tlb_all_answers),
	    KTEST_CASE(smp_request_irq_errors),
	    KTEST_CASE(smp_ioapic_routes_pit));
