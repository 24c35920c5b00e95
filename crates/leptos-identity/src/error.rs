use identity_core::jwt::JwtError;
use identity_core::wire::ApiError;

/// Why an identity call failed. Its `Display` is a message a user can read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum IdentityError {
    /// The identity service answered with an error (bad password, taken
    /// address, refused token …); the message is the service's own.
    #[error("{0}")]
    Api(ApiError),
    /// No answer at all: offline, DNS, CORS, a dropped connection.
    #[error("Could not reach the identity service. Check your connection and try again.")]
    Network(String),
    /// An answer that is not what GoTrue sends.
    #[error("The identity service sent an unexpected answer ({0}).")]
    Decode(String),
    /// The call needs a logged-in user and there is none.
    #[error("You are not logged in.")]
    NotLoggedIn,
    /// The refresh token was refused: the user must log in again.
    #[error("Your session has expired. Please log in again.")]
    SessionExpired,
}

impl IdentityError {
    /// The HTTP status, when the service answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            IdentityError::Api(error) => Some(error.status),
            _ => None,
        }
    }
}

impl From<JwtError> for IdentityError {
    fn from(error: JwtError) -> Self {
        IdentityError::Decode(format!("access token: {error}"))
    }
}
