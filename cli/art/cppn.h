/*
 * cppn.h - compositional pattern-producing networks (Stanley 2007,
 * "Compositional pattern producing networks: a novel abstraction of
 * development", Genetic Programming and Evolvable Machines 8(2)), in the
 * form of hardmaru's cppn-tensorflow recipe, as libnn models.
 *
 * Per pixel the network sees x, y, r = sqrt(x^2 + y^2) and a latent
 * vector z shared by every pixel; the first dense layer's bias is the
 * recipe's bias input. Hidden dense layers of one activation each (tanh,
 * sin, gaussian, softplus, ... cycled from a list) follow, then a sigmoid
 * layer of 1 (grey) or 3 (RGB) outputs. Every kernel and bias is drawn
 * N(0, sigma^2) from the seed (Box-Muller, rng.h) with no fan-in scaling,
 * so tanh saturates into sharp bands, and set with nn_model_set_weights.
 *
 * A picture is one nn_predict over all its pixels (in chunks of 64K rows):
 * the coordinates span [-scale, scale] along the shorter side, measured at
 * pixel centres, so the same network renders any resolution of the same
 * picture.
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#ifndef NN_ART_CPPN_H
#define NN_ART_CPPN_H

#include <stddef.h>
#include <stdint.h>

#include "image.h"
#include "nn.h"

#define ART_CPPN_MAX_DEPTH 32
#define ART_CPPN_MAX_WIDTH 1024
#define ART_CPPN_MAX_Z 64

typedef struct art_cppn_params {
    uint64_t seed;   /* the weights and the latent vector */
    int depth;       /* hidden layers, 1 .. ART_CPPN_MAX_DEPTH */
    int width;       /* units per hidden layer */
    double sigma;    /* sd of every weight */
    double out_sigma; /* sd of the output layer's weights; 0: sigma */
    double scale;    /* coordinates span [-scale, scale]: the zoom */
    int zdim;        /* latent size, 0 .. ART_CPPN_MAX_Z */
    double zscale;   /* z ~ U(-1, 1)^zdim times this */
    int channels;    /* 1 grey, 3 RGB */
    int random_mix;  /* draw each layer's activation from the seed among
                        tanh, sin, gaussian, softplus (acts is ignored) */
    int n_acts;      /* the activation pattern, cycled over the layers */
    nn_activation acts[ART_CPPN_MAX_DEPTH];
} art_cppn_params;

typedef struct art_cppn {
    art_cppn_params p; /* with the activations resolved per layer:
                          n_acts == depth, random_mix == 0 */
    nn_model *model;
    float z[ART_CPPN_MAX_Z]; /* the seed's latent vector */
} art_cppn;

/* hardmaru's defaults: 4 x 32 tanh, sigma 1, scale 8, z of 8, RGB. */
void art_cppn_params_default(art_cppn_params *p);

/* Builds the network. Returns 0, or -1 with the reason in @p err. */
int art_cppn_create(art_cppn *c, const art_cppn_params *p, char *err,
                    size_t errlen);

void art_cppn_destroy(art_cppn *c);

/* The latent vector of @p seed: zdim values U(-1, 1) times zscale, from
 * a stream of its own (so a network's seed and a latent's seed may be
 * mixed: animations go from the latent of one seed to another's). */
void art_cppn_latent(uint64_t seed, int zdim, double zscale, float *z);

/* Renders w x h pixels with latent @p z (NULL: the seed's own) into
 * @p out (allocated here). Returns 0, or -1 with the reason in @p err. */
int art_cppn_render(const art_cppn *c, const float *z, int w, int h,
                    art_image *out, char *err, size_t errlen);

/* Parses an activation pattern: "random", or names joined by commas
 * ("tanh", "tanh,sin,gaussian"), at most ART_CPPN_MAX_DEPTH. Returns 0,
 * or -1 with the reason in @p err. */
int art_cppn_parse_acts(const char *text, art_cppn_params *p, char *err,
                        size_t errlen);

/* Writes the resolved pattern as "tanh,sin,..." into @p buf. */
void art_cppn_format_acts(const art_cppn_params *p, char *buf, size_t len);

/* Writes the `nn art cppn` options that rebuild the network of @p p
 * ("--seed 7 --depth 4 ... --activations tanh,sin"), without --size and
 * -o. Values print with %.9g, so they read back exactly for the values
 * the search makes (rounded to 0.01). */
void art_cppn_options(const art_cppn_params *p, char *buf, size_t len);

#endif /* NN_ART_CPPN_H */
