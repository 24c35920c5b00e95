//! `moderate-comment` asks the identity API for the caller's current roles: a token minted
//! while its holder was an admin stops moderating as soon as the admin is demoted or deleted,
//! not when the token expires.

use reqwest::StatusCode;
use serde_json::{json, Value};

mod common;
use common::{claims, Server, ADMIN_EMAIL, ADMIN_PASSWORD};

const POST: &str = "hello-world";

async fn admin_token(server: &Server) -> String {
    let response = server.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    body["access_token"].as_str().unwrap().to_owned()
}

/// A comment by a fresh commenter, for the admin to act on.
async fn a_comment(server: &Server) -> Value {
    let tokens = server.confirmed_user("writer@example.com").await;
    let reader = tokens["access_token"].as_str().unwrap();
    let response = server
        .client
        .post(server.url("/.netlify/functions/submit-comment"))
        .bearer_auth(reader)
        .json(&json!({"post": POST, "body": "a comment", "client_key": "key-roles-1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json().await.unwrap()
}

async fn hide(server: &Server, bearer: &str, id: &Value) -> (StatusCode, Value) {
    let response = server
        .client
        .post(server.url("/.netlify/functions/moderate-comment"))
        .bearer_auth(bearer)
        .json(&json!({"id": id, "action": "hide"}))
        .send()
        .await
        .unwrap();
    (
        response.status(),
        response.json().await.unwrap_or(Value::Null),
    )
}

async fn list_for_moderation(server: &Server, bearer: &str) -> (StatusCode, Value) {
    let response = server
        .client
        .get(server.url("/.netlify/functions/moderate-comment"))
        .bearer_auth(bearer)
        .send()
        .await
        .unwrap();
    (
        response.status(),
        response.json().await.unwrap_or(Value::Null),
    )
}

/// What a non-admin gets: the handler's one refusal for a missing role.
async fn forbidden_body(server: &Server) -> Value {
    let tokens = server.confirmed_user("reader@example.com").await;
    let reader = tokens["access_token"].as_str().unwrap();
    let (status, body) = list_for_moderation(server, reader).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    body
}

#[tokio::test]
async fn a_demoted_admin_cannot_moderate_with_the_token_from_before() {
    let server = Server::start_with_functions(POST).await;
    let comment = a_comment(&server).await;
    let token = admin_token(&server).await;
    let claims = claims(&token);
    assert_eq!(claims["app_metadata"]["roles"], json!(["admin"]));
    let id = claims["sub"].as_str().unwrap().to_owned();
    assert_eq!(list_for_moderation(&server, &token).await.0, StatusCode::OK);

    let demote = server
        .client
        .put(server.id_url(&format!("/admin/users/{id}")))
        .bearer_auth(server.system_token())
        .json(&json!({"app_metadata": {"roles": []}}))
        .send()
        .await
        .unwrap();
    assert_eq!(demote.status(), StatusCode::OK);

    // The token still verifies and still says `admin`; the identity API no longer does.
    let expected = forbidden_body(&server).await;
    let (status, body) = hide(&server, &token, &comment["id"]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body, expected);
    let (status, body) = list_for_moderation(&server, &token).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body, expected);
}

#[tokio::test]
async fn a_deleted_admin_cannot_moderate_with_the_token_from_before() {
    let server = Server::start_with_functions(POST).await;
    let comment = a_comment(&server).await;
    let token = admin_token(&server).await;
    let id = claims(&token)["sub"].as_str().unwrap().to_owned();

    let delete = server
        .client
        .delete(server.id_url(&format!("/admin/users/{id}")))
        .bearer_auth(server.system_token())
        .send()
        .await
        .unwrap();
    assert_eq!(delete.status(), StatusCode::OK);

    let expected = forbidden_body(&server).await;
    let (status, body) = hide(&server, &token, &comment["id"]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body, expected);
    let (status, body) = list_for_moderation(&server, &token).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body, expected);
}

#[tokio::test]
async fn a_current_admin_still_moderates() {
    let server = Server::start_with_functions(POST).await;
    let comment = a_comment(&server).await;
    let token = admin_token(&server).await;
    let (status, body) = hide(&server, &token, &comment["id"]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "hidden");
}
