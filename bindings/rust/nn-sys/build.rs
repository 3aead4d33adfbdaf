//! Finds libnn with the `pkg-config` program and links it.
//!
//! Search path, in order: $LIBNN_PKG_CONFIG_PATH, then
//! $LIBNN_BUILD_DIR/meson-uninstalled (a Meson build tree), then
//! $PKG_CONFIG_PATH and pkg-config's defaults. pkg-config prefers
//! `nn-uninstalled.pc` over `nn.pc` when it sees both (unless
//! PKG_CONFIG_DISABLE_UNINSTALLED is set), so pointing it at a build tree's
//! meson-uninstalled directory links against that tree. $PKG_CONFIG names
//! another pkg-config program.
//!
//! Every library directory found is added as an rpath of this package's
//! tests and examples, and passed to dependents as DEP_NN_RPATH (the `nn`
//! crate's build script does the same for its own); set LIBNN_NO_RPATH=1 to
//! leave rpaths out.
//!
//! It also compiles a tiny C program against the nn.h that pkg-config points
//! to and records what the C compiler says about it (constant values, struct
//! sizes and field offsets) for tests/drift.rs; $CC chooses the compiler.

use std::env;
use std::ffi::OsString;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "build_support/cheader.rs"]
mod cheader;

const MIN_VERSION: &str = "1.1.0";

fn pkg_config(args: &[&str]) -> Result<String, String> {
    let program = env::var_os("PKG_CONFIG").unwrap_or_else(|| OsString::from("pkg-config"));
    let mut paths: Vec<PathBuf> = Vec::new();
    if let Some(p) = env::var_os("LIBNN_PKG_CONFIG_PATH") {
        paths.extend(env::split_paths(&p));
    }
    if let Some(dir) = env::var_os("LIBNN_BUILD_DIR") {
        paths.push(Path::new(&dir).join("meson-uninstalled"));
    }
    if let Some(p) = env::var_os("PKG_CONFIG_PATH") {
        paths.extend(env::split_paths(&p));
    }
    let mut cmd = Command::new(&program);
    cmd.args(args);
    if !paths.is_empty() {
        let joined = env::join_paths(paths).map_err(|e| format!("bad pkg-config path: {}", e))?;
        cmd.env("PKG_CONFIG_PATH", joined);
    }
    let out = cmd.output().map_err(|e| {
        format!(
            "cannot run `{}` ({}); install pkg-config or set PKG_CONFIG",
            program.to_string_lossy(),
            e
        )
    })?;
    if !out.status.success() {
        return Err(format!(
            "`{} {}` failed: {}",
            program.to_string_lossy(),
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn fail(msg: &str) -> ! {
    eprintln!(
        "nn-sys: {}\n\
         nn-sys: libnn >= {} must be visible to pkg-config: install it, or set \
         LIBNN_PKG_CONFIG_PATH (or PKG_CONFIG_PATH) to the directory holding nn.pc, \
         or LIBNN_BUILD_DIR to a Meson build directory of libnn",
        msg, MIN_VERSION
    );
    std::process::exit(1);
}

fn main() {
    for var in [
        "LIBNN_PKG_CONFIG_PATH",
        "LIBNN_BUILD_DIR",
        "LIBNN_NO_RPATH",
        "PKG_CONFIG",
        "PKG_CONFIG_PATH",
        "PKG_CONFIG_LIBDIR",
        "PKG_CONFIG_SYSROOT_DIR",
        "PKG_CONFIG_DISABLE_UNINSTALLED",
        "CC",
    ] {
        println!("cargo:rerun-if-env-changed={}", var);
    }
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=build_support/cheader.rs");

    if let Err(e) = pkg_config(&["--print-errors", "--atleast-version", MIN_VERSION, "nn"]) {
        let found = pkg_config(&["--modversion", "nn"]).unwrap_or_default();
        if found.trim().is_empty() {
            fail(&e);
        }
        fail(&format!("found libnn {}, need >= {}", found.trim(), MIN_VERSION));
    }
    let libs = pkg_config(&["--libs", "nn"]).unwrap_or_else(|e| fail(&e));
    let cflags = pkg_config(&["--cflags-only-I", "nn"]).unwrap_or_else(|e| fail(&e));

    // Link flags.
    let mut lib_dirs: Vec<String> = Vec::new();
    let mut tokens = libs.split_whitespace();
    while let Some(tok) = tokens.next() {
        if let Some(rest) = tok.strip_prefix("-L") {
            let dir = if rest.is_empty() {
                tokens.next().unwrap_or("")
            } else {
                rest
            };
            if !dir.is_empty() {
                println!("cargo:rustc-link-search=native={}", dir);
                lib_dirs.push(dir.to_string());
            }
        } else if let Some(rest) = tok.strip_prefix("-l") {
            let name = if rest.is_empty() {
                tokens.next().unwrap_or("")
            } else {
                rest
            };
            if !name.is_empty() {
                println!("cargo:rustc-link-lib={}", name);
            }
        }
        // -pthread and the like only matter for static linking.
    }
    let unix = env::var("CARGO_CFG_TARGET_FAMILY").map_or(false, |f| f.split(',').any(|x| x == "unix"));
    if unix && env::var_os("LIBNN_NO_RPATH").map_or(true, |v| v.is_empty() || v == "0") {
        for dir in &lib_dirs {
            println!("cargo:rustc-link-arg=-Wl,-rpath,{}", dir);
        }
        // For dependents' build scripts: DEP_NN_RPATH.
        if let Ok(joined) = env::join_paths(&lib_dirs) {
            println!("cargo:rpath={}", joined.to_string_lossy());
        }
    }

    // The header pkg-config points to.
    let mut header: Option<PathBuf> = None;
    let mut tokens = cflags.split_whitespace();
    while let Some(tok) = tokens.next() {
        if let Some(rest) = tok.strip_prefix("-I") {
            let dir = if rest.is_empty() {
                tokens.next().unwrap_or("")
            } else {
                rest
            };
            let candidate = Path::new(dir).join("nn.h");
            if header.is_none() && candidate.is_file() {
                header = Some(candidate);
            }
        }
    }
    if header.is_none() {
        // An installed nn.pc may leave a system include directory implicit.
        for dir in ["/usr/local/include", "/usr/include"] {
            let candidate = Path::new(dir).join("nn.h");
            if header.is_none() && candidate.is_file() {
                header = Some(candidate);
            }
        }
    }

    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR"));
    let facts_path = out_dir.join("c_facts.txt");
    let facts = match &header {
        Some(h) => {
            println!("cargo:rerun-if-changed={}", h.display());
            println!("cargo:include={}", h.parent().unwrap_or(Path::new(".")).display());
            probe(h, &out_dir).unwrap_or_else(|e| {
                println!(
                    "cargo:warning=nn-sys: the C layout probe failed: {}",
                    e.lines().next().unwrap_or("")
                );
                format!("error {}\n", e.replace('\n', " "))
            })
        }
        None => "error nn.h not found in pkg-config's include directories\n".to_string(),
    };
    fs::write(&facts_path, facts).expect("write c_facts.txt");
    println!(
        "cargo:rustc-env=NN_SYS_HEADER={}",
        header.as_ref().map(|h| h.display().to_string()).unwrap_or_default()
    );
    println!("cargo:rustc-env=NN_SYS_C_FACTS={}", facts_path.display());
}

/// Compiles and runs a C program printing what the compiler knows about
/// nn.h: "const NAME VALUE", "str NAME TEXT", "type NAME SIZE SIGNED",
/// "struct NAME SIZE ALIGN", "field STRUCT NAME OFFSET SIZE".
fn probe(header: &Path, out_dir: &Path) -> Result<String, String> {
    if env::var("TARGET").ok() != env::var("HOST").ok() {
        return Err("cross-compiling: the probe cannot run here".to_string());
    }
    let text = fs::read_to_string(header).map_err(|e| format!("{}: {}", header.display(), e))?;
    let h = cheader::parse(&text).map_err(|e| format!("{}: {}", header.display(), e))?;

    let mut c = String::new();
    c.push_str("#include <stdio.h>\n#include <stddef.h>\n#include \"nn.h\"\nint main(void)\n{\n");
    for e in &h.enums {
        for name in &e.enumerators {
            let _ = writeln!(c, "    printf(\"const {0} %lld\\n\", (long long)({0}));", name);
        }
        let _ = writeln!(
            c,
            "    printf(\"type {0} %zu %d\\n\", sizeof({0}), (int)(({0})-1 < ({0})0));",
            e.name
        );
    }
    for (name, value) in &h.defines {
        if value.starts_with('"') {
            let _ = writeln!(c, "    printf(\"str {0} %s\\n\", {0});", name);
        } else {
            let _ = writeln!(c, "    printf(\"const {0} %lld\\n\", (long long)({0}));", name);
        }
    }
    for s in &h.structs {
        let _ = writeln!(
            c,
            "    printf(\"struct {0} %zu %zu\\n\", sizeof({0}), offsetof(struct {{ char c; {0} t; }}, t));",
            s.name
        );
        for (field, _) in &s.fields {
            let _ = writeln!(
                c,
                "    printf(\"field {0} {1} %zu %zu\\n\", offsetof({0}, {1}), sizeof(((const {0} *)0)->{1}));",
                s.name, field
            );
        }
    }
    c.push_str("    return 0;\n}\n");

    let src = out_dir.join("nn_probe.c");
    let exe = out_dir.join("nn_probe");
    fs::write(&src, c).map_err(|e| e.to_string())?;
    let cc = env::var_os("CC").unwrap_or_else(|| OsString::from("cc"));
    let out = Command::new(&cc)
        .arg("-I")
        .arg(header.parent().unwrap_or(Path::new(".")))
        .arg("-o")
        .arg(&exe)
        .arg(&src)
        .output()
        .map_err(|e| format!("cannot run the C compiler `{}`: {}", cc.to_string_lossy(), e))?;
    if !out.status.success() {
        return Err(format!(
            "`{}` failed on {}: {}",
            cc.to_string_lossy(),
            src.display(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let run = Command::new(&exe)
        .output()
        .map_err(|e| format!("cannot run the probe: {}", e))?;
    if !run.status.success() {
        return Err(format!("the probe exited with {}", run.status));
    }
    Ok(String::from_utf8_lossy(&run.stdout).into_owned())
}
