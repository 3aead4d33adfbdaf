/*
 * bench_util.h - small helpers shared by the C contenders: the clock,
 * order statistics, argument parsing, JSON output and the two networks.
 * Everything is static inline so each contender includes what it uses.
 */
#ifndef BENCH_UTIL_H
#define BENCH_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#define BENCH_DEFAULT_DATA "/usr/share/datasets/fashion-mnist"

/* Seconds on CLOCK_MONOTONIC. */
static inline double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static inline int bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The q-quantile (0..1, nearest rank) of v[0..n); sorts v. */
static inline double bench_quantile(double *v, size_t n, double q)
{
    if (n == 0)
        return 0.0;
    qsort(v, n, sizeof *v, bench_cmp_double);
    size_t i = (size_t)(q * (double)(n - 1) + 0.5);
    return v[i < n ? i : n - 1];
}

static inline double bench_median(const double *v, size_t n)
{
    double tmp[64];
    double *w = n <= 64 ? tmp : malloc(n * sizeof *w);
    if (!w)
        return 0.0;
    memcpy(w, v, n * sizeof *w);
    double m;
    qsort(w, n, sizeof *w, bench_cmp_double);
    m = n % 2 ? w[n / 2] : 0.5 * (w[n / 2 - 1] + w[n / 2]);
    if (w != tmp)
        free(w);
    return m;
}

/* xorshift64*: the contenders' own shuffles and synthetic data. */
static inline uint64_t bench_rand(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 0x2545F4914F6CDD1DULL;
}

static inline float bench_uniform(uint64_t *s, float lo, float hi)
{
    return lo + (hi - lo) * (float)(bench_rand(s) >> 40) * (1.0f / 16777216.0f);
}

/* Peak resident set of this process in kB (Linux reports kB). */
static inline long bench_maxrss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* "a,b,c" -> up to max sizes; returns the count. */
static inline size_t bench_parse_list(const char *s, size_t *out, size_t max)
{
    size_t n = 0;
    while (s && *s && n < max) {
        char *end;
        out[n++] = (size_t)strtoull(s, &end, 10);
        s = *end == ',' ? end + 1 : end;
        if (end == s && *s)
            break;
    }
    return n;
}

/* Prints "[a,b,c]" of doubles with %.6g. */
static inline void bench_json_array(FILE *f, const double *v, size_t n)
{
    fputc('[', f);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%s%.6g", i ? "," : "", v[i]);
    fputc(']', f);
}

/* The two networks of the benchmark. */
typedef struct bench_net {
    const char *name;
    size_t layers;     /* dense layers */
    size_t width[4];   /* input, then each layer's units */
    size_t batch;
} bench_net;

static const bench_net bench_nets[] = {
    {"origin", 3, {784, 10, 10, 10}, 32},
    {"wide", 3, {784, 512, 512, 10}, 128},
};

static inline const bench_net *bench_find_net(const char *name)
{
    for (size_t i = 0; i < sizeof bench_nets / sizeof *bench_nets; i++)
        if (strcmp(bench_nets[i].name, name) == 0)
            return &bench_nets[i];
    return NULL;
}

static inline size_t bench_net_params(const bench_net *net)
{
    size_t p = 0;
    for (size_t i = 0; i < net->layers; i++)
        p += net->width[i] * net->width[i + 1] + net->width[i + 1];
    return p;
}

#endif
