// SPDX-License-Identifier: GPL-2.0
/*
 * matmul: C = A * B for 32-bit integer matrices, A (m x k), B (k x n).
 * A map-only job: each split is a band of rows of C, which its map writes
 * directly (i-k-j order, so the inner loop streams rows of B and C).
 * Verification is Freivalds' check, exact modulo 2^32: for two seeded
 * random vectors r, A (B r) must equal C r. The checksum hashes C r for
 * a fixed r, a fingerprint of all of C.
 *
 *   matmul [-t threads] -i matmul.dat
 */
#include "mr.h"
#include "wl.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct mm {
	const uint32_t *a, *b;
	uint32_t *c;
	size_t m, k, n;
};

static void map_rows(const struct mr_job *job, struct mr_task *task,
		     size_t begin, size_t end)
{
	const struct mm *mm = job->arg;

	(void)task;
	for (size_t i = begin; i < end; i++) {
		uint32_t *c = mm->c + i * mm->n;

		for (size_t j = 0; j < mm->n; j++)
			c[j] = 0;
		for (size_t p = 0; p < mm->k; p++) {
			uint32_t a = mm->a[i * mm->k + p];
			const uint32_t *b = mm->b + p * mm->n;

			for (size_t j = 0; j < mm->n; j++)
				c[j] += a * b[j];
		}
	}
}

/* out = M r for an rows x cols matrix M, modulo 2^32. */
static void mat_vec(const uint32_t *mat, size_t rows, size_t cols,
		    const uint32_t *r, uint32_t *out)
{
	for (size_t i = 0; i < rows; i++) {
		uint32_t s = 0;

		for (size_t j = 0; j < cols; j++)
			s += mat[i * cols + j] * r[j];
		out[i] = s;
	}
}

/* Return 1 if A (B r) == C r for a random r drawn from rng. */
static int freivalds(const struct mm *mm, struct wl_rng *rng, uint64_t *hash)
{
	uint32_t *r = wl_alloc(mm->n * sizeof(*r));
	uint32_t *br = wl_alloc(mm->k * sizeof(*br));
	uint32_t *abr = wl_alloc(mm->m * sizeof(*abr));
	uint32_t *cr = wl_alloc(mm->m * sizeof(*cr));
	int ok = 1;

	for (size_t j = 0; j < mm->n; j++)
		r[j] = (uint32_t)wl_rng_next(rng);
	mat_vec(mm->b, mm->k, mm->n, r, br);
	mat_vec(mm->a, mm->m, mm->k, br, abr);
	mat_vec(mm->c, mm->m, mm->n, r, cr);
	for (size_t i = 0; i < mm->m; i++)
		ok &= abr[i] == cr[i];
	if (hash)
		*hash = wl_fnv(WL_FNV_INIT, cr, mm->m * sizeof(*cr));
	free(r);
	free(br);
	free(abr);
	free(cr);
	return ok;
}

int main(int argc, char **argv)
{
	struct mr_job job = { .keys = MR_MAP_ONLY };
	const char *input = NULL;
	struct wl_hdr hdr;
	struct mm mm;
	int opt;

	wl_name = "matmul";
	job.nthreads = wl_default_threads();
	while ((opt = getopt(argc, argv, "t:i:")) != -1) {
		switch (opt) {
		case 't': job.nthreads = (int)wl_parse_long(optarg, 1, 256, "threads"); break;
		case 'i': input = optarg; break;
		default: wl_die("usage: matmul [-t threads] -i matmul.dat");
		}
	}
	if (!input)
		wl_die("usage: matmul [-t threads] -i matmul.dat");

	size_t count;
	int32_t *data = wl_load_data(input, "matmul", &hdr, &count);

	mm.m = hdr.d[0];
	mm.k = hdr.d[1];
	mm.n = hdr.d[2];
	if (count != mm.m * mm.k + mm.k * mm.n)
		wl_die("%s: size does not match header", input);
	mm.a = (const uint32_t *)data;
	mm.b = mm.a + mm.m * mm.k;
	mm.c = wl_alloc(mm.m * mm.n * sizeof(uint32_t));

	double t0 = wl_now();

	job.nunits = mm.m;
	job.arg = &mm;
	job.map = map_rows;
	mr_run(&job);
	double t1 = wl_now();

	uint64_t sum, total = 0;
	struct wl_rng fixed = { 42 }, check = { 0x5eed };
	int ok = freivalds(&mm, &fixed, &sum);

	ok &= freivalds(&mm, &check, NULL);
	for (size_t i = 0; i < mm.m * mm.n; i++)
		total += mm.c[i];
	wl_info("threads %d, (%zu x %zu) * (%zu x %zu), %zu splits", job.nthreads,
		mm.m, mm.k, mm.k, mm.n, job.nsplits);
	wl_info("  sum of C %llu, C[0][0] %u, C[m-1][n-1] %u", (unsigned long long)total,
		mm.c[0], mm.c[mm.m * mm.n - 1]);
	wl_info("time map %.3f s, total %.3f s", job.map_s, t1 - t0);
	free(mm.c);
	free((char *)data - sizeof(hdr));
	return wl_result(sum, ok, "Freivalds check A(Br) != Cr");
}
