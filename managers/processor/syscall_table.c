// SPDX-License-Identifier: GPL-2.0
/*
 * The system call dispatcher: the table built from PM_SYSCALLS, the
 * once-per-number log of unknown calls, and the C side of the entry.
 */
#include <tessera/errno.h>
#include <tessera/kernel.h>
#include <tessera/printk.h>
#include <asm/irqflags.h>
#include <asm/uaccess.h>
#include "pm.h"
#include "syscalls.h"

#define SC_ENTRY(nr, name)	[nr] = sys_##name,
static const pm_syscall_fn syscall_table[PM_NR_SYSCALLS] = {
	PM_SYSCALLS(SC_ENTRY)
};
#undef SC_ENTRY

#define SC_NAME(nr, name)	[nr] = #name,
static const char *const syscall_names[PM_NR_SYSCALLS] = {
	PM_SYSCALLS(SC_NAME)
	[27] = "mincore", [41] = "socket", [42] = "connect", [43] = "accept", [44] = "sendto",
	[45] = "recvfrom", [49] = "bind", [50] = "listen", [53] = "socketpair",
	[232] = "epoll_wait", [233] = "epoll_ctl", [281] = "epoll_pwait",
	[284] = "eventfd", [290] = "eventfd2", [291] = "epoll_create1",
};
#undef SC_NAME

static unsigned long logged[PM_NR_SYSCALLS / 64];	/* atomic bit ops */

/**
 * sys_ni() - the answer to a call Tessera does not implement
 * @nr: its number
 *
 * Logs its name and number the first time each number is seen.
 * Return: -ENOSYS.
 * Context: any.
 */
long sys_ni(unsigned long nr)
{
	const char *name = nr < PM_NR_SYSCALLS ? syscall_names[nr] : NULL;

	if (nr >= PM_NR_SYSCALLS ||
	    !(__atomic_fetch_or(&logged[nr / 64], 1UL << (nr % 64),
				__ATOMIC_RELAXED) & (1UL << (nr % 64))))
		pr_warn("syscall %s (%lu) not implemented: -ENOSYS\n",
			name ? name : "?", nr);
	return -ENOSYS;
}

/**
 * do_syscall() - C side of the syscall entry
 * @regs: the saved user registers; %rax gets the result
 *
 * Records the call in the thread (for restarts after a signal), runs it,
 * and leaves through exit_to_user_mode() with interrupts off.
 * Context: the calling thread's task, interrupts on.
 */
void do_syscall(struct pt_regs *regs)
{
	struct pm_thread *t = current_thread();
	unsigned long nr = regs->rax;
	long ret;

	if (!t) {
		regs->rax = -ENOSYS;
		return;
	}
	t->regs = regs;
	t->syscall_nr = nr;
	t->syscall_args[0] = regs->rdi;
	t->syscall_args[1] = regs->rsi;
	t->syscall_args[2] = regs->rdx;
	t->syscall_args[3] = regs->r10;
	t->syscall_args[4] = regs->r8;
	t->syscall_args[5] = regs->r9;
	if (nr < PM_NR_SYSCALLS && syscall_table[nr])
		ret = syscall_table[nr](regs);
	else
		ret = sys_ni(nr);
	regs->rax = ret;
	local_irq_disable();
	exit_to_user_mode(regs);
	t->syscall_nr = -1;
	t->regs = NULL;
}
