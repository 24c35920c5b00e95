/// Whether a path that matches no file is a page of the app, answered with
/// `index.html` so the router can show it (or its own 404 page).
///
/// Data and asset requests get a real 404 instead, so that a missing post's
/// JSON is not answered with HTML.
///
/// ```
/// use dev_server::static_site::is_page_route;
/// assert!(is_page_route("/posts/hello"));
/// assert!(!is_page_route("/content/posts/hello.json"));
/// ```
pub fn is_page_route(path: &str) -> bool {
    let reserved = ["/content/", "/.netlify/", "/__dev/"];
    if reserved.iter().any(|prefix| path.starts_with(prefix)) {
        return false;
    }
    let last = path.rsplit('/').next().unwrap_or_default();
    !last.contains('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_routes_fall_back_to_the_app() {
        for path in ["/", "/posts/hello", "/account", "/admin/", "/no/such/page"] {
            assert!(is_page_route(path), "{path}");
        }
    }

    #[test]
    fn files_and_data_do_not() {
        for path in [
            "/missing.js",
            "/favicon.ico",
            "/content/posts/nope.json",
            "/content/anything",
            "/.netlify/functions/x",
        ] {
            assert!(!is_page_route(path), "{path}");
        }
    }
}
