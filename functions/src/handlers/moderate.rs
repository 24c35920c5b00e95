//! `moderate-comment`: the admin's view of every comment, and hide / restore / delete.

use identity_core::roles::ADMIN_ROLE;
use identity_core::wire::User;

use super::input::{read_json, require_method, Query};
use crate::app::App;
use crate::context::NetlifyContext;
use crate::cursor::page;
use crate::error::ApiError;
use crate::identity_admin::IdentityAdminError;
use crate::request::Request;
use crate::response::Response;
use comment_wire::{CommentStatus, ModerationAction, ModerationFilter, ModerationRequest};

/// Admins only (`"admin"` in `app_metadata.roles`): 401 without a user, 403 without the role.
/// The role must be in the token *and* in the user's current record at the identity API (see
/// [`may_moderate_now`]), so a deleted or demoted admin is refused at once.
///
/// - `GET [?status=all|visible|hidden][&post=<slug>][&cursor=..][&limit=..]` → 200
///   [`comment_wire::CommentPage`] across posts, newest first; deleted comments are not listed.
/// - `POST` [`ModerationRequest`] → 200 with the comment after the action; 404 for an unknown
///   id; 409 when hiding or restoring a deleted comment. Deleting twice is fine.
/// - 503 (with `Retry-After`) when the identity API cannot confirm the roles, and 503 when the
///   context has no identity endpoint: never acting on the token's roles alone.
pub async fn moderate_comment(app: &App, req: &Request, ctx: &NetlifyContext) -> Response {
    match moderate(app, req, ctx).await {
        Ok(response) => response,
        Err(error) => error.into(),
    }
}

/// Whether the caller's token allows moderating: a user whose token carries the admin role.
/// Necessary, not sufficient: [`may_moderate_now`] asks the identity API too.
pub fn may_moderate(ctx: &NetlifyContext) -> Result<(), ApiError> {
    let user = ctx.caller().ok_or(ApiError::Unauthorized)?;
    if user.has_role(ADMIN_ROLE) {
        Ok(())
    } else {
        Err(ApiError::Forbidden(ADMIN_ROLE))
    }
}

/// Whether the identity API's answer about the caller allows moderating now: the user exists
/// and its current `app_metadata.roles` has `admin`. A deleted or demoted user gets the same
/// 403 as any non-admin; an unknown answer is a 503, never a fallback to the token.
///
/// ```
/// use functions::handlers::moderate::confirm_current_admin;
/// use functions::identity_admin::IdentityAdminError;
/// assert_eq!(confirm_current_admin("u", Ok(None)).unwrap_err().status(), 403);
/// let down = Err(IdentityAdminError::Status(502));
/// assert_eq!(confirm_current_admin("u", down).unwrap_err().status(), 503);
/// ```
pub fn confirm_current_admin(
    sub: &str,
    lookup: Result<Option<User>, IdentityAdminError>,
) -> Result<(), ApiError> {
    match lookup {
        Ok(Some(user)) if user.has_role(ADMIN_ROLE) => Ok(()),
        Ok(Some(_)) => {
            tracing::warn!(
                sub,
                "token says admin but the identity API no longer does; refused"
            );
            Err(ApiError::Forbidden(ADMIN_ROLE))
        }
        Ok(None) => {
            tracing::warn!(
                sub,
                "token of a user the identity API no longer has; refused"
            );
            Err(ApiError::Forbidden(ADMIN_ROLE))
        }
        Err(error) => {
            tracing::error!(%error, sub, "could not confirm the moderator's roles; refused");
            Err(ApiError::IdentityUnavailable)
        }
    }
}

/// The whole check: the token first (401/403 without a network call), then the identity API
/// at the context's endpoint with its admin token.
pub async fn may_moderate_now(app: &App, ctx: &NetlifyContext) -> Result<(), ApiError> {
    may_moderate(ctx)?;
    let sub = ctx.caller().map(|c| c.sub.as_str()).unwrap_or_default();
    let endpoint = ctx.identity.as_ref().ok_or_else(|| {
        tracing::error!("no identity endpoint in the client context; cannot confirm roles");
        ApiError::IdentityMissing
    })?;
    let lookup = app.identity_admin().user(endpoint, sub).await;
    confirm_current_admin(sub, lookup)
}

async fn moderate(app: &App, req: &Request, ctx: &NetlifyContext) -> Result<Response, ApiError> {
    require_method(req, "GET, POST")?;
    may_moderate_now(app, ctx).await?;
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
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    use async_trait::async_trait;
    use identity_core::jwt::Claims;
    use serde_json::json;

    use crate::context::{AdminToken, IdentityEndpoint};
    use crate::identity_admin::IdentityAdmin;
    use crate::posts::PostSlugs;
    use crate::store::SqliteStore;

    const SUB: &str = "5d6a9a6e-0000-4000-8000-000000000001";

    fn claims_with_roles(roles: &[&str]) -> Claims {
        serde_json::from_value(json!({
            "exp": 1, "sub": SUB, "email": "ada@example.com", "app_metadata": {"roles": roles}
        }))
        .unwrap()
    }

    fn ctx_with_roles(roles: &[&str]) -> NetlifyContext {
        NetlifyContext::for_user(claims_with_roles(roles))
    }

    /// An admin's context as Netlify builds it: claims plus the identity endpoint.
    fn admin_ctx() -> NetlifyContext {
        NetlifyContext {
            identity: Some(IdentityEndpoint {
                url: "https://site.example/.netlify/identity".into(),
                token: AdminToken::new("admin.jwt"),
            }),
            ..ctx_with_roles(&["admin"])
        }
    }

    fn user_with_roles(roles: &[&str]) -> User {
        serde_json::from_value(json!({
            "id": SUB, "aud": "", "role": "", "email": "ada@example.com",
            "app_metadata": {"provider": "email", "roles": roles},
            "created_at": "2026-01-01T09:00:00Z", "updated_at": "2026-01-01T09:00:00Z"
        }))
        .unwrap()
    }

    /// The identity API with one fixed answer, counting the calls and checking what it is asked.
    struct Fake {
        answer: Result<Option<User>, IdentityAdminError>,
        calls: AtomicUsize,
    }

    #[async_trait]
    impl IdentityAdmin for Fake {
        async fn user(
            &self,
            endpoint: &IdentityEndpoint,
            id: &str,
        ) -> Result<Option<User>, IdentityAdminError> {
            assert_eq!(endpoint.token.expose(), "admin.jwt");
            assert_eq!(id, SUB);
            self.calls.fetch_add(1, Ordering::Relaxed);
            self.answer.clone()
        }
    }

    async fn app_answering(
        answer: Result<Option<User>, IdentityAdminError>,
    ) -> (App, Arc<Fake>, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(dir.path().join("c.sqlite3"))
            .await
            .unwrap();
        let fake = Arc::new(Fake {
            answer,
            calls: AtomicUsize::new(0),
        });
        let app = App::new(Arc::new(store), Arc::new(PostSlugs::from_slugs(["p"])))
            .with_identity_admin(fake.clone());
        (app, fake, dir)
    }

    fn hide(id: i64) -> Request {
        Request::new("POST").with_json(&json!({"id": id, "action": "hide"}))
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

    #[tokio::test]
    async fn a_current_admin_lists_and_acts() {
        let (app, fake, _dir) = app_answering(Ok(Some(user_with_roles(&["admin"])))).await;
        let submit = Request::new("POST")
            .with_json(&json!({"post": "p", "body": "hello", "client_key": "k1"}));
        let created = app
            .handle(crate::Function::SubmitComment, &submit, &admin_ctx())
            .await;
        assert_eq!(created.status, 201, "{:?}", created.error_body());
        let id = created.body_json::<serde_json::Value>().unwrap().unwrap()["id"]
            .as_i64()
            .unwrap();
        let listed = moderate_comment(&app, &Request::new("GET"), &admin_ctx()).await;
        assert_eq!(listed.status, 200, "{:?}", listed.error_body());
        let hidden = moderate_comment(&app, &hide(id), &admin_ctx()).await;
        assert_eq!(hidden.status, 200, "{:?}", hidden.error_body());
        assert_eq!(
            hidden.body_json::<serde_json::Value>().unwrap().unwrap()["status"],
            "hidden"
        );
        assert_eq!(fake.calls.load(Ordering::Relaxed), 2);
    }

    #[tokio::test]
    async fn a_deleted_admin_is_refused_like_a_non_admin() {
        let (app, _fake, _dir) = app_answering(Ok(None)).await;
        for req in [Request::new("GET"), hide(1)] {
            let r = moderate_comment(&app, &req, &admin_ctx()).await;
            assert_eq!(r, Response::from(ApiError::Forbidden(ADMIN_ROLE)));
        }
    }

    #[tokio::test]
    async fn a_demoted_admin_is_refused_like_a_non_admin() {
        let (app, _fake, _dir) = app_answering(Ok(Some(user_with_roles(&["commenter"])))).await;
        for req in [Request::new("GET"), hide(1)] {
            let r = moderate_comment(&app, &req, &admin_ctx()).await;
            assert_eq!(r, Response::from(ApiError::Forbidden(ADMIN_ROLE)));
        }
    }

    #[tokio::test]
    async fn an_unreachable_identity_api_is_503_with_retry_after() {
        for error in [
            IdentityAdminError::Unreachable("connection refused".into()),
            IdentityAdminError::Status(502),
            IdentityAdminError::Timeout(std::time::Duration::from_secs(5)),
        ] {
            let (app, _fake, _dir) = app_answering(Err(error)).await;
            for req in [Request::new("GET"), hide(1)] {
                let r = moderate_comment(&app, &req, &admin_ctx()).await;
                assert_eq!(r.status, 503);
                assert_eq!(r.header("retry-after"), Some("5"));
                assert!(!r
                    .error_body()
                    .unwrap()
                    .message
                    .contains("connection refused"));
            }
        }
    }

    #[tokio::test]
    async fn a_context_without_identity_is_503_naming_the_missing_endpoint() {
        let (app, fake, _dir) = app_answering(Ok(Some(user_with_roles(&["admin"])))).await;
        let ctx = ctx_with_roles(&["admin"]);
        for req in [Request::new("GET"), hide(1)] {
            let r = moderate_comment(&app, &req, &ctx).await;
            assert_eq!(r.status, 503);
            let message = r.error_body().unwrap().message;
            assert!(message.contains("identity endpoint"), "{message}");
        }
        assert_eq!(fake.calls.load(Ordering::Relaxed), 0);
    }

    #[tokio::test]
    async fn a_token_without_the_role_is_refused_without_asking() {
        let (app, fake, _dir) = app_answering(Ok(Some(user_with_roles(&["admin"])))).await;
        let ctx = NetlifyContext {
            user: Some(claims_with_roles(&["commenter"])),
            ..admin_ctx()
        };
        let r = moderate_comment(&app, &Request::new("GET"), &ctx).await;
        assert_eq!(r.status, 403);
        assert_eq!(fake.calls.load(Ordering::Relaxed), 0);
    }
}
