/*
 * origin_story.c - the Keras example that libnn grew from, in C:
 *
 *   model = Sequential([Dense(10, relu), Dense(10, relu), Dense(10, softmax)])
 *   model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
 *                 metrics=["accuracy"])
 *   model.fit(x_train, y_train, epochs=5)
 *
 * on 784-pixel images. Until a real data set is given, it draws its own:
 * ten kinds of 28 x 28 strokes (bars, diagonals, rings, crosses ...) at
 * random offsets with noise, a small stand-in for MNIST.
 *
 * Usage: origin_story [model-output-path]
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nn.h"

#define SIDE 28
#define PIXELS (SIDE * SIDE)
#define CLASSES 10

static const char *const class_names[CLASSES] = {
    "horizontal bar", "vertical bar", "diagonal \\", "diagonal /", "ring",
    "cross",          "square",       "dot",        "two bars",   "corner"};

/* A small deterministic generator so the data are the same everywhere. */
static uint64_t rng_state = 0x2545f4914f6cdd1dULL;
static double uniform(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (double)(rng_state >> 11) * 0x1.0p-53;
}

/* Intensity of class c's stroke at pixel (x, y), centred at (cx, cy). */
static double stroke(int c, double x, double y, double cx, double cy)
{
    double dx = x - cx, dy = y - cy, r = sqrt(dx * dx + dy * dy);
    switch (c) {
    case 0: return fabs(dy) < 1.5 && fabs(dx) < 9;
    case 1: return fabs(dx) < 1.5 && fabs(dy) < 9;
    case 2: return fabs(dx - dy) < 2.0 && fabs(dx) < 8;
    case 3: return fabs(dx + dy) < 2.0 && fabs(dx) < 8;
    case 4: return fabs(r - 7) < 1.5;
    case 5: return (fabs(dx) < 1.5 && fabs(dy) < 8) || (fabs(dy) < 1.5 && fabs(dx) < 8);
    case 6: return (fabs(fabs(dx) - 7) < 1.5 && fabs(dy) < 8.5) ||
                   (fabs(fabs(dy) - 7) < 1.5 && fabs(dx) < 8.5);
    case 7: return r < 3.5;
    case 8: return fabs(fabs(dy) - 5) < 1.5 && fabs(dx) < 9;
    default: return (fabs(dx + 6) < 1.5 && dy > -8 && dy < 6) ||
                    (fabs(dy - 6) < 1.5 && dx > -7.5 && dx < 8);
    }
}

static void make_data(float *x, float *y, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int c = (int)(uniform() * CLASSES);
        double cx = 13.5 + (uniform() - 0.5) * 8, cy = 13.5 + (uniform() - 0.5) * 8;
        for (int p = 0; p < PIXELS; p++) {
            double v = stroke(c, p % SIDE, p / SIDE, cx, cy) * (0.6 + 0.4 * uniform());
            v += 0.25 * uniform();
            x[i * PIXELS + p] = (float)(v > 1 ? 1 : v);
        }
        y[i] = (float)c;
    }
}

#define CHECK(call)                                                           \
    do {                                                                      \
        nn_status st_ = (call);                                               \
        if (st_ != NN_OK) {                                                   \
            fprintf(stderr, "origin_story: %s\n", nn_last_error());           \
            return 1;                                                         \
        }                                                                     \
    } while (0)

int main(int argc, char **argv)
{
    const size_t n_train = 6000, n_test = 1000;
    float *x_train = malloc(n_train * PIXELS * sizeof(float));
    float *y_train = malloc(n_train * sizeof(float));
    float *x_test = malloc(n_test * PIXELS * sizeof(float));
    float *y_test = malloc(n_test * sizeof(float));
    if (!x_train || !y_train || !x_test || !y_test) {
        fprintf(stderr, "origin_story: out of memory\n");
        return 1;
    }
    make_data(x_train, y_train, n_train);
    make_data(x_test, y_test, n_test);
    printf("libnn %s: the origin-story network on %zu synthetic 28x28 "
           "strokes (%s, %s, ...)\n",
           nn_version_string(), n_train, class_names[0], class_names[4]);

    nn_model *model;
    CHECK(nn_model_create(&model, PIXELS));
    CHECK(nn_model_set_seed(model, 42));
    CHECK(nn_model_add_dense(model, 10, NN_ACT_RELU));
    CHECK(nn_model_add_dense(model, 10, NN_ACT_RELU));
    CHECK(nn_model_add_dense(model, 10, NN_ACT_SOFTMAX));
    CHECK(nn_model_compile(model, NN_OPT_ADAM,
                           NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 0));
    printf("784 -> Dense(10, relu) -> Dense(10, relu) -> Dense(10, softmax): "
           "%zu parameters\n", nn_model_param_count(model));

    fflush(stdout); /* the library reports epochs on stderr */
    nn_fit_options opts;
    CHECK(nn_fit_options_init(&opts));
    opts.verbose = 1;
    opts.validation_split = 0.1f;
    CHECK(nn_fit(model, x_train, y_train, n_train, 5, 32, &opts));

    float loss, accuracy;
    CHECK(nn_evaluate(model, x_test, y_test, n_test, &loss, &accuracy));
    printf("test: loss %.4f, accuracy %.4f\n", (double)loss, (double)accuracy);

    if (argc > 1) {
        CHECK(nn_model_save(model, argv[1]));
        nn_model *loaded;
        CHECK(nn_model_load(&loaded, argv[1]));
        float a[CLASSES], b[CLASSES];
        CHECK(nn_predict(model, x_test, 1, a));
        CHECK(nn_predict(loaded, x_test, 1, b));
        printf("saved to %s; the reloaded model predicts %s\n", argv[1],
               memcmp(a, b, sizeof a) ? "DIFFERENTLY" : "identically");
        nn_model_destroy(loaded);
    }
    nn_model_destroy(model);
    free(x_train);
    free(y_train);
    free(x_test);
    free(y_test);
    return accuracy >= 0.8f ? 0 : 1;
}
