//! The built site served on loopback, checked with a real HTTP client.

use std::fs;
use std::net::SocketAddr;

use reqwest::header::{CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE};
use reqwest::StatusCode;
use tempfile::TempDir;

const INDEX: &str = "<!doctype html><title>blog</title>";

async fn serve_site() -> ((TempDir, TempDir), SocketAddr) {
    let dist = tempfile::tempdir().unwrap();
    let root = dist.path();
    fs::write(root.join("index.html"), INDEX).unwrap();
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
    fs::write(root.join("content/posts.json"), r#"{"posts":[]}"#).unwrap();

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let data = tempfile::tempdir().unwrap();
    let mut config = dev_server::Config::new(root, data.path());
    config.identity.password = dev_server::identity::passwords::PasswordParams::fast_for_tests();
    tokio::spawn(dev_server::serve_on(config, listener));
    ((dist, data), addr)
}

async fn get(addr: SocketAddr, path: &str, accept_encoding: &str) -> reqwest::Response {
    reqwest::Client::new()
        .get(format!("http://{addr}{path}"))
        .header("accept-encoding", accept_encoding)
        .send()
        .await
        .unwrap()
}

fn header(response: &reqwest::Response, name: impl reqwest::header::AsHeaderName) -> &str {
    response
        .headers()
        .get(name)
        .map(|v| v.to_str().unwrap())
        .unwrap_or("")
}

#[tokio::test]
async fn wasm_is_served_as_application_wasm_and_cached_for_a_year() {
    let (_dist, addr) = serve_site().await;
    let response = get(addr, "/blog-0123456789abcdef_bg.wasm", "identity").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, CONTENT_TYPE), "application/wasm");
    assert_eq!(
        header(&response, CACHE_CONTROL),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(response.bytes().await.unwrap().as_ref(), b"\0asm\x01\0\0\0");
}

#[tokio::test]
async fn index_is_revalidated() {
    let (_dist, addr) = serve_site().await;
    let response = get(addr, "/", "identity").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(header(&response, CONTENT_TYPE).starts_with("text/html"));
    assert_eq!(
        header(&response, CACHE_CONTROL),
        "public, max-age=0, must-revalidate"
    );
    assert_eq!(response.text().await.unwrap(), INDEX);
}

#[tokio::test]
async fn page_routes_fall_back_to_the_app() {
    let (_dist, addr) = serve_site().await;
    for path in ["/posts/some-post", "/account", "/no/such/page"] {
        let response = get(addr, path, "identity").await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert!(header(&response, CONTENT_TYPE).starts_with("text/html"));
        assert_eq!(response.text().await.unwrap(), INDEX, "{path}");
    }
}

#[tokio::test]
async fn missing_data_and_assets_are_404_not_html() {
    let (_dist, addr) = serve_site().await;
    for path in ["/content/posts/nope.json", "/missing.js", "/favicon.ico"] {
        let response = get(addr, path, "identity").await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        assert_ne!(response.text().await.unwrap(), INDEX, "{path}");
    }
}

#[tokio::test]
async fn json_is_served_as_json() {
    let (_dist, addr) = serve_site().await;
    let response = get(addr, "/content/posts.json", "identity").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, CONTENT_TYPE), "application/json");
}

#[tokio::test]
async fn precompressed_files_are_preferred_when_accepted() {
    let (_dist, addr) = serve_site().await;
    let path = "/style-0123456789abcdef.css";

    let brotli = get(addr, path, "gzip, br").await;
    assert_eq!(header(&brotli, CONTENT_ENCODING), "br");
    assert_eq!(header(&brotli, CONTENT_TYPE), "text/css");
    assert_eq!(brotli.text().await.unwrap(), "brotli bytes");

    let gzip = get(addr, path, "gzip").await;
    assert_eq!(header(&gzip, CONTENT_ENCODING), "gzip");
    assert_eq!(gzip.text().await.unwrap(), "gzip bytes");

    let plain = get(addr, path, "identity").await;
    assert_eq!(header(&plain, CONTENT_ENCODING), "");
    assert_eq!(plain.text().await.unwrap(), "body{}");
}
