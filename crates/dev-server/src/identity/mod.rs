//! A GoTrue-compatible identity API (Netlify Identity), mounted at `/.netlify/identity`.
//!
//! One file per concern: request parsing and auth in [`auth`] and [`body`], decisions in
//! [`rate_limit`] and [`passwords`], what is signed or drawn in [`access_token`], [`cookie`]
//! and [`random`], the identity event functions' hook point in [`hook_point`], persistence
//! in [`store`], and a handler module per area of GoTrue's API (`/token` in [`token`]). The
//! wire types all come from `identity-core`.

pub mod access_token;
pub mod admin;
pub mod auth;
pub mod body;
pub mod config;
pub mod consent;
pub mod cookie;
pub mod cors;
pub mod email;
pub mod error;
pub mod external;
pub mod hook_point;
pub mod invite;
pub mod logout;
pub mod mailer;
pub mod oauth_codes;
pub mod passwords;
pub mod random;
pub mod rate_limit;
pub mod recover;
pub mod seed;
pub mod settings;
pub mod signup;
pub mod store;
pub mod token;
pub mod user;
pub mod verify;

use std::path::Path;
use std::sync::{Arc, Mutex};

use axum::handler::Handler;
use axum::routing::{get, post};
use axum::Router;
use identity_core::wire::Password;

pub use config::{ConfigError, IdentityConfig};
pub use error::IdentityApiError;
pub use hook_point::{IdentityHooks, NoHooks};

use crate::allowed_hosts::AllowedHosts;
use passwords::{PasswordError, PasswordHasherArgon};
use rate_limit::RateLimiter;
use store::{Store, StoreError};

/// The identity API could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The database.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Seeding the admin or reading settings failed.
    #[error("identity database: {0}")]
    Database(#[from] sqlx::Error),
    /// The password hasher (bad Argon2 parameters).
    #[error(transparent)]
    Password(#[from] PasswordError),
    /// The JWT secret file.
    #[error("JWT secret file {path}: {source}")]
    Secret {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// Anything else while seeding.
    #[error("seeding the admin: {0}")]
    Seed(String),
}

/// Shared state of the identity API. Cheap to clone.
///
/// Named apart from the browser widget's `leptos_identity::Identity` (a visitor's session):
/// this is the server, and the two never meet in one build.
#[derive(Clone)]
pub struct IdentityApi {
    inner: Arc<Inner>,
}

/// The state behind [`IdentityApi`]; its fields are private to the crate.
pub struct Inner {
    pub(crate) config: IdentityConfig,
    pub(crate) secret: Vec<u8>,
    pub(crate) site_url: String,
    pub(crate) store: Store,
    pub(crate) hasher: PasswordHasherArgon,
    pub(crate) limiter: Mutex<RateLimiter>,
    pub(crate) hooks: Arc<dyn IdentityHooks>,
    pub(crate) oauth_codes: oauth_codes::OAuthCodes,
}

impl std::ops::Deref for IdentityApi {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.inner
    }
}

impl IdentityApi {
    /// Opens `<data>/identity.db`, resolves the JWT secret and seeds the admin on first
    /// start. `site_url` is where links point (no trailing slash).
    pub async fn open(
        config: IdentityConfig,
        data: &Path,
        site_url: &str,
    ) -> Result<Self, StartError> {
        Self::open_with_hooks(config, data, site_url, Arc::new(NoHooks)).await
    }

    /// [`IdentityApi::open`] with identity event functions (`validate`, `signup`, `login`).
    pub async fn open_with_hooks(
        config: IdentityConfig,
        data: &Path,
        site_url: &str,
        hooks: Arc<dyn IdentityHooks>,
    ) -> Result<Self, StartError> {
        let store = Store::open(data).await?;
        let secret = resolve_secret(config.jwt_secret.as_deref(), data)?;
        let params = config.password;
        let hasher = tokio::task::spawn_blocking(move || PasswordHasherArgon::new(params))
            .await
            .map_err(|e| StartError::Seed(e.to_string()))??;
        let oauth_codes =
            oauth_codes::OAuthCodes::new().map_err(|e| StartError::Seed(e.to_string()))?;
        let identity = Self {
            inner: Arc::new(Inner {
                limiter: Mutex::new(RateLimiter::new(config.rate_limit)),
                site_url: site_url.trim_end_matches('/').to_owned(),
                config,
                secret,
                store,
                hasher,
                hooks,
                oauth_codes,
            }),
        };
        seed::seed_admin(&identity).await?;
        Ok(identity)
    }

    /// The HS256 secret tokens are signed with (the functions verify users with it).
    pub fn jwt_secret(&self) -> &[u8] {
        &self.secret
    }

    /// The site URL email links and OAuth returns point to.
    pub fn site_url(&self) -> &str {
        &self.site_url
    }

    /// A fresh `{"sub":"0"}` admin token, as Netlify hands functions in
    /// `clientContext.identity.token`.
    pub fn system_token(&self, lifetime_secs: i64) -> Result<String, IdentityApiError> {
        Ok(access_token::system_token(
            &self.secret,
            lifetime_secs,
            crate::clock::now_secs(),
        )?)
    }

    /// Closes the database.
    pub async fn close(&self) {
        self.store.close().await;
    }

    /// Hashes a password off the async threads.
    pub(crate) async fn hash_password(&self, password: String) -> Result<String, IdentityApiError> {
        let identity = self.clone();
        Ok(tokio::task::spawn_blocking(move || identity.hasher.hash(&password)).await??)
    }

    /// Hashes the new password of an update (`PUT /user`, `PUT /admin/users/{id}`). An empty
    /// one is refused with 422: GoTrue would store a hash of "", and an empty password is never
    /// useful.
    pub(crate) async fn hash_new_password(
        &self,
        password: Option<&Password>,
    ) -> Result<Option<String>, IdentityApiError> {
        match password {
            None => Ok(None),
            Some(p) if p.is_empty() => Err(IdentityApiError::unprocessable(
                "Password update requires a valid password",
            )),
            Some(p) => Ok(Some(self.hash_password(p.expose().to_owned()).await?)),
        }
    }

    /// Checks a password off the async threads (a dummy hash when `stored` is `None`).
    pub(crate) async fn check_password(
        &self,
        password: String,
        stored: Option<String>,
    ) -> Result<bool, IdentityApiError> {
        let identity = self.clone();
        Ok(tokio::task::spawn_blocking(move || {
            identity.hasher.verify(&password, stored.as_deref())
        })
        .await?)
    }

    /// Whether cookies get `Secure` (only for an https site).
    pub(crate) fn secure_cookies(&self) -> bool {
        self.site_url.starts_with("https://")
    }
}

fn resolve_secret(configured: Option<&str>, data: &Path) -> Result<Vec<u8>, StartError> {
    if let Some(secret) = configured {
        return Ok(secret.as_bytes().to_vec());
    }
    let path = data.join("jwt_secret");
    let io = |source| StartError::Secret {
        path: path.display().to_string(),
        source,
    };
    match std::fs::read_to_string(&path) {
        Ok(text) if !text.trim().is_empty() => return Ok(text.trim().as_bytes().to_vec()),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io(e)),
    }
    let mut bytes = [0u8; 32];
    random::random_bytes(&mut bytes).map_err(|e| StartError::Seed(e.to_string()))?;
    let secret = {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    };
    std::fs::write(&path, &secret).map_err(io)?;
    Ok(secret.into_bytes())
}

/// The identity routes, to be nested at `/.netlify/identity`. `allowed` decides which
/// origins get CORS (see [`cors`]).
pub fn router(identity: IdentityApi, allowed: Arc<AllowedHosts>) -> Router {
    // Endpoints that read a JSON body refuse any other Content-Type (see body::json_only).
    let json_only = || axum::middleware::from_fn(body::json_only);
    // Answers that carry a session must never be cached (RFC 6749 §5.1).
    let no_store = || axum::middleware::map_response(token::no_store);
    Router::new()
        .route("/health", get(settings::health))
        .route("/settings", get(settings::settings))
        .route("/signup", post(signup::signup.layer(json_only())))
        .route("/token", post(token::token.layer(no_store())))
        .route(
            "/verify",
            post(verify::verify.layer(json_only()).layer(no_store())),
        )
        .route("/recover", post(recover::recover.layer(json_only())))
        .route(
            "/user",
            get(user::get_user).put(user::update_user.layer(json_only())),
        )
        .route("/logout", post(logout::logout))
        .route("/invite", post(invite::invite.layer(json_only())))
        .route(
            "/admin/users",
            get(admin::list).post(admin::create.layer(json_only())),
        )
        .route(
            "/admin/users/{id}",
            get(admin::get_one)
                .put(admin::update.layer(json_only()))
                .delete(admin::delete),
        )
        .route("/authorize", get(external::authorize))
        .route("/callback", get(external::callback.layer(no_store())))
        .fallback(not_found)
        .with_state(identity)
        .layer(axum::middleware::map_response(body::json_payload_too_large))
        .layer(axum::middleware::from_fn_with_state(allowed, cors::cors))
}

async fn not_found() -> IdentityApiError {
    IdentityApiError::not_found("Not Found")
}
