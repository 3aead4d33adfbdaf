/*
 * cmd_cppn.c - `nn art cppn`: renders a CPPN (cppn.h) to a PNG at any
 * resolution, or an animation whose latent vector travels from one seed's
 * to another's (PNG frames and a looping GIF), optionally with the
 * picture's measures.
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "art_cli.h"
#include "common.h"
#include "gif.h"

#define ART_PI 3.14159265358979323846
#define MAX_FRAMES 2000

static const char cppn_usage[] =
    "Usage: nn art cppn [OPTIONS] -o FILE.png\n"
    "       nn art cppn [OPTIONS] --frames N [-o FILE.png] [--gif FILE.gif]\n"
    "Render a compositional pattern-producing network (Stanley 2007): a\n"
    "random dense network maps each pixel's x, y, r = sqrt(x^2 + y^2) and a\n"
    "latent vector z to a colour. The same seed gives the same picture at\n"
    "every resolution.\n"
    "\n"
    "Network:\n" ART_CPPN_OPTIONS_HELP
    "Output:\n"
    "  -o, --output FILE   the PNG; with --frames, frame i goes to\n"
    "                      FILE-iii.png (FILE without its .png)\n"
    "  --size N|WxH        pixels (default 512)\n"
    "  --frames N          an animation of N frames: z moves from the\n"
    "                      seed's latent vector to --to-seed's, eased\n"
    "  --to-seed N         the seed of the final latent (default seed + 1)\n"
    "  --loop              go there and back, for a seamless loop\n"
    "  --gif FILE          the frames as an animated GIF (one palette of\n"
    "                      256 colours, median cut)\n"
    "  --delay CS          hundredths of a second a frame (default 8)\n"
    "  --score             print the picture's measures (nn art score)\n"
    "  --threads N         OpenBLAS threads\n"
    "  -q, --quiet         no messages\n"
    "  -h, --help          show this help\n"
    "\n"
    "Example:\n"
    "  nn art cppn --seed 7 --activations tanh,sin --size 1024 -o art.png\n";

enum {
    OPT_FRAMES = ART_OPT_FIRST_FREE,
    OPT_TO_SEED,
    OPT_LOOP,
    OPT_GIF,
    OPT_DELAY,
    OPT_SCORE
};

typedef struct cppn_args {
    art_cppn_params p;
    int w, h;
    const char *output, *gif;
    size_t frames;
    uint64_t to_seed;
    int to_seed_given, loop, delay, score, quiet, threads;
} cppn_args;

static int parse_args(int argc, char **argv, cppn_args *a)
{
    static const struct option long_options[] = {
        ART_CPPN_LONG_OPTIONS,
        {"size", required_argument, NULL, ART_OPT_SIZE},
        {"threads", required_argument, NULL, ART_OPT_THREADS},
        {"frames", required_argument, NULL, OPT_FRAMES},
        {"to-seed", required_argument, NULL, OPT_TO_SEED},
        {"loop", no_argument, NULL, OPT_LOOP},
        {"gif", required_argument, NULL, OPT_GIF},
        {"delay", required_argument, NULL, OPT_DELAY},
        {"score", no_argument, NULL, OPT_SCORE},
        {"output", required_argument, NULL, 'o'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *cmd = "art cppn";
    memset(a, 0, sizeof *a);
    art_cppn_params_default(&a->p);
    a->w = a->h = 512;
    a->delay = 8;
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":o:qh", long_options, NULL)) != -1) {
        int handled = art_cli_cppn_option(cmd, c, optarg, &a->p);
        if (handled < 0)
            return NN_CLI_EXIT_USAGE;
        if (handled)
            continue;
        switch (c) {
        case 'h':
            fputs(cppn_usage, stdout);
            return -1;
        case 'q':
            a->quiet = 1;
            break;
        case 'o':
            a->output = optarg;
            break;
        case ART_OPT_SIZE:
            if (art_cli_size_option(cmd, "--size", optarg, &a->w, &a->h))
                return NN_CLI_EXIT_USAGE;
            break;
        case ART_OPT_THREADS:
            if (nn_cli_parse_int(cmd, "--threads", optarg, 1, 1024,
                                 &a->threads))
                return NN_CLI_EXIT_USAGE;
            break;
        case OPT_FRAMES:
            if (nn_cli_parse_size(cmd, "--frames", optarg, 2, &a->frames))
                return NN_CLI_EXIT_USAGE;
            if (a->frames > MAX_FRAMES)
                return nn_cli_usage_error(cmd, "--frames: at most %d",
                                          MAX_FRAMES);
            break;
        case OPT_TO_SEED:
            if (nn_cli_parse_u64(cmd, "--to-seed", optarg, &a->to_seed))
                return NN_CLI_EXIT_USAGE;
            a->to_seed_given = 1;
            break;
        case OPT_LOOP:
            a->loop = 1;
            break;
        case OPT_GIF:
            a->gif = optarg;
            break;
        case OPT_DELAY:
            if (nn_cli_parse_int(cmd, "--delay", optarg, 1, 6000, &a->delay))
                return NN_CLI_EXIT_USAGE;
            break;
        case OPT_SCORE:
            a->score = 1;
            break;
        default:
            return nn_cli_bad_option(cmd, c, argv);
        }
    }
    if (optind < argc)
        return nn_cli_usage_error(cmd, "unexpected argument '%s'",
                                  argv[optind]);
    if (!a->frames && (a->gif || a->loop || a->to_seed_given))
        return nn_cli_usage_error(cmd, "--gif, --loop and --to-seed need "
                                       "--frames N");
    if (!a->output && !a->gif)
        return nn_cli_usage_error(cmd, "no output: give -o FILE.png%s",
                                  a->frames ? " or --gif FILE.gif" : "");
    if (a->frames && a->p.zdim == 0)
        return nn_cli_usage_error(cmd, "--frames moves the latent vector: "
                                       "it needs --z-dim of 1 or more");
    if (!a->to_seed_given)
        a->to_seed = a->p.seed + 1;
    return 0;
}

/* FILE.png -> FILE-007.png */
static void frame_path(const char *output, size_t i, char *buf, size_t len)
{
    size_t n = strlen(output);
    if (n > 4 && strcmp(output + n - 4, ".png") == 0)
        n -= 4;
    snprintf(buf, len, "%.*s-%03zu.png", (int)n, output, i);
}

static int describe(const cppn_args *a, const art_cppn *c, const char *what)
{
    if (a->quiet)
        return 0;
    char acts[512];
    art_cppn_format_acts(&c->p, acts, sizeof acts);
    fprintf(stderr, "Wrote %s: %dx%d, seed %llu, %d x %d [%s], sigma %g "
                    "(output %g), scale %g, z %d, %s\n",
            what, a->w, a->h, (unsigned long long)a->p.seed, c->p.depth,
            c->p.width, acts, c->p.sigma,
            c->p.out_sigma > 0 ? c->p.out_sigma : c->p.sigma, c->p.scale,
            c->p.zdim, c->p.channels == 3 ? "RGB" : "grey");
    return 0;
}

static int render_still(const cppn_args *a, const art_cppn *c)
{
    art_image im;
    char err[1024];
    if (art_cppn_render(c, NULL, a->w, a->h, &im, err, sizeof err) != 0)
        return nn_cli_fail("%s", err);
    int rc = art_cli_save_png(&im, a->output);
    if (rc == 0)
        describe(a, c, a->output);
    if (rc == 0 && a->score) {
        art_scored s;
        rc = art_cli_score(&im, a->output, &s);
        if (rc == 0)
            art_report_table(stdout, &s);
    }
    art_image_free(&im);
    return rc;
}

static int render_animation(const cppn_args *a, const art_cppn *c)
{
    float za[ART_CPPN_MAX_Z], zb[ART_CPPN_MAX_Z], z[ART_CPPN_MAX_Z];
    art_cppn_latent(a->p.seed, c->p.zdim, c->p.zscale, za);
    art_cppn_latent(a->to_seed, c->p.zdim, c->p.zscale, zb);
    art_image *frames = calloc(a->frames, sizeof *frames);
    if (!frames)
        return nn_cli_fail("out of memory");
    char err[1024], path[4096];
    int rc = 0;
    for (size_t i = 0; i < a->frames && rc == 0; i++) {
        if (art_cli_interrupted) {
            rc = NN_CLI_EXIT_INTERRUPTED;
            break;
        }
        /* Cosine easing: s = (1 - cos(pi t)) / 2, t from 0 to 1 (or, with
         * --loop, s = (1 - cos(2 pi t)) / 2 for t in [0, 1): there and
         * back, the last frame leading smoothly into the first). */
        double t = a->loop ? (double)i / (double)a->frames
                           : (double)i / (double)(a->frames - 1);
        double s = (1.0 - cos((a->loop ? 2.0 : 1.0) * ART_PI * t)) / 2.0;
        for (int k = 0; k < c->p.zdim; k++)
            z[k] = (float)((1.0 - s) * za[k] + s * zb[k]);
        if (art_cppn_render(c, z, a->w, a->h, &frames[i], err, sizeof err)) {
            rc = nn_cli_fail("%s", err);
            break;
        }
        if (a->output) {
            frame_path(a->output, i, path, sizeof path);
            rc = art_cli_save_png(&frames[i], path);
        }
    }
    if (rc == 0 && a->output) {
        frame_path(a->output, 0, path, sizeof path);
        char what[4200];
        snprintf(what, sizeof what, "%zu frames %s ...", a->frames, path);
        describe(a, c, what);
    }
    if (rc == 0 && a->gif) {
        if (art_gif_write(a->gif, frames, (int)a->frames, a->delay, err,
                          sizeof err) != 0)
            rc = nn_cli_fail("%s", err);
        else
            describe(a, c, a->gif);
    }
    if (rc == NN_CLI_EXIT_INTERRUPTED)
        fprintf(stderr, "nn: interrupted\n");
    for (size_t i = 0; i < a->frames; i++)
        art_image_free(&frames[i]);
    free(frames);
    return rc;
}

int nn_art_cmd_cppn(int argc, char **argv)
{
    cppn_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc != 0)
        return rc < 0 ? NN_CLI_EXIT_OK : rc;
    if (a.threads)
        nn_set_num_threads(a.threads);
    art_cli_install_sigint();
    art_cppn c;
    char err[1024];
    if (art_cppn_create(&c, &a.p, err, sizeof err) != 0)
        return nn_cli_fail("%s", err);
    rc = a.frames ? render_animation(&a, &c) : render_still(&a, &c);
    art_cppn_destroy(&c);
    return rc;
}
