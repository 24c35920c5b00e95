//! The headers of the built site that only the build can know, written to
//! `_headers` in the publish directory (Netlify applies it beside
//! `netlify.toml`'s `[[headers]]`, and so does the local stack).
//!
//! - The Content-Security-Policy: no inline script runs except Trunk's
//!   loader, allowed by the SHA-256 of its exact text, which names the hashed
//!   files and so changes with every build. It is defined here and nowhere
//!   else: two policies would both be enforced.
//! - A year of immutable cache for the files whose names carry a content hash,
//!   listed by exact name; everything else keeps Netlify's revalidation.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{bail, Context};
use base64::Engine as _;
use sha2::{Digest, Sha256};

/// Writes `<dir>/_headers` for the site Trunk staged in `dir`: the policy allows the
/// inline scripts of every page (`*.html`, in any folder) and nothing else.
pub fn write(dir: &Path) -> anyhow::Result<()> {
    let mut pages = Vec::new();
    for path in html_files(dir)? {
        let html = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        pages.push((path, html));
    }
    if !pages
        .iter()
        .any(|(path, _)| path == &dir.join("index.html"))
    {
        bail!("{} has no index.html", dir.display());
    }
    let mut scripts: Vec<&str> = Vec::new();
    for (path, html) in &pages {
        let found = inline_scripts(html);
        if found.is_empty() {
            bail!(
                "{} has no inline loader script: has Trunk changed how it loads the app?",
                path.display()
            );
        }
        for script in found {
            if !scripts.contains(&script) {
                scripts.push(script);
            }
        }
    }
    let mut hashed = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if is_hashed_asset(&name) {
            hashed.push(name);
        }
    }
    hashed.sort();
    let path = dir.join("_headers");
    std::fs::write(&path, render(&content_security_policy(&scripts), &hashed))
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// Every `.html` file under `dir`, in a stable order.
fn html_files(dir: &Path) -> anyhow::Result<Vec<std::path::PathBuf>> {
    let mut out = crate::site::files(dir)?;
    out.retain(|path| path.extension().is_some_and(|ext| ext == "html"));
    out.sort();
    Ok(out)
}

/// The text of every `<script>` without `src`, exactly as the browser hashes it.
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut scripts = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        rest = &rest[start..];
        let Some(open_end) = rest.find('>') else {
            break;
        };
        let tag = &rest[..open_end];
        let body = &rest[open_end + 1..];
        let Some(close) = body.find("</script") else {
            break;
        };
        if !has_src(tag) {
            scripts.push(&body[..close]);
        }
        rest = &body[close..];
    }
    scripts
}

/// Whether an opening `<script …` tag has a `src` attribute (names are
/// separated by any whitespace, and `=` may have spaces around it).
fn has_src(tag: &str) -> bool {
    tag.split(|c: char| c.is_ascii_whitespace() || c == '=')
        .skip(1)
        .any(|name| name.eq_ignore_ascii_case("src"))
}

/// `'sha256-…'`, the CSP source that allows exactly this inline script.
/// Browsers hash the text after normalising line breaks to `\n`.
fn hash_source(script: &str) -> String {
    let text = script.replace("\r\n", "\n").replace('\r', "\n");
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The site's policy: its own origin for everything, wasm compilation
/// allowed, and inline script only for the listed loader texts.
fn content_security_policy(scripts: &[&str]) -> String {
    let hashes: Vec<String> = scripts.iter().map(|s| hash_source(s)).collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {}; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; \
         base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
        hashes.join(" ")
    )
}

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

fn render(policy: &str, hashed: &[String]) -> String {
    let mut out = String::from(
        "# Written by `cargo xtask post-build` (Trunk's post_build hook). Do not edit.\n\
         /*\n",
    );
    let _ = writeln!(out, "  Content-Security-Policy: {policy}");
    for name in hashed {
        let _ = writeln!(out, "/{name}\n  Cache-Control: {IMMUTABLE}");
    }
    out
}

/// Whether a file name carries a content hash, as Trunk writes them
/// (`blog-0123456789abcdef.js`, `blog-0123456789abcdef_bg.wasm`). Trunk prints
/// the 64-bit hash in hex without leading zeros, so it may be shorter than 16
/// digits.
pub(crate) fn is_hashed_asset(name: &str) -> bool {
    let Some((stem, _ext)) = name.split_once('.') else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    let Some((_, hash)) = stem.rsplit_once('-') else {
        return false;
    };
    (8..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRUNK_INDEX: &str = r#"<!doctype html><html><head>
<link rel="stylesheet" href="/main-3de6b4a06a409c7.css" integrity="sha384-x"/>
<script type="module">
import init, * as bindings from '/blog-4a6de21bbc5d3c3a.js';
const wasm = await init({ module_or_path: '/blog-4a6de21bbc5d3c3a_bg.wasm' });
</script>
<script src="/external.js"></script>
<link rel="modulepreload" href="/blog-4a6de21bbc5d3c3a.js"></head><body></body></html>"#;

    #[test]
    fn finds_the_loader_text_byte_for_byte_and_skips_external_scripts() {
        assert_eq!(
            inline_scripts(TRUNK_INDEX),
            ["\nimport init, * as bindings from '/blog-4a6de21bbc5d3c3a.js';\nconst wasm = await init({ module_or_path: '/blog-4a6de21bbc5d3c3a_bg.wasm' });\n"]
        );
        assert!(inline_scripts("<p>no script</p>").is_empty());
        assert!(inline_scripts("<script\n  src = \"/a.js\"></script>").is_empty());
        assert!(inline_scripts("<script SRC=/a.js></script>").is_empty());
        assert_eq!(inline_scripts("<script data-src=x>go()</script>"), ["go()"]);
        assert!(inline_scripts("<script>unterminated").is_empty());
    }

    #[test]
    fn every_page_in_every_folder_is_covered_and_one_without_a_loader_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let page = |script: &str| {
            format!("<html><head><script type=\"module\">{script}</script></head></html>")
        };
        std::fs::create_dir_all(dir.path().join("posts")).unwrap();
        std::fs::write(dir.path().join("index.html"), page("home()")).unwrap();
        std::fs::write(dir.path().join("posts/a.html"), page("post()")).unwrap();
        write(dir.path()).unwrap();
        let headers = std::fs::read_to_string(dir.path().join("_headers")).unwrap();
        assert!(headers.contains(&hash_source("home()")), "{headers}");
        assert!(headers.contains(&hash_source("post()")), "{headers}");

        std::fs::write(dir.path().join("posts/b.html"), "<p>no loader</p>").unwrap();
        let err = write(dir.path()).unwrap_err();
        assert!(err.to_string().contains("b.html"), "{err}");
    }

    #[test]
    fn hashes_as_browsers_do() {
        // Known vector: `echo -n "alert('Hello, world.');" | openssl dgst -sha256 -binary | base64`
        // (the example of the CSP specification).
        assert_eq!(
            hash_source("alert('Hello, world.');"),
            "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"
        );
        // A checkout with CRLF line ends hashes as the browser sees it.
        assert_eq!(hash_source("a();\r\nb();\r"), hash_source("a();\nb();\n"));
    }

    #[test]
    fn the_policy_allows_no_other_inline_script() {
        let policy = content_security_policy(&["a", "b"]);
        assert!(policy.contains(&format!(
            "script-src 'self' 'wasm-unsafe-eval' {} {};",
            hash_source("a"),
            hash_source("b")
        )));
        assert!(!policy.contains("unsafe-inline"));
        assert!(policy.contains("object-src 'none'"));
        assert!(policy.contains("frame-ancestors 'none'"));
    }

    #[test]
    fn renders_netlify_headers_file_syntax() {
        let out = render(
            "default-src 'self'",
            &["blog-4a6de21bbc5d3c3a.js".to_owned()],
        );
        assert_eq!(
            out.lines().skip(1).collect::<Vec<_>>(),
            [
                "/*",
                "  Content-Security-Policy: default-src 'self'",
                "/blog-4a6de21bbc5d3c3a.js",
                "  Cache-Control: public, max-age=31536000, immutable",
            ]
        );
    }

    #[test]
    fn trunk_outputs_are_hashed() {
        for name in [
            "blog-4f3c2a1b9d8e7f60.js",
            "blog-4f3c2a1b9d8e7f60_bg.wasm",
            "style-0123456789ABCDEF.css",
            "favicon-923dfabbe8535d7.svg",
        ] {
            assert!(is_hashed_asset(name), "{name}");
        }
    }

    #[test]
    fn other_files_are_not() {
        for name in [
            "index.html",
            "posts.json",
            "blog-4f3c2a1.js",
            "blog-4f3c2a1b9d8e7f6g.js",
            "blog-4f3c2a1b9d8e7f60a.js",
            "my-post.json",
            "blog4f3c2a1b9d8e7f60.js",
            "_headers",
        ] {
            assert!(!is_hashed_asset(name), "{name}");
        }
    }
}
