//! `cargo xtask bench`: the budgets of DESIGN.md, measured, into BENCHMARKS.md.

mod load;

use std::path::PathBuf;

use anyhow::{bail, Context};

use crate::{cmd, site, tools};

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
         in this run.\n{weight}{load}",
        date = today(),
        machine = machine(),
        load = load::run()?,
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
