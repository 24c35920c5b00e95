//! What a built app ships: its wasm and its JS glue, raw, gzip -9 and brotli.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use compressed_size::{measure, Size};

use super::build::Builds;
use crate::site;

/// The file-name prefixes of the blog's two wasm apps in `dist/`.
const STAGE_ONE: &str = "identity-shell-";
/// Stage one with the comment lists, which post pages load instead.
const STAGE_ONE_COMMENTS: &str = "identity-shell-comments-";
const BLOG_APP: &str = "blog-";

/// An app's two files as shipped.
pub struct App {
    pub wasm: Size,
    pub js: Size,
}

impl App {
    /// wasm + JS glue, gzip -9: what a visit downloads to run it.
    pub fn total_gzip(&self) -> u64 {
        self.wasm.gzip + self.js.gzip
    }

    /// A row of the "what the widget adds" table.
    pub fn row(&self, name: &str) -> String {
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

/// The four apps the size section compares.
pub struct Shipped {
    pub bare: App,
    pub demo: App,
    /// The blog's stage one, `identity-shell`, loaded on every visit but a post's.
    pub stage_one: App,
    /// The same with the comment lists (`identity-shell-comments`), on post pages.
    pub stage_one_comments: App,
    /// The blog's Leptos app, loaded on first use.
    pub blog: App,
}

impl Shipped {
    /// Measures the apps of `dist/` and of the two bench builds.
    pub fn measure(builds: &Builds) -> anyhow::Result<Shipped> {
        Ok(Shipped {
            bare: app(&builds.bare_dist, "")?,
            demo: app(&builds.demo_dist, "")?,
            stage_one: app(&site::dist(), STAGE_ONE)?,
            stage_one_comments: app(&site::dist(), STAGE_ONE_COMMENTS)?,
            blog: app(&site::dist(), BLOG_APP)?,
        })
    }

    /// wasm + JS glue, gzip -9: the widget demo minus the bare app.
    pub fn widget_adds_gzip(&self) -> u64 {
        self.demo
            .total_gzip()
            .saturating_sub(self.bare.total_gzip())
    }
}

/// The wasm and JS glue of the app whose files start with `prefix` (`""`: the only one).
fn app(dist: &Path, prefix: &str) -> anyhow::Result<App> {
    Ok(App {
        wasm: measure(&one_file(dist, prefix, "_bg.wasm")?)?,
        js: measure(&one_file(dist, prefix, ".js")?)?,
    })
}

/// The one file of `dist` whose name starts with `prefix` and ends with `suffix`.
fn one_file(dist: &Path, prefix: &str, suffix: &str) -> anyhow::Result<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dist).with_context(|| dist.display().to_string())? {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        // `identity-shell-` is a prefix of `identity-shell-comments-` too.
        let longer = prefix == STAGE_ONE && name.starts_with(STAGE_ONE_COMMENTS);
        if name.starts_with(prefix) && name.ends_with(suffix) && !longer {
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
