/*
 * nn.h - the whole public interface of libnn, and its manual.
 *
 * Copyright (c) 2026 The libnn authors. SPDX-License-Identifier: MIT
 */
#ifndef NN_H
#define NN_H

/*
 * ===========================================================================
 *  Introduction
 * ===========================================================================
 *
 * libnn trains and runs Keras-style sequential networks of dense layers.
 * Every layer's forward and backward pass over a mini-batch is one matrix
 * product dispatched to OpenBLAS (cblas_sgemm), so training a batch costs
 * little more than the products themselves.
 *
 * The Keras program
 *
 *     model = Sequential([Dense(10, activation="relu", input_shape=(784,)),
 *                         Dense(10, activation="relu"),
 *                         Dense(10, activation="softmax")])
 *     model.compile(optimizer="adam",
 *                   loss="sparse_categorical_crossentropy",
 *                   metrics=["accuracy"])
 *     model.fit(x, y, epochs=5, batch_size=32)
 *
 * reads in C:
 *
 *     nn_model *model;
 *     nn_model_create(&model, 784);
 *     nn_model_add_dense(model, 10, NN_ACT_RELU);
 *     nn_model_add_dense(model, 10, NN_ACT_RELU);
 *     nn_model_add_dense(model, 10, NN_ACT_SOFTMAX);
 *     nn_model_compile(model, NN_OPT_ADAM,
 *                      NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, 0);
 *     nn_fit(model, x, y, n, 5, 32, NULL);
 *     ...
 *     nn_model_destroy(model);
 *
 * (accuracy is always recorded where it is defined; see nn_fit).
 *
 * Conventions, valid for every function below unless its entry says
 * otherwise:
 *
 *  - Every call that can fail returns an nn_status. NN_OK (0) is success.
 *    On failure a message naming the function and the offending argument is
 *    available from nn_last_error() on the calling thread, and every
 *    out-parameter is set to NULL or 0 (pointers, sizes) or NaN (floats).
 *  - Matrices are row-major float32 arrays: an "n x d" matrix is n rows of d
 *    contiguous floats. Layer kernels are "in x units", Keras' layout.
 *  - The library never prints unless asked (nn_fit_options.verbose) and
 *    never exits or aborts the process.
 *  - Arrays passed in are only read during the call; the library keeps no
 *    pointer to them after it returns. Objects it allocates for you are
 *    freed with the matching destroy/free function.
 *  - Thread-safety: distinct models may be used from distinct threads
 *    freely. One model may be read concurrently (nn_predict, nn_evaluate,
 *    getters, nn_model_save, nn_model_clone) as long as no thread modifies
 *    it at the same time; every call taking a non-const nn_model * needs
 *    exclusive access. Exceptions are noted per function: the weights are
 *    created on first use, so the first predict/save/weight read of a model
 *    that has none must not race with another call (compile it first);
 *    nn_set_num_threads is process-wide.
 *  - Indices of layers count every layer, dropout included, from 0, like
 *    Keras' model.layers.
 */

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* NN_API marks the exported functions. Building the library defines
 * NN_BUILDING_LIBRARY so the symbols get default visibility while
 * everything else stays hidden. */
#if defined(NN_BUILDING_LIBRARY) && defined(__GNUC__)
#define NN_API __attribute__((visibility("default")))
#else
#define NN_API
#endif

/*
 * ===========================================================================
 *  Version
 * ===========================================================================
 * NN_VERSION_NUMBER is MAJOR*10000 + MINOR*100 + PATCH. Compare it with
 * nn_version_number() to check that the header matches the loaded library.
 * The soname (libnn.so.MAJOR) changes only when the ABI breaks.
 */
#define NN_VERSION_MAJOR 1
#define NN_VERSION_MINOR 1
#define NN_VERSION_PATCH 0
#define NN_VERSION_NUMBER \
    (NN_VERSION_MAJOR * 10000 + NN_VERSION_MINOR * 100 + NN_VERSION_PATCH)
#define NN_VERSION_STRING "1.1.0"

/** The library's version as "MAJOR.MINOR.PATCH"; a static string.
 *  Thread-safe. Since 1.0. */
NN_API const char *nn_version_string(void);
/** The library's NN_VERSION_NUMBER. Thread-safe. Since 1.0. */
NN_API int nn_version_number(void);

/*
 * ===========================================================================
 *  Status codes and error messages
 * ===========================================================================
 * One list generates the enum and the strings so they cannot drift.
 * The numbers are fixed forever; new codes are appended.
 */
#define NN_STATUS_MAP(XX)                                                     \
    XX(NN_OK, 0, "success")                                                   \
    XX(NN_ERR_INVALID_ARG, 1, "invalid argument")                             \
    XX(NN_ERR_NOMEM, 2, "out of memory")                                      \
    XX(NN_ERR_STATE, 3, "call not valid in the model's current state")        \
    XX(NN_ERR_IO, 4, "input/output error")                                    \
    XX(NN_ERR_FORMAT, 5, "malformed or unsupported data format")              \
    XX(NN_ERR_NUMERIC, 6, "non-finite number (NaN or infinity)")              \
    XX(NN_ERR_CANCELLED, 7, "cancelled by a callback")                        \
    XX(NN_ERR_UNSUPPORTED, 8, "unsupported combination or operation")

typedef enum nn_status {
#define NN_STATUS_ENUM_(name, value, text) name = value,
    NN_STATUS_MAP(NN_STATUS_ENUM_)
#undef NN_STATUS_ENUM_
        NN_STATUS_COUNT_ /* one past the largest code; not a status */
} nn_status;

/** A static, human-readable description of @p status ("out of memory");
 *  "unknown status" for values outside the list. Never NULL, never changes
 *  nn_last_error(). Thread-safe. Since 1.0. */
NN_API const char *nn_status_string(nn_status status);

/** The enumerator's name of @p status ("NN_ERR_NOMEM"); "NN_UNKNOWN" for
 *  values outside the list. Thread-safe. Since 1.0. */
NN_API const char *nn_status_name(nn_status status);

/** The message of the last failed call on the calling thread, e.g.
 *  "nn_fit: label 10 at row 123 is out of range [0, 10)"; "" if no call has
 *  failed on this thread yet. Successful calls do not clear it. The string
 *  is owned by the library and valid until the next failing call on the
 *  same thread. Thread-safe (the message is thread-local). Since 1.0. */
NN_API const char *nn_last_error(void);

/*
 * ===========================================================================
 *  Enumerations
 * ===========================================================================
 * All values are fixed; new ones are appended.
 */

/** Activation functions applied by a dense layer to z = x W + b. */
typedef enum nn_activation {
    NN_ACT_LINEAR = 0,      /* f(z) = z */
    NN_ACT_RELU = 1,        /* f(z) = max(0, z) */
    NN_ACT_SIGMOID = 2,     /* f(z) = 1 / (1 + exp(-z)) */
    NN_ACT_TANH = 3,        /* f(z) = tanh(z) */
    NN_ACT_SOFTMAX = 4,     /* f(z)_i = exp(z_i) / sum_j exp(z_j), per row */
    NN_ACT_LEAKY_RELU = 5,  /* f(z) = z if z > 0 else slope * z
                               (slope: NN_PARAM_LEAKY_SLOPE, default 0.3) */
    NN_ACT_ELU = 6,         /* f(z) = z if z > 0 else alpha (exp(z) - 1)
                               (alpha: NN_PARAM_ELU_ALPHA, default 1.0) */
    NN_ACT_GELU = 7,        /* f(z) = z Phi(z) = z (1 + erf(z / sqrt 2)) / 2,
                               the exact form */
    NN_ACT_SOFTPLUS = 8,    /* f(z) = log(1 + exp(z)) */
    NN_ACT_SIN = 9,         /* f(z) = sin(z) (SIREN layers, CPPN art) */
    NN_ACT_GAUSSIAN = 10    /* f(z) = exp(-z^2) (CPPN art) */
} nn_activation;
#define NN_ACT_COUNT 11

/** Optimizers; their hyper-parameters are set with nn_model_set_param(). */
typedef enum nn_optimizer {
    NN_OPT_SGD = 0,     /* w <- w - lr g  (with momentum: v <- mu v + g,
                           w <- w - lr v; Nesterov: w <- w - lr (g + mu v));
                           default lr 0.01, no momentum */
    NN_OPT_ADAM = 1,    /* Kingma & Ba: m <- b1 m + (1-b1) g,
                           v <- b2 v + (1-b2) g^2,
                           w <- w - lr m^ / (sqrt(v^) + eps) with the bias
                           corrections m^ = m/(1-b1^t), v^ = v/(1-b2^t);
                           default lr 1e-3, b1 0.9, b2 0.999, eps 1e-7 */
    NN_OPT_RMSPROP = 2, /* v <- rho v + (1-rho) g^2,
                           w <- w - lr g / (sqrt(v) + eps);
                           default lr 1e-3, rho 0.9, eps 1e-7 */
    NN_OPT_ADAMW = 3    /* Adam with decoupled weight decay applied first:
                           w <- w - lr wd w; default wd 0.004 */
} nn_optimizer;
#define NN_OPT_COUNT 4

/** Losses. Each is the mean over the batch (and, for MSE, MAE and binary
 *  cross-entropy, over the outputs too), as in Keras. */
typedef enum nn_loss {
    NN_LOSS_MSE = 0,                /* mean (a - y)^2 */
    NN_LOSS_MAE = 1,                /* mean |a - y| */
    NN_LOSS_BINARY_CROSSENTROPY = 2,/* mean -(y log a + (1-y) log(1-a));
                                       needs a sigmoid last layer, labels in
                                       [0, 1] */
    NN_LOSS_CATEGORICAL_CROSSENTROPY = 3, /* mean_rows -sum_k y_k log a_k;
                                       needs a softmax last layer, y is
                                       n x classes (one-hot or
                                       probabilities, non-negative) */
    NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY = 4 /* the same with y given as
                                       n class indices stored as floats
                                       (integral, in [0, classes)) */
} nn_loss;
#define NN_LOSS_COUNT 5

/** The kinds of layer. */
typedef enum nn_layer_kind {
    NN_LAYER_DENSE = 0,
    NN_LAYER_DROPOUT = 1
} nn_layer_kind;

/** Per-epoch metrics kept in the training history. Accuracy is the argmax
 *  match rate for (sparse) categorical cross-entropy, the rate of outputs on
 *  the right side of 0.5 for binary cross-entropy, and NaN for MSE/MAE. */
typedef enum nn_metric {
    NN_METRIC_LOSS = 0,
    NN_METRIC_ACCURACY = 1,
    NN_METRIC_VAL_LOSS = 2,
    NN_METRIC_VAL_ACCURACY = 3
} nn_metric;
#define NN_METRIC_COUNT 4

/** Hyper-parameters set through nn_model_set_param(). Values are doubles;
 *  flags are 0 or 1. Bounds come from nn_param_bounds(). */
typedef enum nn_param {
    NN_PARAM_LEARNING_RATE = 0, /* > 0; set by nn_model_compile; may be
                                   changed between fits (schedules) */
    NN_PARAM_MOMENTUM = 1,      /* SGD momentum mu in [0, 1); default 0 */
    NN_PARAM_NESTEROV = 2,      /* SGD Nesterov flag 0/1; default 0 */
    NN_PARAM_BETA1 = 3,         /* Adam/AdamW b1 in [0, 1); default 0.9 */
    NN_PARAM_BETA2 = 4,         /* Adam/AdamW b2 in [0, 1); default 0.999 */
    NN_PARAM_EPSILON = 5,       /* Adam/AdamW/RMSprop eps in [1e-30, 1];
                                   default 1e-7 */
    NN_PARAM_RHO = 6,           /* RMSprop rho in [0, 1); default 0.9 */
    NN_PARAM_WEIGHT_DECAY = 7,  /* >= 0; AdamW: decoupled, default 0.004;
                                   SGD, Adam, RMSprop: an L2 term wd w added
                                   to the gradient (PyTorch's form),
                                   default 0 */
    NN_PARAM_CLIP_NORM = 8,     /* >= 0; if > 0 the gradient of all
                                   parameters together is scaled down so its
                                   L2 norm is at most this (PyTorch's
                                   clip_grad_norm_, Keras' global_clipnorm);
                                   default 0 = off */
    NN_PARAM_LEAKY_SLOPE = 9,   /* leaky-ReLU slope in [0, 1]; default 0.3 */
    NN_PARAM_ELU_ALPHA = 10     /* ELU alpha in [0, 100]; default 1.0 */
} nn_param;
#define NN_PARAM_COUNT 11

/*
 * ===========================================================================
 *  Model lifecycle
 * ===========================================================================
 */

/** The opaque model: layers, weights, optimizer state, training history. */
typedef struct nn_model nn_model;

/** Creates an empty model taking rows of @p input_dim features.
 *  @param out        receives the model; NULL on failure.
 *  @param input_dim  1 .. INT_MAX.
 *  @return NN_OK, NN_ERR_INVALID_ARG (NULL out, input_dim out of range),
 *          NN_ERR_NOMEM. The caller owns the model: nn_model_destroy().
 *  Since 1.0. */
NN_API nn_status nn_model_create(nn_model **out, size_t input_dim);

/** Frees the model and everything it owns. NULL is a no-op. Since 1.0. */
NN_API void nn_model_destroy(nn_model *m);

/** Appends a dense layer: a = f(x W + b), W "in x units", b "units".
 *  Weights are not created yet: they appear, Glorot-uniform with zero
 *  biases, the first time they are needed (compile, predict, get/set
 *  weights, save) from the seed then in effect.
 *  @param units  1 .. INT_MAX.
 *  @return NN_OK, NN_ERR_INVALID_ARG (NULL model, units out of range,
 *          unknown activation), NN_ERR_STATE (weights already exist),
 *          NN_ERR_NOMEM. Since 1.0. */
NN_API nn_status nn_model_add_dense(nn_model *m, size_t units,
                                    nn_activation act);

/** Appends an inverted dropout layer: during nn_fit each input is zeroed
 *  with probability @p rate and the survivors scaled by 1/(1-rate); outside
 *  nn_fit it is the identity. The mask comes from the model's generator.
 *  @param rate  in [0, 1).
 *  @return NN_OK, NN_ERR_INVALID_ARG, NN_ERR_STATE (weights exist),
 *          NN_ERR_NOMEM. Since 1.0. */
NN_API nn_status nn_model_add_dropout(nn_model *m, float rate);

/** Sets the seed of the model's random generator (weights, shuffling,
 *  dropout). The generator belongs to the model: there is no global random
 *  state, and the same seed, thread count and data give bit-identical
 *  weights. Weights created later use this seed; once weights exist a new
 *  seed changes only shuffling and dropout. The default seed is 0.
 *  @return NN_OK, NN_ERR_INVALID_ARG (NULL model). Since 1.0. */
NN_API nn_status nn_model_set_seed(nn_model *m, uint64_t seed);

/** Chooses the optimizer and the loss, creating the weights if needed and
 *  resetting the optimizer state (moments, step count). May be called again
 *  to start a new optimizer on the trained weights.
 *  @param learning_rate  > 0, or 0 for the optimizer's default (SGD 0.01,
 *          the others 1e-3).
 *  Cross-entropy losses are fused with the last layer's activation for
 *  numerical stability, so they require it: categorical and sparse
 *  categorical cross-entropy a softmax last layer, binary cross-entropy a
 *  sigmoid one. The last layer must be dense.
 *  @return NN_OK, NN_ERR_INVALID_ARG (NULL model, unknown enum, learning
 *          rate negative, NaN or above nn_param_bounds' maximum),
 *          NN_ERR_STATE (no layers), NN_ERR_UNSUPPORTED (loss/activation
 *          mismatch, or the last layer is not dense), NN_ERR_NOMEM.
 *          Since 1.0. */
NN_API nn_status nn_model_compile(nn_model *m, nn_optimizer opt, nn_loss loss,
                                  float learning_rate);

/** Reports the optimizer and loss given to the last nn_model_compile (or
 *  stored in the file the model was loaded from).
 *  @return NN_OK, NN_ERR_INVALID_ARG (NULL argument), NN_ERR_STATE (not
 *          compiled). Since 1.1. */
NN_API nn_status nn_model_get_compile(const nn_model *m, nn_optimizer *opt,
                                      nn_loss *loss);

/** Sets hyper-parameter @p param to @p value after checking it against
 *  nn_param_bounds(). Takes effect at the next optimizer step or forward
 *  pass; allowed before or after compile (compiling does not reset values
 *  that were set, except NN_PARAM_LEARNING_RATE which compile sets).
 *  @return NN_OK, NN_ERR_INVALID_ARG (NULL model, unknown param, value out
 *          of bounds or NaN). Since 1.0. */
NN_API nn_status nn_model_set_param(nn_model *m, nn_param param, double value);

/** Reads the value of @p param in effect (defaults included; the weight
 *  decay default depends on the compiled optimizer).
 *  @return NN_OK, NN_ERR_INVALID_ARG (NULL argument, unknown param).
 *  Since 1.0. */
NN_API nn_status nn_model_get_param(const nn_model *m, nn_param param,
                                    double *value);

/** The closed range [*min, *max] accepted for @p param (an open end is
 *  documented at the enum; such ends are rejected by nn_model_set_param).
 *  @return NN_OK, NN_ERR_INVALID_ARG. Thread-safe. Since 1.0. */
NN_API nn_status nn_param_bounds(nn_param param, double *min, double *max);

/** Makes an independent deep copy of @p m (layers, weights, compile
 *  settings, optimizer state, generator state, history).
 *  @return NN_OK, NN_ERR_INVALID_ARG, NN_ERR_NOMEM. Since 1.0. */
NN_API nn_status nn_model_clone(const nn_model *m, nn_model **out);

/*
 * ===========================================================================
 *  Training
 * ===========================================================================
 */

/** What nn_fit reports to the per-epoch callback. */
typedef struct nn_epoch_logs {
    size_t struct_size; /* sizeof(nn_epoch_logs) of the library */
    size_t epoch;       /* 0-based */
    size_t epochs;      /* requested epochs */
    float loss, accuracy, val_loss, val_accuracy; /* NaN if not computed */
    double seconds;     /* wall time of this epoch */
} nn_epoch_logs;

/** Called after every batch's optimizer step. @p loss and @p accuracy are
 *  the running means over the epoch so far. Return non-zero to cancel:
 *  nn_fit then returns NN_ERR_CANCELLED, keeping the weights of every
 *  completed step. */
typedef int (*nn_batch_callback)(void *user, size_t epoch, size_t batch,
                                 size_t batches, float loss, float accuracy);

/** Called after every epoch (and its validation). Return non-zero to stop
 *  training early; nn_fit then returns NN_OK (like Keras' stop_training). */
typedef int (*nn_epoch_callback)(void *user, const nn_epoch_logs *logs);

/** Options of nn_fit. Always fill with nn_fit_options_init() first, then
 *  change fields: struct_size lets later versions add fields at the end
 *  without breaking programs built against this header. */
typedef struct nn_fit_options {
    size_t struct_size;      /* set by nn_fit_options_init */
    int shuffle;             /* reshuffle the training rows every epoch;
                                default 1 */
    float validation_split;  /* fraction in [0, 1) of rows taken from the
                                END of x/y, before shuffling, as validation
                                data (Keras); default 0 */
    const float *val_x;      /* explicit validation data (overrides the
                                split): val_n x input_dim */
    const float *val_y;      /* val_n labels in the training layout */
    size_t val_n;
    int verbose;             /* 0 silent (default); 1 one line per epoch
                                on stderr */
    /* Early stopping: off when patience == 0. Stops when the monitored
     * metric has not improved by more than min_delta for patience epochs
     * (losses must fall, accuracies rise). */
    nn_metric monitor;       /* default NN_METRIC_VAL_LOSS (falls back to
                                NN_METRIC_LOSS when there is no validation
                                data) */
    size_t patience;         /* default 0 = off */
    float min_delta;         /* default 0 */
    int restore_best_weights;/* default 0; when early stopping stops the
                                run, go back to the weights of the best
                                epoch (Keras 2); a run that reaches its last
                                epoch keeps its last weights */
    nn_batch_callback on_batch;  /* default NULL */
    void *on_batch_user;
    nn_epoch_callback on_epoch;  /* default NULL */
    void *on_epoch_user;
    const char *checkpoint_path; /* if set, the model is saved there
                                    atomically every checkpoint_period
                                    epochs and after the last one */
    size_t checkpoint_period;    /* default 1 */
    /* Since 1.1 (programs built against 1.0 pass the smaller struct_size
     * and get the defaults below): */
    int resume;              /* 0 (default): a new training run: the
                                history and the early-stopping state start
                                afresh and epochs count from 0. 1: continue
                                the run this model (or the file it was
                                loaded from) was in: epochs count on from
                                nn_model_epochs_done(), the history is
                                extended, early stopping keeps its best
                                value and patience counter. With the same
                                data and options, fitting A epochs, saving,
                                loading and fitting B more with resume = 1
                                gives bit for bit the weights of one fit of
                                A + B epochs. */
} nn_fit_options;

/** Fills @p opts with the defaults above. @return NN_OK or
 *  NN_ERR_INVALID_ARG (NULL). Since 1.0. */
NN_API nn_status nn_fit_options_init(nn_fit_options *opts);

/** Trains a compiled model with mini-batch gradient descent.
 *  @param x  n x input_dim inputs.
 *  @param y  n x output_dim targets, or for sparse categorical
 *            cross-entropy n class indices stored as floats (integral, in
 *            range).
 *  @param epochs      passes over the data; 0 does nothing and returns
 *            NN_OK.
 *  @param batch_size  rows per optimizer step (>= 1; larger than the
 *            training rows means one full batch). The last batch of an
 *            epoch may be smaller.
 *  @param opts  NULL for the defaults.
 *  Each step computes the loss on the batch (dropout active), its gradient
 *  by back-propagation (dL/dW = x^T delta, the origin story's
 *  delta-w = alpha delta x), and one optimizer update. The history
 *  (nn_model_history_*) is reset and then holds one record per completed
 *  epoch. All data is checked before training starts: NaN or infinite
 *  values in x or y give NN_ERR_NUMERIC naming the row; labels out of
 *  range or non-integral give NN_ERR_INVALID_ARG naming the row.
 *  After warm-up (the first batch) no memory is allocated per batch.
 *  @return NN_OK; NN_ERR_INVALID_ARG (NULL pointers, n or batch_size 0,
 *          n x dim overflow, bad options or labels); NN_ERR_STATE (not
 *          compiled); NN_ERR_NUMERIC (bad data, or training diverged: the
 *          weights are those of the last step whose loss and gradient were
 *          finite); NN_ERR_CANCELLED (by on_batch); NN_ERR_NOMEM; NN_ERR_IO
 *          (checkpoint could not be written; training stops). Since 1.0. */
NN_API nn_status nn_fit(nn_model *m, const float *x, const float *y, size_t n,
                        size_t epochs, size_t batch_size,
                        const nn_fit_options *opts);

/** Epochs completed by the current training run (see
 *  nn_fit_options.resume); stored in model files. 0 for NULL. Since 1.1. */
NN_API size_t nn_model_epochs_done(const nn_model *m);

/** Number of epochs recorded by the last nn_fit (0 before any). Since 1.0. */
NN_API size_t nn_model_history_len(const nn_model *m);

/** Reads one metric of one epoch of the last fit's history; NaN where it was
 *  not computed (no validation data, accuracy for MSE).
 *  @return NN_OK, NN_ERR_INVALID_ARG (NULL, epoch >= history length,
 *          unknown metric). Since 1.0. */
NN_API nn_status nn_model_history_get(const nn_model *m, size_t epoch,
                                      nn_metric metric, float *value);

/*
 * ===========================================================================
 *  Inference
 * ===========================================================================
 */

/** Runs the network on @p n rows of @p x (n x input_dim) and writes
 *  n x output_dim outputs to @p out. Dropout is the identity. Creates the
 *  weights if they do not exist yet (hence not const-safe in that one case:
 *  call it, or compile, once before sharing an uninitialised model between
 *  threads). Thread-safe for concurrent calls on one model with weights;
 *  each call uses its own scratch memory. NaN inputs give NaN outputs.
 *  The result for a row does not depend on the other rows, but its last
 *  bits may depend on how many rows are passed together (one row takes a
 *  matrix-vector product, several a matrix-matrix one).
 *  @return NN_OK, NN_ERR_INVALID_ARG (NULL, n == 0, size overflow),
 *          NN_ERR_STATE (no layers), NN_ERR_NOMEM. Since 1.0. */
NN_API nn_status nn_predict(const nn_model *m, const float *x, size_t n,
                            float *out);

/** Computes the loss and accuracy of a compiled model on @p n rows (y in
 *  the nn_fit layout). Either output may be NULL. Labels are checked as in
 *  nn_fit. Thread-safe like nn_predict.
 *  @return NN_OK, NN_ERR_INVALID_ARG, NN_ERR_STATE (not compiled),
 *          NN_ERR_NUMERIC, NN_ERR_NOMEM. Since 1.0. */
NN_API nn_status nn_evaluate(const nn_model *m, const float *x, const float *y,
                             size_t n, float *loss, float *accuracy);

/*
 * ===========================================================================
 *  Inspection and weights
 * ===========================================================================
 */

/** Input features per row; 0 for NULL. Since 1.0. */
NN_API size_t nn_model_input_dim(const nn_model *m);
/** Outputs per row (the last layer's width; input_dim with no layers);
 *  0 for NULL. Since 1.0. */
NN_API size_t nn_model_output_dim(const nn_model *m);
/** Number of layers, dropout included; 0 for NULL. Since 1.0. */
NN_API size_t nn_model_layer_count(const nn_model *m);
/** Number of trainable parameters (kernels and biases); 0 for NULL.
 *  Since 1.0. */
NN_API size_t nn_model_param_count(const nn_model *m);

/** Kind of layer @p layer. @return NN_OK, NN_ERR_INVALID_ARG. Since 1.0. */
NN_API nn_status nn_model_layer_kind(const nn_model *m, size_t layer,
                                     nn_layer_kind *kind);
/** Output width of layer @p layer (a dropout layer's equals its input's).
 *  @return NN_OK, NN_ERR_INVALID_ARG. Since 1.0. */
NN_API nn_status nn_model_layer_units(const nn_model *m, size_t layer,
                                      size_t *units);
/** Activation of dense layer @p layer. @return NN_OK, NN_ERR_INVALID_ARG
 *  (also for a dropout layer). Since 1.0. */
NN_API nn_status nn_model_layer_activation(const nn_model *m, size_t layer,
                                           nn_activation *act);
/** Rate of dropout layer @p layer. @return NN_OK, NN_ERR_INVALID_ARG (also
 *  for a dense layer). Since 1.0. */
NN_API nn_status nn_model_layer_dropout_rate(const nn_model *m, size_t layer,
                                             float *rate);

/** Copies dense layer @p layer's kernel (in x units, row-major) and bias
 *  (units) out; either pointer may be NULL to skip it. Creates the weights
 *  if needed (so it is not const-safe before they exist, like nn_predict).
 *  @return NN_OK, NN_ERR_INVALID_ARG (NULL model, layer out of range or a
 *          dropout layer), NN_ERR_NOMEM. Since 1.0. */
NN_API nn_status nn_model_get_weights(const nn_model *m, size_t layer,
                                      float *kernel, float *bias);

/** Replaces dense layer @p layer's kernel and/or bias (NULL keeps it). The
 *  optimizer state is kept. Values must be finite.
 *  @return NN_OK, NN_ERR_INVALID_ARG, NN_ERR_NUMERIC (non-finite value;
 *          nothing is changed), NN_ERR_NOMEM. Since 1.0. */
NN_API nn_status nn_model_set_weights(nn_model *m, size_t layer,
                                      const float *kernel, const float *bias);

/*
 * ===========================================================================
 *  Files and buffers
 * ===========================================================================
 * The format (docs/FORMAT.md: little-endian, versioned, CRC-32 protected)
 * stores the architecture, compile settings and hyper-parameters, the
 * generator state, the weights, the training state (optimizer moments and
 * step count, epochs done, history, early-stopping state) and the metadata.
 * A loaded model predicts bit-identically to the saved one and can continue
 * training exactly where it stopped (nn_fit_options.resume). Files of
 * earlier format versions load; newer ones are refused with NN_ERR_FORMAT.
 */

/** Writes @p m to @p path atomically: a temporary file in the same
 *  directory is written, flushed to disk and renamed over @p path, so a
 *  failed save never damages an existing file. A @p path that exists and is
 *  not a regular file (a directory, a device, a symbolic link) is refused
 *  and left alone. A new file gets mode 0666 less the umask; a replaced one
 *  keeps its mode. Creates the weights if needed (then not safe to call
 *  concurrently, like nn_predict).
 *  @return NN_OK, NN_ERR_INVALID_ARG, NN_ERR_STATE (no dense layer),
 *          NN_ERR_IO (with the system's reason), NN_ERR_NOMEM. Since 1.0. */
NN_API nn_status nn_model_save(const nn_model *m, const char *path);

/** Reads a model saved by nn_model_save().
 *  @return NN_OK, NN_ERR_INVALID_ARG, NN_ERR_IO (cannot open or read),
 *          NN_ERR_FORMAT (not a model file, bad checksum, newer version,
 *          inconsistent content), NN_ERR_NOMEM. Since 1.0. */
NN_API nn_status nn_model_load(nn_model **out, const char *path);

/** Serialises @p m into a new buffer (*data, *size bytes) in the file
 *  format; free it with nn_free(). Creates the weights if needed.
 *  @return NN_OK, NN_ERR_INVALID_ARG, NN_ERR_STATE (no dense layer),
 *          NN_ERR_NOMEM. Since 1.0. */
NN_API nn_status nn_model_save_buffer(const nn_model *m, void **data,
                                      size_t *size);

/** Reads a model from @p size bytes at @p data (not kept after the call).
 *  @return as nn_model_load, without NN_ERR_IO. Since 1.0. */
NN_API nn_status nn_model_load_buffer(nn_model **out, const void *data,
                                      size_t size);

/** Frees memory the library returned (nn_model_save_buffer). NULL is a
 *  no-op. Since 1.0. */
NN_API void nn_free(void *p);

/*
 * ===========================================================================
 *  Metadata
 * ===========================================================================
 * Free-form key/value strings kept with the model and its files: training
 * data name, date, metrics, input scaling, notes. Keys are 1 to 255 bytes,
 * values at most 1 MiB; both are NUL-terminated strings (UTF-8 by
 * convention). Entries keep the order in which keys were first set.
 */

/** Sets @p key to a copy of @p value, replacing an earlier value; a NULL
 *  value removes the key (removing a missing key is not an error).
 *  @return NN_OK, NN_ERR_INVALID_ARG (NULL model or key, key empty or too
 *          long, value too long), NN_ERR_NOMEM. Since 1.1. */
NN_API nn_status nn_model_set_metadata(nn_model *m, const char *key,
                                       const char *value);

/** Looks @p key up: *value points to the library's copy (valid until the
 *  key is set again or the model is destroyed), or is NULL when the key is
 *  absent (still NN_OK). @return NN_OK, NN_ERR_INVALID_ARG. Since 1.1. */
NN_API nn_status nn_model_get_metadata(const nn_model *m, const char *key,
                                       const char **value);

/** Number of metadata entries; 0 for NULL. Since 1.1. */
NN_API size_t nn_model_metadata_count(const nn_model *m);

/** The @p index-th entry (0-based, in insertion order); the strings are
 *  the library's, valid as for nn_model_get_metadata.
 *  @return NN_OK, NN_ERR_INVALID_ARG (NULL, index out of range). Since 1.1. */
NN_API nn_status nn_model_metadata_at(const nn_model *m, size_t index,
                                      const char **key, const char **value);

/*
 * ===========================================================================
 *  Data sets
 * ===========================================================================
 * Loaders for the formats users have their data in, giving row-major float
 * features and float labels ready for nn_fit:
 *  - IDX, the MNIST format (LeCun et al.), plain or gzip-compressed (zlib;
 *    the compression is detected from the content, not the name): an
 *    images file of any element type and shape n x d1 x d2 ... read as n
 *    rows of d1*d2*... features, and a labels file of n values;
 *  - CSV: comma-separated numbers, one row per line, an optional header
 *    line (detected: a first line with a field that is not a number), one
 *    column of labels or none. Parsing never depends on the locale (a
 *    de_DE process still reads 0.5). Also gzip-compressed.
 * Malformed input (truncated, oversized, mismatched counts, bad numbers,
 * ragged rows) gives NN_ERR_FORMAT with a message naming the file and the
 * byte offset or line; unreadable files give NN_ERR_IO.
 * A data set is immutable except through nn_dataset_normalize and
 * nn_dataset_apply_range; distinct data sets may be used from distinct
 * threads, and one may be read from many.
 */

typedef struct nn_dataset nn_dataset;

/** Flags of the loaders, combined with |. */
typedef enum nn_dataset_flags {
    NN_DATASET_DEFAULT = 0,
    /** Scale features to [0, 1]: IDX integer types by their type's range
     *  (unsigned bytes: x / 255), everything else by each column's min and
     *  max over the file (nn_dataset_normalize). */
    NN_DATASET_NORMALIZE = 1,
    /** CSV: the first line is a header, whatever it contains. */
    NN_DATASET_CSV_HEADER = 2,
    /** CSV: there is no header line, whatever the first line contains. */
    NN_DATASET_CSV_NO_HEADER = 4
} nn_dataset_flags;

/** CSV label column meaning "the last column". */
#define NN_CSV_LABEL_LAST (-1)
/** CSV label column meaning "no labels: every column is a feature". */
#define NN_CSV_NO_LABEL (-2)

/** Loads an IDX images file and, unless @p labels_path is NULL, the labels
 *  file that goes with it (their counts must match).
 *  @return NN_OK, NN_ERR_INVALID_ARG, NN_ERR_IO, NN_ERR_FORMAT,
 *          NN_ERR_NOMEM. The caller owns *out: nn_dataset_destroy(). Since
 *          1.1. */
NN_API nn_status nn_dataset_load_idx(nn_dataset **out, const char *images_path,
                                     const char *labels_path,
                                     unsigned flags);

/** Loads a CSV file. @p label_column is the 0-based column holding the
 *  labels, NN_CSV_LABEL_LAST or NN_CSV_NO_LABEL.
 *  @return as nn_dataset_load_idx. Since 1.1. */
NN_API nn_status nn_dataset_load_csv(nn_dataset **out, const char *path,
                                     int label_column, unsigned flags);

/** Frees a data set; NULL is a no-op. Since 1.1. */
NN_API void nn_dataset_destroy(nn_dataset *d);

/** Rows (samples); 0 for NULL. Since 1.1. */
NN_API size_t nn_dataset_rows(const nn_dataset *d);
/** Features per row; 0 for NULL. Since 1.1. */
NN_API size_t nn_dataset_cols(const nn_dataset *d);
/** The rows x cols features, row-major, owned by the data set; NULL for
 *  NULL. Since 1.1. */
NN_API const float *nn_dataset_x(const nn_dataset *d);
/** The labels, one per row, owned by the data set; NULL when loaded
 *  without labels. Since 1.1. */
NN_API const float *nn_dataset_y(const nn_dataset *d);
/** 1 + the largest label when every label is a non-negative integer (the
 *  class count for sparse categorical cross-entropy), else 0. Since 1.1. */
NN_API size_t nn_dataset_classes(const nn_dataset *d);

/** Scales every feature column to [0, 1] by its min and max over the data
 *  set (a constant column becomes 0) and reports the ranges used in
 *  @p mins and @p maxs (cols floats each; either may be NULL) so the same
 *  scaling can be applied to other data (nn_dataset_apply_range).
 *  @return NN_OK, NN_ERR_INVALID_ARG. Since 1.1. */
NN_API nn_status nn_dataset_normalize(nn_dataset *d, float *mins,
                                      float *maxs);

/** Applies x <- (x - min) / (max - min) per column with the given ranges
 *  (0 where max == min); values outside the range map outside [0, 1].
 *  @return NN_OK, NN_ERR_INVALID_ARG (NULL, a range not finite or with
 *          max < min). Since 1.1. */
NN_API nn_status nn_dataset_apply_range(nn_dataset *d, const float *mins,
                                        const float *maxs);

/*
 * ===========================================================================
 *  Threads
 * ===========================================================================
 */

/** Sets the number of threads OpenBLAS uses for the matrix products. This
 *  is PROCESS-WIDE (OpenBLAS has one thread pool): it affects every model
 *  and every other user of OpenBLAS in the process; call it from one thread
 *  while no libnn call runs. @p n <= 0 restores OpenBLAS' own default (its
 *  OPENBLAS_NUM_THREADS or the core count). Results are bit-identical for a
 *  given thread count. Since 1.0. */
NN_API void nn_set_num_threads(int n);

/** The number of threads OpenBLAS currently uses. Since 1.0. */
NN_API int nn_get_num_threads(void);

#ifdef __cplusplus
}
#endif

#endif /* NN_H */
