/*
 * data.h - the data options the sub-commands share (--images/--labels,
 * --csv with --label-column and --header/--no-header, --normalize) and
 * loading data sets as they say, scaled as a model expects.
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#ifndef NN_CLI_DATA_H
#define NN_CLI_DATA_H

#include <getopt.h>
#include <stddef.h>

#include "nn.h"
#include "scaling.h"

/* getopt_long codes of the data options, above every character. */
enum {
    NN_CLI_OPT_IMAGES = 0x100,
    NN_CLI_OPT_LABELS,
    NN_CLI_OPT_CSV,
    NN_CLI_OPT_LABEL_COLUMN,
    NN_CLI_OPT_HEADER,
    NN_CLI_OPT_NO_HEADER,
    NN_CLI_OPT_NORMALIZE,
    NN_CLI_OPT_TEST_IMAGES,
    NN_CLI_OPT_TEST_LABELS,
    NN_CLI_OPT_TEST_CSV,
    NN_CLI_OPT_FIRST_FREE /* the sub-commands number their own from here */
};

#define NN_CLI_DATA_LONG_OPTIONS                                              \
    {"images", required_argument, NULL, NN_CLI_OPT_IMAGES},                   \
    {"labels", required_argument, NULL, NN_CLI_OPT_LABELS},                   \
    {"csv", required_argument, NULL, NN_CLI_OPT_CSV},                         \
    {"label-column", required_argument, NULL, NN_CLI_OPT_LABEL_COLUMN},       \
    {"header", no_argument, NULL, NN_CLI_OPT_HEADER},                         \
    {"no-header", no_argument, NULL, NN_CLI_OPT_NO_HEADER},                   \
    {"normalize", no_argument, NULL, NN_CLI_OPT_NORMALIZE}

#define NN_CLI_TEST_DATA_LONG_OPTIONS                                         \
    {"test-images", required_argument, NULL, NN_CLI_OPT_TEST_IMAGES},         \
    {"test-labels", required_argument, NULL, NN_CLI_OPT_TEST_LABELS},         \
    {"test-csv", required_argument, NULL, NN_CLI_OPT_TEST_CSV}

/* Where one data set comes from: an IDX pair or a CSV file. */
typedef struct nn_cli_source {
    const char *images, *labels; /* IDX; labels may be NULL */
    const char *csv;
} nn_cli_source;

typedef struct nn_cli_data_opts {
    nn_cli_source data; /* the main data set */
    nn_cli_source test; /* train's --test-* data; empty elsewhere */
    int label_column;   /* a column, NN_CSV_LABEL_LAST or NN_CSV_NO_LABEL */
    int label_column_given;
    unsigned csv_flags; /* NN_DATASET_CSV_HEADER or _NO_HEADER, or 0 */
    int normalize;
} nn_cli_data_opts;

/* The defaults: no sources, labels in the last CSV column, header
 * detected, no scaling. */
void nn_cli_data_opts_init(nn_cli_data_opts *o);

/* Handles getopt_long's result @p code if it is a data option: returns 1
 * when handled, 0 when @p code is not a data option, -1 after a usage
 * error. */
int nn_cli_data_option(const char *cmd, nn_cli_data_opts *o, int code,
                       const char *arg);

/* Checks the combination after parsing: exactly one of --images and --csv,
 * --labels only with --images (and required when @p need_labels), the CSV
 * options only with CSV data, the same kind of test data as training data.
 * Returns 0, or NN_CLI_EXIT_USAGE after a usage error. */
int nn_cli_data_check(const char *cmd, const nn_cli_data_opts *o,
                      int need_labels);

/* The text form of a label column ("last", "none", "3") and back; for the
 * model's metadata, so that eval and predict find the labels where train
 * did. nn_cli_label_column_parse returns 0 or -1. */
void nn_cli_label_column_format(int column, char *buf, size_t len);
int nn_cli_label_column_parse(const char *text, int *column);

/* Loads @p src as the options say (no scaling) into *out. Returns 0, or
 * NN_CLI_EXIT_FAILURE after printing the library's message. */
int nn_cli_data_load(const nn_cli_data_opts *o, const nn_cli_source *src,
                     nn_dataset **out);

/* Training's --normalize: picks a scaling for freshly loaded data, applies
 * it and describes it in *out. IDX data whose values are all integers in
 * [0, 255] (images) are divided by 255; anything else is scaled per column
 * by nn_dataset_normalize. Returns 0 or NN_CLI_EXIT_FAILURE. */
int nn_cli_scaling_fit(nn_dataset *d, int is_idx, nn_cli_scaling *out);

/* Applies a scaling found earlier (from a model's metadata) to @p d,
 * through nn_dataset_apply_range. Returns 0 or NN_CLI_EXIT_FAILURE. */
int nn_cli_scaling_apply(const nn_cli_scaling *s, nn_dataset *d);

/* Checks that @p d has @p input_dim features per row; @p what names the
 * data in the message. Returns 0 or NN_CLI_EXIT_FAILURE. */
int nn_cli_data_check_dim(const nn_dataset *d, size_t input_dim,
                          const char *what);

/* The targets of @p d in nn_fit's layout for @p loss and a model with
 * @p out_dim outputs: the labels themselves for sparse categorical
 * cross-entropy and one-output models, one-hot rows of out_dim otherwise
 * (categorical cross-entropy; MSE, MAE or binary cross-entropy with several
 * outputs). *owned receives memory to free (or NULL); *y the targets.
 * Returns 0 or NN_CLI_EXIT_FAILURE (no labels, a label that is no class
 * index). */
int nn_cli_targets(const nn_dataset *d, nn_loss loss, size_t out_dim,
                   float **owned, const float **y);

#endif /* NN_CLI_DATA_H */
