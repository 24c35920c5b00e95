//! The `[[redirects]]` and `[[headers]]` of `netlify.toml`, checked and typed. Other tables
//! (`[build]`, `[functions]`, `[dev]`, ...) are not the CDN's business and are not read.
//!
//! Fields as netlify/build's parsers read them (`redirect-parser/src/normalize.js`,
//! `headers-parser/src/normalize.ts`): `status` defaults to 301; `to` may be left out of a
//! 2xx rule whose `from` ends in `/*` (it is then `from` with `/*` turned into `/:splat`);
//! condition keys may be capitalised or not, and a condition list may be a comma-separated
//! string; a header value may be an array (joined with `, `), and a multi-line value is
//! folded at its commas.

use std::path::Path;

use axum::http::{HeaderName, HeaderValue, Uri};
use toml::{Table, Value};

use super::error::{ConfigError, Notice, NoticeKind, RuleProblem};
use super::headers::HeaderRule;
use super::pattern::{ForPattern, FromPattern};
use super::redirects::{Action, RedirectRule};

/// What `netlify.toml` says to the CDN.
#[derive(Debug, Clone, Default)]
pub struct NetlifyToml {
    /// The usable redirect rules, in file order.
    pub redirects: Vec<RedirectRule>,
    /// The header rules, in file order.
    pub headers: Vec<HeaderRule>,
    /// What was left out, to log at start.
    pub notices: Vec<Notice>,
}

/// Parses the text of `netlify.toml`; `path` names the file in messages.
///
/// ```
/// use dev_server::netlify::parse_netlify_toml;
/// let site = parse_netlify_toml(r#"
///     [[redirects]]
///     from = "/*"
///     to = "/index.html"
///     status = 200
/// "#, "netlify.toml".as_ref()).unwrap();
/// assert_eq!(site.redirects.len(), 1);
/// ```
pub fn parse_netlify_toml(text: &str, path: &Path) -> Result<NetlifyToml, ConfigError> {
    let table: Table = text.parse().map_err(|source| ConfigError::Toml {
        path: path.to_owned(),
        source: Box::new(source),
    })?;
    let mut site = NetlifyToml::default();
    for (index, rule) in array_of_tables(&table, "redirects", path)?
        .into_iter()
        .enumerate()
    {
        let name = describe(index, "redirects", rule.get("from"));
        let fail = |problem| ConfigError::Rule {
            path: path.to_owned(),
            rule: name.clone(),
            problem,
        };
        match redirect(rule).map_err(fail)? {
            Parsed::Rule(rule, ignored) => {
                site.notices.extend(ignored.into_iter().map(|key| Notice {
                    path: path.to_owned(),
                    rule: name.clone(),
                    kind: NoticeKind::UnknownKey(key),
                }));
                site.redirects.push(rule);
            }
            Parsed::Skipped(kind) => site.notices.push(Notice {
                path: path.to_owned(),
                rule: name.clone(),
                kind,
            }),
        }
    }
    for (index, rule) in array_of_tables(&table, "headers", path)?
        .into_iter()
        .enumerate()
    {
        let name = describe(index, "headers", rule.get("for"));
        let fail = |problem| ConfigError::Rule {
            path: path.to_owned(),
            rule: name.clone(),
            problem,
        };
        let (rule, managed) = header_rule(rule).map_err(fail)?;
        site.notices
            .extend(managed.into_iter().map(|header| Notice {
                path: path.to_owned(),
                rule: name.clone(),
                kind: NoticeKind::ManagedHeader(header),
            }));
        site.headers.push(rule);
    }
    Ok(site)
}

/// Whether Netlify's servers set this header themselves, so a custom value is ignored
/// (the list of docs.netlify.com/manage/routing/headers#limitations).
pub(crate) fn is_managed_header(name: &HeaderName) -> bool {
    [
        "accept-ranges",
        "age",
        "allow",
        "alt-svc",
        "connection",
        "content-encoding",
        "content-length",
        "content-range",
        "date",
        "location",
        "server",
        "trailer",
        "transfer-encoding",
        "upgrade",
    ]
    .contains(&name.as_str())
}

/// `[[redirects]] #3 (from = "/x")`: 1-based, as people count.
fn describe(index: usize, key: &str, path: Option<&Value>) -> String {
    let field = if key == "redirects" { "from" } else { "for" };
    match path.and_then(Value::as_str) {
        Some(path) => format!("[[{key}]] #{} ({field} = \"{path}\")", index + 1),
        None => format!("[[{key}]] #{}", index + 1),
    }
}

fn array_of_tables<'a>(
    table: &'a Table,
    key: &'static str,
    path: &Path,
) -> Result<Vec<&'a Table>, ConfigError> {
    let shape = |problem| ConfigError::Shape {
        path: path.to_owned(),
        key,
        problem,
    };
    match table.get(key) {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| {
                item.as_table()
                    .ok_or_else(|| shape("must hold only tables"))
            })
            .collect(),
        Some(_) => Err(shape(
            "must be an array of tables (`[[redirects]]`, `[[headers]]`)",
        )),
    }
}

enum Parsed {
    Rule(RedirectRule, Vec<String>),
    Skipped(NoticeKind),
}

const REDIRECT_KEYS: &[&str] = &[
    "from",
    "to",
    "status",
    "force",
    "conditions",
    "query",
    "headers",
    "signed",
];

fn redirect(rule: &Table) -> Result<Parsed, RuleProblem> {
    let from = match rule.get("from") {
        None => return Err(RuleProblem::MissingFrom),
        Some(value) => string(value, "from")?.trim(),
    };
    if from.starts_with("http://") || from.starts_with("https://") {
        return Ok(Parsed::Skipped(NoticeKind::DomainLevel));
    }
    if from == "/.netlify" || from.starts_with("/.netlify/") {
        return Err(RuleProblem::NetlifyPath);
    }
    let status = match rule.get("status") {
        None => 301,
        Some(Value::Integer(status)) => *status,
        Some(_) => return Err(wrong_type("status", "an integer")),
    };
    let action = Action::from_status(status).ok_or(RuleProblem::UnknownStatus(status))?;
    let force = match rule.get("force") {
        None => false,
        Some(Value::Boolean(force)) => *force,
        Some(_) => return Err(wrong_type("force", "true or false")),
    };
    let from_pattern = FromPattern::parse(from)?;
    let to = match rule.get("to") {
        Some(value) => string(value, "to")?.trim().to_owned(),
        None if from.ends_with("/*") && action == Action::Rewrite => {
            format!("{}/:splat", from.trim_end_matches("/*"))
        }
        None => return Err(RuleProblem::MissingTo),
    };
    let absolute = to.starts_with("http://") || to.starts_with("https://");
    if absolute {
        if !matches!(action, Action::Redirect(_)) {
            return Ok(Parsed::Skipped(NoticeKind::Proxy(to)));
        }
        // `:name`s are replaced with path text, which keeps a valid URL valid.
        to.parse::<Uri>()
            .map_err(|_| RuleProblem::BadTarget(to.clone()))?;
    } else if !to.starts_with('/') {
        return Err(RuleProblem::NotAPath {
            field: "to",
            value: to,
        });
    } else {
        to.parse::<axum::http::uri::PathAndQuery>()
            .map_err(|_| RuleProblem::BadTarget(to.clone()))?;
    }
    let roles = match rule.get("conditions") {
        None => Vec::new(),
        Some(Value::Table(conditions)) => match roles(conditions)? {
            Ok(roles) => roles,
            Err(skip) => return Ok(Parsed::Skipped(skip)),
        },
        Some(_) => return Err(wrong_type("conditions", "a table")),
    };
    for key in ["query", "headers"] {
        match rule.get(key) {
            None => {}
            Some(Value::Table(table)) if table.is_empty() => {}
            Some(Value::Table(_)) if key == "query" => {
                return Ok(Parsed::Skipped(NoticeKind::QueryMatch))
            }
            Some(Value::Table(_)) => {
                return Ok(Parsed::Skipped(NoticeKind::ProxyOption(key.to_owned())))
            }
            Some(_) => return Err(wrong_type(key, "a table")),
        }
    }
    if rule.contains_key("signed") {
        return Ok(Parsed::Skipped(NoticeKind::ProxyOption(
            "signed".to_owned(),
        )));
    }
    let ignored = rule
        .keys()
        .filter(|key| !REDIRECT_KEYS.contains(&key.as_str()))
        .cloned()
        .collect();
    let rule = RedirectRule {
        from: from_pattern,
        to,
        action,
        force,
        roles,
    };
    Ok(Parsed::Rule(rule, ignored))
}

/// The `Role` condition's roles, or why the rule must be skipped (another condition).
fn roles(conditions: &Table) -> Result<Result<Vec<String>, NoticeKind>, RuleProblem> {
    let mut roles = Vec::new();
    for (key, value) in conditions {
        if !key.eq_ignore_ascii_case("role") {
            return Ok(Err(NoticeKind::Condition(key.clone())));
        }
        let field = || format!("conditions.{key}");
        match value {
            Value::String(list) => roles.extend(
                list.split(',')
                    .map(str::trim)
                    .filter(|r| !r.is_empty())
                    .map(str::to_owned),
            ),
            Value::Array(items) => {
                for item in items {
                    let role = item.as_str().ok_or_else(|| RuleProblem::WrongType {
                        field: field(),
                        expected: "a list of role names",
                    })?;
                    roles.push(role.to_owned());
                }
            }
            _ => {
                return Err(RuleProblem::WrongType {
                    field: field(),
                    expected: "a list of role names",
                })
            }
        }
    }
    Ok(Ok(roles))
}

fn header_rule(rule: &Table) -> Result<(HeaderRule, Vec<String>), RuleProblem> {
    let path = match rule.get("for") {
        None => return Err(RuleProblem::MissingFor),
        Some(value) => string(value, "for")?,
    };
    let pattern = ForPattern::parse(path)?;
    let mut values = Vec::new();
    let mut managed = Vec::new();
    let table = match rule.get("values") {
        None => None,
        Some(Value::Table(table)) => Some(table),
        Some(_) => return Err(wrong_type("values", "a table of header names")),
    };
    for (name, value) in table.into_iter().flatten() {
        let name = name.trim();
        let header = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| RuleProblem::BadHeaderName(name.to_owned()))?;
        let text = match value {
            Value::String(text) => fold(text),
            Value::Array(items) => {
                let mut parts = Vec::with_capacity(items.len());
                for item in items {
                    let part = item
                        .as_str()
                        .ok_or_else(|| wrong_type(name, "a string or a list of strings"))?;
                    parts.push(part.trim().to_owned());
                }
                parts.join(", ")
            }
            _ => return Err(wrong_type(name, "a string or a list of strings")),
        };
        if is_managed_header(&header) {
            managed.push(name.to_owned());
            continue;
        }
        let value = HeaderValue::from_str(&text)
            .map_err(|_| RuleProblem::BadHeaderValue(name.to_owned()))?;
        values.push((header, value));
    }
    Ok((
        HeaderRule {
            path: pattern,
            values,
        },
        managed,
    ))
}

/// A (possibly multi-line) TOML string as one header value: trimmed, with the white space
/// around its commas folded to `, `.
fn fold(text: &str) -> String {
    let parts: Vec<&str> = text.split(',').map(str::trim).collect();
    parts.join(", ")
}

fn string<'a>(value: &'a Value, field: &str) -> Result<&'a str, RuleProblem> {
    value.as_str().ok_or_else(|| wrong_type(field, "a string"))
}

fn wrong_type(field: &str, expected: &'static str) -> RuleProblem {
    RuleProblem::WrongType {
        field: field.to_owned(),
        expected,
    }
}

#[cfg(test)]
mod tests {
    use axum::http::StatusCode;

    use super::*;

    fn parse(text: &str) -> Result<NetlifyToml, ConfigError> {
        parse_netlify_toml(text, Path::new("site/netlify.toml"))
    }

    fn problem(text: &str) -> (String, RuleProblem) {
        match parse(text) {
            Err(ConfigError::Rule { rule, problem, .. }) => (rule, problem),
            other => panic!("expected a rule error, got {other:?}"),
        }
    }

    /// The repository's own configuration, as deployed.
    const SITE: &str = include_str!("../../../../netlify.toml");

    #[test]
    fn the_sites_own_config_parses_completely() {
        let site = parse(SITE).unwrap();
        assert!(site.notices.is_empty(), "{:?}", site.notices);
        assert!(site.redirects.len() >= 5);
        assert_eq!(site.redirects[0].roles, ["admin"]);
        assert!(site.redirects[0].force);
        assert_eq!(site.redirects[0].action, Action::Rewrite);
        let last = site.redirects.last().unwrap();
        assert_eq!(last.to, "/404.json");
        assert!(!last.force);
        assert!(!site.headers.is_empty());
    }

    #[test]
    fn defaults_status_301_and_no_force() {
        let site = parse("[[redirects]]\nfrom = \"/a\"\nto = \"/b\"\n").unwrap();
        let rule = &site.redirects[0];
        assert_eq!(rule.action, Action::Redirect(StatusCode::MOVED_PERMANENTLY));
        assert!(!rule.force);
        assert!(rule.roles.is_empty());
    }

    #[test]
    fn forward_rule_may_leave_out_to() {
        let site = parse("[[redirects]]\nfrom = \"/app/*\"\nstatus = 200\n").unwrap();
        assert_eq!(site.redirects[0].to, "/app/:splat");
        assert_eq!(
            problem("[[redirects]]\nfrom = \"/app/*\"\nstatus = 301\n").1,
            RuleProblem::MissingTo
        );
    }

    #[test]
    fn role_conditions_in_every_spelling() {
        for conditions in [
            "{ Role = [\"admin\", \"editor\"] }",
            "{ role = [\"admin\", \"editor\"] }",
            "{ Role = \"admin, editor\" }",
        ] {
            let text =
                format!("[[redirects]]\nfrom = \"/a\"\nto = \"/b\"\nconditions = {conditions}\n");
            assert_eq!(
                parse(&text).unwrap().redirects[0].roles,
                ["admin", "editor"]
            );
        }
    }

    #[test]
    fn rules_the_stack_cannot_follow_are_skipped_with_a_notice() {
        for (rule, kind) in [
            (
                "from = \"/fr/*\"\nto = \"/fr/:splat\"\nconditions = { Country = [\"fr\"] }",
                NoticeKind::Condition("Country".into()),
            ),
            (
                "from = \"/x\"\nto = \"/y\"\nconditions = { Role = [\"admin\"], Language = [\"en\"] }",
                NoticeKind::Condition("Language".into()),
            ),
            (
                "from = \"/x\"\nto = \"/y\"\nconditions = { Cookie = [\"ab\"] }",
                NoticeKind::Condition("Cookie".into()),
            ),
            (
                "from = \"/api/*\"\nto = \"https://api.example.com/:splat\"\nstatus = 200",
                NoticeKind::Proxy("https://api.example.com/:splat".into()),
            ),
            (
                "from = \"https://old.example.com/*\"\nto = \"/:splat\"",
                NoticeKind::DomainLevel,
            ),
            (
                "from = \"/store\"\nto = \"/blog/:id\"\nquery = { id = \":id\" }",
                NoticeKind::QueryMatch,
            ),
            (
                "from = \"/a\"\nto = \"/.netlify/functions/f\"\nstatus = 200\nheaders = { X-From = \"Netlify\" }",
                NoticeKind::ProxyOption("headers".into()),
            ),
            (
                "from = \"/a\"\nto = \"/b\"\nstatus = 200\nsigned = \"API_SIGNATURE_TOKEN\"",
                NoticeKind::ProxyOption("signed".into()),
            ),
        ] {
            let text = format!("[[redirects]]\n{rule}\n[[redirects]]\nfrom = \"/*\"\nto = \"/index.html\"\nstatus = 200\n");
            let site = parse(&text).unwrap();
            assert_eq!(site.redirects.len(), 1, "{rule}");
            assert_eq!(site.notices.len(), 1, "{rule}");
            assert_eq!(site.notices[0].kind, kind, "{rule}");
            assert!(site.notices[0].rule.starts_with("[[redirects]] #1 (from = "));
        }
    }

    #[test]
    fn external_redirects_are_kept() {
        let site =
            parse("[[redirects]]\nfrom = \"/gh\"\nto = \"https://github.com/x\"\nstatus = 302\n")
                .unwrap();
        assert_eq!(site.redirects.len(), 1);
        assert!(site.notices.is_empty());
    }

    #[test]
    fn unknown_keys_are_noticed_and_the_rule_kept() {
        let site = parse("[[redirects]]\nfrom = \"/a\"\nto = \"/b\"\nstauts = 200\n").unwrap();
        assert_eq!(site.redirects.len(), 1);
        assert_eq!(
            site.notices[0].kind,
            NoticeKind::UnknownKey("stauts".into())
        );
        let empty = parse("[[redirects]]\nfrom = \"/a\"\nto = \"/b\"\nquery = {}\n").unwrap();
        assert!(empty.notices.is_empty());
    }

    #[test]
    fn bad_rules_are_refused_naming_the_rule() {
        assert_eq!(
            problem("[[redirects]]\nto = \"/b\"\n"),
            ("[[redirects]] #1".into(), RuleProblem::MissingFrom)
        );
        assert_eq!(
            problem("[[redirects]]\nfrom = \"/a\"\nto = \"/b\"\n[[redirects]]\nfrom = \"/c\"\nto = \"/d\"\nstatus = 299\n"),
            ("[[redirects]] #2 (from = \"/c\")".into(), RuleProblem::UnknownStatus(299))
        );
        assert_eq!(
            problem("[[redirects]]\nfrom = \"/a\"\n").1,
            RuleProblem::MissingTo
        );
        assert_eq!(
            problem("[[redirects]]\nfrom = \"/a\"\nto = \"/b\"\nstatus = \"200\"\n").1,
            wrong_type("status", "an integer")
        );
        assert_eq!(
            problem("[[redirects]]\nfrom = \"/a\"\nto = \"/b\"\nforce = \"yes\"\n").1,
            wrong_type("force", "true or false")
        );
        assert_eq!(
            problem("[[redirects]]\nfrom = \"a\"\nto = \"/b\"\n").1,
            RuleProblem::NotAPath {
                field: "from",
                value: "a".into()
            }
        );
        assert_eq!(
            problem("[[redirects]]\nfrom = \"/a\"\nto = \"b\"\n").1,
            RuleProblem::NotAPath {
                field: "to",
                value: "b".into()
            }
        );
        assert_eq!(
            problem("[[redirects]]\nfrom = \"/a\"\nto = \"/b c\"\n").1,
            RuleProblem::BadTarget("/b c".into())
        );
        assert_eq!(
            problem("[[redirects]]\nfrom = \"/.netlify/functions/*\"\nto = \"/b\"\n").1,
            RuleProblem::NetlifyPath
        );
        assert_eq!(
            problem("[[redirects]]\nfrom = \"/*/x\"\nto = \"/b\"\n").1,
            RuleProblem::SplatNotAtEnd("/*/x".into())
        );
        assert_eq!(
            problem("[[redirects]]\nfrom = \"/a\"\nto = \"/b\"\nconditions = { Role = [1] }\n").1,
            RuleProblem::WrongType {
                field: "conditions.Role".into(),
                expected: "a list of role names"
            }
        );
    }

    #[test]
    fn malformed_toml_names_the_file() {
        let error = parse("[[redirects]\nfrom = \"/a\"").unwrap_err();
        assert!(matches!(error, ConfigError::Toml { .. }));
        assert!(error
            .to_string()
            .starts_with("site/netlify.toml is not valid TOML"));
    }

    #[test]
    fn redirects_must_be_an_array_of_tables() {
        let error = parse("redirects = \"/a /b\"\n").unwrap_err();
        assert!(matches!(
            error,
            ConfigError::Shape {
                key: "redirects",
                ..
            }
        ));
        let error = parse("headers = [1]\n").unwrap_err();
        assert!(matches!(error, ConfigError::Shape { key: "headers", .. }));
    }

    #[test]
    fn header_values_strings_lists_and_folded_lines() {
        let text = "[[headers]]\nfor = \"/*\"\n[headers.values]\nX-A = \"1\"\nCache-Control = '''\n  max-age=0,\n  no-cache,\n  no-store'''\nLink = [\"</a.css>; rel=preload\", \"</b.js>; rel=preload\"]\n";
        let site = parse(text).unwrap();
        let values = &site.headers[0].values;
        assert_eq!(values.len(), 3);
        let get = |name: &str| {
            values
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.to_str().unwrap().to_owned())
        };
        assert_eq!(get("x-a").as_deref(), Some("1"));
        assert_eq!(
            get("cache-control").as_deref(),
            Some("max-age=0, no-cache, no-store")
        );
        assert_eq!(
            get("link").as_deref(),
            Some("</a.css>; rel=preload, </b.js>; rel=preload")
        );
    }

    #[test]
    fn bad_header_rules_are_refused() {
        assert_eq!(
            problem("[[headers]]\n[headers.values]\nX-A = \"1\"\n"),
            ("[[headers]] #1".into(), RuleProblem::MissingFor)
        );
        assert_eq!(
            problem("[[headers]]\nfor = \"/*\"\n[headers.values]\n\"Bad Name\" = \"1\"\n").1,
            RuleProblem::BadHeaderName("Bad Name".into())
        );
        assert_eq!(
            problem("[[headers]]\nfor = \"/*\"\n[headers.values]\nX-A = 1\n").1,
            wrong_type("X-A", "a string or a list of strings")
        );
        assert_eq!(
            problem("[[headers]]\nfor = \"*.js\"\n[headers.values]\nX-A = \"1\"\n").1,
            RuleProblem::NotAPath {
                field: "for",
                value: "*.js".into()
            }
        );
    }

    #[test]
    fn managed_headers_are_left_out_with_a_notice() {
        let site =
            parse("[[headers]]\nfor = \"/*\"\n[headers.values]\nServer = \"me\"\nX-A = \"1\"\n")
                .unwrap();
        assert_eq!(site.headers[0].values.len(), 1);
        assert_eq!(
            site.notices[0].kind,
            NoticeKind::ManagedHeader("Server".into())
        );
    }

    #[test]
    fn a_file_without_rules_has_none() {
        let site = parse("[build]\npublish = \"dist\"\n").unwrap();
        assert!(site.redirects.is_empty() && site.headers.is_empty());
        assert!(parse("").unwrap().redirects.is_empty());
    }
}
