/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by every workload binary: argument parsing, file I/O,
 * the seeded generator, checksums, timing and the named input sizes.
 *
 * Everything here is plain C11 + POSIX so the same source links statically
 * against glibc and musl. A workload reports through wl_result()/wl_fail()
 * so every binary prints the same "name: checksum ..." / "verify" lines
 * that tests/check.sh and tests/bench/native-workloads.sh parse.
 */
#ifndef WL_H
#define WL_H

#include <stddef.h>
#include <stdint.h>

/* --- reporting --------------------------------------------------------- */
extern const char *wl_name;		/* program name used as line prefix */

void wl_die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void wl_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print the checksum and "verify ok", return 0; or "verify FAILED", return 1. */
int wl_result(uint64_t checksum, int verified, const char *why);

/* --- options ------------------------------------------------------------ */
int wl_default_threads(void);
long wl_parse_long(const char *s, long min, long max, const char *what);

/* --- memory and files --------------------------------------------------- */
void *wl_alloc(size_t n);		/* malloc or die, zeroed */
/* Read a whole file into a fresh buffer (one spare NUL byte at the end). */
void *wl_read_file(const char *path, size_t *len);
void wl_write_file(const char *path, const void *buf, size_t len);

/*
 * Binary inputs from wlgen: a 32-byte header and little-endian int32 data.
 * kind names the content ("kmeans", "linreg", "matmul", "pca");
 * d[] holds its dimensions (see Documentation/workloads.md).
 */
struct wl_hdr {
	char magic[8];			/* "TWLDATA1" */
	char kind[8];			/* NUL padded */
	uint32_t d[4];			/* dimensions, meaning per kind */
};
_Static_assert(sizeof(struct wl_hdr) == 32, "wl_hdr is an on-disk format");
/* Load a data file, check its kind, return a pointer to the int32 payload. */
int32_t *wl_load_data(const char *path, const char *kind, struct wl_hdr *hdr,
		      size_t *count);

/* --- determinism -------------------------------------------------------- */
struct wl_rng { uint64_t s; };
static inline uint64_t wl_rng_next(struct wl_rng *r)
{
	/* splitmix64 */
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}
static inline double wl_rng_unit(struct wl_rng *r)	/* [0, 1) */
{
	return (double)(wl_rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}
static inline uint32_t wl_rng_below(struct wl_rng *r, uint32_t n)
{
	return (uint32_t)(((wl_rng_next(r) >> 32) * n) >> 32);
}

#define WL_FNV_INIT 0xcbf29ce484222325ULL
static inline uint64_t wl_fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n--)
		h = (h ^ *b++) * 0x100000001b3ULL;
	return h;
}
static inline uint64_t wl_fnv64(uint64_t h, uint64_t v)
{
	return wl_fnv(h, &v, sizeof(v));
}

double wl_now(void);			/* monotonic seconds */

/* --- the synthetic vocabulary (shared by wlgen, wordcount, strmatch) ---- */
#define WL_VOCAB 50000
/* Write word number rank (0 = most frequent) into buf; return its length. */
size_t wl_vocab_word(uint32_t rank, char buf[16]);

/* --- named sizes -------------------------------------------------------- */
enum wl_size { WL_TINY, WL_SMALL, WL_LARGE, WL_NSIZES };
int wl_size_parse(const char *name);	/* -1 if unknown */

/* Generator parameters per size; see wl_sizes[] in wl.c for the values. */
struct wl_params {
	uint64_t corpus_bytes;		/* wordcount, strmatch */
	uint32_t bmp_w, bmp_h;		/* histogram */
	uint32_t km_points, km_dim;	/* kmeans */
	uint32_t lr_points;		/* linreg */
	uint32_t mm_m, mm_k, mm_n;	/* matmul: (m x k) * (k x n) */
	uint32_t pca_rows, pca_cols;	/* pca */
};
extern const struct wl_params wl_sizes[WL_NSIZES];

#endif /* WL_H */
