//! The `nf_jwt` cookie: Netlify's CDN reads the access token from it to apply
//! role-based redirects, so the widget keeps it equal to the session's token.

use wasm_bindgen::JsCast;

/// The cookie Netlify reads.
pub const NAME: &str = "nf_jwt";

/// Sets `nf_jwt` to `token`, or removes it for `None`.
pub fn sync(token: Option<&str>) {
    let Some(document) = crate::browser::document() else {
        return;
    };
    let secure = document
        .location()
        .and_then(|l| l.protocol().ok())
        .is_some_and(|p| p == "https:");
    let value = cookie(token, secure);
    let document: web_sys::HtmlDocument = document.unchecked_into();
    let _ = document.set_cookie(&value);
}

/// The `Set-Cookie`-style string `document.cookie` takes.
///
/// ```
/// use leptos_identity::cookie::cookie;
/// assert_eq!(cookie(Some("a.b.c"), true), "nf_jwt=a.b.c; Path=/; SameSite=Lax; Secure");
/// assert_eq!(cookie(None, false), "nf_jwt=; Path=/; SameSite=Lax; Max-Age=0");
/// ```
pub fn cookie(token: Option<&str>, secure: bool) -> String {
    let mut out = match token {
        Some(token) => format!("{NAME}={token}; Path=/; SameSite=Lax"),
        None => format!("{NAME}=; Path=/; SameSite=Lax; Max-Age=0"),
    };
    if secure {
        out.push_str("; Secure");
    }
    out
}
