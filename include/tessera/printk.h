/* SPDX-License-Identifier: GPL-2.0 */
/*
 * printk: the kernel log. Messages carry a level prefix (KERN_ERR ...), get a
 * "[    s.micros]" timestamp and go to every registered console.
 */
#ifndef _TESSERA_PRINTK_H
#define _TESSERA_PRINTK_H

#include <tessera/kernel.h>
#include <tessera/list.h>

#define KERN_SOH	"\001"
#define KERN_EMERG	KERN_SOH "0"
#define KERN_ALERT	KERN_SOH "1"
#define KERN_CRIT	KERN_SOH "2"
#define KERN_ERR	KERN_SOH "3"
#define KERN_WARNING	KERN_SOH "4"
#define KERN_NOTICE	KERN_SOH "5"
#define KERN_INFO	KERN_SOH "6"
#define KERN_DEBUG	KERN_SOH "7"
#define KERN_CONT	KERN_SOH "c"	/* continues the previous line, no stamp */

#define LOGLEVEL_DEFAULT 4		/* level of a message with no prefix */

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

__printf(1, 2) int printk(const char *fmt, ...);
int vprintk(const char *fmt, va_list ap);

#define pr_emerg(fmt, ...)	printk(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert(fmt, ...)	printk(KERN_ALERT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit(fmt, ...)	printk(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...)	printk(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)	printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...)	printk(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...)	printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_cont(fmt, ...)	printk(KERN_CONT fmt, ##__VA_ARGS__)

/* pr_debug compiles away unless DEBUG is defined, but its format is checked. */
#ifdef DEBUG
#define pr_debug(fmt, ...)	printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#else
#define pr_debug(fmt, ...) \
	({ if (0) printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__); 0; })
#endif

#define pr_warn_once(fmt, ...) ({				\
	static bool __warned;					\
	if (!__warned) {					\
		__warned = true;				\
		pr_warn(fmt, ##__VA_ARGS__);			\
	}							\
})

/**
 * struct console - a sink for kernel log text
 * @name: short name for the boot log ("ttyS0", "vga")
 * @write: emit @len bytes; must work with interrupts off and never sleep
 * @flags: CON_* flags
 * @node: link on the console list (printk-internal)
 */
struct console {
	const char *name;
	unsigned int flags;
	void (*write)(struct console *con, const char *s, size_t len);
	struct list_head node;
};

#define CON_PRINTBUFFER	0x1	/* replay the log held so far on registration */

void register_console(struct console *con);
void unregister_console(struct console *con);

/* Console log level: messages with level < console_loglevel are printed. */
extern int console_loglevel;

/*
 * The log ring buffer. Every byte printed gets a position (a running count
 * since boot); a reader remembers log_buf_pos() and later copies what came
 * after it with log_buf_read(). Bytes overwritten by wrap-around are lost:
 * log_buf_read() then starts at the oldest byte still held.
 */
size_t log_buf_pos(void);
size_t log_buf_read(size_t pos, char *dst, size_t len);

#endif /* _TESSERA_PRINTK_H */
