/*
 * cmd_paint.c - `nn art paint TARGET.png`: trains a network to paint the
 * target from pixel coordinates (paint.h) with nn_fit, showing PSNR per
 * epoch, writing snapshots from the per-epoch callback and the final
 * painting at any resolution, and reporting PSNR on the training and the
 * held-out pixels.
 *
 * Ctrl-C stops after the current batch; the painting so far is still
 * written and the exit status is 130.
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "art_cli.h"
#include "common.h"
#include "paint.h"

static const char paint_usage[] =
    "Usage: nn art paint TARGET.png -o PAINTING.png [OPTIONS]\n"
    "Train a network to paint TARGET from pixel coordinates (x, y) ->\n"
    "colour (Karpathy's image-regression demo) with Gaussian Fourier\n"
    "features (Tancik et al. 2020) or SIREN sine layers (Sitzmann et al.\n"
    "2020), MSE and Adam; report PSNR on the training pixels and on pixels\n"
    "held out of training.\n"
    "\n"
    "Target:\n"
    "  --resize N|WxH      resample the target first (e.g. 256)\n"
    "  --holdout F         fraction of pixels held out, at random (default\n"
    "                      0.1)\n"
    "Network:\n"
    "  --features N        Gaussian Fourier features: the inputs are\n"
    "                      sin(2 pi B v), cos(2 pi B v), B ~ N(0, s^2) N x 2\n"
    "                      (default 256; 0: the raw coordinates)\n"
    "  --feature-sigma S   s (default 10)\n"
    "  --siren             sine hidden layers with SIREN's initialisation and\n"
    "                      a linear output (default: ReLU and sigmoid)\n"
    "  --omega0 W          SIREN's w0 (default 30)\n"
    "  --depth N           hidden layers (default 3)\n"
    "  --width N           units per hidden layer (default 256)\n"
    "Training:\n"
    "  --epochs N          passes over the pixels (default 40)\n"
    "  --batch-size N      pixels per Adam step (default 1024)\n"
    "  --lr RATE           Adam's learning rate (default 0.001)\n"
    "  --seed N            B, weights, held-out pixels, shuffling (default 0)\n"
    "  --threads N         OpenBLAS threads\n"
    "Output:\n"
    "  -o, --output FILE   the final painting (PNG)\n"
    "  --render-size N|WxH its size (default: the target's; any resolution)\n"
    "  --snapshots DIR     write DIR/epoch-NNNN.png during training\n"
    "  --snapshot-every N  epochs between snapshots (default 5)\n"
    "  -q, --quiet         no progress lines\n"
    "  -h, --help          show this help\n"
    "\n"
    "Prints train_psnr, heldout_psnr (dB) and seconds on stdout.\n"
    "Example:\n"
    "  nn art paint camera.png --resize 256 --epochs 40 -o painted.png\n";

enum {
    OPT_RESIZE = ART_OPT_FIRST_FREE,
    OPT_HOLDOUT,
    OPT_FEATURES,
    OPT_FEATURE_SIGMA,
    OPT_SIREN,
    OPT_OMEGA0,
    OPT_EPOCHS,
    OPT_BATCH,
    OPT_LR,
    OPT_RENDER_SIZE,
    OPT_SNAPSHOTS,
    OPT_SNAPSHOT_EVERY
};

typedef struct paint_args {
    art_paint_params p;
    const char *target, *output, *snapshots;
    int resize_w, resize_h, render_w, render_h;
    size_t epochs, batch, snapshot_every;
    int threads, quiet;
} paint_args;

/* What the per-epoch callback needs. */
typedef struct paint_run {
    const paint_args *a;
    art_paint *paint;
    int w, h; /* the target's size: snapshots are painted at it */
    double start;
    int failed;
} paint_run;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int parse_args(int argc, char **argv, paint_args *a)
{
    static const struct option long_options[] = {
        {"resize", required_argument, NULL, OPT_RESIZE},
        {"holdout", required_argument, NULL, OPT_HOLDOUT},
        {"features", required_argument, NULL, OPT_FEATURES},
        {"feature-sigma", required_argument, NULL, OPT_FEATURE_SIGMA},
        {"siren", no_argument, NULL, OPT_SIREN},
        {"omega0", required_argument, NULL, OPT_OMEGA0},
        {"depth", required_argument, NULL, ART_OPT_DEPTH},
        {"width", required_argument, NULL, ART_OPT_WIDTH},
        {"epochs", required_argument, NULL, OPT_EPOCHS},
        {"batch-size", required_argument, NULL, OPT_BATCH},
        {"lr", required_argument, NULL, OPT_LR},
        {"learning-rate", required_argument, NULL, OPT_LR},
        {"seed", required_argument, NULL, ART_OPT_SEED},
        {"threads", required_argument, NULL, ART_OPT_THREADS},
        {"output", required_argument, NULL, 'o'},
        {"render-size", required_argument, NULL, OPT_RENDER_SIZE},
        {"snapshots", required_argument, NULL, OPT_SNAPSHOTS},
        {"snapshot-every", required_argument, NULL, OPT_SNAPSHOT_EVERY},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *cmd = "art paint";
    memset(a, 0, sizeof *a);
    art_paint_params_default(&a->p);
    a->epochs = 40;
    a->batch = 1024;
    a->snapshot_every = 5;
    int c, i;
    double d;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":o:qh", long_options, NULL)) != -1) {
        switch (c) {
        case 'h':
            fputs(paint_usage, stdout);
            return -1;
        case 'q':
            a->quiet = 1;
            break;
        case 'o':
            a->output = optarg;
            break;
        case OPT_RESIZE:
            if (art_cli_size_option(cmd, "--resize", optarg, &a->resize_w,
                                    &a->resize_h))
                return NN_CLI_EXIT_USAGE;
            break;
        case OPT_RENDER_SIZE:
            if (art_cli_size_option(cmd, "--render-size", optarg,
                                    &a->render_w, &a->render_h))
                return NN_CLI_EXIT_USAGE;
            break;
        case OPT_HOLDOUT:
            if (nn_cli_parse_double(cmd, "--holdout", optarg, 0, 0.9, 0,
                                    &a->p.holdout))
                return NN_CLI_EXIT_USAGE;
            break;
        case OPT_FEATURES:
            if (nn_cli_parse_int(cmd, "--features", optarg, 0,
                                 ART_PAINT_MAX_FEATURES, &i))
                return NN_CLI_EXIT_USAGE;
            a->p.features = i;
            break;
        case OPT_FEATURE_SIGMA:
            if (nn_cli_parse_double(cmd, "--feature-sigma", optarg, 1e-3,
                                    1e4, 0, &d))
                return NN_CLI_EXIT_USAGE;
            a->p.feature_sigma = d;
            break;
        case OPT_SIREN:
            a->p.siren = 1;
            break;
        case OPT_OMEGA0:
            if (nn_cli_parse_double(cmd, "--omega0", optarg, 1e-3, 1e4, 0,
                                    &a->p.omega0))
                return NN_CLI_EXIT_USAGE;
            break;
        case ART_OPT_DEPTH:
            if (nn_cli_parse_int(cmd, "--depth", optarg, 1,
                                 ART_PAINT_MAX_DEPTH, &a->p.depth))
                return NN_CLI_EXIT_USAGE;
            break;
        case ART_OPT_WIDTH:
            if (nn_cli_parse_int(cmd, "--width", optarg, 1,
                                 ART_PAINT_MAX_WIDTH, &a->p.width))
                return NN_CLI_EXIT_USAGE;
            break;
        case OPT_EPOCHS:
            if (nn_cli_parse_size(cmd, "--epochs", optarg, 1, &a->epochs))
                return NN_CLI_EXIT_USAGE;
            break;
        case OPT_BATCH:
            if (nn_cli_parse_size(cmd, "--batch-size", optarg, 1, &a->batch))
                return NN_CLI_EXIT_USAGE;
            break;
        case OPT_LR:
            if (nn_cli_parse_double(cmd, "--lr", optarg, 1e-9, 10, 0,
                                    &a->p.lr))
                return NN_CLI_EXIT_USAGE;
            break;
        case ART_OPT_SEED:
            if (nn_cli_parse_u64(cmd, "--seed", optarg, &a->p.seed))
                return NN_CLI_EXIT_USAGE;
            break;
        case ART_OPT_THREADS:
            if (nn_cli_parse_int(cmd, "--threads", optarg, 1, 1024,
                                 &a->threads))
                return NN_CLI_EXIT_USAGE;
            break;
        case OPT_SNAPSHOTS:
            a->snapshots = optarg;
            break;
        case OPT_SNAPSHOT_EVERY:
            if (nn_cli_parse_size(cmd, "--snapshot-every", optarg, 1,
                                  &a->snapshot_every))
                return NN_CLI_EXIT_USAGE;
            break;
        default:
            return nn_cli_bad_option(cmd, c, argv);
        }
    }
    if (optind >= argc)
        return nn_cli_usage_error(cmd, "no target picture given");
    a->target = argv[optind++];
    if (optind < argc)
        return nn_cli_usage_error(cmd, "unexpected argument '%s'",
                                  argv[optind]);
    if (!a->output && !a->snapshots)
        return nn_cli_usage_error(cmd, "no output: give -o PAINTING.png "
                                       "(or --snapshots DIR)");
    return 0;
}

static int on_batch(void *user, size_t epoch, size_t batch, size_t batches,
                    float loss, float accuracy)
{
    (void)user;
    (void)epoch;
    (void)batch;
    (void)batches;
    (void)loss;
    (void)accuracy;
    return art_cli_interrupted != 0;
}

static int on_epoch(void *user, const nn_epoch_logs *logs)
{
    paint_run *r = user;
    const paint_args *a = r->a;
    size_t e = logs->epoch + 1;
    if (!a->quiet) {
        /* The running loss is the epoch's mean over its batches while the
         * weights moved: an estimate of the training PSNR. */
        fprintf(stderr, "epoch %zu/%zu  %.1fs  train %.2f dB (running)",
                e, logs->epochs, now() - r->start,
                art_psnr((double)logs->loss));
        if (logs->val_loss == logs->val_loss)
            fprintf(stderr, "  held-out %.2f dB",
                    art_psnr((double)logs->val_loss));
        fputc('\n', stderr);
    }
    if (a->snapshots && (e % a->snapshot_every == 0 || e == logs->epochs)) {
        char path[4096], err[1024];
        art_image im;
        snprintf(path, sizeof path, "%s/epoch-%04zu.png", a->snapshots, e);
        if (art_paint_render(r->paint, r->w, r->h, &im, err, sizeof err) !=
                0 ||
            art_image_save_png(&im, path, err, sizeof err) != 0) {
            nn_cli_fail("%s", err);
            r->failed = 1;
            art_image_free(&im);
            return 1;
        }
        art_image_free(&im);
    }
    return 0;
}

static int load_target(const paint_args *a, art_image *target)
{
    char err[1024];
    art_image raw;
    if (art_image_load_png(a->target, &raw, err, sizeof err) != 0)
        return nn_cli_fail("%s", err);
    if (!a->resize_w) {
        *target = raw;
        return 0;
    }
    int rc = art_image_resize(&raw, a->resize_w, a->resize_h, target);
    art_image_free(&raw);
    return rc == 0 ? 0 : nn_cli_fail("out of memory");
}

/* Trains, then reports and writes the painting. */
static int paint(const paint_args *a, art_paint *pt, art_paint_data *d,
                 const art_image *target)
{
    paint_run run = {a, pt, target->w, target->h, now(), 0};
    nn_fit_options opts;
    nn_fit_options_init(&opts);
    opts.val_x = d->val_x;
    opts.val_y = d->val_y;
    opts.val_n = d->n_val;
    opts.on_batch = on_batch;
    opts.on_epoch = on_epoch;
    opts.on_epoch_user = &run;
    if (!a->quiet)
        fprintf(stderr, "Painting %s (%dx%d): %zu training and %zu held-out "
                        "pixels, %zu input columns, %d x %d %s\n",
                a->target, target->w, target->h, d->n_train, d->n_val,
                pt->in_dim, pt->p.depth, pt->p.width,
                pt->p.siren ? "sine (SIREN)" : "relu");
    nn_status st = nn_fit(pt->model, d->x, d->y, d->n_train, a->epochs,
                          a->batch, &opts);
    double seconds = now() - run.start;
    int interrupted = st == NN_ERR_CANCELLED && art_cli_interrupted;
    if (run.failed)
        return NN_CLI_EXIT_FAILURE;
    if (st != NN_OK && !interrupted)
        return nn_cli_fail_nn();
    if (interrupted)
        fprintf(stderr, "nn: interrupted after %zu of %zu epochs\n",
                nn_model_history_len(pt->model), a->epochs);

    double train = art_paint_mse(pt, d->x, d->y, d->n_train);
    double held = d->n_val ? art_paint_mse(pt, d->val_x, d->val_y, d->n_val)
                           : NAN;
    if (train != train)
        return nn_cli_fail_nn();
    printf("train_psnr: %.2f\n", art_psnr(train));
    if (d->n_val)
        printf("heldout_psnr: %.2f\n", art_psnr(held));
    printf("seconds: %.1f\n", seconds);
    fflush(stdout);

    if (a->output) {
        char err[1024];
        art_image im;
        int w = a->render_w ? a->render_w : target->w;
        int h = a->render_w ? a->render_h : target->h;
        if (art_paint_render(pt, w, h, &im, err, sizeof err) != 0)
            return nn_cli_fail("%s", err);
        int rc = art_cli_save_png(&im, a->output);
        art_image_free(&im);
        if (rc != 0)
            return rc;
        if (!a->quiet)
            fprintf(stderr, "Wrote %s (%dx%d)\n", a->output, w, h);
    }
    return interrupted ? NN_CLI_EXIT_INTERRUPTED : 0;
}

int nn_art_cmd_paint(int argc, char **argv)
{
    paint_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc != 0)
        return rc < 0 ? NN_CLI_EXIT_OK : rc;
    if (a.threads)
        nn_set_num_threads(a.threads);
    art_cli_install_sigint();
    if (a.snapshots && mkdir(a.snapshots, 0777) != 0 && errno != EEXIST)
        return nn_cli_fail("cannot create '%s': %s", a.snapshots,
                           strerror(errno));

    art_image target;
    rc = load_target(&a, &target);
    if (rc != 0)
        return rc;
    art_paint pt;
    art_paint_data d;
    char err[1024];
    int channels = art_image_is_grey(&target) ? 1 : 3;
    if (art_paint_create(&pt, &a.p, channels, err, sizeof err) != 0) {
        art_image_free(&target);
        return nn_cli_fail("%s", err);
    }
    if (art_paint_prepare(&pt, &target, &d) != 0) {
        art_paint_destroy(&pt);
        art_image_free(&target);
        return nn_cli_fail("out of memory for %dx%d pixels of %zu columns",
                           target.w, target.h, pt.in_dim);
    }
    rc = paint(&a, &pt, &d, &target);
    art_paint_data_free(&d);
    art_paint_destroy(&pt);
    art_image_free(&target);
    return rc;
}
