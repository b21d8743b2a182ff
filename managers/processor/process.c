// SPDX-License-Identifier: GPL-2.0
/*
 * Address spaces, processes and threads on top of scheduler tasks: user
 * page tables, creation, entering user mode, exit and reaping, the fault
 * hooks, and processor_manager_init() which runs init=.
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
#include <tessera/time.h>
#include <tessera/vsprintf.h>
#include <asm/irqflags.h>
#include <asm/page.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/reboot.h>
#include <asm/tlbflush.h>
#include <asm/traps.h>
#include <asm/uaccess.h>
#include "pm.h"
#include "syscalls.h"

#define MSR_STAR		0xc0000081
#define MSR_LSTAR		0xc0000082
#define MSR_SYSCALL_MASK	0xc0000084
/* Cleared on syscall entry: TF, IF, DF, NT, AC. */
#define SYSCALL_FMASK		0x47700UL

#define ARCH_SET_FS		0x1002
#define ARCH_GET_FS		0x1003

static char init_path[P2M_PATH_MAX] = "/init";
param_string(init, init_path, "path of the first user process (default /init)");

spinlock_t pm_tree_lock = __SPIN_LOCK_UNLOCKED(pm_tree_lock);

static int next_pid = 1;	/* pids and tids; atomic increments */
static u32 next_mm_id = 1;	/* M address-space ids; atomic increments */

/* All processes (pm_tree_lock), for pid lookups. */
static LIST_HEAD(all_processes);

/* Dead threads whose tasks the reaper frees (reap_lock). */
static LIST_HEAD(reap_list);
static DEFINE_SPINLOCK(reap_lock);
static DECLARE_WAIT_QUEUE_HEAD(reap_wait);

/*
 * Held by the reaper around task_free(), and by whoever uses another
 * thread's task outside pm_tree_lock (sched_setaffinity): while held, a
 * task found under pm_tree_lock is not freed. Taken before pm_tree_lock.
 */
DEFINE_MUTEX(pm_task_free_lock);


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

static u64 *pte_of(struct pm_mm *p, unsigned long va, bool alloc)
{
	u64 *t = p->pgd;

	t = pt_next(t, (va >> 39) & 511, alloc);
	if (t)
		t = pt_next(t, (va >> 30) & 511, alloc);
	if (t)
		t = pt_next(t, (va >> 21) & 511, alloc);
	return t ? &t[(va >> 12) & 511] : NULL;
}

/*
 * Store @e in *@pte. Remapping the page already there (two threads faulted
 * on it) keeps the dirty bit the CPU may have set meanwhile: losing it
 * would lose the data at eviction. pt_lock held.
 */
static void map_keep_dirty(u64 *pte, u64 e)
{
	u64 old = READ_ONCE(*pte);

	for (;;) {
		u64 n = e;

		if ((old & _PAGE_PRESENT) &&
		    (old & PTE_ADDR_MASK) == (e & PTE_ADDR_MASK))
			n |= old & _PAGE_DIRTY;
		if (__atomic_compare_exchange_n(pte, &old, n, false,
						__ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
			return;
	}
}

/**
 * pm_map_page() - map user page @va of @p to physical @pa
 * @p: the address space
 * @va: page-aligned user address
 * @pa: page-aligned physical address
 * @prot: PM_PROT_* (READ is implied)
 *
 * Replaces any previous mapping (the caller flushes if that matters).
 * Return: 0, -EINVAL (bad address) or -ENOMEM.
 * Context: any; takes @p->pt_lock.
 */
int pm_map_page(struct pm_mm *p, unsigned long va, phys_addr_t pa, u32 prot)
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
		map_keep_dirty(pte, e);
	spin_unlock_irqrestore(&p->pt_lock, flags);
	return pte ? 0 : -ENOMEM;
}

/**
 * pm_clear_dirty() - clear the dirty bit of @va's entry and shoot it down
 * @p: the address space
 * @va: page-aligned user address
 *
 * After this returns, a write to the page sets the dirty bit again.
 * Return: the entry before (its _PAGE_DIRTY: whether it was written), or 0.
 * Context: interrupts on or off, no spinlock another CPU may spin on held.
 */
u64 pm_clear_dirty(struct pm_mm *p, unsigned long va)
{
	unsigned long flags;
	u64 *pte, old = 0;

	spin_lock_irqsave(&p->pt_lock, flags);
	pte = pte_of(p, va, false);
	if (pte)
		old = __atomic_fetch_and(pte, ~(u64)_PAGE_DIRTY, __ATOMIC_SEQ_CST);
	spin_unlock_irqrestore(&p->pt_lock, flags);
	if ((old & (_PAGE_PRESENT | _PAGE_DIRTY)) == (_PAGE_PRESENT | _PAGE_DIRTY))
		flush_tlb_user_range(__pa(p->pgd), va, va + PAGE_SIZE);
	return old;
}

/**
 * pm_lookup_pte() - the leaf entry for @va in @p, or 0
 * @p: the address space
 * @va: user address
 * Context: any.
 */
u64 pm_lookup_pte(struct pm_mm *p, unsigned long va)
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
 * @p: the address space
 * @va: page-aligned user address
 *
 * Return: the old entry (its _PAGE_DIRTY says whether it was written), or 0.
 * Context: interrupts on or off, no spinlock another CPU may spin on held.
 */
u64 pm_unmap_page(struct pm_mm *p, unsigned long va)
{
	unsigned long flags;
	u64 *pte, old = 0;

	spin_lock_irqsave(&p->pt_lock, flags);
	pte = pte_of(p, va, false);
	if (pte)
		old = __atomic_exchange_n(pte, 0, __ATOMIC_SEQ_CST);
	spin_unlock_irqrestore(&p->pt_lock, flags);
	if (old & _PAGE_PRESENT)
		flush_tlb_user_range(__pa(p->pgd), va, va + PAGE_SIZE);
	return old;
}

static void free_user_tables(struct pm_mm *p)
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

/* ---- address spaces ------------------------------------------------ */

/**
 * pm_mm_create() - a new, empty address space
 * @mem_node: FIT node of the memory manager that will hold it
 *
 * Return: the address space (one reference) or NULL when out of memory.
 * Context: process context.
 */
struct pm_mm *pm_mm_create(u32 mem_node)
{
	struct pm_mm *mm = kzalloc(sizeof(*mm), GFP_KERNEL);
	u64 *kpgd = __va(kernel_pgd_phys);

	if (!mm)
		return NULL;
	mm->pgd = get_free_page(GFP_ZERO);
	if (!mm->pgd) {
		kfree(mm);
		return NULL;
	}
	memcpy(&mm->pgd[KERNEL_PGD_FIRST], &kpgd[KERNEL_PGD_FIRST],
	       (PTRS_PER_TABLE - KERNEL_PGD_FIRST) * sizeof(u64));
	spin_lock_init(&mm->pt_lock);
	mutex_init(&mm->lock);
	mm->mem_node = mem_node;
	mm->users = 1;
	mm->id = __atomic_fetch_add(&next_mm_id, 1, __ATOMIC_RELAXED);
	return mm;
}

/**
 * pm_mm_get() - take a reference to @mm
 * @mm: the address space
 * Context: any.
 */
void pm_mm_get(struct pm_mm *mm)
{
	__atomic_fetch_add(&mm->users, 1, __ATOMIC_RELAXED);
}

/**
 * pm_mm_put() - drop a reference; the last one frees @mm on P and on M
 * @mm: the address space, or NULL
 *
 * No task may run on @mm any more when the last reference goes (the
 * exiting thread switches to the kernel's page table first).
 * Context: process context; sleeps (an RPC to M).
 */
void pm_mm_put(struct pm_mm *mm)
{
	struct p2m_pid_req req;
	int ret;

	if (!mm || __atomic_sub_fetch(&mm->users, 1, __ATOMIC_ACQ_REL))
		return;
	if (pcache_ready())
		pcache_drop_range(mm, 0, USER_ADDR_LIMIT, false);
	free_user_tables(mm);
	if (mm->on_m) {
		req.pid = mm->id;
		req.child = 0;
		ret = fit_call(mm->mem_node, P2M_EXIT, &req, sizeof(req), NULL, 0, 0);
		if (ret < 0)
			pr_warn("mm %u: P2M_EXIT failed: %d\n", mm->id, ret);
	}
	free_page(mm->pgd);
	kfree(mm);
}

/**
 * pm_read_user_u32_nofault() - read a user word without faulting it in
 * @mm: the address space
 * @addr: 4-byte aligned user address
 * @val: the value
 *
 * Reads through the page tables and the direct map with @mm->pt_lock held,
 * so a pcache eviction (which unmaps under that lock first) cannot reuse
 * the line meanwhile. For futex value checks under a bucket spinlock.
 * Return: 0, -EAGAIN (not mapped now: fault it in and retry) or -EFAULT.
 * Context: any; takes @mm->pt_lock.
 */
int pm_read_user_u32_nofault(struct pm_mm *mm, unsigned long addr, u32 *val)
{
	unsigned long flags;
	int ret = -EAGAIN;
	u64 *pte;

	if ((addr & 3) || !access_ok(addr, sizeof(u32)))
		return -EFAULT;
	spin_lock_irqsave(&mm->pt_lock, flags);
	pte = pte_of(mm, addr, false);
	if (pte && (*pte & (_PAGE_PRESENT | _PAGE_USER)) == (_PAGE_PRESENT | _PAGE_USER)) {
		*val = READ_ONCE(*(u32 *)((u8 *)__va(*pte & PTE_ADDR_MASK) +
					  (addr & (PAGE_SIZE - 1))));
		ret = 0;
	}
	spin_unlock_irqrestore(&mm->pt_lock, flags);
	return ret;
}

/* ---- processes and threads -------------------------------------------- */

/**
 * pm_alloc_pid() - a new pid/tid (never reused)
 * Context: any.
 */
int pm_alloc_pid(void)
{
	return __atomic_fetch_add(&next_pid, 1, __ATOMIC_RELAXED);
}

/**
 * pm_pm_process_alloc() - a zeroed process with one reference (the pid
 *	table's), empty lists, umask 022, cwd "/"
 * Return: the process or NULL.
 * Context: process context.
 */
struct process *pm_process_alloc(void)
{
	struct process *p = kzalloc(sizeof(*p), GFP_KERNEL);

	if (!p)
		return NULL;
	INIT_LIST_HEAD(&p->children);
	INIT_LIST_HEAD(&p->sibling);
	INIT_LIST_HEAD(&p->threads);
	init_waitqueue_head(&p->child_wait);
	p->refs = 1;
	p->umask = 022;
	p->start_ns = ktime_get_ns();
	strscpy(p->cwd, "/", sizeof(p->cwd));
	return p;
}

/**
 * pm_process_get() - take a reference to @p
 * @p: a process
 * Context: any.
 */
void pm_process_get(struct process *p)
{
	__atomic_fetch_add(&p->refs, 1, __ATOMIC_RELAXED);
}

/**
 * pm_process_put() - drop a reference; the last one frees the struct
 * @p: the process, or NULL
 * Context: any (frees no address space: that went at exit).
 */
void pm_process_put(struct process *p)
{
	if (p && !__atomic_sub_fetch(&p->refs, 1, __ATOMIC_ACQ_REL))
		kfree(p);
}

/**
 * pm_find_process() - the live or zombie process @pid, with a reference
 * @pid: a pid
 * Return: the process (drop with pm_process_put()) or NULL.
 * Context: any.
 */
struct process *pm_find_process(int pid)
{
	struct process *p, *found = NULL;
	unsigned long flags;

	spin_lock_irqsave(&pm_tree_lock, flags);
	list_for_each_entry(p, &all_processes, all_node) {
		if (p->pid == pid && p->state != PM_DEAD) {
			found = p;
			pm_process_get(p);
			break;
		}
	}
	spin_unlock_irqrestore(&pm_tree_lock, flags);
	return found;
}

/**
 * pm_find_process_locked() - the process @pid that is not yet reaped
 * @pid: a pid
 * Return: the process or NULL; valid while pm_tree_lock is held.
 * Context: pm_tree_lock held.
 */
struct process *pm_find_process_locked(int pid)
{
	struct process *p;

	list_for_each_entry(p, &all_processes, all_node)
		if (p->pid == pid && p->state != PM_DEAD)
			return p;
	return NULL;
}

/**
 * pm_find_thread_locked() - the live thread @tid
 * @tid: a thread id
 * Return: the thread or NULL; valid while pm_tree_lock is held.
 * Context: pm_tree_lock held.
 */
struct pm_thread *pm_find_thread_locked(int tid)
{
	struct process *p;
	struct pm_thread *t;

	list_for_each_entry(p, &all_processes, all_node)
		list_for_each_entry(t, &p->threads, node)
			if (t->tid == tid)
				return t;
	return NULL;
}

/**
 * pm_process_link() - publish @p: into the pid table and, if @parent is
 *	given, @parent's children (taking the reference the list holds)
 * @p: a new process
 * @parent: its parent or NULL
 * Context: pm_tree_lock NOT held.
 */
void pm_process_link(struct process *p, struct process *parent)
{
	unsigned long flags;

	spin_lock_irqsave(&pm_tree_lock, flags);
	if (parent) {
		pm_process_get(p);
		p->parent = parent;
		list_add_tail(&p->sibling, &parent->children);
	}
	list_add_tail(&p->all_node, &all_processes);
	spin_unlock_irqrestore(&pm_tree_lock, flags);
}

/**
 * pm_thread_alloc() - a zeroed thread @tid of @p, not yet linked
 * @p: its process
 * @tid: its id
 * Return: the thread or NULL.
 * Context: process context.
 */
struct pm_thread *pm_thread_alloc(struct process *p, int tid)
{
	struct pm_thread *t = kzalloc(sizeof(*t), GFP_KERNEL);

	if (!t)
		return NULL;
	t->tid = tid;
	t->proc = p;
	t->syscall_nr = -1;
	INIT_LIST_HEAD(&t->node);
	return t;
}

/* The first code a user thread's task runs: straight to user mode. */
static __noreturn void user_thread_start(void *arg)
{
	struct pm_thread *t = arg;
	u32 tid = t->tid;

	arch_set_user_context(current);
	/* CLONE_CHILD_SETTID: in the child's own address space (fork) */
	if (t->set_child_tid &&
	    copy_to_user((void __user *)t->set_child_tid, &tid, sizeof(tid)))
		t->set_child_tid = 0;	/* Linux ignores the fault too */
	local_irq_disable();
	exit_to_user_mode(&t->start_regs);
	pm_enter_user(&t->start_regs);
}

/**
 * pm_thread_attach() - make the task for @t and link @t into its process
 * @t: a new thread; it starts at @t->start_regs
 * @mm: the address space it runs on
 * @fs_base: its FS base
 *
 * The caller copies the FPU state if it wants to, then wakes @t->task.
 * Return: 0, -ENOMEM, or -EINTR (the process is exiting or exec'ing).
 * Context: process context; takes pm_tree_lock.
 */
int pm_thread_attach(struct pm_thread *t, struct pm_mm *mm, u64 fs_base)
{
	struct process *p = t->proc;
	unsigned long flags;
	char name[TASK_COMM_LEN];

	snprintf(name, sizeof(name), "pid%d", t->tid);
	t->task = task_create(user_thread_start, t, name);
	if (!t->task)
		return -ENOMEM;
	t->task->pm_thread = t;
	t->task->user_cr3 = __pa(mm->pgd);
	t->task->fs_base = fs_base;
	spin_lock_irqsave(&pm_tree_lock, flags);
	if (p->state != PM_ALIVE) {
		/* the group is exiting or exec'ing: no new threads */
		spin_unlock_irqrestore(&pm_tree_lock, flags);
		task_free(t->task);
		t->task = NULL;
		return -EINTR;
	}
	list_add_tail(&t->node, &p->threads);
	p->nr_threads++;
	spin_unlock_irqrestore(&pm_tree_lock, flags);
	return 0;
}

/* The reaper: frees the tasks (stacks, FPU areas) of exited threads. */
static int reaper_main(void *unused)
{
	struct pm_thread *t;
	unsigned long flags;

	(void)unused;
	for (;;) {
		wait_event(reap_wait, !list_empty(&reap_list));
		spin_lock_irqsave(&reap_lock, flags);
		t = list_first_entry(&reap_list, struct pm_thread, node);
		list_del(&t->node);
		spin_unlock_irqrestore(&reap_lock, flags);
		while (!task_is_dead(t->task))
			yield();
		mutex_lock(&pm_task_free_lock);
		task_free(t->task);
		mutex_unlock(&pm_task_free_lock);
		kfree(t);
	}
	return 0;
}

/* The last thread of @p is gone: release what it held, tell the parent. */
static void process_release(struct process *p)
{
	struct pm_mm *mm = p->mm;
	unsigned long flags;
	struct completion *vfork;

	pm_signals_process_exit(p);
	current->user_cr3 = 0;
	arch_set_user_context(current);
	p->mm = NULL;
	pm_mm_put(mm);
	if (p->files)
		pm_files_put(p->files);
	p->files = NULL;
	if (p->sighand)
		pm_sighand_put(p->sighand);
	p->sighand = NULL;
	spin_lock_irqsave(&pm_tree_lock, flags);
	vfork = p->vfork_done;
	p->vfork_done = NULL;
	spin_unlock_irqrestore(&pm_tree_lock, flags);
	if (vfork)
		complete(vfork);
	pm_exit_notify(p);
}

/* CLONE_CHILD_CLEARTID / set_tid_address: zero the word, wake one waiter. */
static void clear_child_tid(struct pm_thread *t)
{
	struct pm_mm *mm = t->proc->mm;
	u32 zero = 0;

	if (!t->clear_child_tid || !mm)
		return;
	if (!copy_to_user((void __user *)t->clear_child_tid, &zero, sizeof(zero)))
		pm_futex_wake(mm, t->clear_child_tid, 1);
	t->clear_child_tid = 0;
}

/**
 * pm_thread_exit() - end the current thread with @code (exit(2))
 * @code: exit code; becomes the process's if this is its last thread and
 *	no group exit set one
 * Context: the thread's task, syscall or fault context; any interrupt state.
 */
__noreturn void pm_thread_exit(int code)
{
	struct pm_thread *t = current_thread();
	struct process *p = t->proc;
	unsigned long flags;
	bool last;

	local_irq_enable();
	clear_child_tid(t);
	/*
	 * Off the user page tables before this thread stops counting: the
	 * last thread (or an execve) may free them as soon as it is gone.
	 */
	current->user_cr3 = 0;
	arch_set_user_context(current);
	spin_lock_irqsave(&pm_tree_lock, flags);
	list_del_init(&t->node);
	last = --p->nr_threads == 0;
	if (last && p->state == PM_ALIVE)
		p->exit_code = (code & 0xff) << 8;
	if (p->exec_task && p->nr_threads == 1)
		wake_up_process(p->exec_task);	/* execve waits for this */
	spin_unlock_irqrestore(&pm_tree_lock, flags);
	if (last)
		process_release(p);
	current->user_cr3 = 0;
	arch_set_user_context(current);
	spin_lock_irqsave(&reap_lock, flags);
	list_add_tail(&t->node, &reap_list);
	spin_unlock_irqrestore(&reap_lock, flags);
	wake_up(&reap_wait);
	task_exit();
}

/**
 * pm_group_exit() - end every thread of the current process (exit_group(2)
 *	or a fatal signal)
 * @wait_status: what wait4 will report: (code << 8) or the signal number
 * Context: the thread's task; any interrupt state.
 */
__noreturn void pm_group_exit(int wait_status)
{
	struct process *p = current_process();
	struct pm_thread *t;
	unsigned long flags;

	spin_lock_irqsave(&pm_tree_lock, flags);
	if (p->state == PM_ALIVE || (p->state == PM_EXITING && p->exec_task)) {
		/* during an execve's de-thread: the exec'ing thread goes too */
		if (p->exec_task && p->exec_task != current)
			wake_up_process(p->exec_task);
		p->exec_task = NULL;
		p->state = PM_EXITING;
		p->exit_code = wait_status;
		list_for_each_entry(t, &p->threads, node)
			if (t != current_thread())
				wake_up_state(t->task, TASK_INTERRUPTIBLE);
	}
	spin_unlock_irqrestore(&pm_tree_lock, flags);
	pm_thread_exit(0);
}

SYSCALL_DEFINE1(exit, int, code)
{
	pm_thread_exit(code);
}

SYSCALL_DEFINE1(exit_group, int, code)
{
	pm_group_exit((code & 0xff) << 8);
}

SYSCALL_DEFINE0(getpid)
{
	return current_process()->pid;
}

SYSCALL_DEFINE0(gettid)
{
	return current_thread()->tid;
}

SYSCALL_DEFINE0(getppid)
{
	struct process *p = current_process();
	unsigned long flags;
	int ppid;

	spin_lock_irqsave(&pm_tree_lock, flags);
	ppid = p->parent ? p->parent->pid : 0;
	spin_unlock_irqrestore(&pm_tree_lock, flags);
	return ppid;
}

SYSCALL_DEFINE0(sched_yield)
{
	yield();
	return 0;
}

SYSCALL_DEFINE1(set_tid_address, unsigned long, addr)
{
	current_thread()->clear_child_tid = addr;
	return current_thread()->tid;
}

SYSCALL_DEFINE2(set_robust_list, unsigned long, head, unsigned long, len)
{
	if (len != 24)
		return -EINVAL;
	current_thread()->robust_list = head;	/* TODO: walked at exit */
	current_thread()->robust_len = len;
	return 0;
}

/**
 * pm_set_comm() - set @p's name from the last component of @path
 * @p: the process
 * @path: a path or a name
 * Context: the process's own thread, or before it runs.
 */
void pm_set_comm(struct process *p, const char *path)
{
	const char *base = strrchr(path, '/');

	strscpy(p->comm, base && base[1] ? base + 1 : path, sizeof(p->comm));
}

/**
 * pm_must_stop() - whether a sleep in a syscall must end now: a signal is
 *	pending or the process is exiting (group exit, execve de-thread)
 * Context: the calling thread.
 */
bool pm_must_stop(void)
{
	struct process *p = current_process();

	return pm_signal_pending() || (p && READ_ONCE(p->state) == PM_EXITING);
}

SYSCALL_DEFINE2(arch_prctl, unsigned long, code, unsigned long, addr)
{
	u64 fs;

	switch (code) {
	case ARCH_SET_FS:
		if (addr >= USER_ADDR_LIMIT)
			return -EPERM;
		current->fs_base = addr;
		arch_set_user_context(current);
		return 0;
	case ARCH_GET_FS:
		fs = current->fs_base;
		return copy_to_user((void __user *)addr, &fs, sizeof(fs));
	default:
		return -EINVAL;
	}
}

/* ---- trap hooks (called from arch/x86/kernel/traps.c) ---------------- */

/**
 * user_page_fault() - a page fault from user mode or from a uaccess copy
 * @regs: the fault frame
 * @cr2: the faulting address
 *
 * Return: true if handled (mapped through the pcache, fixed up to -EFAULT,
 * or SIGSEGV queued for the way out to user mode).
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
		ret = pcache_fault(p->mm, cr2, regs->error_code);
		local_irq_disable();
	}
	if (!ret)
		return true;
	if (!user)
		return uaccess_fixup(regs);
	if (ret == -EFAULT || ret == -EACCES)	/* no such page, or not allowed */
		pm_force_signal(SIGSEGV, ret == -EACCES ? SEGV_ACCERR : SEGV_MAPERR, cr2);
	else	/* the memory exists but could not be brought in: node down, timeout */
		pm_force_signal(SIGBUS, BUS_ADRERR, cr2);
	return true;	/* exit_to_user_mode() delivers it */
}

/**
 * user_exception() - an exception other than #PF raised in user mode
 * @regs: the frame
 * Return: true if handled (a signal queued for the way out); false if the
 * current task runs no process.
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
	pm_force_signal(sig, SI_KERNEL, regs->rip);
	return true;
}

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

static int process_exec_init(struct process *p, const char *path, u64 *entry,
			     u64 *stack)
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
	req->pid = p->mm->id;
	ret = exec_build_args(req, path);
	if (ret)
		goto out;
	ret = fit_call(p->mm->mem_node, P2M_EXEC, req, sizeof(*req), &reply,
		       sizeof(reply), 0);
	if (ret >= 0 && ret != sizeof(reply))
		ret = -EPROTO;
	if (ret < 0)
		goto out;
	p->mm->on_m = true;
	*entry = reply.entry;
	*stack = reply.stack;
	p->mm->brk = reply.brk;
	p->mm->brk_start = reply.brk;
	strscpy(p->exe, path, sizeof(p->exe));
	pm_set_comm(p, path);
	ret = 0;
out:
	kfree(req);
	return ret;
}

/* Undo orphan_alloc() for a process that never ran (its thread is freed apart). */
static void orphan_free(struct process *p)
{
	if (p->sighand)
		pm_sighand_put(p->sighand);
	if (p->files)
		pm_files_put(p->files);
	pm_mm_put(p->mm);
	kfree(p);
}

/*
 * A process with no parent (init, ktest programs): a fresh pid, group and
 * session, an empty address space on the memory node, the console fds,
 * default signal actions, and its first thread in *@tp. NULL when out of
 * memory (nothing is left allocated).
 */
static struct process *orphan_alloc(struct pm_thread **tp)
{
	struct process *p = pm_process_alloc();

	*tp = NULL;
	if (!p)
		return NULL;
	p->pid = pm_alloc_pid();
	p->pgid = p->pid;
	p->sid = p->pid;
	p->mm = pm_mm_create(fit_memory_node());
	p->files = pm_files_alloc_console();
	p->sighand = pm_sighand_alloc();
	*tp = pm_thread_alloc(p, p->pid);
	if (!p->mm || !p->files || !p->sighand || !*tp) {
		kfree(*tp);
		*tp = NULL;
		orphan_free(p);
		return NULL;
	}
	pm_thread_sig_init(*tp, NULL);
	return p;
}


/*
 * Start @p's first thread @t at @rip with stack @rsp, completing @done
 * when @p turns zombie. Return: 0 (@p and @t now run on their own and
 * belong to the process table) or -ENOMEM (nothing started).
 */
static int orphan_start(struct process *p, struct pm_thread *t, u64 rip, u64 rsp,
			struct completion *done)
{
	unsigned long flags;
	int ret;

	t->start_regs.rip = rip;
	t->start_regs.rsp = rsp;
	t->start_regs.cs = __USER_CS;
	t->start_regs.ss = __USER_DS;
	t->start_regs.rflags = X86_EFLAGS_IF;
	ret = pm_thread_attach(t, p->mm, 0);
	if (ret)
		return ret;
	p->exit_done = done;
	spin_lock_irqsave(&pm_tree_lock, flags);
	list_add_tail(&p->all_node, &all_processes);
	spin_unlock_irqrestore(&pm_tree_lock, flags);
	wake_up_process(t->task);
	return 0;
}

/**
 * pm_start_process() - create a process with no parent running @path
 * @path: an executable on M
 * @pidp: its pid
 *
 * Return: 0 or a negative errno.
 * Context: process context (a kernel thread).
 */
static int pm_start_process(const char *path, struct completion *done, int *pidp)
{
	struct pm_thread *t;
	struct process *p = orphan_alloc(&t);
	u64 entry, stack;
	int ret;

	if (!p)
		return -ENOMEM;
	ret = process_exec_init(p, path, &entry, &stack);
	if (!ret)
		ret = orphan_start(p, t, entry, stack, done);
	if (ret) {
		kfree(t);
		orphan_free(p);
		return ret;
	}
	*pidp = p->pid;
	return 0;
}

/* Collect a parentless process that turned zombie: its wait4-style status. */
static int reap_orphan(int pid)
{
	struct process *p = pm_find_process(pid);
	unsigned long flags;
	int code;

	BUG_ON(!p || p->state != PM_ZOMBIE);
	code = p->exit_code;
	spin_lock_irqsave(&pm_tree_lock, flags);
	p->state = PM_DEAD;
	list_del_init(&p->all_node);
	spin_unlock_irqrestore(&pm_tree_lock, flags);
	pm_process_put(p);	/* the lookup's */
	pm_process_put(p);	/* the table's */
	return code & 0x7f ? 128 + (code & 0x7f) : (code >> 8) & 0xff;
}

/**
 * pm_init_path() - the init= path (procbench loads it)
 * Context: any.
 */
const char *pm_init_path(void)
{
	return init_path;
}

static int m_stats(struct p2m_stats_reply *st)
{
	int ret = fit_call(fit_memory_node(), P2M_STATS, NULL, 0, st, sizeof(*st), 0);

	if (ret >= 0 && ret != sizeof(*st))
		ret = -EPROTO;
	return ret < 0 ? ret : 0;
}

/*
 * After init: no pcache line owned, M's space pages back to @before, no
 * address space left. Orphans may still be exiting: retry for about 1 s.
 * Prints exactly one "pm: leak check" line. Return: true if no leak.
 */
static bool leak_check(const struct p2m_stats_reply *before)
{
	struct p2m_stats_reply after = { 0 };
	unsigned int lines = 0, i;
	bool ok = false;
	int ret = 0;

	for (i = 0; i < 100 && !ok; i++) {
		if (i)
			msleep(10);
		lines = pcache_ready() ? pcache_lines_used() : 0;
		ret = m_stats(&after);
		ok = !ret && !lines && after.pages == before->pages &&
		     after.spaces == before->spaces && !after.spaces;
	}
	if (ret) {
		pr_err("pm: leak check FAILED: P2M_STATS error %d\n", ret);
		return false;
	}
	pr_info("pm: leak check %s: pcache lines %u, M pages %llu -> %llu, spaces %llu\n",
		ok ? "ok" : "FAILED", lines, (unsigned long long)before->pages,
		(unsigned long long)after.pages, (unsigned long long)after.spaces);
	return ok;
}

static __noreturn void run_init(void)
{
	struct p2m_stats_reply before = { 0 };
	struct completion done;
	int ret, pid, status;
	bool no_leak;

	ret = m_stats(&before);
	if (ret)
		pr_err("pm: P2M_STATS failed: %d (leak check will fail)\n", ret);
	init_completion(&done);
	ret = pm_start_process(init_path, &done, &pid);
	if (ret) {
		pr_err("init: cannot execute %s: error %d\n", init_path, ret);
		machine_poweroff(EXIT_STATUS_FAIL);
	}
	pr_info("init: running %s as pid %d\n", init_path, pid);
	wait_for_completion(&done);
	status = reap_orphan(pid);
	pr_info("init exited with status %d\n", status);
	no_leak = leak_check(&before);
	fit_dump_cluster_stats();
	pcache_show_stats();
	machine_poweroff(status == 0 && no_leak ? EXIT_STATUS_PASS : EXIT_STATUS_FAIL);
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
	struct task_struct *reaper;
	int ret;

	on_each_cpu(syscall_cpu_init, NULL, true);
	futex_init();
	reaper = kthread_run(reaper_main, NULL, "pm_reaper");
	if (IS_ERR(reaper))
		pr_err("pm: no reaper thread: exited threads will leak\n");
	ret = pcache_init();
	if (ret)
		pr_err("pcache: not available (error %d): user faults will kill\n", ret);
	procbench_run();
	if (ktest_requested())
		return;
	if (!boot_info.nr_mods && fit_local_role() == FIT_ROLE_SINGLE) {
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
 * @status: its exit status (128 + signal if a signal killed it)
 *
 * The code page is mapped read+execute at 0x400000 and one stack page
 * below 0x7fff00000000, by hand (M is not involved); other faults go to the
 * pcache and its current backend. The process has no parent.
 * Return: 0 (*@status valid) or a negative errno.
 * Context: process context, sleeps until the program exits.
 */
int pm_run_user_code(const void *code, size_t len, int *status)
{
	struct pm_thread *t = NULL;
	struct process *p = NULL;
	struct completion done;
	void *text, *stack;
	int ret = -ENOMEM, pid;

	if (len > PAGE_SIZE)
		return -EINVAL;
	init_completion(&done);
	text = get_free_page(GFP_ZERO);
	stack = get_free_page(GFP_ZERO);
	if (text && stack)
		p = orphan_alloc(&t);
	if (!p)
		goto out;
	memcpy(text, code, len);
	p->mm->user_code = text;
	strscpy(p->exe, "[handmade]", sizeof(p->exe));
	ret = pm_map_page(p->mm, HANDMADE_CODE_VA, __pa(text), PM_PROT_READ | PM_PROT_EXEC);
	if (!ret)
		ret = pm_map_page(p->mm, HANDMADE_STACK_VA - PAGE_SIZE, __pa(stack),
				  PM_PROT_READ | PM_PROT_WRITE);
	if (!ret)
		ret = orphan_start(p, t, HANDMADE_CODE_VA, HANDMADE_STACK_VA - 64, &done);
	if (ret) {
		kfree(t);
		orphan_free(p);
		goto out;
	}
	pid = p->pid;	/* p and t belong to the process table now */
	wait_for_completion(&done);
	*status = reap_orphan(pid);
out:
	free_page(text);
	free_page(stack);
	return ret;
}
