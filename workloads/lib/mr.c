// SPDX-License-Identifier: GPL-2.0
/*
 * MapReduce runtime (see mr.h for the model). Each map worker owns one
 * struct mr_task: a dense array, or one hash table per reduce partition,
 * so emits never take a lock. Splits are handed out by an atomic counter,
 * which balances uneven splits without a scheduler. Reduce worker r owns
 * dense key range r or hash partition r of every task, so reduce needs no
 * locks either; only the final merge of sorted partitions is sequential.
 */
#include "mr.h"
#include "wl.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct mr_entry {
	uint64_t hash;			/* 0 marks an empty slot */
	const char *key;
	uint32_t len;
	int64_t val;
};

struct mr_table {			/* open addressing, linear probing */
	struct mr_entry *slot;
	size_t mask;			/* capacity - 1 (a power of two) */
	size_t used;
};

struct mr_task {
	const struct mr_job *job;
	int64_t *dense;			/* MR_DENSE: nkeys sums */
	struct mr_table *part;		/* MR_STRING: one per partition */
	int nparts;
};

struct mr_run {				/* state shared by the workers of one job */
	struct mr_job *job;
	struct mr_task *tasks;
	size_t *cut;			/* nsplits + 1 split boundaries */
	size_t next;			/* next split to map (atomic) */
	struct mr_pair **sorted;	/* per partition, after reduce */
	size_t *nsorted;
};

/* ------------------------------------------------------------ threads */

struct par_arg {
	mr_par_fn fn;
	void *arg;
	int thread, nthreads;
};

static void *par_main(void *p)
{
	struct par_arg *a = p;

	a->fn(a->arg, a->thread, a->nthreads);
	return NULL;
}

void mr_parallel(int nthreads, mr_par_fn fn, void *arg)
{
	pthread_t tid[256];
	struct par_arg pa[256];

	if (nthreads < 1 || nthreads > 256)
		wl_die("mr_parallel: bad thread count %d", nthreads);
	for (int i = 0; i < nthreads; i++)
		pa[i] = (struct par_arg){ fn, arg, i, nthreads };
	for (int i = 1; i < nthreads; i++)
		if (pthread_create(&tid[i], NULL, par_main, &pa[i]) != 0)
			wl_die("pthread_create failed");
	fn(arg, 0, nthreads);
	for (int i = 1; i < nthreads; i++)
		pthread_join(tid[i], NULL);
}

/* ------------------------------------------------------------ string keys */

static inline unsigned char fold(unsigned char c, int f)
{
	return f && c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static uint64_t key_hash(const char *k, uint32_t len, int f)
{
	uint64_t h = WL_FNV_INIT;

	for (uint32_t i = 0; i < len; i++)
		h = (h ^ fold((unsigned char)k[i], f)) * 0x100000001b3ULL;
	return h ? h : 1;
}

static int key_equal(const char *a, const char *b, uint32_t len, int f)
{
	if (!f)
		return memcmp(a, b, len) == 0;
	for (uint32_t i = 0; i < len; i++)
		if (fold((unsigned char)a[i], 1) != fold((unsigned char)b[i], 1))
			return 0;
	return 1;
}

static void table_init(struct mr_table *t, size_t cap)
{
	size_t n = 64;

	while (n < cap)
		n <<= 1;
	t->slot = wl_alloc(n * sizeof(*t->slot));
	t->mask = n - 1;
	t->used = 0;
}

static void table_add(struct mr_table *t, uint64_t h, const char *key,
		      uint32_t len, int64_t val, int f);

static void table_grow(struct mr_table *t, int f)
{
	struct mr_table old = *t;

	table_init(t, (old.mask + 1) * 2);
	for (size_t i = 0; i <= old.mask; i++)
		if (old.slot[i].hash)
			table_add(t, old.slot[i].hash, old.slot[i].key,
				  old.slot[i].len, old.slot[i].val, f);
	free(old.slot);
}

static void table_add(struct mr_table *t, uint64_t h, const char *key,
		      uint32_t len, int64_t val, int f)
{
	size_t i = h & t->mask;

	for (;;) {
		struct mr_entry *e = &t->slot[i];

		if (!e->hash) {
			*e = (struct mr_entry){ h, key, len, val };
			if (++t->used * 10 > t->mask * 7)
				table_grow(t, f);
			return;
		}
		if (e->hash == h && e->len == len && key_equal(e->key, key, len, f)) {
			e->val += val;
			return;
		}
		i = (i + 1) & t->mask;
	}
}

void mr_emit_string(struct mr_task *task, const char *key, uint32_t len,
		    int64_t val)
{
	int f = task->job->flags & MR_FOLD_CASE;
	uint64_t h = key_hash(key, len, f);

	table_add(&task->part[(h >> 40) % (uint64_t)task->nparts], h, key, len, val, f);
}

void mr_emit_dense(struct mr_task *task, size_t key, int64_t val)
{
	task->dense[key] += val;
}

/* ------------------------------------------------------------ phases */

static void map_worker(void *p, int thread, int nthreads)
{
	struct mr_run *run = p;
	struct mr_job *job = run->job;
	struct mr_task *task = &run->tasks[thread];

	(void)nthreads;
	for (;;) {
		size_t s = __atomic_fetch_add(&run->next, 1, __ATOMIC_RELAXED);

		if (s >= job->nsplits)
			break;
		if (run->cut[s] < run->cut[s + 1])
			job->map(job, task, run->cut[s], run->cut[s + 1]);
	}
}

static int pair_compare_default(const struct mr_pair *a, const struct mr_pair *b)
{
	uint32_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->key, b->key, n);

	return c ? c : (a->len > b->len) - (a->len < b->len);
}

static struct mr_job *sort_job;		/* qsort has no context argument */

static int pair_qsort_cmp(const void *a, const void *b)
{
	return sort_job->compare(a, b);
}

static void reduce_worker(void *p, int r, int nthreads)
{
	struct mr_run *run = p;
	struct mr_job *job = run->job;
	int f = job->flags & MR_FOLD_CASE;

	if (job->keys == MR_DENSE) {
		size_t lo = job->nkeys * r / nthreads;
		size_t hi = job->nkeys * (r + 1) / nthreads;

		for (int t = 0; t < nthreads; t++)
			for (size_t k = lo; k < hi; k++)
				job->dense[k] += run->tasks[t].dense[k];
		return;
	}

	/* Merge partition r of every task into one table, then flatten. */
	struct mr_table all;
	size_t total = 0, n = 0;

	for (int t = 0; t < nthreads; t++)
		total += run->tasks[t].part[r].used;
	table_init(&all, total * 2);
	for (int t = 0; t < nthreads; t++) {
		struct mr_table *pt = &run->tasks[t].part[r];

		for (size_t i = 0; i <= pt->mask; i++)
			if (pt->slot[i].hash)
				table_add(&all, pt->slot[i].hash, pt->slot[i].key,
					  pt->slot[i].len, pt->slot[i].val, f);
		free(pt->slot);
		pt->slot = NULL;
	}
	struct mr_pair *out = wl_alloc(all.used * sizeof(*out));

	for (size_t i = 0; i <= all.mask; i++)
		if (all.slot[i].hash)
			out[n++] = (struct mr_pair){ all.slot[i].key,
						     all.slot[i].len, all.slot[i].val };
	free(all.slot);
	qsort(out, n, sizeof(*out), pair_qsort_cmp);
	run->sorted[r] = out;
	run->nsorted[r] = n;
}

/* k-way merge of the sorted partitions into job->pairs. */
static void merge_partitions(struct mr_run *run, int nparts)
{
	struct mr_job *job = run->job;
	size_t total = 0, head[256] = { 0 };

	for (int r = 0; r < nparts; r++)
		total += run->nsorted[r];
	job->pairs = wl_alloc(total * sizeof(*job->pairs));
	job->npairs = total;
	for (size_t i = 0; i < total; i++) {
		int best = -1;

		for (int r = 0; r < nparts; r++) {
			if (head[r] == run->nsorted[r])
				continue;
			if (best < 0 || job->compare(&run->sorted[r][head[r]],
						     &run->sorted[best][head[best]]) < 0)
				best = r;
		}
		job->pairs[i] = run->sorted[best][head[best]++];
	}
	for (int r = 0; r < nparts; r++)
		free(run->sorted[r]);
}

static void make_splits(struct mr_run *run)
{
	struct mr_job *job = run->job;
	size_t unit = job->split_units;

	if (!unit)
		unit = job->nunits / ((size_t)job->nthreads * 16) + 1;
	job->nsplits = job->nunits / unit + 1;
	run->cut = wl_alloc((job->nsplits + 1) * sizeof(*run->cut));
	for (size_t s = 1; s < job->nsplits; s++) {
		size_t c = s * unit;

		if (job->boundary)
			c = job->boundary(job, c);
		if (c < run->cut[s - 1])
			c = run->cut[s - 1];
		run->cut[s] = c > job->nunits ? job->nunits : c;
	}
	run->cut[job->nsplits] = job->nunits;
}

void mr_run(struct mr_job *job)
{
	struct mr_run run = { .job = job };
	int n = job->nthreads;
	double t0 = wl_now(), t1, t2;

	if (n < 1 || n > 256)
		wl_die("mr_run: bad thread count %d", n);
	if (!job->compare)
		job->compare = pair_compare_default;
	make_splits(&run);
	run.tasks = wl_alloc(n * sizeof(*run.tasks));
	for (int t = 0; t < n; t++) {
		struct mr_task *task = &run.tasks[t];

		task->job = job;
		task->nparts = n;
		if (job->keys == MR_DENSE)
			task->dense = wl_alloc(job->nkeys * sizeof(int64_t));
		if (job->keys == MR_STRING) {
			task->part = wl_alloc(n * sizeof(*task->part));
			for (int r = 0; r < n; r++)
				table_init(&task->part[r], 1024);
		}
	}
	mr_parallel(n, map_worker, &run);
	t1 = wl_now();

	if (job->keys == MR_DENSE)
		job->dense = wl_alloc(job->nkeys * sizeof(int64_t));
	if (job->keys == MR_STRING) {
		run.sorted = wl_alloc(n * sizeof(*run.sorted));
		run.nsorted = wl_alloc(n * sizeof(*run.nsorted));
		sort_job = job;
	}
	if (job->keys != MR_MAP_ONLY)
		mr_parallel(n, reduce_worker, &run);
	t2 = wl_now();
	if (job->keys == MR_STRING)
		merge_partitions(&run, n);

	for (int t = 0; t < n; t++) {
		free(run.tasks[t].dense);
		free(run.tasks[t].part);
	}
	free(run.tasks);
	free(run.cut);
	free(run.sorted);
	free(run.nsorted);
	job->map_s = t1 - t0;
	job->reduce_s = t2 - t1;
	job->merge_s = wl_now() - t2;
}

void mr_free(struct mr_job *job)
{
	free(job->dense);
	free(job->pairs);
	job->dense = NULL;
	job->pairs = NULL;
}
