//! What the blog's wasm is made of, by crate (twiggy on a build that keeps its
//! names), and what the identity widget adds: a bare Leptos app beside the
//! same app with the widget (`examples/widget-demo`), both built by Trunk like
//! the blog.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use crate::{cmd, site};

/// The file-name prefixes of the blog's two wasm apps in `dist/`.
const STAGE_ONE: &str = "identity-shell-";
const BLOG_APP: &str = "blog-";

/// The numbers the budget table quotes.
pub struct Sizes {
    pub markdown: String,
    /// `identity-shell`'s wasm + JS glue as shipped, gzip -9.
    pub stage_one_gzip: u64,
    /// wasm + JS glue, gzip -9: the widget demo minus the bare app.
    pub widget_adds_gzip: u64,
    /// `leptos_identity` + `identity_core` in the blog's wasm, bytes.
    pub widget_in_blog: u64,
    /// The blog's wasm without its name section, bytes.
    pub blog_code: u64,
}

pub fn run(anchors: &[(String, PathBuf)]) -> anyhow::Result<Sizes> {
    let target = target_dir();
    let out = target.join("bench/size");
    if out.exists() {
        std::fs::remove_dir_all(&out)?;
    }
    std::fs::create_dir_all(&out)?;

    // The blog: the wasm Trunk built for dist/ (`site::build` just ran), before
    // wasm-bindgen and wasm-opt stripped its names.
    let blog_raw = target.join("wasm32-unknown-unknown/release/blog.wasm");
    let blog = named(&blog_raw, "blog", &out)?;
    let blog_items = twiggy(&blog)?;
    let blog_app = shipped_app(&site::dist(), BLOG_APP)?;
    let shipped_blog = blog_app.wasm;

    let demo_dist = out.join("widget-demo-dist");
    trunk_build(
        &crate::root().join("examples/widget-demo"),
        &demo_dist,
        None,
    )?;
    let demo_items = twiggy(&named(
        &target.join("wasm32-unknown-unknown/release/widget-demo.wasm"),
        "widget-demo",
        &out,
    )?)?;

    // The bare app is not a workspace member: its own lock file, a copy of the
    // workspace's (cargo drops what it does not use), so it builds the same
    // versions of Leptos and wasm-bindgen.
    let bare_dir = crate::root().join("tests/bench/bare-leptos");
    std::fs::copy(
        crate::root().join("Cargo.lock"),
        bare_dir.join("Cargo.lock"),
    )?;
    let bare_dist = out.join("bare-leptos-dist");
    trunk_build(&bare_dir, &bare_dist, Some(&target.join("bench-bare")))?;

    let mut md = String::new();
    let blog_parts = attribute(&blog_items);
    let code: u64 = blog_parts.total();
    let diff = 100.0 * (code as f64 - shipped_blog.raw as f64).abs() / shipped_blog.raw as f64;
    md.push_str(&format!(
        "\n## What the wasm is made of\n\n\
         `twiggy top -f csv` ({twiggy}) on the blog's wasm with its names kept: the \
         `target/wasm32-unknown-unknown/release/blog.wasm` Trunk built for `dist/` (the \
         release profile keeps symbols), through `wasm-bindgen --target web` and `wasm-opt -Oz \
         -g` (Trunk's level and binaryen; `-g` keeps the name section). Without its name \
         section it is {code} bytes; the shipped `dist/` wasm is {shipped} bytes \
         ({gzip} gzip -9): {agreement}.\n\n\
         Each function is counted to the crate its symbol names: a trait method to the \
         implementing type's crate (`<reactive_graph::…::ScopedFuture<Fut> as \
         core::future::Future>::poll` is reactive_graph's), std generics (drop glue, `Vec<T>` \
         methods) to the first other crate in their type arguments. Generic Leptos code \
         monomorphised for a component stays Leptos's (`tachys::…::build::{{{{closure}}}}` \
         does not name the component), so the widget's and the blog's views are partly \
         inside the Leptos rows: the widget's own rows are a lower bound. `.rodata` (strings, \
         constant tables, vtables) has no owner in the names.\n\n",
        twiggy = cmd::version_of("twiggy").unwrap_or_default(),
        shipped = shipped_blog.raw,
        gzip = shipped_blog.gzip,
        agreement = if diff < 2.0 {
            format!("the table describes what ships to within {diff:.1}%")
        } else {
            format!(
                "they differ by {diff:.1}%, so the named build is not the one in `dist/` \
                 (something rebuilt one of them): read the shares, not the bytes"
            )
        },
    ));
    md.push_str(&blog_parts.group_table(code));
    md.push_str(&format!(
        "\nThe 25 largest crates:\n\n{}",
        blog_parts.crate_table(code, 25)
    ));
    md.push_str(&format!(
        "\nThe 20 largest items (`twiggy top -n 20`, the name section left out):\n\n{}",
        top_items(&blog_items, code, 20)
    ));

    // What the widget adds.
    let bare = shipped_app(&bare_dist, "")?;
    let demo = shipped_app(&demo_dist, "")?;
    let shell = shipped_app(&site::dist(), STAGE_ONE)?;
    let demo_parts = attribute(&demo_items);
    let demo_code = demo_parts.total();
    let widget_in_demo = demo_parts.widget();
    let widget_in_blog = blog_parts.widget();
    let adds = demo.total_gzip().saturating_sub(bare.total_gzip());
    md.push_str(
        "\n### What the identity widget adds\n\n\
         Three apps built the same way (`trunk build --release`, `wasm-opt -Oz`, the \
         workspace's release profile and locked versions): \
         `tests/bench/bare-leptos` (Leptos 0.8 CSR: a header, a button, a signal), \
         `examples/widget-demo` (the same with `leptos-identity`: menu, modal, events), and \
         the blog. The JS widget's bundle beside them.\n\n\
         | build | wasm raw | wasm gzip -9 | wasm brotli | JS raw | JS gzip -9 | wasm+JS gzip -9 |\n\
         |---|---:|---:|---:|---:|---:|---:|\n",
    );
    for (name, app) in [
        ("bare Leptos", &bare),
        ("Leptos + widget (`widget-demo`)", &demo),
    ] {
        md.push_str(&app.row(name));
    }
    md.push_str(&format!(
        "| **the widget adds** (demo − bare) | {} | {} | {} | {} | {} | **{}** |\n",
        demo.wasm.raw as i64 - bare.wasm.raw as i64,
        demo.wasm.gzip as i64 - bare.wasm.gzip as i64,
        demo.wasm.brotli as i64 - bare.wasm.brotli as i64,
        demo.js.raw as i64 - bare.js.raw as i64,
        demo.js.gzip as i64 - bare.js.gzip as i64,
        adds,
    ));
    md.push_str(&shell.row("the blog's stage one (`identity-shell`, loaded on every visit)"));
    md.push_str(&blog_app.row("the blog's app (stage two, loaded on first use)"));
    for (name, file) in anchors {
        let size = measure(file)?;
        md.push_str(&format!(
            "| {name} alone (anchor) | | | | {} | {} | {} |\n",
            size.raw, size.gzip, size.gzip
        ));
    }
    for (name, file) in anchors {
        let anchor = measure(file)?.gzip;
        md.push_str(&format!(
            "\nThe widget adds {adds} bytes gzip -9 to a bare Leptos app: {:.2}× {name} alone \
             ({anchor}).\n",
            adds as f64 / anchor as f64
        ));
    }
    md.push_str(&format!(
        "\nBy name, `leptos_identity` + `identity_core` are {widget_in_demo} bytes of the demo's \
         {demo_code} ({:.0}%) and {widget_in_blog} bytes of the blog's {code} ({:.0}%); the rest \
         of what the widget adds is the Leptos, serde_json, gloo-net and std code it \
         instantiates.\n",
        100.0 * widget_in_demo as f64 / demo_code as f64,
        100.0 * widget_in_blog as f64 / code as f64,
    ));
    md.push_str(&format!(
        "\nThe widget demo by part:\n\n{}",
        demo_parts.group_table(demo_code)
    ));
    md.push_str(&format!(
        "\nStage one, `crates/identity-shell` (the session read with `JSON.parse`, the menu, \
         storage sync, loading stage two), is {} bytes of wasm+JS gzip -9: {:.2}× the JS widget \
         v2 alone. It is what a first visit of a prerendered page downloads besides HTML and \
         CSS; the Leptos app and its widget come on the first click that needs them.\n",
        shell.total_gzip(),
        shell.total_gzip() as f64
            / anchors
                .iter()
                .find(|(name, _)| name.ends_with("2.0.3"))
                .map(|(_, file)| measure(file).map(|s| s.gzip as f64))
                .transpose()?
                .unwrap_or(f64::NAN),
    ));
    Ok(Sizes {
        stage_one_gzip: shell.total_gzip(),
        markdown: md,
        widget_adds_gzip: adds,
        widget_in_blog,
        blog_code: code,
    })
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|dir| {
            if dir.is_absolute() {
                dir
            } else {
                crate::root().join(dir)
            }
        })
        .unwrap_or_else(|| crate::root().join("target"))
}

/// `trunk build --release` of the app in `dir` into `dist`.
fn trunk_build(dir: &Path, dist: &Path, target: Option<&Path>) -> anyhow::Result<()> {
    let mut trunk = cmd::new("trunk");
    trunk
        .current_dir(dir)
        .args(["build", "--release", "--dist"])
        .arg(dist)
        .env("CARGO_NET_OFFLINE", "true");
    if let Some(target) = target {
        trunk.env("CARGO_TARGET_DIR", target);
    }
    cmd::run(&mut trunk)
}

/// The wasm as Trunk ships it, but with its names: wasm-bindgen, then
/// `wasm-opt -Oz -g`.
fn named(raw: &Path, name: &str, out: &Path) -> anyhow::Result<PathBuf> {
    if !raw.is_file() {
        bail!("{} is missing: build the app first", raw.display());
    }
    let dir = out.join(name);
    cmd::run(
        cmd::new("wasm-bindgen")
            .args(["--target", "web", "--out-dir"])
            .arg(&dir)
            .arg(raw),
    )?;
    let named = dir.join(format!("{name}_named.wasm"));
    cmd::run(
        cmd::new("wasm-opt")
            .args(["-Oz", "-g", "--output"])
            .arg(&named)
            .arg(dir.join(format!("{name}_bg.wasm"))),
    )?;
    Ok(named)
}

/// Every item twiggy sees, name and shallow size.
fn twiggy(wasm: &Path) -> anyhow::Result<Vec<(String, u64)>> {
    let output = cmd::new("twiggy")
        .args(["top", "-n", "1000000", "-f", "csv"])
        .arg(wasm)
        .output()
        .context("cannot run twiggy (cargo install twiggy)")?;
    if !output.status.success() {
        bail!("twiggy failed: {}", String::from_utf8_lossy(&output.stderr));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let mut items = Vec::new();
    for line in text.lines().skip(1) {
        let (name, rest) = csv_first_field(line);
        let size = rest
            .split(',')
            .next()
            .and_then(|s| s.parse::<u64>().ok())
            .with_context(|| format!("twiggy line without a size: {line}"))?;
        items.push((name, size));
    }
    Ok(items)
}

/// The first field of a CSV line (quoted or not), and what follows its comma.
fn csv_first_field(line: &str) -> (String, &str) {
    let Some(quoted) = line.strip_prefix('"') else {
        return match line.split_once(',') {
            Some((field, rest)) => (field.to_owned(), rest),
            None => (line.to_owned(), ""),
        };
    };
    let mut field = String::new();
    let mut chars = quoted.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '"' {
            if chars.peek().map(|(_, c)| *c) == Some('"') {
                field.push('"');
                chars.next();
            } else {
                let rest = &quoted[i + 1..];
                return (field, rest.strip_prefix(',').unwrap_or(rest));
            }
        } else {
            field.push(c);
        }
    }
    (field, "")
}

/// A symbol without its hash (`::h0123…`) and crate disambiguators (`[0123…]`).
fn clean(name: &str) -> String {
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

const STD: &[&str] = &[
    "core",
    "alloc",
    "std",
    "dlmalloc",
    "compiler_builtins",
    "__rustc",
    "panic_abort",
];

/// Not a crate's code: what a wasm module has around it.
const NAMES: &str = "(name section, not shipped)";
const DATA: &str = "(data: .rodata)";
const GLUE: &str = "(wasm-bindgen: imports, exports, shims)";
const STRUCTURE: &str = "(module structure: types, tables, headers)";

/// The crate an item's code belongs to (see the module docs in BENCHMARKS.md).
fn owner(raw: &str) -> String {
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

/// The parts the report groups crates into, in order.
const GROUPS: &[(&str, &[&str])] = &[
    (
        "Leptos (leptos, reactive_graph, tachys, …)",
        &[
            "leptos",
            "reactive_graph",
            "tachys",
            "leptos_dom",
            "leptos_macro",
            "leptos_server",
            "leptos_config",
            "either_of",
            "oco_ref",
            "any_spawner",
            "throw_error",
            "hydration_context",
            "send_wrapper",
            "slotmap",
            "guardian",
            "or_poisoned",
            "next_tuple",
            "reactive_stores",
            "server_fn",
            "wasm_split_helpers",
        ],
    ),
    ("leptos_router", &["leptos_router"]),
    ("identity widget: leptos_identity", &["leptos_identity"]),
    ("identity widget: identity_core", &["identity_core"]),
    (
        "serde, serde_json",
        &["serde", "serde_core", "serde_json", "zmij", "ryu", "itoa"],
    ),
    ("gloo", &["gloo_net", "gloo_utils", "gloo_timers"]),
    (
        "wasm-bindgen, js-sys, web-sys",
        &[
            "wasm_bindgen",
            "js_sys",
            "web_sys",
            "wasm_bindgen_futures",
            "wasm_streams",
            GLUE,
        ],
    ),
    ("std, alloc, core (with dlmalloc)", STD),
    ("the blog", &["blog"]),
    (
        "the blog's shared crates (content, functions::wire)",
        &["content", "functions"],
    ),
    ("the demo app", &["widget_demo"]),
    (
        "futures, async-lock, event-listener",
        &[
            "futures_util",
            "futures_core",
            "futures_channel",
            "futures_task",
            "futures_io",
            "futures_executor",
            "async_lock",
            "event_listener",
            "event_listener_strategy",
            "slab",
            "pin_project_lite",
        ],
    ),
    ("indexmap, hashbrown", &["indexmap", "hashbrown"]),
    (".rodata (strings, constants, vtables)", &[DATA]),
    ("module structure (types, tables, headers)", &[STRUCTURE]),
];

struct Parts {
    by_crate: BTreeMap<String, u64>,
}

fn attribute(items: &[(String, u64)]) -> Parts {
    let mut by_crate = BTreeMap::new();
    for (name, size) in items {
        let owner = owner(name);
        if owner == NAMES {
            continue;
        }
        *by_crate.entry(owner).or_insert(0) += size;
    }
    Parts { by_crate }
}

fn group_of(krate: &str) -> &'static str {
    GROUPS
        .iter()
        .find(|(_, crates)| crates.contains(&krate))
        .map_or("other crates", |(name, _)| name)
}

fn pct(part: u64, whole: u64) -> String {
    format!("{:.1}%", 100.0 * part as f64 / whole as f64)
}

impl Parts {
    fn total(&self) -> u64 {
        self.by_crate.values().sum()
    }

    fn widget(&self) -> u64 {
        ["leptos_identity", "identity_core"]
            .iter()
            .filter_map(|k| self.by_crate.get(*k))
            .sum()
    }

    fn group_table(&self, total: u64) -> String {
        let mut groups: Vec<(&str, u64, Vec<&str>)> = Vec::new();
        for (krate, size) in &self.by_crate {
            let group = group_of(krate);
            match groups.iter_mut().find(|(g, _, _)| *g == group) {
                Some((_, sum, crates)) => {
                    *sum += size;
                    crates.push(krate);
                }
                None => groups.push((group, *size, vec![krate])),
            }
        }
        groups.sort_by_key(|g| std::cmp::Reverse(g.1));
        let mut out = String::from("| part | bytes | share |\n|---|---:|---:|\n");
        for (group, size, crates) in &groups {
            let label = if *group == "other crates" {
                format!("other crates ({})", crates.join(", "))
            } else {
                group.to_string()
            };
            out.push_str(&format!("| {label} | {size} | {} |\n", pct(*size, total)));
        }
        out.push_str(&format!("| **total** | {total} | 100% |\n"));
        out
    }

    fn crate_table(&self, total: u64, n: usize) -> String {
        let mut crates: Vec<(&String, &u64)> = self.by_crate.iter().collect();
        crates.sort_by_key(|c| std::cmp::Reverse(*c.1));
        let mut out = String::from("| crate | part | bytes | share |\n|---|---|---:|---:|\n");
        for (krate, size) in crates.into_iter().take(n) {
            out.push_str(&format!(
                "| `{krate}` | {} | {size} | {} |\n",
                group_of(krate),
                pct(*size, total)
            ));
        }
        out
    }
}

fn top_items(items: &[(String, u64)], total: u64, n: usize) -> String {
    let mut sorted: Vec<&(String, u64)> = items
        .iter()
        .filter(|(name, _)| owner(name) != NAMES)
        .collect();
    sorted.sort_by_key(|item| std::cmp::Reverse(item.1));
    let mut out = String::from("| item | crate | bytes | share |\n|---|---|---:|---:|\n");
    for (name, size) in sorted.into_iter().take(n) {
        let mut shown = clean(name);
        if shown.chars().count() > 110 {
            shown = shown.chars().take(109).collect::<String>() + "…";
        }
        out.push_str(&format!(
            "| `{}` | {} | {size} | {} |\n",
            shown.replace('|', "\\|").replace('`', "'"),
            owner(name),
            pct(*size, total)
        ));
    }
    out
}

#[derive(Debug, Clone, Copy, Default)]
struct Size {
    raw: u64,
    gzip: u64,
    brotli: u64,
}

fn compressed_len(program: &str, args: &[&str], file: &Path) -> anyhow::Result<u64> {
    let output = cmd::new(program)
        .args(args)
        .arg(file)
        .output()
        .with_context(|| format!("cannot run {program}"))?;
    if !output.status.success() {
        bail!("{program} failed on {}", file.display());
    }
    Ok(output.stdout.len() as u64)
}

fn measure(file: &Path) -> anyhow::Result<Size> {
    Ok(Size {
        raw: std::fs::metadata(file)
            .with_context(|| file.display().to_string())?
            .len(),
        gzip: compressed_len("gzip", &["-9", "-c", "-n"], file)?,
        brotli: compressed_len("brotli", &["-q", "11", "-c"], file)?,
    })
}

/// The one file of `dist` whose name ends with `suffix` and does not end with `not`.
/// The one file of `dist` whose name starts with `prefix` and ends with `suffix`.
fn one_file(dist: &Path, prefix: &str, suffix: &str) -> anyhow::Result<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dist).with_context(|| dist.display().to_string())? {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.starts_with(prefix) && name.ends_with(suffix) {
            found.push(path);
        }
    }
    match found.as_slice() {
        [one] => Ok(one.clone()),
        _ => bail!(
            "expected one {prefix}*{suffix} in {}: {found:?}",
            dist.display()
        ),
    }
}

struct App {
    wasm: Size,
    js: Size,
}

impl App {
    fn total_gzip(&self) -> u64 {
        self.wasm.gzip + self.js.gzip
    }

    fn row(&self, name: &str) -> String {
        format!(
            "| {name} | {} | {} | {} | {} | {} | {} |\n",
            self.wasm.raw,
            self.wasm.gzip,
            self.wasm.brotli,
            self.js.raw,
            self.js.gzip,
            self.total_gzip()
        )
    }
}

/// The wasm and JS glue of the app whose files start with `prefix` (`""`: the only one).
fn shipped_app(dist: &Path, prefix: &str) -> anyhow::Result<App> {
    Ok(App {
        wasm: measure(&one_file(dist, prefix, "_bg.wasm")?)?,
        js: measure(&one_file(dist, prefix, ".js")?)?,
    })
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

    #[test]
    fn csv_fields_unquote() {
        assert_eq!(
            csv_first_field("\"\"\"function names\"\" subsection\",761345,44.9,,"),
            ("\"function names\" subsection".to_owned(), "761345,44.9,,")
        );
        assert_eq!(
            csv_first_field("blog::main::h191e,13701,0.8,,"),
            ("blog::main::h191e".to_owned(), "13701,0.8,,")
        );
    }
}
