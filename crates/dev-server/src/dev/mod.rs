//! Dev-only pages of the local stack: the mailbox and the fake OAuth consent page.

mod mailbox;

use std::sync::Arc;

use axum::routing::get;
use axum::{middleware, Router};

use crate::allowed_hosts::AllowedHosts;
use crate::identity::{consent, cors, token, IdentityApi};

/// `/__dev/mail`, `/__dev/mailbox`, `/__dev/oauth/consent`, `/__dev/oauth/avatar.svg`.
/// `allowed` decides which origins may read the mail list.
pub fn router(identity: IdentityApi, allowed: Arc<AllowedHosts>) -> Router {
    // The mail list answers CORS to trusted origins only (loopback on any port among them:
    // the widget's browser tests read it from the wasm-bindgen runner's page). It hands out
    // every token, so it is never cached either.
    let mail = Router::new()
        .route("/__dev/mail", get(mailbox::list_json))
        .layer(middleware::map_response(token::no_store))
        .layer(middleware::from_fn_with_state(allowed, cors::cors));
    Router::new()
        .merge(mail)
        .route("/__dev/mailbox", get(mailbox::page))
        .route(
            "/__dev/oauth/consent",
            get(consent::consent_page).post(consent::consent_submit),
        )
        .route("/__dev/oauth/avatar.svg", get(consent::avatar))
        .with_state(identity)
}
