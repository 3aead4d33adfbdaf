/*
 * test_engines.c - the picture makers of `nn art` through libnn: CPPN
 * pictures are deterministic per seed and resolution-independent, their
 * weights are N(0, sigma^2); the painting network reaches a PSNR on a
 * small synthetic target within the test's time, and Fourier features beat
 * raw coordinates there; SIREN's initialisation is in place; resampling
 * and PNG files keep pixels.
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "art/cppn.h"
#include "art/image.h"
#include "art/paint.h"
#include "art/resample.h"

static char err[1024];

static art_cppn make_cppn_scaled(uint64_t seed, const char *acts,
                                 double scale, double sigma)
{
    art_cppn_params p;
    art_cppn_params_default(&p);
    p.seed = seed;
    p.scale = scale;
    p.sigma = sigma;
    if (acts)
        assert_int_equal(art_cppn_parse_acts(acts, &p, err, sizeof err), 0);
    art_cppn c;
    if (art_cppn_create(&c, &p, err, sizeof err) != 0)
        fail_msg("art_cppn_create: %s", err);
    return c;
}

static art_cppn make_cppn(uint64_t seed, const char *acts)
{
    return make_cppn_scaled(seed, acts, 8.0, 1.0);
}

static art_image render(const art_cppn *c, int w, int h)
{
    art_image im;
    if (art_cppn_render(c, NULL, w, h, &im, err, sizeof err) != 0)
        fail_msg("art_cppn_render: %s", err);
    return im;
}

static double mean_abs_diff(const art_image *a, const art_image *b)
{
    assert_int_equal(a->w, b->w);
    assert_int_equal(a->h, b->h);
    double s = 0;
    size_t n = (size_t)a->w * (size_t)a->h * 3;
    for (size_t i = 0; i < n; i++)
        s += fabs((double)a->rgb[i] - (double)b->rgb[i]);
    return s / (double)n;
}

/* Averages k x k blocks: the exact box downsampling whose pixel centres
 * fall on the small picture's. */
static art_image box_down(const art_image *big, int k)
{
    art_image out;
    assert_int_equal(art_image_alloc(&out, big->w / k, big->h / k), 0);
    for (int y = 0; y < out.h; y++)
        for (int x = 0; x < out.w; x++)
            for (int c = 0; c < 3; c++) {
                double s = 0;
                for (int j = 0; j < k; j++)
                    for (int i = 0; i < k; i++)
                        s += big->rgb[(((size_t)y * k + j) * big->w +
                                       (size_t)x * k + i) * 3 + c];
                out.rgb[((size_t)y * out.w + x) * 3 + c] =
                    (float)(s / (k * k));
            }
    return out;
}

static void test_cppn_deterministic(void **state)
{
    (void)state;
    art_cppn a = make_cppn(42, "tanh,sin,gaussian");
    art_cppn b = make_cppn(42, "tanh,sin,gaussian");
    art_cppn other = make_cppn(43, "tanh,sin,gaussian");
    art_image ia = render(&a, 80, 60), ib = render(&b, 80, 60);
    art_image io = render(&other, 80, 60);
    assert_memory_equal(ia.rgb, ib.rgb, (size_t)80 * 60 * 3 * sizeof(float));
    assert_true(mean_abs_diff(&ia, &io) > 0.05);
    /* "random" draws the activations from the seed: the same seed, the
     * same pattern. */
    art_cppn r1 = make_cppn(9, "random"), r2 = make_cppn(9, "random");
    assert_memory_equal(r1.p.acts, r2.p.acts, sizeof r1.p.acts);
    art_image_free(&ia);
    art_image_free(&ib);
    art_image_free(&io);
    art_cppn_destroy(&a);
    art_cppn_destroy(&b);
    art_cppn_destroy(&other);
    art_cppn_destroy(&r1);
    art_cppn_destroy(&r2);
}

static void test_cppn_resolution_independent(void **state)
{
    (void)state;
    /* Sine layers with sigma 1 hold detail finer than a pixel of the
     * small picture (which aliases it): calmer settings for them. */
    const uint64_t seeds[] = {1, 5, 77, 5};
    const char *acts[] = {NULL, NULL, "tanh,gaussian", "tanh,sin"};
    const double scales[] = {8, 8, 4, 2}, sigmas[] = {1, 1, 1, 0.7};
    for (size_t k = 0; k < 4; k++) {
        art_cppn c = make_cppn_scaled(seeds[k], acts[k], scales[k],
                                      sigmas[k]);
        art_cppn d = make_cppn_scaled(seeds[k] + 1000, acts[k], scales[k],
                                      sigmas[k]);
        art_image small = render(&c, 64, 48);
        art_image big = render(&c, 256, 192);
        art_image down = box_down(&big, 4);
        art_image unrelated = render(&d, 64, 48);
        double same = mean_abs_diff(&small, &down);
        double diff = mean_abs_diff(&small, &unrelated);
        print_message("seed %llu %s scale %g sigma %g: |small - downsampled "
                      "large| = %.4f, against another seed %.4f\n",
                      (unsigned long long)seeds[k],
                      acts[k] ? acts[k] : "tanh", scales[k], sigmas[k], same,
                      diff);
        /* The large picture averaged down is the small one, up to the
         * detail a pixel of the small one cannot hold. */
        assert_true(same < 0.04);
        assert_true(diff > 4 * same);
        art_image_free(&small);
        art_image_free(&big);
        art_image_free(&down);
        art_image_free(&unrelated);
        art_cppn_destroy(&c);
        art_cppn_destroy(&d);
    }
}

static void test_cppn_weights_are_normal(void **state)
{
    (void)state;
    art_cppn_params p;
    art_cppn_params_default(&p);
    p.sigma = 1.3;
    p.width = 48;
    p.depth = 5;
    art_cppn c;
    assert_int_equal(art_cppn_create(&c, &p, err, sizeof err), 0);
    float *k = malloc(48 * 48 * sizeof *k);
    assert_non_null(k);
    double s = 0, s2 = 0;
    size_t n = 0;
    for (size_t layer = 1; layer < 5; layer++) {
        assert_int_equal(nn_model_get_weights(c.model, layer, k, NULL),
                         NN_OK);
        for (size_t i = 0; i < 48 * 48; i++) {
            s += k[i];
            s2 += (double)k[i] * k[i];
            n++;
        }
    }
    double mean = s / n, sd = sqrt(s2 / n - mean * mean);
    print_message("CPPN weights: mean %.4f, sd %.4f (sigma 1.3)\n", mean, sd);
    assert_true(fabs(mean) < 0.05);
    assert_true(fabs(sd - 1.3) < 0.05);
    free(k);
    art_cppn_destroy(&c);
}

/* A smooth, colourful 32 x 32 target with a sharp-edged disc. */
static art_image synthetic_target(void)
{
    art_image t;
    assert_int_equal(art_image_alloc(&t, 32, 32), 0);
    for (int y = 0; y < 32; y++)
        for (int x = 0; x < 32; x++) {
            float *p = t.rgb + ((size_t)y * 32 + x) * 3;
            double u = (x + 0.5) / 32, v = (y + 0.5) / 32;
            int disc = (u - 0.6) * (u - 0.6) + (v - 0.4) * (v - 0.4) < 0.04;
            p[0] = (float)(0.2 + 0.6 * u);
            p[1] = (float)(disc ? 0.9 : 0.2 + 0.5 * v);
            p[2] = (float)(0.5 + 0.3 * sin(6 * u + 4 * v));
        }
    return t;
}

static double paint_psnr(int features, double *held)
{
    art_image t = synthetic_target();
    art_paint_params p;
    art_paint_params_default(&p);
    p.features = features;
    p.feature_sigma = 4.0;
    p.depth = 2;
    p.width = 64;
    p.lr = 3e-3;
    p.seed = 3;
    art_paint a;
    art_paint_data d;
    assert_int_equal(art_paint_create(&a, &p, 3, err, sizeof err), 0);
    assert_int_equal(art_paint_prepare(&a, &t, &d), 0);
    assert_true(d.n_val > 40 && d.n_val < 180); /* about 10% of 1024 */
    assert_int_equal(nn_fit(a.model, d.x, d.y, d.n_train, 300, 64, NULL),
                     NN_OK);
    double train = art_psnr(art_paint_mse(&a, d.x, d.y, d.n_train));
    *held = art_psnr(art_paint_mse(&a, d.val_x, d.val_y, d.n_val));
    /* The painting renders at any size. */
    art_image big;
    assert_int_equal(art_paint_render(&a, 96, 64, &big, err, sizeof err), 0);
    assert_int_equal(big.w, 96);
    art_image_free(&big);
    art_paint_data_free(&d);
    art_paint_destroy(&a);
    art_image_free(&t);
    return train;
}

static void test_paint_reaches_psnr(void **state)
{
    (void)state;
    double held_ff, held_raw;
    double ff = paint_psnr(64, &held_ff);
    double raw = paint_psnr(0, &held_raw);
    print_message("painting a 32x32 target: Fourier features %.2f dB train, "
                  "%.2f held out; raw coordinates %.2f / %.2f dB\n",
                  ff, held_ff, raw, held_raw);
    assert_true(ff >= 35.0);
    assert_true(held_ff >= 22.0);
    assert_true(ff > raw + 3.0);
}

static void test_siren_initialisation(void **state)
{
    (void)state;
    art_paint_params p;
    art_paint_params_default(&p);
    p.siren = 1;
    p.features = 0;
    p.depth = 2;
    p.width = 64;
    art_paint a;
    assert_int_equal(art_paint_create(&a, &p, 1, err, sizeof err), 0);
    float first[2 * 64], hidden[64 * 64];
    assert_int_equal(nn_model_get_weights(a.model, 0, first, NULL), NN_OK);
    assert_int_equal(nn_model_get_weights(a.model, 1, hidden, NULL), NN_OK);
    /* First layer w0 U(-1/2, 1/2) for 2 inputs; hidden w0 U(+-sqrt(6/64)
     * / w0) = U(+-0.306); both spread over their range. */
    float max0 = 0, max1 = 0;
    for (int i = 0; i < 2 * 64; i++)
        max0 = fabsf(first[i]) > max0 ? fabsf(first[i]) : max0;
    for (int i = 0; i < 64 * 64; i++)
        max1 = fabsf(hidden[i]) > max1 ? fabsf(hidden[i]) : max1;
    assert_true(max0 <= 15.0f && max0 > 12.0f);
    assert_true(max1 <= 0.3062f && max1 > 0.28f);
    nn_activation act;
    assert_int_equal(nn_model_layer_activation(a.model, 0, &act), NN_OK);
    assert_int_equal(act, NN_ACT_SIN);
    art_paint_destroy(&a);
}

static void test_resample_and_png(void **state)
{
    (void)state;
    art_image im, out;
    assert_int_equal(art_image_alloc(&im, 40, 30), 0);
    for (size_t i = 0; i < 40 * 30; i++) {
        int x = (int)(i % 40), y = (int)(i / 40);
        float v = ((x + y) % 2) ? 1.0f : 0.0f; /* checkerboard */
        im.rgb[3 * i] = v;
        im.rgb[3 * i + 1] = 0.25f;
        im.rgb[3 * i + 2] = (float)x / 39.0f;
    }
    /* Halving averages the checkerboard to grey; the constant stays. */
    assert_int_equal(art_image_resize(&im, 20, 15, &out), 0);
    for (size_t i = 0; i < 20 * 15; i++) {
        assert_true(fabsf(out.rgb[3 * i] - 0.5f) < 0.02f);
        assert_true(fabsf(out.rgb[3 * i + 1] - 0.25f) < 1e-5f);
    }
    art_image_free(&out);

    char path[] = "/tmp/nn-art-test-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(art_image_save_png(&im, path, err, sizeof err), 0);
    assert_int_equal(art_image_load_png(path, &out, err, sizeof err), 0);
    assert_int_equal(out.w, 40);
    assert_int_equal(out.h, 30);
    for (size_t i = 0; i < 40 * 30 * 3; i++)
        assert_true(fabsf(out.rgb[i] - im.rgb[i]) <= 0.5f / 255.0f + 1e-6f);
    art_image_free(&out);
    unlink(path);
    assert_int_equal(art_image_load_png(path, &out, err, sizeof err), -1);
    assert_non_null(strstr(err, path));
    art_image_free(&im);

    int w, h;
    assert_int_equal(art_parse_size("256", &w, &h), 0);
    assert_true(w == 256 && h == 256);
    assert_int_equal(art_parse_size("640x480", &w, &h), 0);
    assert_true(w == 640 && h == 480);
    assert_int_equal(art_parse_size("0", &w, &h), -1);
    assert_int_equal(art_parse_size("12x", &w, &h), -1);
    assert_int_equal(art_parse_size("99999", &w, &h), -1);
}

int main(void)
{
    nn_set_num_threads(1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cppn_deterministic),
        cmocka_unit_test(test_cppn_resolution_independent),
        cmocka_unit_test(test_cppn_weights_are_normal),
        cmocka_unit_test(test_paint_reaches_psnr),
        cmocka_unit_test(test_siren_initialisation),
        cmocka_unit_test(test_resample_and_png),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
