//! `cargo xtask test`: every check CI runs, in order, stopping at the first
//! failure.

use crate::postgres::Postgres;
use crate::stack::LocalStack;
use crate::{cmd, dist, package, site, ssr_example, static_site, tools};

/// The crates that run in the browser, linted and tested for wasm32.
const WASM_CRATES: [&str; 10] = [
    "-p",
    "blog",
    "-p",
    "identity-shell",
    "-p",
    "leptos-identity",
    "-p",
    "widget-demo",
    "-p",
    "static-site",
];
const WASM: [&str; 2] = ["--target", "wasm32-unknown-unknown"];
/// What every host build of the suite selects, whatever it runs (`--test`, `--bin`): Cargo
/// resolves features per selection, and a smaller one (`-p e2e`) rebuilt some 60 crates
/// (sqlx, axum, syn and what they pull in) with other features, once per such step.
const HOST: [&str; 2] = ["--workspace", "--all-features"];
/// The end-to-end test binaries (tests/Cargo.toml).
const E2E_TESTS: [&str; 4] = ["--test", "e2e", "--test", "two_tabs"];
const DENY_WARNINGS: [&str; 3] = ["--", "-D", "warnings"];

pub fn run() -> anyhow::Result<()> {
    let tools = tools::setup(tools::Needs::ALL)?;
    let root = crate::root();

    cmd::run(cmd::new("cargo").args(["fmt", "--all", "--check"]))?;
    cmd::run(
        cmd::new("cargo")
            .args(["clippy", "--workspace", "--all-targets", "--all-features"])
            .args(DENY_WARNINGS),
    )?;
    cmd::run(
        cmd::new("cargo")
            .args(["clippy", "--all-targets"])
            .args(WASM_CRATES)
            .args(WASM)
            .args(DENY_WARNINGS),
    )?;
    cmd::run(
        cmd::new("cargo")
            .args([
                "clippy",
                "--all-targets",
                "-p",
                "ssr-axum",
                "--features",
                "hydrate",
            ])
            .args(WASM)
            .args(DENY_WARNINGS),
    )?;

    // The crates for crates.io: their rust-version, and `cargo package` (which builds each
    // from its packaged files).
    package::check()?;

    // Host: pure logic, the local stack on loopback, SQLite and PostgreSQL.
    let postgres = Postgres::start()?;
    cmd::run(
        cmd::new("cargo")
            .arg("test")
            .args(HOST)
            .args(["--exclude", "e2e"])
            .env("TEST_DATABASE_URL", &postgres.url)
            .env("REQUIRE_POSTGRES", "1"),
    )?;
    drop(postgres);

    site::build(&tools)?;

    // The deployable function binaries (static musl, release), run against a
    // local Lambda Runtime API.
    let functions = dist::build_functions()?;
    cmd::run(
        cmd::new("cargo")
            .arg("test")
            .args(HOST)
            .args(["--test", "lambda_binary"])
            .env("FUNCTIONS_BIN_DIR", &functions),
    )?;

    // Browser: components, and the widget against the local stack's identity
    // API, in headless Chromium.
    let stack = LocalStack::start(&site::dist(), &HOST)?;
    cmd::run(
        cmd::new("cargo")
            .arg("test")
            .args(WASM_CRATES)
            .args(WASM)
            .env("IDENTITY_TEST_ORIGIN", &stack.origin)
            .env("CHROMEDRIVER", &tools.chromedriver)
            .env(
                "WASM_BINDGEN_TEST_WEBDRIVER_JSON",
                root.join("webdriver.json"),
            )
            // The runner gives a whole test binary 20 s by default; the widget's flows
            // against the local stack take about that on a loaded 2-core machine.
            .env("WASM_BINDGEN_TEST_TIMEOUT", "180"),
    )?;
    drop(stack);

    // The server-rendered example: its server binary and its hydrating wasm.
    let ssr = ssr_example::build()?;
    // The static page with the JS widget's markup: stage one and a small stage two beside
    // the page, released as a site ships them (one Trunk build; the site's release build
    // has compiled stage one and most of the Leptos crates already).
    let static_site = static_site::build()?;

    // End to end: the release build, served by the local stack, read by Chromium; the
    // server-rendered example against the same local stack; the static page.
    cmd::run(
        cmd::new("cargo")
            .arg("test")
            .args(HOST)
            .args(E2E_TESTS)
            .env("BLOG_DIST", site::dist())
            .env("SSR_AXUM_BIN", &ssr.server)
            .env("SSR_AXUM_SITE", &ssr.site)
            .env("STATIC_SITE_DIST", &static_site)
            .env("CHROMIUM", &tools.chromium)
            .env("CHROMEDRIVER", &tools.chromedriver),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_end_to_end_test_binary_runs() {
        let manifest = std::fs::read_to_string(crate::root().join("tests/Cargo.toml")).unwrap();
        let declared: Vec<&str> = manifest
            .split("[[test]]")
            .skip(1)
            .filter_map(|target| {
                let (_, name) = target.split_once("name = \"")?;
                name.split('"').next()
            })
            .collect();
        let run: Vec<&str> = E2E_TESTS.iter().skip(1).step_by(2).copied().collect();
        assert_eq!(declared, run);
    }
}
