/*
 * fuzz_csv.c - CSV files, plain and gzip-compressed, through
 * nn_dataset_load_csv.
 *
 * Input layout:
 *   byte 0   control: bit 0 NN_DATASET_NORMALIZE, bit 1
 *            NN_DATASET_CSV_HEADER, bit 2 NN_DATASET_CSV_NO_HEADER (both:
 *            must be refused as an invalid argument), bit 3 gzip the text,
 *            bit 4 as two gzip members, bits 5-7 the compression level
 *   byte 1   the label column: 255 INT_MAX, 254 -3 (invalid), otherwise
 *            (byte % 12) - 2, so NN_CSV_NO_LABEL (-2), NN_CSV_LABEL_LAST
 *            (-1) and columns 0 to 9
 *   then     the file's bytes
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#include <limits.h>
#include <stdlib.h>

#include "fuzz_dataset_checks.h"
#include "fuzz_helpers.h"
#include "nn.h"

static fuzz_file csv_file;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_file_open(&csv_file, "csv");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_producer fp = {data, size, 0};
    uint8_t control = fuzz_take_byte(&fp);
    uint8_t column = fuzz_take_byte(&fp);
    unsigned flags = control & 7;
    int label = column == 255   ? INT_MAX
                : column == 254 ? -3
                                : (int)(column % 12) - 2;

    if (control & 8) {
        size_t zlen;
        uint8_t *z = fuzz_gzip(fp.p, fp.left, control >> 5,
                               control & 16 ? 2 : 1, &zlen);
        FUZZ_ASSERT(z);
        fuzz_file_write(&csv_file, z, zlen);
        free(z);
    } else {
        fuzz_file_write(&csv_file, fp.p, fp.left);
    }

    nn_dataset *d = (nn_dataset *)&d; /* must be reset to NULL on failure */
    nn_status st = nn_dataset_load_csv(&d, csv_file.path, label, flags);
    int bad_args = label < NN_CSV_NO_LABEL ||
                   ((flags & NN_DATASET_CSV_HEADER) &&
                    (flags & NN_DATASET_CSV_NO_HEADER));
    if (st != NN_OK) {
        FUZZ_ASSERT(d == NULL);
        FUZZ_ASSERT(nn_last_error()[0] != '\0');
        /* a label column past the first row's fields is an invalid
         * argument too */
        FUZZ_ASSERT(st == NN_ERR_FORMAT || st == NN_ERR_NOMEM ||
                    (st == NN_ERR_INVALID_ARG && (bad_args || label >= 0)));
        return 0;
    }
    FUZZ_ASSERT(!bad_args);
    fuzz_check_dataset(d, label != NN_CSV_NO_LABEL,
                       flags & NN_DATASET_NORMALIZE);
    nn_dataset_destroy(d);
    return 0;
}
