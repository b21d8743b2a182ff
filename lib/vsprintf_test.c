// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite "format": lib/vsprintf.c. Every conversion, flag, width and
 * precision, truncation and the return values. %pS/%ps use the fake
 * kallsyms of tests/host on the host and a function of this file in-kernel.
 */
#include <tessera/ktest.h>
#include <tessera/vsprintf.h>
#include <tessera/string.h>
#ifdef __TESSERA_HOST__
#include "host_shims.h"		/* HOST_SYM_*: the fake kallsyms table */
#endif


/*
 * vsnprintf with a format gcc does not check, for the deliberately odd
 * ones (flags that C defines as ignored, unknown conversions).
 */
static int unchecked(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static void plain_text_and_percent(struct ktest *t)
{
	char buf[32];

	KTEST_EXPECT_EQ(t, snprintf(buf, sizeof(buf), "abc"), 3);
	KTEST_EXPECT_STREQ(t, buf, "abc");
	KTEST_EXPECT_EQ(t, snprintf(buf, sizeof(buf), "100%%"), 4);
	KTEST_EXPECT_STREQ(t, buf, "100%");
	KTEST_EXPECT_EQ(t, snprintf(buf, sizeof(buf), "%s", ""), 0);
	KTEST_EXPECT_STREQ(t, buf, "");
}

static void signed_decimal(struct ktest *t)
{
	char buf[32];

	KTEST_EXPECT_EQ(t, snprintf(buf, sizeof(buf), "%d", 0), 1);
	KTEST_EXPECT_STREQ(t, buf, "0");
	snprintf(buf, sizeof(buf), "%d|%i", -1, 42);
	KTEST_EXPECT_STREQ(t, buf, "-1|42");
	KTEST_EXPECT_EQ(t, snprintf(buf, sizeof(buf), "%d", INT_MAX), 10);
	KTEST_EXPECT_STREQ(t, buf, "2147483647");
	KTEST_EXPECT_EQ(t, snprintf(buf, sizeof(buf), "%d", INT_MIN), 11);
	KTEST_EXPECT_STREQ(t, buf, "-2147483648");
}

static void unsigned_decimal(struct ktest *t)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%u", 0u);
	KTEST_EXPECT_STREQ(t, buf, "0");
	snprintf(buf, sizeof(buf), "%u", 4294967295u);
	KTEST_EXPECT_STREQ(t, buf, "4294967295");
	snprintf(buf, sizeof(buf), "%u", (unsigned int)-1);
	KTEST_EXPECT_STREQ(t, buf, "4294967295");
	snprintf(buf, sizeof(buf), "%u", 1234567u);
	KTEST_EXPECT_STREQ(t, buf, "1234567");
}

static void hex_and_octal(struct ktest *t)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%x %X %o", 255u, 255u, 8u);
	KTEST_EXPECT_STREQ(t, buf, "ff FF 10");
	snprintf(buf, sizeof(buf), "%x %o", 0u, 0u);
	KTEST_EXPECT_STREQ(t, buf, "0 0");
	snprintf(buf, sizeof(buf), "%x", 0xdeadbeefu);
	KTEST_EXPECT_STREQ(t, buf, "deadbeef");
	snprintf(buf, sizeof(buf), "%o", 0777u);
	KTEST_EXPECT_STREQ(t, buf, "777");
}

static void alternate_form(struct ktest *t)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%#x %#X", 255u, 255u);
	KTEST_EXPECT_STREQ(t, buf, "0xff 0XFF");
	/* No 0x on a zero. */
	snprintf(buf, sizeof(buf), "%#x", 0u);
	KTEST_EXPECT_STREQ(t, buf, "0");
	snprintf(buf, sizeof(buf), "%#o %#o", 8u, 0u);
	KTEST_EXPECT_STREQ(t, buf, "010 0");
	/* The octal 0 is not added when the precision already gives one. */
	snprintf(buf, sizeof(buf), "%#.3o", 8u);
	KTEST_EXPECT_STREQ(t, buf, "010");
}

static void length_modifiers_short(struct ktest *t)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%hhd %hhu %hhx", (signed char)-1,
		 (unsigned char)200, (unsigned char)0xab);
	KTEST_EXPECT_STREQ(t, buf, "-1 200 ab");
	/* The value is converted to the short type first. */
	snprintf(buf, sizeof(buf), "%hhu %hu", 0x1ff, 70000);
	KTEST_EXPECT_STREQ(t, buf, "255 4464");
	snprintf(buf, sizeof(buf), "%hd %hx", (short)-2,
		 (unsigned short)0xbeef);
	KTEST_EXPECT_STREQ(t, buf, "-2 beef");
}

static void length_modifiers_long(struct ktest *t)
{
	char buf[48];

	snprintf(buf, sizeof(buf), "%ld", -LONG_MAX - 1);
	KTEST_EXPECT_STREQ(t, buf, "-9223372036854775808");
	snprintf(buf, sizeof(buf), "%lu", ULONG_MAX);
	KTEST_EXPECT_STREQ(t, buf, "18446744073709551615");
	snprintf(buf, sizeof(buf), "%lld", LLONG_MIN);
	KTEST_EXPECT_STREQ(t, buf, "-9223372036854775808");
	snprintf(buf, sizeof(buf), "%llx", 0x123456789abcdefULL);
	KTEST_EXPECT_STREQ(t, buf, "123456789abcdef");
	snprintf(buf, sizeof(buf), "%llo", ~0ULL);
	KTEST_EXPECT_STREQ(t, buf, "1777777777777777777777");
}

static void length_modifiers_size(struct ktest *t)
{
	char buf[48];

	snprintf(buf, sizeof(buf), "%zu %zd", (size_t)-1, (ssize_t)-5);
	KTEST_EXPECT_STREQ(t, buf, "18446744073709551615 -5");
	snprintf(buf, sizeof(buf), "%td %tx", (ptrdiff_t)-7, (ptrdiff_t)0x40);
	KTEST_EXPECT_STREQ(t, buf, "-7 40");
	/* A 64-bit argument after an int must not shift the ones after it. */
	snprintf(buf, sizeof(buf), "%d %lld %d", 1, 1LL << 40, 2);
	KTEST_EXPECT_STREQ(t, buf, "1 1099511627776 2");
}

static void sign_flags(struct ktest *t)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%+d %+d %+d", 5, -5, 0);
	KTEST_EXPECT_STREQ(t, buf, "+5 -5 +0");
	snprintf(buf, sizeof(buf), "% d|% d", 5, -5);
	KTEST_EXPECT_STREQ(t, buf, " 5|-5");
	/* '+' beats ' '. */
	unchecked(buf, sizeof(buf), "%+ d", 5);
	KTEST_EXPECT_STREQ(t, buf, "+5");
	/* Unsigned conversions have no sign. */
	unchecked(buf, sizeof(buf), "%+u|% x", 5u, 10u);
	KTEST_EXPECT_STREQ(t, buf, "5|a");
}

static void width_and_justification(struct ktest *t)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "[%5d][%-5d]", 42, 42);
	KTEST_EXPECT_STREQ(t, buf, "[   42][42   ]");
	/* A width never truncates. */
	snprintf(buf, sizeof(buf), "[%2d]", 12345);
	KTEST_EXPECT_STREQ(t, buf, "[12345]");
	snprintf(buf, sizeof(buf), "[%5x][%-6o]", 255u, 8u);
	KTEST_EXPECT_STREQ(t, buf, "[   ff][10    ]");
}

static void zero_padding(struct ktest *t)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%05d|%05d", 42, -42);
	KTEST_EXPECT_STREQ(t, buf, "00042|-0042");
	/* '-' overrides '0'. */
	unchecked(buf, sizeof(buf), "%-05d|", 42);
	KTEST_EXPECT_STREQ(t, buf, "42   |");
	/* Zeroes go after the sign and the 0x. */
	snprintf(buf, sizeof(buf), "%+05d|%#08x", 3, 255u);
	KTEST_EXPECT_STREQ(t, buf, "+0003|0x0000ff");
}

static void precision_of_numbers(struct ktest *t)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%.3d|%.3d|%8.3d", 7, -7, 7);
	KTEST_EXPECT_STREQ(t, buf, "007|-007|     007");
	/* With a precision, '0' is ignored. */
	unchecked(buf, sizeof(buf), "%08.3d", 7);
	KTEST_EXPECT_STREQ(t, buf, "     007");
	snprintf(buf, sizeof(buf), "%#.5x", 255u);
	KTEST_EXPECT_STREQ(t, buf, "0x000ff");
	snprintf(buf, sizeof(buf), "%.2d", 12345);
	KTEST_EXPECT_STREQ(t, buf, "12345");
}

static void zero_precision_zero_value(struct ktest *t)
{
	char buf[32];

	/* C99: a zero value with precision 0 prints no digits. */
	KTEST_EXPECT_EQ(t, snprintf(buf, sizeof(buf), "%.0d", 0), 0);
	KTEST_EXPECT_STREQ(t, buf, "");
	snprintf(buf, sizeof(buf), "[%5.0d][%.x][%.0u]", 0, 0u, 0u);
	KTEST_EXPECT_STREQ(t, buf, "[     ][][]");
	/* ...except that '#' with %o still gives its 0. */
	snprintf(buf, sizeof(buf), "[%#.0o][%.0d]", 0u, 1);
	KTEST_EXPECT_STREQ(t, buf, "[0][1]");
}

static void star_width_and_precision(struct ktest *t)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "[%*d][%.*d]", 5, 42, 3, 7);
	KTEST_EXPECT_STREQ(t, buf, "[   42][007]");
	/* A negative '*' width means '-'; a negative precision means none. */
	snprintf(buf, sizeof(buf), "[%*d][%.*d]", -5, 42, -1, 7);
	KTEST_EXPECT_STREQ(t, buf, "[42   ][7]");
	snprintf(buf, sizeof(buf), "[%*.*s]", 6, 2, "abcdef");
	KTEST_EXPECT_STREQ(t, buf, "[    ab]");
}

static void huge_width_and_precision(struct ktest *t)
{
	char buf[8];

	/* Only what fits is written; the rest is just counted. */
	KTEST_EXPECT_EQ(t, snprintf(buf, sizeof(buf), "%*d", 1 << 30, 5),
			1 << 30);
	KTEST_EXPECT_STREQ(t, buf, "       ");
	KTEST_EXPECT_EQ(t, snprintf(buf, sizeof(buf), "%.*d", 1 << 30, 5),
			1 << 30);
	KTEST_EXPECT_STREQ(t, buf, "0000000");
	KTEST_EXPECT_EQ(t, snprintf(buf, sizeof(buf), "%-*s|", 1 << 30, "ab"),
			(1 << 30) + 1);
	KTEST_EXPECT_STREQ(t, buf, "ab     ");
}

static void char_conversion(struct ktest *t)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%c%c", 'o', 'k');
	KTEST_EXPECT_STREQ(t, buf, "ok");
	snprintf(buf, sizeof(buf), "[%3c][%-3c]", 'A', 'B');
	KTEST_EXPECT_STREQ(t, buf, "[  A][B  ]");
	/* A NUL character is output and counted. */
	memset(buf, 'x', sizeof(buf));
	KTEST_EXPECT_EQ(t, snprintf(buf, sizeof(buf), "a%cb", 0), 3);
	KTEST_EXPECT_EQ(t, memcmp(buf, "a\0b\0", 4), 0);
}

static void string_conversion(struct ktest *t)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%s, %s", "hello", "world");
	KTEST_EXPECT_STREQ(t, buf, "hello, world");
	snprintf(buf, sizeof(buf), "[%5s][%-5s]", "hi", "hi");
	KTEST_EXPECT_STREQ(t, buf, "[   hi][hi   ]");
	snprintf(buf, sizeof(buf), "[%.2s][%.10s][%.0s]", "hello", "hi", "x");
	KTEST_EXPECT_STREQ(t, buf, "[he][hi][]");
}

static void string_precision_bounds_read(struct ktest *t)
{
	const char unterminated[3] = { 'a', 'b', 'c' };
	char buf[32];

	/* The precision caps how far the argument is read: no NUL needed. */
	KTEST_EXPECT_EQ(t, snprintf(buf, sizeof(buf), "%.3s|", unterminated),
			4);
	KTEST_EXPECT_STREQ(t, buf, "abc|");
	snprintf(buf, sizeof(buf), "%5.2s|", unterminated);
	KTEST_EXPECT_STREQ(t, buf, "   ab|");
}

static void null_string(struct ktest *t)
{
	const char *volatile nothing = NULL;	/* hide the NULL from gcc */
	char buf[32];

	KTEST_EXPECT_EQ(t, snprintf(buf, sizeof(buf), "%s", nothing), 6);
	KTEST_EXPECT_STREQ(t, buf, "(null)");
	snprintf(buf, sizeof(buf), "[%8s][%.3s]", nothing, nothing);
	KTEST_EXPECT_STREQ(t, buf, "[  (null)][(nu]");
}

static void pointer_conversion(struct ktest *t)
{
	char buf[48];

	KTEST_EXPECT_EQ(t, snprintf(buf, sizeof(buf), "%p", (void *)0x1234),
			18);
	KTEST_EXPECT_STREQ(t, buf, "0x0000000000001234");
	snprintf(buf, sizeof(buf), "%p", NULL);
	KTEST_EXPECT_STREQ(t, buf, "0x0000000000000000");
	snprintf(buf, sizeof(buf), "%p", (void *)0xffffffff81000000UL);
	KTEST_EXPECT_STREQ(t, buf, "0xffffffff81000000");
	snprintf(buf, sizeof(buf), "[%20p][%-20p]", (void *)1, (void *)2);
	KTEST_EXPECT_STREQ(t, buf,
			   "[  0x0000000000000001][0x0000000000000002  ]");
}

#ifdef __TESSERA_HOST__
static void symbol_with_offset(struct ktest *t)
{
	char buf[64];
	int n;

	n = snprintf(buf, sizeof(buf), "%pS",
		     (void *)(HOST_SYM_ALPHA_ADDR + 0x10));
	KTEST_EXPECT_STREQ(t, buf, HOST_SYM_ALPHA "+0x10/0x100");
	KTEST_EXPECT_EQ(t, n, (int)strlen(HOST_SYM_ALPHA "+0x10/0x100"));
	snprintf(buf, sizeof(buf), "<%pS>", (void *)HOST_SYM_BETA_ADDR);
	KTEST_EXPECT_STREQ(t, buf, "<" HOST_SYM_BETA "+0x0/0x2a>");
	snprintf(buf, sizeof(buf), "%pS",
		 (void *)(HOST_SYM_BETA_ADDR + HOST_SYM_BETA_SIZE - 1));
	KTEST_EXPECT_STREQ(t, buf, HOST_SYM_BETA "+0x29/0x2a");
}

static void symbol_name_only(struct ktest *t)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%ps|", (void *)(HOST_SYM_BETA_ADDR + 3));
	KTEST_EXPECT_STREQ(t, buf, HOST_SYM_BETA "|");
	snprintf(buf, sizeof(buf), "[%20ps][%-20ps]",
		 (void *)HOST_SYM_ALPHA_ADDR, (void *)HOST_SYM_ALPHA_ADDR);
	KTEST_EXPECT_STREQ(t, buf, "[     " HOST_SYM_ALPHA "]"
			   "[" HOST_SYM_ALPHA "     ]");
}
#else
/* A function of this file for %pS to find; its offset is not assumed. */
static __noinline __used void format_sym_anchor(void)
{
	barrier();
}

static void symbol_with_offset(struct ktest *t)
{
	const char *name = "format_sym_anchor";
	char buf[128];
	int n;

	n = snprintf(buf, sizeof(buf), "%pS", (void *)format_sym_anchor);
	KTEST_EXPECT_EQ(t, strncmp(buf, name, strlen(name)), 0);
	KTEST_EXPECT_NOT_NULL(t, strstr(buf, "+0x"));
	KTEST_EXPECT_NOT_NULL(t, strstr(buf, "/0x"));
	KTEST_EXPECT_EQ(t, n, (int)strlen(buf));
}

static void symbol_name_only(struct ktest *t)
{
	char buf[128];

	snprintf(buf, sizeof(buf), "%ps|", (void *)format_sym_anchor);
	KTEST_EXPECT_STREQ(t, buf, "format_sym_anchor|");
}
#endif

static void symbol_unknown_is_hex(struct ktest *t)
{
	char buf[48];

	/* Nothing lives at address 0x10. */
	KTEST_EXPECT_EQ(t, snprintf(buf, sizeof(buf), "%pS", (void *)0x10), 4);
	KTEST_EXPECT_STREQ(t, buf, "0x10");
	snprintf(buf, sizeof(buf), "%ps", (void *)0x10);
	KTEST_EXPECT_STREQ(t, buf, "0x10");
	snprintf(buf, sizeof(buf), "[%6ps][%-6pS]", (void *)0x10, (void *)0x10);
	KTEST_EXPECT_STREQ(t, buf, "[  0x10][0x10  ]");
}

static void truncation_keeps_return(struct ktest *t)
{
	char buf[8];

	memset(buf, 'x', sizeof(buf));
	KTEST_EXPECT_EQ(t, snprintf(buf, 4, "abcdef"), 6);
	KTEST_EXPECT_STREQ(t, buf, "abc");
	KTEST_EXPECT_EQ(t, buf[4], 'x');
	KTEST_EXPECT_EQ(t, snprintf(buf, 1, "abc"), 3);
	KTEST_EXPECT_STREQ(t, buf, "");
	/* Cut in the middle of a number. */
	KTEST_EXPECT_EQ(t, snprintf(buf, 5, "%d", 123456), 6);
	KTEST_EXPECT_STREQ(t, buf, "1234");
}

static void size_zero_writes_nothing(struct ktest *t)
{
	char buf[4] = "xyz";

	KTEST_EXPECT_EQ(t, snprintf(buf, 0, "%s-%d", "abc", 12), 6);
	KTEST_EXPECT_STREQ(t, buf, "xyz");
	/* The usual "how long would it be?" call. */
	KTEST_EXPECT_EQ(t, snprintf(NULL, 0, "%05d", 1), 5);
}

static void scnprintf_counts_written(struct ktest *t)
{
	char buf[16];
	int pos = 0;

	KTEST_EXPECT_EQ(t, scnprintf(buf, 4, "abcdef"), 3);
	KTEST_EXPECT_STREQ(t, buf, "abc");
	KTEST_EXPECT_EQ(t, scnprintf(buf, 0, "abc"), 0);
	KTEST_EXPECT_EQ(t, scnprintf(buf, sizeof(buf), "%d", 42), 2);
	/* The append idiom stops cleanly at the end of the buffer. */
	pos += scnprintf(buf + pos, sizeof(buf) - pos, "%s", "0123456789");
	pos += scnprintf(buf + pos, sizeof(buf) - pos, "%s", "abcdefgh");
	KTEST_EXPECT_EQ(t, pos, 15);
	KTEST_EXPECT_STREQ(t, buf, "0123456789abcde");
	KTEST_EXPECT_EQ(t, scnprintf(buf + pos, sizeof(buf) - pos, "x"), 0);
}

static void unknown_conversion_copied(struct ktest *t)
{
	char buf[32];

	KTEST_EXPECT_EQ(t, unchecked(buf, sizeof(buf), "a%qb", 0), 4);
	KTEST_EXPECT_STREQ(t, buf, "a%qb");
	/* The flags and width are copied too. */
	unchecked(buf, sizeof(buf), "[%-5q]", 0);
	KTEST_EXPECT_STREQ(t, buf, "[%-5q]");
	/* A '%' at the very end is kept. */
	KTEST_EXPECT_EQ(t, unchecked(buf, sizeof(buf), "50%", 0), 3);
	KTEST_EXPECT_STREQ(t, buf, "50%");
}

static int format_via_va_list(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vscnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static void va_list_entry_points(struct ktest *t)
{
	char buf[16];

	KTEST_EXPECT_EQ(t, format_via_va_list(buf, sizeof(buf), "%s=%d (%#x)",
					      "x", 10, 10u), 10);
	KTEST_EXPECT_STREQ(t, buf, "x=10 (0xa)");
	KTEST_EXPECT_EQ(t, format_via_va_list(buf, 6, "%s", "truncated"), 5);
	KTEST_EXPECT_STREQ(t, buf, "trunc");
	KTEST_EXPECT_EQ(t, unchecked(buf, 6, "%s", "truncated"), 9);
}

KTEST_SUITE(format, NULL, NULL,
	    KTEST_CASE(plain_text_and_percent),
	    KTEST_CASE(signed_decimal),
	    KTEST_CASE(unsigned_decimal),
	    KTEST_CASE(hex_and_octal),
	    KTEST_CASE(alternate_form),
	    KTEST_CASE(length_modifiers_short),
	    KTEST_CASE(length_modifiers_long),
	    KTEST_CASE(length_modifiers_size),
	    KTEST_CASE(sign_flags),
	    KTEST_CASE(width_and_justification),
	    KTEST_CASE(zero_padding),
	    KTEST_CASE(precision_of_numbers),
	    KTEST_CASE(zero_precision_zero_value),
	    KTEST_CASE(star_width_and_precision),
	    KTEST_CASE(huge_width_and_precision),
	    KTEST_CASE(char_conversion),
	    KTEST_CASE(string_conversion),
	    KTEST_CASE(string_precision_bounds_read),
	    KTEST_CASE(null_string),
	    KTEST_CASE(pointer_conversion),
	    KTEST_CASE(symbol_with_offset),
	    KTEST_CASE(symbol_name_only),
	    KTEST_CASE(symbol_unknown_is_hex),
	    KTEST_CASE(truncation_keeps_return),
	    KTEST_CASE(size_zero_writes_nothing),
	    KTEST_CASE(scnprintf_counts_written),
	    KTEST_CASE(unknown_conversion_copied),
	    KTEST_CASE(va_list_entry_points));
