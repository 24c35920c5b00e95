//! The hook point for identity event functions: what a hook returns lands in the database
//! and the token; a refusal blocks the operation and rolls it back.

mod common;

use std::sync::{Arc, Mutex};

use common::{claims, error, Server, PASSWORD};
use dev_server::identity::hook_point::{HookError, HookFuture};
use dev_server::identity::IdentityHooks;
use identity_core::wire::{AppMetadata, HookAnswer, HookEvent, User};
use reqwest::StatusCode;
use serde_json::json;

/// Gives every new member a role, refuses logins of `blocked@…`, records the events.
#[derive(Default)]
struct SiteHooks {
    seen: Mutex<Vec<(HookEvent, String)>>,
}

impl IdentityHooks for SiteHooks {
    fn call<'a>(&'a self, event: HookEvent, user: &'a User) -> HookFuture<'a> {
        Box::pin(async move {
            if let Ok(mut seen) = self.seen.lock() {
                seen.push((event, user.email.clone()));
            }
            match event {
                HookEvent::Signup if user.email.starts_with("reject") => {
                    Err(HookError::Refused("signup"))
                }
                HookEvent::Signup => Ok(Some(HookAnswer {
                    app_metadata: Some(AppMetadata {
                        provider: Some("email".into()),
                        roles: vec!["member".into()],
                        ..AppMetadata::default()
                    }),
                    user_metadata: None,
                })),
                HookEvent::Login if user.email.starts_with("blocked") => {
                    Err(HookError::Refused("login"))
                }
                _ => Ok(None),
            }
        })
    }
}

async fn start(hooks: Arc<SiteHooks>) -> (Server, Arc<SiteHooks>) {
    let s = Server::start_with_hooks(|_| {}, hooks.clone()).await;
    (s, hooks)
}

#[tokio::test]
async fn signup_hook_roles_reach_the_database_and_the_token() {
    let (s, hooks) = start(Arc::new(SiteHooks::default())).await;
    let t = s.confirmed_user("jane@example.com").await;
    assert_eq!(
        claims(t["access_token"].as_str().unwrap())["app_metadata"],
        json!({"provider": "email", "roles": ["member"]})
    );
    let events: Vec<HookEvent> = hooks.seen.lock().unwrap().iter().map(|(e, _)| *e).collect();
    assert_eq!(events, [HookEvent::Validate, HookEvent::Signup]);
    let t: serde_json::Value = s
        .login("jane@example.com", PASSWORD)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        claims(t["access_token"].as_str().unwrap())["app_metadata"]["roles"],
        json!(["member"])
    );
}

#[tokio::test]
async fn refusing_login_hook_blocks_with_422_and_issues_nothing() {
    let (s, _) = start(Arc::new(SiteHooks::default())).await;
    s.confirmed_user("blocked@example.com").await;
    let (status, body) = error(s.login("blocked@example.com", PASSWORD).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body,
        json!({"code": 422, "msg": "Failed to handle login webhook"})
    );
}

#[tokio::test]
async fn refused_signup_leaves_no_half_made_user() {
    let hooks = Arc::new(SiteHooks::default());
    let s = Server::start_with_hooks(|c| c.identity.autoconfirm = true, hooks).await;
    // With autoconfirm the user row is written before the signup hook runs; the refusal
    // must roll that write back.
    let (status, body) = error(s.signup("reject@example.com", PASSWORD).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["msg"], "Failed to handle signup webhook");
    let list: serde_json::Value = s
        .client
        .get(s.id_url("/admin/users?filter=reject"))
        .bearer_auth(s.system_token())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["users"], json!([]));
    assert!(s.mail().await.is_empty());
}
