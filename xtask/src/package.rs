//! The published crates: each declares the lowest `rust-version` its dependencies allow (clippy's
//! `incompatible_msrv` then holds their code to it), and each packages — `cargo package` builds
//! it from the packaged files alone, against the others as packaged, as crates.io would.

use std::collections::{BTreeSet, HashMap};

use anyhow::{bail, Context};
use serde_json::Value;

use crate::cmd;

/// The crates meant for crates.io, in dependency order.
pub const PUBLISHED: [&str; 3] = ["identity-core", "leptos-identity", "identity-shell"];

/// Checks every published crate's `rust-version`, then packages them.
pub fn check() -> anyhow::Result<()> {
    let output = cmd::new("cargo")
        .args(["metadata", "--format-version", "1", "--all-features"])
        .output()
        .context("could not run cargo metadata")?;
    if !output.status.success() {
        bail!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let metadata: Value = serde_json::from_slice(&output.stdout).context("cargo metadata JSON")?;
    for name in PUBLISHED {
        let (declared, needed) = rust_versions(&metadata, name)?;
        if declared != needed.0 {
            bail!(
                "{name} declares rust-version {} but the lowest its dependencies allow is {} ({} needs it)",
                show(declared),
                show(needed.0),
                needed.1
            );
        }
    }
    let mut package = cmd::new("cargo");
    package.args(["package", "--allow-dirty"]);
    for name in PUBLISHED {
        package.args(["-p", name]);
    }
    cmd::run(&mut package)
}

type Version = (u64, u64);

fn show((major, minor): Version) -> String {
    format!("{major}.{minor}")
}

/// `1.89.0` or `1.89` as (1, 89).
fn parse(text: &str) -> Option<Version> {
    let mut parts = text.split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next().unwrap_or("0").parse().ok()?;
    Some((major, minor))
}

/// The crate's declared rust-version, and the highest any of its normal or build dependencies
/// (all features, every target) declares, with the dependency that declares it.
fn rust_versions(metadata: &Value, name: &str) -> anyhow::Result<(Version, (Version, String))> {
    let packages: HashMap<&str, &Value> = metadata["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| Some((p["id"].as_str()?, p)))
        .collect();
    let nodes: HashMap<&str, &Value> = metadata["resolve"]["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|n| Some((n["id"].as_str()?, n)))
        .collect();
    let root = packages
        .values()
        .find(|p| p["name"] == name && p["source"].is_null())
        .with_context(|| format!("{name} is not a workspace member"))?;
    let declared = root["rust_version"]
        .as_str()
        .and_then(parse)
        .with_context(|| format!("{name} declares no rust-version"))?;

    let mut seen = BTreeSet::new();
    let mut todo = vec![root["id"].as_str().unwrap_or_default()];
    let mut needed = ((0, 0), String::from("nothing"));
    while let Some(id) = todo.pop() {
        if !seen.insert(id) {
            continue;
        }
        if let Some(version) = packages
            .get(id)
            .and_then(|p| p["rust_version"].as_str())
            .and_then(parse)
        {
            if id != root["id"].as_str().unwrap_or_default() && version > needed.0 {
                let dep = packages[id]["name"].as_str().unwrap_or(id).to_owned();
                needed = (version, dep);
            }
        }
        let deps = nodes.get(id).and_then(|n| n["deps"].as_array());
        for dep in deps.into_iter().flatten() {
            let runtime = dep["dep_kinds"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|kind| kind["kind"].is_null() || kind["kind"] == "build");
            if let (true, Some(pkg)) = (runtime, dep["pkg"].as_str()) {
                todo.push(pkg);
            }
        }
    }
    Ok((declared, needed))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A workspace crate `a` (declares 1.70) on `b` (1.80, a normal dependency) and `c` (1.90,
    /// a dev-dependency only): `b` decides.
    #[test]
    fn the_highest_runtime_dependency_decides() {
        let metadata = serde_json::json!({
            "packages": [
                {"id": "a", "name": "a", "source": null, "rust_version": "1.70"},
                {"id": "b", "name": "b", "source": "registry", "rust_version": "1.80.0"},
                {"id": "c", "name": "c", "source": "registry", "rust_version": "1.90"},
            ],
            "resolve": {"nodes": [
                {"id": "a", "deps": [
                    {"pkg": "b", "dep_kinds": [{"kind": null}]},
                    {"pkg": "c", "dep_kinds": [{"kind": "dev"}]},
                ]},
                {"id": "b", "deps": []},
                {"id": "c", "deps": []},
            ]},
        });
        let (declared, (needed, by)) = rust_versions(&metadata, "a").unwrap();
        assert_eq!((declared, needed, by.as_str()), ((1, 70), (1, 80), "b"));
    }

    #[test]
    fn versions_read_with_or_without_a_patch() {
        assert_eq!(parse("1.89.0"), Some((1, 89)));
        assert_eq!(parse("1.77"), Some((1, 77)));
        assert_eq!(parse("x"), None);
    }
}
