//! leptos-identity in a server-rendered Leptos app: the start-axum shape (one package, an `ssr`
//! server and a `hydrate` browser half), `leptos_router` routes gated to logged-in users and to
//! admins, and the server rendering each page for the user of the request's `nf_jwt` cookie.

pub mod app;

/// The browser half: hydrates the page the server rendered.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    // Says the buttons answer now: for the browser test, and for CSS that waits for it.
    if let Some(html) = leptos::prelude::document().document_element() {
        let _ = html.set_attribute("data-hydrated", "");
    }
}
