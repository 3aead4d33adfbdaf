/*
 * test_training.c - what nn_fit, nn_predict and nn_evaluate compute:
 * small problems learned, optimizer steps checked against the documented
 * formulas evaluated here in double, determinism, history, early stopping,
 * callbacks, dropout, divergence and every activation.
 */
#include <float.h>

#include "test_util.h"

/* ------------------------------------------------------------------------ */
/* Helpers                                                                   */

static float history(const nn_model *m, size_t epoch, nn_metric metric)
{
    float v = NAN;
    ASSERT_OK(nn_model_history_get(m, epoch, metric, &v));
    return v;
}

/* A linear model in -> out with the given weights, compiled. */
static nn_model *make_linear(size_t in, size_t out, nn_optimizer opt,
                             nn_loss loss, float lr, const float *kernel,
                             const float *bias)
{
    nn_model *m = NULL;
    ASSERT_OK(nn_model_create(&m, in));
    ASSERT_OK(nn_model_add_dense(m, out, NN_ACT_LINEAR));
    ASSERT_OK(nn_model_compile(m, opt, loss, lr));
    if (kernel || bias)
        ASSERT_OK(nn_model_set_weights(m, 0, kernel, bias));
    return m;
}

/* ------------------------------------------------------------------------ */
/* Forward pass: every activation against its documented formula.           */

static double ref_act(nn_activation act, double z, double slope, double alpha)
{
    switch (act) {
    case NN_ACT_LINEAR: return z;
    case NN_ACT_RELU: return z > 0 ? z : 0;
    case NN_ACT_SIGMOID: return 1.0 / (1.0 + exp(-z));
    case NN_ACT_TANH: return tanh(z);
    case NN_ACT_LEAKY_RELU: return z > 0 ? z : slope * z;
    case NN_ACT_ELU: return z > 0 ? z : alpha * (exp(z) - 1.0);
    case NN_ACT_GELU: return z * (1.0 + erf(z / sqrt(2.0))) / 2.0;
    case NN_ACT_SOFTPLUS: return log1p(exp(z));
    case NN_ACT_SIN: return sin(z);
    case NN_ACT_GAUSSIAN: return exp(-z * z);
    case NN_ACT_SOFTMAX: break;
    }
    return NAN;
}

static void check_elementwise(nn_activation act, double slope, double alpha,
                              int set_params)
{
    static const float zs[] = {-30.0f, -5.0f, -1.5f, -1.0f, -0.3f, 0.0f,
                               0.2f,   0.7f,  1.0f,  2.5f,  6.0f,  30.0f};
    enum { N = ARRAY_LEN(zs) };
    float one = 1.0f, zero = 0.0f, out[N];
    nn_model *m = NULL;
    ASSERT_OK(nn_model_create(&m, 1));
    ASSERT_OK(nn_model_add_dense(m, 1, act));
    ASSERT_OK(nn_model_set_weights(m, 0, &one, &zero));
    if (set_params) {
        ASSERT_OK(nn_model_set_param(m, NN_PARAM_LEAKY_SLOPE, slope));
        ASSERT_OK(nn_model_set_param(m, NN_PARAM_ELU_ALPHA, alpha));
    }
    ASSERT_OK(nn_predict(m, zs, N, out));
    for (size_t i = 0; i < N; i++) {
        double want = ref_act(act, zs[i], slope, alpha);
        CHECK(fabs(out[i] - want) <= 1e-6 + 1e-5 * fabs(want),
              "activation %d at z=%g: got %.9g, want %.9g", (int)act,
              (double)zs[i], (double)out[i], want);
    }
    nn_model_destroy(m);
}

static void test_activation_forward(void **state)
{
    (void)state;
    for (int a = 0; a < NN_ACT_COUNT; a++)
        if (a != NN_ACT_SOFTMAX)
            check_elementwise((nn_activation)a, 0.3, 1.0, 0);
    /* Non-default slope and alpha. */
    check_elementwise(NN_ACT_LEAKY_RELU, 0.1, 1.0, 1);
    check_elementwise(NN_ACT_ELU, 0.3, 2.0, 1);

    /* Softmax per row, with an identity kernel; large logits must not
     * overflow. */
    const float eye[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1}, zero[3] = {0, 0, 0};
    const float z[4 * 3] = {0, 0, 0, 1, 2, 3, -5, 0.5f, 2, 100, 101, 80};
    float out[12];
    nn_model *m = NULL;
    ASSERT_OK(nn_model_create(&m, 3));
    ASSERT_OK(nn_model_add_dense(m, 3, NN_ACT_SOFTMAX));
    ASSERT_OK(nn_model_set_weights(m, 0, eye, zero));
    ASSERT_OK(nn_predict(m, z, 4, out));
    for (size_t r = 0; r < 4; r++) {
        double mx = z[r * 3], sum = 0;
        for (size_t c = 1; c < 3; c++)
            mx = fmax(mx, z[r * 3 + c]);
        for (size_t c = 0; c < 3; c++)
            sum += exp(z[r * 3 + c] - mx);
        for (size_t c = 0; c < 3; c++)
            ASSERT_CLOSE(out[r * 3 + c], exp(z[r * 3 + c] - mx) / sum, 1e-7,
                         1e-5);
    }
    nn_model_destroy(m);

    /* A bias is added before the activation, and x W uses the Keras
     * "in x units" layout. */
    const float k[2 * 3] = {1, 2, 3, 4, 5, 6}, b[3] = {0.5f, -1, 2};
    const float x[2] = {0.25f, -0.5f};
    ASSERT_OK(nn_model_create(&m, 2));
    ASSERT_OK(nn_model_add_dense(m, 3, NN_ACT_LINEAR));
    ASSERT_OK(nn_model_set_weights(m, 0, k, b));
    ASSERT_OK(nn_predict(m, x, 1, out));
    for (size_t j = 0; j < 3; j++)
        ASSERT_CLOSE(out[j], x[0] * k[j] + x[1] * k[3 + j] + b[j], 1e-6,
                     1e-6);
    nn_model_destroy(m);
}

/* ------------------------------------------------------------------------ */
/* nn_evaluate: every loss and accuracy against the documented formulas.    */

static void test_loss_values(void **state)
{
    (void)state;
    enum { N = 16, D = 3, K = 4 };
    test_rng r = {21};
    float *x = test_random_floats(&r, N * D, -2, 2);
    float *kernel = test_random_floats(&r, D * K, -1.5, 1.5);
    float *bias = test_random_floats(&r, K, -0.5, 0.5);
    const struct { nn_loss loss; nn_activation act; } cases[] = {
        {NN_LOSS_MSE, NN_ACT_LINEAR},
        {NN_LOSS_MAE, NN_ACT_TANH},
        {NN_LOSS_BINARY_CROSSENTROPY, NN_ACT_SIGMOID},
        {NN_LOSS_CATEGORICAL_CROSSENTROPY, NN_ACT_SOFTMAX},
        {NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, NN_ACT_SOFTMAX},
    };
    for (size_t c = 0; c < ARRAY_LEN(cases); c++) {
        nn_model *m = NULL;
        ASSERT_OK(nn_model_create(&m, D));
        ASSERT_OK(nn_model_add_dense(m, K, cases[c].act));
        ASSERT_OK(nn_model_compile(m, NN_OPT_ADAM, cases[c].loss, 0));
        ASSERT_OK(nn_model_set_weights(m, 0, kernel, bias));
        float a[N * K];
        ASSERT_OK(nn_predict(m, x, N, a));

        float y[N * K];
        double want_loss = 0, want_acc = NAN;
        size_t correct = 0;
        switch (cases[c].loss) {
        case NN_LOSS_MSE:
        case NN_LOSS_MAE:
            for (size_t i = 0; i < N * K; i++) {
                y[i] = test_rng_range(&r, -1, 1);
                double d = (double)a[i] - y[i];
                want_loss += cases[c].loss == NN_LOSS_MSE ? d * d : fabs(d);
            }
            want_loss /= N * K;
            break;
        case NN_LOSS_BINARY_CROSSENTROPY:
            for (size_t i = 0; i < N * K; i++) {
                y[i] = (float)(test_rng_next(&r) & 1);
                double p = a[i];
                want_loss -= y[i] ? log(p) : log(1 - p);
                correct += (p > 0.5) == (y[i] > 0.5f);
            }
            want_loss /= N * K;
            want_acc = (double)correct / (N * K);
            break;
        case NN_LOSS_CATEGORICAL_CROSSENTROPY:
        case NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY:
            for (size_t i = 0; i < N; i++) {
                size_t label = test_rng_below(&r, K), arg = 0;
                for (size_t k = 1; k < K; k++)
                    if (a[i * K + k] > a[i * K + arg])
                        arg = k;
                want_loss -= log(a[i * K + label]);
                correct += arg == label;
                if (cases[c].loss == NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY) {
                    y[i] = (float)label;
                } else {
                    for (size_t k = 0; k < K; k++)
                        y[i * K + k] = k == label ? 1.0f : 0.0f;
                }
            }
            want_loss /= N;
            want_acc = (double)correct / N;
            break;
        }
        float loss = NAN, acc = NAN;
        ASSERT_OK(nn_evaluate(m, x, y, N, &loss, &acc));
        ASSERT_CLOSE(loss, want_loss, 1e-6, 1e-4);
        if (isnan(want_acc))
            ASSERT_NAN(acc);
        else
            ASSERT_CLOSE(acc, want_acc, 1e-6, 0);
        nn_model_destroy(m);
    }
    free(x);
    free(kernel);
    free(bias);
}

/* ------------------------------------------------------------------------ */
/* Optimizer steps against the documented formulas, in double.              */

typedef struct ref_cfg {
    nn_optimizer opt;
    nn_loss loss; /* MSE or MAE */
    double lr;
    double momentum, nesterov, beta1, beta2, eps, rho, wd, clip;
} ref_cfg;

typedef struct ref_state {
    size_t in, out, np;
    double p[64], m[64], v[64]; /* p: kernel (in x out) then bias */
    unsigned t;
    double last_grad_norm;
} ref_state;

/* One optimizer step of a linear layer on @p rows rows. */
static void ref_step(ref_state *s, const ref_cfg *c, const float *x,
                     const float *y, size_t rows)
{
    double g[64] = {0};
    const size_t in = s->in, out = s->out, kb = in * out;
    for (size_t r = 0; r < rows; r++) {
        for (size_t j = 0; j < out; j++) {
            double a = s->p[kb + j];
            for (size_t i = 0; i < in; i++)
                a += (double)x[r * in + i] * s->p[i * out + j];
            double diff = a - y[r * out + j], d;
            if (c->loss == NN_LOSS_MSE)
                d = 2.0 * diff / (double)(rows * out);
            else
                d = (diff > 0 ? 1.0 : -1.0) / (double)(rows * out);
            for (size_t i = 0; i < in; i++)
                g[i * out + j] += x[r * in + i] * d;
            g[kb + j] += d;
        }
    }
    double norm = 0;
    for (size_t k = 0; k < s->np; k++)
        norm += g[k] * g[k];
    norm = sqrt(norm);
    s->last_grad_norm = norm;
    if (c->clip > 0 && norm > c->clip)
        for (size_t k = 0; k < s->np; k++)
            g[k] *= c->clip / norm;
    s->t++;
    for (size_t k = 0; k < s->np; k++) {
        double gk = g[k], w = s->p[k];
        switch (c->opt) {
        case NN_OPT_SGD:
            gk += c->wd * w;
            if (c->momentum > 0) {
                s->m[k] = c->momentum * s->m[k] + gk;
                if (c->nesterov)
                    s->p[k] = w - c->lr * (gk + c->momentum * s->m[k]);
                else
                    s->p[k] = w - c->lr * s->m[k];
            } else {
                s->p[k] = w - c->lr * gk;
            }
            break;
        case NN_OPT_ADAM:
        case NN_OPT_ADAMW: {
            if (c->opt == NN_OPT_ADAM)
                gk += c->wd * w;
            else
                w -= c->lr * c->wd * w; /* decoupled, applied first */
            s->m[k] = c->beta1 * s->m[k] + (1 - c->beta1) * gk;
            s->v[k] = c->beta2 * s->v[k] + (1 - c->beta2) * gk * gk;
            double mh = s->m[k] / (1 - pow(c->beta1, s->t));
            double vh = s->v[k] / (1 - pow(c->beta2, s->t));
            s->p[k] = w - c->lr * mh / (sqrt(vh) + c->eps);
            break;
        }
        case NN_OPT_RMSPROP:
            gk += c->wd * w;
            s->v[k] = c->rho * s->v[k] + (1 - c->rho) * gk * gk;
            s->p[k] = w - c->lr * gk / (sqrt(s->v[k]) + c->eps);
            break;
        }
    }
}

static ref_cfg ref_defaults(nn_optimizer opt, nn_loss loss, double lr)
{
    ref_cfg c = {opt, loss, lr, 0, 0, 0.9, 0.999, 1e-7, 0.9,
                 opt == NN_OPT_ADAMW ? 0.004 : 0.0, 0};
    return c;
}

/* Sets the model's hyper-parameters to those of @p c (lr included). */
static void apply_cfg(nn_model *m, const ref_cfg *c)
{
    ASSERT_OK(nn_model_set_param(m, NN_PARAM_LEARNING_RATE, c->lr));
    ASSERT_OK(nn_model_set_param(m, NN_PARAM_MOMENTUM, c->momentum));
    ASSERT_OK(nn_model_set_param(m, NN_PARAM_NESTEROV, c->nesterov));
    ASSERT_OK(nn_model_set_param(m, NN_PARAM_BETA1, c->beta1));
    ASSERT_OK(nn_model_set_param(m, NN_PARAM_BETA2, c->beta2));
    ASSERT_OK(nn_model_set_param(m, NN_PARAM_EPSILON, c->eps));
    ASSERT_OK(nn_model_set_param(m, NN_PARAM_RHO, c->rho));
    ASSERT_OK(nn_model_set_param(m, NN_PARAM_WEIGHT_DECAY, c->wd));
    ASSERT_OK(nn_model_set_param(m, NN_PARAM_CLIP_NORM, c->clip));
}

static void assert_model_matches_ref(const nn_model *m, const ref_state *s,
                                     const char *what)
{
    float k[64], b[64];
    ASSERT_OK(nn_model_get_weights(m, 0, k, b));
    for (size_t i = 0; i < s->np; i++) {
        double got = i < s->in * s->out ? k[i] : b[i - s->in * s->out];
        double want = s->p[i];
        CHECK(fabs(got - want) <= 2e-6 + 1e-4 * fabs(want),
              "%s: parameter %zu = %.9g, formula gives %.9g", what, i, got,
              want);
    }
}

typedef struct opt_case {
    const char *name;
    ref_cfg cfg;
    size_t rows, batch, epochs;
} opt_case;

static void run_opt_case(const opt_case *oc)
{
    enum { IN = 3, OUT = 2, MAXROWS = 8 };
    test_rng r = {31};
    float *x = test_random_floats(&r, MAXROWS * IN, -1, 1);
    float *y = test_random_floats(&r, MAXROWS * OUT, -2, 2);
    float *k0 = test_random_floats(&r, IN * OUT, -0.5, 0.5);
    float *b0 = test_random_floats(&r, OUT, -0.2, 0.2);
    assert_true(oc->rows <= MAXROWS);

    ref_state s = {IN, OUT, IN * OUT + OUT, {0}, {0}, {0}, 0, 0};
    for (size_t i = 0; i < IN * OUT; i++)
        s.p[i] = k0[i];
    for (size_t j = 0; j < OUT; j++)
        s.p[IN * OUT + j] = b0[j];

    nn_model *m = make_linear(IN, OUT, oc->cfg.opt, oc->cfg.loss,
                              (float)oc->cfg.lr, k0, b0);
    apply_cfg(m, &oc->cfg);
    nn_fit_options o = test_opts_noshuffle();
    ASSERT_OK(nn_fit(m, x, y, oc->rows, oc->epochs, oc->batch, &o));

    for (size_t e = 0; e < oc->epochs; e++)
        for (size_t start = 0; start < oc->rows; start += oc->batch) {
            size_t rows = oc->rows - start < oc->batch ? oc->rows - start
                                                       : oc->batch;
            ref_step(&s, &oc->cfg, x + start * IN, y + start * OUT, rows);
        }
    if (oc->cfg.clip > 0)
        CHECK(s.last_grad_norm > oc->cfg.clip, "%s: clipping never active",
              oc->name);
    assert_model_matches_ref(m, &s, oc->name);

    /* The weights did move (so the comparison can fail). */
    float k[IN * OUT];
    ASSERT_OK(nn_model_get_weights(m, 0, k, NULL));
    assert_memory_not_equal(k, k0, sizeof k);
    nn_model_destroy(m);
    free(x);
    free(y);
    free(k0);
    free(b0);
}

/* The origin story: one linear layer, MSE, SGD with rate alpha, one sample:
 * w' = w - alpha * dL/dw with dL/dw = 2 (a - y) x / outputs. */
static void test_sgd_one_step_by_hand(void **state)
{
    (void)state;
    const float alpha = 0.1f;
    const float k[3 * 2] = {0.5f, -0.25f, 0.125f, 1.0f, -0.75f, 0.3f};
    const float b[2] = {0.1f, -0.2f};
    const float x[3] = {1.0f, -2.0f, 0.5f}, y[2] = {2.0f, -1.0f};
    nn_model *m = make_linear(3, 2, NN_OPT_SGD, NN_LOSS_MSE, alpha, k, b);
    ASSERT_OK(nn_fit(m, x, y, 1, 1, 1, NULL));
    float k1[6], b1[2];
    ASSERT_OK(nn_model_get_weights(m, 0, k1, b1));
    for (size_t j = 0; j < 2; j++) {
        double a = b[j];
        for (size_t i = 0; i < 3; i++)
            a += (double)x[i] * k[i * 2 + j];
        double dl_da = 2.0 * (a - y[j]) / 2.0; /* 2 outputs */
        for (size_t i = 0; i < 3; i++)
            ASSERT_CLOSE(k1[i * 2 + j], k[i * 2 + j] - alpha * dl_da * x[i],
                         1e-6, 1e-5);
        ASSERT_CLOSE(b1[j], b[j] - alpha * dl_da, 1e-6, 1e-5);
    }
    nn_model_destroy(m);
}

static void test_optimizer_steps(void **state)
{
    (void)state;
    opt_case cases[] = {
        {"sgd 1 step", ref_defaults(NN_OPT_SGD, NN_LOSS_MSE, 0.1), 1, 1, 1},
        {"sgd batch mean", ref_defaults(NN_OPT_SGD, NN_LOSS_MSE, 0.1), 3, 3,
         1},
        {"sgd uneven last batch", ref_defaults(NN_OPT_SGD, NN_LOSS_MSE, 0.05),
         7, 3, 2},
        {"sgd batch larger than n", ref_defaults(NN_OPT_SGD, NN_LOSS_MSE, 0.1),
         5, 100, 2},
        {"sgd mae", ref_defaults(NN_OPT_SGD, NN_LOSS_MAE, 0.1), 2, 2, 1},
        {"sgd momentum", ref_defaults(NN_OPT_SGD, NN_LOSS_MSE, 0.05), 4, 1,
         1},
        {"sgd nesterov", ref_defaults(NN_OPT_SGD, NN_LOSS_MSE, 0.05), 4, 1,
         1},
        {"sgd l2", ref_defaults(NN_OPT_SGD, NN_LOSS_MSE, 0.1), 2, 1, 1},
        {"sgd clipnorm", ref_defaults(NN_OPT_SGD, NN_LOSS_MSE, 0.1), 2, 1, 1},
        {"adam 2 steps", ref_defaults(NN_OPT_ADAM, NN_LOSS_MSE, 0.01), 2, 1,
         1},
        {"adam eps after bias correction",
         ref_defaults(NN_OPT_ADAM, NN_LOSS_MSE, 0.01), 2, 1, 1},
        {"adam betas", ref_defaults(NN_OPT_ADAM, NN_LOSS_MSE, 0.01), 3, 1, 1},
        {"adam l2", ref_defaults(NN_OPT_ADAM, NN_LOSS_MSE, 0.01), 2, 1, 1},
        {"adamw", ref_defaults(NN_OPT_ADAMW, NN_LOSS_MSE, 0.01), 2, 1, 1},
        {"rmsprop", ref_defaults(NN_OPT_RMSPROP, NN_LOSS_MSE, 0.01), 3, 1, 1},
    };
    cases[5].cfg.momentum = 0.9;
    cases[6].cfg.momentum = 0.9;
    cases[6].cfg.nesterov = 1;
    cases[7].cfg.wd = 0.5;
    cases[8].cfg.clip = 0.05;
    cases[10].cfg.eps = 0.05; /* large enough to tell where it is added */
    cases[11].cfg.beta1 = 0.5;
    cases[11].cfg.beta2 = 0.8;
    cases[12].cfg.wd = 0.5;
    cases[13].cfg.wd = 0.5;
    cases[14].cfg.rho = 0.8;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++)
        run_opt_case(&cases[i]);
}

/* The learning rate may change between fits; fits do not reset the Adam
 * step count, compile does. */
static void test_optimizer_state_across_fits(void **state)
{
    (void)state;
    enum { IN = 3, OUT = 2 };
    test_rng r = {32};
    float *x = test_random_floats(&r, 4 * IN, -1, 1);
    float *y = test_random_floats(&r, 4 * OUT, -2, 2);
    float *k0 = test_random_floats(&r, IN * OUT, -0.5, 0.5);
    float b0[OUT] = {0.1f, -0.1f};
    ref_cfg c = ref_defaults(NN_OPT_ADAM, NN_LOSS_MSE, 0.01);
    ref_state s = {IN, OUT, IN * OUT + OUT, {0}, {0}, {0}, 0, 0};
    for (size_t i = 0; i < IN * OUT; i++)
        s.p[i] = k0[i];
    s.p[IN * OUT] = b0[0];
    s.p[IN * OUT + 1] = b0[1];

    nn_model *m = make_linear(IN, OUT, NN_OPT_ADAM, NN_LOSS_MSE, 0.01f, k0,
                              b0);
    ASSERT_OK(nn_fit(m, x, y, 1, 1, 1, NULL));
    ref_step(&s, &c, x, y, 1);
    assert_model_matches_ref(m, &s, "adam fit 1");

    ASSERT_OK(nn_model_set_param(m, NN_PARAM_LEARNING_RATE, 0.03));
    c.lr = 0.03;
    ASSERT_OK(nn_fit(m, x + IN, y + OUT, 1, 1, 1, NULL));
    ref_step(&s, &c, x + IN, y + OUT, 1);
    assert_model_matches_ref(m, &s, "adam fit 2, new lr, step 2");

    /* Re-compiling keeps the weights and restarts the optimizer. */
    ASSERT_OK(nn_model_compile(m, NN_OPT_ADAM, NN_LOSS_MSE, 0.02f));
    assert_model_matches_ref(m, &s, "after recompile");
    c.lr = 0.02;
    s.t = 0;
    memset(s.m, 0, sizeof s.m);
    memset(s.v, 0, sizeof s.v);
    ASSERT_OK(nn_fit(m, x + 2 * IN, y + 2 * OUT, 1, 1, 1, NULL));
    ref_step(&s, &c, x + 2 * IN, y + 2 * OUT, 1);
    assert_model_matches_ref(m, &s, "adam after recompile");
    nn_model_destroy(m);
    free(x);
    free(y);
    free(k0);
}

/* ------------------------------------------------------------------------ */
/* Problems learned                                                          */

static void test_xor(void **state)
{
    (void)state;
    const float x[8] = {0, 0, 0, 1, 1, 0, 1, 1};
    const float y[4] = {0, 1, 1, 0};
    nn_model *m = NULL;
    ASSERT_OK(nn_model_create(&m, 2));
    ASSERT_OK(nn_model_set_seed(m, 1234));
    ASSERT_OK(nn_model_add_dense(m, 4, NN_ACT_TANH));
    ASSERT_OK(nn_model_add_dense(m, 1, NN_ACT_SIGMOID));
    ASSERT_OK(nn_model_compile(m, NN_OPT_ADAM, NN_LOSS_BINARY_CROSSENTROPY,
                               0.05f));
    ASSERT_OK(nn_fit(m, x, y, 4, 1000, 4, NULL));
    float loss = NAN, acc = NAN, out[4];
    ASSERT_OK(nn_evaluate(m, x, y, 4, &loss, &acc));
    assert_true(acc == 1.0f);
    assert_true(loss < 0.1f);
    ASSERT_OK(nn_predict(m, x, 4, out));
    for (size_t i = 0; i < 4; i++)
        CHECK((out[i] > 0.5f) == (y[i] > 0.5f), "xor row %zu: %g for %g", i,
              (double)out[i], (double)y[i]);
    assert_int_equal(nn_model_history_len(m), 1000);
    ASSERT_CLOSE(history(m, 999, NN_METRIC_ACCURACY), 1.0, 0, 0);
    nn_model_destroy(m);
}

static void test_linear_regression(void **state)
{
    (void)state;
    enum { N = 256, IN = 3, OUT = 2 };
    const float w_star[IN * OUT] = {1.5f, -2.0f, 0.5f, 3.0f, -1.0f, 0.25f};
    const float b_star[OUT] = {0.7f, -1.3f};
    test_rng r = {41};
    float *x = test_random_floats(&r, N * IN, -1, 1);
    float *y = test_alloc_floats(N * OUT);
    for (size_t n = 0; n < N; n++)
        for (size_t j = 0; j < OUT; j++) {
            double a = b_star[j];
            for (size_t i = 0; i < IN; i++)
                a += (double)x[n * IN + i] * w_star[i * OUT + j];
            y[n * OUT + j] = (float)a;
        }
    nn_model *m = NULL;
    ASSERT_OK(nn_model_create(&m, IN));
    ASSERT_OK(nn_model_set_seed(m, 3));
    ASSERT_OK(nn_model_add_dense(m, OUT, NN_ACT_LINEAR));
    ASSERT_OK(nn_model_compile(m, NN_OPT_SGD, NN_LOSS_MSE, 0.1f));
    ASSERT_OK(nn_fit(m, x, y, N, 300, 16, NULL));
    float k[IN * OUT], b[OUT];
    ASSERT_OK(nn_model_get_weights(m, 0, k, b));
    for (size_t i = 0; i < IN * OUT; i++)
        ASSERT_CLOSE(k[i], w_star[i], 1e-2, 0);
    for (size_t j = 0; j < OUT; j++)
        ASSERT_CLOSE(b[j], b_star[j], 1e-2, 0);
    float loss = NAN;
    ASSERT_OK(nn_evaluate(m, x, y, N, &loss, NULL));
    assert_true(loss < 1e-4f);
    nn_model_destroy(m);
    free(x);
    free(y);
}

/* 10 classes, each a random binary 784-pixel template plus noise. */
static void make_templates_data(test_rng *r, const float *templates,
                                size_t n, float *x, float *y)
{
    for (size_t i = 0; i < n; i++) {
        size_t c = test_rng_below(r, 10);
        y[i] = (float)c;
        for (size_t p = 0; p < 784; p++)
            x[i * 784 + p] =
                templates[c * 784 + p] + (float)(0.3 * test_rng_gauss(r));
    }
}

static void test_origin_story(void **state)
{
    (void)state;
    enum { N = 2000, NT = 500 };
    test_rng r = {51};
    float *templates = test_alloc_floats(10 * 784);
    for (size_t i = 0; i < 10 * 784; i++)
        templates[i] = test_rng_uniform(&r) < 0.2 ? 1.0f : 0.0f;
    float *x = test_alloc_floats((size_t)N * 784), *y = test_alloc_floats(N);
    float *xt = test_alloc_floats((size_t)NT * 784);
    float *yt = test_alloc_floats(NT);
    make_templates_data(&r, templates, N, x, y);
    make_templates_data(&r, templates, NT, xt, yt);

    nn_model *m = NULL;
    ASSERT_OK(nn_model_create(&m, 784));
    ASSERT_OK(nn_model_add_dense(m, 10, NN_ACT_RELU));
    ASSERT_OK(nn_model_add_dense(m, 10, NN_ACT_RELU));
    ASSERT_OK(nn_model_add_dense(m, 10, NN_ACT_SOFTMAX));
    ASSERT_OK(nn_model_compile(m, NN_OPT_ADAM,
                               NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 0));
    assert_int_equal(nn_model_param_count(m),
                     784 * 10 + 10 + 10 * 10 + 10 + 10 * 10 + 10);
    float loss0 = NAN, acc0 = NAN;
    ASSERT_OK(nn_evaluate(m, xt, yt, NT, &loss0, &acc0));
    ASSERT_OK(nn_fit(m, x, y, N, 5, 32, NULL));
    assert_int_equal(nn_model_history_len(m), 5);
    float loss = NAN, acc = NAN;
    ASSERT_OK(nn_evaluate(m, xt, yt, NT, &loss, &acc));
    CHECK(acc >= 0.9f, "held-out accuracy %g (before training %g)",
          (double)acc, (double)acc0);
    assert_true(loss < loss0);
    assert_true(history(m, 4, NN_METRIC_ACCURACY) >= 0.9f);
    assert_true(history(m, 4, NN_METRIC_LOSS) < history(m, 0, NN_METRIC_LOSS));
    nn_model_destroy(m);
    free(templates);
    free(x);
    free(y);
    free(xt);
    free(yt);
}

static void test_every_activation_trains(void **state)
{
    (void)state;
    enum { N = 128, IN = 3 };
    test_rng r = {61};
    float *x = test_random_floats(&r, N * IN, -1, 1);
    float *y = test_alloc_floats(N);
    for (size_t i = 0; i < N; i++)
        y[i] = (float)(sin(2.0 * x[i * IN]) + x[i * IN + 1] * x[i * IN + 2]);
    for (int a = 0; a < NN_ACT_COUNT; a++) {
        nn_model *m = NULL;
        ASSERT_OK(nn_model_create(&m, IN));
        ASSERT_OK(nn_model_set_seed(m, 100 + (uint64_t)a));
        ASSERT_OK(nn_model_add_dense(m, 8, (nn_activation)a));
        ASSERT_OK(nn_model_add_dense(m, 8, (nn_activation)a));
        ASSERT_OK(nn_model_add_dense(m, 1, NN_ACT_LINEAR));
        ASSERT_OK(nn_model_compile(m, NN_OPT_ADAM, NN_LOSS_MSE, 0.01f));
        ASSERT_OK(nn_fit(m, x, y, N, 30, 16, NULL));
        float first = history(m, 0, NN_METRIC_LOSS);
        float last = history(m, 29, NN_METRIC_LOSS);
        CHECK(isfinite(first) && isfinite(last) && last < first,
              "activation %d: loss %g -> %g", a, (double)first, (double)last);
        size_t np = 0;
        float *w = test_get_all_weights(m, &np);
        CHECK(test_all_finite(w, np), "activation %d: non-finite weight", a);
        free(w);
        float *out = test_predict(m, x, N);
        CHECK(test_all_finite(out, N), "activation %d: non-finite output", a);
        free(out);
        nn_model_destroy(m);
    }
    free(x);
    free(y);
}

/* A step whose moments would overflow float is refused before anything
 * changes (found by fuzz_model_load: 0.001 g^2 overflowed while g was
 * finite, and the saved optimizer state could not be loaded). */
static void test_overflowing_step_refused(void **state)
{
    const nn_optimizer opts[] = {NN_OPT_ADAM, NN_OPT_ADAMW, NN_OPT_RMSPROP,
                                 NN_OPT_SGD};
    for (size_t k = 0; k < ARRAY_LEN(opts); k++) {
        nn_model *m = NULL;
        ASSERT_OK(nn_model_create(&m, 1));
        ASSERT_OK(nn_model_add_dense(m, 1, NN_ACT_LINEAR));
        ASSERT_OK(nn_model_compile(m, opts[k], NN_LOSS_MSE,
                                   opts[k] == NN_OPT_SGD ? 1e6f : 0));
        /* Adam/RMSprop: g^2 overflows the second moment; SGD: the update
         * itself, -1e6 * 2e35, overflows the weight */
        float kernel = opts[k] == NN_OPT_SGD ? 1e35f : 1e22f, bias = 0.0f;
        ASSERT_OK(nn_model_set_weights(m, 0, &kernel, &bias));
        float x = 1.0f, y = 0.0f;
        ASSERT_STATUS(nn_fit(m, &x, &y, 1, 1, 1, NULL), NN_ERR_NUMERIC);
        float after = NAN, after_bias = NAN;
        ASSERT_OK(nn_model_get_weights(m, 0, &after, &after_bias));
        CHECK(after == kernel && after_bias == bias,
              "optimizer %d changed the weights to %g, %g", (int)opts[k],
              (double)after, (double)after_bias);
        /* and the model still saves and loads */
        void *data = NULL;
        size_t size = 0;
        ASSERT_OK(nn_model_save_buffer(m, &data, &size));
        nn_model *loaded = NULL;
        ASSERT_OK(nn_model_load_buffer(&loaded, data, size));
        nn_model_destroy(loaded);
        nn_free(data);
        nn_model_destroy(m);
    }
}

static void test_divergence(void **state)
{
    (void)state;
    enum { N = 32, IN = 4 };
    test_rng r = {71};
    float *x = test_random_floats(&r, N * IN, -1, 1);
    float *y = test_random_floats(&r, N, 10, 100);
    nn_model *m = NULL;
    ASSERT_OK(nn_model_create(&m, IN));
    ASSERT_OK(nn_model_add_dense(m, 8, NN_ACT_LINEAR));
    ASSERT_OK(nn_model_add_dense(m, 1, NN_ACT_LINEAR));
    /* The largest learning rate accepted (1e30 if unbounded). */
    double lo = NAN, hi = NAN;
    ASSERT_OK(nn_param_bounds(NN_PARAM_LEARNING_RATE, &lo, &hi));
    float lr = isfinite(hi) && hi < 1e30 ? (float)hi : 1e30f;
    assert_true(lr >= 1e3f);
    ASSERT_OK(nn_model_compile(m, NN_OPT_SGD, NN_LOSS_MSE, lr));
    ASSERT_STATUS(nn_fit(m, x, y, N, 10, 8, NULL), NN_ERR_NUMERIC);
    CHECK(strstr(nn_last_error(), "nn_fit") != NULL, "message \"%s\"",
          nn_last_error());
    size_t np = 0;
    float *w = test_get_all_weights(m, &np);
    assert_true(test_all_finite(w, np));
    free(w);
    nn_model_destroy(m);
    free(x);
    free(y);
}

/* ------------------------------------------------------------------------ */
/* Initialisation and determinism                                            */

static void test_glorot_init(void **state)
{
    (void)state;
    nn_model *m = NULL;
    ASSERT_OK(nn_model_create(&m, 30));
    ASSERT_OK(nn_model_set_seed(m, 9));
    ASSERT_OK(nn_model_add_dense(m, 20, NN_ACT_RELU));
    ASSERT_OK(nn_model_add_dropout(m, 0.5f));
    ASSERT_OK(nn_model_add_dense(m, 10, NN_ACT_SOFTMAX));
    const struct { size_t layer, in, units; } layers[] = {{0, 30, 20},
                                                          {2, 20, 10}};
    for (size_t l = 0; l < ARRAY_LEN(layers); l++) {
        size_t nk = layers[l].in * layers[l].units;
        float *k = test_alloc_floats(nk), *b = test_alloc_floats(64);
        for (size_t j = 0; j < layers[l].units; j++)
            b[j] = 1.0f;
        ASSERT_OK(nn_model_get_weights(m, layers[l].layer, k, b));
        double limit = sqrt(6.0 / (double)(layers[l].in + layers[l].units));
        double sum_abs = 0, max_abs = 0;
        for (size_t i = 0; i < nk; i++) {
            CHECK(fabs(k[i]) <= limit * (1 + 1e-6), "|%g| > limit %g",
                  (double)k[i], limit);
            sum_abs += fabs(k[i]);
            max_abs = fmax(max_abs, fabs(k[i]));
        }
        /* Uniform on [-limit, limit]: mean |w| = limit / 2. */
        double mean_abs = sum_abs / (double)nk;
        CHECK(mean_abs > 0.4 * limit && mean_abs < 0.6 * limit,
              "mean |w| %g for limit %g", mean_abs, limit);
        assert_true(max_abs > 0.9 * limit);
        for (size_t j = 0; j < layers[l].units; j++)
            assert_true(b[j] == 0.0f);
        free(k);
        free(b);
    }
    nn_model_destroy(m);
}

static nn_model *make_det_model(uint64_t seed)
{
    nn_model *m = NULL;
    ASSERT_OK(nn_model_create(&m, 6));
    ASSERT_OK(nn_model_set_seed(m, seed));
    ASSERT_OK(nn_model_add_dense(m, 16, NN_ACT_RELU));
    ASSERT_OK(nn_model_add_dropout(m, 0.3f));
    ASSERT_OK(nn_model_add_dense(m, 8, NN_ACT_TANH));
    ASSERT_OK(nn_model_add_dense(m, 3, NN_ACT_SOFTMAX));
    ASSERT_OK(nn_model_compile(m, NN_OPT_ADAM,
                               NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 0.01f));
    return m;
}

static void test_determinism(void **state)
{
    (void)state;
    enum { N = 200 };
    test_rng r = {81};
    float *x = test_random_floats(&r, N * 6, -1, 1);
    float *y = test_alloc_floats(N);
    for (size_t i = 0; i < N; i++)
        y[i] = (float)((x[i * 6] > 0) + (x[i * 6 + 1] > 0.3f));

    nn_model *a = make_det_model(42), *b = make_det_model(42);
    nn_model *c = make_det_model(43);
    /* Initial weights: a function of the seed. */
    assert_true(test_same_weights(a, b));
    assert_false(test_same_weights(a, c));
    ASSERT_OK(nn_fit(a, x, y, N, 5, 16, NULL));
    ASSERT_OK(nn_fit(b, x, y, N, 5, 16, NULL));
    ASSERT_OK(nn_fit(c, x, y, N, 5, 16, NULL));
    assert_true(test_same_weights(a, b));
    assert_false(test_same_weights(a, c));
    for (size_t e = 0; e < 5; e++)
        assert_true(history(a, e, NN_METRIC_LOSS) ==
                    history(b, e, NN_METRIC_LOSS));
    float *pa = test_predict(a, x, N), *pb = test_predict(b, x, N);
    assert_memory_equal(pa, pb, N * 3 * sizeof(float));
    free(pa);
    free(pb);

    /* Once weights exist a new seed changes only shuffling and dropout:
     * same initial weights, different training. */
    nn_model *d = make_det_model(42), *e = make_det_model(42);
    ASSERT_OK(nn_model_set_seed(e, 7));
    assert_true(test_same_weights(d, e));
    ASSERT_OK(nn_fit(d, x, y, N, 2, 16, NULL));
    ASSERT_OK(nn_fit(e, x, y, N, 2, 16, NULL));
    assert_false(test_same_weights(d, e));

    /* Without shuffling or dropout the seed no longer matters after the
     * weights exist. */
    nn_model *f = NULL, *g = NULL;
    ASSERT_OK(nn_model_create(&f, 6));
    ASSERT_OK(nn_model_add_dense(f, 4, NN_ACT_TANH));
    ASSERT_OK(nn_model_add_dense(f, 3, NN_ACT_SOFTMAX));
    ASSERT_OK(nn_model_compile(f, NN_OPT_SGD,
                               NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 0));
    ASSERT_OK(nn_model_clone(f, &g));
    ASSERT_OK(nn_model_set_seed(g, 99));
    nn_fit_options o = test_opts_noshuffle();
    ASSERT_OK(nn_fit(f, x, y, N, 2, 16, &o));
    ASSERT_OK(nn_fit(g, x, y, N, 2, 16, &o));
    assert_true(test_same_weights(f, g));

    /* The default seed is 0. */
    nn_model *h = NULL, *z = NULL;
    ASSERT_OK(nn_model_create(&h, 6));
    ASSERT_OK(nn_model_add_dense(h, 4, NN_ACT_TANH));
    ASSERT_OK(nn_model_create(&z, 6));
    ASSERT_OK(nn_model_set_seed(z, 0));
    ASSERT_OK(nn_model_add_dense(z, 4, NN_ACT_TANH));
    assert_true(test_same_weights(h, z));

    nn_model *models[] = {a, b, c, d, e, f, g, h, z};
    for (size_t i = 0; i < ARRAY_LEN(models); i++)
        nn_model_destroy(models[i]);
    free(x);
    free(y);
}

/* ------------------------------------------------------------------------ */
/* History and validation                                                    */

static void test_history_regression(void **state)
{
    (void)state;
    enum { N = 64, IN = 3, OUT = 2, EPOCHS = 15 };
    test_rng r = {91};
    float *x = test_random_floats(&r, N * IN, -1, 1);
    float *y = test_alloc_floats(N * OUT);
    for (size_t i = 0; i < N; i++) {
        y[i * OUT] = 2 * x[i * IN] - x[i * IN + 1] + 0.5f;
        y[i * OUT + 1] = x[i * IN + 2] - 1.0f;
    }
    nn_model *m = make_linear(IN, OUT, NN_OPT_SGD, NN_LOSS_MSE, 0.05f, NULL,
                              NULL);
    /* Full batch: plain gradient descent on a convex problem. */
    ASSERT_OK(nn_fit(m, x, y, N, EPOCHS, N, NULL));
    assert_int_equal(nn_model_history_len(m), EPOCHS);
    for (size_t e = 0; e < EPOCHS; e++) {
        float loss = history(m, e, NN_METRIC_LOSS);
        assert_true(isfinite(loss));
        if (e > 0)
            CHECK(loss < history(m, e - 1, NN_METRIC_LOSS),
                  "epoch %zu: loss %g after %g", e, (double)loss,
                  (double)history(m, e - 1, NN_METRIC_LOSS));
        ASSERT_NAN(history(m, e, NN_METRIC_ACCURACY));
        ASSERT_NAN(history(m, e, NN_METRIC_VAL_LOSS));
        ASSERT_NAN(history(m, e, NN_METRIC_VAL_ACCURACY));
    }
    /* Each fit resets the history. */
    ASSERT_OK(nn_fit(m, x, y, N, 2, N, NULL));
    assert_int_equal(nn_model_history_len(m), 2);
    /* Epoch 0 of a full-batch fit records the loss before its step. */
    float before = NAN;
    nn_model *c = NULL;
    ASSERT_OK(nn_model_clone(m, &c));
    ASSERT_OK(nn_evaluate(c, x, y, N, &before, NULL));
    ASSERT_OK(nn_fit(c, x, y, N, 1, N, NULL));
    ASSERT_CLOSE(history(c, 0, NN_METRIC_LOSS), before, 1e-7, 1e-4);
    nn_model_destroy(c);
    nn_model_destroy(m);
    free(x);
    free(y);
}

typedef struct epoch_log {
    size_t calls;
    size_t stop_at; /* return non-zero at this epoch; SIZE_MAX never */
    nn_epoch_logs logs[64];
} epoch_log;

static int on_epoch_cb(void *user, const nn_epoch_logs *logs)
{
    epoch_log *l = user;
    if (l->calls < ARRAY_LEN(l->logs))
        l->logs[l->calls] = *logs;
    l->calls++;
    return logs->epoch == l->stop_at;
}

/* A binary problem: label = x0 + x1 > 0. */
static void make_binary(test_rng *r, size_t n, float **x, float **y)
{
    *x = test_random_floats(r, n * 2, -1, 1);
    *y = test_alloc_floats(n);
    for (size_t i = 0; i < n; i++)
        (*y)[i] = (*x)[i * 2] + (*x)[i * 2 + 1] > 0 ? 1.0f : 0.0f;
}

static nn_model *make_binary_model(uint64_t seed)
{
    nn_model *m = NULL;
    ASSERT_OK(nn_model_create(&m, 2));
    ASSERT_OK(nn_model_set_seed(m, seed));
    ASSERT_OK(nn_model_add_dense(m, 4, NN_ACT_TANH));
    ASSERT_OK(nn_model_add_dense(m, 1, NN_ACT_SIGMOID));
    ASSERT_OK(nn_model_compile(m, NN_OPT_ADAM, NN_LOSS_BINARY_CROSSENTROPY,
                               0.02f));
    return m;
}

static void test_history_validation(void **state)
{
    (void)state;
    enum { N = 100, EPOCHS = 6 };
    test_rng r = {92};
    float *x, *y;
    make_binary(&r, N, &x, &y);

    /* validation_split 0.25: the last 25 rows. */
    nn_model *m = make_binary_model(1);
    nn_fit_options o;
    ASSERT_OK(nn_fit_options_init(&o));
    o.validation_split = 0.25f;
    epoch_log log = {0, SIZE_MAX, {{0}}};
    o.on_epoch = on_epoch_cb;
    o.on_epoch_user = &log;
    ASSERT_OK(nn_fit(m, x, y, N, EPOCHS, 10, &o));
    assert_int_equal(nn_model_history_len(m), EPOCHS);
    assert_int_equal(log.calls, EPOCHS);
    for (size_t e = 0; e < EPOCHS; e++) {
        float acc = history(m, e, NN_METRIC_ACCURACY);
        float vl = history(m, e, NN_METRIC_VAL_LOSS);
        float va = history(m, e, NN_METRIC_VAL_ACCURACY);
        assert_true(isfinite(history(m, e, NN_METRIC_LOSS)));
        assert_true(acc >= 0 && acc <= 1);
        assert_true(isfinite(vl) && vl >= 0);
        assert_true(va >= 0 && va <= 1);
        /* The callback sees the same numbers. */
        const nn_epoch_logs *l = &log.logs[e];
        assert_int_equal(l->struct_size, sizeof(nn_epoch_logs));
        assert_int_equal(l->epoch, e);
        assert_int_equal(l->epochs, EPOCHS);
        assert_true(l->loss == history(m, e, NN_METRIC_LOSS));
        assert_true(l->accuracy == acc);
        assert_true(l->val_loss == vl);
        assert_true(l->val_accuracy == va);
        assert_true(l->seconds >= 0 && isfinite(l->seconds));
    }
    /* Validation happens after the epoch, on the last 25 rows. */
    float vloss = NAN, vacc = NAN;
    ASSERT_OK(nn_evaluate(m, x + 75 * 2, y + 75, 25, &vloss, &vacc));
    ASSERT_CLOSE(history(m, EPOCHS - 1, NN_METRIC_VAL_LOSS), vloss, 1e-6,
                 1e-4);
    ASSERT_CLOSE(history(m, EPOCHS - 1, NN_METRIC_VAL_ACCURACY), vacc, 1e-6,
                 0);
    nn_model_destroy(m);

    /* Explicit validation data overrides the split. */
    float *vx, *vy;
    make_binary(&r, 40, &vx, &vy);
    m = make_binary_model(2);
    ASSERT_OK(nn_fit_options_init(&o));
    o.validation_split = 0.5f;
    o.val_x = vx;
    o.val_y = vy;
    o.val_n = 40;
    ASSERT_OK(nn_fit(m, x, y, N, 3, 10, &o));
    ASSERT_OK(nn_evaluate(m, vx, vy, 40, &vloss, &vacc));
    ASSERT_CLOSE(history(m, 2, NN_METRIC_VAL_LOSS), vloss, 1e-6, 1e-4);
    ASSERT_CLOSE(history(m, 2, NN_METRIC_VAL_ACCURACY), vacc, 1e-6, 0);
    nn_model_destroy(m);

    /* The split rows are not trained on: full batch, no shuffling, equals
     * training on the first 75 rows only. */
    nn_model *a = make_binary_model(3), *b = make_binary_model(3);
    o = test_opts_noshuffle();
    o.validation_split = 0.25f;
    ASSERT_OK(nn_fit(a, x, y, N, 3, 1000, &o));
    o.validation_split = 0;
    ASSERT_OK(nn_fit(b, x, y, 75, 3, 1000, &o));
    size_t np = 0;
    float *wa = test_get_all_weights(a, &np), *wb = test_get_all_weights(b, 0);
    for (size_t i = 0; i < np; i++)
        ASSERT_CLOSE(wa[i], wb[i], 1e-6, 1e-5);
    free(wa);
    free(wb);
    nn_model_destroy(a);
    nn_model_destroy(b);
    free(x);
    free(y);
    free(vx);
    free(vy);
}

/* ------------------------------------------------------------------------ */
/* Early stopping                                                            */

/* 1 -> 1 linear, weights 0; training targets y = 3x, validation y = -3x:
 * every epoch of full-batch descent makes the validation loss worse, so the
 * best epoch is the first. */
static const float es_x[4] = {-1.0f, -0.5f, 0.5f, 1.0f};
static const float es_y[4] = {-3.0f, -1.5f, 1.5f, 3.0f};
static const float es_vy[4] = {3.0f, 1.5f, -1.5f, -3.0f};

static nn_model *make_es_model(float lr)
{
    const float zero = 0.0f;
    return make_linear(1, 1, NN_OPT_SGD, NN_LOSS_MSE, lr, &zero, &zero);
}

static nn_fit_options es_opts(size_t patience, int restore)
{
    nn_fit_options o = test_opts_noshuffle();
    o.val_x = es_x;
    o.val_y = es_vy;
    o.val_n = 4;
    o.patience = patience;
    o.restore_best_weights = restore;
    return o;
}

static void test_early_stopping(void **state)
{
    (void)state;
    /* restore_best_weights: stops after patience epochs without
     * improvement and goes back to epoch 0's weights. */
    nn_model *a = make_es_model(0.1f);
    nn_fit_options o = es_opts(2, 1);
    ASSERT_OK(nn_fit(a, es_x, es_y, 4, 50, 4, &o));
    assert_int_equal(nn_model_history_len(a), 3);
    assert_true(history(a, 1, NN_METRIC_VAL_LOSS) >
                history(a, 0, NN_METRIC_VAL_LOSS));
    assert_true(history(a, 2, NN_METRIC_VAL_LOSS) >
                history(a, 1, NN_METRIC_VAL_LOSS));
    nn_model *best = make_es_model(0.1f);
    nn_fit_options plain = test_opts_noshuffle();
    ASSERT_OK(nn_fit(best, es_x, es_y, 4, 1, 4, &plain));
    assert_true(test_same_weights(a, best));

    /* Without restoring: the last epoch's weights. */
    nn_model *c = make_es_model(0.1f);
    o = es_opts(2, 0);
    ASSERT_OK(nn_fit(c, es_x, es_y, 4, 50, 4, &o));
    assert_int_equal(nn_model_history_len(c), 3);
    nn_model *last = make_es_model(0.1f);
    ASSERT_OK(nn_fit(last, es_x, es_y, 4, 3, 4, &plain));
    assert_true(test_same_weights(c, last));
    assert_false(test_same_weights(c, a));

    /* A plateau of the training loss (no validation data: the monitor
     * falls back to the loss). */
    nn_model *p = make_es_model(1e-10f);
    o = test_opts_noshuffle();
    o.patience = 3;
    o.min_delta = 0.01f;
    ASSERT_OK(nn_fit(p, es_x, es_y, 4, 100, 4, &o));
    assert_int_equal(nn_model_history_len(p), 4);

    /* The same plateau with patience 0 (off) runs every epoch. */
    nn_model *q = make_es_model(1e-10f);
    o.patience = 0;
    ASSERT_OK(nn_fit(q, es_x, es_y, 4, 20, 4, &o));
    assert_int_equal(nn_model_history_len(q), 20);

    nn_model *models[] = {a, best, c, last, p, q};
    for (size_t i = 0; i < ARRAY_LEN(models); i++)
        nn_model_destroy(models[i]);
}

/* ------------------------------------------------------------------------ */
/* Callbacks                                                                 */

typedef struct batch_log {
    size_t calls, cancel_at; /* cancel on call number cancel_at (1-based) */
    size_t epoch[256], batch[256], batches[256];
    float loss[256];
} batch_log;

static int on_batch_cb(void *user, size_t epoch, size_t batch, size_t batches,
                       float loss, float accuracy)
{
    (void)accuracy;
    batch_log *l = user;
    if (l->calls < 256) {
        l->epoch[l->calls] = epoch;
        l->batch[l->calls] = batch;
        l->batches[l->calls] = batches;
        l->loss[l->calls] = loss;
    }
    l->calls++;
    return l->calls == l->cancel_at;
}

static void test_callbacks(void **state)
{
    (void)state;
    enum { N = 24, IN = 3, OUT = 2 };
    test_rng r = {101};
    float *x = test_random_floats(&r, N * IN, -1, 1);
    float *y = test_random_floats(&r, N * OUT, -1, 1);
    float *k0 = test_random_floats(&r, IN * OUT, -1, 1);

    /* Every batch reported, the last one smaller: 24 rows / 5 = 5 batches. */
    nn_model *m = make_linear(IN, OUT, NN_OPT_SGD, NN_LOSS_MSE, 0.05f, k0,
                              NULL);
    batch_log *bl = calloc(1, sizeof *bl);
    assert_non_null(bl);
    bl->cancel_at = SIZE_MAX;
    nn_fit_options o = test_opts_noshuffle();
    o.on_batch = on_batch_cb;
    o.on_batch_user = bl;
    ASSERT_OK(nn_fit(m, x, y, N, 2, 5, &o));
    assert_int_equal(bl->calls, 10);
    for (size_t i = 0; i < 10; i++) {
        assert_int_equal(bl->epoch[i], i / 5);
        assert_int_equal(bl->batch[i], i % 5);
        assert_int_equal(bl->batches[i], 5);
        assert_true(isfinite(bl->loss[i]));
    }
    nn_model_destroy(m);

    /* Cancelling on the third batch: NN_ERR_CANCELLED, keeping the three
     * completed steps (= one epoch over the first 3 batches). */
    m = make_linear(IN, OUT, NN_OPT_SGD, NN_LOSS_MSE, 0.05f, k0, NULL);
    memset(bl, 0, sizeof *bl);
    bl->cancel_at = 3;
    ASSERT_STATUS(nn_fit(m, x, y, N, 4, 4, &o), NN_ERR_CANCELLED);
    assert_int_equal(bl->calls, 3);
    assert_int_equal(bl->batches[0], 6);
    nn_model *ref = make_linear(IN, OUT, NN_OPT_SGD, NN_LOSS_MSE, 0.05f, k0,
                                NULL);
    nn_fit_options plain = test_opts_noshuffle();
    ASSERT_OK(nn_fit(ref, x, y, 12, 1, 4, &plain));
    assert_true(test_same_weights(m, ref));
    nn_model_destroy(m);
    nn_model_destroy(ref);

    /* Stopping from on_epoch: NN_OK, history of the epochs done. */
    m = make_linear(IN, OUT, NN_OPT_SGD, NN_LOSS_MSE, 0.05f, k0, NULL);
    epoch_log el = {0, 2, {{0}}};
    o = test_opts_noshuffle();
    o.on_epoch = on_epoch_cb;
    o.on_epoch_user = &el;
    ASSERT_OK(nn_fit(m, x, y, N, 10, 4, &o));
    assert_int_equal(el.calls, 3);
    assert_int_equal(nn_model_history_len(m), 3);
    for (size_t e = 0; e < 3; e++) {
        assert_int_equal(el.logs[e].epoch, e);
        assert_int_equal(el.logs[e].epochs, 10);
        ASSERT_NAN(el.logs[e].val_loss);
        ASSERT_NAN(el.logs[e].accuracy);
    }
    ref = make_linear(IN, OUT, NN_OPT_SGD, NN_LOSS_MSE, 0.05f, k0, NULL);
    ASSERT_OK(nn_fit(ref, x, y, N, 3, 4, &plain));
    assert_true(test_same_weights(m, ref));
    nn_model_destroy(m);
    nn_model_destroy(ref);

    /* A batch larger than the data is one full batch. */
    m = make_linear(IN, OUT, NN_OPT_SGD, NN_LOSS_MSE, 0.05f, k0, NULL);
    memset(bl, 0, sizeof *bl);
    bl->cancel_at = SIZE_MAX;
    o = test_opts_noshuffle();
    o.on_batch = on_batch_cb;
    o.on_batch_user = bl;
    ASSERT_OK(nn_fit(m, x, y, N, 2, 1000, &o));
    assert_int_equal(bl->calls, 2);
    assert_int_equal(bl->batches[0], 1);
    nn_model_destroy(m);
    free(bl);
    free(x);
    free(y);
    free(k0);
}

/* ------------------------------------------------------------------------ */
/* Dropout                                                                   */

static void test_dropout_inference_identity(void **state)
{
    (void)state;
    enum { N = 50 };
    test_rng r = {111};
    float *x = test_random_floats(&r, N * 5, -1, 1);
    float *y = test_random_floats(&r, N * 2, -1, 1);
    nn_model *a = NULL, *b = NULL;
    ASSERT_OK(nn_model_create(&a, 5));
    ASSERT_OK(nn_model_add_dropout(a, 0.5f));
    ASSERT_OK(nn_model_add_dense(a, 8, NN_ACT_RELU));
    ASSERT_OK(nn_model_add_dropout(a, 0.3f));
    ASSERT_OK(nn_model_add_dense(a, 2, NN_ACT_LINEAR));
    ASSERT_OK(nn_model_compile(a, NN_OPT_ADAM, NN_LOSS_MSE, 0.01f));
    ASSERT_OK(nn_fit(a, x, y, N, 3, 8, NULL));

    ASSERT_OK(nn_model_create(&b, 5));
    ASSERT_OK(nn_model_add_dense(b, 8, NN_ACT_RELU));
    ASSERT_OK(nn_model_add_dense(b, 2, NN_ACT_LINEAR));
    ASSERT_OK(nn_model_compile(b, NN_OPT_ADAM, NN_LOSS_MSE, 0.01f));
    float *w = test_get_all_weights(a, NULL);
    test_set_all_weights(b, w);
    free(w);

    float *p1 = test_predict(a, x, N), *p2 = test_predict(a, x, N);
    float *pb = test_predict(b, x, N);
    assert_memory_equal(p1, p2, N * 2 * sizeof(float));
    assert_memory_equal(p1, pb, N * 2 * sizeof(float));
    float la = NAN, lb = NAN, la2 = NAN;
    ASSERT_OK(nn_evaluate(a, x, y, N, &la, NULL));
    ASSERT_OK(nn_evaluate(a, x, y, N, &la2, NULL));
    ASSERT_OK(nn_evaluate(b, x, y, N, &lb, NULL));
    assert_true(la == la2);
    assert_true(la == lb);
    free(p1);
    free(p2);
    free(pb);
    nn_model_destroy(a);
    nn_model_destroy(b);
    free(x);
    free(y);
}

static void test_dropout_changes_training(void **state)
{
    (void)state;
    enum { N = 40 };
    test_rng r = {112};
    float *x = test_random_floats(&r, N * 5, -1, 1);
    float *y = test_random_floats(&r, N, -1, 1);
    nn_model *m[2];
    const float rates[2] = {0.5f, 0.0f};
    for (size_t i = 0; i < 2; i++) {
        ASSERT_OK(nn_model_create(&m[i], 5));
        ASSERT_OK(nn_model_set_seed(m[i], 5));
        ASSERT_OK(nn_model_add_dense(m[i], 8, NN_ACT_TANH));
        ASSERT_OK(nn_model_add_dropout(m[i], rates[i]));
        ASSERT_OK(nn_model_add_dense(m[i], 1, NN_ACT_LINEAR));
        ASSERT_OK(nn_model_compile(m[i], NN_OPT_SGD, NN_LOSS_MSE, 0.1f));
    }
    float *w = test_get_all_weights(m[0], NULL);
    test_set_all_weights(m[1], w);
    free(w);
    nn_fit_options o = test_opts_noshuffle();
    ASSERT_OK(nn_fit(m[0], x, y, N, 2, 4, &o));
    ASSERT_OK(nn_fit(m[1], x, y, N, 2, 4, &o));
    assert_false(test_same_weights(m[0], m[1]));

    /* A rate of 0 trains exactly like no dropout layer at all. */
    nn_model *plain = NULL;
    ASSERT_OK(nn_model_create(&plain, 5));
    ASSERT_OK(nn_model_add_dense(plain, 8, NN_ACT_TANH));
    ASSERT_OK(nn_model_add_dense(plain, 1, NN_ACT_LINEAR));
    ASSERT_OK(nn_model_compile(plain, NN_OPT_SGD, NN_LOSS_MSE, 0.1f));
    nn_model *fresh = NULL;
    ASSERT_OK(nn_model_create(&fresh, 5));
    ASSERT_OK(nn_model_set_seed(fresh, 5));
    ASSERT_OK(nn_model_add_dense(fresh, 8, NN_ACT_TANH));
    ASSERT_OK(nn_model_add_dropout(fresh, 0.0f));
    ASSERT_OK(nn_model_add_dense(fresh, 1, NN_ACT_LINEAR));
    ASSERT_OK(nn_model_compile(fresh, NN_OPT_SGD, NN_LOSS_MSE, 0.1f));
    w = test_get_all_weights(fresh, NULL);
    test_set_all_weights(plain, w);
    free(w);
    ASSERT_OK(nn_fit(fresh, x, y, N, 2, 4, &o));
    ASSERT_OK(nn_fit(plain, x, y, N, 2, 4, &o));
    size_t np = 0;
    float *wf = test_get_all_weights(fresh, &np);
    float *wp = test_get_all_weights(plain, NULL);
    for (size_t i = 0; i < np; i++)
        ASSERT_CLOSE(wf[i], wp[i], 1e-6, 1e-5);
    free(wf);
    free(wp);
    nn_model_destroy(plain);
    nn_model_destroy(fresh);
    nn_model_destroy(m[0]);
    nn_model_destroy(m[1]);
    free(x);
    free(y);
}

/* Inverted dropout on the input of a linear layer, one SGD step on one
 * sample: the kernel row i moves by -lr g x~_i with x~_i = 0 (dropped, with
 * probability rate) or x_i / (1 - rate), and the bias by -lr g. */
static void test_dropout_inverted_scaling(void **state)
{
    (void)state;
    enum { IN = 400 };
    const float rate = 0.25f, lr = 0.01f;
    test_rng r = {113};
    float *x = test_random_floats(&r, IN, 0.5, 1.5);
    float *k0 = test_random_floats(&r, IN, -0.05, 0.05);
    float b0 = 0.0f, y = 50.0f;
    nn_model *m = NULL;
    ASSERT_OK(nn_model_create(&m, IN));
    ASSERT_OK(nn_model_set_seed(m, 17));
    ASSERT_OK(nn_model_add_dropout(m, rate));
    ASSERT_OK(nn_model_add_dense(m, 1, NN_ACT_LINEAR));
    ASSERT_OK(nn_model_compile(m, NN_OPT_SGD, NN_LOSS_MSE, lr));
    ASSERT_OK(nn_model_set_weights(m, 1, k0, &b0));
    ASSERT_OK(nn_fit(m, x, &y, 1, 1, 1, NULL));
    float *k1 = test_alloc_floats(IN), b1 = NAN;
    ASSERT_OK(nn_model_get_weights(m, 1, k1, &b1));
    double db = (double)b1 - b0;
    assert_true(fabs(db) > 1e-3);
    size_t dropped = 0;
    for (size_t i = 0; i < IN; i++) {
        double xt = ((double)k1[i] - k0[i]) / db; /* x~_i */
        if (fabs(xt) < 1e-3) {
            dropped++;
        } else {
            CHECK(fabs(xt - x[i] / (1.0 - rate)) < 2e-3 * fabs(x[i]),
                  "input %zu: effective %g, x %g, expected x/(1-rate) %g", i,
                  xt, (double)x[i], x[i] / (1.0 - rate));
        }
    }
    double frac = (double)dropped / IN;
    CHECK(frac > rate - 0.1 && frac < rate + 0.1,
          "dropped fraction %g for rate %g", frac, (double)rate);
    free(k1);
    free(k0);
    free(x);
    nn_model_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_activation_forward),
        cmocka_unit_test(test_loss_values),
        cmocka_unit_test(test_sgd_one_step_by_hand),
        cmocka_unit_test(test_optimizer_steps),
        cmocka_unit_test(test_optimizer_state_across_fits),
        cmocka_unit_test(test_xor),
        cmocka_unit_test(test_linear_regression),
        cmocka_unit_test(test_origin_story),
        cmocka_unit_test(test_every_activation_trains),
        cmocka_unit_test(test_divergence),
        cmocka_unit_test(test_overflowing_step_refused),
        cmocka_unit_test(test_glorot_init),
        cmocka_unit_test(test_determinism),
        cmocka_unit_test(test_history_regression),
        cmocka_unit_test(test_history_validation),
        cmocka_unit_test(test_early_stopping),
        cmocka_unit_test(test_callbacks),
        cmocka_unit_test(test_dropout_inference_identity),
        cmocka_unit_test(test_dropout_changes_training),
        cmocka_unit_test(test_dropout_inverted_scaling),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
