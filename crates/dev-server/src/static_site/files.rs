//! Which file of the site a request path names (Netlify's "pretty URLs": `/about` is
//! `about.html`), for serving it and for shadowing rules without `force`.

use std::path::{Path, PathBuf};

use axum::extract::Request;
use axum::http::Uri;
use percent_encoding::percent_decode_str;

/// The files of the publish directory Netlify reads as configuration and never serves.
pub(super) const RULE_FILES: [&str; 2] = ["/_headers", "/_redirects"];

/// Whether `path` (canonical, see [`crate::netlify::canonical_path`]) is one of the files
/// Netlify reads from the root of the publish directory and does not publish: `_headers`
/// and `_redirects`. To the rules and to visitors they do not exist.
///
/// ```
/// use dev_server::static_site::is_rule_file;
/// assert!(is_rule_file("/_headers"));
/// assert!(!is_rule_file("/docs/_headers"));
/// ```
pub fn is_rule_file(path: &str) -> bool {
    RULE_FILES.contains(&path)
}

/// The endings after which no `.html` page is looked for: netlify-cli's
/// `assetExtensionRegExp` (`/app.js` is `app.js` or nothing, never `app.js.html`).
const ASSET_ENDINGS: [&str; 11] = [
    ".html", ".htm", ".png", ".jpg", ".js", ".css", ".svg", ".gif", ".ico", ".woff", ".woff2",
];

/// The file of `dist` that the request path (canonical, percent-encoded) names, as the URL
/// path of that file, the first of these that is a file (Netlify's "pretty URLs", in the
/// order of netlify-cli's `alternativePathsFor`):
///
/// - `/x`: `x`, then `x.html`, `x.htm`, `x/index.html`, `x/index.htm` (only `x` when it
///   ends in `.html`, `.js`, `.css` or another asset ending);
/// - `/x/`: `x.html`, `x.htm`, `x/index.html`, `x/index.htm` (never the file `x` itself);
/// - `/`: `index.html`, `index.htm`.
///
/// Paths that would leave `dist`, and the rule files, name nothing.
///
/// ```
/// let dist = tempfile::tempdir()?;
/// std::fs::write(dist.path().join("index.html"), "home")?;
/// std::fs::write(dist.path().join("about.html"), "about")?;
/// use dev_server::static_site::find_file;
/// assert_eq!(find_file(dist.path(), "/").as_deref(), Some("/index.html"));
/// assert_eq!(find_file(dist.path(), "/index").as_deref(), Some("/index.html"));
/// assert_eq!(find_file(dist.path(), "/about/").as_deref(), Some("/about.html"));
/// assert_eq!(find_file(dist.path(), "/about.html/"), None);
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn find_file(dist: &Path, path: &str) -> Option<String> {
    if is_rule_file(path) {
        return None;
    }
    candidates(path).into_iter().find(|candidate| {
        relative_path(candidate).is_some_and(|relative| dist.join(relative).is_file())
    })
}

/// Whether the request path (canonical, percent-encoded) names a file of `dist` that the
/// site serves, as [`find_file`] resolves it: what shadows a rule without `force`.
pub fn names_a_file(dist: &Path, path: &str) -> bool {
    find_file(dist, path).is_some()
}

/// The URL paths a request path may be served from, in order.
fn candidates(path: &str) -> Vec<String> {
    match path.strip_suffix('/') {
        Some("") => vec!["/index.html".into(), "/index.htm".into()],
        Some(base) => vec![
            format!("{base}.html"),
            format!("{base}.htm"),
            format!("{path}index.html"),
            format!("{path}index.htm"),
        ],
        None if ASSET_ENDINGS.iter().any(|ending| path.ends_with(ending)) => {
            vec![path.to_owned()]
        }
        None => vec![
            path.to_owned(),
            format!("{path}.html"),
            format!("{path}.htm"),
            format!("{path}/index.html"),
            format!("{path}/index.htm"),
        ],
    }
}

/// Where a request goes: to the file server, or to the 404 page.
pub(super) enum Aimed {
    /// At the file its path names.
    File(Request),
    /// Its path names no file.
    NoFile(Request),
}

/// `request` aimed at the file its path names ([`find_file`]), so the file server serves
/// `about.html` for `/about`; [`Aimed::NoFile`] when it names no file, for the 404 page (a
/// file server would serve `/about.html/` from `about.html`, which Netlify does not). A
/// directory asked for without its `/` (`/docs` naming `docs/index.html`) is left to the
/// file server, which redirects to `/docs/` as Netlify does. The header rules have already
/// seen the path as asked for.
pub(super) fn aim_at_file(dist: &Path, mut request: Request) -> Aimed {
    let path = request.uri().path();
    let Some(file) = find_file(dist, path) else {
        return Aimed::NoFile(request);
    };
    let directory_index = file
        .strip_prefix(path)
        .is_some_and(|rest| rest == "/index.html" || rest == "/index.htm");
    if file == path || directory_index {
        return Aimed::File(request);
    }
    let path_and_query = match request.uri().query() {
        Some(query) => format!("{file}?{query}"),
        None => file,
    };
    let mut parts = request.uri().clone().into_parts();
    // The file's path is the request's path (already a valid URI path) plus a suffix of
    // plain ASCII, so it parses; if it somehow did not, the request is served as sent.
    let Ok(path_and_query) = path_and_query.parse() else {
        return Aimed::File(request);
    };
    parts.path_and_query = Some(path_and_query);
    if let Ok(uri) = Uri::from_parts(parts) {
        *request.uri_mut() = uri;
    }
    Aimed::File(request)
}

/// The decoded path below the site root, or `None` if it is not a plain relative path
/// (`..`, `.`, backslashes, NUL, invalid UTF-8).
fn relative_path(path: &str) -> Option<PathBuf> {
    let decoded = percent_decode_str(path).decode_utf8().ok()?;
    let mut relative = PathBuf::new();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        if segment == "." || segment == ".." || segment.contains(['\\', '\0']) {
            return None;
        }
        relative.push(segment);
    }
    Some(relative)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paths_decode() {
        assert_eq!(relative_path("/"), Some(PathBuf::new()));
        assert_eq!(
            relative_path("/content/posts.json"),
            Some(PathBuf::from("content/posts.json"))
        );
        assert_eq!(
            relative_path("/a%20b/c%C3%A9.html"),
            Some(PathBuf::from("a b/cé.html"))
        );
        assert_eq!(relative_path("//a//b/"), Some(PathBuf::from("a/b")));
    }

    #[test]
    fn escapes_are_refused() {
        for path in [
            "/../etc/passwd",
            "/a/%2e%2e/b",
            "/./a",
            "/a%5Cb",
            "/a%00",
            "/%FF",
        ] {
            assert_eq!(relative_path(path), None, "{path}");
        }
    }

    #[test]
    fn files_and_directory_indexes() {
        let dist = tempfile::tempdir().unwrap();
        std::fs::write(dist.path().join("index.html"), "x").unwrap();
        std::fs::create_dir_all(dist.path().join("docs")).unwrap();
        std::fs::write(dist.path().join("docs/index.html"), "x").unwrap();
        std::fs::create_dir_all(dist.path().join("empty")).unwrap();
        std::fs::write(dist.path().join("a b.txt"), "x").unwrap();
        for path in ["/", "/index.html", "/docs", "/docs/", "/a%20b.txt"] {
            assert!(names_a_file(dist.path(), path), "{path}");
        }
        std::fs::write(dist.path().join("_headers"), "/*\n  X: y\n").unwrap();
        std::fs::write(dist.path().join("_redirects"), "/a /b\n").unwrap();
        for path in [
            "/_headers",
            "/_redirects",
            "/nope",
            "/empty",
            "/empty/",
            "/index.html/",
            "/../index.html",
        ] {
            assert!(!names_a_file(dist.path(), path), "{path}");
        }
    }

    #[test]
    fn pages_are_found_as_netlify_finds_them() {
        let dist = tempfile::tempdir().unwrap();
        for name in [
            "index.html",
            "about.html",
            "old.htm",
            "both.html",
            "both/index.html",
            "team/index.html",
            "app.js.html",
            "report.json.html",
        ] {
            let path = dist.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        for (path, file) in [
            ("/", Some("/index.html")),
            ("/index", Some("/index.html")),
            ("/index.html", Some("/index.html")),
            ("/about", Some("/about.html")),
            ("/about/", Some("/about.html")),
            ("/old", Some("/old.htm")),
            ("/both", Some("/both.html")),
            ("/both/", Some("/both.html")),
            ("/both/index.html", Some("/both/index.html")),
            ("/team", Some("/team/index.html")),
            ("/team/", Some("/team/index.html")),
            // An asset ending is looked up as it is, and a file is no directory.
            ("/app.js", None),
            ("/report.json", Some("/report.json.html")),
            ("/index.html/", None),
            ("/about.html/", None),
            ("/nope", None),
        ] {
            assert_eq!(find_file(dist.path(), path).as_deref(), file, "{path}");
        }
    }

    #[test]
    fn a_request_is_aimed_at_its_page_file_with_its_query() {
        let dist = tempfile::tempdir().unwrap();
        std::fs::write(dist.path().join("about.html"), "x").unwrap();
        std::fs::create_dir_all(dist.path().join("docs")).unwrap();
        std::fs::write(dist.path().join("docs/index.html"), "x").unwrap();
        let aimed = |uri: &str| {
            let request = Request::builder()
                .uri(uri)
                .body(axum::body::Body::empty())
                .unwrap();
            match aim_at_file(dist.path(), request) {
                Aimed::File(request) => request.uri().to_string(),
                Aimed::NoFile(request) => format!("no file for {}", request.uri()),
            }
        };
        assert_eq!(aimed("/about?x=1"), "/about.html?x=1");
        assert_eq!(aimed("/about/"), "/about.html");
        // Left to the file server, which redirects to `/docs/`.
        assert_eq!(aimed("/docs"), "/docs");
        assert_eq!(aimed("/nope"), "no file for /nope");
        // A file server would serve these from `about.html`; Netlify answers 404.
        assert_eq!(aimed("/about.html/"), "no file for /about.html/");
    }
}
