//! `examples/ssr-axum`, built the way cargo-leptos builds a start-axum app, with the tools this
//! project already installs (cargo-leptos would fetch its own wasm-opt and sass from GitHub,
//! which machines here cannot reach): the browser half compiled to wasm with `hydrate` and bound
//! by the wasm-bindgen CLI into `<site>/pkg/ssr_axum{.js,_bg.wasm}` — the names Leptos's
//! `HydrationScripts` loads — and the server binary compiled with `ssr`.
//!
//! Debug builds: the example is built for its browser test, where compile time counts and
//! bytes do not.

use std::path::PathBuf;

use anyhow::Context;

use crate::{cmd, tools};

/// The package and the name its files go by (`LeptosOptions::output_name`).
const PACKAGE: &str = "ssr-axum";
const OUTPUT_NAME: &str = "ssr_axum";

/// What the build made.
pub struct Built {
    /// The server binary.
    pub server: PathBuf,
    /// The site root it serves `pkg/` from (`SSR_SITE_ROOT`).
    pub site: PathBuf,
}

/// Builds both halves.
pub fn build() -> anyhow::Result<Built> {
    let target = crate::root().join("target");
    let site = target.join(PACKAGE);
    cmd::run(cmd::new("cargo").args([
        "build",
        "-p",
        PACKAGE,
        "--lib",
        "--features",
        "hydrate",
        "--target",
        "wasm32-unknown-unknown",
    ]))?;
    let wasm = target
        .join("wasm32-unknown-unknown/debug")
        .join(format!("{OUTPUT_NAME}.wasm"));
    cmd::run(
        cmd::new("wasm-bindgen")
            .arg(&wasm)
            .args([
                "--target",
                "web",
                "--no-typescript",
                "--out-name",
                OUTPUT_NAME,
            ])
            .arg("--out-dir")
            .arg(site.join("pkg")),
    )?;
    cmd::run(cmd::new("cargo").args([
        "build",
        "-p",
        PACKAGE,
        "--bin",
        PACKAGE,
        "--features",
        "ssr",
    ]))?;
    Ok(Built {
        server: target.join("debug").join(PACKAGE),
        site,
    })
}

/// `cargo xtask ssr-axum`: builds the example and serves it on http://127.0.0.1:3000 against
/// the identity API of the local stack that `cargo xtask dev` runs (its JWT secret is the one it
/// keeps in `.data/jwt_secret`, or `GOTRUE_JWT_SECRET`).
pub fn run() -> anyhow::Result<()> {
    tools::setup(tools::Needs::BUILD)?;
    let secret = match std::env::var("GOTRUE_JWT_SECRET") {
        Ok(secret) => secret,
        Err(_) => {
            let path = crate::root().join(".data/jwt_secret");
            std::fs::read_to_string(&path)
                .map(|s| s.trim().to_owned())
                .with_context(|| {
                    format!(
                        "cannot read {}: start the local stack first (`cargo xtask dev`), or set GOTRUE_JWT_SECRET",
                        path.display()
                    )
                })?
        }
    };
    let built = build()?;
    eprintln!("the local stack's identity API must be up: `cargo xtask dev` in another terminal");
    cmd::run(
        cmd::new(&built.server)
            .env("IDENTITY_JWT_SECRET", secret)
            .env("IDENTITY_URL", "http://127.0.0.1:8888/.netlify/identity")
            .env("SSR_SITE_ROOT", &built.site),
    )
}
