use std::net::SocketAddr;
use std::path::Path;

use tokio::task::JoinHandle;

/// The local stack, serving a built site on a free loopback port.
pub struct Stack {
    pub addr: SocketAddr,
    task: JoinHandle<std::io::Result<()>>,
}

impl Stack {
    pub async fn start(dist: &Path) -> std::io::Result<Stack> {
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
        let config = dev_server::Config {
            dist: dist.to_path_buf(),
        };
        let task = tokio::spawn(dev_server::serve_on(config, listener));
        Ok(Stack { addr, task })
    }

    /// An absolute URL on this stack.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

impl Drop for Stack {
    fn drop(&mut self) {
        self.task.abort();
    }
}
