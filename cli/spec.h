/*
 * spec.h - the layer specification of `nn train --layers`:
 *
 *     10:relu,10:relu,dropout:0.2,10:softmax
 *
 * a comma-separated list of layers, each UNITS:ACTIVATION for a dense layer
 * (UNITS alone means a linear layer, like Keras' Dense(units)) or
 * dropout:RATE. Blanks around items and around ':' are ignored.
 *
 * The parser is a pure function of its arguments (no allocation, no I/O,
 * no global state) so that it can be unit-tested and fuzzed on its own.
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#ifndef NN_CLI_SPEC_H
#define NN_CLI_SPEC_H

#include <stddef.h>

#include "nn.h"

/* The longest item a message quotes in full; longer ones are cut. */
#define NN_CLI_SPEC_QUOTE_MAX 40

typedef struct nn_cli_layer {
    nn_layer_kind kind;
    size_t units;       /* dense: 1 .. INT_MAX */
    nn_activation act;  /* dense */
    float rate;         /* dropout: [0, 1) */
} nn_cli_layer;

/* Parses @p spec into at most @p cap layers at @p out and sets *count.
 * Returns 0 on success; -1 on a bad spec, with *count = 0 and a message in
 * @p err (errlen bytes, always NUL-terminated when errlen > 0) that names
 * the item by position and text and says what is wrong with it, e.g.
 *     layer 2 ('10:rleu'): unknown activation 'rleu' (expected one of ...)
 * @p spec may be NULL (an error); @p out may be NULL only when cap is 0;
 * @p err may be NULL when errlen is 0. */
int nn_cli_parse_layers(const char *spec, nn_cli_layer *out, size_t cap,
                        size_t *count, char *err, size_t errlen);

#endif /* NN_CLI_SPEC_H */
