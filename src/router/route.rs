//! Which page a path shows, and which links are current: plain functions over
//! the path the browser shows (`location.pathname`).

/// The pages of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// `/`: the posts.
    Home,
    /// `/posts/:slug`: one post and its comments.
    Post,
    /// `/account`: the widget's account settings.
    Account,
    /// `/admin`: moderation.
    Admin,
    /// Anything else.
    NotFound,
}

impl Route {
    /// The page for `path`. One trailing slash is ignored, as leptos_router did, and so
    /// is the `.html` of a page's file, which Netlify serves at its own name too.
    ///
    /// ```
    /// use blog::router::Route;
    /// assert_eq!(Route::of("/posts/hello/"), Route::Post);
    /// assert_eq!(Route::of("/posts/hello.html"), Route::Post);
    /// assert_eq!(Route::of("/posts/"), Route::NotFound);
    /// ```
    pub fn of(path: &str) -> Route {
        match page_path(path) {
            "/" | "" => Route::Home,
            "/account" => Route::Account,
            "/admin" => Route::Admin,
            _ if post_slug(path).is_some() => Route::Post,
            _ => Route::NotFound,
        }
    }
}

/// The `:slug` of `/posts/:slug`, as it appears in the path (not decoded).
pub fn post_slug(path: &str) -> Option<&str> {
    let slug = page_path(path).strip_prefix("/posts/")?;
    (!slug.is_empty() && !slug.contains('/')).then_some(slug)
}

/// Whether a link to `href` is current at `path`: the same path, or a path
/// below it (`/account` is current at `/account/x`; `/` only at `/`). This is
/// leptos_router's `<A>` rule, which sets `aria-current="page"` from it.
pub fn is_current(href: &str, path: &str) -> bool {
    let href = href.split(['?', '#']).next().unwrap_or_default();
    let href = trim_slash(href);
    let path = page_path(path);
    if href == "/" || href.is_empty() {
        return path == "/" || path.is_empty();
    }
    path == href
        || path
            .strip_prefix(href)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// The page a path names: without one trailing slash, and without the `.html` of the
/// page's file (the build writes `/posts/hello` as `posts/hello.html` and `/` as
/// `index.html`; Netlify serves those at `/posts/hello.html`, `/index.html` and `/index`
/// too, and they show the same page).
fn page_path(path: &str) -> &str {
    let path = trim_slash(path);
    let path = match path.strip_suffix(".html") {
        Some(stem) if !stem.ends_with('/') => stem,
        _ => path,
    };
    if path == "/index" {
        "/"
    } else {
        path
    }
}

fn trim_slash(path: &str) -> &str {
    match path.strip_suffix('/') {
        Some(trimmed) if !trimmed.is_empty() => trimmed,
        _ => path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_path_picks_its_page() {
        assert_eq!(Route::of("/"), Route::Home);
        assert_eq!(Route::of("/account"), Route::Account);
        assert_eq!(Route::of("/account/"), Route::Account);
        assert_eq!(Route::of("/admin"), Route::Admin);
        assert_eq!(Route::of("/posts/hello"), Route::Post);
        assert_eq!(Route::of("/posts/hello/"), Route::Post);
        assert_eq!(Route::of("/posts"), Route::NotFound);
        assert_eq!(Route::of("/posts/"), Route::NotFound);
        assert_eq!(Route::of("/posts/a/b"), Route::NotFound);
        assert_eq!(Route::of("/Admin"), Route::NotFound);
        assert_eq!(Route::of("/nope"), Route::NotFound);
    }

    #[test]
    fn a_page_s_file_shows_the_page() {
        assert_eq!(Route::of("/index.html"), Route::Home);
        assert_eq!(Route::of("/index"), Route::Home);
        assert_eq!(Route::of("/account.html"), Route::Account);
        assert_eq!(Route::of("/admin.html"), Route::Admin);
        assert_eq!(Route::of("/posts/hello.html"), Route::Post);
        assert_eq!(post_slug("/posts/hello.html"), Some("hello"));
        assert_eq!(Route::of("/404.html"), Route::NotFound);
        assert!(is_current("/", "/index.html"));
        assert!(is_current("/account", "/account.html"));
    }

    #[test]
    fn the_slug_is_the_segment_after_posts() {
        assert_eq!(post_slug("/posts/hello"), Some("hello"));
        assert_eq!(post_slug("/posts/hello/"), Some("hello"));
        assert_eq!(post_slug("/posts/caf%C3%A9"), Some("caf%C3%A9"));
        assert_eq!(post_slug("/posts/"), None);
        assert_eq!(post_slug("/account"), None);
    }

    #[test]
    fn a_link_is_current_on_its_page_and_below_it() {
        assert!(is_current("/", "/"));
        assert!(!is_current("/", "/admin"));
        assert!(is_current("/admin", "/admin"));
        assert!(is_current("/admin", "/admin/"));
        assert!(is_current("/account", "/account/email"));
        assert!(!is_current("/account", "/accounts"));
        assert!(!is_current("/posts/a", "/posts"));
        assert!(is_current("/posts/a#comments", "/posts/a"));
    }
}
