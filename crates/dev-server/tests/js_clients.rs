//! The real JS clients from npm against the local stack (`tests/js`):
//!
//! * `gotrue-js` 0.9.29 and 1.0.1 in node: signup → confirm (token from the dev mailbox) →
//!   login → `jwt(true)` refresh → update → logout → recovery;
//! * `netlify-identity-widget` 1.9.2 and 2.0.3 in headless Chromium (driven by
//!   `playwright-core`): signup in the modal → the emailed confirmation link logs in →
//!   logout → login in the modal → login with GitHub through the local consent page.
//!
//! Needs `node` and `npm` on PATH (and `/usr/bin/chromium`, or `CHROMIUM`); the pinned
//! packages are installed from the npm registry into Cargo's test temp directory on first run.

mod common;
mod npm;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::Server;

const PACKAGES: [&str; 5] = [
    "gotrue-js-v0",
    "gotrue-js-v1",
    "netlify-identity-widget-v1",
    "netlify-identity-widget-v2",
    "playwright-core",
];

/// Installs the pinned packages once per test run into `CARGO_TARGET_TMPDIR/js-clients`.
fn installed() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        npm::install(
            "js",
            &["package.json", "gotrue_flow.mjs", "widget_flow.mjs"],
            "js-clients",
            &PACKAGES,
        )
    })
}

fn node(args: &[&str]) {
    let out = Command::new("node")
        .args(args)
        .current_dir(installed())
        .output()
        .expect("node must be on PATH to run the JS clients");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("ALL OK"),
        "node {args:?} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn gotrue_js_0_9_and_1_0_complete_the_whole_account_lifecycle() {
    let s = Server::start().await;
    let base = s.url("");
    tokio::task::spawn_blocking(move || {
        node(&["gotrue_flow.mjs", "v0", &base]);
        node(&["gotrue_flow.mjs", "v1", &base]);
    })
    .await
    .unwrap();
}

/// A page of the site that loads one widget version. 1.x initialises itself (on localhost
/// with the site URL the flow puts in localStorage); 2.x is given the API URL.
fn widget_page(version: &str) -> String {
    let init = if version == "v2" {
        "netlifyIdentity.init({ APIUrl: location.origin + '/.netlify/identity' });"
    } else {
        ""
    };
    format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>widget {version}</title>\
         <script src=\"/widget-{version}.js\"></script></head><body><script>\
         netlifyIdentity.on('init', () => {{ window.identityReady = true; }});{init}\
         </script></body></html>"
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn netlify_identity_widget_1_9_and_2_0_sign_up_confirm_and_log_in() {
    let s = Server::start().await;
    let base = s.url("");
    let dist = s.dist.path().to_path_buf();
    tokio::task::spawn_blocking(move || {
        let modules = installed().join("node_modules");
        for version in ["v1", "v2"] {
            std::fs::copy(
                modules
                    .join(format!("netlify-identity-widget-{version}"))
                    .join("build/netlify-identity-widget.js"),
                dist.join(format!("widget-{version}.js")),
            )
            .unwrap();
            std::fs::write(dist.join(format!("{version}.html")), widget_page(version)).unwrap();
            node(&["widget_flow.mjs", &format!("{base}/{version}.html"), &base]);
        }
    })
    .await
    .unwrap();
}
