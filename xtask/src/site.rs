//! Building the site into `dist/`.

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::{cmd, tools::Tools};

pub fn dist() -> PathBuf {
    crate::root().join("dist")
}

/// `trunk build --release` (which writes the posts' JSON through its hook),
/// then precompressed siblings for the server to prefer.
pub fn build(_tools: &Tools) -> anyhow::Result<()> {
    cmd::run(cmd::new("trunk").args(["build", "--release"]))?;
    precompress(&dist())?;
    eprintln!("built the site into {}", dist().display());
    Ok(())
}

/// Where the site is served when nothing says otherwise: the local stack.
pub const DEFAULT_SITE_URL: &str = "http://127.0.0.1:8888";

/// Trunk's post-build hook: renders `content/posts/*.md` into the staging dir
/// (the posts' JSON, `feed.xml` and `sitemap.xml`), writes every page from the
/// `index.html` Trunk staged there (see `pages.rs`) and `_headers` for them.
pub fn post_build(out: &Path) -> anyhow::Result<()> {
    let posts = crate::root().join("content/posts");
    let blog = content::render::Blog {
        url: site_url()?,
        title: crate::pages::title(&out.join("index.html"))?,
    };
    let posts = content::render::write_site(&posts, out, &blog)?;
    eprintln!(
        "wrote {} posts into {}, and feed.xml and sitemap.xml for {}",
        posts.len(),
        out.join("content").display(),
        blog.url,
    );
    crate::pages::write(out, &blog, &posts)?;
    eprintln!(
        "wrote the app's loader and every page: index.html, posts/<slug>.html, account.html, admin.html, 404.html"
    );
    crate::headers::write(out)?;
    eprintln!("wrote {}", out.join("_headers").display());
    // netlify.toml answers a missing post's JSON with this file and a 404.
    let not_found = out.join("404.json");
    std::fs::write(
        &not_found,
        "{\"error\":\"not_found\",\"message\":\"No such file.\"}\n",
    )
    .with_context(|| format!("cannot write {}", not_found.display()))?;
    Ok(())
}

/// The site's address for the feed's and the sitemap's absolute URLs: `SITE_URL`,
/// else Netlify's `URL` (set in a Netlify build), else [`DEFAULT_SITE_URL`].
fn site_url() -> anyhow::Result<content::render::SiteUrl> {
    let Some((value, name)) = configured() else {
        eprintln!(
            "SITE_URL is not set: feed.xml and sitemap.xml link to {DEFAULT_SITE_URL} \
             (set SITE_URL to the deployed address before `cargo xtask dist`)"
        );
        return Ok(DEFAULT_SITE_URL.parse()?);
    };
    value
        .parse()
        .with_context(|| format!("{name} cannot be the site's address"))
}

/// The site's address as configured (`SITE_URL`, else `URL`), with the variable's name;
/// `None` when neither is set.
pub fn configured() -> Option<(String, &'static str)> {
    let var = |name| std::env::var(name).ok();
    configured_site_url(var("SITE_URL"), var("URL"))
}

/// The first of `SITE_URL` and `URL` that is set and not blank, with its name.
fn configured_site_url(
    site_url: Option<String>,
    url: Option<String>,
) -> Option<(String, &'static str)> {
    let set = |value: Option<String>| value.filter(|v| !v.trim().is_empty());
    set(site_url)
        .map(|v| (v, "SITE_URL"))
        .or_else(|| set(url).map(|v| (v, "URL")))
}

/// Writes `.gz` (gzip -9) and `.br` (brotli -q 11, when installed) next to
/// every text and wasm file.
fn precompress(dir: &Path) -> anyhow::Result<()> {
    let brotli = cmd::version_of("brotli").is_some();
    for path in files(dir)? {
        let compressible = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            matches!(
                e,
                "html" | "js" | "wasm" | "css" | "json" | "svg" | "txt" | "xml"
            )
        });
        if !compressible {
            continue;
        }
        cmd::run_quiet(cmd::new("gzip").args(["-9", "-k", "-f", "-n"]).arg(&path))?;
        if brotli {
            cmd::run_quiet(cmd::new("brotli").args(["-q", "11", "-k", "-f"]).arg(&path))?;
        }
    }
    Ok(())
}

/// Every file under `dir`, folders walked.
pub(crate) fn files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            out.extend(files(&path)?);
        } else {
            out.push(path);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_url_wins_over_netlifys_url_and_blank_is_unset() {
        let some = |s: &str| Some(s.to_owned());
        assert_eq!(
            configured_site_url(some("https://a.example"), some("https://b.example")),
            Some(("https://a.example".to_owned(), "SITE_URL"))
        );
        assert_eq!(
            configured_site_url(some(" "), some("https://b.example")),
            Some(("https://b.example".to_owned(), "URL"))
        );
        assert_eq!(configured_site_url(None, Some(String::new())), None);
        assert!(DEFAULT_SITE_URL.parse::<content::render::SiteUrl>().is_ok());
    }
}
