use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{bail, Context};
use tracing_subscriber::EnvFilter;

const USAGE: &str = "usage: dev-server [--dist DIR] [--addr HOST:PORT]

Serves the built blog the way Netlify does.
  --dist DIR        the built site (default: dist)
  --addr HOST:PORT  where to listen (default: 127.0.0.1:8888)";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();

    let mut dist = PathBuf::from("dist");
    let mut addr: SocketAddr = ([127, 0, 0, 1], 8888).into();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .with_context(|| format!("{arg} needs a value\n\n{USAGE}"))
        };
        match arg.as_str() {
            "--dist" => dist = value()?.into(),
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
    println!("The blog is at http://{addr}");
    dev_server::serve_on(dev_server::Config { dist }, listener).await?;
    Ok(())
}
