/* SPDX-License-Identifier: GPL-2.0 */
/* Tessera user test runner (/bin/usertests): runs every test program in
 * both libc builds, one child at a time, and prints "user: N passed, N failed". */
#include "ut.h"
#include <signal.h>
#include <sys/wait.h>

static const char *const tests[] = {
	"hello", "args", "brk", "mmap", "badptr", "fork", "threads", "signals",
	"pipes", "fileio", "procfs",
};
static const char *const suffixes[] = { "", ".musl" };

static void usage(void)
{
	fprintf(stderr, "usage: usertests [-d BINDIR] [-t SECONDS] [-B] [TEST...]\n"
		"  runs BINDIR/TEST and BINDIR/TEST.musl (default BINDIR /bin, all tests,\n"
		"  60 s each) and prints \"user: N passed, N failed\"\n"
		"  -B  also run BINDIR/sh BINDIR/busybox-check (PATH=BINDIR) as test \"busybox\"\n");
	exit(2);
}

/* run_one() - run one binary with a time limit; 1 if it passed. The name
 * "busybox" runs BINDIR/sh on BINDIR/busybox-check instead. */
static int run_one(const char *bindir, const char *name, const char *suffix, unsigned int limit)
{
	char script[512], path_env[560];
	int bb = !strcmp(name, "busybox");

	char prog[512], label[64];
	int status;
	pid_t pid;

	snprintf(prog, sizeof(prog), "%s/%s%s", bindir, bb ? "sh" : name, suffix);
	snprintf(script, sizeof(script), "%s/busybox-check", bindir);
	snprintf(path_env, sizeof(path_env), "PATH=%s", bindir);
	snprintf(label, sizeof(label), "%s%s", name, suffix);
	/* No stat() first: a young kernel may lack it; execve reports a missing file. */
	pid = fork();
	if (pid < 0) {
		printf("FAIL %s: fork: %s\n", label, strerror(errno));
		return 0;
	}
	if (pid == 0) {
		/* args checks these exact words and this environment. */
		char *argv_args[] = { prog, "--expect", "one", "two words", "", "three", NULL };
		char *argv_plain[] = { prog, NULL };
		char *argv_bb[] = { "sh", script, NULL };
		char *envp[] = { "UT_ENV=x=y z", path_env, "TMPDIR=/tmp", NULL };

		alarm(limit);	/* survives execve: a hung test dies of SIGALRM */
		execve(prog, bb ? argv_bb : strcmp(name, "args") ? argv_plain : argv_args, envp);
		printf("FAIL %s: execve %s: %s\n", label, prog, strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid) {
		printf("FAIL %s: waitpid: %s\n", label, strerror(errno));
		return 0;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 1;
	if (WIFSIGNALED(status))
		printf("FAIL %s: killed by signal %d%s\n", label, WTERMSIG(status),
		       WTERMSIG(status) == SIGALRM ? " (time limit)" : "");
	else
		printf("FAIL %s: exit status %d\n", label, WEXITSTATUS(status));
	return 0;
}

int main(int argc, char **argv)
{
	const char *bindir = "/bin";
	unsigned int limit = 60, i, j;
	int opt, pass = 0, fail = 0, busybox = 0;

	ut_init("usertests");
	while ((opt = getopt(argc, argv, "d:t:Bh")) != -1) {
		switch (opt) {
		case 'B':
			busybox = 1;
			break;
		case 'd':
			bindir = optarg;
			break;
		case 't':
			limit = (unsigned int)atoi(optarg);
			if (!limit)
				usage();
			break;
		default:
			usage();
		}
	}
	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		int wanted = optind == argc;

		for (j = optind; (int)j < argc; j++)
			wanted |= !strcmp(argv[j], tests[i]);
		if (!wanted)
			continue;
		for (j = 0; j < sizeof(suffixes) / sizeof(suffixes[0]); j++) {
			if (run_one(bindir, tests[i], suffixes[j], limit))
				pass++;
			else
				fail++;
		}
	}
	if (busybox) {
		if (run_one(bindir, "busybox", "", limit * 5))
			pass++;
		else
			fail++;
	}
	printf("user: %d passed, %d failed\n", pass, fail);
	return fail ? 1 : 0;
}
