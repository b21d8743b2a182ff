/* SPDX-License-Identifier: GPL-2.0 */
/* Tessera user test "pipes": pipe/pipe2, EOF on close, blocking and
 * O_NONBLOCK, a 1 MiB stream through a child, dup2 redirection, poll. */
#include "ut.h"
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>

#define STREAM (1 << 20)

static void check_basic(void)
{
	int p[2];
	char buf[16];

	CHECK_OK(pipe(p));
	CHECK(write(p[1], "hello", 5) == 5, "write");
	CHECK(read(p[0], buf, sizeof(buf)) == 5 && memcmp(buf, "hello", 5) == 0, "read back");
	close(p[1]);
	CHECK(read(p[0], buf, sizeof(buf)) == 0, "no EOF after writer closed");
	close(p[0]);
	CHECK_OK(pipe2(p, O_NONBLOCK | O_CLOEXEC));
	CHECK_ERR(read(p[0], buf, 1), EAGAIN);
	CHECK((fcntl(p[0], F_GETFD) & FD_CLOEXEC) != 0, "O_CLOEXEC not set");
	CHECK((fcntl(p[1], F_GETFL) & O_NONBLOCK) != 0, "O_NONBLOCK not set");
	close(p[0]);
	close(p[1]);
	CHECK_ERR(read(p[0], buf, 1), EBADF);
}

/* The child writes a patterned 1 MiB; the parent checks every byte. */
static void check_stream(void)
{
	int p[2], st;
	pid_t pid;
	size_t got = 0, bad = 0;
	static char buf[65536];
	ssize_t n, i;

	CHECK_OK(pipe(p));
	pid = fork();
	if (pid == 0) {
		size_t off = 0;

		close(p[0]);
		while (off < STREAM) {
			size_t len = 1 + (off * 7919) % 9000, k;

			if (len > STREAM - off)
				len = STREAM - off;
			for (k = 0; k < len; k++)
				buf[k] = (char)((off + k) * 31);
			if (write(p[1], buf, len) != (ssize_t)len)
				_exit(1);
			off += len;
		}
		_exit(0);
	}
	close(p[1]);
	while ((n = read(p[0], buf, sizeof(buf))) > 0) {
		for (i = 0; i < n; i++)
			bad += buf[i] != (char)((got + i) * 31);
		got += n;
	}
	close(p[0]);
	CHECK(got == STREAM, "streamed %zu bytes, want %d", got, STREAM);
	CHECK(bad == 0, "%zu corrupted bytes in the stream", bad);
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "writer status %#x", st);
}

/* A shell-style pipeline: child 1 stdout -> child 2 stdin via dup2. */
static void check_dup2(void)
{
	int p[2], q[2], st1, st2;
	pid_t a, b;
	char buf[32] = { 0 };

	CHECK_OK(pipe(p));
	CHECK_OK(pipe(q));
	a = fork();
	if (a == 0) {
		static const char msg[] = "through dup2\n";

		dup2(p[1], 1);
		close(p[0]);
		close(p[1]);
		/* write(), not printf(): stdio may still hold the parent's
		 * unflushed output, which would go down the pipe too */
		_exit(write(1, msg, sizeof(msg) - 1) == sizeof(msg) - 1 ? 0 : 1);
	}
	b = fork();
	if (b == 0) {
		char in[32] = { 0 };
		ssize_t n;

		dup2(p[0], 0);
		close(p[0]);
		close(p[1]);
		n = read(0, in, sizeof(in) - 1);
		if (n > 0)
			write(q[1], in, n);
		_exit(n == 13 ? 0 : 1);
	}
	close(p[0]);
	close(p[1]);
	close(q[1]);
	CHECK(read(q[0], buf, sizeof(buf)) == 13 && strcmp(buf, "through dup2\n") == 0,
	      "pipeline carried \"%s\"", buf);
	waitpid(a, &st1, 0);
	waitpid(b, &st2, 0);
	CHECK(st1 == 0 && st2 == 0, "pipeline statuses %#x %#x", st1, st2);
	close(q[0]);
	CHECK(dup2(1, 1) == 1, "dup2(fd, same fd)");
	{
		int d = dup(1);

		CHECK(d > 2, "dup returned %d", d);
		close(d);
		d = fcntl(1, F_DUPFD_CLOEXEC, 10);
		CHECK(d >= 10 && (fcntl(d, F_GETFD) & FD_CLOEXEC), "F_DUPFD_CLOEXEC gave %d", d);
		close(d);
	}
}

static void check_poll(void)
{
	int p[2];
	struct pollfd pfd;

	CHECK_OK(pipe(p));
	pfd.fd = p[0];
	pfd.events = POLLIN;
	CHECK(poll(&pfd, 1, 0) == 0, "empty pipe polled readable");
	write(p[1], "z", 1);
	CHECK(poll(&pfd, 1, 1000) == 1 && (pfd.revents & POLLIN), "full pipe not readable");
	pfd.fd = p[1];
	pfd.events = POLLOUT;
	CHECK(poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLOUT), "pipe not writable");
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	ut_init("pipes");
	check_basic();
	check_stream();
	check_dup2();
	check_poll();
	return ut_done();
}
