/*
 * model.c - the model object: its layer list, the parameter arena, compile
 * settings and hyper-parameters, weights in and out, and copies.
 */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <string.h>

#include "internal.h"

/* ------------------------------------------------------------------------ */
/* hyper-parameters                                                          */

typedef struct nn__param_info {
    const char *name;
    double min, max;
    unsigned char min_open, max_open, integral;
} nn__param_info;

static const nn__param_info nn__params[NN_PARAM_COUNT] = {
    [NN_PARAM_LEARNING_RATE] = {"learning_rate", 0.0, 1e6, 1, 0, 0},
    [NN_PARAM_MOMENTUM] = {"momentum", 0.0, 1.0, 0, 1, 0},
    [NN_PARAM_NESTEROV] = {"nesterov", 0.0, 1.0, 0, 0, 1},
    [NN_PARAM_BETA1] = {"beta1", 0.0, 1.0, 0, 1, 0},
    [NN_PARAM_BETA2] = {"beta2", 0.0, 1.0, 0, 1, 0},
    /* a float must hold it: below ~1e-38 it would flush towards 0 */
    [NN_PARAM_EPSILON] = {"epsilon", 1e-30, 1.0, 0, 0, 0},
    [NN_PARAM_RHO] = {"rho", 0.0, 1.0, 0, 1, 0},
    [NN_PARAM_WEIGHT_DECAY] = {"weight_decay", 0.0, 1e3, 0, 0, 0},
    [NN_PARAM_CLIP_NORM] = {"clip_norm", 0.0, FLT_MAX, 0, 0, 0},
    [NN_PARAM_LEAKY_SLOPE] = {"leaky_slope", 0.0, 1.0, 0, 0, 0},
    [NN_PARAM_ELU_ALPHA] = {"elu_alpha", 0.0, 100.0, 0, 0, 0},
};

static double nn__param_default(nn_optimizer opt, nn_param p)
{
    switch (p) {
    case NN_PARAM_LEARNING_RATE:
        return opt == NN_OPT_SGD ? 0.01 : 1e-3;
    case NN_PARAM_BETA1:
        return 0.9;
    case NN_PARAM_BETA2:
        return 0.999;
    case NN_PARAM_EPSILON:
        return 1e-7;
    case NN_PARAM_RHO:
        return 0.9;
    case NN_PARAM_WEIGHT_DECAY:
        return opt == NN_OPT_ADAMW ? 0.004 : 0.0;
    case NN_PARAM_LEAKY_SLOPE:
        return 0.3;
    case NN_PARAM_ELU_ALPHA:
        return 1.0;
    default: /* momentum, nesterov, clip norm: off */
        return 0.0;
    }
}

double nn__model_param(const nn_model *m, nn_param p)
{
    return m->param_set[p] ? m->param[p] : nn__param_default(m->opt, p);
}

nn__act_params nn__model_act_params(const nn_model *m)
{
    nn__act_params p;
    p.leaky_slope = (float)nn__model_param(m, NN_PARAM_LEAKY_SLOPE);
    p.elu_alpha = (float)nn__model_param(m, NN_PARAM_ELU_ALPHA);
    return p;
}

nn_status nn_param_bounds(nn_param param, double *min, double *max)
{
    if (min)
        *min = NAN;
    if (max)
        *max = NAN;
    if (!min || !max)
        return nn__fail(NN_ERR_INVALID_ARG, "nn_param_bounds: %s is NULL",
                        !min ? "min" : "max");
    if ((unsigned)param >= NN_PARAM_COUNT)
        return nn__fail(NN_ERR_INVALID_ARG,
                        "nn_param_bounds: unknown parameter %d", (int)param);
    *min = nn__params[param].min;
    *max = nn__params[param].max;
    return NN_OK;
}

/* Shared with the file loader, which must apply the same rules. */
static nn_status nn__param_check(const char *fn, nn_param param, double value)
{
    if ((unsigned)param >= NN_PARAM_COUNT)
        return nn__fail(NN_ERR_INVALID_ARG, "%s: unknown parameter %d", fn,
                        (int)param);
    const nn__param_info *info = &nn__params[param];
    int ok = !isnan(value) && value >= info->min && value <= info->max &&
             !(info->min_open && value == info->min) &&
             !(info->max_open && value == info->max) &&
             !(info->integral && value != floor(value));
    if (!ok)
        return nn__fail(NN_ERR_INVALID_ARG,
                        "%s: %s = %g is outside %c%g, %g%c%s", fn, info->name,
                        value, info->min_open ? '(' : '[', info->min,
                        info->max, info->max_open ? ')' : ']',
                        info->integral ? " or not an integer" : "");
    return NN_OK;
}

nn_status nn_model_set_param(nn_model *m, nn_param param, double value)
{
    NN_TRY(nn__check_model(m, __func__));
    NN_TRY(nn__param_check(__func__, param, value));
    m->param[param] = value;
    m->param_set[param] = 1;
    return NN_OK;
}

nn_status nn_model_get_param(const nn_model *m, nn_param param, double *value)
{
    if (value)
        *value = NAN;
    NN_TRY(nn__check_model(m, __func__));
    if (!value)
        return nn__fail(NN_ERR_INVALID_ARG, "%s: value is NULL", __func__);
    if ((unsigned)param >= NN_PARAM_COUNT)
        return nn__fail(NN_ERR_INVALID_ARG, "%s: unknown parameter %d",
                        __func__, (int)param);
    *value = nn__model_param(m, param);
    return NN_OK;
}

/* ------------------------------------------------------------------------ */
/* life cycle                                                                */

nn_status nn__check_model(const nn_model *m, const char *fn)
{
    if (!m)
        return nn__fail(NN_ERR_INVALID_ARG, "%s: model is NULL", fn);
    return NN_OK;
}

nn_status nn_model_create(nn_model **out, size_t input_dim)
{
    if (!out)
        return nn__fail(NN_ERR_INVALID_ARG, "%s: out is NULL", __func__);
    *out = NULL;
    if (input_dim == 0 || input_dim > INT_MAX)
        return nn__fail(NN_ERR_INVALID_ARG,
                        "%s: input_dim %zu is outside [1, %d]", __func__,
                        input_dim, INT_MAX);
    nn_model *m = nn__calloc(1, sizeof *m);
    if (!m)
        return nn__fail(NN_ERR_NOMEM, "%s: out of memory", __func__);
    m->input_dim = input_dim;
    m->opt = NN_OPT_SGD;
    m->loss = NN_LOSS_MSE;
    m->seed = 0;
    m->es_best = NAN; /* no training run yet */
    nn__rng_seed(&m->rng, m->seed);
    *out = m;
    return NN_OK;
}

void nn__workspace_free(nn__workspace *ws)
{
    nn__free(ws->block);
    nn__free(ws->z);
    nn__free(ws->a);
    nn__free(ws->perm);
    memset(ws, 0, sizeof *ws);
}

void nn_model_destroy(nn_model *m)
{
    if (!m)
        return;
    nn__workspace_free(&m->ws);
    nn__free(m->layers);
    nn__free(m->params);
    nn__free(m->grads);
    nn__free(m->opt_m);
    nn__free(m->opt_v);
    nn__free(m->history);
    nn__free(m->es_best_params);
    nn__metadata_free(m);
    nn__free(m);
}

nn_status nn_model_set_seed(nn_model *m, uint64_t seed)
{
    NN_TRY(nn__check_model(m, __func__));
    m->seed = seed;
    nn__rng_seed(&m->rng, seed);
    return NN_OK;
}

/* ------------------------------------------------------------------------ */
/* layers                                                                    */

size_t nn_model_output_dim(const nn_model *m)
{
    if (!m)
        return 0;
    return m->n_layers ? m->layers[m->n_layers - 1].units : m->input_dim;
}

static nn_status nn__append_layer(nn_model *m, const char *fn,
                                  const nn__layer *layer)
{
    if (m->params)
        return nn__fail(NN_ERR_STATE,
                        "%s: the weights already exist; layers can only be "
                        "added before compile, predict or weight access",
                        fn);
    if (m->n_layers == m->layers_cap) {
        size_t cap = m->layers_cap ? 2 * m->layers_cap : 4;
        nn__layer *grown = nn__realloc(m->layers, cap * sizeof *grown);
        if (!grown)
            return nn__fail(NN_ERR_NOMEM, "%s: out of memory", fn);
        m->layers = grown;
        m->layers_cap = cap;
    }
    m->layers[m->n_layers++] = *layer;
    return NN_OK;
}

nn_status nn_model_add_dense(nn_model *m, size_t units, nn_activation act)
{
    NN_TRY(nn__check_model(m, __func__));
    if (units == 0 || units > INT_MAX)
        return nn__fail(NN_ERR_INVALID_ARG, "%s: units %zu is outside [1, %d]",
                        __func__, units, INT_MAX);
    if ((unsigned)act >= NN_ACT_COUNT)
        return nn__fail(NN_ERR_INVALID_ARG, "%s: unknown activation %d",
                        __func__, (int)act);
    nn__layer layer = {0};
    layer.kind = NN_LAYER_DENSE;
    layer.act = act;
    layer.in = nn_model_output_dim(m);
    layer.units = units;
    size_t kernel, total;
    if (nn__mul_overflows(layer.in, units, &kernel) ||
        kernel > SIZE_MAX - units || kernel + units > SIZE_MAX - m->n_params ||
        nn__mul_overflows(kernel + units + m->n_params, sizeof(float), &total))
        return nn__fail(NN_ERR_INVALID_ARG,
                        "%s: a %zu x %zu layer makes the parameter count "
                        "overflow",
                        __func__, layer.in, units);
    layer.kernel_off = m->n_params;
    layer.bias_off = m->n_params + kernel;
    NN_TRY(nn__append_layer(m, __func__, &layer));
    m->n_params += kernel + units;
    return NN_OK;
}

nn_status nn_model_add_dropout(nn_model *m, float rate)
{
    NN_TRY(nn__check_model(m, __func__));
    if (!(rate >= 0.0f && rate < 1.0f))
        return nn__fail(NN_ERR_INVALID_ARG, "%s: rate %g is outside [0, 1)",
                        __func__, (double)rate);
    nn__layer layer = {0};
    layer.kind = NN_LAYER_DROPOUT;
    layer.rate = rate;
    layer.in = layer.units = nn_model_output_dim(m);
    return nn__append_layer(m, __func__, &layer);
}

size_t nn__model_widest(const nn_model *m)
{
    size_t widest = m->input_dim;
    for (size_t i = 0; i < m->n_layers; i++)
        widest = m->layers[i].units > widest ? m->layers[i].units : widest;
    return widest;
}

size_t nn__model_last_dense(const nn_model *m)
{
    for (size_t i = m->n_layers; i-- > 0;)
        if (m->layers[i].kind == NN_LAYER_DENSE)
            return i;
    return SIZE_MAX;
}

/* ------------------------------------------------------------------------ */
/* weights                                                                   */

nn_status nn__model_materialize(nn_model *m, const char *fn)
{
    if (m->params)
        return NN_OK;
    if (nn__model_last_dense(m) == SIZE_MAX)
        return nn__fail(NN_ERR_STATE, "%s: the model has no dense layer", fn);
    float *params = nn__malloc_array(m->n_params, sizeof *params);
    if (!params)
        return nn__fail(NN_ERR_NOMEM,
                        "%s: out of memory for %zu parameters", fn,
                        m->n_params);
    /* Glorot-uniform kernels, U(-l, l) with l = sqrt(6 / (in + out)), and
     * zero biases, as Keras does; drawn from the seed in effect now. */
    nn__rng_seed(&m->rng, m->seed);
    for (size_t i = 0; i < m->n_layers; i++) {
        const nn__layer *l = &m->layers[i];
        if (l->kind != NN_LAYER_DENSE)
            continue;
        float limit = (float)sqrt(6.0 / (double)(l->in + l->units));
        float *w = params + l->kernel_off;
        for (size_t j = 0; j < l->in * l->units; j++)
            w[j] = (2.0f * nn__rng_uniform(&m->rng) - 1.0f) * limit;
        memset(params + l->bias_off, 0, l->units * sizeof(float));
    }
    m->params = params;
    return NN_OK;
}

static nn_status nn__dense_layer(const nn_model *m, const char *fn,
                                 size_t layer, const nn__layer **out)
{
    *out = NULL;
    NN_TRY(nn__check_model(m, fn));
    if (layer >= m->n_layers)
        return nn__fail(NN_ERR_INVALID_ARG,
                        "%s: layer %zu is out of range [0, %zu)", fn, layer,
                        m->n_layers);
    if (m->layers[layer].kind != NN_LAYER_DENSE)
        return nn__fail(NN_ERR_INVALID_ARG,
                        "%s: layer %zu is a dropout layer and has no weights",
                        fn, layer);
    *out = &m->layers[layer];
    return NN_OK;
}

nn_status nn_model_get_weights(const nn_model *m, size_t layer, float *kernel,
                               float *bias)
{
    const nn__layer *l;
    NN_TRY(nn__dense_layer(m, __func__, layer, &l));
    /* Creating the weights on first use is documented as not const-safe. */
    NN_TRY(nn__model_materialize((nn_model *)m, __func__));
    if (kernel)
        memcpy(kernel, m->params + l->kernel_off,
               l->in * l->units * sizeof(float));
    if (bias)
        memcpy(bias, m->params + l->bias_off, l->units * sizeof(float));
    return NN_OK;
}

NN__MULTIVERSION
size_t nn__first_nonfinite_row(const float *x, size_t rows, size_t cols)
{
    /* A float is NaN or infinite exactly when its exponent bits are all
     * ones; testing the bits vectorises, unlike isfinite on each value. */
    for (size_t r = 0; r < rows; r++) {
        const float *row = x + r * cols;
        unsigned bad = 0;
        for (size_t c = 0; c < cols; c++) {
            uint32_t bits;
            memcpy(&bits, &row[c], sizeof bits);
            bad |= (bits & 0x7f800000u) == 0x7f800000u;
        }
        if (bad)
            return r;
    }
    return SIZE_MAX;
}

nn_status nn_model_set_weights(nn_model *m, size_t layer, const float *kernel,
                               const float *bias)
{
    const nn__layer *l;
    NN_TRY(nn__dense_layer(m, __func__, layer, &l));
    if (kernel) {
        size_t row = nn__first_nonfinite_row(kernel, l->in, l->units);
        if (row != SIZE_MAX)
            return nn__fail(NN_ERR_NUMERIC,
                            "%s: kernel row %zu of layer %zu is not finite",
                            __func__, row, layer);
    }
    if (bias && nn__first_nonfinite_row(bias, 1, l->units) != SIZE_MAX)
        return nn__fail(NN_ERR_NUMERIC,
                        "%s: bias of layer %zu is not finite", __func__,
                        layer);
    NN_TRY(nn__model_materialize(m, __func__));
    if (kernel)
        memcpy(m->params + l->kernel_off, kernel,
               l->in * l->units * sizeof(float));
    if (bias)
        memcpy(m->params + l->bias_off, bias, l->units * sizeof(float));
    return NN_OK;
}

/* ------------------------------------------------------------------------ */
/* compile                                                                   */

nn_status nn__model_alloc_training(nn_model *m, const char *fn)
{
    float *grads = nn__calloc(m->n_params, sizeof *grads);
    float *mom = nn__calloc(m->n_params, sizeof *mom);
    float *vel = nn__calloc(m->n_params, sizeof *vel);
    if (!grads || !mom || !vel) {
        nn__free(grads);
        nn__free(mom);
        nn__free(vel);
        return nn__fail(NN_ERR_NOMEM,
                        "%s: out of memory for the optimizer state", fn);
    }
    nn__free(m->grads);
    nn__free(m->opt_m);
    nn__free(m->opt_v);
    m->grads = grads;
    m->opt_m = mom;
    m->opt_v = vel;
    m->step = 0;
    return NN_OK;
}

nn_status nn_model_compile(nn_model *m, nn_optimizer opt, nn_loss loss,
                           float learning_rate)
{
    NN_TRY(nn__check_model(m, __func__));
    if ((unsigned)opt >= NN_OPT_COUNT)
        return nn__fail(NN_ERR_INVALID_ARG, "%s: unknown optimizer %d",
                        __func__, (int)opt);
    if ((unsigned)loss >= NN_LOSS_COUNT)
        return nn__fail(NN_ERR_INVALID_ARG, "%s: unknown loss %d", __func__,
                        (int)loss);
    if (!(learning_rate >= 0.0f))
        return nn__fail(NN_ERR_INVALID_ARG,
                        "%s: learning_rate %g must be >= 0 (0 = default)",
                        __func__, (double)learning_rate);
    if (learning_rate != 0.0f)
        NN_TRY(nn__param_check(__func__, NN_PARAM_LEARNING_RATE,
                               learning_rate));
    if (m->n_layers == 0)
        return nn__fail(NN_ERR_STATE, "%s: the model has no layers",
                        __func__);
    const nn__layer *last = &m->layers[m->n_layers - 1];
    if (last->kind != NN_LAYER_DENSE)
        return nn__fail(NN_ERR_UNSUPPORTED,
                        "%s: the last layer must be dense, not dropout",
                        __func__);
    if ((loss == NN_LOSS_CATEGORICAL_CROSSENTROPY ||
         loss == NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY) &&
        last->act != NN_ACT_SOFTMAX)
        return nn__fail(NN_ERR_UNSUPPORTED,
                        "%s: %s needs a softmax last layer, not %s", __func__,
                        nn__loss_name(loss), nn__act_name(last->act));
    if (loss == NN_LOSS_BINARY_CROSSENTROPY && last->act != NN_ACT_SIGMOID)
        return nn__fail(NN_ERR_UNSUPPORTED,
                        "%s: binary_crossentropy needs a sigmoid last layer, "
                        "not %s",
                        __func__, nn__act_name(last->act));
    NN_TRY(nn__model_materialize(m, __func__));
    NN_TRY(nn__model_alloc_training(m, __func__));
    m->opt = opt;
    m->loss = loss;
    m->param[NN_PARAM_LEARNING_RATE] =
        learning_rate != 0.0f ? (double)learning_rate
                              : nn__param_default(opt, NN_PARAM_LEARNING_RATE);
    m->param_set[NN_PARAM_LEARNING_RATE] = 1;
    m->compiled = 1;
    return NN_OK;
}

/* ------------------------------------------------------------------------ */
/* inspection                                                                */

nn_status nn_model_get_compile(const nn_model *m, nn_optimizer *opt,
                               nn_loss *loss)
{
    if (opt)
        *opt = NN_OPT_SGD;
    if (loss)
        *loss = NN_LOSS_MSE;
    NN_TRY(nn__check_model(m, __func__));
    if (!opt || !loss)
        return nn__fail(NN_ERR_INVALID_ARG, "%s: %s is NULL", __func__,
                        !opt ? "opt" : "loss");
    if (!m->compiled)
        return nn__fail(NN_ERR_STATE, "%s: the model is not compiled",
                        __func__);
    *opt = m->opt;
    *loss = m->loss;
    return NN_OK;
}

size_t nn_model_input_dim(const nn_model *m)
{
    return m ? m->input_dim : 0;
}

size_t nn_model_layer_count(const nn_model *m)
{
    return m ? m->n_layers : 0;
}

size_t nn_model_param_count(const nn_model *m)
{
    return m ? m->n_params : 0;
}

static nn_status nn__layer_at(const nn_model *m, const char *fn, size_t layer,
                              const nn__layer **out)
{
    *out = NULL;
    NN_TRY(nn__check_model(m, fn));
    if (layer >= m->n_layers)
        return nn__fail(NN_ERR_INVALID_ARG,
                        "%s: layer %zu is out of range [0, %zu)", fn, layer,
                        m->n_layers);
    *out = &m->layers[layer];
    return NN_OK;
}

nn_status nn_model_layer_kind(const nn_model *m, size_t layer,
                              nn_layer_kind *kind)
{
    const nn__layer *l;
    if (kind)
        *kind = NN_LAYER_DENSE;
    if (!kind)
        return nn__fail(NN_ERR_INVALID_ARG, "%s: kind is NULL", __func__);
    NN_TRY(nn__layer_at(m, __func__, layer, &l));
    *kind = l->kind;
    return NN_OK;
}

nn_status nn_model_layer_units(const nn_model *m, size_t layer, size_t *units)
{
    const nn__layer *l;
    if (units)
        *units = 0;
    if (!units)
        return nn__fail(NN_ERR_INVALID_ARG, "%s: units is NULL", __func__);
    NN_TRY(nn__layer_at(m, __func__, layer, &l));
    *units = l->units;
    return NN_OK;
}

nn_status nn_model_layer_activation(const nn_model *m, size_t layer,
                                    nn_activation *act)
{
    const nn__layer *l;
    if (act)
        *act = NN_ACT_LINEAR;
    if (!act)
        return nn__fail(NN_ERR_INVALID_ARG, "%s: act is NULL", __func__);
    NN_TRY(nn__dense_layer(m, __func__, layer, &l));
    *act = l->act;
    return NN_OK;
}

nn_status nn_model_layer_dropout_rate(const nn_model *m, size_t layer,
                                      float *rate)
{
    const nn__layer *l;
    if (rate)
        *rate = NAN;
    if (!rate)
        return nn__fail(NN_ERR_INVALID_ARG, "%s: rate is NULL", __func__);
    NN_TRY(nn__layer_at(m, __func__, layer, &l));
    if (l->kind != NN_LAYER_DROPOUT)
        return nn__fail(NN_ERR_INVALID_ARG,
                        "%s: layer %zu is not a dropout layer", __func__,
                        layer);
    *rate = l->rate;
    return NN_OK;
}

size_t nn_model_epochs_done(const nn_model *m)
{
    return m ? m->epochs_done : 0;
}

size_t nn_model_history_len(const nn_model *m)
{
    return m ? m->history_len : 0;
}

nn_status nn_model_history_get(const nn_model *m, size_t epoch,
                               nn_metric metric, float *value)
{
    if (value)
        *value = NAN;
    NN_TRY(nn__check_model(m, __func__));
    if (!value)
        return nn__fail(NN_ERR_INVALID_ARG, "%s: value is NULL", __func__);
    if ((unsigned)metric >= NN_METRIC_COUNT)
        return nn__fail(NN_ERR_INVALID_ARG, "%s: unknown metric %d", __func__,
                        (int)metric);
    if (epoch >= m->history_len)
        return nn__fail(NN_ERR_INVALID_ARG,
                        "%s: epoch %zu is out of range [0, %zu)", __func__,
                        epoch, m->history_len);
    *value = m->history[epoch][metric];
    return NN_OK;
}

/* ------------------------------------------------------------------------ */
/* copies                                                                    */

/* Copies n floats into a new array; src NULL gives NULL. */
static int nn__dup_floats(const float *src, size_t n, float **dst)
{
    *dst = NULL;
    if (!src)
        return 0;
    *dst = nn__malloc_array(n ? n : 1, sizeof **dst);
    if (!*dst)
        return -1;
    memcpy(*dst, src, n * sizeof **dst);
    return 0;
}

nn_status nn_model_clone(const nn_model *m, nn_model **out)
{
    if (!out)
        return nn__fail(NN_ERR_INVALID_ARG, "%s: out is NULL", __func__);
    *out = NULL;
    NN_TRY(nn__check_model(m, __func__));
    nn_model *c = nn__calloc(1, sizeof *c);
    if (!c)
        return nn__fail(NN_ERR_NOMEM, "%s: out of memory", __func__);
    *c = *m;
    memset(&c->ws, 0, sizeof c->ws);
    c->layers = NULL;
    c->params = c->grads = c->opt_m = c->opt_v = c->es_best_params = NULL;
    c->history = NULL;
    c->meta_keys = c->meta_values = NULL;
    c->meta_count = c->meta_cap = 0;
    c->layers_cap = m->n_layers;
    int failed = 0;
    if (m->n_layers) {
        c->layers = nn__malloc_array(m->n_layers, sizeof *c->layers);
        if (c->layers)
            memcpy(c->layers, m->layers, m->n_layers * sizeof *c->layers);
        else
            failed = 1;
    }
    failed |= nn__dup_floats(m->params, m->n_params, &c->params);
    failed |= nn__dup_floats(m->grads, m->n_params, &c->grads);
    failed |= nn__dup_floats(m->opt_m, m->n_params, &c->opt_m);
    failed |= nn__dup_floats(m->opt_v, m->n_params, &c->opt_v);
    failed |= nn__dup_floats(m->es_best_params, m->n_params,
                             &c->es_best_params);
    if (m->history_len) {
        c->history = nn__malloc_array(m->history_len, sizeof *c->history);
        if (c->history)
            memcpy(c->history, m->history,
                   m->history_len * sizeof *c->history);
        else
            failed = 1;
        c->history_cap = m->history_len;
    } else {
        c->history_cap = 0;
    }
    if (!failed && nn__metadata_copy(c, m, __func__) != NN_OK)
        failed = 1;
    if (failed) {
        nn_model_destroy(c);
        return nn__fail(NN_ERR_NOMEM, "%s: out of memory", __func__);
    }
    *out = c;
    return NN_OK;
}
