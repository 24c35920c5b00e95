//! The home page and the post pages in two stages: `identity-shell` alone on a
//! first visit (the posts prerendered, a post's comments fetched and shown, the
//! visitor read from storage), then the Leptos app, loaded on the first click
//! that needs it, taking the page over unchanged.

use crate::post_page;

use e2e::identity::{access_token, log_in, stored_session, ADMIN};
use e2e::open;
use e2e::page::{
    click, find, layout_shifts, text, texts, wait_gone, wait_text, watch_layout_shifts,
};
use fantoccini::{Client, Locator};
use post_page::{only_stage_one, wasm_fetched};
use serde_json::Value;

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
    watch_layout_shifts(client).await;

    // The first click that needs the app loads it, and the click is not lost; the app
    // takes the page over without moving anything on it.
    click(client, ".ni-menu-login").await;
    wait_text(client, "#ni-title", "Log in").await;
    let wasm = wasm_fetched(client).await;
    assert!(wasm.iter().any(|n| n.starts_with("blog-")), "{wasm:?}");
    assert_eq!(layout_shifts(client).await, serde_json::json!([]));
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

/// Blocks requests matching `patterns` (none: unblocks).
async fn block(client: &Client, patterns: &[&str]) {
    e2e::cdp(client, "Network.enable", serde_json::json!({}))
        .await
        .unwrap();
    e2e::cdp(
        client,
        "Network.setBlockedURLs",
        serde_json::json!({ "urls": patterns }),
    )
    .await
    .unwrap();
}

/// How this document was loaded: `navigate` or `reload`.
async fn navigation_type(client: &Client) -> String {
    let kind = client
        .execute(
            "return performance.getEntriesByType('navigation')[0].type",
            vec![],
        )
        .await
        .unwrap();
    kind.as_str().unwrap_or_default().to_owned()
}

/// Waits until the menu's Log in button is no longer busy, and checks that no
/// modal opened and the page is still stage one's (the app's `<main>` is not
/// marked as prerendered).
async fn usable_without_the_app(client: &Client) {
    let deadline = std::time::Instant::now() + e2e::page::WAIT;
    while client
        .find(Locator::Css(".ni-menu-login[aria-busy]"))
        .await
        .is_ok()
    {
        assert!(std::time::Instant::now() < deadline, "still busy");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    find(client, "main[data-identity-prerendered] .post-card").await;
    assert!(client.find(Locator::Css("[role=dialog]")).await.is_err());
}

#[tokio::test(flavor = "multi_thread")]
async fn when_the_app_cannot_load_the_page_reloads_once_then_a_click_retries() {
    let (_stack, browser) = open("/").await;
    let client = &browser.client;
    find(client, ".post-card").await;

    // The loader cannot be fetched (a tab left open across a deploy asks for
    // files that are gone): the page reloads, once.
    block(client, &["*/app-*.js"]).await;
    click(client, ".ni-menu-login").await;
    let deadline = std::time::Instant::now() + e2e::page::WAIT;
    while navigation_type(client).await != "reload" {
        assert!(std::time::Instant::now() < deadline, "no reload");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    usable_without_the_app(client).await;

    // Now its wasm fails (offline, say): no second reload, the menu works again.
    block(client, &["*/blog-*_bg.wasm"]).await;
    click(client, ".ni-menu-login").await;
    usable_without_the_app(client).await;
    assert_eq!(navigation_type(client).await, "reload");

    // Back online, the next click loads the app and opens the modal.
    block(client, &[]).await;
    click(client, ".ni-menu-login").await;
    wait_text(client, "#ni-title", "Log in").await;
    browser.close().await;
}

/// The post's text as shown, words only.
async fn article_text(client: &Client) -> String {
    let text = text(client, "article.post").await;
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Posts `body` under `slug` as the seeded admin, through `submit-comment`.
async fn seed_comment(stack: &e2e::Stack, slug: &str, body: &str, key: &str) {
    let token = access_token(stack, ADMIN.0, ADMIN.1).await;
    let posted = reqwest::Client::new()
        .post(stack.url("/.netlify/functions/submit-comment"))
        .bearer_auth(token)
        .json(&serde_json::json!({"post": slug, "body": body, "client_key": key}))
        .send()
        .await
        .unwrap();
    assert!(posted.status().is_success(), "{}", posted.status());
}

/// The comment list's markup (markers of the app's renderer aside), and how often
/// this document asked `list-comments`.
async fn comment_list(client: &Client) -> (String, u64) {
    let found = client
        .execute(
            "const list = document.querySelector('.comments .comment-list');
             const asked = performance.getEntriesByType('resource')
               .filter(e => e.name.includes('/.netlify/functions/list-comments')).length;
             return [list ? list.outerHTML.replace(/<!--[^]*?-->/g, '') : '', asked];",
            vec![],
        )
        .await
        .unwrap();
    (
        found[0].as_str().unwrap_or_default().to_owned(),
        found[1].as_u64().unwrap_or(0),
    )
}

const HOSTILE: &str = "<img src=x onerror=alert(1)>";

#[tokio::test(flavor = "multi_thread")]
async fn a_first_visit_of_a_post_shows_it_and_its_comments_without_the_app() {
    let stack = e2e::Stack::start(&e2e::dist()).await.expect("local stack");
    let slug = e2e::first_post(&stack).await;
    let post: Value = reqwest::get(stack.url(&format!("/content/posts/{slug}.json")))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    drop(stack);
    let (stack, browser) = open("/").await;
    let client = &browser.client;
    seed_comment(&stack, &slug, "First, and\nplain text.", "e2e-first-1").await;
    seed_comment(&stack, &slug, HOSTILE, "e2e-first-2").await;
    client
        .goto(&stack.url(&format!("/posts/{slug}")))
        .await
        .unwrap();

    // The post, whole, from the HTML alone.
    assert_eq!(
        text(client, "article.post h1").await,
        post["title"].as_str().unwrap()
    );
    let body = text(client, ".post__body").await;
    assert!(body.len() > 500, "the whole post, not a stub: {body:?}");
    assert_eq!(
        e2e::page::words(&body),
        e2e::page::text_of_html(client, &post["html"]).await
    );

    // Its comments, at once, with no click: counted, in order, as text.
    wait_text(client, ".comments__title", "2 comments").await;
    assert_eq!(
        texts(client, "main[data-identity-prerendered] .comment__body").await,
        ["First, and\nplain text.", HOSTILE]
    );
    assert!(post_page::absent(client, ".comments img").await);
    assert_eq!(texts(client, ".comment__author").await.len(), 2);
    let date = text(client, ".comment__date").await;
    assert!(date.contains(" at "), "a readable date: {date}");
    // Logged out: the way to log in, not the comment box.
    find(client, ".comment-login:not([hidden])").await;
    assert!(post_page::absent(client, ".comment-form:not([hidden])").await);
    // Time enough for an app that loads on its own to have been asked for.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let wasm = wasm_fetched(client).await;
    assert!(only_stage_one(&wasm), "a first visit fetched {wasm:?}");
    let before = article_text(client).await;
    let (list, asked) = comment_list(client).await;
    assert_eq!(asked, 1);

    // "Log in to comment" wakes the app: it opens the login, over the same post and
    // the same comments, without asking for them again.
    client
        .execute(
            "window.__same_document = true;
             window.__alerts = 0; window.alert = () => window.__alerts++;",
            vec![],
        )
        .await
        .unwrap();
    click(client, ".comment-login button").await;
    wait_text(client, "#ni-title", "Log in").await;
    let wasm = wasm_fetched(client).await;
    assert!(wasm.iter().any(|n| n.starts_with("blog-")), "{wasm:?}");
    assert!(post_page::absent(client, "main[data-identity-prerendered]").await);
    assert_eq!(article_text(client).await, before);
    assert_eq!(text(client, ".comments__title").await, "2 comments");
    assert_eq!(
        comment_list(client).await,
        (list, 1),
        "the same list, asked once"
    );
    let same = client
        .execute(
            "return [window.__same_document === true, window.__alerts]",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        same,
        serde_json::json!([true, 0]),
        "reloaded, or ran script"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn more_comments_than_a_page_come_with_show_more_before_the_app_and_stay_after() {
    let (stack, browser) = open("/").await;
    let client = &browser.client;
    let slug = e2e::first_post(&stack).await;
    // One more than the function's default page of 50.
    for n in 1..=51 {
        seed_comment(
            &stack,
            &slug,
            &format!("Comment number {n}"),
            &format!("e2e-more-{n}"),
        )
        .await;
    }
    client
        .goto(&stack.url(&format!("/posts/{slug}")))
        .await
        .unwrap();
    wait_text(client, ".comments__title", "50+ comments").await;
    click(client, ".comments__more:not([hidden])").await;
    wait_text(client, ".comments__title", "51 comments").await;
    assert!(post_page::absent(client, ".comments__more:not([hidden])").await);
    let bodies = texts(client, ".comment__body").await;
    assert_eq!(bodies.len(), 51);
    assert_eq!(bodies[0], "Comment number 1");
    assert_eq!(bodies[50], "Comment number 51");
    let wasm = wasm_fetched(client).await;
    assert!(only_stage_one(&wasm), "{wasm:?}");
    let (list, asked) = comment_list(client).await;
    assert_eq!(asked, 2);

    // The app takes both pages over: the same 51, no third request.
    click(client, ".ni-menu-login").await;
    wait_text(client, "#ni-title", "Log in").await;
    assert!(post_page::absent(client, "main[data-identity-prerendered]").await);
    assert_eq!(text(client, ".comments__title").await, "51 comments");
    assert_eq!(comment_list(client).await, (list, 2));
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_logged_in_reader_wakes_the_app_in_the_comment_box_and_posts() {
    let (stack, browser) = open("/").await;
    let client = &browser.client;
    log_in(client, ADMIN.0, ADMIN.1).await;
    wait_gone(client, "[role=dialog]").await;
    let slug = e2e::first_post(&stack).await;
    client
        .goto(&stack.url(&format!("/posts/{slug}")))
        .await
        .unwrap();
    wait_text(client, ".comments__title", "No comments yet").await;
    // The box is there for the reader stage one knows; the app is not, yet.
    let frame = find(client, ".comment-form:not([hidden]) textarea").await;
    assert!(post_page::absent(client, ".comment-login:not([hidden])").await);
    let wasm = wasm_fetched(client).await;
    assert!(only_stage_one(&wasm), "{wasm:?}");

    frame.click().await.unwrap();
    let field = find(client, "#comment-body").await;
    let focused = client
        .execute(
            "return document.activeElement && document.activeElement.id",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        focused,
        Value::from("comment-body"),
        "focus is in the app's box"
    );
    field.send_keys("Written in the app's box.").await.unwrap();
    click(client, ".comment-form button[type=submit]").await;
    find(client, ".comment-compose__done").await;
    assert_eq!(
        texts(client, ".comment__body").await,
        ["Written in the app's box."]
    );
    assert_eq!(text(client, ".comments__title").await, "1 comment");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_returning_reader_is_welcomed_on_a_post_page_without_the_app() {
    let (stack, browser) = open("/").await;
    let client = &browser.client;
    log_in(client, ADMIN.0, ADMIN.1).await;
    wait_gone(client, "[role=dialog]").await;
    let name = text(client, ".ni-menu-name").await;

    let slug = e2e::first_post(&stack).await;
    client
        .goto(&stack.url(&format!("/posts/{slug}")))
        .await
        .unwrap();
    wait_text(client, ".ni-menu-name", &name).await;
    find(client, "main[data-identity-prerendered] article.post").await;
    let admin_link = client
        .find(Locator::Css(".site-nav a[href='/admin']"))
        .await
        .unwrap();
    assert!(admin_link.is_displayed().await.unwrap());
    let wasm = wasm_fetched(client).await;
    assert!(only_stage_one(&wasm), "{wasm:?}");
    browser.close().await;
}
