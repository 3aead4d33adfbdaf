/*
 * internal.h - private declarations shared by the library's source files.
 * Never installed; programs see only nn.h.
 */
#ifndef NN_INTERNAL_H
#define NN_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "nn.h"

/* Internal functions have the nn__ prefix and hidden visibility. */

/* ------------------------------------------------------------------------ */
/* errors (error.c)                                                          */

/* Formats the thread-local message returned by nn_last_error() and returns
 * @p status, so a failure path is one line: return nn__fail(...). */
nn_status nn__fail(nn_status status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Evaluates a call returning nn_status and returns from the caller on
 * failure (the callee has already set the message). */
#define NN_TRY(expr)                                                          \
    do {                                                                      \
        nn_status nn__try_status_ = (expr);                                   \
        if (nn__try_status_ != NN_OK)                                         \
            return nn__try_status_;                                           \
    } while (0)

/* ------------------------------------------------------------------------ */
/* memory (alloc.c): every allocation of the library goes through here, so
 * tests can make the N-th one fail (see nn__alloc_fail_after).             */

void *nn__malloc(size_t size);
void *nn__calloc(size_t count, size_t size);
void *nn__realloc(void *p, size_t size);
void nn__free(void *p);
/* Allocates count * size bytes, failing (NULL) on overflow as well. */
void *nn__malloc_array(size_t count, size_t size);

#ifdef NN_FAULT_INJECTION
/* Test hook: the next @p n allocations succeed, every later one fails,
 * until reset with n < 0. Returns how many allocations were attempted since
 * the last call. */
long nn__alloc_fail_after(long n);
#endif

/* Hot elementwise loops are compiled twice, for AVX2 and for the baseline
 * x86-64, and the loader picks one per machine (GNU ifunc), so the library
 * gets wide vectors without building for -march=native. */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__) && \
    !defined(NN_NO_MULTIVERSION)
#define NN__MULTIVERSION \
    __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define NN__MULTIVERSION
#endif

/* Overflow-checked size arithmetic: returns 0 and sets *out on success. */
static inline int nn__mul_overflows(size_t a, size_t b, size_t *out)
{
    if (a != 0 && b > SIZE_MAX / a)
        return 1;
    *out = a * b;
    return 0;
}

/* ------------------------------------------------------------------------ */
/* random numbers (rng.c): xoshiro256** seeded by splitmix64.               */

typedef struct nn__rng {
    uint64_t s[4];
} nn__rng;

void nn__rng_seed(nn__rng *rng, uint64_t seed);
uint64_t nn__rng_next(nn__rng *rng);
/* Uniform float in [0, 1) with 24 random bits. */
float nn__rng_uniform(nn__rng *rng);
/* Uniform integer in [0, bound), bound >= 1, without modulo bias. */
size_t nn__rng_below(nn__rng *rng, size_t bound);

/* ------------------------------------------------------------------------ */
/* the GEMM seam (gemm.c): C = alpha op(A) op(B) + beta C, row-major, any
 * size (products beyond CBLAS' int are split). All matrix products of the
 * library go through here.                                                  */

void nn__sgemm(int trans_a, int trans_b, size_t m, size_t n, size_t k,
               float alpha, const float *a, size_t lda, const float *b,
               size_t ldb, float beta, float *c, size_t ldc);
/* The same product by plain loops in double; for tests. */
void nn__sgemm_reference(int trans_a, int trans_b, size_t m, size_t n,
                         size_t k, float alpha, const float *a, size_t lda,
                         const float *b, size_t ldb, float beta, float *c,
                         size_t ldc);

/* ------------------------------------------------------------------------ */
/* activations (activation.c)                                               */

typedef struct nn__act_params {
    float leaky_slope;
    float elu_alpha;
} nn__act_params;

/* z[r][c] += bias[c] (bias may be NULL), then a = f(z). a may equal z when
 * the caller does not need z afterwards (inference). */
void nn__act_forward(nn_activation act, const nn__act_params *p, float *z,
                     const float *bias, float *a, size_t rows, size_t cols);
/* delta <- delta * f'(z) (for softmax, the Jacobian-vector product), with z
 * the pre-activation and a = f(z). */
void nn__act_backward(nn_activation act, const nn__act_params *p,
                      const float *z, const float *a, float *delta,
                      size_t rows, size_t cols);
const char *nn__act_name(nn_activation act);

/* ------------------------------------------------------------------------ */
/* losses (loss.c)                                                          */

/* Columns of y per row: 1 for sparse categorical, else the output width. */
size_t nn__loss_label_cols(nn_loss loss, size_t outputs);
/* Whether the loss is fused with the last activation: then its gradient is
 * with respect to the logits z, otherwise with respect to a. */
int nn__loss_is_fused(nn_loss loss);
/* Checks labels: finite, integral and in range for sparse, in [0, 1] for
 * binary, >= 0 for categorical; the message names fn and the row
 * (row_base + index). */
nn_status nn__loss_check_labels(const char *fn, nn_loss loss, const float *y,
                                size_t rows, size_t outputs, size_t row_base);
/* Sum over rows of the per-row loss (in double), from logits z (fused
 * losses) or outputs a. If grad is not NULL it receives dL/dz (fused) or
 * dL/da for the mean loss over @p scale_rows rows. *correct receives the
 * number of correct predictions (rows, or outputs for binary). */
double nn__loss_eval(nn_loss loss, const float *z, const float *a,
                     const float *y, size_t rows, size_t outputs,
                     size_t scale_rows, float *grad, size_t *correct);
/* Units counted by *correct per row: outputs for binary, 1 for
 * categorical, 0 where accuracy is undefined (MSE, MAE). */
size_t nn__loss_accuracy_units(nn_loss loss, size_t outputs);
/* Divisor per row turning the summed loss into Keras' mean. */
double nn__loss_row_divisor(nn_loss loss, size_t outputs);
const char *nn__loss_name(nn_loss loss);

/* ------------------------------------------------------------------------ */
/* model (model.c)                                                          */

typedef struct nn__layer {
    nn_layer_kind kind;
    nn_activation act;  /* dense */
    float rate;         /* dropout */
    size_t in, units;   /* input and output width */
    size_t kernel_off;  /* dense: offset of W (in x units) in the arena */
    size_t bias_off;    /* dense: offset of b (units) */
} nn__layer;

/* Buffers of nn_fit, kept by the model between fits so that repeated fits
 * with the same batch size allocate nothing. */
typedef struct nn__workspace {
    size_t batch_cap;  /* rows the buffers hold */
    float *block;      /* one allocation for everything below */
    float **z;         /* per layer: pre-activation (dense) or mask */
    float **a;         /* per layer: output */
    float *delta[2];   /* ping-pong gradients, batch x widest */
    float *x_batch;    /* gathered rows when shuffling */
    float *y_batch;
    size_t *perm;      /* permutation of training rows */
    size_t perm_cap;
} nn__workspace;

struct nn_model {
    size_t input_dim;
    nn__layer *layers;
    size_t n_layers, layers_cap;
    size_t n_params;

    float *params;  /* contiguous arena: per dense layer W then b; NULL
                       until the weights are created */
    float *grads;   /* same layout; created by compile */
    float *opt_m;   /* first moments / momentum buffer */
    float *opt_v;   /* second moments */
    uint64_t step;  /* optimizer steps since compile */
    /* largest magnitudes the last sweep wrote (float bits), valid while
     * sweep_max_known; nn_fit clears it when it starts */
    uint32_t sweep_max_w, sweep_max_m, sweep_max_v;
    int sweep_max_known;

    int compiled;
    nn_optimizer opt;
    nn_loss loss;
    double param[NN_PARAM_COUNT];
    unsigned char param_set[NN_PARAM_COUNT];

    uint64_t seed;
    nn__rng rng;

    float (*history)[NN_METRIC_COUNT];
    size_t history_len, history_cap;

    /* the training run, for nn_fit_options.resume */
    size_t epochs_done;
    double es_best;   /* early stopping: best monitored value so far */
    size_t es_wait;   /* epochs since it last improved */
    float *es_best_params; /* weights of the best epoch (restore_best_weights)
                              or NULL */
    int es_have_best;      /* es_best_params holds a best epoch */

    /* metadata, in insertion order */
    char **meta_keys, **meta_values;
    size_t meta_count, meta_cap;

    nn__workspace ws;
};

/* metadata (metadata.c) */
void nn__metadata_free(nn_model *m);
/* Copies src's metadata into dst (which has none). */
nn_status nn__metadata_copy(nn_model *dst, const nn_model *src,
                            const char *fn);

/* Creates the weights from the current seed if they do not exist. */
nn_status nn__model_materialize(nn_model *m, const char *fn);
/* The value of a hyper-parameter in effect (defaults included). */
double nn__model_param(const nn_model *m, nn_param p);
nn__act_params nn__model_act_params(const nn_model *m);
size_t nn__model_widest(const nn_model *m);
/* Index of the last dense layer, or SIZE_MAX. */
size_t nn__model_last_dense(const nn_model *m);
/* Allocates the gradient and optimizer arenas (compile, load). */
nn_status nn__model_alloc_training(nn_model *m, const char *fn);
void nn__workspace_free(nn__workspace *ws);
/* Validates a public model argument; sets the message. */
nn_status nn__check_model(const nn_model *m, const char *fn);
/* First non-finite value among rows x cols, as row index, or SIZE_MAX. */
size_t nn__first_nonfinite_row(const float *x, size_t rows, size_t cols);

/* ------------------------------------------------------------------------ */
/* forward pass for inference (forward.c)                                    */

/* Rows per chunk that nn__forward_infer is given by its callers. */
size_t nn__infer_chunk_rows(const nn_model *m);
/* Runs @p rows rows of x through the network. buf0/buf1 hold rows x widest
 * floats each. out receives the outputs; logits, if not NULL, the last
 * dense layer's pre-activation (rows x outputs). */
void nn__forward_infer(const nn_model *m, const float *x, size_t rows,
                       float *buf0, float *buf1, float *logits, float *out);
/* Sum of per-row losses and count of correct predictions over n rows, in
 * chunks of @p chunk rows; logits and out hold chunk x outputs floats. */
nn_status nn__evaluate_rows(const nn_model *m, const float *x, const float *y,
                            size_t n, size_t chunk, float *buf0, float *buf1,
                            float *logits, float *out, double *loss_sum,
                            size_t *correct);
/* Checks x (finite) and y (labels) of n rows for the compiled loss. */
nn_status nn__check_data(const nn_model *m, const char *fn, const float *x,
                         const float *y, size_t n, const char *what);

/* ------------------------------------------------------------------------ */
/* training (fit.c)                                                          */

/* Forward and backward pass over one batch: fills m->grads with the
 * gradient of the mean loss and returns the summed loss and hits. Needs a
 * workspace of at least @p rows rows (nn__workspace_reserve). */
void nn__train_batch(nn_model *m, const float *xb, const float *yb,
                     size_t rows, double *loss_sum, size_t *correct);
nn_status nn__workspace_reserve(nn_model *m, const char *fn, size_t rows);

/* ------------------------------------------------------------------------ */
/* optimizers (optimizer.c)                                                 */

/* One optimizer step over the whole arena; the gradient is multiplied by
 * grad_scale first (gradient clipping); gmax bounds its magnitudes.
 * Returns 0, or -1 without changing anything when the step would make a
 * weight or moment overflow. */
int nn__optimizer_step(nn_model *m, float grad_scale, double gmax);
/* Largest |x_i| of n floats; NaN or infinity give infinity. */
double nn__max_abs(const float *x, size_t n);

/* ------------------------------------------------------------------------ */
/* data sets (dataset.c, idx.c, csv.c)                                       */

struct nn_dataset {
    size_t rows, cols;
    float *x; /* rows x cols */
    float *y; /* rows, or NULL */
};

/* A new data set owning x and y (y may be NULL); frees both on failure. */
nn_status nn__dataset_new(const char *fn, float *x, float *y, size_t rows,
                          size_t cols, nn_dataset **out);
/* Reads a whole file, plain or gzip-compressed, into a new buffer. At most
 * @p limit bytes are accepted (SIZE_MAX: no limit). */
nn_status nn__read_file(const char *fn, const char *path, size_t limit,
                        unsigned char **data, size_t *size);

/* ------------------------------------------------------------------------ */
/* serialisation (format.c)                                                 */

nn_status nn__model_serialize(const nn_model *m, const char *fn,
                              unsigned char **data, size_t *size);
nn_status nn__model_deserialize(const char *fn, const char *source,
                                const unsigned char *data, size_t size,
                                nn_model **out);

#endif /* NN_INTERNAL_H */
