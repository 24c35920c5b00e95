//! Identity steps a browser test takes: the dev mailbox, logging in through
//! the widget's modal, a new confirmed reader.

use fantoccini::Client;
use serde_json::Value;

use crate::page::{click, fill, find, text, wait_gone};
use crate::Stack;

/// The password test readers sign up with.
pub const PASSWORD: &str = "correct horse battery staple";

/// The admin the local stack seeds: email and password.
pub const ADMIN: (&str, &str) = ("admin@example.com", "admin-password");

/// An access token for `email`, from the identity API's password grant.
///
/// # Panics
/// When the grant gives none: the test's user must exist.
pub async fn access_token(stack: &Stack, email: &str, password: &str) -> String {
    let answer: Value = reqwest::Client::new()
        .post(stack.url("/.netlify/identity/token"))
        .form(&[
            ("grant_type", "password"),
            ("username", email),
            ("password", password),
        ])
        .send()
        .await
        .expect("token request")
        .json()
        .await
        .expect("token JSON");
    answer["access_token"]
        .as_str()
        .unwrap_or_else(|| panic!("no token for {email}: {answer}"))
        .to_owned()
}

/// The newest mail of `kind` to `to`, from the dev mailbox.
pub async fn mail(stack: &Stack, to: &str, kind: &str) -> Value {
    let list: Vec<Value> = reqwest::get(stack.url("/__dev/mail"))
        .await
        .expect("mailbox")
        .json()
        .await
        .expect("mailbox JSON");
    list.into_iter()
        .find(|m| m["to"] == to && m["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} mail to {to}"))
}

/// `localStorage["gotrue.user"]`, or JSON null.
pub async fn stored_session(client: &Client) -> Value {
    client
        .execute("return localStorage.getItem('gotrue.user')", vec![])
        .await
        .expect("read storage")
}

/// Opens the modal from the header and submits email and password.
pub async fn log_in(client: &Client, email: &str, password: &str) {
    click(client, ".ni-menu-login").await;
    fill(client, ".ni-dialog input[name=email]", email).await;
    fill(client, ".ni-dialog input[name=password]", password).await;
    click(client, ".ni-dialog .ni-submit").await;
}

/// Signs up through the modal and follows the confirmation link: the reader
/// is then logged in, on the home page.
pub async fn sign_up_and_confirm(stack: &Stack, client: &Client, name: &str, email: &str) {
    click(client, ".ni-menu-signup").await;
    fill(client, ".ni-dialog input[name=name]", name).await;
    fill(client, ".ni-dialog input[name=email]", email).await;
    fill(client, ".ni-dialog input[name=password]", PASSWORD).await;
    click(client, ".ni-dialog .ni-submit").await;
    let message = text(client, ".ni-flash--success").await;
    assert!(message.contains("confirmation"), "{message}");
    let link = mail(stack, email, "confirmation").await["link"]
        .as_str()
        .expect("a link")
        .to_owned();
    client.goto(&link).await.expect("follow the link");
    wait_gone(client, "[role=dialog]").await;
    find(client, ".ni-menu-name").await;
}
