/*
 * cppn.c - CPPN pictures as libnn models (see cppn.h).
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cppn.h"
#include "names.h"
#include "rng.h"

/* Rows per nn_predict call: 64K rows of 32 units are 8 MiB a layer. */
#define RENDER_CHUNK 65536

/* Distinguishes the latent's random stream from the weights'. */
#define LATENT_STREAM 0x6c6174656e74ULL /* "latent" */

static const nn_activation mix_pool[] = {NN_ACT_TANH, NN_ACT_SIN,
                                         NN_ACT_GAUSSIAN, NN_ACT_SOFTPLUS};

void art_cppn_params_default(art_cppn_params *p)
{
    memset(p, 0, sizeof *p);
    p->seed = 1;
    p->depth = 4;
    p->width = 32;
    p->sigma = 1.0;
    p->scale = 8.0;
    p->zdim = 8;
    p->zscale = 1.0;
    p->channels = 3;
    p->n_acts = 1;
    p->acts[0] = NN_ACT_TANH;
}

void art_cppn_latent(uint64_t seed, int zdim, double zscale, float *z)
{
    art_rng r;
    art_rng_seed(&r, art_mix64(seed ^ LATENT_STREAM));
    for (int i = 0; i < zdim; i++)
        z[i] = (float)((2.0 * art_rng_uniform(&r) - 1.0) * zscale);
}

/* Fills n floats with N(0, sigma^2). */
static void fill_normal(art_rng *r, float *v, size_t n, double sigma)
{
    for (size_t i = 0; i < n; i++)
        v[i] = (float)(sigma * art_rng_normal(r));
}

int art_cppn_create(art_cppn *c, const art_cppn_params *p, char *err,
                    size_t errlen)
{
    memset(c, 0, sizeof *c);
    c->p = *p;
    if (p->depth < 1 || p->depth > ART_CPPN_MAX_DEPTH || p->width < 1 ||
        p->width > ART_CPPN_MAX_WIDTH || p->zdim < 0 ||
        p->zdim > ART_CPPN_MAX_Z || (p->channels != 1 && p->channels != 3) ||
        !(p->sigma > 0) || !(p->scale > 0) || (!p->random_mix && p->n_acts < 1)) {
        snprintf(err, errlen, "invalid CPPN parameters");
        return -1;
    }
    art_rng r;
    art_rng_seed(&r, p->seed);
    /* Resolve the activation of every hidden layer. */
    for (int i = 0; i < p->depth; i++)
        c->p.acts[i] = p->random_mix ? mix_pool[art_rng_below(&r, 4)]
                                     : p->acts[i % p->n_acts];
    c->p.n_acts = p->depth;
    c->p.random_mix = 0;
    art_cppn_latent(p->seed, p->zdim, p->zscale, c->z);

    size_t in = 3 + (size_t)p->zdim;
    nn_model *m = NULL;
    if (nn_model_create(&m, in) != NN_OK)
        goto fail_nn;
    c->model = m;
    for (int i = 0; i < p->depth; i++)
        if (nn_model_add_dense(m, (size_t)p->width, c->p.acts[i]) != NN_OK)
            goto fail_nn;
    if (nn_model_add_dense(m, (size_t)p->channels, NN_ACT_SIGMOID) != NN_OK)
        goto fail_nn;

    size_t widest = in > (size_t)p->width ? in : (size_t)p->width;
    float *kernel = malloc(widest * (size_t)p->width * sizeof *kernel);
    float *bias = malloc((size_t)p->width * sizeof *bias);
    if (!kernel || !bias) {
        free(kernel);
        free(bias);
        snprintf(err, errlen, "out of memory");
        art_cppn_destroy(c);
        return -1;
    }
    size_t fan_in = in;
    for (int i = 0; i <= p->depth; i++) {
        size_t units = i < p->depth ? (size_t)p->width : (size_t)p->channels;
        double sd = i == p->depth && p->out_sigma > 0 ? p->out_sigma
                                                       : p->sigma;
        fill_normal(&r, kernel, fan_in * units, sd);
        fill_normal(&r, bias, units, sd);
        if (nn_model_set_weights(m, (size_t)i, kernel, bias) != NN_OK) {
            free(kernel);
            free(bias);
            goto fail_nn;
        }
        fan_in = units;
    }
    free(kernel);
    free(bias);
    return 0;

fail_nn:
    snprintf(err, errlen, "%s", nn_last_error());
    art_cppn_destroy(c);
    return -1;
}

void art_cppn_destroy(art_cppn *c)
{
    nn_model_destroy(c->model);
    c->model = NULL;
}

int art_cppn_render(const art_cppn *c, const float *z, int w, int h,
                    art_image *out, char *err, size_t errlen)
{
    if (art_image_alloc(out, w, h) != 0) {
        snprintf(err, errlen, "cannot render %dx%d pixels (at most %d a "
                              "side; or out of memory)",
                 w, h, ART_IMAGE_MAX_SIDE);
        return -1;
    }
    if (!z)
        z = c->z;
    size_t in = 3 + (size_t)c->p.zdim, ch = (size_t)c->p.channels;
    size_t n = (size_t)w * (size_t)h;
    size_t chunk = n < RENDER_CHUNK ? n : RENDER_CHUNK;
    float *x = malloc(chunk * in * sizeof *x);
    float *y = malloc(chunk * ch * sizeof *y);
    if (!x || !y) {
        free(x);
        free(y);
        art_image_free(out);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    /* The shorter side spans [-scale, scale]; pixel centres. */
    double side = w < h ? w : h;
    double unit = 2.0 * c->p.scale / side;
    for (size_t start = 0; start < n; start += chunk) {
        size_t rows = n - start < chunk ? n - start : chunk;
        for (size_t k = 0; k < rows; k++) {
            size_t pix = start + k;
            double px = ((double)(pix % (size_t)w) + 0.5 - w / 2.0) * unit;
            double py = ((double)(pix / (size_t)w) + 0.5 - h / 2.0) * unit;
            float *row = x + k * in;
            row[0] = (float)px;
            row[1] = (float)py;
            row[2] = (float)sqrt(px * px + py * py);
            memcpy(row + 3, z, (size_t)c->p.zdim * sizeof *z);
        }
        if (nn_predict(c->model, x, rows, y) != NN_OK) {
            snprintf(err, errlen, "%s", nn_last_error());
            free(x);
            free(y);
            art_image_free(out);
            return -1;
        }
        for (size_t k = 0; k < rows; k++) {
            float *p = out->rgb + (start + k) * 3;
            const float *o = y + k * ch;
            p[0] = o[0];
            p[1] = ch == 3 ? o[1] : o[0];
            p[2] = ch == 3 ? o[2] : o[0];
        }
    }
    free(x);
    free(y);
    return 0;
}

int art_cppn_parse_acts(const char *text, art_cppn_params *p, char *err,
                        size_t errlen)
{
    if (strcmp(text, "random") == 0 || strcmp(text, "mix") == 0) {
        p->random_mix = 1;
        return 0;
    }
    int n = 0;
    const char *s = text;
    for (;;) {
        const char *comma = strchr(s, ',');
        size_t len = comma ? (size_t)(comma - s) : strlen(s);
        nn_activation a;
        if (n == ART_CPPN_MAX_DEPTH) {
            snprintf(err, errlen, "at most %d activations",
                     ART_CPPN_MAX_DEPTH);
            return -1;
        }
        if (nn_cli_activation_lookup(s, len, &a) != 0 ||
            a == NN_ACT_SOFTMAX) {
            snprintf(err, errlen, "unknown activation '%.*s' (expected "
                                  "random or a comma-separated list of "
                                  "tanh, sin, gaussian, softplus, relu, "
                                  "sigmoid, elu, gelu, leaky_relu, linear)",
                     (int)len, s);
            return -1;
        }
        p->acts[n++] = a;
        if (!comma)
            break;
        s = comma + 1;
    }
    p->n_acts = n;
    p->random_mix = 0;
    return 0;
}

void art_cppn_format_acts(const art_cppn_params *p, char *buf, size_t len)
{
    if (p->random_mix) {
        snprintf(buf, len, "random");
        return;
    }
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < p->n_acts && used < len; i++) {
        int k = snprintf(buf + used, len - used, "%s%s", i ? "," : "",
                         nn_cli_activation_name(p->acts[i]));
        if (k < 0)
            break;
        used += (size_t)k;
    }
}

void art_cppn_options(const art_cppn_params *p, char *buf, size_t len)
{
    char acts[1024];
    art_cppn_format_acts(p, acts, sizeof acts);
    char out[64] = "";
    if (p->out_sigma > 0)
        snprintf(out, sizeof out, " --out-sigma %.9g", p->out_sigma);
    snprintf(buf, len, "--seed %llu --depth %d --width %d --sigma %.9g%s "
                       "--scale %.9g --activations %s --z-dim %d --z-scale "
                       "%.9g%s",
             (unsigned long long)p->seed, p->depth, p->width, p->sigma, out,
             p->scale, acts, p->zdim, p->zscale,
             p->channels == 1 ? " --grey" : "");
}
