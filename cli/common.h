/*
 * common.h - what the files of the `nn` command-line tool share: exit
 * statuses, the sub-commands' entry points, diagnostics and the parsing of
 * option values.
 *
 * The tool uses libnn only through its public header, like any other
 * program would.
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#ifndef NN_CLI_COMMON_H
#define NN_CLI_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "nn.h"

/* Exit statuses, following the Unix conventions: 2 for a command line the
 * tool cannot make sense of, 128 + SIGINT for a run stopped by Ctrl-C. */
enum {
    NN_CLI_EXIT_OK = 0,
    NN_CLI_EXIT_FAILURE = 1,
    NN_CLI_EXIT_USAGE = 2,
    NN_CLI_EXIT_INTERRUPTED = 130
};

/* The sub-commands. argv[0] is the sub-command's name; each returns the
 * process's exit status. */
int nn_cli_cmd_train(int argc, char **argv);
int nn_cli_cmd_eval(int argc, char **argv);
int nn_cli_cmd_predict(int argc, char **argv);
int nn_cli_cmd_summary(int argc, char **argv);
int nn_cli_cmd_info(int argc, char **argv);
int nn_cli_cmd_art(int argc, char **argv);

#if defined(__GNUC__)
#define NN_CLI_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define NN_CLI_PRINTF(fmt, args)
#endif

/* Prints "nn: <message>" on stderr and returns NN_CLI_EXIT_FAILURE. */
int nn_cli_fail(const char *fmt, ...) NN_CLI_PRINTF(1, 2);

/* Prints "nn: <nn_last_error()>" on stderr (the library's message names the
 * function and the offending argument or file) and returns
 * NN_CLI_EXIT_FAILURE. */
int nn_cli_fail_nn(void);

/* Prints "nn <cmd>: <message>" and the hint to --help on stderr and returns
 * NN_CLI_EXIT_USAGE. */
int nn_cli_usage_error(const char *cmd, const char *fmt, ...)
    NN_CLI_PRINTF(2, 3);

/* Prints a warning "nn: warning: <message>" on stderr. */
void nn_cli_warn(const char *fmt, ...) NN_CLI_PRINTF(1, 2);

/* Reports getopt_long's '?' or ':' result for argv[optind - 1] as a usage
 * error of @p cmd; returns NN_CLI_EXIT_USAGE. */
int nn_cli_bad_option(const char *cmd, int result, char **argv);

/* Option values. Each returns 0 and stores the value, or -1 after printing
 * a usage error that names @p option (so the caller returns
 * NN_CLI_EXIT_USAGE). The whole string must be the number. */
int nn_cli_parse_size(const char *cmd, const char *option, const char *text,
                      size_t min, size_t *out);
int nn_cli_parse_u64(const char *cmd, const char *option, const char *text,
                     uint64_t *out);
int nn_cli_parse_int(const char *cmd, const char *option, const char *text,
                     int min, int max, int *out);
/* A finite double in [min, max] (or [min, max) when @p max_open). */
int nn_cli_parse_double(const char *cmd, const char *option, const char *text,
                        double min, double max, int max_open, double *out);

/* The file name part of @p path (after the last '/'). */
const char *nn_cli_basename(const char *path);

#endif /* NN_CLI_COMMON_H */
