// SPDX-License-Identifier: GPL-2.0
/*
 * Shared helpers for the workload binaries (see wl.h). Files are read with
 * open/read/close rather than mmap so a workload needs only the syscalls
 * listed in /work/shared/LINUX-ABI-NOTES.md §8 plus nothing file-mapped.
 */
#include "wl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

const char *wl_name = "workload";

/*
 * Input sizes. small aims at ~64 MiB and large at ~1 GiB of resident
 * memory for the application that reads the file (measured values are in
 * Documentation/workloads.md); tiny runs in well under a second natively.
 */
const struct wl_params wl_sizes[WL_NSIZES] = {
	[WL_TINY] = {
		.corpus_bytes = 256 << 10,
		.bmp_w = 128, .bmp_h = 96,
		.km_points = 4096, .km_dim = 8,
		.lr_points = 65536,
		.mm_m = 64, .mm_k = 48, .mm_n = 80,
		.pca_rows = 32, .pca_cols = 1024,
	},
	[WL_SMALL] = {
		.corpus_bytes = 56ULL << 20,
		.bmp_w = 4608, .bmp_h = 4608,
		.km_points = 1835008, .km_dim = 8,
		.lr_points = 8 << 20,
		.mm_m = 3584, .mm_k = 256, .mm_n = 3584,
		.pca_rows = 128, .pca_cols = 131072,
	},
	[WL_LARGE] = {
		.corpus_bytes = 960ULL << 20,
		.bmp_w = 18432, .bmp_h = 18432,
		.km_points = 28 << 20, .km_dim = 8,
		.lr_points = 128 << 20,
		.mm_m = 15872, .mm_k = 128, .mm_n = 15872,
		.pca_rows = 128, .pca_cols = 2 << 20,
	},
};

static const char *const size_names[WL_NSIZES] = { "tiny", "small", "large" };

int wl_size_parse(const char *name)
{
	for (int i = 0; i < WL_NSIZES; i++)
		if (strcmp(name, size_names[i]) == 0)
			return i;
	return -1;
}

void wl_die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: ", wl_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

void wl_info(const char *fmt, ...)
{
	va_list ap;

	printf("%s: ", wl_name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

int wl_result(uint64_t checksum, int verified, const char *why)
{
	printf("%s: checksum %016llx\n", wl_name, (unsigned long long)checksum);
	if (verified) {
		printf("%s: verify ok\n", wl_name);
		fflush(stdout);
		return 0;
	}
	printf("%s: verify FAILED: %s\n", wl_name, why ? why : "mismatch");
	fflush(stdout);
	return 1;
}

int wl_default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 256 ? 256 : (int)n;
}

long wl_parse_long(const char *s, long min, long max, const char *what)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 0);
	if (errno || end == s || *end || v < min || v > max)
		wl_die("bad %s '%s' (want %ld..%ld)", what, s, min, max);
	return v;
}

void *wl_alloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);

	if (!p)
		wl_die("out of memory (%zu bytes)", n);
	return p;
}

void *wl_read_file(const char *path, size_t *len)
{
	struct stat st;
	size_t done = 0;
	char *buf;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0 || fstat(fd, &st) < 0)
		wl_die("%s: %s", path, strerror(errno));
	buf = malloc((size_t)st.st_size + 1);
	if (!buf)
		wl_die("%s: out of memory", path);
	while (done < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + done, (size_t)st.st_size - done);

		if (r <= 0)
			wl_die("%s: short read", path);
		done += (size_t)r;
	}
	close(fd);
	buf[done] = 0;
	*len = done;
	return buf;
}

void wl_write_file(const char *path, const void *buf, size_t len)
{
	const char *p = buf;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0)
		wl_die("%s: %s", path, strerror(errno));
	while (len) {
		ssize_t w = write(fd, p, len);

		if (w <= 0)
			wl_die("%s: write: %s", path, strerror(errno));
		p += w;
		len -= (size_t)w;
	}
	if (close(fd) < 0)
		wl_die("%s: close: %s", path, strerror(errno));
}

int32_t *wl_load_data(const char *path, const char *kind, struct wl_hdr *hdr,
		      size_t *count)
{
	size_t len;
	char *buf = wl_read_file(path, &len);

	if (len < sizeof(*hdr) || memcmp(buf, "TWLDATA1", 8) != 0)
		wl_die("%s: not a wlgen data file", path);
	memcpy(hdr, buf, sizeof(*hdr));
	if (strncmp(hdr->kind, kind, sizeof(hdr->kind)) != 0)
		wl_die("%s: holds '%.8s' data, want '%s'", path, hdr->kind, kind);
	if ((len - sizeof(*hdr)) % 4)
		wl_die("%s: truncated", path);
	*count = (len - sizeof(*hdr)) / 4;
	/* The payload starts 32 bytes in, so it is 4-byte aligned. */
	return (int32_t *)(void *)(buf + sizeof(*hdr));
}

double wl_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/*
 * The vocabulary: word r is the base-48 digits of r, each spelled as a
 * consonant-vowel syllable, plus for odd ranks above 47 a closing
 * consonant. Two-letter syllables of one fixed length make every word
 * distinct, and frequent (low) ranks get the short words, as in English.
 */
size_t wl_vocab_word(uint32_t rank, char buf[16])
{
	static const char cons[] = "bcdfghklmnprstvw";	/* 16 */
	static const char vow[] = "aeo";		/* 3 -> 48 syllables */
	char tmp[16];
	size_t n = 0, len = 0;
	uint32_t r = rank;

	do {
		uint32_t s = r % 48;

		tmp[n++] = vow[s % 3];
		tmp[n++] = cons[s / 3];
		r /= 48;
	} while (r);
	while (n)
		buf[len++] = tmp[--n];
	if (rank >= 48 && (rank & 1))
		buf[len++] = 'x';
	buf[len] = 0;
	return len;
}
