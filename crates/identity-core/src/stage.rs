//! The contract between the widget's two stages on a prerendered page.
//!
//! Stage one (`identity-shell`: no framework, no serde, a few KB) runs first. It
//! reads the stored session, fills the menu, shows or hides what depends on the
//! user, and loads stage two — the full app with `leptos-identity` — on the first
//! click that needs it, at once when the URL carries identity tokens, or when the
//! page was not prerendered for this path. Stage two mounts over the page and
//! dispatches [`HANDOVER_EVENT`]; stage one then stops and replays that click.
//!
//! Everything here is markup a site writes, so the names are the contract.

/// `<meta name="identity-app" content="/app.js">`: the module that starts stage two.
pub const APP_META: &str = "identity-app";

/// Dispatched on `window` by stage two once its DOM is mounted.
pub const HANDOVER_EVENT: &str = "identity:handover";

/// Dispatched on `window`, in place of [`HANDOVER_EVENT`], by a stage two that mounted beside
/// the page instead of over it (`leptos_identity::mount_beside_page`, for a static page): stage
/// one replays the click that woke it and goes on rendering the page's controls, from the
/// session stage two keeps.
pub const BESIDE_EVENT: &str = "identity:handover-beside";

/// Dispatched on `window` by a stage two mounted beside the page whenever its user changes (a
/// login or logout here or in another tab, a user update), once the stored session says so:
/// stage one renders it.
pub const SESSION_EVENT: &str = "identity:session";

/// Dispatched on `window` by the module that starts stage two when it could
/// not (its wasm did not load): stage one lets the next click try again.
pub const APP_FAILED_EVENT: &str = "identity:app-failed";

/// The element stage one renders the identity menu into (`IdentityMenu`'s markup).
pub const MENU_ATTR: &str = "data-identity-menu";

/// `data-identity-show="user"`, `"guest"` or `"role:admin"`: shown only to someone
/// logged in, only to nobody logged in, or only to someone with that role.
pub const SHOW_ATTR: &str = "data-identity-show";

/// `data-identity-prerendered="/"`: the path the element's content was prerendered
/// for. On any other path stage one empties it and loads stage two at once; `""`
/// says the page was prerendered for no path, so stage two is needed everywhere.
pub const PRERENDERED_ATTR: &str = "data-identity-prerendered";

/// Who is logged in, as far as stage one needs to know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visitor {
    /// `user_metadata.full_name`, else the email address.
    pub name: String,
    /// `app_metadata.roles`.
    pub roles: Vec<String>,
}

/// Whether an element marked `data-identity-show=<rule>` is shown to `visitor`.
/// An unknown rule hides the element from everyone.
///
/// ```
/// use identity_core::stage::{shows, Visitor};
/// let admin = Visitor { name: "Ada".into(), roles: vec!["admin".into()] };
/// assert!(shows("user", Some(&admin)));
/// assert!(shows("role:admin", Some(&admin)));
/// assert!(!shows("role:editor", Some(&admin)));
/// assert!(!shows("user", None));
/// assert!(shows("guest", None));
/// ```
pub fn shows(rule: &str, visitor: Option<&Visitor>) -> bool {
    match (rule.trim(), visitor) {
        ("guest", visitor) => visitor.is_none(),
        ("user", visitor) => visitor.is_some(),
        (rule, Some(visitor)) => rule
            .strip_prefix("role:")
            .is_some_and(|role| visitor.roles.iter().any(|r| r == role)),
        (_, None) => false,
    }
}

/// Whether content prerendered for `prerendered` is right for `path`; a trailing
/// slash is the same page, as the local stack and Netlify treat it. Anything
/// but a path (`""`) is right for no page.
///
/// ```
/// use identity_core::stage::prerendered_for;
/// assert!(prerendered_for("/", "/"));
/// assert!(prerendered_for("/about", "/about/"));
/// assert!(!prerendered_for("/", "/posts/x"));
/// assert!(!prerendered_for("", "/"));
/// ```
pub fn prerendered_for(prerendered: &str, path: &str) -> bool {
    let trim = |p: &str| p.trim_end_matches('/').to_owned();
    prerendered.starts_with('/') && trim(prerendered) == trim(path)
}
