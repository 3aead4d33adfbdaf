/*
 * csv.c - comma-separated numbers. One row per line; blank lines are
 * skipped; fields may be padded with spaces or wrapped in double quotes;
 * CRLF line ends and a UTF-8 byte-order mark are accepted. Numbers are read
 * in the "C" locale whatever the process' locale, so "0.5" means a half
 * everywhere.
 */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define NN__CSV_LIMIT ((size_t)1 << 32)

/* Growing float array. */
typedef struct nn__floats {
    float *v;
    size_t len, cap;
} nn__floats;

static int nn__floats_push(nn__floats *f, float value)
{
    if (f->len == f->cap) {
        size_t cap = f->cap ? 2 * f->cap : 1024;
        float *grown =
            cap > SIZE_MAX / sizeof *grown ? NULL
                                           : nn__realloc(f->v, cap * sizeof *grown);
        if (!grown)
            return -1;
        f->v = grown;
        f->cap = cap;
    }
    f->v[f->len++] = value;
    return 0;
}

/* Trims spaces, tabs and one pair of surrounding double quotes in place. */
static void nn__csv_trim(char **start, char **end)
{
    while (*start < *end && (**start == ' ' || **start == '\t'))
        (*start)++;
    while (*end > *start && ((*end)[-1] == ' ' || (*end)[-1] == '\t'))
        (*end)--;
    if (*end - *start >= 2 && **start == '"' && (*end)[-1] == '"') {
        (*start)++;
        (*end)--;
    }
}

/* Parses [start, end) as a finite number; the caller has made the "C"
 * locale current. Returns 0 on success. */
static int nn__csv_number(char *start, char *end, float *out)
{
    nn__csv_trim(&start, &end);
    if (start == end)
        return -1;
    char saved = *end;
    *end = '\0';
    char *stop;
    errno = 0;
    double v = strtod(start, &stop);
    int ok = stop == end && isfinite(v) && fabs(v) <= 3.4028234663852886e38;
    *end = saved;
    *out = (float)v;
    return ok ? 0 : -1;
}

typedef struct nn__csv_state {
    const char *fn, *path;
    int label_column; /* resolved: >= 0, or -1 for none */
    size_t cols;      /* fields per row, from the first data row */
    nn__floats x, y;
    size_t rows;
} nn__csv_state;

/* Splits one line (NUL-free, no line end) into fields and stores them. */
static nn_status nn__csv_row(nn__csv_state *s, char *line, size_t line_no,
                             int requested_label)
{
    size_t fields = 1;
    for (char *p = line; *p; p++)
        fields += *p == ',';
    if (s->cols == 0) {
        s->cols = fields;
        if (requested_label == NN_CSV_LABEL_LAST)
            s->label_column = (int)fields - 1;
        else if (requested_label == NN_CSV_NO_LABEL)
            s->label_column = -1;
        else if ((size_t)requested_label >= fields)
            return nn__fail(NN_ERR_INVALID_ARG,
                            "%s: %s:%zu: label column %d does not exist (the "
                            "row has %zu fields)",
                            s->fn, s->path, line_no, requested_label, fields);
        else
            s->label_column = requested_label;
        if (s->label_column >= 0 && fields < 2)
            return nn__fail(NN_ERR_FORMAT,
                            "%s: %s:%zu: one field is all labels and no "
                            "features",
                            s->fn, s->path, line_no);
    } else if (fields != s->cols) {
        return nn__fail(NN_ERR_FORMAT, "%s: %s:%zu: %zu fields, expected %zu",
                        s->fn, s->path, line_no, fields, s->cols);
    }
    char *start = line;
    for (size_t f = 0; f < fields; f++) {
        char *end = strchr(start, ',');
        if (!end)
            end = start + strlen(start);
        float v;
        if (nn__csv_number(start, end, &v) != 0) {
            char saved = *end;
            *end = '\0';
            nn_status st = nn__fail(NN_ERR_FORMAT,
                                    "%s: %s:%zu: field %zu '%.40s' is not a "
                                    "finite number",
                                    s->fn, s->path, line_no, f + 1, start);
            *end = saved;
            return st;
        }
        int pushed = (int)f == s->label_column ? nn__floats_push(&s->y, v)
                                               : nn__floats_push(&s->x, v);
        if (pushed)
            return nn__fail(NN_ERR_NOMEM, "%s: %s: out of memory at line %zu",
                            s->fn, s->path, line_no);
        start = end + 1;
    }
    s->rows++;
    return NN_OK;
}

/* Whether every field of the line reads as a number (header detection). */
static int nn__csv_all_numbers(char *line)
{
    char *start = line;
    for (;;) {
        char *end = strchr(start, ',');
        char *stop = end ? end : start + strlen(start);
        float v;
        if (nn__csv_number(start, stop, &v) != 0)
            return 0;
        if (!end)
            return 1;
        start = end + 1;
    }
}

static nn_status nn__csv_parse(nn__csv_state *s, char *text, size_t size,
                               int label_column, unsigned flags)
{
    if (memchr(text, '\0', size))
        return nn__fail(NN_ERR_FORMAT,
                        "%s: %s: NUL byte at offset %zu: not a text file",
                        s->fn, s->path,
                        (size_t)((char *)memchr(text, '\0', size) - text));
    text[size] = '\0';
    if (size >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
        text += 3;
    int first = 1;
    size_t line_no = 0;
    for (char *line = text; *line;) {
        char *next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        else
            next = line + strlen(line);
        line_no++;
        size_t len = strlen(line);
        if (len && line[len - 1] == '\r')
            line[--len] = '\0';
        char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p) {
            int header = 0;
            if (first)
                header = (flags & NN_DATASET_CSV_HEADER) ||
                         (!(flags & NN_DATASET_CSV_NO_HEADER) &&
                          !nn__csv_all_numbers(line));
            first = 0;
            if (!header)
                NN_TRY(nn__csv_row(s, line, line_no, label_column));
        }
        line = next;
    }
    if (s->rows == 0)
        return nn__fail(NN_ERR_FORMAT, "%s: %s: no data rows", s->fn,
                        s->path);
    return NN_OK;
}

nn_status nn_dataset_load_csv(nn_dataset **out, const char *path,
                              int label_column, unsigned flags)
{
    if (!out)
        return nn__fail(NN_ERR_INVALID_ARG, "%s: out is NULL", __func__);
    *out = NULL;
    if (!path)
        return nn__fail(NN_ERR_INVALID_ARG, "%s: path is NULL", __func__);
    if (label_column < NN_CSV_NO_LABEL)
        return nn__fail(NN_ERR_INVALID_ARG, "%s: label_column %d is invalid",
                        __func__, label_column);
    unsigned known = NN_DATASET_NORMALIZE | NN_DATASET_CSV_HEADER |
                     NN_DATASET_CSV_NO_HEADER;
    if ((flags & ~known) || ((flags & NN_DATASET_CSV_HEADER) &&
                             (flags & NN_DATASET_CSV_NO_HEADER)))
        return nn__fail(NN_ERR_INVALID_ARG, "%s: flags 0x%x are invalid",
                        __func__, flags);
    unsigned char *data;
    size_t size;
    NN_TRY(nn__read_file(__func__, path, NN__CSV_LIMIT, &data, &size));
    /* one more byte for the terminating NUL */
    unsigned char *text = nn__realloc(data, size + 1);
    if (!text) {
        nn__free(data);
        return nn__fail(NN_ERR_NOMEM, "%s: out of memory", __func__);
    }
    nn__csv_state s = {0};
    s.fn = __func__;
    s.path = path;
    /* The C locale for this thread only; uselocale is thread-safe where
     * setlocale is not. */
    locale_t c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    nn_status st;
    if (c_locale == (locale_t)0) {
        st = nn__fail(NN_ERR_NOMEM, "%s: cannot create the C locale",
                      __func__);
    } else {
        locale_t previous = uselocale(c_locale);
        st = nn__csv_parse(&s, (char *)text, size, label_column, flags);
        uselocale(previous);
        freelocale(c_locale);
    }
    nn__free(text);
    if (st != NN_OK) {
        nn__free(s.x.v);
        nn__free(s.y.v);
        return st;
    }
    nn_dataset *d;
    NN_TRY(nn__dataset_new(__func__, s.x.v, s.y.v, s.rows,
                           s.cols - (s.label_column >= 0), &d));
    if (flags & NN_DATASET_NORMALIZE) {
        st = nn_dataset_normalize(d, NULL, NULL);
        if (st != NN_OK) {
            nn_dataset_destroy(d);
            return st;
        }
    }
    *out = d;
    return NN_OK;
}
