use std::ffi::CStr;
use std::fmt;
use std::os::raw::c_char;

use nn_sys as sys;

/// Why a call failed: the library's `nn_status` codes other than `NN_OK`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// `NN_ERR_INVALID_ARG`
    InvalidArg,
    /// `NN_ERR_NOMEM`
    NoMem,
    /// `NN_ERR_STATE`: the call is not valid in the model's current state.
    State,
    /// `NN_ERR_IO`
    Io,
    /// `NN_ERR_FORMAT`: malformed or unsupported data.
    Format,
    /// `NN_ERR_NUMERIC`: NaN or infinity.
    Numeric,
    /// `NN_ERR_CANCELLED`: a batch callback asked to stop.
    Cancelled,
    /// `NN_ERR_UNSUPPORTED`
    Unsupported,
    /// A code this crate does not know (a newer library); see
    /// [`Error::code`].
    Unknown,
}

impl Status {
    /// The status of a raw code; `None` for `NN_OK`.
    pub fn from_raw(code: sys::nn_status) -> Option<Status> {
        Some(match code {
            sys::NN_OK => return None,
            sys::NN_ERR_INVALID_ARG => Status::InvalidArg,
            sys::NN_ERR_NOMEM => Status::NoMem,
            sys::NN_ERR_STATE => Status::State,
            sys::NN_ERR_IO => Status::Io,
            sys::NN_ERR_FORMAT => Status::Format,
            sys::NN_ERR_NUMERIC => Status::Numeric,
            sys::NN_ERR_CANCELLED => Status::Cancelled,
            sys::NN_ERR_UNSUPPORTED => Status::Unsupported,
            _ => Status::Unknown,
        })
    }

    /// The raw code; `None` for [`Status::Unknown`].
    pub fn to_raw(self) -> Option<sys::nn_status> {
        Some(match self {
            Status::InvalidArg => sys::NN_ERR_INVALID_ARG,
            Status::NoMem => sys::NN_ERR_NOMEM,
            Status::State => sys::NN_ERR_STATE,
            Status::Io => sys::NN_ERR_IO,
            Status::Format => sys::NN_ERR_FORMAT,
            Status::Numeric => sys::NN_ERR_NUMERIC,
            Status::Cancelled => sys::NN_ERR_CANCELLED,
            Status::Unsupported => sys::NN_ERR_UNSUPPORTED,
            Status::Unknown => return None,
        })
    }
}

/// An error of libnn: the status and the message `nn_last_error()` gave
/// right after the failing call (for example `"nn_fit: label 10 at row 123
/// is out of range [0, 10)"`). Checks this crate makes before calling the
/// library (slice lengths, NUL bytes in strings) produce the same kind of
/// error, with a message in the library's style.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    status: Status,
    code: sys::nn_status,
    message: String,
}

/// `Result<T, nn::Error>`.
pub type Result<T> = std::result::Result<T, Error>;

pub(crate) unsafe fn c_string(p: *const c_char) -> String {
    if p.is_null() {
        String::new()
    } else {
        CStr::from_ptr(p).to_string_lossy().into_owned()
    }
}

impl Error {
    /// The error of a failed call, with the calling thread's
    /// `nn_last_error()`; must be called right after that call.
    pub(crate) fn last(code: sys::nn_status) -> Error {
        let message = unsafe { c_string(sys::nn_last_error()) };
        Error {
            status: Status::from_raw(code).unwrap_or(Status::Unknown),
            code,
            message,
        }
    }

    /// An error found by this crate before calling the library.
    pub(crate) fn new(status: Status, message: String) -> Error {
        Error {
            status,
            code: status.to_raw().unwrap_or(u32::MAX),
            message,
        }
    }

    /// The kind of failure.
    pub fn status(&self) -> Status {
        self.status
    }

    /// The raw `nn_status` code.
    pub fn code(&self) -> u32 {
        self.code
    }

    /// The library's message, naming the function and the argument.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The library's name of the status, e.g. `"NN_ERR_INVALID_ARG"`.
    pub fn status_name(&self) -> String {
        unsafe { c_string(sys::nn_status_name(self.code)) }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.message.is_empty() {
            write!(f, "{}", unsafe { c_string(sys::nn_status_string(self.code)) })
        } else {
            f.write_str(&self.message)
        }
    }
}

impl std::error::Error for Error {}

/// `Ok(())` for `NN_OK`, else the error with the thread's last message.
pub(crate) fn check(code: sys::nn_status) -> Result<()> {
    if code == sys::NN_OK {
        Ok(())
    } else {
        Err(Error::last(code))
    }
}
