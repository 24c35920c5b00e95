#![doc = include_str!("../README.md")]

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

mod comments;
mod menu;
mod netlify;
mod page;
mod session;
mod shell;

/// Stage one is a whole program, so it picks the allocator: talc is 2.5 KB (gzip)
/// smaller than Rust's default for wasm, dlmalloc, and faster. A program that links
/// this crate cannot set another one.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

pub use comments::page_from_json;
pub use session::{adopts_cookie_session, visitor_from_json};

/// Runs stage one on the current page. Does nothing outside a browser.
pub fn start() {
    run(|_, _| {}, None);
}

/// Runs stage one and fills the JS widget's own controls too
/// (`data-netlify-identity-menu`, `data-netlify-identity-button`), for a static page
/// written for netlify-identity-widget. A binary of its own
/// (`identity-shell-netlify`), so the blog's pages do not carry the code.
pub fn start_with_js_widget_controls() {
    run(|_, _| {}, Some(netlify::beside_the_page));
}

/// Runs stage one and shows the comment lists of the page (`data-comments-for`,
/// see [`page_from_json`]) without the app. A binary of its own
/// (`identity-shell-comments`), so pages without comments do not carry the code.
pub fn start_with_comments() {
    run(comments::start, None);
}

/// What a page's stage one does besides the session, once the page is its own.
type Extra = fn(&web_sys::Window, &web_sys::Document);

/// Readies stage one for a stage two mounted beside the page, not over it (its controls,
/// and what it does at that handover); behind a function pointer so that a binary that
/// names none carries none of that code.
type Beside = fn(&std::rc::Rc<shell::Shell>);

fn run(extra: Extra, beside: Option<Beside>) {
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
        let start = Closure::once_into_js(move || {
            shell::Shell::new(window, document, extra, beside).start()
        });
        let _ = target.add_event_listener_with_callback("DOMContentLoaded", start.unchecked_ref());
        return;
    }
    shell::Shell::new(window, document, extra, beside).start();
}
