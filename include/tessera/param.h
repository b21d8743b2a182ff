/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Boot parameters. A subsystem declares "name=value" parameters next to the
 * variable they set; kernel/params.c parses the command line once, early
 * (before the page allocator), and reports unknown or malformed ones once.
 *
 *   static unsigned long pcache_size;
 *   param_size(pcache_size, pcache_size, "pcache region size (K/M/G suffix)");
 */
#ifndef _TESSERA_PARAM_H
#define _TESSERA_PARAM_H

#include <tessera/kernel.h>

struct kernel_param;

/*
 * A setter gets the text after '=' (NULL for a bare "name") and returns 0 or
 * -EINVAL; on error the variable must be left unchanged.
 */
typedef int (*param_set_fn)(const char *val, const struct kernel_param *kp);

/**
 * struct kernel_param - one boot parameter
 * @name: the name on the command line; dots allowed ("fit.timeout_ms")
 * @set: parses the value into @arg
 * @arg: the variable (or buffer) the setter fills
 * @size: for strings, the size of the buffer at @arg
 * @help: one line for the documentation and `param_dump()`
 */
struct kernel_param {
	const char *name;
	param_set_fn set;
	void *arg;
	size_t size;
	const char *help;
};

int param_set_bool(const char *val, const struct kernel_param *kp);
int param_set_int(const char *val, const struct kernel_param *kp);
int param_set_uint(const char *val, const struct kernel_param *kp);
int param_set_ulong(const char *val, const struct kernel_param *kp);
int param_set_size(const char *val, const struct kernel_param *kp);	/* memparse, u64 */
int param_set_string(const char *val, const struct kernel_param *kp);	/* copies, needs size */

#define __define_param(pname, fn, var, argp, sz, text)			\
	static const struct kernel_param __param_##var = {		\
		.name = #pname, .set = fn, .arg = argp,			\
		.size = sz, .help = text,				\
	};								\
	static const struct kernel_param *__param_ptr_##var		\
		__used __section("kparams") = &__param_##var

/* _Generic makes a variable of the wrong type a compile error. */
#define __param_typed(var, type)	_Generic(&(var), type *: &(var))

/* Type-checked declarations. @pname is written bare: param_bool(quiet, ...). */
#define param_bool(pname, var, help)	__define_param(pname, param_set_bool, var, \
	__param_typed(var, bool), sizeof(bool), help)
#define param_int(pname, var, help)	__define_param(pname, param_set_int, var, \
	__param_typed(var, int), sizeof(int), help)
#define param_uint(pname, var, help)	__define_param(pname, param_set_uint, var, \
	__param_typed(var, unsigned int), sizeof(unsigned int), help)
#define param_ulong(pname, var, help)	__define_param(pname, param_set_ulong, var, \
	__param_typed(var, unsigned long), sizeof(unsigned long), help)
#define param_size(pname, var, help)	__define_param(pname, param_set_size, var, \
	__param_typed(var, u64), sizeof(u64), help)
/* @buf must be an array: its size is the limit (a pointer is refused). */
#define param_string(pname, buf, help)	__define_param(pname, param_set_string, buf, \
	(buf), sizeof(buf) + 0 * sizeof(struct { _Static_assert(		\
	!__builtin_types_compatible_p(__typeof__(buf), __typeof__(&(buf)[0])),	\
	"param_string needs an array"); int _x; }), help)
/* A custom setter: fn(val, kp) with kp->arg == &var. */
#define param_cb(pname, fn, var, help)	__define_param(pname, fn, var, \
	&(var), sizeof(var), help)

/**
 * parse_params() - apply a command line to the registered parameters
 * @cmdline: words separated by spaces; values may be "double quoted"
 * @params: the table (NULL: the kernel's own "kparams" section)
 * @n: entries in @params
 *
 * A bare "--" ends the parameters (what follows is init's argv). Unknown
 * names and bad values are reported with pr_warn (once per name)
 * and skipped. Return: the number of words that were not applied.
 */
int parse_params(const char *cmdline, const struct kernel_param *const *params,
		 size_t n);

/* Looks up a word's value on the raw command line ("ktest"); NULL if absent. */
const char *cmdline_get(const char *name, char *buf, size_t size);

/* Longest command line kept by cmdline_init(); the rest is dropped. */
#define CMDLINE_MAX	2048

/*
 * cmdline_init() - keep a copy of the kernel command line for cmdline_get()
 * @raw: the command line (may live in memory the kernel later reclaims)
 *
 * parse_params(cmdline, NULL, 0) calls this itself; call it directly only to
 * replace the saved copy without applying it. cmdline_raw() returns the
 * copy ("" until then).
 */
void cmdline_init(const char *raw);
const char *cmdline_raw(void);

/*
 * cmdline_find() - cmdline_get() over any command line string
 *
 * Copies the value of the last word named @name into @buf (unquoted,
 * truncated to @size - 1); a bare "name" gives "". Return: @buf, or NULL if
 * @name is absent or @size is 0.
 */
const char *cmdline_find(const char *cmdline, const char *name, char *buf,
			 size_t size);

#endif /* _TESSERA_PARAM_H */
