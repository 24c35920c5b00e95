use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use tokio::task::JoinHandle;

/// The local stack, serving a built site on a free loopback port behind the site's own
/// `netlify.toml` (redirects with Role conditions, headers) and the build's `_headers`,
/// with its identity data in a temporary directory removed when the stack is dropped.
pub struct Stack {
    pub addr: SocketAddr,
    /// The identity API state (JWT secret, system token for admin calls).
    pub identity: dev_server::IdentityApi,
    task: JoinHandle<Result<(), dev_server::Error>>,
    _data: tempfile::TempDir,
}

impl Stack {
    pub async fn start(dist: &Path) -> std::io::Result<Stack> {
        Self::start_with(dist, |_| {}).await
    }

    /// [`Stack::start`] with a change to the configuration (say, short-lived tokens).
    pub async fn start_with(
        dist: &Path,
        change: impl FnOnce(&mut dev_server::Config),
    ) -> std::io::Result<Stack> {
        if !dist.join("index.html").is_file() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!(
                    "{} has no index.html: run `cargo xtask build` first",
                    dist.display()
                ),
            ));
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let data = tempfile::tempdir()?;
        let mut config = dev_server::Config::new(dist, data.path());
        config.netlify_toml = site_netlify_toml();
        // Cheap password hashing: browser tests log in often.
        config.identity.password =
            dev_server::identity::passwords::PasswordParams::fast_for_tests();
        change(&mut config);
        let app = dev_server::app(&config, &format!("http://{addr}"))
            .await
            .map_err(std::io::Error::other)?;
        let task = tokio::spawn(dev_server::serve_router(app.router, listener));
        Ok(Stack {
            addr,
            identity: app.identity,
            task,
            _data: data,
        })
    }

    /// An absolute URL on this stack.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

/// The site's `netlify.toml`, at the workspace root: the first one above this crate's
/// manifest (this file is also compiled into the dev-server's tests, one level deeper).
fn site_netlify_toml() -> Option<PathBuf> {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|dir| dir.join("netlify.toml"))
        .find(|path| path.is_file())
}

impl Drop for Stack {
    fn drop(&mut self) {
        self.task.abort();
    }
}
