/*
 * fuzz_dataset_checks.h - what every data set a loader returns must
 * satisfy, shared by fuzz_idx.c and fuzz_csv.c.
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#ifndef NN_FUZZ_DATASET_CHECKS_H
#define NN_FUZZ_DATASET_CHECKS_H

#include <math.h>
#include <stdlib.h>

#include "fuzz_helpers.h"
#include "nn.h"

/* Features in [0, 1] when the data set claims to be normalised. */
static void fuzz_check_features(const nn_dataset *d, int normalized)
{
    size_t n = nn_dataset_rows(d) * nn_dataset_cols(d);
    const float *x = nn_dataset_x(d);
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i]) ||
            (normalized && !(x[i] >= 0.0f && x[i] <= 1.0f))) {
            fprintf(stderr,
                    "feature %zu (row %zu, column %zu) is %g%s\n", i,
                    i / nn_dataset_cols(d), i % nn_dataset_cols(d),
                    (double)x[i],
                    normalized ? " after normalisation" : "");
            abort();
        }
    }
}

/* The loaders' promises: a non-empty, finite data set, labels iff asked
 * for, features in [0, 1] after NN_DATASET_NORMALIZE; then normalising
 * again and applying the reported ranges must work and stay in [0, 1]. */
static void fuzz_check_dataset(nn_dataset *d, int want_labels,
                               int normalized)
{
    size_t rows = nn_dataset_rows(d), cols = nn_dataset_cols(d);
    FUZZ_ASSERT(rows >= 1 && cols >= 1);
    FUZZ_ASSERT(nn_dataset_x(d) != NULL);
    FUZZ_ASSERT((nn_dataset_y(d) != NULL) == (want_labels != 0));
    fuzz_check_features(d, normalized);

    const float *y = nn_dataset_y(d);
    size_t classes = nn_dataset_classes(d);
    for (size_t i = 0; y && i < rows; i++) {
        FUZZ_ASSERT(isfinite(y[i]));
        /* (in double: a class count above 2^24 is not a float) */
        if (classes)
            FUZZ_ASSERT(y[i] >= 0.0f && y[i] == floorf(y[i]) &&
                        (double)y[i] < (double)classes);
    }

    float *mins = malloc(cols * sizeof *mins);
    float *maxs = malloc(cols * sizeof *maxs);
    FUZZ_ASSERT(mins && maxs);
    FUZZ_ASSERT(nn_dataset_normalize(d, mins, maxs) == NN_OK);
    fuzz_check_features(d, 1);
    for (size_t c = 0; c < cols; c++)
        FUZZ_ASSERT(isfinite(mins[c]) && isfinite(maxs[c]) &&
                    mins[c] <= maxs[c]);
    FUZZ_ASSERT(nn_dataset_apply_range(d, mins, maxs) == NN_OK);
    free(mins);
    free(maxs);
}

#endif /* NN_FUZZ_DATASET_CHECKS_H */
