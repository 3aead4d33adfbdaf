/*
 * scaling.h - the input scaling a model was trained with, kept in its
 * metadata under "input_scaling" so that `nn eval` and `nn predict` feed it
 * data scaled exactly as in training. The text forms:
 *
 *     none
 *     divide:255                    every feature x / 255 (IDX images)
 *     minmax:0/255,-1.5/3.25,...    per column (x - min) / (max - min),
 *                                   the ranges nn_dataset_normalize found
 *
 * Numbers are written with 9 significant digits, enough for a float to
 * read back bit for bit.
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#ifndef NN_CLI_SCALING_H
#define NN_CLI_SCALING_H

#include <stddef.h>

#define NN_CLI_SCALING_KEY "input_scaling"

typedef enum nn_cli_scaling_kind {
    NN_CLI_SCALE_NONE = 0,
    NN_CLI_SCALE_DIVIDE = 1,
    NN_CLI_SCALE_MINMAX = 2
} nn_cli_scaling_kind;

typedef struct nn_cli_scaling {
    nn_cli_scaling_kind kind;
    float divisor;      /* DIVIDE: > 0 */
    size_t cols;        /* MINMAX: columns in mins and maxs */
    float *mins, *maxs; /* MINMAX: owned, malloc'ed */
} nn_cli_scaling;

/* Returns the text form in a new malloc'ed string, or NULL when out of
 * memory. */
char *nn_cli_scaling_format(const nn_cli_scaling *s);

/* Parses a text form into *s (the arrays are allocated). Returns 0, or -1
 * with a message in @p err and *s zeroed. Ranges must be finite with
 * min <= max. */
int nn_cli_scaling_parse(const char *text, nn_cli_scaling *s, char *err,
                         size_t errlen);

/* Frees the arrays and zeroes *s; NULL is a no-op. */
void nn_cli_scaling_free(nn_cli_scaling *s);

#endif /* NN_CLI_SCALING_H */
