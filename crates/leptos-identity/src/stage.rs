//! Taking over a page where stage one (`identity-shell`) ran.
//!
//! A prerendered page can start with `identity-shell` — a few KB that show
//! who is logged in — and load the Leptos app on first use. The app then
//! mounts with [`mount_over_shell`] instead of `mount_to_body`: the
//! prerendered markup goes, the app's own takes its place, and stage one is
//! told to step aside and replay the click that woke the app. The contract is
//! in [`identity_core::stage`].
//!
//! A static page, whose content is not an app's, keeps its markup: stage two
//! mounts beside it with [`mount_beside_page`], and stage one goes on showing
//! the session in the page's controls.

use identity_core::stage::{BESIDE_EVENT, HANDOVER_EVENT, SESSION_EVENT};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::{provide_identity, IdentityModal, IdentityOptions};

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
    dispatch(HANDOVER_EVENT);
}

/// Stage two for a page that is not a Leptos app — a static page with the JS
/// widget's markup (`data-netlify-identity-menu`, `data-netlify-identity-button`)
/// or stage one's (`data-identity-menu`): the session, and the modal in a
/// container appended to the body. The page's own content stays as it is;
/// stage one (`identity-shell`) keeps rendering the controls, this answers
/// their clicks by their classes ("Log in", "Sign up", "Log out", the button)
/// and tells stage one whenever the user changes.
///
/// Does nothing outside a browser.
///
/// ```no_run
/// leptos_identity::mount_beside_page(leptos_identity::IdentityOptions::default());
/// ```
pub fn mount_beside_page(options: IdentityOptions) {
    let Some(document) = crate::browser::document() else {
        return;
    };
    let (Some(body), Ok(host)) = (document.body(), document.create_element("div")) else {
        return;
    };
    let _ = host.set_attribute("class", "ni-beside-page");
    if body.append_child(&host).is_err() {
        return;
    }
    let Ok(host) = host.dyn_into::<web_sys::HtmlElement>() else {
        return;
    };
    leptos::mount::mount_to(host, move || {
        let identity = provide_identity(options);
        crate::controls::answer_page_controls(identity);
        let user = identity.user();
        // After the stored session is written, so stage one reads the new one.
        Effect::new(move |_| {
            user.track();
            dispatch(SESSION_EVENT);
        });
        view! { <IdentityModal /> }
    })
    .forget();
    dispatch(BESIDE_EVENT);
}

fn dispatch(kind: &str) {
    if let (Some(window), Ok(event)) = (crate::browser::window(), web_sys::Event::new(kind)) {
        let _ = window.dispatch_event(&event);
    }
}
