// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for the FPU code: area alignment and initial state, XMM/YMM
 * save/restore round trips, switching, and register isolation between
 * preempted threads on every CPU. Vector registers are reached with
 * inline asm only (the kernel is built -mgeneral-regs-only).
 */
#include <tessera/completion.h>
#include <tessera/cpumask.h>
#include <tessera/err.h>
#include <tessera/kernel.h>
#include <tessera/kthread.h>
#include <tessera/ktest.h>
#include <tessera/preempt.h>
#include <tessera/printk.h>
#include <tessera/sched.h>
#include <tessera/smp.h>
#include <tessera/string.h>
#include <tessera/time.h>
#include <asm/fpu.h>
#include <asm/irqflags.h>
#include <asm/processor.h>

#define NR_VREGS	16

/* Sixteen vector registers, 32 bytes each (the upper 16 unused without AVX). */
struct vregs {
	u64 w[NR_VREGS][4];
} __aligned(32);

static bool have_avx(void)
{
	return fpu_xfeatures() & XFEATURE_AVX;
}

static void xmm_load(const struct vregs *r)
{
	__asm__ __volatile__("movdqu 0(%0), %%xmm0\n\t"
			     "movdqu 32(%0), %%xmm1\n\t"
			     "movdqu 64(%0), %%xmm2\n\t"
			     "movdqu 96(%0), %%xmm3\n\t"
			     "movdqu 128(%0), %%xmm4\n\t"
			     "movdqu 160(%0), %%xmm5\n\t"
			     "movdqu 192(%0), %%xmm6\n\t"
			     "movdqu 224(%0), %%xmm7\n\t"
			     "movdqu 256(%0), %%xmm8\n\t"
			     "movdqu 288(%0), %%xmm9\n\t"
			     "movdqu 320(%0), %%xmm10\n\t"
			     "movdqu 352(%0), %%xmm11\n\t"
			     "movdqu 384(%0), %%xmm12\n\t"
			     "movdqu 416(%0), %%xmm13\n\t"
			     "movdqu 448(%0), %%xmm14\n\t"
			     "movdqu 480(%0), %%xmm15\n\t"
			     : : "r"(r) : "memory");
}

static void xmm_store(struct vregs *r)
{
	__asm__ __volatile__("movdqu %%xmm0, 0(%0)\n\t"
			     "movdqu %%xmm1, 32(%0)\n\t"
			     "movdqu %%xmm2, 64(%0)\n\t"
			     "movdqu %%xmm3, 96(%0)\n\t"
			     "movdqu %%xmm4, 128(%0)\n\t"
			     "movdqu %%xmm5, 160(%0)\n\t"
			     "movdqu %%xmm6, 192(%0)\n\t"
			     "movdqu %%xmm7, 224(%0)\n\t"
			     "movdqu %%xmm8, 256(%0)\n\t"
			     "movdqu %%xmm9, 288(%0)\n\t"
			     "movdqu %%xmm10, 320(%0)\n\t"
			     "movdqu %%xmm11, 352(%0)\n\t"
			     "movdqu %%xmm12, 384(%0)\n\t"
			     "movdqu %%xmm13, 416(%0)\n\t"
			     "movdqu %%xmm14, 448(%0)\n\t"
			     "movdqu %%xmm15, 480(%0)\n\t"
			     : : "r"(r) : "memory");
}

static void ymm_load(const struct vregs *r)
{
	__asm__ __volatile__("vmovdqu 0(%0), %%ymm0\n\t"
			     "vmovdqu 32(%0), %%ymm1\n\t"
			     "vmovdqu 64(%0), %%ymm2\n\t"
			     "vmovdqu 96(%0), %%ymm3\n\t"
			     "vmovdqu 128(%0), %%ymm4\n\t"
			     "vmovdqu 160(%0), %%ymm5\n\t"
			     "vmovdqu 192(%0), %%ymm6\n\t"
			     "vmovdqu 224(%0), %%ymm7\n\t"
			     "vmovdqu 256(%0), %%ymm8\n\t"
			     "vmovdqu 288(%0), %%ymm9\n\t"
			     "vmovdqu 320(%0), %%ymm10\n\t"
			     "vmovdqu 352(%0), %%ymm11\n\t"
			     "vmovdqu 384(%0), %%ymm12\n\t"
			     "vmovdqu 416(%0), %%ymm13\n\t"
			     "vmovdqu 448(%0), %%ymm14\n\t"
			     "vmovdqu 480(%0), %%ymm15\n\t"
			     : : "r"(r) : "memory");
}

static void ymm_store(struct vregs *r)
{
	__asm__ __volatile__("vmovdqu %%ymm0, 0(%0)\n\t"
			     "vmovdqu %%ymm1, 32(%0)\n\t"
			     "vmovdqu %%ymm2, 64(%0)\n\t"
			     "vmovdqu %%ymm3, 96(%0)\n\t"
			     "vmovdqu %%ymm4, 128(%0)\n\t"
			     "vmovdqu %%ymm5, 160(%0)\n\t"
			     "vmovdqu %%ymm6, 192(%0)\n\t"
			     "vmovdqu %%ymm7, 224(%0)\n\t"
			     "vmovdqu %%ymm8, 256(%0)\n\t"
			     "vmovdqu %%ymm9, 288(%0)\n\t"
			     "vmovdqu %%ymm10, 320(%0)\n\t"
			     "vmovdqu %%ymm11, 352(%0)\n\t"
			     "vmovdqu %%ymm12, 384(%0)\n\t"
			     "vmovdqu %%ymm13, 416(%0)\n\t"
			     "vmovdqu %%ymm14, 448(%0)\n\t"
			     "vmovdqu %%ymm15, 480(%0)\n\t"
			     : : "r"(r) : "memory");
}

/* The vector registers this CPU has: ymm0-15 with AVX, else xmm0-15. */
static void vregs_load(const struct vregs *r)
{
	if (have_avx())
		ymm_load(r);
	else
		xmm_load(r);
}

static void vregs_store(struct vregs *r)
{
	memset(r, 0, sizeof(*r));
	if (have_avx())
		ymm_store(r);
	else
		xmm_store(r);
}

/* Patterns compare only the bytes the CPU has: the upper halves need AVX. */
static bool vregs_equal(const struct vregs *a, const struct vregs *b)
{
	unsigned int i, words = have_avx() ? 4 : 2;

	for (i = 0; i < NR_VREGS; i++)
		if (memcmp(a->w[i], b->w[i], words * sizeof(u64)))
			return false;
	return true;
}

static bool vregs_zero(const struct vregs *r)
{
	static const struct vregs zero;

	return vregs_equal(r, &zero);
}

/* A distinct, non-zero pattern per seed (splitmix64). */
static void vregs_pattern(struct vregs *r, u64 seed)
{
	unsigned int i, j;

	for (i = 0; i < NR_VREGS; i++)
		for (j = 0; j < 4; j++) {
			u64 z = (seed += 0x9e3779b97f4a7c15ULL);

			z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
			z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
			r->w[i][j] = (z ^ (z >> 31)) | 1;
		}
}

static u32 read_mxcsr(void)
{
	u32 v;

	__asm__ __volatile__("stmxcsr %0" : "=m"(v));
	return v;
}

static void write_mxcsr(u32 v)
{
	__asm__ __volatile__("ldmxcsr %0" : : "m"(v));
}

static u16 read_fcw(void)
{
	u16 v;

	__asm__ __volatile__("fnstcw %0" : "=m"(v));
	return v;
}

static void write_fcw(u16 v)
{
	__asm__ __volatile__("fldcw %0" : : "m"(v));
}

#define MXCSR_RC_ZERO	0x6000	/* rounding control: toward zero */
#define FCW_PC_SINGLE	0x007f	/* FCW with 24-bit precision, exceptions masked */

/* ---- single CPU ---- */

#define NR_ALIGN_ALLOCS	100

static void fpu_area_alignment(struct ktest *t)
{
	static struct fpu *f[NR_ALIGN_ALLOCS];
	unsigned int i, bad = 0;

	for (i = 0; i < NR_ALIGN_ALLOCS; i++) {
		f[i] = fpu_alloc();
		KTEST_ASSERT_NOT_NULL(t, f[i]);
		if (!IS_ALIGNED((unsigned long)fpu_area(f[i]), FPU_AREA_ALIGN))
			bad++;
	}
	KTEST_EXPECT_EQ(t, bad, 0U);
	for (i = 1; i < NR_ALIGN_ALLOCS; i++)	/* distinct objects */
		KTEST_EXPECT_NE(t, (unsigned long)f[i], (unsigned long)f[i - 1]);
	for (i = 0; i < NR_ALIGN_ALLOCS; i++)
		fpu_free(f[i]);
	fpu_free(NULL);		/* no-op */
}

static void fpu_size_matches_format(struct ktest *t)
{
	u32 a, b, c, d;

	if (fpu_method() == FPU_FXSAVE) {
		KTEST_EXPECT_EQ(t, fpu_state_size(), (size_t)512);
		KTEST_EXPECT_EQ(t, fpu_xfeatures(), XFEATURE_X87 | XFEATURE_SSE);
		return;
	}
	cpuid_count(0xd, fpu_method() == FPU_XSAVES ? 1 : 0, &a, &b, &c, &d);
	KTEST_EXPECT_EQ(t, fpu_state_size(), (size_t)b);
	KTEST_EXPECT_GE(t, fpu_state_size(), (size_t)(512 + 64));
	KTEST_EXPECT_EQ(t, fpu_xfeatures() & 3, 3ULL);
	if (fpu_xfeatures() & XFEATURE_AVX)
		KTEST_EXPECT_GE(t, fpu_state_size(), (size_t)(512 + 64 + 256));
	/* AVX-512 components are all on or all off */
	KTEST_EXPECT_TRUE(t, (fpu_xfeatures() & XFEATURE_AVX512) == 0 ||
			  (fpu_xfeatures() & XFEATURE_AVX512) == XFEATURE_AVX512);
}

static void fpu_initial_image(struct ktest *t)
{
	struct fpu *f = fpu_alloc();
	struct fxsave_legacy *fx;
	struct xsave_header *hdr;
	size_t i, nonzero = 0;
	u8 *p;

	KTEST_ASSERT_NOT_NULL(t, f);
	fx = fpu_area(f);
	p = (u8 *)fx;
	KTEST_EXPECT_EQ(t, fx->fcw, FPU_INIT_FCW);
	KTEST_EXPECT_EQ(t, fx->mxcsr, (u32)FPU_INIT_MXCSR);
	KTEST_EXPECT_EQ(t, fx->ftw, 0);
	/* everything but FCW (bytes 0-1) and MXCSR (24-27) and the header is zero */
	for (i = 0; i < fpu_state_size(); i++) {
		if (i < 2 || (i >= 24 && i < 28) || (i >= 512 && i < 528))
			continue;
		if (p[i])
			nonzero++;
	}
	KTEST_EXPECT_EQ(t, nonzero, (size_t)0);
	if (fpu_method() != FPU_FXSAVE) {
		hdr = (struct xsave_header *)(p + 512);
		KTEST_EXPECT_EQ(t, hdr->xstate_bv, 0ULL);	/* every component init */
		KTEST_EXPECT_EQ(t, hdr->xcomp_bv, fpu_method() == FPU_XSAVES ?
				XCOMP_BV_COMPACTED | fpu_xfeatures() : 0ULL);
	}
	fpu_free(f);
}

/* Loading a fresh state really resets FCW, MXCSR and every vector register. */
static void fpu_initial_registers(struct ktest *t)
{
	struct fpu *f = fpu_alloc();
	struct vregs junk, got;
	u32 mxcsr;
	u16 fcw;

	KTEST_ASSERT_NOT_NULL(t, f);
	vregs_pattern(&junk, 0xdead);
	kernel_fpu_begin();
	vregs_load(&junk);
	write_mxcsr(FPU_INIT_MXCSR | MXCSR_RC_ZERO);
	write_fcw(FCW_PC_SINGLE);
	fpu_restore(f);
	vregs_store(&got);
	mxcsr = read_mxcsr();
	fcw = read_fcw();
	kernel_fpu_end();

	KTEST_EXPECT_TRUE(t, vregs_zero(&got));
	KTEST_EXPECT_EQ(t, mxcsr, (u32)FPU_INIT_MXCSR);
	KTEST_EXPECT_EQ(t, fcw, FPU_INIT_FCW);
	fpu_free(f);
}

/* The AVX component's offset in a save area, from CPUID (or 576 compacted). */
static size_t avx_offset(void)
{
	u32 a, b, c, d;

	if (fpu_method() == FPU_XSAVES)
		return 576;
	cpuid_count(0xd, 2, &a, &b, &c, &d);
	return b;
}

/* What a save area holds for the registers, checked against the SDM layout. */
static void expect_area_holds(struct ktest *t, struct fpu *f, const struct vregs *r)
{
	struct fxsave_legacy *fx = fpu_area(f);
	u8 *upper = (u8 *)fx + avx_offset();
	unsigned int i, bad = 0;

	for (i = 0; i < NR_VREGS; i++) {
		if (memcmp(fx->xmm[i], &r->w[i][0], 16))
			bad++;
		if (have_avx() && memcmp(upper + 16 * i, &r->w[i][2], 16))
			bad++;
	}
	KTEST_EXPECT_EQ(t, bad, 0U);
	if (fpu_method() != FPU_FXSAVE) {
		struct xsave_header *hdr = (void *)((u8 *)fx + 512);

		KTEST_EXPECT_TRUE(t, hdr->xstate_bv & XFEATURE_SSE);
		if (have_avx())
			KTEST_EXPECT_TRUE(t, hdr->xstate_bv & XFEATURE_AVX);
	}
}

static void fpu_save_restore_roundtrip(struct ktest *t)
{
	struct fpu *a = fpu_alloc(), *b = fpu_alloc();
	struct vregs p1, p2, got1, got2, fresh;

	KTEST_ASSERT_TRUE(t, a && b);
	vregs_pattern(&p1, 1);
	vregs_pattern(&p2, 2);

	kernel_fpu_begin();
	fpu_restore(a);
	vregs_load(&p1);
	write_mxcsr(FPU_INIT_MXCSR | MXCSR_RC_ZERO);
	fpu_save(a);
	fpu_restore(b);		/* fresh: must clear p1 out */
	vregs_store(&fresh);
	vregs_load(&p2);
	fpu_save(b);
	fpu_restore(a);
	vregs_store(&got1);
	fpu_restore(b);
	vregs_store(&got2);
	kernel_fpu_end();

	KTEST_EXPECT_TRUE(t, vregs_zero(&fresh));
	KTEST_EXPECT_TRUE(t, vregs_equal(&got1, &p1));
	KTEST_EXPECT_TRUE(t, vregs_equal(&got2, &p2));
	KTEST_EXPECT_EQ(t, ((struct fxsave_legacy *)fpu_area(a))->mxcsr,
			(u32)(FPU_INIT_MXCSR | MXCSR_RC_ZERO));
	KTEST_EXPECT_EQ(t, ((struct fxsave_legacy *)fpu_area(b))->mxcsr, (u32)FPU_INIT_MXCSR);
	expect_area_holds(t, a, &p1);
	expect_area_holds(t, b, &p2);
	fpu_free(a);
	fpu_free(b);
}

static void fpu_copy_state(struct ktest *t)
{
	struct fpu *a = fpu_alloc(), *c = fpu_alloc();
	struct vregs p, got;

	KTEST_ASSERT_TRUE(t, a && c);
	vregs_pattern(&p, 3);
	kernel_fpu_begin();
	fpu_restore(a);
	vregs_load(&p);
	fpu_save(a);
	kernel_fpu_end();

	fpu_copy(c, a);
	kernel_fpu_begin();
	fpu_restore(c);
	vregs_store(&got);
	kernel_fpu_end();
	KTEST_EXPECT_TRUE(t, vregs_equal(&got, &p));
	KTEST_EXPECT_EQ(t, memcmp(fpu_area(a), fpu_area(c), fpu_state_size()), 0);
	fpu_free(a);
	fpu_free(c);
}

/*
 * fpu_switch() between two stand-in tasks. The caller's own registers are
 * set aside by hand (not kernel_fpu_begin(): switching inside a kernel FPU
 * section is itself a bug fpu_switch() warns about).
 */
static void fpu_switch_two_tasks(struct ktest *t)
{
	struct task_struct ta = { .fpu = fpu_alloc() }, tb = { .fpu = fpu_alloc() };
	struct fpu *mine = current ? current->fpu : NULL;
	struct vregs p1, p2, got_b, got_a;
	unsigned long flags;

	KTEST_ASSERT_TRUE(t, ta.fpu && tb.fpu);
	vregs_pattern(&p1, 11);
	vregs_pattern(&p2, 12);

	preempt_disable();
	flags = local_irq_save();
	if (mine)
		fpu_save(mine);
	fpu_restore(tb.fpu);	/* give tb its pattern */
	vregs_load(&p2);
	fpu_save(tb.fpu);
	fpu_restore(ta.fpu);	/* "ta" runs, with p1 */
	vregs_load(&p1);
	fpu_switch(&ta, &tb);
	vregs_store(&got_b);
	fpu_switch(&tb, &ta);
	vregs_store(&got_a);
	if (mine)
		fpu_restore(mine);
	local_irq_restore(flags);
	preempt_enable();

	KTEST_EXPECT_TRUE(t, vregs_equal(&got_b, &p2));
	KTEST_EXPECT_TRUE(t, vregs_equal(&got_a, &p1));
	fpu_free(ta.fpu);
	fpu_free(tb.fpu);
}

/* A task's own registers survive a kernel_fpu_begin/end section. */
static void fpu_kernel_section_preserves_task(struct ktest *t)
{
	struct vregs mine, kern, got, in_kernel;
	u32 mxcsr;

	if (!current || !current->fpu) {
		ktest_skip(t, "the running context has no FPU state (no scheduler task)");
		return;
	}
	vregs_pattern(&mine, 21);
	vregs_pattern(&kern, 22);
	vregs_load(&mine);
	write_mxcsr(FPU_INIT_MXCSR | MXCSR_RC_ZERO);
	kernel_fpu_begin();
	vregs_store(&in_kernel);	/* the kernel starts from a clean state */
	KTEST_EXPECT_EQ(t, read_mxcsr(), (u32)FPU_INIT_MXCSR);
	vregs_load(&kern);
	write_mxcsr(FPU_INIT_MXCSR);
	kernel_fpu_end();
	vregs_store(&got);
	mxcsr = read_mxcsr();
	write_mxcsr(FPU_INIT_MXCSR);

	KTEST_EXPECT_TRUE(t, vregs_zero(&in_kernel));
	KTEST_EXPECT_TRUE(t, vregs_equal(&got, &mine));
	KTEST_EXPECT_EQ(t, mxcsr, (u32)(FPU_INIT_MXCSR | MXCSR_RC_ZERO));
}

/* ---- threads on every CPU ---- */

#define ISO_RUN_NS		(400ULL * 1000 * 1000)	/* each thread's busy time */
#define ISO_MAX_THREADS		8			/* two per CPU, up to 4 CPUs */
#define ISO_KERNEL_FPU_EVERY	64			/* checks between kernel sections */

/**
 * struct iso_thread - one isolation-test thread
 * @task: the kthread
 * @cpu: where it is pinned
 * @seed: its register pattern
 * @mxcsr: its MXCSR (rounding mode differs between threads)
 * @progress: checks done so far, read by @sibling
 * @sibling: the other thread on the same CPU
 * @done: completed when the thread has finished its run
 *
 * Results, written by the thread, read after @done:
 * @initial_ok: it started with zeroed registers and the default MXCSR/FCW
 * @checks: register checks made
 * @mismatches: checks that found registers other than its own
 * @switched: checks between which the sibling made progress (the thread
 *	was switched out)
 */
struct iso_thread {
	struct task_struct *task;
	unsigned int cpu;
	u64 seed;
	u32 mxcsr;
	unsigned long progress;
	struct iso_thread *sibling;
	struct completion done;
	bool initial_ok;
	unsigned long checks, mismatches, switched;
};

static bool iso_check(const struct iso_thread *it, const struct vregs *want)
{
	struct vregs got;

	vregs_store(&got);
	return vregs_equal(&got, want) && read_mxcsr() == it->mxcsr;
}

static int iso_thread_fn(void *data)
{
	struct iso_thread *it = data;
	unsigned long sib_seen;
	struct vregs want, got;
	u64 end;

	vregs_store(&got);
	it->initial_ok = vregs_zero(&got) && read_mxcsr() == FPU_INIT_MXCSR &&
			 read_fcw() == FPU_INIT_FCW;
	vregs_pattern(&want, it->seed);
	vregs_load(&want);
	write_mxcsr(it->mxcsr);

	sib_seen = READ_ONCE(it->sibling->progress);
	end = ktime_get_ns() + ISO_RUN_NS;
	while (ktime_get_ns() < end) {
		if (!iso_check(it, &want))
			it->mismatches++;
		it->checks++;
		WRITE_ONCE(it->progress, it->progress + 1);
		if (READ_ONCE(it->sibling->progress) != sib_seen) {
			sib_seen = READ_ONCE(it->sibling->progress);
			it->switched++;
		}
		if (it->checks % ISO_KERNEL_FPU_EVERY == 0) {
			kernel_fpu_begin();	/* kernel SIMD use mid-run */
			vregs_pattern(&got, ~it->seed);
			vregs_load(&got);
			kernel_fpu_end();
		}
	}
	if (!iso_check(it, &want))
		it->mismatches++;
	write_mxcsr(FPU_INIT_MXCSR);
	complete(&it->done);
	return 0;
}

static void fpu_isolation_threads(struct ktest *t)
{
	static struct iso_thread th[ISO_MAX_THREADS];
	unsigned int cpus[CONFIG_NR_CPUS], ncpu = 0, n, i, cpu;
	unsigned long checks = 0, min_switched = ~0UL;
	int ret;

	for_each_online_cpu(cpu)
		if (ncpu < ISO_MAX_THREADS / 2)
			cpus[ncpu++] = cpu;
	n = 2 * ncpu;
	memset(th, 0, sizeof(th));
	for (i = 0; i < n; i++) {
		th[i].cpu = cpus[i / 2];
		th[i].seed = 0x1000 + i;
		th[i].mxcsr = FPU_INIT_MXCSR | ((i & 3) << 13);	/* rounding mode */
		th[i].sibling = &th[i ^ 1];
		init_completion(&th[i].done);
	}
	for (i = 0; i < n; i++) {
		th[i].task = kthread_create_on_cpu(iso_thread_fn, &th[i], th[i].cpu,
						   "fpu_iso/%u", i);
		if (IS_ERR(th[i].task)) {
			KTEST_EXPECT_TRUE(t, !IS_ERR(th[i].task));
			th[i].task = NULL;
			n = i;
			break;
		}
	}
	for (i = 0; i < n; i++)
		wake_up_process(th[i].task);
	for (i = 0; i < n; i++) {
		wait_for_completion(&th[i].done);
		ret = kthread_stop(th[i].task);
		KTEST_EXPECT_EQ(t, ret, 0);
	}
	for (i = 0; i < n; i++) {
		checks += th[i].checks;
		min_switched = min(min_switched, th[i].switched);
		if (th[i].mismatches || !th[i].initial_ok || th[i].switched < 2)
			ktest_fail(t, __FILE__, __LINE__,
				   "thread %u on CPU %u: %lu of %lu checks wrong, %lu switches, initial state %s",
				   i, th[i].cpu, th[i].mismatches, th[i].checks, th[i].switched,
				   th[i].initial_ok ? "ok" : "WRONG");
		KTEST_EXPECT_EQ(t, th[i].mismatches, 0UL);
		KTEST_EXPECT_TRUE(t, th[i].initial_ok);
		KTEST_EXPECT_GE(t, th[i].switched, 2UL);	/* preempted repeatedly */
		KTEST_EXPECT_GT(t, th[i].checks, 100UL);
	}
	pr_info("    # fpu.fpu_isolation_threads: %u threads on %u CPUs, %lu checks, each switched out >= %lu times\n",
		n, ncpu, checks, n ? min_switched : 0UL);
}

KTEST_SUITE(fpu, NULL, NULL,
	    KTEST_CASE(fpu_area_alignment),
	    KTEST_CASE(fpu_size_matches_format),
	    KTEST_CASE(fpu_initial_image),
	    KTEST_CASE(fpu_initial_registers),
	    KTEST_CASE(fpu_save_restore_roundtrip),
	    KTEST_CASE(fpu_copy_state),
	    KTEST_CASE(fpu_switch_two_tasks),
	    KTEST_CASE(fpu_kernel_section_preserves_task),
	    KTEST_CASE(fpu_isolation_threads));
