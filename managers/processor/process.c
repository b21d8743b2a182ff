// SPDX-License-Identifier: GPL-2.0
/*
 * Processes on top of scheduler tasks: creation, user page tables, entering
 * user mode, exit and kill, the fault hooks, and processor_manager_init().
 */
#include <tessera/bootinfo.h>
#include <tessera/bug.h>
#include <tessera/errno.h>
#include <tessera/fit.h>
#include <tessera/kernel.h>
#include <tessera/kthread.h>
#include <tessera/ktest.h>
#include <tessera/mm.h>
#include <tessera/param.h>
#include <tessera/printk.h>
#include <tessera/processor.h>
#include <tessera/sched.h>
#include <tessera/slab.h>
#include <tessera/smp.h>
#include <tessera/string.h>
#include <asm/irqflags.h>
#include <asm/page.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/reboot.h>
#include <asm/tlbflush.h>
#include <asm/traps.h>
#include <asm/uaccess.h>
#include "pm.h"

#define MSR_STAR		0xc0000081
#define MSR_LSTAR		0xc0000082
#define MSR_SYSCALL_MASK	0xc0000084
/* Cleared on syscall entry: TF, IF, DF, NT, AC. */
#define SYSCALL_FMASK		0x47700UL

/*
 * The top of a user task's kernel stack holds the frames of its kthread
 * function, which process_exit() long-jumps back to; user-mode entries must
 * land below them, so the task's registered stack is shortened by this much.
 */
#define PM_STACK_RESERVE	1024
#define PM_STACK_MAGIC		0x7573657270726f63UL	/* "userproc" */

/* At the lowest address of a user task's kernel stack. */
struct pm_stack_tag {
	unsigned long magic;
	struct process *proc;
};

static char init_path[P2M_PATH_MAX] = "/init";
param_string(init, init_path, "path of the first user process (default /init)");

static int next_pid = 1;	/* atomic increments */

/**
 * current_process() - the process the current task runs, or NULL
 * Context: any.
 */
struct process *current_process(void)
{
	struct task_struct *t = current;
	struct pm_stack_tag *tag;

	if (!t || !t->stack)
		return NULL;
	tag = t->stack;
	return tag->magic == PM_STACK_MAGIC ? tag->proc : NULL;
}

/**
 * syscall_cpu_init() - enable `syscall` on this CPU
 * @unused: for on_each_cpu()
 * Context: any CPU, interrupts off or on.
 */
void syscall_cpu_init(void *unused)
{
	(void)unused;
	/* SYSRET: CS = 0x10 + 16 | 3, SS = 0x10 + 8 | 3; SYSCALL: CS 0x08, SS 0x10 */
	wrmsr(MSR_STAR, ((u64)(__USER_DS - 3 - 8) << 48) | ((u64)__KERNEL_CS << 32));
	wrmsr(MSR_LSTAR, (u64)(unsigned long)syscall_entry);
	wrmsr(MSR_SYSCALL_MASK, SYSCALL_FMASK);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
}

/* ---- user page tables ------------------------------------------------ */

static u64 *pt_next(u64 *table, unsigned int idx, bool alloc)
{
	u64 e = table[idx];
	void *page;

	if (e & _PAGE_PRESENT)
		return __va(e & PTE_ADDR_MASK);
	if (!alloc)
		return NULL;
	page = get_free_page(GFP_ZERO);
	if (!page)
		return NULL;
	table[idx] = __pa(page) | _PAGE_PRESENT | _PAGE_RW | _PAGE_USER;
	return page;
}

static u64 *pte_of(struct process *p, unsigned long va, bool alloc)
{
	u64 *t = p->pgd;

	t = pt_next(t, (va >> 39) & 511, alloc);
	if (t)
		t = pt_next(t, (va >> 30) & 511, alloc);
	if (t)
		t = pt_next(t, (va >> 21) & 511, alloc);
	return t ? &t[(va >> 12) & 511] : NULL;
}

/**
 * pm_map_page() - map user page @va of @p to physical @pa
 * @p: the process
 * @va: page-aligned user address
 * @pa: page-aligned physical address
 * @prot: PM_PROT_* (READ is implied)
 *
 * Replaces any previous mapping (the caller flushes if that matters).
 * Return: 0, -EINVAL (bad address) or -ENOMEM.
 * Context: any; takes @p->pt_lock.
 */
int pm_map_page(struct process *p, unsigned long va, phys_addr_t pa, u32 prot)
{
	u64 e = pa | _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED;
	unsigned long flags;
	u64 *pte;

	if ((va | pa) & (PAGE_SIZE - 1) || va >= USER_ADDR_LIMIT)
		return -EINVAL;
	if (prot & PM_PROT_WRITE)
		e |= _PAGE_RW;
	if (!(prot & PM_PROT_EXEC) && pgtable_has_nx())
		e |= _PAGE_NX;
	spin_lock_irqsave(&p->pt_lock, flags);
	pte = pte_of(p, va, true);
	if (pte)
		WRITE_ONCE(*pte, e);
	spin_unlock_irqrestore(&p->pt_lock, flags);
	return pte ? 0 : -ENOMEM;
}

/**
 * pm_lookup_pte() - the leaf entry for @va in @p, or 0
 * @p: the process
 * @va: user address
 * Context: any.
 */
u64 pm_lookup_pte(struct process *p, unsigned long va)
{
	unsigned long flags;
	u64 *pte, e = 0;

	spin_lock_irqsave(&p->pt_lock, flags);
	pte = pte_of(p, va, false);
	if (pte)
		e = *pte;
	spin_unlock_irqrestore(&p->pt_lock, flags);
	return e;
}

/**
 * pm_unmap_page() - remove the mapping of @va in @p and shoot it down
 * @p: the process
 * @va: page-aligned user address
 *
 * Return: the old entry (its _PAGE_DIRTY says whether it was written), or 0.
 * Context: interrupts on or off, no spinlock another CPU may spin on held.
 */
u64 pm_unmap_page(struct process *p, unsigned long va)
{
	unsigned long flags;
	u64 *pte, old = 0;

	spin_lock_irqsave(&p->pt_lock, flags);
	pte = pte_of(p, va, false);
	if (pte)
		old = __atomic_exchange_n(pte, 0, __ATOMIC_SEQ_CST);
	spin_unlock_irqrestore(&p->pt_lock, flags);
	if (old & _PAGE_PRESENT)
		flush_tlb_kernel_range(va, va + PAGE_SIZE);
	return old;
}

static void free_user_tables(struct process *p)
{
	unsigned int i, j, k;
	u64 *pdpt, *pd;

	for (i = 0; i < KERNEL_PGD_FIRST; i++) {
		pdpt = pt_next(p->pgd, i, false);
		if (!pdpt)
			continue;
		for (j = 0; j < PTRS_PER_TABLE; j++) {
			pd = pt_next(pdpt, j, false);
			if (!pd)
				continue;
			for (k = 0; k < PTRS_PER_TABLE; k++)
				if (pd[k] & _PAGE_PRESENT)
					free_page(__va(pd[k] & PTE_ADDR_MASK));
			free_page(pd);
		}
		free_page(pdpt);
		p->pgd[i] = 0;
	}
}

/* ---- processes ------------------------------------------------------- */

/**
 * process_create() - a new process with an empty user address space
 * @mem_node: FIT node of the memory manager holding its address space
 *
 * Return: the process, or NULL when out of memory.
 * Context: process context.
 */
struct process *process_create(u32 mem_node)
{
	struct process *p = kzalloc(sizeof(*p), GFP_KERNEL);
	u64 *kpgd = __va(kernel_pgd_phys);

	if (!p)
		return NULL;
	p->pgd = get_free_page(GFP_ZERO);
	if (!p->pgd) {
		kfree(p);
		return NULL;
	}
	memcpy(&p->pgd[KERNEL_PGD_FIRST], &kpgd[KERNEL_PGD_FIRST],
	       (PTRS_PER_TABLE - KERNEL_PGD_FIRST) * sizeof(u64));
	spin_lock_init(&p->pt_lock);
	init_completion(&p->done);
	p->mem_node = mem_node;
	p->pid = __atomic_fetch_add(&next_pid, 1, __ATOMIC_RELAXED);
	return p;
}

static unsigned long current_rsp(void)
{
	unsigned long sp;

	__asm__ __volatile__("mov %%rsp, %0" : "=r"(sp));
	return sp;
}

static void set_task_stack(unsigned long size)
{
	current->stack_size = size;
	set_kernel_stack((unsigned long)current->stack, size);
	__percpu_hdr_write(kernel_stack_top, (unsigned long)current->stack + size);
}

static void process_teardown(struct process *p)
{
	struct p2m_pid_req req = { .pid = p->pid };
	int ret;

	if (pcache_ready())
		pcache_drop_range(p, 0, USER_ADDR_LIMIT, false);
	free_user_tables(p);
	if (p->user_code)
		return;		/* hand-made by a test: M never knew it */
	ret = fit_call(p->mem_node, P2M_EXIT, &req, sizeof(req), NULL, 0, 0);
	if (ret < 0)
		pr_warn("pid %d: P2M_EXIT failed: %d\n", p->pid, ret);
}

static int user_thread_main(void *data)
{
	struct process *p = data;
	struct pm_stack_tag *tag = current->stack;
	struct pt_regs regs;
	unsigned long top;

	tag->proc = p;
	tag->magic = PM_STACK_MAGIC;
	p->saved_stack_size = current->stack_size;
	local_irq_disable();
	top = (unsigned long)current->stack + current->stack_size - PM_STACK_RESERVE;
	if (current_rsp() - 256 < top) {
		local_irq_enable();
		pr_err("pid %d: kernel stack frames too deep to enter user mode\n", p->pid);
		p->exit_status = 128 + SIGSEGV;
		goto out;
	}
	set_task_stack(p->saved_stack_size - PM_STACK_RESERVE);
	write_cr3(__pa(p->pgd));
	wrmsr(MSR_FS_BASE, 0);
	if (kernel_setjmp(&p->exit_jb) == 0) {
		memset(&regs, 0, sizeof(regs));
		regs.rip = p->entry;
		regs.cs = __USER_CS;
		regs.rflags = X86_EFLAGS_IF;
		regs.rsp = p->stack;
		regs.ss = __USER_DS;
		pm_enter_user(&regs);
	}
	/* process_exit(): interrupts off, back on the reserved frames */
	set_task_stack(p->saved_stack_size);
	write_cr3(kernel_pgd_phys);
	wrmsr(MSR_FS_BASE, 0);
	local_irq_enable();
out:
	process_teardown(p);
	tag->magic = 0;
	tag->proc = NULL;
	complete(&p->done);
	return p->exit_status;
}

/**
 * process_start() - run @p from @p->entry with stack @p->stack
 * @p: a process with its address space ready
 *
 * The task is pinned to the calling CPU: the scheduler does not switch
 * CR3 or the FS base yet (TODO), so a user task must not migrate.
 * Return: 0 or a negative errno.
 * Context: process context.
 */
int process_start(struct process *p)
{
	struct task_struct *t;
	int ret;

	t = kthread_create(user_thread_main, p, "pid%d", p->pid);
	if (IS_ERR(t))
		return PTR_ERR(t);
	p->task = t;
	p->cpu = smp_processor_id();
	ret = kthread_bind(t, p->cpu);
	if (ret) {
		kthread_stop(t);
		p->task = NULL;
		return ret;
	}
	wake_up_process(t);
	return 0;
}

/**
 * process_wait() - wait until @p has exited and reap its task
 * @p: a started process
 * Return: its exit status.
 * Context: process context, sleeps.
 */
int process_wait(struct process *p)
{
	wait_for_completion(&p->done);
	kthread_stop(p->task);
	p->task = NULL;
	return p->exit_status;
}

/**
 * process_free() - free what is left of an exited (or never started) process
 * @p: the process, or NULL
 * Context: process context.
 */
void process_free(struct process *p)
{
	if (!p)
		return;
	free_user_tables(p);
	free_page(p->pgd);
	kfree(p);
}

/**
 * process_exit() - end the current process with @status
 * @status: exit status (only the low 8 bits are kept)
 * Context: the current task runs a process (syscall or fault context).
 */
__noreturn void process_exit(int status)
{
	struct process *p = current_process();

	local_irq_disable();
	BUG_ON(!p);
	p->exit_status = status & 0xff;
	kernel_longjmp(&p->exit_jb, 1);
}

static const char *sig_name(int sig)
{
	switch (sig) {
	case SIGILL: return "SIGILL";
	case SIGFPE: return "SIGFPE";
	case SIGSEGV: return "SIGSEGV";
	default: return "signal";
	}
}

/**
 * process_kill() - kill @p (the current process) for a fatal signal
 * @p: the current process
 * @sig: SIG*
 * @addr: the faulting address (0 if none)
 * @regs: the user frame, for its ip
 *
 * Signal delivery to handlers is TODO: the default action is taken.
 * Context: fault or syscall context of @p.
 */
__noreturn void process_kill(struct process *p, int sig, unsigned long addr,
			     const struct pt_regs *regs)
{
	pr_err("pid %d: %s at %lx (ip %lx)\n", p->pid, sig_name(sig), addr,
	       (unsigned long)regs->rip);
	process_exit(128 + sig);
}

/* ---- trap hooks (called from arch/x86/kernel/traps.c) ---------------- */

/**
 * user_page_fault() - a page fault from user mode or from a uaccess copy
 * @regs: the fault frame
 * @cr2: the faulting address
 *
 * Return: true if handled (mapped through the pcache, fixed up to -EFAULT,
 * or the process was killed and this does not return).
 * Context: the #PF handler, interrupts off; enables them around the pcache.
 */
bool user_page_fault(struct pt_regs *regs, unsigned long cr2)
{
	bool user = user_mode(regs);
	struct process *p;
	int ret = -EFAULT;

	if (!user && !(cr2 < USER_ADDR_LIMIT && uaccess_insn(regs->rip)))
		return false;
	p = current_process();
	if (!p)
		return user ? false : uaccess_fixup(regs);
	if (cr2 < USER_ADDR_LIMIT && pcache_ready() &&
	    !(regs->error_code & X86_PF_RSVD)) {
		if (regs->rflags & X86_EFLAGS_IF)
			local_irq_enable();
		ret = pcache_fault(p, cr2, regs->error_code);
		local_irq_disable();
	}
	if (!ret)
		return true;
	if (!user)
		return uaccess_fixup(regs);
	process_kill(p, SIGSEGV, cr2, regs);
}

/**
 * user_exception() - an exception other than #PF raised in user mode
 * @regs: the frame
 * Return: true if handled (the process was killed); false if the current
 * task runs no process.
 * Context: trap handler.
 */
bool user_exception(struct pt_regs *regs)
{
	struct process *p = current_process();
	int sig = SIGSEGV;

	if (!p)
		return false;
	if (regs->vector == X86_TRAP_DE || regs->vector == X86_TRAP_MF ||
	    regs->vector == X86_TRAP_XF)
		sig = SIGFPE;
	else if (regs->vector == X86_TRAP_UD)
		sig = SIGILL;
	process_kill(p, sig, 0, regs);
}

/* ---- the first process ----------------------------------------------- */

static int exec_build_args(struct p2m_exec_req *req, const char *path)
{
	static const char *const envp[] = { "HOME=/", "TERM=linux", "PATH=/bin:/usr/bin" };
	const char *cl = cmdline_raw(), *dash = NULL, *s;
	u32 pos = 0;
	size_t n;
	unsigned int i;

	for (s = cl; s && *s; s++)
		if (s[0] == '-' && s[1] == '-' && (s == cl || s[-1] == ' ') &&
		    (s[2] == ' ' || !s[2]))
			dash = s + 2;
	n = strlen(path) + 1;
	if (n > sizeof(req->args))
		return -E2BIG;
	memcpy(req->args, path, n);
	pos = n;
	req->argc = 1;
	while (dash && *dash) {
		while (*dash == ' ')
			dash++;
		for (n = 0; dash[n] && dash[n] != ' '; n++)
			;
		if (!n)
			break;
		if (pos + n + 1 > sizeof(req->args))
			return -E2BIG;
		memcpy(req->args + pos, dash, n);
		req->args[pos + n] = '\0';
		pos += n + 1;
		req->argc++;
		dash += n;
	}
	for (i = 0; i < ARRAY_SIZE(envp); i++) {
		n = strlen(envp[i]) + 1;
		if (pos + n > sizeof(req->args))
			return -E2BIG;
		memcpy(req->args + pos, envp[i], n);
		pos += n;
	}
	req->envc = ARRAY_SIZE(envp);
	req->args_len = pos;
	return 0;
}

static int process_exec_init(struct process *p, const char *path)
{
	struct p2m_exec_req *req = kzalloc(sizeof(*req), GFP_KERNEL);
	struct p2m_exec_reply reply;
	int ret;

	if (!req)
		return -ENOMEM;
	if (strlen(path) >= sizeof(req->path)) {
		ret = -ENAMETOOLONG;
		goto out;
	}
	strscpy(req->path, path, sizeof(req->path));
	req->pid = p->pid;
	ret = exec_build_args(req, path);
	if (ret)
		goto out;
	ret = fit_call(p->mem_node, P2M_EXEC, req, sizeof(*req), &reply,
		       sizeof(reply), 0);
	if (ret >= 0 && ret != sizeof(reply))
		ret = -EPROTO;
	if (ret < 0)
		goto out;
	p->entry = reply.entry;
	p->stack = reply.stack;
	p->brk = reply.brk;
	strscpy(p->exe, path, sizeof(p->exe));
	ret = 0;
out:
	kfree(req);
	return ret;
}

static __noreturn void run_init(void)
{
	struct process *p = process_create(FIT_NODE_SELF);
	int ret, status;

	if (!p) {
		pr_err("init: out of memory\n");
		machine_poweroff(EXIT_STATUS_FAIL);
	}
	ret = process_exec_init(p, init_path);
	if (ret) {
		pr_err("init: cannot execute %s: error %d\n", init_path, ret);
		process_free(p);
		machine_poweroff(EXIT_STATUS_FAIL);
	}
	pr_info("init: running %s as pid %d\n", init_path, p->pid);
	ret = process_start(p);
	if (ret) {
		pr_err("init: cannot start %s: error %d\n", init_path, ret);
		machine_poweroff(EXIT_STATUS_FAIL);
	}
	status = process_wait(p);
	process_free(p);
	pr_info("init exited with status %d\n", status);
	pcache_show_stats();
	machine_poweroff(status == 0 ? EXIT_STATUS_PASS : EXIT_STATUS_FAIL);
}

/**
 * processor_manager_init() - set up syscalls and the pcache, start init=
 *
 * With ktest= given it only prepares (the suites run later); otherwise it
 * runs init= to its exit and powers off, never returning.
 * Context: boot, after memory_manager_init(), process context.
 */
void processor_manager_init(void)
{
	int ret;

	on_each_cpu(syscall_cpu_init, NULL, true);
	ret = pcache_init();
	if (ret)
		pr_err("pcache: not available (error %d): user faults will kill\n", ret);
	procbench_run();
	if (ktest_requested())
		return;
	if (!boot_info.nr_mods) {
		/* a bare boot (no initramfs module): stay up, idle */
		pr_warn("init: no initramfs module, so no %s to run\n", init_path);
		return;
	}
	run_init();
}

/* ---- hand-made user programs (tests and benchmarks, no M needed) ----- */

#define HANDMADE_CODE_VA	0x400000UL
#define HANDMADE_STACK_VA	0x7fff00000000UL	/* one page below this */

/**
 * pm_run_user_code() - run @len bytes of machine code as a user process
 * @code: x86-64 code, entered at its first byte with all registers zero
 * @len: at most one page
 * @status: its exit status
 *
 * The code page is mapped read+execute at 0x400000 and one stack page
 * below 0x7fff00000000, by hand (M is not involved); other faults go to the
 * pcache and its current backend.
 * Return: 0 (*@status valid) or a negative errno.
 * Context: process context, sleeps until the program exits.
 */
int pm_run_user_code(const void *code, size_t len, int *status)
{
	struct process *p;
	void *text, *stack;
	int ret = -ENOMEM;

	if (len > PAGE_SIZE)
		return -EINVAL;
	p = process_create(FIT_NODE_SELF);
	text = get_free_page(GFP_ZERO);
	stack = get_free_page(GFP_ZERO);
	if (!p || !text || !stack)
		goto out;
	memcpy(text, code, len);
	p->user_code = text;
	ret = pm_map_page(p, HANDMADE_CODE_VA, __pa(text), PM_PROT_READ | PM_PROT_EXEC);
	if (!ret)
		ret = pm_map_page(p, HANDMADE_STACK_VA - PAGE_SIZE, __pa(stack),
				  PM_PROT_READ | PM_PROT_WRITE);
	if (ret)
		goto out;
	/* free_user_tables() must not free these leaves: unmap them at exit */
	p->entry = HANDMADE_CODE_VA;
	p->stack = HANDMADE_STACK_VA - 64;
	strscpy(p->exe, "[handmade]", sizeof(p->exe));
	ret = process_start(p);
	if (ret)
		goto out;
	*status = process_wait(p);
out:
	if (p) {
		pm_unmap_page(p, HANDMADE_CODE_VA);
		pm_unmap_page(p, HANDMADE_STACK_VA - PAGE_SIZE);
	}
	process_free(p);
	free_page(text);
	free_page(stack);
	return ret;
}
