// SPDX-License-Identifier: GPL-2.0
/*
 * strmatch: count how often each of a few key words occurs in a text,
 * the way a password cracker would: every word of the input is hashed
 * ("encrypted") with several mixing rounds and its digest compared with
 * the keys' digests; a digest hit is confirmed by comparing the bytes.
 * Words and case folding are as in wordcount. Keys 0..nkeys-1 count the
 * hits, key nkeys counts the words scanned.
 * Verification counts again single-threaded by direct comparison.
 *
 *   strmatch [-t threads] [-k word,word,...] -i corpus.txt
 * The default keys are four vocabulary words of wlgen's corpus (ranks 3,
 * 77, 1500 and 20011) and one word that never occurs.
 */
#include "mr.h"
#include "wl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_KEYS 16

struct keys {
	const char *text;
	const char *word[MAX_KEYS];
	uint32_t len[MAX_KEYS];
	uint64_t digest[MAX_KEYS];
	int n;
};

static inline int is_letter(unsigned char c)
{
	return (c | 32) >= 'a' && (c | 32) <= 'z';
}

static int same_word(const char *a, const char *b, uint32_t len)
{
	for (uint32_t i = 0; i < len; i++)
		if ((a[i] | 32) != (b[i] | 32))
			return 0;
	return 1;
}

/* Case-folded byte hash, then 16 rounds of a 64-bit finaliser. */
static uint64_t digest(const char *w, uint32_t len)
{
	uint64_t h = WL_FNV_INIT ^ len;

	for (uint32_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)(w[i] | 32)) * 0x100000001b3ULL;
	for (int r = 0; r < 16; r++) {
		h ^= h >> 33;
		h *= 0xff51afd7ed558ccdULL + (uint64_t)r * 2;
		h ^= h >> 29;
	}
	return h;
}

static size_t word_boundary(const struct mr_job *job, size_t pos)
{
	const struct keys *k = job->arg;

	while (pos < job->nunits && is_letter((unsigned char)k->text[pos]))
		pos++;
	return pos;
}

static void map_match(const struct mr_job *job, struct mr_task *task,
		      size_t begin, size_t end)
{
	const struct keys *k = job->arg;
	const char *t = k->text;
	int64_t hits[MAX_KEYS + 1] = { 0 };
	size_t i = begin;

	while (i < end) {
		while (i < end && !is_letter((unsigned char)t[i]))
			i++;
		size_t start = i;

		while (i < end && is_letter((unsigned char)t[i]))
			i++;
		if (i == start)
			continue;
		uint32_t len = (uint32_t)(i - start);
		uint64_t d = digest(t + start, len);

		hits[k->n]++;
		for (int j = 0; j < k->n; j++)
			if (d == k->digest[j] && len == k->len[j] &&
			    same_word(t + start, k->word[j], len))
				hits[j]++;
	}
	for (int j = 0; j <= k->n; j++)
		mr_emit_dense(task, j, hits[j]);
}

static void parse_keys(struct keys *k, char *list)
{
	for (char *w = strtok(list, ","); w; w = strtok(NULL, ",")) {
		if (k->n == MAX_KEYS)
			wl_die("at most %d keys", MAX_KEYS);
		for (char *c = w; *c; c++)
			if (!is_letter((unsigned char)*c))
				wl_die("key '%s': letters only", w);
		k->word[k->n] = w;
		k->len[k->n++] = (uint32_t)strlen(w);
	}
}

int main(int argc, char **argv)
{
	static char defaults[MAX_KEYS][16];
	static const uint32_t ranks[] = { 3, 77, 1500, 20011 };
	struct mr_job job = { .keys = MR_DENSE };
	struct keys k = { .n = 0 };
	const char *input = NULL;
	char *list = NULL;
	int opt, ok = 1;

	wl_name = "strmatch";
	job.nthreads = wl_default_threads();
	while ((opt = getopt(argc, argv, "t:k:i:")) != -1) {
		switch (opt) {
		case 't': job.nthreads = (int)wl_parse_long(optarg, 1, 256, "threads"); break;
		case 'k': list = optarg; break;
		case 'i': input = optarg; break;
		default: wl_die("usage: strmatch [-t threads] [-k word,...] -i corpus");
		}
	}
	if (!input)
		wl_die("usage: strmatch [-t threads] [-k word,...] -i corpus");
	if (list) {
		parse_keys(&k, list);
	} else {
		for (size_t j = 0; j < 4; j++) {
			k.len[k.n] = (uint32_t)wl_vocab_word(ranks[j], defaults[j]);
			k.word[k.n++] = defaults[j];
		}
		k.word[k.n] = "quiz";	/* q, u, i and z never occur in wlgen output */
		k.len[k.n++] = 4;
	}
	for (int j = 0; j < k.n; j++)
		k.digest[j] = digest(k.word[j], k.len[j]);

	size_t len;
	char *text = wl_read_file(input, &len);
	double t0 = wl_now();

	k.text = text;
	job.nunits = len;
	job.nkeys = k.n + 1;
	job.arg = &k;
	job.boundary = word_boundary;
	job.map = map_match;
	mr_run(&job);
	double t1 = wl_now();

	uint64_t sum = WL_FNV_INIT;

	wl_info("threads %d, %zu bytes, %lld words, %zu splits", job.nthreads, len,
		(long long)job.dense[k.n], job.nsplits);
	for (int j = 0; j < k.n; j++) {
		wl_info("  %-10s %lld", k.word[j], (long long)job.dense[j]);
		sum = wl_fnv64(wl_fnv(sum, k.word[j], k.len[j]), (uint64_t)job.dense[j]);
	}
	sum = wl_fnv64(sum, (uint64_t)job.dense[k.n]);
	wl_info("time map %.3f s, total %.3f s", job.map_s, t1 - t0);

	/* Reference: compare every word with every key, no digests. */
	int64_t ref[MAX_KEYS + 1] = { 0 };

	for (size_t i = 0; i < len;) {
		if (!is_letter((unsigned char)text[i])) {
			i++;
			continue;
		}
		size_t start = i;

		while (i < len && is_letter((unsigned char)text[i]))
			i++;
		ref[k.n]++;
		for (int j = 0; j < k.n; j++)
			ref[j] += i - start == k.len[j] && same_word(text + start, k.word[j], k.len[j]);
	}
	for (int j = 0; j <= k.n; j++)
		ok &= ref[j] == job.dense[j];
	mr_free(&job);
	free(text);
	return wl_result(sum, ok, "counts differ from the single-threaded pass");
}
