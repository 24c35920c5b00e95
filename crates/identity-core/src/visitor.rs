//! Who sent a request, as a server reads it: the access token in `Authorization: Bearer`, or
//! else the `nf_jwt` cookie the widget keeps (Netlify's CDN reads the same cookie for role
//! rules). A request that carries an `Authorization` header is judged by that header alone, so
//! a bad Bearer token never falls back to a cookie: a missing or bad token is nobody.
//!
//! ```
//! use identity_core::visitor::token;
//! assert_eq!(token(Some("Bearer a.b.c"), ["nf_jwt=x.y.z"]), Some("a.b.c"));
//! assert_eq!(token(None, ["theme=dark; nf_jwt=x.y.z"]), Some("x.y.z"));
//! assert_eq!(token(Some("Basic dXNlcg=="), ["nf_jwt=x.y.z"]), None);
//! ```

/// The cookie that carries the access token: the widget keeps it, GoTrue sets it on
/// `X-Use-Cookie`, Netlify's CDN reads roles from it.
pub const COOKIE: &str = "nf_jwt";

/// The cookie `@netlify/identity` keeps beside [`COOKIE`] for its server-side refresh: the
/// session's refresh token, readable by script (not `HttpOnly`).
pub const REFRESH_COOKIE: &str = "nf_refresh";

/// The session a server left in the page's cookies (`@netlify/identity`'s server-side login,
/// which its `hydrateSession()` picks up in the browser): an access token and a refresh token,
/// both present and non-empty. An `nf_jwt` alone is not one: the JS widget leaves its `nf_jwt`
/// behind after a logout (its issue #502), and a session without a refresh token would end
/// within the hour anyway.
///
/// ```
/// use identity_core::visitor::cookie_session;
/// assert_eq!(cookie_session("a=1; nf_jwt=x.y.z; nf_refresh=r1"), Some(("x.y.z", "r1")));
/// assert_eq!(cookie_session("nf_jwt=x.y.z"), None);
/// assert_eq!(cookie_session("nf_jwt=; nf_refresh=r1"), None);
/// ```
pub fn cookie_session(document_cookie: &str) -> Option<(&str, &str)> {
    let non_empty = |name| cookie([document_cookie], name).filter(|v| !v.is_empty());
    Some((non_empty(COOKIE)?, non_empty(REFRESH_COOKIE)?))
}

/// The token of an `Authorization` header value: `Bearer <token>`, the scheme in any case.
///
/// ```
/// use identity_core::visitor::bearer;
/// assert_eq!(bearer("bearer a.b.c"), Some("a.b.c"));
/// assert_eq!(bearer("Bearer "), None);
/// ```
pub fn bearer(authorization: &str) -> Option<&str> {
    let (scheme, token) = authorization.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// The value of the first cookie called `name` in `Cookie` header values (`a=1; nf_jwt=…`),
/// without surrounding quotes.
///
/// ```
/// use identity_core::visitor::cookie;
/// assert_eq!(cookie(["a=b", "nf_jwt=\"t\""], "nf_jwt"), Some("t"));
/// assert_eq!(cookie(["nf_jwt_other=x"], "nf_jwt"), None);
/// ```
pub fn cookie<'a>(headers: impl IntoIterator<Item = &'a str>, name: &str) -> Option<&'a str> {
    headers
        .into_iter()
        .flat_map(|header| header.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| key.trim() == name)
        .map(|(_, value)| {
            let value = value.trim();
            value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(value)
        })
}

/// The access token a request presents: its `Authorization` header when it has one (and then
/// only a Bearer token), else its [`COOKIE`].
pub fn token<'a>(
    authorization: Option<&'a str>,
    cookie_headers: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    match authorization {
        Some(value) => bearer(value),
        None => cookie(cookie_headers, COOKIE).filter(|t| !t.is_empty()),
    }
}

/// The verified claims of the user a request presents, under the functions' rules: HS256 with
/// the identity secret, `exp` (and `nbf`/`iat` when present) checked at `now` (unix seconds).
/// The functions' system token (`sub` `"0"`) is nobody's: it is refused as a user.
///
/// ```
/// use identity_core::jwt::{encode, Claims};
/// use identity_core::visitor::user_claims;
/// let claims: Claims = serde_json::from_str(r#"{"exp":100,"sub":"u1","email":"a@b.c"}"#).unwrap();
/// let jwt = encode(&claims, b"secret").unwrap();
/// let cookie = format!("nf_jwt={jwt}");
/// assert_eq!(user_claims(None, [cookie.as_str()], b"secret", 50).unwrap().sub, "u1");
/// assert!(user_claims(None, [cookie.as_str()], b"other", 50).is_none());
/// assert!(user_claims(None, [cookie.as_str()], b"secret", 100).is_none());
/// ```
#[cfg(feature = "sign")]
pub fn user_claims<'a>(
    authorization: Option<&'a str>,
    cookie_headers: impl IntoIterator<Item = &'a str>,
    secret: &[u8],
    now: i64,
) -> Option<crate::jwt::Claims> {
    let token = token(authorization, cookie_headers)?;
    crate::jwt::verify(token, secret, now)
        .ok()
        .filter(|claims| !claims.is_system())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_authorization_header_is_judged_alone() {
        let cookies = ["nf_jwt=from.the.cookie"];
        assert_eq!(token(Some("Bearer a.b.c"), cookies), Some("a.b.c"));
        assert_eq!(token(Some("Bearer"), cookies), None);
        assert_eq!(token(Some("Token a.b.c"), cookies), None);
        assert_eq!(token(Some(""), cookies), None);
    }

    #[test]
    fn the_cookie_may_come_in_any_cookie_header_and_quoted() {
        assert_eq!(token(None, ["a=b", "c=d; nf_jwt=\"t.o.k\""]), Some("t.o.k"));
        assert_eq!(token(None, ["nf_jwt="]), None);
        assert_eq!(token(None, ["nf_jwt"]), None);
        assert_eq!(token(None, []), None);
    }

    #[cfg(feature = "sign")]
    #[test]
    fn forged_expired_unsigned_and_system_tokens_are_nobody() {
        use crate::jwt::{encode, Claims, SystemClaims};
        use base64::Engine;
        let user: Claims =
            serde_json::from_str(r#"{"exp":100,"sub":"u1","app_metadata":{"roles":["admin"]}}"#)
                .unwrap();
        let check = |jwt: &str, secret: &[u8], now| {
            let header = format!("Bearer {jwt}");
            user_claims(Some(header.as_str()), [], secret, now)
        };
        let good = encode(&user, b"secret").unwrap();
        assert!(check(&good, b"secret", 99).is_some_and(|c| c.has_role("admin")));
        assert!(check(&good, b"forged", 99).is_none());
        assert!(check(&good, b"secret", 100).is_none());
        assert!(check(
            &encode(&SystemClaims::new(100), b"secret").unwrap(),
            b"secret",
            50
        )
        .is_none());
        let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        let unsigned = format!(
            "{}.{}.",
            b64(r#"{"alg":"none","typ":"JWT"}"#),
            b64(r#"{"exp":100,"sub":"u1","app_metadata":{"roles":["admin"]}}"#)
        );
        assert!(check(&unsigned, b"secret", 50).is_none());
    }
}
