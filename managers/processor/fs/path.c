// SPDX-License-Identifier: GPL-2.0
/*
 * Paths on P: user paths made absolute (cwd, directory fds, "." and ".."),
 * /proc/self/exe, and the working-directory calls getcwd/chdir/fchdir/umask.
 */
#include <tessera/string.h>
#include <tessera/vsprintf.h>
#include <asm/uaccess.h>
#include "fs.h"
#include "../syscalls.h"

/*
 * pm_cwd_lock: protects every process's @cwd against a torn read while
 * another thread of it chdir()s (short copies only; irqsave not needed).
 */
static DEFINE_SPINLOCK(pm_cwd_lock);

/**
 * pm_cwd_get() - copy @p's working directory into @buf (P2M_PATH_MAX bytes)
 * Context: any; takes pm_cwd_lock.
 */
void pm_cwd_get(struct process *p, char *buf)
{
	spin_lock(&pm_cwd_lock);
	strscpy(buf, p->cwd, P2M_PATH_MAX);
	spin_unlock(&pm_cwd_lock);
}

static void cwd_set(struct process *p, const char *path)
{
	spin_lock(&pm_cwd_lock);
	strscpy(p->cwd, path, P2M_PATH_MAX);
	spin_unlock(&pm_cwd_lock);
}

/**
 * pm_path_normalize() - join @rel onto directory @base and collapse it
 * @base: an absolute directory path (ignored when @rel is absolute)
 * @rel: the path to resolve
 * @out: P2M_PATH_MAX bytes: the absolute result, no ".", "..", "//" or
 *	trailing "/" (but "/" itself)
 *
 * ".." is lexical: "a/link/.." is "a" even if "link" is a symlink. TODO:
 * resolve symlinks on the way when M gains a lookup call for it.
 * Return: 0 or -ENAMETOOLONG.
 * Context: any.
 */
int pm_path_normalize(const char *base, const char *rel, char *out)
{
	size_t len = 0;
	int pass;

	out[0] = '\0';
	for (pass = 0; pass < 2; pass++) {
		const char *p = pass ? rel : base;

		if (!pass && rel[0] == '/')
			continue;
		while (*p) {
			const char *c;
			size_t n;

			while (*p == '/')
				p++;
			c = p;
			while (*p && *p != '/')
				p++;
			n = p - c;
			if (!n || (n == 1 && c[0] == '.'))
				continue;
			if (n == 2 && c[0] == '.' && c[1] == '.') {
				while (len && out[len - 1] != '/')
					len--;
				if (len)
					len--;
				out[len] = '\0';
				continue;
			}
			if (len + 1 + n + 1 > P2M_PATH_MAX)
				return -ENAMETOOLONG;
			out[len++] = '/';
			memcpy(out + len, c, n);
			len += n;
			out[len] = '\0';
		}
	}
	if (!len) {
		out[0] = '/';
		out[1] = '\0';
	}
	return 0;
}

/* "/proc/self/exe" or "/proc/<own pid>/exe". */
static bool is_self_exe(const char *path, const struct process *p)
{
	char own[32];

	if (!strcmp(path, "/proc/self/exe"))
		return true;
	snprintf(own, sizeof(own), "/proc/%d/exe", p->pid);
	return !strcmp(path, own);
}

/**
 * pm_path_resolve() - copy a user path and make it absolute
 * @dirfd: AT_FDCWD or a directory fd relative paths start from
 * @upath: the user's string
 * @kpath: P2M_PATH_MAX bytes for the result
 * @follow_exe: replace /proc/self/exe by the executable's path
 * @empty_ok: an empty string is allowed (AT_EMPTY_PATH): @kpath is ""
 * Return: 0, -EFAULT, -ENAMETOOLONG, -ENOENT, -EBADF, -ENOTDIR.
 * Context: process context of a user thread.
 */
long pm_path_resolve(int dirfd, const char __user *upath, char *kpath,
		     bool follow_exe, bool empty_ok)
{
	struct process *p = current_process();
	char rel[P2M_PATH_MAX], cwd[P2M_PATH_MAX];
	struct pm_file *f = NULL;
	const char *base = "/";
	long n;
	int ret;

	if (!p)
		return -EFAULT;
	n = strncpy_from_user(rel, upath, sizeof(rel));
	if (n < 0)
		return n;
	if (!n) {
		kpath[0] = '\0';
		return empty_ok ? 0 : -ENOENT;
	}
	if (rel[0] != '/') {
		if (dirfd == AT_FDCWD) {
			pm_cwd_get(p, cwd);
			base = cwd;
		} else {
			f = pm_fget(dirfd);
			if (!f)
				return -EBADF;
			if (!S_ISDIR(f->mode)) {
				pm_file_put(f);
				return -ENOTDIR;
			}
			base = f->path;
		}
	}
	ret = pm_path_normalize(base, rel, kpath);
	pm_file_put(f);
	if (ret)
		return ret;
	if (follow_exe && is_self_exe(kpath, p))
		strscpy(kpath, p->exe, P2M_PATH_MAX);
	return 0;
}

/**
 * pm_user_path() - a user path made absolute (see pm.h)
 * @dirfd: AT_FDCWD or a directory fd
 * @upath: the user's string
 * @kpath: P2M_PATH_MAX bytes
 * Return: 0, -EFAULT, -ENAMETOOLONG, -ENOENT, -EBADF, -ENOTDIR.
 * Context: process context of a user thread.
 */
long pm_user_path(int dirfd, const char __user *upath, char *kpath)
{
	return pm_path_resolve(dirfd, upath, kpath, true, false);
}

SYSCALL_DEFINE2(getcwd, char __user *, buf, unsigned long, size)
{
	struct process *p = current_process();
	char cwd[P2M_PATH_MAX];
	size_t len;

	pm_cwd_get(p, cwd);
	len = strlen(cwd) + 1;
	if (size < len)
		return -ERANGE;
	if (copy_to_user(buf, cwd, len))
		return -EFAULT;
	return len;
}

/* Is @path a directory? 0, -ENOTDIR or the lookup's error. */
static int check_dir(const char *path)
{
	struct pm_kstat st;
	int ret;

	if (pm_pseudo_path(path))
		ret = pm_pseudo_stat(path, true, &st);
	else
		ret = pm_mfile_stat_path(path, true, &st);
	if (ret)
		return ret;
	return S_ISDIR(st.mode) ? 0 : -ENOTDIR;
}

SYSCALL_DEFINE1(chdir, const char __user *, upath)
{
	char path[P2M_PATH_MAX];
	long ret = pm_user_path(AT_FDCWD, upath, path);

	if (!ret)
		ret = check_dir(path);
	if (!ret)
		cwd_set(current_process(), path);
	return ret;
}

SYSCALL_DEFINE1(fchdir, int, fd)
{
	struct pm_file *f = pm_fget(fd);
	long ret = -ENOTDIR;

	if (!f)
		return -EBADF;
	if (S_ISDIR(f->mode)) {
		cwd_set(current_process(), f->path);
		ret = 0;
	}
	pm_file_put(f);
	return ret;
}

SYSCALL_DEFINE1(umask, unsigned int, mask)
{
	struct process *p = current_process();

	return __atomic_exchange_n(&p->umask, mask & 0777, __ATOMIC_RELAXED);
}
