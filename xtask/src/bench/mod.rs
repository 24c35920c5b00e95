//! `cargo xtask bench`: the budgets of DESIGN.md, measured, into BENCHMARKS.md.

mod load;

use std::path::PathBuf;

use anyhow::{bail, Context};

use crate::{cmd, dist, site, tools};

const WIDGET_VERSIONS: [&str; 2] = ["1.9.2", "2.0.3"];

pub fn run(args: &[String]) -> anyhow::Result<()> {
    if !args.is_empty() {
        bail!("usage: cargo xtask bench");
    }
    let tools = tools::setup(tools::Needs::ALL)?;
    site::build(&tools)?;

    let mut page_weight = cmd::new("cargo");
    page_weight
        .args(["run", "--quiet", "-p", "e2e", "--bin", "page-weight", "--"])
        .args(["--page", "/"])
        .env("BLOG_DIST", site::dist())
        .env("CHROMIUM", &tools.chromium)
        .env("CHROMEDRIVER", &tools.chromedriver);
    for version in WIDGET_VERSIONS {
        let file = widget(version)?;
        page_weight.arg("--anchor").arg(format!(
            "netlify-identity-widget {version}={}",
            file.display()
        ));
    }
    eprintln!("$ cargo run -p e2e --bin page-weight");
    let output = page_weight.output().context("cannot run page-weight")?;
    if !output.status.success() {
        bail!(
            "page-weight failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let weight = String::from_utf8_lossy(&output.stdout);

    let report = format!(
        "# Benchmarks\n\n\
         Produced by `cargo xtask bench` on {date}, on {machine}. Every number \
         below comes from that one run; anchors are measured in the same run, \
         the same way.\n\n\
         ## Page weight\n\n\
         Every file the browser downloads for a first visit (read from the \
         page's own Resource Timing entries after the posts are on screen), \
         compressed with `gzip -9` and `brotli -q 11`. The anchors are the JS \
         widget alone (`build/netlify-identity-widget.js`), installed from npm \
         in this run.\n{weight}{load}{cold}",
        date = today(),
        machine = machine(),
        load = load::run()?,
        cold = cold_start()?,
    );
    let path = crate::root().join("BENCHMARKS.md");
    std::fs::write(&path, report)?;
    eprintln!("wrote {}", path.display());
    Ok(())
}

/// The widget's bundle, installed from npm into `.tools/`.
fn widget(version: &str) -> anyhow::Result<PathBuf> {
    let dir = tools::tools_dir().join(format!("netlify-identity-widget-{version}"));
    let file = dir.join("node_modules/netlify-identity-widget/build/netlify-identity-widget.js");
    if !file.is_file() {
        std::fs::create_dir_all(&dir)?;
        cmd::run(
            cmd::new("npm")
                .args([
                    "install",
                    "--no-audit",
                    "--no-fund",
                    "--ignore-scripts",
                    "--prefix",
                ])
                .arg(&dir)
                .arg(format!("netlify-identity-widget@{version}")),
        )?;
    }
    Ok(file)
}

fn today() -> String {
    cmd::probe(cmd::new("date").arg("-u").arg("+%Y-%m-%d"))
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_owned())
        .unwrap_or_default()
}

fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let chromium = cmd::version_of(tools::CHROMIUM).unwrap_or_else(|| "no chromium".into());
    format!("{cores} cores, {chromium}")
}

/// Exec to first response of the deployable `submit-comment` binary beside a
/// minimal Node function doing the same check, through a local Runtime API.
fn cold_start() -> anyhow::Result<String> {
    let functions = dist::build_functions()?;
    let node = cmd::version_of("node").unwrap_or_else(|| "node".into());
    let output = cmd::new("cargo")
        .args([
            "run",
            "--quiet",
            "-p",
            "e2e",
            "--bin",
            "cold-start",
            "--",
            "--runs",
            "20",
        ])
        .arg("--function")
        .arg(format!(
            "`submit-comment` (Rust, static musl)={}",
            functions.join("submit-comment").display()
        ))
        .arg("--function")
        .arg(format!(
            "minimal Node {node} function=node {}",
            crate::root()
                .join("tests/bench/cold_start_node.mjs")
                .display()
        ))
        .output()
        .context("cannot run cold-start")?;
    if !output.status.success() {
        bail!(
            "cold-start failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(format!(
        "\n## Function cold start\n\n\
         From exec to the first response, through a local Lambda Runtime API serving one \
         Netlify-shaped invocation without a user (both answer 401); 20 runs each, same run.\n\n{}",
        String::from_utf8_lossy(&output.stdout)
    ))
}
