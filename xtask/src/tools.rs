//! The tools the build and the tests need, installed when missing, only from
//! the package registries (crates, npm, Debian) — nothing else is reachable.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use crate::cmd;

pub const TRUNK_VERSION: &str = "0.21.14";
/// npm's binaryen. Debian's wasm-opt 108 silently breaks Leptos output, so
/// Trunk is pinned to this one (`Trunk.toml` `[tools] wasm_opt`).
pub const BINARYEN_VERSION: &str = "132";
pub const AXE_CORE_VERSION: &str = "4";
/// Minifies the site's JavaScript after Trunk (`js.rs`).
pub const TERSER_VERSION: &str = "5.51.4";
/// Netlify's own headless client, run beside the widget by the browser tests.
pub const NETLIFY_IDENTITY_VERSION: &str = "2.0.0";
/// `cargo xtask bench` reads what the wasm is made of with `twiggy top`.
pub const TWIGGY_VERSION: &str = "0.8.0";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Which groups of tools a command needs.
#[derive(Debug, Clone, Copy)]
pub struct Needs {
    pub build: bool,
    pub browser: bool,
}

impl Needs {
    pub const BUILD: Needs = Needs {
        build: true,
        browser: false,
    };
    pub const ALL: Needs = Needs {
        build: true,
        browser: true,
    };
}

/// What [`setup`] found or installed.
#[derive(Debug, Clone)]
pub struct Tools {
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
}

/// Checks every tool `needs` asks for and installs what is missing.
pub fn setup(needs: Needs) -> anyhow::Result<Tools> {
    if needs.build {
        wasm_target()?;
        wasm_bindgen()?;
        trunk()?;
        wasm_opt()?;
        terser()?;
    }
    if needs.browser {
        chromium()?;
        axe_core()?;
        netlify_identity()?;
    }
    Ok(Tools {
        chromium: CHROMIUM.into(),
        chromedriver: CHROMEDRIVER.into(),
    })
}

/// Where npm tools live: `.tools/` in the workspace, ignored by git.
pub fn tools_dir() -> PathBuf {
    crate::root().join(".tools")
}

/// PATH with the project's npm tools and cargo's bin directory first.
pub fn path_with_tools() -> OsString {
    let mut dirs = vec![tools_dir().join("node_modules/.bin")];
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        dirs.push(PathBuf::from(home).join("bin"));
    } else if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join(".cargo/bin"));
    }
    let current = std::env::var_os("PATH").unwrap_or_default();
    dirs.extend(std::env::split_paths(&current));
    std::env::join_paths(dirs).unwrap_or(current)
}

fn wasm_target() -> anyhow::Result<()> {
    let installed = cmd::probe(cmd::new("rustup").args(["target", "list", "--installed"]))
        .map(|out| String::from_utf8_lossy(&out.stdout).contains("wasm32-unknown-unknown"))
        .unwrap_or(false);
    if !installed {
        cmd::run(cmd::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    Ok(())
}

/// `cargo install`, built for a short build rather than a fast tool: these tools spend
/// their time in what they run, and Trunk's own release profile (fat LTO, one codegen
/// unit) made its install the longest step of a new machine's CI run.
fn cargo_install() -> std::process::Command {
    let mut install = cmd::new("cargo");
    install
        .arg("install")
        .env("CARGO_PROFILE_RELEASE_LTO", "off")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "1");
    install
}

fn trunk() -> anyhow::Result<()> {
    let wanted = format!("trunk {TRUNK_VERSION}");
    if cmd::version_of("trunk").as_deref() != Some(wanted.as_str()) {
        cmd::run(cargo_install().args(["trunk", "--locked", "--version", TRUNK_VERSION]))?;
    }
    Ok(())
}

/// Trunk and the test runner refuse a wasm-bindgen CLI whose version differs
/// from the library's in Cargo.lock, and would try to download one.
fn wasm_bindgen() -> anyhow::Result<()> {
    let lock = crate::root().join("Cargo.lock");
    let lock = std::fs::read_to_string(&lock)
        .with_context(|| format!("cannot read {}", lock.display()))?;
    let Some(version) = locked_version(&lock, "wasm-bindgen") else {
        bail!("Cargo.lock has no wasm-bindgen");
    };
    let ok = |program| {
        cmd::version_of(program).is_some_and(|v| v.split_whitespace().last() == Some(version))
    };
    if !ok("wasm-bindgen") || !ok("wasm-bindgen-test-runner") {
        // Not --locked: its lock file pins a crate version the registry no longer serves.
        cmd::run(cargo_install().args(["wasm-bindgen-cli", "--force", "--version", version]))?;
    }
    Ok(())
}

/// `twiggy`, for the benchmarks only (the tests do not need it).
pub fn twiggy() -> anyhow::Result<()> {
    if cmd::version_of("twiggy").is_none() {
        cmd::run(cargo_install().args(["twiggy", "--locked", "--version", TWIGGY_VERSION]))?;
    }
    Ok(())
}

fn wasm_opt() -> anyhow::Result<()> {
    let local = tools_dir().join("node_modules/.bin/wasm-opt");
    let found = cmd::version_of(&local.to_string_lossy());
    if !found.is_some_and(|v| v.contains(&format!("version {BINARYEN_VERSION}"))) {
        npm_install(&format!("binaryen@{BINARYEN_VERSION}"))?;
    }
    Ok(())
}

/// The musl target, and a musl C compiler for the crates that build C
/// (`ring`, SQLite).
pub fn musl() -> anyhow::Result<()> {
    let installed = cmd::probe(cmd::new("rustup").args(["target", "list", "--installed"]))
        .map(|out| String::from_utf8_lossy(&out.stdout).contains(crate::dist::MUSL))
        .unwrap_or(false);
    if !installed {
        cmd::run(cmd::new("rustup").args(["target", "add", crate::dist::MUSL]))?;
    }
    if cmd::probe(cmd::new("musl-gcc").arg("--version")).is_none() {
        if !cmd::is_root() {
            bail!("musl-gcc is missing: run `sudo apt-get install -y musl-tools`");
        }
        cmd::run(cmd::new("apt-get").args(["install", "-y", "musl-tools"]))?;
    }
    Ok(())
}

/// axe-core, injected by the browser tests to check the modal's accessibility.
fn terser() -> anyhow::Result<()> {
    let installed = tools_dir().join("node_modules/terser/package.json");
    let version = std::fs::read_to_string(&installed).unwrap_or_default();
    if !version.contains(&format!("\"version\": \"{TERSER_VERSION}\"")) {
        npm_install(&format!("terser@{TERSER_VERSION}"))?;
    }
    Ok(())
}

fn axe_core() -> anyhow::Result<()> {
    if !tools_dir()
        .join("node_modules/axe-core/axe.min.js")
        .is_file()
    {
        npm_install(&format!("axe-core@{AXE_CORE_VERSION}"))?;
    }
    Ok(())
}

/// `@netlify/identity` (and the gotrue-js it runs on), which the browser tests run beside the
/// widget in the page and in node.
fn netlify_identity() -> anyhow::Result<()> {
    let installed = tools_dir().join("node_modules/@netlify/identity/package.json");
    let version = std::fs::read_to_string(&installed).unwrap_or_default();
    if !version.contains(&format!("\"version\": \"{NETLIFY_IDENTITY_VERSION}\"")) {
        npm_install(&format!("@netlify/identity@{NETLIFY_IDENTITY_VERSION}"))?;
    }
    Ok(())
}

/// `npm install PACKAGE@VERSION` into `.tools/`.
fn npm_install(package: &str) -> anyhow::Result<()> {
    std::fs::create_dir_all(tools_dir())?;
    cmd::run(
        cmd::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(tools_dir())
            .arg(package),
    )
}

fn chromium() -> anyhow::Result<()> {
    if Path::new(CHROMIUM).is_file() && Path::new(CHROMEDRIVER).is_file() {
        return Ok(());
    }
    if !cmd::is_root() {
        bail!("Chromium is missing: run `sudo apt-get install -y chromium chromium-driver`");
    }
    cmd::run(cmd::new("apt-get").arg("update"))?;
    cmd::run(cmd::new("apt-get").args(["install", "-y", "chromium", "chromium-driver"]))
}

/// The version Cargo.lock records for a package.
///
/// ```text
/// [[package]]
/// name = "wasm-bindgen"
/// version = "0.2.130"
/// ```
fn locked_version<'a>(lock: &'a str, package: &str) -> Option<&'a str> {
    let wanted = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == wanted {
            let version = lines.next()?.trim().strip_prefix("version = \"")?;
            return version.strip_suffix('"');
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::locked_version;

    const LOCK: &str = r#"
[[package]]
name = "wasm-bindgen-macro"
version = "0.2.130"

[[package]]
name = "wasm-bindgen"
version = "0.2.129"
source = "registry+https://github.com/rust-lang/crates.io-index"
"#;

    #[test]
    fn finds_the_exact_package_not_a_prefix() {
        assert_eq!(locked_version(LOCK, "wasm-bindgen"), Some("0.2.129"));
        assert_eq!(locked_version(LOCK, "wasm-bindgen-macro"), Some("0.2.130"));
        assert_eq!(locked_version(LOCK, "leptos"), None);
    }
}
