//! A password on the wire that never shows up in `Debug` output or logs.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A plaintext password in a request body. Serialises as a plain JSON string; its `Debug`
/// prints `Password(***)` so a logged request does not leak it.
///
/// ```
/// use identity_core::wire::Password;
/// let p = Password::from("hunter2");
/// assert_eq!(p.expose(), "hunter2");
/// assert_eq!(format!("{p:?}"), "Password(***)");
/// ```
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Password(String);

impl Password {
    /// Wraps a plaintext password.
    pub fn new(plain: impl Into<String>) -> Self {
        Self(plain.into())
    }

    /// The plaintext, for hashing or sending.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the password is the empty string (GoTrue refuses those at signup).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

impl From<&str> for Password {
    fn from(plain: &str) -> Self {
        Self::new(plain)
    }
}

impl From<String> for Password {
    fn from(plain: String) -> Self {
        Self(plain)
    }
}
