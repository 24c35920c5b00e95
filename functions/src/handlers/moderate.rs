//! `moderate-comment`: the admin's view of every comment, and hide / restore / delete.

use identity_core::roles::ADMIN_ROLE;

use super::input::{read_json, require_method, Query};
use crate::app::App;
use crate::context::NetlifyContext;
use crate::cursor::page;
use crate::error::ApiError;
use crate::request::Request;
use crate::response::Response;
use comment_wire::{CommentStatus, ModerationAction, ModerationFilter, ModerationRequest};

/// Admins only (`"admin"` in `app_metadata.roles`): 401 without a user, 403 without the role.
///
/// - `GET [?status=all|visible|hidden][&post=<slug>][&cursor=..][&limit=..]` → 200
///   [`comment_wire::CommentPage`] across posts, newest first; deleted comments are not listed.
/// - `POST` [`ModerationRequest`] → 200 with the comment after the action; 404 for an unknown
///   id; 409 when hiding or restoring a deleted comment. Deleting twice is fine.
pub async fn moderate_comment(app: &App, req: &Request, ctx: &NetlifyContext) -> Response {
    match moderate(app, req, ctx).await {
        Ok(response) => response,
        Err(error) => error.into(),
    }
}

/// Whether the caller may moderate: a user whose token carries the admin role.
pub fn may_moderate(ctx: &NetlifyContext) -> Result<(), ApiError> {
    let user = ctx.caller().ok_or(ApiError::Unauthorized)?;
    if user.has_role(ADMIN_ROLE) {
        Ok(())
    } else {
        Err(ApiError::Forbidden(ADMIN_ROLE))
    }
}

async fn moderate(app: &App, req: &Request, ctx: &NetlifyContext) -> Result<Response, ApiError> {
    require_method(req, "GET, POST")?;
    may_moderate(ctx)?;
    if req.method == "GET" {
        list(app, req).await
    } else {
        act(app, req, ctx).await
    }
}

async fn list(app: &App, req: &Request) -> Result<Response, ApiError> {
    let query = Query::parse(
        req,
        &[ModerationFilter::QUERY_NAME, "post", "cursor", "limit"],
    )?;
    let filter = ModerationFilter::from_query(query.get(ModerationFilter::QUERY_NAME))
        .map_err(|unknown| ApiError::InvalidQuery(unknown.to_string()))?;
    // Moderators may look at comments of posts that no longer exist, so the slug is only
    // checked for shape.
    let post = query.slug("post")?;
    let cursor = query.cursor()?;
    let limit = query.limit(app.limits())?;
    let comments = app
        .store()
        .list_for_moderation(filter, post, cursor.map(|c| c.last_id), limit + 1)
        .await?;
    Ok(Response::json(200, &page(comments, limit)))
}

async fn act(app: &App, req: &Request, ctx: &NetlifyContext) -> Result<Response, ApiError> {
    let ModerationRequest { id, action } = read_json(req, app.limits())?;
    let store = app.store();
    let result = match action {
        ModerationAction::Hide => store.set_status(id, CommentStatus::Hidden).await?,
        ModerationAction::Restore => store.set_status(id, CommentStatus::Visible).await?,
        ModerationAction::Delete => store.delete(id).await?,
    };
    let comment = result.ok_or(ApiError::NotFound(id))?;
    if action != ModerationAction::Delete && comment.status == CommentStatus::Deleted {
        return Err(ApiError::CommentDeleted(id));
    }
    let moderator = ctx.caller().map(|c| c.sub.as_str()).unwrap_or_default();
    tracing::info!(id, ?action, moderator, "comment moderated");
    Ok(Response::json(200, &comment))
}

#[cfg(test)]
mod tests {
    use super::*;
    use identity_core::jwt::Claims;
    use serde_json::json;

    fn ctx_with_roles(roles: &[&str]) -> NetlifyContext {
        let claims: Claims = serde_json::from_value(json!({
            "exp": 1, "sub": "u", "app_metadata": {"roles": roles}
        }))
        .unwrap();
        NetlifyContext::for_user(claims)
    }

    #[test]
    fn anonymous_callers_are_unauthorized() {
        assert!(matches!(
            may_moderate(&NetlifyContext::anonymous()),
            Err(ApiError::Unauthorized)
        ));
    }

    #[test]
    fn only_the_exact_admin_role_may_moderate() {
        assert!(may_moderate(&ctx_with_roles(&["commenter", "admin"])).is_ok());
        for roles in [&[][..], &["commenter"], &["Admin"], &["administrator"]] {
            assert!(matches!(
                may_moderate(&ctx_with_roles(roles)),
                Err(ApiError::Forbidden(_))
            ));
        }
    }
}
