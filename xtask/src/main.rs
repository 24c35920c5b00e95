//! `cargo xtask <command>`: the project's commands, with the tools they need
//! installed on first use. Host tooling: no crate of the site depends on it.

mod bench;
mod cmd;
mod css;
mod dev;
mod dist;
mod fuzz;
mod headers;
mod js;
mod package;
mod pages;
mod postgres;
mod site;
mod ssr_example;
mod stack;
mod static_site;
mod test;
mod tools;

use std::path::{Path, PathBuf};

use clap::{CommandFactory, Parser, Subcommand};

/// The project's commands, with the tools they need installed on first use.
#[derive(Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Install what is missing, build the blog, serve it at http://127.0.0.1:8888
    Dev,
    /// Every check: fmt, clippy, host tests, browser tests, end-to-end
    Test,
    /// Page weight and the other budgets, written to BENCHMARKS.md
    Bench,
    /// Every property test (the parsers' fuzzers) for --cases cases each, into BENCHMARKS.md
    ///
    /// The suite's property tests, built optimised with overflow checks, each run with
    /// PROPTEST_CASES set (from the same fixed seeds as `cargo xtask test`, which runs 256).
    /// Fails on any failing or hanging property; on success the cases and times per parser
    /// replace BENCHMARKS.md's fuzzing section, which `cargo xtask bench` keeps. The default
    /// 100,000 cases take about 15 minutes on 2 cores once built; the first build of the
    /// optimised tests (target/fuzz) takes about as long again.
    Fuzz {
        /// Cases per property test
        #[arg(long, default_value_t = fuzz::DEFAULT_CASES)]
        cases: u32,
        /// Minutes one parser's properties may run before they count as hung and are killed
        #[arg(long, default_value_t = fuzz::DEFAULT_MINUTES)]
        minutes: u64,
        /// Print the section without writing BENCHMARKS.md
        #[arg(long)]
        no_write: bool,
    },
    /// The site in dist/ and the function binaries in netlify/functions/, for netlify deploy
    Dist,
    /// Install what is missing and build the site into dist/
    Build,
    /// The crates for crates.io: check each rust-version, then `cargo package` them
    Package,
    /// examples/ssr-axum on http://127.0.0.1:3000, against `cargo xtask dev`'s identity API
    SsrAxum,
    /// Install what is missing (wasm target, trunk, wasm-bindgen, wasm-opt, chromium)
    Setup,
    /// Trunk's build hook: the posts' JSON, the pages and _headers (CSP, cache) into the staging dir
    PostBuild {
        /// Where to write; Trunk's hook passes its staging dir in the environment
        #[arg(long, value_name = "DIR", env = "TRUNK_STAGING_DIR")]
        out: PathBuf,
    },
}

fn main() -> anyhow::Result<()> {
    let Some(command) = Cli::parse().command else {
        // A bare `cargo xtask` is a question: the answer is the list, not an error.
        Cli::command().print_help()?;
        return Ok(());
    };
    match command {
        Command::Dev => dev::run(),
        Command::Test => test::run(),
        Command::Bench => bench::run(),
        Command::Fuzz {
            cases,
            minutes,
            no_write,
        } => fuzz::run(cases, minutes, !no_write),
        Command::Dist => dist::run(),
        Command::Package => package::check(),
        Command::SsrAxum => ssr_example::run(),
        Command::Build => {
            let tools = tools::setup(tools::Needs::BUILD)?;
            site::build(&tools)
        }
        Command::Setup => tools::setup(tools::Needs::ALL).map(drop),
        Command::PostBuild { out } => site::post_build(&out),
    }
}

/// The workspace root, whatever directory cargo was started from.
fn root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}
