/*
 * cmd_train.c - `nn train`: builds a network from a layer specification (or
 * loads one to resume), trains it on IDX or CSV data with a progress
 * display, and saves it with metadata that lets eval and predict use it
 * without repeating the data options: the input scaling, the label column,
 * the loss.
 *
 * Ctrl-C stops training after the current batch; the model trained so far
 * is still saved when --output was given, and the exit status is 130.
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#include <getopt.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "data.h"
#include "meta.h"
#include "model_io.h"
#include "names.h"
#include "plot.h"
#include "progress.h"
#include "scaling.h"
#include "spec.h"

static const char train_usage[] =
    "Usage: nn train DATA --layers SPEC [OPTIONS] [--output MODEL]\n"
    "       nn train DATA --resume MODEL --epochs TOTAL [OPTIONS]\n"
    "Train a network of dense layers and save it.\n"
    "\n"
    "Data (one of):\n"
    "  --images FILE --labels FILE  an IDX pair (MNIST's format; gzip or\n"
    "                               plain)\n"
    "  --csv FILE                   comma-separated numbers, a row a sample\n"
    "      --label-column N|last    0-based column of the labels (default:\n"
    "                               the last)\n"
    "      --header, --no-header    whether the first line is a header\n"
    "                               (default: detected)\n"
    "  --normalize                  scale features to [0, 1]: IDX bytes by\n"
    "                               1/255, CSV columns by their min and max\n"
    "Model:\n"
    "  --layers SPEC       e.g. 128:relu,dropout:0.2,10:softmax: items\n"
    "                      UNITS:ACTIVATION or dropout:RATE; ACTIVATION is\n"
    "                      linear, relu, sigmoid, tanh, softmax, leaky_relu,\n"
    "                      elu, gelu, softplus, sin or gaussian\n"
    "  --optimizer NAME    sgd, adam (default), rmsprop or adamw\n"
    "  --lr RATE           learning rate (default: the optimizer's: SGD\n"
    "                      0.01, the others 0.001)\n"
    "  --loss NAME         mse, mae, binary_crossentropy,\n"
    "                      categorical_crossentropy or\n"
    "                      sparse_categorical_crossentropy (default)\n"
    "  --seed N            random seed of weights, shuffling and dropout\n"
    "                      (default 0: runs are reproducible)\n"
    "Training:\n"
    "  --epochs N          epochs to train (default 1); with --resume, the\n"
    "                      total epoch count to reach\n"
    "  --batch-size N      rows per step (default 32)\n"
    "  --validation-split F  fraction of rows, from the end, kept for\n"
    "                      validation (default 0)\n"
    "  --threads N         OpenBLAS threads (default: OpenBLAS' choice; the\n"
    "                      same count gives the same weights)\n"
    "  --resume MODEL      continue training MODEL where it stopped\n"
    "  --test-images FILE --test-labels FILE, --test-csv FILE\n"
    "                      data to report the test loss and accuracy on\n"
    "Output:\n"
    "  -o, --output MODEL  save the trained model (also when interrupted)\n"
    "  --plot FILE.png     draw the loss and accuracy curves\n"
    "  --notes TEXT        free text kept in the model's metadata\n"
    "  -q, --quiet         no progress display\n"
    "  -h, --help          show this help\n"
    "\n"
    "Example (Fashion-MNIST):\n"
    "  nn train --images train-images-idx3-ubyte.gz \\\n"
    "      --labels train-labels-idx1-ubyte.gz --normalize \\\n"
    "      --layers 10:relu,10:relu,10:softmax --epochs 5 -o model.nnm\n";

enum {
    OPT_LAYERS = NN_CLI_OPT_FIRST_FREE,
    OPT_OPTIMIZER,
    OPT_LR,
    OPT_LOSS,
    OPT_EPOCHS,
    OPT_BATCH_SIZE,
    OPT_VALIDATION_SPLIT,
    OPT_SEED,
    OPT_THREADS,
    OPT_PLOT,
    OPT_RESUME,
    OPT_NOTES
};

/* The default batch size, Keras' default. */
#define DEFAULT_BATCH_SIZE 32
/* More layers than anyone types on a command line. */
#define MAX_LAYERS 256

typedef struct train_args {
    nn_cli_data_opts data;
    const char *layers;
    nn_optimizer optimizer;
    nn_loss loss;
    double lr;
    size_t epochs;
    size_t batch_size;
    double validation_split;
    uint64_t seed;
    int threads;
    int optimizer_given, loss_given, lr_given, epochs_given, batch_size_given;
    int split_given, seed_given, threads_given;
    const char *output, *plot, *resume, *notes;
    int quiet;
} train_args;

/* Everything a run holds, freed in one place. */
typedef struct train_run {
    nn_cli_model model; /* .m is the network, loaded or built */
    nn_dataset *train, *test;
    float *train_y_owned, *test_y_owned;
    const float *train_y, *test_y;
    nn_cli_scaling scaling;
    nn_cli_progress progress;
    size_t first_epoch; /* epochs done before this run */
} train_run;

/* Set by the SIGINT handler, read by the per-batch callback. */
static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
    (void)sig;
    interrupted = 1;
}

/* The first Ctrl-C asks training to stop after the current batch;
 * SA_RESETHAND gives the second one its default effect, so a user can
 * still kill a run that does not stop (stuck in a long save, say). */
static void install_sigint_handler(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGINT, &sa, NULL);
}

static int on_batch(void *user, size_t epoch, size_t batch, size_t batches,
                    float loss, float accuracy)
{
    (void)epoch; /* the display keeps its own count; see progress.h */
    if (interrupted)
        return 1;
    nn_cli_progress_batch(user, batch, batches, loss, accuracy);
    return 0;
}

static int on_epoch(void *user, const nn_epoch_logs *logs)
{
    nn_cli_progress_epoch(user, logs);
    return 0;
}

static int parse_args(int argc, char **argv, train_args *a)
{
    static const struct option long_options[] = {
        NN_CLI_DATA_LONG_OPTIONS,
        NN_CLI_TEST_DATA_LONG_OPTIONS,
        {"layers", required_argument, NULL, OPT_LAYERS},
        {"optimizer", required_argument, NULL, OPT_OPTIMIZER},
        {"lr", required_argument, NULL, OPT_LR},
        {"learning-rate", required_argument, NULL, OPT_LR},
        {"loss", required_argument, NULL, OPT_LOSS},
        {"epochs", required_argument, NULL, OPT_EPOCHS},
        {"batch-size", required_argument, NULL, OPT_BATCH_SIZE},
        {"validation-split", required_argument, NULL, OPT_VALIDATION_SPLIT},
        {"seed", required_argument, NULL, OPT_SEED},
        {"threads", required_argument, NULL, OPT_THREADS},
        {"output", required_argument, NULL, 'o'},
        {"plot", required_argument, NULL, OPT_PLOT},
        {"resume", required_argument, NULL, OPT_RESUME},
        {"notes", required_argument, NULL, OPT_NOTES},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *cmd = "train";
    int c;

    memset(a, 0, sizeof *a);
    nn_cli_data_opts_init(&a->data);
    a->optimizer = NN_OPT_ADAM;
    a->loss = NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY;
    a->epochs = 1;
    a->batch_size = DEFAULT_BATCH_SIZE;

    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:qh", long_options, NULL)) != -1) {
        int handled = nn_cli_data_option(cmd, &a->data, c, optarg);
        if (handled < 0)
            return NN_CLI_EXIT_USAGE;
        if (handled)
            continue;
        switch (c) {
        case 'h':
            fputs(train_usage, stdout);
            return -1;
        case 'q':
            a->quiet = 1;
            break;
        case 'o':
            a->output = optarg;
            break;
        case OPT_LAYERS:
            a->layers = optarg;
            break;
        case OPT_OPTIMIZER:
            if (nn_cli_optimizer_lookup(optarg, strlen(optarg),
                                        &a->optimizer) != 0)
                return nn_cli_usage_error(cmd, "unknown optimizer '%s' "
                                               "(expected one of %s)",
                                          optarg, nn_cli_optimizer_list());
            a->optimizer_given = 1;
            break;
        case OPT_LOSS:
            if (nn_cli_loss_lookup(optarg, strlen(optarg), &a->loss) != 0)
                return nn_cli_usage_error(cmd, "unknown loss '%s' (expected "
                                               "one of %s)",
                                          optarg, nn_cli_loss_list());
            a->loss_given = 1;
            break;
        case OPT_LR:
            if (nn_cli_parse_double(cmd, "--lr", optarg, 1e-12, 1e6, 0,
                                    &a->lr) != 0)
                return NN_CLI_EXIT_USAGE;
            a->lr_given = 1;
            break;
        case OPT_EPOCHS:
            if (nn_cli_parse_size(cmd, "--epochs", optarg, 1, &a->epochs) != 0)
                return NN_CLI_EXIT_USAGE;
            a->epochs_given = 1;
            break;
        case OPT_BATCH_SIZE:
            if (nn_cli_parse_size(cmd, "--batch-size", optarg, 1,
                                  &a->batch_size) != 0)
                return NN_CLI_EXIT_USAGE;
            a->batch_size_given = 1;
            break;
        case OPT_VALIDATION_SPLIT:
            if (nn_cli_parse_double(cmd, "--validation-split", optarg, 0, 1,
                                    1, &a->validation_split) != 0)
                return NN_CLI_EXIT_USAGE;
            a->split_given = 1;
            break;
        case OPT_SEED:
            if (nn_cli_parse_u64(cmd, "--seed", optarg, &a->seed) != 0)
                return NN_CLI_EXIT_USAGE;
            a->seed_given = 1;
            break;
        case OPT_THREADS:
            if (nn_cli_parse_int(cmd, "--threads", optarg, 1, 1024,
                                 &a->threads) != 0)
                return NN_CLI_EXIT_USAGE;
            a->threads_given = 1;
            break;
        case OPT_PLOT:
            a->plot = optarg;
            break;
        case OPT_RESUME:
            a->resume = optarg;
            break;
        case OPT_NOTES:
            a->notes = optarg;
            break;
        default:
            return nn_cli_bad_option(cmd, c, argv);
        }
    }
    if (optind < argc)
        return nn_cli_usage_error(cmd, "unexpected argument '%s'",
                                  argv[optind]);

    int rc = nn_cli_data_check(cmd, &a->data, 1);
    if (rc != 0)
        return rc;
    if (a->resume) {
        /* The file fixes the architecture, the compile settings and the
         * generator; silently ignoring these would mislead. */
        if (a->layers || a->optimizer_given || a->loss_given ||
            a->seed_given)
            return nn_cli_usage_error(cmd, "--layers, --optimizer, --loss "
                                           "and --seed come from the model "
                                           "with --resume");
        if (!a->epochs_given)
            return nn_cli_usage_error(cmd, "--resume needs --epochs, the "
                                           "total epoch count to reach");
    } else if (!a->layers) {
        return nn_cli_usage_error(cmd, "no network: give --layers (e.g. "
                                       "--layers 10:relu,10:softmax) or "
                                       "--resume MODEL");
    }
    return 0;
}

/* With --resume, options not given default to what the model was trained
 * with, so that resuming continues the same run. Values the tool did not
 * write itself are ignored. */
static void take_defaults_from_model(train_args *a, const nn_model *m)
{
    const char *v;
    char *end;
    if (a->data.data.csv && !a->data.label_column_given &&
        (v = nn_cli_model_meta(m, NN_CLI_META_LABEL_COLUMN)))
        nn_cli_label_column_parse(v, &a->data.label_column);
    if (!a->batch_size_given &&
        (v = nn_cli_model_meta(m, NN_CLI_META_BATCH_SIZE))) {
        unsigned long long bs = strtoull(v, &end, 10);
        if (*end == '\0' && bs >= 1 && bs <= SIZE_MAX)
            a->batch_size = (size_t)bs;
    }
    if (!a->split_given &&
        (v = nn_cli_model_meta(m, NN_CLI_META_VALIDATION_SPLIT))) {
        double split = strtod(v, &end);
        if (*end == '\0' && split >= 0 && split < 1)
            a->validation_split = split;
    }
}

/* Loads the model to resume, its scaling, and its defaults. */
static int open_resumed(train_args *a, train_run *r)
{
    int rc = nn_cli_model_load(a->resume, &r->model);
    if (rc != 0)
        return rc;
    if (!r->model.compiled)
        return nn_cli_fail("cannot resume '%s': it is not a compiled model",
                           a->resume);
    r->first_epoch = nn_model_epochs_done(r->model.m);
    const char *text = nn_cli_model_meta(r->model.m, NN_CLI_SCALING_KEY);
    char err[256];
    if (text && nn_cli_scaling_parse(text, &r->scaling, err, sizeof err) != 0)
        return nn_cli_fail("%s: %s", a->resume, err);
    if (a->data.normalize && r->scaling.kind == NN_CLI_SCALE_NONE)
        nn_cli_warn("--normalize ignored: '%s' was trained on unscaled data",
                    a->resume);
    take_defaults_from_model(a, r->model.m);
    return 0;
}

/* Loads the training data (and test data), scaled like the model. */
static int load_data(const train_args *a, train_run *r)
{
    int rc = nn_cli_data_load(&a->data, &a->data.data, &r->train);
    if (rc != 0)
        return rc;
    if (a->resume)
        rc = nn_cli_scaling_apply(&r->scaling, r->train);
    else if (a->data.normalize)
        rc = nn_cli_scaling_fit(r->train, a->data.data.images != NULL,
                                &r->scaling);
    if (rc != 0)
        return rc;

    if (!a->data.test.images && !a->data.test.csv)
        return 0;
    rc = nn_cli_data_load(&a->data, &a->data.test, &r->test);
    if (rc == 0)
        rc = nn_cli_scaling_apply(&r->scaling, r->test);
    return rc;
}

static int build_model(const train_args *a, const nn_cli_layer *layers,
                       size_t layer_count, train_run *r)
{
    nn_model *m = NULL;
    if (nn_model_create(&m, nn_dataset_cols(r->train)) != NN_OK)
        return nn_cli_fail_nn();
    r->model.m = m;
    if (nn_model_set_seed(m, a->seed) != NN_OK)
        return nn_cli_fail_nn();
    for (size_t i = 0; i < layer_count; i++) {
        nn_status st = layers[i].kind == NN_LAYER_DROPOUT
                           ? nn_model_add_dropout(m, layers[i].rate)
                           : nn_model_add_dense(m, layers[i].units,
                                                layers[i].act);
        if (st != NN_OK)
            return nn_cli_fail_nn();
    }
    if (nn_model_compile(m, a->optimizer, a->loss,
                         a->lr_given ? (float)a->lr : 0.0f) != NN_OK)
        return nn_cli_fail_nn();
    r->model.compiled = 1;
    r->model.optimizer = a->optimizer;
    r->model.loss = a->loss;
    return 0;
}

/* The targets in the layout the loss needs, after the data's width has
 * been checked against the model's. */
static int prepare_targets(train_run *r)
{
    nn_model *m = r->model.m;
    size_t in = nn_model_input_dim(m), out = nn_model_output_dim(m);
    int rc = nn_cli_data_check_dim(r->train, in, "the training data");
    if (rc == 0)
        rc = nn_cli_targets(r->train, r->model.loss, out, &r->train_y_owned,
                            &r->train_y);
    if (rc == 0 && r->test)
        rc = nn_cli_data_check_dim(r->test, in, "the test data");
    if (rc == 0 && r->test)
        rc = nn_cli_targets(r->test, r->model.loss, out, &r->test_y_owned,
                            &r->test_y);
    return rc;
}

static void describe_data(const nn_cli_source *s, char *buf, size_t len)
{
    if (s->csv)
        snprintf(buf, len, "csv:%s", s->csv);
    else
        snprintf(buf, len, "idx:%s,%s", s->images, s->labels);
}

/* Records how the model was trained; see the man page's METADATA. */
static int record_metadata(const train_args *a, train_run *r, int argc,
                           char **argv, const char *test_metrics)
{
    nn_model *m = r->model.m;
    char buf[4096], date[40], number[64];
    int rc = 0;

    describe_data(&a->data.data, buf, sizeof buf);
    rc |= nn_cli_set_meta(m, "training_data", buf);
    nn_cli_iso8601_now(date, sizeof date);
    rc |= nn_cli_set_meta(m, "date", date);
    rc |= nn_cli_set_meta(m, NN_CLI_META_OPTIMIZER,
                          nn_cli_optimizer_name(r->model.optimizer));
    rc |= nn_cli_set_meta(m, NN_CLI_META_LOSS,
                          nn_cli_loss_name(r->model.loss));
    snprintf(number, sizeof number, "%zu", a->batch_size);
    rc |= nn_cli_set_meta(m, NN_CLI_META_BATCH_SIZE, number);
    snprintf(number, sizeof number, "%.9g", a->validation_split);
    rc |= nn_cli_set_meta(m, NN_CLI_META_VALIDATION_SPLIT, number);

    char *scaling = nn_cli_scaling_format(&r->scaling);
    if (!scaling)
        return nn_cli_fail("out of memory");
    rc |= nn_cli_set_meta(m, NN_CLI_SCALING_KEY, scaling);
    free(scaling);

    if (a->data.data.csv) {
        nn_cli_label_column_format(a->data.label_column, number,
                                   sizeof number);
        rc |= nn_cli_set_meta(m, NN_CLI_META_LABEL_COLUMN, number);
    }
    nn_cli_last_metrics(m, buf, sizeof buf);
    if (buf[0])
        rc |= nn_cli_set_meta(m, "metrics", buf);
    if (test_metrics)
        rc |= nn_cli_set_meta(m, "test_metrics", test_metrics);

    char *command = nn_cli_command_line(argc, argv);
    if (!command)
        return nn_cli_fail("out of memory");
    rc |= nn_cli_set_meta(m, "command", command);
    free(command);
    if (a->notes)
        rc |= nn_cli_set_meta(m, "notes", a->notes);
    rc |= nn_cli_set_meta(m, "libnn_version", nn_version_string());
    return rc ? NN_CLI_EXIT_FAILURE : 0;
}

/* Prints the test loss and accuracy on stdout (they are the command's
 * result, unlike the progress display) and fills @p text for the
 * metadata. */
static int report_test(train_run *r, char *text, size_t len)
{
    float loss, accuracy;
    if (nn_evaluate(r->model.m, nn_dataset_x(r->test), r->test_y,
                    nn_dataset_rows(r->test), &loss, &accuracy) != NN_OK)
        return nn_cli_fail_nn();
    printf("test_loss: %.6g\n", (double)loss);
    if (accuracy == accuracy) { /* not NaN */
        printf("test_accuracy: %.4f\n", (double)accuracy);
        snprintf(text, len, "loss=%.6g accuracy=%.6g", (double)loss,
                 (double)accuracy);
    } else {
        snprintf(text, len, "loss=%.6g", (double)loss);
    }
    fflush(stdout);
    return 0;
}

/* Saves the model and draws the plot, as far as asked. */
static int write_outputs(const train_args *a, train_run *r)
{
    int rc = 0;
    if (a->output) {
        if (nn_model_save(r->model.m, a->output) != NN_OK)
            rc = nn_cli_fail_nn();
        else if (!a->quiet)
            fprintf(stderr, "Saved %s (%zu epochs trained)\n", a->output,
                    nn_model_epochs_done(r->model.m));
    }
    if (a->plot && nn_model_history_len(r->model.m) > 0) {
        char title[512], subtitle[512];
        const char *name = a->output   ? a->output
                           : a->resume ? a->resume
                                       : NULL;
        snprintf(title, sizeof title, "Training of %s",
                 name ? nn_cli_basename(name) : "the model");
        size_t done = nn_model_epochs_done(r->model.m);
        snprintf(subtitle, sizeof subtitle,
                 "%s, %s, batch size %zu, %zu epoch%s",
                 nn_cli_optimizer_name(r->model.optimizer),
                 nn_cli_loss_name(r->model.loss), a->batch_size, done,
                 done == 1 ? "" : "s");
        if (nn_cli_plot_history(r->model.m, a->plot, title, subtitle) != 0)
            rc = NN_CLI_EXIT_FAILURE;
    }
    return rc;
}

static void close_run(train_run *r)
{
    nn_cli_model_close(&r->model);
    nn_dataset_destroy(r->train);
    nn_dataset_destroy(r->test);
    free(r->train_y_owned);
    free(r->test_y_owned);
    nn_cli_scaling_free(&r->scaling);
}

/* Trains and reports; returns the exit status. */
static int train(train_args *a, train_run *r, int argc, char **argv)
{
    nn_model *m = r->model.m;
    size_t rows = nn_dataset_rows(r->train);
    size_t epochs =
        a->epochs > r->first_epoch ? a->epochs - r->first_epoch : 0;

    if (a->resume && a->lr_given &&
        nn_model_set_param(m, NN_PARAM_LEARNING_RATE, a->lr) != NN_OK)
        return nn_cli_fail_nn();
    if (a->resume && epochs == 0 && !a->quiet)
        fprintf(stderr, "%s has trained %zu epochs already (--epochs %zu): "
                        "nothing to train\n",
                a->resume, r->first_epoch, a->epochs);

    nn_cli_progress_mode mode = NN_CLI_PROGRESS_LINES;
    if (a->quiet)
        mode = NN_CLI_PROGRESS_OFF;
    else if (isatty(STDERR_FILENO))
        mode = NN_CLI_PROGRESS_BAR;
    /* nn_fit's split, computed as it does from the float option: the first
     * n * (1 - split) rows train. */
    size_t train_rows =
        (size_t)((double)rows * (1.0 - (double)(float)a->validation_split));
    nn_cli_progress_init(&r->progress, mode, stderr, r->first_epoch,
                         a->epochs, train_rows, a->batch_size);

    nn_fit_options opts;
    nn_fit_options_init(&opts);
    opts.validation_split = (float)a->validation_split;
    opts.on_batch = on_batch;
    opts.on_batch_user = &r->progress;
    opts.on_epoch = on_epoch;
    opts.on_epoch_user = &r->progress;
    opts.resume = a->resume != NULL;

    nn_status st = NN_OK;
    if (interrupted)
        st = NN_ERR_CANCELLED; /* Ctrl-C while the data were loading */
    else if (epochs > 0)
        st = nn_fit(m, nn_dataset_x(r->train), r->train_y, rows, epochs,
                    a->batch_size, &opts);
    nn_cli_progress_finish(&r->progress);

    if (st == NN_ERR_CANCELLED && interrupted) {
        size_t done = nn_model_epochs_done(m);
        fprintf(stderr, "nn: interrupted after %zu of %zu epochs\n", done,
                a->epochs);
        if (nn_model_history_len(m) > 0)
            record_metadata(a, r, argc, argv, NULL);
        write_outputs(a, r);
        if (a->output)
            fprintf(stderr, "nn: continue with: nn train --resume %s "
                            "--epochs %zu (and the same data options)\n",
                    a->output, a->epochs);
        return NN_CLI_EXIT_INTERRUPTED;
    }
    if (st != NN_OK)
        return nn_cli_fail_nn();

    char test_metrics[256];
    int rc = 0;
    if (r->test)
        rc = report_test(r, test_metrics, sizeof test_metrics);
    if (rc == 0 && epochs > 0)
        rc = record_metadata(a, r, argc, argv, r->test ? test_metrics : NULL);
    if (rc == 0)
        rc = write_outputs(a, r);
    return rc;
}

int nn_cli_cmd_train(int argc, char **argv)
{
    train_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc != 0)
        return rc < 0 ? NN_CLI_EXIT_OK : rc; /* -1: --help was shown */

    nn_cli_layer layers[MAX_LAYERS];
    size_t layer_count = 0;
    char err[512];
    if (a.layers && nn_cli_parse_layers(a.layers, layers, MAX_LAYERS,
                                        &layer_count, err, sizeof err) != 0)
        return nn_cli_usage_error("train", "--layers: %s", err);
    /* Before minutes of training, not after. */
    if (a.plot && !nn_cli_plot_available())
        return nn_cli_plot_history(NULL, a.plot, "", NULL);

    install_sigint_handler();
    if (a.threads_given)
        nn_set_num_threads(a.threads);

    train_run r;
    memset(&r, 0, sizeof r);
    if (a.resume)
        rc = open_resumed(&a, &r);
    if (rc == 0)
        rc = load_data(&a, &r);
    if (rc == 0 && !a.resume)
        rc = build_model(&a, layers, layer_count, &r);
    if (rc == 0)
        rc = prepare_targets(&r);
    if (rc == 0)
        rc = train(&a, &r, argc, argv);
    close_run(&r);
    return rc;
}
