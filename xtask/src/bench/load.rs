//! Requests per second and p99 of the local stack on loopback, measured with
//! wrk against a release-built `dev-server`: the identity API (`/user`,
//! `/token`) and the comment functions on SQLite, with a check that no
//! comment was lost or stored twice.

use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};

use crate::{cmd, site};

const ADMIN: (&str, &str) = ("admin@example.com", "admin-password");
const CONNECTIONS: &str = "16";
const DURATION: &str = "10s";

struct Server {
    child: Child,
    data: std::path::PathBuf,
    origin: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.data);
    }
}

/// One wrk run: requests per second, p99, totals.
struct Run {
    rps: f64,
    p99: String,
    requests: u64,
    errors: u64,
    output: String,
}

/// What the budget table quotes: `submit-comment` on SQLite.
pub struct LoadSummary {
    pub submit_rps: f64,
    pub submit_p99: String,
    pub sent: u64,
    pub stored: u64,
    pub no_lost_writes: bool,
}

pub fn run() -> anyhow::Result<(String, LoadSummary)> {
    for tool in ["wrk", "curl", "sqlite3"] {
        if cmd::version_of(tool).is_none() && cmd::probe(cmd::new(tool).arg("-h")).is_none() {
            bail!("{tool} is missing: run `sudo apt-get install -y wrk curl sqlite3`");
        }
    }
    cmd::run(cmd::new("cargo").args([
        "build",
        "--quiet",
        "--profile",
        "server",
        "-p",
        "dev-server",
    ]))?;
    let server = start(&site::dist(), &[])?;
    let (token, _) = login(&server.origin)?;
    let (_, first_refresh) = login(&server.origin)?;
    let (_, second_refresh) = login(&server.origin)?;
    let slug = first_post()?;
    let origin = server.origin.as_str();
    let run = |path: &str, script: &str, args: &[&str], connections: &str| {
        wrk(origin, path, script, args, connections)
    };
    let user = run(
        "/.netlify/identity/user",
        "bearer_get.lua",
        &[&token],
        CONNECTIONS,
    )?;
    let password = run("/", "token.lua", &[ADMIN.0, ADMIN.1], CONNECTIONS)?;
    // One connection per thread: each spends the token its last answer gave.
    let refresh = run("/", "refresh.lua", &[&first_refresh, &second_refresh], "2")?;
    let submit = run("/", "submit.lua", &[&token, &slug], CONNECTIONS)?;
    let list_path = format!("/.netlify/functions/list-comments?post={slug}");
    let list = run(&list_path, "bearer_get.lua", &[&token], CONNECTIONS)?;

    let sent = unique_sent(&submit)?;
    let stored = count_comments(&server.data.join("comments.sqlite3"))?;
    let verdict = verdict(sent, stored);

    let mut out = String::from(
        "\n## Local stack under load\n\n\
         `dev-server` built with the `server` profile, on loopback, measured with \
         `wrk -t2 -c16 -d10s --latency` (the refresh grant with `-c2`: a rotating token \
         chain per connection); the load generator shares the 2 cores.\n\n",
    );
    out.push_str(&endpoint_table(&[
        ("`GET /.netlify/identity/user`", &user),
        (
            "`POST /.netlify/identity/token` (password grant, argon2id)",
            &password,
        ),
        (
            "`POST /.netlify/identity/token` (refresh grant, a rotating chain per connection)",
            &refresh,
        ),
        (
            "`POST submit-comment` (SQLite, every comment sent twice)",
            &submit,
        ),
        ("`GET list-comments`", &list),
    ]));
    out.push_str(&format!(
        "\nPassword grant vs `/user`: {:.1}× slower; the difference is the argon2id hash \
         (OWASP parameters: 19 MiB, 2 passes), about {:.1} ms of CPU per login on this machine \
         ({} cores serve {:.0} logins/s).\n",
        user.rps / password.rps,
        1000.0 * 2.0 / password.rps,
        2,
        password.rps
    ));
    out.push_str(&format!(
        "\nComments on SQLite: {sent} distinct comments sent (each twice, concurrently), \
         {stored} stored: {verdict}.\n"
    ));
    drop(server);
    out.push_str(&postgres(&slug)?);
    let summary = LoadSummary {
        submit_rps: submit.rps,
        submit_p99: submit.p99.clone(),
        sent,
        stored,
        no_lost_writes: verdict != MISMATCH,
    };
    Ok((out, summary))
}

/// The comment functions again, on a throwaway PostgreSQL cluster.
fn postgres(slug: &str) -> anyhow::Result<String> {
    let pg = crate::postgres::Postgres::start()?;
    let server = start(&site::dist(), &[("DATABASE_URL", pg.url.as_str())])?;
    let (token, _) = login(&server.origin)?;
    let submit = wrk(
        &server.origin,
        "/",
        "submit.lua",
        &[&token, slug],
        CONNECTIONS,
    )?;
    let list_path = format!("/.netlify/functions/list-comments?post={slug}");
    let list = wrk(
        &server.origin,
        &list_path,
        "bearer_get.lua",
        &[&token],
        CONNECTIONS,
    )?;
    let sent = unique_sent(&submit)?;
    let output = cmd::new("psql")
        .arg(&pg.url)
        .args(["-tAc", "SELECT count(*) FROM comments"])
        .output()
        .context("cannot run psql")?;
    let stored: u64 = String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .context("cannot count the stored comments in PostgreSQL")?;
    let mut out = String::from(
        "\nThe same comment functions with `DATABASE_URL` on a local PostgreSQL 15 \
         (fsync off, loopback):\n\n",
    );
    out.push_str(&endpoint_table(&[
        (
            "`POST submit-comment` (PostgreSQL, every comment sent twice)",
            &submit,
        ),
        ("`GET list-comments` (PostgreSQL)", &list),
    ]));
    out.push_str(&format!(
        "\nComments on PostgreSQL: {sent} distinct comments sent (each twice, concurrently), \
         {stored} stored: {}.\n",
        verdict(sent, stored)
    ));
    Ok(out)
}

/// The Markdown table of wrk runs, one row per endpoint.
fn endpoint_table(rows: &[(&str, &Run)]) -> String {
    let mut out = String::from(
        "| endpoint | requests/s | p99 | requests | non-2xx |\n|---|---:|---:|---:|---:|\n",
    );
    for (name, run) in rows {
        out.push_str(&format!(
            "| {name} | {:.0} | {} | {} | {} |\n",
            run.rps, run.p99, run.requests, run.errors
        ));
    }
    out
}

fn unique_sent(submit: &Run) -> anyhow::Result<u64> {
    submit
        .output
        .lines()
        .find_map(|l| l.strip_prefix("unique_comments "))
        .and_then(|n| n.trim().parse::<u64>().ok())
        .context("wrk did not report the comments it sent")
}

/// The last request of each wrk connection may be cut off mid-flight when the
/// run ends: such a comment is either stored or not, never twice.
const MISMATCH: &str = "MISMATCH";

fn verdict(sent: u64, stored: u64) -> &'static str {
    let cut_off = 2 * CONNECTIONS.parse::<u64>().unwrap_or(16);
    if stored <= sent && sent - stored <= cut_off {
        "no duplicate, none lost beyond requests cut off by the end of the run"
    } else {
        MISMATCH
    }
}

fn start(dist: &Path, env: &[(&str, &str)]) -> anyhow::Result<Server> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let data = std::env::temp_dir().join(format!("blog-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let child = cmd::new(crate::root().join("target/server/dev-server"))
        .arg("--dist")
        .arg(dist)
        .arg("--data")
        .arg(&data)
        .args(["--addr", &format!("127.0.0.1:{port}")])
        .env("DEV_TOKEN_RATE_LIMIT", "off")
        .envs(env.iter().copied())
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .spawn()
        .context("cannot start dev-server")?;
    let server = Server {
        child,
        data,
        origin: format!("http://127.0.0.1:{port}"),
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            bail!("dev-server did not start");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok(server)
}

/// Logs the admin in: (access token, refresh token).
fn login(origin: &str) -> anyhow::Result<(String, String)> {
    let output = cmd::new("curl")
        .args(["-sf", "-X", "POST"])
        .arg(format!("{origin}/.netlify/identity/token"))
        .args(["-d", "grant_type=password"])
        .args(["--data-urlencode", &format!("username={}", ADMIN.0)])
        .args(["--data-urlencode", &format!("password={}", ADMIN.1)])
        .output()?;
    let body = String::from_utf8_lossy(&output.stdout);
    let field = |name: &str| {
        body.split(&format!("\"{name}\":\""))
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .map(str::to_owned)
            .with_context(|| format!("no {name} from /token"))
    };
    Ok((field("access_token")?, field("refresh_token")?))
}

fn first_post() -> anyhow::Result<String> {
    let posts = content::render::load_posts(&crate::root().join("content/posts"))?;
    posts
        .first()
        .map(|p| p.summary.slug.clone())
        .context("no posts")
}

/// One wrk run of `script`, a file of `xtask/lua/`, against `origin` + `path`.
fn wrk(
    origin: &str,
    path: &str,
    script: &str,
    args: &[&str],
    connections: &str,
) -> anyhow::Result<Run> {
    let script = crate::root().join("xtask/lua").join(script);
    eprintln!("$ wrk -c{connections} {path} ({})", script.display());
    let output = cmd::new("wrk")
        .args(["-t2", "-c", connections, "-d", DURATION, "--latency", "-s"])
        .arg(&script)
        .arg(format!("{origin}{path}"))
        .arg("--")
        .args(args)
        .output()
        .context("cannot run wrk")?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    if !output.status.success() {
        bail!("wrk failed:\n{text}");
    }
    let field = |prefix: &str| {
        text.lines()
            .find_map(|l| l.trim().strip_prefix(prefix).map(|v| v.trim().to_owned()))
    };
    let rps = field("Requests/sec:")
        .and_then(|v| v.parse().ok())
        .context("wrk printed no Requests/sec")?;
    let p99 = field("99%").unwrap_or_default();
    let requests = text
        .lines()
        .find(|l| l.contains("requests in"))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let errors = field("Non-2xx or 3xx responses:")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    Ok(Run {
        rps,
        p99,
        requests,
        errors,
        output: text,
    })
}

fn count_comments(db: &Path) -> anyhow::Result<u64> {
    let output = cmd::new("sqlite3")
        .arg(db)
        .arg("SELECT count(*) FROM comments")
        .output()?;
    String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .context("cannot count the stored comments")
}
