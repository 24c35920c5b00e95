//! The `nf_jwt` cookie: Netlify's CDN reads the access token from it to apply
//! role-based redirects, so the widget keeps it equal to the session's token. Where
//! `@netlify/identity` keeps the refresh token beside it in `nf_refresh` (for its server-side
//! refresh), the widget keeps that one equal too, so a server never spends a token the widget
//! already rotated; both go at logout.

use std::fmt;
use std::str::FromStr;

use identity_core::visitor::{self, REFRESH_COOKIE};
use wasm_bindgen::JsCast;

/// The cookie Netlify reads.
pub const NAME: &str = "nf_jwt";

/// The `Domain` of the `nf_jwt` cookie, so that every subdomain gets it (e.g. `.example.com`);
/// the JS widget's `cookieDomain`. Without one the cookie belongs to the page's host alone.
///
/// Made only from text that cannot add attributes of its own to the cookie:
///
/// ```
/// use leptos_identity::cookie::CookieDomain;
/// assert_eq!(CookieDomain::new(".example.com").unwrap().as_str(), ".example.com");
/// assert!(CookieDomain::new("example.com; Path=/admin").is_err());
/// assert!("".parse::<CookieDomain>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CookieDomain(String);

/// Text that cannot be a cookie's `Domain`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid cookie domain {0:?}: give a host name such as \".example.com\", without `;`, `,`, spaces or control characters")]
pub struct InvalidCookieDomain(pub String);

impl CookieDomain {
    /// A cookie domain, or why `domain` cannot be one (empty, or holding `;`, `,`, white space
    /// or a control character: the JS widget refuses `;` and line breaks, which would let the
    /// text add attributes of its own).
    pub fn new(domain: impl Into<String>) -> Result<Self, InvalidCookieDomain> {
        let domain = domain.into();
        let refused = |c: char| c == ';' || c == ',' || c.is_whitespace() || c.is_control();
        if domain.is_empty() || domain.contains(refused) {
            return Err(InvalidCookieDomain(domain));
        }
        Ok(Self(domain))
    }

    /// The domain as the cookie's `Domain` attribute carries it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for CookieDomain {
    type Err = InvalidCookieDomain;

    fn from_str(domain: &str) -> Result<Self, Self::Err> {
        Self::new(domain)
    }
}

impl fmt::Display for CookieDomain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// GoTrue's own "remember me": with `X-Use-Cookie` on a login, a refresh or an email link,
/// the identity API sets an `HttpOnly` `nf_jwt` itself, which script cannot read (nor steal)
/// and which, [`Persistent`](ServerCookie::Persistent), outlives the browser session; its
/// `/logout` clears it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerCookie {
    /// `X-Use-Cookie: 1`: kept for GoTrue's cookie duration (a day by default).
    Persistent,
    /// `X-Use-Cookie: session`: gone when the browser closes.
    Session,
}

impl ServerCookie {
    /// The `X-Use-Cookie` value gotrue-js sends for it.
    ///
    /// ```
    /// use leptos_identity::cookie::ServerCookie;
    /// assert_eq!(ServerCookie::Persistent.header_value(), "1");
    /// assert_eq!(ServerCookie::Session.header_value(), "session");
    /// ```
    pub fn header_value(self) -> &'static str {
        match self {
            ServerCookie::Persistent => "1",
            ServerCookie::Session => "session",
        }
    }
}

/// Sets `nf_jwt` to the access token of `tokens` (on `domain` when given), and `nf_refresh`
/// to its refresh token where the page keeps one; or, for `None`, removes every `nf_jwt` and
/// `nf_refresh` script can remove (see [`writes`], [`refresh_write`]). GoTrue's own `HttpOnly`
/// cookie is out of script's reach: its `/logout` clears that one.
pub fn sync(tokens: Option<(&str, &str)>, domain: Option<&CookieDomain>) {
    let Some(document) = crate::browser::document() else {
        return;
    };
    let secure = document
        .location()
        .and_then(|l| l.protocol().ok())
        .is_some_and(|p| p == "https:");
    let document: web_sys::HtmlDocument = document.unchecked_into();
    let kept = document
        .cookie()
        .is_ok_and(|all| visitor::cookie([all.as_str()], REFRESH_COOKIE).is_some());
    let access = tokens.map(|(access, _)| access);
    let refresh = refresh_write(tokens.map(|(_, refresh)| refresh), kept, secure);
    for value in writes(access, domain, secure).into_iter().chain(refresh) {
        let _ = document.set_cookie(&value);
    }
}

/// The session a server left in the page's `nf_jwt` and `nf_refresh` cookies
/// ([`visitor::cookie_session`]); `None` outside a browser.
pub fn session() -> Option<(String, String)> {
    let document: web_sys::HtmlDocument = crate::browser::document()?.unchecked_into();
    let all = document.cookie().ok()?;
    visitor::cookie_session(&all).map(|(access, refresh)| (access.to_owned(), refresh.to_owned()))
}

/// What [`sync`] writes to `nf_refresh`: the new refresh token where the page already keeps
/// one (`kept`), its removal at logout, and nothing on a page that keeps none, so the widget
/// never puts a refresh token in a cookie by itself. `@netlify/identity` writes it on the
/// host alone, and so does this.
///
/// ```
/// use leptos_identity::cookie::refresh_write;
/// assert_eq!(refresh_write(Some("r2"), true, true).unwrap(), "nf_refresh=r2; Path=/; SameSite=Lax; Secure");
/// assert_eq!(refresh_write(None, true, false).unwrap(), "nf_refresh=; Path=/; SameSite=Lax; Max-Age=0");
/// assert_eq!(refresh_write(Some("r2"), false, true), None);
/// ```
pub fn refresh_write(refresh: Option<&str>, kept: bool, secure: bool) -> Option<String> {
    kept.then(|| named(REFRESH_COOKIE, refresh, None, secure))
}

/// What [`sync`] writes to `document.cookie`, in order. A cookie is removed only by a write
/// with the path and domain it was set with, so removing writes both the host's own `nf_jwt`
/// (the one the JS widget, and this widget without a domain, write) and the one on `domain`;
/// setting one on `domain` first removes the host's own, which would otherwise be sent beside
/// it.
///
/// ```
/// use leptos_identity::cookie::{writes, CookieDomain};
/// assert_eq!(writes(Some("a.b.c"), None, true), ["nf_jwt=a.b.c; Path=/; SameSite=Lax; Secure"]);
/// let domain = CookieDomain::new(".example.com").unwrap();
/// assert_eq!(writes(None, Some(&domain), false), [
///     "nf_jwt=; Path=/; SameSite=Lax; Max-Age=0",
///     "nf_jwt=; Path=/; Domain=.example.com; SameSite=Lax; Max-Age=0",
/// ]);
/// ```
pub fn writes(token: Option<&str>, domain: Option<&CookieDomain>, secure: bool) -> Vec<String> {
    match (token, domain) {
        (Some(token), None) => vec![cookie(Some(token), None, secure)],
        (Some(token), Some(domain)) => vec![
            cookie(None, None, secure),
            cookie(Some(token), Some(domain), secure),
        ],
        (None, None) => vec![cookie(None, None, secure)],
        (None, Some(domain)) => vec![
            cookie(None, None, secure),
            cookie(None, Some(domain), secure),
        ],
    }
}

/// The `Set-Cookie`-style string `document.cookie` takes: `nf_jwt` set to `token`, or
/// removed for `None`, on the host alone or on `domain`.
///
/// ```
/// use leptos_identity::cookie::{cookie, CookieDomain};
/// assert_eq!(cookie(Some("a.b.c"), None, true), "nf_jwt=a.b.c; Path=/; SameSite=Lax; Secure");
/// assert_eq!(cookie(None, None, false), "nf_jwt=; Path=/; SameSite=Lax; Max-Age=0");
/// let domain = CookieDomain::new(".example.com").unwrap();
/// assert_eq!(
///     cookie(Some("a.b.c"), Some(&domain), false),
///     "nf_jwt=a.b.c; Path=/; Domain=.example.com; SameSite=Lax"
/// );
/// ```
pub fn cookie(token: Option<&str>, domain: Option<&CookieDomain>, secure: bool) -> String {
    named(NAME, token, domain, secure)
}

/// [`cookie`] for the cookie called `name`.
fn named(name: &str, token: Option<&str>, domain: Option<&CookieDomain>, secure: bool) -> String {
    let mut out = format!("{name}={}; Path=/", token.unwrap_or_default());
    if let Some(domain) = domain {
        out.push_str("; Domain=");
        out.push_str(domain.as_str());
    }
    out.push_str("; SameSite=Lax");
    if token.is_none() {
        out.push_str("; Max-Age=0");
    }
    if secure {
        out.push_str("; Secure");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_domain_cannot_smuggle_attributes() {
        for bad in [
            "",
            "example.com; Path=/",
            "example.com\r\nSet-Cookie: x=1",
            "a b.com",
            "a.com,b.com",
            "a.com\u{7f}",
        ] {
            assert_eq!(
                CookieDomain::new(bad),
                Err(InvalidCookieDomain(bad.to_owned())),
                "{bad:?}"
            );
        }
        for good in [".example.com", "example.com", "localhost"] {
            assert_eq!(
                CookieDomain::new(good).map(|d| d.to_string()).as_deref(),
                Ok(good)
            );
        }
    }

    #[test]
    fn removing_reaches_the_hosts_cookie_and_the_domains() {
        let domain = CookieDomain::new(".example.com").unwrap();
        let removals = writes(None, Some(&domain), true);
        assert_eq!(removals.len(), 2);
        assert!(removals.iter().all(|c| c.contains("Max-Age=0")));
        assert!(!removals[0].contains("Domain="));
        assert!(removals[1].contains("; Domain=.example.com;"));
        // Setting on the domain removes the host's own first, then sets.
        let set = writes(Some("t"), Some(&domain), true);
        assert!(set[0].starts_with("nf_jwt=;") && set[0].contains("Max-Age=0"));
        assert_eq!(
            set[1],
            "nf_jwt=t; Path=/; Domain=.example.com; SameSite=Lax; Secure"
        );
    }
}
