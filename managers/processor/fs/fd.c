// SPDX-License-Identifier: GPL-2.0
/*
 * The fd table (struct pm_files) and open-file references: allocation,
 * fork/exec/CLONE_FILES hooks, close, dup/dup2/dup3 and fcntl.
 */
#include <tessera/printk.h>
#include <tessera/slab.h>
#include <tessera/string.h>
#include <asm/uaccess.h>
#include "fs.h"
#include "../syscalls.h"

#define F_DUPFD			0
#define F_GETFD			1
#define F_SETFD			2
#define F_GETFL			3
#define F_SETFL			4
#define F_GETLK			5
#define F_SETLK			6
#define F_SETLKW		7
#define F_SETOWN		8
#define F_GETOWN		9
#define F_DUPFD_CLOEXEC		1030
#define F_UNLCK			2
#define F_GETPIPE_SZ		1032
#define FD_CLOEXEC		1

/**
 * pm_file_alloc() - a new open file with one reference
 * @ops: its kind; @flags: O_ACCMODE plus status flags
 * Return: the file (zeroed but for what is given), or NULL.
 * Context: process context.
 */
struct pm_file *pm_file_alloc(const struct pm_file_ops *ops, u32 flags)
{
	struct pm_file *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return NULL;
	f->refs = 1;
	f->ops = ops;
	f->flags = flags & ~(u32)(O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC | O_NOCTTY);
	f->handle = -1;
	f->pidx = -1;
	mutex_init(&f->pos_lock);
	return f;
}

/**
 * pm_file_get() - another reference to @f
 * Context: any.
 */
void pm_file_get(struct pm_file *f)
{
	__atomic_fetch_add(&f->refs, 1, __ATOMIC_RELAXED);
}

/**
 * pm_file_put() - drop a reference; the last one releases the file (which
 * may close an M handle: one RPC)
 * Context: process context, may sleep; no spinlock held.
 */
void pm_file_put(struct pm_file *f)
{
	if (!f || __atomic_sub_fetch(&f->refs, 1, __ATOMIC_ACQ_REL))
		return;
	if (f->ops->release)
		f->ops->release(f);
	kfree(f->data);
	kfree(f);
}

/**
 * pm_file_readable() - was @f opened for reading (not O_WRONLY, not O_PATH)?
 * Context: any.
 */
bool pm_file_readable(const struct pm_file *f)
{
	return (f->flags & O_ACCMODE) != O_WRONLY && !(f->flags & O_PATH);
}

/**
 * pm_file_writable() - was @f opened for writing (O_WRONLY or O_RDWR)?
 * Context: any.
 */
bool pm_file_writable(const struct pm_file *f)
{
	return (f->flags & O_ACCMODE) != O_RDONLY && !(f->flags & O_PATH);
}

static struct pm_files *cur_files(void)
{
	struct process *p = current_process();

	return p ? p->files : NULL;
}

/**
 * pm_fget() - the open file behind @fd of the current process
 * Return: the file with a reference (pm_file_put() it), or NULL.
 * Context: process context.
 */
struct pm_file *pm_fget(int fd)
{
	struct pm_files *fs = cur_files();
	struct pm_file *f = NULL;
	unsigned long flags;

	if (!fs || fd < 0 || fd >= PM_NR_OPEN)
		return NULL;
	flags = _spin_lock_irqsave(&fs->lock);
	f = fs->fd[fd];
	if (f)
		pm_file_get(f);
	spin_unlock_irqrestore(&fs->lock, flags);
	return f;
}

static void set_cloexec(struct pm_files *fs, int fd, bool on)
{
	if (on)
		fs->cloexec[fd / 64] |= 1ULL << (fd % 64);
	else
		fs->cloexec[fd / 64] &= ~(1ULL << (fd % 64));
}

static bool get_cloexec(struct pm_files *fs, int fd)
{
	return fs->cloexec[fd / 64] & (1ULL << (fd % 64));
}

/**
 * pm_fd_install() - put @f in the lowest free fd >= @min
 * @f: the file; its reference moves to the table on success
 * @min: lowest acceptable fd
 * @cloexec: FD_CLOEXEC
 * Return: the fd, -EMFILE (table full) or -EINVAL (@min out of range).
 * Context: process context.
 */
int pm_fd_install(struct pm_file *f, int min, bool cloexec)
{
	struct pm_files *fs = cur_files();
	unsigned long flags;
	int fd;

	if (!fs)
		return -EBADF;
	if (min < 0 || min >= PM_NR_OPEN)
		return min < 0 ? -EINVAL : -EMFILE;
	flags = _spin_lock_irqsave(&fs->lock);
	for (fd = min; fd < PM_NR_OPEN; fd++) {
		if (!fs->fd[fd]) {
			fs->fd[fd] = f;
			set_cloexec(fs, fd, cloexec);
			break;
		}
	}
	spin_unlock_irqrestore(&fs->lock, flags);
	return fd < PM_NR_OPEN ? fd : -EMFILE;
}

/**
 * pm_fd_next() - the lowest open fd >= @from of the current process
 * Return: that fd, or -1 if none.
 * Context: process context.
 */
int pm_fd_next(int from)
{
	struct pm_files *fs = cur_files();
	unsigned long flags;
	int fd;

	if (!fs || from < 0)
		return -1;
	flags = _spin_lock_irqsave(&fs->lock);
	for (fd = from; fd < PM_NR_OPEN && !fs->fd[fd]; fd++)
		;
	spin_unlock_irqrestore(&fs->lock, flags);
	return fd < PM_NR_OPEN ? fd : -1;
}

static struct pm_files *files_alloc(void)
{
	struct pm_files *fs = kzalloc(sizeof(*fs), GFP_KERNEL);

	if (!fs)
		return NULL;
	fs->refs = 1;
	spin_lock_init(&fs->lock);
	return fs;
}

/**
 * pm_files_alloc_console() - a new fd table with fds 0, 1 and 2 on the
 * console (one open file shared by the three, O_RDWR)
 * Return: the table, or NULL.
 * Context: process context.
 */
struct pm_files *pm_files_alloc_console(void)
{
	struct pm_files *fs = files_alloc();
	struct pm_file *con;

	if (!fs)
		return NULL;
	con = pm_console_file(O_RDWR);
	if (!con) {
		kfree(fs);
		return NULL;
	}
	fs->fd[0] = con;
	fs->fd[1] = con;
	fs->fd[2] = con;
	pm_file_get(con);
	pm_file_get(con);
	return fs;
}

/**
 * pm_files_dup() - fork: a new table pointing at the same open files
 * Return: the copy, or NULL.
 * Context: process context.
 */
struct pm_files *pm_files_dup(struct pm_files *old)
{
	struct pm_files *fs = files_alloc();
	unsigned long flags;
	int fd;

	if (!fs)
		return NULL;
	flags = _spin_lock_irqsave(&old->lock);
	for (fd = 0; fd < PM_NR_OPEN; fd++) {
		fs->fd[fd] = old->fd[fd];
		if (fs->fd[fd])
			pm_file_get(fs->fd[fd]);
	}
	memcpy(fs->cloexec, old->cloexec, sizeof(fs->cloexec));
	spin_unlock_irqrestore(&old->lock, flags);
	return fs;
}

/**
 * pm_files_get() - CLONE_FILES: share @fs
 * Context: any.
 */
void pm_files_get(struct pm_files *fs)
{
	__atomic_fetch_add(&fs->refs, 1, __ATOMIC_RELAXED);
}

/**
 * pm_files_put() - drop a reference; the last closes every fd
 * Context: process context, may sleep.
 */
void pm_files_put(struct pm_files *fs)
{
	int fd;

	if (!fs || __atomic_sub_fetch(&fs->refs, 1, __ATOMIC_ACQ_REL))
		return;
	for (fd = 0; fd < PM_NR_OPEN; fd++)
		pm_file_put(fs->fd[fd]);	/* nobody else can see @fs now */
	kfree(fs);
}

/**
 * pm_files_exec() - close every FD_CLOEXEC fd (execve succeeded)
 * Context: process context, may sleep.
 */
void pm_files_exec(struct pm_files *fs)
{
	struct pm_file *f;
	unsigned long flags;
	int fd;

	for (fd = 0; fd < PM_NR_OPEN; fd++) {
		if (!(fs->cloexec[fd / 64] >> (fd % 64) & 1))
			continue;
		flags = _spin_lock_irqsave(&fs->lock);
		f = get_cloexec(fs, fd) ? fs->fd[fd] : NULL;
		if (f) {
			fs->fd[fd] = NULL;
			set_cloexec(fs, fd, false);
		}
		spin_unlock_irqrestore(&fs->lock, flags);
		pm_file_put(f);
	}
}

/* Remove @fd from the table; returns its file (the table's reference). */
static struct pm_file *fd_take(struct pm_files *fs, int fd)
{
	struct pm_file *f;
	unsigned long flags;

	flags = _spin_lock_irqsave(&fs->lock);
	f = fs->fd[fd];
	fs->fd[fd] = NULL;
	set_cloexec(fs, fd, false);
	spin_unlock_irqrestore(&fs->lock, flags);
	return f;
}

/**
 * pm_fd_close() - close @fd of the current process
 * Return: 0 or -EBADF.
 * Context: process context, may sleep.
 */
int pm_fd_close(int fd)
{
	struct pm_files *fs = cur_files();
	struct pm_file *f;

	if (!fs || fd < 0 || fd >= PM_NR_OPEN)
		return -EBADF;
	f = fd_take(fs, fd);
	if (!f)
		return -EBADF;
	pm_file_put(f);
	return 0;
}

SYSCALL_DEFINE1(close, int, fd)
{
	return pm_fd_close(fd);
}

/* dup2/dup3: @newfd becomes @oldfd's file; the old file there is closed. */
static long do_dup3(int oldfd, int newfd, bool cloexec)
{
	struct pm_files *fs = cur_files();
	struct pm_file *f, *old;
	unsigned long flags;

	if (!fs || newfd < 0 || newfd >= PM_NR_OPEN)
		return -EBADF;
	f = pm_fget(oldfd);
	if (!f)
		return -EBADF;
	flags = _spin_lock_irqsave(&fs->lock);
	old = fs->fd[newfd];
	fs->fd[newfd] = f;
	set_cloexec(fs, newfd, cloexec);
	spin_unlock_irqrestore(&fs->lock, flags);
	pm_file_put(old);
	return newfd;
}

SYSCALL_DEFINE1(dup, int, oldfd)
{
	struct pm_file *f = pm_fget(oldfd);
	int fd;

	if (!f)
		return -EBADF;
	fd = pm_fd_install(f, 0, false);
	if (fd < 0)
		pm_file_put(f);
	return fd;
}

SYSCALL_DEFINE2(dup2, int, oldfd, int, newfd)
{
	struct pm_file *f;

	if (oldfd == newfd) {
		f = pm_fget(oldfd);
		if (!f)
			return -EBADF;
		pm_file_put(f);
		return newfd;
	}
	return do_dup3(oldfd, newfd, false);
}

SYSCALL_DEFINE3(dup3, int, oldfd, int, newfd, int, flags)
{
	if ((flags & ~O_CLOEXEC) || oldfd == newfd)
		return -EINVAL;
	return do_dup3(oldfd, newfd, flags & O_CLOEXEC);
}

static long put_user_short(void __user *p, short v)
{
	return copy_to_user(p, &v, sizeof(v)) ? -EFAULT : 0;
}

static long fcntl_dupfd(struct pm_file *f, unsigned long min, bool cloexec)
{
	int fd;

	if (min >= PM_NR_OPEN)
		return -EINVAL;
	pm_file_get(f);
	fd = pm_fd_install(f, (int)min, cloexec);
	if (fd < 0)
		pm_file_put(f);
	return fd;
}

static long fcntl_fd_flags(int fd, int cmd, unsigned long arg)
{
	struct pm_files *fs = cur_files();
	unsigned long flags;
	long ret = 0;

	flags = _spin_lock_irqsave(&fs->lock);
	if (!fs->fd[fd])
		ret = -EBADF;
	else if (cmd == F_GETFD)
		ret = get_cloexec(fs, fd) ? FD_CLOEXEC : 0;
	else
		set_cloexec(fs, fd, arg & FD_CLOEXEC);
	spin_unlock_irqrestore(&fs->lock, flags);
	return ret;
}

SYSCALL_DEFINE3(fcntl, int, fd, int, cmd, unsigned long, arg)
{
	struct pm_file *f = pm_fget(fd);
	static bool warned_lock;
	long ret;

	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		ret = fcntl_dupfd(f, arg, cmd == F_DUPFD_CLOEXEC);
		break;
	case F_GETFD:
	case F_SETFD:
		ret = fcntl_fd_flags(fd, cmd, arg);
		break;
	case F_GETFL:
		ret = READ_ONCE(f->flags);
		break;
	case F_SETFL:
		WRITE_ONCE(f->flags, (f->flags & ~(u32)PM_SETFL_MASK) |
			   ((u32)arg & PM_SETFL_MASK));
		ret = 0;
		break;
	case F_GETLK:
		/* no lock ever conflicts: l_type (the first short) = F_UNLCK */
		ret = put_user_short((void __user *)arg, F_UNLCK);
		break;
	case F_SETLK:
	case F_SETLKW:
		if (!warned_lock) {
			warned_lock = true;
			pr_warn("TODO: fcntl record locks are not kept; every lock is granted\n");
		}
		ret = 0;
		break;
	case F_GETOWN:
	case F_SETOWN:
		ret = 0;
		break;
	case F_GETPIPE_SZ:
		ret = f->pipe ? 65536 : -EINVAL;
		break;
	default:
		ret = -EINVAL;
		break;
	}
	pm_file_put(f);
	return ret;
}

SYSCALL_DEFINE2(flock, int, fd, unsigned int, op)
{
	struct pm_file *f = pm_fget(fd);

	(void)op;
	if (!f)
		return -EBADF;
	pm_file_put(f);
	return 0;	/* one machine, advisory: every lock is granted */
}
