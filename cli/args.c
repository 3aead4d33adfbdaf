/*
 * args.c - the values of command-line options: whole-string numbers with
 * their ranges checked, so "--epochs 5x" or "--lr -1" is a usage error
 * naming the option rather than a silently wrong run.
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>

#include "common.h"

/* strtoull accepts leading blanks and a minus sign (wrapping around);
 * options must be plain unsigned decimal numbers. */
static int parse_unsigned(const char *text, unsigned long long *out)
{
    if (text[0] < '0' || text[0] > '9')
        return -1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno != 0 || *end != '\0')
        return -1;
    *out = v;
    return 0;
}

int nn_cli_parse_size(const char *cmd, const char *option, const char *text,
                      size_t min, size_t *out)
{
    unsigned long long v;
    if (parse_unsigned(text, &v) != 0 || v > SIZE_MAX || v < min) {
        nn_cli_usage_error(cmd, "%s needs an integer >= %zu, not '%s'",
                           option, min, text);
        return -1;
    }
    *out = (size_t)v;
    return 0;
}

int nn_cli_parse_u64(const char *cmd, const char *option, const char *text,
                     uint64_t *out)
{
    unsigned long long v;
    if (parse_unsigned(text, &v) != 0 || v > UINT64_MAX) {
        nn_cli_usage_error(cmd, "%s needs an unsigned integer, not '%s'",
                           option, text);
        return -1;
    }
    *out = (uint64_t)v;
    return 0;
}

int nn_cli_parse_int(const char *cmd, const char *option, const char *text,
                     int min, int max, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (text[0] == '\0' || text[0] == ' ' || errno != 0 || *end != '\0' ||
        v < min || v > max) {
        nn_cli_usage_error(cmd, "%s needs an integer in [%d, %d], not '%s'",
                           option, min, max, text);
        return -1;
    }
    *out = (int)v;
    return 0;
}

int nn_cli_parse_double(const char *cmd, const char *option, const char *text,
                        double min, double max, int max_open, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    /* The tool never calls setlocale, so strtod reads '.' decimals. */
    if (text[0] == '\0' || text[0] == ' ' || errno == ERANGE ||
        *end != '\0' || !isfinite(v) || v < min || v > max ||
        (max_open && v >= max)) {
        nn_cli_usage_error(cmd, "%s needs a number in [%g, %g%c, not '%s'",
                           option, min, max, max_open ? ')' : ']', text);
        return -1;
    }
    *out = v;
    return 0;
}
