//! The blog: a Leptos client-side app. `main.rs` mounts [`App`]; everything
//! else lives here so that browser tests can mount single components.
//!
//! Browser code: it never links server code. The comment wire format comes from
//! `comment-wire`, the identity one from `identity-core`, both shared with the servers.

mod api;
mod app;
pub mod components;
pub mod loader;
pub mod pages;
pub mod router;

pub use app::App;

/// Starts the app over the page stage one keeps (`leptos_identity::mount_over_shell`),
/// once what the page shows is here (the posts, or the post), so the takeover shows it at once.
pub fn start() {
    wasm_bindgen_futures::spawn_local(async {
        api::fetch_current_page().await;
        leptos_identity::mount_over_shell(App);
    });
}
