/* SPDX-License-Identifier: GPL-2.0 */
/* Tessera user test "fork": fork/exec/wait trees, exit statuses, address
 * space isolation after fork, execve of /proc/self/exe, WNOHANG, ECHILD. */
#include "ut.h"
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define BIG (4UL << 20)

/* A tree of depth d and fan-out 3; each node exits with the number of
 * processes in its subtree, so the root's sum checks every wait. */
static int tree(int depth)
{
	pid_t kids[3];
	int i, st, total = 1;

	if (depth == 0)
		return 1;
	for (i = 0; i < 3; i++) {
		kids[i] = fork();
		if (kids[i] < 0)
			return -100;
		if (kids[i] == 0)
			_exit(tree(depth - 1));
	}
	for (i = 2; i >= 0; i--) {
		if (waitpid(kids[i], &st, 0) != kids[i] || !WIFEXITED(st))
			return -100;
		total += WEXITSTATUS(st);
	}
	return total;
}

static void check_isolation(void)
{
	char *heap = malloc(BIG);
	char *anon = mmap(NULL, BIG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	static char data[8192] = "parent";
	size_t i;
	pid_t pid;
	int st;

	CHECK(heap && anon != MAP_FAILED, "allocation");
	if (!heap || anon == MAP_FAILED)
		return;
	memset(heap, 'P', BIG);
	memset(anon, 'Q', BIG);
	pid = fork();
	if (pid == 0) {
		int bad = 0;

		for (i = 0; i < BIG; i += 4096)
			bad |= heap[i] != 'P' || anon[i] != 'Q';
		bad |= strcmp(data, "parent") != 0;
		memset(heap, 'c', BIG);
		memset(anon, 'c', BIG);
		strcpy(data, "child");
		_exit(bad ? 1 : 0);
	}
	CHECK(pid > 0, "fork: %s", strerror(errno));
	CHECK(waitpid(pid, &st, 0) == pid, "waitpid");
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child saw wrong pre-fork memory (st %#x)", st);
	for (i = 0; i < BIG; i += 512)
		if (heap[i] != 'P' || anon[i] != 'Q') {
			CHECK(0, "child's write leaked into parent at +%zu", i);
			break;
		}
	CHECK(strcmp(data, "parent") == 0, "child's .data write leaked: \"%s\"", data);
	/* And the other way: the parent writes after fork, the child must not see it. */
	pid = fork();
	if (pid == 0) {
		usleep(100000);
		_exit(heap[0] == 'P' && anon[BIG - 1] == 'Q' ? 0 : 1);
	}
	memset(heap, 'x', 4096);
	anon[BIG - 1] = 'x';
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "parent's post-fork write reached the child");
	munmap(anon, BIG);
	free(heap);
}

static void check_statuses(char *self)
{
	int st, codes[] = { 0, 1, 42, 255 };
	unsigned int i;
	pid_t pid;

	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		pid = fork();
		if (pid == 0)
			_exit(codes[i]);
		CHECK(wait(&st) == pid, "wait");
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == codes[i], "exit %d gave status %#x",
		      codes[i], st);
	}
	/* Killed by a signal. */
	pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	kill(pid, SIGKILL);
	CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	      "SIGKILLed child status %#x", st);
	/* WNOHANG with a live child returns 0. */
	pid = fork();
	if (pid == 0) {
		usleep(200000);
		_exit(7);
	}
	CHECK(waitpid(pid, &st, WNOHANG) == 0, "WNOHANG on a running child");
	CHECK(waitpid(pid, &st, 0) == pid && WEXITSTATUS(st) == 7, "late wait");
	CHECK_ERR(wait(&st), ECHILD);
	/* exec: the child runs this program again with "--exec-child". */
	pid = fork();
	if (pid == 0) {
		char *argv[] = { self, "--exec-child", "arg with space", NULL };
		char *envp[] = { "UT_EXEC=1", NULL };

		execve("/proc/self/exe", argv, envp);
		_exit(99);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 33,
	      "exec'd child status %#x (99: execve failed)", st);
	/* execve of a missing file fails with ENOENT, and the caller lives on. */
	{
		char *argv[] = { "nope", NULL };

		CHECK_ERR(execve("/nonexistent/prog", argv, NULL), ENOENT);
	}
	/* getppid in a child is the parent's pid. */
	{
		pid_t me = getpid();

		pid = fork();
		if (pid == 0)
			_exit(getppid() == me && getpid() != me ? 0 : 1);
		CHECK(waitpid(pid, &st, 0) == pid && WEXITSTATUS(st) == 0, "getppid/getpid");
	}
}

int main(int argc, char **argv)
{
	int n;

	if (argc == 3 && strcmp(argv[1], "--exec-child") == 0) {
		const char *e = getenv("UT_EXEC");

		return strcmp(argv[2], "arg with space") == 0 && e && strcmp(e, "1") == 0 ?
			33 : 1;
	}
	ut_init("fork");
	n = tree(3);
	CHECK(n == 1 + 3 + 9 + 27, "process tree counted %d of 40", n);
	check_isolation();
	check_statuses(argv[0]);
	return ut_done();
}
