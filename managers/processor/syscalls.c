// SPDX-License-Identifier: GPL-2.0
/*
 * The Linux x86-64 system call table of the processor manager: dispatch,
 * the console fds 0-2, the memory calls forwarded to M over FIT, and the rest.
 */
#include <tessera/errno.h>
#include <tessera/fit.h>
#include <tessera/kernel.h>
#include <tessera/printk.h>
#include <tessera/sched.h>
#include <tessera/serial.h>
#include <tessera/string.h>
#include <tessera/time.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/uaccess.h>
#include "pm.h"

#define NR_SYSCALLS_LOGGED	512	/* numbers below this are logged once each */

#define ARCH_SET_FS		0x1002
#define ARCH_GET_FS		0x1003
#define TCGETS			0x5401
#define TIOCGWINSZ		0x5413
#define MAP_ANONYMOUS		0x20
#define MADV_DONTNEED		4
#define MADV_FREE		8
#define RLIMIT_STACK		3
#define RLIM_INFINITY		(~0UL)
#define CLOCK_REALTIME		0
#define CLOCK_MONOTONIC		1

/* Syscall numbers (x86-64). */
enum {
	NR_read = 0, NR_write = 1, NR_mmap = 9, NR_mprotect = 10, NR_munmap = 11,
	NR_brk = 12, NR_ioctl = 16, NR_writev = 20, NR_sched_yield = 24,
	NR_mremap = 25, NR_madvise = 28, NR_getpid = 39, NR_exit = 60,
	NR_uname = 63, NR_readlink = 89, NR_gettimeofday = 96, NR_getuid = 102,
	NR_getgid = 104, NR_geteuid = 107, NR_getegid = 108, NR_getppid = 110,
	NR_arch_prctl = 158, NR_gettid = 186, NR_time = 201,
	NR_set_tid_address = 218, NR_clock_gettime = 228, NR_exit_group = 231,
	NR_set_robust_list = 273, NR_prlimit64 = 302, NR_getrandom = 318,
	NR_rseq = 334,
};

/* Names for the log line of unimplemented calls (the ones libc uses). */
static const char *const syscall_names[] = {
	[2] = "open", [3] = "close", [4] = "stat", [5] = "fstat", [7] = "poll",
	[8] = "lseek", [13] = "rt_sigaction", [14] = "rt_sigprocmask",
	[15] = "rt_sigreturn", [17] = "pread64", [19] = "readv", [21] = "access",
	[22] = "pipe", [23] = "select", [32] = "dup", [33] = "dup2",
	[35] = "nanosleep", [40] = "sendfile", [56] = "clone", [57] = "fork",
	[59] = "execve", [61] = "wait4", [62] = "kill", [72] = "fcntl",
	[77] = "ftruncate", [79] = "getcwd", [80] = "chdir", [82] = "rename",
	[83] = "mkdir", [87] = "unlink", [95] = "umask", [97] = "getrlimit",
	[99] = "sysinfo", [131] = "sigaltstack", [157] = "prctl",
	[200] = "tkill", [202] = "futex", [203] = "sched_setaffinity",
	[204] = "sched_getaffinity", [217] = "getdents64", [230] = "clock_nanosleep",
	[234] = "tgkill", [247] = "waitid", [257] = "openat", [262] = "newfstatat",
	[269] = "faccessat", [270] = "pselect6", [271] = "ppoll", [267] = "readlinkat",
	[292] = "dup3", [293] = "pipe2", [435] = "clone3", [439] = "faccessat2",
};

static unsigned long logged[NR_SYSCALLS_LOGGED / 64];	/* atomic bit ops */

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

struct utsname_user {
	char sysname[65], nodename[65], release[65], version[65], machine[65],
	     domainname[65];
};

struct timespec_user {
	s64 tv_sec;
	s64 tv_nsec;
};

struct rlimit_user {
	u64 cur, max;
};

static long sys_unknown(unsigned long nr)
{
	const char *name = nr < ARRAY_SIZE(syscall_names) ? syscall_names[nr] : NULL;

	if (nr >= NR_SYSCALLS_LOGGED ||
	    !(__atomic_fetch_or(&logged[nr / 64], 1UL << (nr % 64),
				__ATOMIC_RELAXED) & (1UL << (nr % 64))))
		pr_warn("syscall %s (%lu) not implemented: -ENOSYS\n",
			name ? name : "?", nr);
	return -ENOSYS;
}

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

static long sys_write(unsigned long fd, unsigned long buf, unsigned long len)
{
	if (fd > 2)
		return -EBADF;
	return console_write_user(buf, len);
}

static long sys_writev(unsigned long fd, unsigned long iov, unsigned long cnt)
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

static long sys_read(unsigned long fd, unsigned long buf, unsigned long len)
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

/* Forward a memory call to M; the reply carries the syscall's result. */
static long mm_call(struct process *p, u32 op, unsigned long addr,
		    unsigned long len, unsigned long prot, unsigned long flags,
		    unsigned long offset)
{
	struct p2m_mm_req req = {
		.pid = p->pid, .addr = addr, .len = len, .prot = prot,
		.flags = flags, .fd_file = -1, .offset = offset,
	};
	struct p2m_mm_reply reply;
	int ret;

	ret = fit_call(p->mem_node, op, &req, sizeof(req), &reply, sizeof(reply), 0);
	if (ret < 0)
		return ret;
	if (ret != sizeof(reply))
		return -EIO;
	return reply.ret;
}

static unsigned long page_up(unsigned long x)
{
	return (x + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}

static long sys_mmap(struct process *p, unsigned long addr, unsigned long len,
		     unsigned long prot, unsigned long flags, unsigned long fd,
		     unsigned long off)
{
	static bool warned;

	if (!(flags & MAP_ANONYMOUS)) {
		if (!warned) {
			warned = true;
			pr_warn("TODO: file mmap needs the fd table: -ENODEV\n");
		}
		(void)fd;
		return -ENODEV;
	}
	return mm_call(p, P2M_MMAP, addr, len, prot, flags, off);
}

static long sys_mem_range(struct process *p, u32 op, unsigned long addr,
			  unsigned long len, unsigned long a2)
{
	long ret;

	if (addr & (PAGE_SIZE - 1) || !access_ok(addr, len))
		return -EINVAL;
	ret = mm_call(p, op, addr, len, a2, 0, 0);
	if (ret < 0)
		return ret;
	/* P's lines must follow: drop them (write back unless discarded). */
	if (op == P2M_MUNMAP)
		pcache_drop_range(p, addr, addr + page_up(len), false);
	else if (op == P2M_MPROTECT)
		pcache_drop_range(p, addr, addr + page_up(len), true);
	else if (op == P2M_MADVISE && (a2 == MADV_DONTNEED || a2 == MADV_FREE))
		pcache_drop_range(p, addr, addr + page_up(len), false);
	return ret;
}

static long sys_mremap(struct process *p, unsigned long addr, unsigned long old_len,
		       unsigned long new_len, unsigned long flags, unsigned long new_addr)
{
	long ret;

	if (addr & (PAGE_SIZE - 1) || !access_ok(addr, old_len))
		return -EINVAL;
	/* Write the old lines back first so M moves current data. */
	pcache_drop_range(p, addr, addr + page_up(old_len), true);
	ret = mm_call(p, P2M_MREMAP, addr, old_len, new_len, flags, new_addr);
	return ret;
}

static long sys_brk(struct process *p, unsigned long addr)
{
	long ret = mm_call(p, P2M_BRK, addr, 0, 0, 0, 0);

	/* A shrink freed those pages on M: drop P's lines, data discarded. */
	if (ret > 0 && (u64)ret < p->brk)
		pcache_drop_range(p, page_up(ret), page_up(p->brk), false);
	if (ret > 0)
		p->brk = ret;
	return ret;
}

static long sys_arch_prctl(struct process *p, unsigned long code, unsigned long addr)
{
	switch (code) {
	case ARCH_SET_FS:
		if (addr >= USER_ADDR_LIMIT)
			return -EPERM;
		p->fs_base = addr;
		wrmsr(MSR_FS_BASE, addr);
		return 0;
	case ARCH_GET_FS:
		return copy_to_user((void __user *)addr, &p->fs_base, sizeof(u64));
	default:
		return -EINVAL;
	}
}

static long sys_ioctl(unsigned long fd, unsigned long cmd, unsigned long arg)
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

static long sys_uname(unsigned long buf)
{
	static const struct utsname_user u = {
		.sysname = "Linux", .nodename = "tessera", .release = "6.1.0-tessera",
		.version = "#1 SMP Tessera", .machine = "x86_64",
		.domainname = "(none)",
	};

	return copy_to_user((void __user *)buf, &u, sizeof(u));
}

static long sys_clock_gettime(unsigned long clk, unsigned long tp)
{
	u64 ns = ktime_get_ns();
	struct timespec_user ts = { .tv_sec = ns / 1000000000, .tv_nsec = ns % 1000000000 };

	/* TODO: no RTC yet; CLOCK_REALTIME counts from boot like MONOTONIC. */
	if (clk > 11)
		return -EINVAL;
	return copy_to_user((void __user *)tp, &ts, sizeof(ts));
}

static long sys_gettimeofday(unsigned long tv)
{
	u64 ns = ktime_get_ns();
	struct timespec_user t = { .tv_sec = ns / 1000000000, .tv_nsec = (ns % 1000000000) / 1000 };

	if (!tv)
		return 0;
	return copy_to_user((void __user *)tv, &t, sizeof(t));
}

static long sys_time(unsigned long tloc)
{
	s64 t = ktime_get_ns() / 1000000000;

	if (tloc && copy_to_user((void __user *)tloc, &t, sizeof(t)))
		return -EFAULT;
	return t;
}

static long sys_getrandom(unsigned long buf, unsigned long len)
{
	static bool warned;
	u64 x = rdtsc() ^ 0x9e3779b97f4a7c15ULL;
	u8 kbuf[64];
	unsigned long done = 0, n, i;

	if (!warned) {
		warned = true;
		pr_warn("TODO: getrandom() bytes come from the TSC, not a real entropy source\n");
	}
	if (len > 0x2000000)
		len = 0x2000000;
	while (done < len) {
		n = min_t(unsigned long, len - done, sizeof(kbuf));
		for (i = 0; i < n; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			kbuf[i] = (u8)(x >> 24);
		}
		if (copy_to_user((void __user *)(buf + done), kbuf, n))
			return -EFAULT;
		done += n;
	}
	return done;
}

static long sys_prlimit64(struct process *p, unsigned long pid, unsigned long res,
			  unsigned long new, unsigned long old)
{
	struct rlimit_user r = { RLIM_INFINITY, RLIM_INFINITY };

	if (pid && pid != (unsigned long)p->pid)
		return -ESRCH;
	if (res >= 16)
		return -EINVAL;
	if (new)
		return -EPERM;	/* TODO: limits are fixed */
	if (res == RLIMIT_STACK)
		r.cur = 8UL << 20;
	if (old && copy_to_user((void __user *)old, &r, sizeof(r)))
		return -EFAULT;
	return 0;
}

static long sys_readlink(struct process *p, unsigned long path, unsigned long buf,
			 unsigned long size)
{
	char kpath[32];
	size_t n;
	long ret;

	ret = strncpy_from_user(kpath, (const char __user *)path, sizeof(kpath));
	if (ret == -EFAULT)
		return ret;
	if (ret < 0 || strcmp(kpath, "/proc/self/exe"))
		return -ENOENT;	/* TODO: other links live on M */
	if ((long)size <= 0)
		return -EINVAL;
	n = min_t(size_t, strlen(p->exe), size);
	if (copy_to_user((void __user *)buf, p->exe, n))
		return -EFAULT;
	return n;
}

/**
 * pm_syscall() - run system call @nr for process @p
 * @p: the calling process
 * @nr: the syscall number (%rax)
 * @a0: first argument (%rdi); @a1..@a5: %rsi, %rdx, %r10, %r8, %r9
 *
 * Return: the result for %rax (a negative errno on failure).
 * Context: the process's task, interrupts on; may sleep.
 */
long pm_syscall(struct process *p, unsigned long nr, unsigned long a0,
		unsigned long a1, unsigned long a2, unsigned long a3,
		unsigned long a4, unsigned long a5)
{
	switch (nr) {
	case NR_read:		return sys_read(a0, a1, a2);
	case NR_write:		return sys_write(a0, a1, a2);
	case NR_writev:		return sys_writev(a0, a1, a2);
	case NR_mmap:		return sys_mmap(p, a0, a1, a2, a3, a4, a5);
	case NR_munmap:		return sys_mem_range(p, P2M_MUNMAP, a0, a1, 0);
	case NR_mprotect:	return sys_mem_range(p, P2M_MPROTECT, a0, a1, a2);
	case NR_madvise:	return sys_mem_range(p, P2M_MADVISE, a0, a1, a2);
	case NR_mremap:		return sys_mremap(p, a0, a1, a2, a3, a4);
	case NR_brk:		return sys_brk(p, a0);
	case NR_ioctl:		return sys_ioctl(a0, a1, a2);
	case NR_sched_yield:	yield(); return 0;
	case NR_getpid:
	case NR_gettid:		return p->pid;
	case NR_getppid:	return 0;	/* TODO: parents come with fork */
	case NR_getuid:
	case NR_getgid:
	case NR_geteuid:
	case NR_getegid:	return 0;
	case NR_exit:
	case NR_exit_group:	process_exit(a0);	/* does not return */
	case NR_uname:		return sys_uname(a0);
	case NR_readlink:	return sys_readlink(p, a0, a1, a2);
	case NR_gettimeofday:	return sys_gettimeofday(a0);
	case NR_time:		return sys_time(a0);
	case NR_arch_prctl:	return sys_arch_prctl(p, a0, a1);
	case NR_set_tid_address: p->tid_address = a0; return p->pid;
	case NR_set_robust_list: return 0;	/* TODO: robust futexes at exit */
	case NR_clock_gettime:	return sys_clock_gettime(a0, a1);
	case NR_prlimit64:	return sys_prlimit64(p, a0, a1, a2, a3);
	case NR_getrandom:	return sys_getrandom(a0, a1);
	case NR_rseq:		return -ENOSYS;	/* libc copes */
	default:		return sys_unknown(nr);
	}
}

/**
 * do_syscall() - C side of the syscall entry
 * @regs: the saved user registers; %rax gets the result
 * Context: the calling process's task, interrupts on.
 */
void do_syscall(struct pt_regs *regs)
{
	struct process *p = current_process();

	if (!p) {
		regs->rax = -ENOSYS;
		return;
	}
	regs->rax = pm_syscall(p, regs->rax, regs->rdi, regs->rsi, regs->rdx,
			       regs->r10, regs->r8, regs->r9);
}
