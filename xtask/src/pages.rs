//! The two HTML pages and the stage-two loader, written after Trunk.
//!
//! Trunk's main wasm is `identity-shell` (stage one, a few KB); the blog's
//! Leptos app is built beside it as a "worker" asset, which Trunk compiles but
//! never loads. Here:
//!
//! - the app's `blog.js` and `blog_bg.wasm` get content-hashed names (so they
//!   can be cached for a year) and a two-line loader, `app-<hash>.js`, that
//!   `<meta name="identity-app">` names for stage one to import on first use;
//! - `index.html` gets the home page's post list prerendered into its
//!   `<main data-identity-prerendered="/">`;
//! - `app.html` is the same page with `<main>` empty: `netlify.toml` serves it
//!   for every other path, so no path shows the home page's posts by mistake.

use std::path::Path;

use anyhow::{bail, Context};
use content::PostSummary;
use sha2::{Digest, Sha256};

/// Trunk's output names for the app (`data-bin="blog"`, `data-type="worker"`).
const APP_JS: &str = "blog.js";
const APP_WASM: &str = "blog_bg.wasm";
/// What `index.html` says before the loader has a name.
const APP_META_PLACEHOLDER: &str = r#"<meta name="identity-app" content="/app.js""#;
const CURRENT_PAGE: &str = r#" aria-current="page""#;
const PRERENDERED_MAIN: &str = r#"data-identity-prerendered="/"></main>"#;
/// `app.html`'s `<main>`: prerendered for no page, so stage one loads the app.
const FOR_NO_PAGE: &str = r#"data-identity-prerendered=""></main>"#;

/// The app's files, as renamed.
struct Bundle {
    loader: String,
    js: String,
    wasm: String,
}

/// Writes the loader, `index.html` with the home page and `app.html`, in the
/// directory Trunk staged.
pub fn write(dir: &Path, posts: &[PostSummary]) -> anyhow::Result<()> {
    let bundle = bundle(dir)?;
    let index_path = dir.join("index.html");
    let index = read(&index_path)?;
    let (app, index) = pages(&index, &bundle, posts)?;
    write_file(&dir.join("app.html"), &app)?;
    write_file(&index_path, &index)?;
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

/// The module stage one imports: it starts the app, which mounts over the page,
/// or tells stage one it could not. On the home page the app's first fetch is
/// the post list, so it is asked for beside the wasm, not after it.
fn loader_source(js: &str, wasm: &str) -> String {
    format!(
        "// Written by `cargo xtask post-build`: starts the blog's Leptos app (stage two).\n\
         import init from \"./{js}\";\n\
         if (location.pathname === \"/\") {{\n\
         \x20 const list = document.createElement(\"link\");\n\
         \x20 Object.assign(list, {{ rel: \"preload\", as: \"fetch\", href: \"/content/posts.json\", crossOrigin: \"anonymous\" }});\n\
         \x20 document.head.append(list);\n\
         }}\n\
         init({{ module_or_path: new URL(\"./{wasm}\", import.meta.url) }}).catch((error) => {{\n\
         \x20 dispatchEvent(new Event(\"{failed}\"));\n\
         \x20 throw error;\n\
         }});\n",
        failed = identity_core::stage::APP_FAILED_EVENT,
    )
}

/// `(app.html, index.html)` from the page Trunk wrote.
///
/// `app.html` is served where the app is needed at once, so it also asks for
/// the app's files from the start, beside stage one's, instead of after it.
fn pages(
    trunk_index: &str,
    bundle: &Bundle,
    posts: &[PostSummary],
) -> anyhow::Result<(String, String)> {
    if !trunk_index.contains(APP_META_PLACEHOLDER) {
        bail!("index.html has no {APP_META_PLACEHOLDER}>: stage one would have no app to load");
    }
    let index = trunk_index.replacen(
        APP_META_PLACEHOLDER,
        &format!(r#"<meta name="identity-app" content="/{}""#, bundle.loader),
        1,
    );
    let preload = format!(
        concat!(
            r#"<link rel="modulepreload" href="/{loader}" crossorigin="anonymous">"#,
            r#"<link rel="modulepreload" href="/{js}" crossorigin="anonymous">"#,
            r#"<link rel="preload" href="/{wasm}" as="fetch" type="application/wasm" crossorigin="anonymous">"#,
            "</head>"
        ),
        loader = bundle.loader,
        js = bundle.js,
        wasm = bundle.wasm,
    );
    // The header's "Posts" link is the current page on `/` only.
    let app = index
        .replacen(CURRENT_PAGE, "", 1)
        .replacen("</head>", &preload, 1)
        .replacen(PRERENDERED_MAIN, FOR_NO_PAGE, 1);
    if index.matches(PRERENDERED_MAIN).count() != 1 {
        bail!("index.html needs exactly one empty <main … {PRERENDERED_MAIN} for the home page");
    }
    let home = format!(
        r#"data-identity-prerendered="/">{}</main>"#,
        content::render::home_html(posts)
    );
    let index = index.replacen(PRERENDERED_MAIN, &home, 1);
    Ok((app, index))
}

/// 16 hex digits of SHA-256, as long as Trunk's own file hashes.
fn short_hash(parts: &[&[u8]]) -> String {
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

    const TRUNK_INDEX: &str = concat!(
        r#"<html><head><meta name="identity-app" content="/app.js" /></head><body>"#,
        r#"<nav><a href="/" aria-current="page">Posts</a></nav>"#,
        r#"<main id="main" class="page" data-identity-prerendered="/"></main></body></html>"#,
    );

    fn bundle() -> Bundle {
        Bundle {
            loader: "app-0123456789abcdef.js".into(),
            js: "blog-0123456789abcdef.js".into(),
            wasm: "blog-0123456789abcdef_bg.wasm".into(),
        }
    }

    fn post() -> PostSummary {
        PostSummary {
            slug: "hello".into(),
            title: "Hello".into(),
            date: "2026-11-20".into(),
            summary: "Hi.".into(),
        }
    }

    #[test]
    fn index_has_the_posts_and_app_html_an_empty_main() {
        let (app, index) = pages(TRUNK_INDEX, &bundle(), &[post()]).unwrap();
        for page in [&app, &index] {
            assert!(
                page.contains(r#"<meta name="identity-app" content="/app-0123456789abcdef.js" />"#)
            );
        }
        assert!(index.contains(r#"data-identity-prerendered="/"><section class="home">"#));
        assert!(index.contains(r#"href="/posts/hello""#));
        assert!(app.contains(r#"data-identity-prerendered=""></main>"#));
        assert!(!app.contains("post-card"));
        assert!(index.contains(r#"<a href="/" aria-current="page">Posts</a>"#));
        assert!(app.contains(r#"<a href="/">Posts</a>"#));
        // Only the page that needs the app at once fetches it at once.
        assert!(app.contains(r#"<link rel="preload" href="/blog-0123456789abcdef_bg.wasm""#));
        assert!(!index.contains("blog-0123456789abcdef"));
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
        let no_meta = TRUNK_INDEX.replace("identity-app", "x");
        assert!(pages(&no_meta, &bundle(), &[]).is_err());
        let no_main = TRUNK_INDEX.replace("data-identity-prerendered", "data-x");
        assert!(pages(&no_main, &bundle(), &[]).is_err());
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
    }
}
