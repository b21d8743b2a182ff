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
#define MREMAP_FIXED		2
#define MADV_DONTNEED		4
#define MADV_FREE		8
#define MS_ASYNC		1
#define MS_INVALIDATE		2
#define MS_SYNC			4
#define O_ACCMODE		3
#define O_WRONLY		1
#define PROT_WRITE		0x2
#define MAP_SHARED		0x01

/* Forward a memory call to M; the reply carries the syscall's result. */
static long mm_call_file(struct pm_mm *mm, u32 op, unsigned long addr,
			 unsigned long len, unsigned long prot, unsigned long flags,
			 unsigned long offset, s64 fd_file)
{
	struct p2m_mm_req req = {
		.pid = mm->id, .addr = addr, .len = len, .prot = prot,
		.flags = flags, .fd_file = fd_file, .offset = offset,
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

static long mm_call(struct pm_mm *mm, u32 op, unsigned long addr,
		    unsigned long len, unsigned long prot, unsigned long flags,
		    unsigned long offset)
{
	return mm_call_file(mm, op, addr, len, prot, flags, offset, -1);
}

static unsigned long page_up(unsigned long x)
{
	return (x + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}

SYSCALL_DEFINE6(mmap, unsigned long, addr, unsigned long, len, unsigned long, prot,
		unsigned long, flags, unsigned long, fd, unsigned long, off)
{
	struct pm_mm *mm = current_process()->mm;
	unsigned int accmode;
	s64 handle;
	int ret;

	if (off & (PAGE_SIZE - 1))
		return -EINVAL;
	if (flags & MAP_ANONYMOUS)
		return mm_call(mm, P2M_MMAP, addr, len, prot, flags, off);
	ret = pm_file_mmap_handle((int)fd, &handle, &accmode);
	if (ret)
		return ret;
	/* Private mappings may be written whatever the open mode: copies. */
	if ((accmode & O_ACCMODE) == O_WRONLY)
		return -EACCES;
	if ((flags & MAP_SHARED) && (prot & PROT_WRITE) &&
	    (accmode & O_ACCMODE) != 2)
		return -EACCES;
	return mm_call_file(mm, P2M_MMAP, addr, len, prot, flags, off, handle);
}

static long mem_range(struct pm_mm *mm, u32 op, unsigned long addr,
			  unsigned long len, unsigned long a2)
{
	long ret;

	bool discard = op == P2M_MUNMAP ||
		       (op == P2M_MADVISE && (a2 == MADV_DONTNEED || a2 == MADV_FREE));
	unsigned long end;

	if (addr & (PAGE_SIZE - 1) || !access_ok(addr, len))
		return -EINVAL;
	end = addr + page_up(len);
	/*
	 * Discarded data: drop P's lines before M frees the pages, so that no
	 * eviction in flight writes one back afterwards. Not again after: by
	 * then another thread may have mapped and written that range anew.
	 * (A thread touching the range during the call races by itself.)
	 */
	if (discard && len)
		pcache_drop_range(mm, addr, end, false);
	ret = mm_call(mm, op, addr, len, a2, 0, 0);
	if (ret < 0)
		return ret;
	/* mprotect: refetch with the new permission; write dirty data back. */
	if (op == P2M_MPROTECT)
		pcache_drop_range(mm, addr, end, true);
	return ret;
}

SYSCALL_DEFINE5(mremap, unsigned long, addr, unsigned long, old_len,
		unsigned long, new_len, unsigned long, flags, unsigned long, new_addr)
{
	struct pm_mm *mm = current_process()->mm;

	if (addr & (PAGE_SIZE - 1) || !access_ok(addr, old_len))
		return -EINVAL;
	/* Write the old lines back first so M moves current data. */
	pcache_drop_range(mm, addr, addr + page_up(old_len), true);
	if ((flags & MREMAP_FIXED) && !(new_addr & (PAGE_SIZE - 1)) &&
	    access_ok(new_addr, new_len))
		pcache_drop_range(mm, new_addr, new_addr + page_up(new_len), false);
	/* Not dropped again after the call: see mem_range(). */
	return mm_call(mm, P2M_MREMAP, addr, old_len, new_len, flags, new_addr);
}

SYSCALL_DEFINE1(brk, unsigned long, addr)
{
	struct pm_mm *mm = current_process()->mm;
	long ret;

	mutex_lock(&mm->lock);
	/* A shrink M will accept: drop the lines first (see mem_range()). */
	if (addr >= mm->brk_start && addr < mm->brk && page_up(addr) < page_up(mm->brk))
		pcache_drop_range(mm, page_up(addr), page_up(mm->brk), false);
	ret = mm_call(mm, P2M_BRK, addr, 0, 0, 0, 0);
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

SYSCALL_DEFINE3(msync, unsigned long, addr, unsigned long, len, int, flags)
{
	if (addr & (PAGE_SIZE - 1) || !access_ok(addr, len))
		return -EINVAL;
	if (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC))
		return -EINVAL;
	if ((flags & MS_ASYNC) && (flags & MS_SYNC))
		return -EINVAL;
	/* Only private mappings exist: there is nothing to write to a file.
	 * TODO: -ENOMEM for unmapped ranges needs a query to M. */
	return 0;
}
