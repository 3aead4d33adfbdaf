//! Raw declarations of libnn's C interface, one for one with `nn.h`.
//!
//! Everything here is `unsafe` and mirrors the header exactly: the
//! documentation of each item is the header's. The safe interface is the
//! `nn` crate. `tests/drift.rs` parses `nn.h` and checks that every
//! function, callback type, enumerator, macro constant and struct field
//! declared there is declared here with the same type (and, through a C
//! probe compiled by `build.rs`, the same value, size and offset).
//!
//! C enums are given as integer type aliases plus constants (as bindgen's
//! "consts" style does) rather than Rust enums: a value the library writes
//! that this crate does not know (a newer library) is then a plain number,
//! never undefined behaviour. GCC and Clang give enums without negative
//! values the type `unsigned int`, hence `c_uint`.
#![allow(non_camel_case_types)]

use std::os::raw::{c_char, c_int, c_uint, c_void};

// ---------------------------------------------------------------------------
// Version
// ---------------------------------------------------------------------------

pub const NN_VERSION_MAJOR: c_int = 1;
pub const NN_VERSION_MINOR: c_int = 1;
pub const NN_VERSION_PATCH: c_int = 0;
pub const NN_VERSION_NUMBER: c_int = 10100;
pub const NN_VERSION_STRING: &str = "1.1.0";

// ---------------------------------------------------------------------------
// Enumerations
// ---------------------------------------------------------------------------

pub type nn_status = c_uint;
pub const NN_OK: nn_status = 0;
pub const NN_ERR_INVALID_ARG: nn_status = 1;
pub const NN_ERR_NOMEM: nn_status = 2;
pub const NN_ERR_STATE: nn_status = 3;
pub const NN_ERR_IO: nn_status = 4;
pub const NN_ERR_FORMAT: nn_status = 5;
pub const NN_ERR_NUMERIC: nn_status = 6;
pub const NN_ERR_CANCELLED: nn_status = 7;
pub const NN_ERR_UNSUPPORTED: nn_status = 8;

pub type nn_activation = c_uint;
pub const NN_ACT_LINEAR: nn_activation = 0;
pub const NN_ACT_RELU: nn_activation = 1;
pub const NN_ACT_SIGMOID: nn_activation = 2;
pub const NN_ACT_TANH: nn_activation = 3;
pub const NN_ACT_SOFTMAX: nn_activation = 4;
pub const NN_ACT_LEAKY_RELU: nn_activation = 5;
pub const NN_ACT_ELU: nn_activation = 6;
pub const NN_ACT_GELU: nn_activation = 7;
pub const NN_ACT_SOFTPLUS: nn_activation = 8;
pub const NN_ACT_SIN: nn_activation = 9;
pub const NN_ACT_GAUSSIAN: nn_activation = 10;
pub const NN_ACT_COUNT: c_uint = 11;

pub type nn_optimizer = c_uint;
pub const NN_OPT_SGD: nn_optimizer = 0;
pub const NN_OPT_ADAM: nn_optimizer = 1;
pub const NN_OPT_RMSPROP: nn_optimizer = 2;
pub const NN_OPT_ADAMW: nn_optimizer = 3;
pub const NN_OPT_COUNT: c_uint = 4;

pub type nn_loss = c_uint;
pub const NN_LOSS_MSE: nn_loss = 0;
pub const NN_LOSS_MAE: nn_loss = 1;
pub const NN_LOSS_BINARY_CROSSENTROPY: nn_loss = 2;
pub const NN_LOSS_CATEGORICAL_CROSSENTROPY: nn_loss = 3;
pub const NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY: nn_loss = 4;
pub const NN_LOSS_COUNT: c_uint = 5;

pub type nn_layer_kind = c_uint;
pub const NN_LAYER_DENSE: nn_layer_kind = 0;
pub const NN_LAYER_DROPOUT: nn_layer_kind = 1;

pub type nn_metric = c_uint;
pub const NN_METRIC_LOSS: nn_metric = 0;
pub const NN_METRIC_ACCURACY: nn_metric = 1;
pub const NN_METRIC_VAL_LOSS: nn_metric = 2;
pub const NN_METRIC_VAL_ACCURACY: nn_metric = 3;
pub const NN_METRIC_COUNT: c_uint = 4;

pub type nn_param = c_uint;
pub const NN_PARAM_LEARNING_RATE: nn_param = 0;
pub const NN_PARAM_MOMENTUM: nn_param = 1;
pub const NN_PARAM_NESTEROV: nn_param = 2;
pub const NN_PARAM_BETA1: nn_param = 3;
pub const NN_PARAM_BETA2: nn_param = 4;
pub const NN_PARAM_EPSILON: nn_param = 5;
pub const NN_PARAM_RHO: nn_param = 6;
pub const NN_PARAM_WEIGHT_DECAY: nn_param = 7;
pub const NN_PARAM_CLIP_NORM: nn_param = 8;
pub const NN_PARAM_LEAKY_SLOPE: nn_param = 9;
pub const NN_PARAM_ELU_ALPHA: nn_param = 10;
pub const NN_PARAM_COUNT: c_uint = 11;

pub type nn_dataset_flags = c_uint;
pub const NN_DATASET_DEFAULT: nn_dataset_flags = 0;
pub const NN_DATASET_NORMALIZE: nn_dataset_flags = 1;
pub const NN_DATASET_CSV_HEADER: nn_dataset_flags = 2;
pub const NN_DATASET_CSV_NO_HEADER: nn_dataset_flags = 4;

pub const NN_CSV_LABEL_LAST: c_int = -1;
pub const NN_CSV_NO_LABEL: c_int = -2;

// ---------------------------------------------------------------------------
// Opaque types, structs and callbacks
// ---------------------------------------------------------------------------

/// The opaque model.
#[repr(C)]
pub struct nn_model {
    _opaque: [u8; 0],
    // Neither Send, Sync nor Unpin by default: raw pointers decide.
    _marker: std::marker::PhantomData<(*mut u8, std::marker::PhantomPinned)>,
}

/// The opaque data set.
#[repr(C)]
pub struct nn_dataset {
    _opaque: [u8; 0],
    _marker: std::marker::PhantomData<(*mut u8, std::marker::PhantomPinned)>,
}

/// What nn_fit reports to the per-epoch callback.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct nn_epoch_logs {
    pub struct_size: usize,
    pub epoch: usize,
    pub epochs: usize,
    pub loss: f32,
    pub accuracy: f32,
    pub val_loss: f32,
    pub val_accuracy: f32,
    pub seconds: f64,
}

/// Called after every batch's optimizer step; non-zero cancels.
pub type nn_batch_callback = Option<
    unsafe extern "C" fn(
        user: *mut c_void,
        epoch: usize,
        batch: usize,
        batches: usize,
        loss: f32,
        accuracy: f32,
    ) -> c_int,
>;

/// Called after every epoch; non-zero stops training early (NN_OK).
pub type nn_epoch_callback = Option<unsafe extern "C" fn(user: *mut c_void, logs: *const nn_epoch_logs) -> c_int>;

/// Options of nn_fit. Always fill with nn_fit_options_init() first.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct nn_fit_options {
    pub struct_size: usize,
    pub shuffle: c_int,
    pub validation_split: f32,
    pub val_x: *const f32,
    pub val_y: *const f32,
    pub val_n: usize,
    pub verbose: c_int,
    pub monitor: nn_metric,
    pub patience: usize,
    pub min_delta: f32,
    pub restore_best_weights: c_int,
    pub on_batch: nn_batch_callback,
    pub on_batch_user: *mut c_void,
    pub on_epoch: nn_epoch_callback,
    pub on_epoch_user: *mut c_void,
    pub checkpoint_path: *const c_char,
    pub checkpoint_period: usize,
    pub resume: c_int,
}

// ---------------------------------------------------------------------------
// Functions
// ---------------------------------------------------------------------------

extern "C" {
    // Version
    pub fn nn_version_string() -> *const c_char;
    pub fn nn_version_number() -> c_int;

    // Status codes and error messages
    pub fn nn_status_string(status: nn_status) -> *const c_char;
    pub fn nn_status_name(status: nn_status) -> *const c_char;
    pub fn nn_last_error() -> *const c_char;

    // Model lifecycle
    pub fn nn_model_create(out: *mut *mut nn_model, input_dim: usize) -> nn_status;
    pub fn nn_model_destroy(m: *mut nn_model);
    pub fn nn_model_add_dense(m: *mut nn_model, units: usize, act: nn_activation) -> nn_status;
    pub fn nn_model_add_dropout(m: *mut nn_model, rate: f32) -> nn_status;
    pub fn nn_model_set_seed(m: *mut nn_model, seed: u64) -> nn_status;
    pub fn nn_model_compile(m: *mut nn_model, opt: nn_optimizer, loss: nn_loss, learning_rate: f32) -> nn_status;
    pub fn nn_model_get_compile(m: *const nn_model, opt: *mut nn_optimizer, loss: *mut nn_loss) -> nn_status;
    pub fn nn_model_set_param(m: *mut nn_model, param: nn_param, value: f64) -> nn_status;
    pub fn nn_model_get_param(m: *const nn_model, param: nn_param, value: *mut f64) -> nn_status;
    pub fn nn_param_bounds(param: nn_param, min: *mut f64, max: *mut f64) -> nn_status;
    pub fn nn_model_clone(m: *const nn_model, out: *mut *mut nn_model) -> nn_status;

    // Training
    pub fn nn_fit_options_init(opts: *mut nn_fit_options) -> nn_status;
    pub fn nn_fit(
        m: *mut nn_model,
        x: *const f32,
        y: *const f32,
        n: usize,
        epochs: usize,
        batch_size: usize,
        opts: *const nn_fit_options,
    ) -> nn_status;
    pub fn nn_model_epochs_done(m: *const nn_model) -> usize;
    pub fn nn_model_history_len(m: *const nn_model) -> usize;
    pub fn nn_model_history_get(m: *const nn_model, epoch: usize, metric: nn_metric, value: *mut f32) -> nn_status;

    // Inference
    pub fn nn_predict(m: *const nn_model, x: *const f32, n: usize, out: *mut f32) -> nn_status;
    pub fn nn_evaluate(
        m: *const nn_model,
        x: *const f32,
        y: *const f32,
        n: usize,
        loss: *mut f32,
        accuracy: *mut f32,
    ) -> nn_status;

    // Inspection and weights
    pub fn nn_model_input_dim(m: *const nn_model) -> usize;
    pub fn nn_model_output_dim(m: *const nn_model) -> usize;
    pub fn nn_model_layer_count(m: *const nn_model) -> usize;
    pub fn nn_model_param_count(m: *const nn_model) -> usize;
    pub fn nn_model_layer_kind(m: *const nn_model, layer: usize, kind: *mut nn_layer_kind) -> nn_status;
    pub fn nn_model_layer_units(m: *const nn_model, layer: usize, units: *mut usize) -> nn_status;
    pub fn nn_model_layer_activation(m: *const nn_model, layer: usize, act: *mut nn_activation) -> nn_status;
    pub fn nn_model_layer_dropout_rate(m: *const nn_model, layer: usize, rate: *mut f32) -> nn_status;
    pub fn nn_model_get_weights(m: *const nn_model, layer: usize, kernel: *mut f32, bias: *mut f32) -> nn_status;
    pub fn nn_model_set_weights(m: *mut nn_model, layer: usize, kernel: *const f32, bias: *const f32) -> nn_status;

    // Files and buffers
    pub fn nn_model_save(m: *const nn_model, path: *const c_char) -> nn_status;
    pub fn nn_model_load(out: *mut *mut nn_model, path: *const c_char) -> nn_status;
    pub fn nn_model_save_buffer(m: *const nn_model, data: *mut *mut c_void, size: *mut usize) -> nn_status;
    pub fn nn_model_load_buffer(out: *mut *mut nn_model, data: *const c_void, size: usize) -> nn_status;
    pub fn nn_free(p: *mut c_void);

    // Metadata
    pub fn nn_model_set_metadata(m: *mut nn_model, key: *const c_char, value: *const c_char) -> nn_status;
    pub fn nn_model_get_metadata(m: *const nn_model, key: *const c_char, value: *mut *const c_char) -> nn_status;
    pub fn nn_model_metadata_count(m: *const nn_model) -> usize;
    pub fn nn_model_metadata_at(
        m: *const nn_model,
        index: usize,
        key: *mut *const c_char,
        value: *mut *const c_char,
    ) -> nn_status;

    // Data sets
    pub fn nn_dataset_load_idx(
        out: *mut *mut nn_dataset,
        images_path: *const c_char,
        labels_path: *const c_char,
        flags: c_uint,
    ) -> nn_status;
    pub fn nn_dataset_load_csv(
        out: *mut *mut nn_dataset,
        path: *const c_char,
        label_column: c_int,
        flags: c_uint,
    ) -> nn_status;
    pub fn nn_dataset_destroy(d: *mut nn_dataset);
    pub fn nn_dataset_rows(d: *const nn_dataset) -> usize;
    pub fn nn_dataset_cols(d: *const nn_dataset) -> usize;
    pub fn nn_dataset_x(d: *const nn_dataset) -> *const f32;
    pub fn nn_dataset_y(d: *const nn_dataset) -> *const f32;
    pub fn nn_dataset_classes(d: *const nn_dataset) -> usize;
    pub fn nn_dataset_normalize(d: *mut nn_dataset, mins: *mut f32, maxs: *mut f32) -> nn_status;
    pub fn nn_dataset_apply_range(d: *mut nn_dataset, mins: *const f32, maxs: *const f32) -> nn_status;

    // Threads
    pub fn nn_set_num_threads(n: c_int);
    pub fn nn_get_num_threads() -> c_int;
}
