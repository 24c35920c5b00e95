//! Mounting a component into a fresh element for a browser test.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Mounts `view` into a new `<div>` in the body, lets effects run, and
/// returns the `<div>`. The mount lives until the page is torn down.
pub async fn mount<V: IntoView + 'static>(
    view: impl FnOnce() -> V + 'static,
) -> web_sys::HtmlElement {
    let host: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&host).unwrap();
    leptos::mount::mount_to(host.clone(), view).forget();
    leptos::task::tick().await;
    host
}

/// Waits `ms` milliseconds of browser time.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
