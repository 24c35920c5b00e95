//! Which redirect rule a request meets, and what it does: a pure function of the request
//! path, the visitor's roles and which files exist.
//!
//! Netlify's semantics (docs.netlify.com/manage/routing/redirects/overview,
//! …/redirect-options, …/rewrites-proxies):
//!
//! - rules are tried in file order and the first that matches decides;
//! - a rule with a `Role` condition matches only a visitor holding one of the roles;
//! - without `force`, a rule is shadowed when the path names a file of the site: the file
//!   is served (`/` names `index.html`, `/about` and `/about/` name `about.html`; which
//!   file a path names is the caller's `file_exists`, `crate::static_site::find_file` in the
//!   stack);
//! - 200 rewrites (the address stays, the `to` content is served), 301/302/303/307/308
//!   redirect with `Location`, 4xx/5xx serve the `to` content with that status;
//! - the request's query string is passed on unless `to` has its own;
//! - a redirect to the path itself would loop, and is ignored;
//! - `/.netlify/…` (and the local `/__dev/…`) are never redirected.

use axum::http::StatusCode;

use super::pattern::{without_trailing_slash, FromPattern, Params};

/// What a rule does with a request it matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// 200: serve the `to` content at the requested address.
    Rewrite,
    /// 301, 302, 303, 307, 308: send the browser to `to`.
    Redirect(StatusCode),
    /// 4xx, 5xx: serve the `to` content with this status.
    Respond(StatusCode),
}

impl Action {
    /// The action of a `status`, or `None` for a status Netlify gives no meaning.
    ///
    /// ```
    /// use dev_server::netlify::Action;
    /// assert_eq!(Action::from_status(200), Some(Action::Rewrite));
    /// assert!(Action::from_status(299).is_none());
    /// ```
    pub fn from_status(status: i64) -> Option<Self> {
        let code = u16::try_from(status).ok()?;
        let status = StatusCode::from_u16(code).ok()?;
        match code {
            200 => Some(Self::Rewrite),
            301 | 302 | 303 | 307 | 308 => Some(Self::Redirect(status)),
            400..=599 => Some(Self::Respond(status)),
            _ => None,
        }
    }
}

/// One usable `[[redirects]]` rule.
#[derive(Debug, Clone)]
pub struct RedirectRule {
    /// Which paths it matches.
    pub from: FromPattern,
    /// Where it sends them: a path or an absolute URL, with `:placeholder`s and `:splat`.
    pub to: String,
    /// What it does.
    pub action: Action,
    /// Whether it applies even when the path names a file.
    pub force: bool,
    /// The `Role` condition: the visitor needs one of these. Empty: no condition.
    pub roles: Vec<String>,
}

/// The request as the rules see it.
#[derive(Debug, Clone, Copy)]
pub struct Visit<'a> {
    /// The path as sent (percent-encoded).
    pub path: &'a str,
    /// The query string, without `?`.
    pub query: Option<&'a str>,
    /// The visitor's Netlify roles (from a valid `nf_jwt` cookie).
    pub roles: &'a [String],
}

/// What to do with a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// No rule applies: serve the path as it is (a file, a route of the stack, or 404).
    Serve,
    /// Answer `status` with `Location: location`.
    Redirect {
        /// 301, 302, 303, 307 or 308.
        status: StatusCode,
        /// Where to.
        location: String,
    },
    /// Serve `uri` (path and query) in place of the request, with `status` when the content
    /// is found (200 for rewrites).
    Rewrite {
        /// 200, or the rule's 4xx/5xx.
        status: StatusCode,
        /// The path and query to serve.
        uri: String,
    },
}

/// Whether a path belongs to the platform, never to the site's redirect rules.
///
/// ```
/// use dev_server::netlify::is_platform_path;
/// assert!(is_platform_path("/.netlify/functions/list-comments"));
/// assert!(is_platform_path("/__dev/mailbox"));
/// assert!(!is_platform_path("/.netlifyish"));
/// ```
pub fn is_platform_path(path: &str) -> bool {
    ["/.netlify", "/__dev"]
        .iter()
        .any(|prefix| path == *prefix || path.starts_with(&format!("{prefix}/")))
}

/// The first rule that applies to `visit`, and what it does. `file_exists` answers whether
/// a path names a file of the site; it is asked only when a rule without `force` matches.
///
/// ```
/// use dev_server::netlify::{decide, Action, Decision, FromPattern, RedirectRule, Visit};
/// let spa = RedirectRule {
///     from: FromPattern::parse("/*").unwrap(),
///     to: "/index.html".into(),
///     action: Action::Rewrite,
///     force: false,
///     roles: vec![],
/// };
/// let visit = Visit { path: "/posts/hello", query: None, roles: &[] };
/// assert!(matches!(decide(&[spa], &visit, |_| false), Decision::Rewrite { .. }));
/// ```
pub fn decide(
    rules: &[RedirectRule],
    visit: &Visit<'_>,
    file_exists: impl Fn(&str) -> bool,
) -> Decision {
    if is_platform_path(visit.path) {
        return Decision::Serve;
    }
    for rule in rules {
        let Some(params) = rule.from.matches(visit.path) else {
            continue;
        };
        if !rule.roles.is_empty() && !rule.roles.iter().any(|r| visit.roles.contains(r)) {
            continue;
        }
        if !rule.force && file_exists(visit.path) {
            return Decision::Serve;
        }
        let target = with_query(&expand(&rule.to, &params), visit.query);
        // `//host` would send the browser to another site.
        let target = match target.strip_prefix("//") {
            Some(rest) => format!("/{}", rest.trim_start_matches('/')),
            None => target,
        };
        return match rule.action {
            Action::Redirect(status) => {
                if loops(&target, visit.path) {
                    continue;
                }
                Decision::Redirect {
                    status,
                    location: target,
                }
            }
            Action::Rewrite => Decision::Rewrite {
                status: StatusCode::OK,
                uri: target,
            },
            Action::Respond(status) => Decision::Rewrite {
                status,
                uri: target,
            },
        };
    }
    Decision::Serve
}

/// `to` with `:splat` and each `:placeholder` replaced by what the request bound. A name is
/// replaced only when it is followed by a character that cannot continue a name, and the
/// longest bound name wins; unknown `:names` (and `https://`, `:8080`) stay as written.
///
/// ```
/// use dev_server::netlify::{expand, FromPattern};
/// let params = FromPattern::parse("/news/:year/*").unwrap().matches("/news/2004/a/b").unwrap();
/// assert_eq!(expand("/blog-:year/:splat", &params), "/blog-2004/a/b");
/// ```
pub fn expand(to: &str, params: &Params) -> String {
    let mut out = String::with_capacity(to.len());
    let mut rest = to;
    while let Some(at) = rest.find(':') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let bound = params
            .names()
            .map(|name| (name, params.get(name).unwrap_or_default()))
            .chain(std::iter::once(("splat", params.splat())))
            .filter(|(name, _)| {
                !name.is_empty()
                    && after.starts_with(name)
                    && !after[name.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
            })
            .max_by_key(|(name, _)| name.len());
        match bound {
            Some((name, value)) => {
                out.push_str(value);
                rest = &after[name.len()..];
            }
            None => {
                out.push(':');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `target` with the request's query string, unless it has its own.
fn with_query(target: &str, query: Option<&str>) -> String {
    let (base, fragment) = match target.split_once('#') {
        Some((base, fragment)) => (base, Some(fragment)),
        None => (target, None),
    };
    let mut out = base.to_owned();
    if let Some(query) = query.filter(|q| !q.is_empty() && !base.contains('?')) {
        out.push('?');
        out.push_str(query);
    }
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

/// Whether redirecting `path` to `target` would send the browser back to the same path.
fn loops(target: &str, path: &str) -> bool {
    let target_path = target.split(['?', '#']).next().unwrap_or_default();
    target_path.starts_with('/')
        && without_trailing_slash(target_path) == without_trailing_slash(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(from: &str, to: &str, status: i64) -> RedirectRule {
        RedirectRule {
            from: FromPattern::parse(from).unwrap(),
            to: to.into(),
            action: Action::from_status(status).unwrap(),
            force: false,
            roles: vec![],
        }
    }

    fn forced(mut rule: RedirectRule) -> RedirectRule {
        rule.force = true;
        rule
    }

    fn for_role(mut rule: RedirectRule, role: &str) -> RedirectRule {
        rule.roles = vec![role.into()];
        rule
    }

    fn visit<'a>(path: &'a str, roles: &'a [String]) -> Visit<'a> {
        Visit {
            path,
            query: None,
            roles,
        }
    }

    #[test]
    fn a_splat_cannot_make_a_redirect_to_another_host() {
        let rules = [rule("/go/*", "/:splat", 301)];
        let decision = decide(&rules, &visit("/go//evil.example/x", &[]), |_| false);
        assert_eq!(
            decision,
            Decision::Redirect {
                status: StatusCode::MOVED_PERMANENTLY,
                location: "/evil.example/x".into(),
            }
        );
    }

    fn rewrite(status: u16, uri: &str) -> Decision {
        Decision::Rewrite {
            status: StatusCode::from_u16(status).unwrap(),
            uri: uri.into(),
        }
    }

    fn redirect(status: u16, location: &str) -> Decision {
        Decision::Redirect {
            status: StatusCode::from_u16(status).unwrap(),
            location: location.into(),
        }
    }

    /// The rules of the site's own netlify.toml.
    fn site_rules() -> Vec<RedirectRule> {
        vec![
            for_role(forced(rule("/admin", "/index.html", 200)), "admin"),
            for_role(forced(rule("/admin/*", "/index.html", 200)), "admin"),
            forced(rule("/admin", "/index.html", 403)),
            forced(rule("/admin/*", "/index.html", 403)),
            rule("/content/*", "/404.json", 404),
            rule("/*", "/index.html", 200),
        ]
    }

    fn site_files(path: &str) -> bool {
        [
            "/",
            "/index.html",
            "/content/posts.json",
            "/blog-1234abcd.js",
        ]
        .contains(&path)
    }

    #[test]
    fn page_routes_get_the_app() {
        for path in ["/posts/hello", "/account", "/no/such/page", "/missing.js"] {
            let decision = decide(&site_rules(), &visit(path, &[]), site_files);
            assert_eq!(decision, rewrite(200, "/index.html"), "{path}");
        }
    }

    #[test]
    fn files_shadow_rules_without_force() {
        for path in [
            "/",
            "/index.html",
            "/content/posts.json",
            "/blog-1234abcd.js",
        ] {
            let decision = decide(&site_rules(), &visit(path, &[]), site_files);
            assert_eq!(decision, Decision::Serve, "{path}");
        }
    }

    #[test]
    fn missing_content_is_a_404_with_the_rule_content() {
        let decision = decide(
            &site_rules(),
            &visit("/content/posts/nope.json", &[]),
            site_files,
        );
        assert_eq!(decision, rewrite(404, "/404.json"));
    }

    #[test]
    fn admins_get_the_app_at_admin() {
        let roles = ["admin".to_owned()];
        for path in ["/admin", "/admin/", "/admin/comments"] {
            let decision = decide(&site_rules(), &visit(path, &roles), site_files);
            assert_eq!(decision, rewrite(200, "/index.html"), "{path}");
        }
    }

    #[test]
    fn others_get_403_at_admin() {
        for roles in [
            vec![],
            vec!["commenter".to_owned()],
            vec!["Admin".to_owned()],
        ] {
            for path in ["/admin", "/admin/", "/admin/comments"] {
                let decision = decide(&site_rules(), &visit(path, &roles), site_files);
                assert_eq!(decision, rewrite(403, "/index.html"), "{path} {roles:?}");
            }
        }
    }

    #[test]
    fn any_listed_role_is_enough() {
        let mut gated = forced(rule("/staff/*", "/staff.html", 200));
        gated.roles = vec!["editor".into(), "admin".into()];
        let roles = ["admin".to_owned()];
        let decision = decide(&[gated], &visit("/staff/x", &roles), |_| false);
        assert_eq!(decision, rewrite(200, "/staff.html"));
    }

    #[test]
    fn forced_rules_apply_over_files() {
        let rules = [forced(rule("/index.html", "/other.html", 200))];
        let decision = decide(&rules, &visit("/index.html", &[]), |_| true);
        assert_eq!(decision, rewrite(200, "/other.html"));
    }

    #[test]
    fn first_match_wins() {
        let rules = [
            rule("/a", "/docs/a", 301),
            rule("/*", "/docs/b/:splat", 301),
        ];
        assert_eq!(
            decide(&rules, &visit("/a", &[]), |_| false),
            redirect(301, "/docs/a")
        );
        assert_eq!(
            decide(&rules, &visit("/b/c", &[]), |_| false),
            redirect(301, "/docs/b/b/c")
        );
    }

    #[test]
    fn redirects_substitute_splat_and_placeholders() {
        let rules = [
            rule("/news/*", "/blog/:splat", 301),
            rule("/old/:year/:slug", "/posts/:slug?year=:year", 302),
        ];
        assert_eq!(
            decide(&rules, &visit("/news/2004/01/story", &[]), |_| false),
            redirect(301, "/blog/2004/01/story")
        );
        assert_eq!(
            decide(&rules, &visit("/old/2020/hello", &[]), |_| false),
            redirect(302, "/posts/hello?year=2020")
        );
    }

    #[test]
    fn query_string_is_carried_over_unless_to_has_one() {
        let rules = [
            rule("/a", "/b", 301),
            rule("/c", "/d?x=1", 301),
            rule("/e", "/f#top", 301),
        ];
        let with = |path| Visit {
            path,
            query: Some("page=2&q=x%20y"),
            roles: &[],
        };
        assert_eq!(
            decide(&rules, &with("/a"), |_| false),
            redirect(301, "/b?page=2&q=x%20y")
        );
        assert_eq!(
            decide(&rules, &with("/c"), |_| false),
            redirect(301, "/d?x=1")
        );
        assert_eq!(
            decide(&rules, &with("/e"), |_| false),
            redirect(301, "/f?page=2&q=x%20y#top")
        );
        let empty = Visit {
            path: "/a",
            query: Some(""),
            roles: &[],
        };
        assert_eq!(decide(&rules, &empty, |_| false), redirect(301, "/b"));
    }

    #[test]
    fn rewrites_to_functions_keep_the_query() {
        let rules = [rule("/api/*", "/.netlify/functions/:splat", 200)];
        let api = Visit {
            path: "/api/list-comments",
            query: Some("post=hello"),
            roles: &[],
        };
        assert_eq!(
            decide(&rules, &api, |_| false),
            rewrite(200, "/.netlify/functions/list-comments?post=hello")
        );
    }

    #[test]
    fn redirects_to_absolute_urls_are_kept() {
        let rules = [rule("/gh", "https://github.com/:splat", 302)];
        assert_eq!(
            decide(&rules, &visit("/gh", &[]), |_| false),
            redirect(302, "https://github.com/")
        );
    }

    #[test]
    fn platform_paths_are_never_redirected() {
        let rules = [forced(rule("/*", "/index.html", 200))];
        for path in [
            "/.netlify/functions/x",
            "/.netlify/identity/settings",
            "/.netlify",
            "/__dev/mailbox",
        ] {
            assert_eq!(
                decide(&rules, &visit(path, &[]), |_| false),
                Decision::Serve
            );
        }
    }

    #[test]
    fn looping_redirects_are_ignored() {
        let rules = [
            forced(rule("/blog/", "/blog", 301)),
            rule("/*", "/index.html", 200),
        ];
        assert_eq!(
            decide(&rules, &visit("/blog", &[]), |_| false),
            rewrite(200, "/index.html")
        );
    }

    #[test]
    fn no_rule_serves_the_path() {
        let rules = [rule("/a", "/b", 301)];
        assert_eq!(
            decide(&rules, &visit("/c", &[]), |_| false),
            Decision::Serve
        );
        assert_eq!(decide(&[], &visit("/c", &[]), |_| false), Decision::Serve);
    }

    #[test]
    fn file_check_is_skipped_for_forced_rules() {
        let rules = [forced(rule("/a", "/b", 301))];
        let decision = decide(&rules, &visit("/a", &[]), |_| panic!("asked"));
        assert_eq!(decision, redirect(301, "/b"));
    }

    #[test]
    fn expand_prefers_the_longest_name_and_keeps_unknown_ones() {
        let params = FromPattern::parse("/:post/:post-slug/*")
            .unwrap()
            .matches("/p/hello/rest")
            .unwrap();
        assert_eq!(expand("/x/:post-slug/:post", &params), "/x/hello/p");
        assert_eq!(expand("/:postal/:splat", &params), "/:postal/rest");
        assert_eq!(
            expand("https://h:8080/:splat", &params),
            "https://h:8080/rest"
        );
        assert_eq!(expand("/:", &params), "/:");
    }

    #[test]
    fn statuses() {
        assert_eq!(Action::from_status(200), Some(Action::Rewrite));
        for code in [301, 302, 303, 307, 308] {
            assert!(matches!(
                Action::from_status(code),
                Some(Action::Redirect(_))
            ));
        }
        for code in [400, 403, 404, 410, 451, 500, 599] {
            assert!(matches!(
                Action::from_status(code),
                Some(Action::Respond(_))
            ));
        }
        for code in [-1, 0, 100, 201, 204, 300, 304, 399, 600, 70000] {
            assert_eq!(Action::from_status(code), None, "{code}");
        }
    }
}
