// SPDX-License-Identifier: GPL-2.0
/*
 * Host stand-ins for the kernel services the portable code calls: printk
 * (formatted by our own vsnprintf, level prefix stripped, kept in a small log
 * ring for log_buf_read()) and a kallsyms_lookup() with two fixed symbols.
 */
#include <tessera/printk.h>
#include <tessera/kallsyms.h>
#include <tessera/vsprintf.h>
#include <tessera/string.h>
#include <tessera/errno.h>
#include "host_shims.h"

#define LOG_RING_SIZE	65536	/* a power of two */
#define LINE_MAX	1024

static char log_ring[LOG_RING_SIZE];
static size_t log_head;		/* bytes logged since start */

int console_loglevel = 8;

static void log_append(const char *s, size_t len)
{
	while (len--)
		log_ring[log_head++ & (LOG_RING_SIZE - 1)] = *s++;
}

size_t log_buf_pos(void)
{
	return log_head;
}

size_t log_buf_read(size_t pos, char *dst, size_t len)
{
	size_t oldest = log_head > LOG_RING_SIZE ? log_head - LOG_RING_SIZE : 0;
	size_t n = 0;

	if (pos < oldest)
		pos = oldest;
	for (; pos < log_head && n < len; pos++, n++)
		dst[n] = log_ring[pos & (LOG_RING_SIZE - 1)];
	return n;
}

/* "\001" and one level character, as KERN_WARNING or KERN_CONT put there. */
static const char *skip_level(const char *s)
{
	if (s[0] == KERN_SOH[0] && s[1])
		return s + 2;
	return s;
}

int vprintk(const char *fmt, va_list ap)
{
	char line[LINE_MAX];
	const char *text;
	size_t len;

	vscnprintf(line, sizeof(line), fmt, ap);
	text = skip_level(line);
	len = strlen(text);
	log_append(text, len);
	host_console_write(text, len);
	return (int)len;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

static const struct {
	const char *name;
	unsigned long addr, size;
} fake_syms[] = {
	{ HOST_SYM_ALPHA, HOST_SYM_ALPHA_ADDR, HOST_SYM_ALPHA_SIZE },
	{ HOST_SYM_BETA, HOST_SYM_BETA_ADDR, HOST_SYM_BETA_SIZE },
};

int kallsyms_lookup(unsigned long addr, const char **name, unsigned long *off,
		    unsigned long *size)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fake_syms); i++) {
		if (addr - fake_syms[i].addr < fake_syms[i].size) {
			*name = fake_syms[i].name;
			*off = addr - fake_syms[i].addr;
			*size = fake_syms[i].size;
			return 0;
		}
	}
	return -ENOENT;
}
