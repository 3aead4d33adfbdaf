/*
 * cmd_eval.c - `nn eval` (loss and accuracy of a model on labelled data)
 * and `nn predict` (its outputs as CSV). Both read data as `nn train` does
 * and scale it as the model's metadata says it was scaled in training, so
 * only the data files need to be named.
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "data.h"
#include "model_io.h"
#include "names.h"
#include "scaling.h"

static const char eval_usage[] =
    "Usage: nn eval MODEL DATA [OPTIONS]\n"
    "Print the loss and accuracy of MODEL on labelled data.\n"
    "\n"
    "Data (one of):\n"
    "  --images FILE --labels FILE  an IDX pair (may be gzipped)\n"
    "  --csv FILE                   comma-separated numbers\n"
    "      --label-column N|last    column of the labels (default: the one\n"
    "                               the model was trained with, else last)\n"
    "      --header, --no-header    whether the first line is a header\n"
    "  --normalize                  scale like `nn train --normalize` (only\n"
    "                               needed for models that did not record\n"
    "                               their input scaling)\n"
    "  -h, --help                   show this help\n";

static const char predict_usage[] =
    "Usage: nn predict MODEL DATA [-o OUT.csv] [OPTIONS]\n"
    "Write MODEL's outputs for every row of the data as CSV: one row per\n"
    "sample, the output vector, then a 'class' column (the argmax) when the\n"
    "model classifies.\n"
    "\n"
    "Data (one of):\n"
    "  --images FILE [--labels FILE]  IDX images (labels are not needed)\n"
    "  --csv FILE                   comma-separated numbers; a label column\n"
    "                               is dropped when present\n"
    "      --label-column N|last|none  where the labels are (default: the\n"
    "                               model's, else last; none: all features)\n"
    "      --header, --no-header    whether the first line is a header\n"
    "  --normalize                  see nn eval --help\n"
    "  -o, --output FILE            write the CSV there (default: stdout)\n"
    "  -h, --help                   show this help\n";

typedef struct eval_args {
    const char *model_path;
    const char *output;
    nn_cli_data_opts data;
} eval_args;

/* Parses the options of eval (@p is_predict 0) or predict; returns 0, -1
 * after --help, or an exit status. */
static int parse_args(int argc, char **argv, int is_predict, eval_args *a)
{
    static const struct option eval_options[] = {
        NN_CLI_DATA_LONG_OPTIONS,
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    static const struct option predict_options[] = {
        NN_CLI_DATA_LONG_OPTIONS,
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *cmd = is_predict ? "predict" : "eval";
    int c;

    memset(a, 0, sizeof *a);
    nn_cli_data_opts_init(&a->data);
    opterr = 0;
    while ((c = getopt_long(argc, argv, is_predict ? ":o:h" : ":h",
                            is_predict ? predict_options : eval_options,
                            NULL)) != -1) {
        int handled = nn_cli_data_option(cmd, &a->data, c, optarg);
        if (handled < 0)
            return NN_CLI_EXIT_USAGE;
        if (handled)
            continue;
        if (c == 'h') {
            fputs(is_predict ? predict_usage : eval_usage, stdout);
            return -1;
        }
        if (c == 'o') {
            a->output = optarg;
            continue;
        }
        return nn_cli_bad_option(cmd, c, argv);
    }
    if (optind == argc)
        return nn_cli_usage_error(cmd, "no model file given");
    a->model_path = argv[optind++];
    if (optind < argc)
        return nn_cli_usage_error(cmd, "unexpected argument '%s'",
                                  argv[optind]);
    return nn_cli_data_check(cmd, &a->data, !is_predict);
}

/* The model's recorded scaling; without one, --normalize scales the data
 * by itself as training would have. */
static int scale_like_training(const eval_args *a, const nn_model *m,
                               nn_dataset *d)
{
    const char *text = nn_cli_model_meta(m, NN_CLI_SCALING_KEY);
    nn_cli_scaling s;
    char err[256];
    int rc;
    if (text) {
        if (nn_cli_scaling_parse(text, &s, err, sizeof err) != 0)
            return nn_cli_fail("%s: %s", a->model_path, err);
        rc = nn_cli_scaling_apply(&s, d);
    } else if (a->data.normalize) {
        nn_cli_warn("'%s' does not record its input scaling; scaling this "
                    "data by its own ranges",
                    a->model_path);
        rc = nn_cli_scaling_fit(d, a->data.data.images != NULL, &s);
    } else {
        return 0;
    }
    nn_cli_scaling_free(&s);
    return rc;
}

/* Loads the data for @p m: the label column defaults to the one the model
 * was trained with. When @p labels_optional (predict) and no column was
 * named, a CSV file may come with or without its label column: one column
 * more than the model's inputs means the labels are there. */
static int load_for_model(eval_args *a, const nn_model *m,
                          int labels_optional, nn_dataset **out)
{
    const char *stored = nn_cli_model_meta(m, NN_CLI_META_LABEL_COLUMN);
    int column = NN_CSV_LABEL_LAST;
    if (stored)
        nn_cli_label_column_parse(stored, &column);
    if (a->data.data.csv && !a->data.label_column_given) {
        a->data.label_column = labels_optional ? NN_CSV_NO_LABEL : column;
    }
    int rc = nn_cli_data_load(&a->data, &a->data.data, out);
    if (rc != 0)
        return rc;
    if (a->data.data.csv && !a->data.label_column_given && labels_optional &&
        nn_dataset_cols(*out) == nn_model_input_dim(m) + 1) {
        nn_dataset_destroy(*out);
        *out = NULL;
        a->data.label_column = column;
        rc = nn_cli_data_load(&a->data, &a->data.data, out);
        if (rc != 0)
            return rc;
    }
    rc = nn_cli_data_check_dim(*out, nn_model_input_dim(m), "the data");
    if (rc == 0)
        rc = scale_like_training(a, m, *out);
    return rc;
}

/* Prints the loss and accuracy of @p cm on @p d. */
static int evaluate(const nn_cli_model *cm, const nn_dataset *d)
{
    float *y_owned = NULL;
    const float *y = NULL;
    float loss, accuracy;
    int rc = nn_cli_targets(d, cm->loss, nn_model_output_dim(cm->m),
                            &y_owned, &y);
    if (rc != 0)
        return rc;
    nn_status st = nn_evaluate(cm->m, nn_dataset_x(d), y, nn_dataset_rows(d),
                               &loss, &accuracy);
    free(y_owned);
    if (st != NN_OK)
        return nn_cli_fail_nn();

    printf("loss: %.6g\n", (double)loss);
    if (isnan(accuracy))
        printf("accuracy: n/a (not defined for %s)\n",
               nn_cli_loss_name(cm->loss));
    else
        printf("accuracy: %.4f\n", (double)accuracy);
    printf("samples: %zu\n", nn_dataset_rows(d));
    if (fflush(stdout) != 0)
        return nn_cli_fail("cannot write to standard output");
    return 0;
}

int nn_cli_cmd_eval(int argc, char **argv)
{
    eval_args a;
    int rc = parse_args(argc, argv, 0, &a);
    if (rc != 0)
        return rc < 0 ? NN_CLI_EXIT_OK : rc;

    nn_cli_model cm;
    rc = nn_cli_model_load(a.model_path, &cm);
    if (rc != 0)
        return rc;
    if (!cm.compiled) {
        rc = nn_cli_fail("cannot evaluate '%s': it was never compiled, so "
                         "it has no loss",
                         a.model_path);
    } else {
        nn_dataset *d = NULL;
        rc = load_for_model(&a, cm.m, 0, &d);
        if (rc == 0)
            rc = evaluate(&cm, d);
        nn_dataset_destroy(d);
    }
    nn_cli_model_close(&cm);
    return rc;
}

/* Whether predictions get a 'class' column, and how it is read off. */
typedef enum class_rule {
    CLASS_NONE,
    CLASS_ARGMAX,   /* categorical cross-entropies: the likeliest class */
    CLASS_THRESHOLD /* binary cross-entropy, one output: output >= 0.5 */
} class_rule;

static class_rule class_rule_for(const nn_cli_model *cm)
{
    size_t out = nn_model_output_dim(cm->m);
    if (cm->compiled) {
        if (cm->loss == NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY ||
            cm->loss == NN_LOSS_CATEGORICAL_CROSSENTROPY)
            return CLASS_ARGMAX;
        if (cm->loss == NN_LOSS_BINARY_CROSSENTROPY && out == 1)
            return CLASS_THRESHOLD;
        return CLASS_NONE;
    }
    /* Never compiled: a softmax output still means classes. */
    nn_activation act;
    size_t last = nn_model_layer_count(cm->m);
    if (last > 0 &&
        nn_model_layer_activation(cm->m, last - 1, &act) == NN_OK &&
        act == NN_ACT_SOFTMAX)
        return CLASS_ARGMAX;
    return CLASS_NONE;
}

static void write_predictions(FILE *f, const float *p, size_t rows,
                              size_t cols, class_rule rule)
{
    for (size_t j = 0; j < cols; j++)
        fprintf(f, "%soutput_%zu", j ? "," : "", j);
    fputs(rule != CLASS_NONE ? ",class\n" : "\n", f);
    for (size_t i = 0; i < rows; i++) {
        const float *row = p + i * cols;
        size_t best = 0;
        for (size_t j = 0; j < cols; j++) {
            fprintf(f, "%s%.9g", j ? "," : "", (double)row[j]);
            if (row[j] > row[best])
                best = j;
        }
        if (rule == CLASS_ARGMAX)
            fprintf(f, ",%zu", best);
        else if (rule == CLASS_THRESHOLD)
            fprintf(f, ",%d", row[0] >= 0.5f);
        fputc('\n', f);
    }
}

/* Runs @p cm on @p d and writes the CSV to @p path (NULL: stdout). */
static int predict(const nn_cli_model *cm, const nn_dataset *d,
                   const char *path)
{
    size_t rows = nn_dataset_rows(d), cols = nn_model_output_dim(cm->m);
    float *out = malloc(rows * cols * sizeof *out);
    if (!out)
        return nn_cli_fail("out of memory for %zu x %zu predictions", rows,
                           cols);
    if (nn_predict(cm->m, nn_dataset_x(d), rows, out) != NN_OK) {
        free(out);
        return nn_cli_fail_nn();
    }

    FILE *f = path ? fopen(path, "w") : stdout;
    if (!f) {
        int err = errno;
        free(out);
        return nn_cli_fail("cannot create '%s': %s", path, strerror(err));
    }
    write_predictions(f, out, rows, cols, class_rule_for(cm));
    free(out);
    /* Write errors (a full disk, a closed pipe) show up here at the
     * latest. */
    int failed = ferror(f) != 0;
    failed |= (path ? fclose(f) : fflush(f)) != 0;
    if (failed)
        return nn_cli_fail("cannot write '%s'",
                           path ? path : "standard output");
    return 0;
}

int nn_cli_cmd_predict(int argc, char **argv)
{
    eval_args a;
    int rc = parse_args(argc, argv, 1, &a);
    if (rc != 0)
        return rc < 0 ? NN_CLI_EXIT_OK : rc;

    nn_cli_model cm;
    rc = nn_cli_model_load(a.model_path, &cm);
    if (rc != 0)
        return rc;
    nn_dataset *d = NULL;
    rc = load_for_model(&a, cm.m, 1, &d);
    if (rc == 0)
        rc = predict(&cm, d, a.output);
    nn_dataset_destroy(d);
    nn_cli_model_close(&cm);
    return rc;
}
