//! Sign-in on the built blog, as a newcomer meets it: the widget's modal in
//! the page, the local stack's identity API, the dev mailbox, the OAuth
//! consent page — all in headless Chromium.

use e2e::identity::{log_in, mail, stored_session, PASSWORD};
use e2e::open;
use e2e::page::{axe_violations, click, fill, find, screenshot, text, wait_gone, wait_text};
use serde_json::Value;

#[tokio::test(flavor = "multi_thread")]
async fn a_newcomer_signs_up_confirms_by_mail_and_stays_logged_in() {
    let (stack, browser) = open("/").await;
    find(&browser.client, ".post-card").await;
    let client = &browser.client;
    let email = "newcomer@example.com";

    click(client, ".ni-menu-signup").await;
    fill(client, ".ni-dialog input[name=name]", "New Reader").await;
    fill(client, ".ni-dialog input[name=email]", email).await;
    fill(client, ".ni-dialog input[name=password]", PASSWORD).await;
    click(client, ".ni-dialog .ni-submit").await;
    let message = text(client, ".ni-flash--success").await;
    assert!(message.contains("confirmation"), "{message}");
    assert!(
        stored_session(client).await.is_null(),
        "not logged in before confirming"
    );

    // The link in the email logs in, from whatever page it lands on.
    let link = mail(&stack, email, "confirmation").await["link"]
        .as_str()
        .expect("a link")
        .to_owned();
    client.goto(&link).await.unwrap();
    wait_text(client, ".ni-menu-name", "New Reader").await;
    let url = client.current_url().await.unwrap();
    assert_eq!(
        url.fragment(),
        None,
        "the token is removed from the address"
    );
    let session = stored_session(client).await;
    let session: Value = serde_json::from_str(session.as_str().expect("stored")).unwrap();
    assert_eq!(session["email"], email);
    assert_eq!(
        session["app_metadata"]["roles"],
        serde_json::json!(["commenter"])
    );

    // A reload keeps the session.
    client.refresh().await.unwrap();
    wait_text(client, ".ni-menu-name", "New Reader").await;
    screenshot(client, "logged-in").await;

    click(client, ".ni-menu-logout").await;
    find(client, ".ni-menu-login").await;
    assert!(stored_session(client).await.is_null());
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_seeded_admin_logs_in_and_the_modal_closes() {
    let (_stack, browser) = open("/").await;
    find(&browser.client, ".post-card").await;
    let client = &browser.client;
    log_in(client, "admin@example.com", "admin-password").await;
    wait_gone(client, "[role=dialog]").await;
    find(client, ".ni-menu-name").await;
    find(client, ".site-nav a[href='/account']").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_password_is_announced_and_nothing_is_stored() {
    let (_stack, browser) = open("/").await;
    find(&browser.client, ".post-card").await;
    let client = &browser.client;
    log_in(client, "admin@example.com", "not the password").await;
    let alert = text(client, ".ni-dialog [role=alert]").await;
    assert!(!alert.is_empty());
    assert!(stored_session(client).await.is_null());
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_recovery_link_asks_for_a_new_password_that_then_works() {
    let (stack, browser) = open("/").await;
    find(&browser.client, ".post-card").await;
    let client = &browser.client;
    click(client, ".ni-menu-login").await;
    click(client, ".ni-dialog .ni-link").await; // Forgot password?
    fill(client, ".ni-dialog input[name=email]", "admin@example.com").await;
    click(client, ".ni-dialog .ni-submit").await;
    find(client, ".ni-flash--success").await;

    let link = mail(&stack, "admin@example.com", "recovery").await["link"]
        .as_str()
        .unwrap()
        .to_owned();
    client.goto(&link).await.unwrap();
    wait_text(client, "#ni-title", "Recover password").await;
    fill(
        client,
        ".ni-dialog input[name=password]",
        "a brand new secret",
    )
    .await;
    click(client, ".ni-dialog .ni-submit").await;
    wait_text(client, "#ni-title", "Logged in").await;
    click(client, ".ni-dialog .ni-submit").await; // Log out
    wait_gone(client, "[role=dialog]").await;

    log_in(client, "admin@example.com", "a brand new secret").await;
    wait_gone(client, "[role=dialog]").await;
    find(client, ".ni-menu-name").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_invite_link_opens_complete_your_signup() {
    let (stack, browser) = open("/").await;
    find(&browser.client, ".post-card").await;
    let client = &browser.client;
    let invite = reqwest::Client::new()
        .post(stack.url("/.netlify/identity/invite"))
        .bearer_auth(stack.identity.system_token(60).unwrap())
        .json(&serde_json::json!({"email": "invited@example.com"}))
        .send()
        .await
        .unwrap();
    assert!(invite.status().is_success(), "{}", invite.status());
    let link = mail(&stack, "invited@example.com", "invite").await["link"]
        .as_str()
        .unwrap()
        .to_owned();
    client.goto(&link).await.unwrap();
    wait_text(client, "#ni-title", "Complete your signup").await;
    fill(client, ".ni-dialog input[name=password]", PASSWORD).await;
    click(client, ".ni-dialog .ni-submit").await;
    wait_gone(client, "[role=dialog]").await;
    find(client, ".ni-menu-name").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_external_provider_login_approved_and_denied() {
    let (stack, browser) = open("/").await;
    find(&browser.client, ".post-card").await;
    let client = &browser.client;
    click(client, ".ni-menu-login").await;
    click(client, ".ni-provider--github").await;
    // The local stand-in for GitHub's consent screen.
    fill(client, "#email", "octo@example.com").await;
    fill(client, "#full_name", "Octo Cat").await;
    click(client, "#approve").await;
    wait_text(client, ".ni-menu-name", "Octo Cat").await;
    assert_eq!(client.current_url().await.unwrap().fragment(), None);
    click(client, ".ni-menu-logout").await;
    find(client, ".ni-menu-login").await;

    click(client, ".ni-menu-login").await;
    click(client, ".ni-provider--gitlab").await;
    click(client, "#deny").await;
    let alert = text(client, ".ni-dialog [role=alert]").await;
    assert!(!alert.is_empty(), "a denied login is told");
    assert!(stored_session(client).await.is_null());
    let _ = stack;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_modal_has_no_axe_violations_on_any_page() {
    let (stack, browser) = open("/").await;
    find(&browser.client, ".post-card").await;
    let client = &browser.client;
    let mut failures = Vec::new();
    let mut check = |page: &str, violations: Vec<String>| {
        for v in violations {
            failures.push(format!("{page}: {v}"));
        }
    };

    click(client, ".ni-menu-login").await;
    find(client, ".ni-provider").await; // settings loaded
    check("login", axe_violations(client, ".ni-backdrop").await);
    click(client, ".ni-tab").await; // Sign up
    find(client, ".ni-dialog input[name=name]").await;
    check("signup", axe_violations(client, ".ni-backdrop").await);
    click(client, ".ni-tab:last-child").await;
    click(client, ".ni-dialog .ni-link").await; // Forgot password?
    wait_text(client, "#ni-title", "Recover password").await;
    check("recover", axe_violations(client, ".ni-backdrop").await);
    click(client, ".ni-close").await;

    client
        .goto(&stack.url("/#invite_token=not-a-real-token"))
        .await
        .unwrap();
    wait_text(client, "#ni-title", "Complete your signup").await;
    check("invite", axe_violations(client, ".ni-backdrop").await);
    click(client, ".ni-close").await;

    // The new-password and logged-in pages are checked in the recovery test;
    // here, the account component.
    log_in(client, "admin@example.com", "admin-password").await;
    wait_gone(client, "[role=dialog]").await;
    client.goto(&stack.url("/account")).await.unwrap();
    find(client, ".ni-account").await;
    check("account", axe_violations(client, ".ni-account").await);

    assert!(
        failures.is_empty(),
        "axe-core violations:\n{}",
        failures.join("\n")
    );
    browser.close().await;
}
