/*
 * fuzz_helpers.c - see fuzz_helpers.h.
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#define _GNU_SOURCE /* memfd_create */
#include "fuzz_helpers.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

uint8_t fuzz_take_byte(fuzz_producer *fp)
{
    if (fp->left == 0)
        return 0;
    fp->left--;
    return *fp->p++;
}

const uint8_t *fuzz_take_part(fuzz_producer *fp, size_t *len)
{
    const uint8_t *start = fp->p;
    const uint8_t *sep = fp->left ? memmem(fp->p, fp->left, FUZZ_SEPARATOR,
                                           FUZZ_SEPARATOR_LEN)
                                  : NULL;
    fp->separated = sep != NULL;
    if (!sep) {
        *len = fp->left;
        fp->p += fp->left;
        fp->left = 0;
        return start ? start : (const uint8_t *)"";
    }
    *len = (size_t)(sep - start);
    fp->left -= *len + FUZZ_SEPARATOR_LEN;
    fp->p = sep + FUZZ_SEPARATOR_LEN;
    return start;
}

/* Appends one gzip member of src to out (room: out_cap - *out_len). */
static int gzip_member(const uint8_t *src, size_t len, int level,
                       uint8_t *out, size_t out_cap, size_t *out_len)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8,
                     Z_DEFAULT_STRATEGY) != Z_OK)
        return -1;
    zs.next_in = (Bytef *)src;
    zs.avail_in = (uInt)len;
    zs.next_out = out + *out_len;
    zs.avail_out = (uInt)(out_cap - *out_len);
    int rc = deflate(&zs, Z_FINISH);
    *out_len = out_cap - zs.avail_out;
    deflateEnd(&zs);
    return rc == Z_STREAM_END ? 0 : -1;
}

uint8_t *fuzz_gzip(const uint8_t *src, size_t len, int level, int members,
                   size_t *out_len)
{
    *out_len = 0;
    if (level < 0 || level > 9)
        level = Z_DEFAULT_COMPRESSION;
    /* deflateBound ignores the gzip header; 64 bytes per member cover it */
    size_t cap = 2 * (compressBound((uLong)len) + 64);
    uint8_t *out = malloc(cap);
    if (!out)
        return NULL;
    size_t first = members == 2 ? len / 2 : len;
    if (gzip_member(src, first, level, out, cap, out_len) != 0 ||
        (members == 2 &&
         gzip_member(src + first, len - first, level, out, cap, out_len) !=
             0)) {
        free(out);
        *out_len = 0;
        return NULL;
    }
    return out;
}

static char fuzz_tmp_paths[4][256];
static int fuzz_tmp_count;

static void fuzz_tmp_cleanup(void)
{
    for (int i = 0; i < fuzz_tmp_count; i++)
        unlink(fuzz_tmp_paths[i]);
}

void fuzz_file_open(fuzz_file *f, const char *name)
{
    f->fd = -1;
#ifdef MFD_CLOEXEC
    f->fd = memfd_create(name, MFD_CLOEXEC);
    if (f->fd >= 0) {
        snprintf(f->path, sizeof f->path, "/proc/self/fd/%d", f->fd);
        if (access(f->path, R_OK) == 0)
            return;
        close(f->fd); /* no /proc: fall back to a real file */
        f->fd = -1;
    }
#endif
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    snprintf(f->path, sizeof f->path, "%s/libnn-fuzz-%s-XXXXXX", dir, name);
    f->fd = mkstemp(f->path);
    if (f->fd < 0 || fuzz_tmp_count == 4) {
        fprintf(stderr, "fuzz: cannot create a temporary file %s: %s\n",
                f->path, strerror(errno));
        abort();
    }
    memcpy(fuzz_tmp_paths[fuzz_tmp_count++], f->path, sizeof f->path);
    if (fuzz_tmp_count == 1)
        atexit(fuzz_tmp_cleanup);
}

void fuzz_file_write(fuzz_file *f, const uint8_t *data, size_t len)
{
    if (ftruncate(f->fd, 0) != 0) {
        perror("fuzz: ftruncate");
        abort();
    }
    size_t done = 0;
    while (done < len) {
        ssize_t n = pwrite(f->fd, data + done, len - done, (off_t)done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            perror("fuzz: pwrite");
            abort();
        }
        done += (size_t)n;
    }
}
