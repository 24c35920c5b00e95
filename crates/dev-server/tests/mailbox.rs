//! The dev mailbox: `/__dev/mail` (JSON) and `/__dev/mailbox` (HTML).

mod common;

use common::{Server, PASSWORD};
use reqwest::StatusCode;
use serde_json::Value;

#[tokio::test]
async fn mail_is_listed_newest_first_with_every_field() {
    let s = Server::start().await;
    s.signup("first@example.com", PASSWORD).await;
    s.signup("second@example.com", PASSWORD).await;
    let mail = s.mail().await;
    assert_eq!(mail.len(), 2);
    assert_eq!(mail[0]["to"], "second@example.com");
    assert_eq!(mail[1]["to"], "first@example.com");
    let m = &mail[0];
    assert_eq!(m["kind"], "confirmation");
    assert_eq!(m["subject"], "Confirm Your Signup");
    let token = m["token"].as_str().unwrap();
    assert_eq!(token.len(), 22);
    assert_eq!(
        m["link"],
        format!("http://{}/#confirmation_token={token}", s.addr)
    );
    assert!(m["sent_at"].as_str().unwrap().ends_with('Z'));
    let keys: Vec<&String> = m.as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 6);
}

#[tokio::test]
async fn links_use_the_configured_site_url() {
    let s = Server::start_with(|c| c.identity.site_url = Some("https://blog.example".into())).await;
    s.signup("a@example.com", PASSWORD).await;
    let mail = s.last_mail("a@example.com", "confirmation").await;
    assert!(mail["link"]
        .as_str()
        .unwrap()
        .starts_with("https://blog.example/#confirmation_token="));
}

#[tokio::test]
async fn mailbox_page_links_every_message() {
    let s = Server::start().await;
    s.signup("a@example.com", PASSWORD).await;
    let link = s.last_mail("a@example.com", "confirmation").await["link"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = s.client.get(s.url("/__dev/mailbox")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let html = r.text().await.unwrap();
    assert!(html.contains(&format!("<a href=\"{link}\">")));
    assert!(html.contains("a@example.com"));
}

#[tokio::test]
async fn mailbox_survives_a_restart() {
    let s = Server::start().await;
    s.signup("a@example.com", PASSWORD).await;
    let s = s.restart().await;
    let mail: Vec<Value> = s.mail().await;
    assert_eq!(mail.len(), 1);
}

#[tokio::test]
async fn empty_mailbox_is_an_empty_list() {
    let s = Server::start().await;
    assert!(s.mail().await.is_empty());
    let html = s
        .client
        .get(s.url("/__dev/mailbox"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("No mail yet."));
}
