//! `cargo xtask bench`: the budgets of DESIGN.md, measured, into BENCHMARKS.md.
//!
//! - [`size`]: what the wasm is made of (twiggy), what the widget adds;
//! - the `e2e` binaries `page-weight` and `startup`: a first visit's bytes, and
//!   startup timings in headless Chromium, beside the JS widget;
//! - [`load`]: the local stack under wrk;
//! - the `e2e` binary `cold-start`: a function binary from exec to first response.
//!
//! Each part prints its own Markdown section; the numbers the budget table at
//! the top quotes come back as `key value` summaries.

mod load;
mod size;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use crate::{cmd, dist, site, tools};

const WIDGET_VERSIONS: [&str; 2] = ["1.9.2", "2.0.3"];

/// First visits timed per page (median and p90 over these).
const STARTUP_RUNS: &str = "15";

/// `key value` lines a benchmark binary wrote with `--summary`.
type Summary = BTreeMap<String, String>;

pub fn run() -> anyhow::Result<()> {
    let tools = tools::setup(tools::Needs::ALL)?;
    tools::twiggy()?;
    site::build(&tools)?;
    let anchors: Vec<(String, PathBuf)> = WIDGET_VERSIONS
        .iter()
        .map(|version| {
            Ok((
                format!("netlify-identity-widget {version}"),
                widget(version)?,
            ))
        })
        .collect::<anyhow::Result<_>>()?;

    let sizes = size::run(&anchors)?;

    // Every kind of page, each from its own file: home, a post (--first-post),
    // account, moderation and the 404 page.
    let mut weight_args = vec![
        "--page".to_owned(),
        "/".to_owned(),
        "--first-post".to_owned(),
    ];
    for page in ["/account", "/admin", "/no-such-page"] {
        weight_args.push("--page".into());
        weight_args.push(page.into());
    }
    for (name, file) in &anchors {
        weight_args.push("--anchor".into());
        weight_args.push(format!("{name}={}", file.display()));
    }
    let (weight, weight_summary) = e2e_bin("page-weight", &weight_args, &tools)?;

    let mut startup_args = vec!["--runs".to_owned(), STARTUP_RUNS.to_owned()];
    for (version, (_, file)) in WIDGET_VERSIONS.iter().zip(&anchors) {
        startup_args.push("--widget".into());
        startup_args.push(format!("{version}={}", file.display()));
    }
    let (startup, startup_summary) = e2e_bin("startup", &startup_args, &tools)?;

    let (load, load_summary) = load::run()?;
    let (cold, cold_summary) = cold_start(&tools)?;

    let budgets = budget_table(
        &weight_summary,
        &startup_summary,
        &load_summary,
        &cold_summary,
        &sizes,
    );
    let report = format!(
        "# Benchmarks\n\n\
         Produced by `cargo xtask bench` on {date}, on {machine}. Every number \
         below comes from that one run; anchors are measured in the same run, \
         the same way. The browser benchmarks are the `e2e` binaries \
         (`tests/src/bin/`), run by `cargo xtask bench` as \
         `cargo run --profile server -p e2e --bin <name>`; the local stack they \
         start is built with the same profile.\n\n\
         ## Budgets\n\n\
         The budgets of `DESIGN.md`, each against its anchor measured in this run.\n\n\
         {budgets}\n\
         ## Page weight\n\n\
         `cargo run --profile server -p e2e --bin page-weight -- --page / --first-post \
         --page /account --page /admin --page /no-such-page --anchor …`\n\n\
         Every response the browser downloads on a first visit (a fresh browser profile per \
         page, so nothing is cached), read from the page's own Navigation and Resource Timing \
         entries once the page has rendered and no request is left in flight. Files of `dist/` \
         are compressed with `gzip -9` and `brotli -q 11`; the last column is what the local \
         stack actually sent (Resource Timing's `encodedBodySize`: it serves the build's \
         precompressed `.br` files). The anchors are the JS widget alone \
         (`build/netlify-identity-widget.js`), installed from npm.\n{weight}\
         {size}\n\
         ## Startup\n\n\
         `cargo run --profile server -p e2e --bin startup -- --runs {STARTUP_RUNS} \
         --widget 1.9.2=… --widget 2.0.3=…`\n\n\
         Headless Chromium (the same binary for every page), {STARTUP_RUNS} first visits per \
         page, taking turns. Each visit is a fresh browser with a new profile: empty HTTP and \
         code caches. Before any script of the page runs, a script injected with CDP \
         `Page.addScriptToEvaluateOnNewDocument` (through ChromeDriver) starts a \
         `MutationObserver` that records `performance.now()` — milliseconds since navigation \
         start — the first time each watched element is in the document, and, for a visit \
         with a stored session, writes the session into `localStorage[\"gotrue.user\"]` as a \
         returning reader has it. The session is the seeded admin's, stored by the blog's own \
         login modal once at the start: the JS widget reads the same value (gotrue-js's \
         format). The blog's page is not changed.\n\n\
         - **blog, session restored and UI interactive**: `.ni-menu-name` (the header's \
         `Welcome, <name>`, rendered with its `Log out` button by the widget's stage one, \
         `identity-shell`, whose click handler is in place before it renders) is in the \
         document with the name filled in. The observer fires at the end of the task that \
         rendered it, so the page can take the next input; a click on `Log out` then loads \
         the app, which logs out.\n\
         - **JS widget anchor**: a static page of the same header markup and CSS, served by \
         the same stack from a copy of `dist/` (same origin as the identity API), loading \
         the widget's bundle (served precompressed like the blog's files) and an `init` \
         handler that renders the same menu. `init` is when that handler is called (the \
         widget restored the user); `Welcome` is when the observer sees what it rendered. \
         On 127.0.0.1 the widget reads its site URL from `localStorage[\"netlifySiteURL\"]` \
         (its local-development path), which the injected script sets to the page's origin.\n\
         - **first render**: the first `.post-card` of the home page; **comments visible**: \
         the first `.comment__body` of the post page's list, which stage one fills from the \
         `list-comments` answer without the app ({comments} comments posted beforehand \
         through `submit-comment`).\n\
         {startup}{load}{cold}",
        date = today(),
        machine = machine(),
        size = sizes.markdown,
        comments = 5,
    );
    let path = crate::root().join("BENCHMARKS.md");
    // The fuzzing section is `cargo xtask fuzz`'s: kept as it was, at the end.
    let old = std::fs::read_to_string(&path).unwrap_or_default();
    let report = match crate::fuzz::section_of(&old) {
        Some(fuzzing) => crate::fuzz::with_section(&report, fuzzing),
        None => report,
    };
    std::fs::write(&path, report)?;
    eprintln!("wrote {}", path.display());
    Ok(())
}

/// Runs a benchmark binary of the `e2e` crate with the server profile (the
/// local stack it starts in-process is then as fast as the one under load),
/// and returns its Markdown and its summary.
fn e2e_bin(name: &str, args: &[String], tools: &tools::Tools) -> anyhow::Result<(String, Summary)> {
    let summary = crate::root().join(format!("target/bench/{name}.summary"));
    std::fs::create_dir_all(summary.parent().unwrap_or(Path::new(".")))?;
    let _ = std::fs::remove_file(&summary);
    eprintln!(
        "$ cargo run --profile server -p e2e --bin {name} -- {}",
        args.join(" ")
    );
    let output = cmd::new("cargo")
        .args([
            "run",
            "--quiet",
            "--profile",
            "server",
            "-p",
            "e2e",
            "--bin",
            name,
            "--",
        ])
        .args(args)
        .arg("--summary")
        .arg(&summary)
        .env("BLOG_DIST", site::dist())
        .env("CHROMIUM", &tools.chromium)
        .env("CHROMEDRIVER", &tools.chromedriver)
        .stderr(std::process::Stdio::inherit())
        .output()
        .with_context(|| format!("cannot run {name}"))?;
    if !output.status.success() {
        bail!("{name} failed ({})", output.status);
    }
    Ok((
        String::from_utf8_lossy(&output.stdout).into_owned(),
        read_summary(&summary)?,
    ))
}

fn read_summary(path: &Path) -> anyhow::Result<Summary> {
    let text = std::fs::read_to_string(path).with_context(|| path.display().to_string())?;
    Ok(text
        .lines()
        .filter_map(|line| line.split_once(' '))
        .map(|(k, v)| (k.to_owned(), v.trim().to_owned()))
        .collect())
}

fn number(summary: &Summary, key: &str) -> f64 {
    summary
        .get(key)
        .and_then(|v| v.parse().ok())
        .unwrap_or(f64::NAN)
}

fn kb(bytes: f64) -> String {
    format!("{:.1} KB", bytes / 1000.0)
}

fn met(ok: bool) -> &'static str {
    if ok {
        "**met**"
    } else {
        "**not met**"
    }
}

/// The budget table at the top of BENCHMARKS.md.
fn budget_table(
    weight: &Summary,
    startup: &Summary,
    load: &load::LoadSummary,
    cold: &Summary,
    sizes: &size::Sizes,
) -> String {
    let mut out = String::from(
        "| budget | measured | anchor (same run) | ratio | verdict |\n|---|---|---|---:|---|\n",
    );

    // 1. Bytes of a first visit of each kind of page, and of the first interaction.
    let v1 = number(weight, "weight.anchor.1.9.2.gzip");
    let v2 = number(weight, "weight.anchor.2.0.3.gzip");
    let home = number(weight, "weight.home.budget_gzip");
    out.push_str(&format!(
        "| home page, first visit, html+js+wasm+css+json gzip -9: below 0.55× the JS widget v2 \
         alone, widget included | {} (of which the widget's stage one, `identity-shell`, {}; the \
         Leptos app, whose widget adds {} to a bare Leptos app, loads on first use) | JS \
         widget alone: v2 {}, v1 {} | {:.2}× v2 | {} |\n",
        kb(home),
        kb(sizes.stage_one_gzip as f64),
        kb(sizes.widget_adds_gzip as f64),
        kb(v2),
        kb(v1),
        home / v2,
        met(home < 0.55 * v2)
    ));
    let post = number(weight, "weight.post.budget_gzip");
    out.push_str(&format!(
        "| post page (`{}`), first visit with its 5 comments shown (stage one, no app), the \
         `list-comments` answer included: below 0.6× the JS widget v2 alone | {} | v2 {} | \
         {:.2}× v2 | {} |\n",
        weight.get("weight.post.path").map_or("?", String::as_str),
        kb(post),
        kb(v2),
        post / v2,
        met(post < 0.6 * v2)
    ));
    for (key, what) in [
        ("account", "account page"),
        ("admin", "moderation page"),
        ("not_found", "404 page"),
    ] {
        let bytes = number(weight, &format!("weight.{key}.budget_gzip"));
        out.push_str(&format!(
            "| {what} (`{}`), first visit: below 1.0× the JS widget v2 alone | {} | v2 {} | \
             {:.2}× v2 | {} |\n",
            weight
                .get(&format!("weight.{key}.path"))
                .map_or("?", String::as_str),
            kb(bytes),
            kb(v2),
            bytes / v2,
            met(bytes < v2)
        ));
    }
    let interactions: Vec<String> = ["home", "post", "not_found"]
        .iter()
        .map(|key| {
            format!(
                "{key}: {}",
                kb(number(weight, &format!("weight.{key}.interaction_gzip")))
            )
        })
        .collect();
    let largest = ["home", "post", "not_found"]
        .iter()
        .map(|key| number(weight, &format!("weight.{key}.interaction_gzip")))
        .fold(0.0, f64::max);
    out.push_str(&format!(
        "| what the first interaction (\"Log in\") downloads, gzip -9: at most 100 KB | {} | — \
         | | {} |\n",
        interactions.join(", "),
        met(largest <= 100_000.0)
    ));

    let pages = ["home", "post", "account", "admin", "not_found"];
    let shifts: Vec<String> = pages
        .iter()
        .map(|key| {
            format!(
                "{key}: {:.0} ({:.4})",
                number(weight, &format!("weight.{key}.shift_entries")),
                number(weight, &format!("weight.{key}.shift_score"))
            )
        })
        .collect();
    let none_moved = pages
        .iter()
        .all(|key| number(weight, &format!("weight.{key}.shift_entries")) == 0.0);
    out.push_str(&format!(
        "| layout shift when the app takes over (Chromium's `layout-shift` entries, from \
         navigation start until the app shows its page or its modal): 0 | entries (score) \
         {} | — | | {} |\n",
        shifts.join(", "),
        met(none_moved)
    ));

    // 2. Session restored and UI interactive.
    let blog = number(startup, "startup.blog_session.welcome.median");
    let blog_p90 = number(startup, "startup.blog_session.welcome.p90");
    let init2 = number(startup, "startup.widget_2.0.3.init.median");
    let init1 = number(startup, "startup.widget_1.9.2.init.median");
    let welcome2 = number(startup, "startup.widget_2.0.3.welcome.median");
    let slowest_anchor = init1.max(init2);
    let fastest_anchor = init1.min(init2);
    out.push_str(&format!(
        "| navigation start → session restored and UI interactive, headless Chromium, \
         first visit: faster than the JS widget's `init` | {blog:.0} ms median (p90 \
         {blog_p90:.0} ms) | `init` ran: v2 {init2:.0} ms, v1 {init1:.0} ms (v2's header \
         rendered: {welcome2:.0} ms) | {:.2}× v2 | {} |\n",
        blog / init2,
        if blog < fastest_anchor {
            "**met**".to_owned()
        } else if blog < slowest_anchor {
            "**not met** against the faster of the two".to_owned()
        } else {
            "**not met**".to_owned()
        }
    ));

    let comments = number(startup, "startup.blog_post.comments.median");
    let comments_p90 = number(startup, "startup.blog_post.comments.p90");
    let anchor = number(startup, "startup.widget_post_2.0.3.comments.median");
    let home_first = number(startup, "startup.blog_home.menu.median");
    out.push_str(&format!(
        "| navigation start → comments visible on a post page, first visit: faster than the \
         same post as a static page with the JS widget v2 and a small script fetching its \
         comments | {comments:.0} ms median (p90 {comments_p90:.0} ms); the home page's first \
         render {home_first:.0} ms | static post with v2: {anchor:.0} ms | {:.2}× | {} |\n",
        comments / anchor,
        met(comments < anchor)
    ));

    // 3. An authed comment with a fresh token.
    let requests = number(startup, "comment.requests");
    let submits = number(startup, "comment.submits");
    let refreshes = number(startup, "comment.refreshes");
    out.push_str(&format!(
        "| authed comment post with a fresh token: 1 request, 0 refreshes | {submits:.0} \
         `submit-comment`, {refreshes:.0} refreshes ({requests:.0} requests in all) | \
         gotrue-js: 1 request | | {} |\n",
        met(submits == 1.0 && refreshes == 0.0)
    ));

    // 4. The local stack under load.
    out.push_str(&format!(
        "| local stack `submit-comment`, SQLite, loopback: report req/s and p99, no lost \
         writes | {:.0} req/s, p99 {}; {} sent, {} stored | — | | {} |\n",
        load.submit_rps,
        load.submit_p99,
        load.sent,
        load.stored,
        if load.no_lost_writes {
            "reported, **no lost writes**"
        } else {
            "**writes lost or duplicated**"
        }
    ));

    // 5. Function cold start.
    let rust = number(cold, "cold.0.median");
    let node = number(cold, "cold.1.median");
    out.push_str(&format!(
        "| function binary cold start (exec → first response): report, aim under 20 ms | \
         {rust:.1} ms median (p90 {:.1} ms) | a Node function: {node:.1} ms | {:.2}× | {} |\n",
        number(cold, "cold.0.p90"),
        rust / node,
        if rust < 20.0 {
            "reported, **under 20 ms**"
        } else {
            "reported, **over 20 ms**"
        }
    ));
    out.push_str(&format!(
        "\nRatios are measured ÷ anchor (below 1 is smaller or faster). In the blog's wasm, \
         `leptos_identity` and `identity_core` are {} of {} bytes by name.\n",
        sizes.widget_in_blog, sizes.blog_code
    ));
    out
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
fn cold_start(tools: &tools::Tools) -> anyhow::Result<(String, Summary)> {
    let functions = dist::build_functions()?;
    let node = cmd::version_of("node").unwrap_or_else(|| "node".into());
    let args = vec![
        "--runs".to_owned(),
        "20".to_owned(),
        "--function".to_owned(),
        format!(
            "`submit-comment` (Rust, static musl)={}",
            functions.join("submit-comment").display()
        ),
        "--function".to_owned(),
        format!(
            "minimal Node {node} function=node {}",
            crate::root()
                .join("tests/bench/cold_start_node.mjs")
                .display()
        ),
    ];
    let (table, summary) = e2e_bin("cold-start", &args, tools)?;
    Ok((
        format!(
            "\n## Function cold start\n\n\
             `cargo run --profile server -p e2e --bin cold-start -- --runs 20 --function …`\n\n\
             From exec to the first response, through a local Lambda Runtime API serving one \
             Netlify-shaped invocation without a user (both answer 401); 20 runs each, same \
             run.\n\n{table}"
        ),
        summary,
    ))
}
