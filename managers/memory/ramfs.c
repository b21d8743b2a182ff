// SPDX-License-Identifier: GPL-2.0
/*
 * ramfs: the memory manager's in-memory file tree (directories, regular
 * files whose pages are the page cache, symlinks stored as data) and the initramfs unpacker.
 */
#include <tessera/mm.h>
#include <tessera/slab.h>
#include <tessera/string.h>
#include <tessera/printk.h>
#include <tessera/bug.h>
#include "internal.h"
#include <tessera/rpc/p2m.h>
#include "cpio.h"

#define RAMFS_NAME_MAX		255

/* All below under mm_lock. */
static struct ramfs_inode *ramfs_root;
static u32 ramfs_next_ino = 1;
static unsigned long ramfs_pages;

static struct ramfs_inode *inode_new(u32 mode)
{
	struct ramfs_inode *i = kzalloc(sizeof(*i), GFP_KERNEL);

	if (!i)
		return NULL;
	i->ino = ramfs_next_ino++;
	i->mode = mode;
	INIT_LIST_HEAD(&i->children);
	return i;
}

static bool is_dir(const struct ramfs_inode *i)
{
	return (i->mode & RAMFS_S_IFMT) == RAMFS_S_IFDIR;
}

static void inode_free(struct ramfs_inode *i)
{
	ramfs_truncate(i, 0);
	kfree(i->pages);
	kfree(i);
}

static void inode_maybe_free(struct ramfs_inode *i)
{
	if (!i->nlink && !i->refs && i != ramfs_root)
		inode_free(i);
}

/**
 * ramfs_get() - take a reference on @i (a VMA or open handle uses it)
 * Context: mm_lock held.
 */
void ramfs_get(struct ramfs_inode *i)
{
	i->refs++;
}

/**
 * ramfs_put() - drop a reference; an unlinked, unused inode is freed
 * Context: mm_lock held.
 */
void ramfs_put(struct ramfs_inode *i)
{
	if (WARN_ON(!i->refs))
		return;
	i->refs--;
	inode_maybe_free(i);
}

/**
 * ramfs_init() - create the empty root directory
 * Context: boot, before any handler runs.
 */
void ramfs_init(void)
{
	if (ramfs_root)
		return;
	ramfs_root = inode_new(RAMFS_S_IFDIR | 0755);
	if (!ramfs_root)
		panic("ramfs: no memory for the root directory");
	ramfs_root->nlink = 1;
	ramfs_root->parent = ramfs_root;
	/* Mount points of P's pseudo file systems: listed by getdents of "/". */
	ramfs_mkdir("/proc", 0555);
	ramfs_mkdir("/sys", 0555);
	ramfs_mkdir("/dev", 0755);
}

static struct ramfs_dentry *dir_find(struct ramfs_inode *dir, const char *name,
				     size_t len)
{
	struct ramfs_dentry *d;

	list_for_each_entry(d, &dir->children, sibling)
		if (strlen(d->name) == len && !memcmp(d->name, name, len))
			return d;
	return NULL;
}

#define RAMFS_SYMLINK_MAX	8	/* links followed per lookup */

/*
 * A path being resolved: symlinks are expanded by rewriting @buf (the
 * prefix walked so far, the link target, the rest) and walking it again
 * from the root. Heap-allocated: two paths do not fit a kernel stack well.
 */
struct ramfs_walk {
	char buf[2 * P2M_PATH_MAX];
	char tmp[2 * P2M_PATH_MAX];
	int links;
};

/* Replace buf[start, end) with the target of symlink @link. */
static int walk_splice(struct ramfs_walk *w, size_t start, size_t end,
		       struct ramfs_inode *link)
{
	size_t tlen = link->size, rest = strlen(w->buf + end);
	bool abs;

	if (++w->links > RAMFS_SYMLINK_MAX)
		return -ELOOP;
	if (!tlen || tlen >= P2M_PATH_MAX || start + tlen + 1 + rest >= sizeof(w->tmp))
		return -ENAMETOOLONG;
	ramfs_read(link, 0, w->tmp + start, tlen);
	abs = w->tmp[start] == '/';
	memcpy(w->tmp, w->buf, start);
	w->tmp[start + tlen] = rest ? '/' : '\0';
	memcpy(w->tmp + start + tlen + !!rest, w->buf + end, rest + 1);
	if (abs)
		memmove(w->tmp, w->tmp + start, strlen(w->tmp + start) + 1);
	memcpy(w->buf, w->tmp, sizeof(w->buf));
	return 0;
}

/* "." or "..". */
static bool is_dot(const char *name, size_t len)
{
	return (len == 1 && name[0] == '.') ||
	       (len == 2 && name[0] == '.' && name[1] == '.');
}

static bool is_link(const struct ramfs_inode *i)
{
	return (i->mode & RAMFS_S_IFMT) == RAMFS_S_IFLNK;
}

/*
 * Resolve all of w->buf but its last component (following symlinks on the
 * way; the last one too if @follow_last and it exists). On success *@dir
 * is the parent directory, *@name and *@len the last component inside
 * w->buf (len 0 for "/"), and *@found its inode or NULL.
 */
static int walk_path(struct ramfs_walk *w, bool follow_last,
		     struct ramfs_inode **dir, const char **name, size_t *len,
		     struct ramfs_inode **found)
{
	struct ramfs_inode *cur;
	const char *p;
	int ret;

restart:
	cur = ramfs_root;
	p = w->buf;
	for (;;) {
		struct ramfs_dentry *d;
		const char *c;
		size_t n;

		while (*p == '/')
			p++;
		c = p;
		while (*p && *p != '/')
			p++;
		n = p - c;
		while (*p == '/')
			p++;
		if (n > RAMFS_NAME_MAX)
			return -ENAMETOOLONG;
		d = n ? dir_find(cur, c, n) : NULL;
		if (!*p) {
			if (d && follow_last && is_link(d->inode)) {
				ret = walk_splice(w, c - w->buf, c - w->buf + n, d->inode);
				if (ret)
					return ret;
				goto restart;
			}
			*dir = cur;
			*name = c;
			*len = n;
			*found = d ? d->inode : NULL;
			if (n == 1 && c[0] == '.')
				*found = cur;
			else if (n == 2 && c[0] == '.' && c[1] == '.')
				*found = cur->parent;
			else if (!n)
				*found = cur;
			return 0;
		}
		if (n == 1 && c[0] == '.')
			continue;
		if (n == 2 && c[0] == '.' && c[1] == '.') {
			cur = cur->parent;
			continue;
		}
		if (!d)
			return -ENOENT;
		if (is_link(d->inode)) {
			ret = walk_splice(w, c - w->buf, c - w->buf + n, d->inode);
			if (ret)
				return ret;
			goto restart;
		}
		if (!is_dir(d->inode))
			return -ENOTDIR;
		cur = d->inode;
	}
}

static struct ramfs_walk *walk_start(const char *path, int *err)
{
	struct ramfs_walk *w;

	if (!path || strnlen(path, P2M_PATH_MAX) >= P2M_PATH_MAX) {
		*err = -ENAMETOOLONG;
		return NULL;
	}
	w = kmalloc(sizeof(*w), GFP_KERNEL);
	if (!w) {
		*err = -ENOMEM;
		return NULL;
	}
	strscpy(w->buf, path, sizeof(w->buf));
	w->links = 0;
	return w;
}

static int lookup(const char *path, bool follow, struct ramfs_inode **out)
{
	struct ramfs_inode *dir, *i;
	const char *name;
	size_t len;
	int ret;
	struct ramfs_walk *w = walk_start(path, &ret);

	if (!w)
		return ret;
	ret = walk_path(w, follow, &dir, &name, &len, &i);
	kfree(w);
	if (ret)
		return ret;
	if (!i)
		return -ENOENT;
	*out = i;
	return 0;
}

/* Depth-first search below @dir for a name of @want, built in @buf. */
static bool path_dfs(struct ramfs_inode *dir, const struct ramfs_inode *want,
		     char *buf, size_t len, size_t pos, int depth)
{
	struct ramfs_dentry *d;

	list_for_each_entry(d, &dir->children, sibling) {
		size_t n = strlen(d->name);

		if (pos + 1 + n + 1 > len)
			continue;
		buf[pos] = '/';
		memcpy(buf + pos + 1, d->name, n);
		buf[pos + 1 + n] = '\0';
		if (d->inode == want)
			return true;
		if (is_dir(d->inode) && depth < 32 &&
		    path_dfs(d->inode, want, buf, len, pos + 1 + n, depth + 1))
			return true;
	}
	return false;
}

/**
 * ramfs_path_of() - one absolute name of @i (for /proc/<pid>/maps)
 * @i: the inode; @buf: @len bytes for the path
 *
 * Searches the whole tree: for rare callers only.
 * Return: 0, or -ENOENT (unlinked, or deeper than 32 levels).
 * Context: mm_lock held.
 */
int ramfs_path_of(const struct ramfs_inode *i, char *buf, size_t len)
{
	if (len < 2)
		return -ENOENT;
	if (i == ramfs_root) {
		strscpy(buf, "/", len);
		return 0;
	}
	return path_dfs(ramfs_root, i, buf, len, 0, 0) ? 0 : -ENOENT;
}

/**
 * ramfs_lookup() - find the inode at @path (absolute; ".", ".." and
 * symlinks are followed, at most 8 links)
 * @path: NUL-terminated path; @out: the inode (no reference taken)
 * Return: 0, -ENOENT, -ENOTDIR, -ELOOP, -ENAMETOOLONG, -ENOMEM.
 * Context: mm_lock held.
 */
int ramfs_lookup(const char *path, struct ramfs_inode **out)
{
	return lookup(path, true, out);
}

/**
 * ramfs_lookup_nofollow() - ramfs_lookup() that returns a final symlink
 * itself (lstat, readlink)
 * Context: mm_lock held.
 */
int ramfs_lookup_nofollow(const char *path, struct ramfs_inode **out)
{
	return lookup(path, false, out);
}

static int dir_add(struct ramfs_inode *dir, const char *name, size_t len,
		   struct ramfs_inode *i)
{
	struct ramfs_dentry *d;

	if (len == 0 || (len == 1 && name[0] == '.') ||
	    (len == 2 && name[0] == '.' && name[1] == '.'))
		return -EEXIST;
	if (dir_find(dir, name, len))
		return -EEXIST;
	d = kzalloc(sizeof(*d) + len + 1, GFP_KERNEL);
	if (!d)
		return -ENOMEM;
	memcpy(d->name, name, len);
	d->inode = i;
	i->nlink++;
	list_add_tail(&d->sibling, &dir->children);
	return 0;
}

/**
 * ramfs_create() - create a file (or symlink, by @mode) at @path
 * @path: its path, whose parent must exist; @mode: type and permissions
 * @out: the new inode (no reference taken), may be NULL
 * Return: 0, -EEXIST, -ENOENT, -ENOTDIR, -ENOMEM.
 * Context: mm_lock held.
 */
int ramfs_create(const char *path, u32 mode, struct ramfs_inode **out)
{
	struct ramfs_inode *dir, *i, *old;
	const char *name;
	size_t len;
	int ret;
	struct ramfs_walk *w = walk_start(path, &ret);

	if (!w)
		return ret;
	ret = walk_path(w, false, &dir, &name, &len, &old);
	if (ret)
		goto out;
	ret = -ENOMEM;
	i = inode_new(mode);
	if (!i)
		goto out;
	ret = dir_add(dir, name, len, i);
	if (ret) {
		kfree(i);
		goto out;
	}
	if (is_dir(i))
		i->parent = dir;
	if (out)
		*out = i;
out:
	kfree(w);
	return ret;
}

/**
 * ramfs_mkdir() - create a directory at @path
 * Return: 0, -EEXIST, -ENOENT, -ENOTDIR, -ENOMEM.
 * Context: mm_lock held.
 */
int ramfs_mkdir(const char *path, u32 mode)
{
	return ramfs_create(path, RAMFS_S_IFDIR | (mode & 07777), NULL);
}

/**
 * ramfs_link() - give @inode another name @path (not for directories)
 * Return: 0, -EPERM for a directory, or ramfs_create()'s errors.
 * Context: mm_lock held.
 */
int ramfs_link(const char *path, struct ramfs_inode *inode)
{
	struct ramfs_inode *dir, *old;
	const char *name;
	size_t len;
	int ret;
	struct ramfs_walk *w;

	if (is_dir(inode))
		return -EPERM;
	w = walk_start(path, &ret);
	if (!w)
		return ret;
	ret = walk_path(w, false, &dir, &name, &len, &old);
	if (!ret)
		ret = dir_add(dir, name, len, inode);
	kfree(w);
	return ret;
}

/**
 * ramfs_unlink() - remove the name @path; empty directories too
 * Return: 0, -ENOENT, -ENOTEMPTY, -EBUSY (the root).
 * Context: mm_lock held.
 */
int ramfs_unlink(const char *path)
{
	struct ramfs_inode *dir, *i;
	struct ramfs_dentry *d;
	const char *name;
	size_t len;
	int ret;
	struct ramfs_walk *w = walk_start(path, &ret);

	if (!w)
		return ret;
	ret = walk_path(w, false, &dir, &name, &len, &i);
	if (ret)
		goto out;
	ret = -EBUSY;
	if (len == 0 || i == ramfs_root)
		goto out;
	ret = -ENOENT;
	d = dir_find(dir, name, len);
	if (!d)
		goto out;
	ret = -ENOTEMPTY;
	if (is_dir(i) && !list_empty(&i->children))
		goto out;
	list_del(&d->sibling);
	kfree(d);
	i->nlink--;
	inode_maybe_free(i);
	ret = 0;
out:
	kfree(w);
	return ret;
}

/**
 * ramfs_rename() - move the name @from to @to, replacing a file (or an
 * empty directory, for a directory) there
 * Return: 0, -ENOENT, -EISDIR, -ENOTDIR, -ENOTEMPTY, -EINVAL (a directory
 * into itself), -EBUSY, -ENOMEM.
 * Context: mm_lock held.
 */
int ramfs_rename(const char *from, const char *to)
{
	struct ramfs_inode *fdir, *tdir, *i, *old, *a;
	struct ramfs_dentry *d, *nd;
	const char *fname, *tname;
	size_t flen, tlen;
	struct ramfs_walk *fw, *tw = NULL;
	int ret;

	fw = walk_start(from, &ret);
	if (fw)
		tw = walk_start(to, &ret);
	if (!tw)
		goto out;
	ret = walk_path(fw, false, &fdir, &fname, &flen, &i);
	if (!ret)
		ret = walk_path(tw, false, &tdir, &tname, &tlen, &old);
	if (ret)
		goto out;
	ret = -EBUSY;
	if (!flen || !tlen || i == ramfs_root)
		goto out;
	ret = -EINVAL;
	if (is_dot(fname, flen) || is_dot(tname, tlen))
		goto out;
	ret = -ENOENT;
	d = dir_find(fdir, fname, flen);
	if (!d)
		goto out;
	ret = 0;
	if (old == i)
		goto out;
	ret = -EINVAL;
	for (a = tdir; is_dir(i); a = a->parent) {
		if (a == i)
			goto out;
		if (a == ramfs_root)
			break;
	}
	if (old) {
		ret = is_dir(i) ? -ENOTDIR : -EISDIR;
		if (is_dir(old) != is_dir(i))
			goto out;
		ret = -ENOTEMPTY;
		if (is_dir(old) && !list_empty(&old->children))
			goto out;
	}
	ret = -ENOMEM;
	nd = kzalloc(sizeof(*nd) + tlen + 1, GFP_KERNEL);
	if (!nd)
		goto out;
	/* Commit: drop the old target's name, move the dentry's inode. */
	if (old) {
		struct ramfs_dentry *od = dir_find(tdir, tname, tlen);

		list_del(&od->sibling);
		kfree(od);
		old->nlink--;
		inode_maybe_free(old);
	}
	memcpy(nd->name, tname, tlen);
	nd->inode = i;
	list_add_tail(&nd->sibling, &tdir->children);
	list_del(&d->sibling);
	kfree(d);
	if (is_dir(i))
		i->parent = tdir;
	ret = 0;
out:
	kfree(fw);
	kfree(tw);
	return ret;
}

/* Make room for @slots page pointers. */
static int grow_slots(struct ramfs_inode *i, u64 slots)
{
	void **n;
	u64 cap = i->nr_slots ? i->nr_slots : 4;

	if (slots <= i->nr_slots)
		return 0;
	while (cap < slots)
		cap *= 2;
	if (cap > (1ULL << 30) / sizeof(void *))
		return -EFBIG;
	n = kcalloc(cap, sizeof(void *), GFP_KERNEL);
	if (!n)
		return -ENOMEM;
	if (i->pages)
		memcpy(n, i->pages, i->nr_slots * sizeof(void *));
	kfree(i->pages);
	i->pages = n;
	i->nr_slots = cap;
	return 0;
}

/**
 * ramfs_read() - copy up to @len bytes at @off out of the page cache
 * Return: bytes read (0 at or past the end), or -EISDIR.
 * Context: mm_lock held.
 */
ssize_t ramfs_read(struct ramfs_inode *i, u64 off, void *buf, size_t len)
{
	size_t done = 0;

	if (is_dir(i))
		return -EISDIR;
	if (off >= i->size)
		return 0;
	len = min_t(u64, len, i->size - off);
	while (done < len) {
		u64 pg = (off + done) >> PAGE_SHIFT;
		size_t in = (off + done) & (PAGE_SIZE - 1);
		size_t n = min_t(size_t, len - done, PAGE_SIZE - in);

		if (pg < i->nr_slots && i->pages[pg])
			memcpy((u8 *)buf + done, (u8 *)i->pages[pg] + in, n);
		else
			memset((u8 *)buf + done, 0, n);
		done += n;
	}
	return done;
}

/**
 * ramfs_write() - copy @len bytes into the file at @off, growing it
 * Return: @len, or -ENOMEM/-EFBIG/-EISDIR (a partial write may remain).
 * Context: mm_lock held; may sleep.
 */
ssize_t ramfs_write(struct ramfs_inode *i, u64 off, const void *buf, size_t len)
{
	size_t done = 0;
	int ret;

	if (is_dir(i))
		return -EISDIR;
	if (off + len < off)
		return -EFBIG;
	if (!len)
		return 0;
	ret = grow_slots(i, ((off + len - 1) >> PAGE_SHIFT) + 1);
	if (ret)
		return ret;
	while (done < len) {
		u64 pg = (off + done) >> PAGE_SHIFT;
		size_t in = (off + done) & (PAGE_SIZE - 1);
		size_t n = min_t(size_t, len - done, PAGE_SIZE - in);

		if (!i->pages[pg]) {
			i->pages[pg] = get_free_page(GFP_ZERO);
			if (!i->pages[pg])
				return -ENOMEM;
			ramfs_pages++;
		}
		memcpy((u8 *)i->pages[pg] + in, (const u8 *)buf + done, n);
		done += n;
		if (off + done > i->size)
			i->size = off + done;
	}
	return done;
}

/**
 * ramfs_truncate() - set the size of a regular file; cut pages are freed
 * and the tail of the new last page is zeroed
 * Return: 0, -EISDIR, -ENOMEM, -EFBIG.
 * Context: mm_lock held.
 */
int ramfs_truncate(struct ramfs_inode *i, u64 size)
{
	u64 pg, keep = PFN_UP(size);

	if (is_dir(i))
		return -EISDIR;
	if (size > i->size) {
		int ret = grow_slots(i, keep);

		if (ret)
			return ret;
		i->size = size;
		return 0;
	}
	for (pg = keep; pg < i->nr_slots; pg++) {
		if (i->pages[pg]) {
			free_page(i->pages[pg]);
			i->pages[pg] = NULL;
			ramfs_pages--;
		}
	}
	if ((size & (PAGE_SIZE - 1)) && keep - 1 < i->nr_slots && i->pages[keep - 1])
		memset((u8 *)i->pages[keep - 1] + (size & (PAGE_SIZE - 1)), 0,
		       PAGE_SIZE - (size & (PAGE_SIZE - 1)));
	i->size = size;
	return 0;
}

/**
 * ramfs_nr_pages() - page-cache pages held by all files
 * Context: mm_lock held.
 */
unsigned long ramfs_nr_pages(void)
{
	return ramfs_pages;
}

/* Unpacking: newc hard links share an inode, found by the archive's ino. */
#define UNPACK_LINKS_MAX	64

struct unpack_state {
	char path[P2M_PATH_MAX + 2];
	u32 link_ino[UNPACK_LINKS_MAX];
	struct ramfs_inode *link_inode[UNPACK_LINKS_MAX];
	unsigned int nr_links;
	unsigned int skipped;
};

/* Create missing parent directories of st->path (mkdir -p). */
static int mkdir_parents(struct unpack_state *st)
{
	char *p;
	int ret;

	for (p = st->path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		ret = ramfs_mkdir(st->path, 0755);
		*p = '/';
		if (ret && ret != -EEXIST)
			return ret;
	}
	return 0;
}

static int unpack_one(void *arg, const struct cpio_entry *e)
{
	struct unpack_state *st = arg;
	const char *name = e->name;
	struct ramfs_inode *i;
	unsigned int k;
	u32 type = e->mode & CPIO_S_IFMT;
	int ret;

	while (name[0] == '.' && name[1] == '/')
		name += 2;
	while (name[0] == '/')
		name++;
	if (!name[0] || !strcmp(name, "."))
		return 0;
	if (strlen(name) + 1 >= P2M_PATH_MAX) {
		st->skipped++;
		return 0;
	}
	st->path[0] = '/';
	strscpy(st->path + 1, name, sizeof(st->path) - 1);
	ret = mkdir_parents(st);
	if (ret)
		return ret;
	if (type == CPIO_S_IFDIR) {
		ret = ramfs_mkdir(st->path, e->mode);
		return ret == -EEXIST ? 0 : ret;
	}
	if (type != CPIO_S_IFREG && type != CPIO_S_IFLNK) {
		st->skipped++;	/* device nodes, fifos: not in ramfs yet */
		return 0;
	}
	if (type == CPIO_S_IFREG && e->nlink > 1) {
		for (k = 0; k < st->nr_links; k++) {
			if (st->link_ino[k] != e->ino)
				continue;
			ret = ramfs_link(st->path, st->link_inode[k]);
			if (ret)
				return ret;
			i = st->link_inode[k];
			goto data;
		}
	}
	if (!ramfs_lookup_nofollow(st->path, &i))	/* a later copy wins */
		ramfs_unlink(st->path);
	ret = ramfs_create(st->path, e->mode, &i);
	if (ret)
		return ret;
	i->mtime = e->mtime;
	if (type == CPIO_S_IFREG && e->nlink > 1 && st->nr_links < UNPACK_LINKS_MAX) {
		st->link_ino[st->nr_links] = e->ino;
		st->link_inode[st->nr_links++] = i;
	}
data:
	if (e->size) {
		ssize_t n = ramfs_write(i, 0, e->data, e->size);

		if (n < 0)
			return n;
	}
	return 0;
}

/**
 * ramfs_unpack() - add a newc cpio archive's members to the tree
 * @buf: the archive; @len: its length
 *
 * Directories, regular files (hard links shared) and symlinks are created;
 * other types are counted and skipped. A malformed archive is reported;
 * what was unpacked before the bad header stays.
 * Return: the number of members unpacked, or a negative errno.
 * Context: mm_lock held; may sleep.
 */
int ramfs_unpack(const void *buf, size_t len)
{
	struct unpack_state *st = kzalloc(sizeof(*st), GFP_KERNEL);
	struct cpio_result res;
	int ret;

	if (!st)
		return -ENOMEM;
	ret = cpio_parse(buf, len, unpack_one, st, &res);
	if (ret == -EINVAL && res.err_msg)
		pr_err("ramfs: cpio archive malformed at byte %llu: %s; keeping %u members\n",
		       (unsigned long long)res.err_offset, res.err_msg, res.entries);
	else if (ret)
		pr_err("ramfs: unpacking failed (%d) after %u members\n", ret,
		       res.entries);
	if (st->skipped)
		pr_warn("ramfs: skipped %u members (special files or long names): TODO\n",
			st->skipped);
	kfree(st);
	return ret ? ret : (int)res.entries;
}
