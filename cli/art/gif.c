/*
 * gif.c - animated GIFs with a shared median-cut palette (see gif.h).
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <fcntl.h>
#include <gif_lib.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gif.h"

/* Colours are first reduced to 5 bits a channel: 32768 histogram bins. */
#define BINS 32768

static unsigned to_byte(float v)
{
    if (!(v > 0.0f))
        return 0;
    if (v >= 1.0f)
        return 255;
    return (unsigned)lrintf(v * 255.0f);
}

static unsigned bin_of(const float *p)
{
    return ((to_byte(p[0]) >> 3) << 10) | ((to_byte(p[1]) >> 3) << 5) |
           (to_byte(p[2]) >> 3);
}

static unsigned chan(unsigned bin, int c)
{
    return (bin >> (10 - 5 * c)) & 31;
}

static int cmp_r(const void *a, const void *b)
{
    return (int)chan(*(const unsigned *)a, 0) -
           (int)chan(*(const unsigned *)b, 0);
}
static int cmp_g(const void *a, const void *b)
{
    return (int)chan(*(const unsigned *)a, 1) -
           (int)chan(*(const unsigned *)b, 1);
}
static int cmp_b(const void *a, const void *b)
{
    return (int)chan(*(const unsigned *)a, 2) -
           (int)chan(*(const unsigned *)b, 2);
}

typedef struct box {
    int lo, hi;  /* bins[lo .. hi) */
    int channel; /* the widest */
    unsigned range;
    double score; /* range^2 x pixels: the box's error budget */
} box;

static void measure_box(const unsigned *bins, const uint32_t *hist, box *b)
{
    unsigned mn[3] = {31, 31, 31}, mx[3] = {0, 0, 0};
    double pixels = 0;
    for (int i = b->lo; i < b->hi; i++)
        pixels += hist[bins[i]];
    for (int i = b->lo; i < b->hi; i++)
        for (int c = 0; c < 3; c++) {
            unsigned v = chan(bins[i], c);
            mn[c] = v < mn[c] ? v : mn[c];
            mx[c] = v > mx[c] ? v : mx[c];
        }
    b->channel = 0;
    b->range = mx[0] - mn[0];
    for (int c = 1; c < 3; c++)
        if (mx[c] - mn[c] > b->range) {
            b->range = mx[c] - mn[c];
            b->channel = c;
        }
    b->score = (double)b->range * b->range * pixels;
}

/* Median cut: fills @p map (256 entries) and @p lut (bin -> index);
 * returns the palette size. */
static int median_cut(const uint32_t *hist, GifColorType *map,
                      unsigned char *lut)
{
    unsigned *bins = malloc(BINS * sizeof *bins);
    if (!bins)
        return -1;
    int n = 0;
    for (unsigned i = 0; i < BINS; i++)
        if (hist[i])
            bins[n++] = i;
    box boxes[256];
    int nb = 1;
    boxes[0].lo = 0;
    boxes[0].hi = n;
    measure_box(bins, hist, &boxes[0]);
    while (nb < 256) {
        int pick = -1;
        /* The box whose colours spread most, weighted by its pixels. */
        for (int i = 0; i < nb; i++)
            if (boxes[i].hi - boxes[i].lo > 1 &&
                (pick < 0 || boxes[i].score > boxes[pick].score))
                pick = i;
        if (pick < 0 || boxes[pick].range == 0)
            break;
        box *b = &boxes[pick];
        int (*cmp)(const void *, const void *) =
            b->channel == 0 ? cmp_r : b->channel == 1 ? cmp_g : cmp_b;
        qsort(bins + b->lo, (size_t)(b->hi - b->lo), sizeof *bins, cmp);
        /* Split at the pixel-weighted median, leaving both sides
         * non-empty. */
        uint64_t total = 0, run = 0;
        for (int i = b->lo; i < b->hi; i++)
            total += hist[bins[i]];
        int cut = b->lo + 1;
        for (int i = b->lo; i < b->hi - 1; i++) {
            run += hist[bins[i]];
            cut = i + 1;
            if (2 * run >= total)
                break;
        }
        boxes[nb].lo = cut;
        boxes[nb].hi = b->hi;
        b->hi = cut;
        measure_box(bins, hist, b);
        measure_box(bins, hist, &boxes[nb]);
        nb++;
    }
    for (int k = 0; k < nb; k++) {
        double sum[3] = {0, 0, 0}, wsum = 0;
        for (int i = boxes[k].lo; i < boxes[k].hi; i++) {
            double wgt = hist[bins[i]];
            for (int c = 0; c < 3; c++)
                sum[c] += wgt * (chan(bins[i], c) * 8 + 4);
            wsum += wgt;
            lut[bins[i]] = (unsigned char)k;
        }
        map[k].Red = (GifByteType)lrint(sum[0] / wsum);
        map[k].Green = (GifByteType)lrint(sum[1] / wsum);
        map[k].Blue = (GifByteType)lrint(sum[2] / wsum);
    }
    /* Each colour then takes the nearest palette entry, which is not
     * always its own box's mean. */
    for (int i = 0; i < n; i++) {
        int r = (int)chan(bins[i], 0) * 8 + 4, g = (int)chan(bins[i], 1) * 8 + 4,
            b = (int)chan(bins[i], 2) * 8 + 4;
        int best = lut[bins[i]], bestd = -1;
        for (int k = 0; k < nb; k++) {
            int dr = r - map[k].Red, dg = g - map[k].Green,
                db = b - map[k].Blue;
            int d = dr * dr + dg * dg + db * db;
            if (bestd < 0 || d < bestd) {
                bestd = d;
                best = k;
            }
        }
        lut[bins[i]] = (unsigned char)best;
    }
    free(bins);
    return nb;
}

static int is_grey(const art_image *frames, int count)
{
    for (int f = 0; f < count; f++) {
        size_t n = (size_t)frames[f].w * (size_t)frames[f].h;
        for (size_t i = 0; i < n; i++) {
            const float *p = frames[f].rgb + 3 * i;
            if (to_byte(p[0]) != to_byte(p[1]) ||
                to_byte(p[0]) != to_byte(p[2]))
                return 0;
        }
    }
    return 1;
}

static int gif_fail(GifFileType *g, const char *path, int code, char *err,
                    size_t errlen)
{
    const char *why = GifErrorString(code);
    snprintf(err, errlen, "cannot write '%s': %s", path,
             why ? why : "giflib error");
    if (g) {
        int ignored;
        EGifCloseFile(g, &ignored);
    }
    return -1;
}

int art_gif_write(const char *path, const art_image *frames, int count,
                  int delay_cs, char *err, size_t errlen)
{
    int w = frames[0].w, h = frames[0].h;
    GifColorType colors[256];
    unsigned char *lut = NULL;
    uint32_t *hist = NULL;
    int ncolors = 256;
    int grey = is_grey(frames, count);
    if (grey) {
        for (int i = 0; i < 256; i++)
            colors[i].Red = colors[i].Green = colors[i].Blue =
                (GifByteType)i;
    } else {
        hist = calloc(BINS, sizeof *hist);
        lut = calloc(BINS, 1);
        if (!hist || !lut) {
            free(hist);
            free(lut);
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        for (int f = 0; f < count; f++)
            for (size_t i = 0; i < (size_t)w * (size_t)h; i++)
                hist[bin_of(frames[f].rgb + 3 * i)]++;
        ncolors = median_cut(hist, colors, lut);
        free(hist);
        if (ncolors < 0) {
            free(lut);
            snprintf(err, errlen, "out of memory");
            return -1;
        }
    }
    /* A GIF colour table has 2^k entries. */
    int size = 2;
    while (size < ncolors)
        size *= 2;
    for (int i = ncolors; i < size; i++)
        colors[i] = colors[0];
    ColorMapObject *cmap = GifMakeMapObject(size, colors);
    GifPixelType *line = malloc((size_t)w);
    if (!cmap || !line) {
        GifFreeMapObject(cmap);
        free(line);
        free(lut);
        snprintf(err, errlen, "out of memory");
        return -1;
    }

    int code = 0, rc = -1;
    /* giflib would create the file 0600; a picture is 0666 less the
     * umask, like every other file the tool writes. */
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (fd < 0) {
        snprintf(err, errlen, "cannot write '%s': %s", path, strerror(errno));
        goto done;
    }
    GifFileType *g = EGifOpenFileHandle(fd, &code);
    if (!g) {
        close(fd);
        gif_fail(NULL, path, code, err, errlen);
        goto done;
    }
    EGifSetGifVersion(g, true);
    if (EGifPutScreenDesc(g, w, h, 8, 0, cmap) == GIF_ERROR)
        goto fail;
    /* Loop forever: the NETSCAPE2.0 application extension. */
    static const GifByteType app[11] = {'N', 'E', 'T', 'S', 'C', 'A',
                                        'P', 'E', '2', '.', '0'};
    static const GifByteType loop[3] = {1, 0, 0};
    if (EGifPutExtensionLeader(g, APPLICATION_EXT_FUNC_CODE) == GIF_ERROR ||
        EGifPutExtensionBlock(g, 11, app) == GIF_ERROR ||
        EGifPutExtensionBlock(g, 3, loop) == GIF_ERROR ||
        EGifPutExtensionTrailer(g) == GIF_ERROR)
        goto fail;
    for (int f = 0; f < count; f++) {
        GraphicsControlBlock gcb = {DISPOSE_DO_NOT, false, delay_cs,
                                    NO_TRANSPARENT_COLOR};
        GifByteType ext[4];
        size_t len = EGifGCBToExtension(&gcb, ext);
        if (EGifPutExtension(g, GRAPHICS_EXT_FUNC_CODE, (int)len, ext) ==
                GIF_ERROR ||
            EGifPutImageDesc(g, 0, 0, w, h, false, NULL) == GIF_ERROR)
            goto fail;
        for (int y = 0; y < h; y++) {
            const float *row = frames[f].rgb + (size_t)y * (size_t)w * 3;
            for (int x = 0; x < w; x++)
                line[x] = grey ? (GifPixelType)to_byte(row[3 * x])
                               : lut[bin_of(row + 3 * x)];
            if (EGifPutLine(g, line, w) == GIF_ERROR)
                goto fail;
        }
    }
    if (EGifCloseFile(g, &code) == GIF_ERROR) {
        g = NULL;
        gif_fail(NULL, path, code, err, errlen);
        goto done;
    }
    rc = 0;
    goto done;
fail:
    gif_fail(g, path, g->Error, err, errlen);
done:
    GifFreeMapObject(cmap);
    free(line);
    free(lut);
    return rc;
}
