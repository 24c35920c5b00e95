//! `examples/static-site`: a plain HTML page written for netlify-identity-widget, with
//! ours in its place, built by Trunk (release, as a site would ship it) into
//! `target/static-site` for its browser test. Its Trunk.toml sits in `site/`, beside the page
//! and away from the crate's Cargo.toml, so Trunk builds the two stages it names and no
//! default app.

use std::path::PathBuf;

use crate::cmd;

/// Where the build goes (the example's Trunk.toml says the same).
pub fn dist() -> PathBuf {
    crate::root().join("target/static-site")
}

/// `trunk build --release` of the page: stage one (`identity-shell`), stage two (the
/// example's `identity-widget` binary) and the two small modules that start them.
pub fn build() -> anyhow::Result<PathBuf> {
    let dist = dist();
    cmd::run(
        cmd::new("trunk")
            .current_dir(crate::root().join("examples/static-site/site"))
            .args(["build", "--release", "--dist"])
            .arg(&dist)
            .env("CARGO_NET_OFFLINE", "true"),
    )?;
    Ok(dist)
}
