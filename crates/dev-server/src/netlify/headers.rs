//! Which custom headers a static response gets: a pure function of the request path.
//!
//! As Netlify applies them (docs.netlify.com/manage/routing/headers): every rule whose path
//! matches applies, `_headers` rules before `netlify.toml` ones, and a header set by several
//! rules is sent with every value (two `Content-Security-Policy` headers are both
//! enforced). Static responses get Netlify's default
//! `Cache-Control: public, max-age=0, must-revalidate` unless a rule sets `Cache-Control`.

use axum::http::header::{CACHE_CONTROL, VARY};
use axum::http::{HeaderMap, HeaderName, HeaderValue};

use super::pattern::ForPattern;

/// Netlify's `Cache-Control` for files no header rule gives one: cache, but ask every time.
pub const DEFAULT_CACHE_CONTROL: &str = "public, max-age=0, must-revalidate";

/// One header rule: a path pattern and the headers it adds, in order.
#[derive(Debug, Clone)]
pub struct HeaderRule {
    /// Which request paths it applies to.
    pub path: ForPattern,
    /// The headers, in the order written.
    pub values: Vec<(HeaderName, HeaderValue)>,
}

/// Every header rule of the site, in the order they apply.
///
/// ```
/// use axum::http::HeaderMap;
/// use dev_server::netlify::{ForPattern, HeaderRule, HeaderRules};
/// let rules = HeaderRules::new(vec![HeaderRule {
///     path: ForPattern::parse("/*").unwrap(),
///     values: vec![("x-frame-options".parse().unwrap(), "DENY".parse().unwrap())],
/// }]);
/// let mut headers = HeaderMap::new();
/// rules.apply("/index.html", &mut headers);
/// assert_eq!(headers["x-frame-options"], "DENY");
/// assert_eq!(headers["cache-control"], "public, max-age=0, must-revalidate");
/// ```
#[derive(Debug, Clone, Default)]
pub struct HeaderRules {
    rules: Vec<HeaderRule>,
}

impl HeaderRules {
    /// Rules in the order they apply (`_headers` first, then `netlify.toml`).
    pub fn new(rules: Vec<HeaderRule>) -> Self {
        Self { rules }
    }

    /// How many rules there are.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The headers of every rule matching `path`, in order.
    pub fn for_path<'a>(
        &'a self,
        path: &'a str,
    ) -> impl Iterator<Item = (&'a HeaderName, &'a HeaderValue)> + 'a {
        self.rules
            .iter()
            .filter(move |rule| rule.path.matches(path))
            .flat_map(|rule| rule.values.iter().map(|(n, v)| (n, v)))
    }

    /// Adds the headers of a static response for `path` to `headers` (which hold what the
    /// file server set). A name the rules set replaces the server's value (`Content-Type`,
    /// the default `Cache-Control`), except `Vary`, which keeps `Accept-Encoding` because
    /// the body depends on it (precompressed files).
    pub fn apply(&self, path: &str, headers: &mut HeaderMap) {
        headers.insert(
            CACHE_CONTROL,
            HeaderValue::from_static(DEFAULT_CACHE_CONTROL),
        );
        headers.insert(VARY, HeaderValue::from_static("Accept-Encoding"));
        let mut replaced: Vec<&HeaderName> = Vec::new();
        for (name, value) in self.for_path(path) {
            if name != VARY && !replaced.contains(&name) {
                headers.remove(name);
                replaced.push(name);
            }
            headers.append(name.clone(), value.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(path: &str, values: &[(&str, &str)]) -> HeaderRule {
        HeaderRule {
            path: ForPattern::parse(path).unwrap(),
            values: values
                .iter()
                .map(|(n, v)| (n.parse().unwrap(), v.parse().unwrap()))
                .collect(),
        }
    }

    fn all(headers: &HeaderMap, name: &str) -> Vec<String> {
        headers
            .get_all(name)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect()
    }

    fn applied(rules: &HeaderRules, path: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("content-type", "text/html".parse().unwrap());
        rules.apply(path, &mut headers);
        headers
    }

    #[test]
    fn without_rules_the_defaults_apply() {
        let headers = applied(&HeaderRules::default(), "/");
        assert_eq!(all(&headers, "cache-control"), [DEFAULT_CACHE_CONTROL]);
        assert_eq!(all(&headers, "vary"), ["Accept-Encoding"]);
        assert_eq!(all(&headers, "content-type"), ["text/html"]);
    }

    #[test]
    fn every_matching_rule_applies_in_order() {
        let rules = HeaderRules::new(vec![
            rule("/*", &[("content-security-policy", "default-src 'self'")]),
            rule("/admin/*", &[("x-robots-tag", "noindex")]),
            rule("/*", &[("x-frame-options", "DENY")]),
        ]);
        let admin = applied(&rules, "/admin/comments");
        assert_eq!(all(&admin, "x-robots-tag"), ["noindex"]);
        assert_eq!(all(&admin, "x-frame-options"), ["DENY"]);
        assert_eq!(
            all(&admin, "content-security-policy"),
            ["default-src 'self'"]
        );
        let home = applied(&rules, "/");
        assert!(all(&home, "x-robots-tag").is_empty());
        assert_eq!(all(&home, "x-frame-options"), ["DENY"]);
    }

    #[test]
    fn a_header_set_twice_keeps_both_values() {
        let rules = HeaderRules::new(vec![
            rule("/*", &[("content-security-policy", "script-src 'self'")]),
            rule(
                "/*",
                &[("Content-Security-Policy", "frame-ancestors 'none'")],
            ),
        ]);
        assert_eq!(
            all(&applied(&rules, "/x"), "content-security-policy"),
            ["script-src 'self'", "frame-ancestors 'none'"]
        );
    }

    #[test]
    fn a_rule_cache_control_replaces_the_default() {
        let immutable = "public, max-age=31536000, immutable";
        let rules = HeaderRules::new(vec![rule(
            "/blog-0123abcd_bg.wasm",
            &[("Cache-Control", immutable)],
        )]);
        assert_eq!(
            all(&applied(&rules, "/blog-0123abcd_bg.wasm"), "cache-control"),
            [immutable]
        );
        assert_eq!(
            all(&applied(&rules, "/index.html"), "cache-control"),
            [DEFAULT_CACHE_CONTROL]
        );
    }

    #[test]
    fn rules_replace_the_servers_content_type() {
        let rules = HeaderRules::new(vec![rule(
            "/feed",
            &[("Content-Type", "application/rss+xml")],
        )]);
        assert_eq!(
            all(&applied(&rules, "/feed"), "content-type"),
            ["application/rss+xml"]
        );
    }

    #[test]
    fn vary_keeps_accept_encoding() {
        let rules = HeaderRules::new(vec![rule("/*", &[("Vary", "Cookie")])]);
        assert_eq!(
            all(&applied(&rules, "/"), "vary"),
            ["Accept-Encoding", "Cookie"]
        );
    }
}
