#![doc = include_str!("../README.md")]

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
