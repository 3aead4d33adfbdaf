/*
 * diag.c - the tool's diagnostics on stderr, in the forms users of Unix
 * tools expect: "nn: message" for runtime errors, "nn cmd: message" plus a
 * pointer to --help for usage errors.
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

int nn_cli_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("nn: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return NN_CLI_EXIT_FAILURE;
}

int nn_cli_fail_nn(void)
{
    const char *msg = nn_last_error();
    return nn_cli_fail("%s", msg[0] ? msg : "unknown library error");
}

void nn_cli_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("nn: warning: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int nn_cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "nn%s%s: ", cmd ? " " : "", cmd ? cmd : "");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    fprintf(stderr, "Try 'nn%s%s --help' for more information.\n",
            cmd ? " " : "", cmd ? cmd : "");
    return NN_CLI_EXIT_USAGE;
}

int nn_cli_bad_option(const char *cmd, int result, char **argv)
{
    /* getopt_long runs with opterr = 0 and a leading ':' in the short
     * option string, so the message is ours; argv[optind - 1] is the
     * offending word in both cases. */
    const char *word = optind > 0 ? argv[optind - 1] : "?";
    if (result == ':')
        return nn_cli_usage_error(cmd, "option '%s' needs a value", word);
    return nn_cli_usage_error(cmd, "unrecognized option '%s'", word);
}

const char *nn_cli_basename(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}
