/* SPDX-License-Identifier: GPL-2.0 */
/* Tessera user test "threads": 64 threads created and joined, mutex,
 * condition variable, barrier, __thread TLS, gettid, and a detached thread. */
#include "ut.h"
#include <pthread.h>
#include <sys/syscall.h>

#define NT 64
#define INCS 2000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static __thread long tls_val = 12345;
static __thread char tls_buf[64];
static pthread_barrier_t barrier;
static long tids[NT];

static void *worker(void *arg)
{
	long id = (long)arg, i;

	if (tls_val != 12345 || tls_buf[5] != 0)
		return (void *)-1;	/* TLS not initialised from the template */
	tls_val = id;
	memset(tls_buf, (int)id, sizeof(tls_buf));
	tids[id] = syscall(SYS_gettid);
	for (i = 0; i < INCS; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
	}
	pthread_barrier_wait(&barrier);
	/* After everyone wrote theirs, ours is unchanged. */
	if (tls_val != id || tls_buf[63] != (char)id)
		return (void *)-2;
	return (void *)(id * 3 + 1);
}

/* Condition variable ping-pong: a bounded queue of one slot. */
static pthread_mutex_t qlock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t qcond = PTHREAD_COND_INITIALIZER;
static int slot, full;
#define ITEMS 2000

static void *producer(void *arg)
{
	int i;

	(void)arg;
	for (i = 1; i <= ITEMS; i++) {
		pthread_mutex_lock(&qlock);
		while (full)
			pthread_cond_wait(&qcond, &qlock);
		slot = i;
		full = 1;
		pthread_cond_broadcast(&qcond);
		pthread_mutex_unlock(&qlock);
	}
	return NULL;
}

static void check_condvar(void)
{
	pthread_t t;
	long sum = 0;
	int i, last = 0, order = 1;

	CHECK(pthread_create(&t, NULL, producer, NULL) == 0, "create producer");
	for (i = 0; i < ITEMS; i++) {
		pthread_mutex_lock(&qlock);
		while (!full)
			pthread_cond_wait(&qcond, &qlock);
		order &= slot == last + 1;
		last = slot;
		sum += slot;
		full = 0;
		pthread_cond_broadcast(&qcond);
		pthread_mutex_unlock(&qlock);
	}
	pthread_join(t, NULL);
	CHECK(order && sum == (long)ITEMS * (ITEMS + 1) / 2, "condvar queue: sum %ld", sum);
}

static volatile int detached_ran;

static void *detached(void *arg)
{
	(void)arg;
	__atomic_store_n(&detached_ran, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

int main(void)
{
	pthread_t t[NT], d;
	pthread_attr_t attr;
	long i, j, ok = 1;
	void *ret;

	ut_init("threads");
	tls_val = -1;
	pthread_barrier_init(&barrier, NULL, NT);
	for (i = 0; i < NT; i++) {
		int e = pthread_create(&t[i], NULL, worker, (void *)i);

		CHECK(e == 0, "pthread_create %ld: %s", i, strerror(e));
		if (e) {
			printf("FAIL threads: cannot continue without thread %ld\n", i);
			return 1;
		}
	}
	for (i = 0; i < NT; i++) {
		CHECK(pthread_join(t[i], &ret) == 0, "join %ld", i);
		CHECK(ret == (void *)(i * 3 + 1), "thread %ld returned %ld (-1: TLS init, -2: TLS clobbered)",
		      i, (long)ret);
	}
	CHECK(counter == (long)NT * INCS, "mutex counter %ld, want %ld", counter, (long)NT * INCS);
	CHECK(tls_val == -1, "main thread's TLS changed to %ld", tls_val);
	for (i = 0; i < NT; i++)
		for (j = 0; j < i; j++)
			ok &= tids[i] != tids[j] && tids[i] > 0;
	CHECK(ok, "thread ids not distinct");
	CHECK(syscall(SYS_gettid) == getpid(), "main thread's tid != pid");
	check_condvar();
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	CHECK(pthread_create(&d, &attr, detached, NULL) == 0, "detached create");
	for (i = 0; i < 2000 && !__atomic_load_n(&detached_ran, __ATOMIC_SEQ_CST); i++)
		usleep(1000);
	CHECK(detached_ran, "detached thread never ran");
	return ut_done();
}
