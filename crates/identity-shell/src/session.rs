//! The stored session, read with the browser's own `JSON.parse`.
//!
//! `identity_core::wire::StoredSession` is the definition; parsing it with
//! serde would cost stage one most of its budget. So this reader takes exactly
//! the fields stage one shows, and refuses what that type refuses: a missing
//! required field, a field of the wrong type. Both readers are tested against
//! the same fixtures (`crates/identity-core/fixtures/stored-sessions.json`).
//!
//! What `JSON.parse` cannot see, it cannot refuse: `3600.0` where serde wants
//! an integer (it is `3600` once parsed), a key written twice, a lone UTF-16
//! surrogate escape. serde refuses those; no client we know writes them.

use identity_core::stage::Visitor;
use identity_core::visitor::cookie_session;
use identity_core::wire::STORAGE_KEY;
use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};

/// The visitor in the stored session, or `None` without a readable one.
///
/// ```no_run
/// let raw = r#"{"url":"/.netlify/identity","token":{"access_token":"a","refresh_token":"r"},
///   "id":"1","email":"ada@example.com","created_at":"","updated_at":""}"#;
/// let visitor = identity_shell::visitor_from_json(raw).unwrap();
/// assert_eq!(visitor.name, "ada@example.com");
/// ```
pub fn visitor_from_json(raw: &str) -> Option<Visitor> {
    let session = JSON::parse(raw).ok().filter(JsValue::is_object)?;
    for key in REQUIRED_STRINGS {
        string(&session, key)?;
    }
    for key in OPTIONAL_STRINGS {
        optional_string(&session, key)?;
    }
    let token = field(&session, "token").filter(JsValue::is_object)?;
    string(&token, "access_token")?;
    string(&token, "refresh_token")?;
    if let Some(token_type) = field(&token, "token_type") {
        token_type.as_string()?;
    }
    if let Some(expires_in) = field(&token, "expires_in") {
        is_whole_seconds(&expires_in).then_some(())?;
    }
    if let Some(expires_at) = field(&token, "expires_at").filter(|v| !v.is_null()) {
        let fits = |n: &f64| n.fract() == 0.0 && n.abs() <= i64::MAX as f64;
        expires_at.as_f64().filter(fits)?;
    }

    let email = optional_string(&session, "email")?;
    let user_metadata = optional_object(&session, "user_metadata")?;
    let name = user_metadata
        .and_then(|m| field(&m, "full_name"))
        .and_then(|n| n.as_string())
        .unwrap_or(email);
    let roles = match optional_object(&session, "app_metadata")? {
        Some(app_metadata) => {
            optional_string(&app_metadata, "provider")?;
            roles(&app_metadata)?
        }
        None => Vec::new(),
    };
    Some(Visitor { name, roles })
}

/// The visitor in this browser's `localStorage`.
pub fn stored_visitor(window: &web_sys::Window) -> Option<Visitor> {
    let storage = window.local_storage().ok().flatten()?;
    visitor_from_json(&storage.get_item(STORAGE_KEY).ok().flatten()?)
}

/// Whether stage two is needed at once for a session a server made: nothing
/// readable is stored, but `nf_jwt` and `nf_refresh` are both in `document.cookie`
/// (what `@netlify/identity`'s `hydrateSession()` picks up). Only stage two can
/// adopt that session; stage one shows nobody until it has.
///
/// ```
/// use identity_shell::adopts_cookie_session;
/// assert!(adopts_cookie_session(None, "nf_jwt=a.b.c; nf_refresh=r"));
/// assert!(!adopts_cookie_session(None, "nf_jwt=a.b.c"));
/// ```
pub fn adopts_cookie_session(stored: Option<&Visitor>, document_cookie: &str) -> bool {
    stored.is_none() && cookie_session(document_cookie).is_some()
}

/// What `StoredSession` cannot do without.
const REQUIRED_STRINGS: [&str; 4] = ["url", "id", "created_at", "updated_at"];

/// What it reads as text when present and not `null` (and `email`, read below).
const OPTIONAL_STRINGS: [&str; 10] = [
    "audience",
    "aud",
    "role",
    "confirmed_at",
    "invited_at",
    "confirmation_sent_at",
    "recovery_sent_at",
    "new_email",
    "email_change_sent_at",
    "last_sign_in_at",
];

/// `expires_in`: a whole number of seconds, or one written as text.
fn is_whole_seconds(value: &JsValue) -> bool {
    match value.as_string() {
        Some(text) => text.parse::<u64>().is_ok(),
        None => value
            .as_f64()
            .is_some_and(|n| n.fract() == 0.0 && n >= 0.0 && n <= u64::MAX as f64),
    }
}

fn field(object: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(object, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined())
}

fn string(object: &JsValue, key: &str) -> Option<String> {
    field(object, key)?.as_string()
}

/// A string, or `""` when missing or `null`; `None` when it is something else.
fn optional_string(object: &JsValue, key: &str) -> Option<String> {
    match field(object, key) {
        None => Some(String::new()),
        Some(v) if v.is_null() => Some(String::new()),
        Some(v) => v.as_string(),
    }
}

/// `Some(None)` when missing or `null`; `None` when it is not an object.
fn optional_object(object: &JsValue, key: &str) -> Option<Option<JsValue>> {
    match field(object, key) {
        None => Some(None),
        Some(v) if v.is_null() => Some(None),
        Some(v) if v.is_object() && !Array::is_array(&v) => Some(Some(v)),
        Some(_) => None,
    }
}

/// `app_metadata.roles`: missing or `null` is none; anything but an array of
/// strings makes the session unreadable, as it does for serde.
fn roles(app_metadata: &JsValue) -> Option<Vec<String>> {
    let Some(roles) = field(app_metadata, "roles").filter(|v| !v.is_null()) else {
        return Some(Vec::new());
    };
    let roles: Array = roles.dyn_into().ok()?;
    roles.iter().map(|role| role.as_string()).collect()
}

#[cfg(test)]
mod cookie_tests {
    use super::*;

    fn ada() -> Visitor {
        Visitor {
            name: "Ada".into(),
            roles: vec![],
        }
    }

    #[test]
    fn a_server_made_session_in_cookies_needs_stage_two_at_once() {
        assert!(adopts_cookie_session(None, "nf_jwt=a.b.c; nf_refresh=r"));
        assert!(adopts_cookie_session(
            None,
            "theme=dark; nf_refresh=r; nf_jwt=a.b.c"
        ));
    }

    #[test]
    fn a_stored_session_wins_over_cookies() {
        assert!(!adopts_cookie_session(
            Some(&ada()),
            "nf_jwt=a.b.c; nf_refresh=r"
        ));
    }

    #[test]
    fn one_cookie_or_an_empty_one_is_no_session() {
        for cookies in ["", "nf_jwt=a.b.c", "nf_refresh=r", "nf_jwt=; nf_refresh=r"] {
            assert!(!adopts_cookie_session(None, cookies), "{cookies}");
        }
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    const FIXTURES: &str = include_str!("../../identity-core/fixtures/stored-sessions.json");

    /// The same cases `identity-core` reads with serde: both readers agree.
    #[wasm_bindgen_test]
    fn reads_every_fixture_as_the_serde_type_does() {
        let cases: Array = JSON::parse(FIXTURES).unwrap().dyn_into().unwrap();
        assert!(cases.length() >= 10);
        for case in cases.iter() {
            let name = string(&case, "case").unwrap();
            let stored = string(&case, "stored").unwrap();
            let expected = field(&case, "visitor")
                .filter(|v| !v.is_null())
                .map(|v| Visitor {
                    name: string(&v, "name").unwrap(),
                    roles: roles(&v).unwrap(),
                });
            assert_eq!(visitor_from_json(&stored), expected, "case {name}");
        }
    }
}
