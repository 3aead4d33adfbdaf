/*
 * report.c - the tables and JSON of `nn art score` (see report.h).
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>

#include "report.h"

void art_scored_finish(art_scored *s)
{
    s->closeness = art_closeness(&s->m, &s->distance);
}

static void range_cell(char *buf, size_t len, double mean, double sd)
{
    if (isnan(mean))
        snprintf(buf, len, "-");
    else
        snprintf(buf, len, "%.2f +- %.2f", mean, sd);
}

void art_report_table(FILE *out, const art_scored *s)
{
    const art_measure_info *t = art_measure_table();
    fprintf(out, "%s (%dx%d)\n", s->name, s->w, s->h);
    fprintf(out, "  %-38s %8s  %-16s %-16s %s\n", "measure", "value",
            "paintings (JA)", "photos (AVA)", "note");
    for (int i = 0; i < ART_M_COUNT; i++) {
        char ja[40], ava[40], note[160];
        range_cell(ja, sizeof ja, t[i].ja_mean, t[i].ja_sd);
        range_cell(ava, sizeof ava, t[i].ava_mean, t[i].ava_sd);
        if (i == ART_M_COLOURFULNESS)
            snprintf(note, sizeof note, "%s colourful (Hasler: %s)",
                     art_colourfulness_word(s->m.v[i]), t[i].note);
        else
            snprintf(note, sizeof note, "%s", t[i].note);
        fprintf(out, "  %-38s %8.3f  %-16s %-16s %s\n", t[i].label, s->m.v[i],
                ja, ava, note);
    }
    fprintf(out, "  closeness to paintings: %.1f/100 (distance %.2f sd over "
                 "slope, fractal dimension, lightness and edge entropy)\n",
            s->closeness, s->distance);
    int side = s->w > s->h ? s->w : s->h;
    if (side < 512)
        fprintf(out, "  note: the long side is %d px: the power slope's band "
                     "ends at %d cycles/image, not 256\n",
                side, side / 2);
}

void art_json_string(FILE *out, const char *text)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(out, "\\u%04x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

void art_json_number(FILE *out, double v)
{
    if (isfinite(v))
        fprintf(out, "%.6g", v);
    else
        fputs("null", out);
}

static void json_pair(FILE *out, double mean, double sd)
{
    if (isnan(mean)) {
        fputs("null", out);
        return;
    }
    fputs("{\"mean\": ", out);
    art_json_number(out, mean);
    fputs(", \"sd\": ", out);
    art_json_number(out, sd);
    fputc('}', out);
}

void art_report_json(FILE *out, const art_scored *s, size_t count)
{
    const art_measure_info *t = art_measure_table();
    fputs("{\n  \"references\": {\n", out);
    for (int i = 0; i < ART_M_COUNT; i++) {
        fputs("    ", out);
        art_json_string(out, t[i].key);
        fputs(": {\"label\": ", out);
        art_json_string(out, t[i].label);
        fputs(", \"source\": ", out);
        art_json_string(out, t[i].source);
        fputs(", \"note\": ", out);
        art_json_string(out, t[i].note);
        fputs(", \"paintings_ja\": ", out);
        json_pair(out, t[i].ja_mean, t[i].ja_sd);
        fputs(", \"photos_ava\": ", out);
        json_pair(out, t[i].ava_mean, t[i].ava_sd);
        fprintf(out, ", \"in_closeness\": %s}%s\n",
                t[i].in_closeness ? "true" : "false",
                i + 1 < ART_M_COUNT ? "," : "");
    }
    fputs("  },\n  \"images\": [", out);
    for (size_t k = 0; k < count; k++) {
        fputs(k ? ",\n    {" : "\n    {", out);
        fputs("\"file\": ", out);
        art_json_string(out, s[k].name);
        fprintf(out, ", \"width\": %d, \"height\": %d, \"measures\": {",
                s[k].w, s[k].h);
        for (int i = 0; i < ART_M_COUNT; i++) {
            fputs(i ? ", " : "", out);
            art_json_string(out, t[i].key);
            fputs(": ", out);
            art_json_number(out, s[k].m.v[i]);
        }
        fputs("}, \"colourfulness_word\": ", out);
        art_json_string(out,
                        art_colourfulness_word(s[k].m.v[ART_M_COLOURFULNESS]));
        fputs(", \"closeness\": ", out);
        art_json_number(out, s[k].closeness);
        fputs(", \"distance\": ", out);
        art_json_number(out, s[k].distance);
        fputc('}', out);
    }
    fputs(count ? "\n  ]\n}\n" : "]\n}\n", out);
}
