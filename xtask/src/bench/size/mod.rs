//! What the blog's wasm is made of, by crate (twiggy on a build that keeps its
//! names), and what the identity widget adds: a bare Leptos app beside the
//! same app with the widget (`examples/widget-demo`), both built by Trunk like
//! the blog.
//!
//! - [`build`]: the apps measured;
//! - [`twiggy`], [`owner`], [`parts`]: the wasm's items, the crate each belongs
//!   to, and their sums by crate and part;
//! - [`shipped`]: each app's wasm and JS as shipped, compressed;
//! - [`made_of`] and [`widget_adds`]: the two Markdown sections.

mod build;
mod made_of;
mod owner;
mod parts;
mod shipped;
mod twiggy;
mod widget_adds;

use std::path::PathBuf;

use parts::Parts;
use shipped::Shipped;

/// The numbers the budget table quotes.
pub struct Sizes {
    /// The two sections of BENCHMARKS.md: what the wasm is made of, what the widget adds.
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

/// Builds and measures the apps; `anchors` are the JS widget's bundles, by name.
pub fn run(anchors: &[(String, PathBuf)]) -> anyhow::Result<Sizes> {
    let builds = build::all()?;
    let blog_items = twiggy::items(&builds.blog_named)?;
    let blog_parts = Parts::of(&blog_items);
    let demo_parts = Parts::of(&twiggy::items(&builds.demo_named)?);
    let shipped = Shipped::measure(&builds)?;

    let mut markdown = made_of::section(&blog_items, &blog_parts, &shipped.blog.wasm);
    markdown.push_str(&widget_adds::section(
        &shipped,
        &demo_parts,
        &blog_parts,
        anchors,
    )?);
    Ok(Sizes {
        markdown,
        stage_one_gzip: shipped.stage_one.total_gzip(),
        widget_adds_gzip: shipped.widget_adds_gzip(),
        widget_in_blog: blog_parts.widget(),
        blog_code: blog_parts.total(),
    })
}
