/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Formatted output into buffers (lib/vsprintf.c) and string-to-number
 * parsing (lib/kstrtox.c). Portable: also built into the host unit tests.
 */
#ifndef _TESSERA_VSPRINTF_H
#define _TESSERA_VSPRINTF_H

#include <tessera/kernel.h>

/*
 * Supported conversions: %d %i %u %x %X %o %c %s %p %% with flags "-+ #0",
 * width, precision (also "*"), length modifiers hh h l ll z t.
 * %pS / %ps print a kernel text address as function+0xoff/0xlen (or just
 * the name), via kallsyms_lookup(); unknown addresses print as hex.
 */
__printf(3, 0) int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
__printf(3, 4) int snprintf(char *buf, size_t size, const char *fmt, ...);
/* Like snprintf but returns the number of bytes actually written (w/o NUL). */
__printf(3, 0) int vscnprintf(char *buf, size_t size, const char *fmt, va_list ap);
__printf(3, 4) int scnprintf(char *buf, size_t size, const char *fmt, ...);

/*
 * kstrto*: parse a whole string (an optional single trailing '\n' is
 * allowed). @base 0 means auto: 0x → 16, leading 0 → 8, else 10.
 * Return 0, -EINVAL (not a number / trailing junk) or -ERANGE (overflow).
 */
int kstrtoull(const char *s, unsigned int base, unsigned long long *res);
int kstrtoll(const char *s, unsigned int base, long long *res);
int kstrtoul(const char *s, unsigned int base, unsigned long *res);
int kstrtol(const char *s, unsigned int base, long *res);
int kstrtouint(const char *s, unsigned int base, unsigned int *res);
int kstrtoint(const char *s, unsigned int base, int *res);
int kstrtobool(const char *s, bool *res);	/* y/n/1/0/on/off */

/*
 * memparse - parse a size with an optional K/M/G/T suffix ("64M").
 * @retptr, if non-NULL, receives the first unparsed character.
 */
unsigned long long memparse(const char *s, char **retptr);

/*
 * memparse_strict - memparse over a whole string (one trailing '\n' allowed).
 * Return 0, -EINVAL (no number / trailing junk) or -ERANGE (overflow).
 */
int memparse_strict(const char *s, unsigned long long *res);

#endif /* _TESSERA_VSPRINTF_H */
