// SPDX-License-Identifier: GPL-2.0
/*
 * System calls that need neither the fd table nor the process tree:
 * identity, time, randomness, limits, uname.
 */
#include <tessera/errno.h>
#include <tessera/kernel.h>
#include <tessera/printk.h>
#include <tessera/string.h>
#include <tessera/time.h>
#include <asm/processor.h>
#include <asm/uaccess.h>
#include "pm.h"
#include "syscalls.h"

#define RLIMIT_STACK		3
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

SYSCALL_DEFINE2(clock_gettime, unsigned long, clk, unsigned long, tp)
{
	u64 ns = ktime_get_ns();
	struct timespec_user ts = { .tv_sec = ns / 1000000000, .tv_nsec = ns % 1000000000 };

	/* TODO: no RTC yet; CLOCK_REALTIME counts from boot like MONOTONIC. */
	if (clk > 11)
		return -EINVAL;
	return copy_to_user((void __user *)tp, &ts, sizeof(ts));
}

SYSCALL_DEFINE1(gettimeofday, unsigned long, tv)
{
	u64 ns = ktime_get_ns();
	struct timespec_user t = { .tv_sec = ns / 1000000000, .tv_nsec = (ns % 1000000000) / 1000 };

	if (!tv)
		return 0;
	return copy_to_user((void __user *)tv, &t, sizeof(t));
}

SYSCALL_DEFINE1(time, unsigned long, tloc)
{
	s64 t = ktime_get_ns() / 1000000000;

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

SYSCALL_DEFINE4(prlimit64, unsigned long, pid, unsigned long, res, unsigned long, new,
		unsigned long, old)
{
	struct process *p = current_process();

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


SYSCALL_DEFINE0(getuid) { return 0; }
SYSCALL_DEFINE0(getgid) { return 0; }
SYSCALL_DEFINE0(geteuid) { return 0; }
SYSCALL_DEFINE0(getegid) { return 0; }
SYSCALL_DEFINE0(rseq) { return -ENOSYS; }	/* optional; both libcs carry on */
