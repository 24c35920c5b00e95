//! The visitor's Netlify roles, as the CDN reads them for `Role` conditions: the
//! `app_metadata.roles` of the JWT in the `nf_jwt` cookie, verified (HS256 with the
//! identity secret, `exp` checked) exactly as the functions verify Bearer tokens.
//! No cookie, a forged or an expired token: no roles.
//! (docs.netlify.com/manage/security/secure-access-to-sites/role-based-access-control)

/// The cookie Netlify's CDN reads roles from; the identity API sets it on `X-Use-Cookie`.
pub const ROLE_COOKIE: &str = identity_core::visitor::COOKIE;

/// The roles in the first `nf_jwt` cookie of the `Cookie` header values, if its token is
/// valid at `now` (unix seconds).
///
/// ```
/// use dev_server::netlify::visitor_roles;
/// assert!(visitor_roles(["nf_jwt=not.a.token"], b"secret", 0).is_empty());
/// ```
pub fn visitor_roles<'a>(
    cookie_headers: impl IntoIterator<Item = &'a str>,
    secret: &[u8],
    now: i64,
) -> Vec<String> {
    let Some(token) = identity_core::visitor::cookie(cookie_headers, ROLE_COOKIE) else {
        return Vec::new();
    };
    match identity_core::jwt::verify(token, secret, now) {
        Ok(claims) => claims.app_metadata.roles,
        Err(_) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use identity_core::jwt::{encode, Claims};
    use serde_json::json;

    const SECRET: &[u8] = b"role-test-secret";
    const NOW: i64 = 1_767_225_600;

    fn token(roles: &[&str], exp: i64, secret: &[u8]) -> String {
        let claims: Claims = serde_json::from_value(json!({
            "exp": exp, "sub": "u1", "email": "a@example.com",
            "app_metadata": {"provider": "email", "roles": roles},
        }))
        .unwrap();
        encode(&claims, secret).unwrap()
    }

    #[test]
    fn valid_token_gives_its_roles() {
        let jwt = token(&["admin", "editor"], NOW + 60, SECRET);
        let header = format!("theme=dark; nf_jwt={jwt}; other=1");
        assert_eq!(
            visitor_roles([header.as_str()], SECRET, NOW),
            ["admin", "editor"]
        );
    }

    #[test]
    fn cookie_may_come_in_any_cookie_header_and_quoted() {
        let jwt = token(&["admin"], NOW + 60, SECRET);
        let quoted = format!("nf_jwt=\"{jwt}\"");
        assert_eq!(
            visitor_roles(["a=b", quoted.as_str()], SECRET, NOW),
            ["admin"]
        );
    }

    #[test]
    fn no_cookie_no_roles() {
        assert!(visitor_roles([], SECRET, NOW).is_empty());
        assert!(visitor_roles(["nf_jwt_other=x; jwt=y"], SECRET, NOW).is_empty());
        assert!(visitor_roles(["nf_jwt"], SECRET, NOW).is_empty());
    }

    #[test]
    fn forged_token_no_roles() {
        let jwt = token(&["admin"], NOW + 60, b"someone-elses-secret");
        let header = format!("nf_jwt={jwt}");
        assert!(visitor_roles([header.as_str()], SECRET, NOW).is_empty());
    }

    #[test]
    fn expired_token_no_roles() {
        let jwt = token(&["admin"], NOW, SECRET);
        let header = format!("nf_jwt={jwt}");
        assert!(visitor_roles([header.as_str()], SECRET, NOW).is_empty());
    }

    #[test]
    fn unsigned_token_no_roles() {
        use base64::Engine;
        let b64 = |v: serde_json::Value| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
        };
        let header = b64(json!({"alg": "none", "typ": "JWT"}));
        let payload =
            b64(json!({"exp": NOW + 60, "sub": "u", "app_metadata": {"roles": ["admin"]}}));
        let cookie = format!("nf_jwt={header}.{payload}.");
        assert!(visitor_roles([cookie.as_str()], SECRET, NOW).is_empty());
    }

    #[test]
    fn token_without_roles_has_none() {
        let jwt = token(&[], NOW + 60, SECRET);
        let header = format!("nf_jwt={jwt}");
        assert!(visitor_roles([header.as_str()], SECRET, NOW).is_empty());
    }
}
