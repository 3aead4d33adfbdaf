/*
 * test_util.h - helpers shared by the black-box tests of libnn.
 *
 * Only the public interface (nn.h) is used. Everything here is static
 * inline so each test program takes what it needs without warnings.
 */
#ifndef NN_TEST_UTIL_H
#define NN_TEST_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nn.h"

/* ------------------------------------------------------------------------ */
/* Status assertions that print the library's message on failure.           */

#define ASSERT_STATUS(expr, expected)                                         \
    do {                                                                      \
        nn_status st_ = (expr);                                               \
        nn_status ex_ = (expected);                                           \
        if (st_ != ex_) {                                                     \
            print_error("%s:%d: %s\n  returned %s (%d), expected %s (%d)\n"  \
                        "  nn_last_error(): \"%s\"\n",                        \
                        __FILE__, __LINE__, #expr, nn_status_name(st_),       \
                        (int)st_, nn_status_name(ex_), (int)ex_,              \
                        nn_last_error());                                     \
            fail();                                                           \
        }                                                                     \
    } while (0)

#define ASSERT_OK(expr) ASSERT_STATUS(expr, NN_OK)

/* Asserts a condition with a formatted explanation. */
#define CHECK(cond, ...)                                                      \
    do {                                                                      \
        if (!(cond)) {                                                        \
            print_error("%s:%d: check failed: %s\n  ", __FILE__, __LINE__,    \
                        #cond);                                               \
            print_error(__VA_ARGS__);                                         \
            print_error("\n");                                                \
            fail();                                                           \
        }                                                                     \
    } while (0)

/* |got - want| <= abs_tol + rel_tol * |want| */
#define ASSERT_CLOSE(got, want, abs_tol, rel_tol)                             \
    do {                                                                      \
        double g_ = (double)(got), w_ = (double)(want);                       \
        if (!(fabs(g_ - w_) <= (abs_tol) + (rel_tol) * fabs(w_))) {           \
            print_error("%s:%d: %s = %.9g, expected %s = %.9g "               \
                        "(diff %.3g)\n",                                      \
                        __FILE__, __LINE__, #got, g_, #want, w_,              \
                        fabs(g_ - w_));                                       \
            fail();                                                           \
        }                                                                     \
    } while (0)

#define ASSERT_NAN(x)                                                         \
    do {                                                                      \
        double v_ = (double)(x);                                              \
        if (!isnan(v_)) {                                                     \
            print_error("%s:%d: %s = %.9g, expected NaN\n", __FILE__,         \
                        __LINE__, #x, v_);                                    \
            fail();                                                           \
        }                                                                     \
    } while (0)

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------------ */
/* Deterministic data generation (splitmix64), independent of the library.   */

typedef struct test_rng {
    uint64_t s;
} test_rng;

static inline uint64_t test_rng_next(test_rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static inline double test_rng_uniform(test_rng *r)
{
    return (double)(test_rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* Uniform in [lo, hi). */
static inline float test_rng_range(test_rng *r, double lo, double hi)
{
    return (float)(lo + (hi - lo) * test_rng_uniform(r));
}

static inline double test_rng_gauss(test_rng *r)
{
    double u1 = test_rng_uniform(r), u2 = test_rng_uniform(r);
    if (u1 < 1e-300)
        u1 = 1e-300;
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

static inline size_t test_rng_below(test_rng *r, size_t bound)
{
    return (size_t)(test_rng_uniform(r) * (double)bound);
}

static inline float *test_alloc_floats(size_t n)
{
    float *p = calloc(n ? n : 1, sizeof(float));
    assert_non_null(p);
    return p;
}

static inline float *test_random_floats(test_rng *r, size_t n, double lo,
                                        double hi)
{
    float *p = test_alloc_floats(n);
    for (size_t i = 0; i < n; i++)
        p[i] = test_rng_range(r, lo, hi);
    return p;
}

/* ------------------------------------------------------------------------ */
/* Models                                                                    */

/* Input width of layer @p layer: the previous layer's units or input_dim. */
static inline size_t test_layer_in(const nn_model *m, size_t layer)
{
    size_t in = nn_model_input_dim(m);
    if (layer > 0)
        ASSERT_OK(nn_model_layer_units(m, layer - 1, &in));
    return in;
}

/* All weights of all dense layers, kernel then bias per layer, in a new
 * array of nn_model_param_count() floats. */
static inline float *test_get_all_weights(const nn_model *m, size_t *count)
{
    size_t total = nn_model_param_count(m);
    float *w = test_alloc_floats(total);
    size_t off = 0;
    for (size_t l = 0; l < nn_model_layer_count(m); l++) {
        nn_layer_kind kind;
        ASSERT_OK(nn_model_layer_kind(m, l, &kind));
        if (kind != NN_LAYER_DENSE)
            continue;
        size_t in = test_layer_in(m, l), units = 0;
        ASSERT_OK(nn_model_layer_units(m, l, &units));
        assert_true(off + in * units + units <= total);
        ASSERT_OK(nn_model_get_weights(m, l, w + off, w + off + in * units));
        off += in * units + units;
    }
    assert_int_equal(off, total);
    if (count)
        *count = total;
    return w;
}

/* Sets all weights from the layout of test_get_all_weights. */
static inline void test_set_all_weights(nn_model *m, const float *w)
{
    size_t off = 0;
    for (size_t l = 0; l < nn_model_layer_count(m); l++) {
        nn_layer_kind kind;
        ASSERT_OK(nn_model_layer_kind(m, l, &kind));
        if (kind != NN_LAYER_DENSE)
            continue;
        size_t in = test_layer_in(m, l), units = 0;
        ASSERT_OK(nn_model_layer_units(m, l, &units));
        ASSERT_OK(nn_model_set_weights(m, l, w + off, w + off + in * units));
        off += in * units + units;
    }
}

/* 1 if both models have bit-identical weights. */
static inline int test_same_weights(const nn_model *a, const nn_model *b)
{
    size_t na = 0, nb = 0;
    float *wa = test_get_all_weights(a, &na);
    float *wb = test_get_all_weights(b, &nb);
    int same = na == nb && memcmp(wa, wb, na * sizeof(float)) == 0;
    free(wa);
    free(wb);
    return same;
}

static inline int test_all_finite(const float *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(p[i]))
            return 0;
    return 1;
}

/* Predictions of @p m on @p n rows, in a new array. */
static inline float *test_predict(const nn_model *m, const float *x, size_t n)
{
    float *out = test_alloc_floats(n * nn_model_output_dim(m));
    ASSERT_OK(nn_predict(m, x, n, out));
    return out;
}

/* Fit options without shuffling (deterministic row order). */
static inline nn_fit_options test_opts_noshuffle(void)
{
    nn_fit_options o;
    memset(&o, 0xA5, sizeof o);
    ASSERT_OK(nn_fit_options_init(&o));
    o.shuffle = 0;
    return o;
}

/* ------------------------------------------------------------------------ */
/* Temporary directories                                                     */

/* Creates a fresh directory under $TMPDIR or /tmp; free() the result. */
static inline char *test_mkdtemp(void)
{
    const char *base = getenv("TMPDIR");
    if (!base || !*base)
        base = "/tmp";
    size_t len = strlen(base) + 32;
    char *path = malloc(len);
    assert_non_null(path);
    snprintf(path, len, "%s/nn-test-XXXXXX", base);
    assert_non_null(mkdtemp(path));
    return path;
}

/* path1/path2 in a new string; free() it. */
static inline char *test_join(const char *dir, const char *name)
{
    /* memcpy rather than snprintf: GCC's format-truncation analysis under
     * the sanitizers sees a NULL that cannot happen here. */
    size_t dir_len = strlen(dir), name_len = strlen(name);
    char *p = malloc(dir_len + name_len + 2);
    assert_non_null(p);
    memcpy(p, dir, dir_len);
    p[dir_len] = '/';
    memcpy(p + dir_len + 1, name, name_len + 1);
    return p;
}

/* Removes @p path recursively (files, directories, FIFOs, links). */
static inline void test_rm_rf(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        chmod(path, 0700);
        DIR *d = opendir(path);
        if (d) {
            struct dirent *e;
            while ((e = readdir(d)) != NULL) {
                if (strcmp(e->d_name, ".") == 0 ||
                    strcmp(e->d_name, "..") == 0)
                    continue;
                char *child = test_join(path, e->d_name);
                test_rm_rf(child);
                free(child);
            }
            closedir(d);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

/* Number of entries of a directory, "." and ".." excluded; -1 on error. */
static inline int test_dir_entries(const char *path)
{
    DIR *d = opendir(path);
    if (!d)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(d);
    return n;
}

/* Reads a whole file into a new buffer; NULL if it cannot. */
static inline unsigned char *test_read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, len = 0;
    unsigned char *buf = malloc(cap);
    assert_non_null(buf);
    for (;;) {
        if (len == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    fclose(f);
    *size = len;
    return buf;
}

static inline void test_write_file(const char *path, const void *data,
                                   size_t size)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    if (size)
        assert_int_equal(fwrite(data, 1, size, f), size);
    assert_int_equal(fclose(f), 0);
}

#endif /* NN_TEST_UTIL_H */
