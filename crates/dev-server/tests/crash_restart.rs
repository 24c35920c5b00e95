//! The local stack killed with SIGKILL in the middle of signups, logins, refreshes and comment
//! posts, then started again on the same data directory — three times. The real binary
//! (`target/debug/dev-server`), on loopback, with SQLite for users, tokens and comments.
//!
//! After each kill, before the restart: both databases pass `PRAGMA integrity_check`, and each
//! user holds exactly one live refresh token per session (a rotation cut short neither loses
//! nor doubles one). After each restart: both databases open; every user whose
//! signup was answered 200 logs in; every session whose last answer was "ok" (and had nothing
//! in flight at the kill) refreshes and reads `GET /user`; every comment answered 201/200 is
//! listed exactly once. What was in flight at the kill is settled too: a signup either exists
//! whole (its password logs in) or not at all (signing up again works); a comment retried with
//! its `client_key` is then stored exactly once. Prints what it counted, also in a passing run.

use std::collections::HashMap;
use std::io::Write;
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

const POST: &str = "crash-post";
const PASSWORD: &str = "correct horse battery staple";
const ADMIN_PASSWORD: &str = "crash-restart-admin";
const WORKERS: usize = 6;
/// How long the load runs before each kill: different moments of the workers' cycles.
const KILL_AFTER: [Duration; 3] = [
    Duration::from_millis(900),
    Duration::from_millis(1400),
    Duration::from_millis(2100),
];
/// The whole test ends within this, or fails.
const DEADLINE: Duration = Duration::from_secs(240);

/// A session: the tokens last handed out, and whether a request with them was in flight.
#[derive(Debug, Clone)]
struct Session {
    email: String,
    access: String,
    refresh: String,
}

/// What the clients were told, and what they do not know.
#[derive(Debug, Default)]
struct Ledger {
    /// Signups answered 200.
    users: Vec<String>,
    /// Signups sent with no answer (the kill came first).
    users_unknown: Vec<String>,
    /// Answered logins per user: each holds one session (one live refresh token) from then on.
    logins_ok: HashMap<String, i64>,
    /// Logins sent with no answer, per user: a session that may or may not exist.
    logins_unknown: HashMap<String, i64>,
    /// Sessions whose last request was answered "ok".
    sessions: Vec<Session>,
    /// Sessions with a refresh in flight at the kill: their outcome is unknown.
    sessions_unknown: usize,
    /// Comments answered 201/200: (client_key, body, author id).
    comments: Vec<(String, String, String)>,
    /// Comments sent with no answer: (client_key, body, access token).
    comments_unknown: Vec<(String, String, String)>,
    signups: usize,
    logins: usize,
    refreshes: usize,
    posts: usize,
    /// Answers that are neither "ok" nor a dropped connection (must stay empty).
    unexpected: Vec<String>,
}

struct Stack {
    child: Child,
    addr: SocketAddr,
}

fn free_addr() -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address")
}

impl Stack {
    /// Starts the binary without waiting for it to answer.
    fn spawn(dist: &Path, data: &Path) -> Self {
        let addr = free_addr();
        let child = Command::new(env!("CARGO_BIN_EXE_dev-server"))
            .arg("--dist")
            .arg(dist)
            .arg("--data")
            .arg(data)
            .args(["--addr", &addr.to_string()])
            .arg("--netlify-toml")
            .arg(dist.join("no-netlify.toml"))
            .env_remove("DATABASE_URL")
            .env_remove("NETLIFY_DB_URL")
            .env_remove("GOTRUE_JWT_SECRET")
            .env("GOTRUE_MAILER_AUTOCONFIRM", "true")
            .env("DEV_ARGON2_MEMORY_KIB", "64")
            .env("DEV_ARGON2_ITERATIONS", "1")
            .env("DEV_TOKEN_RATE_LIMIT", "false")
            .env("DEV_ADMIN_EMAIL", "admin@example.com")
            .env("DEV_ADMIN_PASSWORD", ADMIN_PASSWORD)
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start target/debug/dev-server");
        Self { child, addr }
    }

    /// Starts the binary and waits until it answers.
    async fn start(dist: &Path, data: &Path, client: &Client) -> Self {
        let stack = Self::spawn(dist, data);
        let addr = stack.addr;
        let started = Instant::now();
        loop {
            let ready = client
                .get(stack.url("/.netlify/identity/settings"))
                .send()
                .await
                .is_ok_and(|r| r.status() == StatusCode::OK);
            if ready {
                return stack;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "the stack did not come up on {addr}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// SIGKILL: no shutdown, no flush, no goodbye.
    fn kill(mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("reaped");
    }
}

impl Drop for Stack {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn client() -> Client {
    Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client")
}

async fn signup(client: &Client, base: &str, email: &str) -> reqwest::Result<reqwest::Response> {
    client
        .post(format!("{base}/.netlify/identity/signup"))
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await
}

async fn token(
    client: &Client,
    base: &str,
    form: &[(&str, &str)],
) -> reqwest::Result<reqwest::Response> {
    client
        .post(format!("{base}/.netlify/identity/token"))
        .form(form)
        .send()
        .await
}

async fn post_comment(
    client: &Client,
    base: &str,
    access: &str,
    key: &str,
    body: &str,
) -> reqwest::Result<reqwest::Response> {
    client
        .post(format!("{base}/.netlify/functions/submit-comment"))
        .bearer_auth(access)
        .json(&json!({"post": POST, "body": body, "client_key": key}))
        .send()
        .await
}

fn sub_of(jwt: &str) -> String {
    use base64::Engine;
    let payload = jwt.split('.').nth(1).unwrap_or_default();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap_or_default();
    serde_json::from_slice::<Value>(&bytes).unwrap_or_default()["sub"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// One worker: signup → login → refresh → post → refresh → post, over and over, until the
/// stack dies under it (a request with no answer) or `stop`.
async fn worker(
    base: String,
    round: usize,
    w: usize,
    ledger: Arc<Mutex<Ledger>>,
    stop: Arc<AtomicBool>,
) {
    let client = client();
    let note = |f: &dyn Fn(&mut Ledger)| f(&mut ledger.lock().expect("ledger"));
    for i in 0.. {
        if stop.load(Ordering::Relaxed) {
            return;
        }
        let email = format!("r{round}-w{w}-{i}@example.com");
        note(&|l| l.signups += 1);
        match signup(&client, &base, &email).await {
            Ok(r) if r.status() == StatusCode::OK => note(&|l| l.users.push(email.clone())),
            Ok(r) => {
                let text = format!("signup {email}: {}", r.status());
                note(&|l| l.unexpected.push(text.clone()));
                return;
            }
            Err(_) => {
                note(&|l| l.users_unknown.push(email.clone()));
                return;
            }
        }
        note(&|l| l.logins += 1);
        let tokens: Value = match token(
            &client,
            &base,
            &[
                ("grant_type", "password"),
                ("username", &email),
                ("password", PASSWORD),
            ],
        )
        .await
        {
            Ok(r) if r.status() == StatusCode::OK => match r.json().await {
                Ok(v) => v,
                Err(_) => return,
            },
            Ok(r) => {
                let text = format!("login {email}: {}", r.status());
                note(&|l| l.unexpected.push(text.clone()));
                return;
            }
            // A login with no answer leaves no session anyone was told of (or one, unknown).
            Err(_) => {
                note(&|l| *l.logins_unknown.entry(email.clone()).or_default() += 1);
                return;
            }
        };
        note(&|l| *l.logins_ok.entry(email.clone()).or_default() += 1);
        let mut session = Session {
            email: email.clone(),
            access: tokens["access_token"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            refresh: tokens["refresh_token"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        };
        for step in 0..2 {
            note(&|l| l.refreshes += 1);
            match token(
                &client,
                &base,
                &[
                    ("grant_type", "refresh_token"),
                    ("refresh_token", &session.refresh),
                ],
            )
            .await
            {
                Ok(r) if r.status() == StatusCode::OK => {
                    let Ok(v) = r.json::<Value>().await else {
                        note(&|l| l.sessions_unknown += 1);
                        return;
                    };
                    session.access = v["access_token"].as_str().unwrap_or_default().to_owned();
                    session.refresh = v["refresh_token"].as_str().unwrap_or_default().to_owned();
                }
                Ok(r) => {
                    let text = format!("refresh of {email}: {}", r.status());
                    note(&|l| l.unexpected.push(text.clone()));
                    return;
                }
                Err(_) => {
                    note(&|l| l.sessions_unknown += 1);
                    return;
                }
            }
            let key = format!("r{round}-w{w}-{i}-{step}");
            let body = format!("comment {step} by {email}");
            note(&|l| l.posts += 1);
            match post_comment(&client, &base, &session.access, &key, &body).await {
                Ok(r) if matches!(r.status(), StatusCode::CREATED | StatusCode::OK) => {
                    let author = sub_of(&session.access);
                    note(&|l| l.comments.push((key.clone(), body.clone(), author.clone())));
                }
                Ok(r) => {
                    let text = format!("post by {email}: {}", r.status());
                    note(&|l| l.unexpected.push(text.clone()));
                    return;
                }
                Err(_) => {
                    note(&|l| {
                        l.comments_unknown.push((
                            key.clone(),
                            body.clone(),
                            session.access.clone(),
                        ));
                        l.sessions.push(session.clone());
                    });
                    return;
                }
            }
        }
        note(&|l| l.sessions.push(session.clone()));
    }
}

/// `PRAGMA integrity_check` on a database file the stack left behind.
async fn integrity(path: &Path) -> String {
    use sqlx::{Connection, Row};
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite:{}", path.display()))
        .await
        .unwrap_or_else(|e| panic!("open {}: {e}", path.display()));
    let row = sqlx::query("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .expect("integrity_check");
    let answer: String = row.get(0);
    conn.close().await.ok();
    answer
}

/// A rotation revokes the old refresh token and issues the new one together, and a login
/// issues one, so a user has exactly one live refresh token per answered login — whatever
/// refresh was cut short — plus at most one per login that got no answer; never more, never
/// fewer.
async fn check_live_refresh_tokens(
    identity_db: &Path,
    logins_ok: &HashMap<String, i64>,
    logins_unknown: &HashMap<String, i64>,
    round: usize,
) {
    use sqlx::{Connection, Row};
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite:{}", identity_db.display()))
        .await
        .expect("open identity.db");
    let rows = sqlx::query(
        "SELECT u.email, COALESCE(SUM(1 - rt.revoked), 0) AS live FROM users u \
         LEFT JOIN refresh_tokens rt ON rt.user_id = u.id GROUP BY u.id",
    )
    .fetch_all(&mut conn)
    .await
    .expect("count live tokens");
    conn.close().await.ok();
    for row in &rows {
        let email: String = row.get("email");
        let live: i64 = row.get("live");
        let ok = logins_ok.get(&email).copied().unwrap_or(0);
        let unknown = logins_unknown.get(&email).copied().unwrap_or(0);
        assert!(
            (ok..=ok + unknown).contains(&live),
            "round {round}: {email} has {live} live refresh tokens after {ok} answered logins \
             ({unknown} unanswered)"
        );
    }
}

async fn list_comments(client: &Client, base: &str) -> Vec<Value> {
    let mut all = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut url = format!("{base}/.netlify/functions/list-comments?post={POST}&limit=100");
        if let Some(c) = &cursor {
            url.push_str(&format!("&cursor={c}"));
        }
        let page: Value = client
            .get(url)
            .send()
            .await
            .expect("list")
            .json()
            .await
            .expect("list json");
        all.extend(page["comments"].as_array().cloned().unwrap_or_default());
        match page["next_cursor"].as_str() {
            Some(c) if !c.is_empty() => cursor = Some(c.to_owned()),
            _ => return all,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_mid_load_leaves_no_half_write_and_every_ok_session_works() {
    let started = Instant::now();
    let dist = tempfile::tempdir().expect("dist");
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><title>blog</title>",
    )
    .expect("index");
    std::fs::create_dir_all(dist.path().join("content")).expect("content");
    let index =
        json!({"posts": [{"slug": POST, "title": "T", "date": "2026-11-20", "summary": "S"}]});
    std::fs::write(dist.path().join("content/posts.json"), index.to_string()).expect("posts");
    let data = tempfile::tempdir().expect("data");
    let client = client();
    let ledger = Arc::new(Mutex::new(Ledger::default()));

    let mut stack = Stack::start(dist.path(), data.path(), &client).await;
    for (round, kill_after) in KILL_AFTER.into_iter().enumerate() {
        let stop = Arc::new(AtomicBool::new(false));
        let base = stack.url("");
        let workers: Vec<_> = (0..WORKERS)
            .map(|w| tokio::spawn(worker(base.clone(), round, w, ledger.clone(), stop.clone())))
            .collect();
        tokio::time::sleep(kill_after).await;
        stack.kill();
        stop.store(true, Ordering::Relaxed);
        for w in workers {
            w.await.expect("no worker panicked");
        }

        // The files as the kill left them.
        for db in ["identity.db", "comments.sqlite3"] {
            let answer = integrity(&data.path().join(db)).await;
            assert_eq!(answer, "ok", "{db} after the kill of round {round}");
        }
        let (ok, unknown) = {
            let l = ledger.lock().expect("ledger");
            (l.logins_ok.clone(), l.logins_unknown.clone())
        };
        check_live_refresh_tokens(&data.path().join("identity.db"), &ok, &unknown, round).await;
        stack = Stack::start(dist.path(), data.path(), &client).await;
        settle_and_check(&client, &stack.url(""), &ledger, round).await;
        assert!(started.elapsed() < DEADLINE, "over {DEADLINE:?}");
    }
    stack.kill();

    let l = ledger.lock().expect("ledger");
    // Written to stderr itself, past libtest's capture, so the counts show in a passing run.
    let _ = writeln!(
        std::io::stderr().lock(),
        "SIGKILL x{}: {} signups sent ({} answered ok, {} in flight at a kill), {} logins, \
         {} refreshes ({} in flight at a kill), {} posts ({} answered ok, {} in flight at a kill); \
         after each kill every user held one live refresh token per session (none lost or doubled by a \
         cut-short rotation); after each restart every ok user logged in, {} ok sessions \
         refreshed and read /user, every comment listed exactly once",
        KILL_AFTER.len(),
        l.signups,
        l.users.len(),
        l.users_unknown.len(),
        l.logins,
        l.refreshes,
        l.sessions_unknown,
        l.posts,
        l.comments.len(),
        l.comments_unknown.len(),
        l.sessions.len(),
    );
    assert!(
        l.unexpected.is_empty(),
        "unexpected answers: {:?}",
        l.unexpected
    );
    assert!(
        !l.comments.is_empty() && !l.users.is_empty(),
        "the load did nothing"
    );
}

/// Settles what was in flight at the kill, then checks everything the clients were told.
async fn settle_and_check(client: &Client, base: &str, ledger: &Mutex<Ledger>, round: usize) {
    let (users, unknown_users, sessions, unknown_comments) = {
        let mut l = ledger.lock().expect("ledger");
        (
            l.users.clone(),
            std::mem::take(&mut l.users_unknown),
            std::mem::take(&mut l.sessions),
            std::mem::take(&mut l.comments_unknown),
        )
    };
    // A signup in flight: whole or absent, never half.
    for email in unknown_users {
        let login = token(
            client,
            base,
            &[
                ("grant_type", "password"),
                ("username", &email),
                ("password", PASSWORD),
            ],
        )
        .await
        .expect("login after restart");
        if login.status() == StatusCode::OK {
            *ledger
                .lock()
                .expect("ledger")
                .logins_ok
                .entry(email.clone())
                .or_default() += 1;
        } else {
            let again = signup(client, base, &email)
                .await
                .expect("signup after restart");
            assert_eq!(
                again.status(),
                StatusCode::OK,
                "round {round}: {email} is neither usable nor absent: {}",
                again.text().await.unwrap_or_default()
            );
        }
        ledger.lock().expect("ledger").users.push(email);
    }
    for email in &users {
        let login = token(
            client,
            base,
            &[
                ("grant_type", "password"),
                ("username", email),
                ("password", PASSWORD),
            ],
        )
        .await
        .expect("login after restart");
        assert_eq!(
            login.status(),
            StatusCode::OK,
            "round {round}: {email} was told ok but cannot log in"
        );
        *ledger
            .lock()
            .expect("ledger")
            .logins_ok
            .entry(email.clone())
            .or_default() += 1;
    }
    // Every session told ok still works: its refresh token refreshes, its access token reads
    // the user. The refreshed tokens are kept for the next round.
    let mut kept = Vec::new();
    for mut session in sessions {
        let user = client
            .get(format!("{base}/.netlify/identity/user"))
            .bearer_auth(&session.access)
            .send()
            .await
            .expect("GET /user");
        assert_eq!(
            user.status(),
            StatusCode::OK,
            "round {round}: {}'s access token",
            session.email
        );
        let r = token(
            client,
            base,
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", &session.refresh),
            ],
        )
        .await
        .expect("refresh after restart");
        assert_eq!(
            r.status(),
            StatusCode::OK,
            "round {round}: {}'s refresh token was told ok",
            session.email
        );
        let v: Value = r.json().await.expect("tokens");
        session.access = v["access_token"].as_str().unwrap_or_default().to_owned();
        session.refresh = v["refresh_token"].as_str().unwrap_or_default().to_owned();
        kept.push(session);
    }
    ledger.lock().expect("ledger").sessions = kept;
    // A post in flight, retried with its key, lands once.
    for (key, body, access) in unknown_comments {
        let r = post_comment(client, base, &access, &key, &body)
            .await
            .expect("retry");
        assert!(
            matches!(r.status(), StatusCode::CREATED | StatusCode::OK),
            "round {round}: retry of {key}: {}",
            r.status()
        );
        ledger
            .lock()
            .expect("ledger")
            .comments
            .push((key, body, sub_of(&access)));
    }
    // Every acknowledged comment is listed exactly once, and nothing else is.
    let listed = list_comments(client, base).await;
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    for c in &listed {
        let author = c["author"]["id"].as_str().unwrap_or_default().to_owned();
        let body = c["body"].as_str().unwrap_or_default().to_owned();
        *seen.entry((author, body)).or_default() += 1;
    }
    let comments = ledger.lock().expect("ledger").comments.clone();
    for (key, body, author) in &comments {
        assert_eq!(
            seen.get(&(author.clone(), body.clone())).copied(),
            Some(1),
            "round {round}: comment {key} is not stored exactly once"
        );
    }
    assert_eq!(
        listed.len(),
        comments.len(),
        "round {round}: stored comments nobody was told of"
    );
}

/// Killed during its very first start on a fresh data directory (JWT secret, migrations, the
/// seeded admin), at several moments: the next start comes up on what was left, with a
/// usable secret, intact databases and a whole admin.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_during_the_first_start_leaves_a_data_dir_that_starts() {
    let dist = tempfile::tempdir().expect("dist");
    std::fs::write(dist.path().join("index.html"), "<!doctype html>").expect("index");
    let client = client();
    let mut outcomes = Vec::new();
    for delay_ms in [0u64, 5, 15, 40, 80, 150, 300] {
        let data = tempfile::tempdir().expect("data");
        let early = Stack::spawn(dist.path(), data.path());
        tokio::time::sleep(Duration::from_millis(delay_ms)).await;
        early.kill();
        let left: Vec<String> = std::fs::read_dir(data.path())
            .map(|d| {
                d.filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
                    .collect()
            })
            .unwrap_or_default();
        outcomes.push(format!("{delay_ms} ms: {}", left.join(",")));

        let stack = Stack::start(dist.path(), data.path(), &client).await;
        let secret = std::fs::read_to_string(data.path().join("jwt_secret")).expect("jwt_secret");
        assert!(
            secret.trim().len() >= 32,
            "after a kill at {delay_ms} ms: a short secret"
        );
        for db in ["identity.db", "comments.sqlite3"] {
            assert_eq!(
                integrity(&data.path().join(db)).await,
                "ok",
                "{db} at {delay_ms} ms"
            );
        }
        let login = token(
            &client,
            &stack.url(""),
            &[
                ("grant_type", "password"),
                ("username", "admin@example.com"),
                ("password", ADMIN_PASSWORD),
            ],
        )
        .await
        .expect("admin login");
        assert_eq!(
            login.status(),
            StatusCode::OK,
            "the seeded admin after a kill at {delay_ms} ms"
        );
        stack.kill();
    }
    let _ = writeln!(
        std::io::stderr().lock(),
        "SIGKILL during the first start, then a start: data dir as left by each kill: {}; \
         every next start came up with a whole admin",
        outcomes.join("; ")
    );
}
