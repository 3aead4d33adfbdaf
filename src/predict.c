/*
 * predict.c - nn_predict and nn_evaluate: chunked inference with per-call
 * scratch, so many threads can share one model.
 */
#include <math.h>
#include <string.h>

#include "internal.h"

/* Small calls (batch-1 latency) use the stack instead of the heap. */
#define NN__STACK_SCRATCH_FLOATS 4096

nn_status nn__check_data(const nn_model *m, const char *fn, const float *x,
                         const float *y, size_t n, const char *what)
{
    size_t row = nn__first_nonfinite_row(x, n, m->input_dim);
    if (row != SIZE_MAX)
        return nn__fail(NN_ERR_NUMERIC,
                        "%s: %s input at row %zu contains NaN or infinity", fn,
                        what, row);
    return nn__loss_check_labels(fn, m->loss, y, n, nn_model_output_dim(m), 0);
}

/* Checks the arguments shared by predict and evaluate; returns the rows per
 * chunk and the scratch floats needed. */
static nn_status nn__infer_prepare(const nn_model *m, const char *fn,
                                   const float *x, size_t n, size_t extra_cols,
                                   size_t *chunk, size_t *scratch)
{
    NN_TRY(nn__check_model(m, fn));
    if (!x)
        return nn__fail(NN_ERR_INVALID_ARG, "%s: x is NULL", fn);
    if (n == 0)
        return nn__fail(NN_ERR_INVALID_ARG, "%s: n is 0", fn);
    if (m->n_layers == 0)
        return nn__fail(NN_ERR_STATE, "%s: the model has no layers", fn);
    size_t bytes;
    if (nn__mul_overflows(n, m->input_dim, &bytes) ||
        nn__mul_overflows(bytes, sizeof(float), &bytes) ||
        nn__mul_overflows(n, nn_model_output_dim(m), &bytes) ||
        nn__mul_overflows(bytes, sizeof(float), &bytes))
        return nn__fail(NN_ERR_INVALID_ARG,
                        "%s: n = %zu rows overflow the address space", fn, n);
    NN_TRY(nn__model_materialize((nn_model *)m, fn));
    size_t rows = nn__infer_chunk_rows(m);
    if (rows > n)
        rows = n;
    *chunk = rows;
    /* Two ping-pong buffers plus extra_cols per row: bounded by the chunk
     * size, so no overflow. */
    *scratch = rows * (2 * nn__model_widest(m) + extra_cols);
    return NN_OK;
}

nn_status nn_predict(const nn_model *m, const float *x, size_t n, float *out)
{
    size_t chunk = 0, scratch = 0;
    if (!out)
        return nn__fail(NN_ERR_INVALID_ARG, "%s: out is NULL", __func__);
    NN_TRY(nn__infer_prepare(m, __func__, x, n, 0, &chunk, &scratch));
    float stack[NN__STACK_SCRATCH_FLOATS];
    float *buf = scratch <= NN__STACK_SCRATCH_FLOATS
                     ? stack
                     : nn__malloc_array(scratch, sizeof(float));
    if (!buf)
        return nn__fail(NN_ERR_NOMEM, "%s: out of memory for scratch",
                        __func__);
    size_t widest = nn__model_widest(m);
    size_t k = nn_model_output_dim(m);
    for (size_t r = 0; r < n; r += chunk) {
        size_t rows = n - r < chunk ? n - r : chunk;
        nn__forward_infer(m, x + r * m->input_dim, rows, buf,
                          buf + chunk * widest, NULL, out + r * k);
    }
    if (buf != stack)
        nn__free(buf);
    return NN_OK;
}

nn_status nn_evaluate(const nn_model *m, const float *x, const float *y,
                      size_t n, float *loss, float *accuracy)
{
    size_t chunk = 0, scratch = 0;
    if (loss)
        *loss = NAN;
    if (accuracy)
        *accuracy = NAN;
    if (!y)
        return nn__fail(NN_ERR_INVALID_ARG, "%s: y is NULL", __func__);
    NN_TRY(nn__check_model(m, __func__));
    /* before nn__infer_prepare, which would create the weights */
    if (!m->compiled)
        return nn__fail(NN_ERR_STATE, "%s: the model is not compiled",
                        __func__);
    size_t k = nn_model_output_dim(m);
    NN_TRY(nn__infer_prepare(m, __func__, x, n, 2 * k, &chunk, &scratch));
    NN_TRY(nn__check_data(m, __func__, x, y, n, "the"));
    float *buf = nn__malloc_array(scratch, sizeof(float));
    if (!buf)
        return nn__fail(NN_ERR_NOMEM, "%s: out of memory for scratch",
                        __func__);
    size_t widest = nn__model_widest(m);
    double sum;
    size_t hits;
    nn__evaluate_rows(m, x, y, n, chunk, buf, buf + chunk * widest,
                      buf + 2 * chunk * widest,
                      buf + 2 * chunk * widest + chunk * k, &sum, &hits);
    nn__free(buf);
    size_t units = nn__loss_accuracy_units(m->loss, k);
    if (loss)
        *loss = (float)(sum / (double)n);
    if (accuracy)
        *accuracy = units ? (float)((double)hits / ((double)n * units)) : NAN;
    return NN_OK;
}
