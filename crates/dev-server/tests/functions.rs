//! The site's functions in the local stack: the client context is built from
//! a verified Bearer token only, and `identity-signup` runs on GoTrue's signup.

use reqwest::StatusCode;
use serde_json::{json, Value};

mod common;
use common::{claims, Server, ADMIN_EMAIL, ADMIN_PASSWORD};

const POST: &str = "hello-world";

async fn start() -> Server {
    Server::start_with_functions(POST).await
}

async fn token(server: &Server, email: &str, password: &str) -> String {
    let response = server.login(email, password).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    body["access_token"].as_str().unwrap().to_owned()
}

async fn signup_and_confirm(server: &Server, email: &str) -> String {
    let tokens = server.confirmed_user(email).await;
    tokens["access_token"].as_str().unwrap().to_owned()
}

async fn submit(
    server: &Server,
    bearer: Option<&str>,
    body: &str,
    key: &str,
) -> (StatusCode, Value) {
    let mut request = server
        .client
        .post(server.url("/.netlify/functions/submit-comment"))
        .json(&json!({"post": POST, "body": body, "client_key": key}));
    if let Some(token) = bearer {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    (
        response.status(),
        response.json().await.unwrap_or(Value::Null),
    )
}

async fn list(server: &Server) -> Value {
    server
        .client
        .get(server.url(&format!("/.netlify/functions/list-comments?post={POST}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn moderate(server: &Server, bearer: &str, id: &Value) -> StatusCode {
    server
        .client
        .post(server.url("/.netlify/functions/moderate-comment"))
        .bearer_auth(bearer)
        .json(&json!({"id": id, "action": "hide"}))
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn posting_without_a_token_is_401_and_stores_nothing() {
    let server = start().await;
    let (status, body) = submit(&server, None, "hello", "key-anonymous-1").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    assert_eq!(list(&server).await["comments"], json!([]));
}

#[tokio::test]
async fn a_forged_token_gives_no_user() {
    let server = start().await;
    let real = token(&server, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    // Same claims, signed with another secret.
    let forged = {
        let claims = claims(&real);
        let other = identity_core::jwt::encode(&claims, b"not-the-secret").unwrap();
        assert_ne!(common::SECRET.as_bytes(), b"not-the-secret");
        other
    };
    let (status, _) = submit(&server, Some(&forged), "hello", "key-forged-1").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = submit(&server, Some("not.a.jwt"), "hello", "key-forged-2").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_logged_in_user_posts_once_and_everyone_reads_it() {
    let server = start().await;
    let token = token(&server, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let (status, created) = submit(&server, Some(&token), "First!", "key-post-1").await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    // A retry with the same key returns the same comment, not a second one.
    let (status, again) = submit(&server, Some(&token), "First!", "key-post-1").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["id"], created["id"]);

    let list = list(&server).await;
    let comments = list["comments"].as_array().unwrap();
    assert_eq!(comments.len(), 1);
    assert_eq!(comments[0]["body"], "First!");
}

#[tokio::test]
async fn signup_runs_identity_signup_and_the_new_user_is_a_commenter() {
    let server = start().await;
    let token = signup_and_confirm(&server, "reader@example.com").await;
    let claims = claims(&token);
    assert_eq!(claims["app_metadata"]["roles"], json!(["commenter"]));
    assert_eq!(claims["app_metadata"]["provider"], "email");

    // A commenter may post but not moderate.
    let (status, created) = submit(&server, Some(&token), "Nice post", "key-reader-1").await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(
        moderate(&server, &token, &created["id"]).await,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn the_admin_hides_a_comment_and_readers_no_longer_see_it() {
    let server = start().await;
    let reader = signup_and_confirm(&server, "writer@example.com").await;
    let (_, created) = submit(
        &server,
        Some(&reader),
        "<img src=x onerror=alert(1)>",
        "key-xss-1",
    )
    .await;
    let admin = token(&server, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert_eq!(
        moderate(&server, &admin, &created["id"]).await,
        StatusCode::OK
    );
    assert_eq!(list(&server).await["comments"], json!([]));
}

#[tokio::test]
async fn an_unknown_function_is_a_json_404() {
    let server = start().await;
    let response = server
        .client
        .get(server.url("/.netlify/functions/no-such-thing"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "not_found");
}

/// Issue #15 item 6. On Netlify a direct request to an event function is refused with 403
/// before the function runs: the platform invokes it only with GoTrue's signature, verified
/// with the Identity JWT secret. The local stack does the same.
#[tokio::test]
async fn identity_signup_answers_only_a_signed_identity_event() {
    use functions::event_signature::{EventSignature, SIGNATURE_HEADER};

    let server = start().await;
    let body = json!({
        "event": "signup", "instance_id": identity_core::wire::INSTANCE_ID,
        "user": {"id": "u1", "aud": "", "role": "", "email": ADMIN_EMAIL,
                 "app_metadata": {"provider": "email"}, "user_metadata": {},
                 "created_at": "2026-11-26T12:00:00Z", "updated_at": "2026-11-26T12:00:00Z"}
    })
    .to_string();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let claims = EventSignature::for_body(body.as_bytes(), identity_core::wire::INSTANCE_ID, now);
    let stale = EventSignature {
        iat: now - 3600,
        ..claims.clone()
    };
    let call = |signature: Option<String>| {
        let mut request = server
            .client
            .post(server.url("/.netlify/functions/identity-signup"))
            .header("content-type", "application/json")
            .header("x-netlify-event", "identity_signup")
            .body(body.clone());
        if let Some(signature) = signature {
            request = request.header(SIGNATURE_HEADER, signature);
        }
        request.send()
    };
    let refused = [
        None,
        Some("not-a-jwt".to_owned()),
        claims.sign(b"not-the-secret"),
        stale.sign(common::SECRET.as_bytes()),
    ];
    for signature in refused {
        let response = call(signature.clone()).await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{signature:?}");
        let text = response.text().await.unwrap();
        assert!(!text.contains("roles") && !text.contains("admin"), "{text}");
        assert_eq!(
            serde_json::from_str::<Value>(&text).unwrap()["error"],
            "forbidden"
        );
    }
    let get = server
        .client
        .get(server.url("/.netlify/functions/identity-signup"))
        .send()
        .await
        .unwrap();
    assert_eq!(get.status(), StatusCode::FORBIDDEN);

    // What the platform lets through: GoTrue's signature with the site's secret.
    let response = call(claims.sign(common::SECRET.as_bytes())).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let answer: Value = response.json().await.unwrap();
    assert!(answer["app_metadata"]["roles"].is_array(), "{answer}");
}
