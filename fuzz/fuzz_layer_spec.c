/*
 * fuzz_layer_spec.c - the `nn train --layers` parser (cli/spec.c,
 * nn_cli_parse_layers) on the input as a NUL-terminated string.
 *
 * The string is parsed twice: with room for 64 layers and a 256-byte
 * message, then with an output array and message buffer sized from the
 * input's length (0 to 4 layers, 0 to 16 bytes), both allocated to the
 * exact size so that AddressSanitizer sees any write past them. Checks:
 * a success gives layers in the ranges libnn accepts (which a model then
 * takes, unless their parameter count overflows size_t together), a failure gives count 0 and a NUL-terminated message, and the
 * second parse agrees with the first.
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_helpers.h"
#include "nn.h"
#include "spec.h"

#define CAP 64
#define ERRLEN 256

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

/* Whether a dense layer of @p units after one of width @p in, on top of
 * @p params parameters, keeps the parameter bytes within size_t (the
 * spec's items are checked one by one, the model refuses a sum that
 * overflows). Updates *params. */
static int params_fit(size_t in, size_t units, size_t *params)
{
    size_t kernel, sum, bytes;
    if (__builtin_mul_overflow(in, units, &kernel) ||
        __builtin_add_overflow(kernel, units, &sum) ||
        __builtin_add_overflow(sum, *params, &sum) ||
        __builtin_mul_overflow(sum, sizeof(float), &bytes))
        return 0;
    *params = sum;
    return 1;
}

static void check_layers(const nn_cli_layer *layers, size_t count)
{
    nn_model *m;
    size_t width = 3, params = 0;
    FUZZ_ASSERT(nn_model_create(&m, width) == NN_OK);
    for (size_t i = 0; i < count; i++) {
        const nn_cli_layer *l = &layers[i];
        if (l->kind == NN_LAYER_DENSE) {
            FUZZ_ASSERT(l->units >= 1 && l->units <= INT_MAX);
            FUZZ_ASSERT((int)l->act >= 0 && l->act < NN_ACT_COUNT);
            nn_status st = nn_model_add_dense(m, l->units, l->act);
            if (!params_fit(width, l->units, &params)) {
                FUZZ_ASSERT(st == NN_ERR_INVALID_ARG);
                break;
            }
            FUZZ_ASSERT(st == NN_OK);
            width = l->units;
        } else {
            FUZZ_ASSERT(l->kind == NN_LAYER_DROPOUT);
            FUZZ_ASSERT(l->rate >= 0.0f && l->rate < 1.0f);
            FUZZ_ASSERT(nn_model_add_dropout(m, l->rate) == NN_OK);
        }
    }
    nn_model_destroy(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *spec = malloc(size + 1);
    FUZZ_ASSERT(spec);
    memcpy(spec, data, size);
    spec[size] = '\0';

    nn_cli_layer *layers = malloc(CAP * sizeof *layers);
    char *err = malloc(ERRLEN);
    FUZZ_ASSERT(layers && err);
    size_t count = 12345;
    int rc = nn_cli_parse_layers(spec, layers, CAP, &count, err, ERRLEN);
    FUZZ_ASSERT(memchr(err, '\0', ERRLEN) != NULL);
    if (rc == 0) {
        FUZZ_ASSERT(count >= 1 && count <= CAP);
        check_layers(layers, count);
    } else {
        FUZZ_ASSERT(rc == -1 && count == 0 && err[0] != '\0');
    }

    size_t cap2 = size % 5, errlen2 = size % 17;
    nn_cli_layer *layers2 = cap2 ? malloc(cap2 * sizeof *layers2) : NULL;
    char *err2 = errlen2 ? malloc(errlen2) : NULL;
    FUZZ_ASSERT((layers2 || !cap2) && (err2 || !errlen2));
    size_t count2 = 12345;
    int rc2 = nn_cli_parse_layers(spec, layers2, cap2, &count2, err2,
                                  errlen2);
    if (errlen2)
        FUZZ_ASSERT(memchr(err2, '\0', errlen2) != NULL);
    if (rc == 0 && count <= cap2) {
        FUZZ_ASSERT(rc2 == 0 && count2 == count);
        for (size_t i = 0; i < count; i++) {
            FUZZ_ASSERT(layers2[i].kind == layers[i].kind);
            if (layers[i].kind == NN_LAYER_DENSE)
                FUZZ_ASSERT(layers2[i].units == layers[i].units &&
                            layers2[i].act == layers[i].act);
            else
                FUZZ_ASSERT(layers2[i].rate == layers[i].rate);
        }
    } else {
        FUZZ_ASSERT(rc2 == -1 && count2 == 0);
    }

    free(layers2);
    free(err2);
    free(layers);
    free(err);
    free(spec);
    return 0;
}
