/*
 * dataset.c - the data set object shared by the loaders, its getters and
 * the column scaling; and reading a whole file that may be gzip-compressed.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "internal.h"

nn_status nn__dataset_new(const char *fn, float *x, float *y, size_t rows,
                          size_t cols, nn_dataset **out)
{
    nn_dataset *d = nn__calloc(1, sizeof *d);
    if (!d) {
        nn__free(x);
        nn__free(y);
        return nn__fail(NN_ERR_NOMEM, "%s: out of memory", fn);
    }
    d->rows = rows;
    d->cols = cols;
    d->x = x;
    d->y = y;
    *out = d;
    return NN_OK;
}

void nn_dataset_destroy(nn_dataset *d)
{
    if (!d)
        return;
    nn__free(d->x);
    nn__free(d->y);
    nn__free(d);
}

size_t nn_dataset_rows(const nn_dataset *d)
{
    return d ? d->rows : 0;
}

size_t nn_dataset_cols(const nn_dataset *d)
{
    return d ? d->cols : 0;
}

const float *nn_dataset_x(const nn_dataset *d)
{
    return d ? d->x : NULL;
}

const float *nn_dataset_y(const nn_dataset *d)
{
    return d ? d->y : NULL;
}

size_t nn_dataset_classes(const nn_dataset *d)
{
    if (!d || !d->y)
        return 0;
    float max = -1.0f;
    for (size_t i = 0; i < d->rows; i++) {
        float v = d->y[i];
        if (!(v >= 0.0f) || v != floorf(v) || v > 16777216.0f)
            return 0; /* negative, fractional, NaN or beyond exact floats */
        max = v > max ? v : max;
    }
    return (size_t)max + 1;
}

nn_status nn_dataset_apply_range(nn_dataset *d, const float *mins,
                                 const float *maxs)
{
    if (!d || !mins || !maxs)
        return nn__fail(NN_ERR_INVALID_ARG, "%s: %s is NULL", __func__,
                        !d ? "d" : !mins ? "mins" : "maxs");
    for (size_t c = 0; c < d->cols; c++)
        if (!isfinite(mins[c]) || !isfinite(maxs[c]) || maxs[c] < mins[c])
            return nn__fail(NN_ERR_INVALID_ARG,
                            "%s: column %zu has the range [%g, %g]",
                            __func__, c, (double)mins[c], (double)maxs[c]);
    /* In double: for ranges such as [-3e38, 3e38] the float span and
     * differences overflow to infinity, and inf / inf is NaN. */
    for (size_t r = 0; r < d->rows; r++) {
        float *row = d->x + r * d->cols;
        for (size_t c = 0; c < d->cols; c++) {
            double span = (double)maxs[c] - (double)mins[c];
            row[c] = span > 0.0
                         ? (float)(((double)row[c] - (double)mins[c]) / span)
                         : 0.0f;
        }
    }
    return NN_OK;
}

nn_status nn_dataset_normalize(nn_dataset *d, float *mins, float *maxs)
{
    if (!d)
        return nn__fail(NN_ERR_INVALID_ARG, "%s: d is NULL", __func__);
    float *lo = nn__malloc_array(d->cols ? d->cols : 1, sizeof *lo);
    float *hi = nn__malloc_array(d->cols ? d->cols : 1, sizeof *hi);
    if (!lo || !hi) {
        nn__free(lo);
        nn__free(hi);
        return nn__fail(NN_ERR_NOMEM, "%s: out of memory", __func__);
    }
    for (size_t c = 0; c < d->cols; c++)
        lo[c] = hi[c] = d->rows ? d->x[c] : 0.0f;
    for (size_t r = 1; r < d->rows; r++) {
        const float *row = d->x + r * d->cols;
        for (size_t c = 0; c < d->cols; c++) {
            lo[c] = row[c] < lo[c] ? row[c] : lo[c];
            hi[c] = row[c] > hi[c] ? row[c] : hi[c];
        }
    }
    nn_status st = nn_dataset_apply_range(d, lo, hi);
    if (st == NN_OK) {
        if (mins)
            memcpy(mins, lo, d->cols * sizeof *lo);
        if (maxs)
            memcpy(maxs, hi, d->cols * sizeof *hi);
    }
    nn__free(lo);
    nn__free(hi);
    return st;
}

/* Reads the whole of a regular file as it is on disk. */
static nn_status nn__read_raw(const char *fn, const char *path,
                              unsigned char **data, size_t *size)
{
    *data = NULL;
    *size = 0;
    /* O_NONBLOCK: opening a FIFO must not hang before the check below */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return nn__fail(NN_ERR_IO, "%s: cannot open %s: %s", fn, path,
                        strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return nn__fail(NN_ERR_IO, "%s: %s is not a regular file", fn, path);
    }
    size_t want = (size_t)st.st_size;
    unsigned char *buf = nn__malloc(want + 1);
    if (!buf) {
        close(fd);
        return nn__fail(NN_ERR_NOMEM, "%s: out of memory reading %s", fn,
                        path);
    }
    size_t got = 0;
    while (got < want) {
        ssize_t n = read(fd, buf + got, want - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    int saved = errno;
    close(fd);
    if (got != want) {
        nn__free(buf);
        return nn__fail(NN_ERR_IO, "%s: cannot read %s: %s", fn, path,
                        saved ? strerror(saved) : "the file shrank");
    }
    *data = buf;
    *size = got;
    return NN_OK;
}

/* Inflates one or more concatenated gzip members. Anything after a member
 * that is not another member is an error: silently dropping it could lose
 * rows that someone appended. */
static nn_status nn__gunzip(const char *fn, const char *path,
                            const unsigned char *in, size_t in_size,
                            size_t limit, unsigned char **data, size_t *size)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
        return nn__fail(NN_ERR_NOMEM, "%s: cannot start zlib for %s", fn,
                        path);
    size_t cap = in_size < limit / 4 ? 4 * in_size + 64 : limit;
    unsigned char *out = nn__malloc(cap ? cap : 1);
    size_t len = 0, consumed = 0;
    nn_status status = out ? NN_OK
                           : nn__fail(NN_ERR_NOMEM,
                                      "%s: out of memory reading %s", fn, path);
    int rc = Z_OK;
    while (status == NN_OK) {
        if (len == cap) {
            if (cap >= limit) {
                status = nn__fail(NN_ERR_FORMAT,
                                  "%s: %s: more than %zu bytes of data", fn,
                                  path, limit);
                break;
            }
            size_t grown_cap = cap > limit / 2 ? limit : 2 * cap;
            unsigned char *grown = nn__realloc(out, grown_cap);
            if (!grown) {
                status = nn__fail(NN_ERR_NOMEM,
                                  "%s: out of memory reading %s", fn, path);
                break;
            }
            out = grown;
            cap = grown_cap;
        }
        size_t in_left = in_size - consumed, out_left = cap - len;
        zs.next_in = (unsigned char *)in + consumed;
        zs.avail_in = in_left < UINT_MAX ? (uInt)in_left : UINT_MAX;
        zs.next_out = out + len;
        zs.avail_out = out_left < UINT_MAX ? (uInt)out_left : UINT_MAX;
        uInt avail_in = zs.avail_in, avail_out = zs.avail_out;
        rc = inflate(&zs, Z_NO_FLUSH);
        consumed += avail_in - zs.avail_in;
        len += avail_out - zs.avail_out;
        if (rc == Z_STREAM_END) {
            if (consumed == in_size)
                break;
            if (in_size - consumed >= 2 && in[consumed] == 0x1f &&
                in[consumed + 1] == 0x8b) {
                inflateReset(&zs); /* another member follows */
                continue;
            }
            status = nn__fail(NN_ERR_FORMAT,
                              "%s: %s: %zu unexpected bytes after the gzip "
                              "stream at offset %zu",
                              fn, path, in_size - consumed, consumed);
        } else if (rc == Z_MEM_ERROR) {
            status = nn__fail(NN_ERR_NOMEM, "%s: out of memory inflating %s",
                              fn, path);
        } else if (rc == Z_BUF_ERROR && consumed == in_size) {
            status = nn__fail(NN_ERR_FORMAT,
                              "%s: %s: the gzip stream is truncated at "
                              "offset %zu (%zu bytes decompressed)",
                              fn, path, consumed, len);
        } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
            status = nn__fail(NN_ERR_FORMAT,
                              "%s: %s: corrupt gzip data near offset %zu: %s",
                              fn, path, consumed, zs.msg ? zs.msg : "error");
        }
    }
    inflateEnd(&zs);
    if (status != NN_OK) {
        nn__free(out);
        return status;
    }
    *data = out;
    *size = len;
    return NN_OK;
}

nn_status nn__read_file(const char *fn, const char *path, size_t limit,
                        unsigned char **data, size_t *size)
{
    unsigned char *raw;
    size_t raw_size;
    NN_TRY(nn__read_raw(fn, path, &raw, &raw_size));
    if (raw_size < 2 || raw[0] != 0x1f || raw[1] != 0x8b) {
        if (raw_size > limit) {
            nn__free(raw);
            return nn__fail(NN_ERR_FORMAT,
                            "%s: %s: more than %zu bytes of data", fn, path,
                            limit);
        }
        *data = raw;
        *size = raw_size;
        return NN_OK;
    }
    nn_status st = nn__gunzip(fn, path, raw, raw_size, limit, data, size);
    nn__free(raw);
    return st;
}
