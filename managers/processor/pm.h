/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Processor manager internals: processes on top of scheduler tasks, user
 * page tables, the syscall layer and the pcache, shared by managers/processor/.
 */
#ifndef _MANAGERS_PROCESSOR_PM_H
#define _MANAGERS_PROCESSOR_PM_H

#include <tessera/completion.h>
#include <tessera/spinlock.h>
#include <tessera/types.h>
#include <tessera/rpc/p2m.h>
#include <asm/ptrace.h>
#include <asm/setjmp.h>

struct task_struct;

#define PM_PROT_READ		0x1	/* Linux PROT_* values, as M reports them */
#define PM_PROT_WRITE		0x2
#define PM_PROT_EXEC		0x4

#define SIGILL			4
#define SIGFPE			8
#define SIGSEGV			11

/**
 * struct process - one user process (single-threaded in this version)
 * @pid: its pid, also M's address-space id
 * @mem_node: the FIT node of its memory manager (FIT_NODE_SELF in role=single)
 * @pgd: its PML4 (kernel half shared with the kernel's), direct-map address
 * @pt_lock: protects the user half of @pgd (all levels)
 * @task: the scheduler task running it
 * @cpu: the CPU it is pinned to (CR3 is not switched by the scheduler yet)
 * @fs_base: its FS base (arch_prctl)
 * @tid_address: set_tid_address() value (cleared at exit: TODO futex wake)
 * @exit_status: wait status-style exit code (0..255)
 * @exit_jb: where process_exit() returns to, in the thread's first frame
 * @done: completed once everything is freed except this struct
 * @entry: first user RIP; @stack: first user RSP
 * @brk: the program break as M last reported it (exec, brk)
 * @exe: the path it was executed from (readlink /proc/self/exe)
 * @user_code: for ktests, a page of machine code mapped at @entry by hand
 */
struct process {
	int pid;
	u32 mem_node;
	u64 *pgd;
	spinlock_t pt_lock;
	struct task_struct *task;
	unsigned int cpu;
	u64 fs_base;
	u64 tid_address;
	int exit_status;
	struct kjmp_buf exit_jb;
	struct completion done;
	u64 entry;
	u64 stack;
	u64 brk;
	char exe[P2M_PATH_MAX];
	void *user_code;
	unsigned long saved_stack_size;
};

/* process.c */
struct process *current_process(void);
struct process *process_create(u32 mem_node);
int process_start(struct process *p);
int process_wait(struct process *p);
void process_free(struct process *p);
__noreturn void process_exit(int status);
__noreturn void process_kill(struct process *p, int sig, unsigned long addr,
			     const struct pt_regs *regs);
int pm_map_page(struct process *p, unsigned long va, phys_addr_t pa, u32 prot);
u64 pm_unmap_page(struct process *p, unsigned long va);
u64 pm_lookup_pte(struct process *p, unsigned long va);
void pm_enter_user(const struct pt_regs *regs) __noreturn;
void syscall_cpu_init(void *unused);
int pm_run_user_code(const void *code, size_t len, int *status);
void procbench_run(void);

/* syscalls.c */
void do_syscall(struct pt_regs *regs);
long pm_syscall(struct process *p, unsigned long nr, unsigned long a0,
		unsigned long a1, unsigned long a2, unsigned long a3,
		unsigned long a4, unsigned long a5);
void pm_console_write(const char *s, size_t len);

/* entry.S */
void syscall_entry(void);
unsigned long __copy_user_asm(void *dst, const void *src, unsigned long len);
unsigned long __clear_user_asm(void *dst, unsigned long len);
int __get_user_u8(u8 *dst, const u8 *src);

/* pcache/pcache.c */
struct pcache_stats {
	u64 hits, misses, zero_fills, evictions, flushes, errors;
};

/*
 * struct pcache_backend - where lines come from and go to
 * @fetch: fill @page with the page at @vaddr of @p: 0 (data), 1 (zero-fill,
 *	@page untouched), or a negative errno; *@prot gets PM_PROT_*
 * @flush: write @page back for @vaddr of @p; 0 or a negative errno
 */
struct pcache_backend {
	int (*fetch)(struct process *p, unsigned long vaddr, u32 flags,
		     void *page, u32 *prot);
	int (*flush)(struct process *p, unsigned long vaddr, const void *page);
};

int pcache_init(void);
bool pcache_ready(void);
int pcache_fault(struct process *p, unsigned long vaddr, unsigned long err);
void pcache_drop_range(struct process *p, unsigned long start, unsigned long end,
		       bool writeback);
void pcache_get_stats(struct pcache_stats *s);
void pcache_show_stats(void);
unsigned int pcache_nr_sets(void);
unsigned int pcache_nr_ways(void);
const struct pcache_backend *pcache_set_backend(const struct pcache_backend *b);
unsigned int pcache_lines_of(struct process *p);

#endif /* _MANAGERS_PROCESSOR_PM_H */
