//! Who may see the moderation page: a plain decision over what the widget knows.
//!
//! The page only decides what to show. `moderate-comment` checks the admin role in the
//! token itself, so a visitor who gets past this (by editing storage, say) still gets 403.

/// What `/admin` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// The session is still being read: show nothing rather than the wrong thing.
    Pending,
    /// Nobody is logged in: offer to log in.
    LoggedOut,
    /// Logged in without the admin role: say so, and load nothing.
    NotAllowed,
    /// An admin: the comments.
    Allowed,
}

/// Decides from [`leptos_identity::Identity::has_role`] (`None` while the session is read)
/// and whether someone is logged in.
///
/// ```
/// use blog::components::moderation::access::{access, Access};
/// assert_eq!(access(None, false), Access::Pending);
/// assert_eq!(access(Some(false), false), Access::LoggedOut);
/// assert_eq!(access(Some(false), true), Access::NotAllowed);
/// assert_eq!(access(Some(true), true), Access::Allowed);
/// ```
pub fn access(is_admin: Option<bool>, logged_in: bool) -> Access {
    match (is_admin, logged_in) {
        (None, _) => Access::Pending,
        (Some(true), true) => Access::Allowed,
        (Some(_), false) => Access::LoggedOut,
        (Some(false), true) => Access::NotAllowed,
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn nothing_is_decided_while_the_session_is_read() {
        assert_eq!(access(None, false), Access::Pending);
        assert_eq!(access(None, true), Access::Pending);
    }

    #[wasm_bindgen_test]
    fn only_a_logged_in_admin_may_moderate() {
        assert_eq!(access(Some(true), true), Access::Allowed);
        assert_eq!(access(Some(false), true), Access::NotAllowed);
        assert_eq!(access(Some(false), false), Access::LoggedOut);
        // A role without a session cannot happen; if it did, it would not be enough.
        assert_eq!(access(Some(true), false), Access::LoggedOut);
    }
}
