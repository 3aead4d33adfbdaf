/*
 * origin.c - the origin-story network built by a program that knows libnn
 * only through `pkg-config --cflags --libs nn-uninstalled`:
 *
 *     Dense(10, relu, input 784) -> Dense(10, relu) -> Dense(10, softmax)
 *     Adam, sparse categorical cross-entropy, 1 epoch on random rows.
 *
 * Compiled, linked and run by check-pkg-config.py. Returns 0 on success.
 */
#include <nn.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define ROWS 320
#define DIM 784
#define CLASSES 10

#define CHECK(call)                                                           \
    do {                                                                      \
        nn_status st_ = (call);                                               \
        if (st_ != NN_OK) {                                                   \
            fprintf(stderr, "%s:%d: %s: %s (%s)\n", __FILE__, __LINE__,       \
                    #call, nn_status_name(st_), nn_last_error());             \
            return 1;                                                         \
        }                                                                     \
    } while (0)

static uint64_t rng = 0x9e3779b97f4a7c15u;

static float uniform(void) /* xorshift64*, in [0, 1) */
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return (float)((rng * 0x2545f4914f6cdd1du) >> 40) / 16777216.0f;
}

static int is_finite(float v)
{
    return v == v && v - v == 0.0f;
}

static int run(nn_model *model, float *x, float *y, float *out)
{
    size_t i, k;
    float loss, acc;

    for (i = 0; i < (size_t)ROWS * DIM; i++)
        x[i] = uniform();
    for (i = 0; i < ROWS; i++)
        y[i] = (float)(int)(uniform() * CLASSES);

    CHECK(nn_model_add_dense(model, 10, NN_ACT_RELU));
    CHECK(nn_model_add_dense(model, 10, NN_ACT_RELU));
    CHECK(nn_model_add_dense(model, CLASSES, NN_ACT_SOFTMAX));
    CHECK(nn_model_set_seed(model, 42));
    CHECK(nn_model_compile(model, NN_OPT_ADAM,
                           NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 0));
    CHECK(nn_fit(model, x, y, ROWS, 1, 32, NULL));

    if (nn_model_history_len(model) != 1) {
        fprintf(stderr, "history has %zu epochs, expected 1\n",
                nn_model_history_len(model));
        return 1;
    }
    CHECK(nn_model_history_get(model, 0, NN_METRIC_LOSS, &loss));
    if (!is_finite(loss) || loss <= 0.0f) {
        fprintf(stderr, "epoch loss %g\n", (double)loss);
        return 1;
    }
    CHECK(nn_predict(model, x, 4, out));
    for (i = 0; i < 4; i++) {
        float sum = 0.0f;
        for (k = 0; k < CLASSES; k++)
            sum += out[i * CLASSES + k];
        if (!(sum > 0.999f && sum < 1.001f)) {
            fprintf(stderr, "softmax row %zu sums to %g\n", i, (double)sum);
            return 1;
        }
    }
    CHECK(nn_evaluate(model, x, y, ROWS, &loss, &acc));
    printf("libnn %s: 784-10-10-10, 1 epoch: loss %.4f accuracy %.3f\n",
           nn_version_string(), (double)loss, (double)acc);
    return 0;
}

int main(void)
{
    nn_model *model = NULL;
    float *x = malloc(sizeof(float) * ROWS * DIM);
    float *y = malloc(sizeof(float) * ROWS);
    float out[4 * CLASSES];
    int rc = 1;

    if (nn_version_number() != NN_VERSION_NUMBER) {
        fprintf(stderr, "header %d, library %d\n", NN_VERSION_NUMBER,
                nn_version_number());
    } else if (x == NULL || y == NULL) {
        fprintf(stderr, "out of memory\n");
    } else if (nn_model_create(&model, DIM) != NN_OK) {
        fprintf(stderr, "nn_model_create: %s\n", nn_last_error());
    } else {
        rc = run(model, x, y, out);
    }
    nn_model_destroy(model);
    free(x);
    free(y);
    return rc;
}
