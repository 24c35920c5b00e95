//! Comments as a newcomer meets them: sign up, confirm by mail, comment,
//! reload, and what moderation and hostile text do.

use crate::post_page;

use e2e::identity::{access_token, sign_up_and_confirm, ADMIN};
use e2e::page::{click, fill, find, screenshot, text, texts, wait_gone};
use e2e::{first_post, open, Browser, Stack};
use fantoccini::{Client, Locator};
use post_page::comments_loaded;
use serde_json::Value;

const XSS: &str = "<img src=x onerror=alert(1)>";

/// The comments stage one shows, once their heading counts them.
async fn show_comments(client: &Client) {
    comments_loaded(client).await;
}

/// A click in the comment box stage one shows a logged-in reader loads the app,
/// which puts the focus in its own box.
async fn open_comment_box(client: &Client) {
    click(client, ".comment-form:not([hidden]) textarea").await;
    find(client, "#comment-body").await;
}

async fn post_comment(client: &Client, body: &str) {
    if client.find(Locator::Css("#comment-body")).await.is_err() {
        open_comment_box(client).await;
    }
    fill(client, "#comment-body", body).await;
    click(client, ".comment-form button[type=submit]").await;
    find(client, ".comment-compose__done").await;
}

/// A newcomer who signed up and confirmed, on the newest post with its comments shown.
async fn newcomer_on_first_post(name: &str, email: &str) -> (Stack, Browser, String) {
    let (stack, browser) = open("/").await;
    let client = &browser.client;
    find(client, ".post-card").await;
    sign_up_and_confirm(&stack, client, name, email).await;
    let slug = first_post(&stack).await;
    client
        .goto(&stack.url(&format!("/posts/{slug}")))
        .await
        .unwrap();
    show_comments(client).await;
    (stack, browser, slug)
}

async fn comment_bodies(client: &Client) -> Vec<String> {
    texts(client, ".comment__body").await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_newcomer_comments_and_the_comment_is_there_after_a_reload() {
    let (_stack, browser, _slug) = newcomer_on_first_post("Ada Reader", "ada@example.com").await;
    let client = &browser.client;
    post_comment(client, "What a clear explanation, thank you.").await;
    assert_eq!(
        comment_bodies(client).await,
        ["What a clear explanation, thank you."]
    );
    assert_eq!(text(client, ".comment__author").await, "Ada Reader");

    client.refresh().await.unwrap();
    show_comments(client).await;
    find(client, ".comment__body").await;
    assert_eq!(
        comment_bodies(client).await,
        ["What a clear explanation, thank you."]
    );
    client
        .execute(
            "document.querySelector('.comments').scrollIntoView()",
            vec![],
        )
        .await
        .unwrap();
    screenshot(client, "comments").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_markup_shows_as_text_and_the_admin_can_hide_it() {
    let (stack, browser, slug) = newcomer_on_first_post("Mallory", "mallory@example.com").await;
    let client = &browser.client;
    client
        .execute(
            "window.__alerts = 0; window.alert = () => window.__alerts++;",
            vec![],
        )
        .await
        .unwrap();
    post_comment(client, XSS).await;

    assert_eq!(comment_bodies(client).await, [XSS]);
    let images = client
        .find_all(Locator::Css(".comments img"))
        .await
        .unwrap();
    assert!(images.is_empty(), "the comment became markup");
    let alerts = client
        .execute("return window.__alerts", vec![])
        .await
        .unwrap();
    assert_eq!(alerts, Value::from(0), "the comment ran script");

    // The seeded admin hides it through the moderation function.
    let token = access_token(&stack, ADMIN.0, ADMIN.1).await;
    let list: Value =
        reqwest::get(stack.url(&format!("/.netlify/functions/list-comments?post={slug}")))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    let id = list["comments"][0]["id"].clone();
    let hidden = reqwest::Client::new()
        .post(stack.url("/.netlify/functions/moderate-comment"))
        .bearer_auth(token)
        .json(&serde_json::json!({"id": id, "action": "hide"}))
        .send()
        .await
        .unwrap();
    assert_eq!(hidden.status(), reqwest::StatusCode::OK);

    client.refresh().await.unwrap();
    show_comments(client).await;
    assert!(
        comment_bodies(client).await.is_empty(),
        "the reader no longer sees it"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_logged_out_reader_is_asked_to_log_in_and_can() {
    let (stack, browser) = open("/").await;
    let client = &browser.client;
    let slug = first_post(&stack).await;
    client
        .goto(&stack.url(&format!("/posts/{slug}")))
        .await
        .unwrap();
    show_comments(client).await;
    find(client, ".comment-login").await;
    assert!(client.find(Locator::Css("#comment-body")).await.is_err());
    click(client, ".comment-login button").await;
    fill(client, ".ni-dialog input[name=email]", ADMIN.0).await;
    fill(client, ".ni-dialog input[name=password]", ADMIN.1).await;
    click(client, ".ni-dialog .ni-submit").await;
    wait_gone(client, "[role=dialog]").await;
    find(client, "#comment-body").await;
    browser.close().await;
}
