//! "What the identity widget adds": the bare Leptos app beside the same app
//! with the widget, the blog's two stages, and the JS widget's bundle.

use std::path::PathBuf;

use compressed_size::measure;

use super::parts::Parts;
use super::shipped::Shipped;

/// The section; `anchors` are the JS widget's bundles, by name.
pub fn section(
    shipped: &Shipped,
    demo_parts: &Parts,
    blog_parts: &Parts,
    anchors: &[(String, PathBuf)],
) -> anyhow::Result<String> {
    let Shipped {
        bare,
        demo,
        stage_one,
        stage_one_comments,
        blog,
    } = shipped;
    let adds = shipped.widget_adds_gzip();
    let mut md = String::from(
        "\n### What the identity widget adds\n\n\
         Three apps built the same way (`trunk build --release`, `wasm-opt -Oz`, the \
         workspace's release profile and locked versions): \
         `tests/bench/bare-leptos` (Leptos 0.8 CSR: a header, a button, a signal), \
         `examples/widget-demo` (the same with `leptos-identity`: menu, modal, events), and \
         the blog. The JS widget's bundle beside them.\n\n\
         | build | wasm raw | wasm gzip -9 | wasm brotli | JS raw | JS gzip -9 | wasm+JS gzip -9 |\n\
         |---|---:|---:|---:|---:|---:|---:|\n",
    );
    md.push_str(&bare.row("bare Leptos"));
    md.push_str(&demo.row("Leptos + widget (`widget-demo`)"));
    md.push_str(&format!(
        "| **the widget adds** (demo − bare) | {} | {} | {} | {} | {} | **{}** |\n",
        demo.wasm.raw as i64 - bare.wasm.raw as i64,
        demo.wasm.gzip as i64 - bare.wasm.gzip as i64,
        demo.wasm.brotli as i64 - bare.wasm.brotli as i64,
        demo.js.raw as i64 - bare.js.raw as i64,
        demo.js.gzip as i64 - bare.js.gzip as i64,
        adds,
    ));
    md.push_str(
        &stage_one.row(
            "the blog's stage one (`identity-shell`, loaded on every visit but a post page's)",
        ),
    );
    md.push_str(
        &stage_one_comments
            .row("the same with the comment lists (`identity-shell-comments`, a post page's)"),
    );
    md.push_str(&blog.row("the blog's app (stage two, loaded on first use)"));
    let anchor_sizes = anchors
        .iter()
        .map(|(name, file)| Ok((name, measure(file)?)))
        .collect::<anyhow::Result<Vec<_>>>()?;
    for (name, size) in &anchor_sizes {
        md.push_str(&format!(
            "| {name} alone (anchor) | | | | {} | {} | {} |\n",
            size.raw, size.gzip, size.gzip
        ));
    }
    for (name, size) in &anchor_sizes {
        md.push_str(&format!(
            "\nThe widget adds {adds} bytes gzip -9 to a bare Leptos app: {:.2}× {name} alone \
             ({}).\n",
            adds as f64 / size.gzip as f64,
            size.gzip
        ));
    }

    let (demo_code, blog_code) = (demo_parts.total(), blog_parts.total());
    let (in_demo, in_blog) = (demo_parts.widget(), blog_parts.widget());
    md.push_str(&format!(
        "\nBy name, `leptos_identity` + `identity_core` are {in_demo} bytes of the demo's \
         {demo_code} ({:.0}%) and {in_blog} bytes of the blog's {blog_code} ({:.0}%); the rest \
         of what the widget adds is the Leptos, serde_json, gloo-net and std code it \
         instantiates.\n",
        100.0 * in_demo as f64 / demo_code as f64,
        100.0 * in_blog as f64 / blog_code as f64,
    ));
    md.push_str(&format!(
        "\nThe widget demo by part:\n\n{}",
        demo_parts.group_table(demo_code)
    ));
    let v2 = anchor_sizes
        .iter()
        .find(|(name, _)| name.ends_with("2.0.3"))
        .map_or(f64::NAN, |(_, size)| size.gzip as f64);
    md.push_str(&format!(
        "\nStage one, `crates/identity-shell` (the session read with `JSON.parse`, the menu, \
         storage sync, loading stage two), is {} bytes of wasm+JS gzip -9: {:.2}× the JS widget \
         v2 alone. It is what a first visit of a prerendered page downloads besides HTML and \
         CSS; the Leptos app and its widget come on the first click that needs them.\n",
        stage_one.total_gzip(),
        stage_one.total_gzip() as f64 / v2,
    ));
    Ok(md)
}
