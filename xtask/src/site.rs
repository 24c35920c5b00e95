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

/// Trunk's post-build hook: renders `content/posts/*.md` into the staging dir,
/// finishes the pages (see `pages.rs`) and writes `_headers` for the
/// `index.html` Trunk staged there.
pub fn post_build(out: &Path) -> anyhow::Result<()> {
    let posts = crate::root().join("content/posts");
    let summaries = content::render::write_site(&posts, out)?;
    eprintln!(
        "wrote {} posts into {}",
        summaries.len(),
        out.join("content").display()
    );
    crate::pages::write(out, &summaries)?;
    eprintln!("wrote the app's loader, index.html with the home page, and app.html");
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

/// Writes `.gz` (gzip -9) and `.br` (brotli -q 11, when installed) next to
/// every text and wasm file.
fn precompress(dir: &Path) -> anyhow::Result<()> {
    let brotli = cmd::version_of("brotli").is_some();
    for path in files(dir)? {
        let compressible = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e, "html" | "js" | "wasm" | "css" | "json" | "svg" | "txt"));
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

fn files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
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
