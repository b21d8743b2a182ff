// SPDX-License-Identifier: GPL-2.0
/*
 * Weak stand-ins for system calls and hooks not written yet: each answers
 * -ENOSYS through sys_ni() (logged once). Real handlers override them; this
 * file shrinks to nothing as they land. `nm tessera.elf | grep ' W '` lists
 * what is still missing.
 */
#include <tessera/errno.h>
#include <tessera/kernel.h>
#include <tessera/printk.h>
#include <tessera/slab.h>
#include <asm/uaccess.h>
#include "pm.h"
#include "syscalls.h"

#define SC_WEAK(nr, name)						\
	long __weak sys_##name(struct pt_regs *regs) { return sys_ni(nr); }
PM_SYSCALLS(SC_WEAK)
#undef SC_WEAK

/* ---- signals (signal.c replaces these) ---- */

void __weak exit_to_user_mode(struct pt_regs *regs)
{
	struct process *p = current_process();

	(void)regs;
	if (p && READ_ONCE(p->state) == PM_EXITING)
		pm_thread_exit(0);
}

void __weak pm_force_signal(int sig, int code, unsigned long addr)
{
	struct pm_thread *t = current_thread();

	(void)code;
	pr_err("pid %d: signal %d at %lx (ip %lx): TODO: no handlers yet, killed\n",
	       t->tid, sig, addr, t->regs ? (unsigned long)t->regs->rip : 0UL);
	pm_group_exit(sig);
}

bool __weak pm_signal_pending(void) { return false; }

struct pm_sighand *__weak pm_sighand_alloc(void)
{
	struct pm_sighand *sh = kzalloc(sizeof(*sh), GFP_KERNEL);

	if (sh)
		sh->refs = 1;
	return sh;
}

void __weak pm_sighand_put(struct pm_sighand *sh)
{
	if (sh && !__atomic_sub_fetch(&sh->refs, 1, __ATOMIC_ACQ_REL))
		kfree(sh);
}

void __weak pm_thread_sig_init(struct pm_thread *t, const struct pm_thread *parent)
{
	if (parent)
		t->sig.blocked = parent->sig.blocked;
}

/* ---- files (fs/ replaces these) ---- */

struct pm_files *__weak pm_files_alloc_console(void)
{
	static int dummy;

	return (struct pm_files *)&dummy;	/* the interim console ignores it */
}

void __weak pm_files_put(struct pm_files *f) { (void)f; }

int __weak pm_send_signal(struct process *p, int sig, const struct pm_siginfo *info)
{
	(void)p; (void)sig; (void)info;
	return 0;	/* TODO(signals): interim, signals are dropped */
}

int __weak pm_send_signal_thread(struct pm_thread *t, int sig, const struct pm_siginfo *info)
{
	(void)t; (void)sig; (void)info;
	return 0;	/* TODO(signals): interim, signals are dropped */
}

struct pm_sighand *__weak pm_sighand_dup(struct pm_sighand *sh)
{
	struct pm_sighand *n = kzalloc(sizeof(*n), GFP_KERNEL);

	if (n) {
		*n = *sh;
		n->refs = 1;
	}
	return n;
}

void __weak pm_sighand_get(struct pm_sighand *sh)
{
	__atomic_fetch_add(&sh->refs, 1, __ATOMIC_RELAXED);
}

void __weak pm_signals_exec(struct process *p) { (void)p; }
void __weak pm_signals_process_exit(struct process *p) { (void)p; }
bool __weak pm_sigchld_autoreap(struct process *parent) { (void)parent; return false; }

struct pm_files *__weak pm_files_dup(struct pm_files *f) { return f; }
void __weak pm_files_get(struct pm_files *f) { (void)f; }
void __weak pm_files_exec(struct pm_files *f) { (void)f; }

int __weak pm_file_mmap_handle(int fd, s64 *handle, unsigned int *accmode)
{
	(void)fd; (void)handle; (void)accmode;
	return -ENODEV;	/* TODO(files): interim, no file mappings */
}

long __weak pm_user_path(int dirfd, const char __user *upath, char *kpath)
{
	long n = strncpy_from_user(kpath, upath, P2M_PATH_MAX);

	(void)dirfd;
	if (n < 0)
		return n;
	return kpath[0] == '/' ? 0 : -ENOENT;	/* TODO(files): interim, absolute only */
}
