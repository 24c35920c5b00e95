//! External providers through the local consent page: approve, deny, invites, bad state.

mod common;

use common::{claims, error, Server};
use identity_core::hash::{parse_url, HashRoute};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn location(r: &reqwest::Response) -> String {
    assert!(
        r.status().is_redirection(),
        "expected a redirect, got {}",
        r.status()
    );
    r.headers()["location"].to_str().unwrap().to_owned()
}

/// `/authorize` → consent page; returns the state.
async fn start(s: &Server, query: &str) -> String {
    let r = s
        .client
        .get(s.id_url(&format!("/authorize?{query}")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::FOUND,
        "GoTrue answers /authorize with 302"
    );
    let to = location(&r);
    assert!(to.starts_with("/__dev/oauth/consent?state="), "{to}");
    let page = s.client.get(s.url(&to)).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("Approve") && html.contains("Deny"));
    to.split_once("state=").unwrap().1.to_owned()
}

/// Submits the consent form and follows the fake provider's redirect to `/callback`.
async fn decide(s: &Server, state: &str, decision: &str, email: &str) -> String {
    let r = s
        .client
        .post(s.url("/__dev/oauth/consent"))
        .form(&[
            ("state", state),
            ("decision", decision),
            ("email", email),
            ("full_name", "Octo Cat"),
        ])
        .send()
        .await
        .unwrap();
    let callback = location(&r);
    assert!(
        callback.starts_with("/.netlify/identity/callback?"),
        "{callback}"
    );
    let r = s.client.get(s.url(&callback)).send().await.unwrap();
    assert_eq!(
        r.status(),
        StatusCode::FOUND,
        "GoTrue answers /callback with 302"
    );
    location(&r)
}

#[tokio::test]
async fn approving_returns_to_the_site_with_a_session() {
    let s = Server::start().await;
    let state = start(&s, "provider=github").await;
    let back = decide(&s, &state, "approve", "octo@example.com").await;
    assert!(
        back.starts_with(&format!("http://{}/#access_token=", s.addr)),
        "{back}"
    );
    let fragment = back.split_once('#').unwrap().1;
    let keys: Vec<&str> = fragment
        .split('&')
        .map(|kv| kv.split('=').next().unwrap())
        .collect();
    assert_eq!(
        keys,
        ["access_token", "expires_in", "refresh_token", "token_type"]
    );
    assert!(fragment.ends_with("&token_type=bearer"));
    let Some(HashRoute::OAuthSuccess(ret)) = parse_url(&back) else {
        panic!("not an OAuth return: {back}");
    };
    assert_eq!(ret.token.expires_in, 3600);
    let user: Value = s
        .get_user(&ret.token.access_token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(user["email"], "octo@example.com");
    assert_eq!(user["app_metadata"]["provider"], "github");
    assert_eq!(user["user_metadata"]["full_name"], "Octo Cat");
    assert!(user["user_metadata"]["avatar_url"].is_string());
    assert!(user["confirmed_at"].is_string());
    assert_eq!(s.refresh(&ret.token.refresh_token).await.status(), 200);
}

#[tokio::test]
async fn every_local_provider_works() {
    let s = Server::start().await;
    for p in ["github", "gitlab", "google", "bitbucket", "GitHub"] {
        let state = start(&s, &format!("provider={p}")).await;
        let back = decide(
            &s,
            &state,
            "approve",
            &format!("{}@example.com", p.to_lowercase()),
        )
        .await;
        assert!(back.contains("#access_token="), "{p}: {back}");
    }
}

#[tokio::test]
async fn second_login_finds_the_same_user() {
    let s = Server::start().await;
    let state = start(&s, "provider=gitlab").await;
    let first = decide(&s, &state, "approve", "g@example.com").await;
    let state = start(&s, "provider=gitlab").await;
    let second = decide(&s, &state, "approve", "G@example.com").await;
    let sub = |url: &str| match parse_url(url) {
        Some(HashRoute::OAuthSuccess(r)) => claims(&r.token.access_token)["sub"].clone(),
        _ => panic!("{url}"),
    };
    assert_eq!(sub(&first), sub(&second));
}

#[tokio::test]
async fn denying_returns_an_access_denied_fragment() {
    let s = Server::start().await;
    let state = start(&s, "provider=google").await;
    let back = decide(&s, &state, "deny", "x@example.com").await;
    assert_eq!(
        back,
        format!(
            "http://{}/#error=access_denied&error_description=The+user+denied+the+request",
            s.addr
        )
    );
}

#[tokio::test]
async fn new_oauth_user_is_refused_when_signups_are_disabled() {
    let s = Server::start_with(|c| c.identity.disable_signup = true).await;
    let state = start(&s, "provider=github").await;
    let back = decide(&s, &state, "approve", "new@example.com").await;
    assert!(
        back.ends_with(
            "#error=access_denied&error_description=Signups+not+allowed+for+this+instance"
        ),
        "{back}"
    );
}

#[tokio::test]
async fn unknown_or_disabled_providers_are_a_json_400() {
    let s = Server::start_with(|c| {
        c.identity
            .external
            .set(identity_core::wire::Provider::Gitlab, false)
    })
    .await;
    for p in ["myspace", "facebook", "gitlab", ""] {
        let r = s
            .client
            .get(s.id_url(&format!("/authorize?provider={p}")))
            .send()
            .await
            .unwrap();
        let (status, body) = error(r).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(
            body,
            json!({"code": 400, "msg": format!("Unsupported provider: {p}")})
        );
    }
}

#[tokio::test]
async fn callback_without_or_with_a_forged_state_is_a_400() {
    let s = Server::start().await;
    let r = s
        .client
        .get(s.id_url("/callback?code=x"))
        .send()
        .await
        .unwrap();
    let (status, body) = error(r).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["msg"], "OAuth state parameter missing");
    // A user's access token is not a state.
    let t: Value = s
        .login(common::ADMIN_EMAIL, common::ADMIN_PASSWORD)
        .await
        .json()
        .await
        .unwrap();
    let r = s
        .client
        .get(s.id_url(&format!(
            "/callback?code=x&state={}",
            t["access_token"].as_str().unwrap()
        )))
        .send()
        .await
        .unwrap();
    let (status, body) = error(r).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["msg"], "OAuth state is invalid");
}

#[tokio::test]
async fn forged_code_returns_an_error_fragment() {
    let s = Server::start().await;
    let state = start(&s, "provider=github").await;
    let r = s
        .client
        .get(s.id_url(&format!("/callback?code=forged&state={state}")))
        .send()
        .await
        .unwrap();
    let back = location(&r);
    assert!(
        back.contains("#error=invalid_request&error_description="),
        "{back}"
    );
}

#[tokio::test]
async fn invite_can_be_accepted_through_a_provider() {
    let s = Server::start().await;
    let r = s
        .client
        .post(s.id_url("/invite"))
        .bearer_auth(s.system_token())
        .json(&json!({"email": "guest@example.com"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let token = s.last_mail("guest@example.com", "invite").await["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let state = start(&s, &format!("provider=github&invite_token={token}")).await;
    let back = decide(&s, &state, "approve", "guest@example.com").await;
    let Some(HashRoute::OAuthSuccess(ret)) = parse_url(&back) else {
        panic!("{back}");
    };
    let user: Value = s
        .get_user(&ret.token.access_token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(user["email"], "guest@example.com");
    assert_eq!(user["app_metadata"]["provider"], "github");
    assert!(user["confirmed_at"].is_string());
}

#[tokio::test]
async fn invite_through_a_provider_with_another_email_is_refused() {
    let s = Server::start().await;
    s.client
        .post(s.id_url("/invite"))
        .bearer_auth(s.system_token())
        .json(&json!({"email": "guest@example.com"}))
        .send()
        .await
        .unwrap();
    let token = s.last_mail("guest@example.com", "invite").await["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let state = start(&s, &format!("provider=github&invite_token={token}")).await;
    let back = decide(&s, &state, "approve", "someone-else@example.com").await;
    assert!(
        back.contains("#error=access_denied&error_description=Invited+email+does+not+match"),
        "{back}"
    );
}

#[tokio::test]
async fn unknown_invite_token_is_a_404() {
    let s = Server::start().await;
    let r = s
        .client
        .get(s.id_url("/authorize?provider=github&invite_token=nope"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn return_goes_to_the_referring_page_of_the_site_only() {
    let s = Server::start().await;
    let page = s.url("/posts/hello");
    let r = s
        .client
        .get(s.id_url("/authorize?provider=github"))
        .header("Referer", &page)
        .send()
        .await
        .unwrap();
    let to = location(&r);
    let state = to.split_once("state=").unwrap().1.to_owned();
    let back = decide(&s, &state, "approve", "r@example.com").await;
    assert!(back.starts_with(&format!("{page}#access_token=")), "{back}");

    let r = s
        .client
        .get(s.id_url("/authorize?provider=github"))
        .header("Referer", "https://evil.example/phish")
        .send()
        .await
        .unwrap();
    let state = location(&r).split_once("state=").unwrap().1.to_owned();
    let back = decide(&s, &state, "approve", "r@example.com").await;
    assert!(back.starts_with(&format!("http://{}/#", s.addr)), "{back}");
}

#[tokio::test]
async fn oauth_confirming_a_pre_registered_address_drops_the_squatters_password() {
    let s = Server::start().await;
    // Someone signs up with the victim's address and never confirms it.
    s.signup("victim@example.com", "squatter-pw").await;
    let state = start(&s, "provider=github").await;
    let back = decide(&s, &state, "approve", "victim@example.com").await;
    assert!(back.contains("#access_token="), "{back}");
    assert_eq!(
        s.login("victim@example.com", "squatter-pw").await.status(),
        StatusCode::BAD_REQUEST
    );
}
