/* SPDX-License-Identifier: GPL-2.0 */
/* Tessera user test "mmap": mmap/munmap/mremap/mprotect/madvise semantics,
 * private file mappings, and the same calls racing in concurrent threads. */
#include "ut.h"
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#define PG 4096UL

static __thread sigjmp_buf probe_env;
static __thread volatile int probing;
static __thread void *volatile fault_addr;
static __thread volatile int fault_code;

static void segv(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (!probing) {
		signal(sig, SIG_DFL);
		return;
	}
	fault_addr = si->si_addr;
	fault_code = si->si_code;
	siglongjmp(probe_env, 1);
}

/* probe(addr, write): 0 if the access worked, else the SEGV si_code. */
static int probe(volatile char *addr, int write)
{
	if (sigsetjmp(probe_env, 1)) {
		probing = 0;
		if (fault_addr != (void *)addr)
			return -1;
		return fault_code;
	}
	probing = 1;
	if (write)
		*addr = *addr;
	else
		(void)*addr;
	probing = 0;
	return 0;
}

static void check_anon(void)
{
	size_t len = 64 * PG, i;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(p != MAP_FAILED, "mmap anon: %s", strerror(errno));
	if (p == MAP_FAILED)
		return;
	CHECK(((uintptr_t)p & (PG - 1)) == 0, "mmap result %p not page aligned", (void *)p);
	for (i = 0; i < len; i += 512)
		if (p[i]) {
			CHECK(0, "fresh anon byte +%zu = %d", i, p[i]);
			break;
		}
	for (i = 0; i < len; i++)
		p[i] = (char)(i ^ (i >> 12));
	for (i = 0; i < len; i++)
		if (p[i] != (char)(i ^ (i >> 12))) {
			CHECK(0, "anon byte +%zu wrong", i);
			break;
		}
	/* mprotect read-only: reads fine, writes fault with SEGV_ACCERR. */
	CHECK_OK(mprotect(p + 4 * PG, 2 * PG, PROT_READ));
	CHECK(probe(p + 4 * PG, 0) == 0, "read of PROT_READ page faulted");
	CHECK(probe(p + 5 * PG + 9, 1) == SEGV_ACCERR, "write to PROT_READ page did not SEGV_ACCERR");
	CHECK(probe(p + 6 * PG, 1) == 0, "write next to PROT_READ range faulted");
	CHECK(p[4 * PG + 1] == (char)((4 * PG + 1) ^ 4), "mprotect lost contents");
	CHECK_OK(mprotect(p + 4 * PG, 2 * PG, PROT_NONE));
	CHECK(probe(p + 4 * PG, 0) == SEGV_ACCERR, "read of PROT_NONE page did not SEGV_ACCERR");
	CHECK_OK(mprotect(p + 4 * PG, 2 * PG, PROT_READ | PROT_WRITE));
	CHECK(p[5 * PG + 3] == (char)((5 * PG + 3) ^ 5), "PROT_NONE round trip lost contents");
	/* MADV_DONTNEED on private anonymous memory reads back zeros. */
	CHECK_OK(madvise(p + 8 * PG, 2 * PG, MADV_DONTNEED));
	CHECK(p[8 * PG] == 0 && p[10 * PG - 1] == 0, "MADV_DONTNEED page not zero");
	CHECK(p[10 * PG] == (char)((10 * PG) ^ 10), "MADV_DONTNEED went past its range");
	/* Punch a hole: the hole faults SEGV_MAPERR, both sides survive. */
	CHECK_OK(munmap(p + 16 * PG, 4 * PG));
	CHECK(probe(p + 17 * PG, 0) == SEGV_MAPERR, "unmapped hole did not SEGV_MAPERR");
	CHECK(p[16 * PG - 1] == (char)((16 * PG - 1) ^ 15), "below hole damaged");
	CHECK(p[20 * PG] == (char)((20 * PG) ^ 20), "above hole damaged");
	/* MAP_FIXED into the hole gives fresh zero pages there. */
	CHECK(mmap(p + 16 * PG, 4 * PG, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == p + 16 * PG, "MAP_FIXED");
	CHECK(p[17 * PG] == 0, "MAP_FIXED page not zero");
	CHECK_OK(munmap(p, len));
	CHECK(probe(p, 0) == SEGV_MAPERR, "munmapped page still readable");
	/* Bad arguments. */
	CHECK_ERR(syscall(SYS_munmap, p + 1, PG), EINVAL);
	CHECK(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED &&
	      errno == EINVAL, "mmap len 0 not EINVAL");
	/* Raw syscall: musl's wrapper rounds the start down. */
	CHECK_ERR(syscall(SYS_mprotect, p + 1, PG, PROT_READ), EINVAL);
}

static void check_mremap(void)
{
	size_t i;
	char *p = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *q, *guard;

	CHECK(p != MAP_FAILED, "mmap");
	if (p == MAP_FAILED)
		return;
	for (i = 0; i < 4 * PG; i++)
		p[i] = (char)(i * 13);
	/* Block in-place growth so MREMAP_MAYMOVE has to move. */
	guard = mmap(p + 4 * PG, PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
		     -1, 0);
	q = mremap(p, 4 * PG, 64 * PG, MREMAP_MAYMOVE);
	CHECK(q != MAP_FAILED, "mremap grow: %s", strerror(errno));
	if (q == MAP_FAILED)
		return;
	for (i = 0; i < 4 * PG; i++)
		if (q[i] != (char)(i * 13)) {
			CHECK(0, "mremap lost byte +%zu", i);
			break;
		}
	CHECK(q[40 * PG] == 0, "mremap grown tail not zero");
	q[63 * PG] = 1;
	if (guard != MAP_FAILED && q != p)
		CHECK(probe(p, 0) == SEGV_MAPERR, "old mremap range still mapped");
	/* Shrink in place. */
	CHECK(mremap(q, 64 * PG, 2 * PG, 0) == q, "mremap shrink");
	CHECK(q[PG + 5] == (char)((PG + 5) * 13), "mremap shrink lost data");
	CHECK(probe(q + 3 * PG, 0) == SEGV_MAPERR, "shrunk tail still mapped");
	/* Growing without MAYMOVE into an occupied range fails. */
	if (guard != MAP_FAILED && q == p)
		CHECK_ERR(mremap(q, 2 * PG, 8 * PG, 0), ENOMEM);
	munmap(q, 2 * PG);
	if (guard != MAP_FAILED)
		munmap(guard, PG);
}

/* A private, writable file mapping: writes stay private, the tail is zero. */
static void check_file_private(void)
{
	const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char path[256], buf[16];
	size_t size = PG + 100;
	char *p, *data = malloc(size);
	int fd;
	size_t i;

	snprintf(path, sizeof(path), "%s/ut-mmap.%d", dir, getpid());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0, "open %s: %s", path, strerror(errno));
	if (fd < 0 || !data)
		return;
	for (i = 0; i < size; i++)
		data[i] = (char)('a' + i % 26);
	CHECK(write(fd, data, size) == (ssize_t)size, "write file");
	p = mmap(NULL, size + 1, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(p != MAP_FAILED, "mmap file: %s", strerror(errno));
	if (p != MAP_FAILED) {
		CHECK(memcmp(p, data, size) == 0, "file mapping contents differ");
		CHECK(p[size] == 0 && p[2 * PG - 1] == 0, "file mapping tail not zero");
		memset(p, 'X', size);
		CHECK(pread(fd, buf, 16, 0) == 16 && memcmp(buf, data, 16) == 0,
		      "private mapping write reached the file");
		CHECK(pread(fd, buf, 16, PG) == 16 && memcmp(buf, data + PG, 16) == 0,
		      "private mapping write reached the file (page 2)");
		munmap(p, size + 1);
	}
	/* Offset mapping of page 2. */
	p = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, PG);
	CHECK(p != MAP_FAILED && memcmp(p, data + PG, 100) == 0, "offset file mapping wrong");
	if (p != MAP_FAILED)
		munmap(p, PG);
	close(fd);
	unlink(path);
	free(data);
}

#define NTHREADS 8
#define ROUNDS 200

static void *mm_thread(void *arg)
{
	long id = (long)arg, r, i;
	long bad = 0;

	for (r = 0; r < ROUNDS && !bad; r++) {
		size_t len = (size_t)(1 + (r + id) % 16) * PG;
		char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			       -1, 0);

		if (p == MAP_FAILED)
			return (void *)1;
		for (i = 0; i < (long)len; i += 256)
			p[i] = (char)(id + r + i);
		if (len > PG && mprotect(p, PG, PROT_READ))
			bad = 2;
		for (i = 0; i < (long)len; i += 256)
			if (p[i] != (char)(id + r + i))
				bad = 3;
		if (len > PG && probe(p + 1, 1) != SEGV_ACCERR)
			bad = 4;
		/* mremap needs one VMA: open the first page again first. */
		if (len > PG && mprotect(p, PG, PROT_READ | PROT_WRITE))
			bad = 8;
		if (len > 2 * PG) {
			char *q = mremap(p, len, len * 2, MREMAP_MAYMOVE);

			if (q == MAP_FAILED)
				bad = 5;
			else
				p = q, len *= 2;
			if (p[2 * PG] != (char)(id + r + 2 * PG))
				bad = 6;
		}
		if (munmap(p, len))
			bad = 7;
	}
	return (void *)bad;
}

static void check_threads(void)
{
	pthread_t t[NTHREADS];
	long i;
	void *ret;

	for (i = 0; i < NTHREADS; i++)
		CHECK(pthread_create(&t[i], NULL, mm_thread, (void *)i) == 0, "pthread_create");
	for (i = 0; i < NTHREADS; i++) {
		CHECK(pthread_join(t[i], &ret) == 0, "pthread_join");
		CHECK(ret == NULL, "thread %ld: mm check %ld failed", i, (long)ret);
	}
}

int main(void)
{
	struct sigaction sa = { .sa_sigaction = segv, .sa_flags = SA_SIGINFO | SA_NODEFER };

	ut_init("mmap");
	sigaction(SIGSEGV, &sa, NULL);
	check_anon();
	check_mremap();
	check_file_private();
	check_threads();
	return ut_done();
}
