/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared training driver for the ML workloads (mlp, cnn).
 *
 * A model is a flat float parameter vector plus three callbacks. The
 * driver generates an MNIST-like data set (28x28 grey images of ten
 * stroke-pattern classes), trains with minibatch SGD and checks that the
 * loss fell below a bound. Each minibatch is cut into NN_SHARDS fixed
 * shards with one gradient buffer each, summed in shard order, so the
 * trained weights are bit-identical for any thread count. exp and log are
 * computed here, not by libm, so glibc and musl builds agree too.
 */
#ifndef NN_H
#define NN_H

#include <stddef.h>
#include <stdint.h>

#include "wl.h"

#define NN_SIDE		28
#define NN_PIXELS	(NN_SIDE * NN_SIDE)
#define NN_CLASSES	10
#define NN_SHARDS	8

struct nn_model {
	const char *name;
	size_t nparams;
	float *param;
	size_t scratch_floats;		/* per-shard scratch for the callbacks */
	int width;			/* hidden units or filters (-w) */
	int widths[WL_NSIZES];		/* default width per size preset */
	float lr;			/* default learning rate */
	float bound;			/* default loss bound for the self-check */

	/* Size the model for width; set nparams and scratch_floats. */
	void (*setup)(struct nn_model *m);
	/* Fill param with initial weights from rng. */
	void (*init)(struct nn_model *m, struct wl_rng *rng);
	/* Forward and backward pass of one sample: add its gradient to grad
	 * (if grad is not NULL), return the loss, store the class in *pred. */
	float (*sample)(const struct nn_model *m, const float *x, int label,
			float *grad, float *scratch, int *pred);
};

/* Parse the common flags, train, report, self-check; return exit status. */
int nn_main(int argc, char **argv, struct nn_model *m);

/* Softmax cross-entropy over NN_CLASSES logits: turn o into the gradient
 * (p - onehot) and return -log p[label]; *pred gets the argmax. */
float nn_softmax_xent(float *o, int label, int *pred);

/* Uniform initialisation in [-a, a). */
void nn_uniform(float *w, size_t n, float a, struct wl_rng *rng);

#endif /* NN_H */
