#![doc = include_str!("../README.md")]

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

mod comments;
mod menu;
mod netlify;
mod page;
mod session;
mod shell;

pub use comments::page_from_json;
pub use session::{adopts_cookie_session, visitor_from_json};

/// Dispatched on `window` by a stage two that mounted beside the page instead of
/// over it (`leptos_identity::mount_beside_page`, for a static page), in place of
/// `identity:handover`: stage one replays the click that woke it and goes on
/// rendering the page's controls, from the session stage two keeps.
///
/// These two names belong with the others in `identity_core::stage`; until they
/// move there, `leptos-identity`'s `stage.rs` spells them the same.
pub const BESIDE_EVENT: &str = "identity:handover-beside";

/// Dispatched on `window` by a stage two mounted beside the page whenever its
/// user changes (a login or logout here or in another tab, a user update), once
/// the stored session says so: stage one renders it.
pub const SESSION_EVENT: &str = "identity:session";

/// Runs stage one on the current page. Does nothing outside a browser.
pub fn start() {
    run(|_, _| {});
}

/// Runs stage one and shows the comment lists of the page (`data-comments-for`,
/// see [`page_from_json`]) without the app. A binary of its own
/// (`identity-shell-comments`), so pages without comments do not carry the code.
pub fn start_with_comments() {
    run(comments::start);
}

/// What a page's stage one does besides the session, once the page is its own.
type Extra = fn(&web_sys::Window, &web_sys::Document);

fn run(extra: Extra) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    // Trunk loads stage one as an async module, which may run before the page
    // is parsed (a slow network, a cached module): the menu may not be there yet.
    if document.ready_state() == "loading" {
        let target = document.clone();
        let start =
            Closure::once_into_js(move || shell::Shell::new(window, document, extra).start());
        let _ = target.add_event_listener_with_callback("DOMContentLoaded", start.unchecked_ref());
        return;
    }
    shell::Shell::new(window, document, extra).start();
}
