// SPDX-License-Identifier: GPL-2.0
/*
 * Training driver shared by mlp and cnn (see nn.h): data set synthesis,
 * a persistent thread pool stepping through phases with two barriers, the
 * sharded SGD step, evaluation and the self-check.
 *
 * Phase protocol: the main thread sets tr->phase and enters the start
 * barrier; every worker (main thread included, as thread 0) runs the
 * phase for its shards or parameter range, then all meet at the done
 * barrier. Between barriers a thread writes only its own shards' buffers
 * or its own parameter range, so no locks are needed.
 */
#include "nn.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ------------------------------------------------------------ math */

static double nn_exp(double x)
{
	union { double d; uint64_t u; } two;
	double k, r, e = 1, term = 1;

	if (x < -700)
		return 0;
	if (x > 700)
		x = 700;
	k = (double)(long)(x * 1.4426950408889634 + (x < 0 ? -0.5 : 0.5));
	r = x - k * 0.6931471805599453;
	for (int i = 1; i <= 12; i++) {
		term *= r / i;
		e += term;
	}
	two.u = (uint64_t)(1023 + (long)k) << 52;
	return e * two.d;
}

static double nn_log(double x)
{
	union { double d; uint64_t u; } v = { x };
	long e = (long)((v.u >> 52) & 0x7ff) - 1023;
	double m, t, t2, s = 0;

	if (x <= 0)
		return -745;
	v.u = (v.u & ((1ULL << 52) - 1)) | (1023ULL << 52);	/* m in [1, 2) */
	m = v.d;
	if (m > 1.4142135623730951) {
		m /= 2;
		e++;
	}
	t = (m - 1) / (m + 1);
	t2 = t * t;
	for (int i = 15; i >= 1; i -= 2)
		s = s * t2 + 1.0 / i;
	return e * 0.6931471805599453 + 2 * t * s;
}

float nn_softmax_xent(float *o, int label, int *pred)
{
	double max = o[0], z = 0, p[NN_CLASSES], logit = o[label];
	int arg = 0;

	for (int c = 1; c < NN_CLASSES; c++)
		if (o[c] > max) {
			max = o[c];
			arg = c;
		}
	for (int c = 0; c < NN_CLASSES; c++)
		z += p[c] = nn_exp(o[c] - max);
	for (int c = 0; c < NN_CLASSES; c++)
		o[c] = (float)(p[c] / z - (c == label));
	*pred = arg;
	return (float)(nn_log(z) - (logit - max));	/* -log softmax[label] */
}

void nn_uniform(float *w, size_t n, float a, struct wl_rng *rng)
{
	for (size_t i = 0; i < n; i++)
		w[i] = (float)((wl_rng_unit(rng) * 2 - 1) * a);
}

/* ------------------------------------------------------------ data set */

struct strokes {			/* ten class prototypes */
	float proto[NN_CLASSES][NN_PIXELS];
};

static void draw_line(float *img, int x0, int y0, int x1, int y1)
{
	for (int s = 0; s <= 32; s++) {
		int x = x0 + (x1 - x0) * s / 32, y = y0 + (y1 - y0) * s / 32;

		img[y * NN_SIDE + x] = 1;
		for (int d = 0; d < 4; d++) {
			int nx = x + (d == 0) - (d == 1), ny = y + (d == 2) - (d == 3);

			if (img[ny * NN_SIDE + nx] < 0.5f)
				img[ny * NN_SIDE + nx] = 0.5f;
		}
	}
}

/* Each class: three or four strokes between random points of [5, 22]^2. */
static void make_prototypes(struct strokes *st, uint64_t seed)
{
	struct wl_rng r = { seed ^ 0x5170c0de };

	memset(st, 0, sizeof(*st));
	for (int c = 0; c < NN_CLASSES; c++) {
		int n = 3 + (int)wl_rng_below(&r, 2);

		for (int k = 0; k < n; k++)
			draw_line(st->proto[c], 5 + wl_rng_below(&r, 18), 5 + wl_rng_below(&r, 18),
				  5 + wl_rng_below(&r, 18), 5 + wl_rng_below(&r, 18));
	}
}

/* Sample i of a set: its prototype shifted by up to 2 pixels, dimmed,
 * with a 7x7 patch erased and noise added. Depends only on (seed, i). */
static int make_sample(const struct strokes *st, uint64_t seed, size_t i, float *img)
{
	struct wl_rng r = { seed * 0x9e3779b97f4a7c15ULL + i * 0xbf58476d1ce4e5b9ULL };
	int label = (int)wl_rng_below(&r, NN_CLASSES);
	int dx = (int)wl_rng_below(&r, 5) - 2, dy = (int)wl_rng_below(&r, 5) - 2;
	int ex = (int)wl_rng_below(&r, NN_SIDE - 7), ey = (int)wl_rng_below(&r, NN_SIDE - 7);
	float gain = 0.5f + (float)wl_rng_below(&r, 50) / 100;

	for (int y = 0; y < NN_SIDE; y++)
		for (int x = 0; x < NN_SIDE; x++) {
			int sx = x - dx, sy = y - dy;
			float v = 0;

			if (sx >= 0 && sx < NN_SIDE && sy >= 0 && sy < NN_SIDE &&
			    !(x >= ex && x < ex + 7 && y >= ey && y < ey + 7))
				v = gain * st->proto[label][sy * NN_SIDE + sx];
			v += (float)wl_rng_below(&r, 1024) / 2560;	/* [0, 0.4) */
			img[y * NN_SIDE + x] = v > 1 ? 1 : v;
		}
	return label;
}

/* ------------------------------------------------------------ trainer */

enum phase { PH_GEN, PH_GRAD, PH_UPDATE, PH_EVAL, PH_STOP };

struct trainer {
	struct nn_model *m;
	int nthreads;
	pthread_barrier_t start, done;
	enum phase phase;

	/* data: the training set, then the test set */
	const struct strokes *st;
	uint64_t seed;
	float *x;			/* (ntrain + ntest) x NN_PIXELS */
	uint8_t *y;
	size_t ntrain, ntest;
	uint32_t *order;		/* training order of this epoch */

	/* current step: samples [first, first + len) of order (grad) or of
	 * the set starting at eval_base (eval) */
	size_t first, len, eval_base;
	float lr;

	/* per shard; shard s belongs to thread s % nthreads */
	float *grad;			/* NN_SHARDS x nparams */
	float *scratch;			/* NN_SHARDS x scratch_floats */
	double loss[NN_SHARDS];
	long correct[NN_SHARDS];
};

static void phase_gen(struct trainer *tr, int t)
{
	for (size_t i = (size_t)t; i < tr->ntrain + tr->ntest; i += tr->nthreads) {
		/* the test set uses a different sample stream */
		uint64_t seed = i < tr->ntrain ? tr->seed : ~tr->seed;

		tr->y[i] = (uint8_t)make_sample(tr->st, seed, i, tr->x + i * NN_PIXELS);
	}
}

static void phase_shards(struct trainer *tr, int t, int train)
{
	struct nn_model *m = tr->m;

	for (int s = t; s < NN_SHARDS; s += tr->nthreads) {
		size_t lo = tr->first + tr->len * s / NN_SHARDS;
		size_t hi = tr->first + tr->len * (s + 1) / NN_SHARDS;
		float *grad = train ? tr->grad + s * m->nparams : NULL;
		float *scratch = tr->scratch + s * m->scratch_floats;
		double loss = 0;
		long correct = 0;

		for (size_t k = lo; k < hi; k++) {
			size_t i = train ? tr->order[k] : tr->eval_base + k;
			int pred;

			loss += m->sample(m, tr->x + i * NN_PIXELS, tr->y[i], grad, scratch, &pred);
			correct += pred == tr->y[i];
		}
		tr->loss[s] = loss;
		tr->correct[s] = correct;
	}
}

/* SGD on this thread's parameter range; clears the gradients it used. */
static void phase_update(struct trainer *tr, int t)
{
	size_t n = tr->m->nparams;
	size_t lo = n * t / tr->nthreads, hi = n * (t + 1) / tr->nthreads;
	float scale = tr->lr / (float)tr->len;

	for (size_t p = lo; p < hi; p++) {
		float g = 0;

		for (int s = 0; s < NN_SHARDS; s++) {
			g += tr->grad[s * n + p];
			tr->grad[s * n + p] = 0;
		}
		tr->m->param[p] -= scale * g;
	}
}

static void run_phase(struct trainer *tr, int t)
{
	switch (tr->phase) {
	case PH_GEN: phase_gen(tr, t); break;
	case PH_GRAD: phase_shards(tr, t, 1); break;
	case PH_UPDATE: phase_update(tr, t); break;
	case PH_EVAL: phase_shards(tr, t, 0); break;
	case PH_STOP: break;
	}
}

struct worker_arg {
	struct trainer *tr;
	int t;
};

static void *worker(void *p)
{
	struct worker_arg *a = p;

	for (;;) {
		pthread_barrier_wait(&a->tr->start);
		if (a->tr->phase == PH_STOP)
			return NULL;
		run_phase(a->tr, a->t);
		pthread_barrier_wait(&a->tr->done);
	}
}

/* Run one phase on every thread; the caller is thread 0. */
static void step(struct trainer *tr, enum phase ph)
{
	tr->phase = ph;
	pthread_barrier_wait(&tr->start);
	if (ph == PH_STOP)
		return;
	run_phase(tr, 0);
	pthread_barrier_wait(&tr->done);
}

/* Mean loss and accuracy over n samples of the set starting at base. */
static double evaluate(struct trainer *tr, size_t base, size_t n, double *acc)
{
	double loss = 0;
	long correct = 0;

	tr->first = 0;
	tr->len = n;
	tr->eval_base = base;
	step(tr, PH_EVAL);
	for (int s = 0; s < NN_SHARDS; s++) {
		loss += tr->loss[s];
		correct += tr->correct[s];
	}
	*acc = n ? (double)correct / n : 0;
	return n ? loss / n : 0;
}

static double train_epoch(struct trainer *tr, int epoch, size_t batch)
{
	struct wl_rng r = { tr->seed + 1000003ULL * (epoch + 1) };
	double loss = 0;

	for (size_t i = 0; i < tr->ntrain; i++)
		tr->order[i] = (uint32_t)i;
	for (size_t i = tr->ntrain; i > 1; i--) {
		size_t j = wl_rng_below(&r, (uint32_t)i);
		uint32_t t = tr->order[i - 1];

		tr->order[i - 1] = tr->order[j];
		tr->order[j] = t;
	}
	for (size_t b = 0; b < tr->ntrain; b += batch) {
		tr->first = b;
		tr->len = b + batch <= tr->ntrain ? batch : tr->ntrain - b;
		step(tr, PH_GRAD);
		for (int s = 0; s < NN_SHARDS; s++)
			loss += tr->loss[s];
		step(tr, PH_UPDATE);
	}
	return loss / tr->ntrain;
}

/* ------------------------------------------------------------ main */

static const struct {
	size_t samples;
	int epochs;
} presets[WL_NSIZES] = {
	[WL_TINY] = { 1000, 5 },
	[WL_SMALL] = { 16000, 2 },
	[WL_LARGE] = { 300000, 1 },
};

static void usage(const struct nn_model *m)
{
	wl_die("usage: %s [-t threads] [-S tiny|small|large] [-n samples] [-w width]\n"
	       "  [-e epochs] [-b batch] [-r rate] [-s seed] [-L loss_bound]", m->name);
}

int nn_main(int argc, char **argv, struct nn_model *m)
{
	struct trainer tr = { .m = m, .seed = 1, .lr = m->lr };
	int size = WL_SMALL, epochs = -1, opt;
	long samples = -1, batch = 32;
	float bound = m->bound;

	wl_name = m->name;
	m->width = -1;
	tr.nthreads = wl_default_threads();
	while ((opt = getopt(argc, argv, "t:S:n:w:e:b:r:s:L:")) != -1) {
		switch (opt) {
		case 't': tr.nthreads = (int)wl_parse_long(optarg, 1, NN_SHARDS, "threads"); break;
		case 'S':
			size = wl_size_parse(optarg);
			if (size < 0)
				usage(m);
			break;
		case 'n': samples = wl_parse_long(optarg, 100, 4000000, "samples"); break;
		case 'w': m->width = (int)wl_parse_long(optarg, 1, 65536, "width"); break;
		case 'e': epochs = (int)wl_parse_long(optarg, 1, 1000, "epochs"); break;
		case 'b': batch = wl_parse_long(optarg, 1, 65536, "batch"); break;
		case 'r': tr.lr = strtof(optarg, NULL); break;
		case 's': tr.seed = (uint64_t)wl_parse_long(optarg, 0, 0x7fffffff, "seed"); break;
		case 'L': bound = strtof(optarg, NULL); break;
		default: usage(m);
		}
	}
	if (optind != argc)
		usage(m);
	if (m->width < 0)
		m->width = m->widths[size];
	if (samples < 0)
		samples = (long)presets[size].samples;
	if (epochs < 0)
		epochs = presets[size].epochs;
	if (tr.nthreads > NN_SHARDS)
		tr.nthreads = NN_SHARDS;

	double t0 = wl_now();
	struct strokes *st = wl_alloc(sizeof(*st));

	m->setup(m);
	tr.st = st;
	tr.ntrain = (size_t)samples;
	tr.ntest = tr.ntrain / 5 < 10000 ? tr.ntrain / 5 : 10000;
	tr.x = wl_alloc((tr.ntrain + tr.ntest) * NN_PIXELS * sizeof(float));
	tr.y = wl_alloc(tr.ntrain + tr.ntest);
	tr.order = wl_alloc(tr.ntrain * sizeof(uint32_t));
	tr.grad = wl_alloc(NN_SHARDS * m->nparams * sizeof(float));
	tr.scratch = wl_alloc(NN_SHARDS * m->scratch_floats * sizeof(float));
	m->param = wl_alloc(m->nparams * sizeof(float));

	struct wl_rng r = { tr.seed ^ 0x1217 };
	pthread_t tid[NN_SHARDS];
	struct worker_arg wa[NN_SHARDS];

	m->init(m, &r);
	make_prototypes(st, tr.seed);
	pthread_barrier_init(&tr.start, NULL, (unsigned)tr.nthreads);
	pthread_barrier_init(&tr.done, NULL, (unsigned)tr.nthreads);
	for (int t = 1; t < tr.nthreads; t++) {
		wa[t] = (struct worker_arg){ &tr, t };
		if (pthread_create(&tid[t], NULL, worker, &wa[t]) != 0)
			wl_die("pthread_create failed");
	}
	step(&tr, PH_GEN);

	double mib = ((tr.ntrain + tr.ntest) * (NN_PIXELS * 4.0 + 1) +
		      (NN_SHARDS + 1.0) * m->nparams * 4) / (1 << 20);
	double acc, first_loss, loss = 0;

	wl_info("threads %d, %zu train + %zu test samples, width %d, %zu parameters, "
		"batch %ld, lr %g, ~%.0f MiB", tr.nthreads, tr.ntrain, tr.ntest, m->width,
		m->nparams, batch, tr.lr, mib);
	first_loss = evaluate(&tr, 0, tr.ntrain < 2000 ? tr.ntrain : 2000, &acc);
	wl_info("  epoch 0: loss %.4f (untrained, first %zu samples)", first_loss,
		tr.ntrain < 2000 ? tr.ntrain : 2000);

	double t1 = wl_now();

	for (int e = 1; e <= epochs; e++) {
		loss = train_epoch(&tr, e, (size_t)batch);
		wl_info("  epoch %d: loss %.4f", e, loss);
	}
	double t2 = wl_now();
	double test_loss = evaluate(&tr, tr.ntrain, tr.ntest, &acc);

	step(&tr, PH_STOP);
	for (int t = 1; t < tr.nthreads; t++)
		pthread_join(tid[t], NULL);
	wl_info("  test: loss %.4f, accuracy %.2f%%", test_loss, acc * 100);
	wl_info("time data %.3f s, train %.3f s (%.3f s/epoch), total %.3f s", t1 - t0,
		t2 - t1, (t2 - t1) / epochs, wl_now() - t0);

	uint64_t sum = wl_fnv(WL_FNV_INIT, m->param, m->nparams * sizeof(float));
	char why[128];
	int ok = loss < bound && loss < first_loss;

	snprintf(why, sizeof(why), "final epoch loss %.4f not below bound %.4f and "
		 "initial loss %.4f", loss, bound, first_loss);
	free(m->param);
	free(tr.scratch);
	free(tr.grad);
	free(tr.order);
	free(tr.y);
	free(tr.x);
	free(st);
	return wl_result(sum, ok, why);
}
