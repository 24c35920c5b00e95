//! `dev-server`: the local stack on a port, from the command line (see the crate README).

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{bail, Context};
use clap::Parser;
use tracing_subscriber::EnvFilter;

/// Serves the built blog the way Netlify does, with a local Netlify Identity (GoTrue) API.
#[derive(Debug, Parser)]
#[command(
    name = "dev-server",
    after_help = "Identity settings come from GoTrue's variables (GOTRUE_JWT_SECRET, GOTRUE_JWT_EXP,\n\
                  GOTRUE_MAILER_AUTOCONFIRM, GOTRUE_DISABLE_SIGNUP, GOTRUE_SITE_URL, ...); see\n\
                  crates/dev-server/README.md."
)]
struct Args {
    /// The built site; its _headers file is applied
    #[arg(long, value_name = "DIR", default_value = "dist")]
    dist: PathBuf,
    /// Where users, tokens and mail are kept
    #[arg(long, value_name = "DIR", default_value = ".data")]
    data: PathBuf,
    /// Where to listen
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:8888")]
    addr: SocketAddr,
    /// The site's redirect and header rules [default: netlify.toml in the current directory,
    /// if there is one]
    #[arg(long, value_name = "FILE")]
    netlify_toml: Option<PathBuf>,
    /// Another host name to answer to, e.g. a LAN name (repeat, or separate with commas).
    /// Loopback names and the site URL's host are always answered; any other Host gets 421
    #[arg(
        long = "allowed-host",
        value_name = "NAME",
        env = "DEV_ALLOWED_HOSTS",
        value_delimiter = ','
    )]
    allowed_hosts: Vec<String>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let Args {
        dist,
        data,
        addr,
        netlify_toml,
        allowed_hosts,
    } = Args::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();

    if !dist.join("index.html").is_file() {
        bail!(
            "{} has no index.html: build the site first (cargo xtask dev does both)",
            dist.display()
        );
    }

    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let identity = dev_server::IdentityConfig::from_env().context("identity configuration")?;
    let netlify_toml = netlify_toml.or_else(|| {
        let default = PathBuf::from("netlify.toml");
        default.is_file().then_some(default)
    });
    let config = dev_server::Config {
        dist,
        data,
        identity,
        netlify_toml,
        allowed_hosts: allowed_hosts
            .into_iter()
            .map(|h| h.trim().to_owned())
            .filter(|h| !h.is_empty())
            .collect(),
    };
    let site = format!("http://{addr}");
    let app = dev_server::app(&config, &site)
        .await
        .context("cannot start the local stack")?;
    println!("The blog is at {site}");
    println!("Identity API: {site}/.netlify/identity  (mailbox: {site}/__dev/mailbox)");
    // The admin is seeded on the first start of a data directory (see the crate README).
    println!(
        "Admin login: {} / {}  (set when the data directory is first created)",
        config.identity.admin_email, config.identity.admin_password
    );
    dev_server::serve_router(app.router, listener).await?;
    Ok(())
}
