//! `cargo xtask fuzz`: every property test of the suite, each run for many more cases than
//! `cargo xtask test` gives it, with the results in BENCHMARKS.md's fuzzing section.
//!
//! The property tests are the fuzzers: each one feeds a parser generated input from a fixed
//! seed and fails on a panic, a broken round trip or a mangled input accepted. They take their
//! number of cases from `PROPTEST_CASES` (proptest's 256 when it is unset), so this command
//! only sets that variable and runs them. [`PARSERS`] is the one list of them; a test in this
//! module holds it to the sources, so a property test nobody listed fails the suite.
//!
//! Counting: proptest stops a property at its first failure and otherwise runs exactly
//! `PROPTEST_CASES` passing cases (inputs a strategy discards are not counted). So a property
//! that passed ran N cases, and the command fails when any property fails or when fewer
//! properties ran than are listed.
//!
//! The tests are built with an optimised profile that keeps debug assertions and overflow
//! checks (an overflow is a panic here as in the suite), and each test binary is run directly,
//! under a time limit: a property that hangs is killed and reported.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};

use crate::cmd;

/// One parser and the property tests that feed it.
struct Parser {
    /// What it parses, as BENCHMARKS.md names it.
    name: &'static str,
    package: &'static str,
    target: Target,
    /// The file that holds the property tests.
    source: &'static str,
    /// Their names as the test binary lists them.
    tests: &'static [&'static str],
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Target {
    /// The package's unit tests (`--lib`).
    Lib,
    /// An integration test file (`--test <name>`).
    Test(&'static str),
}

/// Every property test of the suite, by the parser it feeds.
const PARSERS: &[Parser] = &[
    Parser {
        name: "URL hash (`#confirmation_token=…`, OAuth returns)",
        package: "identity-core",
        target: Target::Lib,
        source: "crates/identity-core/src/hash.rs",
        tests: &[
            "hash::tests::parse_never_panics",
            "hash::tests::parse_never_panics_on_fragment_like_input",
            "hash::tests::built_fragments_parse_back",
            "hash::tests::unknown_keys_never_route",
        ],
    },
    Parser {
        name: "JWT decode (unverified, the browser's read)",
        package: "identity-core",
        target: Target::Lib,
        source: "crates/identity-core/src/jwt/decode.rs",
        tests: &[
            "jwt::decode::tests::never_panics",
            "jwt::decode::tests::never_panics_on_jwt_like_input",
        ],
    },
    Parser {
        name: "JWT verify (HS256, the servers' check)",
        package: "identity-core",
        target: Target::Lib,
        source: "crates/identity-core/src/jwt/verify.rs",
        tests: &[
            "jwt::verify::tests::token_like_text_is_refused_without_panic",
            "jwt::verify::tests::encode_then_verify_round_trips",
            "jwt::verify::tests::changing_any_byte_is_refused",
            "jwt::verify::tests::swapping_in_a_base64url_character_is_refused",
            "jwt::verify::tests::any_other_secret_is_refused",
            "jwt::verify::tests::verify_never_panics",
        ],
    },
    Parser {
        name: "JWT expiry (when to refresh)",
        package: "identity-core",
        target: Target::Lib,
        source: "crates/identity-core/src/jwt/expiry.rs",
        tests: &["jwt::expiry::tests::refresh_wait_is_zero_exactly_when_expiring_within_margin"],
    },
    Parser {
        name: "form bodies (`application/x-www-form-urlencoded`)",
        package: "identity-core",
        target: Target::Lib,
        source: "crates/identity-core/src/form.rs",
        tests: &[
            "form::tests::encode_then_decode_round_trips",
            "form::tests::serialize_then_parse_round_trips",
            "form::tests::decode_never_panics",
        ],
    },
    Parser {
        name: "token grants (`/token` form bodies)",
        package: "identity-core",
        target: Target::Lib,
        source: "crates/identity-core/src/wire/grant.rs",
        tests: &["wire::grant::tests::grants_round_trip_through_the_form"],
    },
    Parser {
        name: "timestamps (RFC 3339)",
        package: "identity-core",
        target: Target::Lib,
        source: "crates/identity-core/src/time.rs",
        tests: &[
            "time::tests::format_then_parse_round_trips",
            "time::tests::parse_never_panics",
            "time::tests::parse_never_panics_on_near_misses",
        ],
    },
    Parser {
        name: "stored session (`localStorage[\"gotrue.user\"]`)",
        package: "identity-core",
        target: Target::Test("stored_session_properties"),
        source: "crates/identity-core/tests/stored_session_properties.rs",
        tests: &[
            "a_written_session_reads_back_as_written",
            "gotrue_js_additions_read_as_the_same_session",
            "a_session_missing_a_required_key_is_refused",
            "a_required_field_of_another_type_is_refused",
            "an_expires_in_that_is_not_a_whole_number_is_refused",
            "a_session_cut_short_is_refused",
            "any_stored_text_is_read_or_refused_without_a_panic",
            "a_session_with_any_part_replaced_is_read_or_refused_without_a_panic",
            "a_token_that_needs_a_refresh_needs_one_later_too",
        ],
    },
    Parser {
        name: "comment author names",
        package: "comment-wire",
        target: Target::Lib,
        source: "crates/comment-wire/src/author.rs",
        tests: &["author::tests::names_have_no_control_or_bidi_characters_and_keep_the_limit"],
    },
    Parser {
        name: "comment bodies and post slugs (checks)",
        package: "comment-wire",
        target: Target::Lib,
        source: "crates/comment-wire/src/validate.rs",
        tests: &[
            "validate::tests::accepted_bodies_have_visible_text_within_the_limit",
            "validate::tests::accepted_bodies_can_be_stored_and_shown_as_written",
            "validate::tests::accepted_slugs_are_safe_in_urls_and_file_names",
        ],
    },
    Parser {
        name: "comment and moderation requests (wire format)",
        package: "comment-wire",
        target: Target::Test("request_properties"),
        source: "crates/comment-wire/tests/request_properties.rs",
        tests: &[
            "a_comment_post_reads_back_as_sent",
            "a_comment_post_without_a_field_is_refused",
            "a_comment_post_with_an_unknown_field_is_refused",
            "a_comment_post_field_of_another_type_is_refused",
            "a_moderation_request_reads_back_as_sent_and_a_mangled_one_is_refused",
            "a_status_query_reads_back_and_any_other_is_refused",
            "a_comment_page_reads_back_as_sent",
            "any_text_is_read_or_refused_without_a_panic",
        ],
    },
    Parser {
        name: "the functions' requests (comment posts, moderation, lists, identity events, Lambda events, client contexts)",
        package: "functions",
        target: Target::Test("handler_properties"),
        source: "functions/tests/handler_properties.rs",
        tests: &[
            "every_function_answers_any_request_without_a_panic_or_a_5xx",
            "lambda_events_of_any_shape_become_a_request_or_a_refusal",
            "client_contexts_of_any_shape_decode_or_give_no_user",
        ],
    },
    Parser {
        name: "list cursors",
        package: "functions",
        target: Target::Lib,
        source: "functions/src/cursor.rs",
        tests: &[
            "cursor::tests::any_issued_cursor_decodes_to_itself",
            "cursor::tests::decoding_arbitrary_text_never_panics",
        ],
    },
    Parser {
        name: "identity event signatures (`x-webhook-signature`)",
        package: "functions",
        target: Target::Lib,
        source: "functions/src/event_signature.rs",
        tests: &[
            "event_signature::tests::any_header_text_is_refused_without_panic",
            "event_signature::tests::a_signature_covers_only_its_body",
        ],
    },
    Parser {
        name: "`netlify.toml`",
        package: "dev-server",
        target: Target::Test("parser_properties"),
        source: "crates/dev-server/tests/parser_properties.rs",
        tests: &["netlify_toml_of_any_shape_is_parsed_or_refused"],
    },
    Parser {
        name: "`_headers`",
        package: "dev-server",
        target: Target::Test("parser_properties"),
        source: "crates/dev-server/tests/parser_properties.rs",
        tests: &["headers_files_of_any_shape_are_parsed_or_refused"],
    },
    Parser {
        name: "redirect patterns (`from` and `to`)",
        package: "dev-server",
        target: Target::Test("parser_properties"),
        source: "crates/dev-server/tests/parser_properties.rs",
        tests: &["from_patterns_compile_or_refuse_and_match_any_path"],
    },
    Parser {
        name: "request paths (dot segments, escapes)",
        package: "dev-server",
        target: Target::Test("parser_properties"),
        source: "crates/dev-server/tests/parser_properties.rs",
        tests: &[
            "a_canonical_path_is_its_own_canonical_path",
            "canonical_path_takes_any_text",
        ],
    },
    Parser {
        name: "front matter and post dates",
        package: "content",
        target: Target::Test("front_matter_properties"),
        source: "crates/content/tests/front_matter_properties.rs",
        tests: &[
            "written_front_matter_reads_back_as_written",
            "a_missing_or_repeated_key_is_refused",
            "an_unknown_key_is_refused",
            "a_date_not_of_the_form_is_refused",
            "a_bad_slug_is_refused",
            "front_matter_without_its_fences_is_refused",
            "any_text_is_a_post_or_a_refusal",
            "a_date_is_shown_as_its_day",
        ],
    },
];

/// Cases per property when `--cases` is not given.
pub const DEFAULT_CASES: u32 = 100_000;

/// Minutes one parser's properties may take before they count as hung, when `--minutes` is
/// not given.
pub const DEFAULT_MINUTES: u64 = 60;

/// The profile the fuzzers are built with: optimised, but with the suite's debug assertions
/// and overflow checks. Defined here (not in Cargo.toml) because nothing else uses it.
const PROFILE: &str = "fuzz";
const PROFILE_CONFIG: [&str; 4] = [
    "profile.fuzz.inherits=\"dev\"",
    "profile.fuzz.opt-level=3",
    "profile.fuzz.debug=false",
    "profile.fuzz.incremental=false",
];

/// Where BENCHMARKS.md's fuzzing section starts and ends; `cargo xtask bench` keeps it.
const BEGIN: &str = "<!-- cargo xtask fuzz: begin -->";
const END: &str = "<!-- cargo xtask fuzz: end -->";

/// What one parser's run gave.
struct Outcome {
    properties: usize,
    seconds: f64,
}

pub fn run(cases: u32, minutes: u64, write: bool) -> anyhow::Result<()> {
    if cases == 0 {
        bail!("--cases must be at least 1");
    }
    let binaries = build()?;
    let limit = Duration::from_secs(minutes.saturating_mul(60));
    let mut rows = Vec::new();
    let mut failures = Vec::new();
    for parser in PARSERS {
        // The deepest folder wins: the workspace root is a package (the blog) too.
        let binary = binaries
            .iter()
            .filter(|b| b.runs(parser))
            .max_by_key(|b| b.manifest_dir.components().count())
            .with_context(|| format!("no test binary for {}", parser.name))?;
        eprintln!(
            "fuzz: {} ({} properties × {cases} cases)",
            parser.name,
            parser.tests.len()
        );
        match run_parser(parser, binary, cases, limit) {
            Ok(outcome) => {
                eprintln!(
                    "fuzz: {}: {} cases in {:.1} s",
                    parser.name,
                    outcome.properties as u64 * u64::from(cases),
                    outcome.seconds
                );
                rows.push((parser, outcome));
            }
            Err(error) => {
                eprintln!("fuzz: {}: FAILED: {error:#}", parser.name);
                failures.push(format!("{}: {error:#}", parser.name));
            }
        }
    }
    if !failures.is_empty() {
        bail!(
            "{} of {} parsers failed (BENCHMARKS.md left as it was):\n{}",
            failures.len(),
            PARSERS.len(),
            failures.join("\n")
        );
    }
    let section = section(cases, minutes, &rows);
    print!("{section}");
    if write {
        let path = crate::root().join("BENCHMARKS.md");
        let old = std::fs::read_to_string(&path).unwrap_or_default();
        std::fs::write(&path, with_section(&old, &section))?;
        eprintln!("wrote the fuzzing section of {}", path.display());
    }
    Ok(())
}

/// A built test binary of one target.
struct Binary {
    /// The integration test's name; `None` for the package's unit tests.
    test: Option<String>,
    executable: PathBuf,
    /// The package's folder (where `cargo test` would run it).
    manifest_dir: PathBuf,
}

impl Binary {
    /// Whether this is the binary of `parser`'s target: the package whose folder holds its
    /// source, and the target it names.
    fn runs(&self, parser: &Parser) -> bool {
        let target = match parser.target {
            Target::Lib => None,
            Target::Test(name) => Some(name),
        };
        crate::root()
            .join(parser.source)
            .starts_with(&self.manifest_dir)
            && self.test.as_deref() == target
    }
}

/// Builds every listed test target once, and returns where cargo put each binary.
fn build() -> anyhow::Result<Vec<Binary>> {
    let mut command = cmd::new("cargo");
    for config in PROFILE_CONFIG {
        command.args(["--config", config]);
    }
    command.args([
        "test",
        "--no-run",
        "--all-features",
        "--profile",
        PROFILE,
        "--message-format",
        "json-render-diagnostics",
    ]);
    let targets: BTreeSet<(&str, Target)> = PARSERS.iter().map(|p| (p.package, p.target)).collect();
    for package in targets.iter().map(|(p, _)| *p).collect::<BTreeSet<_>>() {
        command.args(["-p", package]);
    }
    // `--lib` and `--test` apply to every package given: each named once.
    for target in targets.iter().map(|(_, t)| *t).collect::<BTreeSet<_>>() {
        match target {
            Target::Lib => command.arg("--lib"),
            Target::Test(name) => command.args(["--test", name]),
        };
    }
    eprintln!("$ cargo test --no-run --profile {PROFILE} (optimised, with overflow checks) …");
    let output = command
        .stderr(Stdio::inherit())
        .output()
        .context("cannot run cargo")?;
    if !output.status.success() {
        bail!("building the property tests failed ({})", output.status);
    }
    let mut binaries = Vec::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let Some(executable) = message["executable"].as_str() else {
            continue;
        };
        if message["reason"] != "compiler-artifact" || message["profile"]["test"] != true {
            continue;
        }
        let is_lib = message["target"]["kind"]
            .as_array()
            .is_some_and(|kinds| kinds.iter().any(|k| k == "lib"));
        let manifest = PathBuf::from(message["manifest_path"].as_str().unwrap_or_default());
        binaries.push(Binary {
            test: (!is_lib).then(|| {
                message["target"]["name"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned()
            }),
            executable: executable.into(),
            manifest_dir: manifest.parent().unwrap_or(Path::new(".")).to_path_buf(),
        });
    }
    Ok(binaries)
}

/// Runs one parser's properties with `cases` cases each, killed after `limit`.
fn run_parser(
    parser: &Parser,
    binary: &Binary,
    cases: u32,
    limit: Duration,
) -> anyhow::Result<Outcome> {
    let start = Instant::now();
    let child = Command::new(&binary.executable)
        .args(["--exact", "--test-threads", &threads()])
        .args(parser.tests)
        .current_dir(&binary.manifest_dir)
        .env("CARGO_MANIFEST_DIR", &binary.manifest_dir)
        .env("PROPTEST_CASES", cases.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot run {}", binary.executable.display()))?;
    let (status, stdout, stderr) = wait_with_limit(child, limit)?;
    let seconds = start.elapsed().as_secs_f64();
    let Some(success) = status else {
        bail!(
            "still running after {} minutes: killed (a hang?)",
            limit.as_secs() / 60
        );
    };
    let passed = passed(&stdout);
    if !success || passed != Some(parser.tests.len()) {
        eprintln!("{stdout}{stderr}");
        bail!(
            "{} of {} properties passed{}",
            passed.unwrap_or(0),
            parser.tests.len(),
            if success {
                " (a listed property is gone?)"
            } else {
                ""
            }
        );
    }
    Ok(Outcome {
        properties: parser.tests.len(),
        seconds,
    })
}

/// Waits for the child, killing it after `limit`: `None` when it had to be killed.
fn wait_with_limit(
    mut child: Child,
    limit: Duration,
) -> anyhow::Result<(Option<bool>, String, String)> {
    use std::io::Read;
    let mut out = child.stdout.take().context("stdout")?;
    let mut err = child.stderr.take().context("stderr")?;
    // Read both pipes while waiting, so a chatty failure cannot fill one and stall the child.
    let out = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = out.read_to_string(&mut text);
        text
    });
    let err = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = err.read_to_string(&mut text);
        text
    });
    let deadline = Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break Some(status.success());
        }
        if Instant::now() >= deadline {
            child.kill()?;
            child.wait()?;
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let out = out.join().unwrap_or_default();
    let err = err.join().unwrap_or_default();
    Ok((status, out, err))
}

/// The `N passed` of libtest's `test result:` line.
fn passed(stdout: &str) -> Option<usize> {
    let line = stdout.lines().find(|l| l.starts_with("test result:"))?;
    let (before, _) = line.split_once(" passed")?;
    before.rsplit(' ').next()?.parse().ok()
}

fn threads() -> String {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .to_string()
}

/// BENCHMARKS.md's fuzzing section, markers included.
fn section(cases: u32, minutes: u64, rows: &[(&Parser, Outcome)]) -> String {
    let mut table = String::from(
        "| parser | properties | cases each | cases in all | time |\n|---|---:|---:|---:|---:|\n",
    );
    let mut total_cases = 0u64;
    let mut total_seconds = 0.0;
    let mut total_properties = 0;
    for (parser, outcome) in rows {
        let all = outcome.properties as u64 * u64::from(cases);
        total_cases += all;
        total_seconds += outcome.seconds;
        total_properties += outcome.properties;
        table.push_str(&format!(
            "| {} | {} | {} | {} | {:.1} s |\n",
            parser.name,
            outcome.properties,
            thousands(u64::from(cases)),
            thousands(all),
            outcome.seconds
        ));
    }
    table.push_str(&format!(
        "| **all** | {total_properties} | | {} | {:.1} s |\n",
        thousands(total_cases),
        total_seconds
    ));
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!(
        "{BEGIN}\n\
         ## Fuzzing\n\n\
         `cargo xtask fuzz --cases {cases}` on {date}, on {cores} cores (the time limit was {minutes} minutes per parser).\n\n\
         Every property test of the suite (the fuzzers: each feeds a parser generated input from \
         a fixed seed, and fails on a panic, a broken round trip or a mangled input accepted) run \
         with `PROPTEST_CASES={cases}` instead of the suite's 256, built optimised with overflow \
         checks on. A property that passes has run exactly that many passing cases (proptest \
         does not count inputs a strategy discards), so the counts below are the cases each \
         property was asked for; every one of them passed: no panic, no hang, no property broken. \
         Times are the wall clock of each parser's test binary, its properties on {cores} threads, \
         on a machine other builds may share.\n\n\
         {table}\
         {END}\n",
        date = today(),
    )
}

/// `1234567` as `1,234,567`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn today() -> String {
    cmd::probe(cmd::new("date").arg("-u").arg("+%Y-%m-%d"))
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_owned())
        .unwrap_or_default()
}

/// The fuzzing section of a BENCHMARKS.md text, markers included, if it has one.
pub fn section_of(text: &str) -> Option<&str> {
    let start = text.find(BEGIN)?;
    let end = text[start..].find(END)? + start + END.len();
    Some(&text[start..end])
}

/// `text` with its fuzzing section replaced by `section`, or `section` added at the end.
pub fn with_section(text: &str, section: &str) -> String {
    let section = section.trim_end();
    match section_of(text) {
        Some(old) => text.replacen(old, section, 1),
        None if text.trim().is_empty() => format!("{section}\n"),
        None => format!("{}\n\n{section}\n", text.trim_end()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The property tests of one source file: every `#[test]` function from its first
    /// `proptest!` block on (the blocks close the test modules).
    fn properties_in(source: &str) -> BTreeSet<String> {
        let Some(start) = source.find("proptest! {") else {
            return BTreeSet::new();
        };
        let mut names = BTreeSet::new();
        let mut test = false;
        for line in source[start..].lines().map(str::trim) {
            if line == "#[test]" {
                test = true;
            } else if let Some(rest) = line.strip_prefix("fn ").filter(|_| test) {
                names.insert(rest.split('(').next().unwrap_or(rest).trim().to_owned());
                test = false;
            }
        }
        names
    }

    fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// The list is the suite: every property test of every crate is in it under its own file,
    /// and nothing in it is missing from the sources.
    #[test]
    fn the_parser_list_names_every_property_test_of_the_suite() {
        let root = crate::root();
        let mut files = Vec::new();
        for dir in ["crates", "functions", "src", "tests", "examples"] {
            rust_files(&root.join(dir), &mut files);
        }
        let mut with_properties = BTreeSet::new();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let found = properties_in(&text);
            if found.is_empty() {
                continue;
            }
            let source = file
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let listed: BTreeSet<String> = PARSERS
                .iter()
                .filter(|p| p.source == source)
                .flat_map(|p| p.tests)
                .map(|t| t.rsplit("::").next().unwrap_or(t).to_owned())
                .collect();
            assert_eq!(
                listed, found,
                "the property tests of {source} and PARSERS disagree"
            );
            with_properties.insert(source);
        }
        for parser in PARSERS {
            assert!(
                with_properties.contains(parser.source),
                "{} lists {}, which has no property test",
                parser.name,
                parser.source
            );
        }
    }

    #[test]
    fn unit_test_names_carry_their_module_path() {
        for parser in PARSERS {
            let module = parser
                .source
                .split_once("/src/")
                .map(|(_, m)| m.trim_end_matches(".rs").replace('/', "::"));
            for test in parser.tests {
                match (&parser.target, &module) {
                    (Target::Lib, Some(module)) => assert!(
                        test.starts_with(&format!("{module}::tests::")),
                        "{test} is not in {module}::tests"
                    ),
                    (Target::Test(_), None) => assert!(!test.contains("::"), "{test}"),
                    _ => panic!(
                        "{}: {} is not a {} source",
                        parser.name,
                        parser.source,
                        if parser.target == Target::Lib {
                            "lib"
                        } else {
                            "tests/"
                        }
                    ),
                }
            }
        }
    }

    #[test]
    fn the_passed_count_is_read_from_libtest() {
        let out = "running 2 tests\ntest a ... ok\ntest b ... ok\n\ntest result: ok. 2 passed; 0 failed; 0 ignored; 0 measured; 40 filtered out; finished in 1.20s\n";
        assert_eq!(passed(out), Some(2));
        let failed = "test result: FAILED. 1 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s\n";
        assert_eq!(passed(failed), Some(1));
        assert_eq!(passed("error: no such test"), None);
    }

    #[test]
    fn the_section_is_replaced_in_place_or_added_at_the_end() {
        let section = format!("{BEGIN}\n## Fuzzing\n\nnew\n{END}\n");
        let old = format!("# Benchmarks\n\n## A\n\n{BEGIN}\n## Fuzzing\n\nold\n{END}\n\n## B\n");
        let replaced = with_section(&old, &section);
        assert_eq!(
            replaced,
            format!("# Benchmarks\n\n## A\n\n{BEGIN}\n## Fuzzing\n\nnew\n{END}\n\n## B\n")
        );
        assert_eq!(section_of(&replaced), Some(section.trim_end()));
        let added = with_section("# Benchmarks\n\n## A\n", &section);
        assert_eq!(added, format!("# Benchmarks\n\n## A\n\n{section}"));
        assert_eq!(section_of("# Benchmarks\n"), None);
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(2_300_000), "2,300,000");
    }
}
