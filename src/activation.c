/*
 * activation.c - the activation functions: one forward and one backward
 * function each, the formula beside the code. Forward adds the bias and
 * applies f over a rows x cols block; backward turns dL/da into dL/dz in
 * place. Elementwise loops are kept simple so the compiler vectorises them.
 */
#include <math.h>
#include <string.h>

#include "internal.h"

#define NN__SQRT1_2 0.70710678118654752f /* 1 / sqrt(2) */

typedef void (*nn__act_fwd_fn)(const nn__act_params *p, const float *z,
                               float *a, size_t count);
/* delta <- delta * f'(z), given z and a = f(z). */
typedef void (*nn__act_bwd_fn)(const nn__act_params *p, const float *z,
                               const float *a, float *delta, size_t count);

/* linear: f(z) = z, f'(z) = 1 */
static void linear_fwd(const nn__act_params *p, const float *z, float *a,
                       size_t count)
{
    if (a != z)
        memcpy(a, z, count * sizeof *a);
}
static void linear_bwd(const nn__act_params *p, const float *z,
                       const float *a, float *delta, size_t count)
{
}

/* relu: f(z) = max(0, z), f'(z) = [z > 0]. Written so NaN passes
 * through: a NaN input must give a NaN output, not a silent 0. */
static void relu_fwd(const nn__act_params *p, const float *z, float *a,
                     size_t count)
{
    for (size_t i = 0; i < count; i++)
        a[i] = z[i] < 0.0f ? 0.0f : z[i];
}
static void relu_bwd(const nn__act_params *p, const float *z, const float *a,
                     float *delta, size_t count)
{
    for (size_t i = 0; i < count; i++)
        delta[i] = z[i] > 0.0f ? delta[i] : 0.0f;
}

/* sigmoid: f(z) = 1 / (1 + e^-z), f'(z) = a (1 - a). The two branches
 * keep exp's argument non-positive so neither overflows. */
static void sigmoid_fwd(const nn__act_params *p, const float *z, float *a,
                        size_t count)
{
    for (size_t i = 0; i < count; i++) {
        float e = expf(-fabsf(z[i]));
        a[i] = z[i] >= 0.0f ? 1.0f / (1.0f + e) : e / (1.0f + e);
    }
}
static void sigmoid_bwd(const nn__act_params *p, const float *z,
                        const float *a, float *delta, size_t count)
{
    for (size_t i = 0; i < count; i++)
        delta[i] *= a[i] * (1.0f - a[i]);
}

/* tanh: f'(z) = 1 - a^2 */
static void tanh_fwd(const nn__act_params *p, const float *z, float *a,
                     size_t count)
{
    for (size_t i = 0; i < count; i++)
        a[i] = tanhf(z[i]);
}
static void tanh_bwd(const nn__act_params *p, const float *z, const float *a,
                     float *delta, size_t count)
{
    for (size_t i = 0; i < count; i++)
        delta[i] *= 1.0f - a[i] * a[i];
}

/* leaky relu: f(z) = z if z > 0 else s z, f'(z) = 1 or s */
static void leaky_fwd(const nn__act_params *p, const float *z, float *a,
                      size_t count)
{
    float s = p->leaky_slope;
    for (size_t i = 0; i < count; i++)
        a[i] = z[i] > 0.0f ? z[i] : s * z[i];
}
static void leaky_bwd(const nn__act_params *p, const float *z, const float *a,
                      float *delta, size_t count)
{
    float s = p->leaky_slope;
    for (size_t i = 0; i < count; i++)
        delta[i] = z[i] > 0.0f ? delta[i] : s * delta[i];
}

/* elu: f(z) = z if z > 0 else alpha (e^z - 1), f'(z) = 1 or alpha e^z */
static void elu_fwd(const nn__act_params *p, const float *z, float *a,
                    size_t count)
{
    float alpha = p->elu_alpha;
    for (size_t i = 0; i < count; i++)
        a[i] = z[i] > 0.0f ? z[i] : alpha * expm1f(z[i]);
}
static void elu_bwd(const nn__act_params *p, const float *z, const float *a,
                    float *delta, size_t count)
{
    float alpha = p->elu_alpha;
    for (size_t i = 0; i < count; i++)
        delta[i] = z[i] > 0.0f ? delta[i] : delta[i] * alpha * expf(z[i]);
}

/* gelu (exact): f(z) = z Phi(z), Phi(z) = (1 + erf(z / sqrt 2)) / 2,
 * f'(z) = Phi(z) + z phi(z), phi(z) = e^(-z^2/2) / sqrt(2 pi) */
static void gelu_fwd(const nn__act_params *p, const float *z, float *a,
                     size_t count)
{
    for (size_t i = 0; i < count; i++)
        a[i] = 0.5f * z[i] * (1.0f + erff(z[i] * NN__SQRT1_2));
}
static void gelu_bwd(const nn__act_params *p, const float *z, const float *a,
                     float *delta, size_t count)
{
    const float inv_sqrt_2pi = 0.3989422804014327f;
    for (size_t i = 0; i < count; i++) {
        float cdf = 0.5f * (1.0f + erff(z[i] * NN__SQRT1_2));
        float pdf = inv_sqrt_2pi * expf(-0.5f * z[i] * z[i]);
        delta[i] *= cdf + z[i] * pdf;
    }
}

/* softplus: f(z) = log(1 + e^z) = max(z, 0) + log1p(e^-|z|) (no overflow),
 * f'(z) = sigmoid(z) = 1 - e^-a */
static void softplus_fwd(const nn__act_params *p, const float *z, float *a,
                         size_t count)
{
    for (size_t i = 0; i < count; i++)
        a[i] = fmaxf(z[i], 0.0f) + log1pf(expf(-fabsf(z[i])));
}
static void softplus_bwd(const nn__act_params *p, const float *z,
                         const float *a, float *delta, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        float e = expf(-fabsf(z[i]));
        delta[i] *= z[i] >= 0.0f ? 1.0f / (1.0f + e) : e / (1.0f + e);
    }
}

/* sin: f'(z) = cos(z) */
static void sin_fwd(const nn__act_params *p, const float *z, float *a,
                    size_t count)
{
    for (size_t i = 0; i < count; i++)
        a[i] = sinf(z[i]);
}
static void sin_bwd(const nn__act_params *p, const float *z, const float *a,
                    float *delta, size_t count)
{
    for (size_t i = 0; i < count; i++)
        delta[i] *= cosf(z[i]);
}

/* gaussian: f(z) = e^(-z^2), f'(z) = -2 z a */
static void gaussian_fwd(const nn__act_params *p, const float *z, float *a,
                         size_t count)
{
    for (size_t i = 0; i < count; i++)
        a[i] = expf(-z[i] * z[i]);
}
static void gaussian_bwd(const nn__act_params *p, const float *z,
                         const float *a, float *delta, size_t count)
{
    for (size_t i = 0; i < count; i++)
        delta[i] *= -2.0f * z[i] * a[i];
}

/* softmax works on rows, so it is handled apart from the table.
 * f(z)_i = e^(z_i - max z) / sum_j e^(z_j - max z): subtracting the row's
 * maximum keeps every exponent <= 0, stable for logits of any size. */
static void softmax_fwd_rows(const float *z, float *a, size_t rows,
                             size_t cols)
{
    for (size_t r = 0; r < rows; r++) {
        const float *zr = z + r * cols;
        float *ar = a + r * cols;
        float max = zr[0];
        for (size_t c = 1; c < cols; c++)
            max = zr[c] > max ? zr[c] : max;
        float sum = 0.0f;
        for (size_t c = 0; c < cols; c++) {
            ar[c] = expf(zr[c] - max);
            sum += ar[c];
        }
        float inv = 1.0f / sum;
        for (size_t c = 0; c < cols; c++)
            ar[c] *= inv;
    }
}

/* Jacobian-vector product: dz_i = a_i (g_i - sum_j g_j a_j). */
static void softmax_bwd_rows(const float *a, float *delta, size_t rows,
                             size_t cols)
{
    for (size_t r = 0; r < rows; r++) {
        const float *ar = a + r * cols;
        float *dr = delta + r * cols;
        float dot = 0.0f;
        for (size_t c = 0; c < cols; c++)
            dot += dr[c] * ar[c];
        for (size_t c = 0; c < cols; c++)
            dr[c] = ar[c] * (dr[c] - dot);
    }
}

static const struct {
    const char *name;
    nn__act_fwd_fn fwd;
    nn__act_bwd_fn bwd;
} nn__acts[NN_ACT_COUNT] = {
    [NN_ACT_LINEAR] = {"linear", linear_fwd, linear_bwd},
    [NN_ACT_RELU] = {"relu", relu_fwd, relu_bwd},
    [NN_ACT_SIGMOID] = {"sigmoid", sigmoid_fwd, sigmoid_bwd},
    [NN_ACT_TANH] = {"tanh", tanh_fwd, tanh_bwd},
    [NN_ACT_SOFTMAX] = {"softmax", NULL, NULL},
    [NN_ACT_LEAKY_RELU] = {"leaky_relu", leaky_fwd, leaky_bwd},
    [NN_ACT_ELU] = {"elu", elu_fwd, elu_bwd},
    [NN_ACT_GELU] = {"gelu", gelu_fwd, gelu_bwd},
    [NN_ACT_SOFTPLUS] = {"softplus", softplus_fwd, softplus_bwd},
    [NN_ACT_SIN] = {"sin", sin_fwd, sin_bwd},
    [NN_ACT_GAUSSIAN] = {"gaussian", gaussian_fwd, gaussian_bwd},
};

const char *nn__act_name(nn_activation act)
{
    return (unsigned)act < NN_ACT_COUNT ? nn__acts[act].name : "unknown";
}

void nn__act_forward(nn_activation act, const nn__act_params *p, float *z,
                     const float *bias, float *a, size_t rows, size_t cols)
{
    if (bias) {
        for (size_t r = 0; r < rows; r++) {
            float *zr = z + r * cols;
            for (size_t c = 0; c < cols; c++)
                zr[c] += bias[c];
        }
    }
    if (act == NN_ACT_SOFTMAX)
        softmax_fwd_rows(z, a, rows, cols);
    else
        nn__acts[act].fwd(p, z, a, rows * cols);
}

void nn__act_backward(nn_activation act, const nn__act_params *p,
                      const float *z, const float *a, float *delta,
                      size_t rows, size_t cols)
{
    if (act == NN_ACT_SOFTMAX)
        softmax_bwd_rows(a, delta, rows, cols);
    else
        nn__acts[act].bwd(p, z, a, delta, rows * cols);
}
