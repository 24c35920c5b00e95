//! One refresh at a time across every tab of the site, with the Web Locks
//! API. GoTrue's refresh tokens rotate and a reused one ends the session, so
//! two tabs must never spend the same token.

use std::future::Future;

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The lock every tab takes before refreshing.
pub const REFRESH_LOCK: &str = "gotrue.refresh";

/// Runs `work` while this tab holds the exclusive lock `name`. Browsers
/// without Web Locks run it at once: the single flight within a tab still
/// holds, and storage is re-read before a refresh either way.
pub async fn with_lock<T, Fut: Future<Output = T>>(name: &str, work: impl FnOnce() -> Fut) -> T {
    let Some((acquired, release)) = request(name) else {
        return work().await;
    };
    let _ = JsFuture::from(acquired.promise).await;
    let out = work().await;
    let _ = release.resolve.call0(&JsValue::NULL);
    out
}

struct Deferred {
    promise: Promise,
    resolve: Function,
}

fn deferred() -> Deferred {
    let mut resolve = None;
    let promise = Promise::new(&mut |res, _reject| resolve = Some(res));
    // The executor runs synchronously, so `resolve` is always set.
    let resolve = resolve.unwrap_or_else(|| Function::new_no_args(""));
    Deferred { promise, resolve }
}

/// Asks for the lock. The lock is held until `release` resolves.
fn request(name: &str) -> Option<(Deferred, Deferred)> {
    let navigator = crate::browser::window()?.navigator();
    let locks = Reflect::get(&navigator, &"locks".into()).ok()?;
    if locks.is_undefined() || locks.is_null() {
        return None;
    }
    let request: Function = Reflect::get(&locks, &"request".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let acquired = deferred();
    let release = deferred();
    let signal_acquired = acquired.resolve.clone();
    let hold_until = release.promise.clone();
    let callback = Closure::once_into_js(move |_lock: JsValue| -> JsValue {
        let _ = signal_acquired.call0(&JsValue::NULL);
        hold_until.into()
    });
    request.call2(&locks, &name.into(), &callback).ok()?;
    Some((acquired, release))
}
