use identity_core::wire::User;

use crate::{IdentityError, Page};

/// What happened, as the JS widget's `on(name, callback)` events name it.
#[derive(Debug, Clone, PartialEq)]
pub enum IdentityEvent {
    /// The session was read on load: the user, or `None`.
    Init(Option<User>),
    /// A user is logged in. `restored` tells a session restored from storage
    /// on load (or adopted from another tab) apart from a fresh login.
    Login { user: User, restored: bool },
    /// Nobody is logged in any more (here or in another tab).
    Logout,
    /// A new access token; the user stays.
    TokenRefresh,
    /// The user's fields or metadata changed.
    UserUpdated(User),
    /// Something failed. Never fired without an error.
    Error(IdentityError),
    /// The modal opened on this page.
    Open(Page),
    /// The modal closed.
    Close,
}

/// Which events a subscriber wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    Init,
    Login,
    Logout,
    TokenRefresh,
    UserUpdated,
    Error,
    Open,
    Close,
}

impl IdentityEvent {
    /// The kind of this event.
    pub fn kind(&self) -> EventKind {
        match self {
            IdentityEvent::Init(_) => EventKind::Init,
            IdentityEvent::Login { .. } => EventKind::Login,
            IdentityEvent::Logout => EventKind::Logout,
            IdentityEvent::TokenRefresh => EventKind::TokenRefresh,
            IdentityEvent::UserUpdated(_) => EventKind::UserUpdated,
            IdentityEvent::Error(_) => EventKind::Error,
            IdentityEvent::Open(_) => EventKind::Open,
            IdentityEvent::Close => EventKind::Close,
        }
    }
}
