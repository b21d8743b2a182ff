// SPDX-License-Identifier: GPL-2.0
/*
 * cnn: a small convolutional network trained by the shared driver in nn.c:
 * width 3x3 filters (valid, stride 1) -> ReLU -> 2x2 max-pool -> fully
 * connected -> softmax. On 28x28 inputs: 26x26 maps, pooled to 13x13.
 * Parameter layout: K[width][9], kb[width], W[10][width*169], b[10].
 *
 *   cnn [-t threads] [-S size] [-n samples] [-w filters] [-e epochs] ...
 */
#include "nn.h"

#include <math.h>
#include <string.h>

#define CONV	(NN_SIDE - 2)		/* 26 */
#define POOL	(CONV / 2)		/* 13 */

struct layout {
	float *k, *kb, *w, *b;
};

static struct layout split(float *p, int f)
{
	struct layout l;

	l.k = p;
	l.kb = l.k + 9 * f;
	l.w = l.kb + f;
	l.b = l.w + (size_t)NN_CLASSES * f * POOL * POOL;
	return l;
}

static void cnn_setup(struct nn_model *m)
{
	size_t f = (size_t)m->width;

	m->nparams = 9 * f + f + NN_CLASSES * f * POOL * POOL + NN_CLASSES;
	m->scratch_floats = f * CONV * CONV + 2 * f * POOL * POOL + NN_CLASSES;
}

static void cnn_init(struct nn_model *m, struct wl_rng *rng)
{
	int f = m->width;
	struct layout l = split(m->param, f);
	size_t fc_in = (size_t)f * POOL * POOL;

	nn_uniform(l.k, 9 * (size_t)f, sqrtf(6.0f / 10), rng);
	nn_uniform(l.w, NN_CLASSES * fc_in, sqrtf(6.0f / (fc_in + NN_CLASSES)), rng);
}

/* Index in conv map f of the maximum of pool cell (py, px). */
static int pool_arg(const float *conv, int py, int px)
{
	int best = (2 * py) * CONV + 2 * px;

	for (int dy = 0; dy < 2; dy++)
		for (int dx = 0; dx < 2; dx++) {
			int i = (2 * py + dy) * CONV + 2 * px + dx;

			if (conv[i] > conv[best])
				best = i;
		}
	return best;
}

static float cnn_sample(const struct nn_model *m, const float *x, int label,
			float *grad, float *scratch, int *pred)
{
	int f = m->width, fc_in = f * POOL * POOL;
	struct layout p = split(m->param, f);
	float *conv = scratch, *pool = conv + f * CONV * CONV;
	float *dpool = pool + fc_in, *o = dpool + fc_in;
	float loss;

	for (int k = 0; k < f; k++) {
		const float *ker = p.k + 9 * k;
		float *map = conv + k * CONV * CONV;

		for (int y = 0; y < CONV; y++)
			for (int xx = 0; xx < CONV; xx++) {
				const float *in = x + y * NN_SIDE + xx;
				float s = p.kb[k];

				for (int ky = 0; ky < 3; ky++)
					for (int kx = 0; kx < 3; kx++)
						s += ker[ky * 3 + kx] * in[ky * NN_SIDE + kx];
				map[y * CONV + xx] = s > 0 ? s : 0;
			}
		for (int py = 0; py < POOL; py++)
			for (int px = 0; px < POOL; px++)
				pool[(k * POOL + py) * POOL + px] = map[pool_arg(map, py, px)];
	}
	for (int c = 0; c < NN_CLASSES; c++) {
		const float *w = p.w + (size_t)c * fc_in;
		float s = p.b[c];

		for (int i = 0; i < fc_in; i++)
			s += w[i] * pool[i];
		o[c] = s;
	}
	loss = nn_softmax_xent(o, label, pred);	/* o is now dloss/do */
	if (!grad)
		return loss;

	struct layout g = split(grad, f);

	memset(dpool, 0, (size_t)fc_in * sizeof(*dpool));
	for (int c = 0; c < NN_CLASSES; c++) {
		const float *w = p.w + (size_t)c * fc_in;
		float *gw = g.w + (size_t)c * fc_in;

		g.b[c] += o[c];
		for (int i = 0; i < fc_in; i++) {
			gw[i] += o[c] * pool[i];
			dpool[i] += w[i] * o[c];
		}
	}
	for (int k = 0; k < f; k++) {
		const float *map = conv + k * CONV * CONV;
		float *gk = g.k + 9 * k;

		for (int py = 0; py < POOL; py++)
			for (int px = 0; px < POOL; px++) {
				float d = dpool[(k * POOL + py) * POOL + px];
				int i = pool_arg(map, py, px);
				const float *in = x + (i / CONV) * NN_SIDE + i % CONV;

				if (map[i] <= 0 || d == 0)
					continue;	/* ReLU closed */
				g.kb[k] += d;
				for (int ky = 0; ky < 3; ky++)
					for (int kx = 0; kx < 3; kx++)
						gk[ky * 3 + kx] += d * in[ky * NN_SIDE + kx];
			}
	}
	return loss;
}

int main(int argc, char **argv)
{
	struct nn_model m = {
		.name = "cnn",
		.widths = { [WL_TINY] = 4, [WL_SMALL] = 8, [WL_LARGE] = 8 },
		.lr = 0.1f,
		.bound = 0.6f,
		.setup = cnn_setup,
		.init = cnn_init,
		.sample = cnn_sample,
	};

	return nn_main(argc, argv, &m);
}
