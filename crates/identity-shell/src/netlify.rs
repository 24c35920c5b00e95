//! The JS widget's own controls: `<div data-netlify-identity-menu></div>` and
//! `<div data-netlify-identity-button>Sign in</div>`, filled with the markup
//! and classes netlify-identity-widget 2.0 renders (`src/components/controls.tsx`,
//! buttons since its #508), so a page written for it, and its CSS, work unchanged.
//!
//! Stage one is the only source of this markup, before stage two and after: a
//! stage two mounted beside the page (`leptos_identity::mount_beside_page`) answers
//! clicks on these buttons by their classes and tells stage one when its session
//! changes.

use std::rc::Rc;

use identity_core::stage::Visitor;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement};

use crate::page;
use crate::shell::Shell;

/// A menu: "Sign up" and "Log in", or "Logged in as <name>" and "Log out".
pub const MENU_ATTR: &str = "data-netlify-identity-menu";

/// A button: the element's own text, else "Log in" or "Log out".
pub const BUTTON_ATTR: &str = "data-netlify-identity-button";

const LOGGED_OUT: &str = concat!(
    r#"<ul class="netlify-identity-menu">"#,
    r#"<li class="netlify-identity-item"><button type="button" class="netlify-identity-signup">Sign up</button></li>"#,
    r#"<li class="netlify-identity-item"><button type="button" class="netlify-identity-login">Log in</button></li>"#,
    "</ul>",
);

const LOGGED_IN: &str = concat!(
    r#"<ul class="netlify-identity-menu">"#,
    r#"<li class="netlify-identity-item netlify-identity-user-details">Logged in as <span class="netlify-identity-user"></span></li>"#,
    r#"<li class="netlify-identity-item"><button type="button" class="netlify-identity-logout">Log out</button></li>"#,
    "</ul>",
);

const BUTTON: &str = r#"<button type="button" class="netlify-identity-button"></button>"#;

/// The menu's markup for `visitor`, the name left out (it goes in as text).
pub fn menu_html(visitor: Option<&Visitor>) -> &'static str {
    if visitor.is_some() {
        LOGGED_IN
    } else {
        LOGGED_OUT
    }
}

/// The button's label: the element's own text, trimmed, if there was any (it
/// then never changes, as in the JS widget), else "Log in" or "Log out".
pub fn button_label(own: &str, logged_in: bool) -> &str {
    match own.trim() {
        "" if logged_in => "Log out",
        "" => "Log in",
        own => own,
    }
}

/// Stage one on a static page written for the JS widget ([`crate::Beside`]): it renders
/// the page's controls, and goes on rendering them after stage two mounts beside the page.
pub fn beside_the_page(shell: &Rc<Shell>) {
    let controls = Controls::find(shell.document());
    shell.beside_the_page(Box::new(move |visitor| controls.render(visitor)));
}

/// The page's controls, found once when stage one starts, as the JS widget
/// finds them at `init()`: each button keeps the text it had then.
pub struct Controls {
    menus: Vec<Element>,
    buttons: Vec<(Element, String)>,
}

impl Controls {
    pub fn find(document: &Document) -> Self {
        let buttons = page::all(document, &format!("[{BUTTON_ATTR}]:not([{MENU_ATTR}])"))
            .into_iter()
            .map(|element| {
                // The rendered text, as the JS widget's `innerText.trim()`.
                let own = match element.dyn_ref::<HtmlElement>() {
                    Some(html) => html.inner_text(),
                    None => element.text_content().unwrap_or_default(),
                };
                (element, own.trim().to_owned())
            })
            .collect();
        Self {
            menus: page::all(document, &format!("[{MENU_ATTR}]")),
            buttons,
        }
    }

    /// Fills every control for `visitor`. A button stays the same element, so
    /// focus on it survives a login.
    pub fn render(&self, visitor: Option<&Visitor>) {
        for menu in &self.menus {
            menu.set_inner_html(menu_html(visitor));
            if let (Some(visitor), Ok(Some(name))) =
                (visitor, menu.query_selector(".netlify-identity-user"))
            {
                name.set_text_content(Some(&visitor.name));
            }
        }
        for (host, own) in &self.buttons {
            let button = match host.query_selector(":scope > button.netlify-identity-button") {
                Ok(Some(button)) => Some(button),
                _ => {
                    host.set_inner_html(BUTTON);
                    host.first_element_child()
                }
            };
            if let Some(button) = button {
                button.set_text_content(Some(button_label(own, visitor.is_some())));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_buttons_own_text_is_its_label_whoever_is_logged_in() {
        assert_eq!(button_label("  Sign in \n", false), "Sign in");
        assert_eq!(button_label("Sign in", true), "Sign in");
    }

    #[test]
    fn a_button_without_text_says_log_in_or_log_out() {
        assert_eq!(button_label("", false), "Log in");
        assert_eq!(button_label(" \n\t", true), "Log out");
    }

    #[test]
    fn the_menu_has_the_js_widgets_classes_and_words() {
        let out = menu_html(None);
        for part in [
            r#"<ul class="netlify-identity-menu">"#,
            r#"<li class="netlify-identity-item"><button type="button" class="netlify-identity-signup">Sign up</button></li>"#,
            r#"class="netlify-identity-login">Log in</button>"#,
        ] {
            assert!(out.contains(part), "{part} in {out}");
        }
        assert!(!out.contains("logout"));
        let visitor = Visitor {
            name: "Ada".into(),
            roles: vec![],
        };
        let user = menu_html(Some(&visitor));
        for part in [
            r#"<li class="netlify-identity-item netlify-identity-user-details">Logged in as <span class="netlify-identity-user"></span></li>"#,
            r#"class="netlify-identity-logout">Log out</button>"#,
        ] {
            assert!(user.contains(part), "{part} in {user}");
        }
        assert!(!user.contains("login"));
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests {
    use super::*;
    use crate::page::test_host as host;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn fills_the_js_widgets_markup_and_keeps_the_buttons_text() {
        let (document, host) = host(concat!(
            r#"<nav data-netlify-identity-menu></nav>"#,
            r#"<div id="own" data-netlify-identity-button> Sign <b>in</b> </div>"#,
            r#"<div id="plain" data-netlify-identity-button></div>"#,
        ));
        let controls = Controls::find(&document);
        controls.render(None);
        let text = |css: &str| {
            document
                .query_selector(css)
                .unwrap()
                .unwrap()
                .text_content()
                .unwrap()
        };
        assert_eq!(text("[data-netlify-identity-menu]"), "Sign upLog in");
        assert_eq!(text("#own > button.netlify-identity-button"), "Sign in");
        assert_eq!(text("#plain > button.netlify-identity-button"), "Log in");

        let own = document.query_selector("#own > button").unwrap().unwrap();
        let visitor = Visitor {
            name: "<img src=x onerror=alert(1)>".into(),
            roles: vec![],
        };
        controls.render(Some(&visitor));
        assert_eq!(
            text(".netlify-identity-user-details"),
            "Logged in as <img src=x onerror=alert(1)>"
        );
        assert!(document
            .query_selector("[data-netlify-identity-menu] img")
            .unwrap()
            .is_none());
        assert_eq!(text("#own > button"), "Sign in");
        assert_eq!(text("#plain > button"), "Log out");
        // The same button: focus on it outlives the login.
        let after = document.query_selector("#own > button").unwrap().unwrap();
        assert!(own.is_same_node(Some(&after)));
        host.remove();
    }
}
