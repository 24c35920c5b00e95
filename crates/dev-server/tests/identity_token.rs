//! `POST /token`: password and refresh grants, rotation, the limiter, cookies, restarts.

mod common;

use common::{claims, error, Server, ADMIN_EMAIL, ADMIN_PASSWORD, PASSWORD};
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn tokens(r: reqwest::Response) -> Value {
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

#[tokio::test]
async fn password_grant_issues_a_gotrue_shaped_token() {
    let s = Server::start().await;
    s.confirmed_user("jane@example.com").await;
    let t = tokens(s.login("jane@example.com", PASSWORD).await).await;
    assert_eq!(t["token_type"], "bearer");
    assert_eq!(t["expires_in"], 3600);
    let jwt = t["access_token"].as_str().unwrap();
    let header: Value = {
        use base64::Engine;
        let h = jwt.split('.').next().unwrap();
        serde_json::from_slice(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(h)
                .unwrap(),
        )
        .unwrap()
    };
    assert_eq!(
        header,
        json!({"alg": "HS256", "kid": "nf-ident", "typ": "JWT"})
    );
    let c = claims(jwt);
    // serde_json's map is sorted here; the order on the wire is checked in identity-core.
    let keys: Vec<&str> = c.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["app_metadata", "email", "exp", "sub", "user_metadata"],
        "no aud when empty, no iat"
    );
    assert_eq!(c["email"], "jane@example.com");
    assert_eq!(c["app_metadata"], json!({"provider": "email"}));
}

#[tokio::test]
async fn email_lookup_ignores_case() {
    let s = Server::start().await;
    s.confirmed_user("Jane@Example.com").await;
    assert_eq!(s.login("jane@example.COM", PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn wrong_password_and_unknown_user_get_the_same_answer() {
    let s = Server::start().await;
    s.confirmed_user("jane@example.com").await;
    let expected = json!({"error": "invalid_grant",
        "error_description": "No user found with that email, or password invalid."});
    let (status, body) = error(s.login("jane@example.com", "wrong").await).await;
    assert_eq!((status, &body), (StatusCode::BAD_REQUEST, &expected));
    let (status, body) = error(s.login("nobody@example.com", PASSWORD).await).await;
    assert_eq!((status, &body), (StatusCode::BAD_REQUEST, &expected));
    let (_, body) = error(s.login("jane@example.com", "").await).await;
    assert_eq!(body, expected);
}

#[tokio::test]
async fn unconfirmed_user_with_the_right_password_is_told_to_confirm() {
    let s = Server::start().await;
    s.signup("jane@example.com", PASSWORD).await;
    let (status, body) = error(s.login("jane@example.com", PASSWORD).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        json!({"error": "invalid_grant", "error_description": "Email not confirmed"})
    );
}

#[tokio::test]
async fn json_body_is_an_unsupported_grant_type() {
    let s = Server::start().await;
    let r = s
        .post_json(
            "/token",
            json!({"grant_type": "password", "username": ADMIN_EMAIL, "password": ADMIN_PASSWORD}),
        )
        .await;
    let (status, body) = error(r).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body, json!({"error": "unsupported_grant_type"}));
}

#[tokio::test]
async fn grant_in_the_query_string_is_read() {
    let s = Server::start().await;
    let r = s
        .client
        .post(s.id_url("/token?grant_type=password"))
        .form(&[("username", ADMIN_EMAIL), ("password", ADMIN_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn refresh_without_a_token_is_an_invalid_request() {
    let s = Server::start().await;
    let (status, body) = error(s.refresh("").await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        json!({"error": "invalid_request", "error_description": "refresh_token required"})
    );
    let (_, body) = error(s.refresh("not-a-real-token-at-all").await).await;
    assert_eq!(
        body,
        json!({"error": "invalid_grant", "error_description": "Invalid Refresh Token"})
    );
}

#[tokio::test]
async fn refresh_tokens_rotate() {
    let s = Server::start().await;
    let first = tokens(s.login(ADMIN_EMAIL, ADMIN_PASSWORD).await).await;
    let second = tokens(s.refresh(first["refresh_token"].as_str().unwrap()).await).await;
    assert_ne!(first["refresh_token"], second["refresh_token"]);
    let third = tokens(s.refresh(second["refresh_token"].as_str().unwrap()).await).await;
    assert_eq!(
        s.get_user(third["access_token"].as_str().unwrap())
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn reused_refresh_token_is_refused_and_clears_the_cookie() {
    let s = Server::start().await;
    let first = tokens(s.login(ADMIN_EMAIL, ADMIN_PASSWORD).await).await;
    let old = first["refresh_token"].as_str().unwrap();
    let next = tokens(s.refresh(old).await).await;
    let r = s.refresh(old).await;
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cookie.starts_with("nf_jwt=;") && cookie.contains("Max-Age=0"),
        "{cookie}"
    );
    let (status, body) = error(r).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        json!({"error": "invalid_grant", "error_description": "Invalid Refresh Token"})
    );
    // As in GoTrue, the newer token of the family stays valid.
    assert_eq!(
        s.refresh(next["refresh_token"].as_str().unwrap())
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn concurrent_refreshes_of_one_token_yield_one_session() {
    let s = Server::start().await;
    let t = tokens(s.login(ADMIN_EMAIL, ADMIN_PASSWORD).await).await;
    let rt = t["refresh_token"].as_str().unwrap();
    let (a, b) = tokio::join!(s.refresh(rt), s.refresh(rt));
    let ok = [a.status(), b.status()]
        .iter()
        .filter(|st| **st == StatusCode::OK)
        .count();
    assert_eq!(ok, 1);
}

#[tokio::test]
async fn refresh_token_expires_after_its_lifetime() {
    let s = Server::start_with(|c| c.identity.refresh_token_lifetime_secs = 1).await;
    let t = tokens(s.login(ADMIN_EMAIL, ADMIN_PASSWORD).await).await;
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let (status, body) = error(s.refresh(t["refresh_token"].as_str().unwrap()).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        json!({"error": "invalid_grant", "error_description": "Refresh token expired"})
    );
}

#[tokio::test]
async fn refresh_reads_roles_from_the_database() {
    let s = Server::start().await;
    let user = s.confirmed_user("jane@example.com").await;
    assert!(
        claims(user["access_token"].as_str().unwrap())["app_metadata"]
            .get("roles")
            .is_none()
    );
    let me: Value = s
        .get_user(user["access_token"].as_str().unwrap())
        .await
        .json()
        .await
        .unwrap();
    let r = s
        .client
        .put(s.id_url(&format!("/admin/users/{}", me["id"].as_str().unwrap())))
        .bearer_auth(s.system_token())
        .json(&json!({"app_metadata": {"roles": ["editor"]}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let fresh = tokens(s.refresh(user["refresh_token"].as_str().unwrap()).await).await;
    assert_eq!(
        claims(fresh["access_token"].as_str().unwrap())["app_metadata"],
        json!({"provider": "email", "roles": ["editor"]})
    );
}

#[tokio::test]
async fn refresh_token_of_a_deleted_user_is_refused() {
    let s = Server::start().await;
    let t = s.confirmed_user("jane@example.com").await;
    let me: Value = s
        .get_user(t["access_token"].as_str().unwrap())
        .await
        .json()
        .await
        .unwrap();
    s.client
        .delete(s.id_url(&format!("/admin/users/{}", me["id"].as_str().unwrap())))
        .bearer_auth(s.system_token())
        .send()
        .await
        .unwrap();
    let (_, body) = error(s.refresh(t["refresh_token"].as_str().unwrap()).await).await;
    assert_eq!(body["error"], "invalid_grant");
}

#[tokio::test]
async fn repeated_bad_passwords_are_refused_with_429() {
    let s = Server::start().await;
    for _ in 0..5 {
        assert_eq!(s.login(ADMIN_EMAIL, "guess").await.status(), 400);
    }
    let r = s.login(ADMIN_EMAIL, "guess").await;
    assert!(r.headers().contains_key("retry-after"));
    let (status, body) = error(r).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(body, json!({"code": 429, "msg": "Rate limit exceeded"}));
    // Even the right password waits out the lock.
    assert_eq!(
        s.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(s.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn successful_logins_and_refreshes_are_not_limited() {
    let s = Server::start().await;
    let mut t = tokens(s.login(ADMIN_EMAIL, ADMIN_PASSWORD).await).await;
    for _ in 0..40 {
        t = tokens(s.refresh(t["refresh_token"].as_str().unwrap()).await).await;
    }
    for _ in 0..10 {
        assert_eq!(s.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.status(), 200);
    }
}

#[tokio::test]
async fn x_use_cookie_sets_an_http_only_nf_jwt_cookie() {
    let s = Server::start().await;
    let r = s
        .client
        .post(s.id_url("/token"))
        .header("X-Use-Cookie", "1")
        .form(&[
            ("grant_type", "password"),
            ("username", ADMIN_EMAIL),
            ("password", ADMIN_PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    let t: Value = r.json().await.unwrap();
    assert!(cookie.starts_with(&format!("nf_jwt={};", t["access_token"].as_str().unwrap())));
    assert!(cookie.contains("HttpOnly") && cookie.contains("Path=/"));
    assert!(cookie.contains("Max-Age=86400") && cookie.contains("Expires="));
    assert!(
        !cookie.contains("Secure"),
        "plain-http localhost would drop it"
    );

    let r = s
        .client
        .post(s.id_url("/token"))
        .header("X-Use-Cookie", "session")
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", t["refresh_token"].as_str().unwrap()),
        ])
        .send()
        .await
        .unwrap();
    let cookie = r.headers()["set-cookie"].to_str().unwrap();
    assert!(!cookie.contains("Max-Age"), "{cookie}");
}

#[tokio::test]
async fn no_cookie_without_the_header() {
    let s = Server::start().await;
    let r = s.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert!(!r.headers().contains_key("set-cookie"));
}

#[tokio::test]
async fn restart_keeps_users_and_sessions() {
    let s = Server::start().await;
    let t = s.confirmed_user("jane@example.com").await;
    let s = s.restart().await;
    assert_eq!(s.login("jane@example.com", PASSWORD).await.status(), 200);
    assert_eq!(
        s.get_user(t["access_token"].as_str().unwrap())
            .await
            .status(),
        200
    );
    assert_eq!(
        s.refresh(t["refresh_token"].as_str().unwrap())
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn restart_without_a_configured_secret_keeps_the_generated_one() {
    let s = Server::start_with(|c| c.identity.jwt_secret = None).await;
    let t = tokens(s.login(ADMIN_EMAIL, ADMIN_PASSWORD).await).await;
    let secret = s.identity.jwt_secret().to_vec();
    let s = s.restart().await;
    assert_eq!(s.identity.jwt_secret(), secret.as_slice());
    assert_eq!(
        s.get_user(t["access_token"].as_str().unwrap())
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn audiences_keep_users_apart() {
    let s = Server::start().await;
    let r = s
        .client
        .post(s.id_url("/signup"))
        .header("X-JWT-AUD", "other-app")
        .json(&json!({"email": "jane@example.com", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    let user: Value = r.json().await.unwrap();
    assert_eq!(user["aud"], "other-app");
    let mail = s.last_mail("jane@example.com", "confirmation").await;
    s.post_json("/verify", json!({"type": "signup", "token": mail["token"]}))
        .await;
    assert_eq!(s.login("jane@example.com", PASSWORD).await.status(), 400);
    let r = s
        .client
        .post(s.id_url("/token"))
        .header("X-JWT-AUD", "other-app")
        .form(&[
            ("grant_type", "password"),
            ("username", "jane@example.com"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    let t = tokens(r).await;
    let jwt = t["access_token"].as_str().unwrap();
    assert_eq!(claims(jwt)["aud"], "other-app", "aud is a string when set");
    assert_eq!(s.get_user(jwt).await.status(), 200);
}
