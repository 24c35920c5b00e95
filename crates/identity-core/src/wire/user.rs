//! The GoTrue `User` object (`GET /user`, `/signup`, `/invite`, admin endpoints).

use serde::{Deserialize, Deserializer, Serialize};

use super::metadata::{null_as_default, Metadata};
use crate::time::Timestamp;

/// `app_metadata`: written only by the server and admins. `provider` and `roles` are the keys
/// Netlify gives meaning to; any other key is kept in [`AppMetadata::extra`].
///
/// Roles are exact, case-sensitive strings; see [`AppMetadata::has_role`].
///
/// ```
/// use identity_core::wire::AppMetadata;
/// let meta: AppMetadata = serde_json::from_str(r#"{"provider":"email","roles":["admin"]}"#).unwrap();
/// assert_eq!(meta.provider.as_deref(), Some("email"));
/// assert!(meta.has_role("admin"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AppMetadata {
    /// How the user signed up: `"email"` or an OAuth provider name such as `"github"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// Netlify roles (used by role-based redirects and functions). Left out when empty, as
    /// GoTrue does for users that never had roles; `null` reads as empty.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub roles: Vec<String>,
    /// Every other key, as sent.
    #[serde(flatten)]
    pub extra: Metadata,
}

/// A user as GoTrue serialises it. Fields are in GoTrue's order; optional fields are left out
/// when absent, exactly where GoTrue leaves them out.
///
/// `user_metadata` may arrive as `null` (newly created users); it reads as an empty map and is
/// always written back as an object (`{}`), which every client accepts.
///
/// ```
/// use identity_core::wire::User;
/// let json = r#"{"id":"1f0c","aud":"","role":"","email":"jane@example.com",
///   "app_metadata":{"provider":"email"},"user_metadata":null,
///   "created_at":"2026-01-01T09:00:00Z","updated_at":"2026-01-01T10:00:00Z"}"#;
/// let user: User = serde_json::from_str(json).unwrap();
/// assert!(!user.is_confirmed());
/// assert!(user.user_metadata.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    /// UUID v4.
    pub id: String,
    /// Audience; `""` on Netlify.
    #[serde(default, deserialize_with = "null_as_default")]
    pub aud: String,
    /// GoTrue's single "group" role (admin rights inside GoTrue), not the Netlify `roles`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub role: String,
    /// Current email address.
    #[serde(default, deserialize_with = "null_as_default")]
    pub email: String,
    /// When the email was confirmed; absent while unconfirmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed_at: Option<Timestamp>,
    /// When an invite was sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invited_at: Option<Timestamp>,
    /// When the last confirmation email was sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmation_sent_at: Option<Timestamp>,
    /// When the last recovery email was sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery_sent_at: Option<Timestamp>,
    /// The address of a pending email change; absent (never `""`) when none is pending.
    #[serde(
        default,
        deserialize_with = "empty_as_none",
        skip_serializing_if = "Option::is_none"
    )]
    pub new_email: Option<String>,
    /// When the email-change confirmation was sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_change_sent_at: Option<Timestamp>,
    /// Rarely present: GoTrue sets it in memory but does not store it. Do not rely on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_sign_in_at: Option<Timestamp>,
    /// Server-controlled metadata (`provider`, `roles`).
    #[serde(default, deserialize_with = "null_as_default")]
    pub app_metadata: AppMetadata,
    /// User-editable metadata (`full_name`, `avatar_url`, ...).
    #[serde(default, deserialize_with = "null_as_default")]
    pub user_metadata: Metadata,
    /// Creation time.
    pub created_at: Timestamp,
    /// Last update time.
    pub updated_at: Timestamp,
}

impl User {
    /// Whether the email address has been confirmed.
    pub fn is_confirmed(&self) -> bool {
        self.confirmed_at.is_some()
    }

    /// The pending new address, if an email change waits for confirmation.
    pub fn pending_email(&self) -> Option<&str> {
        self.new_email.as_deref()
    }

    /// `user_metadata.full_name` when it is a string (set by the widget's signup and by OAuth).
    ///
    /// ```
    /// # use identity_core::wire::User;
    /// # let mut user: User = serde_json::from_str(r#"{"id":"1","created_at":"","updated_at":""}"#).unwrap();
    /// user.user_metadata.insert("full_name".into(), "Jane Doe".into());
    /// assert_eq!(user.full_name(), Some("Jane Doe"));
    /// ```
    pub fn full_name(&self) -> Option<&str> {
        self.user_metadata.get("full_name")?.as_str()
    }

    /// `user_metadata.avatar_url` when it is a string (set by OAuth providers).
    pub fn avatar_url(&self) -> Option<&str> {
        self.user_metadata.get("avatar_url")?.as_str()
    }
}

/// Body of `GET /admin/users`: `{"aud": "", "users": [...]}`. Paging travels in the `Link` and
/// `X-Total-Count` headers, not here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminUserList {
    /// The audience the list was taken from.
    #[serde(default, deserialize_with = "null_as_default")]
    pub aud: String,
    /// One page of users.
    #[serde(default, deserialize_with = "null_as_default")]
    pub users: Vec<User>,
}

fn empty_as_none<'de, D>(deserializer: D) -> Result<Option<String>, D::Error>
where
    D: Deserializer<'de>,
{
    Ok(Option::<String>::deserialize(deserializer)?.filter(|s| !s.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn full_user_json() -> Value {
        json!({
            "id": "5d6a9a6e-0000-4000-8000-000000000001",
            "aud": "",
            "role": "",
            "email": "jane@example.com",
            "confirmed_at": "2026-01-01T10:00:00Z",
            "invited_at": "2026-01-01T09:00:00Z",
            "confirmation_sent_at": "2026-01-01T09:30:00Z",
            "recovery_sent_at": "2026-01-02T09:30:00Z",
            "new_email": "jane@new.example",
            "email_change_sent_at": "2026-01-03T09:30:00.436230023Z",
            "app_metadata": {"provider": "email", "roles": ["admin"]},
            "user_metadata": {"full_name": "Jane Doe", "avatar_url": "https://a/b.png"},
            "created_at": "2026-01-01T09:00:00Z",
            "updated_at": "2026-01-01T10:00:00Z"
        })
    }

    #[test]
    fn full_user_round_trips_in_gotrue_key_order() {
        let text = serde_json::to_string(&full_user_json()).unwrap();
        let user: User = serde_json::from_str(&text).unwrap();
        assert_eq!(user.full_name(), Some("Jane Doe"));
        assert_eq!(user.avatar_url(), Some("https://a/b.png"));
        assert_eq!(user.pending_email(), Some("jane@new.example"));
        let out = serde_json::to_string(&user).unwrap();
        let keys: Vec<&str> = [
            "\"id\"",
            "\"aud\"",
            "\"role\"",
            "\"email\"",
            "\"confirmed_at\"",
            "\"invited_at\"",
            "\"confirmation_sent_at\"",
            "\"recovery_sent_at\"",
            "\"new_email\"",
            "\"email_change_sent_at\"",
            "\"app_metadata\"",
            "\"user_metadata\"",
            "\"created_at\"",
            "\"updated_at\"",
        ]
        .to_vec();
        let positions: Vec<usize> = keys.iter().map(|k| out.find(k).unwrap()).collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{out}");
        assert_eq!(serde_json::to_value(&user).unwrap(), full_user_json());
    }

    #[test]
    fn new_user_with_null_metadata_is_accepted_and_optional_keys_stay_out() {
        let user: User = serde_json::from_value(json!({
            "id": "u1", "aud": "", "role": "", "email": "a@b.c",
            "app_metadata": {"provider": "email"}, "user_metadata": null,
            "new_email": "",
            "created_at": "2026-01-01T09:00:00Z", "updated_at": "2026-01-01T09:00:00Z"
        }))
        .unwrap();
        assert!(user.user_metadata.is_empty());
        assert_eq!(user.new_email, None);
        let out = serde_json::to_value(&user).unwrap();
        let obj = out.as_object().unwrap();
        for absent in ["confirmed_at", "invited_at", "new_email", "last_sign_in_at"] {
            assert!(!obj.contains_key(absent), "{absent} written");
        }
        assert_eq!(out["user_metadata"], json!({}));
        assert_eq!(out["app_metadata"], json!({"provider": "email"}));
    }

    #[test]
    fn app_metadata_keeps_unknown_keys_and_reads_null_roles_as_empty() {
        let meta: AppMetadata = serde_json::from_value(json!({
            "provider": "github", "roles": null, "authorization": {"roles": ["x"]}
        }))
        .unwrap();
        assert!(meta.roles.is_empty());
        assert_eq!(meta.extra["authorization"], json!({"roles": ["x"]}));
        assert_eq!(
            serde_json::to_value(&meta).unwrap(),
            json!({"provider": "github", "authorization": {"roles": ["x"]}})
        );
    }

    #[test]
    fn roles_that_are_not_strings_are_refused() {
        let bad = serde_json::from_value::<AppMetadata>(json!({"roles": "admin"}));
        assert!(bad.is_err());
        let bad = serde_json::from_value::<AppMetadata>(json!({"roles": [1]}));
        assert!(bad.is_err());
    }

    #[test]
    fn admin_list_reads_users() {
        let list: AdminUserList =
            serde_json::from_value(json!({"aud": "", "users": [full_user_json()]})).unwrap();
        assert_eq!(list.users.len(), 1);
        assert_eq!(list.users[0].email, "jane@example.com");
    }
}
