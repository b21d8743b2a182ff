// SPDX-License-Identifier: GPL-2.0
/*
 * printk: formats a message, stamps each line "[    s.micros] " with the
 * monotonic clock, keeps it in a ring buffer and writes it to every console
 * whose log level lets it through.
 *
 * Locking: logbuf_lock (below) guards the ring, the open-line state and
 * the console list.
 */
#include <tessera/printk.h>
#include <tessera/bug.h>
#include <tessera/param.h>
#include <tessera/smp.h>
#include <tessera/spinlock.h>
#include <tessera/string.h>
#include <tessera/time.h>
#include <tessera/vsprintf.h>
#include <asm/irqflags.h>

#define LOG_BUF_LEN	(1UL << CONFIG_LOG_BUF_SHIFT)
#define LINE_MAX	1024

static char log_buf[LOG_BUF_LEN];
static size_t log_next;		/* total bytes ever written; ring index = % LEN */
static bool line_open;		/* the last message did not end in '\n' */

static LIST_HEAD(console_list);

/*
 * logbuf_lock guards log_buf, log_next, line_open, cur_level and
 * console_list; taken with interrupts off. printk must print even when the
 * lock cannot be had (a CPU oopsed or hung while holding it, or this CPU
 * faults inside printk and the oops prints): printk_lock() tries for a
 * bounded time, then goes on without it: a garbled line beats a silent
 * deadlock. A CPU that already holds it (recursion) does not wait at all,
 * nor does anyone once panic() has stopped the other CPUs.
 */
static DEFINE_SPINLOCK(logbuf_lock);
static unsigned int logbuf_owner = ~0u;	/* CPU holding logbuf_lock; under it */

#define PRINTK_LOCK_SPINS	(1UL << 24)	/* pauses: far longer than any line */

/* Returns true if the lock was taken (then printk_unlock() releases it). */
static bool printk_lock(unsigned long *flags)
{
	unsigned long spins;

	*flags = local_irq_save();
	if (READ_ONCE(logbuf_owner) == smp_processor_id())
		return false;			/* printk from inside printk */
	for (spins = 0; spins < (panic_in_progress() ? 1 : PRINTK_LOCK_SPINS); spins++) {
		if (spin_trylock(&logbuf_lock)) {
			WRITE_ONCE(logbuf_owner, smp_processor_id());
			return true;
		}
		cpu_relax();
	}
	return false;
}

static void printk_unlock(bool locked, unsigned long flags)
{
	if (locked) {
		WRITE_ONCE(logbuf_owner, ~0u);
		spin_unlock_irqrestore(&logbuf_lock, flags);
	} else {
		local_irq_restore(flags);
	}
}

int console_loglevel = CONFIG_CONSOLE_LOGLEVEL_DEFAULT;
param_int(loglevel, console_loglevel, "console log level: 0-8, messages below it are shown");

static bool quiet;
static int set_quiet(const char *val, const struct kernel_param *kp)
{
	int ret = param_set_bool(val, kp);

	if (!ret && quiet)
		console_loglevel = 5;	/* errors and warnings only */
	return ret;
}
param_cb(quiet, set_quiet, quiet, "show only warnings and worse on the console");

static void log_store(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		log_buf[(log_next + i) % LOG_BUF_LEN] = s[i];
	log_next += len;
}

static void console_emit(const char *s, size_t len, int level)
{
	struct console *con;

	if (level >= console_loglevel)
		return;
	list_for_each_entry(con, &console_list, node)
		con->write(con, s, len);
}

/* Splits a leading KERN_* prefix off @fmt; returns the level or -1 (cont). */
static int printk_level(const char **text)
{
	const char *s = *text;
	int level = LOGLEVEL_DEFAULT;

	while (s[0] == KERN_SOH[0] && s[1]) {
		if (s[1] >= '0' && s[1] <= '7')
			level = s[1] - '0';
		else if (s[1] == 'c')
			level = -1;
		s += 2;
	}
	*text = s;
	return level;
}

static void emit_line_start(int level)
{
	char stamp[32];
	u64 ns = ktime_get_ns();
	int n;

	n = scnprintf(stamp, sizeof(stamp), "[%5llu.%06llu] ",
		      (unsigned long long)(ns / NSEC_PER_SEC),
		      (unsigned long long)((ns % NSEC_PER_SEC) / NSEC_PER_USEC));
	log_store(stamp, n);
	console_emit(stamp, n, level);
}

static int cur_level = LOGLEVEL_DEFAULT;	/* level of the open line */

/* A new message starts while the previous one lacked its '\n'. */
static void end_open_line(void)
{
	log_store("\n", 1);
	console_emit("\n", 1, cur_level);
	line_open = false;
}

/**
 * vprintk() - print a message to the log and the consoles
 * @fmt: format, optionally starting with a KERN_* level
 * @ap: arguments
 *
 * Return: the number of characters of the message (without prefix/stamp).
 * Context: any, including interrupts and oops paths; never sleeps.
 */
int vprintk(const char *fmt, va_list ap)
{
	char line[LINE_MAX];
	unsigned long flags;
	const char *text, *p, *nl;
	int level, len;
	bool locked;

	len = vscnprintf(line, sizeof(line), fmt, ap);
	text = line;
	level = printk_level(&text);
	len -= (int)(text - line);

	locked = printk_lock(&flags);
	if (level < 0)
		level = cur_level;
	else if (line_open)
		end_open_line();
	cur_level = level;

	for (p = text; p < text + len; p = nl) {
		size_t n;

		nl = memchr(p, '\n', text + len - p);
		nl = nl ? nl + 1 : text + len;
		n = nl - p;
		if (!line_open)
			emit_line_start(level);
		log_store(p, n);
		console_emit(p, n, level);
		line_open = p[n - 1] != '\n';
	}
	printk_unlock(locked, flags);
	return len;
}

/**
 * printk() - print a formatted message, see vprintk()
 * @fmt: format, optionally starting with a KERN_* level
 */
int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

static void console_replay(struct console *con)
{
	size_t pos = log_next > LOG_BUF_LEN ? log_next - LOG_BUF_LEN : 0;
	char chunk[256];
	size_t n;

	while ((n = log_buf_read(pos, chunk, sizeof(chunk))) > 0) {
		con->write(con, chunk, n);
		pos += n;
	}
}

/**
 * register_console() - add a console; with CON_PRINTBUFFER it first gets
 * the whole log held so far (unfiltered by level: it is history)
 * @con: the console; must stay valid until unregistered
 */
void register_console(struct console *con)
{
	unsigned long flags;
	bool locked = printk_lock(&flags);

	if (con->flags & CON_PRINTBUFFER)
		console_replay(con);
	list_add_tail(&con->node, &console_list);
	printk_unlock(locked, flags);
}

/**
 * unregister_console() - remove a console added by register_console()
 * @con: the console
 */
void unregister_console(struct console *con)
{
	unsigned long flags;
	bool locked = printk_lock(&flags);

	list_del(&con->node);
	printk_unlock(locked, flags);
}

/**
 * log_buf_pos() - the position just after the last byte logged
 */
size_t log_buf_pos(void)
{
	return READ_ONCE(log_next);
}

/**
 * log_buf_read() - copy logged bytes starting at position @pos
 * @pos: a position from log_buf_pos(); if already overwritten, reading
 *	starts at the oldest byte still held
 * @dst: destination (not NUL-terminated)
 * @len: its size
 *
 * Return: bytes copied; 0 when @pos is at the end of the log.
 */
size_t log_buf_read(size_t pos, char *dst, size_t len)
{
	size_t end = READ_ONCE(log_next), oldest, i;

	oldest = end > LOG_BUF_LEN ? end - LOG_BUF_LEN : 0;
	if (pos < oldest)
		pos = oldest;
	if (pos >= end)
		return 0;
	len = min_t(size_t, len, end - pos);
	for (i = 0; i < len; i++)
		dst[i] = log_buf[(pos + i) % LOG_BUF_LEN];
	return len;
}
