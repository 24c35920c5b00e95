//! The stored session (`localStorage["gotrue.user"]`, gotrue-js's shape) fed generated input
//! (proptest, fixed seed, so a run is repeatable): what this crate writes reads back as
//! written; a written session with a required key taken out, a field of the wrong type or the
//! text cut short is refused, never read as another session; any text at all is read or
//! refused without a panic, and what is read answers its questions without one.

use identity_core::time::Timestamp;
use identity_core::wire::{AppMetadata, Metadata, StoredSession, StoredToken, User};
use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use serde_json::Value;

/// A fixed seed, so a run is repeatable (a failure reproduces); `PROPTEST_CASES` sets how many
/// cases each property runs (proptest's default of 256 otherwise; `cargo xtask fuzz` runs more).
fn config() -> ProptestConfig {
    ProptestConfig {
        rng_seed: RngSeed::Fixed(0x15),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Text as a user, a provider or a server may put in a field: printable, any script, and now
/// and then the characters JSON must escape.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "\\PC{0,16}",
        1 => ".{0,8}",
        1 => "[\"\\\\/\u{0}-\u{1f}\u{2028}\u{2029}a]{0,6}",
    ]
}

/// JSON as metadata holds it. No floats: serde_json (without its `float_roundtrip` feature)
/// may read a written float back one unit off, a property of the JSON reader, not of ours.
fn metadata_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        text().prop_map(Value::from),
    ];
    leaf.prop_recursive(2, 12, 3, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            proptest::collection::btree_map("[a-z_]{1,8}", inner, 0..3)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

fn metadata() -> impl Strategy<Value = Metadata> {
    proptest::collection::btree_map(
        prop_oneof!["[a-z_]{1,10}", Just("full_name".to_owned()), text()],
        metadata_value(),
        0..4,
    )
    .prop_map(|map| map.into_iter().collect())
}

fn app_metadata() -> impl Strategy<Value = AppMetadata> {
    (
        proptest::option::of(prop_oneof![Just("email".to_owned()), text()]),
        proptest::collection::vec(prop_oneof![Just("admin".to_owned()), text()], 0..3),
        metadata(),
    )
        .prop_map(|(provider, roles, mut extra)| {
            // The two keys Netlify gives meaning to are fields of their own.
            extra.remove("provider");
            extra.remove("roles");
            AppMetadata {
                provider,
                roles,
                extra,
            }
        })
}

fn timestamp() -> impl Strategy<Value = Timestamp> {
    prop_oneof![
        3 => (-62_135_596_800i64..253_402_300_800)
            .prop_map(|secs| Timestamp::from_unix(secs).expect("in range")),
        1 => text().prop_map(Timestamp::new),
    ]
}

fn user() -> impl Strategy<Value = User> {
    (
        (text(), text(), text(), text()),
        proptest::collection::vec(proptest::option::of(timestamp()), 6),
        proptest::option::of("\\PC{1,16}"),
        (app_metadata(), metadata(), timestamp(), timestamp()),
    )
        .prop_map(
            |((id, aud, role, email), times, new_email, (app, meta, created, updated))| User {
                id,
                aud,
                role,
                email,
                confirmed_at: times[0].clone(),
                invited_at: times[1].clone(),
                confirmation_sent_at: times[2].clone(),
                recovery_sent_at: times[3].clone(),
                new_email,
                email_change_sent_at: times[4].clone(),
                last_sign_in_at: times[5].clone(),
                app_metadata: app,
                user_metadata: meta,
                created_at: created,
                updated_at: updated,
            },
        )
}

fn token() -> impl Strategy<Value = StoredToken> {
    (
        text(),
        prop_oneof![Just("bearer".to_owned()), text()],
        any::<u64>(),
        text(),
        proptest::option::of(any::<i64>()),
    )
        .prop_map(
            |(access_token, token_type, expires_in, refresh_token, expires_at)| StoredToken {
                access_token,
                token_type,
                expires_in,
                refresh_token,
                expires_at,
            },
        )
}

fn session() -> impl Strategy<Value = StoredSession> {
    (text(), text(), token(), user()).prop_map(|(url, audience, token, user)| StoredSession {
        url,
        audience,
        token,
        user,
    })
}

fn written(session: &StoredSession) -> Value {
    serde_json::to_value(session).expect("a session is written")
}

fn read(value: &Value) -> Result<StoredSession, serde_json::Error> {
    serde_json::from_str(&value.to_string())
}

/// Where a required key lives in the written session.
const REQUIRED: [&[&str]; 7] = [
    &["url"],
    &["token"],
    &["id"],
    &["created_at"],
    &["updated_at"],
    &["token", "access_token"],
    &["token", "refresh_token"],
];

/// The object that holds the key at `path`, and the key.
fn slot<'a>(
    value: &'a mut Value,
    path: &[&'a str],
) -> (&'a mut serde_json::Map<String, Value>, &'a str) {
    let (last, parents) = path.split_last().expect("a path");
    let mut at = value;
    for key in parents {
        at = &mut at[*key];
    }
    (at.as_object_mut().expect("an object"), last)
}

/// Every question a caller asks of a session read from storage.
fn ask(session: &StoredSession, now: i64, margin: i64) {
    let _ = session.token.expires_at_millis();
    let _ = session.token.needs_refresh(now, margin);
    let _ = session.token.to_response();
    let _ = session.user.full_name();
    let _ = session.user.avatar_url();
    let _ = session.user.created_at.unix_seconds();
    let _ = session.user.app_metadata.has_role("admin");
}

proptest! {
    #![proptest_config(config())]

    /// What the widget stores, the next page load reads back as it was stored.
    #[test]
    fn a_written_session_reads_back_as_written(session in session()) {
        let text = serde_json::to_string(&session).expect("written");
        let back: StoredSession = serde_json::from_str(&text).expect("read back");
        prop_assert_eq!(back, session);
    }

    /// gotrue-js adds `_fromStorage` beside the user's keys, and writes `expires_in` as a
    /// string when the token came from an OAuth fragment: the same session either way.
    #[test]
    fn gotrue_js_additions_read_as_the_same_session(session in session(), flag in any::<bool>()) {
        let mut value = written(&session);
        value["_fromStorage"] = Value::from(flag);
        value["token"]["expires_in"] = Value::from(session.token.expires_in.to_string());
        prop_assert_eq!(read(&value).expect("read"), session);
    }

    /// A session without one of the keys it cannot do without is no session.
    #[test]
    fn a_session_missing_a_required_key_is_refused(
        session in session(),
        which in 0..REQUIRED.len(),
    ) {
        let mut value = written(&session);
        let (object, key) = slot(&mut value, REQUIRED[which]);
        prop_assert!(object.remove(key).is_some());
        prop_assert!(read(&value).is_err(), "read without {:?}", REQUIRED[which]);
    }

    /// A required text field that holds something else than text is refused, never read as
    /// its `Display` or as empty text.
    #[test]
    fn a_required_field_of_another_type_is_refused(
        session in session(),
        which in prop_oneof![Just(0usize), Just(2), Just(3), Just(4), Just(5), Just(6)],
        replacement in prop_oneof![
            any::<i64>().prop_map(Value::from),
            any::<bool>().prop_map(Value::from),
            Just(serde_json::json!(["x"])),
            Just(serde_json::json!({"x": 1})),
        ],
    ) {
        let mut value = written(&session);
        let (object, key) = slot(&mut value, REQUIRED[which]);
        object.insert(key.to_owned(), replacement);
        prop_assert!(read(&value).is_err(), "read with {:?} replaced", REQUIRED[which]);
    }

    /// `expires_in` is a whole number of seconds, written as a number or as its digits:
    /// anything else is refused.
    #[test]
    fn an_expires_in_that_is_not_a_whole_number_is_refused(
        session in session(),
        bad in prop_oneof![
            (i64::MIN..0).prop_map(Value::from),
            Just(Value::from(1.5)),
            "[0-9]{0,3}[^0-9+]{1,3}[0-9]{0,3}".prop_map(Value::from),
            Just(Value::from("-1")),
            Just(Value::from("")),
            Just(Value::Bool(true)),
        ],
    ) {
        let mut value = written(&session);
        value["token"]["expires_in"] = bad.clone();
        prop_assert!(read(&value).is_err(), "read expires_in {}", bad);
    }

    /// A session cut short (a full disk, a tab killed mid-write) is refused at every cut.
    #[test]
    fn a_session_cut_short_is_refused(session in session(), cut in any::<prop::sample::Index>()) {
        let text = serde_json::to_string(&session).expect("written");
        let ends: Vec<usize> = (0..text.len()).filter(|&i| text.is_char_boundary(i)).collect();
        let end = ends[cut.index(ends.len())];
        prop_assert!(serde_json::from_str::<StoredSession>(&text[..end]).is_err(), "read {:?}", &text[..end]);
    }

    /// Stored text of any shape (another site's value under the same key, a hand edit, a
    /// byte changed): read or refused, never a panic, and what is read answers every question.
    #[test]
    fn any_stored_text_is_read_or_refused_without_a_panic(
        session in session(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<char>()), 0..4),
        junk in ".{0,60}",
        now in any::<i64>(),
        margin in any::<i64>(),
    ) {
        let mut text: Vec<char> = serde_json::to_string(&session).expect("written").chars().collect();
        for (at, c) in edits {
            let i = at.index(text.len());
            text[i] = c;
        }
        let edited: String = text.into_iter().collect();
        for stored in [edited.as_str(), junk.as_str()] {
            if let Ok(read) = serde_json::from_str::<StoredSession>(stored) {
                ask(&read, now, margin);
            }
        }
    }

    /// A subtree of a valid session replaced by JSON of any kind: read or refused without a
    /// panic; a replaced required key of the wrong kind is never read.
    #[test]
    fn a_session_with_any_part_replaced_is_read_or_refused_without_a_panic(
        session in session(),
        key in prop_oneof![
            Just("url"), Just("audience"), Just("token"), Just("id"), Just("email"),
            Just("app_metadata"), Just("user_metadata"), Just("confirmed_at"), Just("new_email"),
            Just("created_at"),
        ],
        inner in prop_oneof![Just(None), Just(Some("expires_at")), Just(Some("expires_in")), Just(Some("access_token"))],
        replacement in metadata_value(),
        now in any::<i64>(),
        margin in any::<i64>(),
    ) {
        let mut value = written(&session);
        match inner {
            Some(field) if key == "token" => value["token"][field] = replacement,
            _ => value[key] = replacement,
        }
        if let Ok(read) = read(&value) {
            ask(&read, now, margin);
        }
    }

    /// Waiting never makes a token fresh again: once it needs a refresh, it needs one later
    /// too, and a larger margin never needs one less.
    #[test]
    fn a_token_that_needs_a_refresh_needs_one_later_too(
        token in token(),
        now in any::<i64>(),
        later in 0i64..=i64::MAX,
        margin in any::<i64>(),
        more in 0i64..=i64::MAX,
    ) {
        if token.needs_refresh(now, margin) {
            prop_assert!(token.needs_refresh(now.saturating_add(later), margin));
            prop_assert!(token.needs_refresh(now, margin.saturating_add(more)));
        }
    }
}
