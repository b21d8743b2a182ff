// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite "oops": provoked page faults, BUG(), #DE, #GP and a stack
 * overflow are reported with the right name, error code and a symbolised
 * call trace; WARN resumes; kallsyms, the unwinder and request_vector().
 *
 * A case that oopses ends there (the runner recovers it), so each such case
 * is followed by a "_report" case that reads the log the oops left.
 */
#include <tessera/bug.h>
#include <tessera/errno.h>
#include <tessera/kallsyms.h>
#include <tessera/ktest.h>
#include <tessera/printk.h>
#include <tessera/string.h>
#include <tessera/vmalloc.h>
#include <tessera/vsprintf.h>
#include <asm/page.h>
#include <asm/stack.h>
#include <asm/traps.h>

#define __test_fn	__attribute__((noipa))	/* no inlining, cloning, folding */

/* In the hole between vmalloc space and the kernel image: never mapped. */
#define UNMAPPED_ADDR		0xffffd00000000010UL
#define NONCANONICAL_ADDR	0xdead000000000000UL
#define TEST_VECTOR		0xe8
#define UNUSED_VECTOR		0xe9

static char logbuf[16384];
static void *overflow_stack;	/* freed by the report case or suite exit */

/* The log text of the last oops the runner recovered, NUL-terminated. */
static const char *last_oops_log(void)
{
	size_t start, end, n;

	ktest_last_oops_log(&start, &end);
	n = log_buf_read(start, logbuf, min(end - start, sizeof(logbuf) - 1));
	logbuf[n] = '\0';
	return logbuf;
}

/* The log text printed since @pos, NUL-terminated. */
static const char *log_since(size_t pos)
{
	size_t n = log_buf_read(pos, logbuf, sizeof(logbuf) - 1);

	logbuf[n] = '\0';
	return logbuf;
}

static unsigned int count_substr(const char *s, const char *needle)
{
	unsigned int n = 0;

	while ((s = strstr(s, needle))) {
		n++;
		s += strlen(needle);
	}
	return n;
}

/* Does @log contain "@fn+0x<hex>/0x<hex>" (a %pS rendering of @fn)? */
static bool has_symbol(const char *log, const char *fn)
{
	char pat[80];
	const char *p = log;

	scnprintf(pat, sizeof(pat), "%s+0x", fn);
	while ((p = strstr(p, pat))) {
		p += strlen(pat);
		while ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'))
			p++;
		if (!strncmp(p, "/0x", 3))
			return true;
	}
	return false;
}

/* ---- kernel page fault ---- */

__test_fn void oops_test_pf_write(unsigned long *p);
__test_fn void oops_test_pf_write(unsigned long *p)
{
	*(volatile unsigned long *)p = 0x1234;
	barrier();
}

__test_fn void oops_test_pf_outer(unsigned long *p);
__test_fn void oops_test_pf_outer(unsigned long *p)
{
	oops_test_pf_write(p);
	barrier();
}

static void pf_write_oops(struct ktest *t)
{
	if (kernel_range_mapped(UNMAPPED_ADDR, 8)) {
		ktest_skip(t, "the test address is mapped");
		return;
	}
	ktest_expect_oops(t);
	oops_test_pf_outer((unsigned long *)UNMAPPED_ADDR);
	KTEST_EXPECT_TRUE(t, !"the write to an unmapped address returned");
}

/* the page fault report: headline, CR2, decoded error code, RIP, trace */
static void pf_write_report(struct ktest *t)
{
	const char *log = last_oops_log();
	const char *trace = strstr(log, "Call Trace:");
	char cr2[64];

	scnprintf(cr2, sizeof(cr2), "page fault for address: %016lx", UNMAPPED_ADDR);
	KTEST_EXPECT_NOT_NULL(t, strstr(log, cr2));
	KTEST_EXPECT_NOT_NULL(t, strstr(log,
		"Oops: page fault (#PF) error_code=0x0002 [W, not-present, kernel]"));
	KTEST_EXPECT_NOT_NULL(t, strstr(log, "RIP: 0008:oops_test_pf_write+0x"));
	KTEST_EXPECT_TRUE(t, has_symbol(log, "oops_test_pf_write"));
	KTEST_EXPECT_NOT_NULL(t, strstr(log, "RAX: "));
	KTEST_EXPECT_NOT_NULL(t, strstr(log, "R15: "));
	KTEST_EXPECT_NOT_NULL(t, strstr(log, "CR2: ffffd00000000010"));
	KTEST_EXPECT_NOT_NULL(t, strstr(log, "Code: "));
	KTEST_EXPECT_NOT_NULL(t, strstr(log, "Stack ("));
	KTEST_ASSERT_NOT_NULL(t, trace);
	/* the unwinder walked from the faulting frame to its callers */
	KTEST_EXPECT_TRUE(t, has_symbol(trace, "oops_test_pf_outer"));
	KTEST_EXPECT_TRUE(t, has_symbol(trace, "pf_write_oops"));
	KTEST_EXPECT_LT(t, strstr(trace, "oops_test_pf_outer"), strstr(trace, "pf_write_oops"));
	KTEST_EXPECT_NOT_NULL(t, strstr(trace, "---[ end trace ]---"));
}

/* ---- BUG() ---- */

static int bug_line;

__test_fn void oops_test_bug(void);
__test_fn void oops_test_bug(void)
{
	bug_line = __LINE__ + 1;
	BUG();
}

static void bug_oops(struct ktest *t)
{
	ktest_expect_oops(t);
	oops_test_bug();
	KTEST_EXPECT_TRUE(t, !"BUG() returned");
}

static void bug_report(struct ktest *t)
{
	const char *log = last_oops_log();
	char want[256];

	scnprintf(want, sizeof(want), "kernel BUG at %s:%d!", __FILE__, bug_line);
	KTEST_EXPECT_NOT_NULL(t, strstr(log, "kernel BUG at "));
	KTEST_EXPECT_NOT_NULL(t, strstr(log, "traps_test.c"));
	KTEST_EXPECT_NOT_NULL(t, strstr(log, want));
	KTEST_EXPECT_NOT_NULL(t, strstr(log, "Oops: invalid opcode (#UD)"));
	KTEST_EXPECT_NOT_NULL(t, strstr(log, "RIP: 0008:oops_test_bug+0x"));
	KTEST_EXPECT_TRUE(t, has_symbol(strstr(log, "Call Trace:") ?: "", "bug_oops"));
}

/* ---- WARN ---- */

static int warn_line;

__test_fn int oops_test_warn_once(int cond);
__test_fn int oops_test_warn_once(int cond)
{
	warn_line = __LINE__ + 1;
	if (WARN_ON_ONCE(cond))
		return 42;
	return 7;
}

__test_fn int oops_test_warn(int cond);
__test_fn int oops_test_warn(int cond)
{
	if (WARN_ON(cond))
		return 43;
	return 8;
}

/* WARN_ON_ONCE reports once, counts once, and execution carries on */
static void warn_once_resumes(struct ktest *t)
{
	unsigned long warns = warn_count;
	char want[256];
	size_t pos;

	KTEST_EXPECT_EQ(t, oops_test_warn_once(0), 7);
	KTEST_EXPECT_EQ(t, warn_count, warns);

	pos = log_buf_pos();
	KTEST_EXPECT_EQ(t, oops_test_warn_once(1), 42);
	KTEST_EXPECT_EQ(t, warn_count, warns + 1);
	log_since(pos);
	scnprintf(want, sizeof(want), "WARNING: at %s:%d", __FILE__, warn_line);
	KTEST_EXPECT_NOT_NULL(t, strstr(logbuf, want));
	KTEST_EXPECT_NOT_NULL(t, strstr(logbuf, "RIP: 0008:oops_test_warn_once+0x"));
	KTEST_EXPECT_TRUE(t, has_symbol(strstr(logbuf, "Call Trace:") ?: "", "warn_once_resumes"));

	pos = log_buf_pos();
	KTEST_EXPECT_EQ(t, oops_test_warn_once(1), 42);
	KTEST_EXPECT_EQ(t, warn_count, warns + 1);
	KTEST_EXPECT_EQ(t, log_buf_pos(), pos);		/* silent the second time */
}

/* plain WARN_ON reports every time */
static void warn_repeats(struct ktest *t)
{
	unsigned long warns = warn_count;
	size_t pos = log_buf_pos();

	KTEST_EXPECT_EQ(t, oops_test_warn(1), 43);
	KTEST_EXPECT_EQ(t, oops_test_warn(1), 43);
	KTEST_EXPECT_EQ(t, oops_test_warn(0), 8);
	KTEST_EXPECT_EQ(t, warn_count, warns + 2);
	KTEST_EXPECT_EQ(t, count_substr(log_since(pos), "WARNING: at "), 2);
}

/* ---- divide error and general protection ---- */

__test_fn unsigned long oops_test_divide(unsigned long a, unsigned long b);
__test_fn unsigned long oops_test_divide(unsigned long a, unsigned long b)
{
	return a / b;
}

static void divide_error_oops(struct ktest *t)
{
	volatile unsigned long zero = 0;

	ktest_expect_oops(t);
	KTEST_EXPECT_EQ(t, oops_test_divide(10, zero), 0);
	KTEST_EXPECT_TRUE(t, !"division by zero returned");
}

static void divide_error_report(struct ktest *t)
{
	const char *log = last_oops_log();

	KTEST_EXPECT_NOT_NULL(t, strstr(log, "Oops: divide error (#DE)\n"));
	KTEST_EXPECT_NOT_NULL(t, strstr(log, "RIP: 0008:oops_test_divide+0x"));
	KTEST_EXPECT_TRUE(t, has_symbol(strstr(log, "Call Trace:") ?: "", "divide_error_oops"));
}

__test_fn unsigned long oops_test_gp_read(unsigned long addr);
__test_fn unsigned long oops_test_gp_read(unsigned long addr)
{
	return *(volatile unsigned long *)addr;
}

static void gp_oops(struct ktest *t)
{
	ktest_expect_oops(t);
	oops_test_gp_read(NONCANONICAL_ADDR);
	KTEST_EXPECT_TRUE(t, !"a non-canonical read returned");
}

static void gp_report(struct ktest *t)
{
	const char *log = last_oops_log();

	KTEST_EXPECT_NOT_NULL(t, strstr(log,
		"Oops: general protection fault (#GP) error_code=0x0000\n"));
	KTEST_EXPECT_NOT_NULL(t, strstr(log, "RIP: 0008:oops_test_gp_read+0x"));
	KTEST_EXPECT_NULL(t, strstr(log, "unable to handle page fault"));
}

/* ---- kernel stack overflow ---- */

__test_fn unsigned long oops_test_recurse(unsigned long n);
__test_fn unsigned long oops_test_recurse(unsigned long n)
{
	unsigned long pad[32], ret;

	pad[0] = n;
	if (n > 100000)		/* never: the guard page stops us first */
		return n;
	ret = oops_test_recurse(n + 1);
	/* keep pad live across the call: no tail-recursion elimination */
	__asm__ __volatile__("" : : "r"(pad) : "memory");
	return ret + pad[0];
}

static __noreturn void overflow_on_test_stack(void)
{
	oops_test_recurse(0);
	BUG();
}

/* running off a guarded stack is a double fault on the IST stack */
static void stack_overflow_oops(struct ktest *t)
{
	unsigned long base;

	overflow_stack = alloc_kernel_stack();
	KTEST_ASSERT_NOT_NULL(t, overflow_stack);
	base = (unsigned long)overflow_stack;
	if (kernel_range_mapped(base - PAGE_SIZE, 1)) {
		ktest_skip(t, "alloc_kernel_stack() gave no guard page");
		return;
	}
	ktest_expect_oops(t);
	call_on_stack(overflow_stack, THREAD_SIZE, overflow_on_test_stack);
}

static void stack_overflow_report(struct ktest *t)
{
	const char *log = last_oops_log();

	free_kernel_stack(overflow_stack);
	overflow_stack = NULL;
	KTEST_EXPECT_NOT_NULL(t, strstr(log, "BUG: kernel stack overflow"));
	/* trap_init_late() moved #DF to a guarded IST stack */
	KTEST_EXPECT_NOT_NULL(t, strstr(log, "on the IST-DF stack ffffc"));
	KTEST_EXPECT_NOT_NULL(t, strstr(log, "(guarded)"));
	KTEST_EXPECT_NOT_NULL(t, strstr(log, "Oops: double fault (#DF) error_code=0x0000"));
	KTEST_EXPECT_TRUE(t, has_symbol(log, "oops_test_recurse"));
}

/* ---- kallsyms and the unwinder ---- */

__test_fn int oops_test_symbol(int x);
__test_fn int oops_test_symbol(int x)
{
	return x * 3 + 1;
}

static void kallsyms_lookup_function(struct ktest *t)
{
	unsigned long addr = (unsigned long)oops_test_symbol, off = 1, size = 0;
	const char *name = NULL;

	KTEST_ASSERT_EQ(t, kallsyms_lookup(addr, &name, &off, &size), 0);
	KTEST_EXPECT_STREQ(t, name, "oops_test_symbol");
	KTEST_EXPECT_EQ(t, off, 0);
	KTEST_ASSERT_TRUE(t, size > 1 && size < 4096);

	KTEST_EXPECT_EQ(t, kallsyms_lookup(addr + size / 2, &name, &off, &size), 0);
	KTEST_EXPECT_STREQ(t, name, "oops_test_symbol");
	KTEST_EXPECT_EQ(t, off, size / 2);

	KTEST_EXPECT_EQ(t, kallsyms_lookup(addr + size - 1, &name, &off, &size), 0);
	KTEST_EXPECT_STREQ(t, name, "oops_test_symbol");
	KTEST_EXPECT_EQ(t, off, size - 1);

	/* one past the end belongs to whatever follows, if anything */
	name = NULL;
	kallsyms_lookup(addr + size, &name, &off, &size);
	KTEST_EXPECT_TRUE(t, !name || strcmp(name, "oops_test_symbol"));

	/* outside any symbol: outputs untouched */
	name = "untouched";
	KTEST_EXPECT_EQ(t, kallsyms_lookup(0x1000, &name, &off, &size), -ENOENT);
	KTEST_EXPECT_EQ(t, kallsyms_lookup(UNMAPPED_ADDR, &name, &off, &size), -ENOENT);
	KTEST_EXPECT_EQ(t, kallsyms_lookup((unsigned long)logbuf, &name, &off, &size), -ENOENT);
	KTEST_EXPECT_STREQ(t, name, "untouched");

	KTEST_EXPECT_EQ(t, kallsyms_lookup_name("oops_test_symbol"), addr);
	KTEST_EXPECT_EQ(t, kallsyms_lookup_name("trap_dispatch"), (unsigned long)trap_dispatch);
	KTEST_EXPECT_EQ(t, kallsyms_lookup_name("no_such_symbol_anywhere"), 0);
	KTEST_EXPECT_EQ(t, kallsyms_lookup_name(""), 0);
}

static const char *pc_name(unsigned long pc)
{
	unsigned long off, size;
	const char *name;

	return kallsyms_lookup(pc - 1, &name, &off, &size) ? "?" : name;
}

__test_fn unsigned int oops_test_unwind_inner(unsigned long *pcs, unsigned int max);
__test_fn unsigned int oops_test_unwind_inner(unsigned long *pcs, unsigned int max)
{
	unsigned long fp = (unsigned long)__builtin_frame_address(0);
	unsigned int n = stack_trace_save_fp(fp, fp, pcs, max);

	barrier();
	return n;
}

__test_fn unsigned int oops_test_unwind_outer(unsigned long *pcs, unsigned int max);
__test_fn unsigned int oops_test_unwind_outer(unsigned long *pcs, unsigned int max)
{
	unsigned int n = oops_test_unwind_inner(pcs, max);

	barrier();
	return n;
}

/* the unwinder names the callers in order and stops on bad frames */
static void unwind_frames(struct ktest *t)
{
	unsigned long pcs[8], fake[4], sp;
	unsigned int n;

	n = oops_test_unwind_outer(pcs, ARRAY_SIZE(pcs));
	KTEST_ASSERT_TRUE(t, n >= 2);
	KTEST_EXPECT_STREQ(t, pc_name(pcs[0]), "oops_test_unwind_outer");
	KTEST_EXPECT_STREQ(t, pc_name(pcs[1]), "unwind_frames");
	KTEST_EXPECT_EQ(t, oops_test_unwind_outer(pcs, 1), 1);

	/* a frame record pointing at itself: one frame, then the walk stops */
	sp = (unsigned long)fake;
	fake[0] = (unsigned long)&fake[0];
	fake[1] = (unsigned long)oops_test_symbol + 1;
	KTEST_EXPECT_EQ(t, stack_trace_save_fp(sp, sp, pcs, ARRAY_SIZE(pcs)), 1);
	/* a return address outside kernel text ends the walk at once */
	fake[1] = (unsigned long)logbuf;
	KTEST_EXPECT_EQ(t, stack_trace_save_fp(sp, sp, pcs, ARRAY_SIZE(pcs)), 0);
	/* frame pointers into unmapped or user memory are not followed */
	KTEST_EXPECT_EQ(t, stack_trace_save_fp(UNMAPPED_ADDR, UNMAPPED_ADDR, pcs, 8), 0);
	KTEST_EXPECT_EQ(t, stack_trace_save_fp(0x1000, 0x1000, pcs, 8), 0);
	KTEST_EXPECT_EQ(t, stack_trace_save_fp(sp + 1, sp, pcs, 8), 0);	/* misaligned */
	barrier();
}

/* ---- external vectors ---- */

static unsigned long test_vector_hits, test_vector_seen;

static void test_vector_handler(struct pt_regs *regs)
{
	test_vector_hits++;
	test_vector_seen = regs->vector;
}

static void request_vector_dispatches(struct ktest *t)
{
	int ret = request_vector(TEST_VECTOR, test_vector_handler);

	if (ret == -EBUSY) {
		ktest_skip(t, "test vector already in use");
		return;
	}
	KTEST_ASSERT_EQ(t, ret, 0);
	test_vector_hits = 0;
	__asm__ __volatile__("int %0" : : "i"(TEST_VECTOR) : "memory");
	__asm__ __volatile__("int %0" : : "i"(TEST_VECTOR) : "memory");
	KTEST_EXPECT_EQ(t, test_vector_hits, 2);
	KTEST_EXPECT_EQ(t, test_vector_seen, TEST_VECTOR);

	KTEST_EXPECT_EQ(t, request_vector(TEST_VECTOR, test_vector_handler), -EBUSY);
	KTEST_EXPECT_EQ(t, request_vector(X86_TRAP_PF, test_vector_handler), -EINVAL);
	KTEST_EXPECT_EQ(t, request_vector(NR_VECTORS, test_vector_handler), -EINVAL);
	KTEST_EXPECT_EQ(t, request_vector(TEST_VECTOR + 2, NULL), -EINVAL);

	free_vector(TEST_VECTOR);
	KTEST_EXPECT_EQ(t, request_vector(TEST_VECTOR, test_vector_handler), 0);
	free_vector(TEST_VECTOR);
}

static unsigned long irq_pcs[16];
static unsigned int irq_npcs;

static void unwinding_vector_handler(struct pt_regs *regs)
{
	unsigned long fp = (unsigned long)__builtin_frame_address(0);

	irq_npcs = stack_trace_save_fp(fp, fp, irq_pcs, ARRAY_SIZE(irq_pcs));
	WARN_ON(regs->vector == TEST_VECTOR);
}

/* from an interrupt handler the walk crosses the trap frame into the task */
static void unwind_through_trap_frame(struct ktest *t)
{
	unsigned int i, entry = ARRAY_SIZE(irq_pcs), task = ARRAY_SIZE(irq_pcs);
	const char *log, *marker;
	size_t pos;

	if (request_vector(TEST_VECTOR, unwinding_vector_handler)) {
		ktest_skip(t, "test vector already in use");
		return;
	}
	irq_npcs = 0;
	pos = log_buf_pos();
	__asm__ __volatile__("int %0" : : "i"(TEST_VECTOR) : "memory");
	free_vector(TEST_VECTOR);

	for (i = 0; i < irq_npcs; i++) {
		if (irq_pcs[i] == (unsigned long)entry_trap_return && entry > i)
			entry = i;
		if (!strcmp(pc_name(irq_pcs[i]), "unwind_through_trap_frame") && task > i)
			task = i;
	}
	KTEST_EXPECT_LT(t, entry, irq_npcs);
	KTEST_EXPECT_LT(t, task, irq_npcs);
	KTEST_EXPECT_LT(t, entry, task);

	/* the WARN's printed trace marks the crossing, then the task's frames */
	log = log_since(pos);
	marker = strstr(log, " <IRQ, vector 0xe8, RSP ");
	KTEST_ASSERT_NOT_NULL(t, marker);
	KTEST_EXPECT_TRUE(t, has_symbol(log, "unwinding_vector_handler"));
	KTEST_EXPECT_TRUE(t, has_symbol(marker, "unwind_through_trap_frame"));
}

/* no handler: counted every time, reported once; spurious: never reported */
static void unexpected_vector_reported_once(struct ktest *t)
{
	unsigned long before, spurious;
	size_t pos;

	if (request_vector(UNUSED_VECTOR, test_vector_handler)) {
		ktest_skip(t, "test vector already in use");
		return;
	}
	free_vector(UNUSED_VECTOR);
	before = unexpected_vector_count(UNUSED_VECTOR);
	spurious = unexpected_vector_count(SPURIOUS_APIC_VECTOR);
	pos = log_buf_pos();

	__asm__ __volatile__("int %0" : : "i"(UNUSED_VECTOR) : "memory");
	__asm__ __volatile__("int %0" : : "i"(UNUSED_VECTOR) : "memory");
	KTEST_EXPECT_EQ(t, unexpected_vector_count(UNUSED_VECTOR), before + 2);
	/* reported the first time this boot, silent afterwards */
	KTEST_EXPECT_EQ(t, count_substr(log_since(pos), "unexpected interrupt on vector 0xe9"),
			before ? 0 : 1);

	/* the APIC driver may own 0xff by now; test only an unowned one */
	if (request_vector(SPURIOUS_APIC_VECTOR, test_vector_handler))
		return;
	free_vector(SPURIOUS_APIC_VECTOR);
	pos = log_buf_pos();
	__asm__ __volatile__("int %0" : : "i"(SPURIOUS_APIC_VECTOR) : "memory");
	KTEST_EXPECT_EQ(t, unexpected_vector_count(SPURIOUS_APIC_VECTOR), spurious + 1);
	KTEST_EXPECT_EQ(t, log_buf_pos(), pos);
}

static void oops_test_exit(void)
{
	free_kernel_stack(overflow_stack);
	overflow_stack = NULL;
}

KTEST_SUITE(oops, NULL, oops_test_exit,
	KTEST_CASE(pf_write_oops),
	KTEST_CASE(pf_write_report),
	KTEST_CASE(bug_oops),
	KTEST_CASE(bug_report),
	KTEST_CASE(warn_once_resumes),
	KTEST_CASE(warn_repeats),
	KTEST_CASE(divide_error_oops),
	KTEST_CASE(divide_error_report),
	KTEST_CASE(gp_oops),
	KTEST_CASE(gp_report),
	KTEST_CASE(stack_overflow_oops),
	KTEST_CASE(stack_overflow_report),
	KTEST_CASE(kallsyms_lookup_function),
	KTEST_CASE(unwind_frames),
	KTEST_CASE(request_vector_dispatches),
	KTEST_CASE(unwind_through_trap_frame),
	KTEST_CASE(unexpected_vector_reported_once),
);
