/*
 * measures.h - image statistics from empirical aesthetics, in plain C
 * (libm, kissfft for the FFTs, zlib for compression), usable without the
 * `nn` tool: give it gamma-encoded sRGB pixels, get numbers back.
 *
 * Every measure below states its formula, the variant chosen where the
 * literature has several, and its source; docs/ART.md explains them at
 * more length, with the ranges reported for paintings and photographs.
 * The reference implementation the ranges come from is the Aesthetics
 * Toolbox (Redies et al., Behavior Research Methods 2025): paintings of
 * the JenAesthetics set (JA, 1629 images) and photographs of AVA (1000
 * images), mean +- sd.
 *
 * Conventions: pictures are row-major; "rgb" is three floats a pixel in
 * [0, 1] (as stored in a PNG, not linearised); "grey" one float a pixel.
 * Functions that allocate return -1 (or NaN) when memory runs out.
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#ifndef NN_ART_MEASURES_H
#define NN_ART_MEASURES_H

#include <stddef.h>

/* ---------------------------------------------------------------------
 * Building blocks
 * ------------------------------------------------------------------- */

/* Grey value used by the spectral, fractal, edge and symmetry measures:
 * ITU-R BT.601 luma on the gamma-encoded values,
 *     Y' = 0.299 R' + 0.587 G' + 0.114 B'
 * (what PIL's convert("L") computes, as the toolbox does). */
void art_luma(const float *rgb, size_t pixels, float *grey);

/* CIELAB lightness of one sRGB colour (IEC 61966-2-1 linearisation,
 * D65 white, Y = 0.2126 R + 0.7152 G + 0.0722 B):
 *     L* = 116 (Y)^(1/3) - 16   for Y > (6/29)^3,  else (29/3)^3 Y,
 * in [0, 100]. */
double art_lightness(float r, float g, float b);

/* Binarises a grey picture: mask[i] = 1 where grey[i] is darker than the
 * picture's mean grey, else 0 (the toolbox's threshold for box counting).
 * Returns the fraction of ones. */
double art_binarise(const float *grey, size_t pixels, unsigned char *mask);

/* ---------------------------------------------------------------------
 * Fourier spectral slope
 * ------------------------------------------------------------------- */

typedef enum art_spectrum_quantity {
    ART_SPECTRUM_POWER = 0,    /* |F|^2 */
    ART_SPECTRUM_AMPLITUDE = 1 /* |F| */
} art_spectrum_quantity;

typedef enum art_spectrum_frame {
    /* Long side reduced to frame_side, the rest padded with the mean grey
     * to a square (Redies et al. 2007; the toolbox). A picture no larger
     * than frame_side is not enlarged (interpolation would attenuate the
     * top of the band and steepen the slope): it is padded to a square of
     * its long side and the band is cut at its Nyquist frequency. */
    ART_FRAME_RESIZE_PAD = 0,
    /* The largest centred square, at the picture's own resolution
     * (Spehar's amplitude spectra). */
    ART_FRAME_CENTRE_CROP = 1
} art_spectrum_frame;

typedef struct art_spectrum_opts {
    art_spectrum_quantity quantity;
    art_spectrum_frame frame;
    int frame_side;  /* ART_FRAME_RESIZE_PAD: the square's side (1024) */
    double f_lo;     /* band, in cycles per image (per frame side) */
    double f_hi;     /* 0: up to the Nyquist frequency, side / 2 */
    int bins;        /* log-spaced bins the band is divided into */
} art_spectrum_opts;

/* Redies' banded power-spectrum slope: long side reduced to 1024 (never
 * enlarged), padded square, power, 10-256 cycles/image, 20 log-spaced
 * bins. */
void art_spectrum_opts_redies(art_spectrum_opts *o);
/* The full-band amplitude slope: centre crop, amplitude, 1 cycle/image to
 * Nyquist, 20 log-spaced bins. */
void art_spectrum_opts_amplitude(art_spectrum_opts *o);

typedef struct art_spectrum_fit {
    double slope;     /* of log10(quantity) against log10(frequency) */
    double intercept;
    double sigma;     /* RMS of the fit's residuals over the bins, in
                         log10 units: how far the spectrum is from a
                         straight line (0 for an exact power law) */
    int points;       /* bins that held a ring */
} art_spectrum_fit;

/* The radially averaged spectrum of a grey picture and its straight-line
 * fit in log-log space. The frame's mean is subtracted; the 2-D FFT
 * (kissfft) is taken without a window. Each ring of integer radius
 * round(sqrt(u^2 + v^2)) inside the band contributes its mean quantity at
 * its mean radius; rings are then grouped into @p bins bins of equal width
 * in log10 frequency, each bin's point being the mean of its rings'
 * log10 frequency and log10 quantity, and a least-squares line is fitted
 * to the bin points. Returns 0, or -1 (too small a picture for the band,
 * out of memory). */
int art_spectrum_slope(const float *grey, int w, int h,
                       const art_spectrum_opts *o, art_spectrum_fit *out);

/* ---------------------------------------------------------------------
 * Fractal dimension by box counting
 * ------------------------------------------------------------------- */

typedef enum art_box_variant {
    /* Boxes holding both values (straddling a boundary): the toolbox's
     * variant, the one `nn art score` reports. A filled region measures 1
     * (its outline), a line 1, a Sierpinski triangle log 3 / log 2. */
    ART_BOX_BOUNDARY = 0,
    /* Boxes holding at least one 1: a filled region measures 2. */
    ART_BOX_OCCUPIED = 1
} art_box_variant;

/* The box-counting dimension of a binary picture: boxes of side
 * s = 2, 4, 8, ... up to min(w, h) / 4 tile the picture from its top-left
 * corner (partial boxes at the right and bottom edges count with the
 * pixels they hold); N(s) boxes are counted per the variant and
 * D = the slope of log N(s) against log(1 / s), least squares. Sizes with
 * N(s) = 0 are left out; with fewer than two sizes left (a uniform
 * picture, or min(w, h) < 16) D is 0. NaN if memory runs out. */
double art_box_dimension(const unsigned char *mask, int w, int h,
                         art_box_variant variant);

/* ---------------------------------------------------------------------
 * The other measures
 * ------------------------------------------------------------------- */

/* Shannon entropy (bits) of the 256-bin histogram of L* scaled to 0-255:
 * bin = round(L* 255 / 100); H = -sum p log2 p, at most 8. */
double art_lightness_entropy(const float *rgb, size_t pixels);

/* Colourfulness M of Hasler & Suesstrunk (2003), on 0-255 values with the
 * signed opponent form of the paper:
 *     rg = R - G,  yb = (R + G) / 2 - B,
 *     M = sqrt(sd_rg^2 + sd_yb^2) + 0.3 sqrt(mean_rg^2 + mean_yb^2).
 * 0 for any grey picture. */
double art_colourfulness(const float *rgb, size_t pixels);

/* The word Hasler & Suesstrunk attach to M: "not", "slightly",
 * "moderately", "averagely", "quite", "highly", "extremely" (colourful),
 * by the nearest of their anchors 0, 15, 33, 45, 59, 82, 109. */
const char *art_colourfulness_word(double m);

/* First-order edge-orientation entropy (Redies et al. 2017): the grey
 * picture is resized to about 120 000 pixels (aspect kept) and filtered
 * with a bank of 24 complex Gabor filters at orientations k 180/24 deg,
 * built in the frequency domain as Gaussians of sd 0.04 cycles/pixel
 * centred 0.125 cycles/pixel (8-pixel wavelength) from the origin; the
 * response of a filter is the modulus of the complex result (the energy
 * of the even/odd pair). Each pixel (12 pixels or more from the border)
 * votes for its strongest orientation with the strength of that response;
 * H = -sum p_k log2 p_k over the 24 bins, at most log2 24 = 4.585. 0 for
 * a flat picture (grey sd below 1e-4). Mirror padding keeps the border from adding
 * edges. NaN if memory runs out. */
double art_edge_orientation_entropy(const float *grey, int w, int h);

/* Mirror symmetry, 0-100, of a binary picture about its vertical axis
 * (left-right, @p vertical_axis = 1) or its horizontal axis (up-down, 0):
 * the agreement p_o of each pixel with its mirror image, corrected for
 * the agreement p_e = p^2 + (1 - p)^2 two unrelated pictures with the
 * same fraction p of ones would reach by chance (Cohen's kappa),
 *     S = 100 max(0, (p_o - p_e) / (1 - p_e)),
 * so a symmetric picture scores 100 and noise about 0 (a uniform picture
 * scores 100). */
double art_mirror_symmetry(const unsigned char *mask, int w, int h,
                           int vertical_axis);

/* Compression-ratio complexity: the size zlib's compress2 (level 9,
 * deflate) makes of the picture's 8-bit RGB bytes, divided by their
 * count (3 w h). Near 0 for a flat picture, near 1 for noise (Machado &
 * Cardoso 1998 used compression of this kind as their complexity
 * estimate). NaN if memory runs out. */
double art_compression_ratio(const float *rgb, size_t pixels);

/* ---------------------------------------------------------------------
 * Everything at once, and the literature's ranges
 * ------------------------------------------------------------------- */

typedef enum art_measure_id {
    ART_M_SLOPE_POWER = 0,       /* Redies' banded power slope */
    ART_M_SLOPE_POWER_SIGMA,     /* its residual spread */
    ART_M_SLOPE_AMPLITUDE,       /* full-band amplitude slope */
    ART_M_SLOPE_AMPLITUDE_SIGMA, /* its residual spread */
    ART_M_FRACTAL_DIMENSION,     /* boundary boxes */
    ART_M_LIGHTNESS_ENTROPY,
    ART_M_COLOURFULNESS,
    ART_M_EDGE_ORIENTATION_ENTROPY,
    ART_M_SYMMETRY_LR,
    ART_M_SYMMETRY_UD,
    ART_M_COMPRESSION_RATIO,
    ART_M_COUNT
} art_measure_id;

typedef struct art_measures {
    double v[ART_M_COUNT];
} art_measures;

/* Computes every measure of an RGB picture (at least 16 x 16). Returns 0,
 * or -1 when the picture is too small or memory runs out. */
int art_measure_all(const float *rgb, int w, int h, art_measures *out);

/* What is known about a measure. NaN means "no value reported". */
typedef struct art_measure_info {
    const char *key;    /* JSON key, e.g. "fractal_dimension" */
    const char *label;  /* table label */
    const char *source; /* where the formula comes from */
    const char *note;   /* the scale or the preferred range, or "" */
    double ja_mean, ja_sd;   /* paintings (JenAesthetics) */
    double ava_mean, ava_sd; /* photographs (AVA) */
    int in_closeness;   /* part of art_closeness */
} art_measure_info;

/* The table of the ART_M_COUNT measures, in art_measure_id order. */
const art_measure_info *art_measure_table(void);

/* How close a picture's statistics are to those of paintings: over the
 * measures marked in_closeness (spectral slope, fractal dimension,
 * lightness entropy, edge-orientation entropy), z_i = (v_i - JA mean) /
 * JA sd, the distance d = sqrt(mean z_i^2) (in sds) is stored in
 * @p distance (may be NULL) and the closeness 100 exp(-d^2 / 2) returned:
 * 100 at the paintings' means, 61 at one sd everywhere, 14 at two. */
double art_closeness(const art_measures *m, double *distance);

#endif /* NN_ART_MEASURES_H */
