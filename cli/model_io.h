/*
 * model_io.h - loading a model file together with what the tool reports
 * about it: the file's size and format version, and the compiled optimizer
 * and loss (nn_model_get_compile).
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#ifndef NN_CLI_MODEL_IO_H
#define NN_CLI_MODEL_IO_H

#include <stdint.h>

#include "nn.h"

typedef struct nn_cli_model {
    nn_model *m;
    long long file_size;     /* bytes; -1 when unknown */
    uint32_t format_version; /* 0 when unknown */
    int compiled;            /* whether the two fields below are set */
    nn_optimizer optimizer;
    nn_loss loss;
} nn_cli_model;

/* Loads @p path into *out. Returns 0, or NN_CLI_EXIT_FAILURE after
 * printing the library's message. */
int nn_cli_model_load(const char *path, nn_cli_model *out);

/* Destroys the model and zeroes *cm. */
void nn_cli_model_close(nn_cli_model *cm);

/* The metadata keys `nn train` writes besides the input scaling. */
#define NN_CLI_META_OPTIMIZER "optimizer"
#define NN_CLI_META_LOSS "loss"
#define NN_CLI_META_LABEL_COLUMN "label_column"
#define NN_CLI_META_BATCH_SIZE "batch_size"
#define NN_CLI_META_VALIDATION_SPLIT "validation_split"

/* A metadata value, or NULL when the key is absent. */
const char *nn_cli_model_meta(const nn_model *m, const char *key);

#endif /* NN_CLI_MODEL_IO_H */
