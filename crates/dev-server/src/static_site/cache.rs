/// Whether a path names a file whose name carries a content hash, as Trunk
/// writes them (`blog-0123456789abcdef.js`, `blog-0123456789abcdef_bg.wasm`).
/// Trunk prints the 64-bit hash in hex without leading zeros, so it may be
/// shorter than 16 digits.
/// Such a file never changes, so it may be cached for a year.
///
/// ```
/// use dev_server::static_site::is_hashed_asset;
/// assert!(is_hashed_asset("/blog-4f3c2a1b9d8e7f60_bg.wasm"));
/// assert!(!is_hashed_asset("/index.html"));
/// ```
pub fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let Some((stem, _ext)) = name.split_once('.') else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    let Some((_, hash)) = stem.rsplit_once('-') else {
        return false;
    };
    (8..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The `Cache-Control` a path gets: a year for hashed assets, and revalidation
/// for everything else, so a deploy is seen at once.
pub fn cache_control(path: &str) -> &'static str {
    if is_hashed_asset(path) {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=0, must-revalidate"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_outputs_are_hashed() {
        for path in [
            "/blog-4f3c2a1b9d8e7f60.js",
            "/blog-4f3c2a1b9d8e7f60_bg.wasm",
            "/style-0123456789ABCDEF.css",
            "/nested/dir/widget-aaaaaaaaaaaaaaaa.css",
            "/favicon-923dfabbe8535d7.svg",
        ] {
            assert!(is_hashed_asset(path), "{path}");
            assert_eq!(cache_control(path), "public, max-age=31536000, immutable");
        }
    }

    #[test]
    fn other_files_are_revalidated() {
        for path in [
            "/",
            "/index.html",
            "/content/posts.json",
            "/posts/what-this-is",
            "/blog-4f3c2a1.js",
            "/blog-4f3c2a1b9d8e7f6g.js",
            "/blog-4f3c2a1b9d8e7f60a.js",
            "/my-post.json",
            "/blog4f3c2a1b9d8e7f60.js",
        ] {
            assert!(!is_hashed_asset(path), "{path}");
            assert_eq!(cache_control(path), "public, max-age=0, must-revalidate");
        }
    }
}
