// SPDX-License-Identifier: GPL-2.0
/*
 * The console file (fds 0-2, /dev/console, /dev/tty): output straight to
 * COM1, input from the COM1 RX interrupt through a small line discipline,
 * and the tty ioctls busybox and the libcs use.
 */
#include <tessera/printk.h>
#include <tessera/serial.h>
#include <tessera/slab.h>
#include <asm/uaccess.h>
#include "fs.h"
#include "../syscalls.h"

#define TCGETS			0x5401
#define TCSETS			0x5402
#define TCSETSW			0x5403
#define TCSETSF			0x5404
#define TIOCGPGRP		0x540f
#define TIOCSPGRP		0x5410
#define TIOCGWINSZ		0x5413
#define TIOCSWINSZ		0x5414
#define FIONREAD		0x541b

#define CON_BUF			4096
#define CTRL_D			0x04
#define CTRL_U			0x15

struct termios_user {
	u32 c_iflag, c_oflag, c_cflag, c_lflag;
	u8 c_line;
	u8 c_cc[19];
};

struct winsize_user {
	u16 ws_row, ws_col, ws_xpixel, ws_ypixel;
};

/*
 * The line discipline. con_lock (irqsave: the RX interrupt takes it)
 * protects everything in @con: a ring of @len bytes from @head, of which
 * the first @ready are complete lines readers may take; @eofs counts
 * pending end-of-file marks (^D on an empty line). @pgrp is the
 * foreground process group (TIOCSPGRP), @tio the termios last set.
 */
static DEFINE_SPINLOCK(con_lock);
static struct {
	u8 buf[CON_BUF];
	size_t head;
	size_t len;
	size_t ready;
	int eofs;
	int pgrp;
	struct termios_user tio;
} con = {
	.tio = {
		.c_iflag = 0x500,	/* ICRNL | IXON */
		.c_oflag = 0x5,		/* OPOST | ONLCR */
		.c_cflag = 0xbf,	/* B38400 | CS8 | CREAD */
		.c_lflag = 0x8a3b,	/* ISIG ICANON ECHO ECHOE ECHOK ECHOCTL ECHOKE IEXTEN */
		.c_cc = { 3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22 },
	},
};
static DECLARE_WAIT_QUEUE_HEAD(con_wq);
static int con_input;		/* 1: RX interrupt on, -1: unavailable */

/**
 * pm_console_write() - raw console output for user fds 1 and 2
 * @s: bytes
 * @len: how many
 * Context: any.
 */
void pm_console_write(const char *s, size_t len)
{
	serial_console_write(s, len);
}

static void con_echo(const char *s, size_t n)
{
	if (con.tio.c_lflag & 0x8)	/* ECHO */
		serial_console_write(s, n);
}

/*
 * TODO: a signal key should send SIGINT/SIGQUIT/SIGTSTP to the foreground
 * process group (con.pgrp); that needs a group-signal call from signal.c.
 * The key is dropped with a one-time warning.
 */
static void con_signal_todo(u8 c)
{
	static bool warned;

	if (!warned) {
		warned = true;
		pr_warn("TODO: console key %#x does not send a signal to the foreground group yet\n",
			c);
	}
}

/* The RX interrupt: one received byte. Interrupts are off. */
static void con_rx(u8 c)
{
	bool wake = false;

	spin_lock(&con_lock);
	if ((con.tio.c_lflag & 0x1) &&	/* ISIG: ^C, ^\\, ^Z */
	    (c == con.tio.c_cc[0] || c == con.tio.c_cc[1] || c == con.tio.c_cc[10])) {
		spin_unlock(&con_lock);
		con_signal_todo(c);
		return;
	}
	if (c == '\r' && (con.tio.c_iflag & 0x100))	/* ICRNL */
		c = '\n';
	if (c == 0x7f || c == '\b') {
		if (con.len > con.ready) {
			con.len--;
			con_echo("\b \b", 3);
		}
	} else if (c == CTRL_U) {
		while (con.len > con.ready) {
			con.len--;
			con_echo("\b \b", 3);
		}
	} else if (c == CTRL_D) {
		if (con.len == con.ready)
			con.eofs++;
		con.ready = con.len;
		wake = true;
	} else if (con.len < CON_BUF) {
		con.buf[(con.head + con.len) % CON_BUF] = c;
		con.len++;
		con_echo((const char *)&c, 1);
		if (c == '\n' || !(con.tio.c_lflag & 0x2)) {	/* ICANON */
			con.ready = con.len;
			wake = true;
		}
	}
	spin_unlock(&con_lock);
	if (wake) {
		wake_up_all(&con_wq);
		pm_poll_wake();
	}
}

static void con_enable_input(void)
{
	static DEFINE_SPINLOCK(once_lock);
	bool first;

	spin_lock(&once_lock);
	first = !con_input;
	if (first)
		con_input = -1;
	spin_unlock(&once_lock);
	if (first && !serial_rx_enable(con_rx))
		WRITE_ONCE(con_input, 1);
}

static bool con_can_read(void)
{
	return READ_ONCE(con.ready) || READ_ONCE(con.eofs);
}

/* Take up to @len bytes (one line at most) into @kbuf; con_lock held. */
static size_t con_take(char *kbuf, size_t len)
{
	size_t n = 0;

	if (!con.ready && con.eofs) {
		con.eofs--;
		return 0;
	}
	while (n < len && n < con.ready) {
		kbuf[n] = con.buf[(con.head + n) % CON_BUF];
		if (kbuf[n++] == '\n')
			break;
	}
	con.head = (con.head + n) % CON_BUF;
	con.len -= n;
	con.ready -= n;
	return n;
}

static ssize_t con_read(struct pm_file *f, const struct pm_iov *v, size_t len,
			u64 *pos)
{
	struct wait_queue_entry w;
	char kbuf[256];
	unsigned long flags;
	static bool warned;
	size_t n;
	int ret = 0;

	(void)pos;
	if (READ_ONCE(con_input) != 1) {
		if (!warned) {
			warned = true;
			pr_warn("TODO: no console input (COM1 RX interrupt unavailable); read() returns EOF\n");
		}
		return 0;
	}
	init_wait_entry(&w, 0);
	for (;;) {
		prepare_to_wait(&con_wq, &w, TASK_INTERRUPTIBLE);
		if (con_can_read())
			break;
		if (READ_ONCE(f->flags) & O_NONBLOCK) {
			ret = -EAGAIN;
			break;
		}
		if (pm_signal_pending()) {
			ret = -ERESTARTSYS;
			break;
		}
		schedule();
	}
	finish_wait(&con_wq, &w);
	if (ret)
		return ret;
	flags = _spin_lock_irqsave(&con_lock);
	n = con_take(kbuf, min(len, sizeof(kbuf)));
	spin_unlock_irqrestore(&con_lock, flags);
	if (n && pm_iov_out(v, 0, kbuf, n))
		return -EFAULT;
	return n;
}

static ssize_t con_write(struct pm_file *f, const struct pm_iov *v, size_t len,
			 u64 *pos)
{
	char kbuf[256];
	size_t done = 0, n;

	(void)f;
	(void)pos;
	while (done < len) {
		n = min(len - done, sizeof(kbuf));
		if (pm_iov_in(kbuf, v, done, n))
			return done ? (ssize_t)done : -EFAULT;
		pm_console_write(kbuf, n);
		done += n;
	}
	return done;
}

static unsigned int con_poll(struct pm_file *f)
{
	(void)f;
	if (READ_ONCE(con_input) != 1 || con_can_read())
		return POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM;
	return POLLOUT | POLLWRNORM;
}

static long con_ioctl(struct pm_file *f, unsigned int cmd, unsigned long arg)
{
	struct winsize_user ws = { .ws_row = 25, .ws_col = 80 };
	void __user *uarg = (void __user *)arg;
	struct termios_user tio;
	unsigned long flags;
	int n;

	(void)f;
	switch (cmd) {
	case TCGETS:
		flags = _spin_lock_irqsave(&con_lock);
		tio = con.tio;
		spin_unlock_irqrestore(&con_lock, flags);
		return copy_to_user(uarg, &tio, sizeof(tio)) ? -EFAULT : 0;
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		if (copy_from_user(&tio, uarg, sizeof(tio)))
			return -EFAULT;
		flags = _spin_lock_irqsave(&con_lock);
		con.tio = tio;
		if (!(tio.c_lflag & 0x2))	/* raw: everything is readable */
			con.ready = con.len;
		spin_unlock_irqrestore(&con_lock, flags);
		return 0;
	case TIOCGWINSZ:
		return copy_to_user(uarg, &ws, sizeof(ws)) ? -EFAULT : 0;
	case TIOCSWINSZ:
		return 0;
	case TIOCGPGRP:
		n = READ_ONCE(con.pgrp);
		if (!n)
			n = current_process()->pgid;
		return copy_to_user(uarg, &n, sizeof(n)) ? -EFAULT : 0;
	case TIOCSPGRP:
		if (copy_from_user(&n, uarg, sizeof(n)))
			return -EFAULT;
		if (n <= 0)
			return -EINVAL;
		WRITE_ONCE(con.pgrp, n);
		return 0;
	case FIONREAD:
		n = READ_ONCE(con.ready);
		return copy_to_user(uarg, &n, sizeof(n)) ? -EFAULT : 0;
	default:
		return -ENOTTY;
	}
}

/**
 * pm_console_stat() - what stat reports for the console (/dev/console)
 * Context: any.
 */
int pm_console_stat(struct pm_kstat *st)
{
	memset(st, 0, sizeof(*st));
	st->dev = PM_DEV_DEVTMPFS;
	st->ino = 3;
	st->nlink = 1;
	st->mode = S_IFCHR | 0620;
	st->rdev = PM_MKDEV(5, 1);
	st->blksize = 1024;
	return 0;
}

static int con_stat(struct pm_file *f, struct pm_kstat *st)
{
	(void)f;
	return pm_console_stat(st);
}

static const struct pm_file_ops console_ops = {
	.read = con_read,
	.write = con_write,
	.poll = con_poll,
	.ioctl = con_ioctl,
	.stat = con_stat,
};

/**
 * pm_console_file() - a new open file on the console; turns input on the
 * first time
 * @flags: open flags
 * Return: the file (one reference), or NULL.
 * Context: process context.
 */
struct pm_file *pm_console_file(u32 flags)
{
	struct pm_file *f = pm_file_alloc(&console_ops, flags);

	if (!f)
		return NULL;
	f->mode = S_IFCHR | 0620;
	strscpy(f->path, "/dev/console", sizeof(f->path));
	con_enable_input();
	return f;
}
