//! A new password ends every other session of the user: the refresh tokens issued before it
//! are refused with GoTrue's `invalid_grant`, except the one issued together with the
//! access token that made the change, so the client that changed it stays logged in.

mod common;

use std::time::Duration;

use common::{error, Server, PASSWORD};
use reqwest::StatusCode;
use serde_json::{json, Value};

const EMAIL: &str = "jane@example.com";
const NEW: &str = "a brand new password";

async fn login(s: &Server) -> Value {
    let r = s.login(EMAIL, PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

fn field<'a>(tokens: &'a Value, name: &str) -> &'a str {
    tokens[name].as_str().unwrap()
}

/// The refresh tokens of one session are told apart by the second they were issued in (the
/// access token carries no session id), so two logins in one test must not share one.
async fn next_second() {
    tokio::time::sleep(Duration::from_millis(1100)).await;
}

async fn assert_refused(s: &Server, refresh_token: &str) {
    let (status, body) = error(s.refresh(refresh_token).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        json!({"error": "invalid_grant", "error_description": "Invalid Refresh Token"})
    );
}

#[tokio::test]
async fn a_password_change_ends_the_other_sessions() {
    let s = Server::start().await;
    s.confirmed_user(EMAIL).await;
    next_second().await;
    let laptop = login(&s).await;
    next_second().await;
    let phone = login(&s).await;
    let r = s
        .put_user(field(&laptop, "access_token"), json!({"password": NEW}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_refused(&s, field(&phone, "refresh_token")).await;
    // The session that changed the password goes on.
    let r = s.refresh(field(&laptop, "refresh_token")).await;
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_newest_session_does_not_survive_a_change_made_in_an_older_one() {
    // Whoever holds a stolen session refreshes it and so holds the newest token; the owner
    // changing the password from an older one must still end it.
    let s = Server::start().await;
    s.confirmed_user(EMAIL).await;
    next_second().await;
    let owner = login(&s).await;
    next_second().await;
    let thief = login(&s).await;
    next_second().await;
    let thief = s.refresh(field(&thief, "refresh_token")).await;
    let thief: Value = thief.json().await.unwrap();
    let r = s
        .put_user(field(&owner, "access_token"), json!({"password": NEW}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_refused(&s, field(&thief, "refresh_token")).await;
    assert_eq!(
        s.refresh(field(&owner, "refresh_token")).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn metadata_changes_end_no_session() {
    let s = Server::start().await;
    s.confirmed_user(EMAIL).await;
    next_second().await;
    let laptop = login(&s).await;
    next_second().await;
    let phone = login(&s).await;
    let r = s
        .put_user(
            field(&laptop, "access_token"),
            json!({"data": {"full_name": "Jane"}}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        s.refresh(field(&phone, "refresh_token")).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_new_password_after_a_recovery_ends_every_session_but_the_recovered_one() {
    let s = Server::start().await;
    s.confirmed_user(EMAIL).await;
    next_second().await;
    let thief = login(&s).await;
    next_second().await;
    let r = s.post_json("/recover", json!({"email": EMAIL})).await;
    assert_eq!(r.status(), StatusCode::OK);
    let mail = s.last_mail(EMAIL, "recovery").await;
    let r = s
        .post_json(
            "/verify",
            json!({"type": "recovery", "token": mail["token"]}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let recovered: Value = r.json().await.unwrap();
    let r = s
        .put_user(field(&recovered, "access_token"), json!({"password": NEW}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_refused(&s, field(&thief, "refresh_token")).await;
    assert_eq!(
        s.refresh(field(&recovered, "refresh_token")).await.status(),
        StatusCode::OK
    );
    assert_eq!(s.login(EMAIL, NEW).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn sessions_issued_in_the_same_second_as_the_change_s_all_end() {
    // Two sessions of one second cannot be told apart: both end, the changing client's too
    // (it logs in again), rather than leave the other one open.
    let s = Server::start().await;
    s.confirmed_user(EMAIL).await;
    next_second().await;
    let (a, b) = tokio::join!(login(&s), login(&s));
    let a_second = common::claims(field(&a, "access_token"))["exp"].clone();
    let b_second = common::claims(field(&b, "access_token"))["exp"].clone();
    if a_second != b_second {
        // The two logins straddled a second: nothing to test this time.
        return;
    }
    let r = s
        .put_user(field(&a, "access_token"), json!({"password": NEW}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_refused(&s, field(&a, "refresh_token")).await;
    assert_refused(&s, field(&b, "refresh_token")).await;
}

#[tokio::test]
async fn a_password_set_by_an_admin_ends_every_session_of_the_user() {
    let s = Server::start().await;
    s.confirmed_user(EMAIL).await;
    let session = login(&s).await;
    let me: Value = s
        .get_user(field(&session, "access_token"))
        .await
        .json()
        .await
        .unwrap();
    let r = s
        .client
        .put(s.id_url(&format!("/admin/users/{}", field(&me, "id"))))
        .bearer_auth(s.system_token())
        .json(&json!({"password": NEW}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    // Nobody made the change from a session of theirs: none is kept.
    assert_refused(&s, field(&session, "refresh_token")).await;
    assert_eq!(s.login(EMAIL, NEW).await.status(), StatusCode::OK);
}
