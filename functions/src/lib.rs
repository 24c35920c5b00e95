//! The site's Netlify Functions: `submit-comment`, `list-comments`, `moderate-comment` and
//! `identity-signup`, as a library tested natively, plus one thin Lambda binary per function.
//! Server code: the browser never links it (what the blog shares with it is in `comment-wire`).
//!
//! The request and response types the handlers speak ([`Request`], [`Response`]), the caller's
//! identity from Netlify's client context ([`NetlifyContext`]), the caller's current roles from
//! the identity admin API ([`identity_admin`]), the handlers ([`handlers`]), the comment store
//! ([`store`]) and the Lambda adapter ([`lambda`]). The JSON they read and write
//! is `comment-wire`'s, the crate the browser shares.
//!
//! ```no_run
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

mod app;
pub mod context;
pub mod cursor;
pub mod error;
pub mod event_signature;
pub mod handlers;
pub mod identity_admin;
pub mod lambda;
pub mod posts;
pub mod request;
pub mod response;
pub mod store;

pub use app::{App, Clock, Function, Limits, UnknownFunction};
pub use context::{AdminToken, IdentityEndpoint, NetlifyContext};
pub use error::ApiError;
pub use handlers::identity_signup::AdminEmails;
pub use posts::{KnownPosts, PostSlugs};
pub use request::Request;
pub use response::Response;
