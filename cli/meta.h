/*
 * meta.h - the text `nn train` records in a model's metadata: the command
 * line, the date, the final metrics.
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#ifndef NN_CLI_META_H
#define NN_CLI_META_H

#include <stddef.h>

#include "nn.h"

/* "nn train --csv 'my data.csv' ...": "nn" and @p argv (the sub-command
 * and its arguments) quoted for a POSIX shell where needed, so the line can
 * be pasted back. A new malloc'ed string, or NULL when out of memory. */
char *nn_cli_command_line(int argc, char **argv);

/* The current time in ISO 8601 UTC, "2026-01-31T12:34:56Z". */
void nn_cli_iso8601_now(char *buf, size_t len);

/* "loss=0.3012 accuracy=0.8934 val_loss=..." for the last epoch of the
 * history, metrics that were not computed left out; "" without history. */
void nn_cli_last_metrics(const nn_model *m, char *buf, size_t len);

/* nn_model_set_metadata with the failure reported: 0 or
 * NN_CLI_EXIT_FAILURE. */
int nn_cli_set_meta(nn_model *m, const char *key, const char *value);

#endif /* NN_CLI_META_H */
