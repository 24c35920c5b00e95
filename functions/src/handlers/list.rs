//! `list-comments`: the public list under a post.

use super::input::{require_method, Query};
use crate::app::App;
use crate::cursor::page;
use crate::error::ApiError;
use crate::request::Request;
use crate::response::Response;

/// `GET ?post=<slug>[&cursor=<next_cursor>][&limit=1..100]` → 200
/// [`comment_wire::CommentPage`]: the post's visible comments, oldest first. Public.
///
/// Refusals: 405; 400 for a missing, malformed, unknown or repeated parameter or a bad cursor;
/// 404 for an unknown post.
pub async fn list_comments(app: &App, req: &Request) -> Response {
    match list(app, req).await {
        Ok(response) => response,
        Err(error) => error.into(),
    }
}

async fn list(app: &App, req: &Request) -> Result<Response, ApiError> {
    require_method(req, "GET")?;
    let query = Query::parse(req, &["post", "cursor", "limit"])?;
    let post = query
        .slug("post")?
        .ok_or_else(|| ApiError::InvalidQuery("Say which post: `?post=<slug>`.".to_owned()))?;
    let cursor = query.cursor()?;
    let limit = query.limit(app.limits())?;
    if !app.posts().contains(post) {
        return Err(ApiError::UnknownPost {
            slug: post.to_owned(),
            in_body: false,
        });
    }
    let comments = app
        .store()
        .list_post(post, cursor.map(|c| c.last_id), limit + 1)
        .await?;
    Ok(Response::json(200, &page(comments, limit)))
}
