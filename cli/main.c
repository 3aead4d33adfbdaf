/*
 * main.c - `nn`, the command-line face of libnn: picks the sub-command and
 * answers --help and --version. Everything else lives in the cmd_*.c
 * files, one per family of sub-commands.
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "plot.h"

/* The tool's version is the library's it was built with. */
#define NN_CLI_VERSION NN_VERSION_STRING

static const char main_usage[] =
    "Usage: nn COMMAND [OPTIONS]\n"
    "Train and run dense neural networks (libnn).\n"
    "\n"
    "Commands:\n"
    "  train     train a network on IDX or CSV data and save it\n"
    "  eval      print a model's loss and accuracy on labelled data\n"
    "  predict   write a model's outputs for some data as CSV\n"
    "  summary   print a model's layers, shapes and parameter counts\n"
    "  info      print everything a model file holds\n"
    "  art       make pictures with networks and measure them (cppn,\n"
    "            paint, evolve, score, gallery)\n"
    "\n"
    "Options:\n"
    "  -h, --help     show this help\n"
    "  -V, --version  show the versions of nn and libnn\n"
    "\n"
    "'nn COMMAND --help' describes a command; man nn(1) has it all.\n"
    "Exit status: 0 success, 1 runtime error, 2 usage error, 130 "
    "interrupted.\n";

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
} command;

static const command commands[] = {
    {"train", nn_cli_cmd_train},     {"eval", nn_cli_cmd_eval},
    {"predict", nn_cli_cmd_predict}, {"summary", nn_cli_cmd_summary},
    {"info", nn_cli_cmd_info},       {"art", nn_cli_cmd_art},
};

static int print_version(void)
{
    printf("nn %s\n", NN_CLI_VERSION);
    printf("libnn %s (built against %s)\n", nn_version_string(),
           NN_VERSION_STRING);
    printf("plotting: %s\n",
           nn_cli_plot_available() ? "cairo" : "unavailable (no cairo)");
    return fflush(stdout) == 0 ? NN_CLI_EXIT_OK : NN_CLI_EXIT_FAILURE;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return nn_cli_usage_error(NULL, "no command given");
    const char *name = argv[1];
    if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0 ||
        strcmp(name, "help") == 0) {
        fputs(main_usage, stdout);
        return NN_CLI_EXIT_OK;
    }
    if (strcmp(name, "-V") == 0 || strcmp(name, "--version") == 0 ||
        strcmp(name, "version") == 0)
        return print_version();

    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(name, commands[i].name) == 0)
            /* The sub-command sees itself as argv[0], so getopt_long
             * starts after it. */
            return commands[i].run(argc - 1, argv + 1);

    if (name[0] == '-')
        return nn_cli_usage_error(NULL, "unrecognized option '%s'", name);
    return nn_cli_usage_error(NULL, "unknown command '%s' (expected train, "
                                    "eval, predict, summary, info or art)",
                              name);
}
