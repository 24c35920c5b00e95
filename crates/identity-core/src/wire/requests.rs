//! JSON request bodies of GoTrue's endpoints.
//!
//! GoTrue decodes bodies with Go's `encoding/json`, which fills a missing or `null` field with
//! its zero value. These types do the same (every field defaults, `null` included), so a server
//! built on them reaches GoTrue's own validation messages (`An email address is required`)
//! instead of failing at parse time. Clients leave out what they do not set.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::metadata::{null_as_default, Metadata};
use super::password::Password;

/// `POST /signup`: `{"email","password","data"?}`. `data` becomes `user_metadata`.
///
/// ```
/// use identity_core::wire::SignupRequest;
/// let req = SignupRequest::new("a@b.c", "secret");
/// assert_eq!(serde_json::to_string(&req).unwrap(), r#"{"email":"a@b.c","password":"secret"}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SignupRequest {
    /// The address to register.
    #[serde(deserialize_with = "null_as_default")]
    pub email: String,
    /// The new password (GoTrue only refuses an empty one).
    #[serde(deserialize_with = "null_as_default")]
    pub password: Password,
    /// Initial `user_metadata`, e.g. `{"full_name": "Jane"}`. Left out when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Metadata>,
}

impl SignupRequest {
    /// A signup without metadata.
    pub fn new(email: impl Into<String>, password: impl Into<Password>) -> Self {
        Self {
            email: email.into(),
            password: password.into(),
            data: None,
        }
    }
}

/// The `type` of `POST /verify`. GoTrue accepts only `signup` (also used for invites) and
/// `recovery`; anything else is kept in [`VerifyType::Other`] so a server can answer 422
/// `Verify requires a verification type` instead of a parse error.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum VerifyType {
    /// Email confirmation or invite acceptance.
    Signup,
    /// Password recovery (logs the user in).
    Recovery,
    /// A type GoTrue does not accept, as sent.
    Other(String),
}

impl VerifyType {
    /// The wire string.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Signup => "signup",
            Self::Recovery => "recovery",
            Self::Other(s) => s,
        }
    }

    /// Reads the wire string; unknown types become [`VerifyType::Other`].
    pub fn from_wire(text: &str) -> Self {
        match text {
            "signup" => Self::Signup,
            "recovery" => Self::Recovery,
            other => Self::Other(other.to_owned()),
        }
    }
}

impl Serialize for VerifyType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for VerifyType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Self::from_wire(&String::deserialize(deserializer)?))
    }
}

/// `POST /verify`: `{"type","token","password"?}`. `password` is for invites only.
///
/// ```
/// use identity_core::wire::{VerifyRequest, VerifyType};
/// let req = VerifyRequest::new(VerifyType::Signup, "Iyo9xHvsGVbW-9A9v4sDmQ");
/// assert_eq!(serde_json::to_string(&req).unwrap(),
///            r#"{"type":"signup","token":"Iyo9xHvsGVbW-9A9v4sDmQ"}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct VerifyRequest {
    /// Which token this is; `None` when the body had no (or a `null`) `type`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<VerifyType>,
    /// The emailed token.
    #[serde(deserialize_with = "null_as_default")]
    pub token: String,
    /// The password an invited user chooses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<Password>,
}

impl VerifyRequest {
    /// A verify request without a password.
    pub fn new(kind: VerifyType, token: impl Into<String>) -> Self {
        Self {
            kind: Some(kind),
            token: token.into(),
            password: None,
        }
    }

    /// Accepting an invite: `type: "signup"` with the chosen password.
    pub fn accept_invite(token: impl Into<String>, password: impl Into<Password>) -> Self {
        Self {
            password: Some(password.into()),
            ..Self::new(VerifyType::Signup, token)
        }
    }
}

/// `POST /recover`: `{"email"}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RecoverRequest {
    /// The address to send the recovery link to.
    #[serde(deserialize_with = "null_as_default")]
    pub email: String,
}

/// `PUT /user`: every field optional. In `data` and `app_metadata` a key set to `null` deletes
/// that key (see [`merge_metadata`](super::merge_metadata)).
///
/// ```
/// use identity_core::wire::UserUpdate;
/// let update = UserUpdate { email_change_token: Some("T".into()), ..UserUpdate::default() };
/// assert_eq!(serde_json::to_string(&update).unwrap(), r#"{"email_change_token":"T"}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserUpdate {
    /// Start an email change to this address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Set a new password (the old one is not needed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<Password>,
    /// Finish an email change with the token from the email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_change_token: Option<String>,
    /// Patch for `user_metadata`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Metadata>,
    /// Patch for `app_metadata`; only for admins.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_metadata: Option<Metadata>,
}

/// `POST /invite` (admin): `{"email","data"?}`. `data` becomes `user_metadata`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InviteRequest {
    /// The address to invite.
    #[serde(deserialize_with = "null_as_default")]
    pub email: String,
    /// Initial `user_metadata`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Metadata>,
}

/// Body of `POST /admin/users` and `PUT /admin/users/{id}` (GoTrue's `adminUserParams`).
///
/// ```
/// use identity_core::wire::AdminUserParams;
/// use serde_json::json;
/// let params: AdminUserParams = serde_json::from_value(json!({
///     "email": "a@b.c", "password": "pw", "confirm": true,
///     "app_metadata": {"roles": ["admin"]}
/// })).unwrap();
/// assert!(params.confirm);
/// assert_eq!(params.role, None);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AdminUserParams {
    /// Audience; only used by GoTrue's admin check.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aud: Option<String>,
    /// GoTrue group role (replaces on update).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Email (set directly on update, without confirmation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Password.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<Password>,
    /// Mark the user confirmed.
    #[serde(deserialize_with = "null_as_default", skip_serializing_if = "is_false")]
    pub confirm: bool,
    /// Patch for `user_metadata`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_metadata: Option<Metadata>,
    /// Patch for `app_metadata`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_metadata: Option<Metadata>,
}

fn is_false(value: &bool) -> bool {
    !*value
}

impl fmt::Display for VerifyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn missing_and_null_fields_read_as_go_zero_values() {
        let req: SignupRequest =
            serde_json::from_value(json!({"email": null, "password": null})).unwrap();
        assert_eq!(req.email, "");
        assert!(req.password.is_empty());
        let req: SignupRequest = serde_json::from_value(json!({})).unwrap();
        assert_eq!(req.data, None);
        let req: VerifyRequest = serde_json::from_value(json!({"token": "t"})).unwrap();
        assert_eq!(req.kind, None);
    }

    #[test]
    fn signup_with_data_sends_data() {
        let mut req = SignupRequest::new("a@b.c", "pw");
        req.data = json!({"full_name": "A"}).as_object().cloned();
        assert_eq!(
            serde_json::to_value(&req).unwrap(),
            json!({"email": "a@b.c", "password": "pw", "data": {"full_name": "A"}})
        );
    }

    #[test]
    fn unknown_verify_type_is_kept_for_the_422() {
        let req: VerifyRequest =
            serde_json::from_value(json!({"type": "invite", "token": "t"})).unwrap();
        assert_eq!(req.kind, Some(VerifyType::Other("invite".into())));
        let req: VerifyRequest =
            serde_json::from_value(json!({"type": "recovery", "token": "t"})).unwrap();
        assert_eq!(req.kind, Some(VerifyType::Recovery));
    }

    #[test]
    fn invite_acceptance_carries_the_password() {
        let req = VerifyRequest::accept_invite("T", "pw");
        assert_eq!(
            serde_json::to_value(&req).unwrap(),
            json!({"type": "signup", "token": "T", "password": "pw"})
        );
    }

    #[test]
    fn user_update_keeps_null_deletes_in_data() {
        let update: UserUpdate =
            serde_json::from_value(json!({"data": {"key": "value", "remove_me": null}})).unwrap();
        let data = update.data.unwrap();
        assert_eq!(data.get("remove_me"), Some(&serde_json::Value::Null));
    }

    #[test]
    fn empty_update_serialises_to_empty_object() {
        assert_eq!(serde_json::to_string(&UserUpdate::default()).unwrap(), "{}");
    }

    #[test]
    fn debug_output_hides_passwords() {
        let req = SignupRequest::new("a@b.c", "hunter2");
        assert!(!format!("{req:?}").contains("hunter2"));
        let update = UserUpdate {
            password: Some("hunter2".into()),
            ..UserUpdate::default()
        };
        assert!(!format!("{update:?}").contains("hunter2"));
    }

    #[test]
    fn admin_params_round_trip() {
        let value = json!({"aud": "", "role": "editor", "email": "a@b.c", "password": "pw",
            "confirm": true, "user_metadata": {}, "app_metadata": {"roles": ["admin"]}});
        let params: AdminUserParams = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(serde_json::to_value(&params).unwrap(), value);
        let invite: InviteRequest = serde_json::from_value(json!({"email": "x@y.z"})).unwrap();
        assert_eq!(invite.email, "x@y.z");
        let recover: RecoverRequest = serde_json::from_value(json!({"email": "x@y.z"})).unwrap();
        assert_eq!(recover.email, "x@y.z");
    }
}
