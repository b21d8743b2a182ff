// SPDX-License-Identifier: GPL-2.0
/*
 * pca: the first step of principal component analysis on a rows x cols
 * integer matrix (each row one variable): the mean of each row, then the
 * covariance of every pair of rows. Two MapReduce jobs: the first splits
 * rows and emits row sums; the second splits the rows*(rows+1)/2 pairs
 * (i <= j) and emits sum_c (x_ic - mean_i)(x_jc - mean_j), an exact
 * integer with integer means. The largest eigenvalue of the covariance
 * matrix is then found by power iteration for the summary.
 * Verification recomputes all means and, by the expanded formula, a seeded
 * sample of 64 pairs (plus the first and last) single-threaded, exactly.
 *
 *   pca [-t threads] -i pca.dat
 */
#include "mr.h"
#include "wl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct pca {
	const int32_t *x;		/* rows x cols */
	size_t rows, cols;
	int64_t *mean;
	uint32_t *pair_i, *pair_j;	/* pair index -> (i, j) */
};

static void map_row_sums(const struct mr_job *job, struct mr_task *task,
			 size_t begin, size_t end)
{
	const struct pca *p = job->arg;

	for (size_t i = begin; i < end; i++) {
		int64_t s = 0;

		for (size_t c = 0; c < p->cols; c++)
			s += p->x[i * p->cols + c];
		mr_emit_dense(task, i, s);
	}
}

static int64_t cov_sum(const struct pca *p, size_t i, size_t j)
{
	const int32_t *a = p->x + i * p->cols, *b = p->x + j * p->cols;
	int64_t mi = p->mean[i], mj = p->mean[j], s = 0;

	for (size_t c = 0; c < p->cols; c++)
		s += (a[c] - mi) * (b[c] - mj);
	return s;
}

static void map_cov(const struct mr_job *job, struct mr_task *task,
		    size_t begin, size_t end)
{
	const struct pca *p = job->arg;

	for (size_t q = begin; q < end; q++)
		mr_emit_dense(task, q, cov_sum(p, p->pair_i[q], p->pair_j[q]));
}

/*
 * The same sum by the expanded formula
 * sum ab - mj sum a - mi sum b + cols mi mj, for the reference.
 */
static int64_t ref_cov_sum(const struct pca *p, size_t i, size_t j)
{
	int64_t sab = 0, sa = 0, sb = 0, mi = p->mean[i], mj = p->mean[j];

	for (size_t c = 0; c < p->cols; c++) {
		int64_t a = p->x[i * p->cols + c], b = p->x[j * p->cols + c];

		sab += a * b;
		sa += a;
		sb += b;
	}
	return sab - mj * sa - mi * sb + (int64_t)p->cols * mi * mj;
}

/* Largest eigenvalue of the covariance (sums / (cols - 1)), power iteration. */
static double top_eigenvalue(const struct pca *p, const int64_t *cov)
{
	size_t n = p->rows, q = 0;
	double *m = wl_alloc(n * n * sizeof(*m)), *v = wl_alloc(n * sizeof(*v));
	double *w = wl_alloc(n * sizeof(*w)), lambda = 0;

	for (size_t i = 0; i < n; i++)
		for (size_t j = i; j < n; j++, q++)
			m[i * n + j] = m[j * n + i] = (double)cov[q] / (double)(p->cols - 1);
	for (size_t i = 0; i < n; i++)
		v[i] = 1;
	for (int it = 0; it < 200; it++) {
		double norm = 0;

		for (size_t i = 0; i < n; i++) {
			w[i] = 0;
			for (size_t j = 0; j < n; j++)
				w[i] += m[i * n + j] * v[j];
			norm += w[i] * w[i];
		}
		norm = sqrt(norm);
		if (norm == 0)
			break;
		for (size_t i = 0; i < n; i++)
			v[i] = w[i] / norm;
		lambda = norm;
	}
	free(m);
	free(v);
	free(w);
	return lambda;
}

int main(int argc, char **argv)
{
	struct mr_job mean_job = { .keys = MR_DENSE }, cov_job = { .keys = MR_DENSE };
	const char *input = NULL;
	struct wl_hdr hdr;
	struct pca p;
	int threads = wl_default_threads(), opt, ok = 1;

	wl_name = "pca";
	while ((opt = getopt(argc, argv, "t:i:")) != -1) {
		switch (opt) {
		case 't': threads = (int)wl_parse_long(optarg, 1, 256, "threads"); break;
		case 'i': input = optarg; break;
		default: wl_die("usage: pca [-t threads] -i pca.dat");
		}
	}
	if (!input)
		wl_die("usage: pca [-t threads] -i pca.dat");

	size_t count;

	p.x = wl_load_data(input, "pca", &hdr, &count);
	p.rows = hdr.d[0];
	p.cols = hdr.d[1];
	if (p.rows < 1 || p.cols < 2 || count != p.rows * p.cols)
		wl_die("%s: bad dimensions", input);

	size_t npairs = p.rows * (p.rows + 1) / 2, q = 0;

	p.pair_i = wl_alloc(npairs * sizeof(uint32_t));
	p.pair_j = wl_alloc(npairs * sizeof(uint32_t));
	for (size_t i = 0; i < p.rows; i++)
		for (size_t j = i; j < p.rows; j++, q++) {
			p.pair_i[q] = (uint32_t)i;
			p.pair_j[q] = (uint32_t)j;
		}

	double t0 = wl_now();

	mean_job.nthreads = threads;
	mean_job.nunits = mean_job.nkeys = p.rows;
	mean_job.map = map_row_sums;
	mean_job.arg = &p;
	mr_run(&mean_job);
	p.mean = wl_alloc(p.rows * sizeof(int64_t));
	for (size_t i = 0; i < p.rows; i++)
		p.mean[i] = mean_job.dense[i] / (int64_t)p.cols;

	cov_job.nthreads = threads;
	cov_job.nunits = cov_job.nkeys = npairs;
	cov_job.map = map_cov;
	cov_job.arg = &p;
	mr_run(&cov_job);
	double t1 = wl_now();

	uint64_t sum = wl_fnv(WL_FNV_INIT, p.mean, p.rows * sizeof(int64_t));

	sum = wl_fnv(sum, cov_job.dense, npairs * sizeof(int64_t));
	wl_info("threads %d, %zu x %zu matrix, %zu covariance pairs", threads, p.rows,
		p.cols, npairs);
	wl_info("  mean[0] %lld, var[0] %.3f, top eigenvalue %.3f", (long long)p.mean[0],
		(double)cov_job.dense[0] / (double)(p.cols - 1), top_eigenvalue(&p, cov_job.dense));
	wl_info("time mean %.3f s, cov %.3f s, total %.3f s", mean_job.map_s,
		cov_job.map_s, t1 - t0);

	struct wl_rng rng = { 7 };

	for (size_t i = 0; i < p.rows; i++) {
		int64_t s = 0;

		for (size_t c = 0; c < p.cols; c++)
			s += p.x[i * p.cols + c];
		ok &= s / (int64_t)p.cols == p.mean[i];
	}
	for (int s = 0; s < 66; s++) {
		size_t pq = s == 0 ? 0 : s == 1 ? npairs - 1 : wl_rng_below(&rng, (uint32_t)npairs);

		ok &= ref_cov_sum(&p, p.pair_i[pq], p.pair_j[pq]) == cov_job.dense[pq];
	}
	mr_free(&mean_job);
	mr_free(&cov_job);
	free(p.mean);
	free(p.pair_i);
	free(p.pair_j);
	free((char *)p.x - sizeof(hdr));
	return wl_result(sum, ok, "means or sampled covariances differ from the reference");
}
