/*
 * loss.c - the losses, their gradients and accuracy. Each returns the SUM of
 * per-row losses in double (callers divide by rows), and the gradient of the
 * MEAN loss over the batch, which is what the optimizer steps on.
 *
 * Cross-entropy is computed from the logits z of the last layer, fused with
 * its softmax or sigmoid: log-sum-exp keeps it finite for logits of any size,
 * and the gradient collapses to (a - y) / rows.
 */
#include <math.h>

#include "internal.h"

size_t nn__loss_label_cols(nn_loss loss, size_t outputs)
{
    return loss == NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY ? 1 : outputs;
}

int nn__loss_is_fused(nn_loss loss)
{
    return loss == NN_LOSS_BINARY_CROSSENTROPY ||
           loss == NN_LOSS_CATEGORICAL_CROSSENTROPY ||
           loss == NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY;
}

size_t nn__loss_accuracy_units(nn_loss loss, size_t outputs)
{
    switch (loss) {
    case NN_LOSS_BINARY_CROSSENTROPY:
        return outputs;
    case NN_LOSS_CATEGORICAL_CROSSENTROPY:
    case NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY:
        return 1;
    default:
        return 0;
    }
}

double nn__loss_row_divisor(nn_loss loss, size_t outputs)
{
    /* Keras averages MSE, MAE and binary cross-entropy over the outputs of
     * a row as well; categorical cross-entropy sums over classes. */
    switch (loss) {
    case NN_LOSS_MSE:
    case NN_LOSS_MAE:
    case NN_LOSS_BINARY_CROSSENTROPY:
        return (double)outputs;
    default:
        return 1.0;
    }
}

const char *nn__loss_name(nn_loss loss)
{
    static const char *const names[NN_LOSS_COUNT] = {
        "mse", "mae", "binary_crossentropy", "categorical_crossentropy",
        "sparse_categorical_crossentropy"};
    return (unsigned)loss < NN_LOSS_COUNT ? names[loss] : "unknown";
}

nn_status nn__loss_check_labels(const char *fn, nn_loss loss, const float *y,
                                size_t rows, size_t outputs, size_t row_base)
{
    size_t cols = nn__loss_label_cols(loss, outputs);
    for (size_t r = 0; r < rows; r++) {
        const float *yr = y + r * cols;
        for (size_t c = 0; c < cols; c++) {
            float v = yr[c];
            size_t row = row_base + r;
            if (!isfinite(v))
                return nn__fail(NN_ERR_NUMERIC,
                                "%s: label %g at row %zu is not finite", fn,
                                (double)v, row);
            switch (loss) {
            case NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY:
                if (v != floorf(v))
                    return nn__fail(NN_ERR_INVALID_ARG,
                                    "%s: label %g at row %zu is not an "
                                    "integer class index",
                                    fn, (double)v, row);
                if (v < 0.0f || (double)v >= (double)outputs)
                    return nn__fail(NN_ERR_INVALID_ARG,
                                    "%s: label %g at row %zu is out of range "
                                    "[0, %zu)",
                                    fn, (double)v, row, outputs);
                break;
            case NN_LOSS_BINARY_CROSSENTROPY:
                if (v < 0.0f || v > 1.0f)
                    return nn__fail(NN_ERR_INVALID_ARG,
                                    "%s: label %g at row %zu, column %zu is "
                                    "outside [0, 1]",
                                    fn, (double)v, row, c);
                break;
            case NN_LOSS_CATEGORICAL_CROSSENTROPY:
                if (v < 0.0f)
                    return nn__fail(NN_ERR_INVALID_ARG,
                                    "%s: label %g at row %zu, column %zu is "
                                    "negative",
                                    fn, (double)v, row, c);
                break;
            default:
                break;
            }
        }
    }
    return NN_OK;
}

static size_t nn__argmax(const float *v, size_t n)
{
    size_t best = 0;
    for (size_t i = 1; i < n; i++)
        if (v[i] > v[best])
            best = i;
    return best;
}

/* mse: l = sum_k (a_k - y_k)^2 / K, dl/da = 2 (a - y) / (K B) */
static double mse_eval(const float *a, const float *y, size_t rows, size_t k,
                       float scale, float *grad)
{
    double sum = 0.0;
    for (size_t i = 0; i < rows * k; i++) {
        float d = a[i] - y[i];
        sum += (double)d * d;
        if (grad)
            grad[i] = 2.0f * d * scale;
    }
    return sum / (double)k;
}

/* mae: l = sum_k |a_k - y_k| / K, dl/da = sign(a - y) / (K B) */
static double mae_eval(const float *a, const float *y, size_t rows, size_t k,
                       float scale, float *grad)
{
    double sum = 0.0;
    for (size_t i = 0; i < rows * k; i++) {
        float d = a[i] - y[i];
        sum += fabs((double)d);
        if (grad)
            grad[i] = d > 0.0f ? scale : (d < 0.0f ? -scale : 0.0f);
    }
    return sum / (double)k;
}

/* binary cross-entropy from logits: l = max(z, 0) - z y + log(1 + e^-|z|),
 * averaged over the K outputs; dl/dz = (sigmoid(z) - y) / (K B). */
static double bce_eval(const float *z, const float *a, const float *y,
                       size_t rows, size_t k, float scale, float *grad,
                       size_t *correct)
{
    double sum = 0.0;
    size_t hits = 0;
    for (size_t i = 0; i < rows * k; i++) {
        double zi = z[i];
        sum += fmax(zi, 0.0) - zi * y[i] + log1p(exp(-fabs(zi)));
        if (grad)
            grad[i] = (a[i] - y[i]) * scale;
        hits += (a[i] > 0.5f) == (y[i] > 0.5f);
    }
    *correct = hits;
    return sum / (double)k;
}

/* lse(z) = max + log sum_k e^(z_k - max), in double: the exact path. */
static double nn__log_sum_exp(const float *z, size_t k)
{
    double max = z[0], se = 0.0;
    for (size_t c = 1; c < k; c++)
        max = z[c] > max ? z[c] : max;
    for (size_t c = 0; c < k; c++)
        se += exp(z[c] - max);
    return max + log(se);
}

/* Below this a softmax output has lost too many bits to its exponent for
 * -log(a) to be trusted; above it, -log(a) equals lse(z) - z to float
 * precision and costs one log instead of k exps. */
#define NN__LOG_PROB_MIN 1e-30f

/* categorical cross-entropy from logits:
 * l = -sum_k y_k log softmax(z)_k = sum_k y_k (lse(z) - z_k),
 * dl/dz = (a sum_k y_k - y) / B (a - y for one-hot rows). */
static double cce_eval(const float *z, const float *a, const float *y,
                       size_t rows, size_t k, float scale, float *grad,
                       size_t *correct)
{
    double sum = 0.0;
    size_t hits = 0;
    for (size_t r = 0; r < rows; r++) {
        const float *zr = z + r * k, *ar = a + r * k, *yr = y + r * k;
        double ysum = 0.0, lse = NAN;
        for (size_t c = 0; c < k; c++) {
            if (yr[c] != 0.0f) {
                if (ar[c] > NN__LOG_PROB_MIN) {
                    sum -= yr[c] * log((double)ar[c]);
                } else {
                    if (isnan(lse))
                        lse = nn__log_sum_exp(zr, k);
                    sum += yr[c] * (lse - zr[c]);
                }
            }
            ysum += yr[c];
        }
        if (grad)
            for (size_t c = 0; c < k; c++)
                grad[r * k + c] = (ar[c] * (float)ysum - yr[c]) * scale;
        hits += nn__argmax(ar, k) == nn__argmax(yr, k);
    }
    *correct = hits;
    return sum;
}

/* sparse categorical cross-entropy: the same with y a class index t:
 * l = lse(z) - z_t = -log a_t, dl/dz = (a - onehot(t)) / B. */
static double scce_eval(const float *z, const float *a, const float *y,
                        size_t rows, size_t k, float scale, float *grad,
                        size_t *correct)
{
    double sum = 0.0;
    size_t hits = 0;
    for (size_t r = 0; r < rows; r++) {
        const float *zr = z + r * k, *ar = a + r * k;
        size_t t = (size_t)y[r];
        sum += ar[t] > NN__LOG_PROB_MIN ? -log((double)ar[t])
                                        : nn__log_sum_exp(zr, k) - zr[t];
        if (grad) {
            float *gr = grad + r * k;
            for (size_t c = 0; c < k; c++)
                gr[c] = ar[c] * scale;
            gr[t] -= scale;
        }
        hits += nn__argmax(ar, k) == t;
    }
    *correct = hits;
    return sum;
}

double nn__loss_eval(nn_loss loss, const float *z, const float *a,
                     const float *y, size_t rows, size_t outputs,
                     size_t scale_rows, float *grad, size_t *correct)
{
    float scale =
        (float)(1.0 / ((double)scale_rows *
                       nn__loss_row_divisor(loss, outputs)));
    *correct = 0;
    switch (loss) {
    case NN_LOSS_MSE:
        return mse_eval(a, y, rows, outputs, scale, grad);
    case NN_LOSS_MAE:
        return mae_eval(a, y, rows, outputs, scale, grad);
    case NN_LOSS_BINARY_CROSSENTROPY:
        return bce_eval(z, a, y, rows, outputs, scale, grad, correct);
    case NN_LOSS_CATEGORICAL_CROSSENTROPY:
        return cce_eval(z, a, y, rows, outputs, scale, grad, correct);
    case NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY:
        return scce_eval(z, a, y, rows, outputs, scale, grad, correct);
    }
    return NAN;
}
