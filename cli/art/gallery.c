/*
 * gallery.c - contact sheets (cairo) and HTML pages of scored pictures
 * (see gallery.h).
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#include <cairo.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gallery.h"
#include "resample.h"

/* Layout of the sheet, in pixels. */
#define MARGIN 24.0
#define GAP 16.0
#define TITLE_BAND 56.0
#define CAPTION 52.0

static void set_font(cairo_t *cr, double size, int bold)
{
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD
                                : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

static unsigned to_byte(float v)
{
    if (!(v > 0.0f))
        return 0;
    if (v >= 1.0f)
        return 255;
    return (unsigned)lrintf(v * 255.0f);
}

/* A cairo surface of @p im shrunk (or enlarged) to side x side. */
static cairo_surface_t *thumbnail(const art_image *im, int side)
{
    /* Fit the longer side; centre the other. */
    int tw = side, th = side;
    if (im->w > im->h)
        th = (int)lround((double)side * im->h / im->w);
    else if (im->h > im->w)
        tw = (int)lround((double)side * im->w / im->h);
    if (tw < 1)
        tw = 1;
    if (th < 1)
        th = 1;
    float *px = malloc((size_t)tw * (size_t)th * 3 * sizeof *px);
    if (!px || art_resample(im->rgb, im->w, im->h, 3, px, tw, th) != 0) {
        free(px);
        return NULL;
    }
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, tw, th);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        free(px);
        cairo_surface_destroy(s);
        return NULL;
    }
    cairo_surface_flush(s);
    unsigned char *data = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    for (int y = 0; y < th; y++)
        for (int x = 0; x < tw; x++) {
            const float *p = px + ((size_t)y * (size_t)tw + (size_t)x) * 3;
            uint32_t v = 0xff000000u | (to_byte(p[0]) << 16) |
                         (to_byte(p[1]) << 8) | to_byte(p[2]);
            memcpy(data + (size_t)y * (size_t)stride + 4 * (size_t)x, &v, 4);
        }
    cairo_surface_mark_dirty(s);
    free(px);
    return s;
}

int art_gallery_sheet(const art_gallery_item *items, size_t n, int thumb,
                      int cols, const char *title, const char *path,
                      char *err, size_t errlen)
{
    if (n == 0) {
        snprintf(err, errlen, "no pictures for the contact sheet");
        return -1;
    }
    if ((size_t)cols > n)
        cols = (int)n;
    int rows = (int)((n + (size_t)cols - 1) / (size_t)cols);
    double cell_w = thumb, cell_h = thumb + CAPTION;
    int width = (int)(2 * MARGIN + cols * cell_w + (cols - 1) * GAP);
    int height = (int)(TITLE_BAND + MARGIN + rows * cell_h +
                       (rows - 1) * GAP);
    cairo_surface_t *sheet =
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
    cairo_t *cr = cairo_create(sheet);
    int rc = -1;
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
        snprintf(err, errlen, "cannot draw a %dx%d contact sheet: %s", width,
                 height, cairo_status_to_string(cairo_status(cr)));
        goto done;
    }
    cairo_set_source_rgb(cr, 0.11, 0.11, 0.12);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0.93, 0.93, 0.93);
    set_font(cr, 20, 1);
    cairo_move_to(cr, MARGIN, 36);
    cairo_show_text(cr, title);

    for (size_t i = 0; i < n; i++) {
        double x0 = MARGIN + (double)(i % (size_t)cols) * (cell_w + GAP);
        double y0 = TITLE_BAND + (double)(i / (size_t)cols) * (cell_h + GAP);
        cairo_surface_t *t = thumbnail(items[i].im, thumb);
        if (!t) {
            snprintf(err, errlen, "out of memory");
            goto done;
        }
        double tx = x0 + (thumb - cairo_image_surface_get_width(t)) / 2.0;
        double ty = y0 + (thumb - cairo_image_surface_get_height(t)) / 2.0;
        cairo_set_source_surface(cr, t, tx, ty);
        cairo_paint(cr);
        cairo_surface_destroy(t);

        const art_scored *s = &items[i].s;
        char line[256];
        /* Captions stay inside their cell. */
        cairo_save(cr);
        cairo_rectangle(cr, x0, y0 + thumb, cell_w, CAPTION);
        cairo_clip(cr);
        /* Type scaled to the thumbnails, within readable sizes. */
        double big = thumb / 15.0, small = thumb / 18.5;
        big = big < 9 ? 9 : big > 13 ? 13 : big;
        small = small < 8 ? 8 : small > 11 ? 11 : small;
        cairo_set_source_rgb(cr, 0.93, 0.93, 0.93);
        set_font(cr, big, 1);
        snprintf(line, sizeof line, "#%zu  %s", i + 1, s->name);
        cairo_move_to(cr, x0, y0 + thumb + 16);
        cairo_show_text(cr, line);
        set_font(cr, small, 0);
        cairo_set_source_rgb(cr, 0.72, 0.72, 0.74);
        snprintf(line, sizeof line, "close %.0f  D %.2f  slope %.2f",
                 s->closeness, s->m.v[ART_M_FRACTAL_DIMENSION],
                 s->m.v[ART_M_SLOPE_POWER]);
        cairo_move_to(cr, x0, y0 + thumb + 31);
        cairo_show_text(cr, line);
        snprintf(line, sizeof line, "H %.2f  EOE %.2f  M %.0f",
                 s->m.v[ART_M_LIGHTNESS_ENTROPY],
                 s->m.v[ART_M_EDGE_ORIENTATION_ENTROPY],
                 s->m.v[ART_M_COLOURFULNESS]);
        cairo_move_to(cr, x0, y0 + thumb + 45);
        cairo_show_text(cr, line);
        cairo_restore(cr);
    }
    cairo_surface_flush(sheet);
    errno = 0;
    cairo_status_t st = cairo_surface_write_to_png(sheet, path);
    if (st != CAIRO_STATUS_SUCCESS) {
        snprintf(err, errlen, "cannot write '%s': %s", path,
                 st == CAIRO_STATUS_WRITE_ERROR && errno
                     ? strerror(errno)
                     : cairo_status_to_string(st));
        goto done;
    }
    rc = 0;
done:
    cairo_destroy(cr);
    cairo_surface_destroy(sheet);
    /* One sheet a run: give back cairo's font caches now so that leak
     * checkers see a clean exit (as plot.c does). */
    cairo_debug_reset_static_data();
    return rc;
}

static void html_text(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '&':
            fputs("&amp;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        default:
            fputc(*s, f);
        }
    }
}

static void html_cell_range(FILE *f, double mean, double sd)
{
    if (isnan(mean))
        fputs("<td></td>", f);
    else
        fprintf(f, "<td>%.2f &plusmn; %.2f</td>", mean, sd);
}

int art_gallery_html(const art_gallery_item *items, size_t n,
                     const char *title, const char *sheet, const char *path,
                     char *err, size_t errlen)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        snprintf(err, errlen, "cannot write '%s': %s", path, strerror(errno));
        return -1;
    }
    const art_measure_info *t = art_measure_table();
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
          "<meta charset=\"utf-8\">\n<title>",
          f);
    html_text(f, title);
    fputs("</title>\n<style>\n"
          "body{background:#1c1c1e;color:#e8e8e8;font:14px/1.4 sans-serif;"
          "margin:2em}\n"
          "a{color:#9cf}\n"
          ".grid{display:grid;grid-template-columns:repeat(auto-fill,"
          "minmax(360px,1fr));gap:2em}\n"
          ".card img{width:100%;image-rendering:auto;display:block}\n"
          ".card h2{font-size:1.05em;margin:.5em 0 .2em}\n"
          "table{border-collapse:collapse;font-size:12px;width:100%}\n"
          "td,th{padding:1px 6px;text-align:right}\n"
          "td:first-child,th:first-child{text-align:left}\n"
          "tr.in td{color:#9e9}tr.out td{color:#fb8}\n"
          "code{font-size:11px;color:#bbb;word-break:break-all}\n"
          "</style>\n</head>\n<body>\n<h1>",
          f);
    html_text(f, title);
    fputs("</h1>\n<p>Sorted by closeness (0&ndash;100) of the spectral "
          "slope, fractal dimension, lightness entropy and edge-orientation "
          "entropy to the means reported for paintings (JenAesthetics, "
          "Aesthetics Toolbox; Redies et al. 2025). Green: within one sd of "
          "the paintings' mean; orange: outside. See docs/ART.md.</p>\n",
          f);
    if (sheet) {
        fputs("<p><a href=\"", f);
        html_text(f, sheet);
        fputs("\">Contact sheet</a></p>\n", f);
    }
    fputs("<div class=\"grid\">\n", f);
    for (size_t i = 0; i < n; i++) {
        const art_scored *s = &items[i].s;
        fputs("<div class=\"card\">\n<a href=\"", f);
        html_text(f, items[i].file);
        fputs("\"><img src=\"", f);
        html_text(f, items[i].file);
        fputs("\" alt=\"", f);
        html_text(f, s->name);
        fprintf(f, "\" loading=\"lazy\"></a>\n<h2>#%zu ", i + 1);
        html_text(f, s->name);
        fprintf(f, " &mdash; closeness %.1f (%.2f sd)</h2>\n", s->closeness,
                s->distance);
        fputs("<table><tr><th>measure</th><th>value</th><th>paintings</th>"
              "<th>photos</th></tr>\n",
              f);
        for (int k = 0; k < ART_M_COUNT; k++) {
            double v = s->m.v[k];
            const char *cls = "";
            if (!isnan(t[k].ja_mean) && t[k].in_closeness)
                cls = fabs(v - t[k].ja_mean) <= t[k].ja_sd ? " class=\"in\""
                                                            : " class=\"out\"";
            fprintf(f, "<tr%s><td>", cls);
            html_text(f, t[k].label);
            fprintf(f, "</td><td>%.3f</td>", v);
            html_cell_range(f, t[k].ja_mean, t[k].ja_sd);
            html_cell_range(f, t[k].ava_mean, t[k].ava_sd);
            fputs("</tr>\n", f);
        }
        fputs("</table>\n", f);
        if (items[i].command) {
            fputs("<p><code>", f);
            html_text(f, items[i].command);
            fputs("</code></p>\n", f);
        }
        fputs("</div>\n", f);
    }
    fputs("</div>\n</body>\n</html>\n", f);
    int bad = ferror(f);
    if (fclose(f) != 0 || bad) {
        snprintf(err, errlen, "cannot write '%s': %s", path, strerror(errno));
        return -1;
    }
    return 0;
}
