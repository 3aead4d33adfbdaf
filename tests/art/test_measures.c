/*
 * test_measures.c - the aesthetics measures of cli/art/measures.c against
 * inputs whose answers are known: random-phase noise of a chosen amplitude
 * slope, a line, a filled square, a Sierpinski triangle, a picture whose
 * lightness covers the 256 bins evenly, grey pictures, stripes, mirrors.
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <kiss_fftnd.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "measures.h"
#include "rng.h"

#define PI 3.14159265358979323846

static void assert_near(double got, double want, double tol, const char *what)
{
    if (!(fabs(got - want) <= tol)) {
        print_error("%s: got %.4f, expected %.4f +- %.4f\n", what, got, want,
                    tol);
        fail();
    }
}

/* Random-phase noise, n x n, whose amplitude spectrum is exactly
 * |F(f)| = f^alpha (f in cycles/image, DC removed): the FFT of white
 * noise gives the random phases (and the Hermitian symmetry that keeps
 * the picture real), each coefficient is rescaled to the wanted modulus,
 * and the inverse FFT brings it back; the result is stretched to
 * [0.1, 0.9]. */
static float *phase_noise(int n, double alpha, uint64_t seed)
{
    size_t np = (size_t)n * (size_t)n;
    kiss_fft_cpx *a = calloc(np, sizeof *a), *b = calloc(np, sizeof *b);
    float *img = malloc(np * sizeof *img);
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(img);
    art_rng r;
    art_rng_seed(&r, seed);
    for (size_t i = 0; i < np; i++)
        a[i].r = (float)art_rng_normal(&r);
    int dims[2] = {n, n};
    kiss_fftnd_cfg fwd = kiss_fftnd_alloc(dims, 2, 0, NULL, NULL);
    kiss_fftnd_cfg inv = kiss_fftnd_alloc(dims, 2, 1, NULL, NULL);
    kiss_fftnd(fwd, a, b);
    for (int v = 0; v < n; v++)
        for (int u = 0; u < n; u++) {
            double fu = u <= n / 2 ? u : u - n, fv = v <= n / 2 ? v : v - n;
            double f = sqrt(fu * fu + fv * fv);
            kiss_fft_cpx *c = &b[(size_t)v * (size_t)n + (size_t)u];
            double mod = sqrt((double)c->r * c->r + (double)c->i * c->i);
            double want = f > 0 ? pow(f, alpha) : 0.0;
            double k = mod > 0 ? want / mod : 0.0;
            c->r = (float)(c->r * k);
            c->i = (float)(c->i * k);
        }
    kiss_fftnd(inv, b, a);
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < np; i++) {
        lo = a[i].r < lo ? a[i].r : lo;
        hi = a[i].r > hi ? a[i].r : hi;
    }
    for (size_t i = 0; i < np; i++)
        img[i] = (float)(0.1 + 0.8 * (a[i].r - lo) / (hi - lo));
    kiss_fft_free(fwd);
    kiss_fft_free(inv);
    free(a);
    free(b);
    return img;
}

static void test_spectral_slope_recovers_alpha(void **state)
{
    (void)state;
    const double alphas[] = {-0.8, -1.2, -1.6};
    for (size_t k = 0; k < 3; k++) {
        double alpha = alphas[k];
        float *img = phase_noise(256, alpha, 7 + k);
        art_spectrum_opts o;
        art_spectrum_fit amp, pow_banded;
        art_spectrum_opts_amplitude(&o);
        assert_int_equal(art_spectrum_slope(img, 256, 256, &o, &amp), 0);
        art_spectrum_opts_redies(&o);
        assert_int_equal(art_spectrum_slope(img, 256, 256, &o, &pow_banded),
                         0);
        print_message("alpha %.2f: full-band amplitude slope %.4f (sigma "
                      "%.4f); Redies banded power slope %.4f (2 alpha = "
                      "%.2f)\n",
                      alpha, amp.slope, amp.sigma, pow_banded.slope,
                      2 * alpha);
        assert_near(amp.slope, alpha, 0.05, "full-band amplitude slope");
        /* A straight spectrum: the residuals are small. */
        assert_true(amp.sigma < 0.05);
        /* Power is amplitude squared: the banded power slope (10-128 c/i
         * here, a 256-pixel picture not being enlarged) reads 2 alpha. */
        assert_near(pow_banded.slope, 2 * alpha, 0.1, "banded power slope");
        free(img);
    }
}

static void test_spectral_slope_of_large_noise_in_band(void **state)
{
    (void)state;
    /* At 1024 pixels nothing is resized: the banded power slope over
     * 10-256 c/i is 2 alpha. */
    float *img = phase_noise(1024, -1.3, 3);
    art_spectrum_opts o;
    art_spectrum_fit fit;
    art_spectrum_opts_redies(&o);
    assert_int_equal(art_spectrum_slope(img, 1024, 1024, &o, &fit), 0);
    print_message("alpha -1.30 at 1024 px: banded power slope %.4f\n",
                  fit.slope);
    assert_near(fit.slope, -2.6, 0.05, "banded power slope at 1024 px");
    /* 2048 pixels are reduced to 1024 first: the averaging filter lowers
     * the top of the band, so the slope reads somewhat steeper. */
    float *big = phase_noise(2048, -1.3, 4);
    assert_int_equal(art_spectrum_slope(big, 2048, 2048, &o, &fit), 0);
    print_message("alpha -1.30 at 2048 px reduced to 1024: banded power "
                  "slope %.4f\n",
                  fit.slope);
    assert_true(fit.slope < -2.6 && fit.slope > -3.2);
    free(img);
    free(big);
}

static unsigned char *new_mask(int w, int h)
{
    unsigned char *m = calloc((size_t)w * (size_t)h, 1);
    assert_non_null(m);
    return m;
}

static void test_fractal_line(void **state)
{
    (void)state;
    int n = 512;
    unsigned char *m = new_mask(n, n);
    for (int x = 0; x < n; x++)
        m[(size_t)200 * n + x] = 1; /* horizontal */
    assert_near(art_box_dimension(m, n, n, ART_BOX_BOUNDARY), 1.0, 0.02,
                "horizontal line, boundary boxes");
    assert_near(art_box_dimension(m, n, n, ART_BOX_OCCUPIED), 1.0, 0.02,
                "horizontal line, occupied boxes");
    memset(m, 0, (size_t)n * n);
    for (int x = 0; x < n; x++)
        m[(size_t)x * n + x] = 1; /* diagonal */
    assert_near(art_box_dimension(m, n, n, ART_BOX_BOUNDARY), 1.0, 0.02,
                "diagonal line, boundary boxes");
    free(m);
}

static void test_fractal_square(void **state)
{
    (void)state;
    int n = 512;
    unsigned char *m = new_mask(n, n);
    /* Edges off the box grid, so boxes straddle them. */
    for (int y = 51; y < 461; y++)
        for (int x = 51; x < 461; x++)
            m[(size_t)y * n + x] = 1;
    double boundary = art_box_dimension(m, n, n, ART_BOX_BOUNDARY);
    double occupied_off = art_box_dimension(m, n, n, ART_BOX_OCCUPIED);
    /* On the grid (128 .. 384 = 2 boxes of the largest size): the occupied
     * count is exactly (256 / s)^2. */
    memset(m, 0, (size_t)n * n);
    for (int y = 128; y < 384; y++)
        for (int x = 128; x < 384; x++)
            m[(size_t)y * n + x] = 1;
    double occupied = art_box_dimension(m, n, n, ART_BOX_OCCUPIED);
    print_message("filled square: boundary %.4f; occupied %.4f on the box "
                  "grid, %.4f off it\n",
                  boundary, occupied, occupied_off);
    assert_near(boundary, 1.0, 0.05, "filled square, boundary boxes");
    assert_near(occupied, 2.0, 0.01, "filled square, occupied boxes");
    /* Off the grid the partly covered boxes of the coarse sizes pull the
     * estimate down a little. */
    assert_near(occupied_off, 2.0, 0.15, "filled square off the grid");
    free(m);
}

static void test_fractal_sierpinski(void **state)
{
    (void)state;
    /* Pascal's triangle mod 2: pixel (x, y) is set when x & y == 0. */
    int n = 1024;
    unsigned char *m = new_mask(n, n);
    for (int y = 0; y < n; y++)
        for (int x = 0; x < n; x++)
            m[(size_t)y * n + x] = (x & y) == 0;
    double d = art_box_dimension(m, n, n, ART_BOX_BOUNDARY);
    double occupied = art_box_dimension(m, n, n, ART_BOX_OCCUPIED);
    print_message("Sierpinski: boundary %.4f, occupied %.4f (log 3 / log 2 = "
                  "%.4f)\n",
                  d, occupied, log(3) / log(2));
    assert_near(d, log(3) / log(2), 0.05, "Sierpinski triangle");
    assert_near(occupied, log(3) / log(2), 0.05, "Sierpinski, occupied");
    free(m);
}

static void test_fractal_uniform_is_zero(void **state)
{
    (void)state;
    unsigned char *m = new_mask(64, 64);
    assert_true(art_box_dimension(m, 64, 64, ART_BOX_BOUNDARY) == 0.0);
    free(m);
}

/* The sRGB grey level whose L* is @p l. */
static float grey_for_lightness(double l)
{
    double y = l > 8.0 ? pow((l + 16.0) / 116.0, 3.0) : l * 27.0 / 24389.0;
    double c = y <= 0.0031308 ? 12.92 * y : 1.055 * pow(y, 1 / 2.4) - 0.055;
    return (float)c;
}

static void test_lightness_entropy(void **state)
{
    (void)state;
    /* 256 x 64 pixels: column i has L* = i 100 / 255, each bin equally
     * full: H = log2 256 = 8. */
    int w = 256, h = 64;
    float *rgb = malloc((size_t)w * h * 3 * sizeof *rgb);
    assert_non_null(rgb);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            float g = grey_for_lightness(x * 100.0 / 255.0);
            float *p = rgb + ((size_t)y * w + x) * 3;
            p[0] = p[1] = p[2] = g;
        }
    assert_near(art_lightness(1, 1, 1), 100.0, 1e-6, "L* of white");
    assert_near(art_lightness(0, 0, 0), 0.0, 1e-9, "L* of black");
    assert_near(art_lightness_entropy(rgb, (size_t)w * h), 8.0, 1e-9,
                "uniform lightness");
    /* Two levels in equal parts: 1 bit. */
    for (int i = 0; i < w * h; i++)
        rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = (i % 2) ? 1.0f : 0.0f;
    assert_near(art_lightness_entropy(rgb, (size_t)w * h), 1.0, 1e-9,
                "black and white");
    free(rgb);
}

static void test_colourfulness(void **state)
{
    (void)state;
    size_t n = 4096;
    float *rgb = malloc(n * 3 * sizeof *rgb);
    assert_non_null(rgb);
    art_rng r;
    art_rng_seed(&r, 1);
    for (size_t i = 0; i < n; i++) /* random greys */
        rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] =
            (float)art_rng_uniform(&r);
    assert_near(art_colourfulness(rgb, n), 0.0, 1e-9, "grey picture");
    assert_string_equal(art_colourfulness_word(0.0), "not");
    /* Pure red: rg = 255, yb = 127.5, no spread: M = 0.3 |(255, 127.5)|. */
    for (size_t i = 0; i < n; i++) {
        rgb[3 * i] = 1.0f;
        rgb[3 * i + 1] = rgb[3 * i + 2] = 0.0f;
    }
    assert_near(art_colourfulness(rgb, n), 0.3 * sqrt(255.0 * 255.0 +
                                                      127.5 * 127.5),
                1e-6, "pure red");
    /* Half red, half green: mean rg 0, sd 255; yb 127.5 throughout. */
    for (size_t i = 0; i < n; i++) {
        rgb[3 * i] = (i % 2) ? 1.0f : 0.0f;
        rgb[3 * i + 1] = (i % 2) ? 0.0f : 1.0f;
    }
    assert_near(art_colourfulness(rgb, n), 255.0 + 0.3 * 127.5, 1e-6,
                "red and green");
    free(rgb);
}

static void test_edge_orientation_entropy(void **state)
{
    (void)state;
    int n = 400;
    float *g = malloc((size_t)n * n * sizeof *g);
    assert_non_null(g);
    /* Stripes of one orientation: every pixel votes the same way. */
    for (int y = 0; y < n; y++)
        for (int x = 0; x < n; x++)
            g[(size_t)y * n + x] =
                (float)(0.5 + 0.4 * sin(2 * PI * (x * 0.6 + y * 0.8) / 8.0));
    double stripes = art_edge_orientation_entropy(g, n, n);
    /* Isotropic noise: every orientation equally. */
    float *noise = phase_noise(n, -1.0, 11);
    double iso = art_edge_orientation_entropy(noise, n, n);
    /* Flat: no edges. */
    for (int i = 0; i < n * n; i++)
        g[i] = 0.5f;
    double flat = art_edge_orientation_entropy(g, n, n);
    print_message("edge-orientation entropy: stripes %.3f, noise %.3f, flat "
                  "%.3f (max %.3f)\n",
                  stripes, iso, flat, log2(24.0));
    assert_true(stripes < 1.0);
    assert_true(iso > 4.45 && iso <= log2(24.0) + 1e-9);
    assert_true(flat == 0.0);
    free(g);
    free(noise);
}

static void test_mirror_symmetry(void **state)
{
    (void)state;
    int w = 64, h = 48;
    unsigned char *m = new_mask(w, h);
    art_rng r;
    art_rng_seed(&r, 5);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w / 2; x++) {
            unsigned char v = art_rng_uniform(&r) < 0.4;
            m[(size_t)y * w + x] = v;
            m[(size_t)y * w + (w - 1 - x)] = v; /* left-right mirror */
        }
    assert_near(art_mirror_symmetry(m, w, h, 1), 100.0, 1e-9,
                "mirrored halves, left-right");
    assert_true(art_mirror_symmetry(m, w, h, 0) < 15.0);
    for (int i = 0; i < w * h; i++)
        m[i] = art_rng_uniform(&r) < 0.5;
    assert_true(art_mirror_symmetry(m, w, h, 1) < 15.0);
    free(m);
}

static void test_compression_and_all(void **state)
{
    (void)state;
    int w = 128, h = 96;
    size_t n = (size_t)w * h;
    float *rgb = calloc(n * 3, sizeof *rgb);
    assert_non_null(rgb);
    double flat = art_compression_ratio(rgb, n);
    art_rng r;
    art_rng_seed(&r, 9);
    for (size_t i = 0; i < n * 3; i++)
        rgb[i] = (float)art_rng_uniform(&r);
    double noise = art_compression_ratio(rgb, n);
    assert_true(flat < 0.01);
    assert_true(noise > 0.95);

    art_measures m;
    assert_int_equal(art_measure_all(rgb, w, h, &m), 0);
    for (int i = 0; i < ART_M_COUNT; i++)
        assert_false(isnan(m.v[i]));
    /* White noise: flat spectrum, slopes near 0. */
    assert_near(m.v[ART_M_SLOPE_AMPLITUDE], 0.0, 0.15, "white noise slope");
    double d;
    double c = art_closeness(&m, &d);
    assert_true(c >= 0 && c <= 100 && d > 0);
    assert_int_equal(art_measure_all(rgb, 8, 8, &m), -1);
    free(rgb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spectral_slope_recovers_alpha),
        cmocka_unit_test(test_spectral_slope_of_large_noise_in_band),
        cmocka_unit_test(test_fractal_line),
        cmocka_unit_test(test_fractal_square),
        cmocka_unit_test(test_fractal_sierpinski),
        cmocka_unit_test(test_fractal_uniform_is_zero),
        cmocka_unit_test(test_lightness_entropy),
        cmocka_unit_test(test_colourfulness),
        cmocka_unit_test(test_edge_orientation_entropy),
        cmocka_unit_test(test_mirror_symmetry),
        cmocka_unit_test(test_compression_and_all),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
