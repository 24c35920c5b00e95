//! The two calls the comments make: `list-comments` (public) and `submit-comment`
//! (`Authorization: Bearer` through the widget), and what each failure means to a reader.

use comment_wire::{
    Comment, CommentPage, ErrorBody, ErrorCode, NewComment, LIST_PATH, SUBMIT_PATH,
};
use gloo_net::http::Request;
use leptos_identity::{Identity, IdentityError};

/// Why comments could not be loaded or a comment could not be posted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommentError {
    /// 401, or the session could not be renewed: the reader must log in again.
    SessionExpired,
    /// 403: logged in, but not allowed.
    Forbidden(String),
    /// 409: this draft's key was used for another text, or its comment was deleted.
    Conflict(String),
    /// 400, 404, 413, 415 or 422: the server's own words about the request.
    Refused(String),
    /// 5xx: the server failed; the same request may be sent again.
    Server(u16),
    /// No answer at all.
    Offline,
    /// An answer that is not the comment API's.
    Unexpected(String),
}

impl CommentError {
    /// Whether sending the very same request again may succeed.
    pub fn is_retryable(&self) -> bool {
        matches!(self, Self::Server(_) | Self::Offline | Self::Unexpected(_))
    }

    /// What the reader is told.
    pub fn message(&self) -> String {
        match self {
            Self::SessionExpired => {
                "Your session has expired. Log in again to post your comment; it is kept here."
                    .to_owned()
            }
            Self::Forbidden(message) => format!("You are not allowed to comment: {message}"),
            Self::Conflict(message) | Self::Refused(message) => message.clone(),
            Self::Server(status) => {
                format!("The server failed ({status}). Your comment is kept; try again.")
            }
            Self::Offline => {
                "You seem to be offline. Your comment is kept; try again when you are back online."
                    .to_owned()
            }
            Self::Unexpected(what) => {
                format!("The server sent an unexpected answer ({what}). Try again.")
            }
        }
    }

    /// Reads a non-success answer: the status decides, the [`ErrorBody`] gives the words.
    pub fn from_response(status: u16, body: &str) -> Self {
        let error = serde_json::from_str::<ErrorBody>(body).ok();
        let code = error.as_ref().map(|e| e.error);
        let message = error.map(|e| e.message);
        let or = |fallback: &str| message.clone().unwrap_or_else(|| fallback.to_owned());
        match (status, code) {
            (401, _) => Self::SessionExpired,
            (403, _) => Self::Forbidden(or("this account may not do this.")),
            // The server's words are for programs here (they name `client_key`).
            (409, Some(ErrorCode::ClientKeyReused)) => Self::Conflict(
                "An earlier version of this comment was already posted (reload the page to see \
                 it). You can post this text as a new comment."
                    .to_owned(),
            ),
            (409, Some(ErrorCode::CommentDeleted)) => Self::Conflict(
                "This comment was posted and then removed by a moderator. You can post the text \
                 as a new comment."
                    .to_owned(),
            ),
            (409, _) => Self::Conflict(or("This comment conflicts with one already stored.")),
            (400..=499, _) => {
                Self::Refused(or(&format!("The server refused the request ({status}).")))
            }
            (500..=599, _) => Self::Server(status),
            _ => Self::Unexpected(format!("status {status}")),
        }
    }
}

impl From<IdentityError> for CommentError {
    fn from(error: IdentityError) -> Self {
        match error {
            IdentityError::Network(_) => Self::Offline,
            IdentityError::Api(api) if api.status >= 500 => Self::Server(api.status),
            IdentityError::Decode(what) => Self::Unexpected(what),
            IdentityError::Api(_) | IdentityError::NotLoggedIn | IdentityError::SessionExpired => {
                Self::SessionExpired
            }
        }
    }
}

/// One page of the visible comments of `slug`, oldest first; `cursor` is a page's
/// `next_cursor`.
pub async fn list(slug: &str, cursor: Option<&str>) -> Result<CommentPage, CommentError> {
    let mut query = vec![("post", slug)];
    if let Some(cursor) = cursor {
        query.push(("cursor", cursor));
    }
    let response = Request::get(LIST_PATH)
        .query(query)
        .send()
        .await
        .map_err(|_| CommentError::Offline)?;
    read(response.status(), response.text().await)
}

/// `window[HANDED_OVER]`: what stage one (`crates/identity-shell/src/comments.rs`)
/// already showed on a prerendered post page, `{ post, pages }`, each page the text of
/// a `list-comments` answer.
const HANDED_OVER: &str = "__identityShellComments";

/// The comments stage one showed for `slug` before the app took the page over, as one
/// page (the last page's cursor), so the app shows the same list without asking
/// again. Taken once: a later visit of the post in the app asks the server. `None`
/// when stage one showed nothing for this post, or anything of it is unreadable.
pub fn handed_over(slug: &str) -> Option<CommentPage> {
    use wasm_bindgen::JsCast;
    let window = web_sys::window()?;
    let window: &js_sys::Object = window.unchecked_ref();
    let key = wasm_bindgen::JsValue::from_str(HANDED_OVER);
    let handoff = js_sys::Reflect::get(window, &key)
        .ok()
        .filter(|h| h.is_object())?;
    let _ = js_sys::Reflect::delete_property(window, &key);
    let field = |name: &str| js_sys::Reflect::get(&handoff, &name.into()).ok();
    if field("post")?.as_string()? != slug {
        return None;
    }
    let pages = js_sys::Array::from(&field("pages")?);
    let mut all = CommentPage {
        comments: Vec::new(),
        next_cursor: None,
    };
    for page in pages.iter() {
        let page: CommentPage = serde_json::from_str(&page.as_string()?).ok()?;
        super::merge(&mut all.comments, page.comments);
        all.next_cursor = page.next_cursor;
    }
    (pages.length() > 0).then_some(all)
}

/// Posts `new` as the logged-in reader. A retry with the same `client_key` returns the
/// comment stored the first time (200) instead of a second one (201).
pub async fn submit(identity: Identity, new: &NewComment) -> Result<Comment, CommentError> {
    let response = identity
        .fetch(|auth| {
            Request::post(SUBMIT_PATH)
                .header("Authorization", auth)
                .json(new)
        })
        .await?;
    read(response.status(), response.text().await)
}

/// Reads an answer of the comment functions: the JSON of `T` on a 2xx, the
/// [`CommentError`] the status and [`ErrorBody`] mean otherwise. Shared with moderation.
pub(crate) fn read<T: serde::de::DeserializeOwned>(
    status: u16,
    body: Result<String, gloo_net::Error>,
) -> Result<T, CommentError> {
    let body = body.map_err(|_| CommentError::Offline)?;
    if !(200..=299).contains(&status) {
        return Err(CommentError::from_response(status, &body));
    }
    serde_json::from_str(&body).map_err(|error| CommentError::Unexpected(error.to_string()))
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
    fn validation_refusals_carry_the_servers_message() {
        let error = CommentError::from_response(422, &body("empty_body", "Write something."));
        assert_eq!(error, CommentError::Refused("Write something.".into()));
        assert_eq!(error.message(), "Write something.");
        assert!(!error.is_retryable());
        let error = CommentError::from_response(400, &body("invalid_json", "Bad JSON."));
        assert_eq!(error.message(), "Bad JSON.");
    }

    #[wasm_bindgen_test]
    fn a_401_asks_to_log_in_again() {
        let error = CommentError::from_response(401, &body("unauthorized", "Sign in."));
        assert_eq!(error, CommentError::SessionExpired);
        assert!(error.message().contains("Log in again"));
        assert_eq!(
            CommentError::from(IdentityError::SessionExpired),
            CommentError::SessionExpired
        );
    }

    #[wasm_bindgen_test]
    fn forbidden_and_conflict_are_told_apart() {
        let error = CommentError::from_response(403, &body("forbidden", "Not you."));
        assert_eq!(error.message(), "You are not allowed to comment: Not you.");
        let error = CommentError::from_response(409, &body("client_key_reused", "Used."));
        assert!(error.message().contains("already posted"), "{error:?}");
        assert!(!error.is_retryable());
        let error = CommentError::from_response(409, &body("comment_deleted", "Gone."));
        assert!(
            error.message().contains("removed by a moderator"),
            "{error:?}"
        );
        let error = CommentError::from_response(409, &body("rate_limited", "Slow down."));
        assert_eq!(error, CommentError::Conflict("Slow down.".into()));
    }

    #[wasm_bindgen_test]
    fn server_failures_and_lost_networks_may_be_retried() {
        // A gateway's HTML error page is still a server failure.
        let error = CommentError::from_response(502, "<html>Bad gateway</html>");
        assert_eq!(error, CommentError::Server(502));
        assert!(error.is_retryable());
        assert!(error.message().contains("try again"));
        let error = CommentError::from(IdentityError::Network("reset".into()));
        assert_eq!(error, CommentError::Offline);
        assert!(error.is_retryable());
        assert!(error.message().contains("offline"));
    }

    fn hand_over(post: &str, pages: &[&str]) {
        let handoff = js_sys::Object::new();
        js_sys::Reflect::set(&handoff, &"post".into(), &post.into()).unwrap();
        let list: js_sys::Array = pages
            .iter()
            .map(|p| wasm_bindgen::JsValue::from_str(p))
            .collect();
        js_sys::Reflect::set(&handoff, &"pages".into(), &list).unwrap();
        let window = web_sys::window().unwrap();
        js_sys::Reflect::set(&window, &HANDED_OVER.into(), &handoff).unwrap();
    }

    fn comment(id: i64) -> String {
        format!(
            r#"{{"id":{id},"post":"p","author":{{"id":"u","name":"Jane"}},"body":"b{id}","created_at":"2026-11-26T14:05:09Z","status":"visible"}}"#
        )
    }

    #[wasm_bindgen_test]
    fn the_comments_stage_one_showed_are_taken_over_once() {
        let first = format!(
            r#"{{"comments":[{},{}],"next_cursor":"c1"}}"#,
            comment(1),
            comment(2)
        );
        let second = format!(r#"{{"comments":[{},{}]}}"#, comment(2), comment(3));
        hand_over("p", &[&first, &second]);
        let page = handed_over("p").expect("the pages stage one showed");
        let ids: Vec<i64> = page.comments.iter().map(|c| c.id).collect();
        assert_eq!(ids, [1, 2, 3]);
        assert_eq!(page.next_cursor, None);
        assert_eq!(handed_over("p"), None, "taken once");

        hand_over("other", &[&second]);
        assert_eq!(handed_over("p"), None, "another post's comments");
        hand_over("p", &[&first, "<html>"]);
        assert_eq!(handed_over("p"), None, "an unreadable page");
        hand_over("p", &[]);
        assert_eq!(handed_over("p"), None, "nothing shown");
    }

    #[wasm_bindgen_test]
    fn a_4xx_without_a_json_body_still_reads() {
        let error = CommentError::from_response(413, "too big");
        assert_eq!(
            error,
            CommentError::Refused("The server refused the request (413).".into())
        );
    }
}
