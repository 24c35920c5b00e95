//! `examples/ssr-axum`, the server-rendered Leptos app (axum, leptos_axum, leptos_router,
//! hydration), against the local stack's identity API: log in through the modal, the router
//! goes on to the account page without a page load, a reload comes from the server already
//! logged in, the gated routes refuse a logged-out reader and a commenter, a server function
//! knows the user, log out — with no console error and no hydration warning on the way.
//!
//! `SSR_AXUM_BIN` and `SSR_AXUM_SITE` name the server binary and its site root
//! (`cargo xtask test` builds both); without them the test says so and fails.

use std::process::Stdio;
use std::time::Duration;

use e2e::identity::{access_token, mail, ADMIN, PASSWORD};
use e2e::page::{click, find, text, wait_gone, wait_text};
use e2e::{Browser, Stack};
use fantoccini::Client;
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

const SECRET: &str = "ssr-axum-e2e-secret";

/// The example's server on a free port, until dropped.
struct SsrServer {
    origin: String,
    _child: Child,
}

impl SsrServer {
    async fn start(stack: &Stack) -> SsrServer {
        let bin = std::env::var_os("SSR_AXUM_BIN")
            .expect("SSR_AXUM_BIN: the ssr-axum server binary (cargo xtask test builds it)");
        let site = std::env::var_os("SSR_AXUM_SITE")
            .expect("SSR_AXUM_SITE: the ssr-axum site root with pkg/ (cargo xtask test builds it)");
        let mut child = Command::new(bin)
            .env("IDENTITY_JWT_SECRET", SECRET)
            .env("IDENTITY_URL", stack.url("/.netlify/identity"))
            .env("SSR_ADDR", "127.0.0.1:0")
            .env("SSR_SITE_ROOT", site)
            .stdout(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("start the ssr-axum server");
        let stdout = child.stdout.take().expect("its stdout");
        let mut lines = BufReader::new(stdout).lines();
        let line = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
            .await
            .expect("the server says where it listens within 30 s")
            .expect("its stdout")
            .expect("a line");
        let origin = line
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line: {line}"))
            .to_owned();
        SsrServer {
            origin,
            _child: child,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }
}

/// The document the server renders for `path` with this cookie, and its status, without
/// following a redirect.
async fn server_html(server: &SsrServer, path: &str, cookie: Option<&str>) -> (u16, String) {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    // As a browser asks for a document (leptos_axum redirects with a 302 only then).
    let mut request = client
        .get(server.url(path))
        .header("accept", "text/html,application/xhtml+xml");
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.expect("a page");
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

async fn location(client: &Client) -> String {
    client.current_url().await.expect("a URL").path().to_owned()
}

/// The browser's `nf_jwt` cookie, as the widget keeps it for the server.
async fn document_cookie(client: &Client) -> String {
    client
        .execute("return document.cookie", vec![])
        .await
        .expect("document.cookie")
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Waits until the app has hydrated (the example marks `<html data-hydrated>`): its buttons
/// answer clicks only then.
async fn hydrated(client: &Client) {
    let done = client
        .wait()
        .at_most(Duration::from_secs(60))
        .for_element(fantoccini::Locator::Css("html[data-hydrated]"))
        .await;
    assert!(done.is_ok(), "the page never hydrated");
}

/// A confirmed reader without roles, made through the identity API and the dev mailbox.
async fn commenter(stack: &Stack) -> String {
    let email = "commenter@example.com";
    let http = reqwest::Client::new();
    let signup = http
        .post(stack.url("/.netlify/identity/signup"))
        .json(
            &json!({"email": email, "password": PASSWORD, "data": {"full_name": "Carl Commenter"}}),
        )
        .send()
        .await
        .expect("signup");
    assert!(signup.status().is_success(), "signup: {}", signup.status());
    let link = mail(stack, email, "confirmation").await["link"]
        .as_str()
        .expect("a link")
        .to_owned();
    let token = link
        .split("confirmation_token=")
        .nth(1)
        .expect("a confirmation token");
    let verify = http
        .post(stack.url("/.netlify/identity/verify"))
        .json(&json!({"type": "signup", "token": token}))
        .send()
        .await
        .expect("verify");
    assert!(verify.status().is_success(), "verify: {}", verify.status());
    access_token(stack, email, PASSWORD).await
}

async fn no_console_trouble(browser: &Browser, when: &str) {
    let messages = browser
        .console_warnings_and_errors()
        .await
        .unwrap_or_default();
    assert!(messages.is_empty(), "{when}: {messages:#?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_server_rendered_app_knows_the_user_and_gates_its_routes() {
    let stack = Stack::start_with(&e2e::dist(), |config| {
        config.identity.jwt_secret = Some(SECRET.to_owned());
    })
    .await
    .expect("local stack");
    let server = SsrServer::start(&stack).await;
    let browser = Browser::start().await.expect("headless chromium");
    let client = &browser.client;

    // A logged-out reader: the server cannot know yet, the browser then sends them home.
    client.goto(&server.url("/account")).await.unwrap();
    wait_text(client, "main h1", "Home").await;
    assert_eq!(location(client).await, "/");
    let (_, html) = server_html(&server, "/", None).await;
    assert!(
        html.contains("ni-menu-login") && !html.contains("Welcome"),
        "{html}"
    );

    // Log in through the modal: the router goes on to /account, with no page load.
    hydrated(client).await;
    client
        .execute("window.__samePage = true", vec![])
        .await
        .unwrap();
    e2e::identity::log_in(client, ADMIN.0, ADMIN.1).await;
    wait_gone(client, "[role=dialog]").await;
    wait_text(client, "main h1", "Your account").await;
    assert_eq!(location(client).await, "/account");
    let same_page = client
        .execute("return window.__samePage === true", vec![])
        .await;
    assert_eq!(
        same_page.unwrap(),
        Value::Bool(true),
        "a page load after login"
    );
    no_console_trouble(&browser, "after login").await;

    // The server renders the next document for the cookie the widget keeps.
    let cookie = document_cookie(client).await;
    assert!(cookie.contains("nf_jwt="), "{cookie}");
    let (status, html) = server_html(&server, "/account", Some(&cookie)).await;
    assert_eq!(status, 200);
    assert!(html.contains("Welcome, "), "{html}");
    assert!(html.contains("Site Admin"), "{html}");
    assert!(html.contains("Your account"), "{html}");

    // A reload: logged in from the first byte, hydrated without a warning.
    client.refresh().await.unwrap();
    hydrated(client).await;
    assert_eq!(text(client, ".ni-menu-name").await, "Site Admin");
    assert_eq!(text(client, "main h1").await, "Your account");
    no_console_trouble(&browser, "after a reload").await;

    // A server function knows who asks.
    click(client, ".whoami").await;
    wait_text(client, ".whoami-answer", "The server says: Site Admin").await;

    // The admin page, for an admin.
    let (status, html) = server_html(&server, "/admin", Some(&cookie)).await;
    assert_eq!(status, 200);
    assert!(html.contains("Only admins see this"), "{html}");

    // A commenter is refused /admin by the server itself, and a forged cookie is nobody.
    let carl = format!("nf_jwt={}", commenter(&stack).await);
    let (status, html) = server_html(&server, "/admin", Some(&carl)).await;
    assert!(!html.contains("Only admins see this"), "{html}");
    assert_eq!(status, 302, "a commenter on /admin: {html}");
    let (status, html) = server_html(&server, "/account", Some(&carl)).await;
    assert_eq!(status, 200);
    assert!(html.contains("Carl Commenter"), "{html}");
    let forged = cookie.replace("nf_jwt=", "nf_jwt=x");
    let (_, html) = server_html(&server, "/account", Some(&forged)).await;
    assert!(!html.contains("Site Admin"), "{html}");

    // Log out: the cookie goes, and the account page sends the reader home again.
    click(client, ".ni-menu-logout").await;
    find(client, ".ni-menu-login").await;
    assert!(!document_cookie(client).await.contains("nf_jwt="));
    client.goto(&server.url("/account")).await.unwrap();
    wait_text(client, "main h1", "Home").await;
    no_console_trouble(&browser, "after logout").await;
    browser.close().await;
}
