/*
 * test_threads.c - concurrent use: many readers of one model, independent
 * models trained in parallel, thread-local error messages and the
 * process-wide OpenBLAS thread count.
 */
#include <pthread.h>

#include "test_util.h"

enum { THREADS = 8, IN = 32, OUT = 10, ROWS = 1000, REPEAT = 10 };

typedef struct reader_arg {
    const nn_model *m;
    const float *x, *y;
    const float *want_out;
    float want_loss, want_acc;
    int ok_predict, ok_evaluate, ok_clone, ok_buffer;
    nn_status status;
} reader_arg;

static void *reader(void *p)
{
    reader_arg *a = p;
    float *out = malloc(sizeof(float) * ROWS * OUT);
    if (!out)
        return NULL;
    a->ok_predict = a->ok_evaluate = a->ok_clone = a->ok_buffer = 1;
    a->status = NN_OK;
    for (int rep = 0; rep < REPEAT; rep++) {
        nn_status s = nn_predict(a->m, a->x, ROWS, out);
        if (s != NN_OK || memcmp(out, a->want_out,
                                 sizeof(float) * ROWS * OUT) != 0) {
            a->ok_predict = 0;
            a->status = s;
        }
        float loss = NAN, acc = NAN;
        s = nn_evaluate(a->m, a->x, a->y, ROWS, &loss, &acc);
        if (s != NN_OK || loss != a->want_loss || acc != a->want_acc) {
            a->ok_evaluate = 0;
            a->status = s;
        }
    }
    /* Clones and serialisation are reads too. */
    nn_model *c = NULL;
    if (nn_model_clone(a->m, &c) != NN_OK ||
        nn_predict(c, a->x, ROWS, out) != NN_OK ||
        memcmp(out, a->want_out, sizeof(float) * ROWS * OUT) != 0)
        a->ok_clone = 0;
    nn_model_destroy(c);
    void *data = NULL;
    size_t size = 0;
    nn_model *l = NULL;
    if (nn_model_save_buffer(a->m, &data, &size) != NN_OK ||
        nn_model_load_buffer(&l, data, size) != NN_OK ||
        nn_predict(l, a->x, ROWS, out) != NN_OK ||
        memcmp(out, a->want_out, sizeof(float) * ROWS * OUT) != 0)
        a->ok_buffer = 0;
    nn_model_destroy(l);
    nn_free(data);
    free(out);
    return NULL;
}

static void test_concurrent_predict(void **state)
{
    (void)state;
    test_rng r = {301};
    float *x = test_random_floats(&r, ROWS * IN, -1, 1);
    float *y = test_alloc_floats(ROWS);
    for (size_t i = 0; i < ROWS; i++)
        y[i] = (float)test_rng_below(&r, OUT);
    nn_model *m = NULL;
    ASSERT_OK(nn_model_create(&m, IN));
    ASSERT_OK(nn_model_set_seed(m, 3));
    ASSERT_OK(nn_model_add_dense(m, 64, NN_ACT_TANH));
    ASSERT_OK(nn_model_add_dropout(m, 0.2f));
    ASSERT_OK(nn_model_add_dense(m, 64, NN_ACT_RELU));
    ASSERT_OK(nn_model_add_dense(m, OUT, NN_ACT_SOFTMAX));
    ASSERT_OK(nn_model_compile(m, NN_OPT_ADAM,
                               NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 0));
    ASSERT_OK(nn_fit(m, x, y, ROWS, 1, 50, NULL));

    float *want = test_predict(m, x, ROWS);
    float want_loss = NAN, want_acc = NAN;
    ASSERT_OK(nn_evaluate(m, x, y, ROWS, &want_loss, &want_acc));

    reader_arg args[THREADS];
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++) {
        args[i] = (reader_arg){m, x, y, want, want_loss, want_acc,
                               0, 0, 0, 0, NN_OK};
        assert_int_equal(pthread_create(&t[i], NULL, reader, &args[i]), 0);
    }
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(pthread_join(t[i], NULL), 0);
    for (int i = 0; i < THREADS; i++) {
        CHECK(args[i].ok_predict, "thread %d: nn_predict differs (%s)", i,
              nn_status_name(args[i].status));
        CHECK(args[i].ok_evaluate, "thread %d: nn_evaluate differs (%s)", i,
              nn_status_name(args[i].status));
        CHECK(args[i].ok_clone, "thread %d: clone differs", i);
        CHECK(args[i].ok_buffer, "thread %d: buffer round trip differs", i);
    }
    /* The shared model was not changed by its readers. */
    float *again = test_predict(m, x, ROWS);
    assert_memory_equal(again, want, sizeof(float) * ROWS * OUT);
    free(again);
    free(want);
    free(x);
    free(y);
    nn_model_destroy(m);
}

/* Independent models trained in parallel equal the same models trained
 * one after the other. */
typedef struct trainer_arg {
    uint64_t seed;
    const float *x, *y;
    size_t n;
    float *weights; /* out */
    size_t count;
    nn_status status;
} trainer_arg;

static nn_status train_one(trainer_arg *a)
{
    nn_model *m = NULL;
    nn_status s = nn_model_create(&m, IN);
    if (s == NN_OK)
        s = nn_model_set_seed(m, a->seed);
    if (s == NN_OK)
        s = nn_model_add_dense(m, 24, NN_ACT_GELU);
    if (s == NN_OK)
        s = nn_model_add_dropout(m, 0.25f);
    if (s == NN_OK)
        s = nn_model_add_dense(m, OUT, NN_ACT_SOFTMAX);
    if (s == NN_OK)
        s = nn_model_compile(m, NN_OPT_ADAMW,
                             NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 0.01f);
    if (s == NN_OK)
        s = nn_fit(m, a->x, a->y, a->n, 3, 32, NULL);
    if (s == NN_OK) {
        a->count = nn_model_param_count(m);
        a->weights = malloc(a->count * sizeof(float));
        if (!a->weights)
            s = NN_ERR_NOMEM;
    }
    if (s == NN_OK)
        s = nn_model_get_weights(m, 0, a->weights, a->weights + IN * 24);
    if (s == NN_OK)
        s = nn_model_get_weights(m, 2, a->weights + IN * 24 + 24,
                                 a->weights + IN * 24 + 24 + 24 * OUT);
    nn_model_destroy(m);
    return s;
}

static void *trainer(void *p)
{
    trainer_arg *a = p;
    a->status = train_one(a);
    return NULL;
}

static void test_parallel_training(void **state)
{
    (void)state;
    enum { M = 4, NR = 400 };
    test_rng r = {302};
    float *x = test_random_floats(&r, NR * IN, -1, 1);
    float *y = test_alloc_floats(NR);
    for (size_t i = 0; i < NR; i++)
        y[i] = (float)(x[i * IN] > 0) + (float)(x[i * IN + 1] > 0) * 2;

    trainer_arg serial[M], parallel[M];
    for (int i = 0; i < M; i++) {
        serial[i] = (trainer_arg){(uint64_t)i + 10, x, y, NR, NULL, 0, NN_OK};
        parallel[i] = serial[i];
        ASSERT_OK(train_one(&serial[i]));
    }
    pthread_t t[M];
    for (int i = 0; i < M; i++)
        assert_int_equal(pthread_create(&t[i], NULL, trainer, &parallel[i]),
                         0);
    for (int i = 0; i < M; i++)
        assert_int_equal(pthread_join(t[i], NULL), 0);
    for (int i = 0; i < M; i++) {
        ASSERT_OK(parallel[i].status);
        assert_int_equal(parallel[i].count, serial[i].count);
        assert_int_equal(parallel[i].count, IN * 24 + 24 + 24 * OUT + OUT);
        assert_memory_equal(parallel[i].weights, serial[i].weights,
                            serial[i].count * sizeof(float));
        if (i > 0)
            assert_memory_not_equal(serial[i].weights, serial[0].weights,
                                    serial[0].count * sizeof(float));
    }
    for (int i = 0; i < M; i++) {
        free(serial[i].weights);
        free(parallel[i].weights);
    }
    free(x);
    free(y);
}

/* Messages are per thread, even when failures happen at the same time. */
typedef struct err_arg {
    size_t dim_or_rate; /* which failure */
    int ok;
    pthread_barrier_t *barrier;
} err_arg;

static void *fail_thread(void *p)
{
    err_arg *a = p;
    a->ok = 1;
    nn_model *m = NULL;
    if (nn_model_create(&m, 3) != NN_OK)
        a->ok = 0;
    pthread_barrier_wait(a->barrier);
    for (int rep = 0; rep < 200; rep++) {
        if (a->dim_or_rate % 2 == 0) {
            if (nn_model_add_dropout(m, 5.0f) != NN_ERR_INVALID_ARG ||
                !strstr(nn_last_error(), "nn_model_add_dropout"))
                a->ok = 0;
        } else {
            if (nn_model_compile(m, NN_OPT_SGD, NN_LOSS_MSE, 0) !=
                    NN_ERR_STATE ||
                !strstr(nn_last_error(), "nn_model_compile"))
                a->ok = 0;
        }
    }
    nn_model_destroy(m);
    return NULL;
}

static void test_thread_local_errors(void **state)
{
    (void)state;
    pthread_barrier_t barrier;
    assert_int_equal(pthread_barrier_init(&barrier, NULL, THREADS), 0);
    err_arg args[THREADS];
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++) {
        args[i] = (err_arg){(size_t)i, 0, &barrier};
        assert_int_equal(pthread_create(&t[i], NULL, fail_thread, &args[i]),
                         0);
    }
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(pthread_join(t[i], NULL), 0);
    pthread_barrier_destroy(&barrier);
    for (int i = 0; i < THREADS; i++)
        CHECK(args[i].ok, "thread %d saw another thread's message", i);
}

static void test_num_threads(void **state)
{
    (void)state;
    int initial = nn_get_num_threads();
    assert_true(initial >= 1);
    nn_set_num_threads(1);
    assert_int_equal(nn_get_num_threads(), 1);

    /* Results with one thread are reproducible. */
    test_rng r = {303};
    float *x = test_random_floats(&r, 100 * IN, -1, 1);
    float *y = test_alloc_floats(100);
    trainer_arg a = {5, x, y, 100, NULL, 0, NN_OK};
    trainer_arg b = a;
    ASSERT_OK(train_one(&a));
    ASSERT_OK(train_one(&b));
    assert_memory_equal(a.weights, b.weights, a.count * sizeof(float));
    free(a.weights);
    free(b.weights);

    nn_set_num_threads(0);
    assert_int_equal(nn_get_num_threads(), initial);
    nn_set_num_threads(1);
    nn_set_num_threads(-3);
    assert_int_equal(nn_get_num_threads(), initial);
    free(x);
    free(y);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_concurrent_predict),
        cmocka_unit_test(test_parallel_training),
        cmocka_unit_test(test_thread_local_errors),
        cmocka_unit_test(test_num_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
