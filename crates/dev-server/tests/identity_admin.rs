//! The admin API and invites, for the functions' system token and GoTrue admins; the seeded
//! admin.

mod common;

use common::{error, Server, ADMIN_EMAIL, ADMIN_PASSWORD, PASSWORD};
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn admin_get(s: &Server, path: &str, token: &str) -> reqwest::Response {
    s.client
        .get(s.id_url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

async fn admin_send(
    s: &Server,
    method: reqwest::Method,
    path: &str,
    token: &str,
    body: Value,
) -> reqwest::Response {
    s.client
        .request(method, s.id_url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn create(s: &Server, body: Value) -> Value {
    let r = admin_send(
        s,
        reqwest::Method::POST,
        "/admin/users",
        &s.system_token(),
        body,
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

#[tokio::test]
async fn seeded_admin_logs_in_with_the_documented_password() {
    let s = Server::start().await;
    let t: Value = s
        .login(ADMIN_EMAIL, ADMIN_PASSWORD)
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
    assert_eq!(
        user["app_metadata"],
        json!({"provider": "email", "roles": ["admin"]})
    );
    assert_eq!(user["role"], "admin");
    assert!(user["confirmed_at"].is_string());
}

#[tokio::test]
async fn seeded_admin_password_comes_from_the_configuration() {
    let s = Server::start_with(|c| c.identity.admin_password = "from-env".into()).await;
    assert_eq!(s.login(ADMIN_EMAIL, "from-env").await.status(), 200);
    assert_eq!(s.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.status(), 400);
}

#[tokio::test]
async fn deleted_seed_admin_is_not_recreated_on_restart() {
    let s = Server::start().await;
    let list: Value = admin_get(&s, "/admin/users", &s.system_token())
        .await
        .json()
        .await
        .unwrap();
    let id = list["users"][0]["id"].as_str().unwrap().to_owned();
    admin_send(
        &s,
        reqwest::Method::DELETE,
        &format!("/admin/users/{id}"),
        &s.system_token(),
        json!({}),
    )
    .await;
    let s = s.restart().await;
    assert_eq!(s.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.status(), 400);
}

#[tokio::test]
async fn list_is_paged_with_total_and_link_headers() {
    let s = Server::start().await;
    for i in 0..4 {
        create(
            &s,
            json!({"email": format!("u{i}@example.com"), "password": "pw"}),
        )
        .await;
    }
    let r = admin_get(&s, "/admin/users?page=2&per_page=2", &s.system_token()).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["x-total-count"], "5");
    let link = r.headers()["link"].to_str().unwrap().to_owned();
    assert!(link.contains("page=3&per_page=2>; rel=\"next\""), "{link}");
    assert!(link.contains("page=1&per_page=2>; rel=\"prev\""), "{link}");
    assert!(link.contains("page=3&per_page=2>; rel=\"last\""), "{link}");
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["aud"], "");
    let emails: Vec<&str> = body["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["email"].as_str().unwrap())
        .collect();
    assert_eq!(emails, ["u1@example.com", "u0@example.com"], "newest first");
}

#[tokio::test]
async fn list_filters_by_email_or_name_and_sorts_ascending() {
    let s = Server::start().await;
    create(
        &s,
        json!({"email": "jane@example.com", "user_metadata": {"full_name": "Jane Roe"}}),
    )
    .await;
    create(
        &s,
        json!({"email": "bob@example.com", "user_metadata": {"full_name": "Bob"}}),
    )
    .await;
    let body: Value = admin_get(&s, "/admin/users?filter=roe", &s.system_token())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["users"].as_array().unwrap().len(), 1);
    let body: Value = admin_get(&s, "/admin/users?sort=created_at%20asc", &s.system_token())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["users"][0]["email"], ADMIN_EMAIL);
    let (status, body) =
        error(admin_get(&s, "/admin/users?page=zero", &s.system_token()).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["msg"]
        .as_str()
        .unwrap()
        .starts_with("Bad Pagination Parameters"));
}

#[tokio::test]
async fn gotrue_admin_user_may_use_the_admin_api() {
    let s = Server::start().await;
    let t: Value = s
        .login(ADMIN_EMAIL, ADMIN_PASSWORD)
        .await
        .json()
        .await
        .unwrap();
    let r = admin_get(&s, "/admin/users", t["access_token"].as_str().unwrap()).await;
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn ordinary_users_and_strangers_are_not_allowed() {
    let s = Server::start().await;
    let t = s.confirmed_user("jane@example.com").await;
    let (status, body) =
        error(admin_get(&s, "/admin/users", t["access_token"].as_str().unwrap()).await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body, json!({"code": 401, "msg": "User not allowed"}));
    let r = s.client.get(s.id_url("/admin/users")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let forged = identity_core::jwt::encode(
        &identity_core::jwt::SystemClaims::new(i64::MAX / 2),
        b"not-the-secret",
    )
    .unwrap();
    let (status, body) = error(admin_get(&s, "/admin/users", &forged).await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(body["msg"].as_str().unwrap().starts_with("Invalid token"));
}

#[tokio::test]
async fn netlify_roles_alone_do_not_make_a_gotrue_admin() {
    let s = Server::start().await;
    create(
        &s,
        json!({"email": "mod@example.com", "password": "pw", "confirm": true,
               "app_metadata": {"roles": ["admin"]}}),
    )
    .await;
    let t: Value = s.login("mod@example.com", "pw").await.json().await.unwrap();
    let r = admin_get(&s, "/admin/users", t["access_token"].as_str().unwrap()).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn create_get_update_delete() {
    let s = Server::start().await;
    let user = create(
        &s,
        json!({"email": "new@example.com", "password": "pw", "confirm": true,
               "role": "editor", "user_metadata": {"full_name": "New"},
               "app_metadata": {"roles": ["member"]}}),
    )
    .await;
    assert_eq!(user["role"], "editor");
    assert_eq!(
        user["app_metadata"],
        json!({"provider": "email", "roles": ["member"]})
    );
    assert!(user["confirmed_at"].is_string());
    assert!(s.mail().await.is_empty(), "admin create sends no mail");
    let id = user["id"].as_str().unwrap();
    let path = format!("/admin/users/{id}");

    let got: Value = admin_get(&s, &path, &s.system_token())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(got, user);

    let r = admin_send(
        &s,
        reqwest::Method::PUT,
        &path,
        &s.system_token(),
        json!({"email": "renamed@example.com", "password": "pw2",
               "app_metadata": {"roles": ["admin"], "plan": "pro"},
               "user_metadata": {"full_name": null}}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let updated: Value = r.json().await.unwrap();
    assert_eq!(updated["email"], "renamed@example.com");
    assert_eq!(
        updated["app_metadata"],
        json!({"provider": "email", "roles": ["admin"], "plan": "pro"})
    );
    assert_eq!(updated["user_metadata"], json!({}));
    assert_eq!(s.login("renamed@example.com", "pw2").await.status(), 200);

    let r = admin_send(
        &s,
        reqwest::Method::DELETE,
        &path,
        &s.system_token(),
        json!({}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Value>().await.unwrap(), json!({}));
    let (status, body) = error(admin_get(&s, &path, &s.system_token()).await).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["msg"], "User not found");
}

#[tokio::test]
async fn admin_created_user_without_password_cannot_log_in_with_an_empty_one() {
    let s = Server::start().await;
    create(&s, json!({"email": "nopw@example.com", "confirm": true})).await;
    assert_eq!(s.login("nopw@example.com", "").await.status(), 400);
}

#[tokio::test]
async fn duplicate_and_invalid_creations_are_refused() {
    let s = Server::start().await;
    let r = admin_send(
        &s,
        reqwest::Method::POST,
        "/admin/users",
        &s.system_token(),
        json!({"email": "Admin@Example.com", "password": "pw"}),
    )
    .await;
    let (status, body) = error(r).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body["msg"],
        "Email address already registered by another user"
    );
    let r = admin_send(
        &s,
        reqwest::Method::POST,
        "/admin/users",
        &s.system_token(),
        json!({"password": "pw"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = s
        .client
        .post(s.id_url("/admin/users"))
        .bearer_auth(s.system_token())
        .header("Content-Type", "application/json")
        .body("not json")
        .send()
        .await
        .unwrap();
    let (status, body) = error(r).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["msg"]
        .as_str()
        .unwrap()
        .starts_with("Could not decode admin user params"));
}

#[tokio::test]
async fn user_ids_must_be_uuids() {
    let s = Server::start().await;
    let (status, body) = error(admin_get(&s, "/admin/users/42", &s.system_token()).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["msg"], "user_id must be an UUID");
    let (status, _) = error(
        admin_get(
            &s,
            "/admin/users/5d6a9a6e-0000-4000-8000-000000000001",
            &s.system_token(),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn admin_can_edit_its_own_app_metadata_through_put_user() {
    let s = Server::start().await;
    let t: Value = s
        .login(ADMIN_EMAIL, ADMIN_PASSWORD)
        .await
        .json()
        .await
        .unwrap();
    let r = s
        .put_user(
            t["access_token"].as_str().unwrap(),
            json!({"app_metadata": {"plan": "pro"}}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let user: Value = r.json().await.unwrap();
    assert_eq!(user["app_metadata"]["plan"], "pro");
    assert_eq!(user["app_metadata"]["roles"], json!(["admin"]));
}

#[tokio::test]
async fn invite_mails_a_token_that_sets_the_password() {
    let s = Server::start().await;
    let r = admin_send(
        &s,
        reqwest::Method::POST,
        "/invite",
        &s.system_token(),
        json!({"email": "guest@example.com", "data": {"full_name": "Guest"}}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let user: Value = r.json().await.unwrap();
    assert!(user["invited_at"].is_string());
    assert!(user.get("confirmed_at").is_none());
    assert_eq!(user["user_metadata"], json!({"full_name": "Guest"}));
    let mail = s.last_mail("guest@example.com", "invite").await;
    assert_eq!(mail["subject"], "You have been invited");
    assert!(mail["link"].as_str().unwrap().contains("/#invite_token="));

    // Not yet a login.
    assert_eq!(s.login("guest@example.com", "").await.status(), 400);
    let (status, body) = error(
        s.post_json("/verify", json!({"type": "signup", "token": mail["token"]}))
            .await,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["msg"], "Invited users must specify a password");

    let r = s
        .post_json(
            "/verify",
            json!({"type": "signup", "token": mail["token"], "password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(s.login("guest@example.com", PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn invite_older_than_its_max_age_is_refused() {
    let s = Server::start_with(|c| c.identity.invite_max_age_secs = 0).await;
    admin_send(
        &s,
        reqwest::Method::POST,
        "/invite",
        &s.system_token(),
        json!({"email": "guest@example.com"}),
    )
    .await;
    let mail = s.last_mail("guest@example.com", "invite").await;
    let (status, body) = error(
        s.post_json(
            "/verify",
            json!({"type": "signup", "token": mail["token"], "password": PASSWORD}),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["msg"], "Confirmation token expired");
}

#[tokio::test]
async fn invite_of_an_existing_address_and_by_non_admins_is_refused() {
    let s = Server::start().await;
    let r = admin_send(
        &s,
        reqwest::Method::POST,
        "/invite",
        &s.system_token(),
        json!({"email": ADMIN_EMAIL}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let t = s.confirmed_user("jane@example.com").await;
    let r = admin_send(
        &s,
        reqwest::Method::POST,
        "/invite",
        t["access_token"].as_str().unwrap(),
        json!({"email": "x@example.com"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn configured_operator_token_is_admin() {
    let s =
        Server::start_with(|c| c.identity.operator_token = Some("operator-secret".into())).await;
    let r = admin_get(&s, "/admin/users", "operator-secret").await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = admin_get(&s, "/admin/users", "operator-secreT").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn no_operator_token_unless_configured() {
    let s = Server::start().await;
    let r = admin_get(&s, "/admin/users", "").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}
