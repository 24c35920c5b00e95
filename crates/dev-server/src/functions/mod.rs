//! The site's functions at `/.netlify/functions/<name>`, run in this process
//! with the client context Netlify builds: the Bearer token is verified with
//! the identity secret, and only a valid token gives a `user`.

mod event_functions;

pub use event_functions::FunctionHooks;

use std::path::Path;
use std::sync::Arc;

use ::functions::event_signature::{EventSignature, NotAnEvent, SIGNATURE_HEADER};
use ::functions::{AdminToken, App, Function, IdentityEndpoint, NetlifyContext, PostSlugs};
use axum::body::{Body, Bytes};
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path as UrlPath, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use identity_core::jwt::Claims;

use crate::clock::now_secs;
use crate::identity::auth::bearer_token;
use crate::identity::IdentityApi;

/// Netlify's limit on a buffered function request.
const MAX_REQUEST_BYTES: usize = 6 * 1024 * 1024;
/// Lifetime of the admin token handed to a function.
const SYSTEM_TOKEN_SECS: i64 = 3600;

/// The functions could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The comment store would not open.
    #[error("comment store: {0}")]
    Store(#[from] ::functions::store::StoreError),
    /// `dist/content/posts.json` is there but unreadable.
    #[error(transparent)]
    Posts(#[from] ::functions::posts::PostsError),
}

/// Opens the functions' state: the comment store (`DATABASE_URL`, else
/// `NETLIFY_DB_URL`, else SQLite at `<data>/comments.sqlite3`) and the posts
/// the site was built with.
pub async fn open(data: &Path, dist: &Path) -> Result<Arc<App>, StartError> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let store = match var("DATABASE_URL").or_else(|| var("NETLIFY_DB_URL")) {
        Some(url) => ::functions::store::open_url(&url).await?,
        None => {
            std::fs::create_dir_all(data)
                .map_err(|e| ::functions::store::StoreError::Database(sqlx_io(e)))?;
            let path = data.join("comments.sqlite3");
            ::functions::store::open_url(&format!("sqlite:{}", path.display())).await?
        }
    };
    let index = dist.join("content/posts.json");
    let posts = if index.is_file() {
        PostSlugs::load(&index)?
    } else {
        PostSlugs::from_slugs(Vec::<String>::new())
    };
    let app =
        App::new(store, Arc::new(posts)).with_admin_emails(::functions::AdminEmails::from_env());
    Ok(Arc::new(app))
}

fn sqlx_io(error: std::io::Error) -> sqlx::Error {
    sqlx::Error::Io(error)
}

#[derive(Clone)]
struct Runner {
    app: Arc<App>,
    identity: IdentityApi,
}

/// `/.netlify/functions/{name}`.
pub fn router(app: Arc<App>, identity: IdentityApi) -> Router {
    Router::new()
        .route("/.netlify/functions/{name}", any(run))
        .layer(DefaultBodyLimit::max(MAX_REQUEST_BYTES))
        .with_state(Runner { app, identity })
}

async fn run(
    State(runner): State<Runner>,
    UrlPath(name): UrlPath<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match body {
        Ok(body) => body,
        Err(rejection) => return body_refused(rejection, &headers),
    };
    let Ok(function) = name.parse::<Function>() else {
        let body = serde_json::json!({
            "error": "not_found",
            "message": format!("There is no function named `{name}`."),
        });
        return (StatusCode::NOT_FOUND, axum::Json(body)).into_response();
    };
    if function.is_identity_event() {
        if let Err(why) = runner.verify_event(&headers, &body) {
            tracing::warn!(function = %function, %why, "refused a direct call of an event function");
            return into_axum(::functions::ApiError::NotAnEvent.into());
        }
    }
    let mut request = ::functions::Request::new(method.as_str())
        .with_query_string(uri.query().unwrap_or_default())
        .with_body(body.to_vec());
    for (name, value) in &headers {
        if let Ok(value) = value.to_str() {
            request = request.with_header(name.as_str(), value);
        }
    }
    let context = runner.context(&headers);
    let response = runner.app.handle(function, &request, &context).await;
    into_axum(response)
}

/// An unreadable body in the functions' own error shape (`{"error", "message"}`), as the
/// deployed function would answer it, instead of axum's plain-text rejection.
fn body_refused(rejection: BytesRejection, headers: &HeaderMap) -> Response {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        // The size is what the client announced; a chunked body is counted to the limit.
        let size = headers
            .get(axum::http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok()?.parse().ok())
            .unwrap_or(MAX_REQUEST_BYTES + 1);
        let error = ::functions::ApiError::PayloadTooLarge {
            size,
            limit: MAX_REQUEST_BYTES,
        };
        return into_axum(::functions::Response::from(error));
    }
    // Cut short or failed mid-way: to the function, a body that is not JSON.
    let error = ::functions::ApiError::InvalidJson(rejection.body_text());
    into_axum(::functions::Response::from(error))
}

impl Runner {
    /// What Netlify does before it invokes an event function: the request must carry
    /// GoTrue's signature, verified with the Identity JWT secret (see
    /// [`::functions::event_signature`]). Netlify answers anything else with 403 and never runs
    /// the function; so does the stack. Its own identity API calls the function in this process
    /// (`FunctionHooks`), so in practice every request that arrives here from outside is refused.
    fn verify_event(&self, headers: &HeaderMap, body: &[u8]) -> Result<(), NotAnEvent> {
        let token = headers
            .get(SIGNATURE_HEADER)
            .and_then(|v| v.to_str().ok())
            .ok_or(NotAnEvent::Unsigned)?;
        EventSignature::verify(token, body, self.identity.jwt_secret(), now_secs()).map(|_| ())
    }

    /// Exactly what a deployed function finds in `custom["netlify"]`: built,
    /// encoded and decoded the way the Lambda adapter reads it.
    fn context(&self, headers: &HeaderMap) -> NetlifyContext {
        let now = now_secs();
        let site = self.identity.site_url().trim_end_matches('/').to_owned();
        let endpoint = self
            .identity
            .system_token(SYSTEM_TOKEN_SECS)
            .ok()
            .map(|token| IdentityEndpoint {
                url: format!("{site}/.netlify/identity"),
                token: AdminToken::new(token),
            });
        let built = NetlifyContext {
            identity: endpoint,
            user: self.caller(headers, now),
            site_url: Some(site),
        };
        NetlifyContext::decode(&built.encode(), now)
    }

    /// The verified claims of the Bearer token; `None` for no token, a bad
    /// token or an expired one — never a guess.
    fn caller(&self, headers: &HeaderMap, now: i64) -> Option<Claims> {
        let token = bearer_token(headers)?;
        identity_core::jwt::verify(token, self.identity.jwt_secret(), now).ok()
    }
}

fn into_axum(response: ::functions::Response) -> Response {
    let ::functions::Response {
        status,
        headers,
        body,
    } = response;
    let mut out = Response::new(Body::from(body));
    *out.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    for (name, value) in &headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            out.headers_mut().append(name, value);
        }
    }
    out
}
