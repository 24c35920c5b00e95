//! "What the wasm is made of": the blog's wasm by part, by crate and by item.

use compressed_size::Size;

use super::parts::{top_items, Parts};
use crate::cmd;

/// The section, from twiggy's `items` of the named build and the wasm `shipped`
/// in `dist/`, which it should match to within a few percent.
pub fn section(items: &[(String, u64)], parts: &Parts, shipped: &Size) -> String {
    let code = parts.total();
    let diff = 100.0 * (code as f64 - shipped.raw as f64).abs() / shipped.raw as f64;
    let mut md = format!(
        "\n## What the wasm is made of\n\n\
         `twiggy top -f csv` ({twiggy}) on the blog's wasm with its names kept: the \
         `target/wasm32-unknown-unknown/release/blog.wasm` Trunk built for `dist/` (the \
         release profile keeps symbols), through `wasm-bindgen --target web` and `wasm-opt -Oz \
         -g` (Trunk's level and binaryen; `-g` keeps the name section). Without its name \
         section it is {code} bytes; the shipped `dist/` wasm is {raw} bytes \
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
        raw = shipped.raw,
        gzip = shipped.gzip,
        agreement = if diff < 2.0 {
            format!("the table describes what ships to within {diff:.1}%")
        } else {
            format!(
                "they differ by {diff:.1}%, so the named build is not the one in `dist/` \
                 (something rebuilt one of them): read the shares, not the bytes"
            )
        },
    );
    md.push_str(&parts.group_table(code));
    md.push_str(&format!(
        "\nThe 25 largest crates:\n\n{}",
        parts.crate_table(code, 25)
    ));
    md.push_str(&format!(
        "\nThe 20 largest items (`twiggy top -n 20`, the name section left out):\n\n{}",
        top_items(items, code, 20)
    ));
    md
}
