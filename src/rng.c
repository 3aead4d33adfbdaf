/*
 * rng.c - the model's random generator: xoshiro256** (Blackman & Vigna
 * 2018), seeded through splitmix64 so that any 64-bit seed, 0 included,
 * gives a well-mixed state. Each model owns one; there is no global state.
 */
#include "internal.h"

static uint64_t nn__splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

void nn__rng_seed(nn__rng *rng, uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        rng->s[i] = nn__splitmix64(&x);
}

static inline uint64_t nn__rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t nn__rng_next(nn__rng *rng)
{
    uint64_t *s = rng->s;
    uint64_t result = nn__rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = nn__rotl(s[3], 45);
    return result;
}

float nn__rng_uniform(nn__rng *rng)
{
    /* The top 24 bits fill a float's mantissa exactly: k / 2^24. */
    return (float)(nn__rng_next(rng) >> 40) * 0x1.0p-24f;
}

size_t nn__rng_below(nn__rng *rng, size_t bound)
{
    /* Lemire's multiply-shift: the high half of x * bound is uniform in
     * [0, bound) once the few low products below 2^64 mod bound are
     * rejected; no division on the usual path (shuffling calls this once
     * per row per epoch). */
    __extension__ typedef unsigned __int128 u128;
    uint64_t x = nn__rng_next(rng);
    u128 product = (u128)x * bound;
    uint64_t low = (uint64_t)product;
    if (low < bound) {
        uint64_t threshold = (uint64_t)(-(uint64_t)bound) % bound;
        while (low < threshold) {
            x = nn__rng_next(rng);
            product = (u128)x * bound;
            low = (uint64_t)product;
        }
    }
    return (size_t)(product >> 64);
}
