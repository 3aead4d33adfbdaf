use std::ops::{BitOr, BitOrAssign};
use std::os::raw::c_int;
use std::path::Path;
use std::ptr::{self, NonNull};

use nn_sys as sys;

use crate::error::{check, Error, Result, Status};
use crate::path_cstring;

/// Flags of the loaders (`nn_dataset_flags`), combined with `|`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct DatasetFlags(u32);

impl DatasetFlags {
    /// No flag.
    pub const DEFAULT: DatasetFlags = DatasetFlags(sys::NN_DATASET_DEFAULT);
    /// Scale features to [0, 1].
    pub const NORMALIZE: DatasetFlags = DatasetFlags(sys::NN_DATASET_NORMALIZE);
    /// CSV: the first line is a header.
    pub const CSV_HEADER: DatasetFlags = DatasetFlags(sys::NN_DATASET_CSV_HEADER);
    /// CSV: there is no header line.
    pub const CSV_NO_HEADER: DatasetFlags = DatasetFlags(sys::NN_DATASET_CSV_NO_HEADER);

    /// The C bits.
    pub fn bits(self) -> u32 {
        self.0
    }

    /// Whether every flag of `other` is set.
    pub fn contains(self, other: DatasetFlags) -> bool {
        self.0 & other.0 == other.0
    }
}

impl BitOr for DatasetFlags {
    type Output = DatasetFlags;
    fn bitor(self, rhs: DatasetFlags) -> DatasetFlags {
        DatasetFlags(self.0 | rhs.0)
    }
}

impl BitOrAssign for DatasetFlags {
    fn bitor_assign(&mut self, rhs: DatasetFlags) {
        self.0 |= rhs.0;
    }
}

/// Where the labels of a CSV file are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelColumn {
    /// This 0-based column.
    Index(usize),
    /// The last column (`NN_CSV_LABEL_LAST`).
    Last,
    /// No labels: every column is a feature (`NN_CSV_NO_LABEL`).
    NoLabel,
}

/// Column ranges reported by [`Dataset::normalize`].
#[derive(Clone, Debug, PartialEq)]
pub struct Ranges {
    pub mins: Vec<f32>,
    pub maxs: Vec<f32>,
}

/// A loaded data set (`nn_dataset`): row-major float features and
/// optional float labels, ready for [`Model::fit`](crate::Model::fit).
///
/// `Send` and `Sync`: nn.h lets distinct data sets be used from distinct
/// threads and one be read from many; the only mutations
/// ([`normalize`](Dataset::normalize), [`apply_range`](Dataset::apply_range))
/// take `&mut self`.
#[derive(Debug)]
pub struct Dataset {
    raw: NonNull<sys::nn_dataset>,
}

// SAFETY: see the type's documentation.
unsafe impl Send for Dataset {}
unsafe impl Sync for Dataset {}

impl Drop for Dataset {
    fn drop(&mut self) {
        unsafe { sys::nn_dataset_destroy(self.raw.as_ptr()) }
    }
}

fn take(code: sys::nn_status, raw: *mut sys::nn_dataset) -> Result<Dataset> {
    check(code)?;
    match NonNull::new(raw) {
        Some(raw) => Ok(Dataset { raw }),
        None => Err(Error::new(
            Status::Unknown,
            "libnn returned NN_OK and no data set".to_string(),
        )),
    }
}

impl Dataset {
    /// Loads an IDX images file (MNIST format, plain or gzip) and,
    /// optionally, its labels file.
    pub fn load_idx<P: AsRef<Path>>(images: P, labels: Option<P>, flags: DatasetFlags) -> Result<Dataset> {
        const F: &str = "nn_dataset_load_idx";
        let i = path_cstring(F, images.as_ref())?;
        let l = match &labels {
            Some(p) => Some(path_cstring(F, p.as_ref())?),
            None => None,
        };
        let mut raw = ptr::null_mut();
        let lp = l.as_ref().map_or(ptr::null(), |c| c.as_ptr());
        let code = unsafe { sys::nn_dataset_load_idx(&mut raw, i.as_ptr(), lp, flags.bits()) };
        take(code, raw)
    }

    /// Loads a CSV file (plain or gzip).
    pub fn load_csv<P: AsRef<Path>>(path: P, labels: LabelColumn, flags: DatasetFlags) -> Result<Dataset> {
        const F: &str = "nn_dataset_load_csv";
        let p = path_cstring(F, path.as_ref())?;
        let column: c_int = match labels {
            LabelColumn::Index(i) => match c_int::try_from(i) {
                Ok(c) => c,
                Err(_) => {
                    return Err(Error::new(
                        Status::InvalidArg,
                        format!("{}: label column {} is too large", F, i),
                    ))
                }
            },
            LabelColumn::Last => sys::NN_CSV_LABEL_LAST,
            LabelColumn::NoLabel => sys::NN_CSV_NO_LABEL,
        };
        let mut raw = ptr::null_mut();
        let code = unsafe { sys::nn_dataset_load_csv(&mut raw, p.as_ptr(), column, flags.bits()) };
        take(code, raw)
    }

    /// Rows (samples).
    pub fn rows(&self) -> usize {
        unsafe { sys::nn_dataset_rows(self.raw.as_ptr()) }
    }

    /// Features per row.
    pub fn cols(&self) -> usize {
        unsafe { sys::nn_dataset_cols(self.raw.as_ptr()) }
    }

    /// The `rows * cols` features, row-major.
    pub fn x(&self) -> &[f32] {
        let p = unsafe { sys::nn_dataset_x(self.raw.as_ptr()) };
        let len = self.rows().checked_mul(self.cols()).unwrap_or(0);
        if p.is_null() || len == 0 {
            &[]
        } else {
            // SAFETY: the data set owns rows*cols floats there, changed only
            // through &mut self.
            unsafe { std::slice::from_raw_parts(p, len) }
        }
    }

    /// The labels, one per row; `None` when loaded without labels.
    pub fn y(&self) -> Option<&[f32]> {
        let p = unsafe { sys::nn_dataset_y(self.raw.as_ptr()) };
        if p.is_null() {
            None
        } else if self.rows() == 0 {
            Some(&[])
        } else {
            // SAFETY: one label per row, owned by the data set.
            Some(unsafe { std::slice::from_raw_parts(p, self.rows()) })
        }
    }

    /// 1 + the largest label when all labels are non-negative integers
    /// (the class count), else 0.
    pub fn classes(&self) -> usize {
        unsafe { sys::nn_dataset_classes(self.raw.as_ptr()) }
    }

    /// Scales every column to [0, 1] by its min and max and returns the
    /// ranges used.
    pub fn normalize(&mut self) -> Result<Ranges> {
        let cols = self.cols();
        let mut r = Ranges {
            mins: vec![0.0; cols],
            maxs: vec![0.0; cols],
        };
        check(unsafe { sys::nn_dataset_normalize(self.raw.as_ptr(), r.mins.as_mut_ptr(), r.maxs.as_mut_ptr()) })?;
        Ok(r)
    }

    /// Applies `x <- (x - min) / (max - min)` per column (e.g. the ranges
    /// of the training set to the test set).
    pub fn apply_range(&mut self, ranges: &Ranges) -> Result<()> {
        const F: &str = "nn_dataset_apply_range";
        let cols = self.cols();
        if ranges.mins.len() != cols || ranges.maxs.len() != cols {
            return Err(Error::new(
                Status::InvalidArg,
                format!(
                    "{}: ranges have {} mins and {} maxs for {} columns",
                    F,
                    ranges.mins.len(),
                    ranges.maxs.len(),
                    cols
                ),
            ));
        }
        check(unsafe { sys::nn_dataset_apply_range(self.raw.as_ptr(), ranges.mins.as_ptr(), ranges.maxs.as_ptr()) })
    }

    /// The underlying handle.
    pub fn as_ptr(&self) -> *const sys::nn_dataset {
        self.raw.as_ptr()
    }
}
