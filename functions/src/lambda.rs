//! The Lambda adapter: Netlify's event in, [`Request`] and [`NetlifyContext`] out, and
//! [`Response`] back as Netlify's response shape. Each binary in `src/bin/` is one call to
//! [`run`].
//!
//! The event type is our own and lenient (every field optional): the `aws_lambda_events` types
//! require `requestContext`, which Netlify's events do not carry.

use std::collections::HashMap;
use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;

use base64::Engine as _;
use lambda_runtime::{service_fn, LambdaEvent};
use serde::{Deserialize, Deserializer, Serialize};

use crate::app::{system_clock, App, Function, Limits};
use crate::context::NetlifyContext;
use crate::error::ApiError;
use crate::handlers::identity_signup::{identity_signup, AdminEmails};
use crate::posts::{PostSlugs, PostsError};
use crate::request::Request;
use crate::response::Response;
use crate::store::{open_from_env, StoreError};

/// Environment variable with the path of the site's `content/posts.json` at run time.
pub const POSTS_INDEX: &str = "POSTS_INDEX";

/// The post index embedded at build time from the file named by `FUNCTIONS_POSTS_INDEX`
/// (empty when it was not set). Netlify ships only the binary, so this is how a deployed
/// function knows the posts.
const EMBEDDED_POSTS_INDEX: &str = include_str!(concat!(env!("OUT_DIR"), "/posts_index.json"));

/// The event Netlify sends a Lambda-compatible function (`@netlify/functions` `HandlerEvent`).
/// Every field is optional and `null` reads as empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NetlifyEvent {
    /// `GET`, `POST`, ...
    #[serde(default, deserialize_with = "nullable")]
    pub http_method: String,
    /// The path, e.g. `/.netlify/functions/list-comments`.
    #[serde(default, deserialize_with = "nullable")]
    pub path: String,
    /// The full URL.
    #[serde(default, deserialize_with = "nullable")]
    pub raw_url: String,
    /// The query string without `?`, undecoded.
    #[serde(default, deserialize_with = "nullable")]
    pub raw_query: String,
    /// Headers, one value each (lowercase names on Netlify).
    #[serde(default, deserialize_with = "nullable")]
    pub headers: HashMap<String, String>,
    /// Headers with every value.
    #[serde(default, deserialize_with = "nullable")]
    pub multi_value_headers: HashMap<String, Vec<String>>,
    /// Decoded query parameters, last value wins.
    #[serde(default, deserialize_with = "nullable")]
    pub query_string_parameters: HashMap<String, String>,
    /// Decoded query parameters with every value.
    #[serde(default, deserialize_with = "nullable")]
    pub multi_value_query_string_parameters: HashMap<String, Vec<String>>,
    /// The body, base64 when `is_base64_encoded`.
    #[serde(default, deserialize_with = "nullable")]
    pub body: String,
    /// Whether `body` is base64.
    #[serde(default, deserialize_with = "nullable")]
    pub is_base64_encoded: bool,
}

/// What the function returns to Netlify (`HandlerResponse`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NetlifyResponse {
    /// HTTP status.
    pub status_code: u16,
    /// Headers.
    pub headers: HashMap<String, String>,
    /// The body text.
    pub body: String,
    /// Always `false`: bodies are JSON text.
    pub is_base64_encoded: bool,
}

fn nullable<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

impl NetlifyEvent {
    /// The request the handlers see. Fails only when a base64 body does not decode.
    pub fn into_request(self) -> Result<Request, ApiError> {
        let mut req = Request::new(&self.http_method);
        req.query = if !self.raw_query.is_empty() {
            identity_core::form::parse(self.raw_query.trim_start_matches('?'))
        } else if !self.multi_value_query_string_parameters.is_empty() {
            sorted(self.multi_value_query_string_parameters)
                .into_iter()
                .flat_map(|(k, vs)| vs.into_iter().map(move |v| (k.clone(), v)))
                .collect()
        } else {
            sorted(self.query_string_parameters)
        };
        req.headers = if !self.multi_value_headers.is_empty() {
            sorted(self.multi_value_headers)
                .into_iter()
                .flat_map(|(k, vs)| {
                    let k = k.to_ascii_lowercase();
                    vs.into_iter().map(move |v| (k.clone(), v))
                })
                .collect()
        } else {
            sorted(self.headers)
                .into_iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), v))
                .collect()
        };
        req.body = if self.is_base64_encoded {
            base64::engine::general_purpose::STANDARD
                .decode(self.body.trim())
                .map_err(|_| ApiError::InvalidJson("the base64 body does not decode".to_owned()))?
        } else {
            self.body.into_bytes()
        };
        Ok(req)
    }
}

/// Deterministic order for map-shaped inputs (so "repeated parameter" checks are stable).
fn sorted<V>(map: HashMap<String, V>) -> Vec<(String, V)> {
    let mut pairs: Vec<_> = map.into_iter().collect();
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    pairs
}

impl From<Response> for NetlifyResponse {
    fn from(response: Response) -> Self {
        // Our bodies are serde_json output, always UTF-8.
        let body = String::from_utf8(response.body).unwrap_or_default();
        Self {
            status_code: response.status,
            headers: response.headers.into_iter().collect(),
            body,
            is_base64_encoded: false,
        }
    }
}

/// The caller's context from the Lambda context (`client_context.custom["netlify"]`).
pub fn context_of(lambda: &lambda_runtime::Context) -> NetlifyContext {
    let now = system_clock()().secs;
    lambda
        .client_context
        .as_ref()
        .map(|cc| NetlifyContext::from_custom(&cc.custom, now))
        .unwrap_or_default()
}

/// Why a function could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The store could not be opened.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The post index could not be read.
    #[error(transparent)]
    Posts(#[from] PostsError),
    /// No post index anywhere.
    #[error("no post index: set {POSTS_INDEX} to content/posts.json, or build with FUNCTIONS_POSTS_INDEX")]
    NoPosts,
}

/// The posts: `POSTS_INDEX` at run time, else the index embedded at build time.
pub fn posts_from_env() -> Result<PostSlugs, StartError> {
    if let Some(path) = std::env::var_os(POSTS_INDEX).filter(|p| !p.is_empty()) {
        return Ok(PostSlugs::load(&PathBuf::from(path))?);
    }
    if EMBEDDED_POSTS_INDEX.trim().is_empty() {
        return Err(StartError::NoPosts);
    }
    Ok(PostSlugs::from_index_json(EMBEDDED_POSTS_INDEX)?)
}

/// The app as the environment configures it: store ([`open_from_env`]), posts
/// ([`posts_from_env`]) and `ADMIN_EMAILS`.
pub async fn app_from_env() -> Result<App, StartError> {
    let posts = posts_from_env()?;
    let store = open_from_env().await?;
    Ok(App::new(store, Arc::new(posts)).with_admin_emails(AdminEmails::from_env()))
}

/// Handles one Lambda invocation with `handler`.
pub async fn invoke<F, Fut>(
    handler: &F,
    event: LambdaEvent<NetlifyEvent>,
) -> Result<NetlifyResponse, lambda_runtime::Error>
where
    F: Fn(Request, NetlifyContext) -> Fut,
    Fut: Future<Output = Response>,
{
    let ctx = context_of(&event.context);
    let response = match event.payload.into_request() {
        Ok(req) => handler(req, ctx).await,
        Err(error) => error.into(),
    };
    Ok(response.into())
}

/// Runs the Lambda loop for `function` until the runtime stops it.
pub async fn run(function: Function) -> Result<(), lambda_runtime::Error> {
    lambda_runtime::tracing::init_default_subscriber();
    if function == Function::IdentitySignup {
        // Needs no database: its answer depends on ADMIN_EMAILS only.
        let admins = AdminEmails::from_env();
        let handler = move |req: Request, _ctx: NetlifyContext| {
            let response = identity_signup(&admins, Limits::default(), &req);
            async move { response }
        };
        return lambda_runtime::run(service_fn(|ev| invoke(&handler, ev))).await;
    }
    // A database that is down or starting when the process starts is no reason to fail the
    // start: Netlify would answer the caller with an error of its own (no JSON, no
    // `Retry-After`) and start again on the next request. Each invocation tries to open the
    // store until it opens, and answers 503 with `Retry-After` meanwhile. A configuration
    // error (bad URL, no post index, a failed migration) still fails the start, loudly.
    let opened = match app_from_env().await {
        Ok(app) => Some(app),
        Err(StartError::Store(error)) if error.is_unavailable() => {
            tracing::warn!(%error, "comment store unavailable at start; opening it on the next request");
            None
        }
        Err(error) => return Err(error.into()),
    };
    let app = Arc::new(tokio::sync::OnceCell::new_with(opened));
    let handler = move |req: Request, ctx: NetlifyContext| {
        let app = app.clone();
        async move {
            match app.get_or_try_init(app_from_env).await {
                Ok(app) => app.handle(function, &req, &ctx).await,
                Err(error) => {
                    tracing::warn!(%error, "comment store still unavailable");
                    ApiError::StoreUnavailable.into()
                }
            }
        }
    };
    lambda_runtime::run(service_fn(|ev| invoke(&handler, ev))).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn netlify_event_without_request_context_parses() {
        let event: NetlifyEvent = serde_json::from_value(json!({
            "rawUrl": "https://site.example/.netlify/functions/list-comments?post=a",
            "rawQuery": "post=a&limit=2",
            "path": "/.netlify/functions/list-comments",
            "httpMethod": "GET",
            "headers": {"accept": "application/json"},
            "multiValueHeaders": {"accept": ["application/json"]},
            "queryStringParameters": {"post": "a", "limit": "2"},
            "multiValueQueryStringParameters": {"post": ["a"], "limit": ["2"]},
            "body": null,
            "isBase64Encoded": false
        }))
        .unwrap();
        let req = event.into_request().unwrap();
        assert_eq!(req.method, "GET");
        assert_eq!(
            req.query,
            [("post".into(), "a".into()), ("limit".into(), "2".into())]
        );
        assert_eq!(req.header("Accept"), Some("application/json"));
        assert!(req.body.is_empty());
    }

    #[test]
    fn empty_event_is_an_empty_request() {
        let event: NetlifyEvent = serde_json::from_value(json!({})).unwrap();
        assert_eq!(event.into_request().unwrap(), Request::new(""));
    }

    #[test]
    fn repeated_query_parameters_survive_without_raw_query() {
        let event: NetlifyEvent = serde_json::from_value(json!({
            "multiValueQueryStringParameters": {"post": ["a", "b"]}
        }))
        .unwrap();
        assert_eq!(event.into_request().unwrap().query.len(), 2);
    }

    #[test]
    fn base64_body_is_decoded_and_bad_base64_refused() {
        let event: NetlifyEvent =
            serde_json::from_value(json!({"body": "eyJhIjoxfQ==", "isBase64Encoded": true}))
                .unwrap();
        assert_eq!(event.into_request().unwrap().body, br#"{"a":1}"#);
        let bad: NetlifyEvent =
            serde_json::from_value(json!({"body": "%%%", "isBase64Encoded": true})).unwrap();
        assert!(bad.into_request().is_err());
    }

    #[test]
    fn response_keeps_status_headers_and_json_text() {
        let r = NetlifyResponse::from(Response::from(ApiError::Unauthorized));
        assert_eq!(r.status_code, 401);
        assert_eq!(
            r.headers.get("content-type").map(String::as_str),
            Some("application/json; charset=utf-8")
        );
        assert!(r.body.contains("\"unauthorized\""));
        let wire = serde_json::to_value(&r).unwrap();
        assert_eq!(wire["statusCode"], 401);
        assert_eq!(wire["isBase64Encoded"], false);
    }
}
