//! The blog end to end: its release build served by the local stack and read by headless
//! Chromium, the server-rendered example, the static page and `@netlify/identity` beside
//! ours. One test binary, linked once; `two_tabs.rs`, whose timing is the point, is a
//! binary of its own.

mod admin;
mod blog;
mod comments;
mod first_visit;
mod identity;
mod netlify_identity;
mod post_page;
mod security;
mod ssr_axum;
mod static_site;
