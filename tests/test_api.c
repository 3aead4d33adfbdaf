/*
 * test_api.c - the contract of every public function of nn.h on its error
 * paths: NULL arguments, bad sizes, wrong call order, unknown enumerators,
 * out-parameters on failure, status strings and the error message.
 */
#include <float.h>
#include <limits.h>
#include <pthread.h>

#include "test_util.h"

#define BAD_PTR ((void *)(uintptr_t)0x10)

/* A model 4 -> 5 relu -> dropout 0.25 -> 3 softmax, not compiled. */
static nn_model *make_clf(void)
{
    nn_model *m = NULL;
    ASSERT_OK(nn_model_create(&m, 4));
    ASSERT_OK(nn_model_add_dense(m, 5, NN_ACT_RELU));
    ASSERT_OK(nn_model_add_dropout(m, 0.25f));
    ASSERT_OK(nn_model_add_dense(m, 3, NN_ACT_SOFTMAX));
    return m;
}

static nn_model *make_compiled_clf(void)
{
    nn_model *m = make_clf();
    ASSERT_OK(nn_model_compile(m, NN_OPT_ADAM,
                               NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 0));
    return m;
}

/* A model 2 -> 3 linear, compiled with SGD and MSE. */
static nn_model *make_compiled_reg(void)
{
    nn_model *m = NULL;
    ASSERT_OK(nn_model_create(&m, 2));
    ASSERT_OK(nn_model_add_dense(m, 3, NN_ACT_LINEAR));
    ASSERT_OK(nn_model_compile(m, NN_OPT_SGD, NN_LOSS_MSE, 0.01f));
    return m;
}

static void assert_message_mentions(const char *needle)
{
    const char *msg = nn_last_error();
    assert_non_null(msg);
    CHECK(strstr(msg, needle) != NULL, "nn_last_error() = \"%s\" lacks \"%s\"",
          msg, needle);
}

/* ------------------------------------------------------------------------ */
/* Version, status strings, last error                                       */

static void test_version(void **state)
{
    (void)state;
    assert_int_equal(nn_version_number(), NN_VERSION_NUMBER);
    assert_int_equal(NN_VERSION_NUMBER, NN_VERSION_MAJOR * 10000 +
                                            NN_VERSION_MINOR * 100 +
                                            NN_VERSION_PATCH);
    const char *s = nn_version_string();
    assert_non_null(s);
    assert_string_equal(s, NN_VERSION_STRING);
    char buf[64];
    snprintf(buf, sizeof buf, "%d.%d.%d", NN_VERSION_MAJOR, NN_VERSION_MINOR,
             NN_VERSION_PATCH);
    assert_string_equal(s, buf);
    /* A static string: the same pointer every time. */
    assert_ptr_equal(s, nn_version_string());
}

typedef struct status_row {
    nn_status status;
    int value;
    const char *name;
    const char *text;
} status_row;

static const status_row status_table[] = {
#define ROW_(name, value, text) {name, value, #name, text},
    NN_STATUS_MAP(ROW_)
#undef ROW_
};

static void test_status_strings(void **state)
{
    (void)state;
    assert_int_equal(ARRAY_LEN(status_table), NN_STATUS_COUNT_);
    for (size_t i = 0; i < ARRAY_LEN(status_table); i++) {
        const status_row *r = &status_table[i];
        assert_int_equal((int)r->status, r->value);
        assert_int_equal(r->value, (int)i); /* dense, fixed numbering */
        assert_string_equal(nn_status_string(r->status), r->text);
        assert_string_equal(nn_status_name(r->status), r->name);
    }
    /* Fixed numbers (the ABI). */
    assert_int_equal(NN_OK, 0);
    assert_int_equal(NN_ERR_INVALID_ARG, 1);
    assert_int_equal(NN_ERR_NOMEM, 2);
    assert_int_equal(NN_ERR_STATE, 3);
    assert_int_equal(NN_ERR_IO, 4);
    assert_int_equal(NN_ERR_FORMAT, 5);
    assert_int_equal(NN_ERR_NUMERIC, 6);
    assert_int_equal(NN_ERR_CANCELLED, 7);
    assert_int_equal(NN_ERR_UNSUPPORTED, 8);
    assert_string_equal(nn_status_string(NN_ERR_NOMEM), "out of memory");
    assert_string_equal(nn_status_name(NN_ERR_NOMEM), "NN_ERR_NOMEM");

    /* Unknown values, and they do not touch the last error. */
    ASSERT_STATUS(nn_model_create(NULL, 1), NN_ERR_INVALID_ARG);
    char before[512];
    snprintf(before, sizeof before, "%s", nn_last_error());
    const int unknown[] = {NN_STATUS_COUNT_, NN_STATUS_COUNT_ + 1, 99, -1,
                           INT_MAX, INT_MIN};
    for (size_t i = 0; i < ARRAY_LEN(unknown); i++) {
        const char *s = nn_status_string((nn_status)unknown[i]);
        const char *n = nn_status_name((nn_status)unknown[i]);
        assert_non_null(s);
        assert_non_null(n);
        assert_string_equal(s, "unknown status");
        assert_string_equal(n, "NN_UNKNOWN");
    }
    for (size_t i = 0; i < ARRAY_LEN(status_table); i++) {
        (void)nn_status_string(status_table[i].status);
        (void)nn_status_name(status_table[i].status);
    }
    assert_string_equal(nn_last_error(), before);
}

static void *fresh_thread_error(void *arg)
{
    const char *msg = nn_last_error();
    int *empty = arg;
    *empty = msg != NULL && msg[0] == '\0';
    /* Fail here: must not affect the other thread's message. */
    nn_model *m = BAD_PTR;
    if (nn_model_create(&m, 0) != NN_ERR_INVALID_ARG)
        *empty = -1;
    return NULL;
}

static void test_last_error(void **state)
{
    (void)state;
    /* A failing call sets a message naming the function. */
    nn_model *m = BAD_PTR;
    ASSERT_STATUS(nn_model_create(&m, 0), NN_ERR_INVALID_ARG);
    assert_null(m);
    assert_true(strlen(nn_last_error()) > 0);
    assert_message_mentions("nn_model_create");

    char saved[512];
    snprintf(saved, sizeof saved, "%s", nn_last_error());

    /* Successful calls do not clear it. */
    ASSERT_OK(nn_model_create(&m, 3));
    ASSERT_OK(nn_model_add_dense(m, 2, NN_ACT_LINEAR));
    ASSERT_OK(nn_model_set_seed(m, 7));
    ASSERT_OK(nn_model_compile(m, NN_OPT_SGD, NN_LOSS_MSE, 0));
    (void)nn_version_number();
    assert_string_equal(nn_last_error(), saved);

    /* Another failure replaces it and names its own function. */
    ASSERT_STATUS(nn_model_add_dropout(m, 2.0f), NN_ERR_INVALID_ARG);
    assert_message_mentions("nn_model_add_dropout");
    snprintf(saved, sizeof saved, "%s", nn_last_error());

    /* Thread-local: a new thread starts with "" and its failure does not
     * change this thread's message. */
    int empty = 0;
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, fresh_thread_error, &empty), 0);
    assert_int_equal(pthread_join(t, NULL), 0);
    assert_int_equal(empty, 1);
    assert_string_equal(nn_last_error(), saved);
    nn_model_destroy(m);
}

/* ------------------------------------------------------------------------ */
/* Lifecycle                                                                 */

static void test_create_errors(void **state)
{
    (void)state;
    ASSERT_STATUS(nn_model_create(NULL, 4), NN_ERR_INVALID_ARG);
    const size_t bad_dims[] = {0, (size_t)INT_MAX + 1, SIZE_MAX};
    for (size_t i = 0; i < ARRAY_LEN(bad_dims); i++) {
        if (bad_dims[i] != 0 && (size_t)INT_MAX >= SIZE_MAX)
            continue;
        nn_model *m = BAD_PTR;
        ASSERT_STATUS(nn_model_create(&m, bad_dims[i]), NN_ERR_INVALID_ARG);
        assert_null(m);
    }
    /* Edges that are valid. */
    nn_model *m = NULL;
    ASSERT_OK(nn_model_create(&m, 1));
    assert_non_null(m);
    assert_int_equal(nn_model_input_dim(m), 1);
    nn_model_destroy(m);
    /* No-ops. */
    nn_model_destroy(NULL);
    nn_free(NULL);
}

static void test_add_dense_errors(void **state)
{
    (void)state;
    ASSERT_STATUS(nn_model_add_dense(NULL, 3, NN_ACT_RELU),
                  NN_ERR_INVALID_ARG);
    nn_model *m = NULL;
    ASSERT_OK(nn_model_create(&m, 4));
    ASSERT_STATUS(nn_model_add_dense(m, 0, NN_ACT_RELU), NN_ERR_INVALID_ARG);
    if ((size_t)INT_MAX < SIZE_MAX) {
        ASSERT_STATUS(nn_model_add_dense(m, (size_t)INT_MAX + 1, NN_ACT_RELU),
                      NN_ERR_INVALID_ARG);
        ASSERT_STATUS(nn_model_add_dense(m, SIZE_MAX, NN_ACT_RELU),
                      NN_ERR_INVALID_ARG);
    }
    const int bad_acts[] = {NN_ACT_COUNT, NN_ACT_COUNT + 1, 99, -1, INT_MAX};
    for (size_t i = 0; i < ARRAY_LEN(bad_acts); i++)
        ASSERT_STATUS(nn_model_add_dense(m, 3, (nn_activation)bad_acts[i]),
                      NN_ERR_INVALID_ARG);
    /* Failed calls added nothing. */
    assert_int_equal(nn_model_layer_count(m), 0);
    for (int a = 0; a < NN_ACT_COUNT; a++)
        ASSERT_OK(nn_model_add_dense(m, 2, (nn_activation)a));
    assert_int_equal(nn_model_layer_count(m), NN_ACT_COUNT);
    nn_model_destroy(m);
}

static void test_add_dropout_errors(void **state)
{
    (void)state;
    ASSERT_STATUS(nn_model_add_dropout(NULL, 0.5f), NN_ERR_INVALID_ARG);
    nn_model *m = NULL;
    ASSERT_OK(nn_model_create(&m, 4));
    const float bad[] = {-0.1f, -FLT_MIN, 1.0f, 1.5f, NAN, INFINITY,
                         -INFINITY};
    for (size_t i = 0; i < ARRAY_LEN(bad); i++)
        ASSERT_STATUS(nn_model_add_dropout(m, bad[i]), NN_ERR_INVALID_ARG);
    assert_int_equal(nn_model_layer_count(m), 0);
    ASSERT_OK(nn_model_add_dropout(m, 0.0f));
    ASSERT_OK(nn_model_add_dropout(m, 0.999f));
    assert_int_equal(nn_model_layer_count(m), 2);
    nn_model_destroy(m);
}

static void test_set_seed_errors(void **state)
{
    (void)state;
    ASSERT_STATUS(nn_model_set_seed(NULL, 1), NN_ERR_INVALID_ARG);
}

/* Each of these creates the weights; afterwards layers cannot be added. */
typedef enum trigger { TRIG_COMPILE, TRIG_PREDICT, TRIG_GET_WEIGHTS,
                       TRIG_SAVE_BUFFER, TRIG_COUNT } trigger;

static void test_add_layer_after_weights(void **state)
{
    (void)state;
    for (int t = 0; t < TRIG_COUNT; t++) {
        nn_model *m = make_clf();
        switch ((trigger)t) {
        case TRIG_COMPILE:
            ASSERT_OK(nn_model_compile(m, NN_OPT_SGD, NN_LOSS_MSE, 0));
            break;
        case TRIG_PREDICT: {
            float x[4] = {1, 2, 3, 4}, out[3];
            ASSERT_OK(nn_predict(m, x, 1, out));
            break;
        }
        case TRIG_GET_WEIGHTS: {
            float b[5];
            ASSERT_OK(nn_model_get_weights(m, 0, NULL, b));
            break;
        }
        case TRIG_SAVE_BUFFER: {
            void *data = NULL;
            size_t size = 0;
            ASSERT_OK(nn_model_save_buffer(m, &data, &size));
            nn_free(data);
            break;
        }
        case TRIG_COUNT:
            break;
        }
        ASSERT_STATUS(nn_model_add_dense(m, 2, NN_ACT_RELU), NN_ERR_STATE);
        ASSERT_STATUS(nn_model_add_dropout(m, 0.5f), NN_ERR_STATE);
        assert_int_equal(nn_model_layer_count(m), 3);
        assert_int_equal(nn_model_output_dim(m), 3);
        nn_model_destroy(m);
    }
}

static void test_compile_errors(void **state)
{
    (void)state;
    ASSERT_STATUS(nn_model_compile(NULL, NN_OPT_SGD, NN_LOSS_MSE, 0),
                  NN_ERR_INVALID_ARG);

    /* No layers, or no dense layer. */
    nn_model *m = NULL;
    ASSERT_OK(nn_model_create(&m, 3));
    ASSERT_STATUS(nn_model_compile(m, NN_OPT_SGD, NN_LOSS_MSE, 0),
                  NN_ERR_STATE);
    /* Only a dropout layer: both "no dense layer" (NN_ERR_STATE) and
     * "dropout last" (NN_ERR_UNSUPPORTED) describe it; nn.h does not rank
     * them, so either is accepted. */
    ASSERT_OK(nn_model_add_dropout(m, 0.5f));
    nn_status st = nn_model_compile(m, NN_OPT_SGD, NN_LOSS_MSE, 0);
    CHECK(st == NN_ERR_STATE || st == NN_ERR_UNSUPPORTED,
          "dropout-only compile gave %s", nn_status_name(st));
    nn_model_destroy(m);

    /* Dropout last. */
    ASSERT_OK(nn_model_create(&m, 3));
    ASSERT_OK(nn_model_add_dense(m, 2, NN_ACT_LINEAR));
    ASSERT_OK(nn_model_add_dropout(m, 0.5f));
    ASSERT_STATUS(nn_model_compile(m, NN_OPT_SGD, NN_LOSS_MSE, 0),
                  NN_ERR_UNSUPPORTED);
    nn_model_destroy(m);

    /* Unknown enumerators and bad learning rates. */
    m = make_clf();
    const int bad_opts[] = {NN_OPT_COUNT, 99, -1};
    for (size_t i = 0; i < ARRAY_LEN(bad_opts); i++)
        ASSERT_STATUS(nn_model_compile(m, (nn_optimizer)bad_opts[i],
                                       NN_LOSS_MSE, 0),
                      NN_ERR_INVALID_ARG);
    const int bad_losses[] = {NN_LOSS_COUNT, 99, -1};
    for (size_t i = 0; i < ARRAY_LEN(bad_losses); i++)
        ASSERT_STATUS(nn_model_compile(m, NN_OPT_SGD, (nn_loss)bad_losses[i],
                                       0),
                      NN_ERR_INVALID_ARG);
    const float bad_lr[] = {-1.0f, -FLT_MIN, -INFINITY, NAN};
    for (size_t i = 0; i < ARRAY_LEN(bad_lr); i++)
        ASSERT_STATUS(nn_model_compile(m, NN_OPT_ADAM, NN_LOSS_MSE,
                                       bad_lr[i]),
                      NN_ERR_INVALID_ARG);
    /* Not compiled after all these failures. */
    float x[4] = {0}, y[1] = {0};
    ASSERT_STATUS(nn_fit(m, x, y, 1, 1, 1, NULL), NN_ERR_STATE);
    nn_model_destroy(m);
}

typedef struct mismatch_row {
    nn_activation last;
    nn_loss loss;
    nn_status expected;
} mismatch_row;

static void test_compile_loss_activation(void **state)
{
    (void)state;
    const mismatch_row rows[] = {
        {NN_ACT_RELU, NN_LOSS_CATEGORICAL_CROSSENTROPY, NN_ERR_UNSUPPORTED},
        {NN_ACT_SIGMOID, NN_LOSS_CATEGORICAL_CROSSENTROPY, NN_ERR_UNSUPPORTED},
        {NN_ACT_LINEAR, NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY,
         NN_ERR_UNSUPPORTED},
        {NN_ACT_SIGMOID, NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY,
         NN_ERR_UNSUPPORTED},
        {NN_ACT_SOFTMAX, NN_LOSS_BINARY_CROSSENTROPY, NN_ERR_UNSUPPORTED},
        {NN_ACT_LINEAR, NN_LOSS_BINARY_CROSSENTROPY, NN_ERR_UNSUPPORTED},
        {NN_ACT_TANH, NN_LOSS_BINARY_CROSSENTROPY, NN_ERR_UNSUPPORTED},
        {NN_ACT_SOFTMAX, NN_LOSS_CATEGORICAL_CROSSENTROPY, NN_OK},
        {NN_ACT_SOFTMAX, NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, NN_OK},
        {NN_ACT_SIGMOID, NN_LOSS_BINARY_CROSSENTROPY, NN_OK},
        {NN_ACT_SOFTMAX, NN_LOSS_MSE, NN_OK},
        {NN_ACT_SIGMOID, NN_LOSS_MAE, NN_OK},
        {NN_ACT_TANH, NN_LOSS_MSE, NN_OK},
    };
    for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
        nn_model *m = NULL;
        ASSERT_OK(nn_model_create(&m, 3));
        ASSERT_OK(nn_model_add_dense(m, 4, NN_ACT_TANH));
        ASSERT_OK(nn_model_add_dense(m, 2, rows[i].last));
        for (int opt = 0; opt < NN_OPT_COUNT; opt++)
            ASSERT_STATUS(nn_model_compile(m, (nn_optimizer)opt, rows[i].loss,
                                           0),
                          rows[i].expected);
        nn_model_destroy(m);
    }
}

static void test_compile_default_lr(void **state)
{
    (void)state;
    const double defaults[NN_OPT_COUNT] = {0.01, 1e-3, 1e-3, 1e-3};
    for (int opt = 0; opt < NN_OPT_COUNT; opt++) {
        nn_model *m = make_clf();
        double lr = NAN;
        /* A value set before compile is replaced by the compile default. */
        ASSERT_OK(nn_model_set_param(m, NN_PARAM_LEARNING_RATE, 0.5));
        ASSERT_OK(nn_model_compile(m, (nn_optimizer)opt, NN_LOSS_MSE, 0));
        ASSERT_OK(nn_model_get_param(m, NN_PARAM_LEARNING_RATE, &lr));
        ASSERT_CLOSE(lr, defaults[opt], 0, 1e-6);
        ASSERT_OK(nn_model_compile(m, (nn_optimizer)opt, NN_LOSS_MSE, 0.05f));
        ASSERT_OK(nn_model_get_param(m, NN_PARAM_LEARNING_RATE, &lr));
        ASSERT_CLOSE(lr, 0.05, 0, 1e-6);
        /* Changed between fits. */
        ASSERT_OK(nn_model_set_param(m, NN_PARAM_LEARNING_RATE, 0.25));
        ASSERT_OK(nn_model_get_param(m, NN_PARAM_LEARNING_RATE, &lr));
        assert_true(lr == 0.25);
        nn_model_destroy(m);
    }
}

/* ------------------------------------------------------------------------ */
/* Hyper-parameters                                                          */

static void test_param_bounds(void **state)
{
    (void)state;
    for (int p = 0; p < NN_PARAM_COUNT; p++) {
        double lo = NAN, hi = NAN;
        ASSERT_OK(nn_param_bounds((nn_param)p, &lo, &hi));
        assert_false(isnan(lo));
        assert_false(isnan(hi));
        CHECK(lo <= hi, "param %d: [%g, %g]", p, lo, hi);
    }
    /* The documented ranges. */
    const struct { nn_param p; double lo, hi; int hi_inf; } docs[] = {
        {NN_PARAM_MOMENTUM, 0, 1, 0},    {NN_PARAM_NESTEROV, 0, 1, 0},
        {NN_PARAM_BETA1, 0, 1, 0},       {NN_PARAM_BETA2, 0, 1, 0},
        {NN_PARAM_EPSILON, 1e-30, 1, 0},     {NN_PARAM_RHO, 0, 1, 0},
        {NN_PARAM_LEAKY_SLOPE, 0, 1, 0}, {NN_PARAM_ELU_ALPHA, 0, 100, 0},
    };
    for (size_t i = 0; i < ARRAY_LEN(docs); i++) {
        double lo = NAN, hi = NAN;
        ASSERT_OK(nn_param_bounds(docs[i].p, &lo, &hi));
        CHECK(lo == docs[i].lo && hi == docs[i].hi,
              "param %d: bounds [%g, %g], documented [%g, %g]",
              (int)docs[i].p, lo, hi, docs[i].lo, docs[i].hi);
    }
    double lo = NAN, hi = NAN;
    ASSERT_OK(nn_param_bounds(NN_PARAM_LEARNING_RATE, &lo, &hi));
    assert_true(lo >= 0);
    ASSERT_OK(nn_param_bounds(NN_PARAM_WEIGHT_DECAY, &lo, &hi));
    assert_true(lo == 0);
    ASSERT_OK(nn_param_bounds(NN_PARAM_CLIP_NORM, &lo, &hi));
    assert_true(lo == 0);

    /* Errors: out-parameters become NaN. */
    const int bad[] = {NN_PARAM_COUNT, 99, -1};
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        lo = 1;
        hi = 2;
        ASSERT_STATUS(nn_param_bounds((nn_param)bad[i], &lo, &hi),
                      NN_ERR_INVALID_ARG);
        ASSERT_NAN(lo);
        ASSERT_NAN(hi);
    }
    hi = 2;
    ASSERT_STATUS(nn_param_bounds(NN_PARAM_BETA1, NULL, &hi),
                  NN_ERR_INVALID_ARG);
    lo = 2;
    ASSERT_STATUS(nn_param_bounds(NN_PARAM_BETA1, &lo, NULL),
                  NN_ERR_INVALID_ARG);
}

static void test_set_param_errors(void **state)
{
    (void)state;
    ASSERT_STATUS(nn_model_set_param(NULL, NN_PARAM_MOMENTUM, 0.5),
                  NN_ERR_INVALID_ARG);
    nn_model *m = make_clf();
    const int bad_params[] = {NN_PARAM_COUNT, 99, -1};
    for (size_t i = 0; i < ARRAY_LEN(bad_params); i++)
        ASSERT_STATUS(nn_model_set_param(m, (nn_param)bad_params[i], 0.5),
                      NN_ERR_INVALID_ARG);

    /* NaN, and values outside the reported bounds, for every parameter. */
    for (int p = 0; p < NN_PARAM_COUNT; p++) {
        double before = NAN, after = NAN, lo, hi;
        ASSERT_OK(nn_model_get_param(m, (nn_param)p, &before));
        ASSERT_OK(nn_param_bounds((nn_param)p, &lo, &hi));
        ASSERT_STATUS(nn_model_set_param(m, (nn_param)p, NAN),
                      NN_ERR_INVALID_ARG);
        ASSERT_STATUS(nn_model_set_param(m, (nn_param)p, lo - 1.0),
                      NN_ERR_INVALID_ARG);
        ASSERT_STATUS(nn_model_set_param(m, (nn_param)p, -INFINITY),
                      NN_ERR_INVALID_ARG);
        if (isfinite(hi)) {
            ASSERT_STATUS(nn_model_set_param(m, (nn_param)p, hi * 2 + 1),
                          NN_ERR_INVALID_ARG);
            ASSERT_STATUS(nn_model_set_param(m, (nn_param)p, INFINITY),
                          NN_ERR_INVALID_ARG);
        }
        ASSERT_OK(nn_model_get_param(m, (nn_param)p, &after));
        CHECK(before == after || (isnan(before) && isnan(after)),
              "param %d changed by failed sets: %g -> %g", p, before, after);
    }

    /* Open ends documented at the enum are rejected. */
    const struct { nn_param p; double v; } open_ends[] = {
        {NN_PARAM_LEARNING_RATE, 0.0}, {NN_PARAM_LEARNING_RATE, -0.1},
        {NN_PARAM_MOMENTUM, 1.0},      {NN_PARAM_MOMENTUM, -0.1},
        {NN_PARAM_NESTEROV, 2.0},      {NN_PARAM_NESTEROV, -1.0},
        {NN_PARAM_BETA1, 1.0},         {NN_PARAM_BETA2, 1.0},
        {NN_PARAM_EPSILON, 0.0},       {NN_PARAM_EPSILON, 1.5},
        {NN_PARAM_EPSILON, 1e-50}, /* would be 0 as a float */
        {NN_PARAM_RHO, 1.0},           {NN_PARAM_WEIGHT_DECAY, -0.1},
        {NN_PARAM_CLIP_NORM, -1.0},    {NN_PARAM_LEAKY_SLOPE, 1.5},
        {NN_PARAM_LEAKY_SLOPE, -0.5},  {NN_PARAM_ELU_ALPHA, 101.0},
        {NN_PARAM_ELU_ALPHA, -1.0},
    };
    for (size_t i = 0; i < ARRAY_LEN(open_ends); i++) {
        CHECK(nn_model_set_param(m, open_ends[i].p, open_ends[i].v) ==
                  NN_ERR_INVALID_ARG,
              "param %d accepted %g", (int)open_ends[i].p, open_ends[i].v);
    }
    /* Closed ends and inner values are accepted and read back. */
    const struct { nn_param p; double v; } ok[] = {
        {NN_PARAM_LEARNING_RATE, 1e-9}, {NN_PARAM_MOMENTUM, 0.0},
        {NN_PARAM_MOMENTUM, 0.5},       {NN_PARAM_NESTEROV, 1.0},
        {NN_PARAM_NESTEROV, 0.0},       {NN_PARAM_BETA1, 0.0},
        {NN_PARAM_BETA2, 0.5},          {NN_PARAM_EPSILON, 1.0},
        {NN_PARAM_RHO, 0.0},            {NN_PARAM_WEIGHT_DECAY, 0.0},
        {NN_PARAM_WEIGHT_DECAY, 0.25},  {NN_PARAM_CLIP_NORM, 0.0},
        {NN_PARAM_CLIP_NORM, 3.5},      {NN_PARAM_LEAKY_SLOPE, 0.0},
        {NN_PARAM_LEAKY_SLOPE, 1.0},    {NN_PARAM_ELU_ALPHA, 0.0},
        {NN_PARAM_ELU_ALPHA, 100.0},
    };
    for (size_t i = 0; i < ARRAY_LEN(ok); i++) {
        double v = NAN;
        ASSERT_OK(nn_model_set_param(m, ok[i].p, ok[i].v));
        ASSERT_OK(nn_model_get_param(m, ok[i].p, &v));
        CHECK(v == ok[i].v, "param %d: set %g, read %g", (int)ok[i].p,
              ok[i].v, v);
    }
    nn_model_destroy(m);
}

static void test_get_param(void **state)
{
    (void)state;
    double v = 1;
    ASSERT_STATUS(nn_model_get_param(NULL, NN_PARAM_BETA1, &v),
                  NN_ERR_INVALID_ARG);
    ASSERT_NAN(v);
    nn_model *m = make_clf();
    ASSERT_STATUS(nn_model_get_param(m, NN_PARAM_BETA1, NULL),
                  NN_ERR_INVALID_ARG);
    const int bad[] = {NN_PARAM_COUNT, 99, -1};
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        v = 1;
        ASSERT_STATUS(nn_model_get_param(m, (nn_param)bad[i], &v),
                      NN_ERR_INVALID_ARG);
        ASSERT_NAN(v);
    }

    /* Documented defaults for each optimizer. */
    for (int opt = 0; opt < NN_OPT_COUNT; opt++) {
        nn_model *c = make_clf();
        ASSERT_OK(nn_model_compile(c, (nn_optimizer)opt, NN_LOSS_MSE, 0));
        const struct { nn_param p; double v; } defaults[] = {
            {NN_PARAM_MOMENTUM, 0},     {NN_PARAM_NESTEROV, 0},
            {NN_PARAM_BETA1, 0.9},      {NN_PARAM_BETA2, 0.999},
            {NN_PARAM_EPSILON, 1e-7},   {NN_PARAM_RHO, 0.9},
            {NN_PARAM_CLIP_NORM, 0},    {NN_PARAM_LEAKY_SLOPE, 0.3},
            {NN_PARAM_ELU_ALPHA, 1.0},
            {NN_PARAM_WEIGHT_DECAY, opt == NN_OPT_ADAMW ? 0.004 : 0.0},
        };
        for (size_t i = 0; i < ARRAY_LEN(defaults); i++) {
            v = NAN;
            ASSERT_OK(nn_model_get_param(c, defaults[i].p, &v));
            CHECK(fabs(v - defaults[i].v) <= 1e-6 * fabs(defaults[i].v),
                  "optimizer %d param %d: default %.9g, documented %.9g",
                  opt, (int)defaults[i].p, v, defaults[i].v);
        }
        nn_model_destroy(c);
    }

    /* Values set before compile survive it (except the learning rate). */
    ASSERT_OK(nn_model_set_param(m, NN_PARAM_MOMENTUM, 0.75));
    ASSERT_OK(nn_model_set_param(m, NN_PARAM_WEIGHT_DECAY, 0.125));
    ASSERT_OK(nn_model_set_param(m, NN_PARAM_LEAKY_SLOPE, 0.5));
    ASSERT_OK(nn_model_compile(m, NN_OPT_ADAMW, NN_LOSS_MSE, 0));
    ASSERT_OK(nn_model_get_param(m, NN_PARAM_MOMENTUM, &v));
    assert_true(v == 0.75);
    ASSERT_OK(nn_model_get_param(m, NN_PARAM_WEIGHT_DECAY, &v));
    assert_true(v == 0.125);
    ASSERT_OK(nn_model_get_param(m, NN_PARAM_LEAKY_SLOPE, &v));
    assert_true(v == 0.5);
    ASSERT_OK(nn_model_compile(m, NN_OPT_SGD, NN_LOSS_MSE, 0));
    ASSERT_OK(nn_model_get_param(m, NN_PARAM_WEIGHT_DECAY, &v));
    assert_true(v == 0.125);
    nn_model_destroy(m);
}

/* ------------------------------------------------------------------------ */
/* Getters                                                                   */

static void test_getters(void **state)
{
    (void)state;
    assert_int_equal(nn_model_input_dim(NULL), 0);
    assert_int_equal(nn_model_output_dim(NULL), 0);
    assert_int_equal(nn_model_layer_count(NULL), 0);
    assert_int_equal(nn_model_param_count(NULL), 0);
    assert_int_equal(nn_model_history_len(NULL), 0);

    nn_model *m = NULL;
    ASSERT_OK(nn_model_create(&m, 7));
    assert_int_equal(nn_model_input_dim(m), 7);
    assert_int_equal(nn_model_output_dim(m), 7);
    assert_int_equal(nn_model_layer_count(m), 0);
    assert_int_equal(nn_model_param_count(m), 0);
    assert_int_equal(nn_model_history_len(m), 0);

    const struct { int dropout; size_t units; nn_activation act; float rate; }
    spec[] = {
        {0, 9, NN_ACT_RELU, 0},   {1, 0, NN_ACT_LINEAR, 0.25f},
        {0, 4, NN_ACT_GELU, 0},   {0, 6, NN_ACT_GAUSSIAN, 0},
        {1, 0, NN_ACT_LINEAR, 0.5f}, {0, 3, NN_ACT_SOFTMAX, 0},
    };
    size_t width = 7, params = 0;
    for (size_t i = 0; i < ARRAY_LEN(spec); i++) {
        if (spec[i].dropout) {
            ASSERT_OK(nn_model_add_dropout(m, spec[i].rate));
        } else {
            ASSERT_OK(nn_model_add_dense(m, spec[i].units, spec[i].act));
            params += width * spec[i].units + spec[i].units;
            width = spec[i].units;
        }
        assert_int_equal(nn_model_layer_count(m), i + 1);
        assert_int_equal(nn_model_output_dim(m), width);
        assert_int_equal(nn_model_param_count(m), params);
    }
    assert_int_equal(params, 7 * 9 + 9 + 9 * 4 + 4 + 4 * 6 + 6 + 6 * 3 + 3);

    for (int pass = 0; pass < 2; pass++) {
        width = 7;
        for (size_t i = 0; i < ARRAY_LEN(spec); i++) {
            nn_layer_kind kind;
            size_t units = 0;
            ASSERT_OK(nn_model_layer_kind(m, i, &kind));
            ASSERT_OK(nn_model_layer_units(m, i, &units));
            if (spec[i].dropout) {
                assert_int_equal(kind, NN_LAYER_DROPOUT);
                assert_int_equal(units, width);
                float rate = NAN;
                ASSERT_OK(nn_model_layer_dropout_rate(m, i, &rate));
                assert_true(rate == spec[i].rate);
                nn_activation act;
                ASSERT_STATUS(nn_model_layer_activation(m, i, &act),
                              NN_ERR_INVALID_ARG);
            } else {
                assert_int_equal(kind, NN_LAYER_DENSE);
                assert_int_equal(units, spec[i].units);
                width = units;
                nn_activation act = NN_ACT_COUNT;
                ASSERT_OK(nn_model_layer_activation(m, i, &act));
                assert_int_equal(act, spec[i].act);
                float rate = 1;
                ASSERT_STATUS(nn_model_layer_dropout_rate(m, i, &rate),
                              NN_ERR_INVALID_ARG);
                ASSERT_NAN(rate);
            }
        }
        /* The same after the weights exist. */
        ASSERT_OK(nn_model_compile(m, NN_OPT_ADAM,
                                   NN_LOSS_CATEGORICAL_CROSSENTROPY, 0));
        assert_int_equal(nn_model_param_count(m), params);
    }

    /* Errors. */
    const size_t n_layers = ARRAY_LEN(spec);
    const size_t bad_idx[] = {n_layers, n_layers + 1, SIZE_MAX};
    for (size_t i = 0; i < ARRAY_LEN(bad_idx); i++) {
        nn_layer_kind kind;
        nn_activation act;
        size_t units = 5;
        float rate = 1;
        ASSERT_STATUS(nn_model_layer_kind(m, bad_idx[i], &kind),
                      NN_ERR_INVALID_ARG);
        ASSERT_STATUS(nn_model_layer_units(m, bad_idx[i], &units),
                      NN_ERR_INVALID_ARG);
        assert_int_equal(units, 0);
        ASSERT_STATUS(nn_model_layer_activation(m, bad_idx[i], &act),
                      NN_ERR_INVALID_ARG);
        ASSERT_STATUS(nn_model_layer_dropout_rate(m, bad_idx[i], &rate),
                      NN_ERR_INVALID_ARG);
        ASSERT_NAN(rate);
    }
    nn_layer_kind kind;
    nn_activation act;
    size_t units = 5;
    float rate = 1;
    ASSERT_STATUS(nn_model_layer_kind(NULL, 0, &kind), NN_ERR_INVALID_ARG);
    ASSERT_STATUS(nn_model_layer_units(NULL, 0, &units), NN_ERR_INVALID_ARG);
    assert_int_equal(units, 0);
    ASSERT_STATUS(nn_model_layer_activation(NULL, 0, &act),
                  NN_ERR_INVALID_ARG);
    ASSERT_STATUS(nn_model_layer_dropout_rate(NULL, 1, &rate),
                  NN_ERR_INVALID_ARG);
    ASSERT_NAN(rate);
    ASSERT_STATUS(nn_model_layer_kind(m, 0, NULL), NN_ERR_INVALID_ARG);
    ASSERT_STATUS(nn_model_layer_units(m, 0, NULL), NN_ERR_INVALID_ARG);
    ASSERT_STATUS(nn_model_layer_activation(m, 0, NULL), NN_ERR_INVALID_ARG);
    ASSERT_STATUS(nn_model_layer_dropout_rate(m, 1, NULL),
                  NN_ERR_INVALID_ARG);
    nn_model_destroy(m);
}

/* ------------------------------------------------------------------------ */
/* Weights                                                                   */

static void test_weights_errors(void **state)
{
    (void)state;
    float k[4 * 5], b[5];
    ASSERT_STATUS(nn_model_get_weights(NULL, 0, k, b), NN_ERR_INVALID_ARG);
    ASSERT_STATUS(nn_model_set_weights(NULL, 0, k, b), NN_ERR_INVALID_ARG);

    nn_model *m = make_clf(); /* dense, dropout, dense */
    /* Both NULL is allowed for get (and creates the weights). */
    ASSERT_OK(nn_model_get_weights(m, 0, NULL, NULL));
    ASSERT_STATUS(nn_model_get_weights(m, 1, k, b), NN_ERR_INVALID_ARG);
    ASSERT_STATUS(nn_model_set_weights(m, 1, k, b), NN_ERR_INVALID_ARG);
    ASSERT_STATUS(nn_model_get_weights(m, 3, k, b), NN_ERR_INVALID_ARG);
    ASSERT_STATUS(nn_model_set_weights(m, 3, k, b), NN_ERR_INVALID_ARG);
    ASSERT_STATUS(nn_model_get_weights(m, SIZE_MAX, k, b),
                  NN_ERR_INVALID_ARG);
    ASSERT_STATUS(nn_model_set_weights(m, SIZE_MAX, k, b),
                  NN_ERR_INVALID_ARG);

    /* Round trip. */
    for (size_t i = 0; i < ARRAY_LEN(k); i++)
        k[i] = (float)i * 0.125f - 1.0f;
    for (size_t i = 0; i < ARRAY_LEN(b); i++)
        b[i] = (float)i * -0.5f;
    ASSERT_OK(nn_model_set_weights(m, 0, k, b));
    float k2[ARRAY_LEN(k)], b2[ARRAY_LEN(b)];
    ASSERT_OK(nn_model_get_weights(m, 0, k2, b2));
    assert_memory_equal(k, k2, sizeof k);
    assert_memory_equal(b, b2, sizeof b);

    /* Kernel only / bias only / nothing. */
    float kk[ARRAY_LEN(k)], bb[ARRAY_LEN(b)];
    for (size_t i = 0; i < ARRAY_LEN(k); i++)
        kk[i] = 2.0f;
    for (size_t i = 0; i < ARRAY_LEN(b); i++)
        bb[i] = 3.0f;
    ASSERT_OK(nn_model_set_weights(m, 0, kk, NULL));
    ASSERT_OK(nn_model_get_weights(m, 0, k2, b2));
    assert_memory_equal(kk, k2, sizeof k);
    assert_memory_equal(b, b2, sizeof b);
    ASSERT_OK(nn_model_set_weights(m, 0, NULL, bb));
    ASSERT_OK(nn_model_get_weights(m, 0, k2, b2));
    assert_memory_equal(kk, k2, sizeof k);
    assert_memory_equal(bb, b2, sizeof b);
    ASSERT_OK(nn_model_set_weights(m, 0, NULL, NULL));
    ASSERT_OK(nn_model_get_weights(m, 0, k2, NULL));
    assert_memory_equal(kk, k2, sizeof k);

    /* Non-finite values: NN_ERR_NUMERIC and nothing changes, neither the
     * kernel nor a valid bias passed along with it. */
    const float bad_values[] = {NAN, INFINITY, -INFINITY};
    for (size_t v = 0; v < ARRAY_LEN(bad_values); v++) {
        float kbad[ARRAY_LEN(k)], bgood[ARRAY_LEN(b)];
        memcpy(kbad, k, sizeof k);
        kbad[ARRAY_LEN(k) - 1] = bad_values[v];
        for (size_t i = 0; i < ARRAY_LEN(b); i++)
            bgood[i] = 9.0f;
        ASSERT_STATUS(nn_model_set_weights(m, 0, kbad, bgood), NN_ERR_NUMERIC);
        float bbad[ARRAY_LEN(b)];
        memcpy(bbad, b, sizeof b);
        bbad[2] = bad_values[v];
        ASSERT_STATUS(nn_model_set_weights(m, 0, k, bbad), NN_ERR_NUMERIC);
        ASSERT_OK(nn_model_get_weights(m, 0, k2, b2));
        assert_memory_equal(kk, k2, sizeof k);
        assert_memory_equal(bb, b2, sizeof b);
    }
    nn_model_destroy(m);
}

/* ------------------------------------------------------------------------ */
/* Fit options and history                                                   */

static void test_fit_options_init(void **state)
{
    (void)state;
    ASSERT_STATUS(nn_fit_options_init(NULL), NN_ERR_INVALID_ARG);
    nn_fit_options o;
    memset(&o, 0xA5, sizeof o);
    ASSERT_OK(nn_fit_options_init(&o));
    assert_int_equal(o.struct_size, sizeof(nn_fit_options));
    assert_int_equal(o.shuffle, 1);
    assert_true(o.validation_split == 0.0f);
    assert_null(o.val_x);
    assert_null(o.val_y);
    assert_int_equal(o.val_n, 0);
    assert_int_equal(o.verbose, 0);
    assert_int_equal(o.monitor, NN_METRIC_VAL_LOSS);
    assert_int_equal(o.patience, 0);
    assert_true(o.min_delta == 0.0f);
    assert_int_equal(o.restore_best_weights, 0);
    assert_null(o.on_batch);
    assert_null(o.on_batch_user);
    assert_null(o.on_epoch);
    assert_null(o.on_epoch_user);
    assert_null(o.checkpoint_path);
    assert_int_equal(o.checkpoint_period, 1);
}

static void test_history_errors(void **state)
{
    (void)state;
    float v = 1;
    ASSERT_STATUS(nn_model_history_get(NULL, 0, NN_METRIC_LOSS, &v),
                  NN_ERR_INVALID_ARG);
    ASSERT_NAN(v);
    nn_model *m = make_compiled_reg();
    v = 1;
    ASSERT_STATUS(nn_model_history_get(m, 0, NN_METRIC_LOSS, &v),
                  NN_ERR_INVALID_ARG);
    ASSERT_NAN(v);
    float x[4] = {1, 2, 3, 4}, y[6] = {1, 2, 3, 4, 5, 6};
    ASSERT_OK(nn_fit(m, x, y, 2, 3, 2, NULL));
    assert_int_equal(nn_model_history_len(m), 3);
    ASSERT_OK(nn_model_history_get(m, 2, NN_METRIC_LOSS, &v));
    assert_true(isfinite(v));
    v = 1;
    ASSERT_STATUS(nn_model_history_get(m, 3, NN_METRIC_LOSS, &v),
                  NN_ERR_INVALID_ARG);
    ASSERT_NAN(v);
    const int bad[] = {NN_METRIC_COUNT, 99, -1};
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        v = 1;
        ASSERT_STATUS(nn_model_history_get(m, 0, (nn_metric)bad[i], &v),
                      NN_ERR_INVALID_ARG);
        ASSERT_NAN(v);
    }
    ASSERT_STATUS(nn_model_history_get(m, 0, NN_METRIC_LOSS, NULL),
                  NN_ERR_INVALID_ARG);
    nn_model_destroy(m);
}

/* ------------------------------------------------------------------------ */
/* nn_fit                                                                    */

static void test_fit_errors(void **state)
{
    (void)state;
    float x[8] = {0.5f, -1, 2, 0.25f, 1, 1, -2, 0};
    float y[12] = {0};

    /* Not compiled. */
    nn_model *m = NULL;
    ASSERT_OK(nn_model_create(&m, 2));
    ASSERT_OK(nn_model_add_dense(m, 3, NN_ACT_LINEAR));
    ASSERT_STATUS(nn_fit(m, x, y, 4, 1, 2, NULL), NN_ERR_STATE);
    nn_model_destroy(m);

    m = make_compiled_reg();
    ASSERT_STATUS(nn_fit(NULL, x, y, 4, 1, 2, NULL), NN_ERR_INVALID_ARG);
    ASSERT_STATUS(nn_fit(m, NULL, y, 4, 1, 2, NULL), NN_ERR_INVALID_ARG);
    ASSERT_STATUS(nn_fit(m, x, NULL, 4, 1, 2, NULL), NN_ERR_INVALID_ARG);
    ASSERT_STATUS(nn_fit(m, x, y, 0, 1, 2, NULL), NN_ERR_INVALID_ARG);
    ASSERT_STATUS(nn_fit(m, x, y, 4, 1, 0, NULL), NN_ERR_INVALID_ARG);
    /* n * input_dim overflows size_t (input_dim 2). */
    ASSERT_STATUS(nn_fit(m, x, y, SIZE_MAX / 2 + 1, 1, 2, NULL),
                  NN_ERR_INVALID_ARG);
    ASSERT_STATUS(nn_fit(m, x, y, SIZE_MAX, 1, 2, NULL), NN_ERR_INVALID_ARG);
    nn_model_destroy(m);

    /* n * output_dim overflows while n * input_dim does not (1 -> 4). */
    ASSERT_OK(nn_model_create(&m, 1));
    ASSERT_OK(nn_model_add_dense(m, 4, NN_ACT_LINEAR));
    ASSERT_OK(nn_model_compile(m, NN_OPT_SGD, NN_LOSS_MSE, 0));
    ASSERT_STATUS(nn_fit(m, x, y, SIZE_MAX / 4 + 1, 1, 2, NULL),
                  NN_ERR_INVALID_ARG);
    nn_model_destroy(m);
}

static void test_fit_epochs_zero(void **state)
{
    (void)state;
    nn_model *m = make_compiled_reg();
    float x[4] = {1, 2, 3, 4}, y[6] = {1, 2, 3, 4, 5, 6};
    size_t n = 0;
    float *before = test_get_all_weights(m, &n);
    ASSERT_OK(nn_fit(m, x, y, 2, 0, 1, NULL));
    float *after = test_get_all_weights(m, NULL);
    assert_memory_equal(before, after, n * sizeof(float));
    /* A real epoch does change them (so the check above can fail). */
    ASSERT_OK(nn_fit(m, x, y, 2, 1, 1, NULL));
    free(after);
    after = test_get_all_weights(m, NULL);
    assert_memory_not_equal(before, after, n * sizeof(float));
    free(before);
    free(after);
    nn_model_destroy(m);
}

/* The weights are unchanged after a fit rejected because of its data. */
static void assert_fit_rejected(nn_model *m, const float *x, const float *y,
                                size_t n, const nn_fit_options *o,
                                nn_status expected, const char *mention)
{
    size_t count = 0;
    float *before = test_get_all_weights(m, &count);
    ASSERT_STATUS(nn_fit(m, x, y, n, 2, 2, o), expected);
    if (mention)
        assert_message_mentions(mention);
    assert_message_mentions("nn_fit");
    float *after = test_get_all_weights(m, NULL);
    assert_memory_equal(before, after, count * sizeof(float));
    free(before);
    free(after);
}

static void test_fit_bad_labels(void **state)
{
    (void)state;
    enum { N = 8, D = 4 };
    test_rng r = {11};
    float *x = test_random_floats(&r, N * D, -1, 1);

    /* Sparse categorical, 10 classes. */
    nn_model *m = NULL;
    ASSERT_OK(nn_model_create(&m, D));
    ASSERT_OK(nn_model_add_dense(m, 10, NN_ACT_SOFTMAX));
    ASSERT_OK(nn_model_compile(m, NN_OPT_ADAM,
                               NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 0));
    float y[N];
    for (size_t i = 0; i < N; i++)
        y[i] = (float)(i % 10);
    ASSERT_OK(nn_fit(m, x, y, N, 1, 4, NULL));

    const struct { size_t row; float label; nn_status st; } bad[] = {
        {3, 10.0f, NN_ERR_INVALID_ARG},  {5, -1.0f, NN_ERR_INVALID_ARG},
        {7, 2.5f, NN_ERR_INVALID_ARG},   {6, 1e9f, NN_ERR_INVALID_ARG},
        {4, 9.0001f, NN_ERR_INVALID_ARG}, {2, NAN, NN_ERR_NUMERIC},
        {1, INFINITY, NN_ERR_NUMERIC},
    };
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        float yb[N];
        memcpy(yb, y, sizeof y);
        yb[bad[i].row] = bad[i].label;
        char needle[32];
        snprintf(needle, sizeof needle, "row %zu", bad[i].row);
        assert_fit_rejected(m, x, yb, N, NULL, bad[i].st, needle);
        /* nn_evaluate checks labels the same way. */
        float loss = 0, acc = 0;
        ASSERT_STATUS(nn_evaluate(m, x, yb, N, &loss, &acc), bad[i].st);
        assert_message_mentions(needle);
        ASSERT_NAN(loss);
        ASSERT_NAN(acc);
    }
    nn_model_destroy(m);

    /* Binary cross-entropy: labels in [0, 1]. */
    ASSERT_OK(nn_model_create(&m, D));
    ASSERT_OK(nn_model_add_dense(m, 2, NN_ACT_SIGMOID));
    ASSERT_OK(nn_model_compile(m, NN_OPT_ADAM, NN_LOSS_BINARY_CROSSENTROPY,
                               0));
    float yb[N * 2];
    for (size_t i = 0; i < N * 2; i++)
        yb[i] = (float)(i % 2);
    ASSERT_OK(nn_fit(m, x, yb, N, 1, 4, NULL));
    yb[2 * 5 + 1] = 1.5f;
    assert_fit_rejected(m, x, yb, N, NULL, NN_ERR_INVALID_ARG, "row 5");
    yb[2 * 5 + 1] = -0.5f;
    assert_fit_rejected(m, x, yb, N, NULL, NN_ERR_INVALID_ARG, "row 5");
    nn_model_destroy(m);

    /* Categorical cross-entropy: non-negative. */
    ASSERT_OK(nn_model_create(&m, D));
    ASSERT_OK(nn_model_add_dense(m, 3, NN_ACT_SOFTMAX));
    ASSERT_OK(nn_model_compile(m, NN_OPT_ADAM,
                               NN_LOSS_CATEGORICAL_CROSSENTROPY, 0));
    float yc[N * 3] = {0};
    for (size_t i = 0; i < N; i++)
        yc[i * 3 + i % 3] = 1.0f;
    ASSERT_OK(nn_fit(m, x, yc, N, 1, 4, NULL));
    yc[3 * 6 + 1] = -1.0f;
    assert_fit_rejected(m, x, yc, N, NULL, NN_ERR_INVALID_ARG, "row 6");
    nn_model_destroy(m);
    free(x);
}

static void test_fit_bad_inputs(void **state)
{
    (void)state;
    enum { N = 8, D = 2 };
    test_rng r = {12};
    float *x = test_random_floats(&r, N * D, -1, 1);
    float *y = test_random_floats(&r, N * 3, -1, 1);
    nn_model *m = make_compiled_reg();
    const float bad_values[] = {NAN, INFINITY, -INFINITY};
    for (size_t v = 0; v < ARRAY_LEN(bad_values); v++) {
        float *xb = test_alloc_floats(N * D);
        memcpy(xb, x, N * D * sizeof(float));
        xb[5 * D + 1] = bad_values[v];
        assert_fit_rejected(m, xb, y, N, NULL, NN_ERR_NUMERIC, "row 5");
        free(xb);
        float *yb = test_alloc_floats(N * 3);
        memcpy(yb, y, N * 3 * sizeof(float));
        yb[7 * 3] = bad_values[v];
        assert_fit_rejected(m, x, yb, N, NULL, NN_ERR_NUMERIC, "row 7");
        free(yb);
    }
    /* Explicit validation data is checked too. */
    nn_fit_options o;
    ASSERT_OK(nn_fit_options_init(&o));
    float vx[4] = {0, 1, NAN, 2}, vy[6] = {0};
    o.val_x = vx;
    o.val_y = vy;
    o.val_n = 2;
    assert_fit_rejected(m, x, y, N, &o, NN_ERR_NUMERIC, "row 1");
    nn_model_destroy(m);
    free(x);
    free(y);
}

static void test_fit_bad_options(void **state)
{
    (void)state;
    enum { N = 8, D = 2 };
    test_rng r = {13};
    float *x = test_random_floats(&r, N * D, -1, 1);
    float *y = test_random_floats(&r, N * 3, -1, 1);
    nn_model *m = make_compiled_reg();

    const size_t bad_sizes[] = {0, 1, sizeof(nn_fit_options) - 1,
                                sizeof(nn_fit_options) / 2, SIZE_MAX};
    for (size_t i = 0; i < ARRAY_LEN(bad_sizes); i++) {
        nn_fit_options o;
        ASSERT_OK(nn_fit_options_init(&o));
        o.struct_size = bad_sizes[i];
        assert_fit_rejected(m, x, y, N, &o, NN_ERR_INVALID_ARG, NULL);
    }

    /* A program built against libnn 1.0 passes the struct as it was then,
     * ending before `resume`; it must be accepted with resume off. */
    {
        nn_fit_options o;
        ASSERT_OK(nn_fit_options_init(&o));
        o.struct_size = offsetof(nn_fit_options, resume);
        o.resume = 12345; /* beyond the 1.0 struct: must be ignored */
        ASSERT_OK(nn_fit(m, x, y, N, 2, 4, &o));
        assert_int_equal(nn_model_epochs_done(m), 2);
        assert_int_equal(nn_model_history_len(m), 2);
    }

    const float bad_split[] = {-0.1f, 1.0f, 1.5f, NAN, INFINITY};
    for (size_t i = 0; i < ARRAY_LEN(bad_split); i++) {
        nn_fit_options o;
        ASSERT_OK(nn_fit_options_init(&o));
        o.validation_split = bad_split[i];
        assert_fit_rejected(m, x, y, N, &o, NN_ERR_INVALID_ARG, NULL);
    }

    const int bad_monitor[] = {NN_METRIC_COUNT, 99, -1};
    for (size_t i = 0; i < ARRAY_LEN(bad_monitor); i++) {
        nn_fit_options o;
        ASSERT_OK(nn_fit_options_init(&o));
        o.patience = 2;
        o.monitor = (nn_metric)bad_monitor[i];
        assert_fit_rejected(m, x, y, N, &o, NN_ERR_INVALID_ARG, NULL);
    }

    /* Explicit validation data with a missing half. */
    float vx[4] = {0, 1, 2, 3}, vy[6] = {0};
    nn_fit_options o;
    ASSERT_OK(nn_fit_options_init(&o));
    o.val_x = vx;
    o.val_y = NULL;
    o.val_n = 2;
    assert_fit_rejected(m, x, y, N, &o, NN_ERR_INVALID_ARG, NULL);
    o.val_x = NULL;
    o.val_y = vy;
    assert_fit_rejected(m, x, y, N, &o, NN_ERR_INVALID_ARG, NULL);
    /* val_n overflowing with the input width. */
    o.val_x = vx;
    o.val_y = vy;
    o.val_n = SIZE_MAX / 2 + 1;
    assert_fit_rejected(m, x, y, N, &o, NN_ERR_INVALID_ARG, NULL);

    /* Valid options are accepted (so the checks above can fail). */
    ASSERT_OK(nn_fit_options_init(&o));
    o.validation_split = 0.25f;
    ASSERT_OK(nn_fit(m, x, y, N, 1, 2, &o));
    nn_model_destroy(m);
    free(x);
    free(y);
}

/* ------------------------------------------------------------------------ */
/* nn_predict and nn_evaluate                                                */

static void test_predict_errors(void **state)
{
    (void)state;
    float x[8] = {1, 2, 3, 4, 5, 6, 7, 8}, out[12];
    nn_model *m = NULL;
    ASSERT_OK(nn_model_create(&m, 2));
    ASSERT_STATUS(nn_predict(m, x, 1, out), NN_ERR_STATE); /* no layers */
    ASSERT_OK(nn_model_add_dropout(m, 0.5f));
    ASSERT_OK(nn_model_add_dense(m, 3, NN_ACT_TANH));
    ASSERT_STATUS(nn_predict(NULL, x, 1, out), NN_ERR_INVALID_ARG);
    ASSERT_STATUS(nn_predict(m, NULL, 1, out), NN_ERR_INVALID_ARG);
    ASSERT_STATUS(nn_predict(m, x, 1, NULL), NN_ERR_INVALID_ARG);
    ASSERT_STATUS(nn_predict(m, x, 0, out), NN_ERR_INVALID_ARG);
    ASSERT_STATUS(nn_predict(m, x, SIZE_MAX / 2 + 1, out),
                  NN_ERR_INVALID_ARG);
    ASSERT_STATUS(nn_predict(m, x, SIZE_MAX, out), NN_ERR_INVALID_ARG);
    ASSERT_OK(nn_predict(m, x, 4, out));
    assert_true(test_all_finite(out, 12));
    nn_model_destroy(m);

    /* Output size overflows while the input size does not (1 -> 4). */
    ASSERT_OK(nn_model_create(&m, 1));
    ASSERT_OK(nn_model_add_dense(m, 4, NN_ACT_LINEAR));
    ASSERT_STATUS(nn_predict(m, x, SIZE_MAX / 4 + 1, out),
                  NN_ERR_INVALID_ARG);
    nn_model_destroy(m);

    /* NaN inputs give NaN outputs, other rows unaffected. */
    ASSERT_OK(nn_model_create(&m, 2));
    ASSERT_OK(nn_model_add_dense(m, 3, NN_ACT_TANH));
    float xn[4] = {1, 2, NAN, 0.5f}, o2[6];
    ASSERT_OK(nn_predict(m, xn, 2, o2));
    assert_true(test_all_finite(o2, 3));
    for (size_t i = 3; i < 6; i++)
        ASSERT_NAN(o2[i]);
    nn_model_destroy(m);
}

static void test_evaluate_errors(void **state)
{
    (void)state;
    float x[8] = {1, 2, 3, 4, 5, 6, 7, 8}, y[12] = {0};
    float loss, acc;

    /* Not compiled. */
    nn_model *m = NULL;
    ASSERT_OK(nn_model_create(&m, 2));
    ASSERT_OK(nn_model_add_dense(m, 3, NN_ACT_LINEAR));
    loss = acc = 1;
    ASSERT_STATUS(nn_evaluate(m, x, y, 4, &loss, &acc), NN_ERR_STATE);
    ASSERT_NAN(loss);
    ASSERT_NAN(acc);
    nn_model_destroy(m);

    m = make_compiled_reg();
    struct { const nn_model *m; const float *x, *y; size_t n; } bad[] = {
        {NULL, x, y, 4},  {m, NULL, y, 4}, {m, x, NULL, 4}, {m, x, y, 0},
        {m, x, y, SIZE_MAX / 2 + 1},       {m, x, y, SIZE_MAX},
    };
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        loss = acc = 1;
        ASSERT_STATUS(nn_evaluate(bad[i].m, bad[i].x, bad[i].y, bad[i].n,
                                  &loss, &acc),
                      NN_ERR_INVALID_ARG);
        ASSERT_NAN(loss);
        ASSERT_NAN(acc);
    }
    /* Either output may be NULL. */
    ASSERT_OK(nn_evaluate(m, x, y, 4, NULL, NULL));
    loss = NAN;
    ASSERT_OK(nn_evaluate(m, x, y, 4, &loss, NULL));
    assert_true(isfinite(loss) && loss >= 0);
    /* Accuracy is NaN for MSE. */
    acc = 0;
    ASSERT_OK(nn_evaluate(m, x, y, 4, NULL, &acc));
    ASSERT_NAN(acc);
    /* NaN in x. */
    float xn[8];
    memcpy(xn, x, sizeof x);
    xn[3 * 2] = NAN;
    loss = acc = 1;
    ASSERT_STATUS(nn_evaluate(m, xn, y, 4, &loss, &acc), NN_ERR_NUMERIC);
    assert_message_mentions("nn_evaluate");
    ASSERT_NAN(loss);
    nn_model_destroy(m);

    /* y overflow with 1 -> 4. */
    ASSERT_OK(nn_model_create(&m, 1));
    ASSERT_OK(nn_model_add_dense(m, 4, NN_ACT_LINEAR));
    ASSERT_OK(nn_model_compile(m, NN_OPT_SGD, NN_LOSS_MSE, 0));
    ASSERT_STATUS(nn_evaluate(m, x, y, SIZE_MAX / 4 + 1, &loss, &acc),
                  NN_ERR_INVALID_ARG);
    nn_model_destroy(m);
}

/* ------------------------------------------------------------------------ */
/* Clone and serialisation arguments                                         */

static void test_clone_save_args(void **state)
{
    (void)state;
    nn_model *m = make_compiled_clf();
    nn_model *out = BAD_PTR;
    ASSERT_STATUS(nn_model_clone(NULL, &out), NN_ERR_INVALID_ARG);
    assert_null(out);
    ASSERT_STATUS(nn_model_clone(m, NULL), NN_ERR_INVALID_ARG);

    void *data = BAD_PTR;
    size_t size = 5;
    ASSERT_STATUS(nn_model_save_buffer(NULL, &data, &size),
                  NN_ERR_INVALID_ARG);
    assert_null(data);
    assert_int_equal(size, 0);
    size = 5;
    ASSERT_STATUS(nn_model_save_buffer(m, NULL, &size), NN_ERR_INVALID_ARG);
    assert_int_equal(size, 0);
    data = BAD_PTR;
    ASSERT_STATUS(nn_model_save_buffer(m, &data, NULL), NN_ERR_INVALID_ARG);
    assert_null(data);

    ASSERT_OK(nn_model_save_buffer(m, &data, &size));
    assert_non_null(data);
    assert_true(size > 0);
    out = BAD_PTR;
    ASSERT_STATUS(nn_model_load_buffer(&out, NULL, size), NN_ERR_INVALID_ARG);
    assert_null(out);
    ASSERT_STATUS(nn_model_load_buffer(NULL, data, size), NN_ERR_INVALID_ARG);
    nn_free(data);

    ASSERT_STATUS(nn_model_save(NULL, "/tmp/nn-never-written"),
                  NN_ERR_INVALID_ARG);
    ASSERT_STATUS(nn_model_save(m, NULL), NN_ERR_INVALID_ARG);
    out = BAD_PTR;
    ASSERT_STATUS(nn_model_load(&out, NULL), NN_ERR_INVALID_ARG);
    assert_null(out);
    ASSERT_STATUS(nn_model_load(NULL, "/tmp/nn-never-written"),
                  NN_ERR_INVALID_ARG);
    nn_model_destroy(m);
}

/* ------------------------------------------------------------------------ */

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version),
        cmocka_unit_test(test_status_strings),
        cmocka_unit_test(test_last_error),
        cmocka_unit_test(test_create_errors),
        cmocka_unit_test(test_add_dense_errors),
        cmocka_unit_test(test_add_dropout_errors),
        cmocka_unit_test(test_set_seed_errors),
        cmocka_unit_test(test_add_layer_after_weights),
        cmocka_unit_test(test_compile_errors),
        cmocka_unit_test(test_compile_loss_activation),
        cmocka_unit_test(test_compile_default_lr),
        cmocka_unit_test(test_param_bounds),
        cmocka_unit_test(test_set_param_errors),
        cmocka_unit_test(test_get_param),
        cmocka_unit_test(test_getters),
        cmocka_unit_test(test_weights_errors),
        cmocka_unit_test(test_fit_options_init),
        cmocka_unit_test(test_history_errors),
        cmocka_unit_test(test_fit_errors),
        cmocka_unit_test(test_fit_epochs_zero),
        cmocka_unit_test(test_fit_bad_labels),
        cmocka_unit_test(test_fit_bad_inputs),
        cmocka_unit_test(test_fit_bad_options),
        cmocka_unit_test(test_predict_errors),
        cmocka_unit_test(test_evaluate_errors),
        cmocka_unit_test(test_clone_save_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
