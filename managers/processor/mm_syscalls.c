// SPDX-License-Identifier: GPL-2.0
/*
 * The memory system calls: forwarded to the memory manager over FIT, with
 * the pcache lines of the range dropped or written back to follow.
 */
#include <tessera/errno.h>
#include <tessera/fit.h>
#include <tessera/kernel.h>
#include <tessera/printk.h>
#include <asm/page.h>
#include <asm/uaccess.h>
#include "pm.h"
#include "syscalls.h"

#define MAP_ANONYMOUS		0x20
#define MADV_DONTNEED		4
#define MADV_FREE		8

/* Forward a memory call to M; the reply carries the syscall's result. */
static long mm_call(struct pm_mm *mm, u32 op, unsigned long addr,
		    unsigned long len, unsigned long prot, unsigned long flags,
		    unsigned long offset)
{
	struct p2m_mm_req req = {
		.pid = mm->id, .addr = addr, .len = len, .prot = prot,
		.flags = flags, .fd_file = -1, .offset = offset,
	};
	struct p2m_mm_reply reply;
	int ret;

	ret = fit_call(mm->mem_node, op, &req, sizeof(req), &reply, sizeof(reply), 0);
	if (ret < 0)
		return ret;
	if (ret != sizeof(reply))
		return -EIO;
	return reply.ret;
}

static unsigned long page_up(unsigned long x)
{
	return (x + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}

SYSCALL_DEFINE6(mmap, unsigned long, addr, unsigned long, len, unsigned long, prot,
		unsigned long, flags, unsigned long, fd, unsigned long, off)
{
	struct pm_mm *mm = current_process()->mm;

	static bool warned;

	if (!(flags & MAP_ANONYMOUS)) {
		if (!warned) {
			warned = true;
			pr_warn("TODO: file mmap needs the fd table: -ENODEV\n");
		}
		(void)fd;
		return -ENODEV;
	}
	return mm_call(mm, P2M_MMAP, addr, len, prot, flags, off);
}

static long mem_range(struct pm_mm *mm, u32 op, unsigned long addr,
			  unsigned long len, unsigned long a2)
{
	long ret;

	if (addr & (PAGE_SIZE - 1) || !access_ok(addr, len))
		return -EINVAL;
	ret = mm_call(mm, op, addr, len, a2, 0, 0);
	if (ret < 0)
		return ret;
	/* P's lines must follow: drop them (write back unless discarded). */
	if (op == P2M_MUNMAP)
		pcache_drop_range(mm, addr, addr + page_up(len), false);
	else if (op == P2M_MPROTECT)
		pcache_drop_range(mm, addr, addr + page_up(len), true);
	else if (op == P2M_MADVISE && (a2 == MADV_DONTNEED || a2 == MADV_FREE))
		pcache_drop_range(mm, addr, addr + page_up(len), false);
	return ret;
}

SYSCALL_DEFINE5(mremap, unsigned long, addr, unsigned long, old_len,
		unsigned long, new_len, unsigned long, flags, unsigned long, new_addr)
{
	struct pm_mm *mm = current_process()->mm;
	long ret;

	if (addr & (PAGE_SIZE - 1) || !access_ok(addr, old_len))
		return -EINVAL;
	/* Write the old lines back first so M moves current data. */
	pcache_drop_range(mm, addr, addr + page_up(old_len), true);
	ret = mm_call(mm, P2M_MREMAP, addr, old_len, new_len, flags, new_addr);
	return ret;
}

SYSCALL_DEFINE1(brk, unsigned long, addr)
{
	struct pm_mm *mm = current_process()->mm;
	long ret;

	mutex_lock(&mm->lock);
	ret = mm_call(mm, P2M_BRK, addr, 0, 0, 0, 0);
	/* A shrink freed those pages on M: drop P's lines, data discarded. */
	if (ret > 0 && (u64)ret < mm->brk)
		pcache_drop_range(mm, page_up(ret), page_up(mm->brk), false);
	if (ret > 0)
		mm->brk = ret;
	mutex_unlock(&mm->lock);
	return ret;
}

SYSCALL_DEFINE2(munmap, unsigned long, addr, unsigned long, len)
{
	return mem_range(current_process()->mm, P2M_MUNMAP, addr, len, 0);
}

SYSCALL_DEFINE3(mprotect, unsigned long, addr, unsigned long, len, unsigned long, prot)
{
	return mem_range(current_process()->mm, P2M_MPROTECT, addr, len, prot);
}

SYSCALL_DEFINE3(madvise, unsigned long, addr, unsigned long, len, unsigned long, advice)
{
	return mem_range(current_process()->mm, P2M_MADVISE, addr, len, advice);
}
