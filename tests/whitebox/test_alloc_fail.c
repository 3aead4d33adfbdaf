/*
 * test_alloc_fail.c - SQLite-style allocation-failure sweeps. Each
 * operation runs with the N-th allocation failing, for N = 0, 1, 2, ...
 * until it completes without a failure. Every faulted run must return
 * NN_ERR_NOMEM (never crash), leave the model usable and destroyable, and
 * leak nothing (the sanitizer and valgrind runs of CI check the leaks).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

#define ROWS 64
#define IN 8
#define OUT 3

static float x[ROWS * IN], y[ROWS];

static int setup_data(void **state)
{
    nn__rng rng;
    nn__rng_seed(&rng, 5);
    for (size_t i = 0; i < ROWS * IN; i++)
        x[i] = nn__rng_uniform(&rng);
    for (size_t r = 0; r < ROWS; r++)
        y[r] = (float)(r % OUT);
    return 0;
}

static nn_status build(nn_model **out)
{
    nn_model *m;
    NN_TRY(nn_model_create(&m, IN));
    nn_status st = nn_model_add_dense(m, 16, NN_ACT_RELU);
    if (st == NN_OK)
        st = nn_model_add_dropout(m, 0.2f);
    if (st == NN_OK)
        st = nn_model_add_dense(m, 16, NN_ACT_TANH);
    if (st == NN_OK)
        st = nn_model_add_dense(m, OUT, NN_ACT_SOFTMAX);
    if (st == NN_OK)
        st = nn_model_compile(m, NN_OPT_ADAM,
                              NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 0);
    if (st != NN_OK) {
        nn_model_destroy(m);
        *out = NULL;
        return st;
    }
    *out = m;
    return NN_OK;
}

/* Runs op with the n-th allocation failing for every n until it succeeds;
 * returns how many faulted runs there were. */
typedef nn_status (*op_fn)(nn_model *m, void *ctx);

static long sweep(const char *name, op_fn op, void *ctx)
{
    for (long n = 0;; n++) {
        nn_model *m;
        nn__alloc_fail_after(-1);
        assert_int_equal(build(&m), NN_OK);
        float before[4096];
        assert_true(m->n_params <= 4096);
        memcpy(before, m->params, m->n_params * sizeof(float));
        nn__alloc_fail_after(n);
        nn_status st = op(m, ctx);
        long attempts = nn__alloc_fail_after(-1);
        if (st == NN_OK && attempts <= n) {
            nn_model_destroy(m);
            print_message("  %-14s %ld allocation(s), each failure clean\n",
                          name, n);
            return n;
        }
        if (st != NN_ERR_NOMEM)
            fail_msg("%s with allocation %ld failing returned %s: %s", name,
                     n, nn_status_name(st), nn_last_error());
        /* no half-updated tensors: a failed operation changed no weight */
        if (memcmp(before, m->params, m->n_params * sizeof(float)) != 0)
            fail_msg("%s failed with NOMEM but changed the weights", name);
        /* the model still works after the failure */
        float out[OUT];
        assert_int_equal(nn_predict(m, x, 1, out), NN_OK);
        nn_model_destroy(m);
        assert_true(n < 10000);
    }
}

static nn_status op_fit(nn_model *m, void *ctx)
{
    nn_fit_options o;
    nn_fit_options_init(&o);
    o.validation_split = 0.25f;
    o.patience = 5;
    o.restore_best_weights = 1;
    return nn_fit(m, x, y, ROWS, 2, 16, &o);
}

static nn_status op_predict(nn_model *m, void *ctx)
{
    static float out[ROWS * OUT];
    return nn_predict(m, x, ROWS, out);
}

static nn_status op_evaluate(nn_model *m, void *ctx)
{
    float loss, acc;
    return nn_evaluate(m, x, y, ROWS, &loss, &acc);
}

static nn_status op_clone(nn_model *m, void *ctx)
{
    nn_model *c;
    NN_TRY(nn_model_clone(m, &c));
    nn_model_destroy(c);
    return NN_OK;
}

static nn_status op_buffer_round_trip(nn_model *m, void *ctx)
{
    void *data;
    size_t size;
    NN_TRY(nn_model_save_buffer(m, &data, &size));
    nn_model *loaded;
    nn_status st = nn_model_load_buffer(&loaded, data, size);
    nn_free(data);
    if (st == NN_OK)
        nn_model_destroy(loaded);
    return st;
}

static nn_status op_file_round_trip(nn_model *m, void *ctx)
{
    const char *path = ctx;
    NN_TRY(nn_model_save(m, path));
    nn_model *loaded;
    NN_TRY(nn_model_load(&loaded, path));
    nn_model_destroy(loaded);
    return NN_OK;
}

static nn_status op_create(nn_model *unused, void *ctx)
{
    nn_model *m;
    NN_TRY(build(&m));
    nn_model_destroy(m);
    return NN_OK;
}

static void test_sweeps(void **state)
{
    char dir[] = "/tmp/nn-alloc-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/model.nnm", dir);
    assert_true(sweep("create+compile", op_create, NULL) > 3);
    assert_true(sweep("fit", op_fit, NULL) > 0);
    assert_true(sweep("predict", op_predict, NULL) >= 0);
    assert_true(sweep("evaluate", op_evaluate, NULL) > 0);
    assert_true(sweep("clone", op_clone, NULL) > 0);
    assert_true(sweep("buffer i/o", op_buffer_round_trip, NULL) > 0);
    assert_true(sweep("file i/o", op_file_round_trip, path) > 0);
    unlink(path);
    rmdir(dir);
}

/* A fit that failed for memory keeps the model trainable afterwards. */
static void test_fit_after_failure(void **state)
{
    nn_model *m;
    assert_int_equal(build(&m), NN_OK);
    nn__alloc_fail_after(0);
    assert_int_equal(nn_fit(m, x, y, ROWS, 1, 8, NULL), NN_ERR_NOMEM);
    assert_non_null(strstr(nn_last_error(), "out of memory"));
    nn__alloc_fail_after(-1);
    assert_int_equal(nn_fit(m, x, y, ROWS, 3, 8, NULL), NN_OK);
    /* warm: the same fit again allocates nothing at all */
    nn__alloc_fail_after(0);
    assert_int_equal(nn_fit(m, x, y, ROWS, 3, 8, NULL), NN_OK);
    nn__alloc_fail_after(-1);
    nn_model_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sweeps),
        cmocka_unit_test(test_fit_after_failure),
    };
    return cmocka_run_group_tests(tests, setup_data, NULL);
}
