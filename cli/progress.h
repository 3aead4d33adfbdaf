/*
 * progress.h - what `nn train` shows while it trains, on stderr:
 *
 *  - on a terminal, Keras' progress bar, redrawn in place from the
 *    per-batch callback at most ten times a second:
 *        Epoch 2/5
 *        1200/1875 [==================>...........] - ETA: 3s - loss: 0.5123
 *                  - accuracy: 0.8123 - 41250 samples/s
 *    and, when the epoch ends, its final line with the validation metrics;
 *  - otherwise (a log file, a pipe) one line per epoch:
 *        Epoch 2/5 - 1.52s - loss: 0.5123 - accuracy: 0.8123 - val_loss: ...
 *
 * The display keeps its own epoch counter (starting from the epochs a
 * resumed model has done) so it does not depend on how the library numbers
 * epochs in its callbacks.
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#ifndef NN_CLI_PROGRESS_H
#define NN_CLI_PROGRESS_H

#include <stddef.h>
#include <stdio.h>

#include "nn.h"

typedef enum nn_cli_progress_mode {
    NN_CLI_PROGRESS_OFF = 0,
    NN_CLI_PROGRESS_LINES = 1,
    NN_CLI_PROGRESS_BAR = 2
} nn_cli_progress_mode;

typedef struct nn_cli_progress {
    nn_cli_progress_mode mode;
    FILE *out;
    size_t epoch;        /* 0-based index of the running epoch, absolute */
    size_t total_epochs; /* the epoch count the run trains up to */
    size_t train_rows;   /* rows per epoch, for samples/s */
    size_t batch_size;
    double epoch_start;  /* nn_cli_now() when the epoch began */
    double last_draw;    /* when the bar was last drawn; < 0: never */
    size_t batches;      /* of the running epoch, from the callback */
    int line_open;       /* a bar is on screen without its newline */
} nn_cli_progress;

/* Seconds on a monotonic clock. */
double nn_cli_now(void);

void nn_cli_progress_init(nn_cli_progress *p, nn_cli_progress_mode mode,
                          FILE *out, size_t first_epoch, size_t total_epochs,
                          size_t train_rows, size_t batch_size);

/* From nn_fit's per-batch callback: batch is 0-based within the epoch;
 * loss and accuracy are the epoch's running means. */
void nn_cli_progress_batch(nn_cli_progress *p, size_t batch, size_t batches,
                           float loss, float accuracy);

/* From nn_fit's per-epoch callback. */
void nn_cli_progress_epoch(nn_cli_progress *p, const nn_epoch_logs *logs);

/* Ends a bar line left open (training was interrupted or failed) so that
 * the next message starts on a line of its own. */
void nn_cli_progress_finish(nn_cli_progress *p);

#endif /* NN_CLI_PROGRESS_H */
