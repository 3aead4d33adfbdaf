/*
 * rng.c - xoshiro256** and Box-Muller normals (see rng.h).
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#include <math.h>

#include "rng.h"

#define ART_PI 3.14159265358979323846

uint64_t art_mix64(uint64_t x)
{
    /* splitmix64's finaliser (Steele, Lea & Flood 2014). */
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

void art_rng_seed(art_rng *r, uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++) {
        x += 0x9e3779b97f4a7c15ULL;
        r->s[i] = art_mix64(x);
    }
    r->have_spare = 0;
    r->spare = 0.0;
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t art_rng_next(art_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double art_rng_uniform(art_rng *r)
{
    return (double)(art_rng_next(r) >> 11) * 0x1.0p-53;
}

uint64_t art_rng_below(art_rng *r, uint64_t n)
{
    return n <= 1 ? 0 : art_rng_next(r) % n;
}

double art_rng_normal(art_rng *r)
{
    if (r->have_spare) {
        r->have_spare = 0;
        return r->spare;
    }
    double u1 = 1.0 - art_rng_uniform(r); /* (0, 1]: log is finite */
    double u2 = art_rng_uniform(r);
    double rad = sqrt(-2.0 * log(u1));
    r->spare = rad * sin(2.0 * ART_PI * u2);
    r->have_spare = 1;
    return rad * cos(2.0 * ART_PI * u2);
}
