//! The session in `localStorage["gotrue.user"]`, where gotrue-js keeps it.

use identity_core::wire::{StoredSession, STORAGE_KEY};

fn local_storage() -> Option<web_sys::Storage> {
    crate::browser::window()?.local_storage().ok().flatten()
}

/// The stored session, if there is a readable one. A value this crate cannot
/// read (another app's, a corrupt one) counts as no session.
pub fn load() -> Option<StoredSession> {
    let raw = local_storage()?.get_item(STORAGE_KEY).ok().flatten()?;
    parse(&raw)
}

/// Reads a stored value, as found in storage or in a `storage` event.
pub fn parse(raw: &str) -> Option<StoredSession> {
    serde_json::from_str(raw).ok()
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
