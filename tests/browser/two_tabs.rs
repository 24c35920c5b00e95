//! Two tabs of one reader whose tokens expire at the same moment: both refresh
//! at once, one spends the rotating refresh token and the other adopts what it
//! stored, so neither is logged out. A test binary of its own: its timing is
//! the point, so it does not share the two cores with another browser.

use e2e::identity::{log_in, stored_session, ADMIN};
use e2e::page::wait_gone;
use e2e::{Browser, Stack};
use fantoccini::{Client, Locator};
use serde_json::Value;

/// A logged-out tab never shows a name, however long one waits; a slow one
/// does, in the end.
const SLOW: std::time::Duration = std::time::Duration::from_secs(60);

/// Waits for the tab to show the reader's name; if it never does, says what
/// the tab holds, so a logout can be told apart from a slow machine.
async fn shows_the_name(browser: &Browser, tab: &str) {
    let client: &Client = &browser.client;
    let shown = client
        .wait()
        .at_most(SLOW)
        .for_element(Locator::Css(".ni-menu-name"))
        .await;
    if shown.is_err() {
        let session = stored_session(client).await;
        let header = match client.find(Locator::Css(".site-header")).await {
            Ok(header) => header.text().await.unwrap_or_default(),
            Err(_) => "no header".to_owned(),
        };
        let errors = browser.console_errors().await.unwrap_or_default();
        panic!(
            "the {tab} tab shows no name after {SLOW:?}; header: {header:?}; \
             stored session: {session}; console errors: {errors:#?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn two_tabs_whose_tokens_expire_together_both_stay_logged_in() {
    // Tokens live 65 s and the widget refreshes a minute before expiry, so
    // both tabs want to refresh 5 s after the login, at the same moment.
    let stack = Stack::start_with(&e2e::dist(), |config| config.identity.jwt_exp = 65)
        .await
        .expect("local stack");
    let browser = Browser::start().await.expect("headless chromium");
    let client = &browser.client;
    client.goto(&stack.url("/")).await.unwrap();
    log_in(client, ADMIN.0, ADMIN.1).await;
    wait_gone(client, "[role=dialog]").await;
    let first = client.window().await.unwrap();
    let second = client.new_window(true).await.unwrap().handle;
    client.switch_to_window(second.clone()).await.unwrap();
    client.goto(&stack.url("/")).await.unwrap();
    shows_the_name(&browser, "second").await;
    let refresh_token = |session: Value| -> String {
        let session: Value = serde_json::from_str(session.as_str().expect("a session")).unwrap();
        session["token"]["refresh_token"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let before = refresh_token(stored_session(client).await);

    tokio::time::sleep(std::time::Duration::from_secs(12)).await;

    for (window, tab) in [(first, "first"), (second, "second")] {
        client.switch_to_window(window).await.unwrap();
        shows_the_name(&browser, tab).await;
    }
    let after = refresh_token(stored_session(client).await);
    assert_ne!(before, after, "the token was refreshed");
    // Had both tabs spent the same refresh token, the second would have been
    // refused and that tab logged out; the stored one is the live one.
    let refreshed = reqwest::Client::new()
        .post(stack.url("/.netlify/identity/token"))
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", after.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(refreshed.status(), reqwest::StatusCode::OK);
    browser.close().await;
}
