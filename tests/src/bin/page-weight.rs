//! Page weight of a first visit: every response the browser downloads for a
//! page, raw, gzip -9 and brotli -q 11, beside anchor files measured the same
//! way.
//!
//! Each page is opened in a fresh browser (new profile, empty cache). The list
//! of what it downloaded is the page's own Navigation and Resource Timing
//! entries, read once the page has rendered and no request is left in flight.
//! Files of `dist/` are measured from disk (a page from the file Netlify serves at
//! its path: `posts/<slug>.html`, `account.html`, `404.html`…); a response that
//! is no file (a function's answer) is fetched again, uncompressed, and measured
//! the same way. Then the reader clicks "Log in" on the same page, and what that
//! first interaction downloads is measured the same way.
//!
//! Every visit also records Chromium's `layout-shift` entries from navigation start
//! (a `PerformanceObserver` started before the page's own scripts): where the app takes
//! over the prerendered markup (after "Log in", or at once on `/account` and `/admin`),
//! that markup must not move.
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

use shared::{name_and_path, on_new_document, Summary};

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
    settled_entries(client, 0).await
}

/// The page's Navigation and Resource Timing entries from the `skip`-th on, once
/// the list has stopped growing and every one of them is done.
async fn settled_entries(client: &Client, skip: usize) -> anyhow::Result<Vec<Download>> {
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
    for entry in entries.as_array().into_iter().flatten().skip(skip) {
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

/// The file of `dist/` that answers `download`: for the page itself, the file
/// Netlify's pretty URLs serve at its path (`/` from `index.html`, `/x` from
/// `x.html` or `x/index.html`), else `404.html`, which answers every path nothing
/// else does.
fn dist_file(dist: &Path, download: &Download) -> Option<PathBuf> {
    if download.initiator == "navigation" {
        return Some(page_file(dist, &download.path));
    }
    if download.path.contains('?') {
        return None;
    }
    let file = dist.join(download.path.trim_start_matches('/'));
    file.is_file().then_some(file)
}

/// The file that answers the page at `path` (no query).
fn page_file(dist: &Path, path: &str) -> PathBuf {
    let path = path.split('?').next().unwrap_or_default();
    let name = path.trim_matches('/');
    let candidates = if name.is_empty() {
        vec![dist.join("index.html")]
    } else {
        vec![
            dist.join(format!("{name}.html")),
            dist.join(name).join("index.html"),
        ]
    };
    candidates
        .into_iter()
        .find(|file| file.is_file())
        .unwrap_or_else(|| dist.join("404.html"))
}

/// What shows that a page has rendered what a reader came for: the posts on
/// `/`, the comments stage one shows under a post, the app's own page where
/// only the app can fill the frame (`/account`, `/admin`), the 404 page's text.
fn ready_for(dist: &Path, path: &str) -> &'static str {
    let file = page_file(dist, path);
    let name = file
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    match name {
        "index.html" if path == "/" => ".post-card",
        "404.html" => ".not-found h1",
        "account.html" | "admin.html" => "main:not([data-identity-prerendered]) section",
        _ if path.starts_with("/posts/") => ".comment-list .comment__body",
        _ => "main > *",
    }
}

/// The key of a page in the summary `cargo xtask bench` reads.
fn summary_key(dist: &Path, path: &str) -> String {
    let file = page_file(dist, path);
    match file
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
    {
        "index.html" if path == "/" => "home".to_owned(),
        "404.html" => "not_found".to_owned(),
        "account.html" => "account".to_owned(),
        "admin.html" => "admin".to_owned(),
        _ if path.starts_with("/posts/") => "post".to_owned(),
        other => other.trim_end_matches(".html").replace('/', "_"),
    }
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

/// The budget counts what the page needs to show itself: html, js, wasm, css,
/// and the JSON it fetches (a post page's `list-comments` answer).
fn in_budget(kind: &str) -> bool {
    matches!(
        kind,
        "html" | "js" | "wasm" | "css" | "json" | "json (function)"
    )
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
    key: String,
    all: Size,
    budget: Size,
    /// What the first interaction ("Log in") downloaded, gzip -9; `None` where the
    /// app is loaded with the page.
    interaction: Option<Size>,
    /// `list-comments` requests over the visit and the interaction.
    list_requests: usize,
    /// Chromium's `layout-shift` entries over the visit and the takeover by the app.
    shifts: LayoutShifts,
}

/// Records every `layout-shift` entry of the page from navigation start.
const LAYOUT_SHIFT_OBSERVER: &str = "(() => {
  if (window.top !== window || !location.protocol.startsWith('http')) return;
  const shifts = (window.__layoutShifts = []);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const nodes = (e.sources || []).map((s) => s.node && s.node.nodeType === 1
        ? s.node.tagName.toLowerCase() + (s.node.className ? '.' + String(s.node.className).trim().split(/\\s+/).join('.') : '')
        : '#text');
      shifts.push({ value: e.value, at: Math.round(e.startTime), nodes });
    }
  }).observe({ type: 'layout-shift', buffered: true });
})();";

/// The layout shifts a page recorded. Entries right after an input count too: the
/// app takes over after a click, and whatever moves then moves all the same.
#[derive(Debug, Clone, Default, PartialEq)]
struct LayoutShifts {
    entries: usize,
    /// The sum of the entries' scores (Chromium's `value`).
    score: f64,
    /// What moved, and when (ms after navigation start): `header.site-header at 412 ms`.
    moved: Vec<String>,
}

async fn layout_shifts(client: &Client) -> anyhow::Result<LayoutShifts> {
    let entries = client
        .execute("return window.__layoutShifts || null", vec![])
        .await?;
    let Some(entries) = entries.as_array() else {
        bail!("the layout-shift observer did not run on this page");
    };
    let mut moved = Vec::new();
    for entry in entries {
        let at = entry["at"].as_f64().unwrap_or(f64::NAN);
        for node in entry["nodes"].as_array().into_iter().flatten() {
            moved.push(format!("`{}` at {at:.0} ms", node.as_str().unwrap_or("?")));
        }
    }
    Ok(LayoutShifts {
        entries: entries.len(),
        score: entries
            .iter()
            .filter_map(|e| e["value"].as_f64())
            .fold(0.0, |sum, value| sum + value),
        moved,
    })
}

/// Measures `list` into a Markdown table under `title`: (everything, the budget).
async fn measure_list(
    stack: &Stack,
    dist: &Path,
    scratch: &Path,
    title: &str,
    list: &[Download],
    out: &mut String,
) -> anyhow::Result<(Size, Size)> {
    out.push_str(&format!(
        "\n#### {title}\n\n\
         | response | type | raw bytes | gzip -9 | brotli -q 11 | as served (encoded body) |\n\
         |---|---|---:|---:|---:|---:|\n"
    ));
    let mut all = Size::default();
    let mut budget = Size::default();
    let mut by_kind: Vec<(String, usize, Size)> = Vec::new();
    let mut served = 0;
    for download in list {
        let (file, from_dist, label) = match dist_file(dist, download) {
            Some(file) => {
                let label = if download.initiator == "navigation" {
                    let name = file.strip_prefix(dist).unwrap_or(&file);
                    format!("`{}` (`{}`)", download.path, name.display())
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
                let file = scratch.join(format!("response-{}", std::process::id()));
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
        "| **html+js+wasm+css+json** (the budget) | | {} | {} | {} |\n| **everything** | {} | {} | {} | {} |\n",
        budget.raw,
        budget.gzip,
        budget.brotli,
        list.len(),
        all.raw,
        all.gzip,
        all.brotli
    ));
    Ok((all, budget))
}

/// The reader's first interaction on a page that has not loaded the app: "Log in"
/// in the header, until the app's modal asks for an email.
const INTERACTION: &str = ".ni-menu-login";
const INTERACTION_DONE: &str = ".ni-dialog input[name=email]";

async fn page_weight(
    stack: &Stack,
    dist: &Path,
    scratch: &Path,
    page: &str,
    out: &mut String,
) -> anyhow::Result<PageResult> {
    let ready = ready_for(dist, page);
    let key = summary_key(dist, page);
    let app_at_once = matches!(key.as_str(), "account" | "admin");
    // A fresh profile: nothing cached, a real first visit.
    let browser = Browser::start().await?;
    let client = &browser.client;
    let measured = async {
        on_new_document(client, LAYOUT_SHIFT_OBSERVER.to_owned()).await?;
        let list = downloads(client, &stack.url(page), ready).await?;
        let (all, budget) = measure_list(
            stack,
            dist,
            scratch,
            &format!("First visit of `{page}`"),
            &list,
            out,
        )
        .await?;
        let mut lists = list
            .iter()
            .filter(|d| d.path.starts_with("/.netlify/functions/list-comments"))
            .count();
        let interaction = if app_at_once {
            None
        } else {
            client
                .find(Locator::Css(INTERACTION))
                .await?
                .click()
                .await?;
            client
                .wait()
                .at_most(Duration::from_secs(30))
                .for_element(Locator::Css(INTERACTION_DONE))
                .await
                .with_context(|| format!("the login modal never opened on {page}"))?;
            let more = settled_entries(client, list.len()).await?;
            lists += more
                .iter()
                .filter(|d| d.path.starts_with("/.netlify/functions/list-comments"))
                .count();
            let (added, _) = measure_list(
                stack,
                dist,
                scratch,
                &format!("First interaction on `{page}`: Log in"),
                &more,
                out,
            )
            .await?;
            Some(added)
        };
        // The app is on the page by now: it renders `/account` and `/admin`, and it opened
        // the modal elsewhere.
        let shifts = layout_shifts(client).await?;
        anyhow::Ok(PageResult {
            page: page.to_owned(),
            key: key.clone(),
            all,
            budget,
            interaction,
            list_requests: lists,
            shifts,
        })
    }
    .await;
    browser.close().await;
    measured
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

    let mut targets = pages.clone();
    if first_post {
        let slug = e2e::first_post(&stack).await;
        shared::seed_comments(&stack, &slug, comments).await?;
        out.push_str(&format!(
            "\nThe post page is the newest post, `{slug}`, with {comments} comments posted \
             under it beforehand (through `submit-comment`): its `list-comments` answer is \
             a function's response, not a file, so it is fetched again after the visit and \
             measured the same way. A page counts as shown when what a reader came for is \
             on screen: the posts on `/`, the comments under a post (shown by stage one, \
             without the app), the app's own page on `/account` and `/admin` (frames only \
             the app can fill, so they load it at once), the 404 page's text. Then, on the \
             same page, the reader clicks \"Log in\", and what that first interaction \
             downloads is measured until the modal asks for an email.\n"
        ));
        targets.insert(targets.len().min(1), format!("/posts/{slug}"));
    }

    let mut results = Vec::new();
    for page in &targets {
        results.push(page_weight(&stack, &dist, scratch.path(), page, &mut out).await?);
    }

    if !anchor_sizes.is_empty() {
        out.push_str(
            "\n#### Beside the JS widget alone (gzip -9)\n\n\
             The budgets: html+js+wasm+css+json of the home page below 0.55× the JS widget \
             v2 alone, of a post page (its comments shown) below 0.6×, of every other page \
             below 1.0×.\n\n\
             | page | html+js+wasm+css+json | everything | anchor | anchor bytes | ratio (html+js+wasm+css+json ÷ anchor) |\n\
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

    out.push_str(
        "\n#### What the first interaction downloads (gzip -9), and what moved\n\n\
         Layout shifts are Chromium's `layout-shift` entries from navigation start until the \
         app has taken the page over (the modal open, or the app's own page shown), the \
         entries after an input included.\n\n\
         | page | first visit | \"Log in\" then downloads | `list-comments` requests | layout shifts (entries, score) | what moved |\n|---|---:|---:|---:|---:|---|\n",
    );
    for result in &results {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {}, {:.4} | {} |\n",
            result.page,
            kb(result.all.gzip),
            result
                .interaction
                .map_or("— (the app loads with the page)".to_owned(), |s| kb(
                    s.gzip
                )),
            result.list_requests,
            result.shifts.entries,
            result.shifts.score,
            if result.shifts.moved.is_empty() {
                "nothing".to_owned()
            } else {
                result.shifts.moved.join(", ")
            }
        ));
    }
    for result in &results {
        let key = &result.key;
        summary.set(&format!("weight.{key}.path"), &result.page);
        summary.set(&format!("weight.{key}.budget_gzip"), result.budget.gzip);
        summary.set(&format!("weight.{key}.all_gzip"), result.all.gzip);
        if let Some(interaction) = result.interaction {
            summary.set(&format!("weight.{key}.interaction_gzip"), interaction.gzip);
        }
        summary.set(&format!("weight.{key}.list_requests"), result.list_requests);
        summary.set(
            &format!("weight.{key}.shift_entries"),
            result.shifts.entries,
        );
        summary.set(
            &format!("weight.{key}.shift_score"),
            format!("{:.6}", result.shifts.score),
        );
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
