// SPDX-License-Identifier: GPL-2.0
/*
 * The in-kernel test runner: runs the suites named by ktest= at boot, one
 * line per case, a summary line, and recovers from oopses a case asked for.
 *
 * Output (parsed by scripts/check.sh):
 *   ktest: suite buddy (7 cases)
 *       ok 1 buddy.alloc_every_order
 *       not ok 2 buddy.split_merge: mm/page_alloc_test.c:80: expected ...
 *   ktest: 6 passed, 1 failed
 */
#include <tessera/ktest.h>
#include <tessera/param.h>
#include <tessera/printk.h>
#include <tessera/sched.h>
#include <tessera/spinlock.h>
#include <tessera/string.h>
#include <tessera/vsprintf.h>
#include <asm/irqflags.h>
#include <asm/setjmp.h>

extern const struct ktest_suite *const __start_ktest_suites[];
extern const struct ktest_suite *const __stop_ktest_suites[];

static char ktest_spec[256];
param_string(ktest, ktest_spec, "run in-kernel test suites at boot: all or a,b,c");

/*
 * Runner state. Cases run one at a time in the runner's task, but a case
 * may start threads or call functions on other CPUs that record checks:
 * ktest_lock (interrupts saved) guards the running case's counters and the
 * oops arming below. The oops hook only recovers an oops of the runner's
 * own task (oops_task): it longjmps onto that task's stack.
 */
static DEFINE_SPINLOCK(ktest_lock);
static struct task_struct *oops_task;
static struct ktest *cur_test;
static struct kjmp_buf oops_jmp;
static bool oops_armed;
static unsigned int oops_recovered;
static size_t oops_log_start, oops_log_end;

/**
 * ktest_fail() - record a failed check and print why
 * @t: the running case
 * @file: source file of the check
 * @line: its line
 * @fmt: what was expected and what was found
 */
void ktest_fail(struct ktest *t, const char *file, int line, const char *fmt, ...)
{
	char msg[256];
	unsigned long flags;
	va_list ap;

	va_start(ap, fmt);
	vscnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	spin_lock_irqsave(&ktest_lock, flags);
	t->failed = true;
	t->expects++;
	spin_unlock_irqrestore(&ktest_lock, flags);
	pr_info("    # %s.%s: %s:%d: %s\n", t->suite, t->name, file, line, msg);
}

/**
 * ktest_skip() - mark the running case skipped (it counts as neither)
 * @t: the running case
 * @reason: printed on its result line
 */
void ktest_skip(struct ktest *t, const char *reason)
{
	t->skipped = true;
	t->skip_reason = reason;
	pr_info("    # %s.%s: skipped: %s\n", t->suite, t->name, reason);
}

/**
 * ktest_pass_expect() - count a check that held
 * @t: the running case
 */
void ktest_pass_expect(struct ktest *t)
{
	unsigned long flags;

	spin_lock_irqsave(&ktest_lock, flags);
	t->expects++;
	spin_unlock_irqrestore(&ktest_lock, flags);
}

/**
 * ktest_expect_oops() - see include/tessera/ktest.h
 * @t: the running case
 */
void ktest_expect_oops(struct ktest *t)
{
	unsigned long flags;

	spin_lock_irqsave(&ktest_lock, flags);
	oops_log_start = log_buf_pos();
	oops_task = current;
	oops_armed = true;
	spin_unlock_irqrestore(&ktest_lock, flags);
}

/**
 * ktest_oops_hook() - called by the oops path after its report
 *
 * If the running case armed it, jumps back into the runner and does not
 * return; otherwise returns and the caller panics.
 * Context: trap handler, interrupts off.
 */
void ktest_oops_hook(void)
{
	unsigned long flags;
	bool mine;

	/* an oops inside ktest_lock's section would spin forever: try only */
	if (!spin_trylock_irqsave(&ktest_lock, flags))
		return;
	mine = oops_armed && cur_test && oops_task == current;
	if (mine) {
		oops_armed = false;
		oops_log_end = log_buf_pos();
		oops_recovered++;
	}
	spin_unlock_irqrestore(&ktest_lock, flags);
	if (mine)
		kernel_longjmp(&oops_jmp, 1);
}

/**
 * ktest_last_oops_log() - the log range of the last recovered oops
 * @start: receives its first position
 * @end: receives the position after it
 */
void ktest_last_oops_log(size_t *start, size_t *end)
{
	*start = oops_log_start;
	*end = oops_log_end;
}

/**
 * ktest_oops_count() - oopses recovered since boot
 */
unsigned int ktest_oops_count(void)
{
	return oops_recovered;
}

/* Runs one case; returns 1 if it passed, 0 if it failed, -1 if skipped. */
static int run_case(const struct ktest_suite *s, const struct ktest_case *c,
		    unsigned int nr)
{
	struct ktest t = { .name = c->name, .suite = s->name };
	unsigned long flags = read_rflags(), lflags;
	unsigned int oopses = oops_recovered;
	int preempt = preempt_count();
	bool armed;

	spin_lock_irqsave(&ktest_lock, lflags);
	cur_test = &t;
	spin_unlock_irqrestore(&ktest_lock, lflags);
	if (kernel_setjmp(&oops_jmp) == 0) {
		c->run(&t);
		spin_lock_irqsave(&ktest_lock, lflags);
		armed = oops_armed;
		oops_armed = false;
		spin_unlock_irqrestore(&ktest_lock, lflags);
		if (armed)
			ktest_fail(&t, __FILE__, __LINE__,
				   "the case expected an oops that did not happen");
	}
	/*
	 * After a recovered oops we are back here with interrupts off, and
	 * the preempt count as the oops left it (locks the case held).
	 */
	if (oops_recovered != oopses && preempt_count() != preempt)
		preempt_count_add(preempt - preempt_count());
	local_irq_restore(flags);
	spin_lock_irqsave(&ktest_lock, lflags);
	cur_test = NULL;
	spin_unlock_irqrestore(&ktest_lock, lflags);

	if (t.skipped && !t.failed) {
		pr_info("    ok %u %s.%s # SKIP %s\n", nr, s->name, c->name,
			t.skip_reason ? t.skip_reason : "");
		return -1;
	}
	if (!t.failed && t.expects == 0 && oops_recovered == oopses) {
		ktest_fail(&t, __FILE__, __LINE__, "the case checked nothing");
	}
	pr_info("    %s %u %s.%s\n", t.failed ? "not ok" : "ok", nr, s->name, c->name);
	return t.failed ? 0 : 1;
}

static void run_suite(const struct ktest_suite *s, unsigned int *passed,
		      unsigned int *failed)
{
	unsigned int i;
	int r;

	pr_info("ktest: suite %s (%u cases)\n", s->name, s->ncases);
	if (s->init && (r = s->init()) != 0) {
		pr_info("    not ok 0 %s.init: returned %d, suite not run\n", s->name, r);
		(*failed)++;
		return;
	}
	for (i = 0; i < s->ncases; i++) {
		r = run_case(s, &s->cases[i], i + 1);
		if (r > 0)
			(*passed)++;
		else if (r == 0)
			(*failed)++;
	}
	if (s->exit)
		s->exit();
}

/* Is suite @name listed in the comma-separated @spec ("all" matches all)? */
static bool spec_selects(const char *spec, const char *name)
{
	size_t len = strlen(name);
	const char *p = spec;

	if (!strcmp(spec, "all"))
		return true;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);

		if (n == len && !strncmp(p, name, n))
			return true;
		p += n + (end ? 1 : 0);
	}
	return false;
}

/* Reports names in @spec that match no suite (typos must not pass silently). */
static unsigned int check_spec(const char *spec)
{
	const struct ktest_suite *const *s;
	const char *p = spec;
	unsigned int unknown = 0;
	char name[64];

	if (!strcmp(spec, "all"))
		return 0;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		bool found = false;

		strscpy(name, p, min(n + 1, sizeof(name)));
		for (s = __start_ktest_suites; s < __stop_ktest_suites; s++)
			found |= !strcmp((*s)->name, name);
		if (!found && n) {
			pr_err("ktest: no suite named '%s' in this kernel\n", name);
			unknown++;
		}
		p += n + (end ? 1 : 0);
	}
	return unknown;
}

/**
 * ktest_run() - run the suites selected by @spec
 * @spec: "all" or a comma-separated list of suite names
 *
 * A name that matches no suite counts as a failure.
 * Return: the number of failed cases.
 */
int ktest_run(const char *spec)
{
	const struct ktest_suite *const *s;
	unsigned int passed = 0, failed = 0, nsuites = 0;

	failed += check_spec(spec);
	for (s = __start_ktest_suites; s < __stop_ktest_suites; s++) {
		if (!spec_selects(spec, (*s)->name))
			continue;
		nsuites++;
		run_suite(*s, &passed, &failed);
	}
	pr_info("ktest: ran %u suites\n", nsuites);
	pr_info("ktest: %u passed, %u failed\n", passed, failed);
	return (int)failed;
}

/**
 * ktest_requested() - the ktest= value, or NULL if none was given
 */
const char *ktest_requested(void)
{
	return ktest_spec[0] ? ktest_spec : NULL;
}
