//! `list-comments`: public, one post, oldest first, paged.

use std::sync::Arc;

use comment_wire::ErrorCode;
use functions::store::CommentStore;
use functions::{Function, NetlifyContext, Request};

use crate::harness::*;

pub async fn list_is_public_and_oldest_first(store: Arc<dyn CommentStore>) {
    let app = app(store);
    let a = submit_ok(&app, &jane(), POST, "first", "k1").await;
    let b = submit_ok(&app, &bob(), POST, "second", "k2").await;
    let c = submit_ok(&app, &jane(), POST, "third", "k3").await;
    let p = page(&list(&app, &format!("post={POST}")).await);
    assert_eq!(p.comments, [a, b, c]);
    assert!(p
        .comments
        .windows(2)
        .all(|w| w[0].created_at.unix().unwrap() < w[1].created_at.unix().unwrap()));
    assert_eq!(p.next_cursor, None);
}

pub async fn list_shows_only_that_posts_comments(store: Arc<dyn CommentStore>) {
    let app = app(store);
    let mine = submit_ok(&app, &jane(), POST, "here", "k1").await;
    submit_ok(&app, &jane(), OTHER_POST, "there", "k2").await;
    let p = page(&list(&app, &format!("post={POST}")).await);
    assert_eq!(p.comments, [mine]);
}

pub async fn list_pages_with_a_cursor_until_the_end(store: Arc<dyn CommentStore>) {
    let app = app(store);
    let mut all = Vec::new();
    for i in 0..5 {
        all.push(submit_ok(&app, &jane(), POST, &format!("c{i}"), &format!("k{i}")).await);
    }
    // A hidden comment in the middle must not break paging.
    assert_eq!(act(&app, all[2].id, "hide").await.status, 200);
    all.remove(2);

    let mut seen = Vec::new();
    let mut query = format!("post={POST}&limit=2");
    let mut pages = 0;
    loop {
        let p = page(&list(&app, &query).await);
        pages += 1;
        assert!(p.comments.len() <= 2);
        seen.extend(p.comments);
        match p.next_cursor {
            Some(cursor) => query = format!("post={POST}&limit=2&cursor={cursor}"),
            None => break,
        }
        assert!(pages < 10, "paging does not end");
    }
    assert_eq!(seen, all);
    assert_eq!(pages, 2);
}

pub async fn invalid_cursor_is_400(store: Arc<dyn CommentStore>) {
    let app = app(store);
    for cursor in ["abc", "1", "YzE6LTE", "%00"] {
        let r = list(&app, &format!("post={POST}&cursor={cursor}")).await;
        assert_error(&r, 400, ErrorCode::InvalidCursor);
    }
}

pub async fn unknown_post_is_404(store: Arc<dyn CommentStore>) {
    let app = app(store);
    assert_error(
        &list(&app, "post=no-such-post").await,
        404,
        ErrorCode::UnknownPost,
    );
}

pub async fn missing_post_is_400(store: Arc<dyn CommentStore>) {
    let app = app(store);
    assert_error(&list(&app, "").await, 400, ErrorCode::InvalidQuery);
    assert_error(
        &list(&app, "post=Not%20A%20Slug").await,
        400,
        ErrorCode::InvalidQuery,
    );
}

pub async fn unknown_or_repeated_parameter_is_400(store: Arc<dyn CommentStore>) {
    let app = app(store);
    let e = assert_error(
        &list(&app, &format!("post={POST}&order=desc")).await,
        400,
        ErrorCode::InvalidQuery,
    );
    assert!(e.message.contains("order"));
    let r = list(&app, &format!("post={POST}&post={OTHER_POST}")).await;
    assert_error(&r, 400, ErrorCode::InvalidQuery);
}

pub async fn bad_limit_is_400(store: Arc<dyn CommentStore>) {
    let app = app(store);
    for limit in ["0", "101", "ten", "-1"] {
        let r = list(&app, &format!("post={POST}&limit={limit}")).await;
        assert_error(&r, 400, ErrorCode::InvalidQuery);
    }
}

pub async fn post_method_is_405(store: Arc<dyn CommentStore>) {
    let app = app(store);
    let req = Request::new("POST").with_query_string(&format!("post={POST}"));
    let r = app
        .handle(Function::ListComments, &req, &NetlifyContext::anonymous())
        .await;
    assert_error(&r, 405, ErrorCode::MethodNotAllowed);
    assert_eq!(r.header("allow"), Some("GET"));
}
