//! Posting is idempotent per (user, client key); concurrency loses and duplicates nothing.

use std::collections::BTreeSet;
use std::sync::Arc;

use comment_wire::ErrorCode;
use functions::store::CommentStore;

use crate::harness::*;

pub async fn retry_with_the_same_key_returns_the_same_comment(store: Arc<dyn CommentStore>) {
    let app = app(store.clone());
    let first = submit(&app, &jane(), new_comment(POST, "hello", "k1")).await;
    assert_eq!(first.status, 201);
    let retry = submit(&app, &jane(), new_comment(POST, "hello", "k1")).await;
    assert_eq!(retry.status, 200);
    assert_eq!(comment(&retry), comment(&first));
    assert_eq!(stored(store.as_ref()).await, 1);
}

pub async fn same_key_from_another_user_is_another_comment(store: Arc<dyn CommentStore>) {
    let app = app(store.clone());
    let a = submit_ok(&app, &jane(), POST, "hello", "same-key").await;
    let b = submit_ok(&app, &bob(), POST, "hello", "same-key").await;
    assert_ne!(a.id, b.id);
    assert_eq!(stored(store.as_ref()).await, 2);
}

pub async fn same_key_with_different_text_is_409(store: Arc<dyn CommentStore>) {
    let app = app(store.clone());
    let original = submit_ok(&app, &jane(), POST, "first text", "k1").await;
    let r = submit(&app, &jane(), new_comment(POST, "other text", "k1")).await;
    assert_error(&r, 409, ErrorCode::ClientKeyReused);
    let r = submit(&app, &jane(), new_comment(OTHER_POST, "first text", "k1")).await;
    assert_error(&r, 409, ErrorCode::ClientKeyReused);
    assert_eq!(stored(store.as_ref()).await, 1);
    assert_eq!(store.get(original.id).await.unwrap(), Some(original));
}

pub async fn concurrent_retries_with_one_key_store_one_comment(store: Arc<dyn CommentStore>) {
    let app = app(store.clone());
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let app = app.clone();
            tokio::spawn(
                async move { submit(&app, &jane(), new_comment(POST, "once", "k1")).await },
            )
        })
        .collect();
    let mut ids = BTreeSet::new();
    let mut created = 0;
    for task in tasks {
        let r = task.await.expect("task");
        assert!(r.status == 201 || r.status == 200, "{}", text(&r));
        created += usize::from(r.status == 201);
        ids.insert(comment(&r).id);
    }
    assert_eq!(created, 1);
    assert_eq!(ids.len(), 1);
    assert_eq!(stored(store.as_ref()).await, 1);
}

pub async fn concurrent_posts_are_all_stored(store: Arc<dyn CommentStore>) {
    let app = app(store.clone());
    let tasks: Vec<_> = (0..40)
        .map(|i| {
            let app = app.clone();
            let who = if i % 2 == 0 { jane() } else { bob() };
            tokio::spawn(async move {
                let r = submit(
                    &app,
                    &who,
                    new_comment(POST, &format!("comment {i}"), &format!("k{i}")),
                )
                .await;
                assert_eq!(r.status, 201, "{}", text(&r));
                comment(&r).id
            })
        })
        .collect();
    let mut ids = BTreeSet::new();
    for task in tasks {
        ids.insert(task.await.expect("task"));
    }
    assert_eq!(ids.len(), 40);
    assert_eq!(stored(store.as_ref()).await, 40);
    let listed = page(&list(&app, &format!("post={POST}&limit=100")).await);
    assert_eq!(listed.comments.len(), 40);
}

pub async fn retry_after_delete_does_not_bring_the_comment_back(store: Arc<dyn CommentStore>) {
    let app = app(store.clone());
    let c = submit_ok(&app, &jane(), POST, "regret", "k1").await;
    assert_eq!(act(&app, c.id, "delete").await.status, 200);
    let r = submit(&app, &jane(), new_comment(POST, "regret", "k1")).await;
    assert_error(&r, 409, ErrorCode::CommentDeleted);
    assert_eq!(stored(store.as_ref()).await, 0);
    assert!(page(&list(&app, &format!("post={POST}")).await)
        .comments
        .is_empty());
}
