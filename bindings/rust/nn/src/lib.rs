//! Safe Rust interface to libnn: Keras-style sequential networks of dense
//! layers, trained and run on OpenBLAS.
//!
//! ```no_run
//! use nn::{Activation, FitOptions, Loss, Model, Optimizer};
//!
//! # fn main() -> nn::Result<()> {
//! let x = [0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0];
//! let y = [0.0, 1.0, 1.0, 0.0];
//! let mut m = Model::new(2)?.seed(1)?.dense(8, Activation::Tanh)?.dense(1, Activation::Sigmoid)?;
//! m.compile(Optimizer::Adam, Loss::BinaryCrossentropy, 0.05)?;
//! m.fit(&x, &y, 500, 4, &FitOptions::default())?;
//! println!("{:?}", m.predict(&x)?);
//! # Ok(())
//! # }
//! ```
//!
//! Every fallible call returns [`Result`]; an [`Error`] carries the
//! [`Status`] and the library's message. Matrices are row-major `f32`
//! slices: `n` rows of `input_dim` floats in, `n` rows of `output_dim` out.
//! [`Model`] is `Send` but not `Sync`; [`SharedModel`] is `Sync` (see
//! their documentation for why).

#![warn(missing_debug_implementations, rust_2018_idioms)]

mod dataset;
mod enums;
mod error;
mod fit;
mod model;

use std::ffi::CString;
use std::path::Path;

pub use nn_sys as sys;

pub use dataset::{Dataset, DatasetFlags, LabelColumn, Ranges};
pub use enums::{Activation, LayerKind, Loss, Metric, Optimizer, Param};
pub use error::{Error, Result, Status};
pub use fit::{BatchProgress, Callbacks, Control, EpochLogs, FitOptions};
pub use model::{EpochMetrics, Evaluation, Model, SharedModel};

/// The loaded library's version, "MAJOR.MINOR.PATCH".
pub fn version_string() -> &'static str {
    // A static string of the library.
    unsafe { std::ffi::CStr::from_ptr(sys::nn_version_string()) }
        .to_str()
        .unwrap_or("")
}

/// The loaded library's `NN_VERSION_NUMBER` (MAJOR*10000 + MINOR*100 +
/// PATCH); compare with [`sys::NN_VERSION_NUMBER`], the header's.
pub fn version_number() -> i32 {
    unsafe { sys::nn_version_number() }
}

/// The closed range `(min, max)` accepted for `param`.
pub fn param_bounds(param: Param) -> Result<(f64, f64)> {
    let (mut lo, mut hi) = (0.0, 0.0);
    error::check(unsafe { sys::nn_param_bounds(param.to_raw(), &mut lo, &mut hi) })?;
    Ok((lo, hi))
}

/// Sets the number of OpenBLAS threads; `n <= 0` restores its default.
///
/// # Safety
/// This is process-wide: nn.h requires it be called while no other libnn
/// (or OpenBLAS) call runs on any thread.
pub unsafe fn set_num_threads(n: i32) {
    sys::nn_set_num_threads(n)
}

/// The number of threads OpenBLAS uses.
pub fn num_threads() -> i32 {
    unsafe { sys::nn_get_num_threads() }
}

/// A path as the C string the library takes.
pub(crate) fn path_cstring(func: &str, path: &Path) -> Result<CString> {
    #[cfg(unix)]
    let bytes = {
        use std::os::unix::ffi::OsStrExt;
        path.as_os_str().as_bytes().to_vec()
    };
    #[cfg(not(unix))]
    let bytes = match path.to_str() {
        Some(s) => s.as_bytes().to_vec(),
        None => {
            return Err(Error::new(
                Status::InvalidArg,
                format!("{}: path {:?} is not valid UTF-8", func, path),
            ))
        }
    };
    CString::new(bytes).map_err(|_| {
        Error::new(
            Status::InvalidArg,
            format!("{}: path {:?} contains a NUL byte", func, path),
        )
    })
}
