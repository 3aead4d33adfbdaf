/*
 * evolve.h - a simple evolutionary search over CPPN settings (cppn.h) for
 * pictures whose statistics come closest to those of paintings
 * (art_closeness in measures.h): a (mu + lambda) loop with elitism. Each
 * generation keeps the best half and refills the population with mutated
 * copies of them.
 *
 * The search space: the seed (a new one: a different picture), sigma,
 * the output layer's sigma and the scale (each multiplied by
 * exp(N(0, 0.2^2)), rounded to 0.01), the depth
 * (+-1, within 2 .. 10) and one layer's activation (among tanh, sin,
 * gaussian, softplus). Width, latent size and colour stay as given.
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#ifndef NN_ART_EVOLVE_H
#define NN_ART_EVOLVE_H

#include <stddef.h>

#include "cppn.h"
#include "measures.h"
#include "rng.h"

/* Random settings around @p base for a gallery or a first generation:
 * a fresh seed, sigma in [0.6, 1.4], the output layer's sigma in
 * [0.3, 1.2] and scale in [1.5, 8] (both log-uniform),
 * depth 3 .. 6, a per-layer activation pattern drawn from the four CPPN
 * activations (tanh 55%, the others 15% each). Width, latent size, z scale and colour
 * come from @p base. The result is resolved (no random_mix). */
void art_evolve_sample(art_rng *r, const art_cppn_params *base,
                       art_cppn_params *out);

/* One to three mutations of @p parent (see above) into @p child. */
void art_evolve_mutate(art_rng *r, const art_cppn_params *parent,
                       art_cppn_params *child);

/* One member of the population. */
typedef struct art_candidate {
    art_cppn_params p;
    art_measures m;
    double closeness, distance;
    int scored; /* 0 until evaluated */
} art_candidate;

/* Called after each generation with the population sorted best first;
 * return non-zero to stop. */
typedef int (*art_evolve_report)(void *user, int generation,
                                 const art_candidate *pop, int size);

typedef struct art_evolve_opts {
    int population;   /* >= 2 */
    int generations;  /* >= 1 */
    int eval_w, eval_h; /* the size pictures are scored at */
    uint64_t seed;    /* of the search itself */
    int sample_start; /* 1: the first generation is sampled around base;
                         0: it is base and mutations of it */
    art_evolve_report report;
    void *report_user;
} art_evolve_opts;

/* Runs the search from @p base; on return @p pop (population entries,
 * allocated by the caller) holds the last generation sorted best first.
 * Returns 0, 1 when the report callback stopped it, or -1 with the reason
 * in @p err. */
int art_evolve_run(const art_cppn_params *base, const art_evolve_opts *o,
                   art_candidate *pop, char *err, size_t errlen);

/* Renders and scores one candidate at w x h. Returns 0 or -1 (@p err). */
int art_evolve_score(art_candidate *c, int w, int h, char *err,
                     size_t errlen);

#endif /* NN_ART_EVOLVE_H */
