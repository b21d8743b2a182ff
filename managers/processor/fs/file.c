// SPDX-License-Identifier: GPL-2.0
/*
 * The generic file calls that go through an open file's ops: read, write,
 * their positioned and vectored forms, lseek, ioctl, sendfile, fsync.
 */
#include <tessera/slab.h>
#include <asm/uaccess.h>
#include "fs.h"
#include "../syscalls.h"

#define SEEK_SET		0
#define SEEK_CUR		1
#define SEEK_END		2
#define UIO_MAXIOV		1024
#define MAX_RW_COUNT		0x7ffff000L	/* Linux caps one transfer */

struct iovec_user {
	u64 base;
	u64 len;
};

/*
 * Read or write through @v at the file's position, or at *@ppos
 * (pread/pwrite, sendfile with an offset).
 */
static ssize_t file_rw_iov(struct pm_file *f, bool write, const struct pm_iov *v,
			   size_t len, u64 *ppos)
{
	ssize_t ret;
	u64 pos;

	if (write ? !pm_file_writable(f) : !pm_file_readable(f))
		return -EBADF;
	if (S_ISDIR(f->mode))
		return -EISDIR;
	if (write ? !f->ops->write : !f->ops->read)
		return -EINVAL;
	if (ppos && !f->ops->seekable)
		return -ESPIPE;
	if (!v->kbuf && !access_ok((unsigned long)v->ubuf, len))
		return -EFAULT;
	len = min_t(size_t, len, MAX_RW_COUNT);
	if (ppos)
		return write ? f->ops->write(f, v, len, ppos) :
			       f->ops->read(f, v, len, ppos);
	if (!f->ops->seekable) {
		pos = 0;
		return write ? f->ops->write(f, v, len, &pos) :
			       f->ops->read(f, v, len, &pos);
	}
	mutex_lock(&f->pos_lock);
	pos = f->pos;
	ret = write ? f->ops->write(f, v, len, &pos) :
		      f->ops->read(f, v, len, &pos);
	f->pos = pos;
	mutex_unlock(&f->pos_lock);
	return ret;
}

static ssize_t file_rw(struct pm_file *f, bool write, char __user *buf,
		       size_t len, u64 *ppos)
{
	struct pm_iov v = { .ubuf = buf };

	return file_rw_iov(f, write, &v, len, ppos);
}

static ssize_t fd_rw(int fd, bool write, char __user *buf, size_t len, u64 *ppos)
{
	struct pm_file *f = pm_fget(fd);
	ssize_t ret;

	if (!f)
		return -EBADF;
	ret = file_rw(f, write, buf, len, ppos);
	pm_file_put(f);
	return ret;
}

SYSCALL_DEFINE3(read, int, fd, char __user *, buf, size_t, count)
{
	return fd_rw(fd, false, buf, count, NULL);
}

SYSCALL_DEFINE3(write, int, fd, const char __user *, buf, size_t, count)
{
	return fd_rw(fd, true, (char __user *)buf, count, NULL);
}

SYSCALL_DEFINE4(pread64, int, fd, char __user *, buf, size_t, count, s64, pos)
{
	u64 p = pos;

	if (pos < 0)
		return -EINVAL;
	return fd_rw(fd, false, buf, count, &p);
}

SYSCALL_DEFINE4(pwrite64, int, fd, const char __user *, buf, size_t, count,
		s64, pos)
{
	u64 p = pos;

	if (pos < 0)
		return -EINVAL;
	return fd_rw(fd, true, (char __user *)buf, count, &p);
}

static long do_rwv(int fd, bool write, unsigned long uiov, unsigned long cnt)
{
	struct iovec_user v;
	struct pm_file *f;
	long total = 0;
	ssize_t ret = 0;
	unsigned long i;

	if (cnt > UIO_MAXIOV)
		return -EINVAL;
	f = pm_fget(fd);
	if (!f)
		return -EBADF;
	for (i = 0; i < cnt; i++) {
		if (copy_from_user(&v, (const void __user *)(uiov + i * sizeof(v)),
				   sizeof(v))) {
			ret = -EFAULT;
			break;
		}
		if ((s64)v.len < 0) {
			ret = -EINVAL;
			break;
		}
		if (!v.len)
			continue;
		ret = file_rw(f, write, (char __user *)v.base, v.len, NULL);
		if (ret <= 0)
			break;
		total += ret;
		if ((u64)ret < v.len)
			break;
	}
	pm_file_put(f);
	return total ? total : ret;
}

SYSCALL_DEFINE3(readv, int, fd, unsigned long, iov, unsigned long, cnt)
{
	return do_rwv(fd, false, iov, cnt);
}

SYSCALL_DEFINE3(writev, int, fd, unsigned long, iov, unsigned long, cnt)
{
	return do_rwv(fd, true, iov, cnt);
}

SYSCALL_DEFINE3(lseek, int, fd, s64, off, unsigned int, whence)
{
	struct pm_file *f = pm_fget(fd);
	s64 base, ret;

	if (!f)
		return -EBADF;
	ret = -ESPIPE;
	if (!f->ops->seekable)
		goto out;
	mutex_lock(&f->pos_lock);
	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = f->pos;
		break;
	case SEEK_END:
		base = f->ops->size ? f->ops->size(f) : -EINVAL;
		break;
	default:
		base = -EINVAL;
		break;
	}
	ret = base;
	if (base >= 0) {
		ret = base + off;
		if (ret < 0 || (off > 0 && ret < base))
			ret = -EINVAL;
		else
			f->pos = ret;
	}
	mutex_unlock(&f->pos_lock);
out:
	pm_file_put(f);
	return ret;
}

#define FIONBIO			0x5421
#define FIOCLEX			0x5451
#define FIONCLEX		0x5450

SYSCALL_DEFINE3(ioctl, int, fd, unsigned int, cmd, unsigned long, arg)
{
	struct pm_file *f = pm_fget(fd);
	int on;
	long ret;

	if (!f)
		return -EBADF;
	if (cmd == FIONBIO) {
		ret = copy_from_user(&on, (const void __user *)arg, sizeof(on));
		if (!ret) {
			u32 fl = READ_ONCE(f->flags);

			WRITE_ONCE(f->flags, on ? fl | O_NONBLOCK : fl & ~(u32)O_NONBLOCK);
		}
	} else if (f->ops->ioctl) {
		ret = f->ops->ioctl(f, cmd, arg);
	} else {
		ret = -ENOTTY;
	}
	pm_file_put(f);
	return ret;
}

SYSCALL_DEFINE1(fsync, int, fd)
{
	struct pm_file *f = pm_fget(fd);

	if (!f)
		return -EBADF;
	pm_file_put(f);
	return 0;	/* M holds every byte already: nothing to write back */
}

SYSCALL_DEFINE1(fdatasync, int, fd)
{
	struct pm_file *f = pm_fget(fd);

	if (!f)
		return -EBADF;
	pm_file_put(f);
	return 0;
}

/* sendfile: a read + write loop through a kernel page. */
static long do_sendfile(struct pm_file *out, struct pm_file *in, u64 *ppos,
			size_t count)
{
	struct pm_iov v = { .kbuf = kmalloc(PAGE_SIZE, GFP_KERNEL) };
	long total = 0;
	ssize_t n = 0, w;

	if (!v.kbuf)
		return -ENOMEM;
	while ((size_t)total < count) {
		size_t chunk = min_t(size_t, count - total, PAGE_SIZE);

		n = file_rw_iov(in, false, &v, chunk, ppos);
		if (n <= 0)
			break;
		w = file_rw_iov(out, true, &v, n, NULL);
		if (w < 0) {
			n = w;
			break;
		}
		total += w;
		if (w < n)
			break;
	}
	kfree(v.kbuf);
	return total ? total : n;
}

SYSCALL_DEFINE4(sendfile, int, out_fd, int, in_fd, s64 __user *, uoff,
		size_t, count)
{
	struct pm_file *in, *out;
	s64 off = 0;
	u64 pos;
	long ret = -EBADF;

	if (uoff && copy_from_user(&off, uoff, sizeof(off)))
		return -EFAULT;
	if (off < 0)
		return -EINVAL;
	in = pm_fget(in_fd);
	out = pm_fget(out_fd);
	if (!in || !out)
		goto out;
	ret = -EINVAL;
	if (!in->ops->read || (uoff && !in->ops->seekable))
		goto out;
	pos = off;
	ret = do_sendfile(out, in, uoff ? &pos : NULL, min_t(size_t, count, MAX_RW_COUNT));
	if (uoff && copy_to_user(uoff, &pos, sizeof(pos)))
		ret = -EFAULT;
out:
	pm_file_put(in);
	pm_file_put(out);
	return ret;
}
