//! The session gotrue-js keeps in `localStorage["gotrue.user"]`, so a site that switches from
//! the JS widget keeps its users logged in, and the JS widget can read what we write.

use serde::{Deserialize, Serialize};

use super::metadata::null_as_default;
use super::token::{number_or_numeric_string, TokenResponse, BEARER};
use super::user::User;
use crate::jwt::{decode_unverified, Claims, JwtError};

/// The `localStorage` key gotrue-js and netlify-identity-widget use.
pub const STORAGE_KEY: &str = "gotrue.user";

/// The stored token: the token response plus `expires_at`, the JWT `exp` in **milliseconds**.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredToken {
    /// The access JWT.
    pub access_token: String,
    /// `"bearer"`.
    #[serde(default = "bearer")]
    pub token_type: String,
    /// Seconds; a string when gotrue-js stored it from an OAuth fragment.
    #[serde(default, deserialize_with = "number_or_numeric_string")]
    pub expires_in: u64,
    /// The refresh token.
    pub refresh_token: String,
    /// `exp * 1000`; gotrue-js 1.0 treats a missing value as "never refresh", this crate falls
    /// back to the JWT's `exp`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<i64>,
}

fn bearer() -> String {
    BEARER.to_owned()
}

impl StoredToken {
    /// Stores a token response, reading `expires_at` from the JWT's `exp` (unverified).
    pub fn from_response(token: TokenResponse) -> Result<Self, JwtError> {
        let claims = decode_unverified(&token.access_token)?;
        Ok(Self::with_claims(token, &claims))
    }

    fn with_claims(token: TokenResponse, claims: &Claims) -> Self {
        Self {
            access_token: token.access_token,
            token_type: token.token_type,
            expires_in: token.expires_in,
            refresh_token: token.refresh_token,
            expires_at: Some(claims.expires_at_millis()),
        }
    }

    /// `expires_at` in milliseconds, or the JWT's `exp` when it is missing; `None` when neither
    /// can be read.
    pub fn expires_at_millis(&self) -> Option<i64> {
        self.expires_at.or_else(|| {
            decode_unverified(&self.access_token)
                .ok()
                .map(|c| c.expires_at_millis())
        })
    }

    /// Whether to refresh at `now` (unix seconds) to keep `margin` seconds in hand. A token
    /// whose expiry cannot be read needs a refresh.
    ///
    /// ```
    /// use identity_core::wire::StoredToken;
    /// let token = StoredToken { access_token: "x".into(), token_type: "bearer".into(),
    ///     expires_in: 3600, refresh_token: "r".into(), expires_at: Some(1_000_000) };
    /// assert!(!token.needs_refresh(939, 60));
    /// assert!(token.needs_refresh(940, 60));
    /// ```
    pub fn needs_refresh(&self, now: i64, margin: i64) -> bool {
        match self.expires_at_millis() {
            Some(at) => at <= now.saturating_add(margin).saturating_mul(1000),
            None => true,
        }
    }

    /// The token as the wire response (for `Authorization` and refresh).
    pub fn to_response(&self) -> TokenResponse {
        TokenResponse {
            access_token: self.access_token.clone(),
            token_type: self.token_type.clone(),
            expires_in: self.expires_in,
            refresh_token: self.refresh_token.clone(),
        }
    }
}

/// The whole stored session: `{url, audience, token, ...every User key}`.
///
/// ```
/// use identity_core::wire::StoredSession;
/// let stored = r#"{"url":"https://site/.netlify/identity","audience":"",
///   "token":{"access_token":"h.eyJleHAiOjEwMCwic3ViIjoidSJ9.s","token_type":"bearer",
///            "expires_in":3600,"refresh_token":"r","expires_at":100000},
///   "id":"u","aud":"","role":"","email":"a@b.c","app_metadata":{"provider":"email"},
///   "user_metadata":{},"created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z",
///   "_fromStorage":true}"#;
/// let session: StoredSession = serde_json::from_str(stored).unwrap();
/// assert_eq!(session.user.email, "a@b.c");
/// assert!(session.token.needs_refresh(50, 60));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredSession {
    /// The identity API base URL (`https://<site>/.netlify/identity`).
    pub url: String,
    /// The `X-JWT-AUD` audience; `""` on Netlify.
    #[serde(default, deserialize_with = "null_as_default")]
    pub audience: String,
    /// The tokens.
    pub token: StoredToken,
    /// The user fields, stored flat beside `url` and `token` as gotrue-js does.
    #[serde(flatten)]
    pub user: User,
}

impl StoredSession {
    /// A session right after login, confirm, recovery or an OAuth return.
    pub fn new(
        url: impl Into<String>,
        audience: impl Into<String>,
        token: TokenResponse,
        user: User,
    ) -> Result<Self, JwtError> {
        Ok(Self {
            url: url.into(),
            audience: audience.into(),
            token: StoredToken::from_response(token)?,
            user,
        })
    }

    /// Puts a refreshed token in place. The token carries the user's `app_metadata` (roles)
    /// and `user_metadata` as they are now on the server, so the user's copy follows it; the
    /// other user fields stay as they were. A token that cannot be read changes nothing.
    pub fn replace_token(&mut self, token: TokenResponse) -> Result<(), JwtError> {
        let claims = decode_unverified(&token.access_token)?;
        self.token = StoredToken::with_claims(token, &claims);
        self.user.app_metadata = claims.app_metadata;
        self.user.user_metadata = claims.user_metadata;
        Ok(())
    }
}

/// Sessions a server left in the page's cookies (`nf_jwt` + `nf_refresh`, see
/// [`visitor::cookie_session`](crate::visitor::cookie_session)), as `@netlify/identity` keeps
/// them: its server-side login and refresh write them, its `hydrateSession()` reads them.
impl StoredSession {
    /// The session the cookies carry, for a browser that stores none: the user as the access
    /// token's claims describe it (unverified: the identity API confirms it with `GET /user`
    /// before anything relies on it), `now` in unix seconds.
    ///
    /// ```
    /// use identity_core::wire::StoredSession;
    /// let access = "h.eyJleHAiOjM3MDAsInN1YiI6InUxIiwiZW1haWwiOiJhQGIuYyJ9.s"; // exp 3700, sub u1
    /// let session = StoredSession::from_cookies("/.netlify/identity", access, "r1", 100).unwrap();
    /// assert_eq!((session.user.id.as_str(), session.user.email.as_str()), ("u1", "a@b.c"));
    /// assert_eq!((session.token.expires_in, session.token.refresh_token.as_str()), (3600, "r1"));
    /// assert!(StoredSession::from_cookies("/.netlify/identity", "not.a.jwt", "r1", 100).is_err());
    /// ```
    pub fn from_cookies(
        url: impl Into<String>,
        access_token: &str,
        refresh_token: &str,
        now: i64,
    ) -> Result<Self, JwtError> {
        let claims = decode_unverified(access_token)?;
        let expires_in = u64::try_from(claims.exp.saturating_sub(now)).unwrap_or(0);
        let token = TokenResponse::bearer(access_token, expires_in, refresh_token);
        Ok(Self {
            url: url.into(),
            audience: claims.aud.clone(),
            token: StoredToken::with_claims(token, &claims),
            user: claims.user(),
        })
    }

    /// This session with the cookies' tokens when they are a later pair for the same user: a
    /// server refreshed the session (spending the refresh token this copy holds, which the
    /// identity API now refuses), and this copy must not spend the old one. Anything else in
    /// the cookies (another user, an older or unreadable token, the same pair) changes nothing.
    ///
    /// ```
    /// use identity_core::wire::StoredSession;
    /// let jwt = |exp| format!("h.{}.s", match exp { 3700 => "eyJleHAiOjM3MDAsInN1YiI6InUxIn0",
    ///     _ => "eyJleHAiOjc0MDAsInN1YiI6InUxIn0" }); // sub u1, exp 3700 or 7400
    /// let ours = StoredSession::from_cookies("u", &jwt(3700), "r1", 100).unwrap();
    /// let later = ours.clone().with_cookie_tokens(&jwt(7400), "r2");
    /// assert_eq!(later.token.refresh_token, "r2");
    /// assert_eq!(later.clone().with_cookie_tokens(&jwt(3700), "r1"), later);
    /// ```
    pub fn with_cookie_tokens(self, access_token: &str, refresh_token: &str) -> Self {
        let Ok(claims) = decode_unverified(access_token) else {
            return self;
        };
        let later = self
            .token
            .expires_at_millis()
            .map_or(true, |ours| claims.expires_at_millis() > ours);
        if claims.sub != self.user.id || !later || refresh_token == self.token.refresh_token {
            return self;
        }
        let token = TokenResponse::bearer(access_token, self.token.expires_in, refresh_token);
        let mut next = self;
        next.token = StoredToken::with_claims(token, &claims);
        next.user.app_metadata = claims.app_metadata;
        next.user.user_metadata = claims.user_metadata;
        next
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    use serde_json::json;

    /// The fixtures `identity-shell` reads with `JSON.parse`: both readers must agree
    /// on which stored values are sessions, and on the name and roles they show.
    #[test]
    fn reads_the_shared_stored_session_fixtures() {
        let fixtures: Vec<serde_json::Value> =
            serde_json::from_str(include_str!("../../fixtures/stored-sessions.json")).unwrap();
        assert!(fixtures.len() >= 10);
        for case in fixtures {
            let name = case["case"].as_str().unwrap();
            let stored = case["stored"].as_str().unwrap();
            let read = serde_json::from_str::<StoredSession>(stored).ok().map(|s| {
                let shown = s.user.full_name().unwrap_or(&s.user.email).to_owned();
                (shown, s.user.app_metadata.roles)
            });
            let expected = case["visitor"].as_object().map(|v| {
                let roles = v["roles"].as_array().unwrap();
                let roles = roles
                    .iter()
                    .map(|r| r.as_str().unwrap().to_owned())
                    .collect();
                (v["name"].as_str().unwrap().to_owned(), roles)
            });
            assert_eq!(read, expected, "case {name}");
        }
    }

    fn jwt(exp: i64) -> String {
        jwt_with(json!({"exp": exp, "sub": "u"}))
    }

    fn jwt_with(claims: serde_json::Value) -> String {
        let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
        format!("eyJhbGciOiJIUzI1NiJ9.{payload}.sig")
    }

    /// A token as GoTrue issues it for [`user`], with its metadata as claims.
    fn jwt_for_user(exp: i64) -> String {
        let user = user();
        jwt_with(json!({"exp": exp, "sub": user.id, "email": user.email,
            "app_metadata": user.app_metadata, "user_metadata": user.user_metadata}))
    }

    fn user() -> User {
        serde_json::from_value(json!({
            "id": "u", "aud": "", "role": "", "email": "a@b.c",
            "confirmed_at": "2026-01-01T00:00:00Z",
            "app_metadata": {"provider": "email"}, "user_metadata": {"full_name": "A"},
            "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"
        }))
        .unwrap()
    }

    #[test]
    fn new_session_computes_expires_at_in_milliseconds() {
        let token = TokenResponse::bearer(jwt(1_767_225_600), 3600, "r");
        let session = StoredSession::new("https://s/.netlify/identity", "", token, user()).unwrap();
        assert_eq!(session.token.expires_at, Some(1_767_225_600_000));
    }

    #[test]
    fn session_is_written_flat_like_gotrue_js() {
        let token = TokenResponse::bearer(jwt(100), 3600, "r");
        let session = StoredSession::new("https://s/.netlify/identity", "", token, user()).unwrap();
        let value = serde_json::to_value(&session).unwrap();
        assert_eq!(value["url"], json!("https://s/.netlify/identity"));
        assert_eq!(value["token"]["expires_at"], json!(100_000));
        assert_eq!(value["email"], json!("a@b.c"));
        assert_eq!(value["user_metadata"]["full_name"], json!("A"));
        let back: StoredSession = serde_json::from_value(value).unwrap();
        assert_eq!(back, session);
    }

    #[test]
    fn oauth_session_with_string_expires_in_and_null_metadata_restores() {
        let stored = json!({
            "url": "/.netlify/identity",
            "token": {"access_token": jwt(100), "token_type": "bearer", "expires_in": "3600",
                      "refresh_token": "r"},
            "id": "u", "aud": "", "role": "", "email": "a@b.c",
            "app_metadata": {"provider": "github"}, "user_metadata": null,
            "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z",
            "_fromStorage": true
        });
        let session: StoredSession = serde_json::from_value(stored).unwrap();
        assert_eq!(session.token.expires_in, 3600);
        assert_eq!(session.token.expires_at, None);
        assert_eq!(session.token.expires_at_millis(), Some(100_000));
        assert!(!session.token.needs_refresh(39, 60));
        assert!(session.token.needs_refresh(40, 60));
        assert_eq!(session.audience, "");
    }

    #[test]
    fn unreadable_expiry_means_refresh() {
        let token = StoredToken {
            access_token: "garbage".into(),
            token_type: BEARER.into(),
            expires_in: 0,
            refresh_token: "r".into(),
            expires_at: None,
        };
        assert!(token.needs_refresh(0, 0));
    }

    #[test]
    fn replacing_the_token_keeps_the_user() {
        let mut session =
            StoredSession::new("u", "", TokenResponse::bearer(jwt(100), 3600, "r1"), user())
                .unwrap();
        session
            .replace_token(TokenResponse::bearer(jwt_for_user(7300), 3600, "r2"))
            .unwrap();
        assert_eq!(session.token.refresh_token, "r2");
        assert_eq!(session.token.expires_at, Some(7_300_000));
        assert_eq!(session.token.to_response().refresh_token, "r2");
        assert_eq!(session.user, user());
        assert!(session
            .replace_token(TokenResponse::bearer("bad", 1, "r3"))
            .is_err());
        assert_eq!(session.token.refresh_token, "r2");
    }

    #[test]
    fn cookie_tokens_replace_only_a_later_pair_of_the_same_user() {
        let ours = StoredSession::new(
            "u",
            "",
            TokenResponse::bearer(jwt_for_user(3700), 3600, "r1"),
            user(),
        )
        .unwrap();
        let later = ours.clone().with_cookie_tokens(&jwt_for_user(7300), "r2");
        assert_eq!(later.token.refresh_token, "r2");
        assert_eq!(later.token.expires_at, Some(7_300_000));
        assert_eq!(later.user, ours.user);
        let unchanged = |access: &str, refresh: &str| {
            assert_eq!(
                ours.clone().with_cookie_tokens(access, refresh),
                ours,
                "{access} {refresh}"
            );
        };
        unchanged(&jwt_for_user(3700), "r2");
        unchanged(&jwt_for_user(100), "r2");
        unchanged(&jwt_for_user(7300), "r1");
        unchanged(&jwt_with(json!({"exp": 7300, "sub": "someone else"})), "r2");
        unchanged("garbage", "r2");
    }

    #[test]
    fn a_cookie_session_is_the_tokens_user_until_the_api_says_more() {
        let session = StoredSession::from_cookies("/i", &jwt_for_user(3700), "r1", 100).unwrap();
        assert_eq!(session.user.id, "u");
        assert_eq!(session.user.email, "a@b.c");
        assert_eq!(session.token.expires_at, Some(3_700_000));
        assert_eq!(session.token.expires_in, 3600);
        assert!(!session.token.needs_refresh(100, 60));
        let expired = StoredSession::from_cookies("/i", &jwt_for_user(50), "r1", 100).unwrap();
        assert_eq!(expired.token.expires_in, 0);
        assert!(expired.token.needs_refresh(100, 60));
        let read: StoredSession =
            serde_json::from_str(&serde_json::to_string(&session).unwrap()).unwrap();
        assert_eq!(read, session);
    }

    #[test]
    fn a_refreshed_token_brings_the_users_current_roles_and_metadata() {
        let mut session =
            StoredSession::new("u", "", TokenResponse::bearer(jwt(100), 3600, "r1"), user())
                .unwrap();
        let promoted = jwt_with(json!({"exp": 7300, "sub": "u",
            "app_metadata": {"provider": "email", "roles": ["admin"]},
            "user_metadata": {"full_name": "B"}}));
        session
            .replace_token(TokenResponse::bearer(promoted, 3600, "r2"))
            .unwrap();
        assert_eq!(session.user.app_metadata.roles, ["admin"]);
        assert_eq!(session.user.user_metadata["full_name"], "B");
        assert_eq!(session.user.email, "a@b.c");
    }
}
