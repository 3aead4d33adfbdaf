use std::any::Any;
use std::ffi::CString;
use std::os::raw::{c_int, c_void};
use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::ptr;

use nn_sys as sys;

use crate::error::{check, Result};
use crate::model::{expect_len, rows};
use crate::{path_cstring, Metric, Model};

/// Options of [`Model::fit`] (`nn_fit_options`). `Default` gives the
/// library's defaults (from `nn_fit_options_init`); change fields with
/// struct update syntax:
///
/// ```no_run
/// let opts = nn::FitOptions { validation_split: 0.1, patience: 3, ..Default::default() };
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct FitOptions<'a> {
    /// Reshuffle the training rows every epoch (default true).
    pub shuffle: bool,
    /// Fraction in [0, 1) of rows taken from the end as validation data.
    pub validation_split: f32,
    /// Explicit validation data `(x, y)` in the training layout;
    /// overrides `validation_split`.
    pub validation_data: Option<(&'a [f32], &'a [f32])>,
    /// One line per epoch on stderr.
    pub verbose: bool,
    /// Metric watched by early stopping (default [`Metric::ValLoss`]).
    pub monitor: Metric,
    /// Early stopping after this many epochs without improvement; 0 = off.
    pub patience: usize,
    /// Minimum change that counts as an improvement.
    pub min_delta: f32,
    /// Go back to the best epoch's weights when early stopping stops.
    pub restore_best_weights: bool,
    /// Save the model there every `checkpoint_period` epochs and at the end.
    pub checkpoint_path: Option<PathBuf>,
    /// Default 1.
    pub checkpoint_period: usize,
    /// Continue the run the model (or its file) was in.
    pub resume: bool,
}

impl Default for FitOptions<'_> {
    fn default() -> Self {
        let mut o: sys::nn_fit_options = unsafe { std::mem::zeroed() };
        // Cannot fail with a valid pointer.
        let _ = unsafe { sys::nn_fit_options_init(&mut o) };
        FitOptions {
            shuffle: o.shuffle != 0,
            validation_split: o.validation_split,
            validation_data: None,
            verbose: o.verbose != 0,
            monitor: Metric::from_raw(o.monitor).unwrap_or(Metric::ValLoss),
            patience: o.patience,
            min_delta: o.min_delta,
            restore_best_weights: o.restore_best_weights != 0,
            checkpoint_path: None,
            checkpoint_period: o.checkpoint_period,
            resume: o.resume != 0,
        }
    }
}

impl FitOptions<'_> {
    /// The C struct, without callbacks. `keep` receives the checkpoint
    /// path's C string, which must outlive the nn_fit call.
    pub(crate) fn to_raw(
        &self,
        model: &Model,
        label_width: usize,
        keep: &mut Option<CString>,
    ) -> Result<sys::nn_fit_options> {
        const F: &str = "nn_fit";
        let mut o: sys::nn_fit_options = unsafe { std::mem::zeroed() };
        check(unsafe { sys::nn_fit_options_init(&mut o) })?;
        o.shuffle = self.shuffle as c_int;
        o.validation_split = self.validation_split;
        if let Some((vx, vy)) = self.validation_data {
            let n = rows(F, "validation x", vx.len(), model.input_dim())?;
            expect_len(F, "validation y", vy.len(), n, label_width)?;
            o.val_x = vx.as_ptr();
            o.val_y = vy.as_ptr();
            o.val_n = n;
        }
        o.verbose = self.verbose as c_int;
        o.monitor = self.monitor.to_raw();
        o.patience = self.patience;
        o.min_delta = self.min_delta;
        o.restore_best_weights = self.restore_best_weights as c_int;
        if let Some(p) = &self.checkpoint_path {
            let c = path_cstring(F, p)?;
            o.checkpoint_path = c.as_ptr();
            *keep = Some(c); // moving a CString keeps its heap buffer
        }
        o.checkpoint_period = self.checkpoint_period;
        o.resume = self.resume as c_int;
        Ok(o)
    }
}

/// What a closure returns: go on, or stop (a batch closure's stop cancels
/// training with [`Status::Cancelled`](crate::Status::Cancelled); an epoch
/// closure's stops it early with success, like Keras' `stop_training`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Control {
    Continue,
    Stop,
}

/// Reported after every batch's optimizer step.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BatchProgress {
    pub epoch: usize,
    pub batch: usize,
    pub batches: usize,
    /// Running mean over the epoch so far.
    pub loss: f32,
    /// Running mean over the epoch so far; NaN where undefined.
    pub accuracy: f32,
}

/// Reported after every epoch (and its validation); NaN where not computed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EpochLogs {
    pub epoch: usize,
    pub epochs: usize,
    pub loss: f32,
    pub accuracy: f32,
    pub val_loss: f32,
    pub val_accuracy: f32,
    /// Wall time of the epoch.
    pub seconds: f64,
}

type BatchFn<'a> = Box<dyn FnMut(&BatchProgress) -> Control + 'a>;
type EpochFn<'a> = Box<dyn FnMut(&EpochLogs) -> Control + 'a>;

/// Closures for [`Model::fit_with`]. They run on the thread that called
/// fit, so they need not be `Send` and may borrow locals.
#[derive(Default)]
pub struct Callbacks<'a> {
    on_batch: Option<BatchFn<'a>>,
    on_epoch: Option<EpochFn<'a>>,
}

impl<'a> Callbacks<'a> {
    /// No callbacks.
    pub fn new() -> Self {
        Callbacks {
            on_batch: None,
            on_epoch: None,
        }
    }

    /// Called after every batch.
    pub fn on_batch<F: FnMut(&BatchProgress) -> Control + 'a>(mut self, f: F) -> Self {
        self.on_batch = Some(Box::new(f));
        self
    }

    /// Called after every epoch.
    pub fn on_epoch<F: FnMut(&EpochLogs) -> Control + 'a>(mut self, f: F) -> Self {
        self.on_epoch = Some(Box::new(f));
        self
    }
}

impl std::fmt::Debug for Callbacks<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Callbacks")
            .field("on_batch", &self.on_batch.is_some())
            .field("on_epoch", &self.on_epoch.is_some())
            .finish()
    }
}

/// The `user` pointer of both C callbacks during one nn_fit call.
pub(crate) struct Trampoline<'c, 'a> {
    callbacks: &'c mut Callbacks<'a>,
    panic: Option<Box<dyn Any + Send + 'static>>,
}

impl<'c, 'a> Trampoline<'c, 'a> {
    pub(crate) fn new(callbacks: &'c mut Callbacks<'a>) -> Self {
        Trampoline { callbacks, panic: None }
    }

    /// Points the C options at this trampoline, which must stay in place
    /// (not be moved) until nn_fit returns.
    pub(crate) fn install(&mut self, o: &mut sys::nn_fit_options) {
        let user = self as *mut Trampoline<'c, 'a> as *mut c_void;
        if self.callbacks.on_batch.is_some() {
            o.on_batch = Some(batch_trampoline);
            o.on_batch_user = user;
        }
        if self.callbacks.on_epoch.is_some() {
            o.on_epoch = Some(epoch_trampoline);
            o.on_epoch_user = user;
        }
    }

    /// Re-raises a closure's panic, now that no C frame is in between.
    pub(crate) fn resume_panic(&mut self) {
        if let Some(p) = self.panic.take() {
            panic::resume_unwind(p);
        }
    }
}

/// Runs `f` unless an earlier closure panicked; a panic is stored and
/// turns into "stop". Never unwinds.
fn guarded<F: FnOnce() -> Control>(panicked: &mut Option<Box<dyn Any + Send>>, f: F) -> c_int {
    if panicked.is_some() {
        return 1;
    }
    match panic::catch_unwind(AssertUnwindSafe(f)) {
        Ok(Control::Continue) => 0,
        Ok(Control::Stop) => 1,
        Err(payload) => {
            *panicked = Some(payload);
            1
        }
    }
}

unsafe extern "C" fn batch_trampoline(
    user: *mut c_void,
    epoch: usize,
    batch: usize,
    batches: usize,
    loss: f32,
    accuracy: f32,
) -> c_int {
    // SAFETY: `user` is the Trampoline installed by fit_with, alive and not
    // otherwise borrowed while nn_fit runs on this thread.
    let t = &mut *(user as *mut Trampoline<'_, '_>);
    let progress = BatchProgress {
        epoch,
        batch,
        batches,
        loss,
        accuracy,
    };
    match t.callbacks.on_batch.as_mut() {
        Some(f) => guarded(&mut t.panic, || f(&progress)),
        None => 0,
    }
}

unsafe extern "C" fn epoch_trampoline(user: *mut c_void, logs: *const sys::nn_epoch_logs) -> c_int {
    // SAFETY: as in batch_trampoline.
    let t = &mut *(user as *mut Trampoline<'_, '_>);
    if logs.is_null() {
        return 0;
    }
    // Read no more than the library says it wrote (struct_size first).
    let mut raw = sys::nn_epoch_logs {
        struct_size: 0,
        epoch: 0,
        epochs: 0,
        loss: f32::NAN,
        accuracy: f32::NAN,
        val_loss: f32::NAN,
        val_accuracy: f32::NAN,
        seconds: f64::NAN,
    };
    let size = ptr::read(logs as *const usize).min(std::mem::size_of::<sys::nn_epoch_logs>());
    ptr::copy_nonoverlapping(logs as *const u8, &mut raw as *mut sys::nn_epoch_logs as *mut u8, size);
    let l = EpochLogs {
        epoch: raw.epoch,
        epochs: raw.epochs,
        loss: raw.loss,
        accuracy: raw.accuracy,
        val_loss: raw.val_loss,
        val_accuracy: raw.val_accuracy,
        seconds: raw.seconds,
    };
    match t.callbacks.on_epoch.as_mut() {
        Some(f) => guarded(&mut t.panic, || f(&l)),
        None => 0,
    }
}
