//! The path patterns of Netlify rules: a redirect's `from` and a header rule's `for`, compiled
//! once into a [`Regex`] (linear-time, whatever the request path).
//!
//! Both take `:placeholder` segments and a `*`; they differ where Netlify's do:
//!
//! - `from` is case-sensitive ("Paths are case-sensitive", Netlify's redirect docs), a
//!   `:placeholder` is a whole segment, and a `*` may only end the pattern (the splat).
//! - `for` is case-insensitive and a `*` may stand anywhere (`/*.wasm`), matching across
//!   `/`, as netlify/build's headers-parser compiles it (`for_regexp.ts`).
//!
//! In both, a trailing `/*` segment also matches the path without it (`/admin/*` matches
//! `/admin`, `/admin/` and `/admin/x`, but not `/administrator`), and a trailing slash of
//! the request is not significant (`/admin` and `/admin/` match the same rules).

use regex::Regex;

use super::error::RuleProblem;

/// A compiled redirect `from`.
///
/// ```
/// use dev_server::netlify::FromPattern;
/// let from = FromPattern::parse("/news/:year/*").unwrap();
/// let params = from.matches("/news/2004/01/my-story").unwrap();
/// assert_eq!(params.get("year"), Some("2004"));
/// assert_eq!(params.splat(), "01/my-story");
/// assert!(from.matches("/blog/2004").is_none());
/// ```
#[derive(Debug, Clone)]
pub struct FromPattern {
    regex: Regex,
    captures: Vec<Capture>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Capture {
    Placeholder(String),
    Splat,
}

/// The values a matching `from` bound: placeholders by name, and the splat.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params {
    placeholders: Vec<(String, String)>,
    splat: Option<String>,
}

impl Params {
    /// The value of `:name`, if the pattern has that placeholder.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.placeholders
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// What the `*` matched (empty when it matched nothing, or the pattern has none).
    pub fn splat(&self) -> &str {
        self.splat.as_deref().unwrap_or_default()
    }

    /// The placeholder names, for `to` substitution.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.placeholders.iter().map(|(n, _)| n.as_str())
    }
}

impl FromPattern {
    /// Compiles a `from` path. It must start with `/`; a `*` may only end it.
    pub fn parse(from: &str) -> Result<Self, RuleProblem> {
        let Some(rest) = from.strip_prefix('/') else {
            return Err(RuleProblem::NotAPath {
                field: "from",
                value: from.to_owned(),
            });
        };
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        let mut source = String::from("^");
        let mut captures = Vec::new();
        if rest.is_empty() {
            source.push('/');
        } else {
            let segments: Vec<&str> = rest.split('/').collect();
            let last = segments.len() - 1;
            for (index, segment) in segments.iter().enumerate() {
                let star = segment.find('*');
                match star {
                    Some(_) if index != last => {
                        return Err(RuleProblem::SplatNotAtEnd(from.to_owned()))
                    }
                    Some(_) if *segment == "*" => {
                        source.push_str("(?:/(.*))?");
                        captures.push(Capture::Splat);
                    }
                    Some(at) if at == segment.len() - 1 => {
                        source.push('/');
                        source.push_str(&regex::escape(&segment[..at]));
                        source.push_str("(.*)");
                        captures.push(Capture::Splat);
                    }
                    Some(_) => return Err(RuleProblem::SplatNotAtEnd(from.to_owned())),
                    None => match segment.strip_prefix(':') {
                        Some(name) if !name.is_empty() => {
                            source.push_str("/([^/]+)");
                            captures.push(Capture::Placeholder(name.to_owned()));
                        }
                        _ => {
                            source.push('/');
                            source.push_str(&regex::escape(segment));
                        }
                    },
                }
            }
        }
        source.push('$');
        let regex = Regex::new(&source).map_err(|e| RuleProblem::Pattern(e.to_string()))?;
        Ok(Self { regex, captures })
    }

    /// The values bound when `path` (a request path as sent, percent-encoded) matches.
    pub fn matches(&self, path: &str) -> Option<Params> {
        let caps = self.regex.captures(without_trailing_slash(path))?;
        let mut params = Params::default();
        for (capture, group) in self.captures.iter().zip(caps.iter().skip(1)) {
            let value = group.map(|m| m.as_str().to_owned()).unwrap_or_default();
            match capture {
                Capture::Placeholder(name) => params.placeholders.push((name.clone(), value)),
                Capture::Splat => params.splat = Some(value),
            }
        }
        Some(params)
    }
}

/// A compiled header rule path (`for` in `netlify.toml`, a path line in `_headers`).
///
/// ```
/// use dev_server::netlify::ForPattern;
/// let wasm = ForPattern::parse("/*.wasm").unwrap();
/// assert!(wasm.matches("/pkg/blog_bg.wasm"));
/// assert!(!wasm.matches("/blog.js"));
/// ```
#[derive(Debug, Clone)]
pub struct ForPattern {
    regex: Regex,
}

impl ForPattern {
    /// Compiles a `for` path. It must start with `/`.
    pub fn parse(path: &str) -> Result<Self, RuleProblem> {
        let path = path.trim();
        if !path.starts_with('/') {
            return Err(RuleProblem::NotAPath {
                field: "for",
                value: path.to_owned(),
            });
        }
        let mut source = String::from("(?i)^");
        let segments: Vec<&str> = path
            .split('/')
            .map(str::trim_end)
            .filter(|s| !s.is_empty())
            .collect();
        if segments.is_empty() {
            source.push('/');
        }
        for segment in segments {
            if segment == "*" {
                source.push_str("(?:/.*)?");
            } else if segment.starts_with(':') {
                source.push_str("/[^/]+");
            } else {
                source.push('/');
                let pieces: Vec<String> = segment.split('*').map(regex::escape).collect();
                source.push_str(&pieces.join(".*"));
            }
        }
        source.push_str("/?$");
        let regex = Regex::new(&source).map_err(|e| RuleProblem::Pattern(e.to_string()))?;
        Ok(Self { regex })
    }

    /// Whether the request path (as sent) matches.
    pub fn matches(&self, path: &str) -> bool {
        self.regex.is_match(path)
    }
}

/// `path` without one trailing `/`, except for `/` itself.
pub(crate) fn without_trailing_slash(path: &str) -> &str {
    match path.strip_suffix('/') {
        Some(rest) if !rest.is_empty() => rest,
        _ => path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from(pattern: &str) -> FromPattern {
        FromPattern::parse(pattern).unwrap()
    }

    #[test]
    fn literal_from_matches_with_or_without_trailing_slash() {
        let admin = from("/admin");
        for path in ["/admin", "/admin/"] {
            assert!(admin.matches(path).is_some(), "{path}");
        }
        for path in ["/admin/x", "/administrator", "/Admin", "/", "/admin//"] {
            assert!(admin.matches(path).is_none(), "{path}");
        }
        assert!(from("/admin/").matches("/admin").is_some());
    }

    #[test]
    fn root_matches_only_root() {
        let root = from("/");
        assert!(root.matches("/").is_some());
        assert!(root.matches("/x").is_none());
    }

    #[test]
    fn splat_segment_matches_the_directory_and_everything_under_it() {
        let admin = from("/admin/*");
        for (path, splat) in [
            ("/admin", ""),
            ("/admin/", ""),
            ("/admin/comments", "comments"),
            ("/admin/a/b.json", "a/b.json"),
            ("/admin/a/b/", "a/b"),
        ] {
            let params = admin.matches(path).unwrap_or_else(|| panic!("{path}"));
            assert_eq!(params.splat(), splat, "{path}");
        }
        for path in ["/administrator", "/", "/content/admin"] {
            assert!(admin.matches(path).is_none(), "{path}");
        }
    }

    #[test]
    fn catch_all_matches_every_path() {
        let all = from("/*");
        for (path, splat) in [("/", ""), ("/a", "a"), ("/a/b.js", "a/b.js")] {
            assert_eq!(all.matches(path).unwrap().splat(), splat, "{path}");
        }
    }

    #[test]
    fn splat_may_end_a_segment() {
        let blog = from("/blog*");
        assert_eq!(blog.matches("/blogging/x").unwrap().splat(), "ging/x");
        assert!(blog.matches("/blo").is_none());
    }

    #[test]
    fn placeholders_bind_one_whole_segment() {
        let news = from("/news/:month/:date/:year/:slug");
        let params = news.matches("/news/02/12/2004/my-story.html").unwrap();
        assert_eq!(params.get("month"), Some("02"));
        assert_eq!(params.get("year"), Some("2004"));
        assert_eq!(params.get("slug"), Some("my-story.html"));
        assert_eq!(params.get("nope"), None);
        assert_eq!(
            params.names().collect::<Vec<_>>(),
            ["month", "date", "year", "slug"]
        );
        assert!(news.matches("/news/02/12/2004").is_none());
        assert!(news.matches("/news/02/12/2004/a/b").is_none());
    }

    #[test]
    fn from_is_case_sensitive_and_regex_free() {
        assert!(from("/a.b").matches("/aXb").is_none());
        assert!(from("/a+(b)").matches("/a+(b)").is_some());
        assert!(from("/About").matches("/about").is_none());
    }

    #[test]
    fn bad_from_is_refused() {
        assert_eq!(
            FromPattern::parse("admin").unwrap_err(),
            RuleProblem::NotAPath {
                field: "from",
                value: "admin".into()
            }
        );
        for pattern in ["/*/x", "/a*b", "/*a"] {
            assert_eq!(
                FromPattern::parse(pattern).unwrap_err(),
                RuleProblem::SplatNotAtEnd(pattern.into()),
                "{pattern}"
            );
        }
    }

    fn for_(pattern: &str) -> ForPattern {
        ForPattern::parse(pattern).unwrap()
    }

    #[test]
    fn header_catch_all_matches_everything() {
        for path in ["/", "/index.html", "/a/b/c", "/.netlify/x"] {
            assert!(for_("/*").matches(path), "{path}");
        }
    }

    #[test]
    fn header_exact_path_matches_itself_only_case_insensitively() {
        let file = for_("/blog-0123abcd.js");
        assert!(file.matches("/blog-0123abcd.js"));
        assert!(file.matches("/BLOG-0123ABCD.JS"));
        assert!(file.matches("/blog-0123abcd.js/"));
        assert!(!file.matches("/blog-0123abcd.json"));
        assert!(!file.matches("/x/blog-0123abcd.js"));
    }

    #[test]
    fn header_directory_splat_includes_the_directory() {
        let admin = for_("/admin/*");
        for path in ["/admin", "/admin/", "/admin/x/y"] {
            assert!(admin.matches(path), "{path}");
        }
        assert!(!admin.matches("/administrator"));
        assert!(!admin.matches("/"));
    }

    #[test]
    fn header_placeholder_is_one_segment() {
        let post = for_("/posts/:slug");
        assert!(post.matches("/posts/hello"));
        assert!(!post.matches("/posts/hello/more"));
        assert!(!post.matches("/posts"));
    }

    #[test]
    fn header_inner_star_crosses_segments() {
        let wasm = for_("/*.wasm");
        assert!(wasm.matches("/blog_bg.wasm"));
        assert!(wasm.matches("/a/b/blog_bg.wasm"));
        assert!(!wasm.matches("/blog_bg.wasm.br"));
        assert!(for_("/assets/*-min.css").matches("/assets/site-min.css"));
    }

    #[test]
    fn header_root_matches_root_only() {
        assert!(for_("/").matches("/"));
        assert!(!for_("/").matches("/x"));
    }

    #[test]
    fn header_path_must_be_absolute() {
        assert!(ForPattern::parse("*.wasm").is_err());
    }
}
