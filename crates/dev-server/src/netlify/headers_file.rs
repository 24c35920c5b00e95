//! The `_headers` file of the publish directory, in Netlify's syntax: a path line, then
//! indented `Name: value` lines; `#` starts a comment line
//! (docs.netlify.com/manage/routing/headers#syntax-for-the-headers-file).
//!
//! ```text
//! # every page
//! /*
//!   X-Frame-Options: DENY
//! /blog-0123abcd_bg.wasm
//!   Cache-Control: public, max-age=31536000, immutable
//! ```
//!
//! As netlify/build's parser does, a name repeated within one block is joined into one
//! comma-separated value.

use std::path::Path;

use axum::http::{HeaderName, HeaderValue};

use super::error::{ConfigError, Notice, NoticeKind, RuleProblem};
use super::headers::HeaderRule;
use super::netlify_toml::is_managed_header;
use super::pattern::ForPattern;

/// The rules of a `_headers` file, in file order, and what was left out. `path` names the
/// file in messages.
///
/// ```
/// use dev_server::netlify::parse_headers_file;
/// let (rules, _) = parse_headers_file("/*\n  X-Frame-Options: DENY\n", "_headers".as_ref()).unwrap();
/// assert!(rules[0].path.matches("/anything"));
/// ```
pub fn parse_headers_file(
    text: &str,
    path: &Path,
) -> Result<(Vec<HeaderRule>, Vec<Notice>), ConfigError> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut notices = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line_number = index + 1;
        let fail = |problem| ConfigError::Rule {
            path: path.to_owned(),
            rule: format!("line {line_number}"),
            problem,
        };
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with('/') {
            let pattern = ForPattern::parse(line).map_err(fail)?;
            blocks.push(Block {
                path: line.to_owned(),
                pattern: Some(pattern),
                values: Vec::new(),
            });
            continue;
        }
        // A path line may name a host; its block is read (so its lines are not taken for
        // the previous block's headers) and left out.
        if line.starts_with("http://") || line.starts_with("https://") {
            notices.push(Notice {
                path: path.to_owned(),
                rule: format!("line {line_number} ({line})"),
                kind: NoticeKind::DomainLevel,
            });
            blocks.push(Block {
                path: line.to_owned(),
                pattern: None,
                values: Vec::new(),
            });
            continue;
        }
        let Some((name, value)) = line.split_once(':') else {
            return Err(fail(RuleProblem::Malformed(line.to_owned())));
        };
        let (name, value) = (name.trim(), value.trim());
        if name.is_empty() {
            return Err(fail(RuleProblem::EmptyName));
        }
        if value.is_empty() {
            return Err(fail(RuleProblem::EmptyValue(name.to_owned())));
        }
        let Some(block) = blocks.last_mut() else {
            return Err(fail(RuleProblem::HeaderBeforePath(name.to_owned())));
        };
        let header = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| fail(RuleProblem::BadHeaderName(name.to_owned())))?;
        if is_managed_header(&header) {
            notices.push(Notice {
                path: path.to_owned(),
                rule: format!("line {line_number} ({})", block.path),
                kind: NoticeKind::ManagedHeader(name.to_owned()),
            });
            continue;
        }
        let earlier = block.values.iter().position(|(n, _)| *n == header);
        let joined = match earlier {
            Some(at) => [block.values[at].1.as_bytes(), b", ", value.as_bytes()].concat(),
            None => value.as_bytes().to_vec(),
        };
        let value = HeaderValue::from_bytes(&joined)
            .map_err(|_| fail(RuleProblem::BadHeaderValue(name.to_owned())))?;
        match earlier {
            Some(at) => block.values[at].1 = value,
            None => block.values.push((header, value)),
        }
    }
    let rules = blocks
        .into_iter()
        .filter_map(|block| {
            Some(HeaderRule {
                path: block.pattern?,
                values: block.values,
            })
        })
        .collect();
    Ok((rules, notices))
}

struct Block {
    path: String,
    /// `None` for a block the local stack leaves out (a host's rules).
    pattern: Option<ForPattern>,
    values: Vec<(HeaderName, HeaderValue)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<(Vec<HeaderRule>, Vec<Notice>), ConfigError> {
        parse_headers_file(text, Path::new("dist/_headers"))
    }

    fn problem(text: &str) -> (String, RuleProblem) {
        match parse(text) {
            Err(ConfigError::Rule { rule, problem, .. }) => (rule, problem),
            other => panic!("expected a rule error, got {other:?}"),
        }
    }

    #[test]
    fn a_hosts_block_is_left_out_whole() {
        let text = "https://example.com/*\n  X-Host: yes\n/*\n  X-All: yes\n";
        let (rules, notices) = parse(text).unwrap();
        assert_eq!(rules.len(), 1);
        assert_eq!(rules[0].values.len(), 1);
        assert_eq!(rules[0].values[0].0, "x-all");
        assert!(matches!(notices[0].kind, NoticeKind::DomainLevel));
    }

    #[test]
    fn blocks_with_comments_and_blank_lines() {
        let text = "# Written by the build\n\n/*\n  Content-Security-Policy: default-src 'self'\n  X-Test: a:b\n\n# hashed\n/blog-0123abcd.js\n  Cache-Control: public, max-age=31536000, immutable\n";
        let (rules, notices) = parse(text).unwrap();
        assert!(notices.is_empty());
        assert_eq!(rules.len(), 2);
        assert!(rules[0].path.matches("/x/y"));
        assert_eq!(rules[0].values[0].0, "content-security-policy");
        assert_eq!(rules[0].values[0].1, "default-src 'self'");
        assert_eq!(rules[0].values[1].1, "a:b");
        assert!(rules[1].path.matches("/blog-0123abcd.js"));
        assert!(!rules[1].path.matches("/index.html"));
        assert_eq!(rules[1].values[0].1, "public, max-age=31536000, immutable");
    }

    #[test]
    fn a_name_repeated_in_a_block_is_joined() {
        let text = "/*\n  cache-control: max-age=0\n  cache-control: no-cache\n";
        let (rules, _) = parse(text).unwrap();
        assert_eq!(rules[0].values.len(), 1);
        assert_eq!(rules[0].values[0].1, "max-age=0, no-cache");
    }

    #[test]
    fn unindented_headers_and_crlf_are_accepted() {
        let (rules, _) = parse("/a\r\nX-A: 1\r\n").unwrap();
        assert_eq!(rules[0].values[0].1, "1");
    }

    #[test]
    fn empty_file_and_path_without_headers() {
        assert!(parse("").unwrap().0.is_empty());
        let (rules, _) = parse("/a\n/b\n  X-B: 1\n").unwrap();
        assert!(rules[0].values.is_empty());
        assert_eq!(rules[1].values.len(), 1);
    }

    #[test]
    fn malformed_lines_are_refused_with_their_line() {
        assert_eq!(
            problem("/*\n  X-A: 1\n  just words\n"),
            ("line 3".into(), RuleProblem::Malformed("just words".into()))
        );
        assert_eq!(
            problem("X-A: 1\n/*\n"),
            ("line 1".into(), RuleProblem::HeaderBeforePath("X-A".into()))
        );
        assert_eq!(
            problem("/*\n  X-A:\n"),
            ("line 2".into(), RuleProblem::EmptyValue("X-A".into()))
        );
        assert_eq!(
            problem("/*\n  : v\n"),
            ("line 2".into(), RuleProblem::EmptyName)
        );
        assert_eq!(
            problem("/*\n  Bad Name: v\n"),
            (
                "line 2".into(),
                RuleProblem::BadHeaderName("Bad Name".into())
            )
        );
        assert_eq!(
            problem("/*\n  X-A: a\u{7}b\n"),
            ("line 2".into(), RuleProblem::BadHeaderValue("X-A".into()))
        );
    }

    #[test]
    fn the_error_names_the_file() {
        let message = parse("oops\n").unwrap_err().to_string();
        assert!(message.starts_with("dist/_headers: line 1:"), "{message}");
    }

    #[test]
    fn headers_netlify_sets_itself_are_left_out_with_a_notice() {
        let (rules, notices) = parse("/*\n  Content-Length: 3\n  X-A: 1\n").unwrap();
        assert_eq!(rules[0].values.len(), 1);
        assert_eq!(
            notices[0].kind,
            NoticeKind::ManagedHeader("Content-Length".into())
        );
        assert!(notices[0].to_string().contains("line 2 (/*)"));
    }
}
