// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite "string": lib/string.c. Buffers carry guard bytes on both
 * sides so that writing one byte too many is caught, in the kernel too.
 */
#include <tessera/ktest.h>
#include <tessera/string.h>
#include <tessera/errno.h>

#define GUARD	0x5a

/* A 64-byte area, g.mem[0..63], with guard bytes on either side. */
struct guarded {
	unsigned char pre[8];
	unsigned char mem[64];
	unsigned char post[8];
};

static void guarded_init(struct guarded *g, unsigned char fill)
{
	size_t i;

	for (i = 0; i < sizeof(g->pre); i++)
		g->pre[i] = g->post[i] = GUARD;
	for (i = 0; i < sizeof(g->mem); i++)
		g->mem[i] = fill;
}

static bool guards_intact(const struct guarded *g)
{
	size_t i;

	for (i = 0; i < sizeof(g->pre); i++) {
		if (g->pre[i] != GUARD || g->post[i] != GUARD)
			return false;
	}
	return true;
}

/* Counts the bytes of @p that differ from the pattern i * 7 + @shift. */
static size_t pattern_mismatches(const unsigned char *p, size_t n,
				 unsigned int shift)
{
	size_t i, bad = 0;

	for (i = 0; i < n; i++) {
		if (p[i] != (unsigned char)((i + shift) * 7))
			bad++;
	}
	return bad;
}

static void fill_pattern(unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 7);
}

static void memcpy_copies_exactly_n(struct ktest *t)
{
	struct guarded g;
	unsigned char src[64];

	fill_pattern(src, sizeof(src));
	guarded_init(&g, 0);
	KTEST_EXPECT_PTR_EQ(t, memcpy(g.mem, src, 37), g.mem);
	KTEST_EXPECT_EQ(t, pattern_mismatches(g.mem, 37, 0), 0);
	KTEST_EXPECT_EQ(t, g.mem[37], 0);
	KTEST_EXPECT_TRUE(t, guards_intact(&g));
}

static void memcpy_zero_length(struct ktest *t)
{
	struct guarded g;

	guarded_init(&g, 0x11);
	KTEST_EXPECT_PTR_EQ(t, memcpy(g.mem, "xyz", 0), g.mem);
	KTEST_EXPECT_EQ(t, g.mem[0], 0x11);
	KTEST_EXPECT_TRUE(t, guards_intact(&g));
}

static void memset_fills_low_byte(struct ktest *t)
{
	struct guarded g;

	guarded_init(&g, 0);
	/* Only the low byte of @c counts: 0x1ab fills with 0xab. */
	KTEST_EXPECT_PTR_EQ(t, memset(g.mem + 1, 0x1ab, 62), g.mem + 1);
	KTEST_EXPECT_EQ(t, g.mem[0], 0);
	KTEST_EXPECT_EQ(t, g.mem[1], 0xab);
	KTEST_EXPECT_EQ(t, g.mem[62], 0xab);
	KTEST_EXPECT_EQ(t, g.mem[63], 0);
	KTEST_EXPECT_PTR_EQ(t, memchr_inv(g.mem + 1, 0xab, 62), NULL);
	KTEST_EXPECT_TRUE(t, guards_intact(&g));
}

static void memset_whole_area(struct ktest *t)
{
	struct guarded g;

	guarded_init(&g, 0x33);
	memset(g.mem, 0, sizeof(g.mem));
	KTEST_EXPECT_PTR_EQ(t, memchr_inv(g.mem, 0, sizeof(g.mem)), NULL);
	KTEST_EXPECT_TRUE(t, guards_intact(&g));
	memset(g.mem, 0x33, 0);
	KTEST_EXPECT_EQ(t, g.mem[0], 0);
}

static void memmove_down_overlapping(struct ktest *t)
{
	char buf[] = "0123456789";

	/* before: 0123456789  after: 2345678989 */
	KTEST_EXPECT_PTR_EQ(t, memmove(buf, buf + 2, 8), buf);
	KTEST_EXPECT_STREQ(t, buf, "2345678989");
}

static void memmove_up_overlapping(struct ktest *t)
{
	char buf[] = "0123456789";

	/* before: 0123456789  after: 0101234567 */
	KTEST_EXPECT_PTR_EQ(t, memmove(buf + 2, buf, 8), buf + 2);
	KTEST_EXPECT_STREQ(t, buf, "0101234567");
	/* A one-byte shift, the hardest overlap. */
	memmove(buf + 1, buf, 9);
	KTEST_EXPECT_STREQ(t, buf, "0010123456");
}

/* Upward moves long enough to take the word-at-a-time path, odd tails too. */
static void memmove_up_long(struct ktest *t)
{
	static const unsigned int shifts[] = { 1, 3, 7, 8, 9, 13, 40 };
	struct guarded g;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(shifts); i++) {
		unsigned int s = shifts[i];
		size_t n = sizeof(g.mem) - s;

		guarded_init(&g, 0);
		fill_pattern(g.mem, n);
		memmove(g.mem + s, g.mem, n);
		/* after: mem[s + k] == pattern(k) */
		KTEST_EXPECT_EQ(t, pattern_mismatches(g.mem + s, n, 0), 0);
		KTEST_EXPECT_TRUE(t, guards_intact(&g));
	}
}

static void memmove_down_long(struct ktest *t)
{
	struct guarded g;

	guarded_init(&g, 0);
	fill_pattern(g.mem, sizeof(g.mem));
	memmove(g.mem, g.mem + 5, sizeof(g.mem) - 5);
	KTEST_EXPECT_EQ(t, pattern_mismatches(g.mem, sizeof(g.mem) - 5, 5), 0);
	KTEST_EXPECT_TRUE(t, guards_intact(&g));
}

static void memmove_disjoint(struct ktest *t)
{
	char buf[16] = "abcdef";

	KTEST_EXPECT_PTR_EQ(t, memmove(buf + 8, buf, 7), buf + 8);
	KTEST_EXPECT_STREQ(t, buf + 8, "abcdef");
	KTEST_EXPECT_STREQ(t, buf, "abcdef");
	KTEST_EXPECT_PTR_EQ(t, memmove(buf, buf, 3), buf);
	KTEST_EXPECT_STREQ(t, buf, "abcdef");
}

static void memcmp_orders_as_unsigned(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, memcmp("abc", "abc", 3), 0);
	KTEST_EXPECT_LT(t, memcmp("abc", "abd", 3), 0);
	KTEST_EXPECT_GT(t, memcmp("abd", "abc", 3), 0);
	/* 0x80 is above 0x01 as unsigned char, below it as signed. */
	KTEST_EXPECT_GT(t, memcmp("\x80", "\x01", 1), 0);
	KTEST_EXPECT_EQ(t, memcmp("abX", "abY", 2), 0);
	KTEST_EXPECT_EQ(t, memcmp("a", "b", 0), 0);
	/* Does not stop at a NUL. */
	KTEST_EXPECT_LT(t, memcmp("a\0b", "a\0c", 3), 0);
}

static void memchr_finds_first(struct ktest *t)
{
	const char s[] = "abcabc";

	KTEST_EXPECT_PTR_EQ(t, memchr(s, 'b', 6), s + 1);
	KTEST_EXPECT_PTR_EQ(t, memchr(s, 'c', 2), NULL);
	KTEST_EXPECT_PTR_EQ(t, memchr(s, 'z', 6), NULL);
	KTEST_EXPECT_PTR_EQ(t, memchr(s, '\0', 7), s + 6);
	/* @c is taken as unsigned char: 0x161 is 'a'. */
	KTEST_EXPECT_PTR_EQ(t, memchr(s, 0x161, 6), s);
	KTEST_EXPECT_PTR_EQ(t, memchr(s, 'a', 0), NULL);
}

static void memchr_inv_finds_odd_byte(struct ktest *t)
{
	static const size_t spots[] = { 0, 1, 7, 8, 15, 31, 32, 62, 63 };
	struct guarded g;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(spots); i++) {
		guarded_init(&g, 0);
		g.mem[spots[i]] = 1;
		KTEST_EXPECT_PTR_EQ(t, memchr_inv(g.mem, 0, 64),
				    g.mem + spots[i]);
	}
	/* From an unaligned start, and with a second odd byte later on. */
	guarded_init(&g, 0xff);
	g.mem[40] = 0;
	g.mem[50] = 0;
	KTEST_EXPECT_PTR_EQ(t, memchr_inv(g.mem + 3, 0xff, 61), g.mem + 40);
	KTEST_EXPECT_PTR_EQ(t, memchr_inv(g.mem + 3, 0xff, 37), NULL);
}

static void memchr_inv_uniform_and_empty(struct ktest *t)
{
	struct guarded g;

	guarded_init(&g, 0xa5);
	KTEST_EXPECT_PTR_EQ(t, memchr_inv(g.mem, 0xa5, 64), NULL);
	KTEST_EXPECT_PTR_EQ(t, memchr_inv(g.mem + 5, 0xa5, 59), NULL);
	KTEST_EXPECT_PTR_EQ(t, memchr_inv(g.mem, 0, 0), NULL);
	KTEST_EXPECT_PTR_EQ(t, memchr_inv(g.mem, 0, 1), g.mem);
	/* @c is taken as unsigned char. */
	KTEST_EXPECT_PTR_EQ(t, memchr_inv(g.mem, 0x3a5, 64), NULL);
}

static void strlen_counts_to_nul(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, strlen(""), 0);
	KTEST_EXPECT_EQ(t, strlen("a"), 1);
	KTEST_EXPECT_EQ(t, strlen("hello"), 5);
	KTEST_EXPECT_EQ(t, strlen("ab\0cd"), 2);
}

static void strnlen_stops_at_max(struct ktest *t)
{
	const char unterminated[4] = { 'a', 'b', 'c', 'd' };

	KTEST_EXPECT_EQ(t, strnlen("abcdef", 3), 3);
	KTEST_EXPECT_EQ(t, strnlen("ab", 10), 2);
	KTEST_EXPECT_EQ(t, strnlen("ab", 0), 0);
	KTEST_EXPECT_EQ(t, strnlen("", 5), 0);
	/* Must not read past @max: unterminated has no NUL at all. */
	KTEST_EXPECT_EQ(t, strnlen(unterminated, sizeof(unterminated)), 4);
}

static void strcmp_orders_strings(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, strcmp("", ""), 0);
	KTEST_EXPECT_EQ(t, strcmp("abc", "abc"), 0);
	KTEST_EXPECT_LT(t, strcmp("abc", "abd"), 0);
	KTEST_EXPECT_GT(t, strcmp("abd", "abc"), 0);
	/* A prefix sorts first. */
	KTEST_EXPECT_LT(t, strcmp("ab", "abc"), 0);
	KTEST_EXPECT_GT(t, strcmp("abc", ""), 0);
	/* Bytes compare as unsigned char. */
	KTEST_EXPECT_GT(t, strcmp("\xff", "a"), 0);
}

static void strncmp_limits_length(struct ktest *t)
{
	const char unterminated[2] = { 'a', 'b' };

	KTEST_EXPECT_EQ(t, strncmp("abcX", "abcY", 3), 0);
	KTEST_EXPECT_LT(t, strncmp("abcX", "abcY", 4), 0);
	KTEST_EXPECT_EQ(t, strncmp("a", "b", 0), 0);
	/* Stops at the NUL even if @n is larger. */
	KTEST_EXPECT_EQ(t, strncmp("ab", "ab", 100), 0);
	KTEST_EXPECT_LT(t, strncmp("ab", "abc", 3), 0);
	KTEST_EXPECT_GT(t, strncmp("\x80", "\x7f", 1), 0);
	/* Reads no more than @n bytes. */
	KTEST_EXPECT_EQ(t, strncmp(unterminated, "abz", 2), 0);
}

static void strchr_finds_first(struct ktest *t)
{
	const char *s = "hello";

	KTEST_EXPECT_PTR_EQ(t, strchr(s, 'l'), s + 2);
	KTEST_EXPECT_PTR_EQ(t, strchr(s, 'h'), s);
	KTEST_EXPECT_PTR_EQ(t, strchr(s, 'z'), NULL);
	/* '\0' finds the terminator. */
	KTEST_EXPECT_PTR_EQ(t, strchr(s, '\0'), s + 5);
	/* @c is converted to char: 0x16c is 'l'. */
	KTEST_EXPECT_PTR_EQ(t, strchr(s, 0x16c), s + 2);
}

static void strrchr_finds_last(struct ktest *t)
{
	const char *s = "hello";

	KTEST_EXPECT_PTR_EQ(t, strrchr(s, 'l'), s + 3);
	KTEST_EXPECT_PTR_EQ(t, strrchr(s, 'h'), s);
	KTEST_EXPECT_PTR_EQ(t, strrchr(s, 'o'), s + 4);
	KTEST_EXPECT_PTR_EQ(t, strrchr(s, 'z'), NULL);
	KTEST_EXPECT_PTR_EQ(t, strrchr(s, '\0'), s + 5);
	KTEST_EXPECT_PTR_EQ(t, strrchr("", 'a'), NULL);
}

static void strstr_finds_substring(struct ktest *t)
{
	const char *s = "hello world";

	KTEST_EXPECT_PTR_EQ(t, strstr(s, "world"), s + 6);
	KTEST_EXPECT_PTR_EQ(t, strstr(s, "o"), s + 4);
	KTEST_EXPECT_PTR_EQ(t, strstr(s, "hello world"), s);
	KTEST_EXPECT_PTR_EQ(t, strstr(s, "worlds"), NULL);
	KTEST_EXPECT_PTR_EQ(t, strstr(s, "xyz"), NULL);
	/* A partial match must not hide the real one. */
	s = "aaab";
	KTEST_EXPECT_PTR_EQ(t, strstr(s, "aab"), s + 1);
}

static void strstr_empty_needle_and_haystack(struct ktest *t)
{
	const char *s = "abc";

	KTEST_EXPECT_PTR_EQ(t, strstr(s, ""), s);
	KTEST_EXPECT_PTR_EQ(t, strstr("", "a"), NULL);
	KTEST_EXPECT_NOT_NULL(t, strstr("", ""));
}

static void strscpy_copies_when_it_fits(struct ktest *t)
{
	char buf[8];

	memset(buf, 'x', sizeof(buf));
	KTEST_EXPECT_EQ(t, strscpy(buf, "abc", sizeof(buf)), 3);
	KTEST_EXPECT_STREQ(t, buf, "abc");
	KTEST_EXPECT_EQ(t, buf[4], 'x');
	/* Exactly fills the buffer, NUL included. */
	KTEST_EXPECT_EQ(t, strscpy(buf, "1234567", sizeof(buf)), 7);
	KTEST_EXPECT_STREQ(t, buf, "1234567");
	KTEST_EXPECT_EQ(t, strscpy(buf, "", sizeof(buf)), 0);
	KTEST_EXPECT_STREQ(t, buf, "");
}

static void strscpy_truncates_with_e2big(struct ktest *t)
{
	char buf[8];

	memset(buf, 'x', sizeof(buf));
	KTEST_EXPECT_EQ(t, strscpy(buf, "12345678", sizeof(buf)), -E2BIG);
	KTEST_EXPECT_STREQ(t, buf, "1234567");
	KTEST_EXPECT_EQ(t, strscpy(buf, "abc", 1), -E2BIG);
	KTEST_EXPECT_EQ(t, buf[0], '\0');
	/* Size 0: nothing written at all. */
	buf[0] = 'q';
	KTEST_EXPECT_EQ(t, strscpy(buf, "abc", 0), -E2BIG);
	KTEST_EXPECT_EQ(t, buf[0], 'q');
}

static void strscpy_reads_at_most_size(struct ktest *t)
{
	const char src[4] = { 'w', 'x', 'y', 'z' };	/* no NUL */
	char buf[4];

	KTEST_EXPECT_EQ(t, strscpy(buf, src, sizeof(buf)), -E2BIG);
	KTEST_EXPECT_STREQ(t, buf, "wxy");
}

KTEST_SUITE(string, NULL, NULL,
	    KTEST_CASE(memcpy_copies_exactly_n),
	    KTEST_CASE(memcpy_zero_length),
	    KTEST_CASE(memset_fills_low_byte),
	    KTEST_CASE(memset_whole_area),
	    KTEST_CASE(memmove_down_overlapping),
	    KTEST_CASE(memmove_up_overlapping),
	    KTEST_CASE(memmove_up_long),
	    KTEST_CASE(memmove_down_long),
	    KTEST_CASE(memmove_disjoint),
	    KTEST_CASE(memcmp_orders_as_unsigned),
	    KTEST_CASE(memchr_finds_first),
	    KTEST_CASE(memchr_inv_finds_odd_byte),
	    KTEST_CASE(memchr_inv_uniform_and_empty),
	    KTEST_CASE(strlen_counts_to_nul),
	    KTEST_CASE(strnlen_stops_at_max),
	    KTEST_CASE(strcmp_orders_strings),
	    KTEST_CASE(strncmp_limits_length),
	    KTEST_CASE(strchr_finds_first),
	    KTEST_CASE(strrchr_finds_last),
	    KTEST_CASE(strstr_finds_substring),
	    KTEST_CASE(strstr_empty_needle_and_haystack),
	    KTEST_CASE(strscpy_copies_when_it_fits),
	    KTEST_CASE(strscpy_truncates_with_e2big),
	    KTEST_CASE(strscpy_reads_at_most_size));
