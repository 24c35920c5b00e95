//! `cargo xtask dist`: everything `netlify deploy` takes — the site in
//! `dist/` and one static Linux binary per function in `netlify/functions/`.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use crate::{cmd, site, tools};

pub const MUSL: &str = "x86_64-unknown-linux-musl";
pub const FUNCTIONS: [&str; 4] = [
    "submit-comment",
    "list-comments",
    "moderate-comment",
    "identity-signup",
];

pub fn run() -> anyhow::Result<()> {
    // A deploy whose feed and sitemap link to the local stack would publish dead links.
    if site::configured().is_none() {
        bail!(
            "set SITE_URL to the deployed address first, e.g. \
             SITE_URL=https://<your-site>.netlify.app cargo xtask dist: \
             feed.xml and sitemap.xml need the site's absolute URLs"
        );
    }
    let tools = tools::setup(tools::Needs::BUILD)?;
    site::build(&tools)?;
    let dir = build_functions()?;
    eprintln!(
        "ready to deploy: the site in {}, the functions in {}\n  netlify deploy --prod",
        site::dist().display(),
        dir.display()
    );
    Ok(())
}

/// Where the deployable function binaries go (`[functions] directory` in
/// netlify.toml).
pub fn functions_dir() -> PathBuf {
    crate::root().join("netlify/functions")
}

/// Builds the function binaries for Lambda (static musl, symbols kept: Netlify
/// recognises a Rust function by `rust_eh_personality`) and lays them out
/// one file per function in `netlify/functions/` (Netlify's default place).
pub fn build_functions() -> anyhow::Result<PathBuf> {
    tools::musl()?;
    let posts = site::dist().join("content/posts.json");
    cmd::run(
        cmd::new("cargo")
            .args(["build", "--profile", "server", "--target", MUSL])
            .args(["-p", "functions", "--bins"])
            .env("CC_x86_64_unknown_linux_musl", "musl-gcc")
            .env("FUNCTIONS_POSTS_INDEX", &posts),
    )?;
    let built = crate::root().join(format!("target/{MUSL}/server"));
    let out = functions_dir();
    std::fs::create_dir_all(&out)?;
    for name in FUNCTIONS {
        let from = built.join(name);
        let to = out.join(name);
        std::fs::copy(&from, &to)
            .with_context(|| format!("cannot copy {} to {}", from.display(), to.display()))?;
        check_deployable(&to)?;
    }
    Ok(out)
}

/// What Netlify's deploy looks for: a Linux x86-64 ELF with the Rust marker.
fn check_deployable(path: &Path) -> anyhow::Result<()> {
    let bytes = std::fs::read(path)?;
    let elf_x86_64 = bytes.starts_with(b"\x7fELF\x02\x01") && bytes.get(18..20) == Some(&[0x3e, 0]);
    if !elf_x86_64 {
        bail!("{} is not an x86-64 ELF executable", path.display());
    }
    let marker = b"rust_eh_personality";
    if !bytes.windows(marker.len()).any(|w| w == marker) {
        bail!(
            "{} lacks `rust_eh_personality`: Netlify would not deploy it as a Rust function",
            path.display()
        );
    }
    Ok(())
}
