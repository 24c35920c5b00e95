//! The site's Netlify Functions: `submit-comment`, `list-comments`, `moderate-comment` and
//! `identity-signup`, as a library tested natively, plus one thin Lambda binary per function.
//!
//! - [`wire`] and [`validate`] are the comment wire format and its pure checks. They are all
//!   that builds with `default-features = false`, so the blog app (wasm) shares them without
//!   pulling in a database driver.
//! - With the default feature `server`: the request and response types the handlers speak
//!   ([`Request`], [`Response`]), the caller's identity from Netlify's client context
//!   ([`NetlifyContext`]), the handlers ([`handlers`]), the comment store ([`store`]) and the
//!   Lambda adapter ([`lambda`]).
//!
//! ```no_run
//! # #[cfg(feature = "server")]
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use std::sync::Arc;
//! use functions::{App, Function, NetlifyContext, PostSlugs, Request};
//! use functions::store::SqliteStore;
//!
//! let store = SqliteStore::open("comments.sqlite3").await?;
//! let app = App::new(Arc::new(store), Arc::new(PostSlugs::from_slugs(["hello-world"])));
//! let request = Request::new("GET").with_query_string("post=hello-world");
//! let response = app.handle(Function::ListComments, &request, &NetlifyContext::anonymous()).await;
//! assert_eq!(response.status, 200);
//! # Ok(()) }
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod validate;
pub mod wire;

#[cfg(feature = "server")]
mod app;
#[cfg(feature = "server")]
pub mod context;
#[cfg(feature = "server")]
pub mod cursor;
#[cfg(feature = "server")]
pub mod error;
#[cfg(feature = "server")]
pub mod handlers;
#[cfg(feature = "server")]
pub mod lambda;
#[cfg(feature = "server")]
pub mod posts;
#[cfg(feature = "server")]
pub mod request;
#[cfg(feature = "server")]
pub mod response;
#[cfg(feature = "server")]
pub mod store;

#[cfg(feature = "server")]
pub use app::{App, Clock, Function, Limits, UnknownFunction};
#[cfg(feature = "server")]
pub use context::{AdminToken, IdentityEndpoint, NetlifyContext};
#[cfg(feature = "server")]
pub use error::ApiError;
#[cfg(feature = "server")]
pub use handlers::identity_signup::AdminEmails;
#[cfg(feature = "server")]
pub use posts::{KnownPosts, PostSlugs};
#[cfg(feature = "server")]
pub use request::Request;
#[cfg(feature = "server")]
pub use response::Response;
