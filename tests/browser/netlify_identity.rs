//! Netlify's own client, `@netlify/identity` 2.0 (the real npm package, installed by
//! `cargo xtask setup` into `.tools/`), beside the widget on one origin: in a page of its own
//! in the browser, and in node as a Netlify function runs it, with the page's cookies.
//!
//! * a session made by either is the other's user, and a logout by either ends both;
//! * after the widget rotates the refresh token, the `nf_refresh` cookie holds the new one, so
//!   its server-side `refreshSession()` spends a live token; and the pair the server then
//!   leaves in the cookies is the one the widget goes on with;
//! * a session a server made (its server-side `login()`, cookies only) is the widget's user.

use std::path::PathBuf;
use std::time::Duration;

use e2e::identity::{log_in, stored_session, ADMIN};
use e2e::page::{click, find, find_within, wait_gone};
use e2e::{Browser, Stack};
use fantoccini::Client;
use serde_json::{json, Value};

/// How long a page may take to follow another tab (its wasm may still be compiling).
const FOLLOW: Duration = Duration::from_secs(60);

/// Where `cargo xtask setup` installs the package.
fn tools() -> PathBuf {
    e2e::workspace().join(".tools")
}

/// The built site plus a page that loads `@netlify/identity` in the browser: its module as
/// npm ships it, with the one bare import (`gotrue-js`) pointed at gotrue-js's own module, as
/// a bundler would resolve it.
fn site_with_netlify_identity() -> tempfile::TempDir {
    let modules = tools().join("node_modules");
    let identity = std::fs::read_to_string(modules.join("@netlify/identity/dist/main.js"))
        .expect("@netlify/identity is installed: run `cargo xtask setup`");
    let gotrue = std::fs::read_to_string(modules.join("gotrue-js/lib/index.js"))
        .expect("gotrue-js (a dependency of @netlify/identity) is installed");
    let import = "from \"gotrue-js\"";
    assert_eq!(
        identity.matches(import).count(),
        1,
        "one import of gotrue-js"
    );
    let site = tempfile::tempdir().expect("temp dir");
    e2e::copy_dir(&e2e::dist(), site.path()).expect("a copy of the built site");
    let dir = site.path().join("ni");
    std::fs::create_dir_all(&dir).expect("ni/");
    let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).expect(name);
    write(
        "identity.js",
        &identity.replace(import, "from \"/ni/gotrue.js\""),
    );
    write("gotrue.js", &gotrue);
    write(
        "boot.js",
        "import * as identity from \"/ni/identity.js\";\nwindow.nf = identity;\n",
    );
    write(
        "index.html",
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>@netlify/identity</title><link rel=\"icon\" href=\"data:,\">\
         <script type=\"module\" src=\"/ni/boot.js\"></script></head>\
         <body><p>A page that uses @netlify/identity.</p></body></html>",
    );
    site
}

/// Opens the `@netlify/identity` page and waits for its module.
async fn open_netlify_page(client: &Client, stack: &Stack) {
    client.goto(&stack.url("/ni/")).await.expect("the page");
    for _ in 0..200 {
        let ready = client.execute("return !!window.nf", vec![]).await;
        if ready.is_ok_and(|v| v == json!(true)) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("@netlify/identity never loaded in the page");
}

/// Calls `nf.<call>` in the page and returns what it resolved to, or panics with its error.
async fn netlify(client: &Client, call: &str) -> Value {
    let script = format!(
        "const done = arguments[arguments.length - 1];\
         Promise.resolve().then(() => window.nf.{call}).then(\
           v => done({{ ok: v === undefined ? null : v }}),\
           e => done({{ error: String(e && e.message || e) }}));"
    );
    let out = client.execute_async(&script, vec![]).await.expect(call);
    match out.get("ok") {
        Some(value) => value.clone(),
        None => panic!("nf.{call} failed: {out}"),
    }
}

/// A cookie of the page, as script reads it.
async fn cookie(client: &Client, name: &str) -> Option<String> {
    let script = "return document.cookie.split('; ').map(c => c.split('='))\
                  .filter(([k]) => k === arguments[0]).map(([, v]) => v)[0] ?? null";
    let value = client
        .execute(script, vec![json!(name)])
        .await
        .expect("read cookies");
    value.as_str().map(str::to_owned)
}

/// The refresh token of the session the page stores.
async fn stored_refresh_token(client: &Client) -> Option<String> {
    let stored = stored_session(client).await;
    let stored: Value = serde_json::from_str(stored.as_str()?).ok()?;
    stored["token"]["refresh_token"].as_str().map(str::to_owned)
}

/// Runs `@netlify/identity` in node as a Netlify function does: `Netlify.context` with the
/// site's URL and the request's `cookies`; `script` is the body of an async function that
/// returns what to print. Returns `{ out, cookies }`: its result and the cookies it left.
fn in_function(stack: &Stack, cookies: &Value, script: &str) -> Value {
    let program = format!(
        "import * as nf from '@netlify/identity';\n\
         const jar = new Map(Object.entries(JSON.parse(process.env.NF_COOKIES)));\n\
         globalThis.Netlify = {{ context: {{ url: process.env.NF_SITE, cookies: {{\n\
           get: name => jar.get(name), set: c => jar.set(c.name, c.value),\n\
           delete: name => {{ jar.delete(name); }} }} }} }};\n\
         const out = await (async () => {{ {script} }})();\n\
         console.log(JSON.stringify({{ out: out ?? null, cookies: Object.fromEntries(jar) }}));"
    );
    let run = std::process::Command::new("node")
        .args(["--input-type=module", "-e", &program])
        .current_dir(tools())
        .env("NF_COOKIES", cookies.to_string())
        .env("NF_SITE", stack.url(""))
        .output()
        .expect("node is on PATH");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "node failed: {stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

/// Waits for the blog's menu to greet someone, or panics with what the tab holds.
async fn greets(browser: &Browser, tab: &str) {
    let client = &browser.client;
    find_within(client, ".ni-menu-name", FOLLOW).await;
    let errors = browser.console_errors().await.unwrap_or_default();
    assert!(errors.is_empty(), "{tab}: console errors {errors:#?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_session_made_by_either_client_is_the_others_and_a_logout_by_either_ends_both() {
    let site = site_with_netlify_identity();
    let stack = Stack::start(site.path()).await.expect("local stack");
    let browser = Browser::start().await.expect("headless chromium");
    let client = &browser.client;
    let (email, password) = ADMIN;

    // @netlify/identity logs in on its page; the blog, in another tab, shows the reader.
    open_netlify_page(client, &stack).await;
    let theirs = client.window().await.expect("tab");
    let user = netlify(client, &format!("login({email:?}, {password:?})")).await;
    assert_eq!(user["email"], email);
    assert!(cookie(client, "nf_refresh").await.is_some());
    let ours = client.new_window(true).await.expect("tab").handle;
    client.switch_to_window(ours.clone()).await.expect("tab");
    client.goto(&stack.url("/")).await.expect("home");
    greets(&browser, "the blog, after @netlify/identity's login").await;

    // The blog logs out: @netlify/identity has nobody, both cookies are gone.
    click(client, ".ni-menu-logout").await;
    find_within(client, ".ni-menu-login", FOLLOW).await;
    assert_eq!(cookie(client, "nf_jwt").await, None);
    assert_eq!(cookie(client, "nf_refresh").await, None);
    client.switch_to_window(theirs.clone()).await.expect("tab");
    assert_eq!(netlify(client, "getUser()").await, Value::Null);

    // The blog logs in: @netlify/identity's page and a function see the same reader.
    client.switch_to_window(ours.clone()).await.expect("tab");
    log_in(client, email, password).await;
    wait_gone(client, "[role=dialog]").await;
    find(client, ".ni-menu-name").await;
    let jwt = cookie(client, "nf_jwt")
        .await
        .expect("the widget keeps nf_jwt");
    client.switch_to_window(theirs.clone()).await.expect("tab");
    open_netlify_page(client, &stack).await;
    assert_eq!(netlify(client, "getUser()").await["email"], email);
    let server = in_function(&stack, &json!({ "nf_jwt": jwt }), "return nf.getUser();");
    assert_eq!(server["out"]["email"], email, "{server}");

    // @netlify/identity logs out: the blog's tab follows.
    netlify(client, "logout()").await;
    client.switch_to_window(ours).await.expect("tab");
    find_within(client, ".ni-menu-login", FOLLOW).await;
    assert_eq!(stored_session(client).await, Value::Null);
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_refresh_cookie_follows_the_widgets_rotation_and_a_servers_refresh_is_taken_up() {
    // Tokens live 65 s, so both clients want a refresh 5 s after each login or refresh
    // (a minute before expiry): the test waits seconds, not an hour.
    let site = site_with_netlify_identity();
    let stack = Stack::start_with(site.path(), |config| config.identity.jwt_exp = 65)
        .await
        .expect("local stack");
    let browser = Browser::start().await.expect("headless chromium");
    let client = &browser.client;
    let (email, password) = ADMIN;

    open_netlify_page(client, &stack).await;
    netlify(client, &format!("login({email:?}, {password:?})")).await;
    let first = cookie(client, "nf_refresh").await.expect("nf_refresh");
    // Its page goes away, with its refresh timer: from here the widget keeps the session.
    client.goto(&stack.url("/account")).await.expect("account");
    greets(&browser, "the account page").await;
    let mut rotated = None;
    for _ in 0..300 {
        let now = stored_refresh_token(client).await;
        if now.as_ref().is_some_and(|t| *t != first) {
            rotated = now;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let rotated = rotated.expect("the widget refreshed the session");
    // Leave for a page without the widget, so nothing refreshes behind the test's back.
    open_netlify_page(client, &stack).await;
    let (jwt, refresh) = (
        cookie(client, "nf_jwt").await.expect("nf_jwt"),
        cookie(client, "nf_refresh").await.expect("nf_refresh"),
    );
    let kept = stored_refresh_token(client).await.expect("a session");
    assert_eq!(refresh, kept, "nf_refresh is the session's refresh token");
    assert_ne!(refresh, first, "the spent one is not left in nf_refresh");
    assert_ne!(rotated, first);

    // A function refreshes from the cookies once the token is due (within its minute).
    tokio::time::sleep(Duration::from_secs(6)).await;
    let server = in_function(
        &stack,
        &json!({ "nf_jwt": jwt, "nf_refresh": refresh }),
        "return nf.refreshSession();",
    );
    assert!(
        server["out"].is_string(),
        "refreshSession spent a live token: {server}"
    );
    let (server_jwt, server_refresh) = (
        server["cookies"]["nf_jwt"].as_str().expect("nf_jwt"),
        server["cookies"]["nf_refresh"]
            .as_str()
            .expect("nf_refresh"),
    );
    assert_ne!(server_refresh, refresh);

    // Its response's cookies reach the browser; the widget goes on with the server's pair
    // instead of spending the token the server already spent.
    client
        .execute(
            "document.cookie = 'nf_jwt=' + arguments[0] + '; path=/';\
             document.cookie = 'nf_refresh=' + arguments[1] + '; path=/';",
            vec![json!(server_jwt), json!(server_refresh)],
        )
        .await
        .expect("set cookies");
    client.goto(&stack.url("/account")).await.expect("account");
    greets(&browser, "the account page, after the server's refresh").await;
    // Past the next refresh (5 s after the server's): still logged in, on a newer token.
    tokio::time::sleep(Duration::from_secs(8)).await;
    find(client, ".ni-menu-name").await;
    let now = stored_refresh_token(client).await.expect("still a session");
    assert_ne!(now, refresh, "the spent token was not kept");
    assert_eq!(
        cookie(client, "nf_refresh").await.as_deref(),
        Some(now.as_str())
    );
    let errors = browser.console_errors().await.unwrap_or_default();
    assert!(errors.is_empty(), "console errors {errors:#?}");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_session_a_server_left_in_the_cookies_is_the_widgets_user() {
    let site = site_with_netlify_identity();
    let stack = Stack::start(site.path()).await.expect("local stack");
    let (email, password) = ADMIN;
    let server = in_function(
        &stack,
        &json!({}),
        &format!("return nf.login({email:?}, {password:?});"),
    );
    assert_eq!(server["out"]["email"], email, "{server}");
    let browser = Browser::start().await.expect("headless chromium");
    let client = &browser.client;
    open_netlify_page(client, &stack).await;
    client
        .execute(
            "document.cookie = 'nf_jwt=' + arguments[0] + '; path=/';\
             document.cookie = 'nf_refresh=' + arguments[1] + '; path=/';",
            vec![
                server["cookies"]["nf_jwt"].clone(),
                server["cookies"]["nf_refresh"].clone(),
            ],
        )
        .await
        .expect("set cookies");
    assert_eq!(stored_session(client).await, Value::Null);

    // The blog's first page greets the reader and stores the session.
    client.goto(&stack.url("/")).await.expect("home");
    greets(&browser, "the home page, with a server's session").await;
    assert_eq!(
        stored_refresh_token(client).await.as_deref(),
        server["cookies"]["nf_refresh"].as_str()
    );
    // The stored user is the API's (`GET /user`), not only what the token's claims say.
    let mut stored = Value::Null;
    for _ in 0..100 {
        let raw = stored_session(client).await;
        stored = serde_json::from_str(raw.as_str().unwrap_or("null")).unwrap_or(Value::Null);
        if stored["created_at"].as_str().is_some_and(|c| !c.is_empty()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(stored["email"], email);
    assert!(
        stored["created_at"].as_str().is_some_and(|c| !c.is_empty()),
        "the widget asked the API who the cookies' user is: {stored}"
    );
    // And @netlify/identity in the browser agrees.
    open_netlify_page(client, &stack).await;
    assert_eq!(netlify(client, "getUser()").await["email"], email);
    browser.close().await;
}
