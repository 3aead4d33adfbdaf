/*
 * paint.h - a network learns to paint a picture: image regression from
 * pixel coordinates (x, y) to colour, Karpathy's ConvNetJS "image
 * painting" demo, with the two cures for its blur:
 *
 *  - Gaussian Fourier features (Tancik et al. 2020, "Fourier features let
 *    networks learn high frequency functions in low dimensional
 *    domains"): the tool turns v = (x, y) in [0, 1]^2 into the input
 *    columns gamma(v) = [sin(2 pi B v), cos(2 pi B v)], B an m x 2 matrix
 *    of N(0, sigma^2) entries (sigma ~ 10 for natural pictures), followed
 *    by ReLU layers and a sigmoid output;
 *  - SIREN (Sitzmann et al. 2020, "Implicit neural representations with
 *    periodic activation functions"): sine layers sin(w0 (W x + b)),
 *    w0 = 30, coordinates in [-1, 1], first-layer W ~ U(-1/n, 1/n), later
 *    W ~ U(-sqrt(6/n)/w0, sqrt(6/n)/w0), a linear output. libnn's sin
 *    layer computes sin(W x + b), so w0 is folded into the weights set
 *    with nn_model_set_weights (W' = w0 W, b' = w0 b); Adam then moves W'
 *    at the rate lr, i.e. W at lr / w0: raise --lr to compare with the
 *    paper's 1e-4 on W.
 *
 * Training is nn_fit with the MSE loss and Adam on the picture's pixels
 * (all of them are one data set; a seeded random fraction is held out),
 * and PSNR = -10 log10(MSE) for values in [0, 1].
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#ifndef NN_ART_PAINT_H
#define NN_ART_PAINT_H

#include <stddef.h>
#include <stdint.h>

#include "image.h"
#include "nn.h"

#define ART_PAINT_MAX_FEATURES 4096
#define ART_PAINT_MAX_DEPTH 16
#define ART_PAINT_MAX_WIDTH 4096

typedef struct art_paint_params {
    int features;         /* Fourier features m (2m input columns); 0: the
                             raw coordinates */
    double feature_sigma; /* sd of B's entries */
    int siren;            /* sine hidden layers with SIREN's initialisation
                             and a linear output */
    double omega0;        /* SIREN's w0 */
    int depth, width;     /* hidden layers */
    double lr;            /* Adam's learning rate */
    uint64_t seed;        /* B, the weights, the held-out pixels, shuffling */
    double holdout;       /* fraction of pixels held out, [0, 0.9] */
} art_paint_params;

/* Tancik et al.'s setting: 256 features, sigma 10, 3 x 256 ReLU, sigmoid
 * output, Adam 1e-3; 10% of the pixels held out. */
void art_paint_params_default(art_paint_params *p);

typedef struct art_paint {
    art_paint_params p;
    int channels;  /* 1 (grey target) or 3 */
    size_t in_dim; /* columns of an encoded row */
    float *b;      /* features x 2, the Fourier matrix B */
    nn_model *model;
} art_paint;

/* The training and held-out pixels of a target, encoded. */
typedef struct art_paint_data {
    float *x, *y;         /* n_train rows */
    float *val_x, *val_y; /* n_val rows (NULL when nothing is held out) */
    size_t n_train, n_val;
} art_paint_data;

/* Builds and compiles the network for a target of @p channels (1 or 3).
 * Returns 0, or -1 with the reason in @p err. */
int art_paint_create(art_paint *a, const art_paint_params *p, int channels,
                     char *err, size_t errlen);
void art_paint_destroy(art_paint *a);

/* Encodes n coordinates (pairs in [0, 1]) into n x in_dim input rows. */
void art_paint_encode(const art_paint *a, const float *uv, size_t n,
                      float *x);

/* Splits @p target's pixels into training and held-out rows. Returns 0 or
 * -1 (out of memory). */
int art_paint_prepare(const art_paint *a, const art_image *target,
                      art_paint_data *d);
void art_paint_data_free(art_paint_data *d);

/* PSNR in dB of a mean squared error of values in [0, 1]. */
double art_psnr(double mse);

/* The mean squared error of the network on n rows (nn_evaluate). Returns
 * NaN on failure (nn_last_error says why). */
double art_paint_mse(const art_paint *a, const float *x, const float *y,
                     size_t n);

/* Paints a w x h picture (any resolution: pixel centres at
 * ((i + 0.5) / w, (j + 0.5) / h)). Returns 0, or -1 with the reason in
 * @p err. */
int art_paint_render(const art_paint *a, int w, int h, art_image *out,
                     char *err, size_t errlen);

/* Whether every pixel of the picture is grey (R = G = B). */
int art_image_is_grey(const art_image *im);

#endif /* NN_ART_PAINT_H */
