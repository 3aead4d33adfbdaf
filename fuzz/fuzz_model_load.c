/*
 * fuzz_model_load.c - model files (docs/FORMAT.md) through
 * nn_model_load_buffer.
 *
 * The input is a model file. The CRC-32 at its end would stop almost every
 * mutation at the checksum, so an input whose CRC is wrong is loaded twice:
 * as it is (which must fail) and with the CRC recomputed, which lets the
 * fuzzer reach the chunk parsers. A model that loads must then keep the
 * format's promises:
 *   - it predicts on a fixed row;
 *   - saving it gives a file that loads, and saving that again gives the
 *     same bytes (the round trip is stable) and the same predictions, bit
 *     for bit;
 *   - a clone saves to the same bytes;
 *   - its weights read back finite through nn_model_get_weights;
 *   - a compiled model evaluates on two rows and trains one or two small
 *     epochs (options from the CRC: resuming the file's run or not,
 *     early stopping, ...), and the trained model round-trips too.
 * A broken promise aborts, so libFuzzer keeps the input.
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "fuzz_helpers.h"
#include "nn.h"

/* Models above this many parameters are loaded and saved but not trained,
 * to keep executions fast. */
#define FUZZ_TRAIN_MAX_PARAMS 4096

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    nn_set_num_threads(1); /* one thread: fast and deterministic */
    return 0;
}

static uint32_t crc_of(const uint8_t *data, size_t size)
{
    return (uint32_t)crc32(0L, data, (uInt)size);
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

/* Reads everything the getters expose; they must agree with each other. */
static void inspect(const nn_model *m)
{
    size_t layers = nn_model_layer_count(m);
    size_t width = nn_model_input_dim(m);
    FUZZ_ASSERT(width >= 1);
    for (size_t i = 0; i < layers; i++) {
        nn_layer_kind kind;
        size_t units;
        FUZZ_ASSERT(nn_model_layer_kind(m, i, &kind) == NN_OK);
        FUZZ_ASSERT(nn_model_layer_units(m, i, &units) == NN_OK);
        FUZZ_ASSERT(units >= 1);
        if (kind == NN_LAYER_DENSE) {
            nn_activation act;
            FUZZ_ASSERT(nn_model_layer_activation(m, i, &act) == NN_OK);
            FUZZ_ASSERT((int)act >= 0 && act < NN_ACT_COUNT);
        } else {
            float rate;
            FUZZ_ASSERT(kind == NN_LAYER_DROPOUT);
            FUZZ_ASSERT(units == width);
            FUZZ_ASSERT(nn_model_layer_dropout_rate(m, i, &rate) == NN_OK);
            FUZZ_ASSERT(rate >= 0.0f && rate < 1.0f);
        }
        width = units;
    }
    FUZZ_ASSERT(nn_model_output_dim(m) == width);
    width = nn_model_input_dim(m);
    for (size_t i = 0; i < layers; i++) {
        nn_layer_kind kind;
        size_t units;
        FUZZ_ASSERT(nn_model_layer_kind(m, i, &kind) == NN_OK);
        FUZZ_ASSERT(nn_model_layer_units(m, i, &units) == NN_OK);
        if (kind == NN_LAYER_DENSE) {
            /* a loaded model has weights, and they are finite */
            float *kernel = malloc(width * units * sizeof *kernel);
            float *bias = malloc(units * sizeof *bias);
            FUZZ_ASSERT(kernel && bias);
            FUZZ_ASSERT(nn_model_get_weights(m, i, kernel, bias) == NN_OK);
            for (size_t k = 0; k < width * units; k++)
                FUZZ_ASSERT(isfinite(kernel[k]));
            for (size_t k = 0; k < units; k++)
                FUZZ_ASSERT(isfinite(bias[k]));
            free(kernel);
            free(bias);
        }
        width = units;
    }
    (void)nn_model_epochs_done(m);
    for (size_t e = 0; e < nn_model_history_len(m); e++)
        for (int k = 0; k < NN_METRIC_COUNT; k++) {
            float v;
            FUZZ_ASSERT(nn_model_history_get(m, e, (nn_metric)k, &v) ==
                        NN_OK);
        }
    for (size_t i = 0; i < nn_model_metadata_count(m); i++) {
        const char *key, *value, *again;
        FUZZ_ASSERT(nn_model_metadata_at(m, i, &key, &value) == NN_OK);
        FUZZ_ASSERT(key && value && *key && strlen(key) <= 255);
        FUZZ_ASSERT(nn_model_get_metadata(m, key, &again) == NN_OK);
        FUZZ_ASSERT(again && strcmp(again, value) == 0);
    }
    for (int p = 0; p < NN_PARAM_COUNT; p++) {
        double v, lo, hi;
        FUZZ_ASSERT(nn_model_get_param(m, (nn_param)p, &v) == NN_OK);
        FUZZ_ASSERT(nn_param_bounds((nn_param)p, &lo, &hi) == NN_OK);
        FUZZ_ASSERT(v >= lo && v <= hi);
    }
}

/* Saves m; the file must load, save again to the same bytes and predict
 * the same outputs for x, bit for bit. Returns the first file (nn_free). */
static void *round_trip(const nn_model *m, const float *x, size_t *size)
{
    size_t outputs = nn_model_output_dim(m);
    void *first, *second;
    size_t first_size, second_size;
    nn_model *back;
    FUZZ_ASSERT(nn_model_save_buffer(m, &first, &first_size) == NN_OK);
    nn_status st = nn_model_load_buffer(&back, first, first_size);
    if (st != NN_OK)
        fprintf(stderr, "a saved model does not load: %s\n", nn_last_error());
    FUZZ_ASSERT(st == NN_OK);
    FUZZ_ASSERT(nn_model_save_buffer(back, &second, &second_size) == NN_OK);
    FUZZ_ASSERT(second_size == first_size);
    FUZZ_ASSERT(memcmp(first, second, first_size) == 0);

    float *y1 = malloc(outputs * sizeof *y1);
    float *y2 = malloc(outputs * sizeof *y2);
    FUZZ_ASSERT(y1 && y2);
    FUZZ_ASSERT(nn_predict(m, x, 1, y1) == NN_OK);
    FUZZ_ASSERT(nn_predict(back, x, 1, y2) == NN_OK);
    FUZZ_ASSERT(memcmp(y1, y2, outputs * sizeof *y1) == 0);
    free(y1);
    free(y2);
    nn_free(second);
    nn_model_destroy(back);
    *size = first_size;
    return first;
}

/* One epoch over two rows, resuming the file's run, with options chosen by
 * @p knobs. Whatever the outcome, the model must still round-trip. */
static void train_a_little(nn_model *m, const float *x, uint32_t knobs)
{
    nn_optimizer opt;
    nn_loss loss;
    if (nn_model_get_compile(m, &opt, &loss) != NN_OK ||
        nn_model_param_count(m) > FUZZ_TRAIN_MAX_PARAMS)
        return;
    size_t inputs = nn_model_input_dim(m), outputs = nn_model_output_dim(m);
    size_t label_cols =
        loss == NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY ? 1 : outputs;
    float *xs = malloc(2 * inputs * sizeof *xs);
    float *ys = calloc(2 * label_cols, sizeof *ys);
    FUZZ_ASSERT(xs && ys);
    for (size_t i = 0; i < inputs; i++) {
        xs[i] = x[i];
        xs[inputs + i] = -x[i];
    }
    for (size_t r = 0; r < 2; r++) {
        float *y = ys + r * label_cols;
        switch (loss) {
        case NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY:
            y[0] = (float)(r % outputs);
            break;
        case NN_LOSS_CATEGORICAL_CROSSENTROPY:
            y[r % outputs] = 1.0f;
            break;
        default: /* binary cross-entropy, MSE, MAE: values in [0, 1] */
            for (size_t k = 0; k < label_cols; k++)
                y[k] = (float)r;
            break;
        }
    }
    nn_status st = nn_evaluate(m, xs, ys, 2, NULL, NULL);
    FUZZ_ASSERT(st == NN_OK || st == NN_ERR_NUMERIC);
    nn_fit_options opts;
    FUZZ_ASSERT(nn_fit_options_init(&opts) == NN_OK);
    opts.resume = (int)(knobs & 1);
    opts.shuffle = (int)(knobs >> 1 & 1);
    opts.validation_split = knobs >> 2 & 1 ? 0.5f : 0.0f;
    opts.patience = knobs >> 3 & 3;
    opts.restore_best_weights = (int)(knobs >> 5 & 1);
    opts.monitor = (nn_metric)(knobs >> 6 & 3);
    size_t batch = 1 + (knobs >> 8 & 1);
    size_t epochs = 1 + (knobs >> 9 & 1);
    (void)nn_fit(m, xs, ys, 2, epochs, batch, &opts);
    free(xs);
    free(ys);
    size_t size;
    nn_free(round_trip(m, x, &size));
}

static void exercise(nn_model *m, uint32_t knobs)
{
    inspect(m);
    size_t inputs = nn_model_input_dim(m);
    float *x = malloc(inputs * sizeof *x);
    FUZZ_ASSERT(x);
    for (size_t i = 0; i < inputs; i++)
        x[i] = 0.25f * (float)((int)(i % 9) - 4);

    size_t size;
    void *saved = round_trip(m, x, &size);

    nn_model *copy;
    void *copy_saved;
    size_t copy_size;
    FUZZ_ASSERT(nn_model_clone(m, &copy) == NN_OK);
    FUZZ_ASSERT(nn_model_save_buffer(copy, &copy_saved, &copy_size) ==
                NN_OK);
    FUZZ_ASSERT(copy_size == size && memcmp(copy_saved, saved, size) == 0);
    nn_free(copy_saved);
    nn_free(saved);

    train_a_little(copy, x, knobs);
    nn_model_destroy(copy);
    free(x);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nn_model *m = (nn_model *)&m; /* must be reset to NULL on failure */
    nn_status st = nn_model_load_buffer(&m, data, size);
    if (st == NN_OK) {
        FUZZ_ASSERT(m != NULL);
        FUZZ_ASSERT(size >= 4 && crc_of(data, size - 4) == le32(data + size - 4));
        exercise(m, crc_of(data, size));
        nn_model_destroy(m);
        return 0;
    }
    FUZZ_ASSERT(m == NULL);
    FUZZ_ASSERT(nn_last_error()[0] != '\0');
    if (size < 16 || crc_of(data, size - 4) == le32(data + size - 4))
        return 0;

    /* The checksum was wrong: again with the right one. */
    uint8_t *fixed = malloc(size);
    FUZZ_ASSERT(fixed);
    memcpy(fixed, data, size);
    uint32_t crc = crc_of(fixed, size - 4);
    for (int i = 0; i < 4; i++)
        fixed[size - 4 + i] = (uint8_t)(crc >> (8 * i));
    if (nn_model_load_buffer(&m, fixed, size) == NN_OK) {
        exercise(m, crc);
        nn_model_destroy(m);
    } else {
        FUZZ_ASSERT(m == NULL);
    }
    free(fixed);
    return 0;
}
