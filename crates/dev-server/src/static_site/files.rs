//! Whether a request path names a file of the site, for rules without `force`.

use std::path::{Path, PathBuf};

use percent_encoding::percent_decode_str;

/// Whether the request path (as sent, percent-encoded) names a file in `dist`: the file
/// itself, or a directory's `index.html` (so `/` names `index.html`). Paths that would
/// leave `dist` name nothing.
pub fn names_a_file(dist: &Path, path: &str) -> bool {
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
        for path in [
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
