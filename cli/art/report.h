/*
 * report.h - how `nn art` prints measures: a table with the literature's
 * ranges beside each value, or JSON.
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#ifndef NN_ART_REPORT_H
#define NN_ART_REPORT_H

#include <stdio.h>

#include "measures.h"

/* One scored picture. */
typedef struct art_scored {
    const char *name; /* file name, or a label */
    int w, h;
    art_measures m;
    double closeness, distance; /* art_closeness */
} art_scored;

/* Fills closeness and distance from m. */
void art_scored_finish(art_scored *s);

/* The table of one picture: measure, value, paintings (JA) mean +- sd,
 * photographs (AVA) mean +- sd, note; then the closeness line. */
void art_report_table(FILE *out, const art_scored *s);

/* A JSON document {"references": {...}, "images": [...]} of @p count
 * pictures, with the literature's ranges once. */
void art_report_json(FILE *out, const art_scored *s, size_t count);

/* Writes @p text as a JSON string (quoted, escaped). */
void art_json_string(FILE *out, const char *text);

/* Writes a number, or null for NaN and infinities (JSON has neither). */
void art_json_number(FILE *out, double v);

#endif /* NN_ART_REPORT_H */
