//! `GET/PUT /user`, token attacks, logout and recovery.

mod common;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use common::{claims, error, Server, PASSWORD, SECRET};
use identity_core::jwt::{encode, Claims};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn b64(bytes: impl AsRef<[u8]>) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A token with any header, signed HS256 over what is given.
fn forge(header: &Value, payload: &Value, secret: &[u8]) -> String {
    let input = format!("{}.{}", b64(header.to_string()), b64(payload.to_string()));
    format!("{input}.{}", b64(hmac_sha256(secret, input.as_bytes())))
}

fn hmac_sha256(key: &[u8], msg: &[u8]) -> Vec<u8> {
    use hmac::Mac;
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key).unwrap();
    mac.update(msg);
    mac.finalize().into_bytes().to_vec()
}

async fn jane(s: &Server) -> (Value, Value) {
    let t = s.confirmed_user("jane@example.com").await;
    let user: Value = s
        .get_user(t["access_token"].as_str().unwrap())
        .await
        .json()
        .await
        .unwrap();
    (t, user)
}

fn jane_claims(user: &Value, exp: i64) -> Value {
    json!({"exp": exp, "sub": user["id"], "email": "jane@example.com",
           "app_metadata": {"provider": "email", "roles": ["admin"]}, "user_metadata": {}})
}

async fn refused(s: &Server, token: &str) -> Value {
    let (status, body) = error(s.get_user(token).await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    body
}

#[test]
fn forged_hmac_matches_the_real_signer() {
    let c: Claims = serde_json::from_value(json!({"exp": 5, "sub": "u"})).unwrap();
    let real = encode(&c, SECRET.as_bytes()).unwrap();
    let parts: Vec<&str> = real.split('.').collect();
    let input = format!("{}.{}", parts[0], parts[1]);
    assert_eq!(
        b64(hmac_sha256(SECRET.as_bytes(), input.as_bytes())),
        parts[2]
    );
}

#[tokio::test]
async fn user_is_read_fresh_from_the_database() {
    let s = Server::start().await;
    let (t, user) = jane(&s).await;
    assert_eq!(user["email"], "jane@example.com");
    assert_eq!(
        claims(t["access_token"].as_str().unwrap())["sub"],
        user["id"]
    );
}

#[tokio::test]
async fn missing_or_non_bearer_authorization_is_refused() {
    let s = Server::start().await;
    let expected = json!({"code": 401, "msg": "This endpoint requires a Bearer token"});
    let r = s.client.get(s.id_url("/user")).send().await.unwrap();
    assert_eq!(error(r).await, (StatusCode::UNAUTHORIZED, expected.clone()));
    let r = s
        .client
        .get(s.id_url("/user"))
        .header("Authorization", "Basic YTpi")
        .send()
        .await
        .unwrap();
    assert_eq!(error(r).await.1, expected);
}

#[tokio::test]
async fn alg_none_is_refused() {
    let s = Server::start().await;
    let (_, user) = jane(&s).await;
    let token = format!(
        "{}.{}.",
        b64(r#"{"alg":"none","typ":"JWT"}"#),
        b64(jane_claims(&user, now() + 600).to_string())
    );
    let body = refused(&s, &token).await;
    assert!(body["msg"].as_str().unwrap().starts_with("Invalid token: "));
}

#[tokio::test]
async fn other_algorithms_are_refused_even_with_the_right_key() {
    let s = Server::start().await;
    let (_, user) = jane(&s).await;
    for alg in ["HS512", "RS256", "hs256"] {
        let token = forge(
            &json!({"alg": alg, "typ": "JWT"}),
            &jane_claims(&user, now() + 600),
            SECRET.as_bytes(),
        );
        refused(&s, &token).await;
    }
}

#[tokio::test]
async fn token_signed_with_another_secret_is_refused() {
    let s = Server::start().await;
    let (_, user) = jane(&s).await;
    let token = forge(
        &json!({"alg": "HS256", "typ": "JWT"}),
        &jane_claims(&user, now() + 600),
        b"some-other-secret",
    );
    let body = refused(&s, &token).await;
    assert_eq!(body["msg"], "Invalid token: signature is invalid");
    // The same claims with the right secret pass: the forger is sound.
    let good = forge(
        &json!({"alg": "HS256", "typ": "JWT"}),
        &jane_claims(&user, now() + 600),
        SECRET.as_bytes(),
    );
    assert_eq!(s.get_user(&good).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn expired_token_is_refused() {
    let s = Server::start().await;
    let (_, user) = jane(&s).await;
    let token = forge(
        &json!({"alg": "HS256"}),
        &jane_claims(&user, now() - 62),
        SECRET.as_bytes(),
    );
    let body = refused(&s, &token).await;
    assert!(body["msg"]
        .as_str()
        .unwrap()
        .starts_with("Invalid token: token is expired by 1m"));
}

#[tokio::test]
async fn token_without_exp_is_refused() {
    let s = Server::start().await;
    let (_, user) = jane(&s).await;
    let token = forge(
        &json!({"alg": "HS256"}),
        &json!({"sub": user["id"], "email": "jane@example.com"}),
        SECRET.as_bytes(),
    );
    refused(&s, &token).await;
}

#[tokio::test]
async fn tampered_payload_is_refused() {
    let s = Server::start().await;
    let (t, _) = jane(&s).await;
    let jwt = t["access_token"].as_str().unwrap();
    let parts: Vec<&str> = jwt.split('.').collect();
    let mut c = claims(jwt);
    c["app_metadata"]["roles"] = json!(["admin"]);
    let tampered = format!("{}.{}.{}", parts[0], b64(c.to_string()), parts[2]);
    let body = refused(&s, &tampered).await;
    assert_eq!(body["msg"], "Invalid token: signature is invalid");
}

#[tokio::test]
async fn truncated_tokens_are_refused() {
    let s = Server::start().await;
    let (t, _) = jane(&s).await;
    let jwt = t["access_token"].as_str().unwrap();
    for cut in [
        1,
        jwt.len() / 3,
        jwt.len() / 2,
        jwt.len() - 10,
        jwt.len() - 1,
    ] {
        refused(&s, &jwt[..cut]).await;
    }
    let without_signature = jwt.rsplit_once('.').unwrap().0;
    refused(&s, without_signature).await;
}

#[tokio::test]
async fn oversized_tokens_are_refused() {
    let s = Server::start().await;
    let (_, user) = jane(&s).await;
    let mut c = jane_claims(&user, now() + 600);
    c["user_metadata"]["bio"] = json!("x".repeat(10_000));
    let token = forge(&json!({"alg": "HS256"}), &c, SECRET.as_bytes());
    let body = refused(&s, &token).await;
    assert!(body["msg"].as_str().unwrap().contains("more than"));
}

#[tokio::test]
async fn token_whose_sub_is_not_a_uuid_is_a_400() {
    let s = Server::start().await;
    let token = forge(
        &json!({"alg": "HS256"}),
        &json!({"exp": now() + 60, "sub": "not-a-uuid"}),
        SECRET.as_bytes(),
    );
    let (status, body) = error(s.get_user(&token).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["msg"], "Could not read User ID claim");
}

#[tokio::test]
async fn token_of_a_deleted_user_finds_no_user() {
    let s = Server::start().await;
    let token = forge(
        &json!({"alg": "HS256"}),
        &json!({"exp": now() + 60, "sub": "5d6a9a6e-0000-4000-8000-000000000001"}),
        SECRET.as_bytes(),
    );
    let (status, body) = error(s.get_user(&token).await).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body, json!({"code": 404, "msg": "User not found"}));
}

#[tokio::test]
async fn audience_mismatch_is_refused() {
    let s = Server::start().await;
    let (t, _) = jane(&s).await;
    let r = s
        .client
        .get(s.id_url("/user"))
        .bearer_auth(t["access_token"].as_str().unwrap())
        .header("X-JWT-AUD", "other-app")
        .send()
        .await
        .unwrap();
    let (status, body) = error(r).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["msg"], "Token audience doesn't match request audience");
}

#[tokio::test]
async fn metadata_is_merged_and_null_deletes_a_key() {
    let s = Server::start().await;
    let (t, _) = jane(&s).await;
    let at = t["access_token"].as_str().unwrap();
    let r = s
        .put_user(at, json!({"data": {"full_name": "Jane", "theme": "dark"}}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = s
        .put_user(at, json!({"data": {"theme": null, "city": "Oslo"}}))
        .await;
    let user: Value = r.json().await.unwrap();
    assert_eq!(
        user["user_metadata"],
        json!({"full_name": "Jane", "city": "Oslo"})
    );
}

#[tokio::test]
async fn password_change_takes_effect_and_keeps_sessions() {
    let s = Server::start().await;
    let (t, _) = jane(&s).await;
    let r = s
        .put_user(
            t["access_token"].as_str().unwrap(),
            json!({"password": "new pw"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(s.login("jane@example.com", PASSWORD).await.status(), 400);
    assert_eq!(s.login("jane@example.com", "new pw").await.status(), 200);
    assert_eq!(
        s.refresh(t["refresh_token"].as_str().unwrap())
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn non_admin_cannot_touch_app_metadata_and_nothing_is_half_saved() {
    let s = Server::start().await;
    let (t, _) = jane(&s).await;
    let at = t["access_token"].as_str().unwrap();
    let (status, body) = error(
        s.put_user(
            at,
            json!({"data": {"x": 1}, "password": "changed", "app_metadata": {"roles": ["admin"]}}),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        body["msg"],
        "Updating app_metadata requires admin privileges"
    );
    let user: Value = s.get_user(at).await.json().await.unwrap();
    assert_eq!(user["user_metadata"], json!({}));
    assert_eq!(s.login("jane@example.com", PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn email_change_waits_for_the_token_mailed_to_the_new_address() {
    let s = Server::start().await;
    let (t, _) = jane(&s).await;
    let at = t["access_token"].as_str().unwrap();
    let user: Value = s
        .put_user(at, json!({"email": "jane@new.example"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(user["email"], "jane@example.com");
    assert_eq!(user["new_email"], "jane@new.example");
    assert!(user["email_change_sent_at"].is_string());
    let mail = s.last_mail("jane@new.example", "email_change").await;
    assert_eq!(mail["subject"], "Confirm Email Change");
    assert!(mail["link"].as_str().unwrap().ends_with(&format!(
        "/#email_change_token={}",
        mail["token"].as_str().unwrap()
    )));

    let (status, body) = error(s.put_user(at, json!({"email_change_token": "wrong"})).await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["msg"], "Email Change Token didn't match token on file");

    let user: Value = s
        .put_user(at, json!({"email_change_token": mail["token"]}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(user["email"], "jane@new.example");
    assert!(user.get("new_email").is_none());
    assert_eq!(s.login("jane@new.example", PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn email_change_to_a_taken_address_is_refused() {
    let s = Server::start().await;
    let (t, _) = jane(&s).await;
    let (status, body) = error(
        s.put_user(
            t["access_token"].as_str().unwrap(),
            json!({"email": "ADMIN@example.com"}),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body["msg"],
        "Email address already registered by another user"
    );
}

#[tokio::test]
async fn logout_is_204_and_revokes_every_refresh_token() {
    let s = Server::start().await;
    let (t, _) = jane(&s).await;
    let other_device: Value = s
        .login("jane@example.com", PASSWORD)
        .await
        .json()
        .await
        .unwrap();
    let r = s
        .client
        .post(s.id_url("/logout"))
        .bearer_auth(t["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert!(r.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .starts_with("nf_jwt=;"));
    assert!(r.bytes().await.unwrap().is_empty());
    for rt in [&t["refresh_token"], &other_device["refresh_token"]] {
        assert_eq!(s.refresh(rt.as_str().unwrap()).await.status(), 400);
    }
}

#[tokio::test]
async fn logout_needs_a_token() {
    let s = Server::start().await;
    let r = s.client.post(s.id_url("/logout")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn recovery_mails_a_token_that_logs_in_once() {
    let s = Server::start().await;
    jane(&s).await;
    let r = s
        .post_json("/recover", json!({"email": "jane@example.com"}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await.unwrap(), json!({}));
    let mail = s.last_mail("jane@example.com", "recovery").await;
    assert_eq!(mail["subject"], "Reset Your Password");
    let r = s
        .post_json(
            "/verify",
            json!({"type": "recovery", "token": mail["token"]}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let t: Value = r.json().await.unwrap();
    s.put_user(
        t["access_token"].as_str().unwrap(),
        json!({"password": "reset pw"}),
    )
    .await;
    assert_eq!(s.login("jane@example.com", "reset pw").await.status(), 200);
    let r = s
        .post_json(
            "/verify",
            json!({"type": "recovery", "token": mail["token"]}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn recovery_confirms_an_unconfirmed_user() {
    let s = Server::start().await;
    s.signup("jane@example.com", PASSWORD).await;
    s.post_json("/recover", json!({"email": "jane@example.com"}))
        .await;
    let mail = s.last_mail("jane@example.com", "recovery").await;
    let t: Value = s
        .post_json(
            "/verify",
            json!({"type": "recovery", "token": mail["token"]}),
        )
        .await
        .json()
        .await
        .unwrap();
    let user: Value = s
        .get_user(t["access_token"].as_str().unwrap())
        .await
        .json()
        .await
        .unwrap();
    assert!(user["confirmed_at"].is_string());
}

#[tokio::test]
async fn recovery_for_an_unknown_address_looks_the_same() {
    let s = Server::start().await;
    let r = s
        .post_json("/recover", json!({"email": "nobody@example.com"}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await.unwrap(), json!({}));
    assert!(s.mail().await.is_empty());
    let (status, body) = error(s.post_json("/recover", json!({"email": ""})).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["msg"], "Password recovery requires an email");
}

#[tokio::test]
async fn recovery_within_the_max_frequency_is_a_429() {
    let s = Server::start_with(|c| c.identity.max_frequency_secs = 900).await;
    jane(&s).await;
    assert_eq!(
        s.post_json("/recover", json!({"email": "jane@example.com"}))
            .await
            .status(),
        200
    );
    let (status, body) = error(
        s.post_json("/recover", json!({"email": "jane@example.com"}))
            .await,
    )
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(body["msg"], "Rate limit exceeded, try again later");
}

#[tokio::test]
async fn metadata_too_large_for_a_token_is_refused_and_not_stored() {
    let s = Server::start().await;
    let (t, _) = jane(&s).await;
    let at = t["access_token"].as_str().unwrap();
    let (status, body) = error(
        s.put_user(at, json!({"data": {"bio": "x".repeat(9000)}}))
            .await,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["msg"]
        .as_str()
        .unwrap()
        .starts_with("Metadata is too large"));
    assert_eq!(s.login("jane@example.com", PASSWORD).await.status(), 200);
}
