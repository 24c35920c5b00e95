//! Every page of the site and the stage-two loader, written after Trunk.
//!
//! Trunk's main wasm is `identity-shell` (stage one, a few KB); the blog's
//! Leptos app is built beside it as a "worker" asset, which Trunk compiles but
//! never loads. Here:
//!
//! - the app's `blog.js` and `blog_bg.wasm` get content-hashed names (so they
//!   can be cached for a year) and a two-line loader, `app-<hash>.js`, that
//!   `<meta name="identity-app">` names for stage one to import on first use;
//! - every route becomes a file ([`content::render::site_pages`]): `index.html`,
//!   `posts/<slug>.html`, `account.html`, `admin.html` and `404.html`, each the
//!   page Trunk wrote (so the header, footer and scripts are written once, in
//!   the repository's `index.html`) with its own `<title>`, description,
//!   canonical link and Open Graph tags, and its content in
//!   `<main data-identity-prerendered="<path>">`. Netlify serves `/x` from
//!   `x.html` and unknown paths from `404.html` with a 404;
//! - post pages load the stage one that also shows their comments
//!   (`identity-shell-comments`, built beside the app as another "worker"
//!   asset, renamed after its content here): the other pages do not carry
//!   that code.

use std::path::Path;

use anyhow::{bail, Context};
use base64::Engine as _;
use content::render::{Blog, Page, PageKind};
use content::Post;
use sha2::{Digest, Sha256, Sha384};

/// Trunk's output names for the app (`data-bin="blog"`, `data-type="worker"`).
const APP_JS: &str = "blog.js";
const APP_WASM: &str = "blog_bg.wasm";
/// What `index.html` says before the loader has a name.
const APP_META_PLACEHOLDER: &str = r#"<meta name="identity-app" content="/app.js""#;
const CURRENT_PAGE: &str = r#" aria-current="page""#;
/// The empty `<main>` of the page Trunk wrote, which each page fills.
const PRERENDERED_MAIN: &str = r#"data-identity-prerendered="/"></main>"#;
/// Marks a page whose content is the reader's (account, moderation): stage one
/// loads the app as soon as the page is there, without emptying the frame.
/// `crates/identity-shell/src/page.rs` reads it.
const APP_AT_ONCE: &str = r#" data-identity-load="now""#;
/// The site's own description in the page Trunk wrote, replaced on pages with their own.
const DESCRIPTION_START: &str = r#"<meta name="description" content=""#;

/// Trunk's output names for stage one with the comments
/// (`data-bin="identity-shell-comments"`, `data-type="worker"`).
const SHELL_COMMENTS_JS: &str = "identity-shell-comments.js";
const SHELL_COMMENTS_WASM: &str = "identity-shell-comments_bg.wasm";

/// What a post page says instead of what the page Trunk wrote says: stage one's
/// file names and their `integrity` values, for the variant with the comments.
type Swaps = Vec<(String, String)>;

/// The app's files, as renamed.
struct Bundle {
    loader: String,
    js: String,
    wasm: String,
}

/// Writes the loader and every page of the site for `posts` (newest first) in the
/// directory Trunk staged.
pub fn write(dir: &Path, blog: &Blog, posts: &[Post]) -> anyhow::Result<()> {
    let bundle = bundle(dir)?;
    let trunk_index = without_comments(&read(&dir.join("index.html"))?);
    let trunk_index = crate::css::minify_linked(dir, &trunk_index)?;
    let trunk_index = if crate::js::wanted() {
        minified_stage_one(dir, &trunk_index)?
    } else {
        trunk_index
    };
    let swaps = stage_one_with_comments(dir, &trunk_index)?;
    for (file, html) in pages(&trunk_index, &bundle, &swaps, blog, posts)? {
        let path = dir.join(&file);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        write_file(&path, &html)?;
    }
    Ok(())
}

/// The blog's name, as the page Trunk wrote has it in `<title>`: the feed's
/// title too, so there is one place to rename the blog.
pub fn title(index: &Path) -> anyhow::Result<String> {
    page_title(&read(index)?)
        .map(str::to_owned)
        .with_context(|| {
            format!(
                "{} needs a <title> of plain text (no `&` or `<`): the feed's title",
                index.display()
            )
        })
}

/// The text of the first `<title>`, if it holds no markup or character reference
/// (the feed would have to decode those to escape them again).
fn page_title(html: &str) -> Option<&str> {
    let start = html.find("<title>")? + "<title>".len();
    let text = html[start..].split("</title>").next()?.trim();
    (!text.is_empty() && !text.contains(['&', '<'])).then_some(text)
}

/// Renames the app's files after their content and writes their loader.
fn bundle(dir: &Path) -> anyhow::Result<Bundle> {
    let (js_path, wasm_path) = (dir.join(APP_JS), dir.join(APP_WASM));
    if crate::js::wanted() && js_path.is_file() {
        crate::js::minify(&js_path)?;
    }
    let js = std::fs::read(&js_path).with_context(|| {
        format!(
            "cannot read {}: is the app in index.html as <link data-trunk rel=\"rust\" data-type=\"worker\" data-bin=\"blog\">?",
            js_path.display()
        )
    })?;
    let wasm = std::fs::read(&wasm_path)
        .with_context(|| format!("cannot read {}", wasm_path.display()))?;
    let hash = short_hash(&[&js, &wasm]);
    let (js_name, wasm_name) = (format!("blog-{hash}.js"), format!("blog-{hash}_bg.wasm"));
    std::fs::rename(&js_path, dir.join(&js_name))?;
    std::fs::rename(&wasm_path, dir.join(&wasm_name))?;
    // Named after its own text: a year of cache must never serve an old loader.
    let source = loader_source(&js_name, &wasm_name);
    let loader = format!("app-{}.js", short_hash(&[source.as_bytes()]));
    write_file(&dir.join(&loader), &source)?;
    Ok(Bundle {
        loader,
        js: js_name,
        wasm: wasm_name,
    })
}

/// Renames stage one with the comments after its content and says what a post
/// page swaps: the names of the stage one the page Trunk wrote loads (from its
/// inline loader script) and their subresource-integrity values, for the new ones.
fn stage_one_with_comments(dir: &Path, trunk_index: &str) -> anyhow::Result<Swaps> {
    let (js, wasm) = stage_one_files(trunk_index)?;
    let file = |path: &str| dir.join(path.trim_start_matches('/'));
    let (old_js, old_wasm) = (std::fs::read(file(&js))?, std::fs::read(file(&wasm))?);
    let (new_js_path, new_wasm_path) = (dir.join(SHELL_COMMENTS_JS), dir.join(SHELL_COMMENTS_WASM));
    if crate::js::wanted() && new_js_path.is_file() {
        crate::js::minify(&new_js_path)?;
    }
    let new_js = std::fs::read(&new_js_path).with_context(|| {
        format!(
            "cannot read {}: is it in index.html as <link data-trunk rel=\"rust\" data-bin=\"identity-shell-comments\" data-type=\"worker\">?",
            new_js_path.display()
        )
    })?;
    let new_wasm = std::fs::read(&new_wasm_path)
        .with_context(|| format!("cannot read {}", new_wasm_path.display()))?;
    let hash = short_hash(&[&new_js, &new_wasm]);
    let (js_name, wasm_name) = (
        format!("identity-shell-comments-{hash}.js"),
        format!("identity-shell-comments-{hash}_bg.wasm"),
    );
    std::fs::rename(&new_js_path, dir.join(&js_name))?;
    std::fs::rename(&new_wasm_path, dir.join(&wasm_name))?;
    let mut swaps = vec![(js, format!("/{js_name}")), (wasm, format!("/{wasm_name}"))];
    // Trunk's preload links carry the integrity of the files they name.
    for (old, new) in [(&old_js, &new_js), (&old_wasm, &new_wasm)] {
        let old = integrity(old);
        if trunk_index.contains(&old) {
            swaps.push((old, integrity(new)));
        }
    }
    Ok(swaps)
}

/// The paths of stage one's glue and wasm, from the inline loader Trunk wrote.
fn stage_one_files(trunk_index: &str) -> anyhow::Result<(String, String)> {
    let between = |start: &str| {
        let from = trunk_index.find(start)? + start.len();
        let len = trunk_index[from..].find('\'')?;
        Some(trunk_index[from..from + len].to_owned())
    };
    match (
        between("import init from '"),
        between("init({ module_or_path: '"),
    ) {
        (Some(js), Some(wasm)) => Ok((js, wasm)),
        _ => bail!("index.html as Trunk wrote it has no stage-one loader script"),
    }
}

/// Minifies stage one's glue into a file named after the minified text (Trunk named it
/// after the glue as wasm-bindgen wrote it) and gives back `trunk_index` loading that one.
fn minified_stage_one(dir: &Path, trunk_index: &str) -> anyhow::Result<String> {
    let (js, _) = stage_one_files(trunk_index)?;
    let path = dir.join(js.trim_start_matches('/'));
    let before = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
    crate::js::minify(&path)?;
    let after = std::fs::read(&path)?;
    let stem = js
        .trim_end_matches(".js")
        .rsplit_once('-')
        .map_or(js.as_str(), |(stem, _)| stem);
    let renamed = format!("{stem}-{}.js", short_hash(&[&after]));
    std::fs::rename(&path, dir.join(renamed.trim_start_matches('/')))?;
    Ok(trunk_index
        .replace(&format!("'{js}'"), &format!("'{renamed}'"))
        .replace(&format!("\"{js}\""), &format!("\"{renamed}\""))
        .replace(&integrity(&before), &integrity(&after)))
}

/// `sha384-…`, the subresource integrity Trunk writes.
pub(crate) fn integrity(bytes: &[u8]) -> String {
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes))
    )
}

/// The module stage one imports: it starts the app, which mounts over the page,
/// or tells stage one it could not. The app's first fetch on the home page is the
/// post list, and on a post page the post: it is asked for beside the wasm, not after it.
fn loader_source(js: &str, wasm: &str) -> String {
    format!(
        "// Written by `cargo xtask post-build`: starts the blog's Leptos app (stage two).\n\
         import init from \"./{js}\";\n\
         const post = location.pathname.match(/^\\/posts\\/([a-z0-9-]+)\\/?$/);\n\
         const first = location.pathname === \"/\" ? \"/content/posts.json\" : post && `/content/posts/${{post[1]}}.json`;\n\
         if (first) {{\n\
         \x20 const data = document.createElement(\"link\");\n\
         \x20 Object.assign(data, {{ rel: \"preload\", as: \"fetch\", href: first, crossOrigin: \"anonymous\" }});\n\
         \x20 document.head.append(data);\n\
         }}\n\
         init({{ module_or_path: new URL(\"./{wasm}\", import.meta.url) }}).catch((error) => {{\n\
         \x20 dispatchEvent(new Event(\"{failed}\"));\n\
         \x20 throw error;\n\
         }});\n",
        failed = identity_core::stage::APP_FAILED_EVENT,
    )
}

/// `(file, html)` for every page of the site, from the page Trunk wrote.
///
/// Pages that need the app at once also ask for its files from the start,
/// beside stage one's, instead of after it.
fn pages(
    trunk_index: &str,
    bundle: &Bundle,
    swaps: &Swaps,
    blog: &Blog,
    posts: &[Post],
) -> anyhow::Result<Vec<(String, String)>> {
    if !trunk_index.contains(APP_META_PLACEHOLDER) {
        bail!("index.html has no {APP_META_PLACEHOLDER}>: stage one would have no app to load");
    }
    if trunk_index.matches(PRERENDERED_MAIN).count() != 1 {
        bail!("index.html needs exactly one empty <main … {PRERENDERED_MAIN} for the pages");
    }
    if trunk_index.matches("<title>").count() != 1 || !trunk_index.contains(DESCRIPTION_START) {
        bail!("index.html needs one <title> and a <meta name=\"description\"> for the pages");
    }
    let template = trunk_index.replacen(
        APP_META_PLACEHOLDER,
        &format!(r#"<meta name="identity-app" content="/{}""#, bundle.loader),
        1,
    );
    let preload = format!(
        concat!(
            r#"<link rel="modulepreload" href="/{loader}" crossorigin="anonymous">"#,
            r#"<link rel="modulepreload" href="/{js}" crossorigin="anonymous">"#,
            r#"<link rel="preload" href="/{wasm}" as="fetch" type="application/wasm" crossorigin="anonymous">"#,
        ),
        loader = bundle.loader,
        js = bundle.js,
        wasm = bundle.wasm,
    );
    content::render::site_pages(blog, posts)
        .iter()
        .map(|page| {
            let mut html = page_html(&template, page, blog, &preload)?;
            if page.kind == PageKind::Post {
                for (from, to) in swaps {
                    html = html.replace(from.as_str(), to);
                }
            }
            Ok((page.file.clone(), html))
        })
        .collect()
}

/// `page` in the page Trunk wrote.
fn page_html(template: &str, page: &Page, blog: &Blog, preload: &str) -> anyhow::Result<String> {
    use content::render::escape_html as escape;
    let mut html = template.to_owned();
    // The title of the page Trunk wrote is the blog's name: plain text (see `title`).
    let (before, rest) = html.split_once("<title>").context("no <title>")?;
    let (_, after) = rest.split_once("</title>").context("no </title>")?;
    html = format!("{before}<title>{}</title>{after}", escape(&page.title));
    if let Some(description) = &page.description {
        let (before, rest) = html
            .split_once(DESCRIPTION_START)
            .context("no description")?;
        let (_, after) = rest.split_once('"').context("an unclosed description")?;
        html = format!(
            "{before}{DESCRIPTION_START}{}\"{after}",
            escape(description)
        );
    }
    let mut head = page.head(blog);
    if page.needs_app_at_once() {
        head.push_str(preload);
    }
    html = html.replacen("</head>", &format!("{head}</head>"), 1);
    // The header's "Posts" link is the current page on `/` only.
    if page.path != "/" {
        html = html.replacen(CURRENT_PAGE, "", 1);
    }
    let wake = if page.needs_app_at_once() {
        APP_AT_ONCE
    } else {
        ""
    };
    let main = format!(
        r#"data-identity-prerendered="{}"{wake}>{}</main>"#,
        escape(page.prerendered_for()),
        page.main
    );
    Ok(html.replacen(PRERENDERED_MAIN, &main, 1))
}

/// `html` without its comments (notes for whoever edits `index.html`, not for readers)
/// and without the lines they leave blank.
fn without_comments(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some((before, after)) = rest.split_once("<!--") {
        text.push_str(before);
        rest = after.split_once("-->").map_or("", |(_, after)| after);
    }
    text.push_str(rest);
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| format!("{line}\n"))
        .collect()
}

/// 16 hex digits of SHA-256, as long as Trunk's own file hashes.
pub(crate) fn short_hash(parts: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part);
    }
    hasher.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn read(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

fn write_file(path: &Path, text: &str) -> anyhow::Result<()> {
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use content::PostSummary;

    const TRUNK_INDEX: &str = concat!(
        r#"<html><head><meta name="description" content="The blog." /><title>Blog</title>"#,
        r#"<meta name="identity-app" content="/app.js" /><script src="/shell.js"></script></head><body>"#,
        r#"<nav><a href="/" aria-current="page">Posts</a></nav>"#,
        r#"<main id="main" class="page" data-identity-prerendered="/"></main></body></html>"#,
    );

    #[test]
    fn comments_and_the_lines_they_leave_go() {
        let html = "<head>\n    <!-- Stage one:\n         a note. -->\n    <script>x</script>\n    \n  <title>A</title><!-- b -->\n</head>";
        assert_eq!(
            without_comments(html),
            "<head>\n    <script>x</script>\n  <title>A</title>\n</head>\n"
        );
    }

    fn bundle() -> Bundle {
        Bundle {
            loader: "app-0123456789abcdef.js".into(),
            js: "blog-0123456789abcdef.js".into(),
            wasm: "blog-0123456789abcdef_bg.wasm".into(),
        }
    }

    fn swaps() -> Swaps {
        vec![("/shell.js".into(), "/shell-comments.js".into())]
    }

    fn blog() -> Blog {
        Blog {
            url: "https://blog.example".parse().unwrap(),
            title: "Blog".into(),
        }
    }

    fn post() -> Post {
        Post {
            summary: PostSummary {
                slug: "hello".into(),
                title: "Hello & welcome".into(),
                date: "2026-11-20".into(),
                summary: "Hi \"there\".".into(),
            },
            html: "<p>The whole text.</p>\n".into(),
        }
    }

    fn written() -> std::collections::BTreeMap<String, String> {
        pages(TRUNK_INDEX, &bundle(), &swaps(), &blog(), &[post()])
            .unwrap()
            .into_iter()
            .collect()
    }

    #[test]
    fn every_route_is_a_page_with_the_loader() {
        let pages = written();
        let files: Vec<_> = pages.keys().map(String::as_str).collect();
        assert_eq!(
            files,
            [
                "404.html",
                "account.html",
                "admin.html",
                "index.html",
                "posts/hello.html"
            ]
        );
        for (file, page) in &pages {
            assert!(
                page.contains(r#"<meta name="identity-app" content="/app-0123456789abcdef.js" />"#),
                "{file}"
            );
            assert_eq!(page.matches("<main ").count(), 1, "{file}");
        }
        let index = &pages["index.html"];
        assert!(index.contains(r#"data-identity-prerendered="/"><section class="home">"#));
        assert!(index.contains(r#"href="/posts/hello""#));
        assert!(index.contains(r#"<a href="/" aria-current="page">Posts</a>"#));
        assert!(index.contains("<title>Blog</title>"));
        assert!(index.contains(r#"<link rel="canonical" href="https://blog.example/">"#));
    }

    #[test]
    fn a_post_page_has_its_text_head_and_comment_frame() {
        let page = &written()["posts/hello.html"];
        assert!(page.contains("<title>Hello &amp; welcome · Blog</title>"));
        assert!(page.contains(r#"<meta name="description" content="Hi &quot;there&quot;." />"#));
        assert!(!page.contains("The blog."));
        assert!(page.contains(r#"<link rel="canonical" href="https://blog.example/posts/hello">"#));
        assert!(page.contains(r#"<meta property="og:type" content="article">"#));
        assert!(page.contains(r#"data-identity-prerendered="/posts/hello"><article class="post">"#));
        assert!(page.contains("<p>The whole text.</p>"));
        assert!(page.contains(
            r#"<section class="comments" aria-labelledby="comments-title" data-comments-for="hello">"#
        ));
        assert!(page.contains("<template data-comments-item>"));
        assert!(page.contains(r#"<a href="/">Posts</a>"#));
        // Read without the app: it is fetched on the first interaction only.
        assert!(!page.contains("blog-0123456789abcdef"));
        // Its stage one shows the comments; the other pages' does not carry that code.
        assert!(page.contains(r#"<script src="/shell-comments.js">"#));
        assert!(written()["index.html"].contains(r#"<script src="/shell.js">"#));
        assert!(written()["404.html"].contains(r#"<script src="/shell.js">"#));
        assert!(!page.contains("data-identity-load"));
    }

    #[test]
    fn frames_that_need_the_app_fetch_it_at_once_and_the_404_page_answers_any_path() {
        let pages = written();
        for file in ["account.html", "admin.html"] {
            let page = &pages[file];
            assert!(
                page.contains(r#"<link rel="preload" href="/blog-0123456789abcdef_bg.wasm""#),
                "{file}"
            );
            assert!(page.contains(r#" data-identity-load="now">"#), "{file}");
            assert!(
                page.contains(r#"<meta name="robots" content="noindex">"#),
                "{file}"
            );
        }
        assert!(pages["admin.html"].contains(r#"data-identity-prerendered="/admin""#));
        let not_found = &pages["404.html"];
        assert!(not_found.contains(r#"data-identity-prerendered="*"><section class="not-found">"#));
        assert!(not_found.contains("<title>Page not found · Blog</title>"));
        assert!(!not_found.contains("blog-0123456789abcdef"));
        assert!(!not_found.contains("canonical"));
    }

    #[test]
    fn the_title_is_the_blogs_name() {
        let page = "<head><title>\n  Rust Identity Blog\n</title></head>";
        assert_eq!(page_title(page), Some("Rust Identity Blog"));
        assert_eq!(page_title("<head></head>"), None);
        assert_eq!(page_title("<title></title>"), None);
        assert_eq!(page_title("<title>A &amp; B</title>"), None);
    }

    #[test]
    fn a_page_without_the_markers_is_refused() {
        for (from, to) in [
            ("identity-app", "x"),
            ("data-identity-prerendered", "data-x"),
            ("<title>", "<x>"),
            (r#"name="description""#, "x"),
        ] {
            let page = TRUNK_INDEX.replace(from, to);
            assert!(
                pages(&page, &bundle(), &swaps(), &blog(), &[]).is_err(),
                "{from}"
            );
        }
    }

    #[test]
    fn post_pages_get_stage_one_with_the_comments_under_its_own_name_and_integrity() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &[u8]| std::fs::write(dir.path().join(name), text).unwrap();
        write("identity-shell-0123456789abcdef.js", b"plain js");
        write("identity-shell-0123456789abcdef_bg.wasm", b"plain wasm");
        write(SHELL_COMMENTS_JS, b"comments js");
        write(SHELL_COMMENTS_WASM, b"comments wasm");
        let index = format!(
            concat!(
                r#"<link rel="modulepreload" href="/identity-shell-0123456789abcdef.js" integrity="{}">"#,
                "<script type=\"module\" async>import init from '/identity-shell-0123456789abcdef.js';",
                "init({{ module_or_path: '/identity-shell-0123456789abcdef_bg.wasm' }});</script>",
            ),
            integrity(b"plain js")
        );
        let swaps = stage_one_with_comments(dir.path(), &index).unwrap();
        let mut post = index.clone();
        for (from, to) in &swaps {
            post = post.replace(from.as_str(), to);
        }
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("identity-shell-comments-"))
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
        for name in &names {
            assert!(crate::headers::is_hashed_asset(name), "{name}");
            assert!(post.contains(&format!("'/{name}'")), "{post}");
        }
        assert!(!post.contains("0123456789abcdef"), "{post}");
        assert!(post.contains(&integrity(b"comments js")));
        assert!(!dir.path().join(SHELL_COMMENTS_JS).exists());
        assert!(stage_one_with_comments(dir.path(), "<p>no loader</p>").is_err());
    }

    #[test]
    fn the_bundle_gets_hashed_names_and_a_loader() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(APP_JS), "export default function init() {}").unwrap();
        std::fs::write(dir.path().join(APP_WASM), b"\0asm").unwrap();
        let bundle = super::bundle(dir.path()).unwrap();
        assert!(!dir.path().join(APP_JS).exists());
        for name in [&bundle.loader, &bundle.js, &bundle.wasm] {
            assert!(dir.path().join(name).is_file(), "{name}");
            assert!(crate::headers::is_hashed_asset(name), "{name}");
        }
        let source = std::fs::read_to_string(dir.path().join(&bundle.loader)).unwrap();
        assert!(source.contains(&format!("import init from \"./{}\"", bundle.js)));
        assert!(source.contains(&format!("new URL(\"./{}\"", bundle.wasm)));
        assert!(source.contains("dispatchEvent(new Event(\"identity:app-failed\"))"));
        assert!(source.contains(r"location.pathname.match(/^\/posts\/([a-z0-9-]+)\/?$/)"));
        assert!(source.contains("`/content/posts/${post[1]}.json`"));
    }
}
