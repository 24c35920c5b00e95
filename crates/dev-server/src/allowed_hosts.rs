//! Which names the local stack answers to (`Host`), and which pages may read it (`Origin`).
//!
//! The stack listens on loopback, but a page on any site can still reach it: through the
//! browser (a cross-origin request to `127.0.0.1`) or through DNS rebinding (a name of the
//! attacker's that resolves to `127.0.0.1`, so the browser thinks the stack *is* that site).
//! Rebinding always arrives with the attacker's name in `Host`, so a `Host` check stops it;
//! cross-origin reads are stopped by answering CORS only to origins on the same names.
//!
//! One rule for both: a name is ours when it is a loopback name (`localhost`, `127.x.x.x`,
//! `[::1]`), the host of the site URL, or one named with `--allowed-host` /
//! `DEV_ALLOWED_HOSTS`; any port. An `Origin` is trusted when its host is ours.

use std::net::{Ipv4Addr, Ipv6Addr};

use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

use crate::identity::IdentityApiError;

/// The names the stack answers to, besides the loopback ones.
///
/// ```
/// use dev_server::allowed_hosts::AllowedHosts;
/// let hosts = AllowedHosts::new("https://blog.example", &["laptop.lan".to_owned()]);
/// assert!(hosts.allows_host("127.0.0.1:8888"));
/// assert!(hosts.allows_host("blog.example"));
/// assert!(hosts.allows_host("LAPTOP.lan:8080"));
/// assert!(!hosts.allows_host("evil.example"));
/// assert!(hosts.trusts_origin("http://localhost:3000"));
/// assert!(!hosts.trusts_origin("null"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AllowedHosts {
    /// Lower-case host names (no port), IPv6 literals in brackets.
    names: Vec<String>,
}

impl AllowedHosts {
    /// The host of `site_url` plus `extra` (each a bare name, or `name:port`, whose port is
    /// ignored).
    pub fn new(site_url: &str, extra: &[String]) -> Self {
        let site = site_url
            .split_once("://")
            .map(|(_, rest)| rest)
            .and_then(|rest| rest.split(['/', '?', '#']).next())
            .map(|authority| authority.rsplit('@').next().unwrap_or(authority));
        let names = site
            .into_iter()
            .chain(extra.iter().map(String::as_str))
            .filter_map(host_name)
            .collect();
        Self { names }
    }

    /// Whether a `Host` header value (`name[:port]`) names this stack.
    pub fn allows_host(&self, host: &str) -> bool {
        host_name(host).is_some_and(|name| is_loopback(&name) || self.names.contains(&name))
    }

    /// Whether a page of `origin` (`scheme://host[:port]`, as browsers send it) may read
    /// answers. `null` (sandboxed frames, `file:` pages, redirects) never may.
    pub fn trusts_origin(&self, origin: &str) -> bool {
        match origin.split_once("://") {
            Some(("http" | "https", authority)) if !authority.contains(['/', '@']) => {
                self.allows_host(authority)
            }
            _ => false,
        }
    }
}

/// The host of `name[:port]`, lower-cased, without a trailing dot; `None` when malformed.
fn host_name(authority: &str) -> Option<String> {
    let authority = authority.trim();
    let host = if let Some(rest) = authority.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        if !(after.is_empty() || after.starts_with(':')) {
            return None;
        }
        format!("[{inside}]")
    } else {
        match authority.split_once(':') {
            Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => host.to_owned(),
            Some(_) => return None,
            None => authority.to_owned(),
        }
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    (!host.is_empty()).then_some(host)
}

/// `localhost` and the loopback addresses: names no DNS answer can point elsewhere.
fn is_loopback(name: &str) -> bool {
    if name == "localhost" {
        return true;
    }
    if let Some(v6) = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        return v6.parse::<Ipv6Addr>().is_ok_and(|ip| ip.is_loopback());
    }
    name.parse::<Ipv4Addr>().is_ok_and(|ip| ip.is_loopback())
}

/// Refuses, with 421 and GoTrue's error body, a request whose `Host` (or HTTP/2
/// authority) is not one of ours. Wraps the whole stack: site, identity, functions, dev.
pub async fn check_host(
    State(allowed): State<Arc<AllowedHosts>>,
    request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| request.uri().authority().map(|a| a.as_str()));
    match host {
        Some(host) if allowed.allows_host(host) => next.run(request).await,
        other => {
            let shown = other.unwrap_or("(none)");
            tracing::warn!(
                host = shown,
                "refused a request for a name that is not ours"
            );
            IdentityApiError::http(
                StatusCode::MISDIRECTED_REQUEST,
                format!(
                    "The local stack does not answer to the host {shown:?}: only loopback \
                     names (localhost, 127.0.0.1, [::1]) and the site URL's host. To reach it \
                     by another name, start it with --allowed-host NAME (or set \
                     DEV_ALLOWED_HOSTS=NAME,...)."
                ),
            )
            .into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts() -> AllowedHosts {
        AllowedHosts::new("http://127.0.0.1:8888", &["laptop.lan".to_owned()])
    }

    #[test]
    fn loopback_names_are_ours_on_any_port() {
        let h = AllowedHosts::default();
        for host in [
            "localhost",
            "localhost:1",
            "LOCALHOST.",
            "127.0.0.1",
            "127.1.2.3:80",
            "[::1]",
            "[::1]:8888",
        ] {
            assert!(h.allows_host(host), "{host}");
        }
    }

    #[test]
    fn other_names_are_not() {
        let h = hosts();
        for host in [
            "evil.example",
            "localhost.evil.example",
            "127.0.0.1.evil.example",
            "evil.example:8888",
            "[::2]",
            "[::1]x",
            "localhost:port",
            "",
            "10.0.0.1",
        ] {
            assert!(!h.allows_host(host), "{host}");
        }
    }

    #[test]
    fn configured_names_and_the_site_host_are_ours() {
        let h = AllowedHosts::new("https://user@blog.example/path", &["Laptop.LAN:9".into()]);
        assert!(h.allows_host("blog.example:443"));
        assert!(h.allows_host("laptop.lan"));
    }

    #[test]
    fn origins_are_trusted_by_their_host() {
        let h = hosts();
        assert!(h.trusts_origin("http://127.0.0.1:5555"));
        assert!(h.trusts_origin("https://laptop.lan"));
        assert!(!h.trusts_origin("null"));
        assert!(!h.trusts_origin("https://evil.example"));
        assert!(!h.trusts_origin("ftp://localhost"));
        assert!(!h.trusts_origin("http://localhost/path"));
        assert!(!h.trusts_origin("http://evil@localhost"));
    }
}
