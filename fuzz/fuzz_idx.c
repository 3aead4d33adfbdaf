/*
 * fuzz_idx.c - IDX files (MNIST's format), plain and gzip-compressed,
 * through nn_dataset_load_idx.
 *
 * Input layout (see fuzz_helpers.h's producer):
 *   byte 0   control: bit 0 gzip the images, bit 1 gzip the labels,
 *            bit 2 two gzip members instead of one, bit 3
 *            NN_DATASET_NORMALIZE, bits 4-7 the compression level (0-9;
 *            above: zlib's default)
 *   then     the images file [FUZZ_SEPARATOR the labels file]
 * Without a separator there is no labels file (labels_path NULL). Parts
 * that are not gzipped by the harness may still start with the gzip magic
 * themselves, so the fuzzer also feeds the inflater damaged streams.
 * The loader reads real files, so each part is written to a memfd (or a
 * temporary file) first.
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#include <stdlib.h>

#include "fuzz_dataset_checks.h"
#include "fuzz_helpers.h"
#include "nn.h"

static fuzz_file images_file, labels_file;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_file_open(&images_file, "images");
    fuzz_file_open(&labels_file, "labels");
    return 0;
}

/* Writes a part to f, gzip-compressed when asked. */
static void put(fuzz_file *f, const uint8_t *part, size_t len, int gzip,
                int level, int members)
{
    if (!gzip) {
        fuzz_file_write(f, part, len);
        return;
    }
    size_t zlen;
    uint8_t *z = fuzz_gzip(part, len, level, members, &zlen);
    FUZZ_ASSERT(z);
    fuzz_file_write(f, z, zlen);
    free(z);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_producer fp = {data, size, 0};
    uint8_t control = fuzz_take_byte(&fp);
    int level = control >> 4;
    int members = control & 4 ? 2 : 1;
    unsigned flags = control & 8 ? NN_DATASET_NORMALIZE : 0;
    size_t images_len, labels_len;
    const uint8_t *images = fuzz_take_part(&fp, &images_len);
    int have_labels = fp.separated;
    const uint8_t *labels = fuzz_take_part(&fp, &labels_len);

    put(&images_file, images, images_len, control & 1, level, members);
    if (have_labels)
        put(&labels_file, labels, labels_len, control & 2, level, members);

    nn_dataset *d = (nn_dataset *)&d; /* must be reset to NULL on failure */
    nn_status st = nn_dataset_load_idx(
        &d, images_file.path, have_labels ? labels_file.path : NULL, flags);
    if (st != NN_OK) {
        FUZZ_ASSERT(d == NULL);
        FUZZ_ASSERT(st == NN_ERR_FORMAT || st == NN_ERR_NOMEM);
        FUZZ_ASSERT(nn_last_error()[0] != '\0');
        return 0;
    }
    fuzz_check_dataset(d, have_labels, flags & NN_DATASET_NORMALIZE);
    nn_dataset_destroy(d);
    return 0;
}
