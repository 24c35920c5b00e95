//! `identity-signup`: Netlify Identity calls it when a user confirms their email, and applies
//! the `app_metadata` it answers with.
//!
//! It acts and answers only for a request that carries the mark of a real Identity event
//! (GoTrue's `x-webhook-signature` over exactly this body, see [`crate::event_signature`] for
//! how Netlify delivers events and who verifies what); anything else — a browser, `curl`, a
//! page — gets one generic 403, before the method or body is even looked at, so that nobody
//! learns from it who is in `ADMIN_EMAILS`. On Netlify the platform has verified the signature's
//! HMAC before the function runs; the function checks what it can without the secret.
//!
//! The answer depends only on trusted configuration (`ADMIN_EMAILS`) and the user's email, and
//! the handler writes nothing, so a retried event gives the same answer.

use identity_core::roles::ADMIN_ROLE;
use identity_core::wire::{AppMetadata, HookAnswer, HookEvent, HookPayload};

use super::input::{read_json_any_type, require_method};
use crate::app::Limits;
use crate::error::ApiError;
use crate::event_signature::{EventSignature, SIGNATURE_HEADER};
use crate::request::Request;
use crate::response::Response;

/// The role every other user gets.
pub const COMMENTER_ROLE: &str = "commenter";

/// Environment variable with the admin addresses, comma-separated.
pub const ADMIN_EMAILS: &str = "ADMIN_EMAILS";

/// The addresses that become admins, compared case-insensitively.
///
/// ```
/// use functions::AdminEmails;
/// let admins = AdminEmails::parse(" Ada@Example.com, ,bob@example.com ");
/// assert!(admins.contains("ada@example.COM"));
/// assert!(!admins.contains("eve@example.com"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AdminEmails(Vec<String>);

impl AdminEmails {
    /// Reads a comma-separated list; blanks are skipped.
    pub fn parse(list: &str) -> Self {
        Self(
            list.split(',')
                .map(normalise)
                .filter(|e| !e.is_empty())
                .collect(),
        )
    }

    /// Reads [`ADMIN_EMAILS`] (none when unset).
    pub fn from_env() -> Self {
        Self::parse(&std::env::var(ADMIN_EMAILS).unwrap_or_default())
    }

    /// Whether `email` is on the list.
    pub fn contains(&self, email: &str) -> bool {
        let email = normalise(email);
        !email.is_empty() && self.0.contains(&email)
    }
}

fn normalise(email: &str) -> String {
    email.trim().to_lowercase()
}

/// The `app_metadata` a new user should have: their current one (`provider` and any other
/// keys kept, since Identity replaces the whole object) with `admin` or `commenter` as the
/// role. Other roles already there are kept; `admin` and `commenter` are decided here only.
///
/// ```
/// use functions::AdminEmails;
/// use functions::handlers::identity_signup::roles_for;
/// use identity_core::wire::AppMetadata;
/// let current = AppMetadata { provider: Some("github".into()), ..Default::default() };
/// let meta = roles_for(&AdminEmails::parse("ada@example.com"), "Ada@example.com", &current);
/// assert_eq!(meta.roles, ["admin"]);
/// assert_eq!(meta.provider.as_deref(), Some("github"));
/// ```
pub fn roles_for(admins: &AdminEmails, email: &str, current: &AppMetadata) -> AppMetadata {
    let role = if admins.contains(email) {
        ADMIN_ROLE
    } else {
        COMMENTER_ROLE
    };
    let mut meta = current.clone();
    meta.roles
        .retain(|r| r != ADMIN_ROLE && r != COMMENTER_ROLE);
    meta.roles.push(role.to_owned());
    meta
}

/// A signed `POST` of a [`HookPayload`] → 200 with a [`HookAnswer`] that sets only
/// `app_metadata` for `signup`, 204 (no change) for the other events. 403 (and nothing else
/// said) for a request that is not an Identity event; then 400 for a body that is not a
/// payload, an unknown event included; 405, 413 as usual.
pub fn identity_signup(admins: &AdminEmails, limits: Limits, req: &Request) -> Response {
    match signup(admins, limits, req) {
        Ok(response) => response,
        Err(error) => error.into(),
    }
}

fn signup(admins: &AdminEmails, limits: Limits, req: &Request) -> Result<Response, ApiError> {
    if let Err(why) = EventSignature::check_binding(req.header(SIGNATURE_HEADER), &req.body) {
        tracing::warn!(%why, "identity-signup refused a request that is not an Identity event");
        return Err(ApiError::NotAnEvent);
    }
    require_method(req, "POST")?;
    let HookPayload { event, user, .. } = read_json_any_type(req, limits)?;
    if event != HookEvent::Signup {
        return Ok(Response::empty(204));
    }
    let app_metadata = roles_for(admins, &user.email, &user.app_metadata);
    tracing::info!(user = %user.id, roles = ?app_metadata.roles, "roles assigned at signup");
    let answer = HookAnswer {
        app_metadata: Some(app_metadata),
        user_metadata: None,
    };
    Ok(Response::json(200, &answer))
}

#[cfg(test)]
mod tests {
    use super::*;
    use identity_core::wire::INSTANCE_ID;
    use serde_json::json;

    fn meta(value: serde_json::Value) -> AppMetadata {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn listed_email_becomes_admin_whatever_its_case() {
        let admins = AdminEmails::parse("ADA@example.com");
        let m = roles_for(&admins, " ada@Example.com ", &AppMetadata::default());
        assert_eq!(m.roles, ["admin"]);
    }

    #[test]
    fn everyone_else_is_a_commenter_even_if_the_payload_claims_admin() {
        let admins = AdminEmails::parse("ada@example.com");
        let current = meta(json!({"provider": "email", "roles": ["admin"]}));
        let m = roles_for(&admins, "eve@example.com", &current);
        assert_eq!(m.roles, ["commenter"]);
        assert_eq!(m.provider.as_deref(), Some("email"));
    }

    #[test]
    fn running_twice_gives_the_same_metadata() {
        let admins = AdminEmails::parse("ada@example.com");
        let once = roles_for(
            &admins,
            "ada@example.com",
            &meta(json!({"provider": "email"})),
        );
        let twice = roles_for(&admins, "ada@example.com", &once);
        assert_eq!(once, twice);
    }

    #[test]
    fn other_roles_and_keys_are_kept() {
        let current = meta(json!({"provider": "github", "roles": ["editor"], "plan": "pro"}));
        let m = roles_for(&AdminEmails::default(), "x@y.z", &current);
        assert_eq!(m.roles, ["editor", "commenter"]);
        assert_eq!(m.extra.get("plan"), Some(&json!("pro")));
    }

    /// `req` with the signature GoTrue adds (any secret: the function cannot check it).
    fn signed(req: Request) -> Request {
        let body: serde_json::Value = serde_json::from_slice(&req.body).unwrap_or_default();
        let instance = body["instance_id"].as_str().unwrap_or_default();
        let signature = EventSignature::for_body(&req.body, instance, 1_767_225_600)
            .sign(b"the identity secret")
            .unwrap();
        req.with_header(SIGNATURE_HEADER, &signature)
    }

    fn hook(event: &str, email: &str, app_metadata: serde_json::Value) -> Request {
        signed(unsigned_hook(event, email, app_metadata))
    }

    fn unsigned_hook(event: &str, email: &str, app_metadata: serde_json::Value) -> Request {
        // The body GoTrue posts (`api/hooks.go`), with the user as stored.
        Request::new("POST").with_json(&json!({
            "event": event,
            "instance_id": INSTANCE_ID,
            "user": {
                "id": "5d6a9a6e-0000-4000-8000-000000000001", "aud": "", "role": "",
                "email": email, "confirmed_at": "2026-11-26T12:00:00Z",
                "app_metadata": app_metadata, "user_metadata": {"full_name": "Ada"},
                "created_at": "2026-11-26T11:59:00Z", "updated_at": "2026-11-26T12:00:00Z"
            }
        }))
    }

    #[test]
    fn signup_event_answers_with_roles_and_provider_only() {
        let admins = AdminEmails::parse("ada@example.com");
        let r = identity_signup(
            &admins,
            Limits::default(),
            &hook("signup", "ada@example.com", json!({"provider": "email"})),
        );
        assert_eq!(r.status, 200);
        assert_eq!(
            r.body_json::<serde_json::Value>().unwrap(),
            Some(json!({"app_metadata": {"provider": "email", "roles": ["admin"]}}))
        );
    }

    #[test]
    fn other_events_change_nothing() {
        let r = identity_signup(
            &AdminEmails::default(),
            Limits::default(),
            &hook("login", "a@b.c", json!({})),
        );
        assert_eq!(r.status, 204);
        assert_eq!(r.body_json::<serde_json::Value>().unwrap(), None);
    }

    #[test]
    fn unknown_event_is_400() {
        let r = identity_signup(
            &AdminEmails::default(),
            Limits::default(),
            &hook("delete", "a@b.c", json!({})),
        );
        assert_eq!(r.status, 400);
    }

    #[test]
    fn signed_body_that_is_not_an_event_is_400() {
        let req = signed(Request::new("POST").with_json(&json!({"event": "signup"})));
        let r = identity_signup(&AdminEmails::default(), Limits::default(), &req);
        assert_eq!(r.status, 400);
        let r = identity_signup(
            &AdminEmails::default(),
            Limits::default(),
            &signed(Request::new("GET")),
        );
        assert_eq!(r.status, 405);
    }

    /// Issue #15 item 6: a direct caller learned the roles (who is in ADMIN_EMAILS).
    #[test]
    fn a_request_that_is_not_an_identity_event_is_refused_without_the_roles() {
        let admins = AdminEmails::parse("ada@example.com");
        let real = hook("signup", "ada@example.com", json!({"provider": "email"}));
        let mut other_body = real.clone();
        other_body.body = unsigned_hook("signup", "eve@example.com", json!({})).body;
        let forged_issuer = {
            let req = unsigned_hook("signup", "ada@example.com", json!({}));
            let mut claims = EventSignature::for_body(&req.body, INSTANCE_ID, 1);
            claims.iss = "someone".into();
            let token = claims.sign(b"x").unwrap();
            req.with_header(SIGNATURE_HEADER, &token)
        };
        for req in [
            unsigned_hook("signup", "ada@example.com", json!({"provider": "email"})),
            unsigned_hook("signup", "ada@example.com", json!({}))
                .with_header(SIGNATURE_HEADER, "not-a-jwt"),
            other_body,
            forged_issuer,
            Request::new("GET"),
        ] {
            let r = identity_signup(&admins, Limits::default(), &req);
            assert_eq!(r.status, 403, "{req:?}");
            let text = String::from_utf8_lossy(&r.body).into_owned();
            assert!(!text.contains("admin") && !text.contains("roles"), "{text}");
            assert_eq!(
                r.error_body().unwrap().error,
                comment_wire::ErrorCode::Forbidden
            );
        }
        assert_eq!(
            identity_signup(&admins, Limits::default(), &real).status,
            200
        );
    }

    #[test]
    fn empty_email_is_never_an_admin() {
        assert!(!AdminEmails::parse(",,").contains(""));
        assert!(!AdminEmails::parse("").contains("  "));
    }
}
