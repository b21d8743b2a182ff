/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ktest: KUnit-style in-kernel tests. A suite is a table of small test
 * functions in <subsys>_test.c beside the code, registered with KTEST_SUITE()
 * and run at boot when the command line says ktest=all or ktest=a,b.
 * The same files also build into the host unit tests (tests/host/).
 *
 * Interface:
 *   static void buddy_split(struct ktest *t) { ... KTEST_EXPECT_EQ(t, a, b); }
 *   KTEST_SUITE(buddy, NULL, NULL, KTEST_CASE(buddy_split), ...);
 * EXPECT records a failure and goes on; ASSERT records it and returns from
 * the test function (so use ASSERT only in the test function itself).
 */
#ifndef _TESSERA_KTEST_H
#define _TESSERA_KTEST_H

#include <tessera/kernel.h>
#include <tessera/string.h>

struct ktest {
	const char *name;	/* the running case */
	const char *suite;	/* its suite */
	bool failed;
	bool skipped;
	const char *skip_reason;
	unsigned int expects;	/* checks evaluated so far */
};

struct ktest_case {
	const char *name;
	void (*run)(struct ktest *t);
};

/**
 * struct ktest_suite - a named group of test cases
 * @name: the name ktest= selects
 * @init: optional, runs before the cases; non-zero fails the whole suite
 * @exit: optional, runs after the cases
 * @cases: the cases, run in order
 * @ncases: how many
 */
struct ktest_suite {
	const char *name;
	int (*init)(void);
	void (*exit)(void);
	const struct ktest_case *cases;
	unsigned int ncases;
};

#define KTEST_CASE(fn)	{ #fn, fn }

#define KTEST_SUITE(sname, sinit, sexit, ...)				\
	static const struct ktest_case __ktest_cases_##sname[] = {	\
		__VA_ARGS__						\
	};								\
	static const struct ktest_suite __ktest_suite_##sname = {	\
		.name = #sname, .init = sinit, .exit = sexit,		\
		.cases = __ktest_cases_##sname,				\
		.ncases = ARRAY_SIZE(__ktest_cases_##sname),		\
	};								\
	static const struct ktest_suite *__ktest_ptr_##sname		\
		__used __section("ktest_suites") = &__ktest_suite_##sname

__printf(4, 5) void ktest_fail(struct ktest *t, const char *file, int line,
			       const char *fmt, ...);
void ktest_skip(struct ktest *t, const char *reason);
void ktest_pass_expect(struct ktest *t);

/**
 * ktest_expect_oops() - the rest of this test case is expected to oops
 *
 * Arms the runner: the next oops (a trap in kernel mode, BUG()) prints its
 * full report and then, instead of stopping the machine, returns control to
 * the runner, which ends the case there. The case fails if it returns
 * without an oops. The log range the oops printed is kept for the next case
 * to inspect with ktest_last_oops_log(). On the host the case is skipped.
 */
void ktest_expect_oops(struct ktest *t);

/* Log positions (see log_buf_pos()) bracketing the last recovered oops. */
void ktest_last_oops_log(size_t *start, size_t *end);
/* Number of oopses recovered since boot. */
unsigned int ktest_oops_count(void);

/* Called by the oops path: returns only if no test expects an oops. */
void ktest_oops_hook(void);

/* Run suites named in @spec ("all" or "a,b,c"); returns the number failed. */
int ktest_run(const char *spec);
/* The ktest= boot parameter, or NULL when no tests were asked for. */
const char *ktest_requested(void);

/*
 * The checks. Operands keep their own types, so comparisons follow C's
 * rules exactly as the code under test sees them; the texts (#a) are
 * taken before macro expansion, so -E2BIG prints as written.
 */
#define __KTEST_CMP(t, a, op, b, sa, sb, ret) do {			\
	__auto_type __a = (a);						\
	__auto_type __b = (b);						\
	if (!(__a op __b)) {						\
		ktest_fail(t, __FILE__, __LINE__,			\
			   "expected %s %s %s, got %lld (0x%llx) vs %lld (0x%llx)", \
			   sa, #op, sb, (long long)__a,			\
			   (unsigned long long)__a, (long long)__b,	\
			   (unsigned long long)__b);			\
		ret;							\
	} else {							\
		ktest_pass_expect(t);					\
	}								\
} while (0)

#define __KTEST_TRUE(t, c, sc, ret) do {				\
	if (!(c)) {							\
		ktest_fail(t, __FILE__, __LINE__, "expected %s", sc);	\
		ret;							\
	} else {							\
		ktest_pass_expect(t);					\
	}								\
} while (0)

#define __KTEST_STREQ(t, a, b, sa, sb, ret) do {			\
	const char *__a = (a), *__b = (b);				\
	if (!__a || !__b || strcmp(__a, __b) != 0) {			\
		ktest_fail(t, __FILE__, __LINE__,			\
			   "expected %s == %s, got \"%s\" vs \"%s\"",	\
			   sa, sb, __a ? __a : "(null)",		\
			   __b ? __b : "(null)");			\
		ret;							\
	} else {							\
		ktest_pass_expect(t);					\
	}								\
} while (0)

#define KTEST_EXPECT_TRUE(t, c)		__KTEST_TRUE(t, c, #c, (void)0)
#define KTEST_EXPECT_FALSE(t, c)	__KTEST_TRUE(t, !(c), "!(" #c ")", (void)0)
#define KTEST_EXPECT_EQ(t, a, b)	__KTEST_CMP(t, a, ==, b, #a, #b, (void)0)
#define KTEST_EXPECT_NE(t, a, b)	__KTEST_CMP(t, a, !=, b, #a, #b, (void)0)
#define KTEST_EXPECT_LT(t, a, b)	__KTEST_CMP(t, a, <, b, #a, #b, (void)0)
#define KTEST_EXPECT_LE(t, a, b)	__KTEST_CMP(t, a, <=, b, #a, #b, (void)0)
#define KTEST_EXPECT_GT(t, a, b)	__KTEST_CMP(t, a, >, b, #a, #b, (void)0)
#define KTEST_EXPECT_GE(t, a, b)	__KTEST_CMP(t, a, >=, b, #a, #b, (void)0)
#define KTEST_EXPECT_PTR_EQ(t, a, b)	\
	__KTEST_CMP(t, (uintptr_t)(a), ==, (uintptr_t)(b), #a, #b, (void)0)
#define KTEST_EXPECT_NULL(t, p)		__KTEST_TRUE(t, (p) == NULL, #p " == NULL", (void)0)
#define KTEST_EXPECT_NOT_NULL(t, p)	__KTEST_TRUE(t, (p) != NULL, #p " != NULL", (void)0)
#define KTEST_EXPECT_STREQ(t, a, b)	__KTEST_STREQ(t, a, b, #a, #b, (void)0)

#define KTEST_ASSERT_TRUE(t, c)		__KTEST_TRUE(t, c, #c, return)
#define KTEST_ASSERT_EQ(t, a, b)	__KTEST_CMP(t, a, ==, b, #a, #b, return)
#define KTEST_ASSERT_NOT_NULL(t, p)	__KTEST_TRUE(t, (p) != NULL, #p " != NULL", return)

#endif /* _TESSERA_KTEST_H */
