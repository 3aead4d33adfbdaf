/*
 * format.c - the model file format, version 1, in memory. docs/FORMAT.md
 * describes it; in short, all integers little-endian:
 *
 *   magic    8 bytes  "\x89NNMODL\n"
 *   version  u32      1
 *   chunks   { tag 4 bytes, length u64, payload }... ending with "END "
 *   crc32    u32      zlib crc32 of every byte before it
 *
 * Chunks: ARCH (input width and layers), COMP (compile settings), HYPR
 * (hyper-parameters set by the user), RNG (seed and generator state), WGHT
 * (the parameter arena); since version 2 the optional optm (optimizer
 * moments), trst (training run), hist (history) and meta (metadata)
 * chunks. A reader skips chunks whose
 * tag starts with a lower-case letter (optional data) and refuses unknown
 * upper-case ones, as PNG does, so later versions can add either kind.
 */
#include <limits.h>
#include <math.h>
#include <string.h>
#include <zlib.h>

#include "internal.h"

static const unsigned char nn__magic[8] = {0x89, 'N', 'N', 'M',
                                           'O',  'D', 'L', '\n'};
#define NN__FORMAT_VERSION 2u

/* ------------------------------------------------------------------------ */
/* writing                                                                   */

typedef struct nn__writer {
    unsigned char *data;
    size_t len, cap;
    int failed;
} nn__writer;

static void nn__put(nn__writer *w, const void *src, size_t len)
{
    if (w->failed)
        return;
    if (len > w->cap - w->len) {
        size_t cap = w->cap ? w->cap : 256;
        while (cap - w->len < len) {
            if (cap > SIZE_MAX / 2) {
                w->failed = 1;
                return;
            }
            cap *= 2;
        }
        unsigned char *grown = nn__realloc(w->data, cap);
        if (!grown) {
            w->failed = 1;
            return;
        }
        w->data = grown;
        w->cap = cap;
    }
    memcpy(w->data + w->len, src, len);
    w->len += len;
}

static void nn__put_u32(nn__writer *w, uint32_t v)
{
    unsigned char b[4];
    for (int i = 0; i < 4; i++)
        b[i] = (unsigned char)(v >> (8 * i));
    nn__put(w, b, 4);
}

static void nn__put_u64(nn__writer *w, uint64_t v)
{
    unsigned char b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)(v >> (8 * i));
    nn__put(w, b, 8);
}

static void nn__put_f32(nn__writer *w, float v)
{
    uint32_t bits;
    memcpy(&bits, &v, 4);
    nn__put_u32(w, bits);
}

static void nn__put_f64(nn__writer *w, double v)
{
    uint64_t bits;
    memcpy(&bits, &v, 8);
    nn__put_u64(w, bits);
}

/* Starts a chunk; returns the offset of its length field to patch. */
static size_t nn__chunk_begin(nn__writer *w, const char tag[4])
{
    nn__put(w, tag, 4);
    size_t at = w->len;
    nn__put_u64(w, 0);
    return at;
}

static void nn__chunk_end(nn__writer *w, size_t at)
{
    if (w->failed)
        return;
    uint64_t len = w->len - at - 8;
    for (int i = 0; i < 8; i++)
        w->data[at + i] = (unsigned char)(len >> (8 * i));
}

nn_status nn__model_serialize(const nn_model *m, const char *fn,
                              unsigned char **data, size_t *size)
{
    *data = NULL;
    *size = 0;
    NN_TRY(nn__model_materialize((nn_model *)m, fn));
    nn__writer w = {0};
    nn__put(&w, nn__magic, sizeof nn__magic);
    nn__put_u32(&w, NN__FORMAT_VERSION);

    size_t at = nn__chunk_begin(&w, "ARCH");
    nn__put_u64(&w, m->input_dim);
    nn__put_u64(&w, m->n_layers);
    for (size_t i = 0; i < m->n_layers; i++) {
        const nn__layer *l = &m->layers[i];
        nn__put_u32(&w, (uint32_t)l->kind);
        nn__put_u32(&w, (uint32_t)l->act);
        nn__put_u64(&w, l->units);
        nn__put_f32(&w, l->rate);
    }
    nn__chunk_end(&w, at);

    at = nn__chunk_begin(&w, "COMP");
    nn__put_u32(&w, (uint32_t)m->compiled);
    nn__put_u32(&w, (uint32_t)m->opt);
    nn__put_u32(&w, (uint32_t)m->loss);
    nn__chunk_end(&w, at);

    at = nn__chunk_begin(&w, "HYPR");
    uint32_t count = 0;
    for (int p = 0; p < NN_PARAM_COUNT; p++)
        count += m->param_set[p];
    nn__put_u32(&w, count);
    for (int p = 0; p < NN_PARAM_COUNT; p++) {
        if (!m->param_set[p])
            continue;
        nn__put_u32(&w, (uint32_t)p);
        nn__put_f64(&w, m->param[p]);
    }
    nn__chunk_end(&w, at);

    at = nn__chunk_begin(&w, "RNG ");
    nn__put_u64(&w, m->seed);
    for (int i = 0; i < 4; i++)
        nn__put_u64(&w, m->rng.s[i]);
    nn__chunk_end(&w, at);

    at = nn__chunk_begin(&w, "WGHT");
    nn__put_u64(&w, m->n_params);
    for (size_t i = 0; i < m->n_params; i++)
        nn__put_f32(&w, m->params[i]);
    nn__chunk_end(&w, at);

    if (m->compiled && m->step > 0) {
        at = nn__chunk_begin(&w, "optm");
        nn__put_u64(&w, m->step);
        nn__put_u64(&w, m->n_params);
        for (size_t i = 0; i < m->n_params; i++)
            nn__put_f32(&w, m->opt_m[i]);
        for (size_t i = 0; i < m->n_params; i++)
            nn__put_f32(&w, m->opt_v[i]);
        nn__chunk_end(&w, at);
    }

    at = nn__chunk_begin(&w, "trst");
    nn__put_u64(&w, m->epochs_done);
    nn__put_f64(&w, m->es_best);
    nn__put_u64(&w, m->es_wait);
    nn__chunk_end(&w, at);

    if (m->es_have_best && m->es_best_params) {
        at = nn__chunk_begin(&w, "best");
        nn__put_u64(&w, m->n_params);
        for (size_t i = 0; i < m->n_params; i++)
            nn__put_f32(&w, m->es_best_params[i]);
        nn__chunk_end(&w, at);
    }

    at = nn__chunk_begin(&w, "hist");
    nn__put_u64(&w, m->history_len);
    for (size_t e = 0; e < m->history_len; e++)
        for (int k = 0; k < NN_METRIC_COUNT; k++)
            nn__put_f32(&w, m->history[e][k]);
    nn__chunk_end(&w, at);

    if (m->meta_count) {
        at = nn__chunk_begin(&w, "meta");
        nn__put_u32(&w, (uint32_t)m->meta_count);
        for (size_t i = 0; i < m->meta_count; i++) {
            size_t klen = strlen(m->meta_keys[i]);
            size_t vlen = strlen(m->meta_values[i]);
            nn__put_u32(&w, (uint32_t)klen);
            nn__put(&w, m->meta_keys[i], klen);
            nn__put_u32(&w, (uint32_t)vlen);
            nn__put(&w, m->meta_values[i], vlen);
        }
        nn__chunk_end(&w, at);
    }

    at = nn__chunk_begin(&w, "END ");
    nn__chunk_end(&w, at);

    if (!w.failed) {
        /* zlib's crc32 takes uInt lengths: feed it in pieces. */
        uLong crc = crc32(0L, Z_NULL, 0);
        for (size_t off = 0; off < w.len;) {
            size_t piece = w.len - off < UINT_MAX ? w.len - off : UINT_MAX;
            crc = crc32(crc, w.data + off, (uInt)piece);
            off += piece;
        }
        nn__put_u32(&w, (uint32_t)crc);
    }
    if (w.failed) {
        nn__free(w.data);
        return nn__fail(NN_ERR_NOMEM, "%s: out of memory serialising", fn);
    }
    *data = w.data;
    *size = w.len;
    return NN_OK;
}

/* ------------------------------------------------------------------------ */
/* reading: a bounds-checked cursor; every read past the end fails         */

typedef struct nn__reader {
    const unsigned char *p;
    size_t left;
    size_t base_off; /* offset of p in the file, for messages */
} nn__reader;

static int nn__get(nn__reader *r, void *dst, size_t len)
{
    if (len > r->left)
        return -1;
    memcpy(dst, r->p, len);
    r->p += len;
    r->left -= len;
    r->base_off += len;
    return 0;
}

static int nn__get_u32(nn__reader *r, uint32_t *v)
{
    unsigned char b[4];
    if (nn__get(r, b, 4))
        return -1;
    *v = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
         (uint32_t)b[3] << 24;
    return 0;
}

static int nn__get_u64(nn__reader *r, uint64_t *v)
{
    uint32_t lo, hi;
    if (nn__get_u32(r, &lo) || nn__get_u32(r, &hi))
        return -1;
    *v = (uint64_t)hi << 32 | lo;
    return 0;
}

static int nn__get_f32(nn__reader *r, float *v)
{
    uint32_t bits;
    if (nn__get_u32(r, &bits))
        return -1;
    memcpy(v, &bits, 4);
    return 0;
}

static int nn__get_f64(nn__reader *r, double *v)
{
    uint64_t bits;
    if (nn__get_u64(r, &bits))
        return -1;
    memcpy(v, &bits, 8);
    return 0;
}

#define NN__BAD(...) nn__fail(NN_ERR_FORMAT, __VA_ARGS__)

static nn_status nn__read_arch(const char *fn, const char *src, nn__reader *r,
                               nn_model **out)
{
    uint64_t input_dim, n_layers;
    if (nn__get_u64(r, &input_dim) || nn__get_u64(r, &n_layers))
        return NN__BAD("%s: %s: ARCH chunk is truncated", fn, src);
    if (input_dim == 0 || input_dim > INT_MAX)
        return NN__BAD("%s: %s: input width %llu is out of range", fn, src,
                       (unsigned long long)input_dim);
    /* Each layer takes 20 bytes: a count beyond the chunk is a lie. */
    if (n_layers > r->left / 20)
        return NN__BAD("%s: %s: layer count %llu exceeds the chunk", fn, src,
                       (unsigned long long)n_layers);
    nn_model *m;
    NN_TRY(nn_model_create(&m, (size_t)input_dim));
    for (uint64_t i = 0; i < n_layers; i++) {
        uint32_t kind, act;
        uint64_t units;
        float rate;
        if (nn__get_u32(r, &kind) || nn__get_u32(r, &act) ||
            nn__get_u64(r, &units) || nn__get_f32(r, &rate)) {
            nn_model_destroy(m);
            return NN__BAD("%s: %s: ARCH chunk is truncated", fn, src);
        }
        nn_status st;
        if (kind == NN_LAYER_DENSE) {
            st = nn_model_add_dense(m, (size_t)units, (nn_activation)act);
        } else if (kind == NN_LAYER_DROPOUT) {
            st = units == nn_model_output_dim(m)
                     ? nn_model_add_dropout(m, rate)
                     : NN_ERR_INVALID_ARG;
        } else {
            st = NN_ERR_INVALID_ARG;
        }
        if (st != NN_OK) {
            nn_model_destroy(m);
            if (st == NN_ERR_NOMEM)
                return nn__fail(st, "%s: %s: out of memory", fn, src);
            return NN__BAD("%s: %s: layer %llu is invalid (kind %u, "
                           "activation %u, units %llu)",
                           fn, src, (unsigned long long)i, kind, act,
                           (unsigned long long)units);
        }
    }
    *out = m;
    return NN_OK;
}

static nn_status nn__read_history(const char *fn, const char *src,
                                  nn__reader *c, nn_model *m)
{
    uint64_t len;
    if (nn__get_u64(c, &len) || len > c->left / (4 * NN_METRIC_COUNT))
        return NN__BAD("%s: %s: hist chunk is invalid", fn, src);
    m->history_len = 0;
    if (len > m->history_cap) {
        void *grown = nn__realloc(m->history, (size_t)len * sizeof *m->history);
        if (!grown)
            return nn__fail(NN_ERR_NOMEM, "%s: %s: out of memory", fn, src);
        m->history = grown;
        m->history_cap = (size_t)len;
    }
    for (size_t e = 0; e < len; e++)
        for (int k = 0; k < NN_METRIC_COUNT; k++)
            nn__get_f32(c, &m->history[e][k]);
    m->history_len = (size_t)len;
    return NN_OK;
}

/* Reads a u32-length-prefixed string into a new NUL-terminated copy. */
static int nn__get_string(nn__reader *c, size_t max, char **out)
{
    uint32_t len;
    *out = NULL;
    if (nn__get_u32(c, &len) || len > c->left || len > max)
        return -1;
    if (memchr(c->p, '\0', len))
        return -1;
    char *s = nn__malloc((size_t)len + 1);
    if (!s)
        return -2;
    nn__get(c, s, len);
    s[len] = '\0';
    *out = s;
    return 0;
}

static nn_status nn__read_metadata(const char *fn, const char *src,
                                   nn__reader *c, nn_model *m)
{
    uint32_t count;
    if (nn__get_u32(c, &count) || count > c->left / 8)
        return NN__BAD("%s: %s: meta chunk is invalid", fn, src);
    for (uint32_t i = 0; i < count; i++) {
        char *key, *value = NULL;
        int rc = nn__get_string(c, 255, &key);
        if (rc == 0)
            rc = nn__get_string(c, (size_t)1 << 20, &value);
        nn_status st = NN_OK;
        if (rc == 0)
            st = nn_model_set_metadata(m, key, value);
        nn__free(key);
        nn__free(value);
        if (rc == -2 || st == NN_ERR_NOMEM)
            return nn__fail(NN_ERR_NOMEM, "%s: %s: out of memory", fn, src);
        if (rc != 0 || st != NN_OK)
            return NN__BAD("%s: %s: metadata entry %u is invalid", fn, src,
                           i);
    }
    return NN_OK;
}

static nn_status nn__read_best(const char *fn, const char *src,
                                nn__reader *c, nn_model *m)
{
    uint64_t count;
    if (nn__get_u64(c, &count) || count != m->n_params ||
        c->left / 4 < count || nn__model_last_dense(m) == SIZE_MAX)
        return NN__BAD("%s: %s: best chunk does not match the architecture",
                       fn, src);
    if (!m->es_best_params) {
        m->es_best_params = nn__malloc_array(m->n_params, sizeof(float));
        if (!m->es_best_params)
            return nn__fail(NN_ERR_NOMEM, "%s: %s: out of memory", fn, src);
    }
    for (size_t i = 0; i < m->n_params; i++)
        nn__get_f32(c, &m->es_best_params[i]);
    if (nn__first_nonfinite_row(m->es_best_params, 1, m->n_params) !=
        SIZE_MAX)
        return NN__BAD("%s: %s: the best weights are not finite", fn, src);
    m->es_have_best = 1;
    return NN_OK;
}

static nn_status nn__read_optimizer(const char *fn, const char *src,
                                    nn__reader *c, nn_model *m)
{
    uint64_t step, count;
    if (nn__get_u64(c, &step) || nn__get_u64(c, &count) ||
        count != m->n_params || c->left / 8 < count)
        return NN__BAD("%s: %s: optm chunk does not match the architecture",
                       fn, src);
    for (size_t i = 0; i < m->n_params; i++)
        nn__get_f32(c, &m->opt_m[i]);
    for (size_t i = 0; i < m->n_params; i++)
        nn__get_f32(c, &m->opt_v[i]);
    if (nn__first_nonfinite_row(m->opt_m, 1, m->n_params) != SIZE_MAX ||
        nn__first_nonfinite_row(m->opt_v, 1, m->n_params) != SIZE_MAX)
        return NN__BAD("%s: %s: the optimizer state is not finite", fn, src);
    /* Second moments are averages of squares and step counts are steps
     * taken: anything else was not written by libnn and would make the
     * next step take the square root of a negative or wrap the counter. */
    if (m->opt != NN_OPT_SGD)
        for (size_t i = 0; i < m->n_params; i++)
            if (!(m->opt_v[i] >= 0.0f))
                return NN__BAD("%s: %s: optm second moment %zu is negative",
                               fn, src, i);
    if (step > ((uint64_t)1 << 53))
        return NN__BAD("%s: %s: optm step count %llu is not plausible", fn,
                       src, (unsigned long long)step);
    m->step = step;
    return NN_OK;
}

static nn_status nn__read_chunks(const char *fn, const char *src,
                                 nn__reader *r, nn_model **out)
{
    nn_model *m = NULL;
    nn__reader optm = {0};
    int have_comp = 0, have_weights = 0, have_optm = 0;
    uint32_t compiled = 0, opt = 0, loss = 0;
    nn_status st = NN_OK;
    for (;;) {
        char tag[4];
        uint64_t len;
        size_t chunk_off = r->base_off;
        if (nn__get(r, tag, 4) || nn__get_u64(r, &len)) {
            st = NN__BAD("%s: %s: truncated chunk header at offset %zu", fn,
                         src, chunk_off);
            break;
        }
        if (len > r->left) {
            st = NN__BAD("%s: %s: chunk '%.4s' at offset %zu claims %llu "
                         "bytes, only %zu remain",
                         fn, src, tag, chunk_off, (unsigned long long)len,
                         r->left);
            break;
        }
        nn__reader c = {r->p, (size_t)len, r->base_off};
        r->p += len;
        r->left -= (size_t)len;
        r->base_off += (size_t)len;
        if (!memcmp(tag, "END ", 4))
            break;
        int known = !memcmp(tag, "ARCH", 4) || !memcmp(tag, "COMP", 4) ||
                    !memcmp(tag, "HYPR", 4) || !memcmp(tag, "RNG ", 4) ||
                    !memcmp(tag, "WGHT", 4) || !memcmp(tag, "optm", 4) ||
                    !memcmp(tag, "trst", 4) || !memcmp(tag, "hist", 4) ||
                    !memcmp(tag, "meta", 4) || !memcmp(tag, "best", 4);
        if (!m && memcmp(tag, "ARCH", 4) &&
            (known || (tag[0] >= 'A' && tag[0] <= 'Z'))) {
            st = NN__BAD("%s: %s: chunk '%.4s' at offset %zu comes before "
                         "ARCH",
                         fn, src, tag, chunk_off);
            break;
        }
        if (!memcmp(tag, "ARCH", 4)) {
            if (m) {
                st = NN__BAD("%s: %s: second ARCH chunk", fn, src);
                break;
            }
            st = nn__read_arch(fn, src, &c, &m);
        } else if (!memcmp(tag, "COMP", 4)) {
            if (nn__get_u32(&c, &compiled) || nn__get_u32(&c, &opt) ||
                nn__get_u32(&c, &loss) || compiled > 1 ||
                opt >= NN_OPT_COUNT || loss >= NN_LOSS_COUNT)
                st = NN__BAD("%s: %s: COMP chunk is invalid", fn, src);
            have_comp = 1;
        } else if (!memcmp(tag, "HYPR", 4)) {
            uint32_t count;
            if (nn__get_u32(&c, &count) || count > NN_PARAM_COUNT) {
                st = NN__BAD("%s: %s: HYPR chunk is invalid", fn, src);
                break;
            }
            for (uint32_t i = 0; i < count && st == NN_OK; i++) {
                uint32_t id;
                double v;
                if (nn__get_u32(&c, &id) || nn__get_f64(&c, &v))
                    st = NN__BAD("%s: %s: HYPR chunk is truncated", fn, src);
                else if (nn_model_set_param(m, (nn_param)id, v) != NN_OK)
                    st = NN__BAD("%s: %s: hyper-parameter %u = %g is invalid",
                                 fn, src, id, v);
            }
        } else if (!memcmp(tag, "RNG ", 4)) {
            uint64_t s[4];
            if (nn__get_u64(&c, &m->seed) || nn__get_u64(&c, &s[0]) ||
                nn__get_u64(&c, &s[1]) || nn__get_u64(&c, &s[2]) ||
                nn__get_u64(&c, &s[3]) || !(s[0] | s[1] | s[2] | s[3])) {
                st = NN__BAD("%s: %s: RNG chunk is invalid", fn, src);
                break;
            }
            memcpy(m->rng.s, s, sizeof s);
        } else if (!memcmp(tag, "WGHT", 4)) {
            uint64_t count;
            if (nn__get_u64(&c, &count) || count != m->n_params ||
                c.left / 4 < count || nn__model_last_dense(m) == SIZE_MAX) {
                st = NN__BAD("%s: %s: WGHT chunk does not match the "
                             "architecture (%zu parameters)",
                             fn, src, m->n_params);
                break;
            }
            float *w = nn__malloc_array(m->n_params, sizeof *w);
            if (!w) {
                st = nn__fail(NN_ERR_NOMEM, "%s: %s: out of memory", fn, src);
                break;
            }
            for (size_t i = 0; i < m->n_params; i++)
                nn__get_f32(&c, &w[i]);
            nn__free(m->params);
            m->params = w;
            if (nn__first_nonfinite_row(w, 1, m->n_params) != SIZE_MAX) {
                st = NN__BAD("%s: %s: the weights contain NaN or infinity",
                             fn, src);
                break;
            }
            have_weights = 1;
        } else if (!memcmp(tag, "optm", 4)) {
            optm = c; /* applied after compile, which resets the moments */
            have_optm = 1;
        } else if (!memcmp(tag, "trst", 4)) {
            uint64_t done, wait;
            double best;
            if (nn__get_u64(&c, &done) || nn__get_f64(&c, &best) ||
                nn__get_u64(&c, &wait) || done > SIZE_MAX ||
                wait > SIZE_MAX) {
                st = NN__BAD("%s: %s: trst chunk is invalid", fn, src);
            } else {
                m->epochs_done = (size_t)done;
                m->es_best = best;
                m->es_wait = (size_t)wait;
            }
        } else if (!memcmp(tag, "best", 4)) {
            st = nn__read_best(fn, src, &c, m);
        } else if (!memcmp(tag, "hist", 4)) {
            st = nn__read_history(fn, src, &c, m);
        } else if (!memcmp(tag, "meta", 4)) {
            st = nn__read_metadata(fn, src, &c, m);
        } else if (tag[0] >= 'A' && tag[0] <= 'Z') {
            st = NN__BAD("%s: %s: unknown required chunk '%.4s' at offset "
                         "%zu (written by a newer libnn?)",
                         fn, src, tag, chunk_off);
        }
        if (st != NN_OK)
            break;
    }
    if (st == NN_OK && (!m || !have_weights))
        st = NN__BAD("%s: %s: the file has no %s chunk", fn, src,
                     !m ? "ARCH" : "WGHT");
    if (st == NN_OK && r->left != 0)
        st = NN__BAD("%s: %s: %zu unexpected bytes after the END chunk", fn,
                     src, r->left);
    if (st == NN_OK && have_comp && compiled) {
        /* Re-check the loss and activation pairing through compile itself;
         * the learning rate read from HYPR is kept. */
        double lr = nn__model_param(m, NN_PARAM_LEARNING_RATE);
        st = nn_model_compile(m, (nn_optimizer)opt, (nn_loss)loss, (float)lr);
        if (st == NN_OK) {
            m->param[NN_PARAM_LEARNING_RATE] = lr;
            if (have_optm)
                st = nn__read_optimizer(fn, src, &optm, m);
        } else if (st != NN_ERR_NOMEM) {
            st = NN__BAD("%s: %s: the compile settings are inconsistent: %s",
                         fn, src, nn_last_error());
        }
    }
    if (st != NN_OK) {
        nn_model_destroy(m);
        return st;
    }
    *out = m;
    return NN_OK;
}

nn_status nn__model_deserialize(const char *fn, const char *source,
                                const unsigned char *data, size_t size,
                                nn_model **out)
{
    *out = NULL;
    if (size < sizeof nn__magic + 4 + 4 ||
        memcmp(data, nn__magic, sizeof nn__magic))
        return NN__BAD("%s: %s is not a libnn model (bad magic)", fn, source);
    uint32_t stored = (uint32_t)data[size - 4] | (uint32_t)data[size - 3] << 8 |
                      (uint32_t)data[size - 2] << 16 |
                      (uint32_t)data[size - 1] << 24;
    uLong crc = crc32(0L, Z_NULL, 0);
    for (size_t off = 0; off < size - 4;) {
        size_t piece = size - 4 - off < UINT_MAX ? size - 4 - off : UINT_MAX;
        crc = crc32(crc, data + off, (uInt)piece);
        off += piece;
    }
    nn__reader r = {data + sizeof nn__magic, size - 4 - sizeof nn__magic,
                    sizeof nn__magic};
    uint32_t version;
    nn__get_u32(&r, &version);
    if (version > NN__FORMAT_VERSION || version == 0)
        return NN__BAD("%s: %s has format version %u; this libnn reads "
                       "versions 1 to %u",
                       fn, source, version, NN__FORMAT_VERSION);
    if ((uint32_t)crc != stored)
        return NN__BAD("%s: %s: checksum mismatch (stored %08x, computed "
                       "%08x): the file is damaged",
                       fn, source, stored, (uint32_t)crc);
    return nn__read_chunks(fn, source, &r, out);
}

nn_status nn_model_save_buffer(const nn_model *m, void **data, size_t *size)
{
    if (data)
        *data = NULL;
    if (size)
        *size = 0;
    NN_TRY(nn__check_model(m, __func__));
    if (!data || !size)
        return nn__fail(NN_ERR_INVALID_ARG, "%s: %s is NULL", __func__,
                        !data ? "data" : "size");
    unsigned char *bytes;
    NN_TRY(nn__model_serialize(m, __func__, &bytes, size));
    *data = bytes;
    return NN_OK;
}

nn_status nn_model_load_buffer(nn_model **out, const void *data, size_t size)
{
    if (!out)
        return nn__fail(NN_ERR_INVALID_ARG, "%s: out is NULL", __func__);
    *out = NULL;
    if (!data)
        return nn__fail(NN_ERR_INVALID_ARG, "%s: data is NULL", __func__);
    return nn__model_deserialize(__func__, "buffer", data, size, out);
}
