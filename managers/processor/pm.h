/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Processor manager internals: address spaces, processes and threads on top
 * of scheduler tasks, the syscall layer and the pcache, shared by managers/processor/.
 */
#ifndef _MANAGERS_PROCESSOR_PM_H
#define _MANAGERS_PROCESSOR_PM_H

#include <tessera/completion.h>
#include <tessera/list.h>
#include <tessera/mutex.h>
#include <tessera/sched.h>
#include <tessera/spinlock.h>
#include <tessera/time.h>
#include <tessera/types.h>
#include <tessera/wait.h>
#include <tessera/rpc/p2m.h>
#include <asm/ptrace.h>
#include "signal.h"

struct pm_files;		/* the fd table: fs/fs.h */

#define PM_PROT_READ		0x1	/* Linux PROT_* values, as M reports them */
#define PM_PROT_WRITE		0x2
#define PM_PROT_EXEC		0x4

/*
 * Locking, outermost first:
 *   pm_tree_lock (spinlock, irqsave) - the pid table, every process's
 *     @parent/@children/@sibling, @threads/@nr_threads, @state and
 *     @exit_code, and all pending-signal sets. Held only for short,
 *     non-sleeping sections (lookups, links, setting bits, waking).
 *   pm_mm.lock (mutex) - P's view of an address space's layout (@brk)
 *     and ordering of layout-changing RPCs against pcache drops.
 *   pm_mm.pt_lock (spinlock, irqsave) - the user half of @pgd.
 *   pcache set locks (pcache/pcache.c).
 */
extern spinlock_t pm_tree_lock;

/**
 * struct pm_mm - an address space as P sees it: page tables, M's identity
 * @id: M's address-space id (P2M requests' "pid" field); unique, never reused
 * @mem_node: FIT node of the memory manager that holds it
 * @pgd: PML4 (kernel half shared with the kernel's), direct-map address
 * @pt_lock: protects the user half of @pgd (all levels)
 * @users: references (threads/processes running on it); atomic
 * @lock: see above; protects @brk
 * @brk: the program break as M last reported it (exec, brk)
 * @on_m: M holds a space @id (set after P2M_EXEC or P2M_FORK succeeded)
 * @user_code: for ktests, a page of machine code mapped by hand
 */
struct pm_mm {
	u32 id;
	u32 mem_node;
	u64 *pgd;
	spinlock_t pt_lock;
	int users;
	struct mutex lock;
	u64 brk;
	bool on_m;
	void *user_code;
	/* added by the process model: the initial break (exec), under @lock */
	u64 brk_start;
};

#define PM_ALIVE		0	/* struct process.state */
#define PM_EXITING		1	/* exit_group or a fatal signal: threads leaving */
#define PM_ZOMBIE		2	/* all threads gone; waits for its parent */
#define PM_DEAD			3	/* reaped */

/**
 * struct process - a thread group (Linux "process"): what its threads share
 * @pid: the thread-group id (the leader's tid)
 * @mm: its address space (shared with a CLONE_VM parent until exec)
 * @files: its fd table (shared under CLONE_FILES)
 * @sighand: its signal actions (shared under CLONE_SIGHAND)
 * @parent, @children, @sibling: the process tree (pm_tree_lock); orphans
 *	go to pid 1
 * @threads, @nr_threads: live threads (pm_tree_lock)
 * @state: PM_* (pm_tree_lock)
 * @exit_code: wait status as wait4 reports it: (code << 8) or the signal
 *	number (| 0x80 for a core dump, never set here) (pm_tree_lock)
 * @child_wait: wait4/waitid sleep here; woken when a child changes state
 * @shared_pending: process-directed pending signals (pm_tree_lock)
 * @refs: references to this struct (atomic): the pid table, the parent's
 *	list until reaped, and temporary lookups
 * @all_node: in the table of all processes (pm_tree_lock)
 * @exit_done: for a process without a parent (init, ktest programs):
 *	completed when it turns zombie
 * @vfork_done: completed when a CLONE_VFORK child execs or exits
 * @pgid, @sid: process group and session (pm_tree_lock)
 * @umask, @cwd: file-creation mask and working directory (fs/ owns them)
 * @exe: the path it was executed from (readlink /proc/self/exe)
 * @comm: its name (PR_SET_NAME, /proc/self/status), from argv[0]'s basename
 */
struct process {
	int pid;
	struct pm_mm *mm;
	struct pm_files *files;
	struct pm_sighand *sighand;
	struct process *parent;
	struct list_head children;
	struct list_head sibling;
	struct list_head threads;
	int nr_threads;
	int state;
	int exit_code;
	struct wait_queue_head child_wait;
	struct pm_sigpending shared_pending;
	int refs;
	struct list_head all_node;
	struct completion *exit_done;
	struct completion *vfork_done;
	int pgid;
	int sid;
	u32 umask;
	char cwd[P2M_PATH_MAX];
	char exe[P2M_PATH_MAX];
	char comm[16];
	/*
	 * Added by the process model:
	 * @exit_signal: sent to the parent at exit (clone's low byte, clone3's
	 *	exit_signal; 0: none); __WCLONE waits match != SIGCHLD
	 * @exec_task: while an execve ends the other threads (@state is
	 *	PM_EXITING meanwhile), the exec'ing thread's task; every other
	 *	thread leaves through pm_thread_exit(). A group exit during it
	 *	clears it and the exec'ing thread exits too (pm_tree_lock)
	 * @start_ns: ktime_get_ns() at creation (times, getrusage)
	 */
	int exit_signal;
	struct task_struct *exec_task;
	u64 start_ns;
};

/**
 * struct pm_thread - one user thread (current->pm_thread)
 * @tid: its thread id (== @proc->pid for the leader)
 * @proc: its thread group
 * @task: the scheduler task running it
 * @node: in @proc->threads (pm_tree_lock)
 * @regs: its user frame while in the kernel (syscall or trap entry), or NULL
 * @start_regs: a new thread's first user state (clone/fork/exec)
 * @clear_child_tid: CLONE_CHILD_CLEARTID / set_tid_address(): zeroed and
 *	futex-woken at exit
 * @robust_list: set_robust_list() head (recorded; TODO: walked at exit)
 * @syscall_nr, @syscall_args: the syscall in progress (restart after a signal)
 * @sig: blocked mask, pending set, altstack (signal.h)
 */
struct pm_thread {
	int tid;
	struct process *proc;
	struct task_struct *task;
	struct list_head node;
	struct pt_regs *regs;
	struct pt_regs start_regs;
	u64 clear_child_tid;
	u64 robust_list;
	long syscall_nr;
	unsigned long syscall_args[6];
	struct pm_thread_sig sig;
	/*
	 * Added by the process model:
	 * @set_child_tid: CLONE_CHILD_SETTID: the new thread writes its tid
	 *	here (in its own address space) before it first enters user mode
	 * @robust_len: set_robust_list()'s length (get_robust_list)
	 */
	u64 set_child_tid;
	u64 robust_len;
};

static inline struct pm_thread *current_thread(void)
{
	return current ? (struct pm_thread *)current->pm_thread : NULL;
}

/* The process the current task runs, or NULL (a kernel thread). */
static inline struct process *current_process(void)
{
	struct pm_thread *t = current_thread();

	return t ? t->proc : NULL;
}

/* process.c: address spaces, processes, threads (owner: process model) */
struct pm_mm *pm_mm_create(u32 mem_node);
void pm_mm_get(struct pm_mm *mm);
void pm_mm_put(struct pm_mm *mm);
struct process *pm_find_process(int pid);	/* with a reference, or NULL */
struct pm_thread *pm_find_thread_locked(int tid);	/* pm_tree_lock held */
void pm_process_get(struct process *p);
void pm_process_put(struct process *p);
__noreturn void pm_thread_exit(int code);	/* exit(): this thread only */
__noreturn void pm_group_exit(int wait_status);	/* exit_group / fatal signal */
int pm_map_page(struct pm_mm *mm, unsigned long va, phys_addr_t pa, u32 prot);
u64 pm_unmap_page(struct pm_mm *mm, unsigned long va);
u64 pm_lookup_pte(struct pm_mm *mm, unsigned long va);
u64 pm_clear_dirty(struct pm_mm *mm, unsigned long va);
void pm_enter_user(const struct pt_regs *regs) __noreturn;
void syscall_cpu_init(void *unused);
int pm_run_user_code(const void *code, size_t len, int *status);
void procbench_run(void);
void futex_init(void);			/* futex.c: boot, before user threads */
/* process.c, clone.c, exec.c, exit.c, futex.c: helpers (owner: process model) */
extern struct mutex pm_task_free_lock;	/* see process.c */
int pm_alloc_pid(void);
struct process *pm_find_process_locked(int pid);	/* pm_tree_lock held */
struct process *pm_process_alloc(void);
struct pm_thread *pm_thread_alloc(struct process *p, int tid);
int pm_thread_attach(struct pm_thread *t, struct pm_mm *mm, u64 fs_base);
void pm_process_link(struct process *p, struct process *parent);
int pm_read_user_u32_nofault(struct pm_mm *mm, unsigned long addr, u32 *val);
bool pm_must_stop(void);
void pm_set_comm(struct process *p, const char *path);
const char *pm_init_path(void);	/* a signal is pending or the group is exiting */
void pm_exit_notify(struct process *p);		/* exit.c: turn zombie, tell the parent */
int pm_futex_wake(struct pm_mm *mm, unsigned long uaddr, int nr);	/* futex.c */
int pm_get_timespec_ns(unsigned long uts, u64 *ns);			/* futex.c */
long pm_do_wait(int which, int id, int options, int *status, int *pidp);	/* exit.c */
void pm_stats_snapshot(u64 *m_pages, u64 *m_spaces);	/* leak check: M's counts */

/* signal.c (owner: signals) */
int pm_send_signal(struct process *p, int sig, const struct pm_siginfo *info);
int pm_send_signal_thread(struct pm_thread *t, int sig, const struct pm_siginfo *info);
void pm_force_signal(int sig, int code, unsigned long addr);	/* current, synchronous */
bool pm_signal_pending(void);		/* current thread has a deliverable signal */
struct pm_sighand *pm_sighand_alloc(void);
struct pm_sighand *pm_sighand_dup(struct pm_sighand *sh);
void pm_sighand_get(struct pm_sighand *sh);
void pm_sighand_put(struct pm_sighand *sh);
void pm_signals_exec(struct process *p);	/* handled -> default, at exec */
void pm_thread_sig_init(struct pm_thread *t, const struct pm_thread *parent);
void pm_signals_process_exit(struct process *p);	/* last thread gone: timers off */
bool pm_sigchld_autoreap(struct process *parent);	/* SIGCHLD ignored / SA_NOCLDWAIT */

/* fs/ (owner: files) */
struct pm_files *pm_files_alloc_console(void);	/* fds 0, 1, 2 on the console */
struct pm_files *pm_files_dup(struct pm_files *f);	/* fork: a copy */
void pm_files_get(struct pm_files *f);			/* CLONE_FILES: share */
void pm_files_put(struct pm_files *f);
void pm_files_exec(struct pm_files *f);			/* close O_CLOEXEC fds */
/*
 * pm_user_path() - copy a user path and make it absolute: relative to the
 * cwd (@dirfd AT_FDCWD = -100) or to directory fd @dirfd; "/proc/self/exe"
 * and other P-side symlinks resolved. @kpath has P2M_PATH_MAX bytes.
 * Return: 0, -EFAULT, -ENAMETOOLONG, -ENOENT, -EBADF, -ENOTDIR.
 */
long pm_user_path(int dirfd, const char __user *upath, char *kpath);
/* mmap of fd @fd: M's file handle and the open mode (O_ACCMODE). */
int pm_file_mmap_handle(int fd, s64 *handle, unsigned int *accmode);
void pm_console_write(const char *s, size_t len);

/* entry.S */
void syscall_entry(void);
unsigned long __copy_user_asm(void *dst, const void *src, unsigned long len);
/* lock cmpxchg on a user u32: 0 (*@cur: the value found) or -EFAULT */
int __futex_cmpxchg_user(u32 *uaddr, u32 old, u32 new, u32 *cur);
unsigned long __clear_user_asm(void *dst, unsigned long len);
int __get_user_u8(u8 *dst, const u8 *src);

/*
 * pm_real_to_mono_ns() - a CLOCK_REALTIME instant as a ktime_get_ns()
 * deadline (an instant before boot becomes 1: already past, never 0)
 */
static inline u64 pm_real_to_mono_ns(u64 real_ns)
{
	u64 offset = ktime_get_real_ns() - ktime_get_ns();

	return real_ns > offset ? real_ns - offset : 1;
}

/* syscall_table.c, syscalls.c */
void do_syscall(struct pt_regs *regs);
void pm_get_random_bytes(void *buf, size_t len);	/* getrandom, /dev/urandom */

/* pcache/pcache.c */
/*
 * struct pcache_stats - @refused: faults M answered with "no such page" or
 * "not allowed" (the process gets SIGSEGV: a program's bug or probe, not
 * ours); @errors: fetches or write-backs that failed (timeout, node down,
 * out of memory) - data may be lost, so make check wants 0.
 */
struct pcache_stats {
	u64 hits, misses, zero_fills, evictions, flushes, refused, errors;
};

/*
 * struct pcache_backend - where lines come from and go to
 * @fetch: fill @page with the page at @vaddr of @mm: 0 (data), 1 (zero-fill,
 *	@page untouched), or a negative errno; *@prot gets PM_PROT_*
 * @flush: write @page back for @vaddr of @mm; 0 or a negative errno
 */
struct pcache_backend {
	int (*fetch)(struct pm_mm *mm, unsigned long vaddr, u32 flags,
		     void *page, u32 *prot);
	int (*flush)(struct pm_mm *mm, unsigned long vaddr, const void *page);
};

int pcache_init(void);
bool pcache_ready(void);
int pcache_fault(struct pm_mm *mm, unsigned long vaddr, unsigned long err);
void pcache_drop_range(struct pm_mm *mm, unsigned long start, unsigned long end,
		       bool writeback);
void pcache_get_stats(struct pcache_stats *s);
void pcache_show_stats(void);
unsigned int pcache_nr_sets(void);
unsigned int pcache_nr_ways(void);
const struct pcache_backend *pcache_set_backend(const struct pcache_backend *b);
unsigned int pcache_lines_of(struct pm_mm *mm);
unsigned int pcache_lines_used(void);
void pcache_writeback_range(struct pm_mm *mm, unsigned long start, unsigned long end);

#endif /* _MANAGERS_PROCESSOR_PM_H */
