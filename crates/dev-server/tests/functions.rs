//! The site's functions in the local stack: the client context is built from
//! a verified Bearer token only, and `identity-signup` runs on GoTrue's signup.

use dev_server::Config;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use tempfile::TempDir;

mod common;
use common::{claims, test_config, ADMIN_EMAIL, ADMIN_PASSWORD, PASSWORD, SECRET};

struct Stack {
    addr: std::net::SocketAddr,
    client: Client,
    _dirs: (TempDir, TempDir),
}

const POST: &str = "hello-world";

async fn start() -> Stack {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(dist.path().join("index.html"), "<!doctype html>").unwrap();
    std::fs::create_dir_all(dist.path().join("content")).unwrap();
    std::fs::write(
        dist.path().join("content/posts.json"),
        json!({"posts": [{"slug": POST, "title": "Hello", "date": "2026-11-20", "summary": "Hi"}]})
            .to_string(),
    )
    .unwrap();
    let data = tempfile::tempdir().unwrap();
    let config: Config = test_config(&dist, &data);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = dev_server::app(&config, &format!("http://{addr}"))
        .await
        .unwrap();
    tokio::spawn(dev_server::serve_router(app.router, listener));
    Stack {
        addr,
        client: Client::new(),
        _dirs: (dist, data),
    }
}

impl Stack {
    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    async fn token(&self, email: &str, password: &str) -> String {
        let response = self
            .client
            .post(self.url("/.netlify/identity/token"))
            .form(&[
                ("grant_type", "password"),
                ("username", email),
                ("password", password),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let body: Value = response.json().await.unwrap();
        body["access_token"].as_str().unwrap().to_owned()
    }

    async fn submit(&self, bearer: Option<&str>, body: &str, key: &str) -> (StatusCode, Value) {
        let mut request = self
            .client
            .post(self.url("/.netlify/functions/submit-comment"))
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

    async fn list(&self) -> Value {
        self.client
            .get(self.url(&format!("/.netlify/functions/list-comments?post={POST}")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    async fn signup_and_confirm(&self, email: &str) -> String {
        let signup = self
            .client
            .post(self.url("/.netlify/identity/signup"))
            .json(
                &json!({"email": email, "password": PASSWORD, "data": {"full_name": "New Reader"}}),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(signup.status(), StatusCode::OK);
        let mail: Vec<Value> = self
            .client
            .get(self.url("/__dev/mail"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let token = mail
            .iter()
            .find(|m| m["to"] == email && m["kind"] == "confirmation")
            .unwrap()["token"]
            .as_str()
            .unwrap()
            .to_owned();
        let verified: Value = self
            .client
            .post(self.url("/.netlify/identity/verify"))
            .json(&json!({"type": "signup", "token": token}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        verified["access_token"].as_str().unwrap().to_owned()
    }
}

#[tokio::test]
async fn posting_without_a_token_is_401_and_stores_nothing() {
    let stack = start().await;
    let (status, body) = stack.submit(None, "hello", "key-anonymous-1").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    assert_eq!(stack.list().await["comments"], json!([]));
}

#[tokio::test]
async fn a_forged_token_gives_no_user() {
    let stack = start().await;
    let real = stack.token(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    // Same claims, signed with another secret.
    let forged = {
        let claims = claims(&real);
        let other = identity_core::jwt::encode(&claims, b"not-the-secret").unwrap();
        assert_ne!(SECRET.as_bytes(), b"not-the-secret");
        other
    };
    let (status, _) = stack.submit(Some(&forged), "hello", "key-forged-1").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = stack
        .submit(Some("not.a.jwt"), "hello", "key-forged-2")
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_logged_in_user_posts_once_and_everyone_reads_it() {
    let stack = start().await;
    let token = stack.token(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let (status, created) = stack.submit(Some(&token), "First!", "key-post-1").await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    // A retry with the same key returns the same comment, not a second one.
    let (status, again) = stack.submit(Some(&token), "First!", "key-post-1").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["id"], created["id"]);

    let list = stack.list().await;
    let comments = list["comments"].as_array().unwrap();
    assert_eq!(comments.len(), 1);
    assert_eq!(comments[0]["body"], "First!");
}

#[tokio::test]
async fn signup_runs_identity_signup_and_the_new_user_is_a_commenter() {
    let stack = start().await;
    let token = stack.signup_and_confirm("reader@example.com").await;
    let claims = claims(&token);
    assert_eq!(claims["app_metadata"]["roles"], json!(["commenter"]));
    assert_eq!(claims["app_metadata"]["provider"], "email");

    // A commenter may post but not moderate.
    let (status, created) = stack
        .submit(Some(&token), "Nice post", "key-reader-1")
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let moderate = stack
        .client
        .post(stack.url("/.netlify/functions/moderate-comment"))
        .bearer_auth(&token)
        .json(&json!({"id": created["id"], "action": "hide"}))
        .send()
        .await
        .unwrap();
    assert_eq!(moderate.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_admin_hides_a_comment_and_readers_no_longer_see_it() {
    let stack = start().await;
    let reader = stack.signup_and_confirm("writer@example.com").await;
    let (_, created) = stack
        .submit(Some(&reader), "<img src=x onerror=alert(1)>", "key-xss-1")
        .await;
    let admin = stack.token(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let moderate = stack
        .client
        .post(stack.url("/.netlify/functions/moderate-comment"))
        .bearer_auth(&admin)
        .json(&json!({"id": created["id"], "action": "hide"}))
        .send()
        .await
        .unwrap();
    assert_eq!(moderate.status(), StatusCode::OK);
    assert_eq!(stack.list().await["comments"], json!([]));
}

#[tokio::test]
async fn an_unknown_function_is_a_json_404() {
    let stack = start().await;
    let response = stack
        .client
        .get(stack.url("/.netlify/functions/no-such-thing"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "not_found");
}
