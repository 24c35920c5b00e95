//! The GoTrue HTTP calls, one function each, on the wire types of
//! `identity-core`.

use gloo_net::http::{Request, RequestBuilder, Response};
use identity_core::wire::{
    ApiError, RecoverRequest, Settings, SignupRequest, TokenGrant, TokenResponse, User, UserUpdate,
    VerifyRequest,
};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::cookie::ServerCookie;
use crate::IdentityError;

/// A GoTrue endpoint, e.g. `https://example.com/.netlify/identity`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoTrue {
    url: String,
    server_cookie: Option<ServerCookie>,
}

impl GoTrue {
    /// A client for the identity API at `url` (no trailing slash needed).
    pub fn new(url: impl Into<String>) -> Self {
        let url = url.into().trim_end_matches('/').to_owned();
        Self {
            url,
            server_cookie: None,
        }
    }

    /// The same client, asking the identity API to keep the access token in its own
    /// `HttpOnly` `nf_jwt` cookie (`X-Use-Cookie`) on every call that issues tokens, and
    /// letting the browser keep (and, at `/logout`, drop) that cookie even when the API is on
    /// another origin.
    pub fn with_server_cookie(mut self, server_cookie: Option<ServerCookie>) -> Self {
        self.server_cookie = server_cookie;
        self
    }

    /// On a call where GoTrue sets or clears its cookie: `X-Use-Cookie` (where tokens are
    /// issued) and credentials, without which a browser ignores a cross-origin `Set-Cookie`.
    fn cookie_flow(&self, builder: RequestBuilder, issues_tokens: bool) -> RequestBuilder {
        let Some(mode) = self.server_cookie else {
            return builder;
        };
        let builder = builder.credentials(web_sys::RequestCredentials::Include);
        if issues_tokens {
            builder.header("X-Use-Cookie", mode.header_value())
        } else {
            builder
        }
    }

    /// The base URL, as stored in the session's `url`.
    pub fn url(&self) -> &str {
        &self.url
    }

    fn endpoint(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }

    /// `GET /settings`.
    pub async fn settings(&self) -> Result<Settings, IdentityError> {
        receive(send(Request::get(&self.endpoint("/settings"))).await?).await
    }

    /// `POST /signup`: the new user; no tokens unless the site autoconfirms.
    pub async fn signup(&self, request: &SignupRequest) -> Result<User, IdentityError> {
        let builder = Request::post(&self.endpoint("/signup"));
        receive(send_json(builder, request).await?).await
    }

    /// `POST /token` with a password or refresh-token grant (form-encoded).
    pub async fn token(&self, grant: &TokenGrant) -> Result<TokenResponse, IdentityError> {
        let request = self
            .cookie_flow(Request::post(&self.endpoint("/token")), true)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(grant.to_form())
            .map_err(|e| IdentityError::Network(e.to_string()))?;
        let response = request
            .send()
            .await
            .map_err(|e| IdentityError::Network(e.to_string()))?;
        receive(response).await
    }

    /// `POST /verify`: redeems an emailed token for a session.
    pub async fn verify(&self, request: &VerifyRequest) -> Result<TokenResponse, IdentityError> {
        let builder = self.cookie_flow(Request::post(&self.endpoint("/verify")), true);
        receive(send_json(builder, request).await?).await
    }

    /// `POST /recover`: emails a recovery link.
    pub async fn recover(&self, email: &str) -> Result<(), IdentityError> {
        let request = RecoverRequest {
            email: email.to_owned(),
        };
        let builder = Request::post(&self.endpoint("/recover"));
        expect_ok(send_json(builder, &request).await?).await
    }

    /// `GET /user` as the holder of `access_token`.
    pub async fn user(&self, access_token: &str) -> Result<User, IdentityError> {
        let builder = authed(Request::get(&self.endpoint("/user")), access_token);
        receive(send(builder).await?).await
    }

    /// `PUT /user`: metadata, password, email change.
    pub async fn update_user(
        &self,
        access_token: &str,
        update: &UserUpdate,
    ) -> Result<User, IdentityError> {
        let builder = authed(Request::put(&self.endpoint("/user")), access_token);
        receive(send_json(builder, update).await?).await
    }

    /// `POST /logout`: revokes every refresh token of the user.
    pub async fn logout(&self, access_token: &str) -> Result<(), IdentityError> {
        let builder = self.cookie_flow(Request::post(&self.endpoint("/logout")), false);
        let builder = authed(builder, access_token);
        expect_ok(send(builder).await?).await
    }

    /// Where the browser goes to log in with an external provider, tied to
    /// an invite when `invite_token` is given.
    pub fn authorize_url(&self, provider: &str, invite_token: Option<&str>) -> String {
        let mut url = format!(
            "{}?provider={}",
            self.endpoint("/authorize"),
            identity_core::form::encode_component(provider)
        );
        if let Some(token) = invite_token {
            url.push_str("&invite_token=");
            url.push_str(&identity_core::form::encode_component(token));
        }
        url
    }
}

fn authed(builder: RequestBuilder, access_token: &str) -> RequestBuilder {
    builder.header("Authorization", &format!("Bearer {access_token}"))
}

async fn send(builder: RequestBuilder) -> Result<Response, IdentityError> {
    builder
        .send()
        .await
        .map_err(|e| IdentityError::Network(e.to_string()))
}

async fn send_json<T: Serialize>(
    builder: RequestBuilder,
    body: &T,
) -> Result<Response, IdentityError> {
    let request = builder
        .json(body)
        .map_err(|e| IdentityError::Decode(e.to_string()))?;
    request
        .send()
        .await
        .map_err(|e| IdentityError::Network(e.to_string()))
}

async fn receive<T: DeserializeOwned>(response: Response) -> Result<T, IdentityError> {
    let text = body_text(response).await?;
    serde_json::from_str(&text).map_err(|e| IdentityError::Decode(e.to_string()))
}

async fn expect_ok(response: Response) -> Result<(), IdentityError> {
    body_text(response).await.map(drop)
}

async fn body_text(response: Response) -> Result<String, IdentityError> {
    let status = response.status();
    let text = response
        .text()
        .await
        .map_err(|e| IdentityError::Network(e.to_string()))?;
    if (200..300).contains(&status) {
        Ok(text)
    } else {
        Err(IdentityError::Api(ApiError::from_response(status, &text)))
    }
}
