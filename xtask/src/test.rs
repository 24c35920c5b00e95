//! `cargo xtask test`: every check CI runs, in order, stopping at the first
//! failure.

use anyhow::bail;

use crate::postgres::Postgres;
use crate::{cmd, site, tools};

pub fn run(args: &[String]) -> anyhow::Result<()> {
    if !args.is_empty() {
        bail!("usage: cargo xtask test");
    }
    let tools = tools::setup(tools::Needs::ALL)?;
    let root = crate::root();

    cmd::run(cmd::new("cargo").args(["fmt", "--all", "--check"]))?;
    cmd::run(cmd::new("cargo").args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--all-features",
        "--",
        "-D",
        "warnings",
    ]))?;
    cmd::run(cmd::new("cargo").args([
        "clippy",
        "-p",
        "blog",
        "--target",
        "wasm32-unknown-unknown",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;

    // Host: pure logic and the local stack on loopback.
    cmd::run(cmd::new("cargo").args([
        "test",
        "--workspace",
        "--all-features",
        "--exclude",
        "blog",
        "--exclude",
        "e2e",
    ]))?;

    // Browser: components mounted in headless Chromium by wasm-bindgen-test.
    cmd::run(
        cmd::new("cargo")
            .args(["test", "-p", "blog", "--target", "wasm32-unknown-unknown"])
            .env("CHROMEDRIVER", &tools.chromedriver)
            .env(
                "WASM_BINDGEN_TEST_WEBDRIVER_JSON",
                root.join("webdriver.json"),
            ),
    )?;

    // End to end: the release build, served by the local stack, read by Chromium.
    site::build(&tools)?;
    cmd::run(
        cmd::new("cargo")
            .args(["test", "-p", "e2e"])
            .env("BLOG_DIST", site::dist())
            .env("CHROMIUM", &tools.chromium)
            .env("CHROMEDRIVER", &tools.chromedriver),
    )
}
