//! The real `submit-comment` binary against a small local implementation of the Lambda
//! Runtime API (the same protocol Netlify's Lambda-compatible runtime speaks): it answers 401
//! without a user, and stores a comment with one.
//!
//! By default the binaries cargo just built for the host are run. Set `FUNCTIONS_BIN_DIR` to a
//! directory holding other builds (e.g. `target/x86_64-unknown-linux-musl/release`, what gets
//! deployed) to run the same tests against those.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use base64::Engine as _;
use comment_wire::{Comment, CommentStatus, ErrorBody, ErrorCode};
use functions::store::{CommentStore, SqliteStore};
use serde_json::{json, Value};
use tokio::sync::{mpsc, oneshot, Mutex};

mod common;

/// One queued invocation: the event, the client-context header, and where the answer goes.
struct Invocation {
    event: Value,
    client_context: Option<String>,
    reply: oneshot::Sender<Outcome>,
}

/// What the function sent back.
#[derive(Debug)]
enum Outcome {
    Response(Value),
    Error(String),
}

#[derive(Clone)]
struct RuntimeApi {
    queue: Arc<Mutex<mpsc::Receiver<Invocation>>>,
    pending: Arc<Mutex<HashMap<String, oneshot::Sender<Outcome>>>>,
    next_id: Arc<std::sync::atomic::AtomicU64>,
}

async fn next(State(api): State<RuntimeApi>) -> Response {
    let Some(invocation) = api.queue.lock().await.recv().await else {
        return StatusCode::GONE.into_response();
    };
    let id = format!(
        "req-{}",
        api.next_id
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    );
    api.pending
        .lock()
        .await
        .insert(id.clone(), invocation.reply);
    let deadline = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis()
        + 10_000;
    let mut headers = HeaderMap::new();
    headers.insert(
        "lambda-runtime-aws-request-id",
        HeaderValue::from_str(&id).unwrap(),
    );
    headers.insert(
        "lambda-runtime-deadline-ms",
        HeaderValue::from_str(&deadline.to_string()).unwrap(),
    );
    headers.insert(
        "lambda-runtime-invoked-function-arn",
        HeaderValue::from_static("arn:aws:lambda:us-east-1:000000000000:function:submit-comment"),
    );
    if let Some(cc) = invocation.client_context {
        headers.insert(
            "lambda-runtime-client-context",
            HeaderValue::from_str(&cc).unwrap(),
        );
    }
    (headers, invocation.event.to_string()).into_response()
}

async fn respond(
    State(api): State<RuntimeApi>,
    Path(id): Path<String>,
    body: String,
) -> StatusCode {
    finish(
        &api,
        &id,
        Outcome::Response(serde_json::from_str(&body).unwrap_or(Value::String(body))),
    )
    .await
}

async fn fail(State(api): State<RuntimeApi>, Path(id): Path<String>, body: String) -> StatusCode {
    finish(&api, &id, Outcome::Error(body)).await
}

async fn finish(api: &RuntimeApi, id: &str, outcome: Outcome) -> StatusCode {
    match api.pending.lock().await.remove(id) {
        Some(reply) => {
            let _ = reply.send(outcome);
            StatusCode::ACCEPTED
        }
        None => StatusCode::NOT_FOUND,
    }
}

async fn init_error(body: String) -> StatusCode {
    panic!("the function failed to start: {body}");
}

/// The binary to run: `$FUNCTIONS_BIN_DIR/<name>` when set, else cargo's host build.
fn binary(name: &str, host_build: &str) -> String {
    match std::env::var("FUNCTIONS_BIN_DIR") {
        Ok(dir) if !dir.is_empty() => format!("{dir}/{name}"),
        _ => host_build.to_owned(),
    }
}

/// A running Runtime API and the function process polling it.
struct Harness {
    invocations: mpsc::Sender<Invocation>,
    child: tokio::process::Child,
    _dir: tempfile::TempDir,
    db: std::path::PathBuf,
}

impl Harness {
    /// Starts `submit-comment` with a fresh SQLite file and a one-post index.
    async fn start() -> Self {
        Self::start_binary(
            &binary("submit-comment", env!("CARGO_BIN_EXE_submit-comment")),
            &[],
        )
        .await
    }

    /// Starts `binary` against a fresh Runtime API; its output goes to `log` in the temp dir.
    async fn start_binary(binary: &str, env: &[(&str, &str)]) -> Self {
        let (tx, rx) = mpsc::channel(8);
        let api = RuntimeApi {
            queue: Arc::new(Mutex::new(rx)),
            pending: Arc::new(Mutex::new(HashMap::new())),
            next_id: Arc::new(std::sync::atomic::AtomicU64::new(1)),
        };
        let app = Router::new()
            .route("/2018-06-01/runtime/invocation/next", get(next))
            .route(
                "/2018-06-01/runtime/invocation/{id}/response",
                post(respond),
            )
            .route("/2018-06-01/runtime/invocation/{id}/error", post(fail))
            .route("/2018-06-01/runtime/init/error", post(init_error))
            .with_state(api);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });

        let dir = tempfile::tempdir().unwrap();
        let posts = dir.path().join("posts.json");
        std::fs::write(
            &posts,
            json!({"posts": [{"slug": "hello-world", "title": "Hello", "date": "2026-11-26", "summary": ""}]})
                .to_string(),
        )
        .unwrap();
        let db = dir.path().join("comments.sqlite3");
        let log = std::fs::File::create(dir.path().join("log")).unwrap();
        let child = tokio::process::Command::new(binary)
            .env_clear()
            .env("RUST_LOG", "debug")
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .env("AWS_LAMBDA_RUNTIME_API", addr.to_string())
            .env("AWS_LAMBDA_FUNCTION_NAME", "test-function")
            .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024")
            .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
            .env("COMMENTS_DB_PATH", &db)
            .env("POSTS_INDEX", &posts)
            .envs(env.iter().copied())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("start {binary}: {e}"));
        Self {
            invocations: tx,
            child,
            _dir: dir,
            db,
        }
    }

    /// Everything the function printed so far.
    fn log(&self) -> String {
        std::fs::read_to_string(self._dir.path().join("log")).unwrap_or_default()
    }

    async fn invoke(&mut self, event: Value, client_context: Option<String>) -> Outcome {
        let (reply, answer) = oneshot::channel();
        self.invocations
            .send(Invocation {
                event,
                client_context,
                reply,
            })
            .await
            .unwrap();
        tokio::select! {
            outcome = answer => outcome.expect("the runtime API dropped the invocation"),
            status = self.child.wait() => panic!("the function exited: {status:?}"),
            () = tokio::time::sleep(Duration::from_secs(60)) => panic!("no answer within 60 s"),
        }
    }
}

/// A Netlify-shaped event (no `requestContext`).
fn submit_event(body: &Value) -> Value {
    json!({
        "path": "/.netlify/functions/submit-comment",
        "httpMethod": "POST",
        "headers": {"content-type": "application/json", "authorization": "Bearer (Netlify reads it; the function never does)"},
        "multiValueHeaders": {},
        "queryStringParameters": {},
        "multiValueQueryStringParameters": {},
        "body": body.to_string(),
        "isBase64Encoded": false,
        "rawUrl": "https://site.example/.netlify/functions/submit-comment",
        "rawQuery": ""
    })
}

/// The client-context header Netlify sends for a signed-in user.
fn client_context_for_user() -> String {
    let netlify = json!({
        "identity": {"url": "https://site.example/.netlify/identity", "token": "admin-token"},
        "user": {
            "exp": 4_102_444_800_i64, "sub": "5d6a9a6e-0000-4000-8000-000000000001",
            "email": "jane@example.com",
            "app_metadata": {"provider": "email", "roles": ["commenter"]},
            "user_metadata": {"full_name": "Jane Doe"}
        },
        "site_url": "https://site.example"
    });
    let encoded = base64::engine::general_purpose::STANDARD.encode(netlify.to_string());
    json!({"custom": {"netlify": encoded}}).to_string()
}

fn response(outcome: Outcome) -> (u16, Value) {
    let r = match outcome {
        Outcome::Response(r) => r,
        Outcome::Error(body) => panic!("the function reported an error: {body}"),
    };
    let status = u16::try_from(r["statusCode"].as_u64().expect("statusCode")).unwrap();
    assert_eq!(
        r["headers"]["content-type"],
        "application/json; charset=utf-8"
    );
    let body = serde_json::from_str(r["body"].as_str().expect("body text")).expect("JSON body");
    (status, body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn submit_comment_binary_answers_401_without_a_user_and_stores_with_one() {
    let mut harness = Harness::start().await;
    let new = json!({"post": "hello-world", "body": "From the binary <b>as text</b>", "client_key": "bin-1"});

    let (status, body) = response(harness.invoke(submit_event(&new), None).await);
    assert_eq!(status, 401);
    let error: ErrorBody = serde_json::from_value(body).unwrap();
    assert_eq!(error.error, ErrorCode::Unauthorized);

    let (status, body) = response(
        harness
            .invoke(submit_event(&new), Some(client_context_for_user()))
            .await,
    );
    assert_eq!(status, 201, "{body}");
    let stored: Comment = serde_json::from_value(body).unwrap();
    assert_eq!(stored.author.name, "Jane Doe");
    assert_eq!(stored.body, "From the binary <b>as text</b>");
    assert_eq!(stored.status, CommentStatus::Visible);

    // The retry a browser makes after a lost response gets the same comment back.
    let (status, body) = response(
        harness
            .invoke(submit_event(&new), Some(client_context_for_user()))
            .await,
    );
    assert_eq!(status, 200);
    assert_eq!(serde_json::from_value::<Comment>(body).unwrap(), stored);

    // A client context Netlify could send without a user (no Bearer token) is anonymous.
    let no_user = json!({"custom": {"netlify": base64::engine::general_purpose::STANDARD
        .encode(json!({"identity": {"url": "u", "token": "t"}}).to_string())}})
    .to_string();
    let (status, _) = response(harness.invoke(submit_event(&new), Some(no_user)).await);
    assert_eq!(status, 401);

    harness.child.kill().await.ok();
    let store = SqliteStore::open(&harness.db).await.unwrap();
    assert_eq!(store.get(stored.id).await.unwrap(), Some(stored));

    let log = harness.log();
    assert!(log.contains("comment stored"), "{log}");
    assert!(
        !log.contains("admin-token"),
        "the identity token was logged:\n{log}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn identity_signup_binary_assigns_roles_without_a_database() {
    use functions::event_signature::EventSignature;
    const INSTANCE: &str = "00000000-0000-0000-0000-000000000000";
    let mut harness = Harness::start_binary(
        &binary("identity-signup", env!("CARGO_BIN_EXE_identity-signup")),
        &[
            ("ADMIN_EMAILS", "Ada@Example.com"),
            ("POSTS_INDEX", "/nonexistent"),
        ],
    )
    .await;
    let hook = |email: &str| {
        let body = json!({
            "event": "signup", "instance_id": INSTANCE,
            "user": {"id": "u1", "aud": "", "role": "", "email": email,
                     "app_metadata": {"provider": "github"}, "user_metadata": {},
                     "created_at": "2026-11-26T12:00:00Z", "updated_at": "2026-11-26T12:00:00Z"}
        });
        let body = body.to_string();
        // GoTrue's signature, which Netlify verified before invoking (any secret here: the
        // function cannot check the HMAC, only that it covers this body).
        let signature = EventSignature::for_body(body.as_bytes(), INSTANCE, 1_767_225_600)
            .sign(b"the site's identity secret")
            .unwrap();
        json!({"httpMethod": "POST", "path": "/.netlify/functions/identity-signup",
               "headers": {"content-type": "application/json", "x-netlify-event": "identity_signup",
                           "x-webhook-signature": signature},
               "body": body, "isBase64Encoded": false})
    };
    let mut unsigned = hook("ada@example.com");
    unsigned["headers"]
        .as_object_mut()
        .unwrap()
        .remove("x-webhook-signature");
    let (status, body) = response(harness.invoke(unsigned, None).await);
    assert_eq!(status, 403, "{body}");
    assert!(!body.to_string().contains("admin"), "{body}");
    let (status, body) = response(harness.invoke(hook("ada@example.com"), None).await);
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"app_metadata": {"provider": "github", "roles": ["admin"]}})
    );
    let (status, body) = response(harness.invoke(hook("eve@example.com"), None).await);
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"app_metadata": {"provider": "github", "roles": ["commenter"]}})
    );
    assert!(!harness.db.exists(), "identity-signup opened a database");
}

/// What `lambda_runtime` 1.5 does with a client context that does not fit its
/// `ClientContext` (`custom` values must be strings): the runtime loop returns an error and the
/// process exits without answering, so Lambda fails that invocation and starts a fresh process.
/// Netlify's context is `{"custom":{"netlify":"<base64>"}}`, which fits; this pins the upstream
/// behaviour so that a change in it is noticed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_context_the_runtime_cannot_read_makes_the_process_exit() {
    let mut harness = Harness::start().await;
    let new = json!({"post": "hello-world", "body": "x", "client_key": "bin-2"});
    let (reply, mut answer) = oneshot::channel();
    harness
        .invocations
        .send(Invocation {
            event: submit_event(&new),
            client_context: Some(r#"{"custom":{"netlify":5}}"#.to_owned()),
            reply,
        })
        .await
        .unwrap();
    let status = tokio::time::timeout(Duration::from_secs(60), harness.child.wait())
        .await
        .expect("the process exits")
        .unwrap();
    assert!(!status.success());
    assert!(answer.try_recv().is_err(), "no answer was sent");
}

/// A cold start while the database is down is not a failed start, which Netlify would answer
/// with an error of its own: each invocation answers a JSON 503 with `Retry-After`, and the same
/// process opens the store once the database is up (issue #15). PostgreSQL is a cluster of the
/// test's own, created but not started, so nothing listens on its port at first; without
/// PostgreSQL only the first half runs, on a closed port.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_down_at_start_gives_503_with_retry_after_then_serves_once_it_is_up() {
    let cluster = common::pg_cluster::Cluster::create();
    let url = match &cluster {
        Some(cluster) => cluster.url(),
        None => {
            let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            let port = closed.local_addr().unwrap().port();
            format!("postgres://postgres@127.0.0.1:{port}/postgres")
        }
    };
    let mut harness = Harness::start_binary(
        &binary("submit-comment", env!("CARGO_BIN_EXE_submit-comment")),
        &[("DATABASE_URL", &url)],
    )
    .await;
    let new = json!({"post": "hello-world", "body": "during the outage", "client_key": "down-1"});
    for _ in 0..2 {
        let outcome = harness
            .invoke(submit_event(&new), Some(client_context_for_user()))
            .await;
        let Outcome::Response(response) = outcome else {
            panic!("not a response: {outcome:?}");
        };
        assert_eq!(response["statusCode"], 503, "{response}");
        let retry_after = response["headers"]["retry-after"]
            .as_str()
            .or(response["multiValueHeaders"]["retry-after"][0].as_str());
        assert!(
            retry_after.is_some_and(|s| s.parse::<u32>().is_ok()),
            "{response}"
        );
        let body: ErrorBody = serde_json::from_str(response["body"].as_str().unwrap()).unwrap();
        assert_eq!(body.error, ErrorCode::Internal);
    }
    let Some(cluster) = cluster else {
        return;
    };
    let cluster = tokio::task::spawn_blocking(move || {
        cluster.start();
        cluster
    })
    .await
    .unwrap();
    let outcome = harness
        .invoke(submit_event(&new), Some(client_context_for_user()))
        .await;
    let Outcome::Response(response) = outcome else {
        panic!("not a response: {outcome:?}");
    };
    assert_eq!(
        response["statusCode"], 201,
        "the same process stores once the database is up: {response}"
    );
    drop(harness);
    drop(cluster);
}
