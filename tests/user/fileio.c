/* SPDX-License-Identifier: GPL-2.0 */
/* Tessera user test "fileio": open/read/write/pread/pwrite/lseek/stat/
 * ftruncate/rename/unlink/mkdir/rmdir/getdents64/readv/writev/O_APPEND/O_EXCL,
 * a file surviving its writer's exit, and chdir/getcwd. Works in $TMPDIR or /tmp. */
#include "ut.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>

static char dir[256];

static char *path(const char *name)
{
	static char buf[4][320];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", dir, name);
	return buf[k];
}

static void check_rw(void)
{
	char buf[8192], big[20000];
	struct stat st;
	int fd, i;

	fd = open(path("a"), O_RDWR | O_CREAT | O_EXCL, 0644);
	CHECK(fd >= 0, "create: %s", strerror(errno));
	if (fd < 0)
		return;
	CHECK_ERR(open(path("a"), O_RDWR | O_CREAT | O_EXCL, 0644), EEXIST);
	for (i = 0; i < (int)sizeof(big); i++)
		big[i] = (char)(i % 251);
	CHECK(write(fd, big, sizeof(big)) == sizeof(big), "write 20000");
	CHECK(fstat(fd, &st) == 0 && st.st_size == sizeof(big) && S_ISREG(st.st_mode),
	      "fstat size %ld", (long)st.st_size);
	CHECK(lseek(fd, 0, SEEK_CUR) == sizeof(big), "SEEK_CUR");
	CHECK(lseek(fd, 4090, SEEK_SET) == 4090, "SEEK_SET");
	CHECK(read(fd, buf, 100) == 100 && memcmp(buf, big + 4090, 100) == 0, "read across pages");
	CHECK(pread(fd, buf, 8192, 16000) == 4000 && memcmp(buf, big + 16000, 4000) == 0,
	      "pread short at EOF");
	CHECK(lseek(fd, 0, SEEK_CUR) == 4190, "pread moved the offset");
	CHECK(pwrite(fd, "HOLE", 4, 30000) == 4, "pwrite past EOF");
	CHECK(pread(fd, buf, 10, 25000) == 10 && buf[0] == 0 && buf[9] == 0, "hole not zero");
	CHECK(stat(path("a"), &st) == 0 && st.st_size == 30004, "stat size %ld", (long)st.st_size);
	CHECK(lseek(fd, -4, SEEK_END) == 30000, "SEEK_END");
	CHECK(read(fd, buf, 10) == 4 && memcmp(buf, "HOLE", 4) == 0, "read at end");
	CHECK(read(fd, buf, 10) == 0, "read at EOF not 0");
	CHECK_OK(ftruncate(fd, 100));
	CHECK(fstat(fd, &st) == 0 && st.st_size == 100, "ftruncate shrink");
	CHECK_OK(ftruncate(fd, 5000));
	CHECK(pread(fd, buf, 200, 0) == 200 && memcmp(buf, big, 100) == 0 && buf[100] == 0 &&
	      buf[199] == 0, "ftruncate regrow not zero");
	CHECK_ERR(lseek(fd, -1, SEEK_SET), EINVAL);
	close(fd);
	/* O_APPEND always writes at the end. */
	fd = open(path("a"), O_WRONLY | O_APPEND);
	CHECK(fd >= 0, "open O_APPEND");
	lseek(fd, 0, SEEK_SET);
	CHECK(write(fd, "END", 3) == 3, "append write");
	close(fd);
	CHECK(stat(path("a"), &st) == 0 && st.st_size == 5003, "O_APPEND size %ld", (long)st.st_size);
	/* O_TRUNC. */
	fd = open(path("a"), O_RDWR | O_TRUNC);
	CHECK(fd >= 0 && fstat(fd, &st) == 0 && st.st_size == 0, "O_TRUNC");
	close(fd);
	/* Read-only and write-only descriptors refuse the other direction. */
	fd = open(path("a"), O_RDONLY);
	CHECK_ERR(write(fd, "x", 1), EBADF);
	close(fd);
	CHECK_ERR(open(path("missing"), O_RDONLY), ENOENT);
}

static void check_vec(void)
{
	struct iovec iov[3] = {
		{ .iov_base = "abc", .iov_len = 3 },
		{ .iov_base = "", .iov_len = 0 },
		{ .iov_base = "defgh", .iov_len = 5 },
	};
	char x[4] = { 0 }, y[5] = { 0 };
	struct iovec rv[2] = { { .iov_base = x, .iov_len = 3 }, { .iov_base = y, .iov_len = 4 } };
	int fd = open(path("v"), O_RDWR | O_CREAT | O_TRUNC, 0600);

	CHECK(writev(fd, iov, 3) == 8, "writev");
	lseek(fd, 0, SEEK_SET);
	CHECK(readv(fd, rv, 2) == 7 && strcmp(x, "abc") == 0 && strcmp(y, "defg") == 0,
	      "readv got \"%s\" \"%s\"", x, y);
	close(fd);
	unlink(path("v"));
}

static void check_dirs(void)
{
	char cwd[512], old[512];
	struct dirent *de;
	DIR *d;
	int seen = 0, fd, st;
	pid_t pid;

	CHECK_OK(mkdir(path("sub"), 0755));
	CHECK_ERR(mkdir(path("sub"), 0755), EEXIST);
	fd = open(path("sub/f1"), O_WRONLY | O_CREAT, 0644);
	close(fd);
	/* A file written by a process that has exited is still there. */
	pid = fork();
	if (pid == 0) {
		fd = open(path("sub/f2"), O_WRONLY | O_CREAT, 0644);
		_exit(fd >= 0 && write(fd, "persist", 7) == 7 ? 0 : 1);
	}
	waitpid(pid, &st, 0);
	CHECK_OK(rename(path("sub/f1"), path("sub/f3")));
	CHECK_ERR(access(path("sub/f1"), F_OK), ENOENT);
	d = opendir(path("sub"));
	CHECK(d != NULL, "opendir");
	while (d && (de = readdir(d))) {
		if (!strcmp(de->d_name, "f2"))
			seen |= 1;
		else if (!strcmp(de->d_name, "f3"))
			seen |= 2;
		else if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			seen |= 4;
		else
			seen |= 8;
	}
	if (d)
		closedir(d);
	CHECK(seen == 7, "directory listing flags %#x, want 7 (f2, f3, dots)", seen);
	{
		char buf[16] = { 0 };

		fd = open(path("sub/f2"), O_RDONLY);
		CHECK(fd >= 0 && read(fd, buf, 15) == 7 && !strcmp(buf, "persist"),
		      "file from exited child reads \"%s\"", buf);
		close(fd);
	}
	CHECK_ERR(rmdir(path("sub")), ENOTEMPTY);
	CHECK_ERR(unlink(path("sub")), EISDIR);
	CHECK(getcwd(old, sizeof(old)) != NULL, "getcwd");
	CHECK_OK(chdir(path("sub")));
	CHECK(getcwd(cwd, sizeof(cwd)) && strstr(cwd, "/sub"), "getcwd after chdir: %s", cwd);
	CHECK(access("f3", F_OK) == 0, "relative path after chdir");
	CHECK_OK(chdir(old));
	CHECK_OK(unlink(path("sub/f2")));
	CHECK_OK(unlink(path("sub/f3")));
	CHECK_OK(rmdir(path("sub")));
	CHECK_ERR(chdir(path("sub")), ENOENT);
}

int main(void)
{
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";

	ut_init("fileio");
	snprintf(dir, sizeof(dir), "%s/ut-fileio.%d", tmp, getpid());
	if (mkdir(dir, 0700)) {
		printf("FAIL fileio: mkdir %s: %s\n", dir, strerror(errno));
		return 1;
	}
	check_rw();
	check_vec();
	check_dirs();
	unlink(path("a"));
	CHECK_OK(rmdir(dir));
	return ut_done();
}
