// SPDX-License-Identifier: GPL-2.0
/*
 * wlgen: deterministic inputs for the workloads. The same seed and size
 * give the same bytes on every host and libc: all randomness comes from
 * splitmix64 (wl.h) and no floating-point result decides a byte except
 * through the Zipf alias table, which is built in a fixed order.
 *
 *   wlgen -s tiny|small|large [-S seed] -d dir       all inputs into dir
 *   wlgen -s SIZE [-S seed] -k kind -o file          one input
 * kinds: corpus (text), bmp (24-bit image), kmeans, linreg, matmul, pca.
 */
#include "wl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ------------------------------------------------------------ corpus */

/* Vose's alias table for Zipf(s = 1) over WL_VOCAB ranks. */
struct alias {
	double prob[WL_VOCAB];
	uint32_t other[WL_VOCAB];
};

static void alias_build(struct alias *a)
{
	static double p[WL_VOCAB];
	static uint32_t small[WL_VOCAB], large[WL_VOCAB];
	size_t ns = 0, nl = 0;
	double z = 0;

	for (uint32_t i = 0; i < WL_VOCAB; i++)
		z += 1.0 / (i + 1);
	for (uint32_t i = 0; i < WL_VOCAB; i++) {
		p[i] = WL_VOCAB / ((i + 1) * z);
		if (p[i] < 1)
			small[ns++] = i;
		else
			large[nl++] = i;
	}
	while (ns && nl) {
		uint32_t s = small[--ns], l = large[nl - 1];

		a->prob[s] = p[s];
		a->other[s] = l;
		p[l] -= 1 - p[s];
		if (p[l] < 1) {
			nl--;
			small[ns++] = l;
		}
	}
	while (nl)
		a->prob[large[--nl]] = 1;
	while (ns)
		a->prob[small[--ns]] = 1;
}

static uint32_t zipf_word(const struct alias *a, struct wl_rng *r)
{
	uint64_t x = wl_rng_next(r);
	uint32_t i = (uint32_t)(((x >> 32) * WL_VOCAB) >> 32);
	double u = (double)(x & 0xffffffffu) * (1.0 / 4294967296.0);

	return u < a->prob[i] ? i : a->other[i];
}

/* Sentences of 4..19 Zipf words, capitalised, with commas and full stops. */
static void gen_corpus(const char *path, uint64_t bytes, struct wl_rng *r)
{
	struct alias *a = wl_alloc(sizeof(*a));
	char *buf = wl_alloc(bytes + 1), sentence[512];
	uint64_t pos = 0;

	alias_build(a);
	for (;;) {
		size_t n = 0, words = 4 + wl_rng_below(r, 16);

		for (size_t w = 0; w < words; w++) {
			char word[16];
			size_t l = wl_vocab_word(zipf_word(a, r), word);

			if (w == 0)
				word[0] = (char)(word[0] - 32);
			memcpy(sentence + n, word, l);
			n += l;
			if (w + 1 < words && wl_rng_below(r, 10) == 0)
				sentence[n++] = ',';
			sentence[n++] = w + 1 < words ? ' ' : '.';
		}
		sentence[n++] = wl_rng_below(r, 4) == 0 ? '\n' : ' ';
		if (pos + n > bytes)
			break;
		memcpy(buf + pos, sentence, n);
		pos += n;
	}
	memset(buf + pos, '\n', bytes - pos);
	wl_write_file(path, buf, bytes);
	free(buf);
	free(a);
}

/* ------------------------------------------------------------ bmp */

static void put16(unsigned char *p, uint32_t v) { p[0] = v; p[1] = v >> 8; }
static void put32(unsigned char *p, uint32_t v) { put16(p, v); put16(p + 2, v >> 16); }

/* A 24-bit bottom-up BMP: gradients, rings and noise, so bins vary. */
static void gen_bmp(const char *path, uint32_t w, uint32_t h, struct wl_rng *r)
{
	size_t stride = ((size_t)w * 3 + 3) & ~(size_t)3;
	size_t size = 54 + stride * h;
	unsigned char *buf = wl_alloc(size);

	buf[0] = 'B';
	buf[1] = 'M';
	put32(buf + 2, (uint32_t)size);
	put32(buf + 10, 54);		/* pixel data offset */
	put32(buf + 14, 40);		/* BITMAPINFOHEADER */
	put32(buf + 18, w);
	put32(buf + 22, h);
	put16(buf + 26, 1);		/* planes */
	put16(buf + 28, 24);		/* bits per pixel */
	put32(buf + 34, (uint32_t)(stride * h));
	put32(buf + 38, 2835);		/* 72 dpi */
	put32(buf + 42, 2835);
	for (uint32_t y = 0; y < h; y++) {
		unsigned char *row = buf + 54 + stride * y;

		for (uint32_t x = 0; x < w; x++) {
			uint64_t n = wl_rng_next(r);
			int64_t dx = (int64_t)x - w / 2, dy = (int64_t)y - h / 2;
			uint32_t ring = (uint32_t)((dx * dx + dy * dy) >> 6);

			row[3 * x + 0] = (unsigned char)(x * 200 / w + (n & 31));
			row[3 * x + 1] = (unsigned char)(y * 180 / h + ((n >> 8) & 63));
			row[3 * x + 2] = (unsigned char)(ring + ((n >> 16) & 15));
		}
	}
	wl_write_file(path, buf, size);
	free(buf);
}

/* ------------------------------------------------------------ numeric data */

static int32_t *data_new(const char *kind, const uint32_t d[4], size_t count,
			 unsigned char **file, size_t *size)
{
	struct wl_hdr hdr = { .magic = "TWLDATA1" };

	strncpy(hdr.kind, kind, sizeof(hdr.kind));
	memcpy(hdr.d, d, sizeof(hdr.d));
	*size = sizeof(hdr) + count * 4;
	*file = wl_alloc(*size);
	memcpy(*file, &hdr, sizeof(hdr));
	return (int32_t *)(void *)(*file + sizeof(hdr));
}

/* Points scattered around 8 random centres in [0, 1000)^dim. */
static void gen_kmeans(const char *path, uint32_t n, uint32_t dim, struct wl_rng *r)
{
	uint32_t d[4] = { n, dim, 0, 0 }, centre[8][16];
	unsigned char *file;
	size_t size;
	int32_t *v = data_new("kmeans", d, (size_t)n * dim, &file, &size);

	for (int c = 0; c < 8; c++)
		for (uint32_t j = 0; j < dim; j++)
			centre[c][j] = 100 + wl_rng_below(r, 800);
	for (size_t i = 0; i < n; i++) {
		uint32_t c = wl_rng_below(r, 8);

		for (uint32_t j = 0; j < dim; j++)
			v[i * dim + j] = (int32_t)(centre[c][j] + wl_rng_below(r, 201)) - 100;
	}
	wl_write_file(path, file, size);
	free(file);
}

/* (x, y) pairs along y = 1.5 x + 1000 with noise in [-512, 512). */
static void gen_linreg(const char *path, uint32_t n, struct wl_rng *r)
{
	uint32_t d[4] = { n, 0, 0, 0 };
	unsigned char *file;
	size_t size;
	int32_t *v = data_new("linreg", d, (size_t)n * 2, &file, &size);

	for (size_t i = 0; i < n; i++) {
		uint64_t x = wl_rng_next(r);
		int32_t xv = (int32_t)(x & 0xffff);

		v[2 * i] = xv;
		v[2 * i + 1] = xv + xv / 2 + 1000 + (int32_t)((x >> 32) & 1023) - 512;
	}
	wl_write_file(path, file, size);
	free(file);
}

/* A (m x k) then B (k x n), entries in [0, 16). */
static void gen_matmul(const char *path, uint32_t m, uint32_t k, uint32_t n,
		       struct wl_rng *r)
{
	uint32_t d[4] = { m, k, n, 0 };
	size_t count = (size_t)m * k + (size_t)k * n, size;
	unsigned char *file;
	int32_t *v = data_new("matmul", d, count, &file, &size);

	for (size_t i = 0; i < count; i++)
		v[i] = (int32_t)wl_rng_below(r, 16);
	wl_write_file(path, file, size);
	free(file);
}

/* rows x cols in [0, 256): each row mixes two shared signals plus noise. */
static void gen_pca(const char *path, uint32_t rows, uint32_t cols, struct wl_rng *r)
{
	uint32_t d[4] = { rows, cols, 0, 0 };
	unsigned char *file;
	size_t size;
	int32_t *v = data_new("pca", d, (size_t)rows * cols, &file, &size);
	uint32_t *mix = wl_alloc(rows * sizeof(*mix));

	for (uint32_t i = 0; i < rows; i++)
		mix[i] = wl_rng_below(r, 5);
	for (size_t c = 0; c < cols; c++) {
		uint64_t s = wl_rng_next(r);
		uint32_t a = s & 63, b = (s >> 8) & 63;

		for (uint32_t i = 0; i < rows; i++)
			v[(size_t)i * cols + c] = (int32_t)(a * mix[i] / 2 + b * (4 - mix[i]) / 2 +
							    wl_rng_below(r, 64));
	}
	wl_write_file(path, file, size);
	free(mix);
	free(file);
}

/* ------------------------------------------------------------ main */

static const char *const kinds[] = { "corpus", "bmp", "kmeans", "linreg", "matmul", "pca" };
static const char *const files[] = { "corpus.txt", "image.bmp", "kmeans.dat",
				     "linreg.dat", "matmul.dat", "pca.dat" };

static void generate(int kind, const struct wl_params *p, uint64_t seed, const char *path)
{
	/* Each kind has its own stream, so one file never depends on another. */
	struct wl_rng r = { seed * 0x100000001b3ULL + (uint64_t)kind * 0x9e37 };

	switch (kind) {
	case 0: gen_corpus(path, p->corpus_bytes, &r); break;
	case 1: gen_bmp(path, p->bmp_w, p->bmp_h, &r); break;
	case 2: gen_kmeans(path, p->km_points, p->km_dim, &r); break;
	case 3: gen_linreg(path, p->lr_points, &r); break;
	case 4: gen_matmul(path, p->mm_m, p->mm_k, p->mm_n, &r); break;
	case 5: gen_pca(path, p->pca_rows, p->pca_cols, &r); break;
	}
	printf("wlgen: %s\n", path);
}

int main(int argc, char **argv)
{
	const char *usage = "usage: wlgen -s tiny|small|large [-S seed] "
			    "(-d dir | -k kind -o file)";
	const char *dir = NULL, *out = NULL, *kind = NULL;
	uint64_t seed = 1;
	int size = -1, opt;

	wl_name = "wlgen";
	while ((opt = getopt(argc, argv, "s:S:d:k:o:")) != -1) {
		switch (opt) {
		case 's':
			size = wl_size_parse(optarg);
			if (size < 0)
				wl_die("unknown size '%s'", optarg);
			break;
		case 'S': seed = (uint64_t)wl_parse_long(optarg, 0, 0x7fffffff, "seed"); break;
		case 'd': dir = optarg; break;
		case 'k': kind = optarg; break;
		case 'o': out = optarg; break;
		default: wl_die("%s", usage);
		}
	}
	if (size < 0 || !dir == !(kind && out))
		wl_die("%s", usage);

	const struct wl_params *p = &wl_sizes[size];

	if (kind) {
		for (int k = 0; k < 6; k++)
			if (strcmp(kind, kinds[k]) == 0) {
				generate(k, p, seed, out);
				return 0;
			}
		wl_die("unknown kind '%s'", kind);
	}
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		wl_die("%s: %s", dir, strerror(errno));
	for (int k = 0; k < 6; k++) {
		char path[4096];

		snprintf(path, sizeof(path), "%s/%s", dir, files[k]);
		generate(k, p, seed, path);
	}
	return 0;
}
