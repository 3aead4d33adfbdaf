//! Drift check: the declarations in src/lib.rs must match nn.h.
//!
//! nn.h (the one pkg-config points to; build.rs records its path) is parsed
//! with build_support/cheader.rs, src/lib.rs is read as text, and what the C
//! compiler says about the header (build.rs's probe: constant values, enum
//! sizes, struct sizes and field offsets) is compared with what the Rust
//! compiler says about this crate.

#[path = "../build_support/cheader.rs"]
mod cheader;

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::CStr;
use std::fs;
use std::mem::{align_of, size_of, size_of_val};

use nn_sys::*;

fn header() -> cheader::Header {
    let path = env!("NN_SYS_HEADER");
    assert!(!path.is_empty(), "build.rs did not find nn.h");
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {}", path, e));
    cheader::parse(&text).unwrap_or_else(|e| panic!("{}: {}", path, e))
}

fn rust_source() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/lib.rs");
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {}", path, e));
    // Drop line comments (doc comments included); lib.rs has no `//` in
    // string literals.
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// What the C compiler said, by kind.
struct Facts {
    consts: BTreeMap<String, i64>,
    strs: BTreeMap<String, String>,
    types: BTreeMap<String, (usize, bool)>,
    structs: BTreeMap<String, (usize, usize)>,
    fields: BTreeMap<(String, String), (usize, usize)>,
}

fn facts() -> Facts {
    let path = env!("NN_SYS_C_FACTS");
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {}", path, e));
    let mut f = Facts {
        consts: BTreeMap::new(),
        strs: BTreeMap::new(),
        types: BTreeMap::new(),
        structs: BTreeMap::new(),
        fields: BTreeMap::new(),
    };
    for line in text.lines() {
        let w: Vec<&str> = line.split_whitespace().collect();
        let num = |i: usize| -> i64 { w[i].parse().unwrap_or_else(|_| panic!("bad fact `{}`", line)) };
        match w.first().copied() {
            Some("error") => panic!("the C probe of build.rs failed: {}", &line[6..]),
            Some("const") => {
                f.consts.insert(w[1].to_string(), num(2));
            }
            Some("str") => {
                f.strs
                    .insert(w[1].to_string(), w.get(2).copied().unwrap_or("").to_string());
            }
            Some("type") => {
                f.types.insert(w[1].to_string(), (num(2) as usize, num(3) != 0));
            }
            Some("struct") => {
                f.structs.insert(w[1].to_string(), (num(2) as usize, num(3) as usize));
            }
            Some("field") => {
                f.fields
                    .insert((w[1].to_string(), w[2].to_string()), (num(3) as usize, num(4) as usize));
            }
            _ => panic!("unknown fact `{}`", line),
        }
    }
    f
}

fn normalize_type(t: &str) -> String {
    let t = t
        .replace("::std::os::raw::", "")
        .replace("std::os::raw::", "")
        .replace("::core::ffi::", "")
        .replace("core::ffi::", "");
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The statements `prefix ... ;` of `src`, without the prefix.
fn items<'a>(src: &'a str, prefix: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut rest = src;
    while let Some(p) = rest.find(prefix) {
        let after = &rest[p + prefix.len()..];
        let end = after.find(';').unwrap_or(after.len());
        out.push(&after[..end]);
        rest = &after[end..];
    }
    out
}

fn split_top_level(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    for c in s.chars() {
        match c {
            '(' | '<' | '[' => depth += 1,
            ')' | '>' | ']' => depth -= 1,
            _ => {}
        }
        if c == ',' && depth == 0 {
            out.push(cur.trim().to_string());
            cur.clear();
        } else {
            cur.push(c);
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

fn rust_params(list: &str) -> Vec<(String, String)> {
    split_top_level(list)
        .into_iter()
        .map(|p| {
            let (n, t) = p.split_once(':').unwrap_or_else(|| panic!("bad parameter `{}`", p));
            (n.trim().to_string(), normalize_type(t))
        })
        .collect()
}

/// Parses `fn name(params) -> ret`.
fn rust_fn(s: &str) -> cheader::Func {
    let open = s.find('(').unwrap();
    let mut depth = 0;
    let mut close = open;
    for (i, c) in s[open..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    close = open + i;
                    break;
                }
            }
            _ => {}
        }
    }
    let name = s[..open].trim().trim_start_matches("fn").trim().to_string();
    let rest = s[close + 1..].trim();
    let ret = rest.strip_prefix("->").map(normalize_type).unwrap_or_default();
    cheader::Func {
        name,
        params: rust_params(&s[open + 1..close]),
        ret,
    }
}

/// The `pub fn`s of the `extern "C"` blocks of lib.rs.
fn rust_functions(src: &str) -> Vec<cheader::Func> {
    let mut out = Vec::new();
    let mut rest = src;
    while let Some(p) = rest.find("extern \"C\" {") {
        let body_start = p + "extern \"C\" {".len();
        let body_end = rest[body_start..].find("\n}").expect("unterminated extern block") + body_start;
        for item in rest[body_start..body_end].split(';') {
            let item = item.trim();
            if item.is_empty() {
                continue;
            }
            let item = item
                .strip_prefix("pub")
                .unwrap_or_else(|| panic!("private item `{}`", item))
                .trim();
            out.push(rust_fn(item));
        }
        rest = &rest[body_end..];
    }
    out
}

/// `pub type NAME = Option<unsafe extern "C" fn(...) -> R>;`
fn rust_callbacks(src: &str) -> Vec<cheader::Func> {
    let mut out = Vec::new();
    for rest in items(src, "pub type ") {
        let (name, ty) = rest.split_once('=').unwrap();
        if let Some(inner) = ty.trim().strip_prefix("Option<") {
            let inner = inner.trim().strip_suffix('>').unwrap().trim().trim_end_matches(',');
            let inner = inner
                .strip_prefix("unsafe extern \"C\"")
                .expect("callbacks are unsafe extern \"C\"");
            let mut f = rust_fn(inner.trim());
            f.name = name.trim().to_string();
            out.push(f);
        }
    }
    out
}

/// `pub type NAME = T;` aliases that are not callbacks.
fn rust_aliases(src: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for rest in items(src, "pub type ") {
        let (name, ty) = rest.split_once('=').unwrap();
        if !ty.contains("fn(") {
            out.insert(name.trim().to_string(), normalize_type(ty));
        }
    }
    out
}

/// `pub const NAME: TYPE = VALUE;` as (type, value text).
fn rust_consts(src: &str) -> BTreeMap<String, (String, String)> {
    let mut out = BTreeMap::new();
    for rest in items(src, "pub const ") {
        let (name, rest) = rest.split_once(':').unwrap();
        let (ty, value) = rest.split_once('=').unwrap();
        out.insert(name.trim().to_string(), (normalize_type(ty), value.trim().to_string()));
    }
    out
}

/// `pub struct NAME { pub f: T, ... }` with named fields.
fn rust_structs(src: &str) -> BTreeMap<String, Vec<(String, String)>> {
    let mut out = BTreeMap::new();
    let mut rest = src;
    while let Some(p) = rest.find("pub struct ") {
        let after = &rest[p + "pub struct ".len()..];
        let open = after.find('{').unwrap();
        let close = after.find('}').unwrap();
        let name = after[..open].trim().to_string();
        let fields = split_top_level(&after[open + 1..close])
            .into_iter()
            .map(|f| {
                let f = f.trim().trim_start_matches("pub ").trim();
                let (n, t) = f.split_once(':').unwrap();
                (n.trim().to_string(), normalize_type(t))
            })
            .collect();
        out.insert(name, fields);
        rest = &after[close..];
    }
    out
}

#[test]
fn every_function_is_declared_with_the_same_signature() {
    let h = header();
    let rust: BTreeMap<String, cheader::Func> = rust_functions(&rust_source())
        .into_iter()
        .map(|f| (f.name.clone(), f))
        .collect();
    assert!(
        h.functions.len() > 50,
        "parsed only {} functions from nn.h",
        h.functions.len()
    );
    let mut problems = Vec::new();
    for f in &h.functions {
        match rust.get(&f.name) {
            None => problems.push(format!("{} is in nn.h but not in nn-sys", f.name)),
            Some(r) if r != f => problems.push(format!("{}:\n  nn.h   {:?}\n  nn-sys {:?}", f.name, f, r)),
            Some(_) => {}
        }
    }
    let c_names: BTreeSet<&String> = h.functions.iter().map(|f| &f.name).collect();
    for name in rust.keys() {
        if !c_names.contains(name) {
            problems.push(format!("{} is in nn-sys but not in nn.h", name));
        }
    }
    assert!(
        problems.is_empty(),
        "nn-sys drifted from nn.h:\n{}",
        problems.join("\n")
    );
}

#[test]
fn callback_types_match() {
    let h = header();
    let rust = rust_callbacks(&rust_source());
    assert_eq!(h.callbacks.len(), 2);
    assert_eq!(h.callbacks, rust);
}

#[test]
fn constants_match_names_and_values() {
    let h = header();
    let f = facts();
    let rust = rust_consts(&rust_source());
    let aliases = rust_aliases(&rust_source());
    let mut problems = Vec::new();
    let c_names: BTreeSet<String> = h.constant_names().into_iter().collect();
    assert!(c_names.len() > 50, "parsed only {} constants from nn.h", c_names.len());
    for e in &h.enums {
        if !aliases.contains_key(&e.name) {
            problems.push(format!("enum {} has no type alias", e.name));
        }
        for name in &e.enumerators {
            match rust.get(name) {
                Some((ty, _)) if ty != &e.name => problems.push(format!("{} has type {}, not {}", name, ty, e.name)),
                _ => {}
            }
        }
    }
    for name in &c_names {
        match (rust.get(name), f.consts.get(name), f.strs.get(name)) {
            (None, _, _) => problems.push(format!("{} is in nn.h but not in nn-sys", name)),
            (Some((_, v)), Some(c), _) => {
                let parsed: Option<i64> = v.replace('_', "").parse().ok();
                if parsed != Some(*c) {
                    problems.push(format!("{} = {} in nn-sys but {} in C", name, v, c));
                }
            }
            (Some((_, v)), None, Some(s)) => {
                if v.trim_matches('"') != s {
                    problems.push(format!("{} = {} in nn-sys but \"{}\" in C", name, v, s));
                }
            }
            (Some(_), None, None) => problems.push(format!("the C probe did not report {}", name)),
        }
    }
    for name in rust.keys() {
        if !c_names.contains(name) {
            problems.push(format!("{} is in nn-sys but not in nn.h", name));
        }
    }
    assert!(
        problems.is_empty(),
        "nn-sys drifted from nn.h:\n{}",
        problems.join("\n")
    );
}

#[test]
fn enum_types_have_the_c_size_and_signedness() {
    let h = header();
    let f = facts();
    macro_rules! rust_enum_types {
        ($($t:ident),*) => {
            vec![$((stringify!($t), size_of::<$t>(), ((-1i64) as $t as i64) < 0)),*]
        };
    }
    let rust = rust_enum_types!(
        nn_status,
        nn_activation,
        nn_optimizer,
        nn_loss,
        nn_layer_kind,
        nn_metric,
        nn_param,
        nn_dataset_flags
    );
    let listed: BTreeSet<&str> = rust.iter().map(|r| r.0).collect();
    let in_header: BTreeSet<&str> = h.enums.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(listed, in_header, "update the list in this test");
    for (name, size, signed) in rust {
        assert_eq!(
            f.types.get(name),
            Some(&(size, signed)),
            "{}: (size, signed) differ from C",
            name
        );
    }
}

#[test]
fn structs_have_the_c_fields_and_layout() {
    let h = header();
    let f = facts();
    let rust = rust_structs(&rust_source());
    for s in &h.structs {
        assert_eq!(
            rust.get(&s.name),
            Some(&s.fields),
            "fields of {} (left: nn-sys, right: nn.h)",
            s.name
        );
    }
    assert_eq!(h.structs.len(), 2, "update the layout checks below");

    macro_rules! layout {
        ($t:ident { $($field:ident),* $(,)? }) => {{
            // All-zero bytes are a valid value of both structs (null
            // pointers, None callbacks, zero numbers).
            let v: $t = unsafe { std::mem::zeroed() };
            let base = std::ptr::addr_of!(v) as usize;
            let name = stringify!($t);
            assert_eq!(f.structs.get(name), Some(&(size_of::<$t>(), align_of::<$t>())),
                       "size and alignment of {}", name);
            let mut listed = Vec::new();
            $(
                let field = stringify!($field);
                listed.push(field.to_string());
                let offset = std::ptr::addr_of!(v.$field) as usize - base;
                assert_eq!(f.fields.get(&(name.to_string(), field.to_string())),
                           Some(&(offset, size_of_val(&v.$field))),
                           "offset and size of {}.{}", name, field);
            )*
            let declared: Vec<String> = h.structs.iter().find(|s| s.name == name)
                .expect(name).fields.iter().map(|f| f.0.clone()).collect();
            assert_eq!(listed, declared, "update the field list of {} in this test", name);
        }};
    }
    layout!(nn_epoch_logs {
        struct_size,
        epoch,
        epochs,
        loss,
        accuracy,
        val_loss,
        val_accuracy,
        seconds
    });
    layout!(nn_fit_options {
        struct_size,
        shuffle,
        validation_split,
        val_x,
        val_y,
        val_n,
        verbose,
        monitor,
        patience,
        min_delta,
        restore_best_weights,
        on_batch,
        on_batch_user,
        on_epoch,
        on_epoch_user,
        checkpoint_path,
        checkpoint_period,
        resume,
    });
}

/// Takes the address of every function, so the test binary links each of
/// them: a declaration the library does not export fails here.
#[test]
fn every_function_links() {
    macro_rules! addresses {
        ($($f:ident),* $(,)?) => { vec![$((stringify!($f), $f as *const () as usize)),*] };
    }
    let all = addresses!(
        nn_version_string,
        nn_version_number,
        nn_status_string,
        nn_status_name,
        nn_last_error,
        nn_model_create,
        nn_model_destroy,
        nn_model_add_dense,
        nn_model_add_dropout,
        nn_model_set_seed,
        nn_model_compile,
        nn_model_get_compile,
        nn_model_set_param,
        nn_model_get_param,
        nn_param_bounds,
        nn_model_clone,
        nn_fit_options_init,
        nn_fit,
        nn_model_epochs_done,
        nn_model_history_len,
        nn_model_history_get,
        nn_predict,
        nn_evaluate,
        nn_model_input_dim,
        nn_model_output_dim,
        nn_model_layer_count,
        nn_model_param_count,
        nn_model_layer_kind,
        nn_model_layer_units,
        nn_model_layer_activation,
        nn_model_layer_dropout_rate,
        nn_model_get_weights,
        nn_model_set_weights,
        nn_model_save,
        nn_model_load,
        nn_model_save_buffer,
        nn_model_load_buffer,
        nn_free,
        nn_model_set_metadata,
        nn_model_get_metadata,
        nn_model_metadata_count,
        nn_model_metadata_at,
        nn_dataset_load_idx,
        nn_dataset_load_csv,
        nn_dataset_destroy,
        nn_dataset_rows,
        nn_dataset_cols,
        nn_dataset_x,
        nn_dataset_y,
        nn_dataset_classes,
        nn_dataset_normalize,
        nn_dataset_apply_range,
        nn_set_num_threads,
        nn_get_num_threads,
    );
    let listed: BTreeSet<&str> = all.iter().map(|a| a.0).collect();
    let h = header();
    let declared: BTreeSet<&str> = h.functions.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(listed, declared, "update the list in this test");
    assert!(all.iter().all(|a| a.1 != 0));
}

/// The library loaded at run time is the one the header describes.
#[test]
fn loaded_library_matches_the_header() {
    unsafe {
        assert_eq!(nn_version_number(), NN_VERSION_NUMBER);
        assert_eq!(CStr::from_ptr(nn_version_string()).to_str().unwrap(), NN_VERSION_STRING);
        let h = header();
        let status = &h.enums.iter().find(|e| e.name == "nn_status").unwrap().enumerators;
        let rust = rust_consts(&rust_source());
        for name in status {
            let value: nn_status = rust[name].1.parse().unwrap();
            assert_eq!(CStr::from_ptr(nn_status_name(value)).to_str().unwrap(), name);
        }
        let mut o: nn_fit_options = std::mem::zeroed();
        assert_eq!(nn_fit_options_init(&mut o), NN_OK);
        assert_eq!(o.struct_size, size_of::<nn_fit_options>());
    }
}
