//! Signing up again on an address whose account is still unconfirmed: the latest signup
//! replaces the pending one (its password, its confirmation token, its metadata), so
//! whoever registered an address first does not own the account its owner then confirms.

mod common;

use std::sync::{Arc, Mutex};

use common::{error, Server, PASSWORD};
use dev_server::identity::hook_point::HookFuture;
use dev_server::identity::IdentityHooks;
use identity_core::wire::{HookEvent, User};
use reqwest::StatusCode;
use serde_json::{json, Value};

const EMAIL: &str = "jane@example.com";
const FIRST: &str = "the first signup's password";
const SECOND: &str = "the second signup's password";

async fn signup_with(s: &Server, password: &str, data: Value) -> Value {
    let r = s
        .post_json(
            "/signup",
            json!({"email": EMAIL, "password": password, "data": data}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

async fn verify(s: &Server, token: &Value) -> reqwest::Response {
    s.post_json("/verify", json!({"type": "signup", "token": token}))
        .await
}

#[tokio::test]
async fn the_second_password_is_the_one_that_logs_in() {
    let s = Server::start().await;
    signup_with(&s, FIRST, json!({})).await;
    signup_with(&s, SECOND, json!({})).await;
    let mail = s.last_mail(EMAIL, "confirmation").await;
    assert_eq!(verify(&s, &mail["token"]).await.status(), StatusCode::OK);
    assert_eq!(s.login(EMAIL, SECOND).await.status(), StatusCode::OK);
    let (status, body) = error(s.login(EMAIL, FIRST).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        json!({"error": "invalid_grant",
               "error_description": "No user found with that email, or password invalid."})
    );
}

#[tokio::test]
async fn the_first_confirmation_token_is_refused_like_an_unknown_one() {
    let s = Server::start().await;
    signup_with(&s, FIRST, json!({})).await;
    let first = s.last_mail(EMAIL, "confirmation").await;
    signup_with(&s, SECOND, json!({})).await;
    let second = s.last_mail(EMAIL, "confirmation").await;
    assert_ne!(first["token"], second["token"]);
    let (status, body) = error(verify(&s, &first["token"]).await).await;
    let (unknown_status, unknown_body) = error(verify(&s, &json!("no-such-token")).await).await;
    assert_eq!((status, body), (unknown_status, unknown_body));
    assert_eq!(status, StatusCode::NOT_FOUND);
    // And it gave no session: the second token still confirms.
    assert_eq!(verify(&s, &second["token"]).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn each_signup_sends_its_own_confirmation_mail() {
    let s = Server::start().await;
    signup_with(&s, FIRST, json!({})).await;
    signup_with(&s, SECOND, json!({})).await;
    let confirmations: Vec<Value> = s
        .mail()
        .await
        .into_iter()
        .filter(|m| m["to"] == EMAIL && m["kind"] == "confirmation")
        .collect();
    assert_eq!(confirmations.len(), 2);
}

#[tokio::test]
async fn the_second_signup_answers_like_the_first() {
    let s = Server::start().await;
    let first = signup_with(&s, FIRST, json!({"full_name": "Mallory", "x": 1})).await;
    let second = signup_with(&s, SECOND, json!({"full_name": "Jane"})).await;
    assert_eq!(second["id"], first["id"]);
    assert_eq!(second["email"], EMAIL);
    assert!(second.get("confirmed_at").is_none_or(Value::is_null));
    assert!(second["confirmation_sent_at"].is_string());
    assert!(second.get("access_token").is_none());
    let keys = |v: &Value| {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&second), keys(&first));
    // The pending signup's metadata goes with it.
    assert_eq!(second["user_metadata"], json!({"full_name": "Jane"}));
}

#[tokio::test]
async fn a_confirmed_address_still_refuses_a_second_signup_and_keeps_its_password() {
    let s = Server::start().await;
    s.confirmed_user(EMAIL).await;
    let (status, body) = error(s.signup(EMAIL, SECOND).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body["msg"],
        "A user with this email address has already been registered"
    );
    assert_eq!(s.login(EMAIL, PASSWORD).await.status(), StatusCode::OK);
    assert_eq!(
        s.login(EMAIL, SECOND).await.status(),
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn within_the_mail_frequency_a_second_signup_changes_nothing_and_is_a_429() {
    // The pending signup cannot be replaced without mailing a new token, and no mail may
    // go out within GOTRUE_SMTP_MAX_FREQUENCY: refused as /recover refuses.
    let s = Server::start_with(|c| c.identity.max_frequency_secs = 900).await;
    signup_with(&s, FIRST, json!({})).await;
    let first = s.last_mail(EMAIL, "confirmation").await;
    let r = s
        .post_json("/signup", json!({"email": EMAIL, "password": SECOND}))
        .await;
    assert!(r.headers().contains_key("retry-after"));
    let (status, body) = error(r).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        body,
        json!({"code": 429, "msg": "Rate limit exceeded, try again later"})
    );
    assert_eq!(verify(&s, &first["token"]).await.status(), StatusCode::OK);
    assert_eq!(s.login(EMAIL, FIRST).await.status(), StatusCode::OK);
}

/// Records the events, changes nothing.
#[derive(Default)]
struct Recorder(Mutex<Vec<HookEvent>>);

impl IdentityHooks for Recorder {
    fn call<'a>(&'a self, event: HookEvent, _: &'a User) -> HookFuture<'a> {
        if let Ok(mut seen) = self.0.lock() {
            seen.push(event);
        }
        Box::pin(async { Ok(None) })
    }
}

#[tokio::test]
async fn validate_fires_when_the_row_is_made_and_signup_when_it_is_confirmed() {
    // As today and in GoTrue: `validate` when the user row is created, not again when a
    // later signup replaces the pending one; `signup` once, on confirmation.
    let hooks = Arc::new(Recorder::default());
    let s = Server::start_with_hooks(|_| {}, hooks.clone()).await;
    signup_with(&s, FIRST, json!({})).await;
    signup_with(&s, SECOND, json!({})).await;
    let mail = s.last_mail(EMAIL, "confirmation").await;
    assert_eq!(verify(&s, &mail["token"]).await.status(), StatusCode::OK);
    let seen = hooks.0.lock().unwrap().clone();
    assert_eq!(seen, [HookEvent::Validate, HookEvent::Signup]);
}

#[tokio::test]
async fn a_signup_over_a_pending_invite_is_refused_and_the_invite_still_works() {
    // An invite's password is set by whoever redeems the mailed invite token. A signup must
    // not put its own password on the invited row for the confirmation link to confirm.
    let s = Server::start().await;
    let r = s
        .client
        .post(s.id_url("/invite"))
        .bearer_auth(s.system_token())
        .json(&json!({"email": EMAIL}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let invite = s.last_mail(EMAIL, "invite").await;
    let (status, body) = error(s.signup(EMAIL, SECOND).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body["msg"],
        "A user with this email address has already been registered"
    );
    assert!(s.mail().await.iter().all(|m| m["kind"] != "confirmation"));
    let r = s
        .post_json(
            "/verify",
            json!({"type": "signup", "token": invite["token"], "password": FIRST}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(s.login(EMAIL, FIRST).await.status(), StatusCode::OK);
    assert_eq!(
        s.login(EMAIL, SECOND).await.status(),
        StatusCode::BAD_REQUEST
    );
}
