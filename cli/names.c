/*
 * names.c - the lower-case names of libnn's enumerations. The tables are
 * indexed by the enumerations' values, which nn.h fixes forever.
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "names.h"

static const char *const activation_names[NN_ACT_COUNT] = {
    "linear", "relu",     "sigmoid", "tanh", "softmax", "leaky_relu",
    "elu",    "gelu",     "softplus", "sin", "gaussian"};

static const char *const optimizer_names[NN_OPT_COUNT] = {
    "sgd", "adam", "rmsprop", "adamw"};

static const char *const loss_names[NN_LOSS_COUNT] = {
    "mse", "mae", "binary_crossentropy", "categorical_crossentropy",
    "sparse_categorical_crossentropy"};

static const char *name_at(const char *const *table, size_t count, int value)
{
    return value >= 0 && (size_t)value < count ? table[value] : NULL;
}

static int lookup(const char *const *table, size_t count, const char *name,
                  size_t len)
{
    for (size_t i = 0; i < count; i++)
        if (strlen(table[i]) == len && memcmp(table[i], name, len) == 0)
            return (int)i;
    return -1;
}

const char *nn_cli_activation_name(nn_activation act)
{
    return name_at(activation_names, NN_ACT_COUNT, (int)act);
}

const char *nn_cli_optimizer_name(nn_optimizer opt)
{
    return name_at(optimizer_names, NN_OPT_COUNT, (int)opt);
}

const char *nn_cli_loss_name(nn_loss loss)
{
    return name_at(loss_names, NN_LOSS_COUNT, (int)loss);
}

int nn_cli_activation_lookup(const char *name, size_t len, nn_activation *out)
{
    int i = lookup(activation_names, NN_ACT_COUNT, name, len);
    if (i < 0)
        return -1;
    *out = (nn_activation)i;
    return 0;
}

int nn_cli_optimizer_lookup(const char *name, size_t len, nn_optimizer *out)
{
    int i = lookup(optimizer_names, NN_OPT_COUNT, name, len);
    if (i < 0)
        return -1;
    *out = (nn_optimizer)i;
    return 0;
}

int nn_cli_loss_lookup(const char *name, size_t len, nn_loss *out)
{
    int i = lookup(loss_names, NN_LOSS_COUNT, name, len);
    if (i < 0)
        return -1;
    *out = (nn_loss)i;
    return 0;
}

const char *nn_cli_activation_list(void)
{
    return "linear, relu, sigmoid, tanh, softmax, leaky_relu, elu, gelu, "
           "softplus, sin, gaussian";
}

const char *nn_cli_optimizer_list(void)
{
    return "sgd, adam, rmsprop, adamw";
}

const char *nn_cli_loss_list(void)
{
    return "mse, mae, binary_crossentropy, categorical_crossentropy, "
           "sparse_categorical_crossentropy";
}
