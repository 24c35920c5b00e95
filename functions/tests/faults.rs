//! Faults no request can cause: the database goes away in the middle of a load of comment
//! posts, and comes back. Clients retry each comment with its `client_key` until they are told
//! it is stored. Afterwards every acknowledged comment is stored exactly once, every refusal on
//! the way was a JSON 503 with `Retry-After` (never a 500, never a panic), and the same `App`
//! — no restart — serves again once the database is back.
//!
//! - PostgreSQL: a throwaway cluster of its own (`common/pg_cluster.rs`: initdb / pg_ctl from
//!   the Debian `postgresql` package under `/usr/lib/postgresql/*/bin`), stopped with `pg_ctl stop -m immediate` (a
//!   crash: no goodbye to the clients) mid-load and started again. Without those binaries the
//!   case prints a loud skip note and passes, unless `REQUIRE_POSTGRES=1`.
//! - SQLite: another process (this test binary, re-run as a helper) takes the file's write lock
//!   with `BEGIN EXCLUSIVE` and holds it past the store's busy timeout.
//!
//! Each case prints what it counted, also in a passing run.

use std::collections::HashMap;
use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

mod common;

use comment_wire::Comment;
use common::pg_cluster::Cluster;
use functions::store::{CommentStore, PgStore, SqliteStore};
use functions::{App, Function, NetlifyContext, PostSlugs, Request};
use serde_json::json;

const POST: &str = "fault-post";
/// Every case ends within this, or fails.
const DEADLINE: Duration = Duration::from_secs(90);
/// How long a client waits before retrying a refused post (it would honour `Retry-After`; the
/// test is shorter so that posts keep arriving during the outage).
const RETRY_PAUSE: Duration = Duration::from_millis(100);
/// A client's pause between two comments, so the load spans the fault without flooding.
const POST_PAUSE: Duration = Duration::from_millis(10);
/// Comments each client posts once the fault is over (on the mended database).
const AFTER_FAULT: usize = 5;

/// What the clients saw.
#[derive(Debug, Default)]
struct Counts {
    requests: AtomicUsize,
    /// 201: stored by this request.
    created: AtomicUsize,
    /// 200: stored by an earlier attempt whose answer was lost.
    replayed: AtomicUsize,
    /// 503 with `Retry-After` and a JSON error body.
    unavailable: AtomicUsize,
    /// Anything else (must stay 0), with the first few for the failure message.
    other: AtomicUsize,
    acknowledged: AtomicUsize,
}

impl Counts {
    fn report(&self, case: &str, clients: usize, outage: Duration) -> String {
        format!(
            "{case}: {clients} clients; outage {:.1} s; {} comments acknowledged, each stored once; \
             {} requests: {} created, {} answered 200 for an earlier attempt, \
             {} JSON 503 with Retry-After, {} other",
            outage.as_secs_f64(),
            self.acknowledged.load(Ordering::Relaxed),
            self.requests.load(Ordering::Relaxed),
            self.created.load(Ordering::Relaxed),
            self.replayed.load(Ordering::Relaxed),
            self.unavailable.load(Ordering::Relaxed),
            self.other.load(Ordering::Relaxed),
        )
    }
}

fn user_context(client: usize) -> NetlifyContext {
    let claims = serde_json::from_value(json!({
        "exp": 4_000_000_000_i64, "sub": format!("fault-client-{client}"),
        "email": format!("client{client}@example.com"),
        "app_metadata": {"provider": "email", "roles": ["commenter"]}, "user_metadata": {}
    }))
    .expect("claims");
    NetlifyContext {
        identity: None,
        user: Some(claims),
        site_url: None,
    }
}

fn body_of(client: usize, n: usize) -> String {
    format!("comment {n} of client {client}")
}

fn key_of(client: usize, n: usize) -> String {
    format!("fault-{client}-{n}")
}

/// One client: posts comments one after the other, each retried with its key until it is
/// acknowledged, until [`AFTER_FAULT`] more after `fault_over`. Returns the acknowledged ones.
async fn client(
    app: Arc<App>,
    counts: Arc<Counts>,
    client: usize,
    fault_over: Arc<AtomicBool>,
    started: Instant,
) -> Vec<Comment> {
    let ctx = user_context(client);
    let mut acked = Vec::new();
    let mut left_after_fault = AFTER_FAULT;
    for n in 0.. {
        if fault_over.load(Ordering::Relaxed) {
            if left_after_fault == 0 {
                break;
            }
            left_after_fault -= 1;
        }
        tokio::time::sleep(POST_PAUSE).await;
        let req = Request::new("POST").with_json(&json!({
            "post": POST, "body": body_of(client, n), "client_key": key_of(client, n)
        }));
        loop {
            assert!(
                started.elapsed() < DEADLINE,
                "client {client} still retrying comment {n} after {DEADLINE:?}"
            );
            counts.requests.fetch_add(1, Ordering::Relaxed);
            let response = app.handle(Function::SubmitComment, &req, &ctx).await;
            match response.status {
                201 | 200 => {
                    let counter = if response.status == 201 {
                        &counts.created
                    } else {
                        &counts.replayed
                    };
                    counter.fetch_add(1, Ordering::Relaxed);
                    counts.acknowledged.fetch_add(1, Ordering::Relaxed);
                    let comment: Comment = response
                        .body_json()
                        .expect("a comment body")
                        .expect("a comment");
                    acked.push(comment);
                    break;
                }
                503 => {
                    let retry_after = response.header("retry-after").map(str::to_owned);
                    let body = response.error_body();
                    assert!(
                        retry_after
                            .as_deref()
                            .is_some_and(|s| s.parse::<u32>().is_ok())
                            && body.is_some(),
                        "a 503 without Retry-After or a JSON error body: {response:?}"
                    );
                    counts.unavailable.fetch_add(1, Ordering::Relaxed);
                    tokio::time::sleep(RETRY_PAUSE).await;
                }
                status => {
                    counts.other.fetch_add(1, Ordering::Relaxed);
                    panic!(
                        "client {client} comment {n}: status {status}: {}",
                        String::from_utf8_lossy(&response.body)
                    );
                }
            }
        }
    }
    acked
}

/// Runs the load with `fault` (which breaks the database and mends it) alongside; returns
/// the counts, the outage's length and every acknowledged comment.
async fn load_with_fault<F, Fut>(
    app: Arc<App>,
    clients: usize,
    fault: F,
) -> (Arc<Counts>, Duration, Vec<Comment>)
where
    F: FnOnce(Arc<Counts>) -> Fut,
    Fut: std::future::Future<Output = Duration>,
{
    let counts = Arc::new(Counts::default());
    let started = Instant::now();
    let fault_over = Arc::new(AtomicBool::new(false));
    let tasks: Vec<_> = (0..clients)
        .map(|c| {
            let task = client(app.clone(), counts.clone(), c, fault_over.clone(), started);
            tokio::spawn(task)
        })
        .collect();
    let outage = tokio::time::timeout(DEADLINE, fault(counts.clone()))
        .await
        .expect("the fault ends in time");
    fault_over.store(true, Ordering::Relaxed);
    let mut acked = Vec::new();
    for task in tasks {
        // A panic inside a handler would surface here as a JoinError.
        acked.extend(task.await.expect("no client task panicked"));
    }
    (counts, outage, acked)
}

/// Waits until `n` posts were acknowledged, so the fault lands mid-load.
async fn after_acks(counts: &Counts, n: usize) {
    while counts.acknowledged.load(Ordering::Relaxed) < n {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// Every acknowledged comment is stored, once, as acknowledged; nothing else is stored.
async fn assert_stored_exactly_once(store: &dyn CommentStore, acked: &[Comment]) {
    let stored = store
        .list_post(POST, None, 100_000)
        .await
        .expect("list after the fault");
    // Clients retry until acknowledged, so nothing stored is unacknowledged either.
    assert_eq!(
        stored.len(),
        acked.len(),
        "stored rows: one per acknowledged comment"
    );
    let mut by_key: HashMap<(String, String), usize> = HashMap::new();
    for comment in &stored {
        *by_key
            .entry((comment.author.id.clone(), comment.body.clone()))
            .or_default() += 1;
    }
    for comment in acked {
        let count = by_key
            .get(&(comment.author.id.clone(), comment.body.clone()))
            .copied();
        assert_eq!(count, Some(1), "stored exactly once: {comment:?}");
        assert!(
            stored.contains(comment),
            "stored as acknowledged: {comment:?}"
        );
    }
}

/// Writes `report` to the process's stderr itself, past libtest's capture of `eprintln!`, so
/// that what a case counted shows in a passing run (`cargo xtask test` included).
fn print_past_capture(report: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{report}");
}

fn app_over(store: Arc<dyn CommentStore>) -> Arc<App> {
    Arc::new(App::new(store, Arc::new(PostSlugs::from_slugs([POST]))))
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_crash_mid_load_loses_and_duplicates_nothing_and_the_functions_reconnect() {
    let Some(cluster) = Cluster::create() else {
        return;
    };
    cluster.start();
    let store = Arc::new(PgStore::connect(&cluster.url()).await.expect("connect"));
    let app = app_over(store.clone());
    let clients = 6;
    let cluster = Arc::new(cluster);
    let (counts, outage, acked) = load_with_fault(app.clone(), clients, {
        let cluster = cluster.clone();
        move |counts| async move {
            after_acks(&counts, clients * 10).await;
            let down = Instant::now();
            let c = cluster.clone();
            tokio::task::spawn_blocking(move || c.crash())
                .await
                .expect("stop");
            // Down longer than a request waits for a connection, so requests are refused both
            // ways: broken mid-query by the crash, and out of time waiting for the server.
            tokio::time::sleep(functions::store::ACQUIRE_TIMEOUT + Duration::from_secs(2)).await;
            let c = cluster.clone();
            tokio::task::spawn_blocking(move || c.start())
                .await
                .expect("start");
            down.elapsed()
        }
    })
    .await;
    let report = counts.report("PostgreSQL crash", clients, outage);
    print_past_capture(&report);
    assert_eq!(counts.other.load(Ordering::Relaxed), 0, "{report}");
    assert!(
        counts.unavailable.load(Ordering::Relaxed) > 0,
        "the outage refused no request, so it tested nothing: {report}"
    );
    assert_stored_exactly_once(store.as_ref(), &acked).await;
    // The same app, never restarted, serves a new comment.
    let response = app
        .handle(
            Function::SubmitComment,
            &Request::new("POST")
                .with_json(&json!({"post": POST, "body": "after", "client_key": "after-1"})),
            &user_context(99),
        )
        .await;
    assert_eq!(response.status, 201, "{report}");
}

// ---------------------------------------------------------------------------------------------
// SQLite

/// What the helper prints once it holds the lock.
const LOCK_TAKEN: &str = "FAULTS-SQLITE-LOCK-TAKEN";

/// The helper process: when run with `FAULTS_SQLITE_LOCK=<file>`, takes the write lock on the
/// file, says [`LOCK_TAKEN`] on stdout, holds the lock for `FAULTS_SQLITE_HOLD_MS`, and exits (which
/// releases it). Without the variable this test does nothing.
#[test]
fn sqlite_lock_holder() {
    let Ok(path) = std::env::var("FAULTS_SQLITE_LOCK") else {
        return;
    };
    let hold: u64 = std::env::var("FAULTS_SQLITE_HOLD_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5_000);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        use sqlx::{Connection, Executor};
        let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite:{path}"))
            .await
            .expect("open the file");
        conn.execute("BEGIN EXCLUSIVE")
            .await
            .expect("take the lock");
        println!("{LOCK_TAKEN}");
        std::io::stdout().flush().ok();
        tokio::time::sleep(Duration::from_millis(hold)).await;
        conn.execute("ROLLBACK").await.ok();
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_locked_by_another_process_mid_load_loses_and_duplicates_nothing() {
    use std::io::BufRead;

    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("comments.sqlite3");
    let store = Arc::new(SqliteStore::open(&path).await.expect("open"));
    let app = app_over(store.clone());
    let clients = 6;
    let hold = functions::store::BUSY_TIMEOUT + Duration::from_secs(2);
    let (counts, outage, acked) = load_with_fault(app.clone(), clients, {
        let path = path.clone();
        move |counts| async move {
            after_acks(&counts, clients * 10).await;
            let started = Instant::now();
            let outage = tokio::task::spawn_blocking(move || {
                let mut child = Command::new(std::env::current_exe().expect("this test binary"))
                    .args([
                        "sqlite_lock_holder",
                        "--exact",
                        "--nocapture",
                        "--test-threads=1",
                    ])
                    .env("FAULTS_SQLITE_LOCK", &path)
                    .env("FAULTS_SQLITE_HOLD_MS", hold.as_millis().to_string())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::null())
                    .spawn()
                    .expect("start the lock holder");
                let stdout = child.stdout.take().expect("stdout");
                // Read to the end (a closed pipe would fail the helper's last words); libtest
                // may print the test's name on the marker's line first.
                let locked = std::io::BufReader::new(stdout)
                    .lines()
                    .map_while(Result::ok)
                    .filter(|line| line.contains(LOCK_TAKEN))
                    .count()
                    == 1;
                assert!(locked, "the helper took the lock");
                let status = child.wait().expect("the helper ends");
                assert!(status.success(), "the helper failed");
                started.elapsed()
            })
            .await
            .expect("helper thread");
            outage
        }
    })
    .await;
    let report = counts.report("SQLite locked by another process", clients, outage);
    print_past_capture(&report);
    assert_eq!(counts.other.load(Ordering::Relaxed), 0, "{report}");
    assert!(
        counts.unavailable.load(Ordering::Relaxed) > 0,
        "the lock refused no request, so it tested nothing: {report}"
    );
    assert_stored_exactly_once(store.as_ref(), &acked).await;
    let response = app
        .handle(
            Function::SubmitComment,
            &Request::new("POST")
                .with_json(&json!({"post": POST, "body": "after", "client_key": "after-1"})),
            &user_context(99),
        )
        .await;
    assert_eq!(response.status, 201, "{report}");
}
