//! One spelling of a request path, used to match the rules, to find files and to serve
//! them, so that `//admin/x`, `/%61dmin/x` or `/admin%2Fx` cannot reach what a rule for
//! `/admin/*` gates while the file server, which decodes, serves `admin/x`.

use std::borrow::Cow;

/// `path` with every percent-escape of a character that needs none (letters, digits,
/// `-._~`) or of `/` decoded, and runs of `/` collapsed into one. Other escapes (`%20`,
/// `%C3%A9`, …) stay as sent, so a path that was already canonical comes back borrowed.
///
/// ```
/// use dev_server::netlify::canonical_path;
/// assert_eq!(canonical_path("//%61dmin%2Freport.json"), "/admin/report.json");
/// assert_eq!(canonical_path("/posts/caf%C3%A9"), "/posts/caf%C3%A9");
/// ```
pub fn canonical_path(path: &str) -> Cow<'_, str> {
    let bytes = path.as_bytes();
    let plain = !path.contains("//")
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
    Cow::Owned(out)
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
        assert_eq!(canonical_path("/%2e%2e/x"), "/../x");
    }
}
