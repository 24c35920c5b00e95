//! A post page as the build writes it: the post and its comments, which stage one shows,
//! with no app until the reader logs in or writes.

use e2e::page::{find, WAIT};
use fantoccini::{Client, Locator};

/// Waits until the comments' heading counts them ("No comments yet", "2 comments"), not
/// the frame's "Comments".
pub async fn comments_loaded(client: &Client) {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let heading = find(client, ".comments__title").await.text().await;
        if heading.is_ok_and(|h| h != "Comments" && !h.is_empty()) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the comments never loaded"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// The wasm files this document has fetched, by file name.
pub async fn wasm_fetched(client: &Client) -> Vec<String> {
    let names = client
        .execute(
            "return performance.getEntriesByType('resource').map(e => e.name)
               .filter(n => n.endsWith('.wasm'))",
            vec![],
        )
        .await
        .expect("resource timing");
    let names: Vec<String> = serde_json::from_value(names).expect("names");
    names
        .into_iter()
        .map(|n| n.rsplit('/').next().unwrap_or_default().to_owned())
        .collect()
}

/// Whether only stage one's wasm was fetched (and it was).
pub fn only_stage_one(wasm: &[String]) -> bool {
    wasm.iter().all(|n| n.starts_with("identity-shell-")) && !wasm.is_empty()
}

/// Whether there is no element matching `css` now.
pub async fn absent(client: &Client, css: &str) -> bool {
    client.find(Locator::Css(css)).await.is_err()
}
