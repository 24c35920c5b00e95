//! The user a verified token names.

use identity_core::jwt::Claims;

/// A user whose access token was verified: the claims GoTrue signed (id, email, roles, the
/// metadata at the time the token was issued).
///
/// ```
/// use identity_core::jwt::{encode, Claims};
/// use leptos_identity::server::Verifier;
/// let claims: Claims = serde_json::from_str(r#"{"exp":4102444800,"sub":"u1","email":"ann@example.com",
///     "app_metadata":{"roles":["admin"]},"user_metadata":{"full_name":"Ann"}}"#).unwrap();
/// let jwt = encode(&claims, b"secret").unwrap();
/// let mut headers = http::HeaderMap::new();
/// headers.insert(http::header::AUTHORIZATION, format!("Bearer {jwt}").parse().unwrap());
/// let user = Verifier::new("secret").user_of(&headers).unwrap();
/// assert_eq!((user.id(), user.name(), user.has_role("admin")), ("u1", "Ann", true));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedUser {
    claims: Claims,
}

impl VerifiedUser {
    pub(crate) fn new(claims: Claims) -> Self {
        Self { claims }
    }

    /// The user id (`sub`).
    pub fn id(&self) -> &str {
        &self.claims.sub
    }

    /// The email address.
    pub fn email(&self) -> &str {
        &self.claims.email
    }

    /// `user_metadata.full_name` when it is a string, else the email: whom the menu greets.
    pub fn name(&self) -> &str {
        self.claims
            .user_metadata
            .get("full_name")
            .and_then(|v| v.as_str())
            .unwrap_or(&self.claims.email)
    }

    /// The Netlify roles (`app_metadata.roles`).
    pub fn roles(&self) -> &[String] {
        self.claims.roles()
    }

    /// Whether `app_metadata.roles` contains `role`.
    pub fn has_role(&self, role: &str) -> bool {
        self.claims.has_role(role)
    }

    /// Every verified claim.
    pub fn claims(&self) -> &Claims {
        &self.claims
    }
}
