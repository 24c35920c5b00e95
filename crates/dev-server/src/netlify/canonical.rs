//! One spelling of a request path, used to match the rules, to find files and to serve
//! them, so that `//admin/x`, `/%61dmin/x`, `/admin%2Fx` or `/y/../admin/x` cannot reach
//! what a rule for `/admin/*` gates while the file server, which decodes and resolves,
//! serves `admin/x`.

use std::borrow::Cow;

/// `path` in its one spelling: every percent-escape of a character that needs none
/// (letters, digits, `-._~`) or of `/` decoded, a `\` read as `/` (as browsers read it;
/// `%5C` stays), runs of `/` collapsed into one, then the `.` and `..` segments resolved
/// (RFC 3986 §5.2.4, "remove_dot_segments"; a `..` above the root stays at the root, as
/// browsers and Netlify do). Other escapes (`%20`, `%C3%A9`, …) stay as sent, so a path
/// that was already canonical comes back borrowed. The result has no `.` or `..` segment
/// and is its own canonical path.
///
/// ```
/// use dev_server::netlify::canonical_path;
/// assert_eq!(canonical_path("//%61dmin%2Freport.json"), "/admin/report.json");
/// assert_eq!(canonical_path("/x/%2e%2e/admin/./y"), "/admin/y");
/// assert_eq!(canonical_path("/../content/posts.json"), "/content/posts.json");
/// assert_eq!(canonical_path("/posts/caf%C3%A9"), "/posts/caf%C3%A9");
/// ```
pub fn canonical_path(path: &str) -> Cow<'_, str> {
    let decoded = decode_and_collapse(path);
    if decoded.starts_with('/') && has_dot_segment(&decoded) {
        Cow::Owned(remove_dot_segments(&decoded))
    } else {
        decoded
    }
}

/// `path` with the escapes [`decodable`] names decoded, `\` as `/`, and runs of `/`
/// collapsed.
fn decode_and_collapse(path: &str) -> Cow<'_, str> {
    let bytes = path.as_bytes();
    let plain = !path.contains("//")
        && !path.contains('\\')
        && !bytes
            .windows(3)
            .any(|w| w[0] == b'%' && decodable(w[1], w[2]).is_some());
    if plain {
        return Cow::Borrowed(path);
    }
    let mut out = String::with_capacity(path.len());
    let mut i = 0;
    while i < bytes.len() {
        let (c, width) = match bytes[i] {
            b'%' if i + 2 < bytes.len() => match decodable(bytes[i + 1], bytes[i + 2]) {
                Some(c) => (c, 3),
                None => ('%', 1),
            },
            // Browsers (WHATWG URL) read `\` in an http path as `/`, and so did
            // netlify-cli before Netlify's engine saw the path.
            b'\\' => ('/', 1),
            _ => {
                // Not an escape we decode: copy one whole UTF-8 character.
                let c = path[i..].chars().next().unwrap_or('%');
                (c, c.len_utf8())
            }
        };
        if !(c == '/' && out.ends_with('/')) {
            out.push(c);
        }
        i += width;
    }
    Cow::Owned(escape_formed_escapes(out))
}

/// Decoding can join a `%` that stood for itself (`%6%65`: `%6` is no escape) with the
/// characters decoded after it into what reads as an escape (`%6e`), which a second reader
/// (the file server) would decode again (`n`), seeing another path than the rules saw. Every
/// escape the decoder names was decoded, so a decodable one left in `out` was formed that way:
/// its `%` is written `%25`, the spelling of the `%` it stood for (`%256e`, which decodes once
/// to the `%6e` that was sent).
fn escape_formed_escapes(out: String) -> String {
    let bytes = out.as_bytes();
    let formed = |j: usize| {
        bytes[j] == b'%' && j + 2 < bytes.len() && decodable(bytes[j + 1], bytes[j + 2]).is_some()
    };
    if !(0..bytes.len()).any(formed) {
        return out;
    }
    let mut fixed = String::with_capacity(out.len() + 4);
    let mut start = 0;
    for j in (0..bytes.len()).filter(|&j| formed(j)) {
        fixed.push_str(&out[start..j]);
        fixed.push_str("%25");
        start = j + 1;
    }
    fixed.push_str(&out[start..]);
    fixed
}

fn is_dot_segment(segment: &str) -> bool {
    segment == "." || segment == ".."
}

fn has_dot_segment(path: &str) -> bool {
    path.split('/').any(is_dot_segment)
}

/// RFC 3986 §5.2.4 for an absolute path whose escapes of `.` are already decoded and
/// whose runs of `/` are already one: segment by segment, `.` goes, `..` takes the segment
/// before it (none above the root), and a path ending in a dot segment keeps its final
/// `/` (`/a/b/..` is `/a/`).
fn remove_dot_segments(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    let mut ends_in_dot_segment = false;
    // The first item is what comes before the leading `/` (empty for a path).
    for segment in path.split('/').skip(1) {
        ends_in_dot_segment = is_dot_segment(segment);
        match segment {
            "." => {}
            ".." => {
                segments.pop();
            }
            _ => segments.push(segment),
        }
    }
    let mut out = String::with_capacity(path.len());
    for segment in &segments {
        out.push('/');
        out.push_str(segment);
    }
    if ends_in_dot_segment || out.is_empty() {
        out.push('/');
    }
    out
}

/// The character `%<high><low>` stands for, when it is one that needs no escape, or `/`.
fn decodable(high: u8, low: u8) -> Option<char> {
    let value = (hex(high)? << 4) | hex(low)?;
    let c = char::from(value);
    (c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~' | '/')).then_some(c)
}

fn hex(digit: u8) -> Option<u8> {
    char::from(digit)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_paths_come_back_as_they_are() {
        for path in [
            "/",
            "/admin",
            "/posts/caf%C3%A9",
            "/a%20b",
            "/100%25",
            "/x%2",
        ] {
            assert!(matches!(canonical_path(path), Cow::Borrowed(_)), "{path}");
        }
    }

    /// Found by `tests/parser_properties.rs`: `/%6%65` came back as `/%6e`, whose canonical
    /// path is `/n`.
    #[test]
    fn a_percent_that_decoding_joins_to_an_escape_stays_a_percent() {
        assert_eq!(canonical_path("/%6%65"), "/%256e");
        assert_eq!(canonical_path("/x/%2%65%2%65/admin"), "/x/%252e%252e/admin");
        assert_eq!(canonical_path("/%2%66admin"), "/%252fadmin");
        for path in ["/%6%65", "/x/%2%65%2%65/admin", "/%%32%65"] {
            let once = canonical_path(path).into_owned();
            assert_eq!(canonical_path(&once), once, "{path}");
        }
    }

    #[test]
    fn spellings_of_a_gated_path_become_the_path() {
        for path in [
            "//admin/report.json",
            "/admin//report.json",
            "/%61dmin/report.json",
            "/%61%64%6D%69%6E/report.json",
            "/admin%2Freport.json",
            "/admin%2f%2freport.json",
        ] {
            assert_eq!(canonical_path(path), "/admin/report.json", "{path}");
        }
    }

    #[test]
    fn other_escapes_and_broken_ones_stay() {
        assert_eq!(canonical_path("//a%20b"), "/a%20b");
        assert_eq!(canonical_path("//caf%C3%A9"), "/caf%C3%A9");
        assert_eq!(canonical_path("//x%2"), "/x%2");
        assert_eq!(canonical_path("//x%zz"), "/x%zz");
    }

    #[test]
    fn dot_segments_are_resolved() {
        for (path, canonical) in [
            ("/./admin", "/admin"),
            ("/x/../admin/y", "/admin/y"),
            ("/x/%2e%2e/admin", "/admin"),
            ("/x/%2E%2E/admin", "/admin"),
            ("/x/.%2e/admin", "/admin"),
            ("/x/%2e./admin", "/admin"),
            ("/%2e/admin", "/admin"),
            ("/x/../content/posts.json", "/content/posts.json"),
            ("/admin/.", "/admin/"),
            ("/admin/..", "/"),
            ("/admin/x/..", "/admin/"),
            ("/a/b/c/./../../g", "/a/g"),
            ("/mid/content=5/../6", "/mid/6"),
            ("/x/..%2Fadmin", "/admin"),
            ("/x//../admin", "/admin"),
        ] {
            assert_eq!(canonical_path(path), canonical, "{path}");
        }
    }

    #[test]
    fn a_backslash_is_a_slash() {
        for (path, canonical) in [
            ("/admin\\x", "/admin/x"),
            ("/x\\..\\admin", "/admin"),
            ("\\admin", "/admin"),
            ("/admin\\\\x", "/admin/x"),
        ] {
            assert_eq!(canonical_path(path), canonical, "{path}");
        }
        // An escaped backslash is a character of a name, as a browser sends it.
        assert_eq!(canonical_path("/a%5Cb"), "/a%5Cb");
    }

    #[test]
    fn dot_segments_above_the_root_stay_at_the_root() {
        for (path, canonical) in [
            ("/..", "/"),
            ("/../", "/"),
            ("/../../admin", "/admin"),
            ("/%2e%2e/x", "/x"),
            ("/.", "/"),
            ("/./", "/"),
        ] {
            assert_eq!(canonical_path(path), canonical, "{path}");
        }
    }

    #[test]
    fn dots_inside_a_segment_are_no_dot_segments() {
        for path in [
            "/a.b",
            "/..a",
            "/a..",
            "/.well-known/x",
            "/.../x",
            "/x/.../",
        ] {
            assert_eq!(canonical_path(path), path, "{path}");
        }
        // Escapes that are not `.` leave a dot segment's neighbours alone.
        assert_eq!(canonical_path("/%2e%2e%2e"), "/...");
        assert_eq!(canonical_path("/x/%252e%252e/y"), "/x/%252e%252e/y");
    }

    #[test]
    fn a_canonical_path_is_its_own_canonical_path() {
        for path in [
            "/./admin",
            "//x/%2e%2e//admin/",
            "/x/..%2F..%2Fa",
            "/a%20b/./c",
            "/%2E",
        ] {
            let once = canonical_path(path).into_owned();
            assert_eq!(canonical_path(&once), once.as_str(), "{path}");
            assert!(
                !once.split('/').any(|s| s == "." || s == ".."),
                "{path} -> {once}"
            );
        }
    }
}
