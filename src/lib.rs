//! The blog: a Leptos client-side app. `main.rs` mounts [`App`]; everything
//! else lives here so that browser tests can mount single components.

mod api;
mod app;
pub mod components;
pub mod pages;
pub mod router;

pub use app::App;
