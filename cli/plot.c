/*
 * plot.c - the training curves as a PNG (see plot.h).
 *
 * The image is 1200 x 520: a title and subtitle, then two panels side by
 * side, each with a frame, a light grid at "nice" ticks (1, 2 or 5 times a
 * power of ten), labelled axes, the training curve in blue and the
 * validation curve dashed in orange, and a legend in the corner the curves
 * leave freest. Points that are NaN (accuracy under MSE, validation
 * without validation data) break the line; a panel with no finite point
 * says so instead of drawing an empty frame.
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "common.h"
#include "plot.h"

#ifndef NN_CLI_HAVE_CAIRO

int nn_cli_plot_available(void)
{
    return 0;
}

int nn_cli_plot_history(const nn_model *m, const char *path,
                        const char *title, const char *subtitle)
{
    (void)m;
    (void)title;
    (void)subtitle;
    return nn_cli_fail("cannot write '%s': this nn was built without cairo, "
                       "so --plot is unavailable", path);
}

#else

#include <cairo.h>

enum { WIDTH = 1200, HEIGHT = 520 };

/* M_PI is an XSI extension, not C11 or base POSIX. */
#define PI 3.14159265358979323846

/* Layout, in pixels. */
#define TITLE_BAND 60.0     /* the image's title and subtitle */
#define OUTER_MARGIN 12.0   /* around the panels */
#define PANEL_GAP 30.0      /* between the two panels */
#define MARGIN_LEFT 78.0    /* tick labels and the y label */
#define MARGIN_RIGHT 22.0
#define MARGIN_TOP 40.0     /* the panel title */
#define MARGIN_BOTTOM 62.0  /* tick labels and the x label */
#define MAX_TICKS 8
/* Points get markers while they do not crowd each other. */
#define MAX_MARKERS 60

typedef struct rgb {
    double r, g, b;
} rgb;

static const rgb train_color = {0.122, 0.467, 0.706}; /* Tableau blue */
static const rgb val_color = {1.000, 0.498, 0.055};   /* Tableau orange */
static const rgb ink = {0.15, 0.15, 0.15};
static const rgb grid = {0.88, 0.88, 0.88};

typedef struct series {
    const float *v; /* one value per epoch, NaN where not computed */
    const char *label;
    rgb color;
    int dashed;
} series;

typedef struct axis {
    double lo, hi;       /* the values at the panel's edges */
    double first, last;  /* the first and last tick */
    double step;         /* between ticks */
} axis;

typedef struct panel {
    double x, y, w, h; /* the plotting area, inside the frame */
} panel;

int nn_cli_plot_available(void)
{
    return 1;
}

static void set_color(cairo_t *cr, rgb c)
{
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

/* Writes @p text with its anchor point at (x, y): ax and ay in 0 (left,
 * top), 0.5 (centre) or 1 (right, bottom) of the text's box. The height
 * is that of a digit and a capital, not of the text itself, so texts of
 * one size share a baseline whatever their letters ("Loss" and "Accuracy"
 * titles line up; descenders hang below). */
static void text_at(cairo_t *cr, const char *text, double x, double y,
                    double ax, double ay)
{
    cairo_text_extents_t e, ref;
    cairo_text_extents(cr, text, &e);
    cairo_text_extents(cr, "0H", &ref);
    cairo_move_to(cr, x - e.x_bearing - ax * e.width,
                  y - ref.y_bearing - ay * ref.height);
    cairo_show_text(cr, text);
}

static void set_font(cairo_t *cr, double size, int bold)
{
    cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD
                                : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

/* 1, 2 or 5 times a power of ten, at least raw. */
static double nice_step(double raw)
{
    double mag = pow(10, floor(log10(raw)));
    double norm = raw / mag;
    return (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
}

/* The value axis over the finite values of the series, widened to whole
 * ticks; accuracies stay within [0, 1]. */
static axis value_axis(const series *s, size_t count, size_t n,
                       int is_fraction)
{
    double lo = INFINITY, hi = -INFINITY;
    for (size_t k = 0; k < count; k++)
        for (size_t i = 0; i < n; i++)
            if (isfinite(s[k].v[i])) {
                lo = fmin(lo, s[k].v[i]);
                hi = fmax(hi, s[k].v[i]);
            }
    if (hi - lo < 1e-6 * fmax(1, fabs(hi))) {
        double pad = fmax(0.05 * fabs(hi), 0.01);
        lo -= pad;
        hi += pad;
    }
    axis a;
    a.step = nice_step((hi - lo) / (MAX_TICKS - 2));
    a.lo = floor(lo / a.step) * a.step;
    a.hi = ceil(hi / a.step) * a.step;
    if (is_fraction) {
        a.lo = fmax(a.lo, 0);
        a.hi = fmin(a.hi, 1);
        if (a.hi <= a.lo)
            a.hi = a.lo + a.step;
    }
    a.first = a.lo;
    a.last = a.hi;
    /* Like the epoch axis, a little room so that points at the extremes
     * (an accuracy of 1) do not sit on the frame. */
    double pad = 0.03 * (a.hi - a.lo);
    a.lo -= pad;
    a.hi += pad;
    return a;
}

/* Epochs 1..n with whole-number ticks, and a little room at both ends so
 * the first and last points do not sit on the frame. */
static axis epoch_axis(size_t n)
{
    axis a;
    a.first = 1;
    a.last = (double)n;
    a.step = n > 1 ? fmax(1, nice_step((a.last - 1) / (MAX_TICKS - 1))) : 1;
    double pad = n > 1 ? 0.03 * (a.last - 1) : 0.5;
    a.lo = 1 - pad;
    a.hi = a.last + pad;
    return a;
}

static double map_x(const panel *p, const axis *a, double v)
{
    return p->x + (v - a->lo) / (a->hi - a->lo) * p->w;
}

static double map_y(const panel *p, const axis *a, double v)
{
    return p->y + p->h - (v - a->lo) / (a->hi - a->lo) * p->h;
}

/* Enough decimals to tell neighbouring ticks apart. */
static void tick_label(double v, double step, char *buf, size_t len)
{
    int decimals = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
    if (fabs(v) < step * 1e-6)
        v = 0; /* no "-0.00" */
    snprintf(buf, len, "%.*f", decimals, v);
}

static void draw_axes(cairo_t *cr, const panel *p, const axis *xa,
                      const axis *ya, const char *xlabel, const char *ylabel)
{
    char buf[32];
    set_font(cr, 12, 0);
    cairo_set_line_width(cr, 1);

    /* Horizontal grid lines and the value ticks. */
    for (double v = ya->first; v <= ya->last + ya->step * 1e-6;
         v += ya->step) {
        double y = round(map_y(p, ya, v)) + 0.5;
        set_color(cr, grid);
        cairo_move_to(cr, p->x, y);
        cairo_line_to(cr, p->x + p->w, y);
        cairo_stroke(cr);
        set_color(cr, ink);
        cairo_move_to(cr, p->x - 5, y);
        cairo_line_to(cr, p->x, y);
        cairo_stroke(cr);
        tick_label(v, ya->step, buf, sizeof buf);
        text_at(cr, buf, p->x - 8, y, 1, 0.5);
    }
    /* Epoch ticks: multiples of the step, and epoch 1. */
    for (double v = xa->first; v <= xa->last + 1e-9;
         v = (v == 1 && xa->step > 1) ? xa->step : v + xa->step) {
        double x = round(map_x(p, xa, v)) + 0.5;
        set_color(cr, grid);
        cairo_move_to(cr, x, p->y);
        cairo_line_to(cr, x, p->y + p->h);
        cairo_stroke(cr);
        set_color(cr, ink);
        cairo_move_to(cr, x, p->y + p->h);
        cairo_line_to(cr, x, p->y + p->h + 5);
        cairo_stroke(cr);
        snprintf(buf, sizeof buf, "%.0f", v);
        text_at(cr, buf, x, p->y + p->h + 9, 0.5, 0);
    }
    /* The frame. */
    set_color(cr, ink);
    cairo_rectangle(cr, round(p->x) + 0.5, round(p->y) + 0.5, round(p->w),
                    round(p->h));
    cairo_stroke(cr);

    /* Axis labels, the y one turned a quarter. */
    set_font(cr, 13, 0);
    text_at(cr, xlabel, p->x + p->w / 2, p->y + p->h + 34, 0.5, 0);
    cairo_save(cr);
    cairo_translate(cr, p->x - 62, p->y + p->h / 2);
    cairo_rotate(cr, -PI / 2);
    text_at(cr, ylabel, 0, 0, 0.5, 0.5);
    cairo_restore(cr);
}

static int has_finite(const float *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i]))
            return 1;
    return 0;
}

static void draw_series(cairo_t *cr, const panel *p, const axis *xa,
                        const axis *ya, const series *s, size_t n)
{
    static const double dash[] = {7, 4};
    cairo_save(cr);
    set_color(cr, s->color);
    cairo_set_line_width(cr, 2.2);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_dash(cr, dash, s->dashed ? 2 : 0, 0);
    int pen_down = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(s->v[i])) {
            pen_down = 0;
            continue;
        }
        double x = map_x(p, xa, (double)(i + 1)), y = map_y(p, ya, s->v[i]);
        if (pen_down)
            cairo_line_to(cr, x, y);
        else
            cairo_move_to(cr, x, y);
        pen_down = 1;
    }
    cairo_stroke(cr);
    if (n <= MAX_MARKERS) {
        cairo_set_dash(cr, NULL, 0, 0);
        for (size_t i = 0; i < n; i++) {
            if (!isfinite(s->v[i]))
                continue;
            cairo_new_sub_path(cr);
            cairo_arc(cr, map_x(p, xa, (double)(i + 1)),
                      map_y(p, ya, s->v[i]), 3.2, 0, 2 * PI);
        }
        cairo_fill(cr);
    }
    cairo_restore(cr);
}

/* How much of the curves a box covers: points inside it, and points
 * halfway between neighbours (so a line crossing it counts too). */
static int covered(const panel *p, const axis *xa, const axis *ya,
                   const series *s, size_t count, size_t n, double bx,
                   double by, double bw, double bh)
{
    const double margin = 6;
    int hits = 0;
    for (size_t k = 0; k < count; k++)
        for (size_t i = 0; i < n; i++) {
            for (int half = 0; half < 2; half++) {
                size_t j = i + (size_t)half;
                if (j >= n || !isfinite(s[k].v[i]) || !isfinite(s[k].v[j]))
                    continue;
                double x = map_x(p, xa, (double)i + 1 + 0.5 * half);
                double y = map_y(p, ya, (s[k].v[i] + s[k].v[j]) / 2);
                hits += x > bx - margin && x < bx + bw + margin &&
                        y > by - margin && y < by + bh + margin;
            }
        }
    return hits;
}

/* The legend, in the panel corner the curves leave freest (top right
 * first, where falling losses leave room). */
static void draw_legend(cairo_t *cr, const panel *p, const axis *xa,
                        const axis *ya, const series *s, size_t count,
                        size_t n)
{
    static const double dash[] = {7, 4};
    const double row = 20, sample = 28, pad = 9;
    double text_w = 0;
    set_font(cr, 12, 0);
    for (size_t k = 0; k < count; k++) {
        cairo_text_extents_t e;
        cairo_text_extents(cr, s[k].label, &e);
        text_w = fmax(text_w, e.x_advance);
    }
    double w = pad + sample + 8 + text_w + pad, h = pad * 2 + row * count - 4;
    const double corners[4][2] = {{1, 0}, {1, 1}, {0, 0}, {0, 1}};
    double x = 0, y = 0;
    int best = -1;
    for (int c = 0; c < 4; c++) {
        double cx = corners[c][0] ? p->x + p->w - w - 10 : p->x + 10;
        double cy = corners[c][1] ? p->y + p->h - h - 10 : p->y + 10;
        int hits = covered(p, xa, ya, s, count, n, cx, cy, w, h);
        if (best < 0 || hits < best) {
            best = hits;
            x = cx;
            y = cy;
        }
    }

    cairo_rectangle(cr, x, y, w, h);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.9);
    cairo_fill_preserve(cr);
    set_color(cr, (rgb){0.7, 0.7, 0.7});
    cairo_set_line_width(cr, 1);
    cairo_stroke(cr);
    for (size_t k = 0; k < count; k++) {
        double cy = y + pad + row * (double)k + 8;
        set_color(cr, s[k].color);
        cairo_set_line_width(cr, 2.2);
        cairo_set_dash(cr, dash, s[k].dashed ? 2 : 0, 0);
        cairo_move_to(cr, x + pad, cy);
        cairo_line_to(cr, x + pad + sample, cy);
        cairo_stroke(cr);
        cairo_set_dash(cr, NULL, 0, 0);
        if (n <= MAX_MARKERS) {
            cairo_arc(cr, x + pad + sample / 2, cy, 3.2, 0, 2 * PI);
            cairo_fill(cr);
        }
        set_color(cr, ink);
        text_at(cr, s[k].label, x + pad + sample + 8, cy, 0, 0.5);
    }
}

static void draw_panel(cairo_t *cr, const panel *p, const char *title,
                       const char *ylabel, const series *all, size_t n,
                       int is_fraction)
{
    /* Only the series with something to show take part. */
    series s[2];
    size_t count = 0;
    for (size_t k = 0; k < 2; k++)
        if (has_finite(all[k].v, n))
            s[count++] = all[k];

    set_color(cr, ink);
    set_font(cr, 15, 1);
    text_at(cr, title, p->x + p->w / 2, p->y - 14, 0.5, 1);

    axis xa = epoch_axis(n);
    if (count == 0) {
        set_color(cr, ink);
        cairo_set_line_width(cr, 1);
        cairo_rectangle(cr, round(p->x) + 0.5, round(p->y) + 0.5,
                        round(p->w), round(p->h));
        cairo_stroke(cr);
        set_font(cr, 13, 0);
        text_at(cr, "not computed for this loss", p->x + p->w / 2,
                p->y + p->h / 2, 0.5, 0.5);
        return;
    }
    axis ya = value_axis(s, count, n, is_fraction);
    draw_axes(cr, p, &xa, &ya, "epoch", ylabel);
    for (size_t k = 0; k < count; k++)
        draw_series(cr, p, &xa, &ya, &s[k], n);
    draw_legend(cr, p, &xa, &ya, s, count, n);
}

/* Reads one metric of every epoch of the history. */
static float *history_column(const nn_model *m, nn_metric metric, size_t n)
{
    float *v = malloc(n * sizeof *v);
    if (!v)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (nn_model_history_get(m, i, metric, &v[i]) != NN_OK)
            v[i] = NAN;
    return v;
}

int nn_cli_plot_history(const nn_model *m, const char *path,
                        const char *title, const char *subtitle)
{
    size_t n = nn_model_history_len(m);
    if (n == 0)
        return nn_cli_fail("cannot plot to '%s': the model has no training "
                           "history", path);

    float *cols[NN_METRIC_COUNT] = {NULL};
    int rc = 0;
    for (int k = 0; k < NN_METRIC_COUNT; k++)
        if (!(cols[k] = history_column(m, (nn_metric)k, n)))
            rc = nn_cli_fail("out of memory");

    cairo_surface_t *surface =
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, WIDTH, HEIGHT);
    cairo_t *cr = cairo_create(surface);
    if (rc == 0) {
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
        set_color(cr, ink);
        set_font(cr, 18, 1);
        text_at(cr, title, WIDTH / 2.0, 14, 0.5, 0);
        if (subtitle && subtitle[0]) {
            set_color(cr, (rgb){0.4, 0.4, 0.4});
            set_font(cr, 12, 0);
            text_at(cr, subtitle, WIDTH / 2.0, 40, 0.5, 0);
        }

        double panel_w = (WIDTH - 2 * OUTER_MARGIN - PANEL_GAP) / 2;
        series loss[2] = {
            {cols[NN_METRIC_LOSS], "training", train_color, 0},
            {cols[NN_METRIC_VAL_LOSS], "validation", val_color, 1}};
        series acc[2] = {
            {cols[NN_METRIC_ACCURACY], "training", train_color, 0},
            {cols[NN_METRIC_VAL_ACCURACY], "validation", val_color, 1}};
        for (int k = 0; k < 2; k++) {
            panel p = {OUTER_MARGIN + k * (panel_w + PANEL_GAP) + MARGIN_LEFT,
                       TITLE_BAND + MARGIN_TOP,
                       panel_w - MARGIN_LEFT - MARGIN_RIGHT,
                       HEIGHT - TITLE_BAND - MARGIN_TOP - MARGIN_BOTTOM};
            if (k == 0)
                draw_panel(cr, &p, "Loss", "loss", loss, n, 0);
            else
                draw_panel(cr, &p, "Accuracy", "accuracy", acc, n, 1);
        }
        cairo_surface_flush(surface);
        cairo_status_t cs = cairo_status(cr);
        if (cs == CAIRO_STATUS_SUCCESS)
            cs = cairo_surface_write_to_png(surface, path);
        if (cs != CAIRO_STATUS_SUCCESS)
            rc = nn_cli_fail("cannot write the plot '%s': %s", path,
                             cairo_status_to_string(cs));
    }
    cairo_destroy(cr);
    cairo_surface_destroy(surface);
    /* The tool draws one image per run: give back cairo's font caches now
     * so that leak checkers see a clean exit. */
    cairo_debug_reset_static_data();
    for (int k = 0; k < NN_METRIC_COUNT; k++)
        free(cols[k]);
    return rc;
}

#endif /* NN_CLI_HAVE_CAIRO */
