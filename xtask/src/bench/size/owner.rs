//! Which crate a wasm item's code belongs to, read from its symbol name: a
//! trait method goes to the implementing type's crate, a std generic to the
//! first other crate in its type arguments.

/// A symbol without its hash (`::h0123…`) and crate disambiguators (`[0123…]`).
pub fn clean(name: &str) -> String {
    let is_hex = |s: &str| s.len() == 16 && s.bytes().all(|b| b.is_ascii_hexdigit());
    let mut name = name;
    if let Some((head, hash)) = name.rsplit_once("::h") {
        if is_hex(hash) {
            name = head;
        }
    }
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(start) = rest.find('[') {
        let candidate = &rest[start + 1..];
        if candidate.len() > 16 && is_hex(&candidate[..16]) && candidate.as_bytes()[16] == b']' {
            out.push_str(&rest[..start]);
            rest = &candidate[17..];
        } else {
            out.push_str(&rest[..=start]);
            rest = candidate;
        }
    }
    out.push_str(rest);
    out
}

/// The standard library's crates: their generics count to the crate they were
/// made for.
pub const STD: &[&str] = &[
    "core",
    "alloc",
    "std",
    "dlmalloc",
    "compiler_builtins",
    "__rustc",
    "panic_abort",
];

/// Not a crate's code: what a wasm module has around it.
pub const NAMES: &str = "(name section, not shipped)";
pub const DATA: &str = "(data: .rodata)";
pub const GLUE: &str = "(wasm-bindgen: imports, exports, shims)";
pub const STRUCTURE: &str = "(module structure: types, tables, headers)";

/// The crate an item's code belongs to (see the module docs in BENCHMARKS.md).
pub fn owner(raw: &str) -> String {
    if raw.contains("subsection") {
        return NAMES.to_owned();
    }
    if raw.starts_with("data segment") {
        return DATA.to_owned();
    }
    let name = clean(raw);
    let is_code_index = name
        .strip_prefix("code[")
        .is_some_and(|r| r.trim_end_matches(']').bytes().all(|b| b.is_ascii_digit()));
    if name.starts_with("import ")
        || name.starts_with("export ")
        || is_code_index
        || name.contains("externref")
        || name.starts_with("__wbindgen")
        || name.starts_with("__wbg")
        || name.starts_with("intounderlying")
        || name == "main"
    {
        return GLUE.to_owned();
    }
    if !name.contains("::") {
        // memcmp, __multi3 and friends are compiler builtins.
        if name.contains('[') || name.starts_with("custom section") || name.contains(' ') {
            return STRUCTURE.to_owned();
        }
        return "core".to_owned();
    }
    let krate = crate_of_symbol(&name).unwrap_or("core");
    if STD.contains(&krate) {
        if let Some(other) = first_other_crate(&name) {
            return other.to_owned();
        }
    }
    krate.to_owned()
}

/// The identifier `s` starts with, when a `::` follows it.
fn leading_path_crate(s: &str) -> Option<&str> {
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    (end > 0 && s[end..].starts_with("::")).then(|| &s[..end])
}

/// `<A as B>::…`: A's crate unless A is std's or no path, then B's.
fn crate_of_symbol(name: &str) -> Option<&str> {
    if !name.starts_with('<') {
        return leading_path_crate(name);
    }
    let inner = angle_inner(name);
    let (a, b) = split_as(inner);
    let ca = crate_of_type(a);
    let cb = b.and_then(crate_of_type);
    match (ca, cb) {
        (Some(a), _) if !STD.contains(&a) => Some(a),
        (_, Some(b)) if !STD.contains(&b) => Some(b),
        (a, b) => a.or(b),
    }
}

fn crate_of_type(ty: &str) -> Option<&str> {
    let mut ty = ty.trim();
    loop {
        let before = ty;
        for prefix in ["&mut ", "&", "*const ", "*mut ", "dyn ", "impl ", "[", "("] {
            ty = ty.strip_prefix(prefix).unwrap_or(ty);
        }
        if ty == before {
            break;
        }
    }
    if ty.starts_with('<') {
        crate_of_symbol(ty)
    } else {
        leading_path_crate(ty)
    }
}

/// What is between the `<` that starts `s` and its matching `>`.
fn angle_inner(s: &str) -> &str {
    let mut depth = 0;
    for (i, c) in s.char_indices() {
        match c {
            '<' => depth += 1,
            '>' => {
                depth -= 1;
                if depth == 0 {
                    return &s[1..i];
                }
            }
            _ => {}
        }
    }
    &s[1..]
}

/// `A as B` at the top level of `inner`.
fn split_as(inner: &str) -> (&str, Option<&str>) {
    let mut depth = 0i32;
    let bytes = inner.as_bytes();
    for (i, c) in inner.char_indices() {
        match c {
            '<' | '(' | '[' => depth += 1,
            '>' | ')' | ']' => depth -= 1,
            ' ' if depth == 0 && bytes[i..].starts_with(b" as ") => {
                return (&inner[..i], Some(&inner[i + 4..]));
            }
            _ => {}
        }
    }
    (inner, None)
}

/// The first crate other than std's that a path in `name` starts with.
fn first_other_crate(name: &str) -> Option<&str> {
    let bytes = name.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let starts =
            i == 0 || matches!(bytes[i - 1], b'<' | b'(' | b' ' | b'&' | b'[' | b',' | b'*');
        if starts && (bytes[i].is_ascii_lowercase() || bytes[i] == b'_') {
            if let Some(krate) = leading_path_crate(&name[i..]) {
                if !STD.contains(&krate) {
                    return Some(krate);
                }
                i += krate.len();
                continue;
            }
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trait_methods_belong_to_the_implementing_type() {
        assert_eq!(
            owner("<reactive_graph::computed::ScopedFuture<Fut> as core::future::future::Future>::poll::h6ed69e67db43c317"),
            "reactive_graph"
        );
        assert_eq!(
            owner("<T as tachys::view::any_view::IntoAny>::into_any::rebuild::h89ac94b0befb9a91"),
            "tachys"
        );
        assert_eq!(
            owner("tachys::reactive_graph::<impl tachys::view::Render for F>::build::{{closure}}::h4f0bdce552e22a41"),
            "tachys"
        );
    }

    #[test]
    fn std_generics_go_to_the_crate_they_were_made_for() {
        assert_eq!(
            owner("core::ptr::drop_in_place<core::option::Option<leptos_identity::modal::Ctx>>::h3bea38e2f93630f1"),
            "leptos_identity"
        );
        assert_eq!(
            owner("<alloc::vec::Vec<T> as core::clone::Clone>::clone::h3bea38e2f93630f1"),
            "alloc"
        );
        assert_eq!(
            owner("<dlmalloc[e24a27700634d609]::dlmalloc::Dlmalloc<A>>::malloc"),
            "dlmalloc"
        );
    }

    #[test]
    fn module_items_are_not_crates() {
        assert_eq!(owner("\"function names\" subsection"), NAMES);
        assert_eq!(owner("data segment \".rodata.50\""), DATA);
        assert_eq!(owner("elem[0]"), STRUCTURE);
        assert_eq!(owner("code[4251]"), GLUE);
        assert_eq!(owner("import ./blog_bg.js::__wbg_new_3cd3"), GLUE);
        assert_eq!(owner("memcmp"), "core");
    }
}
