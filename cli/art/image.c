/*
 * image.c - float RGB pictures, their PNG files through cairo, and
 * resampling (see image.h).
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

#include "image.h"
#include "resample.h"

int art_image_alloc(art_image *im, int w, int h)
{
    im->w = im->h = 0;
    im->rgb = NULL;
    if (w < 1 || h < 1 || w > ART_IMAGE_MAX_SIDE || h > ART_IMAGE_MAX_SIDE)
        return -1;
    im->rgb = calloc((size_t)w * (size_t)h * 3, sizeof *im->rgb);
    if (!im->rgb)
        return -1;
    im->w = w;
    im->h = h;
    return 0;
}

void art_image_free(art_image *im)
{
    free(im->rgb);
    im->rgb = NULL;
    im->w = im->h = 0;
}

int art_image_load_png(const char *path, art_image *out, char *err,
                       size_t errlen)
{
    out->w = out->h = 0;
    out->rgb = NULL;
    errno = 0;
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    cairo_status_t st = cairo_surface_status(s);
    if (st != CAIRO_STATUS_SUCCESS) {
        /* cairo says "file not found" for every open error; errno still
         * holds the system's reason then. */
        int e = errno;
        if (st == CAIRO_STATUS_FILE_NOT_FOUND && e != 0)
            snprintf(err, errlen, "cannot read '%s': %s", path, strerror(e));
        else if (st == CAIRO_STATUS_READ_ERROR ||
                 st == CAIRO_STATUS_INVALID_FORMAT)
            snprintf(err, errlen, "cannot read '%s': not a PNG file cairo "
                                  "can decode (%s)",
                     path, cairo_status_to_string(st));
        else
            snprintf(err, errlen, "cannot read '%s': %s", path,
                     cairo_status_to_string(st));
        cairo_surface_destroy(s);
        return -1;
    }
    cairo_surface_flush(s);
    int w = cairo_image_surface_get_width(s);
    int h = cairo_image_surface_get_height(s);
    cairo_format_t fmt = cairo_image_surface_get_format(s);
    if (art_image_alloc(out, w, h) != 0) {
        snprintf(err, errlen, "cannot read '%s': %dx%d pixels is too large "
                              "(at most %d a side) or out of memory",
                 path, w, h, ART_IMAGE_MAX_SIDE);
        cairo_surface_destroy(s);
        return -1;
    }
    const unsigned char *data = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    for (int y = 0; y < h; y++) {
        const unsigned char *row = data + (size_t)y * (size_t)stride;
        for (int x = 0; x < w; x++) {
            float *p = out->rgb + ((size_t)y * (size_t)w + (size_t)x) * 3;
            if (fmt == CAIRO_FORMAT_A8) {
                /* An alpha-only surface: black ink over white. */
                float a = (float)row[x] / 255.0f;
                p[0] = p[1] = p[2] = 1.0f - a;
                continue;
            }
            uint32_t px;
            memcpy(&px, row + 4 * (size_t)x, 4);
            /* Premultiplied ARGB in native byte order: colour + (1 - a)
             * white is the picture composited over white. */
            float a = fmt == CAIRO_FORMAT_ARGB32
                          ? (float)((px >> 24) & 0xff) / 255.0f
                          : 1.0f;
            p[0] = (float)((px >> 16) & 0xff) / 255.0f + (1.0f - a);
            p[1] = (float)((px >> 8) & 0xff) / 255.0f + (1.0f - a);
            p[2] = (float)(px & 0xff) / 255.0f + (1.0f - a);
        }
    }
    cairo_surface_destroy(s);
    return 0;
}

static unsigned to_byte(float v)
{
    if (!(v > 0.0f)) /* NaN too */
        return 0;
    if (v >= 1.0f)
        return 255;
    return (unsigned)lrintf(v * 255.0f);
}

int art_image_save_png(const art_image *im, const char *path, char *err,
                       size_t errlen)
{
    cairo_surface_t *s =
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, im->w, im->h);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        snprintf(err, errlen, "cannot write '%s': %s", path,
                 cairo_status_to_string(cairo_surface_status(s)));
        cairo_surface_destroy(s);
        return -1;
    }
    cairo_surface_flush(s);
    unsigned char *data = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    for (int y = 0; y < im->h; y++) {
        unsigned char *row = data + (size_t)y * (size_t)stride;
        for (int x = 0; x < im->w; x++) {
            const float *p =
                im->rgb + ((size_t)y * (size_t)im->w + (size_t)x) * 3;
            uint32_t px = 0xff000000u | (to_byte(p[0]) << 16) |
                          (to_byte(p[1]) << 8) | to_byte(p[2]);
            memcpy(row + 4 * (size_t)x, &px, 4);
        }
    }
    cairo_surface_mark_dirty(s);
    errno = 0;
    cairo_status_t st = cairo_surface_write_to_png(s, path);
    int e = errno;
    cairo_surface_destroy(s);
    if (st != CAIRO_STATUS_SUCCESS) {
        if (st == CAIRO_STATUS_WRITE_ERROR && e != 0)
            snprintf(err, errlen, "cannot write '%s': %s", path, strerror(e));
        else
            snprintf(err, errlen, "cannot write '%s': %s", path,
                     cairo_status_to_string(st));
        return -1;
    }
    return 0;
}

int art_image_resize(const art_image *src, int w, int h, art_image *dst)
{
    if (art_image_alloc(dst, w, h) != 0)
        return -1;
    if (art_resample(src->rgb, src->w, src->h, 3, dst->rgb, w, h) != 0) {
        art_image_free(dst);
        return -1;
    }
    return 0;
}

static int parse_side(const char *s, char **end)
{
    if (*s < '0' || *s > '9')
        return -1;
    errno = 0;
    long v = strtol(s, end, 10);
    if (errno != 0 || v < 1 || v > ART_IMAGE_MAX_SIDE)
        return -1;
    return (int)v;
}

int art_parse_size(const char *text, int *w, int *h)
{
    char *end;
    int a = parse_side(text, &end);
    if (a < 0)
        return -1;
    if (*end == '\0') {
        *w = *h = a;
        return 0;
    }
    if (*end != 'x' && *end != 'X')
        return -1;
    int b = parse_side(end + 1, &end);
    if (b < 0 || *end != '\0')
        return -1;
    *w = a;
    *h = b;
    return 0;
}
