// SPDX-License-Identifier: GPL-2.0
/*
 * vsnprintf and friends: C99 printf semantics for the subset in
 * <tessera/vsprintf.h>, plus %pS/%ps for kernel symbols. No allocation and
 * no locks, so it is safe from any context, the oops path included.
 */
#include <tessera/vsprintf.h>
#include <tessera/kallsyms.h>
#include <tessera/string.h>

/* Flags of one conversion specification. */
#define F_LEFT		0x01	/* '-': pad on the right */
#define F_PLUS		0x02	/* '+': signed ones show '+' */
#define F_SPACE		0x04	/* ' ': signed ones show ' ' */
#define F_ALT		0x08	/* '#': 0x prefix, leading octal 0 */
#define F_ZERO		0x10	/* '0': pad numbers with zeroes */
#define F_SIGNED	0x20	/* the conversion is %d or %i */
#define F_PTR		0x40	/* %p: always "0x" */

enum len_mod { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z, LEN_T };

struct spec {
	unsigned int flags;
	int width;		/* 0 if none */
	int prec;		/* -1 if none */
	enum len_mod len;
	unsigned int base;
	bool upper;		/* %X */
};

/* The output cursor; @pos runs on past @size to give the C99 return value. */
struct out {
	char *buf;
	size_t size;
	size_t pos;
};

static void put_char(struct out *o, char c)
{
	if (o->pos + 1 < o->size)
		o->buf[o->pos] = c;
	o->pos++;
}

/* Only counts what no longer fits, so a huge width costs nothing. */
static void put_repeat(struct out *o, char c, size_t n)
{
	for (; n && o->pos + 1 < o->size; n--)
		o->buf[o->pos++] = c;
	o->pos += n;
}

static void put_mem(struct out *o, const char *s, size_t n)
{
	for (; n && o->pos + 1 < o->size; n--)
		o->buf[o->pos++] = *s++;
	o->pos += n;
}

/* Padding that takes a field of @len bytes to sp->width. */
static size_t pad_for(size_t len, const struct spec *sp)
{
	return (size_t)sp->width > len ? (size_t)sp->width - len : 0;
}

/* Emits @a then @b as one field, right- or left-justified in sp->width. */
static void put_field(struct out *o, const char *a, size_t alen,
		      const char *b, size_t blen, const struct spec *sp)
{
	size_t pad = pad_for(alen + blen, sp);

	if (!(sp->flags & F_LEFT))
		put_repeat(o, ' ', pad);
	put_mem(o, a, alen);
	put_mem(o, b, blen);
	if (sp->flags & F_LEFT)
		put_repeat(o, ' ', pad);
}

/* Writes the digits of @v, least significant first; returns how many. */
static size_t digits_reversed(char *tmp, unsigned long long v,
			      const struct spec *sp)
{
	const char *set = sp->upper ? "0123456789ABCDEF" : "0123456789abcdef";
	size_t n = 0;

	/* C99: a zero value with precision 0 has no digits at all. */
	if (v == 0 && sp->prec == 0)
		return 0;
	do {
		tmp[n++] = set[v % sp->base];
		v /= sp->base;
	} while (v);
	return n;
}

static const char *number_prefix(unsigned long long v, bool neg,
				 const struct spec *sp)
{
	if (sp->flags & F_PTR)
		return "0x";
	if (sp->flags & F_SIGNED) {
		if (neg)
			return "-";
		if (sp->flags & F_PLUS)
			return "+";
		if (sp->flags & F_SPACE)
			return " ";
		return "";
	}
	if ((sp->flags & F_ALT) && sp->base == 16 && v)
		return sp->upper ? "0X" : "0x";
	return "";
}

/* Emits magnitude @v (negative if @neg): [pad][prefix][zeroes]digits[pad]. */
static void put_number(struct out *o, unsigned long long v, bool neg,
		       const struct spec *sp)
{
	char tmp[24];	/* 22 octal digits hold 64 bits */
	size_t ndig = digits_reversed(tmp, v, sp);
	const char *prefix = number_prefix(v, neg, sp);
	size_t plen = strlen(prefix);
	size_t zeroes = sp->prec > 0 && (size_t)sp->prec > ndig ?
			(size_t)sp->prec - ndig : 0;
	size_t pad;

	/* '#' with %o: the first digit must be a 0. */
	if ((sp->flags & F_ALT) && sp->base == 8 && !zeroes && (v || !ndig))
		zeroes = 1;
	pad = pad_for(plen + zeroes + ndig, sp);
	/* '0' pads with zeroes, unless '-' or a precision overrides it. */
	if ((sp->flags & (F_ZERO | F_LEFT)) == F_ZERO && sp->prec < 0) {
		zeroes += pad;
		pad = 0;
	}
	if (!(sp->flags & F_LEFT))
		put_repeat(o, ' ', pad);
	put_mem(o, prefix, plen);
	put_repeat(o, '0', zeroes);
	while (ndig)
		put_char(o, tmp[--ndig]);
	if (sp->flags & F_LEFT)
		put_repeat(o, ' ', pad);
}

static void put_string(struct out *o, const char *s, const struct spec *sp)
{
	size_t len;

	if (!s)
		s = "(null)";
	len = sp->prec < 0 ? strlen(s) : strnlen(s, (size_t)sp->prec);
	put_field(o, s, len, NULL, 0, sp);
}

/* Formats @v in lower-case hex into @buf, no prefix; returns the length. */
static size_t hex_to(char *buf, unsigned long v)
{
	char tmp[16];
	size_t n = 0, i = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v & 0xf];
		v >>= 4;
	} while (v);
	while (n)
		buf[i++] = tmp[--n];
	return i;
}

/*
 * %pS: "name+0xoff/0xsize"; %ps: "name". Unknown addresses print as 0x<hex>.
 * The width applies to the whole text; a precision is ignored.
 */
static void put_symbol(struct out *o, unsigned long addr, bool full,
		       const struct spec *sp)
{
	char tail[48];	/* "+0x" + 16 digits + "/0x" + 16 digits */
	const char *name;
	unsigned long off, size;
	size_t tlen = 0;

	if (kallsyms_lookup(addr, &name, &off, &size)) {
		memcpy(tail, "0x", 2);
		tlen = 2 + hex_to(tail + 2, addr);
		put_field(o, tail, tlen, NULL, 0, sp);
		return;
	}
	if (full) {
		memcpy(tail, "+0x", 3);
		tlen = 3 + hex_to(tail + 3, off);
		memcpy(tail + tlen, "/0x", 3);
		tlen += 3;
		tlen += hex_to(tail + tlen, size);
	}
	put_field(o, name, strlen(name), tail, tlen, sp);
}

/* %p is "0x" and 16 hex digits; %pS and %ps go to put_symbol(). */
static const char *put_pointer(struct out *o, const char *fmt,
			       struct spec *sp, va_list *ap)
{
	uintptr_t p = (uintptr_t)va_arg(*ap, void *);

	if (*fmt == 'S' || *fmt == 's') {
		put_symbol(o, p, *fmt == 'S', sp);
		return fmt + 1;
	}
	sp->flags = (sp->flags & F_LEFT) | F_PTR;
	sp->base = 16;
	sp->prec = 16;
	put_number(o, p, false, sp);
	return fmt;
}

static unsigned long long get_unsigned(va_list *ap, enum len_mod len)
{
	switch (len) {
	case LEN_HH:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_H:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_L:
		return va_arg(*ap, unsigned long);
	case LEN_LL:
		return va_arg(*ap, unsigned long long);
	case LEN_Z:
		return va_arg(*ap, size_t);
	case LEN_T:
		return (unsigned long long)va_arg(*ap, ptrdiff_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static long long get_signed(va_list *ap, enum len_mod len)
{
	switch (len) {
	case LEN_HH:
		return (signed char)va_arg(*ap, int);
	case LEN_H:
		return (short)va_arg(*ap, int);
	case LEN_L:
		return va_arg(*ap, long);
	case LEN_LL:
		return va_arg(*ap, long long);
	case LEN_Z:
		return va_arg(*ap, ssize_t);
	case LEN_T:
		return va_arg(*ap, ptrdiff_t);
	default:
		return va_arg(*ap, int);
	}
}

static void put_signed(struct out *o, struct spec *sp, va_list *ap)
{
	long long v = get_signed(ap, sp->len);
	/* Negate in unsigned arithmetic so LLONG_MIN works too. */
	unsigned long long mag = v < 0 ? 0ULL - (unsigned long long)v :
					 (unsigned long long)v;

	sp->flags |= F_SIGNED;
	put_number(o, mag, v < 0, sp);
}

/* Handles one conversion character; returns false if it is unknown. */
static bool convert(struct out *o, char c, struct spec *sp, va_list *ap)
{
	char ch;

	switch (c) {
	case 'd':
	case 'i':
		put_signed(o, sp, ap);
		return true;
	case 'X':
		sp->upper = true;
		/* fall through */
	case 'x':
	case 'o':
	case 'u':
		sp->base = c == 'u' ? 10 : c == 'o' ? 8 : 16;
		put_number(o, get_unsigned(ap, sp->len), false, sp);
		return true;
	case 'c':
		ch = (char)va_arg(*ap, int);
		put_field(o, &ch, 1, NULL, 0, sp);
		return true;
	case 's':
		put_string(o, va_arg(*ap, const char *), sp);
		return true;
	case '%':
		put_char(o, '%');
		return true;
	default:
		return false;
	}
}

static unsigned int parse_flags(const char **fmt)
{
	unsigned int flags = 0;

	for (;; (*fmt)++) {
		switch (**fmt) {
		case '-':
			flags |= F_LEFT;
			break;
		case '+':
			flags |= F_PLUS;
			break;
		case ' ':
			flags |= F_SPACE;
			break;
		case '#':
			flags |= F_ALT;
			break;
		case '0':
			flags |= F_ZERO;
			break;
		default:
			return flags;
		}
	}
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Reads a decimal count (saturating) or '*'; false if neither is there. */
static bool parse_count(const char **fmt, va_list *ap, int *n)
{
	if (**fmt == '*') {
		(*fmt)++;
		*n = va_arg(*ap, int);
		return true;
	}
	if (!is_digit(**fmt))
		return false;
	for (*n = 0; is_digit(**fmt); (*fmt)++) {
		int d = **fmt - '0';

		*n = *n <= (INT_MAX - d) / 10 ? *n * 10 + d : INT_MAX;
	}
	return true;
}

static enum len_mod parse_len(const char **fmt)
{
	const char *f = *fmt;

	switch (f[0]) {
	case 'h':
		*fmt += f[1] == 'h' ? 2 : 1;
		return f[1] == 'h' ? LEN_HH : LEN_H;
	case 'l':
		*fmt += f[1] == 'l' ? 2 : 1;
		return f[1] == 'l' ? LEN_LL : LEN_L;
	case 'z':
		(*fmt)++;
		return LEN_Z;
	case 't':
		(*fmt)++;
		return LEN_T;
	default:
		return LEN_NONE;
	}
}

/* Parses "flags width .precision length" after the '%'. */
static void parse_spec(const char **fmt, va_list *ap, struct spec *sp)
{
	sp->flags = parse_flags(fmt);
	sp->width = 0;
	if (parse_count(fmt, ap, &sp->width) && sp->width < 0) {
		/* A negative '*' width means '-' and its magnitude. */
		sp->flags |= F_LEFT;
		sp->width = sp->width == -INT_MAX - 1 ? INT_MAX : -sp->width;
	}
	sp->prec = -1;
	if (**fmt == '.') {
		(*fmt)++;
		sp->prec = 0;		/* "%.d" means precision 0 */
		parse_count(fmt, ap, &sp->prec);
		if (sp->prec < 0)	/* a negative '*' means none */
			sp->prec = -1;
	}
	sp->len = parse_len(fmt);
	sp->base = 10;
	sp->upper = false;
}

/* Formats the conversion at @fmt (a '%'); returns where the text resumes. */
static const char *format_one(struct out *o, const char *fmt, va_list *ap)
{
	const char *start = fmt++;
	struct spec sp;

	parse_spec(&fmt, ap, &sp);
	if (*fmt == 'p')
		return put_pointer(o, fmt + 1, &sp, ap);
	if (*fmt && convert(o, *fmt, &sp, ap))
		return fmt + 1;
	/* An unknown conversion, or '%' at the end: copy the text as it is. */
	if (*fmt)
		fmt++;
	put_mem(o, start, (size_t)(fmt - start));
	return fmt;
}

/**
 * vsnprintf() - format a string into a buffer
 * @buf: the buffer
 * @size: its size; nothing is written if 0
 * @fmt: the format, see <tessera/vsprintf.h> for the conversions supported
 * @ap: the arguments
 *
 * The output is truncated to @size - 1 bytes and always NUL-terminated when
 * @size is not 0. Unknown conversions are copied to the output as they are.
 *
 * Context: any context; no locks, no allocation.
 * Return: the length the whole output would have had (without the NUL),
 * like C99; a return >= @size means it was truncated.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { .buf = buf, .size = size, .pos = 0 };
	va_list args;

	va_copy(args, ap);
	while (*fmt) {
		if (*fmt == '%')
			fmt = format_one(&o, fmt, &args);
		else
			put_char(&o, *fmt++);
	}
	va_end(args);
	if (size)
		buf[o.pos < size ? o.pos : size - 1] = '\0';
	return o.pos > INT_MAX ? INT_MAX : (int)o.pos;
}

/**
 * snprintf() - format a string into a buffer
 * @buf: the buffer
 * @size: its size; nothing is written if 0
 * @fmt: the format
 *
 * Return: as vsnprintf(): the untruncated length.
 */
int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/**
 * vscnprintf() - format a string into a buffer, counting what fits
 * @buf: the buffer
 * @size: its size; nothing is written if 0
 * @fmt: the format
 * @ap: the arguments
 *
 * Return: the number of bytes written to @buf, without the NUL: at most
 * @size - 1, and 0 if @size is 0. Handy for "pos += scnprintf(buf + pos, ...)".
 */
int vscnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	int n = vsnprintf(buf, size, fmt, ap);

	if (!size)
		return 0;
	return (size_t)n < size ? n : (int)(size - 1);
}

/**
 * scnprintf() - format a string into a buffer, counting what fits
 * @buf: the buffer
 * @size: its size; nothing is written if 0
 * @fmt: the format
 *
 * Return: as vscnprintf(): the bytes actually written, without the NUL.
 */
int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vscnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
