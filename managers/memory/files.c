// SPDX-License-Identifier: GPL-2.0
/*
 * The P2M_FILE_* handlers: open-file handles on M over ramfs, and the
 * read/write/stat/truncate/unlink/mkdir/getdents/readlink/link/setattr
 * calls P forwards to them.
 */
#include <tessera/printk.h>
#include <tessera/slab.h>
#include <tessera/string.h>
#include <tessera/time.h>
#include <tessera/rpc/p2m.h>
#include "internal.h"

#define FILE_HANDLES_MAX	4096

/* Open files, index = handle; each holds a ramfs reference. mm_lock. */
static struct ramfs_inode *handles[FILE_HANDLES_MAX];

/**
 * file_handle_inode() - the inode behind an open handle
 * Return: the inode, or NULL for a bad or closed handle.
 * Context: mm_lock held.
 */
struct ramfs_inode *file_handle_inode(s64 handle)
{
	if (handle < 0 || handle >= FILE_HANDLES_MAX)
		return NULL;
	return handles[handle];
}

static bool path_ok(const char *path)
{
	return memchr(path, '\0', P2M_PATH_MAX) && path[0] == '/';
}

static int bad(void)
{
	mm_counters.bad_request++;
	return -EINVAL;
}

/* Wall-clock seconds for mtimes. */
static u32 now_sec(void)
{
	return ktime_get_real_ns() / 1000000000ULL;
}

static bool is_dir(const struct ramfs_inode *i)
{
	return (i->mode & RAMFS_S_IFMT) == RAMFS_S_IFDIR;
}

static void fill_stat(struct p2m_file_stat_reply *rp, const struct ramfs_inode *i)
{
	rp->size = i->size;
	rp->mtime = i->mtime;
	rp->mode = i->mode;
	rp->ino = i->ino;
	rp->nlink = i->nlink;
	rp->_pad = 0;
}

static s64 do_open(const struct p2m_file_path_req *rq, struct p2m_file_stat_reply *rp)
{
	struct ramfs_inode *i;
	s64 h;
	int ret;

	for (h = 0; h < FILE_HANDLES_MAX && handles[h]; h++)
		;
	if (h == FILE_HANDLES_MAX)
		return -ENFILE;
	if (rq->flags & P2M_O_NOFOLLOW)
		ret = ramfs_lookup_nofollow(rq->path, &i);
	else
		ret = ramfs_lookup(rq->path, &i);
	if (ret == -ENOENT && (rq->flags & P2M_O_CREAT)) {
		ret = ramfs_create(rq->path, RAMFS_S_IFREG | (rq->mode & 07777), &i);
		if (!ret)
			i->mtime = now_sec();
	} else if (!ret && (rq->flags & P2M_O_CREAT) && (rq->flags & P2M_O_EXCL)) {
		ret = -EEXIST;
	}
	if (ret)
		return ret;
	if ((rq->flags & P2M_O_DIRECTORY) && (i->mode & RAMFS_S_IFMT) != RAMFS_S_IFDIR)
		return -ENOTDIR;
	if ((rq->flags & P2M_O_TRUNC) && (i->mode & RAMFS_S_IFMT) == RAMFS_S_IFREG) {
		ret = ramfs_truncate(i, 0);
		if (ret)
			return ret;
		i->mtime = now_sec();
	}
	ramfs_get(i);
	handles[h] = i;
	fill_stat(rp, i);
	return h;
}

/**
 * p2m_file_open_handler() - P2M_FILE_OPEN: look up (or create) a path
 * @msg: struct p2m_file_path_req; @reply: struct p2m_file_stat_reply
 * Return: sizeof(reply) (reply->ret: the handle or -ENOENT/-EEXIST/
 * -ENOTDIR/-ENFILE/-ENOMEM), or -EINVAL for a malformed request.
 * Context: FIT handler thread; takes mm_lock.
 */
int p2m_file_open_handler(const struct fit_msg *msg, void *reply, u32 reply_max)
{
	const struct p2m_file_path_req *rq = msg->req;
	struct p2m_file_stat_reply *rp = reply;
	int ret;

	mutex_lock(&mm_lock);
	if (msg->req_len != sizeof(*rq) || reply_max < sizeof(*rp) ||
	    !path_ok(rq->path) ||
	    (rq->flags & ~(u32)(P2M_O_CREAT | P2M_O_EXCL | P2M_O_TRUNC |
				P2M_O_DIRECTORY | P2M_O_NOFOLLOW))) {
		ret = bad();
		goto out;
	}
	memset(rp, 0, sizeof(*rp));
	rp->ret = do_open(rq, rp);
	ret = sizeof(*rp);
out:
	mutex_unlock(&mm_lock);
	return ret;
}

/**
 * p2m_file_stat_handler() - P2M_FILE_STAT: by handle, or by path (handle -1)
 * Return: sizeof(struct p2m_file_stat_reply) (reply->ret 0, -ENOENT,
 * -EBADF...), or -EINVAL.
 * Context: FIT handler thread; takes mm_lock.
 */
int p2m_file_stat_handler(const struct fit_msg *msg, void *reply, u32 reply_max)
{
	const struct p2m_file_path_req *rq = msg->req;
	struct p2m_file_stat_reply *rp = reply;
	struct ramfs_inode *i = NULL;
	int ret;

	mutex_lock(&mm_lock);
	if (msg->req_len != sizeof(*rq) || reply_max < sizeof(*rp) ||
	    (rq->handle == -1 && !path_ok(rq->path))) {
		ret = bad();
		goto out;
	}
	memset(rp, 0, sizeof(*rp));
	if (rq->handle == -1 && (rq->flags & P2M_O_NOFOLLOW)) {
		rp->ret = ramfs_lookup_nofollow(rq->path, &i);
	} else if (rq->handle == -1) {
		rp->ret = ramfs_lookup(rq->path, &i);
	} else {
		i = file_handle_inode(rq->handle);
		rp->ret = i ? 0 : -EBADF;
	}
	if (!rp->ret)
		fill_stat(rp, i);
	ret = sizeof(*rp);
out:
	mutex_unlock(&mm_lock);
	return ret;
}

/* The envelope of the handle-based calls; returns the inode or NULL. */
static struct ramfs_inode *io_begin(const struct fit_msg *msg, u32 min_len,
				    int *err)
{
	const struct p2m_file_io_req *rq = msg->req;
	struct ramfs_inode *i;

	if (msg->req_len < min_len || msg->req_len > sizeof(*rq) ||
	    rq->len > P2M_FILE_IO_MAX) {
		*err = bad();
		return NULL;
	}
	i = file_handle_inode(rq->handle);
	if (!i)
		*err = -EBADF;
	return i;
}

/**
 * p2m_file_read_handler() - P2M_FILE_READ: up to @len bytes at @offset
 * @msg: struct p2m_file_io_req without @data (24 bytes)
 * Return: bytes read into @reply, -EBADF, -EISDIR, -EINVAL.
 * Context: FIT handler thread; takes mm_lock.
 */
int p2m_file_read_handler(const struct fit_msg *msg, void *reply, u32 reply_max)
{
	const struct p2m_file_io_req *rq = msg->req;
	struct ramfs_inode *i;
	int ret;

	mutex_lock(&mm_lock);
	i = io_begin(msg, offsetof(struct p2m_file_io_req, data), &ret);
	if (i)
		ret = ramfs_read(i, rq->offset, reply, min_t(u32, rq->len, reply_max));
	mutex_unlock(&mm_lock);
	return ret;
}

/**
 * p2m_file_write_handler() - P2M_FILE_WRITE: @len bytes of @data at @offset
 * (P2M_FILE_APPEND: at the current end of the file)
 * @msg: struct p2m_file_io_req cut after @len bytes of @data
 * @reply: struct p2m_mm_reply: bytes written or a negative errno
 * Return: 8, -EBADF, or -EINVAL (malformed, @len past the request).
 * Context: FIT handler thread; takes mm_lock.
 */
int p2m_file_write_handler(const struct fit_msg *msg, void *reply, u32 reply_max)
{
	const struct p2m_file_io_req *rq = msg->req;
	struct p2m_mm_reply *rp = reply;
	struct ramfs_inode *i;
	u32 hdr = offsetof(struct p2m_file_io_req, data);
	int ret;

	mutex_lock(&mm_lock);
	i = io_begin(msg, hdr, &ret);
	if (i && (reply_max < sizeof(*rp) || msg->req_len - hdr < rq->len)) {
		ret = bad();
	} else if (i) {
		u64 off = rq->offset == P2M_FILE_APPEND ? i->size : rq->offset;

		rp->ret = ramfs_write(i, off, rq->data, rq->len);
		if (rp->ret > 0)
			i->mtime = now_sec();
		ret = sizeof(*rp);
	}
	mutex_unlock(&mm_lock);
	return ret;
}

/**
 * p2m_file_close_handler() - P2M_FILE_CLOSE: release a handle
 * Return: 0, -EBADF, -EINVAL.
 * Context: FIT handler thread; takes mm_lock.
 */
int p2m_file_close_handler(const struct fit_msg *msg, void *reply, u32 reply_max)
{
	const struct p2m_file_io_req *rq = msg->req;
	struct ramfs_inode *i;
	int ret;

	(void)reply;
	(void)reply_max;
	mutex_lock(&mm_lock);
	i = io_begin(msg, offsetof(struct p2m_file_io_req, data), &ret);
	if (i) {
		handles[rq->handle] = NULL;
		ramfs_put(i);
		ret = 0;
	}
	mutex_unlock(&mm_lock);
	return ret;
}

/**
 * p2m_file_truncate_handler() - P2M_FILE_TRUNCATE: set the size to @offset
 * Return: 0, -EBADF, -EISDIR, -ENOMEM, -EFBIG, -EINVAL.
 * Context: FIT handler thread; takes mm_lock.
 */
int p2m_file_truncate_handler(const struct fit_msg *msg, void *reply, u32 reply_max)
{
	const struct p2m_file_io_req *rq = msg->req;
	struct ramfs_inode *i;
	int ret;

	(void)reply;
	(void)reply_max;
	mutex_lock(&mm_lock);
	i = io_begin(msg, offsetof(struct p2m_file_io_req, data), &ret);
	if (i) {
		ret = ramfs_truncate(i, rq->offset);
		if (!ret)
			i->mtime = now_sec();
	}
	mutex_unlock(&mm_lock);
	return ret;
}

/* FILE_UNLINK's P2M_UNLINK_DIR / _NODIR: check the type first. */
static int unlink_typed(const char *path, u32 flags)
{
	struct ramfs_inode *i;
	int ret = ramfs_lookup_nofollow(path, &i);

	if (ret)
		return ret;
	if ((flags & P2M_UNLINK_DIR) && !is_dir(i))
		return -ENOTDIR;
	if ((flags & P2M_UNLINK_NODIR) && is_dir(i))
		return -EISDIR;
	return ramfs_unlink(path);
}

static int path_op(const struct fit_msg *msg, bool mkdir)
{
	const struct p2m_file_path_req *rq = msg->req;
	u32 uflags = P2M_UNLINK_DIR | P2M_UNLINK_NODIR;
	struct ramfs_inode *i;
	int ret;

	mutex_lock(&mm_lock);
	if (msg->req_len != sizeof(*rq) || !path_ok(rq->path) ||
	    (!mkdir && (rq->flags & uflags) == uflags)) {
		ret = bad();
	} else if (mkdir) {
		ret = ramfs_mkdir(rq->path, rq->mode);
		if (!ret && !ramfs_lookup(rq->path, &i))
			i->mtime = now_sec();
	} else {
		ret = unlink_typed(rq->path, rq->flags);
	}
	mutex_unlock(&mm_lock);
	return ret;
}

/**
 * p2m_file_unlink_handler() - P2M_FILE_UNLINK: remove a name (or an empty
 * directory); open handles and mappings keep the file until released
 * @msg: struct p2m_file_path_req; @flags P2M_UNLINK_DIR (rmdir) or
 *	P2M_UNLINK_NODIR (unlink) or 0 (either)
 * Return: 0, -ENOENT, -ENOTDIR, -EISDIR, -ENOTEMPTY, -EBUSY, -EINVAL.
 * Context: FIT handler thread; takes mm_lock.
 */
int p2m_file_unlink_handler(const struct fit_msg *msg, void *reply, u32 reply_max)
{
	(void)reply;
	(void)reply_max;
	return path_op(msg, false);
}

/**
 * p2m_file_mkdir_handler() - P2M_FILE_MKDIR: create a directory
 * Return: 0, -EEXIST, -ENOENT, -ENOTDIR, -ENOMEM, -EINVAL.
 * Context: FIT handler thread; takes mm_lock.
 */
int p2m_file_mkdir_handler(const struct fit_msg *msg, void *reply, u32 reply_max)
{
	(void)reply;
	(void)reply_max;
	return path_op(msg, true);
}

/**
 * p2m_file_rename_handler() - P2M_FILE_RENAME: move a name
 * @msg: struct p2m_file_rename_req
 * Return: 0 or ramfs_rename()'s errors; -EINVAL for a malformed request.
 * Context: FIT handler thread; takes mm_lock.
 */
int p2m_file_rename_handler(const struct fit_msg *msg, void *reply, u32 reply_max)
{
	const struct p2m_file_rename_req *rq = msg->req;
	int ret;

	(void)reply;
	(void)reply_max;
	mutex_lock(&mm_lock);
	if (msg->req_len != sizeof(*rq) || !path_ok(rq->from) || !path_ok(rq->to))
		ret = bad();
	else
		ret = ramfs_rename(rq->from, rq->to);
	mutex_unlock(&mm_lock);
	return ret;
}

/* linux_dirent64 layout. */
struct dirent64_hdr {
	u64 d_ino;
	s64 d_off;
	u16 d_reclen;
	u8 d_type;
	char d_name[];
} __packed;

/**
 * p2m_file_getdents_handler() - P2M_FILE_GETDENTS: directory entries
 * @msg: struct p2m_file_io_req (24 bytes): @offset the position (the
 *       index of the next entry), @len the room for records
 * @reply: u64 next position, then linux_dirent64 records (".", ".." first)
 * Return: reply length (8 at the end of the directory), -EBADF, -ENOTDIR,
 * -EINVAL (also when not even one record fits).
 * Context: FIT handler thread; takes mm_lock.
 */
int p2m_file_getdents_handler(const struct fit_msg *msg, void *reply, u32 reply_max)
{
	const struct p2m_file_io_req *rq = msg->req;
	struct ramfs_inode *dir;
	struct ramfs_dentry *d;
	u32 room, used = 8;
	u64 pos = 0;
	int ret;

	mutex_lock(&mm_lock);
	dir = io_begin(msg, offsetof(struct p2m_file_io_req, data), &ret);
	if (!dir)
		goto out;
	ret = -ENOTDIR;
	if ((dir->mode & RAMFS_S_IFMT) != RAMFS_S_IFDIR)
		goto out;
	room = min_t(u32, reply_max, rq->len + 8);
	if (room < 8 + sizeof(struct dirent64_hdr) + 8) {
		ret = bad();
		goto out;
	}
	d = list_first_entry(&dir->children, struct ramfs_dentry, sibling);
	for (;;) {
		const char *name;
		struct ramfs_inode *i;
		struct dirent64_hdr *de;
		u32 len;

		if (pos == 0) {
			name = ".";
			i = dir;
		} else if (pos == 1) {
			name = "..";
			i = dir->parent;
		} else {
			if (&d->sibling == &dir->children)
				break;
			name = d->name;
			i = d->inode;
		}
		len = ALIGN(sizeof(*de) + strlen(name) + 1, 8);
		if (pos >= rq->offset) {
			if (used + len > room)
				break;
			de = (void *)((u8 *)reply + used);
			de->d_ino = i->ino;
			de->d_off = pos + 1;
			de->d_reclen = len;
			de->d_type = (i->mode & RAMFS_S_IFMT) >> 12;
			memset(de->d_name, 0, len - sizeof(*de));
			memcpy(de->d_name, name, strlen(name));
			used += len;
		}
		if (pos >= 2)
			d = list_entry(d->sibling.next, struct ramfs_dentry, sibling);
		pos++;
	}
	if (used == 8 && pos < rq->offset)
		pos = rq->offset;
	*(u64 *)reply = max(pos, rq->offset);
	ret = used;
out:
	mutex_unlock(&mm_lock);
	return ret;
}

/**
 * p2m_file_readlink_handler() - P2M_FILE_READLINK: a symlink's target
 * @msg: struct p2m_file_path_req (@path; a final symlink is not followed)
 * @reply: the target's bytes, no NUL
 * Return: the target's length, -ENOENT, -EINVAL (not a symlink, or a
 * malformed request).
 * Context: FIT handler thread; takes mm_lock.
 */
int p2m_file_readlink_handler(const struct fit_msg *msg, void *reply, u32 reply_max)
{
	const struct p2m_file_path_req *rq = msg->req;
	struct ramfs_inode *i;
	int ret;

	mutex_lock(&mm_lock);
	if (msg->req_len != sizeof(*rq) || !path_ok(rq->path)) {
		ret = bad();
		goto out;
	}
	ret = ramfs_lookup_nofollow(rq->path, &i);
	if (ret)
		goto out;
	ret = -EINVAL;
	if ((i->mode & RAMFS_S_IFMT) == RAMFS_S_IFLNK)
		ret = ramfs_read(i, 0, reply, min_t(u64, i->size, reply_max));
out:
	mutex_unlock(&mm_lock);
	return ret;
}

static int make_symlink(const char *path, const char *target)
{
	struct ramfs_inode *i;
	size_t len = strlen(target);
	ssize_t n;
	int ret;

	if (!len)
		return -ENOENT;
	ret = ramfs_create(path, RAMFS_S_IFLNK | 0777, &i);
	if (ret)
		return ret;
	i->mtime = now_sec();
	n = ramfs_write(i, 0, target, len);
	if (n == (ssize_t)len)
		return 0;
	ramfs_unlink(path);
	return n < 0 ? n : -ENOMEM;
}

static int make_hardlink(const char *path, const char *target)
{
	struct ramfs_inode *i;
	int ret = ramfs_lookup_nofollow(target, &i);

	if (ret)
		return ret;
	return ramfs_link(path, i);
}

/**
 * p2m_file_link_handler() - P2M_FILE_LINK: a hard link or a symlink
 * @msg: struct p2m_file_link_req
 * Return: 0, -EEXIST, -ENOENT, -ENOTDIR, -EPERM (hard link to a
 * directory), -ENOMEM, -EINVAL (malformed).
 * Context: FIT handler thread; takes mm_lock.
 */
int p2m_file_link_handler(const struct fit_msg *msg, void *reply, u32 reply_max)
{
	const struct p2m_file_link_req *rq = msg->req;
	int ret;

	(void)reply;
	(void)reply_max;
	mutex_lock(&mm_lock);
	if (msg->req_len != sizeof(*rq) || !path_ok(rq->path) || rq->symlink > 1 ||
	    !memchr(rq->target, '\0', P2M_PATH_MAX) ||
	    (!rq->symlink && !path_ok(rq->target)))
		ret = bad();
	else if (rq->symlink)
		ret = make_symlink(rq->path, rq->target);
	else
		ret = make_hardlink(rq->path, rq->target);
	mutex_unlock(&mm_lock);
	return ret;
}

/**
 * p2m_file_setattr_handler() - P2M_FILE_SETATTR: permission bits, mtime
 * @msg: struct p2m_file_attr_req (by @handle, or by @path if @handle is -1)
 * Return: 0, -ENOENT, -EBADF, -EINVAL (malformed).
 * Context: FIT handler thread; takes mm_lock.
 */
int p2m_file_setattr_handler(const struct fit_msg *msg, void *reply, u32 reply_max)
{
	const struct p2m_file_attr_req *rq = msg->req;
	u32 known = P2M_ATTR_MODE | P2M_ATTR_MTIME | P2M_ATTR_NOFOLLOW;
	struct ramfs_inode *i = NULL;
	int ret;

	(void)reply;
	(void)reply_max;
	mutex_lock(&mm_lock);
	if (msg->req_len != sizeof(*rq) || (rq->valid & ~known) ||
	    (rq->mode & ~07777U) || (rq->handle == -1 && !path_ok(rq->path))) {
		ret = bad();
		goto out;
	}
	if (rq->handle != -1) {
		i = file_handle_inode(rq->handle);
		ret = i ? 0 : -EBADF;
	} else if (rq->valid & P2M_ATTR_NOFOLLOW) {
		ret = ramfs_lookup_nofollow(rq->path, &i);
	} else {
		ret = ramfs_lookup(rq->path, &i);
	}
	if (ret)
		goto out;
	if (rq->valid & P2M_ATTR_MODE)
		i->mode = (i->mode & RAMFS_S_IFMT) | rq->mode;
	if (rq->valid & P2M_ATTR_MTIME)
		i->mtime = rq->mtime;
out:
	mutex_unlock(&mm_lock);
	return ret;
}
