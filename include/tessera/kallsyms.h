/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel symbol lookup: maps a kernel text address back to the function that
 * contains it. vsnprintf's %pS/%ps and the oops backtrace are its users.
 * The table layout is described at the top of kernel/kallsyms.c.
 */
#ifndef _TESSERA_KALLSYMS_H
#define _TESSERA_KALLSYMS_H

#include <tessera/kernel.h>

/**
 * kallsyms_lookup() - find the symbol containing an address
 * @addr: the address to look up
 * @name: receives the symbol's name (a string that lives forever)
 * @off: receives @addr minus the symbol's start
 * @size: receives the symbol's size in bytes
 *
 * Context: any context, including the oops path; never sleeps or allocates.
 * Return: 0 on success, -ENOENT if @addr is in no known symbol (then the
 * outputs are left untouched).
 */
int kallsyms_lookup(unsigned long addr, const char **name, unsigned long *off,
		    unsigned long *size);

/**
 * kallsyms_lookup_name() - the address of a kernel function given its name
 * @name: exact symbol name
 *
 * Context: any; a linear scan, for tests and debugging only.
 * Return: the start address, or 0 if there is no such symbol.
 */
unsigned long kallsyms_lookup_name(const char *name);

#endif /* _TESSERA_KALLSYMS_H */
