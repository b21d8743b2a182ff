// SPDX-License-Identifier: GPL-2.0
/*
 * histogram: 256-bin histograms of the red, green and blue channels of a
 * 24-bit uncompressed BMP. Splits are pixel rows; each map call counts its
 * rows into a local array and emits the 768 sums (a map-side combiner).
 * Verification recounts single-threaded.
 *
 *   histogram [-t threads] -i image.bmp
 */
#include "mr.h"
#include "wl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct image {
	const unsigned char *pix;	/* first stored row */
	size_t stride;			/* bytes per stored row, padded to 4 */
	uint32_t width, height;
};

static uint32_t get32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Key: channel * 256 + value, channels in file order (blue, green, red). */
static void map_rows(const struct mr_job *job, struct mr_task *task,
		     size_t begin, size_t end)
{
	const struct image *im = job->arg;
	uint32_t count[768] = { 0 };

	for (size_t y = begin; y < end; y++) {
		const unsigned char *p = im->pix + y * im->stride;

		for (uint32_t x = 0; x < im->width; x++, p += 3) {
			count[p[0]]++;
			count[256 + p[1]]++;
			count[512 + p[2]]++;
		}
	}
	for (int k = 0; k < 768; k++)
		if (count[k])
			mr_emit_dense(task, k, count[k]);
}

static void parse_bmp(const unsigned char *buf, size_t len, struct image *im)
{
	int32_t h;

	if (len < 54 || buf[0] != 'B' || buf[1] != 'M')
		wl_die("not a BMP file");
	if (get32(buf + 14) < 40 || (buf[28] | buf[29] << 8) != 24 || get32(buf + 30) != 0)
		wl_die("only uncompressed 24-bit BMPs are supported");
	im->width = get32(buf + 18);
	h = (int32_t)get32(buf + 22);
	im->height = h < 0 ? (uint32_t)-h : (uint32_t)h;	/* row order is irrelevant */
	im->stride = ((size_t)im->width * 3 + 3) & ~(size_t)3;
	im->pix = buf + get32(buf + 10);
	if (get32(buf + 10) > len || im->stride * im->height > len - get32(buf + 10))
		wl_die("BMP pixel data truncated");
}

int main(int argc, char **argv)
{
	struct mr_job job = { .keys = MR_DENSE, .nkeys = 768 };
	const char *input = NULL;
	struct image im;
	int opt;

	wl_name = "histogram";
	job.nthreads = wl_default_threads();
	while ((opt = getopt(argc, argv, "t:i:")) != -1) {
		switch (opt) {
		case 't': job.nthreads = (int)wl_parse_long(optarg, 1, 256, "threads"); break;
		case 'i': input = optarg; break;
		default: wl_die("usage: histogram [-t threads] -i image.bmp");
		}
	}
	if (!input)
		wl_die("usage: histogram [-t threads] -i image.bmp");

	size_t len;
	unsigned char *buf = wl_read_file(input, &len);
	double t0 = wl_now();

	parse_bmp(buf, len, &im);
	job.nunits = im.height;
	job.arg = &im;
	job.map = map_rows;
	mr_run(&job);
	double t1 = wl_now();

	static const char *const names[3] = { "blue", "green", "red" };
	uint64_t sum = WL_FNV_INIT;

	wl_info("threads %d, %ux%u pixels, %zu splits", job.nthreads, im.width, im.height,
		job.nsplits);
	for (int c = 0; c < 3; c++) {
		int64_t total = 0, weighted = 0, mode = 0;

		for (int v = 0; v < 256; v++) {
			int64_t n = job.dense[c * 256 + v];

			total += n;
			weighted += n * v;
			if (n > job.dense[c * 256 + mode])
				mode = v;
		}
		wl_info("  %-5s mean %.2f, mode %lld", names[c],
			total ? (double)weighted / total : 0.0, (long long)mode);
	}
	for (int k = 0; k < 768; k++)
		sum = wl_fnv64(sum, (uint64_t)job.dense[k]);
	wl_info("time map %.3f s, reduce %.3f s, total %.3f s", job.map_s, job.reduce_s, t1 - t0);

	/* Reference: one plain pass over all pixels. */
	int64_t *ref = wl_alloc(768 * sizeof(*ref));
	int ok = 1;

	for (uint32_t y = 0; y < im.height; y++)
		for (uint32_t x = 0; x < im.width; x++)
			for (int c = 0; c < 3; c++)
				ref[c * 256 + im.pix[y * im.stride + 3 * x + c]]++;
	for (int k = 0; k < 768; k++)
		ok &= ref[k] == job.dense[k];
	free(ref);
	mr_free(&job);
	free(buf);
	return wl_result(sum, ok, "bins differ from the single-threaded count");
}
