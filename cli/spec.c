/*
 * spec.c - the parser of layer specifications (see spec.h).
 *
 * Items are cut out as (pointer, length) spans of the input, so nothing is
 * copied or allocated and no input can make the parser read out of bounds.
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "names.h"
#include "spec.h"

typedef struct span {
    const char *p;
    size_t n;
} span;

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static span trim(span s)
{
    while (s.n > 0 && is_blank(s.p[0])) {
        s.p++;
        s.n--;
    }
    while (s.n > 0 && is_blank(s.p[s.n - 1]))
        s.n--;
    return s;
}

static int span_equals(span s, const char *word)
{
    return s.n == strlen(word) && memcmp(s.p, word, s.n) == 0;
}

#if defined(__GNUC__)
#define SPEC_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define SPEC_PRINTF(fmt, args)
#endif

/* Formats the message for item @p index (1-based) quoting @p item. */
static int item_error(char *err, size_t errlen, size_t index, span item,
                      const char *fmt, ...) SPEC_PRINTF(5, 6);

static int item_error(char *err, size_t errlen, size_t index, span item,
                      const char *fmt, ...)
{
    if (errlen == 0)
        return -1;
    int cut = item.n > NN_CLI_SPEC_QUOTE_MAX;
    int shown = (int)(cut ? NN_CLI_SPEC_QUOTE_MAX : item.n);
    int used = snprintf(err, errlen, "layer %zu ('%.*s%s'): ", index, shown,
                        item.p, cut ? "..." : "");
    if (used >= 0 && (size_t)used < errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err + used, errlen - (size_t)used, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* Quotes a span inside a message, cut like items. */
#define QUOTE_FMT "'%.*s%s'"
#define QUOTE_ARGS(s)                                                         \
    (int)((s).n > NN_CLI_SPEC_QUOTE_MAX ? NN_CLI_SPEC_QUOTE_MAX : (s).n),     \
        (s).p, (s).n > NN_CLI_SPEC_QUOTE_MAX ? "..." : ""

/* A dense layer's width: decimal digits only, 1 .. INT_MAX (the range
 * nn_model_add_dense accepts). */
static int parse_units(span s, size_t *out)
{
    if (s.n == 0)
        return -1;
    unsigned long long v = 0;
    for (size_t i = 0; i < s.n; i++) {
        if (s.p[i] < '0' || s.p[i] > '9')
            return -1;
        v = v * 10 + (unsigned long long)(s.p[i] - '0');
        if (v > INT_MAX)
            return -2;
    }
    if (v == 0)
        return -2;
    *out = (size_t)v;
    return 0;
}

/* A dropout rate: digits with an optional fraction ("0.25", ".5", "0"),
 * computed without strtod so that the locale cannot change the result;
 * must lie in [0, 1). */
static int parse_rate(span s, float *out)
{
    size_t i = 0, digits = 0;
    double value = 0, scale = 1;
    for (; i < s.n && s.p[i] >= '0' && s.p[i] <= '9'; i++, digits++)
        value = value * 10 + (s.p[i] - '0');
    if (i < s.n && s.p[i] == '.') {
        for (i++; i < s.n && s.p[i] >= '0' && s.p[i] <= '9'; i++, digits++) {
            scale /= 10;
            value += (s.p[i] - '0') * scale;
        }
    }
    if (digits == 0 || i != s.n)
        return -1;
    if (!(value < 1.0))
        return -2;
    *out = (float)value;
    /* A value just below 1 can round up to 1.0f. */
    return *out < 1.0f ? 0 : -2;
}

static int parse_item(span item, size_t index, nn_cli_layer *layer, char *err,
                      size_t errlen)
{
    const char *colon = memchr(item.p, ':', item.n);
    span head = {item.p, colon ? (size_t)(colon - item.p) : item.n};
    span tail = {colon ? colon + 1 : item.p + item.n,
                 colon ? item.n - head.n - 1 : 0};
    head = trim(head);
    tail = trim(tail);

    if (span_equals(head, "dropout")) {
        if (!colon || tail.n == 0)
            return item_error(err, errlen, index, item,
                              "a dropout layer needs a rate: dropout:RATE");
        if (memchr(tail.p, ':', tail.n))
            return item_error(err, errlen, index, item,
                              "too many ':' (expected dropout:RATE)");
        int rc = parse_rate(tail, &layer->rate);
        if (rc == -1)
            return item_error(err, errlen, index, item,
                              "dropout rate " QUOTE_FMT " is not a number",
                              QUOTE_ARGS(tail));
        if (rc != 0)
            return item_error(err, errlen, index, item,
                              "dropout rate " QUOTE_FMT
                              " is outside [0, 1)",
                              QUOTE_ARGS(tail));
        layer->kind = NN_LAYER_DROPOUT;
        layer->units = 0;
        layer->act = NN_ACT_LINEAR;
        return 0;
    }

    int rc = parse_units(head, &layer->units);
    if (rc == -1)
        return item_error(err, errlen, index, item,
                          "expected UNITS:ACTIVATION or dropout:RATE, and "
                          QUOTE_FMT " is not a number of units",
                          QUOTE_ARGS(head));
    if (rc != 0)
        return item_error(err, errlen, index, item,
                          "units must be between 1 and %d", INT_MAX);
    layer->kind = NN_LAYER_DENSE;
    layer->rate = 0;
    layer->act = NN_ACT_LINEAR;
    if (colon) {
        if (tail.n == 0)
            return item_error(err, errlen, index, item,
                              "missing activation after ':' (expected one "
                              "of %s)",
                              nn_cli_activation_list());
        if (memchr(tail.p, ':', tail.n))
            return item_error(err, errlen, index, item,
                              "too many ':' (expected UNITS:ACTIVATION)");
        if (nn_cli_activation_lookup(tail.p, tail.n, &layer->act) != 0)
            return item_error(err, errlen, index, item,
                              "unknown activation " QUOTE_FMT
                              " (expected one of %s)",
                              QUOTE_ARGS(tail), nn_cli_activation_list());
    }
    return 0;
}

static int spec_error(char *err, size_t errlen, const char *msg)
{
    if (errlen > 0)
        snprintf(err, errlen, "%s", msg);
    return -1;
}

int nn_cli_parse_layers(const char *spec, nn_cli_layer *out, size_t cap,
                        size_t *count, char *err, size_t errlen)
{
    size_t n = 0;
    if (count)
        *count = 0;
    if (errlen > 0)
        err[0] = '\0';
    if (!count || (!out && cap > 0))
        return spec_error(err, errlen, "internal error: no output array");
    if (!spec)
        return spec_error(err, errlen, "no layer specification");
    if (trim((span){spec, strlen(spec)}).n == 0)
        return spec_error(err, errlen,
                          "empty layer specification (expected e.g. "
                          "10:relu,10:softmax)");

    const char *p = spec;
    for (;;) {
        const char *comma = strchr(p, ',');
        span raw = {p, comma ? (size_t)(comma - p) : strlen(p)};
        span item = trim(raw);
        size_t index = n + 1;
        if (item.n == 0)
            return item_error(err, errlen, index, item,
                              "empty item (two commas in a row, or a comma "
                              "at an end)");
        if (n == cap) {
            if (errlen > 0)
                snprintf(err, errlen, "too many layers (at most %zu)", cap);
            return -1;
        }
        if (parse_item(item, index, &out[n], err, errlen) != 0)
            return -1;
        n++;
        if (!comma)
            break;
        p = comma + 1;
    }
    *count = n;
    return 0;
}
