// SPDX-License-Identifier: GPL-2.0
/*
 * String to number: the strict kstrto*() family (whole string, overflow is an
 * error) and memparse() for sizes with K/M/G/T suffixes.
 */
#include <tessera/vsprintf.h>
#include <tessera/errno.h>

/* The digit's value, or 16 for anything that is not a hex digit. */
static unsigned int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return (unsigned int)(c - '0');
	if (c >= 'a' && c <= 'f')
		return (unsigned int)(c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (unsigned int)(c - 'A' + 10);
	return 16;
}

/* Applies the "0x" / "0" prefix rules to @base and skips a "0x". */
static unsigned int fixup_base(const char **sp, unsigned int base)
{
	const char *s = *sp;
	bool hex_prefix = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');

	if (base == 0) {
		if (hex_prefix && digit_value(s[2]) < 16)
			base = 16;
		else
			base = s[0] == '0' ? 8 : 10;
	}
	if (base == 16 && hex_prefix)
		*sp = s + 2;
	return base;
}

/*
 * Parses the digits at *@sp in @base and moves *@sp past them. On overflow
 * *@res is ULLONG_MAX.
 * Return: 1 if there were digits, 0 if none, -ERANGE on overflow.
 */
static int parse_digits(const char **sp, unsigned int base,
			unsigned long long *res)
{
	const char *s = *sp;
	unsigned long long v = 0;
	bool overflow = false;
	unsigned int d;

	for (; (d = digit_value(*s)) < base; s++) {
		if (v > (ULLONG_MAX - d) / base)
			overflow = true;
		v = v * base + d;
	}
	*res = overflow ? ULLONG_MAX : v;
	if (overflow) {
		*sp = s;
		return -ERANGE;
	}
	if (s == *sp)
		return 0;
	*sp = s;
	return 1;
}

/* True at the end of the string, allowing one trailing newline. */
static bool at_end(const char *s)
{
	return s[0] == '\0' || (s[0] == '\n' && s[1] == '\0');
}

/* An unsigned number filling all of @s, no sign. */
static int parse_whole(const char *s, unsigned int base,
		       unsigned long long *res)
{
	unsigned long long v;
	int rc;

	if (base == 1 || base > 16)
		return -EINVAL;
	base = fixup_base(&s, base);
	rc = parse_digits(&s, base, &v);
	if (rc < 0)
		return rc;
	if (rc == 0 || !at_end(s))
		return -EINVAL;
	*res = v;
	return 0;
}

/**
 * kstrtoull() - parse a whole string as an unsigned long long
 * @s: the string: an optional '+', digits, an optional single '\n'
 * @base: 2..16, or 0 for auto ("0x" hex, leading "0" octal, else decimal);
 *        base 16 also accepts a "0x" prefix
 * @res: the result, written only on success
 *
 * Return: 0, -EINVAL if @s is not entirely a number (a '-' included), or
 * -ERANGE if it does not fit.
 */
int kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	if (s[0] == '+')
		s++;
	return parse_whole(s, base, res);
}

/**
 * kstrtoll() - parse a whole string as a long long
 * @s: the string: an optional '+' or '-', digits, an optional single '\n'
 * @base: as for kstrtoull()
 * @res: the result, written only on success
 *
 * Return: 0, -EINVAL or -ERANGE, as for kstrtoull().
 */
int kstrtoll(const char *s, unsigned int base, long long *res)
{
	unsigned long long v;
	bool neg = s[0] == '-';
	int rc;

	if (s[0] == '-' || s[0] == '+')
		s++;
	rc = parse_whole(s, base, &v);
	if (rc)
		return rc;
	if (v > (unsigned long long)LLONG_MAX + neg)
		return -ERANGE;
	/* -(v - 1) - 1 stays in range even for LLONG_MIN. */
	*res = neg && v ? -(long long)(v - 1) - 1 : (long long)v;
	return 0;
}

/**
 * kstrtoul() - parse a whole string as an unsigned long
 * @s: the string, as for kstrtoull()
 * @base: as for kstrtoull()
 * @res: the result, written only on success
 *
 * Return: 0, -EINVAL or -ERANGE.
 */
int kstrtoul(const char *s, unsigned int base, unsigned long *res)
{
	unsigned long long v;
	int rc = kstrtoull(s, base, &v);

	if (rc)
		return rc;
	if (v > ULONG_MAX)
		return -ERANGE;
	*res = (unsigned long)v;
	return 0;
}

/**
 * kstrtol() - parse a whole string as a long
 * @s: the string, as for kstrtoll()
 * @base: as for kstrtoull()
 * @res: the result, written only on success
 *
 * Return: 0, -EINVAL or -ERANGE.
 */
int kstrtol(const char *s, unsigned int base, long *res)
{
	long long v;
	int rc = kstrtoll(s, base, &v);

	if (rc)
		return rc;
	if (v > LONG_MAX || v < -LONG_MAX - 1)
		return -ERANGE;
	*res = (long)v;
	return 0;
}

/**
 * kstrtouint() - parse a whole string as an unsigned int
 * @s: the string, as for kstrtoull()
 * @base: as for kstrtoull()
 * @res: the result, written only on success
 *
 * Return: 0, -EINVAL or -ERANGE.
 */
int kstrtouint(const char *s, unsigned int base, unsigned int *res)
{
	unsigned long long v;
	int rc = kstrtoull(s, base, &v);

	if (rc)
		return rc;
	if (v > UINT_MAX)
		return -ERANGE;
	*res = (unsigned int)v;
	return 0;
}

/**
 * kstrtoint() - parse a whole string as an int
 * @s: the string, as for kstrtoll()
 * @base: as for kstrtoull()
 * @res: the result, written only on success
 *
 * Return: 0, -EINVAL or -ERANGE.
 */
int kstrtoint(const char *s, unsigned int base, int *res)
{
	long long v;
	int rc = kstrtoll(s, base, &v);

	if (rc)
		return rc;
	if (v > INT_MAX || v < -INT_MAX - 1)
		return -ERANGE;
	*res = (int)v;
	return 0;
}

static char to_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Case-insensitive whole-word match; @s may have one trailing '\n'. */
static bool word_is(const char *s, const char *word)
{
	while (*word && to_lower(*s) == *word) {
		s++;
		word++;
	}
	return !*word && at_end(s);
}

/**
 * kstrtobool() - parse a yes/no word
 * @s: "1", "y", "yes", "on", "true" or "0", "n", "no", "off", "false", in
 *     any case, with an optional single '\n'
 * @res: the result, written only on success
 *
 * Return: 0, or -EINVAL for anything else.
 */
int kstrtobool(const char *s, bool *res)
{
	static const char *const yes[] = { "1", "y", "yes", "on", "true" };
	static const char *const no[] = { "0", "n", "no", "off", "false" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(yes); i++) {
		if (word_is(s, yes[i])) {
			*res = true;
			return 0;
		}
		if (word_is(s, no[i])) {
			*res = false;
			return 0;
		}
	}
	return -EINVAL;
}

/* The shift for a size suffix (K/M/G/T, any case), or 0. */
static unsigned int suffix_shift(char c)
{
	switch (to_lower(c)) {
	case 'k':
		return 10;
	case 'm':
		return 20;
	case 'g':
		return 30;
	case 't':
		return 40;
	default:
		return 0;
	}
}

/*
 * The number and suffix at @s; *@end is set after them, or to @s if there is
 * no number. On overflow *@res is ULLONG_MAX and -ERANGE is returned.
 */
static int parse_mem(const char *s, const char **end, unsigned long long *res)
{
	const char *p = s;
	unsigned int shift;
	int rc;

	rc = parse_digits(&p, fixup_base(&p, 0), res);
	if (rc == 0) {
		*end = s;
		*res = 0;
		return 0;
	}
	shift = suffix_shift(*p);
	if (shift) {
		p++;
		if (*res > ULLONG_MAX >> shift)
			rc = -ERANGE;
		*res = rc < 0 ? ULLONG_MAX : *res << shift;
	}
	*end = p;
	return rc < 0 ? rc : 0;
}

/**
 * memparse() - parse a size with an optional K/M/G/T suffix
 * @s: the text: a number (base auto-detected as for kstrtoull()), then
 *     optionally one of K, M, G, T (any case) for KiB..TiB
 * @retptr: if not NULL, receives the first character after the size (@s
 *          itself if there is no number)
 *
 * No error is returned: a missing number is 0 and an overflow gives
 * ULLONG_MAX. Use memparse_strict() to validate.
 *
 * Return: the size in bytes.
 */
unsigned long long memparse(const char *s, char **retptr)
{
	unsigned long long v;
	const char *end;

	parse_mem(s, &end, &v);
	if (retptr)
		*retptr = (char *)end;
	return v;
}

/**
 * memparse_strict() - parse a whole string as a memparse() size
 * @s: the string; one trailing '\n' is allowed
 * @res: the result, written only on success
 *
 * Return: 0, -EINVAL (no number, or junk after it) or -ERANGE (overflow).
 */
int memparse_strict(const char *s, unsigned long long *res)
{
	unsigned long long v;
	const char *end;
	int rc = parse_mem(s, &end, &v);

	if (rc)
		return rc;
	if (end == s || !at_end(end))
		return -EINVAL;
	*res = v;
	return 0;
}
