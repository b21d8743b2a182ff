// SPDX-License-Identifier: GPL-2.0
/*
 * execve and execveat: a fresh address space loaded by M (P2M_EXEC), the
 * other threads ended, and the caller's frame rewritten to the new entry.
 */
#include <tessera/errno.h>
#include <tessera/fit.h>
#include <tessera/kernel.h>
#include <tessera/printk.h>
#include <tessera/sched.h>
#include <tessera/slab.h>
#include <tessera/string.h>
#include <asm/fpu.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include <asm/uaccess.h>
#include "pm.h"
#include "syscalls.h"

#define AT_FDCWD		(-100)
#define AT_SYMLINK_NOFOLLOW	0x100
#define AT_EMPTY_PATH		0x1000

/*
 * Append the strings of the user array @uv (NULL-terminated; a NULL @uv is
 * empty) to @req->args at *@pos; *@count gets their number.
 */
static int copy_strings(struct p2m_exec_req *req, u32 *pos,
			const u64 __user *uv, u32 *count)
{
	u32 n;
	long len;
	u64 ptr;

	*count = 0;
	if (!uv)
		return 0;
	for (n = 0;; n++) {
		if (copy_from_user(&ptr, uv + n, sizeof(ptr)))
			return -EFAULT;
		if (!ptr)
			break;
		if (*pos >= P2M_EXEC_ARGS_MAX)
			return -E2BIG;
		len = strncpy_from_user(req->args + *pos, (const char __user *)ptr,
					P2M_EXEC_ARGS_MAX - *pos);
		if (len == -ENAMETOOLONG)
			return -E2BIG;
		if (len < 0)
			return len;
		*pos += len + 1;
	}
	*count = n;
	return 0;
}

/* Path, argv and envp from user memory into @req. */
static long exec_fill_req(struct p2m_exec_req *req, int dirfd,
			  const char __user *upath, const u64 __user *argv,
			  const u64 __user *envp, int flags)
{
	u32 pos = 0;
	long ret;

	ret = pm_user_path(dirfd, upath, req->path);
	if (ret == -ENOENT && (flags & AT_EMPTY_PATH)) {
		pr_warn_once("execveat: AT_EMPTY_PATH (exec of an fd) not supported: TODO\n");
		return -ENOENT;
	}
	if (ret)
		return ret;
	ret = copy_strings(req, &pos, argv, &req->argc);
	if (!ret)
		ret = copy_strings(req, &pos, envp, &req->envc);
	req->args_len = pos;
	return ret;
}

/* M loads the image into a new address space; the old one is untouched. */
static struct pm_mm *exec_load(struct pm_mm *old, struct p2m_exec_req *req,
			       struct p2m_exec_reply *reply, long *err)
{
	struct pm_mm *mm = pm_mm_create(old->mem_node);
	u32 len = offsetof(struct p2m_exec_req, args) + req->args_len;
	int ret;

	if (!mm) {
		*err = -ENOMEM;
		return NULL;
	}
	req->pid = mm->id;
	ret = fit_call(mm->mem_node, P2M_EXEC, req, len, reply, sizeof(*reply), 0);
	if (ret >= 0 && ret != sizeof(*reply))
		ret = -EPROTO;
	if (ret < 0) {
		pm_mm_put(mm);
		*err = ret;
		return NULL;
	}
	mm->on_m = true;
	mm->brk = reply->brk;
	mm->brk_start = reply->brk;
	return mm;
}

/*
 * End every other thread of the process (the point of no return). They
 * see PM_EXITING with @exec_task set and leave through pm_thread_exit().
 * Return: 0, or -EINTR when a group exit came first or meanwhile.
 */
static int exec_de_thread(struct pm_thread *self)
{
	struct process *p = self->proc;
	struct pm_thread *t;
	unsigned long flags;
	int ret = 0;

	spin_lock_irqsave(&pm_tree_lock, flags);
	if (p->state != PM_ALIVE) {
		spin_unlock_irqrestore(&pm_tree_lock, flags);
		return -EINTR;
	}
	if (p->nr_threads > 1) {
		p->state = PM_EXITING;
		p->exec_task = current;
		list_for_each_entry(t, &p->threads, node)
			if (t != self)
				wake_up_state(t->task, TASK_INTERRUPTIBLE);
		for (;;) {
			set_current_state(TASK_UNINTERRUPTIBLE);
			if (p->exec_task != current) {
				ret = -EINTR;	/* pm_group_exit() took over */
				break;
			}
			if (p->nr_threads == 1)
				break;
			spin_unlock_irqrestore(&pm_tree_lock, flags);
			schedule();
			spin_lock_irqsave(&pm_tree_lock, flags);
		}
		__set_current_state(TASK_RUNNING);
		if (!ret) {
			p->exec_task = NULL;
			p->state = PM_ALIVE;
		}
	}
	if (!ret)
		self->tid = p->pid;	/* a non-leader takes the leader's id */
	spin_unlock_irqrestore(&pm_tree_lock, flags);
	return ret;
}

/* A sighand shared with another process (vfork) is copied first. */
static void exec_unshare_sighand(struct process *p)
{
	struct pm_sighand *sh = p->sighand, *n;

	if (!sh || __atomic_load_n(&sh->refs, __ATOMIC_ACQUIRE) <= 1)
		return;
	n = pm_sighand_dup(sh);
	if (!n)
		return;		/* TODO: keep sharing when out of memory */
	p->sighand = n;
	pm_sighand_put(sh);
}

/* Past the point of no return: switch to @mm and reset the rest. */
static void exec_commit(struct pt_regs *regs, struct pm_mm *mm,
			const struct p2m_exec_req *req,
			const struct p2m_exec_reply *reply)
{
	struct pm_thread *t = current_thread();
	struct process *p = t->proc;
	struct pm_mm *old = p->mm;
	struct completion *vfork;
	unsigned long flags;

	p->mm = mm;
	current->user_cr3 = __pa(mm->pgd);
	current->fs_base = 0;
	arch_set_user_context(current);
	pm_mm_put(old);
	fpu_reset_current();
	pm_files_exec(p->files);
	exec_unshare_sighand(p);
	pm_signals_exec(p);
	strscpy(p->exe, req->path, sizeof(p->exe));
	pm_set_comm(p, req->path);
	t->clear_child_tid = 0;
	t->robust_list = 0;
	spin_lock_irqsave(&pm_tree_lock, flags);
	vfork = p->vfork_done;
	p->vfork_done = NULL;
	spin_unlock_irqrestore(&pm_tree_lock, flags);
	if (vfork)
		complete(vfork);
	memset(regs, 0, sizeof(*regs));
	regs->rip = reply->entry;
	regs->rsp = reply->stack;
	regs->cs = __USER_CS;
	regs->ss = __USER_DS;
	regs->rflags = X86_EFLAGS_IF;
}

static long do_execve(struct pt_regs *regs, int dirfd, const char __user *upath,
		      const u64 __user *argv, const u64 __user *envp, int flags)
{
	struct pm_thread *t = current_thread();
	struct p2m_exec_reply reply;
	struct p2m_exec_req *req;
	struct pm_mm *mm;
	long ret;

	if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW))
		return -EINVAL;
	req = kzalloc(sizeof(*req), GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	ret = exec_fill_req(req, dirfd, upath, argv, envp, flags);
	if (ret)
		goto out;
	mm = exec_load(t->proc->mm, req, &reply, &ret);
	if (!mm)
		goto out;
	ret = exec_de_thread(t);
	if (ret) {
		pm_mm_put(mm);	/* exiting: exit_to_user_mode() ends us */
		goto out;
	}
	exec_commit(regs, mm, req, &reply);
	ret = 0;	/* %rax of the new image */
out:
	kfree(req);
	return ret;
}

SYSCALL_DEFINE3(execve, const char __user *, path, const u64 __user *, argv,
		const u64 __user *, envp)
{
	return do_execve(current_thread()->regs, AT_FDCWD, path, argv, envp, 0);
}

SYSCALL_DEFINE5(execveat, int, dirfd, const char __user *, path,
		const u64 __user *, argv, const u64 __user *, envp, int, flags)
{
	return do_execve(current_thread()->regs, dirfd, path, argv, envp, flags);
}
