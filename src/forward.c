/*
 * forward.c - the inference pass (no dropout, nothing kept for backward),
 * shared by nn_predict, nn_evaluate and nn_fit's validation.
 */
#include "internal.h"

/* About 16 MiB of scratch per call at most, and at least one row. */
#define NN__INFER_SCRATCH_FLOATS ((size_t)2 << 20)
#define NN__INFER_MAX_ROWS 1024

size_t nn__infer_chunk_rows(const nn_model *m)
{
    size_t rows = NN__INFER_SCRATCH_FLOATS / nn__model_widest(m);
    if (rows > NN__INFER_MAX_ROWS)
        rows = NN__INFER_MAX_ROWS;
    return rows ? rows : 1;
}

void nn__forward_infer(const nn_model *m, const float *x, size_t rows,
                       float *buf0, float *buf1, float *logits, float *out)
{
    nn__act_params ap = nn__model_act_params(m);
    size_t last = nn__model_last_dense(m);
    const float *in = x;
    size_t in_w = m->input_dim;
    float *bufs[2] = {buf0, buf1};
    int next = 0;
    for (size_t i = 0; i <= last; i++) {
        const nn__layer *l = &m->layers[i];
        if (l->kind != NN_LAYER_DENSE)
            continue; /* dropout is the identity outside training */
        const float *w = m->params + l->kernel_off;
        const float *b = m->params + l->bias_off;
        /* z = in W, then z += b and a = f(z); in place except for the last
         * layer when the caller wants the logits too. */
        float *z = i == last ? (logits ? logits : out) : bufs[next];
        float *a = i == last ? out : z;
        nn__sgemm(0, 0, rows, l->units, in_w, 1.0f, in, in_w, w, l->units,
                  0.0f, z, l->units);
        nn__act_forward(l->act, &ap, z, b, a, rows, l->units);
        in = a;
        in_w = l->units;
        next ^= 1;
    }
}

nn_status nn__evaluate_rows(const nn_model *m, const float *x, const float *y,
                            size_t n, size_t chunk, float *buf0, float *buf1,
                            float *logits, float *out, double *loss_sum,
                            size_t *correct)
{
    size_t k = nn_model_output_dim(m);
    size_t label_cols = nn__loss_label_cols(m->loss, k);
    double sum = 0.0;
    size_t hits = 0;
    for (size_t r = 0; r < n; r += chunk) {
        size_t rows = n - r < chunk ? n - r : chunk;
        size_t chunk_hits;
        nn__forward_infer(m, x + r * m->input_dim, rows, buf0, buf1, logits,
                          out);
        sum += nn__loss_eval(m->loss, logits, out, y + r * label_cols, rows, k,
                             rows, NULL, &chunk_hits);
        hits += chunk_hits;
    }
    *loss_sum = sum;
    *correct = hits;
    return NN_OK;
}
