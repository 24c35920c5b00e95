//! `GET /health` and `GET /settings`.

use axum::extract::State;
use axum::Json;
use identity_core::wire::{Health, Settings};

use super::IdentityApi;

/// `GET /health`: `{"version", "name": "GoTrue", "description"}`.
pub async fn health() -> Json<Health> {
    Json(Health::gotrue(concat!(
        "dev-server-",
        env!("CARGO_PKG_VERSION")
    )))
}

/// `GET /settings`: the public switches the widget reads.
pub async fn settings(State(identity): State<IdentityApi>) -> Json<Settings> {
    Json(Settings {
        external: identity.config.external.clone(),
        external_labels: Default::default(),
        disable_signup: identity.config.disable_signup,
        autoconfirm: identity.config.autoconfirm,
    })
}
