/*
 * cmd_evolve.c - `nn art evolve -o DIR`: the evolutionary search of
 * evolve.h for CPPN pictures whose statistics are closest to those of
 * paintings; writes the best pieces at full size with their scores.
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

#define MAX_POPULATION 256

static const char evolve_usage[] =
    "Usage: nn art evolve -o DIR [OPTIONS]\n"
    "Search CPPN settings for pictures whose statistics come closest to\n"
    "those of paintings (the closeness of nn art score): a population is\n"
    "rendered and scored at --eval-size; each generation keeps the best\n"
    "half and refills the rest with mutated copies (a new seed; sigma,\n"
    "output sigma or scale times exp(0.2 N(0, 1)); depth +-1; one layer's\n"
    "activation).\n"
    "The best --keep pieces are rendered at --size into DIR/best-K.png,\n"
    "their scores printed and written to DIR/scores.json.\n"
    "\n"
    "Search:\n"
    "  --generations N     (default 8)\n"
    "  --population N      (default 12)\n"
    "  --eval-size N|WxH   pixels pictures are scored at (default 512)\n"
    "  --seed N            the search's seed (default 1)\n"
    "Network (as for nn art cppn):\n"
    "  --depth N, --sigma S, --out-sigma S, --scale S, --activations LIST\n"
    "                      start the search from this network (seed\n"
    "                      --seed) and its mutations; without any of them\n"
    "                      it starts from random settings\n"
    "  --width N, --z-dim N, --z-scale S, --grey\n"
    "                      kept throughout the search (defaults 32, 8, 1,\n"
    "                      RGB)\n"
    "Output:\n"
    "  -o, --output DIR    where to write (created if needed)\n"
    "  --keep N            best pieces written (default 3)\n"
    "  --size N|WxH        their pixels (default 512; the measures depend\n"
    "                      on the resolution, so the default matches\n"
    "                      --eval-size; render larger with the printed\n"
    "                      command)\n"
    "  --threads N         OpenBLAS threads\n"
    "  -q, --quiet         no progress lines\n"
    "  -h, --help          show this help\n";

enum {
    OPT_GENERATIONS = ART_OPT_FIRST_FREE,
    OPT_POPULATION,
    OPT_EVAL_SIZE,
    OPT_KEEP
};

typedef struct evolve_args {
    art_cppn_params base;
    int from_base;
    const char *dir;
    int generations, population, keep;
    int w, h, eval_w, eval_h, threads, quiet;
} evolve_args;

static int parse_args(int argc, char **argv, evolve_args *a)
{
    static const struct option long_options[] = {
        ART_CPPN_LONG_OPTIONS,
        {"generations", required_argument, NULL, OPT_GENERATIONS},
        {"population", required_argument, NULL, OPT_POPULATION},
        {"eval-size", required_argument, NULL, OPT_EVAL_SIZE},
        {"keep", required_argument, NULL, OPT_KEEP},
        {"size", required_argument, NULL, ART_OPT_SIZE},
        {"threads", required_argument, NULL, ART_OPT_THREADS},
        {"output", required_argument, NULL, 'o'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *cmd = "art evolve";
    memset(a, 0, sizeof *a);
    art_cppn_params_default(&a->base);
    a->generations = 8;
    a->population = 12;
    a->keep = 3;
    a->w = a->h = 512;
    a->eval_w = a->eval_h = 512;
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":o:qh", long_options, NULL)) != -1) {
        int handled = art_cli_cppn_option(cmd, c, optarg, &a->base);
        if (handled < 0)
            return NN_CLI_EXIT_USAGE;
        if (handled) {
            /* The shape of the network: start from it. */
            if (c == ART_OPT_DEPTH || c == ART_OPT_SIGMA ||
                c == ART_OPT_OUT_SIGMA || c == ART_OPT_SCALE ||
                c == ART_OPT_ACTIVATIONS)
                a->from_base = 1;
            continue;
        }
        switch (c) {
        case 'h':
            fputs(evolve_usage, stdout);
            return -1;
        case 'q':
            a->quiet = 1;
            break;
        case 'o':
            a->dir = optarg;
            break;
        case OPT_GENERATIONS:
            if (nn_cli_parse_int(cmd, "--generations", optarg, 1, 10000,
                                 &a->generations))
                return NN_CLI_EXIT_USAGE;
            break;
        case OPT_POPULATION:
            if (nn_cli_parse_int(cmd, "--population", optarg, 2,
                                 MAX_POPULATION, &a->population))
                return NN_CLI_EXIT_USAGE;
            break;
        case OPT_KEEP:
            if (nn_cli_parse_int(cmd, "--keep", optarg, 1, MAX_POPULATION,
                                 &a->keep))
                return NN_CLI_EXIT_USAGE;
            break;
        case OPT_EVAL_SIZE:
            if (art_cli_size_option(cmd, "--eval-size", optarg, &a->eval_w,
                                    &a->eval_h))
                return NN_CLI_EXIT_USAGE;
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
        default:
            return nn_cli_bad_option(cmd, c, argv);
        }
    }
    if (optind < argc)
        return nn_cli_usage_error(cmd, "unexpected argument '%s'",
                                  argv[optind]);
    if (!a->dir)
        return nn_cli_usage_error(cmd, "no output: give -o DIR");
    if (a->eval_w < 16 || a->eval_h < 16 || a->w < 16 || a->h < 16)
        return nn_cli_usage_error(cmd, "--size and --eval-size: the "
                                       "measures need 16x16 pixels or more");
    if (a->keep > a->population)
        a->keep = a->population;
    return 0;
}

typedef struct report_state {
    const evolve_args *a;
} report_state;

static int on_generation(void *user, int g, const art_candidate *pop,
                         int size)
{
    const report_state *st = user;
    if (!st->a->quiet) {
        char opts[1024];
        art_cppn_options(&pop[0].p, opts, sizeof opts);
        fprintf(stderr, "generation %d/%d: best closeness %.1f (%.2f sd), "
                        "median %.1f  [%s]\n",
                g + 1, st->a->generations, pop[0].closeness,
                pop[0].distance, pop[size / 2].closeness, opts);
    }
    return art_cli_interrupted != 0;
}

static int write_best(const evolve_args *a, const art_candidate *pop)
{
    art_scored *s = calloc((size_t)a->keep, sizeof *s);
    char (*names)[4096] = calloc((size_t)a->keep, sizeof *names);
    if (!s || !names) {
        free(s);
        free(names);
        return nn_cli_fail("out of memory");
    }
    int rc = 0;
    for (int k = 0; k < a->keep && rc == 0; k++) {
        char err[1024], opts[1024];
        art_cppn c;
        art_image im;
        if (art_cppn_create(&c, &pop[k].p, err, sizeof err) != 0) {
            rc = nn_cli_fail("%s", err);
            break;
        }
        int r = art_cppn_render(&c, NULL, a->w, a->h, &im, err, sizeof err);
        art_cppn_destroy(&c);
        if (r != 0) {
            rc = nn_cli_fail("%s", err);
            break;
        }
        snprintf(names[k], sizeof names[k], "%s/best-%d.png", a->dir, k + 1);
        rc = art_cli_save_png(&im, names[k]);
        if (rc == 0)
            rc = art_cli_score(&im, names[k], &s[k]);
        art_image_free(&im);
        if (rc != 0)
            break;
        art_cppn_options(&pop[k].p, opts, sizeof opts);
        if (k)
            fputc('\n', stdout);
        art_report_table(stdout, &s[k]);
        printf("  make it again: nn art cppn %s --size %dx%d -o %s\n", opts,
               a->w, a->h, names[k]);
    }
    if (rc == 0) {
        char path[4096];
        snprintf(path, sizeof path, "%s/scores.json", a->dir);
        FILE *f = fopen(path, "w");
        if (!f)
            rc = nn_cli_fail("cannot write '%s': %s", path, strerror(errno));
        else {
            art_report_json(f, s, (size_t)a->keep);
            int bad = ferror(f);
            if (fclose(f) != 0 || bad)
                rc = nn_cli_fail("cannot write '%s': %s", path,
                                 strerror(errno));
        }
    }
    fflush(stdout);
    free(s);
    free(names);
    return rc;
}

int nn_art_cmd_evolve(int argc, char **argv)
{
    evolve_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc != 0)
        return rc < 0 ? NN_CLI_EXIT_OK : rc;
    if (a.threads)
        nn_set_num_threads(a.threads);
    art_cli_install_sigint();
    if (mkdir(a.dir, 0777) != 0 && errno != EEXIST)
        return nn_cli_fail("cannot create '%s': %s", a.dir, strerror(errno));

    art_candidate *pop = calloc((size_t)a.population, sizeof *pop);
    if (!pop)
        return nn_cli_fail("out of memory");
    report_state st = {&a};
    art_evolve_opts o;
    memset(&o, 0, sizeof o);
    o.population = a.population;
    o.generations = a.generations;
    o.eval_w = a.eval_w;
    o.eval_h = a.eval_h;
    o.seed = a.base.seed;
    o.sample_start = !a.from_base;
    o.report = on_generation;
    o.report_user = &st;
    char err[1024];
    int r = art_evolve_run(&a.base, &o, pop, err, sizeof err);
    if (r < 0)
        rc = nn_cli_fail("%s", err);
    else if (r > 0 && art_cli_interrupted) {
        fprintf(stderr, "nn: interrupted; writing the best so far\n");
        rc = NN_CLI_EXIT_INTERRUPTED;
    }
    if (r >= 0) {
        /* An interrupted first generation may be partly unscored. */
        int scored = 0;
        while (scored < a.population && pop[scored].scored)
            scored++;
        if (a.keep > scored)
            a.keep = scored;
        int w = a.keep > 0 ? write_best(&a, pop) : 0;
        if (w != 0)
            rc = w;
    }
    free(pop);
    return rc;
}
