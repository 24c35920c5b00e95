//! Stores to run the suite on, and the fixtures the cases share.

use std::io::Write as _;
use std::str::FromStr;
use std::sync::atomic::{AtomicI64, AtomicU32, Ordering};
use std::sync::Arc;

use comment_wire::{Comment, CommentPage, ErrorBody, ErrorCode, ModerationFilter};
use functions::identity_admin::{IdentityAdmin, IdentityAdminError};
use functions::store::{CommentStore, PgStore, SqliteStore};
use functions::{
    AdminToken, App, Function, IdentityEndpoint, NetlifyContext, PostSlugs, Request, Response,
};
use identity_core::jwt::Claims;
use identity_core::time::UnixTime;
use identity_core::wire::User;
use serde_json::{json, Value};
use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection, Executor, PgConnection};

/// Posts the fixtures know.
pub const POST: &str = "hello-world";
/// A second known post.
pub const OTHER_POST: &str = "second-post";
/// The first tick of the test clock: 2026-11-26T12:00:00.000123Z.
pub const START_MICROS: i64 = 1_795_694_400_000_123;

/// An open store and what to clean up after the case.
pub struct Db {
    pub store: Arc<dyn CommentStore>,
    cleanup: Cleanup,
}

enum Cleanup {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres {
        url: String,
        schema: String,
        store: PgStore,
    },
}

impl Db {
    /// Drops what the case created (the PostgreSQL schema; the SQLite temp dir on drop).
    pub async fn cleanup(self) {
        if let Cleanup::Postgres { url, schema, store } = self.cleanup {
            store.close().await;
            let mut conn = PgConnection::connect(&url)
                .await
                .expect("connect for cleanup");
            conn.execute(sqlx::AssertSqlSafe(format!(
                "DROP SCHEMA \"{schema}\" CASCADE"
            )))
            .await
            .expect("drop test schema");
        }
    }
}

/// A fresh SQLite file in a temp dir.
pub async fn sqlite() -> Option<Db> {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open(dir.path().join("comments.sqlite3"))
        .await
        .expect("open sqlite store");
    Some(Db {
        store: Arc::new(store),
        cleanup: Cleanup::Sqlite(dir),
    })
}

/// A fresh schema in the database at `TEST_DATABASE_URL`, or `None` (after a loud note) when
/// it is unset; with `REQUIRE_POSTGRES=1` an unset URL fails the case.
pub async fn postgres() -> Option<Db> {
    let url = match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if !url.trim().is_empty() => url,
        _ => {
            if std::env::var("REQUIRE_POSTGRES").as_deref() == Ok("1") {
                panic!("REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set: the PostgreSQL store was not tested");
            }
            // Written past libtest's output capture so the skip shows in a passing run.
            static NOTE: std::sync::Once = std::sync::Once::new();
            NOTE.call_once(|| {
                let _ = writeln!(
                    std::io::stderr().lock(),
                    "\n!!!!!!!! SKIPPED: every PostgreSQL store case. Set TEST_DATABASE_URL=postgres://... \
                     to run them (REQUIRE_POSTGRES=1 turns this skip into a failure). !!!!!!!!\n"
                );
            });
            return None;
        }
    };
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let schema = format!(
        "test_{}_{}_{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    );
    let mut conn = PgConnection::connect(&url)
        .await
        .expect("connect to TEST_DATABASE_URL");
    conn.execute(sqlx::AssertSqlSafe(format!("CREATE SCHEMA \"{schema}\"")))
        .await
        .expect("create test schema");
    conn.close().await.ok();
    let options = PgConnectOptions::from_str(&url)
        .expect("TEST_DATABASE_URL parses")
        .options([("search_path", schema.as_str())]);
    let store = PgStore::connect_with(options, 8)
        .await
        .expect("open postgres store");
    Some(Db {
        store: Arc::new(store.clone()),
        cleanup: Cleanup::Postgres { url, schema, store },
    })
}

/// The app over `store`, with two known posts, one admin address, a clock that ticks one
/// second per reading, and an identity API that knows the fixtures' users as they are.
pub fn app(store: Arc<dyn CommentStore>) -> App {
    let tick = Arc::new(AtomicI64::new(START_MICROS));
    App::new(store, Arc::new(PostSlugs::from_slugs([POST, OTHER_POST])))
        .with_clock(Arc::new(move || {
            let micros = tick.fetch_add(1_000_000, Ordering::Relaxed);
            UnixTime {
                secs: micros.div_euclid(1_000_000),
                nanos: u32::try_from(micros.rem_euclid(1_000_000) * 1000).unwrap_or(0),
            }
        }))
        .with_identity_admin(Arc::new(Directory))
}

/// The identity admin API of the fixtures: Ada is an admin, everyone else a commenter.
struct Directory;

#[async_trait::async_trait]
impl IdentityAdmin for Directory {
    async fn user(
        &self,
        _endpoint: &IdentityEndpoint,
        id: &str,
    ) -> Result<Option<User>, IdentityAdminError> {
        let roles = if id == ADA { ["admin"] } else { ["commenter"] };
        let user = serde_json::from_value(json!({
            "id": id, "aud": "", "role": "", "email": "someone@example.com",
            "app_metadata": {"provider": "email", "roles": roles},
            "created_at": "2026-01-01T09:00:00Z", "updated_at": "2026-01-01T09:00:00Z"
        }))
        .expect("user");
        Ok(Some(user))
    }
}

/// Ada's user id.
const ADA: &str = "33333333-3333-4333-8333-333333333333";

/// A context for `claims` as Netlify builds it, identity endpoint included.
fn context(claims: Claims) -> NetlifyContext {
    NetlifyContext {
        identity: Some(IdentityEndpoint {
            url: "https://site.example/.netlify/identity".to_owned(),
            token: AdminToken::new("admin.jwt"),
        }),
        ..NetlifyContext::for_user(claims)
    }
}

/// A signed-in reader.
pub fn user(sub: &str, email: &str, full_name: Option<&str>) -> NetlifyContext {
    let mut meta = json!({});
    if let Some(name) = full_name {
        meta["full_name"] = json!(name);
    }
    let claims: Claims = serde_json::from_value(json!({
        "exp": 4_102_444_800_i64, "sub": sub, "email": email,
        "app_metadata": {"provider": "email", "roles": ["commenter"]},
        "user_metadata": meta
    }))
    .expect("claims");
    context(claims)
}

/// Jane, a commenter with a full name.
pub fn jane() -> NetlifyContext {
    user(
        "11111111-1111-4111-8111-111111111111",
        "jane@example.com",
        Some("Jane Doe"),
    )
}

/// Bob, a commenter without a full name.
pub fn bob() -> NetlifyContext {
    user(
        "22222222-2222-4222-8222-222222222222",
        "bob@example.com",
        None,
    )
}

/// Ada, an admin.
pub fn admin() -> NetlifyContext {
    let claims: Claims = serde_json::from_value(json!({
        "exp": 4_102_444_800_i64, "sub": ADA,
        "email": "ada@example.com",
        "app_metadata": {"provider": "email", "roles": ["admin"]}
    }))
    .expect("claims");
    context(claims)
}

/// `POST submit-comment` with a JSON body.
pub fn new_comment(post: &str, body: &str, key: &str) -> Request {
    Request::new("POST").with_json(&json!({"post": post, "body": body, "client_key": key}))
}

/// `POST` with a raw body and content type.
pub fn raw_post(content_type: &str, body: &str) -> Request {
    Request::new("POST")
        .with_header("content-type", content_type)
        .with_body(body.as_bytes().to_vec())
}

/// Submits as `ctx` and returns the response.
pub async fn submit(app: &App, ctx: &NetlifyContext, req: Request) -> Response {
    app.handle(Function::SubmitComment, &req, ctx).await
}

/// Submits and expects the comment back.
pub async fn submit_ok(
    app: &App,
    ctx: &NetlifyContext,
    post: &str,
    body: &str,
    key: &str,
) -> Comment {
    let r = submit(app, ctx, new_comment(post, body, key)).await;
    assert_eq!(r.status, 201, "{}", text(&r));
    comment(&r)
}

/// Lists with a raw query string, anonymously.
pub async fn list(app: &App, query: &str) -> Response {
    let req = Request::new("GET").with_query_string(query);
    app.handle(Function::ListComments, &req, &NetlifyContext::anonymous())
        .await
}

/// A moderation request.
pub async fn moderate(app: &App, ctx: &NetlifyContext, req: Request) -> Response {
    app.handle(Function::ModerateComment, &req, ctx).await
}

/// `POST moderate-comment {id, action}` as the admin.
pub async fn act(app: &App, id: i64, action: &str) -> Response {
    let req = Request::new("POST").with_json(&json!({"id": id, "action": action}));
    moderate(app, &admin(), req).await
}

/// The body as a comment.
pub fn comment(r: &Response) -> Comment {
    serde_json::from_value(body(r)).expect("a comment body")
}

/// The body as a page.
pub fn page(r: &Response) -> CommentPage {
    assert_eq!(r.status, 200, "{}", text(r));
    serde_json::from_value(body(r)).expect("a page body")
}

/// The JSON body.
pub fn body(r: &Response) -> Value {
    r.body_json()
        .expect("a JSON body")
        .expect("a non-empty body")
}

/// The body as text, for failure messages.
pub fn text(r: &Response) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(&r.body)
}

/// Asserts an error status and code, and that the message is not empty.
pub fn assert_error(r: &Response, status: u16, code: ErrorCode) -> ErrorBody {
    assert_eq!(r.status, status, "{}", text(r));
    let e: ErrorBody = serde_json::from_value(body(r)).expect("an error body");
    assert_eq!(e.error, code, "{e:?}");
    assert!(!e.message.is_empty());
    assert_eq!(
        r.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    e
}

/// How many comments are stored and not deleted.
pub async fn stored(store: &dyn CommentStore) -> usize {
    store
        .list_for_moderation(ModerationFilter::All, None, None, 10_000)
        .await
        .expect("list")
        .len()
}
