// SPDX-License-Identifier: GPL-2.0
/*
 * System calls that need neither the fd table nor the process tree:
 * identity, time, randomness, limits, uname.
 */
#include <tessera/errno.h>
#include <tessera/bug.h>
#include <tessera/kernel.h>
#include <tessera/mm.h>
#include <tessera/printk.h>
#include <tessera/string.h>
#include <tessera/time.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/uaccess.h>
#include "pm.h"
#include "syscalls.h"

#define RLIMIT_STACK		3
#define RLIMIT_CORE		4
#define RLIMIT_NPROC		6
#define RLIMIT_NOFILE		7
#define RLIMIT_MEMLOCK		8
#define RLIMIT_SIGPENDING	11
#define RLIMIT_MSGQUEUE		12
#define RLIMIT_RTTIME		15
#define RLIMIT_NLIMITS		16
#define RLIM_INFINITY		(~0UL)

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

SYSCALL_DEFINE1(uname, unsigned long, buf)
{
	static const struct utsname_user u = {
		.sysname = "Linux", .nodename = "tessera", .release = "6.1.0-tessera",
		.version = "#1 SMP Tessera", .machine = "x86_64",
		.domainname = "(none)",
	};

	return copy_to_user((void __user *)buf, &u, sizeof(u));
}

/* CLOCK_REALTIME (0), _COARSE (5), CLOCK_TAI (11): the wall clock. */
static bool clock_is_real(unsigned long clk)
{
	return clk == 0 || clk == 5 || clk == 11;
}

SYSCALL_DEFINE2(clock_gettime, unsigned long, clk, unsigned long, tp)
{
	u64 ns;
	struct timespec_user ts;

	/* MONOTONIC, BOOTTIME, the CPU-time clocks: since boot (TODO: CPU time) */
	if (clk > 11 || clk == 10)
		return -EINVAL;
	ns = clock_is_real(clk) ? ktime_get_real_ns() : ktime_get_ns();
	ts.tv_sec = ns / NSEC_PER_SEC;
	ts.tv_nsec = ns % NSEC_PER_SEC;
	return copy_to_user((void __user *)tp, &ts, sizeof(ts));
}

SYSCALL_DEFINE1(gettimeofday, unsigned long, tv)
{
	u64 ns = ktime_get_real_ns();
	struct timespec_user t = { .tv_sec = ns / NSEC_PER_SEC,
				   .tv_nsec = (ns % NSEC_PER_SEC) / 1000 };

	if (!tv)
		return 0;
	return copy_to_user((void __user *)tv, &t, sizeof(t));
}

SYSCALL_DEFINE1(time, unsigned long, tloc)
{
	s64 t = ktime_get_real_ns() / NSEC_PER_SEC;

	if (tloc && copy_to_user((void __user *)tloc, &t, sizeof(t)))
		return -EFAULT;
	return t;
}

/* xorshift64 over a TSC-seeded state (TODO: a real entropy source; RDRAND) */
static u64 random_state;	/* atomic exchange */

/**
 * pm_get_random_bytes() - fill @buf with @len pseudo-random bytes
 * @buf: kernel buffer
 * @len: bytes
 *
 * Not cryptographic: the TSC seeds a xorshift generator (warned once).
 * Context: any.
 */
void pm_get_random_bytes(void *buf, size_t len)
{
	static bool warned;
	u64 x = __atomic_exchange_n(&random_state, 0, __ATOMIC_RELAXED);
	u8 *out = buf;
	size_t i;

	if (!warned) {
		warned = true;
		pr_warn("TODO: random bytes come from the TSC, not a real entropy source\n");
	}
	x ^= rdtsc() * 0x9e3779b97f4a7c15ULL;
	if (!x)
		x = 0x9e3779b97f4a7c15ULL;
	for (i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		out[i] = (u8)(x >> 24);
	}
	__atomic_store_n(&random_state, x, __ATOMIC_RELAXED);
}

SYSCALL_DEFINE3(getrandom, unsigned long, buf, unsigned long, len, unsigned int, flags)
{
	u8 kbuf[64];
	unsigned long done = 0, n;

	if (flags & ~0x7U)	/* GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE */
		return -EINVAL;
	if (len > 0x2000000)
		len = 0x2000000;
	while (done < len) {
		n = min_t(unsigned long, len - done, sizeof(kbuf));
		pm_get_random_bytes(kbuf, n);
		if (copy_to_user((void __user *)(buf + done), kbuf, n))
			return done ? (long)done : -EFAULT;
		done += n;
	}
	return done;
}

/*
 * Resource limits are fixed (TODO: per-process, settable): what prlimit64
 * and getrlimit report, RLIMIT_* order. The fd table enforces NOFILE.
 */
static const struct rlimit_user fixed_limits[RLIMIT_NLIMITS] = {
	[RLIMIT_STACK] = { 8UL << 20, RLIM_INFINITY },
	[RLIMIT_CORE] = { 0, RLIM_INFINITY },
	[RLIMIT_NPROC] = { 4096, 4096 },
	[RLIMIT_NOFILE] = { 1024, 1024 },
	[RLIMIT_MEMLOCK] = { 8UL << 20, 8UL << 20 },
	[RLIMIT_SIGPENDING] = { 4096, 4096 },
	[RLIMIT_MSGQUEUE] = { 819200, 819200 },
	[RLIMIT_RTTIME] = { RLIM_INFINITY, RLIM_INFINITY },
};

static struct rlimit_user limit_of(unsigned int res)
{
	struct rlimit_user r = fixed_limits[res];

	if (!r.cur && !r.max && res != RLIMIT_CORE)
		r.cur = r.max = RLIM_INFINITY;
	return r;
}

/* Setting a limit: only to what it already is (TODO: settable limits). */
static long set_limit(unsigned int res, const struct rlimit_user *n)
{
	static bool warned;
	struct rlimit_user cur = limit_of(res);

	if (n->cur > n->max)
		return -EINVAL;
	if (n->cur == cur.cur && n->max == cur.max)
		return 0;
	if (!warned) {
		warned = true;
		pr_warn("TODO: resource limits are fixed; setrlimit(%u) refused\n", res);
	}
	return -EPERM;
}

SYSCALL_DEFINE4(prlimit64, int, pid, unsigned int, res, const struct rlimit_user __user *, new,
		struct rlimit_user __user *, old)
{
	struct process *p = current_process();
	struct rlimit_user n, r;
	long ret;

	if (pid && pid != p->pid)
		return -ESRCH;	/* TODO: other processes' limits */
	if (res >= RLIMIT_NLIMITS)
		return -EINVAL;
	r = limit_of(res);
	if (new) {
		if (copy_from_user(&n, new, sizeof(n)))
			return -EFAULT;
		ret = set_limit(res, &n);
		if (ret)
			return ret;
	}
	if (old && copy_to_user(old, &r, sizeof(r)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE2(getrlimit, unsigned int, res, struct rlimit_user __user *, old)
{
	struct rlimit_user r;

	if (res >= RLIMIT_NLIMITS)
		return -EINVAL;
	r = limit_of(res);
	return copy_to_user(old, &r, sizeof(r));
}

SYSCALL_DEFINE2(setrlimit, unsigned int, res, const struct rlimit_user __user *, new)
{
	struct rlimit_user n;

	if (res >= RLIMIT_NLIMITS)
		return -EINVAL;
	if (copy_from_user(&n, new, sizeof(n)))
		return -EFAULT;
	return set_limit(res, &n);
}

SYSCALL_DEFINE2(clock_getres, unsigned long, clk, struct timespec_user __user *, res)
{
	struct timespec_user ts = { .tv_sec = 0, .tv_nsec = 1 };

	if (clk > 11)
		return -EINVAL;
	if (res && copy_to_user(res, &ts, sizeof(ts)))
		return -EFAULT;
	return 0;
}

/* struct sysinfo of x86-64 Linux (112 bytes). */
struct sysinfo_user {
	s64 uptime;
	u64 loads[3];
	u64 totalram, freeram, sharedram, bufferram, totalswap, freeswap;
	u16 procs;
	u16 pad;
	u32 pad2;
	u64 totalhigh, freehigh;
	u32 mem_unit;
	char _f[4];
};

/* The memory figures are this node's page allocator (P's local DRAM). */
SYSCALL_DEFINE1(sysinfo, struct sysinfo_user __user *, info)
{
	struct sysinfo_user si;

	BUILD_BUG_ON(sizeof(si) != 112);
	memset(&si, 0, sizeof(si));
	si.uptime = ktime_get_ns() / 1000000000;
	si.totalram = (u64)totalram_pages() * PAGE_SIZE;
	si.freeram = (u64)nr_free_pages() * PAGE_SIZE;
	si.procs = 1;	/* TODO: count live processes */
	si.mem_unit = 1;
	return copy_to_user(info, &si, sizeof(si));
}

SYSCALL_DEFINE2(getgroups, int, size, u32 __user *, list)
{
	if (size < 0)
		return -EINVAL;
	(void)list;
	return 0;	/* root, no supplementary groups */
}

/* One user: root. Becoming root again is allowed; anything else is not. */
SYSCALL_DEFINE1(setuid, u32, uid)
{
	return uid == 0 ? 0 : -EPERM;
}

SYSCALL_DEFINE1(setgid, u32, gid)
{
	return gid == 0 ? 0 : -EPERM;
}

SYSCALL_DEFINE0(getuid) { return 0; }
SYSCALL_DEFINE0(getgid) { return 0; }
SYSCALL_DEFINE0(geteuid) { return 0; }
SYSCALL_DEFINE0(getegid) { return 0; }
SYSCALL_DEFINE0(rseq) { return -ENOSYS; }	/* optional; both libcs carry on */
