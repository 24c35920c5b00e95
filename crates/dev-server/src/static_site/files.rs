//! Whether a request path names a file of the site, for rules without `force`.

use std::path::{Path, PathBuf};

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

/// Whether the request path (canonical, percent-encoded) names a file in `dist` that the
/// site serves: the file itself, or a directory's `index.html` (so `/` names
/// `index.html`). Paths that would leave `dist`, and the rule files, name nothing.
pub fn names_a_file(dist: &Path, path: &str) -> bool {
    if is_rule_file(path) {
        return false;
    }
    let Some(relative) = relative_path(path) else {
        return false;
    };
    let candidate = dist.join(relative);
    if path.ends_with('/') {
        return candidate.join("index.html").is_file();
    }
    candidate.is_file() || candidate.join("index.html").is_file()
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
}
