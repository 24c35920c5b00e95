//! Authenticated requests: a fresh `Authorization: Bearer` token on every
//! call, and one retry after a refresh if the server still says 401.

use gloo_net::http::{Request, Response};

use crate::identity::Identity;
use crate::IdentityError;

impl Identity {
    /// Sends the request `make` builds, with `Authorization: Bearer <token>`.
    ///
    /// `make` gets the header value and may be called twice: once with the
    /// current token, and once more after a refresh if the answer was 401.
    /// With a fresh token that is exactly one request.
    ///
    /// ```rust,ignore
    /// let response = identity
    ///     .fetch(|auth| {
    ///         Request::post("/.netlify/functions/submit-comment")
    ///             .header("Authorization", auth)
    ///             .json(&comment)
    ///     })
    ///     .await?;
    /// ```
    pub async fn fetch<F>(self, make: F) -> Result<Response, IdentityError>
    where
        F: Fn(&str) -> Result<Request, gloo_net::Error>,
    {
        let token = self.jwt().await?;
        let response = send(&make, &token).await?;
        if response.status() != 401 {
            return Ok(response);
        }
        let session = self.refresh().await?;
        send(&make, &session.token.access_token).await
    }
}

async fn send<F>(make: &F, token: &str) -> Result<Response, IdentityError>
where
    F: Fn(&str) -> Result<Request, gloo_net::Error>,
{
    let request =
        make(&format!("Bearer {token}")).map_err(|e| IdentityError::Decode(e.to_string()))?;
    request
        .send()
        .await
        .map_err(|e| IdentityError::Network(e.to_string()))
}
