//! The comment being written, kept in `localStorage` per post so that a reload, a login in
//! the middle of writing or a failed post loses nothing.
//!
//! The draft carries its idempotency key: every send of this text, first try or retry, uses
//! the same `client_key`, so the server stores it at most once.

use serde::{Deserialize, Serialize};

/// What is stored under [`storage_key`]: the text and the key it will be posted with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// The text as typed.
    pub body: String,
    /// The idempotency key of this comment (see [`comment_wire::NewComment`]).
    pub client_key: String,
}

impl Draft {
    /// An empty draft with a fresh key.
    pub fn fresh() -> Self {
        Self {
            body: String::new(),
            client_key: new_client_key(),
        }
    }
}

/// The `localStorage` key of the draft under the post `slug`.
///
/// ```
/// assert_eq!(blog::components::comments::draft::storage_key("hello"), "blog.draft.hello");
/// ```
pub fn storage_key(slug: &str) -> String {
    format!("blog.draft.{slug}")
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The draft kept for `slug`, if there is a readable one with a usable key.
pub fn load(slug: &str) -> Option<Draft> {
    let raw = local_storage()?
        .get_item(&storage_key(slug))
        .ok()
        .flatten()?;
    let draft: Draft = serde_json::from_str(&raw).ok()?;
    // A value written by hand or by an older build must not poison every post attempt.
    comment_wire::validate::check_client_key(&draft.client_key).ok()?;
    Some(draft)
}

/// Keeps `draft` for `slug`; an empty text removes it. Storage that is full or disabled
/// keeps the draft in memory only, which is all the page can do.
pub fn save(slug: &str, draft: &Draft) {
    if draft.body.is_empty() {
        clear(slug);
        return;
    }
    let (Some(storage), Ok(raw)) = (local_storage(), serde_json::to_string(draft)) else {
        return;
    };
    let _ = storage.set_item(&storage_key(slug), &raw);
}

/// Forgets the draft for `slug` (after it was posted).
pub fn clear(slug: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(&storage_key(slug));
    }
}

/// A new idempotency key: `crypto.randomUUID()` where the browser has it (secure contexts),
/// otherwise time plus `Math.random`, which is unique enough for one user's comments.
pub fn new_client_key() -> String {
    random_uuid().unwrap_or_else(|| {
        let now = js_sys::Date::now() as u64;
        let a = (js_sys::Math::random() * 4_294_967_296.0) as u64;
        let b = (js_sys::Math::random() * 4_294_967_296.0) as u64;
        format!("k-{now:x}-{a:08x}{b:08x}")
    })
}

fn random_uuid() -> Option<String> {
    use wasm_bindgen::JsCast;
    let crypto = js_sys::Reflect::get(&js_sys::global(), &"crypto".into()).ok()?;
    let uuid = js_sys::Reflect::get(&crypto, &"randomUUID".into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?
        .call0(&crypto)
        .ok()?
        .as_string()?;
    comment_wire::validate::check_client_key(&uuid).ok()?;
    Some(uuid)
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn draft(body: &str, key: &str) -> Draft {
        Draft {
            body: body.into(),
            client_key: key.into(),
        }
    }

    #[wasm_bindgen_test]
    fn a_saved_draft_comes_back_with_its_key() {
        save("draft-round-trip", &draft("Half a thought <b>", "key-1"));
        assert_eq!(
            load("draft-round-trip"),
            Some(draft("Half a thought <b>", "key-1"))
        );
        clear("draft-round-trip");
        assert_eq!(load("draft-round-trip"), None);
    }

    #[wasm_bindgen_test]
    fn drafts_are_kept_per_post() {
        save("draft-post-a", &draft("about a", "key-a"));
        save("draft-post-b", &draft("about b", "key-b"));
        assert_eq!(load("draft-post-a"), Some(draft("about a", "key-a")));
        assert_eq!(load("draft-post-b"), Some(draft("about b", "key-b")));
        clear("draft-post-a");
        assert_eq!(load("draft-post-a"), None);
        assert_eq!(load("draft-post-b"), Some(draft("about b", "key-b")));
        clear("draft-post-b");
    }

    #[wasm_bindgen_test]
    fn an_empty_draft_is_not_kept() {
        save("draft-empty", &draft("something", "key-e"));
        save("draft-empty", &draft("", "key-e"));
        assert_eq!(load("draft-empty"), None);
    }

    #[wasm_bindgen_test]
    fn an_unreadable_or_keyless_draft_counts_as_none() {
        let storage = local_storage().unwrap();
        storage
            .set_item(&storage_key("draft-corrupt"), "{not json")
            .unwrap();
        assert_eq!(load("draft-corrupt"), None);
        storage
            .set_item(
                &storage_key("draft-corrupt"),
                r#"{"body":"hi","client_key":"no spaces allowed"}"#,
            )
            .unwrap();
        assert_eq!(load("draft-corrupt"), None);
        clear("draft-corrupt");
    }

    #[wasm_bindgen_test]
    fn new_keys_are_valid_and_distinct() {
        let a = new_client_key();
        let b = new_client_key();
        assert!(comment_wire::validate::check_client_key(&a).is_ok(), "{a}");
        assert_ne!(a, b);
        assert_eq!(storage_key("hello"), "blog.draft.hello");
    }
}
