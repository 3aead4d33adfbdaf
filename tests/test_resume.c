/*
 * test_resume.c - resumable training (nn_fit_options.resume,
 * nn_model_epochs_done), model metadata, and the file format across
 * versions: the libnn 1.0 fixture loads, newer versions are refused.
 * Only nn.h is used; zlib only to recompute checksums of edited buffers.
 */
#include <zlib.h>

#include "test_util.h"

enum { IN = 5, CLASSES = 3, N = 100, BATCH = 16 };

typedef struct rs_fixture {
    char *dir;
    float *x, *y; /* N rows, sparse labels */
} rs_fixture;

static int setup(void **state)
{
    rs_fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    f->dir = test_mkdtemp();
    test_rng r = {909};
    f->x = test_random_floats(&r, N * IN, -1, 1);
    f->y = test_alloc_floats(N);
    /* a learnable rule plus noise, so the losses keep moving */
    for (size_t i = 0; i < N; i++) {
        const float *row = f->x + i * IN;
        float s = row[0] + 0.5f * row[1] - row[2];
        f->y[i] = s < -0.4f ? 0.0f : s < 0.4f ? 1.0f : 2.0f;
        if (test_rng_below(&r, 10) == 0)
            f->y[i] = (float)test_rng_below(&r, CLASSES);
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    rs_fixture *f = *state;
    test_rm_rf(f->dir);
    free(f->dir);
    free(f->x);
    free(f->y);
    free(f);
    return 0;
}

/* 5 -> 12 relu -> dropout 0.3 -> 3 softmax, Adam. */
static nn_model *make_model(uint64_t seed)
{
    nn_model *m = NULL;
    ASSERT_OK(nn_model_create(&m, IN));
    ASSERT_OK(nn_model_set_seed(m, seed));
    ASSERT_OK(nn_model_add_dense(m, 12, NN_ACT_RELU));
    ASSERT_OK(nn_model_add_dropout(m, 0.3f));
    ASSERT_OK(nn_model_add_dense(m, CLASSES, NN_ACT_SOFTMAX));
    ASSERT_OK(nn_model_compile(m, NN_OPT_ADAM,
                               NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY,
                               0.01f));
    return m;
}

/* Shuffling on, 20 % validation split, optionally resuming. */
static nn_fit_options run_opts(int resume)
{
    nn_fit_options o;
    memset(&o, 0x5A, sizeof o);
    ASSERT_OK(nn_fit_options_init(&o));
    assert_int_equal(o.shuffle, 1);
    assert_int_equal(o.resume, 0);
    o.validation_split = 0.2f;
    o.resume = resume;
    return o;
}

static void fit(nn_model *m, const rs_fixture *f, size_t epochs,
                const nn_fit_options *o)
{
    ASSERT_OK(nn_fit(m, f->x, f->y, N, epochs, BATCH, o));
}

/* Replaces *m by its copy through a buffer. */
static void reload_buffer(nn_model **m)
{
    void *data = NULL;
    size_t size = 0;
    ASSERT_OK(nn_model_save_buffer(*m, &data, &size));
    nn_model_destroy(*m);
    *m = NULL;
    ASSERT_OK(nn_model_load_buffer(m, data, size));
    assert_non_null(*m);
    memset(data, 0xEE, size); /* the model keeps nothing of the buffer */
    nn_free(data);
}

/* Replaces *m by its copy through a file. */
static void reload_file(nn_model **m, const char *dir)
{
    char *path = test_join(dir, "model.nnm");
    ASSERT_OK(nn_model_save(*m, path));
    nn_model_destroy(*m);
    *m = NULL;
    ASSERT_OK(nn_model_load(m, path));
    assert_non_null(*m);
    unlink(path);
    free(path);
}

static void reload_clone(nn_model **m)
{
    nn_model *c = NULL;
    ASSERT_OK(nn_model_clone(*m, &c));
    nn_model_destroy(*m);
    *m = c;
}

/* The histories are bit-identical (NaN included). */
static void assert_same_history(const nn_model *a, const nn_model *b)
{
    assert_int_equal(nn_model_history_len(a), nn_model_history_len(b));
    for (size_t e = 0; e < nn_model_history_len(a); e++)
        for (int k = 0; k < NN_METRIC_COUNT; k++) {
            float va = 0, vb = 1;
            ASSERT_OK(nn_model_history_get(a, e, (nn_metric)k, &va));
            ASSERT_OK(nn_model_history_get(b, e, (nn_metric)k, &vb));
            CHECK(memcmp(&va, &vb, sizeof va) == 0,
                  "history epoch %zu metric %d: %.9g vs %.9g", e, k,
                  (double)va, (double)vb);
        }
}

static void assert_same_run(const nn_model *a, const nn_model *b,
                            size_t epochs)
{
    assert_int_equal(nn_model_epochs_done(a), epochs);
    assert_int_equal(nn_model_epochs_done(b), epochs);
    assert_int_equal(nn_model_history_len(a), epochs);
    assert_int_equal(nn_model_history_len(b), epochs);
    CHECK(test_same_weights(a, b), "the resumed weights differ from the "
                                   "unbroken run's");
    assert_same_history(a, b);
    /* every metric was computed (validation split, sparse CE) */
    for (size_t e = 0; e < epochs; e++)
        for (int k = 0; k < NN_METRIC_COUNT; k++) {
            float v = NAN;
            ASSERT_OK(nn_model_history_get(b, e, (nn_metric)k, &v));
            CHECK(isfinite(v), "epoch %zu metric %d is %g", e, k, (double)v);
        }
}

/* ------------------------------------------------------------------------ */
/* Resume                                                                    */

typedef struct epoch_log {
    size_t epochs[16];
    size_t count;
} epoch_log;

static int record_epoch(void *user, const nn_epoch_logs *logs)
{
    epoch_log *l = user;
    if (l->count < ARRAY_LEN(l->epochs))
        l->epochs[l->count++] = logs->epoch;
    return 0;
}

static void test_resume_through_buffer(void **state)
{
    rs_fixture *f = *state;
    nn_fit_options o = run_opts(0);
    nn_model *a = make_model(11);
    fit(a, f, 4, &o);

    nn_model *b = make_model(11);
    fit(b, f, 2, &o);
    assert_int_equal(nn_model_epochs_done(b), 2);
    assert_int_equal(nn_model_history_len(b), 2);
    CHECK(!test_same_weights(a, b), "2 and 4 epochs give the same weights");
    reload_buffer(&b);
    assert_int_equal(nn_model_epochs_done(b), 2);
    assert_int_equal(nn_model_history_len(b), 2);

    nn_fit_options r = run_opts(1);
    epoch_log log = {{0}, 0};
    r.on_epoch = record_epoch;
    r.on_epoch_user = &log;
    fit(b, f, 2, &r);
    assert_same_run(a, b, 4);
    /* epochs count on from where the run stopped */
    assert_int_equal(log.count, 2);
    assert_int_equal(log.epochs[0], 2);
    assert_int_equal(log.epochs[1], 3);
    /* and the two models go on identically */
    fit(a, f, 1, &r);
    fit(b, f, 1, &r);
    assert_same_run(a, b, 5);
    nn_model_destroy(a);
    nn_model_destroy(b);
}

static void test_resume_through_file(void **state)
{
    rs_fixture *f = *state;
    nn_fit_options o = run_opts(0), r = run_opts(1);
    nn_model *a = make_model(12);
    fit(a, f, 4, &o);
    nn_model *b = make_model(12);
    fit(b, f, 2, &o);
    reload_file(&b, f->dir);
    assert_int_equal(nn_model_epochs_done(b), 2);
    fit(b, f, 2, &r);
    assert_same_run(a, b, 4);
    nn_model_destroy(b);

    /* one epoch at a time, through a file, a buffer, a clone */
    b = make_model(12);
    fit(b, f, 1, &o);
    reload_file(&b, f->dir);
    fit(b, f, 1, &r);
    reload_buffer(&b);
    fit(b, f, 1, &r);
    reload_clone(&b);
    assert_int_equal(nn_model_epochs_done(b), 3);
    assert_int_equal(nn_model_history_len(b), 3);
    fit(b, f, 1, &r);
    assert_same_run(a, b, 4);
    nn_model_destroy(b);
    nn_model_destroy(a);
}

/* SGD with Nesterov momentum and RMSprop keep their state too. */
static void test_resume_other_optimizers(void **state)
{
    rs_fixture *f = *state;
    const nn_optimizer opts[] = {NN_OPT_SGD, NN_OPT_RMSPROP, NN_OPT_ADAMW};
    nn_fit_options o = run_opts(0), r = run_opts(1);
    for (size_t i = 0; i < ARRAY_LEN(opts); i++) {
        nn_model *ab[2];
        for (int k = 0; k < 2; k++) {
            ab[k] = make_model(13);
            ASSERT_OK(nn_model_compile(
                ab[k], opts[i], NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY,
                0.02f));
            if (opts[i] == NN_OPT_SGD) {
                ASSERT_OK(nn_model_set_param(ab[k], NN_PARAM_MOMENTUM, 0.9));
                ASSERT_OK(nn_model_set_param(ab[k], NN_PARAM_NESTEROV, 1));
            }
        }
        fit(ab[0], f, 4, &o);
        fit(ab[1], f, 2, &o);
        reload_buffer(&ab[1]);
        fit(ab[1], f, 2, &r);
        CHECK(test_same_weights(ab[0], ab[1]), "optimizer %d", (int)opts[i]);
        assert_same_run(ab[0], ab[1], 4);
        nn_model_destroy(ab[0]);
        nn_model_destroy(ab[1]);
    }
}

/* Early stopping that never sees an improvement after the first epoch (the
 * required improvement, min_delta, is huge): an unbroken run stops after
 * 1 + patience epochs; a run split anywhere before must stop at the same
 * epoch, which needs both the best value and the patience counter. */
static void test_resume_early_stopping(void **state)
{
    rs_fixture *f = *state;
    const struct {
        nn_metric monitor;
        float min_delta;
    } cases[] = {
        {NN_METRIC_VAL_LOSS, 1e6f},
        {NN_METRIC_LOSS, 1e6f},
        {NN_METRIC_VAL_ACCURACY, 1.0f},
    };
    for (size_t c = 0; c < ARRAY_LEN(cases); c++) {
        nn_fit_options o = run_opts(0), r = run_opts(1);
        o.patience = r.patience = 3;
        o.monitor = r.monitor = cases[c].monitor;
        o.min_delta = r.min_delta = cases[c].min_delta;

        nn_model *a = make_model(14);
        fit(a, f, 10, &o);
        assert_int_equal(nn_model_epochs_done(a), 4);
        assert_int_equal(nn_model_history_len(a), 4);

        for (size_t split = 1; split <= 3; split++) {
            nn_model *b = make_model(14);
            fit(b, f, split, &o);
            assert_int_equal(nn_model_epochs_done(b), split);
            if (split % 2)
                reload_buffer(&b);
            else
                reload_file(&b, f->dir);
            fit(b, f, 10, &r);
            CHECK(nn_model_epochs_done(b) == 4,
                  "monitor %d, split after %zu: the resumed run stopped "
                  "after %zu epochs in all, the unbroken one after 4",
                  (int)cases[c].monitor, split, nn_model_epochs_done(b));
            assert_same_run(a, b, 4);
            nn_model_destroy(b);
        }

        /* a new run (resume = 0) starts with a fresh patience counter */
        nn_model *b = make_model(14);
        fit(b, f, 3, &o);
        reload_buffer(&b);
        fit(b, f, 10, &o);
        assert_int_equal(nn_model_epochs_done(b), 4);
        assert_int_equal(nn_model_history_len(b), 4);
        nn_model_destroy(b);
        nn_model_destroy(a);
    }
}

/* Early stopping with real improvements: whatever the split point, the
 * resumed run stops where the unbroken one does. */
static void test_resume_early_stopping_natural(void **state)
{
    rs_fixture *f = *state;
    nn_fit_options o = run_opts(0), r = run_opts(1);
    o.patience = r.patience = 3;
    o.min_delta = r.min_delta = 0.002f;
    nn_model *a = make_model(15);
    /* a learning rate high enough to overfit and plateau */
    ASSERT_OK(nn_model_set_param(a, NN_PARAM_LEARNING_RATE, 0.05));
    fit(a, f, 200, &o);
    size_t stopped = nn_model_epochs_done(a);
    CHECK(stopped > 4 && stopped < 200,
          "early stopping ended the run after %zu epochs", stopped);
    for (size_t split = 1; split < stopped; split += (stopped + 5) / 6) {
        nn_model *b = make_model(15);
        ASSERT_OK(nn_model_set_param(b, NN_PARAM_LEARNING_RATE, 0.05));
        fit(b, f, split, &o);
        reload_buffer(&b);
        fit(b, f, 200 - split, &r);
        CHECK(nn_model_epochs_done(b) == stopped,
              "split after %zu: stopped after %zu, unbroken after %zu",
              split, nn_model_epochs_done(b), stopped);
        assert_same_run(a, b, stopped);
        nn_model_destroy(b);
    }
    nn_model_destroy(a);
}

/* restore_best_weights is one of "the same options": the split run must
 * still give the unbroken run's weights, whether the best epoch falls
 * before or after the split, and whether or not the run stops early. */
static void test_resume_restore_best_weights(void **state)
{
    rs_fixture *f = *state;
    const size_t patience[] = {3, 100};
    for (size_t p = 0; p < ARRAY_LEN(patience); p++) {
        nn_fit_options o = run_opts(0), r = run_opts(1);
        o.patience = r.patience = patience[p];
        o.min_delta = r.min_delta = 0.002f;
        o.restore_best_weights = r.restore_best_weights = 1;
        const size_t total = 20;
        nn_model *a = make_model(15);
        ASSERT_OK(nn_model_set_param(a, NN_PARAM_LEARNING_RATE, 0.05));
        fit(a, f, total, &o);
        size_t stopped = nn_model_epochs_done(a);
        for (size_t split = 1; split < stopped; split += 2) {
            nn_model *b = make_model(15);
            ASSERT_OK(nn_model_set_param(b, NN_PARAM_LEARNING_RATE, 0.05));
            fit(b, f, split, &o);
            reload_buffer(&b);
            fit(b, f, total - split, &r);
            CHECK(nn_model_epochs_done(b) == stopped &&
                      test_same_weights(a, b),
                  "patience %zu, split after %zu: %zu epochs and %s weights; "
                  "the unbroken run did %zu",
                  patience[p], split, nn_model_epochs_done(b),
                  test_same_weights(a, b) ? "the same" : "different",
                  stopped);
            nn_model_destroy(b);
        }
        nn_model_destroy(a);
    }
}

static void test_no_resume_resets(void **state)
{
    rs_fixture *f = *state;
    nn_fit_options o = run_opts(0), r = run_opts(1);
    nn_model *m = make_model(16);
    assert_int_equal(nn_model_epochs_done(m), 0);
    assert_int_equal(nn_model_epochs_done(NULL), 0);
    fit(m, f, 3, &o);
    assert_int_equal(nn_model_epochs_done(m), 3);
    fit(m, f, 2, &r);
    assert_int_equal(nn_model_epochs_done(m), 5);
    assert_int_equal(nn_model_history_len(m), 5);

    /* resume = 0: a new run */
    epoch_log log = {{0}, 0};
    o.on_epoch = record_epoch;
    o.on_epoch_user = &log;
    fit(m, f, 2, &o);
    assert_int_equal(nn_model_epochs_done(m), 2);
    assert_int_equal(nn_model_history_len(m), 2);
    assert_int_equal(log.count, 2);
    assert_int_equal(log.epochs[0], 0);
    assert_int_equal(log.epochs[1], 1);
    o.on_epoch = NULL;

    /* NULL options are resume = 0 too, also after a reload */
    reload_buffer(&m);
    assert_int_equal(nn_model_epochs_done(m), 2);
    ASSERT_OK(nn_fit(m, f->x, f->y, N, 1, BATCH, NULL));
    assert_int_equal(nn_model_epochs_done(m), 1);
    assert_int_equal(nn_model_history_len(m), 1);

    /* the history of the new run is its own: compare with a model that
     * only ever did that run from the same state */
    nn_model *c = NULL;
    ASSERT_OK(nn_model_clone(m, &c));
    fit(m, f, 2, &o);
    fit(c, f, 2, &r);
    assert_int_equal(nn_model_history_len(m), 2);
    assert_int_equal(nn_model_history_len(c), 3);
    assert_true(test_same_weights(m, c));
    for (size_t e = 0; e < 2; e++) {
        float vm = NAN, vc = NAN;
        ASSERT_OK(nn_model_history_get(m, e, NN_METRIC_LOSS, &vm));
        ASSERT_OK(nn_model_history_get(c, e + 1, NN_METRIC_LOSS, &vc));
        assert_true(vm == vc);
    }

    /* resume with 0 epochs changes nothing */
    ASSERT_OK(nn_fit(c, f->x, f->y, N, 0, BATCH, &r));
    assert_int_equal(nn_model_epochs_done(c), 3);
    assert_int_equal(nn_model_history_len(c), 3);
    /* resume on a model that never trained is an ordinary first run */
    nn_model *fresh = make_model(16), *plain = make_model(16);
    fit(fresh, f, 2, &r);
    fit(plain, f, 2, &o);
    assert_same_run(fresh, plain, 2);
    nn_model_destroy(fresh);
    nn_model_destroy(plain);
    nn_model_destroy(c);
    nn_model_destroy(m);
}

/* ------------------------------------------------------------------------ */
/* Metadata                                                                  */

static void assert_meta_at(const nn_model *m, size_t i, const char *key,
                           const char *value)
{
    const char *k = NULL, *v = NULL;
    ASSERT_OK(nn_model_metadata_at(m, i, &k, &v));
    assert_non_null(k);
    assert_non_null(v);
    assert_string_equal(k, key);
    assert_string_equal(v, value);
}

static void assert_meta(const nn_model *m, const char *key, const char *value)
{
    const char *v = (const char *)"sentinel";
    ASSERT_OK(nn_model_get_metadata(m, key, &v));
    if (!value) {
        CHECK(v == NULL, "key \"%s\" is \"%s\", expected absent", key,
              v ? v : "(null)");
    } else {
        CHECK(v != NULL, "key \"%s\" is absent", key);
        assert_string_equal(v, value);
    }
}

static void test_metadata_basics(void **state)
{
    (void)state;
    nn_model *m = NULL;
    ASSERT_OK(nn_model_create(&m, 4));
    assert_int_equal(nn_model_metadata_count(m), 0);
    assert_int_equal(nn_model_metadata_count(NULL), 0);
    assert_meta(m, "missing", NULL);

    ASSERT_OK(nn_model_set_metadata(m, "dataset", "fashion-mnist"));
    ASSERT_OK(nn_model_set_metadata(m, "date", "2026-03-01"));
    ASSERT_OK(nn_model_set_metadata(m, "accuracy", "0.884"));
    assert_int_equal(nn_model_metadata_count(m), 3);
    assert_meta_at(m, 0, "dataset", "fashion-mnist");
    assert_meta_at(m, 1, "date", "2026-03-01");
    assert_meta_at(m, 2, "accuracy", "0.884");
    assert_meta(m, "date", "2026-03-01");
    assert_meta(m, "Date", NULL); /* keys are case-sensitive */
    assert_meta(m, "dat", NULL);

    /* replacing keeps the position */
    ASSERT_OK(nn_model_set_metadata(m, "dataset", "mnist"));
    assert_int_equal(nn_model_metadata_count(m), 3);
    assert_meta_at(m, 0, "dataset", "mnist");
    assert_meta(m, "dataset", "mnist");

    /* removing closes the gap; removing a missing key is fine */
    ASSERT_OK(nn_model_set_metadata(m, "date", NULL));
    assert_int_equal(nn_model_metadata_count(m), 2);
    assert_meta(m, "date", NULL);
    assert_meta_at(m, 0, "dataset", "mnist");
    assert_meta_at(m, 1, "accuracy", "0.884");
    ASSERT_OK(nn_model_set_metadata(m, "date", NULL));
    ASSERT_OK(nn_model_set_metadata(m, "never-set", NULL));
    assert_int_equal(nn_model_metadata_count(m), 2);

    /* a key set again after removal goes to the end */
    ASSERT_OK(nn_model_set_metadata(m, "date", "2026-04-01"));
    assert_meta_at(m, 2, "date", "2026-04-01");

    /* the value is copied */
    char buf[16] = "scaled";
    ASSERT_OK(nn_model_set_metadata(m, "scaling", buf));
    strcpy(buf, "XXXXXX");
    assert_meta(m, "scaling", "scaled");
    /* an empty value is a value */
    ASSERT_OK(nn_model_set_metadata(m, "notes", ""));
    assert_meta(m, "notes", "");
    assert_int_equal(nn_model_metadata_count(m), 5);

    /* many keys keep their order */
    for (int i = 0; i < 40; i++) {
        char k[16], v[16];
        snprintf(k, sizeof k, "k%02d", i);
        snprintf(v, sizeof v, "v%d", i * i);
        ASSERT_OK(nn_model_set_metadata(m, k, v));
    }
    assert_int_equal(nn_model_metadata_count(m), 45);
    for (int i = 0; i < 40; i++) {
        char k[16], v[16];
        snprintf(k, sizeof k, "k%02d", i);
        snprintf(v, sizeof v, "v%d", i * i);
        assert_meta_at(m, 5 + (size_t)i, k, v);
    }

    /* out of range and NULL arguments */
    const char *k = (const char *)"x", *v = (const char *)"x";
    ASSERT_STATUS(nn_model_metadata_at(m, 45, &k, &v), NN_ERR_INVALID_ARG);
    assert_null(k);
    assert_null(v);
    ASSERT_STATUS(nn_model_metadata_at(m, SIZE_MAX, &k, &v),
                  NN_ERR_INVALID_ARG);
    ASSERT_STATUS(nn_model_metadata_at(NULL, 0, &k, &v), NN_ERR_INVALID_ARG);
    ASSERT_STATUS(nn_model_metadata_at(m, 0, NULL, &v), NN_ERR_INVALID_ARG);
    ASSERT_STATUS(nn_model_metadata_at(m, 0, &k, NULL), NN_ERR_INVALID_ARG);
    ASSERT_STATUS(nn_model_get_metadata(NULL, "dataset", &v),
                  NN_ERR_INVALID_ARG);
    ASSERT_STATUS(nn_model_get_metadata(m, NULL, &v), NN_ERR_INVALID_ARG);
    ASSERT_STATUS(nn_model_get_metadata(m, "dataset", NULL),
                  NN_ERR_INVALID_ARG);
    ASSERT_STATUS(nn_model_set_metadata(NULL, "a", "b"), NN_ERR_INVALID_ARG);
    ASSERT_STATUS(nn_model_set_metadata(m, NULL, "b"), NN_ERR_INVALID_ARG);
    nn_model_destroy(m);
}

static void test_metadata_limits(void **state)
{
    (void)state;
    nn_model *m = NULL;
    ASSERT_OK(nn_model_create(&m, 4));
    ASSERT_OK(nn_model_add_dense(m, 1, NN_ACT_LINEAR));
    ASSERT_OK(nn_model_set_metadata(m, "keep", "me"));

    ASSERT_STATUS(nn_model_set_metadata(m, "", "v"), NN_ERR_INVALID_ARG);
    ASSERT_STATUS(nn_model_set_metadata(m, "", NULL), NN_ERR_INVALID_ARG);

    char key[300];
    memset(key, 'k', sizeof key);
    key[255] = '\0';
    ASSERT_OK(nn_model_set_metadata(m, key, "255-byte key"));
    assert_meta(m, key, "255-byte key");
    key[255] = 'k';
    key[256] = '\0';
    ASSERT_STATUS(nn_model_set_metadata(m, key, "v"), NN_ERR_INVALID_ARG);
    ASSERT_STATUS(nn_model_set_metadata(m, key, NULL), NN_ERR_INVALID_ARG);
    key[299] = '\0';
    ASSERT_STATUS(nn_model_set_metadata(m, key, "v"), NN_ERR_INVALID_ARG);

    /* values: 1 MiB is the most */
    size_t mib = (size_t)1 << 20;
    char *big = malloc(mib + 2);
    assert_non_null(big);
    memset(big, 'v', mib + 1);
    big[mib] = '\0';
    ASSERT_OK(nn_model_set_metadata(m, "big", big));
    big[mib] = 'v';
    big[mib + 1] = '\0';
    ASSERT_STATUS(nn_model_set_metadata(m, "big", big), NN_ERR_INVALID_ARG);
    ASSERT_STATUS(nn_model_set_metadata(m, "other", big), NN_ERR_INVALID_ARG);
    /* failed calls change nothing */
    assert_int_equal(nn_model_metadata_count(m), 3);
    const char *v = NULL;
    ASSERT_OK(nn_model_get_metadata(m, "big", &v));
    assert_non_null(v);
    assert_int_equal(strlen(v), mib);
    assert_meta(m, "other", NULL);
    assert_meta_at(m, 0, "keep", "me");

    /* the 1 MiB value and the 255-byte key survive a file round trip */
    void *data = NULL;
    size_t size = 0;
    ASSERT_OK(nn_model_save_buffer(m, &data, &size));
    nn_model *l = NULL;
    ASSERT_OK(nn_model_load_buffer(&l, data, size));
    nn_free(data);
    ASSERT_OK(nn_model_get_metadata(l, "big", &v));
    assert_non_null(v);
    assert_int_equal(strlen(v), mib);
    key[255] = '\0';
    assert_meta(l, key, "255-byte key");
    nn_model_destroy(l);
    free(big);
    nn_model_destroy(m);
}

static const char *const meta_pairs[][2] = {
    {"dataset", "fashion-mnist (train, 60000 rows)"},
    {"größe", "\xC3\xA4\xC3\xB6\xC3\xBC \xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E"},
    {"\xF0\x9F\xA7\xA0 brain", "\xF0\x9F\x98\x80 emoji"},
    {"notes", "line one\nline two,\t\"quoted\"\r\n"},
    {"bytes", "\x01\x7F\x80\xFF\xFE"}, /* not UTF-8: kept as bytes */
    {"empty", ""},
    {"input_scale", "1/255"},
};

static void set_meta_pairs(nn_model *m)
{
    for (size_t i = 0; i < ARRAY_LEN(meta_pairs); i++)
        ASSERT_OK(nn_model_set_metadata(m, meta_pairs[i][0],
                                        meta_pairs[i][1]));
}

static void assert_meta_pairs(const nn_model *m)
{
    assert_int_equal(nn_model_metadata_count(m), ARRAY_LEN(meta_pairs));
    for (size_t i = 0; i < ARRAY_LEN(meta_pairs); i++) {
        const char *k = NULL, *v = NULL;
        ASSERT_OK(nn_model_metadata_at(m, i, &k, &v));
        assert_non_null(k);
        assert_non_null(v);
        CHECK(strcmp(k, meta_pairs[i][0]) == 0 &&
                  strcmp(v, meta_pairs[i][1]) == 0,
              "entry %zu differs", i);
        assert_meta(m, meta_pairs[i][0], meta_pairs[i][1]);
    }
}

static void test_metadata_round_trip(void **state)
{
    rs_fixture *f = *state;
    nn_model *m = make_model(17);
    set_meta_pairs(m);
    assert_meta_pairs(m);

    nn_model *l = NULL;
    ASSERT_OK(nn_model_clone(m, &l));
    assert_meta_pairs(l);
    /* the clone's entries are its own */
    ASSERT_OK(nn_model_set_metadata(l, "dataset", "changed"));
    ASSERT_OK(nn_model_set_metadata(l, "extra", "x"));
    assert_meta_pairs(m);
    nn_model_destroy(l);

    reload_buffer(&m);
    assert_meta_pairs(m);
    reload_file(&m, f->dir);
    assert_meta_pairs(m);
    /* training keeps the metadata */
    nn_fit_options o = run_opts(0);
    fit(m, f, 1, &o);
    assert_meta_pairs(m);
    reload_buffer(&m);
    assert_meta_pairs(m);

    /* an uncompiled model without layers keeps them too */
    nn_model *bare = NULL;
    ASSERT_OK(nn_model_create(&bare, 2));
    ASSERT_OK(nn_model_add_dense(bare, 1, NN_ACT_LINEAR));
    set_meta_pairs(bare);
    reload_buffer(&bare);
    assert_meta_pairs(bare);
    /* removing every entry round-trips as none */
    for (size_t i = 0; i < ARRAY_LEN(meta_pairs); i++)
        ASSERT_OK(nn_model_set_metadata(bare, meta_pairs[i][0], NULL));
    reload_buffer(&bare);
    assert_int_equal(nn_model_metadata_count(bare), 0);
    nn_model_destroy(bare);
    nn_model_destroy(m);
}

/* ------------------------------------------------------------------------ */
/* Format versions                                                           */

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static uint64_t le64(const unsigned char *p)
{
    return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

static void put_le32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

/* Rewrites the trailing CRC-32 of a model buffer. */
static void fix_crc(unsigned char *data, size_t size)
{
    uLong crc = crc32(0L, Z_NULL, 0);
    crc = crc32(crc, data, (uInt)(size - 4));
    put_le32(data + size - 4, (uint32_t)crc);
}

/* Finds chunk @p tag in a model buffer; returns its payload or NULL. */
static const unsigned char *find_chunk(const unsigned char *data, size_t size,
                                       const char *tag, uint64_t *len)
{
    size_t off = 12;
    while (off + 12 <= size - 4) {
        uint64_t l = le64(data + off + 4);
        if (l > size - 4 - off - 12)
            return NULL;
        if (memcmp(data + off, tag, 4) == 0) {
            *len = l;
            return data + off + 12;
        }
        if (memcmp(data + off, "END ", 4) == 0)
            return NULL;
        off += 12 + (size_t)l;
    }
    return NULL;
}

static char *fixture_path(void)
{
    const char *dir = getenv("NN_FIXTURES");
    CHECK(dir && *dir, "NN_FIXTURES is not set (meson test sets it to "
                       "tests/fixtures)");
    return test_join(dir, "model-v1.nnm");
}

/* What make-v1-fixture.c wrote, computed the same way. */
static void v1_expected_weights(float w[26])
{
    float *k0 = w, *b0 = w + 12, *k1 = w + 16, *b1 = w + 24;
    for (int i = 0; i < 12; i++)
        k0[i] = 0.5f * sinf((float)i + 1);
    for (int i = 0; i < 4; i++)
        b0[i] = 0.1f * (float)i;
    for (int i = 0; i < 8; i++)
        k1[i] = 0.25f * cosf((float)i);
    for (int i = 0; i < 2; i++)
        b1[i] = -0.05f * (float)i;
}

/* Builds, with this library, the model make-v1-fixture.c saved. */
static nn_model *v1_rebuild(void)
{
    nn_model *m = NULL;
    ASSERT_OK(nn_model_create(&m, 3));
    ASSERT_OK(nn_model_set_seed(m, 77));
    ASSERT_OK(nn_model_add_dense(m, 4, NN_ACT_TANH));
    ASSERT_OK(nn_model_add_dropout(m, 0.25f));
    ASSERT_OK(nn_model_add_dense(m, 2, NN_ACT_SOFTMAX));
    ASSERT_OK(nn_model_set_param(m, NN_PARAM_BETA1, 0.8));
    ASSERT_OK(nn_model_compile(m, NN_OPT_ADAM,
                               NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY,
                               0.005f));
    float w[26];
    v1_expected_weights(w);
    ASSERT_OK(nn_model_set_weights(m, 0, w, w + 12));
    ASSERT_OK(nn_model_set_weights(m, 2, w + 16, w + 24));
    return m;
}

static void test_v1_fixture_contents(void **state)
{
    (void)state;
    char *path = fixture_path();
    size_t size = 0;
    unsigned char *bytes = test_read_file(path, &size);
    CHECK(bytes != NULL, "cannot read %s", path);
    /* the fixture really is a version-1 file */
    assert_true(size > 16);
    assert_memory_equal(bytes, "\x89NNMODL\n", 8);
    assert_int_equal(le32(bytes + 8), 1);

    nn_model *m = NULL;
    ASSERT_OK(nn_model_load(&m, path));
    assert_non_null(m);

    /* architecture */
    assert_int_equal(nn_model_input_dim(m), 3);
    assert_int_equal(nn_model_output_dim(m), 2);
    assert_int_equal(nn_model_layer_count(m), 3);
    assert_int_equal(nn_model_param_count(m), 26);
    const nn_layer_kind kinds[3] = {NN_LAYER_DENSE, NN_LAYER_DROPOUT,
                                    NN_LAYER_DENSE};
    const size_t units[3] = {4, 4, 2};
    for (size_t l = 0; l < 3; l++) {
        nn_layer_kind k;
        size_t u = 0;
        ASSERT_OK(nn_model_layer_kind(m, l, &k));
        ASSERT_OK(nn_model_layer_units(m, l, &u));
        assert_int_equal(k, kinds[l]);
        assert_int_equal(u, units[l]);
    }
    nn_activation act;
    ASSERT_OK(nn_model_layer_activation(m, 0, &act));
    assert_int_equal(act, NN_ACT_TANH);
    ASSERT_OK(nn_model_layer_activation(m, 2, &act));
    assert_int_equal(act, NN_ACT_SOFTMAX);
    float rate = 0;
    ASSERT_OK(nn_model_layer_dropout_rate(m, 1, &rate));
    assert_true(rate == 0.25f);

    /* hyper-parameters: Adam's, with beta1 0.8 and lr 0.005 */
    double v = NAN;
    ASSERT_OK(nn_model_get_param(m, NN_PARAM_LEARNING_RATE, &v));
    ASSERT_CLOSE(v, 0.005, 0, 1e-6);
    ASSERT_OK(nn_model_get_param(m, NN_PARAM_BETA1, &v));
    assert_true(v == 0.8);
    ASSERT_OK(nn_model_get_param(m, NN_PARAM_BETA2, &v));
    assert_true(v == 0.999);
    ASSERT_OK(nn_model_get_param(m, NN_PARAM_WEIGHT_DECAY, &v));
    assert_true(v == 0.0); /* Adam, not AdamW (default 0.004) */

    /* the weights, bit for bit as stored in the file ... */
    float *w = test_get_all_weights(m, NULL);
    uint64_t len = 0;
    const unsigned char *wght = find_chunk(bytes, size, "WGHT", &len);
    assert_non_null(wght);
    assert_int_equal(len, 8 + 26 * 4);
    assert_int_equal(le64(wght), 26);
    for (size_t i = 0; i < 26; i++) {
        uint32_t bits;
        memcpy(&bits, &w[i], 4);
        CHECK(bits == le32(wght + 8 + 4 * i),
              "weight %zu: %08x, the file has %08x", i, bits,
              le32(wght + 8 + 4 * i));
    }
    /* ... and as make-v1-fixture.c computed them (its libm may round the
     * last bit of sinf/cosf differently; -0.0f is the exact bias b1[0]) */
    float want[26];
    v1_expected_weights(want);
    for (size_t i = 0; i < 26; i++)
        ASSERT_CLOSE(w[i], want[i], 0, 2.4e-7);
    assert_true(signbit(w[24]) && w[24] == 0.0f);
    free(w);

    /* the seed the program set */
    const unsigned char *rng = find_chunk(bytes, size, "RNG ", &len);
    assert_non_null(rng);
    assert_int_equal(le64(rng), 77);

    /* no training state, no metadata */
    assert_int_equal(nn_model_epochs_done(m), 0);
    assert_int_equal(nn_model_history_len(m), 0);
    assert_int_equal(nn_model_metadata_count(m), 0);

    /* the loss is sparse categorical cross-entropy on the network's
     * output, computed here by hand */
    const float x[4 * 3] = {0.5f, -1, 2, 0, 0.25f, -0.75f,
                            1, 1, 1, -2, 0.5f, 0.1f};
    const float y[4] = {0, 1, 1, 0};
    float out[4 * 2];
    ASSERT_OK(nn_predict(m, x, 4, out));
    double want_loss = 0;
    for (size_t r = 0; r < 4; r++) {
        double h[4], z[2];
        for (size_t j = 0; j < 4; j++) {
            double s = want[12 + j];
            for (size_t i = 0; i < 3; i++)
                s += (double)x[r * 3 + i] * want[i * 4 + j];
            h[j] = tanh(s);
        }
        for (size_t j = 0; j < 2; j++) {
            z[j] = want[24 + j];
            for (size_t i = 0; i < 4; i++)
                z[j] += h[i] * want[16 + i * 2 + j];
        }
        double zmax = fmax(z[0], z[1]);
        double e0 = exp(z[0] - zmax), e1 = exp(z[1] - zmax);
        ASSERT_CLOSE(out[r * 2 + 0], e0 / (e0 + e1), 1e-6, 1e-5);
        ASSERT_CLOSE(out[r * 2 + 1], e1 / (e0 + e1), 1e-6, 1e-5);
        want_loss -= log((y[r] == 0 ? e0 : e1) / (e0 + e1));
    }
    want_loss /= 4;
    float loss = NAN, acc = NAN;
    ASSERT_OK(nn_evaluate(m, x, y, 4, &loss, &acc));
    ASSERT_CLOSE(loss, want_loss, 1e-6, 1e-5);

    /* the same file through a buffer */
    nn_model *b = NULL;
    ASSERT_OK(nn_model_load_buffer(&b, bytes, size));
    assert_true(test_same_weights(m, b));
    nn_model_destroy(b);

    nn_model_destroy(m);
    free(bytes);
    free(path);
}

/* The fixture behaves as the model it was saved from: predictions, the
 * generator state (shuffling, dropout) and the optimizer (Adam with beta1
 * 0.8, lr 0.005) give bit-identical training to a rebuild; it trains on,
 * resumes, and saves as the current version. */
static void test_v1_fixture_trains(void **state)
{
    rs_fixture *f = *state;
    char *path = fixture_path();
    nn_model *m = NULL;
    ASSERT_OK(nn_model_load(&m, path));
    free(path);
    nn_model *re = v1_rebuild();
    assert_true(test_same_weights(m, re));
    for (int p = 0; p < NN_PARAM_COUNT; p++) {
        double a = NAN, b = NAN;
        ASSERT_OK(nn_model_get_param(m, (nn_param)p, &a));
        ASSERT_OK(nn_model_get_param(re, (nn_param)p, &b));
        CHECK(a == b, "param %d: %.17g loaded, %.17g rebuilt", p, a, b);
    }

    /* 3-feature rows and binary labels from the fixture data */
    enum { VN = 60 };
    float x[VN * 3], y[VN];
    for (size_t i = 0; i < VN; i++) {
        for (size_t j = 0; j < 3; j++)
            x[i * 3 + j] = f->x[i * IN + j];
        y[i] = f->x[i * IN] + f->x[i * IN + 1] > 0 ? 1.0f : 0.0f;
    }
    float *before = test_get_all_weights(m, NULL);
    nn_fit_options o = run_opts(1); /* resume from epoch 0 */
    ASSERT_OK(nn_fit(m, x, y, VN, 3, 8, &o));
    ASSERT_OK(nn_fit(re, x, y, VN, 3, 8, &o));
    assert_int_equal(nn_model_epochs_done(m), 3);
    assert_int_equal(nn_model_history_len(m), 3);
    size_t count = 0;
    float *after = test_get_all_weights(m, &count);
    assert_true(test_all_finite(after, count));
    CHECK(memcmp(before, after, count * sizeof *after) != 0,
          "training did not change the weights");
    CHECK(test_same_weights(m, re), "the loaded v1 model trains differently "
                                    "from its rebuild");
    assert_same_history(m, re);
    free(before);
    free(after);

    /* saved again, it is a current-version file with its training state */
    ASSERT_OK(nn_model_set_metadata(m, "origin", "model-v1.nnm"));
    void *data = NULL;
    size_t size = 0;
    ASSERT_OK(nn_model_save_buffer(m, &data, &size));
    assert_int_equal(le32((const unsigned char *)data + 8), 2);
    nn_model *l = NULL;
    ASSERT_OK(nn_model_load_buffer(&l, data, size));
    nn_free(data);
    assert_int_equal(nn_model_epochs_done(l), 3);
    assert_same_history(m, l);
    assert_meta(l, "origin", "model-v1.nnm");
    ASSERT_OK(nn_fit(l, x, y, VN, 1, 8, &o));
    ASSERT_OK(nn_fit(re, x, y, VN, 1, 8, &o));
    assert_true(test_same_weights(l, re));
    assert_int_equal(nn_model_epochs_done(l), 4);
    nn_model_destroy(l);
    nn_model_destroy(re);
    nn_model_destroy(m);
}

static void test_newer_version_refused(void **state)
{
    rs_fixture *f = *state;
    nn_model *m = make_model(18);
    nn_fit_options o = run_opts(0);
    fit(m, f, 1, &o);
    ASSERT_OK(nn_model_set_metadata(m, "k", "v"));
    void *data = NULL;
    size_t size = 0;
    ASSERT_OK(nn_model_save_buffer(m, &data, &size));
    unsigned char *bytes = data;
    assert_int_equal(le32(bytes + 8), 2);

    const uint32_t versions[] = {3, 4, 1000, 0xFFFFFFFFu};
    for (size_t i = 0; i < ARRAY_LEN(versions); i++) {
        char want[32];
        snprintf(want, sizeof want, "version %u", versions[i]);
        for (int crc_ok = 0; crc_ok < 2; crc_ok++) {
            put_le32(bytes + 8, versions[i]);
            if (crc_ok)
                fix_crc(bytes, size);
            nn_model *l = (nn_model *)(void *)&o; /* not NULL */
            ASSERT_STATUS(nn_model_load_buffer(&l, bytes, size),
                          NN_ERR_FORMAT);
            assert_null(l);
            CHECK(strstr(nn_last_error(), want) != NULL,
                  "\"%s\" does not mention %s", nn_last_error(), want);
        }
    }
    /* version 0 does not exist */
    put_le32(bytes + 8, 0);
    fix_crc(bytes, size);
    nn_model *l = NULL;
    ASSERT_STATUS(nn_model_load_buffer(&l, bytes, size), NN_ERR_FORMAT);
    /* back to 2 with the right checksum it loads again */
    put_le32(bytes + 8, 2);
    fix_crc(bytes, size);
    ASSERT_OK(nn_model_load_buffer(&l, bytes, size));
    assert_true(test_same_weights(m, l));
    nn_model_destroy(l);

    /* the same through a file */
    put_le32(bytes + 8, 3);
    char *path = test_join(f->dir, "future.nnm");
    test_write_file(path, bytes, size);
    ASSERT_STATUS(nn_model_load(&l, path), NN_ERR_FORMAT);
    assert_null(l);
    CHECK(strstr(nn_last_error(), "version 3") != NULL, "\"%s\"",
          nn_last_error());
    free(path);
    nn_free(data);
    nn_model_destroy(m);
}

/* An unknown optional (lower-case) chunk is skipped; an unknown required
 * (upper-case) one is refused. */
static void test_unknown_chunks(void **state)
{
    rs_fixture *f = *state;
    nn_model *m = make_model(19);
    nn_fit_options o = run_opts(0);
    fit(m, f, 2, &o);
    void *data = NULL;
    size_t size = 0;
    ASSERT_OK(nn_model_save_buffer(m, &data, &size));
    const unsigned char *src = data;
    /* the END chunk: 12 bytes before the CRC */
    size_t end = size - 4 - 12;
    assert_memory_equal(src + end, "END ", 4);
    const char *tags[] = {"xtra", "ZZZZ"};
    for (int t = 0; t < 2; t++) {
        const size_t extra = 12 + 5;
        unsigned char *b = malloc(size + extra);
        assert_non_null(b);
        memcpy(b, src, end);
        memcpy(b + end, tags[t], 4);
        const unsigned char len5[8] = {5, 0, 0, 0, 0, 0, 0, 0};
        memcpy(b + end + 4, len5, 8);
        memcpy(b + end + 12, "hello", 5);
        memcpy(b + end + extra, src + end, size - end);
        fix_crc(b, size + extra);
        nn_model *l = NULL;
        if (t == 0) {
            ASSERT_OK(nn_model_load_buffer(&l, b, size + extra));
            assert_true(test_same_weights(m, l));
            assert_int_equal(nn_model_epochs_done(l), 2);
            nn_model_destroy(l);
        } else {
            ASSERT_STATUS(nn_model_load_buffer(&l, b, size + extra),
                          NN_ERR_FORMAT);
            assert_null(l);
        }
        free(b);
    }
    nn_free(data);
    nn_model_destroy(m);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_resume_through_buffer),
        T(test_resume_through_file),
        T(test_resume_other_optimizers),
        T(test_resume_early_stopping),
        T(test_resume_early_stopping_natural),
        T(test_resume_restore_best_weights),
        T(test_no_resume_resets),
        T(test_metadata_basics),
        T(test_metadata_limits),
        T(test_metadata_round_trip),
        T(test_v1_fixture_contents),
        T(test_v1_fixture_trains),
        T(test_newer_version_refused),
        T(test_unknown_chunks),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
