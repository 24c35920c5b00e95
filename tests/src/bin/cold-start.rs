//! Cold start of a function: from exec to its first response, through a local
//! Lambda Runtime API serving one Netlify-shaped invocation with no user (the
//! function answers 401). Each command is run `--runs` times.
//!
//! Prints a Markdown table for BENCHMARKS.md; with `--summary`, also
//! `cold.<i>.median` and `cold.<i>.p90` lines (ms) for its budget table.
//! `--help` lists the options.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
use clap::Parser;
use tokio::sync::oneshot;

#[path = "shared/mod.rs"]
mod shared;
use shared::{median, name_and_value, percentile, Summary};

/// Cold start of function binaries: exec to first response, through a local
/// Lambda Runtime API.
#[derive(Parser)]
struct Args {
    /// Cold starts timed per function
    #[arg(long, value_name = "N", default_value_t = 20)]
    runs: usize,
    /// A function to start, named, as a command split on spaces (repeatable)
    #[arg(long = "function", value_name = "NAME=COMMAND", value_parser = name_and_command)]
    functions: Vec<(String, Vec<String>)>,
    /// Also write `key value` lines for `cargo xtask bench`'s budget table here
    #[arg(long = "summary", value_name = "FILE")]
    summary: Option<std::path::PathBuf>,
}

/// `NAME=COMMAND`, the command split on spaces.
fn name_and_command(arg: &str) -> Result<(String, Vec<String>), String> {
    let (name, command) = name_and_value(arg)?;
    Ok((name, command.split(' ').map(str::to_owned).collect()))
}

type Done = Arc<Mutex<Option<oneshot::Sender<(Instant, String)>>>>;

async fn next(State(_): State<Done>) -> impl IntoResponse {
    let mut headers = HeaderMap::new();
    let deadline = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() + 10_000)
        .unwrap_or(0);
    headers.insert(
        "lambda-runtime-aws-request-id",
        axum::http::HeaderValue::from_static("cold-1"),
    );
    if let Ok(value) = deadline.to_string().parse() {
        headers.insert("lambda-runtime-deadline-ms", value);
    }
    if let Ok(value) = "arn:aws:lambda:us-east-1:000000000000:function:bench".parse() {
        headers.insert("lambda-runtime-invoked-function-arn", value);
    }
    let event = serde_json::json!({
        "path": "/.netlify/functions/submit-comment",
        "httpMethod": "POST",
        "headers": {"content-type": "application/json"},
        "multiValueHeaders": {},
        "queryStringParameters": {},
        "multiValueQueryStringParameters": {},
        "body": r#"{"post":"hello","body":"hi","client_key":"k1"}"#,
        "isBase64Encoded": false,
        "rawUrl": "https://site.example/.netlify/functions/submit-comment",
        "rawQuery": ""
    });
    (headers, event.to_string())
}

async fn respond(State(done): State<Done>, body: String) -> &'static str {
    let at = Instant::now();
    if let Ok(mut slot) = done.lock() {
        if let Some(tx) = slot.take() {
            let _ = tx.send((at, body));
        }
    }
    ""
}

/// One cold start: milliseconds from spawn to the first response.
async fn once(command: &[String], db: &std::path::Path) -> anyhow::Result<f64> {
    let (tx, rx) = oneshot::channel();
    let done: Done = Arc::new(Mutex::new(Some(tx)));
    let app = Router::new()
        .route("/2018-06-01/runtime/invocation/next", get(next))
        .route(
            "/2018-06-01/runtime/invocation/{id}/response",
            post(respond),
        )
        .route("/2018-06-01/runtime/invocation/{id}/error", post(respond))
        .with_state(done);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let server = tokio::spawn(async move { axum::serve(listener, app).await });

    let start = Instant::now();
    let mut child = tokio::process::Command::new(&command[0])
        .args(&command[1..])
        .env("AWS_LAMBDA_RUNTIME_API", addr.to_string())
        .env("AWS_LAMBDA_FUNCTION_NAME", "bench")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        .env("COMMENTS_DB_PATH", db)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .with_context(|| format!("cannot start {}", command[0]))?;
    let (at, body) = tokio::time::timeout(Duration::from_secs(20), rx)
        .await
        .context("no response within 20 s")??;
    let _ = child.kill().await;
    server.abort();
    if !body.contains("401") {
        bail!("{} answered {body}, not 401", command[0]);
    }
    Ok(at.duration_since(start).as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let Args {
        runs,
        functions,
        summary: summary_path,
    } = Args::parse();
    let dir = tempfile::tempdir()?;
    let mut out =
        String::from("| function | runs | median | p90 | min |\n|---|---:|---:|---:|---:|\n");
    let mut summary = Summary::to(summary_path);
    for (i, (name, command)) in functions.iter().enumerate() {
        let mut times = Vec::with_capacity(runs);
        for i in 0..runs {
            let db = dir.path().join(format!("{i}.sqlite3"));
            times.push(once(command, &db).await?);
        }
        times.sort_by(|a, b| a.total_cmp(b));
        let (median, p90) = (median(&times), percentile(&times, 0.9));
        out.push_str(&format!(
            "| {name} | {runs} | {median:.1} ms | {p90:.1} ms | {:.1} ms |\n",
            times.first().copied().unwrap_or(f64::NAN)
        ));
        summary.set(&format!("cold.{i}.median"), format!("{median:.1}"));
        summary.set(&format!("cold.{i}.p90"), format!("{p90:.1}"));
    }
    summary.write()?;
    print!("{out}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_function_is_a_name_and_a_command_split_on_spaces() {
        let args = Args::try_parse_from([
            "cold-start",
            "--function",
            "minimal Node v22 function=node tests/bench/cold_start_node.mjs",
        ])
        .unwrap();

        assert_eq!(args.runs, 20);
        assert_eq!(
            args.functions,
            [(
                "minimal Node v22 function".to_owned(),
                vec![
                    "node".to_owned(),
                    "tests/bench/cold_start_node.mjs".to_owned()
                ]
            )]
        );
    }
}
