//! The built site served on loopback behind its own `netlify.toml` and `_headers`, checked
//! with a real HTTP client: what Netlify's CDN would answer.

use std::fs;
use std::net::SocketAddr;
use std::path::Path;

use identity_core::jwt::{encode, Claims};
use reqwest::header::{CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, LOCATION, VARY};
use reqwest::{Client, StatusCode};
use serde_json::json;
use tempfile::TempDir;

const SECRET: &str = "static-site-test-jwt-secret";
const INDEX: &str = "<!doctype html><title>blog</title>";
const NOT_FOUND_JSON: &str = r#"{"error":"not_found"}"#;
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "public, max-age=0, must-revalidate";

/// The site's own rules (netlify.toml at the repository root), plus a redirect and an API
/// rewrite, and two header rules.
const NETLIFY_TOML: &str = r#"
[build]
  publish = "dist"

[[redirects]]
  from = "/old-news/*"
  to = "/posts/:splat"
  status = 301

[[redirects]]
  from = "/api/*"
  to = "/.netlify/functions/:splat"
  status = 200

[[redirects]]
  from = "/admin"
  to = "/index.html"
  status = 200
  force = true
  conditions = { Role = ["admin"] }

[[redirects]]
  from = "/admin/*"
  to = "/index.html"
  status = 200
  force = true
  conditions = { Role = ["admin"] }

[[redirects]]
  from = "/admin"
  to = "/index.html"
  status = 403
  force = true

[[redirects]]
  from = "/admin/*"
  to = "/index.html"
  status = 403
  force = true

[[redirects]]
  from = "/content/*"
  to = "/404.json"
  status = 404

[[redirects]]
  from = "/fr/*"
  to = "/fr/:splat"
  conditions = { Country = ["fr"] }

[[redirects]]
  from = "/*"
  to = "/index.html"
  status = 200

[[headers]]
  for = "/*"
  [headers.values]
    X-Frame-Options = "DENY"
    Content-Security-Policy = "frame-ancestors 'none'"

[[headers]]
  for = "/content/*"
  [headers.values]
    Cache-Control = "public, max-age=60"
"#;

/// What the build writes: the page policy and a year of cache for hashed files.
const HEADERS_FILE: &str = "# Written by the build\n/*\n  Content-Security-Policy: default-src 'self'\n/blog-0123456789abcdef_bg.wasm\n  Cache-Control: public, max-age=31536000, immutable\n/style-0123456789abcdef.css\n  Cache-Control: public, max-age=31536000, immutable\n";

struct Site {
    addr: SocketAddr,
    client: Client,
    _dist: TempDir,
    _data: TempDir,
}

impl Site {
    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    async fn get_with(&self, path: &str, name: &str, value: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .header(name, value)
            .send()
            .await
            .unwrap()
    }
}

fn write_dist(root: &Path) {
    fs::write(root.join("index.html"), INDEX).unwrap();
    fs::write(root.join("404.json"), NOT_FOUND_JSON).unwrap();
    fs::write(
        root.join("blog-0123456789abcdef_bg.wasm"),
        b"\0asm\x01\0\0\0",
    )
    .unwrap();
    fs::write(root.join("blog-0123456789abcdef.js"), "export {}").unwrap();
    fs::write(root.join("style-0123456789abcdef.css"), "body{}").unwrap();
    fs::write(root.join("style-0123456789abcdef.css.br"), "brotli bytes").unwrap();
    fs::write(root.join("style-0123456789abcdef.css.gz"), "gzip bytes").unwrap();
    fs::create_dir_all(root.join("content/posts")).unwrap();
    let index =
        json!({"posts": [{"slug": "hello", "title": "T", "date": "2026-11-20", "summary": "S"}]});
    fs::write(root.join("content/posts.json"), index.to_string()).unwrap();
}

/// A config for a fresh dist (with `_headers` when given) and, when given, a netlify.toml.
fn config(
    netlify_toml: Option<&str>,
    headers: Option<&str>,
) -> (dev_server::Config, TempDir, TempDir) {
    let dist = tempfile::tempdir().unwrap();
    write_dist(dist.path());
    if let Some(text) = headers {
        fs::write(dist.path().join("_headers"), text).unwrap();
    }
    let data = tempfile::tempdir().unwrap();
    let mut config = dev_server::Config::new(dist.path(), data.path());
    if let Some(text) = netlify_toml {
        let path = data.path().join("netlify.toml");
        fs::write(&path, text).unwrap();
        config = config.with_netlify_toml(path);
    }
    config.identity.jwt_secret = Some(SECRET.to_owned());
    config.identity.password = dev_server::identity::passwords::PasswordParams::fast_for_tests();
    (config, dist, data)
}

async fn start(config: dev_server::Config, dist: TempDir, data: TempDir) -> Site {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = dev_server::app(&config, &format!("http://{addr}"))
        .await
        .unwrap();
    tokio::spawn(dev_server::serve_router(app.router, listener));
    let client = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    Site {
        addr,
        client,
        _dist: dist,
        _data: data,
    }
}

/// The site with its netlify.toml and the build's `_headers`.
async fn serve_site() -> Site {
    let (config, dist, data) = config(Some(NETLIFY_TOML), Some(HEADERS_FILE));
    start(config, dist, data).await
}

fn header(response: &reqwest::Response, name: impl reqwest::header::AsHeaderName) -> &str {
    response
        .headers()
        .get(name)
        .map(|v| v.to_str().unwrap())
        .unwrap_or("")
}

fn all<'a>(response: &'a reqwest::Response, name: &str) -> Vec<&'a str> {
    response
        .headers()
        .get_all(name)
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect()
}

/// A user's access token as the identity API signs it.
fn token(roles: &[&str], exp: i64, secret: &str) -> String {
    let claims: Claims = serde_json::from_value(json!({
        "exp": exp, "sub": "4f1b2c3d-0000-4000-8000-000000000001", "email": "a@example.com",
        "app_metadata": {"provider": "email", "roles": roles}, "user_metadata": {},
    }))
    .unwrap();
    encode(&claims, secret.as_bytes()).unwrap()
}

fn in_an_hour() -> i64 {
    dev_server::clock::now_secs() + 3600
}

// --- files, MIME types, compression, cache -------------------------------------------------

#[tokio::test]
async fn wasm_is_served_as_application_wasm_with_the_build_s_immutable_cache() {
    let site = serve_site().await;
    let response = site.get("/blog-0123456789abcdef_bg.wasm").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, CONTENT_TYPE), "application/wasm");
    assert_eq!(all(&response, "cache-control"), [IMMUTABLE]);
    assert_eq!(response.bytes().await.unwrap().as_ref(), b"\0asm\x01\0\0\0");
}

#[tokio::test]
async fn index_is_revalidated() {
    let site = serve_site().await;
    let response = site.get("/").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(header(&response, CONTENT_TYPE).starts_with("text/html"));
    assert_eq!(all(&response, "cache-control"), [REVALIDATE]);
    assert_eq!(response.text().await.unwrap(), INDEX);
}

#[tokio::test]
async fn hashed_files_without_a_header_rule_are_revalidated_too() {
    // Only the build's `_headers` makes a file immutable; the stack has no rule of its own.
    let site = serve_site().await;
    let response = site.get("/blog-0123456789abcdef.js").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(all(&response, "cache-control"), [REVALIDATE]);
}

#[tokio::test]
async fn json_is_served_as_json() {
    let site = serve_site().await;
    let response = site.get("/content/posts.json").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, CONTENT_TYPE), "application/json");
}

#[tokio::test]
async fn precompressed_files_are_preferred_when_accepted() {
    let site = serve_site().await;
    let path = "/style-0123456789abcdef.css";

    let brotli = site.get_with(path, "accept-encoding", "gzip, br").await;
    assert_eq!(header(&brotli, CONTENT_ENCODING), "br");
    assert_eq!(header(&brotli, CONTENT_TYPE), "text/css");
    assert_eq!(all(&brotli, "cache-control"), [IMMUTABLE]);
    assert!(header(&brotli, VARY).eq_ignore_ascii_case("accept-encoding"));
    assert_eq!(brotli.text().await.unwrap(), "brotli bytes");

    let gzip = site.get_with(path, "accept-encoding", "gzip").await;
    assert_eq!(header(&gzip, CONTENT_ENCODING), "gzip");
    assert_eq!(gzip.text().await.unwrap(), "gzip bytes");

    let plain = site.get_with(path, "accept-encoding", "identity").await;
    assert_eq!(header(&plain, CONTENT_ENCODING), "");
    assert_eq!(plain.text().await.unwrap(), "body{}");
}

// --- redirect rules ------------------------------------------------------------------------

#[tokio::test]
async fn page_routes_fall_back_to_the_app() {
    let site = serve_site().await;
    for path in [
        "/posts/some-post",
        "/account",
        "/no/such/page",
        "/missing.js",
    ] {
        let response = site.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert!(header(&response, CONTENT_TYPE).starts_with("text/html"));
        assert_eq!(response.text().await.unwrap(), INDEX, "{path}");
    }
}

#[tokio::test]
async fn real_files_win_over_a_rule_without_force() {
    let site = serve_site().await;
    let response = site.get("/blog-0123456789abcdef.js").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.text().await.unwrap(), "export {}");
    let response = site.get("/content/posts.json").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.text().await.unwrap().contains("hello"));
}

#[tokio::test]
async fn missing_content_is_a_404_with_the_rule_s_content() {
    let site = serve_site().await;
    for path in ["/content/posts/nope.json", "/content/anything"] {
        let response = site.get(path).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        assert_eq!(header(&response, CONTENT_TYPE), "application/json");
        assert_eq!(response.text().await.unwrap(), NOT_FOUND_JSON, "{path}");
    }
}

#[tokio::test]
async fn a_conditional_request_still_gets_the_whole_404_content() {
    let site = serve_site().await;
    let response = site
        .get_with(
            "/content/posts/nope.json",
            "if-modified-since",
            "Fri, 01 Jan 2100 00:00:00 GMT",
        )
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(response.text().await.unwrap(), NOT_FOUND_JSON);
}

#[tokio::test]
async fn redirects_send_location_with_the_splat_and_the_query() {
    let site = serve_site().await;
    let response = site.get("/old-news/2024/hello?ref=feed").await;
    assert_eq!(response.status(), StatusCode::MOVED_PERMANENTLY);
    assert_eq!(header(&response, LOCATION), "/posts/2024/hello?ref=feed");
}

#[tokio::test]
async fn a_rewrite_to_a_function_path_reaches_the_function() {
    let site = serve_site().await;
    let direct = site
        .get("/.netlify/functions/list-comments?post=hello")
        .await;
    let rewritten = site.get("/api/list-comments?post=hello").await;
    assert_eq!(direct.status(), StatusCode::OK);
    assert_eq!(rewritten.status(), StatusCode::OK);
    // A function's response, not the site's: no site headers, its own Cache-Control.
    assert_eq!(header(&rewritten, "x-frame-options"), "");
    assert!(all(&rewritten, "content-security-policy").is_empty());
    assert_eq!(all(&rewritten, "cache-control"), ["no-store"]);
    let direct: serde_json::Value = direct.json().await.unwrap();
    let rewritten: serde_json::Value = rewritten.json().await.unwrap();
    assert_eq!(direct, rewritten);
}

#[tokio::test]
async fn rules_with_conditions_the_stack_cannot_check_are_skipped() {
    // `/fr/*` has a Country condition: skipped (with a warning), so the SPA rule answers.
    let site = serve_site().await;
    let response = site.get("/fr/page").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.text().await.unwrap(), INDEX);
}

// --- Role conditions -----------------------------------------------------------------------

async fn admin_status(site: &Site, path: &str, cookie: Option<String>) -> (StatusCode, String) {
    let mut request = site.client.get(site.url(path));
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    (status, response.text().await.unwrap())
}

#[tokio::test]
async fn admin_without_a_cookie_gets_the_app_with_403() {
    let site = serve_site().await;
    for path in ["/admin", "/admin/", "/admin/comments"] {
        let (status, body) = admin_status(&site, path, None).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        assert_eq!(body, INDEX, "{path}");
    }
}

#[tokio::test]
async fn admin_with_a_valid_admin_token_gets_the_app() {
    let site = serve_site().await;
    let cookie = format!(
        "theme=dark; nf_jwt={}",
        token(&["admin"], in_an_hour(), SECRET)
    );
    for path in ["/admin", "/admin/", "/admin/comments"] {
        let (status, body) = admin_status(&site, path, Some(cookie.clone())).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(body, INDEX, "{path}");
    }
}

#[tokio::test]
async fn other_spellings_of_a_gated_path_meet_the_same_gate() {
    let (config, dist, data) = config(Some(NETLIFY_TOML), Some(HEADERS_FILE));
    fs::create_dir_all(dist.path().join("admin")).unwrap();
    fs::write(dist.path().join("admin/report.json"), r#"{"secret":1}"#).unwrap();
    let site = start(config, dist, data).await;
    for path in [
        "/admin/report.json",
        "//admin/report.json",
        "/admin//report.json",
        "/%61dmin/report.json",
        "/admin%2Freport.json",
    ] {
        let response = site.get(path).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{path}");
        assert!(all(&response, "vary").contains(&"Cookie"), "{path}");
        assert_eq!(response.text().await.unwrap(), INDEX, "{path}");
    }
}

#[tokio::test]
async fn a_gated_page_is_never_answered_from_an_earlier_visit() {
    let site = serve_site().await;
    let cookie = format!("nf_jwt={}", token(&["admin"], in_an_hour(), SECRET));
    let response = site
        .client
        .get(site.url("/admin"))
        .header("cookie", cookie)
        .header("if-modified-since", "Fri, 01 Jan 2100 00:00:00 GMT")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(all(&response, "vary").contains(&"Cookie"));
    assert_eq!(response.text().await.unwrap(), INDEX);
}

#[tokio::test]
async fn admin_with_a_commenter_token_gets_403() {
    let site = serve_site().await;
    let cookie = format!("nf_jwt={}", token(&["commenter"], in_an_hour(), SECRET));
    let (status, _) = admin_status(&site, "/admin", Some(cookie)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn admin_with_a_forged_token_gets_403() {
    let site = serve_site().await;
    let cookie = format!(
        "nf_jwt={}",
        token(&["admin"], in_an_hour(), "guessed-secret")
    );
    let (status, _) = admin_status(&site, "/admin", Some(cookie)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn admin_with_an_expired_token_gets_403() {
    let site = serve_site().await;
    let expired = dev_server::clock::now_secs() - 1;
    let cookie = format!("nf_jwt={}", token(&["admin"], expired, SECRET));
    let (status, _) = admin_status(&site, "/admin", Some(cookie)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn admin_with_a_garbage_cookie_gets_403() {
    let site = serve_site().await;
    let (status, _) = admin_status(&site, "/admin", Some("nf_jwt=not-a-jwt".into())).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_seeded_admin_logged_in_with_a_cookie_gets_the_app() {
    let site = serve_site().await;
    let login = site
        .client
        .post(site.url("/.netlify/identity/token"))
        .header("x-use-cookie", "1")
        .form(&[
            ("grant_type", "password"),
            ("username", "admin@example.com"),
            ("password", "admin-password"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), StatusCode::OK);
    let cookie = all(&login, "set-cookie")
        .into_iter()
        .find_map(|c| c.split(';').next().filter(|kv| kv.starts_with("nf_jwt=")))
        .expect("an nf_jwt cookie")
        .to_owned();
    let (status, body) = admin_status(&site, "/admin", Some(cookie)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, INDEX);
}

// --- header rules --------------------------------------------------------------------------

#[tokio::test]
async fn headers_from_both_files_apply_and_every_value_is_kept() {
    let site = serve_site().await;
    for path in ["/", "/posts/some-post", "/admin"] {
        let response = site.get(path).await;
        assert_eq!(header(&response, "x-frame-options"), "DENY", "{path}");
        // `_headers` first, then netlify.toml; both policies are sent (and enforced).
        assert_eq!(
            all(&response, "content-security-policy"),
            ["default-src 'self'", "frame-ancestors 'none'"],
            "{path}"
        );
    }
}

#[tokio::test]
async fn a_custom_cache_control_replaces_the_default() {
    let site = serve_site().await;
    let response = site.get("/content/posts.json").await;
    assert_eq!(all(&response, "cache-control"), ["public, max-age=60"]);
    // The 404 content served for a missing post is matched on the path asked for.
    let response = site.get("/content/posts/nope.json").await;
    assert_eq!(all(&response, "cache-control"), ["public, max-age=60"]);
}

#[tokio::test]
async fn function_and_identity_responses_get_no_site_headers() {
    let site = serve_site().await;
    for path in [
        "/.netlify/identity/settings",
        "/.netlify/functions/list-comments?post=hello",
    ] {
        let response = site.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(header(&response, "x-frame-options"), "", "{path}");
        assert!(
            all(&response, "content-security-policy").is_empty(),
            "{path}"
        );
        assert_ne!(header(&response, CACHE_CONTROL), REVALIDATE, "{path}");
    }
}

// --- platform paths, no rules, bad configuration -------------------------------------------

#[tokio::test]
async fn platform_paths_are_never_redirected() {
    let toml = "[[redirects]]\nfrom = \"/*\"\nto = \"/elsewhere\"\nstatus = 302\nforce = true\n";
    let (config, dist, data) = config(Some(toml), None);
    let site = start(config, dist, data).await;
    for path in [
        "/.netlify/identity/settings",
        "/.netlify/functions/list-comments?post=hello",
        "/__dev/mail",
    ] {
        assert_eq!(site.get(path).await.status(), StatusCode::OK, "{path}");
    }
    let response = site.get("/index.html").await;
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(header(&response, LOCATION), "/elsewhere");
}

#[tokio::test]
async fn without_netlify_toml_files_are_served_and_the_rest_is_404() {
    let (config, dist, data) = config(None, None);
    let site = start(config, dist, data).await;
    let response = site.get("/").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(all(&response, "cache-control"), [REVALIDATE]);
    let response = site.get("/posts/some-post").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(response.text().await.unwrap(), "Not found\n");
}

#[tokio::test]
async fn the_rule_files_of_dist_are_not_served() {
    // Netlify reads `_headers` and `_redirects` and never serves them.
    let (config, dist, data) = config(None, Some(HEADERS_FILE));
    fs::write(dist.path().join("_redirects"), "/a /b 301\n").unwrap();
    let site = start(config, dist, data).await;
    for path in ["/_headers", "/_redirects", "/%5Fheaders", "//_redirects"] {
        let response = site.get(path).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        assert_eq!(response.text().await.unwrap(), "Not found\n", "{path}");
    }
}

#[tokio::test]
async fn the_rule_files_of_dist_are_missing_files_to_the_rules_too() {
    // With the SPA fallback, `/_headers` gets the app, as any path that names no file.
    let (config, dist, data) = config(Some(NETLIFY_TOML), Some(HEADERS_FILE));
    fs::write(dist.path().join("_redirects"), "/a /b 301\n").unwrap();
    let site = start(config, dist, data).await;
    for path in ["/_headers", "/_redirects"] {
        let response = site.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(response.text().await.unwrap(), INDEX, "{path}");
    }
}

#[tokio::test]
async fn a_missing_netlify_toml_file_means_no_rules() {
    let (config, dist, data) = config(None, None);
    let config = config.with_netlify_toml(data.path().join("no-such-netlify.toml"));
    let site = start(config, dist, data).await;
    assert_eq!(site.get("/").await.status(), StatusCode::OK);
    assert_eq!(site.get("/admin").await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_site_s_404_page_answers_what_nothing_else_does() {
    let (config, dist, data) = config(None, Some("/*\n  X-Frame-Options: DENY\n"));
    fs::write(dist.path().join("404.html"), "<h1>Nothing here</h1>").unwrap();
    let site = start(config, dist, data).await;
    let response = site
        .get_with(
            "/no/such/page",
            "if-modified-since",
            "Fri, 01 Jan 2100 00:00:00 GMT",
        )
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(header(&response, CONTENT_TYPE).starts_with("text/html"));
    assert_eq!(header(&response, "x-frame-options"), "DENY");
    assert_eq!(response.text().await.unwrap(), "<h1>Nothing here</h1>");
}

async fn startup_error(netlify_toml: Option<&str>, headers: Option<&str>) -> String {
    let (config, _dist, _data) = config(netlify_toml, headers);
    match dev_server::app(&config, "http://127.0.0.1:1").await {
        Ok(_) => panic!("the stack started"),
        Err(error) => error.to_string(),
    }
}

#[tokio::test]
async fn malformed_netlify_toml_stops_the_start() {
    let message = startup_error(Some("[[redirects]\nfrom = \"/a\""), None).await;
    assert!(
        message.contains("netlify.toml is not valid TOML"),
        "{message}"
    );
}

#[tokio::test]
async fn bad_rules_stop_the_start_naming_the_rule() {
    let message = startup_error(Some("[[redirects]]\nto = \"/b\"\n"), None).await;
    assert!(
        message.contains("netlify.toml: [[redirects]] #1: has no `from`"),
        "{message}"
    );
    let message = startup_error(
        Some("[[redirects]]\nfrom = \"/a\"\nto = \"/b\"\nstatus = 299\n"),
        None,
    )
    .await;
    assert!(
        message.contains("[[redirects]] #1 (from = \"/a\"): unknown status 299"),
        "{message}"
    );
}

#[tokio::test]
async fn a_malformed_headers_file_stops_the_start() {
    let message = startup_error(None, Some("/*\n  X-Frame-Options DENY\n")).await;
    assert!(message.contains("_headers: line 2:"), "{message}");
}

// --- pretty URLs: the files a path names, as Netlify's CDN resolves them -------------------

const ABOUT: &str = "<!doctype html><title>about.html</title>";
const ABOUT_INDEX: &str = "<!doctype html><title>about/index.html</title>";
const POST: &str = "<!doctype html><title>posts/hello.html</title>";
const APP: &str = "<!doctype html><title>app.html</title>";

/// The site's own shape: the home page is `index.html`, every other path the app.
const APP_FALLBACK_TOML: &str = r#"
[[redirects]]
  from = "/*"
  to = "/app.html"
  status = 200
"#;

/// A site with `files` (path, body) written into its `dist`.
async fn serve_with_files(netlify_toml: Option<&str>, files: &[(&str, &str)]) -> Site {
    let (config, dist, data) = config(netlify_toml, Some(HEADERS_FILE));
    for (name, body) in files {
        let path = dist.path().join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, body).unwrap();
    }
    start(config, dist, data).await
}

async fn body_of(site: &Site, path: &str) -> (StatusCode, String) {
    let response = site.get(path).await;
    let status = response.status();
    (status, response.text().await.unwrap())
}

#[tokio::test]
async fn a_path_is_served_from_its_html_file() {
    let site = serve_with_files(Some(NETLIFY_TOML), &[("about.html", ABOUT)]).await;
    let response = site.get("/about").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(header(&response, CONTENT_TYPE).starts_with("text/html"));
    // Header rules match the path asked for.
    assert_eq!(header(&response, "x-frame-options"), "DENY");
    assert_eq!(response.text().await.unwrap(), ABOUT);
    // The file keeps its own address too, without a redirect.
    assert_eq!(
        body_of(&site, "/about.html").await,
        (StatusCode::OK, ABOUT.into())
    );
}

#[tokio::test]
async fn a_path_with_a_trailing_slash_is_served_from_its_html_file_or_its_directory_index() {
    let site = serve_with_files(
        Some(NETLIFY_TOML),
        &[
            ("about.html", ABOUT),
            ("team/index.html", ABOUT_INDEX),
            ("both.html", ABOUT),
            ("both/index.html", ABOUT_INDEX),
        ],
    )
    .await;
    assert_eq!(
        body_of(&site, "/about/").await,
        (StatusCode::OK, ABOUT.into())
    );
    assert_eq!(
        body_of(&site, "/team/").await,
        (StatusCode::OK, ABOUT_INDEX.into())
    );
    // With both, `x.html` is the page (netlify-cli's order; Netlify's CDN sends `/both/`
    // to `/both`, which is `both.html`).
    assert_eq!(
        body_of(&site, "/both").await,
        (StatusCode::OK, ABOUT.into())
    );
    assert_eq!(
        body_of(&site, "/both/").await,
        (StatusCode::OK, ABOUT.into())
    );
    assert_eq!(
        body_of(&site, "/both/index.html").await,
        (StatusCode::OK, ABOUT_INDEX.into())
    );
}

#[tokio::test]
async fn index_without_its_extension_is_the_home_page_not_the_app() {
    let site = serve_with_files(Some(APP_FALLBACK_TOML), &[("app.html", APP)]).await;
    assert_eq!(
        body_of(&site, "/index").await,
        (StatusCode::OK, INDEX.into())
    );
    assert_eq!(body_of(&site, "/").await, (StatusCode::OK, INDEX.into()));
    assert_eq!(
        body_of(&site, "/index.html").await,
        (StatusCode::OK, INDEX.into())
    );
    assert_eq!(body_of(&site, "/app").await, (StatusCode::OK, APP.into()));
    assert_eq!(
        body_of(&site, "/account").await,
        (StatusCode::OK, APP.into())
    );
}

#[tokio::test]
async fn a_prerendered_page_shadows_the_app_fallback() {
    let site = serve_with_files(
        Some(APP_FALLBACK_TOML),
        &[("app.html", APP), ("posts/hello.html", POST)],
    )
    .await;
    assert_eq!(
        body_of(&site, "/posts/hello").await,
        (StatusCode::OK, POST.into())
    );
    assert_eq!(
        body_of(&site, "/posts/hello/").await,
        (StatusCode::OK, POST.into())
    );
    assert_eq!(
        body_of(&site, "/posts/other").await,
        (StatusCode::OK, APP.into())
    );
}

#[tokio::test]
async fn the_site_s_404_page_answers_an_unknown_path_no_rule_matches() {
    let toml = "[[redirects]]\nfrom = \"/old/*\"\nto = \"/new/:splat\"\nstatus = 301\n";
    let site = serve_with_files(Some(toml), &[("404.html", "<h1>Nothing here</h1>")]).await;
    for path in ["/no/such/page", "/posts/nope", "/posts/nope/"] {
        let (status, body) = body_of(&site, path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(body, "<h1>Nothing here</h1>", "{path}");
    }
}

#[tokio::test]
async fn forced_role_rules_still_win_over_a_page_file() {
    let site = serve_with_files(
        Some(NETLIFY_TOML),
        &[("admin.html", ABOUT), ("admin/index.html", ABOUT_INDEX)],
    )
    .await;
    let admin = format!("nf_jwt={}", token(&["admin"], in_an_hour(), SECRET));
    for path in ["/admin", "/admin/", "/admin/index", "/admin.html"] {
        let expected = if path == "/admin.html" {
            // Not a path the rules name: the file itself.
            (StatusCode::OK, ABOUT.to_owned())
        } else {
            (StatusCode::FORBIDDEN, INDEX.to_owned())
        };
        assert_eq!(admin_status(&site, path, None).await, expected, "{path}");
        if path != "/admin.html" {
            let (status, body) = admin_status(&site, path, Some(admin.clone())).await;
            assert_eq!((status, body.as_str()), (StatusCode::OK, INDEX), "{path}");
        }
    }
}

#[tokio::test]
async fn every_spelling_of_a_page_path_finds_its_file() {
    let site = serve_with_files(
        Some(APP_FALLBACK_TOML),
        &[("app.html", APP), ("about.html", ABOUT)],
    )
    .await;
    for path in [
        "/%61bout",
        "//about",
        "/x/../about",
        "/./about",
        "/x/%2e%2e/about",
        "/about%2F",
    ] {
        assert_eq!(
            body_of(&site, path).await,
            (StatusCode::OK, ABOUT.into()),
            "{path}"
        );
    }
}
