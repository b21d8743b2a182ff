/* SPDX-License-Identifier: GPL-2.0 */
/* Tessera user tests: the tiny check/report helpers every test program shares.
 * Output is one "PASS name" or one or more "FAIL name: why" lines; exit 0 only on success. */
#ifndef UT_H
#define UT_H

#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *ut_name = "?";
static int ut_failures;

/* Unbuffered stdout, so fork() never duplicates pending output. */
static inline void ut_init(const char *name)
{
	ut_name = name;
	setvbuf(stdout, NULL, _IONBF, 0);
	setvbuf(stderr, NULL, _IONBF, 0);
}

static inline void __attribute__((format(printf, 2, 3)))
ut_fail(int line, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	n = snprintf(buf, sizeof(buf), "FAIL %s: line %d: ", ut_name, line);
	va_start(ap, fmt);
	vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);
	va_end(ap);
	printf("%s\n", buf);
	__atomic_add_fetch(&ut_failures, 1, __ATOMIC_SEQ_CST);
}

/* CHECK(cond, fmt, ...): record a failure with a reason when cond is false. */
#define CHECK(cond, ...) do {						\
	if (!(cond))							\
		ut_fail(__LINE__, "(" #cond ") " __VA_ARGS__);		\
} while (0)

/* CHECK_ERR(expr, err): expr must return -1 with errno == err. */
#define CHECK_ERR(expr, err) do {					\
	errno = 0;							\
	long __r = (long)(expr);					\
	int __e = errno;						\
	if (__r != -1 || __e != (err))					\
		ut_fail(__LINE__, "%s: got %ld errno %d (%s), want -1 errno %d (%s)", \
			#expr, __r, __e, strerror(__e), (err), strerror(err)); \
} while (0)

/* CHECK_OK(expr): expr must not return -1. */
#define CHECK_OK(expr) do {						\
	errno = 0;							\
	long __r = (long)(expr);					\
	if (__r == -1)							\
		ut_fail(__LINE__, "%s failed: %s", #expr, strerror(errno)); \
} while (0)

/* Print the verdict and return the exit status for main(). */
static inline int ut_done(void)
{
	if (ut_failures) {
		printf("FAIL %s: %d check(s) failed\n", ut_name, ut_failures);
		return 1;
	}
	printf("PASS %s\n", ut_name);
	return 0;
}

#endif /* UT_H */
