//! The one way in to the browser. On the server (Leptos `ssr`, or any host target) there is
//! no window: every read here answers "none", so the components render on the host without
//! touching a browser API, and nothing that starts the session runs there.

use leptos::prelude::Owner;

/// The window, in a browser.
pub(crate) fn window() -> Option<web_sys::Window> {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        None
    }
}

/// The document, in a browser.
pub(crate) fn document() -> Option<web_sys::Document> {
    window()?.document()
}

/// Milliseconds since the epoch.
pub(crate) fn now_ms() -> i64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now() as i64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64)
    }
}

/// Where this render runs, which decides when the session may start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    /// Rendering HTML on the server: nothing starts.
    Server,
    /// Hydrating server-rendered HTML: start once hydration is done, so the first render in the
    /// browser is the server's.
    Hydrating,
    /// Rendering in the browser (client-side rendering, or after hydration): start now.
    Browser,
}

/// The phase of the current render.
pub(crate) fn phase() -> Phase {
    let context = Owner::current_shared_context();
    if window().is_none() || context.as_ref().is_some_and(|c| !c.is_browser()) {
        Phase::Server
    } else if context.is_some_and(|c| c.during_hydration()) {
        Phase::Hydrating
    } else {
        Phase::Browser
    }
}
