//! nn-sys finds libnn with pkg-config; its directories reach this script as
//! DEP_NN_RPATH and become rpaths of this package's tests and examples, so
//! `cargo test` runs against the library it linked (a Meson build tree
//! included) without LD_LIBRARY_PATH. A program of yours that depends on
//! `nn` needs the same two lines in its own build script (and a
//! `nn-sys` dependency to receive DEP_NN_RPATH), or a library on the
//! loader's path.
use std::env;

fn main() {
    println!("cargo:rerun-if-env-changed=DEP_NN_RPATH");
    if let Some(dirs) = env::var_os("DEP_NN_RPATH") {
        for dir in env::split_paths(&dirs) {
            if !dir.as_os_str().is_empty() {
                println!("cargo:rustc-link-arg=-Wl,-rpath,{}", dir.display());
            }
        }
    }
}
