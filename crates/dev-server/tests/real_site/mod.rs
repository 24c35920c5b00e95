//! The site's real `netlify.toml` (the workspace root's) in front of a small `dist` whose
//! every file says which it is, and a raw HTTP/1.1 client: `reqwest` (like every WHATWG URL
//! parser) resolves `.` and `..` before sending, so it cannot send the spellings the local
//! stack has to resolve itself.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use identity_core::jwt::{encode, Claims};
use serde_json::json;
use tempfile::TempDir;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The identity JWT secret of the site (and of the tokens the tests sign).
pub const SECRET: &str = "real-site-test-jwt-secret";

/// The files of the test `dist`, each with a body that names it.
pub const FILES: [(&str, &str); 8] = [
    ("index.html", "<!doctype html><title>index.html</title>"),
    ("admin.html", "<!doctype html><title>admin.html</title>"),
    ("account.html", "<!doctype html><title>account.html</title>"),
    (
        "posts/hello.html",
        "<!doctype html><title>posts/hello.html</title>",
    ),
    ("404.html", "<!doctype html><title>404.html</title>"),
    ("404.json", r#"{"file":"404.json"}"#),
    (
        "content/posts.json",
        r#"{"posts":[],"file":"content/posts.json"}"#,
    ),
    (
        "content/posts/hello.json",
        r#"{"file":"content/posts/hello.json"}"#,
    ),
];

/// The workspace's `netlify.toml`: the rules that deploy.
pub fn netlify_toml() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../netlify.toml")
}

/// The local stack serving the test `dist` behind the site's `netlify.toml`.
pub struct RealSite {
    pub addr: SocketAddr,
    pub dist: TempDir,
    _data: TempDir,
}

impl RealSite {
    pub async fn start() -> Self {
        let dist = tempfile::tempdir().unwrap();
        for (name, body) in FILES {
            let path = dist.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, body).unwrap();
        }
        let data = tempfile::tempdir().unwrap();
        let mut config =
            dev_server::Config::new(dist.path(), data.path()).with_netlify_toml(netlify_toml());
        config.identity.jwt_secret = Some(SECRET.to_owned());
        config.identity.password =
            dev_server::identity::passwords::PasswordParams::fast_for_tests();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = dev_server::app(&config, &format!("http://{addr}"))
            .await
            .unwrap();
        tokio::spawn(dev_server::serve_router(app.router, listener));
        Self {
            addr,
            dist,
            _data: data,
        }
    }

    /// `GET <target>` exactly as written, with `cookie` when given.
    pub async fn get(&self, target: &str, cookie: Option<&str>) -> RawResponse {
        raw_get(self.addr, target, cookie).await
    }
}

/// What came back, as bytes on the wire said it.
#[derive(Debug, Clone)]
pub struct RawResponse {
    pub status: u16,
    /// Lower-case names.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl RawResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The test file whose body this is, if any.
    pub fn file(&self) -> Option<&'static str> {
        FILES
            .iter()
            .find(|(_, body)| *body == self.body)
            .map(|(name, _)| *name)
    }
}

/// One HTTP/1.1 request with `Connection: close`, read to the end.
pub async fn raw_get(addr: SocketAddr, target: &str, cookie: Option<&str>) -> RawResponse {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let cookie = cookie
        .map(|c| format!("Cookie: {c}\r\n"))
        .unwrap_or_default();
    let request =
        format!("GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n{cookie}\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).await.unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status line for {target}: {text}"));
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"));
    let body = if chunked {
        unchunk(body)
    } else {
        body.to_owned()
    };
    RawResponse {
        status,
        headers,
        body,
    }
}

/// The body of a chunked response.
fn unchunk(mut rest: &str) -> String {
    let mut out = String::new();
    while let Some((size, after)) = rest.split_once("\r\n") {
        let Ok(size) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if size == 0 || after.len() < size {
            break;
        }
        out.push_str(&after[..size]);
        rest = after[size..].trim_start_matches("\r\n");
    }
    out
}

/// A visitor's `nf_jwt` as the identity API signs it: HS256 with `secret`.
pub fn signed_token(roles: &[&str], secret: &str) -> String {
    let claims: Claims = serde_json::from_value(json!({
        "exp": dev_server::clock::now_secs() + 3600,
        "sub": "4f1b2c3d-0000-4000-8000-000000000001", "email": "a@example.com",
        "app_metadata": {"provider": "email", "roles": roles}, "user_metadata": {},
    }))
    .unwrap();
    encode(&claims, secret.as_bytes()).unwrap()
}

/// An unsigned (`alg: none`) token claiming the admin role.
pub fn unsigned_admin_token() -> String {
    use base64::Engine;
    let b64 = |v: serde_json::Value| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
    };
    let header = b64(json!({"alg": "none", "typ": "JWT"}));
    let payload = b64(json!({
        "exp": dev_server::clock::now_secs() + 3600,
        "sub": "4f1b2c3d-0000-4000-8000-000000000001",
        "app_metadata": {"roles": ["admin"]},
    }));
    format!("{header}.{payload}.")
}
