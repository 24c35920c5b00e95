//! What a test does on a page: wait for an element, read it, type, click,
//! take a picture, run axe-core.

use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use serde_json::Value;

/// How long anything may take to appear.
pub const WAIT: Duration = Duration::from_secs(20);

/// The element matching `css`, once it is there.
///
/// # Panics
/// When it does not appear within [`WAIT`]: the test fails with the selector.
pub async fn find(client: &Client, css: &str) -> Element {
    find_within(client, css, WAIT).await
}

/// [`find`] with its own patience, for a page that shares the machine with
/// many others (a second tab's wasm compiles while other tests run).
pub async fn find_within(client: &Client, css: &str, wait: Duration) -> Element {
    client
        .wait()
        .at_most(wait)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("`{css}` never appeared: {e}"))
}

/// The visible text of the element matching `css`, once it has some (an
/// element still fading in has none yet).
pub async fn text(client: &Client, css: &str) -> String {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let text = find(client, css).await.text().await.expect("element text");
        if !text.is_empty() || std::time::Instant::now() > deadline {
            return text;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The visible texts of every element matching `css`, in page order.
pub async fn texts(client: &Client, css: &str) -> Vec<String> {
    let mut out = Vec::new();
    for element in client.find_all(Locator::Css(css)).await.expect("find_all") {
        out.push(element.text().await.expect("element text"));
    }
    out
}

/// Waits until the element matching `css` has `expected` as its text.
pub async fn wait_text(client: &Client, css: &str, expected: &str) {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        if let Ok(element) = client.find(Locator::Css(css)).await {
            if element.text().await.is_ok_and(|t| t == expected) {
                return;
            }
        }
        if std::time::Instant::now() > deadline {
            panic!("`{css}` never read {expected:?}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until nothing matches `css`.
pub async fn wait_gone(client: &Client, css: &str) {
    let deadline = std::time::Instant::now() + WAIT;
    while client.find(Locator::Css(css)).await.is_ok() {
        if std::time::Instant::now() > deadline {
            panic!("`{css}` never went away");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Types `value` into the field matching `css`.
pub async fn fill(client: &Client, css: &str, value: &str) {
    let field = find(client, css).await;
    field.clear().await.expect("clear field");
    field.send_keys(value).await.expect("type");
}

/// Clicks the element matching `css`.
pub async fn click(client: &Client, css: &str) {
    find(client, css).await.click().await.expect("click");
}

/// Saves a PNG of the viewport as `target/screenshots/<name>.png`.
pub async fn screenshot(client: &Client, name: &str) {
    let png = client.screenshot().await.expect("screenshot");
    let dir = crate::workspace().join("target/screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    std::fs::write(dir.join(format!("{name}.png")), png).expect("write screenshot");
}

/// Runs axe-core (from npm, in `.tools/`) on the element matching `css` and
/// returns its violations, each as `id: help (selectors)`.
pub async fn axe_violations(client: &Client, css: &str) -> Vec<String> {
    let path = std::env::var_os("AXE_CORE")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| crate::workspace().join(".tools/node_modules/axe-core/axe.min.js"));
    let source = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "axe-core at {}: {e} (cargo xtask setup installs it)",
            path.display()
        )
    });
    // Colours are only right once the entrance animation is over.
    tokio::time::sleep(Duration::from_millis(500)).await;
    client
        .execute(&source, vec![])
        .await
        .expect("load axe-core");
    let result = client
        .execute_async(
            "const [selector, done] = arguments;
             axe.run(document.querySelector(selector)).then(
               r => done(r.violations.map(v => v.id + ': ' + v.help + ' (' +
                 v.nodes.map(n => n.target.join(' ')).join(', ') + ')')),
               e => done(['axe failed: ' + e]));",
            vec![Value::from(css)],
        )
        .await
        .expect("run axe-core");
    result
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// The text the browser reads from `html` (as `innerText` of an attached element), its
/// whitespace collapsed: what a page showing that HTML should read, compared with
/// [`words`].
pub async fn text_of_html(client: &Client, html: &Value) -> String {
    let text = client
        .execute(
            "const d = document.createElement('div'); d.innerHTML = arguments[0];
             document.body.appendChild(d); const t = d.innerText; d.remove(); return t;",
            vec![html.clone()],
        )
        .await
        .expect("the browser reads the HTML");
    words(text.as_str().unwrap_or_default())
}

/// `text` with every run of whitespace made one space.
pub fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Starts recording the page's layout shifts (Chromium's `layout-shift` entries) from now.
pub async fn watch_layout_shifts(client: &Client) {
    client
        .execute(
            "window.__shifts = [];
             window.__shiftObserver = new PerformanceObserver(list => __shifts.push(...list.getEntries()));
             __shiftObserver.observe({ type: 'layout-shift' });",
            vec![],
        )
        .await
        .unwrap();
}

/// What moved since [`watch_layout_shifts`]: each shift's elements, by tag and class.
pub async fn layout_shifts(client: &Client) -> Value {
    client
        .execute(
            "return __shifts.concat(__shiftObserver.takeRecords()).map(shift =>
               (shift.sources || []).map(s => s.node && s.node.nodeType === 1
                 ? s.node.tagName.toLowerCase() + '.' + s.node.className : '#text'));",
            vec![],
        )
        .await
        .unwrap()
}
