//! The local stack as a child process, for the widget's browser tests: a
//! fresh data directory, a free loopback port, stopped on drop.

use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};

use crate::cmd;

pub struct LocalStack {
    child: Child,
    data: PathBuf,
    /// `http://127.0.0.1:<port>`
    pub origin: String,
}

impl LocalStack {
    /// Builds `dev-server` (with `selection`, the packages and features of the builds
    /// around it, so its dependencies are built once), starts it serving `dist` behind the
    /// site's `netlify.toml`, and waits until it accepts connections.
    pub fn start(dist: &std::path::Path, selection: &[&str]) -> anyhow::Result<LocalStack> {
        cmd::run(
            cmd::new("cargo")
                .args(["build", "--quiet", "--bin", "dev-server"])
                .args(selection),
        )?;
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let data = std::env::temp_dir().join(format!("blog-test-stack-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&data);
        let binary = crate::root().join("target/debug/dev-server");
        let child = cmd::new(&binary)
            .arg("--dist")
            .arg(dist)
            .arg("--data")
            .arg(&data)
            .args(["--addr", &format!("127.0.0.1:{port}")])
            .arg("--netlify-toml")
            .arg(crate::root().join("netlify.toml"))
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .with_context(|| format!("cannot start {}", binary.display()))?;
        let stack = LocalStack {
            child,
            data,
            origin: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                bail!("the local stack did not start on port {port}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(stack)
    }
}

impl Drop for LocalStack {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.data);
    }
}
