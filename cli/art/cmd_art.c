/*
 * cmd_art.c - `nn art SUB`: generative pictures made with libnn and their
 * measures from empirical aesthetics. Picks the sub-command; each lives
 * in cmd_<sub>.c, the work in cli/art's other files.
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "common.h"

static const char art_usage[] =
    "Usage: nn art SUBCOMMAND [OPTIONS]\n"
    "Make pictures with neural networks and measure them.\n"
    "\n"
    "Subcommands:\n"
    "  cppn      render a compositional pattern-producing network (CPPN):\n"
    "            a random network of x, y, r and a latent vector; PNG at\n"
    "            any resolution, or an animation (PNG frames, GIF)\n"
    "  paint     train a network to paint a picture from pixel\n"
    "            coordinates (Fourier features or SIREN), reporting PSNR\n"
    "  evolve    search CPPN settings for pictures whose statistics are\n"
    "            closest to those of paintings\n"
    "  score     print a picture's measures from empirical aesthetics\n"
    "            beside the ranges reported for paintings and photographs\n"
    "  gallery   render many CPPN pieces with their scores: a contact\n"
    "            sheet PNG and an HTML page\n"
    "\n"
    "'nn art SUBCOMMAND --help' describes one; docs/ART.md explains the\n"
    "measures and their sources.\n";

#ifndef NN_CLI_HAVE_ART

int nn_cli_cmd_art(int argc, char **argv)
{
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
                      strcmp(argv[1], "-h") == 0)) {
        fputs(art_usage, stdout);
        return NN_CLI_EXIT_OK;
    }
    return nn_cli_fail("'nn art' is unavailable: this nn was built without "
                       "cairo, kissfft or giflib (libcairo2-dev, "
                       "libkissfft-dev, libgif-dev)");
}

#else

#include "art_cli.h"

typedef struct art_command {
    const char *name;
    int (*run)(int argc, char **argv);
} art_command;

static const art_command art_commands[] = {
    {"cppn", nn_art_cmd_cppn},     {"paint", nn_art_cmd_paint},
    {"evolve", nn_art_cmd_evolve}, {"score", nn_art_cmd_score},
    {"gallery", nn_art_cmd_gallery},
};

int nn_cli_cmd_art(int argc, char **argv)
{
    if (argc < 2)
        return nn_cli_usage_error("art", "no subcommand given (expected "
                                         "cppn, paint, evolve, score or "
                                         "gallery)");
    const char *name = argv[1];
    if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0 ||
        strcmp(name, "help") == 0) {
        fputs(art_usage, stdout);
        return NN_CLI_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof art_commands / sizeof art_commands[0]; i++)
        if (strcmp(name, art_commands[i].name) == 0)
            return art_commands[i].run(argc - 1, argv + 1);
    if (name[0] == '-')
        return nn_cli_usage_error("art", "unrecognized option '%s'", name);
    return nn_cli_usage_error("art", "unknown subcommand '%s' (expected "
                                     "cppn, paint, evolve, score or "
                                     "gallery)",
                              name);
}

#endif
