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

/// What the page the app mounts over shows, fetched before it mounts.
enum Arrived {
    Post(Post),
    Index(PostIndex),
}

thread_local! {
    static ARRIVED: std::cell::RefCell<Option<Arrived>> = const { std::cell::RefCell::new(None) };
}

/// On the home page the post index, on a post page the post, before the app mounts: its
/// JSON was asked for beside the app's wasm (the loader preloads it), so this is a cache
/// hit, and the page then renders on its first render what stage one left there instead
/// of "Loading…" over it (which moved the page: the home page's list, gone for a frame,
/// took the scrollbar and the footer with it). A failure is left to the page, which asks
/// again and says why.
pub async fn fetch_current_page() {
    let Some(path) = web_sys::window().and_then(|w| w.location().pathname().ok()) else {
        return;
    };
    let arrived = match crate::router::Route::of(&path) {
        crate::router::Route::Home => post_index().await.ok().map(Arrived::Index),
        crate::router::Route::Post => match crate::router::post_slug(&path) {
            Some(slug) => post(slug).await.ok().map(Arrived::Post),
            None => None,
        },
        _ => None,
    };
    ARRIVED.with(|slot| *slot.borrow_mut() = arrived);
}

/// The post [`fetch_current_page`] fetched, if it is `slug`'s; taken once.
pub fn arrived_post(slug: &str) -> Option<Post> {
    ARRIVED.with(|arrived| {
        let mut arrived = arrived.borrow_mut();
        match arrived.take() {
            Some(Arrived::Post(post)) if post.summary.slug == slug => Some(post),
            other => {
                *arrived = other;
                None
            }
        }
    })
}

/// The post index [`fetch_current_page`] fetched on the home page; taken once.
pub fn arrived_index() -> Option<PostIndex> {
    ARRIVED.with(|arrived| {
        let mut arrived = arrived.borrow_mut();
        match arrived.take() {
            Some(Arrived::Index(index)) => Some(index),
            other => {
                *arrived = other;
                None
            }
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
