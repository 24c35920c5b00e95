//! The local stack: one server that stands in for Netlify on a laptop.
//!
//! It serves the built site from `dist/` the way Netlify's CDN does (SPA
//! fallback, MIME types, cache headers, precompressed files). One router per
//! area, merged in [`app`].

pub mod static_site;

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::Router;
use tokio::net::TcpListener;

/// Where the local stack finds its inputs.
#[derive(Debug, Clone)]
pub struct Config {
    /// The built site, as `trunk build` leaves it.
    pub dist: PathBuf,
}

/// Everything the local stack serves.
pub fn app(config: &Config) -> Router {
    static_site::router(&config.dist)
}

/// Binds `addr` and serves [`app`] until the process ends.
///
/// ```no_run
/// # async fn run() -> std::io::Result<()> {
/// let config = dev_server::Config { dist: "dist".into() };
/// dev_server::serve(config, "127.0.0.1:8888".parse().unwrap()).await
/// # }
/// ```
pub async fn serve(config: Config, addr: SocketAddr) -> std::io::Result<()> {
    let listener = TcpListener::bind(addr).await?;
    serve_on(config, listener).await
}

/// Serves [`app`] on a listener that is already bound (tests bind port 0).
pub async fn serve_on(config: Config, listener: TcpListener) -> std::io::Result<()> {
    axum::serve(listener, app(&config)).await
}
