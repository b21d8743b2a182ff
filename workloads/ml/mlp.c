// SPDX-License-Identifier: GPL-2.0
/*
 * mlp: a two-layer perceptron, 784 -> width (ReLU) -> 10 (softmax), trained
 * by the shared driver in nn.c. Parameter layout: W1[width][784], b1[width],
 * W2[10][width], b2[10]. The working set is mostly the data set (-n) and,
 * for wide layers, the NN_SHARDS gradient copies (-w).
 *
 *   mlp [-t threads] [-S size] [-n samples] [-w hidden] [-e epochs] ...
 */
#include "nn.h"

#include <math.h>
#include <string.h>

struct layout {
	float *w1, *b1, *w2, *b2;
};

static struct layout split(float *p, int h)
{
	struct layout l;

	l.w1 = p;
	l.b1 = l.w1 + (size_t)h * NN_PIXELS;
	l.w2 = l.b1 + h;
	l.b2 = l.w2 + (size_t)NN_CLASSES * h;
	return l;
}

static void mlp_setup(struct nn_model *m)
{
	size_t h = (size_t)m->width;

	m->nparams = h * NN_PIXELS + h + NN_CLASSES * h + NN_CLASSES;
	m->scratch_floats = 2 * h + NN_CLASSES;
}

static void mlp_init(struct nn_model *m, struct wl_rng *rng)
{
	int h = m->width;
	struct layout l = split(m->param, h);

	nn_uniform(l.w1, (size_t)h * NN_PIXELS, sqrtf(6.0f / (NN_PIXELS + h)), rng);
	nn_uniform(l.w2, (size_t)NN_CLASSES * h, sqrtf(6.0f / (h + NN_CLASSES)), rng);
}

static float mlp_sample(const struct nn_model *m, const float *x, int label,
			float *grad, float *scratch, int *pred)
{
	int h = m->width;
	struct layout p = split(m->param, h);
	float *hid = scratch, *dh = scratch + h, *o = scratch + 2 * h;
	float loss;

	for (int j = 0; j < h; j++) {
		const float *w = p.w1 + (size_t)j * NN_PIXELS;
		float s = p.b1[j];

		for (int i = 0; i < NN_PIXELS; i++)
			s += w[i] * x[i];
		hid[j] = s > 0 ? s : 0;
	}
	for (int c = 0; c < NN_CLASSES; c++) {
		const float *w = p.w2 + (size_t)c * h;
		float s = p.b2[c];

		for (int j = 0; j < h; j++)
			s += w[j] * hid[j];
		o[c] = s;
	}
	loss = nn_softmax_xent(o, label, pred);	/* o is now dloss/do */
	if (!grad)
		return loss;

	struct layout g = split(grad, h);

	memset(dh, 0, (size_t)h * sizeof(*dh));
	for (int c = 0; c < NN_CLASSES; c++) {
		const float *w = p.w2 + (size_t)c * h;
		float *gw = g.w2 + (size_t)c * h;

		g.b2[c] += o[c];
		for (int j = 0; j < h; j++) {
			gw[j] += o[c] * hid[j];
			dh[j] += w[j] * o[c];
		}
	}
	for (int j = 0; j < h; j++) {
		float d = hid[j] > 0 ? dh[j] : 0;
		float *gw = g.w1 + (size_t)j * NN_PIXELS;

		if (d == 0)
			continue;
		g.b1[j] += d;
		for (int i = 0; i < NN_PIXELS; i++)
			gw[i] += d * x[i];
	}
	return loss;
}

int main(int argc, char **argv)
{
	struct nn_model m = {
		.name = "mlp",
		.widths = { [WL_TINY] = 32, [WL_SMALL] = 128, [WL_LARGE] = 64 },
		.lr = 0.2f,
		.bound = 0.6f,
		.setup = mlp_setup,
		.init = mlp_init,
		.sample = mlp_sample,
	};

	return nn_main(argc, argv, &m);
}
