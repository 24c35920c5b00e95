//! Health, settings, signup and email confirmation, CORS.

mod common;

use common::{error, Server, PASSWORD};
use reqwest::StatusCode;
use serde_json::{json, Value};

#[tokio::test]
async fn health_names_gotrue() {
    let s = Server::start().await;
    let r = s.client.get(s.id_url("/health")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["name"], "GoTrue");
    assert_eq!(
        body["description"],
        "GoTrue is a user registration and authentication API"
    );
}

#[tokio::test]
async fn settings_list_every_key_with_the_local_providers_on() {
    let s = Server::start().await;
    let body: Value = s
        .client
        .get(s.id_url("/settings"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        body,
        json!({
            "external": {"bitbucket": true, "github": true, "gitlab": true, "google": true,
                         "facebook": false, "email": true, "saml": false},
            "external_labels": {},
            "disable_signup": false,
            "autoconfirm": false
        })
    );
}

#[tokio::test]
async fn settings_follow_the_switches() {
    let s = Server::start_with(|c| {
        c.identity.autoconfirm = true;
        c.identity.disable_signup = true;
    })
    .await;
    let body: Value = s
        .client
        .get(s.id_url("/settings"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["autoconfirm"], true);
    assert_eq!(body["disable_signup"], true);
}

#[tokio::test]
async fn signup_returns_an_unconfirmed_user_and_no_tokens() {
    let s = Server::start().await;
    let r = s
        .post_json(
            "/signup",
            json!({"email": "jane@example.com", "password": PASSWORD, "data": {"full_name": "Jane"}}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let user: Value = r.json().await.unwrap();
    assert_eq!(user["email"], "jane@example.com");
    assert_eq!(user["aud"], "");
    assert_eq!(user["role"], "");
    assert_eq!(user["app_metadata"], json!({"provider": "email"}));
    assert_eq!(user["user_metadata"], json!({"full_name": "Jane"}));
    assert!(user.get("confirmed_at").is_none());
    assert!(user["confirmation_sent_at"].is_string());
    assert!(user.get("access_token").is_none());
    assert!(user.get("encrypted_password").is_none());
    assert!(user.get("confirmation_token").is_none());
    let id = user["id"].as_str().unwrap();
    assert_eq!(id.len(), 36);
    assert_eq!(&id[14..15], "4");
}

#[tokio::test]
async fn signup_is_forbidden_when_disabled() {
    let s = Server::start_with(|c| c.identity.disable_signup = true).await;
    let (status, body) = error(s.signup("a@example.com", PASSWORD).await).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        body,
        json!({"code": 403, "msg": "Signups not allowed for this instance"})
    );
}

#[tokio::test]
async fn signup_without_password_is_refused() {
    let s = Server::start().await;
    let (status, body) = error(s.signup("a@example.com", "").await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body,
        json!({"code": 422, "msg": "Signup requires a valid password"})
    );
}

#[tokio::test]
async fn signup_without_email_is_refused() {
    let s = Server::start().await;
    let (status, body) = error(s.post_json("/signup", json!({"password": "x"})).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["msg"], "An email address is required");
    let (status, body) = error(s.signup("not-an-address", PASSWORD).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["msg"]
        .as_str()
        .unwrap()
        .starts_with("Unable to validate email address"));
}

#[tokio::test]
async fn signup_with_unreadable_body_is_a_400() {
    let s = Server::start().await;
    let r = s
        .client
        .post(s.id_url("/signup"))
        .header("Content-Type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    let (status, body) = error(r).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["msg"]
        .as_str()
        .unwrap()
        .starts_with("Could not read Signup params: "));
    let r = s.client.post(s.id_url("/signup")).send().await.unwrap();
    let (_, body) = error(r).await;
    assert_eq!(body["msg"], "Could not read Signup params: EOF");
}

#[tokio::test]
async fn signup_of_a_confirmed_address_is_refused_in_any_case() {
    let s = Server::start().await;
    s.confirmed_user("jane@example.com").await;
    let (status, body) = error(s.signup("JANE@example.com", "other").await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body["msg"],
        "A user with this email address has already been registered"
    );
}

#[tokio::test]
async fn signing_up_again_before_confirming_resends_and_replaces_the_password() {
    let s = Server::start().await;
    s.signup("jane@example.com", PASSWORD).await;
    let first = s.last_mail("jane@example.com", "confirmation").await;
    let r = s
        .post_json(
            "/signup",
            json!({"email": "jane@example.com", "password": "another", "data": {"a": 1}}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let second = s.last_mail("jane@example.com", "confirmation").await;
    assert_ne!(first["token"], second["token"]);
    // The first token no longer works.
    let r = s
        .post_json(
            "/verify",
            json!({"type": "signup", "token": first["token"]}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = s
        .post_json(
            "/verify",
            json!({"type": "signup", "token": second["token"]}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    // The latest signup replaces the pending one (GoTrue keeps the first password).
    assert_eq!(s.login("jane@example.com", "another").await.status(), 200);
    assert_eq!(s.login("jane@example.com", PASSWORD).await.status(), 400);
}

#[tokio::test]
async fn confirmation_token_logs_the_user_in_once() {
    let s = Server::start().await;
    s.signup("jane@example.com", PASSWORD).await;
    let mail = s.last_mail("jane@example.com", "confirmation").await;
    let r = s
        .post_json("/verify", json!({"type": "signup", "token": mail["token"]}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let token: Value = r.json().await.unwrap();
    assert_eq!(token["token_type"], "bearer");
    assert_eq!(token["expires_in"], 3600);
    assert_eq!(token["refresh_token"].as_str().unwrap().len(), 22);
    let keys: Vec<&String> = token.as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 4);
    let user: Value = s
        .get_user(token["access_token"].as_str().unwrap())
        .await
        .json()
        .await
        .unwrap();
    assert!(user["confirmed_at"].is_string());
    // Single use.
    let (status, body) = error(
        s.post_json("/verify", json!({"type": "signup", "token": mail["token"]}))
            .await,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body, json!({"code": 404, "msg": "User not found"}));
}

#[tokio::test]
async fn verify_checks_the_token_before_the_type() {
    let s = Server::start().await;
    let (status, body) = error(
        s.post_json("/verify", json!({"type": "bogus", "token": "  "}))
            .await,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["msg"], "Verify requires a token");
    for kind in ["invite", "email_change", "magiclink"] {
        let (status, body) = error(
            s.post_json("/verify", json!({"type": kind, "token": "abc"}))
                .await,
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["msg"], "Verify requires a verification type");
    }
}

#[tokio::test]
async fn autoconfirm_users_can_log_in_straight_away() {
    let s = Server::start_with(|c| c.identity.autoconfirm = true).await;
    let user: Value = s
        .signup("jane@example.com", PASSWORD)
        .await
        .json()
        .await
        .unwrap();
    assert!(user["confirmed_at"].is_string());
    assert!(s.mail().await.iter().all(|m| m["to"] != "jane@example.com"));
    assert_eq!(s.login("jane@example.com", PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn cors_preflight_allows_the_gotrue_js_headers() {
    let s = Server::start().await;
    let r = s
        .client
        .request(reqwest::Method::OPTIONS, s.id_url("/token"))
        .header("Origin", "http://localhost:3000")
        .header("Access-Control-Request-Method", "POST")
        .header(
            "Access-Control-Request-Headers",
            "x-nf-client, content-type",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let h = r.headers();
    assert_eq!(h["access-control-allow-origin"], "http://localhost:3000");
    assert_eq!(h["access-control-allow-credentials"], "true");
    let allowed = h["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_lowercase();
    for name in [
        "authorization",
        "content-type",
        "x-jwt-aud",
        "x-use-cookie",
        "x-nf-client",
    ] {
        assert!(allowed.contains(name), "{name} not allowed: {allowed}");
    }
    let methods = h["access-control-allow-methods"].to_str().unwrap();
    for m in ["GET", "POST", "PUT", "DELETE"] {
        assert!(methods.contains(m));
    }
}

#[tokio::test]
async fn cors_headers_are_on_real_responses_too() {
    let s = Server::start().await;
    let r = s
        .client
        .get(s.id_url("/settings"))
        .header("Origin", "http://127.0.0.1:5173")
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.headers()["access-control-allow-origin"],
        "http://127.0.0.1:5173"
    );
    assert_eq!(r.headers()["access-control-allow-credentials"], "true");
}

#[tokio::test]
async fn supabase_only_endpoints_are_a_json_404() {
    let s = Server::start().await;
    for path in ["/magiclink", "/otp", "/factors"] {
        let r = s.post_json(path, json!({})).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["code"], 404);
    }
}

#[tokio::test]
async fn verify_sets_the_cookie_when_asked() {
    let s = Server::start().await;
    s.signup("jane@example.com", PASSWORD).await;
    let mail = s.last_mail("jane@example.com", "confirmation").await;
    let r = s
        .client
        .post(s.id_url("/verify"))
        .header("X-Use-Cookie", "session")
        .json(&json!({"type": "signup", "token": mail["token"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let cookie = r.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("nf_jwt=ey") && cookie.contains("HttpOnly"));
    assert!(!cookie.contains("Max-Age"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_signups_all_land() {
    let s = std::sync::Arc::new(Server::start().await);
    let tasks: Vec<_> = (0..40)
        .map(|i| {
            let s = s.clone();
            tokio::spawn(async move {
                s.signup(&format!("u{i}@example.com"), PASSWORD)
                    .await
                    .status()
            })
        })
        .collect();
    for t in tasks {
        assert_eq!(t.await.unwrap(), StatusCode::OK);
    }
    let mail = s.mail().await;
    assert_eq!(mail.len(), 40);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_signups_of_one_address_make_one_user() {
    let s = std::sync::Arc::new(Server::start().await);
    let tasks: Vec<_> = (0..10)
        .map(|_| {
            let s = s.clone();
            tokio::spawn(async move { s.signup("same@example.com", PASSWORD).await.status() })
        })
        .collect();
    for t in tasks {
        assert_eq!(t.await.unwrap(), StatusCode::OK);
    }
    let list: Value = s
        .client
        .get(s.id_url("/admin/users?filter=same"))
        .bearer_auth(s.system_token())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["users"].as_array().unwrap().len(), 1);
}
