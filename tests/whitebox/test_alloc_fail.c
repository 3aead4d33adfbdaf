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

#include <zlib.h>

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

static long sweep_ops(const char *name, op_fn op, void *ctx,
                      int weights_must_stay);

/* For single operations: a failure must leave every weight unchanged. */
static long sweep(const char *name, op_fn op, void *ctx)
{
    return sweep_ops(name, op, ctx, 1);
}

/* For sequences whose early steps may succeed before a later one fails. */
static long sweep_ops(const char *name, op_fn op, void *ctx,
                      int weights_must_stay)
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
        if (weights_must_stay &&
            memcmp(before, m->params, m->n_params * sizeof(float)) != 0)
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

static nn_status op_metadata(nn_model *m, void *ctx)
{
    NN_TRY(nn_model_set_metadata(m, "data", "fashion-mnist"));
    NN_TRY(nn_model_set_metadata(m, "notes", "a longer value to copy"));
    NN_TRY(nn_model_set_metadata(m, "data", "replaced"));
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

/* Resuming a run through a buffer: optimizer state, history, best weights. */
static nn_status op_resume(nn_model *m, void *ctx)
{
    nn_fit_options o;
    nn_fit_options_init(&o);
    o.validation_split = 0.25f;
    o.patience = 3;
    o.restore_best_weights = 1;
    NN_TRY(nn_fit(m, x, y, ROWS, 1, 16, &o));
    void *data;
    size_t size;
    NN_TRY(nn_model_save_buffer(m, &data, &size));
    nn_model *loaded;
    nn_status st = nn_model_load_buffer(&loaded, data, size);
    nn_free(data);
    if (st != NN_OK)
        return st;
    o.resume = 1;
    st = nn_fit(loaded, x, y, ROWS, 1, 16, &o);
    nn_model_destroy(loaded);
    return st;
}

/* The data set loaders, given files written by dataset_files(). */
typedef struct dataset_files {
    char idx_images[96], idx_labels[96], idx_gz[96], csv[96];
} dataset_files;

static void write_bytes(const char *path, const void *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, size, f), size);
    assert_int_equal(fclose(f), 0);
}

static void dataset_files_make(dataset_files *f, const char *dir)
{
    /* 3 images of 2 x 2 bytes, 3 labels; the gzip copy of the images was
     * made with Python's gzip.compress and is embedded as bytes */
    static const unsigned char images[] = {0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0,
                                           2, 0, 0, 0, 2, 1, 2, 3, 4, 5, 6,
                                           7, 8, 9, 10, 11, 12};
    static const unsigned char labels[] = {0, 0, 8, 1, 0, 0, 0, 3, 0, 1, 2};
    snprintf(f->idx_images, sizeof f->idx_images, "%s/images.idx", dir);
    snprintf(f->idx_labels, sizeof f->idx_labels, "%s/labels.idx", dir);
    snprintf(f->idx_gz, sizeof f->idx_gz, "%s/images.idx.gz", dir);
    snprintf(f->csv, sizeof f->csv, "%s/data.csv", dir);
    write_bytes(f->idx_images, images, sizeof images);
    write_bytes(f->idx_labels, labels, sizeof labels);
    static const char csv[] = "a,b,label\n0.5,1,0\n2,3.25,1\n-1,4,2\n";
    write_bytes(f->csv, csv, sizeof csv - 1);
    /* gzip through zlib itself */
    gzFile gz = gzopen(f->idx_gz, "wb");
    assert_non_null(gz);
    assert_int_equal(gzwrite(gz, images, sizeof images), (int)sizeof images);
    assert_int_equal(gzclose(gz), Z_OK);
}

static nn_status op_datasets(nn_model *unused, void *ctx)
{
    const dataset_files *f = ctx;
    nn_dataset *d;
    NN_TRY(nn_dataset_load_idx(&d, f->idx_images, f->idx_labels,
                               NN_DATASET_NORMALIZE));
    nn_dataset_destroy(d);
    NN_TRY(nn_dataset_load_idx(&d, f->idx_gz, f->idx_labels,
                               NN_DATASET_DEFAULT));
    nn_dataset_destroy(d);
    NN_TRY(nn_dataset_load_csv(&d, f->csv, NN_CSV_LABEL_LAST,
                               NN_DATASET_NORMALIZE));
    nn_dataset_destroy(d);
    return NN_OK;
}

static void test_sweeps(void **state)
{
    char dir[] = "/tmp/nn-alloc-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/model.nnm", dir);
    /* sweep() reports how many allocations each operation makes: the
     * number of allocation sites whose failure is proven clean */
    assert_true(sweep("create+compile", op_create, NULL) > 3);
    assert_true(sweep("fit", op_fit, NULL) > 0);
    assert_true(sweep("predict", op_predict, NULL) >= 0);
    assert_true(sweep("evaluate", op_evaluate, NULL) > 0);
    assert_true(sweep("clone", op_clone, NULL) > 0);
    assert_true(sweep("buffer i/o", op_buffer_round_trip, NULL) > 0);
    assert_true(sweep("file i/o", op_file_round_trip, path) > 0);
    assert_true(sweep("metadata", op_metadata, NULL) > 0);
    assert_true(sweep_ops("fit+save+load+resume", op_resume, NULL, 0) > 0);
    dataset_files files;
    dataset_files_make(&files, dir);
    assert_true(sweep("data sets", op_datasets, &files) > 0);
    unlink(path);
    unlink(files.idx_images);
    unlink(files.idx_labels);
    unlink(files.idx_gz);
    unlink(files.csv);
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
