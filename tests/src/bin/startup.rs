//! Startup in headless Chromium: navigation start to what a reader waits for,
//! for the blog and for the JS widget on an equivalent page, same browser,
//! same run.
//!
//! Every visit is a first visit: a fresh browser (new profile, empty HTTP and
//! code caches) per page load. Before any script of the page runs, a script
//! injected with CDP `Page.addScriptToEvaluateOnNewDocument` starts a
//! `MutationObserver` that records `performance.now()` (milliseconds since
//! navigation start) the first time each watched element is in the document;
//! for a page with a stored session the same script first writes the session
//! into `localStorage["gotrue.user"]`, as a returning reader has it. The
//! product is not changed. The scenarios take turns, run after run, so the
//! noise of a shared machine falls on all of them alike.
//!
//! The JS widget pages are static HTML served by the same stack, same origin as
//! the identity API: the blog's header markup and CSS, the widget's bundle, and
//! an `init` handler that renders the same "Welcome, …" menu the blog's header
//! shows. On 127.0.0.1 the widget reads its site URL from
//! `localStorage["netlifySiteURL"]` (its documented local-development path),
//! which the injected script sets to the page's origin.
//!
//! A post page has its JS widget anchor too: the blog's own prerendered post, with stage
//! one's scripts taken out and, at the end of the body, a small script that fetches the
//! post's `list-comments` answer and renders the list (before the widget's bundle, so
//! its fetch does not wait for the widget), the widget's bundle and the same `init`
//! handler: the same post as a static site with the JS widget would serve it.
//!
//! Then one authed comment: a reader with a fresh stored token posts under the
//! post, and the requests that took are counted from Resource Timing.
//!
//! Prints a Markdown section for BENCHMARKS.md; `--help` lists the options.

#[path = "shared/mod.rs"]
mod shared;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use clap::Parser;
use e2e::identity::{log_in, stored_session};
use e2e::page::find;
use e2e::{Browser, Stack};
use fantoccini::{Client, Locator};
use serde_json::{json, Value};

use shared::{median, name_and_path, on_new_document, percentile, Summary, ADMIN};

/// Startup in headless Chromium, the blog beside the JS widget, first visits only.
#[derive(Parser)]
struct Args {
    /// First visits per page; the pages take turns, run after run
    #[arg(long, value_name = "N", default_value_t = 15)]
    runs: usize,
    /// Comments posted under the newest post before its page is timed
    #[arg(long, value_name = "N", default_value_t = 5)]
    comments: usize,
    /// A JS widget bundle to time on its page beside the blog (repeatable)
    #[arg(long = "widget", value_name = "VERSION=FILE", value_parser = name_and_path)]
    widgets: Vec<(String, PathBuf)>,
    /// Also write `key value` lines for `cargo xtask bench`'s budget table here
    #[arg(long = "summary", value_name = "FILE")]
    summary: Option<PathBuf>,
}

/// An element the observer waits for: a mark's name, its selector, and
/// whether it must have text (a name filled in, not an empty span).
#[derive(Clone, Copy)]
struct Watch {
    mark: &'static str,
    css: &'static str,
    needs_text: bool,
}

const WELCOME: Watch = Watch {
    mark: "welcome",
    css: ".ni-menu-name",
    needs_text: true,
};
const LOGGED_OUT_MENU: Watch = Watch {
    mark: "menu",
    css: ".ni-menu-login",
    needs_text: false,
};
const FIRST_POST: Watch = Watch {
    mark: "first_post",
    css: ".post-card",
    needs_text: false,
};
const ARTICLE: Watch = Watch {
    mark: "article",
    css: "article.post .post__body",
    needs_text: false,
};
const COMMENTS: Watch = Watch {
    mark: "comments",
    css: ".comment-list .comment__body",
    needs_text: true,
};

/// One kind of page load, measured `--runs` times.
struct Scenario {
    key: String,
    page: String,
    /// Who loads it: with the stored session or without.
    session: bool,
    watch: Vec<Watch>,
    /// Marks the page records itself (`__benchMark(name)`), waited for too.
    own_marks: Vec<&'static str>,
    samples: Vec<Sample>,
}

/// One page load's marks and the timing of its downloads, in ms.
#[derive(Default)]
struct Sample {
    marks: Vec<(String, f64)>,
    dom_content_loaded: f64,
    /// `responseEnd` of the last script or wasm the page fetched.
    scripts_downloaded: f64,
}

impl Scenario {
    fn values(&self, mark: &str) -> Vec<f64> {
        self.samples
            .iter()
            .filter_map(|s| s.marks.iter().find(|(m, _)| m == mark).map(|(_, v)| *v))
            .collect()
    }
}

/// The script run before the page's own: the observer, and the stored session.
fn injected_script(watch: &[Watch], seed: Option<&str>) -> String {
    let watch: Vec<Value> = watch
        .iter()
        .map(|w| json!([w.mark, w.css, w.needs_text]))
        .collect();
    let seed = match seed {
        Some(session) => format!(
            "try {{
               localStorage.setItem('gotrue.user', {session});
               localStorage.setItem('netlifySiteURL', location.origin);
             }} catch (e) {{}}",
            session = Value::from(session)
        ),
        None => String::new(),
    };
    format!(
        "(() => {{
           if (window.top !== window || !location.protocol.startsWith('http')) return;
           {seed}
           const marks = {{}};
           window.__bench = marks;
           window.__benchMark = name => {{ if (!(name in marks)) marks[name] = performance.now(); }};
           const watch = {watch};
           let observer;
           const check = () => {{
             for (const [name, css, needsText] of watch) {{
               if (name in marks) continue;
               const element = document.querySelector(css);
               if (element && (!needsText || element.textContent.trim() !== '')) {{
                 marks[name] = performance.now();
               }}
             }}
             if (watch.every(([name]) => name in marks)) observer.disconnect();
           }};
           observer = new MutationObserver(check);
           observer.observe(document, {{ childList: true, subtree: true, characterData: true }});
         }})();",
        watch = Value::from(watch)
    )
}

/// One first visit of `scenario`'s page in a fresh browser.
async fn once(stack: &Stack, scenario: &Scenario, session: &str) -> anyhow::Result<Sample> {
    let browser = Browser::start().await?;
    let result = visit(&browser.client, stack, scenario, session).await;
    browser.close().await;
    result
}

async fn visit(
    client: &Client,
    stack: &Stack,
    scenario: &Scenario,
    session: &str,
) -> anyhow::Result<Sample> {
    let seed = scenario.session.then_some(session);
    on_new_document(client, injected_script(&scenario.watch, seed)).await?;
    client.goto(&stack.url(&scenario.page)).await?;

    let wanted: Vec<&str> = scenario
        .watch
        .iter()
        .map(|w| w.mark)
        .chain(scenario.own_marks.iter().copied())
        .collect();
    let deadline = Instant::now() + Duration::from_secs(60);
    let marks = loop {
        let marks = client
            .execute("return window.__bench || null", vec![])
            .await?;
        if wanted.iter().all(|m| marks.get(m).is_some()) {
            break marks;
        }
        if Instant::now() > deadline {
            let text = client
                .execute("return document.body && document.body.innerText", vec![])
                .await
                .unwrap_or_default();
            bail!(
                "{}: only {marks} of {wanted:?} within 60 s; the page reads: {text}",
                scenario.key
            );
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let timing = client
        .execute(
            "const nav = performance.getEntriesByType('navigation')[0];
             const scripts = performance.getEntriesByType('resource')
               .filter(e => /\\.(js|wasm)$/.test(new URL(e.name).pathname))
               .map(e => e.responseEnd);
             return { dcl: nav.domContentLoadedEventEnd, scripts: Math.max(0, ...scripts) };",
            vec![],
        )
        .await?;
    Ok(Sample {
        marks: wanted
            .iter()
            .map(|m| (m.to_string(), marks[m].as_f64().unwrap_or(f64::NAN)))
            .collect(),
        dom_content_loaded: timing["dcl"].as_f64().unwrap_or(f64::NAN),
        scripts_downloaded: timing["scripts"].as_f64().unwrap_or(f64::NAN),
    })
}

/// Logs the seeded admin in through the blog's own modal and returns what the
/// widget stored: the session every "stored session" visit starts from.
async fn stored_admin_session(stack: &Stack) -> anyhow::Result<String> {
    let browser = Browser::start().await?;
    let client = &browser.client;
    client.goto(&stack.url("/")).await?;
    find(client, ".post-card").await;
    log_in(client, ADMIN.0, ADMIN.1).await;
    find(client, ".ni-menu-name").await;
    let session = stored_session(client).await;
    browser.close().await;
    session
        .as_str()
        .map(str::to_owned)
        .context("nothing in localStorage[\"gotrue.user\"] after logging in")
}

/// The page the JS widget is measured on: the blog's header markup and CSS,
/// the widget's bundle, and an `init` handler that renders the same menu.
const WIDGET_PAGE: &str = r#"<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Rust Identity Blog (netlify-identity-widget VERSION)</title>
    <link rel="stylesheet" href="CSS" />
  </head>
  <body>
    <header class="site-header">
      <div class="site-header__inner">
        <a href="/" class="site-title">Rust Identity Blog</a>
        <nav class="site-nav" aria-label="Main"><a href="/">Posts</a></nav>
        <ul class="ni-menu site-account"></ul>
      </div>
    </header>
    <main class="site-main"></main>
    <script src="/bench/netlify-identity-widget-VERSION.js"></script>
    <script src="/bench/widget-page.js"></script>
  </body>
</html>
"#;

const WIDGET_PAGE_JS: &str = r#"// The blog's header menu, rendered by the JS widget's `init` handler.
netlifyIdentity.on("init", function (user) {
  if (window.__benchMark) window.__benchMark("init");
  var menu = document.querySelector(".site-account");
  menu.textContent = "";
  function item(child, className) {
    var li = document.createElement("li");
    if (className) li.className = className;
    li.append(child);
    menu.append(li);
    return li;
  }
  function button(className, text, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = className;
    b.textContent = text;
    b.addEventListener("click", onClick);
    return b;
  }
  if (user) {
    var name = document.createElement("span");
    name.className = "ni-menu-name";
    name.textContent = (user.user_metadata && user.user_metadata.full_name) || user.email;
    item("Welcome, ", "ni-menu-user").append(name);
    item(button("ni-menu-logout", "Log out", function () { netlifyIdentity.logout(); }));
  } else {
    item(button("ni-menu-signup", "Sign up", function () { netlifyIdentity.open("signup"); }));
    item(button("ni-menu-login", "Log in", function () { netlifyIdentity.open("login"); }));
  }
});
"#;

/// Writes `.gz` and `.br` beside `file`, as the site build does for its own
/// files, so the widget is served compressed like the blog.
fn precompress(file: &Path) -> anyhow::Result<()> {
    for (program, args) in [
        ("gzip", &["-9", "-k", "-f", "-n"][..]),
        ("brotli", &["-q", "11", "-k", "-f"][..]),
    ] {
        let status = Command::new(program).args(args).arg(file).status()?;
        if !status.success() {
            bail!("{program} failed on {}", file.display());
        }
    }
    Ok(())
}

/// Where the static copy of the post `slug` with JS widget `version` is served.
fn widget_post_page(slug: &str, version: &str) -> String {
    format!("/bench/post-{slug}-widget-{version}.html")
}

/// Fetches the post's comments and renders the blog's list markup, as a static site with
/// the JS widget would do with a script of its own.
const POST_COMMENTS_JS: &str = r#"// The post's comments, fetched and rendered by a small script of the page.
(function () {
  var section = document.querySelector("[data-comments-for]");
  var list = section.querySelector(".comment-list");
  var post = encodeURIComponent(section.getAttribute("data-comments-for"));
  fetch("/.netlify/functions/list-comments?post=" + post)
    .then(function (response) { return response.json(); })
    .then(function (page) {
      page.comments.forEach(function (comment) {
        var item = document.createElement("li");
        item.className = "comment";
        var meta = document.createElement("p");
        meta.className = "comment__meta";
        var author = document.createElement("bdi");
        author.className = "comment__author";
        author.textContent = comment.author.name;
        var date = document.createElement("time");
        date.className = "comment__date";
        date.dateTime = comment.created_at;
        date.textContent = new Date(comment.created_at).toLocaleString();
        meta.append(author, " · ", date);
        var body = document.createElement("p");
        body.className = "comment__body";
        body.textContent = comment.body;
        item.append(meta, body);
        list.append(item);
      });
      list.hidden = false;
      section.querySelector(".comments__title").textContent = page.comments.length + " comments";
    });
})();
"#;

/// The blog's prerendered post `html` as a static page with JS widget `version`: stage
/// one's loader, preloads and app address out; the comments script, the widget's bundle
/// and its `init` handler at the end of the body.
fn static_post_with_widget(html: &str, version: &str) -> anyhow::Result<String> {
    let mut page = html.to_owned();
    let (before, rest) = page
        .split_once("<script type=\"module\" async>")
        .context("the post page has no stage-one loader")?;
    let (_, after) = rest.split_once("</script>").context("an unclosed loader")?;
    page = format!("{before}{after}");
    for marker in ["identity-shell", "name=\"identity-app\""] {
        while let Some(at) = page.find(marker) {
            let start = page[..at].rfind('<').context("a marker outside a tag")?;
            let end = at + page[at..].find('>').context("an unclosed tag")? + 1;
            page.replace_range(start..end, "");
        }
    }
    let scripts = format!(
        "<script src=\"/bench/post-comments.js\"></script>\
         <script src=\"/bench/netlify-identity-widget-{version}.js\"></script>\
         <script src=\"/bench/widget-page.js\"></script></body>"
    );
    Ok(page.replacen("</body>", &scripts, 1))
}

/// A copy of the built site with the JS widget pages under `/bench/`.
fn site_with_widget_pages(
    dist: &Path,
    out: &Path,
    widgets: &[(String, PathBuf)],
) -> anyhow::Result<()> {
    e2e::copy_dir(dist, out).with_context(|| dist.display().to_string())?;
    let css = std::fs::read_dir(out)?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .find(|name| name.starts_with("main-") && name.ends_with(".css"))
        .context("no main-*.css in the built site")?;
    let bench = out.join("bench");
    std::fs::create_dir_all(&bench)?;
    for (name, text) in [
        ("widget-page.js", WIDGET_PAGE_JS),
        ("post-comments.js", POST_COMMENTS_JS),
    ] {
        let script = bench.join(name);
        std::fs::write(&script, text)?;
        precompress(&script)?;
    }
    let mut posts = Vec::new();
    for entry in std::fs::read_dir(out.join("posts"))? {
        let path = entry?.path();
        if let Some(slug) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".html"))
        {
            posts.push((slug.to_owned(), std::fs::read_to_string(&path)?));
        }
    }
    for (version, file) in widgets {
        let bundle = bench.join(format!("netlify-identity-widget-{version}.js"));
        std::fs::copy(file, &bundle).with_context(|| file.display().to_string())?;
        precompress(&bundle)?;
        let page = bench.join(format!("widget-{version}.html"));
        std::fs::write(
            &page,
            WIDGET_PAGE
                .replace("VERSION", version)
                .replace("CSS", &format!("/{css}")),
        )?;
        precompress(&page)?;
        for (slug, html) in &posts {
            let page = out.join(widget_post_page(slug, version).trim_start_matches('/'));
            std::fs::write(&page, static_post_with_widget(html, version)?)?;
            precompress(&page)?;
        }
    }
    Ok(())
}

/// The reader with a fresh token posts one comment; the requests it took,
/// from Resource Timing.
async fn authed_comment(
    stack: &Stack,
    slug: &str,
    session: &str,
) -> anyhow::Result<(usize, usize, usize)> {
    let browser = Browser::start().await?;
    let client = &browser.client;
    let result = async {
        on_new_document(client, injected_script(&[], Some(session))).await?;
        client.goto(&stack.url(&format!("/posts/{slug}"))).await?;
        find(client, ".comment__body").await;
        // Stage one shows the comments and the box; a click in it loads the app.
        find(client, ".comment-form:not([hidden]) textarea")
            .await
            .click()
            .await?;
        find(client, "#comment-body").await;
        let before = client
            .execute(
                "return performance.getEntriesByType('resource').length",
                vec![],
            )
            .await?
            .as_u64()
            .unwrap_or(0);
        let field = find(client, "#comment-body").await;
        field
            .send_keys("Posted by the startup benchmark with a fresh token.")
            .await?;
        client
            .find(Locator::Css(".comment-form button[type=submit]"))
            .await?
            .click()
            .await?;
        find(client, ".comment-compose__done").await;
        let after = client
            .execute(
                "return performance.getEntriesByType('resource').slice(arguments[0])
                   .map(e => new URL(e.name).pathname)",
                vec![Value::from(before)],
            )
            .await?;
        let paths: Vec<&str> = after
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let count = |p: &str| paths.iter().filter(|path| **path == p).count();
        anyhow::Ok((
            paths.len(),
            count("/.netlify/functions/submit-comment"),
            count("/.netlify/identity/token"),
        ))
    }
    .await;
    browser.close().await;
    result
}

fn ms(value: f64) -> String {
    format!("{value:.0} ms")
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let Args {
        runs,
        comments,
        widgets,
        summary: summary_path,
    } = Args::parse();

    let scratch = tempfile::tempdir()?;
    let site = scratch.path().join("dist");
    site_with_widget_pages(&e2e::dist(), &site, &widgets)?;
    let stack = Stack::start(&site).await?;
    let slug = e2e::first_post(&stack).await;
    shared::seed_comments(&stack, &slug, comments).await?;
    let session = stored_admin_session(&stack).await?;

    let mut scenarios = vec![Scenario {
        key: "blog_session".into(),
        page: "/".into(),
        session: true,
        watch: vec![WELCOME, FIRST_POST],
        own_marks: vec![],
        samples: vec![],
    }];
    for (version, _) in &widgets {
        scenarios.push(Scenario {
            key: format!("widget_{version}"),
            page: format!("/bench/widget-{version}.html"),
            session: true,
            watch: vec![WELCOME],
            own_marks: vec!["init"],
            samples: vec![],
        });
        scenarios.push(Scenario {
            key: format!("widget_post_{version}"),
            page: widget_post_page(&slug, version),
            session: false,
            watch: vec![ARTICLE, COMMENTS],
            own_marks: vec![],
            samples: vec![],
        });
    }
    scenarios.push(Scenario {
        key: "blog_home".into(),
        page: "/".into(),
        session: false,
        watch: vec![LOGGED_OUT_MENU, FIRST_POST],
        own_marks: vec![],
        samples: vec![],
    });
    scenarios.push(Scenario {
        key: "blog_post".into(),
        page: format!("/posts/{slug}"),
        session: false,
        watch: vec![ARTICLE, COMMENTS],
        own_marks: vec![],
        samples: vec![],
    });

    for run in 0..runs {
        for scenario in &mut scenarios {
            let sample = once(&stack, scenario, &session)
                .await
                .with_context(|| format!("run {} of {}", run + 1, scenario.key))?;
            scenario.samples.push(sample);
        }
        eprintln!("startup: run {} of {runs} done", run + 1);
    }
    let (requests, submits, refreshes) = authed_comment(&stack, &slug, &session).await?;

    let mut summary = Summary::to(summary_path);
    let mut out = String::new();
    let stat = |scenario: &Scenario, mark: &str| {
        let mut values = scenario.values(mark);
        values.sort_by(f64::total_cmp);
        (
            median(&values),
            percentile(&values, 0.9),
            values.first().copied().unwrap_or(f64::NAN),
        )
    };
    let find_scenario = |key: &str| scenarios.iter().find(|s| s.key == key);

    out.push_str(
        "\n| page (first visit, fresh profile) | navigation start → | runs | median | p90 | min |\n\
         |---|---|---:|---:|---:|---:|\n",
    );
    let mut rows: Vec<(&str, &str, &str)> = vec![
        (
            "blog_session",
            "welcome",
            "session restored and UI interactive: `Welcome, <name>` and `Log out` in the header",
        ),
        ("blog_session", "first_post", "first post on screen"),
    ];
    let widget_labels: Vec<(String, String)> = widgets
        .iter()
        .map(|(v, _)| (format!("widget_{v}"), v.clone()))
        .collect();
    for (key, _) in &widget_labels {
        rows.push((key, "init", "`init` handler ran, user restored"));
        rows.push((key, "welcome", "`Welcome, <name>` rendered by that handler"));
    }
    rows.push((
        "blog_home",
        "menu",
        "first render: logged-out menu in the header",
    ));
    rows.push(("blog_home", "first_post", "first post on screen"));
    rows.push(("blog_post", "article", "post text on screen"));
    rows.push((
        "blog_post",
        "comments",
        "comments visible (the list, rendered from `list-comments`)",
    ));
    let post_anchors: Vec<(String, String)> = widgets
        .iter()
        .map(|(v, _)| (format!("widget_post_{v}"), v.clone()))
        .collect();
    for (key, _) in &post_anchors {
        rows.push((key, "article", "post text on screen"));
        rows.push((
            key,
            "comments",
            "comments visible (the list, rendered from `list-comments` by a small script)",
        ));
    }
    let page_label = |key: &str| -> String {
        match key {
            "blog_session" => "blog `/`, stored session".to_owned(),
            "blog_home" => "blog `/`, no session".to_owned(),
            "blog_post" => format!("blog `/posts/{slug}`, no session, {comments} comments"),
            other if other.starts_with("widget_post_") => {
                let version = other.trim_start_matches("widget_post_");
                format!("the same post, static, with JS widget {version}, no session")
            }
            other => {
                let version = other.trim_start_matches("widget_");
                format!("JS widget {version} page, same stored session")
            }
        }
    };
    for (key, mark, what) in &rows {
        let Some(scenario) = find_scenario(key) else {
            continue;
        };
        let (med, p90, min) = stat(scenario, mark);
        out.push_str(&format!(
            "| {} | {what} | {} | {} | {} | {} |\n",
            page_label(key),
            scenario.samples.len(),
            ms(med),
            ms(p90),
            ms(min)
        ));
        summary.set(&format!("startup.{key}.{mark}.median"), format!("{med:.1}"));
        summary.set(&format!("startup.{key}.{mark}.p90"), format!("{p90:.1}"));
    }

    out.push_str(
        "\nWhere the time goes (medians): `DOMContentLoaded`, and the last byte of the \
         page's scripts (the blog: its JS glue and wasm; the JS widget: its bundle).\n\n\
         | page | DOMContentLoaded | scripts downloaded | mark |\n|---|---:|---:|---:|\n",
    );
    let mut breakdown: Vec<(&str, &str)> = vec![("blog_session", "welcome")];
    for (key, _) in &widget_labels {
        breakdown.push((key, "init"));
    }
    breakdown.push(("blog_home", "first_post"));
    breakdown.push(("blog_post", "comments"));
    for (key, _) in &post_anchors {
        breakdown.push((key, "comments"));
    }
    for (key, mark) in breakdown {
        let Some(scenario) = find_scenario(key) else {
            continue;
        };
        let dcl: Vec<f64> = scenario
            .samples
            .iter()
            .map(|s| s.dom_content_loaded)
            .collect();
        let scripts: Vec<f64> = scenario
            .samples
            .iter()
            .map(|s| s.scripts_downloaded)
            .collect();
        out.push_str(&format!(
            "| {} | {} | {} | `{mark}` {} |\n",
            page_label(key),
            ms(median(&dcl)),
            ms(median(&scripts)),
            ms(stat(scenario, mark).0)
        ));
    }

    if let Some(blog) = find_scenario("blog_session") {
        let (blog_median, blog_p90, _) = stat(blog, "welcome");
        out.push_str(
            "\n| session restored and UI interactive | blog (median) | anchor (median) | blog ÷ anchor | faster? |\n\
             |---|---:|---:|---:|---|\n",
        );
        for (key, version) in &widget_labels {
            let Some(widget) = find_scenario(key) else {
                continue;
            };
            for (mark, what) in [
                ("init", "`init` handler ran (the budget's anchor)"),
                (
                    "welcome",
                    "its `Welcome, …` rendered (same observer as the blog)",
                ),
            ] {
                let (anchor, anchor_p90, _) = stat(widget, mark);
                let ratio = blog_median / anchor;
                out.push_str(&format!(
                    "| vs JS widget {version}: {what} | {} (p90 {}) | {} (p90 {}) | {ratio:.2}× | {} |\n",
                    ms(blog_median),
                    ms(blog_p90),
                    ms(anchor),
                    ms(anchor_p90),
                    if ratio < 1.0 { "yes" } else { "no" }
                ));
            }
        }
    }

    if let Some(blog) = find_scenario("blog_post") {
        let (blog_median, blog_p90, _) = stat(blog, "comments");
        let (home_median, _, _) =
            find_scenario("blog_home").map_or((f64::NAN, 0.0, 0.0), |s| stat(s, "menu"));
        out.push_str(&format!(
            "\n| comments visible on a post page (the home page's first render: {}) | blog \
             (median) | anchor (median) | blog ÷ anchor | faster? |\n|---|---:|---:|---:|---|\n",
            ms(home_median)
        ));
        for (key, version) in &post_anchors {
            let Some(anchor) = find_scenario(key) else {
                continue;
            };
            let (anchor_median, anchor_p90, _) = stat(anchor, "comments");
            let ratio = blog_median / anchor_median;
            out.push_str(&format!(
                "| vs the same post, static, with JS widget {version} | {} (p90 {}) | {} (p90 {}) | {ratio:.2}× | {} |\n",
                ms(blog_median),
                ms(blog_p90),
                ms(anchor_median),
                ms(anchor_p90),
                if ratio < 1.0 { "yes" } else { "no" }
            ));
        }
    }

    out.push_str(&format!(
        "\nAn authed comment with a fresh token (the stored session above, just issued): posting \
         one comment from the post page took {requests} request(s): {submits} to \
         `submit-comment`, {refreshes} to `/.netlify/identity/token` (refreshes). gotrue-js \
         takes 1 request when the token is fresh.\n"
    ));
    summary.set("comment.requests", requests);
    summary.set("comment.submits", submits);
    summary.set("comment.refreshes", refreshes);
    summary.set("startup.runs", runs);
    summary.write()?;
    print!("{out}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_static_post_keeps_the_page_and_swaps_stage_one_for_the_widget() {
        let html = concat!(
            "<head><title>A post</title>",
            "<script type=\"module\" async>import init from '/identity-shell-comments-1.js';init({});</script>",
            "<meta name=\"identity-app\" content=\"/app-1.js\" />",
            "<link rel=\"modulepreload\" href=\"/identity-shell-comments-1.js\"><link rel=\"canonical\" href=\"/p\"></head>",
            "<body><article>Text</article></body>",
        );
        assert_eq!(
            static_post_with_widget(html, "2.0.3").unwrap(),
            concat!(
                "<head><title>A post</title><link rel=\"canonical\" href=\"/p\"></head>",
                "<body><article>Text</article>",
                "<script src=\"/bench/post-comments.js\"></script>",
                "<script src=\"/bench/netlify-identity-widget-2.0.3.js\"></script>",
                "<script src=\"/bench/widget-page.js\"></script></body>",
            )
        );
        assert!(static_post_with_widget("<body></body>", "2.0.3").is_err());
    }

    #[test]
    fn the_flags_cargo_xtask_bench_passes_parse() {
        let args = Args::try_parse_from([
            "startup",
            "--runs",
            "15",
            "--widget",
            "1.9.2=/tools/a.js",
            "--widget",
            "2.0.3=/tools/b.js",
        ])
        .unwrap();

        assert_eq!(args.runs, 15);
        assert_eq!(args.comments, 5);
        assert_eq!(
            args.widgets,
            [
                ("1.9.2".to_owned(), PathBuf::from("/tools/a.js")),
                ("2.0.3".to_owned(), PathBuf::from("/tools/b.js")),
            ]
        );
        assert_eq!(args.summary, None);
    }
}
