/*
 * optimizer.c - one update of every parameter, one sweep over the arena per
 * optimizer. The forms are PyTorch's (so the oracle tests can compare step
 * by step); nn.h states each formula.
 *
 * A step is all or nothing: it is applied only when every new weight and
 * moment will be finite, so a diverging fit keeps the last finite state.
 * Each sweep reports the largest magnitudes it wrote; from them and the
 * gradient's largest magnitude, nn__optimizer_step bounds what the next
 * step can produce. When that bound cannot rule out an overflow, the sweep
 * first runs without storing anything, to check, and only then for real.
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include "internal.h"

/* Largest magnitudes of a sweep's results, as float bit patterns with the
 * sign cleared: for such patterns integer order is float order, and NaN
 * and infinity compare above every finite value. */
typedef struct nn__sweep_max {
    uint32_t w, m, v;
} nn__sweep_max;

static inline uint32_t nn__abs_bits(float f)
{
    uint32_t bits;
    memcpy(&bits, &f, sizeof bits);
    return bits & 0x7fffffffu;
}

static inline uint32_t nn__max_u32(uint32_t a, uint32_t b)
{
    return a > b ? a : b;
}

static float nn__bits_float(uint32_t bits)
{
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

/* SGD: g' = s g + wd w; v <- mu v + g'; w <- w - lr v, or with Nesterov
 * w <- w - lr (g' + mu v). With mu = 0 this is the origin story's
 * delta-w = -lr dL/dw. */
NN__MULTIVERSION
static nn__sweep_max nn__sgd(nn_model *m, float gs, int store)
{
    float lr = (float)nn__model_param(m, NN_PARAM_LEARNING_RATE);
    float wd = (float)nn__model_param(m, NN_PARAM_WEIGHT_DECAY);
    float mu = (float)nn__model_param(m, NN_PARAM_MOMENTUM);
    int nesterov = nn__model_param(m, NN_PARAM_NESTEROV) != 0.0;
    float *restrict w = m->params, *restrict v = m->opt_m;
    const float *restrict g = m->grads;
    size_t n = m->n_params;
    uint32_t wmax = 0, vmax = 0;
    if (mu == 0.0f) {
        for (size_t i = 0; i < n; i++) {
            float wi = w[i] - lr * (g[i] * gs + wd * w[i]);
            wmax = nn__max_u32(wmax, nn__abs_bits(wi));
            if (store)
                w[i] = wi;
        }
    } else {
        for (size_t i = 0; i < n; i++) {
            float gi = g[i] * gs + wd * w[i];
            float vi = mu * v[i] + gi;
            float wi = w[i] - lr * (nesterov ? gi + mu * vi : vi);
            vmax = nn__max_u32(vmax, nn__abs_bits(vi));
            wmax = nn__max_u32(wmax, nn__abs_bits(wi));
            if (store) {
                v[i] = vi;
                w[i] = wi;
            }
        }
    }
    nn__sweep_max r = {wmax, vmax, 0};
    return r;
}

/* Adam: m <- b1 m + (1-b1) g, v <- b2 v + (1-b2) g^2,
 * w <- w - (lr / (1-b1^t)) m / (sqrt(v) / sqrt(1-b2^t) + eps).
 * Adam adds the L2 term wd w to g; AdamW instead first decays
 * w <- w (1 - lr wd) and leaves g alone. */
NN__MULTIVERSION
static nn__sweep_max nn__adam(nn_model *m, float gs, int decoupled, int store)
{
    double lr = nn__model_param(m, NN_PARAM_LEARNING_RATE);
    double b1 = nn__model_param(m, NN_PARAM_BETA1);
    double b2 = nn__model_param(m, NN_PARAM_BETA2);
    float eps = (float)nn__model_param(m, NN_PARAM_EPSILON);
    double wd = nn__model_param(m, NN_PARAM_WEIGHT_DECAY);
    double t = (double)m->step;
    float step_size = (float)(lr / (1.0 - pow(b1, t)));
    /* one division per element instead of two: multiply by 1/sqrt(bc2) */
    float inv_sqrt_bc2 = (float)(1.0 / sqrt(1.0 - pow(b2, t)));
    float l2 = decoupled ? 0.0f : (float)wd;
    float decay = decoupled ? (float)(1.0 - lr * wd) : 1.0f;
    float fb1 = (float)b1, fb2 = (float)b2;
    float cb1 = (float)(1.0 - b1), cb2 = (float)(1.0 - b2);
    float *restrict w = m->params, *restrict mo = m->opt_m,
                    *restrict ve = m->opt_v;
    const float *restrict g = m->grads;
    size_t n = m->n_params;
    uint32_t wmax = 0, mmax = 0, vmax = 0;
    for (size_t i = 0; i < n; i++) {
        float wi = w[i] * decay;
        float gi = g[i] * gs + l2 * wi;
        float mi = fb1 * mo[i] + cb1 * gi;
        float vi = fb2 * ve[i] + cb2 * gi * gi;
        float denom = sqrtf(vi) * inv_sqrt_bc2 + eps;
        wi = wi - step_size * (mi / denom);
        mmax = nn__max_u32(mmax, nn__abs_bits(mi));
        vmax = nn__max_u32(vmax, nn__abs_bits(vi));
        wmax = nn__max_u32(wmax, nn__abs_bits(wi));
        if (store) {
            mo[i] = mi;
            ve[i] = vi;
            w[i] = wi;
        }
    }
    nn__sweep_max r = {wmax, mmax, vmax};
    return r;
}

/* RMSprop: v <- rho v + (1-rho) g^2, w <- w - lr g / (sqrt(v) + eps). */
NN__MULTIVERSION
static nn__sweep_max nn__rmsprop(nn_model *m, float gs, int store)
{
    float lr = (float)nn__model_param(m, NN_PARAM_LEARNING_RATE);
    float rho = (float)nn__model_param(m, NN_PARAM_RHO);
    float eps = (float)nn__model_param(m, NN_PARAM_EPSILON);
    float wd = (float)nn__model_param(m, NN_PARAM_WEIGHT_DECAY);
    float crho = 1.0f - rho;
    float *restrict w = m->params, *restrict ve = m->opt_v;
    const float *restrict g = m->grads;
    size_t n = m->n_params;
    uint32_t wmax = 0, vmax = 0;
    for (size_t i = 0; i < n; i++) {
        float gi = g[i] * gs + wd * w[i];
        float vi = rho * ve[i] + crho * gi * gi;
        float wi = w[i] - lr * gi / (sqrtf(vi) + eps);
        vmax = nn__max_u32(vmax, nn__abs_bits(vi));
        wmax = nn__max_u32(wmax, nn__abs_bits(wi));
        if (store) {
            ve[i] = vi;
            w[i] = wi;
        }
    }
    nn__sweep_max r = {wmax, 0, vmax};
    return r;
}

NN__MULTIVERSION
double nn__max_abs(const float *x, size_t n)
{
    uint32_t max = 0;
    for (size_t i = 0; i < n; i++)
        max = nn__max_u32(max, nn__abs_bits(x[i]));
    return max >= 0x7f800000u ? INFINITY : (double)nn__bits_float(max);
}

static nn__sweep_max nn__sweep(nn_model *m, float gs, int store)
{
    switch (m->opt) {
    case NN_OPT_SGD:
        return nn__sgd(m, gs, store);
    case NN_OPT_ADAM:
        return nn__adam(m, gs, 0, store);
    case NN_OPT_ADAMW:
        return nn__adam(m, gs, 1, store);
    default:
        return nn__rmsprop(m, gs, store);
    }
}

/* Whether the step from the current state, with gradients of magnitude at
 * most gmax, provably keeps everything finite. Conservative: every
 * denominator is taken as its floor eps, every sum as its worst case. */
static int nn__step_is_safe(const nn_model *m, double gmax, float gs)
{
    if (!m->sweep_max_known)
        return 0;
    const double limit = 0x1p120; /* well inside FLT_MAX = 2^128 */
    double wmax = nn__bits_float(m->sweep_max_w);
    double mmax = nn__bits_float(m->sweep_max_m);
    double vmax = nn__bits_float(m->sweep_max_v);
    double lr = nn__model_param(m, NN_PARAM_LEARNING_RATE);
    double wd = nn__model_param(m, NN_PARAM_WEIGHT_DECAY);
    double eps = (float)nn__model_param(m, NN_PARAM_EPSILON);
    double geff = gmax * gs + wd * wmax; /* |g'| */
    double delta;
    switch (m->opt) {
    case NN_OPT_SGD: {
        double mu = nn__model_param(m, NN_PARAM_MOMENTUM);
        double vnew = mu * mmax + geff;
        delta = lr * (geff + vnew * (1.0 + mu));
        break;
    }
    case NN_OPT_RMSPROP:
        delta = lr * geff / eps;
        if (geff * geff > limit || vmax > limit)
            return 0;
        break;
    default: {
        double b1 = nn__model_param(m, NN_PARAM_BETA1);
        double t = (double)m->step + 1.0;
        double mnew = mmax > geff ? mmax : geff;
        delta = lr / (1.0 - pow(b1, t)) * mnew / eps;
        if (geff * geff > limit || vmax > limit)
            return 0;
        break;
    }
    }
    return wmax + delta < limit && isfinite(delta);
}

int nn__optimizer_step(nn_model *m, float grad_scale, double gmax)
{
    m->step++;
    if (!nn__step_is_safe(m, gmax, grad_scale)) {
        /* rare: look before leaping */
        nn__sweep_max dry = nn__sweep(m, grad_scale, 0);
        if (dry.w >= 0x7f800000u || dry.m >= 0x7f800000u ||
            dry.v >= 0x7f800000u) {
            m->step--;
            return -1;
        }
    }
    nn__sweep_max r = nn__sweep(m, grad_scale, 1);
    m->sweep_max_w = r.w;
    m->sweep_max_m = r.m;
    m->sweep_max_v = r.v;
    m->sweep_max_known = 1;
    return 0;
}
