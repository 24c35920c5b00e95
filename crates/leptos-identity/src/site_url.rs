//! Local development against a deployed site: on a local host the widget can talk to the
//! identity API of the Netlify site remembered in `localStorage["netlifySiteURL"]`, the key the
//! JS widget uses, so a URL given to either serves both.

/// Where the site's URL is remembered (the JS widget's key).
pub const STORAGE_KEY: &str = "netlifySiteURL";

/// The hosts the JS widget treats as local development.
const LOCAL_HOSTS: [&str; 3] = ["localhost", "127.0.0.1", "0.0.0.0"];

/// Text that is not the URL of a site.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not the URL of a site: {0:?} (give one such as https://example.netlify.app)")]
pub struct InvalidSiteUrl(pub String);

/// Whether `hostname` is one the JS widget treats as local development.
///
/// ```
/// use leptos_identity::site_url::is_local_host;
/// assert!(is_local_host("localhost") && is_local_host("127.0.0.1"));
/// assert!(!is_local_host("example.netlify.app"));
/// ```
pub fn is_local_host(hostname: &str) -> bool {
    LOCAL_HOSTS.contains(&hostname)
}

/// A site's URL as it is remembered: trimmed, without a trailing `/` or `/.netlify/identity`
/// (as the JS widget takes it from its form); refused unless it is an `http(s)` URL with a
/// host.
///
/// ```
/// use leptos_identity::site_url::site_url;
/// assert_eq!(site_url(" https://example.netlify.app/.netlify/identity ").unwrap(),
///            "https://example.netlify.app");
/// assert!(site_url("example.netlify.app").is_err());
/// ```
pub fn site_url(input: &str) -> Result<String, InvalidSiteUrl> {
    let refused = || InvalidSiteUrl(input.to_owned());
    let url = input.trim().trim_end_matches('/');
    let url = url.strip_suffix("/.netlify/identity").unwrap_or(url);
    let url = url.trim_end_matches('/');
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(refused)?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() || url.contains(|c: char| c.is_whitespace() || c.is_control()) {
        return Err(refused());
    }
    Ok(url.to_owned())
}

/// The identity API of the site at `site_url`.
///
/// ```
/// use leptos_identity::site_url::identity_api;
/// assert_eq!(identity_api("https://example.netlify.app"),
///            "https://example.netlify.app/.netlify/identity");
/// ```
pub fn identity_api(site_url: &str) -> String {
    format!("{}/.netlify/identity", site_url.trim_end_matches('/'))
}

/// The remembered site URL, if it reads as one.
pub(crate) fn load() -> Option<String> {
    let raw = local_storage()?.get_item(STORAGE_KEY).ok().flatten()?;
    site_url(&raw).ok()
}

/// Remembers `url`, or forgets it for `None`.
pub(crate) fn save(url: Option<&str>) {
    let Some(storage) = local_storage() else {
        return;
    };
    let _ = match url {
        Some(url) => storage.set_item(STORAGE_KEY, url),
        None => storage.remove_item(STORAGE_KEY),
    };
}

/// Whether this page runs on a local host.
pub(crate) fn on_local_host() -> bool {
    crate::browser::window()
        .and_then(|w| w.location().hostname().ok())
        .is_some_and(|host| is_local_host(&host))
}

fn local_storage() -> Option<web_sys::Storage> {
    crate::browser::window()?.local_storage().ok().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_urls_are_taken_as_the_js_widget_takes_them() {
        for (input, url) in [
            ("https://a.netlify.app", "https://a.netlify.app"),
            ("https://a.netlify.app/", "https://a.netlify.app"),
            (
                "https://a.netlify.app/.netlify/identity/",
                "https://a.netlify.app",
            ),
            ("http://127.0.0.1:8888", "http://127.0.0.1:8888"),
            ("https://example.com/blog/", "https://example.com/blog"),
        ] {
            assert_eq!(site_url(input).as_deref(), Ok(url), "{input}");
        }
        for bad in [
            "",
            "a.netlify.app",
            "https://",
            "ftp://a.netlify.app",
            "https://a b.app",
        ] {
            assert!(site_url(bad).is_err(), "{bad:?}");
        }
    }
}
