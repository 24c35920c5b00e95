//! The npm packages a test compares the local stack with (the real JS clients, Netlify's own
//! redirect engine), pinned in a `package.json` of the test's and installed once per build
//! directory: CI installs them the same way, from the npm registry, with nothing global.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Copies `files` (the `package.json` and the scripts) from `tests/<source>` into
/// `CARGO_TARGET_TMPDIR/<name>` and runs `npm install` there unless every one of `packages`
/// is installed already; returns that directory.
pub fn install(source: &str, files: &[&str], name: &str, packages: &[&str]) -> PathBuf {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(source);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::create_dir_all(&dir).unwrap();
    for file in files {
        std::fs::copy(source.join(file), dir.join(file)).unwrap();
    }
    let present = packages.iter().all(|p| {
        dir.join("node_modules")
            .join(p)
            .join("package.json")
            .is_file()
    });
    if !present {
        let status = Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&dir)
            .status()
            .unwrap_or_else(|e| panic!("npm must be on PATH to install {packages:?}: {e}"));
        assert!(status.success(), "npm install of {packages:?} failed");
    }
    dir
}
