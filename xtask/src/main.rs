//! `cargo xtask <command>`: the project's commands, with the tools they need
//! installed on first use.

mod bench;
mod cmd;
mod dev;
mod dist;
mod headers;
mod pages;
mod postgres;
mod site;
mod stack;
mod test;
mod tools;

use std::path::{Path, PathBuf};

use anyhow::bail;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  dev      install what is missing, build the blog, serve it at http://127.0.0.1:8888
  test     every check: fmt, clippy, host tests, browser tests, end-to-end
  bench    page weight and the other budgets, written to BENCHMARKS.md
  dist     the site in dist/ and the function binaries in netlify/functions/, for netlify deploy
  build    install what is missing and build the site into dist/
  setup    install what is missing (wasm target, trunk, wasm-bindgen, wasm-opt, chromium)
  post-build  Trunk's build hook: the posts' JSON and _headers (CSP, cache) into
           $TRUNK_STAGING_DIR or --out DIR";

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let command = args.next().unwrap_or_default();
    let rest: Vec<String> = args.collect();
    match command.as_str() {
        "dev" => dev::run(&rest),
        "test" => test::run(&rest),
        "bench" => bench::run(&rest),
        "dist" => dist::run(&rest),
        "build" => {
            let tools = tools::setup(tools::Needs::BUILD)?;
            site::build(&tools)
        }
        "setup" => tools::setup(tools::Needs::ALL).map(drop),
        "post-build" => site::post_build(&rest),
        "" | "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => bail!("unknown command `{other}`\n\n{USAGE}"),
    }
}

/// The workspace root, whatever directory cargo was started from.
fn root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}
