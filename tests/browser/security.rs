//! The built site under the headers it deploys with: the local stack serves
//! what `netlify.toml` and the build's `_headers` declare, and the app runs
//! under that Content-Security-Policy with nothing refused.

use crate::post_page;

use e2e::identity::{log_in, ADMIN};
use e2e::page::{click, fill, find, text, wait_gone};
use e2e::{dist, first_post, open, Stack};
use reqwest::header::HeaderMap;

/// The policy the build declared in `dist/_headers`.
fn declared_policy() -> String {
    let headers = std::fs::read_to_string(dist().join("_headers")).expect("dist/_headers");
    headers
        .lines()
        .find_map(|line| line.trim().strip_prefix("Content-Security-Policy: "))
        .expect("a Content-Security-Policy in dist/_headers")
        .to_owned()
}

async fn headers_of(stack: &Stack, path: &str) -> HeaderMap {
    let response = reqwest::get(stack.url(path)).await.expect("response");
    assert!(
        response.status().is_success(),
        "{path}: {}",
        response.status()
    );
    response.headers().clone()
}

fn value<'a>(headers: &'a HeaderMap, name: &str) -> Vec<&'a str> {
    headers
        .get_all(name)
        .iter()
        .map(|v| v.to_str().expect("ASCII header"))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn pages_and_files_carry_the_declared_headers() {
    let stack = Stack::start(&dist()).await.expect("local stack");
    let policy = declared_policy();
    assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"));
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    let slug = first_post(&stack).await;

    for page in ["/", &format!("/posts/{slug}"), "/account"] {
        let headers = headers_of(&stack, page).await;
        assert_eq!(
            value(&headers, "content-security-policy"),
            [&*policy],
            "{page}"
        );
        assert_eq!(value(&headers, "x-content-type-options"), ["nosniff"]);
        assert_eq!(value(&headers, "x-frame-options"), ["DENY"]);
        assert_eq!(
            value(&headers, "referrer-policy"),
            ["strict-origin-when-cross-origin"]
        );
        assert_eq!(
            value(&headers, "cache-control"),
            ["public, max-age=0, must-revalidate"],
            "{page}"
        );
    }

    // Content-hashed files are cached for a year; data is revalidated.
    let index = reqwest::get(stack.url("/"))
        .await
        .expect("index")
        .text()
        .await
        .expect("index text");
    let wasm = index
        .split('"')
        .find(|part| part.ends_with("_bg.wasm"))
        .expect("the loader names the wasm");
    let headers = headers_of(&stack, wasm).await;
    assert_eq!(
        value(&headers, "cache-control"),
        ["public, max-age=31536000, immutable"]
    );
    assert_eq!(value(&headers, "content-type"), ["application/wasm"]);
    let headers = headers_of(&stack, "/content/posts.json").await;
    assert_eq!(
        value(&headers, "cache-control"),
        ["public, max-age=0, must-revalidate"]
    );

    // The 404 page, the moderation page's 403 and the account page run under the same policy.
    for (page, status) in [
        ("/nope", 404),
        ("/posts/no-such-post", 404),
        ("/admin", 403),
        ("/account", 200),
    ] {
        let response = reqwest::get(stack.url(page)).await.expect(page);
        assert_eq!(response.status(), status, "{page}");
        assert_eq!(
            value(response.headers(), "content-security-policy"),
            [&*policy],
            "{page}"
        );
        let html = response.text().await.expect("page");
        assert!(html.contains("<script type=\"module\""), "{page}: {html}");
    }

    // A missing post's JSON is a JSON 404, never the app's HTML.
    let missing = reqwest::get(stack.url("/content/posts/no-such-post.json"))
        .await
        .expect("response");
    assert_eq!(missing.status(), reqwest::StatusCode::NOT_FOUND);
    assert_eq!(
        value(missing.headers(), "content-type"),
        ["application/json"]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_app_runs_under_its_policy_with_no_console_errors() {
    let (stack, browser) = open("/").await;
    let client = &browser.client;
    let slug = first_post(&stack).await;

    // Reading, logging in, commenting, the account page and moderation.
    find(client, ".post-card").await;
    log_in(client, ADMIN.0, ADMIN.1).await;
    wait_gone(client, "[role=dialog]").await;
    find(client, ".ni-menu-name").await;
    client
        .goto(&stack.url(&format!("/posts/{slug}")))
        .await
        .expect("post");
    post_page::comments_loaded(client).await;
    // The box stage one shows wakes the app, which focuses its own.
    click(client, ".comment-form:not([hidden]) textarea").await;
    fill(client, "#comment-body", "Under a strict policy.").await;
    click(client, ".comment-form button[type=submit]").await;
    assert_eq!(
        text(client, ".comment__body").await,
        "Under a strict policy."
    );
    client.goto(&stack.url("/account")).await.expect("account");
    find(client, ".ni-account-section").await;
    client.goto(&stack.url("/admin")).await.expect("admin");
    find(client, ".moderation-list").await;

    let errors = browser.console_errors().await.expect("browser log");
    assert!(errors.is_empty(), "{errors:#?}");

    // The policy is enforced: a script slipped into the page does not run,
    // and the refusal is the kind of error the check above would have caught.
    let ran = client
        .execute(
            "const s = document.createElement('script');
             s.textContent = 'window.injected = true';
             document.body.append(s);
             return window.injected === true",
            vec![],
        )
        .await
        .expect("inject");
    assert_eq!(ran, serde_json::Value::Bool(false));
    let errors = browser.console_errors().await.expect("browser log");
    assert!(
        errors.iter().any(|e| e.contains("Content Security Policy")),
        "{errors:#?}"
    );
    browser.close().await;
}
