//! `.` and `..` segments (also as `%2e`) are resolved before any rule matches, and a `\`
//! is a `/` (as browsers read it): a spelling of `/admin` with dot segments meets the same
//! Role gate, and a file is found under any spelling that names it, as on Netlify.

mod real_site;

use real_site::{signed_token, RealSite, SECRET};

const ADMIN_SPELLINGS: [&str; 10] = [
    "/x\\..\\admin",
    "/admin\\comments",
    "/./admin",
    "/x/../admin/y",
    "/x/%2e%2e/admin",
    "/x/%2E%2E/admin",
    "/x/.%2e/admin/",
    "/admin/y/..",
    "/../admin",
    "/%2e/admin/./comments",
];

#[tokio::test]
async fn dot_segment_spellings_of_admin_give_a_visitor_403() {
    let site = RealSite::start().await;
    for path in ADMIN_SPELLINGS {
        let response = site.get(path, None).await;
        assert_eq!(response.status, 403, "{path}");
        assert_eq!(response.file(), Some("admin.html"), "{path}");
        assert!(
            response
                .headers
                .iter()
                .any(|(n, v)| n == "vary" && v.contains("Cookie")),
            "{path}"
        );
    }
}

#[tokio::test]
async fn dot_segment_spellings_of_admin_give_a_commenter_403() {
    let site = RealSite::start().await;
    let cookie = format!("nf_jwt={}", signed_token(&["commenter"], SECRET));
    for path in ADMIN_SPELLINGS {
        let response = site.get(path, Some(&cookie)).await;
        assert_eq!(response.status, 403, "{path}");
    }
}

#[tokio::test]
async fn an_admin_gets_the_moderation_page_under_every_spelling() {
    let site = RealSite::start().await;
    let cookie = format!("nf_jwt={}", signed_token(&["admin"], SECRET));
    for path in ADMIN_SPELLINGS {
        let response = site.get(path, Some(&cookie)).await;
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(response.file(), Some("admin.html"), "{path}");
    }
}

#[tokio::test]
async fn a_file_named_through_dot_segments_is_served() {
    let site = RealSite::start().await;
    for path in [
        "/x/../content/posts.json",
        "/content/./posts.json",
        "/content/posts/../posts.json",
        "/x/%2e%2e/content/posts.json",
        "/../../content/posts.json",
    ] {
        let response = site.get(path, None).await;
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(response.file(), Some("content/posts.json"), "{path}");
        assert_eq!(
            response.header("content-type"),
            Some("application/json"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn a_missing_file_named_through_dot_segments_meets_the_404_rule() {
    let site = RealSite::start().await;
    let response = site.get("/x/../content/missing.json", None).await;
    assert_eq!(response.status, 404);
    assert_eq!(response.file(), Some("404.json"));
}

#[tokio::test]
async fn dot_segments_above_the_root_stay_at_the_root() {
    let site = RealSite::start().await;
    for path in ["/..", "/../", "/%2e%2e", "/./", "/x/.."] {
        let response = site.get(path, None).await;
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(response.file(), Some("index.html"), "{path}");
    }
}
