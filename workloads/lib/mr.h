/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small MapReduce runtime for shared memory, in the style of Phoenix.
 *
 * A job names an input of nunits units (bytes, rows, points). mr_run():
 *   1. split:  cuts [0, nunits) into splits of about split_units units; an
 *              optional boundary() hook moves each cut (e.g. to whitespace);
 *   2. map:    nthreads workers take splits from a shared counter and call
 *              map(job, task, begin, end), which emits (key, value) pairs
 *              into the worker's own intermediate buffer (no locks);
 *   3. reduce: the buffers are merged by adding the values of equal keys,
 *              one key range (dense) or hash partition (string keys) per
 *              reduce worker;
 *   4. merge:  string-keyed results are sorted per partition with the
 *              job's compare() and merged into one sorted array.
 *
 * Keys are either dense integers 0..nkeys-1 (MR_DENSE: per-worker arrays)
 * or byte strings that point into the caller's input (MR_STRING: per-worker
 * hash tables; MR_FOLD_CASE compares and hashes them case-insensitively).
 * Values are int64_t and combine by addition, which covers counting and
 * the sums every application here needs. A job with MR_MAP_ONLY emits
 * nothing: its map writes its own disjoint part of the output.
 *
 * Context: called from one thread at a time; jobs run one after another
 * (k-means runs one per iteration), never two mr_run() calls at once,
 * since the final sort passes the job to qsort's comparator in a global.
 */
#ifndef MR_H
#define MR_H

#include <stddef.h>
#include <stdint.h>

enum mr_keys { MR_MAP_ONLY, MR_DENSE, MR_STRING };
#define MR_FOLD_CASE	0x1	/* MR_STRING: ASCII case-insensitive keys */

struct mr_pair {
	const char *key;		/* MR_STRING: points into the input */
	uint32_t len;
	int64_t val;
};

struct mr_task;				/* one worker's intermediate state */
struct mr_job;

typedef void (*mr_map_fn)(const struct mr_job *job, struct mr_task *task,
			  size_t begin, size_t end);

struct mr_job {
	/* set by the caller */
	size_t nunits;			/* input size in units */
	size_t split_units;		/* target split size (0: automatic) */
	size_t (*boundary)(const struct mr_job *job, size_t pos);
	mr_map_fn map;
	void *arg;			/* for map and boundary */
	enum mr_keys keys;
	unsigned flags;
	size_t nkeys;			/* MR_DENSE: key range */
	int (*compare)(const struct mr_pair *a, const struct mr_pair *b);
	int nthreads;

	/* results, owned by the job until mr_free() */
	int64_t *dense;			/* MR_DENSE: nkeys sums */
	struct mr_pair *pairs;		/* MR_STRING: sorted by compare */
	size_t npairs;
	size_t nsplits;			/* statistics */
	double map_s, reduce_s, merge_s;
};

void mr_emit_dense(struct mr_task *task, size_t key, int64_t val);
void mr_emit_string(struct mr_task *task, const char *key, uint32_t len,
		    int64_t val);

/* Run the job; dies on allocation failure. */
void mr_run(struct mr_job *job);
void mr_free(struct mr_job *job);

/* Worker threads for non-MapReduce parallel loops (ML, PCA reference). */
typedef void (*mr_par_fn)(void *arg, int thread, int nthreads);
void mr_parallel(int nthreads, mr_par_fn fn, void *arg);

#endif /* MR_H */
