//! Dev-only pages of the local stack: the mailbox and the fake OAuth consent page.

mod mailbox;

use axum::routing::get;
use axum::{middleware, Router};

use crate::identity::{consent, cors, IdentityApi};

/// `/__dev/mail`, `/__dev/mailbox`, `/__dev/oauth/consent`, `/__dev/oauth/avatar.svg`.
pub fn router(identity: IdentityApi) -> Router {
    // The mail list answers any origin too: browser tests read it from the
    // test runner's page.
    let mail = Router::new()
        .route("/__dev/mail", get(mailbox::list_json))
        .layer(middleware::from_fn(cors::cors));
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
