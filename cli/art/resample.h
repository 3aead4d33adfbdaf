/*
 * resample.h - resizing of row-major float pictures with any number of
 * channels; pure C, used by the image I/O and by the measures.
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#ifndef NN_ART_RESAMPLE_H
#define NN_ART_RESAMPLE_H

/* Resamples the sw x sh picture @p src (ch floats a pixel) to dw x dh in
 * @p dst (allocated by the caller) with a separable triangle filter whose
 * half-width is max(1, source pixels per output pixel): linear
 * interpolation when enlarging, an average over every covered source pixel
 * when shrinking (PIL's antialiased "bilinear"). Output pixel centre
 * i + 0.5 maps to source position (i + 0.5) sn / dn; taps outside the
 * source are dropped and the rest renormalised. Returns 0, or -1 when
 * memory runs out or a size is below 1. */
int art_resample(const float *src, int sw, int sh, int ch, float *dst,
                 int dw, int dh);

#endif /* NN_ART_RESAMPLE_H */
