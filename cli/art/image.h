/*
 * image.h - the pictures of `nn art`: a float RGB buffer, its PNG files
 * (read and written with cairo) and resampling.
 *
 * Pixels are row-major, three floats per pixel (R, G, B), gamma-encoded
 * sRGB in [0, 1] as stored in a PNG file, the top row first. Greyscale
 * pictures have R = G = B.
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#ifndef NN_ART_IMAGE_H
#define NN_ART_IMAGE_H

#include <stddef.h>

/* The largest side the commands accept, so w * h * 3 floats always fits
 * and a typo ("--size 1000000") is refused rather than allocated. */
#define ART_IMAGE_MAX_SIDE 16384

typedef struct art_image {
    int w, h;
    float *rgb; /* w * h * 3 */
} art_image;

/* Allocates a w x h image of black pixels. Returns 0, or -1 when the size
 * is out of range or memory runs out (the image is then empty). */
int art_image_alloc(art_image *im, int w, int h);

/* Frees the pixels and empties the image; an empty image is a no-op. */
void art_image_free(art_image *im);

/* Reads a PNG file (any colour type or depth cairo reads: grey, RGB,
 * palette, with or without alpha; 16-bit samples are reduced to 8).
 * Transparent pixels are composited over white, as a viewer shows them.
 * Returns 0, or -1 with a message in @p err. */
int art_image_load_png(const char *path, art_image *out, char *err,
                       size_t errlen);

/* Writes an 8-bit RGB PNG (values rounded, clamped to [0, 1]). Returns 0,
 * or -1 with a message in @p err. */
int art_image_save_png(const art_image *im, const char *path, char *err,
                       size_t errlen);

/* Resamples @p src to w x h into @p dst (allocated here) with a separable
 * triangle (bilinear) filter whose support widens by the reduction factor
 * when shrinking, so downscaling averages every source pixel (no
 * aliasing) and upscaling interpolates linearly: PIL's "bilinear" with
 * antialiasing. Pixel centres map to pixel centres. Returns 0 or -1 (out
 * of memory, bad size). */
int art_image_resize(const art_image *src, int w, int h, art_image *dst);

/* Parses "N" (N x N) or "WxH" into sides in [1, ART_IMAGE_MAX_SIDE].
 * Returns 0 or -1. */
int art_parse_size(const char *text, int *w, int *h);

#endif /* NN_ART_IMAGE_H */
