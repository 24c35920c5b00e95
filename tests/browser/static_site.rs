//! `examples/static-site`: a plain HTML page written for netlify-identity-widget
//! (`data-netlify-identity-menu`, `data-netlify-identity-button` with its own text),
//! whose widget `<script>` is ours instead. Stage one fills the JS widget's markup
//! from the stored session; the first click loads a stage two that mounts beside
//! the page, opens our modal and logs in; the menu says "Logged in as …", the
//! page's own content stays, a reload shows the session from stage one alone,
//! and a logout in another tab reaches the page stage two is beside.
//!
//! `STATIC_SITE_DIST` names the built example (`cargo xtask test` builds it;
//! default `target/static-site`, where its Trunk.toml builds).

use std::path::PathBuf;

use e2e::identity::{stored_session, ADMIN};
use e2e::page::{click, fill, find, text, wait_gone, wait_text};
use e2e::{Browser, Stack};
use fantoccini::Client;
use serde_json::Value;

fn dist() -> PathBuf {
    std::env::var_os("STATIC_SITE_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| e2e::workspace().join("target/static-site"))
}

const MENU: &str = "[data-netlify-identity-menu] > ul.netlify-identity-menu";
/// The button with its own text ("Sign in"), and the one without.
const OWN_BUTTON: &str =
    "#content > [data-netlify-identity-button]:nth-of-type(1) > button.netlify-identity-button";
const PLAIN_BUTTON: &str =
    "#content > [data-netlify-identity-button]:nth-of-type(2) > button.netlify-identity-button";
const CONTENT: &str =
    "This page is plain HTML. Its own content stays as it is when someone logs in.";

/// The wasm files this document fetched, by file name.
async fn wasm_fetched(client: &Client) -> Vec<String> {
    let names = client
        .execute(
            "return performance.getEntriesByType('resource').map(e => e.name)
               .filter(n => n.endsWith('.wasm')).map(n => n.split('/').pop())",
            vec![],
        )
        .await
        .expect("resource timing");
    serde_json::from_value(names).expect("names")
}

/// The menu's items as the JS widget renders them: class and text of each.
async fn menu_items(client: &Client) -> Value {
    client
        .execute(
            &format!(
                "return [...document.querySelectorAll('{MENU} > li.netlify-identity-item')]
                   .map(li => [li.className, li.firstElementChild ? li.firstElementChild.className : '',
                               li.textContent]);"
            ),
            vec![],
        )
        .await
        .expect("menu items")
}

async fn assert_logged_out_markup(client: &Client) {
    wait_text(
        client,
        &format!("{MENU} button.netlify-identity-login"),
        "Log in",
    )
    .await;
    assert_eq!(
        menu_items(client).await,
        serde_json::json!([
            [
                "netlify-identity-item",
                "netlify-identity-signup",
                "Sign up"
            ],
            ["netlify-identity-item", "netlify-identity-login", "Log in"],
        ])
    );
    assert_eq!(text(client, OWN_BUTTON).await, "Sign in");
    assert_eq!(text(client, PLAIN_BUTTON).await, "Log in");
}

async fn assert_logged_in_markup(client: &Client, name: &str) {
    wait_text(client, &format!("{MENU} .netlify-identity-user"), name).await;
    assert_eq!(
        menu_items(client).await,
        serde_json::json!([
            [
                "netlify-identity-item netlify-identity-user-details",
                "netlify-identity-user",
                format!("Logged in as {name}")
            ],
            [
                "netlify-identity-item",
                "netlify-identity-logout",
                "Log out"
            ],
        ])
    );
    assert_eq!(text(client, OWN_BUTTON).await, "Sign in");
    assert_eq!(text(client, PLAIN_BUTTON).await, "Log out");
}

async fn assert_content_kept(client: &Client) {
    assert_eq!(text(client, "#content > p").await, CONTENT);
    assert_eq!(text(client, "header > h1").await, "A static website");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_page_written_for_the_js_widget_works_with_ours() {
    let stack = Stack::start(&dist()).await.expect("local stack");
    let browser = Browser::start().await.expect("headless chromium");
    let client = &browser.client;
    client.goto(&stack.url("/")).await.expect("page load");

    // Logged out: the JS widget's markup, from stage one alone.
    assert_logged_out_markup(client).await;
    assert_content_kept(client).await;
    assert_eq!(
        wasm_fetched(client).await,
        ["identity-shell-netlify_bg.wasm"]
    );

    // The first click loads stage two beside the page and opens our modal.
    click(client, &format!("{MENU} button.netlify-identity-login")).await;
    find(client, ".ni-dialog").await;
    assert!(wasm_fetched(client)
        .await
        .contains(&"identity-widget_bg.wasm".to_owned()));
    fill(client, ".ni-dialog input[name=email]", ADMIN.0).await;
    fill(client, ".ni-dialog input[name=password]", ADMIN.1).await;
    click(client, ".ni-dialog .ni-submit").await;
    wait_gone(client, "[role=dialog]").await;
    assert_logged_in_markup(client, "Site Admin").await;
    assert_content_kept(client).await;
    assert_ne!(stored_session(client).await, Value::Null);

    // A reload: stage one shows the session at once, without stage two.
    client.refresh().await.expect("reload");
    assert_logged_in_markup(client, "Site Admin").await;
    assert_eq!(
        wasm_fetched(client).await,
        ["identity-shell-netlify_bg.wasm"]
    );

    // The button keeps its own text and, for someone logged in, opens their account.
    click(client, OWN_BUTTON).await;
    wait_text(client, "#ni-title", "Logged in").await;
    click(client, ".ni-close").await;
    wait_gone(client, "[role=dialog]").await;
    assert_eq!(text(client, OWN_BUTTON).await, "Sign in");

    // A logout in another tab reaches this page, where stage two is beside it.
    let first = client.window().await.expect("this tab");
    let other = client.new_window(true).await.expect("a tab").handle;
    client.switch_to_window(other).await.expect("to the tab");
    client.goto(&stack.url("/")).await.expect("page load");
    assert_logged_in_markup(client, "Site Admin").await;
    click(client, &format!("{MENU} button.netlify-identity-logout")).await;
    assert_logged_out_markup(client).await;
    assert_eq!(stored_session(client).await, Value::Null);
    client.close_window().await.expect("close the tab");
    client.switch_to_window(first).await.expect("back");
    assert_logged_out_markup(client).await;
    assert_content_kept(client).await;

    // Logged out, with stage two there: the button opens the login page.
    click(client, PLAIN_BUTTON).await;
    find(client, ".ni-dialog input[name=email]").await;
    click(client, ".ni-close").await;
    wait_gone(client, "[role=dialog]").await;

    let errors = browser.console_errors().await.expect("browser log");
    assert!(errors.is_empty(), "console errors: {errors:?}");
    browser.close().await;
}
