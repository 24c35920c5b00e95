//! Page weight of a first visit: every response the browser downloads for a
//! page, raw, gzip -9 and brotli -q 11, beside anchor files measured the same
//! way.
//!
//! Each page is opened in a fresh browser (new profile, empty cache). The list
//! of what it downloaded is the page's own Navigation and Resource Timing
//! entries, read once the page has rendered and no request is left in flight.
//! Files of `dist/` are measured from disk; a response that is no file (a
//! function's answer) is fetched again, uncompressed, and measured the same way.
//!
//! Prints a Markdown section for BENCHMARKS.md; `--help` lists the options.

#[path = "shared/mod.rs"]
mod shared;

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, Context};
use clap::Parser;
use compressed_size::{measure, Size};
use e2e::{Browser, Stack};
use fantoccini::{Client, Locator};
use serde_json::Value;

use shared::{name_and_path, Summary};

/// Page weight of a first visit, raw, gzip -9 and brotli -q 11, beside anchor files.
#[derive(Parser)]
struct Args {
    /// A page to weigh, by path (repeatable; `/` when neither this nor --first-post is given)
    #[arg(long = "page", value_name = "PATH")]
    pages: Vec<String>,
    /// Also weigh the newest post's page, with --comments comments posted under it first
    #[arg(long)]
    first_post: bool,
    /// Comments posted under the newest post before --first-post weighs it
    #[arg(long, value_name = "N", default_value_t = 5)]
    comments: usize,
    /// A file to measure beside the pages, e.g. the JS widget's bundle (repeatable)
    #[arg(long = "anchor", value_name = "NAME=FILE", value_parser = name_and_path)]
    anchors: Vec<(String, PathBuf)>,
    /// Also write `key value` lines for `cargo xtask bench`'s budget table here
    #[arg(long = "summary", value_name = "FILE")]
    summary: Option<PathBuf>,
}

/// One response of a page load, as Resource Timing saw it.
struct Download {
    /// Path and query, as requested.
    path: String,
    /// `navigation`, `script`, `link`, `fetch`…
    initiator: String,
    /// The body as it came over the wire (compressed if the server compressed it).
    encoded: u64,
}

/// What the page at `page` downloads on a first visit, the document first.
async fn downloads(client: &Client, url: &str, ready: &str) -> anyhow::Result<Vec<Download>> {
    client.goto(url).await?;
    let rendered = client
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(ready))
        .await;
    if rendered.is_err() {
        let text = client
            .execute("return document.body.innerText", vec![])
            .await
            .unwrap_or_default();
        bail!("`{ready}` never appeared on {url}; the page reads: {text}");
    }
    // Whatever the page starts after its first render (a refresh, a settings
    // call) counts too: wait until the list has stopped growing.
    let script = "return performance.getEntriesByType('navigation')
        .concat(performance.getEntriesByType('resource'))
        .map(e => ({ url: e.name, initiator: e.initiatorType || 'navigation',
                     encoded: e.encodedBodySize, done: e.responseEnd > 0 }))";
    let mut entries = Value::Null;
    let mut stable = 0;
    let mut last_len = usize::MAX;
    for _ in 0..50 {
        entries = client.execute(script, vec![]).await?;
        let list = entries.as_array().cloned().unwrap_or_default();
        let all_done = list.iter().all(|e| e["done"] == true);
        if list.len() == last_len && all_done {
            stable += 1;
            if stable == 3 {
                break;
            }
        } else {
            stable = 0;
        }
        last_len = list.len();
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let mut out = Vec::new();
    for entry in entries.as_array().into_iter().flatten() {
        let Some(name) = entry["url"].as_str() else {
            continue;
        };
        let url = url::Url::parse(name).with_context(|| name.to_owned())?;
        let mut path = url.path().to_owned();
        if let Some(query) = url.query() {
            path = format!("{path}?{query}");
        }
        out.push(Download {
            path,
            initiator: entry["initiator"].as_str().unwrap_or_default().to_owned(),
            encoded: entry["encoded"].as_u64().unwrap_or(0),
        });
    }
    Ok(out)
}

/// The file of `dist/` that answers `path`: `index.html` (with the home page
/// prerendered) for `/`, and `netlify.toml`'s fallback, `app.html`, for every
/// other page.
fn dist_file(dist: &Path, download: &Download) -> Option<PathBuf> {
    if download.initiator == "navigation" {
        let page = if download.path == "/" {
            "index.html"
        } else {
            "app.html"
        };
        return Some(dist.join(page));
    }
    if download.path.contains('?') {
        return None;
    }
    let file = dist.join(download.path.trim_start_matches('/'));
    file.is_file().then_some(file)
}

/// `html`, `css`, `js`, `wasm`, `json`; a function's answer is `json (function)`.
fn kind(download: &Download, from_dist: bool) -> String {
    if download.initiator == "navigation" {
        return "html".to_owned();
    }
    let path = download.path.split('?').next().unwrap_or_default();
    let ext = path.rsplit('.').next().unwrap_or_default();
    match (from_dist, ext) {
        (true, ext) => ext.to_owned(),
        (false, _) if path.starts_with("/.netlify/functions/") => "json (function)".to_owned(),
        (false, _) if path.starts_with("/.netlify/identity/") => "json (identity)".to_owned(),
        (false, _) => "other".to_owned(),
    }
}

/// The budget counts the app itself: html, js, wasm, css.
fn in_budget(kind: &str) -> bool {
    matches!(kind, "html" | "js" | "wasm" | "css")
}

fn row(name: &str, size: Size) -> String {
    format!(
        "| {name} | {} | {} | {} |",
        size.raw, size.gzip, size.brotli
    )
}

fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1000.0)
}

struct PageResult {
    page: String,
    all: Size,
    budget: Size,
}

async fn page_weight(
    stack: &Stack,
    dist: &Path,
    scratch: &Path,
    page: &str,
    ready: &str,
    out: &mut String,
) -> anyhow::Result<PageResult> {
    // A fresh profile: nothing cached, a real first visit.
    let browser = Browser::start().await?;
    let loaded = downloads(&browser.client, &stack.url(page), ready).await;
    browser.close().await;
    let list = loaded?;

    out.push_str(&format!(
        "\n#### First visit of `{page}`\n\n\
         | response | type | raw bytes | gzip -9 | brotli -q 11 | as served (encoded body) |\n\
         |---|---|---:|---:|---:|---:|\n"
    ));
    let mut all = Size::default();
    let mut budget = Size::default();
    let mut by_kind: Vec<(String, usize, Size)> = Vec::new();
    let mut served = 0;
    for (i, download) in list.iter().enumerate() {
        let (file, from_dist, label) = match dist_file(dist, download) {
            Some(file) => {
                let label = if download.initiator == "navigation" {
                    format!("`{}` (`index.html`)", download.path)
                } else {
                    format!("`{}`", download.path)
                };
                (file, true, label)
            }
            None => {
                // Not a file: fetch it again, without compression, as the page got it.
                let body = reqwest::get(stack.url(&download.path))
                    .await?
                    .error_for_status()?
                    .bytes()
                    .await?;
                let file = scratch.join(format!("response-{i}"));
                std::fs::write(&file, &body)?;
                (file, false, format!("`{}` (re-fetched)", download.path))
            }
        };
        let size = measure(&file)?;
        let kind = kind(download, from_dist);
        all += size;
        served += download.encoded;
        if in_budget(&kind) {
            budget += size;
        }
        match by_kind.iter_mut().find(|(k, _, _)| *k == kind) {
            Some((_, n, s)) => {
                *n += 1;
                *s += size;
            }
            None => by_kind.push((kind.clone(), 1, size)),
        }
        out.push_str(&format!(
            "| {label} | {kind} | {} | {} | {} | {} |\n",
            size.raw, size.gzip, size.brotli, download.encoded
        ));
    }
    out.push_str(&format!(
        "| **total** | | {} | {} | {} | {served} |\n",
        all.raw, all.gzip, all.brotli
    ));
    out.push_str(
        "\n| type | responses | raw bytes | gzip -9 | brotli -q 11 |\n|---|---:|---:|---:|---:|\n",
    );
    for (kind, n, size) in &by_kind {
        out.push_str(&format!(
            "| {kind} | {n} | {} | {} | {} |\n",
            size.raw, size.gzip, size.brotli
        ));
    }
    out.push_str(&format!(
        "| **html+js+wasm+css** (the budget) | | {} | {} | {} |\n| **everything** | {} | {} | {} | {} |\n",
        budget.raw,
        budget.gzip,
        budget.brotli,
        list.len(),
        all.raw,
        all.gzip,
        all.brotli
    ));
    Ok(PageResult {
        page: page.to_owned(),
        all,
        budget,
    })
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let Args {
        mut pages,
        first_post,
        comments,
        anchors,
        summary: summary_path,
    } = Args::parse();
    if pages.is_empty() && !first_post {
        pages.push("/".to_owned());
    }

    let dist = e2e::dist();
    let stack = Stack::start(&dist).await?;
    let scratch = tempfile::tempdir()?;
    let mut summary = Summary::to(summary_path);
    let mut out = String::new();
    let mut anchor_sizes = Vec::new();
    for (name, file) in &anchors {
        anchor_sizes.push((name.clone(), measure(file)?));
    }

    let mut targets: Vec<(String, &str)> = pages
        .iter()
        .map(|p| (p.clone(), ".post-card, article.post"))
        .collect();
    if first_post {
        let slug = e2e::first_post(&stack).await;
        shared::seed_comments(&stack, &slug, comments).await?;
        out.push_str(&format!(
            "\nThe post page is the newest post, `{slug}`, with {comments} comments posted \
             under it beforehand (through `submit-comment`): its `list-comments` answer is \
             a function's response, not a file, so it is fetched again after the visit and \
             measured the same way.\n"
        ));
        targets.push((format!("/posts/{slug}"), ".comment__body"));
    }

    let mut results = Vec::new();
    for (page, ready) in &targets {
        results.push(page_weight(&stack, &dist, scratch.path(), page, ready, &mut out).await?);
    }

    if !anchor_sizes.is_empty() {
        out.push_str(
            "\n#### Beside the JS widget alone (gzip -9)\n\n\
             The budget: html+js+wasm+css of the home page below the JS widget v2 alone.\n\n\
             | page | html+js+wasm+css | everything | anchor | anchor bytes | ratio (html+js+wasm+css ÷ anchor) |\n\
             |---|---:|---:|---|---:|---:|\n",
        );
        for result in &results {
            for (name, size) in &anchor_sizes {
                out.push_str(&format!(
                    "| `{}` | {} | {} | {name} | {} | {:.2}× |\n",
                    result.page,
                    kb(result.budget.gzip),
                    kb(result.all.gzip),
                    kb(size.gzip),
                    result.budget.gzip as f64 / size.gzip as f64
                ));
            }
        }
        out.push_str("\n#### Anchors, measured in the same run\n\n");
        out.push_str("| file | raw bytes | gzip -9 | brotli -q 11 |\n|---|---:|---:|---:|\n");
        for (name, size) in &anchor_sizes {
            out.push_str(&row(name, *size));
            out.push('\n');
        }
    }

    for (i, result) in results.iter().enumerate() {
        let key = if result.page == "/" {
            "home".to_owned()
        } else {
            format!("page{i}")
        };
        summary.set(&format!("weight.{key}.path"), &result.page);
        summary.set(&format!("weight.{key}.budget_gzip"), result.budget.gzip);
        summary.set(&format!("weight.{key}.all_gzip"), result.all.gzip);
    }
    for (name, size) in &anchor_sizes {
        let version = name.rsplit(' ').next().unwrap_or(name);
        summary.set(&format!("weight.anchor.{version}.gzip"), size.gzip);
    }
    summary.write()?;
    print!("{out}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flags_cargo_xtask_bench_passes_parse() {
        let args = Args::try_parse_from([
            "page-weight",
            "--page",
            "/",
            "--first-post",
            "--anchor",
            "netlify-identity-widget 2.0.3=/tools/widget.js",
            "--summary",
            "target/bench/page-weight.summary",
        ])
        .unwrap();

        assert_eq!(args.pages, ["/"]);
        assert!(args.first_post);
        assert_eq!(args.comments, 5);
        assert_eq!(
            args.anchors,
            [(
                "netlify-identity-widget 2.0.3".to_owned(),
                PathBuf::from("/tools/widget.js")
            )]
        );
        assert_eq!(
            args.summary,
            Some(PathBuf::from("target/bench/page-weight.summary"))
        );
    }
}
