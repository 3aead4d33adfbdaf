/*
 * optimizer.c - one update of every parameter, one sweep over the arena per
 * optimizer. The forms are PyTorch's (so the oracle tests can compare step
 * by step); nn.h states each formula.
 */
#include <math.h>

#include "internal.h"

/* SGD: g' = s g + wd w; v <- mu v + g'; w <- w - lr v, or with Nesterov
 * w <- w - lr (g' + mu v). With mu = 0 this is the origin story's
 * delta-w = -lr dL/dw. */
NN__MULTIVERSION
static void nn__sgd(nn_model *m, float gs)
{
    float lr = (float)nn__model_param(m, NN_PARAM_LEARNING_RATE);
    float wd = (float)nn__model_param(m, NN_PARAM_WEIGHT_DECAY);
    float mu = (float)nn__model_param(m, NN_PARAM_MOMENTUM);
    int nesterov = nn__model_param(m, NN_PARAM_NESTEROV) != 0.0;
    float *restrict w = m->params, *restrict v = m->opt_m;
    const float *restrict g = m->grads;
    size_t n = m->n_params;
    if (mu == 0.0f) {
        for (size_t i = 0; i < n; i++)
            w[i] -= lr * (g[i] * gs + wd * w[i]);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        float gi = g[i] * gs + wd * w[i];
        v[i] = mu * v[i] + gi;
        w[i] -= lr * (nesterov ? gi + mu * v[i] : v[i]);
    }
}

/* Adam: m <- b1 m + (1-b1) g, v <- b2 v + (1-b2) g^2,
 * w <- w - (lr / (1-b1^t)) m / (sqrt(v) / sqrt(1-b2^t) + eps).
 * Adam adds the L2 term wd w to g; AdamW instead first decays
 * w <- w (1 - lr wd) and leaves g alone. */
NN__MULTIVERSION
static void nn__adam(nn_model *m, float gs, int decoupled)
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
    for (size_t i = 0; i < n; i++) {
        float wi = w[i] * decay;
        float gi = g[i] * gs + l2 * wi;
        float mi = fb1 * mo[i] + cb1 * gi;
        float vi = fb2 * ve[i] + cb2 * gi * gi;
        mo[i] = mi;
        ve[i] = vi;
        float denom = sqrtf(vi) * inv_sqrt_bc2 + eps;
        w[i] = wi - step_size * (mi / denom);
    }
}

/* RMSprop: v <- rho v + (1-rho) g^2, w <- w - lr g / (sqrt(v) + eps). */
NN__MULTIVERSION
static void nn__rmsprop(nn_model *m, float gs)
{
    float lr = (float)nn__model_param(m, NN_PARAM_LEARNING_RATE);
    float rho = (float)nn__model_param(m, NN_PARAM_RHO);
    float eps = (float)nn__model_param(m, NN_PARAM_EPSILON);
    float wd = (float)nn__model_param(m, NN_PARAM_WEIGHT_DECAY);
    float crho = 1.0f - rho;
    float *restrict w = m->params, *restrict ve = m->opt_v;
    const float *restrict g = m->grads;
    size_t n = m->n_params;
    for (size_t i = 0; i < n; i++) {
        float gi = g[i] * gs + wd * w[i];
        ve[i] = rho * ve[i] + crho * gi * gi;
        w[i] -= lr * gi / (sqrtf(ve[i]) + eps);
    }
}

void nn__optimizer_step(nn_model *m, float grad_scale)
{
    m->step++;
    switch (m->opt) {
    case NN_OPT_SGD:
        nn__sgd(m, grad_scale);
        break;
    case NN_OPT_ADAM:
        nn__adam(m, grad_scale, 0);
        break;
    case NN_OPT_ADAMW:
        nn__adam(m, grad_scale, 1);
        break;
    case NN_OPT_RMSPROP:
        nn__rmsprop(m, grad_scale);
        break;
    }
}
