/*
 * art_cli.h - what the `nn art` sub-commands share: their entry points,
 * the CPPN options (cppn, evolve and gallery take them), scoring a
 * picture, and Ctrl-C.
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#ifndef NN_ART_CLI_H
#define NN_ART_CLI_H

#include <getopt.h>
#include <signal.h>

#include "cppn.h"
#include "image.h"
#include "report.h"

/* The sub-commands; argv[0] is the sub-command's name. */
int nn_art_cmd_cppn(int argc, char **argv);
int nn_art_cmd_paint(int argc, char **argv);
int nn_art_cmd_evolve(int argc, char **argv);
int nn_art_cmd_score(int argc, char **argv);
int nn_art_cmd_gallery(int argc, char **argv);

/* getopt_long codes, above every character. */
enum {
    ART_OPT_SEED = 0x100,
    ART_OPT_SIZE,
    ART_OPT_SCALE,
    ART_OPT_DEPTH,
    ART_OPT_WIDTH,
    ART_OPT_SIGMA,
    ART_OPT_ACTIVATIONS,
    ART_OPT_ZDIM,
    ART_OPT_ZSCALE,
    ART_OPT_GREY,
    ART_OPT_THREADS,
    ART_OPT_OUT_SIGMA,
    ART_OPT_FIRST_FREE /* the sub-commands number their own from here */
};

/* The network options of `nn art cppn` (and of evolve's and gallery's
 * starting point). */
#define ART_CPPN_LONG_OPTIONS                                                 \
    {"seed", required_argument, NULL, ART_OPT_SEED},                          \
    {"scale", required_argument, NULL, ART_OPT_SCALE},                        \
    {"depth", required_argument, NULL, ART_OPT_DEPTH},                        \
    {"width", required_argument, NULL, ART_OPT_WIDTH},                        \
    {"sigma", required_argument, NULL, ART_OPT_SIGMA},                        \
    {"out-sigma", required_argument, NULL, ART_OPT_OUT_SIGMA},                \
    {"activations", required_argument, NULL, ART_OPT_ACTIVATIONS},            \
    {"z-dim", required_argument, NULL, ART_OPT_ZDIM},                         \
    {"z-scale", required_argument, NULL, ART_OPT_ZSCALE},                     \
    {"grey", no_argument, NULL, ART_OPT_GREY},                                \
    {"gray", no_argument, NULL, ART_OPT_GREY}

/* The help lines of those options. */
#define ART_CPPN_OPTIONS_HELP                                                 \
    "  --seed N            weights and latent vector (default 1)\n"          \
    "  --scale S           zoom: coordinates span [-S, S] along the\n"       \
    "                      shorter side (default 8)\n"                       \
    "  --depth N           hidden layers (default 4)\n"                      \
    "  --width N           units per hidden layer (default 32)\n"            \
    "  --sigma S           sd of the N(0, S^2) weights (default 1)\n"        \
    "  --out-sigma S       sd of the output layer's weights alone (default:\n" \
    "                      --sigma; smaller gives softer, mixed colours)\n"   \
    "  --activations LIST  per layer, cycled: e.g. tanh (default),\n"        \
    "                      tanh,sin,gaussian, softplus,tanh; or random\n"    \
    "                      (each layer drawn from tanh, sin, gaussian and\n" \
    "                      softplus by the seed)\n"                          \
    "  --z-dim N           latent vector size (default 8)\n"                 \
    "  --z-scale S         z ~ U(-1, 1) times S (default 1)\n"               \
    "  --grey              one output channel (default: RGB)\n"

/* Handles one CPPN option: 1 handled, 0 not a CPPN option, -1 after a
 * usage error. */
int art_cli_cppn_option(const char *cmd, int c, const char *arg,
                        art_cppn_params *p);

/* Parses --size: 0, or -1 after a usage error. */
int art_cli_size_option(const char *cmd, const char *option, const char *arg,
                        int *w, int *h);

/* Measures a picture into @p s (named @p name). Returns 0, or
 * NN_CLI_EXIT_FAILURE after printing why. */
int art_cli_score(const art_image *im, const char *name, art_scored *s);

/* Writes a PNG, printing why on failure; returns 0 or
 * NN_CLI_EXIT_FAILURE. */
int art_cli_save_png(const art_image *im, const char *path);

/* Ctrl-C: the first asks long loops to stop (art_cli_interrupted becomes
 * non-zero), the second kills. */
void art_cli_install_sigint(void);
extern volatile sig_atomic_t art_cli_interrupted;

#endif /* NN_ART_CLI_H */
