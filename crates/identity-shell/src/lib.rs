//! Stage one of the Rust identity widget.
//!
//! A page that was prerendered (the blog's home page is) should not wait for a
//! whole Leptos app to say who is logged in. This crate is the part that cannot
//! wait: a few KB of wasm, no framework and no serde, that
//!
//! - reads the session gotrue-js and `leptos-identity` keep in
//!   `localStorage["gotrue.user"]` and renders `IdentityMenu`'s markup into the
//!   element marked `data-identity-menu` ("Welcome, <name>" and "Log out", or
//!   "Sign up" and "Log in"),
//! - shows or hides every element marked `data-identity-show="user"`,
//!   `"guest"` or `"role:<name>"`,
//! - follows logins and logouts in other tabs,
//! - and loads stage two — the module named by `<meta name="identity-app">`,
//!   which starts the full app with `leptos-identity` — on the first click in
//!   the menu, or at once when the URL carries identity tokens or the page was
//!   not prerendered for this path (`data-identity-prerendered`).
//!
//! Stage two mounts over the page and dispatches `identity:handover`; stage one
//! then removes its listeners and clicks the same menu button in the new page,
//! so the click that woke it is not lost. It never refreshes or spends a token:
//! that stays with stage two, which does it under the cross-tab lock. The
//! contract is in [`identity_core::stage`].
//!
//! ```html
//! <meta name="identity-app" content="/app.js" />
//! <nav><a href="/account" data-identity-show="user" hidden>Account</a></nav>
//! <ul class="ni-menu" data-identity-menu>…the logged-out menu…</ul>
//! <main data-identity-prerendered="/">…</main>
//! ```

mod menu;
mod page;
mod session;
mod stage_two;

pub use session::visitor_from_json;

/// Runs stage one on the current page. Does nothing outside a browser.
pub fn start() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    stage_two::Shell::new(window, document).start();
}
