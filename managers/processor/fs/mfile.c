// SPDX-License-Identifier: GPL-2.0
/*
 * Files on M: regular files and directories opened over P2M_FILE_* (one M
 * handle per open file, closed when its last reference goes), and the
 * path-based M calls the path syscalls use.
 */
#include <tessera/fit.h>
#include <tessera/printk.h>
#include <tessera/slab.h>
#include <tessera/string.h>
#include "fs.h"

/* The header of struct p2m_file_io_req (requests without @data). */
struct mio_hdr {
	s64 handle;
	u64 offset;
	u32 len;
	u32 _pad;
};
_Static_assert(sizeof(struct mio_hdr) == offsetof(struct p2m_file_io_req, data),
	       "mio_hdr is p2m_file_io_req's header");

/**
 * pm_mem_node() - the memory manager of the current process's address space
 * Context: process context of a user thread.
 */
u32 pm_mem_node(void)
{
	struct process *p = current_process();

	return p && p->mm ? p->mm->mem_node : fit_local_node();
}

/* A call whose reply is a bare value (p2m_mm_reply) or a length-only errno. */
static long mcall_ret(u32 node, u32 op, const void *req, u32 len)
{
	struct p2m_mm_reply rp;
	int ret = fit_call(node, op, req, len, &rp, sizeof(rp), 0);

	if (ret < 0)
		return ret;
	if (ret == sizeof(rp))
		return rp.ret;
	return ret ? -EIO : 0;
}

static void stat_from_reply(const struct p2m_file_stat_reply *rp,
			    struct pm_kstat *st)
{
	memset(st, 0, sizeof(*st));
	st->dev = PM_DEV_RAMFS;
	st->ino = rp->ino;
	st->nlink = rp->nlink ? rp->nlink : 1;
	st->mode = rp->mode;
	st->size = rp->size;
	st->blksize = PAGE_SIZE;
	st->blocks = (rp->size + 511) / 512;
	st->mtime = rp->mtime;
}

static int mstat(u32 node, const char *path, s64 handle, u32 flags,
		 struct pm_kstat *st)
{
	struct p2m_file_path_req rq;
	struct p2m_file_stat_reply rp;
	int ret;

	memset(&rq, 0, sizeof(rq));
	rq.flags = flags;
	rq.handle = handle;
	if (path)
		strscpy(rq.path, path, sizeof(rq.path));
	ret = fit_call(node, P2M_FILE_STAT, &rq, sizeof(rq), &rp, sizeof(rp), 0);
	if (ret < 0)
		return ret;
	if (ret != sizeof(rp))
		return -EIO;
	if (rp.ret)
		return rp.ret;
	stat_from_reply(&rp, st);
	return 0;
}

/**
 * pm_mfile_stat_path() - stat a path on M
 * @path: absolute; @follow: follow a final symlink; @st: the result
 * Return: 0 or a negative errno.
 * Context: process context of a user thread.
 */
int pm_mfile_stat_path(const char *path, bool follow, struct pm_kstat *st)
{
	return mstat(pm_mem_node(), path, -1, follow ? 0 : P2M_O_NOFOLLOW, st);
}

static ssize_t mfile_read(struct pm_file *f, const struct pm_iov *v, size_t len,
			  u64 *pos)
{
	struct mio_hdr rq = { .handle = f->handle };
	u8 *buf = kmalloc(P2M_FILE_IO_MAX, GFP_KERNEL);
	size_t done = 0;
	int n = 0;

	if (!buf)
		return -ENOMEM;
	while (done < len) {
		rq.offset = *pos;
		rq.len = min_t(size_t, len - done, P2M_FILE_IO_MAX);
		n = fit_call(f->mem_node, P2M_FILE_READ, &rq, sizeof(rq), buf,
			     P2M_FILE_IO_MAX, 0);
		if (n <= 0)
			break;
		if ((u32)n > rq.len) {
			n = -EIO;
			break;
		}
		if (pm_iov_out(v, done, buf, n)) {
			n = -EFAULT;
			break;
		}
		done += n;
		*pos += n;
		if ((u32)n < rq.len)
			break;
	}
	kfree(buf);
	return done ? (ssize_t)done : n;
}

static s64 mfile_size(struct pm_file *f)
{
	struct pm_kstat st;
	int ret = mstat(f->mem_node, NULL, f->handle, 0, &st);

	return ret ? ret : st.size;
}

/*
 * O_APPEND: each chunk goes to M's current end (P2M_FILE_APPEND, atomic
 * under M's lock); the position is the size afterwards. TODO: a write of
 * more than P2M_FILE_IO_MAX bytes may interleave with another appender's
 * between chunks.
 */
static ssize_t mfile_write(struct pm_file *f, const struct pm_iov *v, size_t len,
			   u64 *pos)
{
	bool append = READ_ONCE(f->flags) & O_APPEND;
	struct p2m_file_io_req *rq;
	size_t done = 0;
	long n = 0;
	s64 size;

	rq = kmalloc(sizeof(*rq), GFP_KERNEL);
	if (!rq)
		return -ENOMEM;
	rq->handle = f->handle;
	rq->_pad = 0;
	while (done < len) {
		rq->offset = append ? P2M_FILE_APPEND : *pos;
		rq->len = min_t(size_t, len - done, P2M_FILE_IO_MAX);
		if (pm_iov_in(rq->data, v, done, rq->len)) {
			n = -EFAULT;
			break;
		}
		n = mcall_ret(f->mem_node, P2M_FILE_WRITE, rq,
			      offsetof(struct p2m_file_io_req, data) + rq->len);
		if (n <= 0)
			break;
		done += n;
		if (!append)
			*pos += n;
		if ((u32)n < rq->len)
			break;
	}
	kfree(rq);
	if (append && done) {
		size = mfile_size(f);
		if (size >= 0)
			*pos = size;
	}
	return done ? (ssize_t)done : n;
}

static int mfile_stat(struct pm_file *f, struct pm_kstat *st)
{
	return mstat(f->mem_node, NULL, f->handle, 0, st);
}

static int mfile_truncate(struct pm_file *f, u64 size)
{
	struct mio_hdr rq = { .handle = f->handle, .offset = size };

	return mcall_ret(f->mem_node, P2M_FILE_TRUNCATE, &rq, sizeof(rq));
}

static void mfile_release(struct pm_file *f)
{
	struct mio_hdr rq = { .handle = f->handle };
	int ret;

	if (f->handle < 0)
		return;
	ret = mcall_ret(f->mem_node, P2M_FILE_CLOSE, &rq, sizeof(rq));
	if (ret)
		pr_warn("fs: closing M handle %lld failed: %d\n",
			(long long)f->handle, ret);
}

/* One FILE_GETDENTS call: linux_dirent64 records at f->pos. */
static long mdir_getdents(struct pm_file *f, const struct pm_iov *v, size_t len)
{
	struct mio_hdr rq = { .handle = f->handle, .offset = f->pos };
	u8 *buf;
	int n;

	len = min_t(size_t, len, P2M_FILE_IO_MAX);
	if (len < sizeof(struct pm_dirent64) + 8)
		return -EINVAL;
	buf = kmalloc(P2M_FILE_IO_MAX + 8, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	rq.len = len;
	n = fit_call(f->mem_node, P2M_FILE_GETDENTS, &rq, sizeof(rq), buf,
		     len + 8, 0);
	if (n >= 8 && (size_t)n <= len + 8) {
		if (n > 8 && pm_iov_out(v, 0, buf + 8, n - 8)) {
			n = -EFAULT;
		} else {
			f->pos = *(u64 *)buf;
			n -= 8;
		}
	} else if (n >= 0) {
		n = -EIO;
	}
	kfree(buf);
	return n;
}

static const struct pm_file_ops mfile_ops = {
	.read = mfile_read,
	.write = mfile_write,
	.stat = mfile_stat,
	.truncate = mfile_truncate,
	.size = mfile_size,
	.release = mfile_release,
	.seekable = true,
};

static const struct pm_file_ops mdir_ops = {
	.stat = mfile_stat,
	.getdents = mdir_getdents,
	.size = mfile_size,
	.release = mfile_release,
	.seekable = true,
};

static int mopen_call(u32 node, const char *path, u32 flags, u32 mode,
		      struct p2m_file_stat_reply *rp)
{
	struct p2m_file_path_req rq;
	int ret;

	memset(&rq, 0, sizeof(rq));
	rq.flags = flags;
	rq.mode = mode;
	rq.handle = -1;
	strscpy(rq.path, path, sizeof(rq.path));
	ret = fit_call(node, P2M_FILE_OPEN, &rq, sizeof(rq), rp, sizeof(*rp), 0);
	if (ret < 0)
		return ret;
	if (ret != sizeof(*rp))
		return -EIO;
	return rp->ret < 0 ? (int)rp->ret : 0;
}

static void mclose_handle(u32 node, s64 handle)
{
	struct mio_hdr rq = { .handle = handle };

	mcall_ret(node, P2M_FILE_CLOSE, &rq, sizeof(rq));
}

/**
 * pm_mfile_open() - open a file or directory on M
 * @path: absolute
 * @flags: the open(2) flags
 * @mode: permission bits for O_CREAT (umask already applied)
 * @out: the new open file (one reference)
 * Return: 0, or -ENOENT, -EEXIST, -EISDIR, -ENOTDIR, -ENFILE, -ENOMEM, ...
 * Context: process context of a user thread.
 */
int pm_mfile_open(const char *path, u32 flags, u32 mode, struct pm_file **out)
{
	struct p2m_file_stat_reply rp;
	u32 node = pm_mem_node(), mflags = 0;
	struct pm_file *f;
	int ret;

	if (flags & O_CREAT)
		mflags |= P2M_O_CREAT;
	if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		mflags |= P2M_O_EXCL;
	if ((flags & O_TRUNC) && (flags & O_ACCMODE) != O_RDONLY)
		mflags |= P2M_O_TRUNC;
	if (flags & O_DIRECTORY)
		mflags |= P2M_O_DIRECTORY;
	ret = mopen_call(node, path, mflags, mode, &rp);
	if (ret)
		return ret;
	ret = -EISDIR;
	if (S_ISDIR(rp.mode) && (flags & O_ACCMODE) != O_RDONLY)
		goto close;
	ret = -ENOMEM;
	f = pm_file_alloc(S_ISDIR(rp.mode) ? &mdir_ops : &mfile_ops, flags);
	if (!f)
		goto close;
	f->mem_node = node;
	f->handle = rp.ret;
	f->mode = rp.mode;
	f->ino = rp.ino;
	strscpy(f->path, path, sizeof(f->path));
	*out = f;
	return 0;
close:
	mclose_handle(node, rp.ret);
	return ret;
}

/**
 * pm_mfile_handle() - M's handle of an open regular file on M
 * Return: the handle, or -ENODEV (another kind).
 * Context: any.
 */
s64 pm_mfile_handle(const struct pm_file *f)
{
	return f->ops == &mfile_ops ? f->handle : -ENODEV;
}

/**
 * pm_file_mmap_handle() - for mmap of @fd: M's handle of the regular file
 * on M behind it and its open mode
 * @fd: the fd
 * @handle: M's handle; @accmode: O_RDONLY, O_WRONLY or O_RDWR
 * Return: 0, -EBADF, -EACCES (opened O_PATH), -ENODEV (not a file on M).
 * Context: process context of a user thread.
 */
int pm_file_mmap_handle(int fd, s64 *handle, unsigned int *accmode)
{
	struct pm_file *f = pm_fget(fd);
	int ret = 0;

	if (!f)
		return -EBADF;
	if (f->flags & O_PATH)
		ret = -EACCES;
	else if (f->ops != &mfile_ops)
		ret = -ENODEV;
	else {
		*handle = f->handle;
		*accmode = f->flags & O_ACCMODE;
	}
	pm_file_put(f);
	return ret;
}
