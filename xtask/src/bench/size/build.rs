//! The apps measured: the blog's wasm with its names kept, and the widget demo
//! and the bare Leptos app, built by Trunk like the blog.

use std::path::{Path, PathBuf};

use anyhow::bail;

use crate::cmd;

/// What [`all`] built, under `target/bench/size/`.
pub struct Builds {
    /// The blog's wasm as shipped, with its name section.
    pub blog_named: PathBuf,
    /// The widget demo's wasm as shipped, with its name section.
    pub demo_named: PathBuf,
    /// `trunk build --release` of `examples/widget-demo`.
    pub demo_dist: PathBuf,
    /// `trunk build --release` of `tests/bench/bare-leptos`.
    pub bare_dist: PathBuf,
}

/// Builds what the size section measures, from a clean `target/bench/size/`.
/// The blog itself is the build `site::build` just made for `dist/`.
pub fn all() -> anyhow::Result<Builds> {
    let target = target_dir();
    let out = target.join("bench/size");
    if out.exists() {
        std::fs::remove_dir_all(&out)?;
    }
    std::fs::create_dir_all(&out)?;

    // The wasm Trunk built for dist/, before wasm-bindgen and wasm-opt
    // stripped its names.
    let blog_named = named(
        &target.join("wasm32-unknown-unknown/release/blog.wasm"),
        "blog",
        &out,
    )?;

    let demo_dist = out.join("widget-demo-dist");
    trunk_build(
        &crate::root().join("examples/widget-demo"),
        &demo_dist,
        None,
    )?;
    let demo_named = named(
        &target.join("wasm32-unknown-unknown/release/widget-demo.wasm"),
        "widget-demo",
        &out,
    )?;

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

    Ok(Builds {
        blog_named,
        demo_named,
        demo_dist,
        bare_dist,
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
