/*
 * gif.h - animated GIF files through giflib (libpng has no API for APNG):
 * the frames share one global palette of at most 256 colours, chosen by
 * median cut (Heckbert 1982) over all of them so colours do not flicker
 * from frame to frame; greyscale animations get the 256 grey levels.
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#ifndef NN_ART_GIF_H
#define NN_ART_GIF_H

#include <stddef.h>

#include "image.h"

/* Writes @p count frames (all of one size) to @p path, each shown for
 * @p delay_cs hundredths of a second, looping forever (the NETSCAPE2.0
 * extension). Returns 0, or -1 with the reason in @p err. */
int art_gif_write(const char *path, const art_image *frames, int count,
                  int delay_cs, char *err, size_t errlen);

#endif /* NN_ART_GIF_H */
