/*
 * art_cli.c - the option handling, scoring and Ctrl-C the `nn art`
 * sub-commands share (see art_cli.h).
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "art_cli.h"
#include "common.h"

volatile sig_atomic_t art_cli_interrupted;

static void on_sigint(int sig)
{
    (void)sig;
    art_cli_interrupted = 1;
}

void art_cli_install_sigint(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGINT, &sa, NULL);
}

int art_cli_cppn_option(const char *cmd, int c, const char *arg,
                        art_cppn_params *p)
{
    double d;
    int i;
    char err[512];
    switch (c) {
    case ART_OPT_SEED:
        return nn_cli_parse_u64(cmd, "--seed", arg, &p->seed) ? -1 : 1;
    case ART_OPT_SCALE:
        if (nn_cli_parse_double(cmd, "--scale", arg, 1e-3, 1e4, 0, &d))
            return -1;
        p->scale = d;
        return 1;
    case ART_OPT_DEPTH:
        if (nn_cli_parse_int(cmd, "--depth", arg, 1, ART_CPPN_MAX_DEPTH, &i))
            return -1;
        p->depth = i;
        return 1;
    case ART_OPT_WIDTH:
        if (nn_cli_parse_int(cmd, "--width", arg, 1, ART_CPPN_MAX_WIDTH, &i))
            return -1;
        p->width = i;
        return 1;
    case ART_OPT_SIGMA:
        if (nn_cli_parse_double(cmd, "--sigma", arg, 1e-3, 100, 0, &d))
            return -1;
        p->sigma = d;
        return 1;
    case ART_OPT_OUT_SIGMA:
        if (nn_cli_parse_double(cmd, "--out-sigma", arg, 1e-3, 100, 0, &d))
            return -1;
        p->out_sigma = d;
        return 1;
    case ART_OPT_ACTIVATIONS:
        if (art_cppn_parse_acts(arg, p, err, sizeof err) != 0) {
            nn_cli_usage_error(cmd, "--activations: %s", err);
            return -1;
        }
        return 1;
    case ART_OPT_ZDIM:
        if (nn_cli_parse_int(cmd, "--z-dim", arg, 0, ART_CPPN_MAX_Z, &i))
            return -1;
        p->zdim = i;
        return 1;
    case ART_OPT_ZSCALE:
        if (nn_cli_parse_double(cmd, "--z-scale", arg, 0, 1e4, 0, &d))
            return -1;
        p->zscale = d;
        return 1;
    case ART_OPT_GREY:
        p->channels = 1;
        return 1;
    default:
        return 0;
    }
}

int art_cli_size_option(const char *cmd, const char *option, const char *arg,
                        int *w, int *h)
{
    if (art_parse_size(arg, w, h) != 0) {
        nn_cli_usage_error(cmd, "%s needs N or WxH with sides in [1, %d], "
                                "not '%s'",
                           option, ART_IMAGE_MAX_SIDE, arg);
        return -1;
    }
    return 0;
}

int art_cli_score(const art_image *im, const char *name, art_scored *s)
{
    memset(s, 0, sizeof *s);
    s->name = name;
    s->w = im->w;
    s->h = im->h;
    if (im->w < 16 || im->h < 16)
        return nn_cli_fail("cannot score %s: %dx%d pixels is too small (the "
                           "measures need 16x16 or more)",
                           name, im->w, im->h);
    if (art_measure_all(im->rgb, im->w, im->h, &s->m) != 0)
        return nn_cli_fail("cannot score %s: out of memory", name);
    art_scored_finish(s);
    return 0;
}

int art_cli_save_png(const art_image *im, const char *path)
{
    char err[1024];
    if (art_image_save_png(im, path, err, sizeof err) != 0)
        return nn_cli_fail("%s", err);
    return 0;
}
