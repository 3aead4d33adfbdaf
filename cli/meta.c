/*
 * meta.c - metadata text (see meta.h).
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common.h"
#include "meta.h"

/* Words made only of these need no quotes in a POSIX shell. */
static int needs_quotes(const char *word)
{
    if (!*word)
        return 1;
    for (const char *p = word; *p; p++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                     "0123456789_-+=.,:/@%",
                     *p))
            return 1;
    return 0;
}

char *nn_cli_command_line(int argc, char **argv)
{
    /* Worst case: every byte a quote, which becomes '\'' (4 bytes). */
    size_t cap = 3;
    for (int i = 0; i < argc; i++)
        cap += 4 * strlen(argv[i]) + 3;
    char *line = malloc(cap);
    if (!line)
        return NULL;
    char *out = line;
    out += sprintf(out, "nn");
    for (int i = 0; i < argc; i++) {
        *out++ = ' ';
        if (!needs_quotes(argv[i])) {
            out += sprintf(out, "%s", argv[i]);
            continue;
        }
        *out++ = '\'';
        for (const char *p = argv[i]; *p; p++) {
            if (*p == '\'') {
                memcpy(out, "'\\''", 4);
                out += 4;
            } else {
                *out++ = *p;
            }
        }
        *out++ = '\'';
    }
    *out = '\0';
    return line;
}

void nn_cli_iso8601_now(char *buf, size_t len)
{
    time_t now = time(NULL);
    struct tm utc;
    if (!gmtime_r(&now, &utc) ||
        strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &utc) == 0)
        snprintf(buf, len, "unknown");
}

void nn_cli_last_metrics(const nn_model *m, char *buf, size_t len)
{
    static const char *const names[NN_METRIC_COUNT] = {
        "loss", "accuracy", "val_loss", "val_accuracy"};
    size_t n = nn_model_history_len(m), used = 0;
    buf[0] = '\0';
    if (n == 0)
        return;
    for (int k = 0; k < NN_METRIC_COUNT; k++) {
        float v;
        if (nn_model_history_get(m, n - 1, (nn_metric)k, &v) != NN_OK ||
            isnan(v) || used >= len)
            continue;
        used += (size_t)snprintf(buf + used, len - used, "%s%s=%.6g",
                                 used ? " " : "", names[k], (double)v);
    }
}

int nn_cli_set_meta(nn_model *m, const char *key, const char *value)
{
    return nn_model_set_metadata(m, key, value) == NN_OK ? 0
                                                         : nn_cli_fail_nn();
}
