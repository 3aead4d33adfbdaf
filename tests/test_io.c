/*
 * test_io.c - files, buffers and clones: round trips are exact, every
 * damaged input is refused with NN_ERR_FORMAT, failed saves damage
 * nothing, checkpoints.
 */
#include <errno.h>
#include <signal.h>
#include <sys/resource.h>

#include "test_util.h"

enum { IN = 6, OUT = 4, N = 64 };

typedef struct io_fixture {
    char *dir;
    float *x, *y; /* N rows, sparse labels */
} io_fixture;

static int setup(void **state)
{
    io_fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    f->dir = test_mkdtemp();
    test_rng r = {201};
    f->x = test_random_floats(&r, N * IN, -1, 1);
    f->y = test_alloc_floats(N);
    for (size_t i = 0; i < N; i++)
        f->y[i] = (float)test_rng_below(&r, OUT);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    io_fixture *f = *state;
    test_rm_rf(f->dir);
    free(f->dir);
    free(f->x);
    free(f->y);
    free(f);
    return 0;
}

/* 6 -> 16 relu -> dropout 0.3 -> 8 elu -> 4 softmax, Adam with custom
 * hyper-parameters, trained a little. */
static nn_model *make_trained(const io_fixture *f, uint64_t seed)
{
    nn_model *m = NULL;
    ASSERT_OK(nn_model_create(&m, IN));
    ASSERT_OK(nn_model_set_seed(m, seed));
    ASSERT_OK(nn_model_add_dense(m, 16, NN_ACT_RELU));
    ASSERT_OK(nn_model_add_dropout(m, 0.3f));
    ASSERT_OK(nn_model_add_dense(m, 8, NN_ACT_ELU));
    ASSERT_OK(nn_model_add_dense(m, OUT, NN_ACT_SOFTMAX));
    ASSERT_OK(nn_model_compile(m, NN_OPT_ADAM,
                               NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY,
                               0.005f));
    ASSERT_OK(nn_model_set_param(m, NN_PARAM_BETA1, 0.8));
    ASSERT_OK(nn_model_set_param(m, NN_PARAM_BETA2, 0.99));
    ASSERT_OK(nn_model_set_param(m, NN_PARAM_EPSILON, 1e-5));
    ASSERT_OK(nn_model_set_param(m, NN_PARAM_CLIP_NORM, 2.5));
    ASSERT_OK(nn_model_set_param(m, NN_PARAM_WEIGHT_DECAY, 0.01));
    ASSERT_OK(nn_model_set_param(m, NN_PARAM_ELU_ALPHA, 0.7));
    ASSERT_OK(nn_fit(m, f->x, f->y, N, 3, 16, NULL));
    return m;
}

/* Architecture, parameters, weights and predictions are identical. */
static void assert_same_model(const nn_model *a, const nn_model *b,
                              const float *x)
{
    assert_int_equal(nn_model_input_dim(a), nn_model_input_dim(b));
    assert_int_equal(nn_model_output_dim(a), nn_model_output_dim(b));
    assert_int_equal(nn_model_param_count(a), nn_model_param_count(b));
    assert_int_equal(nn_model_layer_count(a), nn_model_layer_count(b));
    for (size_t l = 0; l < nn_model_layer_count(a); l++) {
        nn_layer_kind ka, kb;
        size_t ua = 0, ub = 0;
        ASSERT_OK(nn_model_layer_kind(a, l, &ka));
        ASSERT_OK(nn_model_layer_kind(b, l, &kb));
        assert_int_equal(ka, kb);
        ASSERT_OK(nn_model_layer_units(a, l, &ua));
        ASSERT_OK(nn_model_layer_units(b, l, &ub));
        assert_int_equal(ua, ub);
        if (ka == NN_LAYER_DENSE) {
            nn_activation aa, ab;
            ASSERT_OK(nn_model_layer_activation(a, l, &aa));
            ASSERT_OK(nn_model_layer_activation(b, l, &ab));
            assert_int_equal(aa, ab);
        } else {
            float ra = NAN, rb = NAN;
            ASSERT_OK(nn_model_layer_dropout_rate(a, l, &ra));
            ASSERT_OK(nn_model_layer_dropout_rate(b, l, &rb));
            assert_true(ra == rb);
        }
    }
    for (int p = 0; p < NN_PARAM_COUNT; p++) {
        double va = NAN, vb = NAN;
        ASSERT_OK(nn_model_get_param(a, (nn_param)p, &va));
        ASSERT_OK(nn_model_get_param(b, (nn_param)p, &vb));
        CHECK(va == vb || (isnan(va) && isnan(vb)),
              "param %d: %.17g vs %.17g", p, va, vb);
    }
    assert_true(test_same_weights(a, b));
    float *pa = test_predict(a, x, N), *pb = test_predict(b, x, N);
    assert_memory_equal(pa, pb, N * nn_model_output_dim(a) * sizeof(float));
    free(pa);
    free(pb);
}

/* The loaded model has the compile settings, the optimizer state and the
 * generator state: the original and the copy go on training identically. */
static void assert_trains_like(nn_model *orig, nn_model *loaded,
                               const io_fixture *f)
{
    assert_int_equal(nn_model_epochs_done(orig), nn_model_epochs_done(loaded));
    assert_int_equal(nn_model_history_len(orig), nn_model_history_len(loaded));
    float lo = NAN, ll = NAN;
    ASSERT_OK(nn_evaluate(orig, f->x, f->y, N, &lo, NULL));
    ASSERT_OK(nn_evaluate(loaded, f->x, f->y, N, &ll, NULL));
    assert_true(lo == ll);
    ASSERT_OK(nn_fit(orig, f->x, f->y, N, 2, 16, NULL));
    ASSERT_OK(nn_fit(loaded, f->x, f->y, N, 2, 16, NULL));
    assert_true(test_same_weights(orig, loaded));
}

static void test_save_load_file(void **state)
{
    io_fixture *f = *state;
    nn_model *m = make_trained(f, 5);
    char *path = test_join(f->dir, "model.nn");
    ASSERT_OK(nn_model_save(m, path));
    /* No temporary file left behind. */
    assert_int_equal(test_dir_entries(f->dir), 1);
    nn_model *l = NULL;
    ASSERT_OK(nn_model_load(&l, path));
    assert_non_null(l);
    assert_same_model(m, l, f->x);
    assert_trains_like(m, l, f);
    nn_model_destroy(l);

    /* Saving again over the file replaces it. */
    nn_model *other = make_trained(f, 6);
    ASSERT_OK(nn_model_save(other, path));
    assert_int_equal(test_dir_entries(f->dir), 1);
    ASSERT_OK(nn_model_load(&l, path));
    assert_same_model(other, l, f->x);
    nn_model_destroy(l);

    /* A file written from a buffer loads, and a file's bytes load as a
     * buffer: one format. */
    size_t fsize = 0;
    unsigned char *bytes = test_read_file(path, &fsize);
    assert_non_null(bytes);
    ASSERT_OK(nn_model_load_buffer(&l, bytes, fsize));
    assert_same_model(other, l, f->x);
    nn_model_destroy(l);
    free(bytes);
    void *data = NULL;
    size_t size = 0;
    ASSERT_OK(nn_model_save_buffer(m, &data, &size));
    char *path2 = test_join(f->dir, "from-buffer.nn");
    test_write_file(path2, data, size);
    ASSERT_OK(nn_model_load(&l, path2));
    assert_same_model(m, l, f->x);
    nn_model_destroy(l);
    nn_free(data);

    free(path);
    free(path2);
    nn_model_destroy(other);
    nn_model_destroy(m);
}

static void test_save_load_buffer(void **state)
{
    io_fixture *f = *state;
    nn_model *m = make_trained(f, 7);
    void *data = NULL;
    size_t size = 0;
    ASSERT_OK(nn_model_save_buffer(m, &data, &size));
    assert_non_null(data);
    assert_true(size > nn_model_param_count(m) * sizeof(float));
    nn_model *l = NULL;
    ASSERT_OK(nn_model_load_buffer(&l, data, size));
    /* The buffer is not kept by the model. */
    memset(data, 0, size);
    nn_free(data);
    assert_same_model(m, l, f->x);
    assert_trains_like(m, l, f);
    nn_model_destroy(l);
    nn_model_destroy(m);
}

/* A model never compiled loads uncompiled; one whose weights were never
 * created gets them on save. */
static void test_uncompiled_round_trip(void **state)
{
    io_fixture *f = *state;
    nn_model *m = NULL;
    ASSERT_OK(nn_model_create(&m, IN));
    ASSERT_OK(nn_model_set_seed(m, 77));
    ASSERT_OK(nn_model_add_dense(m, 5, NN_ACT_GAUSSIAN));
    ASSERT_OK(nn_model_add_dropout(m, 0.1f));
    ASSERT_OK(nn_model_add_dense(m, 2, NN_ACT_SIN));
    void *data = NULL;
    size_t size = 0;
    ASSERT_OK(nn_model_save_buffer(m, &data, &size));
    nn_model *l = NULL;
    ASSERT_OK(nn_model_load_buffer(&l, data, size));
    nn_free(data);
    assert_same_model(m, l, f->x);
    float y[N * 2] = {0};
    ASSERT_STATUS(nn_fit(l, f->x, y, N, 1, 8, NULL), NN_ERR_STATE);
    ASSERT_STATUS(nn_evaluate(l, f->x, y, N, NULL, NULL), NN_ERR_STATE);
    /* The weights exist in the loaded model: no layer can be added. */
    ASSERT_STATUS(nn_model_add_dense(l, 2, NN_ACT_LINEAR), NN_ERR_STATE);
    nn_model_destroy(l);
    nn_model_destroy(m);
}

static void test_clone_is_deep(void **state)
{
    io_fixture *f = *state;
    nn_model *m = make_trained(f, 8);
    nn_model *c = NULL;
    ASSERT_OK(nn_model_clone(m, &c));
    assert_non_null(c);
    assert_ptr_not_equal(c, m);
    assert_same_model(m, c, f->x);
    assert_int_equal(nn_model_history_len(c), nn_model_history_len(m));
    for (size_t e = 0; e < nn_model_history_len(m); e++) {
        float a = NAN, b = NAN;
        ASSERT_OK(nn_model_history_get(m, e, NN_METRIC_LOSS, &a));
        ASSERT_OK(nn_model_history_get(c, e, NN_METRIC_LOSS, &b));
        assert_true(a == b);
    }

    /* Training the clone leaves the original untouched. */
    size_t np = 0;
    float *before = test_get_all_weights(m, &np);
    float *pred_before = test_predict(m, f->x, N);
    ASSERT_OK(nn_model_set_param(c, NN_PARAM_BETA1, 0.5));
    ASSERT_OK(nn_fit(c, f->x, f->y, N, 2, 8, NULL));
    assert_int_equal(nn_model_history_len(c), 2);
    assert_int_equal(nn_model_history_len(m), 3);
    float *after = test_get_all_weights(m, NULL);
    float *pred_after = test_predict(m, f->x, N);
    assert_memory_equal(before, after, np * sizeof(float));
    assert_memory_equal(pred_before, pred_after, N * OUT * sizeof(float));
    double b1 = NAN;
    ASSERT_OK(nn_model_get_param(m, NN_PARAM_BETA1, &b1));
    assert_true(b1 == 0.8);
    assert_false(test_same_weights(m, c));
    nn_model_destroy(c);

    /* The clone has the optimizer and generator state too: both continue
     * identically (shuffle and dropout included). */
    ASSERT_OK(nn_model_clone(m, &c));
    ASSERT_OK(nn_fit(m, f->x, f->y, N, 2, 8, NULL));
    ASSERT_OK(nn_fit(c, f->x, f->y, N, 2, 8, NULL));
    assert_true(test_same_weights(m, c));

    /* Independent of the original's lifetime. */
    nn_model_destroy(m);
    float *p = test_predict(c, f->x, N);
    assert_true(test_all_finite(p, N * OUT));
    ASSERT_OK(nn_fit(c, f->x, f->y, N, 1, 8, NULL));
    free(p);
    free(before);
    free(after);
    free(pred_before);
    free(pred_after);
    nn_model_destroy(c);
}

static void test_load_errors(void **state)
{
    io_fixture *f = *state;
    nn_model *l = (nn_model *)(uintptr_t)0x10;

    /* Missing file. */
    char *missing = test_join(f->dir, "does-not-exist.nn");
    ASSERT_STATUS(nn_model_load(&l, missing), NN_ERR_IO);
    assert_null(l);
    assert_true(strlen(nn_last_error()) > 0);

    /* A directory. */
    l = (nn_model *)(uintptr_t)0x10;
    ASSERT_STATUS(nn_model_load(&l, f->dir), NN_ERR_IO);
    assert_null(l);

    /* An empty file, a short text file, random garbage. */
    char *path = test_join(f->dir, "garbage.nn");
    test_write_file(path, "", 0);
    l = (nn_model *)(uintptr_t)0x10;
    ASSERT_STATUS(nn_model_load(&l, path), NN_ERR_FORMAT);
    assert_null(l);
    test_write_file(path, "hello, world\n", 13);
    ASSERT_STATUS(nn_model_load(&l, path), NN_ERR_FORMAT);
    assert_null(l);
    test_rng r = {202};
    unsigned char junk[4096];
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (unsigned char)test_rng_next(&r);
    test_write_file(path, junk, sizeof junk);
    ASSERT_STATUS(nn_model_load(&l, path), NN_ERR_FORMAT);
    assert_null(l);
    ASSERT_STATUS(nn_model_load_buffer(&l, junk, sizeof junk), NN_ERR_FORMAT);
    assert_null(l);
    ASSERT_STATUS(nn_model_load_buffer(&l, junk, 1), NN_ERR_FORMAT);
    assert_null(l);

    /* A truncated file. */
    nn_model *m = make_trained(f, 9);
    void *data = NULL;
    size_t size = 0;
    ASSERT_OK(nn_model_save_buffer(m, &data, &size));
    test_write_file(path, data, size / 2);
    ASSERT_STATUS(nn_model_load(&l, path), NN_ERR_FORMAT);
    assert_null(l);
    test_write_file(path, data, size - 1);
    ASSERT_STATUS(nn_model_load(&l, path), NN_ERR_FORMAT);
    assert_null(l);
    test_write_file(path, data, size);
    ASSERT_OK(nn_model_load(&l, path));
    nn_model_destroy(l);
    nn_free(data);
    nn_model_destroy(m);
    free(missing);
    free(path);
}

static void test_truncated_buffers(void **state)
{
    io_fixture *f = *state;
    nn_model *m = make_trained(f, 10);
    void *data = NULL;
    size_t size = 0;
    ASSERT_OK(nn_model_save_buffer(m, &data, &size));
    /* Each prefix in an exactly-sized heap block, so reading past it is
     * caught by sanitizers and valgrind. */
    for (size_t len = 0; len < size; len++) {
        unsigned char *p = malloc(len ? len : 1);
        assert_non_null(p);
        memcpy(p, data, len);
        nn_model *l = (nn_model *)(uintptr_t)0x10;
        nn_status st = nn_model_load_buffer(&l, p, len);
        if (len == 0)
            CHECK(st == NN_ERR_FORMAT || st == NN_ERR_INVALID_ARG,
                  "empty buffer: %s", nn_status_name(st));
        else
            CHECK(st == NN_ERR_FORMAT, "prefix of %zu / %zu bytes: %s (%s)",
                  len, size, nn_status_name(st), nn_last_error());
        assert_null(l);
        free(p);
    }
    nn_model *l = NULL;
    ASSERT_OK(nn_model_load_buffer(&l, data, size));
    nn_model_destroy(l);
    nn_free(data);
    nn_model_destroy(m);
}

static void test_corrupted_buffers(void **state)
{
    io_fixture *f = *state;
    nn_model *m = make_trained(f, 11);
    void *data = NULL;
    size_t size = 0;
    ASSERT_OK(nn_model_save_buffer(m, &data, &size));
    unsigned char *p = malloc(size);
    assert_non_null(p);
    /* Every single byte changed (all bits, then the lowest bit). */
    const unsigned char masks[] = {0xFF, 0x01};
    for (size_t k = 0; k < ARRAY_LEN(masks); k++)
        for (size_t i = 0; i < size; i++) {
            memcpy(p, data, size);
            p[i] ^= masks[k];
            nn_model *l = (nn_model *)(uintptr_t)0x10;
            nn_status st = nn_model_load_buffer(&l, p, size);
            CHECK(st == NN_ERR_FORMAT,
                  "byte %zu / %zu xor 0x%02x: %s (%s)", i, size,
                  (unsigned)masks[k], nn_status_name(st), nn_last_error());
            assert_null(l);
        }
    /* The same damage in a file. */
    char *path = test_join(f->dir, "flipped.nn");
    memcpy(p, data, size);
    p[size / 2] ^= 0x10;
    test_write_file(path, p, size);
    nn_model *l = NULL;
    ASSERT_STATUS(nn_model_load(&l, path), NN_ERR_FORMAT);
    assert_null(l);
    free(path);
    free(p);
    nn_free(data);
    nn_model_destroy(m);
}

static void test_save_errors(void **state)
{
    io_fixture *f = *state;
    nn_model *m = make_trained(f, 12);

    /* Over a directory: refused, the directory and its content intact. */
    char *sub = test_join(f->dir, "subdir");
    assert_int_equal(mkdir(sub, 0700), 0);
    char *inner = test_join(sub, "keep.txt");
    test_write_file(inner, "keep", 4);
    ASSERT_STATUS(nn_model_save(m, sub), NN_ERR_IO);
    assert_true(strlen(nn_last_error()) > 0);
    struct stat st;
    assert_int_equal(stat(sub, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    assert_int_equal(test_dir_entries(sub), 1);
    size_t n = 0;
    unsigned char *content = test_read_file(inner, &n);
    assert_non_null(content);
    assert_int_equal(n, 4);
    assert_memory_equal(content, "keep", 4);
    free(content);
    assert_int_equal(test_dir_entries(f->dir), 1); /* no temporary left */

    /* Inside a directory that does not exist. */
    char *missing_dir = test_join(f->dir, "no-such-dir");
    char *in_missing = test_join(missing_dir, "model.nn");
    ASSERT_STATUS(nn_model_save(m, in_missing), NN_ERR_IO);
    assert_int_not_equal(stat(missing_dir, &st), 0);
    assert_int_equal(test_dir_entries(f->dir), 1);

    /* A FIFO is not a regular file: refused (and not opened, which would
     * block without a reader). */
    char *fifo = test_join(f->dir, "fifo");
    if (mkfifo(fifo, 0600) == 0) {
        ASSERT_STATUS(nn_model_save(m, fifo), NN_ERR_IO);
        assert_int_equal(lstat(fifo, &st), 0);
        assert_true(S_ISFIFO(st.st_mode));
        test_rm_rf(fifo);
    }
    assert_int_equal(test_dir_entries(f->dir), 1);

    free(fifo);
    free(missing_dir);
    free(in_missing);
    free(inner);
    free(sub);
    nn_model_destroy(m);
}

/* A save that fails while writing (file size limit) leaves the existing
 * file as it was and no temporary file behind. */
static void test_failed_save_keeps_old_file(void **state)
{
    io_fixture *f = *state;
    nn_model *small = NULL;
    ASSERT_OK(nn_model_create(&small, 2));
    ASSERT_OK(nn_model_add_dense(small, 1, NN_ACT_LINEAR));
    char *path = test_join(f->dir, "keep.nn");
    ASSERT_OK(nn_model_save(small, path));
    size_t old_size = 0;
    unsigned char *old = test_read_file(path, &old_size);
    assert_non_null(old);

    /* A model much larger than the limit. */
    nn_model *big = NULL;
    ASSERT_OK(nn_model_create(&big, 200));
    ASSERT_OK(nn_model_add_dense(big, 200, NN_ACT_RELU));
    void *bdata = NULL;
    size_t bsize = 0;
    ASSERT_OK(nn_model_save_buffer(big, &bdata, &bsize));
    nn_free(bdata);
    rlim_t limit = (rlim_t)(old_size + 64);
    assert_true(bsize > (size_t)limit);

    struct sigaction ign, prev;
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    assert_int_equal(sigaction(SIGXFSZ, &ign, &prev), 0);
    struct rlimit saved, lim;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &saved), 0);
    lim = saved;
    lim.rlim_cur = limit;
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
    nn_status s = nn_model_save(big, path);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &saved), 0);
    assert_int_equal(sigaction(SIGXFSZ, &prev, NULL), 0);
    ASSERT_STATUS(s, NN_ERR_IO);

    size_t now_size = 0;
    unsigned char *now = test_read_file(path, &now_size);
    assert_non_null(now);
    assert_int_equal(now_size, old_size);
    assert_memory_equal(now, old, old_size);
    assert_int_equal(test_dir_entries(f->dir), 1);
    nn_model *l = NULL;
    ASSERT_OK(nn_model_load(&l, path));
    assert_int_equal(nn_model_input_dim(l), 2);
    nn_model_destroy(l);

    free(old);
    free(now);
    free(path);
    nn_model_destroy(small);
    nn_model_destroy(big);
}

/* Checkpoints: written after the last epoch (and every period); a path
 * that cannot be written stops training with NN_ERR_IO. */
static void test_checkpoints(void **state)
{
    io_fixture *f = *state;
    nn_model *m = make_trained(f, 13);
    char *path = test_join(f->dir, "ckpt.nn");
    nn_fit_options o;
    ASSERT_OK(nn_fit_options_init(&o));
    o.checkpoint_path = path;
    o.checkpoint_period = 2;
    ASSERT_OK(nn_fit(m, f->x, f->y, N, 3, 16, &o));
    nn_model *l = NULL;
    ASSERT_OK(nn_model_load(&l, path));
    assert_same_model(m, l, f->x);
    nn_model_destroy(l);
    assert_int_equal(test_dir_entries(f->dir), 1);

    char *sub = test_join(f->dir, "ckpt-dir");
    assert_int_equal(mkdir(sub, 0700), 0);
    o.checkpoint_path = sub;
    o.checkpoint_period = 1;
    ASSERT_STATUS(nn_fit(m, f->x, f->y, N, 5, 16, &o), NN_ERR_IO);
    /* The message names the function and the offending path. */
    CHECK(strstr(nn_last_error(), "nn_fit") != NULL &&
              strstr(nn_last_error(), sub) != NULL,
          "nn_last_error() = \"%s\" should name nn_fit and %s",
          nn_last_error(), sub);
    assert_true(nn_model_history_len(m) < 5);
    struct stat st;
    assert_int_equal(stat(sub, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    free(sub);
    free(path);
    nn_model_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_save_load_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_save_load_buffer, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_uncompiled_round_trip, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_clone_is_deep, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_truncated_buffers, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_corrupted_buffers, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_save_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_save_keeps_old_file,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_checkpoints, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
