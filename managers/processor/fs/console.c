// SPDX-License-Identifier: GPL-2.0
/*
 * Interim console-only file calls (fds 0-2 on the serial console): the
 * fd table (fs/) replaces this file.
 */
#include <tessera/errno.h>
#include <tessera/kernel.h>
#include <tessera/printk.h>
#include <tessera/serial.h>
#include <asm/uaccess.h>
#include "../pm.h"
#include "../syscalls.h"

#define TCGETS			0x5401
#define TIOCGWINSZ		0x5413

struct iovec_user {
	u64 base;
	u64 len;
};

struct termios_user {
	u32 c_iflag, c_oflag, c_cflag, c_lflag;
	u8 c_line;
	u8 c_cc[19];
};

struct winsize_user {
	u16 ws_row, ws_col, ws_xpixel, ws_ypixel;
};

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

static long console_write_user(unsigned long buf, size_t len)
{
	char kbuf[256];
	size_t done = 0, n;

	if (!access_ok(buf, len))
		return -EFAULT;
	while (done < len) {
		n = min_t(size_t, len - done, sizeof(kbuf));
		if (copy_from_user(kbuf, (const void __user *)(buf + done), n))
			return done ? (long)done : -EFAULT;
		pm_console_write(kbuf, n);
		done += n;
	}
	return done;
}

SYSCALL_DEFINE3(write, unsigned long, fd, unsigned long, buf, unsigned long, len)
{
	if (fd > 2)
		return -EBADF;
	return console_write_user(buf, len);
}

SYSCALL_DEFINE3(writev, unsigned long, fd, unsigned long, iov, unsigned long, cnt)
{
	struct iovec_user v;
	long total = 0, ret;
	unsigned long i;

	if (fd > 2)
		return -EBADF;
	if (cnt > 1024)
		return -EINVAL;
	for (i = 0; i < cnt; i++) {
		if (copy_from_user(&v, (const void __user *)(iov + i * sizeof(v)), sizeof(v)))
			return total ? total : -EFAULT;
		ret = console_write_user(v.base, v.len);
		if (ret < 0)
			return total ? total : ret;
		total += ret;
	}
	return total;
}

SYSCALL_DEFINE3(read, unsigned long, fd, unsigned long, buf, unsigned long, len)
{
	static bool warned;

	if (fd > 2)
		return -EBADF;
	if (!access_ok(buf, len))
		return -EFAULT;
	if (!warned) {
		warned = true;
		pr_warn("TODO: console input is not implemented; read() returns EOF\n");
	}
	return 0;
}

SYSCALL_DEFINE3(ioctl, unsigned long, fd, unsigned long, cmd, unsigned long, arg)
{
	struct termios_user tio = {
		.c_iflag = 0x500,	/* ICRNL | IXON */
		.c_oflag = 0x5,		/* OPOST | ONLCR */
		.c_cflag = 0xbf,	/* B38400 | CS8 | CREAD */
		.c_lflag = 0x8a3b,	/* ISIG ICANON ECHO ECHOE ECHOK ECHOCTL ECHOKE IEXTEN */
		.c_cc = { 3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22 },
	};
	struct winsize_user ws = { .ws_row = 25, .ws_col = 80 };

	if (fd > 2)
		return -EBADF;
	switch (cmd) {
	case TCGETS:
		return copy_to_user((void __user *)arg, &tio, sizeof(tio));
	case TIOCGWINSZ:
		return copy_to_user((void __user *)arg, &ws, sizeof(ws));
	default:
		return -ENOTTY;
	}
}
