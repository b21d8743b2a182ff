// SPDX-License-Identifier: GPL-2.0
/*
 * The ktest runner for the host unit tests: runs every case of every suite
 * linked in (section "ktest_suites") and prints one line per case and a
 * summary. Only this file uses libc; it gets none of host.h's renames.
 */
#include <tessera/ktest.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include "host_shims.h"

extern const struct ktest_suite *const __start_ktest_suites[];
extern const struct ktest_suite *const __stop_ktest_suites[];

/* Failure messages of the running case, shown after its "not ok" line. */
static char msgs[8192];
static size_t msgs_len;
static const char *skip_reason;

/* ktest_expect_oops() jumps back here: the rest of the case cannot run. */
static jmp_buf case_env;

static unsigned int n_passed, n_failed, n_skipped;

void host_console_write(const char *s, size_t len)
{
	fwrite(s, 1, len, stdout);
}

/* Appends one message line; a full buffer drops the rest. */
__printf(1, 0) static void add_msg(const char *fmt, va_list ap)
{
	int n;

	if (msgs_len >= sizeof(msgs) - 1)
		return;
	n = vsnprintf(msgs + msgs_len, sizeof(msgs) - msgs_len, fmt, ap);
	if (n > 0)
		msgs_len += (size_t)n;
	if (msgs_len > sizeof(msgs) - 2)
		msgs_len = sizeof(msgs) - 2;
	msgs[msgs_len++] = '\n';
	msgs[msgs_len] = '\0';
}

__printf(1, 2) static void add_msgf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_msg(fmt, ap);
	va_end(ap);
}

void ktest_fail(struct ktest *t, const char *file, int line,
		const char *fmt, ...)
{
	char text[1024];
	va_list ap;

	t->failed = true;
	t->expects++;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	add_msgf("%s:%d: %s", file, line, text);
}

void ktest_pass_expect(struct ktest *t)
{
	t->expects++;
}

void ktest_skip(struct ktest *t, const char *reason)
{
	t->skipped = true;
	skip_reason = reason;
}

void ktest_expect_oops(struct ktest *t)
{
	ktest_skip(t, "expects an oops, which only the kernel can take");
	longjmp(case_env, 1);
}

void ktest_oops_hook(void)
{
}

/* "    not ok 2 suite.case: first message", then one line per other one. */
static void print_failure(unsigned int i, const struct ktest *t)
{
	char *nl = memchr(msgs, '\n', msgs_len);
	char *line;

	if (!nl) {
		printf("    not ok %u %s.%s\n", i, t->suite, t->name);
		return;
	}
	printf("    not ok %u %s.%s: %.*s\n", i, t->suite, t->name,
	       (int)(nl - msgs), msgs);
	for (line = nl + 1; line < msgs + msgs_len; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(msgs + msgs_len - line));
		if (!nl)
			break;
		printf("        %.*s\n", (int)(nl - line), line);
	}
}

static void report_case(unsigned int i, struct ktest *t)
{
	if (!t->failed && !t->skipped && !t->expects) {
		t->failed = true;
		add_msgf("case made no checks");
	}
	if (t->failed) {
		print_failure(i, t);
		n_failed++;
	} else if (t->skipped) {
		printf("    ok %u %s.%s # SKIP %s\n", i, t->suite, t->name,
		       skip_reason);
		n_skipped++;
	} else {
		printf("    ok %u %s.%s\n", i, t->suite, t->name);
		n_passed++;
	}
}

static void run_case(const struct ktest_suite *s, unsigned int i)
{
	const struct ktest_case *c = &s->cases[i];
	struct ktest t = { .name = c->name, .suite = s->name };

	msgs_len = 0;
	msgs[0] = '\0';
	skip_reason = NULL;
	if (setjmp(case_env) == 0)
		c->run(&t);
	report_case(i + 1, &t);
}

static void run_suite(const struct ktest_suite *s)
{
	unsigned int i;
	int rc = s->init ? s->init() : 0;

	printf("host: suite %s (%u cases)\n", s->name, s->ncases);
	for (i = 0; i < s->ncases; i++) {
		if (rc) {
			printf("    not ok %u %s.%s: suite init failed (%d)\n",
			       i + 1, s->name, s->cases[i].name, rc);
			n_failed++;
		} else {
			run_case(s, i);
		}
	}
	if (!rc && s->exit)
		s->exit();
}

/* Copies the next comma-separated name of *@spec into @name. */
static bool next_name(const char **spec, char *name, size_t size)
{
	const char *s = *spec, *comma = strchr(s, ',');
	size_t len = comma ? (size_t)(comma - s) : strlen(s);

	if (!*s)
		return false;
	snprintf(name, size, "%.*s", (int)len, s);
	*spec = comma ? comma + 1 : s + len;
	return true;
}

/* Does @spec ("all" or "a,b,c") select the suite @suite? */
static bool spec_has(const char *spec, const char *suite)
{
	char name[64];

	if (!strcmp(spec, "all"))
		return true;
	while (next_name(&spec, name, sizeof(name))) {
		if (!strcmp(name, suite))
			return true;
	}
	return false;
}

static bool suite_exists(const char *name)
{
	const struct ktest_suite *const *s;

	for (s = __start_ktest_suites; s < __stop_ktest_suites; s++) {
		if (!strcmp((*s)->name, name))
			return true;
	}
	return false;
}

/* Counts, and names, the entries of @spec that match no suite. */
static unsigned int unknown_suites(const char *spec)
{
	char name[64];
	unsigned int bad = 0;

	if (!strcmp(spec, "all"))
		return 0;
	while (next_name(&spec, name, sizeof(name))) {
		if (!suite_exists(name)) {
			printf("host: no suite named '%s'\n", name);
			bad++;
		}
	}
	return bad;
}

int ktest_run(const char *spec)
{
	const struct ktest_suite *const *s;

	n_failed = unknown_suites(spec);
	for (s = __start_ktest_suites; s < __stop_ktest_suites; s++) {
		if (spec_has(spec, (*s)->name))
			run_suite(*s);
	}
	if (n_skipped)
		printf("host: %u skipped\n", n_skipped);
	printf("host: %u passed, %u failed\n", n_passed, n_failed);
	return (int)n_failed;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	return ktest_run(argc > 1 ? argv[1] : "all") ? 1 : 0;
}
