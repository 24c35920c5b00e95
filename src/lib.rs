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
