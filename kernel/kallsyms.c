// SPDX-License-Identifier: GPL-2.0
/*
 * kallsyms: address <-> name lookups over the symbol table the build links
 * into the kernel (scripts/kallsyms.py, a second link pass).
 *
 * The table, in .rodata.kallsyms, all symbols read-only and never freed:
 *
 *   kallsyms_num          u64     number of symbols, N (0 in link pass 1)
 *   kallsyms_addrs[N]     u64     start addresses, sorted ascending
 *   kallsyms_sizes[N]     u64     sizes in bytes, 0 when unknown
 *   kallsyms_name_off[N]  u32     offset of each name in kallsyms_names
 *   kallsyms_names        char[]  the names, each NUL-terminated
 *
 * Entry i of the three arrays describes the same symbol. Only text symbols
 * are listed (t, T, w, W), which is what call traces need.
 *
 * An address belongs to the symbol starting at or below it if it is below
 * start + size; a size of 0 stretches to the next higher symbol (or _etext
 * for the last one). Addresses in gaps between symbols belong to none.
 */
#include <tessera/kernel.h>
#include <tessera/errno.h>
#include <tessera/kallsyms.h>
#include <tessera/string.h>
#include <asm/page.h>

extern const u64 kallsyms_num;
extern const u64 kallsyms_addrs[];
extern const u64 kallsyms_sizes[];
extern const u32 kallsyms_name_off[];
extern const char kallsyms_names[];

static const char *sym_name(u64 i)
{
	return &kallsyms_names[kallsyms_name_off[i]];
}

/* End of symbol @i: start + size, or the next higher start if size is 0. */
static unsigned long sym_end(u64 i)
{
	u64 n = READ_ONCE(kallsyms_num), j;

	if (kallsyms_sizes[i])
		return kallsyms_addrs[i] + kallsyms_sizes[i];
	for (j = i + 1; j < n; j++)
		if (kallsyms_addrs[j] > kallsyms_addrs[i])
			return kallsyms_addrs[j];
	if (kallsyms_addrs[i] < (unsigned long)_etext)
		return (unsigned long)_etext;
	return kallsyms_addrs[i];	/* empty: matches nothing */
}

/* Index of the last symbol starting at or below @addr; false if none. */
static bool find_floor(unsigned long addr, u64 *idx)
{
	u64 lo = 0, hi = READ_ONCE(kallsyms_num);

	/* invariant: addrs[< lo] <= addr, addrs[>= hi] > addr */
	while (lo < hi) {
		u64 mid = lo + (hi - lo) / 2;

		if (kallsyms_addrs[mid] <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return false;
	*idx = lo - 1;
	return true;
}

/**
 * kallsyms_lookup() - find the symbol containing an address
 * @addr: the address to look up
 * @name: receives the symbol's name (a string that lives forever)
 * @off: receives @addr minus the symbol's start
 * @size: receives the symbol's size in bytes
 *
 * Several symbols at one address (aliases): the first one whose extent
 * covers @addr wins, scanning down from the highest-sorted.
 * Context: any context, including the oops path; never sleeps or allocates.
 * Return: 0 on success, -ENOENT if @addr is in no known symbol (then the
 * outputs are left untouched).
 */
int kallsyms_lookup(unsigned long addr, const char **name, unsigned long *off,
		    unsigned long *size)
{
	u64 i, start;
	unsigned long end;

	if (!find_floor(addr, &i))
		return -ENOENT;
	start = kallsyms_addrs[i];
	for (;;) {
		end = sym_end(i);
		if (addr < end)
			break;
		if (i == 0 || kallsyms_addrs[i - 1] != start)
			return -ENOENT;
		i--;
	}
	*name = sym_name(i);
	*off = addr - start;
	*size = end - start;
	return 0;
}

/**
 * kallsyms_lookup_name() - the address of a symbol given its name
 * @name: exact symbol name
 *
 * A linear scan: meant for tests and debugging, not for hot paths.
 * Context: any; never sleeps.
 * Return: the symbol's start address, or 0 if no symbol has that name.
 */
unsigned long kallsyms_lookup_name(const char *name)
{
	u64 i, n = READ_ONCE(kallsyms_num);

	if (!name)
		return 0;
	for (i = 0; i < n; i++)
		if (!strcmp(sym_name(i), name))
			return kallsyms_addrs[i];
	return 0;
}
