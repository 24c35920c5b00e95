//! A harness for driving the built blog in a real browser: the local stack in
//! this process on a free loopback port, and headless Chromium through
//! ChromeDriver.
//!
//! Set `BLOG_DIST` to the built site (default: `dist/` in the workspace),
//! `CHROMIUM` and `CHROMEDRIVER` to the browser binaries (default: Debian's).

mod browser;
pub mod identity;
pub mod page;
mod stack;

pub use browser::{cdp, Browser, BrowserError};
pub use stack::Stack;

use std::path::PathBuf;

/// The workspace root.
pub fn workspace() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.parent().map(PathBuf::from).unwrap_or(here)
}

/// Copies the folder `from` into `to` (made if missing), subfolders included: a site to serve
/// with a file or two more than the build wrote.
pub fn copy_dir(from: &std::path::Path, to: &std::path::Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// The built site the tests serve.
pub fn dist() -> PathBuf {
    std::env::var_os("BLOG_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("dist"))
}

/// The local stack on the built site, and a browser on `path` of it.
///
/// # Panics
/// When either cannot start: every browser test needs both.
pub async fn open(path: &str) -> (Stack, Browser) {
    let stack = Stack::start(&dist()).await.expect("local stack");
    let browser = Browser::start().await.expect("headless chromium");
    browser
        .client
        .goto(&stack.url(path))
        .await
        .expect("page load");
    (stack, browser)
}

/// The slug of the newest post, as the site on `stack` lists it.
///
/// # Panics
/// When the built site has no post index: the tests need one.
pub async fn first_post(stack: &Stack) -> String {
    let index: serde_json::Value = reqwest::get(stack.url("/content/posts.json"))
        .await
        .expect("post index")
        .json()
        .await
        .expect("post index JSON");
    index["posts"][0]["slug"]
        .as_str()
        .expect("a post")
        .to_owned()
}
