/*
 * gallery.h - many pictures with their measures on one page: a contact
 * sheet PNG drawn with cairo (thumbnails in a grid, each captioned with
 * its rank, closeness and main measures) and an HTML page (the pictures
 * at full size with every measure beside the paintings' range and the
 * command that makes each again).
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#ifndef NN_ART_GALLERY_H
#define NN_ART_GALLERY_H

#include <stddef.h>

#include "image.h"
#include "report.h"

typedef struct art_gallery_item {
    const art_image *im;  /* the picture */
    const char *file;     /* its PNG, relative to the HTML page */
    const char *command;  /* how to make it again (may be NULL) */
    art_scored s;         /* its measures; s.name is the caption */
} art_gallery_item;

/* Draws the contact sheet of @p n items (in the given order) to the PNG
 * @p path: @p thumb pixel thumbnails, at most @p cols a row. Returns 0,
 * or -1 with the reason in @p err. */
int art_gallery_sheet(const art_gallery_item *items, size_t n, int thumb,
                      int cols, const char *title, const char *path,
                      char *err, size_t errlen);

/* Writes the HTML page. @p sheet is the contact sheet's file name
 * relative to the page (NULL: none). Returns 0, or -1 with the reason in
 * @p err. */
int art_gallery_html(const art_gallery_item *items, size_t n,
                     const char *title, const char *sheet, const char *path,
                     char *err, size_t errlen);

#endif /* NN_ART_GALLERY_H */
