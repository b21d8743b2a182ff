/* SPDX-License-Identifier: GPL-2.0 */
/* Tessera user test "procfs": the pseudo-files libc and the workloads read
 * (/proc/self/{exe,maps,status}, /proc/{meminfo,cpuinfo,stat}, /sys cpu
 * online/possible, /dev/{null,zero,urandom}), plus uname and sysconf. */
#include "ut.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/utsname.h>

/* Read a whole small file into buf; returns its length or -1. */
static ssize_t slurp(const char *p, char *buf, size_t max)
{
	ssize_t n, got = 0;
	int fd = open(p, O_RDONLY);

	if (fd < 0)
		return -1;
	while ((size_t)got < max - 1 && (n = read(fd, buf + got, max - 1 - got)) > 0)
		got += n;
	buf[got] = 0;
	close(fd);
	return got;
}

#define HAS(file, needle) do {						\
	static char b[65536];						\
	ssize_t n = slurp(file, b, sizeof(b));				\
	CHECK(n > 0 && strstr(b, needle), "%s: %s", file,		\
	      n < 0 ? strerror(errno) : "no \"" needle "\"");		\
} while (0)

int main(int argc, char **argv)
{
	char buf[512], z[4096];
	struct utsname u;
	struct stat a, b;
	ssize_t n;
	int fd, i, nz;

	(void)argc;
	ut_init("procfs");
	n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	CHECK(n > 1 && buf[0] == '/', "readlink /proc/self/exe: %zd", n);
	/* /proc/self/exe is this very file. */
	CHECK(stat("/proc/self/exe", &a) == 0 && stat(argv[0], &b) == 0 &&
	      a.st_ino == b.st_ino && a.st_dev == b.st_dev, "/proc/self/exe is not argv[0]");
	HAS("/proc/self/maps", "[stack]");
	HAS("/proc/self/status", "Pid:");
	HAS("/proc/meminfo", "MemTotal:");
	HAS("/proc/cpuinfo", "processor");
	HAS("/proc/stat", "cpu");
	HAS("/sys/devices/system/cpu/online", "0");
	HAS("/sys/devices/system/cpu/possible", "0");
	HAS("/proc/sys/vm/overcommit_memory", "");
	CHECK(sysconf(_SC_NPROCESSORS_ONLN) >= 1, "no CPUs online");
	/* /dev/null swallows writes and reads EOF. */
	fd = open("/dev/null", O_RDWR);
	CHECK(fd >= 0 && write(fd, "abc", 3) == 3 && read(fd, buf, 3) == 0, "/dev/null");
	close(fd);
	/* /dev/zero reads zeros. */
	fd = open("/dev/zero", O_RDONLY);
	memset(z, 1, sizeof(z));
	CHECK(fd >= 0 && read(fd, z, sizeof(z)) == sizeof(z), "/dev/zero read");
	for (i = nz = 0; i < (int)sizeof(z); i++)
		nz += z[i] != 0;
	CHECK(nz == 0, "/dev/zero gave %d non-zero bytes", nz);
	close(fd);
	/* /dev/urandom: 64 bytes, not all equal. */
	fd = open("/dev/urandom", O_RDONLY);
	CHECK(fd >= 0 && read(fd, buf, 64) == 64, "/dev/urandom read");
	for (i = 1, nz = 0; i < 64; i++)
		nz += buf[i] != buf[0];
	CHECK(nz > 0, "/dev/urandom bytes all equal");
	close(fd);
	CHECK(uname(&u) == 0 && u.sysname[0] && !strcmp(u.machine, "x86_64"),
	      "uname machine \"%s\"", u.machine);
	return ut_done();
}
