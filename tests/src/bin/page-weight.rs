//! Page weight of a first visit: every file the browser downloads for a page,
//! raw, gzip -9 and brotli -q 11, beside anchor files measured the same way.
//!
//! usage: page-weight [--page /path]... [--anchor NAME=FILE]...
//! Prints a Markdown section for BENCHMARKS.md.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::{bail, Context};
use e2e::{Browser, Stack};
use fantoccini::Locator;

#[derive(Debug, Clone, Copy, Default)]
struct Size {
    raw: u64,
    gzip: u64,
    brotli: u64,
}

impl std::ops::AddAssign for Size {
    fn add_assign(&mut self, other: Size) {
        self.raw += other.raw;
        self.gzip += other.gzip;
        self.brotli += other.brotli;
    }
}

fn compressed_len(program: &str, args: &[&str], file: &Path) -> anyhow::Result<u64> {
    let output = Command::new(program)
        .args(args)
        .arg(file)
        .stderr(Stdio::inherit())
        .output()
        .with_context(|| format!("cannot run {program} (is it installed?)"))?;
    if !output.status.success() {
        bail!("{program} failed on {}", file.display());
    }
    Ok(output.stdout.len() as u64)
}

fn measure(file: &Path) -> anyhow::Result<Size> {
    Ok(Size {
        raw: std::fs::metadata(file)
            .with_context(|| file.display().to_string())?
            .len(),
        gzip: compressed_len("gzip", &["-9", "-c", "-n"], file)?,
        brotli: compressed_len("brotli", &["-q", "11", "-c"], file)?,
    })
}

/// The paths the browser fetched for a page, in order, the document first.
async fn downloads(stack: &Stack, browser: &Browser, page: &str) -> anyhow::Result<Vec<String>> {
    let client = &browser.client;
    client.goto(&stack.url(page)).await?;
    // The page is done when the app has rendered what it fetched.
    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(".post-card, article.post"))
        .await
        .context("the page never rendered")?;
    let names = client
        .execute(
            "return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)",
            vec![],
        )
        .await?;
    let mut paths = vec![if page.ends_with('/') {
        format!("{page}index.html")
    } else {
        "/index.html".to_owned()
    }];
    for name in names.as_array().into_iter().flatten() {
        let Some(path) = name.as_str() else { continue };
        if !paths.iter().any(|p| p == path) {
            paths.push(path.to_owned());
        }
    }
    Ok(paths)
}

fn kind(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or("")
}

fn row(name: &str, size: Size) -> String {
    format!(
        "| {name} | {} | {} | {} |",
        size.raw, size.gzip, size.brotli
    )
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut pages = Vec::new();
    let mut anchors: Vec<(String, PathBuf)> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args
            .next()
            .with_context(|| format!("{arg} needs a value"))?;
        match arg.as_str() {
            "--page" => pages.push(value),
            "--anchor" => {
                let (name, file) = value.split_once('=').context("--anchor NAME=FILE")?;
                anchors.push((name.to_owned(), file.into()));
            }
            other => bail!("unknown argument {other}"),
        }
    }
    if pages.is_empty() {
        pages.push("/".to_owned());
    }

    let dist = e2e::dist();
    let stack = Stack::start(&dist).await?;
    let browser = Browser::start().await?;
    let mut out = String::new();
    let mut anchor_sizes = Vec::new();
    for (name, file) in &anchors {
        anchor_sizes.push((name.clone(), measure(file)?));
    }

    for page in &pages {
        let paths = downloads(&stack, &browser, page).await?;
        out.push_str(&format!("\n#### First visit of `{page}`\n\n"));
        out.push_str("| file | raw bytes | gzip -9 | brotli -q 11 |\n|---|---:|---:|---:|\n");
        let mut total = Size::default();
        let mut by_kind: Vec<(String, Size)> = Vec::new();
        for path in &paths {
            let file = dist.join(path.trim_start_matches('/'));
            if !file.is_file() {
                out.push_str(&format!("| `{path}` | not in dist (404) | | |\n"));
                continue;
            }
            let size = measure(&file)?;
            total += size;
            match by_kind.iter_mut().find(|(k, _)| k == kind(path)) {
                Some((_, s)) => *s += size,
                None => by_kind.push((kind(path).to_owned(), size)),
            }
            out.push_str(&row(&format!("`{path}`"), size));
            out.push('\n');
        }
        out.push_str(&row("**total**", total));
        out.push_str("\n\nBy type: ");
        let kinds: Vec<String> = by_kind
            .iter()
            .map(|(k, s)| format!("{k} {} B gzip", s.gzip))
            .collect();
        out.push_str(&kinds.join(", "));
        out.push_str(
            ".\n\n| compared with (gzip -9) | anchor | this page | ratio |\n|---|---:|---:|---:|\n",
        );
        for (name, size) in &anchor_sizes {
            out.push_str(&format!(
                "| {name} | {} | {} | {:.2}× |\n",
                size.gzip,
                total.gzip,
                total.gzip as f64 / size.gzip as f64
            ));
        }
    }
    if !anchor_sizes.is_empty() {
        out.push_str("\n#### Anchors, measured in the same run\n\n");
        out.push_str("| file | raw bytes | gzip -9 | brotli -q 11 |\n|---|---:|---:|---:|\n");
        for (name, size) in &anchor_sizes {
            out.push_str(&row(name, *size));
            out.push('\n');
        }
    }
    browser.close().await;
    print!("{out}");
    Ok(())
}
