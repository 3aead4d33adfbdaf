/*
 * data.c - data options and loading data sets as they say (see data.h).
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "data.h"

void nn_cli_data_opts_init(nn_cli_data_opts *o)
{
    memset(o, 0, sizeof *o);
    o->label_column = NN_CSV_LABEL_LAST;
}

void nn_cli_label_column_format(int column, char *buf, size_t len)
{
    if (column == NN_CSV_LABEL_LAST)
        snprintf(buf, len, "last");
    else if (column == NN_CSV_NO_LABEL)
        snprintf(buf, len, "none");
    else
        snprintf(buf, len, "%d", column);
}

int nn_cli_label_column_parse(const char *text, int *column)
{
    if (strcmp(text, "last") == 0) {
        *column = NN_CSV_LABEL_LAST;
        return 0;
    }
    if (strcmp(text, "none") == 0) {
        *column = NN_CSV_NO_LABEL;
        return 0;
    }
    long v = 0;
    if (!*text)
        return -1;
    for (const char *p = text; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        v = v * 10 + (*p - '0');
        if (v > INT_MAX)
            return -1;
    }
    *column = (int)v;
    return 0;
}

/* Options given twice are an error rather than "the last one wins": a
 * repeated --csv is more likely a mistake than a change of mind. */
static int set_path(const char *cmd, const char **slot, const char *option,
                    const char *arg)
{
    if (*slot) {
        nn_cli_usage_error(cmd, "%s given twice", option);
        return -1;
    }
    if (!*arg) {
        nn_cli_usage_error(cmd, "%s needs a file name", option);
        return -1;
    }
    *slot = arg;
    return 1;
}

int nn_cli_data_option(const char *cmd, nn_cli_data_opts *o, int code,
                       const char *arg)
{
    switch (code) {
    case NN_CLI_OPT_IMAGES:
        return set_path(cmd, &o->data.images, "--images", arg);
    case NN_CLI_OPT_LABELS:
        return set_path(cmd, &o->data.labels, "--labels", arg);
    case NN_CLI_OPT_CSV:
        return set_path(cmd, &o->data.csv, "--csv", arg);
    case NN_CLI_OPT_TEST_IMAGES:
        return set_path(cmd, &o->test.images, "--test-images", arg);
    case NN_CLI_OPT_TEST_LABELS:
        return set_path(cmd, &o->test.labels, "--test-labels", arg);
    case NN_CLI_OPT_TEST_CSV:
        return set_path(cmd, &o->test.csv, "--test-csv", arg);
    case NN_CLI_OPT_LABEL_COLUMN:
        if (nn_cli_label_column_parse(arg, &o->label_column) != 0) {
            nn_cli_usage_error(cmd,
                               "--label-column needs a 0-based column "
                               "number, 'last' or 'none', not '%s'",
                               arg);
            return -1;
        }
        o->label_column_given = 1;
        return 1;
    case NN_CLI_OPT_HEADER:
    case NN_CLI_OPT_NO_HEADER: {
        unsigned flag = code == NN_CLI_OPT_HEADER ? NN_DATASET_CSV_HEADER
                                                  : NN_DATASET_CSV_NO_HEADER;
        if (o->csv_flags && o->csv_flags != flag) {
            nn_cli_usage_error(cmd, "--header and --no-header contradict "
                                    "each other");
            return -1;
        }
        o->csv_flags = flag;
        return 1;
    }
    case NN_CLI_OPT_NORMALIZE:
        o->normalize = 1;
        return 1;
    default:
        return 0;
    }
}

static int source_empty(const nn_cli_source *s)
{
    return !s->images && !s->labels && !s->csv;
}

static int check_source(const char *cmd, const nn_cli_source *s,
                        const char *prefix, int need_labels)
{
    if (s->images && s->csv)
        return nn_cli_usage_error(cmd, "give either --%simages or --%scsv, "
                                       "not both", prefix, prefix);
    if (!s->images && !s->csv)
        return nn_cli_usage_error(cmd, "no data: give --%simages (with "
                                       "--%slabels) or --%scsv", prefix,
                                  prefix, prefix);
    if (s->labels && !s->images)
        return nn_cli_usage_error(cmd, "--%slabels goes with --%simages",
                                  prefix, prefix);
    if (s->images && !s->labels && need_labels)
        return nn_cli_usage_error(cmd, "--%simages needs --%slabels", prefix,
                                  prefix);
    return 0;
}

int nn_cli_data_check(const char *cmd, const nn_cli_data_opts *o,
                      int need_labels)
{
    int rc = check_source(cmd, &o->data, "", need_labels);
    if (rc != 0)
        return rc;
    if (!source_empty(&o->test)) {
        rc = check_source(cmd, &o->test, "test-", 1);
        if (rc != 0)
            return rc;
        if (!o->test.csv != !o->data.csv)
            return nn_cli_usage_error(cmd, "the test data must have the "
                                           "training data's format (IDX "
                                           "or CSV)");
    }
    if (o->data.images && (o->label_column_given || o->csv_flags))
        return nn_cli_usage_error(cmd, "--label-column, --header and "
                                       "--no-header apply to CSV data "
                                       "only");
    if (need_labels && o->label_column == NN_CSV_NO_LABEL)
        return nn_cli_usage_error(cmd, "this command needs labels; "
                                       "--label-column none leaves none");
    return 0;
}

/* Where Debian's dataset-fashion-mnist package puts its files. */
#define FASHION_MNIST_DIR "/usr/share/datasets/fashion-mnist"

int nn_cli_data_load(const nn_cli_data_opts *o, const nn_cli_source *src,
                     nn_dataset **out)
{
    nn_status st;
    if (src->csv)
        st = nn_dataset_load_csv(out, src->csv, o->label_column,
                                 o->csv_flags);
    else
        st = nn_dataset_load_idx(out, src->images, src->labels,
                                 NN_DATASET_DEFAULT);
    if (st == NN_OK)
        return 0;
    int rc = nn_cli_fail_nn();
    /* The data of the README's demo comes from a Debian package: say how
     * to get it rather than only that a file is missing. */
    const char *paths[] = {src->csv, src->images, src->labels};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
        if (st == NN_ERR_IO && paths[i] &&
            !strncmp(paths[i], FASHION_MNIST_DIR, strlen(FASHION_MNIST_DIR)) &&
            access(paths[i], F_OK) != 0) {
            fprintf(stderr, "nn: hint: Fashion-MNIST comes with Debian's "
                            "dataset-fashion-mnist package: "
                            "apt-get install dataset-fashion-mnist\n");
            break;
        }
    return rc;
}

/* Whether every feature is an integer in [0, 255]: the pixels of IDX
 * images, whatever element type the file declared. */
static int looks_like_bytes(const nn_dataset *d)
{
    const float *x = nn_dataset_x(d);
    size_t count = nn_dataset_rows(d) * nn_dataset_cols(d);
    for (size_t i = 0; i < count; i++)
        if (!(x[i] >= 0 && x[i] <= 255) || x[i] != floorf(x[i]))
            return 0;
    return 1;
}

int nn_cli_scaling_fit(nn_dataset *d, int is_idx, nn_cli_scaling *out)
{
    memset(out, 0, sizeof *out);
    if (is_idx && looks_like_bytes(d)) {
        out->kind = NN_CLI_SCALE_DIVIDE;
        out->divisor = 255.0f;
        return nn_cli_scaling_apply(out, d);
    }
    size_t cols = nn_dataset_cols(d);
    out->kind = NN_CLI_SCALE_MINMAX;
    out->cols = cols;
    out->mins = malloc(cols * sizeof *out->mins);
    out->maxs = malloc(cols * sizeof *out->maxs);
    if (!out->mins || !out->maxs) {
        nn_cli_scaling_free(out);
        return nn_cli_fail("out of memory");
    }
    if (nn_dataset_normalize(d, out->mins, out->maxs) != NN_OK) {
        nn_cli_scaling_free(out);
        return nn_cli_fail_nn();
    }
    return 0;
}

int nn_cli_scaling_apply(const nn_cli_scaling *s, nn_dataset *d)
{
    size_t cols = nn_dataset_cols(d);
    if (s->kind == NN_CLI_SCALE_NONE)
        return 0;
    if (s->kind == NN_CLI_SCALE_MINMAX) {
        if (s->cols != cols)
            return nn_cli_fail("the model's input scaling covers %zu "
                               "columns but the data has %zu",
                               s->cols, cols);
        return nn_dataset_apply_range(d, s->mins, s->maxs) == NN_OK
                   ? 0
                   : nn_cli_fail_nn();
    }
    /* x / D is (x - 0) / (D - 0): one call into the library does it. */
    float *mins = calloc(cols, sizeof *mins);
    float *maxs = malloc(cols * sizeof *maxs);
    int rc = 0;
    if (!mins || !maxs) {
        rc = nn_cli_fail("out of memory");
    } else {
        for (size_t c = 0; c < cols; c++)
            maxs[c] = s->divisor;
        if (nn_dataset_apply_range(d, mins, maxs) != NN_OK)
            rc = nn_cli_fail_nn();
    }
    free(mins);
    free(maxs);
    return rc;
}

int nn_cli_data_check_dim(const nn_dataset *d, size_t input_dim,
                          const char *what)
{
    size_t cols = nn_dataset_cols(d);
    if (cols == input_dim)
        return 0;
    return nn_cli_fail("%s has %zu features per row but the model takes %zu",
                       what, cols, input_dim);
}

int nn_cli_targets(const nn_dataset *d, nn_loss loss, size_t out_dim,
                   float **owned, const float **y)
{
    const float *labels = nn_dataset_y(d);
    size_t rows = nn_dataset_rows(d);
    *owned = NULL;
    *y = NULL;
    if (!labels)
        return nn_cli_fail("the data has no labels");
    if (loss == NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY ||
        (loss != NN_LOSS_CATEGORICAL_CROSSENTROPY && out_dim == 1)) {
        *y = labels;
        return 0;
    }
    float *hot = calloc(rows, out_dim * sizeof *hot);
    if (!hot)
        return nn_cli_fail("out of memory");
    for (size_t r = 0; r < rows; r++) {
        float label = labels[r];
        if (!(label >= 0 && label < (float)out_dim) ||
            label != floorf(label)) {
            free(hot);
            return nn_cli_fail("label %g at row %zu is not a class index in "
                               "[0, %zu), which a model with %zu outputs "
                               "trained on one label column needs",
                               (double)label, r, out_dim, out_dim);
        }
        hot[r * out_dim + (size_t)label] = 1.0f;
    }
    *owned = hot;
    *y = hot;
    return 0;
}
