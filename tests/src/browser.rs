use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::error::CmdError;
use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};
use tempfile::TempDir;

/// Why a browser could not be started.
#[derive(Debug, thiserror::Error)]
pub enum BrowserError {
    #[error("cannot start chromedriver ({path}): {source}")]
    Driver {
        path: String,
        source: std::io::Error,
    },
    #[error("chromedriver did not accept a session within 20 s: {0}")]
    Session(String),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// Headless Chromium, driven through its own ChromeDriver, with a fresh
/// profile. Both end when this is dropped.
pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: TempDir,
}

/// The flags a closed network needs: without them Chromium keeps trying to
/// reach Google's services.
const CHROMIUM_ARGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1200,900",
];

impl Browser {
    pub async fn start() -> Result<Browser, BrowserError> {
        let chromium = env_or("CHROMIUM", "/usr/bin/chromium");
        let chromedriver = env_or("CHROMEDRIVER", "/usr/bin/chromedriver");
        let port = free_port()?;
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|source| BrowserError::Driver {
                path: chromedriver.clone(),
                source,
            })?;
        let profile = tempfile::tempdir()?;

        let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        let mut capabilities = Capabilities::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({ "binary": chromium, "args": args }),
        );
        capabilities.insert(
            "goog:loggingPrefs".into(),
            serde_json::json!({ "browser": "ALL" }),
        );

        let url = format!("http://127.0.0.1:{port}");
        let mut last_error = String::new();
        for _ in 0..100 {
            let connected = ClientBuilder::new(HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&url)
                .await;
            match connected {
                Ok(client) => {
                    return Ok(Browser {
                        client,
                        driver,
                        _profile: profile,
                    })
                }
                Err(error) => last_error = error.to_string(),
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        let mut driver = driver;
        let _ = driver.kill();
        Err(BrowserError::Session(last_error))
    }

    /// Every message the pages logged at error level since the last call
    /// (uncaught exceptions, failed loads, Content-Security-Policy refusals,
    /// `console.error`), read from ChromeDriver's browser log.
    pub async fn console_errors(&self) -> Result<Vec<String>, CmdError> {
        self.console(&["SEVERE"]).await
    }

    /// [`Browser::console_errors`] and the warnings (`console.warn`, where Leptos reports a
    /// hydration mismatch).
    pub async fn console_warnings_and_errors(&self) -> Result<Vec<String>, CmdError> {
        self.console(&["SEVERE", "WARNING"]).await
    }

    async fn console(&self, levels: &[&str]) -> Result<Vec<String>, CmdError> {
        let log = ChromeDriver {
            path: "se/log",
            body: json!({"type": "browser"}),
        };
        let entries = self.client.issue_cmd(log).await?;
        Ok(entries
            .as_array()
            .into_iter()
            .flatten()
            .filter(|entry| levels.iter().any(|level| entry["level"] == *level))
            .map(|entry| entry["message"].as_str().unwrap_or_default().to_owned())
            .collect())
    }

    /// Ends the session cleanly (Chromium exits), then the driver.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
    }
}

/// Runs a Chrome DevTools Protocol command (`Page.addScriptToEvaluateOnNewDocument`,
/// `Network.setCacheDisabled`, …) in the browser `client` drives, and returns its result.
pub async fn cdp(client: &Client, cmd: &str, params: Value) -> Result<Value, CmdError> {
    let command = ChromeDriver {
        path: "goog/cdp/execute",
        body: json!({"cmd": cmd, "params": params}),
    };
    client.issue_cmd(command).await
}

/// A ChromeDriver endpoint of a session outside the W3C protocol (its browser
/// log, DevTools commands), which fantoccini has no method for.
#[derive(Debug)]
struct ChromeDriver {
    path: &'static str,
    body: Value,
}

impl WebDriverCompatibleCommand for ChromeDriver {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        let session = session_id.unwrap_or_default();
        base_url.join(&format!("session/{session}/{}", self.path))
    }

    fn method_and_body(&self, _url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

fn free_port() -> std::io::Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}
