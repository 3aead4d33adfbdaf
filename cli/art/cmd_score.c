/*
 * cmd_score.c - `nn art score IMAGE.png ...`: the measures of
 * measures.h for each picture, as a table beside the ranges reported for
 * paintings and photographs, or as JSON.
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "art_cli.h"
#include "common.h"

static const char score_usage[] =
    "Usage: nn art score [OPTIONS] IMAGE.png...\n"
    "Print measures from empirical aesthetics for each picture, beside the\n"
    "mean +- sd reported for paintings (JenAesthetics, JA) and photographs\n"
    "(AVA) where there is one:\n"
    "  Fourier slope     radially averaged log power against log frequency,\n"
    "                    10-256 cycles/image after resizing the long side\n"
    "                    to 1024 (Redies); and log amplitude over the full\n"
    "                    band of the centre square (Spehar); each with the\n"
    "                    RMS residual of its line\n"
    "  fractal dimension box counting of the picture binarised at its mean\n"
    "                    grey, boxes straddling a boundary\n"
    "  lightness entropy Shannon entropy of L* in 256 bins (max 8 bits)\n"
    "  colourfulness     Hasler & Suesstrunk 2003\n"
    "  edge-orientation entropy  24 Gabor orientations (Redies 2017)\n"
    "  mirror symmetry   left-right and up-down, 0-100\n"
    "  compression ratio zlib size / raw size of the RGB bytes\n"
    "and the closeness (0-100) of the first four to paintings' means.\n"
    "docs/ART.md gives every formula and source.\n"
    "\n"
    "Options:\n"
    "  --format table|json  what to print on stdout (default table)\n"
    "  --json FILE          also write the JSON to FILE\n"
    "  -h, --help           show this help\n";

enum { OPT_FORMAT = ART_OPT_FIRST_FREE, OPT_JSON };

static int write_json_file(const char *path, const art_scored *s,
                           size_t count)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return nn_cli_fail("cannot write '%s': %s", path, strerror(errno));
    art_report_json(f, s, count);
    int bad = ferror(f);
    if (fclose(f) != 0 || bad)
        return nn_cli_fail("cannot write '%s': %s", path, strerror(errno));
    return 0;
}

int nn_art_cmd_score(int argc, char **argv)
{
    static const struct option long_options[] = {
        {"format", required_argument, NULL, OPT_FORMAT},
        {"json", required_argument, NULL, OPT_JSON},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *cmd = "art score";
    const char *json_path = NULL;
    int json = 0, c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":h", long_options, NULL)) != -1) {
        switch (c) {
        case 'h':
            fputs(score_usage, stdout);
            return NN_CLI_EXIT_OK;
        case OPT_FORMAT:
            if (strcmp(optarg, "json") == 0)
                json = 1;
            else if (strcmp(optarg, "table") == 0)
                json = 0;
            else
                return nn_cli_usage_error(cmd, "--format needs table or "
                                               "json, not '%s'",
                                          optarg);
            break;
        case OPT_JSON:
            json_path = optarg;
            break;
        default:
            return nn_cli_bad_option(cmd, c, argv);
        }
    }
    if (optind >= argc)
        return nn_cli_usage_error(cmd, "no picture given");

    size_t count = (size_t)(argc - optind);
    art_scored *s = calloc(count, sizeof *s);
    if (!s)
        return nn_cli_fail("out of memory");
    int rc = 0;
    for (size_t i = 0; i < count && rc == 0; i++) {
        const char *path = argv[optind + (int)i];
        art_image im;
        char err[1024];
        if (art_image_load_png(path, &im, err, sizeof err) != 0) {
            rc = nn_cli_fail("%s", err);
            break;
        }
        rc = art_cli_score(&im, path, &s[i]);
        art_image_free(&im);
        if (rc == 0 && !json) {
            if (i)
                fputc('\n', stdout);
            art_report_table(stdout, &s[i]);
        }
    }
    if (rc == 0 && json)
        art_report_json(stdout, s, count);
    if (rc == 0 && json_path)
        rc = write_json_file(json_path, s, count);
    if (fflush(stdout) != 0 && rc == 0)
        rc = nn_cli_fail("cannot write to standard output: %s",
                         strerror(errno));
    free(s);
    return rc;
}
