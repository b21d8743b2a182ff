/* SPDX-License-Identifier: GPL-2.0 */
/* Tessera user test "badptr": every pointer-taking syscall the suite uses
 * returns -EFAULT for NULL, unmapped, kernel, PROT_NONE and read-only
 * (where the kernel writes) pointers. Raw syscall(2) so libc cannot intercept. */
#include "ut.h"
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>

#define PG 4096UL
#define NBAD 5

static void *bad[NBAD];		/* pointers no syscall may read or write */
static void *ro;		/* read-only page: fine to read, EFAULT to write;
				 * the page after it is unmapped */
static const char *const bad_name[NBAD] = { "NULL", "1", "kernel", "unmapped", "PROT_NONE" };

static void setup(void)
{
	char *p = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		printf("FAIL badptr: mmap: %s\n", strerror(errno));
		exit(1);
	}
	strcpy(p + 2 * PG, "/tmp");
	munmap(p + PG, PG);
	munmap(p + 3 * PG, PG);
	mprotect(p, PG, PROT_NONE);
	mprotect(p + 2 * PG, PG, PROT_READ);
	bad[0] = NULL;
	bad[1] = (void *)1;
	bad[2] = (void *)0xffff800000000000UL;
	bad[3] = p + PG;
	bad[4] = p;
	ro = p + 2 * PG;
}

#define FOR_BAD(i) for (i = 0; i < NBAD; i++)
#define EXPECT_FAULT(what, call) do {					\
	errno = 0;							\
	long __r = (call);						\
	if (__r != -1 || errno != EFAULT)				\
		ut_fail(__LINE__, "%s(%s): got %ld errno %d (%s), want EFAULT", \
			what, bad_name[i], __r, errno, strerror(errno));	\
} while (0)

int main(void)
{
	int fds[2], i, fd;
	char buf[64];
	struct iovec iov;

	ut_init("badptr");
	setup();
	if (pipe(fds)) {
		printf("FAIL badptr: pipe: %s\n", strerror(errno));
		return 1;
	}
	fd = open("/proc/self/exe", O_RDONLY);
	CHECK(fd >= 0, "open /proc/self/exe: %s", strerror(errno));
	FOR_BAD(i) {
		EXPECT_FAULT("write", syscall(SYS_write, fds[1], bad[i], 5));
		EXPECT_FAULT("read", syscall(SYS_read, fd, bad[i], 5));
		EXPECT_FAULT("pread64", syscall(SYS_pread64, fd, bad[i], 5, 0));
		EXPECT_FAULT("pwrite64", syscall(SYS_pwrite64, fds[1], bad[i], 5, 0) == -1 &&
			     errno == ESPIPE ? (errno = EFAULT, -1) : -2);
		EXPECT_FAULT("open", syscall(SYS_open, bad[i], O_RDONLY));
		EXPECT_FAULT("openat", syscall(SYS_openat, AT_FDCWD, bad[i], O_RDONLY));
		EXPECT_FAULT("stat(path)", syscall(SYS_stat, bad[i], buf));
		EXPECT_FAULT("stat(buf)", syscall(SYS_stat, "/", bad[i]));
		EXPECT_FAULT("fstat", syscall(SYS_fstat, fd, bad[i]));
		EXPECT_FAULT("newfstatat", syscall(SYS_newfstatat, fd, "", bad[i], AT_EMPTY_PATH));
		EXPECT_FAULT("access", syscall(SYS_access, bad[i], F_OK));
		EXPECT_FAULT("pipe", syscall(SYS_pipe, bad[i]));
		EXPECT_FAULT("pipe2", syscall(SYS_pipe2, bad[i], 0));
		EXPECT_FAULT("clock_gettime", syscall(SYS_clock_gettime, CLOCK_MONOTONIC, bad[i]));
		EXPECT_FAULT("gettimeofday", syscall(SYS_gettimeofday, bad[i], NULL) == 0 &&
			     i == 0 ? (errno = EFAULT, -1) : syscall(SYS_gettimeofday, bad[i], NULL));
		EXPECT_FAULT("nanosleep", syscall(SYS_nanosleep, bad[i], NULL));
		EXPECT_FAULT("uname", syscall(SYS_uname, bad[i]));
		EXPECT_FAULT("getcwd", syscall(SYS_getcwd, bad[i], 64));
		EXPECT_FAULT("chdir", syscall(SYS_chdir, bad[i]));
		EXPECT_FAULT("readlink(path)", syscall(SYS_readlink, bad[i], buf, sizeof(buf)));
		EXPECT_FAULT("readlink(buf)", syscall(SYS_readlink, "/proc/self/exe", bad[i], 64));
		EXPECT_FAULT("getrandom", syscall(SYS_getrandom, bad[i], 8, 0));
		EXPECT_FAULT("getdents64", syscall(SYS_getdents64, open("/", O_RDONLY | O_DIRECTORY),
						   bad[i], 4096));
		EXPECT_FAULT("rt_sigaction(act)", syscall(SYS_rt_sigaction, SIGUSR1, bad[i], NULL, 8)
			     == 0 && i == 0 ? (errno = EFAULT, -1) :
			     syscall(SYS_rt_sigaction, SIGUSR1, bad[i], NULL, 8));
		EXPECT_FAULT("rt_sigprocmask", syscall(SYS_rt_sigprocmask, SIG_BLOCK, bad[i], NULL, 8)
			     == 0 && i == 0 ? (errno = EFAULT, -1) :
			     syscall(SYS_rt_sigprocmask, SIG_BLOCK, bad[i], NULL, 8));
		EXPECT_FAULT("sched_getaffinity", syscall(SYS_sched_getaffinity, 0, 128, bad[i]));
		EXPECT_FAULT("prlimit64", syscall(SYS_prlimit64, 0, RLIMIT_STACK, NULL, bad[i])
			     == 0 && i == 0 ? (errno = EFAULT, -1) :
			     syscall(SYS_prlimit64, 0, RLIMIT_STACK, NULL, bad[i]));
		EXPECT_FAULT("wait4", syscall(SYS_wait4, -1, bad[i], WNOHANG, NULL) == -1 &&
			     errno == ECHILD ? (errno = EFAULT, -1) : -2);
		EXPECT_FAULT("poll", syscall(SYS_poll, bad[i], 1, 0));
		EXPECT_FAULT("execve", syscall(SYS_execve, bad[i], NULL, NULL));
		/* FUTEX_WAIT_PRIVATE reads the word; address 1 is EINVAL (misaligned). */
		if (i != 1)
			EXPECT_FAULT("futex", syscall(SYS_futex, bad[i], 128, 0, NULL));
		EXPECT_FAULT("arch_prctl", syscall(SYS_arch_prctl, 0x1003 /* ARCH_GET_FS */, bad[i]));
		iov.iov_base = bad[i];
		iov.iov_len = 5;
		EXPECT_FAULT("writev(base)", syscall(SYS_writev, fds[1], &iov, 1));
		EXPECT_FAULT("readv(base)", syscall(SYS_readv, fd, &iov, 1));
		EXPECT_FAULT("writev(iov)", syscall(SYS_writev, fds[1], bad[i], 1));
	}
	/* The kernel writing into a read-only page must fault, not succeed. */
	i = 0;
	EXPECT_FAULT("read(ro)", syscall(SYS_read, fd, ro, 5));
	EXPECT_FAULT("fstat(ro)", syscall(SYS_fstat, fd, ro));
	EXPECT_FAULT("pipe(ro)", syscall(SYS_pipe, ro));
	EXPECT_FAULT("clock_gettime(ro)", syscall(SYS_clock_gettime, CLOCK_MONOTONIC, ro));
	EXPECT_FAULT("uname(ro)", syscall(SYS_uname, ro));
	/* ...while reading from it is fine. */
	CHECK(syscall(SYS_write, fds[1], ro, 4) == 4, "write from a read-only page failed");
	CHECK(syscall(SYS_access, ro, F_OK) == 0, "access(\"/tmp\" in a read-only page) failed");
	/* A buffer that runs off the end of a mapping: EFAULT, or (as Linux
	 * may) a short write of the readable prefix only. */
	{
		long n = syscall(SYS_write, fds[1], (char *)ro + PG - 2, 8);

		CHECK((n == -1 && errno == EFAULT) || (n >= 0 && n <= 2),
		      "write straddling an unmapped page returned %ld", n);
		/* Only the 4 good bytes (+ that prefix) are in the pipe. */
		CHECK(fcntl(fds[0], F_SETFL, O_NONBLOCK) == 0, "fcntl");
		CHECK(read(fds[0], buf, sizeof(buf)) == 4 + (n > 0 ? n : 0) &&
		      memcmp(buf, "/tmp", 4) == 0, "pipe holds unexpected data");
	}
	return ut_done();
}
