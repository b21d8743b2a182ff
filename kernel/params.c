// SPDX-License-Identifier: GPL-2.0
/*
 * Boot parameters: the typed setters, the command-line tokeniser and
 * parse_params(), and a saved copy of the raw command line for cmdline_get().
 * Runs early (no allocator): all working memory is on the stack or static.
 */
#define pr_fmt(fmt) "params: " fmt

#include <tessera/param.h>
#include <tessera/printk.h>
#include <tessera/string.h>
#include <tessera/vsprintf.h>
#include <tessera/errno.h>

/* The kernel's own table: pointers placed in section "kparams" by param_*(). */
extern const struct kernel_param *const __start_kparams[];
extern const struct kernel_param *const __stop_kparams[];

#define WORD_MAX	512	/* longest word, "name=value" unquoted */
#define REPORTED_MAX	16	/* names remembered for report-once */
#define REPORTED_LEN	32	/* bytes kept of each name, with NUL */

/*
 * One word of the command line, unquoted: @buf holds "name\0value".
 * @val is NULL for a bare "name"; @too_long means @buf was cut short.
 */
struct word {
	char buf[WORD_MAX];
	const char *val;
	bool too_long;
};

/* Names already warned about in this parse_params() call. */
struct reported {
	char names[REPORTED_MAX][REPORTED_LEN];
	unsigned int n;
};

static char saved_cmdline[CMDLINE_MAX];

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Dashes and underscores are the same character in a parameter name. */
static char name_char(char c)
{
	return c == '-' ? '_' : c;
}

/* Compares two names over at most @max bytes, '-' matching '_'. */
static bool name_eq_n(const char *a, const char *b, size_t max)
{
	for (; max && *a && *b; max--, a++, b++) {
		if (name_char(*a) != name_char(*b))
			return false;
	}
	return !max || *a == *b;
}

static bool name_eq(const char *a, const char *b)
{
	return name_eq_n(a, b, (size_t)-1);
}

/*
 * Copies the next word at *@pos into @w and moves *@pos past it. A word
 * ends at a blank outside double quotes (or at the end: an unterminated
 * quote runs to the end of the line); quote characters are dropped, and the
 * first '=' splits the name from the value.
 * Return: false when only blanks are left.
 */
static bool next_word(const char **pos, struct word *w)
{
	const char *s = *pos;
	bool quoted = false;
	size_t n = 0;

	while (is_blank(*s))
		s++;
	if (!*s) {
		*pos = s;
		return false;
	}
	w->val = NULL;
	w->too_long = false;
	for (; *s && (quoted || !is_blank(*s)); s++) {
		if (*s == '"') {
			quoted = !quoted;
		} else if (n + 1 >= sizeof(w->buf)) {
			w->too_long = true;
		} else if (*s == '=' && !w->val) {
			w->buf[n++] = '\0';
			w->val = w->buf + n;
		} else {
			w->buf[n++] = *s;
		}
	}
	w->buf[n] = '\0';
	*pos = s;
	return true;
}

/* True the first time @name is seen (or when the table is full). */
static bool first_report(struct reported *r, const char *name)
{
	unsigned int i;

	for (i = 0; i < r->n; i++) {
		if (name_eq_n(r->names[i], name, REPORTED_LEN - 1))
			return false;
	}
	if (r->n < REPORTED_MAX)
		strscpy(r->names[r->n++], name, REPORTED_LEN);
	return true;
}

static const struct kernel_param *
find_param(const struct kernel_param *const *params, size_t n,
	   const char *name)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (params[i] && name_eq(params[i]->name, name))
			return params[i];
	}
	return NULL;
}

/* Why a word was not applied; warns once per name. */
static void report(struct reported *r, const struct word *w,
		   const struct kernel_param *kp)
{
	if (!first_report(r, w->buf))
		return;
	if (w->too_long)
		pr_warn("parameter '%.32s...' is longer than %d bytes, ignored\n",
			w->buf, WORD_MAX - 1);
	else if (!w->buf[0])
		pr_warn("parameter with an empty name ('=%.64s') ignored\n",
			w->val ? w->val : "");
	else if (!kp)
		pr_warn("unknown parameter '%s' ignored\n", w->buf);
	else if (!w->val)
		pr_warn("parameter '%s' needs a value, ignored\n", w->buf);
	else
		pr_warn("bad value '%.64s' for parameter '%s', ignored\n",
			w->val, w->buf);
}

/* Applies one word; returns false (having reported why) if it was not. */
static bool apply_word(const struct word *w,
		       const struct kernel_param *const *params, size_t n,
		       struct reported *r)
{
	const struct kernel_param *kp = NULL;

	if (!w->too_long && w->buf[0]) {
		kp = find_param(params, n, w->buf);
		if (kp && kp->set && kp->set(w->val, kp) == 0)
			return true;
	}
	report(r, w, kp);
	return false;
}

/**
 * parse_params() - apply a command line to a table of parameters
 * @cmdline: words separated by blanks: "name=value", name="quoted value"
 *           or a bare "name" (a setter then gets NULL; booleans read it
 *           as true). In names, '-' and '_' are the same. NULL is "".
 * @params: the table; NULL means the kernel's own "kparams" section
 * @n: entries in @params (ignored when @params is NULL)
 *
 * Words are applied left to right, so a later one overrides an earlier one.
 * Unknown names, bad values and words longer than WORD_MAX - 1 bytes are
 * reported with pr_warn, once per name, and skipped. With @params NULL,
 * @cmdline is the kernel's own and is also saved for cmdline_get().
 *
 * Context: early boot or thread context; uses about 1 KiB of stack, no
 * allocator and no static state. Locking of the variables is the setters'.
 * Return: the number of words that were not applied.
 */
int parse_params(const char *cmdline, const struct kernel_param *const *params,
		 size_t n)
{
	struct reported rep;
	struct word w;
	const char *pos = cmdline ? cmdline : "";
	int unapplied = 0;

	if (!params) {
		cmdline_init(cmdline);
		params = __start_kparams;
		n = (size_t)(__stop_kparams - __start_kparams);
	}
	rep.n = 0;
	while (next_word(&pos, &w)) {
		/* a bare "--" ends the kernel's part: the rest is init's argv */
		if (!w.val && !strcmp(w.buf, "--"))
			break;
		if (!apply_word(&w, params, n, &rep))
			unapplied++;
	}
	return unapplied;
}

/**
 * cmdline_find() - look up a word's value on a command line
 * @cmdline: the command line, tokenised as by parse_params()
 * @name: the name to look for ('-' and '_' match each other)
 * @buf: receives the value, unquoted, truncated to @size - 1 bytes; "" for
 *       a bare "name"
 * @size: size of @buf
 *
 * Return: @buf, or NULL if @name does not occur or @size is 0. If it occurs
 * more than once, the last value wins, as with parse_params().
 */
const char *cmdline_find(const char *cmdline, const char *name, char *buf,
			 size_t size)
{
	const char *pos = cmdline ? cmdline : "";
	bool found = false;
	struct word w;

	if (!size)
		return NULL;
	while (next_word(&pos, &w)) {
		if (name_eq(w.buf, name)) {
			strscpy(buf, w.val ? w.val : "", size);
			found = true;
		}
	}
	return found ? buf : NULL;
}

/**
 * cmdline_get() - look up a word's value on the saved boot command line
 * @name: the name, e.g. "ktest"
 * @buf: receives the value, as for cmdline_find()
 * @size: size of @buf
 *
 * Return: @buf, or NULL if @name is absent (or no command line is saved yet).
 */
const char *cmdline_get(const char *name, char *buf, size_t size)
{
	return cmdline_find(saved_cmdline, name, buf, size);
}

/**
 * cmdline_init() - keep a copy of the kernel command line
 * @raw: the command line; NULL is ""
 *
 * parse_params() with the kernel's own table calls this.
 * Context: early boot, single-threaded (or tests).
 */
void cmdline_init(const char *raw)
{
	if (raw == saved_cmdline)
		return;
	if (strscpy(saved_cmdline, raw ? raw : "", sizeof(saved_cmdline)) < 0)
		pr_warn("command line longer than %d bytes, cut short\n",
			CMDLINE_MAX - 1);
}

/**
 * cmdline_raw() - the command line saved by cmdline_init()
 *
 * Return: the saved copy, "" before cmdline_init().
 */
const char *cmdline_raw(void)
{
	return saved_cmdline;
}

/**
 * param_set_bool() - setter for a bool
 * @val: a kstrtobool() word; NULL (a bare name) means true
 * @kp: the parameter; @kp->arg points to a bool
 *
 * Return: 0, or -EINVAL (the bool is unchanged).
 */
int param_set_bool(const char *val, const struct kernel_param *kp)
{
	bool v = true;

	if (val && kstrtobool(val, &v))
		return -EINVAL;
	*(bool *)kp->arg = v;
	return 0;
}

/**
 * param_set_int() - setter for an int
 * @val: a number for kstrtoint() with base 0 (so "0x10" is 16)
 * @kp: the parameter; @kp->arg points to an int
 *
 * Return: 0, or -EINVAL for a missing, malformed or out-of-range value.
 */
int param_set_int(const char *val, const struct kernel_param *kp)
{
	int v;

	if (!val || kstrtoint(val, 0, &v))
		return -EINVAL;
	*(int *)kp->arg = v;
	return 0;
}

/**
 * param_set_uint() - setter for an unsigned int
 * @val: a number for kstrtouint() with base 0
 * @kp: the parameter; @kp->arg points to an unsigned int
 *
 * Return: 0, or -EINVAL for a missing, malformed or out-of-range value.
 */
int param_set_uint(const char *val, const struct kernel_param *kp)
{
	unsigned int v;

	if (!val || kstrtouint(val, 0, &v))
		return -EINVAL;
	*(unsigned int *)kp->arg = v;
	return 0;
}

/**
 * param_set_ulong() - setter for an unsigned long
 * @val: a number for kstrtoul() with base 0
 * @kp: the parameter; @kp->arg points to an unsigned long
 *
 * Return: 0, or -EINVAL for a missing, malformed or out-of-range value.
 */
int param_set_ulong(const char *val, const struct kernel_param *kp)
{
	unsigned long v;

	if (!val || kstrtoul(val, 0, &v))
		return -EINVAL;
	*(unsigned long *)kp->arg = v;
	return 0;
}

/**
 * param_set_size() - setter for a size in bytes
 * @val: a memparse() size such as "64M"; the whole value must parse
 * @kp: the parameter; @kp->arg points to a u64
 *
 * Return: 0, or -EINVAL for a missing, malformed or overflowing value.
 */
int param_set_size(const char *val, const struct kernel_param *kp)
{
	unsigned long long v;

	if (!val || memparse_strict(val, &v))
		return -EINVAL;
	*(u64 *)kp->arg = v;
	return 0;
}

/**
 * param_set_string() - setter for a string buffer
 * @val: the text to copy
 * @kp: the parameter; @kp->arg is a buffer of @kp->size bytes
 *
 * A value that does not fit is refused rather than cut short.
 *
 * Return: 0, or -EINVAL if @val is missing or too long (buffer unchanged).
 */
int param_set_string(const char *val, const struct kernel_param *kp)
{
	if (!val || strnlen(val, kp->size) >= kp->size)
		return -EINVAL;
	strscpy(kp->arg, val, kp->size);
	return 0;
}
