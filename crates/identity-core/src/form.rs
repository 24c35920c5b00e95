//! `application/x-www-form-urlencoded` encoding, small enough for the wasm build.
//!
//! Used for the `/token` body and for URL fragments. Encoding matches Go's
//! `url.QueryEscape` (what GoTrue's `url.Values.Encode()` produces): `A-Z a-z 0-9 - _ . ~` stay,
//! a space becomes `+`, every other byte becomes `%XX`. Decoding is lenient like the browser's
//! `URLSearchParams`: `+` is a space, a `%` not followed by two hex digits is kept as it is, and
//! invalid UTF-8 becomes U+FFFD.

/// Percent-encodes one key or value.
///
/// ```
/// use identity_core::form::encode_component;
/// assert_eq!(encode_component("Signups not allowed!"), "Signups+not+allowed%21");
/// assert_eq!(encode_component("a-b_c.d~é"), "a-b_c.d~%C3%A9");
/// ```
pub fn encode_component(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(b));
            }
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 0x0f)]));
            }
        }
    }
    out
}

/// Decodes one key or value (see the module docs for the lenient rules).
///
/// ```
/// use identity_core::form::decode_component;
/// assert_eq!(decode_component("Signups+not%20allowed"), "Signups not allowed");
/// assert_eq!(decode_component("100%"), "100%");
/// ```
pub fn decode_component(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'+' => out.push(b' '),
            b'%' => {
                let hi = bytes.get(i + 1).copied().and_then(hex_value);
                let lo = bytes.get(i + 2).copied().and_then(hex_value);
                if let (Some(hi), Some(lo)) = (hi, lo) {
                    out.push(hi << 4 | lo);
                    i += 3;
                    continue;
                }
                out.push(b'%');
            }
            _ => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Splits `a=1&b=2` into decoded pairs, in order. Empty segments are skipped; a segment without
/// `=` is a key with an empty value. Duplicate keys are all kept (use [`first`] to pick one).
///
/// ```
/// use identity_core::form::parse;
/// assert_eq!(parse("a=1&&b&c=x%3Dy"), vec![
///     ("a".to_owned(), "1".to_owned()),
///     ("b".to_owned(), String::new()),
///     ("c".to_owned(), "x=y".to_owned()),
/// ]);
/// ```
pub fn parse(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|segment| !segment.is_empty())
        .map(|segment| {
            let (key, value) = segment.split_once('=').unwrap_or((segment, ""));
            (decode_component(key), decode_component(value))
        })
        .collect()
}

/// The first value for `key`, as `URLSearchParams.get` and Go's `FormValue` pick it.
pub fn first<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// Joins pairs into `k=v&k=v`, encoding each part.
///
/// ```
/// use identity_core::form::serialize;
/// assert_eq!(serialize([("grant_type", "password"), ("username", "a b@c.d")]),
///            "grant_type=password&username=a+b%40c.d");
/// ```
pub fn serialize<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (key, value) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(&encode_component(key));
        out.push('=');
        out.push_str(&encode_component(value));
    }
    out
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn decodes_utf8_sequences_and_replaces_invalid_ones() {
        assert_eq!(decode_component("%C3%A9t%C3%A9"), "été");
        assert_eq!(decode_component("%FF"), "\u{FFFD}");
    }

    #[test]
    fn keeps_malformed_escapes_literally() {
        assert_eq!(decode_component("%"), "%");
        assert_eq!(decode_component("%4"), "%4");
        assert_eq!(decode_component("%zz%41"), "%zzA");
    }

    #[test]
    fn first_value_wins() {
        let pairs = parse("a=1&a=2");
        assert_eq!(first(&pairs, "a"), Some("1"));
        assert_eq!(first(&pairs, "b"), None);
    }

    #[test]
    fn encoded_output_is_url_safe() {
        let encoded = encode_component("a&b=c#d/e?f g+h%");
        assert_eq!(encoded, "a%26b%3Dc%23d%2Fe%3Ff+g%2Bh%25");
    }

    proptest! {
        // A fixed seed: the suite runs the same cases every time (a failure reproduces);
        // PROPTEST_CASES sets how many (256 by default; `cargo xtask fuzz` runs more).
        #![proptest_config(ProptestConfig {
            rng_seed: proptest::test_runner::RngSeed::Fixed(15),
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn encode_then_decode_round_trips(text in any::<String>()) {
            prop_assert_eq!(decode_component(&encode_component(&text)), text);
        }

        #[test]
        fn serialize_then_parse_round_trips(pairs in proptest::collection::vec((".+", ".*"), 0..5)) {
            let borrowed = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()));
            prop_assert_eq!(parse(&serialize(borrowed)), pairs);
        }

        #[test]
        fn decode_never_panics(text in any::<String>()) {
            let _ = parse(&text);
        }
    }
}
