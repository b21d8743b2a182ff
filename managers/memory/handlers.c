// SPDX-License-Identifier: GPL-2.0
/*
 * The memory manager's P2M_* FIT handlers: each validates the whole request
 * (length, fields, pid, address, VMA, permission) before it changes state.
 */
#include <tessera/string.h>
#include <tessera/printk.h>
#include <tessera/rpc/p2m.h>
#include "internal.h"

/* Statistics; updated under mm_lock. */
struct mm_counters mm_counters;

static int bad(void)
{
	mm_counters.bad_request++;
	return -EINVAL;
}

static int fault(int err)
{
	mm_counters.fault++;
	return err;
}

static bool user_page_ok(u64 va)
{
	return !(va & (PAGE_SIZE - 1)) && va < MM_USER_END;
}

/* A user range [addr, addr + len) inside the user half, len > 0. */
static bool user_range_ok(u64 addr, u64 len)
{
	return len && addr < MM_USER_END && len <= MM_USER_END - addr;
}

static struct mm_space *lookup_space(u32 pid)
{
	struct mm_space *s = space_find(pid);

	if (!s)
		mm_counters.no_space++;
	return s;
}

/* Count the NUL-terminated strings in @args[0..len): -1 if malformed. */
static int count_strings(const char *args, u32 len)
{
	u32 off = 0;
	int n = 0;

	while (off < len) {
		const char *nul = memchr(args + off, '\0', len - off);

		if (!nul)
			return -1;
		off = nul - args + 1;
		n++;
	}
	return n;
}

static int do_exec(const struct p2m_exec_req *rq, struct p2m_exec_reply *rp)
{
	struct ramfs_inode *file;
	struct mm_space *s, *old;
	struct elf_info info;
	u64 sp;
	int ret;

	ret = ramfs_lookup(rq->path, &file);
	if (ret)
		return ret;
	if ((file->mode & RAMFS_S_IFMT) != RAMFS_S_IFREG)
		return -EACCES;
	s = space_alloc(rq->pid);
	if (!s)
		return -ENOMEM;
	ret = elf_load(s, file, &info);
	if (!ret)
		ret = stack_build(s, &info, rq->path, rq->args, rq->argc,
				  rq->envc, &sp);
	if (ret) {
		space_destroy(s);
		return ret;
	}
	s->brk_start = ALIGN(info.load_end, PAGE_SIZE);
	s->brk = s->brk_start;
	/* Commit: the new image replaces the old one. */
	old = space_find(rq->pid);
	if (old)
		space_destroy(old);
	space_publish(s);
	rp->entry = info.entry;
	rp->stack = sp;
	rp->brk = s->brk;
	return sizeof(*rp);
}

/* The request may end after @args_len bytes of @args. */
static bool exec_req_ok(const struct fit_msg *msg, u32 reply_max)
{
	const struct p2m_exec_req *rq = msg->req;
	u32 hdr = offsetof(struct p2m_exec_req, args);
	int n;

	if (msg->req_len < hdr || msg->req_len > sizeof(*rq) ||
	    reply_max < sizeof(struct p2m_exec_reply))
		return false;
	if (rq->args_len > msg->req_len - hdr ||
	    !memchr(rq->path, '\0', sizeof(rq->path)) || rq->path[0] != '/')
		return false;
	n = count_strings(rq->args, rq->args_len);
	return n >= 0 && (u64)rq->argc + rq->envc == (u64)n;
}

/**
 * p2m_exec_handler() - P2M_EXEC: load an ELF from ramfs into a fresh space
 * @msg: struct p2m_exec_req, possibly cut after @args_len bytes of args
 * @reply: struct p2m_exec_reply; @reply_max: its room
 * Return: sizeof(struct p2m_exec_reply), -EINVAL (malformed), -ENOENT,
 * -EACCES (not a regular file), -ENOEXEC, -ENOMEM.
 * Context: FIT handler thread; takes mm_lock.
 */
int p2m_exec_handler(const struct fit_msg *msg, void *reply, u32 reply_max)
{
	const struct p2m_exec_req *rq = msg->req;
	int ret;

	mutex_lock(&mm_lock);
	if (!exec_req_ok(msg, reply_max)) {
		ret = bad();
		goto out;
	}
	ret = do_exec(rq, reply);
out:
	mutex_unlock(&mm_lock);
	return ret;
}

/* Whether a fault of kind @flags is allowed in @v. */
static bool access_ok_vma(const struct vma *v, u32 flags)
{
	if (flags & P2M_MISS_WRITE)
		return v->prot & MM_PROT_WRITE;
	if (flags & P2M_MISS_EXEC)
		return v->prot & MM_PROT_EXEC;
	return v->prot & MM_PROT_MASK;
}

/**
 * p2m_miss_handler() - P2M_PCACHE_MISS: the contents of one user page
 * @msg: struct p2m_miss_req
 * @reply: struct p2m_miss_reply; needs 8 + 4096 bytes of room
 *
 * A page never written and not file-backed is answered with the 8-byte
 * header and P2M_MISS_ZERO: nothing is allocated on M until P flushes it.
 * Return: 8 + 4096 (data), 8 (zero-fill), -EINVAL, -ESRCH, -EFAULT (no
 * VMA), -EACCES (the VMA forbids this access), -EMSGSIZE (reply too small).
 * Context: FIT handler thread; takes mm_lock.
 */
int p2m_miss_handler(const struct fit_msg *msg, void *reply, u32 reply_max)
{
	const struct p2m_miss_req *rq = msg->req;
	struct p2m_miss_reply *rp = reply;
	struct mm_space *s;
	struct vma *v;
	int ret;

	mutex_lock(&mm_lock);
	if (msg->req_len != sizeof(*rq) || !user_page_ok(rq->vaddr) ||
	    (rq->flags & ~(P2M_MISS_WRITE | P2M_MISS_EXEC))) {
		ret = bad();
		goto out;
	}
	ret = -EMSGSIZE;
	if (reply_max < sizeof(*rp))
		goto out;
	ret = -ESRCH;
	s = lookup_space(rq->pid);
	if (!s)
		goto out;
	v = vma_find(s, rq->vaddr);
	if (!v) {
		ret = fault(-EFAULT);
		goto out;
	}
	if (!access_ok_vma(v, rq->flags)) {
		ret = fault(-EACCES);
		goto out;
	}
	mm_counters.miss++;
	rp->prot = v->prot;
	rp->flags = 0;
	if (space_read_page(s, v, rq->vaddr, rp->data)) {
		ret = sizeof(*rp);
	} else {
		rp->flags = P2M_MISS_ZERO;
		mm_counters.miss_zero++;
		ret = offsetof(struct p2m_miss_reply, data);
	}
out:
	mutex_unlock(&mm_lock);
	return ret;
}

/**
 * p2m_flush_handler() - P2M_PCACHE_FLUSH: store a dirty user page
 * @msg: struct p2m_flush_req
 *
 * The page must lie in a VMA, but the VMA need not be writable any more:
 * P writes dirty lines back after M has dropped PROT_WRITE (mprotect), and
 * those writes were legal when made. Such flushes are counted
 * (flush_readonly). Private file pages get a private copy here; the file
 * is never changed.
 * Return: 0, -EINVAL, -ESRCH, -EFAULT, -ENOMEM.
 * Context: FIT handler thread; takes mm_lock.
 */
int p2m_flush_handler(const struct fit_msg *msg, void *reply, u32 reply_max)
{
	const struct p2m_flush_req *rq = msg->req;
	struct mm_space *s;
	struct vma *v;
	void *p;
	int ret;

	(void)reply;
	(void)reply_max;
	mutex_lock(&mm_lock);
	if (msg->req_len != sizeof(*rq) || !user_page_ok(rq->vaddr)) {
		ret = bad();
		goto out;
	}
	ret = -ESRCH;
	s = lookup_space(rq->pid);
	if (!s)
		goto out;
	v = vma_find(s, rq->vaddr);
	if (!v) {
		ret = fault(-EFAULT);
		goto out;
	}
	if (!(v->prot & MM_PROT_WRITE))
		mm_counters.flush_readonly++;
	ret = -ENOMEM;
	p = pt_get_or_alloc(s, rq->vaddr);
	if (!p)
		goto out;
	memcpy(p, rq->data, PAGE_SIZE);
	mm_counters.flush++;
	ret = 0;
out:
	mutex_unlock(&mm_lock);
	return ret;
}

/*
 * The mm-syscall RPCs share a shape: validate the envelope here, then the
 * op returns the syscall's value, which goes into the reply.
 */
typedef s64 (*mm_op_t)(struct mm_space *s, const struct p2m_mm_req *rq);

static int mm_rpc(const struct fit_msg *msg, void *reply, u32 reply_max,
		  mm_op_t op)
{
	const struct p2m_mm_req *rq = msg->req;
	struct p2m_mm_reply *rp = reply;
	struct mm_space *s;
	int ret;

	mutex_lock(&mm_lock);
	if (msg->req_len != sizeof(*rq) || reply_max < sizeof(*rp)) {
		ret = bad();
		goto out;
	}
	ret = -ESRCH;
	s = lookup_space(rq->pid);
	if (!s)
		goto out;
	rp->ret = op(s, rq);
	ret = sizeof(*rp);
out:
	mutex_unlock(&mm_lock);
	return ret;
}

static s64 op_mmap(struct mm_space *s, const struct p2m_mm_req *rq)
{
	u64 len = ALIGN(rq->len, PAGE_SIZE), addr = rq->addr;
	u32 type = rq->flags & (MM_MAP_SHARED | MM_MAP_PRIVATE);
	bool fixed = rq->flags & (MM_MAP_FIXED | MM_MAP_FIXED_NOREPLACE);
	struct ramfs_inode *file = NULL;
	struct vma *v;

	if (!rq->len || (rq->prot & ~(u64)MM_PROT_MASK) || (addr & (PAGE_SIZE - 1)))
		return -EINVAL;
	if (len < rq->len || len > MM_USER_END)
		return -ENOMEM;
	if (type == MM_MAP_SHARED) {
		pr_warn_once("memory: MAP_SHARED not supported yet: TODO\n");
		return -EINVAL;
	}
	if (type != MM_MAP_PRIVATE)
		return -EINVAL;
	if (!(rq->flags & MM_MAP_ANONYMOUS)) {
		file = file_handle_inode(rq->fd_file);
		if (!file)
			return -EBADF;
		if ((file->mode & RAMFS_S_IFMT) != RAMFS_S_IFREG)
			return -EACCES;
		if (rq->offset & (PAGE_SIZE - 1) || rq->offset + len < rq->offset)
			return -EINVAL;
	}
	if (fixed) {
		if (!user_range_ok(addr, len) || addr < MM_USER_MIN)
			return -EINVAL;
		if ((rq->flags & MM_MAP_FIXED_NOREPLACE) &&
		    !vma_range_free(s, addr, addr + len))
			return -EEXIST;
	} else if (!addr || addr < MM_USER_MIN || !user_range_ok(addr, len) ||
		   !vma_range_free(s, addr, addr + len)) {
		addr = space_get_unmapped(s, len);
		if (!addr)
			return -ENOMEM;
	}
	v = vma_alloc(addr, addr + len, rq->prot, file ? VMA_FILE : 0);
	if (!v)
		return -ENOMEM;
	if (fixed && space_unmap(s, addr, addr + len)) {
		vma_free(v);
		return -ENOMEM;
	}
	if (file) {
		v->file = file;
		ramfs_get(file);
		v->file_off = rq->offset;
	}
	vma_insert(s, v);
	return addr;
}

/**
 * p2m_mmap_handler() - P2M_MMAP: private anonymous or private file mapping
 * @msg: struct p2m_mm_req (Linux mmap arguments; @fd_file: a handle from
 *       P2M_FILE_OPEN for file mappings)
 * @reply: struct p2m_mm_reply: the address or a negative errno
 * Return: 8, or -EINVAL (malformed) / -ESRCH (no such pid).
 * Context: FIT handler thread; takes mm_lock.
 */
int p2m_mmap_handler(const struct fit_msg *msg, void *reply, u32 reply_max)
{
	return mm_rpc(msg, reply, reply_max, op_mmap);
}

static s64 op_munmap(struct mm_space *s, const struct p2m_mm_req *rq)
{
	u64 len = ALIGN(rq->len, PAGE_SIZE);

	if ((rq->addr & (PAGE_SIZE - 1)) || !rq->len || len < rq->len ||
	    !user_range_ok(rq->addr, len))
		return -EINVAL;
	return space_unmap(s, rq->addr, rq->addr + len);
}

/**
 * p2m_munmap_handler() - P2M_MUNMAP: drop mappings and pages in a range
 * Return: 8 (reply: 0 or -EINVAL/-ENOMEM), or -EINVAL/-ESRCH.
 * Context: FIT handler thread; takes mm_lock.
 */
int p2m_munmap_handler(const struct fit_msg *msg, void *reply, u32 reply_max)
{
	return mm_rpc(msg, reply, reply_max, op_munmap);
}

static s64 op_mprotect(struct mm_space *s, const struct p2m_mm_req *rq)
{
	u64 len = ALIGN(rq->len, PAGE_SIZE), start = rq->addr, end, at;
	struct vma *v;

	if ((start & (PAGE_SIZE - 1)) || (rq->prot & ~(u64)MM_PROT_MASK) ||
	    len < rq->len)
		return -EINVAL;
	if (!len)
		return 0;
	if (!user_range_ok(start, len))
		return -ENOMEM;
	end = start + len;
	/* The whole range must be mapped (Linux: -ENOMEM). */
	for (at = start; at < end; at = v->end) {
		v = vma_find(s, at);
		if (!v)
			return -ENOMEM;
	}
	v = vma_find(s, start);
	if (vma_split(s, v, start))
		return -ENOMEM;
	v = vma_find(s, end - 1);
	if (vma_split(s, v, end))
		return -ENOMEM;
	for (at = start; at < end; at = v->end) {
		v = vma_find(s, at);
		v->prot = rq->prot;
	}
	vma_merge_range(s, start, end);
	return 0;
}

/**
 * p2m_mprotect_handler() - P2M_MPROTECT: change the protection of a range
 *
 * P must already have written back dirty lines of pages losing PROT_WRITE.
 * Return: 8 (reply: 0, -EINVAL, -ENOMEM for holes), or -EINVAL/-ESRCH.
 * Context: FIT handler thread; takes mm_lock.
 */
int p2m_mprotect_handler(const struct fit_msg *msg, void *reply, u32 reply_max)
{
	return mm_rpc(msg, reply, reply_max, op_mprotect);
}

static s64 op_brk(struct mm_space *s, const struct p2m_mm_req *rq)
{
	u64 want = rq->addr, old_end = ALIGN(s->brk, PAGE_SIZE), new_end;
	struct vma *v;

	if (want < s->brk_start || want >= MM_MMAP_TOP)
		return s->brk;
	new_end = ALIGN(want, PAGE_SIZE);
	if (new_end > old_end) {
		if (!vma_range_free(s, old_end, new_end))
			return s->brk;
		v = old_end > s->brk_start ? vma_find(s, old_end - 1) : NULL;
		if (v && (v->flags & VMA_BRK) && v->end == old_end) {
			v->end = new_end;
		} else {
			v = vma_alloc(old_end, new_end,
				      MM_PROT_READ | MM_PROT_WRITE, VMA_BRK);
			if (!v)
				return s->brk;
			vma_insert(s, v);
		}
	} else if (new_end < old_end) {
		if (space_unmap(s, new_end, old_end))
			return s->brk;
	}
	s->brk = want;
	return want;
}

/**
 * p2m_brk_handler() - P2M_BRK: move the program break to @addr
 *
 * As Linux's brk: the reply is the new break, or the old one if @addr is
 * below the start, collides with a mapping, or memory ran out.
 * Return: 8, or -EINVAL/-ESRCH.
 * Context: FIT handler thread; takes mm_lock.
 */
int p2m_brk_handler(const struct fit_msg *msg, void *reply, u32 reply_max)
{
	return mm_rpc(msg, reply, reply_max, op_brk);
}

/**
 * p2m_fork_handler() - P2M_FORK: copy space @pid into the new space @child
 * @msg: struct p2m_pid_req
 * Return: 0, -EINVAL (malformed, or child == pid), -ESRCH (no parent),
 * -EEXIST (child taken), -ENOMEM.
 * Context: FIT handler thread; takes mm_lock.
 */
int p2m_fork_handler(const struct fit_msg *msg, void *reply, u32 reply_max)
{
	const struct p2m_pid_req *rq = msg->req;
	struct mm_space *parent, *child;
	int ret;

	(void)reply;
	(void)reply_max;
	mutex_lock(&mm_lock);
	if (msg->req_len != sizeof(*rq) || rq->pid == rq->child) {
		ret = bad();
		goto out;
	}
	ret = -ESRCH;
	parent = lookup_space(rq->pid);
	if (!parent)
		goto out;
	ret = -EEXIST;
	if (space_find(rq->child))
		goto out;
	ret = -ENOMEM;
	child = space_fork(parent, rq->child);
	if (!child)
		goto out;
	space_publish(child);
	ret = 0;
out:
	mutex_unlock(&mm_lock);
	return ret;
}

/**
 * p2m_exit_handler() - P2M_EXIT: free space @pid, its VMAs and pages
 * @msg: struct p2m_pid_req (@child ignored)
 * Return: 0, -EINVAL, -ESRCH.
 * Context: FIT handler thread; takes mm_lock.
 */
int p2m_exit_handler(const struct fit_msg *msg, void *reply, u32 reply_max)
{
	const struct p2m_pid_req *rq = msg->req;
	struct mm_space *s;
	int ret;

	(void)reply;
	(void)reply_max;
	mutex_lock(&mm_lock);
	if (msg->req_len != sizeof(*rq)) {
		ret = bad();
		goto out;
	}
	ret = -ESRCH;
	s = lookup_space(rq->pid);
	if (!s)
		goto out;
	space_destroy(s);
	ret = 0;
out:
	mutex_unlock(&mm_lock);
	return ret;
}

#define MM_MADV_DONTNEED	4
#define MM_MADV_FREE		8

static s64 op_madvise(struct mm_space *s, const struct p2m_mm_req *rq)
{
	u64 len = ALIGN(rq->len, PAGE_SIZE);

	if ((rq->addr & (PAGE_SIZE - 1)) || len < rq->len)
		return -EINVAL;
	if (!len)
		return 0;
	if (!user_range_ok(rq->addr, len))
		return -ENOMEM;
	/* @prot carries the advice. Dropped pages read back as zeros (anon)
	 * or as the file (private file mappings), as on Linux. */
	if (rq->prot == MM_MADV_DONTNEED || rq->prot == MM_MADV_FREE)
		pt_drop_range(s, rq->addr, rq->addr + len);
	return 0;
}

/**
 * p2m_madvise_handler() - P2M_MADVISE: MADV_DONTNEED/MADV_FREE drop the
 * stored pages of the range; other advice is accepted and ignored
 * @msg: struct p2m_mm_req (@prot: the advice)
 * Return: 8 (reply: 0 or -EINVAL/-ENOMEM), or -EINVAL/-ESRCH.
 * Context: FIT handler thread; takes mm_lock.
 */
int p2m_madvise_handler(const struct fit_msg *msg, void *reply, u32 reply_max)
{
	return mm_rpc(msg, reply, reply_max, op_madvise);
}

#define MM_MREMAP_MAYMOVE	1
#define MM_MREMAP_FIXED		2

/* Move the stored pages of [from, from + len) to @to (ranges disjoint). */
static int move_pages(struct mm_space *s, u64 from, u64 to, u64 len)
{
	u64 off;

	for (off = 0; off < len; off += PAGE_SIZE) {
		void *p = pt_take(s, from + off);

		if (p && pt_put(s, to + off, p)) {
			pt_put(s, from + off, p);	/* slot exists: cannot fail */
			return -ENOMEM;
		}
	}
	return 0;
}

static s64 op_mremap(struct mm_space *s, const struct p2m_mm_req *rq)
{
	u64 old = rq->addr, old_len = ALIGN(rq->len, PAGE_SIZE);
	u64 new_len = ALIGN(rq->prot, PAGE_SIZE), to = rq->offset;
	struct vma *v, *n;

	if ((old & (PAGE_SIZE - 1)) || !new_len || new_len < rq->prot ||
	    old_len < rq->len || (rq->flags & ~(u64)(MM_MREMAP_MAYMOVE | MM_MREMAP_FIXED)))
		return -EINVAL;
	if ((rq->flags & MM_MREMAP_FIXED) && !(rq->flags & MM_MREMAP_MAYMOVE))
		return -EINVAL;
	if (!old_len) {
		pr_warn_once("memory: mremap of a shared zero-length mapping: TODO\n");
		return -EINVAL;
	}
	if (!user_range_ok(old, old_len) || !user_range_ok(old, new_len))
		return -EINVAL;
	v = vma_find(s, old);
	if (!v || v->end < old + old_len)
		return -EFAULT;
	if (!(rq->flags & MM_MREMAP_FIXED)) {
		if (new_len <= old_len) {
			if (new_len < old_len &&
			    space_unmap(s, old + new_len, old + old_len))
				return -ENOMEM;
			return old;
		}
		if (v->end == old + old_len &&
		    vma_range_free(s, old + old_len, old + new_len)) {
			v->end = old + new_len;		/* grow in place */
			return old;
		}
		if (!(rq->flags & MM_MREMAP_MAYMOVE))
			return -ENOMEM;
		to = space_get_unmapped(s, new_len);
		if (!to)
			return -ENOMEM;
	} else if ((to & (PAGE_SIZE - 1)) || to < MM_USER_MIN ||
		   !user_range_ok(to, new_len) ||
		   (to < old + old_len && old < to + new_len)) {
		return -EINVAL;
	}
	n = vma_alloc(to, to + new_len, v->prot, v->flags & ~VMA_BRK);
	if (!n)
		return -ENOMEM;
	n->file = v->file;
	if (n->file)
		ramfs_get(n->file);
	n->file_off = v->file_off + (old - v->start);
	n->file_vend = v->file_vend == ~0ULL ? ~0ULL :
		       (v->file_vend > old ? to + (v->file_vend - old) : to);
	if ((rq->flags & MM_MREMAP_FIXED) && space_unmap(s, to, to + new_len)) {
		vma_free(n);
		return -ENOMEM;
	}
	vma_insert(s, n);
	if (move_pages(s, old, to, min(old_len, new_len)))
		goto undo;
	if (space_unmap(s, old, old + old_len)) {
		move_pages(s, to, old, min(old_len, new_len));
		goto undo;
	}
	return to;
undo:
	vma_remove(s, n);
	vma_free(n);
	return -ENOMEM;
}

/**
 * p2m_mremap_handler() - P2M_MREMAP: shrink, grow in place, or move
 * @msg: struct p2m_mm_req (@addr old address, @len old length, @prot new
 *       length, @flags MREMAP_MAYMOVE|MREMAP_FIXED, @offset new address)
 *
 * Moved pages keep their contents (the page pointers move, no copy).
 * Return: 8 (reply: the new address or -EINVAL/-EFAULT/-ENOMEM), or
 * -EINVAL/-ESRCH.
 * Context: FIT handler thread; takes mm_lock.
 */
int p2m_mremap_handler(const struct fit_msg *msg, void *reply, u32 reply_max)
{
	return mm_rpc(msg, reply, reply_max, op_mremap);
}

/**
 * p2m_stats_handler() - P2M_STATS: M's counts, for P's leak check
 * @msg: an empty request
 * @reply: struct p2m_stats_reply
 * Return: its size, or -EINVAL (a request with a body, reply too small).
 * Context: FIT handler thread; takes mm_lock.
 */
int p2m_stats_handler(const struct fit_msg *msg, void *reply, u32 reply_max)
{
	struct p2m_stats_reply *rp = reply;
	int ret;

	mutex_lock(&mm_lock);
	if (msg->req_len || reply_max < sizeof(*rp)) {
		ret = bad();
		goto out;
	}
	space_stats(&rp->pages, &rp->spaces);
	rp->file_pages = ramfs_nr_pages();
	rp->bad_requests = mm_counters.bad_request;
	ret = sizeof(*rp);
out:
	mutex_unlock(&mm_lock);
	return ret;
}
