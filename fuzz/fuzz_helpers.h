/*
 * fuzz_helpers.h - what the libFuzzer targets share: splitting one input
 * into parts, gzip-compressing a part, and handing a part to loaders that
 * take a file path.
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#ifndef NN_FUZZ_HELPERS_H
#define NN_FUZZ_HELPERS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* Every target defines these two (libFuzzer's entry points; the replay
 * driver regression.c calls them too). */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An invariant of the library does not hold: report it the way sanitizers
 * do and abort, so libFuzzer saves the input. */
#define FUZZ_ASSERT(cond)                                                     \
    do {                                                                      \
        if (!(cond)) {                                                        \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__,        \
                    __LINE__, #cond);                                         \
            abort();                                                          \
        }                                                                     \
    } while (0)

/* ------------------------------------------------------------------------ */
/* the data producer: the input read as control bytes, then parts          */

typedef struct fuzz_producer {
    const uint8_t *p;
    size_t left;
    int separated; /* the last part taken ended at a separator */
} fuzz_producer;

/* The separator between the parts of a multi-file input; in the
 * dictionaries, so mutations keep or create it. */
#define FUZZ_SEPARATOR "\n--NNFUZZ--\n"
#define FUZZ_SEPARATOR_LEN (sizeof FUZZ_SEPARATOR - 1)

/* One control byte from the front (0 once the input is exhausted). */
uint8_t fuzz_take_byte(fuzz_producer *fp);
/* The bytes up to the next separator (or the end), consuming the
 * separator; sets *len and fp->separated (whether another part, possibly
 * empty, follows). Never NULL. */
const uint8_t *fuzz_take_part(fuzz_producer *fp, size_t *len);

/* ------------------------------------------------------------------------ */
/* gzip                                                                     */

/* Compresses @p len bytes into a new buffer as one gzip member (deflate
 * with a gzip header, windowBits 31) at @p level (0..9), or as two
 * members when @p members is 2 (the loaders accept concatenated members).
 * Returns NULL on failure. */
uint8_t *fuzz_gzip(const uint8_t *src, size_t len, int level, int members,
                   size_t *out_len);

/* ------------------------------------------------------------------------ */
/* inputs as files                                                          */

/* A file the target rewrites for each input: a memfd, opened by the
 * loaders as /proc/self/fd/N, where the kernel has them; otherwise a file
 * created once per process under $TMPDIR (or /tmp) and removed at exit. */
typedef struct fuzz_file {
    int fd;
    char path[256];
} fuzz_file;

/* Creates the file once per process; aborts on failure (the harness
 * cannot work without it). */
void fuzz_file_open(fuzz_file *f, const char *name);
/* Replaces the file's content with @p len bytes. */
void fuzz_file_write(fuzz_file *f, const uint8_t *data, size_t len);

#endif /* NN_FUZZ_HELPERS_H */
