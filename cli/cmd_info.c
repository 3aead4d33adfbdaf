/*
 * cmd_info.c - `nn summary` (the layer table of Keras' model.summary()) and
 * `nn info` (everything else a model file holds: format, compile settings,
 * hyper-parameters, training state, metadata).
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "meta.h"
#include "model_io.h"
#include "names.h"

static const char summary_usage[] =
    "Usage: nn summary MODEL\n"
    "Print MODEL's layers, output shapes and parameter counts, like Keras'\n"
    "model.summary().\n"
    "\n"
    "  -h, --help   show this help\n";

static const char info_usage[] =
    "Usage: nn info [--full] [--weights-hash] MODEL\n"
    "Print what MODEL's file holds: format version, input and output width,\n"
    "layers, compile settings and hyper-parameters, epochs trained, history\n"
    "length and every metadata entry.\n"
    "\n"
    "  --full          print long metadata values whole (by default values\n"
    "                  over 200 bytes are cut)\n"
    "  --weights-hash  also print a hash of all weights (FNV-1a 64 over\n"
    "                  their bits): equal hashes mean identical weights\n"
    "  -h, --help      show this help\n";

enum { OPT_FULL = 0x200, OPT_WEIGHTS_HASH };

/* Metadata values longer than this are cut unless --full. */
#define META_SHOWN_MAX 200

typedef struct info_args {
    const char *model_path;
    int full, weights_hash;
} info_args;

static int parse_args(int argc, char **argv, int is_info, info_args *a)
{
    static const struct option summary_options[] = {
        {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    static const struct option info_options[] = {
        {"full", no_argument, NULL, OPT_FULL},
        {"weights-hash", no_argument, NULL, OPT_WEIGHTS_HASH},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *cmd = is_info ? "info" : "summary";
    int c;

    memset(a, 0, sizeof *a);
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h",
                            is_info ? info_options : summary_options,
                            NULL)) != -1) {
        switch (c) {
        case 'h':
            fputs(is_info ? info_usage : summary_usage, stdout);
            return -1;
        case OPT_FULL:
            a->full = 1;
            break;
        case OPT_WEIGHTS_HASH:
            a->weights_hash = 1;
            break;
        default:
            return nn_cli_bad_option(cmd, c, argv);
        }
    }
    if (optind == argc)
        return nn_cli_usage_error(cmd, "no model file given");
    a->model_path = argv[optind++];
    if (optind < argc)
        return nn_cli_usage_error(cmd, "unexpected argument '%s'",
                                  argv[optind]);
    return 0;
}

/* "1,234,567", as Keras prints totals. */
static void with_commas(size_t v, char *buf, size_t len)
{
    char digits[32];
    int n = snprintf(digits, sizeof digits, "%zu", v);
    size_t out = 0;
    for (int i = 0; i < n && out + 2 < len; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            buf[out++] = ',';
        buf[out++] = digits[i];
    }
    buf[out] = '\0';
}

/* Kernel and bias of dense layer @p layer: in * units + units. */
static size_t layer_params(const nn_model *m, size_t layer, size_t in)
{
    nn_layer_kind kind;
    size_t units;
    if (nn_model_layer_kind(m, layer, &kind) != NN_OK ||
        kind != NN_LAYER_DENSE ||
        nn_model_layer_units(m, layer, &units) != NN_OK)
        return 0;
    return in * units + units;
}

static void print_rule(char c, int width)
{
    for (int i = 0; i < width; i++)
        putchar(c);
    putchar('\n');
}

static int print_summary(const char *path, const nn_model *m)
{
    enum { NAME_W = 29, SHAPE_W = 26, WIDTH = 65 };
    size_t layers = nn_model_layer_count(m);
    size_t in = nn_model_input_dim(m), dense_seen = 0, dropout_seen = 0;
    char name[64], shape[48], total[32];

    printf("Model: \"%s\"\n", nn_cli_basename(path));
    print_rule('_', WIDTH);
    printf("%-*s%-*s%s\n", NAME_W, " Layer (type)", SHAPE_W, "Output Shape",
           "Param #");
    print_rule('=', WIDTH);
    for (size_t i = 0; i < layers; i++) {
        nn_layer_kind kind;
        size_t units;
        if (nn_model_layer_kind(m, i, &kind) != NN_OK ||
            nn_model_layer_units(m, i, &units) != NN_OK)
            return nn_cli_fail_nn();
        /* Keras' automatic names: dense, dense_1, dense_2, ... */
        size_t *seen = kind == NN_LAYER_DENSE ? &dense_seen : &dropout_seen;
        const char *base = kind == NN_LAYER_DENSE ? "dense" : "dropout";
        const char *type = kind == NN_LAYER_DENSE ? "Dense" : "Dropout";
        if (*seen == 0)
            snprintf(name, sizeof name, " %s (%s)", base, type);
        else
            snprintf(name, sizeof name, " %s_%zu (%s)", base, *seen, type);
        (*seen)++;
        snprintf(shape, sizeof shape, "(None, %zu)", units);
        printf("%-*s %-*s %zu\n", NAME_W - 1, name, SHAPE_W - 1, shape,
               layer_params(m, i, in));
        if (i + 1 < layers)
            print_rule('_', WIDTH);
        in = units;
    }
    print_rule('=', WIDTH);
    with_commas(nn_model_param_count(m), total, sizeof total);
    printf("Total params: %s\n", total);
    printf("Trainable params: %s\n", total);
    printf("Non-trainable params: 0\n");
    print_rule('_', WIDTH);
    return 0;
}

int nn_cli_cmd_summary(int argc, char **argv)
{
    info_args a;
    int rc = parse_args(argc, argv, 0, &a);
    if (rc != 0)
        return rc < 0 ? NN_CLI_EXIT_OK : rc;
    nn_cli_model cm;
    rc = nn_cli_model_load(a.model_path, &cm);
    if (rc != 0)
        return rc;
    rc = print_summary(a.model_path, cm.m);
    nn_cli_model_close(&cm);
    return rc;
}

/* "dense 16 relu, dropout 0.2, dense 3 softmax"; notes which activations
 * have hyper-parameters of their own. */
static int print_layers(const nn_model *m, int *uses_leaky, int *uses_elu)
{
    size_t layers = nn_model_layer_count(m);
    printf("%-18s%zu", "layers:", layers);
    for (size_t i = 0; i < layers; i++) {
        nn_layer_kind kind;
        size_t units;
        nn_activation act;
        float rate;
        if (nn_model_layer_kind(m, i, &kind) != NN_OK ||
            nn_model_layer_units(m, i, &units) != NN_OK)
            return nn_cli_fail_nn();
        printf("%s", i ? ", " : " (");
        if (kind == NN_LAYER_DROPOUT &&
            nn_model_layer_dropout_rate(m, i, &rate) == NN_OK) {
            printf("dropout %g", (double)rate);
        } else if (nn_model_layer_activation(m, i, &act) == NN_OK) {
            const char *name = nn_cli_activation_name(act);
            printf("dense %zu %s", units, name ? name : "?");
            *uses_leaky |= act == NN_ACT_LEAKY_RELU;
            *uses_elu |= act == NN_ACT_ELU;
        }
    }
    printf("%s\n", layers ? ")" : "");
    return 0;
}

/* The hyper-parameters that matter for the optimizer (all of them when it
 * is unknown) and for the activations in use. */
static void print_hyper_parameters(const nn_cli_model *cm, int uses_leaky,
                                   int uses_elu)
{
    static const struct {
        nn_param param;
        const char *name;
        unsigned optimizers; /* bit per nn_optimizer */
    } params[] = {
        {NN_PARAM_LEARNING_RATE, "learning_rate", 0xF},
        {NN_PARAM_MOMENTUM, "momentum", 1u << NN_OPT_SGD},
        {NN_PARAM_NESTEROV, "nesterov", 1u << NN_OPT_SGD},
        {NN_PARAM_BETA1, "beta1", 1u << NN_OPT_ADAM | 1u << NN_OPT_ADAMW},
        {NN_PARAM_BETA2, "beta2", 1u << NN_OPT_ADAM | 1u << NN_OPT_ADAMW},
        {NN_PARAM_EPSILON, "epsilon",
         1u << NN_OPT_ADAM | 1u << NN_OPT_ADAMW | 1u << NN_OPT_RMSPROP},
        {NN_PARAM_RHO, "rho", 1u << NN_OPT_RMSPROP},
        {NN_PARAM_WEIGHT_DECAY, "weight_decay", 0xF},
        {NN_PARAM_CLIP_NORM, "clip_norm", 0xF},
    };
    const char *sep = "";
    printf("%-18s", "hyper-parameters:");
    for (size_t i = 0; i < sizeof params / sizeof params[0]; i++) {
        double v;
        if (cm->compiled && !(params[i].optimizers & 1u << cm->optimizer))
            continue;
        if (nn_model_get_param(cm->m, params[i].param, &v) == NN_OK) {
            printf("%s%s=%g", sep, params[i].name, v);
            sep = " ";
        }
    }
    double v;
    if (uses_leaky &&
        nn_model_get_param(cm->m, NN_PARAM_LEAKY_SLOPE, &v) == NN_OK)
        printf(" leaky_slope=%g", v);
    if (uses_elu && nn_model_get_param(cm->m, NN_PARAM_ELU_ALPHA, &v) == NN_OK)
        printf(" elu_alpha=%g", v);
    putchar('\n');
}

/* FNV-1a 64 over the bits of every kernel and bias, layer by layer. */
static int weights_hash(const nn_model *m, uint64_t *hash)
{
    size_t layers = nn_model_layer_count(m), in = nn_model_input_dim(m);
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < layers; i++) {
        size_t count = layer_params(m, i, in), units;
        if (nn_model_layer_units(m, i, &units) != NN_OK)
            return nn_cli_fail_nn();
        if (count > 0) {
            float *w = malloc(count * sizeof *w);
            if (!w)
                return nn_cli_fail("out of memory");
            if (nn_model_get_weights(m, i, w, w + in * units) != NN_OK) {
                free(w);
                return nn_cli_fail_nn();
            }
            const unsigned char *bytes = (const unsigned char *)w;
            for (size_t b = 0; b < count * sizeof *w; b++)
                h = (h ^ bytes[b]) * 0x100000001b3ULL;
            free(w);
        }
        in = units;
    }
    *hash = h;
    return 0;
}

static void print_metadata(const nn_model *m, int full)
{
    size_t count = nn_model_metadata_count(m);
    printf("%-18s%zu %s\n", "metadata:", count,
           count == 1 ? "entry" : "entries");
    for (size_t i = 0; i < count; i++) {
        const char *key, *value;
        if (nn_model_metadata_at(m, i, &key, &value) != NN_OK)
            continue;
        size_t len = strlen(value);
        if (full || len <= META_SHOWN_MAX)
            printf("  %s: %s\n", key, value);
        else
            printf("  %s: %.*s... (%zu bytes; --full shows all)\n", key,
                   META_SHOWN_MAX - 40, value, len);
    }
}

static int print_info(const info_args *a, const nn_cli_model *cm)
{
    const nn_model *m = cm->m;
    char number[32];
    int uses_leaky = 0, uses_elu = 0;

    printf("%-18s%s", "file:", a->model_path);
    if (cm->file_size >= 0) {
        with_commas((size_t)cm->file_size, number, sizeof number);
        printf(" (%s bytes)", number);
    }
    putchar('\n');
    if (cm->format_version)
        printf("%-18slibnn model, format version %" PRIu32 "\n", "format:",
               cm->format_version);
    else
        printf("%-18slibnn model\n", "format:");
    printf("%-18s%zu\n", "input dim:", nn_model_input_dim(m));
    printf("%-18s%zu\n", "output dim:", nn_model_output_dim(m));
    int rc = print_layers(m, &uses_leaky, &uses_elu);
    if (rc != 0)
        return rc;
    with_commas(nn_model_param_count(m), number, sizeof number);
    printf("%-18s%s\n", "parameters:", number);
    if (!cm->compiled)
        printf("%-18sno\n", "compiled:");
    else
        printf("%-18syes\n%-18s%s\n%-18s%s\n", "compiled:", "optimizer:",
               nn_cli_optimizer_name(cm->optimizer), "loss:",
               nn_cli_loss_name(cm->loss));
    print_hyper_parameters(cm, uses_leaky, uses_elu);
    printf("%-18s%zu\n", "epochs done:", nn_model_epochs_done(m));

    char metrics[512];
    size_t history = nn_model_history_len(m);
    nn_cli_last_metrics(m, metrics, sizeof metrics);
    printf("%-18s%zu %s", "history:", history,
           history == 1 ? "epoch" : "epochs");
    if (metrics[0])
        printf(" (last: %s)", metrics);
    putchar('\n');
    print_metadata(m, a->full);

    if (a->weights_hash) {
        uint64_t h = 0;
        rc = weights_hash(m, &h);
        if (rc != 0)
            return rc;
        printf("%-18sfnv1a64:%016" PRIx64 "\n", "weights hash:", h);
    }
    if (fflush(stdout) != 0)
        return nn_cli_fail("cannot write to standard output");
    return 0;
}

int nn_cli_cmd_info(int argc, char **argv)
{
    info_args a;
    int rc = parse_args(argc, argv, 1, &a);
    if (rc != 0)
        return rc < 0 ? NN_CLI_EXIT_OK : rc;
    nn_cli_model cm;
    rc = nn_cli_model_load(a.model_path, &cm);
    if (rc != 0)
        return rc;
    rc = print_info(&a, &cm);
    nn_cli_model_close(&cm);
    return rc;
}
