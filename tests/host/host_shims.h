/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the host unit tests put in place of kernel services: the console the
 * host printk writes to, and the fixed symbols of the fake kallsyms_lookup().
 */
#ifndef _TESSERA_TESTS_HOST_SHIMS_H
#define _TESSERA_TESTS_HOST_SHIMS_H

#include <tessera/types.h>

/* ktest_host.c: writes @len bytes of log text to stdout, in order. */
void host_console_write(const char *s, size_t len);

/* host_shims.c: the only two symbols the fake kallsyms_lookup() knows. */
#define HOST_SYM_ALPHA		"host_fake_alpha"
#define HOST_SYM_ALPHA_ADDR	0xffffffff81000000UL
#define HOST_SYM_ALPHA_SIZE	0x100UL
#define HOST_SYM_BETA		"host_fake_beta"
#define HOST_SYM_BETA_ADDR	0xffffffff81000100UL
#define HOST_SYM_BETA_SIZE	0x2aUL

#endif /* _TESSERA_TESTS_HOST_SHIMS_H */
