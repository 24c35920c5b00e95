//! What the page benchmarks share: the seeded admin, comments posted
//! beforehand, scripts injected before the page's own, percentiles,
//! `NAME=VALUE` arguments and the summary file `cargo xtask bench` reads its
//! budget table from.
//!
//! Included by path (`#[path = "shared/mod.rs"] mod shared;`): a directory
//! without `main.rs` is not a binary of its own.

// Each binary uses a part of it.
#![allow(dead_code)]

use std::path::PathBuf;

use anyhow::{bail, Context};
pub use e2e::identity::ADMIN;
use e2e::Stack;
use fantoccini::Client;
use serde_json::json;

/// An access token of the seeded admin, from the password grant.
pub async fn admin_token(stack: &Stack) -> anyhow::Result<String> {
    Ok(e2e::identity::access_token(stack, ADMIN.0, ADMIN.1).await)
}

/// Posts `count` comments under `slug` through `submit-comment`, as the admin.
pub async fn seed_comments(stack: &Stack, slug: &str, count: usize) -> anyhow::Result<()> {
    let token = admin_token(stack).await?;
    let client = reqwest::Client::new();
    for i in 0..count {
        let body = format!(
            "Comment {n} of {count}, posted before the measurement so the list has \
             something to show. A sentence or two, like a reader's.",
            n = i + 1
        );
        let response = client
            .post(stack.url("/.netlify/functions/submit-comment"))
            .bearer_auth(&token)
            .json(&json!({"post": slug, "body": body, "client_key": format!("bench-{slug}-{i}")}))
            .send()
            .await?;
        if !response.status().is_success() {
            bail!("submit-comment answered {}", response.status());
        }
    }
    Ok(())
}

/// Runs `source` in every document the browser opens from now on, before any
/// script of the page.
pub async fn on_new_document(client: &Client, source: String) -> anyhow::Result<()> {
    e2e::cdp(
        client,
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": source }),
    )
    .await
    .context("Page.addScriptToEvaluateOnNewDocument")?;
    Ok(())
}

/// The value at fraction `p` (0.5: median) of sorted samples, nearest rank.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = (p * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// The median of samples, in any order (the mean of the middle two for an even count).
pub fn median(samples: &[f64]) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    match n {
        0 => f64::NAN,
        _ if n % 2 == 1 => sorted[n / 2],
        _ => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// `NAME=VALUE`, split at the first `=`: the shape of `--anchor`, `--widget`
/// and `--function`, whose values may hold a `=` of their own.
pub fn name_and_value(arg: &str) -> Result<(String, String), String> {
    arg.split_once('=')
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .ok_or_else(|| format!("expected NAME=VALUE, got `{arg}`"))
}

/// `NAME=FILE`: [`name_and_value`] with a path for a value.
pub fn name_and_path(arg: &str) -> Result<(String, PathBuf), String> {
    name_and_value(arg).map(|(name, file)| (name, file.into()))
}

/// `key value` lines for `cargo xtask bench`'s budget table, written when the
/// binary was given `--summary FILE`.
#[derive(Default)]
pub struct Summary {
    path: Option<PathBuf>,
    lines: Vec<String>,
}

impl Summary {
    pub fn to(path: Option<PathBuf>) -> Summary {
        Summary {
            path,
            lines: Vec::new(),
        }
    }

    pub fn set(&mut self, key: &str, value: impl std::fmt::Display) {
        self.lines.push(format!("{key} {value}"));
    }

    pub fn write(&self) -> anyhow::Result<()> {
        if let Some(path) = &self.path {
            let mut text = self.lines.join("\n");
            text.push('\n');
            std::fs::write(path, text).with_context(|| path.display().to_string())?;
        }
        Ok(())
    }
}
