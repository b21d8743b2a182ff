// SPDX-License-Identifier: GPL-2.0
/*
 * wordcount: count every word of a text with the MapReduce runtime, then
 * list the most frequent ones. A word is a maximal run of ASCII letters,
 * compared case-insensitively. Verification recounts single-threaded with
 * a separate chained hash table and compares every (word, count).
 *
 *   wordcount [-t threads] [-n top] -i corpus.txt
 */
#include "mr.h"
#include "wl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static inline int is_letter(unsigned char c)
{
	return (c | 32) >= 'a' && (c | 32) <= 'z';
}

static inline unsigned char lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int fold_cmp(const char *a, uint32_t la, const char *b, uint32_t lb)
{
	uint32_t n = la < lb ? la : lb;

	for (uint32_t i = 0; i < n; i++) {
		int d = lower((unsigned char)a[i]) - lower((unsigned char)b[i]);

		if (d)
			return d;
	}
	return (la > lb) - (la < lb);
}

/* Most frequent first; ties in alphabetical order: a total order. */
static int by_count(const struct mr_pair *a, const struct mr_pair *b)
{
	if (a->val != b->val)
		return a->val > b->val ? -1 : 1;
	return fold_cmp(a->key, a->len, b->key, b->len);
}

static size_t word_boundary(const struct mr_job *job, size_t pos)
{
	const char *text = job->arg;

	while (pos < job->nunits && is_letter((unsigned char)text[pos]))
		pos++;
	return pos;
}

static void map_words(const struct mr_job *job, struct mr_task *task,
		      size_t begin, size_t end)
{
	const char *text = job->arg;
	size_t i = begin;

	while (i < end) {
		while (i < end && !is_letter((unsigned char)text[i]))
			i++;
		size_t start = i;

		while (i < end && is_letter((unsigned char)text[i]))
			i++;
		if (i > start)
			mr_emit_string(task, text + start, (uint32_t)(i - start), 1);
	}
}

/* ------------------------------------------------ single-threaded reference */

struct ref_word {
	struct ref_word *next;
	const char *key;
	uint32_t len;
	int64_t count;
};

static int by_count_qsort(const void *a, const void *b)
{
	return by_count(a, b);
}

/* Count words of text[0, len) into a fresh array sorted like the MR output. */
static struct mr_pair *reference(const char *text, size_t len, size_t *n)
{
	enum { NB = 1 << 16 };
	struct ref_word **bucket = wl_alloc(NB * sizeof(*bucket));
	size_t distinct = 0, i = 0;

	while (i < len) {
		while (i < len && !is_letter((unsigned char)text[i]))
			i++;
		size_t start = i;
		uint32_t h = 5381;

		while (i < len && is_letter((unsigned char)text[i]))
			h = h * 33 + lower((unsigned char)text[i++]);
		if (i == start)
			continue;
		uint32_t wl = (uint32_t)(i - start);
		struct ref_word *w = bucket[h % NB];

		while (w && fold_cmp(w->key, w->len, text + start, wl) != 0)
			w = w->next;
		if (!w) {
			w = wl_alloc(sizeof(*w));
			*w = (struct ref_word){ bucket[h % NB], text + start, wl, 0 };
			bucket[h % NB] = w;
			distinct++;
		}
		w->count++;
	}

	struct mr_pair *out = wl_alloc(distinct * sizeof(*out));
	size_t k = 0;

	for (size_t b = 0; b < NB; b++)
		for (struct ref_word *w = bucket[b], *nx; w; w = nx) {
			nx = w->next;
			out[k++] = (struct mr_pair){ w->key, w->len, w->count };
			free(w);
		}
	free(bucket);
	qsort(out, distinct, sizeof(*out), by_count_qsort);
	*n = distinct;
	return out;
}

int main(int argc, char **argv)
{
	struct mr_job job = { .keys = MR_STRING, .flags = MR_FOLD_CASE,
			      .compare = by_count };
	const char *input = NULL;
	long top = 5;
	int opt, ok = 1;

	wl_name = "wordcount";
	job.nthreads = wl_default_threads();
	while ((opt = getopt(argc, argv, "t:n:i:")) != -1) {
		switch (opt) {
		case 't': job.nthreads = (int)wl_parse_long(optarg, 1, 256, "threads"); break;
		case 'n': top = wl_parse_long(optarg, 0, 1000, "top"); break;
		case 'i': input = optarg; break;
		default: wl_die("usage: wordcount [-t threads] [-n top] -i corpus");
		}
	}
	if (!input)
		wl_die("usage: wordcount [-t threads] [-n top] -i corpus");

	size_t len;
	char *text = wl_read_file(input, &len);
	double t0 = wl_now();

	job.nunits = len;
	job.arg = text;
	job.boundary = word_boundary;
	job.map = map_words;
	mr_run(&job);
	double t1 = wl_now();

	uint64_t sum = WL_FNV_INIT;
	int64_t total = 0;

	for (size_t i = 0; i < job.npairs; i++) {
		const struct mr_pair *p = &job.pairs[i];

		for (uint32_t c = 0; c < p->len; c++)
			sum = wl_fnv(sum, &(unsigned char){ lower((unsigned char)p->key[c]) }, 1);
		sum = wl_fnv64(wl_fnv(sum, "", 1), (uint64_t)p->val);
		total += p->val;
	}
	wl_info("threads %d, %zu bytes, %zu splits", job.nthreads, len, job.nsplits);
	wl_info("%lld words, %zu distinct", (long long)total, job.npairs);
	for (size_t i = 0; i < job.npairs && i < (size_t)top; i++) {
		char w[64];
		uint32_t l = job.pairs[i].len < 63 ? job.pairs[i].len : 63;

		for (uint32_t c = 0; c < l; c++)
			w[c] = (char)lower((unsigned char)job.pairs[i].key[c]);
		w[l] = 0;
		wl_info("  %-12s %lld", w, (long long)job.pairs[i].val);
	}
	wl_info("time map %.3f s, reduce %.3f s, merge %.3f s, total %.3f s",
		job.map_s, job.reduce_s, job.merge_s, t1 - t0);

	size_t nref;
	struct mr_pair *ref = reference(text, len, &nref);

	if (nref != job.npairs)
		ok = 0;
	for (size_t i = 0; ok && i < nref; i++)
		if (ref[i].val != job.pairs[i].val ||
		    fold_cmp(ref[i].key, ref[i].len, job.pairs[i].key, job.pairs[i].len))
			ok = 0;
	free(ref);
	mr_free(&job);
	free(text);
	return wl_result(sum, ok, "word counts differ from the single-threaded count");
}
