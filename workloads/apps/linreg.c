// SPDX-License-Identifier: GPL-2.0
/*
 * linreg: least-squares line through (x, y) points. The map computes the
 * five sums of its split (x, y, x*x, y*y, x*y) and emits them under keys
 * 0..4; the fit follows from the reduced sums. The sums are
 * exact integers, so verification recomputes them single-threaded and
 * compares them exactly.
 *
 *   linreg [-t threads] -i linreg.dat
 */
#include "mr.h"
#include "wl.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

enum { SX, SY, SXX, SYY, SXY, NSUMS };

static void map_points(const struct mr_job *job, struct mr_task *task,
		       size_t begin, size_t end)
{
	const int32_t *pt = job->arg;
	int64_t s[NSUMS] = { 0 };

	for (size_t i = begin; i < end; i++) {
		int64_t x = pt[2 * i], y = pt[2 * i + 1];

		s[SX] += x;
		s[SY] += y;
		s[SXX] += x * x;
		s[SYY] += y * y;
		s[SXY] += x * y;
	}
	for (int k = 0; k < NSUMS; k++)
		mr_emit_dense(task, k, s[k]);
}

int main(int argc, char **argv)
{
	struct mr_job job = { .keys = MR_DENSE, .nkeys = NSUMS };
	const char *input = NULL;
	struct wl_hdr hdr;
	int opt, ok = 1;

	wl_name = "linreg";
	job.nthreads = wl_default_threads();
	while ((opt = getopt(argc, argv, "t:i:")) != -1) {
		switch (opt) {
		case 't': job.nthreads = (int)wl_parse_long(optarg, 1, 256, "threads"); break;
		case 'i': input = optarg; break;
		default: wl_die("usage: linreg [-t threads] -i linreg.dat");
		}
	}
	if (!input)
		wl_die("usage: linreg [-t threads] -i linreg.dat");

	size_t count;
	int32_t *pt = wl_load_data(input, "linreg", &hdr, &count);
	size_t n = hdr.d[0];
	double t0 = wl_now();

	if (count != 2 * n)
		wl_die("%s: size does not match header", input);
	job.nunits = n;
	job.arg = pt;
	job.map = map_points;
	mr_run(&job);
	double t1 = wl_now();

	const int64_t *s = job.dense;
	__int128 nn = (__int128)n;
	double den = (double)(nn * s[SXX] - (__int128)s[SX] * s[SX]);
	double slope = den ? (double)(nn * s[SXY] - (__int128)s[SX] * s[SY]) / den : 0;
	double icept = n ? ((double)s[SY] - slope * (double)s[SX]) / (double)n : 0;
	uint64_t sum = wl_fnv64(WL_FNV_INIT, n);

	for (int k = 0; k < NSUMS; k++)
		sum = wl_fnv64(sum, (uint64_t)s[k]);
	wl_info("threads %d, %zu points, %zu splits", job.nthreads, n, job.nsplits);
	wl_info("  y = %.6f x + %.4f", slope, icept);
	wl_info("time map %.3f s, reduce %.3f s, total %.3f s", job.map_s, job.reduce_s, t1 - t0);

	int64_t ref[NSUMS] = { 0 };

	for (size_t i = 0; i < n; i++) {
		int64_t x = pt[2 * i], y = pt[2 * i + 1];

		ref[SX] += x;
		ref[SY] += y;
		ref[SXX] += x * x;
		ref[SYY] += y * y;
		ref[SXY] += x * y;
	}
	for (int k = 0; k < NSUMS; k++)
		ok &= ref[k] == s[k];
	mr_free(&job);
	free((char *)pt - sizeof(hdr));
	return wl_result(sum, ok, "sums differ from the single-threaded pass");
}
