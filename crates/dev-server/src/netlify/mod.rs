//! The site's own Netlify configuration, applied the way Netlify's CDN applies it, so that
//! what is tested locally is what deploys: the `[[redirects]]` (Role conditions included)
//! and `[[headers]]` of `netlify.toml`, and the `_headers` file the build writes into the
//! publish directory.
//!
//! Read once at start ([`SiteRules::load`], the only I/O here) into typed rules; matched
//! by pure functions: [`decide`] (redirects), [`HeaderRules::apply`] (headers),
//! [`visitor_roles`] (the `nf_jwt` cookie). The axum wiring is in
//! [`crate::static_site`]. Where the local stack departs from Netlify, and why, is in the
//! crate README.

mod canonical;
mod error;
mod headers;
mod headers_file;
mod netlify_toml;
mod pattern;
mod redirects;
mod role;

pub use canonical::canonical_path;
pub use error::{ConfigError, Notice, NoticeKind, RuleProblem};
pub use headers::{HeaderRule, HeaderRules, DEFAULT_CACHE_CONTROL};
pub use headers_file::parse_headers_file;
pub use netlify_toml::{parse_netlify_toml, NetlifyToml};
pub use pattern::{ForPattern, FromPattern, Params};
pub use redirects::{decide, expand, is_platform_path, Action, Decision, RedirectRule, Visit};
pub use role::{visitor_roles, ROLE_COOKIE};

use std::path::Path;

/// Every rule the site gives the CDN.
#[derive(Debug, Clone, Default)]
pub struct SiteRules {
    /// Redirect rules of `netlify.toml`, in order.
    pub redirects: Vec<RedirectRule>,
    /// Header rules: `_headers` first, then `netlify.toml`.
    pub headers: HeaderRules,
    /// What was left out (already logged by [`SiteRules::load`]).
    pub notices: Vec<Notice>,
}

impl SiteRules {
    /// Reads `netlify_toml` (none, or a missing file: no rules from it) and `<dist>/_headers`
    /// (if present), and logs what the local stack leaves out.
    ///
    /// ```no_run
    /// let rules = dev_server::netlify::SiteRules::load(Some("netlify.toml".as_ref()), "dist".as_ref())?;
    /// # Ok::<(), dev_server::netlify::ConfigError>(())
    /// ```
    pub fn load(netlify_toml: Option<&Path>, dist: &Path) -> Result<Self, ConfigError> {
        let config = match netlify_toml {
            None => {
                tracing::info!("no netlify.toml given: no redirect or header rules from it");
                NetlifyToml::default()
            }
            Some(path) => match read(path)? {
                Some(text) => parse_netlify_toml(&text, path)?,
                None => {
                    tracing::warn!(
                        "{} does not exist: no redirect or header rules from it",
                        path.display()
                    );
                    NetlifyToml::default()
                }
            },
        };
        let headers_path = dist.join("_headers");
        let (mut headers, mut notices) = match read(&headers_path)? {
            Some(text) => parse_headers_file(&text, &headers_path)?,
            None => (Vec::new(), Vec::new()),
        };
        headers.extend(config.headers);
        notices.extend(config.notices);
        for notice in &notices {
            tracing::warn!("{notice}");
        }
        tracing::info!(
            redirects = config.redirects.len(),
            headers = headers.len(),
            "site rules loaded"
        );
        Ok(Self {
            redirects: config.redirects,
            headers: HeaderRules::new(headers),
            notices,
        })
    }
}

/// The file's text, or `None` when it does not exist.
fn read(path: &Path) -> Result<Option<String>, ConfigError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(ConfigError::Read {
            path: path.to_owned(),
            source,
        }),
    }
}
