// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite "kstrtox": lib/kstrtox.c. Strictness (whole string, one
 * trailing newline), bases, signs, range limits and memparse suffixes.
 * Every failing call must leave the result variable untouched.
 */
#include <tessera/ktest.h>
#include <tessera/vsprintf.h>
#include <tessera/errno.h>

#define UNTOUCHED	0x5eedULL	/* a failing call must leave this */

static void kstrtoull_plain_decimal(struct ktest *t)
{
	unsigned long long v = UNTOUCHED;

	KTEST_EXPECT_EQ(t, kstrtoull("0", 10, &v), 0);
	KTEST_EXPECT_EQ(t, v, 0);
	KTEST_EXPECT_EQ(t, kstrtoull("42", 10, &v), 0);
	KTEST_EXPECT_EQ(t, v, 42);
	KTEST_EXPECT_EQ(t, kstrtoull("+7", 10, &v), 0);
	KTEST_EXPECT_EQ(t, v, 7);
	KTEST_EXPECT_EQ(t, kstrtoull("18446744073709551615", 10, &v), 0);
	KTEST_EXPECT_TRUE(t, v == ULLONG_MAX);
	/* One trailing newline is allowed. */
	KTEST_EXPECT_EQ(t, kstrtoull("99\n", 10, &v), 0);
	KTEST_EXPECT_EQ(t, v, 99);
}

static void kstrtoull_rejects_junk(struct ktest *t)
{
	static const char *const bad[] = {
		"", "\n", "12a", " 12", "12 ", "12\n\n", "-1", "+", "++1",
		"1 2", "\t1", "0x", "1\n2",
	};
	unsigned long long v = UNTOUCHED;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		KTEST_EXPECT_EQ(t, kstrtoull(bad[i], 0, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, v, UNTOUCHED);
}

static void kstrtoull_overflow_is_erange(struct ktest *t)
{
	unsigned long long v = UNTOUCHED;

	KTEST_EXPECT_EQ(t, kstrtoull("18446744073709551616", 10, &v), -ERANGE);
	KTEST_EXPECT_EQ(t, kstrtoull("999999999999999999999", 10, &v), -ERANGE);
	KTEST_EXPECT_EQ(t, kstrtoull("0x10000000000000000", 0, &v), -ERANGE);
	/* Overflow is reported before trailing junk. */
	KTEST_EXPECT_EQ(t, kstrtoull("99999999999999999999x", 10, &v), -ERANGE);
	KTEST_EXPECT_EQ(t, v, UNTOUCHED);
	KTEST_EXPECT_EQ(t, kstrtoull("0xffffffffffffffff", 0, &v), 0);
	KTEST_EXPECT_TRUE(t, v == ULLONG_MAX);
}

static void kstrtoull_auto_base(struct ktest *t)
{
	unsigned long long v = UNTOUCHED;

	KTEST_EXPECT_EQ(t, kstrtoull("0x1f", 0, &v), 0);
	KTEST_EXPECT_EQ(t, v, 31);
	KTEST_EXPECT_EQ(t, kstrtoull("0X1F", 0, &v), 0);
	KTEST_EXPECT_EQ(t, v, 31);
	KTEST_EXPECT_EQ(t, kstrtoull("017", 0, &v), 0);
	KTEST_EXPECT_EQ(t, v, 15);
	KTEST_EXPECT_EQ(t, kstrtoull("0", 0, &v), 0);
	KTEST_EXPECT_EQ(t, v, 0);
	/* A leading 0 means octal, where 8 is not a digit. */
	KTEST_EXPECT_EQ(t, kstrtoull("08", 0, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, v, 0);
}

static void kstrtoull_fixed_bases(struct ktest *t)
{
	unsigned long long v = UNTOUCHED;

	KTEST_EXPECT_EQ(t, kstrtoull("ff", 16, &v), 0);
	KTEST_EXPECT_EQ(t, v, 255);
	KTEST_EXPECT_EQ(t, kstrtoull("0xFF", 16, &v), 0);
	KTEST_EXPECT_EQ(t, v, 255);
	KTEST_EXPECT_EQ(t, kstrtoull("1011", 2, &v), 0);
	KTEST_EXPECT_EQ(t, v, 11);
	KTEST_EXPECT_EQ(t, kstrtoull("010", 10, &v), 0);
	KTEST_EXPECT_EQ(t, v, 10);
	KTEST_EXPECT_EQ(t, kstrtoull("102", 2, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, kstrtoull("0x10", 10, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, kstrtoull("1", 1, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, kstrtoull("1", 17, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, v, 10);
}

static void kstrtoll_signs(struct ktest *t)
{
	long long v = UNTOUCHED;

	KTEST_EXPECT_EQ(t, kstrtoll("-5", 10, &v), 0);
	KTEST_EXPECT_EQ(t, v, -5);
	KTEST_EXPECT_EQ(t, kstrtoll("+5", 10, &v), 0);
	KTEST_EXPECT_EQ(t, v, 5);
	KTEST_EXPECT_EQ(t, kstrtoll("-0", 10, &v), 0);
	KTEST_EXPECT_EQ(t, v, 0);
	KTEST_EXPECT_EQ(t, kstrtoll("-0x10", 0, &v), 0);
	KTEST_EXPECT_EQ(t, v, -16);
	v = UNTOUCHED;
	KTEST_EXPECT_EQ(t, kstrtoll("--5", 10, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, kstrtoll("-+5", 10, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, kstrtoll("-", 10, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, kstrtoll("5-", 10, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, v, UNTOUCHED);
}

static void kstrtoll_limits(struct ktest *t)
{
	long long v = UNTOUCHED;

	KTEST_EXPECT_EQ(t, kstrtoll("9223372036854775807", 10, &v), 0);
	KTEST_EXPECT_TRUE(t, v == LLONG_MAX);
	KTEST_EXPECT_EQ(t, kstrtoll("-9223372036854775808", 10, &v), 0);
	KTEST_EXPECT_TRUE(t, v == LLONG_MIN);
	v = UNTOUCHED;
	KTEST_EXPECT_EQ(t, kstrtoll("9223372036854775808", 10, &v), -ERANGE);
	KTEST_EXPECT_EQ(t, kstrtoll("-9223372036854775809", 10, &v), -ERANGE);
	KTEST_EXPECT_EQ(t, kstrtoll("-99999999999999999999", 10, &v), -ERANGE);
	KTEST_EXPECT_EQ(t, v, UNTOUCHED);
}

static void kstrtoint_range(struct ktest *t)
{
	int v = 77;

	KTEST_EXPECT_EQ(t, kstrtoint("2147483647", 10, &v), 0);
	KTEST_EXPECT_EQ(t, v, INT_MAX);
	KTEST_EXPECT_EQ(t, kstrtoint("-2147483648", 10, &v), 0);
	KTEST_EXPECT_EQ(t, v, -INT_MAX - 1);
	KTEST_EXPECT_EQ(t, kstrtoint("-0x7fffffff", 0, &v), 0);
	KTEST_EXPECT_EQ(t, v, -INT_MAX);
	v = 77;
	KTEST_EXPECT_EQ(t, kstrtoint("2147483648", 10, &v), -ERANGE);
	KTEST_EXPECT_EQ(t, kstrtoint("-2147483649", 10, &v), -ERANGE);
	KTEST_EXPECT_EQ(t, kstrtoint("1.5", 10, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, v, 77);
}

static void kstrtouint_range(struct ktest *t)
{
	unsigned int v = 77;

	KTEST_EXPECT_EQ(t, kstrtouint("4294967295", 10, &v), 0);
	KTEST_EXPECT_EQ(t, v, 4294967295u);
	v = 77;
	KTEST_EXPECT_EQ(t, kstrtouint("4294967296", 10, &v), -ERANGE);
	KTEST_EXPECT_EQ(t, kstrtouint("-1", 10, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, v, 77);
	KTEST_EXPECT_EQ(t, kstrtouint("0x10\n", 0, &v), 0);
	KTEST_EXPECT_EQ(t, v, 16);
}

static void kstrtoul_and_kstrtol(struct ktest *t)
{
	unsigned long ul = 77;
	long l = 77;

	KTEST_EXPECT_EQ(t, kstrtoul("18446744073709551615", 10, &ul), 0);
	KTEST_EXPECT_TRUE(t, ul == ULONG_MAX);
	KTEST_EXPECT_EQ(t, kstrtoul("-1", 10, &ul), -EINVAL);
	KTEST_EXPECT_TRUE(t, ul == ULONG_MAX);
	KTEST_EXPECT_EQ(t, kstrtol("-9223372036854775808", 10, &l), 0);
	KTEST_EXPECT_TRUE(t, l == -LONG_MAX - 1);
	KTEST_EXPECT_EQ(t, kstrtol("9223372036854775808", 10, &l), -ERANGE);
	KTEST_EXPECT_TRUE(t, l == -LONG_MAX - 1);
	KTEST_EXPECT_EQ(t, kstrtol("0777", 0, &l), 0);
	KTEST_EXPECT_EQ(t, l, 511);
}

static void kstrtobool_accepts_words(struct ktest *t)
{
	static const char *const yes[] = {
		"1", "y", "Y", "yes", "YES", "on", "On", "true", "y\n",
	};
	static const char *const no[] = {
		"0", "n", "N", "no", "off", "OFF", "false", "n\n",
	};
	size_t i;
	bool v;

	for (i = 0; i < ARRAY_SIZE(yes); i++) {
		v = false;
		KTEST_EXPECT_EQ(t, kstrtobool(yes[i], &v), 0);
		KTEST_EXPECT_TRUE(t, v);
	}
	for (i = 0; i < ARRAY_SIZE(no); i++) {
		v = true;
		KTEST_EXPECT_EQ(t, kstrtobool(no[i], &v), 0);
		KTEST_EXPECT_FALSE(t, v);
	}
}

static void kstrtobool_rejects_others(struct ktest *t)
{
	static const char *const bad[] = {
		"", "\n", "2", "yep", "o", "onn", "of", "y\n\n", " y", "10",
		"nope", "truex",
	};
	size_t i;
	bool v = true;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		KTEST_EXPECT_EQ(t, kstrtobool(bad[i], &v), -EINVAL);
	KTEST_EXPECT_TRUE(t, v);
}

static void memparse_suffixes(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, memparse("4096", NULL), 4096);
	KTEST_EXPECT_EQ(t, memparse("4k", NULL), 4096);
	KTEST_EXPECT_EQ(t, memparse("4K", NULL), 4096);
	KTEST_EXPECT_EQ(t, memparse("64M", NULL), 64ULL << 20);
	KTEST_EXPECT_EQ(t, memparse("2g", NULL), 2ULL << 30);
	KTEST_EXPECT_EQ(t, memparse("1T", NULL), 1ULL << 40);
	KTEST_EXPECT_EQ(t, memparse("0x10M", NULL), 16ULL << 20);
}

static void memparse_end_pointer(struct ktest *t)
{
	const char *s = "12Kabc";
	char *end = NULL;

	KTEST_EXPECT_EQ(t, memparse(s, &end), 12ULL << 10);
	KTEST_EXPECT_PTR_EQ(t, end, s + 3);
	s = "1024X";
	KTEST_EXPECT_EQ(t, memparse(s, &end), 1024);
	KTEST_EXPECT_PTR_EQ(t, end, s + 4);
	/* No number at all: 0, and nothing consumed. */
	s = "Kb";
	KTEST_EXPECT_EQ(t, memparse(s, &end), 0);
	KTEST_EXPECT_PTR_EQ(t, end, s);
	s = "";
	KTEST_EXPECT_EQ(t, memparse(s, &end), 0);
	KTEST_EXPECT_PTR_EQ(t, end, s);
}

static void memparse_overflow_saturates(struct ktest *t)
{
	KTEST_EXPECT_TRUE(t, memparse("99999999999999999999", NULL) ==
			     ULLONG_MAX);
	/* 2^34 G is 2^64: one too many. */
	KTEST_EXPECT_TRUE(t, memparse("17179869184G", NULL) == ULLONG_MAX);
	KTEST_EXPECT_EQ(t, memparse("17179869183G", NULL),
			17179869183ULL << 30);
}

static void memparse_strict_whole_string(struct ktest *t)
{
	unsigned long long v = UNTOUCHED;

	KTEST_EXPECT_EQ(t, memparse_strict("64M", &v), 0);
	KTEST_EXPECT_EQ(t, v, 64ULL << 20);
	KTEST_EXPECT_EQ(t, memparse_strict("512\n", &v), 0);
	KTEST_EXPECT_EQ(t, v, 512);
	v = UNTOUCHED;
	KTEST_EXPECT_EQ(t, memparse_strict("64MB", &v), -EINVAL);
	KTEST_EXPECT_EQ(t, memparse_strict("", &v), -EINVAL);
	KTEST_EXPECT_EQ(t, memparse_strict("M", &v), -EINVAL);
	KTEST_EXPECT_EQ(t, memparse_strict("-1", &v), -EINVAL);
	KTEST_EXPECT_EQ(t, memparse_strict("999999999999999999999", &v),
			-ERANGE);
	KTEST_EXPECT_EQ(t, memparse_strict("17179869184G", &v), -ERANGE);
	KTEST_EXPECT_EQ(t, v, UNTOUCHED);
}

KTEST_SUITE(kstrtox, NULL, NULL,
	    KTEST_CASE(kstrtoull_plain_decimal),
	    KTEST_CASE(kstrtoull_rejects_junk),
	    KTEST_CASE(kstrtoull_overflow_is_erange),
	    KTEST_CASE(kstrtoull_auto_base),
	    KTEST_CASE(kstrtoull_fixed_bases),
	    KTEST_CASE(kstrtoll_signs),
	    KTEST_CASE(kstrtoll_limits),
	    KTEST_CASE(kstrtoint_range),
	    KTEST_CASE(kstrtouint_range),
	    KTEST_CASE(kstrtoul_and_kstrtol),
	    KTEST_CASE(kstrtobool_accepts_words),
	    KTEST_CASE(kstrtobool_rejects_others),
	    KTEST_CASE(memparse_suffixes),
	    KTEST_CASE(memparse_end_pointer),
	    KTEST_CASE(memparse_overflow_saturates),
	    KTEST_CASE(memparse_strict_whole_string));
