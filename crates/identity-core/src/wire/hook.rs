//! Identity event functions: the body GoTrue posts to `identity-validate`, `identity-signup`
//! and `identity-login`, and the answer it applies (`api/hooks.go` in `netlify/gotrue`).
//!
//! The local stack writes [`HookPayload`] and reads [`HookAnswer`]; the site's functions read
//! the one and write the other, so both ends share these definitions.

use serde::{Deserialize, Serialize};

use super::metadata::Metadata;
use super::user::{AppMetadata, User};

/// GoTrue's `instance_id` in single-instance mode, as Netlify sends it.
pub const INSTANCE_ID: &str = "00000000-0000-0000-0000-000000000000";

/// A GoTrue event that Netlify maps to a function.
///
/// ```
/// use identity_core::wire::HookEvent;
/// assert_eq!(HookEvent::Signup.as_str(), "signup");
/// assert_eq!(HookEvent::Signup.function_name(), "identity-signup");
/// assert_eq!(serde_json::to_string(&HookEvent::Login).unwrap(), r#""login""#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HookEvent {
    /// A user row was created (`identity-validate`).
    Validate,
    /// A user became confirmed (`identity-signup`).
    Signup,
    /// A password or OAuth login (`identity-login`).
    Login,
}

impl HookEvent {
    /// GoTrue's event name (`validate`, `signup`, `login`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Validate => "validate",
            Self::Signup => "signup",
            Self::Login => "login",
        }
    }

    /// The Netlify function that handles it.
    pub fn function_name(self) -> &'static str {
        match self {
            Self::Validate => "identity-validate",
            Self::Signup => "identity-signup",
            Self::Login => "identity-login",
        }
    }

    /// The `x-netlify-event` header Netlify sends with the call (`identity_signup`, …).
    pub fn header_value(self) -> String {
        format!("identity_{}", self.as_str())
    }
}

/// What GoTrue posts to the event's function: `{"event", "instance_id", "user"}`, the user as
/// stored.
///
/// ```
/// use identity_core::wire::{HookEvent, HookPayload};
/// let json = r#"{"event":"signup","instance_id":"00000000-0000-0000-0000-000000000000",
///   "user":{"id":"1f0c","email":"ada@example.com","app_metadata":{"provider":"email"},
///   "user_metadata":{},"created_at":"2026-01-01T09:00:00Z","updated_at":"2026-01-01T09:00:00Z"}}"#;
/// let payload: HookPayload = serde_json::from_str(json).unwrap();
/// assert_eq!(payload.event, HookEvent::Signup);
/// assert_eq!(payload.user.email, "ada@example.com");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HookPayload {
    /// Which event fired.
    pub event: HookEvent,
    /// The GoTrue instance ([`INSTANCE_ID`] on Netlify).
    #[serde(default)]
    pub instance_id: String,
    /// The user the event is about.
    pub user: User,
}

impl HookPayload {
    /// The payload for `event` about `user`, with Netlify's instance id.
    pub fn new(event: HookEvent, user: User) -> Self {
        Self {
            event,
            instance_id: INSTANCE_ID.to_owned(),
            user,
        }
    }
}

/// A function's answer: each key present replaces that whole metadata object on the user (and
/// in the token issued next); an absent or `null` key changes nothing.
///
/// ```
/// use identity_core::wire::HookAnswer;
/// let answer: HookAnswer = serde_json::from_str(r#"{"app_metadata":{"roles":["admin"]},"user_metadata":null}"#).unwrap();
/// assert!(answer.app_metadata.unwrap().has_role("admin"));
/// assert!(answer.user_metadata.is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct HookAnswer {
    /// Replaces `app_metadata` when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_metadata: Option<AppMetadata>,
    /// Replaces `user_metadata` when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_metadata: Option<Metadata>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn payload_is_written_in_gotrue_shape() {
        let user: User = serde_json::from_value(json!({
            "id": "u1", "aud": "", "role": "", "email": "a@b.c",
            "app_metadata": {}, "user_metadata": {},
            "created_at": "2026-01-01T09:00:00Z", "updated_at": "2026-01-01T09:00:00Z"
        }))
        .unwrap();
        let value = serde_json::to_value(HookPayload::new(HookEvent::Signup, user)).unwrap();
        assert_eq!(value["event"], "signup");
        assert_eq!(value["instance_id"], INSTANCE_ID);
        assert_eq!(value["user"]["email"], "a@b.c");
    }

    #[test]
    fn unknown_event_is_refused() {
        let body = json!({"event": "delete", "user": {"id": "u1"}});
        assert!(serde_json::from_value::<HookPayload>(body).is_err());
    }

    #[test]
    fn answer_with_only_app_metadata_writes_only_that_key() {
        let answer = HookAnswer {
            app_metadata: Some(AppMetadata::default()),
            user_metadata: None,
        };
        assert_eq!(
            serde_json::to_value(answer).unwrap(),
            json!({"app_metadata": {}})
        );
    }

    #[test]
    fn answer_that_is_not_metadata_is_refused() {
        assert!(serde_json::from_value::<HookAnswer>(json!({"app_metadata": "admin"})).is_err());
    }
}
