/*
 * paint.c - image regression with Fourier features or SIREN layers (see
 * paint.h).
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paint.h"
#include "rng.h"

#define ART_PI 3.14159265358979323846
#define RENDER_CHUNK 16384

/* Streams of the seed for B, the SIREN weights and the hold-out. */
#define STREAM_B 0x4642ULL
#define STREAM_SIREN 0x5349ULL
#define STREAM_HOLDOUT 0x484fULL

void art_paint_params_default(art_paint_params *p)
{
    memset(p, 0, sizeof *p);
    p->features = 256;
    p->feature_sigma = 10.0;
    p->siren = 0;
    p->omega0 = 30.0;
    p->depth = 3;
    p->width = 256;
    p->lr = 1e-3;
    p->seed = 0;
    p->holdout = 0.1;
}

double art_psnr(double mse)
{
    return -10.0 * log10(mse);
}

int art_image_is_grey(const art_image *im)
{
    size_t n = (size_t)im->w * (size_t)im->h;
    for (size_t i = 0; i < n; i++) {
        const float *p = im->rgb + 3 * i;
        if (p[0] != p[1] || p[0] != p[2])
            return 0;
    }
    return 1;
}

/* SIREN's initialisation, w0 folded in (see paint.h). */
static int init_siren(art_paint *a)
{
    art_rng r;
    art_rng_seed(&r, art_mix64(a->p.seed ^ STREAM_SIREN));
    size_t fan_in = a->in_dim;
    size_t max_units = (size_t)a->p.width;
    size_t widest = fan_in > max_units ? fan_in : max_units;
    float *k = malloc(widest * max_units * sizeof *k);
    float *b = malloc(max_units * sizeof *b);
    int rc = -1;
    if (!k || !b)
        goto done;
    double w0 = a->p.omega0;
    for (int layer = 0; layer <= a->p.depth; layer++) {
        int last = layer == a->p.depth;
        size_t units = last ? (size_t)a->channels : (size_t)a->p.width;
        double n = (double)fan_in;
        /* First layer U(-1/n, 1/n); later U(+-sqrt(6/n)/w0); times w0 for
         * the sine layers, as they compute sin(w0 (W x + b)). */
        double bound = layer == 0 ? 1.0 / n : sqrt(6.0 / n) / w0;
        double gain = last ? 1.0 : w0;
        for (size_t i = 0; i < fan_in * units; i++)
            k[i] = (float)(gain * bound * (2 * art_rng_uniform(&r) - 1));
        /* Biases as PyTorch's nn.Linear default: U(+-1/sqrt(n)). */
        for (size_t i = 0; i < units; i++)
            b[i] = (float)(gain * (2 * art_rng_uniform(&r) - 1) / sqrt(n));
        if (nn_model_set_weights(a->model, (size_t)layer, k, b) != NN_OK)
            goto done;
        fan_in = units;
    }
    rc = 0;
done:
    free(k);
    free(b);
    return rc;
}

int art_paint_create(art_paint *a, const art_paint_params *p, int channels,
                     char *err, size_t errlen)
{
    memset(a, 0, sizeof *a);
    a->p = *p;
    a->channels = channels;
    if (p->features < 0 || p->features > ART_PAINT_MAX_FEATURES ||
        p->depth < 1 || p->depth > ART_PAINT_MAX_DEPTH || p->width < 1 ||
        p->width > ART_PAINT_MAX_WIDTH || (channels != 1 && channels != 3)) {
        snprintf(err, errlen, "invalid painting network parameters");
        return -1;
    }
    a->in_dim = p->features > 0 ? 2 * (size_t)p->features : 2;
    if (p->features > 0) {
        a->b = malloc(2 * (size_t)p->features * sizeof *a->b);
        if (!a->b) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        art_rng r;
        art_rng_seed(&r, art_mix64(p->seed ^ STREAM_B));
        for (int i = 0; i < 2 * p->features; i++)
            a->b[i] = (float)(p->feature_sigma * art_rng_normal(&r));
    }
    nn_model *m = NULL;
    if (nn_model_create(&m, a->in_dim) != NN_OK ||
        nn_model_set_seed(m, p->seed) != NN_OK)
        goto fail_nn;
    a->model = m;
    for (int i = 0; i < p->depth; i++)
        if (nn_model_add_dense(m, (size_t)p->width,
                               p->siren ? NN_ACT_SIN : NN_ACT_RELU) != NN_OK)
            goto fail_nn;
    if (nn_model_add_dense(m, (size_t)channels,
                           p->siren ? NN_ACT_LINEAR : NN_ACT_SIGMOID) !=
        NN_OK)
        goto fail_nn;
    if (p->siren && init_siren(a) != 0)
        goto fail_nn;
    if (nn_model_compile(m, NN_OPT_ADAM, NN_LOSS_MSE, (float)p->lr) != NN_OK)
        goto fail_nn;
    return 0;
fail_nn:
    snprintf(err, errlen, "%s",
             nn_last_error()[0] ? nn_last_error() : "out of memory");
    art_paint_destroy(a);
    return -1;
}

void art_paint_destroy(art_paint *a)
{
    nn_model_destroy(a->model);
    free(a->b);
    a->model = NULL;
    a->b = NULL;
}

void art_paint_encode(const art_paint *a, const float *uv, size_t n,
                      float *x)
{
    size_t m = (size_t)a->p.features;
    for (size_t i = 0; i < n; i++) {
        float u = uv[2 * i], v = uv[2 * i + 1];
        float *row = x + i * a->in_dim;
        if (m == 0) {
            /* Raw coordinates: [-1, 1] for SIREN, [0, 1] otherwise. */
            row[0] = a->p.siren ? 2 * u - 1 : u;
            row[1] = a->p.siren ? 2 * v - 1 : v;
            continue;
        }
        for (size_t k = 0; k < m; k++) {
            double t = 2 * ART_PI * ((double)a->b[2 * k] * u +
                                     (double)a->b[2 * k + 1] * v);
            row[k] = (float)sin(t);
            row[m + k] = (float)cos(t);
        }
    }
}

static void pixel_uv(size_t pix, int w, int h, float *uv)
{
    uv[0] = (float)(((double)(pix % (size_t)w) + 0.5) / w);
    uv[1] = (float)(((double)(pix / (size_t)w) + 0.5) / h);
}

int art_paint_prepare(const art_paint *a, const art_image *target,
                      art_paint_data *d)
{
    memset(d, 0, sizeof *d);
    size_t n = (size_t)target->w * (size_t)target->h;
    unsigned char *held = calloc(n, 1);
    if (!held)
        return -1;
    art_rng r;
    art_rng_seed(&r, art_mix64(a->p.seed ^ STREAM_HOLDOUT));
    for (size_t i = 0; i < n; i++) {
        held[i] = art_rng_uniform(&r) < a->p.holdout;
        d->n_val += held[i];
    }
    d->n_train = n - d->n_val;
    if (d->n_train == 0) { /* a one-pixel picture, say */
        memset(held, 0, n);
        d->n_val = 0;
        d->n_train = n;
    }
    size_t ch = (size_t)a->channels, in = a->in_dim;
    d->x = malloc(d->n_train * in * sizeof *d->x);
    d->y = malloc(d->n_train * ch * sizeof *d->y);
    if (d->n_val) {
        d->val_x = malloc(d->n_val * in * sizeof *d->val_x);
        d->val_y = malloc(d->n_val * ch * sizeof *d->val_y);
    }
    if (!d->x || !d->y || (d->n_val && (!d->val_x || !d->val_y))) {
        free(held);
        art_paint_data_free(d);
        return -1;
    }
    size_t t = 0, v = 0;
    for (size_t i = 0; i < n; i++) {
        float uv[2];
        pixel_uv(i, target->w, target->h, uv);
        float *xr = held[i] ? d->val_x + v * in : d->x + t * in;
        float *yr = held[i] ? d->val_y + v * ch : d->y + t * ch;
        art_paint_encode(a, uv, 1, xr);
        const float *px = target->rgb + 3 * i;
        for (size_t c = 0; c < ch; c++)
            yr[c] = px[c];
        if (held[i])
            v++;
        else
            t++;
    }
    free(held);
    return 0;
}

void art_paint_data_free(art_paint_data *d)
{
    free(d->x);
    free(d->y);
    free(d->val_x);
    free(d->val_y);
    memset(d, 0, sizeof *d);
}

double art_paint_mse(const art_paint *a, const float *x, const float *y,
                     size_t n)
{
    float loss;
    if (nn_evaluate(a->model, x, y, n, &loss, NULL) != NN_OK)
        return NAN;
    return loss;
}

int art_paint_render(const art_paint *a, int w, int h, art_image *out,
                     char *err, size_t errlen)
{
    if (art_image_alloc(out, w, h) != 0) {
        snprintf(err, errlen, "cannot paint %dx%d pixels (at most %d a "
                              "side; or out of memory)",
                 w, h, ART_IMAGE_MAX_SIDE);
        return -1;
    }
    size_t n = (size_t)w * (size_t)h, ch = (size_t)a->channels;
    size_t chunk = n < RENDER_CHUNK ? n : RENDER_CHUNK;
    float *uv = malloc(chunk * 2 * sizeof *uv);
    float *x = malloc(chunk * a->in_dim * sizeof *x);
    float *y = malloc(chunk * ch * sizeof *y);
    int rc = -1;
    if (!uv || !x || !y) {
        snprintf(err, errlen, "out of memory");
        goto done;
    }
    for (size_t start = 0; start < n; start += chunk) {
        size_t rows = n - start < chunk ? n - start : chunk;
        for (size_t k = 0; k < rows; k++)
            pixel_uv(start + k, w, h, uv + 2 * k);
        art_paint_encode(a, uv, rows, x);
        if (nn_predict(a->model, x, rows, y) != NN_OK) {
            snprintf(err, errlen, "%s", nn_last_error());
            goto done;
        }
        for (size_t k = 0; k < rows; k++) {
            float *p = out->rgb + (start + k) * 3;
            for (int c = 0; c < 3; c++) {
                float v = y[k * ch + (ch == 3 ? (size_t)c : 0)];
                p[c] = v < 0 ? 0 : v > 1 ? 1 : v;
            }
        }
    }
    rc = 0;
done:
    free(uv);
    free(x);
    free(y);
    if (rc != 0)
        art_image_free(out);
    return rc;
}
