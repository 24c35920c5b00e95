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

use axum::Router;
use tokio::net::TcpListener;

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
    let (inner, identity) = areas(config, site_url, hooks.clone(), rules.headers).await?;
    hooks.sign_with(identity.jwt_secret());
    let inner = inner.merge(functions::router(site_functions, identity.clone()));
    let router =
        static_site::with_redirects(inner, rules.redirects, &config.dist, identity.jwt_secret());
    Ok(App { router, identity })
}

/// The identity API, dev pages and site, without the functions, and with `hooks` called on
/// `validate`, `signup` and `login` (see [`identity::hook_point`]).
pub async fn app_with_hooks(
    config: &Config,
    site_url: &str,
    hooks: Arc<dyn identity::IdentityHooks>,
) -> Result<App, Error> {
    let rules = netlify::SiteRules::load(config.netlify_toml.as_deref(), &config.dist)?;
    let (inner, identity) = areas(config, site_url, hooks, rules.headers).await?;
    let router =
        static_site::with_redirects(inner, rules.redirects, &config.dist, identity.jwt_secret());
    Ok(App { router, identity })
}

/// The identity API, the dev pages and the site's files, merged; not yet behind the
/// redirect rules, so that routes added later (the functions) are reachable by rewrites.
async fn areas(
    config: &Config,
    site_url: &str,
    hooks: Arc<dyn identity::IdentityHooks>,
    headers: netlify::HeaderRules,
) -> Result<(Router, IdentityApi), Error> {
    let site = config
        .identity
        .site_url
        .clone()
        .unwrap_or_else(|| site_url.to_owned());
    let identity =
        IdentityApi::open_with_hooks(config.identity.clone(), &config.data, &site, hooks).await?;
    let router = Router::new()
        .nest("/.netlify/identity", identity::router(identity.clone()))
        .merge(dev::router(identity.clone()))
        .merge(static_site::router(&config.dist, Arc::new(headers)));
    Ok((router, identity))
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

/// Serves an already-built router with client addresses (the `/token` limiter needs them).
pub async fn serve_router(router: Router, listener: TcpListener) -> Result<(), Error> {
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .await?;
    Ok(())
}
