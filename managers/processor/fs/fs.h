/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internals of the processor manager's file layer (fs/): the fd table, open
 * files and their per-kind operations, paths, pipes, pseudo-files, poll.
 */
#ifndef _MANAGERS_PROCESSOR_FS_FS_H
#define _MANAGERS_PROCESSOR_FS_FS_H

#include <tessera/compiler.h>
#include <tessera/errno.h>
#include <tessera/kernel.h>
#include <tessera/mutex.h>
#include <tessera/spinlock.h>
#include <tessera/types.h>
#include <tessera/string.h>
#include <tessera/wait.h>
#include <asm/ptrace.h>
#include <asm/uaccess.h>
#include <tessera/rpc/p2m.h>
#include "../pm.h"

#define PM_NR_OPEN		1024	/* RLIMIT_NOFILE (fixed, see syscalls.c) */

/* Linux open(2) flags (x86-64 values). */
#define O_ACCMODE		00000003
#define O_RDONLY		00000000
#define O_WRONLY		00000001
#define O_RDWR			00000002
#define O_CREAT			00000100
#define O_EXCL			00000200
#define O_NOCTTY		00000400
#define O_TRUNC			00001000
#define O_APPEND		00002000
#define O_NONBLOCK		00004000
#define O_DSYNC			00010000
#define O_LARGEFILE		00100000
#define O_DIRECTORY		00200000
#define O_NOFOLLOW		00400000
#define O_NOATIME		01000000
#define O_CLOEXEC		02000000
#define O_PATH			010000000
/* Status flags F_SETFL may change. */
#define PM_SETFL_MASK		(O_APPEND | O_NONBLOCK | O_NOATIME | O_DSYNC)

#define AT_FDCWD		(-100)
#define AT_SYMLINK_NOFOLLOW	0x100
#define AT_EACCESS		0x200
#define AT_REMOVEDIR		0x200
#define AT_SYMLINK_FOLLOW	0x400
#define AT_NO_AUTOMOUNT		0x800
#define AT_EMPTY_PATH		0x1000

#define S_IFMT			0170000
#define S_IFSOCK		0140000
#define S_IFLNK			0120000
#define S_IFREG			0100000
#define S_IFDIR			0040000
#define S_IFCHR			0020000
#define S_IFIFO			0010000
#define S_ISDIR(m)		(((m) & S_IFMT) == S_IFDIR)
#define S_ISREG(m)		(((m) & S_IFMT) == S_IFREG)
#define S_ISLNK(m)		(((m) & S_IFMT) == S_IFLNK)
#define S_ISCHR(m)		(((m) & S_IFMT) == S_IFCHR)
#define S_ISFIFO(m)		(((m) & S_IFMT) == S_IFIFO)

#define POLLIN			0x001
#define POLLPRI			0x002
#define POLLOUT			0x004
#define POLLERR			0x008
#define POLLHUP			0x010
#define POLLNVAL		0x020
#define POLLRDNORM		0x040
#define POLLRDBAND		0x080
#define POLLWRNORM		0x100
#define POLLWRBAND		0x200

/* st_dev values: one per file system. */
#define PM_DEV_RAMFS		0x0001	/* files on M */
#define PM_DEV_PROC		0x0004
#define PM_DEV_SYS		0x0005
#define PM_DEV_DEVTMPFS		0x0006
#define PM_DEV_PIPEFS		0x000c
#define PM_MKDEV(ma, mi)	(((u64)(ma) << 8) | (u64)(mi))

/**
 * struct pm_kstat - what stat-like calls report, filled by a file kind
 */
struct pm_kstat {
	u64 dev;
	u64 ino;
	u64 nlink;
	u32 mode;
	u32 uid;
	u32 gid;
	u64 rdev;
	s64 size;
	s64 blksize;
	s64 blocks;
	s64 mtime;
};

struct pm_file;

/**
 * struct pm_iov - where a read's bytes go / a write's come from: a user
 * buffer (@ubuf), or a kernel one (@kbuf non-NULL: sendfile)
 */
struct pm_iov {
	char __user *ubuf;
	char *kbuf;
};

static inline int pm_iov_out(const struct pm_iov *v, size_t off,
			     const void *src, size_t n)
{
	if (v->kbuf) {
		memcpy(v->kbuf + off, src, n);
		return 0;
	}
	return copy_to_user(v->ubuf + off, src, n);
}

static inline int pm_iov_in(void *dst, const struct pm_iov *v, size_t off,
			    size_t n)
{
	if (v->kbuf) {
		memcpy(dst, v->kbuf + off, n);
		return 0;
	}
	return copy_from_user(dst, v->ubuf + off, n);
}

/**
 * struct pm_file_ops - what one kind of open file can do; NULL: not supported
 * @read, @write: at *@pos (seekable kinds) or the stream; bytes or -errno
 * @poll: the POLL* bits ready now (never sleeps); NULL: always in|out
 * @ioctl: NULL: -ENOTTY
 * @stat: fill @st (required)
 * @getdents: linux_dirent64 records at f->pos (directories)
 * @truncate: set the size (regular files)
 * @size: the size for SEEK_END, or a negative errno
 * @release: the last reference went (M handles closed here)
 * @seekable: lseek/pread/pwrite allowed (else -ESPIPE)
 */
struct pm_file_ops {
	ssize_t (*read)(struct pm_file *f, const struct pm_iov *buf, size_t len,
			u64 *pos);
	ssize_t (*write)(struct pm_file *f, const struct pm_iov *buf, size_t len,
			 u64 *pos);
	unsigned int (*poll)(struct pm_file *f);
	long (*ioctl)(struct pm_file *f, unsigned int cmd, unsigned long arg);
	int (*stat)(struct pm_file *f, struct pm_kstat *st);
	long (*getdents)(struct pm_file *f, const struct pm_iov *buf, size_t len);
	int (*truncate)(struct pm_file *f, u64 size);
	s64 (*size)(struct pm_file *f);
	void (*release)(struct pm_file *f);
	bool seekable;
};

/**
 * struct pm_file - an open file description, shared by dup'ed fds and forks
 * @refs: fds and temporary users pointing here (atomic)
 * @ops: its kind
 * @flags: O_ACCMODE and status flags (O_APPEND, O_NONBLOCK...); written by
 *	F_SETFL with WRITE_ONCE, read with READ_ONCE
 * @pos_lock: serialises @pos users (read/write/lseek/getdents)
 * @pos: the file position
 * @path: the absolute path it was opened by (directories: fchdir, *at())
 * @mem_node, @handle: files on M: where and which handle (-1 if none)
 * @pipe: pipes: the shared buffer
 * @data, @size: pseudo-files: the text generated at open (kmalloc'ed)
 * @mode: st_mode as seen at open
 * @ino: inode number at open (pseudo-files: the table index)
 * @pidx: pseudo-files: index in the pseudo table
 */
struct pm_file {
	int refs;
	const struct pm_file_ops *ops;
	u32 flags;
	struct mutex pos_lock;
	u64 pos;
	char path[P2M_PATH_MAX];
	u32 mem_node;
	s64 handle;
	struct pm_pipe *pipe;
	char *data;
	size_t size;
	u32 mode;
	u64 ino;
	int pidx;
};

/**
 * struct pm_files - an fd table (struct process.files)
 * @refs: processes sharing it (CLONE_FILES), atomic
 * @lock: protects @fd and @cloexec (spinlock: never held across sleeps)
 * @fd: the open files; NULL = free slot
 * @cloexec: FD_CLOEXEC bit per fd
 */
struct pm_files {
	int refs;
	spinlock_t lock;
	struct pm_file *fd[PM_NR_OPEN];
	u64 cloexec[PM_NR_OPEN / 64];
};

/* fd.c */
struct pm_file *pm_file_alloc(const struct pm_file_ops *ops, u32 flags);
void pm_file_get(struct pm_file *f);
void pm_file_put(struct pm_file *f);
struct pm_file *pm_fget(int fd);
int pm_fd_install(struct pm_file *f, int min, bool cloexec);
int pm_fd_close(int fd);
int pm_fd_next(int from);
bool pm_file_readable(const struct pm_file *f);
bool pm_file_writable(const struct pm_file *f);

/* path.c */
long pm_path_resolve(int dirfd, const char __user *upath, char *kpath,
		     bool follow_exe, bool empty_ok);
int pm_path_normalize(const char *base, const char *rel, char *out);
void pm_cwd_get(struct process *p, char *buf);

/* mfile.c: files on M */
u32 pm_mem_node(void);
int pm_mfile_open(const char *path, u32 flags, u32 mode, struct pm_file **out);
int pm_mfile_stat_path(const char *path, bool follow, struct pm_kstat *st);
s64 pm_mfile_handle(const struct pm_file *f);

/* pseudo.c: /proc, /sys, /dev */
bool pm_pseudo_path(const char *path);
int pm_pseudo_open(const char *path, u32 flags, struct pm_file **out);
int pm_pseudo_stat(const char *path, bool follow, struct pm_kstat *st);
int pm_pseudo_readlink(const char *path, char *buf, size_t len);

/* console.c */
struct pm_file *pm_console_file(u32 flags);
int pm_console_stat(struct pm_kstat *st);

/* pipe.c */
int pm_pipe_create(struct pm_file **rd, struct pm_file **wr, u32 flags);

/* poll.c: one queue every pollable kind wakes on each state change */
extern struct wait_queue_head pm_poll_wq;
void pm_poll_wake(void);

/* Shared by the pseudo and M directory kinds: one linux_dirent64 record. */
struct pm_dirent64 {
	u64 d_ino;
	s64 d_off;
	u16 d_reclen;
	u8 d_type;
	char d_name[];
} __packed;

#endif /* _MANAGERS_PROCESSOR_FS_FS_H */
