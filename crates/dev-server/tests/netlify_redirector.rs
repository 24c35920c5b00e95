//! The local stack against Netlify's own redirect engine, `netlify-redirector` (its C++
//! engine built to wasm, which netlify-cli used), on the site's real `netlify.toml`: a few
//! hundred request paths (every rule's path with and without a trailing slash, case
//! variants, `.` / `..` / `%2e` segments, backslashes, doubled slashes, percent-escapes) × the visitors
//! the rules tell apart (no cookie, a commenter's and an admin's `nf_jwt` signed with the
//! site's secret). Each must get the same status and the same content (or `Location`).
//!
//! The engine answers which rule matches; what Netlify then does with it (a rule without
//! `force` is shadowed by a file, a 200 serves `to` in place, a 4xx serves `to` with that
//! status, a missing target is the 404 page) is [`expected`]. Where the two disagree for a
//! documented reason, the case is a [`KnownDifference`]; any other disagreement fails.
//!
//! The engine accepts an unsigned `alg: none` token as a valid admin: that is its flaw, not
//! a behaviour to copy, so those requests are not compared; the local stack must treat them
//! as no cookie.
//!
//! Needs `node` and `npm` on PATH; the pinned packages (`tests/redirector/package.json`) are
//! installed from the npm registry into Cargo's test temp directory on first run.

mod npm;
mod real_site;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::Command;

use dev_server::netlify::canonical_path;
use real_site::{signed_token, unsigned_admin_token, RawResponse, RealSite, FILES, SECRET};
use serde_json::{json, Value};

const PACKAGES: [&str; 2] = ["netlify-redirector", "@netlify/redirect-parser"];

/// Installs the pinned packages into `CARGO_TARGET_TMPDIR/netlify-redirector`.
fn installed() -> PathBuf {
    npm::install(
        "redirector",
        &["package.json", "compare.mjs"],
        "netlify-redirector",
        &PACKAGES,
    )
}

/// The paths the site's rules name, the site's pages, and a few paths around them that
/// nothing answers (the 404 page).
const BASES: [&str; 22] = [
    "/",
    "/admin",
    "/admin/comments",
    "/admin/report.json",
    "/admin.html",
    "/administrator",
    "/adminx/y",
    "/account",
    "/account.html",
    "/content",
    "/content/posts.json",
    "/content/posts/hello.json",
    "/content/missing.json",
    "/posts/hello",
    "/posts/hello.html",
    "/posts/no-such",
    "/index.html",
    "/index",
    "/404.html",
    "/404.json",
    "/feed.xml",
    "/x/y/z",
];

/// Every spelling of `base` the test sends.
fn spellings(base: &str) -> Vec<String> {
    let rest = &base[1..];
    let (first, tail) = rest.split_once('/').unwrap_or((rest, ""));
    let tail = if tail.is_empty() {
        String::new()
    } else {
        format!("/{tail}")
    };
    let mut out = vec![
        base.to_owned(),
        format!("{}/", base.trim_end_matches('/')),
        base.to_uppercase(),
        capitalised(base),
        format!("/.{base}"),
        format!("/{first}/.{tail}"),
        format!("/x/..{base}"),
        format!("/x/%2e%2e{base}"),
        format!("/x/%2E%2E{base}"),
        format!("/x/.%2e{base}"),
        format!("/%2e{base}"),
        format!("/../..{base}"),
        format!("{}/x/..", base.trim_end_matches('/')),
        format!("{}/.", base.trim_end_matches('/')),
        format!("/{base}"),
        format!("/{first}//{}", tail.trim_start_matches('/')),
        format!("/x/..%2F{rest}"),
        format!("/{first}%2F{}", tail.trim_start_matches('/')),
        format!("/x\\..{}", base.replace('/', "\\")),
        format!("/{first}\\{}", tail.trim_start_matches('/')),
    ];
    if let Some(c) = first.chars().next() {
        let escaped = &first[c.len_utf8()..];
        out.push(format!("/%{:02x}{escaped}{tail}", u32::from(c)));
        out.push(format!("/%{:02X}{escaped}{tail}", u32::from(c)));
    }
    if let Some((stem, ext)) = base.rsplit_once('.') {
        out.push(format!("{stem}%2E{ext}"));
    }
    out
}

fn capitalised(path: &str) -> String {
    let mut chars = path.chars();
    let mut out = String::new();
    if let Some(slash) = chars.next() {
        out.push(slash);
    }
    if let Some(c) = chars.next() {
        out.extend(c.to_uppercase());
    }
    out.extend(chars);
    out
}

/// The visitors the rules tell apart.
fn visitors() -> Vec<(&'static str, Option<String>)> {
    vec![
        ("no cookie", None),
        ("commenter", Some(signed_token(&["commenter"], SECRET))),
        ("admin", Some(signed_token(&["admin"], SECRET))),
    ]
}

/// What Netlify answers for a request whose path is `path`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Answer {
    /// This status, with this test file's content (`None`: no test file's).
    Content(u16, Option<&'static str>),
    /// A redirect.
    Redirect(u16, String),
}

/// The endings after which Netlify looks for no `.html` page (netlify-cli's
/// `assetExtensionRegExp`).
const ASSET_ENDINGS: [&str; 11] = [
    ".html", ".htm", ".png", ".jpg", ".js", ".css", ".svg", ".gif", ".ico", ".woff", ".woff2",
];

/// The test file a decoded path names, as Netlify's file check reads it: the file itself,
/// then its pretty URLs in the order of netlify-cli's `alternativePathsFor` (`/x` is
/// `x.html` or `x/index.html`, `/x/` is `x.html` or `x/index.html`, `/` is `index.html`).
fn file_named(path: &str) -> Option<&'static str> {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if segments.iter().any(|s| *s == "." || *s == "..") {
        return None;
    }
    let relative = segments.join("/");
    let candidates = if relative.is_empty() {
        vec!["index.html".to_owned()]
    } else if path.ends_with('/') {
        vec![format!("{relative}.html"), format!("{relative}/index.html")]
    } else if ASSET_ENDINGS
        .iter()
        .any(|ending| relative.ends_with(ending))
    {
        vec![relative.clone()]
    } else {
        vec![
            relative.clone(),
            format!("{relative}.html"),
            format!("{relative}/index.html"),
        ]
    };
    candidates.iter().find_map(|candidate| {
        FILES
            .iter()
            .find(|(name, _)| name == candidate)
            .map(|(name, _)| *name)
    })
}

/// The content of `file`, or the 404 page with 404 when it is missing.
fn content(status: u16, file: Option<&'static str>) -> Answer {
    match file {
        Some(file) => Answer::Content(status, Some(file)),
        None => Answer::Content(404, Some("404.html")),
    }
}

/// What Netlify does with the engine's answer for `engine_path`.
fn expected(engine_path: &str, matched: &Value) -> Answer {
    if matched.is_null() {
        return content(200, file_named(engine_path));
    }
    let status = matched["status"]
        .as_u64()
        .and_then(|s| u16::try_from(s).ok());
    let status = status.unwrap_or(301);
    let force = matched["force"].as_bool().unwrap_or(false);
    let to = matched["to"].as_str().unwrap_or_default();
    if !force {
        if let Some(file) = file_named(engine_path) {
            return Answer::Content(200, Some(file));
        }
    }
    match status {
        300..=399 => Answer::Redirect(status, to.to_owned()),
        _ => content(status, file_named(to)),
    }
}

/// What the local stack answered.
fn observed(response: &RawResponse) -> Answer {
    match response.status {
        300..=399 => Answer::Redirect(
            response.status,
            response.header("location").unwrap_or_default().to_owned(),
        ),
        status => Answer::Content(status, response.file()),
    }
}

/// A disagreement with the engine that the local stack makes on purpose (see the crate
/// README, "Site rules"). Each is accepted only when the local stack answers what the
/// engine answers for the path's one spelling (`canonical_path`), so the difference is in
/// the spelling alone, never in the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum KnownDifference {
    /// Runs of `/` are one `/` here; the engine matches `//admin` as written, so no
    /// rule meets it and the file it names (`admin.html`) is served with 200, where the
    /// local stack answers as for `/admin` (403 without the admin role). One spelling for
    /// the rules, the file check and serving (a file server would serve `admin/x` for
    /// `//admin/x`), so a Role gate cannot be walked around.
    CollapsedSlashes,
    /// `%2F` is decoded before dot segments are resolved here, so `/x/..%2Fadmin` is
    /// `/admin`. netlify-cli resolves dot segments first (WHATWG URL) and decodes after,
    /// leaving `/x/../admin` for the engine, which matches it literally.
    EscapedSlashThenDots,
}

fn known_difference(engine_path: &str) -> Option<KnownDifference> {
    if engine_path
        .split('/')
        .any(|segment| segment == "." || segment == "..")
    {
        Some(KnownDifference::EscapedSlashThenDots)
    } else if engine_path.contains("//") {
        Some(KnownDifference::CollapsedSlashes)
    } else {
        None
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_local_stack_answers_as_netlify_s_redirect_engine() {
    let mut sent = BTreeSet::new();
    for base in BASES {
        sent.extend(spellings(base));
    }
    // The engine is also asked about each path's one spelling, to check known differences.
    let mut paths = sent.clone();
    paths.extend(sent.iter().map(|p| canonical_path(p).into_owned()));
    let paths: Vec<String> = paths.into_iter().collect();
    let visitors = visitors();
    let forged = unsigned_admin_token();
    let mut cases = Vec::new();
    for path in &paths {
        for (_, cookie) in &visitors {
            cases.push(json!({"path": path, "cookie": cookie}));
        }
    }

    let dir = tokio::task::spawn_blocking(installed).await.unwrap();
    let cases_file = dir.join("cases.json");
    let answers_file = dir.join("answers.json");
    std::fs::write(&cases_file, serde_json::to_string(&cases).unwrap()).unwrap();
    let toml = real_site::netlify_toml();
    let out = Command::new("node")
        .arg("compare.mjs")
        .arg(&toml)
        .arg(SECRET)
        .arg(&cases_file)
        .arg(&answers_file)
        .current_dir(&dir)
        .output()
        .expect("node must be on PATH to run netlify-redirector");
    assert!(
        out.status.success() && String::from_utf8_lossy(&out.stdout).contains("ALL OK"),
        "node compare.mjs failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let answers: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(&answers_file).unwrap()).unwrap();
    assert_eq!(answers.len(), cases.len());

    let engine = |path: &str, visitor: usize| -> (String, Answer) {
        let i = paths.binary_search_by(|p| p.as_str().cmp(path)).unwrap();
        let answer = &answers[i * visitors.len() + visitor];
        assert!(answer.get("error").is_none(), "{path}: {answer}");
        let engine_path = answer["engine_path"].as_str().unwrap().to_owned();
        let want = expected(&engine_path, &answer["match"]);
        (engine_path, want)
    };

    let site = RealSite::start().await;
    let mut compared = 0;
    let mut known: BTreeMap<KnownDifference, Vec<String>> = BTreeMap::new();
    let mut unexplained = Vec::new();
    for path in &sent {
        let mut no_cookie = None;
        for (j, (who, cookie)) in visitors.iter().enumerate() {
            let (engine_path, want) = engine(path, j);
            let header = cookie.as_ref().map(|token| format!("nf_jwt={token}"));
            let got = observed(&site.get(path, header.as_deref()).await);
            if j == 0 {
                no_cookie = Some(got.clone());
            }
            compared += 1;
            if got == want {
                continue;
            }
            let line = format!(
                "{path} ({who}): the engine, given {engine_path}, {want:?}; the local stack {got:?}"
            );
            let canonical = canonical_path(path);
            match known_difference(&engine_path) {
                Some(reason) if engine(&canonical, j).1 == got => {
                    known.entry(reason).or_default().push(line)
                }
                _ => unexplained.push(line),
            }
        }
        // The engine lets an unsigned token in; the local stack must not.
        let got = observed(&site.get(path, Some(&format!("nf_jwt={forged}"))).await);
        assert_eq!(Some(got), no_cookie, "{path} with an alg:none admin token");
    }

    let mut report = format!(
        "{compared} requests compared ({} paths × {} visitors), {} alg:none requests checked \
         against no cookie, {} unexplained disagreements",
        sent.len(),
        visitors.len(),
        sent.len(),
        unexplained.len()
    );
    for (reason, lines) in &known {
        report.push_str(&format!("\nknown difference {reason:?}: {}", lines.len()));
        for line in lines {
            report.push_str(&format!("\n  {line}"));
        }
    }
    println!("{report}");
    assert!(
        unexplained.is_empty(),
        "{report}\nunexplained:\n  {}",
        unexplained.join("\n  ")
    );
    assert!(compared >= 300, "{report}");
}
