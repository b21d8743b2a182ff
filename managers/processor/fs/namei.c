// SPDX-License-Identifier: GPL-2.0
/*
 * The path syscalls: open/openat/creat, the stat family, access, mkdir,
 * rmdir, unlink, rename, truncate, links, chmod/chown/utimes, statfs and
 * getdents, routed to pseudo-files (/proc, /sys, /dev) or to M.
 */
#include <tessera/fit.h>
#include <tessera/mm.h>
#include <tessera/printk.h>
#include <tessera/slab.h>
#include <tessera/string.h>
#include <tessera/time.h>
#include <asm/uaccess.h>
#include "fs.h"
#include "../syscalls.h"

/* ---- open ---- */

static long do_open(int dirfd, const char __user *upath, u32 flags, u32 mode)
{
	char path[P2M_PATH_MAX];
	struct pm_file *f;
	long ret;
	int fd;

	ret = pm_path_resolve(dirfd, upath, path, true, false);
	if (ret)
		return ret;
	mode = (mode & 07777) & ~READ_ONCE(current_process()->umask);
	if (pm_pseudo_path(path))
		ret = pm_pseudo_open(path, flags, &f);
	else
		ret = pm_mfile_open(path, flags, mode, &f);
	if (ret)
		return ret;
	fd = pm_fd_install(f, 0, flags & O_CLOEXEC);
	if (fd < 0)
		pm_file_put(f);
	return fd;
}

SYSCALL_DEFINE3(open, const char __user *, path, int, flags, unsigned int, mode)
{
	return do_open(AT_FDCWD, path, flags, mode);
}

SYSCALL_DEFINE4(openat, int, dirfd, const char __user *, path, int, flags,
		unsigned int, mode)
{
	return do_open(dirfd, path, flags, mode);
}

SYSCALL_DEFINE2(creat, const char __user *, path, unsigned int, mode)
{
	return do_open(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

/* ---- stat ---- */

struct stat_user {
	u64 st_dev;
	u64 st_ino;
	u64 st_nlink;
	u32 st_mode;
	u32 st_uid;
	u32 st_gid;
	u32 __pad0;
	u64 st_rdev;
	s64 st_size;
	s64 st_blksize;
	s64 st_blocks;
	u64 st_atime, st_atime_nsec;
	u64 st_mtime, st_mtime_nsec;
	u64 st_ctime, st_ctime_nsec;
	s64 reserved[3];
};
_Static_assert(sizeof(struct stat_user) == 144, "x86-64 struct stat");

static int stat_path(const char *path, bool follow, struct pm_kstat *st)
{
	if (pm_pseudo_path(path))
		return pm_pseudo_stat(path, follow, st);
	return pm_mfile_stat_path(path, follow, st);
}

static int stat_fd(int fd, struct pm_kstat *st)
{
	char cwd[P2M_PATH_MAX];
	struct pm_file *f;
	int ret;

	if (fd == AT_FDCWD) {
		pm_cwd_get(current_process(), cwd);
		return stat_path(cwd, true, st);
	}
	f = pm_fget(fd);
	if (!f)
		return -EBADF;
	ret = f->ops->stat(f, st);
	pm_file_put(f);
	return ret;
}

/* Resolve @upath (AT_EMPTY_PATH: @dirfd itself) and stat it. */
static long stat_at(int dirfd, const char __user *upath, int flags,
		    struct pm_kstat *st)
{
	bool follow = !(flags & AT_SYMLINK_NOFOLLOW);
	char path[P2M_PATH_MAX];
	long ret;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
		return -EINVAL;
	ret = pm_path_resolve(dirfd, upath, path, follow, flags & AT_EMPTY_PATH);
	if (ret)
		return ret;
	if (!path[0])
		return stat_fd(dirfd, st);
	return stat_path(path, follow, st);
}

static long put_stat(struct stat_user __user *ubuf, const struct pm_kstat *st)
{
	struct stat_user s;

	memset(&s, 0, sizeof(s));
	s.st_dev = st->dev;
	s.st_ino = st->ino;
	s.st_nlink = st->nlink;
	s.st_mode = st->mode;
	s.st_uid = st->uid;
	s.st_gid = st->gid;
	s.st_rdev = st->rdev;
	s.st_size = st->size;
	s.st_blksize = st->blksize ? st->blksize : PAGE_SIZE;
	s.st_blocks = st->blocks;
	s.st_atime = st->mtime;
	s.st_mtime = st->mtime;
	s.st_ctime = st->mtime;
	return copy_to_user(ubuf, &s, sizeof(s)) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(stat, const char __user *, path, struct stat_user __user *, buf)
{
	struct pm_kstat st;
	long ret = stat_at(AT_FDCWD, path, 0, &st);

	return ret ? ret : put_stat(buf, &st);
}

SYSCALL_DEFINE2(lstat, const char __user *, path, struct stat_user __user *, buf)
{
	struct pm_kstat st;
	long ret = stat_at(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, &st);

	return ret ? ret : put_stat(buf, &st);
}

SYSCALL_DEFINE2(fstat, int, fd, struct stat_user __user *, buf)
{
	struct pm_kstat st;
	long ret;

	if (fd == AT_FDCWD)
		return -EBADF;
	ret = stat_fd(fd, &st);
	return ret ? ret : put_stat(buf, &st);
}

SYSCALL_DEFINE4(newfstatat, int, dirfd, const char __user *, path,
		struct stat_user __user *, buf, int, flags)
{
	struct pm_kstat st;
	long ret = stat_at(dirfd, path, flags, &st);

	return ret ? ret : put_stat(buf, &st);
}

struct statx_ts {
	s64 tv_sec;
	u32 tv_nsec;
	s32 __reserved;
};

struct statx_user {
	u32 stx_mask;
	u32 stx_blksize;
	u64 stx_attributes;
	u32 stx_nlink;
	u32 stx_uid;
	u32 stx_gid;
	u16 stx_mode;
	u16 __spare0;
	u64 stx_ino;
	u64 stx_size;
	u64 stx_blocks;
	u64 stx_attributes_mask;
	struct statx_ts stx_atime, stx_btime, stx_ctime, stx_mtime;
	u32 stx_rdev_major;
	u32 stx_rdev_minor;
	u32 stx_dev_major;
	u32 stx_dev_minor;
	u64 __spare2[14];
};
_Static_assert(sizeof(struct statx_user) == 256, "struct statx");

#define STATX_BASIC_STATS	0x7ffU
#define AT_STATX_SYNC_TYPE	0x6000

SYSCALL_DEFINE5(statx, int, dirfd, const char __user *, path, int, flags,
		unsigned int, mask, struct statx_user __user *, buf)
{
	struct statx_user sx;
	struct pm_kstat st;
	long ret;

	(void)mask;
	ret = stat_at(dirfd, path, flags & ~AT_STATX_SYNC_TYPE, &st);
	if (ret)
		return ret;
	memset(&sx, 0, sizeof(sx));
	sx.stx_mask = STATX_BASIC_STATS;
	sx.stx_blksize = st.blksize ? st.blksize : PAGE_SIZE;
	sx.stx_nlink = st.nlink;
	sx.stx_mode = st.mode;
	sx.stx_ino = st.ino;
	sx.stx_size = st.size;
	sx.stx_blocks = st.blocks;
	sx.stx_atime.tv_sec = st.mtime;
	sx.stx_ctime.tv_sec = st.mtime;
	sx.stx_mtime.tv_sec = st.mtime;
	sx.stx_rdev_major = st.rdev >> 8;
	sx.stx_rdev_minor = st.rdev & 0xff;
	sx.stx_dev_major = st.dev >> 8;
	sx.stx_dev_minor = st.dev & 0xff;
	return copy_to_user(buf, &sx, sizeof(sx)) ? -EFAULT : 0;
}

/* ---- access ---- */

#define X_OK			1

static long do_access(int dirfd, const char __user *upath, int mode, int flags)
{
	struct pm_kstat st;
	long ret;

	if (mode & ~7)
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	ret = stat_at(dirfd, upath, flags & (AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH), &st);
	if (ret)
		return ret;
	/* Everyone is root: only execute needs an x bit (or a directory). */
	if ((mode & X_OK) && !S_ISDIR(st.mode) && !(st.mode & 0111))
		return -EACCES;
	return 0;
}

SYSCALL_DEFINE2(access, const char __user *, path, int, mode)
{
	return do_access(AT_FDCWD, path, mode, 0);
}

SYSCALL_DEFINE3(faccessat, int, dirfd, const char __user *, path, int, mode)
{
	return do_access(dirfd, path, mode, 0);
}

SYSCALL_DEFINE4(faccessat2, int, dirfd, const char __user *, path, int, mode,
		int, flags)
{
	return do_access(dirfd, path, mode, flags);
}

/* ---- names: mkdir, rmdir, unlink, rename, links ---- */

/* Modifying /proc, /sys or /dev: -EEXIST if the name is there, else -EROFS. */
static long pseudo_modify(const char *path)
{
	struct pm_kstat st;

	return pm_pseudo_stat(path, false, &st) ? -EROFS : -EEXIST;
}

static long path_call(const char *path, u32 op, u32 flags, u32 mode)
{
	struct p2m_file_path_req rq;
	int ret;

	memset(&rq, 0, sizeof(rq));
	rq.flags = flags;
	rq.mode = mode;
	rq.handle = -1;
	strscpy(rq.path, path, sizeof(rq.path));
	ret = fit_call(pm_mem_node(), op, &rq, sizeof(rq), NULL, 0, 0);
	return ret > 0 ? -EIO : ret;
}

static long do_mkdir(int dirfd, const char __user *upath, u32 mode)
{
	char path[P2M_PATH_MAX];
	long ret = pm_path_resolve(dirfd, upath, path, false, false);

	if (ret)
		return ret;
	if (pm_pseudo_path(path))
		return pseudo_modify(path);
	mode = (mode & 07777) & ~READ_ONCE(current_process()->umask);
	return path_call(path, P2M_FILE_MKDIR, 0, mode);
}

SYSCALL_DEFINE2(mkdir, const char __user *, path, unsigned int, mode)
{
	return do_mkdir(AT_FDCWD, path, mode);
}

SYSCALL_DEFINE3(mkdirat, int, dirfd, const char __user *, path, unsigned int, mode)
{
	return do_mkdir(dirfd, path, mode);
}

static long do_unlink(int dirfd, const char __user *upath, bool dir)
{
	char path[P2M_PATH_MAX];
	long ret = pm_path_resolve(dirfd, upath, path, false, false);

	if (ret)
		return ret;
	if (pm_pseudo_path(path))
		return pseudo_modify(path) == -EEXIST ? -EPERM : -ENOENT;
	return path_call(path, P2M_FILE_UNLINK,
			 dir ? P2M_UNLINK_DIR : P2M_UNLINK_NODIR, 0);
}

SYSCALL_DEFINE1(rmdir, const char __user *, path)
{
	return do_unlink(AT_FDCWD, path, true);
}

SYSCALL_DEFINE1(unlink, const char __user *, path)
{
	return do_unlink(AT_FDCWD, path, false);
}

SYSCALL_DEFINE3(unlinkat, int, dirfd, const char __user *, path, int, flags)
{
	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	return do_unlink(dirfd, path, flags & AT_REMOVEDIR);
}

static long do_rename(int olddir, const char __user *oldp, int newdir,
		      const char __user *newp, unsigned int flags)
{
	struct p2m_file_rename_req *rq;
	long ret;

	if (flags) {
		static bool warned;

		if (!warned) {
			warned = true;
			pr_warn("TODO: renameat2 flags %#x are not supported\n", flags);
		}
		return -EINVAL;
	}
	rq = kzalloc(sizeof(*rq), GFP_KERNEL);
	if (!rq)
		return -ENOMEM;
	ret = pm_path_resolve(olddir, oldp, rq->from, false, false);
	if (!ret)
		ret = pm_path_resolve(newdir, newp, rq->to, false, false);
	if (!ret && (pm_pseudo_path(rq->from) || pm_pseudo_path(rq->to)))
		ret = -EXDEV;
	if (!ret) {
		ret = fit_call(pm_mem_node(), P2M_FILE_RENAME, rq, sizeof(*rq),
			       NULL, 0, 0);
		if (ret > 0)
			ret = -EIO;
	}
	kfree(rq);
	return ret;
}

SYSCALL_DEFINE2(rename, const char __user *, oldp, const char __user *, newp)
{
	return do_rename(AT_FDCWD, oldp, AT_FDCWD, newp, 0);
}

SYSCALL_DEFINE4(renameat, int, olddir, const char __user *, oldp, int, newdir,
		const char __user *, newp)
{
	return do_rename(olddir, oldp, newdir, newp, 0);
}

SYSCALL_DEFINE5(renameat2, int, olddir, const char __user *, oldp, int, newdir,
		const char __user *, newp, unsigned int, flags)
{
	return do_rename(olddir, oldp, newdir, newp, flags);
}

/* FILE_LINK: @rq->target and @rq->path filled in. */
static long link_call(struct p2m_file_link_req *rq)
{
	long ret;

	if (pm_pseudo_path(rq->path))
		return pseudo_modify(rq->path);
	ret = fit_call(pm_mem_node(), P2M_FILE_LINK, rq, sizeof(*rq), NULL, 0, 0);
	return ret > 0 ? -EIO : ret;
}

static long do_symlink(const char __user *target, int newdir,
		       const char __user *linkp)
{
	struct p2m_file_link_req *rq = kzalloc(sizeof(*rq), GFP_KERNEL);
	long ret;

	if (!rq)
		return -ENOMEM;
	rq->symlink = 1;
	ret = strncpy_from_user(rq->target, target, sizeof(rq->target));
	if (ret == 0)
		ret = -ENOENT;
	if (ret > 0)
		ret = pm_path_resolve(newdir, linkp, rq->path, false, false);
	if (!ret)
		ret = link_call(rq);
	kfree(rq);
	return ret;
}

SYSCALL_DEFINE2(symlink, const char __user *, target, const char __user *, linkp)
{
	return do_symlink(target, AT_FDCWD, linkp);
}

SYSCALL_DEFINE3(symlinkat, const char __user *, target, int, newdir,
		const char __user *, linkp)
{
	return do_symlink(target, newdir, linkp);
}

static long do_link(int olddir, const char __user *oldp, int newdir,
		    const char __user *newp, int flags)
{
	struct p2m_file_link_req *rq;
	long ret;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	rq = kzalloc(sizeof(*rq), GFP_KERNEL);
	if (!rq)
		return -ENOMEM;
	ret = pm_path_resolve(olddir, oldp, rq->target,
			      flags & AT_SYMLINK_FOLLOW, false);
	if (!ret)
		ret = pm_path_resolve(newdir, newp, rq->path, false, false);
	if (!ret && pm_pseudo_path(rq->target))
		ret = -EXDEV;
	if (!ret)
		ret = link_call(rq);
	kfree(rq);
	return ret;
}

SYSCALL_DEFINE2(link, const char __user *, oldp, const char __user *, newp)
{
	return do_link(AT_FDCWD, oldp, AT_FDCWD, newp, 0);
}

SYSCALL_DEFINE5(linkat, int, olddir, const char __user *, oldp, int, newdir,
		const char __user *, newp, int, flags)
{
	return do_link(olddir, oldp, newdir, newp, flags);
}

static long do_readlink(int dirfd, const char __user *upath, char __user *buf,
			int size)
{
	char path[P2M_PATH_MAX];
	struct p2m_file_path_req rq;
	char target[P2M_PATH_MAX];
	long ret;

	if (size <= 0)
		return -EINVAL;
	ret = pm_path_resolve(dirfd, upath, path, false, false);
	if (ret)
		return ret;
	if (pm_pseudo_path(path)) {
		ret = pm_pseudo_readlink(path, target, sizeof(target));
	} else {
		memset(&rq, 0, sizeof(rq));
		rq.handle = -1;
		strscpy(rq.path, path, sizeof(rq.path));
		ret = fit_call(pm_mem_node(), P2M_FILE_READLINK, &rq, sizeof(rq),
			       target, sizeof(target), 0);
	}
	if (ret < 0)
		return ret;
	ret = min_t(long, ret, size);
	return copy_to_user(buf, target, ret) ? -EFAULT : ret;
}

SYSCALL_DEFINE3(readlink, const char __user *, path, char __user *, buf, int, size)
{
	return do_readlink(AT_FDCWD, path, buf, size);
}

SYSCALL_DEFINE4(readlinkat, int, dirfd, const char __user *, path,
		char __user *, buf, int, size)
{
	return do_readlink(dirfd, path, buf, size);
}

/* ---- attributes: truncate, chmod, chown, times ---- */

SYSCALL_DEFINE2(ftruncate, int, fd, s64, len)
{
	struct pm_file *f;
	long ret = -EINVAL;

	if (len < 0)
		return -EINVAL;
	f = pm_fget(fd);
	if (!f)
		return -EBADF;
	if (pm_file_writable(f) && f->ops->truncate)
		ret = f->ops->truncate(f, len);
	pm_file_put(f);
	return ret;
}

SYSCALL_DEFINE2(truncate, const char __user *, upath, s64, len)
{
	char path[P2M_PATH_MAX];
	struct pm_file *f;
	long ret;

	if (len < 0)
		return -EINVAL;
	ret = pm_path_resolve(AT_FDCWD, upath, path, true, false);
	if (ret)
		return ret;
	if (pm_pseudo_path(path))
		return pseudo_modify(path) == -EEXIST ? -EACCES : -ENOENT;
	ret = pm_mfile_open(path, O_WRONLY, 0, &f);
	if (ret)
		return ret;
	ret = f->ops->truncate(f, len);
	pm_file_put(f);
	return ret;
}

/* FILE_SETATTR on @path (or on @f's handle when @f is a file on M). */
static long setattr(const char *path, struct pm_file *f, u32 valid, u32 mode,
		    u64 mtime)
{
	struct p2m_file_attr_req rq;
	long ret;

	memset(&rq, 0, sizeof(rq));
	rq.valid = valid;
	rq.mode = mode & 07777;
	rq.mtime = mtime;
	rq.handle = -1;
	if (f) {
		rq.handle = pm_mfile_handle(f);
		if (rq.handle < 0)
			return 0;	/* console, pipes, pseudo-files: nothing kept */
	} else if (pm_pseudo_path(path)) {
		return pseudo_modify(path) == -EEXIST ? -EPERM : -ENOENT;
	} else {
		strscpy(rq.path, path, sizeof(rq.path));
	}
	ret = fit_call(f ? f->mem_node : pm_mem_node(), P2M_FILE_SETATTR, &rq,
		       sizeof(rq), NULL, 0, 0);
	return ret > 0 ? -EIO : ret;
}

static long fd_setattr(int fd, u32 valid, u32 mode, u64 mtime)
{
	struct pm_file *f = pm_fget(fd);
	long ret;

	if (!f)
		return -EBADF;
	ret = setattr(NULL, f, valid, mode, mtime);
	pm_file_put(f);
	return ret;
}

static long path_setattr(int dirfd, const char __user *upath, int flags,
			 u32 valid, u32 mode, u64 mtime)
{
	char path[P2M_PATH_MAX];
	bool follow = !(flags & AT_SYMLINK_NOFOLLOW);
	long ret;

	ret = pm_path_resolve(dirfd, upath, path, follow, flags & AT_EMPTY_PATH);
	if (ret)
		return ret;
	if (!path[0])
		return fd_setattr(dirfd, valid, mode, mtime);
	if (!follow)
		valid |= P2M_ATTR_NOFOLLOW;
	return setattr(path, NULL, valid, mode, mtime);
}

SYSCALL_DEFINE2(chmod, const char __user *, path, unsigned int, mode)
{
	return path_setattr(AT_FDCWD, path, 0, P2M_ATTR_MODE, mode, 0);
}

SYSCALL_DEFINE2(fchmod, int, fd, unsigned int, mode)
{
	return fd_setattr(fd, P2M_ATTR_MODE, mode, 0);
}

SYSCALL_DEFINE3(fchmodat, int, dirfd, const char __user *, path, unsigned int, mode)
{
	return path_setattr(dirfd, path, 0, P2M_ATTR_MODE, mode, 0);
}

/*
 * Owners: every file belongs to root (uid/gid 0) and M does not store
 * owners, so chown checks that the file exists and succeeds.
 */
static long do_chown(int dirfd, const char __user *path, int flags)
{
	struct pm_kstat st;

	return stat_at(dirfd, path, flags, &st);
}

SYSCALL_DEFINE3(chown, const char __user *, path, u32, uid, u32, gid)
{
	(void)uid; (void)gid;
	return do_chown(AT_FDCWD, path, 0);
}

SYSCALL_DEFINE3(lchown, const char __user *, path, u32, uid, u32, gid)
{
	(void)uid; (void)gid;
	return do_chown(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW);
}

SYSCALL_DEFINE3(fchown, int, fd, u32, uid, u32, gid)
{
	struct pm_kstat st;

	(void)uid; (void)gid;
	if (fd == AT_FDCWD)
		return -EBADF;
	return stat_fd(fd, &st);
}

SYSCALL_DEFINE5(fchownat, int, dirfd, const char __user *, path, u32, uid,
		u32, gid, int, flags)
{
	(void)uid; (void)gid;
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	return do_chown(dirfd, path, flags);
}

#define UTIME_NOW		((1L << 30) - 1)
#define UTIME_OMIT		((1L << 30) - 2)

struct timespec_user {
	s64 tv_sec;
	s64 tv_nsec;
};

static u64 now_sec(void)
{
	return ktime_get_real_ns() / 1000000000ULL;
}

SYSCALL_DEFINE4(utimensat, int, dirfd, const char __user *, path,
		const struct timespec_user __user *, times, int, flags)
{
	struct timespec_user ts[2];
	u64 mtime = now_sec();
	u32 valid = P2M_ATTR_MTIME;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (times) {
		if (copy_from_user(ts, times, sizeof(ts)))
			return -EFAULT;
		if (ts[1].tv_nsec == UTIME_OMIT)
			valid = 0;
		else if (ts[1].tv_nsec != UTIME_NOW)
			mtime = ts[1].tv_sec;
	}
	if (!path)
		return fd_setattr(dirfd, valid, 0, mtime);
	return path_setattr(dirfd, path, flags, valid, 0, mtime);
}

SYSCALL_DEFINE2(utime, const char __user *, path, const s64 __user *, times)
{
	s64 t[2];
	u64 mtime = now_sec();

	if (times) {
		if (copy_from_user(t, times, sizeof(t)))
			return -EFAULT;
		mtime = t[1];
	}
	return path_setattr(AT_FDCWD, path, 0, P2M_ATTR_MTIME, 0, mtime);
}

SYSCALL_DEFINE2(utimes, const char __user *, path, const s64 __user *, times)
{
	s64 tv[4];
	u64 mtime = now_sec();

	if (times) {
		if (copy_from_user(tv, times, sizeof(tv)))
			return -EFAULT;
		mtime = tv[2];
	}
	return path_setattr(AT_FDCWD, path, 0, P2M_ATTR_MTIME, 0, mtime);
}

/* ---- statfs ---- */

struct statfs_user {
	s64 f_type;
	s64 f_bsize;
	u64 f_blocks;
	u64 f_bfree;
	u64 f_bavail;
	u64 f_files;
	u64 f_ffree;
	s32 f_fsid[2];
	s64 f_namelen;
	s64 f_frsize;
	s64 f_flags;
	s64 f_spare[4];
};
_Static_assert(sizeof(struct statfs_user) == 120, "x86-64 struct statfs");

#define RAMFS_MAGIC		0x858458f6
#define PROC_SUPER_MAGIC	0x9fa0

static long put_statfs(struct statfs_user __user *buf, u64 dev)
{
	struct statfs_user s;

	memset(&s, 0, sizeof(s));
	s.f_type = dev == PM_DEV_RAMFS ? RAMFS_MAGIC : PROC_SUPER_MAGIC;
	s.f_bsize = PAGE_SIZE;
	s.f_frsize = PAGE_SIZE;
	s.f_namelen = 255;
	if (dev == PM_DEV_RAMFS) {
		/* P's page counts: TODO: ask M for its own once it reports them */
		s.f_blocks = totalram_pages();
		s.f_bfree = nr_free_pages();
		s.f_bavail = s.f_bfree;
	}
	s.f_fsid[0] = dev;
	return copy_to_user(buf, &s, sizeof(s)) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(statfs, const char __user *, path, struct statfs_user __user *, buf)
{
	struct pm_kstat st;
	long ret = stat_at(AT_FDCWD, path, 0, &st);

	return ret ? ret : put_statfs(buf, st.dev);
}

SYSCALL_DEFINE2(fstatfs, int, fd, struct statfs_user __user *, buf)
{
	struct pm_kstat st;
	long ret;

	if (fd == AT_FDCWD)
		return -EBADF;
	ret = stat_fd(fd, &st);
	return ret ? ret : put_statfs(buf, st.dev);
}

/* ---- getdents ---- */

static long do_getdents(int fd, const struct pm_iov *v, size_t count)
{
	struct pm_file *f = pm_fget(fd);
	long ret;

	if (!f)
		return -EBADF;
	ret = -ENOTDIR;
	if (f->ops->getdents) {
		mutex_lock(&f->pos_lock);
		ret = f->ops->getdents(f, v, count);
		mutex_unlock(&f->pos_lock);
	}
	pm_file_put(f);
	return ret;
}

SYSCALL_DEFINE3(getdents64, int, fd, void __user *, buf, unsigned int, count)
{
	struct pm_iov v = { .ubuf = buf };

	if (!access_ok((unsigned long)buf, count))
		return -EFAULT;
	return do_getdents(fd, &v, count);
}

/*
 * getdents (the old record: d_ino, d_off, d_reclen, name, NUL, d_type in
 * the last byte) has the same record sizes as getdents64, so records are
 * converted one by one in a kernel buffer.
 */
SYSCALL_DEFINE3(getdents, int, fd, void __user *, buf, unsigned int, count)
{
	struct pm_iov v;
	long n, off;

	if (!access_ok((unsigned long)buf, count))
		return -EFAULT;
	count = min_t(unsigned int, count, P2M_FILE_IO_MAX);
	v.ubuf = NULL;
	v.kbuf = kmalloc(P2M_FILE_IO_MAX, GFP_KERNEL);
	if (!v.kbuf)
		return -ENOMEM;
	n = do_getdents(fd, &v, count);
	for (off = 0; n > 0 && off < n;) {
		struct pm_dirent64 *d = (void *)(v.kbuf + off);
		u16 reclen = d->d_reclen;
		u8 type = d->d_type;
		size_t nlen;

		if (reclen < sizeof(*d) + 1 || off + reclen > n) {
			n = -EIO;
			break;
		}
		nlen = strnlen(d->d_name, reclen - sizeof(*d));
		/* shift the name one byte down over d_type, type at the end */
		memmove(v.kbuf + off + 18, d->d_name, nlen);
		memset(v.kbuf + off + 18 + nlen, 0, reclen - 18 - nlen);
		v.kbuf[off + reclen - 1] = type;
		off += reclen;
	}
	if (n > 0 && copy_to_user(buf, v.kbuf, n))
		n = -EFAULT;
	kfree(v.kbuf);
	return n;
}
