//! The two calls the moderation page makes to `moderate-comment`, both as the logged-in admin
//! through the widget's authenticated fetch: the list across posts (`GET`) and one action
//! (`POST` [`ModerationRequest`]). Failures are the comments' [`CommentError`]; only the
//! words an admin reads differ.

use comment_wire::{Comment, CommentPage, ModerationFilter, ModerationRequest, MODERATE_PATH};
use gloo_net::http::Request;
use leptos_identity::Identity;

use crate::components::comments::api::{read, CommentError};

/// One page of the comments `filter` lets through, across posts, newest first; `cursor` is
/// a page's `next_cursor`.
pub async fn list(
    identity: Identity,
    filter: ModerationFilter,
    cursor: Option<&str>,
) -> Result<CommentPage, CommentError> {
    let response = identity
        .fetch(|auth| {
            let mut query = vec![(ModerationFilter::QUERY_NAME, filter.as_query())];
            if let Some(cursor) = cursor {
                query.push(("cursor", cursor));
            }
            Request::get(MODERATE_PATH)
                .header("Authorization", auth)
                .query(query)
                .build()
        })
        .await?;
    read(response.status(), response.text().await)
}

/// Hides, restores or deletes one comment; the answer is the comment as it is now stored.
pub async fn act(identity: Identity, request: ModerationRequest) -> Result<Comment, CommentError> {
    let response = identity
        .fetch(|auth| {
            Request::post(MODERATE_PATH)
                .header("Authorization", auth)
                .json(&request)
        })
        .await?;
    read(response.status(), response.text().await)
}

/// What the admin is told when an action failed.
pub fn action_message(error: &CommentError) -> String {
    match error {
        CommentError::SessionExpired => {
            "Your session has expired. Log in again to moderate comments.".to_owned()
        }
        CommentError::Forbidden(_) => "You are not allowed to moderate comments.".to_owned(),
        // The only conflict `moderate-comment` answers: hiding or restoring a deleted comment.
        CommentError::Conflict(_) => {
            "This comment was deleted, so it can no longer be hidden or restored.".to_owned()
        }
        CommentError::Refused(message) => message.clone(),
        CommentError::Server(status) => format!("The server failed ({status}). Try again."),
        CommentError::Offline => {
            "You seem to be offline. Try again when you are back online.".to_owned()
        }
        CommentError::Unexpected(_) => error.message(),
    }
}

/// What the admin is told when the list could not be loaded.
pub fn load_message(error: &CommentError) -> String {
    format!("Comments could not be loaded. {}", action_message(error))
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn body(code: &str, message: &str) -> String {
        format!(r#"{{"error":"{code}","message":"{message}"}}"#)
    }

    #[wasm_bindgen_test]
    fn a_403_says_moderation_is_not_allowed() {
        let error = CommentError::from_response(403, &body("forbidden", "Needs admin."));
        assert_eq!(
            action_message(&error),
            "You are not allowed to moderate comments."
        );
    }

    #[wasm_bindgen_test]
    fn a_409_means_the_comment_was_deleted_meanwhile() {
        let error = CommentError::from_response(409, &body("comment_deleted", "Deleted."));
        assert!(action_message(&error).contains("was deleted"), "{error:?}");
    }

    #[wasm_bindgen_test]
    fn other_failures_keep_the_servers_words_or_say_what_to_do() {
        let error = CommentError::from_response(404, &body("not_found", "No comment 7."));
        assert_eq!(action_message(&error), "No comment 7.");
        assert!(action_message(&CommentError::Server(502)).contains("failed (502)"));
        assert!(action_message(&CommentError::SessionExpired).contains("Log in again"));
        assert_eq!(
            load_message(&CommentError::Offline),
            "Comments could not be loaded. You seem to be offline. Try again when you are back \
             online."
        );
    }
}
