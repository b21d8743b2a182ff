// SPDX-License-Identifier: GPL-2.0
/*
 * The C side of every exception: page faults, BUG()/WARN() (ud2 plus a
 * bug_table entry), double faults from a kernel stack overflow, and the oops
 * report that ends in ktest_oops_hook() or panic().
 *
 * Nesting: oops_depth counts reports in progress on this CPU. A fault while
 * a report is printing means the report itself is broken: print one short
 * line and stop rather than recurse. A WARN inside a report prints one line
 * and resumes.
 */
#include <tessera/kernel.h>
#include <tessera/bug.h>
#include <tessera/ktest.h>
#include <tessera/percpu.h>
#include <tessera/printk.h>
#include <tessera/sched.h>
#include <tessera/smp.h>
#include <tessera/vsprintf.h>
#include <asm/irqflags.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/reboot.h>
#include <asm/traps.h>
#include <asm/uaccess.h>

/* entry.S hard-codes these offsets. */
BUILD_BUG_ON(offsetof(struct pt_regs, r15) != PT_R15);
BUILD_BUG_ON(offsetof(struct pt_regs, rbp) != PT_RBP);
BUILD_BUG_ON(offsetof(struct pt_regs, r11) != PT_R11);
BUILD_BUG_ON(offsetof(struct pt_regs, rcx) != PT_RCX);
BUILD_BUG_ON(offsetof(struct pt_regs, rflags) != PT_RFLAGS);
BUILD_BUG_ON(offsetof(struct pt_regs, vector) != PT_VECTOR);
BUILD_BUG_ON(offsetof(struct pt_regs, error_code) != PT_ERROR_CODE);
BUILD_BUG_ON(offsetof(struct pt_regs, rip) != PT_RIP);
BUILD_BUG_ON(offsetof(struct pt_regs, cs) != PT_CS);
BUILD_BUG_ON(offsetof(struct pt_regs, rsp) != PT_RSP);
BUILD_BUG_ON(sizeof(struct pt_regs) != PT_SIZE);

#define UD2_LEN			2

unsigned long warn_count;		/* atomic increments: any CPU may WARN */

static unsigned long oops_count;	/* atomic increments */
static DEFINE_PER_CPU(int, oops_depth_pcpu);	/* reports in progress here */
#define oops_depth		this_cpu(oops_depth_pcpu)
static unsigned long nmi_count;

/* The linker script brackets the bug_table section (weak: may be empty). */
extern struct bug_entry __start_bug_table[] __weak;
extern struct bug_entry __stop_bug_table[] __weak;

static const struct {
	const char *name;
	const char *mnemonic;
} trap_names[NR_EXCEPTION_VECTORS] = {
	[0] = { "divide error", "#DE" },
	[1] = { "debug", "#DB" },
	[2] = { "non-maskable interrupt", "NMI" },
	[3] = { "breakpoint", "#BP" },
	[4] = { "overflow", "#OF" },
	[5] = { "bound range exceeded", "#BR" },
	[6] = { "invalid opcode", "#UD" },
	[7] = { "device not available", "#NM" },
	[8] = { "double fault", "#DF" },
	[9] = { "coprocessor segment overrun", NULL },
	[10] = { "invalid TSS", "#TS" },
	[11] = { "segment not present", "#NP" },
	[12] = { "stack-segment fault", "#SS" },
	[13] = { "general protection fault", "#GP" },
	[14] = { "page fault", "#PF" },
	[16] = { "x87 floating-point error", "#MF" },
	[17] = { "alignment check", "#AC" },
	[18] = { "machine check", "#MC" },
	[19] = { "SIMD floating-point exception", "#XM" },
	[20] = { "virtualization exception", "#VE" },
	[21] = { "control protection", "#CP" },
	[28] = { "hypervisor injection", "#HV" },
	[29] = { "VMM communication", "#VC" },
	[30] = { "security exception", "#SX" },
};

/**
 * trap_name() - the name of an exception vector
 * @vector: 0..31
 * @mnemonic: if non-NULL, receives "#PF" and the like, or NULL
 *
 * Return: "page fault" and the like; "reserved exception" for reserved
 * vectors and "external interrupt" for 32 and above.
 */
const char *trap_name(unsigned int vector, const char **mnemonic)
{
	const char *name = NULL, *mn = NULL;

	if (vector < NR_EXCEPTION_VECTORS) {
		name = trap_names[vector].name;
		mn = trap_names[vector].mnemonic;
	}
	if (mnemonic)
		*mnemonic = mn;
	if (name)
		return name;
	return vector < NR_EXCEPTION_VECTORS ? "reserved exception" : "external interrupt";
}

static bool has_error_code(unsigned long vector)
{
	switch (vector) {
	case X86_TRAP_DF: case X86_TRAP_TS: case X86_TRAP_NP: case X86_TRAP_SS:
	case X86_TRAP_GP: case X86_TRAP_PF: case X86_TRAP_AC: case X86_TRAP_CP:
	case 29: case 30:
		return true;
	default:
		return false;
	}
}

/* "[W, not-present, kernel]" plus any unusual bits. */
static void decode_pf_error(char *buf, size_t size, unsigned long err)
{
	scnprintf(buf, size, " [%s, %s, %s%s%s%s%s]",
		  (err & X86_PF_INSTR) ? "X" : (err & X86_PF_WRITE) ? "W" : "R",
		  (err & X86_PF_PROT) ? "protection" : "not-present",
		  (err & X86_PF_USER) ? "user" : "kernel",
		  (err & X86_PF_RSVD) ? ", reserved-bit" : "",
		  (err & X86_PF_PK) ? ", protection-key" : "",
		  (err & X86_PF_SHSTK) ? ", shadow-stack" : "",
		  (err & X86_PF_SGX) ? ", SGX" : "");
}

/* Selector error codes (#TS #NP #SS #GP): which descriptor was at fault. */
static void decode_selector_error(char *buf, size_t size, unsigned long err)
{
	const char *table = (err & 2) ? "IDT vector" : (err & 4) ? "LDT selector" : "GDT selector";
	unsigned long index = (err & 2) ? (err >> 3) & 0x1fff : err & 0xfff8;

	if (!err) {
		buf[0] = '\0';
		return;
	}
	scnprintf(buf, size, " [%s 0x%lx%s]", table, index, (err & 1) ? ", external" : "");
}

static void print_oops_line(const struct pt_regs *regs)
{
	const char *mnemonic, *name = trap_name(regs->vector, &mnemonic);
	char what[64], decoded[80] = "";

	if (mnemonic)
		scnprintf(what, sizeof(what), "%s (%s)", name, mnemonic);
	else
		scnprintf(what, sizeof(what), "%s (vector %lu)", name, regs->vector);
	if (!has_error_code(regs->vector)) {
		pr_emerg("Oops: %s\n", what);
		return;
	}
	if (regs->vector == X86_TRAP_PF)
		decode_pf_error(decoded, sizeof(decoded), regs->error_code);
	else if (regs->vector >= X86_TRAP_TS && regs->vector <= X86_TRAP_GP)
		decode_selector_error(decoded, sizeof(decoded), regs->error_code);
	pr_emerg("Oops: %s error_code=0x%04lx%s\n", what, regs->error_code, decoded);
}

/*
 * Start a report. Returns normally only for the outermost report; a nested
 * fault (the report code itself faulted) or one during a panic stops here.
 */
static void oops_begin(const struct pt_regs *regs)
{
	local_irq_disable();
	if (oops_depth++ == 0 && !panic_in_progress())
		return;
	if (oops_depth > 2)
		cpu_halt_forever();	/* even the short line faulted */
	printk(KERN_EMERG "Oops: %s at %016lx while %s; stopping\n",
	       trap_name(regs->vector, NULL), regs->rip,
	       oops_depth == 2 ? "already reporting an oops" : "panicking");
	machine_panic_exit();
}

/* The body of every oops: what happened, registers, code, stack, trace. */
static void oops_report(const struct pt_regs *regs)
{
	unsigned long nr = __atomic_add_fetch(&oops_count, 1, __ATOMIC_RELAXED);

	print_oops_line(regs);
	pr_emerg("CPU: %u oops #%lu, %lu warnings since boot\n", smp_processor_id(),
		 nr, READ_ONCE(warn_count));
	/*
	 * TODO(user mode): a fault in ring 3 should signal the process
	 * (SIGSEGV, SIGILL, SIGFPE, ...) instead of oopsing; there is no user
	 * mode yet, so it is reported like a kernel fault.
	 */
	if (user_mode(regs))
		pr_emerg("TODO: exception in user mode, no signal delivery yet\n");
	show_regs(KERN_EMERG, regs);
	show_code(KERN_EMERG, regs->rip);
	show_stack_words(KERN_EMERG, regs->rsp);
	show_trace_regs(KERN_EMERG, regs);
	pr_emerg("---[ end trace ]---\n");
}

/* End a report: a test that expected it takes over, otherwise panic. */
static __noreturn void oops_end(void)
{
	oops_depth = 0;		/* ktest_oops_hook() may resume elsewhere */
#ifdef CONFIG_KTEST
	ktest_oops_hook();
#endif
	panic("Fatal exception");
}

static __noreturn void die(const struct pt_regs *regs)
{
	oops_begin(regs);
	oops_report(regs);
	oops_end();
}

static void do_page_fault(struct pt_regs *regs, unsigned long cr2)
{
	/* User faults and uaccess faults: the processor manager's pcache. */
	if (user_page_fault(regs, cr2))
		return;
	oops_begin(regs);
	if (cr2 < PAGE_SIZE)
		pr_emerg("BUG: kernel NULL pointer dereference, address: %016lx\n", cr2);
	pr_emerg("BUG: unable to handle page fault for address: %016lx\n", cr2);
	oops_report(regs);
	oops_end();
}

static struct bug_entry *find_bug(unsigned long ip)
{
	struct bug_entry *b;

	for (b = __start_bug_table; b < __stop_bug_table; b++)
		if (b->addr == ip)
			return b;
	return NULL;
}

static void report_warning(struct pt_regs *regs, struct bug_entry *bug)
{
	const char *file = bug->file ? bug->file : "(unknown)";
	unsigned long nr;

	/* fetch-or: of two CPUs hitting a _ONCE site together, one reports */
	if ((bug->flags & BUGFLAG_ONCE) &&
	    (__atomic_fetch_or(&bug->flags, BUGFLAG_DONE, __ATOMIC_RELAXED) & BUGFLAG_DONE))
		goto resume;
	nr = __atomic_add_fetch(&warn_count, 1, __ATOMIC_RELAXED);
	if (oops_depth || panic_in_progress()) {
		printk(KERN_WARNING "WARNING: at %s:%u (inside another report)\n",
		       file, bug->line);
		goto resume;
	}
	oops_depth++;
	pr_warn("WARNING: at %s:%u %pS\n", file, bug->line, (void *)regs->rip);
	pr_warn("CPU: %u warning #%lu\n", smp_processor_id(), nr);
	show_regs(KERN_WARNING, regs);
	show_trace_regs(KERN_WARNING, regs);
	pr_warn("---[ end trace ]---\n");
	oops_depth--;
resume:
	regs->rip += UD2_LEN;
}

static void do_invalid_op(struct pt_regs *regs)
{
	struct bug_entry *bug = user_mode(regs) ? NULL : find_bug(regs->rip);

	if (bug && (bug->flags & BUGFLAG_WARNING)) {
		report_warning(regs, bug);
		return;
	}
	oops_begin(regs);
	if (bug)
		pr_emerg("kernel BUG at %s:%u!\n", bug->file ? bug->file : "(unknown)",
			 bug->line);
	oops_report(regs);
	oops_end();
}

/* Is @addr in the unmapped page just below a kernel stack? */
static bool in_stack_guard(unsigned long addr)
{
	struct stack_info info;
	unsigned long above = (addr & PAGE_MASK) + PAGE_SIZE;

	if ((ist_stack_info(above, &info) || kernel_stack_info(above, &info)) &&
	    info.guarded && addr < info.begin && addr >= info.begin - PAGE_SIZE)
		return true;
	/* unregistered vmalloc stack: an unmapped page under a mapped one */
	return addr >= VMALLOC_START && addr < VMALLOC_END &&
	       !kernel_range_mapped(addr, 1) && kernel_range_mapped(above, 1);
}

static void do_double_fault(const struct pt_regs *regs)
{
	unsigned long cr2 = read_cr2();
	struct stack_info ist;
	bool overflow;

	oops_begin(regs);
	/* the faulting push hit the guard: CR2 just below RSP, or RSP in it */
	overflow = in_stack_guard(regs->rsp) ||
		   (in_stack_guard(cr2) && cr2 < regs->rsp && regs->rsp - cr2 <= PAGE_SIZE);
	if (overflow)
		pr_emerg("BUG: kernel stack overflow: RSP %016lx, CR2 %016lx in the guard page\n",
			 regs->rsp, cr2);
	if (ist_stack_info((unsigned long)__builtin_frame_address(0), &ist))
		pr_emerg("traps: handling the double fault on the %s stack %016lx-%016lx (%s)\n",
			 ist.name, ist.begin, ist.end,
			 ist.guarded ? "guarded" : "static boot stack, no guard");
	oops_report(regs);
	oops_end();
}

static void do_nmi(const struct pt_regs *regs)
{
	/* TODO: NMI sources (watchdog, IPIs for panic); today only count them. */
	if (nmi_count++ == 0 && !oops_depth)
		pr_warn("traps: NMI received at %pS, no NMI handlers yet (further ones counted silently)\n",
			(void *)regs->rip);
}

/**
 * trap_dispatch() - the C entry point of every vector
 * @regs: the state saved by entry.S; changes to it (rip) take effect on return
 *
 * Context: interrupt gate, so interrupts are off; on the interrupted stack
 * or, for #DF/NMI/#MC, on an IST stack.
 */
void trap_dispatch(struct pt_regs *regs)
{
	/* Other exceptions from user mode become signals (user_exception()). */
	if (user_mode(regs) && regs->vector < FIRST_EXTERNAL_VECTOR &&
	    regs->vector != X86_TRAP_PF && regs->vector != X86_TRAP_NMI &&
	    regs->vector != X86_TRAP_MC && regs->vector != X86_TRAP_DF &&
	    user_exception(regs)) {
		exit_to_user_mode(regs);	/* deliver the fault's signal now */
		return;
	}
	switch (regs->vector) {
	case X86_TRAP_PF:
		do_page_fault(regs, read_cr2());
		break;
	case X86_TRAP_UD:
		do_invalid_op(regs);
		break;
	case X86_TRAP_NMI:
		do_nmi(regs);
		break;
	case X86_TRAP_DF:
		do_double_fault(regs);
		break;
	default:
		if (regs->vector >= FIRST_EXTERNAL_VECTOR) {
			dispatch_external_vector(regs);
			sched_irq_exit(regs);	/* preemption point */
		} else {
			die(regs);
		}
		break;
	}
	if (user_mode(regs))
		exit_to_user_mode(regs);	/* signals; may not return */
	barrier();	/* no tail calls: keep this frame in call traces */
}

/**
 * trap_init() - load the GDT, TSS and IDT
 *
 * From here on every exception produces a report. The IST stacks are
 * static until trap_init_late().
 * Context: boot CPU, early, interrupts off, no allocator yet.
 */
void trap_init(void)
{
	gdt_init();
	idt_init();
	pr_info("traps: GDT, TSS and IDT loaded (IST: #DF, NMI, #MC)\n");
}

/**
 * trap_init_late() - give the IST stacks guard pages
 *
 * Context: boot CPU, after vmalloc_init().
 */
void trap_init_late(void)
{
	gdt_init_late();
}

/**
 * cpu_halt_forever() - stop this CPU: interrupts off, hlt in a loop
 *
 * An NMI can still wake the CPU; it just halts again.
 */
void cpu_halt_forever(void)
{
	for (;;)
		__asm__ __volatile__("cli; hlt" ::: "memory");
}
