/*
 * scaling.c - the text form of input scalings (see scaling.h).
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scaling.h"

/* "%.9g" of a float fits in 16 bytes ("-1.23456789e-38"). */
enum { NUMBER_MAX = 24 };

char *nn_cli_scaling_format(const nn_cli_scaling *s)
{
    if (s->kind == NN_CLI_SCALE_DIVIDE) {
        char *text = malloc(8 + NUMBER_MAX);
        if (text)
            snprintf(text, 8 + NUMBER_MAX, "divide:%.9g", (double)s->divisor);
        return text;
    }
    if (s->kind != NN_CLI_SCALE_MINMAX)
        return strdup("none");

    size_t cap = 8 + s->cols * (2 * NUMBER_MAX + 2);
    char *text = malloc(cap);
    if (!text)
        return NULL;
    size_t used = (size_t)snprintf(text, cap, "minmax:");
    for (size_t c = 0; c < s->cols; c++)
        used += (size_t)snprintf(text + used, cap - used, "%s%.9g/%.9g",
                                 c ? "," : "", (double)s->mins[c],
                                 (double)s->maxs[c]);
    return text;
}

static int fail(nn_cli_scaling *s, char *err, size_t errlen, const char *msg)
{
    nn_cli_scaling_free(s);
    if (errlen > 0)
        snprintf(err, errlen, "bad %s metadata: %s", NN_CLI_SCALING_KEY, msg);
    return -1;
}

/* A finite float ending at one of @p stops (or the end of the string). */
static int read_number(const char **p, const char *stops, float *out)
{
    char *end;
    errno = 0;
    float v = strtof(*p, &end);
    if (end == *p || errno == ERANGE || !isfinite(v) ||
        (*end != '\0' && !strchr(stops, *end)))
        return -1;
    *out = v;
    *p = end;
    return 0;
}

int nn_cli_scaling_parse(const char *text, nn_cli_scaling *s, char *err,
                         size_t errlen)
{
    memset(s, 0, sizeof *s);
    if (strcmp(text, "none") == 0)
        return 0;

    if (strncmp(text, "divide:", 7) == 0) {
        const char *p = text + 7;
        if (read_number(&p, "", &s->divisor) != 0 || *p != '\0' ||
            !(s->divisor > 0))
            return fail(s, err, errlen, "the divisor must be a number > 0");
        s->kind = NN_CLI_SCALE_DIVIDE;
        return 0;
    }

    if (strncmp(text, "minmax:", 7) != 0)
        return fail(s, err, errlen,
                    "expected none, divide:D or minmax:MIN/MAX,...");
    const char *p = text + 7;
    size_t cols = 1;
    for (const char *q = p; *q; q++)
        cols += *q == ',';
    s->kind = NN_CLI_SCALE_MINMAX;
    s->cols = cols;
    s->mins = malloc(cols * sizeof *s->mins);
    s->maxs = malloc(cols * sizeof *s->maxs);
    if (!s->mins || !s->maxs)
        return fail(s, err, errlen, "out of memory");
    for (size_t c = 0; c < cols; c++) {
        if (read_number(&p, "/", &s->mins[c]) != 0 || *p++ != '/' ||
            read_number(&p, ",", &s->maxs[c]) != 0 ||
            (c + 1 < cols ? *p++ != ',' : *p != '\0'))
            return fail(s, err, errlen,
                        "expected MIN/MAX pairs separated by commas");
        if (s->maxs[c] < s->mins[c])
            return fail(s, err, errlen, "a range has max < min");
    }
    return 0;
}

void nn_cli_scaling_free(nn_cli_scaling *s)
{
    if (!s)
        return;
    free(s->mins);
    free(s->maxs);
    memset(s, 0, sizeof *s);
}
