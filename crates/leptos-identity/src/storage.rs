//! The session in `localStorage["gotrue.user"]`, where gotrue-js keeps it.

use identity_core::wire::{StoredSession, StoredToken, User, STORAGE_KEY};
use serde::Deserialize;

fn local_storage() -> Option<web_sys::Storage> {
    crate::browser::window()?.local_storage().ok().flatten()
}

/// The stored session, if there is a readable one. A value this crate cannot
/// read (another app's, a corrupt one) counts as no session.
pub fn load() -> Option<StoredSession> {
    let raw = local_storage()?.get_item(STORAGE_KEY).ok().flatten()?;
    parse(&raw)
}

/// What a stored session holds besides the user's fields, which sit flat beside it.
#[derive(Deserialize)]
struct Envelope {
    url: String,
    #[serde(default)]
    audience: Option<String>,
    token: StoredToken,
}

/// Reads a stored value, as found in storage or in a `storage` event.
///
/// The same as `serde_json::from_str::<StoredSession>`, read in two passes: the envelope
/// (`url`, `audience`, `token`), then the [`User`] from the same object, whose other keys
/// it ignores. `StoredSession`'s `#[serde(flatten)]` would buffer every value first and
/// compile a second copy of the user's reader; this way the wasm keeps only the one the
/// API's answers use (the tests hold both ways to the same fixtures).
pub fn parse(raw: &str) -> Option<StoredSession> {
    let Envelope {
        url,
        audience,
        token,
    } = serde_json::from_str(raw).ok()?;
    let user: User = serde_json::from_str(raw).ok()?;
    Some(StoredSession {
        url,
        audience: audience.unwrap_or_default(),
        token,
        user,
    })
}

/// Writes the session; other tabs see it through their `storage` event.
pub fn save(session: &StoredSession) {
    let (Some(storage), Ok(raw)) = (local_storage(), serde_json::to_string(session)) else {
        return;
    };
    // A full or disabled storage keeps the session in memory only.
    let _ = storage.set_item(STORAGE_KEY, &raw);
}

/// Removes the session.
pub fn clear() {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(STORAGE_KEY);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fixtures both of the workspace's other readers are held to (serde's
    /// `StoredSession`, stage one's `JSON.parse`).
    const FIXTURES: &str = include_str!("../../identity-core/fixtures/stored-sessions.json");

    #[test]
    fn reads_every_fixture_as_stored_session_does() {
        let fixtures: Vec<serde_json::Value> = serde_json::from_str(FIXTURES).unwrap();
        assert!(fixtures.len() >= 10);
        let (mut read, mut refused) = (0, 0);
        for case in fixtures {
            let stored = case["stored"].as_str().unwrap();
            let expected = serde_json::from_str::<StoredSession>(stored).ok();
            assert_eq!(parse(stored), expected, "{}", case["case"]);
            if expected.is_some() {
                read += 1;
            } else {
                refused += 1;
            }
        }
        // The fixtures hold both kinds, so agreeing means something.
        assert!(read > 0 && refused > 0, "{read} read, {refused} refused");
    }

    #[test]
    fn a_session_reads_back_as_saved() {
        let stored = r#"{"url":"https://site/.netlify/identity","audience":"aud-1",
          "token":{"access_token":"h.eyJleHAiOjEwMCwic3ViIjoidSJ9.s","token_type":"bearer",
                   "expires_in":3600,"refresh_token":"r","expires_at":100000},
          "id":"u","email":"a@b.c","app_metadata":{"provider":"email","roles":["admin"]},
          "user_metadata":{"full_name":"Ada"},"created_at":"2026-01-01T00:00:00Z",
          "updated_at":"2026-01-01T00:00:00Z","_fromStorage":true}"#;
        let session = parse(stored).unwrap();
        assert_eq!(Some(session.clone()), serde_json::from_str(stored).ok());
        assert_eq!(session.audience, "aud-1");
        // GoTrue may write a null audience: it reads as "".
        let null_audience = stored.replace(r#""aud-1""#, "null");
        assert_eq!(
            parse(&null_audience).map(|s| s.audience),
            Some(String::new())
        );
        assert_eq!(session.user.full_name(), Some("Ada"));
        let again = serde_json::to_string(&session).unwrap();
        assert_eq!(parse(&again), Some(session));
    }

    #[test]
    fn what_is_not_a_session_is_none() {
        for raw in ["", "null", "[]", "{}", r#"{"url":"u"}"#, "not json"] {
            assert_eq!(parse(raw), None, "{raw}");
        }
        // A user without the envelope, and an envelope without a user.
        assert_eq!(parse(r#"{"id":"u","created_at":"","updated_at":""}"#), None);
        assert_eq!(
            parse(r#"{"url":"u","token":{"access_token":"a","refresh_token":"r"}}"#),
            None
        );
    }
}
