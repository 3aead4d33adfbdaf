/*
 * measures.c - image statistics from empirical aesthetics (see measures.h
 * for each formula and its source, docs/ART.md for the discussion).
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#include <kiss_fftnd.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "measures.h"
#include "resample.h"

#define ART_PI 3.14159265358979323846

/* ---------------------------------------------------------------------
 * Building blocks
 * ------------------------------------------------------------------- */

void art_luma(const float *rgb, size_t pixels, float *grey)
{
    for (size_t i = 0; i < pixels; i++)
        grey[i] = 0.299f * rgb[3 * i] + 0.587f * rgb[3 * i + 1] +
                  0.114f * rgb[3 * i + 2];
}

/* IEC 61966-2-1: gamma-encoded sRGB to linear light. */
static double srgb_linear(double c)
{
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

double art_lightness(float r, float g, float b)
{
    double y = 0.2126 * srgb_linear(r) + 0.7152 * srgb_linear(g) +
               0.0722 * srgb_linear(b);
    const double eps = 216.0 / 24389.0; /* (6/29)^3 */
    const double kappa = 24389.0 / 27.0; /* (29/3)^3 */
    return y > eps ? 116.0 * cbrt(y) - 16.0 : kappa * y;
}

double art_binarise(const float *grey, size_t pixels, unsigned char *mask)
{
    double mean = 0.0;
    for (size_t i = 0; i < pixels; i++)
        mean += grey[i];
    mean /= (double)pixels;
    size_t ones = 0;
    for (size_t i = 0; i < pixels; i++) {
        mask[i] = (double)grey[i] < mean;
        ones += mask[i];
    }
    return (double)ones / (double)pixels;
}

/* Least squares y = a + b x over n points; returns b and sets *a and the
 * RMS residual *rms. */
static double fit_line(const double *x, const double *y, int n, double *a,
                       double *rms)
{
    double mx = 0, my = 0;
    for (int i = 0; i < n; i++) {
        mx += x[i];
        my += y[i];
    }
    mx /= n;
    my /= n;
    double sxx = 0, sxy = 0;
    for (int i = 0; i < n; i++) {
        sxx += (x[i] - mx) * (x[i] - mx);
        sxy += (x[i] - mx) * (y[i] - my);
    }
    double b = sxx > 0 ? sxy / sxx : 0.0;
    double icept = my - b * mx;
    double ss = 0;
    for (int i = 0; i < n; i++) {
        double r = y[i] - (icept + b * x[i]);
        ss += r * r;
    }
    if (a)
        *a = icept;
    if (rms)
        *rms = sqrt(ss / n);
    return b;
}

/* ---------------------------------------------------------------------
 * Fourier spectral slope
 * ------------------------------------------------------------------- */

void art_spectrum_opts_redies(art_spectrum_opts *o)
{
    o->quantity = ART_SPECTRUM_POWER;
    o->frame = ART_FRAME_RESIZE_PAD;
    o->frame_side = 1024;
    o->f_lo = 10.0;
    o->f_hi = 256.0;
    o->bins = 20;
}

void art_spectrum_opts_amplitude(art_spectrum_opts *o)
{
    o->quantity = ART_SPECTRUM_AMPLITUDE;
    o->frame = ART_FRAME_CENTRE_CROP;
    o->frame_side = 0;
    o->f_lo = 1.0;
    o->f_hi = 0.0;
    o->bins = 20;
}

/* Builds the square frame the spectrum is taken of: *n x *n complex
 * values with the frame's mean subtracted. */
static kiss_fft_cpx *make_frame(const float *grey, int w, int h,
                                const art_spectrum_opts *o, int *n_out)
{
    int n;
    float *tmp = NULL;
    const float *src = grey;
    int sw = w, sh = h, ox = 0, oy = 0; /* the part of src used */
    int px = 0, py = 0;                 /* where it lands in the frame */
    double mean = 0.0;

    if (o->frame == ART_FRAME_RESIZE_PAD &&
        (w <= o->frame_side && h <= o->frame_side)) {
        /* Never enlarged: the picture is padded at its own resolution, so
         * a ring of radius r is still r cycles per (long side of the)
         * image, and the band ends at its Nyquist frequency. */
        n = w > h ? w : h;
        sw = w;
        sh = h;
        px = (n - sw) / 2;
        py = (n - sh) / 2;
    } else if (o->frame == ART_FRAME_RESIZE_PAD) {
        n = o->frame_side;
        if (w >= h) {
            sw = n;
            sh = (int)lround((double)h * n / w);
        } else {
            sh = n;
            sw = (int)lround((double)w * n / h);
        }
        if (sw < 1)
            sw = 1;
        if (sh < 1)
            sh = 1;
        tmp = malloc((size_t)sw * (size_t)sh * sizeof *tmp);
        if (!tmp || art_resample(grey, w, h, 1, tmp, sw, sh) != 0) {
            free(tmp);
            return NULL;
        }
        src = tmp;
        px = (n - sw) / 2;
        py = (n - sh) / 2;
    } else {
        n = w < h ? w : h;
        ox = (w - n) / 2;
        oy = (h - n) / 2;
        sw = sh = n;
    }
    int stride = src == tmp ? sw : w;
    for (int y = 0; y < sh; y++)
        for (int x = 0; x < sw; x++)
            mean += src[(size_t)(y + oy) * (size_t)stride + (size_t)(x + ox)];
    mean /= (double)sw * (double)sh;

    kiss_fft_cpx *f = calloc((size_t)n * (size_t)n, sizeof *f);
    if (!f) {
        free(tmp);
        return NULL;
    }
    /* The padding is the mean grey, i.e. 0 after the mean is removed. */
    for (int y = 0; y < sh; y++)
        for (int x = 0; x < sw; x++)
            f[(size_t)(y + py) * (size_t)n + (size_t)(x + px)].r =
                (float)(src[(size_t)(y + oy) * (size_t)stride +
                            (size_t)(x + ox)] -
                        mean);
    free(tmp);
    *n_out = n;
    return f;
}

int art_spectrum_slope(const float *grey, int w, int h,
                       const art_spectrum_opts *o, art_spectrum_fit *out)
{
    out->slope = out->intercept = out->sigma = NAN;
    out->points = 0;
    if (w < 8 || h < 8 || o->bins < 2)
        return -1;
    int n;
    kiss_fft_cpx *f = make_frame(grey, w, h, o, &n);
    if (!f)
        return -1;
    double f_hi = o->f_hi > 0 ? o->f_hi : n / 2.0;
    if (f_hi > n / 2.0)
        f_hi = n / 2.0;
    int r_lo = (int)ceil(o->f_lo), r_hi = (int)floor(f_hi);
    if (r_lo < 1)
        r_lo = 1;
    int dims[2] = {n, n};
    kiss_fftnd_cfg cfg = kiss_fftnd_alloc(dims, 2, 0, NULL, NULL);
    kiss_fft_cpx *spec = malloc((size_t)n * (size_t)n * sizeof *spec);
    int nrings = r_hi + 1;
    double *ring_q = calloc((size_t)nrings, sizeof *ring_q);
    double *ring_f = calloc((size_t)nrings, sizeof *ring_f);
    size_t *ring_n = calloc((size_t)nrings, sizeof *ring_n);
    double *bx = calloc((size_t)o->bins, sizeof *bx);
    double *by = calloc((size_t)o->bins, sizeof *by);
    int *bn = calloc((size_t)o->bins, sizeof *bn);
    int rc = -1;
    if (!cfg || !spec || !ring_q || !ring_f || !ring_n || !bx || !by || !bn ||
        r_hi <= r_lo)
        goto done;
    kiss_fftnd(cfg, f, spec);

    /* Rings of integer radius: mean quantity, mean radius. */
    for (int v = 0; v < n; v++) {
        double fv = v <= n / 2 ? v : v - n;
        for (int u = 0; u < n; u++) {
            double fu = u <= n / 2 ? u : u - n;
            double rad = sqrt(fu * fu + fv * fv);
            long ring = lround(rad);
            if (ring < r_lo || ring > r_hi)
                continue;
            const kiss_fft_cpx c = spec[(size_t)v * (size_t)n + (size_t)u];
            double p = (double)c.r * c.r + (double)c.i * c.i;
            ring_q[ring] += o->quantity == ART_SPECTRUM_POWER ? p : sqrt(p);
            ring_f[ring] += rad;
            ring_n[ring]++;
        }
    }
    /* Log-spaced bins over the band; a bin's point is the mean of its
     * rings' log frequency and log quantity. */
    double l0 = log10((double)r_lo), l1 = log10((double)r_hi);
    double width = (l1 - l0) / o->bins;
    for (int r = r_lo; r <= r_hi; r++) {
        if (ring_n[r] == 0 || ring_q[r] <= 0)
            continue;
        double lf = log10(ring_f[r] / (double)ring_n[r]);
        double lq = log10(ring_q[r] / (double)ring_n[r]);
        int b = width > 0 ? (int)((log10((double)r) - l0) / width) : 0;
        if (b >= o->bins)
            b = o->bins - 1;
        if (b < 0)
            b = 0;
        bx[b] += lf;
        by[b] += lq;
        bn[b]++;
    }
    int pts = 0;
    for (int b = 0; b < o->bins; b++)
        if (bn[b] > 0) {
            bx[pts] = bx[b] / bn[b];
            by[pts] = by[b] / bn[b];
            pts++;
        }
    if (pts < 2)
        goto done;
    out->slope = fit_line(bx, by, pts, &out->intercept, &out->sigma);
    out->points = pts;
    rc = 0;
done:
    free(f);
    free(spec);
    kiss_fft_free(cfg);
    free(ring_q);
    free(ring_f);
    free(ring_n);
    free(bx);
    free(by);
    free(bn);
    return rc;
}

/* ---------------------------------------------------------------------
 * Fractal dimension by box counting
 * ------------------------------------------------------------------- */

double art_box_dimension(const unsigned char *mask, int w, int h,
                         art_box_variant variant)
{
    /* A summed-area table gives the ones in any box in four reads:
     * sat[(y) (w+1) + x] = ones in rows < y, columns < x. */
    size_t sw = (size_t)w + 1;
    uint32_t *sat = calloc(sw * ((size_t)h + 1), sizeof *sat);
    if (!sat)
        return NAN;
    for (int y = 0; y < h; y++) {
        uint32_t run = 0;
        for (int x = 0; x < w; x++) {
            run += mask[(size_t)y * (size_t)w + (size_t)x] ? 1u : 0u;
            sat[((size_t)y + 1) * sw + (size_t)x + 1] =
                sat[(size_t)y * sw + (size_t)x + 1] + run;
        }
    }
    double lx[32], ly[32];
    int pts = 0;
    int side = w < h ? w : h;
    for (int s = 2; s <= side / 4 && pts < 32; s *= 2) {
        size_t count = 0;
        for (int y0 = 0; y0 < h; y0 += s) {
            int y1 = y0 + s < h ? y0 + s : h;
            for (int x0 = 0; x0 < w; x0 += s) {
                int x1 = x0 + s < w ? x0 + s : w;
                uint32_t ones = sat[(size_t)y1 * sw + (size_t)x1] -
                                sat[(size_t)y0 * sw + (size_t)x1] -
                                sat[(size_t)y1 * sw + (size_t)x0] +
                                sat[(size_t)y0 * sw + (size_t)x0];
                uint32_t area = (uint32_t)(y1 - y0) * (uint32_t)(x1 - x0);
                if (variant == ART_BOX_OCCUPIED ? ones > 0
                                                : ones > 0 && ones < area)
                    count++;
            }
        }
        if (count > 0) {
            lx[pts] = log(1.0 / s);
            ly[pts] = log((double)count);
            pts++;
        }
    }
    free(sat);
    return pts < 2 ? 0.0 : fit_line(lx, ly, pts, NULL, NULL);
}

/* ---------------------------------------------------------------------
 * Lightness entropy, colourfulness
 * ------------------------------------------------------------------- */

double art_lightness_entropy(const float *rgb, size_t pixels)
{
    size_t hist[256] = {0};
    for (size_t i = 0; i < pixels; i++) {
        double l = art_lightness(rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]);
        long b = lround(l * 255.0 / 100.0);
        hist[b < 0 ? 0 : b > 255 ? 255 : b]++;
    }
    double hsum = 0.0;
    for (int b = 0; b < 256; b++)
        if (hist[b]) {
            double p = (double)hist[b] / (double)pixels;
            hsum -= p * log2(p);
        }
    return hsum;
}

double art_colourfulness(const float *rgb, size_t pixels)
{
    double srg = 0, syb = 0, srg2 = 0, syb2 = 0;
    for (size_t i = 0; i < pixels; i++) {
        double r = 255.0 * rgb[3 * i], g = 255.0 * rgb[3 * i + 1],
               b = 255.0 * rgb[3 * i + 2];
        double rg = r - g, yb = 0.5 * (r + g) - b;
        srg += rg;
        syb += yb;
        srg2 += rg * rg;
        syb2 += yb * yb;
    }
    double n = (double)pixels;
    double mrg = srg / n, myb = syb / n;
    double vrg = srg2 / n - mrg * mrg, vyb = syb2 / n - myb * myb;
    if (vrg < 0)
        vrg = 0;
    if (vyb < 0)
        vyb = 0;
    return sqrt(vrg + vyb) + 0.3 * sqrt(mrg * mrg + myb * myb);
}

const char *art_colourfulness_word(double m)
{
    static const double anchor[] = {0, 15, 33, 45, 59, 82, 109};
    static const char *const word[] = {"not",   "slightly", "moderately",
                                       "averagely", "quite", "highly",
                                       "extremely"};
    int best = 0;
    for (int i = 1; i < 7; i++)
        if (fabs(m - anchor[i]) < fabs(m - anchor[best]))
            best = i;
    return word[best];
}

/* ---------------------------------------------------------------------
 * Edge-orientation entropy
 * ------------------------------------------------------------------- */

#define EOE_ORIENTATIONS 24
#define EOE_AREA 120000.0
#define EOE_F0 0.125    /* cycles/pixel: an 8-pixel wavelength */
#define EOE_SIGMA_F 0.04 /* cycles/pixel */
#define EOE_MARGIN 12    /* pixels ignored along the border */

/* Mirror-extends a w x h picture by m pixels on every side into an
 * nw x nh complex array (nw >= w + 2m, nh >= h + 2m); the rest repeats
 * the reflection (reflect-101 indexing, folded until in range). */
static int reflect(int i, int n)
{
    if (n == 1)
        return 0;
    int period = 2 * (n - 1);
    i %= period;
    if (i < 0)
        i += period;
    return i < n ? i : period - i;
}

double art_edge_orientation_entropy(const float *grey, int w, int h)
{
    /* A fixed scale: about 120 000 pixels whatever the file's size. */
    double f = sqrt(EOE_AREA / ((double)w * (double)h));
    int rw = (int)lround(w * f), rh = (int)lround(h * f);
    if (rw < 2 * EOE_MARGIN + 4 || rh < 2 * EOE_MARGIN + 4)
        return 0.0;
    int m = EOE_MARGIN + 4;
    int nw = kiss_fft_next_fast_size(rw + 2 * m);
    int nh = kiss_fft_next_fast_size(rh + 2 * m);
    size_t npx = (size_t)nw * (size_t)nh;
    double result = NAN;

    float *img = malloc((size_t)rw * (size_t)rh * sizeof *img);
    kiss_fft_cpx *buf = calloc(npx, sizeof *buf);
    kiss_fft_cpx *spec = malloc(npx * sizeof *spec);
    kiss_fft_cpx *resp = malloc(npx * sizeof *resp);
    float *best = calloc((size_t)rw * (size_t)rh, sizeof *best);
    unsigned char *arg = calloc((size_t)rw * (size_t)rh, 1);
    int dims[2] = {nh, nw};
    kiss_fftnd_cfg fwd = kiss_fftnd_alloc(dims, 2, 0, NULL, NULL);
    kiss_fftnd_cfg inv = kiss_fftnd_alloc(dims, 2, 1, NULL, NULL);
    if (!img || !buf || !spec || !resp || !best || !arg || !fwd || !inv ||
        art_resample(grey, w, h, 1, img, rw, rh) != 0)
        goto done;

    double mean = 0, var = 0;
    size_t rn = (size_t)rw * (size_t)rh;
    for (size_t i = 0; i < rn; i++)
        mean += img[i];
    mean /= (double)rn;
    for (size_t i = 0; i < rn; i++)
        var += (img[i] - mean) * (img[i] - mean);
    /* Flat to within a fraction of an 8-bit level: no edges to orient
     * (only rounding noise, whose orientations mean nothing). */
    if (var / (double)rn < 1e-8) {
        result = 0.0;
        goto done;
    }
    /* The picture sits at (m, m); the frame around it is its mirror. */
    for (int y = 0; y < nh; y++)
        for (int x = 0; x < nw; x++) {
            int sx = reflect(x - m, rw), sy = reflect(y - m, rh);
            buf[(size_t)y * (size_t)nw + (size_t)x].r =
                (float)(img[(size_t)sy * (size_t)rw + (size_t)sx] - mean);
        }
    kiss_fftnd(fwd, buf, spec);

    for (int k = 0; k < EOE_ORIENTATIONS; k++) {
        double th = ART_PI * k / EOE_ORIENTATIONS;
        double cx = EOE_F0 * cos(th), cy = EOE_F0 * sin(th);
        for (int v = 0; v < nh; v++) {
            double fy = (double)(v <= nh / 2 ? v : v - nh) / nh;
            for (int u = 0; u < nw; u++) {
                double fx = (double)(u <= nw / 2 ? u : u - nw) / nw;
                double d2 = (fx - cx) * (fx - cx) + (fy - cy) * (fy - cy);
                float g = (float)exp(-d2 / (2 * EOE_SIGMA_F * EOE_SIGMA_F));
                size_t i = (size_t)v * (size_t)nw + (size_t)u;
                buf[i].r = spec[i].r * g;
                buf[i].i = spec[i].i * g;
            }
        }
        kiss_fftnd(inv, buf, resp);
        for (int y = EOE_MARGIN; y < rh - EOE_MARGIN; y++)
            for (int x = EOE_MARGIN; x < rw - EOE_MARGIN; x++) {
                const kiss_fft_cpx c =
                    resp[(size_t)(y + m) * (size_t)nw + (size_t)(x + m)];
                float mag = sqrtf(c.r * c.r + c.i * c.i);
                size_t j = (size_t)y * (size_t)rw + (size_t)x;
                if (mag > best[j]) {
                    best[j] = mag;
                    arg[j] = (unsigned char)k;
                }
            }
    }
    double hist[EOE_ORIENTATIONS] = {0}, total = 0;
    for (int y = EOE_MARGIN; y < rh - EOE_MARGIN; y++)
        for (int x = EOE_MARGIN; x < rw - EOE_MARGIN; x++) {
            size_t j = (size_t)y * (size_t)rw + (size_t)x;
            hist[arg[j]] += best[j];
            total += best[j];
        }
    result = 0.0;
    if (total > 0)
        for (int k = 0; k < EOE_ORIENTATIONS; k++)
            if (hist[k] > 0) {
                double p = hist[k] / total;
                result -= p * log2(p);
            }
done:
    free(img);
    free(buf);
    free(spec);
    free(resp);
    free(best);
    free(arg);
    kiss_fft_free(fwd);
    kiss_fft_free(inv);
    return result;
}

/* ---------------------------------------------------------------------
 * Symmetry, compression
 * ------------------------------------------------------------------- */

double art_mirror_symmetry(const unsigned char *mask, int w, int h,
                           int vertical_axis)
{
    size_t agree = 0, ones = 0, n = (size_t)w * (size_t)h;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            int my = vertical_axis ? y : h - 1 - y;
            int mx = vertical_axis ? w - 1 - x : x;
            unsigned char a = mask[(size_t)y * (size_t)w + (size_t)x];
            unsigned char b = mask[(size_t)my * (size_t)w + (size_t)mx];
            agree += a == b;
            ones += a != 0;
        }
    double p = (double)ones / (double)n;
    double po = (double)agree / (double)n;
    double pe = p * p + (1 - p) * (1 - p);
    if (pe >= 1.0)
        return 100.0;
    double kappa = (po - pe) / (1 - pe);
    return kappa > 0 ? 100.0 * kappa : 0.0;
}

double art_compression_ratio(const float *rgb, size_t pixels)
{
    size_t raw = pixels * 3;
    unsigned char *bytes = malloc(raw);
    uLongf cap = compressBound((uLong)raw);
    unsigned char *z = malloc(cap);
    double ratio = NAN;
    if (bytes && z) {
        for (size_t i = 0; i < raw; i++) {
            float v = rgb[i];
            bytes[i] = !(v > 0.0f) ? 0
                       : v >= 1.0f ? 255
                                   : (unsigned char)lrintf(v * 255.0f);
        }
        if (compress2(z, &cap, bytes, (uLong)raw, 9) == Z_OK)
            ratio = (double)cap / (double)raw;
    }
    free(bytes);
    free(z);
    return ratio;
}

/* ---------------------------------------------------------------------
 * Everything at once, ranges, closeness
 * ------------------------------------------------------------------- */

int art_measure_all(const float *rgb, int w, int h, art_measures *out)
{
    for (int i = 0; i < ART_M_COUNT; i++)
        out->v[i] = NAN;
    if (w < 16 || h < 16)
        return -1;
    size_t n = (size_t)w * (size_t)h;
    float *grey = malloc(n * sizeof *grey);
    unsigned char *mask = malloc(n);
    int rc = -1;
    if (!grey || !mask)
        goto done;
    art_luma(rgb, n, grey);

    art_spectrum_opts o;
    art_spectrum_fit fit;
    art_spectrum_opts_redies(&o);
    if (art_spectrum_slope(grey, w, h, &o, &fit) != 0)
        goto done;
    out->v[ART_M_SLOPE_POWER] = fit.slope;
    out->v[ART_M_SLOPE_POWER_SIGMA] = fit.sigma;
    art_spectrum_opts_amplitude(&o);
    if (art_spectrum_slope(grey, w, h, &o, &fit) != 0)
        goto done;
    out->v[ART_M_SLOPE_AMPLITUDE] = fit.slope;
    out->v[ART_M_SLOPE_AMPLITUDE_SIGMA] = fit.sigma;

    art_binarise(grey, n, mask);
    out->v[ART_M_FRACTAL_DIMENSION] =
        art_box_dimension(mask, w, h, ART_BOX_BOUNDARY);
    out->v[ART_M_SYMMETRY_LR] = art_mirror_symmetry(mask, w, h, 1);
    out->v[ART_M_SYMMETRY_UD] = art_mirror_symmetry(mask, w, h, 0);
    out->v[ART_M_LIGHTNESS_ENTROPY] = art_lightness_entropy(rgb, n);
    out->v[ART_M_COLOURFULNESS] = art_colourfulness(rgb, n);
    out->v[ART_M_EDGE_ORIENTATION_ENTROPY] =
        art_edge_orientation_entropy(grey, w, h);
    out->v[ART_M_COMPRESSION_RATIO] = art_compression_ratio(rgb, n);
    rc = 0;
    for (int i = 0; i < ART_M_COUNT; i++)
        if (isnan(out->v[i]))
            rc = -1;
done:
    free(grey);
    free(mask);
    return rc;
}

/* The ranges: mean +- sd over JenAesthetics paintings and AVA photographs
 * as reported for the Aesthetics Toolbox (Redies et al. 2025); the
 * amplitude slope's from Spehar-style amplitude spectra of the same
 * paintings. See docs/ART.md for the caveats. */
static const art_measure_info table[ART_M_COUNT] = {
    {"slope_power", "Fourier slope (power, 10-256 c/i)",
     "Redies et al. 2007; Aesthetics Toolbox",
     "1/f^2 power = -2 (Graham & Field 2007)", -2.66, 0.27, -2.57, 0.42, 1},
    {"slope_power_sigma", "  residual spread (log10)",
     "RMS residual of the fit above", "", NAN, NAN, NAN, NAN, 0},
    {"slope_amplitude", "Fourier slope (amplitude, full band)",
     "Spehar et al. 2016; Tolhurst et al. 1992",
     "natural photos -0.8..-1.5, mean -1.2", -1.27, 0.16, NAN, NAN, 0},
    {"slope_amplitude_sigma", "  residual spread (log10)",
     "RMS residual of the fit above", "", NAN, NAN, NAN, NAN, 0},
    {"fractal_dimension", "Fractal dimension (boundary boxes)",
     "box counting; Spehar et al. 2003",
     "preferred 1.3..1.5 (Spehar et al. 2003)", 1.45, 0.14, 1.41, 0.20, 1},
    {"lightness_entropy", "Lightness entropy (bits, max 8)",
     "Shannon entropy of L*; Aesthetics Toolbox", "", 7.16, 0.48, 6.97, 0.95,
     1},
    {"colourfulness", "Colourfulness M",
     "Hasler & Suesstrunk 2003 (signed rg)",
     "15 slightly, 33 moderately, 59 quite, 109 extremely", NAN, NAN, NAN,
     NAN, 0},
    {"edge_orientation_entropy", "Edge-orientation entropy (bits)",
     "Redies et al. 2017 (first order, 24 Gabor orientations)",
     "max log2 24 = 4.585", 4.36, 0.23, NAN, NAN, 1},
    {"symmetry_lr", "Mirror symmetry left-right (0-100)",
     "binarised, chance-corrected agreement",
     "JA value is CNN-based (Brachmann & Redies 2016)", 43.0, 21.0, NAN, NAN,
     0},
    {"symmetry_ud", "Mirror symmetry up-down (0-100)",
     "binarised, chance-corrected agreement", "", NAN, NAN, NAN, NAN, 0},
    {"compression_ratio", "Compression ratio (zlib, RGB)",
     "Machado & Cardoso 1998; Machado et al. 2015",
     "0 flat .. 1 noise: higher is more complex", NAN, NAN, NAN, NAN, 0},
};

const art_measure_info *art_measure_table(void)
{
    return table;
}

double art_closeness(const art_measures *m, double *distance)
{
    double ss = 0;
    int k = 0;
    for (int i = 0; i < ART_M_COUNT; i++) {
        if (!table[i].in_closeness)
            continue;
        double z = (m->v[i] - table[i].ja_mean) / table[i].ja_sd;
        if (isnan(z))
            z = 10.0; /* an unmeasurable picture is far from everything */
        ss += z * z;
        k++;
    }
    double d = sqrt(ss / k);
    if (distance)
        *distance = d;
    return 100.0 * exp(-d * d / 2.0);
}
