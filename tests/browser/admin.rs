//! Moderation as the seeded admin meets it: log in from `/admin`, find a reader's comment
//! among all posts, hide it, restore it, delete it; and a reader who is not an admin gets
//! nothing, from the page or from the function.

use crate::post_page;

use e2e::identity::{access_token, log_in, sign_up_and_confirm, ADMIN, PASSWORD};
use e2e::page::{axe_violations, click, fill, find, screenshot, text, texts, wait_gone, wait_text};
use e2e::{first_post, open, Stack};
use fantoccini::{Client, Locator};
use reqwest::StatusCode;
use serde_json::{json, Value};

const NOT_ALLOWED: &str = "You are not allowed to moderate comments.";

/// A confirmed reader made through the identity admin API, and their token.
async fn reader(stack: &Stack, name: &str, email: &str) -> String {
    let system = stack.identity.system_token(60).unwrap();
    let created = reqwest::Client::new()
        .post(stack.url("/.netlify/identity/admin/users"))
        .bearer_auth(system)
        .json(&json!({
            "email": email,
            "password": PASSWORD,
            "confirm": true,
            "user_metadata": {"full_name": name},
        }))
        .send()
        .await
        .unwrap();
    assert!(created.status().is_success(), "{}", created.status());
    access_token(stack, email, PASSWORD).await
}

/// Posts `body` under `slug` as the reader, through the function, and returns its id.
async fn comment(stack: &Stack, reader: &str, slug: &str, body: &str, key: &str) -> i64 {
    let stored: Value = reqwest::Client::new()
        .post(stack.url("/.netlify/functions/submit-comment"))
        .bearer_auth(reader)
        .json(&json!({"post": slug, "body": body, "client_key": key}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    stored["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("not stored: {stored}"))
}

/// The bodies readers see under `slug`, from the public list.
async fn public_bodies(stack: &Stack, slug: &str) -> Vec<String> {
    let list: Value =
        reqwest::get(stack.url(&format!("/.netlify/functions/list-comments?post={slug}")))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    list["comments"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["body"].as_str().map(str::to_owned))
        .collect()
}

/// The bodies under the post in the browser, once the comments have loaded.
async fn bodies_under_post(stack: &Stack, client: &Client, slug: &str) -> Vec<String> {
    client
        .goto(&stack.url(&format!("/posts/{slug}")))
        .await
        .unwrap();
    post_page::comments_loaded(client).await;
    texts(client, ".comment__body").await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_admin_hides_restores_and_deletes_a_readers_comment() {
    let (stack, browser) = open("/admin").await;
    let client = &browser.client;
    let slug = first_post(&stack).await;
    let rita = reader(&stack, "Rita Reader", "rita@example.com").await;
    let body = "Thanks! <b>Great</b> post.";
    let id = comment(&stack, &rita, &slug, body, "e2e-admin-1").await;
    let row = format!("#moderation-{id}");
    let status = format!("{row} .moderation-item__status");
    let in_row = |what: &str| format!("{row} {what}");

    // Logged out: asked to log in, and the button opens the login modal.
    let gate = text(client, ".moderation-gate").await;
    assert!(
        gate.contains("Log in as an admin to moderate comments"),
        "{gate}"
    );
    click(client, ".moderation-gate button").await;
    fill(client, ".ni-dialog input[name=email]", ADMIN.0).await;
    fill(client, ".ni-dialog input[name=password]", ADMIN.1).await;
    click(client, ".ni-dialog .ni-submit").await;
    wait_gone(client, "[role=dialog]").await;

    // The comment is listed with where, who, the text as text, and its status.
    find(client, &row).await;
    find(client, ".site-nav a[href='/admin']").await;
    assert_eq!(text(client, &in_row(".moderation-item__body")).await, body);
    assert_eq!(
        text(client, &in_row(".moderation-item__author")).await,
        "Rita Reader"
    );
    let post_link = find(client, &in_row("a.moderation-item__post")).await;
    assert_eq!(
        post_link.attr("href").await.unwrap().as_deref(),
        Some(format!("/posts/{slug}").as_str())
    );
    assert_eq!(text(client, &status).await, "Visible");
    screenshot(client, "moderation").await;
    let violations = axe_violations(client, "main").await;
    assert!(violations.is_empty(), "{violations:#?}");

    // Hide: the row says so at once, and readers no longer see the comment.
    click(client, &in_row(".moderation-hide")).await;
    wait_text(client, &status, "Hidden").await;
    find(client, &in_row(".moderation-restore")).await;
    assert!(public_bodies(&stack, &slug).await.is_empty());
    assert!(bodies_under_post(&stack, client, &slug).await.is_empty());

    // The filter: hidden shows it, visible does not.
    client.goto(&stack.url("/admin")).await.unwrap();
    find(client, &row).await;
    click(client, ".moderation-filter input[value=visible]").await;
    wait_gone(client, &row).await;
    find(client, ".moderation-empty").await;
    click(client, ".moderation-filter input[value=hidden]").await;
    find(client, &row).await;

    // Restore: back under the post.
    click(client, &in_row(".moderation-restore")).await;
    wait_text(client, &status, "Visible").await;
    assert_eq!(public_bodies(&stack, &slug).await, [body]);

    // Delete asks first, in the page; nothing is gone until the second button.
    click(client, &in_row(".moderation-delete")).await;
    find(client, &in_row(".moderation-confirm-delete")).await;
    assert_eq!(public_bodies(&stack, &slug).await, [body]);
    click(client, &in_row(".moderation-cancel")).await;
    wait_gone(client, &in_row(".moderation-confirm-delete")).await;
    click(client, &in_row(".moderation-delete")).await;
    click(client, &in_row(".moderation-confirm-delete")).await;
    wait_text(client, &status, "Deleted").await;
    assert!(client
        .find(Locator::Css(&in_row(".moderation-item__actions button")))
        .await
        .is_err());
    assert!(public_bodies(&stack, &slug).await.is_empty());

    // Deleted comments are not listed at all.
    client.refresh().await.unwrap();
    find(client, ".moderation-empty").await;
    assert!(client.find(Locator::Css(&row)).await.is_err());
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reader_who_is_not_an_admin_may_not_moderate() {
    let (stack, browser) = open("/").await;
    let client = &browser.client;
    find(client, ".post-card").await;
    sign_up_and_confirm(&stack, client, "Nina Reader", "nina@example.com").await;
    assert!(client
        .find(Locator::Css(".site-nav a[href='/admin']"))
        .await
        .is_err());

    client.goto(&stack.url("/admin")).await.unwrap();
    assert_eq!(text(client, ".moderation-denied").await, NOT_ALLOWED);
    assert!(client
        .find(Locator::Css(".moderation-list, .moderation-filter"))
        .await
        .is_err());
    let asked = client
        .execute(
            "return performance.getEntriesByType('resource')
               .filter(e => e.name.includes('moderate-comment')).length",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(asked, Value::from(0), "the page asked for the list anyway");

    // The function refuses the reader's own token, to list and to act.
    let nina = access_token(&stack, "nina@example.com", PASSWORD).await;
    let http = reqwest::Client::new();
    let listed = http
        .get(stack.url("/.netlify/functions/moderate-comment"))
        .bearer_auth(&nina)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.status(), StatusCode::FORBIDDEN);
    let acted = http
        .post(stack.url("/.netlify/functions/moderate-comment"))
        .bearer_auth(&nina)
        .json(&json!({"id": 1, "action": "delete"}))
        .send()
        .await
        .unwrap();
    assert_eq!(acted.status(), StatusCode::FORBIDDEN);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn more_comments_than_a_page_come_with_show_more() {
    let (stack, browser) = open("/").await;
    let client = &browser.client;
    let slug = first_post(&stack).await;
    let rita = reader(&stack, "Rita Reader", "rita@example.com").await;
    // One more than the function's default page of 50.
    let mut newest = 0;
    for n in 1..=51 {
        let key = format!("e2e-page-{n}");
        newest = comment(&stack, &rita, &slug, &format!("Comment number {n}"), &key).await;
    }

    log_in(client, ADMIN.0, ADMIN.1).await;
    wait_gone(client, "[role=dialog]").await;
    click(client, ".site-nav a[href='/admin']").await;
    find(client, ".moderation-more").await;
    let rows = client
        .find_all(Locator::Css(".moderation-item"))
        .await
        .unwrap();
    assert_eq!(rows.len(), 50);
    assert_eq!(
        rows[0].attr("id").await.unwrap(),
        Some(format!("moderation-{newest}")),
        "newest first"
    );

    click(client, ".moderation-more").await;
    wait_gone(client, ".moderation-more").await;
    let rows = client
        .find_all(Locator::Css(".moderation-item"))
        .await
        .unwrap();
    assert_eq!(rows.len(), 51);
    assert_eq!(
        text(client, ".moderation-item:last-child .moderation-item__body").await,
        "Comment number 1"
    );
    browser.close().await;
}
