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
