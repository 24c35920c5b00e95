//! The site's address, which the feed and the sitemap need and only the build can be told.

use std::fmt;

/// The origin the site is served from, `scheme://host[:port]`, without a trailing slash,
/// so that [`SiteUrl::join`] never writes `//`.
///
/// ```
/// let site: content::render::SiteUrl = "https://blog.example.org/".parse().unwrap();
/// assert_eq!(site.as_str(), "https://blog.example.org");
/// assert_eq!(site.join("/feed.xml"), "https://blog.example.org/feed.xml");
/// assert!("blog.example.org".parse::<content::render::SiteUrl>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteUrl(String);

/// Why a text is not a site address the feed could use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{value}` is not a site address like https://example.netlify.app: {reason}")]
pub struct InvalidSiteUrl {
    /// The text as given.
    pub value: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

impl SiteUrl {
    /// The origin, e.g. `https://example.netlify.app`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The absolute URL of `path`, a path from the site root (`/`, `/posts/hello`).
    pub fn join(&self, path: &str) -> String {
        format!("{}/{}", self.0, path.trim_start_matches('/'))
    }
}

impl std::str::FromStr for SiteUrl {
    type Err = InvalidSiteUrl;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let invalid = |reason| InvalidSiteUrl {
            value: value.to_owned(),
            reason,
        };
        let trimmed = value.trim().trim_end_matches('/');
        let (scheme, authority) = trimmed
            .split_once("://")
            .ok_or_else(|| invalid("it needs a scheme, http:// or https://"))?;
        if !matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https") {
            return Err(invalid("the scheme must be http or https"));
        }
        if authority.is_empty() {
            return Err(invalid("it has no host"));
        }
        // Every page links to `/feed.xml` and `/posts/…` from the root: a site under a
        // path would need those links changed too.
        if authority.contains('/') {
            return Err(invalid("the site is served from the root: give no path"));
        }
        // A host, a port and IPv6 brackets: nothing that needs escaping in XML or a URL.
        let host_char =
            |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']');
        if !authority.chars().all(host_char) {
            return Err(invalid(
                "the host may hold only letters, digits, `.`, `-` and a `:port`",
            ));
        }
        Ok(SiteUrl(format!(
            "{}://{}",
            scheme.to_ascii_lowercase(),
            authority.to_ascii_lowercase()
        )))
    }
}

impl fmt::Display for SiteUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(text: &str) -> SiteUrl {
        text.parse().unwrap()
    }

    #[test]
    fn trailing_slashes_never_double() {
        for text in [
            "https://a.example",
            "https://a.example/",
            "https://a.example//",
            " https://a.example/ ",
        ] {
            let site = site(text);
            assert_eq!(site.join("/"), "https://a.example/");
            assert_eq!(site.join("/posts/hello"), "https://a.example/posts/hello");
            assert_eq!(site.join("feed.xml"), "https://a.example/feed.xml");
        }
    }

    #[test]
    fn ports_and_loopback_are_fine() {
        assert_eq!(
            site("http://127.0.0.1:8888").join("/"),
            "http://127.0.0.1:8888/"
        );
        assert_eq!(
            site("HTTPS://Blog.Example").as_str(),
            "https://blog.example"
        );
        assert_eq!(site("http://[::1]:8888/").as_str(), "http://[::1]:8888");
    }

    #[test]
    fn what_is_not_an_origin_is_refused() {
        for text in [
            "",
            "blog.example",
            "ftp://blog.example",
            "https://",
            "https:///",
            "https://blog.example/sub",
            "https://blog.example?x=1",
            "https://blog.example#top",
            "https://a b.example",
            "https://a&b.example",
            "https://user@blog.example",
        ] {
            assert!(text.parse::<SiteUrl>().is_err(), "{text:?} accepted");
        }
    }
}
