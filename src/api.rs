//! Fetching the JSON the build step wrote (see the `content` crate).

use gloo_net::http::Request;
use serde::de::DeserializeOwned;

use content::{Post, PostIndex};

/// Why a page could not get its data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("not found")]
    NotFound,
    #[error("the server answered {0}")]
    Status(u16),
    #[error("the network failed: {0}")]
    Network(String),
    #[error("the server sent something unreadable: {0}")]
    Decode(String),
}

pub async fn post_index() -> Result<PostIndex, FetchError> {
    get_json(content::INDEX_PATH).await
}

pub async fn post(slug: &str) -> Result<Post, FetchError> {
    get_json(&content::post_path(slug)).await
}

thread_local! {
    /// The post of the page the app mounts over, fetched before it mounts.
    static ARRIVED: std::cell::RefCell<Option<Post>> = const { std::cell::RefCell::new(None) };
}

/// On a post page, the post, before the app mounts: its JSON was asked for beside the
/// app's wasm (the loader preloads it), so this is a cache hit, and the post page then
/// renders its post on its first render instead of "Loading…" over the prerendered
/// text. A failure is left to the post page, which asks again and says why.
pub async fn fetch_current_post() {
    let path = web_sys::window().and_then(|w| w.location().pathname().ok());
    let Some(slug) = path.as_deref().and_then(crate::router::post_slug) else {
        return;
    };
    if let Ok(post) = post(slug).await {
        ARRIVED.with(|arrived| *arrived.borrow_mut() = Some(post));
    }
}

/// The post [`fetch_current_post`] fetched, if it is `slug`'s; taken once.
pub fn arrived_post(slug: &str) -> Option<Post> {
    ARRIVED.with(|arrived| {
        let mut arrived = arrived.borrow_mut();
        match arrived.as_ref() {
            Some(post) if post.summary.slug == slug => arrived.take(),
            _ => None,
        }
    })
}

async fn get_json<T: DeserializeOwned>(url: &str) -> Result<T, FetchError> {
    let response = Request::get(url)
        .send()
        .await
        .map_err(|e| FetchError::Network(e.to_string()))?;
    match response.status() {
        200..=299 => {}
        404 => return Err(FetchError::NotFound),
        status => return Err(FetchError::Status(status)),
    }
    response
        .json()
        .await
        .map_err(|e| FetchError::Decode(e.to_string()))
}
