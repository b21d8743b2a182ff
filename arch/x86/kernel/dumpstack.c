// SPDX-License-Identifier: GPL-2.0
/*
 * What an oops prints about the machine: registers, the code bytes at RIP,
 * the raw stack, and a call trace from the frame-pointer unwinder.
 *
 * Everything here runs on the oops path, possibly with a corrupted stack or
 * page tables in flux, so no byte is read before a walk of the live page
 * tables says it is mapped, and every frame walk is bounded: frame records
 * must lie inside the stack being walked, climb strictly upwards, and hold
 * kernel text return addresses; at most UNWIND_MAX_DEPTH frames are shown.
 */
#include <tessera/kernel.h>
#include <tessera/bug.h>
#include <tessera/kallsyms.h>
#include <tessera/mm.h>
#include <tessera/printk.h>
#include <tessera/string.h>
#include <tessera/vmalloc.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/traps.h>

#define UNWIND_MAX_DEPTH	48
#define STACK_DUMP_WORDS	24	/* raw words shown under "Stack:" */
#define CODE_BYTES_BEFORE	21
#define CODE_BYTES_AFTER	21
#define FALLBACK_STACK_SIZE	THREAD_SIZE

extern char boot_stack_bottom[], boot_stack_top[];	/* arch/x86/boot/head.S */

static bool is_kernel_text(unsigned long addr)
{
	return addr >= (unsigned long)_text && addr < (unsigned long)_etext;
}

/* The highest physical address the direct map is known to cover now. */
static phys_addr_t direct_map_limit(void)
{
	phys_addr_t ram = PFN_PHYS(READ_ONCE(max_pfn));

	return max_t(phys_addr_t, ram, EARLY_MAP_SIZE);
}

/* Walk the live page tables (CR3) for one address; never faults. */
static bool page_mapped(unsigned long va)
{
	phys_addr_t table = read_cr3() & PTE_ADDR_MASK;
	unsigned int shift;
	pteval_t e;

	if (va < PAGE_OFFSET)		/* user half or non-canonical */
		return false;
	for (shift = PGDIR_SHIFT; ; shift -= 9) {
		if (table >= direct_map_limit())
			return false;
		e = READ_ONCE(((pteval_t *)__va(table))[(va >> shift) & 511]);
		if (!(e & _PAGE_PRESENT))
			return false;
		if (shift == PAGE_SHIFT || (shift <= PUD_SHIFT && (e & _PAGE_PSE)))
			return true;
		table = e & PTE_ADDR_MASK;
	}
}

/**
 * kernel_range_mapped() - can [@addr, @addr + @len) be read without faulting
 * @addr: first byte
 * @len: length in bytes, at least 1
 *
 * Context: any, including the oops and NMI paths; reads page tables only.
 * Return: true if every page of the range is present in the current tables.
 */
bool kernel_range_mapped(unsigned long addr, unsigned long len)
{
	unsigned long page, last;

	if (!len || addr + len - 1 < addr)
		return false;
	last = (addr + len - 1) & PAGE_MASK;
	for (page = addr & PAGE_MASK; ; page += PAGE_SIZE) {
		if (!page_mapped(page))
			return false;
		if (page == last)
			return true;
	}
}

/**
 * get_stack_info() - find the bounds of the stack that holds @sp
 * @sp: a kernel stack address
 * @info: filled in on success
 *
 * Known stacks: the IST stacks, the boot stack and the one registered with
 * set_kernel_stack(). A vmalloc address is taken to be in the THREAD_SIZE
 * aligned block alloc_kernel_stack() would have handed out; any other kernel
 * address in a stack reaching at most FALLBACK_STACK_SIZE above the page of
 * @sp. The page-table checks on every read keep those guesses safe.
 * Context: any, including the oops path.
 * Return: false if @sp is not a kernel-half address.
 */
bool get_stack_info(unsigned long sp, struct stack_info *info)
{
	if (sp < PAGE_OFFSET)
		return false;
	if (ist_stack_info(sp, info) || kernel_stack_info(sp, info))
		return true;
	if (sp >= (unsigned long)boot_stack_bottom && sp < (unsigned long)boot_stack_top) {
		info->begin = (unsigned long)boot_stack_bottom;
		info->end = (unsigned long)boot_stack_top;
		info->name = "boot";
		info->guarded = false;
		return true;
	}
	if (sp >= VMALLOC_START && sp < VMALLOC_END) {
		/* alloc_kernel_stack() hands out THREAD_SIZE-aligned stacks */
		info->begin = ALIGN_DOWN(sp, THREAD_SIZE);
		info->end = info->begin + THREAD_SIZE;
		info->name = "vmalloc";
	} else {
		info->begin = sp;
		info->end = (sp & PAGE_MASK) + FALLBACK_STACK_SIZE;
		info->name = "unregistered";
	}
	info->guarded = false;
	return true;
}

/**
 * struct unwind_state - a frame-pointer walk in progress
 * @stack: the stack being walked
 * @fp: the next frame record to read ([fp] = caller's rbp, [fp+8] = return)
 * @floor: frame records must lie at or above this (they climb)
 * @trap_fp: the frame record the entry code built for a trap, once seen
 * @pc: result: a return address, or the interrupted RIP of a trap
 * @regs: result: the trap frame @pc came from, else NULL
 * @depth: frames produced so far
 */
struct unwind_state {
	struct stack_info stack;
	unsigned long fp;
	unsigned long floor;
	unsigned long trap_fp;
	unsigned long pc;
	const struct pt_regs *regs;
	unsigned int depth;
};

static void unwind_start(struct unwind_state *s, unsigned long fp, unsigned long sp)
{
	memset(s, 0, sizeof(*s));
	/* an overflow leaves @sp in the guard page: go by the frame pointer */
	if (fp > sp && !kernel_range_mapped(sp, 8))
		sp = fp;
	if (!get_stack_info(sp, &s->stack))
		return;			/* s->fp = 0 ends the walk */
	s->fp = fp;
	s->floor = sp;
}

static bool record_ok(const struct unwind_state *s, unsigned long addr,
		      unsigned long len)
{
	return addr && IS_ALIGNED(addr, 8) && addr >= s->floor &&
	       addr >= s->stack.begin && addr + len <= s->stack.end &&
	       addr + len > addr && kernel_range_mapped(addr, len);
}

/* The record the entry code built: step into the interrupted context. */
static bool unwind_trap_frame(struct unwind_state *s)
{
	const unsigned long *rec = (const unsigned long *)s->fp;
	const struct pt_regs *regs = (const void *)(s->fp + 16);

	if (!record_ok(s, s->fp, 16 + sizeof(*regs)) ||
	    rec[0] != regs->rbp || rec[1] != regs->rip)
		return false;
	s->pc = regs->rip;
	s->regs = regs;
	s->trap_fp = 0;
	s->depth++;
	/* TODO(user mode): stop here for a trap from ring 3 (as now). */
	if (user_mode(regs) || !get_stack_info(regs->rsp, &s->stack)) {
		s->fp = 0;
		return true;
	}
	s->fp = regs->rbp;
	s->floor = regs->rsp;
	return true;
}

static bool unwind_next(struct unwind_state *s)
{
	const unsigned long *rec;

	if (s->depth >= UNWIND_MAX_DEPTH)
		return false;
	if (s->fp && s->fp == s->trap_fp)
		return unwind_trap_frame(s);
	if (!record_ok(s, s->fp, 16))
		return false;
	rec = (const unsigned long *)s->fp;
	if (!is_kernel_text(rec[1]))
		return false;
	s->pc = rec[1];
	s->regs = NULL;
	if (s->pc == (unsigned long)entry_trap_return)
		s->trap_fp = rec[0];
	s->floor = s->fp + 16;
	s->fp = rec[0];
	s->depth++;
	return true;
}

/**
 * stack_trace_save_fp() - collect return addresses by walking frame pointers
 * @fp: first frame record (a function's %rbp)
 * @sp: an address on the same stack at or below @fp
 * @pcs: receives the addresses, innermost first; a trap contributes the
 *       interrupted RIP
 * @max: size of @pcs
 *
 * Context: any, including the oops path; never faults.
 * Return: the number of entries stored.
 */
unsigned int stack_trace_save_fp(unsigned long fp, unsigned long sp,
				 unsigned long *pcs, unsigned int max)
{
	struct unwind_state s;
	unsigned int n = 0;

	unwind_start(&s, fp, sp);
	while (n < max && unwind_next(&s))
		pcs[n++] = s.pc;
	return n;
}

static const char *vector_mnemonic(unsigned long vector)
{
	const char *mnemonic = NULL;

	if (vector < NR_EXCEPTION_VECTORS)
		trap_name(vector, &mnemonic);
	return mnemonic ? mnemonic : "IRQ";
}

/*
 * A return address is the instruction after the call, which is past the end
 * of the caller when the call is its last instruction (a noreturn callee):
 * look up @pc - 1 and print the offset of @pc itself.
 */
static void print_frame(const char *lvl, unsigned long pc, bool is_return,
			const char *mark)
{
	unsigned long off, size;
	const char *name;

	if (!kallsyms_lookup(is_return ? pc - 1 : pc, &name, &off, &size))
		printk("%s [<%016lx>] %s%s+0x%lx/0x%lx\n", lvl, pc, mark, name,
		       off + (is_return ? 1 : 0), size);
	else
		printk("%s [<%016lx>] %s0x%lx\n", lvl, pc, mark, pc);
}

/* Is @addr a kernel text address right after a call instruction? */
static bool follows_call(unsigned long addr)
{
	const u8 *p = (const u8 *)addr;

	if (!is_kernel_text(addr) || !kernel_range_mapped(addr - 7, 7))
		return false;
	return p[-5] == 0xe8 ||					/* call rel32 */
	       (p[-6] == 0xff && p[-5] == 0x15) ||		/* call *d32(%rip) */
	       (p[-2] == 0xff && (p[-1] & 0xf8) == 0xd0) ||	/* call *%reg */
	       (p[-3] == 0x41 && p[-2] == 0xff && (p[-1] & 0xf8) == 0xd0);
}

/*
 * gcc builds leaf functions without a frame, and a trap can hit a prologue:
 * then %rbp is still the caller's frame and the return address into the
 * caller sits at RSP, where the frame walk cannot see it. Returns the word
 * at RSP if it looks like such a return address, else 0.
 */
static unsigned long leaf_return_guess(const struct pt_regs *regs)
{
	unsigned long ret;

	if (!IS_ALIGNED(regs->rsp, 8) || !kernel_range_mapped(regs->rsp, 8))
		return 0;
	ret = *(const unsigned long *)regs->rsp;
	return follows_call(ret) ? ret : 0;
}

/*
 * The walk itself. @guess, if the frame walk does not produce it next, is
 * printed with a "? " mark: likely, but not proven, a caller.
 */
static void print_trace(const char *lvl, unsigned long fp, unsigned long sp,
			unsigned long guess)
{
	struct unwind_state s;

	unwind_start(&s, fp, sp);
	while (unwind_next(&s)) {
		if (guess && guess != s.pc)
			print_frame(lvl, guess, true, "? ");
		guess = 0;
		if (s.regs) {
			printk("%s <%s, vector 0x%02lx, RSP %016lx>\n", lvl,
			       vector_mnemonic(s.regs->vector), s.regs->vector,
			       s.regs->rsp);
			guess = leaf_return_guess(s.regs);
		}
		print_frame(lvl, s.pc, !s.regs, "");
	}
	if (guess)
		print_frame(lvl, guess, true, "? ");
	if (s.depth >= UNWIND_MAX_DEPTH)
		printk("%s ... (stopped after %u frames)\n", lvl, UNWIND_MAX_DEPTH);
	else if (!s.depth)
		printk("%s (no frames: %s stack at %016lx)\n", lvl,
		       s.stack.name ? s.stack.name : "unknown", sp);
}

/**
 * show_trace() - print "Call Trace:" and one line per frame
 * @lvl: KERN_* prefix for every line
 * @fp: first frame record
 * @sp: an address on the same stack at or below @fp
 *
 * A trap on the way prints a "<#PF ...>" marker, then the interrupted RIP.
 * Context: any, including the oops path.
 */
void show_trace(const char *lvl, unsigned long fp, unsigned long sp)
{
	printk("%sCall Trace:\n", lvl);
	print_trace(lvl, fp, sp, 0);
}

/**
 * show_trace_regs() - the call trace of the context @regs interrupted
 * @lvl: KERN_* prefix
 * @regs: a trap frame from kernel mode
 *
 * The first line may be a "? " guess at the caller of a frameless function
 * (see leaf_return_guess()).
 * Context: any, including the oops path.
 */
void show_trace_regs(const char *lvl, const struct pt_regs *regs)
{
	printk("%sCall Trace:\n", lvl);
	print_trace(lvl, regs->rbp, regs->rsp, leaf_return_guess(regs));
}

/**
 * dump_stack_lvl() - print the call trace of the caller
 * @lvl: KERN_* prefix
 *
 * Context: any.
 */
__noinline void dump_stack_lvl(const char *lvl)
{
	unsigned long fp = (unsigned long)__builtin_frame_address(0);

	show_trace(lvl, fp, fp);
}

/**
 * dump_stack() - print the caller's call trace at KERN_WARNING
 */
__noinline void dump_stack(void)
{
	dump_stack_lvl(KERN_WARNING);
}

/**
 * show_regs() - print the general registers, flags, segments and CRs
 * @lvl: KERN_* prefix
 * @regs: the saved state
 *
 * Context: any, including the oops path.
 */
void show_regs(const char *lvl, const struct pt_regs *regs)
{
	printk("%sRIP: %04lx:%pS\n", lvl, regs->cs & 0xffff, (void *)regs->rip);
	printk("%sRSP: %04lx:%016lx EFLAGS: %08lx\n", lvl, regs->ss & 0xffff,
	       regs->rsp, regs->rflags);
	printk("%sRAX: %016lx RBX: %016lx RCX: %016lx\n", lvl,
	       regs->rax, regs->rbx, regs->rcx);
	printk("%sRDX: %016lx RSI: %016lx RDI: %016lx\n", lvl,
	       regs->rdx, regs->rsi, regs->rdi);
	printk("%sRBP: %016lx R08: %016lx R09: %016lx\n", lvl,
	       regs->rbp, regs->r8, regs->r9);
	printk("%sR10: %016lx R11: %016lx R12: %016lx\n", lvl,
	       regs->r10, regs->r11, regs->r12);
	printk("%sR13: %016lx R14: %016lx R15: %016lx\n", lvl,
	       regs->r13, regs->r14, regs->r15);
	printk("%sCS:  %04lx SS: %04lx CR0: %016lx\n", lvl,
	       regs->cs & 0xffff, regs->ss & 0xffff, read_cr0());
	printk("%sCR2: %016lx CR3: %016lx CR4: %016lx\n", lvl,
	       read_cr2(), read_cr3(), read_cr4());
}

/**
 * show_code() - print the instruction bytes around @ip, "<xx>" at @ip
 * @lvl: KERN_* prefix
 * @ip: the instruction pointer
 *
 * Context: any, including the oops path.
 */
void show_code(const char *lvl, unsigned long ip)
{
	unsigned long start = ip - CODE_BYTES_BEFORE;
	unsigned int len = CODE_BYTES_BEFORE + CODE_BYTES_AFTER;
	char line[3 * (CODE_BYTES_BEFORE + CODE_BYTES_AFTER) + 4];
	const u8 *p = (const u8 *)start;
	static const char hex[] = "0123456789abcdef";
	unsigned int i, n = 0;

	if (!kernel_range_mapped(start, len)) {
		/* try without the bytes before: @ip may start a page */
		if (!kernel_range_mapped(ip, CODE_BYTES_AFTER)) {
			printk("%sCode: unable to read the bytes at RIP %016lx\n", lvl, ip);
			return;
		}
		start = ip;
		len = CODE_BYTES_AFTER;
		p = (const u8 *)ip;
	}
	for (i = 0; i < len; i++) {
		bool at_ip = start + i == ip;

		if (at_ip)
			line[n++] = '<';
		line[n++] = hex[p[i] >> 4];
		line[n++] = hex[p[i] & 0xf];
		line[n++] = at_ip ? '>' : ' ';
		if (at_ip)
			line[n++] = ' ';
	}
	line[n ? n - 1 : 0] = '\0';
	printk("%sCode: %s\n", lvl, line);
}

/**
 * show_stack_words() - print the raw words at the top of the stack
 * @lvl: KERN_* prefix
 * @sp: the stack pointer
 *
 * Prints up to STACK_DUMP_WORDS words, stopping at the end of the stack
 * or at an unmapped page.
 * Context: any, including the oops path.
 */
void show_stack_words(const char *lvl, unsigned long sp)
{
	struct stack_info info;
	unsigned long addr, words[4];
	unsigned int i, n;

	sp &= ~7UL;
	if (!get_stack_info(sp, &info) || !kernel_range_mapped(sp, 8)) {
		printk("%sStack: unreadable at %016lx\n", lvl, sp);
		return;
	}
	printk("%sStack (%s, %016lx-%016lx):\n", lvl, info.name, info.begin, info.end);
	for (addr = sp, i = 0; i < STACK_DUMP_WORDS; i += 4) {
		for (n = 0; n < 4 && addr + 8 <= info.end &&
			    kernel_range_mapped(addr, 8); n++, addr += 8)
			words[n] = *(const unsigned long *)addr;
		if (n == 0)
			break;
		if (n == 4)
			printk("%s %016lx %016lx %016lx %016lx\n", lvl,
			       words[0], words[1], words[2], words[3]);
		else if (n == 3)
			printk("%s %016lx %016lx %016lx\n", lvl, words[0], words[1], words[2]);
		else if (n == 2)
			printk("%s %016lx %016lx\n", lvl, words[0], words[1]);
		else
			printk("%s %016lx\n", lvl, words[0]);
		if (n < 4)
			break;
	}
}
