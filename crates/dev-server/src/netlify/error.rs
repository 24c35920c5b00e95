//! Why the site's configuration was refused, and what of it was set aside.

use std::fmt;
use std::path::PathBuf;

/// The site's `netlify.toml` or `_headers` cannot be used: the stack does not start.
///
/// Every variant names the file; rule problems also name the rule.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file exists but could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// `netlify.toml` is not TOML.
    #[error("{} is not valid TOML: {source}", path.display())]
    Toml {
        /// The file.
        path: PathBuf,
        /// The parser's message, with line and column.
        source: Box<toml::de::Error>,
    },
    /// A top-level key has the wrong shape (`redirects` that is not an array of tables, ...).
    #[error("{}: `{key}` {problem}", path.display())]
    Shape {
        /// The file.
        path: PathBuf,
        /// `redirects` or `headers`.
        key: &'static str,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// One rule is unusable.
    #[error("{}: {rule}: {problem}", path.display())]
    Rule {
        /// The file.
        path: PathBuf,
        /// Which rule (`[[redirects]] #3 (from = "/x")`, `line 4`).
        rule: String,
        /// What is wrong with it.
        problem: RuleProblem,
    },
}

/// What is wrong with one rule of `netlify.toml` or one line of `_headers`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleProblem {
    /// A redirect without `from`.
    #[error("has no `from`")]
    MissingFrom,
    /// A redirect without `to` that is not a forward rule (`/x/*` with a 2xx status).
    #[error("has no `to`")]
    MissingTo,
    /// A `[[headers]]` table without `for`.
    #[error("has no `for`")]
    MissingFor,
    /// A field of the wrong type.
    #[error("`{field}` must be {expected}")]
    WrongType {
        /// The field.
        field: String,
        /// What it must be (`a string`, `true or false`, ...).
        expected: &'static str,
    },
    /// A status Netlify has no meaning for.
    #[error(
        "unknown status {0}: use 200 (rewrite), 301, 302, 303, 307, 308 (redirect) or 400-599"
    )]
    UnknownStatus(i64),
    /// A path that does not start with `/`.
    #[error("`{field}` must be a path starting with `/`, not `{value}`")]
    NotAPath {
        /// `from`, `to` or `for`.
        field: &'static str,
        /// As written.
        value: String,
    },
    /// `from` under Netlify's own paths, which redirects never see.
    #[error("`from` must not start with `/.netlify` (Netlify's own paths are never redirected)")]
    NetlifyPath,
    /// A `*` elsewhere than at the end of `from`.
    #[error("a splat `*` may only end `from` (`{0}`); use `:placeholder` for one segment")]
    SplatNotAtEnd(String),
    /// `to` is neither a path nor an absolute URL that a request line can carry.
    #[error("`to` is not a valid URL path or absolute URL: `{0}`")]
    BadTarget(String),
    /// A header name that HTTP does not allow.
    #[error("`{0}` is not a valid header name")]
    BadHeaderName(String),
    /// A header value that HTTP does not allow (control characters, ...).
    #[error("the value of `{0}` is not a valid header value")]
    BadHeaderValue(String),
    /// A `_headers` line that is neither a path, a `Name: value` line nor a comment.
    #[error("expected a path starting with `/` or an indented `Name: value` line, found `{0}`")]
    Malformed(String),
    /// A `_headers` line `Name:` with nothing after the colon.
    #[error("header `{0}` has no value")]
    EmptyValue(String),
    /// A `_headers` line `: value`.
    #[error("a header line has no name before `:`")]
    EmptyName,
    /// A `_headers` header line before any path line.
    #[error("header `{0}` comes before any path line")]
    HeaderBeforePath(String),
    /// A pattern the matcher cannot compile (too large).
    #[error("the pattern cannot be compiled: {0}")]
    Pattern(String),
}

/// Something in the configuration the local stack leaves out, logged as a warning at start.
///
/// A rule that needs what only Netlify's edge knows (the visitor's country, a proxy to
/// another host) is skipped rather than guessed at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// The file.
    pub path: PathBuf,
    /// Which rule.
    pub rule: String,
    /// What is left out and why.
    pub kind: NoticeKind,
}

/// What a [`Notice`] leaves out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoticeKind {
    /// A redirect with a condition other than `Role` (`Country`, `Language`, `Cookie`, ...).
    Condition(String),
    /// A rewrite or status rule to another host (a proxy).
    Proxy(String),
    /// A redirect whose `from` names a host (a domain-level redirect).
    DomainLevel,
    /// A redirect that matches query parameters (`query = {...}`).
    QueryMatch,
    /// A redirect that adds request headers (`headers = {...}`) or signs the request.
    ProxyOption(String),
    /// A key the local stack does not know; the rule is kept without it.
    UnknownKey(String),
    /// A header Netlify's servers set themselves and ignore in custom headers.
    ManagedHeader(String),
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (path, rule) = (self.path.display(), &self.rule);
        match &self.kind {
            NoticeKind::Condition(name) => write!(
                f,
                "{path}: {rule} is skipped: the local stack does not evaluate the `{name}` condition"
            ),
            NoticeKind::Proxy(to) => write!(
                f,
                "{path}: {rule} is skipped: it proxies to `{to}`, which the local stack does not do"
            ),
            NoticeKind::DomainLevel => write!(
                f,
                "{path}: {rule} is skipped: domain-level rules need Netlify's hosts"
            ),
            NoticeKind::QueryMatch => write!(
                f,
                "{path}: {rule} is skipped: the local stack does not match query parameters"
            ),
            NoticeKind::ProxyOption(key) => write!(
                f,
                "{path}: {rule} is skipped: the local stack does not support `{key}` on redirects"
            ),
            NoticeKind::UnknownKey(key) => {
                write!(f, "{path}: {rule}: unknown key `{key}` is ignored")
            }
            NoticeKind::ManagedHeader(name) => write!(
                f,
                "{path}: {rule}: `{name}` is ignored: Netlify's servers set it themselves"
            ),
        }
    }
}
