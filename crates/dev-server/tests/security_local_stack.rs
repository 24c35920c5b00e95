//! The local stack against a hostile web page: who may reach it (Host), who may read it
//! (CORS), what a page can send without a preflight (content types), and how long a
//! half-sent request may hold a connection.

mod common;

use std::time::{Duration, Instant};

use common::{error, Server, ADMIN_EMAIL, ADMIN_PASSWORD};
use reqwest::header::{CONTENT_TYPE, HOST, ORIGIN};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const EVIL: &str = "https://evil.example";

fn access_control_headers(r: &reqwest::Response) -> Vec<String> {
    r.headers()
        .keys()
        .map(|k| k.as_str().to_owned())
        .filter(|k| k.starts_with("access-control-"))
        .collect()
}

async fn recovery_mails(s: &Server, to: &str) -> usize {
    s.mail()
        .await
        .iter()
        .filter(|m| m["to"] == to && m["kind"] == "recovery")
        .count()
}

// --- CORS ---------------------------------------------------------------------------

#[tokio::test]
async fn another_site_gets_no_cors_on_the_mailbox() {
    let s = Server::start().await;
    for origin in [EVIL, "null"] {
        let r = s
            .client
            .get(s.url("/__dev/mail"))
            .header(ORIGIN, origin)
            .send()
            .await
            .unwrap();
        assert_eq!(access_control_headers(&r), Vec::<String>::new(), "{origin}");
    }
}

#[tokio::test]
async fn another_site_gets_no_cors_on_the_identity_api() {
    let s = Server::start().await;
    for origin in [EVIL, "null", "http://localhost.evil.example:8888"] {
        let r = s
            .client
            .get(s.id_url("/settings"))
            .header(ORIGIN, origin)
            .send()
            .await
            .unwrap();
        assert_eq!(access_control_headers(&r), Vec::<String>::new(), "{origin}");
        let preflight = s
            .client
            .request(Method::OPTIONS, s.id_url("/recover"))
            .header(ORIGIN, origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "content-type")
            .send()
            .await
            .unwrap();
        assert_eq!(
            access_control_headers(&preflight),
            Vec::<String>::new(),
            "{origin}"
        );
    }
}

#[tokio::test]
async fn another_site_cannot_post_to_the_identity_api() {
    let s = Server::start().await;
    let r = s
        .client
        .post(s.id_url("/recover"))
        .header(ORIGIN, EVIL)
        .json(&json!({"email": ADMIN_EMAIL}))
        .send()
        .await
        .unwrap();
    let (status, body) = error(r).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["code"], 403);
    assert_eq!(recovery_mails(&s, ADMIN_EMAIL).await, 0);
}

#[tokio::test]
async fn a_loopback_page_on_another_port_keeps_cors() {
    let s = Server::start().await;
    for origin in [
        "http://127.0.0.1:5555",
        "http://localhost:3000",
        "http://[::1]:8080",
    ] {
        for url in [s.id_url("/settings"), s.url("/__dev/mail")] {
            let r = s
                .client
                .get(&url)
                .header(ORIGIN, origin)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::OK, "{url}");
            assert_eq!(r.headers()["access-control-allow-origin"], origin, "{url}");
        }
        let preflight = s
            .client
            .request(Method::OPTIONS, s.id_url("/signup"))
            .header(ORIGIN, origin)
            .header("Access-Control-Request-Method", "POST")
            .header(
                "Access-Control-Request-Headers",
                "content-type, x-nf-client",
            )
            .send()
            .await
            .unwrap();
        assert_eq!(preflight.status(), StatusCode::NO_CONTENT);
        assert_eq!(preflight.headers()["access-control-allow-origin"], origin);
    }
}

#[tokio::test]
async fn the_configured_site_origin_gets_cors() {
    let s = Server::start_with(|c| c.identity.site_url = Some("https://blog.example".into())).await;
    let r = s
        .client
        .get(s.id_url("/settings"))
        .header(ORIGIN, "https://blog.example")
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.headers()["access-control-allow-origin"],
        "https://blog.example"
    );
}

// --- Host -----------------------------------------------------------------------------

#[tokio::test]
async fn a_foreign_host_is_refused_everywhere() {
    let s = Server::start().await;
    for path in ["/", "/__dev/mail", "/.netlify/identity/settings"] {
        for host in [
            "evil.example",
            "evil.example:8888",
            "localhost.evil.example",
        ] {
            let r = s
                .client
                .get(s.url(path))
                .header(HOST, host)
                .send()
                .await
                .unwrap();
            assert_eq!(access_control_headers(&r), Vec::<String>::new());
            let (status, body) = error(r).await;
            assert_eq!(status, StatusCode::MISDIRECTED_REQUEST, "{path} {host}");
            assert_eq!(body["code"], 421);
            assert!(
                body["msg"].as_str().unwrap().contains("--allowed-host"),
                "{body}"
            );
        }
    }
}

#[tokio::test]
async fn loopback_hosts_are_served() {
    let s = Server::start().await;
    for host in ["localhost", "localhost:8080", "127.0.0.1", "[::1]:8888"] {
        let r = s
            .client
            .get(s.id_url("/settings"))
            .header(HOST, host)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{host}");
    }
}

#[tokio::test]
async fn a_configured_host_and_the_site_host_are_served() {
    let s = Server::start_with(|c| {
        c.allowed_hosts = vec!["laptop.lan".into()];
        c.identity.site_url = Some("https://blog.example".into());
    })
    .await;
    for host in ["laptop.lan:8888", "LAPTOP.lan", "blog.example"] {
        let r = s
            .client
            .get(s.url("/__dev/mail"))
            .header(HOST, host)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{host}");
    }
    let r = s
        .client
        .get(s.url("/__dev/mail"))
        .header(ORIGIN, "http://laptop.lan:8080")
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.headers()["access-control-allow-origin"],
        "http://laptop.lan:8080"
    );
}

// --- Content types ----------------------------------------------------------------------

#[tokio::test]
async fn a_text_plain_recover_is_refused_and_sends_no_mail() {
    let s = Server::start().await;
    let body = json!({"email": ADMIN_EMAIL}).to_string();
    for content_type in [Some("text/plain;charset=UTF-8"), None] {
        let mut request = s.client.post(s.id_url("/recover")).body(body.clone());
        if let Some(ct) = content_type {
            request = request.header(CONTENT_TYPE, ct);
        }
        let (status, body) = error(request.send().await.unwrap()).await;
        assert_eq!(
            status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{content_type:?}"
        );
        assert_eq!(body["code"], 415);
    }
    assert_eq!(recovery_mails(&s, ADMIN_EMAIL).await, 0);
}

#[tokio::test]
async fn a_text_plain_verify_is_refused_and_leaves_the_token() {
    let s = Server::start().await;
    let r = s.post_json("/recover", json!({"email": ADMIN_EMAIL})).await;
    assert_eq!(r.status(), StatusCode::OK);
    let token = s.last_mail(ADMIN_EMAIL, "recovery").await["token"].clone();
    let body = json!({"type": "recovery", "token": token});
    let r = s
        .client
        .post(s.id_url("/verify"))
        .header(CONTENT_TYPE, "text/plain")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let (status, _) = error(r).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // The token still works for the real client.
    let r = s.post_json("/verify", body).await;
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_form_body_to_a_json_endpoint_is_refused() {
    let s = Server::start().await;
    let r = s
        .client
        .post(s.id_url("/signup"))
        .form(&[
            ("email", "form@example.com"),
            ("password", "secret-password"),
        ])
        .send()
        .await
        .unwrap();
    let (status, body) = error(r).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(body["code"], 415);
    assert!(s.mail().await.is_empty());
}

#[tokio::test]
async fn json_with_parameters_and_any_case_is_read() {
    let s = Server::start().await;
    let r = s
        .client
        .post(s.id_url("/recover"))
        .header(CONTENT_TYPE, "Application/JSON; charset=utf-8")
        .body(json!({"email": ADMIN_EMAIL}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(recovery_mails(&s, ADMIN_EMAIL).await, 1);
}

// --- Limits -------------------------------------------------------------------------------

#[tokio::test]
async fn an_over_limit_identity_body_is_a_json_413() {
    let s = Server::start().await;
    let big = format!("{{\"email\":\"{}\"}}", "a".repeat(3 * 1024 * 1024));
    let r = s
        .client
        .post(s.id_url("/signup"))
        .header(CONTENT_TYPE, "application/json")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()[CONTENT_TYPE], "application/json");
    let (status, body) = error(r).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(body["code"], 413);
}

#[tokio::test]
async fn an_over_limit_function_body_is_a_json_413() {
    let s = Server::start_with_functions("hello").await;
    let r = s
        .client
        .post(s.url("/.netlify/functions/submit-comment"))
        .header(CONTENT_TYPE, "application/json")
        .body(vec![b' '; 7 * 1024 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"], "payload_too_large", "{body}");
}

// --- /token caching -----------------------------------------------------------------------

#[tokio::test]
async fn token_answers_are_never_stored() {
    let s = Server::start().await;
    let ok = s.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert_eq!(ok.status(), StatusCode::OK);
    let wrong = s.login(ADMIN_EMAIL, "wrong").await;
    assert_eq!(wrong.status(), StatusCode::BAD_REQUEST);
    let unsupported = s
        .client
        .post(s.id_url("/token"))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    for r in [ok, wrong, unsupported] {
        assert_eq!(r.headers()["cache-control"], "no-store", "{}", r.status());
        assert_eq!(r.headers()["pragma"], "no-cache");
    }
}

// --- Slow clients -------------------------------------------------------------------------

/// How long a connection that never finishes its headers may stay open, with slack.
const HEADER_BOUND: Duration = Duration::from_secs(20);

async fn sent(s: &Server, bytes: &[u8]) -> tokio::net::TcpStream {
    let mut stream = tokio::net::TcpStream::connect(s.addr).await.unwrap();
    stream.write_all(bytes).await.unwrap();
    stream
}

/// How long the server takes to close `stream`, reading whatever it sends first.
async fn time_to_close(mut stream: tokio::net::TcpStream) -> Duration {
    let started = Instant::now();
    let mut buf = [0u8; 1024];
    loop {
        match tokio::time::timeout(HEADER_BOUND, stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return started.elapsed(),
            Ok(Ok(_)) => continue, // a 408 or similar before closing is fine
            Err(_) => panic!("connection still open after {HEADER_BOUND:?}"),
        }
    }
}

#[tokio::test]
async fn a_half_sent_request_is_closed() {
    let s = Server::start().await;
    let stream = sent(&s, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ").await;
    let took = time_to_close(stream).await;
    assert!(took < HEADER_BOUND, "{took:?}");
}

#[tokio::test]
async fn a_silent_connection_is_closed() {
    let s = Server::start().await;
    let took = time_to_close(sent(&s, b"").await).await;
    assert!(took < HEADER_BOUND, "{took:?}");
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed() {
    let s = Server::start().await;
    let mut stream = sent(
        &s,
        b"GET /.netlify/identity/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    )
    .await;
    let mut buf = [0u8; 4096];
    let n = stream.read(&mut buf).await.unwrap();
    assert!(buf[..n].starts_with(b"HTTP/1.1 200"));
    let took = time_to_close(stream).await;
    assert!(took < HEADER_BOUND, "{took:?}");
}

// --- OAuth consent ------------------------------------------------------------------------

#[tokio::test]
async fn a_consent_code_works_once() {
    let s = Server::start().await;
    let r = s
        .client
        .get(s.id_url("/authorize?provider=github"))
        .send()
        .await
        .unwrap();
    let consent = r.headers()["location"].to_str().unwrap().to_owned();
    let state = consent.split_once("state=").unwrap().1.to_owned();
    let r = s
        .client
        .post(s.url("/__dev/oauth/consent"))
        .form(&[
            ("state", state.as_str()),
            ("decision", "approve"),
            ("email", "once@example.com"),
            ("full_name", "Once"),
        ])
        .send()
        .await
        .unwrap();
    let callback = r.headers()["location"].to_str().unwrap().to_owned();
    let first = s.client.get(s.url(&callback)).send().await.unwrap();
    let first = first.headers()["location"].to_str().unwrap().to_owned();
    assert!(first.contains("#access_token="), "{first}");
    let replay = s.client.get(s.url(&callback)).send().await.unwrap();
    let replay = replay.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        replay.contains("#error=invalid_request&error_description="),
        "{replay}"
    );
    assert!(!replay.contains("access_token"), "{replay}");
}
