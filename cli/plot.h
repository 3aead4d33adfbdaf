/*
 * plot.h - `nn train --plot`: the training history as a PNG, one panel for
 * the loss and one for the accuracy, training and validation curves per
 * epoch, drawn with cairo.
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#ifndef NN_CLI_PLOT_H
#define NN_CLI_PLOT_H

#include "nn.h"

/* Whether this build can plot (it was built with cairo). */
int nn_cli_plot_available(void);

/* Draws @p m's history (nn_model_history_*) to the PNG file @p path under
 * @p title and a smaller @p subtitle (NULL or "" for none). Returns 0, or
 * NN_CLI_EXIT_FAILURE after printing why (no history, cairo cannot write
 * the file, built without cairo). */
int nn_cli_plot_history(const nn_model *m, const char *path,
                        const char *title, const char *subtitle);

#endif /* NN_CLI_PLOT_H */
