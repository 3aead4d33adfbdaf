/*
 * test_dataset.c - the data set loaders (IDX plain and gzip, CSV), their
 * error reporting, the column scaling and the getters, through nn.h only.
 * Every input file is generated here, in a fresh temporary directory.
 */
#define ZLIB_CONST
#include <locale.h>
#include <zlib.h>

#include "test_util.h"

/* ------------------------------------------------------------------------ */
/* Helpers                                                                   */

typedef struct ds_fixture {
    char *dir;
} ds_fixture;

static int setup(void **state)
{
    ds_fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    f->dir = test_mkdtemp();
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    ds_fixture *f = *state;
    /* A locale test that failed half-way must not leak into the next one. */
    setlocale(LC_ALL, "C");
    test_rm_rf(f->dir);
    free(f->dir);
    free(f);
    return 0;
}

/* Writes @p size bytes to dir/name; returns the path (free it). */
static char *put_file(const ds_fixture *f, const char *name, const void *data,
                      size_t size)
{
    char *path = test_join(f->dir, name);
    test_write_file(path, data, size);
    return path;
}

static char *put_text(const ds_fixture *f, const char *name, const char *text)
{
    return put_file(f, name, text, strlen(text));
}

/* The gzip (RFC 1952) compression of @p len bytes, in a new buffer. */
static unsigned char *gzip_bytes(const void *src, size_t len, size_t *out_len)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    assert_int_equal(deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 8,
                                  Z_DEFAULT_STRATEGY),
                     Z_OK);
    size_t cap = deflateBound(&zs, (uLong)len) + 64;
    unsigned char *out = malloc(cap);
    assert_non_null(out);
    zs.next_in = src;
    zs.avail_in = (uInt)len;
    zs.next_out = out;
    zs.avail_out = (uInt)cap;
    assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
    *out_len = zs.total_out;
    deflateEnd(&zs);
    return out;
}

static char *put_gzip(const ds_fixture *f, const char *name, const void *data,
                      size_t size)
{
    size_t glen = 0;
    unsigned char *gz = gzip_bytes(data, size, &glen);
    char *path = put_file(f, name, gz, glen);
    free(gz);
    return path;
}

/* Whether the last error message contains @p needle. */
static int msg_has(const char *needle)
{
    return strstr(nn_last_error(), needle) != NULL;
}

/* Whether the last error message contains "path:line" not followed by
 * another digit. */
static int msg_names_line(const char *path, size_t line)
{
    size_t len = strlen(path) + 32;
    char *want = malloc(len);
    assert_non_null(want);
    snprintf(want, len, "%s:%zu", path, line);
    const char *msg = nn_last_error();
    int found = 0;
    for (const char *p = strstr(msg, want); p && !found;
         p = strstr(p + 1, want)) {
        char next = p[strlen(want)];
        found = !(next >= '0' && next <= '9');
    }
    free(want);
    return found;
}

#define ASSERT_MSG_HAS(needle)                                                \
    CHECK(msg_has(needle), "nn_last_error() = \"%s\" does not contain "      \
                           "\"%s\"",                                          \
          nn_last_error(), (needle))

#define ASSERT_MSG_LINE(path, line)                                           \
    CHECK(msg_names_line((path), (line)),                                     \
          "nn_last_error() = \"%s\" does not name %s:%zu", nn_last_error(),   \
          (path), (size_t)(line))

static char sentinel_;
#define SENTINEL_DS ((nn_dataset *)(void *)&sentinel_)

/* (A successful call leaves an older message in nn_last_error.) */
#define LAST_ERROR_IF(st) ((st) == NN_OK ? "(none: the call succeeded)"       \
                                         : nn_last_error())

/* Loads an IDX pair expecting @p want; checks that *out is NULL and that
 * the message names @p must_name (when not NULL). @p ctx describes the
 * case in failure reports. */
static void expect_idx(const char *images, const char *labels,
                       unsigned flags, nn_status want, const char *must_name,
                       const char *ctx)
{
    nn_dataset *d = SENTINEL_DS;
    nn_status st = nn_dataset_load_idx(&d, images, labels, flags);
    if (st != want) {
        print_error("%s: nn_dataset_load_idx returned %s, expected %s\n"
                    "  nn_last_error(): \"%s\"\n",
                    ctx, nn_status_name(st), nn_status_name(want),
                    LAST_ERROR_IF(st));
        if (st == NN_OK && d != SENTINEL_DS)
            nn_dataset_destroy(d);
        fail();
    }
    CHECK(d == NULL, "%s: *out is not NULL after a failure", ctx);
    if (must_name)
        CHECK(msg_has(must_name), "%s: message \"%s\" does not name \"%s\"",
              ctx, nn_last_error(), must_name);
}

static void expect_csv(const char *path, int label_column, unsigned flags,
                       nn_status want, const char *ctx)
{
    nn_dataset *d = SENTINEL_DS;
    nn_status st = nn_dataset_load_csv(&d, path, label_column, flags);
    if (st != want) {
        print_error("%s: nn_dataset_load_csv returned %s, expected %s\n"
                    "  nn_last_error(): \"%s\"\n",
                    ctx, nn_status_name(st), nn_status_name(want),
                    LAST_ERROR_IF(st));
        if (st == NN_OK && d != SENTINEL_DS)
            nn_dataset_destroy(d);
        fail();
    }
    CHECK(d == NULL, "%s: *out is not NULL after a failure", ctx);
    if (path && (want == NN_ERR_FORMAT || want == NN_ERR_IO))
        CHECK(msg_has(path), "%s: message \"%s\" does not name the file",
              ctx, nn_last_error());
}

/* Loads a CSV that must load. */
static nn_dataset *load_csv_ok(const char *path, int label_column,
                               unsigned flags)
{
    nn_dataset *d = NULL;
    ASSERT_OK(nn_dataset_load_csv(&d, path, label_column, flags));
    assert_non_null(d);
    return d;
}

/* Compares a data set with the expected rows, columns and values; @p y NULL
 * means "no labels". Values must be bit-identical. */
static void assert_dataset(const nn_dataset *d, size_t rows, size_t cols,
                           const float *x, const float *y)
{
    assert_int_equal(nn_dataset_rows(d), rows);
    assert_int_equal(nn_dataset_cols(d), cols);
    const float *dx = nn_dataset_x(d);
    assert_non_null(dx);
    for (size_t i = 0; i < rows * cols; i++)
        CHECK(dx[i] == x[i], "x[%zu] (row %zu, col %zu) = %.9g, expected "
                             "%.9g",
              i, i / cols, i % cols, (double)dx[i], (double)x[i]);
    if (!y) {
        assert_null(nn_dataset_y(d));
        return;
    }
    const float *dy = nn_dataset_y(d);
    assert_non_null(dy);
    for (size_t i = 0; i < rows; i++)
        CHECK(dy[i] == y[i], "y[%zu] = %.9g, expected %.9g", i,
              (double)dy[i], (double)y[i]);
}

/* ------------------------------------------------------------------------ */
/* IDX files                                                                 */

/* Appends big-endian integers to a growing buffer. */
typedef struct bytes_buf {
    unsigned char *p;
    size_t len, cap;
} bytes_buf;

static void bb_put(bytes_buf *b, const void *src, size_t len)
{
    if (b->len + len > b->cap) {
        b->cap = (b->len + len) * 2 + 64;
        b->p = realloc(b->p, b->cap);
        assert_non_null(b->p);
    }
    memcpy(b->p + b->len, src, len);
    b->len += len;
}

static void bb_u8(bytes_buf *b, unsigned v)
{
    unsigned char c = (unsigned char)v;
    bb_put(b, &c, 1);
}

static void bb_be16(bytes_buf *b, uint16_t v)
{
    bb_u8(b, v >> 8);
    bb_u8(b, v & 0xFF);
}

static void bb_be32(bytes_buf *b, uint32_t v)
{
    for (int i = 3; i >= 0; i--)
        bb_u8(b, (v >> (8 * i)) & 0xFF);
}

static void bb_be64(bytes_buf *b, uint64_t v)
{
    for (int i = 7; i >= 0; i--)
        bb_u8(b, (unsigned)((v >> (8 * i)) & 0xFF));
}

/* An IDX header: 0 0 type ndims, then the dimensions. */
static void bb_idx_header(bytes_buf *b, unsigned type, unsigned ndims,
                          const uint32_t *dims)
{
    bb_u8(b, 0);
    bb_u8(b, 0);
    bb_u8(b, type);
    bb_u8(b, ndims);
    for (unsigned i = 0; i < ndims; i++)
        bb_be32(b, dims[i]);
}

enum { N_IMG = 7, IMG_H = 3, IMG_W = 4, IMG_D = IMG_H * IMG_W };
static const unsigned char img_labels[N_IMG] = {4, 0, 1, 2, 3, 1, 0};

static unsigned char img_pixel(size_t i)
{
    if (i == 0)
        return 0;
    if (i == 1)
        return 255;
    return (unsigned char)((i * 37 + 11) % 256);
}

/* The valid u8 images file: 7 images of 3 x 4 pixels (100 bytes). */
static bytes_buf make_images(void)
{
    bytes_buf b = {0};
    uint32_t dims[3] = {N_IMG, IMG_H, IMG_W};
    bb_idx_header(&b, 0x08, 3, dims);
    for (size_t i = 0; i < N_IMG * IMG_D; i++)
        bb_u8(&b, img_pixel(i));
    assert_int_equal(b.len, 100);
    return b;
}

/* Its labels file (15 bytes). */
static bytes_buf make_labels(size_t n)
{
    bytes_buf b = {0};
    uint32_t dims[1] = {(uint32_t)n};
    bb_idx_header(&b, 0x08, 1, dims);
    for (size_t i = 0; i < n; i++)
        bb_u8(&b, img_labels[i % N_IMG]);
    return b;
}

static void check_u8_images(const nn_dataset *d, int normalized)
{
    float x[N_IMG * IMG_D], y[N_IMG];
    for (size_t i = 0; i < N_IMG * IMG_D; i++)
        x[i] = (float)img_pixel(i);
    for (size_t i = 0; i < N_IMG; i++)
        y[i] = (float)img_labels[i];
    if (!normalized) {
        assert_dataset(d, N_IMG, IMG_D, x, y);
    } else {
        assert_int_equal(nn_dataset_rows(d), N_IMG);
        assert_int_equal(nn_dataset_cols(d), IMG_D);
        const float *dx = nn_dataset_x(d);
        for (size_t i = 0; i < N_IMG * IMG_D; i++) {
            ASSERT_CLOSE(dx[i], x[i] / 255.0f, 1e-7, 1e-6);
            CHECK(dx[i] >= 0.0f && dx[i] <= 1.0f, "x[%zu] = %.9g", i,
                  (double)dx[i]);
        }
        /* the extremes are exact */
        assert_true(dx[0] == 0.0f);
        assert_true(dx[1] == 1.0f);
        /* labels are never scaled */
        for (size_t i = 0; i < N_IMG; i++)
            assert_true(nn_dataset_y(d)[i] == y[i]);
    }
    assert_int_equal(nn_dataset_classes(d), 5);
}

static void test_idx_u8_plain_and_gzip(void **state)
{
    ds_fixture *f = *state;
    bytes_buf img = make_images(), lab = make_labels(N_IMG);
    char *paths[4] = {
        put_file(f, "images.idx", img.p, img.len),
        put_file(f, "labels.idx", lab.p, lab.len),
        /* compression is detected from the content, not the name */
        put_gzip(f, "images.idx.bin", img.p, img.len),
        put_gzip(f, "labels-gz", lab.p, lab.len),
    };
    /* every combination of plain and compressed files */
    for (int gi = 0; gi < 2; gi++)
        for (int gl = 0; gl < 2; gl++)
            for (int norm = 0; norm < 2; norm++) {
                nn_dataset *d = NULL;
                ASSERT_OK(nn_dataset_load_idx(
                    &d, paths[gi ? 2 : 0], paths[gl ? 3 : 1],
                    norm ? NN_DATASET_NORMALIZE : NN_DATASET_DEFAULT));
                check_u8_images(d, norm);
                nn_dataset_destroy(d);
            }
    for (size_t i = 0; i < ARRAY_LEN(paths); i++)
        free(paths[i]);
    free(img.p);
    free(lab.p);
}

static void test_idx_without_labels(void **state)
{
    ds_fixture *f = *state;
    bytes_buf img = make_images();
    char *path = put_file(f, "images.idx", img.p, img.len);
    nn_dataset *d = NULL;
    ASSERT_OK(nn_dataset_load_idx(&d, path, NULL, 0));
    assert_int_equal(nn_dataset_rows(d), N_IMG);
    assert_int_equal(nn_dataset_cols(d), IMG_D);
    assert_non_null(nn_dataset_x(d));
    assert_null(nn_dataset_y(d));
    assert_int_equal(nn_dataset_classes(d), 0);
    for (size_t i = 0; i < N_IMG * IMG_D; i++)
        assert_true(nn_dataset_x(d)[i] == (float)img_pixel(i));
    nn_dataset_destroy(d);
    free(path);
    free(img.p);
}

/* One IDX element type: raw big-endian encoder and expected values. */
static void check_idx_type(const ds_fixture *f, unsigned type,
                           const bytes_buf *payload, size_t n,
                           const double *values, const double *normalized,
                           const char *name)
{
    /* shape n x 1 x 2 when n is even (cols 2), else n (cols 1) */
    bytes_buf b = {0};
    size_t rows = n % 2 == 0 ? n / 2 : n, cols = n % 2 == 0 ? 2 : 1;
    uint32_t dims[3] = {(uint32_t)rows, 1, 2};
    if (cols == 2)
        bb_idx_header(&b, type, 3, dims);
    else
        bb_idx_header(&b, type, 1, dims);
    bb_put(&b, payload->p, payload->len);
    for (int gz = 0; gz < 2; gz++) {
        char *path = gz ? put_gzip(f, name, b.p, b.len)
                        : put_file(f, name, b.p, b.len);
        nn_dataset *d = NULL;
        ASSERT_OK(nn_dataset_load_idx(&d, path, NULL, 0));
        assert_int_equal(nn_dataset_rows(d), rows);
        assert_int_equal(nn_dataset_cols(d), cols);
        for (size_t i = 0; i < n; i++)
            CHECK(nn_dataset_x(d)[i] == (float)values[i],
                  "%s: x[%zu] = %.9g, expected %.9g", name, i,
                  (double)nn_dataset_x(d)[i], (double)(float)values[i]);
        nn_dataset_destroy(d);
        if (normalized) {
            ASSERT_OK(nn_dataset_load_idx(&d, path, NULL,
                                          NN_DATASET_NORMALIZE));
            for (size_t i = 0; i < n; i++) {
                float got = nn_dataset_x(d)[i];
                CHECK(fabs((double)got - normalized[i]) <= 1e-6,
                      "%s normalized: x[%zu] = %.9g, expected %.9g", name, i,
                      (double)got, normalized[i]);
            }
            nn_dataset_destroy(d);
        }
        free(path);
    }
    free(b.p);
}

static void test_idx_element_types(void **state)
{
    ds_fixture *f = *state;
    {
        /* i8, normalized by its range [-128, 127] */
        const double v[] = {-128, -1, 0, 127, 5, -7};
        double nv[ARRAY_LEN(v)];
        bytes_buf p = {0};
        for (size_t i = 0; i < ARRAY_LEN(v); i++) {
            bb_u8(&p, (unsigned)(int)v[i] & 0xFF);
            nv[i] = (v[i] + 128.0) / 255.0;
        }
        check_idx_type(f, 0x09, &p, ARRAY_LEN(v), v, nv, "i8.idx");
        free(p.p);
    }
    {
        const double v[] = {-32768, -1, 0, 32767, 1234};
        double nv[ARRAY_LEN(v)];
        bytes_buf p = {0};
        for (size_t i = 0; i < ARRAY_LEN(v); i++) {
            bb_be16(&p, (uint16_t)(int16_t)v[i]);
            nv[i] = (v[i] + 32768.0) / 65535.0;
        }
        check_idx_type(f, 0x0B, &p, ARRAY_LEN(v), v, nv, "i16.idx");
        free(p.p);
    }
    {
        const double v[] = {-2147483648.0, -1, 0, 2147483647.0, 123456789,
                            -98765};
        double nv[ARRAY_LEN(v)];
        bytes_buf p = {0};
        for (size_t i = 0; i < ARRAY_LEN(v); i++) {
            bb_be32(&p, (uint32_t)(int32_t)v[i]);
            nv[i] = (v[i] + 2147483648.0) / 4294967295.0;
        }
        check_idx_type(f, 0x0C, &p, ARRAY_LEN(v), v, nv, "i32.idx");
        free(p.p);
    }
    {
        /* f32: bit patterns kept; normalized per column (2 columns:
         * even and odd indices) by min and max */
        const double v[] = {0.1f, -3.5e10f, 1e-30f, 2.0f, -0.5f, 65504.0f};
        bytes_buf p = {0};
        for (size_t i = 0; i < ARRAY_LEN(v); i++) {
            float fv = (float)v[i];
            uint32_t bits;
            memcpy(&bits, &fv, 4);
            bb_be32(&p, bits);
        }
        double nv[ARRAY_LEN(v)];
        for (size_t i = 0; i < ARRAY_LEN(v); i++) {
            double lo = INFINITY, hi = -INFINITY;
            for (size_t j = i % 2; j < ARRAY_LEN(v); j += 2) {
                lo = fmin(lo, (float)v[j]);
                hi = fmax(hi, (float)v[j]);
            }
            nv[i] = ((float)v[i] - lo) / (hi - lo);
        }
        check_idx_type(f, 0x0D, &p, ARRAY_LEN(v), v, nv, "f32.idx");
        free(p.p);
    }
    {
        /* f64, 5 values in one column */
        const double v[] = {0.1, -2.5, 3.0e38, 1e-40, 1.0 / 3.0};
        bytes_buf p = {0};
        for (size_t i = 0; i < ARRAY_LEN(v); i++) {
            uint64_t bits;
            memcpy(&bits, &v[i], 8);
            bb_be64(&p, bits);
        }
        double nv[ARRAY_LEN(v)];
        for (size_t i = 0; i < ARRAY_LEN(v); i++)
            nv[i] = ((double)(float)v[i] - (double)(float)-2.5) /
                    ((double)(float)3.0e38 - (double)(float)-2.5);
        check_idx_type(f, 0x0E, &p, ARRAY_LEN(v), v, nv, "f64.idx");
        free(p.p);
    }
}

/* Labels of other types, and the class count they give. */
static void test_idx_label_types(void **state)
{
    ds_fixture *f = *state;
    bytes_buf img = make_images();
    char *images = put_file(f, "images.idx", img.p, img.len);
    uint32_t dims[1] = {N_IMG};

    bytes_buf l = {0};
    bb_idx_header(&l, 0x0C, 1, dims); /* i32 labels 0..6 */
    for (uint32_t i = 0; i < N_IMG; i++)
        bb_be32(&l, (i * 3) % N_IMG);
    char *labels = put_file(f, "i32-labels.idx", l.p, l.len);
    nn_dataset *d = NULL;
    ASSERT_OK(nn_dataset_load_idx(&d, images, labels, 0));
    for (size_t i = 0; i < N_IMG; i++)
        assert_true(nn_dataset_y(d)[i] == (float)((i * 3) % N_IMG));
    assert_int_equal(nn_dataset_classes(d), N_IMG);
    nn_dataset_destroy(d);
    free(labels);
    free(l.p);

    /* float labels with a fraction: no class count */
    l = (bytes_buf){0};
    bb_idx_header(&l, 0x0D, 1, dims);
    for (uint32_t i = 0; i < N_IMG; i++) {
        float v = i == 3 ? 1.5f : (float)i;
        uint32_t bits;
        memcpy(&bits, &v, 4);
        bb_be32(&l, bits);
    }
    labels = put_file(f, "f32-labels.idx", l.p, l.len);
    ASSERT_OK(nn_dataset_load_idx(&d, images, labels, 0));
    assert_true(nn_dataset_y(d)[3] == 1.5f);
    assert_int_equal(nn_dataset_classes(d), 0);
    nn_dataset_destroy(d);
    free(labels);
    free(l.p);

    /* negative labels: no class count */
    l = (bytes_buf){0};
    bb_idx_header(&l, 0x09, 1, dims);
    for (uint32_t i = 0; i < N_IMG; i++)
        bb_u8(&l, i == 2 ? 0xFF : i); /* -1 */
    labels = put_file(f, "i8-labels.idx", l.p, l.len);
    ASSERT_OK(nn_dataset_load_idx(&d, images, labels, 0));
    assert_true(nn_dataset_y(d)[2] == -1.0f);
    assert_int_equal(nn_dataset_classes(d), 0);
    nn_dataset_destroy(d);
    free(labels);
    free(l.p);

    free(images);
    free(img.p);
}

/* Every proper prefix of a valid file is refused, naming the file. */
static void test_idx_truncated_plain(void **state)
{
    ds_fixture *f = *state;
    bytes_buf img = make_images(), lab = make_labels(N_IMG);
    char *images = put_file(f, "images.idx", img.p, img.len);
    char *labels = put_file(f, "labels.idx", lab.p, lab.len);
    char *cut = test_join(f->dir, "cut.idx");
    char ctx[96];
    for (size_t len = 0; len < img.len; len++) {
        test_write_file(cut, img.p, len);
        snprintf(ctx, sizeof ctx, "images cut to %zu of %zu bytes", len,
                 img.len);
        expect_idx(cut, NULL, 0, NN_ERR_FORMAT, cut, ctx);
        /* the message locates the problem: an offset or a byte count */
        CHECK(msg_has("offset") || msg_has("byte"),
              "%s: \"%s\" gives no offset", ctx, nn_last_error());
        expect_idx(cut, labels, 0, NN_ERR_FORMAT, cut, ctx);
    }
    for (size_t len = 0; len < lab.len; len++) {
        test_write_file(cut, lab.p, len);
        snprintf(ctx, sizeof ctx, "labels cut to %zu of %zu bytes", len,
                 lab.len);
        expect_idx(images, cut, 0, NN_ERR_FORMAT, cut, ctx);
        CHECK(msg_has("offset") || msg_has("byte"),
              "%s: \"%s\" gives no offset", ctx, nn_last_error());
    }
    free(cut);
    free(images);
    free(labels);
    free(img.p);
    free(lab.p);
}

static void test_idx_truncated_gzip(void **state)
{
    ds_fixture *f = *state;
    bytes_buf img = make_images(), lab = make_labels(N_IMG);
    char *labels = put_file(f, "labels.idx", lab.p, lab.len);
    size_t glen = 0;
    unsigned char *gz = gzip_bytes(img.p, img.len, &glen);
    assert_true(glen > 20);
    char *cut = test_join(f->dir, "cut.idx.gz");
    char ctx[96];
    for (size_t len = 0; len < glen; len++) {
        test_write_file(cut, gz, len);
        snprintf(ctx, sizeof ctx, "gzip images cut to %zu of %zu bytes",
                 len, glen);
        expect_idx(cut, labels, 0, NN_ERR_FORMAT, cut, ctx);
        expect_idx(cut, NULL, NN_DATASET_NORMALIZE, NN_ERR_FORMAT, cut, ctx);
    }
    /* a stream cut in the middle of the deflate data */
    test_write_file(cut, gz, glen / 2);
    expect_idx(cut, NULL, 0, NN_ERR_FORMAT, cut, "gzip cut in the middle");
    /* the compressed stream of a truncated file decompresses fine but the
     * content is short */
    char *short_gz = put_gzip(f, "short.gz", img.p, img.len - 5);
    expect_idx(short_gz, NULL, 0, NN_ERR_FORMAT, short_gz,
               "gzip of a truncated file");
    CHECK(msg_has("offset"), "\"%s\" gives no offset", nn_last_error());
    /* damaged compressed data and a damaged gzip checksum */
    unsigned char *bad = malloc(glen);
    assert_non_null(bad);
    memcpy(bad, gz, glen);
    bad[glen - 8] ^= 0x55; /* CRC-32 of the trailer */
    test_write_file(cut, bad, glen);
    expect_idx(cut, NULL, 0, NN_ERR_FORMAT, cut, "gzip with a bad CRC");
    memcpy(bad, gz, glen);
    for (size_t i = 10; i < glen - 8; i++)
        bad[i] ^= 0xA5; /* garble the deflate data */
    test_write_file(cut, bad, glen);
    expect_idx(cut, NULL, 0, NN_ERR_FORMAT, cut, "garbled deflate data");
    /* gzip labels cut */
    size_t lglen = 0;
    unsigned char *lgz = gzip_bytes(lab.p, lab.len, &lglen);
    char *images = put_file(f, "images.idx", img.p, img.len);
    for (size_t len = 0; len < lglen; len++) {
        test_write_file(cut, lgz, len);
        snprintf(ctx, sizeof ctx, "gzip labels cut to %zu of %zu bytes", len,
                 lglen);
        expect_idx(images, cut, 0, NN_ERR_FORMAT, cut, ctx);
    }
    free(images);
    free(lgz);
    free(bad);
    free(short_gz);
    free(cut);
    free(gz);
    free(labels);
    free(img.p);
    free(lab.p);
}

static void test_idx_trailing_garbage(void **state)
{
    ds_fixture *f = *state;
    bytes_buf img = make_images(), lab = make_labels(N_IMG);
    bytes_buf longer = {0};
    bb_put(&longer, img.p, img.len);
    bb_u8(&longer, 0);
    char *path = put_file(f, "long.idx", longer.p, longer.len);
    expect_idx(path, NULL, 0, NN_ERR_FORMAT, path, "one extra byte");
    ASSERT_MSG_HAS("offset 100");
    free(path);
    bb_put(&longer, "garbage", 7);
    path = put_gzip(f, "long.idx.gz", longer.p, longer.len);
    expect_idx(path, NULL, 0, NN_ERR_FORMAT, path, "extra bytes in gzip");
    ASSERT_MSG_HAS("offset 100");
    free(path);
    /* labels with one extra byte */
    bytes_buf lablong = {0};
    bb_put(&lablong, lab.p, lab.len);
    bb_u8(&lablong, 1);
    char *images = put_file(f, "images.idx", img.p, img.len);
    path = put_file(f, "long-labels.idx", lablong.p, lablong.len);
    expect_idx(images, path, 0, NN_ERR_FORMAT, path, "labels extra byte");
    ASSERT_MSG_HAS("offset 15");
    free(path);
    free(images);
    free(lablong.p);
    free(longer.p);
    free(img.p);
    free(lab.p);
}

/* A gzip file may hold several members (RFC 1952, `cat a.gz b.gz`): they
 * decompress as one. */
static void test_idx_gzip_multi_member(void **state)
{
    ds_fixture *f = *state;
    bytes_buf img = make_images();
    size_t l1 = 0, l2 = 0;
    unsigned char *g1 = gzip_bytes(img.p, 37, &l1);
    unsigned char *g2 = gzip_bytes(img.p + 37, img.len - 37, &l2);
    bytes_buf two = {0};
    bb_put(&two, g1, l1);
    bb_put(&two, g2, l2);
    char *path = put_file(f, "two-members.gz", two.p, two.len);
    nn_dataset *d = NULL;
    ASSERT_OK(nn_dataset_load_idx(&d, path, NULL, 0));
    assert_int_equal(nn_dataset_rows(d), N_IMG);
    for (size_t i = 0; i < N_IMG * IMG_D; i++)
        assert_true(nn_dataset_x(d)[i] == (float)img_pixel(i));
    nn_dataset_destroy(d);
    free(path);
    free(g1);
    free(g2);
    free(two.p);
    free(img.p);
}

static void test_gzip_trailing_junk(void **state)
{
    ds_fixture *f = *state;
    bytes_buf img = make_images();
    size_t glen = 0;
    unsigned char *gz = gzip_bytes(img.p, img.len, &glen);
    const char *junk[] = {"trailing junk", "\n", "\x1f"};
    for (size_t i = 0; i < ARRAY_LEN(junk); i++) {
        bytes_buf after = {0};
        bb_put(&after, gz, glen);
        bb_put(&after, junk[i], strlen(junk[i]));
        char *path = put_file(f, "junk-after.gz", after.p, after.len);
        char ctx[64];
        snprintf(ctx, sizeof ctx, "%zu junk bytes after the gzip stream",
                 strlen(junk[i]));
        expect_idx(path, NULL, 0, NN_ERR_FORMAT, path, ctx);
        free(path);
        free(after.p);
    }
    free(gz);
    /* the same reader serves CSV */
    const char *csv = "a,b\n1,2\n3,4\n";
    gz = gzip_bytes(csv, strlen(csv), &glen);
    bytes_buf after = {0};
    bb_put(&after, gz, glen);
    bb_put(&after, "5,6\n", 4);
    char *path = put_file(f, "junk-after.csv.gz", after.p, after.len);
    expect_csv(path, NN_CSV_LABEL_LAST, 0, NN_ERR_FORMAT,
               "plain text after a gzip CSV stream");
    free(path);
    free(after.p);
    free(gz);
    free(img.p);
}

static void test_idx_bad_headers(void **state)
{
    ds_fixture *f = *state;
    bytes_buf img = make_images();
    char *path = test_join(f->dir, "bad.idx");
    unsigned char *copy = malloc(img.len);
    assert_non_null(copy);

    /* bad magic: either of the two zero bytes */
    for (int i = 0; i < 2; i++) {
        memcpy(copy, img.p, img.len);
        copy[i] = 0x1F + (unsigned char)i;
        test_write_file(path, copy, img.len);
        expect_idx(path, NULL, 0, NN_ERR_FORMAT, path, "bad magic");
        ASSERT_MSG_HAS("offset 0");
    }
    /* unknown element types */
    const unsigned char types[] = {0x00, 0x01, 0x07, 0x0A, 0x0F, 0x10, 0xFF};
    for (size_t i = 0; i < ARRAY_LEN(types); i++) {
        memcpy(copy, img.p, img.len);
        copy[2] = types[i];
        test_write_file(path, copy, img.len);
        expect_idx(path, NULL, 0, NN_ERR_FORMAT, path, "unknown type");
        ASSERT_MSG_HAS("offset 2");
    }
    /* zero dimensions */
    bytes_buf b = {0};
    bb_idx_header(&b, 0x08, 0, NULL);
    bb_u8(&b, 7);
    test_write_file(path, b.p, b.len);
    expect_idx(path, NULL, 0, NN_ERR_FORMAT, path, "zero dimensions");
    ASSERT_MSG_HAS("offset 3");
    free(b.p);
    /* a dimension of size 0: the file holds nothing */
    for (int which = 0; which < 3; which++) {
        uint32_t dims[3] = {N_IMG, IMG_H, IMG_W};
        dims[which] = 0;
        b = (bytes_buf){0};
        bb_idx_header(&b, 0x08, 3, dims);
        test_write_file(path, b.p, b.len);
        expect_idx(path, NULL, 0, NN_ERR_FORMAT, path, "a zero dimension");
        free(b.p);
    }
    /* dimensions whose product overflows 64 bits: 4 x (2^32 - 1) */
    {
        uint32_t dims[4] = {0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu,
                            0xFFFFFFFFu};
        b = (bytes_buf){0};
        bb_idx_header(&b, 0x08, 4, dims);
        bb_put(&b, "data", 4);
        test_write_file(path, b.p, b.len);
        expect_idx(path, NULL, 0, NN_ERR_FORMAT, path, "overflowing dims");
        ASSERT_MSG_HAS("offset 16"); /* the dimension that overflows */
        free(b.p);
    }
    /* the features fit but rows x features x 8 bytes does not */
    {
        uint32_t dims[3] = {0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu};
        b = (bytes_buf){0};
        bb_idx_header(&b, 0x0E, 3, dims);
        bb_put(&b, "data", 4);
        test_write_file(path, b.p, b.len);
        expect_idx(path, NULL, 0, NN_ERR_FORMAT, path,
                   "overflowing byte count");
        free(b.p);
    }
    /* a header promising 8 GB in a small file is refused before any large
     * allocation */
    {
        uint32_t dims[3] = {2000, 2000, 2000};
        b = (bytes_buf){0};
        bb_idx_header(&b, 0x08, 3, dims);
        bb_put(&b, "tiny", 4);
        test_write_file(path, b.p, b.len);
        expect_idx(path, NULL, 0, NN_ERR_FORMAT, path, "8 GB claimed");
        free(b.p);
    }
    /* 255 dimensions declared, header cut */
    {
        b = (bytes_buf){0};
        uint32_t dims[4] = {1, 1, 1, 1};
        bb_idx_header(&b, 0x08, 4, dims);
        b.p[3] = 255;
        test_write_file(path, b.p, b.len);
        expect_idx(path, NULL, 0, NN_ERR_FORMAT, path, "255 dims");
        free(b.p);
    }
    /* non-finite floats in the images */
    {
        uint32_t dims[2] = {2, 2};
        b = (bytes_buf){0};
        bb_idx_header(&b, 0x0D, 2, dims);
        bb_be32(&b, 0x3F800000u); /* 1.0 */
        bb_be32(&b, 0x3F800000u);
        bb_be32(&b, 0x7FC00000u); /* NaN */
        bb_be32(&b, 0x3F800000u);
        test_write_file(path, b.p, b.len);
        expect_idx(path, NULL, 0, NN_ERR_FORMAT, path, "NaN pixel");
        free(b.p);
        b = (bytes_buf){0};
        bb_idx_header(&b, 0x0E, 2, dims);
        double vals[4] = {1.0, 1e300, 2.0, 3.0}; /* beyond float */
        for (int i = 0; i < 4; i++) {
            uint64_t bits;
            memcpy(&bits, &vals[i], 8);
            bb_be64(&b, bits);
        }
        test_write_file(path, b.p, b.len);
        expect_idx(path, NULL, 0, NN_ERR_FORMAT, path, "f64 beyond float");
        free(b.p);
    }
    free(copy);
    free(path);
    free(img.p);
}

static void test_idx_mismatched_files(void **state)
{
    ds_fixture *f = *state;
    bytes_buf img = make_images();
    char *images = put_file(f, "images.idx", img.p, img.len);
    /* 6 and 8 labels for 7 images */
    for (size_t n = N_IMG - 1; n <= N_IMG + 1; n += 2) {
        bytes_buf lab = make_labels(n);
        char *labels = put_file(f, "labels.idx", lab.p, lab.len);
        expect_idx(images, labels, 0, NN_ERR_FORMAT, images, "count");
        ASSERT_MSG_HAS(labels);
        free(labels);
        free(lab.p);
    }
    /* labels of 2 columns */
    bytes_buf lab = {0};
    uint32_t dims[2] = {N_IMG, 2};
    bb_idx_header(&lab, 0x08, 2, dims);
    for (int i = 0; i < 2 * N_IMG; i++)
        bb_u8(&lab, (unsigned)i % 2);
    char *labels = put_file(f, "labels2.idx", lab.p, lab.len);
    expect_idx(images, labels, 0, NN_ERR_FORMAT, labels, "2-column labels");
    free(labels);
    free(lab.p);
    /* an images file given as labels */
    expect_idx(images, images, 0, NN_ERR_FORMAT, images, "images as labels");
    free(images);
    free(img.p);
}

static void test_idx_io_errors(void **state)
{
    ds_fixture *f = *state;
    bytes_buf img = make_images(), lab = make_labels(N_IMG);
    char *images = put_file(f, "images.idx", img.p, img.len);
    char *labels = put_file(f, "labels.idx", lab.p, lab.len);
    char *missing = test_join(f->dir, "no-such-file.idx");
    char *subdir = test_join(f->dir, "a-directory");
    assert_int_equal(mkdir(subdir, 0700), 0);

    expect_idx(missing, labels, 0, NN_ERR_IO, missing, "missing images");
    expect_idx(images, missing, 0, NN_ERR_IO, missing, "missing labels");
    expect_idx(subdir, labels, 0, NN_ERR_IO, subdir, "directory images");
    expect_idx(images, subdir, 0, NN_ERR_IO, subdir, "directory labels");

    /* invalid arguments */
    ASSERT_STATUS(nn_dataset_load_idx(NULL, images, labels, 0),
                  NN_ERR_INVALID_ARG);
    expect_idx(NULL, labels, 0, NN_ERR_INVALID_ARG, NULL, "NULL images");
    expect_idx(images, labels, 0x100, NN_ERR_INVALID_ARG, NULL,
               "unknown flag");
    /* the data still loads */
    nn_dataset *d = NULL;
    ASSERT_OK(nn_dataset_load_idx(&d, images, labels, 0));
    check_u8_images(d, 0);
    nn_dataset_destroy(d);

    free(subdir);
    free(missing);
    free(images);
    free(labels);
    free(img.p);
    free(lab.p);
}

/* ------------------------------------------------------------------------ */
/* CSV files                                                                 */

static void test_csv_header_detection(void **state)
{
    ds_fixture *f = *state;
    const float x[] = {1, 2, 3, 4.5f, -5, 6e3f};
    const float y[] = {0, 1, 2};
    char *p = put_text(f, "h.csv", "a,b,label\n1,2,0\n3,4.5,1\n-5,6e3,2\n");
    nn_dataset *d = load_csv_ok(p, NN_CSV_LABEL_LAST, 0);
    assert_dataset(d, 3, 2, x, y);
    assert_int_equal(nn_dataset_classes(d), 3);
    nn_dataset_destroy(d);
    free(p);

    p = put_text(f, "n.csv", "1,2,0\n3,4.5,1\n-5,6e3,2\n");
    d = load_csv_ok(p, NN_CSV_LABEL_LAST, 0);
    assert_dataset(d, 3, 2, x, y);
    nn_dataset_destroy(d);
    free(p);

    /* one text field is enough to make a header */
    p = put_text(f, "h2.csv", "1,2,label\n1,2,0\n3,4.5,1\n-5,6e3,2\n");
    d = load_csv_ok(p, NN_CSV_LABEL_LAST, 0);
    assert_dataset(d, 3, 2, x, y);
    nn_dataset_destroy(d);
    free(p);
}

static void test_csv_forced_header_flags(void **state)
{
    ds_fixture *f = *state;
    /* numeric column names: only the flag says it is a header */
    char *p = put_text(f, "numhead.csv", "10,20,30\n1,2,0\n3,4,1\n");
    nn_dataset *d = load_csv_ok(p, NN_CSV_LABEL_LAST, NN_DATASET_CSV_HEADER);
    const float x[] = {1, 2, 3, 4}, y[] = {0, 1};
    assert_dataset(d, 2, 2, x, y);
    nn_dataset_destroy(d);
    d = load_csv_ok(p, NN_CSV_LABEL_LAST, 0);
    assert_int_equal(nn_dataset_rows(d), 3);
    nn_dataset_destroy(d);
    d = load_csv_ok(p, NN_CSV_LABEL_LAST, NN_DATASET_CSV_NO_HEADER);
    assert_int_equal(nn_dataset_rows(d), 3);
    assert_true(nn_dataset_x(d)[0] == 10.0f);
    nn_dataset_destroy(d);
    free(p);

    /* a text header read as data is a bad number on line 1 */
    p = put_text(f, "texthead.csv", "a,b,label\n1,2,0\n3,4,1\n");
    expect_csv(p, NN_CSV_LABEL_LAST, NN_DATASET_CSV_NO_HEADER, NN_ERR_FORMAT,
               "NO_HEADER with a text first line");
    ASSERT_MSG_LINE(p, 1);
    d = load_csv_ok(p, NN_CSV_LABEL_LAST, NN_DATASET_CSV_HEADER);
    assert_dataset(d, 2, 2, x, y);
    nn_dataset_destroy(d);
    /* both flags at once contradict each other */
    expect_csv(p, NN_CSV_LABEL_LAST,
               NN_DATASET_CSV_HEADER | NN_DATASET_CSV_NO_HEADER,
               NN_ERR_INVALID_ARG, "both header flags");
    expect_csv(p, NN_CSV_LABEL_LAST, 0x80, NN_ERR_INVALID_ARG,
               "unknown flag");
    free(p);
}

static void test_csv_label_columns(void **state)
{
    ds_fixture *f = *state;
    char *p = put_text(f, "cols.csv", "c0,c1,c2,c3\n"
                                      "1,2,3,4\n"
                                      "5,6,7,8\n");
    struct {
        int label;
        float x[8], y[2];
        size_t cols;
    } cases[] = {
        {0, {2, 3, 4, 6, 7, 8}, {1, 5}, 3},
        {1, {1, 3, 4, 5, 7, 8}, {2, 6}, 3},
        {2, {1, 2, 4, 5, 6, 8}, {3, 7}, 3},
        {3, {1, 2, 3, 5, 6, 7}, {4, 8}, 3},
        {NN_CSV_LABEL_LAST, {1, 2, 3, 5, 6, 7}, {4, 8}, 3},
        {NN_CSV_NO_LABEL, {1, 2, 3, 4, 5, 6, 7, 8}, {0, 0}, 4},
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        nn_dataset *d = load_csv_ok(p, cases[i].label, 0);
        assert_dataset(d, 2, cases[i].cols, cases[i].x,
                       cases[i].label == NN_CSV_NO_LABEL ? NULL : cases[i].y);
        if (cases[i].label == NN_CSV_NO_LABEL)
            assert_int_equal(nn_dataset_classes(d), 0);
        nn_dataset_destroy(d);
    }
    /* out of range */
    expect_csv(p, 4, 0, NN_ERR_INVALID_ARG, "label column 4 of 4");
    expect_csv(p, 1000, 0, NN_ERR_INVALID_ARG, "label column 1000");
    expect_csv(p, -3, 0, NN_ERR_INVALID_ARG, "label column -3");
    expect_csv(p, -1000, 0, NN_ERR_INVALID_ARG, "label column -1000");
    free(p);
}

static void test_csv_syntax_variants(void **state)
{
    ds_fixture *f = *state;
    const float x[] = {1.5f, -2, 0.001f, 2, 0.5f, 7},
                y[] = {1, 0, 2};
    const char *texts[] = {
        /* plain */
        "x1,x2,y\n1.5,-2,1\n0.001,2,0\n0.5,7,2\n",
        /* CRLF */
        "x1,x2,y\r\n1.5,-2,1\r\n0.001,2,0\r\n0.5,7,2\r\n",
        /* no final line end */
        "x1,x2,y\n1.5,-2,1\n0.001,2,0\n0.5,7,2",
        /* blank lines anywhere, also made of spaces, and CRLF ones */
        "\n\nx1,x2,y\n\n1.5,-2,1\n   \n0.001,2,0\r\n\r\n0.5,7,2\n\n\n",
        /* spaces and tabs around fields */
        "x1 , x2 ,y\n 1.5 ,\t-2, 1\n0.001 ,2\t,0\n  0.5,7  ,  2  \n",
        /* quoted numbers and header */
        "\"x1\",\"x2\",\"y\"\n\"1.5\",\"-2\",\"1\"\n0.001,\"2\",0\n"
        "\"0.5\",7,\"2\"\n",
        /* UTF-8 byte-order mark before the header */
        "\xEF\xBB\xBFx1,x2,y\n1.5,-2,1\n0.001,2,0\n0.5,7,2\n",
        /* BOM and no header: the first row is data */
        "\xEF\xBB\xBF" "1.5,-2,1\n0.001,2,0\n0.5,7,2\n",
        /* other spellings of the same numbers */
        "x1,x2,y\n+1.5,-2.0,1.0\n1e-3,2e0,0\n.5,7.,2\n",
        /* BOM + CRLF + quotes + blank lines together */
        "\xEF\xBB\xBF\"x1\",\"x2\",\"y\"\r\n\r\n\"1.5\",-2,1\r\n"
        "0.001, \"2\" ,0\r\n0.5,7,2\r\n",
    };
    for (size_t i = 0; i < ARRAY_LEN(texts); i++) {
        char name[32];
        snprintf(name, sizeof name, "syntax%zu.csv", i);
        char *p = put_text(f, name, texts[i]);
        nn_dataset *d = NULL;
        nn_status st = nn_dataset_load_csv(&d, p, NN_CSV_LABEL_LAST, 0);
        CHECK(st == NN_OK, "variant %zu: %s: %s", i, nn_status_name(st),
              nn_last_error());
        assert_dataset(d, 3, 2, x, y);
        nn_dataset_destroy(d);
        /* the same bytes gzip-compressed */
        free(p);
        snprintf(name, sizeof name, "syntax%zu.csv.gz", i);
        p = put_gzip(f, name, texts[i], strlen(texts[i]));
        st = nn_dataset_load_csv(&d, p, NN_CSV_LABEL_LAST, 0);
        CHECK(st == NN_OK, "gzip variant %zu: %s: %s", i, nn_status_name(st),
              nn_last_error());
        assert_dataset(d, 3, 2, x, y);
        nn_dataset_destroy(d);
        free(p);
    }
}

static void test_csv_gzip(void **state)
{
    ds_fixture *f = *state;
    /* a larger file, compressed */
    size_t rows = 500, len = 0, cap = rows * 40 + 64;
    char *text = malloc(cap);
    assert_non_null(text);
    len += (size_t)snprintf(text + len, cap - len, "a,b,c,label\n");
    for (size_t r = 0; r < rows; r++)
        len += (size_t)snprintf(text + len, cap - len, "%zu,%zu.25,-%zu,%zu\n",
                                r, r, r * 2, r % 4);
    char *p = put_gzip(f, "big.csv.gz", text, len);
    nn_dataset *d = load_csv_ok(p, NN_CSV_LABEL_LAST, 0);
    assert_int_equal(nn_dataset_rows(d), rows);
    assert_int_equal(nn_dataset_cols(d), 3);
    for (size_t r = 0; r < rows; r++) {
        assert_true(nn_dataset_x(d)[r * 3 + 0] == (float)r);
        assert_true(nn_dataset_x(d)[r * 3 + 1] == (float)r + 0.25f);
        assert_true(nn_dataset_x(d)[r * 3 + 2] == -(float)(r * 2));
        assert_true(nn_dataset_y(d)[r] == (float)(r % 4));
    }
    assert_int_equal(nn_dataset_classes(d), 4);
    nn_dataset_destroy(d);
    free(p);

    /* a truncated compressed CSV is refused, never half-read */
    size_t glen = 0;
    unsigned char *gz = gzip_bytes(text, len, &glen);
    char *cut = test_join(f->dir, "cut.csv.gz");
    for (size_t cut_len = 2; cut_len < glen; cut_len += 7) {
        test_write_file(cut, gz, cut_len);
        char ctx[64];
        snprintf(ctx, sizeof ctx, "gzip CSV cut to %zu of %zu", cut_len,
                 glen);
        expect_csv(cut, NN_CSV_LABEL_LAST, 0, NN_ERR_FORMAT, ctx);
        ASSERT_MSG_HAS(cut);
    }
    free(cut);
    free(gz);
    free(text);
}

static void test_csv_ragged_rows(void **state)
{
    ds_fixture *f = *state;
    char *p = put_text(f, "file.csv", "a,b,c\n1,2,3\n4,5\n6,7,8\n");
    expect_csv(p, NN_CSV_LABEL_LAST, 0, NN_ERR_FORMAT, "short row");
    ASSERT_MSG_LINE(p, 3);
    free(p);
    p = put_text(f, "file2.csv", "1,2,3\n4,5,6\n7,8,9,10\n");
    expect_csv(p, NN_CSV_NO_LABEL, 0, NN_ERR_FORMAT, "long row");
    ASSERT_MSG_LINE(p, 3);
    free(p);
    /* lines are counted in the file, blank ones and CRLF included */
    p = put_text(f, "file3.csv", "a,b,c\r\n\r\n1,2,3\r\n\r\n4,5,6\r\n7,8\r\n");
    expect_csv(p, NN_CSV_LABEL_LAST, 0, NN_ERR_FORMAT, "short row 6");
    ASSERT_MSG_LINE(p, 6);
    free(p);
    /* a trailing comma is one more (empty) field */
    p = put_text(f, "file4.csv", "1,2,3\n4,5,6,\n");
    expect_csv(p, NN_CSV_LABEL_LAST, 0, NN_ERR_FORMAT, "trailing comma");
    ASSERT_MSG_LINE(p, 2);
    free(p);
}

static void test_csv_bad_numbers(void **state)
{
    ds_fixture *f = *state;
    struct {
        const char *text, *field;
        size_t line;
    } cases[] = {
        {"a,b,c\n1,2,3\n4,abc,6\n", "abc", 3},
        {"1,2,3\n4,5x,6\n", "5x", 2},
        {"1,2,3\n4,5,6\n7,8,0.5.5\n", "0.5.5", 3},
        {"1,2,3\n4,,6\n", "", 2},
        {"1,2,3\n4,5,6\n\n7,\"8,9\n", "\"8", 4},
        {"1,2,3\n4,1,2,3\n", NULL, 2}, /* ragged, named by line only */
        {"1,2,3\n4,5,6\n7,8,1 2\n", "1 2", 3},
        {"1,2,3\n4,0,1,5\n", NULL, 2},
        {"1,2,3\n4;5;6\n", NULL, 2},
        {"1,2,3\n4,\"5,6\n", NULL, 2},
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        char name[32], ctx[64];
        snprintf(name, sizeof name, "bad%zu.csv", i);
        snprintf(ctx, sizeof ctx, "bad number case %zu", i);
        char *p = put_text(f, name, cases[i].text);
        expect_csv(p, NN_CSV_LABEL_LAST, 0, NN_ERR_FORMAT, ctx);
        CHECK(msg_names_line(p, cases[i].line), "%s: \"%s\" does not name "
                                                "line %zu",
              ctx, nn_last_error(), cases[i].line);
        if (cases[i].field && *cases[i].field)
            CHECK(msg_has(cases[i].field), "%s: \"%s\" does not name the "
                                           "field \"%s\"",
                  ctx, nn_last_error(), cases[i].field);
        free(p);
    }
}

static void test_csv_nonfinite(void **state)
{
    ds_fixture *f = *state;
    const char *bad[] = {"nan", "NaN", "-nan", "inf", "-inf", "Infinity",
                         "-INFINITY", "1e999", "-1e39", "\"nan\""};
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        char text[96], ctx[64];
        snprintf(text, sizeof text, "a,b,y\n1,2,0\n3,%s,1\n", bad[i]);
        snprintf(ctx, sizeof ctx, "value %s", bad[i]);
        char *p = put_text(f, "nonfinite.csv", text);
        expect_csv(p, NN_CSV_LABEL_LAST, 0, NN_ERR_FORMAT, ctx);
        ASSERT_MSG_LINE(p, 3);
        /* also as a label */
        snprintf(text, sizeof text, "a,b,y\n1,2,0\n3,4,%s\n", bad[i]);
        test_write_file(p, text, strlen(text));
        expect_csv(p, NN_CSV_LABEL_LAST, 0, NN_ERR_FORMAT, ctx);
        ASSERT_MSG_LINE(p, 3);
        free(p);
    }
    /* the largest float and the smallest subnormal are fine */
    char *p = put_text(f, "extreme.csv", "3.4028234e38,1e-45,0\n");
    nn_dataset *d = load_csv_ok(p, NN_CSV_LABEL_LAST, 0);
    assert_true(nn_dataset_x(d)[0] == 3.4028234e38f);
    assert_true(nn_dataset_x(d)[1] > 0.0f);
    nn_dataset_destroy(d);
    free(p);
}

static void test_csv_empty_and_io(void **state)
{
    ds_fixture *f = *state;
    const char *empty[] = {"", "\n\n\n", "   \r\n\t\n", "a,b,c\n",
                           "a,b,c\n\n\r\n", "\xEF\xBB\xBF"};
    for (size_t i = 0; i < ARRAY_LEN(empty); i++) {
        char ctx[48];
        snprintf(ctx, sizeof ctx, "empty case %zu", i);
        char *p = put_text(f, "empty.csv", empty[i]);
        expect_csv(p, NN_CSV_LABEL_LAST, 0, NN_ERR_FORMAT, ctx);
        ASSERT_MSG_HAS(p);
        expect_csv(p, NN_CSV_NO_LABEL, NN_DATASET_CSV_NO_HEADER,
                   NN_ERR_FORMAT, ctx);
        free(p);
    }
    /* a compressed empty file */
    char *p = put_gzip(f, "empty.csv.gz", "", 0);
    expect_csv(p, NN_CSV_LABEL_LAST, 0, NN_ERR_FORMAT, "gzip empty");
    free(p);
    /* a binary file */
    p = put_file(f, "binary.csv", "1,2\n\0\0\0,3\n", 11);
    expect_csv(p, NN_CSV_LABEL_LAST, 0, NN_ERR_FORMAT, "NUL bytes");
    ASSERT_MSG_HAS(p);
    free(p);

    char *missing = test_join(f->dir, "missing.csv");
    expect_csv(missing, NN_CSV_LABEL_LAST, 0, NN_ERR_IO, "missing file");
    ASSERT_MSG_HAS(missing);
    free(missing);
    expect_csv(f->dir, NN_CSV_LABEL_LAST, 0, NN_ERR_IO, "directory");
    ASSERT_MSG_HAS(f->dir);
    expect_csv(NULL, NN_CSV_LABEL_LAST, 0, NN_ERR_INVALID_ARG, "NULL path");
    p = put_text(f, "ok.csv", "1,2\n");
    ASSERT_STATUS(nn_dataset_load_csv(NULL, p, NN_CSV_LABEL_LAST, 0),
                  NN_ERR_INVALID_ARG);
    free(p);
}

/* Locale independence. */

/* Whether the current (thread) locale writes "0.5" differently. */
static int decimal_is_not_point(void)
{
    return strcmp(localeconv()->decimal_point, ".") != 0;
}

static const char *const comma_locales[] = {
    "de_DE.UTF-8", "de_DE.utf8", "de_DE", "de_DE@euro", "fr_FR.UTF-8",
    "fr_FR.utf8",  "fr_FR",      "de_AT.UTF-8", "nl_NL.UTF-8",
    "es_ES.UTF-8", "it_IT.UTF-8", "ru_RU.UTF-8", "pt_BR.UTF-8",
};

/* Finds a locale whose decimal separator is not '.': one of the usual
 * names, else any that `locale -a` lists. Returns a static name or NULL. */
static const char *find_comma_locale(void)
{
    static char found[128];
    for (size_t i = 0; i < ARRAY_LEN(comma_locales); i++) {
        locale_t loc = newlocale(LC_ALL_MASK, comma_locales[i], (locale_t)0);
        if (loc == (locale_t)0)
            continue;
        locale_t prev = uselocale(loc);
        int comma = decimal_is_not_point();
        uselocale(prev);
        freelocale(loc);
        if (comma) {
            snprintf(found, sizeof found, "%s", comma_locales[i]);
            return found;
        }
    }
    FILE *ls = popen("locale -a 2>/dev/null", "r");
    if (!ls)
        return NULL;
    char line[128];
    const char *result = NULL;
    while (!result && fgets(line, sizeof line, ls)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!*line)
            continue;
        locale_t loc = newlocale(LC_ALL_MASK, line, (locale_t)0);
        if (loc == (locale_t)0)
            continue;
        locale_t prev = uselocale(loc);
        int comma = decimal_is_not_point();
        uselocale(prev);
        freelocale(loc);
        if (comma) {
            snprintf(found, sizeof found, "%s", line);
            result = found;
        }
    }
    pclose(ls);
    return result;
}

static void check_csv_reads_points(const ds_fixture *f)
{
    /* the locale is in effect: strtod stops at the '.' */
    char *end = NULL;
    const char *half = "0.5";
    double v = strtod(half, &end);
    CHECK(end == half + 1 && v == 0.0,
          "the comma locale is not in effect (strtod read %g)", v);

    char *p = put_text(f, "locale.csv", "x1,x2,y\n0.5,-1.25,1\n1e-1,2.5,0\n");
    nn_dataset *d = load_csv_ok(p, NN_CSV_LABEL_LAST, 0);
    const float x[] = {0.5f, -1.25f, 0.1f, 2.5f}, y[] = {1, 0};
    assert_dataset(d, 2, 2, x, y);
    nn_dataset_destroy(d);
    /* header detection is not fooled either */
    d = load_csv_ok(p, NN_CSV_LABEL_LAST, NN_DATASET_CSV_HEADER);
    assert_dataset(d, 2, 2, x, y);
    nn_dataset_destroy(d);
    free(p);
    /* "0,5" is two fields, never a half */
    p = put_text(f, "comma.csv", "0,5\n1,5\n");
    d = load_csv_ok(p, NN_CSV_NO_LABEL, 0);
    assert_int_equal(nn_dataset_cols(d), 2);
    nn_dataset_destroy(d);
    free(p);
    /* the caller's locale is left as it was */
    CHECK(decimal_is_not_point(), "the loader changed the caller's locale");
}

static void test_csv_locale_setlocale(void **state)
{
    ds_fixture *f = *state;
    const char *name = NULL;
    for (size_t i = 0; i < ARRAY_LEN(comma_locales) && !name; i++)
        if (setlocale(LC_ALL, comma_locales[i]) && decimal_is_not_point())
            name = comma_locales[i];
    if (!name) {
        setlocale(LC_ALL, "C");
        const char *other = find_comma_locale();
        if (!other || !setlocale(LC_ALL, other)) {
            setlocale(LC_ALL, "C");
            print_message("[ REASON   ] no locale with a decimal comma is "
                          "installed (tried de_DE.UTF-8, de_DE, "
                          "fr_FR.UTF-8, ... and `locale -a`); on Debian "
                          "install `locales` and generate de_DE.UTF-8\n");
            skip();
        }
        name = other;
    }
    print_message("[ INFO     ] setlocale(LC_ALL, \"%s\")\n", name);
    check_csv_reads_points(f);
    setlocale(LC_ALL, "C");
}

static void test_csv_locale_uselocale(void **state)
{
    ds_fixture *f = *state;
    const char *name = find_comma_locale();
    if (!name) {
        print_message("[ REASON   ] no locale with a decimal comma is "
                      "installed for uselocale()\n");
        skip();
    }
    locale_t loc = newlocale(LC_ALL_MASK, name, (locale_t)0);
    assert_true(loc != (locale_t)0);
    locale_t prev = uselocale(loc);
    print_message("[ INFO     ] uselocale(\"%s\")\n", name);
    check_csv_reads_points(f);
    /* the thread's locale object is still ours */
    assert_true(uselocale((locale_t)0) == loc);
    uselocale(prev);
    freelocale(loc);
}

/* ------------------------------------------------------------------------ */
/* Scaling, getters                                                          */

static void test_normalize(void **state)
{
    ds_fixture *f = *state;
    char *p = put_text(f, "n.csv", "a,b,c,y\n"
                                   "1,7,-2,0\n"
                                   "3,7,0,1\n"
                                   "5,7,2,0\n"
                                   "2,7,1,1\n");
    nn_dataset *d = load_csv_ok(p, NN_CSV_LABEL_LAST, 0);
    float mins[3] = {NAN, NAN, NAN}, maxs[3] = {NAN, NAN, NAN};
    ASSERT_OK(nn_dataset_normalize(d, mins, maxs));
    const float want_min[] = {1, 7, -2}, want_max[] = {5, 7, 2};
    assert_memory_equal(mins, want_min, sizeof mins);
    assert_memory_equal(maxs, want_max, sizeof maxs);
    const float x[] = {0, 0, 0, 0.5f, 0, 0.5f, 1, 0, 1, 0.25f, 0, 0.75f};
    const float y[] = {0, 1, 0, 1};
    assert_dataset(d, 4, 3, x, y);

    /* normalising again is the identity with ranges [0, 1] (and 0, 0) */
    float mins2[3], maxs2[3];
    ASSERT_OK(nn_dataset_normalize(d, mins2, maxs2));
    assert_dataset(d, 4, 3, x, y);
    assert_true(mins2[0] == 0.0f && maxs2[0] == 1.0f);
    assert_true(mins2[1] == 0.0f && maxs2[1] == 0.0f);
    /* either output may be NULL */
    ASSERT_OK(nn_dataset_normalize(d, NULL, maxs2));
    ASSERT_OK(nn_dataset_normalize(d, mins2, NULL));
    ASSERT_OK(nn_dataset_normalize(d, NULL, NULL));
    assert_dataset(d, 4, 3, x, y);
    nn_dataset_destroy(d);

    /* the flag does the same at load time */
    d = load_csv_ok(p, NN_CSV_LABEL_LAST, NN_DATASET_NORMALIZE);
    assert_dataset(d, 4, 3, x, y);
    nn_dataset_destroy(d);

    /* a single row: every column constant */
    free(p);
    p = put_text(f, "one.csv", "3,-4,1\n");
    d = load_csv_ok(p, NN_CSV_LABEL_LAST, NN_DATASET_NORMALIZE);
    const float zero[] = {0, 0}, one[] = {1};
    assert_dataset(d, 1, 2, zero, one);
    nn_dataset_destroy(d);
    free(p);

    ASSERT_STATUS(nn_dataset_normalize(NULL, mins, maxs), NN_ERR_INVALID_ARG);
}

static void test_apply_range(void **state)
{
    ds_fixture *f = *state;
    char *p = put_text(f, "r.csv", "0,10,5\n4,-10,5\n8,30,5\n");
    nn_dataset *d = load_csv_ok(p, NN_CSV_NO_LABEL, 0);
    const float orig[] = {0, 10, 5, 4, -10, 5, 8, 30, 5};
    /* ranges from "training data": values outside map outside [0, 1];
     * max == min gives 0 */
    const float mins[] = {0, 0, 5}, maxs[] = {4, 20, 5};
    ASSERT_OK(nn_dataset_apply_range(d, mins, maxs));
    const float want[] = {0, 0.5f, 0, 1, -0.5f, 0, 2, 1.5f, 0};
    assert_dataset(d, 3, 3, want, NULL);
    nn_dataset_destroy(d);

    /* bad ranges are refused and change nothing */
    const float bad_min[][3] = {
        {0, 21, 5},  /* max < min */
        {NAN, 0, 5}, /* NaN */
        {0, 0, -INFINITY},
        {0, 0, 5},
    };
    const float bad_max[][3] = {
        {4, 20, 5},
        {4, 20, 5},
        {4, 20, 5},
        {4, NAN, 5},
    };
    for (size_t i = 0; i < ARRAY_LEN(bad_min); i++) {
        d = load_csv_ok(p, NN_CSV_NO_LABEL, 0);
        nn_status st = nn_dataset_apply_range(d, bad_min[i], bad_max[i]);
        CHECK(st == NN_ERR_INVALID_ARG, "bad range %zu: %s", i,
              nn_status_name(st));
        assert_dataset(d, 3, 3, orig, NULL);
        nn_dataset_destroy(d);
    }
    d = load_csv_ok(p, NN_CSV_NO_LABEL, 0);
    ASSERT_STATUS(nn_dataset_apply_range(d, NULL, maxs), NN_ERR_INVALID_ARG);
    ASSERT_STATUS(nn_dataset_apply_range(d, mins, NULL), NN_ERR_INVALID_ARG);
    ASSERT_STATUS(nn_dataset_apply_range(NULL, mins, maxs),
                  NN_ERR_INVALID_ARG);
    assert_dataset(d, 3, 3, orig, NULL);
    nn_dataset_destroy(d);
    free(p);
}

static void test_getters_and_null(void **state)
{
    (void)state;
    assert_int_equal(nn_dataset_rows(NULL), 0);
    assert_int_equal(nn_dataset_cols(NULL), 0);
    assert_null(nn_dataset_x(NULL));
    assert_null(nn_dataset_y(NULL));
    assert_int_equal(nn_dataset_classes(NULL), 0);
    nn_dataset_destroy(NULL);
}

static void test_classes(void **state)
{
    ds_fixture *f = *state;
    struct {
        const char *text;
        size_t classes;
    } cases[] = {
        {"1,0\n2,2\n3,1\n", 3},
        {"1,0\n2,0\n", 1},
        {"1,9\n", 10},
        {"1,0\n2,1.5\n", 0},
        {"1,0\n2,-1\n", 0},
        {"1,1e30\n", 0},
        {"1,2.0\n2,1e0\n", 3},
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        char *p = put_text(f, "c.csv", cases[i].text);
        nn_dataset *d = load_csv_ok(p, NN_CSV_LABEL_LAST, 0);
        CHECK(nn_dataset_classes(d) == cases[i].classes,
              "case %zu: %zu classes, expected %zu", i,
              nn_dataset_classes(d), cases[i].classes);
        nn_dataset_destroy(d);
        free(p);
    }
}

/* ------------------------------------------------------------------------ */
/* End to end                                                                */

static void test_csv_end_to_end(void **state)
{
    ds_fixture *f = *state;
    /* three well-separated blobs, label first */
    enum { PER_CLASS = 60, CLASSES = 3 };
    const double cx[CLASSES] = {-3, 3, 0}, cy[CLASSES] = {-3, -3, 3};
    size_t cap = 64 + PER_CLASS * CLASSES * 48, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    len += (size_t)snprintf(text + len, cap - len, "class,x1,x2\r\n");
    test_rng r = {2024};
    for (size_t i = 0; i < PER_CLASS * CLASSES; i++) {
        size_t c = i % CLASSES;
        len += (size_t)snprintf(text + len, cap - len, "%zu,%.6f,%.6f\r\n", c,
                                cx[c] + test_rng_range(&r, -1.2, 1.2),
                                cy[c] + test_rng_range(&r, -1.2, 1.2));
    }
    char *p = put_text(f, "blobs.csv", text);
    free(text);
    nn_dataset *d = load_csv_ok(p, 0, NN_DATASET_NORMALIZE);
    free(p);
    assert_int_equal(nn_dataset_rows(d), PER_CLASS * CLASSES);
    assert_int_equal(nn_dataset_cols(d), 2);
    assert_int_equal(nn_dataset_classes(d), CLASSES);

    nn_model *m = NULL;
    ASSERT_OK(nn_model_create(&m, nn_dataset_cols(d)));
    ASSERT_OK(nn_model_set_seed(m, 3));
    ASSERT_OK(nn_model_add_dense(m, 16, NN_ACT_RELU));
    ASSERT_OK(nn_model_add_dense(m, nn_dataset_classes(d), NN_ACT_SOFTMAX));
    ASSERT_OK(nn_model_compile(m, NN_OPT_ADAM,
                               NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY,
                               0.02f));
    ASSERT_OK(nn_fit(m, nn_dataset_x(d), nn_dataset_y(d), nn_dataset_rows(d),
                     40, 16, NULL));
    float loss = NAN, acc = NAN;
    ASSERT_OK(nn_evaluate(m, nn_dataset_x(d), nn_dataset_y(d),
                          nn_dataset_rows(d), &loss, &acc));
    CHECK(acc >= 0.9f, "accuracy %.3f (loss %.4f)", (double)acc,
          (double)loss);
    nn_model_destroy(m);
    nn_dataset_destroy(d);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_idx_u8_plain_and_gzip),
        T(test_idx_without_labels),
        T(test_idx_element_types),
        T(test_idx_label_types),
        T(test_idx_truncated_plain),
        T(test_idx_truncated_gzip),
        T(test_idx_trailing_garbage),
        T(test_idx_gzip_multi_member),
        T(test_gzip_trailing_junk),
        T(test_idx_bad_headers),
        T(test_idx_mismatched_files),
        T(test_idx_io_errors),
        T(test_csv_header_detection),
        T(test_csv_forced_header_flags),
        T(test_csv_label_columns),
        T(test_csv_syntax_variants),
        T(test_csv_gzip),
        T(test_csv_ragged_rows),
        T(test_csv_bad_numbers),
        T(test_csv_nonfinite),
        T(test_csv_empty_and_io),
        T(test_csv_locale_setlocale),
        T(test_csv_locale_uselocale),
        T(test_normalize),
        T(test_apply_range),
        T(test_getters_and_null),
        T(test_classes),
        T(test_csv_end_to_end),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
