//! The server side of a server-rendered app (feature `ssr`): who a request comes from.
//!
//! The widget keeps the access token in the `nf_jwt` cookie, which the browser sends with every
//! document request, and API calls send it as `Authorization: Bearer`. A [`Verifier`] checks
//! either under the rules the functions use — HS256 with the identity secret, `exp` — and gives
//! a [`VerifiedUser`], or nobody: a missing, forged or expired token is never a guess.
//!
//! Put the verifier in the Leptos context of every request (with `leptos_axum`, in the
//! context closure of `leptos_routes_with_context`); [`provide_identity`](crate::provide_identity)
//! then renders the page for the request's user, and [`request_user`] answers in a server
//! function. With the `axum` feature, [`VerifiedUser`] is also an axum extractor.
//!
//! ```
//! use leptos_identity::server::Verifier;
//! let verifier = Verifier::new("the identity secret");
//! let mut headers = http::HeaderMap::new();
//! headers.insert(http::header::COOKIE, "nf_jwt=not.a.token".parse().unwrap());
//! assert!(verifier.user_of(&headers).is_none());
//! ```

#[cfg(feature = "axum")]
mod extract;
mod user;

use std::fmt;
use std::sync::Arc;

use http::header::{ACCEPT_LANGUAGE, AUTHORIZATION, COOKIE};
use http::HeaderMap;
use identity_core::visitor;
use leptos::prelude::use_context;

use crate::i18n::Locale;
#[cfg(feature = "axum")]
pub use extract::Unauthorized;
pub use user::VerifiedUser;

/// Verifies the access tokens requests carry, with the identity API's JWT secret (on Netlify
/// the site's JWT secret; in the local stack `GOTRUE_JWT_SECRET`, or the one it writes to its
/// data directory).
#[derive(Clone)]
pub struct Verifier {
    secret: Arc<[u8]>,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier").finish_non_exhaustive()
    }
}

impl Verifier {
    /// A verifier for tokens signed with `secret`.
    pub fn new(secret: impl AsRef<[u8]>) -> Self {
        Self {
            secret: Arc::from(secret.as_ref()),
        }
    }

    /// The verified user of a request with these headers, now.
    pub fn user_of(&self, headers: &HeaderMap) -> Option<VerifiedUser> {
        self.user_at(headers, unix_now())
    }

    /// The verified user of a request with these headers at `now` (unix seconds): its
    /// `Authorization: Bearer` token when it has an `Authorization` header, else its `nf_jwt`
    /// cookie.
    pub fn user_at(&self, headers: &HeaderMap, now: i64) -> Option<VerifiedUser> {
        let authorization = match headers.get(AUTHORIZATION) {
            // A header that is not text is a bad Authorization, not a missing one.
            Some(value) => Some(value.to_str().ok()?),
            None => None,
        };
        let cookies = headers
            .get_all(COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok());
        visitor::user_claims(authorization, cookies, &self.secret, now).map(VerifiedUser::new)
    }
}

/// The verified user of the request being rendered or served, from the Leptos context: the
/// [`Verifier`] the app provides and the request's `http::request::Parts` (which `leptos_axum`
/// provides for every render and server function). `None` without either.
///
/// ```
/// // Outside a request there is nobody.
/// assert!(leptos_identity::server::request_user().is_none());
/// ```
pub fn request_user() -> Option<VerifiedUser> {
    let verifier = use_context::<Verifier>()?;
    let parts = use_context::<http::request::Parts>()?;
    verifier.user_of(&parts.headers)
}

/// The locale the request's `Accept-Language` asks for, if the widget speaks one.
pub(crate) fn request_locale() -> Option<Locale> {
    let parts = use_context::<http::request::Parts>()?;
    let header = parts.headers.get(ACCEPT_LANGUAGE)?.to_str().ok()?;
    Locale::from_accept_language(header)
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}
