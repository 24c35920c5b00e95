//! `user_metadata` / `app_metadata` maps and GoTrue's merge rule for them.

use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

/// A JSON object as GoTrue stores metadata (`user_metadata`, the free part of `app_metadata`).
pub type Metadata = Map<String, Value>;

/// Merges `patch` into `target` the way GoTrue's `PUT /user` and admin update do: each key of
/// the patch replaces the key in the target, and a key whose value is `null` is removed.
/// The merge is shallow: a nested object replaces the old one whole.
///
/// ```
/// use identity_core::wire::{merge_metadata, Metadata};
/// use serde_json::json;
///
/// let mut target: Metadata = json!({"full_name": "Jane", "theme": "dark"}).as_object().unwrap().clone();
/// let patch: Metadata = json!({"theme": null, "city": "Oslo"}).as_object().unwrap().clone();
/// merge_metadata(&mut target, &patch);
/// assert_eq!(serde_json::Value::Object(target), json!({"full_name": "Jane", "city": "Oslo"}));
/// ```
pub fn merge_metadata(target: &mut Metadata, patch: &Metadata) {
    for (key, value) in patch {
        if value.is_null() {
            target.remove(key);
        } else {
            target.insert(key.clone(), value.clone());
        }
    }
}

/// Reads a value that GoTrue may send as `null` (Go's nil map or zero value) as its default.
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(value: Value) -> Metadata {
        match value {
            Value::Object(m) => m,
            _ => Metadata::new(),
        }
    }

    #[test]
    fn null_in_patch_deletes_key() {
        let mut target = map(json!({"a": 1, "b": 2}));
        merge_metadata(&mut target, &map(json!({"a": null})));
        assert_eq!(Value::Object(target), json!({"b": 2}));
    }

    #[test]
    fn nested_objects_are_replaced_not_merged() {
        let mut target = map(json!({"prefs": {"a": 1, "b": 2}}));
        merge_metadata(&mut target, &map(json!({"prefs": {"c": 3}})));
        assert_eq!(Value::Object(target), json!({"prefs": {"c": 3}}));
    }

    #[test]
    fn deleting_a_missing_key_is_a_no_op() {
        let mut target = map(json!({"a": 1}));
        merge_metadata(&mut target, &map(json!({"zzz": null})));
        assert_eq!(Value::Object(target), json!({"a": 1}));
    }
}
