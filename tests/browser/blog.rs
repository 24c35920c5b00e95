//! The built blog as a reader meets it: served by the local stack, in headless
//! Chromium. A blank page (a broken wasm, a failed fetch) fails every test.

use std::time::Duration;

use e2e::open;
use e2e::page::{screenshot, text, WAIT};
use fantoccini::Locator;
use serde_json::Value;

fn built_json(path: &str) -> Value {
    let file = e2e::dist().join(path.trim_start_matches('/'));
    let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    serde_json::from_slice(&bytes).expect("built JSON")
}

#[tokio::test(flavor = "multi_thread")]
async fn home_lists_every_post_newest_first() {
    let (_stack, browser) = open("/").await;
    let client = &browser.client;
    let index = built_json("/content/posts.json");
    let posts = index["posts"].as_array().expect("posts array");
    assert!(posts.len() >= 3, "the blog ships at least three posts");

    text(client, ".post-card__title a").await;
    let titles = client
        .find_all(Locator::Css(".post-card__title a"))
        .await
        .expect("titles");
    assert_eq!(titles.len(), posts.len());
    for (element, post) in titles.iter().zip(posts) {
        assert_eq!(
            element.text().await.unwrap(),
            post["title"].as_str().unwrap()
        );
        let href = element.attr("href").await.unwrap().unwrap_or_default();
        assert_eq!(href, format!("/posts/{}", post["slug"].as_str().unwrap()));
    }
    let first_summary = text(client, ".post-card__summary").await;
    assert_eq!(first_summary, posts[0]["summary"].as_str().unwrap());
    let title = client.title().await.unwrap();
    assert_eq!(title, "Rust Identity Blog");
    screenshot(client, "home").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_link_on_the_home_page_opens_the_post() {
    let (stack, browser) = open("/").await;
    let client = &browser.client;
    let index = built_json("/content/posts.json");
    let summary = &index["posts"][1];
    let slug = summary["slug"].as_str().unwrap();

    let link = client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(&format!(
            ".post-card__title a[href='/posts/{slug}']"
        )))
        .await
        .expect("link to the second post");
    link.click().await.expect("click");

    let heading = text(client, "article.post h1").await;
    assert_eq!(heading, summary["title"].as_str().unwrap());
    assert_eq!(
        client.current_url().await.unwrap().as_str(),
        stack.url(&format!("/posts/{slug}"))
    );
    assert_eq!(
        client.title().await.unwrap(),
        format!("{heading} · Rust Identity Blog")
    );

    // The body shown is the post's own HTML, as the browser itself reads it.
    let post = built_json(&format!("/content/posts/{slug}.json"));
    let shown = text(client, ".post__body").await;
    let expected = client
        .execute(
            "const d = document.createElement('div'); d.innerHTML = arguments[0];
             document.body.appendChild(d); const t = d.innerText; d.remove(); return t;",
            vec![post["html"].clone()],
        )
        .await
        .unwrap();
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(words(&shown), words(expected.as_str().unwrap()));
    assert!(shown.len() > 500, "a real post, not a stub: {shown:?}");
    screenshot(client, "post").await;

    // And back.
    client
        .find(Locator::Css(".post__footer a"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    text(client, ".post-card__title a").await;
    assert_eq!(client.current_url().await.unwrap().as_str(), stack.url("/"));
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_post_shows_the_not_found_page() {
    let (_stack, browser) = open("/posts/no-such-post").await;
    assert_eq!(
        text(&browser.client, ".not-found h1").await,
        "Page not found"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_address_shows_the_not_found_page() {
    let (_stack, browser) = open("/this/does/not/exist").await;
    assert_eq!(
        text(&browser.client, ".not-found h1").await,
        "Page not found"
    );
    let back = browser
        .client
        .find(Locator::Css(".not-found a"))
        .await
        .unwrap();
    assert_eq!(back.attr("href").await.unwrap().as_deref(), Some("/"));
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn log_in_in_the_header_opens_the_login_dialog() {
    let (_stack, browser) = open("/").await;
    let client = &browser.client;
    text(client, ".post-card__title a").await;
    client
        .find(Locator::Css(".ni-menu-login"))
        .await
        .expect("a Log in button in the header")
        .click()
        .await
        .unwrap();
    let dialog = client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("[role=dialog][aria-modal=true]"))
        .await
        .expect("the login dialog");
    assert_eq!(text(client, "#ni-title").await, "Log in");
    let focused = client
        .execute("return document.activeElement.getAttribute('name')", vec![])
        .await
        .unwrap();
    assert_eq!(focused, "email", "focus moves into the dialog");
    let email = dialog
        .find(Locator::Css("input[name=email]"))
        .await
        .unwrap();
    assert_eq!(
        email.attr("autocomplete").await.unwrap().as_deref(),
        Some("email")
    );
    // Let the entrance animation finish before the picture.
    tokio::time::sleep(Duration::from_millis(400)).await;
    screenshot(client, "login-modal").await;
    browser.close().await;
}
