//! `moderate-comment`: admins only; list across posts, hide, restore, delete.

use std::sync::Arc;

use comment_wire::{CommentStatus, ErrorCode};
use functions::store::CommentStore;
use functions::{NetlifyContext, Request};
use serde_json::json;

use crate::harness::*;

fn get(query: &str) -> Request {
    Request::new("GET").with_query_string(query)
}

pub async fn moderation_without_user_is_401(store: Arc<dyn CommentStore>) {
    let app = app(store);
    let anon = NetlifyContext::anonymous();
    assert_error(
        &moderate(&app, &anon, get("")).await,
        401,
        ErrorCode::Unauthorized,
    );
    let hide = Request::new("POST").with_json(&json!({"id": 1, "action": "hide"}));
    assert_error(
        &moderate(&app, &anon, hide).await,
        401,
        ErrorCode::Unauthorized,
    );
}

pub async fn moderation_without_admin_role_is_403_and_changes_nothing(
    store: Arc<dyn CommentStore>,
) {
    let app = app(store.clone());
    let c = submit_ok(&app, &jane(), POST, "mine", "k1").await;
    assert_error(
        &moderate(&app, &jane(), get("")).await,
        403,
        ErrorCode::Forbidden,
    );
    for action in ["hide", "delete"] {
        let req = Request::new("POST").with_json(&json!({"id": c.id, "action": action}));
        assert_error(
            &moderate(&app, &jane(), req).await,
            403,
            ErrorCode::Forbidden,
        );
    }
    assert_eq!(store.get(c.id).await.unwrap(), Some(c));
}

pub async fn admin_lists_every_post_newest_first_including_hidden(store: Arc<dyn CommentStore>) {
    let app = app(store);
    let a = submit_ok(&app, &jane(), POST, "a", "k1").await;
    let b = submit_ok(&app, &bob(), OTHER_POST, "b", "k2").await;
    let c = submit_ok(&app, &jane(), POST, "c", "k3").await;
    let hidden_b = comment(&act(&app, b.id, "hide").await);
    assert_eq!(hidden_b.status, CommentStatus::Hidden);
    let p = page(&moderate(&app, &admin(), get("")).await);
    assert_eq!(p.comments, [c, hidden_b, a]);
}

pub async fn admin_filters_by_status_and_post(store: Arc<dyn CommentStore>) {
    let app = app(store);
    let a = submit_ok(&app, &jane(), POST, "a", "k1").await;
    let b = submit_ok(&app, &bob(), OTHER_POST, "b", "k2").await;
    let c = submit_ok(&app, &jane(), POST, "c", "k3").await;
    let hidden_a = comment(&act(&app, a.id, "hide").await);
    let only_hidden = page(&moderate(&app, &admin(), get("status=hidden")).await);
    assert_eq!(only_hidden.comments, std::slice::from_ref(&hidden_a));
    let only_visible = page(&moderate(&app, &admin(), get("status=visible")).await);
    assert_eq!(only_visible.comments, [c.clone(), b]);
    let one_post = page(&moderate(&app, &admin(), get(&format!("post={POST}"))).await);
    assert_eq!(one_post.comments, [c, hidden_a]);
    let r = moderate(&app, &admin(), get("status=deleted")).await;
    assert_error(&r, 400, ErrorCode::InvalidQuery);
}

pub async fn admin_list_pages_with_a_cursor(store: Arc<dyn CommentStore>) {
    let app = app(store);
    let mut all = Vec::new();
    for i in 0..5 {
        all.push(submit_ok(&app, &jane(), POST, &format!("c{i}"), &format!("k{i}")).await);
    }
    all.reverse();
    let first = page(&moderate(&app, &admin(), get("limit=3")).await);
    let cursor = first.next_cursor.clone().expect("a second page");
    let second = page(&moderate(&app, &admin(), get(&format!("limit=3&cursor={cursor}"))).await);
    assert_eq!(second.next_cursor, None);
    let seen: Vec<_> = first.comments.into_iter().chain(second.comments).collect();
    assert_eq!(seen, all);
}

pub async fn hide_then_restore_round_trips(store: Arc<dyn CommentStore>) {
    let app = app(store);
    let c = submit_ok(&app, &jane(), POST, "text", "k1").await;
    let hidden = comment(&act(&app, c.id, "hide").await);
    assert_eq!(hidden.status, CommentStatus::Hidden);
    assert_eq!(hidden.body, "text");
    assert!(page(&list(&app, &format!("post={POST}")).await)
        .comments
        .is_empty());
    let restored = comment(&act(&app, c.id, "restore").await);
    assert_eq!(restored, c);
    assert_eq!(
        page(&list(&app, &format!("post={POST}")).await).comments,
        [c]
    );
}

pub async fn delete_erases_the_text_for_good(store: Arc<dyn CommentStore>) {
    let app = app(store.clone());
    let c = submit_ok(&app, &jane(), POST, "secret", "k1").await;
    let deleted = comment(&act(&app, c.id, "delete").await);
    assert_eq!(deleted.status, CommentStatus::Deleted);
    assert_eq!(deleted.body, "");
    assert_eq!(
        store.get(c.id).await.unwrap().map(|c| c.body),
        Some(String::new())
    );
    assert!(page(&list(&app, &format!("post={POST}")).await)
        .comments
        .is_empty());
    assert!(page(&moderate(&app, &admin(), get("")).await)
        .comments
        .is_empty());
    assert_error(
        &act(&app, c.id, "restore").await,
        409,
        ErrorCode::CommentDeleted,
    );
    assert_error(
        &act(&app, c.id, "hide").await,
        409,
        ErrorCode::CommentDeleted,
    );
    assert_eq!(act(&app, c.id, "delete").await.status, 200);
}

pub async fn moderating_an_unknown_comment_is_404(store: Arc<dyn CommentStore>) {
    let app = app(store);
    for action in ["hide", "restore", "delete"] {
        assert_error(&act(&app, 999_999, action).await, 404, ErrorCode::NotFound);
    }
}

pub async fn bad_moderation_body_is_400(store: Arc<dyn CommentStore>) {
    let app = app(store.clone());
    let c = submit_ok(&app, &jane(), POST, "text", "k1").await;
    let cases = [
        (
            json!({"id": c.id, "action": "approve"}),
            ErrorCode::InvalidField,
        ),
        (json!({"id": c.id}), ErrorCode::MissingField),
        (
            json!({"id": c.id, "action": "hide", "reason": "spam"}),
            ErrorCode::UnknownField,
        ),
        (
            json!({"id": "one", "action": "hide"}),
            ErrorCode::InvalidField,
        ),
    ];
    for (body, code) in cases {
        let r = moderate(&app, &admin(), Request::new("POST").with_json(&body)).await;
        assert_error(&r, 400, code);
    }
    let r = moderate(&app, &admin(), raw_post("text/plain", "hide 1")).await;
    assert_error(&r, 415, ErrorCode::UnsupportedMediaType);
    assert_eq!(store.get(c.id).await.unwrap(), Some(c));
}
