//! Who may do what: Netlify roles (`app_metadata.roles`) and GoTrue's own admin notions.
//!
//! Netlify features (role-based redirects, functions such as this blog's moderation action)
//! look at `app_metadata.roles`. GoTrue's own admin endpoints look elsewhere: the system token
//! (`sub: "0"`) or the top-level `role == "admin"` of a user. The two are kept apart on purpose;
//! `app_metadata.roles` containing `"admin"` does not make a GoTrue admin.

use crate::jwt::{Claims, SYSTEM_SUBJECT, SYSTEM_SUBJECT_UUID};
use crate::wire::{AppMetadata, User};

/// The role name this project's moderation checks for in `app_metadata.roles`.
pub const ADMIN_ROLE: &str = "admin";

/// GoTrue's default `JWT_ADMIN_GROUP_NAME`: the top-level `User::role` of GoTrue admins.
pub const GOTRUE_ADMIN_GROUP: &str = "admin";

impl AppMetadata {
    /// Whether `roles` contains `role` (exact, case-sensitive match).
    pub fn has_role(&self, role: &str) -> bool {
        self.roles.iter().any(|r| r == role)
    }
}

impl Claims {
    /// The Netlify roles in the token.
    pub fn roles(&self) -> &[String] {
        &self.app_metadata.roles
    }

    /// Whether the token's `app_metadata.roles` contains `role`.
    ///
    /// ```
    /// use identity_core::jwt::Claims;
    /// let claims: Claims = serde_json::from_str(
    ///     r#"{"exp":1,"sub":"u","app_metadata":{"provider":"email","roles":["admin"]}}"#).unwrap();
    /// assert!(claims.has_role("admin"));
    /// assert!(!claims.has_role("Admin"));
    /// ```
    pub fn has_role(&self, role: &str) -> bool {
        self.app_metadata.has_role(role)
    }

    /// Whether this is the functions' system token (`sub` `"0"` or the nil UUID), which GoTrue
    /// treats as a super-admin.
    pub fn is_system(&self) -> bool {
        self.sub == SYSTEM_SUBJECT || self.sub == SYSTEM_SUBJECT_UUID
    }
}

impl User {
    /// Whether `app_metadata.roles` contains `role`.
    pub fn has_role(&self, role: &str) -> bool {
        self.app_metadata.has_role(role)
    }

    /// Whether GoTrue's admin endpoints accept this user: top-level `role` equal to
    /// [`GOTRUE_ADMIN_GROUP`], in the same audience as the request.
    pub fn is_gotrue_admin(&self, request_aud: &str) -> bool {
        self.role == GOTRUE_ADMIN_GROUP && self.aud == request_aud
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn user(role: &str, roles: &[&str]) -> User {
        serde_json::from_value(json!({
            "id": "u", "aud": "", "role": role, "email": "a@b.c",
            "app_metadata": {"provider": "email", "roles": roles},
            "created_at": "", "updated_at": ""
        }))
        .unwrap()
    }

    #[test]
    fn netlify_role_is_not_gotrue_admin() {
        let u = user("", &["admin"]);
        assert!(u.has_role(ADMIN_ROLE));
        assert!(!u.is_gotrue_admin(""));
    }

    #[test]
    fn gotrue_admin_needs_matching_audience() {
        let u = user("admin", &[]);
        assert!(u.is_gotrue_admin(""));
        assert!(!u.is_gotrue_admin("other"));
        assert!(!u.has_role(ADMIN_ROLE));
    }

    #[test]
    fn claims_from_user_keep_roles() {
        let claims = Claims::for_user(&user("", &["member", "admin"]), 10);
        assert_eq!(claims.roles(), ["member", "admin"]);
        assert!(claims.has_role("member"));
        assert!(!claims.has_role("owner"));
        assert!(!claims.is_system());
    }

    #[test]
    fn system_subjects_are_recognised() {
        for sub in ["0", "00000000-0000-0000-0000-000000000000"] {
            let c: Claims = serde_json::from_value(json!({"exp": 1, "sub": sub})).unwrap();
            assert!(c.is_system());
            assert!(!c.has_role(ADMIN_ROLE));
        }
    }
}
