/* SPDX-License-Identifier: GPL-2.0 */
/* Tessera user test "signals": handlers, masks and pending signals,
 * SA_SIGINFO, default actions (SIGSEGV on NULL, SIGPIPE, SIGABRT),
 * SIGCHLD, sigaltstack, tgkill to a thread, and rt_sigreturn restoring state. */
#include "ut.h"
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static volatile sig_atomic_t got_usr1, got_chld, info_ok, on_alt, thread_hit;
static char altstack[65536];

static void h_usr1(int sig)
{
	(void)sig;
	got_usr1++;
}

static void h_info(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	info_ok = sig == SIGUSR2 && si->si_signo == SIGUSR2 && si->si_pid == getpid();
}

static void h_chld(int sig)
{
	(void)sig;
	got_chld = 1;
}

static void h_alt(int sig)
{
	char here;

	(void)sig;
	on_alt = &here >= altstack && &here < altstack + sizeof(altstack);
}

static void h_thread(int sig)
{
	(void)sig;
	thread_hit = 1;
}

static int child_status(void (*fn)(void))
{
	int st = -1;
	pid_t pid = fork();

	if (pid == 0) {
		fn();
		_exit(0);
	}
	waitpid(pid, &st, 0);
	return st;
}

static void null_deref(void)
{
	*(volatile int *)0 = 1;
}

static void write_closed_pipe(void)
{
	int p[2];

	if (pipe(p))
		_exit(2);
	close(p[0]);
	write(p[1], "x", 1);
	_exit(3);
}

static void do_abort(void)
{
	abort();
}

static void check_handlers(void)
{
	struct sigaction sa = { .sa_handler = h_usr1 };
	sigset_t set, old, pend;
	volatile double f = 1.5;

	CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
	CHECK_OK(kill(getpid(), SIGUSR1));
	CHECK(got_usr1 == 1, "SIGUSR1 handler ran %d times", got_usr1);
	CHECK(f * 2 == 3.0, "FPU state not restored after handler");
	/* Blocked: pending, not delivered; delivered once on unblock. */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHECK_OK(sigprocmask(SIG_BLOCK, &set, &old));
	raise(SIGUSR1);
	raise(SIGUSR1);
	CHECK(got_usr1 == 1, "blocked signal delivered");
	CHECK(sigpending(&pend) == 0 && sigismember(&pend, SIGUSR1), "SIGUSR1 not pending");
	CHECK_OK(sigprocmask(SIG_SETMASK, &old, NULL));
	CHECK(got_usr1 == 2, "unblocked standard signal delivered %d times, want once more",
	      got_usr1);
	/* SA_SIGINFO gives the sender's pid. */
	sa.sa_sigaction = h_info;
	sa.sa_flags = SA_SIGINFO;
	CHECK_OK(sigaction(SIGUSR2, &sa, NULL));
	kill(getpid(), SIGUSR2);
	CHECK(info_ok, "siginfo wrong");
	/* The old action comes back from sigaction. */
	{
		struct sigaction cur;

		CHECK(sigaction(SIGUSR1, NULL, &cur) == 0 && cur.sa_handler == h_usr1,
		      "sigaction did not return the installed handler");
	}
	/* SIG_IGN drops the signal. */
	signal(SIGUSR1, SIG_IGN);
	raise(SIGUSR1);
	CHECK(got_usr1 == 2, "ignored signal delivered");
	/* Invalid signal numbers. */
	CHECK_ERR(kill(getpid(), 0x1234), EINVAL);
	CHECK_ERR(sigaction(SIGKILL, &sa, NULL), EINVAL);
}

static void check_defaults(void)
{
	int st;

	st = child_status(null_deref);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "NULL write: status %#x, want SIGSEGV", st);
	st = child_status(write_closed_pipe);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE, "closed pipe: status %#x, want SIGPIPE", st);
	st = child_status(do_abort);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT, "abort: status %#x, want SIGABRT", st);
	/* SIGPIPE ignored: EPIPE instead. */
	{
		int p[2];

		signal(SIGPIPE, SIG_IGN);
		CHECK_OK(pipe(p));
		close(p[0]);
		CHECK_ERR(write(p[1], "x", 1), EPIPE);
		close(p[1]);
		signal(SIGPIPE, SIG_DFL);
	}
}

static void check_sigchld(void)
{
	struct sigaction sa = { .sa_handler = h_chld };
	pid_t pid;
	int i, st;

	sigaction(SIGCHLD, &sa, NULL);
	pid = fork();
	if (pid == 0)
		_exit(0);
	for (i = 0; i < 2000 && !got_chld; i++)
		usleep(1000);
	CHECK(got_chld, "no SIGCHLD after child exit");
	CHECK(waitpid(pid, &st, 0) == pid, "waitpid after SIGCHLD");
	signal(SIGCHLD, SIG_DFL);
}

static void check_altstack(void)
{
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
	struct sigaction sa = { .sa_handler = h_alt, .sa_flags = SA_ONSTACK };

	CHECK_OK(sigaltstack(&ss, NULL));
	CHECK_OK(sigaction(SIGUSR2, &sa, NULL));
	raise(SIGUSR2);
	CHECK(on_alt, "SA_ONSTACK handler did not run on the alternate stack");
}

static void *sleeper(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < 5000 && !thread_hit; i++)
		usleep(1000);
	return (void *)(intptr_t)syscall(SYS_gettid);
}

static void check_thread_kill(void)
{
	struct sigaction sa = { .sa_handler = h_thread };
	pthread_t t;
	void *r;

	sigaction(SIGUSR1, &sa, NULL);
	CHECK(pthread_create(&t, NULL, sleeper, NULL) == 0, "pthread_create");
	usleep(20000);
	CHECK(pthread_kill(t, SIGUSR1) == 0, "pthread_kill");
	pthread_join(t, &r);
	CHECK(thread_hit, "thread-directed signal not handled");
}

int main(void)
{
	ut_init("signals");
	check_handlers();
	check_defaults();
	check_sigchld();
	check_altstack();
	check_thread_kill();
	return ut_done();
}
