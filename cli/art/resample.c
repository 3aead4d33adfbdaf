/*
 * resample.c - separable triangle-filter resizing (see resample.h).
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "resample.h"

/* The taps of one output sample of a 1-D resampling. */
typedef struct taps {
    int first, count; /* source indices first .. first + count - 1 */
    size_t offset;    /* into the weight array */
} taps;

static int make_taps(int sn, int dn, taps **out_taps, float **out_w)
{
    double scale = (double)sn / (double)dn;
    double support = scale > 1.0 ? scale : 1.0;
    int max_count = (int)ceil(2.0 * support) + 2;
    taps *t = malloc((size_t)dn * sizeof *t);
    float *w = malloc((size_t)dn * (size_t)max_count * sizeof *w);
    if (!t || !w) {
        free(t);
        free(w);
        return -1;
    }
    for (int i = 0; i < dn; i++) {
        double centre = ((double)i + 0.5) * scale;
        int lo = (int)floor(centre - support);
        int hi = (int)ceil(centre + support);
        if (lo < 0)
            lo = 0;
        if (hi > sn - 1)
            hi = sn - 1;
        size_t off = (size_t)i * (size_t)max_count;
        double sum = 0.0;
        int n = 0;
        for (int j = lo; j <= hi && n < max_count; j++, n++) {
            double d = fabs(((double)j + 0.5 - centre) / support);
            double v = d < 1.0 ? 1.0 - d : 0.0;
            w[off + (size_t)n] = (float)v;
            sum += v;
        }
        for (int k = 0; k < n; k++)
            w[off + (size_t)k] = (float)(w[off + (size_t)k] / sum);
        t[i].first = lo;
        t[i].count = n;
        t[i].offset = off;
    }
    *out_taps = t;
    *out_w = w;
    return 0;
}

int art_resample(const float *src, int sw, int sh, int ch, float *dst,
                 int dw, int dh)
{
    if (sw < 1 || sh < 1 || dw < 1 || dh < 1 || ch < 1)
        return -1;
    size_t rowlen = (size_t)dw * (size_t)ch;
    float *mid = calloc((size_t)sh * rowlen, sizeof *mid);
    taps *tx = NULL, *ty = NULL;
    float *wx = NULL, *wy = NULL;
    int rc = -1;
    if (!mid || make_taps(sw, dw, &tx, &wx) != 0 ||
        make_taps(sh, dh, &ty, &wy) != 0)
        goto done;
    /* Rows first, then columns. */
    for (int y = 0; y < sh; y++) {
        const float *in = src + (size_t)y * (size_t)sw * (size_t)ch;
        float *o = mid + (size_t)y * rowlen;
        for (int x = 0; x < dw; x++) {
            const float *wt = wx + tx[x].offset;
            float *px = o + (size_t)x * (size_t)ch;
            for (int k = 0; k < tx[x].count; k++) {
                const float *p = in + (size_t)(tx[x].first + k) * (size_t)ch;
                for (int c = 0; c < ch; c++)
                    px[c] += wt[k] * p[c];
            }
        }
    }
    memset(dst, 0, (size_t)dh * rowlen * sizeof *dst);
    for (int y = 0; y < dh; y++) {
        float *o = dst + (size_t)y * rowlen;
        const float *wt = wy + ty[y].offset;
        for (int k = 0; k < ty[y].count; k++) {
            const float *in = mid + (size_t)(ty[y].first + k) * rowlen;
            for (size_t i = 0; i < rowlen; i++)
                o[i] += wt[k] * in[i];
        }
    }
    rc = 0;
done:
    free(mid);
    free(tx);
    free(wx);
    free(ty);
    free(wy);
    return rc;
}
