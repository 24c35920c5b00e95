//! `submit-comment`: who may post, what is stored, and every refusal stores nothing.

use std::sync::Arc;

use comment_wire::validate::MAX_BODY_CHARS;
use comment_wire::{CommentStatus, ErrorCode};
use functions::store::CommentStore;
use functions::{NetlifyContext, Request};
use serde_json::json;

use crate::harness::*;

pub async fn submit_without_user_is_401_and_stores_nothing(store: Arc<dyn CommentStore>) {
    let app = app(store.clone());
    let r = submit(
        &app,
        &NetlifyContext::anonymous(),
        new_comment(POST, "hi", "k1"),
    )
    .await;
    assert_error(&r, 401, ErrorCode::Unauthorized);
    assert_eq!(stored(store.as_ref()).await, 0);
}

pub async fn submit_stores_and_returns_the_comment(store: Arc<dyn CommentStore>) {
    let app = app(store.clone());
    let c = submit_ok(&app, &jane(), POST, "Nice post!", "k1").await;
    assert!(c.id > 0);
    assert_eq!(c.post, POST);
    assert_eq!(c.author.id, "11111111-1111-4111-8111-111111111111");
    assert_eq!(c.author.name, "Jane Doe");
    assert_eq!(c.body, "Nice post!");
    assert_eq!(c.status, CommentStatus::Visible);
    assert_eq!(c.created_at.as_str(), "2026-11-26T12:00:00.000123Z");
    assert_eq!(store.get(c.id).await.unwrap(), Some(c));
}

pub async fn text_is_stored_and_listed_exactly_as_written(store: Arc<dyn CommentStore>) {
    let app = app(store);
    let text =
        "  <script>alert('x')</script>\n\n\t\"quotes\" & ünïcödé 🦀 '); DROP TABLE comments; --  ";
    let c = submit_ok(&app, &jane(), POST, text, "k1").await;
    assert_eq!(c.body, text);
    let listed = page(&list(&app, &format!("post={POST}")).await);
    assert_eq!(listed.comments[0].body, text);
}

pub async fn author_without_full_name_is_shown_by_email_local_part(store: Arc<dyn CommentStore>) {
    let app = app(store);
    let c = submit_ok(&app, &bob(), POST, "hi", "k1").await;
    assert_eq!(c.author.name, "bob");
}

pub async fn author_name_with_nul_line_breaks_and_bidi_is_stored_cleaned(
    store: Arc<dyn CommentStore>,
) {
    let app = app(store.clone());
    let mallory = user(
        "44444444-4444-4444-8444-444444444444",
        "mallory@example.com",
        Some("Mallory\u{0}\r\n\u{202e}nimdA\u{200b}"),
    );
    let c = submit_ok(&app, &mallory, POST, "hi", "k1").await;
    assert_eq!(c.author.name, "Mallory nimdA");
    assert_eq!(store.get(c.id).await.unwrap(), Some(c.clone()));
    let listed = page(&list(&app, &format!("post={POST}")).await);
    assert_eq!(listed.comments, [c]);
}

pub async fn invisible_only_name_is_shown_by_email_local_part(store: Arc<dyn CommentStore>) {
    let app = app(store);
    let ghost = user(
        "55555555-5555-4555-8555-555555555555",
        "ghost@example.com",
        Some("\u{200b}\u{3164}\u{202e}\u{0}"),
    );
    let c = submit_ok(&app, &ghost, POST, "hi", "k1").await;
    assert_eq!(c.author.name, "ghost");
}

pub async fn wrong_content_type_is_415(store: Arc<dyn CommentStore>) {
    let app = app(store.clone());
    let body = json!({"post": POST, "body": "hi", "client_key": "k1"}).to_string();
    for ct in ["text/plain", "application/x-www-form-urlencoded"] {
        let r = submit(&app, &jane(), raw_post(ct, &body)).await;
        assert_error(&r, 415, ErrorCode::UnsupportedMediaType);
    }
    let no_type = Request::new("POST").with_body(body.into_bytes());
    assert_error(
        &submit(&app, &jane(), no_type).await,
        415,
        ErrorCode::UnsupportedMediaType,
    );
    assert_eq!(stored(store.as_ref()).await, 0);
}

pub async fn malformed_json_is_400_invalid_json(store: Arc<dyn CommentStore>) {
    let app = app(store.clone());
    for text in [
        "",
        "{",
        "post=hello-world&body=hi",
        "{\"post\": \"hello-world\",}",
    ] {
        let r = submit(&app, &jane(), raw_post("application/json", text)).await;
        assert_error(&r, 400, ErrorCode::InvalidJson);
    }
    assert_eq!(stored(store.as_ref()).await, 0);
}

pub async fn missing_field_is_400_naming_it(store: Arc<dyn CommentStore>) {
    let app = app(store.clone());
    let req = Request::new("POST").with_json(&json!({"post": POST, "body": "hi"}));
    let e = assert_error(
        &submit(&app, &jane(), req).await,
        400,
        ErrorCode::MissingField,
    );
    assert!(e.message.contains("client_key"), "{}", e.message);
    assert_eq!(stored(store.as_ref()).await, 0);
}

pub async fn unknown_field_is_400_naming_it(store: Arc<dyn CommentStore>) {
    let app = app(store.clone());
    let req = Request::new("POST").with_json(
        &json!({"post": POST, "body": "hi", "client_key": "k1", "author_id": "someone-else"}),
    );
    let e = assert_error(
        &submit(&app, &jane(), req).await,
        400,
        ErrorCode::UnknownField,
    );
    assert!(e.message.contains("author_id"), "{}", e.message);
    assert_eq!(stored(store.as_ref()).await, 0);
}

pub async fn wrong_field_type_is_400_invalid_field(store: Arc<dyn CommentStore>) {
    let app = app(store.clone());
    for bad in [
        json!({"post": POST, "body": 42, "client_key": "k1"}),
        json!({"post": POST, "body": null, "client_key": "k1"}),
        json!(["not", "an", "object"]),
    ] {
        let r = submit(&app, &jane(), Request::new("POST").with_json(&bad)).await;
        assert_error(&r, 400, ErrorCode::InvalidField);
    }
    assert_eq!(stored(store.as_ref()).await, 0);
}

pub async fn blank_body_is_422_empty_body(store: Arc<dyn CommentStore>) {
    let app = app(store.clone());
    for blank in ["", "   ", "\n\t", "\u{a0}\u{3000}"] {
        let r = submit(&app, &jane(), new_comment(POST, blank, "k1")).await;
        assert_error(&r, 422, ErrorCode::EmptyBody);
    }
    assert_eq!(stored(store.as_ref()).await, 0);
}

pub async fn body_over_the_limit_is_422_and_at_the_limit_is_stored(store: Arc<dyn CommentStore>) {
    let app = app(store.clone());
    let over = "x".repeat(MAX_BODY_CHARS + 1);
    let e = assert_error(
        &submit(&app, &jane(), new_comment(POST, &over, "k1")).await,
        422,
        ErrorCode::BodyTooLong,
    );
    assert!(e.message.contains(&MAX_BODY_CHARS.to_string()));
    assert_eq!(stored(store.as_ref()).await, 0);
    let at_limit = "ж".repeat(MAX_BODY_CHARS);
    let c = submit_ok(&app, &jane(), POST, &at_limit, "k2").await;
    assert_eq!(c.body, at_limit);
}

pub async fn oversized_request_is_413(store: Arc<dyn CommentStore>) {
    let app = app(store.clone());
    let huge = "x".repeat(app.limits().max_request_bytes);
    let r = submit(&app, &jane(), new_comment(POST, &huge, "k1")).await;
    assert_error(&r, 413, ErrorCode::PayloadTooLarge);
    assert_eq!(stored(store.as_ref()).await, 0);
}

pub async fn unknown_post_is_422(store: Arc<dyn CommentStore>) {
    let app = app(store.clone());
    let r = submit(&app, &jane(), new_comment("no-such-post", "hi", "k1")).await;
    let e = assert_error(&r, 422, ErrorCode::UnknownPost);
    assert!(e.message.contains("no-such-post"));
    assert_eq!(stored(store.as_ref()).await, 0);
}

pub async fn malformed_post_slug_is_422(store: Arc<dyn CommentStore>) {
    let app = app(store.clone());
    for slug in ["", "Hello-World", "../etc/passwd", "a b"] {
        let r = submit(&app, &jane(), new_comment(slug, "hi", "k1")).await;
        assert_error(&r, 422, ErrorCode::InvalidPost);
    }
    assert_eq!(stored(store.as_ref()).await, 0);
}

pub async fn nul_character_is_422_on_every_store(store: Arc<dyn CommentStore>) {
    let app = app(store.clone());
    let r = submit(&app, &jane(), new_comment(POST, "a\u{0}b", "k1")).await;
    assert_error(&r, 422, ErrorCode::InvalidCharacters);
    assert_eq!(stored(store.as_ref()).await, 0);
}

pub async fn control_and_bidi_characters_in_the_body_are_422(store: Arc<dyn CommentStore>) {
    let app = app(store.clone());
    for body in [
        "a\u{7}b",
        "a\u{1b}[2Jb",
        "a\u{85}b",
        "abc\u{202e}fed",
        "\u{2066}x",
    ] {
        let r = submit(&app, &jane(), new_comment(POST, body, "k1")).await;
        assert_error(&r, 422, ErrorCode::InvalidCharacters);
    }
    assert_eq!(stored(store.as_ref()).await, 0);
}

pub async fn invisible_only_body_is_422_empty_body(store: Arc<dyn CommentStore>) {
    let app = app(store.clone());
    for blank in [
        "\u{200b}",
        " \u{200b}\u{feff}\n",
        "\u{ad}\u{2060}",
        "\u{3164}",
    ] {
        let r = submit(&app, &jane(), new_comment(POST, blank, "k1")).await;
        assert_error(&r, 422, ErrorCode::EmptyBody);
    }
    assert_eq!(stored(store.as_ref()).await, 0);
}

pub async fn bad_client_key_is_422(store: Arc<dyn CommentStore>) {
    let app = app(store.clone());
    for key in ["", "has space", &"k".repeat(101)] {
        let r = submit(&app, &jane(), new_comment(POST, "hi", key)).await;
        assert_error(&r, 422, ErrorCode::InvalidClientKey);
    }
    assert_eq!(stored(store.as_ref()).await, 0);
}

pub async fn get_is_405_with_allow_header(store: Arc<dyn CommentStore>) {
    let app = app(store);
    let r = submit(&app, &jane(), Request::new("GET")).await;
    assert_error(&r, 405, ErrorCode::MethodNotAllowed);
    assert_eq!(r.header("allow"), Some("POST"));
}
