//! Taking over a page where stage one (`identity-shell`) ran.
//!
//! A prerendered page can start with `identity-shell` — a few KB that show
//! who is logged in — and load the Leptos app on first use. The app then
//! mounts with [`mount_over_shell`] instead of `mount_to_body`: the
//! prerendered markup goes, the app's own takes its place, and stage one is
//! told to step aside and replay the click that woke the app. The contract is
//! in [`identity_core::stage`].

use identity_core::stage::HANDOVER_EVENT;
use leptos::prelude::*;

/// Replaces the body's prerendered content with `app` and tells stage one
/// (`identity:handover`), which then steps aside. Without stage one on the
/// page nothing listens, and this is `mount_to_body` on an emptied body.
///
/// ```no_run
/// use leptos::prelude::*;
/// #[component]
/// fn App() -> impl IntoView {
///     leptos_identity::provide_identity(leptos_identity::IdentityOptions::default());
///     view! { <leptos_identity::IdentityMenu /> <leptos_identity::IdentityModal /> }
/// }
/// leptos_identity::mount_over_shell(App);
/// ```
pub fn mount_over_shell<F, N>(app: F)
where
    F: FnOnce() -> N + 'static,
    N: IntoView + 'static,
{
    if let Some(body) = document().body() {
        body.set_inner_html("");
    }
    leptos::mount::mount_to_body(app);
    if let Ok(event) = web_sys::Event::new(HANDOVER_EVENT) {
        let _ = window().dispatch_event(&event);
    }
}
