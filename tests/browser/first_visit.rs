//! The home page in two stages: `identity-shell` alone on a first visit (the
//! posts prerendered, the visitor read from storage), then the Leptos app,
//! loaded on the first click that needs it, taking the page over unchanged.

use e2e::identity::{log_in, stored_session, ADMIN};
use e2e::open;
use e2e::page::{click, find, text, wait_gone, wait_text};
use fantoccini::{Client, Locator};
use serde_json::Value;

/// The wasm files this document has fetched.
async fn wasm_fetched(client: &Client) -> Vec<String> {
    let names = client
        .execute(
            "return performance.getEntriesByType('resource').map(e => e.name)
               .filter(n => n.endsWith('.wasm'))",
            vec![],
        )
        .await
        .unwrap();
    let names: Vec<String> = serde_json::from_value(names).unwrap();
    names
        .into_iter()
        .map(|n| n.rsplit('/').next().unwrap_or_default().to_owned())
        .collect()
}

fn only_stage_one(wasm: &[String]) -> bool {
    wasm.iter().all(|n| n.starts_with("identity-shell-")) && !wasm.is_empty()
}

/// The post list's markup (comments aside) and the header's visible links: the
/// prerendered page hides the links the app leaves out.
async fn home_markup(client: &Client) -> Value {
    client
        .execute(
            "const clean = html => html.replace(/<!--[^]*?-->/g, '');
             const list = clean(document.querySelector('section.home').innerHTML);
             const links = [...document.querySelectorAll('.site-nav a')]
               .filter(a => !a.hidden)
               .map(a => clean(a.outerHTML));
             return [list, links];",
            vec![],
        )
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_first_visit_shows_the_posts_before_the_app_and_the_app_takes_over_unchanged() {
    let (stack, browser) = open("/").await;
    let client = &browser.client;
    find(client, ".post-card").await;
    let wasm = wasm_fetched(client).await;
    assert!(only_stage_one(&wasm), "a first visit fetched {wasm:?}");
    let prerendered = home_markup(client).await;

    // The first click that needs the app loads it, and the click is not lost.
    click(client, ".ni-menu-login").await;
    wait_text(client, "#ni-title", "Log in").await;
    let wasm = wasm_fetched(client).await;
    assert!(wasm.iter().any(|n| n.starts_with("blog-")), "{wasm:?}");
    click(client, ".ni-close").await;
    wait_gone(client, "[role=dialog]").await;
    find(client, ".post-card").await;
    assert_eq!(home_markup(client).await, prerendered);

    // Every other path gets the page without the home page's posts.
    let http = reqwest::Client::new();
    for (path, has_posts) in [("/", true), ("/posts/anything", false), ("/account", false)] {
        let body = http
            .get(stack.url(path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(body.contains("post-card"), has_posts, "{path}");
    }
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_returning_admin_is_welcomed_by_stage_one_and_logs_out_through_the_app() {
    let (stack, browser) = open("/").await;
    let client = &browser.client;
    log_in(client, ADMIN.0, ADMIN.1).await;
    wait_gone(client, "[role=dialog]").await;
    find(client, ".ni-menu-name").await;
    let name = text(client, ".ni-menu-name").await;

    // A new visit: stage one alone says who is there and shows the admin's links.
    client.goto(&stack.url("/")).await.unwrap();
    wait_text(client, ".ni-menu-name", &name).await;
    let wasm = wasm_fetched(client).await;
    assert!(only_stage_one(&wasm), "{wasm:?}");
    for link in ["/account", "/admin"] {
        let shown = client
            .find(Locator::Css(&format!(".site-nav a[href='{link}']")))
            .await
            .unwrap()
            .is_displayed()
            .await
            .unwrap();
        assert!(shown, "{link} is hidden from the admin");
    }

    // "Log out" wakes the app, which logs out.
    click(client, ".ni-menu-logout").await;
    find(client, ".ni-menu-login").await;
    assert_eq!(stored_session(client).await, Value::Null);
    let account = client
        .find(Locator::Css(".site-nav a[href='/account']"))
        .await;
    assert!(
        account.is_err(),
        "the app shows no Account link to a visitor"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn stage_one_follows_a_login_and_logout_in_another_tab() {
    let (stack, browser) = open("/").await;
    let client = &browser.client;
    find(client, ".post-card").await;
    let home = client.window().await.unwrap();
    let other = client.new_window(true).await.unwrap().handle;
    client.switch_to_window(other.clone()).await.unwrap();
    client.goto(&stack.url("/")).await.unwrap();
    log_in(client, ADMIN.0, ADMIN.1).await;
    wait_gone(client, "[role=dialog]").await;
    find(client, ".ni-menu-name").await;

    client.switch_to_window(home.clone()).await.unwrap();
    find(client, ".ni-menu-name").await;
    let reader = client
        .find(Locator::Css(".site-nav a[href='/admin']"))
        .await
        .unwrap();
    assert!(reader.is_displayed().await.unwrap());
    assert!(only_stage_one(&wasm_fetched(client).await));

    client.switch_to_window(other).await.unwrap();
    click(client, ".ni-menu-logout").await;
    find(client, ".ni-menu-login").await;
    client.switch_to_window(home).await.unwrap();
    find(client, ".ni-menu-login").await;
    assert!(!reader.is_displayed().await.unwrap());
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_click_while_the_app_cannot_load_can_be_made_again() {
    let (_stack, browser) = open("/").await;
    let client = &browser.client;
    find(client, ".post-card").await;
    e2e::cdp(client, "Network.enable", serde_json::json!({}))
        .await
        .unwrap();
    e2e::cdp(
        client,
        "Network.setBlockedURLs",
        serde_json::json!({"urls": ["*/app-*.js"]}),
    )
    .await
    .unwrap();

    click(client, ".ni-menu-login").await;
    // Busy while it tries, then usable again, and no modal.
    let deadline = std::time::Instant::now() + e2e::page::WAIT;
    loop {
        let busy = client
            .find(Locator::Css(".ni-menu-login[aria-busy]"))
            .await
            .is_ok();
        if !busy {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "still busy");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(client.find(Locator::Css("[role=dialog]")).await.is_err());
    let wasm = wasm_fetched(client).await;
    assert!(only_stage_one(&wasm), "{wasm:?}");

    e2e::cdp(
        client,
        "Network.setBlockedURLs",
        serde_json::json!({"urls": []}),
    )
    .await
    .unwrap();
    click(client, ".ni-menu-login").await;
    wait_text(client, "#ni-title", "Log in").await;
    browser.close().await;
}
