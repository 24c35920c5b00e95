//! The end-to-end harness (`tests/src/stack.rs`) compiled and started here, so a change to
//! the local stack's API cannot break it unnoticed.

#[path = "../../../tests/src/stack.rs"]
mod stack;

#[tokio::test]
async fn e2e_stack_serves_the_site_and_the_identity_api() {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(dist.path().join("index.html"), "<!doctype html>").unwrap();
    let stack = stack::Stack::start(dist.path()).await.unwrap();
    let r = reqwest::get(stack.url("/.netlify/identity/settings"))
        .await
        .unwrap();
    assert_eq!(r.status(), reqwest::StatusCode::OK);
    assert!(!stack.identity.jwt_secret().is_empty());
    let r = reqwest::get(stack.url("/")).await.unwrap();
    assert_eq!(r.status(), reqwest::StatusCode::OK);
}
