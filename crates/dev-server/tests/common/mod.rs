//! A real local stack on loopback per test, with its own data directory.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::Arc;

use dev_server::identity::passwords::PasswordParams;
use dev_server::identity::{IdentityHooks, NoHooks};
use dev_server::{Config, IdentityApi};
use reqwest::{Client, Response, StatusCode};
use serde_json::{json, Value};
use tempfile::TempDir;
use tokio::task::JoinHandle;

pub const SECRET: &str = "test-jwt-secret-for-the-local-stack";
pub const PASSWORD: &str = "correct horse battery staple";
pub const ADMIN_EMAIL: &str = "admin@example.com";
pub const ADMIN_PASSWORD: &str = "admin-password";

pub struct Server {
    pub addr: SocketAddr,
    pub identity: IdentityApi,
    pub client: Client,
    pub data: Arc<TempDir>,
    pub dist: Arc<TempDir>,
    config: Config,
    hooks: Arc<dyn IdentityHooks>,
    /// Whole stack (`dev_server::app`, the site's functions included) or the
    /// identity API with `hooks`.
    with_functions: bool,
    task: JoinHandle<Result<(), dev_server::Error>>,
}

pub fn test_config(dist: &TempDir, data: &TempDir) -> Config {
    let mut config = Config::new(dist.path(), data.path());
    config.identity.jwt_secret = Some(SECRET.to_owned());
    config.identity.password = PasswordParams::fast_for_tests();
    config
}

impl Server {
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    pub async fn start_with(change: impl FnOnce(&mut Config)) -> Self {
        Self::start_with_hooks(change, Arc::new(NoHooks)).await
    }

    /// The whole stack, the site's functions included, for a site whose only
    /// post is `post`.
    pub async fn start_with_functions(post: &str) -> Self {
        Self::start_inner(|_| {}, Arc::new(NoHooks), Some(post)).await
    }

    pub async fn start_with_hooks(
        change: impl FnOnce(&mut Config),
        hooks: Arc<dyn IdentityHooks>,
    ) -> Self {
        Self::start_inner(change, hooks, None).await
    }

    async fn start_inner(
        change: impl FnOnce(&mut Config),
        hooks: Arc<dyn IdentityHooks>,
        post: Option<&str>,
    ) -> Self {
        let dist = tempfile::tempdir().unwrap();
        std::fs::write(
            dist.path().join("index.html"),
            "<!doctype html><title>blog</title>",
        )
        .unwrap();
        if let Some(slug) = post {
            std::fs::create_dir_all(dist.path().join("content")).unwrap();
            let index = json!({"posts": [{"slug": slug, "title": "T", "date": "2026-11-20", "summary": "S"}]});
            std::fs::write(dist.path().join("content/posts.json"), index.to_string()).unwrap();
        }
        let data = tempfile::tempdir().unwrap();
        let mut config = test_config(&dist, &data);
        change(&mut config);
        Self::launch(
            config,
            Arc::new(dist),
            Arc::new(data),
            hooks,
            post.is_some(),
        )
        .await
    }

    async fn launch(
        config: Config,
        dist: Arc<TempDir>,
        data: Arc<TempDir>,
        hooks: Arc<dyn IdentityHooks>,
        with_functions: bool,
    ) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let site = format!("http://{addr}");
        let app = if with_functions {
            dev_server::app(&config, &site).await.unwrap()
        } else {
            dev_server::app_with_hooks(&config, &site, hooks.clone())
                .await
                .unwrap()
        };
        let task = tokio::spawn(dev_server::serve_router(app.router, listener));
        let client = Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Server {
            addr,
            identity: app.identity,
            client,
            data,
            dist,
            config,
            hooks,
            with_functions,
            task,
        }
    }

    /// Stops this server and starts a new one on the same data directory.
    pub async fn restart(self) -> Self {
        self.task.abort();
        self.identity.close().await;
        Self::launch(
            self.config.clone(),
            self.dist.clone(),
            self.data.clone(),
            self.hooks.clone(),
            self.with_functions,
        )
        .await
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn id_url(&self, path: &str) -> String {
        self.url(&format!("/.netlify/identity{path}"))
    }

    pub async fn post_json(&self, path: &str, body: Value) -> Response {
        self.client
            .post(self.id_url(path))
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    pub async fn signup(&self, email: &str, password: &str) -> Response {
        self.post_json("/signup", json!({"email": email, "password": password}))
            .await
    }

    pub async fn login(&self, email: &str, password: &str) -> Response {
        self.client
            .post(self.id_url("/token"))
            .form(&[
                ("grant_type", "password"),
                ("username", email),
                ("password", password),
            ])
            .send()
            .await
            .unwrap()
    }

    pub async fn refresh(&self, refresh_token: &str) -> Response {
        self.client
            .post(self.id_url("/token"))
            .form(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", refresh_token),
            ])
            .send()
            .await
            .unwrap()
    }

    pub async fn get_user(&self, token: &str) -> Response {
        self.client
            .get(self.id_url("/user"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    pub async fn put_user(&self, token: &str, body: Value) -> Response {
        self.client
            .put(self.id_url("/user"))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    pub async fn mail(&self) -> Vec<Value> {
        let r = self
            .client
            .get(self.url("/__dev/mail"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        r.json().await.unwrap()
    }

    /// The newest mail of `kind` to `to`.
    pub async fn last_mail(&self, to: &str, kind: &str) -> Value {
        self.mail()
            .await
            .into_iter()
            .find(|m| m["to"] == to && m["kind"] == kind)
            .unwrap_or_else(|| panic!("no {kind} mail to {to}"))
    }

    /// Signs up, confirms through the mailbox and returns the token response.
    pub async fn confirmed_user(&self, email: &str) -> Value {
        let r = self.signup(email, PASSWORD).await;
        assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
        let mail = self.last_mail(email, "confirmation").await;
        let r = self
            .post_json("/verify", json!({"type": "signup", "token": mail["token"]}))
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        r.json().await.unwrap()
    }

    pub fn system_token(&self) -> String {
        self.identity.system_token(60).unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The body of an error response and its status.
pub async fn error(r: Response) -> (StatusCode, Value) {
    let status = r.status();
    (status, r.json().await.unwrap())
}

/// The claims of a JWT, read without checking (tests only).
pub fn claims(jwt: &str) -> Value {
    use base64::Engine;
    let payload = jwt.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}
