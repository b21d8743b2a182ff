// SPDX-License-Identifier: GPL-2.0
/*
 * kmeans: Lloyd's algorithm on integer points. Each iteration is one
 * MapReduce job: map assigns every point of its split to the nearest
 * centroid and emits, per cluster, the coordinate sums and the point count
 * (plus one key counting changed assignments); the new centroids are the
 * integer means. It stops when no point moves or after -m iterations.
 * Integer arithmetic makes the result exact, so verification reruns the
 * same algorithm single-threaded and compares centroids and assignments.
 *
 *   kmeans [-t threads] [-k clusters] [-m max_iter] -i kmeans.dat
 */
#include "mr.h"
#include "wl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_K	64
#define MAX_DIM	16

struct km {
	const int32_t *pt;		/* n x dim */
	int32_t *assign;		/* n: cluster of each point */
	int32_t cent[MAX_K * MAX_DIM];
	size_t n;
	int k, dim;
};

static int nearest(const struct km *km, const int32_t *p)
{
	int64_t best = INT64_MAX;
	int arg = 0;

	for (int c = 0; c < km->k; c++) {
		int64_t d = 0;

		for (int j = 0; j < km->dim; j++) {
			int64_t t = p[j] - km->cent[c * km->dim + j];

			d += t * t;
		}
		if (d < best) {
			best = d;
			arg = c;
		}
	}
	return arg;
}

/* Keys: c * (dim + 1) + j for sums, c * (dim + 1) + dim for counts, and
 * k * (dim + 1) for the number of changed assignments. */
static void map_assign(const struct mr_job *job, struct mr_task *task,
		       size_t begin, size_t end)
{
	struct km *km = job->arg;
	int64_t acc[MAX_K * (MAX_DIM + 1) + 1] = { 0 };
	int w = km->dim + 1;

	for (size_t i = begin; i < end; i++) {
		const int32_t *p = km->pt + i * km->dim;
		int c = nearest(km, p);

		for (int j = 0; j < km->dim; j++)
			acc[c * w + j] += p[j];
		acc[c * w + km->dim]++;
		if (km->assign[i] != c) {
			km->assign[i] = c;
			acc[km->k * w]++;
		}
	}
	for (size_t key = 0; key < job->nkeys; key++)
		if (acc[key])
			mr_emit_dense(task, key, acc[key]);
}

/* New centroids from the sums; an empty cluster keeps its centroid. */
static void update(struct km *km, const int64_t *sums)
{
	int w = km->dim + 1;

	for (int c = 0; c < km->k; c++)
		if (sums[c * w + km->dim])
			for (int j = 0; j < km->dim; j++)
				km->cent[c * km->dim + j] =
					(int32_t)(sums[c * w + j] / sums[c * w + km->dim]);
}

static void init(struct km *km)
{
	for (size_t i = 0; i < km->n; i++)
		km->assign[i] = -1;
	for (int c = 0; c < km->k; c++)
		memcpy(&km->cent[c * km->dim], km->pt + (km->n * c / km->k) * km->dim,
		       km->dim * sizeof(int32_t));
}

static int run_mr(struct km *km, int threads, int max_iter, double *map_s)
{
	struct mr_job job = { .keys = MR_DENSE, .nthreads = threads, .nunits = km->n,
			      .nkeys = (size_t)km->k * (km->dim + 1) + 1,
			      .map = map_assign, .arg = km };
	int it = 0;

	init(km);
	*map_s = 0;
	while (it < max_iter) {
		mr_run(&job);
		it++;
		*map_s += job.map_s;
		update(km, job.dense);
		int64_t moved = job.dense[job.nkeys - 1];

		mr_free(&job);
		if (!moved)
			break;
	}
	return it;
}

static int run_reference(struct km *km, int max_iter)
{
	int w = km->dim + 1, it = 0;
	int64_t *sums = wl_alloc(((size_t)km->k * w) * sizeof(*sums));

	init(km);
	while (it < max_iter) {
		size_t moved = 0;

		memset(sums, 0, (size_t)km->k * w * sizeof(*sums));
		for (size_t i = 0; i < km->n; i++) {
			int c = nearest(km, km->pt + i * km->dim);

			for (int j = 0; j < km->dim; j++)
				sums[c * w + j] += km->pt[i * km->dim + j];
			sums[c * w + km->dim]++;
			moved += km->assign[i] != c;
			km->assign[i] = c;
		}
		it++;
		update(km, sums);
		if (!moved)
			break;
	}
	free(sums);
	return it;
}

int main(int argc, char **argv)
{
	const char *input = NULL;
	int threads = wl_default_threads(), max_iter = 20, opt;
	struct km km = { .k = 8 }, ref;
	struct wl_hdr hdr;

	wl_name = "kmeans";
	while ((opt = getopt(argc, argv, "t:k:m:i:")) != -1) {
		switch (opt) {
		case 't': threads = (int)wl_parse_long(optarg, 1, 256, "threads"); break;
		case 'k': km.k = (int)wl_parse_long(optarg, 1, MAX_K, "clusters"); break;
		case 'm': max_iter = (int)wl_parse_long(optarg, 1, 1000, "iterations"); break;
		case 'i': input = optarg; break;
		default: wl_die("usage: kmeans [-t threads] [-k clusters] [-m max_iter] -i kmeans.dat");
		}
	}
	if (!input)
		wl_die("usage: kmeans [-t threads] [-k clusters] [-m max_iter] -i kmeans.dat");

	size_t count;
	double map_s;

	km.pt = wl_load_data(input, "kmeans", &hdr, &count);
	km.n = hdr.d[0];
	km.dim = (int)hdr.d[1];
	if (km.dim < 1 || km.dim > MAX_DIM || count != km.n * km.dim || km.n < (size_t)km.k)
		wl_die("%s: bad dimensions", input);
	km.assign = wl_alloc(km.n * sizeof(int32_t));

	double t0 = wl_now();
	int iters = run_mr(&km, threads, max_iter, &map_s);
	double t1 = wl_now();

	uint64_t sum = wl_fnv64(WL_FNV_INIT, (uint64_t)iters);
	size_t size[MAX_K] = { 0 };

	for (size_t i = 0; i < km.n; i++)
		size[km.assign[i]]++;
	sum = wl_fnv(sum, km.cent, (size_t)km.k * km.dim * sizeof(int32_t));
	sum = wl_fnv(sum, size, km.k * sizeof(size[0]));
	wl_info("threads %d, %zu points, dim %d, k %d", threads, km.n, km.dim, km.k);
	wl_info("  %d iterations%s", iters, iters == max_iter ? " (limit)" : ", converged");
	for (int c = 0; c < km.k; c++)
		wl_info("  cluster %d: %zu points, centre (%d, %d, ...)", c, size[c],
			km.cent[c * km.dim], km.cent[c * km.dim + (km.dim > 1)]);
	wl_info("time map %.3f s, total %.3f s", map_s, t1 - t0);

	ref = km;
	ref.assign = wl_alloc(km.n * sizeof(int32_t));
	int ref_iters = run_reference(&ref, max_iter);
	int ok = ref_iters == iters &&
		 memcmp(ref.cent, km.cent, sizeof(km.cent)) == 0 &&
		 memcmp(ref.assign, km.assign, km.n * sizeof(int32_t)) == 0;

	free(ref.assign);
	free(km.assign);
	free((char *)km.pt - sizeof(hdr));
	return wl_result(sum, ok, "centroids or assignments differ from the reference");
}
