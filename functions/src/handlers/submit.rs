//! `submit-comment`: a signed-in reader posts a comment.

use identity_core::jwt::Claims;

use super::input::{read_json, require_method};
use crate::app::App;
use crate::context::NetlifyContext;
use crate::error::ApiError;
use crate::request::Request;
use crate::response::Response;
use crate::store::{CommentDraft, Posted};
use comment_wire::validate::check_new_comment;
use comment_wire::{author_name, Author, CommentStatus, NewComment};

/// `POST` [`NewComment`] → 201 with the stored [`comment_wire::Comment`], or 200 with the
/// comment stored earlier under the same `client_key` by the same user.
///
/// Refusals: 401 without a user; 405, 415, 413, 400 (JSON), 422 (content, unknown post);
/// 409 when the key was used for a different comment or the comment was deleted since.
pub async fn submit_comment(app: &App, req: &Request, ctx: &NetlifyContext) -> Response {
    match submit(app, req, ctx).await {
        Ok(response) => response,
        Err(error) => error.into(),
    }
}

async fn submit(app: &App, req: &Request, ctx: &NetlifyContext) -> Result<Response, ApiError> {
    require_method(req, "POST")?;
    let user = ctx.caller().ok_or(ApiError::Unauthorized)?;
    let new: NewComment = read_json(req, app.limits())?;
    check_new_comment(&new)?;
    if !app.posts().contains(&new.post) {
        return Err(ApiError::UnknownPost {
            slug: new.post,
            in_body: true,
        });
    }
    let draft = CommentDraft {
        post: new.post,
        author: author_of(user),
        body: new.body,
        client_key: new.client_key,
        created_at: app.now(),
    };
    match app.store().post(&draft).await? {
        Posted::Created(comment) => {
            tracing::info!(id = comment.id, post = %comment.post, "comment stored");
            Ok(Response::json(201, &comment))
        }
        Posted::Existing(comment) if comment.status == CommentStatus::Deleted => {
            Err(ApiError::CommentDeleted(comment.id))
        }
        Posted::Existing(comment) if comment.post == draft.post && comment.body == draft.body => {
            Ok(Response::json(200, &comment))
        }
        Posted::Existing(_) => Err(ApiError::ClientKeyReused),
    }
}

/// The author as readers see them: the caller's id, and the name [`author_name`] picks from
/// the token's `user_metadata.full_name` (when it is a string) and email, cleaned of
/// control, bidi and invisible characters: any user can put NUL there with `PUT /user`, and
/// PostgreSQL could not store the comment.
///
/// ```
/// use functions::handlers::submit::author_of;
/// let claims = serde_json::from_str(r#"{"exp":1,"sub":"u1","email":"jane@example.com"}"#).unwrap();
/// assert_eq!(author_of(&claims).name, "jane");
/// ```
pub fn author_of(claims: &Claims) -> Author {
    let full_name = claims
        .user_metadata
        .get("full_name")
        .and_then(|v| v.as_str());
    Author {
        id: claims.sub.clone(),
        name: author_name(full_name, &claims.email),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use comment_wire::MAX_NAME_CHARS;
    use serde_json::json;

    fn claims(email: &str, user_metadata: serde_json::Value) -> Claims {
        serde_json::from_value(json!({
            "exp": 1, "sub": "u1", "email": email, "user_metadata": user_metadata
        }))
        .unwrap()
    }

    #[test]
    fn full_name_wins_over_email() {
        let a = author_of(&claims(
            "jane@example.com",
            json!({"full_name": "  Jane Doe "}),
        ));
        assert_eq!(a.name, "Jane Doe");
        assert_eq!(a.id, "u1");
    }

    #[test]
    fn blank_or_non_string_full_name_falls_back_to_email_local_part() {
        for meta in [
            json!({"full_name": "   "}),
            json!({"full_name": 7}),
            json!({}),
        ] {
            assert_eq!(author_of(&claims("jane@example.com", meta)).name, "jane");
        }
    }

    #[test]
    fn no_name_and_no_email_is_anonymous() {
        assert_eq!(author_of(&claims("", json!({}))).name, "Anonymous");
    }

    #[test]
    fn long_names_are_cut_at_a_character_boundary() {
        let long = "é".repeat(MAX_NAME_CHARS + 10);
        let a = author_of(&claims("", json!({ "full_name": long })));
        assert_eq!(a.name.chars().count(), MAX_NAME_CHARS);
    }

    #[test]
    fn control_bidi_and_invisible_characters_are_cleaned_from_the_name() {
        let a = author_of(&claims(
            "mallory@example.com",
            json!({"full_name": "Mallory\u{0}\r\n\u{202e}nimdA\u{200b}"}),
        ));
        assert_eq!(a.name, "Mallory nimdA");
        let blank = author_of(&claims(
            "mallory@example.com",
            json!({"full_name": "\u{0}\u{200b}\u{202e}"}),
        ));
        assert_eq!(blank.name, "mallory");
    }

    #[tokio::test]
    async fn submit_stores_the_comment_under_the_cleaned_name() {
        use crate::{Function, PostSlugs};
        use std::sync::Arc;

        let store = crate::store::open_url("sqlite::memory:").await.unwrap();
        let app = App::new(store.clone(), Arc::new(PostSlugs::from_slugs(["hello"])));
        let ctx = NetlifyContext::for_user(claims(
            "mallory@example.com",
            json!({"full_name": "Mallory\u{0}\r\n\u{202e}nimdA"}),
        ));
        let req = Request::new("POST")
            .with_json(&json!({"post": "hello", "body": "hi", "client_key": "k1"}));
        let r = app.handle(Function::SubmitComment, &req, &ctx).await;
        assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
        let stored = store.list_post("hello", None, 10).await.unwrap();
        assert_eq!(stored.len(), 1);
        assert_eq!(stored[0].author.name, "Mallory nimdA");
    }
}
