//! A deliberately small parser for nn.h, shared by build.rs (which turns the
//! names it finds into a C probe) and tests/drift.rs (which compares the
//! declarations with src/lib.rs). It understands the subset of C nn.h is
//! written in: `NN_API` prototypes, function-pointer typedefs, `typedef enum`
//! and `typedef struct` bodies, object-like `#define`s and the X-macro
//! `NN_STATUS_MAP`. C types are translated to the Rust spelling used in
//! src/lib.rs (`const float *` -> `*const f32`).
#![allow(dead_code)]

/// A prototype or a function-pointer typedef.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Func {
    pub name: String,
    /// (parameter name, Rust type)
    pub params: Vec<(String, String)>,
    /// Rust return type; "" for void.
    pub ret: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Enum {
    pub name: String,
    pub enumerators: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Struct {
    pub name: String,
    /// (field name, Rust type)
    pub fields: Vec<(String, String)>,
}

#[derive(Clone, Debug, Default)]
pub struct Header {
    pub functions: Vec<Func>,
    pub callbacks: Vec<Func>,
    pub enums: Vec<Enum>,
    pub structs: Vec<Struct>,
    /// Object-like public macros: (name, replacement text).
    pub defines: Vec<(String, String)>,
}

impl Header {
    /// Every public constant: enumerators, then object-like macros.
    pub fn constant_names(&self) -> Vec<String> {
        let mut v: Vec<String> = Vec::new();
        for e in &self.enums {
            v.extend(e.enumerators.iter().cloned());
        }
        v.extend(self.defines.iter().map(|d| d.0.clone()));
        v
    }
}

/// Removes comments (string literals are kept intact) and joins
/// backslash-continued lines.
pub fn clean(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'"' {
            out.push(b[i]);
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' && i + 1 < b.len() {
                    out.push(b[i]);
                    i += 1;
                }
                out.push(b[i]);
                i += 1;
            }
            if i < b.len() {
                out.push(b[i]);
                i += 1;
            }
        } else if b[i] == b'/' && i + 1 < b.len() && b[i + 1] == b'*' {
            i += 2;
            while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                if b[i] == b'\n' {
                    out.push(b'\n');
                }
                i += 1;
            }
            i += 2;
            out.push(b' ');
        } else if b[i] == b'/' && i + 1 < b.len() && b[i + 1] == b'/' {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i] == b'\\' && i + 1 < b.len() && b[i + 1] == b'\n' {
            out.push(b' ');
            i += 2;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c == '_' || c.is_ascii_alphabetic() => {}
        _ => return false,
    }
    chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

/// Translates a C type (no declarator name) to its Rust spelling.
pub fn c_type_to_rust(c: &str) -> Result<String, String> {
    let spaced = c.replace('*', " * ");
    let mut base: Option<String> = None;
    let mut base_const = false;
    let mut stars: Vec<bool> = Vec::new(); // each `*`, with its own const
    for tok in spaced.split_whitespace() {
        match tok {
            "const" => {
                if let Some(last) = stars.last_mut() {
                    *last = true;
                } else {
                    base_const = true;
                }
            }
            "*" => stars.push(false),
            "int" if base.as_deref() == Some("unsigned") => {}
            t if is_ident(t) && base.is_none() => base = Some(t.to_string()),
            t => return Err(format!("cannot translate C type `{}` (at `{}`)", c, t)),
        }
    }
    let base = base.ok_or_else(|| format!("no base type in `{}`", c))?;
    let mut rust = match base.as_str() {
        "void" => "c_void".to_string(),
        "char" => "c_char".to_string(),
        "int" => "c_int".to_string(),
        "unsigned" => "c_uint".to_string(),
        "float" => "f32".to_string(),
        "double" => "f64".to_string(),
        "size_t" => "usize".to_string(),
        "uint64_t" => "u64".to_string(),
        "int64_t" => "i64".to_string(),
        "uint32_t" => "u32".to_string(),
        "int32_t" => "i32".to_string(),
        other if other.starts_with("nn_") => other.to_string(),
        other => return Err(format!("unknown C base type `{}` in `{}`", other, c)),
    };
    if stars.is_empty() && rust == "c_void" {
        return Ok(String::new());
    }
    let mut pointee_const = base_const;
    for star_const in stars {
        rust = format!("{} {}", if pointee_const { "*const" } else { "*mut" }, rust);
        pointee_const = star_const;
    }
    Ok(rust)
}

/// Splits "const nn_model *m" into ("m", "*const nn_model").
fn c_param(p: &str) -> Result<(String, String), String> {
    let p = p.trim();
    let name_start = p
        .rfind(|c: char| !(c == '_' || c.is_ascii_alphanumeric()))
        .map(|i| i + 1)
        .unwrap_or(0);
    let (ty, name) = p.split_at(name_start);
    if !is_ident(name) || ty.trim().is_empty() {
        return Err(format!("unnamed or malformed parameter `{}`", p));
    }
    Ok((name.to_string(), c_type_to_rust(ty)?))
}

fn c_params(list: &str) -> Result<Vec<(String, String)>, String> {
    let list = list.trim();
    if list == "void" || list.is_empty() {
        return Ok(Vec::new());
    }
    list.split(',').map(c_param).collect()
}

/// The text between the `(` at `open` and its matching `)`.
fn balanced(s: &str, open: usize) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    for (i, c) in s[open..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some((open + 1, open + i));
                }
            }
            _ => {}
        }
    }
    None
}

/// Statements (up to `;`) that start with `keyword`, outside preprocessor
/// lines.
fn statements_starting<'a>(code: &'a str, keyword: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(pos) = code[from..].find(keyword) {
        let start = from + pos;
        let before_ok = start == 0 || {
            let c = code.as_bytes()[start - 1];
            !(c == b'_' || c.is_ascii_alphanumeric())
        };
        let after = start + keyword.len();
        let after_ok = code[after..].chars().next().map_or(false, |c| c.is_whitespace());
        let line_start = code[..start].rfind('\n').map_or(0, |i| i + 1);
        let in_directive = code[line_start..start].trim_start().starts_with('#');
        if before_ok && after_ok && !in_directive {
            // The `;` that ends the statement, outside any `{}` body.
            let mut depth = 0i32;
            let mut end = code.len();
            for (i, c) in code[start..].char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ';' if depth == 0 => {
                        end = start + i;
                        break;
                    }
                    _ => {}
                }
            }
            out.push(&code[start..end]);
            from = end;
        } else {
            from = after;
        }
    }
    out
}

/// Parses nn.h's text.
pub fn parse(src: &str) -> Result<Header, String> {
    let code = clean(src);
    let mut h = Header::default();
    let mut xmacros: Vec<(String, Vec<String>)> = Vec::new();

    // Preprocessor: object-like constants and X-macro lists.
    for line in code.lines() {
        let t = line.trim_start();
        if !t.starts_with('#') {
            continue;
        }
        let t = t[1..].trim_start();
        if !t.starts_with("define") {
            continue;
        }
        let rest = t["define".len()..].trim_start();
        let name_end = rest
            .find(|c: char| !(c == '_' || c.is_ascii_alphanumeric()))
            .unwrap_or(rest.len());
        let name = &rest[..name_end];
        let after = &rest[name_end..];
        if after.starts_with('(') {
            // Function-like: collect XX(NAME, ...) entries of an X-macro.
            let mut entries = Vec::new();
            let mut s = after;
            while let Some(p) = s.find("XX(") {
                let open = p + 2;
                let (a, b) = balanced(s, open).ok_or("unbalanced X-macro entry")?;
                let first = s[a..b].split(',').next().unwrap_or("").trim();
                entries.push(first.to_string());
                s = &s[b..];
            }
            if !entries.is_empty() {
                xmacros.push((name.to_string(), entries));
            }
            continue;
        }
        let value = after.trim();
        let private = name.ends_with('_') || name == "NN_H" || name == "NN_API";
        if name.starts_with("NN_") && !private && !value.is_empty() {
            h.defines.push((name.to_string(), value.to_string()));
        }
    }

    // Drop preprocessor lines from here on.
    let code: String = code
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n");

    for stmt in statements_starting(&code, "NN_API") {
        let s = stmt["NN_API".len()..].trim();
        let open = s.find('(').ok_or_else(|| format!("no `(` in `{}`", s))?;
        let (a, b) = balanced(s, open).ok_or("unbalanced prototype")?;
        let head = s[..open].trim();
        let name_start = head
            .rfind(|c: char| !(c == '_' || c.is_ascii_alphanumeric()))
            .map_or(0, |i| i + 1);
        let name = &head[name_start..];
        h.functions.push(Func {
            name: name.to_string(),
            ret: c_type_to_rust(&head[..name_start])?,
            params: c_params(&s[a..b])?,
        });
    }

    for stmt in statements_starting(&code, "typedef") {
        let s = stmt["typedef".len()..].trim();
        if let Some(star) = s.find("(*") {
            // typedef RET (*NAME)(PARAMS)
            let (_, nb) = balanced(s, star).ok_or("unbalanced typedef")?;
            let name = s[star + 2..nb].trim();
            let popen = s[nb + 1..].find('(').ok_or("typedef without parameters")? + nb + 1;
            let (pa, pb) = balanced(s, popen).ok_or("unbalanced typedef")?;
            h.callbacks.push(Func {
                name: name.to_string(),
                ret: c_type_to_rust(&s[..star])?,
                params: c_params(&s[pa..pb])?,
            });
            continue;
        }
        let (is_enum, rest) = if let Some(r) = s.strip_prefix("enum") {
            (true, r)
        } else if let Some(r) = s.strip_prefix("struct") {
            (false, r)
        } else {
            continue;
        };
        let (open, close) = match (rest.find('{'), rest.rfind('}')) {
            (Some(o), Some(c)) => (o, c),
            _ => continue, // typedef struct nn_model nn_model;
        };
        let name = rest[close + 1..].trim().to_string();
        let body = &rest[open + 1..close];
        if is_enum {
            let mut enumerators = Vec::new();
            for item in body.split(',') {
                for line in item.lines() {
                    let line = line.trim();
                    if line.is_empty() {
                        continue;
                    }
                    if line.contains('(') && !line.contains('=') {
                        // An X-macro expansion: splice its entries in.
                        let mac = line[..line.find('(').unwrap_or(0)].trim();
                        match xmacros.iter().find(|(n, _)| n == mac) {
                            Some((_, e)) => enumerators.extend(e.iter().cloned()),
                            None => return Err(format!("unknown macro `{}` in enum", mac)),
                        }
                        continue;
                    }
                    let ident = line.split('=').next().unwrap_or("").trim();
                    if !is_ident(ident) {
                        return Err(format!("cannot parse enumerator `{}`", line));
                    }
                    if !ident.ends_with('_') {
                        enumerators.push(ident.to_string());
                    }
                }
            }
            h.enums.push(Enum { name, enumerators });
        } else {
            let mut fields = Vec::new();
            for decl in body.split(';') {
                let decl = decl.trim();
                if decl.is_empty() {
                    continue;
                }
                if decl.contains('(') {
                    return Err(format!("function-pointer field `{}`: use a typedef", decl));
                }
                let mut parts = decl.split(',');
                let first = parts.next().unwrap_or("");
                let (fname, fty) = c_param(first)?;
                // The base type shared by further declarators (no stars).
                let base = first[..first.len() - fname.len()].trim_end_matches(|c: char| c == '*' || c.is_whitespace());
                fields.push((fname, fty));
                for more in parts {
                    let (n, t) = c_param(&format!("{} {}", base, more.trim()))?;
                    fields.push((n, t));
                }
            }
            h.structs.push(Struct { name, fields });
        }
    }
    Ok(h)
}
