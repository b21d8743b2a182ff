/* SPDX-License-Identifier: GPL-2.0 */
/*
 * BUG/WARN assertions and panic(). BUG() raises an invalid-opcode trap the
 * oops code recognises (ud2 plus a bug table entry with file and line), so
 * the report shows registers and a call trace; WARN() prints the same report
 * and carries on.
 */
#ifndef _TESSERA_BUG_H
#define _TESSERA_BUG_H

#include <tessera/kernel.h>

/**
 * struct bug_entry - one BUG()/WARN() site, kept in the "bug_table" section
 * @addr: address of the ud2 instruction
 * @file: source file
 * @line: source line
 * @flags: BUGFLAG_*
 */
struct bug_entry {
	unsigned long addr;
	const char *file;
	unsigned short line;
	unsigned short flags;
	unsigned int _pad;
};

#define BUGFLAG_WARNING		0x1	/* report and resume after the ud2 */
#define BUGFLAG_ONCE		0x2	/* report only the first time */
#define BUGFLAG_DONE		0x4	/* a _ONCE entry that has fired */

#ifdef __TESSERA_HOST__
#include <stdio.h>
#include <stdlib.h>
#define __BUG_FLAGS(f) do {						\
	fprintf(stderr, "%s at %s:%d\n", ((f) & BUGFLAG_WARNING) ? "WARNING" : "BUG", \
		__FILE__, __LINE__);					\
	if (!((f) & BUGFLAG_WARNING))					\
		abort();						\
} while (0)
#else
/* The bug table is writable so BUGFLAG_DONE can be set. */
#define __BUG_FLAGS(f)							\
	__asm__ __volatile__("1:\tud2\n"				\
		".pushsection bug_table, \"aw\"\n"			\
		"\t.balign 8\n"						\
		"\t.quad 1b, %c0\n"					\
		"\t.word %c1, %c2\n"					\
		"\t.long 0\n"						\
		".popsection"						\
		: : "i"(__FILE__), "i"(__LINE__), "i"(f))
#endif

#define BUG() do {							\
	__BUG_FLAGS(0);							\
	__builtin_unreachable();					\
} while (0)

#define BUG_ON(cond) do { if (unlikely(cond)) BUG(); } while (0)

#define __WARN_FLAGS(f)		__BUG_FLAGS(BUGFLAG_WARNING | (f))

/* WARN(cond, fmt...) prints the message, then the report; returns !!cond. */
#define WARN(cond, fmt, ...) ({						\
	bool __c = !!(cond);						\
	if (unlikely(__c)) {						\
		printk(KERN_WARNING fmt, ##__VA_ARGS__);		\
		__WARN_FLAGS(0);					\
	}								\
	unlikely(__c);							\
})

#define WARN_ON(cond) ({						\
	bool __c = !!(cond);						\
	if (unlikely(__c))						\
		__WARN_FLAGS(0);					\
	unlikely(__c);							\
})

#define WARN_ON_ONCE(cond) ({						\
	bool __c = !!(cond);						\
	if (unlikely(__c))						\
		__WARN_FLAGS(BUGFLAG_ONCE);				\
	unlikely(__c);							\
})

#define WARN_ONCE(cond, fmt, ...) ({					\
	static bool __warned;						\
	bool __c = !!(cond);						\
	if (unlikely(__c) && !__warned) {				\
		__warned = true;					\
		printk(KERN_WARNING fmt, ##__VA_ARGS__);		\
		__WARN_FLAGS(0);					\
	}								\
	unlikely(__c);							\
})

/* Number of WARNs reported since boot (the tests check it). */
extern unsigned long warn_count;

/**
 * panic() - report a fatal condition and stop the machine
 * Prints the reason and a call trace, stops the other CPUs, and halts (or
 * resets after CONFIG_PANIC_TIMEOUT seconds). Under QEMU the ktest exit
 * device reports status "panic".
 */
__noreturn __cold __printf(1, 2) void panic(const char *fmt, ...);

/* True once panic() has started (an oops then halts instead of reporting). */
bool panic_in_progress(void);

/* Print the caller's call trace (dump_stack: at KERN_WARNING). */
void dump_stack(void);
void dump_stack_lvl(const char *lvl);

#endif /* _TESSERA_BUG_H */
