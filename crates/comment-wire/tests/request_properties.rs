//! The comment API's requests and answers fed generated input (proptest, fixed seed, so a run
//! is repeatable): a comment post, a moderation request, the moderation list's `status` and a
//! page of comments read back as written; a request with a field missing, an unknown field or
//! a field of another type is refused, never read as another request; any text is read or
//! refused without a panic.

use comment_wire::{
    Author, Comment, CommentPage, CommentStatus, ModerationAction, ModerationFilter,
    ModerationRequest, NewComment,
};
use identity_core::time::Timestamp;
use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use serde_json::{json, Value};

/// A fixed seed, so a run is repeatable (a failure reproduces); `PROPTEST_CASES` sets how many
/// cases each property runs (proptest's default of 256 otherwise; `cargo xtask fuzz` runs more).
fn config() -> ProptestConfig {
    ProptestConfig {
        rng_seed: RngSeed::Fixed(0x15),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Text as a reader may send it: any script, and the characters JSON must escape.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "\\PC{0,24}",
        1 => ".{0,12}",
        1 => "[\"\\\\/\u{0}-\u{1f}\u{2028}\u{202e}a]{0,6}",
    ]
}

fn new_comment() -> impl Strategy<Value = NewComment> {
    (text(), text(), text()).prop_map(|(post, body, client_key)| NewComment {
        post,
        body,
        client_key,
    })
}

fn action() -> impl Strategy<Value = ModerationAction> {
    prop_oneof![
        Just(ModerationAction::Hide),
        Just(ModerationAction::Restore),
        Just(ModerationAction::Delete),
    ]
}

fn moderation() -> impl Strategy<Value = ModerationRequest> {
    (any::<i64>(), action()).prop_map(|(id, action)| ModerationRequest { id, action })
}

fn status() -> impl Strategy<Value = CommentStatus> {
    prop_oneof![
        Just(CommentStatus::Visible),
        Just(CommentStatus::Hidden),
        Just(CommentStatus::Deleted),
    ]
}

fn page() -> impl Strategy<Value = CommentPage> {
    let comment = (
        any::<i64>(),
        text(),
        (text(), text()),
        text(),
        text(),
        status(),
    )
        .prop_map(
            |(id, post, (author_id, name), body, created, status)| Comment {
                id,
                post,
                author: Author {
                    id: author_id,
                    name,
                },
                body,
                created_at: Timestamp::new(created),
                status,
            },
        );
    (
        proptest::collection::vec(comment, 0..4),
        proptest::option::of(text()),
    )
        .prop_map(|(comments, next_cursor)| CommentPage {
            comments,
            next_cursor,
        })
}

/// JSON of every kind but text (the type each request field must have).
fn not_text() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        Just(json!(["x"])),
        Just(json!({"x": "y"})),
    ]
}

fn unknown_field() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z_]{1,10}",
        Just("Post".to_owned()),
        Just("body ".to_owned())
    ]
}

proptest! {
    #![proptest_config(config())]

    /// What the comment form sends, `submit-comment` reads as sent: every character of the
    /// body, NUL and bidi controls included (refusing them is the checks' job, not the
    /// reader's).
    #[test]
    fn a_comment_post_reads_back_as_sent(new in new_comment()) {
        let text = serde_json::to_string(&new).expect("written");
        prop_assert_eq!(serde_json::from_str::<NewComment>(&text).expect("read"), new);
    }

    /// A comment post without one of its three fields is refused.
    #[test]
    fn a_comment_post_without_a_field_is_refused(
        new in new_comment(),
        field in prop_oneof![Just("post"), Just("body"), Just("client_key")],
    ) {
        let mut value = serde_json::to_value(&new).expect("written");
        value.as_object_mut().expect("an object").remove(field);
        prop_assert!(serde_json::from_value::<NewComment>(value).is_err());
    }

    /// A comment post with a field it does not know is refused, not read without it.
    #[test]
    fn a_comment_post_with_an_unknown_field_is_refused(
        new in new_comment(),
        field in unknown_field().prop_filter("unknown", |f| !["post", "body", "client_key"].contains(&f.as_str())),
        extra in text(),
    ) {
        let mut value = serde_json::to_value(&new).expect("written");
        value[field.as_str()] = Value::from(extra);
        prop_assert!(serde_json::from_value::<NewComment>(value).is_err(), "read with {:?}", field);
    }

    /// A comment post whose field is not text (a number, `null`, an array) is refused, never
    /// read as that value's text or as empty text.
    #[test]
    fn a_comment_post_field_of_another_type_is_refused(
        new in new_comment(),
        field in prop_oneof![Just("post"), Just("body"), Just("client_key")],
        bad in not_text(),
    ) {
        let mut value = serde_json::to_value(&new).expect("written");
        value[field] = bad;
        prop_assert!(serde_json::from_value::<NewComment>(value).is_err());
    }

    /// What the moderation page sends, `moderate-comment` reads as sent; an id that is not a
    /// whole number in range, an action it does not know, a missing or unknown field is
    /// refused.
    #[test]
    fn a_moderation_request_reads_back_as_sent_and_a_mangled_one_is_refused(
        request in moderation(),
        bad_id in prop_oneof![
            Just(json!(1.5)),
            Just(json!("7")),
            Just(json!(u64::MAX)),
            Just(Value::Null),
            Just(json!([7])),
        ],
        bad_action in prop_oneof![
            "[a-z]{0,8}".prop_filter("unknown", |a| !["hide", "restore", "delete"].contains(&a.as_str())),
            Just("Hide".to_owned()),
            Just(" hide".to_owned()),
        ],
        extra in unknown_field().prop_filter("unknown", |f| f != "id" && f != "action"),
        missing in prop_oneof![Just("id"), Just("action")],
    ) {
        let value = serde_json::to_value(request).expect("written");
        prop_assert_eq!(serde_json::from_str::<ModerationRequest>(&value.to_string()).expect("read"), request);
        let refused = |edit: &dyn Fn(&mut Value)| {
            let mut mangled = value.clone();
            edit(&mut mangled);
            serde_json::from_value::<ModerationRequest>(mangled).is_err()
        };
        prop_assert!(refused(&|v| v["id"] = bad_id.clone()), "id {}", bad_id);
        prop_assert!(refused(&|v| v["action"] = Value::from(bad_action.as_str())), "action {:?}", bad_action);
        prop_assert!(refused(&|v| v[extra.as_str()] = json!(1)), "field {:?}", extra);
        let without = refused(&|v| {
            v.as_object_mut().expect("an object").remove(missing);
        });
        prop_assert!(without, "read without {:?}", missing);
    }

    /// The moderation list's `status`: the value the page writes is the filter the function
    /// reads; any other value is refused, and no value at all is every comment.
    #[test]
    fn a_status_query_reads_back_and_any_other_is_refused(
        index in 0..ModerationFilter::ALL.len(),
        other in prop_oneof!["\\PC{0,10}", Just("All".to_owned()), Just("visible ".to_owned()), Just("deleted".to_owned())],
    ) {
        let filter = ModerationFilter::ALL[index];
        prop_assert_eq!(ModerationFilter::from_query(Some(filter.as_query())), Ok(filter));
        prop_assert_eq!(ModerationFilter::from_query(None), Ok(ModerationFilter::All));
        match ModerationFilter::from_query(Some(&other)) {
            Ok(read) => prop_assert_eq!(read.as_query(), other.as_str()),
            Err(_) => prop_assert!(ModerationFilter::ALL.iter().all(|f| f.as_query() != other)),
        }
        // Deleted comments are never listed, whatever the filter.
        prop_assert!(!filter.statuses().contains(&CommentStatus::Deleted));
    }

    /// A page of comments as the functions send it, the blog reads as sent; a status it does
    /// not know is refused.
    #[test]
    fn a_comment_page_reads_back_as_sent(page in page(), bad in "[a-z]{0,8}") {
        let text = serde_json::to_string(&page).expect("written");
        prop_assert_eq!(serde_json::from_str::<CommentPage>(&text).expect("read"), page.clone());
        if let Some(first) = page.comments.first() {
            prop_assert_eq!(CommentStatus::parse(first.status.as_str()), Some(first.status));
            let mut value = serde_json::to_value(&page).expect("written");
            value["comments"][0]["status"] = Value::from(bad.as_str());
            let known = CommentStatus::parse(&bad).is_some();
            prop_assert_eq!(serde_json::from_value::<CommentPage>(value).is_ok(), known, "status {:?}", bad);
        }
    }

    /// Text of any shape sent as any of these: read or refused, never a panic.
    #[test]
    fn any_text_is_read_or_refused_without_a_panic(
        text in prop_oneof![".{0,80}", "[{}\\[\\]\":,a-z0-9 ]{0,60}"],
    ) {
        let _ = serde_json::from_str::<NewComment>(&text);
        let _ = serde_json::from_str::<ModerationRequest>(&text);
        let _ = serde_json::from_str::<CommentPage>(&text);
        let _ = ModerationFilter::from_query(Some(&text));
        let _ = CommentStatus::parse(&text);
    }
}
