//! The claim set GoTrue puts in its access tokens.

use serde::{Deserialize, Serialize};

use crate::time::Timestamp;
use crate::wire::metadata::null_as_default;
use crate::wire::{AppMetadata, Metadata, User};

/// The claims of a GoTrue access token, in GoTrue's order:
/// `aud` (only when non-empty), `exp`, `sub`, `email`, `app_metadata`, `user_metadata`.
/// GoTrue sets no `iat`, `nbf`, `iss`, `jti`, `role` or `session_id`; `iat` and `nbf` are read
/// (and checked by `verify`) when a token has them, and any other claim is kept in `extra`.
///
/// `exp` and `sub` are required; `aud` must be a string (GoTrue refuses an array `aud`,
/// which would break Git Gateway).
///
/// ```
/// use identity_core::jwt::Claims;
/// let c: Claims = serde_json::from_str(r#"{"exp":1627975968,"sub":"775a","email":"test@test.com",
///     "app_metadata":{"provider":"email"},"user_metadata":{"full_name":"Test User"}}"#).unwrap();
/// assert_eq!(c.exp, 1627975968);
/// assert!(!serde_json::to_string(&c).unwrap().contains("aud"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claims {
    /// Audience; `""` on Netlify, and then left out of the token.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "String::is_empty"
    )]
    pub aud: String,
    /// Expiry, unix seconds.
    pub exp: i64,
    /// Issued-at, unix seconds; GoTrue does not set it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iat: Option<i64>,
    /// Not-before, unix seconds; GoTrue does not set it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nbf: Option<i64>,
    /// The user id (a UUID), or `"0"` for the functions' system token.
    pub sub: String,
    /// The user's email.
    #[serde(default, deserialize_with = "null_as_default")]
    pub email: String,
    /// `provider` and `roles`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub app_metadata: AppMetadata,
    /// The user's metadata at the time the token was issued (`null` reads as empty).
    #[serde(default, deserialize_with = "null_as_default")]
    pub user_metadata: Metadata,
    /// Claims GoTrue does not issue, kept so verified claims can be passed on unchanged.
    #[serde(flatten)]
    pub extra: Metadata,
}

impl Claims {
    /// The claims GoTrue issues for `user`, valid until `exp` (unix seconds, usually
    /// `now + 3600`).
    ///
    /// ```
    /// # use identity_core::{jwt::Claims, wire::User};
    /// # let user: User = serde_json::from_str(r#"{"id":"u1","email":"a@b.c","created_at":"","updated_at":""}"#).unwrap();
    /// let claims = Claims::for_user(&user, 1_767_225_600);
    /// assert_eq!(claims.sub, "u1");
    /// assert_eq!(claims.email, "a@b.c");
    /// ```
    pub fn for_user(user: &User, exp: i64) -> Self {
        Self {
            aud: user.aud.clone(),
            exp,
            iat: None,
            nbf: None,
            sub: user.id.clone(),
            email: user.email.clone(),
            app_metadata: user.app_metadata.clone(),
            user_metadata: user.user_metadata.clone(),
            extra: Metadata::new(),
        }
    }

    /// The user as the token tells it: id, audience, email and both metadata. A token carries
    /// no timestamps, so `created_at` and `updated_at` are empty and the optional times absent:
    /// enough to greet someone and check a role, not a copy of the account.
    ///
    /// ```
    /// use identity_core::jwt::Claims;
    /// let c: Claims = serde_json::from_str(r#"{"exp":1,"sub":"u1","email":"a@b.c",
    ///     "user_metadata":{"full_name":"Ann"}}"#).unwrap();
    /// assert_eq!(c.user().full_name(), Some("Ann"));
    /// assert_eq!(c.user().id, "u1");
    /// ```
    pub fn user(&self) -> User {
        User {
            id: self.sub.clone(),
            aud: self.aud.clone(),
            role: String::new(),
            email: self.email.clone(),
            confirmed_at: None,
            invited_at: None,
            confirmation_sent_at: None,
            recovery_sent_at: None,
            new_email: None,
            email_change_sent_at: None,
            last_sign_in_at: None,
            app_metadata: self.app_metadata.clone(),
            user_metadata: self.user_metadata.clone(),
            created_at: Timestamp::new(""),
            updated_at: Timestamp::new(""),
        }
    }
}

/// The claims of the token Netlify hands functions as `clientContext.identity.token`:
/// exactly `{"exp": .., "sub": "0"}`, which GoTrue treats as its system super-admin.
///
/// ```
/// use identity_core::jwt::SystemClaims;
/// assert_eq!(serde_json::to_string(&SystemClaims::new(60)).unwrap(), r#"{"exp":60,"sub":"0"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemClaims {
    /// Expiry, unix seconds.
    pub exp: i64,
    /// Always [`SYSTEM_SUBJECT`].
    pub sub: String,
}

/// The `sub` of the system token.
pub const SYSTEM_SUBJECT: &str = "0";

/// The other `sub` GoTrue accepts as the system user (the nil UUID).
pub const SYSTEM_SUBJECT_UUID: &str = "00000000-0000-0000-0000-000000000000";

impl SystemClaims {
    /// A system token valid until `exp`.
    pub fn new(exp: i64) -> Self {
        Self {
            exp,
            sub: SYSTEM_SUBJECT.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn serialises_in_gotrue_order_and_omits_empty_aud() {
        let claims: Claims = serde_json::from_value(json!({
            "exp": 1, "sub": "s", "email": "e",
            "app_metadata": {"provider": "email", "roles": ["admin"]},
            "user_metadata": null
        }))
        .unwrap();
        assert_eq!(
            serde_json::to_string(&claims).unwrap(),
            r#"{"exp":1,"sub":"s","email":"e","app_metadata":{"provider":"email","roles":["admin"]},"user_metadata":{}}"#
        );
        let with_aud = Claims {
            aud: "myapp".into(),
            ..claims
        };
        assert!(serde_json::to_string(&with_aud)
            .unwrap()
            .starts_with(r#"{"aud":"myapp","exp":1,"#));
    }

    #[test]
    fn array_aud_is_refused() {
        let r = serde_json::from_value::<Claims>(json!({"aud": ["a"], "exp": 1, "sub": "s"}));
        assert!(r.is_err());
    }

    #[test]
    fn exp_and_sub_are_required() {
        assert!(serde_json::from_value::<Claims>(json!({"sub": "s"})).is_err());
        assert!(serde_json::from_value::<Claims>(json!({"exp": 1})).is_err());
        assert!(serde_json::from_value::<Claims>(json!({"exp": "1", "sub": "s"})).is_err());
    }

    #[test]
    fn duplicate_claims_are_refused() {
        let r = serde_json::from_str::<Claims>(r#"{"exp":1,"exp":99999999999,"sub":"s"}"#);
        assert!(r.is_err());
    }

    #[test]
    fn unknown_claims_are_kept() {
        let c: Claims =
            serde_json::from_value(json!({"exp": 1, "sub": "s", "iss": "x", "iat": 0})).unwrap();
        assert_eq!(c.extra.get("iss"), Some(&json!("x")));
        assert_eq!(c.iat, Some(0));
        let back = serde_json::to_value(&c).unwrap();
        assert_eq!(back["iss"], json!("x"));
    }
}
