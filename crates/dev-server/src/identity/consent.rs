//! The local stand-in for an OAuth provider's consent screen (`/__dev/oauth/*`).
//!
//! `/authorize` sends the browser here; "Approve" and "Deny" send it on to `/callback` the
//! way a provider would, with `?code=..&state=..` or `?error=access_denied&...`. The code is
//! a five-minute, single-use token carrying the profile the user typed (email, name).

use axum::extract::{RawQuery, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Redirect, Response};
use identity_core::form;
use identity_core::jwt::encode;
use identity_core::wire::Provider;
use serde::{Deserialize, Serialize};

use super::error::IdentityApiError;
use super::external::{code_key, read_state, FLOW_LIFETIME_SECS};
use super::random::random_token;
use super::store::users;
use super::IdentityApi;
use crate::clock::now_secs;
use crate::html::escape;

#[derive(Serialize)]
struct CodeClaims<'a> {
    exp: i64,
    sub: &'static str,
    /// Its id, recorded when redeemed (see [`super::oauth_codes`]).
    jti: &'a str,
    provider: &'a str,
    email: &'a str,
    full_name: &'a str,
}

/// The fake provider's answer (the consent form).
#[derive(Debug, Deserialize)]
pub struct ConsentForm {
    #[serde(default)]
    state: String,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    full_name: String,
}

fn provider_label(p: Provider) -> &'static str {
    match p {
        Provider::Github => "GitHub",
        Provider::Gitlab => "GitLab",
        Provider::Google => "Google",
        Provider::Bitbucket => "Bitbucket",
        Provider::Facebook => "Facebook",
        Provider::Saml => "SAML",
    }
}

/// `GET /__dev/oauth/consent?state=S`: the stand-in for the provider's consent screen.
pub async fn consent_page(
    State(identity): State<IdentityApi>,
    RawQuery(query): RawQuery,
) -> Result<Response, IdentityApiError> {
    let pairs = form::parse(query.as_deref().unwrap_or(""));
    let state = form::first(&pairs, "state").unwrap_or("");
    let flow = read_state(&identity, state)
        .ok_or_else(|| IdentityApiError::bad_request("OAuth state is invalid"))?;
    let mut email = format!("{}.user@example.com", flow.provider.as_str());
    if let Some(token) = &flow.invite_token {
        let mut conn = identity.store.read().await?;
        if let Some(invited) = users::find_by_confirmation_token(&mut conn, token).await? {
            email = invited.email;
        }
    }
    let label = provider_label(flow.provider);
    let page = format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in with {label} (local)</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}}
label{{display:block;margin:.8rem 0 .2rem}}input{{width:100%;padding:.4rem;box-sizing:border-box}}
.actions{{margin-top:1.2rem;display:flex;gap:.6rem}}button{{padding:.5rem 1rem}}</style></head>
<body>
<h1>Sign in with {label}</h1>
<p>This is the local stack's stand-in for {label}. No data leaves this machine.
The site asks for your name and email address.</p>
<form method="post" action="/__dev/oauth/consent">
<input type="hidden" name="state" value="{state}">
<label for="email">Email ({label} account)</label>
<input id="email" name="email" type="email" value="{email}" required>
<label for="full_name">Name</label>
<input id="full_name" name="full_name" value="{name}">
<div class="actions">
<button type="submit" name="decision" value="approve" id="approve">Approve</button>
<button type="submit" name="decision" value="deny" id="deny">Deny</button>
</div>
</form>
</body></html>"#,
        state = escape(state),
        email = escape(&email),
        name = escape(&format!("{label} User")),
    );
    Ok(Html(page).into_response())
}

/// `POST /__dev/oauth/consent`: the fake provider redirects back to `/callback`.
pub async fn consent_submit(
    State(identity): State<IdentityApi>,
    axum::Form(f): axum::Form<ConsentForm>,
) -> Result<Response, IdentityApiError> {
    let flow = read_state(&identity, &f.state)
        .ok_or_else(|| IdentityApiError::bad_request("OAuth state is invalid"))?;
    let query = if f.decision == "approve" {
        let id = random_token()?;
        let code = encode(
            &CodeClaims {
                exp: now_secs() + FLOW_LIFETIME_SECS,
                sub: "oauth-code",
                jti: &id,
                provider: flow.provider.as_str(),
                email: f.email.trim(),
                full_name: f.full_name.trim(),
            },
            &code_key(&identity),
        )?;
        form::serialize([("code", code.as_str()), ("state", f.state.as_str())])
    } else {
        form::serialize([
            ("error", "access_denied"),
            ("error_description", "The user denied the request"),
            ("state", f.state.as_str()),
        ])
    };
    Ok(Redirect::to(&format!("/.netlify/identity/callback?{query}")).into_response())
}

/// `GET /__dev/oauth/avatar.svg`: the avatar every fake provider hands out.
pub async fn avatar() -> Response {
    (
        [(header::CONTENT_TYPE, "image/svg+xml")],
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><circle cx="32" cy="32" r="32" fill="#6b7280"/><circle cx="32" cy="25" r="11" fill="#e5e7eb"/><path d="M12 54c4-11 12-16 20-16s16 5 20 16" fill="#e5e7eb"/></svg>"##,
    )
        .into_response()
}
