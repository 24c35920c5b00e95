//! The local stack's parsers of what a site author or a visitor writes, fed generated input
//! (proptest, fixed seed, so a run is repeatable): `netlify.toml`, `_headers`, redirect
//! `from` patterns and their `to` expansion, and the one spelling of a request path. None may
//! panic; each keeps the promise its documentation makes.

use dev_server::netlify::{
    canonical_path, expand, parse_headers_file, parse_netlify_toml, FromPattern,
};
use proptest::prelude::*;
use proptest::test_runner::RngSeed;

/// A fixed seed, so a run is repeatable (a failure reproduces); `PROPTEST_CASES` sets how many
/// cases each property runs (proptest's default of 256 otherwise; `cargo xtask fuzz` runs more).
fn config() -> ProptestConfig {
    ProptestConfig {
        rng_seed: RngSeed::Fixed(0x15),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Paths as a hostile visitor spells them: slashes, backslashes, dots, escapes of all kinds
/// (valid, invalid, of `.` and `/`, of `%` itself), letters and a few non-ASCII characters.
fn hostile_path() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("/".to_owned()),
        Just("\\".to_owned()),
        Just(".".to_owned()),
        Just("..".to_owned()),
        Just("%".to_owned()),
        Just("%2e".to_owned()),
        Just("%2E".to_owned()),
        Just("%2f".to_owned()),
        Just("%5C".to_owned()),
        Just("%25".to_owned()),
        Just("%2".to_owned()),
        Just("%6".to_owned()),
        Just("%65".to_owned()),
        Just("%61dmin".to_owned()),
        Just("admin".to_owned()),
        Just("%C3%A9".to_owned()),
        Just("é".to_owned()),
        "[a-z0-9]{1,3}",
        "%[0-9a-fA-F]{2}",
    ];
    proptest::collection::vec(piece, 0..12).prop_map(|pieces| format!("/{}", pieces.concat()))
}

/// Lines of a `_headers` file, well-formed or not.
fn headers_line() -> impl Strategy<Value = String> {
    prop_oneof![
        hostile_path(),
        "  [A-Za-z-]{1,12}: [ -~]{0,20}",
        "\t[A-Za-z-]{0,8}:?[ -~]{0,10}",
        "#[ -~]{0,10}",
        Just(String::new()),
        "[ -~]{0,24}",
        "[\\PC]{0,8}",
    ]
}

proptest! {
    #![proptest_config(config())]

    /// The documented promise: no `.` or `..` segment, no run of `/`, and the result is its
    /// own canonical path (so a second reader — the file server — sees what the rules saw).
    #[test]
    fn a_canonical_path_is_its_own_canonical_path(path in hostile_path()) {
        let once = canonical_path(&path).into_owned();
        let twice = canonical_path(&once).into_owned();
        prop_assert_eq!(&once, &twice, "canonical of {:?}", path);
        prop_assert!(!once.contains("//"), "{:?} -> {:?}", path, once);
        prop_assert!(
            !once.split('/').any(|s| s == "." || s == ".."),
            "{:?} -> {:?}", path, once
        );
        prop_assert!(once.starts_with('/'));
    }

    /// Any text at all, path or not, comes back without a panic.
    #[test]
    fn canonical_path_takes_any_text(text in "\\PC{0,40}") {
        let _ = canonical_path(&text);
    }

    /// A `from` pattern compiles or is refused, and matching it against any path neither
    /// panics nor binds a value that is not part of the path.
    #[test]
    fn from_patterns_compile_or_refuse_and_match_any_path(
        from in "/([a-z]{1,4}|:[a-z]{1,4}|\\*|[a-z]\\*|[ -~]{0,3})(/([a-z]{1,4}|:[a-z]{1,4}|\\*|[ -~]{0,3})){0,3}/?",
        path in hostile_path(),
        to in "/[ -~]{0,20}",
    ) {
        if let Ok(pattern) = FromPattern::parse(&from) {
            if let Some(params) = pattern.matches(&path) {
                for name in params.names() {
                    let value = params.get(name).unwrap_or_default();
                    prop_assert!(path.contains(value), "{} bound {:?} from {:?}", name, value, path);
                }
                prop_assert!(path.contains(params.splat()));
                let _ = expand(&to, &params);
            }
        }
    }

    /// `netlify.toml` text of any shape: parsed or refused with an error, never a panic.
    #[test]
    fn netlify_toml_of_any_shape_is_parsed_or_refused(
        rules in proptest::collection::vec(
            (
                prop_oneof![hostile_path(), "[ -~]{0,12}"],
                prop_oneof![hostile_path(), "[ -~]{0,12}", Just("https://example.com/:splat".to_owned())],
                prop_oneof![Just("200".to_owned()), Just("301".to_owned()), Just("404".to_owned()), Just("\"x\"".to_owned()), "-?[0-9]{1,5}"],
                prop_oneof![Just("true".to_owned()), Just("false".to_owned()), Just("1".to_owned())],
                prop_oneof![Just("[\"admin\"]".to_owned()), Just("\"admin, editor\"".to_owned()), Just("[1]".to_owned()), Just("{}".to_owned())],
            ),
            0..5,
        ),
        headers in proptest::collection::vec((hostile_path(), "[A-Za-z-]{0,10}", "[ -~]{0,16}"), 0..4),
        junk in "[ -~\n]{0,40}",
    ) {
        let mut text = String::new();
        for (from, to, status, force, roles) in &rules {
            text.push_str(&format!(
                "[[redirects]]\nfrom = {from:?}\nto = {to:?}\nstatus = {status}\nforce = {force}\nconditions = {{ Role = {roles} }}\n\n"
            ));
        }
        for (for_path, name, value) in &headers {
            text.push_str(&format!("[[headers]]\nfor = {for_path:?}\n[headers.values]\n{name:?} = {value:?}\n\n"));
        }
        let _ = parse_netlify_toml(&text, "netlify.toml".as_ref());
        text.push_str(&junk);
        let _ = parse_netlify_toml(&text, "netlify.toml".as_ref());
    }

    /// `_headers` files of any shape: parsed or refused, never a panic; the paths of the
    /// rules it keeps match without a panic.
    #[test]
    fn headers_files_of_any_shape_are_parsed_or_refused(
        lines in proptest::collection::vec(headers_line(), 0..16),
        probe in hostile_path(),
    ) {
        let text = lines.join("\n");
        if let Ok((rules, _notices)) = parse_headers_file(&text, "_headers".as_ref()) {
            for rule in &rules {
                let _ = rule.path.matches(&probe);
            }
        }
    }
}
