/*
 * names.h - the lower-case names users type for libnn's enumerations
 * ("relu", "adam", "sparse_categorical_crossentropy"), Keras' spellings.
 *
 * Pure functions of their arguments: no I/O, no global state.
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#ifndef NN_CLI_NAMES_H
#define NN_CLI_NAMES_H

#include <stddef.h>

#include "nn.h"

/* The name of a value, or NULL for a value outside the enumeration. */
const char *nn_cli_activation_name(nn_activation act);
const char *nn_cli_optimizer_name(nn_optimizer opt);
const char *nn_cli_loss_name(nn_loss loss);

/* Looks up the first @p len bytes of @p name (not NUL-terminated: the
 * layer-spec parser passes pieces of a longer string). Returns 0 and sets
 * *out, or -1 for an unknown name. Exact and case-sensitive. */
int nn_cli_activation_lookup(const char *name, size_t len, nn_activation *out);
int nn_cli_optimizer_lookup(const char *name, size_t len, nn_optimizer *out);
int nn_cli_loss_lookup(const char *name, size_t len, nn_loss *out);

/* The accepted names joined by ", " for messages and --help: static
 * strings. */
const char *nn_cli_activation_list(void);
const char *nn_cli_optimizer_list(void);
const char *nn_cli_loss_list(void);

#endif /* NN_CLI_NAMES_H */
