// SPDX-License-Identifier: GPL-2.0
/*
 * Pipes: a 64 KiB ring shared by a read end and a write end, blocking
 * (interruptible) and O_NONBLOCK transfers, PIPE_BUF atomicity, EOF and
 * EPIPE/SIGPIPE, pipe() and pipe2().
 */
#include <tessera/mm.h>
#include <tessera/slab.h>
#include <asm/uaccess.h>
#include "fs.h"
#include "../syscalls.h"

#define PIPE_SIZE		65536
#define PIPE_BUF		4096	/* writes up to this size are atomic */
#define PIPE_ORDER		4	/* 16 pages */

/**
 * struct pm_pipe - the shared part of a pipe
 * @lock: protects every field below; a mutex (copies to and from user
 *	memory may fault and sleep while it is held)
 * @buf, @head, @len: the ring: @len bytes starting at @head
 * @readers, @writers: open ends (files), the last close of a side wakes
 *	the other
 * @wq: readers and writers waiting for data or room
 * @ino: inode number for fstat
 * @refs: the two end files (atomic); the last release frees the pipe only
 *	after its own mutex_unlock() has returned (an unlock still touches
 *	the mutex after another CPU may have taken it)
 */
struct pm_pipe {
	int refs;
	struct mutex lock;
	u8 *buf;
	size_t head;
	size_t len;
	int readers;
	int writers;
	struct wait_queue_head wq;
	u64 ino;
};

static u64 pipe_next_ino = 1;	/* atomic */

static void pipe_wake(struct pm_pipe *p)
{
	wake_up_all(&p->wq);
	pm_poll_wake();
}

/* Copy up to @len bytes out of the ring; lock held. */
static ssize_t ring_out(struct pm_pipe *p, const struct pm_iov *v, size_t len)
{
	size_t done = 0;

	len = min(len, p->len);
	while (done < len) {
		size_t n = min(len - done, PIPE_SIZE - p->head);

		if (pm_iov_out(v, done, p->buf + p->head, n))
			return done ? (ssize_t)done : -EFAULT;
		p->head = (p->head + n) % PIPE_SIZE;
		p->len -= n;
		done += n;
	}
	return done;
}

/* Copy up to @len bytes from @v + @off into the ring; lock held. */
static ssize_t ring_in(struct pm_pipe *p, const struct pm_iov *v, size_t off,
		       size_t len)
{
	size_t done = 0;

	len = min(len, PIPE_SIZE - p->len);
	while (done < len) {
		size_t tail = (p->head + p->len) % PIPE_SIZE;
		size_t n = min(len - done, PIPE_SIZE - tail);

		if (pm_iov_in(p->buf + tail, v, off + done, n))
			return done ? (ssize_t)done : -EFAULT;
		p->len += n;
		done += n;
	}
	return done;
}

/*
 * Sleep until @ready(p) or a signal. Returns 0 (ready: lock held again)
 * or -ERESTARTSYS (lock not held).
 */
static int pipe_wait(struct pm_pipe *p, bool (*ready)(struct pm_pipe *p))
{
	struct wait_queue_entry w;
	int ret = 0;

	init_wait_entry(&w, 0);
	for (;;) {
		prepare_to_wait(&p->wq, &w, TASK_INTERRUPTIBLE);
		if (ready(p))
			break;
		if (pm_signal_pending()) {
			ret = -ERESTARTSYS;
			break;
		}
		mutex_unlock(&p->lock);
		schedule();
		mutex_lock(&p->lock);
	}
	finish_wait(&p->wq, &w);
	if (ret)
		mutex_unlock(&p->lock);
	return ret;
}

static bool can_read(struct pm_pipe *p)
{
	return READ_ONCE(p->len) || !READ_ONCE(p->writers);
}

static ssize_t pipe_read(struct pm_file *f, const struct pm_iov *v, size_t len,
			 u64 *pos)
{
	struct pm_pipe *p = f->pipe;
	ssize_t ret;

	(void)pos;
	if (!len)
		return 0;
	mutex_lock(&p->lock);
	if (!can_read(p)) {
		if (READ_ONCE(f->flags) & O_NONBLOCK) {
			mutex_unlock(&p->lock);
			return -EAGAIN;
		}
		ret = pipe_wait(p, can_read);
		if (ret)
			return ret;
	}
	ret = ring_out(p, v, len);
	mutex_unlock(&p->lock);
	if (ret > 0)
		pipe_wake(p);
	return ret;
}

static void sigpipe(void)
{
	struct pm_siginfo info = { .signo = SIGPIPE, .code = SI_USER };

	if (!current_thread())
		return;		/* a kernel-internal writer (ktest) */
	info.pid = current_process()->pid;
	pm_send_signal_thread(current_thread(), SIGPIPE, &info);
}

/*
 * Wait for @need bytes of room (or the readers to go); lock held on entry
 * and on a 0 return. Open-coded: the condition depends on @need.
 */
static int wait_room(struct pm_pipe *p, size_t need)
{
	struct wait_queue_entry w;
	int ret = 0;

	init_wait_entry(&w, 0);
	for (;;) {
		prepare_to_wait(&p->wq, &w, TASK_INTERRUPTIBLE);
		if (!p->readers || PIPE_SIZE - p->len >= need)
			break;
		if (pm_signal_pending()) {
			ret = -ERESTARTSYS;
			break;
		}
		mutex_unlock(&p->lock);
		schedule();
		mutex_lock(&p->lock);
	}
	finish_wait(&p->wq, &w);
	if (ret)
		mutex_unlock(&p->lock);
	return ret;
}

static ssize_t pipe_write(struct pm_file *f, const struct pm_iov *v, size_t len,
			  u64 *pos)
{
	struct pm_pipe *p = f->pipe;
	bool nonblock = READ_ONCE(f->flags) & O_NONBLOCK;
	size_t done = 0;
	ssize_t n;
	int ret;

	(void)pos;
	if (!len)
		return 0;
	mutex_lock(&p->lock);
	while (done < len) {
		size_t need = len <= PIPE_BUF ? len : 1;

		if (!p->readers) {
			mutex_unlock(&p->lock);
			sigpipe();
			return done ? (ssize_t)done : -EPIPE;
		}
		if (PIPE_SIZE - p->len < need) {
			if (nonblock) {
				mutex_unlock(&p->lock);
				return done ? (ssize_t)done : -EAGAIN;
			}
			ret = wait_room(p, need);
			if (ret)
				return done ? (ssize_t)done : ret;
			continue;
		}
		n = ring_in(p, v, done, len - done);
		if (n < 0) {
			mutex_unlock(&p->lock);
			return done ? (ssize_t)done : n;
		}
		done += n;
		pipe_wake(p);
	}
	mutex_unlock(&p->lock);
	return done;
}

/* Lock-free: pollers may not sleep on the mutex; a racy answer is fixed
 * by the pm_poll_wake() that follows every change. */
static unsigned int pipe_poll(struct pm_file *f)
{
	struct pm_pipe *p = f->pipe;
	size_t len = READ_ONCE(p->len);
	unsigned int mask = 0;

	if ((f->flags & O_ACCMODE) == O_RDONLY) {
		if (len)
			mask |= POLLIN | POLLRDNORM;
		if (!READ_ONCE(p->writers))
			mask |= POLLHUP;
	} else {
		if (PIPE_SIZE - len >= PIPE_BUF)
			mask |= POLLOUT | POLLWRNORM;
		if (!READ_ONCE(p->readers))
			mask |= POLLERR;
	}
	return mask;
}

static int pipe_stat(struct pm_file *f, struct pm_kstat *st)
{
	memset(st, 0, sizeof(*st));
	st->dev = PM_DEV_PIPEFS;
	st->ino = f->pipe->ino;
	st->nlink = 1;
	st->mode = S_IFIFO | 0600;
	st->blksize = PAGE_SIZE;
	return 0;
}

#define FIONREAD		0x541b

static long pipe_ioctl(struct pm_file *f, unsigned int cmd, unsigned long arg)
{
	int n;

	if (cmd != FIONREAD)
		return -ENOTTY;
	n = READ_ONCE(f->pipe->len);
	return copy_to_user((void __user *)arg, &n, sizeof(n)) ? -EFAULT : 0;
}

static void pipe_release(struct pm_file *f)
{
	struct pm_pipe *p = f->pipe;

	mutex_lock(&p->lock);
	if ((f->flags & O_ACCMODE) == O_RDONLY)
		p->readers--;
	else
		p->writers--;
	wake_up_all(&p->wq);
	mutex_unlock(&p->lock);
	pm_poll_wake();
	if (!__atomic_sub_fetch(&p->refs, 1, __ATOMIC_ACQ_REL)) {
		free_pages(p->buf, PIPE_ORDER);
		kfree(p);
	}
}

static const struct pm_file_ops pipe_ops = {
	.read = pipe_read,
	.write = pipe_write,
	.poll = pipe_poll,
	.ioctl = pipe_ioctl,
	.stat = pipe_stat,
	.release = pipe_release,
};

/**
 * pm_pipe_create() - a new pipe: its read and write ends
 * @rd, @wr: the two files (one reference each)
 * @flags: O_NONBLOCK (both ends)
 * Return: 0 or -ENOMEM.
 * Context: process context.
 */
int pm_pipe_create(struct pm_file **rd, struct pm_file **wr, u32 flags)
{
	struct pm_pipe *p = kzalloc(sizeof(*p), GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	p->buf = get_free_pages(GFP_KERNEL, PIPE_ORDER);
	if (!p->buf)
		goto free_pipe;
	mutex_init(&p->lock);
	init_waitqueue_head(&p->wq);
	p->ino = __atomic_fetch_add(&pipe_next_ino, 1, __ATOMIC_RELAXED);
	*rd = pm_file_alloc(&pipe_ops, O_RDONLY | (flags & O_NONBLOCK));
	*wr = pm_file_alloc(&pipe_ops, O_WRONLY | (flags & O_NONBLOCK));
	if (!*rd || !*wr)
		goto free_files;
	(*rd)->pipe = p;
	(*wr)->pipe = p;
	(*rd)->mode = S_IFIFO;
	(*wr)->mode = S_IFIFO;
	p->readers = 1;
	p->writers = 1;
	p->refs = 2;
	return 0;
free_files:
	kfree(*rd);
	kfree(*wr);
	free_pages(p->buf, PIPE_ORDER);
free_pipe:
	kfree(p);
	return -ENOMEM;
}

static long do_pipe2(int __user *ufds, int flags)
{
	struct pm_file *rd, *wr;
	int fds[2];
	long ret;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	ret = pm_pipe_create(&rd, &wr, flags);
	if (ret)
		return ret;
	fds[0] = pm_fd_install(rd, 0, flags & O_CLOEXEC);
	if (fds[0] < 0) {
		ret = fds[0];
		goto put_both;
	}
	fds[1] = pm_fd_install(wr, 0, flags & O_CLOEXEC);
	if (fds[1] < 0) {
		ret = fds[1];
		goto close_rd;
	}
	if (copy_to_user(ufds, fds, sizeof(fds))) {
		ret = -EFAULT;
		goto close_both;
	}
	return 0;
close_both:
	pm_fd_close(fds[1]);
	wr = NULL;
close_rd:
	pm_fd_close(fds[0]);
	rd = NULL;
put_both:
	pm_file_put(rd);
	pm_file_put(wr);
	return ret;
}

SYSCALL_DEFINE1(pipe, int __user *, fds)
{
	return do_pipe2(fds, 0);
}

SYSCALL_DEFINE2(pipe2, int __user *, fds, int, flags)
{
	return do_pipe2(fds, flags);
}
