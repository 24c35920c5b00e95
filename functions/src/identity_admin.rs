//! Who the identity API says a user is *now*: `GET {identity.url}/admin/users/{id}` with the
//! admin token Netlify puts in the client context.
//!
//! A token's roles are the roles its holder had when it was signed, up to an hour ago. A
//! privileged function asks the identity API instead, through [`IdentityAdmin`], so that a
//! deleted or demoted admin stops as soon as the change is made. The trait keeps the handler's
//! decision testable on the host; [`HttpIdentityAdmin`] is the one real implementation.
//!
//! ```
//! # async fn demo() -> Result<(), functions::identity_admin::IdentityAdminError> {
//! use functions::identity_admin::{HttpIdentityAdmin, IdentityAdmin};
//! use functions::{AdminToken, IdentityEndpoint};
//! let endpoint = IdentityEndpoint {
//!     url: "http://127.0.0.1:1/.netlify/identity".into(),
//!     token: AdminToken::new("admin.jwt"),
//! };
//! // Nothing listens on port 1: an error, never a guess.
//! assert!(HttpIdentityAdmin::default().user(&endpoint, "u1").await.is_err());
//! # Ok(()) }
//! ```

use std::fmt;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use async_trait::async_trait;
use http_body_util::{BodyExt as _, Empty, Limited};
use hyper::body::Bytes;
use hyper::header::{ACCEPT, AUTHORIZATION};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use identity_core::wire::User;

use crate::context::IdentityEndpoint;

/// How long one lookup may take, connection included. A function has 10 s on Netlify; a
/// moderator waiting longer than this would rather retry.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

/// Largest user object read. GoTrue users are a few KiB; metadata is capped by the token size.
const MAX_USER_BYTES: usize = 256 * 1024;

/// Why the identity API could not say who a user is. Every case means *unknown*, never *no*:
/// the caller must not act on the token's roles instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdentityAdminError {
    /// `identity.url` plus the path is not a URL.
    #[error("the identity URL `{0}` is not a URL")]
    BadUrl(String),
    /// The HTTPS client could not be set up (the TLS provider refused its configuration).
    #[error("the HTTPS client could not be set up: {0}")]
    Client(String),
    /// No connection, or it broke before the answer was read.
    #[error("the identity API could not be reached: {0}")]
    Unreachable(String),
    /// No answer in time.
    #[error("the identity API did not answer within {0:?}")]
    Timeout(Duration),
    /// An answer other than 200 or 404 (a 5xx, or a 401 for an admin token it refused).
    #[error("the identity API answered {0}")]
    Status(u16),
    /// A 200 whose body is not a GoTrue user.
    #[error("the identity API sent a user that does not read: {0}")]
    Unreadable(String),
}

/// The identity admin API, as far as the functions use it.
#[async_trait]
pub trait IdentityAdmin: Send + Sync {
    /// The user with id `id` as the identity instance at `endpoint` has it now: `Ok(None)` when
    /// there is no such user (404), an error when the answer is not known.
    async fn user(
        &self,
        endpoint: &IdentityEndpoint,
        id: &str,
    ) -> Result<Option<User>, IdentityAdminError>;
}

type HttpsClient = Client<HttpsConnector<HttpConnector>, Empty<Bytes>>;

/// [`IdentityAdmin`] over HTTP(S): hyper-util's pooled client with rustls (ring, webpki roots).
///
/// The client is built on the first lookup, not at start, so functions that never look a user
/// up pay nothing at cold start; a warm function reuses its connection.
pub struct HttpIdentityAdmin {
    client: OnceLock<Result<HttpsClient, IdentityAdminError>>,
    timeout: Duration,
}

impl Default for HttpIdentityAdmin {
    fn default() -> Self {
        Self::with_timeout(DEFAULT_TIMEOUT)
    }
}

impl fmt::Debug for HttpIdentityAdmin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpIdentityAdmin")
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl HttpIdentityAdmin {
    /// A client whose lookups give up after `timeout`.
    pub fn with_timeout(timeout: Duration) -> Self {
        Self {
            client: OnceLock::new(),
            timeout,
        }
    }

    fn client(&self) -> Result<&HttpsClient, IdentityAdminError> {
        self.client
            .get_or_init(build_client)
            .as_ref()
            .map_err(Clone::clone)
    }
}

fn build_client() -> Result<HttpsClient, IdentityAdminError> {
    // ring, named explicitly: the process may link more than one rustls provider.
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let connector = hyper_rustls::HttpsConnectorBuilder::new()
        .with_provider_and_webpki_roots(provider)
        .map_err(|e| IdentityAdminError::Client(e.to_string()))?
        // Netlify's identity URL is https; the local stack's is plain http on loopback.
        .https_or_http()
        .enable_http1()
        .build();
    Ok(Client::builder(TokioExecutor::new()).build(connector))
}

/// GoTrue's ids are UUIDs; anything that could change the path (a `/`, `?`, `%`, `..`) is not
/// an id of any user.
fn is_path_safe_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

#[async_trait]
impl IdentityAdmin for HttpIdentityAdmin {
    async fn user(
        &self,
        endpoint: &IdentityEndpoint,
        id: &str,
    ) -> Result<Option<User>, IdentityAdminError> {
        if !is_path_safe_id(id) {
            return Ok(None);
        }
        let client = self.client()?;
        let url = format!("{}/admin/users/{id}", endpoint.url.trim_end_matches('/'));
        let uri: hyper::Uri = url
            .parse()
            .map_err(|_| IdentityAdminError::BadUrl(endpoint.url.clone()))?;
        let request = hyper::Request::get(uri)
            .header(AUTHORIZATION, format!("Bearer {}", endpoint.token.expose()))
            .header(ACCEPT, "application/json")
            .body(Empty::new())
            .map_err(|_| IdentityAdminError::BadUrl(endpoint.url.clone()))?;
        let call = async {
            let response = client
                .request(request)
                .await
                .map_err(|e| IdentityAdminError::Unreachable(error_chain(&e)))?;
            let status = response.status().as_u16();
            let body = Limited::new(response.into_body(), MAX_USER_BYTES)
                .collect()
                .await
                .map_err(|e| IdentityAdminError::Unreachable(e.to_string()))?
                .to_bytes();
            Ok::<_, IdentityAdminError>((status, body))
        };
        let (status, body) = tokio::time::timeout(self.timeout, call)
            .await
            .map_err(|_| IdentityAdminError::Timeout(self.timeout))??;
        match status {
            200 => serde_json::from_slice(&body)
                .map(Some)
                .map_err(|e| IdentityAdminError::Unreadable(e.to_string())),
            404 => Ok(None),
            other => Err(IdentityAdminError::Status(other)),
        }
    }
}

/// The error and its causes on one line: hyper-util's top error says only "client error".
fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_uuid_shaped_ids_reach_the_path() {
        assert!(is_path_safe_id("5d6a9a6e-0000-4000-8000-000000000001"));
        for bad in ["", "../admin", "a/b", "a?b", "a%2fb", "a b"] {
            assert!(!is_path_safe_id(bad), "{bad}");
        }
    }

    #[tokio::test]
    async fn an_id_that_is_no_uuid_names_no_user_without_a_call() {
        let endpoint = IdentityEndpoint {
            url: "http://127.0.0.1:1/.netlify/identity".into(),
            token: crate::AdminToken::new("t"),
        };
        let admin = HttpIdentityAdmin::default();
        assert_eq!(admin.user(&endpoint, "../users").await, Ok(None));
    }

    /// A stand-in identity API on loopback: `ada` is an admin, `gone` is absent, `boom` fails;
    /// every answer needs the admin token.
    async fn identity_api() -> IdentityEndpoint {
        use axum::extract::Path;
        use axum::http::{HeaderMap, StatusCode};
        use axum::response::IntoResponse;
        async fn get_user(Path(id): Path<String>, headers: HeaderMap) -> axum::response::Response {
            if headers.get("authorization").and_then(|v| v.to_str().ok())
                != Some("Bearer admin.jwt")
            {
                return StatusCode::UNAUTHORIZED.into_response();
            }
            match id.as_str() {
                "ada" => axum::Json(serde_json::json!({
                    "id": "ada", "aud": "", "role": "", "email": "ada@example.com",
                    "app_metadata": {"provider": "email", "roles": ["admin"]},
                    "user_metadata": {},
                    "created_at": "2026-01-01T09:00:00Z", "updated_at": "2026-01-01T09:00:00Z"
                }))
                .into_response(),
                "boom" => StatusCode::BAD_GATEWAY.into_response(),
                "junk" => "not a user".into_response(),
                _ => StatusCode::NOT_FOUND.into_response(),
            }
        }
        let router = axum::Router::new().route(
            "/.netlify/identity/admin/users/{id}",
            axum::routing::get(get_user),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, router).await });
        IdentityEndpoint {
            url: format!("http://{addr}/.netlify/identity/"),
            token: crate::AdminToken::new("admin.jwt"),
        }
    }

    #[tokio::test]
    async fn answers_are_read_as_user_absent_or_unknown() {
        let endpoint = identity_api().await;
        let admin = HttpIdentityAdmin::default();
        let ada = admin.user(&endpoint, "ada").await.unwrap().unwrap();
        assert!(ada.has_role("admin"));
        assert_eq!(admin.user(&endpoint, "gone").await, Ok(None));
        assert_eq!(
            admin.user(&endpoint, "boom").await,
            Err(IdentityAdminError::Status(502))
        );
        assert!(matches!(
            admin.user(&endpoint, "junk").await,
            Err(IdentityAdminError::Unreadable(_))
        ));
        let wrong_token = IdentityEndpoint {
            token: crate::AdminToken::new("other"),
            ..endpoint
        };
        assert_eq!(
            admin.user(&wrong_token, "ada").await,
            Err(IdentityAdminError::Status(401))
        );
    }

    #[tokio::test]
    async fn a_silent_identity_api_times_out() {
        // Accepts connections and never answers.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((stream, _)) = listener.accept().await {
                held.push(stream);
            }
        });
        let endpoint = IdentityEndpoint {
            url: format!("http://{addr}/.netlify/identity"),
            token: crate::AdminToken::new("t"),
        };
        let admin = HttpIdentityAdmin::with_timeout(Duration::from_millis(200));
        assert_eq!(
            admin.user(&endpoint, "u1").await,
            Err(IdentityAdminError::Timeout(Duration::from_millis(200)))
        );
    }

    #[tokio::test]
    async fn nothing_listening_is_unreachable() {
        let endpoint = IdentityEndpoint {
            url: "http://127.0.0.1:1/.netlify/identity".into(),
            token: crate::AdminToken::new("t"),
        };
        let admin = HttpIdentityAdmin::default();
        assert!(matches!(
            admin.user(&endpoint, "u1").await,
            Err(IdentityAdminError::Unreachable(_))
        ));
    }
}
