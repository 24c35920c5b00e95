//! `cargo xtask dev`: the whole blog on http://127.0.0.1:8888.

use crate::{cmd, site, tools};

pub fn run() -> anyhow::Result<()> {
    let tools = tools::setup(tools::Needs::BUILD)?;
    site::build(&tools)?;
    cmd::run(
        cmd::new("cargo")
            .args(["run", "-p", "dev-server", "--", "--dist"])
            .arg(site::dist()),
    )
}
