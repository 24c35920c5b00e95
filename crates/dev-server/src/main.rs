use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{bail, Context};
use tracing_subscriber::EnvFilter;

const USAGE: &str =
    "usage: dev-server [--dist DIR] [--data DIR] [--addr HOST:PORT] [--netlify-toml FILE]

Serves the built blog the way Netlify does, with a local Netlify Identity (GoTrue) API.
  --dist DIR           the built site (default: dist); its _headers file is applied
  --data DIR           where users, tokens and mail are kept (default: .data)
  --addr HOST:PORT     where to listen (default: 127.0.0.1:8888)
  --netlify-toml FILE  the site's redirect and header rules (default: netlify.toml
                       in the current directory, if there is one)

Identity settings come from GoTrue's variables (GOTRUE_JWT_SECRET, GOTRUE_JWT_EXP,
GOTRUE_MAILER_AUTOCONFIRM, GOTRUE_DISABLE_SIGNUP, GOTRUE_SITE_URL, ...); see
crates/dev-server/README.md.";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();

    let mut dist = PathBuf::from("dist");
    let mut data = PathBuf::from(".data");
    let mut addr: SocketAddr = ([127, 0, 0, 1], 8888).into();
    let mut netlify_toml = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .with_context(|| format!("{arg} needs a value\n\n{USAGE}"))
        };
        match arg.as_str() {
            "--dist" => dist = value()?.into(),
            "--data" => data = value()?.into(),
            "--netlify-toml" => netlify_toml = Some(PathBuf::from(value()?)),
            "--addr" => {
                addr = value()?
                    .parse()
                    .context("--addr must look like 127.0.0.1:8888")?
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => bail!("unknown argument `{other}`\n\n{USAGE}"),
        }
    }
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
