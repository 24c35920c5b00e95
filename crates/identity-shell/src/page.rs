//! What on the page depends on the visitor or on the path.

use identity_core::stage::{prerendered_for, shows, Visitor, PRERENDERED_ATTR, SHOW_ATTR};
use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

/// Every element matching `selector`.
pub fn all(document: &Document, selector: &str) -> Vec<Element> {
    let Ok(list) = document.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into().ok())
        .collect()
}

/// Shows or hides each `data-identity-show` element for `visitor`.
pub fn apply_show_rules(document: &Document, visitor: Option<&Visitor>) {
    for element in all(document, &format!("[{SHOW_ATTR}]")) {
        let rule = element.get_attribute(SHOW_ATTR).unwrap_or_default();
        let _ = element.toggle_attribute_with_force("hidden", !shows(&rule, visitor));
    }
}

/// `data-identity-prerendered="*"`: content right at every path, such as a 404
/// page, which is served for every path nothing else answers.
pub const ANY_PATH: &str = "*";

/// `data-identity-load="now"` beside `data-identity-prerendered`: the content is a
/// frame that stage two fills for the reader (an account page), so stage two is
/// needed as soon as the page is there, not on the first interaction.
pub const LOAD_ATTR: &str = "data-identity-load";

/// `data-identity-wake="<selector>"` on a button: a click on it loads stage two,
/// which then shows the element the selector names (scrolled into view).
pub const WAKE_ATTR: &str = "data-identity-wake";

/// `data-identity-click="<selector>"` on a control or field: a click on it (or
/// focus in a field) loads stage two, which then focuses and clicks the element
/// the selector names in its own markup (the comment box for a prerendered one).
pub const CLICK_ATTR: &str = "data-identity-click";

/// Empties content prerendered for another path (a fallback page served for
/// every route) and says whether it did: the page then needs stage two now.
pub fn clear_foreign_prerender(document: &Document, path: &str) -> bool {
    let mut cleared = false;
    for element in all(document, &format!("[{PRERENDERED_ATTR}]")) {
        let prerendered = element.get_attribute(PRERENDERED_ATTR).unwrap_or_default();
        if prerendered != ANY_PATH && !prerendered_for(&prerendered, path) {
            element.set_inner_html("");
            cleared = true;
        }
    }
    cleared
}

/// Whether prerendered content on the page asks for stage two at once
/// ([`LOAD_ATTR`]).
pub fn wants_stage_two_now(document: &Document) -> bool {
    !all(
        document,
        &format!("[{PRERENDERED_ATTR}][{LOAD_ATTR}=\"now\"]"),
    )
    .is_empty()
}

/// A `<div>` holding `html`, appended to the test page's body, for the browser tests.
#[cfg(all(test, target_arch = "wasm32"))]
pub(crate) fn test_host(html: &str) -> (Document, Element) {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    host.set_inner_html(html);
    document.body().unwrap().append_child(&host).unwrap();
    (document, host)
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::test_host as host;
    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn shows_links_by_login_and_role() {
        let (document, host) = host(
            r#"<a id="account" data-identity-show="user" hidden></a>
               <a id="admin" data-identity-show="role:admin" hidden></a>
               <a id="guest" data-identity-show="guest"></a>"#,
        );
        let hidden = |id: &str| {
            document
                .get_element_by_id(id)
                .unwrap()
                .has_attribute("hidden")
        };
        let reader = Visitor {
            name: "R".into(),
            roles: vec![],
        };
        apply_show_rules(&document, Some(&reader));
        assert!(!hidden("account") && hidden("admin") && hidden("guest"));
        let admin = Visitor {
            name: "A".into(),
            roles: vec!["admin".into()],
        };
        apply_show_rules(&document, Some(&admin));
        assert!(!hidden("account") && !hidden("admin") && hidden("guest"));
        apply_show_rules(&document, None);
        assert!(hidden("account") && hidden("admin") && !hidden("guest"));
        host.remove();
    }

    #[wasm_bindgen_test]
    fn empties_what_was_prerendered_for_another_path() {
        let (document, host) = host(r#"<main data-identity-prerendered="/"><p>Posts</p></main>"#);
        assert!(!clear_foreign_prerender(&document, "/"));
        assert_eq!(host.text_content().as_deref(), Some("Posts"));
        assert!(clear_foreign_prerender(&document, "/posts/x"));
        assert_eq!(host.text_content().as_deref(), Some(""));
        host.remove();
    }

    #[wasm_bindgen_test]
    fn a_post_page_is_its_own_and_a_404_page_is_right_anywhere() {
        let (document, host) = host(concat!(
            r#"<main data-identity-prerendered="/posts/hello"><p>Post</p></main>"#,
            r#"<div data-identity-prerendered="*"><p>Not found</p></div>"#,
        ));
        assert!(!clear_foreign_prerender(&document, "/posts/hello"));
        assert!(!clear_foreign_prerender(&document, "/posts/hello/"));
        assert_eq!(host.text_content().as_deref(), Some("PostNot found"));
        assert!(clear_foreign_prerender(&document, "/nope"));
        assert_eq!(host.text_content().as_deref(), Some("Not found"));
        host.remove();
    }

    #[wasm_bindgen_test]
    fn a_frame_for_the_reader_asks_for_stage_two_at_once() {
        let (document, host) = host(r#"<main data-identity-prerendered="/posts/x"></main>"#);
        assert!(!wants_stage_two_now(&document));
        host.set_inner_html(
            r#"<main data-identity-prerendered="/account" data-identity-load="now"></main>"#,
        );
        assert!(wants_stage_two_now(&document));
        host.remove();
    }
}
