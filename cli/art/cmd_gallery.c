/*
 * cmd_gallery.c - `nn art gallery -o DIR`: renders many CPPN pieces with
 * settings drawn from a seed (evolve.h's sampler), scores them, and
 * writes each piece's PNG, a contact sheet, an HTML page sorted by
 * closeness to paintings' statistics and the scores as JSON.
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "art_cli.h"
#include "common.h"
#include "evolve.h"
#include "gallery.h"

#define MAX_COUNT 200

static const char gallery_usage[] =
    "Usage: nn art gallery -o DIR [OPTIONS]\n"
    "Render COUNT CPPN pieces with settings drawn from --seed (fresh\n"
    "network seed, sigma 0.6-1.4, output sigma 0.3-1.2, scale 1.5-8,\n"
    "depth 3-6, a mix of tanh, sin, gaussian and softplus layers), score\n"
    "each (nn art score) and\n"
    "write into DIR:\n"
    "  piece-NN.png   the pieces, numbered in the order they were drawn\n"
    "  contact.png    a contact sheet, best first\n"
    "  index.html     the pieces with their measures, sorted by closeness\n"
    "                 to the statistics of paintings\n"
    "  scores.json    every measure (as nn art score --format json)\n"
    "\n"
    "Options:\n"
    "  -o, --output DIR    where to write (created if needed)\n"
    "  --count N           pieces (default 12)\n"
    "  --seed N            draws the settings (default 1)\n"
    "  --size N|WxH        pieces' pixels (default 512)\n"
    "  --thumb N           contact sheet thumbnails' side (default 200)\n"
    "  --columns N         thumbnails a row (default 4)\n"
    "  --title TEXT        of the sheet and the page\n"
    "  --width N, --z-dim N, --z-scale S, --grey\n"
    "                      the networks' width, latent and colour (as for\n"
    "                      nn art cppn)\n"
    "  --threads N         OpenBLAS threads\n"
    "  -q, --quiet         no progress lines\n"
    "  -h, --help          show this help\n";

enum { OPT_COUNT = ART_OPT_FIRST_FREE, OPT_THUMB, OPT_COLUMNS, OPT_TITLE };

typedef struct gallery_args {
    art_cppn_params base;
    const char *dir, *title;
    size_t count;
    int w, h, thumb, columns, threads, quiet;
} gallery_args;

static int parse_args(int argc, char **argv, gallery_args *a)
{
    static const struct option long_options[] = {
        {"output", required_argument, NULL, 'o'},
        {"count", required_argument, NULL, OPT_COUNT},
        {"seed", required_argument, NULL, ART_OPT_SEED},
        {"size", required_argument, NULL, ART_OPT_SIZE},
        {"thumb", required_argument, NULL, OPT_THUMB},
        {"columns", required_argument, NULL, OPT_COLUMNS},
        {"title", required_argument, NULL, OPT_TITLE},
        {"width", required_argument, NULL, ART_OPT_WIDTH},
        {"z-dim", required_argument, NULL, ART_OPT_ZDIM},
        {"z-scale", required_argument, NULL, ART_OPT_ZSCALE},
        {"grey", no_argument, NULL, ART_OPT_GREY},
        {"gray", no_argument, NULL, ART_OPT_GREY},
        {"threads", required_argument, NULL, ART_OPT_THREADS},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *cmd = "art gallery";
    memset(a, 0, sizeof *a);
    art_cppn_params_default(&a->base);
    a->count = 12;
    a->w = a->h = 512;
    a->thumb = 200;
    a->columns = 4;
    a->title = "CPPN gallery";
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":o:qh", long_options, NULL)) != -1) {
        int handled = art_cli_cppn_option(cmd, c, optarg, &a->base);
        if (handled < 0)
            return NN_CLI_EXIT_USAGE;
        if (handled)
            continue;
        switch (c) {
        case 'h':
            fputs(gallery_usage, stdout);
            return -1;
        case 'q':
            a->quiet = 1;
            break;
        case 'o':
            a->dir = optarg;
            break;
        case OPT_COUNT:
            if (nn_cli_parse_size(cmd, "--count", optarg, 1, &a->count))
                return NN_CLI_EXIT_USAGE;
            if (a->count > MAX_COUNT)
                return nn_cli_usage_error(cmd, "--count: at most %d",
                                          MAX_COUNT);
            break;
        case ART_OPT_SIZE:
            if (art_cli_size_option(cmd, "--size", optarg, &a->w, &a->h))
                return NN_CLI_EXIT_USAGE;
            break;
        case OPT_THUMB:
            if (nn_cli_parse_int(cmd, "--thumb", optarg, 32, 1024, &a->thumb))
                return NN_CLI_EXIT_USAGE;
            break;
        case OPT_COLUMNS:
            if (nn_cli_parse_int(cmd, "--columns", optarg, 1, 64,
                                 &a->columns))
                return NN_CLI_EXIT_USAGE;
            break;
        case OPT_TITLE:
            a->title = optarg;
            break;
        case ART_OPT_THREADS:
            if (nn_cli_parse_int(cmd, "--threads", optarg, 1, 1024,
                                 &a->threads))
                return NN_CLI_EXIT_USAGE;
            break;
        default:
            return nn_cli_bad_option(cmd, c, argv);
        }
    }
    if (optind < argc)
        return nn_cli_usage_error(cmd, "unexpected argument '%s'",
                                  argv[optind]);
    if (!a->dir)
        return nn_cli_usage_error(cmd, "no output: give -o DIR");
    if (a->w < 16 || a->h < 16)
        return nn_cli_usage_error(cmd, "--size: the measures need 16x16 "
                                       "pixels or more");
    return 0;
}

/* One piece, with the strings its gallery item points to. */
typedef struct piece {
    art_cppn_params p;
    art_image im;
    char file[64], name[64], command[1024];
    art_scored s;
} piece;

static int by_closeness(const void *x, const void *y)
{
    const art_gallery_item *a = x, *b = y;
    return (a->s.closeness < b->s.closeness) -
           (a->s.closeness > b->s.closeness);
}

static int make_piece(const gallery_args *a, art_rng *r, size_t i, piece *pc)
{
    char err[1024], path[4096], opts[900];
    art_evolve_sample(r, &a->base, &pc->p);
    art_cppn c;
    if (art_cppn_create(&c, &pc->p, err, sizeof err) != 0)
        return nn_cli_fail("%s", err);
    int rc = art_cppn_render(&c, NULL, a->w, a->h, &pc->im, err, sizeof err);
    art_cppn_destroy(&c);
    if (rc != 0)
        return nn_cli_fail("%s", err);
    snprintf(pc->file, sizeof pc->file, "piece-%02zu.png", i + 1);
    snprintf(pc->name, sizeof pc->name, "seed %llu",
             (unsigned long long)pc->p.seed);
    art_cppn_options(&pc->p, opts, sizeof opts);
    snprintf(pc->command, sizeof pc->command,
             "nn art cppn %s --size %dx%d -o %s", opts, a->w, a->h,
             pc->file);
    snprintf(path, sizeof path, "%s/%s", a->dir, pc->file);
    rc = art_cli_save_png(&pc->im, path);
    if (rc == 0)
        rc = art_cli_score(&pc->im, pc->name, &pc->s);
    if (rc == 0 && !a->quiet)
        fprintf(stderr, "%s: %s, closeness %.1f\n", pc->file, pc->name,
                pc->s.closeness);
    return rc;
}

static int write_json(const char *path, const art_gallery_item *items,
                      size_t n)
{
    art_scored *s = calloc(n, sizeof *s);
    if (!s)
        return nn_cli_fail("out of memory");
    for (size_t i = 0; i < n; i++) {
        s[i] = items[i].s;
        s[i].name = items[i].file;
    }
    FILE *f = fopen(path, "w");
    if (!f) {
        free(s);
        return nn_cli_fail("cannot write '%s': %s", path, strerror(errno));
    }
    art_report_json(f, s, n);
    free(s);
    int bad = ferror(f);
    if (fclose(f) != 0 || bad)
        return nn_cli_fail("cannot write '%s': %s", path, strerror(errno));
    return 0;
}

int nn_art_cmd_gallery(int argc, char **argv)
{
    gallery_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc != 0)
        return rc < 0 ? NN_CLI_EXIT_OK : rc;
    if (a.threads)
        nn_set_num_threads(a.threads);
    art_cli_install_sigint();
    if (mkdir(a.dir, 0777) != 0 && errno != EEXIST)
        return nn_cli_fail("cannot create '%s': %s", a.dir, strerror(errno));

    piece *pieces = calloc(a.count, sizeof *pieces);
    art_gallery_item *items = calloc(a.count, sizeof *items);
    if (!pieces || !items) {
        free(pieces);
        free(items);
        return nn_cli_fail("out of memory");
    }
    art_rng r;
    art_rng_seed(&r, a.base.seed);
    size_t made = 0;
    for (; made < a.count && rc == 0; made++) {
        if (art_cli_interrupted) {
            rc = NN_CLI_EXIT_INTERRUPTED;
            fprintf(stderr, "nn: interrupted\n");
            break;
        }
        rc = make_piece(&a, &r, made, &pieces[made]);
    }
    if (rc == 0) {
        for (size_t i = 0; i < a.count; i++) {
            items[i].im = &pieces[i].im;
            items[i].file = pieces[i].file;
            items[i].command = pieces[i].command;
            items[i].s = pieces[i].s;
        }
        qsort(items, a.count, sizeof *items, by_closeness);
        char path[4096], err[1024];
        snprintf(path, sizeof path, "%s/contact.png", a.dir);
        if (art_gallery_sheet(items, a.count, a.thumb, a.columns, a.title,
                              path, err, sizeof err) != 0)
            rc = nn_cli_fail("%s", err);
        snprintf(path, sizeof path, "%s/index.html", a.dir);
        if (rc == 0 && art_gallery_html(items, a.count, a.title,
                                        "contact.png", path, err,
                                        sizeof err) != 0)
            rc = nn_cli_fail("%s", err);
        snprintf(path, sizeof path, "%s/scores.json", a.dir);
        if (rc == 0)
            rc = write_json(path, items, a.count);
        if (rc == 0) {
            printf("rank  closeness  distance  file          command\n");
            for (size_t i = 0; i < a.count; i++)
                printf("%4zu  %9.1f  %8.2f  %-12s  %s\n", i + 1,
                       items[i].s.closeness, items[i].s.distance,
                       items[i].file, items[i].command);
            if (!a.quiet)
                fprintf(stderr, "Wrote %s/index.html, contact.png and "
                                "scores.json\n",
                        a.dir);
        }
    }
    for (size_t i = 0; i < made; i++)
        art_image_free(&pieces[i].im);
    free(pieces);
    free(items);
    return rc;
}
