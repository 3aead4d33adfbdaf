/*
 * fit.c - training. Data flows one way, one batch at a time:
 *   batch gather -> layer forward -> loss -> layer backward -> optimizer.
 * All buffers live in the model's workspace, sized once for the batch, so
 * no step allocates memory.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "internal.h"

/* ------------------------------------------------------------------------ */
/* workspace                                                                 */

nn_status nn__workspace_reserve(nn_model *m, const char *fn, size_t rows)
{
    nn__workspace *ws = &m->ws;
    if (ws->block && ws->batch_cap >= rows)
        return NN_OK;
    size_t k = nn_model_output_dim(m);
    size_t widest = nn__model_widest(m);
    /* Per layer z (pre-activation or dropout mask) and a, two gradient
     * buffers of the widest layer, and gathered x and y rows. */
    size_t per_row = 0, cols = 0;
    int overflow = 0;
    for (size_t i = 0; i < m->n_layers; i++) {
        overflow |= m->layers[i].units > (SIZE_MAX - per_row) / 2;
        per_row += 2 * m->layers[i].units;
    }
    overflow |= nn__mul_overflows(2, widest, &cols);
    overflow |= per_row > SIZE_MAX - cols;
    per_row += cols;
    overflow |= per_row > SIZE_MAX - m->input_dim - k;
    per_row += m->input_dim + k;
    size_t total;
    overflow |= nn__mul_overflows(per_row, rows, &total);
    float *block = overflow ? NULL : nn__malloc_array(total, sizeof(float));
    float **z = nn__malloc_array(m->n_layers, sizeof *z);
    float **a = nn__malloc_array(m->n_layers, sizeof *a);
    if (!block || !z || !a) {
        nn__free(block);
        nn__free(z);
        nn__free(a);
        return nn__fail(NN_ERR_NOMEM,
                        "%s: out of memory for a workspace of %zu rows", fn,
                        rows);
    }
    nn__free(ws->block);
    nn__free(ws->z);
    nn__free(ws->a);
    float *p = block;
    for (size_t i = 0; i < m->n_layers; i++) {
        z[i] = p;
        p += rows * m->layers[i].units;
        a[i] = p;
        p += rows * m->layers[i].units;
    }
    ws->delta[0] = p;
    p += rows * widest;
    ws->delta[1] = p;
    p += rows * widest;
    ws->x_batch = p;
    p += rows * m->input_dim;
    ws->y_batch = p;
    ws->block = block;
    ws->z = z;
    ws->a = a;
    ws->batch_cap = rows;
    return NN_OK;
}

static nn_status nn__perm_reserve(nn_model *m, size_t n)
{
    nn__workspace *ws = &m->ws;
    if (ws->perm_cap >= n)
        return NN_OK;
    size_t *perm = nn__malloc_array(n, sizeof *perm);
    if (!perm)
        return nn__fail(NN_ERR_NOMEM,
                        "nn_fit: out of memory for the order of %zu rows", n);
    nn__free(ws->perm);
    ws->perm = perm;
    ws->perm_cap = n;
    return NN_OK;
}

/* ------------------------------------------------------------------------ */
/* one batch                                                                 */

/* Inverted dropout: a = x * mask with mask = 1/(1-rate) or 0. */
static void nn__dropout_forward(nn__rng *rng, float rate, const float *x,
                                float *mask, float *a, size_t count)
{
    float scale = 1.0f / (1.0f - rate);
    for (size_t i = 0; i < count; i++)
        mask[i] = nn__rng_uniform(rng) >= rate ? scale : 0.0f;
    for (size_t i = 0; i < count; i++)
        a[i] = x[i] * mask[i];
}

/* db = sum over rows of delta. */
static void nn__column_sums(const float *delta, size_t rows, size_t cols,
                            float *out)
{
    memset(out, 0, cols * sizeof *out);
    for (size_t r = 0; r < rows; r++) {
        const float *d = delta + r * cols;
        for (size_t c = 0; c < cols; c++)
            out[c] += d[c];
    }
}

void nn__train_batch(nn_model *m, const float *xb, const float *yb,
                     size_t rows, double *loss_sum, size_t *correct)
{
    nn__workspace *ws = &m->ws;
    nn__act_params ap = nn__model_act_params(m);
    size_t last = m->n_layers - 1; /* compile ensures it is dense */

    /* forward: z = x W (+ b inside the activation pass), a = f(z) */
    const float *in = xb;
    size_t in_w = m->input_dim;
    for (size_t i = 0; i < m->n_layers; i++) {
        const nn__layer *l = &m->layers[i];
        if (l->kind == NN_LAYER_DENSE) {
            nn__sgemm(0, 0, rows, l->units, in_w, 1.0f, in, in_w,
                      m->params + l->kernel_off, l->units, 0.0f, ws->z[i],
                      l->units);
            nn__act_forward(l->act, &ap, ws->z[i], m->params + l->bias_off,
                            ws->a[i], rows, l->units);
        } else {
            nn__dropout_forward(&m->rng, l->rate, in, ws->z[i], ws->a[i],
                                rows * l->units);
        }
        in = ws->a[i];
        in_w = l->units;
    }

    /* loss: its gradient lands in delta[0], w.r.t. z when fused */
    const nn__layer *out = &m->layers[last];
    float *cur = ws->delta[0], *other = ws->delta[1];
    *loss_sum = nn__loss_eval(m->loss, ws->z[last], ws->a[last], yb, rows,
                              out->units, rows, cur, correct);
    if (!nn__loss_is_fused(m->loss))
        nn__act_backward(out->act, &ap, ws->z[last], ws->a[last], cur, rows,
                         out->units);

    /* backward: dW = x^T delta, db = sum delta, dx = delta W^T; the input
     * gradient is skipped below the first dense layer (nobody needs it). */
    size_t first_dense = 0;
    while (m->layers[first_dense].kind != NN_LAYER_DENSE)
        first_dense++;
    for (size_t i = last + 1; i-- > first_dense;) {
        const nn__layer *l = &m->layers[i];
        if (l->kind == NN_LAYER_DROPOUT) {
            const float *mask = ws->z[i];
            for (size_t j = 0; j < rows * l->units; j++)
                cur[j] *= mask[j];
            continue;
        }
        if (i != last)
            nn__act_backward(l->act, &ap, ws->z[i], ws->a[i], cur, rows,
                             l->units);
        const float *x_in = i == 0 ? xb : ws->a[i - 1];
        nn__sgemm(1, 0, l->in, l->units, rows, 1.0f, x_in, l->in, cur,
                  l->units, 0.0f, m->grads + l->kernel_off, l->units);
        nn__column_sums(cur, rows, l->units, m->grads + l->bias_off);
        if (i > first_dense) {
            nn__sgemm(0, 1, rows, l->in, l->units, 1.0f, cur, l->units,
                      m->params + l->kernel_off, l->units, 0.0f, other,
                      l->in);
            float *t = cur;
            cur = other;
            other = t;
        }
    }
}

/* Prefetches @p count rows of @p cols floats, chosen by @p rows. */
static void nn__prefetch_rows(const float *x, const size_t *rows,
                              size_t count, size_t cols)
{
#if defined(__GNUC__)
    const size_t line = 64 / sizeof(float);
    for (size_t r = 0; r < count; r++) {
        const float *row = x + rows[r] * cols;
        for (size_t c = 0; c < cols; c += line)
            __builtin_prefetch(row + c, 0, 3);
    }
#else
    (void)x, (void)rows, (void)count, (void)cols;
#endif
}

/* Sum of squared gradients in double, eight independent lanes so the loop
 * vectorises without reassociating one sum; non-finite if any gradient is. */
NN__MULTIVERSION
static double nn__grad_sumsq(const float *g, size_t n)
{
    double lane[8] = {0};
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (int j = 0; j < 8; j++)
            lane[j] += (double)g[i + j] * g[i + j];
    double sum = 0.0;
    for (; i < n; i++)
        sum += (double)g[i] * g[i];
    for (int j = 0; j < 8; j++)
        sum += lane[j];
    return sum;
}

/* ------------------------------------------------------------------------ */
/* the loop                                                                  */

static double nn__now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

nn_status nn_fit_options_init(nn_fit_options *opts)
{
    if (!opts)
        return nn__fail(NN_ERR_INVALID_ARG, "%s: opts is NULL", __func__);
    memset(opts, 0, sizeof *opts);
    opts->struct_size = sizeof *opts;
    opts->shuffle = 1;
    opts->monitor = NN_METRIC_VAL_LOSS;
    opts->checkpoint_period = 1;
    return NN_OK;
}

/* The size of nn_fit_options in libnn 1.0, before `resume`. */
#define NN__FIT_OPTIONS_V1_SIZE offsetof(nn_fit_options, resume)

/* Everything nn_fit decides before the first step. */
typedef struct nn__fit_plan {
    nn_fit_options o;
    size_t n_train, batch;
    const float *val_x, *val_y;
    size_t val_n;
    nn_metric monitor;
    int minimize;
    int early;
} nn__fit_plan;

static nn_status nn__fit_plan_make(const nn_model *m, const float *x,
                                   const float *y, size_t n, size_t batch,
                                   const nn_fit_options *opts,
                                   nn__fit_plan *plan)
{
    const char *fn = "nn_fit";
    memset(plan, 0, sizeof *plan);
    nn_fit_options_init(&plan->o);
    if (opts) {
        /* A program built against an older nn.h passes a shorter struct:
         * its fields are read, the newer ones keep their defaults. */
        if (opts->struct_size != NN__FIT_OPTIONS_V1_SIZE &&
            opts->struct_size != sizeof(nn_fit_options))
            return nn__fail(NN_ERR_INVALID_ARG,
                            "%s: opts->struct_size is %zu, expected %zu (1.0) "
                            "or %zu; fill the options with "
                            "nn_fit_options_init",
                            fn, opts->struct_size, NN__FIT_OPTIONS_V1_SIZE,
                            sizeof(nn_fit_options));
        memcpy(&plan->o, opts, opts->struct_size);
        plan->o.struct_size = sizeof(nn_fit_options);
    }
    const nn_fit_options *o = &plan->o;
    if (!(o->validation_split >= 0.0f && o->validation_split < 1.0f))
        return nn__fail(NN_ERR_INVALID_ARG,
                        "%s: validation_split %g is outside [0, 1)", fn,
                        (double)o->validation_split);
    if ((o->val_x == NULL) != (o->val_y == NULL) ||
        (o->val_x && o->val_n == 0))
        return nn__fail(NN_ERR_INVALID_ARG,
                        "%s: validation data needs val_x, val_y and val_n > 0 "
                        "together",
                        fn);
    if ((unsigned)o->monitor >= NN_METRIC_COUNT)
        return nn__fail(NN_ERR_INVALID_ARG, "%s: unknown monitor metric %d",
                        fn, (int)o->monitor);
    if (!(o->min_delta >= 0.0f))
        return nn__fail(NN_ERR_INVALID_ARG, "%s: min_delta %g must be >= 0",
                        fn, (double)o->min_delta);
    if (o->checkpoint_path && o->checkpoint_period == 0)
        return nn__fail(NN_ERR_INVALID_ARG,
                        "%s: checkpoint_period is 0 with a checkpoint path",
                        fn);

    size_t k = nn_model_output_dim(m);
    size_t label_cols = nn__loss_label_cols(m->loss, k);
    plan->n_train = n;
    if (o->val_x) {
        plan->val_x = o->val_x;
        plan->val_y = o->val_y;
        plan->val_n = o->val_n;
    } else if (o->validation_split > 0.0f) {
        /* Keras: the last rows, split at floor(n (1 - split)) computed in
         * double from the decimal the user wrote. 0.2f is 0.200000003, so
         * taking the float as it is would split 300 rows at 239, not 240;
         * seven decimals are what a float holds. */
        double split = nearbyint((double)o->validation_split * 1e7) / 1e7;
        plan->n_train = (size_t)((double)n * (1.0 - split));
        plan->val_n = n - plan->n_train;
        plan->val_x = x + plan->n_train * m->input_dim;
        plan->val_y = y + plan->n_train * label_cols;
        if (plan->n_train == 0 || plan->val_n == 0)
            return nn__fail(NN_ERR_INVALID_ARG,
                            "%s: validation_split %g of %zu rows leaves an "
                            "empty training or validation set",
                            fn, (double)o->validation_split, n);
    }
    size_t bytes;
    if (plan->val_x &&
        (nn__mul_overflows(plan->val_n, m->input_dim, &bytes) ||
         nn__mul_overflows(bytes, sizeof(float), &bytes) ||
         nn__mul_overflows(plan->val_n, label_cols, &bytes) ||
         nn__mul_overflows(bytes, sizeof(float), &bytes)))
        return nn__fail(NN_ERR_INVALID_ARG,
                        "%s: val_n = %zu rows overflow the address space", fn,
                        plan->val_n);
    plan->batch = batch < plan->n_train ? batch : plan->n_train;

    plan->monitor = o->monitor;
    if (!plan->val_x && (plan->monitor == NN_METRIC_VAL_LOSS ||
                         plan->monitor == NN_METRIC_VAL_ACCURACY))
        plan->monitor = plan->monitor == NN_METRIC_VAL_LOSS
                            ? NN_METRIC_LOSS
                            : NN_METRIC_ACCURACY;
    plan->minimize = plan->monitor == NN_METRIC_LOSS ||
                     plan->monitor == NN_METRIC_VAL_LOSS;
    plan->early = o->patience > 0;
    if (plan->early && !plan->minimize &&
        nn__loss_accuracy_units(m->loss, k) == 0)
        return nn__fail(NN_ERR_INVALID_ARG,
                        "%s: early stopping monitors accuracy, which %s does "
                        "not define",
                        fn, nn__loss_name(m->loss));
    return NN_OK;
}

/* Makes room for @p records history records. */
static nn_status nn__history_reserve(nn_model *m, size_t records)
{
    if (records <= m->history_cap)
        return NN_OK;
    void *grown = records > SIZE_MAX / sizeof *m->history
                      ? NULL
                      : nn__realloc(m->history, records * sizeof *m->history);
    if (!grown)
        return nn__fail(NN_ERR_NOMEM, "nn_fit: out of memory for the history");
    m->history = grown;
    m->history_cap = records;
    return NN_OK;
}

/* Records are reserved at warm-up for runs of up to this many epochs, so an
 * ordinary fit cannot run out of memory once it has started. */
#define NN__HISTORY_PRESERVE 65536

static nn_status nn__history_push(nn_model *m, const float rec[NN_METRIC_COUNT])
{
    if (m->history_len == m->history_cap)
        NN_TRY(nn__history_reserve(m, 2 * m->history_cap));
    memcpy(m->history[m->history_len++], rec, sizeof *m->history);
    return NN_OK;
}

/* Runs the epochs; returns the reason training ended. */
static nn_status nn__fit_epochs(nn_model *m, const float *x, const float *y,
                                size_t epochs, const nn__fit_plan *plan,
                                float *val_scratch)
{
    const nn_fit_options *o = &plan->o;
    size_t k = nn_model_output_dim(m);
    size_t label_cols = nn__loss_label_cols(m->loss, k);
    size_t acc_units = nn__loss_accuracy_units(m->loss, k);
    size_t n = plan->n_train, batch = plan->batch;
    size_t batches = (n + batch - 1) / batch;
    nn__workspace *ws = &m->ws;
    int restore = plan->early && o->restore_best_weights;
    size_t first = m->epochs_done, total = first + epochs;

    for (size_t epoch = first; epoch < total; epoch++) {
        double t0 = nn__now();
        /* Each epoch's order depends on the generator alone, not on the
         * previous epoch's, so a resumed run shuffles as an unbroken one. */
        for (size_t i = 0; i < n; i++)
            ws->perm[i] = i;
        if (o->shuffle)
            for (size_t i = n - 1; i > 0; i--) {
                size_t j = nn__rng_below(&m->rng, i + 1);
                size_t t = ws->perm[i];
                ws->perm[i] = ws->perm[j];
                ws->perm[j] = t;
            }
        double loss_sum = 0.0;
        size_t hits = 0, seen = 0;
        for (size_t b = 0; b < batches; b++) {
            size_t start = b * batch;
            size_t rows = n - start < batch ? n - start : batch;
            const float *xb = x + start * m->input_dim;
            const float *yb = y + start * label_cols;
            if (o->shuffle) {
                /* gather the shuffled rows into contiguous buffers */
                for (size_t r = 0; r < rows; r++) {
                    size_t src = ws->perm[start + r];
                    memcpy(ws->x_batch + r * m->input_dim,
                           x + src * m->input_dim,
                           m->input_dim * sizeof(float));
                    memcpy(ws->y_batch + r * label_cols, y + src * label_cols,
                           label_cols * sizeof(float));
                }
                xb = ws->x_batch;
                yb = ws->y_batch;
                /* The next batch's rows are scattered over the data set
                 * and come from DRAM: ask for them now, so they arrive
                 * while this batch's products run instead of stalling the
                 * next gather. */
                if (b + 1 < batches)
                    nn__prefetch_rows(x, ws->perm + start + rows,
                                      n - start - rows < batch
                                          ? n - start - rows
                                          : batch,
                                      m->input_dim);
            }
            double batch_loss;
            size_t batch_hits;
            nn__train_batch(m, xb, yb, rows, &batch_loss, &batch_hits);
            /* Nothing is applied unless the loss and every gradient are
             * finite, and the step keeps every weight and moment finite
             * (nn__optimizer_step checks that). Clipping needs the norm. */
            double clip = nn__model_param(m, NN_PARAM_CLIP_NORM);
            double sumsq = clip > 0.0 ? nn__grad_sumsq(m->grads, m->n_params)
                                      : 0.0;
            double gmax = nn__max_abs(m->grads, m->n_params);
            float scale = 1.0f;
            double norm = sqrt(sumsq);
            if (clip > 0.0 && norm > clip)
                scale = (float)(clip / (norm + 1e-6));
            if (!isfinite(batch_loss) || !isfinite(sumsq) ||
                !isfinite(gmax) || nn__optimizer_step(m, scale, gmax) != 0)
                return nn__fail(NN_ERR_NUMERIC,
                                "nn_fit: training diverged at epoch %zu, "
                                "batch %zu (loss %g); the weights are those "
                                "of the last finite step",
                                epoch, b, batch_loss / (double)rows);
            loss_sum += batch_loss;
            hits += batch_hits;
            seen += rows;
            if (o->on_batch) {
                float run_loss = (float)(loss_sum / (double)seen);
                float run_acc =
                    acc_units ? (float)((double)hits /
                                        ((double)seen * (double)acc_units))
                              : NAN;
                if (o->on_batch(o->on_batch_user, epoch, b, batches, run_loss,
                                run_acc))
                    return nn__fail(NN_ERR_CANCELLED,
                                    "nn_fit: cancelled by the batch callback "
                                    "at epoch %zu, batch %zu",
                                    epoch, b);
            }
        }

        float rec[NN_METRIC_COUNT] = {NAN, NAN, NAN, NAN};
        rec[NN_METRIC_LOSS] = (float)(loss_sum / (double)n);
        if (acc_units)
            rec[NN_METRIC_ACCURACY] =
                (float)((double)hits / ((double)n * (double)acc_units));
        if (plan->val_x) {
            double vsum;
            size_t vhits;
            /* chunked exactly as nn_evaluate chunks the same rows, so
                             * val_loss is bit for bit what nn_evaluate says */
            size_t chunk = nn__infer_chunk_rows(m);
            chunk = chunk < plan->val_n ? chunk : plan->val_n;
            size_t widest = nn__model_widest(m);
            float *b0 = val_scratch, *b1 = b0 + chunk * widest;
            float *logits = b1 + chunk * widest, *out = logits + chunk * k;
            nn__evaluate_rows(m, plan->val_x, plan->val_y, plan->val_n, chunk,
                              b0, b1, logits, out, &vsum, &vhits);
            rec[NN_METRIC_VAL_LOSS] = (float)(vsum / (double)plan->val_n);
            if (acc_units)
                rec[NN_METRIC_VAL_ACCURACY] =
                    (float)((double)vhits /
                            ((double)plan->val_n * (double)acc_units));
        }
        NN_TRY(nn__history_push(m, rec));
        m->epochs_done = epoch + 1;
        double seconds = nn__now() - t0;

        if (o->verbose) {
            fprintf(stderr, "Epoch %zu/%zu - %.2fs - loss: %.4f", epoch + 1,
                    total, seconds, (double)rec[NN_METRIC_LOSS]);
            if (acc_units)
                fprintf(stderr, " - accuracy: %.4f",
                        (double)rec[NN_METRIC_ACCURACY]);
            if (plan->val_x) {
                fprintf(stderr, " - val_loss: %.4f",
                        (double)rec[NN_METRIC_VAL_LOSS]);
                if (acc_units)
                    fprintf(stderr, " - val_accuracy: %.4f",
                            (double)rec[NN_METRIC_VAL_ACCURACY]);
            }
            fputc('\n', stderr);
        }

        int stop = 0, early_stop = 0;
        if (plan->early) {
            double v = rec[plan->monitor];
            int improved = plan->minimize ? v < m->es_best - o->min_delta
                                          : v > m->es_best + o->min_delta;
            if (improved) {
                m->es_best = v;
                m->es_wait = 0;
                if (restore) {
                    memcpy(m->es_best_params, m->params,
                           m->n_params * sizeof *m->es_best_params);
                    m->es_have_best = 1;
                }
            } else if (++m->es_wait >= o->patience) {
                stop = early_stop = 1;
            }
        }
        if (o->on_epoch) {
            nn_epoch_logs logs;
            logs.struct_size = sizeof logs;
            logs.epoch = epoch;
            logs.epochs = total;
            logs.loss = rec[NN_METRIC_LOSS];
            logs.accuracy = rec[NN_METRIC_ACCURACY];
            logs.val_loss = rec[NN_METRIC_VAL_LOSS];
            logs.val_accuracy = rec[NN_METRIC_VAL_ACCURACY];
            logs.seconds = seconds;
            stop |= o->on_epoch(o->on_epoch_user, &logs) != 0;
        }
        int last_epoch = stop || epoch + 1 == total;
        /* Only an early stop goes back to the best epoch (Keras 2): a run
         * that reaches its last epoch keeps its weights, so a run split in
         * two with resume ends exactly as the unbroken one. */
        if (early_stop && restore && m->es_have_best)
            memcpy(m->params, m->es_best_params,
                   m->n_params * sizeof *m->es_best_params);
        if (o->checkpoint_path &&
            (last_epoch || (epoch + 1) % o->checkpoint_period == 0)) {
            nn_status st = nn_model_save(m, o->checkpoint_path);
            if (st != NN_OK)
                return nn__fail(st, "nn_fit: checkpoint after epoch %zu "
                                    "failed: %s",
                                epoch, nn_last_error());
        }
        if (stop)
            break;
    }
    return NN_OK;
}

nn_status nn_fit(nn_model *m, const float *x, const float *y, size_t n,
                 size_t epochs, size_t batch_size, const nn_fit_options *opts)
{
    NN_TRY(nn__check_model(m, __func__));
    if (!x || !y)
        return nn__fail(NN_ERR_INVALID_ARG, "%s: %s is NULL", __func__,
                        !x ? "x" : "y");
    if (n == 0)
        return nn__fail(NN_ERR_INVALID_ARG, "%s: n is 0", __func__);
    if (batch_size == 0)
        return nn__fail(NN_ERR_INVALID_ARG, "%s: batch_size is 0", __func__);
    if (!m->compiled)
        return nn__fail(NN_ERR_STATE,
                        "%s: the model is not compiled; call "
                        "nn_model_compile first",
                        __func__);
    size_t k = nn_model_output_dim(m);
    size_t bytes;
    if (nn__mul_overflows(n, m->input_dim, &bytes) ||
        nn__mul_overflows(bytes, sizeof(float), &bytes) ||
        nn__mul_overflows(n, nn__loss_label_cols(m->loss, k), &bytes) ||
        nn__mul_overflows(bytes, sizeof(float), &bytes))
        return nn__fail(NN_ERR_INVALID_ARG,
                        "%s: n = %zu rows overflow the address space",
                        __func__, n);
    nn__fit_plan plan;
    NN_TRY(nn__fit_plan_make(m, x, y, n, batch_size, opts, &plan));
    if (plan.o.resume && epochs > SIZE_MAX - m->epochs_done)
        return nn__fail(NN_ERR_INVALID_ARG, "%s: epochs %zu overflow the "
                                            "epoch counter",
                        __func__, epochs);
    if (epochs == 0)
        return NN_OK;
    NN_TRY(nn__check_data(m, __func__, x, y, n, "training"));
    /* Rows taken by validation_split were checked with x above; explicit
     * validation data is checked on its own, wherever it lives. */
    if (plan.o.val_x)
        NN_TRY(nn__check_data(m, __func__, plan.val_x, plan.val_y, plan.val_n,
                              "validation"));

    /* warm-up: every buffer of the run is allocated here */
    size_t ws_rows = plan.batch;
    NN_TRY(nn__workspace_reserve(m, __func__, ws_rows));
    NN_TRY(nn__perm_reserve(m, plan.n_train));
    if (plan.early && plan.o.restore_best_weights && !m->es_best_params) {
        /* kept by the model: a resumed run may go back to an epoch of the
         * part before the split, and files store it */
        m->es_best_params = nn__malloc_array(m->n_params, sizeof(float));
        if (!m->es_best_params)
            return nn__fail(NN_ERR_NOMEM,
                            "%s: out of memory for the best weights",
                            __func__);
    }
    /* A new run forgets the previous one; a resumed run extends it. */
    size_t kept = plan.o.resume ? m->history_len : 0;
    size_t want = epochs < NN__HISTORY_PRESERVE ? epochs : NN__HISTORY_PRESERVE;
    nn_status st = nn__history_reserve(
        m, kept + want < kept ? SIZE_MAX : kept + want);
    float *val_scratch = NULL;
    if (st == NN_OK && plan.val_x) {
        size_t chunk = nn__infer_chunk_rows(m);
        chunk = chunk < plan.val_n ? chunk : plan.val_n;
        /* bounded by the chunk size: no overflow */
        val_scratch = nn__malloc_array(
            chunk * (2 * nn__model_widest(m) + 2 * k), sizeof(float));
        if (!val_scratch)
            st = nn__fail(NN_ERR_NOMEM,
                          "%s: out of memory for validation scratch",
                          __func__);
    }
    if (st != NN_OK)
        return st;
    if (!plan.o.resume) {
        m->history_len = 0;
        m->epochs_done = 0;
        m->es_best = NAN;
        m->es_have_best = 0;
    }
    /* the step-safety bounds are rebuilt from the state as it is now */
    m->sweep_max_known = 0;
    if (isnan(m->es_best)) {
        m->es_best = plan.minimize ? INFINITY : -INFINITY;
        m->es_wait = 0;
    }
    st = nn__fit_epochs(m, x, y, epochs, &plan, val_scratch);
    nn__free(val_scratch);
    return st;
}
