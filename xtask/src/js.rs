//! The JavaScript the site ships, minified after Trunk with terser: wasm-bindgen's glue
//! is a third of stage one's bytes on a first visit, and Trunk's own JS minifier refuses
//! it (see `css.rs`). Release builds only: `trunk serve` keeps readable glue.

use std::path::Path;

use anyhow::Context;

use crate::cmd;

/// Minifies the ES module at `path` in place, its exports kept.
pub fn minify(path: &Path) -> anyhow::Result<()> {
    let terser = crate::tools::tools_dir().join("node_modules/.bin/terser");
    if !terser.is_file() {
        anyhow::bail!(
            "{} is missing: `cargo xtask setup` installs it (npm's terser)",
            terser.display()
        );
    }
    cmd::run_quiet(
        cmd::new(&terser)
            .arg(path)
            .args(["--module", "--compress", "--mangle", "--output"])
            .arg(path),
    )
    .with_context(|| format!("terser could not minify {}", path.display()))
}

/// Whether this build minifies its JavaScript: Trunk tells its hooks the profile.
pub fn wanted() -> bool {
    std::env::var("TRUNK_PROFILE").is_ok_and(|profile| profile == "release")
}
