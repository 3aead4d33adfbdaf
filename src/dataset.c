/*
 * dataset.c - the data set object shared by the loaders, its getters and
 * the column scaling; and reading a whole file that may be gzip-compressed.
 */
#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
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
    for (size_t r = 0; r < d->rows; r++) {
        float *row = d->x + r * d->cols;
        for (size_t c = 0; c < d->cols; c++) {
            float span = maxs[c] - mins[c];
            row[c] = span > 0.0f ? (row[c] - mins[c]) / span : 0.0f;
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

nn_status nn__read_file(const char *fn, const char *path, size_t limit,
                        unsigned char **data, size_t *size)
{
    *data = NULL;
    *size = 0;
    struct stat st;
    if (stat(path, &st) != 0)
        return nn__fail(NN_ERR_IO, "%s: cannot open %s: %s", fn, path,
                        strerror(errno));
    if (!S_ISREG(st.st_mode))
        return nn__fail(NN_ERR_IO, "%s: %s is not a regular file", fn, path);
    /* gzread passes plain files through unchanged, so one path reads both. */
    gzFile gz = gzopen(path, "rb");
    if (!gz)
        return nn__fail(errno == ENOMEM ? NN_ERR_NOMEM : NN_ERR_IO,
                        "%s: cannot open %s: %s", fn, path,
                        errno ? strerror(errno) : "out of memory");
    size_t cap = (size_t)st.st_size + 1, len = 0;
    if (cap > limit)
        cap = limit < 65536 ? limit : 65536;
    unsigned char *buf = nn__malloc(cap ? cap : 1);
    nn_status status = NN_OK;
    if (!buf)
        status = nn__fail(NN_ERR_NOMEM, "%s: out of memory reading %s", fn,
                          path);
    while (status == NN_OK) {
        if (len == cap) {
            if (cap >= limit) {
                status = nn__fail(NN_ERR_FORMAT,
                                  "%s: %s: more than %zu bytes of data", fn,
                                  path, limit);
                break;
            }
            size_t grown_cap = cap > SIZE_MAX / 2 ? SIZE_MAX : 2 * cap;
            if (grown_cap > limit)
                grown_cap = limit;
            unsigned char *grown = nn__realloc(buf, grown_cap);
            if (!grown) {
                status = nn__fail(NN_ERR_NOMEM, "%s: out of memory reading %s",
                                  fn, path);
                break;
            }
            buf = grown;
            cap = grown_cap;
        }
        size_t want = cap - len < (1u << 30) ? cap - len : (1u << 30);
        int got = gzread(gz, buf + len, (unsigned)want);
        if (got < 0) {
            int code;
            const char *why = gzerror(gz, &code);
            status = nn__fail(code == Z_MEM_ERROR ? NN_ERR_NOMEM
                              : code == Z_ERRNO   ? NN_ERR_IO
                                                  : NN_ERR_FORMAT,
                              "%s: %s: %s after %zu bytes", fn, path,
                              code == Z_ERRNO ? strerror(errno) : why, len);
            break;
        }
        if (got == 0)
            break;
        len += (size_t)got;
    }
    if (status == NN_OK) {
        /* zlib returns what it could decode of a cut-off stream and only
         * flags the missing end here. */
        int code;
        gzerror(gz, &code);
        if (code == Z_BUF_ERROR)
            status = nn__fail(NN_ERR_FORMAT,
                              "%s: %s: the gzip stream is truncated after %zu "
                              "decompressed bytes",
                              fn, path, len);
    }
    gzclose(gz);
    if (status != NN_OK) {
        nn__free(buf);
        return status;
    }
    *data = buf;
    *size = len;
    return NN_OK;
}
