use std::ffi::CString;
use std::os::raw::{c_char, c_void};
use std::path::Path;
use std::ptr::{self, NonNull};

use nn_sys as sys;

use crate::error::{c_string, check, Error, Result, Status};
use crate::{path_cstring, Activation, LayerKind, Loss, Metric, Optimizer, Param};

/// A sequential network of dense and dropout layers (`nn_model`), owned:
/// dropping it destroys it.
///
/// Methods taking `&self` are the library's const calls (predict, evaluate,
/// getters, save, clone); those taking `&mut self` need exclusive access,
/// as nn.h requires.
///
/// `Model` is [`Send`]: a model keeps no thread-affine state (no
/// thread-local pointers, locks or thread ids; the only thread-local in
/// libnn is the last error message, which this crate reads on the thread
/// that made the failing call, before returning), and nn.h lets distinct
/// models be used from distinct threads.
///
/// `Model` is not [`Sync`]: a model without weights creates them on first
/// use inside the otherwise const calls (predict, save, get_weights), and
/// nn.h says that first use must not race with another call. Use
/// [`Model::into_shared`] to get a [`SharedModel`], which is `Sync` because
/// its weights are known to exist.
#[derive(Debug)]
pub struct Model {
    raw: NonNull<sys::nn_model>,
}

// SAFETY: see the type's documentation: nothing in an nn_model is tied to
// the thread that created it.
unsafe impl Send for Model {}

impl Drop for Model {
    fn drop(&mut self) {
        unsafe { sys::nn_model_destroy(self.raw.as_ptr()) }
    }
}

/// Loss and accuracy from [`Model::evaluate`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Evaluation {
    pub loss: f32,
    /// NaN where accuracy is not defined (MSE, MAE).
    pub accuracy: f32,
}

/// One epoch of the training history; NaN where not computed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EpochMetrics {
    pub loss: f32,
    pub accuracy: f32,
    pub val_loss: f32,
    pub val_accuracy: f32,
}

fn take_model(code: sys::nn_status, raw: *mut sys::nn_model) -> Result<Model> {
    check(code)?;
    match NonNull::new(raw) {
        Some(raw) => Ok(Model { raw }),
        None => Err(Error::new(
            Status::Unknown,
            "libnn returned NN_OK and no model".to_string(),
        )),
    }
}

fn cstring(func: &str, what: &str, s: &str) -> Result<CString> {
    CString::new(s).map_err(|_| Error::new(Status::InvalidArg, format!("{}: {} contains a NUL byte", func, what)))
}

impl Model {
    // -- lifecycle ---------------------------------------------------------

    /// An empty model taking rows of `input_dim` features.
    pub fn new(input_dim: usize) -> Result<Model> {
        let mut raw = ptr::null_mut();
        let code = unsafe { sys::nn_model_create(&mut raw, input_dim) };
        take_model(code, raw)
    }

    /// Builder form of [`add_dense`](Model::add_dense).
    pub fn dense(mut self, units: usize, activation: Activation) -> Result<Model> {
        self.add_dense(units, activation)?;
        Ok(self)
    }

    /// Builder form of [`add_dropout`](Model::add_dropout).
    pub fn dropout(mut self, rate: f32) -> Result<Model> {
        self.add_dropout(rate)?;
        Ok(self)
    }

    /// Builder form of [`set_seed`](Model::set_seed).
    pub fn seed(mut self, seed: u64) -> Result<Model> {
        self.set_seed(seed)?;
        Ok(self)
    }

    /// Appends a dense layer `a = f(x W + b)`.
    pub fn add_dense(&mut self, units: usize, activation: Activation) -> Result<&mut Model> {
        check(unsafe { sys::nn_model_add_dense(self.raw.as_ptr(), units, activation.to_raw()) })?;
        Ok(self)
    }

    /// Appends an inverted dropout layer with `rate` in [0, 1).
    pub fn add_dropout(&mut self, rate: f32) -> Result<&mut Model> {
        check(unsafe { sys::nn_model_add_dropout(self.raw.as_ptr(), rate) })?;
        Ok(self)
    }

    /// Seeds the model's own generator (weights, shuffling, dropout).
    pub fn set_seed(&mut self, seed: u64) -> Result<()> {
        check(unsafe { sys::nn_model_set_seed(self.raw.as_ptr(), seed) })
    }

    /// Chooses optimizer and loss, creating the weights if needed;
    /// `learning_rate` 0 takes the optimizer's default.
    pub fn compile(&mut self, optimizer: Optimizer, loss: Loss, learning_rate: f32) -> Result<()> {
        check(unsafe { sys::nn_model_compile(self.raw.as_ptr(), optimizer.to_raw(), loss.to_raw(), learning_rate) })
    }

    /// The optimizer and loss of the last compile (or of the loaded file).
    pub fn compile_settings(&self) -> Result<(Optimizer, Loss)> {
        let (mut opt, mut loss) = (0, 0);
        check(unsafe { sys::nn_model_get_compile(self.raw.as_ptr(), &mut opt, &mut loss) })?;
        match (Optimizer::from_raw(opt), Loss::from_raw(loss)) {
            (Some(o), Some(l)) => Ok((o, l)),
            _ => Err(Error::new(
                Status::Unsupported,
                format!(
                    "nn_model_get_compile: optimizer {} or loss {} is unknown to this crate",
                    opt, loss
                ),
            )),
        }
    }

    /// Sets a hyper-parameter after checking it against its bounds.
    pub fn set_param(&mut self, param: Param, value: f64) -> Result<()> {
        check(unsafe { sys::nn_model_set_param(self.raw.as_ptr(), param.to_raw(), value) })
    }

    /// The value of a hyper-parameter in effect.
    pub fn param(&self, param: Param) -> Result<f64> {
        let mut v = 0.0;
        check(unsafe { sys::nn_model_get_param(self.raw.as_ptr(), param.to_raw(), &mut v) })?;
        Ok(v)
    }

    /// An independent deep copy (`nn_model_clone`).
    pub fn try_clone(&self) -> Result<Model> {
        let mut raw = ptr::null_mut();
        let code = unsafe { sys::nn_model_clone(self.raw.as_ptr(), &mut raw) };
        take_model(code, raw)
    }

    /// Makes sure the weights exist, then wraps the model in a
    /// [`SharedModel`] that may be used from several threads at once.
    /// Fails with [`Status::State`] for a model without a dense layer.
    pub fn into_shared(self) -> Result<SharedModel> {
        for layer in 0..self.layer_count() {
            if self.layer_kind(layer)? == LayerKind::Dense {
                // Creates the weights (all layers') if they do not exist.
                check(unsafe {
                    sys::nn_model_get_weights(self.raw.as_ptr(), layer, ptr::null_mut(), ptr::null_mut())
                })?;
                return Ok(SharedModel(self));
            }
        }
        Err(Error::new(
            Status::State,
            "nn::Model::into_shared: the model has no dense layer".to_string(),
        ))
    }

    // -- raw access --------------------------------------------------------

    /// The underlying handle, for calls this crate does not wrap.
    pub fn as_ptr(&self) -> *const sys::nn_model {
        self.raw.as_ptr()
    }

    /// The underlying handle, for calls this crate does not wrap.
    pub fn as_mut_ptr(&mut self) -> *mut sys::nn_model {
        self.raw.as_ptr()
    }

    /// Gives up ownership; free the result with `nn_model_destroy`.
    pub fn into_raw(self) -> *mut sys::nn_model {
        let raw = self.raw.as_ptr();
        std::mem::forget(self);
        raw
    }

    /// Takes ownership of a model from the C API.
    ///
    /// # Safety
    /// `raw` must be a live model from nn_model_create/load/clone that
    /// nothing else owns or uses afterwards.
    pub unsafe fn from_raw(raw: NonNull<sys::nn_model>) -> Model {
        Model { raw }
    }

    // -- shapes ------------------------------------------------------------

    /// Input features per row.
    pub fn input_dim(&self) -> usize {
        unsafe { sys::nn_model_input_dim(self.raw.as_ptr()) }
    }

    /// Outputs per row.
    pub fn output_dim(&self) -> usize {
        unsafe { sys::nn_model_output_dim(self.raw.as_ptr()) }
    }

    /// Number of layers, dropout included.
    pub fn layer_count(&self) -> usize {
        unsafe { sys::nn_model_layer_count(self.raw.as_ptr()) }
    }

    /// Number of trainable parameters.
    pub fn param_count(&self) -> usize {
        unsafe { sys::nn_model_param_count(self.raw.as_ptr()) }
    }

    /// Kind of layer `layer`.
    pub fn layer_kind(&self, layer: usize) -> Result<LayerKind> {
        let mut k = 0;
        check(unsafe { sys::nn_model_layer_kind(self.raw.as_ptr(), layer, &mut k) })?;
        LayerKind::from_raw(k).ok_or_else(|| {
            Error::new(
                Status::Unsupported,
                format!("nn_model_layer_kind: kind {} is unknown to this crate", k),
            )
        })
    }

    /// Output width of layer `layer`.
    pub fn layer_units(&self, layer: usize) -> Result<usize> {
        let mut u = 0;
        check(unsafe { sys::nn_model_layer_units(self.raw.as_ptr(), layer, &mut u) })?;
        Ok(u)
    }

    /// Activation of dense layer `layer`.
    pub fn layer_activation(&self, layer: usize) -> Result<Activation> {
        let mut a = 0;
        check(unsafe { sys::nn_model_layer_activation(self.raw.as_ptr(), layer, &mut a) })?;
        Activation::from_raw(a).ok_or_else(|| {
            Error::new(
                Status::Unsupported,
                format!("nn_model_layer_activation: activation {} is unknown to this crate", a),
            )
        })
    }

    /// Rate of dropout layer `layer`.
    pub fn layer_dropout_rate(&self, layer: usize) -> Result<f32> {
        let mut r = 0.0;
        check(unsafe { sys::nn_model_layer_dropout_rate(self.raw.as_ptr(), layer, &mut r) })?;
        Ok(r)
    }

    /// Floats per label row: 1 for sparse categorical cross-entropy, else
    /// the output width. Fails (as `func`) when the model is not compiled.
    fn label_width(&self, func: &str) -> Result<usize> {
        let (mut opt, mut loss) = (0, 0);
        if unsafe { sys::nn_model_get_compile(self.raw.as_ptr(), &mut opt, &mut loss) } != sys::NN_OK {
            return Err(Error::new(
                Status::State,
                format!("{}: the model is not compiled; call compile first", func),
            ));
        }
        Ok(if loss == sys::NN_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY {
            1
        } else {
            self.output_dim()
        })
    }

    // -- training ----------------------------------------------------------

    /// Trains with mini-batch gradient descent (`nn_fit`). `x` holds
    /// `n * input_dim` floats; `y` `n * output_dim`, or `n` class indices
    /// for sparse categorical cross-entropy.
    pub fn fit(
        &mut self,
        x: &[f32],
        y: &[f32],
        epochs: usize,
        batch_size: usize,
        options: &crate::FitOptions<'_>,
    ) -> Result<()> {
        self.fit_with(x, y, epochs, batch_size, options, &mut crate::Callbacks::new())
    }

    /// [`fit`](Model::fit) with per-batch and per-epoch closures.
    ///
    /// A closure that panics cancels training (the C side gets "stop") and
    /// the panic is resumed on this thread once `nn_fit` has returned, so it
    /// never unwinds through C frames; the model keeps the weights of the
    /// steps completed before it.
    pub fn fit_with(
        &mut self,
        x: &[f32],
        y: &[f32],
        epochs: usize,
        batch_size: usize,
        options: &crate::FitOptions<'_>,
        callbacks: &mut crate::Callbacks<'_>,
    ) -> Result<()> {
        const F: &str = "nn_fit";
        let n = rows(F, "x", x.len(), self.input_dim())?;
        let width = self.label_width(F)?;
        expect_len(F, "y", y.len(), n, width)?;
        let mut keep: Option<CString> = None;
        let mut raw = options.to_raw(self, width, &mut keep)?;
        let mut state = crate::fit::Trampoline::new(callbacks);
        state.install(&mut raw);
        let code = unsafe { sys::nn_fit(self.raw.as_ptr(), x.as_ptr(), y.as_ptr(), n, epochs, batch_size, &raw) };
        // Read the message before anything else can fail on this thread.
        let result = check(code);
        state.resume_panic();
        drop(keep);
        result
    }

    /// Epochs completed by the current training run.
    pub fn epochs_done(&self) -> usize {
        unsafe { sys::nn_model_epochs_done(self.raw.as_ptr()) }
    }

    /// Epochs recorded by the last fit.
    pub fn history_len(&self) -> usize {
        unsafe { sys::nn_model_history_len(self.raw.as_ptr()) }
    }

    /// One metric of one epoch of the history; NaN where not computed.
    pub fn history_get(&self, epoch: usize, metric: Metric) -> Result<f32> {
        let mut v = 0.0;
        check(unsafe { sys::nn_model_history_get(self.raw.as_ptr(), epoch, metric.to_raw(), &mut v) })?;
        Ok(v)
    }

    /// The whole history of the last fit, one record per epoch.
    pub fn history(&self) -> Result<Vec<EpochMetrics>> {
        (0..self.history_len())
            .map(|e| {
                Ok(EpochMetrics {
                    loss: self.history_get(e, Metric::Loss)?,
                    accuracy: self.history_get(e, Metric::Accuracy)?,
                    val_loss: self.history_get(e, Metric::ValLoss)?,
                    val_accuracy: self.history_get(e, Metric::ValAccuracy)?,
                })
            })
            .collect()
    }

    // -- inference ---------------------------------------------------------

    /// Runs the network on the rows of `x` (`n * input_dim` floats) and
    /// returns `n * output_dim` outputs.
    pub fn predict(&self, x: &[f32]) -> Result<Vec<f32>> {
        let n = rows("nn_predict", "x", x.len(), self.input_dim())?;
        let mut out = vec![0.0; n.saturating_mul(self.output_dim())];
        self.predict_into(x, &mut out)?;
        Ok(out)
    }

    /// [`predict`](Model::predict) into a caller's buffer of exactly
    /// `n * output_dim` floats.
    pub fn predict_into(&self, x: &[f32], out: &mut [f32]) -> Result<()> {
        const F: &str = "nn_predict";
        let n = rows(F, "x", x.len(), self.input_dim())?;
        expect_len(F, "out", out.len(), n, self.output_dim())?;
        check(unsafe { sys::nn_predict(self.raw.as_ptr(), x.as_ptr(), n, out.as_mut_ptr()) })
    }

    /// Loss and accuracy of a compiled model on `x`, `y` (fit's layout).
    pub fn evaluate(&self, x: &[f32], y: &[f32]) -> Result<Evaluation> {
        const F: &str = "nn_evaluate";
        let n = rows(F, "x", x.len(), self.input_dim())?;
        let width = self.label_width(F)?;
        expect_len(F, "y", y.len(), n, width)?;
        let mut e = Evaluation {
            loss: f32::NAN,
            accuracy: f32::NAN,
        };
        check(unsafe {
            sys::nn_evaluate(
                self.raw.as_ptr(),
                x.as_ptr(),
                y.as_ptr(),
                n,
                &mut e.loss,
                &mut e.accuracy,
            )
        })?;
        Ok(e)
    }

    // -- weights -----------------------------------------------------------

    /// The kernel width of dense layer `layer` (its input width), after
    /// the library has checked `layer` (and created the weights).
    fn dense_shape(&self, layer: usize, func: &str) -> Result<(usize, usize)> {
        let units = self.layer_units(layer)?;
        if self.layer_kind(layer)? != LayerKind::Dense {
            return Err(Error::new(
                Status::InvalidArg,
                format!("{}: layer {} is a dropout layer and has no weights", func, layer),
            ));
        }
        let inputs = if layer == 0 {
            self.input_dim()
        } else {
            self.layer_units(layer - 1)?
        };
        Ok((inputs, units))
    }

    /// Dense layer `layer`'s kernel (`in x units`, row-major) and bias
    /// (`units`). Creates the weights if needed.
    pub fn weights(&self, layer: usize) -> Result<(Vec<f32>, Vec<f32>)> {
        let (inputs, units) = self.dense_shape(layer, "nn_model_get_weights")?;
        let mut kernel = vec![0.0; inputs * units];
        let mut bias = vec![0.0; units];
        check(unsafe { sys::nn_model_get_weights(self.raw.as_ptr(), layer, kernel.as_mut_ptr(), bias.as_mut_ptr()) })?;
        Ok((kernel, bias))
    }

    /// Replaces dense layer `layer`'s kernel and/or bias (`None` keeps it).
    pub fn set_weights(&mut self, layer: usize, kernel: Option<&[f32]>, bias: Option<&[f32]>) -> Result<()> {
        const F: &str = "nn_model_set_weights";
        let (inputs, units) = self.dense_shape(layer, F)?;
        if let Some(k) = kernel {
            expect_len(F, "kernel", k.len(), inputs, units)?;
        }
        if let Some(b) = bias {
            expect_len(F, "bias", b.len(), 1, units)?;
        }
        let kp = kernel.map_or(ptr::null(), |k| k.as_ptr());
        let bp = bias.map_or(ptr::null(), |b| b.as_ptr());
        check(unsafe { sys::nn_model_set_weights(self.raw.as_ptr(), layer, kp, bp) })
    }

    // -- files and buffers -------------------------------------------------

    /// Writes the model to `path` atomically.
    pub fn save<P: AsRef<Path>>(&self, path: P) -> Result<()> {
        let p = path_cstring("nn_model_save", path.as_ref())?;
        check(unsafe { sys::nn_model_save(self.raw.as_ptr(), p.as_ptr()) })
    }

    /// Reads a model written by [`save`](Model::save).
    pub fn load<P: AsRef<Path>>(path: P) -> Result<Model> {
        let p = path_cstring("nn_model_load", path.as_ref())?;
        let mut raw = ptr::null_mut();
        let code = unsafe { sys::nn_model_load(&mut raw, p.as_ptr()) };
        take_model(code, raw)
    }

    /// The model in the file format, in memory.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let mut data: *mut c_void = ptr::null_mut();
        let mut size = 0usize;
        check(unsafe { sys::nn_model_save_buffer(self.raw.as_ptr(), &mut data, &mut size) })?;
        let bytes = if data.is_null() || size == 0 {
            Vec::new()
        } else {
            unsafe { std::slice::from_raw_parts(data as *const u8, size) }.to_vec()
        };
        unsafe { sys::nn_free(data) };
        Ok(bytes)
    }

    /// Reads a model from bytes made by [`to_bytes`](Model::to_bytes).
    pub fn from_bytes(bytes: &[u8]) -> Result<Model> {
        let mut raw = ptr::null_mut();
        let code = unsafe { sys::nn_model_load_buffer(&mut raw, bytes.as_ptr() as *const c_void, bytes.len()) };
        take_model(code, raw)
    }

    // -- metadata ----------------------------------------------------------

    /// Sets `key` to `value` (1..255-byte keys, values up to 1 MiB).
    pub fn set_metadata(&mut self, key: &str, value: &str) -> Result<()> {
        const F: &str = "nn_model_set_metadata";
        let k = cstring(F, "key", key)?;
        let v = cstring(F, "value", value)?;
        check(unsafe { sys::nn_model_set_metadata(self.raw.as_ptr(), k.as_ptr(), v.as_ptr()) })
    }

    /// Removes `key` (a missing key is not an error).
    pub fn remove_metadata(&mut self, key: &str) -> Result<()> {
        let k = cstring("nn_model_set_metadata", "key", key)?;
        check(unsafe { sys::nn_model_set_metadata(self.raw.as_ptr(), k.as_ptr(), ptr::null()) })
    }

    /// The value of `key`, if set. Bytes that are not UTF-8 are replaced
    /// by U+FFFD.
    pub fn metadata(&self, key: &str) -> Result<Option<String>> {
        let k = cstring("nn_model_get_metadata", "key", key)?;
        let mut v: *const c_char = ptr::null();
        check(unsafe { sys::nn_model_get_metadata(self.raw.as_ptr(), k.as_ptr(), &mut v) })?;
        Ok(if v.is_null() {
            None
        } else {
            Some(unsafe { c_string(v) })
        })
    }

    /// Number of metadata entries.
    pub fn metadata_count(&self) -> usize {
        unsafe { sys::nn_model_metadata_count(self.raw.as_ptr()) }
    }

    /// Every (key, value), in the order keys were first set.
    pub fn metadata_entries(&self) -> Result<Vec<(String, String)>> {
        (0..self.metadata_count())
            .map(|i| {
                let (mut k, mut v): (*const c_char, *const c_char) = (ptr::null(), ptr::null());
                check(unsafe { sys::nn_model_metadata_at(self.raw.as_ptr(), i, &mut k, &mut v) })?;
                Ok(unsafe { (c_string(k), c_string(v)) })
            })
            .collect()
    }
}

/// Rows in a slice of `len` floats of rows `width` wide.
pub(crate) fn rows(func: &str, what: &str, len: usize, width: usize) -> Result<usize> {
    if width == 0 || len % width != 0 {
        return Err(Error::new(
            Status::InvalidArg,
            format!(
                "{}: {} has {} floats, not a whole number of rows of {}",
                func, what, len, width
            ),
        ));
    }
    Ok(len / width)
}

/// Checks that a slice holds exactly `n` rows of `width`.
pub(crate) fn expect_len(func: &str, what: &str, len: usize, n: usize, width: usize) -> Result<()> {
    match n.checked_mul(width) {
        Some(want) if want == len => Ok(()),
        _ => Err(Error::new(
            Status::InvalidArg,
            format!(
                "{}: {} has {} floats, expected {} rows of {}",
                func, what, len, n, width
            ),
        )),
    }
}

/// A model whose weights exist, so that every `&self` call is one nn.h
/// allows concurrently: it is [`Sync`] and derefs to [`Model`]'s `&self`
/// methods (predict, evaluate, getters, weights, save, to_bytes,
/// try_clone). Made by [`Model::into_shared`]; [`into_inner`] gives the
/// model back for training.
///
/// [`into_inner`]: SharedModel::into_inner
#[derive(Debug)]
pub struct SharedModel(Model);

// SAFETY: nn.h allows concurrent const calls on one model once its weights
// exist (into_shared created them, and weights are never dropped: layers
// cannot be added once they exist), and only `&self` methods, which wrap
// const calls, are reachable through a shared reference. The last error
// message is thread-local in the library.
unsafe impl Sync for SharedModel {}

impl SharedModel {
    /// The model back, with exclusive access.
    pub fn into_inner(self) -> Model {
        self.0
    }
}

impl std::ops::Deref for SharedModel {
    type Target = Model;
    fn deref(&self) -> &Model {
        &self.0
    }
}
