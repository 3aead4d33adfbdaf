/*
 * rng.h - the art commands' own seeded random numbers: xoshiro256**
 * (Blackman & Vigna 2018) seeded through splitmix64, uniform floats and
 * normal deviates by the Box-Muller transform (Box & Muller 1958).
 *
 * Everything `nn art` draws (CPPN weights, latent vectors, Fourier feature
 * matrices, mutations) comes from here, so a seed fixes a picture on every
 * platform: no rand(), no global state.
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#ifndef NN_ART_RNG_H
#define NN_ART_RNG_H

#include <stdint.h>

typedef struct art_rng {
    uint64_t s[4];
    double spare;    /* the second Box-Muller deviate */
    int have_spare;
} art_rng;

/* Seeds the generator; any seed (0 included) gives a good state. */
void art_rng_seed(art_rng *r, uint64_t seed);

/* The next 64 random bits. */
uint64_t art_rng_next(art_rng *r);

/* Uniform in [0, 1), 53 bits. */
double art_rng_uniform(art_rng *r);

/* Uniform integer in [0, n), n >= 1 (Lemire's nearly divisionless method
 * is overkill here: the modulo bias of a 64-bit draw is below 2^-40 for
 * the small n the commands use). */
uint64_t art_rng_below(art_rng *r, uint64_t n);

/* A standard normal deviate N(0, 1) by Box-Muller:
 *   z0 = sqrt(-2 ln u1) cos(2 pi u2),  z1 = sqrt(-2 ln u1) sin(2 pi u2)
 * with u1 in (0, 1], u2 in [0, 1); z1 is kept for the next call. */
double art_rng_normal(art_rng *r);

/* splitmix64 of @p x: a well-mixed 64-bit value, used to derive
 * independent seeds (seed of piece i = art_mix(seed ^ i)). */
uint64_t art_mix64(uint64_t x);

#endif /* NN_ART_RNG_H */
