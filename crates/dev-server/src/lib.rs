//! The local stack, Netlify on a laptop: server code that browser (wasm) crates never link.
//!
//! It serves the built site from `dist/` the way Netlify's CDN does: the site's own
//! `netlify.toml` redirect rules (Role conditions included) in front of everything, and its
//! header rules (`netlify.toml` and `dist/_headers`) on the files, with MIME types and
//! precompressed files ([`netlify`], [`static_site`]). Behind the rules: a GoTrue-compatible
//! identity API at `/.netlify/identity` backed by SQLite in the data directory, the site's
//! functions at `/.netlify/functions/<name>` with the client context Netlify builds, and dev
//! pages under `/__dev` (the mailbox and the fake OAuth consent page). One router per area,
//! merged in [`app`], then wrapped in the redirect rules.

pub mod allowed_hosts;
pub mod clock;
pub mod dev;
pub mod functions;
pub mod html;
pub mod identity;
pub mod netlify;
pub mod static_site;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower::ServiceExt;

use allowed_hosts::AllowedHosts;

pub use identity::{IdentityApi, IdentityConfig};

/// Where the local stack finds its inputs.
#[derive(Debug, Clone)]
pub struct Config {
    /// The built site, as `trunk build` leaves it.
    pub dist: PathBuf,
    /// Where state lives (`identity.db`, `jwt_secret`).
    pub data: PathBuf,
    /// The identity API's settings (see [`IdentityConfig::from_env`]).
    pub identity: IdentityConfig,
    /// The site's `netlify.toml`, whose `[[redirects]]` and `[[headers]]` the stack applies.
    /// `None` (or a missing file): no rules from it. `<dist>/_headers` is read either way.
    pub netlify_toml: Option<PathBuf>,
    /// Host names the stack answers to besides loopback and the site URL's host (`--allowed-host`,
    /// `DEV_ALLOWED_HOSTS`), for reaching it by a LAN name; see [`allowed_hosts`].
    pub allowed_hosts: Vec<String>,
}

impl Config {
    /// Default identity settings (no environment read) for `dist` and `data`, and no
    /// `netlify.toml`.
    pub fn new(dist: impl Into<PathBuf>, data: impl Into<PathBuf>) -> Self {
        Self {
            dist: dist.into(),
            data: data.into(),
            identity: IdentityConfig::default(),
            netlify_toml: None,
            allowed_hosts: Vec::new(),
        }
    }

    /// The same, applying the rules of `netlify_toml`.
    ///
    /// ```
    /// let config = dev_server::Config::new("dist", ".data").with_netlify_toml("netlify.toml");
    /// assert!(config.netlify_toml.is_some());
    /// ```
    pub fn with_netlify_toml(mut self, netlify_toml: impl Into<PathBuf>) -> Self {
        self.netlify_toml = Some(netlify_toml.into());
        self
    }
}

/// The local stack could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Listening or serving failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// The identity API could not open its database or seed its admin.
    #[error(transparent)]
    Identity(#[from] identity::StartError),
    /// The functions could not open their store or read the posts.
    #[error(transparent)]
    Functions(#[from] functions::StartError),
    /// The site's `netlify.toml` or `_headers` is unreadable or wrong.
    #[error(transparent)]
    Site(#[from] netlify::ConfigError),
}

/// The running stack's parts, for callers that need the identity state (the functions
/// runner uses its JWT secret and system token).
#[derive(Clone)]
pub struct App {
    /// Everything the stack serves.
    pub router: Router,
    /// The identity API state.
    pub identity: IdentityApi,
}

/// Everything the local stack serves. `site_url` is used when the configuration names none.
/// The site's `identity-signup` function runs on GoTrue's `signup` event.
pub async fn app(config: &Config, site_url: &str) -> Result<App, Error> {
    let rules = netlify::SiteRules::load(config.netlify_toml.as_deref(), &config.dist)?;
    let site_functions = functions::open(&config.data, &config.dist).await?;
    let hooks = Arc::new(functions::FunctionHooks::new(site_functions.clone()));
    let (inner, identity, allowed) = areas(config, site_url, hooks.clone(), rules.headers).await?;
    hooks.sign_with(identity.jwt_secret());
    let inner = inner.merge(functions::router(site_functions, identity.clone()));
    let router =
        static_site::with_redirects(inner, rules.redirects, &config.dist, identity.jwt_secret());
    Ok(App {
        router: with_host_check(router, allowed),
        identity,
    })
}

/// The identity API, dev pages and site, without the functions, and with `hooks` called on
/// `validate`, `signup` and `login` (see [`identity::hook_point`]).
pub async fn app_with_hooks(
    config: &Config,
    site_url: &str,
    hooks: Arc<dyn identity::IdentityHooks>,
) -> Result<App, Error> {
    let rules = netlify::SiteRules::load(config.netlify_toml.as_deref(), &config.dist)?;
    let (inner, identity, allowed) = areas(config, site_url, hooks, rules.headers).await?;
    let router =
        static_site::with_redirects(inner, rules.redirects, &config.dist, identity.jwt_secret());
    Ok(App {
        router: with_host_check(router, allowed),
        identity,
    })
}

/// The `Host` check around everything, redirects included, so that a name that is not ours
/// reaches nothing (see [`allowed_hosts`]).
fn with_host_check(router: Router, allowed: Arc<AllowedHosts>) -> Router {
    router.layer(axum::middleware::from_fn_with_state(
        allowed,
        allowed_hosts::check_host,
    ))
}

/// The identity API, the dev pages and the site's files, merged; not yet behind the
/// redirect rules, so that routes added later (the functions) are reachable by rewrites.
/// Also the names the stack answers to (the site URL's host and the configured ones).
async fn areas(
    config: &Config,
    site_url: &str,
    hooks: Arc<dyn identity::IdentityHooks>,
    headers: netlify::HeaderRules,
) -> Result<(Router, IdentityApi, Arc<AllowedHosts>), Error> {
    let site = config
        .identity
        .site_url
        .clone()
        .unwrap_or_else(|| site_url.to_owned());
    let identity =
        IdentityApi::open_with_hooks(config.identity.clone(), &config.data, &site, hooks).await?;
    let allowed = Arc::new(AllowedHosts::new(&site, &config.allowed_hosts));
    let router = Router::new()
        .nest(
            "/.netlify/identity",
            identity::router(identity.clone(), allowed.clone()),
        )
        .merge(dev::router(identity.clone(), allowed.clone()))
        .merge(static_site::router(&config.dist, Arc::new(headers)));
    Ok((router, identity, allowed))
}

/// Binds `addr` and serves [`app`] until the process ends.
///
/// ```no_run
/// # async fn run() -> Result<(), dev_server::Error> {
/// let config = dev_server::Config::new("dist", ".data");
/// dev_server::serve(config, "127.0.0.1:8888".parse().unwrap()).await
/// # }
/// ```
pub async fn serve(config: Config, addr: SocketAddr) -> Result<(), Error> {
    let listener = TcpListener::bind(addr).await?;
    serve_on(config, listener).await
}

/// Serves [`app`] on a listener that is already bound (tests bind port 0). Without a
/// configured site URL, links point at `http://<listener address>`.
pub async fn serve_on(config: Config, listener: TcpListener) -> Result<(), Error> {
    let addr = listener.local_addr()?;
    let App { router, .. } = app(&config, &format!("http://{addr}")).await?;
    serve_router(router, listener).await
}

/// How long a client may take to send a request's headers before its connection is closed.
/// Bounds a slow-loris client (half a request, then silence), which would otherwise hold a
/// connection and a task for as long as it likes.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves an already-built router with client addresses (the `/token` limiter needs them),
/// over HTTP/1.1, closing a connection whose request headers take longer than
/// [`HEADER_READ_TIMEOUT`] (also before the first byte, and between keep-alive requests).
///
/// `axum::serve` cannot do this: it gives hyper no timer, and without one hyper's
/// header-read timeout never fires.
pub async fn serve_router(router: Router, listener: TcpListener) -> Result<(), Error> {
    loop {
        let (stream, remote) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(e) => {
                // Out of file descriptors and the like: wait, as axum::serve does, rather
                // than stop serving or spin.
                tracing::warn!("accept failed: {e}");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        let service =
            router
                .clone()
                .map_request(move |mut request: axum::http::Request<Incoming>| {
                    request.extensions_mut().insert(ConnectInfo(remote));
                    request.map(Body::new)
                });
        tokio::spawn(async move {
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_READ_TIMEOUT)
                .serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
            if let Err(e) = connection.await {
                tracing::debug!(%remote, "connection ended: {e}");
            }
        });
    }
}
