/*
 * idx.c - the IDX format of MNIST and Fashion-MNIST (LeCun et al.):
 *   bytes 0-1  zero
 *   byte  2    element type: 0x08 u8, 0x09 i8, 0x0B i16, 0x0C i32,
 *              0x0D f32, 0x0E f64 (multi-byte values big-endian)
 *   byte  3    number of dimensions d >= 1
 *   then d big-endian u32 sizes, then the elements in row-major order.
 * The first dimension is the sample count; the others multiply into the
 * features of a row.
 */
#include <math.h>
#include <string.h>

#include "internal.h"

/* Uncompressed data beyond this is refused rather than allocated. */
#define NN__IDX_LIMIT ((size_t)1 << 32)

typedef struct nn__idx {
    unsigned char type;
    size_t elem_size;
    size_t rows, cols;
    const unsigned char *data; /* rows * cols elements */
} nn__idx;

static uint32_t nn__be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

static nn_status nn__idx_parse(const char *fn, const char *path,
                               const unsigned char *buf, size_t size,
                               nn__idx *idx)
{
    if (size < 4)
        return nn__fail(NN_ERR_FORMAT,
                        "%s: %s: truncated header (%zu bytes) at offset %zu",
                        fn, path, size, size);
    if (buf[0] != 0 || buf[1] != 0)
        return nn__fail(NN_ERR_FORMAT,
                        "%s: %s: bad magic %02x %02x at offset 0: not an IDX "
                        "file",
                        fn, path, buf[0], buf[1]);
    switch (buf[2]) {
    case 0x08: case 0x09: idx->elem_size = 1; break;
    case 0x0B: idx->elem_size = 2; break;
    case 0x0C: case 0x0D: idx->elem_size = 4; break;
    case 0x0E: idx->elem_size = 8; break;
    default:
        return nn__fail(NN_ERR_FORMAT,
                        "%s: %s: unknown element type 0x%02x at offset 2", fn,
                        path, buf[2]);
    }
    idx->type = buf[2];
    unsigned dims = buf[3];
    if (dims == 0)
        return nn__fail(NN_ERR_FORMAT, "%s: %s: zero dimensions at offset 3",
                        fn, path);
    size_t header = 4 + 4 * (size_t)dims;
    if (size < header)
        return nn__fail(NN_ERR_FORMAT,
                        "%s: %s: truncated header: %u dimensions need %zu "
                        "bytes, the file has %zu",
                        fn, path, dims, header, size);
    idx->rows = nn__be32(buf + 4);
    idx->cols = 1;
    for (unsigned i = 1; i < dims; i++) {
        size_t dim = nn__be32(buf + 4 + 4 * i);
        if (nn__mul_overflows(idx->cols, dim, &idx->cols))
            return nn__fail(NN_ERR_FORMAT,
                            "%s: %s: the dimensions overflow at offset %u", fn,
                            path, 4 + 4 * i);
    }
    if (idx->rows == 0 || idx->cols == 0)
        return nn__fail(NN_ERR_FORMAT, "%s: %s: the file holds no data", fn,
                        path);
    size_t elems, bytes;
    if (nn__mul_overflows(idx->rows, idx->cols, &elems) ||
        nn__mul_overflows(elems, idx->elem_size, &bytes) ||
        bytes > SIZE_MAX - header)
        return nn__fail(NN_ERR_FORMAT,
                        "%s: %s: the dimensions overflow the address space",
                        fn, path);
    if (size < header + bytes)
        return nn__fail(NN_ERR_FORMAT,
                        "%s: %s: truncated at offset %zu: the header "
                        "promises %zu bytes of data after offset %zu",
                        fn, path, size, bytes, header);
    if (size > header + bytes)
        return nn__fail(NN_ERR_FORMAT,
                        "%s: %s: %zu unexpected bytes after the data at "
                        "offset %zu",
                        fn, path, size - header - bytes, header + bytes);
    idx->data = buf + header;
    return NN_OK;
}

/* Element i as a double, converting from big-endian. */
static double nn__idx_value(const nn__idx *idx, size_t i)
{
    const unsigned char *p = idx->data + i * idx->elem_size;
    switch (idx->type) {
    case 0x08: return p[0];
    case 0x09: return (signed char)p[0];
    case 0x0B: return (int16_t)(uint16_t)(p[0] << 8 | p[1]);
    case 0x0C: return (int32_t)nn__be32(p);
    case 0x0D: {
        uint32_t bits = nn__be32(p);
        float f;
        memcpy(&f, &bits, 4);
        return f;
    }
    default: {
        uint64_t bits = (uint64_t)nn__be32(p) << 32 | nn__be32(p + 4);
        double d;
        memcpy(&d, &bits, 8);
        return d;
    }
    }
}

/* Converts to floats; integer types are scaled by their range when asked.
 * Returns the index of the first non-finite value in *bad (or SIZE_MAX). */
static float *nn__idx_to_float(const nn__idx *idx, int normalize, size_t *bad)
{
    size_t n = idx->rows * idx->cols;
    float *out = nn__malloc_array(n, sizeof *out);
    *bad = SIZE_MAX;
    if (!out)
        return NULL;
    double lo = 0.0, span = 1.0;
    if (normalize) {
        switch (idx->type) {
        case 0x08: span = 255.0; break;
        case 0x09: lo = -128.0; span = 255.0; break;
        case 0x0B: lo = -32768.0; span = 65535.0; break;
        case 0x0C: lo = -2147483648.0; span = 4294967295.0; break;
        default: break; /* floats: column min-max by the caller */
        }
    }
    if (idx->type == 0x08 && normalize) {
        /* the common case, kept tight: Fashion-MNIST's 47 million pixels;
         * a true division, so 51 gives 0.2f exactly as x / 255 promises */
        for (size_t i = 0; i < n; i++)
            out[i] = (float)idx->data[i] / 255.0f;
        return out;
    }
    for (size_t i = 0; i < n; i++) {
        double v = (nn__idx_value(idx, i) - lo) / span;
        out[i] = (float)v;
        if (!isfinite(out[i]) && *bad == SIZE_MAX)
            *bad = i;
    }
    return out;
}

nn_status nn_dataset_load_idx(nn_dataset **out, const char *images_path,
                              const char *labels_path, unsigned flags)
{
    if (!out)
        return nn__fail(NN_ERR_INVALID_ARG, "%s: out is NULL", __func__);
    *out = NULL;
    if (!images_path)
        return nn__fail(NN_ERR_INVALID_ARG, "%s: images_path is NULL",
                        __func__);
    if (flags & ~(unsigned)NN_DATASET_NORMALIZE)
        return nn__fail(NN_ERR_INVALID_ARG,
                        "%s: flags 0x%x include ones IDX does not take",
                        __func__, flags);
    unsigned char *img_buf = NULL, *lab_buf = NULL;
    size_t img_size, lab_size;
    float *x = NULL, *y = NULL;
    nn__idx img, lab;
    size_t bad;
    nn_status st = nn__read_file(__func__, images_path, NN__IDX_LIMIT,
                                 &img_buf, &img_size);
    if (st == NN_OK)
        st = nn__idx_parse(__func__, images_path, img_buf, img_size, &img);
    if (st == NN_OK && labels_path) {
        st = nn__read_file(__func__, labels_path, NN__IDX_LIMIT, &lab_buf,
                           &lab_size);
        if (st == NN_OK)
            st = nn__idx_parse(__func__, labels_path, lab_buf, lab_size, &lab);
        if (st == NN_OK && lab.cols != 1)
            st = nn__fail(NN_ERR_FORMAT,
                          "%s: %s: labels must be one value per sample, not "
                          "%zu",
                          __func__, labels_path, lab.cols);
        if (st == NN_OK && lab.rows != img.rows)
            st = nn__fail(NN_ERR_FORMAT,
                          "%s: %s has %zu images but %s has %zu labels",
                          __func__, images_path, img.rows, labels_path,
                          lab.rows);
    }
    if (st == NN_OK) {
        x = nn__idx_to_float(&img, (flags & NN_DATASET_NORMALIZE) != 0, &bad);
        if (!x)
            st = nn__fail(NN_ERR_NOMEM, "%s: out of memory for %zu x %zu "
                                        "features",
                          __func__, img.rows, img.cols);
        else if (bad != SIZE_MAX)
            st = nn__fail(NN_ERR_FORMAT,
                          "%s: %s: value %zu (row %zu) is not finite",
                          __func__, images_path, bad, bad / img.cols);
    }
    if (st == NN_OK && labels_path) {
        y = nn__idx_to_float(&lab, 0, &bad);
        if (!y)
            st = nn__fail(NN_ERR_NOMEM, "%s: out of memory", __func__);
        else if (bad != SIZE_MAX)
            st = nn__fail(NN_ERR_FORMAT, "%s: %s: label %zu is not finite",
                          __func__, labels_path, bad);
    }
    nn__free(img_buf);
    nn__free(lab_buf);
    if (st != NN_OK) {
        nn__free(x);
        nn__free(y);
        return st;
    }
    nn_dataset *d;
    NN_TRY(nn__dataset_new(__func__, x, y, img.rows, img.cols, &d));
    int float_type = img.type == 0x0D || img.type == 0x0E;
    if ((flags & NN_DATASET_NORMALIZE) && float_type) {
        st = nn_dataset_normalize(d, NULL, NULL);
        if (st != NN_OK) {
            nn_dataset_destroy(d);
            return st;
        }
    }
    *out = d;
    return NN_OK;
}
